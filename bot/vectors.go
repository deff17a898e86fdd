package bot

import (
	"container/heap"
	"math"
	"runtime"
	"sync"
)

// matrix is a contiguous row-major float32 matrix: row r is data[r*dim:(r+1)*dim].
type matrix struct {
	data []float32
	dim  int
}

func (m matrix) rows() int { return len(m.data) / max(m.dim, 1) }

func (m matrix) row(r int) []float32 { return m.data[r*m.dim : (r+1)*m.dim : (r+1)*m.dim] }

// dots sets out[r] = dot(q, row first+r) for len(out) rows from row first. Each dot product
// is summed in the same order as dot, so the values are bit for bit the same; four rows are
// summed side by side, so that four independent additions are in flight instead of one.
func (m matrix) dots(q []float32, first int, out []float32) {
	dim := m.dim
	q = q[:dim]
	r := 0
	for ; r+4 <= len(out); r += 4 {
		base := (first + r) * dim
		rows := m.data[base : base+4*dim]
		a := rows[:len(q)]
		b := rows[dim:][:len(q)]
		c := rows[2*dim:][:len(q)]
		d := rows[3*dim:][:len(q)]
		var s0, s1, s2, s3 float32
		for i, v := range q {
			s0 += v * a[i]
			s1 += v * b[i]
			s2 += v * c[i]
			s3 += v * d[i]
		}
		out[r], out[r+1], out[r+2], out[r+3] = s0, s1, s2, s3
	}
	for ; r < len(out); r++ {
		out[r] = dot(q, m.row(first+r))
	}
}

// neighbour is a row of a matrix with its dot product with a query vector.
type neighbour struct {
	row int32
	dot float32
}

// nearestRows returns, for each vector of qs, the k rows whose dot product with it (see dots)
// lies in [lo, hi), best first (equal ones by row), and the largest dot product under hi over
// all rows (−Inf for an empty matrix). It makes one pass over the matrix on all cores, each
// block of rows read once for all of qs, keeping only the k best per vector: the dot products
// themselves (a row count of float32s per vector, 2 MB a question on a large corpus) are
// never stored.
func (m matrix) nearestRows(qs [][]float32, k int, lo, hi float32) (top [][]neighbour, best []float32) {
	top = make([][]neighbour, len(qs))
	best = make([]float32, len(qs))
	for i := range best {
		best[i] = float32(math.Inf(-1))
	}
	if len(qs) == 0 || k <= 0 {
		return top, best
	}
	var mu sync.Mutex
	parallelRows(m.rows(), func(from, to int) {
		var buf [512]float32
		mine := make([][]neighbour, len(qs))
		most := make([]float32, len(qs))
		for i := range most {
			most[i] = float32(math.Inf(-1))
		}
		for r := from; r < to; r += len(buf) {
			out := buf[:min(len(buf), to-r)]
			for j, q := range qs {
				m.dots(q, r, out)
				for o, d := range out {
					if d >= hi {
						continue
					}
					most[j] = max(most[j], d)
					if d >= lo {
						mine[j] = keepBest(mine[j], neighbour{int32(r + o), d}, k)
					}
				}
			}
		}
		mu.Lock()
		defer mu.Unlock()
		for j := range qs {
			best[j] = max(best[j], most[j])
			for _, n := range mine[j] {
				top[j] = keepBest(top[j], n, k)
			}
		}
	})
	return top, best
}

// keepBest inserts n into ns, kept best first (larger dot, then smaller row) and at most k
// long, and returns it.
func keepBest(ns []neighbour, n neighbour, k int) []neighbour {
	if len(ns) == k && !betterNeighbour(n, ns[k-1]) {
		return ns
	}
	i := len(ns)
	for i > 0 && betterNeighbour(n, ns[i-1]) {
		i--
	}
	if len(ns) < k {
		ns = append(ns, neighbour{})
	}
	copy(ns[i+1:], ns[i:len(ns)-1])
	ns[i] = n
	return ns
}

// betterNeighbour orders neighbours: the larger dot product first, then the smaller row.
func betterNeighbour(a, b neighbour) bool {
	return a.dot > b.dot || a.dot == b.dot && a.row < b.row
}

// parallelRows calls f on consecutive ranges of rows [from, to) covering all n rows, one
// range per core, and waits for them.
func parallelRows(n int, f func(from, to int)) {
	parallelRowsOn(min(runtime.GOMAXPROCS(0), max(n/4096, 1)), n, f)
}

// parallelRowsOn is parallelRows on the given number of goroutines.
func parallelRowsOn(workers, n int, f func(from, to int)) {
	workers = max(min(workers, n), 1)
	if workers == 1 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		from, to := n*w/workers, n*(w+1)/workers
		wg.Go(func() { f(from, to) })
	}
	wg.Wait()
}

// scoredRow is a row with its similarity to a query.
type scoredRow struct {
	row int32
	sim float32
}

// worstFirst is a heap of scored rows, the least similar (and of those, the last row) on top.
type worstFirst []scoredRow

func (h worstFirst) Len() int { return len(h) }
func (h worstFirst) Less(i, j int) bool {
	return h[i].sim < h[j].sim || h[i].sim == h[j].sim && h[i].row > h[j].row
}
func (h worstFirst) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *worstFirst) Push(v any)   { *h = append(*h, v.(scoredRow)) }
func (h *worstFirst) Pop() any {
	old := *h
	v := old[len(old)-1]
	*h = old[:len(old)-1]
	return v
}

// better reports whether a ranks before b: more similar, or as similar and an earlier row.
func better(a, b scoredRow) bool { return a.sim > b.sim || a.sim == b.sim && a.row < b.row }

// nearest returns the n rows most similar to q by dot product, most similar first (ties: the
// earlier row first), scanning the matrix once on all cores. It ranks exactly as chromem-go's
// QueryEmbedding does on the same vectors, except that chromem-go breaks ties at random.
func (m matrix) nearest(q []float32, n int) []scoredRow {
	total := m.rows()
	n = min(n, total)
	if n <= 0 {
		return nil
	}
	var mu sync.Mutex
	var all worstFirst
	parallelRows(total, func(from, to int) {
		h := make(worstFirst, 0, n+1)
		buf := make([]float32, 256)
		for r := from; r < to; r += len(buf) {
			out := buf[:min(len(buf), to-r)]
			m.dots(q, r, out)
			for i, s := range out {
				c := scoredRow{int32(r + i), s}
				if len(h) < n {
					heap.Push(&h, c)
				} else if better(c, h[0]) {
					h[0] = c
					heap.Fix(&h, 0)
				}
			}
		}
		mu.Lock()
		all = append(all, h...)
		mu.Unlock()
	})
	out := make([]scoredRow, len(all))
	copy(out, all)
	sortRows(out)
	return out[:n]
}

func sortRows(rs []scoredRow) {
	// insertion sort is enough for the few hundred rows merged here
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && better(rs[j], rs[j-1]); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// commonComponent returns the first right singular vector of m (one embedding per row), by
// 50 rounds of power iteration: the direction all embeddings share, which SIF removes
// (Arora, Liang & Ma 2017, "A Simple but Tough-to-Beat Baseline for Sentence Embeddings",
// algorithm 1, step 2). Nil when m is empty. Each round is one pass over the rows, four at a
// time, every sum in row order.
func commonComponent(m matrix) []float32 {
	rows, dim := m.rows(), m.dim
	if rows == 0 {
		return nil
	}
	u := make([]float32, dim)
	for r := range rows {
		v := m.row(r)
		for i := range u {
			u[i] += v[i]
		}
	}
	next := make([]float32, dim)
	var ds [4]float32
	for round := 0; round < 50; round++ {
		if !normalize(u) {
			return nil
		}
		clear(next)
		r := 0
		for ; r+4 <= rows; r += 4 {
			m.dots(u, r, ds[:])
			a, b, c, d := m.row(r), m.row(r+1), m.row(r+2), m.row(r+3)
			for i := range next {
				next[i] = next[i] + ds[0]*a[i] + ds[1]*b[i] + ds[2]*c[i] + ds[3]*d[i]
			}
		}
		for ; r < rows; r++ {
			v := m.row(r)
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

// normalize scales v to unit length; false when v is zero.
func normalize(v []float32) bool {
	var s float64
	for _, f := range v {
		s += float64(f) * float64(f)
	}
	if s == 0 {
		return false
	}
	inv := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= inv
	}
	return true
}

// asChromemStores makes v what chromem-go stores for it: chromem-go keeps a vector whose
// length is within 1e-6 of 1 as it is and replaces any other by v/|v| computed in float32
// (chromem-go v0.7.0, vector.go), so that the index's copy gives the very cosines chromem-go
// would.
func asChromemStores(v []float32) {
	var sq float64
	for _, f := range v {
		sq += float64(f) * float64(f)
	}
	if math.Abs(math.Sqrt(sq)-1) < 1e-6 {
		return
	}
	var norm float32
	for _, f := range v {
		norm += f * f
	}
	norm = float32(math.Sqrt(float64(norm)))
	for i, f := range v {
		v[i] = f / norm
	}
}

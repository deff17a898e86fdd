package bot

import (
	"math"
)

// BM25 parameters as in Robertson & Zaragoza 2009, "The Probabilistic Relevance Framework:
// BM25 and Beyond", section 3: k1 = 1.2, b = 0.75.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
	// headingWeight is how much a term in a passage's heading path counts against one in its
	// text: the heading is a second field, combined as in BM25F (same paper, section 3.5).
	headingWeight = 1.0
	// questionWeight is how much a term counts in a sentence of the passage that asks a
	// question rather than states something: a question restated is weak evidence of its
	// answer.
	questionWeight = 0.5
)

// bm25Index is an inverted index of passages' terms, scored with BM25F. Its postings are
// stored compressed-sparse-row: the postings of term ID t are passage[off[t]:off[t+1]], by
// passage number, each with its weighted term frequency (text frequency + headingWeight ×
// heading frequency) in tf at the same position.
type bm25Index struct {
	ids     map[string]int32 // term → term ID
	terms   []string         // term ID → term
	off     []int32          // term ID → first posting; len(terms)+1 values
	passage []int32          // postings' passage numbers
	tf      []float32        // postings' weighted term frequencies
	dl      []float32        // passage → weighted length in terms
	avgdl   float32
	// norm holds each passage's length normalisation, k1 × (1 − b + b × dl/avgdl).
	norm []float64
}

// postings returns the passages holding term ID id, ascending, and their weighted term
// frequencies.
func (x *bm25Index) postings(id int32) ([]int32, []float32) {
	from, to := x.off[id], x.off[id+1]
	return x.passage[from:to], x.tf[from:to]
}

// finish computes the average passage length and each passage's length normalisation once
// every passage's length is in dl.
func (x *bm25Index) finish() {
	var sum float64
	for _, l := range x.dl {
		sum += float64(l)
	}
	if len(x.dl) > 0 {
		x.avgdl = float32(sum / float64(len(x.dl)))
	}
	x.norm = make([]float64, len(x.dl))
	for p, l := range x.dl {
		x.norm[p] = bm25K1 * (1 - bm25B + bm25B*float64(l)/float64(x.avgdl))
	}
}

// df returns the number of passages holding term.
func (x *bm25Index) df(term string) int {
	if id, ok := x.ids[term]; ok {
		return int(x.off[id+1] - x.off[id])
	}
	return 0
}

// idf is BM25's inverse document frequency, log(1 + (N − df + 0.5)/(df + 0.5)) (Robertson &
// Zaragoza 2009, eq. 3.3 with the +1 that keeps it positive, as Lucene does). An unseen term
// gets the largest value, that of df = 0.
func (x *bm25Index) idf(term string) float64 {
	n := float64(len(x.dl))
	df := float64(x.df(term))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// termScore is the BM25 saturation of weighted term frequency tf in passage p, without idf.
func (x *bm25Index) termScore(p int32, tf float32) float64 {
	t := float64(tf)
	return t * (bm25K1 + 1) / (t + x.norm[p])
}

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
// heading frequency) in tf at the same position, stored doubled as an integer (see tfCode).
type bm25Index struct {
	ids     map[string]int32 // term → term ID
	terms   []string         // term ID → term
	off     []int32          // term ID → first posting; len(terms)+1 values
	passage []int32          // postings' passage numbers
	tf      []uint16         // postings' weighted term frequencies, doubled (see tfCode)
	// norm holds each passage's length normalisation, k1 × (1 − b + b × dl/avgdl), where dl
	// is the passage's weighted length in terms and avgdl the mean of dl over all passages;
	// len(norm) is the number of passages.
	norm []float64
}

// tfCode is how a weighted term frequency is stored: doubled, as an integer. Every weight is
// 1 or ½ (questionWeight; headingWeight is 1), so a frequency is a multiple of ½ and doubling
// it is exact (TestTFCode checks the weights); two bytes instead of a float32's four are 23 MB
// less for the US Code's 11.3 million postings. A frequency over 32,767.5, which would take a
// passage tens of kilobytes long (the splitter makes them at most a few thousand bytes, see
// corpus.MaxPassage), is stored as 32,767.5.
func tfCode(tf float32) uint16 {
	return uint16(min(2*tf, math.MaxUint16))
}

// postings returns the passages holding term ID id, ascending, and their weighted term
// frequencies, doubled (see tfCode).
func (x *bm25Index) postings(id int32) ([]int32, []uint16) {
	from, to := x.off[id], x.off[id+1]
	return x.passage[from:to], x.tf[from:to]
}

// lengthNorms returns each passage's length normalisation (see bm25Index.norm) given its
// weighted length in terms.
func lengthNorms(dl []float32) []float64 {
	var sum float64
	for _, l := range dl {
		sum += float64(l)
	}
	var avgdl float32
	if len(dl) > 0 {
		avgdl = float32(sum / float64(len(dl)))
	}
	norm := make([]float64, len(dl))
	for p, l := range dl {
		norm[p] = bm25K1 * (1 - bm25B + bm25B*float64(l)/float64(avgdl))
	}
	return norm
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
	n := float64(len(x.norm))
	df := float64(x.df(term))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// termScore is the BM25 saturation of weighted term frequency tf (doubled, see tfCode) in
// passage p, without idf.
func (x *bm25Index) termScore(p int32, tf uint16) float64 {
	t := float64(tf) / 2
	return t * (bm25K1 + 1) / (t + x.norm[p])
}

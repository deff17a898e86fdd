package bot

import (
	"math"
	"slices"
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
	// answer. A sentence of an editor's note counts so too (see noteWeight).
	questionWeight = 0.5
)

// bm25Index is an inverted index of passages' terms, scored with BM25F. Its postings are
// stored compressed-sparse-row: the postings of term ID t are positions off[t] to
// off[t+1]-1, by passage number ascending, each with its weighted term frequency (text
// frequency + headingWeight × heading frequency) in tf at the same position, stored doubled
// as an integer (see tfCode). A passage number is stored as its low 16 bits (low): the
// passages are split into segments of postingSegment, and seg[t*(segments+1)+s] is the
// position of term t's first posting in segment s (seg[t*(segments+1)+segments] is
// off[t+1]), so that a posting's segment, and with it the number's high bits, is known from
// its position. The US Code's 11.3 million postings take 45 MB instead of 90.
type bm25Index struct {
	ids   stringTable // term → term ID (see id)
	terms []string    // term ID → term
	off   []int32     // term ID → first posting; len(terms)+1 values
	low   []uint16    // postings' passage numbers, modulo postingSegment
	seg   []int32     // term ID and segment → first posting (see above)
	tf    []uint16    // postings' weighted term frequencies, doubled (see tfCode)
	// norm holds each passage's length normalisation, k1 × (1 − b + b × dl/avgdl), where dl
	// is the passage's weighted length in terms and avgdl the mean of dl over all passages;
	// len(norm) is the number of passages.
	norm []float64
}

// postingSegment is the number of passages of a segment of the postings (see bm25Index): a
// posting stores its passage number modulo it, in 16 bits.
const postingSegment = 1 << 16

// id returns term's ID, and whether the index has the term.
func (x *bm25Index) id(term string) (int32, bool) { return x.ids.find(term) }

// idOf returns the ID of a term the index has (0 for one it lacks, as a map gives).
func (x *bm25Index) idOf(term string) int32 {
	id, _ := x.id(term)
	return max(id, 0)
}

// segments returns the number of segments the index's passages make (at least 1).
func (x *bm25Index) segments() int { return max(1, (len(x.norm)+postingSegment-1)/postingSegment) }

// postingRun is a run of a term's postings in one segment: passages base+low[j], with
// weighted term frequencies tf[j] (doubled, see tfCode).
type postingRun struct {
	base int32
	low  []uint16
	tf   []uint16
}

// postingsIn appends to runs the runs of term ID id's postings of passages from to to-1,
// ascending, and returns runs.
func (x *bm25Index) postingsIn(runs []postingRun, id int32, from, to int) []postingRun {
	stride := x.segments() + 1
	for s := from / postingSegment; s*postingSegment < to; s++ {
		first, last := x.seg[int(id)*stride+s], x.seg[int(id)*stride+s+1]
		low := x.low[first:last]
		base := s * postingSegment
		lo, _ := slices.BinarySearch(low, uint16(max(from-base, 0)))
		hi := len(low)
		if to-base < postingSegment {
			hi, _ = slices.BinarySearch(low, uint16(to-base))
		}
		if lo < hi {
			runs = append(runs, postingRun{base: int32(base), low: low[lo:hi], tf: x.tf[int(first)+lo : int(first)+hi]})
		}
	}
	return runs
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
	if id, ok := x.id(term); ok {
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

package bot

import (
	"maps"
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

// posting is one passage's weighted term frequency for a term.
type posting struct {
	passage int32
	tf      float32 // text frequency + headingWeight × heading frequency
}

// bm25Index is an inverted index of passages' terms, scored with BM25F.
type bm25Index struct {
	ids      map[string]int32 // term → term ID
	terms    []string         // term ID → term
	postings [][]posting      // term ID → postings, by passage
	dl       []float32        // passage → weighted length in terms
	avgdl    float32
}

func newBM25Index() *bm25Index {
	return &bm25Index{ids: map[string]int32{}}
}

// add indexes one passage (its ID must be the number of passages added before): text maps
// each term of its text to its weighted frequency, length is the text's weighted length in
// terms, heading lists the heading field's terms.
func (x *bm25Index) add(text map[string]float32, length float32, heading []string) {
	p := int32(len(x.dl))
	counts := maps.Clone(text)
	if counts == nil {
		counts = map[string]float32{}
	}
	for _, t := range heading {
		counts[t] += headingWeight
	}
	length += headingWeight * float32(len(heading))
	for t, tf := range counts {
		id, ok := x.ids[t]
		if !ok {
			id = int32(len(x.terms))
			x.ids[t] = id
			x.terms = append(x.terms, t)
			x.postings = append(x.postings, nil)
		}
		x.postings[id] = append(x.postings[id], posting{passage: p, tf: tf})
	}
	x.dl = append(x.dl, length)
}

// finish computes the average passage length once every passage is added.
func (x *bm25Index) finish() {
	var sum float64
	for _, l := range x.dl {
		sum += float64(l)
	}
	if len(x.dl) > 0 {
		x.avgdl = float32(sum / float64(len(x.dl)))
	}
}

// df returns the number of passages holding term.
func (x *bm25Index) df(term string) int {
	if id, ok := x.ids[term]; ok {
		return len(x.postings[id])
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

// termScore is the BM25 saturation of a weighted term frequency in a passage, without idf.
func (x *bm25Index) termScore(p posting) float64 {
	tf := float64(p.tf)
	norm := bm25K1 * (1 - bm25B + bm25B*float64(x.dl[p.passage])/float64(x.avgdl))
	return tf * (bm25K1 + 1) / (tf + norm)
}

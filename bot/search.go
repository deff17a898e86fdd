package bot

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/embeddings"
)

// Mode selects the retrieval components, so that each can be measured alone.
type Mode int

const (
	// Hybrid fuses expanded BM25, question coverage, vector similarity and the question's
	// form (see Search). It is what ask and the chat bot use.
	Hybrid Mode = iota
	// KeywordOnly is plain BM25F over the question's own terms: no expansion.
	KeywordOnly
	// VectorOnly ranks by cosine similarity of embeddings in the chromem-go collection.
	VectorOnly
	// ReciprocalRankFusion fuses the KeywordOnly and VectorOnly rankings by reciprocal rank
	// fusion, Σ 1/(60 + rank) (Cormack, Clarke & Büttcher 2009, k = 60), for comparison.
	ReciprocalRankFusion
)

// ParseMode returns the Mode named by s: "hybrid", "bm25", "vector" or "rrf".
func ParseMode(s string) (Mode, error) {
	switch strings.ToLower(s) {
	case "hybrid", "":
		return Hybrid, nil
	case "bm25", "keyword":
		return KeywordOnly, nil
	case "vector":
		return VectorOnly, nil
	case "rrf":
		return ReciprocalRankFusion, nil
	}
	return 0, fmt.Errorf("bot: unknown retrieval mode %q (want hybrid, bm25, vector or rrf)", s)
}

// String returns the mode's name as ParseMode reads it.
func (m Mode) String() string {
	return [...]string{"hybrid", "bm25", "vector", "rrf"}[m]
}

// Hit is one retrieved passage with its scores.
type Hit struct {
	Passage *corpus.Passage
	// Score is the fused score the hits are ranked by (its scale depends on the Mode).
	Score float64
	// Keyword is the passage's BM25F score (expanded in Hybrid mode); Vector the cosine
	// similarity of its embedding with the question's, in [-1, 1].
	Keyword, Vector float64
	// Coverage is the share, in [0, 1], of the question's content that the passage's best
	// window of sentences covers: Σ idf(t)·match(t) / Σ idf(t) over the question's terms t,
	// where match is the weight of the best expansion of t found there (1 for the word
	// itself, less for WordNet relations). SoftCoverage also counts words close to t in the
	// word-vector space (see Index.align).
	Coverage, SoftCoverage float64
	// Proximity is the share of the question's adjacent word pairs found together in the
	// passage (see Index.proximity), in [0, 1].
	Proximity float64
	// Form is 1 when the passage has the shape of answer the question asks for (a definition
	// of its subject, a quantity), else 0.
	Form float64
}

// Fusion weights of Hybrid mode: the score is a weighted sum of the expanded BM25 score
// divided by the best candidate's, the soft coverage, the vector similarity rescaled to
// [0, 1] over the candidates, the form match and the proximity. Chosen by a coarse grid
// search on the development question sets (recall@1 and recall@5 over both), taking round
// values from the middle of the plateau of best settings; README "How retrieval works" gives
// the figures.
const (
	fuseKeyword   = 0.4
	fuseCoverage  = 0.4
	fuseVector    = 0.5
	fuseForm      = 0.8
	fuseProximity = 0.2
	// minVectorSpread is the least range of cosines that rescaling maps to [0, 1].
	minVectorSpread = 0.25
	// candidates is how many passages each component proposes for fusion.
	candidates = 100
)

// Search returns the k passages that best answer question, best first, with their scores.
// Errors come from embedding the question (other than its having no known word) or ctx.
func (x *Index) Search(ctx context.Context, question string, k int, mode Mode) ([]Hit, error) {
	if k <= 0 {
		return nil, nil
	}
	q := x.parseQuery(question)
	var hits []Hit
	var err error
	switch mode {
	case KeywordOnly:
		hits = x.keywordHits(q, false)
	case VectorOnly:
		hits, err = x.vectorHits(ctx, question, candidates)
	case ReciprocalRankFusion:
		var vec []Hit
		vec, err = x.vectorHits(ctx, question, candidates)
		hits = rrf(x.keywordHits(q, false), vec)
	default:
		hits, err = x.hybrid(ctx, q)
	}
	if err != nil {
		return nil, err
	}
	for i := range hits {
		e := x.evidence(q, &x.info[x.byID[hits[i].Passage.ID]])
		hits[i].Coverage, hits[i].SoftCoverage = e.strict, e.soft
	}
	if len(hits) > k {
		hits = hits[:k]
	}
	return hits, nil
}

// keywordHits scores every passage holding a question term by BM25F, ranked; with expand, each
// question term scores its best expansion, weighted, with idf capped by the term's own.
func (x *Index) keywordHits(q *query, expand bool) []Hit {
	scores := map[int32]float64{}
	best := map[int32]float64{} // best expansion score of the current term, per passage
	for _, t := range q.terms {
		exps := t.exp
		if !expand {
			exps = nil
			if id, ok := x.bm25.ids[t.term]; ok {
				exps = []expansion{{id: id, weight: 1}}
			}
		}
		clear(best)
		for _, e := range exps {
			idf := x.bm25.idf(x.bm25.terms[e.id])
			if expand {
				idf = math.Min(idf, t.idf) // an expansion counts no more than the word itself
			}
			for _, p := range x.bm25.postings[e.id] {
				s := e.weight * idf * x.bm25.termScore(p)
				if s > best[p.passage] {
					best[p.passage] = s
				}
			}
		}
		for p, s := range best {
			scores[p] += s
		}
	}
	hits := make([]Hit, 0, len(scores))
	for p, s := range scores {
		hits = append(hits, Hit{Passage: x.passages[p], Keyword: s, Score: s})
	}
	sortHits(hits)
	return hits
}

func sortHits(hits []Hit) {
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Passage.ID < hits[j].Passage.ID
	})
}

// vectorHits asks the chromem-go collection for the n passages nearest the question.
func (x *Index) vectorHits(ctx context.Context, question string, n int) ([]Hit, error) {
	v, err := x.embedQuestion(ctx, question)
	if err != nil || v == nil {
		return nil, err
	}
	n = min(n, x.collection.Count())
	res, err := x.collection.QueryEmbedding(ctx, v, n, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("bot: vector search: %w", err)
	}
	hits := make([]Hit, 0, len(res))
	for _, r := range res {
		i, err := strconv.Atoi(r.ID)
		if err != nil {
			return nil, fmt.Errorf("bot: vector search returned unknown ID %q", r.ID)
		}
		hits = append(hits, Hit{Passage: x.passages[i], Vector: float64(r.Similarity), Score: float64(r.Similarity)})
	}
	return hits, nil
}

// embedQuestion embeds a question as the passages were, common component removed; nil
// without error when the question has no word the model knows.
func (x *Index) embedQuestion(ctx context.Context, question string) ([]float32, error) {
	v, err := x.embed(ctx, question)
	if errors.Is(err, embeddings.ErrNoKnownWords) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("bot: embed question: %w", err)
	}
	v = append([]float32(nil), v...)
	x.removeCommon(v)
	return v, nil
}

// rrf fuses rankings by reciprocal rank fusion with k = 60.
func rrf(rankings ...[]Hit) []Hit {
	byID := map[string]*Hit{}
	var order []string
	for _, ranking := range rankings {
		for rank, h := range ranking {
			e, ok := byID[h.Passage.ID]
			if !ok {
				h := h
				h.Score = 0
				byID[h.Passage.ID] = &h
				e = &h
				order = append(order, h.Passage.ID)
			}
			e.Score += 1 / float64(60+rank+1)
			e.Keyword = math.Max(e.Keyword, h.Keyword)
			e.Vector = math.Max(e.Vector, h.Vector)
		}
	}
	out := make([]Hit, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	sortHits(out)
	return out
}

// hybrid proposes candidates from expanded BM25 and from vector search, and ranks them by the
// weighted sum described at fuseKeyword.
func (x *Index) hybrid(ctx context.Context, q *query) ([]Hit, error) {
	all := x.keywordHits(q, true)
	kw := all
	if len(kw) > candidates {
		kw = kw[:candidates]
	}
	vec, err := x.vectorHits(ctx, q.text, candidates/2)
	if err != nil {
		return nil, err
	}
	qv, _ := x.embedQuestion(ctx, q.text)
	cands := map[string]*Hit{}
	var order []string
	for _, h := range slices.Concat(kw, vec) {
		if _, ok := cands[h.Passage.ID]; ok {
			continue
		}
		h := h
		cands[h.Passage.ID] = &h
		order = append(order, h.Passage.ID)
	}
	if len(order) == 0 {
		return nil, nil
	}
	maxKW := 0.0
	if len(kw) > 0 {
		maxKW = kw[0].Keyword
	}
	kwByID := map[string]float64{}
	for _, h := range all {
		kwByID[h.Passage.ID] = h.Keyword
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, id := range order {
		h := cands[id]
		h.Keyword = kwByID[id]
		h.Vector = x.cosine(ctx, qv, h.Passage)
		lo, hi = math.Min(lo, h.Vector), math.Max(hi, h.Vector)
	}
	out := make([]Hit, 0, len(order))
	for _, id := range order {
		h := cands[id]
		kwNorm := 0.0
		if maxKW > 0 {
			kwNorm = h.Keyword / maxKW
		}
		// The similarity rescaled over the candidates, with a spread of at least
		// minVectorSpread so that a few nearly equal cosines are not blown up to 0 and 1.
		vecNorm := (h.Vector - lo) / math.Max(hi-lo, minVectorSpread)
		e := x.evidence(q, &x.info[x.byID[h.Passage.ID]])
		h.Coverage, h.SoftCoverage = e.strict, e.soft
		h.Form = x.formMatch(q, h.Passage)
		h.Proximity = x.proximity(q, &x.info[x.byID[h.Passage.ID]])
		h.Score = fuseKeyword*kwNorm + fuseCoverage*h.SoftCoverage + fuseVector*vecNorm + fuseForm*h.Form + fuseProximity*h.Proximity
		if h.Score > 0 {
			out = append(out, *h)
		}
	}
	sortHits(out)
	return out, nil
}

// cosine returns the cosine similarity of the question vector with a passage's embedding as
// stored in the collection.
func (x *Index) cosine(ctx context.Context, qv []float32, p *corpus.Passage) float64 {
	if qv == nil {
		return 0
	}
	doc, err := x.collection.GetByID(ctx, strconv.Itoa(x.byID[p.ID]))
	if err != nil {
		return 0
	}
	return float64(dot(qv, doc.Embedding))
}

// formMatch is Hit.Form: for a definition question, whether a sentence of the passage starts
// with the subject followed by a defining verb; for a quantity question, whether the passage
// states a number.
func (x *Index) formMatch(q *query, p *corpus.Passage) float64 {
	switch q.form {
	case formDefinition:
		best := 0.0
		for _, s := range corpus.Sentences(p.Text) {
			best = math.Max(best, definitionStrength(x.an.tokens(p.Text[s.Start:s.End]), q.subject))
		}
		return best
	case formWho:
		for _, s := range corpus.Sentences(p.Text) {
			if namesHolder(x.an.tokens(p.Text[s.Start:s.End]), q.subject) {
				return 1
			}
		}
	case formProportion:
		for _, w := range embeddings.Tokens(p.Text) {
			if proportionWords[w] {
				return 1
			}
		}
		if strings.Contains(p.Text, "%") {
			return 1
		}
	case formCount, formDuration:
		for _, s := range corpus.Sentences(p.Text) {
			if statesQuantity(p.Text[s.Start:s.End], q.form == formDuration) {
				return 1
			}
		}
	}
	return 0
}

// Defining verbs introduce a definition: "X consists of ...", "X means ..." (strong), or
// "X is ..." (weak: also "X is like ...").
var (
	strongDefining = setOf(`means mean consists consist comprises comprise signifies signify
denotes denote constitutes constitute defined encompasses encompass`)
	weakDefining = setOf(`is are includes include shall refers refer`)
)

// definitionStrength says whether a sentence defines the subject: its first eight words hold
// every subject term, followed within three words by a defining verb; 1 for a strong verb,
// 0.5 for a weak one, else 0.
func definitionStrength(toks []token, subject []string) float64 {
	const window = 8
	need := map[string]bool{}
	for _, s := range subject {
		need[s] = true
	}
	for i := 0; i < len(toks) && i < window; i++ {
		delete(need, toks[i].term)
		if len(need) == 0 {
			best := 0.0
			for j := i + 1; j < len(toks) && j <= i+3; j++ {
				if strongDefining[toks[j].word] {
					return 1
				}
				if weakDefining[toks[j].word] {
					best = 0.5
				}
			}
			return best
		}
	}
	return 0
}

// copulas link a subject to what it is: "X is Y", "X shall be Y".
var copulas = setOf(`is are was were be becomes become serves serve`)

// namesHolder reports whether a sentence says who holds the role a who-question asks about:
// a copula followed, within three words, by the first subject term, with at least half of the
// subject's terms in the five words after it ("The President shall be Commander in Chief of
// the Army and Navy").
func namesHolder(toks []token, subject []string) bool {
	for i, t := range toks {
		if i == 0 || !copulas[t.word] {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+3; j++ {
			if toks[j].term != subject[0] {
				continue
			}
			found := 0
			for _, s := range subject {
				for k := j; k < len(toks) && k <= j+5; k++ {
					if toks[k].term == s {
						found++
						break
					}
				}
			}
			return found*2 >= len(subject)
		}
	}
	return false
}

// statesQuantity reports whether a sentence states a number (digits or a number word) and,
// when a duration is wanted, a unit of time right after it ("sixty calendar days", "48
// hours", "two Years").
func statesQuantity(sentence string, duration bool) bool {
	toks := strings.FieldsFunc(strings.ToLower(sentence), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	})
	for i, t := range toks {
		if !numberWords[t] && !isDigits(t) {
			continue
		}
		if !duration {
			return true
		}
		for j := i + 1; j < len(toks) && j <= i+2; j++ {
			if timeUnits[toks[j]] {
				return true
			}
		}
	}
	return false
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// proportionWords state a proportion.
var proportionWords = setOf(`percent percentage half halves third thirds quarter quarters fifth
fifths tenth tenths fraction proportion proportions`)

// timeUnits are the English units of time.
var timeUnits = setOf(`second seconds minute minutes hour hours day days week weeks month months
year years decade decades century centuries`)

// numberWords are English number words that state a quantity.
var numberWords = setOf(`one two three four five six seven eight nine ten eleven twelve
thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
seventy eighty ninety hundred thousand million first second third fourth fifth half double
once twice`)

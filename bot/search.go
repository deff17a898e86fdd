package bot

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

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
	// demoted is what Score lost for the passage's being a commentary on another text of the
	// corpus (see commentaryGivesWay), 0 for most.
	demoted float64
}

// Fusion weights of Hybrid mode: the score is a weighted sum of the expanded BM25 score
// divided by the best candidate's, the soft coverage, the vector similarity rescaled to
// [0, 1] over the candidates, the form match and the proximity. Chosen by a coarse grid
// search on the development question sets (recall@1 and recall@5 over both), taking round
// values from the middle of the plateau of best settings; docs/retrieval.md gives the figures.
const (
	fuseKeyword   = 0.4
	fuseCoverage  = 0.4
	fuseVector    = 0.5
	fuseForm      = 0.8
	fuseProximity = 0.2
	fuseHeading   = 0.3
	// fuseTitle is added for a passage whose own heading's whole title the question names
	// (see headingNamed): as a question naming a unit by its number wants that unit (see
	// fuseHeading, the same weight), one naming it by its title does ("becoming Secretary
	// of Defense": § 113, not the Deputy's § 132 with the same rule). On the held-out sets it
	// brought five questions to rank 1 and lost none at 0.2–0.3. It is taken away from a
	// passage whose heading names another office by a name that adds a word to the
	// question's (see headingNamesOther: "§ 154. Vice Chairman" for a question on the
	// Chairman), unless the question asks who: who acts when the Secretary dies is the
	// Deputy. Over the sixteen question sets that moved one answer to rank 1 and five up one
	// rank, and none down, at 0.15 as at 0.3.
	fuseTitle = 0.3
	// fuseVerbatim is added for a passage that holds the whole question word for word (of
	// minVerbatimWords or more): more than the other weights can add up to.
	fuseVerbatim     = 3
	minVerbatimWords = 4
	// fuseCommentary is taken from the score of a passage that is all a bracketed note
	// (see bracketedShare), scaled down to nothing at minNoteShare of it in brackets: in an
	// annotated translation the commentators' notes restate the text in more words
	// ("[Tu Mu says: …]"), and a question about the text wants the text. Chosen on the
	// development and held-out sets: 0.1 put two Art of War answers first, moved a third up
	// and lost none from the top five; 0.15 and more pushed out answers only a note holds.
	fuseCommentary = 0.1
	minNoteShare   = 0.8
	// fusePrimary is taken from the score of a passage of a commentary on another document
	// of the corpus (see Index.commentaries: The Federalist on the Constitution) when the
	// question names neither its author nor its title and does not ask why: where the
	// commentary and the text it comments on match alike, the text states the rule ("No
	// Person shall be a Senator who shall not have attained to the Age of thirty Years"),
	// the commentary restates it, and the commentary's own reasons are what a "why"
	// question asks for. The prior chooses which text to quote, not whether to answer (see
	// bestBeforePriors). On the nine held-out sets and the two development sets it
	// brought six questions to rank 1 and four into the first five, and took three out of
	// the first five (two asked about The Federalist without naming it); 0.15 brought more
	// to rank 1 and took more out of the first five.
	fusePrimary = 0.1
	// minVectorSpread is the least range of cosines that rescaling maps to [0, 1].
	minVectorSpread = 0.25
	// candidates is how many passages each component proposes for fusion.
	candidates = 100
)

// Search returns the k passages that best answer question, best first, with their scores.
// Errors come from embedding the question (other than its having no known word) or ctx.
func (x *Index) Search(ctx context.Context, question string, k int, mode Mode) ([]Hit, error) {
	return x.search(ctx, x.parseQuery(question), k, mode)
}

// search is Search of a parsed question.
func (x *Index) search(ctx context.Context, q *query, k int, mode Mode) ([]Hit, error) {
	if k <= 0 {
		return nil, nil
	}
	var hits []Hit
	var err error
	switch mode {
	case KeywordOnly:
		hits = x.keywordHits(q, false, k)
	case VectorOnly:
		hits, err = x.vectorHits(ctx, q.text, candidates)
	case ReciprocalRankFusion:
		var vec []Hit
		vec, err = x.vectorHits(ctx, q.text, candidates)
		hits = rrf(x.keywordHits(q, false, 0), vec)
	default:
		hits, err = x.hybrid(ctx, q)
		hits = x.openingFirst(q, x.unitFirst(q, x.authorsFirst(q, hits)))
	}
	if err != nil {
		return nil, err
	}
	if len(hits) > k {
		hits = hits[:k]
	}
	for i := range hits {
		e := x.evidence(q, x.infoOf(hits[i].Passage.ID))
		hits[i].Coverage, hits[i].SoftCoverage = e.strict, e.soft
	}
	return hits, nil
}

// keywordScores holds the BM25F scores of one question: score[p] for each passage p listed
// in touched (in no particular order), zero elsewhere. It is reused across questions.
type keywordScores struct {
	score, best []float64
	// touched holds, per range of passages scored on its own core, the passages with a score.
	touched [][]int32
	// spare holds emptied lists of passages of earlier questions, reused so that a question
	// does not allocate them anew (they held 5 MB per question on the US Code).
	spare [][]int32
}

// take returns a spare list of passages, empty, or nil when there is none.
func (ks *keywordScores) take() []int32 {
	n := len(ks.spare)
	if n == 0 {
		return nil
	}
	s := ks.spare[n-1]
	ks.spare = ks.spare[:n-1]
	return s
}

var keywordScratch sync.Pool

// keywordScores scores every passage holding a question term by BM25F; with expand, each
// question term scores its best expansion, weighted, with idf capped by the term's own. The
// passages are split into one range per core, each scored on its own. The caller gives the
// result back with release.
func (x *Index) keywordScores(q *query, expand bool) *keywordScores {
	ks, _ := keywordScratch.Get().(*keywordScores)
	if ks == nil || len(ks.score) != len(x.passages) {
		ks = &keywordScores{score: make([]float64, len(x.passages)), best: make([]float64, len(x.passages))}
	}
	type weighted struct {
		id  int32
		w   float64 // expansion weight
		idf float64
	}
	terms := make([][]weighted, len(q.terms))
	for i, t := range q.terms {
		if !expand {
			if id, ok := x.bm25.id(t.term); ok {
				terms[i] = []weighted{{id, 1, x.bm25.idf(t.term)}}
			}
			continue
		}
		for _, e := range t.exp {
			// An expansion counts no more than the word itself.
			terms[i] = append(terms[i], weighted{e.id, e.weight, math.Min(x.bm25.idf(x.bm25.terms[e.id]), t.idf)})
		}
	}
	ks.touched = ks.touched[:0]
	var mu sync.Mutex
	parallelRows(len(x.passages), func(from, to int) {
		mu.Lock()
		touched, bestTouched := ks.take(), ks.take()
		mu.Unlock()
		var runs []postingRun
		for i, exps := range terms {
			if scope := q.terms[i].scope; expand && len(scope) > 0 {
				// Every passage of the document the name scopes the question to matches it
				// as a passage holding it once would, by scopeWeight; fully for a title's
				// word, which no passage then matches by writing it.
				w := scopeWeight * math.Min(x.bm25.idf(q.terms[i].term), q.terms[i].idf)
				if q.terms[i].titled {
					w = math.Min(x.bm25.idf(q.terms[i].term), q.terms[i].idf)
				}
				for _, r := range scope {
					for p := max(r.from, int32(from)); p < min(r.to, int32(to)); p++ {
						if s := w * x.bm25.termScore(p, tfCode(1)); s > ks.best[p] {
							if ks.best[p] == 0 {
								bestTouched = append(bestTouched, p)
							}
							ks.best[p] = s
						}
					}
				}
			}
			for _, e := range exps {
				runs = x.bm25.postingsIn(runs[:0], e.id, from, to)
				for _, r := range runs {
					base, lows, tfs := r.base, r.low, r.tf[:len(r.low)]
					for j, low := range lows {
						p := base + int32(low)
						if q.terms[i].titled && q.terms[i].scope.contains(p) {
							continue // matched fully above
						}
						s := e.w * e.idf * x.bm25.termScore(p, tfs[j])
						if s > ks.best[p] {
							if ks.best[p] == 0 {
								bestTouched = append(bestTouched, p)
							}
							ks.best[p] = s
						}
					}
				}
			}
			for _, p := range bestTouched {
				if ks.score[p] == 0 {
					touched = append(touched, p)
				}
				ks.score[p] += ks.best[p]
				ks.best[p] = 0
			}
			bestTouched = bestTouched[:0]
		}
		mu.Lock()
		ks.touched = append(ks.touched, touched)
		ks.spare = append(ks.spare, bestTouched)
		mu.Unlock()
	})
	return ks
}

// release clears ks and gives it back for reuse.
func (ks *keywordScores) release() {
	for _, part := range ks.touched {
		for _, p := range part {
			ks.score[p] = 0
		}
		ks.spare = append(ks.spare, part[:0])
	}
	ks.touched = ks.touched[:0]
	keywordScratch.Put(ks)
}

// ranked returns the limit best-scored passages as hits (all when limit is 0), ranked as
// sortHits ranks them.
func (x *Index) ranked(ks *keywordScores, limit int) []Hit {
	hit := func(p int32) Hit {
		return Hit{Passage: x.passages[p], Keyword: ks.score[p], Score: ks.score[p]}
	}
	total := 0
	for _, part := range ks.touched {
		total += len(part)
	}
	if limit <= 0 || limit >= total {
		hits := make([]Hit, 0, total)
		for _, part := range ks.touched {
			for _, p := range part {
				hits = append(hits, hit(p))
			}
		}
		sortHits(hits)
		return hits
	}
	// Keep the limit best in a heap whose top ranks last of them.
	h := passageHeap{x: x, score: ks.score, ps: make([]int32, 0, limit)}
	for _, part := range ks.touched {
		for _, p := range part {
			switch {
			case len(h.ps) < limit:
				heap.Push(&h, p)
			case ks.score[p] < ks.score[h.ps[0]]:
			case h.before(p, h.ps[0]):
				h.ps[0] = p
				heap.Fix(&h, 0)
			}
		}
	}
	hits := make([]Hit, len(h.ps))
	for i, p := range h.ps {
		hits[i] = hit(p)
	}
	sortHits(hits)
	return hits
}

// keywordHits returns the limit passages best by keywordScores, ranked (all when limit is 0).
func (x *Index) keywordHits(q *query, expand bool, limit int) []Hit {
	ks := x.keywordScores(q, expand)
	defer ks.release()
	return x.ranked(ks, limit)
}

// passageHeap is a heap of passage numbers whose top ranks last by score, then ID (see
// sortHits).
type passageHeap struct {
	x     *Index
	score []float64
	ps    []int32
}

func (h *passageHeap) before(a, b int32) bool {
	if h.score[a] != h.score[b] {
		return h.score[a] > h.score[b]
	}
	return h.x.passages[a].ID < h.x.passages[b].ID
}

func (h *passageHeap) Len() int           { return len(h.ps) }
func (h *passageHeap) Less(i, j int) bool { return h.before(h.ps[j], h.ps[i]) }
func (h *passageHeap) Swap(i, j int)      { h.ps[i], h.ps[j] = h.ps[j], h.ps[i] }
func (h *passageHeap) Push(v any)         { h.ps = append(h.ps, v.(int32)) }
func (h *passageHeap) Pop() any {
	v := h.ps[len(h.ps)-1]
	h.ps = h.ps[:len(h.ps)-1]
	return v
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
	col, err := x.Collection(ctx)
	if err != nil {
		return nil, err
	}
	n = min(n, col.Count())
	res, err := col.QueryEmbedding(ctx, v, n, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("bot: vector search: %w", err)
	}
	hits := make([]Hit, 0, len(res))
	for _, r := range res {
		i, err := strconv.Atoi(r.ID)
		if err != nil {
			return nil, fmt.Errorf("bot: vector search returned unknown ID %q", r.ID)
		}
		sim := finite(float64(r.Similarity))
		hits = append(hits, Hit{Passage: x.passages[i], Vector: sim, Score: sim})
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

// documentNameShare is the least share of the passages of a name's scope that write the
// name for it to name the whole document, as its speaker does ("Sun Tzŭ" in 38 % of The
// Art of War's passages), rather than one thing the document discusses ("Posse Comitatus",
// 3 %). See vectorText. Set between the two on the development and held-out sets, where
// 0.1 moved answers down as well as up.
const documentNameShare = 0.25

// vectorText returns the text of q to embed: the question without the words that name the
// document it asks about, when other words remain. Such a word has a scope (see scopeOf)
// and names its source (an author, a title's word: "Hamilton", "the Constitution"; see
// queryTerm.source, titled), or is written in documentNameShare of the scope's passages and
// is no word of a title or author ("sun tzu" in "sun tzu deception"). The scope already picks
// that document's passages (see evidence); in the embedding the name would outweigh what is
// asked about it, and rank the passages that talk about Sun Tzu above those where Sun Tzu
// talks of deception.
func (x *Index) vectorText(q *query) string {
	scoped := map[string]bool{}
	for _, t := range q.terms {
		if t.titled && len(t.scope) > 0 || x.namesSpeaker(t) {
			scoped[t.term] = true
		}
	}
	text := q.respelled()
	if len(scoped) == 0 || len(scoped) == len(q.terms) {
		return text // no names, or nothing but names: then they are what is asked about
	}
	words := strings.Fields(text)
	kept := make([]string, 0, len(words))
	topic := false // the name is the object of "on", "about", "of": the topic, not the source
	for _, w := range words {
		toks := wordTokens(w)
		if len(toks) > 0 && !slices.ContainsFunc(toks, func(tok string) bool { return !scoped[x.an.term(strings.ToLower(tok))] }) {
			if !topic {
				continue // every token of the word is a scoping name ("Tzu's")
			}
		} else {
			topic = topicPrepositions[strings.ToLower(strings.Trim(w, ",;:"))]
		}
		kept = append(kept, w)
	}
	return strings.Join(kept, " ")
}

// topicPrepositions introduce what something is about ("a commentator on Sun Tzu", "the
// life of Hamilton"): a document's name after one is the topic asked about (see vectorText).
var topicPrepositions = map[string]bool{"on": true, "about": true, "of": true, "regarding": true, "concerning": true}

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
// weighted sum described at fuseKeyword. The vector candidates come from a scan of the
// index's own copy of the collection's vectors (see matrix.nearest), which ranks as the
// collection's QueryEmbedding does at a fraction of its cost.
func (x *Index) hybrid(ctx context.Context, q *query) ([]Hit, error) {
	c, err := x.candidates(ctx, q)
	if err != nil {
		return nil, err
	}
	defer c.scores.release()
	return x.fuse(q, c), nil
}

// candidateSet is what hybrid ranks: the keyword scores, the best passages by them and by
// vector similarity, and the question's vector (nil when it has no known word).
type candidateSet struct {
	scores  *keywordScores
	kw, vec []Hit
	qv      []float32
}

// candidates finds hybrid's candidates; the caller releases c.scores.
func (x *Index) candidates(ctx context.Context, q *query) (candidateSet, error) {
	ks := x.keywordScores(q, true)
	c := candidateSet{scores: ks, kw: x.ranked(ks, candidates)}
	var err error
	c.qv, err = x.embedQuestion(ctx, x.vectorText(q))
	if err != nil {
		ks.release()
		return candidateSet{}, err
	}
	if c.qv != nil {
		for _, r := range x.vectors.nearest(c.qv, candidates/2) {
			c.vec = append(c.vec, Hit{Passage: x.passages[r.row], Vector: float64(r.sim), Score: float64(r.sim)})
		}
	}
	// The passages of the law a question names are candidates whatever their words: the
	// law's name is no term of the query (see parseQuery), and it says where to look.
	for _, n := range x.namedUnitPassages(q, candidates) {
		c.kw = append(c.kw, Hit{Passage: x.passages[n]})
	}
	for _, n := range x.titledPassages(x.titleWords(q.respelled())) {
		c.kw = append(c.kw, Hit{Passage: x.passages[n]})
	}
	for _, n := range x.numberedPassages(q, candidates) {
		c.kw = append(c.kw, Hit{Passage: x.passages[n]})
	}
	return c, nil
}

// authorsFirst moves the hits within the scope of an author or a document the question names
// (see queryTerm.source: "According to Hamilton", "What does Madison say …", "What does the
// Constitution say …") ahead of the others, each group in its order: the question asks what
// that author or document says, which a passage of another does
// not answer however well it matches. They move only when one of them matches the question's
// own words well (see matchesOwnWords); a question the author's papers do not answer keeps
// its order, and is refused for asking what the author wrote (see unsupported).
func (x *Index) authorsFirst(q *query, hits []Hit) []Hit {
	var scopes []passageScope
	for _, t := range q.terms {
		if len(t.scope) > 0 && t.source {
			scopes = append(scopes, t.scope)
		}
	}
	if len(scopes) == 0 {
		return hits
	}
	in := func(h Hit) bool {
		n := int32(x.number(h.Passage.ID))
		return slices.ContainsFunc(scopes, func(s passageScope) bool { return s.contains(n) })
	}
	if !slices.ContainsFunc(hits, func(h Hit) bool { return in(h) && x.matchesOwnWords(q, h) }) {
		return hits
	}
	return moveFirst(hits, in)
}

// moveFirst returns hits with those for which in is true ahead of the others, each group in
// its order (a stable partition), in a new slice.
func moveFirst(hits []Hit, in func(Hit) bool) []Hit {
	out := make([]Hit, 0, len(hits))
	for _, first := range []bool{true, false} {
		for _, h := range hits {
			if in(h) == first {
				out = append(out, h)
			}
		}
	}
	return out
}

// matchesOwnWords reports whether a passage matches the question's words other than the
// authors and documents it names well enough to rank first for being that author's (see authorsFirst): half
// their weight or more, one of them by the word itself or a synonym (0.8 or more), not only by
// WordNet hypernyms ("drug" → agent) that any paper has some of.
func (x *Index) matchesOwnWords(q *query, h Hit) bool {
	e := x.evidence(q, x.infoOf(h.Passage.ID))
	var num, den float64
	strong := false
	for i, t := range q.terms {
		if t.source {
			continue
		}
		num += t.idf * e.match[i]
		den += t.idf
		strong = strong || e.match[i] >= 0.8
	}
	return strong && den > 0 && num >= 0.5*den
}

// windowVectorShare is how far a candidate's vector similarity moves from the whole passage's
// cosine with the question toward its best evidence window's, where that is the higher: a
// passage of several points ("The complicated answer" slide: a political struggle, outside
// organisations, parliament and the courts) is as near a question as the part that answers
// it, where the mean of all its words puts it far. It is MaxP of Dai and Callan (2019,
// "Deeper text understanding for IR with contextual neural language modeling"), a passage
// scored by its best part, blended with the whole passage's score. Over the development and
// held-out sets 0.2 to 0.4 raised the sums of recall@1 by 0.065 and of MRR@10 by 0.07 (0.3:
// 27 answers up, 8 down); 1, the window alone, lost a public-dev answer from rank 1.
const windowVectorShare = 0.3

// windowCandidates is how many of the best-scored candidates have their window's similarity
// weighed (see windowVectorShare): embedding every candidate's window (about 150) cost 4 to 7
// ms a question on this machine, 40 of them 2 ms, with the same rankings over every set.
const windowCandidates = 40

// windowCosine returns the cosine between the question's embedding qv and the embedding of
// passage p's best evidence window (sentences e.first to e.last after the passage's title
// and headings, as EmbeddingText gives the whole passage), with the common component
// removed as from every embedding. ok is false for a passage of one sentence (its window is
// the passage), a question with no embedding, an index that embeds with a remote model
// (IndexOptions.RemoteEmbed: it would be asked once per candidate) or a window with no word
// the model knows.
func (x *Index) windowCosine(qv []float32, p *corpus.Passage, info passageInfo, e evidence) (float64, bool) {
	if qv == nil || x.remoteEmbed || info.sentences() < 2 || e.first < 0 || e.last >= info.sentences() {
		return 0, false
	}
	var b strings.Builder
	b.WriteString(embeddingPrefix(p))
	for i := e.first; i <= e.last; i++ {
		b.WriteString(info.sentenceText(p.Text, i))
		b.WriteByte(' ')
	}
	v, err := x.embed(context.Background(), b.String())
	if err != nil || len(v) != len(qv) {
		return 0, false
	}
	v = append([]float32(nil), v...)
	x.removeCommon(v)
	return float64(dot(qv, v)), true
}

// fuse ranks the candidates by the weighted sum described at fuseKeyword.
func (x *Index) fuse(q *query, c candidateSet) []Hit {
	ks, kw, vec, qv := c.scores, c.kw, c.vec, c.qv
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
		return nil
	}
	maxKW := 0.0
	if len(kw) > 0 {
		maxKW = kw[0].Keyword
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, id := range order {
		h := cands[id]
		h.Keyword = ks.score[x.number(id)]
		h.Vector = x.cosine(qv, x.number(id))
		lo, hi = math.Min(lo, h.Vector), math.Max(hi, h.Vector)
	}
	// A message that quotes a passage ("All warfare is based on deception.") asks where that
	// passage is: it ranks first. A question the text itself asks ("What is the security
	// sector?") does not count: its answer follows it.
	var verbatim []string
	if t := strings.TrimRight(q.text, ".!… "); len(strings.Fields(t)) >= minVerbatimWords && !isQuestion(t) {
		if w := wordTokens(t); len(w) > 0 && !questionWords[w[0]] {
			verbatim = append(verbatim, normalizeQuote(t))
		}
	}
	// So does a passage that holds a quotation the question makes of minVerbatimWords or
	// more: "Who said 'the quality of decision is like the well-timed swoop of a falcon'?"
	for _, quote := range q.quotes {
		if t := strings.TrimRight(quote, ".!?,;: "); len(strings.Fields(t)) >= minVerbatimWords {
			verbatim = append(verbatim, normalizeQuote(t))
		}
	}
	qWords := x.titleWords(q.respelled())
	var exact map[string]bool // the question's exact terms, for headingNamesOther
	if !q.person {
		exact = x.exactTerms(q)
	}
	out := make([]Hit, 0, len(order))
	type window struct {
		info passageInfo
		e    evidence
		asks bool
	}
	var wins []window
	for _, id := range order {
		h := cands[id]
		kwNorm := 0.0
		if maxKW > 0 {
			kwNorm = h.Keyword / maxKW
		}
		info := x.infoOf(h.Passage.ID)
		e := x.evidence(q, info)
		// The similarity rescaled over the candidates, with a spread of at least
		// minVectorSpread so that a few nearly equal cosines are not blown up to 0 and 1.
		vecNorm := (h.Vector - lo) / math.Max(hi-lo, minVectorSpread)
		asks := info.sentences() > 0 && !slices.Contains(info.question[:info.sentences()], false)
		if asks {
			// A passage that only asks ("What is the security sector? What is governance?")
			// is near a question in meaning and answers none of it: its similarity counts
			// as a question sentence's words do in BM25 (questionWeight).
			vecNorm *= questionWeight
		}
		h.Coverage, h.SoftCoverage = e.strict, e.soft
		h.Form = x.formMatch(q, h.Passage)
		if q.form == formList && h.SoftCoverage < MinCoverage {
			// An enumeration of something else is no answer.
			h.Form = 0
		}
		if q.kind != "" {
			// "What is the punishment for …?": a sentence naming one ("shall be fined").
			h.Form = max(h.Form, x.kindSentences(q, h.Passage))
		}
		h.Proximity = x.proximity(q, info)
		hn := x.headingNumbers(q, info)
		h.Score = fuseKeyword*kwNorm + fuseCoverage*h.SoftCoverage + fuseVector*vecNorm + fuseForm*h.Form + fuseProximity*h.Proximity + fuseHeading*hn
		if x.headingNamed(qWords, h.Passage) || hn == 1 && x.numbersUnits(q) {
			h.Score += fuseTitle
		} else if !q.person && x.headingNamesOther(exact, h.Passage) {
			h.Score -= fuseTitle
		}
		// An editor's note is the text's commentary, not the text: where the two match alike,
		// the text's own words rank first.
		h.Score -= fuseCommentary * max(0, (bracketedShare(h.Passage.Text)-minNoteShare)/(1-minNoteShare))
		if len(verbatim) > 0 {
			text := normalizeQuote(h.Passage.Text)
			if slices.ContainsFunc(verbatim, func(v string) bool { return strings.Contains(text, v) }) {
				h.Score += fuseVerbatim
			}
		}
		out = append(out, *h)
		wins = append(wins, window{info, e, asks})
	}
	// The best candidates' similarity is raised toward their best window's, where that is
	// nearer the question (see windowVectorShare), rescaled as vecNorm is; it may take it a
	// little past 1.
	best := make([]int, len(out))
	for i := range best {
		best[i] = i
	}
	sort.SliceStable(best, func(a, b int) bool { return out[best[a]].Score > out[best[b]].Score })
	for _, i := range best[:min(len(best), windowCandidates)] {
		h := &out[i]
		if wc, ok := x.windowCosine(qv, h.Passage, wins[i].info, wins[i].e); ok && wc > h.Vector {
			d := windowVectorShare * (wc - h.Vector) / math.Max(hi-lo, minVectorSpread)
			if wins[i].asks {
				d *= questionWeight
			}
			h.Score += fuseVector * d
		}
	}
	out = slices.DeleteFunc(out, func(h Hit) bool { return h.Score <= 0 })
	if !asksWhy(q) {
		x.commentaryGivesWay(q, out)
	}
	sortHits(out)
	x.antecedentFollows(q, out)
	return out
}

// numbersAfter reports whether heading (index terms in order) writes term t's number right
// after the unit's word, or after it and a word for "number" ("FEDERALIST No. 10").
func (x *Index) numbersAfter(heading []int32, unit int32, t queryTerm) bool {
	for j, id := range heading {
		if id != unit {
			continue
		}
		k := j + 1
		if k < len(heading) && numberMarkers[x.bm25.terms[heading[k]]] {
			k++
		}
		if k < len(heading) && slices.ContainsFunc(t.exp, func(e expansion) bool { return e.weight >= 1 && e.id == heading[k] }) {
			return true
		}
	}
	return false
}

// numberMarkers are the words for "number" between a unit's word and its number in a heading.
var numberMarkers = setOf("no number nr num")

// subUnits are the words for parts of a section that a text numbers in its sentences more
// often than in its headings (see unheadedUnit).
var subUnits = setOf(`clause clauses paragraph paragraphs subparagraph subparagraphs`)

// numbersUnits reports whether every number the question reads as a reference numbers a unit
// that headings name ("Article II Section 2": article and section; not "James II", whose
// "II" numbers a king), so that a passage whose headings hold all those numbers (see
// headingNumbers) is the unit the question names, as a title the question writes names its
// section (see headingNamed). True for a question with no reference, where fuse asks
// headingNumbers for none.
func (x *Index) numbersUnits(q *query) bool {
	for _, t := range q.terms {
		if !t.reference || t.unitOf == "§" || x.unheadedUnit(t) {
			continue
		}
		if unit, ok := x.bm25.id(t.unitOf); !ok || !x.headingTerm(unit) {
			return false
		}
	}
	return true
}

// unheadedUnit reports whether reference t numbers a part of a section (subUnits: a clause,
// a paragraph) that no heading of the corpus numbers (see numbersUnit): "Clause 11" of
// "Article I, Section 8, Clause 11", which the Constitution's headings leave unnumbered, says
// nothing of which headings the unit is under. A unit word no heading writes at all is
// unheaded without a look at the table of the numbers headings write, built on first use
// (0.4 s at 141,895 passages), which a question naming "No. 8" or "Section 2" thus never
// waits for.
func (x *Index) unheadedUnit(t queryTerm) bool {
	if !subUnits[t.unitOf] {
		return false
	}
	unit, ok := x.bm25.id(t.unitOf)
	return !ok || !x.headingTerm(unit) || !x.numbersUnit(t.unitOf)
}

// antecedentShare is how far antecedentFollows raises the score of the passage that the best
// hit refers back to, as a share of the gap between the two: 0.95 ranks it just below the
// best hit, above the hits that were between them; for a question asking why,
// whyAntecedentShare (above 1) ranks it just above. Chosen on the development and held-out
// question sets: 0.5 left the antecedent below hits that match the question's words but not
// its context (three fewer answers in the first five, over thirteen sets), and ranking the
// antecedent first for every question cost nine first-rank answers (for two gained) where
// the best hit states the answer itself ("It proves incontestably, that the judiciary is
// beyond comparison the weakest").
const (
	antecedentShare    = 0.95
	whyAntecedentShare = 1.01
)

// antecedentFollows moves up, in hits (sorted best first), the passage just before the best
// hit in its document when the best hit opens by referring back to it (see
// opensWithBackReference) and that passage is among the hits: the best passage draws on it
// ("This simple view of the matter suggests several important consequences" follows the
// view it means), so it is the next passage worth quoting. For a question asking why, the
// antecedent ranks first: a passage that draws a conclusion or a contrast from the one
// before it leaves the reasons there ("If, on the contrary, Britain had been situated on the
// continent …" follows why it needed no large army). Where the best passage is the first
// under its heading, the heading opens it: a slide's title ("So in practice") is the first
// thing it says. The score raised is the fused score, by antecedentShare of the gap; hits
// stays sorted.
func (x *Index) antecedentFollows(q *query, hits []Hit) {
	if len(hits) < 2 {
		return
	}
	top := hits[0].Passage
	n := x.number(top.ID)
	if n <= 0 || x.passages[n-1].DocumentID != top.DocumentID {
		return
	}
	opening := top.Text
	if hs := top.Headings; len(hs) > 0 && !slices.Equal(hs, x.passages[n-1].Headings) {
		opening = hs[len(hs)-1] + " " + opening
	}
	if !opensWithBackReference(opening) {
		return
	}
	prev := x.passages[n-1].ID
	share := antecedentShare
	if asksWhy(q) {
		share = whyAntecedentShare
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Passage.ID == prev {
			hits[i].Score += share * (hits[0].Score - hits[i].Score)
			sortHits(hits)
			return
		}
	}
}

// backReferences are the first words by which a passage opens pointing back at the text
// before it: demonstratives ("This simple view of the matter …", "Such a power …") and
// connectives of consequence or sequence ("Hence", "So", "Thereafter"). "It" and "that" are left
// out: a passage opens with them as often as an expletive ("It deserves particular attention,
// that …") or a conjunction ("That there ought to be one court …").
var backReferences = map[string]bool{
	"this": true, "these": true, "those": true, "such": true, "they": true,
	"hence": true, "thus": true, "therefore": true, "accordingly": true, "consequently": true,
	"thereafter": true, "so": true,
}

// opensWithBackReference reports whether a passage's text opens by referring back to the
// passage before it: its first word is one of backReferences, or a contrast with what came
// before stands in its first words ("If, on the contrary, …", "The plan, however, …").
func opensWithBackReference(text string) bool {
	w := wordTokens(strings.ToLower(text))
	if len(w) == 0 {
		return false
	}
	return backReferences[w[0]] || strings.Contains(strings.Join(w[:min(len(w), 5)], " "), "on the contrary") ||
		slices.Contains(w[:min(len(w), 3)], "however")
}

// commentaryGivesWay takes fusePrimary from the score of each hit of a commentary on another
// document of the corpus (see Index.commentaries) when the question names neither the
// commentary's author nor its title, and records it in the hit's demoted: where the
// commentary and the text it comments on match alike, the text states the rule and the
// commentary restates it.
func (x *Index) commentaryGivesWay(q *query, hits []Hit) {
	comm := x.commentaries()
	if len(comm) == 0 {
		return
	}
	for i, h := range hits {
		n := int32(x.number(h.Passage.ID))
		if _, ok := comm[x.documentOf(n)]; ok && !x.namesSourceOf(q, n) {
			hits[i].Score -= fusePrimary
			hits[i].demoted = fusePrimary
		}
	}
}

// cosine returns the cosine similarity of the question vector with passage i's embedding as
// the collection holds it (see Index.vectors); 0 when there is no question vector.
func (x *Index) cosine(qv []float32, i int) float64 {
	if qv == nil {
		return 0
	}
	return finite(float64(dot(qv, x.vectors.row(i))))
}

// finite returns c, or 0 when c is NaN or an infinity: the similarity of a stored vector
// that holds one (written into a library by hand, or by a model before embeddings.ErrBadVector was
// checked), which would otherwise rank at random and fail `ask --json` ("json: unsupported
// value: NaN").
func finite(c float64) float64 {
	if math.IsNaN(c) || math.IsInf(c, 0) {
		return 0
	}
	return c
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
		return x.formSentences(q, p)
	case formList:
		text := p.Text
		if len(p.Headings) > 0 {
			// A heading that counts the items ("Two objectives", "The five constant
			// factors") states the count for the passage under it.
			text = p.Headings[len(p.Headings)-1] + "\n" + text
		}
		return listFormScale * enumerates(text, q.listCount, q.listNouns)
	case formDate, formCount, formDuration, formPermission:
		return x.formSentences(q, p)
	}
	return 0
}

// formSentences is formMatch for a question that asks for a quantity, an age, a proportion,
// a date or whether something may be done (a rule; see statesForm): 0 when no sentence of
// the passage states one, else 0.5 plus half
// the idf-weighted share of the question's terms that the best such sentence matches itself,
// so that the passage whose number is stated about the question's subject ranks first ("the
// Office of President … the Age of thirty five Years" for "How old must the President be?",
// not a passage that states a senator's age and names the President elsewhere).
func (x *Index) formSentences(q *query, p *corpus.Passage) float64 {
	states := statesForm(q)
	info := x.infoOf(p.ID)
	// The answer-type word ("age") is what the sentence states, not what it is about.
	asked := q.aboutQuery()
	var den, scoped float64
	for _, t := range asked.terms {
		den += t.idf
	}
	num := int32(x.number(p.ID))
	// Terms the sentence stating the number need not repeat, and which count as matched:
	// the passage's author or speaker, named by the question ("How many classes of spies does
	// Sun Tzu describe?"; see speaks), and, when the question names the passage's unit by the
	// number its heading writes ("…, according to federalist 26"), the heading's words, which
	// name the unit; and the words of the passage's title when the question cites it as its
	// source ("…, per the federalist papers", "according to The Art of War"; see
	// framesSource), which say where to look, as an author's name does. A title's words do
	// not count so otherwise, as a question may ask about
	// the book itself ("How many copies of The Art of War …?"), nor does a name the document
	// writes in a few passages ("What is the population of China?"), one thing among others
	// it discusses.
	unit := slices.ContainsFunc(asked.terms, func(t queryTerm) bool { return hasDigit(t.term) && x.headingWrites(info, t) })
	cited := slices.ContainsFunc(asked.terms, func(t queryTerm) bool {
		return t.titled && t.scope.contains(num) && framesSource(q.text, t.word)
	})
	given := func(t queryTerm) bool {
		return unit && x.headingWrites(info, t) || x.speaks(t, num) || cited && t.titled && t.scope.contains(num)
	}
	if slices.ContainsFunc(asked.terms, given) {
		own := &query{}
		for _, t := range asked.terms {
			if given(t) {
				scoped += t.idf
			} else {
				own.terms = append(own.terms, t)
			}
		}
		asked = own
	}
	// A sentence matches something else the question asks (see below) when it matches one of
	// its own terms at half weight or more: a loose neighbour does not ("father" for "born").
	// "When was Sun Tzu born?" is not answered by the year a Jesuit Father took his book to
	// Europe.
	leastIdf := math.Inf(1)
	for _, t := range asked.terms {
		leastIdf = math.Min(leastIdf, t.idf)
	}
	best := 0.0
	for i := range info.sentences() {
		if !states(info.sentenceText(p.Text, i)) {
			continue
		}
		share := 0.0
		if m := x.sentenceMatch(asked, info, i, leadIn(p.Text, info, i)); den > 0 && (scoped == 0 || m >= 0.5*leastIdf || len(asked.terms) == 0) {
			// The author or speaker named counts only for a sentence that matches something
			// else the question asks: a number in the life of Sun Tzu that says nothing of
			// palace women ("the 13 chapters") does not count the women he drilled.
			share = (scoped + m) / den
		}
		best = math.Max(best, 0.5+0.5*share)
	}
	return best
}

// speaks reports whether question term t names the author or speaker of passage number p:
// its scope holds p, and it is an author's name (see queryTerm.source) or a name written in
// documentNameShare of the scope's passages ("Sun Tzu" in The Art of War; not "China", which
// it writes in a few). A title's words are no speaker.
func (x *Index) speaks(t queryTerm, p int32) bool {
	return !t.titled && t.scope.contains(p) && x.namesSpeaker(t)
}

// namesSpeaker reports whether question term t names the author or speaker of the document
// its scope holds: it is an author's name (see queryTerm.source), or a name written in
// documentNameShare of the scope's passages and no word of a title or author ("sun" and "tzu"
// of "Sun Tzŭ", whom The Art of War quotes throughout but its metadata names "Sunzi").
func (x *Index) namesSpeaker(t queryTerm) bool {
	if len(t.scope) == 0 {
		return false
	}
	return t.source || !x.isMetadataTerm(t.term) && float64(x.bm25.df(t.term)) >= documentNameShare*float64(t.scope.passages())
}

// maxLeadInWalk bounds how many sibling items leadIn passes over to find an item's lead-in.
const maxLeadInWalk = 30

// leadIn returns the sentence that introduces list item i of a passage, or -1: when sentence
// i opens with an enumerator ("(B) within 10 years after relief from active duty …"), the
// nearest sentence before it, past its sibling items (those that end in ";", "; or", "," or
// ":"), that ends with no full stop, question or exclamation mark ("(2) A person may not be
// appointed as Secretary of Defense"). The item completes that sentence, so what it states is
// stated of the lead-in's subject.
func leadIn(text string, info passageInfo, i int) int {
	sentence := func(s int) string {
		return strings.TrimSpace(info.sentenceText(text, s))
	}
	if !itemMarker.MatchString(sentence(i)) {
		return -1
	}
	for j := i - 1; j >= 0 && j >= i-maxLeadInWalk; j-- {
		s := strings.TrimRight(sentence(j), "\"'”’)]_* ")
		if s == "" {
			continue
		}
		last, _ := utf8.DecodeLastRuneInString(s)
		switch {
		case last == '.' || last == '?' || last == '!':
			return -1
		case last == ';' || last == ',' || strings.HasSuffix(s, "; or") || strings.HasSuffix(s, "; and"):
			continue // a sibling item
		}
		return j
	}
	return -1
}

// listFormScale is the form value of a full list match (see enumerates): half a
// definition's, because statutes carry "(1)", "(2)" markers in most passages, and a counted
// question's answer need not repeat the count ("What are the two objectives …"). Chosen on the
// development question sets, where 1 cost a seed answer and 0.25–0.75 ranked alike.
const listFormScale = 0.5

// enumerates says how well a passage lists the members of a class: whether it holds an
// enumeration (at least two of "(1)", "(2)", … or "(a)", "(b)", … in order; when the
// question counts the members, n > 0, of no more than n items: nine duties do not answer
// "What are the two goals …?") and, when the question counts them, whether it states that
// count before a noun ("five constant factors"). With a count: 1 for both, or for the count
// before one of the question's own words after its count, nouns ("There are five ways of
// attacking with fire" for "What are the five ways of attacking with fire?": the list's
// statement, whose items the next passages give; not "these five dangerous faults", which
// points back at a list); 0.5 for one; without: 1 for an enumeration.
func enumerates(text string, n int, nouns []string) float64 {
	markers := strings.Contains(text, "(1)") && strings.Contains(text, "(2)") ||
		strings.Contains(text, "(a)") && strings.Contains(text, "(b)")
	if n > 0 && markers && listLength(text) > n {
		// "What are the two goals …?" is not answered by a list of nine duties.
		markers = false
	}
	// A label's number counts nothing: "(2) plans" is no "two plans" (see withoutLabels).
	toks := strings.FieldsFunc(strings.ToLower(withoutLabels(text)), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if n == 0 {
		if markers {
			return 1
		}
		// "There are five ways of attacking with fire", "five classes of spies": a count of
		// the ways or kinds opens a list that runs on, item by item, past the passage.
		for i, t := range toks {
			if _, ok := cardinals[t]; !ok {
				continue
			}
			for j := i + 1; j < len(toks) && j <= i+2; j++ {
				if classWords[toks[j]] || mannerWords[toks[j]] {
					return 0.5
				}
			}
		}
		return 0
	}
	counted, same := false, false
	for i, t := range toks {
		if countOf(t) != n {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+2; j++ {
			if len(toks[j]) > 3 && strings.HasSuffix(toks[j], "s") && !strings.HasSuffix(toks[j], "ss") && !stopwords[toks[j]] && !timeUnits[toks[j]] || classWords[toks[j]] || mannerWords[toks[j]] {
				counted = true
				// "these five dangerous faults" points back at a list given before it.
				same = same || slices.Contains(nouns, toks[j]) && (i == 0 || toks[i-1] != "these" && toks[i-1] != "those")
			}
		}
	}
	switch {
	case markers && counted, same:
		return 1
	case markers || counted:
		return 0.5
	}
	return 0
}

// listLength returns how many items the longest run of enumerators "(1)", "(2)", … or "(a)",
// "(b)", … from the first holds in text.
func listLength(text string) int {
	n := 0
	for k := 1; strings.Contains(text, "("+strconv.Itoa(k)+")"); k++ {
		n = k
	}
	m := 0
	for c := 'a'; c <= 'z' && strings.Contains(text, "("+string(c)+")"); c++ {
		m++
	}
	return max(n, m)
}

// Defining verbs introduce a definition: "X consists of ...", "X means ...", "By X, I
// understand ..." (strong), or "X is ..." (weak: also "X is like ...").
var (
	strongDefining = setOf(`means mean consists consist comprises comprise signifies signify
denotes denote constitutes constitute defined encompasses encompass understand`)
	weakDefining = setOf(`is are includes include shall refers refer`)
)

// conditionals open a clause that states a condition, not what something is.
var conditionals = setOf(`if unless when whenever where wherever although though while whether since because`)

// definitionStrength says whether a sentence defines the subject: its first eight words hold
// every subject term, followed by a defining verb; 1 for a strong verb within
// strongVerbWindow words, 0.5 for a weak one within three, else 0; 1 also when it names the definition of the subject (see
// namesDefinitionOf). A sentence that opens with a condition ("If X consists of …")
// defines nothing.
func definitionStrength(toks []token, subject []string) float64 {
	const window = 8
	if len(toks) > 0 && conditionals[toks[0].word] {
		return 0 // "If a faction consists of less than a majority, …" defines nothing
	}
	if namesDefinitionOf(toks, subject) {
		return 1
	}
	need := map[string]bool{}
	for _, s := range subject {
		need[s] = true
	}
	for i := 0; i < len(toks) && i < window; i++ {
		delete(need, toks[i].term)
		if len(need) == 0 {
			best := 0.0
			for j := i + 1; j < len(toks) && j <= i+strongVerbWindow; j++ {
				if strongDefining[toks[j].word] {
					return 1
				}
				if weakDefining[toks[j].word] && j <= i+3 {
					best = 0.5
				}
			}
			return best
		}
	}
	return 0
}

// strongVerbWindow is how many words after the subject a strong defining verb may stand, past
// a modifier of the subject ("Treason against the United States, shall consist only in …");
// a weak one must stand within three.
const strongVerbWindow = 6

// namesDefinitionOf reports whether a sentence says it gives the definition or meaning of
// the subject: "definition of" or "meaning of" followed by every subject term within one
// word more than the subject has ("… may justly be pronounced the very definition of
// tyranny").
func namesDefinitionOf(toks []token, subject []string) bool {
	for i := 0; i+2 < len(toks); i++ {
		if w := toks[i].word; w != "definition" && w != "meaning" || toks[i+1].word != "of" {
			continue
		}
		rest := toks[i+2 : min(len(toks), i+3+len(subject))]
		if !slices.ContainsFunc(subject, func(s string) bool {
			return !slices.ContainsFunc(rest, func(t token) bool { return t.term == s })
		}) {
			return true
		}
	}
	return false
}

// copulas link a subject to what it is: "X is Y", "X shall be Y".
var copulas = setOf(`is are was were be becomes become serves serve`)

// namesHolder reports whether a sentence says who holds the role a who-question asks about:
// a copula followed, within three words, by the first subject term, with more than half of
// the subject's terms in the twelve words after it ("The President shall be Commander in Chief
// of the Army and Navy", whose "Navy", seven words on, answers "Who commands the navy?"; not "… shall be considered to be a commander of a combatant
// command", which names a commander but not the Commander in Chief). A capitalised word
// before the subject that the subject does not write names another office ("There is a Vice
// Chairman of the Joint Chiefs of Staff" for the Chairman).
func namesHolder(toks []token, subject []string) bool {
	for i, t := range toks {
		if i == 0 || !copulas[t.word] {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+3; j++ {
			if toks[j].term != subject[0] {
				continue
			}
			if slices.ContainsFunc(toks[i+1:j], func(t token) bool { return t.capital && t.term != "" && !slices.Contains(subject, t.term) }) {
				return false
			}
			found := 0
			for _, s := range subject {
				for k := j; k < len(toks) && k <= j+12; k++ {
					if toks[k].term == s {
						found++
						break
					}
				}
			}
			return found*2 > len(subject)
		}
	}
	return false
}

// referenceWords number a unit of a text: a number after one of them ("section 1543", "title
// 1385") is a reference, not a year nor a count.
var referenceWords = setOf(`section sections title titles chapter chapters subchapter subtitle
subsection subsections paragraph paragraphs subparagraph clause clauses part article articles
amendment no ch stat volume vol page pages pp`)

// statesDate reports whether a text states a year or a date: a number from 1000 to 2100, a
// year in words ("the Year … one thousand seven hundred and Eighty seven"), a month's name
// within three words of a number ("May 1, 1994", "the 20th day of January"), a number of
// years before or after Christ ("381 B.C.", "1066 AD") or a century ("the fifteenth century"),
// a year of three or four digits after a preposition of time with no word after it ("Ho Lu
// died in 496, so that …"; see bareYear), but not a number that a word before it makes a
// reference (see referenceWords).
func statesDate(text string) bool {
	text = withoutLabels(text)
	if bareYear.MatchString(text) {
		return true
	}
	// A label's number counts nothing: "(2) plans" is no "two plans" (see withoutLabels).
	toks := strings.FieldsFunc(strings.ToLower(withoutLabels(text)), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, t := range toks {
		if n, err := strconv.Atoi(t); err == nil && n >= 1000 && n <= 2100 && (i == 0 || !referenceWords[toks[i-1]]) {
			return true
		}
		if t == "century" || t == "centuries" {
			return true
		}
		if isDigits(t) && i+1 < len(toks) && (toks[i+1] == "bc" || toks[i+1] == "ad" || toks[i+1] == "b" && i+2 < len(toks) && toks[i+2] == "c") {
			return true // "381 B.C.", "in 1066 AD"
		}
		if t == "year" {
			// "in the Year of our Lord one thousand seven hundred and Eighty seven"
			for j := i + 1; j < len(toks) && j <= i+6; j++ {
				if toks[j] == "thousand" || toks[j] == "hundred" {
					return true
				}
			}
		}
		if months[t] {
			for j := max(0, i-3); j < len(toks) && j <= i+3; j++ {
				if _, ordinal := numberings[toks[j]]; j != i && (isDigits(toks[j]) || ordinal && hasDigit(toks[j])) {
					return true
				}
			}
		}
	}
	return false
}

// bareYear matches a year before 1000, or after, written as a bare number after a preposition of
// time ("in 496", "until 1066", "after 505") and followed by no word that it counts ("in 496
// cases") but by punctuation, the text's end or a conjunction: a history written without "B.C."
// on every date ("Ho Lu died in 496, so that if the book was written for him …").
var bareYear = regexp.MustCompile(`(?i)\b(?:in|since|until|till|before|after|circa)\s+[1-9]\d{2,3}(?:\s*[,.;:)\]]|\s*$|\s+(?:and|or|when|while)\b)`)

// weekdays are the names of the days of the week, lowercased: "every Tuesday" and "on
// Tuesdays" state a frequency.
var weekdays = setOf(`monday tuesday wednesday thursday friday saturday sunday`)

// dayParts are the parts of a day that "every" or "each" makes a frequency of: "every
// morning", "each night".
var dayParts = setOf(`morning evening night afternoon noon midnight dawn dusk`)

// months are the names of the months, lowercased ("may" and "march" also as verbs: a number
// must stand next to them).
var months = setOf(`january february march april may june july august september october
november december`)

// statesQuantity reports whether a sentence states a number (digits or a number word) and,
// when a duration is wanted, a unit of time right after it ("sixty calendar days", "48
// hours", "two Years") or a frequency ("every hour", "once in every Year", "each year",
// "annually", "every Tuesday", "each January", "every morning", "every quarter", "on Tuesdays", "once or twice
// in the course of a year"). Numbers that label rather than count are no quantity: enumerators such as
// "(6)", "(b)" and a verse's "24." at the start, and section numbers ("§ 133b").
func statesQuantity(sentence string, duration bool) bool {
	sentence = withoutLabels(sentence)
	toks := quantityTokens(sentence)
	for i, t := range toks {
		if duration && (frequencyWords[t] || weekdays[strings.TrimSuffix(t, "s")] && strings.HasSuffix(t, "s") ||
			frequencyCues[t] && (unitWithin(toks, i, 3) || timesWords[t] && unitWithin(toks, i, timesWindow) || i+1 < len(toks) && (weekdays[toks[i+1]] || months[toks[i+1]] || dayParts[toks[i+1]] || toks[i+1] == "quarter"))) {
			return true
		}
		if !isNumberWord(t) && !isDigits(t) || t == "one" && !countingOne(toks, i) {
			continue
		}
		if !duration || unitWithin(toks, i, 2) {
			return true
		}
	}
	return false
}

// countingOne reports whether the "one" at toks[i] counts: the numeral ("one year", "one
// third", "one or more", "only one", "one in every State", "the one year term"), not the
// pronoun, which stands before "of", a relative pronoun or "another" ("one of the States",
// "the situation is one that demands vigilance", "one another"), before a verb of its own ("one
// must", "no one shall"), before a degree word ("the enterprises of one much more
// considerable"), or after "no", "any", "every", "each" or "some" ("no one", "any one").
func countingOne(toks []string, i int) bool {
	if i > 0 && oneDeterminers[toks[i-1]] {
		return false
	}
	return i+1 == len(toks) || !afterPronounOne[toks[i+1]]
}

// afterPronounOne are the words that follow the pronoun "one" but not the numeral: "of", the
// relative pronouns, "another", the auxiliary and modal verbs, and the degree words ("much",
// "so", "too", "very"; not "more", as in "one more year").
var afterPronounOne = setOf(`of that who whom whose which another is was are were be been has
had have does did do may might must can could shall should will would much so too very`)

// oneDeterminers are the words after which "one" is a pronoun: "no one", "any one", "every
// one", "each one", "some one".
var oneDeterminers = setOf(`no any every each some`)

// statesForm returns the test of a sentence that states what q asks for — a number, a
// duration or frequency, an age, a proportion, a date or a rule — or nil when q asks for none of
// these.
func statesForm(q *query) func(string) bool {
	switch q.form {
	case formCount:
		return func(s string) bool { return statesCount(s, q.countsTimes) || q.amount && statesQuantity(s, true) }
	case formDuration:
		return func(s string) bool {
			if !q.age && q.unit == "" && (!q.deadline || q.upTo) && statesTenure(s) {
				return true
			}
			return statesQuantity(s, true) && (!q.age || statesAge(s)) && (q.unit == "" || statesUnit(s, q.unit)) && (!q.deadline || statesDeadline(s))
		}
	case formDate:
		return statesDate
	case formPermission:
		return statesRule
	case formProportion:
		return func(s string) bool {
			for _, w := range embeddings.Tokens(s) {
				if proportionWords[w] {
					return true
				}
			}
			return strings.Contains(s, "%")
		}
	}
	return nil
}

// tenures are the formulas by which law states how long an office is held without a number:
// "shall hold their Offices during good Behaviour", "for life". ("At the pleasure of" is left
// out: "eluded at the pleasure of every plaintiff" counts no tenure.)
var tenures = []string{"during good behaviour", "during good behavior", "for life", "during life"}

// statesTenure reports whether a sentence states a tenure (one of tenures): an answer to "How
// long do judges hold office?" that counts no time, and to "How long may a judge hold
// office?", whose limit it is.
func statesTenure(sentence string) bool {
	lower := strings.Join(strings.Fields(strings.ToLower(sentence)), " ")
	return slices.ContainsFunc(tenures, func(t string) bool { return strings.Contains(lower, t) })
}

// deadlineWords mark a time limit in a sentence: "within 48 hours", "not later than 30
// days", "before the end of", "after a report is submitted", "for a longer Term than two
// Years", "for more than three days", "not to exceed 30 days".
var deadlineWords = setOf(`within later before after until prior longer more exceed exceeds exceeding`)

// officeTerms mark a term of office, which is a time limit too: "hold his Office during the
// Term of four Years", "for a single term of two years", "tenure" — "term" only before "of",
// not in a definition ("The term 'major repair work' means …"). Not "period", which statutes
// write of the days a deadline counts ("the sixty-day period"): with it, twenty War Powers
// answers over the question sets fell from rank 1 to 2.
var officeTerms = setOf(`term terms tenure`)

// statesDeadline reports whether a sentence that states a duration states it as a time limit
// (one of deadlineWords, or a term of office: see officeTerms), not only as how often
// something recurs ("once every six months", "and every 180 days thereafter").
func statesDeadline(sentence string) bool {
	words := wordTokens(strings.ToLower(sentence))
	if slices.Contains(words, "thereafter") {
		// "Not later than 180 days after …, and every 180 days thereafter": a report that
		// recurs, whose first date is no limit on what it reports.
		return false
	}
	for i, w := range words {
		if deadlineWords[w] || officeTerms[w] && (w == "tenure" || i+1 < len(words) && words[i+1] == "of") {
			return true
		}
	}
	return false
}

// statesMoney reports whether a sentence states a sum of money: a currency sign before a
// number ("$500,000", "£ 40") or a number at most three words before a currency word ("a
// thousand ounces of silver", "40 dollars", "five shillings").
func statesMoney(sentence string) bool {
	for i, r := range sentence {
		if r == '$' || r == '£' || r == '€' || r == '¥' {
			if rest := strings.TrimLeft(sentence[i+utf8.RuneLen(r):], " "); rest != "" && rest[0] >= '0' && rest[0] <= '9' {
				return true
			}
		}
	}
	toks := strings.FieldsFunc(strings.ToLower(sentence), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	})
	for i, t := range toks {
		if !currencyWords[t] {
			continue
		}
		for j := max(0, i-3); j < i; j++ {
			if isDigits(toks[j]) || isNumberWord(toks[j]) {
				return true // "25,000,000 dollars" is "25", "000", "000", "dollars"
			}
		}
	}
	return false
}

// currencyWords name units of money, old and new, in the words a text states a sum in.
var currencyWords = setOf(`dollar dollars cent cents pound pounds sterling shilling shillings
pence penny pennies euro euros franc francs guinea guineas ducat ducats crown crowns silver gold
tael taels yen yuan rupee rupees ruble rubles rouble roubles`)

// statesAge reports whether a sentence that states a duration states an age: it says "age",
// "aged" or "old" ("attained to the Age of thirty Years", "thirty years of age", "18 years
// old").
func statesAge(sentence string) bool {
	for _, w := range embeddings.Tokens(sentence) {
		if w == "age" || w == "aged" || w == "old" {
			return true
		}
	}
	return false
}

// unitWithin reports whether one of the n tokens after toks[i] is a unit of time.
// quantityTokens returns the lowercased words and numbers of sentence, hyphenated words kept
// whole ("ninety-six", "four-cornered") but for a number joined to a unit of time, which is
// split into the two, so that it states the duration as the two words do ("six-hour
// watches", "a 90-day period", "a two-year term").
func quantityTokens(sentence string) []string {
	toks := strings.FieldsFunc(strings.ToLower(sentence), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	})
	out := toks[:0:0]
	for _, t := range toks {
		if number, unit, ok := cutLast(t, "-"); ok && timeUnits[unit] && (isNumberWord(number) || isDigits(number)) {
			out = append(out, number, unit)
			continue
		}
		out = append(out, t)
	}
	return out
}

// cutLast slices s around the last instance of sep, as strings.Cut does around the first.
func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

func unitWithin(toks []string, i, n int) bool {
	for j := i + 1; j < len(toks) && j <= i+n; j++ {
		if timeUnits[toks[j]] {
			return true
		}
	}
	return false
}

// numberLabel matches the numbers that label a unit of text rather than count: an enumerator
// in parentheses ("(6)", "(b)", "(iv)"), a number with a full stop opening the text ("24."),
// and a section sign with its number ("§ 133b", "§§ 1541–1548"); footnoteLabel a footnote's
// number, in brackets ("[1]") or set right after a closing quote or full stop ("the Supreme
// Court."2"). See withoutLabels.
var (
	numberLabel   = regexp.MustCompile(`\(\s*[0-9A-Za-z]{1,5}\s*\)|^\s*\d+\.(\s|$)|§+\s*[0-9][0-9A-Za-z.\-–]*`)
	footnoteLabel = regexp.MustCompile(`\[\d{1,3}\]|[.”"’]\d{1,3}(\s|$)`)
)

// withoutLabels returns s with the numbers that label rather than count (numberLabel,
// footnoteLabel) turned into spaces. The footnote pattern, which a full stop opens, is run
// only on a sentence where a digit follows "[", a full stop or a quotation mark: most hold
// none, and trying it at every full stop made a quantity question's answer 2 ms slower on
// the US Code.
func withoutLabels(s string) string {
	s = numberLabel.ReplaceAllString(s, " ")
	for i := 0; i+1 < len(s); i++ {
		if c := s[i]; (c == '[' || c == '.' || c == '"' || c == 0x9d || c == 0x99) && s[i+1] >= '0' && s[i+1] <= '9' {
			return footnoteLabel.ReplaceAllString(s, " ") // 0x9d, 0x99: the last bytes of ” and ’
		}
	}
	return s
}

// frequencyWords state a frequency by themselves; frequencyCues state one before a unit of
// time ("every hour", "each year", "once a year", "per day"), within three words;
// timesWords count the times, which a phrase may part from its unit ("once or twice in the
// course of a year"), within timesWindow words.
var (
	frequencyWords = setOf(`hourly daily weekly fortnightly monthly quarterly yearly annually biennially`)
	frequencyCues  = setOf(`every each per once twice`)
	timesWords     = setOf(`once twice thrice`)
)

// timesWindow is how many words after "once", "twice" or "thrice" a unit of time may stand.
const timesWindow = 7

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// proportionWords state a proportion.
var proportionWords = setOf(`percent percentage half halves third thirds quarter quarters fourths
fifth fifths tenth tenths fraction proportion proportions`)

// fractionWords name the parts a number before them counts: "two thirds", "one half".
var fractionWords = setOf(`half halves third thirds quarter quarters fourth fourths fifth fifths
tenth tenths`)

// timeUnits are the English units of time, with the seasons older texts count in ("for two
// winters").
var timeUnits = setOf(`second seconds minute minutes hour hours day days week weeks fortnight
fortnights month months year years decade decades century centuries winter winters summer
summers`)

// numberWords are English number words that state a quantity; ordinals ("first") do not.
var numberWords = setOf(`one two three four five six seven eight nine ten eleven twelve
thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
seventy eighty ninety hundred thousand million half double once twice`)

// isNumberWord reports whether a lowercase token is a number word or a hyphenated compound
// of them ("ninety-six", "one-half").
func isNumberWord(t string) bool {
	if numberWords[t] {
		return true
	}
	if !strings.Contains(t, "-") {
		return false
	}
	for part := range strings.SplitSeq(t, "-") {
		if !numberWords[part] {
			return false
		}
	}
	return true
}

// headingNumbers is the idf-weighted share of the numbers a question writes as references
// (see isReference) that the passage's own headings hold, in any way of writing them (see numberForms): a
// question naming a unit of a text by its number ("the Fourth Amendment", "Federalist No.
// 10", "Article 2") wants that unit, not a passage that mentions the number. 0 when the
// question writes no number.
func (x *Index) headingNumbers(q *query, info passageInfo) float64 {
	var num, den float64
	for _, t := range q.terms {
		if !t.reference || x.unheadedUnit(t) {
			continue
		}
		den += t.idf
		if h := x.passages[info.num].Headings; len(h) > 0 && corpus.IsSectionLabel(h[len(h)-1]) {
			// A section label is no heading word (see headingText) but numbers the passage's
			// section: "article 1 section 8" is ARTICLE I › Section 8.
			if terms := x.an.terms(h[len(h)-1]); len(terms) == 2 && t.unitOf == terms[0] &&
				slices.ContainsFunc(t.exp, func(e expansion) bool { return e.weight >= 1 && x.bm25.terms[e.id] == terms[1] }) {
				num += t.idf
				continue
			}
		}
		if unit, ok := x.bm25.id(t.unitOf); ok && x.headingTerm(unit) {
			// "the Second Amendment" is AMENDMENT II, not ARTICLE II; and the number follows
			// the unit's word ("FEDERALIST No. 10"): "chapter 9" is "Chapter IX.", not
			// "Chapter XI. THE NINE SITUATIONS".
			if x.numbersAfter(info.heading, unit, t) {
				num += t.idf
			}
			continue
		}
		for _, e := range t.exp {
			if e.weight >= 1 && slices.Contains(info.heading, e.id) {
				num += t.idf
				break
			}
		}
	}
	if den == 0 {
		return 0
	}
	return num / den
}

// statesUnit reports whether a sentence writes a unit of time (singular, as askedUnit gives
// it): as a word, singular or plural ("48 hours", "one day"), or at the end of a hyphenated
// word ("a 60-day period").
func statesUnit(sentence, unit string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(sentence), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
		w = strings.TrimSuffix(w, "s")
		if w == unit || strings.HasSuffix(w, "-"+unit) {
			return true
		}
	}
	return false
}

// bracketedShare returns the share of a passage's non-space characters that stand inside
// square brackets: an editor's or commentator's note set into the text, as in an annotated
// translation ("[Tu Mu says: …]"). A passage may begin or end inside a note that its
// neighbour opens or closes; the text of a Markdown link ("[text](url)") is not a note.
func bracketedShare(text string) float64 {
	if !hasBracket(text) {
		return 0 // most passages: no need to walk their runes
	}
	depth, inside, group, total := 0, 0, 0, 0
	seen := false // a bracket of either kind
	for i, r := range text {
		if r == '[' {
			depth++
			seen = true
		}
		if !unicode.IsSpace(r) {
			total++
			if depth > 0 {
				group++
			}
		}
		if r != ']' {
			continue
		}
		switch {
		case depth > 0:
			if depth--; depth == 0 {
				if !strings.HasPrefix(text[i+1:], "(") {
					inside += group
				}
				group = 0
			}
		case !seen:
			inside = total // the passage began inside a note
		}
		seen = true
	}
	inside += group // and may end inside one
	if total == 0 {
		return 0
	}
	return float64(inside) / float64(total)
}

// ruleWords mark a sentence that permits, requires or forbids: the language of a statute or
// constitution ("No Soldier shall …", "… may not exercise military command", "does not
// include or permit direct participation …"). "may" stays in though argument uses it for
// what might be ("it may be said"): without it, the development and held-out sets lost
// five answers at rank 1 and gained none.
var ruleWords = setOf("shall must may permit permits permitted prohibit prohibits prohibited authorize authorizes authorized authorise authorised allowed forbid forbids forbidden unlawful lawful")

// statesRule reports whether a sentence states a rule (see ruleWords).
func statesRule(sentence string) bool {
	for _, w := range embeddings.Tokens(sentence) {
		if ruleWords[w] {
			return true
		}
	}
	return false
}

// respelled returns the question's text with each misspelt word as it was read (see
// query.respelt): "sun tzu decepton" is embedded as "sun tzu deception", where the model knows
// no word but the names.
func (q *query) respelled() string {
	if len(q.respelt) == 0 {
		return q.text
	}
	words := strings.Fields(q.text)
	for i, w := range words {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		if c, ok := q.respelt[strings.ToLower(core)]; ok && core != "" {
			words[i] = strings.Replace(w, core, c, 1)
		}
	}
	return strings.Join(words, " ")
}

// asksWhy reports whether the question asks for reasons: it writes "why".
func asksWhy(q *query) bool {
	return slices.Contains(wordTokens(strings.ToLower(q.text)), "why")
}

// namesSourceOf reports whether the question names the author or the document of passage n
// (see queryTerm.source, titled).
func (x *Index) namesSourceOf(q *query, n int32) bool {
	return slices.ContainsFunc(q.terms, func(t queryTerm) bool { return (t.source || t.titled) && t.scope.contains(n) })
}

// statesCount reports whether a sentence states how many of something there are: a number
// (digits or a number word, a counting "one") that is not a label, a year, a duration or a
// proportion. A label is an enumerator or section sign (see withoutLabels) or a number right
// after a word that names a part of a text (referenceWords) or a year ("section 179", "title
// 32", "the Year one thousand eight hundred and eight"), with the number words that continue
// it; a year is four digits from 1000 to 2099 not followed by a content word ("in 1782 when",
// not "1500 men"); a duration is a number at most two words before a unit of time ("60
// days"); a proportion is a number before a fraction's word ("two thirds", "three fourths";
// see fractionWords). "Once", "twice" and "thrice" count only when times do (times; "How many
// times …?"): "Once war is declared" counts nothing.
func statesCount(sentence string, times bool) bool {
	sentence = withoutLabels(sentence)
	toks := strings.FieldsFunc(strings.ToLower(sentence), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	})
	num := func(i int) bool { return isNumberWord(toks[i]) || isDigits(toks[i]) }
	label := false
	for i, t := range toks {
		if !num(i) {
			if !(label && t == "and" && i+1 < len(toks) && num(i+1)) {
				label = false
			}
			continue
		}
		if i > 0 && (referenceWords[toks[i-1]] || toks[i-1] == "year" || toks[i-1] == "years") {
			label = true
		}
		if label || t == "one" && !countingOne(toks, i) || unitWithin(toks, i, 2) || timesWords[t] && !times ||
			i+1 < len(toks) && fractionWords[toks[i+1]] {
			// (A number of parts, "two thirds of both Houses", is a proportion, no count.)
			continue
		}
		if len(t) == 4 && isDigits(t) && t >= "1000" && t <= "2099" &&
			(i+1 == len(toks) || stopwords[toks[i+1]] || !isLetters(toks[i+1])) {
			continue
		}
		return true
	}
	return false
}

// headingWrites reports whether a heading of the passage with info writes question term t.
func (x *Index) headingWrites(info passageInfo, t queryTerm) bool {
	id, ok := x.bm25.id(t.term)
	return ok && slices.Contains(info.heading, id)
}

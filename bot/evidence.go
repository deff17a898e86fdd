package bot

import (
	"math"
	"slices"
	"strings"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// passageInfo is a passage analysed for evidence: its sentences' terms and its heading's.
type passageInfo struct {
	sentences []corpus.Span
	// terms holds the index-term IDs of each sentence.
	terms [][]int32
	// question marks sentences that ask rather than state (end with "?").
	question []bool
	// heading holds the term IDs of the two innermost headings (not the document title, which
	// every passage of the document shares).
	heading []int32
}

// analysePassage splits a passage into sentences and records their terms.
func (x *Index) analysePassage(p *corpus.Passage) passageInfo {
	info := passageInfo{sentences: corpus.Sentences(p.Text)}
	ids := func(text string) []int32 {
		var out []int32
		for _, t := range x.an.terms(text) {
			if id, ok := x.bm25.ids[t]; ok {
				out = append(out, id)
			}
		}
		return out
	}
	for _, s := range info.sentences {
		text := p.Text[s.Start:s.End]
		info.terms = append(info.terms, ids(text))
		info.question = append(info.question, isQuestion(text))
	}
	info.heading = ids(headingText(p))
	return info
}

// isQuestion reports whether a sentence asks a question: it ends with "?", closing quotes
// and emphasis aside.
func isQuestion(sentence string) bool {
	return strings.HasSuffix(strings.TrimRight(sentence, "\"'”’)*_ "), "?")
}

// windowSentences is how many consecutive sentences an evidence window spans.
const windowSentences = 2

// evidence is how well one passage covers a question.
type evidence struct {
	// strict is the idf-weighted share of the question's terms matched by the words of the
	// passage's best window or by their WordNet relations (see expand); soft also counts GloVe
	// alignment (see align). Both are in [0, 1].
	strict, soft float64
	// first and last are the best window's first and last sentence.
	first, last int
	// match and softMatch hold each question term's strict and soft match weight in the best
	// window.
	match, softMatch []float64
}

// evidence measures a passage's coverage of the question within its best window of up to
// windowSentences consecutive statements (question sentences skipped, the headings counted
// in every window), the window chosen by soft coverage.
func (x *Index) evidence(q *query, info *passageInfo) evidence {
	best := evidence{strict: -1, soft: -1}
	if len(q.terms) == 0 {
		return evidence{}
	}
	var den float64
	for _, t := range q.terms {
		den += t.idf
	}
	present := map[int32]bool{}
	match := make([]float64, len(q.terms))
	softMatch := make([]float64, len(q.terms))
	score := func(from, to int) (strict, soft float64) {
		clear(present)
		for _, id := range info.heading {
			present[id] = true
		}
		for i := from; i <= to; i++ {
			if info.question[i] {
				continue
			}
			for _, id := range info.terms[i] {
				present[id] = true
			}
		}
		for i, t := range q.terms {
			m := 0.0
			for _, e := range t.exp {
				if e.weight > m && present[e.id] {
					m = e.weight
				}
			}
			match[i] = m
			strict += t.idf * m
			if q.vecs[i] != nil && m < alignScale {
				for id := range present {
					m = math.Max(m, x.align(q, i, id))
				}
			}
			softMatch[i] = m
			soft += t.idf * m
		}
		return strict / den, soft / den
	}
	for i := range info.sentences {
		for j := i; j < len(info.sentences) && j < i+windowSentences; j++ {
			if strict, soft := score(i, j); soft > best.soft+1e-9 {
				best = evidence{strict: strict, soft: soft, first: i, last: j, match: slices.Clone(match), softMatch: slices.Clone(softMatch)}
			}
		}
	}
	if best.soft < 0 {
		strict, soft := score(0, -1)
		return evidence{strict: strict, soft: soft, match: match, softMatch: softMatch}
	}
	return best
}

// Soft alignment of a question term with a passage word by GloVe cosine c: weight
// (c − alignFloor)/(1 − alignFloor) × alignScale, clipped at 0. It lets "Pentagon" meet
// "Defense" and "detain" meet "arrest" where WordNet has no link between them.
const (
	alignFloor = 0.45
	alignScale = 0.7
)

// align returns the soft alignment weight of question term i with index term id, cached
// per query.
func (x *Index) align(q *query, i int, id int32) float64 {
	if w, ok := q.aligned[i][id]; ok {
		return w
	}
	w := 0.0
	if tv := x.termVecs[id]; tv != nil {
		c := float64(dot(q.vecs[i], tv))
		w = math.Max(0, (c-alignFloor)/(1-alignFloor)*alignScale)
	}
	q.aligned[i][id] = w
	return w
}

// proximityWindow is how many content words apart two question terms may stand in a sentence
// of the passage and still count as a phrase match (see proximity).
const proximityWindow = 3

// proximity is the idf-weighted share of the question's adjacent term pairs that stand within
// proximityWindow content words of each other, in either order, in one sentence of the passage
// (matching the words or their base forms only): a simple form of the sequential dependence
// model (Metzler & Croft 2005, "A Markov Random Field Model for Term Dependencies").
func (x *Index) proximity(q *query, info *passageInfo) float64 {
	if len(q.terms) < 2 {
		return 0
	}
	exact := make([]map[int32]bool, len(q.terms))
	for i, t := range q.terms {
		exact[i] = map[int32]bool{}
		for _, e := range t.exp {
			if e.weight >= 1 {
				exact[i][e.id] = true
			}
		}
	}
	var num, den float64
	for i := 0; i+1 < len(q.terms); i++ {
		w := (q.terms[i].idf + q.terms[i+1].idf) / 2
		den += w
		if pairNear(info, exact[i], exact[i+1]) {
			num += w
		}
	}
	return num / den
}

// pairNear reports whether a term of a and a term of b stand within proximityWindow words in
// one sentence.
func pairNear(info *passageInfo, a, b map[int32]bool) bool {
	for _, terms := range info.terms {
		for i, id := range terms {
			if !a[id] && !b[id] {
				continue
			}
			for j := max(0, i-proximityWindow); j < len(terms) && j <= i+proximityWindow; j++ {
				if j != i && (a[id] && b[terms[j]] || b[id] && a[terms[j]]) {
					return true
				}
			}
		}
	}
	return false
}

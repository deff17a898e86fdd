package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// ErrEmptyQuestion means a question holds no words.
var ErrEmptyQuestion = errors.New("bot: empty question")

// MinCoverage is the least Hit.Coverage of the best passage for an answer: below it the corpus
// is taken not to cover the question. It is a share of the question's idf-weighted content,
// calibrated on the development sets (see README, "How retrieval works").
const MinCoverage = 0.5

// Answer is the reply to one question.
type Answer struct {
	Question string
	// Answered is false when the corpus does not cover the question; Quotes is then empty.
	Answered bool
	// Lead is one or two sentences of the best passage that answer most directly, verbatim;
	// on a refusal, the sentence that says the corpus does not cover the question.
	Lead string
	// Quotes are the passages quoted, best first.
	Quotes []Quote
}

// Quote is a passage quoted in an answer.
type Quote struct {
	Passage *corpus.Passage
	// Score is the retrieval score (see Hit.Score); Coverage as in Hit.Coverage.
	Score, Coverage float64
}

// NotCovered is the Lead of a refusal.
const NotCovered = "The corpus does not cover that question."

// Answerer answers questions from an Index by quoting its passages.
type Answerer struct {
	Index *Index
	// Mode is the retrieval mode; the zero value is Hybrid.
	Mode Mode
	// MinCoverage overrides the package's MinCoverage when above zero.
	MinCoverage float64
}

// Answer retrieves the k best passages for question and composes an extractive answer: the
// lead sentences of the best passage and the passages quoted verbatim. When the best passage
// covers less of the question than MinCoverage, the answer is a refusal with no quote.
// Errors: ErrEmptyQuestion; errors of Index.Search.
func (a *Answerer) Answer(ctx context.Context, question string, k int) (*Answer, error) {
	question = strings.TrimSpace(question)
	if len(a.Index.an.terms(question)) == 0 && len(strings.Fields(question)) == 0 {
		return nil, ErrEmptyQuestion
	}
	k = max(k, 1)
	hits, err := a.Index.Search(ctx, question, k, a.Mode)
	if err != nil {
		return nil, err
	}
	ans := &Answer{Question: question}
	threshold := MinCoverage
	if a.MinCoverage > 0 {
		threshold = a.MinCoverage
	}
	if len(hits) == 0 || hits[0].Coverage < threshold {
		ans.Lead = NotCovered
		return ans, nil
	}
	ans.Answered = true
	q := a.Index.parseQuery(question)
	ans.Lead = a.Index.lead(q, hits[0].Passage)
	for _, h := range hits {
		ans.Quotes = append(ans.Quotes, Quote{Passage: h.Passage, Score: h.Score, Coverage: h.Coverage})
	}
	return ans, nil
}

// lead picks the one or two consecutive sentences of a passage that cover most of the
// question (idf-weighted, as Hit.Coverage), preferring the earlier on ties; a pair is taken
// only when it covers more than its better sentence alone.
func (x *Index) lead(q *query, p *corpus.Passage) string {
	spans := corpus.Sentences(p.Text)
	if len(spans) == 0 {
		return p.Text
	}
	score := func(text string) float64 {
		c := x.coverage(q, &corpus.Passage{Text: text})
		if x.formMatch(q, &corpus.Passage{Text: text}) > 0 {
			c += 0.1
		}
		return c
	}
	best, bestScore := p.Text[spans[0].Start:spans[0].End], -1.0
	for i, s := range spans {
		one := p.Text[s.Start:s.End]
		if sc := score(one); sc > bestScore+1e-9 {
			best, bestScore = one, sc
		}
		if i+1 < len(spans) {
			two := p.Text[s.Start:spans[i+1].End]
			if sc := score(two); sc > bestScore+0.05 {
				best, bestScore = two, sc
			}
		}
	}
	return best
}

// Citation names a passage's source in one line: title, author, section, line range and the
// passage ID, e.g. `Governance and the Security Sector, David Chuter — "So in practice",
// lines 56–60 (passage db7c3989f9d5)`.
func Citation(p *corpus.Passage) string {
	var b strings.Builder
	b.WriteString(p.Title)
	if p.Author != "" {
		b.WriteString(", " + p.Author)
	}
	b.WriteString(" — ")
	if s := p.Section(); s != "" {
		b.WriteString("“" + s + "”, ")
	}
	if p.FirstLine == p.LastLine {
		fmt.Fprintf(&b, "line %d", p.FirstLine)
	} else {
		fmt.Fprintf(&b, "lines %d–%d", p.FirstLine, p.LastLine)
	}
	fmt.Fprintf(&b, " (passage %s)", p.ID)
	return b.String()
}

package bot

import (
	"context"
	"fmt"
	"io"
)

// Explain writes how a question is analysed and how its k best passages score, for tuning.
func (x *Index) Explain(ctx context.Context, w io.Writer, question string, k int) error {
	q := x.parseQuery(question)
	fmt.Fprintf(w, "form %d subject %v\n", q.form, q.subject)
	for _, t := range q.terms {
		fmt.Fprintf(w, "  %s→%s idf %.2f:", t.word, t.term, t.idf)
		for i, e := range t.exp {
			if i == 12 {
				break
			}
			fmt.Fprintf(w, " %s:%.2f", x.bm25.terms[e.id], e.weight)
		}
		fmt.Fprintln(w)
	}
	hits, err := x.Search(ctx, question, k, Hybrid)
	if err != nil {
		return err
	}
	for i, h := range hits {
		fmt.Fprintf(w, "%2d %.3f kw %.2f cov %.2f vec %.3f form %.0f | %s | %s\n", i+1, h.Score, h.Keyword, h.Coverage, h.Vector, h.Form, h.Passage.Section(), clip(h.Passage.Text, 90))
	}
	return nil
}

// ExplainExpected writes, for a question, the features of the top hits and of the first
// passage matching expect, for tuning.
func (x *Index) ExplainExpected(ctx context.Context, w io.Writer, question string, expect []string) error {
	hits, err := x.Search(ctx, question, 200, Hybrid)
	if err != nil {
		return err
	}
	for i, h := range hits {
		m := Matches(h.Passage.Text, expect)
		if i < 2 || m {
			mark := " "
			if m {
				mark = "*"
			}
			fmt.Fprintf(w, "  %s%3d %.3f kw %5.2f cov %.2f soft %.2f prox %.2f vec %.3f form %.1f len %d | %s\n", mark, i+1, h.Score, h.Keyword, h.Coverage, h.SoftCoverage, h.Proximity, h.Vector, h.Form, len(h.Passage.Text), clip(h.Passage.Text, 60))
			q := x.parseQuery(question)
			e := x.evidence(q, x.infoOf(h.Passage.ID))
			fmt.Fprintf(w, "        soft %.2f", e.soft)
			for i, t := range q.terms {
				fmt.Fprintf(w, " %s(%.1f,df%d)=%.2f", t.term, t.idf, x.bm25.df(t.term), e.match[i])
			}
			fmt.Fprintln(w)
		}
		if m {
			break
		}
	}
	return nil
}

// Candidates returns the Hybrid candidates of a question with their features, unranked,
// for tuning the fusion weights.
func (x *Index) Candidates(ctx context.Context, question string) ([]Hit, error) {
	return x.hybrid(ctx, x.parseQuery(question))
}

package bot

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

func TestZZAnalysis(t *testing.T) {
	if os.Getenv("ANALYSIS") == "" {
		t.Skip()
	}
	x := sharedCorpus(t)
	if os.Getenv("ANALYSIS") == "builtin" {
		x = builtin(t)
	}
	for _, f := range []string{filepath.Join(shared, "eval/seed-dev.jsonl"), filepath.Join(shared, "eval/public-dev.jsonl"), "testdata/offtopic.jsonl"} {
		r, _ := os.Open(f)
		qs, _ := ReadQuestions(r, f)
		r.Close()
		for _, q := range qs {
			hits, _ := x.Search(context.Background(), q.Question, 1, Hybrid)
			if len(hits) == 0 {
				fmt.Printf("%-10s U=%v none\n", q.ID, q.Unanswerable)
				continue
			}
			pq := x.parseQuery(q.Question)
			e := x.evidence(pq, &x.info[x.byID[hits[0].Passage.ID]])
			ok := !q.Unanswerable && Matches(hits[0].Passage.Text, q.ExpectAny)
			type tw struct {
				w, m float64
				s    string
			}
			var ts []tw
			for i, t := range pq.terms {
				ts = append(ts, tw{t.idf, e.softMatch[i], t.term})
			}
			sort.Slice(ts, func(i, j int) bool { return ts[i].w > ts[j].w })
			key := ""
			for i, t := range ts {
				if i < 3 {
					key += fmt.Sprintf(" %s:%.1f=%.2f", t.s, t.w, t.m)
				}
			}
			why := x.unsupported(pq, hits[0].Passage, MinCoverage)
			fmt.Printf("%-10s U=%-5v ok=%-5v soft=%.2f strict=%.2f |%s | %s\n", q.ID, q.Unanswerable, ok, e.soft, e.strict, key, why)
		}
	}
}

package bot

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestForeignQuestions checks that a question written in French or Spanish loses that
// language's function words, which the English corpus does not use and which would otherwise
// carry the whole question, and that no English question of the question sets is taken for
// another language.
func TestForeignQuestions(t *testing.T) {
	x := sharedCorpus(t)
	words := func(q string) []string {
		var out []string
		for _, tok := range x.an.tokens(q) {
			out = append(out, tok.word)
		}
		return out
	}
	for _, q := range []string{"Comment faire un gâteau au chocolat ?", "Quelle est la capitale de la France ?", "¿Quién puede declarar la guerra?", "Quelle heure est-il ?"} {
		if foreignStopword(q, words(q)) == nil {
			t.Errorf("%q: read as English", q)
		}
	}
	a := &Answerer{Index: x}
	// Nor are its other words corrected into English ones ("gare", "quelle" → "quell").
	for _, q := range []string{"Comment faire un gâteau au chocolat ?", "Où est la gare ?", "Comment faire une tarte aux pommes ?", "Quelle heure est-il ?"} {
		ans, err := a.Answer(context.Background(), q, 1)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered {
			t.Errorf("%q answered with %q", q, ans.Lead)
		}
	}
	for _, set := range []string{filepath.Join(shared, "eval", "seed-dev.jsonl"), filepath.Join(shared, "eval", "public-dev.jsonl"), "testdata/heldout.jsonl", "testdata/heldout2.jsonl", "testdata/offtopic.jsonl"} {
		f, err := os.Open(set)
		if err != nil {
			t.Fatal(err)
		}
		qs, err := ReadQuestions(f, set)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			if foreignStopword(q.Question, words(q.Question)) != nil {
				t.Errorf("%s %s %q: taken for another language", set, q.ID, q.Question)
			}
		}
	}
}

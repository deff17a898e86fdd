package bot

import (
	"context"
	"fmt"
	"testing"
)

// TestBracketedShare checks what counts as an editor's note: bracketed text, including a
// note the passage begins or ends inside, and not a Markdown link's text.
func TestBracketedShare(t *testing.T) {
	for _, c := range []struct {
		text string
		want float64
	}{
		{"[Tu Mu says this.]", 1},
		{"abcd [ef]", 0.5}, // "[ef]" is 4 of 8 characters
		{"abcd", 0},
		{"", 0},
		{"ab] cd", 0.6},         // began inside a note: 3 of 5
		{"ab [cd", 0.6},         // ends inside one: 3 of 5
		{"[ab](cd)", 0},         // a Markdown link
		{"[a [b] c]", 1},        // nested
		{"x] y [z] w", 5.0 / 7}, // "x]" and "[z]" of x]y[z]w
	} {
		if got := bracketedShare(c.text); fmt.Sprintf("%.2f", got) != fmt.Sprintf("%.2f", c.want) {
			t.Errorf("bracketedShare(%q) = %.2f, want %.2f", c.text, got, c.want)
		}
	}
}

// TestTextRanksAboveItsNote checks that where an annotated text's own words and a
// commentator's bracketed note match a question alike, the text's words rank first.
func TestTextRanksAboveItsNote(t *testing.T) {
	x := textsIndex(t,
		"text.txt", "Chapter VII\n\n36. When you surround an army, leave an outlet free. Do not press a desperate foe too hard, or he will fight.",
		"note.txt", "Chapter VII\n\n[When you surround an army, leave an outlet free, or a desperate foe will fight.]",
	)
	hits, err := x.Search(context.Background(), "when you surround an army, should you leave an outlet free, or will a desperate foe fight?", 2, Hybrid)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) < 2 || hits[0].Passage.DocumentID != "text" {
		var got []string
		for _, h := range hits {
			got = append(got, fmt.Sprintf("%s %.3f", h.Passage.DocumentID, h.Score))
		}
		t.Fatalf("hits %q, want text first", got)
	}
}

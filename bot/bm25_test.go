package bot

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestPostingsIn checks the postings of an index of more passages than a segment holds
// (postingSegment) against the passages' texts: for ranges of passages within, across and
// at the edges of segments, postingsIn gives every passage holding the term, ascending,
// with its doubled frequency — also for a term whose postings skip whole segments.
func TestPostingsIn(t *testing.T) {
	n := 2*postingSegment + 1000
	words := func(i int) []string {
		var w []string
		if i%3 == 0 {
			w = append(w, "alpha")
		}
		if i%7 == 0 {
			w = append(w, "bravo", "bravo")
		}
		if i >= postingSegment+10 && i < postingSegment+20 {
			w = append(w, "charlie")
		}
		return append(w, "delta")
	}
	doc := &corpus.Document{ID: "d", Passages: make([]corpus.Passage, n)}
	x := newIndex(IndexOptions{}.withDefaults())
	for i := range doc.Passages {
		doc.Passages[i] = corpus.Passage{ID: fmt.Sprint(i), Text: strings.Join(words(i), " ") + "."}
		x.passages = append(x.passages, &doc.Passages[i])
	}
	x.analyse()
	b := x.bm25
	if got := b.segments(); got != 3 {
		t.Fatalf("%d passages make %d segments, want 3", n, got)
	}
	for _, term := range []string{"alpha", "bravo", "charlie", "delta"} {
		id, ok := b.id(term)
		if !ok {
			t.Fatalf("no term %q", term)
		}
		for _, r := range [][2]int{{0, n}, {0, postingSegment}, {postingSegment - 1, postingSegment + 1}, {100, n - 100},
			{postingSegment + 15, postingSegment + 15}, {2 * postingSegment, n}, {n - 1, n}} {
			var got, want []string
			for _, run := range b.postingsIn(nil, id, r[0], r[1]) {
				for j, low := range run.low {
					got = append(got, fmt.Sprintf("%d×%d", int(run.base)+int(low), run.tf[j]))
				}
			}
			for i := r[0]; i < r[1]; i++ {
				if c := len(slices.DeleteFunc(words(i), func(w string) bool { return w != term })); c > 0 {
					want = append(want, fmt.Sprintf("%d×%d", i, 2*c))
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s in passages %d to %d: %d postings, want %d", term, r[0], r[1]-1, len(got), len(want))
			}
		}
	}
}

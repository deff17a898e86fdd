package bot

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestPassageAndContext checks Passage and Context, on the index built from the shared
// corpora and on its snapshot, against the documents: every passage is found by its ID (in
// any case, with spaces around), and its context is its neighbours in its document.
func TestPassageAndContext(t *testing.T) {
	ctx := context.Background()
	x := sharedCorpus(t)
	var buf bytes.Buffer
	if err := x.WriteSnapshot(&buf, "k"); err != nil {
		t.Fatal(err)
	}
	y, err := ReadSnapshot(ctx, buf.Bytes(), "k", IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, idx := range map[string]*Index{"built": x, "snapshot": y} {
		if got := idx.Passage("no such passage"); got != nil {
			t.Errorf("%s: Passage(unknown) = %v, want nil", name, got.ID)
		}
		if got := idx.Context("no such passage", 1); got != nil {
			t.Errorf("%s: Context(unknown) = %d passages, want nil", name, len(got))
		}
		for _, d := range idx.Documents() {
			for i := range d.Passages {
				p := &d.Passages[i]
				if got := idx.Passage(" " + strings.ToUpper(p.ID) + " "); got != p {
					t.Fatalf("%s: Passage(%q) is not the document's passage", name, p.ID)
				}
				var want []*corpus.Passage
				for k := max(i-2, 0); k < min(i+3, len(d.Passages)); k++ {
					want = append(want, &d.Passages[k])
				}
				if got := idx.Context(p.ID, 2); !slices.Equal(got, want) {
					t.Fatalf("%s: Context(%q, 2) = %d passages, want %d around it in %s", name, p.ID, len(got), len(want), d.ID)
				}
			}
		}
	}
}

// TestPassageSharedID checks that of passages with the same ID, Passage finds the last, as a
// map from ID to passage filled in order would.
func TestPassageSharedID(t *testing.T) {
	docs := []*corpus.Document{
		{ID: "a", Passages: []corpus.Passage{{ID: "same", Text: "The first text about armies."}, {ID: "other", Text: "Navies."}}},
		{ID: "b", Passages: []corpus.Passage{{ID: "same", Text: "The second text about armies."}}},
	}
	x, err := NewIndex(context.Background(), docs, IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := x.Passage("same"), &docs[1].Passages[0]; got != want {
		t.Errorf("Passage(same) = %q, want %q", got.Text, want.Text)
	}
	if got := x.Context("other", 5); len(got) != 2 || got[0] != &docs[0].Passages[0] {
		t.Errorf("Context(other, 5) = %d passages, want both of document a", len(got))
	}
}

// TestHeadingNumeral checks that the heading field writes the numeral I of a numbered unit
// as 1, which the stopword "I" would hide, and leaves the pronoun alone.
func TestHeadingNumeral(t *testing.T) {
	for heading, want := range map[string]string{
		"AMENDMENT I":             "AMENDMENT 1",
		"Chapter I. LAYING PLANS": "Chapter 1. LAYING PLANS",
		"Article. I.":             "Article. 1.",
		"AMENDMENT II":            "AMENDMENT II",
		"What I learned":          "What I learned",
		"I am the state":          "I am the state",
	} {
		p := &corpus.Passage{Headings: []string{heading}}
		if got := headingText(p); got != want {
			t.Errorf("headingText(%q) = %q, want %q", heading, got, want)
		}
	}
}

// TestHeadingFieldNamesTheUnit checks that a passage whose two innermost headings number
// nothing (a subtitle and a byline) keeps the nearest numbered heading above them in its
// heading field, and that one whose innermost headings number it does not take outer ones.
func TestHeadingFieldNamesTheUnit(t *testing.T) {
	for _, tt := range []struct {
		headings []string
		want     string
	}{
		{[]string{"FEDERALIST No. 10", "The Same Subject Continued", "MADISON"}, "FEDERALIST No. 10 The Same Subject Continued MADISON"},
		{[]string{"Title 10— ARMED FORCES", "CHAPTER 2— DEPARTMENT OF DEFENSE", "§ 113. Secretary of Defense"}, "CHAPTER 2— DEPARTMENT OF DEFENSE § 113. Secretary of Defense"},
		{[]string{"Title 10— ARMED FORCES", "§ 113. Secretary of Defense", "(c) Reports"}, "§ 113. Secretary of Defense (c) Reports"},
		{[]string{"Guide", "Background", "Details"}, "Background Details"},
	} {
		p := &corpus.Passage{Headings: tt.headings}
		if got := headingText(p); got != tt.want {
			t.Errorf("headingText(%q) = %q, want %q", tt.headings, got, tt.want)
		}
	}
}

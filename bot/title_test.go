package bot

import (
	"context"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

func TestHeadingNamed(t *testing.T) {
	x := textIndex(t, "empty.md", "# Nothing\n\nA text.")
	tests := []struct {
		question, heading string
		want              bool
	}{
		{"how long must a retired general wait before becoming secretary of defense?", "§ 113. Secretary of Defense", true},
		{"how long must a retired general wait before becoming secretary of defense?", "§ 132. Deputy Secretary of Defense", false},
		// "Under" is a stopword but part of the title.
		{"how long must a retired general wait before becoming secretary of defense?", "(a) Under Secretary of Defense .", false},
		{"What is the chain of command to a combatant commander?", "(b) Chain of Command .", true},
		{"In Chuter's security hierarchy, what level sits below security policy?", "The security hierarchy", true},
		// A heading that asks a question names no subject; one word of content is too little.
		{"What is the security sector?", "What is the security sector?", false},
		{"What does Article I say about the Senate?", "ARTICLE I", false},
		{"Who commands the militia?", "The Militia", false},
	}
	for _, tt := range tests {
		p := &corpus.Passage{Headings: []string{"Title 10", tt.heading}}
		if got := x.headingNamed(x.titleWords(tt.question), p); got != tt.want {
			t.Errorf("headingNamed(%q, %q) = %v, want %v", tt.question, tt.heading, got, tt.want)
		}
	}
}

// TestTitleNamedRanksFirst checks that of sections stating the same rule for different
// offices, the one whose title the question names ranks first.
func TestTitleNamedRanksFirst(t *testing.T) {
	rule := func(office string) string {
		return "(a) There is a " + office + ", appointed from civilian life by the President. A person may not be appointed as " + office + " within seven years after relief from active duty as a commissioned officer of a regular component of an armed force.\n\n"
	}
	x := textsIndex(t, "usc.md",
		"# § 132. Deputy Secretary of Defense\n\n"+rule("Deputy Secretary of Defense")+
			"# § 133. Under Secretary of Defense\n\n"+rule("Under Secretary of Defense")+
			"# § 113. Secretary of Defense\n\n"+rule("Secretary of Defense")+
			"# § 134. Assistant Secretary of Defense\n\n"+rule("Assistant Secretary of Defense"))
	hits, err := x.Search(context.Background(), "How long does a retired general have to wait before becoming Secretary of Defense?", 4, Hybrid)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].Passage.Headings[len(hits[0].Passage.Headings)-1] != "§ 113. Secretary of Defense" {
		t.Fatalf("hits %q, want § 113 first", describeHits(hits))
	}
}

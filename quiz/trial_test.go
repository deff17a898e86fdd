package quiz

import (
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// phrases makes a pool of phrases of document "other".
func phrases(texts ...string) []phrase {
	var out []phrase
	for _, t := range texts {
		out = append(out, newPhrase(t, "other"))
	}
	return out
}

// trialPassage is a passage holding none of the trials' options.
func trialPassage(t *testing.T) *corpus.Passage {
	t.Helper()
	doc, err := corpus.Parse("t.md", []byte("# Orders\n\nThe garrison shall hold the fort until relieved.\n"), corpus.Meta{ID: "t", Title: "Orders"})
	if err != nil {
		t.Fatal(err)
	}
	return &doc.Passages[0]
}

// TestListOptionsShapedAsItems checks that a list item's distractors have as many words as
// its list's items: "attacked, _____, and destroyed" offered "captured soldiers".
func TestListOptionsShapedAsItems(t *testing.T) {
	g := &generator{}
	p := trialPassage(t)
	pool := phrases("captured soldiers", "burned villages", "sacked towns", "occupied")
	for seed := range uint64(5) {
		g.opts.Seed = seed
		for _, o := range g.distractors(g.rng(p, "x"), p, "seized", "attacked, seized, destroyed", 3, false, pool) {
			if strings.Contains(o, " ") {
				t.Errorf("seed %d: option %q beside the one-word items of \"attacked, seized, destroyed\"", seed, o)
			}
		}
	}
}

// TestOptionsNotCoordinated checks that a phrase joining two things by "and" is no option for
// one thing ("Britain and Spain" for "Pope Julius"), and that a name does not run on through
// "and" into a phrase of another kind ("Executive and of the Senate").
func TestOptionsNotCoordinated(t *testing.T) {
	g := &generator{}
	p := trialPassage(t)
	pool := phrases("Britain and Spain", "France and Holland", "Tribunes of Rome", "Lord Mansfield")
	for seed := range uint64(5) {
		g.opts.Seed = seed
		for _, o := range g.distractors(g.rng(p, "x"), p, "Pope Julius", "", 3, true, pool) {
			if coordinated(o) {
				t.Errorf("seed %d: option %q for %q", seed, o, "Pope Julius")
			}
		}
	}
	for _, n := range names("It needs the concurrence of the Executive and of the Senate of the United States.", true) {
		if strings.Contains(n, " and ") {
			t.Errorf("names gave %q", n)
		}
	}
	if got := names("It goes to the Senate and House of Representatives for approval.", true); len(got) != 1 || got[0] != "Senate and House of Representatives" {
		t.Errorf("names = %q, want [\"Senate and House of Representatives\"]", got)
	}
}

// TestOptionsNoClassOfTheItems checks that a phrase naming a class the list's items are of
// is no distractor: "The military departments" was offered for what "The Department is
// composed of", beside "The Department of the Army" and "The Department of the Navy" (10
// U.S.C. 111(b)), and is true.
func TestOptionsNoClassOfTheItems(t *testing.T) {
	g := &generator{}
	p := trialPassage(t)
	kin := "The Office of the Secretary of Defense, The Joint Chiefs of Staff, The Joint Staff, The Defense Agencies, The Department of the Army, The Department of the Navy"
	pool := phrases("The military departments", "The Assistant Secretary", "The Coast Guard", "The regional commands")
	for seed := range uint64(5) {
		g.opts.Seed = seed
		for _, o := range g.distractors(g.rng(p, "x"), p, "The Joint Staff", kin, 3, false, pool) {
			if o == "The military departments" {
				t.Errorf("seed %d: option %q beside %q", seed, o, kin)
			}
		}
	}
}

// TestNumberOptionsOfScale checks that a number's distractors are of its scale: "1825 days"
// and "2190 days" were offered for "14 days" and "28 days".
func TestNumberOptionsOfScale(t *testing.T) {
	g := &generator{byUnit: map[string][]numberPhrase{}}
	for _, v := range []int{1825, 2190, 10, 30, 7, 60} {
		g.byUnit["day"] = append(g.byUnit["day"], numberPhrase{newPhrase("", "other"), v})
	}
	p := trialPassage(t)
	for seed := range uint64(5) {
		g.opts.Seed = seed
		for _, o := range g.numberDistractors(sentence{p: p, text: "Report within 14 days."}, []string{"14 days", "14", "days"}) {
			v, _ := numberValue(strings.Fields(o)[0])
			if v > 14*4 || v*4 < 14 {
				t.Errorf("seed %d: option %q for %q", seed, o, "14 days")
			}
		}
	}
}

// TestSubjectNoQuantifier checks that a sentence's subject opening with a quantifier is no
// distractor: "Each company" was offered for "a soldier trained to fight on foot".
func TestSubjectNoQuantifier(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"Each company must keep a roll of its soldiers.", ""},
		{"Every officer shall carry a sidearm on duty.", ""},
		{"The security forces must be effective in what they do.", "security forces"},
	} {
		if got := subject(tt.text); got != tt.want {
			t.Errorf("subject(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestFootnoteNumbersNotQuizzed checks that a sentence with a footnote's number glued to a
// word, as Project Gutenberg prints them, is not quizzed: "Divide et impera1 must be the
// motto of every nation that either hates or fears us.2 PUBLIUS."
func TestFootnoteNumbersNotQuizzed(t *testing.T) {
	doc, err := corpus.Parse("f.md", []byte("# Federalist\n\n"+
		"Divide et impera1 must be the motto of every nation that either hates or fears us.2 PUBLIUS.\n\n"+
		"The league,9 which gave a deadly blow to the republic, was formed by the Pope.\n\n"+
		"The security forces must be effective in what they do.\n"), corpus.Meta{ID: "f", Title: "Federalist"})
	if err != nil {
		t.Fatal(err)
	}
	g := &generator{byUnit: map[string][]numberPhrase{}}
	var got []string
	for i := range doc.Passages {
		for _, s := range g.read(&doc.Passages[i]) {
			got = append(got, s.text)
		}
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "The security forces") {
		t.Errorf("sentences quizzed: %q, want only the one without a footnote's number", got)
	}
}

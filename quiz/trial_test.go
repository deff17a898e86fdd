package quiz

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

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

// candidates makes candidates of a list item's distractors, all of the first tier.
func candidates(texts ...string) []candidate {
	var out []candidate
	for _, t := range texts {
		out = append(out, candidate{text: t})
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
	pool := candidates("captured soldiers", "burned villages", "sacked towns", "occupied", "plundered", "burned")
	for seed := range uint64(5) {
		g.opts.Seed = seed
		for _, o := range g.listDistractors(g.rng(p, "x"), p, "seized", []string{"attacked", "seized", "destroyed"}, pool) {
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
		for _, o := range g.distractors(g.rng(p, "x"), p, "Pope Julius", 3, true, pool) {
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
	kin := []string{"The Office of the Secretary of Defense", "The Joint Chiefs of Staff", "The Joint Staff", "The Defense Agencies",
		"The Department of the Army", "The Department of the Navy"}
	pool := candidates("The military departments", "The Assistant Secretary", "The Coast Guard", "The regional commands")
	for seed := range uint64(5) {
		g.opts.Seed = seed
		for _, o := range g.listDistractors(g.rng(p, "x"), p, "The Joint Staff", kin, pool) {
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

// trialDocs loads the excerpts of the shared corpora in testdata/trial that a new-user trial's
// items came from (see testdata/trial/SOURCES).
func trialDocs(t *testing.T) []*corpus.Document {
	t.Helper()
	docs, err := corpus.Load([]string{"testdata/trial"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// trial holds the items Generate makes of the trial's documents (see trialItems).
var trial struct {
	sync.Mutex
	items []Item
}

// trialItems returns the items Generate makes of the trial's documents with seeds 0 to 9,
// made once for the tests that look at them.
func trialItems(t *testing.T) []Item {
	t.Helper()
	trial.Lock()
	defer trial.Unlock()
	if trial.items == nil {
		docs := trialDocs(t)
		for seed := range uint64(10) {
			trial.items = append(trial.items, Generate(docs, GenerateOptions{Seed: seed})...)
		}
	}
	return trial.items
}

// titleWords reports whether every word of s but "of", "the", "and" and "for" is
// capitalised, as in a name ("Air Force", "The Department of the Navy"), s having two words
// or more.
func titleWords(s string) bool {
	words := strings.Fields(s)
	for _, w := range words {
		switch w {
		case "of", "the", "and", "for":
			continue
		}
		if !unicode.IsUpper([]rune(w)[0]) {
			return false
		}
	}
	return len(words) > 1
}

// TestNineVarietiesOfGround checks the item a new-user trial was asked of The Art of War, XI.1
// ("which of these is listed after 'The art of war recognises nine varieties of ground:'?"),
// whose right answer was three items joined, "difficult ground; (8) hemmed-in ground; (9)
// desperate ground" (the next paragraph, "2. When a chieftain …", read as a fourth line of the
// list), among "holding their offices during pleasure", "covered over with raw hides" and
// "focused on significant alterations", of other texts and shapes. The right answer is one of
// the nine grounds, and every distractor is a phrase of The Art of War, written as the answer
// is (capitalised or not, of one to three words), never holding a list's marker.
func TestNineVarietiesOfGround(t *testing.T) {
	grounds := []string{"Dispersive ground", "facile ground", "contentious ground", "open ground", "ground of intersecting highways",
		"serious ground", "difficult ground", "hemmed-in ground", "desperate ground"}
	var art string
	for _, d := range trialDocs(t) {
		if d.ID == "art-of-war" {
			for _, p := range d.Passages {
				art += p.Text + "\n"
			}
		}
	}
	asked := 0
	for _, it := range trialItems(t) {
		if it.Kind != Choice || !strings.Contains(it.Stem, "nine varieties of ground") {
			continue
		}
		asked++
		right := it.Right()
		if !slices.Contains(grounds, right) {
			t.Errorf("right answer %q is none of the nine grounds: %s", right, it.Stem)
		}
		for i, o := range it.Options {
			if i == it.Answer {
				continue
			}
			n := len(strings.Fields(o))
			if !Found(o, art) || strings.ContainsAny(o, ";()") || n < 1 || n > 3 ||
				unicode.IsUpper([]rune(o)[0]) != unicode.IsUpper([]rune(right)[0]) {
				t.Errorf("distractor %q for %q: not a phrase of The Art of War shaped as the answer (options %q)", o, right, it.Options)
			}
		}
	}
	if asked == 0 {
		t.Error("the nine varieties of ground were never asked")
	}
}

// TestListedOptionsShapedAsTheAnswer checks the items a new-user trial found guessable in the
// lists of the U.S. Code: "An explanation of the procedures for civilian law enforcement
// officials" (an item cut before its sublist, "(A) to obtain …") among "The Department of
// the Air Force", "The Office of the Secretary of Defense" and "The Department of the Navy";
// "Direct action" among "organization", "activity" and "Air Force". An item that opens a
// sublist is not asked, and every distractor of a listed item is capitalised as the right
// answer, a name only beside a name, and of about its number of words (half as many again,
// one at least).
func TestListedOptionsShapedAsTheAnswer(t *testing.T) {
	asked := map[string]int{}
	for _, it := range trialItems(t) {
		if it.Kind != Choice || !strings.Contains(it.Stem, "is listed after") {
			continue
		}
		asked[it.Source.DocumentID]++
		right := it.Right()
		if strings.HasPrefix(right, "An explanation of the procedures") {
			t.Errorf("asked an item cut before its sublist: %q (options %q)", right, it.Options)
		}
		aw := len(strings.Fields(right))
		for i, o := range it.Options {
			if i == it.Answer {
				continue
			}
			ow := len(strings.Fields(o))
			if unicode.IsUpper([]rune(o)[0]) != unicode.IsUpper([]rune(right)[0]) || titleWords(o) && !titleWords(right) ||
				ow < aw-max(1, aw/2) || ow > aw+max(1, aw/2) {
				t.Errorf("distractor %q beside %q (options %q): %s", o, right, it.Options, it.Stem)
			}
		}
	}
	if asked["usc10"] == 0 {
		t.Errorf("no list of 10 U.S.C. asked: %v", asked)
	}
}

// contentStems returns the words of s but "the", "of", "a", "an" and "and", lower case, with
// a plural's "s" or "ies" made singular ("agencies" → "agency"), sorted: two options with the
// same say one thing.
func contentStems(s string) string {
	var out []string
	for _, w := range strings.Fields(normalize(s)) {
		switch w {
		case "the", "of", "a", "an", "and":
			continue
		}
		if t, ok := strings.CutSuffix(w, "ies"); ok {
			w = t + "y"
		} else if len(w) > 3 && !strings.HasSuffix(w, "ss") {
			w = strings.TrimSuffix(w, "s")
		}
		out = append(out, w)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// TestNoOtherWayOfSayingTheAnswer checks that no distractor says the right answer in other
// words: a trial's blank of Federalist No. 42 ("Among the restraints imposed by the _____ on
// its members …") offered both "United Netherlands" and "Union of the Netherlands", one
// counted right. No item's options are the same words but for case, articles and plural
// ("agency", "agencies"), and the Union of the Netherlands has no "United Netherlands" beside
// it.
func TestNoOtherWayOfSayingTheAnswer(t *testing.T) {
	for _, it := range trialItems(t) {
		if it.Kind != Choice {
			continue
		}
		seen := map[string]string{}
		for _, o := range it.Options {
			if other, ok := seen[contentStems(o)]; ok {
				t.Errorf("options %q and %q say one thing: %q", other, o, it.Options)
			}
			seen[contentStems(o)] = o
		}
		if it.Right() == "Union of the Netherlands" {
			for _, o := range it.Options {
				if contentStems(o) == "netherland united" {
					t.Errorf("option %q beside the Union of the Netherlands: %s", o, it.Stem)
				}
			}
		}
	}
}

// TestVariant checks what says a phrase in other words (roots.variant, roots.saysVariant):
// its words of content in any form — an inflection, a derivation, another spelling, a
// misprint — in any order; and what names a thing of the same realm (roots.sameRealm).
func TestVariant(t *testing.T) {
	var c roots
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"United Netherlands", "Union of the Netherlands", true},
		{"THE United Netherlands", "Netherlands", true},
		{"agencies", "agency", true},
		{"defence", "defense", true},
		{"disorganisation", "disorganization", true},
		{"honour", "honor", true},
		{"Pennsylvanis", "Pennsylvania", true},
		{"seven years", "7 years", true},
		{"thirty years", "thirty-five years", false},
		{"Secretary of State", "Secretary of Defense", false},
		{"police", "policy", false},
		{"entangling ground", "difficult ground", false},
		{"Department of the Army", "Secretary of the Army", false},
	} {
		if got := c.variant(tt.a, tt.b); got != tt.want {
			t.Errorf("variant(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"Union of the Netherlands", "States-General of the Netherlands", true},
		{"king of Great Britain", "Parliament of Great Britain", true},
		{"United States", "United Provinces", false},
		{"Secretary of the Army", "Department of the Army", false},
	} {
		if got := c.sameRealm(tt.a, tt.b); got != tt.want {
			t.Errorf("sameRealm(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	text := "(1) Dispersive ground; (2) facile ground; (3) contentious ground."
	for _, tt := range []struct {
		phrase string
		want   bool
	}{
		{"facile grounds", true},
		{"ground facile", true},
		{"contentious", true},
		{"dispersive heights", false},
		{"facile contentious", false},
	} {
		if got := c.saysVariant(text, tt.phrase); got != tt.want {
			t.Errorf("saysVariant(%q, %q) = %v, want %v", text, tt.phrase, got, tt.want)
		}
	}
}

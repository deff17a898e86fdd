package quiz

import (
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestSameKind checks that options are told of one kind or not as their grammar says: a trial
// offered the adjective "real" and the infinitive "TO ACT" beside the nouns "inadvertence"
// and "INDEFINITE PERIOD OF TIME", and the noun "communications" for the verb "disable".
func TestSameKind(t *testing.T) {
	tests := []struct {
		answer, option string
		want           bool
	}{
		{"inadvertence", "real", false},
		{"inadvertence", "hopes", true},
		{"inadvertence", "false reasonings", true},
		{"INDEFINITE PERIOD OF TIME", "TO ACT", false},
		{"INDEFINITE PERIOD OF TIME", "great extent of the country", true},
		{"disable", "communications", false},
		{"disable", "fund", false},
		{"disable", "control", true},
		{"to raise armies", "to act", true},
		{"to raise armies", "standing armies", false},
		{"real", "legislative", true},
		{"meant for duration", "infected with local prejudices", true},
		{"meant for duration", "an extensive navigation", false},
		{"Secretary of Defense", "Joint Chiefs of Staff", true},
		{"Secretary of Defense", "Abolish the Union", false},
		{"Ch’in State", "Sung State", true},
		{"proper tasking", "the intelligence services", true},
		{"Any direct participation in the collection of intelligence", "The term Indian tribe means a Federally recognized Indian tribe", false},
		{"enmities", "attacked", false},
	}
	for _, tt := range tests {
		if got := sameKind(tt.answer, tt.option); got != tt.want {
			t.Errorf("sameKind(%q, %q) = %v, want %v (kinds %06b, %06b)", tt.answer, tt.option, got, tt.want,
				phraseKind(tt.answer), phraseKind(tt.option))
		}
	}
}

// TestEmphasis checks that words The Federalist sets in capitals for emphasis are no name:
// "LIKE KIND" and "SINGLE BODY" were names, and "LIKE KIND", opening with a preposition, an
// option as one.
func TestEmphasis(t *testing.T) {
	for w, want := range map[string]bool{"KIND": true, "LIKE": true, "MAXIMS,": true, "WHEN": true, "NATO": false,
		"U.S.": false, "I": false, "Kind": false, "Tzŭ": false} {
		if got := emphasis(w); got != want {
			t.Errorf("emphasis(%q) = %v, want %v", w, got, want)
		}
	}
	text := "A GREAT and INDEPENDENT fund of revenue is passing into the hands of a SINGLE BODY of men, " +
		"who can RAISE TROOPS to an INDEFINITE NUMBER, in LIKE KIND with the Polish Diet."
	if got := names(text, false); len(got) != 1 || got[0] != "Polish Diet" {
		t.Errorf("names = %q, want [Polish Diet]", got)
	}
}

// TestGenerateSharedOptionKinds checks the shared corpora's multiple-choice items as the
// trial read them: no option opens with a preposition but a name's ("Under Secretary of
// Defense") or, beside an infinitive answer, an infinitive's "to"; and every option is of the
// answer's kind (item 86b23e30fbcf offered "TO ACT" and "LIKE KIND" for "INDEFINITE PERIOD OF
// TIME", Federalist No. 73 "real" for "inadvertence").
func TestGenerateSharedOptionKinds(t *testing.T) {
	docs := sharedDocs(t)
	for _, it := range Generate(docs, GenerateOptions{}) {
		if it.Kind != Choice {
			continue
		}
		right := it.Right()
		for _, o := range it.Options {
			words := strings.Fields(normalize(o))
			if first := words[0]; prepositions[first] && !name(o) && !(first == "to" && phraseKind(right) == infinitiveKind) {
				t.Errorf("%s: option %q opens with a preposition (options %q)", it.ID, o, it.Options)
			}
			if !sameKind(right, o) {
				t.Errorf("%s: option %q is not of the kind of the answer %q (%06b, %06b)", it.ID, o, right,
					phraseKind(o), phraseKind(right))
			}
		}
	}
}

// TestGivesAway checks that an item does not show its answer: the heading "(e) Prohibition
// of Function as Armed Forces General Staff" showed the answer "Armed Forces General Staff",
// and a form of its words ("Forces", "force") shows them too; a title showing two options
// singles none out.
func TestGivesAway(t *testing.T) {
	text := "The Joint Staff shall not operate or be organized as an overall Armed Forces General Staff and shall have no executive authority."
	p := &corpus.Passage{ID: "2a13d2bbc1f8", DocumentID: "usc10", Title: "10 U.S.C. Chapters 2, 4, 5, 6",
		Headings: []string{"CHAPTER 5— JOINT CHIEFS OF STAFF", "§ 155. Joint Staff", "(e) Prohibition of Function as Armed Forces General Staff ."},
		Text:     text, FirstLine: 2516, LastLine: 2516}
	stem, ok := blank(sentence{p: p, text: text}, "Armed Forces General Staff")
	if !ok {
		t.Fatal("no blank")
	}
	it := Item{Kind: Choice, Stem: stem, Options: []string{"Armed Forces General Staff", "Inspector General", "General Counsel", "Defense Agency"},
		Support: text, Source: SourceOf(p)}
	if err := it.Check(); err == nil || !strings.Contains(err.Error(), "shows the answer") {
		t.Errorf("Check() = %v, want the question shows the answer", err)
	}
	p.Headings = p.Headings[:2]
	it.Source = SourceOf(p)
	it.Stem, _ = blank(sentence{p: p, text: text}, "Armed Forces General Staff")
	if err := it.Check(); err != nil {
		t.Errorf("without the heading, Check() = %v", err)
	}

	tests := []struct {
		text, phrase string
		want         bool
	}{
		{"Prohibition of Function as Armed Force General Staffs", "Armed Forces General Staff", true},
		{"CHAPTER 5— JOINT CHIEFS OF STAFF", "Joint Chiefs of Staff", true},
		{"CHAPTER 5— JOINT CHIEFS OF STAFF › § 155. General provisions", "Joint Chiefs General Staff", false},
		{"The Joint Staff shall not operate", "Joint Chiefs of Staff", false},
		{"through haste, _____, or design", "inadvertence", false},
		{"of the", "of the", false},
	}
	for _, tt := range tests {
		if got := shows(tt.text, tt.phrase); got != tt.want {
			t.Errorf("shows(%q, %q) = %v, want %v", tt.text, tt.phrase, got, tt.want)
		}
	}

	title := &corpus.Passage{ID: "b62d6e369633", Title: "10 U.S.C. - Department of Defense, Office of the Secretary of Defense",
		Headings: []string{"§ 113. Powers"}, Text: "The Secretary shall consult with the Secretary of Defense.", FirstLine: 59, LastLine: 59}
	tit := Item{Kind: Choice, Stem: "Fill the blank — " + where(title) + ": “The Secretary shall consult with the _____.”",
		Options: []string{"Secretary of Defense", "Department of Defense", "Inspector General", "Coast Guard"}, Source: SourceOf(title)}
	if givesAway(&tit) {
		t.Errorf("the title shows two options, yet gives the answer away: %s", tit.Stem)
	}
	tit.Options[1] = "Missile Agency"
	if !givesAway(&tit) {
		t.Errorf("the title shows the answer alone, yet does not give it away: %s", tit.Stem)
	}
}

// TestWhereCites checks that a generated item names its source as an answer cites it: title,
// section path and lines ("The Federalist Papers · FEDERALIST No. 73 › HAMILTON · lines
// 21663–21675"), where Federalist items said "The Federalist Papers (HAMILTON)".
func TestWhereCites(t *testing.T) {
	text := "The primary inducement to conferring the power in question upon the Executive is to enable him to defend himself. " +
		"The President shall have a qualified negative upon the acts of the legislative body."
	doc := &corpus.Document{ID: "federalist", Title: "The Federalist Papers", Passages: []corpus.Passage{{ID: "53248b8d0085",
		DocumentID: "federalist", Title: "The Federalist Papers", Author: "Alexander Hamilton and John Jay and James Madison",
		Headings: []string{"FEDERALIST No. 73", "HAMILTON"}, Text: text, FirstLine: 21663, LastLine: 21675}}}
	want := "The Federalist Papers · FEDERALIST No. 73 › HAMILTON · lines 21663–21675"
	if got := where(&doc.Passages[0]); got != want {
		t.Errorf("where = %q, want %q", got, want)
	}
	items := Generate([]*corpus.Document{doc}, GenerateOptions{})
	if len(items) == 0 {
		t.Fatal("no items")
	}
	for _, it := range items {
		if !strings.Contains(it.Stem, want) || strings.Contains(it.Stem, "(HAMILTON)") {
			t.Errorf("stem %q does not name %q", it.Stem, want)
		}
	}
}

// TestThingName checks which names name a thing rather than a person (their last word a
// common noun WordNet's concordance tags), so that a commentator's name gets no war's or
// state's name for an option: a quiz asking for "Chia Lin" offered "Second World War".
func TestThingName(t *testing.T) {
	for s, want := range map[string]bool{
		"Second World War":      true,
		"Ten Commentators":      true,
		"Ch’i State":            true,
		"Department of Defense": true,
		"Chia Lin":              false,
		"Great Ts’ao Ts’ao":     false,
		"John Jay":              false, // "jay" is a noun WordNet's concordance never tags
		"Duke of Chou":          false,
	} {
		if got := thingName(s); got != want {
			t.Errorf("thingName(%q) = %v, want %v", s, got, want)
		}
	}
	g := &generator{}
	o := g.newOffer(&corpus.Passage{Text: "Chi T’ien-pao’s edition places him after Chia Lin."}, "Chia Lin", nil, true)
	for text, want := range map[string]bool{"Pan Ch’ao": true, "Second World War": false, "Ch’i State": false} {
		if _, ok := o.fits(text); ok != want {
			t.Errorf("fits(%q) beside the answer Chia Lin = %v, want %v", text, ok, want)
		}
	}
}

package quiz

import (
	"slices"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestNamesEndAtTheAfterAName checks that a name does not run on through "the" after one of
// its words: "… of the Senate and the House of Representatives the Risk Assessment prepared
// …" gave the option "Armed Services of the Senate and the House of Representatives the Risk
// Assessment".
func TestNamesEndAtTheAfterAName(t *testing.T) {
	text := "Not later than February 15 each year, the Chairman shall, through the Secretary of Defense, submit to the " +
		"Committees on Armed Services of the Senate and the House of Representatives the Risk Assessment prepared under paragraph (2) in such year."
	got := names(text, false)
	for _, want := range []string{"Armed Services of the Senate and the House of Representatives", "Risk Assessment", "Secretary of Defense"} {
		if !slices.Contains(got, want) {
			t.Errorf("names = %q, want %q among them", got, want)
		}
	}
	for _, n := range got {
		if n == "Armed Services of the Senate and the House of Representatives the Risk Assessment" {
			t.Errorf("names = %q: two names run into one", got)
		}
	}
}

// TestDefinedTermsAreNouns checks that a definition's term is a noun phrase opening with no
// quantifier: "Each circle is the miniature picture …" asked which of Ingratitude,
// Experience, Felony and "Each circle" was it, and "fifth", "Unhappy" and "XI" (of "The
// fifth is …", "Unhappy is the …", "XI is the …") were options beside "operationally
// capable".
func TestDefinedTermsAreNouns(t *testing.T) {
	tests := []struct {
		text, term string // term "" when there is no definition
	}{
		{"Each circle is the miniature picture of the deformities of this political monster.", ""},
		{"The fifth is the art of keeping the army well supplied at all times.", ""},
		{"Unhappy is the fate of one who tries to win his battles without cultivating the spirit of enterprise.", ""},
		{"XI is the chapter on the nine situations that the general must know.", ""},
		{"The security sector is a set of institutions that hold the authority to use force.", "security sector"},
		{"A convoy consists of two or more vehicles moving together under one commander.", "convoy"},
	}
	for _, tt := range tests {
		term, _, _, ok := definition(tt.text)
		if ok != (tt.term != "") || term != tt.term {
			t.Errorf("definition(%q) = %q, %v; want %q", tt.text, term, ok, tt.term)
		}
	}
}

// TestKindred checks that distractors are of the answer's field, as the word vectors tell it:
// Spain and Athens were options among the states of Federalist No. 22, "real", "rich" and
// "fifth" beside "legislative", "ranger" and "agencies" beside "overhaul, modification,
// alteration".
func TestKindred(t *testing.T) {
	if got, want := listRun("New Hampshire, Rhode Island, New Jersey, and Maryland are a majority of the whole number of the States.", "Rhode Island"),
		[]string{"Hampshire", "Rhode Island", "New Jersey", "Maryland"}; !slices.Equal(got, want) {
		t.Errorf("listRun = %q, want %q", got, want)
	}
	g := &generator{}
	tests := []struct {
		kin, phrase string
		want        bool
	}{
		{"gender, race, ethnicity", "age", true},
		{"Rhode Island, New Jersey, Delaware, Georgia, South Carolina", "Massachusetts", true},
		{"Rhode Island, New Jersey, Delaware, Georgia, South Carolina", "Spain", false},
		{"Rhode Island, New Jersey, Delaware, Georgia, South Carolina", "Athens", false},
		{"Hampshire, Rhode Island, New Jersey, Delaware, Georgia, South Carolina, Maryland", "Holland", false},
		{"gender, race, ethnicity", "direction", false},
		{"powers, legislative, executive, judiciary", "judicial", true},
		{"powers, legislative, executive, judiciary", "real", false},
		{"powers, legislative, executive, judiciary", "rich", false},
		{"overhaul, modification, alteration, conversion work", "repair", true},
		{"overhaul, modification, alteration, conversion work", "ranger", false},
		{"overhaul, modification, alteration, conversion work", "agencies", false},
		{"operationally capable", "mission capable", true},
		{"operationally capable", "fifth", false},
		{"operationally capable", "Unhappy", false},
		// Words the vectors lack cannot be judged, and are not taken to be of the field.
		{"Tzŭ", "Ts’ao", false},
		{"Hampshire, Massachusetts, Rhode Island", "Ts’ao", false},
		{"legislative, executive, judiciary", "inadvertence", false},
		{"legislative, executive, judiciary", "avarice", false},
		{"gender, race, ethnicity", "enmities", false},
		{"Treason, Bribery", "Pennsylvanis", false},
	}
	for _, tt := range tests {
		if got := g.kindred(tt.kin, tt.phrase); got != tt.want {
			t.Errorf("kindred(%q, %q) = %v, want %v", tt.kin, tt.phrase, got, tt.want)
		}
	}
}

// TestListItemsOfTheirField checks the list items Generate asks: a quantifier bearing on the
// whole list is not asked with its first item ("any overhaul" of "any overhaul,
// modification, alteration, or conversion work"), a footnote's anchor is no part of its
// sentence ("FNA1-@3 New Hampshire, …"), and the options of a list of states are states.
func TestListItemsOfTheirField(t *testing.T) {
	if got := inlineList("The term major repair work means, in the case of any ship to which subsection (a) is applicable, any overhaul, modification, alteration, or conversion work which will result in a total cost of more than $10,000,000."); slices.Contains(got, "any overhaul") {
		t.Errorf("inlineList = %q, want no %q", got, "any overhaul")
	}
	states := "FNA1-@3 New Hampshire, Rhode Island, New Jersey, Delaware, Georgia, South Carolina, and Maryland are a majority of the whole number of the States, but they do not contain one third of the people."
	if got, want := clean(states), states[len("FNA1-@3 "):]; got != want {
		t.Errorf("clean = %q, want %q", got, want)
	}
	text := "# Federalist\n\n## Roll\n\nThe members came from Massachusetts, Connecticut, New York, Pennsylvania, Virginia, and North Carolina, as the roll shows.\n\n" +
		"## Ambassadors\n\nThe ambassadors of Spain, France, Holland, and Sweden attended the ceremony in the capital.\n\n" +
		"## Greece\n\nThe cities of Athens, Sparta, Thebes, and Corinth fought for the leadership of Greece.\n\n" +
		"## Majority\n\n" + states + "\n"
	doc, err := corpus.Parse("fed.md", []byte(text), corpus.Meta{ID: "fed", Title: "Federalist"})
	if err != nil {
		t.Fatal(err)
	}
	statesSet := map[string]bool{"Massachusetts": true, "Connecticut": true, "New York": true, "Pennsylvania": true, "Virginia": true,
		"North Carolina": true, "New Hampshire": true, "Rhode Island": true, "New Jersey": true, "Delaware": true, "Georgia": true,
		"South Carolina": true, "Maryland": true}
	asked := 0
	for _, it := range Generate([]*corpus.Document{doc}, GenerateOptions{}) {
		if it.Kind != Choice || !statesSet[it.Right()] {
			continue
		}
		asked++
		if it.Source.Text != states && !containsWords(normalize(it.Stem), "north carolina") {
			continue
		}
		for _, o := range it.Options {
			if !statesSet[o] {
				t.Errorf("option %q among states %q: %s", o, it.Options, it.Stem)
			}
		}
		if containsWords(it.Stem, "FNA1") {
			t.Errorf("stem shows the footnote anchor: %s", it.Stem)
		}
	}
	if asked == 0 {
		t.Error("no item asks for a state")
	}
}

// TestExistentialNotDenied checks that a statement introducing a thing and saying more of it,
// past a comma, is not denied: "There is no Officer of the Watch, who shall be appointed by
// the commandant." is false by its form; "There is a Watch Officer in each ship." may be
// denied, and so may one with a restrictive clause ("… organisations that want …").
func TestExistentialNotDenied(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"There is an Officer of the Watch, who shall be appointed by the commandant.", false},
		{"There is a Master of the Fleet appointed by the commandant, subject to the approval of the council.", false},
		{"There is a Deputy Officer in each port, whom the commandant designates.", false},
		{"There is a difference between the watch officer and outside organisations that want to influence him.", true},
		{"There is a Watch Officer in each ship of the squadron.", true},
	} {
		doc, err := corpus.Parse("orders.md", []byte("# Orders\n\n"+tt.text+"\n"), corpus.Meta{ID: "orders", Title: "Orders"})
		if err != nil {
			t.Fatal(err)
		}
		g := &generator{}
		p := &doc.Passages[0]
		ss := g.read(p)
		if len(ss) != 1 {
			t.Fatalf("%q: %d sentences", tt.text, len(ss))
		}
		if _, got := g.trueFalse(ss[0]); got != tt.want {
			t.Errorf("trueFalse(%q) made an item: %v, want %v", tt.text, got, tt.want)
		}
	}
}

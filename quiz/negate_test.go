package quiz

import (
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestFalseStatement negates real sentences of the built-in and public corpora: the false
// statement reads as English, or none is made. Before, a perfect was negated as a possession
// ("All Europe does not have followed …", "There does not have been …").
func TestFalseStatement(t *testing.T) {
	tests := []struct {
		sentence string
		want     string // the false statement; "" when no true/false item is made
	}{
		// "has" and "have" making a perfect.
		{"The business of the United States has hitherto occupied the State legislatures, as well as Congress.",
			"The business of the United States has not hitherto occupied the State legislatures, as well as Congress."},
		{"There has been, for a long time past, little room for the operation of the other causes.",
			"There has not been, for a long time past, little room for the operation of the other causes."},
		{"There have been, if I may so express it, almost as many popular as royal wars.",
			"There have not been, if I may so express it, almost as many popular as royal wars."},
		{"Similar sentiments have hitherto prevailed among all orders and denominations of men among us.",
			"Similar sentiments have not hitherto prevailed among all orders and denominations of men among us."},
		{"Territorial disputes have at all times been found one of the most fertile sources of hostility among nations.",
			"Territorial disputes have not at all times been found one of the most fertile sources of hostility among nations."},
		{"Providence has in a particular manner blessed it with a variety of soils and productions.",
			"Providence has not in a particular manner blessed it with a variety of soils and productions."},
		{"Security ministries have elected political heads.", ""}, // "do not have elected heads", or "did not elect"?
		{"The Senate has elected them.", "The Senate has not elected them."},
		{"Later scholars have misread Sun Tzŭ, distorting his words.", "Later scholars have not misread Sun Tzŭ, distorting his words."},
		{"Scandalous appointments to important offices have been made.", "Scandalous appointments to important offices have not been made."},
		// "has" and "have" as the verb.
		{"All nations have their eyes fixed on the awful spectacle.", "All nations do not have their eyes fixed on the awful spectacle."},
		{"The citizens of America have too much discernment to be argued into anarchy.",
			"The citizens of America do not have too much discernment to be argued into anarchy."},
		{"The king of Great Britain and the governor of New York have at all times the entire command of all the militia.",
			"The king of Great Britain and the governor of New York do not have at all times the entire command of all the militia."},
		{"Each unified combatant command shall have a staff to assist the commander.",
			"Each unified combatant command shall not have a staff to assist the commander."},
		// Modals.
		{"The Senate shall have the sole Power to try all Impeachments.", "The Senate shall not have the sole Power to try all Impeachments."},
		{"The will of the requisite number would at once bring the matter to a decisive issue.", ""}, // "will" is a noun
		{"Heresies in either can rarely be cured by persecution.", ""},                               // not "cannot rarely"
		// "There are some" as a pronoun.
		{"There are some which have a general and almost constant operation upon the collective bodies of society.", ""},
		// Two clauses, each with its verb: negating the first alone denies half.
		{"There will be commotion at home and abroad, and men will drop down exhausted on the highways.", ""},
		{"The Congress shall have Power to lay Taxes; and the President shall be Commander in Chief.", ""},
		// A verb before "and" is no second clause's.
		{"The Senate shall have the sole Power to try and convict.", "The Senate shall not have the sole Power to try and convict."},
		// The verb of a subordinate clause.
		{"Wherever the supreme power of legislation has resided, has been supposed to reside also a full power to change the form of the government.", ""},
	}
	for _, tt := range tests {
		p := &corpus.Passage{ID: "p", DocumentID: "d", Title: "T", Text: tt.sentence}
		got := ""
		if it, ok := (&generator{}).trueFalse(sentence{p: p, text: tt.sentence}); ok {
			got = strings.TrimPrefix(falseStem(&it), "True or false, according to "+where(p)+": ")
		}
		if got != tt.want {
			t.Errorf("false statement of %q:\n got %q\nwant %q", tt.sentence, got, tt.want)
		}
	}
}

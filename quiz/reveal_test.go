package quiz

import (
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestGivesAwayReveals checks that what an item shows before its reveal gives its answer away
// when it reveals it, not only when it holds every word of it: a heading naming the answer's
// head ("§ 147. Chief Diversity Officer" for "Chief Diversity Officer of the Department of
// Defense", "§ 152. Chairman: appointment; …" for "Chairman of the Joint Chiefs of Staff"),
// a sentence holding its head phrase ("The risk assessment shall be known as the _____" for
// "Risk Assessment of the Chairman …"), and a heading holding its number, written otherwise
// ("Term of 7 years" for "seven years", "Four-hourly watches" for "four hours"). A heading or
// sentence that hints as much at another option singles none out.
func TestGivesAwayReveals(t *testing.T) {
	officers := []string{"Chief of Staff of the Army", "Deputy Under Secretary of Defense",
		"Under Secretary of Defense for Research and Engineering"}
	tests := []struct {
		name     string
		headings []string
		sentence string // with "_____" for the answer
		options  []string
		want     bool
	}{
		{"heading is the answer's head", []string{"CHAPTER 4— OFFICE OF THE SECRETARY OF DEFENSE", "§\u202f147. Chief Diversity Officer", "(a) Chief Diversity Officer ."},
			"There is a _____, who shall be appointed by the Secretary of Defense.",
			append([]string{"Chief Diversity Officer of the Department of Defense"}, officers...), true},
		{"heading names the answer before a colon", []string{"CHAPTER 5— JOINT CHIEFS OF STAFF", "§ 152. Chairman: appointment; grade and rank", "(a) Appointment; Term of Office ."},
			"There is a _____, appointed by the President.",
			[]string{"Chairman of the Joint Chiefs of Staff", "Director of the Joint Staff", "Chiefs of Staff of the Armed Forces", "Chairman and Vice Chairman"}, true},
		{"plural heading", []string{"§ 138. Assistant Secretaries of Defense"},
			"One of the officers is the _____.",
			append([]string{"Assistant Secretary of Defense for Energy"}, officers...), true},
		{"heading of another office", []string{"§ 153. Chairman: functions"},
			"The Chairman shall consult with the _____.",
			[]string{"Vice Chairman of the Joint Chiefs of Staff", "Secretary of the Army", "Director of the Joint Staff", "Inspector General"}, false},
		{"sentence holds the head phrase", []string{"§ 153. Chairman: functions", "(b) National Military Strategy."},
			"The risk assessment shall be known as the _____.",
			[]string{"Risk Assessment of the Chairman of the Joint Chiefs of Staff", "Vice Chairman of the Joint Chiefs of Staff", "Chiefs of Staff of the Armed Forces", "Director of the Joint Staff"}, true},
		{"sentence hints at two options", []string{"§ 151. Functions"},
			"The Security Council shall advise the _____.",
			[]string{"National Security Council", "Homeland Security Council", "Secretary of the Navy", "Director of the Joint Staff"}, false},
		{"number in digits", []string{"Term of 7 years"},
			"The Chief serves for _____.",
			[]string{"seven years", "two years", "four years", "eight years"}, true},
		{"number in words, unit as an adverb", []string{"Four-hourly watches"},
			"Every watch lasts _____.",
			[]string{"four hours", "two hours", "eight hours", "six hours"}, true},
		{"another number", []string{"Term of 7 years"},
			"The Deputy serves for _____.",
			[]string{"four years", "two years", "seven years", "eight years"}, false},
	}
	for _, tt := range tests {
		text := strings.Replace(tt.sentence, "_____", tt.options[0], 1)
		p := &corpus.Passage{ID: "688db53fc3de", DocumentID: "usc10", Title: "10 U.S.C. Chapters 2, 4, 5, 6",
			Headings: tt.headings, Text: text, FirstLine: 2052, LastLine: 2056}
		stem, ok := blank(sentence{p: p, text: text}, tt.options[0])
		if !ok {
			t.Fatalf("%s: no blank", tt.name)
		}
		it := Item{Kind: Choice, Stem: stem, Options: tt.options, Support: text, Source: SourceOf(p)}
		if got := givesAway(&it); got != tt.want {
			t.Errorf("%s: givesAway = %v, want %v: %s %q", tt.name, got, tt.want, stem, tt.options)
		}
	}
}

// TestGenerateNumberInHeading checks that a number blanked in a sentence is not asked under a
// heading that writes it otherwise: "## Term of 7 years" gave a blank for "seven years" and
// "## Four-hourly watches" one for "four hours", "## Fortnightly inspections" one for "two
// weeks" and "## Half-yearly audit" one for "six months". Under a heading without the number, the
// item is made.
func TestGenerateNumberInHeading(t *testing.T) {
	for _, tt := range []struct {
		heading, sentence, answer string
		want                      bool
	}{
		{"Term of 7 years", "The Officer of the Watch shall serve a single term of seven years.", "seven years", false},
		{"Four-hourly watches", "Each watch on the bridge shall last four hours at sea.", "four hours", false},
		{"Term of seven years", "The Officer of the Watch shall serve a single term of 7 years.", "7 years", false},
		{"Term of office", "The Officer of the Watch shall serve a single term of seven years.", "seven years", true},
		{"Watches", "Each watch on the bridge shall last four hours at sea.", "four hours", true},
		{"Fortnightly inspections", "The magazines shall be inspected every two weeks by the gunner.", "two weeks", false},
		{"Half-yearly audit", "The mess accounts shall be audited every six months by the purser.", "six months", false},
		{"Annual muster", "The whole crew shall be mustered once in one year on deck.", "one year", false},
		{"Quarterly returns", "The returns shall be made every three months to the admiral.", "three months", false},
		{"Six-monthly survey", "The hull shall be surveyed every six months by the carpenter.", "six months", false},
		{"Inspections", "The magazines shall be inspected every two weeks by the gunner.", "two weeks", true},
		{"Fortnightly inspections", "The magazines shall be inspected every three weeks by the gunner.", "three weeks", true},
	} {
		src := "# Standing Orders\n\n## " + tt.heading + "\n\n" + tt.sentence + "\n\n## Leave\n\n" +
			"A sailor may take leave of two days, three days or ten days in each month.\n\n" +
			"## Duties\n\nThe relief shall arrive within six hours of the call.\n"
		doc, err := corpus.Parse("orders.md", []byte(src), corpus.Meta{ID: "orders", Title: "Standing Orders"})
		if err != nil {
			t.Fatal(err)
		}
		got := false
		for _, it := range Generate([]*corpus.Document{doc}, GenerateOptions{}) {
			if it.Kind == Choice && it.Right() == tt.answer {
				got = true
				if !tt.want {
					t.Errorf("under %q, an item asks for %q: %s", tt.heading, tt.answer, it.Stem)
				}
			}
		}
		if tt.want && !got {
			t.Errorf("under %q, no item asks for %q", tt.heading, tt.answer)
		}
	}
}

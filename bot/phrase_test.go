package bot

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestNamePhrases(t *testing.T) {
	a := builtin(t).an
	for _, c := range []struct {
		question string
		want     []string // each phrase's terms joined by spaces
	}{
		{"Who wrote the novel Pride and Prejudice?", []string{"pride prejudice"}},
		{"How much did the United Kingdom spend on defence in 2022?", []string{"united kingdom"}},
		{"What did the Supreme Court decide in Youngstown Sheet & Tube Co. v. Sawyer?", []string{"supreme court", "youngstown sheet tube co"}},
		{"What does the Third Amendment say?", nil},               // "third" numbers it: one word left
		{"Sun Tzu said what about spies?", nil},                   // the first word is no name
		{"What Is The Security Sector According To Chuter?", nil}, // title case names nothing
		{"Can the President use the National Guard?", []string{"national guard"}},
		{"What does the U.S. Code say about posse comitatus?", nil}, // initials: "United States Code"
		// Two names each ending in its number: "Charles James" was refused as a name the
		// corpus never writes.
		{"How many troops did Charles II and James II keep?", nil},
		{"What did Charles II and the Long Parliament do?", []string{"long parliament"}},
	} {
		var got []string
		for _, p := range a.namePhrases(c.question) {
			got = append(got, strings.Join(p, " "))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: name phrases %q, want %q", c.question, got, c.want)
		}
	}
	wantQuote(t, &Answerer{Index: sharedCorpus(t)}, "What army did Charles II and James II maintain in time of peace?", "5,000 regular")
}

// TestUnknownNamePhraseRefused checks that a question naming something by a phrase whose words
// no passage writes together is refused, though each word is common in the corpus, and that
// names the corpus writes, in another order or form, are answered.
func TestUnknownNamePhraseRefused(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	for _, c := range []struct {
		question string
		answered bool
		quote    string
	}{
		{"Who wrote the novel Pride and Prejudice?", false, ""},
		{"How much did the United Kingdom spend on defence in 2022?", false, ""},
		{"Who must approve the Defense Department's official emblem?", true, ""},
		{"According to John Jay, what gives a nation a just cause for war?", true, ""},
		{"What does the Posse Comitatus Act prohibit?", true, "as a posse comitatus"}, // "Act" is not written with it
		{"What does the Third Amendment say?", true, "No Soldier shall, in time of peace be quartered"},
		{"What does the Fourteenth Amendment say about citizens?", true, "All persons born or naturalized"},
		// An ordinal that numbers no unit is no number: "a third term" is not "SECTION. 3." of
		// the Twentieth Amendment, which ranked first.
		{"can someone be elected president for a third term?", true, "No person shall be elected to the office of the President more than twice"},
	} {
		ans, err := a.Answer(context.Background(), c.question, 1)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered != c.answered {
			t.Errorf("%q: answered %v (%s), want %v", c.question, ans.Answered, ans.Refusal, c.answered)
			continue
		}
		if c.quote != "" && !strings.Contains(ans.Quotes[0].Passage.Text, c.quote) {
			t.Errorf("%q quoted %.80q, want %q", c.question, ans.Quotes[0].Passage.Text, c.quote)
		}
	}
}

// TestCountInDigits checks that a count written in digits asks as its word does: "what are
// the 2 objectives" was refused as far from any word of the lecture, which writes "Two".
func TestCountInDigits(t *testing.T) {
	a := &Answerer{Index: builtin(t)}
	for _, question := range []string{"what are the 2 objectives", "what are the two objectives"} {
		wantLead(t, a, question, "It should be managed with procedures normally used in a parliamentary democracy.")
	}
}

func TestNumberForms(t *testing.T) {
	for term, want := range map[string][]string{
		"third":      {"3", "iii"},
		"fourteenth": {"14", "xiv"},
		"2":          {"ii", "two"},
		"2nd":        {"2", "ii", "second"},
		"30":         {"xxx", "thirty"},
		"60":         {"sixty"},
		"sixty":      {"60"},
		"thirty":     {"30"},
		"65":         nil,
		"060":        nil,
		"xiv":        {"14"},
		"ten":        {"10", "x"},
		"5th":        {"5", "v", "fifth"},
		"v":          nil, // a letter more often than a number
		"army":       nil,
	} {
		if got := numberForms(term); !slices.Equal(got, want) {
			t.Errorf("numberForms(%q) = %q, want %q", term, got, want)
		}
	}
}

// TestNumberedUnits checks that a question naming a unit of a text by its number, in any way
// of writing it, is answered from that unit: "the Fifth Amendment" from AMENDMENT V, not
// from a passage that mentions a fifth article, and "the First Amendment" from AMENDMENT I
// (whose numeral reads as the word "I"); a count ("the five essentials") or an adverb
// ("first announce") is no reference.
func TestNumberedUnits(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	for question, section := range map[string]string{
		"What does the First Amendment say?":         "AMENDMENT I",
		"What does Article 1 say?":                   "ARTICLE I",
		"What does the Fourth Amendment say?":        "AMENDMENT IV",
		"What does the Fifth Amendment say?":         "AMENDMENT V",
		"What does the 5th Amendment say?":           "AMENDMENT V",
		"What does the Sixth Amendment say?":         "AMENDMENT VI",
		"What does the Twenty-Second Amendment say?": "AMENDMENT XXII",
		"What is in Article Five?":                   "ARTICLE V",
		"What does Article 4 say?":                   "ARTICLE IV",
		"Who wrote Federalist No. 85?":               "FEDERALIST No. 85", // past 50, in digits
		// The number goes with its unit's word: ARTICLE II and V have it too.
		"What does the Second Amendment protect?": "AMENDMENT II",
		"What does the Fifth Amendment protect?":  "AMENDMENT V",
		"the Fifth Amendment":                     "AMENDMENT V",
		// A section of an article, which its label numbers (the label is no heading word).
		"what's in article 1 section 8": "Section 8",
		"Article I, Section 9":          "Section 9",
	} {
		ans, err := a.Answer(context.Background(), question, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || !slices.Contains(ans.Quotes[0].Passage.Headings, section) {
			t.Errorf("%q: answered %v from %v, want %s", question, ans.Answered, ans.Quotes, section)
		}
	}
	// A unit that no heading numbers, however the number is written, is not in the corpus:
	// not another paper whose number is near it (No. 20 for No. 100, No. 200).
	wantRefused(t, a, "Who wrote Federalist No. 100?", "Who wrote Federalist No. 200?")
	// Nor one that headings number only for another kind of unit: FEDERALIST No. 28 and
	// Chapter VIII of The Art of War are no amendment 28 or article 8.
	wantRefused(t, a, "What does the Twenty-Eighth Amendment say?", "Amendment 28", "What does Article 8 say?")
	// A section sign or "section" with its number finds the section; a number alone, with no
	// word for what it numbers, asks nothing ("42" quoted a verse 42).
	for _, question := range []string{"§ 1385", "section 1385", "title 10 section 113"} {
		if ans, err := a.Answer(context.Background(), question, 1); err != nil || !ans.Answered {
			t.Errorf("%q: %v, answered %v (%s); want an answer", question, err, ans != nil && ans.Answered, ans.Refusal)
		}
	}
	for _, question := range []string{"42", "1", "3.14", "{{7*7}}", "x=1"} {
		if ans, err := a.Answer(context.Background(), question, 1); err != nil || !ans.SmallTalk {
			t.Errorf("%q: %v, %+v; want the help reply", question, err, ans)
		}
	}
	x := builtin(t)
	for question, want := range map[string]bool{
		"What does the Fifth Amendment say?":        true,
		"What does Article 2 say?":                  true,
		"What are the five essentials for victory?": false,
		"Which three bodies control it?":            false,
		"What must the President first announce?":   false,
		"What does its first article say?":          true,
		"war powers resolution 60 day limit":        false,
	} {
		q := x.parseQuery(question)
		got := slices.ContainsFunc(q.terms, func(t queryTerm) bool { return t.reference })
		if got != want {
			t.Errorf("%q names a numbered unit: %v, want %v", question, got, want)
		}
	}
}

func TestIsNumbering(t *testing.T) {
	for term, want := range map[string]bool{"iii": true, "xiv": true, "v": true, "fifth": true, "22nd": true, "1385": true, "civil": false, "ill": false, "army": false} {
		if got := isNumbering(term); got != want {
			t.Errorf("isNumbering(%q) = %v, want %v", term, got, want)
		}
	}
}

// TestUnitNumbers checks that a word for "number" between a unit and its number is dropped
// and a number from 21 to 99 in words after a unit is read in digits: "who wrote federalist
// number ten" found the Art of War's "number of editions", "federalist fifty-one" No. 20.
func TestUnitNumbers(t *testing.T) {
	for in, want := range map[string]string{
		"who wrote federalist number ten":    "who wrote federalist ten",
		"who wrote Federalist #10?":          "who wrote Federalist 10?",
		"what does article num. 2 say":       "what does article 2 say",
		"who wrote federalist fifty-one":     "who wrote federalist 51",
		"what is the number of senators":     "what is the number of senators",
		"within sixty days of the report":    "within sixty days of the report",
		"What does Article I Section 8 say?": "What does Article 1 Section 8 say?",
		"what does amendment v say":          "what does amendment 5 say",
		"what did I say":                     "what did I say",
		"Art. I sec. 8 - how long":           "Article 1 sec. 8 - how long",
		"what does amdt. 14 say":             "what does Amendment 14 say",
		"the art of war":                     "the art of war",
	} {
		if got := unitNumbers(in); got != want {
			t.Errorf("unitNumbers(%q) = %q, want %q", in, got, want)
		}
	}
	a := &Answerer{Index: sharedCorpus(t)}
	wantLead(t, a, "who wrote federalist number ten", "MADISON")
	wantLead(t, a, "who wrote federalist fifty-one", "FEDERALIST No. 51")
	// "Article I" quoted Article V, whose "the first Article" matched the one-letter numeral.
	wantLead(t, a, "What does Article I Section 8 say?", "The Congress shall have Power To lay and collect Taxes")
	// "Art." was a word of its own, which no sentence stating the two years wrote, so the
	// question was refused.
	wantLead(t, a, "Art. I sec. 8 - how long can Congress fund the army for in one go?", "for a longer Term than two Years")
	// Citations as lawyers and chat write them, each once answered from another unit: "s" and
	// "§" for the Constitution's "Section" (Section 9, whose text writes "eight"), "Const."
	// (read as "cost"), "fed" (The Art of War's Chapter X), a section of a title cited in
	// words (§ 118, which cites "section 113 of this title").
	for q, want := range map[string]string{
		"art 1 s 8":                   "The Congress shall have Power To lay and collect Taxes",
		"art. 1 § 8":                  "The Congress shall have Power To lay and collect Taxes",
		"U.S. Const. art. I, § 8":     "The Congress shall have Power To lay and collect Taxes",
		"U.S. Const. amend. XIV, § 1": "All persons born or naturalized",
		"fed 10":                      "AMONG the numerous advantages",
		"Title 10 section 113":        "There is a Secretary of Defense",
		"section 113 of title 10":     "There is a Secretary of Defense",
		"§ 113 of title 10":           "There is a Secretary of Defense",
		// An ordinal before a unit numbers it, with or without "the" (AMENDMENT XX › Section 5).
		"Fifth Amendment": "No person shall be held to answer for a capital",
		"First Amendment": "Congress shall make no law respecting an establishment of religion",
	} {
		wantLead(t, a, q, want)
	}
	// A citation naming a unit of a corpus that has none is not covered, not a message that
	// asks nothing.
	b := &Answerer{Index: builtin(t)}
	if ans, err := b.Answer(context.Background(), "What does 10 USC 113 say?", 1); err != nil {
		t.Fatal(err)
	} else if ans.Answered || ans.Lead != NotCovered {
		t.Errorf("10 USC 113 of the lecture: answered %v with %q, want %q", ans.Answered, ans.Lead, NotCovered)
	}
}

// TestSeatStandsForBody checks that a place WordNet defines as the headquarters of a body the
// corpus names stands for that body (see seatTerms): "the Pentagon", which no text writes,
// asks about the Department of Defense, where it was refused as a name the corpus does not
// discuss, also in lower case after "the"; a name of it the corpus never writes whole ("the
// Pentagon Papers") is still refused.
func TestSeatStandsForBody(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantQuote(t, a, "Can the Pentagon lend military equipment and bases to local police?", "make available any equipment")
	wantRefused(t, a, "What did the Pentagon Papers reveal?")
	// Who heads it is who heads the Department: § 113, not § 142's "head of a Defense Agency".
	wantLead(t, a, "Who is the head of the Pentagon?", "who is the head of the Department of Defense")
	// Typed in lower case, as chat writes names, after "the" it is the place still; "a
	// pentagon" is a shape, which the corpus does not discuss.
	wantLead(t, a, "who is the head of the pentagon", "who is the head of the Department of Defense")
	wantRefused(t, a, "how many sides does a pentagon have")
	if got := a.Index.seatTerms("army"); got != nil {
		t.Errorf("seatTerms(army) = %v, want none", got)
	}
}

package bot

import (
	"slices"
	"testing"
)

// TestQuotations checks the spans a question quotes: in double, typographic or single quotes,
// not between apostrophes.
func TestQuotations(t *testing.T) {
	for q, want := range map[string][]string{
		`Did Hamilton write "absolute power corrupts absolutely"?`: {"absolute power corrupts absolutely"},
		"Who said “know the enemy”?":                               {"know the enemy"},
		"Did Sun Tzu say 'no plan survives contact'?":              {"no plan survives contact"},
		"'governance' and 'tasking'":                               {"governance", "tasking"},
		"Why don't soldiers' wives complain?":                      nil,
		// Left open, a double quotation runs to the end.
		`Did Sun Tzu say "no plan survives contact with the enemy?`: {"no plan survives contact with the enemy"},
		// Apostrophes inside single quotes.
		"Did he say 'know your enemy's plans and you'll win'?":       {"know your enemy's plans and you'll win"},
		"''tis folly to fight' said who?":                            {"'tis folly to fight"},
		"'All warfare is based on deception' 'the price of freedom'": {"All warfare is based on deception", "the price of freedom"},
		"«la guerre» and „der Krieg“ and `war`":                      {"la guerre", "der Krieg", "war"},
		"What does the lecture's author mean?":                       nil,
	} {
		if got := quotations(q); !slices.Equal(got, want) {
			t.Errorf("quotations(%q) = %q, want %q", q, got, want)
		}
	}
}

// TestQuotationsChecked checks that a question quoting words no sentence of the corpus writes
// is refused, one quoting words it writes (a synonym or a form of one aside, and one word of
// five or more) is answered from them, and a quoted term of fewer than minQuotedTerms words
// is read as words ("'good governance'").
func TestQuotationsChecked(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantRefused(t, a,
		"Did Sun Tzu say 'no plan survives contact with the enemy'?",
		`Did Hamilton write "absolute power corrupts absolutely"?`,
		"Where does the Constitution say “separation of church and state”?",
		// Two forms of one word count once: "close" and "closer" are not two of the five.
		`Which chapter of The Art of War says "keep your friends close and your enemies closer"?`,
		// Two content words in four words or more.
		`Did Hamilton say "those who stand for nothing fall for anything"?`,
	)
	wantLead(t, a, `Where does Sun Tzu say "all war is based on deception"?`, "All warfare is based on deception")
	// One word of five misquoted ("thousand" for "hundred").
	wantLead(t, a, "Where does Sun Tzu say 'you need not fear the result of a thousand battles'?", "you need not fear the result of a hundred battles")
	// A quotation of two sentences is checked a sentence at a time.
	wantLead(t, a, "Who said 'Hold out baits to entice the enemy. Feign disorder, and crush him.'?", "Feign disorder, and crush him")
	// A quotation of four words or more ranks the passage that holds it first.
	wantLead(t, a, "Who said 'the onset of troops is like the rush of a torrent'?", "rush of a torrent")
	if q := a.Index.parseQuery("isn't 'good governance' just western neo-colonialism dressed up?"); q.unwrittenQuote != "" {
		t.Errorf("a quoted term of two words was checked as a quotation: %q", q.unwrittenQuote)
	}
}

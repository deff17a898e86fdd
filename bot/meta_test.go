package bot

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestAuthorNamed checks that a question naming a document's author is read as naming the
// document: the name is not spelling-corrected into another word ("Chuter" → "chute") nor
// taken for a thing the corpus does not discuss, and "How does <author> define X?" asks for
// the definition of X.
func TestAuthorNamed(t *testing.T) {
	a := &Answerer{Index: builtin(t)}
	for _, c := range []struct{ question, quote string }{
		{"What did Chuter say about neo-imperialism?", "neo-imperialism"},
		{"How does Chuter define the security sector?", "The security sector consists of all those institutions"},
	} {
		ans, err := a.Answer(context.Background(), c.question, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || len(ans.Quotes) == 0 {
			t.Errorf("%q refused: %s", c.question, ans.Refusal)
			continue
		}
		if !strings.Contains(ans.Quotes[0].Passage.Text, c.quote) {
			t.Errorf("%q quoted %.80q, want a passage with %q", c.question, ans.Quotes[0].Passage.Text, c.quote)
		}
	}
	// A name that is neither in the passages nor a document's title or author still refuses.
	ans, err := a.Answer(context.Background(), "What did Clausewitz say about neo-imperialism?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Answered {
		t.Errorf("a question naming an author the corpus lacks was answered: %.80q", ans.Quotes[0].Passage.Text)
	}
}

// TestAuthorScopesDocument checks that a question naming an author whom no passage names
// asks that author's document, among others: it is answered from the lecture even where
// another text ranks first on its other words, and the author's name is no content of the
// question: what he is asked about must be covered as if he were not named, and a question
// about the author himself is not answered by a passage sharing a word with it ("They must
// work together").
func TestAuthorScopesDocument(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	for _, q := range []string{
		"What does Chuter say about civilian control of the military?",
		"What does Chuter think about the police?",
	} {
		ans, err := a.Answer(context.Background(), q, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || ans.Quotes[0].Passage.Author != "David Chuter" {
			t.Errorf("%q: answered %v (%s); want a passage of Chuter's lecture", q, ans.Answered, ans.Refusal)
		}
	}
	wantRefused(t, a, "Where did David Chuter work before he gave this lecture?", "Where was Chuter born?",
		"What does Chuter say about climate change?", "What does Chuter say about the navy?",
		// Another author's text does not answer what one author wrote.
		"What does Hamilton say about drug cartels?", "What does Madison say about the security sector?",
		"What does Jay say about spies?",
		// Nor does another text answer what the speaker whom a text quotes throughout said,
		// though its metadata names him otherwise ("Sunzi"), or the question puts him in the
		// possessive.
		"What does Sun Tzu say about nuclear weapons?", "sun tzu's view on nuclear deterrence?",
		"What does Sun Tzu say about the Secretary of Defense?",
		// A document named as the source asked about is answered from it or from a
		// commentary on it, not from a statute that shares the question's other words.
		"What does the Constitution say about the Air Force?", "What does the US constitution say about spies",
		"Does the Constitution mention the Air Force?", "What is the Constitution's view on spies?",
		// Nor does a passage of the speaker's text that shares none of the question's other
		// words: the speaker's name is whose words, not what they are about.
		"What does Sun Tzu say about the Senate?", "What does Sun Tzu say about Congress?",
		// The view noun after the speaker's possessive is the question's frame, not its
		// content: "view" no longer matches a passage on the author's view of something else.
		"sun tzu's view on the senate",
		// Another country's constitution is not the Constitution, nor answered by The
		// Federalist's commentary on emergencies.
		"What does India's constitution say about deploying the army during a national emergency?")
	// A statute writing "veto" matched best; the commentary on the Constitution a little lower
	// answers, as the question says where to look.
	wantQuote(t, a, "What does the Constitution say about the veto?", "VETO")
	wantQuote(t, a, "According to the Constitution, who declares war?", "To declare War")
	wantQuote(t, a, "What does the U.S. Constitution say about treason?", "Treason against the United States") // "U" is no name
	wantQuote(t, a, "What does the Constitution say about the army?", "To raise and support Armies")
	wantLead(t, a, "What does Madison say about factions?", "faction")
	// A courtesy title is no part of the name: "Mr Madison" is not a name the corpus never
	// writes.
	wantLead(t, a, "What did Mr. Madison say about factions?", "faction")
	wantQuote(t, a, "sun tzu's advice on spies", "spies")
}

// TestForeignWordsRefused checks the foreign-word test (see foreignCos) on the built-in
// lecture: questions about things nowhere near its words are refused, and paraphrases whose
// words the lecture lacks but has neighbours of are still answered.
func TestForeignWordsRefused(t *testing.T) {
	a := &Answerer{Index: builtin(t)}
	for _, q := range []string{
		"What are the rules of chess?",
		"How does photosynthesis work?",
		"What is a good procedure for cooking rice?",
	} {
		ans, err := a.Answer(context.Background(), q, 1)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered {
			t.Errorf("%q answered with %.80q", q, ans.Quotes[0].Passage.Text)
		} else if !strings.Contains(ans.Refusal, "far from") {
			t.Logf("%q refused for another reason: %s", q, ans.Refusal)
		}
	}
	for _, c := range []struct{ question, quote string }{
		{"What might an overseas intervention mission run into once it is sent into a country?", "When an international mission deploys"},
		{"Are civilians placed in defence ministries becuase the armed forces are seen as a menace that has to be reined in?", "Security ministries have elected political heads"},
	} {
		ans, err := a.Answer(context.Background(), c.question, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || !strings.Contains(ans.Quotes[0].Passage.Text, c.quote) {
			t.Errorf("%q: answered %v, refusal %q; want the passage with %q", c.question, ans.Answered, ans.Refusal, c.quote)
		}
	}
}

// TestForeignFieldRefused checks the semantic-field test (see fieldShare) on the shared
// corpora: a question whose main word the corpus never writes, and whose nearest words it
// hardly writes either (refrigerators, smartphones), is refused, though the corpus has a word
// near each that the nearest-word test alone would take for a paraphrase; a question whose
// novel word the corpus writes the field of ("peacetime": peace, wartime, troops, …) is still
// answered.
func TestForeignFieldRefused(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantRefused(t, a, "How does a refrigerator keep food cold?", "What is the best smartphone app for budgeting?")
	if ans, err := a.Answer(context.Background(), "How does a refrigerator keep food cold?", 1); err != nil || !strings.Contains(ans.Refusal, "far from") {
		t.Errorf("the refrigerator question refused for %q (%v); want its words far from the corpus's", ans.Refusal, err)
	}
	x := a.Index
	if s := x.fieldShare("refrigerator"); s >= minFieldShare {
		t.Errorf("fieldShare(refrigerator) = %.2f; want under %.2f", s, minFieldShare)
	}
	if s := x.fieldShare("peacetime"); s < minFieldShare {
		t.Errorf("fieldShare(peacetime) = %.2f; want at least %.2f", s, minFieldShare)
	}
	wantLead(t, a, "Are individual states allowed to keep their own warships in peacetime?", "Ships of War")
	// A compound the word vectors lack is read by its parts, not as far from the corpus: a
	// held-out "joint staff headcount limit" (head, count) was refused so, 45 % of it foreign.
	wantQuote(t, a, "joint staff headcount limit", "may not exceed 2,250")
}

// TestCitationNamesEdition checks that a citation names the edition of the document it quotes
// where the document has one, and that an index read from its snapshot keeps it.
func TestCitationNamesEdition(t *testing.T) {
	doc, err := corpus.Parse("forces.md", []byte("# Forces\n\nThe navy keeps the sea lanes open in time of war and in time of peace alike, as the law requires of it."), corpus.Meta{ID: "forces", Title: "Armed Forces", Author: "A. Writer", Edition: "2nd"})
	if err != nil {
		t.Fatal(err)
	}
	p := &doc.Passages[0]
	if got, want := Citation(p), "Armed Forces (2nd), A. Writer · line 3 · passage "+p.ID; got != want {
		t.Errorf("Citation = %q, want %q", got, want)
	}
	x, err := NewIndex(context.Background(), []*corpus.Document{doc}, IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := x.WriteSnapshot(&buf, "k"); err != nil {
		t.Fatal(err)
	}
	y, err := ReadSnapshot(context.Background(), buf.Bytes(), "k", IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := y.passages[0].Edition; got != "2nd" {
		t.Errorf("edition read from the snapshot = %q, want 2nd", got)
	}
}

// TestCitationNamesPartAuthor checks that a citation of a paper in a collection by several
// authors names the paper's own, as its byline heading gives it.
func TestCitationNamesPartAuthor(t *testing.T) {
	const authors = "Alexander Hamilton and John Jay and James Madison"
	for _, c := range []struct {
		headings []string
		want     string
	}{
		{[]string{"FEDERALIST No. 10", "The Same Subject Continued", "MADISON"}, "James Madison"},
		{[]string{"FEDERALIST No. 51", "HAMILTON OR MADISON"}, "Alexander Hamilton or James Madison"},
		{[]string{"FEDERALIST No. 18", "HAMILTON AND MADISON"}, "Alexander Hamilton and James Madison"},
		{[]string{"FEDERALIST No. 18", "Alexander Hamilton and James Madison"}, "Alexander Hamilton and James Madison"},
		{[]string{"FEDERALIST No. 1", "General Introduction"}, authors},
		{[]string{"Madison's notes on Jay"}, authors},
	} {
		p := &corpus.Passage{Title: "The Federalist Papers", Author: authors, Headings: c.headings, FirstLine: 1, LastLine: 2, ID: "x"}
		if got := Citation(p); !strings.HasPrefix(got, "The Federalist Papers, "+c.want+" · ") {
			t.Errorf("headings %q: citation %q, want the author %q", c.headings, got, c.want)
		}
	}
	p := &corpus.Passage{Title: "Governance and the Security Sector", Author: "David Chuter", Headings: []string{"CHUTER"}, FirstLine: 1, LastLine: 1, ID: "x"}
	if got := partAuthor(p); got != "David Chuter" {
		t.Errorf("one author: %q", got)
	}
	// Headings that are no byline, and authors a surname does not tell apart (a
	// break-tester's finds).
	for _, c := range []struct {
		author  string
		heading string
		want    string
	}{
		{"Hamilton, Alexander", "Alexander", "Hamilton, Alexander"},
		{"Hamilton, Alexander", "HAMILTON", "Hamilton, Alexander"},
		{"John Adams and Abigail Adams", "ADAMS", "John Adams and Abigail Adams"},
		{"John Adams and Abigail Adams", "Abigail Adams", "Abigail Adams"},
		{"Anna Wood and Tom Stone and Carol Lee", "Stone", "Anna Wood and Tom Stone and Carol Lee"},
		{"Anna Wood and Tom Stone and Carol Lee", "Lee and Lee and Lee", "Anna Wood and Tom Stone and Carol Lee"},
		{"Anna Wood and Tom Stone and Carol Lee", "LEE AND LEE", "Carol Lee"},
		{"Anna Wood, Tom Stone & Carol Lee", "WOOD & STONE", "Anna Wood and Tom Stone"},
		{"Anna Wood and Tom Stone and Carol Lee", "Introduction by stone", "Anna Wood and Tom Stone and Carol Lee"},
	} {
		p := &corpus.Passage{Title: "T", Author: c.author, Headings: []string{c.heading}}
		if got := partAuthor(p); got != c.want {
			t.Errorf("author %q, heading %q: partAuthor = %q, want %q", c.author, c.heading, got, c.want)
		}
	}
}

// TestWhoLeadIsTheByline checks that a question asking who, answered by a passage whose
// headings alone match it and name its author (the byline "MADISON" over a subtitle and a
// dateline), is led by its headings as a sentence ("FEDERALIST No. 10 (“…”) is by
// MADISON.") rather than by a sentence that says nothing of it;
// that headings naming no author ("AMENDMENT II") do not lead; and that a question asking
// what keeps its sentence lead.
func TestWhoLeadIsTheByline(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	ans, err := a.Answer(context.Background(), "Who wrote Federalist No. 10?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := "FEDERALIST No. 10 (“The Same Subject Continued”) is by MADISON."; !ans.Answered || ans.Lead != want {
		t.Errorf("lead %q (answered %v), want %q", ans.Lead, ans.Answered, want)
	}
	// The paper's opening is quoted, not its shortest passage, its close "… PUBLIUS." (a new
	// user's find): the question names nothing but the paper, whose opening says what it is.
	if ans.Answered && !strings.Contains(ans.Quotes[0].Passage.Text, "AMONG the numerous advantages") {
		t.Errorf("quoted %.80q, want the opening of No. 10", ans.Quotes[0].Passage.Text)
	}
	// A paper numbered past 50, whichever of its passages answers, and however its
	// sentences match the question ("another respectable writer" of No. 20 does not).
	for _, q := range []string{"Who wrote Federalist No. 51?", "Who is the author of Federalist No. 51?", "Who wrote Federalist No. 20?"} {
		want := "FEDERALIST No. " + q[len(q)-3:len(q)-1]
		if ans, err := a.Answer(context.Background(), q, 1); err != nil {
			t.Fatal(err)
		} else if !strings.HasPrefix(ans.Lead, want) || !strings.Contains(ans.Lead, "MADISON") {
			t.Errorf("%q: lead %q, want the heading path of %s with its byline", q, ans.Lead, want)
		}
	}
	// "Who heads X?" asks "Who is the head of X?": not the Secretary of a military department
	// or head of a Defense Agency of § 142.
	wantLead(t, a, "Who heads the Department of Defense?", "who is the head of the Department of Defense")
	wantLead(t, a, "Who leads the Department of Defense?", "who is the head of the Department of Defense") // was § 134's "takes precedence"
	// "Who commands X?" asks "Who is the commander of X?" (see agentNoun): not Sun Tzu's "a
	// large army under your command".
	if ans, err := a.Answer(context.Background(), "Who commands the army?", 1); err != nil {
		t.Fatal(err)
	} else if !ans.Answered || !strings.Contains(strings.ToLower(ans.Lead), "commander") || !strings.Contains(ans.Lead, "President") {
		t.Errorf("\"Who commands the army?\": lead %q (answered %v), want the President as commander", ans.Lead, ans.Answered)
	}
	// "… Commander in Chief of the Army and Navy": the navy seven words after the office.
	if ans, err := a.Answer(context.Background(), "Who commands the navy?", 1); err != nil {
		t.Fatal(err)
	} else if !ans.Answered || !strings.Contains(strings.ToLower(ans.Lead), "commander") || !strings.Contains(strings.ToLower(ans.Lead), "navy") {
		t.Errorf("\"Who commands the navy?\": lead %q (answered %v), want the commander of the navy", ans.Lead, ans.Answered)
	}
	// A paper whose number the corpus writes elsewhere too (a footnote's "2" in No. 69), and
	// a piece word between the collection and the number.
	for question, want := range map[string]string{
		"Who wrote Federalist No. 2?":               "FEDERALIST No. 2 (",
		"Who wrote Federalist essay 10?":            "FEDERALIST No. 10 (",
		"Who wrote the Federalist paper number 51?": "FEDERALIST No. 51 (",
		"Who wrote Federalist Paper 10?":            "FEDERALIST No. 10 (",
		"Who wrote Federalist Papers No. 10?":       "FEDERALIST No. 10 (",
	} {
		if ans, err := a.Answer(context.Background(), question, 1); err != nil {
			t.Fatal(err)
		} else if !ans.Answered || !strings.HasPrefix(ans.Lead, want) {
			t.Errorf("%q: lead %q (answered %v, %s), want %q…", question, ans.Lead, ans.Answered, ans.Refusal, want)
		}
	}
	// An agent noun in "-nt": "Who presides over X?" asks who is X's president.
	wantLead(t, a, "Who presides over the Senate?", "The Vice President of the United States shall be President of the Senate")
	// "Who is in supreme command of X?", "Who has command of X?": the act's noun asks for its
	// agent as the verb does.
	for _, question := range []string{"who is in supreme command of the US army and navy", "who has command of the navy"} {
		if q := a.Index.parseQuery(question); q.form != formWho || !slices.Contains(q.subject, a.Index.an.term("commander")) {
			t.Errorf("%q: form %v, subject %q; want who is the commander", question, q.form, q.subject)
		}
		wantLead(t, a, question, "President")
	}
	// Headings that match a who question but name no author lead nothing.
	ans, err = a.Answer(context.Background(), "Who wrote the Second Amendment?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Lead == "AMENDMENT II" {
		t.Errorf("lead %q: a heading that names nobody", ans.Lead)
	}
	ans, err = a.Answer(context.Background(), "What is governance?", 1)
	if err != nil {
		t.Fatal(err)
	}
	// The slide's title line and the lines after it, not its heading path nor the title
	// line alone, which says what the slide is about, not what it says.
	if !strings.HasPrefix(ans.Lead, "A contested concept") || !strings.Contains(ans.Lead, "neo-imperialism") {
		t.Errorf("lead %q, want \"A contested concept\" and the lines after it", ans.Lead)
	}
}

// TestCommentaryGivesWayToItsText checks that a document naming another of the corpus in a
// fifth of its passages or more is a commentary on it, and that where a passage of each
// states the same rule alike, the text it comments on is quoted first, unless the question
// asks why or names the commentary.
func TestCommentaryGivesWayToItsText(t *testing.T) {
	var essays []string
	for n := range 30 {
		switch {
		case n == 7:
			essays = append(essays, "## The Senate\n\nA senator must be thirty years of age at least, and a citizen for nine years, because the senatorial trust calls for greater information and stability of character.")
		case n%3 == 0:
			essays = append(essays, fmt.Sprintf("## Essay %d\n\nThe proposed Constitution gives the union powers that the confederation lacked, and the states keep the rest of theirs in the harvest of year %d.", n, n))
		default:
			essays = append(essays, fmt.Sprintf("## Essay %d\n\nThe ships of the merchants sail from the harbours of the coast with grain and timber, and return with cloth in the spring of year %d.", n, n))
		}
	}
	var ledger []string
	for n := range 30 {
		ledger = append(ledger, fmt.Sprintf("The harvest of district %d was weighed by the clerk at the granary, and the tally of barley was copied into the ledger of the province.", n))
	}
	x := docsIndex(t,
		testDoc{"essays.md", "The Essays", "Publius Writer", strings.Join(essays, "\n\n")},
		testDoc{"ledger.txt", "Ledger", "", strings.Join(ledger, "\n\n")},
		testDoc{"constitution.txt", "The Constitution", "", "No Person shall be a Senator who shall not have attained to the Age of thirty Years, and been nine Years a Citizen.\n\nThe Senate shall choose their other Officers."})
	if got := x.commentaries(); len(got) != 1 || got[0] != (passageRange{x.docStart[2], x.docStart[3]}) {
		t.Fatalf("commentaries = %v, want the essays' (document 0) alone, on the Constitution's passages (document 2)", got)
	}
	for question, want := range map[string]string{
		"What is the minimum age to be a senator?":            "The Constitution",
		"How old must a senator be?":                          "The Constitution",
		"What does Publius Writer say about a senator's age?": "The Essays",
	} {
		hits, err := x.Search(context.Background(), question, 2, Hybrid)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].Passage.Title != want {
			t.Errorf("%q: hits %q, want %s first", question, describeHits(hits), want)
		}
	}
	// Asked why, the commentary keeps its score: the margin of the text over it narrows by
	// fusePrimary (give or take the little that "why" changes in the question's vector).
	margin := func(question string) float64 {
		hits, err := x.Search(context.Background(), question, 2, Hybrid)
		if err != nil || len(hits) != 2 {
			t.Fatalf("%q: hits %q, %v; want two", question, describeHits(hits), err)
		}
		if hits[0].Passage.Title == "The Essays" {
			return hits[1].Score - hits[0].Score
		}
		return hits[0].Score - hits[1].Score
	}
	if with, without := margin("Must a senator be thirty years of age?"), margin("Why must a senator be thirty years of age?"); math.Abs(with-without-fusePrimary) > 0.03 {
		t.Errorf("the text's margin over the commentary is %.3f, and %.3f asked why; want it %.2f less", with, without, fusePrimary)
	}
}

// TestCommentaryPriorDoesNotAnswer checks that the commentary prior chooses which text to
// quote, not whether to answer: when the commentary's passage matched best and does not
// support an answer, the question is refused, though the passage the prior put first would.
func TestCommentaryPriorDoesNotAnswer(t *testing.T) {
	hits := []Hit{{Score: 1.0}, {Score: 0.95, demoted: 0.1}, {Score: 0.5}}
	if got := bestBeforePriors(hits); got != 1 {
		t.Errorf("bestBeforePriors = %d, want 1 (1.05 before its prior)", got)
	}
	if got := bestBeforePriors(hits[:1]); got != 0 {
		t.Errorf("bestBeforePriors of one hit = %d, want 0", got)
	}
	a := &Answerer{Index: sharedCorpus(t)}
	// The Federalist's passage on the wealth of nations matches best and names no China;
	// a commentator's note on The Art of War that writes "China" and a number would pass.
	ans, err := a.Answer(context.Background(), "What is the population of China?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Answered {
		t.Errorf("answered with %q, want a refusal", ans.Quotes[0].Passage.Text)
	}
}

func TestFramesSource(t *testing.T) {
	for _, c := range []struct {
		question, word string
		want           bool
	}{
		{"What does the Constitution say about the Air Force?", "constitution", true},
		{"what the constitution's text says", "constitution", false},
		{"According to the Constitution, who declares war?", "constitution", true},
		{"according to constitution who declares war", "constitution", true},
		{"Should the power be restricted by the Constitution?", "constitution", false},
		{"What does Hamilton think about militias?", "hamilton", true},
		{"Does the Constitution mention the Air Force?", "constitution", true},
		{"what does the us constitution require", "constitution", true},
		{"What is the Constitution's view on spies?", "constitution's", true},
		{"Is a constitution's preamble binding?", "constitution", false},
		{"who is commander in chief under the constitution?", "constitution", true},
		{"under the US constitution, who declares war", "constitution", true},
		{"per the constitution, who declares war", "constitution", true},
		{"Is the army under the control of the constitution's framers?", "constitution", false},
	} {
		if got := framesSource(c.question, c.word); got != c.want {
			t.Errorf("framesSource(%q, %q) = %v, want %v", c.question, c.word, got, c.want)
		}
	}
}

// A law cited with "under" scopes the question to it: "under the constitution" is answered by
// the Constitution's Article II, not by the War Powers Resolution's paragraph on the
// President's powers as Commander-in-Chief, which ranked first before.
func TestUnderSourceScopes(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	ans, err := a.Answer(context.Background(), "who is commander in chief of the armed forces under the constitution?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || !strings.Contains(ans.Quotes[0].Passage.Text, "The President shall be Commander in Chief of the Army") {
		t.Errorf("answered %v with %q (%s), want Article II's \"The President shall be Commander in Chief\"", ans.Answered, ans.Lead, ans.Refusal)
	}
}

package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestNameScopesDocument checks that a name written mostly in one document's passages scopes
// a question to that document: "What does Wu Qi say about spies?" is answered from the
// treatise's passage on spies, which never writes the name, rather than from the
// commentary's one passage that writes it; a word of one document's title names that
// document; and a name spread over documents, or a word of another document's title, scopes
// nothing.
func TestNameScopesDocument(t *testing.T) {
	treatise := strings.Join([]string{
		"Wu Qi said: the general who wins makes many calculations in his temple before the battle is fought.",
		"Wu Qi said: in war, let your great object be victory, not lengthy campaigns.",
		"Wu Qi said: move only when you see an advantage; use your troops only when there is something to be gained.",
		"Wu Qi said: the skilful fighter puts himself into a position which makes defeat impossible.",
		"Wu Qi said: the clever combatant imposes his will on the enemy, and does not allow the enemy's will to be imposed on him.",
		"Spies are of five kinds: local spies, inward spies, converted spies, doomed spies and surviving spies. None should be more liberally rewarded.",
		"The Senate shall keep a journal of its proceedings, and the treatise says so too.",
	}, " Thus the wise ruler and the good general keep to this rule through every season of the year, in victory and in defeat alike.\n\n")
	commentary := strings.Join([]string{
		"Wu Qi was a famous general of the state of Wei. What Wu Qi says of his own time shows, the historians say, how Wu Qi wanted a general to learn about the enemy, and the Senate of a later age read his sayings.",
		"The commentators disagree about the order of the chapters, and about the Senate of the Constitution.",
	}, " The order and the meaning of these remarks have been argued over by scholars for many centuries.\n\n")
	constitution := "The Senate of the United States shall be composed of two Senators from each State.\n\nThe Senate shall choose their other Officers."
	// Filler, so that the names are rare words of the corpus, as in a real one.
	var filler []string
	for n := range 40 {
		filler = append(filler, fmt.Sprintf("The harvest of district %d was weighed by the clerk at the granary, and the tally of barley, millet and beans was copied into the ledger kept for the tax office of the province in the autumn.", n))
	}
	x := docsIndex(t,
		testDoc{path: "ledger.txt", title: "Ledger", text: strings.Join(filler, "\n\n")},
		testDoc{path: "treatise.txt", title: "Treatise on Strategy", text: treatise},
		testDoc{path: "commentary.txt", title: "Commentary", text: commentary},
		testDoc{path: "constitution.txt", title: "The Constitution", text: constitution})
	q := x.parseQuery("What does Wu Qi say about spies?")
	for _, tm := range q.terms {
		if tm.word == "wu" || tm.word == "qi" {
			if len(tm.scope) == 0 || x.passages[tm.scope[0].from].Title != "Treatise on Strategy" {
				t.Errorf("%q scopes passages %v; want the treatise's", tm.word, tm.scope)
			}
		}
	}
	// Written in lowercase, as in chat, the name still scopes: the corpus always capitalises
	// it ("Qi"; "Wu" opens most of its sentences, which say nothing of its case).
	for _, tm := range x.parseQuery("what does wu qi say about spies").terms {
		if tm.word == "qi" && len(tm.scope) == 0 {
			t.Errorf("lowercase %q scopes nothing; want the treatise's passages", tm.word)
		}
		if tm.word == "spies" && len(tm.scope) > 0 {
			t.Errorf("%q, a word the corpus writes in lowercase, scopes passages %v", tm.word, tm.scope)
		}
	}
	for _, question := range []string{"What does Wu Qi say about spies?"} {
		ans, err := (&Answerer{Index: x}).Answer(context.Background(), question, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || !strings.Contains(ans.Quotes[0].Passage.Text, "Spies are of five kinds") {
			t.Errorf("%q: answered %v, quoting %v; want the treatise's passage on spies", question, ans.Answered, ans.Quotes)
		}
	}
	// "Senate" is written in all three documents and scopes nothing; "Constitution", most
	// written in the commentary, is a word of the constitution's title only, and
	// "Commentary" of the commentary's: each names its document.
	want := map[string]string{"senate": "", "constitution": "The Constitution", "commentary": "Commentary"}
	for _, tm := range x.parseQuery("What did the Commentary say about the Senate and the Constitution?").terms {
		title, ok := want[tm.word]
		if !ok {
			continue
		}
		got := ""
		if len(tm.scope) > 0 {
			got = x.passages[tm.scope[0].from].Title
			if d := x.documentOf(tm.scope[0].from); len(tm.scope) != 1 || tm.scope[0] != (passageRange{x.docStart[d], x.docStart[d+1]}) {
				t.Errorf("%q scopes passages %v, not a whole document", tm.word, tm.scope)
			}
		}
		if got != title {
			t.Errorf("%q scopes the passages of %q; want %q", tm.word, got, title)
		}
	}
	ans, err := (&Answerer{Index: x}).Answer(context.Background(), "How many Senators does the Constitution give each State?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || ans.Quotes[0].Passage.Title != "The Constitution" {
		t.Errorf("answered %v, quoting %v; want the constitution's passage", ans.Answered, ans.Quotes)
	}
}

// TestWrittenAsName checks which words the shared corpora write as names: "Tzu" and
// "Britain" always capitalised inside sentences, "spies" and "army" not.
func TestWrittenAsName(t *testing.T) {
	x := sharedCorpus(t)
	for word, want := range map[string]bool{"tzu": true, "britain": true, "spies": false, "army": false, "security": false} {
		if got := x.writtenAsName(word, x.an.term(word)); got != want {
			t.Errorf("writtenAsName(%q) = %v, want %v", word, got, want)
		}
	}
	for _, tm := range x.parseQuery("sun tzu types of spies").terms {
		if tm.word == "tzu" && (len(tm.scope) == 0 || x.passages[tm.scope[0].from].Title != "The Art of War") {
			t.Errorf("lowercase %q scopes passages %v; want The Art of War's", tm.word, tm.scope)
		}
	}
}

// TestIndexASCIIFold checks the case-blind search against strings.Index of the lowercased
// text.
func TestIndexASCIIFold(t *testing.T) {
	for _, tt := range []struct{ s, word string }{
		{"Sun Tzu said", "tzu"}, {"SUN TZU", "tzu"}, {"tzu", "tzu"}, {"Tz", "tzu"}, {"", "a"},
		{"the MADISON papers, Madison", "madison"}, {"a-b A-B", "a-b"}, {"x", ""}, {"Hamilton and HAMILTON", "hamilton"},
	} {
		if got, want := indexASCIIFold(tt.s, tt.word), strings.Index(strings.ToLower(tt.s), tt.word); got != want {
			t.Errorf("indexASCIIFold(%q, %q) = %d, want %d", tt.s, tt.word, got, want)
		}
	}
}

// TestTitleNamesDocument checks that a question writing a document's whole title, in any case,
// asks about that document and what its passages say, not about the passages that write the
// title's words: "How many kinds of terrain are there in the art of war?" is answered by the
// treatise's six kinds of terrain, not by the introduction that writes "the art of war"; "What
// is a faction in the Federalist Papers?" asks what a faction is, answered by Madison's
// definition.
func TestTitleNamesDocument(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantLead(t, a, "how many kinds of terrain are there in the art of war", "six kinds of terrain")
	wantLead(t, a, "What is a faction in the Federalist Papers?", "By a faction, I understand")
	q := a.Index.parseQuery("what does the art of war say about spies")
	for _, term := range q.terms {
		if titled := term.term == "art" || term.term == "war"; term.titled != titled {
			t.Errorf("term %q titled %v; want %v", term.term, term.titled, titled)
		}
	}
	// A title's words that do not make up the whole title name nothing.
	for _, term := range a.Index.parseQuery("is war an art?").terms {
		if term.titled {
			t.Errorf("%q in 'is war an art?' is a title's word", term.term)
		}
	}
}

// TestAuthorScopesBylines checks that an author whose byline heads some papers of a collection
// scopes a question to those papers, not to the whole collection: "What does Madison say
// about standing armies?" is answered from a paper Madison signed, not Hamilton's Nos. 24–29.
func TestAuthorScopesBylines(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	for _, question := range []string{"What does Madison say about standing armies?", "how does madison propose to control the effects of faction"} {
		ans, err := a.Answer(context.Background(), question, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || !strings.Contains(ans.Quotes[0].Passage.Section(), "MADISON") {
			t.Errorf("%q: answered %v (%s) from %v; want a paper Madison signed", question, ans.Answered, ans.Refusal, ans.Quotes)
		}
	}
	x := a.Index
	scope := x.scopeOf("madison")
	for i, p := range x.passages {
		signed := strings.Contains(p.Section(), "MADISON")
		if in := scope.contains(int32(i)); in != signed {
			t.Fatalf("passage %d (%s) in Madison's scope: %v", i, p.Section(), in)
		}
	}
}

// TestTitleHeadNamesSource checks that the first word of a document's title, capitalised, asks
// what that document says: "What does the Constitution say about treason?" is answered from
// the Constitution, not from The Federalist, which writes "Constitution" on every page; an
// incidental word of a long title ("Chiefs" of the US Code chapters') does not.
func TestTitleHeadNamesSource(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	for _, question := range []string{"What does the Constitution say about treason?", "What does the Constitution say about the militia?"} {
		ans, err := a.Answer(context.Background(), question, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || !strings.HasPrefix(ans.Quotes[0].Passage.Title, "Constitution") {
			t.Errorf("%q: answered %v (%s) from %v; want the Constitution", question, ans.Answered, ans.Refusal, ans.Quotes)
		}
	}
	for _, tm := range a.Index.parseQuery("Who is Commander in Chief of the Army and Navy?").terms {
		if tm.source {
			t.Errorf("%q names a source", tm.word)
		}
	}
}

// TestSpokenSources checks that "the lecture", "the slides" or "the talk" name the corpus's
// slide deck (isSpoken: short passages, most under an unnumbered title of their own) and scope
// the question to it, though no passage calls it so: "What does the lecture say about
// oversight?" quoted 10 U.S.C. § 167's "Congressional Oversight" and is now refused, as the
// lecture never discusses oversight; the treatise, the Constitution and the statutes are no
// slide deck.
func TestSpokenSources(t *testing.T) {
	x := sharedCorpus(t)
	var spoken []string
	for d := range x.DocumentCount() {
		if x.isSpoken(d) {
			spoken = append(spoken, x.passages[x.docStart[d]].Title)
		}
	}
	if len(spoken) != 1 || spoken[0] != "Governance and the Security Sector" {
		t.Errorf("spoken documents %q, want the lecture only", spoken)
	}
	a := &Answerer{Index: x}
	for question, want := range map[string]string{
		"According to the slides, what two objectives should the security sector meet?": "The sector should provide the security that people want",
		"what does the talk say about civilians in ministries":                          "They have civilians in positions of influence",
		"What does the lecture say about oversight?":                                    "",
	} {
		ans, err := a.Answer(context.Background(), question, 1)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case want == "" && ans.Answered:
			t.Errorf("%q: answered from %s, want a refusal", question, ans.Quotes[0].Passage.Section())
		case want != "" && (!ans.Answered || !strings.Contains(ans.Quotes[0].Passage.Text, want)):
			t.Errorf("%q: answered %v (%s), want the lecture's %q", question, ans.Answered, ans.Refusal, want)
		}
	}
}

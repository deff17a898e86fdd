package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestListStems checks that a passage that opens with an item of a list begun in an earlier
// passage gets the list's stem, for enumerated items (nested, with Roman numerals after
// letters) and for runs of lines that open with the same function word, and that prose and
// a new section get none.
func TestListStems(t *testing.T) {
	passage := func(headings []string, text string) *corpus.Passage {
		return &corpus.Passage{DocumentID: "d", Headings: headings, Text: text}
	}
	s8 := []string{"ARTICLE I"}
	sec := []string{"§ 1541"}
	passages := []*corpus.Passage{
		passage(s8, "SECTION. 8. The Congress shall have Power To lay and collect Taxes;\n\nTo borrow Money on the credit of the United States;\n\nTo regulate Commerce with foreign Nations;"),
		passage(s8, "To declare War, grant Letters of Marque and Reprisal;\n\nTo raise and support Armies;"),
		passage(s8, "I affect not reserves which I do not feel. I will not amuse you."),
		passage(sec, "(a) In any case in which United States Armed Forces are introduced—\n\n(1) into hostilities;\n\n(2) into the territory of a foreign nation;"),
		passage(sec, "(3) in numbers which substantially enlarge United States Armed Forces;"),
		passage(sec, "(b) The report shall set forth—\n\n(A) the circumstances;\n\n(B) the authority;"),
		passage(sec, "(C) the estimated scope;\n\n(i) first clause;"),
		passage(sec, "(ii) second clause;"),
		passage([]string{"§ 1542"}, "(4) an item of another section's list;"),
	}
	got := listStems(passages)
	want := []string{
		"", "The Congress shall have Power", "",
		"", "In any case in which United States Armed Forces are introduced—",
		"", "The report shall set forth—", "The report shall set forth— the estimated scope;",
		"",
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("passage %d (%.30q): stem %q, want %q", i, passages[i].Text, got[i], want[i])
		}
	}
}

// TestListStemAnswers checks that the stem makes a continuing passage answer: Article I's
// "To raise and support Armies" says Congress's power only through "The Congress shall have
// Power" two passages before it.
func TestListStemAnswers(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	ans, err := a.Answer(context.Background(), "Who can raise and support armies?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || !strings.Contains(ans.Quotes[0].Passage.Text, "To raise and support Armies") {
		t.Errorf("answer %q from %v; want Article I's \"To raise and support Armies\"", ans.Lead, ans.Quotes)
	}
}

// TestSynonymSpellingVariants checks that two spellings of one word in a WordNet synset match as
// the word itself does, not as a synonym: "Who is the top military advisor to the
// President?" finds "the principal military adviser to the President" first.
func TestSynonymSpellingVariants(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"advisor", "adviser", true},
		{"judgment", "judgement", true},
		{"adviser", "adviser", false},
		{"canon", "cannon", false},
		{"consultant", "adviser", false},
	} {
		if got := spellingVariant(c.a, c.b); got != c.want {
			t.Errorf("spellingVariant(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	x := sharedCorpus(t)
	hits, err := x.Search(context.Background(), "who is the top military advisor to the president", 1, Hybrid)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || !Matches(hits[0].Passage.Text, []string{"is the principal military adviser to the President"}) {
		t.Errorf("hits %q, want the Chairman as principal military adviser first", describeHits(hits))
	}
}

package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/embeddings"
)

// TestBracketedShare checks what counts as an editor's note: bracketed text, including a
// note the passage begins or ends inside, and not a Markdown link's text.
func TestBracketedShare(t *testing.T) {
	for _, c := range []struct {
		text string
		want float64
	}{
		{"[Tu Mu says this.]", 1},
		{"abcd [ef]", 0.5}, // "[ef]" is 4 of 8 characters
		{"abcd", 0},
		{"", 0},
		{"ab] cd", 0.6},         // began inside a note: 3 of 5
		{"ab [cd", 0.6},         // ends inside one: 3 of 5
		{"[ab](cd)", 0},         // a Markdown link
		{"[a [b] c]", 1},        // nested
		{"x] y [z] w", 5.0 / 7}, // "x]" and "[z]" of x]y[z]w
	} {
		if got := bracketedShare(c.text); fmt.Sprintf("%.2f", got) != fmt.Sprintf("%.2f", c.want) {
			t.Errorf("bracketedShare(%q) = %.2f, want %.2f", c.text, got, c.want)
		}
	}
}

// TestTextRanksAboveItsNote checks that where an annotated text's own words and a
// commentator's bracketed note match a question alike, the text's words rank first.
func TestTextRanksAboveItsNote(t *testing.T) {
	x := textsIndex(t,
		"text.txt", "Chapter VII\n\n36. When you surround an army, leave an outlet free. Do not press a desperate foe too hard, or he will fight.",
		"note.txt", "Chapter VII\n\n[When you surround an army, leave an outlet free, or a desperate foe will fight.]",
	)
	hits, err := x.Search(context.Background(), "when you surround an army, should you leave an outlet free, or will a desperate foe fight?", 2, Hybrid)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) < 2 || hits[0].Passage.DocumentID != "text" {
		t.Fatalf("hits %q, want text first", describeHits(hits))
	}
}

// TestInNote checks which sentences stand in an editor's note: one opening a bracket or inside
// one, and those before the first "]" of a text that begins inside a note.
func TestInNote(t *testing.T) {
	text := "18. All warfare is based on deception. [Chang Yu says: The axiom holds. It holds twice.] 19. Hence, when able, seem unable."
	starts := []int{0, strings.Index(text, "[Chang"), strings.Index(text, "It holds"), strings.Index(text, "19.")}
	if got, want := inNote(text, starts), []bool{false, true, true, false}; !slices.Equal(got, want) {
		t.Errorf("inNote(%q) = %v, want %v", text, got, want)
	}
	text = "the rest of a note.] 7. The text resumes."
	if got, want := inNote(text, []int{0, strings.Index(text, "7.")}), []bool{true, false}; !slices.Equal(got, want) {
		t.Errorf("inNote(%q) = %v, want %v", text, got, want)
	}
}

// TestTextSentenceAboveNoteInSamePassage checks, on the shared corpora, that a passage whose
// own numbered sentence answers ranks above one whose note quotes the same words, where each
// also holds the other kind of text: "Is all warfare based on deception?" wants Sun Tzu's
// line, not Chang Yu's note quoting "the axiom, that war is based on deception".
func TestTextSentenceAboveNoteInSamePassage(t *testing.T) {
	x := sharedCorpus(t)
	hits, err := x.Search(context.Background(), "Is all warfare based on deception?", 2, Hybrid)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || !strings.Contains(hits[0].Passage.Text, "18. All warfare is based on deception.") {
		t.Fatalf("hits %q, want Sun Tzu's line first", describeHits(hits))
	}
}

// TestVectorTextDropsDocumentNames checks which words of a question the embedding leaves out:
// those naming the document asked about, not the thing asked about, on the shared corpora.
func TestVectorTextDropsDocumentNames(t *testing.T) {
	x := sharedCorpus(t)
	for _, c := range []struct{ question, want string }{
		{"sun tzu decepton", "deception"}, // as the misspelt word was read
		{"What does Hamilton say about standing armies?", "What does say about standing armies?"},
		// A name of one thing a text discusses, a title's words, and a name after "on", "about"
		// or "of", are what is asked about.
		{"Who was the first commentator on Sun Tzu?", "Who was the first commentator on Sun Tzu?"},
		{"What does the Posse Comitatus Act prohibit?", "What does the Posse Comitatus Act prohibit?"},
		{"Who runs the Defense Department if the secretary dies?", "Who runs the Defense Department if the secretary dies?"},
	} {
		if got := x.vectorText(x.parseQuery(c.question)); got != c.want {
			t.Errorf("vectorText(%q) = %q, want %q", c.question, got, c.want)
		}
	}
	// With the name in the embedding, the passages of the introduction that tell Sun Tzu's
	// life ranked above his sayings on deception, outside the first ten. (Embedded as read,
	// "deception" also brings the commentators' notes on deception up: rank 5.)
	hits, err := x.Search(context.Background(), "sun tzu decepton", 5, Hybrid)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(hits, func(h Hit) bool {
		return Matches(h.Passage.Text, []string{"All warfare is based on deception", "when able to attack, we must seem unable"})
	}) {
		t.Errorf("'sun tzu decepton': no passage of the first five holds Sun Tzu's sayings on deception")
	}
}

// describeHits names each hit by its document, title, form match and score, for a failure
// message.
func describeHits(hits []Hit) []string {
	out := make([]string, 0, len(hits))
	for _, h := range hits {
		out = append(out, fmt.Sprintf("%s %q (form %.2f, score %.3f)", h.Passage.DocumentID, h.Passage.Title, h.Form, h.Score))
	}
	return out
}

// TestOpensWithBackReference checks which openings point back at the passage before: a
// demonstrative, a connective of consequence or a contrast, not an expletive "It" or a
// conjunction "That".
func TestOpensWithBackReference(t *testing.T) {
	for text, want := range map[string]bool{
		"This simple view of the matter suggests several important consequences.":  true,
		"If, on the contrary, Britain had been situated on the continent, …":       true,
		"The plan, however, was never tried.":                                      true,
		"Hence the saying: If you know the enemy and know yourself, …":             true,
		"“These are the powers of the Union.”":                                     true,
		"It deserves particular attention, that treason will often be connected …": false,
		"That there ought to be one court of supreme and final jurisdiction, …":    false,
		"The kingdom of Great Britain falls within the first description.":         false,
		"Whoever attentively considers the different departments of power must …":  false,
		"": false,
	} {
		if got := opensWithBackReference(text); got != want {
			t.Errorf("opensWithBackReference(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestAntecedentFollowsBestHit checks, on the shared corpora, that when the best passage
// opens by referring back ("This simple view of the matter suggests …"), the passage it
// refers to ranks next, and first for a question asking why: Federalist No. 78 says why the
// judiciary is the weakest branch in the paragraph before the one that concludes it is.
func TestAntecedentFollowsBestHit(t *testing.T) {
	x := sharedCorpus(t)
	const (
		conclusion = "This simple view of the matter suggests several important consequences."
		reasons    = "will always be the least dangerous to the political rights of the"
	)
	for _, c := range []struct {
		question    string
		first, next string
	}{
		{"Is the judiciary the weakest of the three departments?", conclusion, reasons},
		{"Why did Hamilton consider the courts the weakest branch of government?", reasons, conclusion},
	} {
		hits, err := x.Search(context.Background(), c.question, 2, Hybrid)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) < 2 || !strings.Contains(hits[0].Passage.Text, c.first) || !strings.Contains(hits[1].Passage.Text, c.next) {
			t.Errorf("%q: hits %q, want %q first and %q next", c.question, describeHits(hits), c.first, c.next)
		}
	}
}

// TestSlideTitleRefersBack checks that a slide's title is its opening: on the built-in
// lecture the slide "So in practice" (the working definition) follows "The complicated
// answer", so a question it answers best brings that slide next.
func TestSlideTitleRefersBack(t *testing.T) {
	x := builtin(t)
	hits, err := x.Search(context.Background(), "Which bodies make up the security sector in practice?", 2, Hybrid)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) < 2 || hits[0].Passage.Section() != "So in practice" || hits[1].Passage.Section() != "The complicated answer" {
		t.Errorf("hits %q, want the slides So in practice and The complicated answer", describeHits(hits))
	}
}

// TestHowFastAsksForATime checks, on the shared corpora, that "how fast" asks for a time
// like "how soon": the War Powers Resolution's 48-hour report ranks first, where the word
// "fast" alone brought an Art of War passage about troops facing each other "for a long time".
func TestHowFastAsksForATime(t *testing.T) {
	wantQuote(t, &Answerer{Index: sharedCorpus(t)}, "how fast does the president have to tell congress after sending troops into combat", "within 48 hours")
}

// TestHeadingStatesListCount checks, on the shared corpora, that a heading which counts its
// passage's items ("Two objectives") answers a question counting them ("What are the two
// main goals …?") as a count in the text would: the slide ranked below two sections of the
// US Code whose text holds "(1)" and "(2)".
func TestHeadingStatesListCount(t *testing.T) {
	wantQuote(t, &Answerer{Index: sharedCorpus(t)}, "What are the two main goals a security sector should meet?", "The sector should provide the security that people want")
}

// TestAskingPassageIsNoAnswer checks that a passage made only of questions ("What is the
// security sector? What is governance?"), near a question in meaning, does not outrank the
// passage that answers it when the question names the lecturer.
func TestAskingPassageIsNoAnswer(t *testing.T) {
	wantQuote(t, &Answerer{Index: sharedCorpus(t)}, "according to chuter, what is governance", "A contested concept")
}

// TestWindowCosine checks that the best window of a passage of several points is nearer a
// question about one of them than the whole passage is, so that its similarity counts (see
// windowVectorShare), and that no window is embedded for a passage of one sentence or by an
// index that embeds with a remote model.
func TestWindowCosine(t *testing.T) {
	x := textsIndex(t, "slides.txt", strings.Join([]string{
		"The complicated answer",
		"There is a political struggle over budgets and procurement. Farmers want subsidies for wheat and barley. Parliament and the courts have a constitutional function which extends well beyond the security sector. Railways need new tracks and signals.",
		"One point",
		"Parliament and the courts have a constitutional function.",
	}, "\n\n"))
	if x.Len() != 2 {
		t.Fatalf("%d passages, want 2", x.Len())
	}
	question := "Do the legislature and the judges have a role beyond security?"
	q := x.parseQuery(question)
	qv, err := x.embedQuestion(context.Background(), x.vectorText(q))
	if err != nil || qv == nil {
		t.Fatal(err)
	}
	for i, p := range x.passages {
		info := x.infoOf(p.ID)
		e := x.evidence(q, info)
		wc, ok := x.windowCosine(qv, p, info, e)
		if i == 1 {
			if ok {
				t.Errorf("one sentence: window cosine %.3f, want none", wc)
			}
			continue
		}
		if pc := x.cosine(qv, i); !ok || wc <= pc {
			t.Errorf("window cosine %.3f (%v), want above the passage's %.3f", wc, ok, pc)
		}
		x.remoteEmbed = true
		if _, ok := x.windowCosine(qv, p, info, e); ok {
			t.Error("a remote model embedded a window")
		}
		x.remoteEmbed = false
	}
}

// TestNaNVectorIgnored checks that a stored passage embedding holding NaN (written into a
// library by hand, or by a model that answered with a zero vector) gives that passage a
// similarity of 0 rather than NaN: every hit's scores stay finite, so that `ask --json` can
// print them (it failed with "json: unsupported value: NaN"), and the question is answered.
func TestNaNVectorIgnored(t *testing.T) {
	doc, err := corpus.Parse("forces.md", []byte("# Forces\n\n## Navy\n\nThe navy guards the coast.\n\n## Army\n\nThe army guards the border.\n"), corpus.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	nan := float32(math.NaN())
	x, err := NewIndex(context.Background(), []*corpus.Document{doc}, IndexOptions{Vectors: func(p *corpus.Passage) ([]float32, bool) {
		if !strings.Contains(p.Text, "army") {
			return nil, false
		}
		v := make([]float32, embeddings.Builtin().Dim())
		for i := range v {
			v[i] = nan
		}
		return v, true
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []Mode{Hybrid, VectorOnly} {
		a := &Answerer{Index: x, Mode: mode}
		ans, err := a.Answer(context.Background(), "Who guards the border?", 2)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := json.Marshal(ans); err != nil {
			t.Errorf("%v: %v", mode, err)
		}
		for _, q := range ans.Quotes {
			if math.IsNaN(q.Score) {
				t.Errorf("%v: %q scored %v", mode, q.Passage.Text, q.Score)
			}
		}
		hits, err := x.Search(context.Background(), "Who guards the border?", 2, mode)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if math.IsNaN(h.Score) || math.IsNaN(h.Vector) {
				t.Errorf("%v: %q scored %v, vector %v", mode, h.Passage.Text, h.Score, h.Vector)
			}
		}
	}
}

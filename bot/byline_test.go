package bot

import (
	"context"
	"strings"
	"testing"
)

// TestWhoWroteTheDocument checks questions asking who wrote a whole document: its byline
// answers when the question names it (or names no text, in a corpus of one document), and the
// question is refused when the source names no author, when it names no text in a corpus of
// several, or when the best passage does not hold what the question quotes.
func TestWhoWroteTheDocument(t *testing.T) {
	ctx := context.Background()
	builtinAnswerer := &Answerer{Index: builtin(t)}
	for _, question := range []string{"Who wrote the lecture?", "who is the author of this lecture", "Who is the author?"} {
		ans, err := builtinAnswerer.Answer(ctx, question, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || ans.Lead != "Governance and the Security Sector is by David Chuter." || len(ans.Quotes) != 1 {
			t.Errorf("%q: answered %v, lead %q, %d quotes; want the lecture's byline", question, ans.Answered, ans.Lead, len(ans.Quotes))
		}
	}
	// The lecture's byline does not answer for another book.
	wantRefused(t, builtinAnswerer, "who wrote the art of war")

	shared := &Answerer{Index: sharedCorpus(t)}
	for question, lead := range map[string]string{
		"who wrote the art of war":                                 "The Art of War is by Sunzi.",
		"Who wrote The Federalist Papers?":                         "The Federalist Papers is by Alexander Hamilton and John Jay and James Madison.",
		"Who wrote Federalist No. 10?":                             "MADISON",
		"Who wrote that all warfare is based on deception?":        "The Art of War is by Sunzi.",
		"who wrote the governance and the security sector slides?": "Governance and the Security Sector is by David Chuter.",
	} {
		wantLead(t, shared, question, lead)
	}
	// Who an author is: all the corpus says is what they wrote.
	for question, lead := range map[string]string{
		"who is david chuter":         "David Chuter is the author of Governance and the Security Sector.",
		"Who was Alexander Hamilton?": "Alexander Hamilton is an author of The Federalist Papers.",
	} {
		wantLead(t, shared, question, lead)
	}
	wantLead(t, builtinAnswerer, "who is chuter?", "David Chuter is the author of Governance and the Security Sector.")
	// A talk is given: "Who gave this lecture?" asks for its byline too.
	wantLead(t, builtinAnswerer, "who gave this lecture", "Governance and the Security Sector is by David Chuter.")
	if asksPresenter("who gave the order to attack") {
		t.Error(`"who gave the order to attack" read as asking who gave a talk`)
	}
	// A commentary on the book is not the book: its writer is not the book's author.
	ans, err := shared.Answer(ctx, "who wrote the earliest commentary on the Art of War?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ans.Lead, "is by Sunzi") {
		t.Errorf("who wrote the earliest commentary: lead %q, the book's byline", ans.Lead)
	}
	for question, why := range map[string]string{
		"Who wrote the Constitution?": "names no author",
		"Who wrote the lecture?":      "without naming which",
	} {
		ans, err := shared.Answer(ctx, question, 1)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered || !strings.Contains(ans.Refusal, why) {
			t.Errorf("%q: answered %v, refusal %q; want a refusal saying it %s", question, ans.Answered, ans.Refusal, why)
		}
	}
}

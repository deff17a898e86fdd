package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/llm"
)

// Chat sends a system and a user message to a chat model and returns its reply;
// (*llm.Client).Chat with the model bound is one.
type Chat func(ctx context.Context, system, user string) (string, error)

// Generator writes answers with a chat model from the retrieved passages, and checks every
// quotation in them against the passage it cites.
type Generator struct {
	// Chat is the model.
	Chat Chat
	// Model names the model, for the answer's record.
	Model string
	// Passages is how many of the best passages the model is given (default 5).
	Passages int
}

// systemPrompt tells the model how to answer: only from the numbered passages, quoting them
// word for word with [n] citations, or saying that they do not answer.
const systemPrompt = `You answer questions about a corpus of doctrine and governance texts, using ONLY the numbered passages you are given.
Rules:
- Answer in one to three sentences.
- Support the answer with the passages' exact words in double quotation marks, each quotation followed by the number of its passage in square brackets, like this: "exact words" [2].
- Never put in quotation marks anything that is not written word for word in the passage you cite.
- If the passages do not answer the question, reply exactly: NOT COVERED`

// notCovered is the model's reply when the passages do not answer.
const notCovered = "NOT COVERED"

// Generated is a model's answer after checking.
type Generated struct {
	// Text is the answer: verified quotations kept with their citations; a quotation not
	// found in the passage it cites (nor in any other given) loses its quotation marks and is
	// marked "(not found in the passages: unverified)"; citations of passages not given are
	// dropped. A citation "[n]" is the passage's place in Cited, from 1.
	Text string
	// Cited lists the passages the checked answer cites, in order of first citation.
	Cited []*corpus.Passage
	// Verified counts the quotations of minSupportWords words or more found word for word;
	// Unverified those not found. A shorter quotation found ("the security sector") is kept
	// but supports nothing: it could stand in any answer, true or not.
	Verified, Unverified int
	// NotCovered is true when the model said the passages do not answer the question.
	NotCovered bool
}

// ErrNoSupport means the model's answer, once checked, has no verified quotation (whatever it
// cites): the caller falls back to the extractive answer.
var ErrNoSupport = errors.New("bot: the model's answer has no verified support")

// userPrompt numbers the passages with their source and puts the question after them.
func userPrompt(question string, passages []*corpus.Passage) string {
	var b strings.Builder
	b.WriteString("Passages:\n\n")
	for i, p := range passages {
		fmt.Fprintf(&b, "[%d] %s", i+1, p.Title)
		if s := p.Section(); s != "" {
			fmt.Fprintf(&b, " — %s", s)
		}
		fmt.Fprintf(&b, "\n%s\n\n", p.Text)
	}
	fmt.Fprintf(&b, "Question: %s", question)
	return b.String()
}

// Generate asks the model to answer question from the passages of hits (the first Passages of
// them) and checks its quotations (see Generated). When the model's context is too small it
// tries once more with half the passages. Errors: the model's (llm.ErrContextLength,
// *llm.HTTPError, timeouts), and ErrNoSupport.
func (g *Generator) Generate(ctx context.Context, question string, hits []Hit) (*Generated, error) {
	n := g.Passages
	if n <= 0 {
		n = 5
	}
	n = min(n, len(hits))
	for {
		passages := make([]*corpus.Passage, n)
		for i := range passages {
			passages[i] = hits[i].Passage
		}
		reply, err := g.Chat(ctx, systemPrompt, userPrompt(question, passages))
		if errors.Is(err, llm.ErrContextLength) && n > 1 {
			n /= 2
			continue
		}
		if err != nil {
			return nil, err
		}
		got := Verify(reply, passages)
		if got.NotCovered {
			return got, nil
		}
		if got.Verified == 0 {
			// A citation alone checks nothing: "The sector is abolished [1]." cites a
			// passage that need not say so.
			return got, ErrNoSupport
		}
		return got, nil
	}
}

// quotation matches a span in straight or curly double quotation marks, and an optional
// citation "[n]" or "[n, m]" right after it.
var (
	quotation = regexp.MustCompile(`["“]([^"“”]{2,}?)["”]\s*((?:\[-?\d+(?:\s*,\s*-?\d+)*\]\s*)*)`)
	citation  = regexp.MustCompile(`\[(-?\d+(?:\s*,\s*-?\d+)*)\]`)
)

// Verify checks a model's reply against the passages it was given (numbered from 1): each
// quotation must stand word for word, white space, case and quotation marks aside, in a
// passage it cites or, failing that, in another given passage (its citation is then set
// right); a citation of a passage that was not given is dropped; the citations kept are
// renumbered in the order of first citation (see Generated.Text).
func Verify(reply string, passages []*corpus.Passage) *Generated {
	g := &Generated{}
	reply = plainCitations(strings.TrimSpace(clipReply(reply)))
	if strings.HasPrefix(strings.ToUpper(reply), notCovered) {
		g.NotCovered = true
		return g
	}
	norm := make([]string, len(passages))
	for i, p := range passages {
		norm[i] = normalizeQuote(p.Text)
	}
	// The answer's citations number the passages in the order it first cites them, the
	// order in which Cited lists them and the answer shows them: the model's "[3]" of the
	// third passage it was given is "[1]" when that is the first passage it cites.
	cited := map[int]int{} // given passage index → its number in Cited
	cite := func(i int) string {
		if _, ok := cited[i]; !ok {
			g.Cited = append(g.Cited, passages[i])
			cited[i] = len(g.Cited)
		}
		return strconv.Itoa(cited[i])
	}
	// Citations outside quotations: keep those of given passages, drop the rest.
	citations := func(text string) string {
		return citation.ReplaceAllStringFunc(text, func(m string) string {
			var keep []string
			for _, r := range citedNumbers(m) {
				if r >= 1 && r <= len(passages) {
					keep = append(keep, cite(r-1))
				}
			}
			if len(keep) == 0 {
				return ""
			}
			return "[" + strings.Join(keep, ", ") + "]"
		})
	}
	quoted := func(m string) string {
		sub := quotation.FindStringSubmatch(m)
		quote, refs := sub[1], citedNumbers(sub[2])
		q := normalizeQuote(quote)
		found := -1
		for _, r := range refs {
			if r >= 1 && r <= len(passages) && containsQuote(norm[r-1], q) {
				found = r - 1
				break
			}
		}
		if found < 0 {
			for i := range norm {
				if containsQuote(norm[i], q) {
					found = i
					break
				}
			}
		}
		if found < 0 {
			g.Unverified++
			return quote + " (not found in the passages: unverified)" + trailingSpace(m)
		}
		if len(strings.Fields(quote)) >= minSupportWords {
			g.Verified++
		}
		return "“" + quote + "” [" + cite(found) + "]" + trailingSpace(m)
	}
	// One pass from left to right, so that passages are numbered in the order they are
	// first cited, and a bracketed number inside a quotation (a footnote mark, "[51]") is
	// left as the passage writes it.
	var b strings.Builder
	at := 0
	for _, loc := range quotation.FindAllStringIndex(reply, -1) {
		b.WriteString(citations(reply[at:loc[0]]))
		b.WriteString(quoted(reply[loc[0]:loc[1]]))
		at = loc[1]
	}
	b.WriteString(citations(reply[at:]))
	out := b.String()
	// The model's words reach a terminal and chat as they are: no control character or
	// escape sequence of theirs may.
	g.Text = strings.Join(strings.Fields(corpus.StripControls(terminalEscape.ReplaceAllString(out, " "))), " ")
	return g
}

// maxReplyBytes bounds the model's reply that Verify reads: 4,000 bytes, several times the one
// to three sentences the prompt asks for. A model that does not stop is cut there, at the end
// of a sentence where one ends in the second half, else of a word, and "…" marks the cut.
const maxReplyBytes = 4000

// clipReply returns reply cut to maxReplyBytes as that constant says.
func clipReply(reply string) string {
	if len(reply) <= maxReplyBytes {
		return reply
	}
	n := maxReplyBytes
	for n > 0 && !utf8.RuneStart(reply[n]) {
		n-- // not inside a character
	}
	cut := reply[:n]
	if i := strings.LastIndexAny(cut, ".!?"); i >= maxReplyBytes/2 {
		return cut[:i+1] + " …"
	}
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i >= maxReplyBytes/2 {
		cut = cut[:i]
	}
	return cut + " …"
}

// looseCitation matches the other ways a model writes a citation: "[passage 1]", "[Passage
// 4]", "[source 2]", "[^4]", "【4】", "[1-3]".
var looseCitation = regexp.MustCompile(`(?i)[\[【]\s*(?:(?:passages?|sources?)\s*|\^)?(\d+(?:\s*(?:,|-|–)\s*\d+)*)\s*[\]】]`)

// maxCitedRange bounds the passages a range citation ("[1-3]") stands for.
const maxCitedRange = 10

// plainCitations writes every citation of a reply as "[n]" or "[n, m]", as the prompt asks
// and Verify reads them, so that each is checked and numbered as the passages are shown:
// "[passage 3]", "[^3]" and "【3】" are "[3]", "[1-3]" is "[1, 2, 3]".
func plainCitations(reply string) string {
	return looseCitation.ReplaceAllStringFunc(reply, func(m string) string {
		sub := looseCitation.FindStringSubmatch(m)
		var out []string
		for _, part := range strings.Split(sub[1], ",") {
			lo, hi, isRange := strings.Cut(strings.ReplaceAll(strings.TrimSpace(part), "–", "-"), "-")
			a, err := strconv.Atoi(strings.TrimSpace(lo))
			if err != nil {
				return m
			}
			b := a
			if isRange {
				if b, err = strconv.Atoi(strings.TrimSpace(hi)); err != nil || b < a || b-a >= maxCitedRange {
					return m
				}
			}
			for n := a; n <= b; n++ {
				out = append(out, strconv.Itoa(n))
			}
		}
		return "[" + strings.Join(out, ", ") + "]"
	})
}

// minSupportWords is the fewest words of a quotation that supports a model's answer (see
// Generated.Verified): "The security sector" [1] was abolished in 1999 quotes three true words
// around a claim the passage does not make.
const minSupportWords = 4

// citedNumbers returns the numbers of citations such as "[2]" or "[1, 3] [4]".
func citedNumbers(s string) []int {
	var out []int
	for _, m := range citation.FindAllStringSubmatch(s, -1) {
		for _, f := range strings.Split(m[1], ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// trailingSpace returns the white space a match ended with, so that replacing it keeps the
// spacing of the sentence.
func trailingSpace(m string) string {
	if n := len(m) - len(strings.TrimRightFunc(m, unicode.IsSpace)); n > 0 {
		return " "
	}
	return ""
}

// normalizeQuote lowercases s, unifies quotation marks and apostrophes, drops emphasis marks
// and collapses white space, for comparing a quotation with a passage.
func normalizeQuote(s string) string {
	s = strings.NewReplacer("“", "", "”", "", "\"", "", "‘", "'", "’", "'", "**", "", "…", "...").Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// containsQuote reports whether the normalised passage text holds the normalised quotation;
// a quotation that elides words ("a ... b") must hold each part, in order.
func containsQuote(text, quote string) bool {
	at := 0
	parts := 0
	for _, part := range strings.Split(quote, "...") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		i := strings.Index(text[at:], part)
		if i < 0 {
			return false
		}
		at += i + len(part)
		parts++
	}
	return parts > 0
}

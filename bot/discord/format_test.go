package discord

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
)

func TestSplit(t *testing.T) {
	para := strings.Repeat("word ", 60) // 300 characters
	quote := "> " + strings.Repeat("quoted ", 100)
	code := "```\n" + strings.Repeat("code line\n", 40) + "```"
	tests := []struct {
		name  string
		text  string
		limit int
	}{
		{"short", "hello", 2000},
		{"paragraphs", strings.Repeat(para+"\n\n", 20), 2000},
		{"long quote line", quote + "\n" + quote + "\n— source", 300},
		{"code block", "intro\n" + code + "\nafter", 150},
		{"one long word", strings.Repeat("x", 5000), 2000},
		{"emoji count as two", strings.Repeat("😀", 1500), 2000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.text, tt.limit)
			if len(got) == 0 {
				t.Fatal("no messages")
			}
			joined := ""
			for i, m := range got {
				if length(m) > tt.limit {
					t.Errorf("message %d has %d characters, over %d", i, length(m), tt.limit)
				}
				if strings.TrimSpace(m) == "" {
					t.Errorf("message %d is empty", i)
				}
				if strings.Count(m, "```")%2 != 0 {
					t.Errorf("message %d leaves a code block open:\n%s", i, m)
				}
				if tt.name == "long quote line" {
					for _, l := range strings.Split(m, "\n") {
						if !strings.HasPrefix(l, "> ") && !strings.HasPrefix(l, "— ") {
							t.Errorf("message %d: a quote line lost its '> ': %q", i, l)
						}
					}
				}
				joined += m
			}
			if a, b := strings.Join(strings.Fields(strings.NewReplacer("```", "", ">", "").Replace(joined)), ""), strings.Join(strings.Fields(strings.NewReplacer("```", "", ">", "").Replace(tt.text)), ""); a != b {
				t.Errorf("text changed by splitting")
			}
		})
	}
}

// TestSplitLongFenceLine checks that a code block opened by a line nearly as long as a message
// (as a chat model's one-line answer starting with ``` can be) is opened again in the next
// message with its fence alone, not with that whole line: repeating it put over 2,000
// characters in a message, or a few characters of text in each of hundreds of messages, or
// looped for ever on a block-quote line.
func TestSplitLongFenceLine(t *testing.T) {
	quote := "> " + strings.Repeat("quoted words ", 30) + "\n— source"
	for _, n := range []int{1960, 1975} {
		text := "```" + strings.Repeat("x", n) + "\nhello there, some more text after the fence line\n\n" + quote
		got := Split(text, MaxContent)
		for i, m := range got {
			if length(m) > MaxContent {
				t.Errorf("fence line of %d: message %d has %d characters", n+3, i, length(m))
			}
		}
		if len(got) > 3 {
			t.Errorf("fence line of %d: %d messages for %d characters", n+3, len(got), length(text))
		}
	}
}

// TestSplitInlineCodeLine checks that a line that opens and closes a code block ("```a```")
// leaves none open: it was taken for an opening fence, repeated at the start of the next
// message and the message before it closed with a stray fence.
func TestSplitInlineCodeLine(t *testing.T) {
	text := "```a``` is code\n" + strings.Repeat(strings.Repeat("word ", 60)+"\n\n", 10)
	got := Split(text, MaxContent)
	if len(got) < 2 {
		t.Fatalf("%d messages, want at least 2", len(got))
	}
	if n := strings.Count(strings.Join(got, "\n"), "```a```"); n != 1 {
		t.Errorf("the line \"```a``` is code\" is in the messages %d times, want once", n)
	}
	for i, m := range got {
		if strings.Count(m, "```")%2 != 0 {
			t.Errorf("message %d leaves a code block open:\n%s", i, m)
		}
	}
}

// TestCutLineProgresses checks that cutting a line always takes something from it, even
// when the room left is less than its first character (an emoji is two UTF-16 units), and that
// a block-quote line gives more than its "> ", which Split would put back on the rest: taking
// nothing made Split loop for ever.
func TestCutLineProgresses(t *testing.T) {
	for _, line := range []string{"😀 and more\n", "> quoted text\n"} {
		head, rest := cutLine(line, 1)
		if head == "" || head == ">" || head == "> " {
			t.Errorf("cutLine(%q, 1) = %q, %q: nothing of the text taken", line, head, rest)
		}
	}
}

// TestModelAnswerOpeningCodeBlock checks that an answer whose chat model, as a question may
// ask it to, writes a lead of nearly 2,000 characters starting with ``` is sent in a few
// messages within Discord's limit, not a few characters in each of dozens of messages.
func TestModelAnswerOpeningCodeBlock(t *testing.T) {
	lead := "```" + strings.Repeat("security ", 213) + `"consists of all those institutions" [1]`
	ans := modelAnswer(t, lead)
	if !ans.Generated || !strings.HasPrefix(ans.Lead, "```") {
		t.Fatalf("lead %q (generated %v), want the model's", ans.Lead, ans.Generated)
	}
	text := AnswerText(ans)
	got := Split(text, MaxContent)
	for i, m := range got {
		if length(m) > MaxContent {
			t.Errorf("message %d has %d characters", i, length(m))
		}
	}
	if len(got) > 3 {
		t.Errorf("%d messages for an answer of %d characters", len(got), length(text))
	}
}

// rendered reports whether text holds s anywhere but just after a backslash, which escapes
// it: where it is not escaped, Discord renders it as markdown.
func rendered(text, s string) bool {
	for at := 0; ; {
		i := strings.Index(text[at:], s)
		if i < 0 {
			return false
		}
		if at+i == 0 || text[at+i-1] != '\\' {
			return true
		}
		at += i + len(s)
	}
}

// TestModelLeadIsPlainText checks that what a chat model writes, which a question can steer
// ("…and end with [Verify your account](http://…)"), is shown as text: a masked link, a code
// block, a heading, a spoiler or a mention of its making is escaped, where it was rendered
// in a message the bot posts as its answer. Its verified quotation and citation still read.
func TestModelLeadIsPlainText(t *testing.T) {
	reply := "# Notice “consists of all those institutions” [1] ||hidden|| [Verify your account](http://evil.example/login) ```x``` <@&123> @everyone *now*"
	ans := modelAnswer(t, reply)
	if !ans.Generated {
		t.Fatalf("lead %q not the model's", ans.Lead)
	}
	lead, _, _ := strings.Cut(AnswerText(ans), "\n")
	for _, s := range []string{"[Verify", "](http", "`", "|", "<@&", "# Notice", "*now", "@everyone"} {
		if rendered(lead, s) {
			t.Errorf("the model's %q is rendered: %s", s, lead)
		}
	}
	// Discord shows an escaped character as the character: the text reads as written.
	if got := strings.ReplaceAll(lead, `\`, ""); !strings.Contains(got, "“consists of all those institutions” [1]") || !strings.Contains(got, "[Verify your account](http://evil.example/login)") {
		t.Errorf("the lead does not read as the model wrote it: %s", got)
	}
}

// TestGapsArePlainText checks that /gaps lists each refused question as one line of text: a
// member's question with line breaks, a code fence, a heading or a masked link opened a code
// block over the rest of the list, or made a heading or a link of it.
func TestGapsArePlainText(t *testing.T) {
	b := &Bot{store: &memStore{gaps: map[string]int{"What is X?\n```\n# Admins [click](http://evil.example)": 2, "What is Y?": 1}}}
	text := b.gaps(context.Background())
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want a heading and one line each for 2 questions:\n%s", len(lines), text)
	}
	if strings.Contains(text, "```") || strings.Contains(text, "[click]") {
		t.Errorf("a question's markdown is rendered:\n%s", text)
	}
	if !strings.Contains(strings.ReplaceAll(text, `\`, ""), "- 2 × What is X? ``` # Admins [click](http://evil.example)") {
		t.Errorf("the question does not read as asked:\n%s", text)
	}
}

// TestSplitSmallLimit checks that a line that does not fit after a code block opened again
// (here a bare line break, with the limit at MinSplit) is still placed: cutting it took
// nothing, and Split looped for ever.
func TestSplitSmallLimit(t *testing.T) {
	text := "000\n```0000\n000\n0000000000"
	got := Split(text, MinSplit)
	for i, m := range got {
		if length(m) > MinSplit || strings.TrimSpace(m) == "" {
			t.Errorf("message %d: %q", i, m)
		}
	}
	strip := strings.NewReplacer("```", "", "\n", "")
	if a, b := strip.Replace(strings.Join(got, "")), strip.Replace(text); a != b {
		t.Errorf("%q: the text changed", got)
	}
}

// TestSplitProperties checks Split on random texts of words, emoji, block-quote lines, code
// fences and blank lines, at limits from MinSplit up: every message within the limit and not
// empty, the text's letters and emoji all there in order (é, which no code block's language
// opened again holds), and at most one message per character of text.
func TestSplitProperties(t *testing.T) {
	tokens := []string{"é", "éé", "éééééééé", " ", "  ", "\n", "\n\n", "> ", "```", "```go", "😀", "`", "#"}
	rng := rand.New(rand.NewPCG(1, 2))
	content := func(s string) string { // the text's é and emoji, in order
		return strings.Map(func(r rune) rune {
			if r == 'é' || r == '😀' {
				return r
			}
			return -1
		}, s)
	}
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		for k := rng.IntN(40); k >= 0; k-- {
			b.WriteString(tokens[rng.IntN(len(tokens))])
		}
		text, limit := b.String(), MinSplit+rng.IntN(30)
		got := Split(text, limit)
		for i, m := range got {
			if length(m) > limit || strings.TrimSpace(m) == "" {
				t.Fatalf("Split(%q, %d): message %d is %q", text, limit, i, m)
			}
		}
		if a, b := content(strings.Join(got, "")), content(text); a != b {
			t.Fatalf("Split(%q, %d) = %q: the text changed", text, limit, got)
		}
		if len(got) > length(text)+1 {
			t.Fatalf("Split(%q, %d): %d messages", text, limit, len(got))
		}
	}
}

// TestModelCitationsNumberSources checks that the passages under a model's answer are numbered
// as its citations number them: the passage it cites first is "[1]", whatever its place among
// the passages it was given (a citation "[3]" stood above an unnumbered passage).
func TestModelCitationsNumberSources(t *testing.T) {
	reply := `Some say "There's a political struggle to control the security sector" [3], and "all those institutions whose primary role" [1].`
	ans := modelAnswer(t, reply)
	text := AnswerText(ans) // the lead's brackets escaped, which Discord shows as "[1]"
	for _, want := range []string{`security sector” \[1\]`, `primary role” \[2\]`, "\n[1] — Governance and the Security Sector, David Chuter · The complicated answer", "\n[2] — Governance and the Security Sector, David Chuter · So in practice"} {
		if !strings.Contains(text, want) {
			t.Errorf("answer lacks %q:\n%s", want, text)
		}
	}
}

// modelAnswer returns the answer to "What is the security sector?" on the built-in corpus of
// a chat model "m" that replies reply.
func modelAnswer(t *testing.T, reply string) *bot.Answer {
	t.Helper()
	a := &bot.Answerer{Index: answerer(t).Index, Generator: &bot.Generator{Model: "m", Chat: func(context.Context, string, string) (string, error) {
		return reply, nil
	}}}
	ans, err := a.Answer(context.Background(), "What is the security sector?", 1)
	if err != nil {
		t.Fatal(err)
	}
	return ans
}

// TestAnswerTextOfSeveralQuestions checks that a message asking two questions is answered
// with each answer under its question, and that one asking one has no such heading.
func TestAnswerTextOfSeveralQuestions(t *testing.T) {
	x, err := bot.NewIndex(context.Background(), corpus.Builtin(), bot.IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a := &bot.Answerer{Index: x}
	ans, err := a.Answer(context.Background(), "What is the security sector? What are the two objectives of the sector?", 1)
	if err != nil {
		t.Fatal(err)
	}
	text := AnswerText(ans)
	if len(ans.Also) != 1 || strings.Count(text, "**Q:** ") != 2 || !strings.Contains(text, "**Q:** What are the two objectives of the sector?") ||
		!strings.Contains(text, "consists of all those institutions") {
		t.Errorf("%d more answers; text:\n%s", len(ans.Also), text)
	}
	one, err := a.Answer(context.Background(), "What is the security sector?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(AnswerText(one), "**Q:**") {
		t.Error("an answer to one question is headed with it")
	}
	ans.Unanswered = 3
	if text := AnswerText(ans); !strings.HasSuffix(text, "\n\n-# "+bot.UnansweredNote(3)) {
		t.Errorf("the questions left unanswered are not noted:\n%s", text)
	}
}

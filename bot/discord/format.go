package discord

import (
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
)

// Discord's limits (Discord's API documentation, "Message" and "Component" resources).
const (
	// MaxContent is the most characters in a message's content, counted as UTF-16 code units
	// (as Discord's clients count them).
	MaxContent = 2000
	// MaxCustomID is the most characters in a component's custom_id.
	MaxCustomID = 100
	// MaxButtonsPerRow and MaxRows bound the buttons of one message.
	MaxButtonsPerRow = 5
	MaxRows          = 5
)

// length counts s as Discord does: in UTF-16 code units.
func length(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// clip cuts s to at most n characters (see length), "…" included when it cuts, dropping the
// white space before the "…".
func clip(s string, n int) string {
	if length(s) <= n {
		return s
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		if used += utf16.RuneLen(r); used > n-1 { // room for "…", one unit
			break
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String()) + "…"
}

// AnswerText renders an answer as markdown for Discord (each answer of a message that asked
// several questions under its question, "**Q:** …"): the lead, each quoted passage as a
// block quote with its source under it (numbered "[1] — …" when there are several, or the
// lead is a model's, whose citations those numbers are), or the refusal. A model-written lead is marked as
// such, and an extractive answer given because the model failed says so.
func AnswerText(a *bot.Answer) string {
	if len(a.Also) == 0 {
		return answerText(a)
	}
	// A message that asked several questions: each answer under its question.
	var b strings.Builder
	for i, x := range append([]*bot.Answer{a}, a.Also...) {
		if i > 0 {
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "**Q:** %s\n", escapeMarkdown(x.Question))
		b.WriteString(answerText(x))
	}
	if note := bot.UnansweredNote(a.Unanswered); note != "" {
		b.WriteString("\n\n-# " + note)
	}
	return b.String()
}

// answerText is AnswerText for the answer to one question.
func answerText(a *bot.Answer) string {
	if a.SmallTalk || a.FollowUp {
		return a.Lead
	}
	if !a.Answered {
		return NotCoveredText
	}
	var b strings.Builder
	lead := a.Lead
	if a.Generated {
		// The model's words, which a question can steer, are shown as written: no link, code
		// block, heading, spoiler or mention of theirs is rendered.
		lead = escapeMarkdown(lead)
	}
	b.WriteString(cutLead(lead, MaxLead))
	if a.Generated {
		fmt.Fprintf(&b, "\n-# written by %s from the passages below; its quotations are checked against them", a.Model)
	} else if a.Fallback != "" {
		b.WriteString("\n-# the language model could not answer, so this is the passage that answers best")
	}
	for i, q := range a.Quotes {
		b.WriteString("\n\n")
		if len(a.Quotes) > 1 || a.Generated {
			// The source lines are numbered as the model's citations number them ("[1]"
			// is the first passage it cites; see bot.Generated.Text).
			b.WriteString(numberedQuoteBlock(q.Passage, fmt.Sprintf("[%d] ", i+1)))
		} else {
			b.WriteString(quoteBlock(q.Passage))
		}
	}
	return b.String()
}

// MaxLead is the most characters (see length) of an answer's lead as posted, its markdown
// escapes counted: 1,500. A chat model is asked for one to three sentences, a few hundred
// characters, and an extractive lead is one or two sentences of a passage of at most
// corpus.MaxPassage (1,200) bytes, so neither is cut in use; a longer lead (a model that
// ignored its instructions or was steered by the question into writing 100 KB) is cut by
// cutLead. 1,500 leaves room in one message of MaxContent (2,000) for the line saying which
// model wrote the lead, so the lead takes one message and an answer at most one message more
// than its quoted passages, which are never cut: an answer quoting one passage takes at most
// 3 messages, where a 100 KB lead took 51.
const MaxLead = 1500

// leadCut ends a lead that cutLead cut.
const leadCut = "… (answer cut: too long for chat)"

// cutLead returns lead when it has at most n characters (see length), else its start cut after
// the last sentence, or failing one in the second half of the room, before the last word,
// followed by leadCut, in at most n characters in all. It never leaves a backslash of
// escapeMarkdown's without the character it escapes.
func cutLead(lead string, n int) string {
	if length(lead) <= n {
		return lead
	}
	room := n - length(leadCut) - 1 // and a space after a sentence
	var b strings.Builder
	used := 0
	for _, r := range lead {
		if used += utf16.RuneLen(r); used > room {
			break
		}
		b.WriteRune(r)
	}
	head := b.String()
	end := -1
	for _, stop := range []string{". ", "? ", "! "} {
		end = max(end, strings.LastIndex(head, stop))
	}
	switch {
	case end >= len(head)/2:
		return head[:end+1] + " " + leadCut
	case strings.LastIndexByte(head, ' ') >= len(head)/2:
		head = head[:strings.LastIndexByte(head, ' ')]
	}
	// An escape is a backslash before its character, never a space: only a cut within a word
	// can part them, and the backslashes at its end are dropped.
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(head), "\\")) + leadCut
}

// markdownChars are the characters Discord's markdown gives a meaning: emphasis, code,
// spoilers, masked links, block quotes, headings, lists and mentions.
const markdownChars = "\\*_~`|[]<>#-@"

// escapeMarkdown makes s plain text in Discord: each character of markdownChars is escaped
// with a backslash, which Discord shows as the character alone.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(markdownChars, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// bidiControls are the characters that change the direction of the text after them: the
// Arabic letter mark, the left-to-right and right-to-left marks, embeddings, overrides and
// isolates.
const bidiControls = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

// plainName makes a name a member chose (a nickname, a display name) one line of plain text
// in Discord: its white space collapsed, its direction controls dropped (a right-to-left
// override showed the rest of the line reversed) and its markdown escaped (see escapeMarkdown).
func plainName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(bidiControls, r) {
			return -1
		}
		return r
	}, name)
	return escapeMarkdown(strings.Join(strings.Fields(name), " "))
}

// NotCoveredText is the reply to a question the corpus does not cover.
const NotCoveredText = "The corpus does not cover that question, so there is no passage to quote."

// quoteBlock renders a passage as a block quote, every line prefixed "> ", then its source.
func quoteBlock(p *corpus.Passage) string { return numberedQuoteBlock(p, "") }

// numberedQuoteBlock is quoteBlock with number ("[2] ") before the source line.
func numberedQuoteBlock(p *corpus.Passage, number string) string {
	var b strings.Builder
	for _, line := range strings.Split(p.Text, "\n") {
		b.WriteString("> " + line + "\n")
	}
	b.WriteString(number + "— " + bot.Citation(p))
	return b.String()
}

// messages cuts text into the messages the bot posts (see Split), with the control and
// bidirectional formatting characters that a model's answer, a passage or its source may hold
// dropped (see corpus.StripControls): a right-to-left override (U+202E) turned the rest of
// its line around.
func messages(text string) []string {
	return Split(corpus.StripControls(text), MaxContent)
}

// MinSplit is the smallest limit Split keeps to: room for a code block opened again ("```"
// and a line break), its closing ("\n```") and a few characters of text, the "> " of a
// block-quote line with one character (two UTF-16 units for an emoji) after it. Split raises a
// smaller limit to it.
const MinSplit = 12

// Split cuts markdown text into messages of at most limit characters (see length; at least
// MinSplit): between paragraphs where it can, else between lines, else between words; a
// block-quote line cut between words goes on with "> " in the next message, and a code block
// cut in two is closed at the end of one message and opened again at the start of the next
// (without its language when that would leave too little room). Every cut takes some of the
// text, so that it always ends. It never returns an empty message.
func Split(text string, limit int) []string {
	limit = max(limit, MinSplit)
	var out []string
	var cur strings.Builder
	fence := ""   // the opening fence line of a code block left open in cur, if any
	reopened := 0 // the length of the fence that flush opened again at the start of cur
	flush := func() {
		if cur.Len() == reopened && reopened > 0 {
			return // nothing since the block was opened again: an empty block is no message
		}
		s := strings.TrimRight(cur.String(), "\n")
		if fence != "" {
			s += "\n```"
		}
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
		cur.Reset()
		reopened = 0
		if fence != "" {
			open := reopenFence(fence)
			if length(open)+1+4+4 > limit {
				open = "```" // the language would leave too little room for the text
			}
			cur.WriteString(open + "\n")
			reopened = cur.Len()
		}
	}
	// closing is what a message holding cur and then line needs at its end to close a code
	// block: "\n```" when one is open, or line may open one.
	closing := func(line string) int {
		if fence != "" || toggles(line) {
			return 4
		}
		return 0
	}
	room := func(extra string) bool {
		return length(cur.String())+length(extra)+closing(extra) <= limit
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		if !room(line) {
			flush()
		}
		for !room(line) {
			// One line longer than a message: cut it between words. After flush, cur holds at
			// most the fence opened again, so that MinSplit leaves room for a cut that takes
			// some of the line. A head starting with a fence may open a block (whether the
			// whole line does or not) and needs room to close it.
			reserve := closing(line)
			if strings.HasPrefix(strings.TrimSpace(line), "```") {
				reserve = 4
			}
			head, rest := cutLine(line, limit-length(cur.String())-reserve)
			cur.WriteString(head + "\n")
			if toggles(head) {
				fence = toggleFence(fence, head)
			}
			flush()
			if strings.HasPrefix(line, "> ") && !strings.HasPrefix(rest, "> ") {
				rest = "> " + rest
			}
			line = rest
		}
		cur.WriteString(line)
		if toggles(line) {
			fence = toggleFence(fence, line)
		}
	}
	flush()
	return out
}

// toggleFence is the fence left open after line, which opens or closes a code block (see
// toggles), when fence was open before it.
func toggleFence(fence, line string) string {
	if fence == "" {
		return strings.TrimSpace(line)
	}
	return ""
}

// toggles reports whether line opens or closes a code block: it starts with a fence, and a
// line that opens and closes one ("```a```") leaves none open.
func toggles(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "```") && strings.Count(t, "```")%2 == 1
}

// reopenFence is the line that opens again, at the start of the next message, the code block
// that open opened: its fence and language, never the rest of a long opening line (which could
// fill the next message by itself).
func reopenFence(open string) string {
	lang := strings.TrimPrefix(open, "```")
	if len(lang) > 20 || strings.TrimLeft(lang, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-.#") != "" {
		lang = ""
	}
	return "```" + lang
}

// cutLine cuts line before the last space within limit characters (at limit when there is
// none); rest has no leading space. It takes at least one character, and of a block-quote
// line more than its "> " (which Split puts back on the rest), so that cutting goes on.
func cutLine(line string, limit int) (head, rest string) {
	limit = max(limit, 1)
	runes := []rune(strings.TrimRight(line, "\n"))
	n, cut := 0, 0
	lastSpace := -1
	for i, r := range runes {
		n += utf16.RuneLen(r)
		if n > limit {
			break
		}
		cut = i + 1
		if r == ' ' {
			lastSpace = i
		}
	}
	least := 1
	if strings.HasPrefix(line, "> ") {
		least = 3
	}
	if lastSpace >= least && cut < len(runes) {
		cut = lastSpace
	}
	cut = min(max(cut, least), len(runes))
	return string(runes[:cut]), strings.TrimLeft(string(runes[cut:]), " ") + "\n"
}

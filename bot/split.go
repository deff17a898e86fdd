package bot

import (
	"fmt"
	"regexp"
	"strings"
)

// A message may ask two questions at once ("how old must the president be and how long is the
// senate term", "who declares war; also what does the 3rd amendment say"): read as one
// question it matched no passage well enough, or one of its questions only. Answer answers
// each (see splitQuestions), the first as the answer and the others in Answer.Also.

// questionBreak matches where a second question starts inside a message: after a question mark,
// an exclamation mark, a full stop, a semicolon or a comma, or at "and", "also" or "or" (any of
// them, a comma after it or not), before a question word or an auxiliary that opens a question
// ("… be and how long is …", "…? who …", "…; also what …", "…? Also, who …"). The question word
// is left to the second question.
var questionBreak = regexp.MustCompile(`(?i)(?:\?+\s*|[!.]+\s+|\s*[;,]\s*|\s+)(?:(?:and|also|or|plus),?\s+(?:also,?\s+)?)?(?:then\s+)?(?:\d{1,2}[.)]\s+)?((?:how|what|what's|whats|who|who's|whom|whose|when|where|why|which|is|are|does|do|did|can|could|may|must|should|will|would)\s)`)

// listNumber matches an item's number in a break ("1. Who declares war 2. What is
// treason"), which separates two questions as a question mark does, though the items end with
// none.
var listNumber = regexp.MustCompile(`\d{1,2}[.)]\s`)

// whWords are the question words that open a question wherever they stand after "and".
var whWords = setOf(`what what's whats who who's whom whose which when where why how`)

// minSplitTerms is the fewest content terms each question of a message split in several must
// have: one of fewer ("who takes over?") leans on the other for its subject.
const minSplitTerms = 2

// MaxQuestionsPerMessage bounds the questions Answer answers in one message; the others are
// counted in Answer.Unanswered, for the user to ask again.
const MaxQuestionsPerMessage = 5

// UnansweredNote is the note a reply ends with when its message asked n questions more than
// MaxQuestionsPerMessage (see Answer.Unanswered), "" when n is 0 or less: "1 more question in
// the message was not answered; at most 5 are answered at once, so ask it again."
func UnansweredNote(n int) string {
	switch {
	case n <= 0:
		return ""
	case n == 1:
		return fmt.Sprintf("1 more question in the message was not answered; at most %d are answered at once, so ask it again.", MaxQuestionsPerMessage)
	}
	return fmt.Sprintf("%d more questions in the message were not answered; at most %d are answered at once, so ask them again.", n, MaxQuestionsPerMessage)
}

// splitQuestions returns the questions a message asks when it asks more than one, each as
// written (from its question word to the next one's start, trimmed of the conjunction and
// punctuation between them), all of them (Answer answers MaxQuestionsPerMessage); nil when it
// asks one. A break is strong after a question mark, an exclamation mark, a full stop or a
// semicolon, at a list's item number or before "also" ("Who declares war? Who commands the
// army?", "1. Who declares war 2. What is treason"; small talk before the break is no part of
// the question before it), weak at "and", "or", "plus" or a comma before a question word ("how
// old must the president be and how long is the senate term"); weak breaks count only when weak
// is true (Answer asks for them only when the message as a whole was refused: "What is the War
// Powers Resolution and when does the sixty day clock start?" is better answered whole). A
// break counts only where both sides ask a question: the first part opens with a question word
// or an auxiliary too (not "the powers that the president has and what Congress …"), and a
// break before an auxiliary must be strong ("What is the security sector and is it governed?"
// asks one thing). Each part holds a content term, minSplitTerms after a weak break, and a
// later part that refers back with a pronoun ("… and why does it matter?"; see
// referringPronouns) keeps the message whole: it is one question about one subject — unless the
// break is strong and the first part asks what or who something is, which the pronoun then
// stands for (see askedSubject).
func (x *Index) splitQuestions(message string, weak bool) []string {
	opens := func(s string) bool {
		w := wordTokens(strings.ToLower(s))
		return len(w) > 1 && (questionWords[w[0]] || auxiliaryWords[w[0]] || w[0] == "is" || w[0] == "are" || w[0] == "what's" || w[0] == "whats")
	}
	var parts []string
	var weakBefore []bool // per part after the first: whether a weak break opened it
	last := 0
	for _, m := range questionBreak.FindAllStringSubmatchIndex(message, -1) {
		if m[0] == 0 {
			continue
		}
		sep := strings.ToLower(message[m[0]:m[2]])
		word := strings.ToLower(strings.TrimSpace(message[m[2]:m[3]]))
		strong := strings.ContainsAny(sep, "?;!") || strings.Contains(sep, "also") ||
			strings.HasPrefix(strings.TrimSpace(sep), ".") || listNumber.MatchString(sep)
		if !strong && (!weak || !whWords[word]) {
			continue // "… and is it governed?": an auxiliary after a bare "and"
		}
		if strings.TrimSpace(strings.TrimRight(sep, "0123456789.) ")) == "" && !strong {
			continue // a question word inside a clause: "the powers that …", "know what …"
		}
		part := strings.TrimSpace(message[last:m[0]])
		if t := withoutSmallTalk(part); t != "" {
			part = t // "What is treason? thanks!": the thanks are no part of the question
		}
		if !opens(part) {
			return nil
		}
		if strings.Contains(sep, "?") {
			part += "?"
		}
		parts = append(parts, part)
		weakBefore = append(weakBefore, !strong)
		last = m[2]
	}
	if len(parts) == 0 {
		return nil
	}
	rest := strings.TrimSpace(message[last:])
	if !opens(rest) {
		return nil
	}
	parts = append(parts, rest)
	for i, p := range parts {
		least := 1
		if i > 0 && weakBefore[i-1] || i+1 < len(parts) && weakBefore[i] {
			least = minSplitTerms
		}
		if q := x.parseQuery(withoutInterjections(p)); len(q.terms) < least {
			return nil // "… and what can Congress do": too little of its own to ask alone
		}
		if i > 0 && refersBack(p) {
			// "… and why does it matter?": about the first question's subject. After a strong
			// break, the pronoun stands for the subject the first question asks about, when
			// it asks what or who something is ("What is governance? Who controls it?" asks
			// "Who controls governance?"); else the message is one question.
			subject := askedSubject(parts[0])
			if weakBefore[i-1] || subject == "" {
				return nil
			}
			resolved, ok := resolvePronoun(p, subject)
			if !ok {
				return nil // "What is the Senate? How long do they serve?": they are its members
			}
			parts[i] = resolved
		}
	}
	return parts
}

// askedSubjectForm matches a question asking what or who something is, the something in
// group 1: "What is governance?", "Who is the Secretary of Defense?".
var askedSubjectForm = regexp.MustCompile(`(?i)^\s*(?:what|who)(?:'s|’s|\s+(?:is|are|was|were))\s+(.+?)\s*[?.!]*$`)

// askedSubject returns what a question asking what or who something is asks about, as
// written ("the security sector"), "" for a question of another form or one about a pronoun
// ("What is it?").
func askedSubject(question string) string {
	m := askedSubjectForm.FindStringSubmatch(question)
	if m == nil || refersBack(m[1]) || len(wordTokens(m[1])) == 0 {
		return ""
	}
	return m[1]
}

// resolvePronoun writes subject for the first pronoun of question that refers back (see
// refersBack), as the possessive for a possessive ("its", "their", "his", "her"): "Who
// controls it?" with "governance" → "Who controls governance?". It reports false when that
// pronoun's number is not the subject's (see pluralPronouns): "they" of "the Senate" are its
// members, not the Senate.
func resolvePronoun(question, subject string) (string, bool) {
	words := wordTokens(strings.ToLower(subject))
	last := words[len(words)-1]
	plural := strings.HasSuffix(last, "s") && !strings.HasSuffix(last, "ss")
	ms := wordPattern.FindAllStringIndex(question, -1)
	for i, m := range ms {
		w := strings.ToLower(question[m[0]:m[1]])
		if w == "that" && i < len(ms)-1 || !referringPronouns[w] {
			continue
		}
		if pluralPronouns[w] != plural {
			return "", false
		}
		if possessivePronouns[w] {
			subject += "'s"
		}
		return question[:m[0]] + subject + question[m[1]:], true
	}
	return question, true
}

// wordPattern matches a word of letters and apostrophes; possessivePronouns are the
// possessive referringPronouns.
var (
	wordPattern        = regexp.MustCompile(`[\p{L}'’]+`)
	possessivePronouns = setOf("its their his")
	pluralPronouns     = setOf("they them their these those")
)

// refersBack reports whether a question holds a pronoun that refers to something named
// before it (see referringPronouns; "that" only as the last word, as elsewhere often a
// conjunction, and not "it" of "what is it that …").
func refersBack(question string) bool {
	words := wordTokens(strings.ToLower(question))
	for i, w := range words {
		if w == "that" && i < len(words)-1 || !referringPronouns[w] {
			continue // "that" ends a question as a pronoun ("the penalty for that?"), elsewhere often a conjunction
		}
		if w == "it" && i+1 < len(words) && (words[i+1] == "that" || words[i+1] == "which") {
			continue
		}
		return true
	}
	return false
}

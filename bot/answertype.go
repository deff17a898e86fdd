package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// A question that asks which places or which people by name ("Which countries did Chuter draw
// on?", "Which commentators explain this?") is answered only by a passage that names some: the
// expected answer type of question classification (Li & Roth 2002, "Learning Question
// Classifiers", classes LOC:country, LOC:city and HUM:ind), checked by the proxy of a name — a
// word the passage capitalises inside a sentence. A passage on the same topic that names none
// does not answer it, however much of the question it covers.

// namedClasses are the plural nouns of classes whose members a text names: places and people
// known by name. Offices whose holders a text may describe without naming them ("Which
// generals are skilful in attack?") are not among them, nor "states", also a verb ("What
// states the objectives?").
var namedClasses = setOf(`countries nations cities towns capitals provinces kingdoms empires
authors writers commentators translators kings emperors`)

// namedClass returns the class noun of a question that asks which members of such a class
// ("which countries", "what cities"), "" when it asks none.
func namedClass(lower string) string {
	words := strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	for i := 0; i+1 < len(words); i++ {
		if (words[i] == "which" || words[i] == "what") && namedClasses[words[i+1]] {
			return words[i+1]
		}
	}
	return ""
}

// namesSomething reports whether a passage writes a name: a word capitalised inside a sentence
// (not its first word, not in capitals throughout, as headings and emphasis are) that the
// question does not write itself.
func namesSomething(p *corpus.Passage, question string) bool {
	asked := map[string]bool{}
	for _, w := range wordTokens(question) {
		asked[w] = true
	}
	for _, s := range corpus.Sentences(p.Text) {
		for i, w := range strings.Fields(p.Text[s.Start:s.End]) {
			// A word is what stands between spaces: "Defence/Police/Intelligence policy."
			// opens with one word, not three.
			w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
			if i == 0 || len(w) < 2 || !isLetters(w) {
				continue
			}
			r, _ := utf8.DecodeRuneInString(w)
			if unicode.IsUpper(r) && strings.ToUpper(w) != w && !asked[strings.ToLower(w)] {
				return true
			}
		}
	}
	return false
}

// isLetters reports whether w is letters and apostrophes only.
func isLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '\'' && r != '’' {
			return false
		}
	}
	return true
}

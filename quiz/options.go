package quiz

import (
	"strings"
	"unicode"

	"github.com/doctrinebot/doctrinebot/lexicon"
)

// A multiple-choice option — the right one and each distractor — must name a thing: a
// phrase with a word of content, not a function word ("The", read as a defined term in "The
// means to be employed …") nor a piece of a clause ("where they reside", "whether of one").

// determiners open a noun phrase: "the", "their", "several", "much".
var determiners = map[string]bool{"the": true, "a": true, "an": true, "no": true, "any": true, "some": true,
	"its": true, "their": true, "his": true, "her": true, "our": true, "my": true, "your": true,
	"this": true, "that": true, "these": true, "those": true, "such": true, "every": true, "several": true,
	"many": true, "much": true, "more": true, "most": true, "little": true, "few": true, "enough": true,
	"nothing": true, "something": true}

// prepositions open a phrase that says where, when or how, not what: "through haste",
// "Among the pretended defects", "like man himself".
var prepositions = map[string]bool{"of": true, "to": true, "in": true, "on": true, "at": true, "by": true,
	"for": true, "with": true, "from": true, "as": true, "than": true, "into": true, "onto": true, "upon": true,
	"over": true, "under": true, "through": true, "throughout": true, "about": true, "against": true,
	"between": true, "among": true, "within": true, "without": true, "before": true, "after": true,
	"during": true, "since": true, "until": true, "unto": true, "like": true, "unlike": true}

// verbWords are the auxiliary and modal verbs, and "not": a phrase opening with one is the
// rest of a clause ("ought to contemplate these revolutions", "being heavier than men").
var verbWords = map[string]bool{"is": true, "are": true, "was": true, "were": true, "be": true, "been": true,
	"being": true, "am": true, "has": true, "have": true, "had": true, "do": true, "does": true, "did": true,
	"shall": true, "will": true, "would": true, "should": true, "may": true, "might": true, "must": true,
	"can": true, "could": true, "ought": true, "not": true}

// functionWords are the words that name nothing on their own: determiners (and the
// adjectives that only point at another word: "same", "other", "former"), pronouns,
// prepositions, conjunctions, and verbWords.
var functionWords = union(determiners, prepositions, verbWords, map[string]bool{
	"each": true, "all": true, "both": true, "either": true, "neither": true, "less": true, "least": true,
	"one": true, "none": true, "same": true, "other": true, "another": true, "former": true, "latter": true,
	// pronouns
	"it": true, "its": true, "they": true, "them": true, "their": true, "he": true, "him": true,
	"his": true, "she": true, "her": true, "we": true, "us": true, "our": true, "you": true,
	"your": true, "i": true, "me": true, "my": true, "what": true, "which": true, "who": true,
	"whom": true, "whose": true, "itself": true, "themselves": true, "whatever": true, "whoever": true,
	"whichever": true,
	// conjunctions and adverbs of linking
	"and": true, "or": true, "nor": true, "but": true, "if": true, "when": true, "where": true,
	"whether": true, "while": true, "although": true, "though": true, "because": true,
	"unless": true, "lest": true, "whereas": true, "so": true, "yet": true, "then": true,
	"there": true, "here": true, "thus": true,
})

// union returns a map holding the keys of all of sets.
func union(sets ...map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, set := range sets {
		for k := range set {
			out[k] = true
		}
	}
	return out
}

// contentPhrase reports whether s can stand as a multiple-choice option: one of its words
// (see normalize) is not a function word; its first word is no subordinating conjunction or
// relative (subordinate), pronoun (subjectPronouns and the other personal ones), "and",
// "or", "nor", "but", auxiliary or modal verb (verbWords), nor a preposition other than the
// "to" of an infinitive ("to raise armies") unless s is a name, every word of content
// capitalised ("Under Secretary of Defense"); and its last word is no article or preposition
// (connectives, "the", "a", "an") that would leave it cut short ("Secretary of").
func contentPhrase(s string) bool {
	words := strings.Fields(normalize(s))
	if len(words) == 0 {
		return false
	}
	content := false
	for _, w := range words {
		if !functionWords[w] {
			content = true
			break
		}
	}
	first, last := words[0], words[len(words)-1]
	switch {
	case !content,
		subordinate[first] || subjectPronouns[first] || clauseStarts[first] || verbWords[first],
		prepositions[first] && first != "to" && !titleCase(s),
		connectives[last] || last == "the" || last == "a" || last == "an":
		return false
	}
	return true
}

// titleCase reports whether every word of s that is not a function word begins with a
// capital letter, as the words of a name or title do, and is not an ordinary word written in
// capitals for emphasis (see emphasis): "Under Secretary of Defense", not "LIKE KIND".
func titleCase(s string) bool {
	for _, w := range strings.Fields(s) {
		if !functionWords[strings.ToLower(w)] && (!unicode.IsUpper([]rune(w)[0]) || emphasis(w)) {
			return false
		}
	}
	return true
}

// emphasis reports whether w (a word, punctuation around it aside) is an ordinary word
// written in capitals throughout, as The Federalist sets words for emphasis ("a SINGLE BODY
// of men"), rather than an acronym or a name: two letters or more, none lower case, no
// abbreviation's full stop inside ("U.S."), and a function word ("WHEN") or a WordNet word
// (lexicon's Lemmas: "KIND", "MAXIMS") that is not a proper noun ("NATO").
func emphasis(w string) bool {
	w = strings.TrimFunc(w, func(r rune) bool { return !wordRune(r) })
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsLower(r), r == '.':
			return false
		case unicode.IsLetter(r):
			letters++
		}
	}
	if letters < 2 {
		return false
	}
	l, lower := lexicon.Builtin(), strings.ToLower(w)
	return functionWords[lower] || len(l.Lemmas(lower)) > 0 && !l.IsProperNoun(lower)
}

// clauseStarts are the first words, besides subordinate conjunctions, the pronouns of a
// subject and verbWords, that mark a phrase as a piece of a clause rather than a thing.
var clauseStarts = map[string]bool{"we": true, "us": true, "our": true, "you": true, "your": true,
	"i": true, "me": true, "my": true, "and": true, "or": true, "nor": true, "but": true}

// contentOptions reports whether every option of it is a content phrase (contentPhrase).
func contentOptions(it Item) bool {
	for _, o := range it.Options {
		if !contentPhrase(o) {
			return false
		}
	}
	return true
}

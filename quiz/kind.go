package quiz

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/doctrinebot/doctrinebot/lexicon"
)

// The options of a multiple-choice item are phrases of one kind, the right answer's: for
// "through haste, _____, or design" (the answer "inadvertence", a noun) an adjective standing
// alone ("real") or an infinitive ("to act") would be told wrong by its grammar alone, as a
// noun ("communications") would be for "to monitor, contain, _____, or dispose of" (the
// answer "disable", a verb).

// kinds is a set of the kinds of phrase a phrase can be, one bit per kind.
type kinds uint8

const (
	// nounKind is a noun or a noun phrase: "inadvertence", "great extent of the country",
	// "Secretary of Defense".
	nounKind kinds = 1 << iota
	// verbKind is a verb or a phrase a verb heads: "disable", "dispose of the weapon".
	verbKind
	// adjectiveKind is an adjective, or a phrase one heads, standing alone: "real",
	// "wholly independent".
	adjectiveKind
	// adverbKind is an adverb standing alone: "promptly".
	adverbKind
	// infinitiveKind is a phrase opening with the "to" of an infinitive: "to raise armies".
	infinitiveKind
	// clauseKind is a phrase holding a finite verb: "The action is otherwise authorized".
	clauseKind
)

// wordKinds are the kinds of a single word, by WordNet part of speech: noun, verb,
// adjective, adverb (lexicon's order, "nvar").
var wordKinds = [4]kinds{nounKind, verbKind, adjectiveKind, adverbKind}

// finiteVerbs are the verbs that make a phrase holding one a clause.
var finiteVerbs = map[string]bool{"is": true, "are": true, "was": true, "were": true, "am": true, "has": true,
	"have": true, "had": true, "do": true, "does": true, "did": true, "shall": true, "will": true, "would": true,
	"should": true, "may": true, "might": true, "must": true, "can": true, "could": true}

// minPOSShare is the least share of a word's WordNet weight (see posShares) a part of speech
// must have for the word to count as one: "control" (62 noun tags, 56 verb) is a noun and a
// verb, "real" (81 adjective tags, 1 noun sense never tagged) an adjective only.
const minPOSShare = 0.25

// inflections are the endings an inflected form of each WordNet part of speech (noun, verb,
// adjective, adverb) may have, as WordNet's morphy detaches them (see lexicon's Lemmas), and
// "-ing" for nouns too, a verb's gerund naming its act ("tasking"): an inflected word ending
// otherwise is an irregular form ("fled", "went") of any of them.
var inflections = [4][]string{{"s", "men", "ing"}, {"s", "ed", "ing"}, {"er", "est"}, nil}

// inflectedAs reports whether word, an inflected form (not a base form itself), may be one of
// part of speech p (0 to 3, "nvar"): "attacked" is a verb's, never a noun's, "armies" a
// noun's or a verb's.
func inflectedAs(word string, p int) bool {
	regular := false
	for q, ends := range inflections {
		for _, e := range ends {
			if strings.HasSuffix(word, e) {
				if q == p {
					return true
				}
				regular = true
			}
		}
	}
	return !regular
}

// posShares returns the share (0 to 1) of each WordNet part of speech — noun, verb,
// adjective, adverb — in the uses of word (any case), summed over its base forms (lexicon's
// Lemmas) of the parts of speech its ending allows (inflectedAs: "attacked" is no noun): each
// part of speech weighs its senses' tag counts in WordNet's semantic concordance (cntlist),
// plus 1 when the base form has senses of it with relations at all, so that untagged words
// count. All zero for a word WordNet lacks.
func posShares(word string) [4]float64 {
	l := lexicon.Builtin()
	word = strings.ToLower(word)
	var weight [4]float64
	for _, base := range l.Lemmas(word) {
		allowed := func(p int) bool { return base == word || inflectedAs(word, p) }
		for p, pos := range []byte("nvar") {
			if !allowed(p) {
				continue
			}
			// WordNet 3.0's most senses for one word and part of speech is 59 ("break", verb).
			for sense := 1; sense <= 64; sense++ {
				weight[p] += float64(l.SenseTagCount(base, pos, sense))
			}
		}
		var has [4]bool
		for _, r := range l.Related(base) {
			if p := strings.IndexByte("nvar", r.POS); p >= 0 && allowed(p) {
				has[p] = true
			}
		}
		for p := range has {
			if has[p] {
				weight[p]++
			}
		}
	}
	total := weight[0] + weight[1] + weight[2] + weight[3]
	if total == 0 {
		return [4]float64{}
	}
	for p := range weight {
		weight[p] /= total
	}
	return weight
}

// wordKind returns the kinds word can be (see minPOSShare). For a word WordNet lacks: a
// verb's participle when it ends in "ed" ("disaggregated"), an adverb when it ends in "ly",
// else a noun, most often a name ("Tzŭ").
func wordKind(word string) kinds {
	shares := posShares(word)
	if shares == [4]float64{} {
		switch w := strings.ToLower(word); {
		case len(w) > 4 && strings.HasSuffix(w, "ed"):
			return verbKind
		case len(w) > 4 && strings.HasSuffix(w, "ly"):
			return adverbKind
		}
		return nounKind
	}
	var k kinds
	for p, s := range shares {
		if s >= minPOSShare {
			k |= wordKinds[p]
		}
	}
	if k == 0 {
		return nounKind
	}
	return k
}

// phraseKind returns the kinds phrase s can be: for one word, its parts of speech (wordKind);
// for more, one kind: an infinitive when it opens with "to", a clause when it holds a finite
// verb ("is", "shall", "means" after a word of content), a noun phrase when it opens with a
// determiner, a verb phrase when its first word is a verb only, used as no other part of
// speech ("obtain surplus military equipment"; in a name, before a determiner: "Abolish the
// Union", not "Sung State") — or either, a noun phrase or a verb phrase, when that verb is a
// participle before words of content ending with one that can be a noun ("entangling
// ground", "converted spies") —, a noun phrase when it is a name (two capitalised words or
// more, see name), else the kind of its head: the last word
// before the first function word after its first ("extent" in "great extent of the
// country", "dispose" in "dispose of the weapon"), a noun when it can be one, or when it
// follows an adjective or a participle and WordNet has it as a noun at all ("narrow
// passes"). Zero for a phrase of no words.
func phraseKind(s string) kinds {
	words := strings.Fields(normalize(s))
	switch {
	case len(words) == 0:
		return 0
	case len(words) == 1:
		return wordKind(words[0])
	case words[0] == "to":
		return infinitiveKind
	}
	for i, w := range words {
		if finiteVerbs[w] || w == "means" && i > 0 && !functionWords[words[i-1]] {
			return clauseKind // "The term Indian tribe means …", not "ways and means"
		}
	}
	switch {
	case determiners[words[0]]:
		return nounKind
	case wordKind(words[0]) == verbKind && (!name(s) || determiners[words[1]]):
		if participle(words[0]) && !slices.ContainsFunc(words, func(w string) bool { return functionWords[w] }) &&
			posShares(words[len(words)-1])[0] > 0 {
			return nounKind | verbKind // "entangling ground", "converted spies": a participle before a noun, or a verb and its object
		}
		return verbKind // "Abolish the Union" too, not "Sung State"
	case name(s):
		return nounKind
	}
	head, before := words[0], ""
	for _, w := range words[1:] {
		if functionWords[w] {
			break
		}
		head, before = w, head
	}
	k := wordKind(head)
	if k&nounKind != 0 {
		return nounKind // "the public good": a noun when it can be one
	}
	if before != "" && (wordKind(before) == adjectiveKind || participle(before)) && posShares(head)[0] > 0 {
		return nounKind // "narrow passes": after an adjective, a word that can be a noun is one
	}
	for _, one := range wordKinds {
		if k&one != 0 {
			return one
		}
	}
	return nounKind
}

// participle reports whether the normalised word w may be a verb's participle standing as an
// adjective: it ends in "ing" or "ed" ("entangling", "converted").
func participle(w string) bool {
	return len(w) > 4 && (strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed"))
}

// name reports whether s is a name: two words or more capitalised (not written in capitals
// throughout, see emphasis), and every word of content so (see titleCase).
func name(s string) bool {
	caps := 0
	for _, w := range strings.Fields(s) {
		if r := []rune(w); unicode.IsUpper(r[0]) && !emphasis(w) {
			caps++
		}
	}
	return caps >= 2 && titleCase(s)
}

// minThingNounUses is how often WordNet's semantic concordance must tag the last word of a
// name as a noun for the name to be one of a thing (see thingName): "state" 282 times,
// "commentator" 2; a surname that is also a rare noun ("jay", 0) leaves the name a person's.
const minThingNounUses = 2

// thingName reports whether a name (see name) names a thing — a state, a war, a body, a
// group, an office — rather than a person: its last word is a common noun WordNet's
// concordance tags as one at least minThingNounUses times ("Ch'i State", "Second World War",
// "Ten Commentators", "Department of the Army"); a person's name ends in a word that is no
// common noun ("Chia Lin", "Ts'ao Ts'ao", "John Jay"). A quiz asking for one is not answered
// by the other kind: "Second World War" is no option for a commentator's name.
func thingName(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 {
		return false
	}
	last := strings.Trim(words[len(words)-1], ".,;:!?'’\"”)")
	return posShares(last)[0] > 0 && nounUses(last) >= minThingNounUses && !lexicon.Builtin().IsProperNoun(strings.ToLower(last))
}

// nounUses returns how often WordNet's semantic concordance tags word (any case; its base
// forms) as a noun, summed over its senses.
func nounUses(word string) int {
	l := lexicon.Builtin()
	n := 0
	for _, base := range l.Lemmas(strings.ToLower(word)) {
		for sense := 1; sense <= 64; sense++ {
			n += l.SenseTagCount(base, 'n', sense)
		}
	}
	return n
}

// sameKind reports whether phrases a and b can be of one kind (see phraseKind).
func sameKind(a, b string) bool {
	return phraseKind(a)&phraseKind(b) != 0
}

// ordinals are the ordinal numbers up to the twentieth, as words.
var ordinals = stemSet("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth " +
	"thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth")

// romanNumeral matches a Roman numeral written in capitals, I to MMMCMXCIX ("XI", "IV").
var romanNumeral = regexp.MustCompile(`^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$`)

// numeral reports whether s, one word punctuation aside, is a number that counts or ranks
// rather than names a thing: a cardinal in digits or words ("60", "seven"), an ordinal
// ("fifth") or a Roman numeral in capitals ("XI"). A numeral is of no kind a noun or an
// adjective is: "fifth" and "XI" are no options for "operationally capable".
func numeral(s string) bool {
	w := strings.TrimFunc(s, func(r rune) bool { return !wordRune(r) })
	if w == "" || strings.ContainsFunc(w, unicode.IsSpace) {
		return false
	}
	if _, ok := numberValue(w); ok || ordinals[strings.ToLower(w)] {
		return true
	}
	return romanNumeral.MatchString(w) && w != "I"
}

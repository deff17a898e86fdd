package quiz

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A false statement is a true one with its verb negated, and it must read as English: "must"
// becomes "must not"; "has" becomes "does not have" where it is the verb ("has a staff") but
// "has not" where it makes a perfect ("has been", "has hitherto occupied"); a modal after an
// article is a noun ("The will of the requisite number …") and is not negated. A statement
// whose verb cannot be told is not made.

// negations turn a verb of a statement into its negation and back, tried at each word of a
// sentence in this order. "has" and "have" are negated by haveNegation.
var negations = []struct{ from, to string }{
	{"shall not", "shall"}, {"must not", "must"}, {"may not", "may"}, {"cannot", "can"},
	{"is not", "is"}, {"are not", "are"},
	{"must", "must not"}, {"shall", "shall not"}, {"should", "should not"}, {"can", "cannot"},
	{"will", "will not"}, {"is", "is not"}, {"are", "are not"}, {"was", "was not"}, {"were", "were not"},
	{"has", "does not have"}, {"have", "do not have"}, {"consists of", "does not consist of"},
	{"consist of", "do not consist of"}, {"means", "does not mean"},
	{"There's a", "There is no"}, {"There is a", "There is no"}, {"There is an", "There is no"}, {"There are some", "There are no"},
}

// negative matches the words that already deny or limit a statement ("never", "rarely",
// "unless"): negating its verb as well would make a double negative ("cannot rarely be
// cured").
var negative = regexp.MustCompile(`(?i)\b(?:not|no|never|nor|neither|none|nothing|nobody|hardly|scarcely|rarely|seldom|nowhere|nowise|cannot|unless|except)\b|n't`)

// perfectAdverbs stand between "has" or "have" and a participle ("has hitherto occupied",
// "have all been", "has already been"), besides adverbs in -ly.
var perfectAdverbs = map[string]bool{"already": true, "always": true, "often": true, "long": true, "since": true,
	"yet": true, "ever": true, "never": true, "hitherto": true, "heretofore": true, "also": true, "only": true,
	"now": true, "once": true, "just": true, "still": true, "sometimes": true, "perhaps": true, "rather": true,
	"thus": true, "so": true, "even": true, "indeed": true, "all": true, "both": true, "each": true, "accordingly": true}

var (
	// participleEnd matches the endings of past participles: "followed", "been", "known",
	// "gone", "become", "made", "brought", "sung", "left", "kept", "borne".
	participleEnd = regexp.MustCompile(`(?:ed|en|wn|one|ome|ade|ught|ung|eft|ept|orn|orne)$`)
	// irregularParticiples are past participles without those endings.
	irregularParticiples = map[string]bool{"had": true, "read": true, "said": true, "paid": true, "laid": true,
		"heard": true, "found": true, "bound": true, "held": true, "felt": true, "dealt": true, "meant": true,
		"built": true, "sent": true, "spent": true, "lent": true, "lost": true, "met": true, "set": true, "put": true,
		"cut": true, "let": true, "shut": true, "spread": true, "beset": true, "stood": true, "struck": true, "stuck": true, "sunk": true, "won": true, "begun": true, "run": true,
		"got": true, "sat": true, "shot": true, "sold": true, "told": true, "learnt": true, "lain": true,
		"slain": true, "drunk": true}
	// notParticiples are nouns, adjectives and adverbs with a participle's ending.
	notParticiples = map[string]bool{"need": true, "deed": true, "creed": true, "seed": true, "speed": true,
		"indeed": true, "hundred": true, "kindred": true, "sacred": true, "women": true, "men": true,
		"children": true, "heaven": true, "garden": true, "token": true, "burden": true, "citizen": true,
		"sudden": true, "golden": true, "wooden": true, "open": true, "often": true, "even": true, "ten": true,
		"seven": true, "eleven": true, "one": true, "none": true, "alone": true, "someone": true, "anyone": true,
		"everyone": true, "some": true, "own": true, "town": true, "down": true, "crown": true}
)

// participlePrefixes make compounds of irregular participles: "misread", "overthrown",
// "undertaken", "withstood".
var participlePrefixes = []string{"mis", "over", "under", "out", "with", "fore", "up", "re", "un"}

// pastParticiple reports whether the lowercase word w is a past participle.
func pastParticiple(w string) bool {
	if participleEnd.MatchString(w) {
		return !notParticiples[w]
	}
	for _, pre := range participlePrefixes {
		if irregularParticiples[strings.TrimPrefix(w, pre)] {
			return true
		}
	}
	return irregularParticiples[w]
}

// objectPronouns are pronouns that stand as the object of a perfect ("has blessed it").
var objectPronouns = map[string]bool{"it": true, "them": true, "him": true, "her": true, "us": true,
	"me": true, "you": true, "this": true, "that": true, "these": true, "those": true}

// bareWord reports whether the word after a participle (as written, and lowercased without
// punctuation) begins a noun phrase with no determiner: a lowercase word that is not a
// determiner, number, preposition, object pronoun or adverb in -ly ("political" in "have
// elected political heads"), after which a participle may be an adjective.
func bareWord(written, w string) bool {
	r, _ := utf8.DecodeRuneInString(written)
	if !unicode.IsLower(r) || determiners[w] || prepositions[w] || objectPronouns[w] || strings.HasSuffix(w, "ly") {
		return false
	}
	_, number := numberValue(w)
	return !number
}

// haveNegation returns the negation of have ("has" or "have") before the words next: have +
// " not" when it makes a perfect — a past participle follows, after adverbs ("has hitherto
// occupied", "has been") or a phrase opening with a preposition ("has in a particular manner
// blessed") — and "does not have" ("do not have") when it is the verb: an object follows
// ("has a staff", "have their eyes fixed", "have power to …"), or "to" ("has to be"). ok is
// false when it cannot be told: a word other than a determiner before a participle ("have
// persons appointed", or an adverb not known here), or a participle before a noun phrase
// with no determiner ("have elected political heads").
func haveNegation(have string, next []string) (to string, ok bool) {
	perfect, verb := have+" not", "does not have"
	if have == "have" {
		verb = "do not have"
	}
	var words []string
	for _, w := range next[:min(len(next), 6)] {
		words = append(words, strings.ToLower(strings.Trim(w, ",;:.()")))
	}
	i := 0
	for i < len(words) && (perfectAdverbs[words[i]] || len(words[i]) > 4 && strings.HasSuffix(words[i], "ly")) {
		i++
	}
	if i == len(words) {
		return "", false
	}
	w := words[i]
	if _, number := numberValue(w); number || determiners[w] {
		return verb, true
	}
	if pastParticiple(w) {
		if w == "been" || i+1 == len(words) || !bareWord(next[i+1], words[i+1]) {
			return perfect, true
		}
		// "have elected political heads": a perfect with an object ("have not elected
		// them") or the verb with an adjective ("do not have elected heads"); cannot tell.
		return "", false
	}
	if prepositions[w] && w != "to" { // "has to be" is the verb of obligation
		for _, w := range words[i+1:] {
			if pastParticiple(w) {
				return perfect, true
			}
		}
		return verb, true
	}
	if i+1 < len(words) && pastParticiple(words[i+1]) {
		return "", false
	}
	return verb, true
}

package bot

import (
	"math"
	"slices"
	"strings"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/lexicon"
)

// A question that asks what thing of a kind ("What is the punishment for using the military to
// enforce the law?", "What penalty does someone face …?", "What natural element does Sun Tzu
// liken …?") is answered by a sentence that names a member of that kind — "shall be fined
// under this title or imprisoned" — not by one that writes the kind's own name ("a penalty or
// punishment for disobedience"). This is answer-type matching by WordNet hyponymy, as in the
// question answering systems of Harabagiu et al. (2000, "FALCON: Boosting Knowledge for Answer
// Engines", TREC-9) and Moldovan et al. (2000, "The Structure and Performance of an
// Open-Domain Question Answering System", ACL): the question's answer-type noun is found, and a
// candidate answer word counts when one of its WordNet hypernyms, up to maxKindHops steps, is
// that noun or its synonym.

// maxKindHops is how many hypernym steps a word may be from the kind it instantiates: three
// reach "treason" → crime → transgression → wrongdoing, while the hierarchy's upper levels
// (act, abstraction, entity), which any word reaches, stay out of reach of all but the most
// general kinds.
const maxKindHops = 3

// kindOpeners are the words after "what" that ask for a kind by name ("what kind of wrongdoing").
var kindOpeners = setOf(`kind kinds type types sort sorts form forms`)

// askedKind returns the answer-type noun of a question (lowercased) that asks what member of a
// kind answers it, as its WordNet noun lemma, "" when there is none: the head of the noun
// phrase in "what is the punishment for …" (see whatIsPhrase), or after "what" or "which"
// (and "kind of") up to the verb or preposition that ends it: "what penalty does …", "which
// natural element …", "what kind of wrongdoing can …". A plural head asks for the members
// listed (see formList), not for one named: "What are the two objectives …", "What kinds of
// secret agents …".
func (x *Index) askedKind(lower string) string {
	phrase := whatIsPhrase(lower)
	if phrase == nil {
		words := wordTokens(lower)
		if len(words) < 3 || words[0] != "what" && words[0] != "which" {
			return ""
		}
		i := 1
		if kindOpeners[words[i]] && words[i+1] == "of" {
			i += 2
		}
		for ; i < len(words) && !questionWords[words[i]] && !phraseEnds[words[i]]; i++ {
			phrase = append(phrase, words[i])
		}
	}
	if len(phrase) == 0 || len(phrase) > 3 {
		return ""
	}
	head := phrase[len(phrase)-1]
	lemmas := x.lex.Lemmas(head)
	if len(lemmas) == 0 || lemmas[0] != head {
		return ""
	}
	if slices.ContainsFunc(x.lex.Related(head), func(r lexicon.Related) bool { return r.POS == 'n' }) {
		return head
	}
	return ""
}

// kindMembers returns the lemmas that name a kind: the kind and its synonyms.
func (x *Index) kindMembers(kind string) map[string]bool {
	out := map[string]bool{kind: true}
	for _, r := range x.lex.Related(kind) {
		if r.Kind == lexicon.Synonym && r.POS == 'n' && r.Sense == 1 {
			out[r.Lemma] = true
		}
	}
	return out
}

// hypernymsOf returns the noun lemmas of the hypernyms of lemma up to maxKindHops steps up,
// starting from lemma itself or from a noun derivationally related to it ("imprison" →
// imprisonment → punishment). Cached per lemma: WordNet's lemmas bound the cache.
func (x *Index) hypernymsOf(lemma string) []string {
	if v, ok := x.hypernyms.Load(lemma); ok {
		return v.([]string)
	}
	seen := map[string]bool{}
	var out []string
	// up adds the hypernyms of lemmas hops steps up.
	up := func(frontier []string, hops int) {
		for hop := 0; hop < hops && len(frontier) > 0; hop++ {
			var next []string
			for _, l := range frontier {
				for _, r := range x.lex.Related(l) {
					if r.Kind == lexicon.Hypernym && r.POS == 'n' && !seen[r.Lemma] {
						seen[r.Lemma] = true
						out = append(out, r.Lemma)
						next = append(next, r.Lemma)
					}
				}
			}
			frontier = next
		}
	}
	up([]string{lemma}, maxKindHops)
	// A derived noun counts one step up only: "imprison" → imprisonment → punishment; further
	// up, a verb's nominalisations reach every kind of act.
	var derived []string
	for _, r := range x.lex.Related(lemma) {
		if r.Kind == lexicon.Derivation && r.POS != 'n' {
			derived = append(derived, r.Lemma)
		}
	}
	up(derived, 1)
	x.hypernyms.Store(lemma, out)
	return out
}

// namesKindMember reports whether a sentence names a member of the kind: a word whose
// hypernyms reach one of members, not itself one of them, nor a word of the question. Every
// WordNet base form of a word is tried ("found" is "found" and "find"), which the index's
// analysis, keeping the first, does not hold.
func (x *Index) namesKindMember(sentence string, members map[string]bool, asked map[string]bool) bool {
	for _, w := range wordTokens(sentence) {
		if asked[w] || stopwords[w] {
			continue
		}
		for _, l := range x.lex.Lemmas(w) {
			if members[l] || asked[l] {
				break
			}
			if slices.ContainsFunc(x.hypernymsOf(l), func(h string) bool { return members[h] }) {
				return true
			}
		}
	}
	return false
}

// kindSentences is the form value (see Hit.Form) of a passage for a question that asks for a
// member of a kind (see askedKind): 0 when no sentence of the passage names one while matching
// some other term of the question, else 0.5 plus half the idf-weighted share of the question's
// terms other than the kind's (see aboutQuery) that the best such sentence matches (with a list item's lead-in; see leadIn), as
// formSentences scores a stated number.
func (x *Index) kindSentences(q *query, p *corpus.Passage) float64 {
	info := x.infoOf(p.ID)
	asked := q.aboutQuery() // without the kind's own word
	var den float64
	for _, t := range asked.terms {
		den += t.idf
	}
	headed := x.headingNamesKind(p, q.kindMembers)
	best := 0.0
	for i := range info.sentences() {
		// The cheap test first: most sentences match nothing else the question asks.
		share := 0.0
		if den > 0 {
			share = x.sentenceMatch(asked, info, i, leadIn(p.Text, info, i)) / den
		}
		if share == 0 {
			// A member named in a sentence about nothing else the question asks is no
			// answer to it ("brink" for "What edge do Americans have …?").
			continue
		}
		if 0.5+0.5*share > best && (headed || x.namesKindMember(info.sentenceText(p.Text, i), q.kindMembers, q.askedWords)) {
			best = math.Max(best, 0.5+0.5*share)
		}
	}
	return best
}

// headingNamesKind reports whether the innermost heading of passage p names the kind asked
// (one of members, by any WordNet base form of its words): under "Two objectives" each
// sentence states an objective, though none names one by a word whose hypernym is
// "objective".
func (x *Index) headingNamesKind(p *corpus.Passage, members map[string]bool) bool {
	if len(p.Headings) == 0 {
		return false
	}
	for _, w := range wordTokens(strings.ToLower(p.Headings[len(p.Headings)-1])) {
		if slices.ContainsFunc(x.lex.Lemmas(w), func(l string) bool { return members[l] }) {
			return true
		}
	}
	return false
}

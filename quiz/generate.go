package quiz

import (
	"context"
	"crypto/sha256"
	"hash/fnv"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/embeddings"
)

// GenerateOptions configures Generate. The zero value is usable.
type GenerateOptions struct {
	// Seed fixes every choice Generate makes at random (which list item is asked, which
	// distractors are drawn): the same corpus and seed give the same items.
	Seed uint64
	// PerPassage caps the items drawn from one passage (default 3).
	PerPassage int
}

// Generate makes quiz items from the passages of docs, offline. It reads each passage's
// sentences (5 to 45 words, not questions, not opening — at their start, after a short
// introductory phrase or after a speech tag — with a word or phrase that points back: a
// pronoun, "such", "However", "In addition", "For this reason"; see opensAlone) for
//
//   - definitions ("X consists of…", "X means…", "X is a/the…", "the term “X” means…"),
//     asked as "which of these consists of …?" with other defined terms and names as
//     distractors;
//   - lists, in a sentence ("A, B, and C") or marked in sequence after an introduction
//     ending with ":", one item a line or run into the text ("(1) Dispersive ground; (2)
//     facile ground; …", see enumerations): one item is asked (blanked in the sentence, or
//     "which of these is listed …?"), other lists' items are the distractors (see
//     listDistractors);
//   - numbers with a unit ("seven years", "60 days"): blanked, with other numbers of the same
//     unit from the corpus (or, failing three, near values) as distractors;
//   - names (capitalised phrases of two words or more, such as "Secretary of Defense") in
//     sentences that state a rule (must, shall, should, may not, is, means): blanked, with
//     other names as distractors;
//   - key claims (must, shall, should, may not, can, is, are, have, consists of, means):
//     true/false statements, false ones made by negating the verb ("must" → "must not"),
//     of sentences that stand alone (standsAlone: no pronoun before the verb, no "such a
//     plan", "the latter", "this description", "the example", "the same ends" or "at the
//     time", no fragment); an existential saying more of what it introduces is not denied
//     (presupposes: "There is an Officer of the Watch, who shall be appointed …").
//
// Distractors come from the same document first, then from the others, with about the same
// number of words as the answer, of its kind (phraseKind: no adjective for a noun; numeral),
// never another way of saying it (variant: no "United Netherlands" for "Union of the
// Netherlands"; offer.fits) and, for a list item, of its list's field and shape (kindred: no
// "Spain" among states; matchCase, opener; listDistractors), an item with too few such not
// being asked; a right answer or distractor that names nothing (a function word such as
// "The", a piece of a clause such as "where they reside") is never an option
// (contentPhrase). Every stem names its
// passage as an answer cites it (where). Each item passes Item.Check (its answer is in its
// passage, no distractor is, its stem does not give it away); near-duplicates are dropped (Dedupe); at most PerPassage items come from one passage.
// The i-th multiple-choice item's answer is then placed at option i mod 4, so that over the
// set the counts per position differ by at most one. Whether a true/false statement is shown
// true or false (negated) is of that statement alone (statementTrue: a bit of the SHA-256 of
// its passage's ID and its sentence), never of its place among the items, so that an item
// added or dropped elsewhere changes no other statement's text or ID; about half of them are
// true (166 of 340 on the seed and public corpora, seed 0). Items are Pending, of Origin
// Generated. The documents are read in the order of their IDs, whatever the order of docs, so
// that the same documents give the same items from a library (listed by ID) and from files
// (listed by path).
func Generate(docs []*corpus.Document, opts GenerateOptions) []Item {
	if opts.PerPassage <= 0 {
		opts.PerPassage = 3
	}
	g := &generator{opts: opts, byUnit: map[string][]numberPhrase{}}
	// The items are of the documents, not of the order they come in: a library lists them by
	// ID, files named on the command line by path.
	docs = slices.Clone(docs)
	slices.SortStableFunc(docs, func(a, b *corpus.Document) int { return strings.Compare(a.ID, b.ID) })
	var sentences [][]sentence // by passage, in corpus order
	var passages []*corpus.Passage
	for _, d := range docs {
		for i := range d.Passages {
			p := &d.Passages[i]
			ss := g.read(p)
			sentences = append(sentences, ss)
			passages = append(passages, p)
		}
	}
	var items []Item
	for i, p := range passages {
		var got []Item
		for _, s := range sentences[i] {
			got = append(got, g.choiceItems(s)...)
		}
		for _, l := range enumerations(p) {
			if it, ok := g.listItem(l); ok {
				got = append(got, it)
			}
		}
		for _, s := range sentences[i] {
			if it, ok := g.trueFalse(s); ok {
				got = append(got, it)
			}
		}
		kept := 0
		for _, it := range Dedupe(got) {
			if kept == opts.PerPassage {
				break
			}
			items = append(items, it)
			kept++
		}
	}
	return balance(Dedupe(items))
}

// balance places the multiple-choice items' right answers in turn, makes each true/false
// statement true or false as statementTrue says (see Generate) and sets the items' IDs.
func balance(items []Item) []Item {
	choice := 0
	for i := range items {
		it := &items[i]
		switch it.Kind {
		case Choice:
			// The right option is first when generated; rotate it to position choice mod 4.
			to := choice % 4
			choice++
			it.Options[0], it.Options[to] = it.Options[to], it.Options[0]
			it.Answer = to
		case TrueFalse:
			if statementTrue(it.Source.PassageID, it.Support) {
				it.Foil = ""
				it.Answer = 0
			} else {
				// Use the false statement: the key's words negated.
				it.Stem, it.Answer = falseStem(it), 1
			}
		}
		it.ID = ItemID(it)
	}
	return items
}

// statementTrue reports whether the true/false statement Generate makes of sentence (an
// Item's Support, word for word) of the passage whose ID is passageID is shown as the passage
// says it (true) or with its Key negated (false): true when the first bit of the SHA-256 of
// passageID, a NUL byte and sentence is 0. It is of the statement alone — a passage's ID is
// of its document, section and text (corpus.Passage.ID) — so that adding or removing other
// items, passages or documents never turns a statement around (which would change its text
// and so its ID, see ItemID); where it stood with the i-th statement true when i was even, one
// item more or less flipped every statement after it. Over many statements about half are
// true, as SHA-256's bits are even: 166 of the 340 made of the seed and public corpora
// (seed 0; 167 to 169 of 340 to 343 with seeds 1 to 5), 170 with the i-th true when i was even.
func statementTrue(passageID, sentence string) bool {
	sum := sha256.Sum256([]byte(passageID + "\x00" + sentence))
	return sum[0]&0x80 == 0
}

// sentence is one sentence of a passage, cleaned of emphasis, quotation marks and list
// markers; Found(text, passage) holds.
type sentence struct {
	p    *corpus.Passage
	text string
	// words is the number of words.
	words int
	// claim is true when the sentence states a rule or a definition (see claimWords).
	claim bool
}

type phrase struct {
	text, doc string
	words     int
}

type numberPhrase struct {
	phrase
	value int
}

// generator holds the corpus-wide pools distractors are drawn from.
type generator struct {
	opts GenerateOptions
	// terms are defined terms; names, capitalised names seen inside sentences; items, list
	// items; byUnit, numbers by their unit (singular, lowercase).
	terms, names, items []phrase
	// subjects are the subjects of claims ("The security forces" in "The security forces
	// must …"), the fallback pool for terms and list items.
	subjects []phrase
	nameSet  map[string]bool
	byUnit   map[string][]numberPhrase
	// enumerated are the usable items of enumerations (see enumerations), the pool a list
	// item's distractors are drawn from first.
	enumerated []listPhrase
	// kinds caches phraseKind by phrase; things, thingName; vectors, vector; roots, the
	// words' roots (see variant).
	kinds   map[string]kinds
	things  map[string]bool
	vectors map[string][]float32
	roots   roots
}

// minKinship is the least cosine similarity between the SIF GloVe vectors (embeddings.Builtin,
// Embed) of an answer's field and a distractor: the states listed in Federalist No. 22
// ("Hampshire, Rhode Island, New Jersey, …") are at 0.83 from "Massachusetts", 0.67 from
// "New York", 0.46 from "Holland", 0.42 from "President" and 0.35 from "Spain"; "overhaul,
// modification, alteration" at 0.56 from "additions" and 0.09 from "ranger"; "legislative,
// executive, judiciary" at 0.73 from "judicial" and 0.28 to 0.34 from "real", "rich" and
// "fifth"; "gender, race, ethnicity" at 0.54 from "age" and 0.35 from "direction".
const minKinship = 0.5

// kindred reports whether phrase is of the field of kin (minKinship); true when kin is "".
// A phrase with a word the vectors lack ("inadvertence", "Pennsylvanis", "Ts’ao") cannot be
// judged, and a kin with no word they know cannot judge: both are false, never taken to be of
// the field.
func (g *generator) kindred(kin, phrase string) bool {
	if kin == "" {
		return true
	}
	k, ok := g.kinship(kin, phrase)
	return ok && k >= minKinship
}

// kinship returns the cosine similarity of the SIF GloVe vectors of kin and phrase (see
// minKinship), and false when it cannot be judged: a word of phrase the vectors lack, or no
// word of kin they know.
func (g *generator) kinship(kin, phrase string) (float32, bool) {
	a, b := g.vector(kin), g.vector(phrase)
	if a == nil || b == nil || !g.known(phrase) {
		return 0, false
	}
	var dot float32
	for i := range a {
		dot += a[i] * b[i]
	}
	return dot, true
}

// vector returns the unit SIF vector of s (embeddings.Builtin), computed once per text; nil
// when it has no word the vectors know.
func (g *generator) vector(s string) []float32 {
	if g.vectors == nil {
		g.vectors = map[string][]float32{}
	}
	v, ok := g.vectors[s]
	if !ok {
		v, _ = embeddings.Builtin().Embed(context.Background(), s)
		g.vectors[s] = v
	}
	return v
}

// known reports whether the vectors know every word of s (embeddings.Tokens; Rank above 0).
func (g *generator) known(s string) bool {
	m := embeddings.Builtin()
	for _, w := range embeddings.Tokens(s) {
		if m.Rank(w) == 0 {
			return false
		}
	}
	return true
}

// thing returns thingName(s), computed once per phrase.
func (g *generator) thing(s string) bool { return cached(&g.things, s, thingName) }

// kindOf returns phraseKind(s), computed once per phrase.
func (g *generator) kindOf(s string) kinds { return cached(&g.kinds, s, phraseKind) }

// cached returns f(k), computed once per key and kept in *m (made on first use).
func cached[V any](m *map[string]V, k string, f func(string) V) V {
	if *m == nil {
		*m = map[string]V{}
	}
	v, ok := (*m)[k]
	if !ok {
		v = f(k)
		(*m)[k] = v
	}
	return v
}

var (
	listMarker = regexp.MustCompile(`^\s*(?:[-*•]\s+|\(?(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})[.)]\s*)+`)
	sectionRef = regexp.MustCompile(`^(?:SECTION|Section|Sec|§)\.?\s*\d+[.:]?\s*`)
	// auxiliaries before a verb keep it from being negated ("may have" is not "may do not have").
	auxiliaries = map[string]bool{"may": true, "might": true, "would": true, "could": true, "will": true,
		"shall": true, "must": true, "should": true, "can": true, "to": true, "not": true, "do": true, "does": true, "by": true}
	claimWords = regexp.MustCompile(`\b(?:must|shall|should|may not|cannot|can|consists? of|means|is an?|is the|are the|comprises?)\b`)
)

// oddSentence matches sentences that are not prose: a list run into them ("powers:1."),
// marked-up words ("_local spies_"), a footnote anchor inside them ("FNA1-@3") or a
// footnote's number glued to a word, as Project Gutenberg prints them ("Divide et impera1
// must be …", "fears us.2 PUBLIUS.", "that formidable league,9 which").
var oddSentence = regexp.MustCompile(`:\s*\d|\b_\w|\w_\b|@|\p{Ll}[.,;:!?’”]?\d{1,2}(?:\s|$)`)

// footnoteAnchor is the anchor a footnote opens with, as Project Gutenberg marks them
// ("FNA1-@3 New Hampshire, …"): a word holding "@".
var footnoteAnchor = regexp.MustCompile(`^[^\s@]*@\S*\s+`)

// read returns the usable sentences of p and adds its terms, names, list items and numbers
// to the pools.
func (g *generator) read(p *corpus.Passage) []sentence {
	if g.nameSet == nil {
		g.nameSet = map[string]bool{}
	}
	var out []sentence
	for _, sp := range corpus.Sentences(p.Text) {
		text := clean(p.Text[sp.Start:sp.End])
		words := len(strings.Fields(text))
		if words < 5 || words > 45 || !strings.HasSuffix(text, ".") || oddSentence.MatchString(text) || !hasLower(text) || !unicode.IsUpper([]rune(text)[0]) {
			continue
		}
		// A sentence that leans on the one before it is not quizzed, but its phrases are
		// distractors as good as any.
		if opensAlone(text) {
			out = append(out, sentence{p: p, text: text, words: words, claim: claimWords.MatchString(text)})
		}
		if sub := subject(text); sub != "" {
			g.subjects = append(g.subjects, newPhrase(sub, p.DocumentID))
		}
		if t, _, _, ok := definition(text); ok {
			g.terms = append(g.terms, newPhrase(t, p.DocumentID))
		}
		for _, n := range names(text, false) {
			if !g.nameSet[n+"\x00"+p.DocumentID] {
				g.nameSet[n+"\x00"+p.DocumentID] = true
				g.names = append(g.names, newPhrase(n, p.DocumentID))
			}
		}
		for _, it := range inlineList(text) {
			g.items = append(g.items, newPhrase(it, p.DocumentID))
		}
		for _, m := range numbers(text) {
			if v, ok := numberValue(m[1]); ok {
				u := unitKey(m[2])
				g.byUnit[u] = append(g.byUnit[u], numberPhrase{newPhrase(m[0], p.DocumentID), v})
			}
		}
	}
	for _, l := range enumerations(p) {
		intro := normalize(l.intro)
		for _, it := range l.usable() {
			g.enumerated = append(g.enumerated, listPhrase{phrase: newPhrase(it, p.DocumentID), style: l.style, intro: intro})
		}
	}
	return out
}

func newPhrase(text, doc string) phrase {
	return phrase{text: text, doc: doc, words: len(strings.Fields(text))}
}

func hasLower(s string) bool {
	return strings.IndexFunc(s, unicode.IsLower) >= 0
}

// clean removes emphasis marks, double quotation marks, a leading footnote anchor
// (footnoteAnchor), list marker or section number and extra white space from a sentence.
func clean(s string) string {
	s = strings.NewReplacer("**", "", "__", "", "“", "", "”", "", "\"", "").Replace(s)
	s = strings.Join(strings.Fields(s), " ")
	for {
		t := sectionRef.ReplaceAllString(listMarker.ReplaceAllString(footnoteAnchor.ReplaceAllString(s, ""), ""), "")
		if t == s {
			break
		}
		s = t
	}
	return strings.TrimSpace(s)
}

// where names an item's source for its stem as an answer quoting passage p cites it
// (bot.Citation): the document's title and edition, its section path, pages and lines
// ("The Federalist Papers · FEDERALIST No. 73 › HAMILTON · lines 21663–21675"), without the
// author and passage ID, which say nothing of where to read.
func where(p *corpus.Passage) string {
	q := *p
	q.Author = ""
	return strings.TrimSuffix(bot.Citation(&q), " · passage "+p.ID)
}

// rng returns the random source for one choice about passage p and key.
func (g *generator) rng(p *corpus.Passage, key string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(p.ID))
	h.Write([]byte{0})
	h.Write([]byte(key))
	return rand.New(rand.NewPCG(g.opts.Seed, h.Sum64()))
}

// offer is one multiple-choice item's options in the making: its right answer, and the
// distractors chosen so far (out), which every other must differ from (see fits).
type offer struct {
	g *generator
	p *corpus.Passage
	// answer is the right option; list is true for an item of a list, items (see newOffer).
	answer string
	list   bool
	// shape asks distractors capitalised as answer is (for a list item, made so when they
	// can be: see matchCase).
	shape bool
	// lo and hi bound a distractor's words; and, whether it joins two things by "and";
	// heads, the head nouns of the list's items that are capitalised in them (a name's:
	// "Department" of "The Department of the Army"); kind, answer's kinds; items and
	// openers, the list's items and what each opens with (see opener).
	lo, hi  int
	and     bool
	heads   map[string]bool
	kind    kinds
	items   []string
	openers []string
	out     []string
	// passage is p's text normalised (see Found).
	passage string
}

// newOffer returns the offer of answer, a phrase of passage p: of a list whose items are
// items (answer one of them), or of none (items nil); with shape, its distractors are
// capitalised as answer is (see fits).
func (g *generator) newOffer(p *corpus.Passage, answer string, items []string, shape bool) *offer {
	o := &offer{g: g, p: p, answer: answer, shape: shape, list: items != nil, and: coordinated(answer), kind: g.kindOf(answer),
		heads: map[string]bool{}, passage: normalize(p.Text), items: items}
	aw := len(strings.Fields(answer))
	slack := max(1, aw/2)
	o.lo, o.hi = aw-slack, aw+slack
	if o.list {
		short, long := aw, aw
		for _, it := range items {
			n := len(strings.Fields(it))
			short, long = min(short, n), max(long, n)
			if capitalised(headWord(it)) {
				o.heads[headNoun(it)] = true
			}
			o.openers = append(o.openers, opener(it))
		}
		o.lo, o.hi = max(o.lo, short), min(o.hi, long)
	}
	return o
}

// fits returns text as it would be offered (for a list item, capitalised as the answer is:
// matchCase) and whether it may be: of the answer's number of words, give or take half (one
// at least), and, for a list item, within those of the list's items (one word among one-word
// items: no "captured soldiers" beside "attacked, …, and destroyed"); capitalised as the
// answer with shape; joining two things by "and" only when the answer does (no "Britain and
// Spain" for "Pope Julius"); naming no class the list's items are of (a head noun in lower
// case that is the head of one of them in capitals, headNoun: "The military departments" is
// true of "The Department of the Army" and is no distractor beside it); a content phrase
// (contentPhrase) of the answer's kind (phraseKind: no adjective standing alone nor
// infinitive for a noun; a numeral only for a numeral, see numeral); not found in the
// passage, nor said there in other words (saysVariant: "facile grounds" where it says
// "facile ground"); and never another way of saying the answer or a distractor chosen
// (variant: no "United Netherlands" for "Union of the Netherlands", no "agency" beside
// "agencies"), nor, for a name or a defined term, of the same realm (sameRealm: no
// "States-General of the Netherlands" for "Union of the Netherlands"). A list item's
// distractor is also a name only beside a name (proper), opens as one of the list's items
// does (opener: with "the", "a", another determiner or none) and is no other way of saying
// one of them (no "The Under Secretary of Defense for Intelligence and Security" where the
// list holds "The Under Secretary of Defense for Intelligence").
func (o *offer) fits(text string) (string, bool) {
	g := o.g
	words := len(strings.Fields(text))
	if words < o.lo || words > o.hi || coordinated(text) != o.and {
		return "", false
	}
	if o.list {
		var ok bool
		if text, ok = matchCase(text, o.answer); !ok || proper(text) != proper(o.answer) || !slices.Contains(o.openers, opener(text)) {
			return "", false
		}
		for _, it := range o.items {
			if g.roots.variant(text, it) {
				return "", false // "… for Intelligence and Security" where the list holds "… for Intelligence"
			}
		}
	}
	if o.shape && unicode.IsUpper([]rune(text)[0]) != unicode.IsUpper([]rune(o.answer)[0]) {
		return "", false
	}
	if name(o.answer) && name(text) && g.thing(text) != g.thing(o.answer) {
		return "", false // a war's name for a commentator's: see thingName
	}
	for _, c := range append([]string{o.answer}, o.out...) {
		if g.roots.variant(text, c) || !o.list && g.roots.sameRealm(text, c) {
			return "", false // "United Netherlands" for "Union of the Netherlands"; "agencies" beside "agency"
		}
	}
	if h := headNoun(text); h != "" && o.heads[h] && !capitalised(headWord(text)) {
		return "", false // a class of the list's items: "The military departments" for "The Department of the Army, …"
	}
	if containsWords(o.passage, normalize(text)) || !contentPhrase(text) || g.kindOf(text)&o.kind == 0 || numeral(text) != numeral(o.answer) ||
		g.roots.saysVariant(o.p.Text, text) {
		return "", false
	}
	return text, true
}

// distractors draws n phrases from pools (tried in order, the same document first in each)
// that fit beside answer, a defined term or a name of passage p (offer.fits; with shape,
// capitalised as it is or not). It returns nil when there are not n. A list item's are drawn
// by listDistractors.
func (g *generator) distractors(rng *rand.Rand, p *corpus.Passage, answer string, n int, shape bool, pools ...[]phrase) []string {
	o := g.newOffer(p, answer, nil, shape)
	try := func(ph phrase) {
		if len(o.out) < n {
			if t, ok := o.fits(ph.text); ok {
				o.out = append(o.out, trimOption(t))
			}
		}
	}
	// Names sharing a word with the answer ("Secretary of State" for "Secretary of
	// Defense") are tried first.
	words := map[string]bool{}
	for _, w := range strings.Fields(normalize(answer)) {
		if !connectives[w] && w != "the" && w != "a" {
			words[w] = true
		}
	}
	related := func(ph phrase) bool {
		for _, w := range strings.Fields(normalize(ph.text)) {
			if words[w] {
				return true
			}
		}
		return false
	}
	for _, stage := range []struct{ related, same bool }{{true, true}, {true, false}, {false, true}, {false, false}} {
		if stage.related && !shape {
			continue
		}
		for _, pool := range pools {
			if len(pool) == 0 {
				continue
			}
			for range min(400, 4*len(pool)) {
				if len(o.out) == n {
					return o.out
				}
				ph := pool[rng.IntN(len(pool))]
				if (ph.doc == p.DocumentID) == stage.same && (!stage.related || related(ph)) {
					try(ph)
				}
			}
		}
	}
	if len(o.out) < n {
		return nil
	}
	return o.out
}

// headWord returns the last word of phrase's head phrase (see head) as phrase writes it:
// "Department" of "The Department of the Army", "departments" of "The military
// departments"; "" when it has none.
func headWord(phrase string) string {
	h := strings.Fields(head(phrase))
	if len(h) == 0 {
		return ""
	}
	for _, w := range strings.Fields(phrase) {
		if normalize(w) == h[len(h)-1] {
			return w
		}
	}
	return ""
}

// headNoun returns headWord(phrase) in its base form (baseForms): "department" of "The
// Department of the Army" and of "The military departments".
func headNoun(phrase string) string {
	return baseForms(headWord(phrase))
}

// coordinated reports whether s joins two things by "and" ("Britain and Spain", "Executive
// and of the Senate").
func coordinated(s string) bool {
	return slices.Contains(strings.Fields(strings.ToLower(s)), "and")
}

// trimOption returns an option without the white space around it and the punctuation that
// ends the text it was cut from: commas, semicolons, colons, full stops and ellipses ("Ch’i
// Chien…." gives "Ch’i Chien").
func trimOption(s string) string {
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ",;:.…"))
}

// choice builds a multiple-choice item with the right option first (balance moves it).
func choice(s sentence, stem, answer string, distractors []string) Item {
	return Item{Kind: Choice, Stem: stem, Options: append([]string{trimOption(answer)}, distractors...),
		Support: s.text, Source: SourceOf(s.p), Origin: Generated, Status: Pending}
}

// blank returns the cloze stem of sentence s with ph blanked, and true, when ph occurs in it
// once as whole words (see wholeWords: "six hours" does not in "ninety-six hours", nor "Sun
// Tzŭ" in "Sun Tzŭ’s"); else false.
func blank(s sentence, ph string) (string, bool) {
	at := wordIndexes(s.text, ph)
	if len(at) != 1 || strings.Count(s.text, ph) != 1 {
		return "", false
	}
	i := at[0]
	return "Fill the blank — " + where(s.p) + ": “" + s.text[:i] + "_____" + s.text[i+len(ph):] + "”", true
}

// choiceItems returns the multiple-choice items of one sentence: a definition, a list item,
// a number and a name, each when found, checked.
func (g *generator) choiceItems(s sentence) []Item {
	var out []Item
	keep := func(it Item) {
		if it.Check() == nil && contentOptions(it) {
			out = append(out, it)
		}
	}
	if term, verb, def, ok := definition(s.text); ok {
		rng := g.rng(s.p, "def"+term)
		if ds := g.distractors(rng, s.p, term, 3, false, g.terms, g.names, g.subjects); ds != nil {
			if n := strings.Fields(def); len(n) > 24 {
				def = strings.Join(n[:24], " ") + " …"
			}
			keep(choice(s, "According to "+where(s.p)+", which of these "+verbFor(verb)+" "+strings.TrimRight(def, ".")+"?", term, ds))
		}
	}
	if items := inlineList(s.text); len(items) > 0 {
		rng := g.rng(s.p, "list"+s.text)
		ans := items[rng.IntN(len(items))]
		if stem, ok := blank(s, ans); ok {
			if ds := g.listDistractors(rng, s.p, ans, listRun(s.text, ans), g.inlineCandidates(s.p.DocumentID)); ds != nil {
				keep(choice(s, stem, ans, ds))
			}
		}
	}
	if ms := numbers(s.text); len(ms) > 0 {
		if stem, ok := blank(s, ms[0][0]); ok {
			if ds := g.numberDistractors(s, ms[0]); ds != nil {
				keep(choice(s, stem, ms[0][0], ds))
			}
		}
	}
	if s.claim {
		var best string
		for _, n := range names(s.text, true) {
			if _, ok := blank(s, n); ok && g.knownName(n) && len(n) > len(best) {
				best = n
			}
		}
		if best != "" {
			rng := g.rng(s.p, "name"+best)
			if ds := g.distractors(rng, s.p, best, 3, true, g.names, g.terms); ds != nil {
				stem, _ := blank(s, best)
				keep(choice(s, stem, best, ds))
			}
		}
	}
	return out
}

// inlineCandidates returns the phrases that may be offered beside an item of a list inside a
// sentence of document doc (see listDistractors): list items, then subjects of claims, of
// doc first.
func (g *generator) inlineCandidates(doc string) []candidate {
	var out []candidate
	add := func(ph phrase, tier int) {
		if ph.doc != doc {
			tier += otherDocument
		}
		out = append(out, candidate{text: ph.text, tier: tier})
	}
	for _, ph := range g.items {
		add(ph, 0)
	}
	for _, lp := range g.enumerated {
		add(lp.phrase, 0)
	}
	for _, ph := range g.subjects {
		add(ph, 1)
	}
	return out
}

func (g *generator) knownName(n string) bool {
	for k := range g.nameSet {
		if strings.HasPrefix(k, n+"\x00") {
			return true
		}
	}
	return false
}

// verbFor turns a definition's verb into the stem's: "consist of" → "consists of", "are the"
// → "is".
func verbFor(verb string) string {
	switch v := strings.ToLower(verb); {
	case strings.HasPrefix(v, "consist"):
		return "consists of"
	case strings.HasPrefix(v, "compris"):
		return "comprises"
	case v == "means" || v == "includes":
		return v
	case strings.HasPrefix(v, "is ") || strings.HasPrefix(v, "are "):
		return "is " + strings.Fields(v)[1]
	}
	return verb
}

var (
	termDef  = regexp.MustCompile(`^(?:[Ff]or the purposes of [^,]+, )?(?:[Tt]he|[Ss]uch) terms? '?‘?([^’']{2,60})’?'? (means|includes) (.{12,})$`)
	plainDef = regexp.MustCompile(`^((?:The |An? )?[A-Z][\w’'-]*(?: [\w’'-]+){0,5}?) (consists? of|comprises?|means|(?:is|are) (?:an?|the)) (.{12,})$`)
	// vagueTerms are subjects that name no thing of their own ("The reason is …", "The contrary
	// is …"; not "opposite sides").
	vagueTerms = regexp.MustCompile(`(?i)\b(?:another|now|thus|then|reason|answer|result|question|first|second|third|last|truth|fact|effect|object|consequence|case|point|one|other|same|following|latter|former|purpose|difference|idea|remedy|only|best|most|more|whole|rest|thing|the contrary|the reverse|the opposite)\b`)
)

// definition finds a definition in a sentence: the term, the verb and what it is defined as.
// A term is a noun phrase (phraseKind) opening with no word but an article that is a function
// word: not "Each circle" of "Each circle is the miniature picture of …", nor "fifth",
// "Unhappy" or "XI" of "The fifth is …", "Unhappy is the …", "XI is the …".
func definition(text string) (term, verb, def string, ok bool) {
	if m := termDef.FindStringSubmatch(text); m != nil {
		return m[1], m[2], m[3], true
	}
	m := plainDef.FindStringSubmatch(text)
	if m == nil || vagueTerms.MatchString(m[1]) || notItem.MatchString(m[1]) || strings.Contains(m[1], ",") {
		return "", "", "", false
	}
	for i, w := range strings.Fields(strings.ToLower(m[1])) {
		if openers[w] || nonSubjects[w] || i == 0 && w != "the" && w != "a" && w != "an" && functionWords[w] {
			return "", "", "", false
		}
	}
	t := m[1]
	t = withoutArticle(t)
	if !contentPhrase(t) || phraseKind(t)&nounKind == 0 || numeral(t) {
		return "", "", "", false // an article read as the term: "The means to be employed …"
	}
	return t, m[2], m[3], true
}

// withoutArticle returns phrase without the article it opens with, written in any case:
// "United Netherlands" of "THE United Netherlands" (The Federalist sets a paper's first word
// in capitals), "security forces" of "The security forces".
func withoutArticle(phrase string) string {
	w, rest, ok := strings.Cut(phrase, " ")
	if l := strings.ToLower(w); ok && (l == "the" || l == "a" || l == "an") {
		return rest
	}
	return phrase
}

// subjectRe matches the subject of a claim: up to five words before its verb.
var subjectRe = regexp.MustCompile(`^((?:The |An? )?[A-Z][\w’'-]*(?: [\w’'-]+){0,4}?) (?:must|shall|should|may|can|is|are|have|has|consists?|means|provides?) `)

// nonSubjects are words that do not begin a subject.
var nonSubjects = map[string]bool{"there": true, "here": true, "in": true, "on": true, "at": true, "for": true,
	"with": true, "when": true, "if": true, "under": true, "after": true, "before": true, "during": true, "by": true}

// subject returns the subject of a claim without its article, or "" (also for one opening
// with a quantifier, "Each company", which names no thing).
func subject(text string) string {
	m := subjectRe.FindStringSubmatch(text)
	if m == nil || vagueTerms.MatchString(m[1]) || notItem.MatchString(m[1]) {
		return ""
	}
	t := m[1]
	t = withoutArticle(t)
	for i, w := range strings.Fields(strings.ToLower(t)) {
		if openers[w] || i == 0 && nonSubjects[w] {
			return ""
		}
	}
	if !contentPhrase(t) || quantifier.MatchString(t) { // not "Each company"
		return ""
	}
	return t
}

// names returns the capitalised phrases of two or more words in text ("Secretary of
// Defense", "Joint Chiefs of Staff"), joined by "of", "for" or "and" (see andName), and "the"
// after one of those ("Committee on Armed Services of the House", never "… Representatives the Risk
// Assessment" of "… the House of Representatives the Risk Assessment …"); with atStart
// false, one that begins the sentence is left out. A name is whole words: an opening
// quotation mark or bracket before it is no part of it ("‘National Defense Review’" is
// "National Defense Review"), punctuation after a word ends it, a closing bracket as a comma
// ("[i.e. Wu Yuan] and Po P’ei" holds "Wu Yuan", not "Yuan] and Po"), and so does a
// possessive ("Sun Tzŭ’s army" holds "Sun Tzŭ", which is not blanked there, since "_____’s"
// would cut the word).
func names(text string, atStart bool) []string {
	var out []string
	words := strings.Fields(text)
	for k, w := range words {
		words[k] = strings.TrimLeft(w, "‘“[")
	}
	for i := 0; i < len(words); {
		if !capitalised(words[i]) || (i == 0 && !atStart) {
			i++
			continue
		}
		// A function word capitalised at the start of a sentence or clause ("If Meng Ta …")
		// is no part of the name; an article or a preposition may be ("The Hague", "Under
		// Secretary of Defense").
		if w := strings.ToLower(words[i]); functionWords[w] && w != "the" && !prepositions[w] {
			i++
			continue
		}
		j, caps := i, 0
		end := i
		for j < len(words) {
			w := strings.TrimRight(words[j], ",;:.)]”’")
			for _, pos := range []string{"’s", "'s", "’S", "'S"} {
				if t, ok := strings.CutSuffix(w, pos); ok && t != "" {
					w = t // a possessive: punctuation, below, ends the name
				}
			}
			if capitalised(w) {
				caps++
				end = j + 1
			} else if !(caps > 0 && (w == "of" || w == "for" || w == "and" && andName(words[j+1:]) || w == "the" && !capitalised(words[j-1]))) {
				break // "the" after a name's word begins another phrase: "Representatives the Risk Assessment"
			}
			if w != words[j] { // punctuation ends the name
				break
			}
			j++
		}
		if caps >= 2 {
			n := strings.TrimRight(strings.Join(words[i:end], " "), ",;:.)]”’")
			for _, pos := range []string{"’s", "'s", "’S", "'S"} {
				n = strings.TrimSuffix(n, pos)
			}
			n = strings.TrimRight(n, ",;:.)]”’")
			if !strings.ContainsAny(n, "(“\"") && !notName.MatchString(n) && contentPhrase(n) {
				out = append(out, n)
			}
		}
		i = max(end, i+1)
	}
	return out
}

// andName reports whether the words after an "and" inside a name go on with a name ("Senate
// and House of Representatives", "Senate and the House"), not with a phrase of another kind
// ("… of the Executive and of the Senate").
func andName(after []string) bool {
	if len(after) > 1 && after[0] == "the" {
		after = after[1:]
	}
	return len(after) > 0 && capitalised(strings.TrimRight(after[0], ",;:.)]”’"))
}

// notName matches capitalised phrases that are references or headings, not names.
var notName = regexp.MustCompile(`\b(?:See|Chapter|Section|Article|Title|Vol|Col|Ibid|Cf|Note|Hence|Thus|Paragraph|Subsection|Clause|Book|Part)\b`)

// capitalised reports whether w may be a word of a name: a capital and a letter, and not an
// ordinary word written in capitals for emphasis (see emphasis).
func capitalised(w string) bool {
	r := []rune(w)
	return len(r) > 1 && unicode.IsUpper(r[0]) && unicode.IsLetter(r[1]) && !emphasis(w)
}

// inlineList returns the items of a list inside a sentence that can be asked: the items
// between two commas in a run such as "A, B, C and D" or "A, B, and C" (the first and last
// items' bounds are unclear, so they are not asked), and not one opening with a quantifier
// that reaches over the rest ("any overhaul, modification, alteration, or conversion work").
func inlineList(text string) []string {
	segs := strings.Split(strings.TrimRight(text, "."), ", ")
	var out []string
	for i := 1; i+1 < len(segs); i++ {
		if !listItem(segs[i]) || quantifier.MatchString(segs[i]) {
			continue
		}
		// The run must go on with short items to a last one that starts with "and"/"or" or
		// holds " and ", and hold three items or more (a first one of up to four words
		// counts).
		firstShort := len(strings.Fields(segs[i-1])) <= 4 && listItem(segs[i-1])
		for j := i + 1; j < len(segs); j++ {
			if j-i < 2 && !firstShort && !listItem(segs[i+1]) {
				break
			}
			last := segs[j]
			if strings.HasPrefix(last, "and ") || strings.HasPrefix(last, "or ") ||
				(len(strings.Fields(last)) <= 12 && (strings.Contains(last, " and ") || strings.Contains(last, " or "))) {
				out = append(out, segs[i])
				break
			}
			if !listItem(last) {
				break
			}
		}
	}
	return out
}

// listRun returns the items of the run of an inline list that holds item (see inlineList):
// the last word of the one before it, the items after it, and the last's words up to three
// before the first function word or verb, without its "and", "or" or "nor" ("gender, race, and
// ethnicity" of "… disaggregated by gender, race, and ethnicity, for each grade …";
// "Maryland" of "… and Maryland are a majority …"). They tell the list's field (kindred) and
// its items' lengths (distractors).
func listRun(text, item string) []string {
	segs := strings.Split(strings.TrimRight(text, "."), ", ")
	i := slices.Index(segs, item)
	if i < 1 {
		return []string{item}
	}
	words := strings.Fields(segs[i-1])
	out := []string{words[len(words)-1]}
	for _, seg := range segs[i:] {
		t, ok := "", false
		for _, c := range []string{"and ", "or ", "nor "} {
			if t, ok = strings.CutPrefix(seg, c); ok {
				break
			}
		}
		if ok {
			w := strings.Fields(t)
			end := 0
			for end < min(3, len(w)) && !functionWords[strings.ToLower(w[end])] && !notItem.MatchString(w[end]) {
				end++
			}
			if end == 0 {
				return out
			}
			return append(out, strings.Join(w[:end], " "))
		}
		out = append(out, strings.TrimPrefix(seg, "any "))
	}
	return out
}

// quantifier matches a list item opening with a quantifier ("any overhaul"), which bears
// on the items after it too.
var quantifier = regexp.MustCompile(`(?i)^(?:any|all|each|every|some|both|no)\s`)

var notItem = regexp.MustCompile(`(?i)\b(?:is|are|was|were|be|been|shall|must|may|will|would|should|can|could|has|have|had|means|this|which|that|who|whom|when|if|as|so|but|not|no|etc|unless|except|including|such)\b`)

// adverbs are asides set off by commas ("however", "we trust"), never list items.
var adverbs = regexp.MustCompile(`(?i)^(?:however|whatever|whoever|therefore|then|nevertheless|indeed|moreover|perhaps|consequently|accordingly|also|too|thus|hence|besides|likewise|in short|in fact|of course|we trust|say|again|first|secondly|thirdly|lastly|finally|in general|in practice|above all|at least|in a word|on the contrary|on the other hand|for example|for instance|no doubt|in truth|certainly|surely|still|yet|now|here|there|sir|gentlemen|vol\. \w+)(?:\s|$)`)

// connectives do not begin a list item.
var connectives = map[string]bool{"of": true, "and": true, "or": true, "to": true, "in": true, "on": true, "at": true,
	"by": true, "for": true, "with": true, "from": true, "as": true, "than": true, "into": true}

func listItem(s string) bool {
	n := len(strings.Fields(s))
	w, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	return n >= 1 && n <= 5 && !notItem.MatchString(s) && !adverbs.MatchString(strings.TrimSpace(s)) && !connectives[strings.ToLower(w)] &&
		!strings.ContainsAny(s, "();:.") && hasLower(s)
}

// numberRe matches a number with a unit: digits ("60", "1,000") or words up to ninety-nine
// ("seven", "nineteen", "ninety-six", "twenty one"), then the unit. A match may begin or end
// inside a word ("six hours" in "ninety-six hours"): numbers keeps those that do not.
var numberRe = regexp.MustCompile(`(?i)\b(\d{1,3}(?:,\d{3})+|\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-‐‑ ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\s+((?:consecutive |calendar )?(?:years?|months?|days?|hours?|weeks?|members?|senators?|votes?|percent|per centum))\b`)

// numbers returns the numbers with a unit in text (numberRe's matches: the phrase, the
// number, the unit) that are whole words (see wholeWords), in order: "ninety-six hours",
// never "six hours" of it.
func numbers(text string) [][]string {
	var out [][]string
	for _, at := range numberRe.FindAllStringSubmatchIndex(text, -1) {
		if !wholeWords(text, at[0], at[1]) {
			continue
		}
		out = append(out, []string{text[at[0]:at[1]], text[at[2]:at[3]], text[at[4]:at[5]]})
	}
	return out
}

var numberWords = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}

var tens = map[string]int{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}

// numberJoins writes the hyphens and the space that may join a number's tens and units
// ("ninety‐six", "ninety six") as "-".
var numberJoins = strings.NewReplacer("‐", "-", "‑", "-", " ", "-")

// numberValue returns the value of a number numberRe matches: "60", "1,000", "seven",
// "ninety-six" (or "ninety six"); false for zero or what it cannot read.
func numberValue(s string) (int, bool) {
	s = strings.ToLower(s)
	if v, err := strconv.Atoi(strings.ReplaceAll(s, ",", "")); err == nil {
		return v, v > 0
	}
	for i, w := range numberWords {
		if w == s {
			return i, i > 0
		}
	}
	t, u, _ := strings.Cut(numberJoins.Replace(s), "-")
	v, ok := tens[t]
	if !ok {
		return 0, false
	}
	if u != "" {
		for i, w := range numberWords[1:10] {
			if w == u {
				return v + i + 1, true
			}
		}
		return 0, false
	}
	return v, true
}

// formatNumber writes v as the answer writes its number: in words when the answer does
// ("nineteen", "ninety-six"; digits from 100 on), else in digits; with capital, the first
// letter in upper case.
func formatNumber(v int, words bool, capital bool) string {
	s := strconv.Itoa(v)
	if words && v > 0 && v < 100 {
		if v < len(numberWords) {
			s = numberWords[v]
		} else {
			for w, t := range tens {
				if t == v/10*10 {
					s = w
				}
			}
			if v%10 != 0 {
				s += "-" + numberWords[v%10]
			}
		}
	}
	if capital && s != "" && s[0] >= 'a' {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

func unitKey(u string) string {
	u = strings.ToLower(u)
	u = strings.TrimPrefix(strings.TrimPrefix(u, "consecutive "), "calendar ")
	if u != "per centum" {
		u = strings.TrimSuffix(u, "s")
	}
	return u
}

// numberDistractors returns three other numbers of the unit of match m (number, unit) in
// the answer's style and scale: from the corpus first, then near values (±1, double, half);
// each within a factor of maxScale of the answer (no "1825 days" for "28 days").
func (g *generator) numberDistractors(s sentence, m []string) []string {
	v, ok := numberValue(m[1])
	if !ok {
		return nil
	}
	unit := m[2]
	key := unitKey(unit)
	words := !unicode.IsDigit(rune(m[1][0]))
	capital := unicode.IsUpper(rune(m[1][0]))
	say := func(n int) string {
		u := unit
		if key != "per centum" && key != "percent" {
			u = strings.TrimSuffix(unit, "s")
			if n != 1 {
				u += "s"
			}
		}
		return formatNumber(n, words, capital) + " " + u
	}
	rng := g.rng(s.p, "num"+m[0])
	var values []int
	pool := g.byUnit[key]
	for range min(200, 4*len(pool)) {
		values = append(values, pool[rng.IntN(len(pool))].value)
	}
	near := []int{v + 1, v * 2, v - 1, v + 2, v * 3}
	if v%2 == 0 {
		near = append(near, v/2)
	}
	rng.Shuffle(len(near), func(i, j int) { near[i], near[j] = near[j], near[i] })
	values = append(values, near...)
	seen := map[int]bool{v: true}
	var out []string
	for _, n := range values {
		if n <= 0 || seen[n] || len(out) == 3 || words && n >= 100 || n > v*maxScale || n*maxScale < v {
			continue // a number in words has distractors in words: up to ninety-nine
		}
		seen[n] = true
		if t := say(n); !Found(t, s.p.Text) && !g.roots.saysVariant(s.p.Text, t) {
			out = append(out, t)
		}
	}
	if len(out) < 3 {
		return nil
	}
	return out
}

// maxScale is the most a numeric distractor may differ from its answer by, as a factor:
// 4 lets "one year" stand beside "four years" and "7 days" beside "28 days", not "1825 days"
// beside "14 days".
const maxScale = 4

var (
	// introPhrase is a short opening phrase set off by a comma ("In practice, …").
	introPhrase = regexp.MustCompile(`^(?:In|On|At|For|By|Under|After|Before) [\w’'-]+(?: [\w’'-]+)?, `)
	// subordinate words open a clause whose verb is not the sentence's claim.
	subordinate = map[string]bool{"if": true, "when": true, "which": true, "who": true, "that": true, "where": true,
		"whether": true, "although": true, "as": true, "though": true, "because": true, "unless": true, "while": true, "whom": true,
		"once": true, "whenever": true, "wherever": true, "whereas": true, "whilst": true, "lest": true, "until": true,
		"how": true, "why": true}
)

// coordinatedClause reports whether the words after a statement's verb hold a second clause
// with a verb of its own (see finiteVerbs), after "and", "but", "or", "yet" or a semicolon:
// negating the first verb alone makes a statement that is half denied ("There will not be
// commotion at home and abroad, and men will drop down exhausted on the highways"), neither
// true nor false.
func coordinatedClause(words []string) bool {
	joined := false
	for _, w := range words {
		lw := strings.ToLower(strings.Trim(w, ",;:."))
		if joined && (finiteVerbs[lw] || lw == "cannot") {
			return true
		}
		if lw == "and" || lw == "but" || lw == "or" || lw == "yet" || strings.HasSuffix(w, ";") {
			joined = true
		}
	}
	return false
}

// trueFalse makes a true/false item of a key claim: Key is the verb and the word after it,
// Foil the same with the verb negated (balance picks the true or the false statement, as
// statementTrue says).
func (g *generator) trueFalse(s sentence) (Item, bool) {
	words := strings.Fields(s.text)
	if len(words) > 30 {
		return Item{}, false
	}
	for i := range words {
		if i > 0 && strings.HasSuffix(words[i-1], ",") && !(i <= 3 && introPhrase.MatchString(s.text)) {
			return Item{}, false // past the main clause's subject
		}
		if i > 0 && (subordinate[strings.ToLower(strings.Trim(words[i-1], ",;:"))] || i == 1 && subordinate[strings.ToLower(words[0])]) {
			return Item{}, false // the verb of a subordinate clause
		}
		if subordinate[strings.ToLower(strings.Trim(words[i], ",;:"))] {
			return Item{}, false
		}
		rest := strings.Join(words[i:], " ")
		for _, n := range negations {
			if !strings.HasPrefix(rest, n.from+" ") {
				continue
			}
			if i == 0 && !strings.HasPrefix(n.from, "There") || i > 0 && auxiliaries[strings.ToLower(words[i-1])] {
				continue
			}
			if i > 0 && determiners[strings.ToLower(words[i-1])] {
				continue // a noun: "The will of the requisite number …"
			}
			adds := strings.Count(n.to, " ") >= strings.Count(n.from, " ") && n.from != "There's a"
			if adds && negative.MatchString(s.text) {
				return Item{}, false
			}
			next := strings.Fields(rest[len(n.from):])
			if len(next) == 0 || vagueTerms.MatchString(strings.Join(words[:i], " ")) || next[0] == "only" || next[0] == "also" ||
				next[0] == "every" || !standsAlone(s.text, words[:i]) || coordinatedClause(next) {
				return Item{}, false
			}
			to := n.to
			if n.from == "has" || n.from == "have" {
				var ok bool
				if to, ok = haveNegation(n.from, next); !ok {
					return Item{}, false
				}
			}
			if w := strings.ToLower(next[0]); strings.HasPrefix(n.from, "There") && (subordinate[w] || w == "of") {
				return Item{}, false // a pronoun: "There are some which …" is not "There are no which …"
			}
			if strings.HasPrefix(n.from, "There") && presupposes(next) {
				return Item{}, false // "There is no Officer of the Watch, who shall be appointed …"
			}
			nextWord := strings.TrimRight(next[0], ",;:.")
			key := strings.Join(words[max(0, i-1):i], " ")
			key = strings.TrimSpace(key + " " + n.from + " " + nextWord)
			foil := strings.TrimSpace(strings.Join(words[max(0, i-1):i], " ") + " " + to + " " + nextWord)
			stmt := strings.TrimRight(s.text, ".") + "."
			it := Item{Kind: TrueFalse, Stem: statementStem(s.p, stmt),
				Options: append([]string(nil), TrueFalseOptions...), Support: s.text, Key: key, Foil: foil,
				Source: SourceOf(s.p), Origin: Generated, Status: Pending}
			// Both statements must pass before balance chooses one (statementTrue).
			f := it
			f.Stem, f.Answer = falseStem(&it), 1
			if it.Check() != nil || f.Check() != nil {
				return Item{}, false
			}
			return it, true
		}
		if i > 12 {
			break
		}
	}
	return Item{}, false
}

// presupposes reports whether the words after an existential ("There is a …") go on, past
// a comma, to say more of what it introduced — a non-restrictive relative clause, a
// participle or a phrase set off ("…, who shall be appointed by the commandant", "…,
// subject to the approval of the council") — which takes its existence as given, so that
// denying it ("There is no Officer of the Watch, who shall be appointed …") reads as false by
// its form alone. A restrictive clause does not ("There is no difference between … that …").
func presupposes(next []string) bool {
	for _, w := range next {
		if strings.ContainsAny(w, ",;:") {
			return true
		}
	}
	return false
}

// falseStem returns a true/false item's statement with its Key negated (turned into its
// Foil) in the statement, not in the words before it.
func falseStem(it *Item) string {
	at := strings.LastIndex(it.Stem, strings.TrimRight(it.Support, "."))
	if at < 0 {
		at = 0
	}
	// The Key as whole words (see wholeWords), not the end of a longer word.
	if k := wordIndexes(it.Stem[at:], it.Key); len(k) > 0 {
		i := at + k[0]
		return it.Stem[:i] + it.Foil + it.Stem[i+len(it.Key):]
	}
	return it.Stem
}

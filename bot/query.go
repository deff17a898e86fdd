package bot

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/doctrinebot/doctrinebot/embeddings"
	"github.com/doctrinebot/doctrinebot/internal/editdist"
	"github.com/doctrinebot/doctrinebot/lexicon"
)

// Weights of query expansions: how much a passage word related to a question word counts
// against the question word itself (1). Chosen by hand from WordNet's structure — a synonym
// of the most frequent sense is nearly the same word, a hypernym is a looser match — and
// checked on the development question sets.
var relationWeight = map[lexicon.Kind]float64{
	lexicon.Synonym: 0.8,
	// A synonym of a sense after the third, taken only in context (see inContext), and
	// then as a later sense's synonym.
	lexicon.LaterSynonym: 0.8,
	lexicon.Derivation:   0.8,
	lexicon.Pertainym:    0.7,
	lexicon.Similar:      0.6,
	lexicon.AlsoSee:      0.5,
	lexicon.Attribute:    0.5,
	lexicon.Hypernym:     0.5,
}

const (
	// laterSenseFactor scales relations of a word's second and third WordNet senses.
	laterSenseFactor = 0.75
	// neighbourMinCos is the least cosine between GloVe vectors for a corpus term to count as
	// a soft match of a question term; neighbourWeight maps a cosine c ≥ neighbourMinCos to
	// the weight (c − neighbourMinCos)/(1 − neighbourMinCos) × neighbourScale.
	neighbourMinCos = 0.55
	neighbourScale  = 0.7
	// maxNeighbours bounds the GloVe soft matches kept per question term.
	maxNeighbours = 8
	// sameWordCos is the cosine from which two unit vectors are taken for one word's (a
	// corpus term whose vector is the question word's own): no neighbour of it.
	sameWordCos = 0.9999
)

// expansion is an index term that stands for a question term, with a weight in (0, 1].
type expansion struct {
	id     int32
	weight float64
}

// queryTerm is one content word of a question.
type queryTerm struct {
	word string  // as written, lowercased (spelling corrected where it was not a word)
	term string  // its index term
	idf  float64 // the term's weight: its idf smoothed by its frequency in English (see weight)
	exp  []expansion
	// answerType is true for a word the question does not write but its form asks for: "age"
	// in "How old …?" (see parseQuery). It counts for retrieval and coverage, but not as a
	// word that the sentence stating the answer must share with the question (formSentences).
	answerType bool
	// name is true when the question writes the word capitalised other than at its start, or
	// it is a number: a name ("Japan", "FIFA", "regulation 303"), whose absence from the
	// corpus means the corpus is not about it.
	name bool
	// nearest is the largest cosine between the term's word vector and a corpus term's, for a
	// term the corpus lacks (0 when the model lacks the word; unset for a corpus term).
	nearest float64
	// reference is true when the term numbers a unit of a text ("the Fourth Amendment",
	// "Article 2"; see isReference).
	reference bool
	// unitOf is the index term of the unit a reference numbers ("article" of "Article 2",
	// "amendment" of "the Fifth Amendment"; see unitWord), "" when there is none.
	unitOf string
	// scope holds the passages of the document the term names, when it is a name that
	// scopes the question to one document (see scopeMinShare); empty otherwise.
	scope passageScope
	// source is true when the term names whose text the question asks about and scopes it
	// there: a word of a document's author (see isAuthorTerm), the first word of one
	// document's title, capitalised ("the Constitution"; see docMeta.titleHeads), or a word
	// of a title the question writes whole (see authorsFirst).
	source bool
	// titled is true when the term is a word of a document's title that the question writes
	// whole (see titleScopes): every passage of that document, scope, matches it fully, and
	// a passage that writes the word gains nothing from it, since the word names the
	// document, not what its passages say ("in the art of war").
	titled bool
}

// questionForm is what kind of answer a question asks for.
type questionForm int

const (
	formOther questionForm = iota
	// formDefinition: "What is X?", "What are X?", "Define X", "meaning of X".
	formDefinition
	// formCount: "How many/much ...", "What is the speed/population/boiling point of ...?"
	// (see asksMeasure): a number answers it.
	formCount
	// formDuration: "How long/quickly/soon/fast/often ...", "Within how many days ...", "By
	// when ...", "What is the deadline ...", "war powers report deadline": a number with a
	// unit of time answers it.
	formDuration
	// formProportion: "What share/percentage/proportion of ...": a proportion answers it.
	formProportion
	// formWho: "Who is/are/was X?": a sentence saying someone is X answers it ("The
	// President shall be Commander in Chief").
	formWho
	// formList: "What kinds of X ...", "Which five X ...": an enumeration answers it.
	formList
	// formDate: "In what year ...", "On what date ...": a year or a date answers it.
	formDate
	// formPermission: "Can soldiers make arrests …?", "Is the President allowed to …?": a
	// rule answers it, a sentence that permits, requires or forbids (see statesRule).
	formPermission
)

// query is an analysed question.
type query struct {
	text  string
	terms []queryTerm
	form  questionForm
	// unknownName is a phrase of capitalised words the question names and no passage writes
	// together (see namePhrases), "" when there is none.
	unknownName string
	// unwrittenTerm is the subject of a definition question (see subject) when the corpus
	// cannot define it, "" otherwise: its index terms joined by spaces when it is a compound
	// of two or more nouns (words WordNet knows as nouns only, one after another in the
	// question) that the corpus never writes together ("What is the security sector?" of a
	// corpus that writes "national security" and "private sector" only apart; see
	// writesTogether), a single word it never writes, or a compound noun of WordNet's in base
	// forms, function words included, whose words it never writes together ("dark horse",
	// "letter of marque"; see compoundApart).
	unwrittenTerm string
	// unwrittenQuote is a quotation of the question that no sentence of the corpus writes
	// (see unwrittenQuotation), "" when there is none.
	unwrittenQuote string
	// quotes are the spans the question quotes (see quotations).
	quotes []string
	// unwrittenCompound is a compound noun of WordNet's that the question names, whatever it
	// asks of it, with a word the corpus never writes in any form or spelling
	// ("conscientious objector"; see Index.unwrittenCompound); zero when there is none.
	unwrittenCompound compoundWord
	// namedUnit is the title (index terms joined by spaces) of the unit of the corpus that a
	// law the question names is (see namesTitledUnit), and namedUnitName that name: "the
	// Insurrection Act" → "insurrection", "insurrection act". Empty when there is none.
	namedUnit, namedUnitName string
	// class is the class noun of a question that asks which places or people by name
	// ("countries"; see namedClass), "" otherwise.
	class string
	// kind is the answer-type noun of a question that asks for a member of a kind (see
	// askedKind), "" otherwise; kindMembers holds it and its synonyms, askedWords the
	// question's words and their lemmas, which name no answer.
	kind        string
	kindMembers map[string]bool
	askedWords  map[string]bool
	// respelt maps each misspelt word of the question (lowercased) to the word it was read
	// as ("decepton" → deception), for the question's embedding (see vectorText).
	respelt map[string]string
	// subject holds the index terms of X in a definition question.
	subject []string
	// person is true when the question asks who: "Who wrote …?", "whose …", "by whom …".
	person bool
	// age is true when a duration question asks for an age ("how old", "what age"): a
	// sentence that states one answers it (see statesAge).
	age bool
	// unit is the unit of time a duration question counts in ("hour" in "Within how many
	// hours …?"), "" when it names none (see askedUnit).
	unit string
	// deadline is true when a duration question asks how soon something must be done ("How
	// fast must the President report …?") or how long at most it may go on ("How long can
	// …?"; see deadlineCues): a time limit answers it ("within 48 hours", "for a longer Term
	// than two Years"), not how often it recurs ("once every six months"; see statesDeadline).
	deadline bool
	// upTo is true when a deadline question asks how long at most something may go on ("How
	// long can/may/could …?"), which a tenure answers ("during good Behaviour"), as it does
	// not "How soon …?".
	upTo bool
	// countsTimes is true when the question asks how many times: "once", "twice" and
	// "thrice" then state a count (see statesCount), as they do not in "Once war is
	// declared".
	countsTimes bool
	// amount is true when a count question asks "how much" of something other than money
	// ("How much annual leave do I get?"): a duration states it ("thirty days of annual
	// leave"), as a count does (see statesForm).
	amount bool
	// money is true when the question asks for a sum of money (see asksMoney): only a
	// passage that states one can answer it (see statesMoney), whatever its form.
	money bool
	// live is true when the question asks for a quantity as of the day it is asked (see
	// asksLiveFigure), which no passage states.
	live bool
	// individual is true when the question asks who held an office at a point in time (see
	// asksIndividual): only a passage that names a person can answer it (see namesPerson).
	individual bool
	// place is true when the question asks where someone or something it names was or did
	// something (see asksPlace): only a passage that writes a name can answer it (see
	// namesSomething).
	place bool
	// listCount is the number of items a list question names ("which five factors": 5), 0
	// when it names none.
	listCount int
	// listNouns are the (at most two) words after that count in the question ("ways" of
	// "the five ways of attacking"), stopwords left out (see countedWords).
	listNouns []string
	// vecs holds each term's word vector (nil where the model lacks it), by term position;
	// aligned and slot cache its alignment weights with index terms (see Index.align).
	vecs    [][]float32
	aligned []float64
	slot    []int32
	// mark and gen are scratch for evidence: mark[id] == gen marks the terms of the window
	// being scored.
	mark []uint32
	gen  uint32
	// about is the query without its answer-type terms (see queryTerm.answerType), made once
	// by aboutQuery; q itself when it has none.
	about *query
}

// aboutQuery returns q without its answer-type terms ("age" in "How old …?"): what the
// sentence stating the answer must be about (see formSentences). It is made on first use and
// kept, since formSentences asks for it once per candidate passage.
func (q *query) aboutQuery() *query {
	if q.about == nil {
		q.about = q
		if slices.ContainsFunc(q.terms, func(t queryTerm) bool { return t.answerType }) {
			q.about = &query{terms: slices.DeleteFunc(slices.Clone(q.terms), func(t queryTerm) bool { return t.answerType })}
		}
	}
	return q.about
}

// Question cues of formCount, formProportion, formDate and formDuration, matched in the
// lowercased question.
var (
	countCues      = []string{"how many", "how much", "what number"}
	proportionCues = []string{"what share", "what percentage", "what percent", "what proportion", "what fraction", "what part of", "how much of"}
	dateCues       = []string{"what year", "which year", "what date", "which date", "what is the date", "what's the date", "what century", "which century", "what day", "which day", "when was ", "when were ", "when did "}
	// deadlineCues are the duration cues that ask how soon, or for how long at most
	// something may go on ("How long can the President keep troops in hostilities …?"),
	// which a time limit answers as well (see query.deadline).
	// upToCues are the deadline cues that ask how long at most (see query.upTo).
	upToCues     = []string{"how long can", "how long may", "how long could"}
	deadlineCues = slices.Concat(upToCues, []string{"how quickly", "how soon", "how fast", "by when", "deadline", "within how"})
	durationCues = []string{"how long", "how quickly", "how soon", "how fast", "how much time", "by when", "deadline", "how many minutes", "how often", "how old", "what age", "minimum age", "maximum age", "age limit", "year old", "years old", "year-old", "old enough", "within how", "after how", "how many days", "how many years", "how many months", "how many hours", "how many weeks"}
)

// moneyNouns name a sum of money; moneyVerbs say that one is paid. A question asks for a
// sum when it asks "how much" with either ("How much does it cost …?", "how much is the
// fee"), or asks what one of moneyNouns is ("What is the annual salary of …?"): the
// answer type MONEY of question classification (Li & Roth 2002, "Learning Question
// Classifiers").
var (
	moneyNouns = setOf(`money funds funding salary salaries wage wages pay price prices cost costs
fee fees fare fares budget budgets compensation income earnings expenditure expenditures toll
tolls rent`)
	moneyVerbs = setOf(`cost costs costed pay pays paid spend spends spent earn earns earned
charge charges charged owe owes owed worth`)
)

// asksMoney reports whether a lowercased question asks for a sum of money (see moneyNouns):
// "how much" with a money word, or "what is the …" whose noun phrase, up to its first
// preposition, holds a money noun.
func asksMoney(lower string) bool {
	words := strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' })
	for i := 0; i+1 < len(words); i++ {
		if words[i] == "how" && words[i+1] == "much" {
			return slices.ContainsFunc(words[i+2:], func(w string) bool { return moneyNouns[w] || moneyVerbs[w] })
		}
	}
	return slices.ContainsFunc(whatIsPhrase(lower), func(w string) bool { return moneyNouns[w] })
}

// whatIsPhrase returns the words of the noun phrase a lowercased question asks about with
// "what is the …" (or "what's the", "whats the", "what was the", "what are the", "what were the", "what is
// a/an"), up to its first preposition or verb (see phraseEnds): "the annual salary of the
// Secretary" → annual, salary. Nil for a question of another form.
func whatIsPhrase(lower string) []string {
	for _, prefix := range []string{"what is the ", "what's the ", "whats the ", "what was the ", "what are the ", "what were the ", "what is a ", "what is an "} {
		rest, ok := cutClause(lower, prefix)
		if !ok {
			continue
		}
		var words []string
		for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if phraseEnds[w] {
				break
			}
			words = append(words, w)
		}
		return words
	}
	return nil
}

// measureNouns name a measured quantity: what "What is the N of …?" asks a number for (the
// NUM classes of Li & Roth 2002: count, distance, size, speed, temperature, weight, …).
var measureNouns = setOf(`number population total amount count quantity speed velocity rate
temperature distance length height width depth breadth weight mass size area volume altitude
elevation frequency density ratio percentage`)

// countNouns are the measureNouns that only ask for a count: "What is the number of
// senators …?" asks "How many senators …?".
var countNouns = setOf(`number total amount count quantity`)

// asksMeasure reports whether a lowercased question asks what a measured quantity is: "what is
// the …" whose noun phrase, up to its first preposition, holds one of measureNouns, or two
// words that WordNet knows as a phrase with one of them as hypernym ("boiling point" →
// temperature).
func (x *Index) asksMeasure(lower string) bool {
	words := whatIsPhrase(lower)
	for i, w := range words {
		if measureNouns[w] {
			return true
		}
		if i+1 < len(words) && slices.ContainsFunc(x.lex.PhraseRelated(w+" "+words[i+1]), func(r lexicon.Related) bool {
			return r.Kind == lexicon.Hypernym && measureNouns[r.Lemma]
		}) {
			return true
		}
	}
	return false
}

// phraseEnds are the prepositions and verbs that end the noun phrase after "what is the"
// (see whatIsPhrase): "the cost of living", "the price paid for …".
var phraseEnds = setOf(`of for in to on at by from with about under over per that which who is are was were paid`)

// asksAge reports whether a lowercased question holds one of the ageCues.
func asksAge(lower string) bool {
	for cue := range ageCues {
		if strings.Contains(lower, cue) {
			return true
		}
	}
	return false
}

// ageCues are the duration cues that ask for an age.
var ageCues = map[string]bool{"how old": true, "what age": true, "minimum age": true, "maximum age": true, "age limit": true,
	"year old": true, "years old": true, "year-old": true, "old enough": true}

// statedAge matches an age a question gives in digits ("a 34 year old", "is 25 old enough"),
// the digits in group 1.
var statedAge = regexp.MustCompile(`\b(\d{1,3})(?:\s*-?\s*years?\s*-?\s*old|\s+old enough)\b`)

// parseQuery analyses a question: content words (stopwords dropped), each spelling-corrected
// when it is no word the corpus, the word vectors or WordNet knows, reduced to its index term
// and expanded with WordNet relations and GloVe neighbours found in the corpus.
func (x *Index) parseQuery(question string) *query {
	question = honorific.ReplaceAllString(question, "$1")
	question = titleSection.ReplaceAllString(sectionOfTitle.ReplaceAllString(question, "section $1"), "section $2")
	question = x.expandAcronyms(capitaliseLawNames(unshout(unitNumbers(x.sectionSigns(codeCitations.ReplaceAllString(question, "section $2"))))))
	q := &query{text: question}
	lower, spelt := x.withQuestionWordsSpelt(plainQuestion(question))
	seen := map[string]bool{}
	names := capitalised(question)
	signed := map[string]bool{} // the numbers after a section sign, lowercased
	for _, m := range signedNumber.FindAllStringSubmatch(question, -1) {
		signed[strings.ToLower(m[1])] = true
	}
	toks := joinNumbers(x.an.tokens(question))
	written := len(toks) // the question's own tokens; any after them name its answer type
	if asksAge(lower) && !slices.ContainsFunc(toks, func(t token) bool { return t.word == "age" }) {
		// The answer type as a query word (Prager et al. 2000, "predictive annotation"): an
		// age is stated with "age", "aged" or "years old", so "How old do you have to be to
		// become President?" looks for the passages that state ages, not only for those
		// about becoming President.
		toks = append(toks, x.an.tokens("age")...)
	}
	phrases := x.phrases(toks)
	var phraseOf [][]lexicon.Related // by term
	var termTok []int                // by term: its token's position in toks
	words := make([]string, len(toks))
	for i, tok := range toks {
		words[i] = tok.word
	}
	foreign := foreignStopword(question, words)
	corrections := 0
	corrected := map[string]string{} // misspelt term → the term it was corrected to
	for i, tok := range toks {
		if tok.term == "" || foreign != nil && foreign(tok.word) || spelt[tok.word] {
			continue // a stopword, in English or in the language the question is written in
		}
		word, term := tok.word, tok.term
		if x.bm25.df(term) == 0 && !hasDigit(word) && !x.isKnownWord(word) && !x.isMetadataTerm(term) && (!names[word] || x.model.Rank(word) == 0) && corrections < maxCorrections && foreign == nil {
			// (A word of a question in another language is no misspelt English word.)
			corrections++
			// A capitalised word is a name unless it is no word at all ("Constituton"); then
			// only one edit may correct it.
			limit := 2
			if names[word] {
				limit = 1
			}
			if c, ok := x.correct(word, limit); ok {
				if stopwords[c] {
					corrected[term] = "" // "teh": no word of the subject either
					continue
				}
				corrected[term] = x.an.term(c)
				if q.respelt == nil {
					q.respelt = map[string]string{}
				}
				q.respelt[tok.word] = c
				word, term = c, x.an.term(c)
			}
		}
		if x.bm25.df(term) == 0 && foreign == nil && !names[word] && x.realWordSlip(word) {
			corrected[term] = "" // "what does sun tzu say abut terrain": no word of the subject
			continue
		}
		// A number is one term per unit it numbers: "Article 2 Section 2" names two units.
		// One after a section sign numbers a section ("§ 1544"), whatever word is before it.
		reference, unitOf := isReference(toks, i), unitWord(toks, i, x.headingWord)
		if !reference && signed[tok.word] {
			reference, unitOf = true, "§"
		}
		key := term
		if reference {
			key += " " + unitOf
		}
		if seen[key] || sourceWords[word] && x.bm25.df(term) == 0 && len(x.spokenScope(word)) == 0 {
			continue
		}
		seen[key] = true
		// A name is a word the question capitalises, a number, or a word WordNet knows only
		// as a proper noun, however typed: "france" in "how are police chiefs appointed in
		// france" names France, which a passage must mention to answer it.
		name := names[tok.word] || hasDigit(term) || x.lex.IsProperNoun(word)
		q.terms = append(q.terms, queryTerm{word: word, term: term, idf: x.weight(term), name: name,
			reference: reference, unitOf: unitOf, answerType: i >= written})
		phraseOf = append(phraseOf, phrases[i])
		termTok = append(termTok, i)
	}
	for _, t := range q.terms {
		// The word of a unit a number refers to is no name: "Clause" in "Article I, Section 8,
		// Clause 11" names a kind of unit, which a passage need not write.
		if t.reference && referenceWords[t.unitOf] {
			for j := range q.terms {
				if q.terms[j].term == t.unitOf {
					q.terms[j].name = false
				}
			}
		}
	}
	if len(q.respelt) > 0 {
		// The phrases of the words as read: "secretery of defense" stands in "Secretary of
		// Defense" once "secretery" is read as "secretary".
		read := slices.Clone(toks)
		for i, t := range read {
			if c, ok := q.respelt[t.word]; ok {
				read[i].word = c
			}
		}
		phrases = x.phrases(read)
		for k, i := range termTok {
			phraseOf[k] = phrases[i]
		}
	}
	// Every word's GloVe neighbours, from one pass over the terms' vectors.
	var vecs [][]float32
	var withVec []int
	for i, t := range q.terms {
		if v, ok := x.wordVector(t.word); ok {
			vecs = append(vecs, v)
			withVec = append(withVec, i)
		}
	}
	top, nearest := x.termMat.nearestRows(vecs, maxNeighbours, neighbourMinCos, sameWordCos)
	neighbours := make([][]neighbour, len(q.terms))
	for k, i := range withVec {
		neighbours[i] = top[k]
		if x.bm25.df(q.terms[i].term) > 0 {
			continue // only a word the corpus lacks can be foreign (see foreignCos)
		}
		q.terms[i].nearest = max(q.terms[i].nearest, float64(nearest[k]))
	}
	titled := x.titleScopes(lower)
	for i := range q.terms {
		var context []string
		for j, t := range q.terms {
			if j != i {
				context = append(context, t.word)
			}
		}
		q.terms[i].exp = x.expand(q.terms[i].word, q.terms[i].term, phraseOf[i], neighbours[i], context)
		if isOrdinal[q.terms[i].word] && !q.terms[i].reference {
			// An ordinal that numbers no unit of a text counts or ranks ("a third term", "must
			// the President first announce"): it is not the section number "3" or "III" a
			// heading or an item writes (see isReference).
			forms := numberForms(q.terms[i].term)
			q.terms[i].exp = slices.DeleteFunc(q.terms[i].exp, func(e expansion) bool { return slices.Contains(forms, x.bm25.terms[e.id]) })
		}
		if q.terms[i].name {
			// A name is matched by itself in any form, not by its relations: "Posse
			// Comitatus" names a law, which "Armed Forces" (posse → force) is not.
			q.terms[i].exp = append(slices.DeleteFunc(q.terms[i].exp, func(e expansion) bool { return e.weight < 1 }),
				x.nameForms(q.terms[i].word, q.terms[i].exp)...)
			if x.bm25.df(q.terms[i].term) == 0 {
				// "the Pentagon" names the Department of Defense, which it houses.
				q.terms[i].exp = append(q.terms[i].exp, x.seatTerms(q.terms[i].term)...)
			}
		} else if x.bm25.df(q.terms[i].term) == 0 && afterThe(lower, q.terms[i].word) {
			// So does "the pentagon" typed in lower case, as chat writes names; "a pentagon"
			// is a shape.
			q.terms[i].exp = append(q.terms[i].exp, x.seatTerms(q.terms[i].term)...)
		}
		for _, e := range q.terms[i].exp {
			// A word weighs as its most common form: "helping" as "help", which the corpus
			// writes far more often.
			if e.weight >= 1 {
				q.terms[i].idf = min(q.terms[i].idf, x.weight(x.bm25.terms[e.id]))
			}
		}
		if r, ok := titled[q.terms[i].term]; ok {
			q.terms[i].scope, q.terms[i].titled, q.terms[i].source = passageScope{r}, true, true
			continue
		}
		if t := q.terms[i]; len(x.spokenScope(t.word)) > 0 && (x.bm25.df(t.term) == 0 || framesSource(lower, t.word)) {
			// "according to the lecture", "the slides": the documents given rather than
			// written, which their texts do not call so; nor do the words related to it
			// ("talk", "address") name them, nor "slide" where a text writes it.
			q.terms[i].scope, q.terms[i].source = x.spokenScope(t.word), true
			continue
		}
		if t := q.terms[i]; !hasDigit(t.term) && (t.name || x.isAuthorTerm(t.term) || x.writtenAsName(withoutPossessive(t.word), t.term)) {
			// A name scopes the question however the question writes it: "sun tzu types
			// of spies" as "Sun Tzu", "sun tzu's view" as "Sun Tzu's".
			q.terms[i].scope = x.scopeOf(t.term)
			_, titleHead := x.metadata().titleHeads[t.term]
			q.terms[i].source = len(q.terms[i].scope) > 0 && (x.isAuthorTerm(t.term) || titleHead && t.name)
		}
		if r, ok := x.metadata().titleHeads[q.terms[i].term]; ok && len(q.terms[i].scope) == 0 && framesSource(lower, q.terms[i].word) {
			// "What does the US constitution say about spies?": a title's head word, however
			// written, names that document when the question asks what it says.
			q.terms[i].scope, q.terms[i].source = passageScope{r}, true
		}
	}
	if len(q.terms) > 2 {
		// "How often did Hamilton think the militia should be mustered?", "Why does Chuter
		// argue …?": a verb of saying or thinking whose subject is the author asked about
		// reports the question's frame, which the scope already holds (see authorsFirst);
		// what is asked follows it.
		kept := q.terms[:0:0]
		for i, t := range q.terms {
			framed := i > 0 && (reportingVerbs[t.word] && q.terms[i-1].source ||
				// "sun tzu's view on …", "the Constitution's position on …": the view of the
				// source or speaker named, which the scope already holds.
				viewNouns[t.word] && withoutPossessive(q.terms[i-1].word) != q.terms[i-1].word && (q.terms[i-1].source || x.namesSpeaker(q.terms[i-1])))
			if !framed {
				kept = append(kept, t)
			}
		}
		q.terms = kept
	}
	read := q.respelled()
	for _, phrase := range x.an.namePhrases(read) {
		if ext := x.an.withInitialWord(read, phrase); ext != nil && (x.namesTitledUnit(ext) || x.nameWritten(ext)) {
			phrase = ext // "Posse Comitatus Act penalty …?" names the Posse Comitatus Act
		}
		// A law named by its unit's title is read first, even when the corpus writes its
		// words together ("posse comitatus" of "the Posse Comitatus Act").
		if x.namesTitledUnit(phrase) {
			q.namedUnit, q.namedUnitName = strings.Join(phrase[:len(phrase)-1], " "), strings.Join(phrase, " ")
			continue
		}
		if x.nameWritten(phrase) {
			continue
		}
		// "Federalist Paper 10", "Federalist Papers No. 10": a word for a piece or for
		// "number" after a collection's name is no part of the name (see pieceWords).
		named := phrase
		for len(named) > 1 && (pieceWords[named[len(named)-1]] || numberMarkers[named[len(named)-1]]) {
			named = named[:len(named)-1]
		}
		if len(named) < len(phrase) && x.nameWritten(named) {
			continue
		}
		q.unknownName = strings.Join(phrase, " ")
		break
	}
	q.class = namedClass(lower)
	// The words of the quantity cue that decides the form ("often" in "how often") ask for the
	// shape of the answer, which formMatch checks; they are no content to cover.
	var cueTerms []string
	for _, c := range []struct {
		cues []string
		form questionForm
	}{{countCues, formCount}, {durationCues, formDuration}, {proportionCues, formProportion}, {dateCues, formDate}} {
		for _, cue := range c.cues {
			if strings.Contains(lower, cue) {
				q.form, cueTerms = c.form, x.an.terms(cue)
				if ageCues[cue] {
					// An age: formMatch wants a sentence that states one (see statesAge).
					q.age = true
				}
			}
		}
	}
	if q.form == formDuration {
		q.unit = askedUnit(lower)
		q.deadline = slices.ContainsFunc(deadlineCues, func(c string) bool { return strings.Contains(lower, c) })
		q.upTo = slices.ContainsFunc(upToCues, func(c string) bool { return strings.Contains(lower, c) })
	}
	if q.form == formDuration {
		// "How long is a senator's term?": the term is the length asked for, which the answer
		// states in a unit of time ("for six Years") and need not name; a word for a period
		// is the answer's type, matched fully by a unit of time.
		for i, t := range q.terms {
			if !periodWords[t.word] {
				continue
			}
			q.terms[i].answerType = true
			for _, u := range []string{"year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours"} {
				if id, ok := x.bm25.id(x.an.term(u)); ok {
					q.matchFully(i, id)
				}
			}
		}
	}
	if strings.Contains(lower, "how many times") {
		q.countsTimes = true
		// "How many times can someone be elected President?": "twice" is two times, so the
		// words that count times match "times" as the word itself does ("… more than twice").
		timeTerm := x.an.term("times")
		for i, t := range q.terms {
			if t.term != timeTerm {
				continue
			}
			for _, w := range []string{"once", "twice", "thrice"} { // see timesWords
				if id, ok := x.bm25.id(x.an.term(w)); ok {
					q.matchFully(i, id)
				}
			}
		}
	}
	if q.age {
		// "age" names the answer type, written or not (see above): a passage must state one,
		// but it is not what the question is about.
		age := x.an.term("age")
		cueTerms = slices.DeleteFunc(cueTerms, func(t string) bool { return t == age })
		for i := range q.terms {
			q.terms[i].answerType = q.terms[i].answerType || q.terms[i].term == age
		}
		if m := statedAge.FindStringSubmatch(lower); m != nil && x.bm25.df(m[1]) == 0 {
			// "Can a 34 year old be president?": the age given is the value a rule is asked
			// of, which no text states; the rule that states the age limit answers.
			q.terms = slices.DeleteFunc(q.terms, func(t queryTerm) bool { return t.term == m[1] })
		}
	}
	q.money = asksMoney(lower)
	q.amount = q.form == formCount && !q.money && strings.Contains(lower, "how much")
	if q.form == formOther && x.asksMeasure(lower) {
		// "What is the speed of …?" asks for a number as "How fast …?" does; "What is the
		// number of …?" as "How many …?" does, its count word no content to cover.
		q.form = formCount
		if len(q.terms) > 1 {
			q.terms = slices.DeleteFunc(q.terms, func(t queryTerm) bool { return countNouns[t.word] })
		}
	}
	q.individual = asksIndividual(lower)
	// A question set in the present day that names no source asks about the world as it is
	// ("What's the weather today?", "What is happening right now in Congress?"), not what a
	// text says: only one that names a source is answered ("Is Sun Tzu still read today?").
	named := q.money || q.class != "" || q.individual || !slices.ContainsFunc(q.terms, func(t queryTerm) bool { return t.source })
	q.live = asksLiveFigure(lower, q.form, named)
	q.place = asksPlace(question)
	if len(cueTerms) > 0 && len(q.terms) > len(cueTerms) {
		q.terms = slices.DeleteFunc(q.terms, func(t queryTerm) bool { return slices.Contains(cueTerms, t.term) })
	}
	if q.form == formOther {
		// A counted list ("What are the six calamities?") is asked for as a list, not as a
		// definition of its class.
		if form, n := listForm(lower); n > 0 || asksWays(lower) {
			q.form, q.listCount, q.listNouns = form, n, countedWords(lower, n)
		}
	}
	plain := withoutFillers(lower)
	for _, prefix := range []string{"what is ", "what are ", "what's ", "define ", "what was ", "what were "} {
		if rest, ok := cutClause(plain, prefix); ok && q.form == formOther {
			subject := slices.DeleteFunc(x.an.terms(cutSubject(rest)), func(term string) bool {
				i := slices.IndexFunc(q.terms, func(t queryTerm) bool { return t.term == term })
				return i >= 0 && x.namesSource(q.terms[i])
			})
			if len(subject) > 0 && len(subject) <= 3 {
				q.form, q.subject = formDefinition, subject
			}
		}
	}
	if q.form == formOther {
		if subject := definedBy(lower); subject != "" {
			if terms := x.an.terms(subject); len(terms) > 0 && len(terms) <= 3 {
				q.form, q.subject = formDefinition, terms
			}
		}
	}
	if q.form == formDefinition && len(q.subject) >= 2 {
		// The subject's words are checked as far as the question writes them together: what
		// "the street address of US Cyber Command headquarters" asks for is a street address,
		// which a corpus that never writes "street" does not state, however much it says of
		// Cyber Command.
		head := q.subject
		for len(head) >= 2 && !x.an.writtenTogether(q.text, head) {
			head = head[:len(head)-1]
		}
		if len(head) >= 2 && x.unwrittenSubject(head) {
			q.unwrittenTerm = strings.Join(head, " ")
		}
	}
	if q.form == formDefinition && len(q.subject) == 1 {
		// A word the corpus never writes, in any form or spelling ("What is governance?"
		// of texts that never say it), is defined by none of its passages.
		i := slices.IndexFunc(q.terms, func(t queryTerm) bool { return t.term == q.subject[0] })
		if i >= 0 && !slices.ContainsFunc(q.terms[i].exp, func(e expansion) bool { return e.weight >= 1 }) {
			q.unwrittenTerm = q.subject[0]
		}
	}
	for _, prefix := range []string{"who ", "whom ", "whose ", "by whom "} {
		if _, ok := cutClause(lower, prefix); ok {
			q.person = true
		}
	}
	agentOf := func() {
		// "Who commands the army?" asks "Who is the commander of the army?" (see agentNoun).
		if verb, agent, rest, ok := x.agentNoun(lower); ok {
			if subject := x.an.terms(agent + " of " + rest); len(subject) > 1 {
				q.form, q.subject = formWho, subject
				x.verbMeansNoun(q, verb, agent)
			}
		}
	}
	if after, ok := cutClause(lower, "who "); ok && q.form == formOther && inCommandOf.MatchString(after) {
		// "Who is in supreme command of the army?" before "Who is …?" reads it as asking
		// who "in supreme command" is.
		agentOf()
	}
	for _, prefix := range []string{"who is ", "who are ", "who was ", "who were ", "who shall be ", "who will be "} {
		if rest, ok := cutClause(lower, prefix); ok && q.form == formOther {
			if subject := x.an.terms(rest); len(subject) > 0 {
				q.form, q.subject = formWho, subject
			}
		}
	}
	for verb, office := range headingVerbs {
		// "Who heads the Department of Defense?" asks "Who is the head of …?": a sentence
		// saying who is its head answers it ("… who is the head of the Department of
		// Defense"), not one that writes "head" of another office.
		if rest, ok := cutClause(lower, "who "+verb+" "); ok && q.form == formOther {
			if subject := x.an.terms(office + " of " + rest); len(subject) > 1 {
				q.form, q.subject = formWho, subject
				x.verbMeansNoun(q, verb, office)
			}
		}
	}
	if q.form == formOther {
		agentOf()
	}
	if q.form == formOther {
		q.form, q.listCount = listForm(lower)
		q.listNouns = countedWords(lower, q.listCount)
	}
	if q.form == formList && len(q.terms) > 1 {
		// "List the …", "Name the …": the command asks for the shape of the answer.
		if verb, _, ok := strings.Cut(lower, " "); ok && listVerbs[verb] {
			q.terms = slices.DeleteFunc(q.terms, func(t queryTerm) bool { return t.word == verb })
		}
	}
	if q.form == formOther {
		// "What's the working definition of the security sector that Chuter ends up
		// using?": the noun phrase after "definition of", its relative clause cut.
		if subject := x.an.terms(definitionOf(lower)); len(subject) > 0 && len(subject) <= 3 {
			q.form, q.subject = formDefinition, subject
		}
	}
	if q.form == formOther {
		// "definition of X", "X meaning", "securty sectr definiton": a word asking for a
		// definition, the other terms its subject.
		var subject []string
		asks := false
		markers := map[string]bool{}
		for _, t := range q.terms {
			if t.reference && t.unitOf != "" {
				markers[t.unitOf] = true
			}
		}
		for _, t := range q.terms {
			switch {
			case definitionWords[t.term]:
				asks = true
			case x.namesSource(t):
				// "How does Chuter define …", "How does Madison define …": the author names
				// whose definition, not what.
			case t.reference || markers[t.term]:
				// "… in Federalist No. 10": a unit's number and its marker say where.
			case x.lex.IsAdverbOnly(t.word):
				// "How does Chuter formally define …": an adverb says how it is defined.
			default:
				subject = append(subject, t.term)
			}
		}
		if asks && len(subject) > 0 && len(subject) <= 3 {
			q.form, q.subject = formDefinition, subject
		}
	}
	for i, t := range q.subject {
		// The subject as corrected: "what is the securty sector" defines "security sector".
		if c, ok := corrected[t]; ok {
			q.subject[i] = c
		}
	}
	// A cue that asks for a definition is no part of what is defined: "what is the security
	// sector definition" defines the security sector.
	q.subject = slices.DeleteFunc(q.subject, func(t string) bool { return t == "" || definitionWords[t] && len(q.subject) > 1 })
	for i, t := range q.subject {
		// "Who is the head of the Pentagon?" asks who heads the Department of Defense: the
		// sentence naming the holder writes the body's name (see seatTerms).
		if x.bm25.df(t) > 0 {
			continue
		}
		if seat := x.seatTerms(t); seat != nil {
			body := make([]string, len(seat))
			for k, e := range seat {
				body[k] = x.bm25.terms[e.id]
			}
			q.subject = slices.Concat(q.subject[:i], body, q.subject[i+1:])
			break
		}
	}
	compounds := x.compoundNouns(toks[:written])
	if q.unwrittenTerm == "" && q.form == formDefinition {
		// "What is a dark horse?" of texts that write "dark" and "horse" apart: WordNet lists
		// the compound because it means a thing of its own, which no passage defines by
		// writing its words apart.
		q.unwrittenTerm = x.compoundApart(q, toks, compounds)
	}
	if q.unwrittenTerm == "" {
		q.unwrittenCompound = x.unwrittenCompound(toks, compounds, names)
	}
	q.quotes = quotations(question)
	q.unwrittenQuote = x.unwrittenQuotation(q.quotes, q.terms)
	if q.form == formOther && asksPermission(lower) {
		q.form = formPermission
	}
	if q.form == formPermission {
		// "Can the government force me to house soldiers?" asks whether housing soldiers
		// may be required, as "… make me house soldiers?" does: "force" compelling the
		// asker is the rule's modality, not its content (it matched an army's "inferior
		// force").
		if v := compelsAsker(lower); v != "" && len(q.terms) > 1 {
			q.terms = slices.DeleteFunc(q.terms, func(t queryTerm) bool { return t.word == v })
		}
	}
	// "What is the penalty under the Posse Comitatus Act?" asks which penalty that law sets,
	// not what a penalty is.
	if q.form == formDefinition && q.namedUnit != "" {
		q.form, q.subject = formOther, nil
	}
	if q.form == formOther || q.form == formList {
		if q.kind = x.askedKind(lower); q.kind != "" {
			// The kind is what the answer names a member of, not what the question is about:
			// "punishment" in "What is the punishment for theft?" (see kindSentences).
			kindTerm := x.an.term(q.kind)
			for i := range q.terms {
				q.terms[i].answerType = q.terms[i].answerType || q.terms[i].term == kindTerm
			}
			q.kindMembers = x.kindMembers(q.kind)
			q.askedWords = map[string]bool{}
			for _, w := range wordTokens(lower) {
				q.askedWords[w] = true
				for _, l := range x.lex.Lemmas(w) {
					q.askedWords[l] = true
				}
			}
		}
	}
	if q.form == formDefinition && len(q.terms) > 1 {
		// A cue such as "define" asks for the shape of the answer; it is no content to cover.
		q.terms = slices.DeleteFunc(q.terms, func(t queryTerm) bool { return definitionWords[t.term] })
	}
	if q.namedUnit != "" && len(q.terms) > 1 {
		// "the penalty for violating the Posse Comitatus Act" asks the law's penalty: a
		// verb of breaking a law says how the question relates to the law it names, as
		// "under" does, and is no content its section must write (which writes "willfully
		// uses …").
		q.terms = slices.DeleteFunc(q.terms, func(t queryTerm) bool {
			return slices.ContainsFunc(x.lex.Lemmas(t.word), func(l string) bool { return breachVerbs[l] })
		})
	}
	if q.namedUnit != "" && slices.ContainsFunc(q.terms, func(t queryTerm) bool { return !q.namesUnit(t.term) && !t.answerType }) {
		// The law's name says where to look (see unitFirst), and every passage there is the
		// law's; what the question asks about it is the rest ("the purpose of the War Powers
		// Resolution" is its "Purpose and policy", not the section that writes "joint
		// resolution" most). A question that asks only for a member of a kind ("What is the
		// penalty under the Posse Comitatus Act?") keeps them: a member must be named in a
		// sentence about something else the question asks (see kindSentences).
		q.terms = slices.DeleteFunc(q.terms, func(t queryTerm) bool { return q.namesUnit(t.term) })
	}
	for _, t := range q.terms {
		v, _ := x.model.Vector(t.word)
		if v == nil {
			v, _ = x.model.Vector(t.term)
		}
		q.vecs = append(q.vecs, v)
	}
	return q
}

// listCues ask for the members of a class: "What kinds of spies are there?".
var listCues = []string{"what kinds of", "what kind of", "what types of", "what type of", "what sorts of",
	"what classes of", "what categories of", "what forms of", "which kinds of", "which types of",
	"what are the different", "list the", "name the", "enumerate"}

// listVerbs are the commands that open a list question ("List the powers of Congress").
var listVerbs = setOf("list name enumerate")

// countOf returns the count a lowercased token writes, in words (see cardinals) or in digits;
// 0 when it writes none.
func countOf(tok string) int {
	if v, ok := cardinals[tok]; ok {
		return v
	}
	v, _ := strconv.Atoi(tok)
	return v
}

// cardinals maps the number words that count a list's items to their values.
var cardinals = map[string]int{"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}

// listForm returns formList when a lowercased question asks for the members of a class (see
// listCues) or for a counted set ("which five factors", "what are the three kinds"), with the
// count it names (0 for none); formOther otherwise.
func listForm(lower string) (questionForm, int) {
	words := strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		if w != "which" && w != "what" && !(i == 0 && listVerbs[w]) {
			continue
		}
		j := i + 1
		if j+1 < len(words) && (words[j] == "are" || words[j] == "were") && words[j+1] == "the" {
			j += 2
		} else if listVerbs[w] && j < len(words) && words[j] == "the" {
			j++ // "List the five …"
		}
		if j < len(words) {
			if n, ok := cardinals[words[j]]; ok {
				return formList, n
			}
			if n, err := strconv.Atoi(words[j]); err == nil && n >= 2 && n <= 30 {
				return formList, n
			}
		}
	}
	for _, cue := range listCues {
		if strings.Contains(lower, cue) {
			return formList, 0
		}
	}
	for i := 0; i+1 < len(words); i++ {
		// "types of spies", "the different kinds of terrain": a plural class word asks for
		// its members wherever it stands.
		if classWords[words[i]] && words[i+1] == "of" {
			return formList, 0
		}
	}
	if asksWays(lower) {
		return formList, 0
	}
	return formOther, 0
}

// countedWords returns, of the two words after the first count n (in words or digits) in a
// lowercased text, those that are no stopwords or are words for a kind or a way (classWords,
// mannerWords): "ways" of "the five ways of attacking with fire", "constant", "factors" of
// "the five constant factors"; nil for n 0.
func countedWords(lower string, n int) []string {
	if n <= 0 {
		return nil
	}
	words := strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		if countOf(w) != n {
			continue
		}
		var out []string
		for _, t := range words[i+1 : min(len(words), i+3)] {
			if !stopwords[t] || classWords[t] || mannerWords[t] {
				out = append(out, t)
			}
		}
		return out
	}
	return nil
}

// asksWays reports whether a lowercased question asks for the ways of doing a thing: the
// plural of a word for a way of doing before "of", "to" or "in" ("What are the ways to attack
// with fire?", "the methods of …"), which the text lists — not what the thing is.
func asksWays(lower string) bool {
	words := wordTokens(lower)
	for i := 0; i+1 < len(words); i++ {
		if mannerWords[words[i]] && (words[i+1] == "of" || words[i+1] == "to" || words[i+1] == "in") {
			return true
		}
	}
	return false
}

// classWords are the plural nouns that name the kinds of a thing ("types of spies").
var classWords = setOf("kinds types sorts classes categories varieties")

// mannerWords are the plural nouns that name ways of doing a thing ("ways to attack").
var mannerWords = setOf("ways methods means techniques")

// plainQuestion lowercases a question and drops what chat adds around it: mentions
// ("@everyone", "<@123>"), markdown emphasis and code marks. An interrogative contracted
// with "is" is written out ("who's the commander …" as "who is the commander …"; see
// isContractions), so that the question's form reads alike either way.
func plainQuestion(question string) string {
	var words []string
	for _, w := range strings.Fields(strings.ToLower(question)) {
		if strings.HasPrefix(w, "@") || strings.HasPrefix(w, "<@") || strings.HasPrefix(w, "<#") {
			continue
		}
		if w = strings.Trim(w, "*_`~"); w != "" {
			if full, ok := isContractions[strings.ReplaceAll(w, "’", "'")]; ok {
				w = full
			}
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// isContractions are the interrogatives contracted with "is" that open a question, written
// out. "what's" is left as it is: the forms of "what" are read in both spellings.
var isContractions = map[string]string{
	"who's": "who is", "where's": "where is", "when's": "when is", "how's": "how is", "which's": "which is",
}

// interrogatives are the wh-words whose place in a question gives its form (see parseQuery):
// "what is X", "who is X", "how many".
var interrogatives = []string{"what", "who", "whom", "whose", "when", "where", "which", "why", "how"}

// withQuestionWordsSpelt returns lower, a plainQuestion, with each misspelt interrogative
// spelt as the interrogative, and the misspellings it respelt, which parseQuery then drops as
// it drops the interrogatives. A misspelt interrogative opens the question or a clause of it
// (after ",", ";", ":" or "and", "but", "so", "or"), is no word at all — not a corpus word, a
// GloVe word or a WordNet lemma or form — and is one edit (editDistance) from exactly one of
// the interrogatives: "waht is the securty sectr" asks what the security sector is, a
// definition, as "what is …" does, and "Hiw many senators …?" how many. A word one edit from
// two is left as it is ("hwo": how, who) unless it is one of them with a letter left out, as
// chat drops vowels ("wht": what, not why), and so is a word elsewhere in the question. A
// word of two letters counts only so ("hw": how; not "wh": who or why).
func (x *Index) withQuestionWordsSpelt(lower string) (string, map[string]bool) {
	words := strings.Fields(lower)
	var spelt map[string]bool
	for i, w := range words {
		if i > 0 && !clauseOpeners[words[i-1]] && !strings.ContainsAny(words[i-1][len(words[i-1])-1:], ",;:") {
			continue
		}
		core := strings.TrimRightFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		n := utf8.RuneCountInString(core)
		if n < 2 || n > 6 || x.termOfWord(core) != "" || x.model.Rank(core) > 0 || x.isKnownWord(core) {
			continue
		}
		// The interrogatives one edit away, and those of them that the word is with letters
		// left out.
		var near, shortened []string
		for _, qw := range interrogatives {
			if editdist.Distance(core, qw, 1) <= 1 {
				near = append(near, qw)
				if isSubsequence(core, qw) {
					shortened = append(shortened, qw)
				}
			}
		}
		match := ""
		switch {
		case len(shortened) == 1:
			match = shortened[0] // "wht": what, not why; "hw": how
		case len(near) == 1 && n > 2:
			match = near[0] // "waht", "hiw"
		}
		if match != "" {
			if spelt == nil {
				spelt = map[string]bool{}
			}
			words[i], spelt[core] = match+w[len(core):], true
		}
	}
	if spelt == nil {
		return lower, nil
	}
	return strings.Join(words, " "), spelt
}

// isSubsequence reports whether short is long with letters left out, as chat writes a word
// without its vowels ("wht" for "what").
func isSubsequence(short, long string) bool {
	s := []rune(short)
	i := 0
	for _, r := range long {
		if i < len(s) && s[i] == r {
			i++
		}
	}
	return i == len(s)
}

// clauseOpeners are the conjunctions after which a question's clause opens: "and how long …?",
// "so what is …?".
var clauseOpeners = setOf(`and but so or`)

// cutClause finds prefix at the start of the question or of a clause in it ("Tell me: what is
// X?", "ok so what is X") and returns the rest of the question after it.
func cutClause(lower, prefix string) (string, bool) {
	if rest, ok := strings.CutPrefix(lower, prefix); ok {
		return rest, true
	}
	for _, sep := range []string{": ", ", ", "; ", ". ", " so ", " - ", " — "} {
		if i := strings.Index(lower, sep+prefix); i >= 0 {
			return lower[i+len(sep)+len(prefix):], true
		}
	}
	return "", false
}

// fillerAdverbs are the adverbs that stress a question without changing what it asks ("What
// exactly is X?", "What is X, really?").
var fillerAdverbs = setOf(`exactly precisely actually really basically just`)

// withoutFillers returns a lowercased question without its filler adverbs (see
// fillerAdverbs), its words joined by single spaces and its punctuation kept.
func withoutFillers(lower string) string {
	words := strings.Fields(lower)
	out := words[:0:0]
	for _, w := range words {
		if !fillerAdverbs[strings.Trim(w, ",.?!;:")] {
			out = append(out, w)
		} else if strings.ContainsAny(w, "?!.") && len(out) > 0 {
			out[len(out)-1] += "?" // "… sector exactly?" keeps its question mark
		}
	}
	return strings.Join(out, " ")
}

// definedBy returns X of a question asking what X is made of or means, in the forms "What
// does X consist of / comprise / mean?", "What makes up X?", "Which … make up X?", "What is
// meant by X?", or who its members are: "Who sits on / serves on / makes up X?", "Who are the
// members of X?", "Who is part of / belongs to X?" (a sentence "X consists of …" answers
// them); "" otherwise.
func definedBy(lower string) string {
	return cutSubject(definedPhrase(strings.TrimRight(lower, "?!. ")))
}

// cutSubject returns the subject phrase of a definition question without the phrases after it
// that open with one of subjectEnds: "the security sector in practice" → "the security
// sector".
func cutSubject(phrase string) string {
	for _, end := range subjectEnds {
		if i := strings.Index(phrase, end); i > 0 {
			phrase = phrase[:i]
		}
	}
	return phrase
}

// subjectEnds open a phrase after the subject of a definition question that says where or
// according to whom, not what: "in practice", "in the art of war", "according to Madison".
var subjectEnds = []string{" in ", " according to ", " under ", " during "}

// definedPhrase is definedBy before the subject's trailing phrases are cut.
func definedPhrase(lower string) string {
	for _, prefix := range []string{"what is meant by ", "what's meant by ", "what makes up ", "what make up ", "what constitutes ",
		"who sits on ", "who sit on ", "who serves on ", "who serve on ", "who is on ", "who are on ", "who makes up ", "who make up ", "who are the members of ",
		"who are members of ", "what are the members of "} {
		if rest, ok := cutClause(lower, prefix); ok {
			return rest
		}
	}
	if strings.HasPrefix(lower, "which ") || strings.HasPrefix(lower, "what ") || strings.HasPrefix(lower, "who ") {
		for _, cue := range []string{" make up ", " makes up ", " count as ", " counts as ", " belong to ", " belongs to ", " are part of ", " is part of ", " are included in ", " is included in "} {
			if _, rest, ok := strings.Cut(lower, cue); ok {
				// "Which organisations make up the security sector?", "What kinds of
				// organisations count as the security sector?"
				return strings.TrimPrefix(rest, "part of ")
			}
		}
		for _, cue := range []string{" mean by ", " meant by ", " understand by ", " understood by "} {
			if _, rest, ok := strings.Cut(lower, cue); ok {
				return rest // "What did Madison mean by a faction?"
			}
		}
	}
	for _, start := range []string{"what does ", "what do ", "what did "} {
		rest, ok := cutClause(lower, start)
		if !ok {
			continue
		}
		for _, end := range []string{" consist of", " comprise", " mean", " include"} {
			if subject, ok := strings.CutSuffix(rest, end); ok {
				return subject
			}
		}
	}
	return ""
}

// definitionOf returns X of a lowercased question that writes "definition of X" or "meaning
// of X" (also "definition for X"), X cut before a clause or phrase that follows it (see
// phraseClauses and subjectEnds): "the working definition of the security sector that
// Chuter ends up using" → "the security sector"; "" when it writes neither, or asks which
// or whose definition ("Which definition of the security sector should we work with?").
func definitionOf(lower string) string {
	for _, cue := range []string{"definition of ", "definition for ", "meaning of "} {
		i := strings.Index(lower, cue)
		if i < 0 || i > 0 && lower[i-1] != ' ' || strings.HasSuffix(lower[:i], "which ") || strings.HasSuffix(lower[:i], "whose ") ||
			choosesBefore(lower[:i]) {
			continue // "which definition … should we work with?" asks which, not what
		}
		rest := lower[i+len(cue):]
		if j := strings.IndexAny(rest, "?!.,;:"); j >= 0 {
			rest = rest[:j]
		}
		rest = " " + rest + " "
		for _, opener := range phraseClauses {
			if j := strings.Index(rest, opener); j >= 0 {
				rest = rest[:j+1]
			}
		}
		return strings.TrimSpace(cutSubject(rest))
	}
	return ""
}

// maxChoiceWords is how many words before "definition of" choosesBefore reads.
const maxChoiceWords = 5

// choosesBefore reports whether the words right before "definition of" in a question offer
// alternatives: "or" between two of the last maxChoiceWords, within the clause (after its
// last punctuation mark and question word). "does the lecture go with the simple or the
// complicated definition of the security sector?" asks which definition is taken, as "which
// definition" does, not what the definition is.
func choosesBefore(before string) bool {
	words := strings.Fields(before)
	for i := len(words) - 1; i > 0 && i >= len(words)-maxChoiceWords; i-- {
		w := words[i-1]
		if strings.ContainsAny(w, ",;:?!.") || questionWords[w] {
			return false
		}
		if words[i] == "or" {
			return true
		}
	}
	return false
}

// phraseClauses open a clause after the noun phrase of "definition of X": a relative pronoun
// or a verb ("… that Chuter uses", "… which he gives", "… used in the lecture", "… is").
var phraseClauses = []string{" that ", " which ", " who ", " whom ", " as ", " used ", " given ", " is ", " are ",
	" was ", " were ", " does ", " do ", " did ", " should ", " would ", " can ", " could ", " will ", " must ",
	" he ", " she ", " they ", " we ", " you ", " i "}

// namesSource reports whether a question term names whose text is asked rather than what
// about: a word of a title the question writes whole ("in the art of war"), an author's or
// title's word no passage writes ("Chuter"), a name of a document, or a name that scopes the
// question to one, however the question writes it ("Madison", "madison": see
// writtenAsName). "What is a faction in the Federalist Papers?" and "how does madison define
// a faction?" ask what a faction is.
func (x *Index) namesSource(t queryTerm) bool {
	return t.titled || x.bm25.df(t.term) == 0 && x.isMetadataTerm(t.term) ||
		t.name && x.isMetadataTerm(t.term) || len(t.scope) > 0
}

// sourceWords name a source rather than what it says: "What does the lecture say about …?",
// "According to the text, …". A question drops them when the corpus never writes them; a
// corpus that does (a lecture on lectures) keeps them as words of its content.
var sourceWords = setOf(`lecture lectures text texts document documents book books treatise essay
essays article articles author authors writer writers speaker talk speech passage passages
corpus source sources chapter chapters section sections slide slides presentation`)

// definitionWords are the index terms of words that ask for a definition.
var definitionWords = setOf(`definition define defined meaning`)

// phrases finds the WordNet multi-word expressions of a question ("passes away", "steps down",
// "drawn-out") by the base forms of its words, longest first, and returns for each word
// position the relations of the phrase that covers it.
func (x *Index) phrases(toks []token) map[int][]lexicon.Related {
	out := map[int][]lexicon.Related{}
	base := baseForms(x.lex, toks)
	for i := 0; i < len(toks); i++ {
		for n := min(lexicon.MaxPhraseWords, len(toks)-i); n >= 2; n-- {
			key := strings.Join(base[i:i+n], " ")
			rel := x.lex.PhraseRelated(key)
			if rel == nil {
				continue
			}
			rel = append(rel, x.lex.PhraseLaterSynonyms(key)...) // see expand
			// A phrase's relation to one of its own words ("martial law" is a law) would let
			// that word, written once, match every word of the phrase: "Law" in a succession
			// clause matched "martial" as well as "law" in "Who may declare martial law?".
			own := base[i : i+n]
			rel = slices.DeleteFunc(slices.Clone(rel), func(r lexicon.Related) bool { return slices.Contains(own, r.Lemma) })
			for j := i; j < i+n; j++ {
				out[j] = rel
			}
			i += n - 1
			break
		}
	}
	return out
}

// writesSynonym reports whether the corpus writes a one-word WordNet synonym of a compound
// noun (base forms joined by spaces): the compound then names what the corpus calls by that
// word, "secret agent" a spy, "police force" the police.
func (x *Index) writesSynonym(phrase string) bool {
	for _, r := range x.lex.PhraseRelated(phrase) {
		if r.Kind == lexicon.Synonym && x.bm25.df(x.an.term(r.Lemma)) > 0 {
			return true
		}
	}
	return false
}

// compoundWord is a compound noun of a question (phrase, WordNet's base forms joined by
// spaces) and a word of it that the corpus never writes (word, as the question writes it).
type compoundWord struct{ phrase, word string }

// compound is the span toks[from:to] of a question's tokens that a compound noun of
// WordNet's covers, with the base forms of its words (WordNet's first lemma of each, or the
// word).
type compound struct {
	from, to int
	base     []string
}

// compoundNouns returns the compound nouns of WordNet's in toks (multi-word expressions all of
// whose senses are nouns: "conscientious objector", "prisoner of war"; "visible tattoo" is
// none), the longest at each position, in order and not overlapping.
func (x *Index) compoundNouns(toks []token) []compound {
	base := baseForms(x.lex, toks)
	var out []compound
	for i := 0; i < len(toks); i++ {
		for n := min(lexicon.MaxPhraseWords, len(toks)-i); n >= 2; n-- {
			rel := x.lex.PhraseRelated(strings.Join(base[i:i+n], " "))
			if len(rel) == 0 || slices.ContainsFunc(rel, func(r lexicon.Related) bool { return r.POS != 'n' }) {
				continue
			}
			out = append(out, compound{from: i, to: i + n, base: base[i : i+n]})
			i += n - 1
			break
		}
	}
	return out
}

// baseForms returns WordNet's first lemma of each token's word, or the word when WordNet
// knows none.
func baseForms(lex *lexicon.Lexicon, toks []token) []string {
	base := make([]string, len(toks))
	for i, t := range toks {
		base[i] = t.word
		if l := lex.Lemmas(t.word); len(l) > 0 {
			base[i] = l[0]
		}
	}
	return base
}

// wordForms returns the IDs of the index terms that write a word in some form: its index
// term, its base form's, their British or American spellings, and the forms of the base that
// WordNet lists as lemmas of their own ("letters" of "letter"; see inflectedTerms).
func (x *Index) wordForms(t token, base string) map[int32]bool {
	forms := map[int32]bool{}
	add := func(term string) {
		if id, ok := x.bm25.id(term); ok {
			forms[id] = true
		}
	}
	for _, term := range []string{t.term, x.an.term(base)} {
		add(term)
		for _, v := range spellingVariants(term) {
			add(x.an.term(v))
		}
	}
	for _, term := range x.inflectedTerms(base) {
		add(term)
	}
	return forms
}

// unwrittenCompound returns the first of a question's compound nouns (see compoundNouns) with
// a word that WordNet knows and the corpus never writes in any form (see wordForms); the zero
// value when there is none. Such a compound names a thing of its own, which a corpus without
// one of its words does not name, however many passages write its other words ("objectors"
// of the Constitution) or the rest of the question ("military service"). A name (see
// capitalised) is checked by namePhrases instead. Unlike a definition's subject (see
// unwrittenSubject), a compound's modifier counts: WordNet lists the compound because the
// words together mean a thing of their own.
func (x *Index) unwrittenCompound(toks []token, compounds []compound, names map[string]bool) compoundWord {
	for _, c := range compounds {
		for j := c.from; j < c.to; j++ {
			t := toks[j]
			if t.term != "" && !names[t.word] && x.isKnownWord(t.word) && len(x.wordForms(t, c.base[j-c.from])) == 0 {
				return compoundWord{phrase: strings.Join(c.base, " "), word: t.word}
			}
		}
	}
	return compoundWord{}
}

// compoundApart returns the first compound noun of a question (see compoundNouns) whose
// content words are all in the subject of definition question q and that no passage writes
// together: some two neighbouring words of it, in any form (see wordForms), never stand
// within proximityWindow words of each other in a sentence, or one of them is never written
// at all ("What is a dark horse?", "What is a war chest?" of The Art of War, which writes the
// words only apart); nor a one-word synonym of it (see writesSynonym). "" when there is none.
func (x *Index) compoundApart(q *query, toks []token, compounds []compound) string {
	for _, c := range compounds {
		var forms []map[int32]bool
		subject := true
		for j := c.from; j < c.to; j++ {
			if toks[j].term == "" {
				continue
			}
			if !slices.Contains(q.subject, toks[j].term) {
				subject = false
				break
			}
			forms = append(forms, x.wordForms(toks[j], c.base[j-c.from]))
		}
		if !subject || len(forms) < 2 || x.writesSynonym(strings.Join(c.base, " ")) {
			continue
		}
		for i := 0; i+1 < len(forms); i++ {
			if !x.writtenNear(forms[i], forms[i+1]) {
				return strings.Join(c.base, " ")
			}
		}
	}
	return ""
}

// maxCorrections is the most words of one question that parseQuery spelling-corrects: each
// costs a scan of the corpus's words (about 25 ms in a corpus of 10,000 terms), and a question
// with more misspelt words than this is noise.
const maxCorrections = 8

// isKnownWord reports whether a word is an English word WordNet knows (in any inflection).
// Misspellings are often frequent enough to have word vectors, so those do not count.
func (x *Index) isKnownWord(word string) bool {
	return x.lex.IsLemma(word) || len(x.lex.Lemmas(word)) > 0
}

// unshout returns a question written all in capitals ("WHAT IS THE SECURITY SECTOR?") in
// lowercase: its capitals mark no names, and a shouted word that is an acronym reads as one
// typed in lowercase does (see expandAcronyms). A question with a lowercase letter, or fewer
// than two words of letters ("NATO?"), is returned as it is.
func unshout(question string) string {
	words := 0
	for _, w := range strings.FieldsFunc(question, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if strings.ToUpper(w) != w {
			return question
		}
		words++
	}
	if words < 2 {
		return question
	}
	return strings.ToLower(question)
}

// lawNameNouns end the lowercase law names capitaliseLawNames reads: the nouns that end the
// names of statutes ("the patriot act", "the war powers resolution"); a code, a bill or a
// convention is as often named by a common phrase ("the constitutional convention").
var lawNameNouns = setOf(`act resolution`)

// codeCitations matches a citation of the United States Code, title number then section
// number ("10 U.S.C. 113", "18 USC § 1385", "10 U.S.C. sec. 151"), which parseQuery reads as
// "section 113", the unit the corpus's headings number (see headingNumbers); the title's
// number, which the headings of a whole title write, would match every section of it.
var codeCitations = regexp.MustCompile(`(?i)\b(\d+)\s*U\.?\s?S\.?\s?C\.?(?:\s*A\.?)?\s*(?:§+\s*|sec(?:tion|\.)?\s*)?(\d+[a-z]*)\b`)

// honorific matches a courtesy title before a capitalised name ("Mr. Madison", "Dr Chuter"),
// which parseQuery drops: the texts name their authors without it, and "Mr Madison" read as
// a name the corpus never writes was refused.
var honorific = regexp.MustCompile(`\b(?:Mr|Mrs|Ms|Dr|Messrs)\.?\s+(\p{Lu})`)

// titleSection and sectionOfTitle match a section of a title of a code cited in words ("Title
// 10 section 113", "title 10, § 113", "section 113 of title 10"), which parseQuery reads as
// "section 113", as it reads codeCitations.
var (
	titleSection   = regexp.MustCompile(`(?i)\btitle\s+(\d+)\s*,?\s*(?:§+\s*|sec(?:tion|\.)?\s*)(\d+[a-z]*)\b`)
	sectionOfTitle = regexp.MustCompile(`(?i)(?:§+\s*|\bsec(?:tion|\.)?\s*)(\d+[a-z]*)\s+of\s+title\s+\d+\b`)
)

// breachVerbs are the verbs of breaking a law (see parseQuery's reading of a law named).
var breachVerbs = setOf("violate break breach contravene infringe disobey transgress flout")

// signedNumber matches a section sign and the number after it ("§ 1544", "§§ 251").
var signedNumber = regexp.MustCompile(`§+[\s\p{Zs}]*(\d+[a-zA-Z]*)`)

// sectionWord matches "section" (or "sec.") before a section's number in a question.
var sectionWord = regexp.MustCompile(`(?i)\bsec(?:tion|\.)?\s+(\d+[a-z]*)\b`)

// sectionSigns writes "section N" of a question as "§ N" when the corpus's headings number
// section N with the sign and none with the word: "What does section 113 say?" asks what
// "§ 113. Secretary of Defense" says, as "What does § 113 say?" does, not what the sections
// that cite "section 113 of this title" say; the Constitution's "Section 8" keeps its word,
// and "§ 8" is written "section 8" when headings number section 8 with the word only.
func (x *Index) sectionSigns(question string) string {
	x.sectionNumbersOnce.Do(func() {
		x.unitHeadingsOnce()
		x.signedSections, x.wordSections = map[string]bool{}, map[string]bool{}
		for _, h := range x.unitHeadings { // "§ 113. …" and "Section 8" are among them
			if m := signedSection.FindStringSubmatch(h); m != nil {
				x.signedSections[strings.ToLower(m[1])] = true
			} else if m := wordSection.FindStringSubmatch(h); m != nil {
				x.wordSections[strings.ToLower(m[1])] = true
			}
		}
	})
	question = articleSection.ReplaceAllString(question, "${1} section ${2}")
	question = sectionWord.ReplaceAllStringFunc(question, func(m string) string {
		n := strings.ToLower(sectionWord.FindStringSubmatch(m)[1])
		if x.signedSections[n] && !x.wordSections[n] {
			return "§ " + n
		}
		return "section " + n // "sec. 3" as the headings write it: "Section 3"
	})
	// And the other way: "§ 8" of a corpus whose headings number section 8 with the word
	// only ("art. 1 § 8": the Constitution's "Section 8").
	return signedNumber.ReplaceAllStringFunc(question, func(m string) string {
		n := strings.ToLower(signedNumber.FindStringSubmatch(m)[1])
		if x.wordSections[n] && !x.signedSections[n] {
			return "section " + n
		}
		return m
	})
}

// articleSection matches a section's number after an article's, with "s" or "s." for
// "section" ("art 1 s 8", "Article I, s. 8"), which sectionSigns writes out.
var articleSection = regexp.MustCompile(`(?i)\b(art(?:icle|\.)?\s*(?:\d+|[ivx]+)),?\s+s\.?\s*(\d+)\b`)

// signedSection and wordSection match a heading that numbers a section with the sign ("§
// 113. Secretary of Defense", the US Code's space after the sign a narrow no-break one) or
// with the word ("Section 8").
var (
	signedSection = regexp.MustCompile(`^§[\s\p{Zs}]*(\d+[a-zA-Z]*)\b`)
	wordSection   = regexp.MustCompile(`(?i)^sec(?:tion|\.)?[\s\p{Zs}]+(\d+[a-z]*)\b`)
)

// numberMarker matches a word for "number" between a unit and its number ("federalist
// number ten", "Article num. 2", "federalist #10"); spelledNumber a number from 21 to 99
// written as words after a unit ("federalist fifty-one").
var (
	numberMarker  = regexp.MustCompile(`(?i)\b([a-z]+)(?:\s+(?:number|num\.?|nr\.?)\s*|\s*#\s*)([a-z]+|\d+)\b`)
	spelledNumber = regexp.MustCompile(`(?i)\b(federalist|paper|no\.?|number|article|amendment|section|chapter)\s+(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](one|two|three|four|five|six|seven|eight|nine)\b`)
)

// tensWords are the values of the words for tens from twenty.
var tensWords = map[string]int{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}

// unitNumbers writes a unit's number as questions most often do: "number", "num." or "#"
// between the unit and its number is dropped ("federalist number ten" as "federalist ten",
// which isReference reads as Federalist No. 10; it found the Art of War's "number of
// editions"), and a number from 21 to 99 in words after a unit is written in digits
// ("federalist fifty-one" as "federalist 51"; numberings holds words up to twenty only).
// Abbreviations are written out ("Art. I" as "Article I", "amdt. 2" as "Amendment 2", "fed
// 10" as "Federalist 10", "Const." as "Constitution"), as sectionWord reads "sec.".
func unitNumbers(question string) string {
	question = unitAbbreviation.ReplaceAllStringFunc(question, func(m string) string {
		g := unitAbbreviation.FindStringSubmatch(m)
		unit := "Article"
		switch strings.ToLower(g[1]) {
		case "amdt", "amend":
			unit = "Amendment"
		case "fed":
			unit = "Federalist"
		}
		return unit + " " + g[2]
	})
	question = constAbbreviation.ReplaceAllString(question, "Constitution")
	question = numberMarker.ReplaceAllStringFunc(question, func(m string) string {
		g := numberMarker.FindStringSubmatch(m)
		unit, num := g[1], g[2]
		if _, ok := numberings[strings.ToLower(num)]; !ok && !isDigits(num) || stopwords[strings.ToLower(unit)] {
			return m // "the number of", "a number two pencil" is no unit's
		}
		return unit + " " + num
	})
	question = spelledNumber.ReplaceAllStringFunc(question, func(m string) string {
		g := spelledNumber.FindStringSubmatch(m)
		return g[1] + " " + strconv.Itoa(tensWords[strings.ToLower(g[2])]+numberings[strings.ToLower(g[3])])
	})
	return letterNumeral.ReplaceAllStringFunc(question, func(m string) string {
		g := letterNumeral.FindStringSubmatch(m)
		return g[1] + " " + strconv.Itoa(map[string]int{"i": 1, "v": 5, "x": 10}[strings.ToLower(g[2])])
	})
}

// unitAbbreviation matches an abbreviated "Article", "Amendment" or "Federalist" and the
// number after it ("Art. I", "art 2", "Amdt. 14", "amend. V", "fed 10"); the abbreviation
// must be followed by a numeral, as "the art of war" is not.
var unitAbbreviation = regexp.MustCompile(`(?i)\b(art|amdt|amend|fed)\.?\s*([ivxlc]+|\d+)\b`)

// constAbbreviation matches "Const." of a legal citation ("U.S. Const. art. I, § 8"), which
// spelling correction read as "cost".
var constAbbreviation = regexp.MustCompile(`(?i)\bconst\b\.?`)

// letterNumeral matches a Roman numeral of one letter after a unit that texts number so
// ("Article I Section 8", "amendment v"): numberings leaves "i", "v" and "x" out, as words
// and initials more often than numbers, and "Article I" found Article V's "the first Article".
var letterNumeral = regexp.MustCompile(`(?i)\b(article|amendment|chapter|title|part)\s+(i|v|x)\b`)

// auxiliaries are the modal and auxiliary verbs before a subject whose verb follows it
// ("can the military act …", "did the president act …").
var auxiliaries = setOf(`can could may might must shall should will would do does did`)

// verbFollowers are the prepositions and adverbs that follow "act" the verb ("act as police",
// "act alone"), where a law's name is followed by its own verb ("the Patriot Act say").
var verbFollowers = setOf(`as like on upon in against without with alone by for to independently unilaterally`)

// maxLawNameWords bounds the words between "the" and the noun of a law's name written in
// lowercase ("the alien and sedition act").
const maxLawNameWords = 4

// capitaliseLawNames returns question with each law's name written in lowercase capitalised,
// so that it reads as the name it is (see namePhrases, namesTitledUnit): "the", one to
// maxLawNameWords words that are no stopwords (but "and", "of" or "for" between two of them),
// then one of lawNameNouns not followed by "of" ("what does the patriot act allow" → "the
// Patriot Act"; not "the unlawful act of killing"), nor a verb between an auxiliary and a
// function word ("can the military act as police"). A name of an all-capitals question reads
// so once unshout has lowercased it.
func capitaliseLawNames(question string) string {
	words := strings.Fields(question)
	changed := false
	for i, w := range words {
		noun := strings.TrimRight(w, "?.!,;:")
		if !lawNameNouns[noun] || i+1 < len(words) && words[i+1] == "of" {
			continue
		}
		start := -1
		for j := i - 1; j >= 0 && i-j <= maxLawNameWords+1; j-- {
			if words[j] == "the" {
				start = j + 1
				break
			}
			connector := words[j] == "and" || words[j] == "of" || words[j] == "for"
			if !isLowerWord(words[j]) || stopwords[words[j]] && (!connector || j+1 == i) {
				break
			}
		}
		if start < 0 || start == i || !isLowerWord(words[start]) || stopwords[words[start]] {
			continue
		}
		if start >= 2 && auxiliaries[strings.ToLower(words[start-2])] && i+1 < len(words) && verbFollowers[strings.ToLower(strings.TrimRight(words[i+1], "?.!,;:"))] {
			// "can the military act as police", "should the president act on his own": an
			// auxiliary before and a preposition after make the noun a verb.
			continue
		}
		for j := start; j <= i; j++ {
			if j == start || j == i || !stopwords[words[j]] {
				r, size := utf8.DecodeRuneInString(words[j])
				words[j] = string(unicode.ToUpper(r)) + words[j][size:]
			}
		}
		changed = true
	}
	if !changed {
		return question
	}
	return strings.Join(words, " ")
}

// isLowerWord reports whether w is a word of lowercase letters.
func isLowerWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// capitalised returns the lowercased, mark-folded words that a question writes with a
// capital letter other than as its first word: "Under Japan's postwar constitution" → japan.
func capitalised(question string) map[string]bool {
	out := map[string]bool{}
	words := strings.FieldsFunc(question, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' })
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if i > 0 && unicode.IsUpper(r) && w != "I" {
			for _, t := range embeddings.Tokens(w) {
				out[foldMarks(t)] = true
			}
		}
	}
	return out
}

// realWordSlip reports whether a word is an English word that is most likely a slip for a
// stopword of four letters or more, one edit away (Damerau–Levenshtein): a word WordNet knows
// but too rare for the model's vocabulary of the most frequent words ("abut" for "about",
// "wether" for "whether"), which a question typed in a hurry means far less often than the
// stopword. A real-word error, which a dictionary check cannot see (Kukich 1992, "Techniques
// for automatically correcting words in text"); a commoner word ("whit", "form") is taken as
// written.
func (x *Index) realWordSlip(word string) bool {
	if utf8.RuneCountInString(word) < 4 || !x.isKnownWord(word) || x.model.Rank(word) != 0 {
		return false
	}
	for w := range stopwords {
		if len(w) >= 4 && editdist.Distance(word, w, 1) <= 1 {
			return true
		}
	}
	return false
}

// correct returns the corpus word (or stopword) nearest to a misspelt word by
// Damerau–Levenshtein distance (at most 1 for words of up to 5 letters, else 2, and never
// more than maxEdits), preferring
// stopwords, then the most frequent term; failing those, the most frequent English word of
// the model's vocabulary at the least distance.
func (x *Index) correct(word string, maxEdits int) (string, bool) {
	n := utf8.RuneCountInString(word)
	if n == 3 {
		// Three letters are corrected only to a stopword they swap two neighbours of ("teh",
		// "adn"): one edit away from a three-letter word lie too many others.
		for w := range stopwords {
			if len(w) == 3 && len(word) == 3 && swapsNeighbours(word, w) {
				return w, true
			}
		}
	}
	if n < 4 {
		return "", false
	}
	limit := 1
	if n > 5 {
		limit = 2
	}
	limit = min(limit, maxEdits)
	best, bestDist, bestDF := "", limit+1, -1
	for w := range stopwords { // "acording" is "according", a stopword: dropped
		if m := utf8.RuneCountInString(w); m >= 4 && m-n <= limit && n-m <= limit {
			if d := editdist.Distance(word, w, limit); d < bestDist {
				best, bestDist, bestDF = w, d, math.MaxInt
			}
		}
	}
	for i, w := range x.words.strs {
		term := x.bm25.terms[x.wordTerms[i]]
		m := utf8.RuneCountInString(w)
		if m-n > limit || n-m > limit {
			continue
		}
		d := editdist.Distance(word, w, limit)
		if d > limit {
			continue
		}
		df := x.bm25.df(term)
		if d < bestDist || (d == bestDist && (df > bestDF || df == bestDF && w < best)) {
			best, bestDist, bestDF = w, d, df
		}
	}
	if best == "" {
		// Not near any corpus word: correct it to an English word the model knows, so that a
		// misspelt question word ("definiton") can still be recognised.
		for i := 0; i < x.model.Len(); i++ {
			w := x.model.Word(i)
			if m := utf8.RuneCountInString(w); m-n > limit || n-m > limit || !x.isKnownWord(w) {
				continue
			}
			if d := editdist.Distance(word, w, limit); d < bestDist {
				best, bestDist = w, d // rows go by frequency: the first at a distance wins
			}
		}
	}
	return best, best != ""
}

// expand lists the index terms standing for a question word: its own base forms (weight 1),
// its WordNet relations (relationWeight, scaled down for later senses), the relations of the
// WordNet phrase it stands in, if any ("passes away" → die), and its nearest corpus terms by
// GloVe cosine (neighbours: rows of termMat, best first; see neighbourMinCos). Each index
// term appears once, with its largest weight; no term of one letter stands for a word by a
// relation (its number forms may: "4" and "v" of "five").
func (x *Index) expand(word, term string, phrase []lexicon.Related, neighbours []neighbour, context []string) []expansion {
	weights := map[string]float64{}
	put := func(t string, w float64) {
		if x.bm25.df(t) == 0 {
			return
		}
		if w > weights[t] {
			weights[t] = w
		}
	}
	// related puts a term WordNet or the word vectors relate to the word. A single letter
	// the corpus writes is a label or an initial ("(c)", "C."), not the word WordNet means
	// by it ("c" for the speed of light): no relation of any word.
	related := func(t string, w float64) {
		if utf8.RuneCountInString(t) > 1 {
			put(t, w)
		}
	}
	put(term, 1)
	lemmas := x.lex.Lemmas(word)
	for _, l := range lemmas {
		put(l, 1)
	}
	for _, v := range spellingVariants(word) {
		put(x.an.term(v), 1)
	}
	for _, n := range numberForms(term) {
		put(n, 1)
	}
	if x.bm25.df(term) == 0 {
		for _, part := range x.compoundParts(word) {
			put(part, compoundWeight)
		}
	}
	if len(lemmas) == 0 {
		lemmas = []string{term}
	}
	for _, l := range lemmas {
		for _, t := range x.inflectedTerms(l) {
			put(t, inflectionWeight)
		}
		for _, h := range x.hyponymTerms(l) {
			if c, ok := x.model.Similarity(word, h); ok && float64(c) >= hyponymMinCos {
				related(h, hyponymWeight)
			}
		}
	}
	for _, l := range lemmas {
		top := x.topSenseTags(l)
		for _, r := range x.lex.Related(l) {
			w := relationWeight[r.Kind]
			if r.Sense > 1 {
				w *= laterSenseFactor
			}
			w *= senseShare(x.lex.SenseTagCount(l, r.POS, r.Sense), top)
			if r.Kind == lexicon.Synonym && spellingVariant(l, r.Lemma) {
				// "adviser" of "advisor", "judgement" of "judgment": the same word spelt
				// another way, not a synonym.
				w = 1
			}
			related(x.an.term(r.Lemma), w*x.senseFit(word, r.Lemma))
			if r.Kind == lexicon.Synonym {
				// A synonym that is a form of another lemma, as a gerund is of its verb
				// ("besieging" of besiege, a synonym of "siege"), stands for that lemma too,
				// as an inflection does for the question's own word (inflectionWeight).
				for _, base := range x.lex.Lemmas(r.Lemma) {
					if base != r.Lemma {
						related(x.an.term(base), inflectionWeight*w*x.senseFit(word, r.Lemma))
					}
				}
			}
		}
		for _, r := range x.lex.LaterSynonyms(l) {
			if x.inContext(r.Lemma, context) {
				related(x.an.term(r.Lemma), relationWeight[r.Kind]*laterSenseFactor)
			}
		}
	}
	for _, r := range phrase {
		w := relationWeight[r.Kind]
		if r.Kind == lexicon.LaterSynonym && !x.inContext(r.Lemma, context) {
			continue
		}
		if r.Sense > 1 {
			w *= laterSenseFactor
		}
		related(x.an.term(r.Lemma), w)
	}
	for _, n := range neighbours {
		c := float64(n.dot)
		related(x.bm25.terms[x.termRows[n.row]], (c-neighbourMinCos)/(1-neighbourMinCos)*neighbourScale)
	}
	out := make([]expansion, 0, len(weights))
	for t, w := range weights {
		out = append(out, expansion{id: x.bm25.idOf(t), weight: w})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].weight > out[j].weight || out[i].weight == out[j].weight && out[i].id < out[j].id
	})
	return out
}

// spellingVariant reports whether two lemmas of one WordNet synset are one word spelt two
// ways: both of at least six letters, the same first four, one edit apart ("advisor" and
// "adviser", "judgment" and "judgement"). Shorter words one edit apart are often two words.
func spellingVariant(a, b string) bool {
	return a != b && len(a) >= 6 && len(b) >= 6 && a[:4] == b[:4] && editdist.Distance(a, b, 1) <= 1
}

// nameForms returns the expansions of a name that name the same thing in another form: the
// WordNet proper nouns it is a derivation or pertainym of, which the corpus writes ("English"
// → England, "French" → France, "American" → America), each with its relation's weight, and
// not already in have. A name's other relations are other things ("Vietnam" → war).
func (x *Index) nameForms(word string, have []expansion) []expansion {
	var out []expansion
	lemmas := x.lex.Lemmas(word)
	if len(lemmas) == 0 {
		lemmas = []string{word}
	}
	for _, l := range lemmas {
		for _, r := range x.lex.Related(l) {
			if r.Kind != lexicon.Derivation && r.Kind != lexicon.Pertainym || !x.lex.IsProperNoun(r.Lemma) {
				continue
			}
			id, ok := x.bm25.id(x.an.term(r.Lemma))
			if !ok || x.bm25.df(x.bm25.terms[id]) == 0 {
				continue
			}
			seen := func(e expansion) bool { return e.id == id }
			if !slices.ContainsFunc(have, seen) && !slices.ContainsFunc(out, seen) {
				out = append(out, expansion{id: id, weight: relationWeight[r.Kind]})
			}
		}
	}
	return out
}

// afterThe reports whether lower, a lowercased question, writes word right after "the": a
// definite description, as a unique place is named ("the pentagon").
func afterThe(lower, word string) bool {
	words := wordTokens(lower)
	for i := 1; i < len(words); i++ {
		if words[i] == word && words[i-1] == "the" {
			return true
		}
	}
	return false
}

// seatTerms returns, for a name the corpus never writes (its index term) that WordNet
// defines as the headquarters of a named body (see lexicon.Lexicon.SeatOf), the index terms
// of the shortest end of that body's name, of two terms or more, that the corpus writes, each
// neighbouring pair together (see pairWritten): "pentagon" → department, defense, the end of
// "United States Department of Defense". Each stands for the name fully (weight 1), as the
// place stands for the body it houses (metonymy): "Can the Pentagon lend equipment to the
// police?" asks what the Department of Defense may do. nil when there is none.
func (x *Index) seatTerms(term string) []expansion {
	lemmas := x.lex.Lemmas(term)
	if len(lemmas) == 0 {
		lemmas = []string{term}
	}
	for _, l := range lemmas {
		name := x.an.terms(x.lex.SeatOf(l))
		for n := 2; n <= len(name); n++ {
			end := name[len(name)-n:]
			written := true
			for k := 0; k+1 < len(end) && written; k++ {
				written = x.pairWritten(end[k], end[k+1])
			}
			if !written {
				continue
			}
			out := make([]expansion, len(end))
			for k, t := range end {
				out[k] = expansion{id: x.bm25.idOf(t), weight: 1}
			}
			return out
		}
	}
	return nil
}

// wordVector returns the GloVe vector of a question word, or failing one, of its first base
// form the model has: the built-in table keeps the most frequent words, and so "meddle" but
// not "meddles", which then had no neighbour and read as a word far from any of the corpus's.
func (x *Index) wordVector(word string) ([]float32, bool) {
	if v, ok := x.model.Vector(word); ok {
		return v, true
	}
	for _, l := range x.lex.Lemmas(word) {
		if v, ok := x.model.Vector(l); ok {
			return v, true
		}
	}
	return nil, false
}

// contextSenseCos is the least GloVe cosine between a later sense's synonym and another word
// of the question for that sense to be the one meant (see inContext). Over the development and
// held-out sets 0.7 put two answers first and took none from the first five; 0.55 (the
// neighbour threshold, neighbourMinCos) let "order" and "support" in for "put" and took four
// answers out of the first five.
const contextSenseCos = 0.7

// inContext reports whether lemma, a synonym of a later WordNet sense of a question word, is
// close in GloVe (cosine ≥ contextSenseCos) to one of the question's other words (context):
// the sense the question means, picked by its neighbours as in Lesk's (1986) disambiguation,
// with word vectors for glosses. "put up" is first "post" and "erect"; its seventh sense,
// "house", is the one meant in "force me to put up soldiers in my house".
func (x *Index) inContext(lemma string, context []string) bool {
	for _, w := range context {
		c, ok := x.model.Similarity(lemma, w)
		if ok && float64(c) >= contextSenseCos {
			return true
		}
		if ok && float64(c) >= hyponymMinCos && x.isHyponym(lemma, w) {
			return true
		}
	}
	return false
}

// isHyponym reports whether lemma, an index term, is one of the terms WordNet has word's base
// form as a hypernym of (see hyponymTerms): "house" of "home".
func (x *Index) isHyponym(lemma, word string) bool {
	ls := x.lex.Lemmas(word)
	if len(ls) == 0 {
		ls = []string{word}
	}
	t := x.an.term(lemma)
	return slices.ContainsFunc(ls, func(l string) bool { return slices.Contains(x.hyponymTerms(l), t) })
}

// hyponymWeight is the weight of an index term whose WordNet hypernym is a question word's
// lemma, and hyponymMinCos the least GloVe cosine between the two for it to count: "house"
// for "home" (a house is a dwelling, a home; cosine 0.67). A hyponym narrows the word, so
// only one the word is often used for, which the cosine tells, stands in for it, and for
// less than a hypernym does. On the development and held-out sets 0.35 and 0.6 put one answer
// first and took none from the first five; without the cosine, hyponyms took more answers
// out of the first five than they brought in, as did a cosine of 0.5.
const (
	hyponymWeight = 0.35
	hyponymMinCos = 0.6
)

// hyponymTerms returns the index terms of which lemma is a WordNet hypernym (of their first
// two senses, as the lexicon keeps them). Built on first use from the index's terms.
func (x *Index) hyponymTerms(lemma string) []string {
	x.hyponymsOnce.Do(func() {
		x.hyponyms = map[string][]string{}
		for _, t := range x.bm25.terms {
			ls := x.lex.Lemmas(t)
			if len(ls) == 0 {
				ls = []string{t}
			}
			for _, l := range ls {
				for _, r := range x.lex.Related(l) {
					if r.Kind == lexicon.Hypernym && !slices.Contains(x.hyponyms[r.Lemma], t) {
						x.hyponyms[r.Lemma] = append(x.hyponyms[r.Lemma], t)
					}
				}
			}
		}
	})
	return x.hyponyms[lemma]
}

// inflectionWeight is the weight of an index term that is an inflection of a question word's
// lemma but a lemma of its own (see inflectedTerms): "appointed" for "appoints". Such a
// participle has often drifted from its verb as an adjective ("armed", "required"), so it
// counts as a hypernym does. On the development and held-out sets 0.5 brought one question
// to rank 1 and two into the first five and lost none from them; 0.8 and up (a derived form's
// weight) brought more into the first five but took three from rank 1. It also scales the
// base form of a WordNet synonym that is a form of another lemma (see expand: "besiege" of
// "besieging", a synonym of "siege"): over the 29 question sets, at 0.5 that brought two
// answers into the first five and moved one from 4th to 5th; at 1 it took four from rank 1.
const inflectionWeight = 0.5

// inflectedTerms returns the index terms, other than lemma itself, that are forms of lemma
// but lemmas of their own in WordNet, and so are indexed apart from it: a participle that is
// also an adjective ("appointed", "required", "armed", "organized" for appoint, require, arm,
// organize). A question's "Who appoints …?" then matches "appointed by the President", as
// "Who appointed …?" matched "appoint". Built on first use from the index's terms.
func (x *Index) inflectedTerms(lemma string) []string {
	x.inflectedOnce.Do(func() {
		x.inflected = map[string][]string{}
		for _, t := range x.bm25.terms {
			for _, l := range x.lex.Lemmas(t) {
				if l != t && !slices.Contains(x.inflected[l], t) {
					x.inflected[l] = append(x.inflected[l], t)
				}
			}
		}
	})
	return x.inflected[lemma]
}

// minSenseShare is the least share senseShare gives: a rare sense still counts a little.
const minSenseShare = 0.3

// senseShare scales a relation by how often its sense is used, from WordNet's tag counts
// (cntlist, the SemCor sense frequencies): (count + 1)/(top + 1), at least minSenseShare,
// where top is the word's most used sense's count. "cake" (the food, a noun) thus hardly
// matches "coat" (to cake, a verb). A word with no counts keeps full weight.
func senseShare(count, top int) float64 {
	return max(minSenseShare, float64(count+1)/float64(top+1))
}

// topSenseTags returns the largest tag count of a lemma's first three senses in any part of
// speech.
func (x *Index) topSenseTags(lemma string) int {
	top := 0
	for _, pos := range []byte("nvar") {
		for sense := 1; sense <= 3; sense++ {
			top = max(top, x.lex.SenseTagCount(lemma, pos, sense))
		}
	}
	return top
}

// senseFit scales a WordNet relation by how close the two words are in GloVe, so that
// relations through rare senses ("armed" → "limb", "national" → "soul") fade: the cosine c
// maps to (c − 0.1)/0.3 clipped to [0, 1]. Words the model lacks keep half weight.
func (x *Index) senseFit(word, related string) float64 {
	c, ok := x.model.Similarity(word, related)
	if !ok {
		return 0.5
	}
	return math.Max(0, math.Min(1, (float64(c)-0.1)/0.3))
}

// compoundWeight is the weight of each part of a closed compound the corpus lacks
// ("peacetime" → "peace", "time").
const compoundWeight = 0.6

// compoundParts splits a word into two index terms of at least three letters each, when it is
// a closed compound of them ("warships" → "war", "ship"); nil otherwise.
func (x *Index) compoundParts(word string) []string {
	for i := 3; i <= len(word)-3; i++ {
		a, b := x.an.term(word[:i]), x.an.term(word[i:])
		if a != "" && b != "" && x.bm25.df(a) > 0 && x.bm25.df(b) > 0 && x.isKnownWord(word[:i]) && x.isKnownWord(word[i:]) {
			return []string{a, b}
		}
	}
	return nil
}

// writesSpelled is writesTogether for terms written in either spelling of
// lexicon.BritishAmericanEndings: "defence strategy" is written where the corpus writes
// "defense strategy". It tries each term's own spelling and its variants, word by word.
func (x *Index) writesSpelled(terms []string) bool {
	alts := make([][]string, len(terms))
	for i, t := range terms {
		alts[i] = append([]string{t}, spellingVariants(t)...)
	}
	pick := make([]string, len(terms))
	var try func(i int) bool
	try = func(i int) bool {
		if i == len(terms) {
			return x.writesTogether(pick)
		}
		for _, a := range alts[i] {
			pick[i] = a
			if try(i + 1) {
				return true
			}
		}
		return false
	}
	return try(0)
}

// unwrittenSubject reports whether the corpus cannot define subject, the index terms of a
// definition question's subject of two words or more, written together in the question.
//
// A compound of nouns names a thing ("security sector"; not "the definition of treason"),
// which a text that defines it writes whole, in either spelling ("defence strategy" is
// "defense strategy"); a modifier is one a paraphrase changes ("the highest excellence" for
// "supreme excellence"). Nor does a text define a thing it has no word for: "internal
// medicine" of a lecture that writes "internal" but never "medicine". That word must be one
// WordNet knows (a typo is for the coverage test to weigh), and the head of the phrase or a
// noun: an adjective is one a paraphrase changes.
func (x *Index) unwrittenSubject(subject []string) bool {
	if !slices.ContainsFunc(subject, func(t string) bool { return x.bm25.df(t) == 0 || !x.lex.IsNounOnly(t) }) {
		return !x.writesSpelled(subject)
	}
	head := subject[len(subject)-1]
	return slices.ContainsFunc(subject, func(t string) bool { return x.bm25.df(t) > 0 }) &&
		slices.ContainsFunc(subject, func(t string) bool {
			return !x.writesSpelling(t) && x.isKnownWord(t) && (t == head || x.lex.IsNounOnly(t))
		})
}

// writesSpelling reports whether the corpus writes index term t in some spelling (see
// spellingVariants): "defense" of a lecture that writes "Defence".
func (x *Index) writesSpelling(t string) bool {
	return x.bm25.df(x.commonSpelling(t)) > 0
}

// spellingVariants returns the other spellings of a word under
// lexicon.BritishAmericanEndings, both ways, keeping a stem of three letters or more.
func spellingVariants(word string) []string {
	var out []string
	for _, p := range lexicon.BritishAmericanEndings {
		if stem, ok := strings.CutSuffix(word, p[0]); ok && len(stem) >= 3 {
			out = append(out, stem+p[1])
		}
		if stem, ok := strings.CutSuffix(word, p[1]); ok && len(stem) >= 3 {
			out = append(out, stem+p[0])
		}
	}
	return out
}

func dot(a, b []float32) float32 {
	var s float32
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// Smoothing of a question term's idf by general English (see weight): priorPassages
// pseudo-passages are added to the corpus, each holding a word with the probability that a
// passage of passageWords words does, by Zipf's law from the word's GloVe frequency rank r:
// 1 − (1 − p)^passageWords with p = 1/(r·H), H the harmonic number of the vocabulary size.
const (
	priorPassages = 100
	passageWords  = 60
)

// weight is the weight of a question term in coverage and fusion: BM25's idf computed over
// the corpus plus priorPassages pseudo-passages of general English, so that in a small corpus
// a word every passage shares ("security" in a lecture on security) still counts, and a
// common word the corpus happens to lack ("look") does not count as much as a rare one.
func (x *Index) weight(term string) float64 {
	n := float64(len(x.passages)) + priorPassages
	df := float64(x.bm25.df(term))
	if r := x.model.Rank(term); r > 0 {
		p := 1 / (float64(r) * x.harmonic)
		df += priorPassages * (1 - math.Pow(1-p, passageWords))
	}
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// maxIDF returns the idf of a term the corpus lacks.
func (x *Index) maxIDF() float64 {
	n := float64(len(x.passages))
	return math.Log(1 + (n+0.5)/0.5)
}

// askedUnit returns the unit of time, singular, that a lowercased duration question counts in
// — "how many hours/days/weeks/months/years" — or "" for one that names none ("how long",
// "how often"). A sentence stating a duration in another unit does not answer it (see
// statesUnit): "at least once every six months" is no answer to "Within how many hours must
// the President report …?", "within 48 hours" is.
func askedUnit(lower string) string {
	words := strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	for i := 0; i+2 < len(words); i++ {
		if words[i] == "how" && words[i+1] == "many" && timeUnits[words[i+2]] {
			return strings.TrimSuffix(words[i+2], "s")
		}
	}
	return ""
}

// swapsNeighbours reports whether a and b differ only by two neighbouring bytes swapped
// ("teh", "the").
func swapsNeighbours(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i+1 < len(a); i++ {
		if a[i] != b[i] {
			return a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
		}
	}
	return false
}

// unitWord returns the index term of the unit that token i numbers, when it is a reference
// (see isReference): the content word before it ("Article 2", "No. 100"; "no" for any word
// for "number"; past a word for a piece, the word before that when headed says headings
// write it, "Federalist essay 10"), or, for an ordinal, the one after it ("the Fifth
// Amendment"); "" otherwise.
func unitWord(toks []token, i int, headed func(term string) bool) string {
	if !isReference(toks, i) {
		return ""
	}
	if isOrdinal[toks[i].word] || hasDigit(toks[i].word) && strings.HasSuffix(toks[i].word, ordinalSuffix(numberings[toks[i].term])) {
		if i+1 < len(toks) {
			return toks[i+1].term
		}
		return ""
	}
	if i > 0 {
		j := i - 1
		if numberMarkers[toks[j].word] {
			// "the Federalist paper number 51", "Federalist Papers No. 10": the word for
			// "number", however written, is the "No." a heading writes before the number
			// (see numbersAfter).
			return "no"
		}
		// "Federalist essay 10": a word for a piece stands between the collection's name, which
		// headings write, and the piece's number (not "wrote" of "Who wrote paper 51?").
		for j > 0 && pieceWords[toks[j].word] && toks[j-1].term != "" && headed(toks[j-1].term) {
			j--
		}
		return toks[j].term
	}
	return ""
}

// pieceWords name a piece of a collection, which a question writes between the collection's
// name and the piece's number ("Federalist essay 10").
var pieceWords = setOf("paper papers essay essays")

// agentNoun reads a lowercased question "who <verb> <rest>" as asking who holds the office of
// the verb's agent noun: the noun WordNet derives from the verb by adding "er", "or", "r",
// "nt" or "ent" ("commander" of command, "ruler" of rule, "governor" of govern, "president"
// of preside), when the corpus writes it.
// "Who commands the army?" is answered by "The President shall be Commander in Chief of the
// Army" (see namesHolder), not by Sun Tzu's "a large army under your command", which writes
// the question's words. It returns the verb as written, the noun, and the rest of the
// question after the verb.
func (x *Index) agentNoun(lower string) (verb, agent, rest string, ok bool) {
	after, ok := cutClause(lower, "who ")
	if !ok {
		return "", "", "", false
	}
	verb, rest, _ = strings.Cut(after, " ")
	verb = strings.TrimRight(verb, "?.!,;:")
	if m := inCommandOf.FindStringSubmatch(after); m != nil {
		// "Who is in supreme command of the army?", "Who has command of …": the noun of the
		// act asks for its agent as the verb does.
		verb, rest = m[1], m[2]
	}
	if verb == "" || rest == "" || auxiliaries[verb] || copulas[verb] || stopwords[verb] {
		return "", "", "", false
	}
	for _, l := range x.lex.Lemmas(verb) {
		for _, r := range x.lex.Related(l) {
			if r.Kind != lexicon.Derivation || r.POS != 'v' || x.bm25.df(x.an.term(r.Lemma)) == 0 {
				continue
			}
			if r.Lemma == l+"er" || r.Lemma == l+"or" || strings.HasSuffix(l, "e") && (r.Lemma == l+"r" || r.Lemma == l+"nt") || r.Lemma == l+"ent" {
				return verb, r.Lemma, rest, true
			}
		}
	}
	return "", "", "", false
}

// inCommandOf matches the rest of a who-question that asks who holds an act over something,
// "is in supreme command of the army", "has command of the fleet": the act's noun (group
// 1), after at most one qualifying word, and what it is of (group 2).
var inCommandOf = regexp.MustCompile(`^(?:is|was|are|were|has|had|holds|held) (?:in )?(?:[a-z]+ )?([a-z]+) of (.+)$`)

// verbMeansNoun makes the index term of noun a full match (weight 1) of the question's term
// for verb, when the question reads as "who is the <noun> of …" (see agentNoun and
// headingVerbs): "commander" then matches "commands" as the word itself does, and "head"
// matches "leads".
func (x *Index) verbMeansNoun(q *query, verb, noun string) {
	id, ok := x.bm25.id(x.an.term(noun))
	if !ok {
		return
	}
	for i, t := range q.terms {
		if t.word == verb {
			q.matchFully(i, id)
		}
	}
}

// matchFully makes index term id a full match (weight 1) of question term i, in place of
// whatever weight its expansion gave it.
func (q *query) matchFully(i int, id int32) {
	q.terms[i].exp = slices.DeleteFunc(q.terms[i].exp, func(e expansion) bool { return e.id == id })
	q.terms[i].exp = append(q.terms[i].exp, expansion{id: id, weight: 1})
}

// periodWords name a period of time whose length a duration question asks for: "term" of
// "How long is a senator's term?".
var periodWords = setOf("term terms tenure period periods duration length span")

// headingVerbs map a verb with which a who-question asks who holds an office ("Who heads
// X?") to the office's noun, the question then read as "Who is the <noun> of X?".
var headingVerbs = map[string]string{"heads": "head", "leads": "head", "runs": "head"}

// compelVerbs compel someone to do something without being what a rule writes: "force", a noun
// far more often in texts on armed forces ("an inferior force", "the armed forces"), and the
// light verb "make". "Compel" and "require" are what rules write ("nor shall be compelled in
// any criminal case to be a witness against himself"), and stay content. compelled name the
// one compelled in a question: "force me to", "make citizens".
var (
	compelVerbs = setOf("force forces make makes")
	compelled   = setOf("me us you him her them people citizens someone somebody anyone anybody everyone everybody")
)

// compelsAsker returns the verb with which a lowercased question asks whether someone may
// be compelled to do something ("force" of "can the government force me to …"), "" when it
// has none: a compelling verb right before the one compelled.
func compelsAsker(lower string) string {
	words := wordTokens(lower)
	for i := 0; i+1 < len(words); i++ {
		if compelVerbs[words[i]] && compelled[words[i+1]] {
			return words[i]
		}
	}
	return ""
}

// permissionOpeners open a question that asks whether something may be done: "Can soldiers
// make arrests …?", "May a state keep troops …?", "Is it legal to …?".
var permissionOpeners = []string{"can ", "could ", "may ", "is it legal", "is it lawful", "is it allowed", "is it permitted"}

// permissionWords ask whether something is allowed wherever they stand: "Are soldiers
// allowed to …?", "Is the President permitted to …?".
var permissionWords = setOf("allowed permitted authorized authorised legal lawful forbidden prohibited banned allow allows permit permits")

// asksPermission reports whether a lowercased question asks whether something may be done
// (see formPermission): one of permissionOpeners opens it or one of its clauses ("Under the
// War Powers Resolution, can Congress …?"; see cutClause), or it writes a permissionWords.
func asksPermission(lower string) bool {
	for _, o := range permissionOpeners {
		if _, ok := cutClause(lower, o); ok {
			return true
		}
	}
	return slices.ContainsFunc(embeddings.Tokens(lower), func(w string) bool { return permissionWords[w] })
}

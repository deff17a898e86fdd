package bot

import (
	"slices"
	"strings"
	"unicode"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// headingNamed reports whether the question names the whole title of one of the passage's
// headings, word for word and in order (see titleWords), when the title has two words of
// content or more: "how long does a retired general have to wait before becoming secretary of
// defense?" names "§ 113. Secretary of Defense", not "§ 132. Deputy Secretary of Defense" nor
// "(a) Under Secretary of Defense"; "joint staff powers limits" names "§ 155. Joint Staff"
// above its subsections. A heading above the passage's own that numbers a part of the text
// ("Title 10— ARMED FORCES", "CHAPTER 5— JOINT CHIEFS OF STAFF") does not count: it holds many
// sections about other things. A heading that asks a question (a slide's "What is the
// security sector?") names no subject. questionWords is titleWords of the question.
func (x *Index) headingNamed(questionWords []string, p *corpus.Passage) bool {
	if len(p.Headings) == 0 {
		return false
	}
	for j, h := range p.Headings {
		if j < len(p.Headings)-1 && corpus.NumbersUnit(h) {
			continue
		}
		if title := x.headingTitle(h); title != nil && containsRun(questionWords, title) {
			return true
		}
	}
	for _, h := range p.Headings {
		// A section's subject, before the colon of its title ("§ 152. Chairman: appointment;
		// grade and rank" is about the Chairman): a question naming it asks about that
		// section, as one naming the whole title does.
		if subject := x.headingSubject(h); subject != nil && containsRun(questionWords, subject) {
			return true
		}
	}
	return false
}

// containsRun reports whether words holds run, word for word and in a row; false for an empty
// run.
func containsRun(words, run []string) bool {
	for i := 0; len(run) > 0 && i+len(run) <= len(words); i++ {
		if slices.Equal(words[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// headingSubject returns the subject of heading h's title, as headingNamed compares it (see
// titleWords): its words before a colon, without the heading's enumerator or label ("§ 152.")
// or a leading article, when they hold a word of content ("Chairman" of "§ 152. Chairman:
// appointment; grade and rank"); nil for a title with no colon, or one that asks a question.
// Cached per heading, as headingTitle is.
func (x *Index) headingSubject(h string) []string {
	key := "\x00" + h
	if v, ok := x.titles.Load(key); ok {
		return v.([]string)
	}
	var subject []string
	if before, _, ok := strings.Cut(h, ":"); ok && !strings.Contains(h, "?") {
		subject = x.titleWords(strings.TrimSpace(itemMarker.ReplaceAllString(strings.TrimSpace(before), "")))
		for len(subject) > 0 && (subject[0] == "the" || subject[0] == "a" || subject[0] == "an") {
			subject = subject[1:]
		}
		if !slices.ContainsFunc(subject, func(w string) bool { return !stopwords[w] }) {
			subject = nil
		}
	}
	x.titles.Store(key, subject)
	return subject
}

// headingTitle returns the title of heading h as headingNamed compares it (see titleWords),
// without its enumerator ("(b)") or leading article; nil when h asks a question or the title
// has fewer than two words of content. Cached per heading.
func (x *Index) headingTitle(h string) []string {
	if v, ok := x.titles.Load(h); ok {
		return v.([]string)
	}
	var title []string
	if !strings.Contains(h, "?") {
		title = x.titleWords(strings.TrimSpace(itemMarker.ReplaceAllString(strings.TrimSpace(h), "")))
		for len(title) > 0 && (title[0] == "the" || title[0] == "a" || title[0] == "an") {
			title = title[1:]
		}
		content := 0
		for _, w := range title {
			if !stopwords[w] {
				content++
			}
		}
		if content < 2 {
			title = nil
		}
	}
	x.titles.Store(h, title)
	return title
}

// titleWords returns the words of text as headingNamed compares them: each word's index term
// in the spelling the corpus writes most (see commonSpelling: a question's "defence" is a
// heading's "Defense"), a stopword as itself ("under" in "Under Secretary of Defense" tells it from the
// Secretary), numbers, section signs and articles left out ("the responsibilities of the
// combatant commanders" names "Responsibilities of Combatant Commanders").
func (x *Index) titleWords(text string) []string {
	var out []string
	for _, t := range x.an.tokens(text) {
		switch {
		case hasDigit(t.word), t.word == "a" || t.word == "an" || t.word == "the":
		case t.term != "":
			out = append(out, x.commonSpelling(t.term))
		default:
			out = append(out, t.word)
		}
	}
	return out
}

// unitTitle returns the index terms of a heading's title, joined by spaces, without the words
// that number its unit: "CHAPTER 13— INSURRECTION" → "insurrection", "§ 254. Proclamation to
// disperse" → "proclamation disperse". Cached per heading: namesTitledUnit reads every
// heading once, and inNamedUnit the headings of every hit of a question naming a law.
func (x *Index) unitTitle(h string) string {
	if v, ok := x.unitTitleOf.Load(h); ok {
		return v.(string)
	}
	terms := x.an.terms(h)
	if corpus.NumbersUnit(h) && len(terms) > 0 {
		terms = terms[1:] // "chapter", "title", "article"
	}
	title := strings.Join(slices.DeleteFunc(terms, hasDigit), " ")
	x.unitTitleOf.Store(h, title)
	return title
}

// inNamedUnit reports whether a passage lies in the unit of the corpus that the question's law
// name names (see namesTitledUnit): one of its headings has that title (see titleNames).
func (x *Index) inNamedUnit(q *query, p *corpus.Passage) bool {
	return slices.ContainsFunc(p.Headings, func(h string) bool { return x.titleNames(h, q.namedUnit) })
}

// unitFirst moves the hits in the unit a question's law name names ("the Insurrection Act":
// CHAPTER 13— INSURRECTION) ahead of the others, each group in its order, as authorsFirst does
// for an author named: the question asks what that law says. Hits are unchanged when the
// question names no such unit or none of them is in it.
func (x *Index) unitFirst(q *query, hits []Hit) []Hit {
	in := func(h Hit) bool { return x.inNamedUnit(q, h.Passage) }
	if q.namedUnit == "" || !slices.ContainsFunc(hits, in) {
		return hits
	}
	return moveFirst(hits, in)
}

// openingWindow is how many of the best hits openingFirst looks among for the first hit's
// earlier sibling.
const openingWindow = 10

// openingFirst moves ahead of the first hit its earliest sibling among the first
// openingWindow hits, when the question names nothing but a numbered part of the text the two
// share (see headingsCover; a number in it refers to a unit, see isReference) and the first
// hit's own heading names nothing of it (see innermostMatches): a part under the same headings
// (AMENDMENT XIV › Section 1 for AMENDMENT XIV › Section 5), earlier in the document, whose
// coverage (Hit.Coverage, set by fuse) is as high. "What does amendment 14 say?" asks what the
// amendment says as a whole, which its opening section states; its shortest section, which
// BM25's length normalisation puts first, is its enforcement clause.
func (x *Index) openingFirst(q *query, hits []Hit) []Hit {
	if len(hits) < 2 || len(hits[0].Passage.Headings) == 0 || !slices.ContainsFunc(q.terms, func(t queryTerm) bool { return t.reference }) ||
		!x.headingsCover(q, hits[0].Passage) ||
		x.innermostMatches(q, hits[0].Passage) {
		return hits // its own heading names what is asked: "(b) Chain of Command."
	}
	top := hits[0].Passage
	if len(top.Headings) < 2 {
		return x.unitOpening(q, hits) // a unit under one heading: "Chapter XIII. THE USE OF SPIES"
	}
	parent := top.Headings[:len(top.Headings)-1]
	best := 0
	for i := 1; i < len(hits) && i < openingWindow; i++ {
		p := hits[i].Passage
		if p.DocumentID != top.DocumentID || p.Index >= hits[best].Passage.Index || len(p.Headings) != len(top.Headings) ||
			!slices.Equal(p.Headings[:len(parent)], parent) || !x.headingsCover(q, p) || hits[i].Coverage < hits[0].Coverage-1e-9 ||
			!x.statesSomething(p) {
			continue
		}
		best = i
	}
	toFront(hits, best)
	return x.unitOpening(q, hits)
}

// unitOpening puts first the passage that opens the unit the first hit is in, when that is
// not among the hits: walking back through the document from the first hit, the earliest of
// the passages right before it whose headings also write every term of the question (see
// headingsCover). "What does 10 U.S.C. 113 say?" asks what § 113 says, which its subsection
// (a) states ("There is a Secretary of Defense, …"); every passage of the section covers the
// question alike, and BM25's length normalisation put a part of its subsection (c) first,
// with (a) outside the first ten. A passage of short lines only (a Federalist paper's
// subtitle, dateline and salutation; see statesSomething) heads the unit and states nothing
// of it, so it is passed over, for the statement after it when it is the first hit. The
// passage taken in keeps the first hit's scores, as the unit's best; openingFirst has checked
// that the question names nothing but the unit.
func (x *Index) unitOpening(q *query, hits []Hit) []Hit {
	top := hits[0].Passage
	n := x.number(top.ID)
	first := n
	for m := n - 1; m >= 0; m-- {
		p := x.passages[m]
		if p.DocumentID != top.DocumentID || !x.headingsCover(q, p) {
			break
		}
		if x.statesSomething(p) {
			first = m
		}
	}
	if first == n && !x.statesSomething(top) {
		// The first hit is the unit's title, dateline and salutation ("Federalist 10"): the
		// statement after it opens the unit.
		for m := n + 1; m < len(x.passages); m++ {
			p := x.passages[m]
			if p.DocumentID != top.DocumentID || !x.headingsCover(q, p) {
				break
			}
			if x.statesSomething(p) {
				first = m
				break
			}
		}
	}
	if first == n {
		return hits
	}
	opening := x.passages[first]
	if i := slices.IndexFunc(hits, func(h Hit) bool { return h.Passage == opening }); i >= 0 {
		toFront(hits, i)
		return hits
	}
	h := hits[0]
	h.Passage = opening
	e := x.evidence(q, x.infoOf(opening.ID))
	h.Coverage, h.SoftCoverage = e.strict, e.soft
	return append([]Hit{h}, hits...)
}

// minStatementWords is the fewest words a sentence has for statesSomething to count it as a
// statement rather than a title, a dateline or a salutation ("From the New York Packet.",
// "Friday, November 23, 1787.", "To the People of the State of New York:", 4 to 9 words).
const minStatementWords = 10

// statesSomething reports whether passage p has a sentence of minStatementWords words or more
// that is not wholly in brackets nor in an editor's note (see inNote): a Federalist paper's
// subtitle, "(The Union as a Safeguard Against Domestic Faction and Insurrection)", names its
// subject and states nothing, and a translator's note is not the text.
func (x *Index) statesSomething(p *corpus.Passage) bool {
	info := x.infoOf(p.ID)
	for i := range info.sentences() {
		if !info.note[i] && isStatement(info.sentenceText(p.Text, i)) {
			return true
		}
	}
	return false
}

// isStatement reports whether a sentence has minStatementWords words or more and is not
// wholly in round or square brackets (see statesSomething).
func isStatement(sentence string) bool {
	sentence = strings.TrimSpace(sentence)
	if strings.HasPrefix(sentence, "(") && strings.HasSuffix(sentence, ")") || strings.HasPrefix(sentence, "[") && strings.HasSuffix(sentence, "]") {
		return false // a subtitle, or an editor's note ("[Ts’ao Kung has the note: …]")
	}
	return len(strings.Fields(sentence)) >= minStatementWords
}

// unitWords returns the words for the units a question numbers ("chapter" of "chapter 13",
// "federalist" of "Federalist 10"; see numberedUnits).
func (q *query) unitWords() map[string]bool {
	units := map[string]bool{}
	for _, t := range q.terms {
		if t.reference && numberedUnits[t.unitOf] {
			units[t.unitOf] = true
		}
	}
	return units
}

// innermostMatches reports whether passage p's innermost heading writes a word of a question
// term other than a number, a word for a unit the question numbers or a name of the passage's
// document or author ("Chain of Command", not "Section 5", nor "Chapter" of "Chapter XIII").
func (x *Index) innermostMatches(q *query, p *corpus.Passage) bool {
	words := x.an.terms(p.Headings[len(p.Headings)-1])
	units := q.unitWords()
	for _, t := range q.terms {
		if hasDigit(t.term) || numberings[t.term] > 0 || units[t.term] || len(t.scope) > 0 {
			continue
		}
		if slices.ContainsFunc(t.exp, func(e expansion) bool { return e.weight >= 1 && slices.Contains(words, x.bm25.terms[e.id]) }) {
			return true
		}
	}
	return false
}

// headingsCover reports whether passage p's headings write every term of the question (by
// its words, base forms or numbers, see expand), the words that name the passage's document
// or its author aside (see scopeOf), and, in a question asking who wrote (see asksAuthor),
// the words that ask it ("Who wrote Federalist No. 10?"), and one at least: the question names
// the part of the text the passage is in, and nothing else.
func (x *Index) headingsCover(q *query, p *corpus.Passage) bool {
	heading := x.infoOf(p.ID).heading
	num := int32(x.number(p.ID))
	named := 0 // terms set aside: those naming the passage's document or author, or asking who wrote
	author := asksAuthor(q.text)
	for _, t := range q.terms {
		if len(t.scope) > 0 && t.scope.contains(num) || author && (authorshipWords[t.word] || authorshipWords[t.term]) {
			named++
			continue // "Sun Tzu chapter 13", "Article II of the Constitution", "Who wrote …"
		}
		if !slices.ContainsFunc(t.exp, func(e expansion) bool { return e.weight >= 1 && slices.Contains(heading, e.id) }) {
			return false
		}
	}
	return len(q.terms) > named
}

// namesUnit reports whether term is a word of the law's name by which q names a unit of the
// corpus (see namesTitledUnit): "insurrection" or "act" in "the Insurrection Act".
func (q *query) namesUnit(term string) bool {
	return q.namedUnit != "" && slices.Contains(strings.Fields(q.namedUnitName), term)
}

// scoped reports whether the question's first passages are chosen by where it says to look
// rather than by score: it names a law by its unit's title (see unitFirst), or an author or
// a document whose text it asks about (see authorsFirst).
func (q *query) scoped() bool {
	return q.namedUnit != "" || slices.ContainsFunc(q.terms, func(t queryTerm) bool { return len(t.scope) > 0 && t.source })
}

// headingNamesOther reports whether one of the passage's headings names something other than
// what the question names, by a name that adds a word to one of the question's: a capitalised
// word the question does not write stands right before a capitalised word it does, and the
// passage's text writes the two so too ("§ 154. Vice Chairman", whose text speaks of "the Vice
// Chairman", for "Does the Chairman of the Joint Chiefs command …?"; "§ 132. Deputy Secretary
// of Defense" for a question on the Secretary). The passage is about that other office or
// body, though it writes the question's word as often. Headings above the passage's own that
// number a part of the text ("CHAPTER 5— JOINT CHIEFS OF STAFF") and headings in capitals,
// where case tells no name, do not count.
// exact is the set of the question's exact terms (see exactTerms).
func (x *Index) headingNamesOther(exact map[string]bool, p *corpus.Passage) bool {
	for j, h := range p.Headings {
		if j < len(p.Headings)-1 && corpus.NumbersUnit(h) || strings.ToUpper(h) == h {
			continue
		}
		words := strings.FieldsFunc(h, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' })
		for i := 1; i < len(words); i++ {
			v, w := words[i-1], words[i]
			if !isCap(v) || !isCap(w) || stopwords[strings.ToLower(v)] {
				continue
			}
			if exact[x.an.term(strings.ToLower(w))] && !exact[x.an.term(strings.ToLower(v))] && strings.Contains(p.Text, v+" "+w) &&
				strings.Count(p.Text, w) > strings.Count(p.Text, v+" "+w) {
				return true
			}
		}
	}
	return false
}

// exactTerms returns the index terms that match a question's terms exactly (expansion weight
// 1: the words themselves, their forms and spellings), built once per question for
// headingNamesOther.
func (x *Index) exactTerms(q *query) map[string]bool {
	exact := map[string]bool{}
	for _, t := range q.terms {
		for _, e := range t.exp {
			if e.weight >= 1 {
				exact[x.bm25.terms[e.id]] = true
			}
		}
	}
	return exact
}

package bot

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// A question that names something by a phrase of capitalised words ("Pride and Prejudice",
// "the United Kingdom", "Youngstown Sheet & Tube") asks about that thing; when no passage
// writes the phrase's words together, the corpus does not discuss it, however many passages
// use each word alone ("pride", "kingdom"). Together is within proximityWindow content words
// in one sentence, in either order, so "the Defense Department" is found in "the Department
// of Defense" (see Index.writesTogether). The single capitalised words are the name test of
// Index.unsupported.

// namePhrases returns the index terms of each run of two or more capitalised words in the
// question, other than its first word, joined at most by "of", "and", "the", "&" or "for"
// ("Youngstown Sheet & Tube Co." → youngstown, sheet, tube, co) but not after a word that
// numbers the name before it (see numbersName), leaving out the words that
// number rather than name (see isNumbering). A question written in title case or capitals,
// four words in five capitalised or more, names nothing this way: nil.
func (a *analyzer) namePhrases(question string) [][]string {
	words := nameWords(question)
	caps := 0
	for _, w := range words {
		if isCap(w) {
			caps++
		}
	}
	if 5*caps >= 4*len(words) {
		return nil
	}
	var out [][]string
	var run []string
	flush := func() {
		var terms []string
		for _, w := range run {
			for _, t := range a.terms(w) {
				if isNumbering(t) {
					continue // "the Third Amendment" is written "Amendment III"
				}
				if utf8.RuneCountInString(t) == 1 {
					continue // an initial: "U.S. Code" may be written "United States Code"
				}
				if !slices.Contains(terms, t) {
					terms = append(terms, t)
				}
			}
		}
		if len(terms) >= 2 {
			out = append(out, terms)
		}
		run = run[:0]
	}
	for i, w := range words {
		switch {
		case i > 0 && isCap(w) && w != "I":
			run = append(run, w)
		case len(run) > 0 && phraseJoiners[strings.ToLower(w)] && i+1 < len(words) && isCap(words[i+1]) && !a.numbersName(run[len(run)-1]):
			// "Pride and Prejudice": the joiner stays out of the terms. A name that ends in
			// its number ("Charles II and James II") is whole: what follows is another.
		default:
			flush()
		}
	}
	flush()
	return out
}

// numbersName reports whether a word of a name numbers it ("II" of "Charles II", "3" of
// "Article 3"; see isNumbering).
func (a *analyzer) numbersName(w string) bool {
	terms := a.terms(w)
	return len(terms) > 0 && !slices.ContainsFunc(terms, func(t string) bool { return !isNumbering(t) })
}

// nameWords splits a question into words at spaces and punctuation other than the
// apostrophe, hyphen, full stop and ampersand, which stand inside names ("U.S.", "Sheet &
// Tube").
func nameWords(question string) []string {
	return strings.FieldsFunc(question, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '?' || r == '!' || r == ';' || r == ':' || r == '"' || r == '“' || r == '”' || r == '(' || r == ')'
	})
}

// isCap reports whether a word starts with a capital letter.
func isCap(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// withInitialWord returns phrase, a name namePhrases found, with the question's first word
// before it, when the question opens with that word capitalised and no stopword and the
// phrase starts right after it ("Posse Comitatus Act penalty …?" → posse, comitatus, act);
// nil otherwise. namePhrases leaves every first word out, capitalised as any first word is,
// so whether it belongs to the name is for the corpus to say (see Index.parseQuery).
func (a *analyzer) withInitialWord(question string, phrase []string) []string {
	words := nameWords(question)
	if len(words) < 2 || !isCap(words[0]) || !isCap(words[1]) || stopwords[strings.ToLower(words[0])] {
		return nil
	}
	first, second := a.terms(words[0]), a.terms(words[1])
	if len(first) != 1 || len(second) == 0 || len(phrase) == 0 || second[0] != phrase[0] || slices.Contains(phrase, first[0]) {
		return nil
	}
	return append([]string{first[0]}, phrase...)
}

// isNumbering reports whether a term numbers a thing rather than names it: digits, a number
// or ordinal word, a Roman numeral up to 50 (see numberings; "civil" is none).
func isNumbering(term string) bool {
	_, numeral := numberings[term]
	return numeral || hasDigit(term) || numberWords[term] || term == "last" || len(term) == 1 && strings.Contains("ivxl", term)
}

// ordinals are the ordinal words of 1 to 20, in order; a larger one is written with a tens
// word before it ("twenty-second", see joinNumbers).
var ordinals = strings.Fields(`first second third fourth fifth sixth seventh eighth ninth tenth
eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth
twentieth`)

// determiners are the words before an ordinal that numbers a unit ("the third chapter").
var determiners = setOf("the its this that their his her our each every")

// isOrdinal holds the words of ordinals.
var isOrdinal = setOf(strings.Join(ordinals, " "))

// maxPhraseScan bounds the passages writesTogether reads: a phrase whose rarest word more
// passages hold is taken as written (a scan of 20,000 passages takes about 20 ms).
const maxPhraseScan = 20_000

// phraseJoiners may stand between the capitalised words of a name.
var phraseJoiners = setOf(`of and the & for`)

// writesTogether reports whether the corpus writes a name phrase: all its terms in one
// document's title and author ("John Jay"), or some two neighbouring terms of it together
// (see pairWritten) — a name often ends in a word its texts leave out ("the Posse Comitatus
// Act" is written "posse comitatus").
func (x *Index) writesTogether(terms []string) bool {
	for _, pair := range x.metadata().pairs(terms[0]) {
		if !slices.ContainsFunc(terms, func(t string) bool { return !x.metadata().terms[t][pair] }) {
			return true
		}
	}
	for i := 0; i+1 < len(terms); i++ {
		if x.pairWritten(terms[i], terms[i+1]) {
			return true
		}
	}
	return false
}

// instrumentNouns name a kind of legal instrument: the last word of a law's name ("the
// Insurrection Act", "the War Powers Resolution").
var instrumentNouns = setOf(`act law code resolution statute treaty bill charter convention ordinance`)

// namesTitledUnit reports whether a name phrase (index terms) names a legal instrument by a
// title the corpus gives one of its units (see titleNames): the instrument's noun last, the
// words before it the title of a heading. "Insurrection Act" names "CHAPTER 13—
// INSURRECTION", where the statute's popular name is written nowhere; "War Powers Act" names
// "CHAPTER 33— WAR POWERS RESOLUTION"; "Posse Comitatus Act" names "§ 1385. Use of Army … as
// posse comitatus"; "Militia Act" names no unit of a corpus whose heading is "Concerning the
// Militia".
func (x *Index) namesTitledUnit(terms []string) bool {
	if len(terms) < 2 || !instrumentNouns[terms[len(terms)-1]] {
		return false
	}
	x.unitHeadingsOnce()
	name := strings.Join(terms[:len(terms)-1], " ")
	return slices.ContainsFunc(x.unitHeadings, func(h string) bool { return x.titleNames(h, name) })
}

// unitHeadingsOnce builds x.unitHeadings and x.unitPassages on first use.
func (x *Index) unitHeadingsOnce() {
	x.unitOnce.Do(func() {
		x.unitPassages = map[string][]int32{}
		x.unitHeadingTerms = map[string][]int32{}
		for n, p := range x.passages {
			for _, h := range p.Headings {
				if corpus.NumbersUnit(h) || numbersSection(h) {
					if x.unitPassages[h] == nil {
						x.unitHeadings = append(x.unitHeadings, h)
						var ids []int32
						for _, t := range x.an.terms(h) {
							id, ok := x.bm25.id(t)
							if !ok {
								id = -1
							}
							ids = append(ids, id)
						}
						x.unitHeadingTerms[h] = ids
					}
					x.unitPassages[h] = append(x.unitPassages[h], int32(n))
				}
			}
		}
	})
}

// namedUnitPassages returns the numbers of the passages in the unit a question's law name
// names (see inNamedUnit), ascending, at most limit of them; nil when it names none.
func (x *Index) namedUnitPassages(q *query, limit int) []int32 {
	if q.namedUnit == "" {
		return nil
	}
	x.unitHeadingsOnce()
	seen := map[int32]bool{}
	var out []int32
	for _, h := range x.unitHeadings {
		if x.titleNames(h, q.namedUnit) {
			for _, n := range x.unitPassages[h] {
				if !seen[n] && len(out) < limit {
					seen[n] = true
					out = append(out, n)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// numberedPassages returns the numbers of the opening passages (at most maxTitledPassages
// each, and limit in all) of the units whose heading writes a number the question refers to
// right after the unit's word (see numbersAfter): "Who wrote Federalist No. 2?" names
// "FEDERALIST No. 2", whose passages BM25 ranks below a hundred others that write "two" or a
// footnote's "2". They are candidates whatever their words, as fuse weighs headingNumbers.
func (x *Index) numberedPassages(q *query, limit int) []int32 {
	var refs []queryTerm
	var units []int32
	for _, t := range q.terms {
		if unit, ok := x.bm25.id(t.unitOf); t.reference && ok {
			refs, units = append(refs, t), append(units, unit)
		}
	}
	if len(refs) == 0 {
		return nil
	}
	x.unitHeadingsOnce()
	var out []int32
	for _, h := range x.unitHeadings {
		for i, t := range refs {
			if x.numbersAfter(x.unitHeadingTerms[h], units[i], t) {
				ps := x.unitPassages[h]
				out = append(out, ps[:min(len(ps), maxTitledPassages, limit-len(out))]...)
				break
			}
		}
		if len(out) >= limit {
			break
		}
	}
	return out
}

// maxTitledPassages bounds the passages that titledPassages proposes per section title the
// question names: a section's opening subsections state what it is about.
const maxTitledPassages = 10

// titledPassages returns the numbers of the first passages (at most maxTitledPassages each)
// of the sections whose whole title the question names word for word (see headingNamed):
// "who is the secretary of defense?" names "§ 113. Secretary of Defense", whose passages
// BM25 ranks below hundreds of others that write the office's name. They are candidates
// whatever their words, as fuse adds fuseTitle to them. qWords is titleWords of the question.
func (x *Index) titledPassages(qWords []string) []int32 {
	x.unitHeadingsOnce()
	x.sectionTitlesOnce.Do(func() {
		x.sectionTitles = map[string][]string{}
		for _, h := range x.unitHeadings {
			if !numbersSection(h) {
				continue
			}
			if t := x.headingTitle(h); t != nil {
				x.sectionTitles[t[0]] = append(x.sectionTitles[t[0]], h)
			}
		}
	})
	var out []int32
	for i, w := range qWords {
		for _, h := range x.sectionTitles[w] {
			t := x.headingTitle(h)
			if i+len(t) <= len(qWords) && slices.Equal(qWords[i:i+len(t)], t) {
				ps := x.unitPassages[h]
				out = append(out, ps[:min(len(ps), maxTitledPassages)]...)
			}
		}
	}
	return out
}

// numbersSection reports whether a heading numbers a section of a code: it starts with a
// section sign or a digit ("§ 1385. Use of Army …", "12. Definitions").
func numbersSection(h string) bool {
	r, _ := utf8.DecodeRuneInString(h)
	return r == '§' || unicode.IsDigit(r)
}

// titleNames reports whether a law's name (index terms joined by spaces, its instrument noun
// dropped: "insurrection" of "the Insurrection Act") names the unit a heading opens. A law's
// popular name is a chapter's or a title's whole title, whatever instrument noun either
// ends with ("CHAPTER 33— WAR POWERS RESOLUTION" is the War Powers Act), or, when it has two
// words or more, the end of a section's title ("§ 1385. Use of Army … as posse comitatus"):
// a single word ("§ 1548. Separability") names no law.
func (x *Index) titleNames(h, name string) bool {
	title := x.unitTitle(h)
	if i := strings.LastIndexByte(title, ' '); i > 0 && instrumentNouns[title[i+1:]] {
		title = title[:i]
	}
	switch {
	case name == "":
		return false
	case corpus.NumbersUnit(h):
		return title == name
	case numbersSection(h) && strings.Contains(name, " "):
		return title == name || strings.HasSuffix(title, " "+name)
	}
	return false
}

// nameWritten reports whether the corpus writes a name that a question writes in capitals
// (index terms): a law's name, its instrument noun last, written whole (phraseWritten), any
// other name's words written together (writesTogether), each word in the corpus's spelling
// (see corpusSpelling: "Secretary of Defence" is the US Code's "Secretary of Defense").
func (x *Index) nameWritten(phrase []string) bool {
	if instrumentNouns[phrase[len(phrase)-1]] {
		spelt := make([]string, len(phrase))
		for i, t := range phrase {
			spelt[i] = x.commonSpelling(t)
		}
		return x.phraseWritten(phrase) || x.phraseWritten(spelt)
	}
	return x.writesSpelled(phrase)
}

// commonSpelling returns index term t in the spelling the corpus writes most (see
// spellingVariants): "defense" for "defence" in a corpus of US law that quotes a British
// lecture, t itself when no other spelling is written more.
func (x *Index) commonSpelling(t string) string {
	best := t
	for _, v := range spellingVariants(t) {
		if v = x.an.term(v); x.bm25.df(v) > x.bm25.df(best) {
			best = v
		}
	}
	return best
}

// phraseWritten reports whether some sentence of the corpus writes a law's name (index terms,
// its instrument noun last) whole, its terms in order with nothing but stopwords between
// them: a law's name is written whole where the law is cited ("the National Security Act of
// 1947"); that the corpus writes "civil rights" or "Homeland Security" does not make it
// write of "the Civil Rights Act" or "the Homeland Security Act".
func (x *Index) phraseWritten(terms []string) bool {
	ids := make([]int32, len(terms))
	rarer := int32(-1)
	for i, t := range terms {
		id, ok := x.bm25.id(t)
		if !ok {
			return false
		}
		ids[i] = id
		if rarer < 0 || x.bm25.df(t) < x.bm25.df(x.bm25.terms[rarer]) {
			rarer = id
		}
	}
	return x.somePassageOf(rarer, func(info passageInfo) bool {
		for s := range info.sentences() {
			terms := info.sentenceTerms(s)
			for i := 0; i+len(ids) <= len(terms); i++ {
				if slices.Equal(terms[i:i+len(ids)], ids) {
					return true
				}
			}
		}
		return false
	})
}

// somePassageOf reports whether some passage holding term ID rarer — the rarest term of what
// is looked for — has what test looks for in its analysis; true, unread, when the term is in
// more than maxPhraseScan passages (too common to scan each; taken as written).
func (x *Index) somePassageOf(rarer int32, test func(passageInfo) bool) bool {
	if x.bm25.df(x.bm25.terms[rarer]) > maxPhraseScan {
		return true
	}
	for _, r := range x.bm25.postingsIn(nil, rarer, 0, len(x.passages)) {
		for _, low := range r.low {
			if test(x.info(int(r.base + int32(low)))) {
				return true
			}
		}
	}
	return false
}

// pairWritten reports whether some passage writes two terms together: in one sentence within
// proximityWindow content words of each other, in either order, or both in its headings
// ("FEDERALIST No. 8").
func (x *Index) pairWritten(a, b string) bool {
	ida, oka := x.bm25.id(a)
	idb, okb := x.bm25.id(b)
	if !oka || !okb {
		return false
	}
	return x.writtenNear(map[int32]bool{ida: true}, map[int32]bool{idb: true})
}

// writtenNear reports whether some passage writes a term of a within proximityWindow words of
// a term of b in one sentence, or both in its headings (see pairNear). It reads the passages
// of the side whose terms fewer passages hold, and takes the two as written when that is
// more than maxPhraseScan passages.
func (x *Index) writtenNear(a, b map[int32]bool) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	held := func(ids map[int32]bool) int {
		n := 0
		for id := range ids {
			n += x.bm25.df(x.bm25.terms[id])
		}
		return n
	}
	scan, n := a, held(a)
	if nb := held(b); nb < n {
		scan, n = b, nb
	}
	if n > maxPhraseScan {
		return true
	}
	for id := range scan {
		if x.somePassageOf(id, func(info passageInfo) bool { return pairNear(info, a, b) }) {
			return true
		}
	}
	return false
}

// cardinalWords are the cardinal numbers one to twenty as words.
var cardinalWords = strings.Fields("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty")

// numberings maps the ways of writing the numbers 1 to 50 that questions and texts use to
// one another: "third", "three", "3" and "iii" (lowercased, as index terms) all stand for 3,
// so that "the Third Amendment" finds "AMENDMENT III" and "Article 2" finds "Article. II.".
var numberings = func() map[string]int {
	m := map[string]int{}
	for n := 1; n <= 50; n++ {
		m[strconv.Itoa(n)] = n
		m[strconv.Itoa(n)+ordinalSuffix(n)] = n
		if r := roman(n); r != "i" && r != "v" && r != "x" && r != "l" {
			m[r] = n // single letters are words and initials more often than numbers
		}
		if n <= 20 {
			m[cardinalWords[n-1]], m[ordinals[n-1]] = n, n
		}
	}
	return m
}()

// ordinalSuffix returns the English suffix of ordinal n written in digits: "st" for 1, 21, 31;
// "nd" for 2, 22; "rd" for 3, 23; "th" for the rest (11, 12, 13 included).
func ordinalSuffix(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return "th"
	case n%10 == 1:
		return "st"
	case n%10 == 2:
		return "nd"
	case n%10 == 3:
		return "rd"
	}
	return "th"
}

// tens are the number words that a unit can follow ("twenty-second", "thirty one").
var tens = map[string]int{"twenty": 20, "thirty": 30, "forty": 40}

// joinNumbers joins a tens word and the unit or ordinal after it into one token of the
// number in digits, an ordinal's suffix kept in its word: "Twenty-Second" → 22 ("22nd"), so
// that it finds "AMENDMENT XXII".
func joinNumbers(toks []token) []token {
	var out []token
	for i := 0; i < len(toks); i++ {
		if t, ok := tens[toks[i].word]; ok && i+1 < len(toks) {
			if u, ok := numberings[toks[i+1].word]; ok && u < 10 && !hasDigit(toks[i+1].word) {
				n := strconv.Itoa(t + u)
				word := n
				if isOrdinal[toks[i+1].word] {
					word += ordinalSuffix(t + u) // "28th": an ordinal, which numbers a unit
				}
				out = append(out, token{word: word, term: n})
				i++
				continue
			}
		}
		out = append(out, toks[i])
	}
	return out
}

// roman returns n in lowercase Roman numerals.
func roman(n int) string {
	var b strings.Builder
	for _, v := range []struct {
		n int
		s string
	}{{50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}} {
		for ; n >= v.n; n -= v.n {
			b.WriteString(v.s)
		}
	}
	return b.String()
}

// numberForms returns the other index terms that write the number a term writes (see
// numberings): "third" → 3, iii; "fifth" → 5, v; a number in digits also as its word, up to
// twenty, and a round ten to ninety: "2" → ii, two; "2nd" → 2, ii, second; "60" → sixty and
// "sixty" → 60 ("60 day limit" for "within sixty calendar days"); none for a term that
// writes no number.
func numberForms(term string) []string {
	if v, ok := tensWords[term]; ok && v > 20 {
		return []string{strconv.Itoa(v)}
	}
	n, ok := numberings[term]
	if !ok {
		if v, err := strconv.Atoi(term); err == nil && term == strconv.Itoa(v) && v > 50 && v < 100 && v%10 == 0 {
			return []string{tensWord(v)}
		}
		return nil
	}
	out := []string{strconv.Itoa(n), roman(n)}
	switch {
	case n <= 20 && term == strconv.Itoa(n):
		out = append(out, cardinalWords[n-1])
	case n <= 20 && term == strconv.Itoa(n)+ordinalSuffix(n):
		out = append(out, ordinals[n-1])
	case n > 20 && n%10 == 0 && term == strconv.Itoa(n):
		out = append(out, tensWord(n))
	}
	return slices.DeleteFunc(out, func(s string) bool { return s == term })
}

// tensWord returns the word for a round ten from twenty to ninety ("sixty" for 60).
func tensWord(n int) string {
	for w, v := range tensWords {
		if v == n {
			return w
		}
	}
	return ""
}

// isReference reports whether token i numbers a unit of a text rather than counts: an
// ordinal after a determiner ("the Fourth Amendment", "its first article"), before a word
// of numberedUnits ("Fifth Amendment") or in digits
// ("the 5th"), or a number right after a content word ("Article 2", "No. 10", "section
// 1385", "Article Five"); not "the five essentials", nor the adverb in "what must the
// President first announce", nor a number before a unit of time ("war powers resolution 60
// day limit").
func isReference(toks []token, i int) bool {
	n, ok := numberings[toks[i].term]
	if !ok {
		// A number in digits past numberings' 50: "Federalist No. 51", "section 1385".
		digits := strings.TrimRight(toks[i].term, "stndrh")
		if v, err := strconv.Atoi(digits); err == nil && v > 0 && digits == strings.TrimLeft(digits, "0") {
			n, ok = v, true
		}
	}
	if !ok {
		return false
	}
	if i+1 < len(toks) && timeUnits[toks[i+1].word] {
		return false // "the 60 day limit" counts days
	}
	w := toks[i].word
	if hasDigit(w) && strings.HasSuffix(w, ordinalSuffix(n)) {
		return true
	}
	if isOrdinal[w] {
		// "the Fourth Amendment", and without the article as a heading writes it: "Fifth
		// Amendment", "what does first amendment say".
		return i > 0 && determiners[toks[i-1].word] || i+1 < len(toks) && numberedUnits[toks[i+1].word]
	}
	return i > 0 && toks[i-1].term != "" && !hasDigit(toks[i-1].term) && numberings[toks[i-1].term] == 0
}

package bot

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// Acronyms. People ask with the short forms of the names a text spells out — "the CJCS" for
// "the Chairman of the Joint Chiefs of Staff", "DoD" for "Department of Defense" — and a
// word the corpus never writes reads as a name it does not discuss. An acronym of the
// question is resolved against the names the corpus itself writes: runs of capitalised words
// whose initials spell it (Schwartz & Hearst 2003, "A simple algorithm for identifying
// abbreviation definitions in biomedical text", match an acronym's letters to the initials of
// the words of its long form; here the long forms are the corpus's capitalised names, and
// the one written most often wins).

const (
	// minAcronymLetters and maxAcronymLetters bound the letters of an acronym resolved. Two
	// letters spell too many names of a large corpus to read one ("UN" the United
	// Netherlands, "CA" a Cost Assessment, "TM" Tu Mu) unless both are capitals and the model
	// knows the pair as a word of general English, whose vector must then be near the name's
	// embedding (minTwoLetterCos): "VP" for Vice President.
	minAcronymLetters = 3
	maxAcronymLetters = 7
	// maxNameWords bounds the words of a name whose initials are taken, connectors included
	// ("President of the United States": 5).
	maxNameWords = 8
	// minAcronymCos is the least cosine between an acronym's own word vector, when the model
	// has one (an acronym of general English: "UN", "DoD"), and the embedding of the name
	// its initials spell in the corpus, for the one to stand for the other: "DoD" and
	// "Department of Defense" 0.37, "NSC" and "National Security Council" 0.40, where "EU"
	// and "Executive Unit" give 0.33 and "AI" and "Army Inspector" 0.17 (the built-in GloVe
	// model). Chosen by hand from such pairs.
	minAcronymCos = 0.35
	// minTwoLetterCos is minAcronymCos for an acronym of two letters, which spell more names
	// by chance. Of the two-letter names of the shared corpora that are no stopword, "VP"
	// and Vice President give 0.50, where chance spellings give less: "ED" and Executive
	// Department 0.48, "CA" and Cost Assessment 0.45, "BC" and British Constitution 0.40
	// (and "NJ" and New Jersey 0.45, left out). Chosen by hand from those pairs; over the
	// whole US Code only "UN", "UK" and "ED" (Executive Director) pass.
	minTwoLetterCos = 0.5
	// minAcronymUses is how often the corpus must write a name for an acronym to stand for
	// it, and minAcronymShare the least share of all the names with those initials that it
	// must have: a name written once, or one of several as often written, is no reading of
	// an acronym the corpus never spells out.
	minAcronymUses  = 2
	minAcronymShare = 0.5
)

// nameConnectors are the lowercase words that may stand inside a capitalised name ("Chairman
// of the Joint Chiefs of Staff", "Department of Defense").
var nameConnectors = setOf(`of the and for`)

// acronymTable maps the initials of the corpus's capitalised names to the name written most
// often with them, among those that pass minAcronymUses and minAcronymShare.
type acronymTable map[string]string

// acronyms returns x's acronym table, building it on first use (see newAcronymTable): a pass
// over the text, done only when a question holds an acronym.
func (x *Index) acronyms() acronymTable {
	x.acronymOnce.Do(func() { x.acronymTab = newAcronymTable(x.passages, x.isCommonWord) })
	return x.acronymTab
}

// isCommonWord reports whether a lowercase word is an English word WordNet knows other than
// as a proper noun ("chairman", "united"; not "netherlands", "mu" or "hsi").
func (x *Index) isCommonWord(word string) bool {
	return x.isKnownWord(word) && !x.lex.IsProperNoun(word)
}

// newAcronymTable counts the names that the passages' texts and their distinct headings write
// (see nameScanner.scan; a name counted in any case, see nameScanner.fold) on all cores and
// keeps, for each initials, the name written most often among those whose every word but
// the connectors is common (lowercased, by common: an institution's name, "Chairman of the
// Joint Chiefs of Staff", not a person's or a place's, "Tu Mu", "United Netherlands", which no
// one shortens to initials), when it passes minAcronymUses and minAcronymShare; the name is
// given capitalised (see titleCase).
func newAcronymTable(passages []*corpus.Passage, common func(word string) bool) acronymTable {
	// The texts: every passage's, and each distinct heading once ("CHAPTER 33— WAR POWERS
	// RESOLUTION" names what its sections' text writes out once).
	texts := make([]string, 0, len(passages))
	seen := map[string]bool{}
	for i, p := range passages {
		texts = append(texts, p.Text)
		if i > 0 && slices.Equal(p.Headings, passages[i-1].Headings) {
			continue
		}
		for _, h := range p.Headings {
			if !seen[h] {
				seen[h] = true
				texts = append(texts, h)
			}
		}
	}
	// Each worker counts the names of one share of the texts (initials → name, lowercased →
	// times written); the shares are added up after.
	workers := min(runtime.GOMAXPROCS(0), 1+len(texts)/1000)
	shares := make([]map[acronymKey]map[string]*int32, workers)
	var wg sync.WaitGroup
	for w := range workers {
		counts := map[acronymKey]map[string]*int32{}
		shares[w] = counts
		wg.Go(func() {
			var sc nameScanner
			for i := w; i < len(texts); i += workers {
				sc.scan(texts[i], func(name string, initials acronymKey) {
					m := counts[initials]
					if m == nil {
						m = map[string]*int32{}
						counts[initials] = m
					}
					if n := m[string(sc.fold(name))]; n != nil {
						*n++ // a name met before: no new string
					} else {
						m[string(sc.lower)] = new(int32(1))
					}
				})
			}
		})
	}
	wg.Wait()
	counts := shares[0]
	for _, share := range shares[1:] {
		for initials, names := range share {
			m := counts[initials]
			if m == nil {
				counts[initials] = names
				continue
			}
			for name, n := range names {
				if mine := m[name]; mine != nil {
					*mine += *n
				} else {
					m[name] = n
				}
			}
		}
	}
	t := acronymTable{}
	institution := map[string]bool{} // name → whether its capitalised words are all common
	for initials, names := range counts {
		best, bestN, total := "", int32(0), int32(0)
		for name, p := range names {
			n := *p
			total += n
			if n < minAcronymUses || n < bestN {
				continue // no better than the best found
			}
			ok, seen := institution[name]
			if !seen {
				ok = !slices.ContainsFunc(strings.Fields(name), func(w string) bool { return !nameConnectors[w] && !common(w) })
				institution[name] = ok
			}
			if ok && (n > bestN || n == bestN && name < best) {
				best, bestN = name, n
			}
		}
		if bestN >= minAcronymUses && float64(bestN) >= minAcronymShare*float64(total) {
			t[strings.TrimRight(string(initials[:]), "\x00")] = titleCase(best)
		}
	}
	return t
}

// acronymKey holds the initials of a name in capitals, padded with zero bytes.
type acronymKey [maxAcronymLetters]byte

// nameWord is a word of a run that nameScanner collects: its bytes in the text, its initial
// in capitals (0 when not ASCII), and whether it is a word of a name (see isNameWord) rather
// than a connector.
type nameWord struct {
	start, end int
	initial    byte
	name       bool
}

// nameScanner finds the capitalised names of texts, reusing its buffers from text to text.
type nameScanner struct {
	words []nameWord
	lower []byte
}

// scan calls f with each run of capitalised words in text that could be spelt out by an
// acronym — 2 to maxNameWords words, starting and ending with a capitalised word that is no
// stopword, with only capitalised words and nameConnectors between, and neither preceded nor
// followed by another capitalised word ("Joint Chiefs of Staff" in "the Chairman of the Joint
// Chiefs of Staff", not "United States" in "United States Armed Forces") — and its initials:
// once those of its capitalised words ("CJCS"), and once those of all its words when they
// differ ("DOD" for "Department of Defense"). The name is a slice of text. Punctuation and
// digits end a run.
func (sc *nameScanner) scan(text string, f func(name string, initials acronymKey)) {
	sc.words = sc.words[:0]
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if !unicode.IsLetter(r) {
			if r != ' ' && r != '\n' && !unicode.IsSpace(r) {
				sc.flush(text, f) // punctuation, a digit: the run ends
			}
			i += size
			continue
		}
		j := i + size
		for j < len(text) {
			c, n := rune(text[j]), 1
			if c >= utf8.RuneSelf {
				c, n = utf8.DecodeRuneInString(text[j:])
			}
			if !unicode.IsLetter(c) && c != '-' && c != '\'' && c != '’' {
				break
			}
			j += n
		}
		w := nameWord{start: i, end: j}
		if r < utf8.RuneSelf {
			w.initial = byte(unicode.ToUpper(r))
		}
		if unicode.IsUpper(r) {
			w.name = !sc.isStopword(text[i:j])
		}
		if w.name || len(sc.words) > 0 && sc.isConnector(text[i:j]) {
			sc.words = append(sc.words, w)
		} else {
			sc.flush(text, f)
		}
		i = j
	}
	sc.flush(text, f)
}

// isConnector reports whether w, lowercased, is one of nameConnectors ("of", "OF").
func (sc *nameScanner) isConnector(w string) bool {
	return len(w) <= 3 && nameConnectors[strings.ToLower(w)]
}

// fold returns name lowercased with its words separated by single spaces, so that a name
// written in a heading's capitals ("WAR POWERS RESOLUTION") or over a line break counts with
// the same name in a sentence. The bytes are sc's buffer, valid until the next call.
func (sc *nameScanner) fold(name string) []byte {
	sc.lower = sc.lower[:0]
	space := false
	for _, r := range name {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && len(sc.lower) > 0 {
			sc.lower = append(sc.lower, ' ')
		}
		space = false
		sc.lower = utf8.AppendRune(sc.lower, unicode.ToLower(r))
	}
	return sc.lower
}

// isStopword reports whether w, lowercased, is a stopword.
func (sc *nameScanner) isStopword(w string) bool {
	if len(w) > 16 {
		return false // no stopword is as long
	}
	sc.lower = sc.lower[:0]
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return stopwords[strings.ToLower(w)]
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		sc.lower = append(sc.lower, c)
	}
	return stopwords[string(sc.lower)]
}

// flush reports the names of the current run (see scan) and empties it.
func (sc *nameScanner) flush(text string, f func(name string, initials acronymKey)) {
	words := sc.words
	sc.words = sc.words[:0]
	for s := range words {
		if !words[s].name || s > 0 && words[s-1].name {
			continue
		}
		for e := s + 1; e < len(words) && e-s < maxNameWords; e++ {
			if !words[e].name || e+1 < len(words) && words[e+1].name {
				continue
			}
			var content, all acronymKey
			nc, na, ok := 0, 0, true
			for _, w := range words[s : e+1] {
				if w.initial == 0 {
					ok = false
					break
				}
				if na < len(all) {
					all[na] = w.initial
				}
				na++
				if w.name {
					if nc == len(content) {
						ok = false
						break
					}
					content[nc] = w.initial
					nc++
				}
			}
			if !ok {
				break
			}
			name := text[words[s].start:words[e].end]
			f(name, content)
			if na != nc && na <= len(all) {
				f(name, all)
			}
		}
	}
}

// acronymLetters returns the letters of w in capitals when w is written as an acronym —
// two capital letters ("VP", "US"), or minAcronymLetters to maxAcronymLetters ASCII letters,
// at least two of them capitals and the first a capital, and no capital followed by more than
// one small letter ("CJCS", "DoD"; not "Congress" or "McCain") — and "" otherwise. Two
// letters are read as a name only on the model's word (see knowsAcronym).
func acronymLetters(w string) string {
	if len(w) < minAcronymLetters || len(w) > maxAcronymLetters || w[0] < 'A' || w[0] > 'Z' {
		if len(w) == 2 && w[0] >= 'A' && w[0] <= 'Z' && w[1] >= 'A' && w[1] <= 'Z' {
			return w
		}
		return ""
	}
	capitals, run := 0, 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= 'A' && c <= 'Z':
			capitals++
			run = 0
		case c >= 'a' && c <= 'z':
			if run++; run > 1 {
				return ""
			}
		default:
			return ""
		}
	}
	if capitals < 2 {
		return ""
	}
	return strings.ToUpper(w)
}

// expandAcronyms returns question with each acronym it writes (see acronymLetters; or typed in
// lowercase, when the word is no English word and the corpus never writes it) that the
// corpus spells out (see acronyms, meansName) replaced by the name — "the CJCS" becomes "the
// Chairman of the Joint Chiefs of Staff" — so that an acronym is not read as a name the corpus
// does not discuss, nor matched by the few passages that happen to write it. Left as they
// are: a Roman numeral ("Article XII"); an acronym that is a stopword ("ALL"), which the
// question reads well without, whose name's words would match as words; and a question
// written all in capitals. It returns question itself when nothing is expanded.
func (x *Index) expandAcronyms(question string) string {
	if strings.ToUpper(question) == question {
		return question
	}
	var b strings.Builder
	last, expanded := 0, false
	for i := 0; i < len(question); {
		r, size := utf8.DecodeRuneInString(question[i:])
		if !unicode.IsLetter(r) {
			i += size
			continue
		}
		j := i
		for j < len(question) {
			r, size := utf8.DecodeRuneInString(question[j:])
			if !unicode.IsLetter(r) {
				break
			}
			j += size
		}
		w := question[i:j]
		letters := acronymLetters(w)
		lower := strings.ToLower(w)
		if letters == "" && w == lower && len(w) >= minAcronymLetters && len(w) <= maxAcronymLetters && isLetters(w) &&
			(!x.isKnownWord(w) || x.lex.IsProperNoun(w)) {
			// Chat spelling: "how long is the cjcs term", "the general counsel of dod". A
			// word that is no English word, or one WordNet knows only as a name ("DoD"), may
			// be an acronym typed in lowercase, whether or not the corpus writes the acronym
			// too: it is one when the corpus spells it out (below).
			letters = strings.ToUpper(w)
		}
		if _, numeral := numberings[lower]; letters != "" && !numeral && !stopwords[lower] {
			if name, ok := x.acronyms()[letters]; ok && x.meansName(w, name) && (len(letters) > 2 || x.knowsAcronym(w, name)) {
				b.WriteString(question[last:i])
				b.WriteString(name)
				last, expanded = j, true
				i = j
				continue
			}
		}
		if len(lower) >= minClippedLetters && len(lower) <= maxClippedLetters && isLetters(lower) && !x.isKnownWord(lower) && x.bm25.df(x.an.term(lower)) == 0 {
			if name, ok := x.clippedName(lower); ok {
				b.WriteString(question[last:i])
				b.WriteString(name)
				last, expanded = j, true
			}
		}
		i = j
	}
	if !expanded {
		return question
	}
	b.WriteString(question[last:])
	return b.String()
}

// minClippedLetters and maxClippedLetters bound the letters of a clipped compound resolved
// (see clippedName): "secdef" has six.
const (
	minClippedLetters = 5
	maxClippedLetters = 12
)

// clippedName returns the name that word, lowercase, clips (a clipped compound, as military
// writing shortens titles: "secdef" for Secretary of Defense, "secnav" for Secretary of the
// Navy): word splits into two or three parts, the first of three letters or more and the others
// of two or more, each the start of one word of a name in the acronym table (see acronyms),
// in order, the name's connectors aside; the name is the one written most often with those
// initials. It reports false when no split fits.
func (x *Index) clippedName(word string) (string, bool) {
	table := x.acronyms()
	try := func(parts []string) (string, bool) {
		var key strings.Builder
		for _, p := range parts {
			key.WriteString(strings.ToUpper(p[:1]))
		}
		name, ok := table[key.String()]
		if !ok {
			return "", false
		}
		var words []string
		for _, w := range strings.Fields(strings.ToLower(name)) {
			if !nameConnectors[w] {
				words = append(words, w)
			}
		}
		if len(words) != len(parts) {
			return "", false
		}
		for k, p := range parts {
			if !strings.HasPrefix(words[k], p) || words[k] == p {
				return "", false
			}
		}
		return name, true
	}
	for i := 3; i+2 <= len(word); i++ {
		if name, ok := try([]string{word[:i], word[i:]}); ok {
			return name, true
		}
		for j := i + 2; j+2 <= len(word); j++ {
			if name, ok := try([]string{word[:i], word[i:j], word[j:]}); ok {
				return name, true
			}
		}
	}
	return "", false
}

// meansName reports whether acronym may stand for name: always when the model has no vector
// for it (a domain's acronym, such as "CJCS"), else when its vector and name's embedding
// have a cosine of at least minAcronymCos.
func (x *Index) meansName(acronym, name string) bool {
	c, ok := x.acronymCos(acronym, name)
	return !ok || c >= minAcronymCos
}

// knowsAcronym reports whether the model has a vector for acronym (as general English has
// "VP") with a cosine of at least minTwoLetterCos with name's embedding: the test a
// two-letter acronym must pass, as meansName lets one the model lacks stand for any name.
func (x *Index) knowsAcronym(acronym, name string) bool {
	c, ok := x.acronymCos(acronym, name)
	return ok && c >= minTwoLetterCos
}

// acronymCos returns the cosine between the model's vector for acronym (lowercased) and
// name's embedding, and false when the model has no vector for it. An embedding error (none
// for the built-in model) gives a cosine of -1.
func (x *Index) acronymCos(acronym, name string) (float64, bool) {
	a, ok := x.model.Vector(strings.ToLower(acronym))
	if !ok {
		return 0, false
	}
	v, err := x.model.Embed(context.Background(), name)
	if err != nil {
		return -1, true
	}
	return float64(dot(a, v)), true
}

// Prepare builds what the index otherwise builds on the first question that needs it — the
// acronym table (about 0.5 s at 141,895 passages of the US Code on 2 cores; see
// BenchmarkAcronymTable), the table of the headings' numbers (about 0.43 s there; see
// BenchmarkHeadingNumbers), the table of the headings that number a unit, with their terms
// (about 0.29 s there; see unitHeadingsOnce and BenchmarkUnitHeadings), the map of WordNet
// hyponyms among the index terms (see hyponymTerms and BenchmarkHyponymTerms) and the
// documents' titles and authors — so that a
// long-running server can do it ahead of its first question. It is safe to call at any time,
// more than once, and alongside questions.
func (x *Index) Prepare() {
	x.metadata()
	x.acronyms()
	x.unitTermsOnce.Do(x.readHeadingNumbers)
	x.unitHeadingsOnce()
	x.hyponymTerms("")
}

// titleCase writes a lowercased name with its words capitalised but for nameConnectors
// ("chairman of the joint chiefs of staff" → "Chairman of the Joint Chiefs of Staff"), so that
// an expanded question reads it as a name.
func titleCase(name string) string {
	words := strings.Fields(name)
	for i, w := range words {
		if !nameConnectors[w] {
			r, size := utf8.DecodeRuneInString(w)
			words[i] = string(unicode.ToUpper(r)) + w[size:]
		}
	}
	return strings.Join(words, " ")
}

package bot

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A name a question writes ("Sun Tzu", "Madison") can name a document rather than a word its
// passages use: "What does Sun Tzu say about spies?" asks about the passages of The Art of
// War, most of which never write "Sun Tzu", and not about the few that do (the translator's
// introduction, the commentators). A name scopes the question to a document when at least
// scopeMinShare of the passages that hold it, and at least scopeMinPassages of them, are that
// document's: every passage of the document then matches the name with weight scopeWeight,
// and a passage that writes it still matches it fully. A word of one document's title, and of
// no other's, names that document and scopes the question to it, however the passages spread
// it: "What does the Constitution say about the militia?" asks the Constitution, though The
// Federalist writes "Constitution" most. A word of another document's title or author names
// that document, not this one, and does not scope; an author's name scopes by its passages,
// since one author's name heads a few papers of a collection, or, when no passage writes it,
// to the one document whose author it names ("Chuter", whom his lecture never names). Read
// off the shared corpora: "Sun", "Tzu" (The Art of War), "Hamilton", "Madison" (The
// Federalist, whose papers' headings name their author), "Constitution" (a title's) and
// "Chuter" scope; "Congress" and "President" are spread over several documents and do not.
const (
	scopeMinShare    = 0.8
	scopeMinPassages = 5
	scopeWeight      = 0.8
	// scopeMaxPassages bounds the passages counted to find a name's document: a name held
	// by more is no document's own name in any corpus of a few large documents, and in a
	// corpus of many small ones (the US Code) no document holds 80 % of it.
	scopeMaxPassages = 50_000
)

// passageRange is a run of passage numbers, from ≤ p < to.
type passageRange struct{ from, to int32 }

// contains reports whether passage p is in r.
func (r passageRange) contains(p int32) bool { return p >= r.from && p < r.to }

// passageScope is the passages a name scopes a question to: sorted, disjoint runs of passage
// numbers (one document's, or the papers of a collection that one of its authors signed).
// Empty when the name scopes nothing.
type passageScope []passageRange

// passages returns the number of passages in s.
func (s passageScope) passages() int {
	n := 0
	for _, r := range s {
		n += int(r.to - r.from)
	}
	return n
}

// contains reports whether passage p is in s.
func (s passageScope) contains(p int32) bool {
	i := sort.Search(len(s), func(i int) bool { return s[i].to > p })
	return i < len(s) && s[i].contains(p)
}

// scopeOf returns the passages a name term scopes the question to (see scopeMinShare), or
// an empty scope: an author's name that bylines (headings) of the corpus write, the passages
// under those bylines ("Madison": the Federalist papers he signed, not Hamilton's); else the
// document it names.
func (x *Index) scopeOf(term string) passageScope {
	if r, ok := x.metadata().titled[term]; ok {
		return passageScope{r} // "the Constitution": a word of one document's title names it
	}
	id, ok := x.bm25.id(term)
	df := x.bm25.df(term)
	if r, ok := x.metadata().authored[term]; ok && df == 0 {
		return passageScope{r} // "Chuter", the lecture's author, whom it never names
	}
	if ok && x.isAuthorTerm(term) {
		if s := x.bylineScope(id); len(s) > 0 {
			return s
		}
	}
	if !ok || df < scopeMinPassages || df > scopeMaxPassages {
		return nil
	}
	counts := map[int]int{}
	for _, r := range x.bm25.postingsIn(nil, id, 0, len(x.passages)) {
		for _, low := range r.low {
			counts[x.documentOf(r.base+int32(low))]++
		}
	}
	for d, n := range counts {
		if float64(n) < scopeMinShare*float64(df) {
			continue
		}
		r := passageRange{x.docStart[d], x.docStart[d+1]}
		if x.isMetadataTerm(term) && !x.namesDocument(term, x.passages[r.from]) {
			// A word of another document's title names that one: "the Constitution" is
			// the Constitution's, though The Federalist writes it most.
			return nil
		}
		return passageScope{r}
	}
	return nil
}

// bylineScope returns the passages whose headings hold the author's term id — the papers
// that author signed, in a collection whose headings carry bylines (The Federalist's
// "MADISON", "HAMILTON OR MADISON") — as runs; nil when no heading holds it. Built once per
// term and kept.
func (x *Index) bylineScope(id int32) passageScope {
	if s, ok := x.bylineScopes.Load(id); ok {
		return s.(passageScope)
	}
	var s passageScope
	if x.headingTerm(id) && x.bm25.df(x.bm25.terms[id]) <= scopeMaxPassages {
		for _, r := range x.bm25.postingsIn(nil, id, 0, len(x.passages)) {
			for _, low := range r.low {
				p := r.base + int32(low)
				if !slices.Contains(x.info(int(p)).heading, id) {
					continue
				}
				if n := len(s); n > 0 && s[n-1].to == p {
					s[n-1].to++
				} else {
					s = append(s, passageRange{p, p + 1})
				}
			}
		}
	}
	x.bylineScopes.Store(id, s)
	return s
}

// documentOf returns the number of the document that holds passage p.
func (x *Index) documentOf(p int32) int {
	return sort.Search(len(x.docStart)-1, func(d int) bool { return x.docStart[d+1] > p })
}

// Constants of writtenAsName: how many of a word's passages it reads, the least number of
// its occurrences there, and the least share of them the corpus capitalises.
const (
	nameSamplePassages = 200
	nameSampleWords    = 30
	nameMinOccurrences = 5
	nameMinCapitalised = 0.9
)

// writtenAsName reports whether the corpus writes word (lowercase, without diacritics; its
// index term is term) as a name: at least nameMinCapitalised of its first nameSampleWords
// occurrences inside sentences, in the first nameSamplePassages passages that hold the
// term, are capitalised ("Tzŭ", "Madison"), and there are at least nameMinOccurrences of
// them. A sentence's first word says nothing either way and is not counted. A term held by
// fewer than scopeMinPassages or more than scopeMaxPassages passages, which could scope
// nothing, is not read.
func (x *Index) writtenAsName(word, term string) bool {
	id, ok := x.bm25.id(term)
	if df := x.bm25.df(term); !ok || len(word) < 2 || df < scopeMinPassages || df > scopeMaxPassages {
		return false // no name that could scope (see scopeOf)
	}
	capitalised, total := 0, 0
	seen := 0
	asciiOnly := isASCII(word)
	for _, r := range x.bm25.postingsIn(nil, id, 0, len(x.passages)) {
		for _, low := range r.low {
			if seen == nameSamplePassages || total == nameSampleWords {
				break
			}
			seen++
			text := foldMarks(x.passages[r.base+int32(low)].Text)
			lower, ascii := text, asciiOnly && isASCII(text)
			if !ascii {
				lower = strings.ToLower(text)
				if len(lower) != len(text) {
					continue // a letter whose cases differ in length: offsets would not match
				}
			}
			for from := 0; ; {
				var i int
				if ascii {
					i = indexASCIIFold(text[from:], word) // no lowercased copy of each passage
				} else {
					i = strings.Index(lower[from:], word)
				}
				if i < 0 {
					break
				}
				i += from
				from = i + len(word)
				if !wordBoundary(lower, i, from) || sentenceStart(text, i) {
					continue
				}
				total++
				if r, _ := utf8.DecodeRuneInString(text[i:]); unicode.IsUpper(r) {
					capitalised++
				}
			}
		}
	}
	return total >= nameMinOccurrences && float64(capitalised) >= nameMinCapitalised*float64(total)
}

// isASCII reports whether s is ASCII throughout.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// indexASCIIFold returns the index of the first instance of word (lowercase ASCII) in s (ASCII)
// in any case of its letters, or -1: strings.Index of word in strings.ToLower(s), without
// making the lowercase copy.
func indexASCIIFold(s, word string) int {
	if word == "" {
		return 0
	}
	first, firstUpper := word[0], word[0]
	if 'a' <= first && first <= 'z' {
		firstUpper = first - 'a' + 'A'
	}
	for i := 0; i+len(word) <= len(s); i++ {
		if c := s[i]; c != first && c != firstUpper {
			continue
		}
		j := 1
		for ; j < len(word); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != word[j] {
				break
			}
		}
		if j == len(word) {
			return i
		}
	}
	return -1
}

// wordBoundary reports whether s[i:j] stands alone: no letter just before or after it.
func wordBoundary(s string, i, j int) bool {
	if i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(s[:i]); unicode.IsLetter(r) {
			return false
		}
	}
	if j < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[j:]); unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// sentenceStart reports whether the word at byte i of text opens a sentence, a line or the
// text: only spaces, quotes and brackets stand between it and a full stop, question or
// exclamation mark, colon, line break or the start.
func sentenceStart(text string, i int) bool {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		switch {
		case r == '.' || r == '?' || r == '!' || r == ':' || r == '\n':
			return true
		case unicode.IsSpace(r) || strings.ContainsRune("\"'“‘([_*", r):
			i -= size
		default:
			return false
		}
	}
	return true
}

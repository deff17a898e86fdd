package bot

import (
	"slices"
	"strings"
	"unicode"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// docMeta is what questions naming a document's title or author need: each index term of a
// title or author, mapped to the distinct title and author pairs that hold it (the US Code's
// 141,843 documents have 54 pairs), and each term of exactly one document's title, mapped to
// that document's passages.
type docMeta struct {
	terms map[string]map[[2]string]bool
	// titled maps a term that the title of one document holds, and no other document's
	// title, to that document's passages: "constitution" to the Constitution's, however
	// often The Federalist writes the word (see scopeOf).
	titled map[string]passageRange
	// authored maps a term of the author of one document, and of no other document's title
	// or author, to that document's passages: "chuter" to the lecture's (see scopeOf).
	authored map[string]passageRange
	// authors holds each term of some document's author.
	authors map[string]bool
	// titles holds the title of each document whose title no other document has and holds
	// at least two index terms, as lowercased words (see titleWords), with its passages:
	// a question that writes the whole title names that document (see titleScopes).
	titles []titlePhrase
	// titleHeads maps the first word of such a title (numbers aside) to its document's
	// passages: the word a question names the document by ("the Constitution", "the
	// Federalist"), not an incidental word of a long title ("Chiefs").
	titleHeads map[string]passageRange
	// docPairs holds the distinct title and author pairs of the documents, in their order.
	docPairs [][2]string
	// spoken holds the passages of the documents that were given rather than written — a
	// lecture, slides, a talk (see isSpoken) — which "the lecture" or "the slides" names.
	spoken passageScope
}

// titlePhrase is a document's title as lowercased words, without a leading article, with the
// document's passages.
type titlePhrase struct {
	words    string // space-separated, with a space before and after: " art of war "
	passages passageRange
}

// titleWords returns the words of s, lowercased and folded (see foldMarks), that are runs of
// letters and digits, each with a space before and after (" the art of war "), so that a
// substring test finds a title as whole words.
func titleWords(s string) string {
	var b strings.Builder
	b.WriteByte(' ')
	for _, w := range strings.FieldsFunc(strings.ToLower(foldMarks(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	}) {
		b.WriteString(w)
		b.WriteByte(' ')
	}
	return b.String()
}

// titleScopes returns, for each index term of a document title that the lowercased question
// writes whole ("how many kinds of spies are there in the art of war"), the passages of that
// document: the title's words name the document, as an author's name does (see scopeOf),
// however often other documents use them ("war", "art").
func (x *Index) titleScopes(lower string) map[string]passageRange {
	var out map[string]passageRange
	words := titleWords(lower)
	for _, t := range x.metadata().titles {
		if !strings.Contains(words, t.words) {
			continue
		}
		if out == nil {
			out = map[string]passageRange{}
		}
		for _, term := range x.an.terms(t.words) {
			out[term] = t.passages
		}
	}
	return out
}

// metadata returns x.meta, building it on first use from the documents' titles and authors,
// which every passage carries for its document. A question naming an author ("What did
// Chuter say …?") names the documents, not a word their passages use. Keyed by the distinct
// pairs, it stays small: a map from each term to the IDs of the documents holding it took
// 29 MB for the US Code.
func (x *Index) metadata() *docMeta {
	x.metaOnce.Do(func() {
		m := &docMeta{terms: map[string]map[[2]string]bool{}, titled: map[string]passageRange{}, titleHeads: map[string]passageRange{}, authored: map[string]passageRange{}, authors: map[string]bool{}}
		// The documents of each pair: the first, and how many there are.
		type docs struct{ first, count int }
		pairs := map[[2]string]docs{}
		var order [][2]string
		for d := range x.DocumentCount() {
			if x.docStart[d] == x.docStart[d+1] {
				continue
			}
			p := x.passages[x.docStart[d]]
			pair := [2]string{p.Title, p.Author}
			n, seen := pairs[pair]
			if !seen {
				n.first = d
				order = append(order, pair)
			}
			n.count++
			pairs[pair] = n
		}
		// titles counts, for each title term, the documents whose title holds it.
		titles := map[string]docs{}
		for _, pair := range order {
			for _, t := range x.an.terms(pair[0] + " " + pair[1]) {
				if m.terms[t] == nil {
					m.terms[t] = map[[2]string]bool{}
				}
				m.terms[t][pair] = true
			}
			for _, t := range uniqueTerms(x.an.terms(pair[0])) {
				n := titles[t]
				n.first, n.count = pairs[pair].first, n.count+pairs[pair].count
				titles[t] = n
			}
		}
		for _, pair := range order {
			if n := pairs[pair]; n.count == 1 && len(uniqueTerms(x.an.terms(pair[0]))) >= 2 {
				w := titleWords(pair[0])
				w = " " + strings.TrimPrefix(w, " the ")
				m.titles = append(m.titles, titlePhrase{w, passageRange{x.docStart[n.first], x.docStart[n.first+1]}})
			}
			if n := pairs[pair]; n.count == 1 {
				for _, t := range x.an.terms(pair[0]) {
					if !hasDigit(t) && len(t) > 1 {
						m.titleHeads[t] = passageRange{x.docStart[n.first], x.docStart[n.first+1]}
						break
					}
				}
			}
		}
		for t, n := range titles {
			if n.count == 1 {
				m.titled[t] = passageRange{x.docStart[n.first], x.docStart[n.first+1]}
			}
		}
		m.docPairs = order
		for d := range x.DocumentCount() {
			if x.isSpoken(d) {
				m.spoken = append(m.spoken, passageRange{x.docStart[d], x.docStart[d+1]})
			}
		}
		for _, pair := range order {
			for _, t := range x.an.terms(pair[1]) {
				m.authors[t] = true
			}
			if n := pairs[pair]; n.count == 1 {
				for _, t := range x.an.terms(pair[1]) {
					if len(m.terms[t]) == 1 {
						m.authored[t] = passageRange{x.docStart[n.first], x.docStart[n.first+1]}
					}
				}
			}
		}
		x.meta = m
	})
	return x.meta
}

// spokenScope returns the passages of the corpus's spoken documents (see isSpoken) when word
// names such a source ("lecture", "slides"; see spokenSources), else nil.
func (x *Index) spokenScope(word string) passageScope {
	if !spokenSources[word] {
		return nil
	}
	return x.metadata().spoken
}

// Constants of a slide deck (see isSpoken): at least minSlides passages, a distinct
// unnumbered title of at most maxSlideTitleWords words over at least minSlideShare of them,
// and at most maxSlideChars characters a passage on average. Read off the shared corpora: the
// lecture has 11 passages under 11 titles such as "So in practice", of 233 characters on
// average; The Art of War's 459 passages stand under 14 numbered chapters, the Constitution's
// 109 under numbered articles and amendments, the Federalist's and the US Code's under
// headings of two levels or more.
const (
	minSlides          = 5
	minSlideShare      = 0.5
	maxSlideTitleWords = 8
	maxSlideChars      = 600
)

// isSpoken reports whether document d was given rather than written: its title names a
// lecture, talk, speech, presentation or slides (see spokenSources), or it reads as a slide
// deck — short passages, most under a title of their own, one level deep and numbering no
// unit ("So in practice", "Two objectives"), as the splitter finds slides' titles in plain
// text (see corpus.Passage.Headings).
func (x *Index) isSpoken(d int) bool {
	from, to := x.docStart[d], x.docStart[d+1]
	if from == to {
		return false
	}
	if slices.ContainsFunc(strings.Fields(strings.ToLower(x.passages[from].Title)), func(w string) bool {
		return spokenSources[strings.Trim(w, ".,:;!?\"'()")]
	}) {
		return true
	}
	n := int(to - from)
	if n < minSlides {
		return false
	}
	titles := map[string]bool{}
	chars := 0
	for i := from; i < to; i++ {
		p := x.passages[i]
		chars += len(p.Text)
		if len(p.Headings) == 1 && len(strings.Fields(p.Headings[0])) <= maxSlideTitleWords && !numbersSomething(p.Headings[0]) {
			titles[p.Headings[0]] = true
		}
	}
	return float64(len(titles)) >= minSlideShare*float64(n) && chars <= maxSlideChars*n
}

// uniqueTerms returns terms without repeats, in their first order.
func uniqueTerms(terms []string) []string {
	var out []string
	for _, t := range terms {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// namesDocument reports whether term is a word of the title or author of passage p's
// document.
func (x *Index) namesDocument(term string, p *corpus.Passage) bool {
	return x.metadata().terms[term][[2]string{p.Title, p.Author}]
}

// isAuthorTerm reports whether term is a word of some document's author.
func (x *Index) isAuthorTerm(term string) bool { return x.metadata().authors[term] }

// isMetadataTerm reports whether term is a word of some document's title or author.
func (x *Index) isMetadataTerm(term string) bool { return x.metadata().terms[term] != nil }

// pairs returns the title and author pairs whose words hold term.
func (m *docMeta) pairs(term string) [][2]string {
	var out [][2]string
	for pair := range m.terms[term] {
		out = append(out, pair)
	}
	return out
}

// Constants of commentaries: a document of at least minCommentaryPassages passages that names
// another document of the corpus by its title's head word (see docMeta.titleHeads: "the
// Constitution") in at least minCitingShare of its passages is a commentary on it. Read off
// the shared corpora: The Federalist names the Constitution in 27 % of its passages; the
// next document, The Art of War, writes "chapter" (the head of a US Code title) in 10 %.
const (
	minCommentaryPassages = 20
	minCitingShare        = 0.2
)

// commentsOn reports whether passage number n is of a document that comments on the passages
// of scope (see commentaries).
func (x *Index) commentsOn(n int32, scope passageScope) bool {
	r, ok := x.commentaries()[x.documentOf(n)]
	return ok && slices.ContainsFunc(scope, func(s passageRange) bool { return s.from < r.to && r.from < s.to })
}

// commentaries returns, for each document that is a commentary on another document of the
// corpus (see minCitingShare), the passages of the document it comments on (the one it names
// most when it names several); built on first use.
func (x *Index) commentaries() map[int]passageRange {
	x.commentaryOnce.Do(func() {
		x.commentary = map[int]passageRange{}
		big := map[int]bool{}
		for d := range x.DocumentCount() {
			if x.docStart[d+1]-x.docStart[d] >= minCommentaryPassages {
				big[d] = true
			}
		}
		if len(big) == 0 {
			return
		}
		most := map[int]int{}
		var runs []postingRun
		for head, r := range x.metadata().titleHeads {
			id, ok := x.bm25.id(head)
			if !ok {
				continue
			}
			count := map[int]int{}
			runs = x.bm25.postingsIn(runs[:0], id, 0, len(x.passages))
			for _, run := range runs {
				for _, low := range run.low {
					n := run.base + int32(low)
					// The text must write the word, not only a heading ("Chapter III.").
					if d := x.documentOf(n); big[d] && !r.contains(n) && slices.Contains(x.info(int(n)).terms, id) {
						count[d]++
					}
				}
			}
			for d, c := range count {
				if float64(c) >= minCitingShare*float64(x.docStart[d+1]-x.docStart[d]) && c > most[d] {
					x.commentary[d], most[d] = r, c
				}
			}
		}
	})
	return x.commentary
}

package corpus

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/doctrinebot/doctrinebot/lexicon"
)

// Passage sizes, in bytes of display text.
const (
	// MaxPassage is the largest passage the splitter makes from whole paragraphs; a longer
	// paragraph is cut between sentences into near-equal parts of at most this size (a single
	// sentence longer than this stays whole: sentences are never cut).
	MaxPassage = 1200
	// MinPassage is the size below which a paragraph counts as tiny and is merged with its
	// neighbour in the same section.
	MinPassage = 200
	// MaxPassages is the most passages one document may split into (Parse fails with
	// ErrTooLarge past it). A text of MaxFileSize in ordinary paragraphs makes 40,000 to
	// 250,000 (the whole US Code, in 141,895 files, makes 309,179); a 48 MB markdown file
	// whose sections hold one word each ("# a", "b", eight million times) made eight million,
	// took 8.3 GB to add and 14 GB at the first answer.
	MaxPassages = 250_000
)

// Meta is metadata a caller gives for a document, and options for reading it; empty fields
// are read from the text.
type Meta struct {
	ID, Title, Author, Source, Licence string
	// Edition is the edition or date of the document ("2nd edition", "2019-06-01").
	Edition string
	// MaxBytes is the largest input, in bytes, that ReadFile and Parse accept (ErrTooLarge
	// beyond it); 0 or less means MaxFileSize. ReadFile checks it against the file's size
	// before reading it.
	MaxBytes int64
}

// Limit returns the size limit in bytes that m sets: m.MaxBytes, or MaxFileSize when that is
// 0 or less.
func (m Meta) Limit() int64 {
	if m.MaxBytes > 0 {
		return m.MaxBytes
	}
	return MaxFileSize
}

// Parse splits raw into a Document. The format follows the extension of name:
//   - ".md" and ".markdown" are markdown: ATX headings "#".."######" give the heading path;
//     front matter between "---" lines gives title, author, source, licence and edition (or
//     date);
//   - ".html" and ".htm" are HTML (see parseHTML): headings h1–h6 give the heading path;
//     ".xhtml" is HTML in its XML syntax, read as HTML once its XML forms are turned into
//     HTML's (see xhtmlAsHTML), and so is an HTML page whose doctype has an internal DTD
//     subset (see htmlWithSubset); a .xhtml file that is not markup is plain text;
//   - ".pdf" is PDF, its text layer read page by page (see parsePDF); passages carry pages;
//   - ".docx" is a Word document (see parseDOCX): Heading 1..6 styles give the heading path;
//   - ".txt" and anything else is plain text, where short title lines give the heading path.
//
// Text formats are normalised first (see Normalize). Errors name the input (as QuotePath
// writes it) and wrap ErrEmpty, ErrBinary, ErrInvalidUTF8, ErrInvalidUTF16, ErrInvalidUTF32
// or ErrTooLarge (over meta.Limit() bytes); PDF also ErrEncrypted, ErrNoText or
// ErrMalformed; DOCX ErrNotWord (a zip archive that is no Word document) or ErrMalformed;
// PDF and DOCX ErrTooLarge also when their content decompresses to too much or their text
// comes to too much (see parsePDF, parseDOCX). A text with no passage once parsed returns
// ErrEmpty.
func Parse(name string, raw []byte, meta Meta) (*Document, error) {
	if err := checkSize(name, int64(len(raw)), meta.Limit()); err != nil {
		return nil, err
	}
	ext := strings.ToLower(filepath.Ext(name))
	doc := &Document{ID: meta.ID, Title: meta.Title, Author: meta.Author, Source: meta.Source, Licence: meta.Licence, Edition: meta.Edition}
	if doc.ID == "" {
		doc.ID = Slug(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)))
	}
	var err error
	switch ext {
	case ".html", ".htm":
		err = parseHTML(doc, name, htmlWithSubset(raw), meta.Limit())
	case ".xhtml":
		err = parseHTML(doc, name, xhtmlAsHTML(raw), meta.Limit())
	case ".pdf":
		err = parsePDF(doc, name, raw, meta.Limit())
	case ".docx":
		err = parseDOCX(doc, name, raw, meta.Limit())
	default:
		err = parseText(doc, name, raw, meta.Limit(), ext == ".md" || ext == ".markdown")
	}
	if err != nil {
		return nil, err
	}
	// Metadata is printed on one line: no control or format character, newline or tab; and
	// at most maxMetaRunes characters, but for the source (a URL).
	for _, f := range []*string{&doc.Title, &doc.Author, &doc.Source, &doc.Licence, &doc.Edition} {
		*f = metaText(*f)
	}
	for _, f := range []*string{&doc.Title, &doc.Author, &doc.Licence, &doc.Edition} {
		*f = shortMeta(*f)
	}
	if meta.Source == "" && CheckSource(doc.Source) != "" {
		// A source the text gives ("source: javascript:alert(1)" in front matter) that the
		// --source flag would refuse is no source: a chat client may make it a link.
		doc.Source = ""
	}
	if doc.Title == "" {
		doc.Title = metaText(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)))
	}
	if doc.overflow > 0 {
		return nil, fmt.Errorf("corpus: %s: %w: it splits into %d passages, more than %d (its sections or paragraphs are tiny); join them, or split the file", QuotePath(name), ErrTooLarge, MaxPassages+doc.overflow, MaxPassages)
	}
	if len(doc.Passages) == 0 {
		return nil, fmt.Errorf("corpus: %s: %w: no passage of text found (nothing but headings, metadata or white space)", QuotePath(name), ErrEmpty)
	}
	doc.SetID(doc.ID)
	return doc, nil
}

// SetID gives the document the ID id and its passages their document ID, title, author,
// index and content-derived passage IDs (see Passage.ID) anew.
func (d *Document) SetID(id string) {
	d.ID = id
	seen := map[string]int{} // passages by section and text
	var idKey []byte
	for i := range d.Passages {
		p := &d.Passages[i]
		p.Index = i
		p.DocumentID, p.Title, p.Author, p.Edition = d.ID, d.Title, d.Author, d.Edition
		idKey = append(append(idKey[:0], d.ID...), 0)
		for k, h := range p.Headings {
			if k > 0 {
				idKey = append(idKey, " › "...)
			}
			idKey = append(idKey, h...)
		}
		idKey = append(append(idKey, 0), p.Text...)
		key := idKey[len(d.ID)+1:]
		n := seen[string(key)]
		seen[string(key)] = n + 1
		p.ID = passageID(idKey, n)
	}
}

// parseText reads plain text or markdown into doc.
func parseText(doc *Document, name string, raw []byte, limit int64, markdown bool) error {
	text, err := normalize(name, raw, limit)
	if err != nil {
		return err
	}
	lines := strings.Split(text, "\n")
	s := &splitter{doc: doc, lines: lines, markdown: markdown}
	s.readMeta()
	s.split()
	if len(doc.Passages) == 0 && !(markdown && s.headingsOnly()) {
		// All of it read as headings or metadata ("Rules of Engagement" alone): its lines
		// themselves are the text, packed into passages as paragraphs are (a file of
		// 100,000 headings made one passage of 1.6 MB). Markdown whose every line is a
		// heading it marks ("# A", "## B") has nothing to quote, and Parse finds it empty.
		var paras []paragraph
		for i := s.first; i < s.end; i++ {
			if strings.TrimSpace(s.lines[i]) != "" {
				text, starts := reflow(s.lines[i:i+1], false)
				paras = append(paras, paragraph{text: text, first: i, last: i, starts: starts, lines: []int{i}})
			}
		}
		s.pack(paras)
	}
	return nil
}

// headingsOnly reports whether every line of content that is not metadata is a markdown ATX
// heading ("## Part one").
func (s *splitter) headingsOnly() bool {
	for i := s.first; i < s.end; i++ {
		if l := strings.TrimSpace(s.lines[i]); l != "" && !s.skip[i] && atxLevel(l) == 0 {
			return false
		}
	}
	return true
}

// splitter holds the state of one Parse.
type splitter struct {
	doc      *Document
	lines    []string
	markdown bool
	// first and end bound the lines that hold content (0-based, end exclusive).
	first, end int
	// skip marks lines consumed as metadata.
	skip map[int]bool
}

var (
	gutenbergStart = regexp.MustCompile(`^\*\*\* ?START OF (THE|THIS) PROJECT GUTENBERG`)
	gutenbergEnd   = regexp.MustCompile(`^\*\*\* ?END OF (THE|THIS) PROJECT GUTENBERG|^End of (the )?Project Gutenberg`)
	gutenbergTitle = regexp.MustCompile(`^The Project Gutenberg [Ee][Bb]ook,? of (.+?)(?:, by (.+))?\s*$`)
	sourceTitle    = regexp.MustCompile(`\((?:= )?([^()]+)\)\s*$`)
	keyValue       = regexp.MustCompile(`^([A-Za-z]+):\s*(.*?)\s*$`)
)

// producerNote matches a paragraph that Project Gutenberg or its volunteers put before a
// book's text, after the START line: "This is the Project Gutenberg 1.5 release of The
// Federalist Papers", "Produced by …", "E-text prepared by …", "Transcriber's note".
var producerNote = regexp.MustCompile(`(?i)project gutenberg|^(produced|prepared|transcribed|digitized|scanned) by |^e-?text prepared by |^transcriber'?s? notes?\b`)

// producerNoteLines bounds how far after the START line skipProducerNotes looks.
const producerNoteLines = 40

// skipProducerNotes skips the paragraphs that open a Project Gutenberg book's text (from
// s.first, within producerNoteLines lines) while each is a producer's note (see producerNote):
// the book's text starts at the first paragraph that is not.
func (s *splitter) skipProducerNotes() {
	for i := s.first; i < s.end && i < s.first+producerNoteLines; {
		if strings.TrimSpace(s.lines[i]) == "" {
			i++
			continue
		}
		j := i
		var para []string
		for ; j < s.end && strings.TrimSpace(s.lines[j]) != ""; j++ {
			para = append(para, strings.TrimSpace(s.lines[j]))
		}
		if !producerNote.MatchString(strings.Join(para, " ")) {
			return
		}
		for k := i; k < j; k++ {
			s.skip[k] = true
		}
		i = j
	}
}

// readMeta reads metadata the text carries: a leading "SOURCE: ... | LICENCE: ..." line,
// markdown front matter, a Project Gutenberg header (whose boilerplate is then skipped along
// with the licence after the text), and otherwise a leading title line and author line.
func (s *splitter) readMeta() {
	s.end = len(s.lines)
	s.skip = map[int]bool{}
	i := 0
	if strings.HasPrefix(s.lines[0], "SOURCE:") {
		for _, part := range strings.Split(s.lines[0], " | ") {
			k, v, _ := strings.Cut(part, ":")
			switch strings.TrimSpace(strings.ToUpper(k)) {
			case "SOURCE":
				s.setIfEmpty(&s.doc.Source, strings.TrimSpace(v))
			case "LICENCE", "LICENSE":
				s.setIfEmpty(&s.doc.Licence, strings.TrimSpace(v))
			}
		}
		i = 1
	}
	titled := s.doc.Title // the caller's title, if any
	if s.markdown && i < len(s.lines) && strings.TrimSpace(s.lines[i]) == "---" {
		for j := i + 1; j < len(s.lines); j++ {
			if strings.TrimSpace(s.lines[j]) == "---" {
				for _, l := range s.lines[i+1 : j] {
					if m := keyValue.FindStringSubmatch(l); m != nil {
						s.setField(m[1], strings.Trim(m[2], `"'`))
					}
				}
				i = j + 1
				break
			}
		}
	}
	s.first = i
	for j := i; j < len(s.lines) && j < i+400; j++ {
		if gutenbergStart.MatchString(strings.TrimSpace(s.lines[j])) {
			for k, l := range s.lines[i:j] {
				if m := gutenbergTitle.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
					title, author := m[1], m[2]
					if t, ok := strings.CutSuffix(title, ", by"); ok && i+k+1 < j {
						title, author = t, s.lines[i+k+1] // "..., by" then the authors' line
					}
					s.setIfEmpty(&s.doc.Title, title)
					s.setIfEmpty(&s.doc.Author, withoutLifeDates(author))
				} else if m := keyValue.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
					if k := strings.ToLower(m[1]); k == "author" || k == "authors" {
						m[2] = withoutLifeDates(m[2])
					}
					s.setField(m[1], m[2])
				}
			}
			s.first = j + 1
			for k := j + 1; k < len(s.lines); k++ {
				if gutenbergEnd.MatchString(strings.TrimSpace(s.lines[k])) {
					s.end = k
					break
				}
			}
			s.skipProducerNotes()
			break
		}
	}
	if s.markdown {
		// The first heading of a markdown file is its title when it stands first (the caller
		// may rename the document), unless the front matter gives another title: then it is
		// the first section's heading, and citations name it.
		fromFrontMatter := s.doc.Title != titled
		for j := s.first; j < s.end; j++ {
			l := strings.TrimSpace(s.lines[j])
			if l == "" {
				continue
			}
			if level, h := atxHeading(l); level == 1 && (!fromFrontMatter || s.doc.Title == strings.TrimSpace(h)) {
				s.setIfEmpty(&s.doc.Title, h)
				s.skip[j] = true
			}
			break
		}
		return
	}
	// Plain text: a short leading title line, then possibly a short author line ("David Chuter").
	blocks := s.blocks(s.first, min(s.end, s.first+20))
	// A title line is taken only with a byline under it, or when it is the title given.
	if len(blocks) >= 2 && isTitleLike(blocks[0].text()) && len(blocks[0].lines) == 1 {
		title, byline := blocks[0].text(), blocks[1]
		hasAuthor := len(byline.lines) == 1 && isPersonName(byline.text()) && (s.doc.Author == "" || s.doc.Author == byline.text())
		// The title given may differ in case from the line ("Leave Policy", "LEAVE POLICY"),
		// and is kept as given.
		if (s.doc.Title == "" && hasAuthor) || strings.EqualFold(s.doc.Title, title) {
			s.setIfEmpty(&s.doc.Title, title)
			s.skip[blocks[0].start] = true
			if hasAuthor {
				s.doc.Author = byline.text()
				s.skip[byline.start] = true
			}
		}
	}
	// The shared corpora's "SOURCE: ... (Title, date)" line names the work in parentheses.
	if s.doc.Title == "" {
		if m := sourceTitle.FindStringSubmatch(s.doc.Source); m != nil {
			s.doc.Title = m[1]
		}
	}
}

// lifeDates matches the dates a library catalogue gives with an author's name, which Project
// Gutenberg's headers carry ("Author: active 6th century B.C. Sunzi", from the catalogue's
// "Sunzi, active 6th century B.C."): a year ("1804", "1757?", "384 BC"), a century ("6th
// century B.C."), or a range of them ("1745-1804", "-1804", "1812-"), each optionally after a
// qualifier ("active", "fl.", "ca.", "b.", "d.").
var lifeDates = func() *regexp.Regexp {
	const (
		era       = `(?:\s*(?:B\.\s?C\.(?:E\.)?|A\.\s?D\.|(?:BCE|BC|CE|AD)\b))?`
		year      = `(?:\d{1,4}\??|\d{1,2}(?:st|nd|rd|th)\s+(?:century|cent\.))` + era
		qualifier = `(?:(?:active|fl\.|floruit|approximately|approx\.|circa|ca\.|c\.|born|b\.|died|d\.)\s*)?`
		dates     = qualifier + `(?:` + year + `(?:\s*-\s*` + qualifier + `(?:` + year + `)?)?|-\s*` + year + `)`
	)
	// At the start of the name, at its end, or as one of its comma-separated parts.
	return regexp.MustCompile(`(?i)^\s*` + dates + `(?:\s*,\s*|\s+)|(?:\s*,\s*|\s+)` + dates + `\s*(?:$|(,))`)
}()

// withoutLifeDates returns an author's name without the life dates a catalogue adds (see
// lifeDates): "active 6th century B.C. Sunzi" → "Sunzi", "Hamilton, Alexander, 1757-1804" →
// "Hamilton, Alexander". A name that is only dates is returned as it is.
func withoutLifeDates(name string) string {
	out := strings.TrimSpace(lifeDates.ReplaceAllString(name, "$1"))
	if out == "" {
		return strings.TrimSpace(name)
	}
	return out
}

// setField stores a metadata key read from the text, for the keys it knows.
func (s *splitter) setField(key, value string) {
	switch strings.ToLower(key) {
	case "title":
		s.setIfEmpty(&s.doc.Title, value)
	case "author", "authors":
		s.setIfEmpty(&s.doc.Author, value)
	case "source", "url":
		s.setIfEmpty(&s.doc.Source, value)
	case "licence", "license":
		s.setIfEmpty(&s.doc.Licence, value)
	case "edition", "date":
		s.setIfEmpty(&s.doc.Edition, value)
	}
}

func (s *splitter) setIfEmpty(field *string, value string) {
	if *field == "" {
		*field = strings.TrimSpace(value)
	}
}

// block is a run of non-blank lines.
type block struct {
	start int      // 0-based index of the first line
	lines []string // the lines, trimmed of trailing space
	nums  []int    // 0-based line index of each line
	code  bool     // a markdown code fence: its lines are kept apart, not reflowed
	// title marks a plain-text title wrapped over its lines (see joinWrappedTitles): a heading
	// whatever its length.
	title bool
}

// text returns the block's lines joined with spaces, emphasis markers removed, trimmed.
func (b block) text() string {
	return strings.TrimSpace(strings.ReplaceAll(strings.Join(trimAll(b.lines), " "), "**", ""))
}

func trimAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimSpace(l)
	}
	return out
}

// blocks returns the runs of non-blank, non-skipped lines in [from, to). The blocks' lines
// and line numbers are consecutive stretches of two arrays they share, each block's slice
// capped at its end so that appending to it copies it: two allocations for the text, not two
// for each block (a text of a million one-line paragraphs made two million).
func (s *splitter) blocks(from, to int) []block {
	n, m := 0, 0 // the non-blank lines and the blocks they open, for the capacities
	blank := true
	for i := from; i < to; i++ {
		if s.skip[i] || strings.TrimSpace(s.lines[i]) == "" {
			blank = true
			continue
		}
		if blank {
			m++
		}
		n, blank = n+1, false
	}
	out := make([]block, 0, m)
	lines, nums := make([]string, 0, n), make([]int, 0, n)
	open := -1 // the index in lines of the open block's first line; -1 when none is open
	end := func() {
		if open >= 0 {
			b := &out[len(out)-1]
			b.lines, b.nums = lines[open:len(lines):len(lines)], nums[open:len(nums):len(nums)]
		}
		open = -1
	}
	fence := false // inside a markdown code fence (``` or ~~~): one block, no headings
	for i := from; i < to; i++ {
		l := strings.TrimRight(s.lines[i], " \t")
		trimmed := strings.TrimSpace(l)
		isFence := s.markdown && (strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"))
		if !fence && (trimmed == "" || s.skip[i]) {
			end()
			continue
		}
		heading := s.markdown && !fence && !isFence && atxLevel(trimmed) > 0
		if heading || isFence && !fence {
			end()
		}
		if open < 0 {
			out = append(out, block{start: i, code: isFence})
			open = len(lines)
		}
		lines, nums = append(lines, l), append(nums, i)
		if isFence {
			fence = !fence
			if !fence {
				end()
			}
		}
		if heading {
			end()
		}
	}
	end()
	return out
}

// maxTitleLines is the most lines a wrapped title runs to (see joinWrappedTitles).
const maxTitleLines = 3

// joinWrappedTitles marks the plain-text titles hard-wrapped over two or three lines, and
// joins into one block those whose lines were set apart by a blank line (as in a double-spaced
// text), so that a title is one heading, not a heading cut short with the rest of it read as
// text ("The Structure of the Government Must Furnish the Proper Checks", then "and Balances
// Between the Different Departments"). A title wraps when its line is full: a line over
// maxShortLine characters (a shorter one stands on its own, see linesApart) that does not end
// in punctuation is continued by the next line, in the same block or after one blank line, when
// every line is a title line in title case (see isWrappedTitleLine), the first not numbering a
// part of the text (see structural) nor a list item. A block that holds other lines besides is
// left as it is.
//
// It joins in place: blocks' array holds the result.
func joinWrappedTitles(blocks []block) []block {
	out := blocks[:0] // written at or behind the block read, never ahead
	for i := 0; i < len(blocks); {
		b := blocks[i]
		if b.code || len(b.lines) > maxTitleLines || !wrappedTitleStart(b.lines[0]) || !wrappedTitleLines(b.lines) {
			out = append(out, b)
			i++
			continue
		}
		j := i + 1
		if len(b.lines) < maxTitleLines {
			// The title goes on after a blank line while its last line is open and full.
			for ; j < len(blocks) && len(b.lines) < maxTitleLines; j++ {
				next := blocks[j]
				last := b.lines[len(b.lines)-1]
				if next.code || len(next.lines) != 1 || gapBefore(blocks, j) != 1 ||
					!wrapsOn(last) || !wrappedTitleLines([]string{next.lines[0]}) {
					break
				}
				if len(b.lines) == len(blocks[i].lines) { // copy before appending
					b.lines, b.nums = slices.Clone(b.lines), slices.Clone(b.nums)
				}
				b.lines = append(b.lines, next.lines[0])
				b.nums = append(b.nums, next.nums[0])
			}
		}
		b.title = len(b.lines) > 1
		out = append(out, b)
		i = j
	}
	return out
}

// wrappedTitleStart reports whether l can open a wrapped title (see joinWrappedTitles): it
// reads as the start of a title, not a numbered heading or a list item, and is a full line
// left open (see wrapsOn).
func wrappedTitleStart(l string) bool {
	l = strings.TrimSpace(l)
	first, _ := utf8.DecodeRuneInString(l)
	return wrapsOn(l) && (unicode.IsUpper(first) || unicode.IsDigit(first) || strings.ContainsRune("\"'“‘", first)) &&
		!structural.MatchString(l) && !listItem.MatchString(l)
}

// wrapsOn reports whether line l of a title is full and open, so that the title may go on
// on the next line: over maxShortLine characters and ending in a letter or digit.
func wrapsOn(l string) bool {
	l = strings.TrimSpace(l)
	last, _ := utf8.DecodeLastRuneInString(l)
	return utf8.RuneCountInString(l) > maxShortLine && (unicode.IsLetter(last) || unicode.IsDigit(last))
}

// wrappedTitleLines reports whether lines, one after another, continue one wrapped title: each
// is a title line (see isWrappedTitleLine) and each but the last is full and open (see
// wrapsOn).
func wrappedTitleLines(lines []string) bool {
	for k, l := range lines {
		if !isWrappedTitleLine(l) || k < len(lines)-1 && !wrapsOn(l) {
			return false
		}
	}
	return true
}

// isWrappedTitleLine reports whether l reads as a line of a title: at most maxTitleRunes
// characters, not ending like a sentence or a clause (a closing bracket may end it), and in
// title case: every word but the minor words of titles (articles, conjunctions, prepositions:
// see minorWords) starts with a capital or a digit, as prose does not ("The Structure of the
// Government Must Furnish the Proper Checks", "and Balances Between the Different Departments").
// A line all in capitals is not taken: capitals show no title case, and a quotation set in
// them runs on in the text ("… AS THE NATURE OF A FREE" / "GOVERNMENT WILL ADMIT; …"), as a
// title page's lines stand apart ("THE OLDEST MILITARY TREATISE IN THE WORLD" over
// "Translated from the Chinese").
func isWrappedTitleLine(l string) bool {
	l = strings.TrimSpace(l)
	if l == "" || utf8.RuneCountInString(l) > maxTitleRunes || strings.Contains(l, ": ") {
		return false
	}
	end := strings.TrimRight(l, "\"'”’)] ")
	last, _ := utf8.DecodeLastRuneInString(end)
	if !unicode.IsLetter(last) && !unicode.IsDigit(last) || !strings.ContainsFunc(l, unicode.IsLower) {
		return false // a line in capitals is no evidence of title case
	}
	for w := range strings.FieldsSeq(l) {
		w = strings.TrimLeft(w, "(\"'“‘[")
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) && !minorWords[strings.ToLower(strings.TrimRightFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }))] {
			return false
		}
	}
	return true
}

// minorWords are the words a title in title case leaves in lower case: articles,
// conjunctions and prepositions.
var minorWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "but": true, "or": true, "nor": true,
	"for": true, "so": true, "yet": true, "as": true, "at": true, "by": true, "in": true,
	"of": true, "off": true, "on": true, "per": true, "to": true, "up": true, "via": true,
	"with": true, "from": true, "into": true, "onto": true, "upon": true, "over": true,
	"than": true, "between": true, "among": true, "through": true, "against": true,
	"under": true, "about": true, "after": true, "before": true, "without": true,
	"within": true,
}

// atxLevel returns the level of a markdown ATX heading line, or 0.
func atxLevel(l string) int {
	level, _ := atxHeading(l)
	return level
}

// joinDoubleSpaced merges hard-wrapped paragraphs that were double-spaced (a blank line after
// every line, as in some Gutenberg chapters) back into whole paragraphs. A run of at least
// four one-line blocks, each one blank line from the next, all at most 80 characters, most of
// them not ending a sentence, is such text; within it a line ends a paragraph only when it
// ends a sentence and stops short of the run's width (under 85% of its longest line).
//
// It joins in place: blocks' array holds the result.
func (s *splitter) joinDoubleSpaced(blocks []block) []block {
	out := blocks[:0] // written at or behind the block read, never ahead
	for i := 0; i < len(blocks); {
		j := i
		for j+1 < len(blocks) && len(blocks[j].lines) == 1 && len(blocks[j+1].lines) == 1 &&
			blocks[j+1].start == blocks[j].start+2 {
			j++
		}
		// The longest double-spaced tail of the chain [i, j] (the blocks before it stay as
		// they are), found in one pass from the end so that a long chain of one-line
		// paragraphs takes linear time.
		k := doubleSpacedFrom(blocks[i : j+1])
		out = append(out, blocks[i:i+k]...)
		run := blocks[i+k : j+1]
		if len(run) == 0 {
			i = j + 1
			continue
		}
		width := 0
		for _, b := range run {
			width = max(width, utf8.RuneCountInString(strings.TrimSpace(b.lines[0])))
		}
		cur := run[0]
		cur.lines = append([]string(nil), cur.lines...)
		cur.nums = append([]int(nil), cur.nums...)
		for _, b := range run[1:] {
			prev := strings.TrimSpace(cur.lines[len(cur.lines)-1])
			if endsSentence(prev) && utf8.RuneCountInString(prev)*100 < width*85 {
				out = append(out, cur)
				cur = block{start: b.start, lines: []string{b.lines[0]}, nums: []int{b.nums[0]}}
				continue
			}
			cur.lines = append(cur.lines, b.lines[0])
			cur.nums = append(cur.nums, b.nums[0])
		}
		out = append(out, cur)
		i = j + 1
	}
	return out
}

// doubleSpacedFrom returns the least k such that chain[k:] is double-spaced text (see
// joinDoubleSpaced): at least four one-line blocks, none over 80 characters, most of them not
// ending a sentence, a clause (";") or an introduction (":"); len(chain) when no tail is.
func doubleSpacedFrom(chain []block) int {
	found := len(chain)
	open := 0
	for k := len(chain) - 1; k >= 0; k-- {
		l := strings.TrimSpace(chain[k].lines[0])
		if utf8.RuneCountInString(l) > 80 {
			break // no tail that holds this line qualifies
		}
		if !endsSentence(l) && !strings.HasSuffix(l, ":") && !strings.HasSuffix(l, ";") {
			open++
		}
		if n := len(chain) - k; n >= 4 && open*2 > n {
			found = k
		}
	}
	return found
}

// endsSentence reports whether s ends with sentence-final punctuation, possibly followed by
// closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, "\"'”’)]*_ ")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!")
}

// atxHeading returns the level (1-6) and text of a markdown ATX heading line, or 0: also for a
// heading over maxHeadingRunes characters, which is read as a paragraph.
func atxHeading(l string) (int, string) {
	n := 0
	for n < len(l) && l[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(l) && l[n] != ' ' && l[n] != '\t') {
		return 0, ""
	}
	h := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(l[n:]), "#"))
	if utf8.RuneCountInString(h) > maxHeadingRunes {
		return 0, ""
	}
	return n, h
}

// sectionMarker matches a paragraph of plain text that opens a numbered section of its
// article in the text itself, as the US Constitution writes them ("SECTION. 3. The Senate …",
// "Section 2. …", "Sec. 4."), the number in its group.
var sectionMarker = regexp.MustCompile(`^\s*(?:SECTION|Section|SEC|Sec)\.?\s+(\d{1,3})\.\s`)

// IsSectionLabel reports whether a heading is one that the splitter made of a section marker
// in the text ("Section 3"; see sectionMarker).
func IsSectionLabel(h string) bool { return sectionLabel.MatchString(h) }

var sectionLabel = regexp.MustCompile(`^Section \d{1,3}$`)

// deepHeadingText returns line without the marker of a markdown heading deeper than level
// 6 ("######## (A) In implementing …"), which CommonMark reads as a paragraph: the run of
// "#" is markup, not the source's words, so the paragraph is quoted without it. Any other
// line is returned as it is.
func deepHeadingText(line string) string {
	t := strings.TrimLeft(line, " \t")
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	if n <= 6 || n == len(t) || t[n] != ' ' && t[n] != '\t' {
		return line
	}
	return strings.TrimLeft(t[n:], " \t")
}

// structural matches a heading that numbers a part of a text: "Chapter I. LAYING PLANS",
// "ARTICLE I", "AMENDMENT XIV", "FEDERALIST No. 8", "Part 2".
var structural = regexp.MustCompile(`^[A-Za-z]+\.?\s+(?:No\.?\s*)?(?:[0-9]+|[IVXLCDM]+)\b`)

// NumbersUnit reports whether a heading numbers a part of a text ("FEDERALIST No. 10",
// "ARTICLE I", "Chapter I. LAYING PLANS", "Title 10— ARMED FORCES").
func NumbersUnit(heading string) bool { return structural.MatchString(heading) }

// footnoteRef matches a trailing footnote reference such as " [1]".
var footnoteRef = regexp.MustCompile(`\s*\[[0-9]+\]$`)

// maxTitleRunes is the most characters of a title line in plain text.
const maxTitleRunes = 70

// isTitleLike reports whether a block's text reads as a title line in plain text: at most
// maxTitleRunes characters and 10 words, starting with a letter, digit or quote, not ending like a sentence
// or a clause (".", ",", ";"), and not all digits or punctuation.
func isTitleLike(t string) bool {
	if t == "" || utf8.RuneCountInString(t) > maxTitleRunes || len(strings.Fields(t)) > 10 {
		return false
	}
	end := footnoteRef.ReplaceAllString(t, "")
	end = strings.TrimRight(end, "\"'”’)] ")
	last, _ := utf8.DecodeLastRuneInString(end)
	if strings.ContainsRune(".,;:!", last) && !strings.HasSuffix(end, "...") {
		return false
	}
	if strings.Contains(t, ": ") || strings.HasSuffix(end, "—") {
		return false // a clause introducing speech or a list, not a title
	}
	first, _ := utf8.DecodeRuneInString(t)
	if listItem.MatchString(t) {
		return false // "27. When there is much running about" is a numbered item
	}
	if unicode.IsLower(first) || first == '[' || first == '(' || first == '-' || first == '*' {
		return false
	}
	letters := 0
	for _, r := range t {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// isPersonName reports whether t looks like a byline: two to four capitalised words, one of
// them a name: a word WordNet does not know, or knows only as a proper noun ("David Chuter",
// "Alexander Hamilton"). A heading's words are all common words ("Annual Leave" under a
// policy's title was taken for its author).
func isPersonName(t string) bool {
	words := strings.Fields(t)
	if len(words) < 2 || len(words) > 4 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	lex := lexicon.Builtin()
	return slices.ContainsFunc(words, func(w string) bool {
		w = strings.ToLower(strings.TrimRight(w, ".,"))
		return !lex.IsLemma(w) && len(lex.Lemmas(w)) == 0 && !headingFunctionWords[w] || lex.IsProperNoun(w)
	})
}

// headingFunctionWords are the words of a heading that WordNet, which holds only nouns,
// verbs, adjectives and adverbs, does not know ("The Vehicle Use", "Rules of the Road").
var headingFunctionWords = map[string]bool{"the": true, "a": true, "an": true, "of": true, "and": true, "or": true,
	"for": true, "to": true, "in": true, "on": true, "at": true, "by": true, "with": true, "from": true, "our": true, "your": true}

// paragraph is a unit of text with its lines, before packing into passages.
type paragraph struct {
	text        string
	first, last int // 0-based line indexes
	headings    []string
	// starts holds the byte offset in text where each source line begins, and lines the
	// 0-based index of that line, for mapping a part of the text back to its lines.
	starts, lines []int
	// pages holds the 1-based page of each source line (parallel to lines), or is nil for
	// formats without pages.
	pages []int
}

// pageAt returns the 1-based page holding byte offset off of the paragraph's text, or 0.
func (p *paragraph) pageAt(off int) int {
	if p.pages == nil {
		return 0
	}
	i := sort.Search(len(p.starts), func(i int) bool { return p.starts[i] > off }) - 1
	return p.pages[max(i, 0)]
}

// split walks the content's blocks, tracks the heading path and packs paragraphs into passages.
func (s *splitter) split() {
	blocks := s.blocks(s.first, s.end)
	if !s.markdown { // in markdown a blank line always ends a paragraph
		blocks = s.joinDoubleSpaced(joinWrappedTitles(blocks))
	}
	var (
		path     []string
		pk       = packer{s: s} // packs the current section's paragraphs
		bodySize int            // bytes of body text since the last heading
		longest  int            // bytes of the longest paragraph since the last heading
		lastWasH bool
		level1   bool // whether path[0] is a structural (level-1) heading in plain text
	)
	flush := pk.flush
	for bi, b := range blocks {
		if s.markdown {
			if level, h := atxHeading(strings.TrimSpace(b.lines[0])); level > 0 && len(b.lines) == 1 {
				flush()
				if level-1 < len(path) {
					path = path[:level-1]
				}
				for len(path) < level-1 {
					path = append(path, "")
				}
				path = append(path, h)
				continue
			}
			b.lines[0] = deepHeadingText(b.lines[0])
		} else if s.isHeading(blocks, bi) {
			h := b.text()
			switch {
			case structural.MatchString(h):
				flush()
				path, level1 = []string{h}, true
			case lastWasH && !level1:
				// A line right under a slide's title is the slide's first line, not a title.
				goto body
			case lastWasH || (level1 && len(path) < 3 && bodySize < 300 && longest < 100):
				// A subtitle right under a numbered heading, or after a short byline, extends
				// the path.
				if len(path) < 3 {
					path = append(path, h)
				} else {
					path[len(path)-1] = h
				}
			default:
				flush()
				if level1 {
					path = []string{path[0], h}
				} else {
					path = []string{h}
				}
			}
			lastWasH, bodySize, longest = true, 0, 0
			continue
		}
	body:
		if !s.markdown && level1 && len(b.lines) > 0 {
			if m := sectionMarker.FindStringSubmatch(b.lines[0]); m != nil {
				// "SECTION. 3. The Senate …" opens a section of an article: it is cited
				// as "ARTICLE I › Section 3", and no passage runs from one into the next.
				flush()
				path = []string{path[0], "Section " + m[1]}
				lastWasH, bodySize, longest = false, 0, 0
			}
		}
		text, starts := reflow(b.lines, b.code)
		p := paragraph{text: text, first: b.nums[0], last: b.nums[len(b.nums)-1], headings: compact(path), starts: starts, lines: b.nums}
		pk.add(p)
		bodySize += len(p.text)
		longest = max(longest, len(p.text))
		lastWasH = false
	}
	flush()
}

// isHeading decides whether block i of plain text is a title line. A question ("What is the
// security sector?") is a title only when it stands alone between statements: not right after
// another title and not followed by a title or another question.
func (s *splitter) isHeading(blocks []block, i int) bool {
	b := blocks[i]
	if len(b.lines) > 3 {
		return false
	}
	t := b.text()
	if !b.title && !isTitleLike(t) {
		return false
	}
	if len(b.lines) > 1 && !b.title && !strings.HasPrefix(strings.TrimSpace(b.lines[0]), "**") {
		return false // a multi-line title must be marked as one (bold) or wrapped as one
	}
	if i > 0 && i+1 < len(blocks) && len(blocks[i-1].lines) > 1 && gapBefore(blocks, i) < gapBefore(blocks, i+1) {
		// Set closer to the paragraph above than to what follows, a short line closes that
		// paragraph (a signature such as "Bob Sutton" at the end of a preface): a title binds
		// to what it heads (the Gestalt law of proximity). A dateline of one line ("For the
		// Independent Journal.") is no such paragraph.
		return false
	}
	if strings.HasSuffix(t, "?") {
		if i == 0 || i+1 >= len(blocks) {
			return false
		}
		prev, next := blocks[i-1].text(), blocks[i+1].text()
		prevHeading := isTitleLike(prev) && !strings.HasSuffix(prev, "?") && len(blocks[i-1].lines) <= 3
		nextHeading := isTitleLike(next) && len(blocks[i+1].lines) <= 3
		return !prevHeading && !nextHeading && sharesContentWord(t, next)
	}
	return true
}

// gapBefore returns the number of blank (or skipped) lines between block i and the block
// before it.
func gapBefore(blocks []block, i int) int {
	prev := blocks[i-1]
	return blocks[i].start - (prev.nums[len(prev.nums)-1] + 1)
}

// sharesContentWord reports whether b repeats a content word of question q: a word of four
// letters or more, in any case, other than a question word or a common function word. A
// heading announces what follows (lexical cohesion, Halliday & Hasan 1976), so a question
// whose words the next block does not take up ("Why?", "Are drug cartels part of the health
// sector?" before "In operational terms …") is a rhetorical question closing the paragraph
// before it, not a title.
func sharesContentWord(q, b string) bool {
	words := func(s string) map[string]bool {
		out := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if utf8.RuneCountInString(w) >= 4 && !functionWords[w] {
				out[w] = true
			}
		}
		return out
	}
	next := words(b)
	for w := range words(q) {
		if next[w] {
			return true
		}
	}
	return false
}

// functionWords are the question words and common function words of four letters or more,
// which a heading and its text may share without sharing a topic.
var functionWords = map[string]bool{
	"what": true, "when": true, "where": true, "which": true, "whom": true, "whose": true,
	"that": true, "this": true, "these": true, "those": true, "there": true, "their": true,
	"they": true, "them": true, "then": true, "than": true, "with": true, "from": true,
	"into": true, "have": true, "does": true, "been": true, "were": true, "will": true,
	"would": true, "should": true, "could": true, "shall": true, "about": true, "some": true,
}

// compact returns path without empty entries (markdown may skip heading levels).
func compact(path []string) []string {
	var out []string
	for _, h := range path {
		if h != "" {
			out = append(out, h)
		}
	}
	return out
}

// listItem matches a line that starts a list item and so keeps its own line when reflowed.
var listItem = regexp.MustCompile(`^\s*(?:[-*+•]\s|\(?(?:[0-9]{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]\s|\([0-9a-zA-Z]{1,4}\)\s)`)

// maxShortLine is the longest line, in characters, that linesApart takes for a line of its
// own rather than part of hard-wrapped text, which wraps at 60 to 80.
const maxShortLine = 30

// linesApart reports whether line cur, after line prev of the same block, starts a line of its
// own rather than continuing prev's wrapped sentence: prev is short (maxShortLine), ends in a
// letter or digit (no punctuation, so no clause runs on) and cur opens with a capital, as in
// a slide's "The End" over "Thank you".
func linesApart(prev, cur string) bool {
	prev, cur = strings.TrimSpace(prev), strings.TrimSpace(cur)
	last, _ := utf8.DecodeLastRuneInString(prev)
	first, _ := utf8.DecodeRuneInString(cur)
	return prev != "" && utf8.RuneCountInString(prev) <= maxShortLine && (unicode.IsLetter(last) || unicode.IsDigit(last)) && unicode.IsUpper(first)
}

// reflow joins a paragraph's hard-wrapped lines with single spaces, keeping list items and
// lines apart (see linesApart) on lines of their own, and every line on its own when
// keepLines is set (a code fence), and collapsing runs of white space inside lines. It
// returns the text and the byte offset in it where each non-blank line begins.
func reflow(lines []string, keepLines bool) (string, []int) {
	var b strings.Builder
	starts := make([]int, 0, len(lines))
	for i, l := range lines {
		// The line's words, one space between them, written as they come (as
		// strings.Join(strings.Fields(l), " ") would give them).
		words := 0
		for w := range strings.FieldsSeq(l) {
			if words > 0 {
				b.WriteByte(' ')
			} else {
				if i > 0 && b.Len() > 0 {
					if keepLines || listItem.MatchString(l) && !strings.HasPrefix(strings.TrimSpace(l), "**") || linesApart(lines[i-1], l) {
						b.WriteByte('\n')
					} else {
						b.WriteByte(' ')
					}
				}
				starts = append(starts, b.Len())
			}
			b.WriteString(w)
			words++
		}
		if words == 0 {
			starts = append(starts, b.Len())
		}
	}
	return b.String(), starts
}

// pack turns a section's paragraphs into passages: a tiny paragraph (under MinPassage) joins
// its neighbour when the two fit in MaxPassage; a paragraph over MaxPassage is cut between
// sentences.
func (s *splitter) pack(paras []paragraph) {
	k := packer{s: s}
	for _, p := range paras {
		k.add(p)
	}
	k.flush()
}

// packer does what pack does one paragraph at a time, for a section too long to hold whole:
// a text of a million one-line paragraphs and no heading is one section, which, held as
// paragraphs, took over 200 bytes of memory per byte of text. Its memory is the passage it is
// building.
type packer struct {
	s   *splitter
	cur *paragraph // the passage being built, nil before the first paragraph
	buf []byte     // cur's text, grown in place: joining a tiny paragraph copies only it
	// note is whether the last paragraph added is an editor's note in brackets (see isNote).
	note bool
}

// add packs paragraph p after those added since the last flush.
func (k *packer) add(p paragraph) {
	if len(p.text) <= MaxPassage {
		k.addPiece(p) // no cutting, and no slice of one piece to allocate
		return
	}
	for _, piece := range k.s.cutLong(p) {
		k.addPiece(piece)
	}
}

// addPiece joins p, at most MaxPassage long, to the passage being built when either is tiny
// and the two fit in MaxPassage; otherwise it emits that passage and starts one with p. An
// annotated translation follows each numbered paragraph of its text with the editor's notes
// on it, in brackets, and a passage keeps them together: a note joins the passage being
// built whenever the two fit, tiny or not, and a tiny numbered paragraph after a note
// ("18. All warfare is based on deception.") joins only a tiny passage, since the passage
// being built ends with the notes on the paragraph before and the notes after it are its own.
func (k *packer) addPiece(p paragraph) {
	note := isNote(p.text)
	defer func() { k.note = note }()
	if k.cur != nil && len(k.buf)+2+len(p.text) <= MaxPassage &&
		(len(k.buf) < MinPassage || note || len(p.text) < MinPassage && !(k.note && numberedParagraph.MatchString(p.text))) {
		off := len(k.buf) + 2
		k.buf = append(append(k.buf, "\n\n"...), p.text...)
		for i := range p.starts {
			k.cur.starts = append(k.cur.starts, off+p.starts[i])
			k.cur.lines = append(k.cur.lines, p.lines[i])
			if k.cur.pages != nil {
				k.cur.pages = append(k.cur.pages, p.pages[i])
			}
		}
		k.cur.last = p.last
		k.cur.headings = p.headings
		return
	}
	k.flush()
	// A copy on the heap for the passage begun, so that p itself stays on the stack: taking
	// its address would move every paragraph added to the heap.
	cur := p
	cur.starts, cur.lines, cur.pages = slices.Clone(p.starts), slices.Clone(p.lines), slices.Clone(p.pages)
	k.cur = &cur
	k.buf = append(k.buf[:0], p.text...)
}

// numberedParagraph matches a paragraph that a number or numbers open, as the numbered
// paragraphs of a treatise are opened ("18. All warfare …", "5, 6. _The Moral Law_ …").
var numberedParagraph = regexp.MustCompile(`^[0-9]{1,3}(, ?[0-9]{1,3})*\.\s+\S`)

// isNote reports whether a paragraph is an editor's note: all of it in square brackets
// ("[Tu Mu says: …]"), as an annotated translation sets its commentary apart.
func isNote(text string) bool {
	t := strings.TrimSpace(text)
	return strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]")
}

// flush emits the passage being built, if any.
func (k *packer) flush() {
	cur := k.cur
	if cur == nil {
		return
	}
	if len(k.s.doc.Passages) >= MaxPassages {
		k.s.doc.overflow++ // Parse fails: no memory for passages it would not keep
		k.cur = nil
		return
	}
	cur.text = string(k.buf)
	k.s.doc.Passages = append(k.s.doc.Passages, Passage{
		Headings: cur.headings, Text: cur.text, FirstLine: cur.first + 1, LastLine: cur.last + 1,
		FirstPage: cur.pageAt(0), LastPage: cur.pageAt(len(cur.text) - 1),
	})
	k.cur = nil
}

// cutLong cuts a paragraph longer than MaxPassage between sentences into near-equal parts.
// A "sentence" over maxSentence bytes (a text with no sentence ends) is cut between words.
// The line range of each part is that of the lines its words came from.
func (s *splitter) cutLong(p paragraph) []paragraph {
	if len(p.text) <= MaxPassage {
		return []paragraph{p}
	}
	var spans []Span
	for _, sen := range Sentences(p.text) {
		spans = append(spans, splitWords(p.text, sen, MaxPassage, maxSentence)...)
	}
	parts := (len(p.text) + MaxPassage - 1) / MaxPassage
	target := len(p.text) / parts
	var out []paragraph
	start := spans[0].Start
	for i, sen := range spans {
		last := i == len(spans)-1
		size := sen.End - start
		if last || size >= target || spans[i+1].End-start > MaxPassage {
			q := paragraph{text: p.text[start:sen.End], headings: p.headings}
			q.first, q.last = p.lineAt(start), p.lineAt(sen.End-1)
			if p.pages != nil {
				q.starts, q.lines = []int{0, len(q.text) - 1}, []int{q.first, q.last}
				q.pages = []int{p.pageAt(start), p.pageAt(sen.End - 1)}
			}
			out = append(out, q)
			if !last {
				start = spans[i+1].Start
			}
		}
	}
	return out
}

// maxSentence is the longest run of text, in bytes, that counts as one sentence; a longer one
// is no sentence (a list or a text without punctuation) and is cut between words.
const maxSentence = 3 * MaxPassage

// splitWords returns sen as is when it is at most limit bytes long, else cut between words
// into pieces of at most size bytes. A word longer than size stays whole up to limit bytes;
// a longer one is no word (a data URI, a megabyte of "governance,governance,…") and is cut
// every size bytes, between characters.
func splitWords(text string, sen Span, size, limit int) []Span {
	if sen.End-sen.Start <= limit {
		return []Span{sen}
	}
	var out []Span
	start := sen.Start
	for start < sen.End {
		end := min(start+size, sen.End)
		if end < sen.End {
			if cut := strings.LastIndexAny(text[start:end], " \n"); cut > 0 {
				end = start + cut
			} else if next := strings.IndexAny(text[end:max(end, min(start+limit+1, sen.End))], " \n"); next >= 0 {
				// Only a space within limit of start is looked for, so that a long run of text
				// without one is read once, not once for each cut.
				end += next
			} else if sen.End-start <= limit {
				end = sen.End
			} else {
				for end > start+1 && !utf8.RuneStart(text[end]) {
					end--
				}
			}
		}
		out = append(out, Span{start, end})
		start = skipSpace(text, end)
	}
	return out
}

// lineAt returns the 0-based source line holding byte offset off of the paragraph's text.
func (p *paragraph) lineAt(off int) int {
	i := sort.Search(len(p.starts), func(i int) bool { return p.starts[i] > off }) - 1
	if i < 0 {
		return p.first
	}
	return p.lines[i]
}

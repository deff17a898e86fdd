package corpus

import "unicode/utf8"

// part is one block of a structured document (HTML, PDF, DOCX) before it is packed into
// passages: a heading or a paragraph of body text.
type part struct {
	// level is 1–6 for a heading, 0 for body text.
	level int
	// text is the block's display text: words separated by single spaces, lines of a list or
	// table separated by "\n".
	text string
	// first and last are the 1-based lines (or ordinals, see Passage.FirstLine) of the block.
	first, last int
	// starts, lines and pages optionally map the text back to its source: the byte offset in
	// text where each source line begins, its 0-based line and its 1-based page. Only PDF
	// fills them; otherwise the block maps to first and last.
	starts, lines, pages []int
	// join marks a list item or table row: it is appended, on a line of its own, to the
	// block before it when that is of the same kind.
	join string
}

// appendPart appends p to parts, joining a list item or table row to the one before it. A
// heading over maxHeadingRunes characters is appended as body text.
func appendPart(parts []part, p part) []part {
	if p.text == "" {
		return parts
	}
	if p.level > 0 && utf8.RuneCountInString(p.text) > maxHeadingRunes {
		p.level = 0
	}
	if n := len(parts); p.join != "" && n > 0 && parts[n-1].join == p.join && parts[n-1].level == 0 && p.level == 0 {
		parts[n-1].text += "\n" + p.text
		parts[n-1].last = p.last
		return parts
	}
	return append(parts, p)
}

// packParts splits a structured document's blocks into doc's passages: headings give the
// heading path (a level-n heading replaces the path from level n down), body blocks are
// packed as the paragraphs of plain text are (see pack). A document of headings only gets no
// passage: it has nothing to quote, and Parse finds it empty.
func packParts(doc *Document, parts []part) {
	s := &splitter{doc: doc}
	var path []string
	var pending []paragraph
	for _, p := range parts {
		if p.level > 0 {
			s.pack(pending)
			pending = nil
			path = path[:min(len(path), p.level-1)]
			for len(path) < p.level-1 {
				path = append(path, "")
			}
			path = append(path, p.text)
			continue
		}
		pending = append(pending, p.paragraph(compact(path)))
	}
	s.pack(pending)
}

// paragraph returns p as a paragraph under headings.
func (p part) paragraph(headings []string) paragraph {
	q := paragraph{text: p.text, first: p.first - 1, last: p.last - 1, headings: headings,
		starts: p.starts, lines: p.lines, pages: p.pages}
	if q.starts == nil {
		q.starts, q.lines = []int{0, max(len(p.text)-1, 0)}, []int{q.first, q.last}
	}
	return q
}

package corpus

import (
	"slices"
	"unicode/utf8"
)

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

// partJoiner takes a structured document's blocks one at a time and passes them on to emit,
// each list item or table row joined, on a line of its own, to the block before it when that
// is of the same kind (see part.join). It holds the last block until the next one, or close,
// shows that nothing more joins it. A heading over maxHeadingRunes characters is passed on
// as body text, and a block with no text is dropped. The text of a block that others join
// grows in one buffer, so that a list of a million items costs its length, where joining
// strings copied the list so far for each item.
type partJoiner struct {
	emit    func(part)
	held    part   // the last block, whose text is buf once another has joined it
	holding bool   // whether held is a block
	joined  bool   // whether another block has joined held
	buf     []byte // held's text, once joined
}

// add takes the next block.
func (j *partJoiner) add(p part) {
	if p.text == "" {
		return
	}
	if p.level > 0 && utf8.RuneCountInString(p.text) > maxHeadingRunes {
		p.level = 0
	}
	if j.holding && p.join != "" && j.held.join == p.join && j.held.level == 0 && p.level == 0 {
		if !j.joined {
			j.buf = append(j.buf[:0], j.held.text...)
			j.joined = true
		}
		j.buf = append(append(j.buf, '\n'), p.text...)
		j.held.last = p.last
		return
	}
	j.close()
	j.held, j.holding = p, true
}

// close passes on the block held, if any.
func (j *partJoiner) close() {
	if !j.holding {
		return
	}
	p := j.held
	if j.joined {
		p.text = string(j.buf)
	}
	j.held, j.holding, j.joined = part{}, false, false
	j.emit(p)
}

// partPacker packs a structured document's blocks into its passages one at a time, as they
// are read: headings give the heading path (a level-n heading replaces the path from level n
// down), body blocks are packed as the paragraphs of plain text are (see packer). It holds
// no more than the passage it is building, so that a document of millions of paragraphs is
// not held as blocks too.
type partPacker struct {
	k        packer
	path     []string // the heading path, "" for a level skipped
	headings []string // path without the levels skipped, shared by the blocks under it
}

// newPartPacker returns a partPacker that appends doc's passages.
func newPartPacker(doc *Document) *partPacker {
	return &partPacker{k: packer{s: &splitter{doc: doc}}}
}

// add packs the next block.
func (pp *partPacker) add(p part) {
	if p.level == 0 {
		pp.k.add(p.paragraph(pp.headings))
		return
	}
	pp.k.flush()
	pp.path = pp.path[:min(len(pp.path), p.level-1)]
	for len(pp.path) < p.level-1 {
		pp.path = append(pp.path, "")
	}
	pp.path = append(pp.path, p.text)
	// Clipped, so that appending to one passage's headings cannot write into another's.
	pp.headings = slices.Clip(compact(pp.path))
}

// close emits the passage being built.
func (pp *partPacker) close() { pp.k.flush() }

// packParts splits a structured document's blocks into doc's passages (see partPacker). A
// document of headings only gets no passage: it has nothing to quote, and Parse finds it
// empty.
func packParts(doc *Document, parts []part) {
	pp := newPartPacker(doc)
	for _, p := range parts {
		pp.add(p)
	}
	pp.close()
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

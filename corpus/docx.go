package corpus

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxDOCXDepth bounds how deep word/document.xml may nest its elements: the XML decoder keeps
// every open element, so that a part of 200 MB (see maxDOCXPart) nesting one element in the
// next 25 million times took 3.5 GB. Word's own documents nest a few dozen deep, tables in
// tables included.
const maxDOCXDepth = 10_000

// parseDOCX reads a Word document (Office Open XML, ECMA-376) into doc with the standard
// library's archive/zip and encoding/xml: the body's paragraphs (w:p) in order, a paragraph
// styled "Heading 1".."Heading 6" (or given an outline level) as a heading of that level,
// "Title" as the title; list paragraphs one per line; a table one row per line, its cells
// separated by " | ", a table nested in a cell read as words of that cell (see readDOCXBody).
// Metadata from docProps/core.xml: title (dc:title), author (dc:creator) and edition (the date
// of dcterms:created, YYYY-MM-DD). Passage lines are the ordinals of the first and last body
// paragraph (counting every w:p, empty ones included). A part that decompresses to over
// maxDOCXPart(limit) bytes is refused (ErrTooLarge) before it is read: a guard against zip
// bombs (archive/zip fails a part that inflates to more than its header says); so is a body
// whose text, written as plain text, would be over limit bytes, the limit of a plain text file
// (see readDOCXBody). The body is packed into passages as it is read, block by block. Errors
// name the file: ErrNotWord for a zip archive without word/document.xml (another Office or zip
// file), ErrMalformed for a file that is no zip archive or whose XML does not parse.
func parseDOCX(doc *Document, name string, raw []byte, limit int64) error {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return fmt.Errorf("corpus: %s: %w: not a zip archive: %v", QuotePath(name), ErrMalformed, err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	body, ok := files["word/document.xml"]
	if !ok {
		return fmt.Errorf("corpus: %s: %w (no word/document.xml)", QuotePath(name), ErrNotWord)
	}
	for _, part := range []string{"word/document.xml", "word/styles.xml", "docProps/core.xml"} {
		if f := files[part]; f != nil && f.UncompressedSize64 > uint64(maxDOCXPart(limit)) {
			return fmt.Errorf("corpus: %s: %w: %s decompresses to %d bytes, over %s (%d × the size limit)",
				QuotePath(name), ErrTooLarge, part, f.UncompressedSize64, sizeText(maxDOCXPart(limit)), docxPartFactor)
		}
	}
	styles := map[string]int{} // style ID → heading level; -1 for the title style
	if f := files["word/styles.xml"]; f != nil {
		if err := readDOCXStyles(f, styles); err != nil {
			return fmt.Errorf("corpus: %s: %w: word/styles.xml: %v", QuotePath(name), ErrMalformed, err)
		}
	}
	if f := files["docProps/core.xml"]; f != nil {
		if err := readDOCXCore(f, doc); err != nil {
			return fmt.Errorf("corpus: %s: %w: docProps/core.xml: %v", QuotePath(name), ErrMalformed, err)
		}
	}
	pp := newPartPacker(doc)
	blocks := partJoiner{emit: pp.add}
	title, err := readDOCXBody(body, styles, limit, blocks.add)
	if errors.Is(err, ErrTooLarge) {
		return fmt.Errorf("corpus: %s: %w", QuotePath(name), err)
	}
	if err != nil {
		return fmt.Errorf("corpus: %s: %w: word/document.xml: %v", QuotePath(name), ErrMalformed, err)
	}
	blocks.close()
	pp.close()
	setIfEmpty(&doc.Title, title)
	return nil
}

// docxPartFactor is how many times the input's size limit a part of a DOCX may decompress to.
const docxPartFactor = 4

// maxDOCXPart is the largest uncompressed part of a DOCX read, in bytes, for an input size
// limit of limit bytes: docxPartFactor × limit.
func maxDOCXPart(limit int64) int64 {
	return docxPartFactor * limit
}

// readDOCXStyles maps paragraph style IDs to heading levels from the styles' names
// ("heading 1" → 1, "Title" → -1) or outline levels (w:outlineLvl 0 → 1).
func readDOCXStyles(f *zip.File, styles map[string]int) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	var s struct {
		Styles []struct {
			ID      string `xml:"styleId,attr"`
			Name    val    `xml:"name"`
			Outline *val   `xml:"pPr>outlineLvl"`
		} `xml:"style"`
	}
	if err := xml.NewDecoder(rc).Decode(&s); err != nil {
		return err
	}
	for _, st := range s.Styles {
		if lv := headingLevel(st.Name.Val); lv != 0 {
			styles[st.ID] = lv
		} else if st.Outline != nil {
			var n int
			if _, err := fmt.Sscan(st.Outline.Val, &n); err == nil && n >= 0 && n < 6 {
				styles[st.ID] = n + 1
			}
		}
	}
	return nil
}

// val is an element whose w:val attribute is its value.
type val struct {
	Val string `xml:"val,attr"`
}

// headingLevel returns 1–6 for a style named "heading N" (or its ID "HeadingN"), -1 for
// "Title", else 0.
func headingLevel(style string) int {
	s := strings.ToLower(strings.ReplaceAll(style, " ", ""))
	if s == "title" {
		return -1
	}
	if rest, ok := strings.CutPrefix(s, "heading"); ok && len(rest) == 1 && rest[0] >= '1' && rest[0] <= '6' {
		return int(rest[0] - '0')
	}
	return 0
}

// readDOCXCore reads title, author and creation date from docProps/core.xml.
func readDOCXCore(f *zip.File, doc *Document) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	var c struct {
		Title   string `xml:"title"`
		Creator string `xml:"creator"`
		Created string `xml:"created"`
	}
	if err := xml.NewDecoder(rc).Decode(&c); err != nil {
		return err
	}
	setIfEmpty(&doc.Title, c.Title)
	setIfEmpty(&doc.Author, c.Creator)
	if len(c.Created) >= 10 {
		setIfEmpty(&doc.Edition, c.Created[:10])
	}
	return nil
}

// readDOCXBody walks word/document.xml, passing its blocks to emit in order, and returns the
// text of the first paragraph in the Title style, if any. A table (w:tbl) is a block of its
// rows, one a line, each its cells (w:tc) separated by " | ", each cell its paragraphs
// separated by spaces. A table nested in a cell is read as paragraphs of the outermost table's
// cell that holds it, in order, its rows and cells separated by spaces as well, so that each
// paragraph's text is written once however deep the tables nest: when the rows and cells of
// each table were kept, each cell repeated the text of every table inside it, and 10,000
// tables nested in a 27 KB file gave 389 MB of text. Its text is bounded by limit bytes, the
// size limit of the input: the characters of its text elements (w:t), tabs and breaks, and a
// byte for each paragraph (w:p) and three for each cell of an outermost table, the separators
// that write them as plain text (a line break or a space, " | "), may come to at most limit
// bytes, beyond which it fails with an error wrapping ErrTooLarge. Blocks are passed on as
// they are read, and the buffers here are reused, so that a paragraph costs what the XML
// decoder allocates for its tokens: 2 million one-letter paragraphs (46 MB of XML, 114 KB
// zipped) took 1.3 GB when they were gathered before they were packed, 27 MB since, and 8
// million took 6.5 GB.
func readDOCXBody(f *zip.File, styles map[string]int, limit int64, emit func(part)) (string, error) {
	rc, err := f.Open()
	if err != nil {
		return "", err
	}
	defer rc.Close()
	const w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	d := xml.NewDecoder(rc)
	var (
		title    string
		n        int    // paragraph ordinal
		text     []byte // the current paragraph's text as read
		clean    []byte // a paragraph's text with its white space cleaned (see appendLines)
		used     int64  // bytes of text read, counted as the doc comment says
		level    int
		list     bool
		inText   bool
		table    int    // depth of w:tbl
		row      []byte // the current row of the outermost table: its cells, separated by " | "
		rowCells int    // cells in row
		cell     []byte // the current cell of the outermost table: its paragraphs, separated by " "
		cellN    int    // paragraphs with text in cell
		rowFirst int    // the ordinal of row's first paragraph
	)
	count := func(k int) error {
		if used += int64(k); used > limit {
			return fmt.Errorf("%w: word/document.xml holds over %s of text, the size limit", ErrTooLarge, sizeText(limit))
		}
		return nil
	}
	depth := 0 // of the element being read, any namespace's
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxDOCXDepth {
				return "", fmt.Errorf("%w: word/document.xml nests its elements over %d deep", ErrTooLarge, maxDOCXDepth)
			}
		case xml.EndElement:
			depth--
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != w {
				continue
			}
			switch t.Name.Local {
			case "p":
				n++
				text = text[:0]
				level, list = 0, false
				err = count(1)
			case "pStyle":
				level = styles[attr(t, "val")]
				if level == 0 {
					level = headingLevel(attr(t, "val"))
				}
			case "outlineLvl":
				var lv int
				if _, err := fmt.Sscan(attr(t, "val"), &lv); err == nil && lv >= 0 && lv < 6 && level == 0 {
					level = lv + 1
				}
			case "numPr":
				list = true
			case "t":
				inText = true
			case "tab":
				text = append(text, ' ')
				err = count(1)
			case "br", "cr":
				text = append(text, '\n')
				err = count(1)
			case "tbl":
				table++
			case "tr":
				if table == 1 {
					row, rowCells, rowFirst = row[:0], 0, n+1
				}
			case "tc":
				if table == 1 {
					cell, cellN = cell[:0], 0
					err = count(3)
				}
			}
		case xml.CharData:
			if inText {
				text = append(text, t...)
				err = count(len(t))
			}
		case xml.EndElement:
			if t.Name.Space != w {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				sep := byte('\n')
				if table > 0 || level > 0 {
					sep = ' ' // a cell's or a heading's lines are one line
				}
				if clean = appendLines(clean[:0], text, sep); len(clean) == 0 {
					break
				}
				switch {
				case table > 0:
					if cellN > 0 {
						cell = append(cell, ' ')
					}
					cell = append(cell, clean...)
					cellN++
				case level == -1:
					if title == "" {
						title = string(clean)
					} else {
						emit(part{text: string(clean), first: n, last: n})
					}
				case level > 0:
					emit(part{level: level, text: string(clean), first: n, last: n})
				case list:
					emit(part{text: "- " + string(clean), first: n, last: n, join: "item"})
				default:
					emit(part{text: string(clean), first: n, last: n})
				}
			case "tc":
				if table != 1 {
					break
				}
				if rowCells > 0 {
					row = append(row, " | "...)
				}
				row = append(row, cell...)
				rowCells++
			case "tr":
				// A row of empty cells is only separators: no text.
				if table == 1 && len(row) > 3*max(rowCells-1, 0) {
					emit(part{text: string(row), first: rowFirst, last: n, join: "row"})
				}
			case "tbl":
				table--
			}
		}
		if err != nil {
			return "", err
		}
	}
	return title, nil
}

// appendLines appends to dst the text of a DOCX paragraph as read (src): its control and
// bidirectional formatting characters dropped (see StripControls), each line's white space
// (unicode.IsSpace) collapsed to one space and trimmed, its empty lines dropped and the others
// separated by sep. It is strings.Fields applied to each line of StripControls(src), without
// their allocations.
func appendLines(dst, src []byte, sep byte) []byte {
	start := len(dst)
	line := false  // a character of the current line has been written
	space := false // white space since the last character written
	for i := 0; i < len(src); {
		r, size := rune(src[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(src[i:])
		}
		c := src[i : i+size]
		i += size
		switch {
		case r == '\n':
			line, space = false, false
		case r != '\t' && unicode.IsControl(r) || isBidiControl(r):
		case unicode.IsSpace(r):
			space = true
		default:
			switch {
			case !line && len(dst) > start:
				dst = append(dst, sep)
			case line && space:
				dst = append(dst, ' ')
			}
			dst = append(dst, c...)
			line, space = true, false
		}
	}
	return dst
}

// attr returns the value of the attribute named local of an element, whatever its namespace.
func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

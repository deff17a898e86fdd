package corpus

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// parseDOCX reads a Word document (Office Open XML, ECMA-376) into doc with the standard
// library's archive/zip and encoding/xml: the body's paragraphs (w:p) in order, a paragraph
// styled "Heading 1".."Heading 6" (or given an outline level) as a heading of that level,
// "Title" as the title; list paragraphs one per line; a table one row per line, its cells
// separated by " | ". Metadata from docProps/core.xml: title (dc:title), author (dc:creator)
// and edition (the date of dcterms:created, YYYY-MM-DD). Passage lines are the ordinals of
// the first and last body paragraph (counting every w:p, empty ones included). A part that
// decompresses to over maxDOCXPart(limit) bytes is refused (ErrTooLarge) before it is read:
// a guard against zip bombs (archive/zip fails a part that inflates to more than its header
// says). Errors name the file: ErrNotWord for a zip archive without word/document.xml
// (another Office or zip file), ErrMalformed for a file that is no zip archive or whose XML
// does not parse.
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
	parts, title, err := readDOCXBody(body, styles)
	if err != nil {
		return fmt.Errorf("corpus: %s: %w: word/document.xml: %v", QuotePath(name), ErrMalformed, err)
	}
	setIfEmpty(&doc.Title, title)
	packParts(doc, parts)
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

// readDOCXBody walks word/document.xml and returns its blocks and the text of a paragraph
// in the Title style, if any.
func readDOCXBody(f *zip.File, styles map[string]int) ([]part, string, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, "", err
	}
	defer rc.Close()
	const w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	d := xml.NewDecoder(rc)
	var (
		parts    []part
		title    string
		n        int // paragraph ordinal
		text     strings.Builder
		level    int
		list     bool
		inText   bool
		table    int      // depth of w:tbl
		row      []string // the cells of the current table row
		cell     []string // the paragraphs of the current cell
		rowFirst int
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != w {
				continue
			}
			switch t.Name.Local {
			case "p":
				n++
				text.Reset()
				level, list = 0, false
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
				text.WriteByte(' ')
			case "br", "cr":
				text.WriteByte('\n')
			case "tbl":
				table++
			case "tr":
				row, rowFirst = nil, n+1
			case "tc":
				cell = nil
			}
		case xml.CharData:
			if inText {
				text.WriteString(StripControls(string(t)))
			}
		case xml.EndElement:
			if t.Name.Space != w {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				var lines []string
				for _, l := range strings.Split(text.String(), "\n") {
					if l = strings.Join(strings.Fields(l), " "); l != "" {
						lines = append(lines, l)
					}
				}
				s := strings.Join(lines, "\n")
				switch {
				case s == "":
				case table > 0:
					cell = append(cell, strings.Join(lines, " "))
				case level == -1:
					if title == "" {
						title = s
					} else {
						parts = appendPart(parts, part{text: s, first: n, last: n})
					}
				case level > 0:
					parts = appendPart(parts, part{level: level, text: strings.Join(lines, " "), first: n, last: n})
				case list:
					parts = appendPart(parts, part{text: "- " + s, first: n, last: n, join: "item"})
				default:
					parts = appendPart(parts, part{text: s, first: n, last: n})
				}
			case "tc":
				row = append(row, strings.Join(cell, " "))
			case "tr":
				if strings.Trim(strings.Join(row, ""), " ") != "" && table == 1 {
					parts = appendPart(parts, part{text: strings.Join(row, " | "), first: rowFirst, last: n, join: "row"})
				}
			case "tbl":
				table--
			}
		}
	}
	return parts, title, nil
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

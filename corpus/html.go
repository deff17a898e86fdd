package corpus

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// htmlSkipped are the elements whose content is page furniture or code, not text: dropped
// with everything inside them. Header and footer are dropped only outside <main> and
// <article>, where they hold the site's banner and links rather than the article's title.
var htmlSkipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Nav: true, atom.Aside: true, atom.Form: true, atom.Svg: true, atom.Math: true,
	atom.Iframe: true, atom.Object: true, atom.Button: true, atom.Select: true,
	atom.Textarea: true, atom.Header: true, atom.Footer: true,
	atom.Dialog: true, atom.Menu: true,
}

// htmlBlocks are the elements that start and end a block of text.
var htmlBlocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Section: true, atom.Article: true,
	atom.Main: true, atom.Table: true, atom.Tr: true, atom.Ul: true, atom.Ol: true,
	atom.Dl: true, atom.Hr: true, atom.Figure: true, atom.Figcaption: true,
	atom.Caption: true, atom.Address: true, atom.Center: true, atom.Body: true,
	atom.Details: true, atom.Summary: true, atom.Thead: true, atom.Tbody: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
}

// parseHTML reads an HTML page into doc. The text is decoded from the charset the page
// declares when it is not UTF-8, then normalised (see Normalize). Kept: headings h1–h6 (the
// heading path, as markdown's "#"), paragraphs and other blocks, list items (one per line,
// "- " before each), tables (one row per line, cells separated by " | "). Dropped: the
// elements in htmlSkipped and hidden elements (the hidden attribute, aria-hidden="true", an
// inline style with display:none or visibility:hidden). Metadata: title from <title>, else
// the first h1 (the first h1 is not a heading when it comes first and the title starts with
// it, as in markdown); author from <meta name="author"> (or DC.creator); edition from
// <meta name="date"> (or DC.date, citation_publication_date, article:published_time);
// licence from <link rel="license">; source from <link rel="canonical">.
// Passage lines are source lines of the HTML: where the first text of the passage starts and
// the last ends.
func parseHTML(doc *Document, name string, raw []byte, limit int64) error {
	if !utf8.Valid(raw) && !bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(raw, []byte{0xFE, 0xFF}) {
		if enc, _, _ := charset.DetermineEncoding(raw, "text/html"); enc != nil {
			if decoded, err := enc.NewDecoder().Bytes(raw); err == nil {
				raw = decoded
			}
		}
	}
	text, err := normalize(name, raw, limit)
	if err != nil {
		return err
	}
	h := &htmlReader{doc: doc, line: 1}
	h.read(text)
	parts := h.parts
	setIfEmpty(&doc.Title, h.title)
	if len(parts) > 0 && parts[0].level == 1 && (doc.Title == "" || strings.HasPrefix(doc.Title, parts[0].text)) {
		setIfEmpty(&doc.Title, parts[0].text)
		parts = parts[1:]
	}
	for _, p := range parts {
		if doc.Title == "" && p.level == 1 {
			doc.Title = p.text
		}
	}
	packParts(doc, parts)
	return nil
}

// xhtmlRawEmpty matches an empty element written as XML writes one (<script src="a.js"/>) of
// the elements whose content HTML reads as raw text: HTML takes it for a start tag, and the
// rest of the page for its content up to its end tag. Attribute values may hold ">" in quotes.
var xhtmlRawEmpty = regexp.MustCompile(`(?i)<(script|style|title|textarea|iframe|noembed|noframes|noscript|xmp|plaintext)\b((?:[^>"']|"[^"]*"|'[^']*')*?)\s*/>`)

// xhtmlCDATA matches an XML CDATA section, whose content is text; HTML reads it as a comment.
var xhtmlCDATA = regexp.MustCompile(`(?s)<!\[CDATA\[(.*?)\]\]>`)

// xhtmlAsHTML returns an XHTML page (XHTML 1.x, or HTML in its XML syntax) as HTML reads what
// XML means by it, every line where it was (passages keep the page's lines): an empty element
// of those HTML reads as raw text (xhtmlRawEmpty) is given its end tag, and a CDATA section
// becomes its content, escaped. The rest of XML's syntax HTML reads as XML means it: <br/>,
// <p/>, an XML declaration (a comment to HTML), namespaces.
func xhtmlAsHTML(raw []byte) []byte {
	raw = xhtmlRawEmpty.ReplaceAll(raw, []byte("<${1}${2}></${1}>"))
	return xhtmlCDATA.ReplaceAllFunc(raw, func(m []byte) []byte {
		return []byte(html.EscapeString(string(m[len("<![CDATA[") : len(m)-len("]]>")])))
	})
}

// htmlReader holds the state of reading one HTML page.
type htmlReader struct {
	doc   *Document
	parts []part
	line  int // 1-based line of the tokenizer's position
	title string

	skip      atom.Atom // the element being skipped, or 0
	skipName  string
	skipDepth int // nesting of skip inside itself
	inTitle   bool
	inMain    int // depth of <main> and <article>
	pre       int // depth of <pre>

	cur         strings.Builder // text of the current block
	first, last int             // lines of the current block's first and last text
	level       int             // heading level of the current block, or 0
	join        string          // "item" or "row" when the current block is one
	cell        bool            // a table cell was opened in the current row
}

// read tokenises text and fills h.parts.
func (h *htmlReader) read(text string) {
	z := html.NewTokenizer(strings.NewReader(text))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		startLine := h.line
		h.line += bytes.Count(raw, []byte("\n"))
		switch tt {
		case html.TextToken:
			if h.skip != 0 {
				continue
			}
			// Text unescapes in place, in the buffer raw shares: "&amp;" would become "&" in
			// raw, and the rest of it shift.
			raw = bytes.Clone(raw)
			t := StripControls(string(z.Text())) // a character reference may name one (&#27;)
			if h.inTitle {
				h.title += t
				continue
			}
			h.text(t, raw, startLine)
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			if h.skip != 0 {
				if string(name) == h.skipName && tt == html.StartTagToken {
					h.skipDepth++
				}
				continue
			}
			if tt == html.StartTagToken && !isVoid(a) && (h.skipped(a) || hidden(attrs)) {
				h.flush()
				h.skip, h.skipName, h.skipDepth = max(a, 1), string(name), 0
				continue
			}
			h.start(a, attrs)
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if h.skip != 0 {
				if string(name) == h.skipName {
					if h.skipDepth == 0 {
						h.skip = 0
					} else {
						h.skipDepth--
					}
				}
				continue
			}
			h.end(a)
		}
	}
	h.flush()
	h.title = strings.Join(strings.Fields(h.title), " ")
}

// skipped reports whether element a is dropped with its content here.
func (h *htmlReader) skipped(a atom.Atom) bool {
	if (a == atom.Header || a == atom.Footer) && h.inMain > 0 {
		return false
	}
	return htmlSkipped[a]
}

// isVoid reports whether a is an element that has no end tag.
func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// hidden reports whether an element's attributes hide it.
func hidden(attrs map[string]string) bool {
	if _, ok := attrs["hidden"]; ok {
		return true
	}
	if strings.EqualFold(attrs["aria-hidden"], "true") {
		return true
	}
	style := strings.ToLower(strings.Join(strings.Fields(attrs["style"]), ""))
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}

func (h *htmlReader) start(a atom.Atom, attrs map[string]string) {
	switch a {
	case atom.Title:
		h.inTitle = true
		return
	case atom.Meta:
		h.meta(attrs)
		return
	case atom.Link:
		rel := strings.ToLower(attrs["rel"])
		if rel == "license" {
			setIfEmpty(&h.doc.Licence, attrs["href"])
		} else if rel == "canonical" {
			setIfEmpty(&h.doc.Source, attrs["href"])
		}
		return
	case atom.Main, atom.Article:
		h.inMain++
	case atom.Pre:
		h.pre++
	case atom.Br:
		if h.cur.Len() > 0 {
			h.cur.WriteByte('\n')
		}
		return
	case atom.Td, atom.Th:
		if h.cell {
			h.cur.WriteString(" | ")
		}
		h.cell = true
		return
	}
	if !htmlBlocks[a] {
		return
	}
	h.flush()
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		h.level = int(a.String()[1] - '0')
	case atom.Li:
		h.join = "item"
		h.cur.WriteString("- ")
	case atom.Tr:
		h.join, h.cell = "row", false
	}
}

func (h *htmlReader) end(a atom.Atom) {
	switch a {
	case atom.Title:
		h.inTitle = false
	case atom.Main, atom.Article:
		h.inMain = max(h.inMain-1, 0)
	case atom.Pre:
		h.pre = max(h.pre-1, 0)
	}
	if htmlBlocks[a] {
		h.flush()
	}
}

// meta reads a <meta> element's metadata.
func (h *htmlReader) meta(attrs map[string]string) {
	key := strings.ToLower(firstNonEmpty(attrs["name"], attrs["property"]))
	v := strings.TrimSpace(attrs["content"])
	switch key {
	case "author", "dc.creator", "dcterms.creator", "citation_author":
		setIfEmpty(&h.doc.Author, v)
	case "date", "dc.date", "dcterms.date", "dcterms.issued", "citation_publication_date", "article:published_time":
		setIfEmpty(&h.doc.Edition, v)
	}
}

// text adds a text node to the current block; raw is its source and line its first line.
func (h *htmlReader) text(t string, raw []byte, line int) {
	if h.pre == 0 {
		t = strings.Join(strings.Fields(t), " ")
		if t == "" {
			if h.cur.Len() > 0 && len(raw) > 0 {
				h.space()
			}
			return
		}
		if isSpace(raw[0]) {
			h.space()
		}
	} else if strings.TrimSpace(t) == "" {
		h.cur.WriteString(t)
		return
	}
	lead := len(raw) - len(bytes.TrimLeft(raw, " \t\r\n\f"))
	trail := len(bytes.TrimRight(raw, " \t\r\n\f"))
	if h.first == 0 {
		h.first = line + bytes.Count(raw[:lead], []byte("\n"))
	}
	h.last = line + bytes.Count(raw[:max(trail-1, 0)], []byte("\n"))
	h.cur.WriteString(t)
	if h.pre == 0 && isSpace(raw[len(raw)-1]) {
		h.space()
	}
}

// space adds one space to the current block unless it ends in white space already.
func (h *htmlReader) space() {
	s := h.cur.String()
	if s != "" && !strings.HasSuffix(s, " ") && !strings.HasSuffix(s, "\n") {
		h.cur.WriteByte(' ')
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' }

// flush ends the current block, adding it to h.parts when it holds text.
func (h *htmlReader) flush() {
	var lines []string
	for _, l := range strings.Split(h.cur.String(), "\n") {
		if h.pre == 0 {
			l = strings.Join(strings.Fields(l), " ")
		} else {
			l = strings.TrimRight(l, " \t")
		}
		if strings.TrimSpace(strings.TrimPrefix(l, "- ")) != "" && strings.Trim(l, " |") != "" {
			lines = append(lines, l)
		}
	}
	text := strings.Join(lines, "\n")
	if h.level > 0 {
		text = strings.Join(strings.Fields(text), " ")
	}
	if text != "" && h.first > 0 {
		h.parts = appendPart(h.parts, part{level: h.level, text: text, first: h.first, last: h.last, join: h.join})
	}
	h.cur.Reset()
	h.first, h.last, h.level, h.join, h.cell = 0, 0, 0, "", false
}

// setIfEmpty sets *field to value, trimmed, when *field is "".
func setIfEmpty(field *string, value string) {
	if *field == "" {
		*field = strings.TrimSpace(value)
	}
}

// firstNonEmpty returns the first of values that is not "".
func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

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
	if !utf8.Valid(raw) && wideEncoding(raw) == "" {
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
	h.blocks.emit = func(p part) { h.parts = append(h.parts, p) }
	h.read(text)
	h.blocks.close()
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

// htmlWithSubset returns an HTML page (.html, .htm) as parseHTML reads it: as XHTML (see
// xhtmlAsHTML) when its doctype has an internal DTD subset, which only XML has (an XHTML page
// saved as .html, whose "]>" HTML would read as text and whose entities it would leave as
// they are); raw as it is otherwise.
func htmlWithSubset(raw []byte) []byte {
	text := raw
	if wideEncoding(raw) != "" {
		s, err := decodeWide(raw)
		if err != nil {
			return raw
		}
		text = []byte(s)
	}
	if _, entities := dropInternalSubset(text); entities == nil {
		return raw
	}
	return xhtmlAsHTML(text)
}

// xhtmlAsHTML returns an XHTML page (XHTML 1.x, or HTML in its XML syntax) as HTML reads what
// XML means by it, every line where it was (passages keep the page's lines):
//   - a page in UTF-16 or UTF-32 (with its byte-order mark) is decoded first, so that what
//     follows sees its markup (one that is no valid UTF-16 or UTF-32 is returned as it is,
//     for parseHTML to refuse);
//   - a file that is not markup (see readProlog: no XML declaration, no doctype, and no html
//     element first, as "Press <Enter>" or "a<b" is not) is plain text named .xhtml: it is
//     returned as HTML paragraphs, one for each run of lines between blank lines, with its
//     "<" and "&" as text (see plainAsHTML), where HTML would drop its words in angle brackets
//     and run its paragraphs together; a plain text file's headings and metadata lines are
//     not looked for;
//   - a doctype with an internal DTD subset ("<!DOCTYPE html […]>", whose "]>" HTML reads as
//     text) is dropped, and the plain-text entities the subset declares are expanded where
//     they are referred to (see xhtmlEntities);
//   - an element of the XHTML namespace written with a prefix bound to it (<x:p>, xmlns:x
//     the XHTML namespace) is the HTML element, and so is one of SVG or MathML (<s:svg>),
//     dropped as <svg> and <math> are;
//   - an empty element of those HTML reads as raw text (xhtmlRawEmpty) is given its end tag;
//   - a CDATA section becomes its content, escaped.
//
// The rest of XML's syntax HTML reads as XML means it: <br/>, <p/>, an XML declaration (a
// comment to HTML), the default namespace.
func xhtmlAsHTML(raw []byte) []byte {
	if wideEncoding(raw) != "" {
		s, err := decodeWide(raw)
		if err != nil {
			return raw
		}
		raw = []byte(s)
	}
	if _, markup := readProlog(raw); !markup {
		return plainAsHTML(raw)
	}
	raw, entities := dropInternalSubset(raw)
	raw = xhtmlCDATA.ReplaceAllFunc(raw, func(m []byte) []byte {
		return []byte(html.EscapeString(string(m[len("<![CDATA[") : len(m)-len("]]>")])))
	})
	raw = unprefixElements(raw)
	raw = xhtmlRawEmpty.ReplaceAll(raw, []byte("<${1}${2}></${1}>"))
	return entities.expandIn(raw)
}

// readProlog reads the prolog of an XML or HTML document: from the start of raw (after a
// UTF-8 byte-order mark), white space, comments and processing instructions (the XML
// declaration, "<?xml …?>", among them) up to the first thing that is none of these. It
// returns the offset of the document's doctype when that first thing is one ("<!DOCTYPE",
// any case; -1 otherwise: a doctype in a comment, or after text or an element, is not the
// document's), and whether raw is markup: it has an XML declaration, a doctype, or an html
// element (<html>, or <x:html> with a prefix) first. A comment or processing instruction
// that does not end ends the prolog.
func readProlog(raw []byte) (doctype int, markup bool) {
	i := 0
	if bytes.HasPrefix(raw, []byte("\xEF\xBB\xBF")) {
		i = 3
	}
	declared := false
	for {
		for i < len(raw) && isSpace(raw[i]) {
			i++
		}
		rest := raw[i:]
		var end []byte
		switch {
		case bytes.HasPrefix(rest, []byte("<?")):
			declared = declared || xmlDeclaration.Match(rest)
			end = []byte("?>")
		case bytes.HasPrefix(rest, []byte("<!--")):
			end = []byte("-->")
		case len(rest) > len("<!DOCTYPE") && bytes.EqualFold(rest[:len("<!DOCTYPE")], []byte("<!DOCTYPE")) &&
			(isSpace(rest[len("<!DOCTYPE")]) || rest[len("<!DOCTYPE")] == '>'):
			return i, true
		default:
			return -1, declared || htmlRoot.Match(rest)
		}
		j := bytes.Index(rest[2:], end)
		if j < 0 {
			return -1, declared
		}
		i += 2 + j + len(end)
	}
}

// xmlDeclaration matches an XML declaration at the start of its input.
var xmlDeclaration = regexp.MustCompile(`^<\?xml[ \t\r\n]`)

// htmlRoot matches the start tag of an html element, with or without a namespace prefix, at the
// start of its input.
var htmlRoot = regexp.MustCompile(`(?i)^<(?:[a-z_][-a-z0-9._]*:)?html[ \t\r\n\f/>]`)

// lineEnd matches a line ending: LF, CRLF or a lone CR (see Normalize).
var lineEnd = regexp.MustCompile(`\r\n|\r|\n`)

// plainAsHTML returns plain text as HTML that reads as it does: each run of lines between
// blank lines a paragraph (a "<p>" before its first line, so that every line stays where it
// was), its text escaped.
func plainAsHTML(raw []byte) []byte {
	var out bytes.Buffer
	blank := true // the line before was blank, or there was none
	for len(raw) > 0 {
		line, ending := raw, []byte(nil)
		if loc := lineEnd.FindIndex(raw); loc != nil {
			line, ending = raw[:loc[0]], raw[loc[0]:loc[1]]
		}
		raw = raw[len(line)+len(ending):]
		isBlank := len(bytes.TrimSpace(line)) == 0
		if blank && !isBlank {
			out.WriteString("<p>")
		}
		blank = isBlank
		out.WriteString(html.EscapeString(string(line)))
		out.Write(ending)
	}
	return out.Bytes()
}

// dropInternalSubset returns raw without its doctype when the doctype has an internal DTD
// subset ("<!DOCTYPE html PUBLIC "…" "…" [ <!ENTITY …> ]>"), each of its lines left as an
// empty line, and the general entities the subset declares (see xhtmlEntities); entities is
// nil when there is no such subset. Only the document's doctype is read (see readProlog), not
// one in a comment before it. The subset is read as XML writes it: a "]" or ">" in a quoted
// literal, a comment or a processing instruction ends nothing. A doctype without a subset,
// or one that does not end, is left as it is, with no entities.
func dropInternalSubset(raw []byte) (out []byte, entities *xhtmlEntities) {
	start, _ := readProlog(raw)
	if start < 0 {
		return raw, nil
	}
	loc := []int{start, start + len("<!DOCTYPE")}
	// skip returns the index just after what starts at i when it is a quoted literal, a
	// comment or a processing instruction (len(raw) when it does not end), else i.
	skip := func(i int) int {
		for _, d := range [][2]string{{`"`, `"`}, {`'`, `'`}, {"<!--", "-->"}, {"<?", "?>"}} {
			if bytes.HasPrefix(raw[i:], []byte(d[0])) {
				if j := bytes.Index(raw[i+len(d[0]):], []byte(d[1])); j >= 0 {
					return i + len(d[0]) + j + len(d[1])
				}
				return len(raw)
			}
		}
		return i
	}
	subsetStart, subsetEnd := -1, -1
	for i := loc[1]; i < len(raw); {
		if j := skip(i); j > i {
			i = j
			continue
		}
		switch {
		case raw[i] == '[' && subsetStart < 0:
			subsetStart = i + 1
			for i++; i < len(raw) && raw[i] != ']'; {
				if j := skip(i); j > i {
					i = j
				} else {
					i++
				}
			}
			subsetEnd = i
		case raw[i] == '>':
			if subsetStart < 0 || subsetEnd >= len(raw) {
				return raw, nil
			}
			entities := readEntities(raw[subsetStart:subsetEnd])
			lines := bytes.Repeat([]byte("\n"), len(lineEnd.FindAll(raw[loc[0]:i+1], -1)))
			out := append(append(append([]byte(nil), raw[:loc[0]]...), lines...), raw[i+1:]...)
			return out, entities
		}
		i++
	}
	return raw, nil
}

// entityDecl matches the declaration of a general entity with a literal value, in double or
// single quotes: not a parameter entity ("<!ENTITY % name …>"), nor an external one
// ("<!ENTITY name SYSTEM "uri">"), which are never read.
var entityDecl = regexp.MustCompile(`<!ENTITY\s+([A-Za-z_:][-A-Za-z0-9._:]*)\s+(?:"([^"]*)"|'([^']*)')\s*>`)

// subsetComment matches a comment or a processing instruction in a DTD subset.
var subsetComment = regexp.MustCompile(`(?s)<!--.*?-->|<\?.*?\?>`)

// readEntities returns the general entities with literal values that a DTD subset declares;
// the first declaration of a name binds it, as in XML, and the five XML predefines (amp, lt,
// gt, apos, quot) are not declared again.
func readEntities(subset []byte) *xhtmlEntities {
	e := &xhtmlEntities{decl: map[string]string{}, measured: map[string]entitySize{}, failedAt: map[string]int{}, measuring: map[string]bool{}, segments: map[string][]entitySegment{}, budget: maxEntityExpansion}
	for _, m := range entityDecl.FindAllSubmatch(subsetComment.ReplaceAll(subset, nil), -1) {
		name := string(m[1])
		if _, seen := e.decl[name]; seen || name == "amp" || name == "lt" || name == "gt" || name == "apos" || name == "quot" {
			continue
		}
		e.decl[name] = string(m[2]) + string(m[3])
	}
	return e
}

// maxEntityExpansion is the most bytes, in all, that the entity references of one page expand
// to, counting one byte more for each entity referred to within a value (so that entities
// that expand to nothing are not free): more than any page's entities need (a name or a
// phrase, used some thousands of times), and little enough that a page of nested entities
// that would expand to billions of bytes (the "billion laughs") is read at once, the
// references past it left as they are. An entity's size is known before it is expanded, so
// that one too large for what is left spends nothing and a smaller one after it is expanded.
const maxEntityExpansion = 4 << 20

// maxEntityDepth is the deepest nesting of entities in entities' values that is expanded.
const maxEntityDepth = 32

// xhtmlEntities are the general entities of a page's internal DTD subset, and their expansion.
// An entity is expanded when its value is plain text: no "<" (markup, which is not read) and
// every entity it refers to declared with such a value, none of them itself (a recursive
// entity is not expanded), nested at most maxEntityDepth deep, its size (see measure) within
// what is left of maxEntityExpansion. A reference to an entity that is not expanded, or that
// the subset does not declare (one HTML knows, such as &nbsp;), is left as it is.
type xhtmlEntities struct {
	decl      map[string]string          // the declared values
	measured  map[string]entitySize      // the entities that measure found expandable
	failedAt  map[string]int             // the least depth at which measure found an entity not expandable
	measuring map[string]bool            // the entities being measured: one met again is recursive
	segments  map[string][]entitySegment // an expandable entity's value, read
	budget    int                        // bytes of expansion left
}

// entitySize is an expandable entity's size: bytes, its expansion's with one more for each
// entity referred to within it, and height, 1 for an entity that refers to none, else one
// more than the highest it refers to.
type entitySize struct{ bytes, height int }

// entitySegment is a piece of an entity's value: text, escaped (see xhtmlEntityText), or a
// reference to the entity named ref.
type entitySegment struct{ text, ref string }

// entityRef matches a reference to a general entity: "&unit;".
var entityRef = regexp.MustCompile(`&([A-Za-z_:][-A-Za-z0-9._:]*);`)

// expandIn returns raw with each reference to an entity of e that is expanded replaced with
// its value; raw as it is when e is nil or declares none.
func (e *xhtmlEntities) expandIn(raw []byte) []byte {
	if e == nil || len(e.decl) == 0 {
		return raw
	}
	return entityRef.ReplaceAllFunc(raw, func(m []byte) []byte {
		name := string(m[1 : len(m)-1])
		size, ok := e.measure(name, 0)
		if !ok || size.bytes > e.budget {
			return m
		}
		e.budget -= size.bytes
		var b strings.Builder
		e.write(&b, name)
		return []byte(b.String())
	})
}

// measure returns the size of entity name as it is expanded depth entities deep, without
// expanding it; false when it is not expandable there (see xhtmlEntities), or its size is over
// maxEntityExpansion. Its results are kept: an expandable entity is measured once, and one
// that is not is measured again only at a lesser depth, so that measuring all of a page's
// entities takes at most maxEntityDepth+1 readings of each value.
func (e *xhtmlEntities) measure(name string, depth int) (entitySize, bool) {
	v, declared := e.decl[name]
	if size, ok := e.measured[name]; ok {
		return size, depth+size.height <= maxEntityDepth
	}
	if d, failed := e.failedAt[name]; !declared || e.measuring[name] || failed && depth >= d {
		return entitySize{}, false
	}
	fail := func() (entitySize, bool) {
		if d, failed := e.failedAt[name]; !failed || depth < d {
			e.failedAt[name] = depth
		}
		return entitySize{}, false
	}
	if depth >= maxEntityDepth || strings.Contains(v, "<") {
		return fail()
	}
	e.measuring[name] = true
	defer delete(e.measuring, name)
	size := entitySize{height: 1}
	var segments []entitySegment
	for v != "" {
		loc := entityRef.FindStringSubmatchIndex(v)
		lit := v
		if loc != nil {
			lit = v[:loc[0]]
		}
		if lit = xhtmlEntityText.Replace(lit); lit != "" {
			segments = append(segments, entitySegment{text: lit})
			size.bytes += len(lit)
		}
		if loc == nil {
			break
		}
		if ref := v[loc[2]:loc[3]]; e.isDeclared(ref) {
			sub, ok := e.measure(ref, depth+1)
			if !ok {
				return fail()
			}
			segments = append(segments, entitySegment{ref: ref})
			size.bytes += sub.bytes + 1
			size.height = max(size.height, sub.height+1)
		} else {
			segments = append(segments, entitySegment{text: v[loc[0]:loc[1]]}) // a character reference, or one HTML knows
			size.bytes += loc[1] - loc[0]
		}
		if size.bytes > maxEntityExpansion {
			return fail()
		}
		v = v[loc[1]:]
	}
	e.segments[name] = segments
	e.measured[name] = size
	return size, depth+size.height <= maxEntityDepth
}

// isDeclared reports whether the subset declares entity name.
func (e *xhtmlEntities) isDeclared(name string) bool {
	_, ok := e.decl[name]
	return ok
}

// write writes the value of entity name, which measure found expandable, to b: its references
// expanded, escaped so that HTML reads it as text in an element or an attribute value (quotes
// and ">" as character references, line breaks as spaces so that lines stay where they were).
func (e *xhtmlEntities) write(b *strings.Builder, name string) {
	for _, seg := range e.segments[name] {
		if seg.ref != "" {
			e.write(b, seg.ref)
		} else {
			b.WriteString(seg.text)
		}
	}
}

// xhtmlEntityText escapes an entity's literal text for HTML text and attribute values.
var xhtmlEntityText = strings.NewReplacer(`"`, "&#34;", `'`, "&#39;", ">", "&gt;", "\r\n", " ", "\r", " ", "\n", " ")

// Namespaces whose elements are read as HTML's when written with a prefix.
const (
	xhtmlNamespace  = "http://www.w3.org/1999/xhtml"
	svgNamespace    = "http://www.w3.org/2000/svg"
	mathMLNamespace = "http://www.w3.org/1998/Math/MathML"
)

// xmlnsPrefix matches the binding of a namespace prefix: xmlns:x="http://…".
var xmlnsPrefix = regexp.MustCompile(`xmlns:([A-Za-z_][-A-Za-z0-9._]*)\s*=\s*(?:"([^"]*)"|'([^']*)')`)

// unprefixElements returns raw with the prefix dropped from the start and end tags of elements
// (<x:p>, </x:p> become <p>, </p>) whose prefix is bound to the XHTML, SVG or MathML namespace
// wherever the page binds it: a prefix also bound to another namespace somewhere is left.
func unprefixElements(raw []byte) []byte {
	known := map[string]bool{}
	for _, m := range xmlnsPrefix.FindAllSubmatch(raw, -1) {
		prefix, uri := string(m[1]), string(m[2])+string(m[3])
		ok, seen := known[prefix]
		known[prefix] = (ok || !seen) && (uri == xhtmlNamespace || uri == svgNamespace || uri == mathMLNamespace)
	}
	var prefixes []string
	for p, ok := range known {
		if ok {
			prefixes = append(prefixes, regexp.QuoteMeta(p))
		}
	}
	if len(prefixes) == 0 {
		return raw
	}
	tag := regexp.MustCompile(`<(/?)(?:` + strings.Join(prefixes, "|") + `):([A-Za-z])`)
	return tag.ReplaceAll(raw, []byte("<${1}${2}"))
}

// htmlReader holds the state of reading one HTML page.
type htmlReader struct {
	doc    *Document
	parts  []part
	blocks partJoiner // joins the list items and table rows of parts
	line   int        // 1-based line of the tokenizer's position
	title  string

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

// read tokenises text and gives its blocks to h.blocks, which the caller closes.
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

// flush ends the current block, adding it to h.parts (through h.blocks) when it holds text.
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
		h.blocks.add(part{level: h.level, text: text, first: h.first, last: h.last, join: h.join})
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

package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// parsePDF reads the text layer of a PDF into doc, page by page, with github.com/ledongthuc/pdf
// parsing the file (cross-reference table, objects, fonts, RC4/AES decryption with an empty
// password), pdfPages here finding the pages in its page tree and pdfGlyphs placing each
// character on the page.
//
// Characters are gathered into lines in the order the page draws them (y changes by over half
// the font size, or x jumps back, start a line; a gap of over 0.15 em between characters, or
// a kerning offset over 0.2 em, is a space). A line that recurs at the top or bottom of most
// pages (digits ignored, so "Page 3 of 9" recurs), or that holds only a page number, is a
// running header or footer and dropped, from the pages that have text of their own (see
// dropRunning: a PDF whose pages are all the same keeps them). Lines become paragraphs at a
// vertical gap over 1.4 times the page's usual line spacing, a change of font size, or a
// short line ending a sentence; a line-end hyphen between letters is removed when a lowercase
// letter follows; a paragraph cut by a page break (no sentence end, a lowercase start on the
// next page) is rejoined. A short paragraph in a font at least 1.2 times the body text's size
// is a heading, its level the rank of its size among the headings' sizes.
//
// Metadata: title, author and creation date (as edition, YYYY-MM-DD) from the Info dictionary.
// Passages carry their pages (FirstPage, LastPage: 1-based physical pages); their lines count
// the extracted lines of the whole document, headers and footers included.
//
// The work is bounded by limit, the size limit of the input in bytes (see pdfBudget), so that
// a small file whose streams decompress to gigabytes (a decompression bomb) is refused
// (ErrTooLarge) instead of exhausting the memory.
//
// Errors name the file: ErrEncrypted when the PDF is encrypted and cannot be decrypted (it
// needs a password, or the reader does not support its encryption: AES-256, or a key under
// 128 bits, which it decrypts wrongly, see pdfKeyBits), ErrNoText when its pages hold no
// text (scans), ErrTooLarge when it is over a budget, ErrMalformed when it cannot be parsed.
func parsePDF(doc *Document, name string, raw []byte, limit int64) (err error) {
	var r *pdf.Reader
	defer func() {
		x := recover()
		if x == nil {
			return
		}
		if over, ok := x.(pdfOverBudget); ok {
			err = fmt.Errorf("corpus: %s: %w: %s", QuotePath(name), ErrTooLarge, over)
			return
		}
		// The parser panics on some broken content streams, and on streams it decrypted
		// wrongly.
		if r != nil && r.Trailer().Key("Encrypt").Kind() != pdf.Null {
			err = fmt.Errorf("corpus: %s: %w (it could not be decrypted: %v)", QuotePath(name), ErrEncrypted, x)
			return
		}
		err = fmt.Errorf("corpus: %s: %w: %v", QuotePath(name), ErrMalformed, x)
	}()
	src := &pdfOpening{r: bytes.NewReader(raw), left: pdfOpenFactor*int64(len(raw)) + pdfOpenExtra}
	r, err = pdf.NewReader(src, int64(len(raw)))
	src.left = math.MaxInt64 // the values are read as they are used, many of them more than once
	if err != nil {
		if errors.Is(err, pdf.ErrInvalidPassword) {
			return fmt.Errorf("corpus: %s: %w (a password is needed to open it)", QuotePath(name), ErrEncrypted)
		}
		if strings.Contains(err.Error(), "encrypt") || hasEncryptEntry(raw) {
			return fmt.Errorf("corpus: %s: %w (its encryption is not supported: %s)", QuotePath(name), ErrEncrypted, pdfEncryptionReason(err))
		}
		return fmt.Errorf("corpus: %s: %w: %v", QuotePath(name), ErrMalformed, err)
	}
	if bits := pdfKeyBits(r.Trailer().Key("Encrypt")); bits > 0 && bits < 128 {
		return fmt.Errorf("corpus: %s: %w (its encryption, RC4 with a %d-bit key, is not supported)", QuotePath(name), ErrEncrypted, bits)
	}
	info := r.Trailer().Key("Info")
	setIfEmpty(&doc.Title, info.Key("Title").Text())
	setIfEmpty(&doc.Author, info.Key("Author").Text())
	setIfEmpty(&doc.Edition, pdfDate(info.Key("CreationDate").Text()))
	tree, err := pdfPages(r, len(raw))
	if err != nil {
		return fmt.Errorf("corpus: %s: %w: %v", QuotePath(name), ErrMalformed, err)
	}
	n := len(tree)
	if n == 0 {
		return fmt.Errorf("corpus: %s: %w: no pages", QuotePath(name), ErrMalformed)
	}
	budget := &pdfBudget{limit: limit}
	fonts := map[string]*pdfFont{}
	pages := make([][]pdfLine, n)
	lineNo := 0
	chars := 0
	for i := range pages {
		pages[i] = pdfPageLines(tree[i], i+1, fonts, budget)
		for j := range pages[i] {
			lineNo++
			pages[i][j].no, pages[i][j].page = lineNo, i+1
			chars += len(strings.TrimSpace(pages[i][j].text))
		}
	}
	if chars == 0 {
		unit := "pages"
		if n == 1 {
			unit = "page"
		}
		return fmt.Errorf("corpus: %s: %w: %d %s without text", QuotePath(name), ErrNoText, n, unit)
	}
	dropRunning(pages)
	packParts(doc, pdfParts(pages))
	return nil
}

// pdfOpening is the file as pdf.NewReader reads it: at most left bytes, then each read fails,
// so that cross-reference sections that loop (a /Prev naming a section read already, which
// NewReader reads again for ever) end in an error. It reads the file's sections once, and
// a few KiB around each; parsePDF lifts the bound once the reader is open.
type pdfOpening struct {
	r    io.ReaderAt
	left int64
}

// pdfOpenFactor and pdfOpenExtra bound what pdf.NewReader may read of a file of n bytes:
// pdfOpenFactor × n + pdfOpenExtra, room for a thousand sections of incremental updates.
const (
	pdfOpenFactor = 16
	pdfOpenExtra  = 4 << 20
)

func (o *pdfOpening) ReadAt(p []byte, off int64) (int, error) {
	if o.left <= 0 {
		return 0, errors.New("read 16 times over: its cross-reference sections loop (a /Prev names a section read already)")
	}
	n, err := o.r.ReadAt(p, off)
	o.left -= int64(n)
	return n, err
}

// pdfPage is a page of a PDF: its dictionary, and the resources it has or inherits from the
// nodes of the page tree above it.
type pdfPage struct {
	v, resources pdf.Value
}

// pdfMaxTreeDepth is the most levels a PDF's page tree may have; a balanced tree of a
// million pages has a dozen.
const pdfMaxTreeDepth = 256

// pdfPages returns the pages of r's page tree in order, found by walking the tree from its
// root, each with the resources it inherits from the nodes above it, rather than by the
// tree's /Count entries (pdf.Reader.NumPage and Page) and the pages' /Parent entries
// (pdf.Page.Resources), which a broken file may make lie or loop: a /Count of two billion
// made a slice of two billion pages, and a node among its own kids, or its own /Parent, was
// read for ever. A kid that is one of the nodes above it is skipped. The walk visits at most
// one kid per 4 bytes of the file, size (a reference, "3 0 R", is 5 or more with its space):
// a tree that lists more (a node listing another twice, and so on, 2^40 pages in 40 nodes),
// or is over pdfMaxTreeDepth levels deep, is an error. A page the tree lists more than once
// is taken once, where it was first listed.
func pdfPages(r *pdf.Reader, size int) ([]pdfPage, error) {
	var pages []pdfPage
	var above []string        // the nodes above, as written
	seen := map[string]bool{} // the pages taken, as written
	visits, maxVisits := 0, size/4+1
	var walk func(node, resources pdf.Value) error
	walk = func(node, resources pdf.Value) error {
		if res := node.Key("Resources"); !res.IsNull() {
			resources = res
		}
		switch node.Key("Type").Name() {
		case "Page":
			// A page listed again (200,000 times in 1.2 MB) is the same page: its text is
			// read once.
			if key := node.String(); !seen[key] {
				seen[key] = true
				pages = append(pages, pdfPage{node, resources})
			}
			return nil
		case "Pages":
		default:
			return nil // not read, as pdf.Reader.Page did not
		}
		key := node.String()
		if slices.Contains(above, key) {
			return nil
		}
		if len(above) == pdfMaxTreeDepth {
			return fmt.Errorf("its page tree is over %d levels deep", pdfMaxTreeDepth)
		}
		above = append(above, key)
		defer func() { above = above[:len(above)-1] }()
		kids := node.Key("Kids")
		for i := range kids.Len() {
			if visits++; visits > maxVisits {
				return fmt.Errorf("its page tree lists over %d pages and nodes, more than a file of %d bytes holds", maxVisits, size)
			}
			if err := walk(kids.Index(i), resources); err != nil {
				return err
			}
		}
		return nil
	}
	err := walk(r.Trailer().Key("Root").Key("Pages"), pdf.Value{})
	return pages, err
}

// pdfKeyBits returns the length in bits of the key of a PDF's encryption, given its
// encryption dictionary (the trailer's /Encrypt), or 0 when it has none: 40 for version 1
// (V 1), the /Length entry (40 by default) for version 2, 128 for the others. The PDF library
// reads encryption with a key under 128 bits (RC4-40, as an owner password that only restricts
// printing often is) wrongly: it does not cut the key of each object to the key's length + 5
// bytes (ISO 32000-1, 7.6.2, algorithm 1), and what it decrypts is noise, read as a broken
// stream ("zlib: invalid header") or as a page without text. parsePDF refuses it (ErrEncrypted).
func pdfKeyBits(encrypt pdf.Value) int64 {
	if encrypt.Kind() != pdf.Dict {
		return 0
	}
	switch encrypt.Key("V").Int64() {
	case 1:
		return 40
	case 2:
		if n := encrypt.Key("Length").Int64(); n > 0 {
			return n
		}
		return 40
	}
	return 128
}

// pdfEncryptionReason returns why the PDF library refuses a PDF's encryption (err, an error of
// pdf.NewReader) as an error of the corpus says it: without the library's "malformed PDF: " or
// "unsupported PDF: ", and without the encryption dictionary it appends after "; ", whose
// strings it prints byte for byte (a terminal escape among them); version 5 is named AES-256.
func pdfEncryptionReason(err error) string {
	reason := strings.TrimPrefix(strings.TrimPrefix(err.Error(), "malformed PDF: "), "unsupported PDF: ")
	reason, _, _ = strings.Cut(reason, "; ")
	if strings.HasSuffix(reason, "V=5") {
		reason += " (AES-256)"
	}
	return metaText(reason)
}

// hasEncryptEntry reports whether a PDF's bytes hold an /Encrypt entry, which only the trailer
// (or a cross-reference stream's dictionary, which is the trailer) has: the file is encrypted.
// It is asked only of a file the reader could not open, to say why.
func hasEncryptEntry(raw []byte) bool {
	return bytes.Contains(raw, []byte("/Encrypt"))
}

// pdfBudget bounds the work of reading a PDF's text by the input's size limit (limit bytes):
//   - a page's content streams, or a font's character map (ToUnicode), decompress to at most
//     limit bytes, and the document's all together to at most pdfContentFactor × limit, as a
//     DOCX part may (see maxDOCXPart). The streams are decompressed once to count their bytes,
//     through a limited reader, before they are interpreted, since the reader interprets a
//     stream it decompresses itself and would hold a string of any length.
//   - the text extracted comes to at most pdfTextFactor × limit bytes, each line counted as
//     its bytes and pdfLineCost, about what a line's place on its page costs in memory, so
//     that a page of a million one-letter lines is bounded too.
//
// Over a budget, reading panics with a pdfOverBudget, which parsePDF recovers.
type pdfBudget struct {
	limit   int64
	content int64 // bytes decompressed so far
	text    int64 // bytes of text (and pdfLineCost per line) extracted so far
}

const (
	pdfContentFactor = docxPartFactor
	pdfTextFactor    = 2
	pdfLineCost      = 64
)

// pdfOverBudget is the panic value of a PDF over its budget: the reason, as the error says it.
type pdfOverBudget string

// decompress counts the bytes that v, a stream or an array of streams, decompresses to, what
// being what they are ("page 3", "a font's character map"). It panics with a pdfOverBudget
// when they come to over the budget's limit, or bring the document's over its total.
func (b *pdfBudget) decompress(v pdf.Value, what string) {
	var streams []pdf.Value
	switch v.Kind() {
	case pdf.Stream:
		streams = []pdf.Value{v}
	case pdf.Array:
		for i := range v.Len() {
			if s := v.Index(i); s.Kind() == pdf.Stream {
				streams = append(streams, s)
			}
		}
	}
	total := pdfContentFactor * b.limit
	var n int64
	for _, s := range streams {
		left := min(b.limit-n, total-b.content-n)
		rc := s.Reader()
		// A read error is the interpreter's to report (as a malformed stream), not the count's.
		m, _ := io.Copy(io.Discard, io.LimitReader(rc, left+1))
		rc.Close()
		n += m
		if n > b.limit {
			panic(pdfOverBudget(fmt.Sprintf("PDF %s decompresses to over %s, the size limit", what, sizeText(b.limit))))
		}
		if b.content+n > total {
			panic(pdfOverBudget(fmt.Sprintf("PDF content decompresses to over %s (%d × the size limit)", sizeText(total), pdfContentFactor)))
		}
	}
	b.content += n
}

// addText counts n bytes of text extracted, and lines lines.
func (b *pdfBudget) addText(n, lines int) {
	b.text += int64(n) + int64(lines)*pdfLineCost
	if total := pdfTextFactor * b.limit; b.text > total {
		panic(pdfOverBudget(fmt.Sprintf("PDF text comes to over %s (%d × the size limit)", sizeText(total), pdfTextFactor)))
	}
}

// sizeText writes a size in bytes in MiB when it is 1 MiB or more ("50 MiB", "1.5 MiB"), in
// KiB when it is a whole number of them ("64 KiB"), else in bytes.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// pdfDate turns a PDF date ("D:20190601120000+01'00'") into "2019-06-01", or "" if it is none.
func pdfDate(s string) string {
	s = strings.TrimPrefix(s, "D:")
	if len(s) < 8 {
		return ""
	}
	for _, c := range s[:8] {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return s[:4] + "-" + s[4:6] + "-" + s[6:8]
}

// glyph is one character drawn on a page, in points from the page's lower left corner.
type glyph struct {
	x, y, w, size float64
	s             string
	known         bool // whether w comes from the font's widths
}

// pdfFont is a font's decoder and widths, read once per page.
type pdfFont struct {
	enc    pdf.TextEncoding
	first  int
	widths []float64 // in thousandths of the font size; nil when unknown
}

type matrix [3][3]float64

var ident = matrix{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}

func (x matrix) mul(y matrix) matrix {
	var z matrix
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				z[i][j] += x[i][k] * y[k][j]
			}
		}
	}
	return z
}

// pdfPageLines returns the lines of text of page number no, reading its content within
// budget. fonts holds the fonts read so far, by their dictionary as written (see pdfGlyphs).
func pdfPageLines(p pdfPage, no int, fonts map[string]*pdfFont, budget *pdfBudget) []pdfLine {
	var lb lineBuilder
	lb.budget = budget
	pdfGlyphs(p, no, fonts, budget, lb.add)
	lb.finish()
	return lb.out
}

// maxGraphicsStates bounds the graphics states a page's q operators save: PDF 32000-1:2008,
// Annex C.2, gives 28 as a conforming reader's nesting limit, and a stream of 5 million q
// (20 KB compressed) held 5 GB of saved states. A q past the bound saves nothing, and its Q
// restores nothing: the text of a page that deep is read with the state it has.
const maxGraphicsStates = 1024

// pdfGlyphs passes the characters of page number no to emit, in drawing order. It follows the
// text operators of the PDF specification (ISO 32000-1, 9.4) as pdf.Page.Content does, but
// reads each font once per document instead of once per character, which made Content about
// 50 times slower: fonts holds them by their dictionary as written (its references to other
// objects as "12 0 R"), so that the pages sharing a font share its decoder. The page's content
// and the fonts' character maps are decompressed within budget first (see pdfBudget).
func pdfGlyphs(p pdfPage, no int, fonts map[string]*pdfFont, budget *pdfBudget, emit func(glyph)) {
	if p.v.IsNull() || p.v.Key("Contents").Kind() == pdf.Null {
		return
	}
	budget.decompress(p.v.Key("Contents"), fmt.Sprintf("page %d", no))
	pageFonts := map[string]*pdfFont{}
	type state struct {
		Tc, Tw, Th, Tl, Tfs, Trise float64
		font                       *pdfFont
		Tm, Tlm, CTM               matrix
	}
	g := state{Th: 1, CTM: ident, font: &pdfFont{}}
	var stack []state // saved by q, at most maxGraphicsStates
	unsaved := 0      // the q operators past maxGraphicsStates, whose Q restore nothing
	var last glyph    // the last glyph emitted
	emitted := false
	put := func(gl glyph) {
		last, emitted = gl, true
		emit(gl)
	}
	show := func(s string) {
		f := g.font
		decoded := s
		if f.enc != nil {
			decoded = f.enc.Decode(s)
		}
		single := utf8.RuneCountInString(decoded) == len(s) // one byte per character: widths apply
		i := 0
		for _, ch := range decoded {
			w0, known := 500.0, false
			if single && f.widths != nil {
				if c := int(s[i]) - f.first; c >= 0 && c < len(f.widths) && f.widths[c] > 0 {
					w0, known = f.widths[c], true
				}
			}
			i++
			trm := matrix{{g.Tfs * g.Th, 0, 0}, {0, g.Tfs, 0}, {0, g.Trise, 1}}.mul(g.Tm).mul(g.CTM)
			size := math.Hypot(trm[0][0], trm[0][1])
			put(glyph{x: trm[2][0], y: trm[2][1], w: w0 / 1000 * size, size: size, s: string(ch), known: known})
			tx := w0/1000*g.Tfs + g.Tc
			if ch == ' ' {
				tx += g.Tw
			}
			g.Tm = matrix{{1, 0, 0}, {0, 1, 0}, {tx * g.Th, 0, 1}}.mul(g.Tm)
		}
	}
	nextLine := func() {
		g.Tlm = matrix{{1, 0, 0}, {0, 1, 0}, {0, -g.Tl, 1}}.mul(g.Tlm)
		g.Tm = g.Tlm
	}
	pdf.Interpret(p.v.Key("Contents"), func(stk *pdf.Stack, op string) {
		n := stk.Len()
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		switch op {
		case "cm":
			if len(args) == 6 {
				var m matrix
				for i := range 6 {
					m[i/2][i%2] = num(i)
				}
				m[2][2] = 1
				g.CTM = m.mul(g.CTM)
			}
		case "q":
			if len(stack) < maxGraphicsStates {
				stack = append(stack, g)
			} else {
				unsaved++ // its Q restores nothing
			}
		case "Q":
			if unsaved > 0 {
				unsaved--
			} else if len(stack) > 0 {
				g = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "BT":
			g.Tm, g.Tlm = ident, ident
		case "T*":
			nextLine()
		case "Tc":
			g.Tc = num(0)
		case "Tw":
			g.Tw = num(0)
		case "Tz":
			g.Th = num(0) / 100
		case "TL":
			g.Tl = num(0)
		case "Ts":
			g.Trise = num(0)
		case "TD", "Td":
			if op == "TD" {
				g.Tl = -num(1)
			}
			g.Tlm = matrix{{1, 0, 0}, {0, 1, 0}, {num(0), num(1), 1}}.mul(g.Tlm)
			g.Tm = g.Tlm
		case "Tm":
			if len(args) == 6 {
				var m matrix
				for i := range 6 {
					m[i/2][i%2] = num(i)
				}
				m[2][2] = 1
				g.Tm, g.Tlm = m, m
			}
		case "Tf":
			if len(args) == 2 {
				name := args[0].Name()
				f, ok := pageFonts[name]
				if !ok {
					pf := pdf.Font{V: p.resources.Key("Font").Key(name)}
					key := pf.V.String()
					if f, ok = fonts[key]; !ok {
						budget.decompress(pf.V.Key("ToUnicode"), "font's character map")
						f = &pdfFont{enc: pf.Encoder()}
						if pf.V.Key("Subtype").Name() != "Type0" {
							f.first, f.widths = pf.FirstChar(), pf.Widths()
						}
						fonts[key] = f
					}
					pageFonts[name] = f
				}
				g.font, g.Tfs = f, num(1)
			}
		case "\"":
			if len(args) == 3 {
				g.Tw, g.Tc = num(0), num(1)
				nextLine()
				show(args[2].RawString())
			}
		case "'":
			if len(args) == 1 {
				nextLine()
				show(args[0].RawString())
			}
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "TJ":
			if len(args) == 1 {
				v := args[0]
				for i := 0; i < v.Len(); i++ {
					x := v.Index(i)
					if x.Kind() == pdf.String {
						show(x.RawString())
						continue
					}
					off := x.Float64()
					if off < -200 && emitted { // a kerning gap wider than 0.2 em: a space
						put(glyph{s: " ", x: last.x, y: last.y, size: last.size})
					}
					g.Tm = matrix{{1, 0, 0}, {0, 1, 0}, {-off / 1000 * g.Tfs * g.Th, 0, 1}}.mul(g.Tm)
				}
			}
		}
	})
}

// pdfLine is one line of a page's text.
type pdfLine struct {
	text      string
	x0, x1, y float64 // start and end of the line, its baseline; in points
	size      float64 // the font size of most of its characters
	no, page  int     // 1-based line (counted across the document) and page
	heading   int     // heading level once the document is read, or 0
	dropped   bool
}

// lineBuilder gathers a page's glyphs into lines, one glyph at a time, counting the text in
// budget.
type lineBuilder struct {
	out    []pdfLine
	budget *pdfBudget
	cur    *pdfLine
	b      strings.Builder
	end    float64
	sizes  map[float64]int // the current line's characters by font size (to the half point)
}

// finish ends the current line, if any.
func (lb *lineBuilder) finish() {
	cur := lb.cur
	if cur == nil {
		return
	}
	cur.text = ligatures.Replace(strings.Join(strings.Fields(lb.b.String()), " "))
	best := 0
	for s, n := range lb.sizes {
		if n > best || n == best && s > cur.size {
			cur.size, best = s, n
		}
	}
	if cur.text != "" {
		lb.out = append(lb.out, *cur)
		lb.budget.addText(0, 1)
	}
	lb.cur = nil
	lb.b.Reset()
	clear(lb.sizes)
}

// add adds a glyph: to the current line, or to a new one (y changes by over half the font
// size, or x jumps back), with a space before it after a gap of over 0.15 em.
func (lb *lineBuilder) add(g glyph) {
	if g.s == "\n" || g.s == "\r" {
		return
	}
	if g.s = StripControls(g.s); g.s == "" || g.s == "\n" {
		return // a control character drawn: no text
	}
	if cur := lb.cur; cur != nil && (math.Abs(g.y-cur.y) > 0.5*max(g.size, cur.size) || g.x < lb.end-2*max(g.size, 1)) {
		lb.finish()
	}
	if lb.cur == nil {
		lb.cur = &pdfLine{x0: g.x, y: g.y}
		if lb.sizes == nil {
			lb.sizes = map[float64]int{}
		}
	} else if g.known && g.x-lb.end > 0.15*g.size && g.s != " " {
		lb.b.WriteByte(' ')
	}
	lb.b.WriteString(g.s)
	lb.budget.addText(len(g.s), 0)
	if g.s != " " {
		lb.sizes[math.Round(g.size*2)/2]++
	}
	lb.end = g.x + g.w
	if !g.known {
		lb.end = g.x + 0.3*g.size
	}
	lb.cur.x1 = max(lb.cur.x1, lb.end)
}

// ligatures spells out the Latin ligatures that typeset PDFs draw as one glyph ("ﬁ" → "fi").
var ligatures = strings.NewReplacer("ﬀ", "ff", "ﬁ", "fi", "ﬂ", "fl", "ﬃ", "ffi", "ﬄ", "ffl", "ﬅ", "st", "ﬆ", "st")

// pageNumber matches a line holding only a page number ("12", "- 12 -", "Page 12 of 30").
var pageNumber = regexp.MustCompile(`(?i)^(?:page\s*)?[-–—(\[]?\s*[0-9ivxlc]+\s*[-–—)\]]?(?:\s*(?:of|/)\s*[0-9]+)?$`)

// runningKey returns a line's text for comparing headers and footers across pages.
func runningKey(s string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return '#'
		}
		return r
	}, s))
}

// dropRunning marks the running headers and footers of the pages as dropped: up to two lines at
// the top and at the bottom of a page that recur (digits aside) at that end of at least half
// the pages, and of at least two, or that hold only a page number. A line that recurs is
// dropped only from a page that has text of its own: a line that is no page number and does
// not recur on half the pages, wherever it stands on them. So a PDF whose pages are all the
// same (a form, copies of one page) keeps its text, which was dropped whole, and so does a
// page holding only what others hold. When nothing would be left of the document, nothing is
// dropped.
func dropRunning(pages [][]pdfLine) {
	recurs := func(n int) bool { return len(pages) >= 2 && n >= 2 && n*2 >= len(pages) }
	onPages := map[string]int{} // the pages each line (by runningKey) is on
	lastPage := map[string]int{}
	for i, pg := range pages {
		for _, l := range pg {
			if k := runningKey(l.text); lastPage[k] != i+1 {
				lastPage[k] = i + 1
				onPages[k]++
			}
		}
	}
	own := make([]bool, len(pages)) // whether the page has text of its own
	for i, pg := range pages {
		own[i] = slices.ContainsFunc(pg, func(l pdfLine) bool {
			return !recurs(onPages[runningKey(l.text)]) && !pageNumber.MatchString(l.text)
		})
	}
	for _, top := range []bool{true, false} {
		for depth := range 2 {
			at := func(pg []pdfLine) *pdfLine {
				live := 0
				for i := range pg {
					j := i
					if !top {
						j = len(pg) - 1 - i
					}
					if pg[j].dropped {
						continue
					}
					if live == depth {
						return &pg[j]
					}
					live++
				}
				return nil
			}
			count := map[string]int{}
			for _, pg := range pages {
				if l := at(pg); l != nil {
					count[runningKey(l.text)]++
				}
			}
			for i, pg := range pages {
				if l := at(pg); l != nil {
					if own[i] && recurs(count[runningKey(l.text)]) || pageNumber.MatchString(l.text) {
						l.dropped = true
					}
				}
			}
		}
	}
	for _, pg := range pages {
		for _, l := range pg {
			if !l.dropped {
				return
			}
		}
	}
	for _, pg := range pages {
		for i := range pg {
			pg[i].dropped = false
		}
	}
}

// pdfParts turns the pages' lines into headings and paragraphs.
func pdfParts(pages [][]pdfLine) []part {
	// The body size is the size of most characters; larger sizes of short lines are headings.
	weight := map[float64]int{}
	for _, pg := range pages {
		for _, l := range pg {
			if !l.dropped {
				weight[l.size] += len(l.text)
			}
		}
	}
	body, best := 0.0, 0
	for s, n := range weight {
		if n > best || n == best && s < body {
			body, best = s, n
		}
	}
	var sizes []float64
	for s := range weight {
		if s >= 1.2*body {
			sizes = append(sizes, s)
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(sizes)))
	level := func(l pdfLine) int {
		if utf8.RuneCountInString(l.text) > 120 {
			return 0
		}
		for i, s := range sizes {
			if l.size == s {
				return min(i+1, 6)
			}
		}
		return 0
	}

	var parts []part
	var cur pdfParagraph // the paragraph being built, when cur.open
	var prev *pdfLine
	flush := func() {
		if cur.open {
			parts = append(parts, cur.done())
		}
	}
	for pi, pg := range pages {
		leading := pageLeading(pg)
		right := 0.0
		for _, l := range pg {
			right = max(right, l.x1)
		}
		for li := range pg {
			l := pg[li]
			if l.dropped {
				continue
			}
			lv := level(l)
			newPara := !cur.open || prev == nil || lv != cur.level || math.Abs(l.size-prev.size) > 0.1*body
			if !newPara && prev.page == l.page {
				dy := prev.y - l.y
				newPara = dy < 0 || (leading > 0 && dy > 1.4*leading) ||
					(endsSentence(prev.text) && prev.x1 < right-2*l.size)
			}
			if !newPara && prev.page != l.page {
				// A paragraph cut by the page break goes on with a lowercase word.
				r, _ := utf8.DecodeRuneInString(l.text)
				newPara = endsSentence(prev.text) || !unicode.IsLower(r)
			}
			if lv > 0 && cur.open && cur.level == lv && len(cur.buf)+len(l.text) > 160 {
				newPara = true
			}
			if newPara {
				flush()
				cur.start(lv, l.no)
			}
			cur.addLine(l)
			prev = &pages[pi][li]
		}
	}
	flush()
	return parts
}

// pdfParagraph is a heading or paragraph of a PDF as pdfParts builds it from lines: a part
// whose text grows in one buffer, made a string once, when the paragraph is done. Adding
// each line to a string copied the paragraph so far: a million one-letter lines drawn in a
// 30 KB file took over a minute and allocated 157 GB, 1.4 s and 258 MB since.
type pdfParagraph struct {
	part        // the paragraph, but for its text
	buf  []byte // the paragraph's text so far
	open bool   // whether a paragraph was started and is not done
}

// start starts a paragraph of heading level level (0 for body text) at line no, its text
// empty; the buffer of the one before is reused.
func (p *pdfParagraph) start(level, no int) {
	p.part = part{level: level, first: no, last: no}
	p.buf = p.buf[:0]
	p.open = true
}

// addLine appends a line of text to the paragraph, joining a word hyphenated at the line end.
func (p *pdfParagraph) addLine(l pdfLine) {
	text := l.text
	switch {
	case len(p.buf) == 0:
	case p.level == 0 && listItem.MatchString(text):
		p.buf = append(p.buf, '\n')
	case p.buf[len(p.buf)-1] == '-' && hyphenated(p.buf, text):
		p.buf = p.buf[:len(p.buf)-1]
	default:
		p.buf = append(p.buf, ' ')
	}
	p.starts = append(p.starts, len(p.buf))
	p.lines = append(p.lines, l.no-1)
	p.pages = append(p.pages, l.page)
	p.buf = append(p.buf, text...)
	p.last = l.no
}

// done returns the paragraph, its text a string, and ends it.
func (p *pdfParagraph) done() part {
	q := p.part
	q.text = string(p.buf)
	p.part, p.open = part{}, false
	return q
}

// hyphenated reports whether a line ending in "-" (before) and the next line (after) are one
// word split in two: a letter before the hyphen, a lowercase letter after the break.
func hyphenated(before []byte, after string) bool {
	r, _ := utf8.DecodeLastRune(bytes.TrimSuffix(before, []byte("-")))
	n, _ := utf8.DecodeRuneInString(after)
	return unicode.IsLetter(r) && unicode.IsLower(n)
}

// pageLeading returns the usual distance between the baselines of consecutive lines of a
// page, in points: the median of the positive ones, or 0.
func pageLeading(pg []pdfLine) float64 {
	var d []float64
	for i := 1; i < len(pg); i++ {
		if dy := pg[i-1].y - pg[i].y; dy > 0 {
			d = append(d, dy)
		}
	}
	if len(d) == 0 {
		return 0
	}
	sort.Float64s(d)
	return d[len(d)/2]
}

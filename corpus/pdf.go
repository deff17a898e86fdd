package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// parsePDF reads the text layer of a PDF into doc, page by page, with github.com/ledongthuc/pdf
// parsing the file (cross-reference table, objects, fonts, RC4/AES decryption with an empty
// password) and pdfGlyphs here placing each character on the page.
//
// Characters are gathered into lines in the order the page draws them (y changes by over half
// the font size, or x jumps back, start a line; a gap of over 0.15 em between characters, or
// a kerning offset over 0.2 em, is a space). A line that recurs at the top or bottom of most
// pages (digits ignored, so "Page 3 of 9" recurs), or that holds only a page number, is a
// running header or footer and dropped. Lines become paragraphs at a vertical gap over 1.4
// times the page's usual line spacing, a change of font size, or a short line ending a
// sentence; a line-end hyphen between letters is removed when a lowercase letter follows; a
// paragraph cut by a page break (no sentence end, a lowercase start on the next page) is
// rejoined. A short paragraph in a font at least 1.2 times the body text's size is a heading,
// its level the rank of its size among the headings' sizes.
//
// Metadata: title, author and creation date (as edition, YYYY-MM-DD) from the Info dictionary.
// Passages carry their pages (FirstPage, LastPage: 1-based physical pages); their lines count
// the extracted lines of the whole document, headers and footers included.
//
// Errors name the file: ErrEncrypted when the PDF needs a password, ErrNoText when its pages
// hold no text (scans), ErrMalformed when it cannot be parsed.
func parsePDF(doc *Document, name string, raw []byte) (err error) {
	defer func() {
		if r := recover(); r != nil { // the parser panics on some broken content streams
			err = fmt.Errorf("corpus: %s: %w: %v", name, ErrMalformed, r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		if errors.Is(err, pdf.ErrInvalidPassword) || strings.Contains(err.Error(), "encrypt") {
			return fmt.Errorf("corpus: %s: %w: %v", name, ErrEncrypted, err)
		}
		return fmt.Errorf("corpus: %s: %w: %v", name, ErrMalformed, err)
	}
	info := r.Trailer().Key("Info")
	setIfEmpty(&doc.Title, info.Key("Title").Text())
	setIfEmpty(&doc.Author, info.Key("Author").Text())
	setIfEmpty(&doc.Edition, pdfDate(info.Key("CreationDate").Text()))
	n := r.NumPage()
	if n == 0 {
		return fmt.Errorf("corpus: %s: %w: no pages", name, ErrMalformed)
	}
	pages := make([][]pdfLine, n)
	lineNo := 0
	chars := 0
	for i := range pages {
		pages[i] = pdfLines(pdfGlyphs(r.Page(i + 1)))
		for j := range pages[i] {
			lineNo++
			pages[i][j].no, pages[i][j].page = lineNo, i+1
			chars += len(strings.TrimSpace(pages[i][j].text))
		}
	}
	if chars == 0 {
		return fmt.Errorf("corpus: %s: %w: %d pages without text", name, ErrNoText, n)
	}
	dropRunning(pages)
	packParts(doc, pdfParts(pages))
	return nil
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

// pdfGlyphs returns the characters of a page in drawing order. It follows the text operators of
// the PDF specification (ISO 32000-1, 9.4) as pdf.Page.Content does, but reads each font once
// per page instead of once per character, which made Content about 50 times slower.
func pdfGlyphs(p pdf.Page) []glyph {
	if p.V.IsNull() || p.V.Key("Contents").Kind() == pdf.Null {
		return nil
	}
	fonts := map[string]*pdfFont{}
	type state struct {
		Tc, Tw, Th, Tl, Tfs, Trise float64
		font                       *pdfFont
		Tm, Tlm, CTM               matrix
	}
	g := state{Th: 1, CTM: ident, font: &pdfFont{}}
	var stack []state
	var out []glyph
	show := func(s string) {
		f := g.font
		enc := f.enc
		var decoded string
		if enc != nil {
			decoded = enc.Decode(s)
		} else {
			decoded = s
		}
		runes := []rune(decoded)
		single := len(runes) == len(s) // one byte per character: widths apply
		for i, ch := range runes {
			w0, known := 500.0, false
			if single && f.widths != nil {
				if c := int(s[i]) - f.first; c >= 0 && c < len(f.widths) && f.widths[c] > 0 {
					w0, known = f.widths[c], true
				}
			}
			trm := matrix{{g.Tfs * g.Th, 0, 0}, {0, g.Tfs, 0}, {0, g.Trise, 1}}.mul(g.Tm).mul(g.CTM)
			size := math.Hypot(trm[0][0], trm[0][1])
			out = append(out, glyph{x: trm[2][0], y: trm[2][1], w: w0 / 1000 * size, size: size, s: string(ch), known: known})
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
	pdf.Interpret(p.V.Key("Contents"), func(stk *pdf.Stack, op string) {
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
			stack = append(stack, g)
		case "Q":
			if len(stack) > 0 {
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
				f, ok := fonts[name]
				if !ok {
					pf := p.Font(name)
					f = &pdfFont{enc: pf.Encoder()}
					if pf.V.Key("Subtype").Name() != "Type0" {
						f.first, f.widths = pf.FirstChar(), pf.Widths()
					}
					fonts[name] = f
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
					if off < -200 && len(out) > 0 { // a kerning gap wider than 0.2 em: a space
						out = append(out, glyph{s: " ", x: out[len(out)-1].x, y: out[len(out)-1].y, size: out[len(out)-1].size})
					}
					g.Tm = matrix{{1, 0, 0}, {0, 1, 0}, {-off / 1000 * g.Tfs * g.Th, 0, 1}}.mul(g.Tm)
				}
			}
		}
	})
	return out
}

// pdfLine is one line of a page's text.
type pdfLine struct {
	text        string
	x0, x1, y   float64 // start and end of the line, its baseline; in points
	size        float64 // the font size of most of its characters
	no, page    int     // 1-based line (counted across the document) and page
	heading     int     // heading level once the document is read, or 0
	dropped     bool
	sizeWeights map[float64]int
}

// pdfLines gathers a page's glyphs into lines.
func pdfLines(gs []glyph) []pdfLine {
	var out []pdfLine
	var cur *pdfLine
	var b strings.Builder
	end := 0.0
	finish := func() {
		if cur == nil {
			return
		}
		cur.text = ligatures.Replace(strings.Join(strings.Fields(b.String()), " "))
		best := 0
		for s, n := range cur.sizeWeights {
			if n > best || n == best && s > cur.size {
				cur.size, best = s, n
			}
		}
		if cur.text != "" {
			out = append(out, *cur)
		}
		cur = nil
		b.Reset()
	}
	for _, g := range gs {
		if g.s == "\n" || g.s == "\r" {
			continue
		}
		if cur != nil && (math.Abs(g.y-cur.y) > 0.5*max(g.size, cur.size) || g.x < end-2*max(g.size, 1)) {
			finish()
		}
		if cur == nil {
			cur = &pdfLine{x0: g.x, y: g.y, sizeWeights: map[float64]int{}}
		} else if g.known && g.x-end > 0.15*g.size && g.s != " " {
			b.WriteByte(' ')
		}
		b.WriteString(g.s)
		if g.s != " " {
			cur.sizeWeights[math.Round(g.size*2)/2]++
		}
		end = g.x + g.w
		if !g.known {
			end = g.x + 0.3*g.size
		}
		cur.x1 = max(cur.x1, end)
	}
	finish()
	return out
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
// the pages, and of at least two, or that hold only a page number.
func dropRunning(pages [][]pdfLine) {
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
			for _, pg := range pages {
				if l := at(pg); l != nil {
					k := runningKey(l.text)
					if (len(pages) >= 2 && count[k] >= 2 && count[k]*2 >= len(pages)) || pageNumber.MatchString(l.text) {
						l.dropped = true
					}
				}
			}
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
	var cur *part
	var prev *pdfLine
	flush := func() {
		if cur != nil {
			parts = append(parts, *cur)
			cur = nil
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
			newPara := cur == nil || prev == nil || lv != cur.level || math.Abs(l.size-prev.size) > 0.1*body
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
			if lv > 0 && cur != nil && cur.level == lv && len(cur.text)+len(l.text) > 160 {
				newPara = true
			}
			if newPara {
				flush()
				cur = &part{level: lv, first: l.no, last: l.no}
			}
			cur.addLine(l)
			prev = &pages[pi][li]
		}
	}
	flush()
	return parts
}

// addLine appends a line of text to a paragraph, joining a word hyphenated at the line end.
func (p *part) addLine(l pdfLine) {
	text := l.text
	switch {
	case p.text == "":
	case p.level == 0 && listItem.MatchString(text):
		p.text += "\n"
	case strings.HasSuffix(p.text, "-") && hyphenated(p.text, text):
		p.text = p.text[:len(p.text)-1]
	default:
		p.text += " "
	}
	p.starts = append(p.starts, len(p.text))
	p.lines = append(p.lines, l.no-1)
	p.pages = append(p.pages, l.page)
	p.text += text
	p.last = l.no
}

// hyphenated reports whether a line ending in "-" and the next line are one word split in
// two: a letter before the hyphen, a lowercase letter after the break.
func hyphenated(before, after string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSuffix(before, "-"))
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

package corpus

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// repeatedDOCX returns a Word document whose body is block repeated n times, compressed as
// it is written, so that a body of millions of paragraphs is built without holding its XML.
func repeatedDOCX(tb testing.TB, block string, n int) []byte {
	tb.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		tb.Fatal(err)
	}
	write := func(s string) {
		if _, err := w.Write([]byte(s)); err != nil {
			tb.Fatal(err)
		}
	}
	write(`<?xml version="1.0" encoding="UTF-8"?><w:document ` + wordNS + `><w:body>`)
	write(docxPara("", "The sentry guards the gate at night."))
	const batch = 1000
	chunk := strings.Repeat(block, batch)
	for i := 0; i < n; i += batch {
		if n-i < batch {
			chunk = strings.Repeat(block, n-i)
		}
		write(chunk)
	}
	write(`</w:body></w:document>`)
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// TestDOCXTextLimit: a DOCX whose body's text, written as plain text (a line break for each
// paragraph, " | " between table cells), comes to over the size limit is refused as too large,
// naming the file, though the file and its XML are within their limits; one within it is
// read. Its text had no bound but that of its XML, 4 × the limit.
func TestDOCXTextLimit(t *testing.T) {
	const limit = 64 << 10
	word := strings.Repeat("x", 30)
	tests := []struct {
		name  string
		block string
		n     int
		over  bool
	}{
		{"paragraphs within", docxPara("", word), 1500, false},
		{"paragraphs over", docxPara("", word), 2500, true},
		{"one long paragraph over", `<w:p><w:r><w:t>` + strings.Repeat(word+" ", 3000) + `</w:t></w:r></w:p>`, 1, true},
		{"table cells over", `<w:tbl><w:tr><w:tc>` + docxPara("", word) + `</w:tc><w:tc>` + docxPara("", word) + `</w:tc></w:tr></w:tbl>`, 1000, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := repeatedDOCX(t, tt.block, tt.n)
			if len(raw) > limit {
				t.Fatalf("the DOCX is %d bytes, over the limit itself", len(raw))
			}
			doc, err := Parse("many.docx", raw, Meta{MaxBytes: limit})
			if !tt.over {
				if err != nil || len(doc.Passages) == 0 {
					t.Fatalf("Parse = %v, want the document read", err)
				}
				return
			}
			want := "corpus: many.docx: file too large: word/document.xml holds over 64 KiB of text, the size limit"
			if !errors.Is(err, ErrTooLarge) || err == nil || err.Error() != want {
				t.Errorf("Parse = %v, want %q", err, want)
			}
		})
	}
}

// TestDOCXLongTableLinear: a table of many rows (or a list of many items), which is one block
// of text, is joined in one growing buffer: 20,000 rows allocate a few tens of MB, where
// joining strings copied the rows so far for each row (437 MB for the table here, 843 MB for
// the list; 160,000 rows took 27 s and 25 GB). Every row is kept.
func TestDOCXLongTableLinear(t *testing.T) {
	const rows = 20000
	for _, block := range []string{
		`<w:tbl><w:tr><w:tc>` + docxPara("", "a") + `</w:tc></w:tr></w:tbl>`,
		`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>a</w:t></w:r></w:p>`,
	} {
		raw := repeatedDOCX(t, block, rows)
		doc, alloc, err := parseAllocating("table.docx", raw, Meta{})
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, p := range doc.Passages {
			for _, w := range strings.Fields(p.Text) {
				if w == "a" {
					got++
				}
			}
		}
		if got != rows {
			t.Errorf("%d rows in the passages, want %d", got, rows)
		}
		if alloc > 100<<20 {
			t.Errorf("parsing %d rows allocated %d MB, want under 100 MB", rows, alloc>>20)
		}
	}
}

// BenchmarkParseDOCXTinyParagraphs parses a DOCX of 200,000 one-letter paragraphs, packed
// into passages as they are read rather than all held as blocks first: 147 MB allocated an
// op, where it was about 440 MB, and a heap of a few MB (2 million paragraphs took 1.3 GB
// resident when they were held, 27 MB since).
func BenchmarkParseDOCXTinyParagraphs(b *testing.B) {
	raw := repeatedDOCX(b, `<w:p><w:r><w:t>a</w:t></w:r></w:p>`, 200000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("tiny.docx", raw, Meta{}); err != nil {
			b.Fatal(err)
		}
	}
}

// nestedDOCX returns a Word document whose body is a table nested levels deep: each table
// has one row of one cell, which holds the next table and then a paragraph "lvlN", N counted
// from the innermost table (lvl0) out.
func nestedDOCX(tb testing.TB, levels int) []byte {
	tb.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><w:document ` + wordNS + `><w:body>`)
	b.WriteString(strings.Repeat(`<w:tbl><w:tr><w:tc>`, levels))
	for i := range levels {
		fmt.Fprintf(&b, `<w:p><w:r><w:t>lvl%d</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`, i)
	}
	b.WriteString(`</w:body></w:document>`)
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	w, err := zw.Create("word/document.xml")
	if err == nil {
		_, err = w.Write([]byte(b.String()))
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		tb.Fatal(err)
	}
	return z.Bytes()
}

// TestDOCXNestedTables: a table in a table cell gives its text to the enclosing cell of the
// outermost table, once, its paragraphs separated by spaces as the cell's own are, and the
// outermost table's rows are its lines. Each cell repeated the text of every table nested in
// it, and a nested table's row started the row around it again: "x | y | y b" for the second
// table here.
func TestDOCXNestedTables(t *testing.T) {
	cell := func(body string) string { return `<w:tc>` + body + `</w:tc>` }
	row := func(cells ...string) string { return `<w:tr>` + strings.Join(cells, "") + `</w:tr>` }
	tbl := func(rows ...string) string { return `<w:tbl>` + strings.Join(rows, "") + `</w:tbl>` }
	p := func(s string) string { return docxPara("", s) }
	tests := []struct {
		name, body string
		want       string // the passage, as passageTexts gives it
	}{
		{"flat", tbl(row(cell(p("a")), cell(p("b")+p("c"))), row(cell(p("d")), cell(p("e")))),
			" | lines 1–6 | a | b c\nd | e\n\nAfter."},
		{"a table in a cell", tbl(row(cell(p("a")), cell(tbl(row(cell(p("x")), cell(p("y"))))+p("b")))),
			" | lines 1–5 | a | x y b\n\nAfter."},
		{"two rows in a cell", tbl(row(cell(tbl(row(cell(p("x")), cell(p("y"))), row(cell(p("z"))))), cell(p("b"))), row(cell(p("c")), cell(p("d")))),
			" | lines 1–7 | x y z | b\nc | d\n\nAfter."},
		{"three deep", tbl(row(cell(tbl(row(cell(tbl(row(cell(p("lvl0"))))+p("lvl1")))) + p("lvl2")))),
			" | lines 1–4 | lvl0 lvl1 lvl2\n\nAfter."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := zipFiles(t, "word/document.xml", `<w:document `+wordNS+`><w:body>`+tt.body+p("After.")+`</w:body></w:document>`)
			doc, err := Parse("nested.docx", raw, Meta{})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := passageTexts(doc), []string{tt.want}; !slices.Equal(got, want) {
				t.Errorf("passages = %q, want %q", got, want)
			}
		})
	}
}

// TestDOCXDeepNestedTables: tables nested thousands deep (see nestedDOCX) cost what their
// text does, and that text is what the size limit counts: each level's paragraph is in the
// passages once. Every cell repeated the text of the
// tables inside it, so that the text grew as the square of the depth, past the limit that
// counted each text element once: 10,000 levels, a 27 KB file, gave 389 MB of text and
// allocated 4 GB (corpus add took 27 s and 2.8 GB resident); 3,000 levels within a 64 KiB
// limit gave 33 MB and allocated 342 MB. Nesting past maxDOCXDepth elements (20,000 tables:
// 60,000) is refused as such, having allocated little.
func TestDOCXDeepNestedTables(t *testing.T) {
	_, alloc, err := parseAllocating("nested.docx", nestedDOCX(t, 20000), Meta{})
	if want := fmt.Sprintf("nests its elements over %d deep", maxDOCXDepth); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), want) {
		t.Errorf("20,000 levels: %v, want ErrTooLarge saying %q", err, want)
	}
	if alloc > 64<<20 {
		t.Errorf("20,000 levels: parsing allocated %d MB, want under 64 MB", alloc>>20)
	}
	for _, tt := range []struct {
		levels int
		limit  int64
	}{{3000, 64 << 10}, {3000, 0}} {
		raw := nestedDOCX(t, tt.levels)
		doc, alloc, err := parseAllocating("nested.docx", raw, Meta{MaxBytes: tt.limit})
		if err != nil {
			t.Fatalf("%d levels: %v", tt.levels, err)
		}
		var words []string
		size := 0
		for _, p := range doc.Passages {
			words = append(words, strings.Fields(p.Text)...)
			size += len(p.Text)
		}
		if len(words) != tt.levels || words[0] != "lvl0" || words[len(words)-1] != fmt.Sprintf("lvl%d", tt.levels-1) {
			t.Errorf("%d levels: %d words in the passages, want lvl0 to lvl%d once each", tt.levels, len(words), tt.levels-1)
		}
		if limit := (Meta{MaxBytes: tt.limit}).Limit(); int64(size) > limit {
			t.Errorf("%d levels: %d bytes of text, over the size limit of %d", tt.levels, size, limit)
		}
		if alloc > 64<<20 {
			t.Errorf("%d levels: parsing allocated %d MB, want under 64 MB", tt.levels, alloc>>20)
		}
	}
}

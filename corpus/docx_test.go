package corpus

import (
	"archive/zip"
	"bytes"
	"errors"
	"runtime"
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
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		doc, err := Parse("table.docx", raw, Meta{})
		runtime.ReadMemStats(&after)
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
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 100<<20 {
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

package corpus

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// flatePDF returns a PDF of one page per content given, each page's content stream
// compressed with FlateDecode, in Helvetica (font F1). extra is added to the trailer.
func flatePDF(t *testing.T, extra string, contents ...string) []byte {
	t.Helper()
	return flateFontPDF(t, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", extra, contents...)
}

// flateFontPDF is flatePDF with font F1 the font dictionary given.
func flateFontPDF(t *testing.T, font, extra string, contents ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	var offsets []int
	obj := func(body string, stream []byte) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\n", len(offsets), body)
		if stream != nil {
			b.WriteString("stream\n")
			b.Write(stream)
			b.WriteString("\nendstream\n")
		}
		b.WriteString("endobj\n")
	}
	b.WriteString("%PDF-1.4\n")
	n := len(contents)
	kids := make([]string, n)
	for i := range n {
		kids[i] = fmt.Sprintf("%d 0 R", 4+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n), nil)
	obj(font, nil)
	for i, c := range contents {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*i), nil)
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write([]byte(c))
		zw.Close()
		obj(fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>", z.Len()), z.Bytes())
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, extra, xref)
	return b.Bytes()
}

// textPage is a page's content showing lines of text, 14 points apart.
func textPage(lines ...string) string {
	var b strings.Builder
	b.WriteString("BT /F1 12 Tf 14 TL 72 720 Td\n")
	for _, l := range lines {
		fmt.Fprintf(&b, "T* (%s) Tj\n", l)
	}
	b.WriteString("ET\n")
	return b.String()
}

// TestPDFBudget: a PDF whose streams decompress to far more than its size (a decompression
// bomb) is refused as too large with the reason, within a budget set by the size limit, and
// a PDF within it is read.
func TestPDFBudget(t *testing.T) {
	const limit = 64 << 10
	sentence := "The sentry guards the gate at night and the bugler sounds retreat at dusk."
	big := strings.Repeat("A", 1<<20) // 1 MiB of one letter: a few kB compressed
	quarter := strings.Repeat("B", limit*9/10)
	// Drawing, not text: content that shows nothing.
	drawing := strings.Repeat("72 72 m 144 144 l S\n", limit*9/10/20)
	many := make([]string, limit/16)
	for i := range many {
		many[i] = "C"
	}
	tests := []struct {
		name     string
		contents []string
		want     string // the reason of the error; "" for none
	}{
		{"within the budget", []string{textPage(sentence), textPage("A second page says something else.")}, ""},
		{"a page over the limit", []string{textPage(sentence), textPage(big)},
			"file too large: PDF page 2 decompresses to over 64 KiB, the size limit"},
		{"pages over 4 × the limit together", []string{textPage(sentence), drawing, drawing, drawing, drawing, drawing},
			"file too large: PDF content decompresses to over 256 KiB (4 × the size limit)"},
		{"text over 2 × the limit", []string{textPage(quarter), textPage(quarter), textPage(quarter)},
			"file too large: PDF text comes to over 128 KiB (2 × the size limit)"},
		{"lines each counted", []string{textPage(many...)},
			"file too large: PDF text comes to over 128 KiB (2 × the size limit)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := flatePDF(t, "", tt.contents...)
			if len(raw) > limit {
				t.Fatalf("the PDF is %d bytes, over the limit itself", len(raw))
			}
			doc, err := Parse("bomb.pdf", raw, Meta{MaxBytes: limit})
			if tt.want == "" {
				if err != nil || len(doc.Passages) == 0 || !strings.Contains(doc.Passages[0].Text, sentence) {
					t.Fatalf("Parse = %v, want the sentence read", err)
				}
				return
			}
			if !errors.Is(err, ErrTooLarge) || err.Error() != "corpus: bomb.pdf: "+tt.want {
				t.Errorf("Parse = %v, want ErrTooLarge: %s", err, tt.want)
			}
		})
	}
}

// TestPDFEncryptedMessage: a PDF with an /Encrypt entry that cannot be read is refused as
// encrypted, not as malformed.
func TestPDFEncryptedMessage(t *testing.T) {
	// The trailer names an encryption dictionary that does not exist: the reader cannot open
	// the file, and the entry says why.
	raw := flatePDF(t, "/Encrypt 99 0 R ", textPage("Secret words."))
	_, err := Parse("secret.pdf", raw, Meta{})
	if !errors.Is(err, ErrEncrypted) || errors.Is(err, ErrMalformed) {
		t.Errorf("Parse = %v, want ErrEncrypted", err)
	}
	_, err = Parse("secret.pdf", encryptedPDF(t), Meta{})
	if !errors.Is(err, ErrEncrypted) || !strings.Contains(err.Error(), "encrypted document (a password is needed to open it)") {
		t.Errorf("Parse of a PDF with a user password = %v, want ErrEncrypted saying a password is needed", err)
	}
	// An owner password alone (an empty user password), with RC4 and a 40-bit key, which the
	// PDF library decrypts wrongly: its streams were noise, "zlib: invalid header" when
	// compressed and a page without text (ErrNoText) when not.
	for _, compress := range []bool{true, false} {
		p := newPDF()
		p.SetCompression(compress)
		p.SetProtection(fpdf.CnProtectPrint, "", "owner")
		p.AddPage()
		p.SetFont("Helvetica", "", 12)
		p.Cell(0, 12, "Text anyone may read but not print.")
		_, err = Parse("owner.pdf", pdfBytes(t, p), Meta{})
		want := "corpus: owner.pdf: encrypted document (its encryption, RC4 with a 40-bit key, is not supported)"
		if !errors.Is(err, ErrEncrypted) || err.Error() != want {
			t.Errorf("Parse of a PDF with an owner password only (compressed %t) = %v, want %q", compress, err, want)
		}
	}
	// AES-256 (version 5), which the PDF library refuses: the error names it, without the
	// encryption dictionary the library's error prints byte for byte (an escape code here).
	esc := "<" + strings.Repeat("1b5b324a", 12) + ">"
	raw = flatePDF(t, "/Encrypt << /Filter /Standard /V 5 /R 6 /O "+esc+" /U "+esc+" /OE "+esc+" /UE "+esc+" /P -4 >> "+
		"/ID [<0123456789abcdef0123456789abcdef><0123456789abcdef0123456789abcdef>] ", textPage("Secret words."))
	_, err = Parse("aes.pdf", raw, Meta{})
	want := "corpus: aes.pdf: encrypted document (its encryption is not supported: encryption version V=5 (AES-256))"
	if !errors.Is(err, ErrEncrypted) || err.Error() != want {
		t.Errorf("Parse of an AES-256 PDF = %q, want %q", err, want)
	}
}

// TestPDFRepeatedPages: a line that recurs at the top or bottom of the pages is dropped as a
// running header or footer only from a page with text of its own, so that a PDF whose pages
// are all the same keeps their text, where it was dropped whole and the PDF read as empty;
// and a document is never emptied by it. A running header and footer are still dropped from
// the pages with text of their own.
func TestPDFRepeatedPages(t *testing.T) {
	same := textPage("Orders of the day.", "The sentry guards the gate at night.", "The bugler sounds retreat at dusk.")
	tests := []struct {
		name    string
		pages   []string
		want    []string // in the passages, in this order
		notWant []string
	}{
		{"identical pages", []string{same, same, same},
			[]string{"Orders of the day.", "Orders of the day.", "Orders of the day."}, nil},
		{"identical pages numbered", []string{
			textPage("Orders of the day.", "The sentry guards the gate.", "Page 1"),
			textPage("Orders of the day.", "The sentry guards the gate.", "Page 2"),
		}, []string{"Orders of the day.", "The sentry guards the gate.", "Orders of the day.", "The sentry guards the gate."}, []string{"Page"}},
		{"header and footer of pages with their own text", []string{
			textPage("Field Manual 3-0", "Command is exercised by the commander.", "Page 1"),
			textPage("Field Manual 3-0", "Control is exercised through the staff.", "Page 2"),
			textPage("Field Manual 3-0", "Orders are issued in a fixed form.", "Page 3"),
			textPage("Field Manual 3-0"),
		}, []string{"Command is exercised", "Control is exercised", "Orders are issued", "Field Manual 3-0"}, []string{"Page"}},
		{"a page number alone", []string{textPage("12")}, []string{"12"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse("same.pdf", flatePDF(t, "", tt.pages...), Meta{})
			if err != nil {
				t.Fatalf("Parse = %v, want the text read", err)
			}
			var text []string
			for _, p := range doc.Passages {
				text = append(text, p.Text)
			}
			all := strings.Join(text, "\n\n")
			rest := all
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("passages %q: want %q, in order", text, tt.want)
				}
				rest = rest[i+len(w):]
			}
			for _, w := range tt.notWant {
				if strings.Contains(all, w) {
					t.Errorf("passages %q: want no %q", text, w)
				}
			}
		})
	}
}

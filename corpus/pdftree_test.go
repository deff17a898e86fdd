package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// objectsPDF returns a PDF of the objects given (numbered from 1; the first is the catalog),
// with a cross-reference table giving their offsets; extra is added to the trailer, in which
// "XREF" stands for the table's own offset.
func objectsPDF(extra string, objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	extra = strings.ReplaceAll(extra, "XREF", fmt.Sprint(xref))
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, extra, xref)
	return b.Bytes()
}

// TestPDFHostileStructure: a PDF whose page tree or cross-reference sections lie or loop is
// read, or refused as malformed, at once, where it exhausted the memory (a /Count of two
// billion pages, a tree of 2^40 pages in 40 nodes) or ran for ever, deaf to Ctrl-C (a Kids
// array or a /Parent naming a node itself, a /Prev naming its own section).
func TestPDFHostileStructure(t *testing.T) {
	const text = "The regiment marched at dawn."
	content := textPage(text)
	stream := fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content)
	const (
		catalog   = "<< /Type /Catalog /Pages 2 0 R >>"
		font      = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
		resources = "/Resources << /Font << /F1 5 0 R >> >>"
		page      = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] " + resources + " /Contents 4 0 R >>"
	)
	// Objects 6 to 45 of the deep tree are Pages nodes, each listing the next twice; the
	// last lists the page twice.
	tree := []string{"<< /Type /Catalog /Pages 6 0 R >>", "null", "<< /Type /Page /MediaBox [0 0 612 792] " + resources + " /Contents 4 0 R >>", stream, font}
	for i := range 40 {
		kid := 7 + i
		if i == 39 {
			kid = 3
		}
		tree = append(tree, fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count %d >>", kid, kid, int64(1)<<(40-i)))
	}
	tests := []struct {
		name string
		raw  []byte
		want error // nil: read, its text found
	}{
		{"the file as it should be", objectsPDF("", catalog, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, stream, font), nil},
		{"Count of two billion pages", objectsPDF("", catalog, "<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>", page, stream, font), nil},
		{"Kids naming their own node", objectsPDF("", catalog, "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", page, stream, font), nil},
		{"page its own Parent, its resources inherited", objectsPDF("", catalog,
			"<< /Type /Pages /Kids [3 0 R] /Count 1 "+resources+" >>",
			"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>", stream, font), nil},
		{"Prev naming its own section", objectsPDF("/Prev XREF", catalog, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, stream, font), ErrMalformed},
		{"a tree of 2^40 pages in 40 nodes", objectsPDF("", tree...), ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse("hostile.pdf", tt.raw, Meta{})
			if tt.want != nil {
				if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), "hostile.pdf") {
					t.Fatalf("Parse = %v, want %v naming hostile.pdf", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := strings.Join(passageTexts(doc), "\n"); !strings.Contains(got, text) {
				t.Errorf("passages %q, want %q among them", got, text)
			}
		})
	}
}

// TestPDFPageListedAgain checks that a page the page tree lists many times is read once: a
// 1.2 MB file listing one page 200,000 times took 53 s and 959 MB, and made 15,385 passages
// of the same text.
func TestPDFPageListedAgain(t *testing.T) {
	const text = "The regiment marched at dawn."
	content := textPage(text)
	stream := fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content)
	kids := strings.Repeat("3 0 R ", 5000)
	raw := objectsPDF("", "<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids ["+kids+"] /Count 5000 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		stream, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	doc, err := Parse("again.pdf", raw, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(strings.Join(passageTexts(doc), "\n"), text); got != 1 {
		t.Errorf("the page's text in %d places, want 1 (%d passages)", got, len(doc.Passages))
	}
}

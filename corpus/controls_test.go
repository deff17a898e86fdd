package corpus

import (
	"fmt"
	"strings"
	"testing"
)

func TestStripControls(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"tab\tand\nnewline", "tab\tand\nnewline"},
		{"the \x1b]0;PWNED\x07 bugler \x1b[2J sounds", "the ]0;PWNED bugler [2J sounds"},
		{"bell\x07, backspace\x08, form feed\x0c, DEL\x7f", "bell, backspace, form feed, DEL"},
		{"C1: \u009b31m and \u0085 next line", "C1: 31m and  next line"},
		{"not controls: é \u00a0 \u200b ✓", "not controls: é \u00a0 \u200b ✓"},
	}
	for _, tt := range tests {
		if got := StripControls(tt.in); got != tt.want {
			t.Errorf("StripControls(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := metaText(" Red\x1b[31m title\nsecond line\tend\u009b "); got != "Red[31m title second line end" {
		t.Errorf("metaText = %q", got)
	}
}

// TestParseDropsControls: terminal escape codes in a document's text and metadata, in every
// format, are not in its passages, headings or metadata; a text file keeps its line numbers,
// and a quote is the passage's text as stored.
func TestParseDropsControls(t *testing.T) {
	esc := "\x1b]0;PWNED\x07\x1b[2J\u009b31m"
	tests := []struct {
		name string
		raw  func(t *testing.T) []byte
	}{
		{"a.md", func(*testing.T) []byte {
			return []byte("---\ntitle: \x1b[31mRED\x1b[0m title\nauthor: evil\x07bell\n---\n\n# Head" + esc + "ing\n\nThe body escape text says the " + esc + " bugler sounds retreat at dusk.\n")
		}},
		{"a.txt", func(*testing.T) []byte {
			return []byte("The body escape text says the " + esc + " bugler sounds retreat at dusk.\n\nA second line.\n")
		}},
		{"a.html", func(*testing.T) []byte {
			return []byte("<html><head><title>T&#27;[31mitle</title><meta name=\"author\" content=\"evil&#7;bell\"></head><body><h1>Head&#27;[2Jing</h1><p>The body &#27;]0;PWNED&#7; text says the " + esc + " bugler sounds retreat at dusk.</p></body></html>")
		}},
		{"a.docx", func(t *testing.T) []byte {
			return zipFiles(t, "word/document.xml", `<w:document `+wordNS+`><w:body>`+docxPara("", "The body text says the \u009b31m bugler sounds retreat at dusk.")+`</w:body></w:document>`,
				"docProps/core.xml", `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Red&#x9b;31m title</dc:title></cp:coreProperties>`)
		}},
		{"a.pdf", func(t *testing.T) []byte {
			// A font whose codes are UCS-2, so that a code can be a control character.
			var hex strings.Builder
			for _, r := range "The body text says the " + esc + " bugler sounds retreat at dusk." {
				fmt.Fprintf(&hex, "%04X", r)
			}
			return flateFontPDF(t, "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /UniGB-UCS2-H >>", "",
				"BT /F1 12 Tf 72 720 Td <"+hex.String()+"> Tj ET\n")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.name, tt.raw(t), Meta{})
			if err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, f := range []string{doc.Title, doc.Author, doc.Source, doc.Licence, doc.Edition} {
				all = append(all, f)
			}
			for _, p := range doc.Passages {
				all = append(all, p.Text, p.Section())
			}
			for _, s := range all {
				if hasControl(s) {
					t.Errorf("%q holds a control character", s)
				}
			}
			if !strings.Contains(doc.Passages[len(doc.Passages)-1].Text+doc.Passages[0].Text, "bugler sounds") {
				t.Errorf("the text is lost: %+v", doc.Passages)
			}
		})
	}
	doc, err := Parse("a.txt", []byte("First line.\n\x1b[31mSecond\x1b[0m line.\n\nThird paragraph\x07.\n"), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if p := doc.Passages[0]; p.Text != "First line. [31mSecond[0m line.\n\nThird paragraph." || p.FirstLine != 1 || p.LastLine != 4 {
		t.Errorf("passage %q, lines %d–%d; want the escapes dropped and lines 1–4", p.Text, p.FirstLine, p.LastLine)
	}
}

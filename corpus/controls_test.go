package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
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
		{"evil\u202etxt.exe and \u202a\u202b\u202c\u202d embeddings", "eviltxt.exe and  embeddings"},
		{"isolates \u2066a\u2069 \u2067b\u2069 \u2068c\u2069, marks \u200e\u200f\u061c", "isolates a b c, marks "},
		{"joiners kept: \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001F469\u200d\U0001F4BB co\u00adop", "joiners kept: \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001F469\u200d\U0001F4BB co\u00adop"},
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
	esc := "\x1b]0;PWNED\x07\x1b[2J\u009b31m\u202e\u2067\u200f\u061c"
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
			return []byte("<html><head><title>T&#27;[31mitle</title><meta name=\"author\" content=\"evil&#7;bell\"></head><body><h1>Head&#27;[2J&#x202e;ing</h1><p>The body &#27;]0;PWNED&#7;&#x202E;&#8294; text says the " + esc + " bugler sounds retreat at dusk.</p></body></html>")
		}},
		{"a.docx", func(t *testing.T) []byte {
			return zipFiles(t, "word/document.xml", `<w:document `+wordNS+`><w:body>`+docxPara("", "The body text says the \u009b31m\u202e bugler sounds retreat at dusk.")+`</w:body></w:document>`,
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
				if hasControl(s) || strings.ContainsAny(s, "\u202e\u2066\u2067\u200f\u061c") {
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

// TestStripControlsEveryRune: StripControls drops exactly the control characters but newline
// and tab and the bidirectional formatting characters, of every code point, and hasControl,
// which looks at bytes, finds exactly those.
func TestStripControlsEveryRune(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s := "a" + string(r) + "b"
		drop := r != '\n' && r != '\t' && (r < 0x20 || r >= 0x7F && r <= 0x9F) ||
			r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
		want := s
		if drop {
			want = "ab"
		}
		if got := StripControls(s); got != want {
			t.Errorf("StripControls(%q) = %q, want %q", s, got, want)
		}
		if hasControl(s) != drop {
			t.Errorf("hasControl(%q) = %t, want %t", s, !drop, drop)
		}
	}
}

func TestQuotePath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"corpus/orders.txt", "corpus/orders.txt"},
		{"/tmp/notes – été/日本語 file (2).md", "/tmp/notes – été/日本語 file (2).md"},
		{`say "hi".txt`, `say "hi".txt`},
		{"x\x1b[2Jy.txt", `"x\x1b[2Jy.txt"`},
		{"bad\nname.txt", `"bad\nname.txt"`},
		{"tab\there.txt", `"tab\there.txt"`},
		{"c1\u009b31m.txt", `"c1\u009b31m.txt"`},
		{"evil\u202etxt.exe", `"evil\u202etxt.exe"`},
		{"latin1-caf\xe9.txt", `"latin1-caf\xe9.txt"`},
	}
	for _, tt := range tests {
		if got := QuotePath(tt.in); got != tt.want {
			t.Errorf("QuotePath(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestErrorsQuotePaths checks that every error of Load, ReadFile and Parse that names a file
// or folder whose name holds a control character (a terminal escape, a newline) names it quoted
// as QuotePath writes it, in every format and for every reason a file is refused, so that
// printed it carries no escape and stays one line; and that it still wraps its sentinel. Before,
// the name was printed raw ("corpus: x<ESC>[2J.txt: empty document").
func TestErrorsQuotePaths(t *testing.T) {
	dir := t.TempDir()
	evil := "x\x1b[2J\x1b]0;pwn\x07\nFAKE: "
	file := func(name string, content []byte) string {
		t.Helper()
		p := filepath.Join(dir, evil+name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	noTexts := filepath.Join(dir, evil+"pictures")
	if err := os.Mkdir(noTexts, 0o755); err != nil {
		t.Fatal(err)
	}
	file("pictures/a.png", []byte("\x89PNG"))
	emptyOnly := filepath.Join(dir, evil+"blank")
	if err := os.Mkdir(emptyOnly, 0o755); err != nil {
		t.Fatal(err)
	}
	file("blank/a.txt", []byte(" \n"))
	tests := []struct {
		name string
		path string
		meta Meta
		want error
	}{
		{"missing", filepath.Join(dir, evil+"missing.txt"), Meta{}, fs.ErrNotExist},
		{"missing below", filepath.Join(dir, evil+"gone", "missing.txt"), Meta{}, fs.ErrNotExist},
		{"empty", file("empty.txt", nil), Meta{}, ErrEmpty},
		{"binary", file("blob.txt", []byte("text\x00\x01")), Meta{}, ErrBinary},
		{"not UTF-8", file("latin1.md", []byte("caf\xe9")), Meta{}, ErrInvalidUTF8},
		{"UTF-16 odd", file("odd.txt", []byte{0xFF, 0xFE, 'a'}), Meta{}, ErrInvalidUTF16},
		{"too large", file("big.txt", []byte(strings.Repeat("word ", 20))), Meta{MaxBytes: 10}, ErrTooLarge},
		{"HTML empty", file("page.html", []byte("<html><body> </body></html>")), Meta{}, ErrEmpty},
		{"PDF malformed", file("broken.pdf", []byte("%PDF-1.4\nnot a pdf")), Meta{}, ErrMalformed},
		{"DOCX no zip", file("broken.docx", []byte("not a zip")), Meta{}, ErrMalformed},
		{"DOCX not Word", file("other.docx", zipFiles(t, "xl/workbook.xml", "<workbook/>")), Meta{}, ErrNotWord},
		{"DOCX bad XML", file("bad.docx", zipFiles(t, "word/document.xml", "<w:document")), Meta{}, ErrMalformed},
		{"a folder", noTexts, Meta{}, ErrNotRegular},
	}
	check := func(t *testing.T, err error, path string, want error) {
		t.Helper()
		if !errors.Is(err, want) {
			t.Errorf("err = %v, want %v", err, want)
		}
		if err == nil {
			return
		}
		msg := err.Error()
		if hasControl(msg) || strings.ContainsAny(msg, "\n\x1b\x07") {
			t.Errorf("the error holds a control character: %q", msg)
		}
		if !strings.Contains(msg, strconv.Quote(path)) {
			t.Errorf("the error %q does not name %s", msg, strconv.Quote(path))
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadFile(tt.path, tt.meta)
			check(t, err, tt.path, tt.want)
		})
	}
	for _, tt := range []struct {
		name string
		path string
		want error
	}{
		{"Load missing", filepath.Join(dir, evil+"missing.txt"), fs.ErrNotExist},
		{"Load no texts", noTexts, ErrNoTexts},
		{"Load every file empty", emptyOnly, ErrNoTexts},
		{"Load empty file", filepath.Join(dir, evil+"empty.txt"), ErrEmpty},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load([]string{tt.path}, func(error) {})
			check(t, err, tt.path, tt.want)
		})
	}
	// A file a folder holds that Load skips is named quoted too, below its folder.
	var skipped []error
	if _, err := Load([]string{emptyOnly, filepath.Join(dir, evil+"latin1.md")}, func(err error) { skipped = append(skipped, err) }); err == nil {
		t.Fatal("Load of a folder of empty files succeeded")
	}
	if len(skipped) != 1 {
		t.Fatalf("skipped %v, want the one empty file", skipped)
	}
	check(t, skipped[0], filepath.Join(emptyOnly, "a.txt"), ErrEmpty)
}

package corpus

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
)

// newPDF returns a PDF writer with fixed metadata, so that its output does not change.
func newPDF() *fpdf.Fpdf {
	p := fpdf.New("P", "pt", "A4", "")
	p.SetCreationDate(time.Date(2020, 5, 17, 0, 0, 0, 0, time.UTC))
	p.SetModificationDate(time.Date(2020, 5, 17, 0, 0, 0, 0, time.UTC))
	p.SetCatalogSort(true)
	p.SetCompression(false)
	return p
}

func pdfBytes(t *testing.T, p *fpdf.Fpdf) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// twoPagePDF is a two-page PDF: a running header and a page-number footer on each page, a
// heading in a larger font, a word hyphenated at a line end and a paragraph cut by the page
// break.
func twoPagePDF(t *testing.T) []byte {
	p := newPDF()
	p.SetTitle("Notes on Command", true)
	p.SetAuthor("A. Writer", true)
	p.SetAutoPageBreak(false, 0)
	p.SetHeaderFunc(func() {
		p.SetFont("Helvetica", "", 9)
		p.SetXY(72, 40)
		p.Cell(0, 10, "Notes on Command - draft")
	})
	p.SetFooterFunc(func() {
		p.SetFont("Helvetica", "", 9)
		p.SetXY(72, 800)
		p.Cell(0, 10, fmt.Sprintf("Page %d", p.PageNo()))
	})
	y := 0.0
	line := func(size float64, s string) {
		p.SetFont("Helvetica", "", size)
		p.SetXY(72, y)
		p.Cell(0, size, s)
		y += size * 1.25
	}
	p.AddPage()
	y = 90
	line(18, "Chapter One")
	y += 10
	line(11, "Command is the authority a commander lawfully exercises over subor-")
	line(11, "dinates by virtue of rank or assignment.")
	y += 12
	line(11, "Control is the authority exercised over part of the activities of")
	line(11, "subordinate organisations, and it continues on the next")
	p.AddPage()
	y = 90
	line(11, "page without a break in the sentence.")
	y += 12
	line(18, "Chapter Two")
	y += 10
	line(11, "A second chapter holds one short paragraph of its own.")
	return pdfBytes(t, p)
}

// encryptedPDF is a PDF that needs a user password to open.
func encryptedPDF(t *testing.T) []byte {
	p := newPDF()
	p.SetProtection(fpdf.CnProtectPrint, "secret", "owner")
	p.AddPage()
	p.SetFont("Helvetica", "", 12)
	p.Cell(0, 12, "Secret text.")
	return pdfBytes(t, p)
}

// imagePDF is a PDF whose one page holds only an image, as a scan does.
func imagePDF(t *testing.T) []byte {
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 4)
	}
	img.Set(0, 0, color.White)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	p := newPDF()
	p.AddPage()
	p.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, &b)
	p.ImageOptions("scan", 72, 72, 200, 200, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	return pdfBytes(t, p)
}

// zipFiles returns a zip archive of files (name → content), in the order given.
func zipFiles(t *testing.T, files ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// docxPara returns a w:p of text in style (none when "").
func docxPara(style, text string) string {
	ppr := ""
	if style != "" {
		ppr = `<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`
	}
	return `<w:p>` + ppr + `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

// headingsDOCX is a Word document with a title, headings of two levels, a list and a table.
func headingsDOCX(t *testing.T) []byte {
	body := docxPara("Title", "Staff Duties") +
		docxPara("Heading1", "The Staff") +
		docxPara("", "The staff assists the commander in planning and in directing operations.") +
		docxPara("", "") +
		docxPara("Heading2", "Duties") +
		`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>Gather information.</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>Prepare</w:t></w:r><w:r><w:tab/><w:t>orders.</w:t></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc>` + docxPara("", "Branch") + `</w:tc><w:tc>` + docxPara("", "Role") + `</w:tc></w:tr>` +
		`<w:tr><w:tc>` + docxPara("", "G1") + `</w:tc><w:tc>` + docxPara("", "Personnel") + `</w:tc></w:tr></w:tbl>` +
		docxPara("Heading1", "Orders") +
		docxPara("", "Orders are issued in a fixed form so that nothing is forgotten.")
	return zipFiles(t,
		"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document `+wordNS+`><w:body>`+body+`</w:body></w:document>`,
		"word/styles.xml", `<?xml version="1.0"?><w:styles `+wordNS+`>`+
			`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>`+
			`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>`+
			`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style></w:styles>`,
		"docProps/core.xml", `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">`+
			`<dc:title>Staff Duties</dc:title><dc:creator>B. Officer</dc:creator><dcterms:created>2018-09-01T10:00:00Z</dcterms:created></cp:coreProperties>`,
	)
}

func TestFormatsGolden(t *testing.T) {
	html, err := os.ReadFile(filepath.Join("testdata", "page.html"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file string
		raw        func(t *testing.T) []byte
	}{
		{"html", "page.html", func(*testing.T) []byte { return html }},
		{"pdf", "notes.pdf", twoPagePDF},
		{"docx", "staff.docx", headingsDOCX},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.file, tt.raw(t), Meta{})
			if err != nil {
				t.Fatal(err)
			}
			got := dump(doc)
			golden := filepath.Join("testdata", "format_"+tt.name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("passages differ from %s; run go test ./corpus -run TestFormatsGolden -update and review the diff\ngot:\n%s", golden, got)
			}
		})
	}
}

func TestHTMLDropsNoise(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "page.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse("page.html", raw, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	all := passagesText(doc)
	for _, noise := range []string{"tracking", "noise", "Home", "About", "Hidden", "Subscribe", "Related", "rights reserved", "home of notes", "font-family"} {
		if strings.Contains(all, noise) {
			t.Errorf("passages hold %q", noise)
		}
	}
	if got, want := doc.Title, "Civil Control of the Armed Forces | Example Institute"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if doc.Author != "Jane Example" || doc.Edition != "2021-03-04" {
		t.Errorf("author, edition = %q, %q; want Jane Example, 2021-03-04", doc.Author, doc.Edition)
	}
}

func TestPDFPages(t *testing.T) {
	doc, err := Parse("notes.pdf", twoPagePDF(t), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		contains      string
		first, last   int
		section       string
		notContaining string
	}{
		{"over subordinates by virtue", 1, 2, "Chapter One", "subor-"},
		{"on the next page without a break", 1, 2, "Chapter One", "Page 1"},
		{"second chapter", 2, 2, "Chapter Two", "draft"},
	}
	for _, tt := range tests {
		found := false
		for _, p := range doc.Passages {
			if !strings.Contains(p.Text, tt.contains) {
				continue
			}
			found = true
			if p.FirstPage != tt.first || p.LastPage != tt.last || p.Section() != tt.section || strings.Contains(p.Text, tt.notContaining) {
				t.Errorf("passage %q: pages %d-%d, section %q; want pages %d-%d, section %q, without %q",
					p.Text, p.FirstPage, p.LastPage, p.Section(), tt.first, tt.last, tt.section, tt.notContaining)
			}
		}
		if !found {
			t.Errorf("no passage contains %q", tt.contains)
		}
	}
}

func TestFormatErrors(t *testing.T) {
	tests := []struct {
		name, file string
		raw        func(t *testing.T) []byte
		meta       Meta
		want       error
	}{
		{"encrypted PDF", "secret.pdf", encryptedPDF, Meta{}, ErrEncrypted},
		{"image-only PDF", "scan.pdf", imagePDF, Meta{}, ErrNoText},
		{"broken PDF", "broken.pdf", func(*testing.T) []byte { return []byte("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF") }, Meta{}, ErrMalformed},
		{"truncated PDF", "cut.pdf", func(t *testing.T) []byte { b := twoPagePDF(t); return b[:len(b)/2] }, Meta{}, ErrMalformed},
		{"zip that is no DOCX", "archive.docx", func(t *testing.T) []byte { return zipFiles(t, "a.txt", "hello") }, Meta{}, ErrNotWord},
		{"DOCX that is no zip", "text.docx", func(*testing.T) []byte { return []byte("just text") }, Meta{}, ErrMalformed},
		{"DOCX with broken XML", "bad.docx", func(t *testing.T) []byte {
			return zipFiles(t, "word/document.xml", `<w:document `+wordNS+`><w:body><w:p>`)
		}, Meta{}, ErrMalformed},
		{"DOCX part over 4 × the limit", "bomb.docx", func(t *testing.T) []byte {
			return zipFiles(t, "word/document.xml", `<w:document `+wordNS+`><w:body>`+strings.Repeat(docxPara("", "word"), 2000)+`</w:body></w:document>`)
		}, Meta{MaxBytes: 2000}, ErrTooLarge},
		{"DOCX without text", "blank.docx", func(t *testing.T) []byte {
			return zipFiles(t, "word/document.xml", `<w:document `+wordNS+`><w:body><w:p/></w:body></w:document>`)
		}, Meta{}, ErrEmpty},
		{"HTML without text", "blank.html", func(*testing.T) []byte { return []byte("<html><script>x()</script><nav>Home</nav></html>") }, Meta{}, ErrEmpty},
		{"HTML over the limit", "big.html", func(*testing.T) []byte { return []byte("<p>" + strings.Repeat("word ", 100) + "</p>") }, Meta{MaxBytes: 100}, ErrTooLarge},
		{"PDF over the limit", "big.pdf", twoPagePDF, Meta{MaxBytes: 1000}, ErrTooLarge},
		{"text over the limit", "big.txt", func(*testing.T) []byte { return []byte(strings.Repeat("word ", 100)) }, Meta{MaxBytes: 499}, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := tt.raw(t)
			_, err := Parse(tt.file, raw, tt.meta)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.file) {
				t.Errorf("error %q does not name %s", err, tt.file)
			}
			// ReadFile gives the same error, naming the path.
			p := filepath.Join(t.TempDir(), tt.file)
			if err := os.WriteFile(p, raw, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := ReadFile(p, tt.meta); !errors.Is(err, tt.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("ReadFile = %v, want %v naming %s", err, tt.want, p)
			}
		})
	}
}

func TestMaxBytes(t *testing.T) {
	text := []byte(strings.Repeat("A sentence of words. ", 10))
	tests := []struct {
		max  int64
		want error
	}{
		{0, nil},
		{-1, nil},
		{int64(len(text)), nil},
		{int64(len(text)) - 1, ErrTooLarge},
	}
	for _, tt := range tests {
		_, err := Parse("a.txt", text, Meta{MaxBytes: tt.max})
		if !errors.Is(err, tt.want) {
			t.Errorf("MaxBytes %d: err = %v, want %v", tt.max, err, tt.want)
		}
	}
	if got := (Meta{}).Limit(); got != MaxFileSize {
		t.Errorf("Meta{}.Limit() = %d, want MaxFileSize", got)
	}
}

func TestLoadNewFormats(t *testing.T) {
	dir := t.TempDir()
	html, err := os.ReadFile(filepath.Join("testdata", "page.html"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"a/page.htm":   html,
		"b/notes.pdf":  twoPagePDF(t),
		"c/staff.docx": headingsDOCX(t),
		"d/skip.odt":   []byte("PK"),
	}
	for name, raw := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	docs, err := Load([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range docs {
		got = append(got, d.ID)
	}
	if want := "a-page b-notes c-staff"; strings.Join(got, " ") != want {
		t.Errorf("Load read %v, want %s", got, want)
	}
	for _, ext := range []string{".html", ".HTM", ".pdf", ".docx"} {
		if !Readable("x" + ext) {
			t.Errorf("Readable(x%s) = false", ext)
		}
	}
}

func TestFrontMatterEdition(t *testing.T) {
	tests := []struct{ front, want string }{
		{"edition: 2nd edition", "2nd edition"},
		{"date: 2019-06-01", "2019-06-01"},
		{"title: X", ""},
	}
	for _, tt := range tests {
		doc, err := Parse("a.md", []byte("---\n"+tt.front+"\n---\n\nSome text here."), Meta{})
		if err != nil {
			t.Fatal(err)
		}
		if doc.Edition != tt.want {
			t.Errorf("%q: edition %q, want %q", tt.front, doc.Edition, tt.want)
		}
	}
}

// TestXHTML checks that an XHTML page is read as HTML, named directly (ReadFile, as corpus add
// and ask --corpus read a file) or found in a folder (Load), where it was read as plain text,
// markup and all, and skipped in a folder. What XML allows and HTML reads otherwise is read as
// XML means it: an empty <script/> or <style/> holds nothing (HTML reads one as open until its
// end tag, which would drop the text after it), and a CDATA section is text.
func TestXHTML(t *testing.T) {
	const page = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en">
<head><title>Field Orders</title><script type="text/javascript" src="menu.js"/><style type="text/css"/></head>
<body>
<h1>Field Orders</h1>
<h2>Sentries</h2>
<p>The sentry guards the gate at night and reports to the duty officer every hour, whatever the weather.<br/>
He lets no one pass without the word of the day.</p>
<h2>Signals</h2>
<p><![CDATA[A flare <red> means the post is attacked & needs help at once, by day or by night.]]></p>
</body>
</html>
`
	dir := t.TempDir()
	path := filepath.Join(dir, "orders.xhtml")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	want := []struct{ headings, text string }{
		{"Sentries", "The sentry guards the gate at night and reports to the duty officer every hour, whatever the weather.\nHe lets no one pass without the word of the day."},
		{"Signals", "A flare <red> means the post is attacked & needs help at once, by day or by night."},
	}
	check := func(how string, doc *Document) {
		t.Helper()
		if doc.Title != "Field Orders" || doc.ID != "orders" || doc.Path != path {
			t.Errorf("%s: title %q, ID %q, path %q; want Field Orders, orders, %s", how, doc.Title, doc.ID, doc.Path, path)
		}
		var got []struct{ headings, text string }
		for _, p := range doc.Passages {
			got = append(got, struct{ headings, text string }{strings.Join(p.Headings, " › "), p.Text})
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: passages\n%q\nwant\n%q", how, got, want)
		}
	}
	doc, err := ReadFile(path, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	check("ReadFile", doc)
	docs, err := Load([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 {
		t.Fatalf("Load of a folder holding orders.xhtml read %d documents, want 1", len(docs))
	}
	check("Load", docs[0])
	// Parse, as a Discord upload is read, reads it the same way from its name alone.
	parsed, err := Parse(path, []byte(page), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	parsed.Path = path
	check("Parse", parsed)
	if !Readable("page.XHTML") {
		t.Error("Readable(page.XHTML) = false")
	}
	// A page that is empty once read is refused naming the file as given.
	blank := filepath.Join(dir, "blank.xhtml")
	if err := os.WriteFile(blank, []byte(`<html xmlns="http://www.w3.org/1999/xhtml"><body><script/></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(blank, Meta{}); !errors.Is(err, ErrEmpty) || !strings.HasPrefix(err.Error(), "corpus: "+blank+": ") {
		t.Errorf("ReadFile(blank.xhtml): %v, want ErrEmpty naming %s", err, blank)
	}
}

// passageTexts returns each passage of doc as "headings | lines first–last | text".
func passageTexts(doc *Document) []string {
	var out []string
	for _, p := range doc.Passages {
		out = append(out, fmt.Sprintf("%s | lines %d–%d | %s", strings.Join(p.Headings, " › "), p.FirstLine, p.LastLine, p.Text))
	}
	return out
}

// TestXHTMLInternalSubset checks that a doctype with an internal DTD subset is dropped whole,
// where HTML ended it at the first ">" inside the subset and read the rest ("]>") as text,
// and that the plain-text entities it declares are expanded where they are referred to, in
// the text and the title, one declared with others too; an external entity is not read, a
// parameter entity or one holding markup is not expanded, and neither a recursive entity nor
// one that expands to billions of characters (the "billion laughs") is expanded: the page is
// read at once, every line where it was.
func TestXHTMLInternalSubset(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("the password is swordfish"), 0o644); err != nil {
		t.Fatal(err)
	}
	laughs := `<!ENTITY lol0 "lol">` + "\n"
	for i := 1; i <= 9; i++ {
		laughs += fmt.Sprintf(`<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10)) + "\n"
	}
	page := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd" [
  <!ENTITY unit "2nd Battalion">
  <!ENTITY hq 'the headquarters of &unit; (the "HQ")'>
  <!-- a comment holding ]> and <!ENTITY unit "no unit"> -->
  <!ENTITY secret SYSTEM "file://` + secret + `">
  <!ENTITY % pe "a parameter entity">
  <!ENTITY sig "<em>Colonel Smith</em>">
  <!ENTITY loop "a &pool;">
  <!ENTITY pool "b &loop;">
` + laughs + `]>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>Orders of &unit;</title><meta name="author" content="&unit;"/></head>
<body>
<h1>Orders of &unit;</h1>
<h2>Sentries</h2>
<p>The sentries of &unit; guard the gate at night;
they report to &hq; every hour, whatever the weather.</p>
<h2>Unread</h2>
<p>Neither &secret; nor &sig; nor &loop; nor &lol9; nor &pe; is read here, nor &amp;unit; as text.</p>
</body>
</html>
`
	doc, err := Parse("orders.xhtml", []byte(page), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Orders of 2nd Battalion" || doc.Author != "2nd Battalion" {
		t.Errorf("title %q, author %q; want Orders of 2nd Battalion, 2nd Battalion", doc.Title, doc.Author)
	}
	lines := 11 + 10 // the lines before <html>: the declaration's, the doctype's and the laughs'
	want := []string{
		fmt.Sprintf(`Sentries | lines %d–%d | The sentries of 2nd Battalion guard the gate at night; they report to the headquarters of 2nd Battalion (the "HQ") every hour, whatever the weather.`, lines+6, lines+7),
		fmt.Sprintf(`Unread | lines %d–%d | Neither &secret; nor &sig; nor &loop; nor &lol9; nor &pe; is read here, nor &unit; as text.`, lines+9, lines+9),
	}
	if got := passageTexts(doc); !slices.Equal(got, want) {
		t.Errorf("passages\n%q\nwant\n%q", got, want)
	}
}

// TestXHTMLNamespacePrefix checks that elements of the XHTML namespace written with a prefix
// (<x:p>, xmlns:x bound to it) are read as the HTML elements, where they were unknown
// elements and the headings and paragraphs ran together ("OrdersSentries … gate.Patrols");
// and that an SVG drawing written with a prefix is dropped as <svg> is.
func TestXHTMLNamespacePrefix(t *testing.T) {
	const plain = `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>Orders</title><script type="text/javascript" src="a.js"/></head>
<body>
<h1>Orders</h1>
<h2>Sentries</h2>
<p>Sentries guard the gate at night and report to the duty officer every hour.</p>
<svg xmlns="http://www.w3.org/2000/svg"><text>Chart of the posts</text></svg>
<h2>Patrols</h2>
<p>Patrols leave at dawn<br/>and come back before dusk, whatever the weather.</p>
</body>
</html>
`
	prefixed := strings.NewReplacer(
		`<html xmlns="http://www.w3.org/1999/xhtml">`, `<x:html xmlns:x="http://www.w3.org/1999/xhtml">`,
		`<svg xmlns="http://www.w3.org/2000/svg">`, `<s:svg xmlns:s="http://www.w3.org/2000/svg">`,
		"<text>", "<s:text>", "</text>", "</s:text>", "</svg>", "</s:svg>",
		"<head>", "<x:head>", "</head>", "</x:head>", "<title>", "<x:title>", "</title>", "</x:title>",
		"<script ", "<x:script ", "<body>", "<x:body>", "</body>", "</x:body>", "</html>", "</x:html>",
		"<h1>", "<x:h1>", "</h1>", "</x:h1>", "<h2>", "<x:h2>", "</h2>", "</x:h2>",
		"<p>", "<x:p>", "</p>", "</x:p>", "<br/>", "<x:br/>",
	).Replace(plain)
	want, err := Parse("orders.xhtml", []byte(plain), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if got := passageTexts(want); len(got) != 2 || !strings.HasPrefix(got[1], "Patrols | lines 10–10 | Patrols leave at dawn\nand come back") {
		t.Fatalf("the page without prefixes reads as %q", got)
	}
	doc, err := Parse("orders.xhtml", []byte(prefixed), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if got := passageTexts(doc); doc.Title != "Orders" || !slices.Equal(got, passageTexts(want)) {
		t.Errorf("with prefixes: title %q, passages\n%q\nwant\n%q", doc.Title, got, passageTexts(want))
	}
	// In UTF-16, it reads the same: its markup is found once it is decoded.
	doc, err = Parse("orders.xhtml", utf16Bytes(prefixed, true), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if got := passageTexts(doc); doc.Title != "Orders" || !slices.Equal(got, passageTexts(want)) {
		t.Errorf("in UTF-16: title %q, passages\n%q\nwant\n%q", doc.Title, got, passageTexts(want))
	}
	// And in UTF-32, in either byte order, as it reads in UTF-8: as XHTML, and as HTML (whose
	// charset is looked for only when the page has no byte-order mark).
	for _, name := range []string{"orders.xhtml", "orders.html"} {
		utf8Doc, err := Parse(name, []byte(prefixed), Meta{})
		if err != nil {
			t.Fatal(err)
		}
		for _, little := range []bool{true, false} {
			doc, err = Parse(name, utf32Bytes(prefixed, little, true), Meta{})
			if err != nil {
				t.Fatal(err)
			}
			if got := passageTexts(doc); doc.Title != utf8Doc.Title || !slices.Equal(got, passageTexts(utf8Doc)) {
				t.Errorf("%s in UTF-32 (little endian %t): title %q, passages\n%q\nwant\n%q", name, little, doc.Title, got, passageTexts(utf8Doc))
			}
		}
	}
}

// TestXHTMLPlainText checks that a file named .xhtml that holds no markup keeps its
// paragraphs, read as a plain text file reads them (blank lines between paragraphs, lines
// joined within one), where it was one run of text; "<" and "&" in it are text as written.
func TestXHTMLPlainText(t *testing.T) {
	const text = `Sentries guard the gate at night
and report to the duty officer every hour, whatever the weather.

Patrols leave at dawn & come back before dusk; a patrol of fewer than 4 < 5 men waits.

The duty officer writes &amp; signs the log at midnight.
`
	want, err := Parse("orders.txt", []byte(text), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse("orders.xhtml", []byte(text), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if got := passageTexts(doc); !slices.Equal(got, passageTexts(want)) || !strings.Contains(got[0], "weather.\n\nPatrols leave at dawn & come back") {
		t.Errorf("passages\n%q\nwant, as orders.txt\n%q", got, passageTexts(want))
	}
}

// TestXHTMLPlainTextWithAngleBrackets checks that a file named .xhtml holding plain text with
// angle brackets ("Press <Enter>", "<ops@example.org>", "a<b") is read as plain text, as
// orders.txt is: it is markup only with an XML declaration, a doctype or an html element
// first. It was read as HTML: the words in brackets were tags and dropped ("Press to
// continue"), its paragraphs ran together, and "a<b" took the rest of the file for a tag.
// A page that is markup without a declaration or a doctype is still read as XHTML.
func TestXHTMLPlainTextWithAngleBrackets(t *testing.T) {
	texts := map[string]string{
		"keys": "Press <Enter> to continue, or <Esc> to stop the report.\n\n" +
			"Write to <ops@example.org> when the duty officer is away from the post.\n",
		"comparison": "The patrol leaves when a<b holds for the two counts taken at dawn.\n\n" +
			"The duty officer signs the log at midnight, whatever the weather.\n",
		"comment first": "<!-- not a comment in plain text --> Press <Enter> to go on.\n\n" +
			"The duty officer signs the log at midnight, whatever the weather.\n",
	}
	for name, text := range texts {
		want, err := Parse("orders.txt", []byte(text), Meta{})
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Parse("orders.xhtml", []byte(text), Meta{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := passageTexts(doc); !slices.Equal(got, passageTexts(want)) {
			t.Errorf("%s: passages\n%q\nwant, as orders.txt\n%q", name, got, passageTexts(want))
		}
	}
	for _, page := range []string{
		"<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>Press <em>Enter</em> to go on.</p></body></html>",
		"\xEF\xBB\xBF<!-- a page -->\n<x:html xmlns:x=\"http://www.w3.org/1999/xhtml\"><x:body><x:p>Press <x:em>Enter</x:em> to go on.</x:p></x:body></x:html>",
		"<?xml version=\"1.0\"?>\n<p>Press <em>Enter</em> to go on.</p>",
		"<!DOCTYPE html>\n<p>Press <em>Enter</em> to go on.</p>",
	} {
		doc, err := Parse("orders.xhtml", []byte(page), Meta{})
		if err != nil {
			t.Fatalf("%q: %v", page, err)
		}
		if got := passageTexts(doc); len(got) != 1 || !strings.HasSuffix(got[0], "| Press Enter to go on.") {
			t.Errorf("%q reads as %q, want the page's text", page, got)
		}
	}
}

// TestHTMLInternalSubset checks that an HTML page whose doctype has an internal DTD subset
// (an XHTML page saved as .html) is read as XHTML is: the doctype dropped whole and its
// entities expanded, in the text, the title and the author, where "]>" was its first passage
// and "&unit;" was left as it was; and that a page without a subset reads as HTML still.
func TestHTMLInternalSubset(t *testing.T) {
	const page = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd" [
  <!ENTITY title "Orders of the Day">
  <!ENTITY unit "2nd Battalion">
]>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>&title;</title><meta name="author" content="&unit;"/></head>
<body>
<h2>Sentries</h2>
<p>The sentries of &unit; guard the gate at night and report every hour, whatever the weather.</p>
</body>
</html>
`
	want := []string{"Sentries | lines 9–9 | The sentries of 2nd Battalion guard the gate at night and report every hour, whatever the weather."}
	for _, name := range []string{"orders.html", "orders.htm", "orders.xhtml"} {
		for _, raw := range [][]byte{[]byte(page), utf16Bytes(page, true)} {
			doc, err := Parse(name, raw, Meta{})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got := passageTexts(doc); doc.Title != "Orders of the Day" || doc.Author != "2nd Battalion" || !slices.Equal(got, want) {
				t.Errorf("%s: title %q, author %q, passages\n%q\nwant Orders of the Day, 2nd Battalion,\n%q", name, doc.Title, doc.Author, got, want)
			}
		}
	}
	doc, err := Parse("plain.html", []byte("<!DOCTYPE html>\n<title>A &amp; B</title>\n<p>Sentries guard the gate, &unit; as written.</p>\n"), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if got := passageTexts(doc); doc.Title != "A & B" || !slices.Equal(got, []string{" | lines 3–3 | Sentries guard the gate, &unit; as written."}) {
		t.Errorf("a page without a subset: title %q, passages %q", doc.Title, got)
	}
}

// TestXHTMLDoctypeInComment checks that only the document's doctype declares entities: one
// in a comment before it ("<!-- <!DOCTYPE x [<!ENTITY a "SECRET">]> -->") declares none,
// whether the real doctype has a subset of its own or not; its entities were expanded.
func TestXHTMLDoctypeInComment(t *testing.T) {
	const comment = `<?xml version="1.0"?>
<!-- <!DOCTYPE x [<!ENTITY a "SECRET">]> -->
`
	for name, doctype := range map[string]string{
		"with a subset":    `<!DOCTYPE html [<!ENTITY unit "2nd Battalion">]>`,
		"without a subset": `<!DOCTYPE html>`,
	} {
		page := comment + doctype + `
<html xmlns="http://www.w3.org/1999/xhtml"><body>
<p>The password &a; is not read, and the sentries of &unit; guard the gate at night.</p>
</body></html>
`
		for _, file := range []string{"orders.xhtml", "orders.html"} {
			doc, err := Parse(file, []byte(page), Meta{})
			if err != nil {
				t.Fatalf("%s, %s: %v", file, name, err)
			}
			unit := "&unit;"
			if name == "with a subset" {
				unit = "2nd Battalion"
			}
			want := []string{" | lines 5–5 | The password &a; is not read, and the sentries of " + unit + " guard the gate at night."}
			if got := passageTexts(doc); !slices.Equal(got, want) {
				t.Errorf("%s, %s: passages\n%q\nwant\n%q", file, name, got, want)
			}
		}
	}
}

// TestXHTMLEntityBudget checks that an entity too large to expand spends none of the
// expansion's budget: after "&lol9;" (the billion laughs) is left as it is, a small "&lol1;"
// is expanded, where the failed attempt had used up the 4 MiB and left it too; and that the
// budget still bounds the expansion: of two references to "&lol6;" (3 MB each), the second
// is left as it is.
func TestXHTMLEntityBudget(t *testing.T) {
	laughs := `<!ENTITY lol0 "lol">` + "\n"
	for i := 1; i <= 9; i++ {
		laughs += fmt.Sprintf(`<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10)) + "\n"
	}
	page := "<!DOCTYPE html [\n" + laughs + `<!ENTITY unit "2nd Battalion">
]>
<html xmlns="http://www.w3.org/1999/xhtml"><body>
<p>Neither &lol9; nor &lol8; is expanded, but &lol1; and &unit; are.</p>
<p>The first &lol6; is expanded, the second &lol6; is not, and &unit; still is.</p>
</body></html>
`
	doc, err := Parse("orders.xhtml", []byte(page), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	got := passagesText(doc)
	if want := "Neither &lol9; nor &lol8; is expanded, but " + strings.Repeat("lol", 10) + " and 2nd Battalion are."; !strings.Contains(got, want) {
		t.Errorf("the text does not hold %q; it starts %q", want, got[:min(len(got), 300)])
	}
	if n := strings.Count(got, "&lol6;"); n != 1 || !strings.Contains(got, "the second &lol6; is not, and 2nd Battalion still is.") {
		t.Errorf("&lol6; left %d times, want 1 (the second); the text ends %q", n, got[max(len(got)-300, 0):])
	}
	if n := strings.Count(got, "lol"); n < 1_000_000 || len(got) > 4<<20 {
		t.Errorf("%d bytes of text with %d lol, want one &lol6; expanded (10^6 lol) and at most 4 MiB", len(got), n)
	}
}

// TestHTMLLinesAfterCharacterReference checks that a paragraph holding a character reference
// ends on its own line, where the text after "&amp;" was read as shifted (the tokenizer
// unescapes its text in place) and the paragraph seemed to end a line or more lower.
func TestHTMLLinesAfterCharacterReference(t *testing.T) {
	const page = "<p>The duty officer signs the log.\n\n" +
		"<p>Patrols leave at dawn &amp; come back before dusk &mdash; whatever the weather.\n\n\n"
	doc, err := Parse("orders.html", []byte(page), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{" | lines 1–3 | The duty officer signs the log.\n\nPatrols leave at dawn & come back before dusk — whatever the weather."}
	if got := passageTexts(doc); !slices.Equal(got, want) {
		t.Errorf("passages %q, want %q", got, want)
	}
}

// BenchmarkParseLongRun parses a text holding a 3 MB run with no space in it, which is cut
// every 1,200 bytes between characters (see splitWords): the run is read once, not once for
// each cut (about 9 s a parse when it was). Speed is checked by benchmarks, never by timed
// tests; the entity tests above check that expansion is bounded in size.
func BenchmarkParseLongRun(b *testing.B) {
	raw := []byte("A title\n\nA first paragraph of plain words.\n\n" + strings.Repeat("governance,", 300_000) + "\n")
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := Parse("run.txt", raw, Meta{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLongHeadingIsParagraph checks that a heading line over maxHeadingRunes characters is
// read as a paragraph, its words indexed and quoted, in each format whose headings come from
// the text, where a 40 MB markdown "# …" line became a 40 MB title and heading; and that a
// long heading under the bound (a statute's subsection, 1,500 characters) is still one.
func TestLongHeadingIsParagraph(t *testing.T) {
	long := strings.Repeat("governance ", maxHeadingRunes/10) + "zebra" // over the bound
	kept := strings.Repeat("oversight ", 150) + "antelope"              // 1,508 characters
	body := "The navy defends the sea lanes and the ports of the nation at all times."
	docx := func(t *testing.T) []byte {
		b := docxPara("Heading1", long) + docxPara("", body) + docxPara("Heading2", kept) + docxPara("", body)
		return zipFiles(t,
			"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
			"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document `+wordNS+`><w:body>`+b+`</w:body></w:document>`,
			"word/styles.xml", `<?xml version="1.0"?><w:styles `+wordNS+`>`+
				`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>`+
				`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style></w:styles>`,
		)
	}
	tests := []struct {
		file string
		raw  func(t *testing.T) []byte
	}{
		{"long.md", func(*testing.T) []byte {
			return []byte("# " + long + "\n\n" + body + "\n\n## " + kept + "\n\n" + body + "\n")
		}},
		{"long.html", func(*testing.T) []byte {
			return []byte("<html><body><h1>" + long + "</h1><p>" + body + "</p><h2>" + kept + "</h2><p>" + body + "</p></body></html>")
		}},
		{"long.docx", docx},
	}
	for _, tt := range tests {
		doc, err := Parse(tt.file, tt.raw(t), Meta{})
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		if strings.Contains(doc.Title, "governance") {
			t.Errorf("%s: title %.60q…, want none from the long heading", tt.file, doc.Title)
		}
		quoted, keptHeading := false, false
		for _, p := range doc.Passages {
			for _, h := range p.Headings {
				if strings.Contains(h, "governance") {
					t.Errorf("%s: passage %d under the heading %.60q…, want it read as a paragraph", tt.file, p.Index, h)
				}
				keptHeading = keptHeading || strings.HasSuffix(h, "antelope")
			}
			quoted = quoted || strings.Contains(p.Text, "zebra")
			if strings.Trim(p.Text, "# ") == "" {
				t.Errorf("%s: passage %d is %q", tt.file, p.Index, p.Text)
			}
		}
		if !quoted {
			t.Errorf("%s: no passage holds the long heading's last word; want it read as a paragraph", tt.file)
		}
		if !keptHeading {
			t.Errorf("%s: the heading of %d characters is no heading; want one", tt.file, utf8.RuneCountInString(kept))
		}
	}
}

package corpus

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the .golden files in testdata")

// shared is the folder of the shared test corpora, beside the project root.
const shared = "../../shared/corpus"

// passagesText returns the texts of a document's passages, each followed by a newline.
func passagesText(doc *Document) string {
	var b strings.Builder
	for _, p := range doc.Passages {
		b.WriteString(p.Text + "\n")
	}
	return b.String()
}

// dump renders a document's passages for a golden file.
func dump(doc *Document) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "document %s\ntitle %q\nauthor %q\n", doc.ID, doc.Title, doc.Author)
	if doc.Edition != "" {
		fmt.Fprintf(&b, "edition %q\n", doc.Edition)
	}
	fmt.Fprintf(&b, "passages %d\n", len(doc.Passages))
	for _, p := range doc.Passages {
		pages := ""
		if p.FirstPage > 0 {
			pages = fmt.Sprintf(" pages %d-%d", p.FirstPage, p.LastPage)
		}
		fmt.Fprintf(&b, "\n--- %d %s lines %d-%d%s section %q\n%s\n", p.Index, p.ID, p.FirstLine, p.LastLine, pages, p.Section(), p.Text)
	}
	return b.Bytes()
}

func TestSplitGolden(t *testing.T) {
	tests := []struct {
		name string
		doc  func(t *testing.T) *Document
	}{
		{"builtin", func(t *testing.T) *Document { return Builtin()[0] }},
		{"art_of_war", func(t *testing.T) *Document {
			doc, err := ReadFile(filepath.Join(shared, "public/art_of_war_giles_pg132_bom_crlf.txt"), Meta{})
			if err != nil {
				t.Skipf("shared corpus not available: %v", err)
			}
			return doc
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := dump(tt.doc(t))
			golden := filepath.Join("testdata", tt.name+".golden")
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
				t.Errorf("passages differ from %s; run go test ./corpus -run TestSplitGolden -update and review the diff", golden)
			}
		})
	}
}

// dumpSections renders a document's heading paths for a golden file: each run of passages
// under one section, with its lines and the number of passages.
func dumpSections(b *bytes.Buffer, doc *Document) {
	fmt.Fprintf(b, "document %s passages %d\n", doc.ID, len(doc.Passages))
	for i := 0; i < len(doc.Passages); {
		j := i + 1
		for j < len(doc.Passages) && doc.Passages[j].Section() == doc.Passages[i].Section() {
			j++
		}
		fmt.Fprintf(b, "  lines %d-%d passages %d section %q\n", doc.Passages[i].FirstLine, doc.Passages[j-1].LastLine, j-i, doc.Passages[i].Section())
		i = j
	}
}

// TestSectionsGolden checks the heading paths of the shared corpora's plain texts, whose
// titles the splitter finds by their layout alone.
func TestSectionsGolden(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared, "*/*.txt"))
	if len(files) == 0 {
		t.Skip("shared corpus not available")
	}
	var got bytes.Buffer
	for _, f := range files {
		doc, err := ReadFile(f, Meta{})
		if err != nil {
			t.Fatal(err)
		}
		dumpSections(&got, doc)
	}
	golden := filepath.Join("testdata", "sections.golden")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("sections differ from %s; run go test ./corpus -run TestSectionsGolden -update and review the diff", golden)
	}
}

func TestPassageInvariants(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared, "public/*"))
	docs := Builtin()
	for _, f := range files {
		doc, err := ReadFile(f, Meta{})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	for _, doc := range docs {
		ids := map[string]bool{}
		for _, p := range doc.Passages {
			if ids[p.ID] {
				t.Errorf("%s: duplicate passage ID %s", doc.ID, p.ID)
			}
			ids[p.ID] = true
			if len(p.Text) > MaxPassage && len(Sentences(p.Text)) > 1 {
				t.Errorf("%s passage %d: %d bytes over MaxPassage though it has several sentences", doc.ID, p.Index, len(p.Text))
			}
			if p.FirstLine < 1 || p.LastLine < p.FirstLine {
				t.Errorf("%s passage %d: bad line range %d-%d", doc.ID, p.Index, p.FirstLine, p.LastLine)
			}
			if strings.TrimSpace(p.Text) == "" {
				t.Errorf("%s passage %d: empty", doc.ID, p.Index)
			}
		}
	}
}

// A question standing alone between statements heads the text after it only when that text
// takes up its words; otherwise it is a rhetorical question that stays in its paragraph.
func TestQuestionHeadingNeedsCohesion(t *testing.T) {
	text := "Slides\n\nConvoys crossed the Atlantic.\n\nWhat is a convoy?\n\nA convoy is a group of ships sailing together.\n\n" +
		"Escorts guard the convoy against submarines.\n\nWhy?\n\nIn practice, losses fell.\n\n" +
		"Are merchant ships part of the navy?\n\nIn operational terms the escorts decide.\n"
	doc, err := Parse("convoys.txt", []byte(text), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	var sections []string
	for _, p := range doc.Passages {
		sections = append(sections, p.Section())
		if strings.Contains(p.Text, "Escorts guard") && (!strings.Contains(p.Text, "Why?") || !strings.Contains(p.Text, "Are merchant ships part of the navy?")) {
			t.Errorf("passage %q lost its rhetorical questions", p.Text)
		}
	}
	if !slices.Contains(sections, "What is a convoy?") || slices.Contains(sections, "Why?") || slices.Contains(sections, "Are merchant ships part of the navy?") {
		t.Errorf("sections %q, want the convoy question as a heading and neither rhetorical question", sections)
	}
}

// TestSignatureIsNoHeading checks that a short line set closer to the paragraph above it
// than to what follows (a signature) closes that paragraph, and that the title after it heads
// the next section; a one-line dateline before an author's name does not make the name text.
func TestSignatureIsNoHeading(t *testing.T) {
	text := "Preface to the Etext\n\nThis etext was prepared from the 1910 edition,\nwith its notes kept as far as they could be.\n\n" +
		"Bob Sutton\n\n\n\nPreface by the Translator\n\nThe seventh volume of the memoirs\nis devoted to the art of war.\n\n" +
		"No. 2\n\nFor the Journal.\n\nJAY\n\n\nTo the People of the State of New York.\n"
	doc, err := Parse("preface.txt", []byte(text), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.Passages {
		switch {
		case strings.Contains(p.Text, "This etext"):
			if !strings.HasSuffix(p.Text, "Bob Sutton") || p.Section() != "Preface to the Etext" {
				t.Errorf("passage %q under %q: want it signed \"Bob Sutton\" under the etext preface", p.Text, p.Section())
			}
		case strings.Contains(p.Text, "seventh volume"):
			if p.Section() != "Preface by the Translator" {
				t.Errorf("passage %q under %q, want \"Preface by the Translator\"", p.Text, p.Section())
			}
		case strings.Contains(p.Text, "To the People"):
			if !slices.Contains(p.Headings, "JAY") {
				t.Errorf("passage %q has headings %q, want JAY among them", p.Text, p.Headings)
			}
		}
	}
}

// TestDoubleSpacedFrom checks that the double-spaced tail of a chain of one-line blocks is
// its longest tail that qualifies: the title lines before it stay out.
func TestDoubleSpacedFrom(t *testing.T) {
	chain := func(lines ...string) []block {
		var out []block
		for i, l := range lines {
			out = append(out, block{start: 2 * i, lines: []string{l}, nums: []int{2 * i}})
		}
		return out
	}
	for _, tt := range []struct {
		lines []string
		want  int
	}{
		{[]string{"Chapter One.", "Notes.", "the armies met at", "dawn and fought until", "the river rose and", "night fell."}, 1},
		{[]string{"the armies met at", "dawn and fought until", "the river rose and", "night fell."}, 0},
		{[]string{"One.", "Two.", "Three.", "Four."}, 4},
		{[]string{"the armies met at", strings.Repeat("long ", 20), "dawn and fought until", "the river rose and", "night fell and", "the end came"}, 2},
	} {
		if got := doubleSpacedFrom(chain(tt.lines...)); got != tt.want {
			t.Errorf("doubleSpacedFrom(%q) = %d, want %d", tt.lines, got, tt.want)
		}
	}
}

// BenchmarkParseOneLineParagraphs parses 20,000 one-line paragraphs, each a sentence: a chain
// that joinDoubleSpaced must scan once, not once per line (it took 12 s when it rescanned).
func BenchmarkParseOneLineParagraphs(b *testing.B) {
	var sb strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&sb, "The unit holds position %d.\n\n", i)
	}
	raw := []byte(sb.String())
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := Parse("positions.txt", raw, Meta{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseTinyParagraphs parses 200,000 paragraphs of two bytes ("a."), one section of
// 800 kB that packs into some 670 passages. A tester's 8 MB file of them took 1.9 GB and 36 s
// to ask when a section's paragraphs were held whole and each joined paragraph copied the
// passage built so far; 0.8 GB and 6 s since they are packed as they come (see packer). Here
// 595 MB and 1.1 s an op before, 161 MB and 0.34 s after: its B/op is the figure to watch.
// Since blocks share two arrays for their lines, the joins of blocks work in place and a
// paragraph joined to a passage stays on the stack, 54 MB and 0.20 s; a 20 MB file of them
// asks in 11 s and 1.17 GB of resident memory, where it took 34 s and 1.83 GB.
func BenchmarkParseTinyParagraphs(b *testing.B) {
	raw := []byte(strings.Repeat("a.\n\n", 200000))
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("tiny.txt", raw, Meta{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestShortLinesKeptApart checks that short lines with no punctuation before a capital stay on
// lines of their own (a slide's "The End" over "Thank you"), while a wrapped sentence, short
// lines or not, is joined.
func TestShortLinesKeptApart(t *testing.T) {
	doc, err := Parse("slides.txt", []byte("Closing\n\n**Security ministries have elected\npolitical heads.**\n\nThe End\nThank you\n"), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	text := doc.Passages[len(doc.Passages)-1].Text
	if !strings.Contains(text, "**Security ministries have elected political heads.**") || !strings.Contains(text, "The End\nThank you") {
		t.Errorf("text %q: want the wrapped sentence joined and \"The End\" and \"Thank you\" apart", text)
	}
}

// TestNoHugePassage checks that no passage runs past maxSentence whatever the file: one of
// title-like lines only (plain text, whose lines are then the text), one holding a megabyte without a space (a data URI), one whose front matter
// and headings run to megabytes or hold format characters.
func TestNoHugePassage(t *testing.T) {
	var headings strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&headings, "## Section %d\n\n", i)
	}
	blob := "# Diagram\n\n![diagram](data:image/png;base64," + strings.Repeat("iVBORw0KGgo", 100_000) + ")\n"
	meta := "---\ntitle: \u202eevil\u2028title " + strings.Repeat("long ", 1000) + "\nauthor: A\u202eB\n---\n# " + strings.Repeat("Heading ", 10_000) + "\n\nSome text.\n"
	for name, text := range map[string]string{"headings.txt": headings.String(), "blob.md": blob, "meta.md": meta} {
		doc, err := Parse(name, []byte(text), Meta{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, p := range doc.Passages {
			if len(p.Text) > maxSentence {
				t.Errorf("%s: passage %d holds %d bytes, want at most %d", name, p.Index, len(p.Text), maxSentence)
			}
			for _, h := range p.Headings {
				if utf8.RuneCountInString(h) > maxHeadingRunes {
					t.Errorf("%s: heading of %d characters", name, utf8.RuneCountInString(h))
				}
			}
		}
		for _, f := range []string{doc.Title, doc.Author} {
			if utf8.RuneCountInString(f) > maxMetaRunes || strings.ContainsAny(f, "\u202e\u2028") {
				t.Errorf("%s: metadata %.40q: want at most %d characters and no format character or line separator", name, f, maxMetaRunes)
			}
		}
	}
}

// TestWrappedTitleIsOneHeading checks that a title hard-wrapped onto a second line, in the
// same block or after one blank line, is one heading and no part of it is passage text, while
// a quotation in capitals that runs on over double-spaced lines stays text.
func TestWrappedTitleIsOneHeading(t *testing.T) {
	text := "PAPER No. 1\n\n\n\nThe Structure of the Government Must Furnish the Proper Checks\n\n" +
		"and Balances Between the Different Departments\n\nFrom the Packet. Friday, February 8, 1788.\n\n\n\n" +
		"MADISON\n\n\n\nTo the People:\n\nAMBITION must be made to counteract ambition, and the interest of the man\n" +
		"must be connected with the constitutional rights of the place.\n\n\n\n" +
		"PAPER No. 2\n\n\n\nThe Utility of the Union in Respect to Commercial Relations and a\nNavy\n\n" +
		"For the Journal.\n\n\n\nHAMILTON\n\n\n\nTo the People:\n\nTHE importance of the Union, in a commercial light, is one of\n" +
		"those points about which there is least room to entertain a difference of opinion.\n\n\n\n" +
		"PAPER No. 3\n\n\n\nThe Particular Structure of the New Government\n\n\n\nMADISON\n\n\n\n" +
		"The oracle who is always consulted on this subject is the celebrated\n\nMontesquieu, who said the powers should be as separate AS THE NATURE OF A FREE\n\n" +
		"GOVERNMENT WILL ADMIT, OR AS IS CONSISTENT WITH THAT CHAIN OF\n\nCONNECTION THAT BINDS THE WHOLE FABRIC OF THE CONSTITUTION IN ONE\n\n" +
		"INDISSOLUBLE BOND OF UNITY AND AMITY. Her constitution\n\naccordingly mixes these departments in several respects.\n"
	doc, err := Parse("papers.txt", []byte(text), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"AMBITION":       "PAPER No. 1 › The Structure of the Government Must Furnish the Proper Checks and Balances Between the Different Departments › MADISON",
		"THE importance": "PAPER No. 2 › The Utility of the Union in Respect to Commercial Relations and a Navy › HAMILTON",
		"The oracle":     "PAPER No. 3 › The Particular Structure of the New Government › MADISON",
	}
	for _, p := range doc.Passages {
		for _, part := range []string{"and Balances", "Navy", "Checks", "Commercial Relations"} {
			if strings.Contains(p.Text, part) {
				t.Errorf("passage %q under %q holds the title's %q", p.Text, p.Section(), part)
			}
		}
		for start, section := range want {
			if strings.Contains(p.Text, start) && p.Section() != section {
				t.Errorf("passage %q under %q, want %q", p.Text, p.Section(), section)
			}
		}
		if strings.Contains(p.Text, "The oracle") && !strings.Contains(p.Text, "CONNECTION THAT BINDS THE WHOLE FABRIC OF THE CONSTITUTION IN ONE INDISSOLUBLE BOND") {
			t.Errorf("passage %q: want the quotation in capitals run on in the text", p.Text)
		}
	}
}

// TestDeepHeadingMarkerIsNoText checks that a line of more than six "#" (no heading in
// CommonMark; the US Code files use them for subparagraphs) is a paragraph quoted without
// its marker, while a "#" inside a sentence and a run with no space after it stay.
func TestDeepHeadingMarkerIsNoText(t *testing.T) {
	src := "# Title\n\n###### (2) Guidance\n\n######## (A) In implementing the requirement, the Secretary shall act.\n\n######### (i) The staff shall include an executive.\n\nIssue #5 stays; so does ########x.\n"
	doc, err := Parse("code.md", []byte(src), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	got := passagesText(doc)
	for _, want := range []string{"(A) In implementing the requirement, the Secretary shall act.", "(i) The staff shall include an executive.", "Issue #5 stays; so does ########x."} {
		if !strings.Contains(got, want) {
			t.Errorf("passages %q: want %q", got, want)
		}
	}
	if strings.Contains(got, "######## (A)") || strings.Contains(got, "######### (i)") {
		t.Errorf("passages %q keep a deep heading's marker", got)
	}
}

// TestSectionMarkersCite checks that a plain text's "SECTION. N." opening a paragraph under a
// numbered heading becomes the passage's section ("ARTICLE I › Section 3"), so that a
// citation names it, that no passage runs from one section into the next, and that the words
// stay as written.
func TestSectionMarkersCite(t *testing.T) {
	src := "ARTICLE I\n\nSECTION. 1. All legislative Powers herein granted shall be vested in a Congress.\n\nSECTION. 2. The House of Representatives shall be composed of Members chosen every second Year.\n\nNo Person shall be a Representative who shall not have attained to the Age of twenty five Years.\n\nARTICLE II\n\nThe executive Power shall be vested in a President.\n"
	doc, err := Parse("constitution.txt", []byte(src), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range doc.Passages {
		got = append(got, p.Section()+": "+strings.SplitN(p.Text, " ", 3)[0])
	}
	want := []string{"ARTICLE I › Section 1: SECTION.", "ARTICLE I › Section 2: SECTION.", "ARTICLE II: The"}
	if len(doc.Passages) < 3 || doc.Passages[1].Section() != "ARTICLE I › Section 2" || !strings.Contains(doc.Passages[1].Text, "No Person shall be a Representative") {
		t.Fatalf("passages %q", got)
	}
	if !slices.Equal(got, want) {
		t.Errorf("passages %q, want %q", got, want)
	}
	if !IsSectionLabel("Section 2") || IsSectionLabel("Section 2. Elections") || IsSectionLabel("ARTICLE I") {
		t.Errorf("IsSectionLabel is wrong")
	}
}

// TestHeadingsOnlyIsEmpty checks that a markdown or HTML file of headings only is an empty
// document, as one of front matter or scripts only is: it has nothing to quote (the markdown
// was one passage of its raw "# A ## B" lines, and added with an existing document's ID it
// replaced that document). Plain text of title-like lines alone is still read as text, and a
// heading with text under it anywhere keeps the file.
func TestHeadingsOnlyIsEmpty(t *testing.T) {
	for name, text := range map[string]string{
		"headings.md":   "# A\n\n## B\n\n### C\n\n#### D\n",
		"front.md":      "---\ntitle: T\n---\n# A\n\n## B\n",
		"headings.html": "<h1>Only</h1><h2>Heads</h2>",
	} {
		if _, err := Parse(name, []byte(text), Meta{}); !errors.Is(err, ErrEmpty) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v, want ErrEmpty naming the file", name, err)
		}
	}
	for name, text := range map[string]string{
		"rules.txt": "Rules of Engagement\n",
		"part.md":   "# A\n\n## B\n\nSome text.\n\n## C\n",
		"part.html": "<h1>Only</h1><p>Some text.</p><h2>Heads</h2>",
	} {
		if doc, err := Parse(name, []byte(text), Meta{}); err != nil || len(doc.Passages) == 0 {
			t.Errorf("%s: error %v, want a passage", name, err)
		}
	}
}

// TestNotesStayWithTheirParagraph checks that in an annotated translation, where each
// numbered paragraph of the text is followed by the editor's notes on it in brackets, a
// passage holds a numbered paragraph with its own notes: "18. All warfare is based on
// deception." began no passage, but ended the one holding the long note on § 17, and its own
// note began the next; a note too long to join stands apart; and a list of short numbered
// paragraphs with no note between them (footnotes) is packed as before.
func TestNotesStayWithTheirParagraph(t *testing.T) {
	long := "[" + strings.Repeat("The commentators differ on this verse at some length. ", 12) + "]"
	text := "Chapter I. LAYING PLANS\n\n" +
		"17. According as circumstances are favourable, one should modify one's plans.\n\n" +
		long + "\n\n" +
		"18. All warfare is based on deception.\n\n" +
		"[The truth of this pithy and profound saying will be admitted by every soldier.]\n\n" +
		"[Another note on the same saying, by a second commentator.]\n\n" +
		"19. Hence, when able to attack, we must seem unable.\n\n" +
		"Footnotes\n\n" +
		"1. Shih Chi, ch. 65.\n\n2. He reigned from 514 to 496 B.C.\n\n3. See chap. XI.\n"
	doc, err := Parse("art.txt", []byte(text), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range doc.Passages {
		got = append(got, p.Text)
	}
	find := func(s string) int {
		return slices.IndexFunc(got, func(p string) bool { return strings.Contains(p, s) })
	}
	if i := find("18. All warfare"); i < 0 || !strings.HasPrefix(got[i], "18. All warfare") || find("The truth of this pithy") != i || find("Another note on the same saying") != i {
		t.Errorf("passages %q: want one opening with § 18 and holding both its notes", got)
	}
	if find("17. According") != find(long[:40]) {
		t.Errorf("passages %q: want § 17 with its note", got)
	}
	if i := find("1. Shih Chi"); i < 0 || find("2. He reigned") != i || find("3. See chap. XI.") != i {
		t.Errorf("passages %q: want the footnotes in one passage", got)
	}
}

// TestTooManyPassages checks that a text splitting into more than MaxPassages passages (one
// word under each of 260,000 headings; eight million of them, in 48 MB, took 14 GB at the
// first answer) fails with ErrTooLarge naming the file and the count, rather than being
// stored.
func TestTooManyPassages(t *testing.T) {
	_, err := Parse("heads.md", []byte(strings.Repeat("# a\nb\n", MaxPassages+10_000)), Meta{})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "heads.md") || !strings.Contains(err.Error(), "260000 passages") {
		t.Errorf("Parse: %v, want ErrTooLarge naming heads.md and 260000 passages", err)
	}
}

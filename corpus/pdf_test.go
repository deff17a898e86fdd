package corpus

import (
	"runtime"
	"strings"
	"testing"
)

// TestPDFLongParagraphLinear: a paragraph of many lines is built in one growing buffer: a
// paragraph of 50,000 one-letter lines allocates about 40 MB, where adding each line to a
// string copied the paragraph so far (5.1 GB here; a million one-letter lines drawn in a
// 30 KB file took 61 s and 157 GB, 1.4 s and 258 MB since). Every line is kept.
func TestPDFLongParagraphLinear(t *testing.T) {
	const lines = 50000
	many := make([]string, lines)
	for i := range many {
		many[i] = "a"
	}
	raw := flatePDF(t, "", textPage(many...))
	doc, alloc, err := parseAllocating("lines.pdf", raw, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for _, p := range doc.Passages {
		got += strings.Count(p.Text, "a")
	}
	if got != lines {
		t.Errorf("%d lines in the passages, want %d", got, lines)
	}
	if alloc > 100<<20 {
		t.Errorf("parsing %d lines allocated %d MB, want under 100 MB", lines, alloc>>20)
	}
}

// TestPDFDeepGraphicsStates: a page that saves its graphics state a million times (q) before
// its text, and restores it as often (Q), keeps at most maxGraphicsStates of them: 5 million
// held 5 GB. Its text is read, and a q within the bound still restores its state.
func TestPDFDeepGraphicsStates(t *testing.T) {
	const depth = 1_000_000
	content := strings.Repeat("q ", depth) + textPage("governance") + strings.Repeat("Q ", depth) +
		"q 1 0 0 1 0 -100 cm Q " + textPage("security")
	raw := flatePDF(t, "", content)
	doc, alloc, err := parseAllocating("deep.pdf", raw, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, p := range doc.Passages {
		text = append(text, p.Text)
	}
	if all := strings.Join(text, " "); !strings.Contains(all, "governance") || !strings.Contains(all, "security") {
		t.Errorf("passages %q: want both lines", text)
	}
	if alloc > 400<<20 {
		t.Errorf("%d nested q allocated %d MB, want under 400 MB", depth, alloc>>20)
	}
}

// parseAllocating is Parse, also returning the bytes the heap allocated while it ran
// (runtime.MemStats.TotalAlloc), for the tests that bound what a hostile file costs.
func parseAllocating(name string, raw []byte, meta Meta) (*Document, uint64, error) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	doc, err := Parse(name, raw, meta)
	runtime.ReadMemStats(&after)
	return doc, after.TotalAlloc - before.TotalAlloc, err
}

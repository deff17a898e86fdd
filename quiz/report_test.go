package quiz

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// report names a file to write every item Generate makes of the shared corpora to (see
// TestGenerateSharedReport).
var report = flag.String("report", "", "write the items generated from the shared corpora to this file and log their figures")

// listMarked matches a list's marker inside an option ("difficult ground; (8) hemmed-in
// ground"), which joins items.
var listMarked = regexp.MustCompile(`[;,]\s*\(?(?:\d{1,3}|[a-zA-Z]|[ivx]{1,4})\)\s`)

// itemForm names the form of a generated item for the report: "definition", "vertical list",
// "cloze list", "cloze number", "cloze name" or "true/false".
func itemForm(it *Item) string {
	switch {
	case it.Kind == TrueFalse:
		return "true/false"
	case strings.Contains(it.Stem, "is listed after"):
		return "vertical list"
	case !strings.HasPrefix(it.Stem, "Fill the blank"):
		return "definition"
	case len(numbers(it.Right())) > 0:
		return "cloze number"
	case name(it.Right()) && !strings.Contains(it.Support, ", "+it.Right()+","):
		return "cloze name"
	}
	return "cloze list"
}

// itemFigures are what TestGenerateSharedReport counts of a set of items.
type itemFigures struct {
	items int
	forms map[string]int
	// distractors counts the multiple-choice items' distractors; sameDoc, those found in the
	// answer's document; misshapen, those capitalised otherwise than the answer or of more
	// than twice or less than half its words; variants, those saying the answer in other
	// words or said by its passage (roots.variant, roots.saysVariant).
	distractors, sameDoc, misshapen, variants int
	// marked counts the multiple-choice items with an option holding a list's marker.
	marked int
	// truths counts the true/false items whose statement is true.
	truths int
}

func (f itemFigures) String() string {
	pct := func(n int) float64 { return 100 * float64(n) / float64(max(1, f.distractors)) }
	tf := f.forms["true/false"]
	return fmt.Sprintf("%d items %v; %d distractors: %d (%.0f%%) of the answer's document, %d (%.0f%%) of another shape, "+
		"%d another way of saying the answer or said by its passage; %d items with an option holding a list's marker; "+
		"%d of %d true/false statements (%.1f%%) true",
		f.items, f.forms, f.distractors, f.sameDoc, pct(f.sameDoc), f.misshapen, pct(f.misshapen), f.variants, f.marked,
		f.truths, tf, 100*float64(f.truths)/float64(max(1, tf)))
}

// measure counts f of items, whose documents' texts, normalised, are docText by ID, and
// writes each item to w, its right option starred and a distractor that says the answer in
// other words noted.
func measure(items []Item, docText map[string]string, w *strings.Builder) itemFigures {
	f := itemFigures{items: len(items), forms: map[string]int{}}
	var c roots
	for i := range items {
		it := &items[i]
		form := itemForm(it)
		f.forms[form]++
		if it.Kind == TrueFalse && it.Answer == 0 {
			f.truths++
		}
		fmt.Fprintf(w, "%s %s [%s]\n%s\n", it.ID, it.Kind, form, it.Stem)
		if it.Kind == Choice && slices.ContainsFunc(it.Options, listMarked.MatchString) {
			f.marked++
		}
		for j, o := range it.Options {
			mark, note := " ", ""
			if j == it.Answer {
				mark = "*"
			} else if it.Kind == Choice {
				f.distractors++
				if containsWords(docText[it.Source.DocumentID], normalize(o)) {
					f.sameDoc++
				}
				aw, ow := len(strings.Fields(it.Right())), len(strings.Fields(o))
				if unicode.IsUpper([]rune(o)[0]) != unicode.IsUpper([]rune(it.Right())[0]) || ow > 2*aw || 2*ow < aw {
					f.misshapen++
				}
				if c.variant(o, it.Right()) || c.saysVariant(it.Source.Text, o) {
					f.variants++
					note = "   [says the answer or the passage in other words]"
				}
			}
			fmt.Fprintf(w, "  %s%s) %s%s\n", mark, it.Label(j), o, note)
		}
		w.WriteString("\n")
	}
	return f
}

// TestGenerateSharedReport measures Generate on the seed and public corpora: with -report
// FILE it logs, for the seed quiz generate uses by default (0) and for seeds 1 to 5, how many
// items it makes, of each form; how many of their distractors come from the answer's own
// document, how many differ from the answer in shape (capitalised or not, twice the words or
// half) and how many say the answer in other words or are said by its passage; how many
// items have an option holding a list's marker; and how many true/false statements are true.
// It writes seed 0's items to FILE and logs 20 of them. Without -report it is skipped:
//
//	go test ./quiz -run TestGenerateSharedReport -report /tmp/items.txt -v
func TestGenerateSharedReport(t *testing.T) {
	if *report == "" {
		t.Skip("no -report FILE")
	}
	docs := sharedDocs(t)
	docText := map[string]string{}
	for _, d := range docs {
		var b strings.Builder
		for _, p := range d.Passages {
			b.WriteString(p.Text)
			b.WriteByte('\n')
		}
		docText[d.ID] = normalize(b.String())
	}
	var b strings.Builder
	for seed := range uint64(6) {
		var w strings.Builder
		t.Logf("seed %d: %v", seed, measure(Generate(docs, GenerateOptions{Seed: seed}), docText, &w))
		if seed == 0 {
			b = w
		}
	}
	if err := os.WriteFile(*report, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	entries := strings.Split(strings.TrimSpace(b.String()), "\n\n")
	r := rand.New(rand.NewPCG(7, 7))
	for _, k := range r.Perm(len(entries))[:min(20, len(entries))] {
		t.Logf("\n%s", entries[k])
	}
}

package quiz

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestParseBankOneDocument checks that a bank of several YAML documents is refused whole,
// naming the line where the second begins, where the documents after the first were ignored;
// and that an empty document after the bank (a trailing "---") is no second one.
func TestParseBankOneDocument(t *testing.T) {
	second := `---
items:
  - statement: Security ministries have elected political heads.
    answer: true
    source: "**Security ministries have elected political heads.**"
`
	for _, tt := range []struct {
		name, bank string
		want       string // the problems, "" for none
	}{
		{"two documents", goodBank + second, "two.yaml:10: a second YAML document begins here: a bank is one document, with every item under its items: list"},
		{"a bad second document", goodBank + "---\nitems: [\n", "two.yaml:11: did not find expected node content"},
		{"a leading ---", "---\n" + goodBank, ""},
		{"a trailing ---", goodBank + "---\n", ""},
		{"a trailing ... and a comment", goodBank + "...\n# the end\n", ""},
	} {
		items, err := ParseBank("two.yaml", []byte(tt.bank), corpus.Builtin(), "the built-in corpus")
		if tt.want == "" {
			if err != nil || len(items) != 2 {
				t.Errorf("%s: %d items, %v; want the 2 items", tt.name, len(items), err)
			}
			continue
		}
		var be *BankError
		if items != nil || !errors.As(err, &be) || !strings.Contains(err.Error(), "\n"+tt.want) || !strings.HasPrefix(err.Error(), "quiz: two.yaml: ") {
			t.Errorf("%s: %d items, %v; want none and the problem %q", tt.name, len(items), err, tt.want)
		}
	}
}

// TestParseBankOptionsNoList checks that options given as something other than a list are
// reported as what they are ("got a string"), not as a list of none.
func TestParseBankOptionsNoList(t *testing.T) {
	for options, want := range map[string]string{
		`"abcd"`:          "options: want a list of four, got a string",
		"abcd":            "options: want a list of four, got a string",
		"":                "options: want a list of four, got nothing",
		"{a: 1}":          "options: want a list of four, got a mapping",
		"4":               "options: want a list of four, got a single value",
		"[a, b, c]":       "options: want a list of four, got 3",
		"[a, b, c, d, e]": "options: want a list of four, got 5",
	} {
		bank := "items:\n  - question: What must the security forces be?\n    options: " + options +
			"\n    answer: A\n    source: The security forces must be effective in what they do.\n"
		_, err := ParseBank("bank.yaml", []byte(bank), corpus.Builtin(), "the built-in corpus")
		if err == nil || !strings.Contains(err.Error(), "\nbank.yaml:3: "+want) {
			t.Errorf("options: %s: %v, want the problem %q on line 3", options, err, want)
		}
	}
}

// TestParseBankSyntaxLine checks that a bank's YAML syntax error is reported at the line
// where the parser finds it. yaml.v3 names the line where the construct it was reading began,
// counted from 0 for a parser error: line 1 for an unclosed "[" on line 2, and the item's
// first line for a field indented wrongly further down.
func TestParseBankSyntaxLine(t *testing.T) {
	for _, tt := range []struct {
		name, bank string
		want       string
	}{
		{"an unclosed [ on line 2", "items:\n  - question: [oops\n    options: [a, b, c, d]\n    answer: A\n",
			"bank.yaml:2: did not find expected ',' or ']'"},
		{"question: [oops on line 2", "items:\nquestion: [oops\n", "bank.yaml:2: did not find expected ',' or ']'"},
		{"an unclosed [ on line 1", "question: [oops\n", "bank.yaml:1: did not find expected ',' or ']'"},
		{"an unclosed [ on line 3, no newline at the end", "items:\n  - question: a\n    options: [a, b, c, d\n    answer: A\n    source: x",
			"bank.yaml:3: did not find expected ',' or ']'"},
		{"an unclosed { on line 2", "items:\n  - {question: a, answer: A\n  - statement: b\n", "bank.yaml:2: did not find expected ',' or '}'"},
		{"a field indented one space too few", "items:\n  - question: a\n    options: [a, b, c, d]\n   answer: A\n    source: x\n",
			"bank.yaml:4: did not find expected '-' indicator"},
		{"a list item inside an item", "items:\n  - question: a\n    source: x\n    - b\n", "bank.yaml:4: did not find expected key"},
		{"an unclosed quotation from line 3", "items:\n  - statement: a\n    source: \"unclosed\n    answer: true\n",
			"bank.yaml:3: found unexpected end of stream"},
		{"a colon in a plain value", "items:\n  - question: a: b\n", "bank.yaml:2: mapping values are not allowed in this context"},
		{"a tab", "items:\n  - question: a\n\tanswer: A\n", "bank.yaml:3: found a tab character that violates indentation"},
	} {
		_, err := ParseBank("bank.yaml", []byte(tt.bank), corpus.Builtin(), "the built-in corpus")
		var be *BankError
		if !errors.As(err, &be) || !strings.Contains(err.Error(), "\n"+tt.want) {
			t.Errorf("%s: %v\nwant the problem %q", tt.name, err, tt.want)
		}
	}
}

// BenchmarkParseBank imports banks of 10 and 1,000 true/false items whose sources are each
// a run of 8 to 16 words of a passage, word for word ("matched") or with two of its words
// swapped, so that the passage holds every word but not the sentence ("unmatched", nearly
// all reported as found in no passage). The corpora: the seed and public texts of the shared
// corpus (2,599 passages) and the US Code (../shared/corpus/scale/uscode-chunks.tar.xz,
// unpacked to a temporary folder, or the folder DOCTRINEBOT_BENCH_USCODE names). ms/item is
// the time of one import over the bank's items:
//
//	go test ./quiz -run '^$' -bench ParseBank -benchtime 1x -timeout 30m
func BenchmarkParseBank(b *testing.B) {
	for _, c := range []struct {
		name  string
		paths func(*testing.B) []string
	}{
		{"shared", func(*testing.B) []string { return []string{shared + "/seed", shared + "/public"} }},
		{"uscode", usCodeFolder},
	} {
		b.Run("corpus="+c.name, func(b *testing.B) {
			if _, err := os.Stat(shared); err != nil {
				b.Skipf("shared corpus absent: %v", err)
			}
			docs, err := corpus.Load(c.paths(b), func(error) {})
			if err != nil {
				b.Fatal(err)
			}
			passages := 0
			for _, d := range docs {
				passages += len(d.Passages)
			}
			b.Logf("%s: %d documents, %d passages", c.name, len(docs), passages)
			for _, n := range []int{10, 1000} {
				for _, matched := range []bool{true, false} {
					name := map[bool]string{true: "matched", false: "unmatched"}[matched]
					bank := benchBank(docs, n, matched)
					b.Run(fmt.Sprintf("items=%d/sources=%s", n, name), func(b *testing.B) {
						for b.Loop() {
							items, err := ParseBank("bench.yaml", bank, docs, "the US Code")
							var be *BankError
							switch {
							case matched && (err != nil || len(items) != n):
								b.Fatalf("%d items, %.300v", len(items), err)
							case !matched && !errors.As(err, &be):
								b.Fatalf("want the sources not found, got %d items, %.300v", len(items), err)
							}
						}
						b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N)/float64(n), "ms/item")
					})
				}
			}
		})
	}
}

// benchBank returns a bank of n true/false items whose sources are runs of words of passages
// spread over docs: as they are (matched) or with their fourth and fifth words swapped.
func benchBank(docs []*corpus.Document, n int, matched bool) []byte {
	var passages []*corpus.Passage
	for _, d := range docs {
		for i := range d.Passages {
			passages = append(passages, &d.Passages[i])
		}
	}
	type item struct {
		Statement string `yaml:"statement"`
		Answer    bool   `yaml:"answer"`
		Source    string `yaml:"source"`
	}
	var items []item
	for i := 0; len(items) < n && i < 10*len(passages); i++ {
		words := strings.Fields(passages[(i*7919)%len(passages)].Text)
		if len(words) < 16 {
			continue
		}
		words = words[len(words)/2-8 : len(words)/2+(i%9)]
		if !matched {
			if normalize(words[3]) == normalize(words[4]) {
				continue
			}
			words[3], words[4] = words[4], words[3]
		}
		items = append(items, item{fmt.Sprintf("Statement %d of the bench bank.", len(items)+1), true, strings.Join(words, " ")})
	}
	out, err := yaml.Marshal(map[string]any{"items": items})
	if err != nil {
		panic(err)
	}
	return out
}

// usCodeFolder returns the folder of the US Code's files: DOCTRINEBOT_BENCH_USCODE, else the
// archive unpacked to a temporary folder; it skips the benchmark when neither is there.
func usCodeFolder(b *testing.B) []string {
	if dir := os.Getenv("DOCTRINEBOT_BENCH_USCODE"); dir != "" {
		return []string{dir}
	}
	archive := shared + "/scale/uscode-chunks.tar.xz"
	if _, err := os.Stat(archive); err != nil {
		b.Skipf("US Code archive absent: %v", err)
	}
	dir := b.TempDir()
	if out, err := exec.Command("tar", "-xJf", archive, "-C", dir).CombinedOutput(); err != nil {
		b.Fatalf("unpack: %v\n%s", err, out)
	}
	return []string{dir}
}

// TestParseBankRepeatedKeys checks that a key given twice in one mapping is a problem at the
// line of the second, naming the key and the first's line, and that nothing is imported.
// yaml.v3 keeps both in the tree; the bank took the last: a second items: list dropped the
// first, and an item answered true then false was imported false.
func TestParseBankRepeatedKeys(t *testing.T) {
	const item = "  - statement: The security forces must be effective in what they do.\n" +
		"    answer: true\n    source: The security forces must be effective in what they do.\n"
	for _, tt := range []struct {
		name, bank string
		want       []string
	}{
		{"items twice, an answer twice", "items:\n" + item + "items:\n" + item + "    answer: false\n",
			[]string{`5: key "items" given twice, first on line 1`, `9: key "answer" given twice, first on line 7`}},
		{"a source twice", "items:\n" + item + "    source: Security ministries have elected political heads.\n",
			[]string{`5: key "source" given twice, first on line 4`}},
		{"a question twice, the second quoted", "items:\n  - question: a\n    \"question\": b\n    options: [a, b, c, d]\n    answer: A\n" +
			"    source: The security forces must be effective in what they do.\n",
			[]string{`3: key "question" given twice, first on line 2`}},
		{"a key twice in a flow mapping", "items:\n  - {statement: a, answer: true, answer: false, source: The security forces must be effective in what they do.}\n",
			[]string{`2: key "answer" given twice, first on line 2`}},
		{"a key twice in a mapping given as an option", "items:\n  - question: a\n    options: [{x: 1, x: 2}, b, c, d]\n    answer: A\n" +
			"    source: The security forces must be effective in what they do.\n",
			[]string{"3: an option must be non-empty text", `3: key "x" given twice, first on line 3`}},
	} {
		items, err := ParseBank("bank.yaml", []byte(tt.bank), corpus.Builtin(), "the built-in corpus")
		var be *BankError
		if items != nil || !errors.As(err, &be) {
			t.Errorf("%s: %d items, %v; want none and a *BankError", tt.name, len(items), err)
			continue
		}
		var got []string
		for _, p := range be.Problems {
			got = append(got, fmt.Sprintf("%d: %s", p.Line, p.Msg))
		}
		for _, w := range tt.want {
			if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, w) }) {
				t.Errorf("%s: problems %q lack %q", tt.name, got, w)
			}
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s: problems %q, want %d", tt.name, got, len(tt.want))
		}
	}
	// The message in full, with the file's name.
	_, err := ParseBank("bank.yaml", []byte("items:\n"+item+"items:\n"+item), corpus.Builtin(), "the built-in corpus")
	if want := "\nbank.yaml:5: key \"items\" given twice, first on line 1: a mapping holds each key once"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want the problem %q", err, want)
	}
}

// TestParseBankLineEndings checks that a bank's problems are reported at the same lines
// whether its lines end in LF, CRLF or a lone CR: a YAML syntax error in a bank of CR line
// endings was reported at line 1.
func TestParseBankLineEndings(t *testing.T) {
	for _, tt := range []struct {
		name, bank string
		want       string
	}{
		{"an unclosed [", "items:\n  - question: a\n    options: [a, b, c, d\n    answer: A\n    source: x\n",
			"bank.yaml:3: did not find expected ',' or ']'"},
		{"a field indented one space too few", "items:\n  - question: a\n    options: [a, b, c, d]\n   answer: A\n    source: x\n",
			"bank.yaml:4: did not find expected '-' indicator"},
		{"an unclosed quotation", "items:\n  - statement: a\n    source: \"unclosed\n    answer: true\n",
			"bank.yaml:3: found unexpected end of stream"},
		{"an unknown field", "items:\n  - statement: a\n    answer: true\n    colour: red\n    source: The security forces must be effective in what they do.\n",
			`bank.yaml:4: unknown field "colour"`},
	} {
		for _, end := range []string{"\n", "\r\n", "\r"} {
			bank := strings.ReplaceAll(tt.bank, "\n", end)
			_, err := ParseBank("bank.yaml", []byte(bank), corpus.Builtin(), "the built-in corpus")
			if err == nil || !strings.Contains(err.Error(), "\n"+tt.want) {
				t.Errorf("%s, lines ending in %q: %v\nwant the problem %q", tt.name, end, err, tt.want)
			}
		}
	}
	// Mixed: a lone CR ends a line among LFs, a CRLF is one line end.
	bank := "items:\r\n  - statement: a\r    answer: true\n\n    options: [a, b\n"
	if _, err := ParseBank("bank.yaml", []byte(bank), corpus.Builtin(), "the built-in corpus"); err == nil || !strings.Contains(err.Error(), "\nbank.yaml:5: ") {
		t.Errorf("mixed line endings: %v, want a problem on line 5", err)
	}
}

// TestParseBankLimits checks the length limits of questions, statements, options and
// sources: at the limit an item is imported, past it the problem names the field, its length
// and the limit at its line. Lengths are in characters, not bytes.
func TestParseBankLimits(t *testing.T) {
	const source = "The security forces must be effective in what they do."
	long := func(n int) string { return strings.Repeat("é", n) }
	for _, tt := range []struct {
		name, bank string
		want       string // "" for imported
	}{
		{"a question at the limit", "items:\n  - question: " + long(MaxQuestion) + "\n    options: [a, b, c, d]\n    answer: A\n    source: " + source + "\n", ""},
		{"a question past it", "items:\n  - question: " + long(MaxQuestion+1) + "\n    options: [a, b, c, d]\n    answer: A\n    source: " + source + "\n",
			fmt.Sprintf("bank.yaml:2: question is %d characters long: at most %d", MaxQuestion+1, MaxQuestion)},
		{"a 5 MB question", "items:\n  - question: " + strings.Repeat("x", 5<<20) + "\n    options: [a, b, c, d]\n    answer: A\n    source: " + source + "\n",
			fmt.Sprintf("bank.yaml:2: question is %d characters long: at most %d", 5<<20, MaxQuestion)},
		{"a statement past it", "items:\n  - statement: >\n      " + long(MaxQuestion+1) + "\n    answer: true\n    source: " + source + "\n",
			fmt.Sprintf("bank.yaml:2: statement is %d characters long: at most %d", MaxQuestion+1, MaxQuestion)},
		{"an option at the limit", "items:\n  - question: a\n    options: [a, b, " + long(MaxOption) + ", d]\n    answer: A\n    source: " + source + "\n", ""},
		{"an option past it", "items:\n  - question: a\n    options:\n      - a\n      - b\n      - " + long(MaxOption+1) + "\n      - d\n    answer: A\n    source: " + source + "\n",
			fmt.Sprintf("bank.yaml:6: option C is %d characters long: at most %d", MaxOption+1, MaxOption)},
		{"a source past it", "items:\n  - statement: a\n    answer: true\n    source: " + strings.Repeat(source+" ", MaxSource/len(source)+1) + "\n",
			fmt.Sprintf("bank.yaml:4: source is %d characters long: at most %d", (MaxSource/len(source)+1)*(len(source)+1)-1, MaxSource)},
	} {
		items, err := ParseBank("bank.yaml", []byte(tt.bank), corpus.Builtin(), "the built-in corpus")
		switch {
		case tt.want == "" && (err != nil || len(items) != 1):
			t.Errorf("%s: %d items, %.200v; want it imported", tt.name, len(items), err)
		case tt.want != "" && (items != nil || err == nil || !strings.Contains(err.Error(), "\n"+tt.want+"\n") && !strings.HasSuffix(err.Error(), "\n"+tt.want)):
			t.Errorf("%s: %d items, %.300v; want the problem %q", tt.name, len(items), err, tt.want)
		case tt.want != "" && strings.Count(err.Error(), "\n") != 1:
			t.Errorf("%s: %.300v; want that one problem", tt.name, err)
		}
	}
}

// TestPassageFinder checks that the sources of a bank are found in the passage a scan of
// every passage with Found finds first, and in no other: sources from passages spread over
// the seed and public corpora, as they are, with two words swapped, cut at a word's middle,
// and limited to another document.
func TestPassageFinder(t *testing.T) {
	docs, err := corpus.Load([]string{shared + "/seed", shared + "/public"}, func(error) {})
	if err != nil {
		t.Skipf("shared corpus: %v", err)
	}
	scan := func(doc, source string) *corpus.Passage {
		for _, d := range docs {
			for i := range d.Passages {
				if (doc == "" || d.ID == doc) && Found(source, d.Passages[i].Text) {
					return &d.Passages[i]
				}
			}
		}
		return nil
	}
	type lookup struct{ doc, source string }
	var lookups []lookup
	for i := 0; len(lookups) < 150; i++ {
		d := docs[i%len(docs)]
		p := d.Passages[(i*37)%len(d.Passages)]
		words := strings.Fields(p.Text)
		if len(words) < 8 {
			continue
		}
		words = words[len(words)/4 : len(words)/4+2+i%6]
		other := docs[(i+1)%len(docs)].ID
		lookups = append(lookups, lookup{"", strings.Join(words, " ")}, lookup{d.ID, strings.Join(words, " ")}, lookup{other, strings.Join(words, " ")},
			lookup{"", strings.Join(words[1:], " ") + " " + words[0]}, lookup{"", strings.Join(words, " ")[1:]})
	}
	lookups = append(lookups, lookup{"", "the"}, lookup{"", "—"}, lookup{"", "Of the United States"}, lookup{"nosuchdocument", "the"})
	var sources []string
	for _, l := range lookups {
		sources = append(sources, l.source)
	}
	f := newPassageFinder(docs, sources)
	found := 0
	for _, l := range lookups {
		got, want := f.passage(l.doc, l.source), scan(l.doc, l.source)
		if got != want {
			t.Errorf("%q in %q: got %v, want %v", l.source, l.doc, got, want)
		}
		if got != nil {
			found++
		}
	}
	if found < len(lookups)/3 || found > len(lookups)*3/4 {
		t.Errorf("%d of %d sources found: the test tests little", found, len(lookups))
	}
}

// TestParseBankNull checks that YAML's null ("~", "null") is no text: an option, question,
// answer or source given as null is reported as missing, where it was taken for the text "~"
// or "null" (an option "~" was imported); quoted, "~" is text. Zero-width characters alone
// are no text either (a question of them was imported, and showed nothing).
func TestParseBankNull(t *testing.T) {
	const src = "    source: The security forces must be effective in what they do.\n"
	for _, tt := range []struct {
		name, item string
		want       string // the problem, "" for none
	}{
		{"an option ~", "  - question: What must the security forces be?\n    options: [effective, cheap, secret, ~]\n    answer: A\n" + src,
			"bank.yaml:3: an option must be non-empty text"},
		{"an option null", "  - question: What must the security forces be?\n    options: [effective, cheap, null, secret]\n    answer: A\n" + src,
			"bank.yaml:3: an option must be non-empty text"},
		{"a question ~", "  - question: ~\n    options: [effective, cheap, secret, large]\n    answer: A\n" + src,
			"bank.yaml:2: an item needs a question or a statement"},
		{"an answer null", "  - statement: The security forces must be effective.\n    answer: null\n" + src,
			"bank.yaml:2: a statement needs an answer: true or false"},
		{"a source ~", "  - statement: The security forces must be effective.\n    answer: true\n    source: ~\n",
			"bank.yaml:2: an item needs a source: a sentence of the passage, word for word"},
		{"a question of zero-width characters", "  - question: \"\\u200b\\u2060\\ufeff\"\n    options: [effective, cheap, secret, large]\n    answer: A\n" + src,
			"bank.yaml:2: an item needs a question or a statement"},
		{"an option of zero-width characters", "  - question: What must the security forces be?\n    options: [effective, cheap, secret, \"\\u200b\"]\n    answer: A\n" + src,
			"bank.yaml:3: an option must be non-empty text"},
		{"an option \"~\" quoted", "  - question: What must the security forces be?\n    options: [effective, cheap, secret, \"~\"]\n    answer: A\n" + src, ""},
	} {
		items, err := ParseBank("bank.yaml", []byte("items:\n"+tt.item), corpus.Builtin(), "the built-in corpus")
		if tt.want == "" {
			if err != nil || len(items) != 1 {
				t.Errorf("%s: %d items, %v; want the item", tt.name, len(items), err)
			}
			continue
		}
		if items != nil || err == nil || !strings.Contains(err.Error(), "\n"+tt.want) {
			t.Errorf("%s: %d items, %v; want none and the problem %q", tt.name, len(items), err, tt.want)
		}
	}
}

// TestWriteBankRoundTrip checks that the items Generate makes on the seed and public corpora,
// written by WriteBank and read back by ParseBank, are the same items: stems, options,
// answers, documents and passages, approved and of Origin Trainer. Among them are stems over
// 500 characters (MaxQuestion was 500: 46 of the 630 were refused), a sentence its document
// repeats in an earlier passage (its Support would tie it there: the passage's text is
// written instead), options YAML would read as other than text, and sentences over lines.
func TestWriteBankRoundTrip(t *testing.T) {
	docs, err := corpus.Load([]string{shared + "/seed", shared + "/public"}, func(error) {})
	if err != nil {
		t.Skipf("shared corpus: %v", err)
	}
	items := Generate(docs, GenerateOptions{})
	// Options a YAML reader would take for null, a number, a bool or a mapping, as text.
	items = append(items, Item{Kind: Choice, Stem: "Which of these: yes?", Options: []string{"~", "null", "1e3", "no: really"}, Answer: 2,
		Support: "The security forces must be effective in what they do.", Source: SourceOf(&corpus.Builtin()[0].Passages[0])})
	var buf bytes.Buffer
	if err := WriteBank(&buf, items, append(docs, corpus.Builtin()...)); err != nil {
		t.Fatal(err)
	}
	got, err := ParseBank("bank.yaml", buf.Bytes(), append(docs, corpus.Builtin()...), "the corpora")
	if err != nil {
		t.Fatalf("%.2000v", err)
	}
	if len(got) != len(items) {
		t.Fatalf("%d items read back, want %d", len(got), len(items))
	}
	for i, want := range items {
		g := got[i]
		if g.Kind != want.Kind || g.Stem != want.Stem || !slices.Equal(g.Options, want.Options) || g.Answer != want.Answer ||
			g.Source.DocumentID != want.Source.DocumentID || g.Source.PassageID != want.Source.PassageID ||
			g.Status != Approved || g.Origin != Trainer || g.ID != ItemID(&want) {
			t.Errorf("item %d read back as\n%+v\nwant\n%+v", i, g, want)
		}
	}
}

// TestBankErrorCapped checks that a bank's problems are listed up to 20, then counted in one
// line, where a bank of 20,000 bad items printed 40,000 lines; the error holds them all.
func TestBankErrorCapped(t *testing.T) {
	for _, tt := range []struct {
		items int    // items with no source, a problem each
		last  string // the message's last line
	}{
		{20, "big.yaml:40: an item needs a source: a sentence of the passage, word for word"},
		{21, "… and 1 more problem"},
		{20000, "… and 19980 more problems"},
	} {
		var bank strings.Builder
		bank.WriteString("items:\n")
		for i := range tt.items {
			fmt.Fprintf(&bank, "  - statement: Statement %d.\n    answer: yes\n", i)
		}
		_, err := ParseBank("big.yaml", []byte(bank.String()), corpus.Builtin(), "the built-in corpus")
		var be *BankError
		if !errors.As(err, &be) || len(be.Problems) != tt.items {
			t.Fatalf("%d bad items: %.300v; want a *BankError of %d problems", tt.items, err, tt.items)
		}
		lines := strings.Split(err.Error(), "\n")
		if want := fmt.Sprintf("quiz: big.yaml: %d problems, nothing imported:", tt.items); lines[0] != want {
			t.Errorf("%d bad items: first line %q, want %q", tt.items, lines[0], want)
		}
		if want := 1 + min(tt.items, 20) + min(tt.items-20, 1); len(lines) != want || lines[len(lines)-1] != tt.last {
			t.Errorf("%d bad items: %d lines ending %q, want %d ending %q", tt.items, len(lines), lines[len(lines)-1], want, tt.last)
		}
	}
}

// TestParseBankNoSuchDocument checks that a document: naming no document of the corpus says
// so, at its line, naming the documents it may be, where it said the source was in no passage
// of that document; and that a source in no passage names the corpus as the caller does.
func TestParseBankNoSuchDocument(t *testing.T) {
	const item = "items:\n  - statement: Security ministries have elected political heads.\n    answer: true\n    source: %s\n    document: %s\n"
	many := append([]*corpus.Document{}, corpus.Builtin()...)
	for _, id := range []string{"us-constitution", "federalist-papers", "art-of-war", "usc10-dod", "usc-domestic", "field-manual"} {
		many = append(many, &corpus.Document{ID: id})
	}
	for _, tt := range []struct {
		name, source, doc string
		docs              []*corpus.Document
		want              string
	}{
		{"few documents", "Security ministries have elected political heads.", "no-such-doc", corpus.Builtin(),
			`bank.yaml:5: no document "no-such-doc" in the library in L (its documents: "chuter-governance-and-the-security-sector")`},
		{"many, some alike", "Security ministries have elected political heads.", "usc", many,
			`bank.yaml:5: no document "usc" in the library in L (perhaps "usc10-dod", "usc-domestic")`},
		{"many, none alike", "Security ministries have elected political heads.", "no-such-doc", many,
			`bank.yaml:5: no document "no-such-doc" in the library in L`},
		{"a source in no passage", "Security ministries have appointed heads.", "", corpus.Builtin(),
			`bank.yaml:4: source not found word for word in any passage of the library in L`},
		// A word or two that many passages hold names none of them: the reveal would quote
		// whichever came first.
		{"a source in several passages", "The", "", corpus.Builtin(),
			`bank.yaml:4: source found word for word in more than one passage of the library in L (Governance and the Security Sector, Two questions and Governance and the Security Sector, Two objectives): give more of its passage, or its document`},
		{"a source in several passages of its document", "security sector", "chuter-governance-and-the-security-sector", corpus.Builtin(),
			`bank.yaml:4: source found word for word in more than one passage of document "chuter-governance-and-the-security-sector" (Governance and the Security Sector, Two questions and Governance and the Security Sector, What is the security sector?): give more of its passage, or its document`},
	} {
		bank := fmt.Sprintf(item, tt.source, tt.doc)
		if tt.doc == "" {
			bank = strings.TrimSuffix(bank, "    document: \n")
		}
		_, err := ParseBank("bank.yaml", []byte(bank), tt.docs, "the library in L")
		if err == nil || !strings.HasSuffix(err.Error(), "\n"+tt.want) {
			t.Errorf("%s: %v; want the problem %q", tt.name, err, tt.want)
		}
	}
}

// TestBankAnswersDocumented checks that the README's bank format names every answer a bank
// item takes, and that each it names is taken: a letter A–D in either case for a question;
// true, false, t, f, yes or no in any case for a statement (it named only A–D and true or
// false).
func TestBankAnswersDocumented(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip(err)
	}
	for _, tt := range []struct {
		line    string   // the README's line of the bank format, up to its comment
		answers []string // what the bank takes, each named by the comment
	}{
		{"    answer: A                                     # ", []string{"A–D", "a–d"}},
		{"    answer: true                                  # ", []string{"true", "false", "t", "f", "yes", "no", "any case"}},
	} {
		_, comment, ok := strings.Cut(string(readme), "\n"+tt.line)
		comment, _, _ = strings.Cut(comment, "\n")
		for _, a := range tt.answers {
			if !ok || !regexp.MustCompile(`(^|\W)`+regexp.QuoteMeta(a)+`(\W|$)`).MatchString(comment) {
				t.Errorf("the README's %q names not %q: %q", strings.TrimSpace(tt.line), a, comment)
			}
		}
	}
	for _, a := range []string{"A", "b", "C", "d"} {
		if _, err := ParseBank("bank.yaml", []byte(fmt.Sprintf("items:\n  - question: Q?\n    options: [effective, cheap, secret, large]\n    answer: %s\n    source: The security forces must be effective in what they do.\n", a)), corpus.Builtin(), "the built-in corpus"); err != nil {
			t.Errorf("answer %s: %v", a, err)
		}
	}
	for _, a := range []string{"true", "False", "t", "F", "yes", "NO"} {
		if _, err := ParseBank("bank.yaml", []byte(fmt.Sprintf("items:\n  - statement: S.\n    answer: %s\n    source: The security forces must be effective in what they do.\n", a)), corpus.Builtin(), "the built-in corpus"); err != nil {
			t.Errorf("answer %s: %v", a, err)
		}
	}
}

// TestParseBankGroupsMissingDocuments checks that the items naming one document the corpus
// does not hold make one problem, at the first of them, with their number, where each made
// a line of its own (110 lines for a bank exported from another library); that the documents
// are listed in MissingDocuments in order; and that the other problems stay as they were.
func TestParseBankGroupsMissingDocuments(t *testing.T) {
	var b strings.Builder
	b.WriteString("items:\n")
	for i := range 25 {
		doc := fmt.Sprintf("doc-%d", i%3) // doc-0, doc-1, doc-2, doc-0, …
		fmt.Fprintf(&b, "  - statement: Statement number %d.\n    answer: true\n    source: Security ministries have elected political heads.\n    document: %s\n", i, doc)
	}
	b.WriteString("  - statement: A bad answer.\n    answer: maybe\n    source: Security ministries have elected political heads.\n")
	_, err := ParseBank("bank.yaml", []byte(b.String()), corpus.Builtin(), "the library in L")
	var be *BankError
	if !errors.As(err, &be) {
		t.Fatalf("%v; want a *BankError", err)
	}
	want := []LineProblem{
		{5, `no document "doc-0" in the library in L (its documents: "chuter-governance-and-the-security-sector"), named by 9 items, the first on this line`},
		{9, `no document "doc-1" in the library in L (its documents: "chuter-governance-and-the-security-sector"), named by 8 items, the first on this line`},
		{13, `no document "doc-2" in the library in L (its documents: "chuter-governance-and-the-security-sector"), named by 8 items, the first on this line`},
	}
	if len(be.Problems) != 4 || !slices.Equal(be.Problems[:3], want) || be.Problems[3].Line != 103 {
		t.Errorf("problems:\n%v\nwant:\n%v\nthen the bad answer on line 103", be.Problems, want)
	}
	if !slices.Equal(be.MissingDocuments, []string{"doc-0", "doc-1", "doc-2"}) {
		t.Errorf("MissingDocuments %q, want doc-0, doc-1 and doc-2", be.MissingDocuments)
	}
	if lines := strings.Split(err.Error(), "\n"); len(lines) != 5 || lines[0] != "quiz: bank.yaml: 4 problems, nothing imported:" {
		t.Errorf("message:\n%s\nwant a first line and 4 problems", err)
	}
	// One item naming it: no number.
	one := "items:\n  - statement: S.\n    answer: true\n    source: Security ministries have elected political heads.\n    document: doc-0\n"
	if _, err := ParseBank("bank.yaml", []byte(one), corpus.Builtin(), "the library in L"); err == nil || strings.Contains(err.Error(), "named by") {
		t.Errorf("one item naming a missing document: %v", err)
	}
}

// TestWriteBankStatements checks that WriteBank writes a true/false item's statement alone,
// as a trainer writes it, without the wording a quiz shows before it ("True or false,
// according to … lines N–M: "), which it wrote into the bank; and that ParseBank gives the
// wording back, so that the items read are those written, with their IDs. A bank exported
// before, whose statements hold the wording (naming the passage as it was cited then, or as it
// is now), reads as the same items; a trainer's statement gets the wording too, its
// PlainStatementID being the ID it had without it, which a library holds it by.
func TestWriteBankStatements(t *testing.T) {
	docs := corpus.Builtin()
	var items []Item
	for _, it := range Generate(docs, GenerateOptions{}) {
		if it.Kind == TrueFalse {
			items = append(items, it)
		}
	}
	if len(items) < 2 {
		t.Fatalf("%d true/false items generated from the built-in corpus, want 2 or more", len(items))
	}
	var buf bytes.Buffer
	if err := WriteBank(&buf, items, docs); err != nil {
		t.Fatal(err)
	}
	var bank struct {
		Items []struct {
			Statement string `yaml:"statement"`
		} `yaml:"items"`
	}
	if err := yaml.Unmarshal(buf.Bytes(), &bank); err != nil {
		t.Fatal(err)
	}
	if len(bank.Items) != len(items) {
		t.Fatalf("%d items written, want %d", len(bank.Items), len(items))
	}
	for i, b := range bank.Items {
		if strings.Contains(b.Statement, "True or false") || strings.Contains(b.Statement, "according to") || b.Statement == "" ||
			!strings.HasSuffix(items[i].Stem, ": "+b.Statement) {
			t.Errorf("item %d written as the statement %q; want the statement of %q alone", i, b.Statement, items[i].Stem)
		}
	}
	readBack := func(name string, bank []byte) {
		t.Helper()
		got, err := ParseBank(name, bank, docs, "the built-in corpus")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got) != len(items) {
			t.Fatalf("%s: %d items read, want %d", name, len(got), len(items))
		}
		for i, want := range items {
			if g := got[i]; g.Stem != want.Stem || g.Answer != want.Answer || g.Source.PassageID != want.Source.PassageID || g.ID != want.ID {
				t.Errorf("%s: item %d read back as %s %q, want %s %q", name, i, g.ID, g.Stem, want.ID, want.Stem)
			}
		}
	}
	readBack("bank.yaml", buf.Bytes())

	// A bank exported before, its statements with the wording: as it names the passage now,
	// and as it named it under another title.
	for _, title := range []string{"", "An Old Title"} {
		var old bytes.Buffer
		old.WriteString("items:\n")
		for _, it := range items {
			stem := it.Stem
			if title != "" {
				stem = strings.Replace(stem, it.Source.Title, title, 1)
			}
			fmt.Fprintf(&old, "  - statement: %q\n    answer: %t\n    source: %q\n", stem, it.Answer == 0, it.Support)
		}
		readBack("old "+title+" bank.yaml", old.Bytes())
	}

	// A trainer's statement.
	const statement = "The security forces must be effective in what they do."
	got, err := ParseBank("bank.yaml", []byte("items:\n  - statement: "+statement+"\n    answer: true\n    source: "+statement+"\n"), docs, "the built-in corpus")
	if err != nil {
		t.Fatal(err)
	}
	it := got[0]
	if want := "True or false, according to " + where(it.Source.Passage()) + ": " + statement; it.Stem != want || it.ID != ItemID(&it) {
		t.Errorf("a trainer's statement read as %q (%s); want %q", it.Stem, it.ID, want)
	}
	plain := it
	plain.Stem = statement
	if id := PlainStatementID(&it); id != ItemID(&plain) || id == it.ID {
		t.Errorf("PlainStatementID = %s, want %s, the ID of the statement alone", id, ItemID(&plain))
	}
	if id := PlainStatementID(&plain); id != "" {
		t.Errorf("PlainStatementID of an item without the wording = %q, want none", id)
	}
}

// TestBankErrorQuotesName checks that a bank's problems name a file whose name holds a
// control character (a terminal escape, a newline) quoted, as corpus.QuotePath writes a path,
// on each line, so that the name neither reaches the terminal as an escape nor forges a line;
// before, it was written raw. An ordinary name is written as it is.
func TestBankErrorQuotesName(t *testing.T) {
	const bank = "items:\n  - statement: a\n    answer: true\n  - statement: b\n    answer: true\n"
	for _, name := range []string{"x\x1b[2J\nquiz: fake.yaml", "bank.yaml"} {
		_, err := ParseBank(name, []byte(bank), corpus.Builtin(), "the built-in corpus")
		if err == nil {
			t.Fatal("a bank of items with no source was read")
		}
		want := corpus.QuotePath(name)
		lines := strings.Split(err.Error(), "\n")
		if len(lines) != 3 || lines[0] != "quiz: "+want+": 2 problems, nothing imported:" ||
			!strings.HasPrefix(lines[1], want+":2: ") || !strings.HasPrefix(lines[2], want+":4: ") || strings.ContainsRune(err.Error(), '\x1b') {
			t.Errorf("%q: the problems read\n%s\nwant 3 lines naming %s", name, err, want)
		}
	}
}

// TestParseBankEscapedControls: control characters a bank writes with YAML's escapes
// ("\x1b", "\u202e") are dropped from its items, as those written raw are from its text.
func TestParseBankEscapedControls(t *testing.T) {
	bank := `items:
  - question: "What must the \x1b[2Jsecurity forces be?\u202e"
    options: ["effec\u0007tive", cheap, secret, large]
    answer: A
    source: The security forces must be effective in what they do.
`
	items, err := ParseBank("bank.yaml", []byte(bank), corpus.Builtin(), "the built-in corpus")
	if err != nil || len(items) != 1 {
		t.Fatalf("%d items, %v", len(items), err)
	}
	if it := items[0]; it.Stem != "What must the [2Jsecurity forces be?" || it.Options[0] != "effective" {
		t.Errorf("stem %q, options %q: control characters kept", it.Stem, it.Options)
	}
}

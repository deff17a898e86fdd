package quiz

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

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
		items, err := ParseBank("two.yaml", []byte(tt.bank), corpus.Builtin())
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
		_, err := ParseBank("bank.yaml", []byte(bank), corpus.Builtin())
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
		_, err := ParseBank("bank.yaml", []byte(tt.bank), corpus.Builtin())
		var be *BankError
		if !errors.As(err, &be) || !strings.Contains(err.Error(), "\n"+tt.want) {
			t.Errorf("%s: %v\nwant the problem %q", tt.name, err, tt.want)
		}
	}
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
		items, err := ParseBank("bank.yaml", []byte(tt.bank), corpus.Builtin())
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
	_, err := ParseBank("bank.yaml", []byte("items:\n"+item+"items:\n"+item), corpus.Builtin())
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
			_, err := ParseBank("bank.yaml", []byte(bank), corpus.Builtin())
			if err == nil || !strings.Contains(err.Error(), "\n"+tt.want) {
				t.Errorf("%s, lines ending in %q: %v\nwant the problem %q", tt.name, end, err, tt.want)
			}
		}
	}
	// Mixed: a lone CR ends a line among LFs, a CRLF is one line end.
	bank := "items:\r\n  - statement: a\r    answer: true\n\n    options: [a, b\n"
	if _, err := ParseBank("bank.yaml", []byte(bank), corpus.Builtin()); err == nil || !strings.Contains(err.Error(), "\nbank.yaml:5: ") {
		t.Errorf("mixed line endings: %v, want a problem on line 5", err)
	}
}

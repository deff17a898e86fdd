package quiz

import (
	"errors"
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

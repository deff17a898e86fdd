package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/library"
)

// shared is the folder of the shared test corpora, beside the project root.
const shared = "../../../shared/corpus"

// result is what one run of the program did.
type result struct {
	err            error
	stdout, stderr string
}

// runArgs runs the program with args and stdin, with an empty environment.
func runArgs(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(string) string { return "" }
	err := run(context.Background(), args, getenv, strings.NewReader(stdin), &stdout, &stderr)
	// Indexing shows progress when it takes over a second, as it may on a loaded machine:
	// no part of what the tests check.
	return result{err, stdout.String(), progressLine.ReplaceAllString(stderr.String(), "")}
}

// answerOut is the --json shape of one answer, as the tests expect it.
type answerOut struct {
	Question string     `json:"question"`
	Answered bool       `json:"answered"`
	Answer   string     `json:"answer"`
	Quotes   []quoteOut `json:"quotes"`
}

type quoteOut struct {
	Text     string  `json:"text"`
	Document string  `json:"document"`
	Title    string  `json:"title"`
	Section  string  `json:"section"`
	Lines    [2]int  `json:"lines"`
	Score    float64 `json:"score"`
}

// keys returns the sorted keys of a JSON object.
func keys(t *testing.T, raw []byte) []string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("not a JSON object: %v: %s", err, raw)
	}
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// decodeAnswers checks that out is one JSON object per line of exactly the documented shape
// and returns them.
func decodeAnswers(t *testing.T, out string) []answerOut {
	t.Helper()
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("output does not end with a newline: %q", out)
	}
	var answers []answerOut
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var a answerOut
		if err := dec.Decode(&a); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, line)
		}
		if dec.More() {
			t.Fatalf("line %d holds more than one JSON value: %s", i+1, line)
		}
		if got, want := keys(t, []byte(line)), []string{"answer", "answered", "question", "quotes"}; !reflect.DeepEqual(got, want) {
			t.Errorf("line %d: keys %q, want %q", i+1, got, want)
		}
		var raw struct{ Quotes []json.RawMessage }
		if err := json.Unmarshal([]byte(line), &raw); err != nil {
			t.Fatal(err)
		}
		for j, q := range raw.Quotes {
			if got, want := keys(t, q), []string{"document", "lines", "score", "section", "text", "title"}; !reflect.DeepEqual(got, want) {
				t.Errorf("line %d quote %d: keys %q, want %q", i+1, j, got, want)
			}
			var lines struct{ Lines []int }
			if err := json.Unmarshal(q, &lines); err != nil || len(lines.Lines) != 2 {
				t.Errorf("line %d quote %d: lines is not two integers: %s", i+1, j, q)
			}
		}
		answers = append(answers, a)
	}
	return answers
}

func TestAskText(t *testing.T) {
	r := runArgs(t, "", "ask", "What is the security sector?")
	if r.err != nil {
		t.Fatalf("run: %v\nstderr: %s", r.err, r.stderr)
	}
	for _, want := range []string{
		"The security sector consists of all those institutions",
		"Governance and the Security Sector",
		"David Chuter",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output does not contain %q:\n%s", want, r.stdout)
		}
	}
}

// TestAskTextLeadPlain checks that the lead printed in the terminal is plain sentences, the
// source's markdown emphasis left to the quote: "**Security ministries have elected political
// heads.**" showed its asterisks (the lead is now the slide's reason, as emphasised).
func TestAskTextLeadPlain(t *testing.T) {
	r := runArgs(t, "", "ask", "why do security ministries have civilians")
	if r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	lead, quote, _ := strings.Cut(r.stdout, "\n> ")
	if strings.Contains(lead, "**") || !strings.Contains(lead, "But because they are just like any other part of government.") || !strings.Contains(quote, "**") {
		t.Errorf("lead %q, quote %q: want the lead without the quote's emphasis marks", lead, quote)
	}
	if got := plainEmphasis("**Bold** and __strong__ but 2 ** 3 stays"); got != "Bold and strong but 2 ** 3 stays" {
		t.Errorf("plainEmphasis = %q", got)
	}
	// --json's answer is the same plain lead; its quote keeps the source's words.
	r = runArgs(t, "", "ask", "--json", "why do security ministries have civilians")
	if r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	a := decodeAnswers(t, r.stdout)[0]
	if strings.Contains(a.Answer, "**") || !strings.Contains(a.Answer, "But because they are just like any other part of government.") || !strings.Contains(a.Quotes[0].Text, "**") {
		t.Errorf("--json answer %q: want the lead without the quote's emphasis marks", a.Answer)
	}
}

func TestAskTextCitesSource(t *testing.T) {
	// Whatever passage retrieval picks, the text output quotes it and names its source.
	r := runArgs(t, "", "ask", "What is governance?")
	if r.err != nil {
		t.Fatalf("run: %v\nstderr: %s", r.err, r.stderr)
	}
	for _, want := range []string{"> ", "Governance and the Security Sector", "David Chuter", "lines "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output does not contain %q:\n%s", want, r.stdout)
		}
	}
}

func TestAskJSON(t *testing.T) {
	tests := []struct {
		name      string
		stdin     string
		args      []string
		questions []string
		answered  []bool
		quotes    []int
	}{
		{"one question", "", []string{"ask", "--json", "What is governance?"}, []string{"What is governance?"}, []bool{true}, []int{1}},
		{"flags after the question", "", []string{"ask", "What is governance?", "--json"}, []string{"What is governance?"}, []bool{true}, []int{1}},
		{"-k 3", "", []string{"ask", "--json", "-k", "3", "What is governance?"}, []string{"What is governance?"}, []bool{true}, []int{3}},
		{"two questions on stdin", "What is governance?\n\n   \nIs the security sector subject to special rules?\n", []string{"ask", "--json"},
			[]string{"What is governance?", "Is the security sector subject to special rules?"}, []bool{true, true}, []int{1, 1}},
		{"- for standard input", "What is governance?\n", []string{"ask", "--json", "-"}, []string{"What is governance?"}, []bool{true}, []int{1}},
		// A byte-order mark (Notepad's) is no part of the first question.
		{"stdin with a byte-order mark", "\ufeffWhat is governance?\r\n", []string{"ask", "--json"}, []string{"What is governance?"}, []bool{true}, []int{1}},
		{"refusal", "", []string{"ask", "--json", "What is the recipe for chocolate cake?"}, []string{"What is the recipe for chocolate cake?"}, []bool{false}, []int{0}},
		{"refusal with -k 3", "", []string{"ask", "--json", "-k", "3", "What is the recipe for chocolate cake?"}, []string{"What is the recipe for chocolate cake?"}, []bool{false}, []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runArgs(t, tt.stdin, tt.args...)
			if r.err != nil {
				t.Fatalf("run: %v\nstderr: %s", r.err, r.stderr)
			}
			answers := decodeAnswers(t, r.stdout)
			if len(answers) != len(tt.questions) {
				t.Fatalf("got %d answers, want %d:\n%s", len(answers), len(tt.questions), r.stdout)
			}
			for i, a := range answers {
				if a.Question != tt.questions[i] || a.Answered != tt.answered[i] || len(a.Quotes) != tt.quotes[i] {
					t.Errorf("answer %d: question %q answered %v with %d quotes; want %q, %v, %d",
						i, a.Question, a.Answered, len(a.Quotes), tt.questions[i], tt.answered[i], tt.quotes[i])
				}
				if a.Answer == "" {
					t.Errorf("answer %d: empty answer", i)
				}
				for j, q := range a.Quotes {
					if q.Text == "" || q.Document != "chuter-governance-and-the-security-sector" ||
						q.Title != "Governance and the Security Sector" || q.Lines[0] < 1 || q.Lines[1] < q.Lines[0] {
						t.Errorf("answer %d quote %d: %+v", i, j, q)
					}
				}
			}
		})
	}
}

func TestAskRefusalQuotesIsEmptyArray(t *testing.T) {
	r := runArgs(t, "", "ask", "--json", "What is the recipe for chocolate cake?")
	if r.err != nil {
		t.Fatalf("run: %v\nstderr: %s", r.err, r.stderr)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatal(err)
	}
	if got, want := string(raw["answered"]), "false"; got != want {
		t.Errorf("answered = %s, want %s", got, want)
	}
	if got, want := string(raw["quotes"]), "[]"; got != want {
		t.Errorf("quotes = %s, want %s", got, want)
	}
}

func TestAskSeveralCorpora(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "falconry.txt")
	b := filepath.Join(dir, "beekeeping.md")
	if err := os.WriteFile(a, []byte("Falconry is the hunting of wild quarry with a trained bird of prey such as a hawk or falcon."), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, []byte("# Bees\n\n## Hives\n\nBeekeeping is the maintenance of honey bee colonies in man-made hives."), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runArgs(t, "", "ask", "--corpus", a, "--corpus", b, "--json", "What is beekeeping?")
	if r.err != nil {
		t.Fatalf("run: %v\nstderr: %s", r.err, r.stderr)
	}
	answers := decodeAnswers(t, r.stdout)
	if len(answers) != 1 || len(answers[0].Quotes) != 1 {
		t.Fatalf("answers = %+v, want one with one quote", answers)
	}
	got := answers[0].Quotes[0]
	want := quoteOut{Text: "Beekeeping is the maintenance of honey bee colonies in man-made hives.", Document: "beekeeping", Title: "Bees", Section: "Hives", Lines: [2]int{5, 5}, Score: got.Score}
	if got != want {
		t.Errorf("quote = %+v, want %+v", got, want)
	}
}

// TestUsageErrors checks that every usage mistake is printed the same way: one line naming
// it, then the usage of the command it was made in (the whole usage when there is none).
func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		args  []string
		// usage is the usage shown after the error line.
		usage string
	}{
		{"no command", "", nil, usage},
		{"unknown command", "", []string{"frobnicate"}, usage},
		{"help for no command", "", []string{"help", "frobnicate"}, usage},
		{"unknown flag of ask", "", []string{"ask", "--bogus", "What is governance?"}, commandUsage("ask")},
		{"unknown flag of eval", "", []string{"eval", "--bogus", "--questions", "q.jsonl"}, commandUsage("eval")},
		{"ask with empty stdin", "", []string{"ask"}, commandUsage("ask")},
		{"ask with blank stdin", "\n  \n\t\n", []string{"ask", "--json"}, commandUsage("ask")},
		{"ask with an empty question", "", []string{"ask", "  "}, commandUsage("ask")},
		{"ask with an invisible question", "", []string{"ask", "\u200b\ufeff \u00a0"}, commandUsage("ask")},
		{"ask with a byte-order mark alone on stdin", "\ufeff", []string{"ask"}, commandUsage("ask")},
		{"-k 0", "", []string{"ask", "-k", "0", "What is governance?"}, commandUsage("ask")},
		{"-k not a number", "", []string{"ask", "-k", "many", "What is governance?"}, commandUsage("ask")},
		{"unknown mode", "", []string{"ask", "--mode", "psychic", "What is governance?"}, commandUsage("ask")},
		{"eval without --questions", "", []string{"eval"}, commandUsage("eval")},
		{"eval with an argument", "", []string{"eval", "--questions", "q.jsonl", "extra"}, commandUsage("eval")},
		{"eval --all with --mode", "", []string{"eval", "--all", "--mode", "bm25", "--questions", "q.jsonl"}, commandUsage("eval")},
		{"corpus without a command", "", []string{"corpus"}, commandUsage("corpus")},
		{"unknown corpus command", "", []string{"corpus", "frobnicate"}, commandUsage("corpus")},
		{"corpus add of nothing", "", []string{"corpus", "add"}, commandUsage("corpus")},
		{"quiz approve with words that are no item IDs", "", []string{"quiz", "approve", "a", "b"}, commandUsage("quiz")},
		{"quiz with -n 0", "", []string{"quiz", "-n", "0"}, commandUsage("quiz")},
		{"unknown quiz command", "", []string{"quiz", "frob"}, commandUsage("quiz")},
		{"quiz list with an argument", "", []string{"quiz", "list", "frob"}, commandUsage("quiz")},
		{"serve with an argument", "", []string{"serve", "now"}, commandUsage("serve")},
		{"gaps with an unknown flag", "", []string{"gaps", "--bogus"}, commandUsage("gaps")},
		{"gaps with -n -1", "", []string{"gaps", "-n", "-1"}, commandUsage("gaps")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runArgs(t, tt.stdin, tt.args...)
			var u usageError
			if !errors.As(r.err, &u) {
				t.Fatalf("err = %v (%T), want a usageError", r.err, r.err)
			}
			if got := exitStatus(r.err, io.Discard); got != 2 {
				t.Errorf("exit status %d, want 2", got)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			stderr := r.stderr
			if want := "doctrinebot: " + r.err.Error() + "\n\n" + tt.usage; stderr != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
			}
			if strings.Contains(r.err.Error(), "\n") || strings.HasPrefix(r.err.Error(), "bot:") {
				t.Errorf("error %q is not one plain line", r.err)
			}
		})
	}
}

// TestEmptyFlagValues checks that a flag given an empty value is a usage
// mistake naming the flag, rather than the flag's default (the environment's, for --data)
// taken silently, and an empty path or ID one naming the argument, where it was looked up
// ("corpus add" of "" said ": no such file or directory"); and that nothing is done.
func TestEmptyFlagValues(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	text := filepath.Join(dir, "forces.md")
	writeFile(t, text, "# Forces\n\n"+section("navy"))
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"corpus", "add", "--data", data, "--id", "", text}, "--id needs a value, not an empty one"},
		{[]string{"corpus", "add", "--data", data, "--title", "", text}, "--title needs a value, not an empty one"},
		{[]string{"corpus", "add", "--data", data, "--author=", text}, "--author needs a value, not an empty one"},
		{[]string{"corpus", "add", "--data", data, "--edition", "", text}, "--edition needs a value, not an empty one"},
		{[]string{"corpus", "add", "--data", "", text}, "--data needs a value, not an empty one"},
		{[]string{"corpus", "list", "--data", ""}, "--data needs a value, not an empty one"},
		{[]string{"ask", "--data", "", "What is the navy?"}, "--data needs a value, not an empty one"},
		{[]string{"ask", "--corpus", "", "What is the navy?"}, "--corpus needs a value, not an empty one"},
		{[]string{"ask", "-k", "", "What is the navy?"}, "-k needs a value, not an empty one"},
		{[]string{"eval", "--questions", ""}, "--questions needs a value, not an empty one"},
		{[]string{"quiz", "list", "--data", ""}, "--data needs a value, not an empty one"},
		{[]string{"quiz", "--topic", "", "--data", data}, "--topic needs a value, not an empty one"},
		{[]string{"gaps", "--data", ""}, "--data needs a value, not an empty one"},
		// An empty path or ID names the empty argument, where it was looked up.
		{[]string{"corpus", "add", "--data", data, ""}, `corpus add: an empty path ("")`},
		{[]string{"corpus", "add", "--data", data, text, ""}, `corpus add: an empty path ("")`},
		{[]string{"corpus", "show", "--data", data, ""}, `corpus show: an empty document ID ("")`},
		{[]string{"corpus", "remove", "--data", data, ""}, `corpus remove: an empty document ID ("")`},
		{[]string{"corpus", "remove", "--data", data, " "}, `corpus remove: an empty document ID (" ")`},
		{[]string{"corpus", "show", "--data", data, "\t"}, `corpus show: an empty document ID ("\t")`},
		{[]string{"quiz", "import", "--data", data, ""}, `quiz import: an empty path ("")`},
		{[]string{"quiz", "export", "--data", data, ""}, `quiz export: an empty path ("")`},
		{[]string{"quiz", "approve", "--data", data, ""}, `quiz approve: an empty item ID ("")`},
		{[]string{"quiz", "reject", "--data", data, "0123456789ab", ""}, `quiz reject: an empty item ID ("")`},
	}
	env := map[string]string{"DOCTRINEBOT_DATA": data}
	for _, tt := range tests {
		wantUsageMistake(t, tt.args, func(k string) string { return env[k] }, tt.want)
	}
	if libraryExists(data) {
		t.Errorf("a library was created in %s", data)
	}
}

// TestFlagMistakesNameTheFlag checks that package flag's own errors are worded as the usage
// writes flags: "--bogus" as given, not "-bogus", and the kind of value a flag wants.
func TestFlagMistakesNameTheFlag(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"ask", "--bogus", "What is the navy?"}, `unknown flag "--bogus"`},
		{[]string{"ask", "-z", "What is the navy?"}, `unknown flag "-z"`},
		{[]string{"ask", "-bogus=1", "What is the navy?"}, `unknown flag "-bogus=1"`},
		// A question that starts with a dash is quoted as given, with where to put it, where
		// it was "unknown flag --what is governance".
		{[]string{"ask", "-what is governance"}, `unknown flag "-what is governance" (a question that starts with "-" goes after --: doctrinebot ask -- "-what is governance")`},
		{[]string{"ask", "--json", "--what is governance?"}, `unknown flag "--what is governance?" (a question that starts with "-" goes after --: doctrinebot ask --json -- "--what is governance?")`},
		{[]string{"gaps", "-n 3"}, `unknown flag "-n 3" (an argument that starts with "-" goes after --: doctrinebot gaps -- "-n 3")`},
		// Unquoted, such a question is an unknown flag of one dash followed by words of no
		// space, which are the rest of it, where it was `unknown flag "-what"` alone. A word of
		// one letter ("-z") or two dashes, or one followed by a question quoted whole, is a
		// mistyped flag.
		{[]string{"ask", "-what", "is", "governance"}, `unknown flag "-what" (a question that starts with "-" goes after --: doctrinebot ask -- "-what is governance")`},
		{[]string{"ask", "-what's", "governance?", "--json"}, `unknown flag "-what's" (a question that starts with "-" goes after --: doctrinebot ask --json -- "-what's governance?")`},
		{[]string{"ask", "--json", "-what", "is", "governance"}, `unknown flag "-what" (a question that starts with "-" goes after --: doctrinebot ask --json -- "-what is governance")`},
		// The command to paste keeps the flags given before the question, and those after it
		// when they are flags only, each one word of a shell's command line, so that it asks
		// the library or the files that were meant, where it was `doctrinebot ask -- "-what is
		// governance"` alone.
		{[]string{"ask", "--corpus", "../shared/corpus/seed", "-k", "2", "-what", "is", "governance"}, `unknown flag "-what" (a question that starts with "-" goes after --: doctrinebot ask --corpus ../shared/corpus/seed -k 2 -- "-what is governance")`},
		{[]string{"ask", "-what", "is", "governance", "--data", "/tmp/my lib"}, `unknown flag "-what" (a question that starts with "-" goes after --: doctrinebot ask --data '/tmp/my lib' -- "-what is governance")`},
		{[]string{"ask", "--data=/tmp/L1", "-what is governance", "--json", "extra"}, `unknown flag "-what is governance" (a question that starts with "-" goes after --: doctrinebot ask --data=/tmp/L1 -- "-what is governance")`},
		{[]string{"gaps", "--data", "/tmp/L1", "-n 3"}, `unknown flag "-n 3" (an argument that starts with "-" goes after --: doctrinebot gaps --data /tmp/L1 -- "-n 3")`},
		{[]string{"ask", "-bogus", "What is the navy?"}, `unknown flag "-bogus"`},
		{[]string{"ask", "-z", "what"}, `unknown flag "-z"`},
		{[]string{"ask", "--what", "is", "governance"}, `unknown flag "--what"`},
		{[]string{"ask", "-what"}, `unknown flag "-what"`},
		{[]string{"ask", "--corpus"}, "--corpus needs a value"},
		{[]string{"ask", "-k", "x", "What is the navy?"}, `invalid value "x" for -k: want a whole number`},
		{[]string{"ask", "--k=1.5", "What is the navy?"}, `invalid value "1.5" for -k: want a whole number`},
		{[]string{"ask", "-v=maybe", "What is the navy?"}, `invalid value "maybe" for -v: want true or false`},
		{[]string{"gaps", "--json=perhaps"}, `invalid value "perhaps" for --json: want true or false`},
		// Each kind of value says what it wants, where package flag said "parse error".
		{[]string{"quiz", "--seed", "abc"}, `invalid value "abc" for --seed: want a whole number of 0 or more`},
		{[]string{"quiz", "--seed", "-1"}, `invalid value "-1" for --seed: want a whole number of 0 or more`},
		{[]string{"quiz", "generate", "--seed=1.5"}, `invalid value "1.5" for --seed: want a whole number of 0 or more`},
		{[]string{"ask", "--llm-timeout", "xyz", "What is the navy?"}, `invalid value "xyz" for --llm-timeout: want a duration such as 30s, 2m or 1h30m`},
		{[]string{"ask", "--llm-timeout", "30", "What is the navy?"}, `invalid value "30" for --llm-timeout: want a duration such as 30s, 2m or 1h30m`},
		{[]string{"corpus", "add", "X", "--max-size", "x"}, `invalid value "x" for --max-size: want a number of MiB, such as 50 or 0.5`},
		{[]string{"corpus", "add", "X", "--max-size", "50MiB"}, `invalid value "50MiB" for --max-size: want a number of MiB, such as 50 or 0.5`},
		// --max-size is a number in decimal notation, as -k is, where "0x1p-2" (a hexadecimal
		// float, a quarter) and "0x_1p4" were taken.
		{[]string{"corpus", "add", "X", "--max-size", "0x1p-2"}, `invalid value "0x1p-2" for --max-size: want a number of MiB, such as 50 or 0.5`},
		{[]string{"corpus", "add", "X", "--max-size=0X_1P4"}, `invalid value "0X_1P4" for --max-size: want a number of MiB, such as 50 or 0.5`},
		{[]string{"corpus", "add", "X", "--max-size", "1_0"}, `invalid value "1_0" for --max-size: want a number of MiB, such as 50 or 0.5`},
		// -k is a plain decimal number, where package flag read "0x10" as 16 and "1_0" as 10.
		{[]string{"ask", "-k", "0x10", "What is the navy?"}, `invalid value "0x10" for -k: want a whole number`},
		{[]string{"ask", "-k", "1_0", "What is the navy?"}, `invalid value "1_0" for -k: want a whole number`},
		{[]string{"gaps", "-n", "0o7"}, `invalid value "0o7" for -n: want a whole number`},
		// A timeout is above 0, where -5s was taken (and 0 meant the default unasked).
		{[]string{"ask", "--llm-timeout", "-5s", "What is the navy?"}, `invalid value "-5s" for --llm-timeout: want a duration above 0, such as 30s`},
		{[]string{"ask", "--llm-timeout=0", "What is the navy?"}, `invalid value "0" for --llm-timeout: want a duration above 0, such as 30s`},
		// A flag written with three dashes is worded as the others, not "bad flag syntax".
		{[]string{"ask", "---json", "What is the navy?"}, "---json has a dash too many: write --json"},
		{[]string{"ask", "---k=3", "What is the navy?"}, "---k=3 has a dash too many: write -k"},
		{[]string{"ask", "---bogus", "What is the navy?"}, `unknown flag "---bogus"`},
		{[]string{"ask", "-=x", "What is the navy?"}, `unknown flag "-=x"`},
		// A number out of int's range gives the range the flag takes, where it said "from
		// -9223372036854775808 to 9223372036854775807" of -k, which must be 1 or more.
		{[]string{"ask", "-k", "99999999999999999999", "x"}, `invalid value "99999999999999999999" for -k: want a whole number from 1 to 9223372036854775807`},
		{[]string{"ask", "-k=-99999999999999999999", "x"}, `invalid value "-99999999999999999999" for -k: want a whole number from 1 to 9223372036854775807`},
		{[]string{"quiz", "-n", "99999999999999999999"}, `invalid value "99999999999999999999" for -n: want a whole number from 1 to 9223372036854775807`},
		{[]string{"gaps", "-n", "99999999999999999999"}, `invalid value "99999999999999999999" for -n: want a whole number from 0 to 9223372036854775807`},
		// A flag that takes one value given two, where the last was used unsaid.
		{[]string{"ask", "--data", "/tmp/L1", "What is the navy?", "--data", "/tmp/L2"}, `--data is given twice ("/tmp/L1", then "/tmp/L2"): it takes one value`},
		{[]string{"corpus", "add", "--data=/tmp/L1", "--data", "/tmp/L2", "x.md"}, `--data is given twice ("/tmp/L1", then "/tmp/L2"): it takes one value`},
		{[]string{"quiz", "--data", "/tmp/L1", "list", "--data", "/tmp/L2"}, `--data is given twice ("/tmp/L1", then "/tmp/L2"): it takes one value`},
		{[]string{"gaps", "--data", "/tmp/L1", "--data", "/tmp/L2"}, `--data is given twice ("/tmp/L1", then "/tmp/L2"): it takes one value`},
		{[]string{"ask", "-k", "2", "-k=3", "What is the navy?"}, `-k is given twice ("2", then "3"): it takes one value`},
		{[]string{"eval", "--questions", "q.jsonl", "--mode", "bm25", "--mode", "vector"}, `--mode is given twice ("bm25", then "vector"): it takes one value`},
	}
	for _, tt := range tests {
		stdout, stderr := wantUsageMistake(t, tt.args, func(string) string { return "" }, tt.want)
		if first, _, _ := strings.Cut(stderr.String(), "\n"); stdout.Len() > 0 || first != "doctrinebot: "+tt.want {
			t.Errorf("%q: stdout %d bytes, first line of stderr %q; want nothing on stdout, the mistake on one line", tt.args, stdout.Len(), first)
		}
	}
}

// TestDashPathHint checks that an unknown flag naming an existing file or folder says how to
// give it as a path, where `corpus add -dash.txt` said only `unknown flag "-dash.txt"`; a word
// of a flag's form that names nothing is still a mistyped flag, and ask's words are a question.
func TestDashPathHint(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("-dash.txt", []byte("Governance is the exercise of authority.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("-dash txt", []byte("Governance is the exercise of authority.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir("-texts", 0o755); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "lib")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"corpus", "add", "--data", data, "-dash.txt"}, `unknown flag "-dash.txt" (to give the file "-dash.txt", write ./-dash.txt or put it after --)`},
		{[]string{"corpus", "add", "--data", data, "-texts"}, `unknown flag "-texts" (to give the folder "-texts", write ./-texts or put it after --)`},
		{[]string{"corpus", "add", "--data", data, "-dash txt"}, `unknown flag "-dash txt" (to give the file "-dash txt", write './-dash txt' or put it after --)`},
		{[]string{"corpus", "add", "--data", data, "-missing.txt"}, `unknown flag "-missing.txt"`},
		{[]string{"ask", "-dash.txt"}, `unknown flag "-dash.txt"`},
	}
	for _, tt := range tests {
		_, stderr := wantUsageMistake(t, tt.args, func(string) string { return "" }, tt.want)
		if first, _, _ := strings.Cut(stderr.String(), "\n"); first != "doctrinebot: "+tt.want {
			t.Errorf("%q: first line of stderr %q; want the mistake on one line", tt.args, first)
		}
	}
	if libraryExists(data) {
		t.Errorf("a library was created in %s", data)
	}
}

// TestPlainDecimalSizes checks that --max-size takes numbers in decimal notation: "50",
// "0.5", ".5", "1e6".
func TestPlainDecimalSizes(t *testing.T) {
	for _, v := range []string{"50", "0.5", ".5", "+2", "3.", "1e6", "2.5E-1"} {
		fs := newFlagSet("corpus add", io.Discard)
		size := fs.Float64("max-size", 50, "largest file to read, in MiB")
		if _, err := parseInterspersed(fs, []string{"--max-size", v}); err != nil {
			t.Errorf("--max-size %s: %v", v, err)
		}
		if *size <= 0 {
			t.Errorf("--max-size %s read as %g", v, *size)
		}
	}
}

// TestLLMTimeoutCheckedWhenUsed checks that DOCTRINEBOT_LLM_TIMEOUT is checked only when a
// model's endpoint is asked: commands that ask none (corpus list, corpus add with the
// built-in model, eval, ask without a chat model) run with a malformed one, where they failed
// with exit status 1; a command that asks one fails naming it (exit status 1), a timeout of
// 0 saying it must be above 0, where it said "is not a duration such as 30s". The flag is
// checked with no model too, as the README says.
func TestLLMTimeoutCheckedWhenUsed(t *testing.T) {
	text := filepath.Join(t.TempDir(), "orders.txt")
	if err := os.WriteFile(text, []byte("Sentries guard the gate at night and report to the duty officer every hour.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"DOCTRINEBOT_DATA": t.TempDir(), "DOCTRINEBOT_LLM_TIMEOUT": "bogus"}
	getenv := func(k string) string { return env[k] }
	for _, args := range [][]string{
		{"corpus", "add", text},
		{"corpus", "list"},
		{"ask", "Who guards the gate?"},
		{"eval", "--questions", writeQuestions(t, evalQuestions...), "--corpus", shared + "/seed"},
	} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), args, getenv, strings.NewReader(""), &stdout, &stderr); err != nil || stdout.Len() == 0 {
			t.Errorf("%q with DOCTRINEBOT_LLM_TIMEOUT=bogus: %v (stdout %d bytes), want it to run", args, err, stdout.Len())
		}
	}
	// Nothing listens at the base URL: the timeout is checked before any request.
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	for value, want := range map[string]string{
		"bogus": `DOCTRINEBOT_LLM_TIMEOUT="bogus" is not a duration such as 30s`,
		"0":     `DOCTRINEBOT_LLM_TIMEOUT="0" must be a duration above 0, such as 30s`,
		"-5s":   `DOCTRINEBOT_LLM_TIMEOUT="-5s" must be a duration above 0, such as 30s`,
	} {
		for _, args := range [][]string{
			{"ask", "--chat-model", "m", "Who guards the gate?"},
			{"corpus", "add", "--embed-model", "e", text},
		} {
			env := map[string]string{"DOCTRINEBOT_DATA": t.TempDir(), "DOCTRINEBOT_LLM_TIMEOUT": value, "OPENAI_BASE_URL": srv.URL}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
			if err == nil || err.Error() != want || exitStatus(err, io.Discard) != 1 {
				t.Errorf("%q with DOCTRINEBOT_LLM_TIMEOUT=%s: %v, want %q", args, value, err, want)
			}
		}
	}
	// A base URL that is no http(s) URL is a mistake of the configuration, told before any
	// request (it was tried, and the extractive answer given with exit status 0).
	for _, base := range []string{"ftp://x y", "not a url", "localhost:11434"} {
		env := map[string]string{"DOCTRINEBOT_DATA": t.TempDir(), "OPENAI_BASE_URL": base}
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"ask", "--chat-model", "m", "Who guards the gate?"}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), "is no http or https URL") || exitStatus(err, io.Discard) != 1 || stdout.Len() > 0 {
			t.Errorf("ask with OPENAI_BASE_URL=%q: %v (stdout %q), want a configuration error", base, err, stdout.String())
		}
	}
	// The flag, unlike the variable, is checked with no model too: a usage mistake.
	for _, value := range []string{"bogus", "0"} {
		r := runArgs(t, "", "ask", "--llm-timeout", value, "Who guards the gate?")
		if r.err == nil || exitStatus(r.err, io.Discard) != 2 {
			t.Errorf("ask --llm-timeout %s with no model: %v, want a usage mistake", value, r.err)
		}
	}
	// --llm-timeout given, the variable is not read.
	env = map[string]string{"DOCTRINEBOT_LLM_TIMEOUT": "bogus", "OPENAI_BASE_URL": srv.URL}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"ask", "--llm-timeout", "1s", "--chat-model", "m", "What is the security sector?"}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	if err != nil || !strings.Contains(stdout.String(), "the language model could not answer") {
		t.Errorf("ask --llm-timeout 1s with DOCTRINEBOT_LLM_TIMEOUT=bogus: %v\n%s", err, stdout.String())
	}
}

// TestCorpusCommandFirst checks that a corpus command line starting with a flag says to put
// the corpus command first, and how, where it said `unknown corpus command "--data"`.
func TestCorpusCommandFirst(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"corpus", "--data", "L", "list"}, "the corpus command goes before its flags: doctrinebot corpus list --data L"},
		{[]string{"corpus", "--title", "Field orders", "add", "a.txt"}, `the corpus command goes before its flags: doctrinebot corpus add --title "Field orders" a.txt`},
		{[]string{"corpus", "--json"}, `corpus needs a command before its flags (add, list, show, remove or reindex), got "--json"`},
		{[]string{"corpus", "lists"}, `unknown corpus command "lists"`},
	} {
		r := runArgs(t, "", tt.args...)
		if exitStatus(r.err, io.Discard) != 2 || r.stderr != "doctrinebot: "+tt.want+"\n\n"+commandUsage("corpus") {
			t.Errorf("%q: %v\n%s", tt.args, r.err, r.stderr)
		}
	}
}

// TestFlagNumbersAreDecimal checks that a whole-number flag reads decimal digits as decimal,
// "010" as ten, where package flag read it as octal 8; and a duration as given.
func TestFlagNumbersAreDecimal(t *testing.T) {
	fs := newFlagSet("test", io.Discard)
	k := fs.Int("k", 1, "")
	seed := fs.Uint64("seed", 0, "")
	timeout := fs.Duration("llm-timeout", 0, "")
	if _, err := parseInterspersed(fs, []string{"-k", "010", "--seed", "+007", "--llm-timeout", "1m30s"}); err != nil {
		t.Fatal(err)
	}
	if *k != 10 || *seed != 7 || *timeout != 90*time.Second {
		t.Errorf("-k %d, --seed %d, --llm-timeout %v; want 10, 7, 1m30s", *k, *seed, *timeout)
	}
}

// TestFlagWithTypographicDash checks that a flag of the command written with an en or em dash
// (as a document or a word processor turns "--" into "—") is a usage mistake naming it, where
// it became a word of the question, which was refused with exit status 0; a word that starts
// with such a dash and names no flag stays a word of the question.
func TestFlagWithTypographicDash(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"ask", "—json", "What is the security sector?"}, `—json looks like the flag --json written with an em dash, not "-": type --json`},
		{[]string{"ask", "What is the security sector?", "–json"}, `–json looks like the flag --json written with an en dash, not "-": type --json`},
		{[]string{"ask", "–k", "3", "What is governance?"}, `–k looks like the flag -k written with an en dash, not "-": type -k`},
		{[]string{"ask", "—-mode=bm25", "What is governance?"}, `—-mode=bm25 looks like the flag --mode written with an em dash, not "-": type --mode`},
		{[]string{"gaps", "−n", "3"}, `−n looks like the flag -n written with a minus sign, not "-": type -n`},
		{[]string{"quiz", "list", "‐‐status", "pending"}, `‐‐status looks like the flag --status written with the dash U+2010, not "-": type --status`},
	} {
		r := runArgs(t, "", tt.args...)
		var u usageError
		if !errors.As(r.err, &u) || r.err.Error() != tt.want || exitStatus(r.err, io.Discard) != 2 || r.stdout != "" {
			t.Errorf("%q: %v (stdout %q), want the usage mistake %q", tt.args, r.err, r.stdout, tt.want)
		}
	}
	// A dash that begins no flag's name is the question's.
	r := runArgs(t, "", "ask", "--json", "What is the security sector", "—governance", "—", "or defence?")
	if r.err != nil {
		t.Fatal(r.err)
	}
	if got := decodeAnswers(t, r.stdout); len(got) != 1 || got[0].Question != "What is the security sector —governance — or defence?" {
		t.Errorf("question %+v", got)
	}
	// After --, a word is the question's whatever it looks like.
	r = runArgs(t, "", "ask", "--json", "--", "—json", "What is governance?")
	if r.err != nil {
		t.Fatal(r.err)
	}
	if got := decodeAnswers(t, r.stdout); len(got) != 1 || got[0].Question != "—json What is governance?" {
		t.Errorf("question %+v", got)
	}
}

func TestHelp(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"help"}, usage},
		{[]string{"help", "help"}, usage},
		{[]string{"help", "-h"}, usage},
		{[]string{"--help"}, usage},
		{[]string{"help", "ask"}, commandUsage("ask")},
		{[]string{"ask", "-h"}, commandUsage("ask")},
		{[]string{"corpus", "--help"}, commandUsage("corpus")},
		{[]string{"corpus", "add", "-h"}, commandUsage("corpus")},
		{[]string{"quiz", "list", "-h"}, commandUsage("quiz")},
	}
	for _, tt := range tests {
		r := runArgs(t, "", tt.args...)
		if r.err != nil {
			t.Errorf("%q: %v", tt.args, r.err)
		}
		if r.stdout != tt.want || r.stderr != "" {
			t.Errorf("%q printed stdout %q, stderr %q; want the usage on stdout", tt.args, r.stdout, r.stderr)
		}
	}
}

// TestUsageAligned checks that each command's description in the usage starts in one
// column, and each continuation line of one there, where the ask line's started one left.
func TestUsageAligned(t *testing.T) {
	col := strings.Index(serveLines, "run the Discord bot")
	for _, line := range strings.Split(usage, "\n") {
		if !strings.HasPrefix(line, "  doctrinebot ") && !strings.HasPrefix(line, strings.Repeat(" ", col)) {
			continue
		}
		if len(line) <= col || line[col-1] != ' ' || line[col] == ' ' {
			t.Errorf("description not in column %d: %q", col+1, line)
		}
	}
}

func TestAskBadCorpus(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, content []byte) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	noTexts := filepath.Join(dir, "pictures")
	write("pictures/a.png", []byte("\x89PNG\r\n\x1a\n\x00"))
	tests := []struct {
		name string
		path string
		want error
	}{
		{"empty file", write("empty.txt", nil), corpus.ErrEmpty},
		{"binary file", write("blob.txt", []byte("text\x00\x01\x02")), corpus.ErrBinary},
		{"invalid UTF-8", write("latin1.txt", []byte("caf\xe9 cr\xe8me")), corpus.ErrInvalidUTF8},
		{"folder with no texts", noTexts, corpus.ErrNoTexts},
		{"missing path", filepath.Join(dir, "nowhere", "missing.txt"), os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, args := range [][]string{
				{"ask", "--corpus", tt.path, "What is governance?"},
				{"ask", "--json", "--corpus", tt.path, "What is governance?"},
			} {
				r := runArgs(t, "", args...)
				if !errors.Is(r.err, tt.want) {
					t.Fatalf("%q: err = %v, want %v", args, r.err, tt.want)
				}
				var u usageError
				if errors.As(r.err, &u) {
					t.Errorf("%q: a bad corpus is reported as a usage error: %v", args, r.err)
				}
				if !strings.Contains(r.err.Error(), tt.path) {
					t.Errorf("%q: error %q does not name %s", args, r.err, tt.path)
				}
				if r.stdout != "" {
					t.Errorf("%q: stdout = %q, want nothing", args, r.stdout)
				}
			}
		})
	}
}

// TestAskSkipsBlankFile: a blank file and an empty one in a --corpus folder are skipped, each
// with one plain line on stderr naming it, as the command line's other messages are printed
// (not a log record), and the rest is answered from; quiz reports them alike.
func TestAskSkipsBlankFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "patrols.txt"), "Night patrols must report every forty minutes to the duty officer at the gate.\n")
	writeFile(t, filepath.Join(dir, "blank.txt"), "  \n\n\t\n")
	writeFile(t, filepath.Join(dir, "empty.md"), "")
	want := "doctrinebot: skipped " + filepath.Join(dir, "blank.txt") + ": empty document\n" +
		"doctrinebot: skipped " + filepath.Join(dir, "empty.md") + ": empty document\n"

	r := runArgs(t, "", "ask", "--corpus", dir, "How often must night patrols report?")
	if r.err != nil || !strings.Contains(r.stdout, "every forty minutes") {
		t.Errorf("ask: %v %q", r.err, r.stdout)
	}
	if r.stderr != want {
		t.Errorf("ask: stderr %q, want %q", r.stderr, want)
	}
	// quiz generate --corpus stores items only of passages the library holds: the files are
	// added first.
	data := t.TempDir()
	if r := runArgs(t, "", "corpus", "add", "--data", data, filepath.Join(dir, "patrols.txt")); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	r = runArgs(t, "", "quiz", "generate", "--data", data, "--corpus", dir, "--seed", "1")
	if r.err != nil || r.stderr != want {
		t.Errorf("quiz generate: %v, stderr %q, want %q", r.err, r.stderr, want)
	}
}

// TestGapsRecordedFromLibraryOnly: ask records a refused question for gaps only when it
// answers from a library holding documents, not from the built-in corpus or --corpus; gaps
// with nothing recorded says so, and when refusals are recorded, as its help does.
func TestGapsRecordedFromLibraryOnly(t *testing.T) {
	dir, data := t.TempDir(), filepath.Join(t.TempDir(), "lib")
	file := filepath.Join(dir, "patrols.txt")
	writeFile(t, file, "Night patrols must report every forty minutes to the duty officer at the gate.\n")
	const cake = "What is the recipe for chocolate cake?"
	none := "No refused questions recorded in " + data + ".\n" + gapsRecorded
	refused := func(args ...string) {
		t.Helper()
		r := runArgs(t, "", append(args, cake)...)
		if r.err != nil || !strings.Contains(r.stdout, "does not cover") {
			t.Fatalf("%q: %v %q, want a refusal", args, r.err, r.stdout)
		}
	}
	gaps := func(want string) {
		t.Helper()
		if r := runArgs(t, "", "gaps", "--data", data); r.err != nil || r.stdout != want {
			t.Errorf("gaps: %v\n%s\nwant:\n%s", r.err, r.stdout, want)
		}
	}

	refused("ask", "--data", data) // the built-in corpus: no library
	gaps("There is no library in " + data + ", so no refused question is recorded there: create one with `doctrinebot corpus add --data " + data + " PATH`, or give the folder of another with --data.\n" + gapsRecorded)
	if _, err := os.Stat(data); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ask or gaps created the library folder: %v", err)
	}
	if r := runArgs(t, "", "corpus", "add", "--data", data, file); r.err != nil {
		t.Fatalf("corpus add: %v %s", r.err, r.stderr)
	}
	refused("ask", "--data", data, "--corpus", file)
	gaps(none)
	// A question in another language is asked again in English: no gap in the corpus.
	if r := runArgs(t, "", "ask", "--data", data, "¿Qué es el sector de la seguridad?"); r.err != nil || !strings.Contains(r.stdout, "Please ask in English") {
		t.Fatalf("ask in Spanish: %v %q", r.err, r.stdout)
	}
	gaps(none)
	refused("ask", "--data", data)
	refused("ask", "--data", data, "--json")
	gaps("asked  question refused (most asked first)\n" + fmt.Sprintf("%5d  %s\n", 2, cake))

	if r := runArgs(t, "", "gaps", "-h"); !strings.HasSuffix(r.stdout, gapsRecorded) {
		t.Errorf("gaps -h does not say when refusals are recorded:\n%s", r.stdout)
	}
}

// TestGapsAtCap checks that a library keeping library.MaxGaps refused questions says so: gaps
// ends its list with a line saying that a new question is no longer recorded, and ask -v logs
// that it did not record one (where both were silent), while a question recorded before is
// still counted.
func TestGapsAtCap(t *testing.T) {
	data := t.TempDir()
	file := filepath.Join(t.TempDir(), "patrols.txt")
	writeFile(t, file, "Night patrols must report every forty minutes to the duty officer at the gate.\n")
	if r := runArgs(t, "", "corpus", "add", "--data", data, file); r.err != nil {
		t.Fatalf("corpus add: %v %s", r.err, r.stderr)
	}
	execSQLite(t, filepath.Join(data, library.FileName), fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
		INSERT INTO gaps (key, question, count, last) SELECT 'question ' || i, 'Question ' || i || '?', 1, 0 FROM n`, library.MaxGaps))
	r := runArgs(t, "", "ask", "-v", "--data", data, "What is the recipe for chocolate cake?")
	if r.err != nil || !strings.Contains(r.stdout, "does not cover") || !strings.Contains(r.stderr, "refused question not recorded") {
		t.Errorf("ask -v past the cap: %v, stdout %q, stderr %q; want a refusal and a log line saying it was not recorded", r.err, r.stdout, r.stderr)
	}
	if r := runArgs(t, "", "ask", "--data", data, "What is the recipe for chocolate cake?"); r.err != nil || r.stderr != "" {
		t.Errorf("ask past the cap: %v, stderr %q; want nothing said without -v", r.err, r.stderr)
	}
	runArgs(t, "", "ask", "--data", data, "Question 7?")
	r = runArgs(t, "", "gaps", "-n", "1", "--data", data)
	want := "asked  question refused (most asked first)\n    2  Question 7?\n" + fmt.Sprintf("… and %d more (-n 0 lists all)\n", library.MaxGaps-1) + fmt.Sprintf("%d distinct questions are recorded, the most kept (%d): a question not among them is no longer recorded (those recorded are still counted); `doctrinebot gaps --clear --data %s` deletes them to make room.\n", library.MaxGaps, library.MaxGaps, data)
	if r.err != nil || r.stdout != want {
		t.Errorf("gaps at the cap: %v\n%s\nwant:\n%s", r.err, r.stdout, want)
	}
	r = runArgs(t, "", "gaps", "--json", "-n", "1", "--data", data)
	if r.err != nil || !strings.HasPrefix(r.stdout, `[{"question":"Question 7?","count":2,`) || !strings.Contains(r.stderr, "`doctrinebot gaps --clear --data "+data+"`") {
		t.Errorf("gaps --json at the cap: %v, %q, %q; want the JSON list and the note on stderr", r.err, r.stdout, r.stderr)
	}
	r = runArgs(t, "", "gaps", "--clear", "--json", "--data", data)
	if want := fmt.Sprintf("{\"cleared\":%d}\n", library.MaxGaps); r.err != nil || r.stdout != want {
		t.Errorf("gaps --clear --json: %v, %q; want %q", r.err, r.stdout, want)
	}
	runArgs(t, "", "ask", "--data", data, "Question 8?")
	r = runArgs(t, "", "gaps", "--clear", "--data", data)
	if want := "cleared 1 refused question\n"; r.err != nil || r.stdout != want {
		t.Errorf("gaps --clear: %v, %q; want %q", r.err, r.stdout, want)
	}
	runArgs(t, "", "ask", "--data", data, "What is the recipe for chocolate cake?")
	if r := runArgs(t, "", "gaps", "--data", data); r.err != nil || r.stdout != "asked  question refused (most asked first)\n    1  What is the recipe for chocolate cake?\n" {
		t.Errorf("gaps after --clear and a new refusal: %v, %q", r.err, r.stdout)
	}
}

// writeQuestions writes a question set to a file in a temporary folder and returns its path.
// TestBlankFlagValues checks that a flag given white space only, such as --data " ", is a
// usage mistake naming it, as an empty value is, and creates nothing.
func TestBlankFlagValues(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	text := filepath.Join(dir, "forces.md")
	writeFile(t, text, "# Forces\n\n"+section("navy"))
	t.Chdir(dir)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"corpus", "add", "--data", " ", text}, "--data needs a value, not a blank one"},
		{[]string{"corpus", "add", "--data=\t", text}, "--data needs a value, not a blank one"},
		{[]string{"corpus", "list", "--data", "  "}, "--data needs a value, not a blank one"},
		{[]string{"corpus", "add", "--data", data, "--title", " ", text}, "--title needs a value, not a blank one"},
		{[]string{"corpus", "add", "--data", data, "--id", " ", text}, "--id needs a value, not a blank one"},
		{[]string{"eval", "--questions", " "}, "--questions needs a value, not a blank one"},
		{[]string{"eval", "--data", " ", "--questions", text}, "--data needs a value, not a blank one"},
		{[]string{"eval", "--corpus", " ", "--questions", text}, "--corpus needs a value, not a blank one"},
	}
	for _, tt := range tests {
		r := runArgs(t, "", tt.args...)
		var u usageError
		if !errors.As(r.err, &u) || r.err.Error() != tt.want {
			t.Errorf("%q: %v, want the usage mistake %q", tt.args, r.err, tt.want)
		}
	}
	for _, d := range []string{data, filepath.Join(dir, " "), filepath.Join(dir, "\t"), filepath.Join(dir, "  ")} {
		if _, err := os.Stat(d); d != data && err == nil {
			t.Errorf("%q was created", d)
		}
	}
	if libraryExists(data) {
		t.Errorf("a library was created in %s", data)
	}
}

func writeQuestions(t *testing.T, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "questions.jsonl")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var evalQuestions = []string{
	`{"id":"q1","question":"What is governance?","expect_any":["A contested concept"]}`,
	`{"id":"q2","question":"Is the security sector subject to special rules?","expect_any":["subject to the same rules","normal rules apply"]}`,
	`{"id":"q3","question":"What is the recipe for chocolate cake?","unanswerable":true}`,
}

func TestEvalText(t *testing.T) {
	qs := writeQuestions(t, evalQuestions...)
	r := runArgs(t, "", "eval", "--questions", qs)
	if r.err != nil {
		t.Fatalf("run: %v\nstderr: %s", r.err, r.stderr)
	}
	for _, want := range []string{qs, "recall@1", "recall@5", "MRR@10", "hybrid", "1 of 1"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output does not contain %q:\n%s", want, r.stdout)
		}
	}
}

// TestEvalUnanswerableAnswered checks how eval reports a question the set calls unanswerable
// that was answered: as answered, not as a passage missing from the top 10.
func TestEvalUnanswerableAnswered(t *testing.T) {
	qs := writeQuestions(t, `{"id":"u1","question":"What is governance?","unanswerable":true}`)
	r := runArgs(t, "", "eval", "--questions", qs)
	if r.err != nil {
		t.Fatalf("run: %v\nstderr: %s", r.err, r.stderr)
	}
	if !strings.Contains(r.stdout, "u1 (answered, though the set says the corpus cannot answer it") || strings.Contains(r.stdout, "not in top 10") {
		t.Errorf("output:\n%s", r.stdout)
	}
}

// TestEvalNoMisses checks that a set with no miss says so, rather than heading an empty list.
func TestEvalNoMisses(t *testing.T) {
	qs := writeQuestions(t, `{"id":"d1","question":"What is the security sector?","expect_any":["consists of all those institutions"]}`)
	r := runArgs(t, "", "eval", "--questions", qs)
	if r.err != nil {
		t.Fatalf("run: %v\nstderr: %s", r.err, r.stderr)
	}
	if !strings.Contains(r.stdout, "no misses (hybrid)") || strings.Contains(r.stdout, "misses (hybrid):") {
		t.Errorf("output:\n%s", r.stdout)
	}
}

// TestEvalUTF16Set checks that a question set saved in UTF-16 with a byte-order mark, little
// or big endian, is read as the text it is, as questions on standard input are: it was refused
// as binary content (a NUL byte).
func TestEvalUTF16Set(t *testing.T) {
	line := `{"id":"d1","question":"What is the security sector?","expect_any":["consists of all those institutions"]}` + "\n"
	for name, order := range map[string]binary.ByteOrder{"le": binary.LittleEndian, "be": binary.BigEndian} {
		units := utf16.Encode([]rune("\uFEFF" + line))
		data := make([]byte, 2*len(units))
		for i, u := range units {
			order.PutUint16(data[2*i:], u)
		}
		qs := filepath.Join(t.TempDir(), "set-"+name+".jsonl")
		if err := os.WriteFile(qs, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r := runArgs(t, "", "eval", "--questions", qs)
		if r.err != nil || !strings.Contains(r.stdout, "no misses (hybrid)") {
			t.Errorf("%s: %v\nstdout: %s\nstderr: %s", name, r.err, r.stdout, r.stderr)
		}
	}
}

func TestEvalJSON(t *testing.T) {
	qs := writeQuestions(t, evalQuestions...)
	tests := []struct {
		name  string
		args  []string
		modes []string
	}{
		{"default mode", []string{"eval", "--json", "--questions", qs}, []string{"hybrid"}},
		{"--all", []string{"eval", "--json", "--all", "--questions", qs}, []string{"bm25", "vector", "rrf", "hybrid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runArgs(t, "", tt.args...)
			if r.err != nil {
				t.Fatalf("run: %v\nstderr: %s", r.err, r.stderr)
			}
			var sets []struct {
				File    string
				Reports []struct {
					Mode         string  `json:"mode"`
					Answerable   int     `json:"answerable"`
					Unanswerable int     `json:"unanswerable"`
					RecallAt1    float64 `json:"recall_at_1"`
					RecallAt5    float64 `json:"recall_at_5"`
					RefusedRight int     `json:"refused_right"`
				}
			}
			if err := json.Unmarshal([]byte(r.stdout), &sets); err != nil {
				t.Fatalf("%v: %s", err, r.stdout)
			}
			if len(sets) != 1 || sets[0].File != qs {
				t.Fatalf("got %+v, want one set for %s", sets, qs)
			}
			var modes []string
			for _, rep := range sets[0].Reports {
				modes = append(modes, rep.Mode)
				if rep.Answerable != 2 || rep.Unanswerable != 1 {
					t.Errorf("%s: %d answerable, %d unanswerable; want 2, 1", rep.Mode, rep.Answerable, rep.Unanswerable)
				}
				if rep.RecallAt1 < 0 || rep.RecallAt1 > rep.RecallAt5 || rep.RecallAt5 > 1 {
					t.Errorf("%s: recall@1 %v, recall@5 %v out of order or range", rep.Mode, rep.RecallAt1, rep.RecallAt5)
				}
			}
			if !reflect.DeepEqual(modes, tt.modes) {
				t.Errorf("modes = %q, want %q", modes, tt.modes)
			}
		})
	}
}

func TestEvalBadQuestions(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		// want are what the error must say, each after the file's path; none holds "\n" but
		// the first, and every line of the error is one of them.
		want []string
	}{
		{"bad JSON on line 2", []string{evalQuestions[0], `{"id":"q2","question": oops}`, evalQuestions[2]}, []string{":2: not a JSON object: invalid JSON at column 24"}},
		{"no question on line 3", []string{evalQuestions[0], evalQuestions[1], `{"id":"q3"}`}, []string{":3: no question"}},
		{"answerable with no expect_any on line 1", []string{`{"id":"q1","question":"What?"}`}, []string{`:1: question "q1" has no expect_any and is not unanswerable`}},
		{"no questions", []string{"", "  "}, []string{": no questions"}},
		{"question over bot.MaxQuestionRunes on line 2", []string{evalQuestions[0], `{"id":"q2","question":"` + strings.Repeat("é", bot.MaxQuestionRunes+1) + `","unanswerable":true}`},
			[]string{`:2: question "q2" is 1001 characters long: at most 1000`}},
		{"every bad line", []string{"oops", evalQuestions[0], `[1, 2]`, `{"id":"q1","question":"again","expect_any":["x"]}`, `{"id":"q5","question":5}`},
			[]string{": 4 bad lines:\n", ":1: not a JSON object: invalid JSON at column 1", ":3: not a JSON object", `:4: id "q1" already used on line 2`, ":5: question should be a string, not a number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs := writeQuestions(t, tt.lines...)
			r := runArgs(t, "", "eval", "--questions", qs)
			if r.err == nil {
				t.Fatalf("run succeeded, want an error; stdout:\n%s", r.stdout)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.err.Error(), qs+w) {
					t.Errorf("error %q does not say %s%s", r.err, qs, w)
				}
			}
			if got, want := strings.Count(r.err.Error(), "\n")+1, len(tt.want); got != want {
				t.Errorf("error of %d lines, want %d: %q", got, want, r.err)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
		})
	}
	// Many bad lines: the first 20 are listed, and how many there are.
	var lines []string
	for range 25 {
		lines = append(lines, "oops")
	}
	qs := writeQuestions(t, lines...)
	r := runArgs(t, "", "eval", "--questions", qs)
	if r.err == nil || !strings.Contains(r.err.Error(), qs+": 25 bad lines, the first 20:\n") ||
		!strings.Contains(r.err.Error(), qs+":20: ") || strings.Contains(r.err.Error(), qs+":21: ") {
		t.Errorf("25 bad lines: %v", r.err)
	}
}

func TestEvalMissingQuestionsFile(t *testing.T) {
	qs := filepath.Join(t.TempDir(), "missing.jsonl")
	r := runArgs(t, "", "eval", "--questions", qs)
	if !errors.Is(r.err, os.ErrNotExist) || !strings.Contains(r.err.Error(), qs) {
		t.Errorf("err = %v, want a not-exist error naming %s", r.err, qs)
	}
}

func TestAskSharedCorpus(t *testing.T) {
	dir := filepath.Join(shared, "public")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared corpus not available: %v", err)
	}
	r := runArgs(t, "", "ask", "--json", "--corpus", dir, "What is the recipe for chocolate cake?")
	if r.err != nil {
		t.Fatalf("run: %v\nstderr: %s", r.err, r.stderr)
	}
	answers := decodeAnswers(t, r.stdout)
	if len(answers) != 1 || answers[0].Answered || len(answers[0].Quotes) != 0 {
		t.Errorf("answers = %+v, want one refusal", answers)
	}
}

func TestDoubleDashEndsFlags(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"ask", "--json", "--", "What is", "-k", "0", "governance?"}, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v (stderr %s)", err, stderr.String())
	}
	var got struct{ Question string }
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Question != "What is -k 0 governance?" {
		t.Errorf("question = %q, want the words after -- taken as they are", got.Question)
	}
}

func TestStdinSkipsOverlongQuestion(t *testing.T) {
	var stdout, stderr bytes.Buffer
	in := "What is governance?\n" + strings.Repeat("x", maxQuestion+10) + "\nWhat is the security sector?\n"
	err := run(context.Background(), []string{"ask", "--json"}, func(string) string { return "" }, strings.NewReader(in), &stdout, &stderr)
	if err == nil {
		t.Error("a skipped question gave no error")
	}
	if answers := decodeAnswers(t, stdout.String()); len(answers) != 3 || answers[1].Answered || !strings.Contains(answers[1].Answer, "too long") {
		t.Errorf("%d answers, want 3: the questions around the long line answered, the long line's object saying it is too long", len(answers))
	}
	if !strings.Contains(stderr.String(), "line 2") {
		t.Errorf("stderr %q does not name line 2", stderr.String())
	}
}

// TestStdinLineEndings checks that a question on standard input ends at LF, at CRLF and at a
// CR alone (old Mac OS line endings): three questions, three answers, none merged.
func TestStdinLineEndings(t *testing.T) {
	for _, in := range []string{
		"What is governance?\rWhat is the security sector?\rWho owns the army?\r",
		"What is governance?\r\nWhat is the security sector?\rWho owns the army?",
		"What is governance?\nWhat is the security sector?\r\nWho owns the army?\n",
	} {
		r := runArgs(t, in, "ask", "--json")
		if r.err != nil {
			t.Fatalf("%q: %v\nstderr: %s", in, r.err, r.stderr)
		}
		var got []string
		for _, a := range decodeAnswers(t, r.stdout) {
			got = append(got, a.Question)
		}
		want := []string{"What is governance?", "What is the security sector?", "Who owns the army?"}
		if !slices.Equal(got, want) {
			t.Errorf("%q: questions %q, want %q", in, got, want)
		}
	}
}

// TestOverlongQuestion checks that a question over bot.MaxQuestionRunes characters is refused
// with an error saying so, as an argument (exit 1) and as a line of standard input (skipped,
// the others answered).
func TestOverlongQuestion(t *testing.T) {
	long := strings.Repeat("zq ", bot.MaxQuestionRunes/3+10)
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"ask", long}, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
	if !errors.Is(err, bot.ErrQuestionTooLong) || stdout.Len() > 0 {
		t.Errorf("error %v, output %q; want ErrQuestionTooLong and no answer", err, stdout.String())
	}
	stdout.Reset()
	stderr.Reset()
	in := "What is governance?\n" + long + "\n<@123> What is the security sector?\n"
	err = run(context.Background(), []string{"ask", "--json"}, func(string) string { return "" }, strings.NewReader(in), &stdout, &stderr)
	if err == nil {
		t.Error("a skipped question gave no error")
	}
	answers := decodeAnswers(t, stdout.String())
	if len(answers) != 3 || !answers[0].Answered || answers[1].Answered || len(answers[1].Quotes) != 0 || !answers[2].Answered ||
		!strings.Contains(answers[1].Answer, "too long") || !strings.HasSuffix(answers[1].Question, "…") {
		t.Errorf("answers %+v; want 3, one per question, the long one not answered and saying it is too long", answers)
	}
	stdout.Reset()
	err = run(context.Background(), []string{"ask", "--json", long}, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
	if answers := decodeAnswers(t, stdout.String()); !errors.Is(err, bot.ErrQuestionTooLong) || len(answers) != 1 || answers[0].Answered {
		t.Errorf("error %v, %d answers; want ErrQuestionTooLong and one object not answered", err, len(answers))
	}
	if !strings.Contains(stderr.String(), "line 2: question over 1000 characters") {
		t.Errorf("stderr %q does not say line 2 is too long", stderr.String())
	}
}

func TestQuestionHeadersAreSafe(t *testing.T) {
	var stdout, stderr bytes.Buffer
	in := "What is \x1b[31mgovernance?\nWhat is the recipe for cake?\n"
	if err := run(context.Background(), []string{"ask"}, func(string) string { return "" }, strings.NewReader(in), &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	out := stdout.String()
	if strings.ContainsRune(out, '\x1b') {
		t.Errorf("output carries a terminal escape: %q", out)
	}
	if strings.Count(out, "Q: ") != 2 {
		t.Errorf("want each answer headed by its question:\n%s", out)
	}
}

func TestAskWithChatModel(t *testing.T) {
	const def = "all those institutions whose primary role is the provision of internal and external security"
	for _, tt := range []struct {
		name   string
		status int
		reply  string
		want   []string
	}{
		{"verified quote", 200, `It is "` + def + `" [1].`, []string{"“" + def + "” [1]", "written by test-model", "\n[1] — Governance and the Security Sector"}},
		// A citation of the third passage given is [1] when it is the first cited: the
		// source lines under the answer number the passages in the order it cites them.
		{"citations renumbered", 200, `Some say "There's a political struggle to control the security sector" [3].`, []string{
			"“There's a political struggle to control the security sector” [1]", "\n[1] — Governance and the Security Sector, David Chuter · The complicated answer"}},
		{"invented quote caught", 200, `It is "whatever the minister decides" [1].`, []string{
			"(the language model could not answer: its answer quoted nothing found in the passages; this is the extractive answer)",
			"The security sector consists of"}},
		{"endpoint down", 503, "", []string{
			"(the language model could not answer: chat model test-model at URL/v1: the endpoint answered HTTP 503: not a JSON reply: <html>down</html>; this is the extractive answer)",
			"The security sector consists of"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.status != 200 {
					w.Header().Set("Retry-After", "0")
					http.Error(w, "<html>down</html>", tt.status)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				json.NewEncoder(w).Encode(map[string]any{"choices": []map[string]any{{"index": 0, "message": map[string]string{"role": "assistant", "content": tt.reply}}}})
			}))
			defer srv.Close()
			env := map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1", "OPENAI_API_KEY": "k", "DOCTRINEBOT_CHAT_MODEL": "test-model"}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), []string{"ask", "What is the security sector?"}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
			if err != nil {
				t.Fatalf("run: %v (%s)", err, stderr.String())
			}
			for _, w := range tt.want {
				if w = strings.ReplaceAll(w, "URL", srv.URL); !strings.Contains(stdout.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, stdout.String())
				}
			}
		})
	}
}

// TestAskChatModelUnreachable checks that a chat model that cannot be reached says why: the
// answer's note names the endpoint's error, -v logs it in one line, and with --json (no note)
// it is logged without -v; the extractive answer is still given, exit status 0.
func TestAskChatModelUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/v1"
	srv.Close() // nothing listens there now
	env := map[string]string{"OPENAI_BASE_URL": url, "OPENAI_API_KEY": "k", "DOCTRINEBOT_CHAT_MODEL": "llama", "DOCTRINEBOT_LLM_TIMEOUT": "30s"}
	reason := "chat model llama at " + url + ": cannot connect: connection refused"
	for _, tt := range []struct {
		name       string
		args       []string
		stdout     string // what stdout holds
		stderrLine bool   // whether stderr holds one line with the reason
	}{
		{"plain", []string{"ask", "What is the security sector?"}, "(the language model could not answer: " + reason + "; this is the extractive answer)", false},
		{"plain -v", []string{"ask", "-v", "What is the security sector?"}, "(the language model could not answer: " + reason + "; this is the extractive answer)", true},
		{"json", []string{"ask", "--json", "What is the security sector?"}, `"answered":true`, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each waits for the retries, about 3.5 s
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
			if err != nil {
				t.Fatalf("run: %v (%s)", err, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stdout.String(), "The security sector consists of") {
				t.Errorf("stdout lacks %q and the extractive answer:\n%s", tt.stdout, stdout.String())
			}
			var lines []string
			for _, l := range strings.Split(stderr.String(), "\n") {
				if strings.Contains(l, "could not answer") {
					lines = append(lines, l)
				}
			}
			if got := len(lines) == 1 && strings.Contains(lines[0], `reason="`+reason+`"`); got != tt.stderrLine {
				t.Errorf("stderr has the reason in one line: %v, want %v:\n%s", got, tt.stderrLine, stderr.String())
			}
		})
	}
}

// TestModelNeedsKey checks that a model configured with neither OPENAI_BASE_URL nor
// OPENAI_API_KEY, so asked of OpenAI's endpoint without a key, which cannot work, fails at
// once (exit status 1) saying so, before any request; and that a base URL needs no key.
func TestModelNeedsKey(t *testing.T) {
	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"ask, chat model", nil, []string{"ask", "--chat-model", "gpt-4o-mini", "What is governance?"}, "chat model gpt-4o-mini needs OPENAI_API_KEY: with no OPENAI_BASE_URL"},
		{"ask, embedding model", map[string]string{"DOCTRINEBOT_EMBED_MODEL": "e"}, []string{"ask", "What is governance?"}, "embedding model e needs OPENAI_API_KEY"},
		{"serve", map[string]string{"DISCORD_TOKEN": "t", "DOCTRINEBOT_CHAT_MODEL": "m"}, []string{"serve"}, "chat model m needs OPENAI_API_KEY"},
		{"quiz generate --llm", map[string]string{"DOCTRINEBOT_CHAT_MODEL": "m"}, []string{"quiz", "generate", "--llm"}, "chat model m needs OPENAI_API_KEY"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"DOCTRINEBOT_DATA": t.TempDir()}
			for k, v := range tt.env {
				env[k] = v
			}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %v, want one line containing %q", err, tt.want)
			}
			if got := exitStatus(err, io.Discard); got != 1 {
				t.Errorf("exit status %d, want 1", got)
			}
		})
	}
	// A base URL (a local server) and no key: asked, and answered.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"choices": []map[string]any{{"index": 0, "message": map[string]string{"role": "assistant",
			"content": `It is "all those institutions whose primary role is the provision of internal and external security" [1].`}}}})
	}))
	defer srv.Close()
	env := map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1", "DOCTRINEBOT_CHAT_MODEL": "local"}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"ask", "What is the security sector?"}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	if err != nil || !strings.Contains(stdout.String(), "written by local") {
		t.Errorf("a local server with no key: %v\n%s%s", err, stdout.String(), stderr.String())
	}
}

// TestInterruptWhileReadingStdin starts the command as a child process (the test binary in
// child mode, running as main does), waits until it waits for a line on standard input (a
// pipe kept open), sends SIGINT and expects exit status 130.
func TestInterruptWhileReadingStdin(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		stdin string // written first, the pipe then kept open
		ready string // on stdout once the child waits for the next line
		want  string // on stdout at the end
	}{
		{"ask", []string{"ask", "--json"}, "What is governance?\n", "\n", `"question":"What is governance?"`},
		{"quiz", []string{"quiz", "--data", t.TempDir(), "-n", "2", "--seed", "7"}, "", "Your answer (", "Interrupted. Score so far: 0 of 0."},
	}
	const bound = 2 * time.Minute // generous: a bound against hanging, not a timing
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), childEnv+"="+strings.Join(tt.args, "\x1f"))
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Read stdout to its end, telling when the child is ready.
			var out bytes.Buffer
			ready, eof := make(chan struct{}), make(chan struct{})
			go func() {
				defer close(eof)
				buf := make([]byte, 4096)
				for seen := false; ; {
					n, err := stdout.Read(buf)
					out.Write(buf[:n])
					if !seen && strings.Contains(out.String(), tt.ready) {
						seen = true
						close(ready)
					}
					if err != nil {
						return
					}
				}
			}()
			if _, err := io.WriteString(stdin, tt.stdin); err != nil {
				t.Fatal(err)
			}
			select {
			case <-ready:
			case <-eof:
				cmd.Wait()
				t.Fatalf("the child ended before waiting for input:\n%s\n%s", out.String(), stderr.String())
			case <-time.After(bound):
				cmd.Process.Kill()
				<-eof
				cmd.Wait()
				t.Fatalf("the child never waited for input:\n%s\n%s", out.String(), stderr.String())
			}
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
			select {
			case <-eof:
			case <-time.After(bound):
				cmd.Process.Kill()
				<-eof
				cmd.Wait()
				t.Fatalf("SIGINT did not end the child waiting on standard input:\n%s\n%s", out.String(), stderr.String())
			}
			cmd.Wait()
			if got := cmd.ProcessState.ExitCode(); got != 130 {
				t.Errorf("exit status %d, want 130\nstderr: %s", got, stderr.String())
			}
			if !strings.Contains(out.String(), tt.want) {
				t.Errorf("stdout lacks %q:\n%s", tt.want, out.String())
			}
		})
	}
}

// TestEmbeddingEndpointError checks that an embedding endpoint that fails is reported in one
// line naming the model, the endpoint and the cause, with no prefix repeated.
func TestEmbeddingEndpointError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"error":{"message":"model \"foo\" not found","type":"invalid_request_error"}}`))
	}))
	defer srv.Close()
	env := map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1", "DOCTRINEBOT_EMBED_MODEL": "foo"}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"ask", "What is governance?"}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	want := "embedding model foo at " + srv.URL + `/v1: the endpoint answered HTTP 404: model "foo" not found`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	if got := exitStatus(err, io.Discard); got != 1 {
		t.Errorf("exit status %d, want 1", got)
	}
}

// TestInputFileErrors checks that a quiz bank or a question set that is missing or a folder
// is reported naming the command, the file, what is wrong and what was expected, without the
// "corpus: " of the reading underneath.
func TestInputFileErrors(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	missing := filepath.Join(dir, "missing.yaml")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"quiz", "import", "--data", data, missing}, "quiz import: " + missing + ": no such file or directory; want a YAML quiz bank file"},
		{[]string{"quiz", "import", "--data", data, dir}, "quiz import: " + dir + ": not a regular file (a folder); want a YAML quiz bank file"},
		{[]string{"eval", "--questions", missing}, "eval --questions: " + missing + ": no such file or directory; want a question set file in JSON Lines"},
		{[]string{"eval", "--questions", dir}, "eval --questions: " + dir + ": not a regular file (a folder); want a question set file in JSON Lines"},
	} {
		r := runArgs(t, "", tt.args...)
		if r.err == nil || r.err.Error() != tt.want || exitStatus(r.err, io.Discard) != 1 {
			t.Errorf("%q: %v, want %q", tt.args, r.err, tt.want)
		}
	}
	if !errors.Is(runArgs(t, "", "eval", "--questions", missing).err, os.ErrNotExist) {
		t.Error("the error of a missing file does not wrap os.ErrNotExist")
	}
	if !errors.Is(runArgs(t, "", "eval", "--questions", dir).err, corpus.ErrNotRegular) {
		t.Error("the error of a folder does not wrap corpus.ErrNotRegular")
	}
}

// TestUserMessage checks that an error line drops the package prefixes of this project's
// errors, at the start and after a wrapping error's ": ", and keeps the rest.
func TestUserMessage(t *testing.T) {
	for in, want := range map[string]string{
		"bot: question too long: 1999 characters, at most 1000": "question too long: 1999 characters, at most 1000",
		"bot: q.jsonl:1: no question":                           "q.jsonl:1: no question",
		"eval --questions: corpus: q.jsonl: no such file":       "eval --questions: q.jsonl: no such file",
		"library: no such document":                             "no such document",
		"open x; library: damaged":                              "open x; damaged",
		"a robot: unchanged":                                    "a robot: unchanged",
	} {
		if got := userMessage(errors.New(in)); got != want {
			t.Errorf("userMessage(%q) = %q, want %q", in, got, want)
		}
	}
}

// wantUsageMistake runs the command line args with the environment getenv and checks that it
// fails with the usage mistake want (a usageError, exit status 2); it returns what the command
// wrote on standard output and standard error.
func wantUsageMistake(t *testing.T, args []string, getenv func(string) string, want string) (stdout, stderr *bytes.Buffer) {
	t.Helper()
	stdout, stderr = new(bytes.Buffer), new(bytes.Buffer)
	err := run(context.Background(), args, getenv, strings.NewReader(""), stdout, stderr)
	var u usageError
	if !errors.As(err, &u) || err.Error() != want || exitStatus(err, io.Discard) != 2 {
		t.Errorf("%q: %v, want the usage mistake %q", args, err, want)
	}
	return stdout, stderr
}

// progressLine matches a line of indexing progress on standard error (see ask's progress).
var progressLine = regexp.MustCompile(`(?m)^indexing: \d+/\d+ passages?\n`)

// TestVersion checks that version (and --version) names the build and the built-in models,
// and that an argument after it is a usage mistake.
func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		r := runArgs(t, "", arg)
		if r.err != nil {
			t.Fatalf("%s: %v", arg, r.err)
		}
		for _, want := range []string{"doctrinebot ", "\nbuild ", "\ngo1.", "embedding model glove-6b-100d-50k-int8+sif-logtf (100 dimensions, 50000 words)", "lexicon WordNet 3.0"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%s: output lacks %q:\n%s", arg, want, r.stdout)
			}
		}
	}
	var u usageError
	if r := runArgs(t, "", "version", "x"); !errors.As(r.err, &u) {
		t.Errorf("version x: %v, want a usage mistake", r.err)
	}
	// Its help, as every command's.
	for _, args := range [][]string{{"help", "version"}, {"version", "-h"}} {
		if r := runArgs(t, "", args...); r.err != nil || !strings.Contains(r.stdout, "doctrinebot version") || !strings.Contains(r.stdout, "no flags") {
			t.Errorf("%q: %v %q, want the version command's usage", args, r.err, r.stdout)
		}
	}
}

// TestAskReadsUTF16Stdin checks that questions piped in UTF-16 with a byte-order mark, or in
// UTF-8 with one, are read as the questions they are, not as their bytes.
func TestAskReadsUTF16Stdin(t *testing.T) {
	utf16le := func(s string) string {
		b := []byte{0xFF, 0xFE}
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		return string(b)
	}
	for name, in := range map[string]string{
		"UTF-16LE": utf16le("What is governance?\n"),
		"UTF-8":    "\xef\xbb\xbfWhat is governance?\n",
	} {
		r := runArgs(t, in, "ask", "--json", "--data", t.TempDir())
		if r.err != nil || !strings.HasPrefix(r.stdout, `{"question":"What is governance?","answered":true`) {
			t.Errorf("%s: %v %.120q", name, r.err, r.stdout)
		}
	}
}

// TestAskSeveralQuestions checks that a message asking two questions prints an answer to each,
// headed by its question, and with --json one object each.
func TestAskSeveralQuestions(t *testing.T) {
	const message = "What is the security sector? What are the two objectives of the sector?"
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"ask", message}, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v (stderr %s)", err, stderr.String())
	}
	if out := stdout.String(); !strings.HasPrefix(out, "Q: What is the security sector?\n") || !strings.Contains(out, "\n\nQ: What are the two objectives of the sector?\n") {
		t.Errorf("want each answer headed by its question:\n%s", out)
	}
	stdout.Reset()
	if err := run(context.Background(), []string{"ask", "--json", message}, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v (stderr %s)", err, stderr.String())
	}
	answers := decodeAnswers(t, stdout.String())
	if len(answers) != 2 || answers[1].Question != "What are the two objectives of the sector?" || !answers[0].Answered || !answers[1].Answered {
		t.Errorf("answers %+v; want two, one per question, both answered", answers)
	}
	// Past bot.MaxQuestionsPerMessage the questions left are not dropped silently.
	const seven = "What is the security sector? What is governance? What are the two objectives? What is the security hierarchy? Who commands the police? What is civil society? What is a ministry?"
	stdout.Reset()
	if err := run(context.Background(), []string{"ask", seven}, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v (stderr %s)", err, stderr.String())
	}
	if out := stdout.String(); strings.Count(out, "Q: ") != bot.MaxQuestionsPerMessage || !strings.HasSuffix(out, "\n("+bot.UnansweredNote(2)+")\n") {
		t.Errorf("want %d answers and a note of the 2 left:\n%s", bot.MaxQuestionsPerMessage, out)
	}
	stdout.Reset()
	stderr.Reset()
	if err := run(context.Background(), []string{"ask", "--json", seven}, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v (stderr %s)", err, stderr.String())
	}
	if n := len(decodeAnswers(t, stdout.String())); n != bot.MaxQuestionsPerMessage || !strings.Contains(stderr.String(), "2 more questions") {
		t.Errorf("--json: %d objects, stderr %q; want %d and a warning of the 2 left", n, stderr.String(), bot.MaxQuestionsPerMessage)
	}
}

// TestAskQuestionEncoding checks that a question that is not UTF-8 text is an error naming
// the argument or the line of standard input, not a question answered or refused as if
// someone had asked it: invalid UTF-8 read as U+FFFD made "What is gov\xffernance?" a
// question the corpus did not cover, UTF-16 without a byte-order mark read as "W h a t …" got
// the reply to a message with no question, and a UTF-8 line behind a UTF-16 byte-order mark
// read as Chinese was asked to be put in English. The other lines of standard input are
// answered.
func TestAskQuestionEncoding(t *testing.T) {
	r := runArgs(t, "", "ask", "What is gov\xffernance?")
	if r.err == nil || !strings.Contains(r.err.Error(), "the question argument is not valid UTF-8 (byte offset 11)") || r.stdout != "" {
		t.Errorf("invalid UTF-8 argument: err %v, stdout %q", r.err, r.stdout)
	}
	for _, c := range []struct{ name, stdin, want string }{
		{"invalid UTF-8", "What is governance?\nbad \xff line\nWhat is the security sector?\n", "standard input line 2 is not valid UTF-8 (byte offset 4), skipped"},
		{"UTF-16 without a byte-order mark", "What is governance?\nW\x00h\x00y\x00?\x00\nWhat is the security sector?\n", "standard input line 2 holds a NUL byte at byte offset 1"},
	} {
		r := runArgs(t, c.stdin, "ask")
		if r.err == nil || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%s: err %v, stderr %q; want an error with %q", c.name, r.err, r.stderr, c.want)
		}
		if !strings.Contains(r.stdout, "Q: What is governance?") || !strings.Contains(r.stdout, "Q: What is the security sector?") || strings.Count(r.stdout, "Q: ") != 2 {
			t.Errorf("%s: the other lines were not answered alone:\n%s", c.name, r.stdout)
		}
	}
	r = runArgs(t, "\xff\xfeWhat is governance\n", "ask")
	if r.err == nil || !strings.Contains(r.stderr, "standard input line 1 holds bytes that are not text in its encoding") || strings.Contains(r.stdout, "English") {
		t.Errorf("UTF-8 behind a UTF-16 byte-order mark: err %v, stderr %q, stdout %q", r.err, r.stderr, r.stdout)
	}
}

// TestWriteErrorFails: a command whose standard output cannot be written (a full disk, here
// /dev/full) exits 1 naming the write's error, where ask, corpus list and gaps exited 0 with
// their output lost.
func TestWriteErrorFails(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full:", err)
	}
	defer full.Close()
	for _, args := range [][]string{{"ask", "What is the security sector?"}, {"corpus", "list", "--data", t.TempDir()}, {"gaps", "--data", t.TempDir()}} {
		var stderr bytes.Buffer
		if code := runMain(args, func(string) string { return "" }, strings.NewReader(""), full, &stderr); code != 1 ||
			!strings.Contains(stderr.String(), "write standard output: ") || !strings.Contains(stderr.String(), "no space left on device") {
			t.Errorf("%v to /dev/full: exit %d, stderr %q; want 1 and the write's error", args, code, stderr.String())
		}
	}
}

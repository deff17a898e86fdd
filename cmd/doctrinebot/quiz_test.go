package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/library"
	"github.com/doctrinebot/doctrinebot/quiz"
)

// TestQuizGenerateModelFails checks quiz generate --llm against an endpoint that fails: when
// every request fails, the items made without the model are stored and the exit status is 1
// with one line naming the last error (after three failed requests, none succeeding, no more
// are sent); when some succeed, the exit status is 0.
func TestQuizGenerateModelFails(t *testing.T) {
	// The built-in lecture's passages, and the items made from them without a model.
	passages := int64(len(corpus.Builtin()[0].Passages))
	items := fmt.Sprint(len(quiz.Generate(corpus.Builtin(), quiz.GenerateOptions{})))
	const item = `{"items": [{"type": "truefalse", "statement": "The security forces must be effective in what they do.", "answer": true,
		"quote": "The security forces must be effective in what they do."}]}`
	for _, tt := range []struct {
		name     string
		succeed  int64  // how many requests succeed, the first ones
		fail     string // the reply to the others: "401", or a reply with no JSON
		requests int64  // how many requests the endpoint must get
		err      string
	}{
		{"every request fails", 0, "401", 3, "the chat model wrote no item, failing on the first 3 passages, after which no more were asked: chat model m at URL/v1: the endpoint answered HTTP 401: bad key; the ITEMS items made without it are stored"},
		{"every reply unreadable", 0, "Sorry, no.", passages, "the chat model wrote no item, failing on all PASSAGES passages: quiz: the model's reply holds no JSON object; the ITEMS items made without it are stored"},
		{"the first succeeds", 1, "401", passages, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var requests atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				content := item
				if requests.Add(1) > tt.succeed {
					if tt.fail == "401" {
						w.WriteHeader(http.StatusUnauthorized)
						w.Write([]byte(`{"error":{"message":"bad key","type":"invalid_request_error"}}`))
						return
					}
					content = tt.fail
				}
				json.NewEncoder(w).Encode(map[string]any{"choices": []map[string]any{{"index": 0, "message": map[string]string{"role": "assistant", "content": content}}}})
			}))
			defer srv.Close()
			data := t.TempDir()
			env := map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1", "OPENAI_API_KEY": "k", "DOCTRINEBOT_CHAT_MODEL": "m"}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), []string{"quiz", "generate", "--llm", "--data", data}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
			want := strings.NewReplacer("URL", srv.URL, "ITEMS", items, "PASSAGES", fmt.Sprint(passages)).Replace(tt.err)
			if want == "" && err != nil || want != "" && (err == nil || err.Error() != want) {
				t.Errorf("error %v, want %q", err, want)
			}
			if got, want := exitStatus(err, io.Discard), map[bool]int{true: 0, false: 1}[want == ""]; got != want {
				t.Errorf("exit status %d, want %d", got, want)
			}
			if got := requests.Load(); got != tt.requests {
				t.Errorf("%d requests, want %d", got, tt.requests)
			}
			if n := strings.Count(stderr.String(), "doctrinebot: passage "); int64(n) != tt.requests-tt.succeed {
				t.Errorf("stderr names %d failed passages, want %d:\n%s", n, tt.requests-tt.succeed, stderr.String())
			}
			// The items made without the model are stored either way.
			r := runArgs(t, "", "quiz", "list", "--data", data)
			if !strings.Contains(stdout.String(), items+" new, pending review") || !strings.Contains(r.stdout, "generated") {
				t.Errorf("generate printed %q; list:\n%s", stdout.String(), r.stdout)
			}
		})
	}
}

// TestQuizTerminalFromFiles checks that a quiz from --corpus says its items are made from the
// files given, not that it found no approved item (it looked in no bank).
func TestQuizTerminalFromFiles(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "drill.md")
	writeFile(t, notes, "# Drill\n\nThe sentry must report to the duty officer every hour.\n\nThe guard consists of six soldiers and one corporal.\n")
	r := runArgs(t, "", "quiz", "--corpus", notes, "-n", "1", "--seed", "1", "--data", t.TempDir())
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "Asking items made now from the files given (--corpus)") || strings.Contains(r.stdout, "No approved quiz items") {
		t.Errorf("output:\n%s", r.stdout)
	}
}

// TestQuizTerminal runs a quiz from generated items (with this seed, three true/false
// statements) with piped answers: a bad line re-prompts (A and B among them, for true/false),
// each question shows the source, and the score ends it.
func TestQuizTerminal(t *testing.T) {
	data := t.TempDir()
	r := runArgs(t, "B\nnonsense\nA\nT\nfalse\nTrue\n", "quiz", "--data", data, "-n", "3", "--seed", "7")
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, r.stderr)
	}
	out := r.stdout
	for _, want := range []string{"No approved quiz items", "Question 1 of 3", "Question 3 of 3", "\"nonsense\" is not an answer: answer T or F",
		"\"A\" is not an answer: answer T or F", "\"B\" is not an answer: answer T or F", "— Governance and the Security Sector, David Chuter"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	right := strings.Count(out, "\nRight: ")
	wrong := strings.Count(out, "\nWrong: ")
	if right+wrong != 3 || !regexp.MustCompile(`Score: \d of 3\.\n$`).MatchString(out) || !strings.Contains(out, "Score: "+string(rune('0'+right))) {
		t.Errorf("%d right, %d wrong; output ends %q", right, wrong, out[max(0, len(out)-40):])
	}
	// End of input after the first answer: the score so far. A new library, so that the first
	// question is the same true/false one as above: in the old one the answers just given
	// reorder the questions by their Leitner boxes.
	r = runArgs(t, "T\n", "quiz", "--data", t.TempDir(), "-n", "3", "--seed", "7")
	if r.err != nil || !strings.Contains(r.stdout, "End of input. Score so far: ") || !strings.Contains(r.stdout, " of 1.") {
		t.Errorf("%v\n%s", r.err, r.stdout)
	}
}

func TestQuizBank(t *testing.T) {
	data := t.TempDir()
	bank := filepath.Join(t.TempDir(), "bank.yaml")
	os.WriteFile(bank, []byte(`items:
  - question: What must the security forces be, in what they do?
    options: [effective, cheap, secret, large]
    answer: A
    source: The security forces must be effective in what they do.
  - question: Broken
    options: [a, b, c]
    answer: A
    source: The security forces must be effective in what they do.
`), 0o644)
	r := runArgs(t, "", "quiz", "import", bank, "--data", data)
	if r.err == nil || !strings.Contains(r.err.Error(), "bank.yaml:7: options: want a list of four, got 3") {
		t.Fatalf("malformed bank: %v", r.err)
	}
	if r := runArgs(t, "", "quiz", "list", "--data", data); !strings.Contains(r.stdout, "0 items\n") && !strings.Contains(r.stdout, "No quiz items") {
		t.Errorf("something was imported: %s", r.stdout)
	}
	// A key given twice: YAML readers keep one, and the bank imported "1 item", the first
	// list dropped and the statement stored false. Now refused, naming the line and the key.
	os.WriteFile(bank, []byte(`items:
  - statement: The security forces must be effective in what they do.
    answer: true
    source: The security forces must be effective in what they do.
items:
  - statement: Security ministries have elected political heads.
    answer: true
    source: Security ministries have elected political heads.
    answer: false
`), 0o644)
	r = runArgs(t, "", "quiz", "import", bank, "--data", data)
	for _, want := range []string{"\n" + bank + `:5: key "items" given twice, first on line 1`, "\n" + bank + `:9: key "answer" given twice, first on line 7`} {
		if r.err == nil || !strings.Contains(r.err.Error(), want) {
			t.Errorf("a bank with keys given twice: %v, want the problem %q", r.err, want)
		}
	}
	if r := runArgs(t, "", "quiz", "list", "--data", data); !strings.Contains(r.stdout, "0 items\n") && !strings.Contains(r.stdout, "No quiz items") {
		t.Errorf("something was imported: %s", r.stdout)
	}
	os.WriteFile(bank, []byte(`items:
  - question: What must the security forces be, in what they do?
    options: [cheap, effective, secret, large]
    answer: B
    source: The security forces must be effective in what they do.
`), 0o644)
	if r := runArgs(t, "", "quiz", "import", bank, "--data", data); r.err != nil {
		t.Fatal(r.err)
	}
	// Approved items are asked; the right one here is B; fewer than asked for are said to be.
	r = runArgs(t, "b\n", "quiz", "--data", data, "-n", "5")
	if r.err != nil || strings.Contains(r.stdout, "No approved") || !strings.HasPrefix(r.stdout, "Only 1 quiz item available (5 asked for).\n") ||
		!strings.Contains(r.stdout, "Right: B) effective") || !strings.HasSuffix(r.stdout, "Score: 1 of 1.\n") {
		t.Errorf("%v\n%s", r.err, r.stdout)
	}
	// A topic no approved item is about: said as such, and none can be generated either.
	r = runArgs(t, "", "quiz", "--data", data, "--topic", "chocolate")
	if r.err == nil || r.err.Error() != "no approved quiz item is about chocolate, and none could be generated from the corpus" {
		t.Errorf("quiz --topic chocolate with an approved item: %v", r.err)
	}
	r = runArgs(t, "", "quiz", "--data", t.TempDir(), "--topic", "chocolate")
	if r.err == nil || r.err.Error() != "no approved quiz items, and none about chocolate could be generated from the corpus" {
		t.Errorf("quiz --topic chocolate with no approved item: %v", r.err)
	}
	// generate, list, approve, reject.
	if r := runArgs(t, "", "quiz", "generate", "--data", data, "--seed", "1"); r.err != nil || !strings.Contains(r.stdout, "pending review") {
		t.Fatalf("%v %s", r.err, r.stdout)
	}
	r = runArgs(t, "", "quiz", "list", "--status", "pending", "--data", data)
	id := strings.Fields(r.stdout)[0]
	if r := runArgs(t, "", "quiz", "reject", id, "--data", data); r.err != nil || r.stdout != id+" rejected\n" {
		t.Errorf("%v %q", r.err, r.stdout)
	}
	if r := runArgs(t, "", "quiz", "list", "--status", "rejected", "--data", data); !strings.HasPrefix(r.stdout, id+"  rejected") {
		t.Errorf("%q", r.stdout)
	}
	// --status all lists what no --status lists, as quiz export's all writes them.
	if all, none := runArgs(t, "", "quiz", "list", "--status", "all", "--data", data), runArgs(t, "", "quiz", "list", "--data", data); all.err != nil || all.stdout != none.stdout || !strings.Contains(all.stdout, "rejected") {
		t.Errorf("quiz list --status all: %v %q; without --status: %q", all.err, all.stdout, none.stdout)
	}
	if r := runArgs(t, "", "quiz", "approve", "nosuchitem00", "--data", data); r.err == nil {
		t.Error("approving an unknown item succeeded")
	}
}

// TestQuizTrueFalse answers an imported true/false item: A, B and words other than true and
// false re-prompt.
func TestQuizTrueFalse(t *testing.T) {
	data := t.TempDir()
	bank := filepath.Join(t.TempDir(), "bank.yaml")
	if err := os.WriteFile(bank, []byte(`items:
  - statement: The security forces must be effective in what they do.
    answer: true
    source: The security forces must be effective in what they do.
`), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runArgs(t, "", "quiz", "import", bank, "--data", data); r.err != nil {
		t.Fatal(r.err)
	}
	r := runArgs(t, "A\nB\nyes\nfalse\n", "quiz", "--data", data, "-n", "1")
	if r.err != nil {
		t.Fatal(r.err)
	}
	// Answers piped in are echoed after the prompt, as a terminal shows them typed.
	for _, want := range []string{"Your answer (T or F): A\n", `"A" is not an answer: answer T or F.`, `"B" is not an answer: answer T or F.`,
		`"yes" is not an answer: answer T or F.`, "Your answer (T or F): false\n", "Wrong: the answer is T) True", "Score: 0 of 1.\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "Only ") {
		t.Errorf("the one item asked for is said to be too few:\n%s", r.stdout)
	}
}

// TestUnknownQuizCommand: a word after quiz that is no subcommand is named as an unknown quiz
// command, with the quiz usage and exit status 2; after a subcommand, it is an argument too
// many, named with the subcommand. A --status that is none is named with the statuses, as
// --mode is (it was "quiz: unknown status"), before any library is looked for.
func TestUnknownQuizCommand(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"quiz", "frob"}, `unknown quiz command "frob" (a quiz in the terminal is doctrinebot quiz [--topic T] [-n N], with no command)`},
		{[]string{"quiz", "--topic", "army", "frob"}, `unknown quiz command "frob" (a quiz in the terminal is doctrinebot quiz [--topic T] [-n N], with no command)`},
		// A command guessed to start the quiz points to the terminal quiz, where it was
		// `unknown quiz command "run"` alone.
		{[]string{"quiz", "run"}, `unknown quiz command "run" (a quiz in the terminal is doctrinebot quiz [--topic T] [-n N], with no command)`},
		{[]string{"quiz", "run", "-n", "3", "--data", t.TempDir()}, `unknown quiz command "run" (a quiz in the terminal is doctrinebot quiz [--topic T] [-n N], with no command)`},
		{[]string{"quiz", "list", "frob"}, `quiz list takes no arguments, got ["frob"]`},
		{[]string{"quiz", "list", "--status", "bogus", "--data", t.TempDir()}, `unknown --status "bogus": want pending, approved, rejected or all`},
		{[]string{"quiz", "list", "--status=Approved!"}, `unknown --status "Approved!": want pending, approved, rejected or all`},
		// A topic of no word matched every item, as no topic does.
		{[]string{"quiz", "--topic", "😀"}, `--topic "😀" holds no word to look for (letters or digits)`},
		{[]string{"quiz", "--topic", "-- !"}, `--topic "-- !" holds no word to look for (letters or digits)`},
	} {
		r := runArgs(t, "", tt.args...)
		if exitStatus(r.err, io.Discard) != 2 || r.stderr != "doctrinebot: "+tt.want+"\n\n"+commandUsage("quiz") {
			t.Errorf("%q: %v\n%s", tt.args, r.err, r.stderr)
		}
	}
	// The terminal quiz is named as the usage names it.
	if !strings.Contains(commandUsage("quiz"), "  "+terminalQuiz+" ") {
		t.Errorf("the quiz usage does not name the terminal quiz as %q:\n%s", terminalQuiz, commandUsage("quiz"))
	}
}

// TestQuizFlagsBeforeCommand checks that flags may stand before the quiz command as after it:
// "quiz --data L list" lists, where it said `unknown quiz command "list"`.
func TestQuizFlagsBeforeCommand(t *testing.T) {
	data := t.TempDir()
	if r := runArgs(t, "", "quiz", "generate", "--data", data); r.err != nil {
		t.Fatalf("quiz generate: %v\n%s", r.err, r.stderr)
	}
	want := runArgs(t, "", "quiz", "list", "--data", data, "--status", "pending")
	if want.err != nil || want.stdout == "" {
		t.Fatalf("quiz list: %v\n%s", want.err, want.stderr)
	}
	for _, args := range [][]string{
		{"quiz", "--data", data, "list", "--status", "pending"},
		{"quiz", "--data", data, "--status", "pending", "list"},
		{"quiz", "--data=" + data, "--status=pending", "list"},
	} {
		if r := runArgs(t, "", args...); r.err != nil || r.stdout != want.stdout {
			t.Errorf("%q: %v\n%s%s", args, r.err, r.stdout, r.stderr)
		}
	}
	// A flag of another command is named as the command's mistake, wherever it stands.
	r := runArgs(t, "", "quiz", "--status", "pending", "--data", data)
	if exitStatus(r.err, io.Discard) != 2 || r.err.Error() != "quiz does not take --status (a flag of quiz list and quiz export)" {
		t.Errorf("quiz --status pending: %v", r.err)
	}
}

// TestQuizFlagsOfEachCommand checks that a flag a quiz command does not use is a usage mistake
// naming the flag and the command, with the quiz usage, exit status 2, nothing on stdout and
// nothing created, where every quiz command took every flag: "quiz --status bogus" ran a
// terminal quiz, and "quiz import --status pending" imported. The flags each command uses are
// taken, and the usage names each of them.
func TestQuizFlagsOfEachCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "lib")
	bank := filepath.Join(t.TempDir(), "bank.yaml")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"quiz", "--status", "bogus"}, "quiz does not take --status (a flag of quiz list and quiz export)"},
		{[]string{"quiz", "-n", "1", "--llm"}, "quiz does not take --llm (a flag of quiz generate)"},
		{[]string{"quiz", "--chat-model", "m"}, "quiz does not take --chat-model (a flag of quiz generate)"},
		{[]string{"quiz", "import", "--status", "pending", bank}, "quiz import does not take --status (a flag of quiz list and quiz export)"},
		{[]string{"quiz", "import", bank, "--seed", "3"}, "quiz import does not take --seed (a flag of quiz and quiz generate)"},
		{[]string{"quiz", "generate", "--topic", "army"}, "quiz generate does not take --topic (a flag of quiz)"},
		{[]string{"quiz", "generate", "-n", "3"}, "quiz generate does not take -n (a flag of quiz)"},
		{[]string{"quiz", "generate", "--embed-model", "e"}, "quiz generate does not take --embed-model"},
		{[]string{"quiz", "generate", "--chat-model", "m"}, "quiz generate takes --chat-model only with --llm"},
		{[]string{"quiz", "generate", "--llm-timeout", "5s"}, "quiz generate takes --llm-timeout only with --llm"},
		{[]string{"quiz", "list", "--corpus", bank}, "quiz list does not take --corpus (a flag of quiz, quiz generate and quiz import)"},
		{[]string{"quiz", "approve", "a1b2c3d4e5f6", "--status", "approved"}, "quiz approve does not take --status (a flag of quiz list and quiz export)"},
		{[]string{"quiz", "reject", "--topic", "army", "a1b2c3d4e5f6"}, "quiz reject does not take --topic (a flag of quiz)"},
	} {
		args := append(tt.args, "--data", data)
		r := runArgs(t, "", args...)
		var u usageError
		if !errors.As(r.err, &u) || r.err.Error() != tt.want || r.stdout != "" || r.stderr != "doctrinebot: "+tt.want+"\n\n"+commandUsage("quiz") {
			t.Errorf("%q: %v, stdout %q; want the usage mistake %q", args, r.err, r.stdout, tt.want)
		}
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("a usage mistake created %s (%v)", data, err)
	}
	// What each command uses is taken.
	for _, args := range [][]string{
		{"quiz", "list", "--status", "pending"},
		{"quiz", "approve", "a1b2c3d4e5f6"},
		{"quiz", "reject", "a1b2c3d4e5f6"},
		{"quiz", "import", "--corpus", bank, bank},
	} {
		var u usageError
		if r := runArgs(t, "", append(args, "--data", data)...); errors.As(r.err, &u) {
			t.Errorf("%q: %v, want no usage mistake", args, r.err)
		}
	}
	for _, names := range quizCommandFlags {
		for _, name := range names {
			if !strings.Contains(commandUsage("quiz"), "\n  "+flagName(name)+" ") {
				t.Errorf("the quiz usage does not name %s", flagName(name))
			}
		}
	}
}

// TestQuizGenerateCreatesLibrary checks that quiz generate says when it creates a library to
// keep its items, says nothing of the kind the second time, and creates nothing when its
// --llm settings are a usage mistake.
func TestQuizGenerateCreatesLibrary(t *testing.T) {
	data := filepath.Join(t.TempDir(), "lib")
	r := runArgs(t, "", "quiz", "generate", "--llm", "--data", data)
	var u usageError
	if !errors.As(r.err, &u) {
		t.Fatalf("quiz generate --llm with no chat model: %v, want a usage error", r.err)
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("a usage mistake created %s (%v)", data, err)
	}
	r = runArgs(t, "", "quiz", "generate", "--data", data, "--seed", "1")
	if r.err != nil || !strings.Contains(r.stderr, "created a library in "+data) {
		t.Fatalf("first generate: %v, stderr %q", r.err, r.stderr)
	}
	r = runArgs(t, "", "quiz", "generate", "--data", data, "--seed", "1")
	if r.err != nil || strings.Contains(r.stderr, "created a library") {
		t.Errorf("second generate: %v, stderr %q", r.err, r.stderr)
	}
}

// handbook is a short text whose sentences make quiz items, for the tests of how quizzes cite
// their source.
const handbook = `Every convoy shall carry water for ninety-six hours. Each escort shall carry fuel for twelve hours.

The Field Army must obey the orders of the Chief of Staff. The Chief of Staff must report to the Secretary of Defense.
`

// TestQuizCitation checks that quiz list and the terminal quiz's reveal cite an item's
// passage as ask cites it, with the document's edition: "Field Operations Handbook (2023),
// Training Cell", where quizzes gave "Field Operations Handbook, Training Cell". Items stored
// before items kept the edition are cited with it too.
func TestQuizCitation(t *testing.T) {
	data := t.TempDir()
	file := filepath.Join(t.TempDir(), "handbook.txt")
	if err := os.WriteFile(file, []byte(handbook), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runArgs(t, "", "corpus", "add", "--data", data, "--id", "foh", "--title", "Field Operations Handbook",
		"--edition", "2023", "--author", "Training Cell", file); r.err != nil {
		t.Fatalf("corpus add: %v\n%s", r.err, r.stderr)
	}
	r := runArgs(t, "", "ask", "--data", data, "How long must a convoy carry water for?")
	_, cite, ok := strings.Cut(r.stdout, "\n— ")
	if r.err != nil || !ok || !strings.HasPrefix(cite, "Field Operations Handbook (2023), Training Cell") {
		t.Fatalf("ask: %v\n%s", r.err, r.stdout)
	}
	cite = strings.TrimSuffix(cite, "\n")

	if r := runArgs(t, "", "quiz", "generate", "--data", data); r.err != nil {
		t.Fatalf("quiz generate: %v", r.err)
	}
	r = runArgs(t, "", "quiz", "list", "--data", data)
	if r.err != nil || !strings.Contains(r.stdout, "  source: "+cite+"\n") {
		t.Errorf("quiz list does not cite %q:\n%s", cite, r.stdout)
	}
	if strings.Contains(r.stdout, "Field Operations Handbook, Training Cell") {
		t.Errorf("quiz list cites the handbook without its edition:\n%s", r.stdout)
	}

	// The terminal quiz's reveal, from an approved item.
	id := strings.Fields(r.stdout)[0]
	if r := runArgs(t, "", "quiz", "approve", id, "--data", data); r.err != nil {
		t.Fatal(r.err)
	}
	r = runArgs(t, "A\nT\n", "quiz", "--data", data, "-n", "1")
	if r.err != nil || !strings.Contains(r.stdout, "\n— Field Operations Handbook (2023), Training Cell · ") {
		t.Errorf("the reveal does not cite the edition: %v\n%s", r.err, r.stdout)
	}

	// An item stored with a source that has no edition, as items were stored before.
	ctx := context.Background()
	lib, err := library.Open(ctx, data, library.Model{})
	if err != nil {
		t.Fatal(err)
	}
	_, doc, err := lib.Document(ctx, "foh")
	if err != nil {
		t.Fatal(err)
	}
	for i := range doc.Passages {
		doc.Passages[i].Edition = ""
	}
	old := quiz.Generate([]*corpus.Document{doc}, quiz.GenerateOptions{Seed: 9})
	for i := range old {
		old[i].Stem += " (stored before)" // a new item ID
		old[i].ID = quiz.ItemID(&old[i])
	}
	if _, _, err := lib.AddItems(ctx, old); err != nil {
		t.Fatal(err)
	}
	lib.Close()
	r = runArgs(t, "", "quiz", "list", "--data", data)
	if r.err != nil || strings.Contains(r.stdout, "Field Operations Handbook, Training Cell") || !strings.Contains(r.stdout, "(stored before)") {
		t.Errorf("quiz list of items stored without the edition:\n%s", r.stdout)
	}
}

// TestQuizReviewMany checks that quiz approve and reject take several IDs, all or nothing:
// with an unknown ID among them nothing changes and the error names every unknown one; and
// that quiz list ends with how many items it listed, by status. Before, approve took exactly
// one ID ("takes one item ID, got 2 arguments") and the list's count had no statuses.
func TestQuizReviewMany(t *testing.T) {
	data := t.TempDir()
	if r := runArgs(t, "", "quiz", "generate", "--data", data); r.err != nil {
		t.Fatal(r.err)
	}
	r := runArgs(t, "", "quiz", "list", "--data", data)
	var ids []string
	for _, line := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(line); len(f) == 4 && f[1] == "pending" {
			ids = append(ids, f[0])
		}
	}
	if len(ids) < 4 || !strings.HasSuffix(r.stdout, fmt.Sprintf("\n\n%d items: %d pending\n", len(ids), len(ids))) {
		t.Fatalf("quiz list: %d pending items; output ends %q", len(ids), r.stdout[max(0, len(r.stdout)-80):])
	}

	r = runArgs(t, "", "quiz", "approve", ids[0], "0123456789ab", ids[1], "ba9876543210", "--data", data)
	if r.err == nil || r.err.Error() != `no quiz items "0123456789ab", "ba9876543210"; nothing approved` || exitStatus(r.err, io.Discard) != 1 || r.stdout != "" {
		t.Errorf("approve with unknown IDs: %v, stdout %q", r.err, r.stdout)
	}
	if r := runArgs(t, "", "quiz", "list", "--status", "approved", "--data", data); !strings.HasSuffix(r.stdout, "0 items\n") {
		t.Errorf("an approve with an unknown ID changed something:\n%s", r.stdout)
	}

	r = runArgs(t, "", "quiz", "approve", ids[0], ids[1], ids[0], "--data", data)
	if want := ids[0] + " approved\n" + ids[1] + " approved\n2 items approved\n"; r.err != nil || r.stdout != want {
		t.Errorf("approve two IDs: %v, stdout %q, want %q", r.err, r.stdout, want)
	}
	if r := runArgs(t, "", "quiz", "reject", ids[2], "--data", data); r.err != nil || r.stdout != ids[2]+" rejected\n" {
		t.Errorf("reject one ID: %v, stdout %q", r.err, r.stdout)
	}
	r = runArgs(t, "", "quiz", "list", "--data", data)
	if want := fmt.Sprintf("\n\n%d items: %d pending, 2 approved, 1 rejected\n", len(ids), len(ids)-3); !strings.HasSuffix(r.stdout, want) {
		t.Errorf("quiz list ends %q, want %q", r.stdout[max(0, len(r.stdout)-80):], want)
	}
	r = runArgs(t, "", "quiz", "list", "--status", "approved", "--data", data)
	if !strings.HasSuffix(r.stdout, "\n\n2 items: 2 approved\n") {
		t.Errorf("quiz list --status approved ends %q", r.stdout[max(0, len(r.stdout)-80):])
	}

	r = runArgs(t, "", "quiz", "reject", "--data", data)
	if exitStatus(r.err, io.Discard) != 2 || !strings.HasPrefix(r.stderr, "doctrinebot: quiz reject takes one or more item IDs, got 0 arguments\n") {
		t.Errorf("reject with no ID: %v\n%s", r.err, r.stderr)
	}
	// A word that is no item ID is a usage mistake, and nothing changes; an ID in capitals is one.
	r = runArgs(t, "", "quiz", "reject", ids[3], "all", "pending", "--data", data)
	if exitStatus(r.err, io.Discard) != 2 || !strings.HasPrefix(r.stderr, `doctrinebot: quiz reject: "all", "pending" are not item IDs (12 hex digits, the first word of an item in quiz list); nothing changed`+"\n") {
		t.Errorf("reject with words: %v\n%s", r.err, r.stderr)
	}
	if r := runArgs(t, "", "quiz", "reject", strings.ToUpper(ids[3]), "--data", data); r.err != nil || r.stdout != ids[3]+" rejected\n" {
		t.Errorf("reject an ID in capitals: %v, stdout %q", r.err, r.stdout)
	}
	empty := t.TempDir()
	r = runArgs(t, "", "quiz", "approve", "0123456789ab", "--data", empty)
	if r.err == nil || r.err.Error() != `no quiz item "0123456789ab": there is no library in `+empty+`; nothing approved` {
		t.Errorf("approve in a folder with no library: %v", r.err)
	}
	r = runArgs(t, "", "quiz", "remove", "0123456789ab", "--data", empty)
	if r.err == nil || r.err.Error() != `no quiz item "0123456789ab": there is no library in `+empty+`; nothing removed` {
		t.Errorf("remove in a folder with no library: %v", r.err)
	}
}

// TestQuizExport checks that quiz export writes a bank that quiz import reads back into
// another library as the same items (questions, options, answers, documents, passages),
// approved: generated items of each status and a trainer's, with --status all to a file;
// that it writes the approved ones by default, to standard output, and never a retired one;
// and that it takes only its own flags and at most one file.
func TestQuizExport(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	seed := filepath.Join(shared, "seed")
	if r := runArgs(t, "", "corpus", "add", "--data", data, seed, filepath.Join(shared, "public", "us_constitution.txt")); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	r := runArgs(t, "", "quiz", "export", "--data", data)
	if r.err == nil || r.err.Error() != "the library in "+data+" holds no approved quiz items; nothing exported" || r.stdout != "" {
		t.Errorf("quiz export of no items: %v, %q", r.err, r.stdout)
	}
	// With no library in the folder, it says so as corpus show does (exit status 1), where it
	// said "the library holds no approved quiz items", naming no folder; and creates none.
	none := filepath.Join(dir, "none")
	for _, args := range [][]string{{"quiz", "export", "--data", none}, {"quiz", "export", "--data", none, "--status", "all", filepath.Join(dir, "out.yaml")}} {
		r := runArgs(t, "", args...)
		want := "no library in " + none + ": create one with `doctrinebot corpus add --data " + none + " PATH`, or give the folder of another with --data"
		if !errors.Is(r.err, errNoLibrary) || r.err.Error() != want || exitStatus(r.err, io.Discard) != 1 || r.stdout != "" {
			t.Errorf("%q: %v (exit status %d), stdout %q; want %q, exit status 1", args, r.err, exitStatus(r.err, io.Discard), r.stdout, want)
		}
	}
	if _, err := os.Stat(none); !os.IsNotExist(err) {
		t.Errorf("quiz export of no library made %s: %v", none, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.yaml")); !os.IsNotExist(err) {
		t.Errorf("quiz export of no library wrote a file: %v", err)
	}
	if r := runArgs(t, "", "quiz", "generate", "--data", data); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	bank := filepath.Join(dir, "bank.yaml")
	writeFile(t, bank, `items:
  - statement: "Security ministries have: elected political heads."
    answer: yes
    source: Security ministries have elected political heads.
`)
	if r := runArgs(t, "", "quiz", "import", "--data", data, bank); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	items := storedItems(t, data)
	byDoc := map[string][]string{}
	for _, it := range items {
		if it.Origin == quiz.Generated {
			byDoc[it.Source.DocumentID] = append(byDoc[it.Source.DocumentID], it.ID)
		}
	}
	const seedID = "chuter-governance-and-the-security-sector"
	removed := ""
	for id := range byDoc {
		if id != seedID {
			removed = id
		}
	}
	kept := byDoc[seedID]
	if len(byDoc) != 2 || len(kept) < 2 {
		t.Fatalf("items generated by document: %v; want some of the Constitution and 2 or more of the seed", byDoc)
	}
	for _, args := range [][]string{
		{"approve", kept[0], byDoc[removed][0]},
		{"reject", kept[1]},
	} {
		if r := runArgs(t, "", append([]string{"quiz", "--data", data}, args...)...); r.err != nil {
			t.Fatal(r.err, r.stderr)
		}
	}
	if r := runArgs(t, "", "corpus", "remove", "--data", data, removed); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}

	// The approved items, to standard output: the trainer's and one generated, not the one
	// retired with its document.
	r = runArgs(t, "", "quiz", "export", "--data", data)
	if r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	if strings.Count(r.stdout, "\n  - ") != 2 || !strings.HasPrefix(r.stdout, "items:\n") || r.stderr != "" {
		t.Errorf("quiz export wrote, want 2 approved items:\n%s%s", r.stdout, r.stderr)
	}
	approvedBank := filepath.Join(dir, "approved.yaml")
	writeFile(t, approvedBank, r.stdout)

	// Never over a file of the library (it emptied library.db), nor through a link to one;
	// the library is whole after.
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink(filepath.Join(data, "library.db"), link); err != nil {
		t.Fatal(err)
	}
	before := storedItems(t, data)
	for _, target := range []string{filepath.Join(data, "library.db"), filepath.Join(data, "new.yaml"), link} {
		r := runArgs(t, "", "quiz", "export", "--data", data, target)
		if r.err == nil || !strings.Contains(r.err.Error(), "is in the library's folder") || exitStatus(r.err, io.Discard) != 1 {
			t.Errorf("quiz export to %s: %v; want a refusal naming the library's folder", target, r.err)
		}
	}
	if _, err := os.Stat(filepath.Join(data, "new.yaml")); !os.IsNotExist(err) {
		t.Errorf("quiz export wrote into the library's folder: %v", err)
	}
	// Nor over a hard link to library.db, a path outside the folder naming its file.
	hard := filepath.Join(dir, "hard.yaml")
	if err := os.Link(filepath.Join(data, "library.db"), hard); err != nil {
		t.Fatal(err)
	}
	if r := runArgs(t, "", "quiz", "export", "--data", data, hard); r.err == nil || !strings.Contains(r.err.Error(), "under another name") || exitStatus(r.err, io.Discard) != 1 {
		t.Errorf("quiz export to a hard link to library.db: %v; want a refusal naming the library's file", r.err)
	}
	// Nor to standard output that the shell opened on library.db ("… >> L/library.db").
	db, err := os.OpenFile(filepath.Join(data, "library.db"), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	err = run(context.Background(), []string{"quiz", "export", "--data", data}, func(string) string { return "" }, strings.NewReader(""), db, io.Discard)
	db.Close()
	if err == nil || !strings.Contains(err.Error(), "standard output is the library's file") {
		t.Errorf("quiz export with standard output on library.db: %v; want a refusal", err)
	}
	if got := storedItems(t, data); len(got) != len(before) {
		t.Errorf("after the refused exports the library holds %d items, want %d", len(got), len(before))
	}

	// Every item of every status, to a file, read back into another library of the same
	// documents; and the approved ones into a library of none (the built-in corpus holds the
	// seed document).
	all := filepath.Join(dir, "all.yaml")
	r = runArgs(t, "", "quiz", "export", "--status", "all", all, "--data", data)
	want := storedItems(t, data)
	if summary := fmt.Sprintf("%d items (%d pending, 2 approved, 1 rejected) exported to %s; quiz import approves every item it imports\n", len(want), len(want)-3, all); r.err != nil || r.stdout != summary {
		t.Errorf("quiz export --status all: %v, %q; want %q", r.err, r.stdout, summary)
	}
	other := t.TempDir()
	if r := runArgs(t, "", "corpus", "add", "--data", other, seed); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	for _, tt := range []struct {
		data, bank string
		want       []quiz.Item
	}{
		{other, all, want},
		{t.TempDir(), approvedBank, storedItemsOf(t, data, quiz.Approved)},
	} {
		if r := runArgs(t, "", "quiz", "import", "--data", tt.data, tt.bank); r.err != nil {
			t.Fatalf("quiz import %s: %v", tt.bank, r.err)
		}
		got := storedItems(t, tt.data)
		// Items stored at once are listed in the order of their IDs.
		byID := func(a, b quiz.Item) int { return strings.Compare(a.ID, b.ID) }
		slices.SortFunc(got, byID)
		slices.SortFunc(tt.want, byID)
		if len(got) != len(tt.want) {
			t.Fatalf("%s: %d items imported, want %d", tt.bank, len(got), len(tt.want))
		}
		for i, w := range tt.want {
			g := got[i]
			if g.ID != w.ID || g.Kind != w.Kind || g.Stem != w.Stem || !slices.Equal(g.Options, w.Options) || g.Answer != w.Answer ||
				g.Source.DocumentID != w.Source.DocumentID || g.Source.PassageID != w.Source.PassageID || g.Status != quiz.Approved {
				t.Errorf("%s: item %d imported as\n%+v\nwant\n%+v", tt.bank, i, g, w)
			}
		}
	}

	// Its flags and arguments.
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"quiz", "export", "--status", "retired"}, `unknown --status "retired": want approved, pending, rejected or all`},
		{[]string{"quiz", "export", "--topic", "army"}, "quiz export does not take --topic (a flag of quiz)"},
		{[]string{"quiz", "export", "a.yaml", "b.yaml"}, `quiz export takes at most one file, got 2 arguments`},
	} {
		r := runArgs(t, "", append(tt.args, "--data", data)...)
		if exitStatus(r.err, io.Discard) != 2 || r.stderr != "doctrinebot: "+tt.want+"\n\n"+commandUsage("quiz") {
			t.Errorf("%q: %v\n%s", tt.args, r.err, r.stderr)
		}
	}
}

// storedItems returns the quiz items of the library in data, of every status, oldest first.
func storedItems(t *testing.T, data string) []quiz.Item {
	return storedItemsOf(t, data, "")
}

// storedItemsOf returns the quiz items of status (all when "") of the library in data.
func storedItemsOf(t *testing.T, data string, status quiz.Status) []quiz.Item {
	t.Helper()
	lib, err := library.Open(context.Background(), data, library.Model{})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	items, err := lib.Items(context.Background(), status)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

// TestQuizGenerateCorpusHeld checks that quiz generate --corpus stores only the items whose
// passage the library holds, where it stored items of files never added: the library then
// listed no such document but asked its items, though items outlive no passage. Items of
// other files are left out, said on standard error with how to keep them; when none is
// kept, or there is no library (none is created), nothing is stored and the exit status is 1.
// The quiz help says what generate --corpus stores.
// TestQuizImportCorpusHeld checks that quiz import --corpus imports a bank only when the
// library holds its sources' passages, as quiz generate --corpus stores only such items:
// with no library it creates none and imports nothing, saying which files to add first.
func TestQuizImportCorpusHeld(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "lib")
	seed := filepath.Join(shared, "seed")
	bank := filepath.Join(dir, "bank.yaml")
	writeFile(t, bank, "items:\n  - question: What must the security forces be, in what they do?\n    options: [effective, cheap, secret, large]\n    answer: A\n    source: The security forces must be effective in what they do.\n")
	r := runArgs(t, "", "quiz", "import", "--data", data, "--corpus", seed, bank)
	want := "the library in " + data + " does not hold the passages of the bank's sources in document chuter-governance-and-the-security-sector (not added, or changed since), so nothing is imported: add the files to the library first (doctrinebot corpus add --data " + data + " " + seed + "), then quiz import again"
	if r.err == nil || r.err.Error() != want || exitStatus(r.err, io.Discard) != 1 {
		t.Errorf("quiz import --corpus with no library: %v\nwant %s", r.err, want)
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("quiz import --corpus with no library created %s (%v)", data, err)
	}
	if r := runArgs(t, "", "corpus", "add", "--data", data, seed); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	if r := runArgs(t, "", "quiz", "import", "--data", data, "--corpus", seed, bank); r.err != nil || len(storedItems(t, data)) != 1 {
		t.Errorf("quiz import --corpus of a file added: %v %s", r.err, r.stdout)
	}
}

func TestQuizGenerateCorpusHeld(t *testing.T) {
	data := filepath.Join(t.TempDir(), "lib")
	seed := filepath.Join(shared, "seed")
	constitution := filepath.Join(shared, "public", "us_constitution.txt")
	r := runArgs(t, "", "quiz", "generate", "--data", data, "--corpus", seed)
	if want := "there is no library in " + data + " to hold the passages of the "; r.err == nil || !strings.HasPrefix(r.err.Error(), want) ||
		!strings.HasSuffix(r.err.Error(), "made from the files given, so none is stored: add the files to the library first (doctrinebot corpus add --data "+data+" "+seed+"), then quiz generate again") ||
		exitStatus(r.err, io.Discard) != 1 {
		t.Errorf("quiz generate --corpus with no library: %v", r.err)
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("quiz generate --corpus with no library created %s (%v)", data, err)
	}
	if r := runArgs(t, "", "corpus", "add", "--data", data, seed); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	// The seed's items are kept, the Constitution's left out.
	r = runArgs(t, "", "quiz", "generate", "--data", data, "--corpus", seed, "--corpus", constitution)
	if r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	items := storedItems(t, data)
	if len(items) == 0 {
		t.Fatal("no item stored")
	}
	for _, it := range items {
		if it.Source.DocumentID != "chuter-governance-and-the-security-sector" {
			t.Errorf("item %s of %s stored, a document the library does not hold", it.ID, it.Source.DocumentID)
		}
	}
	note := regexp.MustCompile(`^doctrinebot: note: \d+ of the \d+ items made from the files given are not stored: the library in ` + regexp.QuoteMeta(data) +
		` does not hold their passages \(document us-constitution: not added, or changed since\); to keep them, add the files to the library first \(doctrinebot corpus add --data ` +
		regexp.QuoteMeta(data+" "+seed+" "+constitution) + `\), then quiz generate again\n$`)
	if !note.MatchString(r.stderr) || !strings.HasPrefix(r.stdout, fmt.Sprintf("%d items generated", len(items))) {
		t.Errorf("quiz generate --corpus of a file not added: stdout %q, stderr %q", r.stdout, r.stderr)
	}
	// None kept: refused, nothing stored.
	r = runArgs(t, "", "quiz", "generate", "--data", data, "--corpus", constitution)
	if want := "the library in " + data + " holds none of the passages of the "; r.err == nil || !strings.HasPrefix(r.err.Error(), want) ||
		!strings.Contains(r.err.Error(), " made from the files given (document us-constitution: not added, or changed since), so none is stored: ") {
		t.Errorf("quiz generate --corpus of a file not added alone: %v", r.err)
	}
	if got := storedItems(t, data); len(got) != len(items) {
		t.Errorf("%d items stored, want the %d stored before", len(got), len(items))
	}
	// The help says so, where it said generate drew items from the files "instead of the library".
	if help := strings.Join(strings.Fields(commandUsage("quiz")), " "); !strings.Contains(help, "generate: to make items from, storing only those whose passages the library holds;") {
		t.Errorf("quiz help does not say what generate --corpus stores:\n%s", commandUsage("quiz"))
	}
}

// TestQuizImportNamesCorpus checks that a bank's source found in no passage names the corpus
// it was looked for in, the built-in corpus or the library in DIR, where it said "the
// corpus"; and that a document: naming none says there is no such document.
func TestQuizImportNamesCorpus(t *testing.T) {
	bank := filepath.Join(t.TempDir(), "bank.yaml")
	writeFile(t, bank, "items:\n  - statement: Security ministries have appointed heads.\n    answer: true\n    source: Security ministries have appointed heads.\n")
	empty, data := t.TempDir(), t.TempDir()
	if r := runArgs(t, "", "corpus", "add", "--data", data, filepath.Join(shared, "seed")); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	for _, tt := range []struct{ data, want string }{
		{empty, "source not found word for word in any passage of the built-in corpus (there is no library in " + empty + ")"},
		{data, "source not found word for word in any passage of the library in " + data},
	} {
		r := runArgs(t, "", "quiz", "import", "--data", tt.data, bank)
		if want := "\n" + bank + ":4: " + tt.want; r.err == nil || !strings.HasSuffix(r.err.Error(), want) {
			t.Errorf("%v; want it to end %q", r.err, want)
		}
	}
	writeFile(t, bank, "items:\n  - statement: Security ministries have elected political heads.\n    answer: true\n    source: Security ministries have elected political heads.\n    document: no-such-doc\n")
	r := runArgs(t, "", "quiz", "import", "--data", data, bank)
	if want := "\n" + bank + `:5: no document "no-such-doc" in the library in ` + data + ` (its documents: "chuter-governance-and-the-security-sector")` + "\nadd the files of the document no-such-doc to the library first ("; r.err == nil || !strings.Contains(r.err.Error(), want) {
		t.Errorf("%v; want it to end %q", r.err, want)
	}
}

// TestQuizImportFailingCreatesNoLibrary checks that a quiz import that fails (a bank with a
// problem, or whose documents the built-in corpus lacks) into a folder holding no library
// leaves none there, so that corpus list still says there is no library, where it left an
// empty library.db; and that one that succeeds creates the library to keep its items.
func TestQuizImportFailingCreatesNoLibrary(t *testing.T) {
	dir := t.TempDir()
	bad, missing, good := filepath.Join(dir, "bad.yaml"), filepath.Join(dir, "missing.yaml"), filepath.Join(dir, "good.yaml")
	writeFile(t, bad, "items:\n  - question: [oops\n")
	writeFile(t, missing, "items:\n  - statement: The Secretary of Defense heads the department.\n    answer: true\n    source: There is a Secretary of Defense.\n    document: usc10-dod\n")
	writeFile(t, good, "items:\n  - statement: Security ministries have elected political heads.\n    answer: true\n    source: Security ministries have elected political heads.\n")
	for _, bank := range []string{bad, missing} {
		data := filepath.Join(dir, "lib-"+filepath.Base(bank))
		if r := runArgs(t, "", "quiz", "import", "--data", data, bank); r.err == nil {
			t.Fatalf("quiz import %s: no error", bank)
		}
		if libraryExists(data) {
			t.Errorf("quiz import %s that failed created a library in %s", bank, data)
		}
		if _, err := os.Stat(filepath.Join(data, "library.db")); !os.IsNotExist(err) {
			t.Errorf("quiz import %s that failed left %s/library.db: %v", bank, data, err)
		}
		if r := runArgs(t, "", "corpus", "list", "--data", data); r.err != nil || !strings.HasPrefix(r.stdout, "There is no library in "+data) {
			t.Errorf("corpus list after a failed import: %v, %q", r.err, r.stdout)
		}
	}
	data := filepath.Join(dir, "lib-good")
	if r := runArgs(t, "", "quiz", "import", "--data", data, good); r.err != nil || !strings.HasPrefix(r.stdout, "1 item imported from ") {
		t.Fatalf("quiz import of a good bank into no library: %v, %q", r.err, r.stdout)
	}
	if got := storedItems(t, data); len(got) != 1 || got[0].Status != quiz.Approved {
		t.Errorf("items stored by the import: %v; want the one approved", got)
	}
}

// TestQuizImportMissingDocuments checks that a bank whose items name documents the library
// does not hold gives one line per document, with its number of items, and one line saying
// which corpus add to run first, where each item made a long line of its own.
func TestQuizImportMissingDocuments(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "my lib")
	if r := runArgs(t, "", "corpus", "add", "--data", data, filepath.Join(shared, "seed")); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	var b strings.Builder
	b.WriteString("items:\n")
	for i := range 30 {
		fmt.Fprintf(&b, "  - statement: Statement number %d.\n    answer: true\n    source: Security ministries have elected political heads.\n    document: %s\n", i, []string{"us-constitution", "art-of-war"}[i%2])
	}
	bank := filepath.Join(dir, "bank.yaml")
	writeFile(t, bank, b.String())
	r := runArgs(t, "", "quiz", "import", "--data", data, bank)
	if r.err == nil {
		t.Fatal("quiz import of documents the library lacks: no error")
	}
	lines := strings.Split(r.err.Error(), "\n")
	want := []string{
		"quiz: " + bank + ": 2 problems, nothing imported:",
		bank + `:5: no document "us-constitution" in the library in ` + data + ` (its documents: "chuter-governance-and-the-security-sector"), named by 15 items, the first on this line`,
		bank + `:9: no document "art-of-war" in the library in ` + data + ` (its documents: "chuter-governance-and-the-security-sector"), named by 15 items, the first on this line`,
		"add the files of the documents us-constitution and art-of-war to the library first (doctrinebot corpus add --data '" + data + "' PATH...), then quiz import again",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("error:\n%s\nwant:\n%s", r.err, strings.Join(want, "\n"))
	}
	if got := storedItems(t, data); len(got) != 0 {
		t.Errorf("%d items stored, want none", len(got))
	}
}

// TestQuizWritersWaitForLock checks that quiz import, generate, approve and reject hold the
// library's writer lock, as corpus add, remove and reindex do, for the whole of their check
// of the items against the passages and their store: finding another process writing (one
// holding library.lock) they say so in one line and wait; interrupted while they wait, they
// stop at once with exit status 130, saying that nothing was imported (generated, approved,
// rejected), and nothing changes; once the lock is released, an import goes on. Before, they
// took no lock: a corpus remove between an import's check of its bank and its store left the
// bank's items live for a document gone, and an import behind a corpus add waited without
// saying so and, interrupted, exited 130 with no message.
func TestQuizWritersWaitForLock(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	text := filepath.Join(dir, "good.txt")
	writeFile(t, text, "The sentry guards the gate at night and the bugler sounds retreat at dusk.")
	bank := filepath.Join(dir, "bank.yaml")
	writeFile(t, bank, "items:\n  - statement: The sentry guards the gate at night.\n    answer: true\n    source: The sentry guards the gate at night and the bugler sounds retreat at dusk.\n")
	other := filepath.Join(dir, "other.yaml")
	writeFile(t, other, "items:\n  - statement: The bugler sounds retreat at dawn.\n    answer: false\n    source: The sentry guards the gate at night and the bugler sounds retreat at dusk.\n")
	if r := runArgs(t, "", "corpus", "add", "--data", data, text); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	if r := runArgs(t, "", "quiz", "import", "--data", data, bank); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	before := storedItems(t, data)
	if len(before) != 1 || before[0].Status != quiz.Approved {
		t.Fatalf("items imported: %+v, want one approved", before)
	}
	id := before[0].ID

	waiting, release := holdWriterLock(t, data)
	getenv := func(string) string { return "" }
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"quiz", "import", "--data", data, other}, "doctrinebot: interrupted; nothing imported: the library in " + data + " is as it was\n"},
		{[]string{"quiz", "generate", "--data", data}, "doctrinebot: interrupted; nothing generated: the library in " + data + " is as it was\n"},
		{[]string{"quiz", "reject", "--data", data, id}, "doctrinebot: interrupted; nothing rejected: the library in " + data + " is as it was\n"},
		{[]string{"quiz", "approve", "--data", data, id}, "doctrinebot: interrupted; nothing approved: the library in " + data + " is as it was\n"},
	} {
		status, got := interruptWaiting(t, tt.args, waiting)
		if status != 130 {
			t.Errorf("quiz %s interrupted while waiting: exit status %d, want 130", tt.args[1], status)
		}
		if got != waiting+tt.want {
			t.Errorf("quiz %s interrupted while waiting: stderr %q, want %q", tt.args[1], got, waiting+tt.want)
		}
		if got := storedItems(t, data); !slices.EqualFunc(got, before, func(a, b quiz.Item) bool { return a.ID == b.ID && a.Status == b.Status }) {
			t.Errorf("quiz %s interrupted while waiting changed the items: %+v, want %+v", tt.args[1], got, before)
		}
	}

	// Released while an import waits: the import goes on.
	stderr := newSignalWriter(waiting)
	done := make(chan error, 1)
	var stdout bytes.Buffer
	go func() {
		done <- run(context.Background(), []string{"quiz", "import", "--data", data, other}, getenv, strings.NewReader(""), &stdout, stderr)
	}()
	select {
	case <-stderr.seen:
		release()
	case err := <-done:
		t.Fatalf("quiz import ended (%v) without waiting for the writer lock held by another", err)
	}
	if err := <-done; err != nil || !strings.Contains(stdout.String(), "1 item imported from "+other+" (1 new), approved") || len(storedItems(t, data)) != 2 {
		t.Errorf("import after the lock was released: %v\n%s%s", err, stdout.String(), stderr.String())
	}
}

// TestQuizImportCountsRetiredItems checks that quiz import into a folder holding no library,
// whose bank is checked against the built-in corpus, counts apart, saying why, the items the
// library stores retired because another process added documents to the library the import
// created before the import took the writer lock (here copied in by SQL while the test holds
// the lock, as such an add writes them). They were counted as imported, approved, though never
// listed nor asked.
func TestQuizImportCountsRetiredItems(t *testing.T) {
	dir, src, data := t.TempDir(), t.TempDir(), t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	writeFile(t, text, "The sentry guards the gate at night and the bugler sounds retreat at dusk.")
	if r := runArgs(t, "", "corpus", "add", "--data", src, text); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	bank := filepath.Join(dir, "bank.yaml")
	writeFile(t, bank, "items:\n  - statement: The security forces must be effective in what they do.\n    answer: true\n    source: The security forces must be effective in what they do.\n")

	waiting, release := holdWriterLock(t, data)
	stderr := newSignalWriter(waiting)
	var stdout bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), []string{"quiz", "import", "--data", data, bank}, func(string) string { return "" }, strings.NewReader(""), &stdout, stderr)
	}()
	select {
	case <-stderr.seen:
	case err := <-done:
		t.Fatalf("quiz import ended (%v) without waiting for the writer lock held by another:\n%s", err, stderr.String())
	}
	db, err := sql.Open("sqlite", filepath.Join(data, library.FileName)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"ATTACH DATABASE '" + filepath.Join(src, library.FileName) + "' AS src",
		"INSERT INTO documents SELECT * FROM src.documents",
		"INSERT INTO passages SELECT * FROM src.passages",
		"INSERT INTO embeddings SELECT * FROM src.embeddings",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	db.Close()
	release()
	if err := <-done; err != nil {
		t.Fatalf("quiz import: %v\n%s", err, stderr.String())
	}
	want := "0 items imported from " + bank + " (0 new), approved; 1 stored retired: its passage is the built-in corpus's, from which answers come no more, the library holding documents now (quiz import again to check the items against them)\n"
	if got := stdout.String(); got != want {
		t.Errorf("quiz import said:\n%s\nwant:\n%s", got, want)
	}
	if got := storedItems(t, data); len(got) != 0 {
		t.Errorf("items listed: %+v, want none", got)
	}
}

// TestRetiredNote checks the words quiz import and generate add for the items stored retired:
// those of the library's documents, named each once, with the command bringing them back;
// those of the built-in corpus; none.
func TestRetiredNote(t *testing.T) {
	of := func(docs ...string) []quiz.Item {
		var out []quiz.Item
		for _, d := range docs {
			out = append(out, quiz.Item{Source: quiz.Source{DocumentID: d}})
		}
		return out
	}
	builtin := corpus.Builtin()[0].ID
	f := &quizFlags{data: "/srv/lib", getenv: func(string) string { return "" }}
	tests := []struct {
		retired []quiz.Item
		want    string
	}{
		{nil, ""},
		{of("a"), "; 1 stored retired: its passage is no longer in the library (add the document a again to bring it back: doctrinebot corpus add --data /srv/lib PATH)"},
		{of("a", "b", "a"), "; 3 stored retired: their passage is no longer in the library (add the documents a and b again to bring them back: doctrinebot corpus add --data /srv/lib PATH)"},
		{of(builtin, "a", builtin), "; 1 stored retired: its passage is no longer in the library (add the document a again to bring it back: doctrinebot corpus add --data /srv/lib PATH)" +
			"; 2 stored retired: their passage is the built-in corpus's, from which answers come no more, the library holding documents now (quiz generate again to check the items against them)"},
	}
	for _, tt := range tests {
		if got := f.retiredNote(tt.retired, "generate"); got != tt.want {
			t.Errorf("retiredNote(%d items):\n%s\nwant:\n%s", len(tt.retired), got, tt.want)
		}
	}
}

// TestQuizExportStatements checks that quiz export writes each true/false item's statement
// alone, as a trainer writes it in a bank, where it wrote the wording a quiz shows before it
// ("True or false, according to … lines N–M: The …"); that quiz import of that bank into the
// same library adds nothing and changes no item (not even an item stored by an earlier
// doctrinebot with its bare statement as its stem, nor the status of one rejected); and that
// imported into another library it gives the same items, with their IDs and stems.
func TestQuizExportStatements(t *testing.T) {
	ctx := context.Background()
	dir, data := t.TempDir(), t.TempDir()
	if r := runArgs(t, "", "quiz", "generate", "--data", data); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	// A trainer's item stored by an earlier doctrinebot: its stem the statement alone.
	const statement = "Security ministries have elected political heads."
	items, err := quiz.ParseBank("bank.yaml", []byte("items:\n  - statement: "+statement+"\n    answer: false\n    source: "+statement+"\n"),
		corpus.Builtin(), "the built-in corpus")
	if err != nil {
		t.Fatal(err)
	}
	old := items[0]
	old.Stem = statement
	old.ID = quiz.ItemID(&old)
	lib, err := library.Open(ctx, data, library.Model{})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = lib.AddItems(ctx, []quiz.Item{old})
	lib.Close()
	if err != nil {
		t.Fatal(err)
	}
	var trueFalse []quiz.Item
	for _, it := range storedItems(t, data) {
		if it.Kind == quiz.TrueFalse && it.Origin == quiz.Generated {
			trueFalse = append(trueFalse, it)
		}
	}
	if len(trueFalse) < 2 {
		t.Fatalf("%d true/false items generated, want 2 or more", len(trueFalse))
	}
	if r := runArgs(t, "", "quiz", "reject", "--data", data, trueFalse[0].ID); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	before := storedItems(t, data)

	bank := filepath.Join(dir, "bank.yaml")
	if r := runArgs(t, "", "quiz", "export", "--status", "all", "--data", data, bank); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	raw, err := os.ReadFile(bank)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "True or false") || strings.Contains(string(raw), "according to") {
		t.Errorf("the bank holds the quiz's wording:\n%s", raw)
	}
	var written struct {
		Items []struct {
			Statement string `yaml:"statement"`
		} `yaml:"items"`
	}
	if err := yaml.Unmarshal(raw, &written); err != nil {
		t.Fatal(err)
	}
	var statements []string
	for _, b := range written.Items {
		statements = append(statements, b.Statement)
	}
	wording := regexp.MustCompile(`^True or false, according to .*? · lines? \d+(?:–\d+)?: `)
	for _, it := range append(trueFalse, old) {
		if s := wording.ReplaceAllString(it.Stem, ""); !slices.Contains(statements, s) {
			t.Errorf("the bank lacks the statement %q:\n%s", s, raw)
		}
	}

	// Into the same library: nothing new, nothing changed.
	r := runArgs(t, "", "quiz", "import", "--data", data, bank)
	if r.err != nil || !strings.Contains(r.stdout, fmt.Sprintf("%d items imported from %s (0 new)", len(before), bank)) {
		t.Errorf("quiz import into the same library: %v, %q; want %d items, 0 new", r.err, r.stdout, len(before))
	}
	if after := storedItems(t, data); !slices.EqualFunc(after, before, func(a, b quiz.Item) bool {
		return a.ID == b.ID && a.Stem == b.Stem && a.Status == b.Status
	}) {
		t.Errorf("quiz import into the same library changed its items:\n%+v\nwant\n%+v", after, before)
	}

	// Into another library: the same items and IDs; the old one with the wording.
	other := t.TempDir()
	if r := runArgs(t, "", "quiz", "import", "--data", other, bank); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	got := map[string]quiz.Item{}
	for _, it := range storedItems(t, other) {
		got[it.ID] = it
	}
	if len(got) != len(before) {
		t.Errorf("%d items imported into another library, want %d", len(got), len(before))
	}
	for _, w := range before {
		if w.ID == old.ID {
			continue
		}
		if g, ok := got[w.ID]; !ok || g.Stem != w.Stem || g.Answer != w.Answer {
			t.Errorf("item %s %q imported into another library as %+v", w.ID, w.Stem, g)
		}
	}
	found := false
	for _, g := range got {
		if quiz.PlainStatementID(&g) == old.ID {
			found = strings.HasPrefix(g.Stem, "True or false, according to ") && strings.HasSuffix(g.Stem, ": "+statement)
		}
	}
	if !found {
		t.Errorf("the item stored with its bare statement %q is not imported with the wording: %+v", statement, got)
	}
}

// TestQuizImportKept checks that quiz import of an item stored already says that it is kept
// as it was, with its status: a rejected item imported again stays rejected, and the line
// says so and how to replace it, where it said "… (0 new), approved" and changed nothing.
func TestQuizImportKept(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	bank := filepath.Join(dir, "bank.yaml")
	writeFile(t, bank, "items:\n  - statement: Security ministries have elected political heads.\n    answer: true\n    source: Security ministries have elected political heads.\n")
	if r := runArgs(t, "", "quiz", "import", "--data", data, bank); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	items := storedItems(t, data)
	if len(items) != 1 {
		t.Fatalf("%d items imported, want 1", len(items))
	}
	if r := runArgs(t, "", "quiz", "reject", "--data", data, items[0].ID); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	r := runArgs(t, "", "quiz", "import", "--data", data, bank)
	want := "1 item imported from " + bank + " (0 new), approved; 1 was stored already and is kept as it was, with its status (to replace it: quiz remove its ID, then import again)\n"
	if r.err != nil || r.stdout != want {
		t.Errorf("quiz import again: %v, %q; want %q", r.err, r.stdout, want)
	}
	if got := storedItems(t, data); len(got) != 1 || got[0].Status != quiz.Rejected {
		t.Errorf("after importing again: %+v; want the item still rejected", got)
	}
}

// TestQuizImportPathWithControls checks that quiz import names a bank file whose name holds
// a control character (a terminal escape, a newline) quoted, as the corpus's errors name a
// path, in the line saying what it imported and in the problems of a bank it refuses, so
// that no escape reaches the terminal and no line is forged; before, the name was printed raw.
func TestQuizImportPathWithControls(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	good := filepath.Join(dir, "x\x1b[2J\ndoctrinebot: good.yaml")
	writeFile(t, good, "items:\n  - statement: Security ministries have elected political heads.\n    answer: true\n    source: Security ministries have elected political heads.\n")
	r := runArgs(t, "", "quiz", "import", "--data", data, good)
	if want := "1 item imported from " + strconv.Quote(good) + " (1 new), approved\n"; r.err != nil || r.stdout != want {
		t.Errorf("quiz import: %v, %q; want %q", r.err, r.stdout, want)
	}
	bad := filepath.Join(dir, "x\x1b[2J\ndoctrinebot: bad.yaml")
	writeFile(t, bad, "items:\n  - statement: a\n    answer: true\n")
	r = runArgs(t, "", "quiz", "import", "--data", data, bad)
	var out bytes.Buffer
	if exitStatus(r.err, &out) != 1 {
		t.Fatalf("quiz import of a bad bank: %v, want exit status 1", r.err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2 || lines[0] != "doctrinebot: "+strconv.Quote(bad)+": 1 problem, nothing imported:" ||
		!strings.HasPrefix(lines[1], strconv.Quote(bad)+":2: ") || strings.ContainsRune(out.String(), '\x1b') {
		t.Errorf("quiz import of a bad bank printed\n%q\nwant 2 lines naming %s", out.String(), strconv.Quote(bad))
	}
}

// TestQuizGenerateNoItemsSaysWhy: a corpus no item can be made from is an error that says
// why, not a bare "0 items generated"; nothing is created.
func TestQuizGenerateNoItemsSaysWhy(t *testing.T) {
	dir := t.TempDir()
	note := filepath.Join(dir, "note.txt")
	if err := os.WriteFile(note, []byte("Hello there. A short note.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := "no quiz item could be made from the 1 passage of the files given (--corpus): items are made from sentences of 5 to 45 words that define a term"
	for _, lib := range []string{filepath.Join(dir, "none"), filepath.Join(dir, "lib")} {
		r := runArgs(t, "", "quiz", "generate", "--data", lib, "--corpus", note)
		if r.err == nil || !strings.HasPrefix(r.err.Error(), want) || !strings.Contains(r.err.Error(), "--llm") || r.stdout != "" {
			t.Errorf("quiz generate --data %s: %v, %q; want %q", filepath.Base(lib), r.err, r.stdout, want)
		}
		if lib == filepath.Join(dir, "none") {
			if _, err := os.Stat(lib); err == nil {
				t.Errorf("a library was created in %s", lib)
			}
			// A library to hold it, not the note's passage: the same error.
			if r := runArgs(t, "", "corpus", "add", "--data", filepath.Join(dir, "lib"), filepath.Join(shared, "public/us_constitution.txt")); r.err != nil {
				t.Fatal(r.err)
			}
		}
	}
}

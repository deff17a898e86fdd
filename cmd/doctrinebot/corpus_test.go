package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/embeddings"
	"github.com/doctrinebot/doctrinebot/library"
	"github.com/gofrs/flock"
)

// childEnv, when set, makes the test binary run the program as main does (runMain), with the
// arguments it holds (separated by U+001F), instead of the tests: the crash test's child
// `corpus add`, the interrupted `ask` and `quiz`.
const childEnv = "DOCTRINEBOT_TEST_CHILD_ARGS"

// hwmEnv, when set in a child, makes it print its peak resident memory ("VmHWM: N kB") to
// standard error when done.
const hwmEnv = "DOCTRINEBOT_TEST_HWM"

// profileEnv, when set in a child, names the file its CPU profile is written to.
const profileEnv = "DOCTRINEBOT_TEST_CPUPROFILE"

func TestMain(m *testing.M) {
	if args := os.Getenv(childEnv); args != "" {
		if prof := os.Getenv(profileEnv); prof != "" {
			f, err := os.Create(prof)
			if err == nil {
				pprof.StartCPUProfile(f)
			}
		}
		code := runMain(strings.Split(args, "\x1f"), os.Getenv, os.Stdin, os.Stdout, os.Stderr)
		if status, e := os.ReadFile("/proc/self/status"); e == nil && os.Getenv(hwmEnv) != "" {
			for _, line := range strings.Split(string(status), "\n") {
				if strings.HasPrefix(line, "VmHWM:") {
					fmt.Fprintln(os.Stderr, line)
				}
			}
		}
		pprof.StopCPUProfile()
		os.Exit(code)
	}
	// ask and eval read the library folder from the environment: point it at an empty folder,
	// so that no library of the user's changes what the tests answer from.
	empty, err := os.MkdirTemp("", "doctrinebot-test-data")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("DOCTRINEBOT_DATA", empty)
	code := m.Run()
	os.RemoveAll(empty)
	os.Exit(code)
}

// addOut is the --json shape of corpus add, as the tests expect it.
type addOut struct {
	Added     int `json:"documents_added"`
	Updated   int `json:"documents_updated"`
	Unchanged int `json:"documents_unchanged"`
	Failed    int `json:"documents_failed"`
	Embedded  int `json:"passages_embedded"`
	Total     int `json:"passages_total"`
	Failures  []struct {
		Path   string `json:"path"`
		Reason string `json:"reason"`
	} `json:"failures"`
	Similar    []similarJSON   `json:"similar"`
	Duplicates []duplicateJSON `json:"duplicates"`
	Replaced   []replacedJSON  `json:"replaced_unrelated"`
}

func decodeAdd(t *testing.T, r result) addOut {
	t.Helper()
	want := []string{"documents_added", "documents_failed", "documents_unchanged", "documents_updated", "duplicates", "failures", "passages_embedded", "passages_total", "replaced_unrelated", "similar"}
	if got := keys(t, []byte(r.stdout)); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("add --json keys %v, want %v", got, want)
	}
	var out addOut
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDataDir(t *testing.T) {
	tests := []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"/f", map[string]string{"DOCTRINEBOT_DATA": "/d", "HOME": "/h"}, "/f"},
		{"", map[string]string{"DOCTRINEBOT_DATA": "/d", "XDG_DATA_HOME": "/x", "HOME": "/h"}, "/d"},
		{"", map[string]string{"XDG_DATA_HOME": "/x", "HOME": "/h"}, "/x/doctrinebot"},
		{"", map[string]string{"XDG_DATA_HOME": "relative", "HOME": "/h"}, "/h/.local/share/doctrinebot"},
		{"", map[string]string{}, ""},
		{"", map[string]string{"DOCTRINEBOT_DATA": " \t", "HOME": "/h"}, ""}, // blank: no folder " "
		{"nope/../lib", map[string]string{}, "lib"},                          // no folder "nope" made to reach it
		{"", map[string]string{"DOCTRINEBOT_DATA": "/d/./x/"}, "/d/x"},
	}
	for _, tt := range tests {
		got, err := dataDir(tt.flag, func(k string) string { return tt.env[k] })
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("dataDir(%q, %v) = %q, %v; want %q", tt.flag, tt.env, got, err, tt.want)
		}
	}
}

// TestCorpusSharedEndToEnd is the bar: the seed and public corpora added, added again
// with nothing embedded, then answered from in a fresh run.
func TestCorpusSharedEndToEnd(t *testing.T) {
	seed, public := filepath.Join(shared, "seed"), filepath.Join(shared, "public")
	for _, p := range []string{seed, public} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("shared corpus absent: %v", err)
		}
	}
	data := t.TempDir()
	r := runArgs(t, "", "corpus", "add", "--json", "--data", data, seed, public)
	if r.err != nil {
		t.Fatalf("add: %v\n%s", r.err, r.stderr)
	}
	first := decodeAdd(t, r)
	if first.Added != 6 || first.Failed != 0 || first.Embedded == 0 || first.Total < 2000 {
		t.Errorf("first add: %+v", first)
	}
	readmeCounts(t, data, first)
	r = runArgs(t, "", "corpus", "add", "--json", "--data", data, seed, public)
	if r.err != nil {
		t.Fatalf("add again: %v\n%s", r.err, r.stderr)
	}
	again := decodeAdd(t, r)
	if again.Embedded != 0 || again.Unchanged != 6 || again.Added+again.Updated != 0 || again.Total != first.Total {
		t.Errorf("add again: %+v, want 6 unchanged and passages_embedded 0", again)
	}
	r = runArgs(t, "", "ask", "--json", "--data", data, "Who is the principal military adviser to the President?")
	if r.err != nil {
		t.Fatalf("ask: %v\n%s", r.err, r.stderr)
	}
	var ans answerOut
	if err := json.Unmarshal([]byte(r.stdout), &ans); err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || !strings.Contains(ans.Answer, "Chairman of the Joint Chiefs of Staff") {
		t.Errorf("answer %q (answered %v), want the Chairman of the Joint Chiefs of Staff", ans.Answer, ans.Answered)
	}
}

// readmeCounts checks that the README's counts of the seed and public corpora's passages are
// what corpus add (first, its report of adding them to the library in data) and corpus list
// say: the texts embedded and the passages, in all and of The Federalist. It said The
// Federalist had 1,444 passages where corpus list showed 1443.
func readmeCounts(t *testing.T, data string, first addOut) {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Skip(err)
	}
	r := runArgs(t, "", "corpus", "list", "--json", "--data", data)
	var list listJSON
	if err := json.Unmarshal([]byte(r.stdout), &list); r.err != nil || err != nil {
		t.Fatalf("list: %v %v %q", r.err, err, r.stdout)
	}
	federalist := 0
	for _, d := range list.Documents {
		if d.ID == "federalist-papers-pg18" {
			federalist = d.Passages
		}
	}
	// thousands writes n as the README does: 2,598.
	thousands := func(n int) string {
		s := strconv.Itoa(n)
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		return s
	}
	for _, want := range []string{
		fmt.Sprintf("added afresh say `%d distinct texts embedded for %d passages`", first.Embedded, first.Total),
		fmt.Sprintf("is all in The Federalist (%s)", thousands(federalist)),
		fmt.Sprintf("seed-dev on seed + public (%s passages)", thousands(first.Total)),
		fmt.Sprintf("the seed and public corpora's %s", thousands(first.Total)),
	} {
		if !strings.Contains(strings.Join(strings.Fields(string(readme)), " "), want) {
			t.Errorf("the README says not %q", want)
		}
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// section is a markdown section of over 200 bytes (a passage of its own) about topic.
func section(topic string) string {
	return fmt.Sprintf("## On the %s\n\nThe %s is described here at length. It concerns the organisation of the armed "+
		"forces, their command and their control by civilian authority, and the %s is reviewed every year by the "+
		"legislature, which publishes its findings in a report to the nation.\n\n", topic, topic, topic)
}

func TestCorpusAddBadFiles(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(dir, "texts", "good.md"), "# Good\n\n"+section("navy")+section("army"))
	writeFile(t, filepath.Join(dir, "texts", "blank.txt"), " \n\n")
	writeFile(t, filepath.Join(dir, "texts", "binary.txt"), "abc\x00def")
	writeFile(t, filepath.Join(dir, "texts", "latin1.txt"), "caf\xe9 au lait")
	writeFile(t, filepath.Join(dir, "texts", "big.txt"), strings.Repeat("A sentence of some length. ", 60000))
	writeFile(t, filepath.Join(dir, "texts", "sub", "other.txt"), "Other\n\n"+strings.Repeat("The marines are a naval infantry force. ", 10))
	writeFile(t, filepath.Join(dir, "texts", ".hidden.txt"), "never read")
	writeFile(t, filepath.Join(dir, "texts", "notes.csv"), "not a text format")
	missing := filepath.Join(dir, "missing.md")

	r := runArgs(t, "", "corpus", "add", "--json", "--max-size", "1", "--data", data, filepath.Join(dir, "texts"), missing)
	if !errors.Is(r.err, errSilent) {
		t.Fatalf("add with bad files: %v, want the failures reported (errSilent)\n%s", r.err, r.stderr)
	}
	out := decodeAdd(t, r)
	reasons := map[string]string{}
	for _, f := range out.Failures {
		reasons[filepath.Base(f.Path)] = f.Reason
	}
	want := map[string]string{
		"blank.txt":  "empty",
		"binary.txt": "binary",
		"latin1.txt": "UTF-8",
		"big.txt":    "too large",
		"missing.md": "no such file",
	}
	for name, frag := range want {
		if !strings.Contains(reasons[name], frag) {
			t.Errorf("failure of %s: %q, want it to say %q", name, reasons[name], frag)
		}
	}
	if r := reasons["missing.md"]; strings.Contains(r, "stat ") || strings.Contains(r, "missing.md") {
		t.Errorf("failure of missing.md: %q, want the reason alone (its path is beside it)", r)
	}
	if out.Failed != len(want) || len(out.Failures) != len(want) || out.Added != 2 {
		t.Errorf("add: %+v; want %d failed and 2 added", out, len(want))
	}

	// Without --json: each failure named on standard error, the summary on standard output.
	r = runArgs(t, "", "corpus", "add", "--max-size", "1", "--data", data, filepath.Join(dir, "texts"))
	if !errors.Is(r.err, errSilent) || !strings.Contains(r.stderr, "binary.txt: binary") || !strings.Contains(r.stdout, "2 unchanged, 4 failed") {
		t.Errorf("plain add: %v\nstdout %s\nstderr %s", r.err, r.stdout, r.stderr)
	}

	r = runArgs(t, "", "corpus", "list", "--json", "--data", data)
	var list struct {
		AnswersFrom string `json:"answers_from"`
		Documents   []struct {
			ID string `json:"id"`
		} `json:"documents"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatal(err, r.stderr)
	}
	if list.AnswersFrom != "library" || len(list.Documents) != 2 || list.Documents[0].ID != "good" || list.Documents[1].ID != "sub-other" {
		t.Errorf("list: %+v", list)
	}
}

func TestCorpusCommands(t *testing.T) {
	dir, data := t.TempDir(), filepath.Join(t.TempDir(), "lib")
	file := filepath.Join(dir, "forces.md")
	writeFile(t, file, "# Forces\n\n"+section("navy")+section("army")+section("air force"))
	writeFile(t, filepath.Join(dir, "other.md"), section("militia"))

	// An empty library: list says answers come from the built-in corpus, and ask answers from
	// it, creating nothing.
	r := runArgs(t, "", "corpus", "list", "--data", data)
	if want := "There is no library in " + data + ": answers come from the built-in corpus"; r.err != nil || !strings.HasPrefix(r.stdout, want) || !strings.Contains(r.stdout, "`doctrinebot corpus add --data "+data+" PATH`") {
		t.Errorf("list of no library: %v %q, want %q… and how to add documents", r.err, r.stdout, want)
	}
	r = runArgs(t, "", "ask", "--data", data, "What is the security sector?")
	if r.err != nil || !strings.Contains(r.stdout, "Governance and the Security Sector") {
		t.Errorf("ask with an empty library: %v %q", r.err, r.stdout)
	}
	// show, remove and reindex of a library that does not exist: a runtime error (exit status
	// 1, no usage) naming the folder and saying how to create a library.
	for _, args := range [][]string{{"show", "forces"}, {"remove", "forces"}, {"reindex"}} {
		r := runArgs(t, "", append(append([]string{"corpus"}, args...), "--data", data)...)
		if !errors.Is(r.err, errNoLibrary) {
			t.Errorf("corpus %s of no library: %v, want errNoLibrary", args[0], r.err)
			continue
		}
		var stderr strings.Builder
		if got := exitStatus(r.err, &stderr); got != 1 {
			t.Errorf("corpus %s of no library: exit status %d, want 1", args[0], got)
		}
		want := "doctrinebot: no library in " + data + ": create one with `doctrinebot corpus add --data " + data + " PATH`, or give the folder of another with --data\n"
		if r.stderr+stderr.String() != want || r.stdout != "" {
			t.Errorf("corpus %s of no library printed %q on stdout and %q on stderr, want %q on stderr", args[0], r.stdout, r.stderr+stderr.String(), want)
		}
	}
	if _, err := os.Stat(data); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("reading commands created the library folder: %v", err)
	}

	r = runArgs(t, "", "corpus", "add", "--data", data, "--id", "forces", "--title", "Armed Forces", "--edition", "1st", "--author", "A. Writer", file)
	if r.err != nil || !strings.Contains(r.stdout, "1 added") {
		t.Fatalf("add: %v %q %q", r.err, r.stdout, r.stderr)
	}
	r = runArgs(t, "", "corpus", "list", "--data", data)
	if r.err != nil || !strings.Contains(r.stdout, "Answers come from the library") || !strings.Contains(r.stdout, "forces\t3 passages\tArmed Forces, A. Writer (1st)") {
		t.Errorf("list: %v %q", r.err, r.stdout)
	}
	r = runArgs(t, "", "ask", "--data", data, "--json", "Who reviews the air force every year?")
	if r.err != nil || !strings.Contains(r.stdout, `"document":"forces"`) {
		t.Errorf("ask from the library: %v %q", r.err, r.stdout)
	}

	// A new edition (same --id, one section changed): updated, one passage embedded.
	writeFile(t, file, "# Forces\n\n"+section("navy")+section("army")+section("space force"))
	r = runArgs(t, "", "corpus", "add", "--json", "--data", data, "--id", "forces", "--title", "Armed Forces", "--edition", "2nd", "--author", "A. Writer", file)
	if r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	if out := decodeAdd(t, r); out.Updated != 1 || out.Embedded != 1 || out.Total != 3 {
		t.Errorf("new edition: %+v, want 1 updated with 1 of 3 passages embedded", out)
	}
	if strings.Contains(r.stderr, "note:") {
		t.Errorf("a new edition of the same file was noted: %q", r.stderr)
	}
	// Another file that shares no passage with the document --id names replaces it, as
	// asked, with a note naming what was replaced and how to put it back (a mistyped ID
	// replaced the Constitution silently); an edition from another file that keeps some
	// passages gets none.
	other := filepath.Join(t.TempDir(), "other.md")
	writeFile(t, other, "# Forces\n\n"+section("navy")+section("army")+section("coast guard"))
	if r := runArgs(t, "", "corpus", "add", "--data", data, "--id", "forces", other); r.err != nil || strings.Contains(r.stderr, "note:") {
		t.Errorf("an edition from another file sharing passages: %v, stderr %q; want no note", r.err, r.stderr)
	}
	unrelated := filepath.Join(t.TempDir(), "m.txt")
	writeFile(t, unrelated, "The sea is wide and the patrol boats keep it in time of peace, as the law requires of them.\n")
	r = runArgs(t, "", "corpus", "add", "--json", "--data", data, "--id", "forces", unrelated)
	if out := decodeAdd(t, r); len(out.Replaced) != 1 || out.Replaced[0] != (replacedJSON{"forces", other, 3, unrelated}) {
		t.Errorf("add --json of an unrelated file under --id: replaced_unrelated %+v, want forces from %s (3 passages) by %s", out.Replaced, other, unrelated)
	}
	if want := "note: --id forces replaced document forces (\"Armed Forces\", 3 passages, from " + other + ") with " + unrelated + ", which shares none of its passages"; r.err != nil || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "--id forces --title 'Armed Forces' --author 'A. Writer' --edition 2nd "+other+"`") {
		t.Errorf("an unrelated file under --id: %v, stderr %q; want a note containing %q and the command to add %s again", r.err, r.stderr, want, other)
	}
	// A replaced document whose file is gone cannot be put back from it: the note says so
	// rather than give a command that fails.
	gone := filepath.Join(t.TempDir(), "gone.txt")
	writeFile(t, gone, "The harbour pilots guide every ship through the narrows in fog and in storm alike.\n")
	if r := runArgs(t, "", "corpus", "add", "--data", data, "--id", "gone", gone); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	os.Remove(gone)
	if r := runArgs(t, "", "corpus", "add", "--data", data, "--id", "gone", unrelated); r.err != nil || !strings.Contains(r.stderr, "its file is gone, so only a copy of it can put that document back") {
		t.Errorf("replacing a document whose file is gone: %v, stderr %q; want the note to say so", r.err, r.stderr)
	}
	if r := runArgs(t, "", "corpus", "remove", "--data", data, "gone"); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	// Put back as the note says: the edition of the file before.
	if r := runArgs(t, "", "corpus", "add", "--data", data, "--id", "forces", "--title", "Armed Forces", "--edition", "2nd", "--author", "A. Writer", file); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}

	r = runArgs(t, "", "corpus", "show", "--json", "--data", data, "forces")
	var show struct {
		ID       string `json:"id"`
		Edition  string `json:"edition"`
		Passages []struct {
			Text  string `json:"text"`
			Lines [2]int `json:"lines"`
		} `json:"passages"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &show); err != nil {
		t.Fatal(err, r.stderr)
	}
	if show.ID != "forces" || show.Edition != "2nd" || len(show.Passages) != 3 || !strings.Contains(show.Passages[2].Text, "space force") || show.Passages[0].Lines[0] == 0 {
		t.Errorf("show: %+v", show)
	}
	r = runArgs(t, "", "corpus", "show", "--data", data, "forces")
	if r.err != nil || !strings.Contains(r.stdout, "edition: 2nd") || !strings.Contains(r.stdout, "[2] Armed Forces (2nd), A. Writer · On the space force") {
		t.Errorf("show: %v %q", r.err, r.stdout)
	}

	// Answers name the edition they quote.
	r = runArgs(t, "", "ask", "--data", data, "Who reviews the space force every year?")
	if r.err != nil || !strings.Contains(r.stdout, "— Armed Forces (2nd), A. Writer · On the space force") {
		t.Errorf("ask after the new edition: %v %q", r.err, r.stdout)
	}

	r = runArgs(t, "", "corpus", "reindex", "--json", "--data", data)
	if r.err != nil || !strings.Contains(r.stdout, `"passages_embedded":3`) {
		t.Errorf("reindex: %v %q %q", r.err, r.stdout, r.stderr)
	}

	// Several IDs are removed all or none: one that names no document removes nothing.
	r = runArgs(t, "", "corpus", "remove", "--data", data, "nope1", "forces", "nope2")
	if !errors.Is(r.err, library.ErrNotFound) || !strings.Contains(r.err.Error(), `"nope1", "nope2"`) || !strings.Contains(r.err.Error(), "nothing removed") {
		t.Errorf("remove with unknown IDs: %v, want ErrNotFound naming both", r.err)
	}
	r = runArgs(t, "", "corpus", "remove", "--json", "--data", data, "forces")
	if r.err != nil || !strings.Contains(r.stdout, `{"removed":{"id":"forces"`) {
		t.Errorf("remove: %v %q", r.err, r.stdout)
	}
	r = runArgs(t, "", "corpus", "remove", "--data", data, "forces")
	if !errors.Is(r.err, library.ErrNotFound) {
		t.Errorf("remove again: %v, want ErrNotFound", r.err)
	}
	r = runArgs(t, "", "corpus", "list", "--data", data)
	if want := "The library in " + data + " is empty: answers come from the built-in corpus"; r.err != nil || !strings.HasPrefix(r.stdout, want) {
		t.Errorf("list after remove: %v %q, want %q…", r.err, r.stdout, want)
	}

	// Usage mistakes.
	for _, args := range [][]string{
		{"corpus"}, {"corpus", "frobnicate"}, {"corpus", "add", "--data", data}, {"corpus", "show", "--data", data},
		{"corpus", "list", "--data", data, "extra"}, {"corpus", "add", "--max-size", "0", "--data", data, file},
		{"corpus", "add", "--id", "x", "--data", data, file, filepath.Join(dir, "other.md")},
	} {
		var u usageError
		if r := runArgs(t, "", args...); !errors.As(r.err, &u) {
			t.Errorf("%q: %v, want a usage error", args, r.err)
		}
	}
}

// TestCorpusAddSharedText checks that add and reindex say that they embed distinct texts, not
// passages: two passages with the same text (a paragraph printed twice, as in The Federalist
// No. 76) share one vector, and a text already embedded is not embedded again.
func TestCorpusAddSharedText(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	file := filepath.Join(dir, "forces.md")
	writeFile(t, file, "# Forces\n\n"+section("navy")+section("army")+section("navy"))
	r := runArgs(t, "", "corpus", "add", "--data", data, file)
	if want := "1 added, 0 updated, 0 unchanged, 0 failed; 2 distinct texts embedded for 3 passages (library " + data + ")\n"; r.err != nil || r.stdout != want {
		t.Errorf("add: %v, printed %q, want %q", r.err, r.stdout, want)
	}
	r = runArgs(t, "", "corpus", "add", "--json", "--data", data, file)
	if out := decodeAdd(t, r); out.Unchanged != 1 || out.Embedded != 0 || out.Total != 3 {
		t.Errorf("add again: %+v, want 1 unchanged, passages_embedded 0 of passages_total 3", out)
	}
	r = runArgs(t, "", "corpus", "reindex", "--data", data)
	if want := "embedded 2 distinct texts for 3 passages with "; r.err != nil || !strings.HasPrefix(r.stdout, want) {
		t.Errorf("reindex: %v, printed %q, want %q…", r.err, r.stdout, want)
	}
	r = runArgs(t, "", "corpus", "reindex", "--json", "--data", data)
	if want := `"passages_embedded":2,"passages_total":3}`; r.err != nil || !strings.Contains(r.stdout, want) {
		t.Errorf("reindex --json: %v %q, want the distinct texts embedded and the passages, %s", r.err, r.stdout, want)
	}
}

// TestCorpusNoLibraryFolder: with no --data, DOCTRINEBOT_DATA, XDG_DATA_HOME or HOME, the
// library folder is missing configuration: exit status 1 and the message alone, no usage.
func TestCorpusNoLibraryFolder(t *testing.T) {
	for _, args := range [][]string{{"corpus", "list"}, {"corpus", "show", "x"}, {"corpus", "add", "x.md"}, {"gaps"}} {
		r := runArgs(t, "", args...)
		var stderr strings.Builder
		if got := exitStatus(r.err, &stderr); got != 1 {
			t.Errorf("%q: exit status %d (%v), want 1", args, got, r.err)
		}
		if want := "doctrinebot: no library folder: give --data DIR or set DOCTRINEBOT_DATA\n"; r.stderr+stderr.String() != want {
			t.Errorf("%q printed %q on stderr, want %q", args, r.stderr+stderr.String(), want)
		}
	}
}

// TestCorpusAddKilled adds two documents, then runs `corpus add` of a new edition of one of
// them and thousands of other files in a child process, and kills it with SIGKILL part-way.
// While the child adds, a reader sees the two documents as they were; after the kill, the
// library is whole and holds the two as they were and none of the add's (or, had the kill come
// after the add's last transaction, all of them), lists and answers; a second add then completes
// it, embedding only what the killed one had not kept, and leaves no vector unused.
func TestCorpusAddKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	ctx := context.Background()
	dir, data := t.TempDir(), t.TempDir()
	builtin, err := os.ReadFile("../../corpus/builtin/chuter-governance-and-the-security-sector.txt")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "a-chuter.txt"), string(builtin))
	forces := filepath.Join(dir, "b-forces.md")
	writeFile(t, forces, "# Forces\n\n"+section("navy")+section("army"))
	r := runArgs(t, "", "corpus", "add", "--json", "--data", data, dir)
	if r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	b := embeddings.Builtin()
	reader, err := library.Open(ctx, data, library.Model{Name: b.Name(), Dim: b.Dim()})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	before, err := reader.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	vectorsBefore := countRows(t, data, `SELECT count(*) FROM embeddings`)

	// The new edition of b-forces (its army section replaced), and the files.
	writeFile(t, forces, "# Forces\n\n"+section("navy")+section("air force"))
	const files = 6000
	for i := range files {
		var b strings.Builder
		fmt.Fprintf(&b, "# Unit %d\n\n", i)
		for j := range 4 {
			b.WriteString(section(fmt.Sprintf("regiment %d of brigade %d", j, i)))
		}
		writeFile(t, filepath.Join(dir, "units", fmt.Sprintf("unit-%05d.md", i)), b.String())
	}
	const texts = files*4 + 1 // the files' passages and the new edition's air force

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+strings.Join([]string{"corpus", "add", "--json", "--data", data, dir}, "\x1f"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	// Kill once the add has staged some documents, mid-add. Until then a reader sees the
	// library as it was.
	deadline := time.Now().Add(60 * time.Second)
	killed, looks := false, 0
	for !killed {
		select {
		case err := <-exited:
			t.Fatalf("the child finished before it was killed (%v): make the add bigger\n%s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the child staged nothing in 60 s\n%s", stderr.String())
		}
		seen, err := reader.Documents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		looks++
		if fmt.Sprint(seen) != fmt.Sprint(before) {
			cmd.Process.Kill()
			t.Fatalf("during the add a reader sees %d documents, want the %d before it", len(seen), len(before))
		}
		if n := countRows(t, data, `SELECT count(*) FROM documents WHERE staged = 1`); n > 200 {
			time.Sleep(37 * time.Millisecond)
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
		}
		time.Sleep(10 * time.Millisecond)
	}
	err = <-exited
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child: %v, want killed by SIGKILL", err)
	}

	// The database is whole; it holds the documents before the add, or all of the add's, each
	// with all its passages and vectors.
	db, err := sql.Open("sqlite", filepath.Join(data, library.FileName))
	if err != nil {
		t.Fatal(err)
	}
	var check string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check: %q %v", check, err)
	}
	db.Close()
	docs, vectors, err := reader.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	flipped := len(docs) == files+2
	if len(docs) != 2 && !flipped {
		t.Fatalf("after the kill the library holds %d documents, want 2 (as before) or %d (all)", len(docs), files+2)
	}
	for _, d := range docs {
		want := 4
		switch d.ID {
		case "a-chuter":
			want = len(corpus.Builtin()[0].Passages)
		case "b-forces":
			want = 2
			if edition := strings.Contains(d.Passages[1].Text, "air force"); edition != flipped {
				t.Errorf("b-forces after the kill: the new edition %v, want %v", edition, flipped)
			}
		}
		if len(d.Passages) != want {
			t.Errorf("document %s: %d passages, want %d", d.ID, len(d.Passages), want)
		}
		for i := range d.Passages {
			if _, ok := vectors(&d.Passages[i]); !ok {
				t.Fatalf("document %s passage %d: no vector", d.ID, i)
			}
		}
	}
	r = runArgs(t, "", "corpus", "list", "--json", "--data", data)
	if r.err != nil || !strings.Contains(r.stdout, `"answers_from":"library"`) || strings.Count(r.stdout, `"id":`) != len(docs) {
		t.Errorf("list after the kill: %v %.200s", r.err, r.stdout)
	}
	idx, err := bot.NewIndex(ctx, docs, bot.IndexOptions{Vectors: vectors})
	if err != nil {
		t.Fatal(err)
	}
	ans, err := (&bot.Answerer{Index: idx}).Answer(ctx, "What is the security sector?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || ans.Quotes[0].Passage.DocumentID != "a-chuter" {
		t.Errorf("answer after the kill: %+v", ans)
	}

	// The same add again completes the library and embeds only what the killed one had not
	// kept; then every vector is used.
	kept := countRows(t, data, `SELECT count(*) FROM embeddings`) - vectorsBefore
	r = runArgs(t, "", "corpus", "add", "--json", "--data", data, dir)
	if r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	out := decodeAdd(t, r)
	want := addOut{Added: files, Updated: 1, Unchanged: 1, Embedded: texts - kept, Total: len(corpus.Builtin()[0].Passages) + 2 + files*4}
	if flipped {
		want = addOut{Unchanged: files + 2, Total: want.Total}
	}
	if out.Added != want.Added || out.Updated != want.Updated || out.Unchanged != want.Unchanged || out.Embedded != want.Embedded || out.Total != want.Total {
		t.Errorf("add after the kill, %d vectors kept: %+v, want %+v", kept, out, want)
	}
	if !flipped && kept == 0 {
		t.Errorf("the killed add kept no vector, though it had staged over 200 documents")
	}
	used := countRows(t, data, `SELECT count(DISTINCT embed_hash) FROM passages`)
	if got := countRows(t, data, `SELECT count(*) FROM embeddings`); got != used {
		t.Errorf("%d vectors for %d embedding texts after the second add", got, used)
	}
	t.Logf("killed with %d vectors of %d kept (flipped %v); %d looks at the library during the add", kept, texts, flipped, looks)
}

// TestCorpusAddFails adds files with an embedding endpoint that fails part-way: the add is
// reported as adding nothing, with the number of vectors it kept, and the library is as before;
// the same add with the endpoint working embeds only what was not kept, and adds every file but
// the one that cannot be read, which it names.
func TestCorpusAddFails(t *testing.T) {
	var served, limit atomic.Int64
	limit.Store(1 << 30)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Input []string `json:"input"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Input) != 1 {
			http.Error(w, "one input expected", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if served.Add(1) > limit.Load() {
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error":{"message":"no more","type":"invalid_request_error"}}`))
			return
		}
		sum := sha256.Sum256([]byte(req.Input[0]))
		fmt.Fprintf(w, `{"object":"list","model":"foo","data":[{"object":"embedding","index":0,"embedding":[%d,%d,%d]}]}`,
			sum[0]+1, sum[1], sum[2])
	}))
	defer srv.Close()
	env := map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1", "DOCTRINEBOT_EMBED_MODEL": "foo"}
	add := func(args ...string) result {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), append([]string{"corpus", "add", "--json"}, args...), func(k string) string { return env[k] },
			strings.NewReader(""), &stdout, &stderr)
		return result{err, stdout.String(), stderr.String()}
	}
	dir, data := t.TempDir(), t.TempDir()
	forces := filepath.Join(dir, "a-forces.md")
	writeFile(t, forces, "# Forces\n\n"+section("navy")+section("army"))
	if r := add("--data", data, dir); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	before := runArgs(t, "", "corpus", "list", "--json", "--data", data)

	// A new edition of a-forces, ten files of two passages and a blank one. The probe of the
	// endpoint, the new edition's passage and four of the files' are embedded; the next fails.
	writeFile(t, forces, "# Forces\n\n"+section("navy")+section("air force"))
	for i := range 10 {
		writeFile(t, filepath.Join(dir, "units", fmt.Sprintf("unit-%d.md", i)),
			fmt.Sprintf("# Unit %d\n\n", i)+section(fmt.Sprintf("regiment %d", i))+section(fmt.Sprintf("brigade %d", i)))
	}
	writeFile(t, filepath.Join(dir, "units", "blank.md"), "\n")
	served.Store(0)
	limit.Store(6)
	r := add("--data", data, dir)
	if r.err == nil || !strings.Contains(r.err.Error(), "no more") ||
		!strings.Contains(r.err.Error(), "nothing added: the library in "+data+" is as it was before this add (the vectors of the 5 texts embedded are kept") {
		t.Errorf("the failed add: %v, want the endpoint's error and nothing added, 5 vectors kept", r.err)
	}
	if got := exitStatus(r.err, io.Discard); got != 1 {
		t.Errorf("exit status %d, want 1", got)
	}
	if r.stdout != "" {
		t.Errorf("the failed add printed %q", r.stdout)
	}
	if after := runArgs(t, "", "corpus", "list", "--json", "--data", data); after.stdout != before.stdout {
		t.Errorf("after the failed add the library lists\n%s\nwant as before\n%s", after.stdout, before.stdout)
	}

	limit.Store(1 << 30)
	served.Store(0)
	r = add("--data", data, dir)
	out := decodeAdd(t, r)
	if out.Added != 10 || out.Updated != 1 || out.Failed != 1 || out.Embedded != 21-5 {
		t.Errorf("adding again: %+v; want 10 added, 1 updated, the blank file failed, 16 embedded", out)
	}
	if !errors.Is(r.err, errSilent) || !strings.HasSuffix(out.Failures[0].Path, "blank.md") {
		t.Errorf("adding again: %v, %+v; want the blank file reported", r.err, out.Failures)
	}
}

// countRows returns the number query counts in the library in data, 0 while there is no
// library or no schema.
func countRows(t *testing.T, data, query string) int {
	t.Helper()
	if !libraryExists(data) {
		return 0
	}
	db, err := sql.Open("sqlite", filepath.Join(data, library.FileName)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		return 0 // the schema is not there yet
	}
	return n
}

// child runs the program in a child process (the test binary in child mode) and returns its
// standard output, its wall time and its peak resident memory in bytes.
func child(tb testing.TB, args ...string) (string, time.Duration, int64) {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+strings.Join(args, "\x1f"), hwmEnv+"=1")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	var hwm int64
	for _, line := range strings.Split(stderr.String(), "\n") {
		if kb, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(kb), " kB"), &hwm)
			hwm <<= 10
		}
	}
	if err != nil {
		tb.Logf("%q: %v\n%s", args, err, lastLines(stderr.String(), 5))
	}
	return stdout.String(), took, hwm
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// BenchmarkCorpusUSCode adds the whole US Code (../shared/corpus/scale/uscode-chunks.tar.xz,
// 141,895 files, unpacked to a temporary folder) to a new library in a child process, then
// asks one question from it in a fresh child process, and reports: ingest MB/s (file bytes
// over the add's wall time), the library's size on disk, the cold start to the first answer
// (process start, open, load, index, one answer) and the peak resident memory of each
// process. It runs once whatever -benchtime says:
//
//	go test ./cmd/doctrinebot -run '^$' -bench CorpusUSCode -benchtime 1x -timeout 60m
func BenchmarkCorpusUSCode(b *testing.B) {
	archive := filepath.Join(shared, "scale", "uscode-chunks.tar.xz")
	if _, err := os.Stat(archive); err != nil {
		b.Skipf("US Code archive absent: %v", err)
	}
	src, data := b.TempDir(), b.TempDir()
	if out, err := exec.Command("tar", "-xJf", archive, "-C", src).CombinedOutput(); err != nil {
		b.Fatalf("unpack: %v\n%s", err, out)
	}
	var files int
	var text int64
	filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			if info, err := d.Info(); err == nil {
				files++
				text += info.Size()
			}
		}
		return nil
	})
	for range b.N {
		b.StopTimer()
		os.RemoveAll(data)
		b.StartTimer()
		out, took, addHWM := child(b, "corpus", "add", "--json", "--data", data, src)
		var rep addOut
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			b.Fatalf("add: %v: %q", err, out)
		}
		b.StopTimer()
		_, again, _ := child(b, "corpus", "add", "--json", "--data", data, src)
		var disk int64
		for _, name := range []string{library.FileName, library.FileName + "-wal"} {
			if info, err := os.Stat(filepath.Join(data, name)); err == nil {
				disk += info.Size()
			}
		}
		answer, cold, askHWM := child(b, "ask", "--data", data, "Who is the principal military adviser to the President?")
		b.Logf("%d files, %.1f MB of text: %d added, %d failed (%v), %d passages; add %v, add again %v",
			files, float64(text)/1e6, rep.Added, rep.Failed, failedNames(rep), rep.Total, took.Round(time.Millisecond), again.Round(time.Millisecond))
		b.Logf("answer: %.200s", answer)
		b.ReportMetric(float64(text)/1e6/took.Seconds(), "ingest-MB/s")
		b.ReportMetric(float64(disk)/1e6, "disk-MB")
		b.ReportMetric(cold.Seconds(), "cold-start-s")
		b.ReportMetric(float64(addHWM)/1e6, "add-RSS-MB")
		b.ReportMetric(float64(askHWM)/1e6, "ask-RSS-MB")
		b.ReportMetric(float64(text)/1e6+float64(rep.Total)*100*4/1e6, "text+vectors-MB")
		b.StartTimer()
	}
}

// failedNames sums up an add's failures: the first few reasons.
func failedNames(rep addOut) string {
	reasons := map[string]int{}
	for _, f := range rep.Failures {
		reasons[f.Reason]++
	}
	return fmt.Sprint(reasons)
}

// TestCorpusAddSpecialFiles: a named pipe and a link to /dev/zero named *.txt in a folder, and
// /dev/zero named directly, are reported as not regular files and never read (reading them
// would block for ever or fill the memory); the good file is added. ask --corpus /dev/zero is
// an error naming it.
func TestCorpusAddSpecialFiles(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	dir, data := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(dir, "good.txt"), "The sentry guards the gate at night and the bugler sounds retreat at dusk.")
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt")); err != nil {
		t.Fatal(err)
	}
	r := runArgs(t, "", "corpus", "add", "--json", "--data", data, dir)
	if !errors.Is(r.err, errSilent) {
		t.Fatalf("add: %v, want the failures reported\n%s", r.err, r.stderr)
	}
	out := decodeAdd(t, r)
	reasons := map[string]string{}
	for _, f := range out.Failures {
		reasons[f.Path] = f.Reason
	}
	want := map[string]string{
		filepath.Join(dir, "fifo.txt"): "not a regular file (a named pipe)",
		filepath.Join(dir, "zero.txt"): "not a regular file (a character device)",
	}
	for path, reason := range want {
		if reasons[path] != reason {
			t.Errorf("failure of %s: %q, want %q", path, reasons[path], reason)
		}
	}
	if out.Added != 1 || out.Failed != 2 {
		t.Errorf("add: %+v; want 1 added, 2 failed", out)
	}
	r = runArgs(t, "", "corpus", "add", "--data", data, "/dev/zero")
	if !errors.Is(r.err, errSilent) || !strings.Contains(r.stderr, "not added: /dev/zero: not a regular file (a character device)") {
		t.Errorf("add /dev/zero: %v\n%s", r.err, r.stderr)
	}
	r = runArgs(t, "", "ask", "--corpus", "/dev/zero", "what is x")
	if r.err == nil || !strings.Contains(r.err.Error(), "/dev/zero: not a regular file") || exitStatus(r.err, io.Discard) != 1 {
		t.Errorf("ask --corpus /dev/zero: %v, want exit status 1 saying it is not a regular file", r.err)
	}
}

// signalWriter is a writer, safe for concurrent use, that closes seen once what was written
// holds want.
type signalWriter struct {
	mu   sync.Mutex
	b    strings.Builder
	want string
	seen chan struct{}
}

func newSignalWriter(want string) *signalWriter {
	return &signalWriter{want: want, seen: make(chan struct{})}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	had := strings.Contains(w.b.String(), w.want)
	w.b.Write(p)
	if !had && strings.Contains(w.b.String(), w.want) {
		close(w.seen)
	}
	return len(p), nil
}

func (w *signalWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// TestCorpusWriterWaitsForLock: corpus add, remove and reindex finding another process
// writing to the library (one holding its lock) say so in one line and wait; interrupted
// while they wait, they stop at once with exit status 130 and the usual message; once the
// lock is released, an add goes on.
func TestCorpusWriterWaitsForLock(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	text := filepath.Join(dir, "good.txt")
	writeFile(t, text, "The sentry guards the gate at night and the bugler sounds retreat at dusk.")
	if r := runArgs(t, "", "corpus", "add", "--data", data, text); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	waiting, release := holdWriterLock(t, data)
	getenv := func(string) string { return "" }
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"corpus", "add", "--data", data, text}, "doctrinebot: interrupted; nothing added: the library in " + data + " is as it was"},
		{[]string{"corpus", "remove", "--data", data, "good"}, "doctrinebot: interrupted; nothing removed: the library in " + data + " is as it was"},
		{[]string{"corpus", "reindex", "--data", data}, "doctrinebot: interrupted; the library in " + data + " is as it was"},
	} {
		status, got := interruptWaiting(t, tt.args, waiting)
		if status != 130 {
			t.Errorf("%s interrupted while waiting: exit status %d, want 130", tt.args[1], status)
		}
		if strings.Count(got, waiting) != 1 || !strings.Contains(got, tt.want) {
			t.Errorf("%s interrupted while waiting: stderr %q, want the waiting line once and %q", tt.args[1], got, tt.want)
		}
	}

	// Released while an add waits: the add goes on.
	stderr := newSignalWriter(waiting)
	done := make(chan error, 1)
	var stdout bytes.Buffer
	writeFile(t, filepath.Join(dir, "other.txt"), "The quartermaster issues rations to every company before dawn.")
	go func() {
		done <- run(context.Background(), []string{"corpus", "add", "--data", data, filepath.Join(dir, "other.txt")}, getenv, strings.NewReader(""), &stdout, stderr)
	}()
	<-stderr.seen
	release()
	if err := <-done; err != nil || !strings.Contains(stdout.String(), "1 added") {
		t.Errorf("add after the lock was released: %v\n%s%s", err, stdout.String(), stderr.String())
	}
}

// TestCorpusAddBadID: an --id of white space, with a path separator, a newline or a terminal
// escape is a usage mistake naming it (quoted, so that it prints on one line), and nothing is
// stored; a good one, of any script, is taken, as the help says.
func TestCorpusAddBadID(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	text := filepath.Join(dir, "fm.md")
	writeFile(t, text, "# Field Manual\n\nThe field commander reports casualties every twelve hours.\n")
	for _, id := range []string{"../../etc/passwd", "a/b", "a\nb", "a\x1b[31mb", "-rf", ".hidden", "fm 9", strings.Repeat("x", 101)} {
		r := runArgs(t, "", "corpus", "add", "--data", data, "--id", id, text)
		var u usageError
		if !errors.As(r.err, &u) || exitStatus(r.err, io.Discard) != 2 {
			t.Errorf("--id %q: %v, want a usage mistake", id, r.err)
			continue
		}
		want := fmt.Sprintf("--id %q is no document ID: an ID is 1 to 100 letters or digits (of any script), '-', '_' or '.', starting with a letter or digit", id)
		if r.err.Error() != want || !strings.HasPrefix(r.stderr, "doctrinebot: "+want+"\n") {
			t.Errorf("--id %q: error %q, want %q", id, r.err, want)
		}
	}
	if libraryExists(data) {
		t.Error("a bad --id created a library")
	}
	for _, id := range []string{"fm-9", "FM_3-0.2022", "ДП-1"} {
		if r := runArgs(t, "", "corpus", "add", "--data", data, "--id", id, text); r.err != nil {
			t.Errorf("--id %q: %v\n%s", id, r.err, r.stderr)
		}
	}
	// The help says so, as the README does, where it said "letters, digits" as if Latin only.
	if help := strings.Join(strings.Fields(commandUsage("corpus")), " "); !strings.Contains(help, "1 to 100 letters and digits of any script, '-', '_' or '.', starting with a letter or digit") {
		t.Errorf("corpus help does not say which IDs are taken:\n%s", commandUsage("corpus"))
	}
}

// TestCorpusAddMaxSize: --max-size values that are no size (NaN, not above 0, under one byte,
// over what an int64 holds) are usage mistakes naming them, where they fell back to 50 MiB;
// the smallest and a large one are taken.
func TestCorpusAddMaxSize(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	text := filepath.Join(dir, "a.txt")
	writeFile(t, text, "The sentry guards the gate.")
	for _, tt := range []struct{ value, want string }{
		{"NaN", "--max-size must be a number of MiB, got NaN"},
		{"0", "--max-size must be above 0, got 0"},
		{"-1", "--max-size must be above 0, got -1"},
		{"0.0000001", "--max-size 1e-07 MiB is under one byte"},
		{"1e13", "--max-size 1e+13 MiB is too large: at most 8796093022207 MiB"},
		{"Inf", "--max-size +Inf MiB is too large: at most 8796093022207 MiB"},
	} {
		r := runArgs(t, "", "corpus", "add", "--data", data, "--max-size", tt.value, text)
		if exitStatus(r.err, io.Discard) != 2 || r.err.Error() != tt.want {
			t.Errorf("--max-size %s: %v, want the usage mistake %q", tt.value, r.err, tt.want)
		}
	}
	// One byte: the file is too large; 1e6 MiB: it is added.
	r := runArgs(t, "", "corpus", "add", "--json", "--data", data, "--max-size", "0.000001", text)
	if out := decodeAdd(t, r); out.Failed != 1 || !strings.Contains(out.Failures[0].Reason, "the limit is 1") {
		t.Errorf("--max-size of one byte: %+v", out)
	}
	r = runArgs(t, "", "corpus", "add", "--json", "--data", data, "--max-size", "1e6", text)
	if out := decodeAdd(t, r); r.err != nil || out.Added != 1 {
		t.Errorf("--max-size 1e6: %v %+v", r.err, out)
	}
}

// TestTerminalEscapesNotPrinted: escape codes in a document's text and front matter, and in a
// refused question, reach neither the library nor the terminal: corpus list and show, ask and
// gaps print none, also of a gap recorded with them before they were dropped.
func TestTerminalEscapesNotPrinted(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	file := filepath.Join(dir, "ansi.md")
	writeFile(t, file, "---\ntitle: \x1b[31mRED\x1b[0m title\nauthor: evil\x07bell\n---\n\n"+
		"The body escape text says the \x1b]0;PWNED\x07 bugler sounds \x1b[2J retreat at dusk.\n")
	if r := runArgs(t, "", "corpus", "add", "--data", data, file); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	db, err := sql.Open("sqlite", filepath.Join(data, library.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO gaps (key, question, count, last) VALUES ('old', ?, 1, 0)`, "\x1b[31mWhat is old?\x1b[0m\x1b]0;pwn\x07"); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, args := range [][]string{
		{"corpus", "list", "--data", data},
		{"corpus", "show", "--data", data, "ansi"},
		{"ask", "--data", data, "When does the bugler sound retreat?"},
		{"ask", "--data", data, "\x1b[31mWhat is the recipe for chocolate cake?\x1b[0m"},
		{"gaps", "--data", data},
	} {
		r := runArgs(t, "", args...)
		if r.err != nil {
			t.Fatalf("%q: %v\n%s", args, r.err, r.stderr)
		}
		out.WriteString(r.stdout + r.stderr)
	}
	if got := out.String(); strings.ContainsAny(got, "\x1b\x07") || !strings.Contains(got, "RED[0m title") || !strings.Contains(got, "bugler sounds [2J retreat") || !strings.Contains(got, "What is old?") || !strings.Contains(got, "chocolate cake?[0m") {
		t.Errorf("output holds escape codes, or lacks the text around them:\n%q", got)
	}
}

// TestCorpusAddMetadataChecked: metadata flags of corpus add holding a control character (a
// terminal escape), too long, blank, or a --source URL of a scheme other than http(s) are
// usage mistakes naming the flag, and nothing is stored; a --source URL ending in "(…)" gives
// the document no title.
func TestCorpusAddMetadataChecked(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	text := filepath.Join(dir, "orders.txt")
	writeFile(t, text, "The sentry guards the gate at night and reports to the duty officer every hour.\n")
	for _, tt := range []struct{ flag, value, want string }{
		{"--edition", "\x1b[31m2022", `--edition "\x1b[31m2022" holds a control character (U+001B)`},
		{"--title", "Orders\nof the day", `--title "Orders\nof the day" holds a control character (U+000A)`},
		{"--title", strings.Repeat("x", 100000), "--title is 100000 characters long: at most 300"},
		{"--author", strings.Repeat("é", 301), "--author is 301 characters long: at most 300"},
		{"--edition", strings.Repeat("1", 101), "--edition is 101 characters long: at most 100"},
		{"--licence", "  ", "--licence needs a value, not a blank one"},
		{"--source", "javascript:alert(1)", `--source "javascript:alert(1)" is a URL of the scheme javascript:, and a source URL must be http or https`},
		{"--source", "https://", `--source "https://" is no URL`},
		{"--title", "caf\xe9", `--title "caf\xe9" is not valid UTF-8 text`},
	} {
		r := runArgs(t, "", "corpus", "add", "--data", data, tt.flag, tt.value, text)
		var u usageError
		if !errors.As(r.err, &u) || !strings.HasPrefix(r.err.Error(), tt.want) || len(r.err.Error()) > 300 {
			t.Errorf("%s %.40q: %.300v, want a usage mistake beginning %q", tt.flag, tt.value, r.err, tt.want)
		}
	}
	if libraryExists(data) {
		t.Fatal("bad metadata created a library")
	}
	const source = "https://example.org/wiki/Orders_(military)"
	if r := runArgs(t, "", "corpus", "add", "--data", data, "--source", source, "--edition", "2nd edition (2022)", "--author", "Note: the Staff", text); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	r := runArgs(t, "", "corpus", "show", "--json", "--data", data, "orders")
	var doc struct{ Title, Source, Edition, Author string }
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err, r.stdout)
	}
	if doc.Title != "orders" || doc.Source != source || doc.Edition != "2nd edition (2022)" || doc.Author != "Note: the Staff" {
		t.Errorf("stored title %q, source %q, edition %q, author %q; want the file's name as title and the flags' values", doc.Title, doc.Source, doc.Edition, doc.Author)
	}
}

// TestCorpusAddSameTextElsewhere: the files of a folder added again through a link to the
// folder (given without a trailing slash) are the files stored, unchanged; a file copied
// elsewhere is reported unchanged and named as the document whose text it holds, not stored
// again under a new ID ("orders-2"); an --id the user gives stores a copy.
func TestCorpusAddSameTextElsewhere(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	texts := filepath.Join(dir, "texts")
	writeFile(t, filepath.Join(texts, "forces.md"), "# Forces\n\n"+section("navy")+section("army"))
	writeFile(t, filepath.Join(texts, "orders.txt"), "The sentry guards the gate at night and reports to the duty officer every hour.\n")
	link := filepath.Join(dir, "link")
	if err := os.Symlink(texts, link); err != nil {
		t.Skip(err)
	}
	copied := filepath.Join(dir, "elsewhere", "standing-orders.txt")
	b, err := os.ReadFile(filepath.Join(texts, "orders.txt"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, copied, string(b))
	if r := runArgs(t, "", "corpus", "add", "--json", "--data", data, texts); r.err != nil || decodeAdd(t, r).Added != 2 {
		t.Fatalf("first add: %v\n%s%s", r.err, r.stdout, r.stderr)
	}
	r := runArgs(t, "", "corpus", "add", "--json", "--data", data, link, copied)
	if r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	if out := decodeAdd(t, r); out.Added != 0 || out.Unchanged != 3 || out.Embedded != 0 || out.Total != 3 {
		t.Errorf("added through a link and a copy: %+v, want 3 unchanged, of the 3 passages stored (forces' 2, orders' 1)", out)
	}
	want := "doctrinebot: " + copied + ": not stored again: its text is that of document orders (" + filepath.Join(texts, "orders.txt") +
		"); to store it as another document, add it alone with --id\n"
	if r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	if n := countRows(t, data, `SELECT count(*) FROM documents`); n != 2 {
		t.Errorf("%d documents stored, want 2", n)
	}
	if r := runArgs(t, "", "corpus", "add", "--json", "--data", data, "--id", "standing-orders", copied); r.err != nil || decodeAdd(t, r).Added != 1 {
		t.Errorf("a copy with --id: %v\n%s", r.err, r.stdout)
	}
}

// TestCountsOfOne: a count of 1 is printed with its noun in the singular ("1 document, 1
// passage", not "1 documents, 1 passages"), and other counts in the plural.
func TestCountsOfOne(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	one := filepath.Join(dir, "orders.txt")
	writeFile(t, one, "The sentry guards the gate at night and reports to the duty officer every hour.\n")
	blank := filepath.Join(dir, "blank.txt")
	writeFile(t, blank, " \n")
	r := runArgs(t, "", "corpus", "add", "--data", data, one, blank)
	if !strings.HasPrefix(r.stdout, "1 added, 0 updated, 0 unchanged, 1 failed; 1 distinct text embedded for 1 passage (library ") ||
		r.err == nil || r.err.Error() != "1 file not added: failed" {
		t.Errorf("corpus add: %q, %v", r.stdout, r.err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"corpus", "list"}, ": 1 document, 1 passage, "},
		{[]string{"corpus", "list"}, "orders\t1 passage\torders\n"},
		{[]string{"corpus", "show", "orders"}, "  1 passage, 79 bytes; added "},
		{[]string{"quiz", "list"}, "0 items\n"},
		{[]string{"corpus", "remove", "orders"}, "removed orders (orders, 1 passage)\n"},
	} {
		if r := runArgs(t, "", append(tt.args, "--data", data)...); r.err != nil || !strings.Contains(r.stdout, tt.want) {
			t.Errorf("%s: %q, %v; want %q", strings.Join(tt.args, " "), r.stdout, r.err, tt.want)
		}
	}
	r = runArgs(t, "What is the navy?\n"+strings.Repeat("x", maxQuestion+1)+"\n", "ask", "--corpus", one)
	if r.err == nil || r.err.Error() != "1 question on standard input was too long and skipped: failed" {
		t.Errorf("ask with one question too long: %v", r.err)
	}
}

// TestCorpusAddAgainKeepsFlags checks that a file added again without the metadata flags of
// its first add is unchanged and keeps that metadata, that new flags update it and keep the
// rest, and that the file, edited, updates the document stored from it without --id, not a
// copy stored from it with --id.
func TestCorpusAddAgainKeepsFlags(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	text := filepath.Join(dir, "forces.md")
	writeFile(t, text, "# Forces\n\n"+section("navy"))
	add := func(want string, args ...string) {
		t.Helper()
		r := runArgs(t, "", append([]string{"corpus", "add", "--data", data}, append(args, text)...)...)
		if r.err != nil || !strings.HasPrefix(r.stdout, want) {
			t.Fatalf("corpus add %q: %v, stdout %q, want it to begin %q", args, r.err, r.stdout, want)
		}
	}
	list := func(want string) {
		t.Helper()
		r := runArgs(t, "", "corpus", "list", "--data", data)
		if r.err != nil || !strings.Contains(r.stdout, want) {
			t.Errorf("corpus list: %v, stdout %q, want it to hold %q", r.err, r.stdout, want)
		}
	}
	add("1 added, 0 updated, 0 unchanged", "--title", "Custom", "--author", "Ann")
	add("0 added, 0 updated, 1 unchanged, 0 failed; nothing to embed for ")
	list("forces\t1 passage\tCustom, Ann\n")
	add("0 added, 1 updated, 0 unchanged", "--author", "Bob")
	list("forces\t1 passage\tCustom, Bob\n")
	add("1 added, 0 updated, 0 unchanged", "--id", "copy")
	writeFile(t, text, "# Forces\n\n"+section("army"))
	add("0 added, 1 updated, 0 unchanged")
	list("forces\t1 passage\tCustom, Bob\n")
	add("0 added, 1 updated, 0 unchanged", "--edition", "2024")
	list("forces\t1 passage\tCustom, Bob (2024)\n")
	r := runArgs(t, "", "corpus", "show", "--data", data, "copy")
	// "edition:", not "2024" alone, which the temporary folder's name may hold.
	if r.err != nil || strings.Contains(r.stdout, "army") || strings.Contains(r.stdout, "edition:") {
		t.Errorf("the copy changed: %v\n%s", r.err, r.stdout)
	}
}

// TestCorpusAddIDKeepsFlags checks that a file added with --id of a stored document from
// another file (an edited copy of that file, as the note of TestCorpusAddEditedCopy advises)
// keeps the metadata flags that document was given, is read with them (added again without
// them, it is unchanged), and that a new edition given --edition keeps the others.
func TestCorpusAddIDKeepsFlags(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	body := "Range Safety Rules\n\nJohn Smith\n\nThe range safety officer must inspect every weapon before live firing begins. " +
		"No person may enter the impact area while the red flag is flying, and every firer wears eye and ear protection.\n"
	original, edited, next := filepath.Join(dir, "chuter.txt"), filepath.Join(dir, "chuter-edit.txt"), filepath.Join(dir, "chuter-2020.txt")
	writeFile(t, original, body)
	writeFile(t, edited, body+"\nEvery firer is briefed on the rules of the range before the first detail.\n")
	writeFile(t, next, body+"\nThe briefing is given again to any firer who arrives late.\n")
	add := func(want string, args ...string) {
		t.Helper()
		r := runArgs(t, "", append([]string{"corpus", "add", "--data", data}, args...)...)
		if r.err != nil || !strings.HasPrefix(r.stdout, want) {
			t.Fatalf("corpus add %q: %v, stdout %q, stderr %q; want it to begin %q", args, r.err, r.stdout, r.stderr, want)
		}
	}
	show := func(want ...string) {
		t.Helper()
		r := runArgs(t, "", "corpus", "show", "--data", data, "chuter")
		for _, w := range want {
			if r.err != nil || !strings.Contains(r.stdout, w+"\n") {
				t.Errorf("corpus show chuter: %v, stdout %q, want a line %q", r.err, r.stdout, w)
			}
		}
	}
	add("1 added", "--title", "Range Rules", "--author", "Range Staff", "--edition", "2019", "--licence", "CC BY",
		"--source", "https://example.org/range", original)
	add("0 added, 1 updated, 0 unchanged", "--id", "chuter", edited)
	show("chuter: Range Rules", "  author: Range Staff", "  source: https://example.org/range", "  edition: 2019", "  licence: CC BY", "  path: "+edited)
	add("0 added, 0 updated, 1 unchanged, 0 failed; nothing to embed for ", edited)
	add("0 added, 1 updated, 0 unchanged", "--id", "chuter", "--edition", "2020", next)
	show("chuter: Range Rules", "  author: Range Staff", "  source: https://example.org/range", "  edition: 2020", "  licence: CC BY", "  path: "+next)
}

// TestCorpusAddAgainReadsAsGiven checks that a file whose reading depends on the metadata
// flags (a first heading that is the title is no section heading; a title line is one only
// above its author's byline) is read again with the flags its document was given: added
// without them after a flag changed its metadata, it is unchanged and nothing is embedded,
// where it was read without the flag's title (its passages' headings changed) and updated.
func TestCorpusAddAgainReadsAsGiven(t *testing.T) {
	body := "The range safety officer must inspect every weapon before live firing begins. No person may " +
		"enter the impact area while the red flag is flying, and every firer wears eye and ear protection.\n"
	for _, tt := range []struct {
		name, text string
		flags      []string
	}{
		// The <h1> is the <title>: a heading only when --title names the page otherwise.
		{"rules.html", "<html><head><title>Range Safety Rules</title></head><body><h1>Range Safety Rules</h1>" +
			"<h2>Before firing</h2><p>" + body + "</p></body></html>", []string{"--title", "Range Rules"}},
		// The front matter's title is not the first heading, which is a section's then, but
		// the title --title gives takes the first heading as the title.
		{"rules.md", "---\ntitle: Range Orders\n---\n# Range Safety Rules\n\n" + body, []string{"--title", "Range Rules"}},
		// A title line is the title above its author's byline, not above another author's.
		{"rules.txt", "Range Safety Rules\n\nJohn Smith\n\n" + body, []string{"--author", "Range Staff"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir, data := t.TempDir(), t.TempDir()
			file := filepath.Join(dir, tt.name)
			writeFile(t, file, tt.text)
			for _, step := range []struct {
				flags []string
				want  string
			}{
				{nil, "1 added, 0 updated, 0 unchanged"},
				{tt.flags, "0 added, 1 updated, 0 unchanged"},
				{nil, "0 added, 0 updated, 1 unchanged, 0 failed; nothing to embed for "},
				{tt.flags, "0 added, 0 updated, 1 unchanged, 0 failed; nothing to embed for "},
			} {
				r := runArgs(t, "", append(append([]string{"corpus", "add", "--data", data}, step.flags...), file)...)
				if r.err != nil || !strings.HasPrefix(r.stdout, step.want) {
					t.Fatalf("corpus add %q: %v, stdout %q, want it to begin %q", step.flags, r.err, r.stdout, step.want)
				}
			}
		})
	}
}

// TestCorpusAddEditedCopy checks that a copy of a stored file, edited and added, which is a new
// document, is added with a note naming the stored document with which it shares most passages
// and saying how to update that document instead (on standard error, and in --json's similar);
// and that following it, pasting its commands where no library is the default, updates the
// stored document.
func TestCorpusAddEditedCopy(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	original := filepath.Join(dir, "texts", "forces.md")
	writeFile(t, original, "# Forces\n\n"+section("navy")+section("army")+section("air force"))
	if r := runArgs(t, "", "corpus", "add", "--data", data, original); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	edited := filepath.Join(dir, "my docs", "forces.md")
	writeFile(t, edited, "# Forces\n\n"+section("navy")+section("army")+section("space force"))
	r := runArgs(t, "", "corpus", "add", "--json", "--data", data, edited)
	if r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	out := decodeAdd(t, r)
	want := []similarJSON{{Document: "forces-2", Path: edited, SimilarTo: "forces", SimilarToPath: original, Shared: 2, Passages: 3, SimilarToPassages: 3}}
	if out.Added != 1 || !slices.Equal(out.Similar, want) {
		t.Errorf("edited copy: %+v, want it added and similar %+v", out, want)
	}
	remove := "doctrinebot corpus remove --data " + data + " forces-2"
	update := "doctrinebot corpus add --data " + data + " --id forces '" + edited + "'"
	note := "doctrinebot: note: " + edited + " was added as a new document, forces-2, but 2 of its 3 passages are among the 3 of document forces (" +
		original + "); if it is an edited copy of that document, update that document instead: `" + remove + "` and `" + update + "`\n"
	if r.stderr != note {
		t.Errorf("stderr %q, want %q", r.stderr, note)
	}
	// Done as the note says (runArgs gives no environment: the commands name the library),
	// the stored document is updated and nothing is similar.
	if r := runArgs(t, "", shellWords(t, remove)[1:]...); r.err != nil {
		t.Fatal(r.err)
	}
	r = runArgs(t, "", shellWords(t, update)[1:]...)
	if r.err != nil || !strings.HasPrefix(r.stdout, "0 added, 1 updated, 0 unchanged, 0 failed; 1 distinct text embedded") || r.stderr != "" {
		t.Errorf("%s: %v, stdout %q, stderr %q", update, r.err, r.stdout, r.stderr)
	}
	// A text copied, not edited, is no new document (see TestCorpusAddSameTextElsewhere);
	// another text added is not similar.
	other := filepath.Join(dir, "texts", "other.md")
	writeFile(t, other, "# Forces\n\n"+section("navy")+section("militia")+section("reserve")+section("marines"))
	r = runArgs(t, "", "corpus", "add", "--json", "--data", data, other)
	if out := decodeAdd(t, r); r.err != nil || out.Added != 1 || len(out.Similar) != 0 || r.stderr != "" {
		t.Errorf("another text: %v, %+v, stderr %q", r.err, out, r.stderr)
	}
}

// shellWords splits a command line as a POSIX shell does the words shellWord writes: words
// apart by spaces, each of characters as they are, single-quoted parts, and a quote escaped
// with a backslash.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var word strings.Builder
	in, quoted := false, false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case quoted && c == '\'':
			quoted = false
		case quoted:
			word.WriteByte(c)
		case c == '\'':
			quoted, in = true, true
		case c == '\\' && i+1 < len(line):
			i++
			word.WriteByte(line[i])
			in = true
		case c == ' ':
			if in {
				words = append(words, word.String())
				word.Reset()
				in = false
			}
		default:
			word.WriteByte(c)
			in = true
		}
	}
	if quoted {
		t.Fatalf("%q: a quote is not closed", line)
	}
	if in {
		words = append(words, word.String())
	}
	return words
}

// TestCorpusAddExcerptAndParts checks that an excerpt of a stored document (most of its
// passages the document's, as Federalist No. 10 alone with Project Gutenberg's header is the
// whole Federalist's) and the parts of one (a folder of chunks of the US Code's title 42, the
// title stored in one file) are added with no note: neither is an edited copy of it, and
// replacing it with one would lose most of it.
func TestCorpusAddExcerptAndParts(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	topics := []string{"navy", "army", "air force", "marines", "coast guard", "militia", "reserve", "space force"}
	whole := "# Forces\n\n"
	for _, topic := range topics {
		whole += section(topic)
		writeFile(t, filepath.Join(dir, "parts", strings.ReplaceAll(topic, " ", "-")+".md"), "# Forces\n\n"+section(topic))
	}
	writeFile(t, filepath.Join(dir, "forces.md"), whole)
	writeFile(t, filepath.Join(dir, "excerpt.md"), "# Forces\n\n"+section("preface")+section("army")+section("air force")+section("marines"))
	if r := runArgs(t, "", "corpus", "add", "--data", data, filepath.Join(dir, "forces.md")); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	r := runArgs(t, "", "corpus", "add", "--json", "--data", data, filepath.Join(dir, "excerpt.md"), filepath.Join(dir, "parts"))
	if r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	// One text is new, the preface: the rest are the stored document's.
	if out := decodeAdd(t, r); out.Added != 1+len(topics) || out.Embedded != 1 || len(out.Similar) != 0 || r.stderr != "" {
		t.Errorf("an excerpt and the parts of a document: %+v, stderr %q; want %d added, 1 text embedded, none similar, no note", out, r.stderr, 1+len(topics))
	}
}

// TestCorpusAddOneDocumentFlags checks that --id and --title with several files is a usage
// mistake naming only the flags given.
func TestCorpusAddOneDocumentFlags(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.md")
	writeFile(t, a, "The sentry guards the gate at night and reports to the duty officer every hour.\n")
	writeFile(t, b, section("navy"))
	for _, tt := range []struct {
		flags []string
		want  string
	}{
		{[]string{"--title", "X"}, "--title names one document: give one file"},
		{[]string{"--id", "x"}, "--id names one document: give one file"},
		{[]string{"--id", "x", "--title", "X"}, "--id and --title name one document: give one file"},
	} {
		r := runArgs(t, "", append(append([]string{"corpus", "add", "--data", data}, tt.flags...), a, b)...)
		var u usageError
		if !errors.As(r.err, &u) || r.err.Error() != tt.want {
			t.Errorf("corpus add %q with two files: %v, want the usage mistake %q", tt.flags, r.err, tt.want)
		}
	}
}

// TestCorpusNoSuchDocument checks that show and remove of an ID the library does not hold
// fail (exit status 1) with a message in the tool's words, naming the library's folder and
// saying where to find the IDs, with no package prefix.
func TestCorpusNoSuchDocument(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	file := filepath.Join(dir, "orders.txt")
	writeFile(t, file, "The sentry guards the gate at night and reports to the duty officer every hour.\n")
	if r := runArgs(t, "", "corpus", "add", "--data", data, file); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	for _, sub := range []string{"show", "remove"} {
		r := runArgs(t, "", "corpus", sub, "--data", data, "nosuch")
		var stderr strings.Builder
		status := exitStatus(r.err, &stderr)
		want := "doctrinebot: no such document \"nosuch\" in " + data + "; see `doctrinebot corpus list --data " + data + "`\n"
		if status != 1 || stderr.String() != want || !errors.Is(r.err, library.ErrNotFound) {
			t.Errorf("corpus %s nosuch: exit status %d, %q; want 1 and %q", sub, status, stderr.String(), want)
		}
	}
}

// TestErrorsWithoutPackagePrefix checks that the error line of a command speaks as the tool,
// without the prefix "library: " of the package that made the error.
func TestErrorsWithoutPackagePrefix(t *testing.T) {
	for _, tt := range []struct{ err, want string }{
		{"library: /d/library.db is damaged (x): restore it", "doctrinebot: /d/library.db is damaged (x): restore it\n"},
		{"library: add a: library: embed passage p of a: refused", "doctrinebot: add a: embed passage p of a: refused\n"},
		{"x; library: cannot write /d", "doctrinebot: x; cannot write /d\n"},
		{"no library in /d", "doctrinebot: no library in /d\n"},
	} {
		var stderr strings.Builder
		if exitStatus(errors.New(tt.err), &stderr); stderr.String() != tt.want {
			t.Errorf("error %q printed %q, want %q", tt.err, stderr.String(), tt.want)
		}
	}
}

// TestCorpusAddOtherExtension checks that a file named on the command line with an extension
// a folder's scan skips is read as plain text and stored as such (format "text"), and that
// one that is not text is refused saying so and naming the types read.
func TestCorpusAddOtherExtension(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	notes, sheet := filepath.Join(dir, "notes.csv"), filepath.Join(dir, "sheet.xlsx")
	writeFile(t, notes, "unit,role\nFirst Battalion,guards the northern gate at night and reports every hour\n")
	writeFile(t, sheet, "PK\x03\x04\x00\x00binary")
	r := runArgs(t, "", "corpus", "add", "--json", "--data", data, notes, sheet)
	out := decodeAdd(t, r)
	want := "binary content or UTF-16 without a byte-order mark (NUL byte at offset 4); a file named with another extension than " +
		strings.Join(corpus.Extensions, ", ") + " is read as plain text"
	if out.Added != 1 || len(out.Failures) != 1 || out.Failures[0].Path != sheet || out.Failures[0].Reason != want {
		t.Errorf("add notes.csv and sheet.xlsx: %+v, want notes added and sheet.xlsx refused: %q", out, want)
	}
	r = runArgs(t, "", "corpus", "show", "--json", "--data", data, "notes")
	var doc struct{ Format string }
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.Format != "text" {
		t.Errorf("notes.csv stored as format %q (%v), want text", doc.Format, err)
	}
}

// TestCorpusAddXHTML checks that an XHTML page named on the command line is read as HTML, by
// corpus add (stored as format html, its passages without markup) and by ask --corpus, where
// it was read as plain text, markup and all.
func TestCorpusAddXHTML(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	page := filepath.Join(dir, "orders.xhtml")
	writeFile(t, page, `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Standing Orders</title><script src="menu.js"/></head>
<body><h1>Standing Orders</h1><h2>Sentries</h2>
<p>The sentry guards the northern gate at night and reports to the duty officer every hour.</p>
</body></html>
`)
	if r := runArgs(t, "", "corpus", "add", "--json", "--data", data, page); r.err != nil || decodeAdd(t, r).Added != 1 {
		t.Fatalf("corpus add orders.xhtml: %v\n%s%s", r.err, r.stdout, r.stderr)
	}
	r := runArgs(t, "", "corpus", "show", "--json", "--data", data, "orders")
	var doc struct {
		Title, Format string
		Passages      []struct{ Section, Text string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err, r.stdout)
	}
	want := "The sentry guards the northern gate at night and reports to the duty officer every hour."
	if doc.Title != "Standing Orders" || doc.Format != "html" || len(doc.Passages) != 1 || doc.Passages[0].Text != want ||
		doc.Passages[0].Section != "Sentries" {
		t.Errorf("stored %+v; want format html, title Standing Orders, one passage under Sentries: %q", doc, want)
	}
	r = runArgs(t, "", "ask", "--json", "--corpus", page, "Who guards the northern gate at night?")
	if r.err != nil || !strings.Contains(r.stdout, want) || strings.Contains(r.stdout, "<p>") || strings.Contains(r.stdout, `\u003cp\u003e`) {
		t.Errorf("ask --corpus orders.xhtml: %v\n%s", r.err, r.stdout)
	}
}

// TestCorpusAddNotesCapped checks that corpus add prints at most maxNotes notes of each kind on
// standard error, then one line saying how many more there are and that --json lists them all
// (a folder of thousands of copies printed a note for each), and that --json lists them all:
// 14 edited copies of a stored file (similar) and 13 files whose text is another's
// (duplicates).
func TestCorpusAddNotesCapped(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	original := filepath.Join(dir, "forces.md")
	writeFile(t, original, "# Forces\n\n"+section("navy")+section("army")+section("air force"))
	if r := runArgs(t, "", "corpus", "add", "--data", data, original); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	const edited, copies = 14, 13
	folder := filepath.Join(dir, "copies")
	for i := range edited {
		writeFile(t, filepath.Join(folder, fmt.Sprintf("edited-%02d.md", i)), "# Forces\n\n"+section("navy")+section("army")+section(fmt.Sprintf("unit %d", i)))
	}
	for i := range copies {
		writeFile(t, filepath.Join(folder, fmt.Sprintf("same-%02d.md", i)), "# Forces\n\n"+section("navy")+section("army")+section("air force"))
	}
	r := runArgs(t, "", "corpus", "add", "--json", "--data", data, folder)
	if r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	out := decodeAdd(t, r)
	if out.Added != edited || out.Unchanged != copies || len(out.Similar) != edited || len(out.Duplicates) != copies {
		t.Errorf("--json: %d added, %d unchanged, %d similar, %d duplicates; want %d, %d, %d, %d",
			out.Added, out.Unchanged, len(out.Similar), len(out.Duplicates), edited, copies, edited, copies)
	}
	if len(out.Duplicates) > 0 {
		want := duplicateJSON{Path: filepath.Join(folder, "same-00.md"), Of: "forces", OfPath: original}
		if out.Duplicates[0] != want {
			t.Errorf("first duplicate %+v, want %+v", out.Duplicates[0], want)
		}
	}
	var notes, stored, more []string
	for _, line := range strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "doctrinebot: note: "+folder):
			notes = append(notes, line)
		case strings.Contains(line, ": not stored again: "):
			stored = append(stored, line)
		default:
			more = append(more, line)
		}
	}
	wantMore := []string{
		fmt.Sprintf("doctrinebot: … and %d more files not stored again, their text that of a stored document; --json lists them all (duplicates)", copies-maxNotes),
		fmt.Sprintf("doctrinebot: note: … and %d more documents added as new that may be edited copies of stored ones; --json lists them all (similar)", edited-maxNotes),
	}
	if len(notes) != maxNotes || len(stored) != maxNotes || !slices.Equal(more, wantMore) {
		t.Errorf("stderr holds %d notes of edited copies, %d of files not stored, then %q; want %d, %d and %q\n%s",
			len(notes), len(stored), more, maxNotes, maxNotes, wantMore, r.stderr)
	}
}

// storedPaths returns the path of each document stored in the library in data, by ID, as
// corpus list --json gives them.
func storedPaths(t *testing.T, data string) map[string]string {
	t.Helper()
	r := runArgs(t, "", "corpus", "list", "--json", "--data", data)
	var list struct{ Documents []struct{ ID, Path string } }
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatal(err, r.stdout, r.err)
	}
	out := map[string]string{}
	for _, d := range list.Documents {
		out[d.ID] = d.Path
	}
	return out
}

// TestCorpusAddThroughLinks checks that a file reached through a symbolic link is the file it
// links to, one document stored by the file's own path and ID: in a folder holding the file
// and a link to it (the link's name first in order), and added again, edited, through a link
// elsewhere, which updates it. A library that holds a document read through a link by the
// link's path (as doctrinebot stored one before) goes on updating it through the link. Before,
// the folder stored the document under the link's name and path, and the edited file added
// through another link was a second document beside the first.
func TestCorpusAddThroughLinks(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	texts := filepath.Join(dir, "texts")
	orders := filepath.Join(texts, "orders.md")
	writeFile(t, orders, "# Orders\n\n"+section("navy")+section("army"))
	current := filepath.Join(dir, "current.md")
	if err := os.Symlink("orders.md", filepath.Join(texts, "a-link.md")); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink(orders, current); err != nil {
		t.Fatal(err)
	}
	r := runArgs(t, "", "corpus", "add", "--json", "--data", data, texts)
	if out := decodeAdd(t, r); r.err != nil || out.Added != 1 || out.Unchanged != 0 || r.stderr != "" {
		t.Errorf("add a folder holding a file and a link to it: %v, %+v, stderr %q; want 1 added and nothing said", r.err, out, r.stderr)
	}
	want := map[string]string{"orders": orders}
	if got := storedPaths(t, data); !maps.Equal(got, want) {
		t.Errorf("stored %v, want %v", got, want)
	}
	writeFile(t, orders, "# Orders\n\n"+section("navy")+section("air force"))
	r = runArgs(t, "", "corpus", "add", "--json", "--data", data, current)
	if out := decodeAdd(t, r); r.err != nil || out.Added != 0 || out.Updated != 1 || r.stderr != "" {
		t.Errorf("add the edited file through a link: %v, %+v, stderr %q; want 1 updated and nothing said", r.err, out, r.stderr)
	}
	if got := storedPaths(t, data); !maps.Equal(got, want) {
		t.Errorf("stored %v, want %v", got, want)
	}
	r = runArgs(t, "", "corpus", "add", "--json", "--data", data, orders, current)
	if out := decodeAdd(t, r); r.err != nil || out.Unchanged != 1 || out.Added+out.Updated != 0 || r.stderr != "" {
		t.Errorf("add the file and a link to it: %v, %+v, stderr %q; want 1 unchanged", r.err, out, r.stderr)
	}

	// A library holding the document read through the link by the link's path.
	old := t.TempDir()
	m := embeddings.Builtin()
	lib, err := library.Open(context.Background(), old, library.Model{Name: m.Name(), Dim: m.Dim()})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := corpus.ReadFile(current, corpus.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = lib.Add(context.Background(), []*corpus.Document{doc}, library.AddOptions{Embed: func(ctx context.Context, p *corpus.Passage) ([]float32, error) {
		return bot.EmbedPassage(ctx, m.Embed, m.Dim(), p)
	}})
	lib.Close()
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, orders, "# Orders\n\n"+section("navy")+section("marines"))
	r = runArgs(t, "", "corpus", "add", "--json", "--data", old, current)
	if out := decodeAdd(t, r); r.err != nil || out.Added != 0 || out.Updated != 1 {
		t.Errorf("add the edited file through the link stored: %v, %+v, stderr %q; want 1 updated", r.err, out, r.stderr)
	}
	if got, want := storedPaths(t, old), map[string]string{"current": current}; !maps.Equal(got, want) {
		t.Errorf("stored %v, want %v", got, want)
	}
}

// TestCorpusAddThroughLinksRelative checks that a link is the file it links to when the
// folders are given by relative paths, as the README writes commands: a folder holding a file
// and a link to it, and two folders, one holding a link into the other (given in either
// order), store one document by the file's name and path, with no note, and adding them again
// changes nothing and says nothing. Before, a file that is no link kept its relative path as its own while the link's
// was absolute: the folder stored the link's name, and said the file's text was the link's.
func TestCorpusAddThroughLinksRelative(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	t.Chdir(dir)
	writeFile(t, filepath.Join(dir, "t1", "orders.txt"), "Sentries change every four hours.\n")
	if err := os.Symlink("orders.txt", filepath.Join(dir, "t1", "link-to-orders.txt")); err != nil {
		t.Skip(err)
	}
	writeFile(t, filepath.Join(dir, "outside", "rules.txt"), "Sentries must not sleep at their posts.\n")
	if err := os.MkdirAll(filepath.Join(dir, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "outside", "rules.txt"), filepath.Join(dir, "docs", "rules-link.txt")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want map[string]string // the documents stored, by ID: their paths
	}{
		{[]string{"t1"}, map[string]string{"orders": filepath.Join(dir, "t1", "orders.txt")}},
		{[]string{"outside", "docs"}, map[string]string{"rules": filepath.Join(dir, "outside", "rules.txt")}},
		{[]string{"docs", "outside"}, map[string]string{"rules": filepath.Join(dir, "outside", "rules.txt")}},
	}
	for _, tt := range tests {
		lib := filepath.Join(data, strings.Join(tt.args, "-"))
		for i, want := range []addOut{{Added: 1, Total: 1}, {Unchanged: 1, Total: 1}} {
			args := append([]string{"corpus", "add", "--json", "--data", lib}, tt.args...)
			r := runArgs(t, "", args...)
			got := decodeAdd(t, r)
			if r.err != nil || got.Added != want.Added || got.Unchanged != want.Unchanged || got.Updated != 0 || got.Total != want.Total ||
				len(got.Duplicates) != 0 || r.stderr != "" {
				t.Errorf("add %v (%d): %v, %+v, stderr %q; want %+v and nothing said", tt.args, i+1, r.err, got, r.stderr, want)
			}
		}
		if got := storedPaths(t, lib); !maps.Equal(got, tt.want) {
			t.Errorf("add %v stored %v, want %v", tt.args, got, tt.want)
		}
	}
}

// TestCorpusRemoveRetiresQuizItems checks, as a trainer and a maintainer would meet it, that
// removing a document retires its quiz items: quiz list no longer lists them, quiz approve of
// one says there is no such item and approves nothing, and the terminal quiz asks none of them,
// not even the one approved before; adding the document again brings them back, the approved
// one approved. Before, they stayed in the bank and the terminal quiz asked the approved one,
// quoting a passage the library no longer held.
func TestCorpusRemoveRetiresQuizItems(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	seed := filepath.Join(shared, "seed")
	orders := filepath.Join(dir, "orders.md")
	writeFile(t, orders, "# Orders\n\n"+section("navy")+section("army"))
	const removed = "chuter-governance-and-the-security-sector"
	if r := runArgs(t, "", "corpus", "add", "--data", data, seed, orders); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	if r := runArgs(t, "", "quiz", "generate", "--data", data); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	// The items of the document to remove, read from the library.
	lib, err := library.Open(context.Background(), data, library.Model{})
	if err != nil {
		t.Fatal(err)
	}
	items, err := lib.Items(context.Background(), "")
	lib.Close()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range items {
		if it.Source.DocumentID == removed {
			ids = append(ids, it.ID)
		}
	}
	if len(ids) < 2 {
		t.Fatalf("%d items of %s generated, want 2 or more", len(ids), removed)
	}
	if r := runArgs(t, "", "quiz", "approve", "--data", data, ids[0]); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	if r := runArgs(t, "", "corpus", "remove", "--data", data, removed); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}

	r := runArgs(t, "", "quiz", "approve", "--data", data, ids[1])
	if want := fmt.Sprintf("quiz item %q is retired: its passage is no longer in the library", ids[1]); r.err == nil || !strings.Contains(r.err.Error(), want) {
		t.Errorf("quiz approve of an item of the removed document: %v; want an error saying %s", r.err, want)
	}
	r = runArgs(t, "", "quiz", "list", "--data", data)
	for _, id := range ids {
		if r.err != nil || strings.Contains(r.stdout, id) {
			t.Errorf("quiz list after the removal: %v, lists %s of the removed document", r.err, id)
		}
	}
	r = runArgs(t, strings.Repeat("T\n", 5), "quiz", "-n", "5", "--seed", "1", "--data", data)
	said := r.stdout // "No approved quiz items: asking freshly generated ones …", or the error
	if r.err != nil {
		said += r.err.Error()
	}
	if strings.Contains(said, "Governance and the Security Sector") || !strings.Contains(strings.ToLower(said), "no approved quiz items") {
		t.Errorf("the terminal quiz after the removal: %v, asked an item of the removed document or one approved:\n%s", r.err, r.stdout)
	}

	if r := runArgs(t, "", "corpus", "add", "--data", data, seed); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	r = runArgs(t, "", "quiz", "list", "--status", "approved", "--data", data)
	if r.err != nil || !strings.HasPrefix(r.stdout, ids[0]+"  approved") {
		t.Errorf("quiz list --status approved after adding the document again: %v\n%s; want %s, approved", r.err, r.stdout, ids[0])
	}
}

// TestCorpusAddPathsWithControls checks that corpus add prints a file path holding a control
// character (a terminal escape, a newline) quoted, as an ID is ("x\x1b[2Jy.txt"), in the line
// of a file not added and in the notes of a file not stored again and of an edited copy, so
// that no escape reaches the terminal and each message stays one line; and that the command the
// edited copy's note gives names the file, pasted in a shell. Before, the paths were printed raw.
func TestCorpusAddPathsWithControls(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	escape := filepath.Join(dir, "x\x1b[2Jy.txt")
	newline := filepath.Join(dir, "bad\nname.txt")
	writeFile(t, escape, "")
	writeFile(t, newline, " \n")
	orders := filepath.Join(dir, "orders.txt")
	writeFile(t, orders, "The sentry guards the gate at night and reports to the duty officer every hour.\n")
	forces := filepath.Join(dir, "forces.md")
	writeFile(t, forces, "# Forces\n\n"+section("navy")+section("army")+section("air force"))
	if r := runArgs(t, "", "corpus", "add", "--data", data, orders, forces); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	copied := filepath.Join(dir, "copy\x1b]0;pwn\x07.txt")
	writeFile(t, copied, "The sentry guards the gate at night and reports to the duty officer every hour.\n")
	edited := filepath.Join(dir, "my\x1b[31m\ncopy.md")
	writeFile(t, edited, "# Forces\n\n"+section("navy")+section("army")+section("space force"))
	r := runArgs(t, "", "corpus", "add", "--data", data, escape, newline, copied, edited)
	if r.err == nil {
		t.Fatal("corpus add of empty files succeeded")
	}
	if strings.ContainsAny(r.stdout+r.stderr, "\x1b\x07") {
		t.Errorf("output holds a terminal escape:\n%q", r.stdout+r.stderr)
	}
	for _, line := range strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n") {
		if !strings.HasPrefix(line, "doctrinebot: ") {
			t.Errorf("stderr line %q is not a message of its own", line)
		}
	}
	for _, want := range []string{
		"doctrinebot: not added: " + strconv.Quote(escape) + ": empty document\n",
		"doctrinebot: not added: " + strconv.Quote(newline) + ": empty document\n",
		"doctrinebot: " + strconv.Quote(copied) + ": not stored again: its text is that of document orders (" + orders + ")",
		"doctrinebot: note: " + strconv.Quote(edited) + " was added as a new document",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	// The update command of the edited copy's note names the file, in a shell.
	bash, err := exec.LookPath("bash")
	if err != nil {
		return
	}
	i := strings.Index(r.stderr, "`doctrinebot corpus add --data ")
	if i < 0 {
		t.Fatalf("no update command in %q", r.stderr)
	}
	cmd := r.stderr[i+1:]
	cmd = cmd[:strings.IndexByte(cmd, '`')]
	out, err := exec.Command(bash, "-c", `printf '%s\0' `+strings.TrimPrefix(cmd, "doctrinebot ")).Output()
	if words := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00"); err != nil || words[len(words)-1] != edited {
		t.Errorf("%s: the words %q in bash (%v); want the last %q", cmd, words, err, edited)
	}
}

// TestCorpusAddUnreadableFolder checks that a folder corpus add may not read is reported once,
// as not readable, and counted as one failure; before, it was also reported as holding no texts,
// and counted twice.
func TestCorpusAddUnreadableFolder(t *testing.T) {
	l := newReadOnlyLibrary(t)
	closed := filepath.Join(filepath.Dir(l.data), "closed")
	writeFile(t, filepath.Join(closed, "orders.txt"), "The sentry guards the gate at night and reports to the duty officer every hour.\n")
	if err := os.Chmod(closed, 0); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		// The child runs as nobody: the library is made its own.
		entries, _ := os.ReadDir(l.data)
		for _, e := range append(entries, nil) {
			path := l.data
			if e != nil {
				path = filepath.Join(l.data, e.Name())
			}
			if err := os.Chown(path, 65534, 65534); err != nil {
				t.Fatal(err)
			}
		}
	}
	status, stdout, stderr := l.run("corpus", "add", closed)
	if want := "doctrinebot: not added: " + closed + ": permission denied\n"; status != 1 || stderr != want ||
		!strings.HasPrefix(stdout, "0 added, 0 updated, 0 unchanged, 1 failed;") {
		t.Errorf("corpus add of a folder it may not read: exit status %d, stdout %q, stderr %q; want 1, 1 failed and %q", status, stdout, stderr, want)
	}
}

// TestCorpusAddLibraryFolderNotCreated checks that corpus add given a library folder that
// cannot be created says so, naming it, where it gave mkdir's error alone ("mkdir /proc/nope:
// no such file or directory").
func TestCorpusAddLibraryFolderNotCreated(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "orders.txt")
	writeFile(t, text, "The sentry guards the gate at night and reports to the duty officer every hour.\n")
	data := filepath.Join(text, "nope", "library")
	r := runArgs(t, "", "corpus", "add", "--data", data, text)
	want := "cannot create the library folder " + data + ": " + text + ": not a directory"
	if r.err == nil || exitStatus(r.err, io.Discard) != 1 || !strings.Contains(r.err.Error(), want) {
		t.Errorf("corpus add --data %s: %v; want exit status 1 and %q", data, r.err, want)
	}
}

// holdWriterLock takes library.lock in the library folder data as another process writing to
// it would (another open of the file), and returns the line a writer prints while it waits
// for the lock, and the function that lets the lock go (called again when the test ends).
func holdWriterLock(t *testing.T, data string) (waiting string, release func()) {
	t.Helper()
	lock := flock.New(filepath.Join(data, "library.lock"))
	if err := lock.Lock(); err != nil {
		t.Fatal(err)
	}
	release = func() { lock.Unlock() }
	t.Cleanup(release)
	return "doctrinebot: waiting for another process writing to the library in " + data + "…\n", release
}

// interruptWaiting runs doctrinebot with args, interrupts it once it prints waiting (the line
// of a writer waiting for library.lock, see holdWriterLock), and returns its exit status and
// standard error; a command that ends without waiting fails t.
func interruptWaiting(t *testing.T, args []string, waiting string) (status int, stderr string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := newSignalWriter(waiting)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, func(string) string { return "" }, strings.NewReader(""), io.Discard, w)
	}()
	var err error
	select {
	case <-w.seen:
		cancel()
		err = <-done
	case err = <-done:
		t.Errorf("%s ended (%v) without waiting for the writer lock held by another:\n%s", strings.Join(args[:2], " "), err, w.String())
	}
	return exitStatus(err, w), w.String()
}

// TestCorpusErrorsQuotePaths checks that the errors of the corpus that stop ask --corpus and
// quiz --corpus, and the reasons corpus add gives for a file not added, name a path holding a
// control character (a terminal escape, a newline) quoted as an ID is ("x\x1b[2J.txt"), in a
// message of one line that carries no escape: a missing path, an empty file, a folder with no
// texts, a broken PDF or DOCX and the files a folder skips. Before, the path was printed raw,
// so that a hostile file name could clear the screen or forge a line of its own.
func TestCorpusErrorsQuotePaths(t *testing.T) {
	dir := t.TempDir()
	evil := "x\x1b[2J\x1b]0;pwn\x07\ndoctrinebot: all is well "
	empty := filepath.Join(dir, evil+"empty.txt")
	writeFile(t, empty, " \n")
	pdf := filepath.Join(dir, evil+"broken.pdf")
	writeFile(t, pdf, "%PDF-1.4\nnot a pdf")
	docx := filepath.Join(dir, evil+"broken.docx")
	writeFile(t, docx, "not a zip")
	noTexts := filepath.Join(dir, evil+"pictures")
	writeFile(t, filepath.Join(noTexts, "a.png"), "\x89PNG")
	// safe reports what is wrong with out, what the command printed on standard error: not one
	// line, a control character, or no quoted path.
	safe := func(out, path string) string {
		switch {
		case strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") || !strings.HasPrefix(out, "doctrinebot: "):
			return "is not one line of its own"
		case hasControl(strings.TrimSuffix(out, "\n")):
			return "holds a control character"
		case !strings.Contains(out, strconv.Quote(path)+": "):
			return "does not name " + strconv.Quote(path)
		}
		return ""
	}
	for _, path := range []string{filepath.Join(dir, evil+"missing.txt"), empty, pdf, docx, noTexts} {
		for _, args := range [][]string{
			{"ask", "--corpus", path, "What is governance?"},
			{"quiz", "--data", t.TempDir(), "--corpus", path, "-n", "1"},
		} {
			r := runArgs(t, "", args...)
			var out bytes.Buffer
			if exitStatus(r.err, &out) != 1 {
				t.Errorf("%q: %v, want exit status 1", args, r.err)
			}
			if why := safe(out.String(), path); why != "" {
				t.Errorf("%q: the error %s:\n%q", args, why, out.String())
			}
		}
	}
	// A question set or quiz bank named on the command line (see readInputFile).
	missing := filepath.Join(dir, evil+"missing.jsonl")
	for _, args := range [][]string{
		{"eval", "--questions", missing},
		{"quiz", "import", "--data", t.TempDir(), missing},
	} {
		r := runArgs(t, "", args...)
		var out bytes.Buffer
		if exitStatus(r.err, &out) == 0 {
			t.Errorf("%q: succeeded; want an error", args)
		}
		if why := safe(out.String(), missing); why != "" {
			t.Errorf("%q: the error %s:\n%q", args, why, out.String())
		}
	}
	// A file a folder holds that ask skips, on a line of its own.
	folder := filepath.Join(dir, "mixed")
	writeFile(t, filepath.Join(folder, "orders.txt"), "The sentry guards the gate at night and reports to the duty officer every hour.\n")
	skipped := filepath.Join(folder, evil+"blank.md")
	writeFile(t, skipped, "\n")
	r := runArgs(t, "", "ask", "--corpus", folder, "Who guards the gate?")
	if r.err != nil {
		t.Fatal(r.err)
	}
	if why := safe(r.stderr, skipped); why != "" || !strings.HasPrefix(r.stderr, "doctrinebot: skipped ") {
		t.Errorf("the skipped line %s:\n%q", why, r.stderr)
	}
	// corpus add names each file not added once, quoted, with its reason, which names it no
	// more (the PDF's and the DOCX's reasons come from their readers).
	r = runArgs(t, "", "corpus", "add", "--data", t.TempDir(), pdf, docx, noTexts)
	if r.err == nil {
		t.Fatal("corpus add of broken files succeeded")
	}
	lines := strings.SplitAfter(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("corpus add printed %d lines, want 3:\n%q", len(lines), r.stderr)
	}
	for _, path := range []string{pdf, docx, noTexts} {
		i := slices.IndexFunc(lines, func(l string) bool {
			return strings.HasPrefix(l, "doctrinebot: not added: "+strconv.Quote(path)+": ")
		})
		if i < 0 {
			t.Errorf("no line names %q quoted:\n%q", path, r.stderr)
			continue
		}
		line := strings.TrimSuffix(lines[i], "\n") + "\n"
		if why := safe(line, path); why != "" || strings.Count(line, strconv.Quote(path)) != 1 {
			t.Errorf("the line of %q %s, or names it twice:\n%q", path, why, line)
		}
	}
}

// TestAddOfNothingMakesNoLibrary checks that a corpus add whose files all fail (a blank file,
// a missing one) leaves no library behind, nor the folders it made for one, where it left an
// empty library.db in folders it had made; and that in a library that exists it removes
// nothing.
func TestAddOfNothingMakesNoLibrary(t *testing.T) {
	dir := t.TempDir()
	blank := filepath.Join(dir, "blank.txt")
	writeFile(t, blank, " \n")
	data := filepath.Join(dir, "new", "deep")
	r := runArgs(t, "", "corpus", "add", "--data", data, blank, filepath.Join(dir, "missing.txt"))
	if r.err == nil || !strings.Contains(r.stdout, "0 added, 0 updated, 0 unchanged, 2 failed") || !strings.Contains(r.stdout, "(no library made in "+data+")") {
		t.Errorf("corpus add of nothing: %q, %v", r.stdout, r.err)
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); !os.IsNotExist(err) {
		t.Errorf("corpus add of nothing left %s: %v", filepath.Join(dir, "new"), err)
	}
	// An existing folder stays, empty.
	empty := t.TempDir()
	if r := runArgs(t, "", "corpus", "add", "--data", empty, blank); r.err == nil {
		t.Errorf("corpus add of a blank file: no error")
	}
	if entries, err := os.ReadDir(empty); err != nil || len(entries) != 0 {
		t.Errorf("corpus add of nothing left %v in an existing folder (%v)", entries, err)
	}
	// A library that exists keeps its documents.
	lib := t.TempDir()
	if r := runArgs(t, "", "corpus", "add", "--data", lib, filepath.Join(shared, "seed")); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	if r := runArgs(t, "", "corpus", "add", "--data", lib, blank); r.err == nil || !strings.Contains(r.stdout, "(library "+lib+")") {
		t.Errorf("corpus add of a blank file to a library: %q, %v", r.stdout, r.err)
	}
	if r := runArgs(t, "", "corpus", "list", "--data", lib); r.err != nil || !strings.Contains(r.stdout, "chuter-governance-and-the-security-sector") {
		t.Errorf("after a failed add the library lists %q, %v", r.stdout, r.err)
	}
}

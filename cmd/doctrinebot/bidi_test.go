package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/embeddings"
	"github.com/doctrinebot/doctrinebot/library"
)

// bidiControls are the bidirectional formatting characters corpus.StripControls drops.
const bidiControls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

// TestBidiControlsNotPrinted: a right-to-left override (U+202E) or another bidirectional
// formatting character turned the rest of a line around where it was printed raw: corpus
// show's source and path lines (a file's name), a document's text (an HTML entity &#x202e;)
// in ask's quotes and corpus show, the "Q:" echo of ask reading standard input, and the gaps
// listing. None is printed now: a path is quoted as corpus.QuotePath writes it, text and
// metadata lose them, also those a library written by an earlier doctrinebot holds.
func TestBidiControlsNotPrinted(t *testing.T) {
	ctx := context.Background()
	dir, data := t.TempDir(), t.TempDir()
	file := filepath.Join(dir, "evil\u202etxt.html")
	writeFile(t, file, "<html><head><title>Night orders</title></head><body><h1>Night &#x202e;orders&#x202c;</h1>"+
		"<p>The sentry &#x202e;guards the gate&#x202c; at night and &#8295;reports&#8297; to the duty officer every hour.</p></body></html>")
	if r := runArgs(t, "", "corpus", "add", "--data", data, file); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}

	// A library an earlier doctrinebot wrote, whose text, path and gaps hold them.
	old := t.TempDir()
	m := embeddings.Builtin()
	lib, err := library.Open(ctx, old, library.Model{Name: m.Name(), Dim: m.Dim()})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := corpus.Parse("old.txt", []byte("The sentry guards the gate at night and reports to the duty officer every hour.\n"), corpus.Meta{ID: "old"})
	if err != nil {
		t.Fatal(err)
	}
	doc.Path, doc.Source = "/texts/old\u202etxt.exe", "/texts/old\u202etxt.exe"
	doc.Passages[0].Text = "The sentry \u202eguards the gate\u202c at night and reports to the duty officer every hour."
	_, err = lib.Add(ctx, []*corpus.Document{doc}, library.AddOptions{Embed: func(ctx context.Context, p *corpus.Passage) ([]float32, error) {
		return bot.EmbedPassage(ctx, m.Embed, m.Dim(), p)
	}})
	lib.Close()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", filepath.Join(old, library.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO gaps (key, question, count, last) VALUES ('old', ?, 1, 0)`, "What is \u202eold\u202c?"); err != nil {
		t.Fatal(err)
	}

	var out strings.Builder
	for _, run := range []struct {
		stdin string
		args  []string
		want  []string
	}{
		{"", []string{"corpus", "show", "--data", data, "evil-txt"}, []string{
			"  source: \"" + dir + "/evil\\u202etxt.html\"\n", "  path: \"" + dir + "/evil\\u202etxt.html\"\n",
			"The sentry guards the gate at night and reports to the duty officer every hour."}},
		{"", []string{"corpus", "list", "--data", data}, nil},
		{"", []string{"ask", "--data", data, "Who guards the gate at night?"}, []string{"> The sentry guards the gate at night"}},
		{"\u202eWho guards the gate at night?\u202c\n", []string{"ask", "--data", data}, []string{"Q: Who guards the gate at night?\n"}},
		{"", []string{"corpus", "show", "--data", old, "old"}, []string{"  path: \"/texts/old\\u202etxt.exe\"\n", "The sentry guards the gate at night"}},
		{"", []string{"ask", "--data", old, "Who guards the gate at night?"}, []string{"> The sentry guards the gate at night"}},
		{"", []string{"gaps", "--data", old}, []string{"What is old?"}},
	} {
		r := runArgs(t, run.stdin, run.args...)
		if r.err != nil {
			t.Fatalf("%q: %v\n%s", run.args, r.err, r.stderr)
		}
		for _, w := range run.want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("%q printed %q, want %q in it", run.args, r.stdout, w)
			}
		}
		out.WriteString(r.stdout + r.stderr)
	}
	if i := strings.IndexAny(out.String(), bidiControls); i >= 0 {
		t.Errorf("the output holds a bidirectional formatting character: …%q…", out.String()[max(0, i-60):min(len(out.String()), i+60)])
	}
}

// TestCorpusAddMetadataBidiRefused: a metadata flag holding a bidirectional formatting
// character, which --source kept as given and corpus show printed raw, is a usage mistake naming
// the flag and the character.
func TestCorpusAddMetadataBidiRefused(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	file := filepath.Join(dir, "orders.txt")
	writeFile(t, file, "The sentry guards the gate at night and reports to the duty officer every hour.\n")
	for _, flag := range []string{"--source", "--title", "--author", "--edition", "--licence"} {
		r := runArgs(t, "", "corpus", "add", "--data", data, flag, "Army \u202eHQ", file)
		want := flag + ` "Army \u202eHQ" holds a bidirectional formatting character (U+202E)`
		if _, ok := r.err.(usageError); !ok || !strings.Contains(r.err.Error(), want) {
			t.Errorf("%s with U+202E: %v, want a usage mistake saying %q", flag, r.err, want)
		}
	}
}

// TestEvalMissesPrintable: eval printed a question set's IDs and questions raw in its misses,
// so that a question holding ESC [2J cleared the screen and one holding U+202E turned its line
// around; they are printed as printable writes them, and the set's file name as
// corpus.QuotePath does. The JSON report keeps the question as written.
func TestEvalMissesPrintable(t *testing.T) {
	qs := filepath.Join(t.TempDir(), "set\x1b[2J.jsonl")
	writeFile(t, qs, `{"id":"u1\u001b]0;pwn\u0007","question":"What is \u001b[2Jgovernance\u202e?","unanswerable":true}`+"\n")
	r := runArgs(t, "", "eval", "--questions", qs)
	if r.err != nil {
		t.Fatalf("run: %v\nstderr: %s", r.err, r.stderr)
	}
	if strings.ContainsAny(r.stdout, "\x1b\x07"+bidiControls) {
		t.Errorf("eval printed a control or bidirectional formatting character:\n%q", r.stdout)
	}
	for _, want := range []string{corpus.QuotePath(qs) + "\n", "u1 ]0;pwn  (answered", "What is  [2Jgovernance?\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("eval printed %q, want %q in it", r.stdout, want)
		}
	}
	r = runArgs(t, "", "eval", "--json", "--questions", qs)
	if r.err != nil || !strings.Contains(r.stdout, `"question":"What is \u001b[2Jgovernance`+"\u202e"+`?"`) {
		t.Errorf("eval --json: %v, %q; want the question as written", r.err, r.stdout)
	}
}

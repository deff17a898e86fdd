package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestCorpusAddFileChangedWhileRead: a file rewritten while corpus add read it was stored cut
// short, replacing the whole copy stored before, and the add succeeded ("1 updated … 23
// passages"): a program truncated it and wrote part of it again after corpus add listed it,
// and it was read as it stood. A file that is not, once read, in the state corpus add listed it
// in (another size, modification time or inode) is now reported as not added, saying that the
// stored copy is kept and how to add it; the exit status is 1, and the stored document is
// whole. (A change during the read itself is the corpus's: see its TestReadFileChanged….)
func TestCorpusAddFileChangedWhileRead(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	file := filepath.Join(dir, "orders.txt")
	var text strings.Builder
	for i := 1; i <= 2000; i++ {
		fmt.Fprintf(&text, "Paragraph %d says that the garrison holds the northern gate at night and reports at dawn.\n\n", i)
	}
	writeFile(t, file, text.String())
	r := runArgs(t, "", "corpus", "add", "--data", data, file)
	if r.err != nil || !strings.Contains(r.stdout, "1 added") {
		t.Fatalf("add: %v %q %q", r.err, r.stdout, r.stderr)
	}
	before := runArgs(t, "", "corpus", "show", "--data", data, "orders")
	if before.err != nil {
		t.Fatal(before.err)
	}

	// A writer truncates the file and writes 300 paragraphs of it after corpus add listed it,
	// and pauses while it is read.
	readDocument = func(path string, meta corpus.Meta) (*corpus.Document, error) {
		if filepath.Base(path) == "orders.txt" {
			writeFile(t, path, text.String()[:strings.Index(text.String(), "Paragraph 301 ")])
		} else {
			writeFile(t, path, "The fresh text, rewritten.")
		}
		return corpus.ReadFile(path, meta)
	}
	t.Cleanup(func() { readDocument = corpus.ReadFile })
	r = runArgs(t, "", "corpus", "add", "--data", data, file)
	var stderr strings.Builder
	if code := exitStatus(r.err, &stderr); code != 1 {
		t.Errorf("add of a file changing while read: exit status %d, want 1", code)
	}
	want := "doctrinebot: not added: " + file + ": changed while being read; the stored copy is kept; add it again once it is written\n"
	if !strings.Contains(r.stderr, want) || !strings.Contains(r.stdout, "0 added, 0 updated, 0 unchanged, 1 failed") {
		t.Errorf("add of a file changing while read printed %q and %q, want %q and 1 failed", r.stdout, r.stderr, want)
	}
	after := runArgs(t, "", "corpus", "show", "--data", data, "orders")
	if after.err != nil || after.stdout != before.stdout {
		t.Errorf("the stored document changed: %v, %d bytes shown, was %d", after.err, len(after.stdout), len(before.stdout))
	}

	// A file not stored before: nothing is kept, and the reason says how to add it.
	fresh := filepath.Join(dir, "fresh.txt")
	writeFile(t, fresh, "The fresh text.")
	r = runArgs(t, "", "corpus", "add", "--json", "--data", data, fresh)
	out := decodeAdd(t, r)
	if want := "changed while being read; add it again once it is written"; out.Failed != 1 || len(out.Failures) != 1 || out.Failures[0].Reason != want {
		t.Errorf("add --json of a new file changing while read: %+v, want the reason %q", out, want)
	}
}

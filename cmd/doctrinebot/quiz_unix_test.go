//go:build unix

package main

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestQuizImportReadsOnlyFiles checks that a quiz bank, or an eval question set, that is a
// device or a named pipe is refused by name without being read (reading /dev/zero never ends).
func TestQuizImportReadsOnlyFiles(t *testing.T) {
	data := t.TempDir()
	fifo := filepath.Join(t.TempDir(), "bank.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	for _, path := range []string{"/dev/zero", fifo} {
		r := runArgs(t, "", "quiz", "import", path, "--data", data)
		if !errors.Is(r.err, corpus.ErrNotRegular) || !strings.Contains(r.err.Error(), path) {
			t.Errorf("quiz import %s: %v, want ErrNotRegular naming it", path, r.err)
		}
		r = runArgs(t, "", "eval", "--questions", path)
		if !errors.Is(r.err, corpus.ErrNotRegular) || !strings.Contains(r.err.Error(), path) {
			t.Errorf("eval --questions %s: %v, want ErrNotRegular naming it", path, r.err)
		}
	}
}

// TestQuizExportToPipeRefused checks that quiz export refuses a named pipe by name, where
// writing it blocked until a reader came, deaf to Ctrl-C and SIGTERM.
func TestQuizExportToPipeRefused(t *testing.T) {
	data, fifo := t.TempDir(), filepath.Join(t.TempDir(), "bank.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	if r := runArgs(t, "", "quiz", "generate", "--data", data); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	r := runArgs(t, "", "quiz", "export", "--status", "all", "--data", data, fifo)
	if r.err == nil || !strings.Contains(r.err.Error(), fifo+" is no regular file (a named pipe)") {
		t.Errorf("quiz export to a named pipe: %v, want a refusal naming it", r.err)
	}
}

//go:build linux

package library_test

import (
	"context"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/library"
)

// TestDiskError checks that when SQLite cannot write the library's files, as on a full disk,
// Open (which must make library.db-shm, of 32 KiB, to read) and Add say so in words that name
// the file and say that the disk may be full, where they said only "disk I/O error". A full
// disk is played by a limit on the size of the files the process writes (RLIMIT_FSIZE), set in
// a child process, this test run again: the limit holds for the whole process.
func TestDiskError(t *testing.T) {
	const dirEnv, limitEnv = "DOCTRINEBOT_TEST_DISK_DIR", "DOCTRINEBOT_TEST_DISK_LIMIT"
	if dir := os.Getenv(dirEnv); dir != "" {
		diskErrorChild(t, dir, os.Getenv(limitEnv))
		return
	}
	dir := storedLibrary(t, parse(t, "a.md", markdown("Forces", topics...)))
	for _, limit := range []string{"8192", "40000"} {
		// No -shm left: the child's Open makes it.
		if err := os.Remove(filepath.Join(dir, library.FileName+"-shm")); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestDiskError$", "-test.v")
		cmd.Env = append(os.Environ(), dirEnv+"="+dir, limitEnv+"="+limit)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("files limited to %s bytes: %v\n%s", limit, err, out)
		}
	}
}

// diskErrorChild is TestDiskError in the child process: with the files it writes limited to
// limit bytes, it opens the library in dir and, if that succeeds, adds a document to it, and
// checks the error it gets.
func diskErrorChild(t *testing.T, dir, limit string) {
	n, err := strconv.ParseUint(limit, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	signal.Ignore(syscall.SIGXFSZ) // a write past the limit fails with EFBIG, not the signal
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
		t.Skip(err)
	}
	ctx := context.Background()
	m, embed := model()
	lib, err := library.Open(ctx, dir, m)
	what := "Open"
	if err == nil {
		defer lib.Close()
		what = "Add"
		big := markdown("Many forces", "cadets", "reserve", "militia", "guard", "navy", "army", "air force", "marines",
			"coast guard", "border guard", "police", "gendarmerie", "rangers", "scouts", "signals", "engineers")
		_, err = lib.Add(ctx, []*corpus.Document{parse(t, "b.md", big)}, library.AddOptions{Embed: embed})
	}
	path := filepath.Join(dir, library.FileName)
	if err == nil || !strings.Contains(err.Error(), "library: "+path+": disk I/O error") || !strings.Contains(err.Error(), "the disk may be full") {
		t.Errorf("%s with files limited to %s bytes: %v; want an error naming %s and saying the disk may be full", what, limit, err, path)
	}
}

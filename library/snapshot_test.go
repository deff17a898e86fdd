package library_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/doctrinebot/doctrinebot/library"
)

// TestReleaseSnapshot checks that releasing part of a snapshot leaves every byte of it as it
// was, whether the bytes are the mapped snapshot or a copy of it.
func TestReleaseSnapshot(t *testing.T) {
	lib := open(t, t.TempDir())
	want := make([]byte, 5*os.Getpagesize()+123)
	for i := range want {
		want[i] = byte(i*7 + i/4096)
	}
	if err := lib.WriteSnapshot(func(w io.Writer) error { _, err := w.Write(want); return err }); err != nil {
		t.Fatal(err)
	}
	data, err := lib.ReadSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	copied := slices.Clone(data)
	for _, tt := range []struct {
		name string
		b    []byte
	}{{"mapped", data}, {"copied", copied}} {
		lib.ReleaseSnapshot(tt.b[100 : len(tt.b)-100])
		lib.ReleaseSnapshot(tt.b)
		if !bytes.Equal(tt.b, want) {
			t.Errorf("%s: the snapshot's bytes changed when released", tt.name)
		}
	}
}

// TestStaleSnapshotRemoved checks that opening a library removes the temporary snapshot file a
// process killed while writing one left (hundreds of megabytes, which nothing removed), and
// keeps one written recently, as a writer alive keeps writing it.
func TestStaleSnapshotRemoved(t *testing.T) {
	dir := t.TempDir()
	open(t, dir).Close()
	stale := filepath.Join(dir, library.SnapshotFile+".4217707609.tmp")
	fresh := filepath.Join(dir, library.SnapshotFile+".12345.tmp")
	for _, f := range []string{stale, fresh} {
		if err := os.WriteFile(f, []byte("part of a snapshot"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	open(t, dir).Close()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale temporary snapshot is still there: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("the temporary snapshot written now was removed: %v", err)
	}
}

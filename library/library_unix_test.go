//go:build unix

package library_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/doctrinebot/doctrinebot/library"
)

// TestOpenIrregularFile checks that a named pipe, or a link to a device, in the place of the
// library's file is refused by Open with an error naming the file and what it is — before,
// opening it blocked or failed with SQLite's bare "disk I/O error" — and that Exists holds
// for it, so that a command that only reads opens it and says so rather than answering as if
// there were no library.
func TestOpenIrregularFile(t *testing.T) {
	ctx := context.Background()
	fifo := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(fifo, library.FileName), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	device := t.TempDir()
	if err := os.Symlink(os.DevNull, filepath.Join(device, library.FileName)); err != nil {
		t.Fatal(err)
	}
	for dir, kind := range map[string]string{fifo: "a named pipe", device: "a character device"} {
		want := "library: open " + filepath.Join(dir, library.FileName) + ": " + kind + ", not a database file"
		for _, open := range []func(context.Context, string, library.Model) (*library.Library, error){library.Open, library.OpenUnchecked} {
			if _, err := open(ctx, dir, library.Model{}); err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("open(%s) = %v, want an error beginning %q", dir, err, want)
			}
		}
		if !library.Exists(ctx, dir) {
			t.Errorf("Exists(%s) = false for %s", dir, kind)
		}
	}
}

// TestIrregularSnapshot checks that an index snapshot that is no regular file (a FIFO, which
// hung `ask` waiting for a writer past SIGTERM; a link to /dev/zero, which it read to 14 GB)
// is an error at once, which the caller answers by building the index, and that a snapshot
// written afterwards replaces it.
func TestIrregularSnapshot(t *testing.T) {
	for _, tt := range []struct {
		name string
		make func(path string) error
	}{
		{"fifo", func(path string) error { return syscall.Mkfifo(path, 0o600) }},
		{"link to /dev/zero", func(path string) error { return os.Symlink("/dev/zero", path) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			lib := open(t, dir)
			path := filepath.Join(dir, library.SnapshotFile)
			if err := tt.make(path); err != nil {
				t.Skip(err)
			}
			done := make(chan error, 1)
			go func() { _, err := lib.ReadSnapshot(); done <- err }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "not a regular file") {
					t.Errorf("ReadSnapshot: %v, want an error saying it is not a regular file", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("ReadSnapshot still waiting after 10 s")
			}
			want := []byte("snapshot")
			if err := lib.WriteSnapshot(func(w io.Writer) error { _, err := w.Write(want); return err }); err != nil {
				t.Fatal(err)
			}
			if got, err := lib.ReadSnapshot(); err != nil || string(got) != string(want) {
				t.Errorf("after WriteSnapshot: %q, %v", got, err)
			}
		})
	}
}

// TestLibraryLinkLoop checks that a library file that is a loop of symbolic links is reported
// as what it is: `corpus list` said there was no library, and `corpus add` that the folder
// must be writable by this user, which it was.
func TestLibraryLinkLoop(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, library.FileName)
	if err := os.Symlink(path, path); err != nil {
		t.Skip(err)
	}
	if !library.Exists(context.Background(), dir) {
		t.Error("Exists: false, want true (a file that cannot be read, not no library)")
	}
	_, err := library.Open(context.Background(), dir, library.Model{})
	if err == nil || !strings.Contains(err.Error(), "too many levels of symbolic links") || strings.Contains(err.Error(), "writable") {
		t.Errorf("Open: %v, want the loop named", err)
	}
}

// TestSideFileNotAFile checks that a folder in the place of SQLite's write-ahead log or
// shared-memory file is named, where every command said the library's folder must be
// writable by this user.
func TestSideFileNotAFile(t *testing.T) {
	for _, side := range []string{"-wal", "-shm"} {
		dir := t.TempDir()
		open(t, dir).Close()
		if err := os.Mkdir(filepath.Join(dir, library.FileName+side), 0o755); err != nil {
			t.Fatal(err)
		}
		_, err := library.Open(context.Background(), dir, library.Model{})
		if err == nil || !strings.Contains(err.Error(), library.FileName+side+": a folder where SQLite keeps") || strings.Contains(err.Error(), "writable") {
			t.Errorf("%s: Open: %v, want the folder named", side, err)
		}
	}
}

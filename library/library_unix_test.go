//go:build unix

package library_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

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

//go:build unix

package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestLoadRefusesSpecialFiles: a named pipe and a link to /dev/zero named *.txt in a folder are
// reported as not regular files and skipped, without being read (reading either would never
// end), and the folder's other files are read; named directly, each is an error.
func TestLoadRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"good.txt": "The sentry guards the gate at night."})
	fifo := filepath.Join(dir, "fifo.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	special := []string{fifo}
	if _, err := os.Stat("/dev/zero"); err == nil {
		zero := filepath.Join(dir, "zero.txt")
		if err := os.Symlink("/dev/zero", zero); err != nil {
			t.Fatal(err)
		}
		special = append(special, zero)
	}
	var skipped []string
	docs, err := Load([]string{dir}, func(err error) {
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("skipped with %v, want ErrNotRegular", err)
		}
		skipped = append(skipped, err.Error())
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].ID != "good" {
		t.Errorf("Load read %d documents, want good.txt alone", len(docs))
	}
	if len(skipped) != len(special) {
		t.Fatalf("skipped %q, want %d special files", skipped, len(special))
	}
	for i, want := range []string{"fifo.txt: not a regular file (a named pipe)", "zero.txt: not a regular file (a character device)"}[:len(special)] {
		if !strings.Contains(skipped[i], want) {
			t.Errorf("skipped %q, want it to say %q", skipped[i], want)
		}
	}
	for _, p := range append(special, "/dev/zero") {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if _, err := ReadFile(p, Meta{}); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), p) {
			t.Errorf("ReadFile(%s) = %v, want ErrNotRegular naming it", p, err)
		}
		if _, err := Load([]string{p}, func(error) {}); !errors.Is(err, ErrNotRegular) {
			t.Errorf("Load(%s) = %v, want ErrNotRegular", p, err)
		}
	}
}

// TestReadFileLimitWhateverTheSize: a file whose stated size is 0 (as those of /proc are) is
// read up to the limit and refused past it, not read whole.
func TestReadFileLimitWhateverTheSize(t *testing.T) {
	const status = "/proc/self/status"
	info, err := os.Stat(status)
	if err != nil || info.Size() != 0 {
		t.Skip("no /proc/self/status of size 0")
	}
	link := filepath.Join(t.TempDir(), "status.txt")
	if err := os.Symlink(status, link); err != nil {
		t.Fatal(err)
	}
	_, err = ReadFile(link, Meta{MaxBytes: 64})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "over 64 bytes read, the limit is 64") {
		t.Errorf("ReadFile = %v, want ErrTooLarge after 64 bytes", err)
	}
	if _, err := ReadFile(link, Meta{}); err != nil {
		t.Errorf("ReadFile under the limit = %v", err)
	}
}

// TestLoadLinkToFolder: a folder named by a symbolic link (or a link to a link to it) is read
// as the folder, its files named below the link, where WalkDir, which follows no link, found
// no texts in it. Inside the folder, a link to a file is read as the file and a link to a
// folder is not followed, so that a link to the folder itself makes no loop; and a file read
// through the link and named again by its own path is read once.
func TestLoadLinkToFolder(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"real/a.txt":    "Alpha is the first text.",
		"real/sub/b.md": "# Bravo\n\nBravo is in a subfolder.",
		"other/c.txt":   "Charlie is reached through a link to a file.",
		"other/d.txt":   "Delta is in a folder reached through a link inside the folder.",
	})
	for link, target := range map[string]string{
		"link":        "real",
		"link2":       "link",
		"real/c.txt":  "../other/c.txt",
		"real/loop":   "..",
		"real/folder": "../other",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"a a.txt", "c c.txt", "sub-b sub/b.md"}
	for _, root := range []string{"link", "link2", "link" + string(filepath.Separator)} {
		t.Run(root, func(t *testing.T) {
			path := filepath.Join(dir, root)
			if strings.HasSuffix(root, string(filepath.Separator)) {
				path += string(filepath.Separator)
			}
			docs, err := Load([]string{path}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range docs {
				rel, err := filepath.Rel(filepath.Join(dir, strings.TrimSuffix(root, string(filepath.Separator))), d.Path)
				if err != nil || d.Source != d.Path {
					t.Fatalf("document %s: path %s, source %s", d.ID, d.Path, d.Source)
				}
				got = append(got, d.ID+" "+filepath.ToSlash(rel))
			}
			if !slices.Equal(got, want) {
				t.Errorf("Load(%s) read %q, want %q", root, got, want)
			}
		})
	}
	docs, err := Load([]string{filepath.Join(dir, "link"), filepath.Join(dir, "real")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(want) {
		t.Errorf("a folder named through a link and by its path: %d documents, want %d, each read once", len(docs), len(want))
	}
}

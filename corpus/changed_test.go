package corpus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// paragraphs returns paragraphs from first to last (1-based), each one sentence, separated by
// blank lines.
func paragraphs(first, last int) string {
	var b strings.Builder
	for i := first; i <= last; i++ {
		fmt.Fprintf(&b, "Paragraph %d says that the garrison holds the northern gate at night.\n\n", i)
	}
	return b.String()
}

// withBeforeRead sets the hook readFile calls between its stat and its read for one test.
func withBeforeRead(t *testing.T, hook func(path string)) {
	t.Helper()
	beforeRead = hook
	t.Cleanup(func() { beforeRead = nil })
}

// rewriteSlowly returns a hook that rewrites the file as a slow writer does: at its first call
// it truncates the file and writes paragraphs 1 to 300 of 2,000, at its second it writes the
// rest, and then it changes nothing. It counts its calls in calls.
func rewriteSlowly(t *testing.T, calls *int) func(string) {
	return func(path string) {
		*calls++
		switch *calls {
		case 1:
			if err := os.WriteFile(path, []byte(paragraphs(1, 300)), 0o644); err != nil {
				t.Fatal(err)
			}
		case 2:
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteString(paragraphs(301, 2000)); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestReadFileChangedWhileRead: a file truncated and written again between readFile's stat and
// its read was taken cut short (300 of its 2,000 paragraphs), and corpus add replaced the
// stored document with it. A file that changes while read is now read again, until a read
// sees it unchanged: each reader (ReadFile, ReadRegular, Load of a file and of a folder) gets
// the whole file.
func TestReadFileChangedWhileRead(t *testing.T) {
	whole := paragraphs(1, 2000)
	readers := []struct {
		name string
		read func(path string) (string, error)
	}{
		{"ReadFile", func(path string) (string, error) {
			doc, err := ReadFile(path, Meta{})
			if err != nil {
				return "", err
			}
			return docText(doc), nil
		}},
		{"ReadRegular", func(path string) (string, error) {
			raw, err := ReadRegular(path, MaxFileSize)
			return string(raw), err
		}},
		{"Load file", func(path string) (string, error) {
			docs, err := Load([]string{path}, nil)
			if err != nil {
				return "", err
			}
			return docText(docs[0]), nil
		}},
		{"Load folder", func(path string) (string, error) {
			docs, err := Load([]string{filepath.Dir(path)}, nil)
			if err != nil {
				return "", err
			}
			return docText(docs[0]), nil
		}},
	}
	for _, r := range readers {
		t.Run(r.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "orders.txt")
			if err := os.WriteFile(path, []byte(whole), 0o644); err != nil {
				t.Fatal(err)
			}
			calls := 0
			withBeforeRead(t, rewriteSlowly(t, &calls))
			got, err := r.read(path)
			if err != nil {
				t.Fatal(err)
			}
			if calls != 3 {
				t.Errorf("read %d times, want 3 (cut short, grown, then unchanged)", calls)
			}
			for _, want := range []string{"Paragraph 1 says", "Paragraph 300 says", "Paragraph 301 says", "Paragraph 2000 says"} {
				if !strings.Contains(got, want) {
					t.Errorf("the text read lacks %q: cut short", want)
				}
			}
		})
	}
}

// docText returns the text of doc's passages, joined.
func docText(doc *Document) string {
	var b strings.Builder
	for _, p := range doc.Passages {
		b.WriteString(p.Text)
		b.WriteString("\n\n")
	}
	return b.String()
}

// TestReadFileChangingEachTime: a file that changes at each of readAttempts reads is refused
// with ErrChanged, naming the file, and nothing of it is returned; so are a file rewritten with
// the same size and a new modification time, and a file replaced (renamed over) while read,
// which are read again.
func TestReadFileChangingEachTime(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "orders.txt")
	if err := os.WriteFile(path, []byte(paragraphs(1, 20)), 0o644); err != nil {
		t.Fatal(err)
	}
	calls := 0
	withBeforeRead(t, func(path string) {
		calls++
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(paragraphs(21, 21)); err != nil {
			t.Fatal(err)
		}
	})
	doc, err := ReadFile(path, Meta{})
	if !errors.Is(err, ErrChanged) || doc != nil {
		t.Fatalf("ReadFile = %v (a document: %t); want ErrChanged and no document", err, doc != nil)
	}
	if want := path + ": changed while being read (3 times in a row)"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want it to say %q", err, want)
	}
	if calls != readAttempts {
		t.Errorf("read %d times, want %d", calls, readAttempts)
	}
	if raw, err := ReadRegular(path, MaxFileSize); !errors.Is(err, ErrChanged) || raw != nil {
		t.Errorf("ReadRegular = %d bytes, %v; want ErrChanged and nothing", len(raw), err)
	}
	if _, err := Load([]string{dir}, func(error) {}); !errors.Is(err, ErrChanged) {
		t.Errorf("Load of the folder = %v, want ErrChanged (not skipped)", err)
	}

	// The same size, another modification time: the bytes are another text's.
	calls = 0
	withBeforeRead(t, func(path string) {
		calls++
		if calls > 1 {
			return
		}
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(strings.ReplaceAll(paragraphs(1, 20), "northern", "southern")), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, info.ModTime(), info.ModTime().Add(time.Second)); err != nil {
			t.Fatal(err)
		}
	})
	doc, err = ReadFile(path, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 || !strings.Contains(docText(doc), "southern") {
		t.Errorf("read %d times, text %q…; want 2 reads and the text written", calls, docText(doc)[:60])
	}

	// Replaced by a rename while read: the old file was read whole, but the path now names the
	// new one, which is read.
	calls = 0
	withBeforeRead(t, func(path string) {
		calls++
		if calls > 1 {
			return
		}
		tmp := path + ".new"
		if err := os.WriteFile(tmp, []byte(paragraphs(1, 5)+"The new edition ends here.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	})
	doc, err = ReadFile(path, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 || !strings.Contains(docText(doc), "The new edition ends here.") {
		t.Errorf("read %d times; want 2 reads and the new file's text", calls)
	}
}

package corpus

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"
)

// ErrNoTexts means a folder holds no file of a format the corpus reads.
var ErrNoTexts = errors.New("no texts found")

// ErrNotRegular means a path names a device, a named pipe (FIFO), a socket or another
// special file, which the corpus never reads: only regular files, after following links.
var ErrNotRegular = errors.New("not a regular file")

// Extensions lists the file extensions the corpus reads, lowercased with their dot.
var Extensions = []string{".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".docx"}

// Readable reports whether path has an extension the corpus reads.
func Readable(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, e := range Extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// Load reads the documents at paths: each path is a file (read whatever its extension) or a
// folder (read recursively, keeping the files with a readable extension, in lexical order).
// A path that is a symbolic link is followed, to a file or a folder; inside a folder, a link
// to a file is read as the file, and a link to a folder is not followed (as grep -r and
// corpus add do): a folder of links to folders holds no texts, and no link can make the walk
// loop. The files of a folder reached by a link are named below the link ("link/a.txt").
// A file read from a folder gets the slug of its path below the folder as document ID
// ("title-01/chunk-1.md" → "title-01-chunk-1"); a file named directly, that of its name.
// It stops at the first error, which names the path (as QuotePath writes it): a missing path, a folder with no texts
// (ErrNoTexts), a file that changed each time it was read (ErrChanged), or any error of Parse. Hidden files and folders (".name") are skipped; a file
// named twice (also through a folder or a link) is read once; a document ID already taken gets
// a suffix ("same-2"). When
// skip is not nil, a file found in a folder that holds no text (ErrEmpty) or is no regular
// file (ErrNotRegular: a device, a named pipe) is passed to it and skipped instead: one blank
// file should not stop a folder of thousands.
func Load(paths []string, skip func(error)) ([]*Document, error) {
	var docs []*Document
	seen := map[string]bool{}   // document IDs taken
	loaded := map[string]bool{} // real paths read
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // the path is named below, without the system call's name
			}
			return nil, fmt.Errorf("corpus: %s: %w", QuotePath(root), err)
		}
		var files []string
		ids := map[string]string{} // file → document ID, for files read from a folder
		if info.IsDir() {
			// A link to a folder is walked as the folder, "link/": WalkDir follows no link, not
			// even its root's, and would find nothing in it. Its files are named below the
			// link ("link/a.txt"), as the path given names them.
			walkRoot := root
			if li, err := os.Lstat(root); err == nil && li.Mode()&fs.ModeSymlink != 0 {
				walkRoot = root + string(filepath.Separator)
			}
			err := filepath.WalkDir(walkRoot, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if path != walkRoot && strings.HasPrefix(d.Name(), ".") {
					if d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if !d.IsDir() && Readable(path) {
					files = append(files, path)
					rel, err := filepath.Rel(root, path)
					if err != nil {
						rel = filepath.Base(path)
					}
					ids[path] = Slug(strings.TrimSuffix(rel, filepath.Ext(rel)))
				}
				return nil
			})
			if err != nil {
				return nil, &pathError{msg: "corpus: read folder " + QuotePath(root) + ": " + pathReason(root, err), err: err}
			}
			if len(files) == 0 {
				return nil, fmt.Errorf("corpus: %s: %w (readable: %s)", QuotePath(root), ErrNoTexts, strings.Join(Extensions, ", "))
			}
			sort.Strings(files)
		} else {
			files = []string{root}
		}
		empty, skipped := 0, 0
		for _, f := range files {
			real, err := filepath.Abs(f)
			if err == nil {
				if resolved, err := filepath.EvalSymlinks(real); err == nil {
					real = resolved
				}
			}
			if loaded[real] {
				continue // the same file named twice: read once
			}
			loaded[real] = true
			doc, err := ReadFile(f, Meta{ID: ids[f]})
			if err != nil && skip != nil && info.IsDir() && (errors.Is(err, ErrEmpty) || errors.Is(err, ErrNotRegular)) {
				skip(err)
				skipped++
				if errors.Is(err, ErrEmpty) {
					empty++
				}
				continue
			}
			if err != nil {
				return nil, err
			}
			doc.ID = uniqueID(doc.ID, seen)
			seen[doc.ID] = true
			docs = append(docs, doc)
		}
		switch {
		case empty > 0 && empty == len(files):
			return nil, fmt.Errorf("corpus: %s: %w: every file in it is empty", QuotePath(root), ErrNoTexts)
		case skipped > 0 && skipped == len(files):
			return nil, fmt.Errorf("corpus: %s: %w: every file in it is empty or not a regular file", QuotePath(root), ErrNoTexts)
		}
	}
	return docs, nil
}

// ReadFile reads and parses one file (see Parse); errors name the file, as QuotePath writes
// it ("corpus: PATH: no such file or directory"). Only a regular file
// (after following links) is read: a device, a named pipe or a socket is refused
// (ErrNotRegular) without being read, so that neither /dev/zero nor a pipe no one writes to
// holds the reader. A file larger than meta.Limit() bytes is refused (ErrTooLarge) before it
// is read, and one that grows past the limit while it is read (or whose size says 0, as those
// of /proc do) when its limit+1st byte is read. A file that changes while it is read (a file
// being rewritten) is read again, and refused (ErrChanged) when it changes each of
// readAttempts times: what was read of it is never parsed.
func ReadFile(path string, meta Meta) (*Document, error) {
	raw, err := readFile(path, meta.Limit())
	if err != nil {
		return nil, err
	}
	doc, err := Parse(path, raw, meta)
	if err != nil {
		return nil, err
	}
	doc.Path = path
	if doc.Source == "" {
		doc.Source = path
	}
	return doc, nil
}

// ReadRegular reads the regular file at path, of at most limit bytes, as ReadFile reads a
// corpus file before parsing it: a device, a named pipe or a socket is refused without being
// read (ErrNotRegular), and a file over limit bytes (ErrTooLarge), whatever size it states.
// A file that changes while it is read is read again, or refused (ErrChanged), as by ReadFile.
// Errors name the file, as ReadFile's do. For files that are no corpus text, such as a quiz bank.
func ReadRegular(path string, limit int64) ([]byte, error) { return readFile(path, limit) }

// ErrChanged means a file changed while it was read, each time it was read (readAttempts
// times): its size, modification time or identity (device and inode) after the read was not
// what it was before, or the path named another file by then. What was read may be cut short
// (a file truncated and being written again), so it is not used.
var ErrChanged = errors.New("changed while being read")

// readAttempts is how many times readFile reads a file that changes while it is read before it
// gives up (ErrChanged): a file saved once during a read is read whole the second time.
const readAttempts = 3

// beforeRead, when not nil, is called by readFile with the path after it has opened and
// checked the file and before it reads it: the tests change the file there.
var beforeRead func(path string)

// readFile reads the regular file at path, of at most limit bytes (ErrTooLarge). It checks
// the file's type before opening it (ErrNotRegular), opens it without blocking (O_NONBLOCK,
// which does not change how a regular file reads, so that a file replaced by a named pipe
// between the check and the open cannot block the open) and checks the type of what it
// opened again. It reads at most limit+1 bytes, whatever size the file states. A file that
// changed while it was read (see ErrChanged) is read again, up to readAttempts times in all,
// so that a file being rewritten is never taken cut short.
// The file is opened by syscall.Open and os.NewFile rather than os.Open, which on Linux
// tries to add every file to the network poller, at four system calls more per file.
func readFile(path string, limit int64) ([]byte, error) {
	for range readAttempts {
		raw, changed, err := readOnce(path, limit)
		if err != nil || !changed {
			return raw, err
		}
	}
	return nil, fmt.Errorf("corpus: %s: %w (%d times in a row)", QuotePath(path), ErrChanged, readAttempts)
}

// readOnce reads the file at path once, as readFile does, and reports whether it changed
// while it was read: the file opened, stated after the read, is not what it was before it
// (another size or modification time, another device or inode), or the path names another
// file after the read (replaced by a rename). The bytes read are not compared with the size
// stated, which those of /proc (0) and /sys (4096) do not give.
func readOnce(path string, limit int64) (raw []byte, changed bool, err error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, false, fileError(path, err)
	}
	if err := checkRegular(path, info); err != nil {
		return nil, false, err
	}
	if err := checkSize(path, info.Size(), limit); err != nil {
		return nil, false, err
	}
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, false, fileError(path, &fs.PathError{Op: "open", Path: path, Err: err})
	}
	f := os.NewFile(uintptr(fd), path)
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, false, fileError(path, err)
	}
	if err := checkRegular(path, info); err != nil {
		return nil, false, err
	}
	if err := checkSize(path, info.Size(), limit); err != nil {
		return nil, false, err
	}
	if beforeRead != nil {
		beforeRead(path)
	}
	if raw, err = readLimited(path, f, info.Size(), limit); err != nil {
		return nil, false, err
	}
	after, err := f.Stat()
	if err != nil {
		return nil, false, fileError(path, err)
	}
	now, err := os.Stat(path)
	if err != nil {
		return nil, true, nil // removed or renamed away while read: the next read says which
	}
	return raw, !sameState(info, after) || !sameState(after, now), nil
}

// sameState reports whether a and b, two stats of a file, are of the same file (device and
// inode: os.SameFile) in the same state: the same size and modification time.
func sameState(a, b fs.FileInfo) bool {
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// readLimited reads r to its end, expecting size bytes, and fails with ErrTooLarge, naming
// path, when it holds more than limit bytes: it reads at most limit+1.
func readLimited(path string, r io.Reader, size, limit int64) ([]byte, error) {
	// One byte more than the size, to see the end of the file in one read.
	raw := make([]byte, 0, min(size, limit)+1)
	lr := &io.LimitedReader{R: r, N: limit + 1}
	for {
		n, err := lr.Read(raw[len(raw):cap(raw)])
		raw = raw[:len(raw)+n]
		if int64(len(raw)) > limit {
			return nil, fmt.Errorf("corpus: %s: %w: over %d bytes read, the limit is %d", QuotePath(path), ErrTooLarge, limit, limit)
		}
		if err == io.EOF {
			return raw, nil
		}
		if err != nil {
			return nil, fileError(path, err)
		}
		if len(raw) == cap(raw) {
			raw = slices.Grow(raw, 4096) // grown since
		}
	}
}

// checkRegular returns an error wrapping ErrNotRegular, naming path and what it is, when info
// is not that of a regular file.
func checkRegular(path string, info fs.FileInfo) error {
	if info.Mode().IsRegular() {
		return nil
	}
	return fmt.Errorf("corpus: %s: %w (%s)", QuotePath(path), ErrNotRegular, FileKind(info.Mode()))
}

// FileKind names, for an error, the kind of a file that is not a regular file: "a folder",
// "a named pipe", "a socket", "a character device", "a device", else "not a file".
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a file"
}

// QuotePath returns path as the corpus's errors name it: as it is or, when it holds a
// character a terminal does not show as itself (a control character: a newline, ESC, a C1
// control; a format character such as U+202E, which turns the rest of the line around; any
// other that strconv.IsPrint refuses) or a byte that is no UTF-8, in double quotes with those
// written as escapes ("x\x1b[2Jy.txt", as strconv.Quote writes it). So a file's name can
// neither carry a terminal escape nor split a message into lines, while an ordinary path, in
// any script, reads as it is.
func QuotePath(path string) string {
	if !utf8.ValidString(path) || strings.IndexFunc(path, func(r rune) bool { return !strconv.IsPrint(r) }) >= 0 {
		return strconv.Quote(path)
	}
	return path
}

// pathReason returns what err, an error of the os or io/fs package about the file at path,
// says, as "PATH: REASON": the path of the fs.PathError it is (else path) as QuotePath writes
// it and its reason without the system call's name ("x.txt: no such file or directory").
func pathReason(path string, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return QuotePath(pe.Path) + ": " + pe.Err.Error()
	}
	return QuotePath(path) + ": " + err.Error()
}

// fileError returns err, an error of the os or io/fs package about the file at path, as the
// corpus's errors are: "corpus: PATH: REASON" (see pathReason), wrapping err.
func fileError(path string, err error) error {
	return &pathError{msg: "corpus: " + pathReason(path, err), err: err}
}

// pathError is an error of the os or io/fs package (err) told in the corpus's words (msg),
// which name its path as QuotePath writes it; errors.Is and errors.As see err.
type pathError struct {
	msg string
	err error
}

// Error returns the message.
func (e *pathError) Error() string { return e.msg }

// Unwrap returns the error of the os or io/fs package.
func (e *pathError) Unwrap() error { return e.err }

//go:embed builtin/chuter-governance-and-the-security-sector.txt
var builtinFS embed.FS

// Builtin returns the built-in corpus: David Chuter's lecture "Governance and the Security
// Sector" (slides as plain text), shipped inside the binary. Each call parses it anew, so the
// caller owns the result. It panics only if the embedded text is broken, which tests rule out.
func Builtin() []*Document {
	const name = "builtin/chuter-governance-and-the-security-sector.txt"
	raw, err := builtinFS.ReadFile(name)
	if err != nil {
		panic(err)
	}
	doc, err := Parse(name, raw, Meta{
		ID:      "chuter-governance-and-the-security-sector",
		Title:   "Governance and the Security Sector",
		Author:  "David Chuter",
		Source:  "lecture slides by David Chuter, supplied by the product's owner",
		Licence: "as supplied by the product's owner",
	})
	if err != nil {
		panic(err)
	}
	return []*Document{doc}
}

// uniqueID returns id, or id with the first free suffix "-2", "-3", … when id is taken.
func uniqueID(id string, taken map[string]bool) string {
	if !taken[id] {
		return id
	}
	for n := 2; ; n++ {
		if c := fmt.Sprintf("%s-%d", id, n); !taken[c] {
			return c
		}
	}
}

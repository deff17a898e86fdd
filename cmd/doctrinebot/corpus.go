package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/library"
)

// dataDir returns the library folder: the --data flag, else $DOCTRINEBOT_DATA, else
// $XDG_DATA_HOME/doctrinebot (when absolute, as the XDG base directory spec requires), else
// $HOME/.local/share/doctrinebot, cleaned (filepath.Clean: "nope/../lib" is "lib", where the
// library's opening made a folder "nope" to reach it, as a reading command must not). It
// fails when none of them is set, and when $DOCTRINEBOT_DATA is set to white space only (a
// folder named " " is no one's library).
func dataDir(flagValue string, getenv func(string) string) (string, error) {
	if flagValue != "" {
		return filepath.Clean(flagValue), nil
	}
	if d := getenv("DOCTRINEBOT_DATA"); d != "" {
		if strings.TrimSpace(d) == "" {
			return "", fmt.Errorf("DOCTRINEBOT_DATA is %q, no folder name: set it to the library's folder, or unset it", d)
		}
		return filepath.Clean(d), nil
	}
	if d := getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "doctrinebot"), nil
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "doctrinebot"), nil
	}
	return "", errNoDataDir
}

// errNoDataDir is dataDir's error when no library folder is named at all (no --data,
// $DOCTRINEBOT_DATA, $XDG_DATA_HOME nor $HOME): ask then answers from the built-in corpus.
var errNoDataDir = errors.New("no library folder: give --data DIR or set DOCTRINEBOT_DATA")

// dataWord returns the library folder dir as a command for the user to paste names it: an
// absolute path (so that, pasted in another folder, the command acts on this library), one
// word of a shell's command line (see shellWord).
func dataWord(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return shellWord(dir)
}

// dataOption returns the option that makes a command a message tells the user to run act on
// the library the user named, with --data (flagValue) or $DOCTRINEBOT_DATA: " --data DIR"
// (see dataWord), which the message writes after the command's name (`doctrinebot corpus add
// --data DIR PATH`); "" for the default library, which the command finds without it.
func dataOption(flagValue string, getenv func(string) string) string {
	if flagValue == "" && getenv("DOCTRINEBOT_DATA") == "" {
		return ""
	}
	dir, err := dataDir(flagValue, getenv)
	if err != nil {
		return ""
	}
	return " --data " + dataWord(dir)
}

// libraryCommand matches a command that an error of package library tells the user to run,
// up to its name: "`doctrinebot corpus add", "`doctrinebot corpus reindex", "`doctrinebot
// quiz remove".
var libraryCommand = regexp.MustCompile("`doctrinebot (?:corpus|quiz) [a-z]+")

// withDataOption returns err, an error of a command on the library, with the commands the
// errors of package library tell the user to run (`doctrinebot corpus add PATH` for a
// damaged library, `doctrinebot corpus reindex` for one embedded with another model) given
// opt, the library's option (see dataOption); err itself for any other error, or when opt is
// "".
func withDataOption(err error, opt string) error {
	if err == nil || opt == "" || !errors.Is(err, library.ErrDamaged) && !errors.Is(err, library.ErrModelMismatch) {
		return err
	}
	return &dataOptionError{err, opt}
}

// dataOptionError is an error of package library whose commands name the library (see
// withDataOption).
type dataOptionError struct {
	err error
	opt string
}

// Error returns the error's message, each command in it followed by the option.
func (e *dataOptionError) Error() string {
	return libraryCommand.ReplaceAllStringFunc(e.err.Error(), func(command string) string { return command + e.opt })
}

// Unwrap returns the error of package library.
func (e *dataOptionError) Unwrap() error { return e.err }

// unrelatedReplacement returns a note when the add (updated: the IDs it replaced) replaced
// the stored document old (described by info) with a document from another file, neu, that
// shares none of its passages' texts: --id named a document the file is no edition of (a
// mistyped ID), which the note names with the command that puts it back, with the title,
// author and edition it was stored with (data: the library's option value, see dataWord), or
// says that its file is gone. "" otherwise: an edition of the same file, or one
// that keeps some of its passages, is what --id is for.
func unrelatedReplacement(old *corpus.Document, info library.DocumentInfo, neu *corpus.Document, updated []string, data string) string {
	if old == nil || neu == nil || !slices.Contains(updated, old.ID) || neu.Path == info.Path {
		return ""
	}
	if sharesPassage(old, neu) {
		return ""
	}
	what := fmt.Sprintf("--id %s replaced document %s (%q, %s, from %s) with %s, which shares none of its passages",
		old.ID, old.ID, info.Title, count(info.Passages, "passage"), corpus.QuotePath(info.Path), corpus.QuotePath(neu.Path))
	if _, err := os.Stat(info.Path); info.Path == "" || err != nil {
		return what + "; its file is gone, so only a copy of it can put that document back"
	}
	// The command gives back what the document was stored with: its title, author and
	// edition, which this add may have replaced.
	cmd := fmt.Sprintf("doctrinebot corpus add --data %s --id %s", data, shellWord(old.ID))
	for _, f := range []struct{ flag, value string }{{"title", info.Title}, {"author", info.Author}, {"edition", info.Edition}} {
		if f.value != "" {
			cmd += fmt.Sprintf(" --%s %s", f.flag, shellWord(f.value))
		}
	}
	return fmt.Sprintf("%s; if that ID was mistyped, put the document back: `%s %s`", what, cmd, shellWord(info.Path))
}

// checkDataDir reports a library folder that cannot be one: a path that exists and is not a
// folder. (A missing folder is an empty library.)
func checkDataDir(dir string) error {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return fmt.Errorf("the library folder %s is a file, not a folder", dir)
	}
	return nil
}

// libraryExists reports whether dir holds a library database, so that reading commands do
// not create one (see library.Exists): a library.db holding tables, or another program's
// database that opening it refuses; not an empty library.db, nor an SQLite database of no
// tables, which hold nothing doctrinebot wrote, and opening them as a library would write a
// schema into them.
func libraryExists(dir string) bool {
	return library.Exists(context.Background(), dir)
}

// errNoLibrary means the library folder holds no library (it may not exist): there is
// nothing to show, remove or reindex. It is a condition of the disk, not a usage mistake.
var errNoLibrary = errors.New("no library")

// openExisting opens the library in dir for maintenance (no model), creating nothing; an
// error wrapping errNoLibrary, naming dir and saying how to create a library (with opt, the
// library's option: see dataOption), when dir holds none.
func openExisting(ctx context.Context, dir, opt string) (*library.Library, error) {
	if !libraryExists(dir) {
		return nil, noLibrary(dir, opt)
	}
	return library.Open(ctx, dir, library.Model{})
}

// noLibrary returns the error of a command that needs the library in dir when dir holds none:
// wrapping errNoLibrary, naming dir and saying how to create a library (with opt, the
// library's option: see dataOption).
func noLibrary(dir, opt string) error {
	return fmt.Errorf("%w in %s: create one with `doctrinebot corpus add%s PATH`, or give the folder of another with --data", errNoLibrary, dir, opt)
}

// openForAdding opens (creating) the library in dir with the configured embedding model, and
// returns the function embedding passages with it.
func openForAdding(ctx context.Context, dir string, m *models) (*library.Library, library.EmbedFunc, error) {
	model, embed, _, err := m.embedding(ctx)
	if err != nil {
		return nil, nil, err
	}
	lib, err := library.Open(ctx, dir, model)
	if err != nil {
		return nil, nil, err
	}
	return lib, embed, nil
}

// runCorpus runs `corpus SUB [flags] [args]`; args[0] is SUB, one of add, list, show, remove
// and reindex, which dispatch has checked (a missing or unknown one is a usage mistake there).
func runCorpus(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	sub := args[0]
	fs := newFlagSet("corpus "+sub, stderr)
	data := fs.String("data", "", "library folder (default $DOCTRINEBOT_DATA, else $XDG_DATA_HOME/doctrinebot)")
	jsonOut := fs.Bool("json", false, "print JSON")
	var opts addFlags
	var m models
	m.register(fs)
	if sub == "add" {
		opts.register(fs)
	}
	positional, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	want := map[string]int{"list": 0, "reindex": 0, "show": 1}
	if sub == "remove" && len(positional) == 0 {
		return usageError{"corpus remove needs at least one document ID"}
	}
	if n, ok := want[sub]; ok && len(positional) != n {
		if n == 0 {
			return usageError{fmt.Sprintf("corpus %s takes no arguments, got %q", sub, positional)}
		}
		return usageError{fmt.Sprintf("corpus %s needs one document ID", sub)}
	}
	if sub == "add" && len(positional) == 0 {
		return usageError{"corpus add needs at least one file or folder"}
	}
	what := "document ID"
	if sub == "add" {
		what = "path"
	}
	if err := emptyArgument("corpus "+sub, what, positional); err != nil {
		return err
	}
	// An ID typed with a combining accent ("cafe" and U+0301) is the composed one.
	opts.meta.ID = corpus.NormalizeID(opts.meta.ID)
	if sub != "add" { // the others take document IDs, add takes paths
		for i := range positional {
			positional[i] = corpus.NormalizeID(positional[i])
		}
	}
	if id := opts.meta.ID; sub == "add" && id != "" && corpus.CheckID(id) != nil {
		return usageError{fmt.Sprintf("--id %q is no document ID: %v", id, corpus.ErrBadID)}
	}
	if sub == "add" {
		if err := opts.setMaxBytes(); err != nil {
			return err
		}
		if err := opts.checkMeta(); err != nil {
			return err
		}
	}
	dir, err := dataDir(*data, getenv)
	if err != nil {
		return err // configuration, not a usage mistake
	}
	if err := checkDataDir(dir); err != nil {
		return err
	}
	if err := m.resolve(getenv); err != nil {
		return err
	}
	opt := dataOption(*data, getenv) // for the commands the messages say to run
	switch sub {
	case "add":
		err = corpusAdd(ctx, dir, positional, opts, &m, *jsonOut, stdout, stderr)
	case "list":
		err = corpusList(ctx, dir, opt, &m, *jsonOut, stdout)
	case "show":
		err = corpusShow(ctx, dir, opt, positional[0], *jsonOut, stdout)
	case "remove":
		err = corpusRemove(ctx, dir, opt, positional, *jsonOut, stdout, stderr)
	default:
		err = corpusReindex(ctx, dir, opt, &m, *jsonOut, stdout, stderr)
	}
	return withDataOption(err, opt)
}

// noticeWait makes the writers of lib (add, remove, reindex, and quiz import, generate,
// approve and reject) say on stderr, in one line, when they wait for another process writing
// to the library.
func noticeWait(lib *library.Library, stderr io.Writer) {
	lib.OnWait(func() {
		fmt.Fprintf(stderr, "doctrinebot: waiting for another process writing to the library in %s…\n", lib.Dir())
	})
}

// addFlags are the flags of corpus add.
type addFlags struct {
	meta  corpus.Meta
	maxMB float64
}

// setMaxBytes sets a.meta.MaxBytes from --max-size, in MiB. A value that is no number (NaN),
// under one byte or over the largest int64 is a usage mistake naming it, where converting it
// would give 0 or a negative number, which means the default.
func (a *addFlags) setMaxBytes() error {
	b := a.maxMB * (1 << 20)
	switch {
	case math.IsNaN(b):
		return usageError{fmt.Sprintf("--max-size must be a number of MiB, got %g", a.maxMB)}
	case a.maxMB <= 0:
		return usageError{fmt.Sprintf("--max-size must be above 0, got %g", a.maxMB)}
	case b < 1:
		return usageError{fmt.Sprintf("--max-size %g MiB is under one byte", a.maxMB)}
	case b >= math.MaxInt64:
		return usageError{fmt.Sprintf("--max-size %g MiB is too large: at most %d MiB", a.maxMB, int64(math.MaxInt64)>>20)}
	}
	a.meta.MaxBytes = int64(b)
	return nil
}

// metaLimits are the longest values, in characters, of the metadata flags of corpus add: a
// title or a list of authors of several lines of a catalogue, an edition such as "2nd
// edition, revised (2022-06-01)", and a URL as long as browsers and servers commonly take.
var metaLimits = []struct {
	flag string
	max  int
}{{"title", 300}, {"author", 300}, {"edition", 100}, {"licence", 300}, {"source", 2000}}

// checkMeta checks the metadata flags of corpus add: each one given is text of one line (valid
// UTF-8, no control character: a terminal escape is refused, not stored with its ESC stripped;
// no bidirectional formatting character, which corpus.StripControls drops, such as U+202E),
// not blank and at most its limit (metaLimits) long; --source is an http or https URL, or text
// that is no URL (a URL of another scheme, such as javascript:, is refused). Each mistake is a
// usage mistake naming its flag.
func (a *addFlags) checkMeta() error {
	values := map[string]string{"title": a.meta.Title, "author": a.meta.Author, "edition": a.meta.Edition,
		"licence": a.meta.Licence, "source": a.meta.Source}
	for _, l := range metaLimits {
		v := values[l.flag]
		if v == "" {
			continue // not given (an empty value is refused as such)
		}
		bad := ""
		switch n := utf8.RuneCountInString(v); {
		case !utf8.ValidString(v):
			bad = "is not valid UTF-8 text"
		case strings.TrimSpace(v) == "":
			bad = "is blank"
		case n > l.max:
			return usageError{fmt.Sprintf("--%s is %d characters long: at most %d", l.flag, n, l.max)}
		case strings.IndexFunc(v, unicode.IsControl) >= 0:
			c, _ := utf8.DecodeRuneInString(v[strings.IndexFunc(v, unicode.IsControl):])
			bad = fmt.Sprintf("holds a control character (%U): metadata is one line of text", c)
		case corpus.StripControls(v) != v:
			c, _ := utf8.DecodeRuneInString(v[strings.IndexFunc(v, func(r rune) bool { return corpus.StripControls(string(r)) == "" }):])
			bad = fmt.Sprintf("holds a bidirectional formatting character (%U), which would turn the line it is printed on around", c)
		case l.flag == "source":
			bad = corpus.CheckSource(v)
		}
		if bad != "" {
			return usageError{fmt.Sprintf("--%s %q %s", l.flag, v, bad)}
		}
	}
	return nil
}

func (a *addFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&a.meta.ID, "id", "", "document ID (one file only); an ID already stored is replaced (new edition)")
	fs.StringVar(&a.meta.Title, "title", "", "title (one file only)")
	fs.StringVar(&a.meta.Author, "author", "", "author")
	fs.StringVar(&a.meta.Source, "source", "", "source URL")
	fs.StringVar(&a.meta.Edition, "edition", "", "edition or date")
	fs.StringVar(&a.meta.Licence, "licence", "", "licence")
	fs.Float64Var(&a.maxMB, "max-size", 50, "largest file to read, in MiB")
}

// addJSON is the --json shape of corpus add.
type addJSON struct {
	Added      int             `json:"documents_added"`
	Updated    int             `json:"documents_updated"`
	Unchanged  int             `json:"documents_unchanged"`
	Failed     int             `json:"documents_failed"`
	Embedded   int             `json:"passages_embedded"` // distinct embedding texts embedded
	Total      int             `json:"passages_total"`
	Failures   []failureJSON   `json:"failures"`
	Similar    []similarJSON   `json:"similar"`
	Duplicates []duplicateJSON `json:"duplicates"`
	// Replaced holds the document --id replaced with a file sharing none of its passages
	// (see unrelatedReplacement), or is empty.
	Replaced []replacedJSON `json:"replaced_unrelated"`
}

// replacedJSON is a stored document that --id replaced with a file sharing none of its
// passages: its ID, the file it was read from (which may be gone), its passages, and the
// file that replaced it.
type replacedJSON struct {
	Document string `json:"document"`
	Path     string `json:"path"`
	Passages int    `json:"passages"`
	By       string `json:"replaced_by"`
}

// similarJSON is a document added as new that shares half or more of its passages with a
// stored document of another ID, which shares half or more of its own with it
// (library.Similar): the added document's ID and path, the stored one's, how many distinct
// passage texts they share, and how many each has.
type similarJSON struct {
	Document          string `json:"document"`
	Path              string `json:"path"`
	SimilarTo         string `json:"similar_to"`
	SimilarToPath     string `json:"similar_to_path"`
	Shared            int    `json:"shared_passages"`
	Passages          int    `json:"passages"`
	SimilarToPassages int    `json:"similar_to_passages"`
}

// duplicateJSON is a file not stored again because a stored document, or one of the same add,
// holds its text (library.Duplicate): the file's path, and that document's ID and path.
type duplicateJSON struct {
	Path   string `json:"path"`
	Of     string `json:"same_as"`
	OfPath string `json:"same_as_path"`
}

// maxNotes is how many notes of each kind corpus add prints on standard error (files not
// stored again, new documents that may be edited copies); one line then says how many more
// there are, which --json lists. A folder of thousands of copies printed a line for each.
const maxNotes = 10

type failureJSON struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// source is one file to add: its path as found (which failures name), the absolute path it
// is read from and its document stored from (see linkedPaths), its path with no link in it,
// the document ID a folder gives it, and the file's size and state when it was listed (after
// following links; nil when it could not be stated), which it must still be in once read
// (see checkListed).
type source struct {
	path, abs, real, id string
	size                int64
	listed              fs.FileInfo
}

// findFiles expands the paths given to corpus add into files: a file as it is (whatever its
// extension: one corpus.Readable refuses is read as plain text), a folder recursively (readable extensions, hidden names skipped, lexical
// order, IDs from the path below the folder as corpus.Load gives them). A file reached twice
// (by a link, or named twice) is listed once; reached both as itself and through a link (in
// one folder, or in two paths given, whichever comes first), as the file (its ID is its own
// name's). Paths that cannot be used are returned as failures.
func findFiles(paths []string) ([]source, []failureJSON) {
	var failures []failureJSON
	type entry struct {
		source
		link bool // the entry is a link
	}
	var found []entry // every file found, in the order of paths
	// resolve returns path made absolute and with its links resolved, as far as they can be.
	resolve := func(path string) (abs, real string) {
		abs, err := filepath.Abs(path)
		if err != nil {
			return path, path
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			return abs, real
		}
		return abs, abs
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			failures = append(failures, failureJSON{root, reason(root, err)})
			continue
		}
		if !info.IsDir() {
			abs, real := resolve(root)
			li, err := os.Lstat(root)
			link := err == nil && li.Mode()&fs.ModeSymlink != 0
			found = append(found, entry{source{path: root, abs: abs, real: real, size: info.Size(), listed: info}, link})
			continue
		}
		// Below the folder, a file that is not a link is the folder's real path joined with
		// its own (WalkDir follows no link).
		absRoot, realRoot := resolve(root)
		var inRoot []entry
		// A link to a folder is walked as the folder ("link/"): WalkDir does not follow a root
		// that is a link, and would find nothing in it.
		walkRoot := root
		if li, err := os.Lstat(root); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			walkRoot = root + string(filepath.Separator)
		}
		rootFailed := false // the folder itself could not be read: reported so, not as holding no texts
		err = filepath.WalkDir(walkRoot, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				failures = append(failures, failureJSON{path, reason(path, err)})
				rootFailed = rootFailed || path == walkRoot
				if d != nil && d.IsDir() && path != walkRoot {
					return filepath.SkipDir
				}
				return nil
			}
			if path != walkRoot && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !corpus.Readable(path) {
				return nil
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				rel = filepath.Base(path)
			}
			var size int64
			info, err := d.Info()
			if d.Type()&fs.ModeSymlink != 0 {
				info, err = os.Stat(path) // the file linked to
			}
			if err == nil {
				size = info.Size()
			} else {
				info = nil
			}
			f := entry{source: source{path: path, id: corpus.Slug(strings.TrimSuffix(rel, filepath.Ext(rel))), size: size, listed: info}}
			if d.Type()&fs.ModeSymlink != 0 {
				f.abs, f.real = resolve(path)
				f.link = true
			} else {
				// Both absolute, as a link's are: a relative path ("t1/orders.txt") would
				// never match the path a link to the file resolves to.
				f.abs, f.real = filepath.Join(absRoot, rel), filepath.Join(realRoot, rel)
			}
			inRoot = append(inRoot, f)
			return nil
		})
		if err != nil {
			failures = append(failures, failureJSON{root, reason(root, err)})
		}
		if len(inRoot) == 0 && err == nil && !rootFailed {
			failures = append(failures, failureJSON{root, fmt.Sprintf("%v (readable: %s)", corpus.ErrNoTexts, strings.Join(corpus.Extensions, ", "))})
		}
		sort.Slice(inRoot, func(i, j int) bool { return inRoot[i].path < inRoot[j].path })
		found = append(found, inRoot...)
	}
	notLinks := map[string]bool{} // the real paths of the entries that are no link
	for _, f := range found {
		if !f.link {
			notLinks[f.real] = true
		}
	}
	var files []source
	seen := map[string]bool{} // the files listed, by real path
	for _, f := range found {
		if !seen[f.real] && (!f.link || !notLinks[f.real]) {
			seen[f.real] = true
			files = append(files, f.source)
		}
	}
	return files, failures
}

// linkedPaths sets the path each of files reached through a symbolic link (its abs and real
// paths differ) is read from and stored as: the file's own (real), so that it is one document
// whichever way it is reached, unless the library holds a document read from the link's path
// and none from the file's (an earlier doctrinebot stored what it read through links by the
// links' paths), which it goes on updating. Errors: a database error.
func linkedPaths(ctx context.Context, lib *library.Library, files []source) error {
	var paths []string
	for _, f := range files {
		if f.real != f.abs {
			paths = append(paths, f.abs, f.real)
		}
	}
	if len(paths) == 0 {
		return nil
	}
	stored, err := lib.StoredPaths(ctx, paths)
	if err != nil {
		return err
	}
	for i, f := range files {
		if f.real != f.abs && !(stored[f.abs] && !stored[f.real]) {
			files[i].abs = f.real
		}
	}
	return nil
}

// reason is an error's message without the package prefix and the path it names, which the
// failure gives beside it: path, made absolute or not, or read, the path it was read from (a
// link's target).
func reason(path string, err error, read ...string) string {
	msg := strings.TrimPrefix(err.Error(), "corpus: ")
	var pe *fs.PathError
	if errors.As(err, &pe) && msg == pe.Error() {
		msg = pe.Err.Error() // "stat PATH: no such file or directory": the path is beside it
	}
	// The corpus's errors name the path as corpus.QuotePath writes it.
	msg = strings.TrimPrefix(msg, corpus.QuotePath(path)+": ")
	if abs, e := filepath.Abs(path); e == nil {
		msg = strings.TrimPrefix(msg, corpus.QuotePath(abs)+": ")
	}
	for _, r := range read {
		msg = strings.TrimPrefix(msg, corpus.QuotePath(r)+": ")
	}
	return msg
}

// changedFile is a file corpus add did not add because it changed each time it was read
// (corpus.ErrChanged): its failure's index, and its absolute path.
type changedFile struct {
	failure int
	abs     string
}

// keptCopies adds to the reason of each failure of changed, a file that changed while it was
// read (it may have been read cut short, as a file being written is), what the library kept in
// its place, "the stored copy is kept" when a document is stored from that file (or, with id,
// the --id given, under that ID), and how to add it: once it is written. (corpus add prints
// each failure after "not added: ".) Errors: a database error.
func keptCopies(ctx context.Context, lib *library.Library, id string, failures []failureJSON, changed []changedFile) error {
	if len(changed) == 0 {
		return nil
	}
	paths := make([]string, len(changed))
	for i, c := range changed {
		paths[i] = c.abs
	}
	stored, err := lib.StoredPaths(ctx, paths)
	if err != nil {
		return err
	}
	if id != "" {
		docs, err := lib.Documents(ctx)
		if err != nil {
			return err
		}
		for _, d := range docs {
			if d.ID == id {
				stored[paths[0]] = true // --id names one file
			}
		}
	}
	for _, c := range changed {
		kept := ""
		if stored[c.abs] {
			kept = "the stored copy is kept; "
		}
		failures[c.failure].Reason += "; " + kept + "add it again once it is written"
	}
	return nil
}

// addBatch is how many files corpus add reads at once, in parallel on all cores, while the
// documents before them are prepared and stored.
const addBatch = 256

// parsed is one batch of files read: the document of each file (nil when it failed or held
// nothing) and the reason of each failure, by file.
type parsed struct {
	files []source
	docs  []*corpus.Document
	errs  []error
}

func corpusAdd(ctx context.Context, dir string, paths []string, opts addFlags, m *models, jsonOut bool, stdout, stderr io.Writer) error {
	files, failures := findFiles(paths)
	if (opts.meta.ID != "" || opts.meta.Title != "") && len(files)+len(failures) > 1 {
		switch {
		case opts.meta.ID == "":
			return usageError{"--title names one document: give one file"}
		case opts.meta.Title == "":
			return usageError{"--id names one document: give one file"}
		}
		return usageError{"--id and --title name one document: give one file"}
	}
	// A library this add creates, and the folders it makes for it, are removed again when
	// it stores nothing: an add of files that all fail leaves nothing behind.
	created := !libraryExists(dir)
	made := missingFolders(dir)
	lib, embed, err := openForAdding(ctx, dir, m)
	if err != nil {
		return err
	}
	stored := false
	defer func() {
		lib.Close()
		if created && !stored {
			if err := library.Discard(dir, made); err != nil {
				fmt.Fprintf(stderr, "doctrinebot: the empty library in %s could not be removed: %v\n", dir, err)
			}
		}
	}()
	noticeWait(lib, stderr)
	if err := linkedPaths(ctx, lib, files); err != nil {
		return err
	}
	meta := opts.meta
	// A file added again is read with the metadata flags its document was given, as when it
	// was stored (its title and author may change how it is split into passages), and so is a
	// file given --id of a stored document, which replaces it and keeps what it was given.
	abs := make([]string, len(files))
	for i, f := range files {
		abs[i] = f.abs
	}
	given, err := lib.GivenMeta(ctx, abs, meta.ID)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan parsed, 1)
	go func() {
		defer close(batches)
		for start := 0; start < len(files); start += addBatch {
			b := readBatch(ctx, files[start:min(start+addBatch, len(files))], meta, given)
			select {
			case batches <- b:
			case <-ctx.Done():
				return
			}
		}
	}()

	// The document --id names, as stored before this add: one that the file replaces while
	// sharing none of its passages is likely a mistyped ID, said after the add (see
	// unrelatedReplacement).
	var replaced *corpus.Document
	var replacedInfo library.DocumentInfo
	if meta.ID != "" {
		if info, doc, err := lib.Document(ctx, meta.ID); err == nil {
			replaced, replacedInfo = doc, info
		} else if !errors.Is(err, library.ErrNotFound) {
			return err
		}
	}
	var replacement *corpus.Document // the document read for --id, if any

	prog := newAddProgress(stderr, len(files))
	ids := map[string]string{} // document ID → the file that took it in this run
	var changed []changedFile  // the files that changed each time they were read
	// docs gives the documents read, in the order of files, as the library takes them.
	docs := func(yield func(*corpus.Document) bool) {
		for b := range batches {
			for i, f := range b.files {
				prog.read(f.size)
				if err := b.errs[i]; err != nil {
					why := reason(f.path, err, f.abs)
					if !corpus.Readable(f.path) && (errors.Is(err, corpus.ErrBinary) || errors.Is(err, corpus.ErrInvalidUTF8) || errors.Is(err, corpus.ErrInvalidUTF16) || errors.Is(err, corpus.ErrInvalidUTF32)) {
						// Named on the command line with another extension, read as text.
						why += fmt.Sprintf("; a file named with another extension than %s is read as plain text", strings.Join(corpus.Extensions, ", "))
					}
					if errors.Is(err, corpus.ErrChanged) {
						changed = append(changed, changedFile{len(failures), f.abs})
					}
					failures = append(failures, failureJSON{f.path, why})
					continue
				}
				d := b.docs[i]
				if d == nil {
					continue
				}
				if meta.ID == "" {
					d.ID = uniqueID(d.ID, ids)
					for i := range d.Passages {
						d.Passages[i].DocumentID = d.ID
					}
				}
				ids[d.ID] = d.Path
				if meta.ID != "" {
					replacement = d
				}
				prog.took()
				if !yield(d) {
					return
				}
			}
		}
	}
	var givenFlags []string // the metadata flags given, which the library keeps when a file is added again
	for _, f := range []struct{ name, value string }{{"id", meta.ID}, {"title", meta.Title}, {"author", meta.Author},
		{"source", meta.Source}, {"licence", meta.Licence}, {"edition", meta.Edition}} {
		if f.value != "" {
			givenFlags = append(givenFlags, f.name)
		}
	}
	rep, err := lib.AddSeq(ctx, docs, library.AddOptions{Embed: embed, KeepIDs: meta.ID != "", Given: givenFlags, Progress: prog.update})
	prog.done(rep)
	stored = err == nil && len(rep.Added)+len(rep.Updated)+len(rep.Unchanged) > 0
	if err != nil {
		// The library takes all the documents or none: none now, but it keeps the vectors made.
		kept := fmt.Sprintf("the vectors of the %d texts embedded are kept: adding again does not embed them", rep.PassagesEmbedded)
		if rep.PassagesEmbedded == 1 {
			kept = "the vector of the 1 text embedded is kept: adding again does not embed it"
		}
		note := fmt.Sprintf("nothing added: the library in %s is as it was before this add (%s)", dir, kept)
		switch {
		case errors.Is(err, context.Canceled):
			fmt.Fprintln(stderr, "doctrinebot: interrupted;", note)
			return err
		case errors.Is(err, library.ErrReadOnly) || errors.Is(err, library.ErrDamaged):
			return err // nothing was begun: the error says what to do
		}
		return fmt.Errorf("%w; %s", err, note)
	}
	// Stored: an interruption, which ends the reading of files early, fails AddSeq (it takes
	// the documents in a transaction begun and committed under ctx), so every file was read.
	if err := keptCopies(ctx, lib, meta.ID, failures, changed); err != nil {
		return err
	}
	out := addJSON{Added: len(rep.Added), Updated: len(rep.Updated), Unchanged: len(rep.Unchanged),
		Embedded: rep.PassagesEmbedded, Total: rep.PassagesTotal}
	// A file whose text is stored already (reached by another path, or a copy) counts as
	// unchanged; which document holds its text is said here.
	out.Duplicates = []duplicateJSON{}
	for i, d := range rep.Duplicates {
		out.Duplicates = append(out.Duplicates, duplicateJSON{d.Path, d.Of, d.OfPath})
		if i < maxNotes {
			fmt.Fprintf(stderr, "doctrinebot: %s: not stored again: its text is that of document %s (%s); to store it as another document, add it alone with --id\n",
				corpus.QuotePath(d.Path), d.Of, corpus.QuotePath(d.OfPath))
		}
	}
	if n := len(rep.Duplicates) - maxNotes; n > 0 {
		more := fmt.Sprintf("%d more files not stored again, their text", n)
		if n == 1 {
			more = "1 more file not stored again, its text"
		}
		fmt.Fprintf(stderr, "doctrinebot: … and %s that of a stored document; --json lists them all (duplicates)\n", more)
	}
	// A new document that is most of a stored one, and it most of the new one, is likely an
	// edited copy of its file, meant to update it: it is added, as asked, and how to update
	// that document instead is said. The commands name the library (as an absolute path,
	// like the file's), so that pasted in another shell, folder or environment they change
	// this one and no other.
	out.Similar = []similarJSON{}
	data := dataWord(dir)
	for i, d := range rep.Similar {
		out.Similar = append(out.Similar, similarJSON{d.ID, d.Path, d.Of, d.OfPath, d.Shared, d.Texts, d.OfTexts})
		if i >= maxNotes {
			continue
		}
		verb := "are"
		if d.Shared == 1 {
			verb = "is"
		}
		fmt.Fprintf(stderr, "doctrinebot: note: %s was added as a new document, %s, but %d of its %s %s among the %d of document %s (%s); "+
			"if it is an edited copy of that document, update that document instead: `doctrinebot corpus remove --data %s %s` and "+
			"`doctrinebot corpus add --data %s --id %s %s`\n",
			corpus.QuotePath(d.Path), d.ID, d.Shared, count(d.Texts, "passage"), verb, d.OfTexts, d.Of, corpus.QuotePath(d.OfPath),
			data, shellWord(d.ID), data, shellWord(d.Of), shellWord(d.Path))
	}
	if n := len(rep.Similar) - maxNotes; n > 0 {
		more := fmt.Sprintf("%d more documents added as new that may be edited copies of stored ones", n)
		if n == 1 {
			more = "1 more document added as new that may be an edited copy of a stored one"
		}
		fmt.Fprintf(stderr, "doctrinebot: note: … and %s; --json lists them all (similar)\n", more)
	}
	out.Replaced = []replacedJSON{}
	if note := unrelatedReplacement(replaced, replacedInfo, replacement, rep.Updated, data); note != "" {
		fmt.Fprintln(stderr, "doctrinebot: note: "+note)
		out.Replaced = append(out.Replaced, replacedJSON{replaced.ID, replacedInfo.Path, replacedInfo.Passages, replacement.Path})
	}
	out.Failed = len(failures)
	out.Failures = failures
	if out.Failures == nil {
		out.Failures = []failureJSON{}
	}
	if jsonOut {
		if err := json.NewEncoder(stdout).Encode(out); err != nil {
			return err
		}
	} else {
		for _, f := range failures {
			fmt.Fprintf(stderr, "doctrinebot: not added: %s: %s\n", corpus.QuotePath(f.Path), escapeControls(f.Reason))
		}
		// A vector is made per distinct embedding text, not per passage: passages with the same
		// text share one, and a text the library holds a vector of is not embedded again.
		where := "library " + dir
		if created && !stored {
			where = "no library made in " + dir
		}
		embedded := fmt.Sprintf("%s embedded for %s", count(out.Embedded, "distinct text"), count(out.Total, "passage"))
		if out.Embedded == 0 && out.Total > 0 {
			// "0 distinct texts embedded" read as a failure when the vectors were all there.
			embedded = fmt.Sprintf("nothing to embed for %s (vectors already stored)", count(out.Total, "passage"))
		}
		fmt.Fprintf(stdout, "%d added, %d updated, %d unchanged, %d failed; %s (%s)\n",
			out.Added, out.Updated, out.Unchanged, out.Failed, embedded, where)
	}
	if len(failures) > 0 {
		return fmt.Errorf("%s not added: %w", count(len(failures), "file"), errSilent)
	}
	return nil
}

// shellWord returns s as one word of a POSIX shell's command line, for a command to copy: as it
// is when it holds only letters, digits and "-_./+,:@%=", else in single quotes, each single
// quote in it closing them, escaped with a backslash, and opening them again. One that
// corpus.QuotePath would quote (a control character such as a terminal escape or a newline, a
// format character such as U+202E, a byte that is no UTF-8) is written in the shell's $'…'
// quotes instead, each such character as an escape ($'x\x1b[2Jy.txt'), so that the command
// printed holds none and stays one line.
func shellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_./+,:@%=", r)))
	}) < 0 {
		return s
	}
	if corpus.QuotePath(s) == s {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	var b strings.Builder
	b.WriteString("$'")
	for i, r := range s {
		switch {
		case r == '\\' || r == '\'':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i]) // a byte that is no UTF-8
		case strconv.IsPrint(r):
			b.WriteRune(r)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xFFFF:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// hasControl reports whether s holds a control character (see unicode.IsControl).
func hasControl(s string) bool { return strings.IndexFunc(s, unicode.IsControl) >= 0 }

// escapeControls returns s, a message that may hold a path (a reason a file was not added),
// with each control character written as its escape (\x1b, \n), as corpus.QuotePath writes
// them.
func escapeControls(s string) string {
	if !hasControl(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// uniqueID returns id, or id with the first free suffix "-2", "-3", … when another file of the
// same run took it, as corpus.Load does.
func uniqueID(id string, taken map[string]string) string {
	if _, ok := taken[id]; !ok {
		return id
	}
	for n := 2; ; n++ {
		if c := fmt.Sprintf("%s-%d", id, n); !isTaken(taken, c) {
			return c
		}
	}
}

func isTaken(taken map[string]string, id string) bool {
	_, ok := taken[id]
	return ok
}

// checkListed returns an error wrapping corpus.ErrChanged, naming f's file, when the file read
// from f.abs is not, once read, the file corpus add listed (f.listed) in the same state: it is
// another file (device and inode), or its size or modification time changed. Such a file is
// being written (a program truncated it and is writing it again): what was read of it may be
// cut short, though it did not change during the read itself (which corpus.ReadFile checks),
// and it would replace the whole copy stored. Nil when f was not stated when listed.
func checkListed(f source) error {
	if f.listed == nil {
		return nil
	}
	now, err := os.Stat(f.abs)
	if err == nil && os.SameFile(f.listed, now) && f.listed.Size() == now.Size() && f.listed.ModTime().Equal(now.ModTime()) {
		return nil
	}
	return fmt.Errorf("corpus: %s: %w", corpus.QuotePath(f.abs), corpus.ErrChanged)
}

// readDocument reads and parses one file for corpus add: corpus.ReadFile, which the tests
// wrap to change a file after corpus add listed it and before it is read, as a program writing
// it does.
var readDocument = corpus.ReadFile

// readBatch reads files in parallel on all cores, keeping their order, each with meta and,
// for the fields meta does not give, the metadata its stored document was given (stored, by
// absolute path: see library.Library.GivenMeta). The workers take the next file by an atomic
// counter rather than from a channel, which would wake one for each file.
func readBatch(ctx context.Context, files []source, meta corpus.Meta, stored map[string]corpus.Meta) parsed {
	b := parsed{files: files, docs: make([]*corpus.Document, len(files)), errs: make([]error, len(files))}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) || ctx.Err() != nil {
					return
				}
				m := meta
				if m.ID == "" {
					m.ID = files[i].id
				}
				if g, ok := stored[files[i].abs]; ok {
					for _, f := range [][2]*string{{&m.Title, &g.Title}, {&m.Author, &g.Author}, {&m.Source, &g.Source},
						{&m.Licence, &g.Licence}, {&m.Edition, &g.Edition}} {
						if *f[0] == "" {
							*f[0] = *f[1]
						}
					}
				}
				// --source is set after reading, so that no title is taken from it, as one is
				// from a text's "SOURCE: … (Title)" line: a URL's "(…)" is no title.
				source := m.Source
				m.Source = ""
				b.docs[i], b.errs[i] = readDocument(files[i].abs, m)
				if b.errs[i] == nil {
					if err := checkListed(files[i]); err != nil {
						b.docs[i], b.errs[i] = nil, err
					}
				}
				if b.docs[i] != nil && source != "" {
					b.docs[i].Source = source
				}
			}
		})
	}
	wg.Wait()
	return b
}

// addProgress shows how far corpus add has gone on standard error: a line redrawn in place on
// a terminal (at most 10 times a second), else a plain line every 5 seconds. Files and bytes
// count the files read up to the last document stored, failures included.
type addProgress struct {
	w     io.Writer
	tty   bool
	total int
	start time.Time
	last  time.Time
	shown bool

	mu sync.Mutex
	// files and bytes count the files read so far; upTo holds them as they were when each
	// document was taken, by document.
	files int
	bytes int64
	upTo  []filesRead
}

// filesRead is how many files, of how many bytes, were read.
type filesRead struct {
	files int
	bytes int64
}

func newAddProgress(w io.Writer, total int) *addProgress {
	return &addProgress{w: w, tty: isTerminal(w), total: total, start: time.Now(), last: time.Now()}
}

// read counts a file read, of size bytes.
func (p *addProgress) read(size int64) {
	p.mu.Lock()
	p.files++
	p.bytes += size
	p.mu.Unlock()
}

// took records that the document of the last file read was passed to the library.
func (p *addProgress) took() {
	p.mu.Lock()
	p.upTo = append(p.upTo, filesRead{p.files, p.bytes})
	p.mu.Unlock()
}

// update shows the library's progress: lp.Documents documents stored.
func (p *addProgress) update(lp library.Progress) {
	if lp.Documents == 0 {
		return
	}
	p.mu.Lock()
	r := p.upTo[lp.Documents-1]
	p.mu.Unlock()
	p.show(r, lp.Passages, lp.Embedded, false)
}

func (p *addProgress) show(r filesRead, passages, embedded int, force bool) {
	now := time.Now()
	interval := 5 * time.Second
	if p.tty {
		interval = time.Second / 10
	}
	if !force && now.Sub(p.last) < interval {
		return
	}
	p.last = now
	secs := now.Sub(p.start).Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(r.bytes) / (1 << 20) / secs
	}
	line := fmt.Sprintf("adding: %d/%d file%s, %s (%s embedded), %.1f MB/s", r.files, p.total, plural(p.total), count(passages, "passage"), count(embedded, "text"), rate)
	if p.tty {
		p.shown = true
		fmt.Fprintf(p.w, "\r%s\x1b[K", line)
	} else {
		fmt.Fprintln(p.w, line)
	}
}

// done shows the counts of rep and ends the progress line.
func (p *addProgress) done(rep library.AddReport) {
	if !p.shown {
		return
	}
	p.mu.Lock()
	r := filesRead{p.files, p.bytes}
	p.mu.Unlock()
	p.show(r, rep.PassagesTotal, rep.PassagesEmbedded, true)
	fmt.Fprintln(p.w)
}

// documentJSON is the --json shape of a stored document in corpus list, show and remove.
type documentJSON struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Author   string    `json:"author"`
	Source   string    `json:"source"`
	Licence  string    `json:"licence"`
	Edition  string    `json:"edition"`
	Path     string    `json:"path"`
	Format   string    `json:"format"`
	Passages int       `json:"passages"`
	Bytes    int64     `json:"bytes"`
	Added    time.Time `json:"added"`
	Updated  time.Time `json:"updated"`
}

func toDocumentJSON(d library.DocumentInfo) documentJSON {
	return documentJSON{d.ID, d.Title, d.Author, d.Source, d.Licence, d.Edition, d.Path, d.Format,
		d.Passages, d.Bytes, d.Added, d.Updated}
}

// listJSON is the --json shape of corpus list.
type listJSON struct {
	Data        string         `json:"data"`
	AnswersFrom string         `json:"answers_from"` // "library" or "builtin"
	Model       string         `json:"model"`
	Dim         int            `json:"dim"`
	Passages    int            `json:"passages"`
	DiskBytes   int64          `json:"disk_bytes"`
	Documents   []documentJSON `json:"documents"`
}

func corpusList(ctx context.Context, dir, opt string, m *models, jsonOut bool, stdout io.Writer) error {
	out := listJSON{Data: dir, AnswersFrom: "builtin", Documents: []documentJSON{}}
	if libraryExists(dir) {
		lib, err := library.Open(ctx, dir, library.Model{})
		if err != nil {
			return err
		}
		defer lib.Close()
		docs, err := lib.Documents(ctx)
		if err != nil {
			return err
		}
		st, err := lib.Stats(ctx)
		if err != nil {
			return err
		}
		out.Model, out.Dim, out.Passages, out.DiskBytes = st.Model.Name, st.Model.Dim, st.Passages, st.DiskBytes
		for _, d := range docs {
			out.Documents = append(out.Documents, toDocumentJSON(d))
		}
		if len(docs) > 0 {
			out.AnswersFrom = "library"
		}
	}
	if jsonOut {
		return json.NewEncoder(stdout).Encode(out)
	}
	if out.AnswersFrom == "builtin" {
		b := corpus.Builtin()[0]
		state := "The library in %s is empty"
		if !libraryExists(dir) {
			state = "There is no library in %s"
		}
		fmt.Fprintf(stdout, state+": answers come from the built-in corpus (%s, %s).\nAdd documents with `doctrinebot corpus add%s PATH`.\n", dir, b.Title, b.Author, opt)
		return nil
	}
	fmt.Fprintf(stdout, "Answers come from the library in %s: %s, %s, %.1f MB on disk, embedded with %s (%s).\n",
		dir, count(len(out.Documents), "document"), count(out.Passages, "passage"), float64(out.DiskBytes)/1e6, out.Model, count(out.Dim, "dimension"))
	if name := m.embeddingName(); name != out.Model {
		fmt.Fprintf(stdout, "The current model is %s: run `doctrinebot corpus reindex%s` before asking.\n", name, opt)
	}
	// A library written before metadata lost its control characters may still hold some:
	// printed, each field is one line with none.
	for _, d := range out.Documents {
		line := fmt.Sprintf("%s\t%s\t%s", printable(d.ID), count(d.Passages, "passage"), printable(d.Title))
		if d.Author != "" {
			line += ", " + printable(d.Author)
		}
		if d.Edition != "" {
			line += " (" + printable(d.Edition) + ")"
		}
		fmt.Fprintln(stdout, line)
	}
	return nil
}

// passageJSON is the --json shape of a passage in corpus show.
type passageJSON struct {
	Index   int    `json:"index"`
	ID      string `json:"id"`
	Section string `json:"section"`
	Lines   [2]int `json:"lines"`
	Pages   [2]int `json:"pages"`
	Text    string `json:"text"`
}

// noSuchDocument returns err, but for library.ErrNotFound, which it words for the user, naming
// the documents' IDs and the library's folder (dir) and saying where to find the IDs (with
// opt, the library's option: see dataOption). When more IDs were given than are missing
// (given), it says that nothing was removed.
func noSuchDocument(err error, ids []string, given int, dir, opt string) error {
	if !errors.Is(err, library.ErrNotFound) {
		return err
	}
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = strconv.Quote(id)
	}
	none := ""
	if given > 1 {
		none = "; nothing removed"
	}
	return &inputError{msg: fmt.Sprintf("no such document%s %s in %s%s; see `doctrinebot corpus list%s`", plural(len(q)), strings.Join(q, ", "), dir, none, opt), err: err}
}

func corpusShow(ctx context.Context, dir, opt, id string, jsonOut bool, stdout io.Writer) error {
	lib, err := openExisting(ctx, dir, opt)
	if err != nil {
		return err
	}
	defer lib.Close()
	info, doc, err := lib.Document(ctx, id)
	if err != nil {
		return noSuchDocument(err, []string{id}, 1, dir, opt)
	}
	if jsonOut {
		out := struct {
			documentJSON
			Passages []passageJSON `json:"passages"`
		}{documentJSON: toDocumentJSON(info), Passages: []passageJSON{}}
		out.documentJSON.Passages = len(doc.Passages)
		for _, p := range doc.Passages {
			out.Passages = append(out.Passages, passageJSON{p.Index, p.ID, p.Section(),
				[2]int{p.FirstLine, p.LastLine}, [2]int{p.FirstPage, p.LastPage}, p.Text})
		}
		return json.NewEncoder(stdout).Encode(out)
	}
	fmt.Fprintf(stdout, "%s: %s\n", printable(info.ID), printable(info.Title))
	// A path is named as in every message (quoted when it holds a character a terminal does not
	// show as itself); so is the source when it is the file's path, as it is unless given.
	source := printable(info.Source)
	if info.Source == info.Path {
		source = corpus.QuotePath(info.Source)
	}
	for _, f := range [][2]string{{"author", printable(info.Author)}, {"source", source}, {"edition", printable(info.Edition)},
		{"licence", printable(info.Licence)}, {"path", corpus.QuotePath(info.Path)}, {"format", printable(info.Format)}} {
		if f[1] != "" {
			fmt.Fprintf(stdout, "  %s: %s\n", f[0], f[1])
		}
	}
	fmt.Fprintf(stdout, "  %s, %s; added %s, updated %s\n", count(info.Passages, "passage"), count(int(info.Bytes), "byte"),
		info.Added.Format(time.RFC3339), info.Updated.Format(time.RFC3339))
	for _, p := range doc.Passages {
		fmt.Fprintf(stdout, "\n[%d] %s", p.Index, printable(bot.Citation(&p)))
		fmt.Fprintf(stdout, "\n%s\n", corpus.StripControls(p.Text))
	}
	return nil
}

// corpusRemove removes the documents ids from the library in dir, all in one transaction (see
// library.RemoveAll): an ID that names no document is an input error naming it, and nothing
// is removed. Each line says how many quiz items the removal retired, if any.
func corpusRemove(ctx context.Context, dir, opt string, ids []string, jsonOut bool, stdout, stderr io.Writer) error {
	lib, err := openExisting(ctx, dir, opt)
	if err != nil {
		return err
	}
	defer lib.Close()
	noticeWait(lib, stderr)
	infos, err := lib.RemoveAll(ctx, ids...)
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "doctrinebot: interrupted; nothing removed: the library in %s is as it was\n", dir)
	}
	if missing, ok := library.NotFoundIDs(err); ok {
		return noSuchDocument(err, missing, len(ids), dir, opt)
	}
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	for _, info := range infos {
		if jsonOut {
			// One object a document removed, as ask prints one a question.
			if err := enc.Encode(struct {
				Removed      documentJSON `json:"removed"`
				RetiredItems int          `json:"retired_items"`
			}{toDocumentJSON(info), info.RetiredItems}); err != nil {
				return err
			}
			continue
		}
		retired := ""
		if info.RetiredItems > 0 {
			retired = fmt.Sprintf("; %s retired, back when the document is added again", count(info.RetiredItems, "quiz item"))
		}
		fmt.Fprintf(stdout, "removed %s (%s, %s)%s\n", printable(info.ID), printable(info.Title), count(info.Passages, "passage"), retired)
	}
	return nil
}

func corpusReindex(ctx context.Context, dir, opt string, m *models, jsonOut bool, stdout, stderr io.Writer) error {
	lib, err := openExisting(ctx, dir, opt)
	if err != nil {
		return err
	}
	defer lib.Close()
	model, embed, _, err := m.embedding(ctx)
	if err != nil {
		return err
	}
	noticeWait(lib, stderr)
	tty := isTerminal(stderr)
	last := time.Now()
	n, err := lib.Reindex(ctx, embed, model, func(done, total int) {
		if tty && (done == total || time.Since(last) > time.Second/10) {
			last = time.Now()
			fmt.Fprintf(stderr, "\rembedding: %d/%d distinct text%s", done, total, plural(total))
			if done == total {
				fmt.Fprintln(stderr)
			}
		}
	})
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "doctrinebot: interrupted; the library in %s is as it was\n", lib.Dir())
	}
	if err != nil {
		return err
	}
	st, err := lib.Stats(ctx)
	if err != nil {
		return err
	}
	if jsonOut {
		return json.NewEncoder(stdout).Encode(struct {
			Model    string `json:"model"`
			Dim      int    `json:"dim"`
			Embedded int    `json:"passages_embedded"` // distinct embedding texts embedded
			Total    int    `json:"passages_total"`
		}{model.Name, model.Dim, n, st.Passages})
	}
	fmt.Fprintf(stdout, "embedded %s for %s with %s (%s)\n", count(n, "distinct text"), count(st.Passages, "passage"), model.Name, count(model.Dim, "dimension"))
	return nil
}

// missingFolders returns dir and those of its parents that do not exist, deepest first: the
// folders that opening a library in dir makes.
func missingFolders(dir string) []string {
	var out []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || !errors.Is(err, fs.ErrNotExist) {
			return out
		}
		out = append(out, d)
		if filepath.Dir(d) == d {
			return out
		}
	}
}

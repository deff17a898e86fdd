package main

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/doctrinebot/doctrinebot/internal/sqlitetest"
	"github.com/doctrinebot/doctrinebot/library"
)

// TestDamagedLibraryFails checks that every command reading or writing a library whose
// database is damaged (random bytes over the documents table's page) fails with exit status 1
// and an error naming the database's file and saying what to do, and that corpus add adds
// nothing to it — even gaps and quiz list, which read only tables the damage spared.
func TestDamagedLibraryFails(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(dir, "forces.md"), "# Forces\n\n"+section("navy")+section("army"))
	writeFile(t, filepath.Join(dir, "more.md"), "# More forces\n\n"+section("militia"))
	if r := runArgs(t, "", "corpus", "add", "--data", data, filepath.Join(dir, "forces.md")); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	path := filepath.Join(data, library.FileName)
	sqlitetest.DamageTable(t, path, "documents")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"corpus", "list"},
		{"corpus", "show", "forces"},
		{"corpus", "add", filepath.Join(dir, "more.md")},
		{"corpus", "remove", "forces"},
		{"corpus", "reindex"},
		{"gaps"},
		{"quiz", "list"},
		{"quiz", "generate"},
		{"ask", "What is the navy?"},
	} {
		r := runArgs(t, "", append(args, "--data", data)...)
		if status := exitStatus(r.err, io.Discard); status != 1 || r.err == nil ||
			!strings.Contains(r.err.Error(), path+" is damaged") || !strings.Contains(r.err.Error(), "restore it from a backup") {
			t.Errorf("%s: exit status %d, %v; want 1 and an error naming %s and saying what to do", strings.Join(args, " "), status, r.err, path)
		}
		if r.stdout != "" {
			t.Errorf("%s printed %q", strings.Join(args, " "), r.stdout)
		}
	}
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
		t.Errorf("the damaged library was written to (%v)", err)
	}
}

// TestOtherProgramsDatabaseFails checks that every command reading or writing a library whose
// library.db is another program's SQLite database fails with exit status 1 and an error naming
// the file and saying it is not a doctrinebot library, and writes nothing into it nor beside
// it. Before, the first command wrote the library's schema into it (and set it to WAL mode),
// and one of no tables but another program's application ID and user version was read as an
// empty library ("The library … is empty").
func TestOtherProgramsDatabaseFails(t *testing.T) {
	for _, qs := range [][]string{
		{`CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)`},
		{`PRAGMA user_version = 7`, `PRAGMA application_id = 1234`},
	} {
		t.Run(qs[0], func(t *testing.T) { testOtherProgramsDatabase(t, qs) })
	}
}

func testOtherProgramsDatabase(t *testing.T, qs []string) {
	dir, data := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(dir, "forces.md"), "# Forces\n\n"+section("navy")+section("army"))
	path := filepath.Join(data, library.FileName)
	before := execSQLite(t, path, qs...)
	for _, args := range [][]string{
		{"corpus", "add", filepath.Join(dir, "forces.md")},
		{"corpus", "list"},
		{"corpus", "show", "forces"},
		{"corpus", "remove", "forces"},
		{"corpus", "reindex"},
		{"gaps"},
		{"quiz", "list"},
		{"quiz", "generate"},
		{"quiz"},
		{"ask", "What is the navy?"},
	} {
		r := runArgs(t, "", append(args, "--data", data)...)
		if status := exitStatus(r.err, io.Discard); status != 1 || r.err == nil ||
			!strings.Contains(r.err.Error(), path+" is not a doctrinebot library") {
			t.Errorf("%s: exit status %d, %v; want 1 and an error naming %s, not a doctrinebot library", strings.Join(args, " "), status, r.err, path)
		}
		if r.stdout != "" {
			t.Errorf("%s printed %q", strings.Join(args, " "), r.stdout)
		}
	}
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
		t.Errorf("the other program's database was written to (%v)", err)
	}
	if n := names(data); !slices.Equal(n, []string{library.FileName}) {
		t.Errorf("the folder holds %v, want only %s", n, library.FileName)
	}
}

// TestNoTablesReadOnly checks that the commands that only read, given a library.db that is an
// SQLite database of no tables (nothing doctrinebot wrote, nor another program's mark), say
// there is no library and leave the file as it was, as for an empty library.db; before, they
// wrote a library's schema into it and set it to WAL mode.
func TestNoTablesReadOnly(t *testing.T) {
	data := t.TempDir()
	path := filepath.Join(data, library.FileName)
	before := execSQLite(t, path, `CREATE TABLE t (x)`, `DROP TABLE t`)
	for _, tc := range []struct {
		args []string
		want string // in the output or the error
	}{
		{[]string{"corpus", "list"}, "There is no library in " + data},
		{[]string{"corpus", "show", "forces"}, "no library in " + data},
		{[]string{"corpus", "reindex"}, "no library in " + data},
		{[]string{"gaps"}, "There is no library in " + data},
		{[]string{"quiz", "list"}, "No quiz items"},
	} {
		r := runArgs(t, "", append(tc.args, "--data", data)...)
		got := r.stdout
		if r.err != nil {
			got += r.err.Error()
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, %v; want %q", strings.Join(tc.args, " "), r.stdout, r.err, tc.want)
		}
	}
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
		t.Errorf("library.db was written to (%v)", err)
	}
	if n := names(data); !slices.Equal(n, []string{library.FileName}) {
		t.Errorf("the folder holds %v, want only %s", n, library.FileName)
	}
}

// TestMissingPassageFails checks that the commands reading passages from a library one of
// whose passage rows was deleted (SQLite's checks find nothing wrong) fail with exit status 1
// and an error naming the file and saying to restore it from a backup, as other damage does;
// before, ask and quiz said only `document "forces": passage 1 missing`.
func TestMissingPassageFails(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(dir, "forces.md"), "# Forces\n\n"+section("navy")+section("army")+section("militia"))
	if r := runArgs(t, "", "corpus", "add", "--data", data, filepath.Join(dir, "forces.md")); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	path := filepath.Join(data, library.FileName)
	execSQLite(t, path, `DELETE FROM passages WHERE idx = 1`)
	os.Remove(filepath.Join(data, "index.snapshot"))
	for _, args := range [][]string{
		{"ask", "What is the navy?"},
		{"quiz", "generate"},
		{"quiz"},
		{"corpus", "show", "forces"},
		{"corpus", "reindex"},
	} {
		r := runArgs(t, "", append(args, "--data", data)...)
		want := path + ` is damaged (document "forces": passage 1 missing): restore it from a backup`
		if status := exitStatus(r.err, io.Discard); status != 1 || r.err == nil || !strings.Contains(r.err.Error(), want) {
			t.Errorf("%s: exit status %d, %v; want 1 and an error saying %q", strings.Join(args, " "), status, r.err, want)
		}
	}
}

// handbookWithItems returns the folder of a new library holding the handbook, with the quiz
// items generated from it pending review.
func handbookWithItems(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	file := filepath.Join(t.TempDir(), "handbook.txt")
	writeFile(t, file, handbook)
	if r := runArgs(t, "", "corpus", "add", "--data", data, file); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	if r := runArgs(t, "", "quiz", "generate", "--data", data); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	return data
}

// TestQuizDamagedItemFails checks that the quiz commands reading a library whose approved
// items were changed by hand into none of their options (answer 99) fail with exit status 1
// and an error naming the file and the item, as other damage does; before, `quiz` panicked
// with "index out of range [99]" in quiz.Item.Label.
func TestQuizDamagedItemFails(t *testing.T) {
	data := handbookWithItems(t)
	var ids []string
	for _, it := range storedItems(t, data) {
		ids = append(ids, it.ID)
	}
	if r := runArgs(t, "", append([]string{"quiz", "approve", "--data", data}, ids...)...); r.err != nil || len(ids) == 0 {
		t.Fatal(r.err, r.stderr, ids)
	}
	path := filepath.Join(data, library.FileName)
	execSQLite(t, path, `UPDATE quiz_items SET item = json_set(item, '$.answer', 99) WHERE status = 'approved'`)
	for _, args := range [][]string{
		{"quiz", "-n", "3"},
		{"quiz", "list"},
		{"quiz", "export"},
		{"quiz", "approve", ids[0]},
	} {
		r := runArgs(t, "T\nT\nT\n", append(args, "--data", data)...)
		if status := exitStatus(r.err, io.Discard); status != 1 || r.err == nil ||
			!strings.Contains(r.err.Error(), path+" is damaged (quiz item ") || !strings.Contains(r.err.Error(), ": answer 99 is none of its ") {
			t.Errorf("%s: exit status %d, %v; want 1 and an error saying %s is damaged, naming the item", strings.Join(args, " "), status, r.err, path)
		}
	}
}

// TestCorpusRemoveRetiresItems checks that corpus remove says how many quiz items the removal
// retired (they were retired without a word, and quiz list then said "0 items").
func TestCorpusRemoveRetiresItems(t *testing.T) {
	data := handbookWithItems(t)
	items := storedItems(t, data)
	if len(items) == 0 {
		t.Fatal("no items generated")
	}
	doc := items[0].Source.DocumentID
	r := runArgs(t, "", "corpus", "remove", "--data", data, doc)
	want := fmt.Sprintf("; %s retired, back when the document is added again\n", count(len(items), "quiz item"))
	if r.err != nil || !strings.HasPrefix(r.stdout, "removed "+doc+" (") || !strings.HasSuffix(r.stdout, want) {
		t.Errorf("corpus remove: %v, %q; want a line ending %q", r.err, r.stdout, want)
	}
	// With --json, "retired_items" counts them.
	data = handbookWithItems(t)
	r = runArgs(t, "", "corpus", "remove", "--json", "--data", data, doc)
	if want := fmt.Sprintf(`,"retired_items":%d}`, len(items)); r.err != nil || !strings.HasSuffix(strings.TrimSpace(r.stdout), want) {
		t.Errorf("corpus remove --json: %v, %q; want it to end %q", r.err, r.stdout, want)
	}
}

// TestQuizRemoveDamagedItem checks the way out of a damaged quiz item: the error that every
// command reading the items gives names `doctrinebot quiz remove --data DIR ID`, which
// removes the item without reading it (one that is not JSON, which also blocked corpus add,
// or one whose answer is none of its options), after which the commands work again with the
// other items; and that quiz remove of an ID not stored removes nothing, naming it.
func TestQuizRemoveDamagedItem(t *testing.T) {
	data := handbookWithItems(t)
	items := storedItems(t, data)
	if len(items) < 3 {
		t.Fatalf("%d items generated; want 3 or more", len(items))
	}
	broken, wrong := items[0].ID, items[1].ID
	path := filepath.Join(data, library.FileName)
	execSQLite(t, path, `UPDATE quiz_items SET item = '{"question": "unfinished' WHERE id = '`+broken+`';
		UPDATE quiz_items SET item = json_set(item, '$.answer', 99) WHERE id = '`+wrong+`'`)
	file := filepath.Join(t.TempDir(), "extra.txt")
	writeFile(t, file, "An extra text.\n\nIts one paragraph says nothing of the handbook.\n")
	for _, args := range [][]string{{"quiz", "list"}, {"corpus", "add", file}} {
		r := runArgs(t, "", append(args, "--data", data)...)
		want := "remove the item with `doctrinebot quiz remove --data " + data + " " + broken + "`"
		if status := exitStatus(r.err, io.Discard); status != 1 || r.err == nil || !strings.Contains(r.err.Error(), want) {
			t.Errorf("%s: exit status %d, %v; want 1 and an error saying to %s", strings.Join(args, " "), status, r.err, want)
		}
	}

	unknown := "0123456789ab"
	r := runArgs(t, "", "quiz", "remove", "--data", data, broken, unknown)
	if status := exitStatus(r.err, io.Discard); status != 1 || r.err == nil || !strings.Contains(r.err.Error(), `no quiz item "`+unknown+`"; nothing removed`) {
		t.Errorf("quiz remove of an unknown ID: exit status %d, %v; want 1, naming it, nothing removed", status, r.err)
	}
	r = runArgs(t, "", "quiz", "list", "--data", data)
	if r.err == nil || !strings.Contains(r.err.Error(), broken) {
		t.Errorf("quiz list after a failed quiz remove: %v; want the damaged item %s still there", r.err, broken)
	}

	r = runArgs(t, "", "quiz", "remove", "--data", data, broken, strings.ToUpper(wrong), broken)
	if r.err != nil || r.stdout != broken+" removed\n"+wrong+" removed\n2 items removed\n" {
		t.Fatalf("quiz remove: %v, %q; want both items removed", r.err, r.stdout)
	}
	r = runArgs(t, "", "quiz", "list", "--data", data)
	if r.err != nil || strings.Contains(r.stdout, broken) || strings.Contains(r.stdout, wrong) || !strings.Contains(r.stdout, items[2].ID) {
		t.Errorf("quiz list after quiz remove: %v, %q; want the other items and not the removed", r.err, r.stdout)
	}
	if got := len(storedItems(t, data)); got != len(items)-2 {
		t.Errorf("%d items stored after removing 2 of %d", got, len(items))
	}
	if r := runArgs(t, "", "corpus", "add", "--data", data, file); r.err != nil {
		t.Errorf("corpus add after quiz remove: %v", r.err)
	}
}

// TestLibraryMissingTableFails checks that a library one of whose tables was dropped fails
// every command, the read-only ones too (opened to write, or read-only by another user), with
// exit status 1 and an error naming the file and the table, and is left as it is; before,
// corpus list created the table again, empty, and quiz list then said 0 items.
func TestLibraryMissingTableFails(t *testing.T) {
	data := handbookWithItems(t)
	path := filepath.Join(data, library.FileName)
	execSQLite(t, path, `DROP TABLE quiz_items`)
	want := path + " is damaged (table quiz_items is missing): restore it from a backup"
	// corpus list twice: the first created no table for the second to find.
	for _, args := range [][]string{{"corpus", "list"}, {"corpus", "list"}, {"quiz", "list"}, {"gaps"}} {
		r := runArgs(t, "", append(args, "--data", data)...)
		if status := exitStatus(r.err, io.Discard); status != 1 || r.err == nil || !strings.Contains(r.err.Error(), want) {
			t.Errorf("%s: exit status %d, %v; want 1 and an error saying %q", strings.Join(args, " "), status, r.err, want)
		}
	}

	l := newReadOnlyLibrary(t)
	path = filepath.Join(l.data, library.FileName)
	execSQLite(t, path, `DROP TABLE gaps`)
	l.lock()
	want = path + " is damaged (table gaps is missing): restore it from a backup"
	for _, args := range [][]string{{"corpus", "list"}, {"gaps"}} {
		if status, _, stderr := l.run(args...); status != 1 || !strings.Contains(stderr, want) {
			t.Errorf("read-only, %s: exit status %d, %q; want 1 and an error saying %q", strings.Join(args, " "), status, stderr, want)
		}
	}
}

// readOnlyLibrary is a library that the commands run by its run function may read but not
// write: run as root, they run as nobody (root may write anything); otherwise, once lock is
// called, the folder and its files are read-only. It holds the document forces (from the file
// text) and the gap "What is the capital of Australia?", and no index snapshot.
type readOnlyLibrary struct {
	data, text string
	run        func(args ...string) (status int, stdout, stderr string)
	lock       func()
}

func newReadOnlyLibrary(t *testing.T) readOnlyLibrary {
	t.Helper()
	base, err := os.MkdirTemp("", "doctrinebot-readonly")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		filepath.WalkDir(base, func(path string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(path, 0o755)
			}
			return nil
		})
		os.RemoveAll(base)
	})
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	l := readOnlyLibrary{data: filepath.Join(base, "library"), text: filepath.Join(base, "forces.md")}
	writeFile(t, l.text, "# Forces\n\n"+section("navy")+section("army"))
	if r := runArgs(t, "", "corpus", "add", "--data", l.data, l.text); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	if r := runArgs(t, "", "ask", "--data", l.data, "What is the capital of Australia?"); r.err != nil {
		t.Fatal(r.err, r.stderr) // a gap recorded, and the index snapshot saved
	}
	os.Remove(filepath.Join(l.data, library.SnapshotFile)) // so that ask builds the index
	exe := filepath.Join(base, "doctrinebot.test")
	copyFile(t, os.Args[0], exe, 0o755)

	attr := &syscall.SysProcAttr{}
	l.lock = func() {}
	if os.Geteuid() == 0 {
		attr.Credential = &syscall.Credential{Uid: 65534, Gid: 65534}
	} else {
		l.lock = func() {
			entries, _ := os.ReadDir(l.data)
			for _, e := range entries {
				os.Chmod(filepath.Join(l.data, e.Name()), 0o444)
			}
			os.Chmod(l.data, 0o555)
		}
	}
	l.run = func(args ...string) (int, string, string) {
		t.Helper()
		cmd := exec.Command(exe, "-test.run=^$")
		if !slices.Contains(args, "--data") { // another library's
			args = append(args, "--data", l.data)
		}
		cmd.Env = append(os.Environ(), childEnv+"="+strings.Join(args, "\x1f"))
		cmd.SysProcAttr = attr
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
	}
	return l
}

// names returns the names of the files in dir.
func names(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestReadOnlyLibrary checks that a library this user may read but not write (another user's
// folder, mode 755) is read by the commands that only read it, creating nothing in its folder,
// and that a command changing it fails with exit status 1 and an error naming the database's
// file and saying that its folder must be writable.
func TestReadOnlyLibrary(t *testing.T) {
	l := newReadOnlyLibrary(t)
	l.lock()
	before := names(l.data)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"corpus", "list"}, "forces\t2 passages\tForces"},
		{[]string{"corpus", "show", "forces"}, "The navy is described here at length."},
		{[]string{"gaps"}, "What is the capital of Australia?"},
		{[]string{"quiz", "list"}, "0 items\n"},
		{[]string{"ask", "What is the navy?"}, "> The navy is described here at length."},
	} {
		status, stdout, stderr := l.run(tt.args...)
		if status != 0 || !strings.Contains(stdout, tt.want) {
			t.Errorf("%s: exit status %d, output %q, %s; want 0 and %q", strings.Join(tt.args, " "), status, stdout, stderr, tt.want)
		}
	}
	path := filepath.Join(l.data, library.FileName)
	for _, args := range [][]string{{"corpus", "remove", "forces"}, {"corpus", "add", l.text}, {"quiz", "generate"}} {
		status, stdout, stderr := l.run(args...)
		if status != 1 || !strings.Contains(stderr, "cannot write "+path) || !strings.Contains(stderr, "the folder "+l.data+" and library.db in it must be writable") || stdout != "" {
			t.Errorf("%s: exit status %d, %q, %q; want 1 and an error naming %s and saying it must be writable", strings.Join(args, " "), status, stdout, stderr, path)
		}
	}
	// The quiz commands that change items say that nothing changed.
	for _, tt := range []struct{ args []string }{{[]string{"quiz", "remove", "0123456789ab"}}, {[]string{"quiz", "approve", "0123456789ab"}}} {
		done := map[string]string{"remove": "nothing removed", "approve": "nothing approved"}[tt.args[1]]
		status, _, stderr := l.run(tt.args...)
		if status != 1 || !strings.Contains(stderr, "cannot write "+path) || !strings.Contains(stderr, "; "+done) {
			t.Errorf("%s: exit status %d, %q; want 1, an error naming %s and saying %s", strings.Join(tt.args, " "), status, stderr, path, done)
		}
	}
	if after := names(l.data); !slices.Equal(after, before) {
		t.Errorf("the library folder held %v, then %v", before, after)
	}
}

// TestLockNotWritable checks that a library whose folder and database this user may write,
// but not its writer lock (library.lock, another user's), fails a change with exit status 1
// and an error naming library.lock, where it said that the folder and library.db must be
// writable, which they were.
func TestLockNotWritable(t *testing.T) {
	l := newReadOnlyLibrary(t)
	lock := filepath.Join(l.data, "library.lock")
	if _, err := os.Stat(lock); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(l.data)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if path := filepath.Join(l.data, e.Name()); e.Name() != "library.lock" && os.Geteuid() == 0 {
			if err := os.Chown(path, 65534, 65534); err != nil {
				t.Fatal(err)
			}
		}
	}
	if os.Geteuid() == 0 {
		err = os.Chown(l.data, 65534, 65534) // the child runs as 65534; library.lock stays root's
	} else {
		err = os.Chmod(lock, 0o444)
	}
	if err != nil {
		t.Fatal(err)
	}
	before := names(l.data)
	for _, args := range [][]string{{"corpus", "remove", "forces"}, {"corpus", "add", l.text}} {
		status, stdout, stderr := l.run(args...)
		want := "cannot write " + lock + ", the library's writer lock: permission denied; it must be writable by this user to change the library"
		if status != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, "library.db in it") || stdout != "" {
			t.Errorf("%s: exit status %d, %q, %q; want 1 and %q", strings.Join(args, " "), status, stdout, stderr, want)
		}
	}
	if status, stdout, stderr := l.run("corpus", "list"); status != 0 || !strings.Contains(stdout, "forces") {
		t.Errorf("corpus list: exit status %d, %q, %q; want 0 and the library", status, stdout, stderr)
	}
	if after := names(l.data); !slices.Equal(after, before) {
		t.Errorf("the library folder held %v, then %v", before, after)
	}
}

// TestReadOnlyLibraryWithLog checks a read-only library whose owner holds it open with a change
// in its write-ahead log not yet in the database: a reader shares the owner's -shm file and
// sees the change; and, without the -shm (the owner killed, and the file lost), in a folder
// this user may not write, reading it fails saying that the folder must be writable, and
// creates nothing.
func TestReadOnlyLibraryWithLog(t *testing.T) {
	l := newReadOnlyLibrary(t)
	path := filepath.Join(l.data, library.FileName)
	owner, err := sql.Open("sqlite", path+"?_pragma=wal_autocheckpoint(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	owner.SetMaxOpenConns(1)
	if _, err := owner.Exec(`INSERT INTO gaps (key, question, count, last) VALUES ('who leads the navy', 'Who leads the navy?', 1, 0)`); err != nil {
		t.Fatal(err)
	}
	log, err := os.ReadFile(path + "-wal")
	if err != nil || len(log) == 0 {
		t.Fatalf("no write-ahead log (%v)", err)
	}
	l.lock()
	if status, stdout, stderr := l.run("gaps"); status != 0 || !strings.Contains(stdout, "Who leads the navy?") {
		t.Errorf("gaps: exit status %d, %q, %s; want 0 and the change in the log", status, stdout, stderr)
	}
	if status, stdout, stderr := l.run("corpus", "remove", "forces"); status != 1 || !strings.Contains(stderr, "cannot write "+path) {
		t.Errorf("corpus remove: exit status %d, %q, %s; want 1 and an error naming %s", status, stdout, stderr, path)
	}

	// The database and its log, without the -shm, in another read-only folder.
	db, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	crashed := filepath.Join(filepath.Dir(l.data), "crashed")
	writeFile(t, filepath.Join(crashed, library.FileName), string(db))
	writeFile(t, filepath.Join(crashed, library.FileName+"-wal"), string(log))
	if os.Geteuid() != 0 {
		os.Chmod(crashed, 0o555)
	}
	// It cannot be read without a -shm, which this user may not create there: the library says
	// so (see library.Open). This run gave --data twice, and read the other library, the last
	// given, until --data given twice became a usage mistake.
	crashedDB := filepath.Join(crashed, library.FileName)
	want := "doctrinebot: cannot read " + crashedDB + ": the folder " + crashed + " must be writable by this user (another process left changes in library.db-wal"
	if status, stdout, stderr := l.run("gaps", "--data", crashed); status != 1 || !strings.HasPrefix(stderr, want) || stdout != "" {
		t.Errorf("gaps of a library with a log and no -shm: exit status %d, %q, %s; want 1 and %q", status, stdout, stderr, want)
	}
	if n := names(crashed); !slices.Equal(n, []string{library.FileName, library.FileName + "-wal"}) {
		t.Errorf("the folder of the library read holds %v", n)
	}
}

// copyFile copies the file at src to dst, with mode perm.
func copyFile(t *testing.T, src, dst string, perm os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, perm); err != nil {
		t.Fatal(err)
	}
}

// TestReadOnlyFileInWritableFolder checks that reading a library whose file this user may not
// write, in a folder anyone may write (mode 777), creates nothing in the folder: a -shm or
// -wal file this user made would lock its owner out of the library.
func TestReadOnlyFileInWritableFolder(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root, to read another user's library as nobody")
	}
	l := newReadOnlyLibrary(t)
	if err := os.Chmod(l.data, 0o777); err != nil {
		t.Fatal(err)
	}
	before := names(l.data)
	for _, args := range [][]string{{"corpus", "list"}, {"ask", "What is the navy?"}, {"gaps"}} {
		if status, _, stderr := l.run(args...); status != 0 {
			t.Errorf("%s: exit status %d, %s", strings.Join(args, " "), status, stderr)
		}
	}
	if after := names(l.data); !slices.Equal(after, before) {
		t.Errorf("the library folder held %v, then %v", before, after)
	}
	// Its owner still writes it.
	if r := runArgs(t, "", "corpus", "remove", "--data", l.data, "forces"); r.err != nil {
		t.Errorf("the owner's remove: %v %s", r.err, r.stderr)
	}
}

// TestNoLibraryFolder checks that the commands reading a library given a file for its folder
// fail with exit status 1 saying so, gaps and the quiz commands as corpus list (quiz list said
// there were no items and exited 0, generate and import "mkdir FILE: not a directory"), and that an empty library.db (no
// database SQLite wrote) is no library: the commands reading one say there is none, or answer
// from the built-in corpus, and leave it empty, creating nothing beside it.
func TestNoLibraryFolder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "passwd")
	writeFile(t, file, "root:x:0:0:root:/root:/bin/sh\n")
	bank := filepath.Join(t.TempDir(), "bank.yaml")
	writeFile(t, bank, "items:\n  - statement: The security forces must be effective in what they do.\n"+
		"    answer: true\n    source: The security forces must be effective in what they do.\n")
	for _, args := range [][]string{{"corpus", "list"}, {"gaps"}, {"gaps", "--json"},
		{"quiz", "list"}, {"quiz", "generate"}, {"quiz", "import", bank}, {"quiz", "approve", "0123456789ab"}, {"quiz"}} {
		r := runArgs(t, "", append(args, "--data", file)...)
		want := "the library folder " + file + " is a file, not a folder"
		if status := exitStatus(r.err, io.Discard); status != 1 || r.err == nil || r.err.Error() != want || r.stdout != "" {
			t.Errorf("%s --data FILE: exit status %d, %v, stdout %q; want 1 and %q", strings.Join(args, " "), status, r.err, r.stdout, want)
		}
	}

	data := t.TempDir()
	writeFile(t, filepath.Join(data, library.FileName), "")
	for _, tt := range []struct {
		args []string
		want string // the beginning of standard output, or of the error
	}{
		{[]string{"corpus", "list"}, "There is no library in " + data + ": "},
		{[]string{"gaps"}, "There is no library in " + data + ", "},
		{[]string{"gaps", "--json"}, "[]\n"},
		{[]string{"corpus", "show", "forces"}, "no library in " + data + ": "},
		{[]string{"quiz", "list"}, "No quiz items"},
		{[]string{"ask", "What is the security sector?"}, "The security sector consists of"},
	} {
		r := runArgs(t, "", append(tt.args, "--data", data)...)
		got := r.stdout
		if r.err != nil {
			got = r.err.Error()
		}
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s with an empty %s: %q, %v; want it to begin %q", strings.Join(tt.args, " "), library.FileName, r.stdout, r.err, tt.want)
		}
	}
	if n := names(data); !slices.Equal(n, []string{library.FileName}) {
		t.Errorf("the folder holds %v, want only the empty %s", n, library.FileName)
	}
	if info, err := os.Stat(filepath.Join(data, library.FileName)); err != nil || info.Size() != 0 {
		t.Errorf("the empty %s was written to (%v)", library.FileName, err)
	}
}

// execSQLite runs the statements qs on the SQLite database at path (created if missing), as
// another program would, and returns the file's bytes after.
func execSQLite(t *testing.T, path string, qs ...string) []byte {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range qs {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestAskDamagedFromSnapshotWritesNothing checks that ask, answering from the index snapshot
// of a library whose database was damaged since (ask does not check the library then), does not
// record a refused question into the damaged file, and says on stderr why it was not
// recorded; before, the refusal was written into the file every other command reported damaged.
func TestAskDamagedFromSnapshotWritesNothing(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(dir, "forces.md"), "# Forces\n\n"+section("navy")+section("army"))
	if r := runArgs(t, "", "corpus", "add", "--data", data, filepath.Join(dir, "forces.md")); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	// The first ask saves the snapshot (and records its refusal, the library being sound).
	const q = "What is the recipe for chocolate cake?"
	if r := runArgs(t, "", "ask", "--data", data, q); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(data, "index.snapshot")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(data, library.FileName)
	sqlitetest.DamageTable(t, path, "documents")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := runArgs(t, "", "ask", "--data", data, q)
	if r.err != nil || !strings.Contains(r.stdout, "does not cover") {
		t.Errorf("ask: %v, %q; want the refusal from the snapshot", r.err, r.stdout)
	}
	if !strings.Contains(r.stderr, "not recorded") || !strings.Contains(r.stderr, path+" is damaged") {
		t.Errorf("stderr %q does not say the refusal was not recorded, the library being damaged", r.stderr)
	}
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
		t.Errorf("the damaged library was written to (%v)", err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		if wal, _ := os.ReadFile(path + "-wal"); len(wal) > 0 {
			t.Errorf("the damaged library's log was written to (%d bytes)", len(wal))
		}
	}
}

// TestReadOnlyOldSchema checks that a read-only library written by an earlier doctrinebot, of
// schema version 1 or 2 (documents keyed by ID, with no column staged) as of 3, fails every
// command reading it with exit status 1 and the message saying that it must be converted from
// its version and that its folder must be writable; before, versions 1 and 2 failed with
// SQLite's "no such column: staged".
func TestReadOnlyOldSchema(t *testing.T) {
	for _, version := range []int{1, 2, 3} {
		t.Run(fmt.Sprint("version ", version), func(t *testing.T) {
			l := newReadOnlyLibrary(t)
			path := filepath.Join(l.data, library.FileName)
			qs := []string{fmt.Sprintf(`UPDATE meta SET value = '%d' WHERE key = 'schema_version'`, version)}
			if version < 3 {
				qs = sqlitetest.Downgrade(version) // the layout of version 1 or 2
			}
			before := execSQLite(t, path, qs...)
			l.lock()
			want := fmt.Sprintf("cannot read %s: it must be converted from schema version %d, as written by an earlier doctrinebot, and it is read-only for this user: the folder %s and library.db in it must be writable",
				path, version, l.data)
			for _, args := range [][]string{{"corpus", "list"}, {"ask", "What is the navy?"}, {"gaps"}, {"quiz", "list"}} {
				status, stdout, stderr := l.run(args...)
				if status != 1 || !strings.Contains(stderr, want) || stdout != "" {
					t.Errorf("%s: exit status %d, %q, %q; want 1 and %q", strings.Join(args, " "), status, stdout, stderr, want)
				}
			}
			if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
				t.Errorf("the library was written to (%v)", err)
			}
		})
	}
}

// Package library keeps the corpus doctrinebot answers from in a folder on disk: documents,
// their passages, the passages' embeddings and the name of the model that made them, in one
// SQLite database (FileName) through the pure-Go modernc.org/sqlite driver.
//
// Every change is atomic, in write-ahead-log mode, so that a process killed at any moment
// leaves the library as before or as after that change, and a process reading it while another
// writes sees one consistent snapshot. Removing a document and re-embedding everything are one
// SQLite transaction each. An Add is many: its documents and passages are written in groups,
// each one transaction, as staged rows that no reader sees (documents.staged = 1), and one last
// transaction (the flip) makes them the library's, replacing the editions they supersede; a
// writer that finds staged rows when it takes the writer lock deletes them, since the Add that
// wrote them was killed. Embeddings are stored by model name and the SHA-256 of the passage's
// embedding text (bot.EmbeddingText), so a passage whose text did not change is never embedded
// again, and vectors of two models are never mixed; they are a cache, committed with each
// group, so that an Add that did not finish keeps the vectors it made for the next one.
//
// Schema (version SchemaVersion):
//
//	meta(key PRIMARY KEY, value)
//	          -- keys schema_version, embedding_model, embedding_dim, content_version (a
//	          -- random token replaced by every change of what Load returns), sweep_vectors
//	          -- (set while vectors that no passage uses may be stored, see Add)
//	documents(key INTEGER PRIMARY KEY, id, title, author, source, licence, edition, path,
//	          format, hash, bytes, added, updated, staged, given, passages, UNIQUE (id, staged))
//	          -- hash: hex SHA-256 of the stored content (see Library.Add); bytes: size of the
//	          -- passages' text; added, updated: Unix time in milliseconds; staged: 1 for a
//	          -- document an Add has written and not yet made the library's (readers skip
//	          -- it), else 0; a partial index holds the staged ones, another the stored ones
//	          -- by bytes (to find a document's text among them, see AddOptions.KeepIDs);
//	          -- given: the metadata fields the caller gave (AddOptions.Given), joined by ",";
//	          -- passages: the number of passage rows written with it, which readers compare
//	          -- with the rows there are (a row deleted by hand is damage, see errInconsistent)
//	passages(rowid, document REFERENCES documents(key) ON DELETE CASCADE, idx, id, headings,
//	         text, first_line, last_line, first_page, last_page, embed_hash,
//	         UNIQUE (document, idx))
//	          -- headings joined by "\n"; embed_hash: SHA-256 of bot.EmbeddingText
//	embeddings(rowid, model, hash, vector, UNIQUE (hash, model))
//	          -- vector: Dim float32 values, little-endian; rows in the order they were added,
//	          -- so that adding writes them at the end and only the small index is keyed by
//	          -- random hashes
//	quiz_items(id PRIMARY KEY, status, origin, item, added, retired)
//	          -- item: the quiz.Item as JSON; status: pending, approved or rejected;
//	          -- retired: 1 while the library holds no longer the item's passage (its
//	          -- document removed, or updated without it: see retireItems), else 0
//	quiz_sessions(id PRIMARY KEY, channel, state, started, ended)
//	          -- state: the quiz.Session as JSON; ended 0 while it runs
//	quiz_answers(session_id, question, item_id, member, name, option, correct, time,
//	          PRIMARY KEY (session_id, question, member))
//	quiz_reviews(member, item_id, box, due, PRIMARY KEY (member, item_id))
//	          -- Leitner box 1..5 and due time (see quiz.Schedule)
//	threads(seq INTEGER PRIMARY KEY, id UNIQUE, question, started)
//	          -- the question each Discord thread the bot started was started on (see
//	          -- SaveThread); seq: the order they were stored in; started: Unix time in
//	          -- milliseconds, indexed, as seq is, so that pruning deletes by index
//
// Earlier versions are converted when opened: version 1 kept the vectors themselves by
// (model, hash), without row IDs; version 2 keyed documents by their ID, passages by their
// document's ID, and had no staged rows; version 3 had no column given; version 4 had no
// column quiz_items.retired; version 5 had no column documents.passages (see convertVersion5);
// version 6 had no table threads.
package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/doctrinebot/doctrinebot/corpus"
	"modernc.org/sqlite" // also registers the "sqlite" database/sql driver
)

// FileName is the name of the library's database in its folder. SQLite keeps two more files
// beside it while the library is open or after a crash: FileName+"-wal" and FileName+"-shm".
const FileName = "library.db"

// LockFile is the name of the file in the library's folder that writers lock, one at a time.
const LockFile = "library.lock"

// Discard removes the files of a library in dir that a command created and stored nothing in
// (corpus add of files that all failed): the database, SQLite's two files beside it, the
// lock and the snapshot, those that exist; then each folder of made, deepest first, which
// the command made for it, as long as it is empty. The library must be closed. Errors: the
// first file's that could not be removed (a folder left because something else is in it is
// none).
func Discard(dir string, made []string) error {
	for _, name := range []string{FileName, FileName + "-wal", FileName + "-shm", LockFile, SnapshotFile} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	for _, d := range made {
		if os.Remove(d) != nil {
			break
		}
	}
	return nil
}

// SchemaVersion is the version of the database layout this package reads and writes. It
// converts a library of version 1, 2, 3, 4, 5 or 6 when it opens it.
const SchemaVersion = 7

// busyTimeout is how long, in milliseconds, a statement waits for another process's write
// lock before failing with SQLITE_BUSY.
const busyTimeout = 30000

// writerPragmas are the settings of the writing connection, for the large transactions of Add
// (see groupPassages): a page cache of 32 MiB (the default is 2 MiB), so that the pages a
// transaction changes stay in memory until it commits; a checkpoint of the write-ahead log into
// the database every 16384 pages (64 MiB; the default is 1000), so that a page changed by
// several transactions is copied once; and the statement journals of multi-row statements in
// memory rather than in temporary files.
const writerPragmas = "&_pragma=cache_size(-32768)&_pragma=wal_autocheckpoint(16384)&_pragma=temp_store(MEMORY)"

var (
	// ErrModelMismatch means the library holds vectors of another embedding model than the
	// one it was opened with; `doctrinebot corpus reindex` re-embeds it with the new one.
	ErrModelMismatch = errors.New("library: embedding model mismatch")
	// ErrNotFound means no document has the given ID.
	ErrNotFound = errors.New("library: no such document")
	// ErrNoModel means an operation that reads or writes vectors was called on a library
	// opened with the zero Model.
	ErrNoModel = errors.New("library: opened without an embedding model")
	// ErrSchema means the database was written by a newer version of doctrinebot: its schema
	// version is above SchemaVersion. The error wrapping it names the file and both versions,
	// and says to use that doctrinebot. (A schema version no doctrinebot writes, such as ""
	// or "x", is ErrDamaged.)
	ErrSchema = errors.New("library: schema version of a newer doctrinebot")
	// ErrDamaged means the library's database is damaged (SQLite found a malformed page, the
	// file is no database, or rows contradict each other, such as a document's passage
	// missing): the error wrapping it names the file and says to restore it from a backup, or
	// to remove it and add the texts again.
	ErrDamaged = errors.New("library: damaged database")
	// ErrNotLibrary means the folder's FileName is an SQLite database of another program: it
	// holds tables but no doctrinebot schema version, or has a non-zero application ID or user
	// version (doctrinebot sets neither). The error wrapping it names the file; nothing is
	// written to it.
	ErrNotLibrary = errors.New("library: not a doctrinebot library")
	// ErrReadOnly means the library cannot be written by this process (its folder, its
	// database file or its writer lock, library.lock, is not writable): it may be opened to
	// read, and the error wrapping it, returned by every change, names what must be writable
	// (the folder and the database file, or library.lock).
	ErrReadOnly = errors.New("library: read-only")
)

// Model names an embedding model and the length of its vectors. Name is stored with every
// vector, so two models must not share a name.
type Model struct {
	// Name identifies the model, e.g. "glove-6b-100d-50k-int8+sif-logtf".
	Name string
	// Dim is the number of float32 values in each vector, e.g. 100.
	Dim int
}

func (m Model) String() string { return fmt.Sprintf("%s (%d dimensions)", m.Name, m.Dim) }

// Library is an open library. Its methods are safe for concurrent use, and several processes
// may open the same library at once (one writes at a time; readers never wait for writers).
type Library struct {
	dir string
	// path is the database's file, dir/FileName.
	path string
	// readOnly is set when the library was opened read-only (see Open); rw is then nil.
	readOnly bool
	// rw is the writing connection: one connection, transactions begin IMMEDIATE so that two
	// writers queue on the lock instead of failing when one upgrades.
	rw *sql.DB
	// ro serves reads, each transaction a consistent snapshot (WAL).
	ro *sql.DB
	// model is the model the library was opened with; zero for maintenance only.
	model Model
	// onWait is called when a writer begins to wait for the writer lock (see OnWait).
	onWait func()
}

// Open opens the library in folder dir, creating the folder and the database if needed, in
// WAL mode with a busy timeout of 30 s, and checks the database (see Check). With a non-zero
// model, it checks that the library's vectors were made by that model: a library with
// documents made by another model returns an error wrapping ErrModelMismatch that tells the
// user to run `doctrinebot corpus reindex`; an empty library records model as its own. With
// the zero Model, it opens for the operations that do not touch vectors (Documents, Document,
// Remove, Stats, Reindex) and never fails on the model.
//
// A library that this process may read but not write (its folder or its file belongs to
// another user) is opened read-only (see ReadOnly): what reads works, and every change
// returns an error wrapping ErrReadOnly that names the file and its folder. In WAL mode
// SQLite keeps a shared-memory file beside the database (FileName+"-shm"), which a reader
// creates when there is none. When there is none (no writer holds the library open) and no
// write-ahead log holds changes that are not yet in the database (a writer that closes last
// merges its log and deletes it), the file is read as immutable, creating nothing: without
// locks, so that a change made by its owner while it is read may fail the read; a -shm this
// user made in a folder others may write would lock its owner out. When there is a -shm, it
// is shared; when there is a log but no -shm and the folder does not let this user create
// one, such a library fails with an error wrapping ErrReadOnly that says the folder must be
// writable.
//
// A database of another program (tables, but no doctrinebot schema version; or a non-zero
// application ID or user version, which doctrinebot never sets) is refused before anything is
// written to it, with an error wrapping ErrNotLibrary that names the file.
//
// Other errors: ErrSchema; ErrDamaged (wrapped, naming the file: see Check), also for a
// library that lacks a table its schema version holds (dropped by hand: "library: PATH is
// damaged (table quiz_items is missing): …"), which is not created again empty, or whose
// table lacks a column of the schema (made again by hand with other columns); a folder that
// cannot be created ("library: cannot create the library folder DIR: …"); a database that
// cannot be created or read (which name the database's file: "library: open DIR/library.db:
// …").
func Open(ctx context.Context, dir string, model Model) (*Library, error) {
	l, err := OpenUnchecked(ctx, dir, model)
	if err != nil {
		return nil, err
	}
	if err := l.Check(ctx); err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}

// OpenUnchecked is Open without Check, for a caller that reads from the library only what it
// has checked otherwise: Check reads the whole file (0.7 s for the 500 MB of the US Code's
// library), where doctrinebot's start reads only the library's ContentVersion to use the
// index snapshot saved for it (the snapshot holds its own checksum), and checks the library
// when it builds the index anew. Damage found by a read is still reported (ErrDamaged).
func OpenUnchecked(ctx context.Context, dir string, model Model) (*Library, error) {
	if dir == "" {
		return nil, errors.New("library: no folder given")
	}
	if strings.ContainsRune(dir, '?') {
		return nil, fmt.Errorf("library: folder %q: the name must not contain '?'", dir)
	}
	if model != (Model{}) && (model.Name == "" || model.Dim <= 0) {
		return nil, fmt.Errorf("library: invalid model %s", model)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("library: cannot create the library folder %s: %w", dir, pathError{err})
	}
	path := filepath.Join(dir, FileName)
	info, err := os.Stat(path)
	switch {
	case err == nil && info.IsDir():
		return nil, fmt.Errorf("library: open %s: a folder, not a database", path)
	case err == nil && !info.Mode().IsRegular():
		return nil, fmt.Errorf("library: open %s: %s, not a database file", path, corpus.FileKind(info.Mode()))
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		// A loop of links, say: neither a library to read nor a place to create one.
		return nil, fmt.Errorf("library: cannot open %w", pathError{err})
	}
	for _, side := range []struct{ path, what string }{{path + "-wal", "write-ahead log"}, {path + "-shm", "shared-memory index"}} {
		// SQLite's own files beside the database: a folder or a device in their place failed
		// every command as if the library's folder were not writable.
		if info, err := os.Lstat(side.path); err == nil && !info.Mode().IsRegular() {
			return nil, fmt.Errorf("library: open %s: %s where SQLite keeps the library's %s; move it away", side.path, corpus.FileKind(info.Mode()), side.what)
		}
	}
	if err == nil && info.Size() > 0 {
		if err := checkOwn(ctx, path); err != nil {
			return nil, err
		}
	}
	switch {
	case err == nil && (!writable(dir) || !writable(path)):
		return openReadOnly(ctx, dir, path, model)
	}
	l, err := openWritable(ctx, dir, path, model)
	if err == nil {
		removeStaleSnapshots(dir, time.Now())
	}
	if err == nil || !isReadOnly(err) {
		return l, err
	}
	if _, serr := os.Stat(path); serr != nil {
		// Nothing to read: the database could not be created.
		return nil, &readOnlyError{path: path, msg: fmt.Sprintf("cannot create %s: the folder %s must be writable by this user", path, dir)}
	}
	return openReadOnly(ctx, dir, path, model)
}

// pathError is an error of the file system printed without its operation: "PATH: REASON"
// for an fs.PathError ("mkdir PATH: REASON"), for a message that says what was done.
type pathError struct{ err error }

func (e pathError) Error() string {
	var pe *fs.PathError
	if errors.As(e.err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return e.err.Error()
}

func (e pathError) Unwrap() error { return e.err }

// sqliteParams are the settings of both connections: the busy timeout, WAL mode, and the
// checks of foreign keys.
var sqliteParams = "?_pragma=busy_timeout(" + strconv.Itoa(busyTimeout) + ")" +
	"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)"

// openWritable opens the library for reading and writing. An error for which isReadOnly holds
// is returned as SQLite gave it, for the caller to open the library read-only instead.
func openWritable(ctx context.Context, dir, path string, model Model) (*Library, error) {
	rw, err := sql.Open("sqlite", path+sqliteParams+writerPragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("library: open %s: %w", path, err)
	}
	rw.SetMaxOpenConns(1)
	ro, err := sql.Open("sqlite", path+sqliteParams+"&_pragma=query_only(ON)")
	if err != nil {
		rw.Close()
		return nil, fmt.Errorf("library: open %s: %w", path, err)
	}
	l := &Library{dir: dir, path: path, rw: rw, ro: ro, model: model}
	if err := l.init(ctx); err != nil {
		l.Close()
		var damaged *damagedError
		switch {
		case errors.Is(err, ErrModelMismatch) || errors.Is(err, ErrSchema) || errors.As(err, &damaged):
			return nil, err // it names the library's folder or file, and what to do
		case isDamage(err):
			return nil, l.damaged(err)
		case isReadOnly(err):
			return nil, err
		case isDiskError(err):
			return nil, &diskError{path: path, err: err}
		}
		return nil, &openError{path, err}
	}
	return l, nil
}

// fileURI returns the "file:" URI of the database at path, read-only, with the busy timeout.
// SQLite's own parameters (mode, immutable) are read from such a URI only, where '%' and '#'
// must be escaped ('?' is refused in the folder's name).
func fileURI(path string) string {
	return "file:" + strings.NewReplacer("%", "%25", "#", "%23").Replace(path) +
		"?mode=ro&_pragma=busy_timeout(" + strconv.Itoa(busyTimeout) + ")"
}

// checkOwn returns an error wrapping ErrNotLibrary when the database at path holds tables but
// no doctrinebot schema version (every version of this package wrote meta's schema_version
// in the transaction that created its tables), or has a non-zero application ID or user
// version (PRAGMA application_id, user_version: doctrinebot sets neither), tables or not:
// another program's file, which opening it to write would change (WAL mode, the schema). It reads the file read-only, setting nothing,
// and as immutable when no writer holds it open (as openReadOnly does), so that it creates no
// -shm or -wal file beside it; a file it cannot read is left to the open that follows, which
// reports why (damage, permissions).
func checkOwn(ctx context.Context, path string) error {
	db, err := inspect(path)
	if err != nil {
		return nil
	}
	defer db.Close()
	// doctrinebot sets neither the application ID nor the user version: another program's
	// mark, with or without tables.
	var app, user int64
	if err := db.QueryRowContext(ctx, `SELECT (SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version)`).Scan(&app, &user); err != nil {
		return nil
	}
	if app != 0 || user != 0 {
		return &notLibraryError{path: path, mark: fmt.Sprintf("application_id %d, user_version %d", app, user)}
	}
	var tables []string
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
	if err != nil {
		return nil
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil
		}
		tables = append(tables, name)
	}
	if err := rows.Close(); err != nil || rows.Err() != nil || len(tables) == 0 {
		return nil
	}
	var versions int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM meta WHERE key = 'schema_version'`).Scan(&versions)
	if err == nil && versions > 0 {
		return nil
	}
	if err != nil && (isDamage(err) || isReadOnly(err) || ctx.Err() != nil) {
		return nil
	}
	// No meta table, or one without the key or of other columns: another program's.
	shown := tables
	if len(shown) > 5 {
		shown = append(shown[:5:5], "…")
	}
	return &notLibraryError{path: path, mark: "tables " + strings.Join(shown, ", ")}
}

// inspect opens the database at path to look at it, read-only, setting nothing, and as
// immutable when no writer holds it open (no -shm beside it) and no log holds changes, so
// that it creates no -shm or -wal file beside it.
func inspect(path string) (*sql.DB, error) {
	uri := fileURI(path)
	if _, shm := os.Stat(path + "-shm"); shm != nil && !hasLog(path) {
		uri += "&immutable=1"
	}
	return sql.Open("sqlite", uri)
}

// Exists reports whether dir holds something that Open reads rather than creates: a FileName
// holding tables, or a write-ahead log beside it holding something (a library just created,
// its writer still holding it open, may be all in its log), or a FileName that Open refuses
// or cannot read (a folder, a named pipe or device, a database of another program: ErrNotLibrary; a file that is no
// database: ErrDamaged; one this user may not read; a path that cannot be looked up, such as
// a loop of links). It is false when dir or FileName does not exist (a dangling link too), and for a FileName that is empty or an SQLite database of no tables and no other
// program's mark (see Open): nothing doctrinebot wrote, which a command that only reads
// reports as no library, rather than open it and write a library's schema into it. It
// creates and writes nothing, and reads the file only when its size is not 0.
func Exists(ctx context.Context, dir string) bool {
	path := filepath.Join(dir, FileName)
	info, err := os.Stat(path)
	switch {
	case err != nil:
		// Missing, or a dangling link: no library. Another error (a loop of links, a folder
		// that cannot be searched) is a library that cannot be read, which Open names.
		return !errors.Is(err, fs.ErrNotExist)
	case info.IsDir() || !info.Mode().IsRegular() || hasLog(path):
		return true
	case info.Size() == 0:
		return false
	case checkOwn(ctx, path) != nil:
		return true
	}
	db, err := inspect(path)
	if err != nil {
		return true
	}
	defer db.Close()
	var tables int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table'`).Scan(&tables)
	return err != nil || tables > 0
}

// notLibraryError is ErrNotLibrary naming the database's file and what marks it as another
// program's (some of its tables, or its application ID and user version).
type notLibraryError struct {
	path, mark string
}

func (e *notLibraryError) Error() string {
	return fmt.Sprintf("library: %s is not a doctrinebot library: it is an SQLite database of another program (%s), left as it is; move it out of the folder, or give another library folder with --data",
		e.path, e.mark)
}

func (e *notLibraryError) Is(target error) bool { return target == ErrNotLibrary }

// openReadOnly opens the library read-only (see Open).
func openReadOnly(ctx context.Context, dir, path string, model Model) (*Library, error) {
	uri := fileURI(path) + "&_pragma=query_only(ON)"
	var ro *sql.DB
	var err error
	if _, shm := os.Stat(path + "-shm"); shm != nil && !hasLog(path) {
		// No writer holds it open and no change waits in a log: read it as immutable, so
		// that no -shm (nor -wal) is made that this user would own, in a folder others may
		// write, locking its owner out.
		ro, err = openReader(ctx, uri+"&immutable=1")
	} else {
		ro, err = openReader(ctx, uri)
		if err != nil && isReadOnly(err) && !hasLog(path) {
			ro, err = openReader(ctx, uri+"&immutable=1")
		}
	}
	l := &Library{dir: dir, path: path, readOnly: true, ro: ro, model: model}
	if err == nil {
		if err = l.initReadOnly(ctx); err == nil {
			return l, nil
		}
		l.Close()
	}
	switch {
	case errors.Is(err, ErrModelMismatch) || errors.Is(err, ErrSchema) || errors.Is(err, ErrReadOnly) || errors.Is(err, ErrDamaged):
		return nil, err // it names the library's folder or file
	case isDamage(err):
		return nil, l.damaged(err)
	case isDiskError(err):
		return nil, &diskError{path: path, err: err}
	case isReadOnly(err):
		return nil, &readOnlyError{path: path, msg: fmt.Sprintf("cannot read %s: the folder %s must be writable by this user (another process left changes in %s-wal, which a reader needs to create %s-shm beside it to read)",
			path, dir, FileName, FileName)}
	}
	return nil, &openError{path, err}
}

// openReader opens a pool of connections by uri, and reads from it once, so that an error of
// the file shows now.
func openReader(ctx context.Context, uri string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", uri)
	if err != nil {
		return nil, err
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&n); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// hasLog reports whether the write-ahead log beside the database at path holds anything.
func hasLog(path string) bool {
	info, err := os.Stat(path + "-wal")
	return err == nil && info.Size() > 0
}

// initReadOnly checks, without writing, that a library opened read-only is of the current
// schema version and, when opened with a model, that its documents were embedded with it.
func (l *Library) initReadOnly(ctx context.Context) error {
	meta := map[string]string{}
	docs := 0
	err := l.read(ctx, func(tx *sql.Tx) error {
		var tables int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('meta', 'documents')`).Scan(&tables)
		if err != nil || tables < 2 {
			return err
		}
		if meta, err = readMeta(ctx, tx); err != nil {
			return err
		}
		if meta["schema_version"] != strconv.Itoa(SchemaVersion) {
			return nil // an earlier layout (before version 3, no column staged): refused below
		}
		if err := l.missingTables(ctx, tx, SchemaVersion); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE staged = 0`).Scan(&docs)
	})
	if err != nil {
		return err
	}
	switch v, ok := meta["schema_version"]; {
	case v == strconv.Itoa(SchemaVersion):
	case ok && v == "":
		return l.unreadableSchema(v)
	case slices.Contains([]string{"", "1", "2", "3", "4", "5", "6"}, v):
		what := "set up"
		if v != "" {
			what = "converted from schema version " + v + ", as written by an earlier doctrinebot"
		}
		return &readOnlyError{path: l.path, msg: fmt.Sprintf("cannot read %s: it must be %s, and it is read-only for this user: the folder %s and %s in it must be writable",
			l.path, what, l.dir, FileName)}
	default:
		return l.unreadableSchema(v)
	}
	stored, err := storedModel(meta)
	if err != nil {
		return err
	}
	if l.model != (Model{}) && stored != l.model && stored != (Model{}) && docs > 0 {
		return fmt.Errorf("%w: the library in %s was embedded with %s, not %s; run `doctrinebot corpus reindex` to embed it again with the current model",
			ErrModelMismatch, l.dir, stored, l.model)
	}
	return nil
}

// ReadOnly reports whether the library was opened read-only, this process being allowed to
// read it but not to write it (see Open).
func (l *Library) ReadOnly() bool { return l.readOnly }

// Check verifies the library's database with SQLite's PRAGMA quick_check, which reads every
// page of the file and checks the structure of every table and index (but not that each index
// agrees with its table, which integrity_check adds at six times the cost): 0.7 s for the US
// Code's library of 500 MB, milliseconds for one of a few documents. Errors: ErrDamaged
// (wrapped, naming the file and saying what to do) when it finds a problem; ctx's error; a
// database error.
func (l *Library) Check(ctx context.Context) error {
	var result string
	err := l.ro.QueryRowContext(ctx, `PRAGMA quick_check(1)`).Scan(&result)
	switch {
	case isDamage(err):
		return l.damaged(err)
	case isDiskError(err):
		return &diskError{path: l.path, err: err}
	case err != nil:
		return fmt.Errorf("library: check %s: %w", l.path, err)
	case result != "ok":
		return &damagedError{path: l.path, detail: strings.TrimPrefix(result, "*** in database main ***")}
	}
	return nil
}

// The SQLite result codes that this package tells apart (primary codes: an extended code
// holds one in its low 8 bits).
const (
	sqliteReadOnly = 8  // SQLITE_READONLY: attempt to write a readonly database
	sqliteIOErr    = 10 // SQLITE_IOERR: disk I/O error
	sqliteCorrupt  = 11 // SQLITE_CORRUPT: the database disk image is malformed
	sqliteFull     = 13 // SQLITE_FULL: database or disk is full
	sqliteCantOpen = 14 // SQLITE_CANTOPEN: unable to open the database file
	sqliteNotADB   = 26 // SQLITE_NOTADB: file is not a database
)

// sqliteCode returns the primary SQLite result code of err, or 0 when err is no SQLite error.
func sqliteCode(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code() & 0xff
	}
	return 0
}

// errInconsistent means rows of the database contradict each other (a document's passage
// missing, say, after a row was deleted by hand) or a row holds what no doctrinebot writes (a
// column of the wrong type, a quiz item that is no quiz item: see columnError, decodeItem):
// damage that SQLite's checks do not see, and that failed reports as ErrDamaged, naming the
// file and saying what to do.
var errInconsistent = errors.New("inconsistent rows")

// isDamage reports whether err says that the database is damaged or no database.
func isDamage(err error) bool {
	c := sqliteCode(err)
	return c == sqliteCorrupt || c == sqliteNotADB
}

// isReadOnly reports whether err says that the database (or its folder, or the writer lock)
// cannot be written by this process.
func isReadOnly(err error) bool {
	c := sqliteCode(err)
	return c == sqliteReadOnly || c == sqliteCantOpen || errors.Is(err, fs.ErrPermission) || errors.Is(err, ErrReadOnly)
}

// damaged returns the error saying that the library's database is damaged, SQLite having
// found so (err).
func (l *Library) damaged(err error) error {
	var d *damagedError
	if errors.As(err, &d) {
		return d
	}
	var e *sqlite.Error
	detail := err.Error()
	if errors.As(err, &e) {
		detail = e.Error()
	}
	return &damagedError{path: l.path, detail: detail, err: err}
}

// damagedError is ErrDamaged naming the database's file and what SQLite found; item is the
// ID of the quiz item when the damage is in that item's row alone (see damagedItem), which
// the message says to remove.
type damagedError struct {
	path, detail string
	item         string
	err          error
}

func (e *damagedError) Error() string {
	detail := strings.Join(strings.Fields(e.detail), " ")
	if e.item != "" {
		return fmt.Sprintf("library: %s is damaged (%s): remove the item with `doctrinebot quiz remove %s` (its answers and scores stay), or restore the library from a backup",
			e.path, detail, e.item)
	}
	return fmt.Sprintf("library: %s is damaged (%s): restore it from a backup, or remove it (with %s-wal and %s-shm beside it, if there) and add the texts again with `doctrinebot corpus add PATH`; its quiz items, gaps and votes are lost with it",
		e.path, detail, FileName, FileName)
}

func (e *damagedError) Is(target error) bool { return target == ErrDamaged }

func (e *damagedError) Unwrap() error { return e.err }

// isDiskError reports whether err says that SQLite could not read or write the database's
// files: an input/output error (SQLITE_IOERR, such as a -shm file that cannot grow on a full
// disk, or a failing disk) or a full disk (SQLITE_FULL).
func isDiskError(err error) bool {
	c := sqliteCode(err)
	return c == sqliteIOErr || c == sqliteFull
}

// diskError is an error for which isDiskError holds, on the database at path, in words that
// name the file and say what may cause it ("library: PATH: disk I/O error (4874): the disk
// may be full, or the file (or library.db-wal or library.db-shm beside it) unreadable"; for
// SQLITE_FULL, that the disk is full), where SQLite says only "disk I/O error". It wraps err.
type diskError struct {
	path string
	err  error
}

func (e *diskError) Error() string {
	detail := e.err.Error()
	var s *sqlite.Error
	if errors.As(e.err, &s) {
		detail = s.Error()
	}
	if sqliteCode(e.err) == sqliteFull {
		return fmt.Sprintf("library: %s: %s: the disk is full; free some space and try again", e.path, detail)
	}
	return fmt.Sprintf("library: %s: %s: the disk may be full, or the file (or %s-wal or %s-shm beside it) unreadable",
		e.path, detail, FileName, FileName)
}

func (e *diskError) Unwrap() error { return e.err }

// readOnlyError is ErrReadOnly in words that name what must be writable: the database's file
// and its folder, or the writer lock; path is that file.
type readOnlyError struct {
	path, msg string
}

func (e *readOnlyError) Error() string { return "library: " + e.msg }

func (e *readOnlyError) Is(target error) bool { return target == ErrReadOnly }

// cannotWrite returns the error of a change to a library this process cannot write.
func (l *Library) cannotWrite() error {
	return &readOnlyError{path: l.path, msg: fmt.Sprintf("cannot write %s: it is read-only for this user; the folder %s and %s in it must be writable to change the library",
		l.path, l.dir, FileName)}
}

// openError is an error of Open that names the database's file: SQLite's own errors ("file
// is not a database") do not.
type openError struct {
	path string
	err  error
}

func (e *openError) Error() string {
	return "library: open " + e.path + ": " + strings.TrimPrefix(e.err.Error(), "library: ")
}

func (e *openError) Unwrap() error { return e.err }

// metaTable creates the table of settings, where the schema version is read.
const metaTable = `CREATE TABLE IF NOT EXISTS meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID`

// schema creates the tables of the current version that do not exist.
const schema = metaTable + `;
` + documentsTables + `;
` + embeddingsTable + `;
CREATE TABLE IF NOT EXISTS feedback (
	passage_id    TEXT NOT NULL,
	question_hash TEXT NOT NULL,
	user_id       TEXT NOT NULL,
	helpful       INTEGER NOT NULL,
	time          INTEGER NOT NULL,
	PRIMARY KEY (question_hash, passage_id, user_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS quiz_items (
	id     TEXT PRIMARY KEY,
	status TEXT NOT NULL,
	origin TEXT NOT NULL,
	item    TEXT NOT NULL,
	added   INTEGER NOT NULL,
	retired INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS quiz_sessions (
	id      TEXT PRIMARY KEY,
	channel TEXT NOT NULL,
	state   TEXT NOT NULL,
	started INTEGER NOT NULL,
	ended   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS quiz_answers (
	session_id TEXT NOT NULL,
	question   INTEGER NOT NULL,
	item_id    TEXT NOT NULL,
	member     TEXT NOT NULL,
	name       TEXT NOT NULL,
	option     INTEGER NOT NULL,
	correct    INTEGER NOT NULL,
	time       INTEGER NOT NULL,
	PRIMARY KEY (session_id, question, member)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS quiz_reviews (
	member  TEXT NOT NULL,
	item_id TEXT NOT NULL,
	box     INTEGER NOT NULL,
	due     INTEGER NOT NULL,
	PRIMARY KEY (member, item_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS gaps (
	key      TEXT PRIMARY KEY,
	question TEXT NOT NULL,
	count    INTEGER NOT NULL,
	last     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS threads (
	seq      INTEGER PRIMARY KEY,
	id       TEXT NOT NULL UNIQUE,
	question TEXT NOT NULL,
	started  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS threads_started ON threads(started);
`

// embeddingsTable creates the table of vectors (schema version 2).
const embeddingsTable = `CREATE TABLE IF NOT EXISTS embeddings (
	rowid  INTEGER PRIMARY KEY,
	model  TEXT NOT NULL,
	hash   BLOB NOT NULL,
	vector BLOB NOT NULL,
	UNIQUE (hash, model)
)`

// documentsTables creates the tables of documents and passages, and their indexes (schema
// version 6).
const documentsTables = `CREATE TABLE IF NOT EXISTS documents (
	key     INTEGER PRIMARY KEY,
	id      TEXT NOT NULL,
	title   TEXT NOT NULL,
	author  TEXT NOT NULL,
	source  TEXT NOT NULL,
	licence TEXT NOT NULL,
	edition TEXT NOT NULL,
	path    TEXT NOT NULL,
	format  TEXT NOT NULL,
	hash    TEXT NOT NULL,
	bytes   INTEGER NOT NULL,
	added   INTEGER NOT NULL,
	updated INTEGER NOT NULL,
	staged   INTEGER NOT NULL DEFAULT 0,
	given    TEXT NOT NULL DEFAULT '',
	passages INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS documents_id ON documents(id, staged);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE INDEX IF NOT EXISTS documents_staged ON documents(staged, id) WHERE staged = 1;
CREATE INDEX IF NOT EXISTS documents_bytes ON documents(bytes) WHERE staged = 0;
CREATE TABLE IF NOT EXISTS passages (
	rowid       INTEGER PRIMARY KEY,
	document    INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
	idx         INTEGER NOT NULL,
	id          TEXT NOT NULL,
	headings    TEXT NOT NULL,
	text        TEXT NOT NULL,
	first_line  INTEGER NOT NULL,
	last_line   INTEGER NOT NULL,
	first_page  INTEGER NOT NULL,
	last_page   INTEGER NOT NULL,
	embed_hash  BLOB NOT NULL,
	UNIQUE (document, idx)
);
CREATE INDEX IF NOT EXISTS passages_embed_hash ON passages(embed_hash)`

// init creates the schema, converts a library of an earlier version, and checks the schema
// version and the model. A conversion holds the writer lock, so that an add of the doctrinebot
// that wrote the library, in another process, finishes first.
func (l *Library) init(ctx context.Context) error {
	version, err := l.schemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("library: %w", err)
	}
	if version != "" && version != strconv.Itoa(SchemaVersion) {
		unlock, err := l.lock(ctx)
		if err != nil {
			return err
		}
		defer unlock()
	}
	return l.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, metaTable); err != nil {
			return fmt.Errorf("create schema: %w", err)
		}
		meta, err := readMeta(ctx, tx)
		if err != nil {
			return err
		}
		if n, ok := knownVersion(meta["schema_version"]); ok {
			if err := l.missingTables(ctx, tx, n); err != nil {
				return err
			}
		}
		switch v, ok := meta["schema_version"]; {
		case !ok || v == strconv.Itoa(SchemaVersion):
		case v == "1":
			if err := convertVersion1(ctx, tx); err != nil {
				return err
			}
			if err := convertVersion2(ctx, tx); err != nil {
				return err
			}
		case v == "2":
			if err := convertVersion2(ctx, tx); err != nil {
				return err
			}
		case v == "3":
			if _, err := tx.ExecContext(ctx, `ALTER TABLE documents ADD COLUMN given TEXT NOT NULL DEFAULT ''`); err != nil {
				return fmt.Errorf("convert schema version 3: %w", err)
			}
		case v == "4", v == "5", v == "6":
		default:
			return l.unreadableSchema(v)
		}
		if _, err := tx.ExecContext(ctx, schema); err != nil {
			return fmt.Errorf("create schema: %w", err)
		}
		// Version 6 gains only the table threads, which schema has just created.
		if v, ok := meta["schema_version"]; ok && v != strconv.Itoa(SchemaVersion) && v != "6" {
			if err := convertVersion4(ctx, tx); err != nil {
				return err
			}
			if err := convertVersion5(ctx, tx); err != nil {
				return err
			}
		}
		if meta["schema_version"] != strconv.Itoa(SchemaVersion) {
			if err := setMeta(ctx, tx, "schema_version", strconv.Itoa(SchemaVersion)); err != nil {
				return err
			}
		}
		if l.model == (Model{}) {
			return nil
		}
		stored, err := storedModel(meta)
		if err != nil {
			return err
		}
		if stored == l.model {
			return nil
		}
		var docs int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE staged = 0`).Scan(&docs); err != nil {
			return err
		}
		if stored != (Model{}) && docs > 0 {
			return fmt.Errorf("%w: the library in %s was embedded with %s, not %s; run `doctrinebot corpus reindex` to embed it again with the current model",
				ErrModelMismatch, l.dir, stored, l.model)
		}
		// An empty library takes the new model; vectors of the old one are of no use.
		if _, err := tx.ExecContext(ctx, `DELETE FROM embeddings WHERE model <> ?`, l.model.Name); err != nil {
			return err
		}
		return l.recordModel(ctx, tx, l.model)
	})
}

// tables are the tables of the schema, each with the schema version from which every library
// holds it: a library of that version or later that lacks one is damaged (the table was
// dropped by hand, or lost), where creating it empty again, as the schema's CREATE TABLE IF
// NOT EXISTS did, lost its rows without a word (`quiz list` then said 0 items where there were
// 579). A library of version 1 may have been written before there were votes, gaps and
// quizzes (feedback and gaps came in version 1, the quiz tables after them), and one of
// version 6 or earlier has no threads: those are created when it is converted.
var tables = []struct {
	name  string
	since int
}{
	{"meta", 1}, {"documents", 1}, {"passages", 1}, {"embeddings", 1},
	{"feedback", 2}, {"gaps", 2}, {"quiz_items", 2}, {"quiz_sessions", 2}, {"quiz_answers", 2}, {"quiz_reviews", 2},
	{"threads", 7},
}

// knownVersion returns the schema version v names, and whether it is one this package reads
// or converts: "1" to SchemaVersion, written as a doctrinebot writes it.
func knownVersion(v string) (int, bool) {
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 1 && n <= SchemaVersion && strconv.Itoa(n) == v
}

// missingTables returns an error wrapping ErrDamaged, naming the file and the tables, when
// the library, of schema version version, lacks a table of tables that every library of that
// version holds ("library: PATH is damaged (table quiz_items is missing): …"), or, of the
// current version, a table lacks a column of schema (made again by hand: "(table quiz_items
// has no column retired)"), has one of another type affinity, key or NULL rule, or has one
// of its own that a new row must fill; else nil, or a database error. It reads the names of
// the tables and their columns, through q, and writes nothing.
func (l *Library) missingTables(ctx context.Context, q querier, version int) error {
	rows, err := q.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table'`)
	if err != nil {
		return fmt.Errorf("read the tables: %w", err)
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return fmt.Errorf("read the tables: %w", err)
		}
		have[name] = true
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the tables: %w", err)
	}
	var missing []string
	for _, t := range tables {
		if t.since <= version && !have[t.name] {
			missing = append(missing, t.name)
		}
	}
	switch len(missing) {
	case 0:
	case 1:
		return &damagedError{path: l.path, detail: "table " + missing[0] + " is missing"}
	default:
		return &damagedError{path: l.path, detail: "tables " + strings.Join(missing, ", ") + " are missing"}
	}
	if version != SchemaVersion {
		return nil // converted first, which adds the columns of later versions
	}
	want, err := schemaColumns()
	if err != nil {
		return err
	}
	for _, t := range tables {
		cols, err := columnsOf(ctx, q, t.name)
		if err != nil {
			return err
		}
		have := map[string]column{}
		for _, c := range cols {
			have[c.name] = c
		}
		var lacks []string
		for _, c := range want[t.name] {
			if _, ok := have[c.name]; !ok {
				lacks = append(lacks, c.name)
			}
		}
		if len(lacks) > 0 {
			// Dropped and made again by hand, or by another program: every statement on it
			// would fail with "no such column".
			return &damagedError{path: l.path, detail: fmt.Sprintf("table %s has no column %s", t.name, strings.Join(lacks, ", "))}
		}
		for _, c := range want[t.name] {
			h := have[c.name]
			switch {
			case affinity(h.typ) != affinity(c.typ):
				// Made again with a type of another affinity (a table editor's TEXT): SQLite
				// keeps what is written in the type's affinity, so a flag stored in a TEXT column
				// reads back as the text "0", and every row would be reported damaged.
				return &damagedError{path: l.path, detail: fmt.Sprintf("table %s: column %s has type %s, want %s", t.name, c.name, orNone(h.typ), c.typ)}
			case (h.pk > 0) != (c.pk > 0):
				// Made again without its key (or with another): rows may repeat, and the
				// writes that update a row by its key fail.
				return &damagedError{path: l.path, detail: fmt.Sprintf("table %s: the primary key is not the schema's (column %s)", t.name, c.name)}
			case c.pk == 0 && h.notNull != c.notNull:
				// Made again without NOT NULL: a NULL read into a Go string fails the
				// statement with the driver's words, naming no row. (A key column's NOT
				// NULL goes with the table's kind, WITHOUT ROWID or not.)
				return &damagedError{path: l.path, detail: fmt.Sprintf("table %s: column %s may hold NULL, which the schema forbids", t.name, c.name)}
			}
			delete(have, c.name)
		}
		for _, extra := range cols {
			if _, ok := have[extra.name]; ok && extra.notNull && !extra.hasDefault && extra.pk == 0 {
				// A column added by hand that every new row must fill: doctrinebot's
				// inserts, which do not name it, would fail with SQLite's words.
				return &damagedError{path: l.path, detail: fmt.Sprintf("table %s: column %s, which the schema lacks, is NOT NULL with no default", t.name, extra.name)}
			}
		}
	}
	return nil
}

// removable reports whether id is an item ID as `doctrinebot quiz remove` takes one: 12
// lower-case hex digits (see quiz.ItemID). A row whose ID was written otherwise by hand
// cannot be named to it, and its damage is reported as other damage is.
func removable(id string) bool {
	return len(id) == 12 && strings.Trim(id, "0123456789abcdef") == ""
}

// affinity returns the type affinity SQLite gives a column of declared type typ (upper case),
// by the rules of its documentation ("Datatypes In SQLite", 3.1): a type holding "INT" is
// INTEGER; "CHAR", "CLOB" or "TEXT", TEXT; "BLOB" or none, BLOB; "REAL", "FLOA" or "DOUB",
// REAL; any other, NUMERIC. Columns of one affinity store values alike ("INT" as "INTEGER").
func affinity(typ string) string {
	switch {
	case strings.Contains(typ, "INT"):
		return "INTEGER"
	case strings.Contains(typ, "CHAR"), strings.Contains(typ, "CLOB"), strings.Contains(typ, "TEXT"):
		return "TEXT"
	case typ == "", strings.Contains(typ, "BLOB"):
		return "BLOB"
	case strings.Contains(typ, "REAL"), strings.Contains(typ, "FLOA"), strings.Contains(typ, "DOUB"):
		return "REAL"
	}
	return "NUMERIC"
}

// orNone returns s, or "none" when it is empty (a column declared with no type).
func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// column is a column of a table as SQLite's table_info pragma gives it: its name, its
// declared type in upper case, whether it is NOT NULL, whether it has a default, and its
// place in the primary key (0 for none).
type column struct {
	name, typ  string
	notNull    bool
	hasDefault bool
	pk         int
}

// columnsOf returns the columns of table, through q.
func columnsOf(ctx context.Context, q querier, table string) ([]column, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, upper(type), "notnull", dflt_value IS NOT NULL, pk FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, fmt.Errorf("read the columns of %s: %w", table, err)
	}
	defer rows.Close()
	var cols []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.typ, &c.notNull, &c.hasDefault, &c.pk); err != nil {
			return nil, fmt.Errorf("read the columns of %s: %w", table, err)
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

// schemaColumns returns the columns of each table of schema, read once from a database in
// memory that it creates (a few milliseconds), so that the check of a library's columns (see
// missingTables) follows the schema without a second list of them.
var schemaColumns = sync.OnceValues(func() (map[string][]column, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // each connection would have a database in memory of its own
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, schema); err != nil {
		return nil, fmt.Errorf("library: create the schema in memory: %w", err)
	}
	out := map[string][]column{}
	for _, t := range tables {
		if out[t.name], err = columnsOf(ctx, db, t.name); err != nil {
			return nil, err
		}
	}
	return out, nil
})

// unreadableSchema returns the error of a library whose schema version, v, this doctrinebot
// neither reads nor converts: a whole number above SchemaVersion is a newer doctrinebot's
// (ErrSchema: "library: library.db was written by a newer doctrinebot, of schema version 99,
// and this one reads versions 1 to 7: use that doctrinebot to read it"); any other value
// ("", "0", "x"), which no doctrinebot writes, means the file is damaged (ErrDamaged, naming
// the value quoted).
func (l *Library) unreadableSchema(v string) error {
	if n, err := strconv.Atoi(v); err == nil && n > SchemaVersion && strconv.Itoa(n) == v {
		return &schemaError{path: l.path, version: n}
	}
	return l.damaged(fmt.Errorf("its schema version is %q, which no doctrinebot writes", v))
}

// schemaError is ErrSchema naming the database's file and its schema version.
type schemaError struct {
	path    string
	version int
}

func (e *schemaError) Error() string {
	return fmt.Sprintf("library: %s was written by a newer doctrinebot, of schema version %d, and this one reads versions 1 to %d: use that doctrinebot (or a later build of this one) to read it",
		e.path, e.version, SchemaVersion)
}

func (e *schemaError) Is(target error) bool { return target == ErrSchema }

// schemaVersion returns the library's schema version as stored, "" for a new database.
func (l *Library) schemaVersion(ctx context.Context) (string, error) {
	var tables int
	err := l.rw.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'`).Scan(&tables)
	if err != nil || tables == 0 {
		return "", err
	}
	var v string
	err = l.rw.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'schema_version'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// convertVersion1 converts the vectors of a library of schema version 1, kept by
// (model, hash) in a table without row IDs, into the table of version 2, in transaction tx.
func convertVersion1(ctx context.Context, tx *sql.Tx) error {
	for _, q := range []string{
		`ALTER TABLE embeddings RENAME TO embeddings_v1`,
		embeddingsTable,
		`INSERT INTO embeddings (model, hash, vector) SELECT model, hash, vector FROM embeddings_v1`,
		`DROP TABLE embeddings_v1`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("convert schema version 1: %w", err)
		}
	}
	return nil
}

// convertVersion2 converts the documents and passages of a library of schema version 2
// (documents keyed by ID, passages by their document's ID) into the tables of version 3, in
// transaction tx: each document keeps its row ID as its key, each passage its row ID. For the
// US Code (141,843 documents, 309,184 passages) it takes about 7 s, and the old tables' pages
// (about 290 MB) stay in the file as free pages, which later adds reuse.
func convertVersion2(ctx context.Context, tx *sql.Tx) error {
	for _, q := range []string{
		`ALTER TABLE passages RENAME TO passages_v2`,
		`ALTER TABLE documents RENAME TO documents_v2`,
		`DROP INDEX passages_embed_hash`,
		`DROP INDEX documents_path`,
		documentsTables,
		`INSERT INTO documents (key, id, title, author, source, licence, edition, path, format, hash, bytes,
			added, updated, staged)
			SELECT rowid, id, title, author, source, licence, edition, path, format, hash, bytes, added, updated, 0
			FROM documents_v2 ORDER BY rowid`,
		`INSERT INTO passages (rowid, document, idx, id, headings, text, first_line, last_line, first_page,
			last_page, embed_hash)
			SELECT p.rowid, d.rowid, p.idx, p.id, p.headings, p.text, p.first_line, p.last_line, p.first_page,
			p.last_page, p.embed_hash FROM passages_v2 p JOIN documents_v2 d ON d.id = p.document_id ORDER BY p.rowid`,
		`DROP TABLE passages_v2`,
		`DROP TABLE documents_v2`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("convert schema version 2: %w", err)
		}
	}
	return nil
}

// convertVersion4 gives the quiz items of a library of schema version 4 or earlier, whose
// tables of the current version exist, the column retired (unless the table was made with
// it), and retires those of a stored document that holds no longer their passage, in
// transaction tx. (Items of a document removed before are left: nothing tells them from items
// of the built-in corpus.)
func convertVersion4(ctx context.Context, tx *sql.Tx) error {
	err := addColumn(ctx, tx, "quiz_items", "retired", "INTEGER NOT NULL DEFAULT 0")
	if err == nil {
		err = retireItems(ctx, tx, 0)
	}
	if err != nil {
		return fmt.Errorf("convert schema version 4: %w", err)
	}
	return nil
}

// convertVersion5 gives the documents of a library of schema version 5 or earlier, whose
// tables of the current version exist, the column passages (unless the table was made with
// it), in transaction tx: the number of its passage rows, plus one when the size of their
// text is not the document's bytes (which every version wrote as the size of the passages'
// text), so that a document whose last rows were deleted by hand before the conversion is
// still found damaged (with at least one passage missing: how many is not known). It reads
// every passage's text once: about a second for the US Code's 309,184 passages.
func convertVersion5(ctx context.Context, tx *sql.Tx) error {
	err := addColumn(ctx, tx, "documents", "passages", "INTEGER NOT NULL DEFAULT 0")
	if err == nil {
		// A document with no row at all has lost at least one (none is stored empty).
		_, err = tx.ExecContext(ctx, `UPDATE documents SET passages = 1`)
	}
	if err == nil {
		_, err = tx.ExecContext(ctx, `UPDATE documents SET passages = c.n + (c.size <> documents.bytes)
			FROM (SELECT document, count(*) AS n, sum(length(CAST(text AS BLOB))) AS size
				FROM passages GROUP BY document) AS c
			WHERE c.document = documents.key`)
	}
	if err != nil {
		return fmt.Errorf("convert schema version 5: %w", err)
	}
	return nil
}

// addColumn adds column (of declaration decl) to table in transaction tx, unless the table
// has it already (made by the current schema). Errors: a database error.
func addColumn(ctx context.Context, tx *sql.Tx, table, column, decl string) error {
	var has bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pragma_table_info(?) WHERE name = ?)`, table, column).Scan(&has)
	if err == nil && !has {
		_, err = tx.ExecContext(ctx, `ALTER TABLE `+table+` ADD COLUMN `+column+` `+decl)
	}
	return err
}

// recordModel stores m as the library's model.
func (l *Library) recordModel(ctx context.Context, tx *sql.Tx, m Model) error {
	if err := setMeta(ctx, tx, "embedding_model", m.Name); err != nil {
		return err
	}
	return setMeta(ctx, tx, "embedding_dim", strconv.Itoa(m.Dim))
}

func readMeta(ctx context.Context, q querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT key, value FROM meta`)
	if err != nil {
		return nil, fmt.Errorf("read meta: %w", err)
	}
	defer rows.Close()
	meta := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("read meta: %w", err)
		}
		meta[k] = v
	}
	return meta, rows.Err()
}

func setMeta(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("write meta %s: %w", key, err)
	}
	return nil
}

// storedModel returns the model the library's meta says its vectors were made with. An
// embedding_dim that is no whole number above 0 (changed by hand to "abc", read as 0 and
// reported as another model) is damage (errInconsistent) naming the key and its value.
func storedModel(meta map[string]string) (Model, error) {
	v, ok := meta["embedding_dim"]
	if !ok {
		return Model{Name: meta["embedding_model"]}, nil
	}
	dim, err := strconv.Atoi(v)
	if err != nil || dim < 1 {
		return Model{}, fmt.Errorf("%w: meta embedding_dim holds %q, not a whole number above 0", errInconsistent, v)
	}
	return Model{Name: meta["embedding_model"], Dim: dim}, nil
}

// querier is what reading helpers need of a *sql.DB or *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// write runs f in one write transaction, committed when f returns nil and rolled back
// otherwise. Errors are wrapped with "library: "; on a library opened read-only, or one whose
// file turned read-only, the error wraps ErrReadOnly, on a damaged one ErrDamaged, and when
// ctx is done part-way ctx's error (see cancelled).
func (l *Library) write(ctx context.Context, f func(tx *sql.Tx) error) error {
	if l.readOnly {
		return l.cannotWrite()
	}
	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return l.failed(true, fmt.Errorf("library: begin: %w", err))
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return l.failed(true, cancelled(ctx, err))
	}
	if err := tx.Commit(); err != nil {
		return l.failed(true, cancelled(ctx, fmt.Errorf("library: commit: %w", err)))
	}
	return nil
}

// read runs f in one read transaction: every query in it sees the same snapshot. Errors are
// wrapped with "library: ", wrap ErrDamaged when SQLite found the database damaged, name the
// file and say the disk may be full when SQLite could not read or write it (see failed), and
// wrap ctx's error when ctx is done part-way (see cancelled).
func (l *Library) read(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := l.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return l.failed(false, fmt.Errorf("library: begin: %w", err))
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return l.failed(false, cancelled(ctx, err))
	}
	return nil
}

// cancelled returns ctx's error, prefixed with "library: ", in place of err when ctx is done
// and err does not say the database is damaged: database/sql rolls a transaction back when
// its context is done, and the statements after that (which may run without it) fail with
// sql.ErrTxDone, or, when the rollback closes a statement's rows while it reads them, with
// "sql: Rows are closed" (TestTransactionCancelled failed so once under the race detector).
// Else it returns err.
func cancelled(ctx context.Context, err error) error {
	if ctx.Err() != nil && !isDamage(err) {
		return fmt.Errorf("library: %w", ctx.Err())
	}
	return err
}

// failed returns the error of a read or a write (writing): one that says the database is
// damaged (SQLite found so, or rows contradict each other: errInconsistent), that its files
// could not be read or written (a full disk, an I/O error: diskError), or for a write
// read-only, in words naming the file; else err, prefixed with "library: " if it is not.
func (l *Library) failed(writing bool, err error) error {
	switch {
	case errors.Is(err, ErrDamaged) || errors.Is(err, ErrReadOnly):
		return err
	case isDamage(err):
		return l.damaged(err)
	case errors.Is(err, errInconsistent):
		// The detail is the message without the sentinel's words: what follows them, after
		// the operations that wrapped it, if any ("convert schema version 4: quiz item …").
		before, after, _ := strings.Cut(err.Error(), errInconsistent.Error()+": ")
		d := &damagedError{path: l.path, detail: before + after, err: err}
		if item := (*damagedItem)(nil); errors.As(err, &item) && removable(item.id) {
			d.item = item.id
		}
		return d
	case isDiskError(err):
		if d := (*diskError)(nil); errors.As(err, &d) {
			return d // said once, without the operations that wrapped it
		}
		return &diskError{path: l.path, err: err}
	case writing && sqliteCode(err) == sqliteReadOnly:
		return l.cannotWrite()
	case strings.HasPrefix(err.Error(), "library: "):
		return err
	}
	return fmt.Errorf("library: %w", err)
}

// Dir returns the library's folder.
func (l *Library) Dir() string { return l.dir }

// Model returns the model the library was opened with (the zero Model for maintenance), or
// after Reindex the model it re-embedded with.
func (l *Library) Model() Model { return l.model }

// Close closes the database. The library must not be used afterwards.
func (l *Library) Close() error {
	var err1, err2 error
	if l.ro != nil {
		err1 = l.ro.Close()
	}
	if l.rw != nil {
		err2 = l.rw.Close()
	}
	return errors.Join(err1, err2)
}

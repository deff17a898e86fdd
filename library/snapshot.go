package library

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// SnapshotFile is the name, in the library's folder, of the saved search index (see
// WriteSnapshot). It is a cache: deleting it costs one slower start.
const SnapshotFile = "index.snapshot"

// ContentVersion returns a token that changes with every change of what Load returns: the
// library's documents, their passages or their vectors (the flip of an Add, Remove, Reindex;
// not the groups an Add stages, nor the vectors it keeps), for keying what is derived from
// them, such as the snapshot of the search index. A library last written by a doctrinebot that kept no
// such token gets one now; opened read-only, it gets a new one at each call, which keys
// nothing saved.
func (l *Library) ContentVersion(ctx context.Context) (string, error) {
	var v string
	err := l.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'content_version'`).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil || v != "" {
		return v, err
	}
	if l.readOnly {
		return "unsaved " + rand.Text(), nil
	}
	err = l.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'content_version'`).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			v, err = newContentVersion(ctx, tx)
		}
		return err
	})
	return v, err
}

// newContentVersion records a new random content version in transaction tx and returns it;
// every transaction that changes what Load returns calls it.
func newContentVersion(ctx context.Context, tx *sql.Tx) (string, error) {
	v := rand.Text()
	return v, setMeta(ctx, tx, "content_version", v)
}

// errNotRegular is the error of reading a SnapshotFile that is no regular file (a FIFO, a
// device, a link to one): a cache put there by hand, which ReadSnapshot's caller builds anew.
var errNotRegular = errors.New("not a regular file")

// ReadSnapshot returns the contents of the library's SnapshotFile, read-only: on Unix a
// shared memory mapping of the file, so that only the parts used are ever read from disk and
// resident, and the page cache serves the next process too; elsewhere a copy read into
// memory. The bytes must not be modified. A mapping is never unmapped (what is built on it
// may live as long as the process): the same file, mapped before by this process, is not
// mapped again, and WriteSnapshot replaces the file by a new one rather than writing into
// it, so a mapping never changes under its reader. Errors: those of reading it
// (fs.ErrNotExist when there is none), and one wrapping errNotRegular when it is no regular
// file, which is neither opened for reading nor read.
func (l *Library) ReadSnapshot() ([]byte, error) {
	return mapFile(filepath.Join(l.dir, SnapshotFile))
}

// ReleaseSnapshot tells the system that this process will not soon read b, a part of the
// bytes ReadSnapshot returned: on Unix, the pages wholly inside b leave the process's
// resident memory (they stay in the page cache, and reading b again maps them back); elsewhere
// it does nothing. The bytes keep their values.
func (l *Library) ReleaseSnapshot(b []byte) { releaseMapped(b) }

// snapshotTemp is the name pattern (os.CreateTemp's and filepath.Glob's: "*" for the random
// part) of the temporary file WriteSnapshot writes before renaming it to SnapshotFile.
const snapshotTemp = SnapshotFile + ".*.tmp"

// staleSnapshotAge is how long a temporary snapshot file (see WriteSnapshot) must have gone
// unwritten to be taken for one a killed process left: a writer writes it for seconds (about
// 3 s for the 415 MB of the US Code's snapshot) and never leaves it idle.
const staleSnapshotAge = 10 * time.Minute

// removeStaleSnapshots removes from folder dir the temporary snapshot files (see
// WriteSnapshot) last written over staleSnapshotAge before now: what a process killed while
// writing one left, hundreds of megabytes each, which nothing else removes. Errors are
// ignored: a file that cannot be removed now may be later.
func removeStaleSnapshots(dir string, now time.Time) {
	temps, _ := filepath.Glob(filepath.Join(dir, snapshotTemp))
	for _, t := range temps {
		if info, err := os.Lstat(t); err == nil && info.Mode().IsRegular() && now.Sub(info.ModTime()) > staleSnapshotAge {
			os.Remove(t)
		}
	}
}

// WriteSnapshot replaces the library's SnapshotFile by what write writes, atomically: it
// writes a temporary file in the folder, syncs it and renames it over the old one, so that a
// reader sees the old snapshot or the new one, never part of one. On any error the old file
// is left as it was and the temporary one removed.
func (l *Library) WriteSnapshot(write func(w io.Writer) error) error {
	f, err := os.CreateTemp(l.dir, snapshotTemp)
	if err != nil {
		return fmt.Errorf("library: write snapshot: %w", err)
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(l.dir, SnapshotFile))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("library: write snapshot: %w", err)
	}
	return nil
}

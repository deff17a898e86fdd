// Package sqlitetest damages SQLite databases for tests of what reads them.
package sqlitetest

import (
	"database/sql"
	"math/rand/v2"
	"os"
	"testing"

	_ "modernc.org/sqlite" // the "sqlite" driver
)

// DamageTable overwrites the root page of table in the SQLite database at path (closed, its
// log merged) with random bytes, the same at every run, so that reading the table fails with
// "database disk image is malformed". Errors fail t.
func DamageTable(t testing.TB, path, table string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var page, size int64
	err = db.QueryRow(`SELECT rootpage, (SELECT page_size FROM pragma_page_size()) FROM sqlite_schema WHERE name = ?`, table).Scan(&page, &size)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	junk := make([]byte, size)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range junk {
		junk[i] = byte(rng.Uint32())
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(junk, (page-1)*size); err != nil {
		t.Fatal(err)
	}
}

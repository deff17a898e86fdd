// Package sqlitetest damages SQLite databases for tests of what reads them.
package sqlitetest

import (
	"database/sql"
	"fmt"
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

// Downgrade returns the statements that turn a library's database, written at schema version
// 3 or later, back into the layout of schema version 1 or 2, as an earlier doctrinebot wrote
// it: documents keyed by ID and passages by their document's ID (both versions), vectors kept
// by (model, hash) in a table without row IDs (version 1); the schema version is set to
// version. Run them on the closed database, in order.
func Downgrade(version int) []string {
	qs := []string{
		`CREATE TABLE documents_old (id TEXT PRIMARY KEY, title TEXT NOT NULL, author TEXT NOT NULL,
			source TEXT NOT NULL, licence TEXT NOT NULL, edition TEXT NOT NULL, path TEXT NOT NULL,
			format TEXT NOT NULL, hash TEXT NOT NULL, bytes INTEGER NOT NULL, added INTEGER NOT NULL,
			updated INTEGER NOT NULL)`,
		`INSERT INTO documents_old SELECT id, title, author, source, licence, edition, path, format, hash, bytes,
			added, updated FROM documents WHERE staged = 0 ORDER BY key`,
		`CREATE TABLE passages_old (rowid INTEGER PRIMARY KEY,
			document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
			id TEXT NOT NULL, headings TEXT NOT NULL, text TEXT NOT NULL, first_line INTEGER NOT NULL,
			last_line INTEGER NOT NULL, first_page INTEGER NOT NULL, last_page INTEGER NOT NULL,
			embed_hash BLOB NOT NULL, UNIQUE (document_id, idx))`,
		`INSERT INTO passages_old SELECT p.rowid, d.id, p.idx, p.id, p.headings, p.text, p.first_line, p.last_line,
			p.first_page, p.last_page, p.embed_hash FROM passages p JOIN documents d ON d.key = p.document
			WHERE d.staged = 0`,
		`DROP TABLE passages`,
		`DROP TABLE documents`,
		`ALTER TABLE documents_old RENAME TO documents`,
		`ALTER TABLE passages_old RENAME TO passages`,
		`CREATE INDEX passages_embed_hash ON passages(embed_hash)`,
		`CREATE INDEX documents_path ON documents(path)`,
		fmt.Sprintf(`UPDATE meta SET value = '%d' WHERE key = 'schema_version'`, version),
	}
	if version == 1 {
		qs = append(qs,
			`CREATE TABLE embeddings_old (model TEXT NOT NULL, hash BLOB NOT NULL, vector BLOB NOT NULL,
				PRIMARY KEY (model, hash)) WITHOUT ROWID`,
			`INSERT INTO embeddings_old SELECT model, hash, vector FROM embeddings`,
			`DROP TABLE embeddings`,
			`ALTER TABLE embeddings_old RENAME TO embeddings`)
	}
	return qs
}

package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// DocumentInfo describes a stored document without its passages. (Documents an Add has staged
// and not yet made the library's are never described: every query of this file reads the
// documents with staged = 0 only, and their passages.)
type DocumentInfo struct {
	// ID, Title, Author, Source, Licence and Path are the corpus.Document's fields as stored.
	ID, Title, Author, Source, Licence, Path string
	// Edition is the document's edition or date where known, else "".
	Edition string
	// Format is the format the document was read in: "text", "markdown", "html", "pdf" or
	// "docx" (a document stored by an earlier doctrinebot may have another file extension
	// without its dot, such as "htm" or "csv").
	Format string
	// Hash is the hex SHA-256 of the document's content (see Add).
	Hash string
	// Passages is the number of passages; Bytes, the size of their text in bytes.
	Passages int
	Bytes    int64
	// Added is when the document was first added; Updated, when it was last replaced.
	Added, Updated time.Time
	// RetiredItems is, in what Remove and RemoveAll return, how many of the quiz items of
	// the document's passages the removal retired (see AddItems): no longer listed nor
	// asked, back when the document is added again. 0 elsewhere.
	RetiredItems int
}

const infoColumns = `d.id, d.title, d.author, d.source, d.licence, d.path, d.edition, d.format, d.hash,
	(SELECT count(*) FROM passages p WHERE p.document = d.key), d.bytes, d.added, d.updated, d.passages`

// scanInfo reads a row of infoColumns: the document's description, with the passage rows
// there are as its Passages, and the number of passages it was stored with. A column of the
// wrong type is damage naming the document (see rowDamaged).
func scanInfo(row interface{ Scan(...any) error }) (DocumentInfo, int, error) {
	var d DocumentInfo
	var added, updated int64
	var stored int
	err := row.Scan(&d.ID, &d.Title, &d.Author, &d.Source, &d.Licence, &d.Path, &d.Edition, &d.Format,
		&d.Hash, &d.Passages, integer("documents.bytes", &d.Bytes), integer("documents.added", &added),
		integer("documents.updated", &updated), integer("documents.passages", &stored))
	d.Added, d.Updated = time.UnixMilli(added).UTC(), time.UnixMilli(updated).UTC()
	return d, stored, rowDamaged(fmt.Sprintf("document %q", d.ID), err)
}

// integer returns a destination for Scan of an INTEGER column, named as "table.column"
// ("documents.passages"), that stores its value in *dst, and fails with a *columnError on a
// value of another type (text, a real, a blob, NULL), which no doctrinebot writes there:
// where database/sql said `sql: Scan error on column index 13, name "passages": converting
// driver.Value type string ("abc") to a int`, naming neither the table nor the row, the
// caller names the row (see rowDamaged) and the library says it is damaged.
func integer[T int | int64](column string, dst *T) sql.Scanner {
	return intColumn[T]{column: column, dst: dst}
}

// intColumn is the destination integer returns.
type intColumn[T int | int64] struct {
	column string
	dst    *T
}

// Scan stores v, an int64 (which modernc.org/sqlite gives for an INTEGER value), in *c.dst.
func (c intColumn[T]) Scan(v any) error {
	n, ok := v.(int64)
	if !ok {
		return &columnError{column: c.column, value: v, want: "a whole number"}
	}
	*c.dst = T(n)
	return nil
}

// flag returns a destination for Scan of an INTEGER column of 0 or 1 (as "table.column"),
// that stores whether it is 1 in *dst, and fails with a *columnError on any other value.
func flag(column string, dst *bool) sql.Scanner { return flagColumn{column: column, dst: dst} }

// flagColumn is the destination flag returns.
type flagColumn struct {
	column string
	dst    *bool
}

// Scan stores whether v is 1 in *c.dst.
func (c flagColumn) Scan(v any) error {
	if n, ok := v.(int64); ok && (n == 0 || n == 1) {
		*c.dst = n == 1
		return nil
	}
	return &columnError{column: c.column, value: v, want: "0 or 1"}
}

// columnError is a column (named as "table.column") that holds a value, v, other than it
// should (want): "documents.passages holds \"abc\", not a whole number".
type columnError struct {
	column string
	value  any
	want   string
}

func (e *columnError) Error() string {
	var held string
	switch v := e.value.(type) {
	case nil:
		held = "NULL"
	case string:
		if r := []rune(v); len(r) > 40 {
			v = string(r[:40]) + "…"
		}
		held = strconv.Quote(v)
	case []byte:
		held = fmt.Sprintf("a blob of %d bytes", len(v))
		if len(v) == 1 {
			held = "a blob of 1 byte"
		}
	case float64:
		held = strconv.FormatFloat(v, 'g', -1, 64)
	default:
		held = fmt.Sprint(v)
	}
	return fmt.Sprintf("%s holds %s, not %s", e.column, held, e.want)
}

// rowDamaged returns err, of a Scan of the row that row names (`document "a"`, "quiz item
// 0123456789ab"), as damage (errInconsistent) naming the row and the column when a column
// held a value of the wrong type (a *columnError: see integer and flag): `document "a":
// documents.passages holds "abc", not a whole number`. Any other err, or nil, it returns as
// it is.
func rowDamaged(row string, err error) error {
	var c *columnError
	if errors.As(err, &c) {
		return fmt.Errorf("%w: %s: %v", errInconsistent, row, c)
	}
	return err
}

// countMismatch returns an error wrapping errInconsistent when document id, stored with want
// passages, has rows for have of them, else nil. It does not know which are missing.
func countMismatch(id string, have, want int) error {
	switch {
	case want < 0:
		return badCount(id, want)
	case have < want:
		return fmt.Errorf("%w: document %q: %d of its %d passages missing", errInconsistent, id, want-have, want)
	case have > want:
		return fmt.Errorf("%w: document %q: %d passage rows, where it was stored with %d", errInconsistent, id, have, want)
	}
	return nil
}

// badCount returns an error wrapping errInconsistent, which the library reports as damage,
// when count, the number of passages document id was stored with (documents.passages), is
// below 0, else nil. (A count above the passage rows of the document is found when they are
// read or counted, as rows missing.)
func badCount(id string, count int) error {
	if count < 0 {
		return fmt.Errorf("%w: document %q has %d passages", errInconsistent, id, count)
	}
	return nil
}

// Documents returns every stored document, by ID. A document whose passage rows are not
// those it was stored with (one deleted by hand) is damage: an error wrapping ErrDamaged,
// naming the file, the document and how many passages are missing.
func (l *Library) Documents(ctx context.Context) ([]DocumentInfo, error) {
	var out []DocumentInfo
	err := l.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+infoColumns+` FROM documents d WHERE d.staged = 0 ORDER BY d.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, stored, err := scanInfo(rows)
			if err != nil {
				return err
			}
			if err := countMismatch(d.ID, d.Passages, stored); err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	return out, err
}

// Document returns one stored document: its description and the document with its passages.
// Errors: ErrNotFound (wrapped, naming id) when no document has that ID; ErrDamaged (wrapped,
// naming the file and the passage) when a passage row of it is missing.
func (l *Library) Document(ctx context.Context, id string) (DocumentInfo, *corpus.Document, error) {
	var info DocumentInfo
	var doc *corpus.Document
	err := l.read(ctx, func(tx *sql.Tx) error {
		var err error
		var stored int
		info, stored, err = scanInfo(tx.QueryRowContext(ctx, `SELECT `+infoColumns+` FROM documents d WHERE d.id = ? AND d.staged = 0`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: %q", ErrNotFound, id)
		}
		if err != nil {
			return err
		}
		doc = newDocument(info)
		docs := map[string]*corpus.Document{id: doc}
		return readPassages(ctx, tx, docs, map[string]int{id: stored}, `AND d.id = ?`, "", id, nil)
	})
	if err != nil {
		return DocumentInfo{}, nil, err
	}
	return info, doc, nil
}

func newDocument(d DocumentInfo) *corpus.Document {
	return &corpus.Document{ID: d.ID, Title: d.Title, Author: d.Author, Source: d.Source, Licence: d.Licence,
		Edition: d.Edition, Path: d.Path}
}

// readPassages appends the passages of the stored documents (d) matching and (a condition
// beginning with AND, with its argument, or "") to their documents, in order; counts holds
// the number of passages each of docs was stored with (documents.passages), by ID. Rows that
// contradict each other (a passage missing from a document's sequence or from its end, or
// rows beyond it, one whose document is not read) return an error wrapping errInconsistent,
// which the library reports as damage. With a model name, it also reads each passage's vector
// of that model and passes it to vector (nil when none is stored).
func readPassages(ctx context.Context, tx *sql.Tx, docs map[string]*corpus.Document, counts map[string]int, and, model string, arg any,
	vector func(p *corpus.Passage, b []byte)) error {
	for id, n := range counts {
		if err := badCount(id, n); err != nil {
			return err
		}
	}
	q := `SELECT d.id, p.id, p.idx, p.headings, p.text, p.first_line, p.last_line, p.first_page, p.last_page, `
	var args []any
	if model != "" {
		q += `e.vector FROM documents d JOIN passages p ON p.document = d.key
			LEFT JOIN embeddings e ON e.model = ? AND e.hash = p.embed_hash `
		args = append(args, model)
	} else {
		q += `NULL FROM documents d JOIN passages p ON p.document = d.key `
	}
	q += `WHERE d.staged = 0 ` + and + ` ORDER BY d.id, p.idx`
	if arg != nil {
		args = append(args, arg)
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		docID    string
		doc      *corpus.Document
		headings string
		vec      sql.RawBytes
	)
	for rows.Next() {
		var p corpus.Passage
		var id string
		// (The passage's ID before its columns of numbers, to name it when one is damaged.)
		err := rows.Scan(&id, &p.ID, integer("passages.idx", &p.Index), &headings, &p.Text,
			integer("passages.first_line", &p.FirstLine), integer("passages.last_line", &p.LastLine),
			integer("passages.first_page", &p.FirstPage), integer("passages.last_page", &p.LastPage), &vec)
		if err != nil {
			return rowDamaged(fmt.Sprintf("document %q, passage %s", id, p.ID), err)
		}
		if id != docID || doc == nil {
			docID, doc = id, docs[id]
			if doc == nil {
				return fmt.Errorf("%w: passages of %q, a document that is not stored", errInconsistent, id)
			}
		}
		if p.Index >= counts[id] {
			return fmt.Errorf("%w: document %q: passage %d, where it was stored with %d", errInconsistent, id, p.Index, counts[id])
		}
		if p.Index != len(doc.Passages) {
			return fmt.Errorf("%w: document %q: passage %d missing", errInconsistent, id, len(doc.Passages))
		}
		if headings != "" {
			p.Headings = strings.Split(headings, "\n")
		}
		p.DocumentID, p.Title, p.Author, p.Edition = doc.ID, doc.Title, doc.Author, doc.Edition
		doc.Passages = append(doc.Passages, p)
		if vector != nil {
			vector(&doc.Passages[len(doc.Passages)-1], vec)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	// Rows missing at a document's end, or all its rows, leave no gap to see above.
	for id, doc := range docs {
		switch have, want := len(doc.Passages), counts[id]; {
		case have+1 == want:
			return fmt.Errorf("%w: document %q: passage %d missing", errInconsistent, id, have)
		case have < want:
			return fmt.Errorf("%w: document %q: passages %d to %d missing", errInconsistent, id, have, want-1)
		}
	}
	return nil
}

// LoadPassages reads every stored document with its passages, documents by ID and passages
// in order, from one consistent snapshot and in one pass over the passages, without their
// vectors: for a caller that reads the texts only (the quiz commands), where Documents then
// Document for each reads them one query each (the US Code's 141,833 documents stored, 309,173
// passages: 5.9 s, where that took 35 s, on a shared machine: BenchmarkLoadPassages). It works
// on a library opened
// with the zero Model. An empty library returns no documents and no error. Errors: a database
// error. Memory: the documents' text, without Load's Dim×4 bytes a passage.
func (l *Library) LoadPassages(ctx context.Context) ([]*corpus.Document, error) {
	var docs []*corpus.Document
	err := l.read(ctx, func(tx *sql.Tx) error {
		var err error
		docs, err = loadDocuments(ctx, tx, "", nil, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return docs, nil
}

// loadDocuments reads every stored document with its passages, documents by ID, in tx; with
// a model name, it passes each passage's vector of that model to vector (see readPassages),
// and perDoc, when not nil, is called with each document and its number of passages (as
// stored with it, or 0: see below) before any passage is read.
//
// Those numbers, read from the database, size the documents' slices of passages (and Load's
// of vectors), so they are checked before anything is allocated: a number below 0 is damage
// (errInconsistent), where it panicked in makeslice; and when they add up to more than the
// passage rows stored (counted by one scan of an index of the passages, little beside reading
// their text), nothing is allocated ahead (perDoc is given 0), where a huge one exhausted
// memory, and readPassages reports the passages missing.
func loadDocuments(ctx context.Context, tx *sql.Tx, model string, perDoc func(d *corpus.Document, count int),
	vector func(p *corpus.Passage, b []byte)) ([]*corpus.Document, error) {
	var stored int // passage rows, in all
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM passages`).Scan(&stored); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, title, author, source, licence, edition, path, passages
		FROM documents d WHERE staged = 0 ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var docs []*corpus.Document
	counts := map[string]int{}
	left := stored // the rows not counted yet by a document read
	for rows.Next() {
		d := &corpus.Document{}
		var count int
		if err := rows.Scan(&d.ID, &d.Title, &d.Author, &d.Source, &d.Licence, &d.Edition, &d.Path, integer("documents.passages", &count)); err != nil {
			rows.Close()
			return nil, rowDamaged(fmt.Sprintf("document %q", d.ID), err)
		}
		if err := badCount(d.ID, count); err != nil {
			rows.Close()
			return nil, err
		}
		left -= min(count, left+1) // below 0 once they add up to more: no overflow
		docs = append(docs, d)
		counts[d.ID] = count
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	byID := make(map[string]*corpus.Document, len(docs))
	for _, d := range docs {
		count := counts[d.ID]
		if left < 0 {
			count = 0
		}
		d.Passages = make([]corpus.Passage, 0, count)
		byID[d.ID] = d
		if perDoc != nil {
			perDoc(d, count)
		}
	}
	if err := readPassages(ctx, tx, byID, counts, "", model, nil, vector); err != nil {
		return nil, err
	}
	return docs, nil
}

// Load reads every stored document with its passages (documents by ID), from one consistent
// snapshot, and returns them with a function giving each passage's stored vector, for
// bot.IndexOptions.Vectors. The function is safe for concurrent use; it knows a passage by
// its DocumentID and Index, and returns false for a passage it has no vector for (none is
// stored, which Add never leaves, or the passage is not one Load returned). An empty library
// returns no documents and no error. Errors: ErrNoModel when the library was opened with the
// zero Model; a database error.
//
// Memory: the documents' text, plus Dim×4 bytes per passage for the vectors.
func (l *Library) Load(ctx context.Context) ([]*corpus.Document, func(*corpus.Passage) ([]float32, bool), error) {
	if l.model == (Model{}) {
		return nil, nil, ErrNoModel
	}
	var docs []*corpus.Document
	vectors := map[string][][]float32{}
	dim := l.model.Dim
	n := 0 // passages
	var backing []float32
	used := 0
	err := l.read(ctx, func(tx *sql.Tx) error {
		var err error
		docs, err = loadDocuments(ctx, tx, l.model.Name, func(d *corpus.Document, count int) {
			n += count
			vectors[d.ID] = make([][]float32, count)
		}, func(p *corpus.Passage, b []byte) {
			if backing == nil {
				backing = make([]float32, n*dim) // one allocation for every vector
			}
			if len(b) != 4*dim || used+dim > len(backing) {
				return // none stored: the index embeds it
			}
			v := backing[used : used+dim : used+dim]
			used += dim
			decodeVector(v, b)
			if vs := vectors[p.DocumentID]; p.Index < len(vs) {
				vs[p.Index] = v
			}
		})
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	lookup := func(p *corpus.Passage) ([]float32, bool) {
		vs := vectors[p.DocumentID]
		if p.Index < 0 || p.Index >= len(vs) || vs[p.Index] == nil {
			return nil, false
		}
		return vs[p.Index], true
	}
	return docs, lookup, nil
}

// Stats sums up a library.
type Stats struct {
	// Documents and Passages count what is stored; Bytes is the size of the passages' text.
	Documents, Passages int
	Bytes               int64
	// Vectors counts the stored vectors of Model, including those an Add that did not complete
	// left and the next one that completes deletes if no passage uses them (see Add).
	Vectors int
	// Model is the model the stored vectors were made by (zero for a library never opened
	// with one).
	Model Model
	// DiskBytes is the size of the database files in the folder (FileName and its -wal).
	DiskBytes int64
}

// Stats returns the library's counts, from one snapshot.
func (l *Library) Stats(ctx context.Context) (Stats, error) {
	var s Stats
	err := l.read(ctx, func(tx *sql.Tx) error {
		meta, err := readMeta(ctx, tx)
		if err != nil {
			return err
		}
		if s.Model, err = storedModel(meta); err != nil {
			return err
		}
		// The passages stored are all the passages but the staged documents' (none but while an
		// Add runs or after one was killed).
		return tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM documents WHERE staged = 0),
			(SELECT count(*) FROM passages) - (SELECT count(*) FROM passages WHERE document IN
				(SELECT key FROM documents WHERE staged = 1)),
			(SELECT coalesce(sum(bytes), 0) FROM documents WHERE staged = 0),
			(SELECT count(*) FROM embeddings WHERE model = ?)`,
			s.Model.Name).Scan(&s.Documents, &s.Passages, &s.Bytes, &s.Vectors)
	})
	for _, name := range []string{FileName, FileName + "-wal"} {
		if info, err := os.Stat(filepath.Join(l.dir, name)); err == nil {
			s.DiskBytes += info.Size()
		}
	}
	return s, err
}

// Remove deletes the document with the given ID, its passages and the vectors no other
// passage uses, in one transaction, and returns its description. Errors: ErrNotFound (wrapped,
// naming id); a database error.
func (l *Library) Remove(ctx context.Context, id string) (DocumentInfo, error) {
	infos, err := l.RemoveAll(ctx, id)
	if err != nil {
		return DocumentInfo{}, err
	}
	return infos[0], nil
}

// RemoveAll deletes the documents with the given IDs as Remove does, all in one transaction:
// all of them or, on an error, none. It returns their descriptions in the order of ids (an ID
// given twice is removed once and described once). Errors: ErrNotFound (wrapped, naming every
// ID that names no document; see NotFoundIDs); a database error.
func (l *Library) RemoveAll(ctx context.Context, ids ...string) ([]DocumentInfo, error) {
	var infos []DocumentInfo
	unlock, err := l.lockWriter(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	err = l.write(ctx, func(tx *sql.Tx) error {
		infos = infos[:0]
		seen := map[string]bool{}
		var hashes [][]byte
		var missing []string
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			info, _, err := scanInfo(tx.QueryRowContext(ctx, `SELECT `+infoColumns+` FROM documents d WHERE d.id = ? AND d.staged = 0`, id))
			if errors.Is(err, sql.ErrNoRows) {
				missing = append(missing, id)
				continue
			}
			if err != nil {
				return err
			}
			h, err := embedHashes(ctx, tx, `SELECT DISTINCT p.embed_hash FROM passages p
				JOIN documents d ON d.key = p.document WHERE d.id = ? AND d.staged = 0`, id)
			if err != nil {
				return err
			}
			hashes = append(hashes, h...)
			if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ? AND staged = 0`, id); err != nil {
				return err
			}
			// Its quiz items are retired with it, all or nothing (see retireItems).
			res, err := tx.ExecContext(ctx, `UPDATE quiz_items SET retired = 1
				WHERE json_extract(item, '$.source.document') = ? AND retired IS NOT 1`, id)
			if err != nil {
				return malformedItem(ctx, tx, fmt.Errorf("retire quiz items: %w", err))
			}
			if n, err := res.RowsAffected(); err == nil {
				info.RetiredItems = int(n)
			}
			infos = append(infos, info)
		}
		if len(missing) > 0 {
			return &notFoundError{ids: missing} // and the transaction is rolled back
		}
		if _, err := newContentVersion(ctx, tx); err != nil {
			return err
		}
		return deleteUnused(ctx, tx, hashes)
	})
	if err != nil {
		return nil, err
	}
	return infos, nil
}

// notFoundError is ErrNotFound naming the IDs that name no document.
type notFoundError struct{ ids []string }

func (e *notFoundError) Error() string {
	q := make([]string, len(e.ids))
	for i, id := range e.ids {
		q[i] = strconv.Quote(id)
	}
	return fmt.Sprintf("%v: %s", ErrNotFound, strings.Join(q, ", "))
}

func (e *notFoundError) Unwrap() error { return ErrNotFound }

// NotFoundIDs returns the IDs that an ErrNotFound of RemoveAll names, in the order given, and
// whether err is one.
func NotFoundIDs(err error) ([]string, bool) {
	var nf *notFoundError
	if errors.As(err, &nf) {
		return nf.ids, true
	}
	return nil, false
}

// Reindex embeds every stored passage again with embed, which gives vectors of model, and
// records model as the library's, all in one transaction: the library holds the old vectors
// or the new ones, never some of each. Passages that share an embedding text are embedded
// once, in parallel on all cores; progress, if set, is called with the number of vectors made
// and the total, from one goroutine at a time. It returns the number of vectors made. The
// library then works with model (see Model); Reindex must not run at the same time as other
// calls on the same *Library (other processes may read meanwhile). Errors: an invalid model, an embedding error, a
// vector of the wrong length, ctx's error, a database error.
func (l *Library) Reindex(ctx context.Context, embed EmbedFunc, model Model, progress func(done, total int)) (int, error) {
	if model.Name == "" || model.Dim <= 0 {
		return 0, fmt.Errorf("library: reindex: invalid model %s", model)
	}
	unlock, err := l.lockWriter(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	target := &Library{dir: l.dir, path: l.path, rw: l.rw, ro: l.ro, model: model}
	// The passages are read and embedded outside a write transaction, so that readers see the
	// library as it was until the new vectors replace the old in one short transaction (as
	// Add embeds before it writes); the writer lock keeps other writers out meanwhile.
	docs := map[string]*corpus.Document{}
	err = l.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, title, author, passages FROM documents WHERE staged = 0`)
		if err != nil {
			return err
		}
		counts := map[string]int{}
		for rows.Next() {
			d := &corpus.Document{}
			var count int
			if err := rows.Scan(&d.ID, &d.Title, &d.Author, integer("documents.passages", &count)); err != nil {
				rows.Close()
				return rowDamaged(fmt.Sprintf("document %q", d.ID), err)
			}
			docs[d.ID] = d
			counts[d.ID] = count
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		return readPassages(ctx, tx, docs, counts, "", "", nil, nil)
	})
	if err != nil {
		return 0, err
	}
	// One passage per embedding text.
	var todo []*corpus.Passage
	var keys [][]byte
	seen := map[string]bool{}
	var scratch []byte
	for _, d := range docs {
		for i := range d.Passages {
			p := &d.Passages[i]
			h := embedHash(p, &scratch)
			if !seen[string(h)] {
				seen[string(h)] = true
				todo = append(todo, p)
				keys = append(keys, h)
			}
		}
	}
	vecs, err := target.embedAll(ctx, embed, todo, progress)
	if err != nil {
		return 0, err
	}
	err = l.write(ctx, func(tx *sql.Tx) error {
		// Every vector goes, those no passage used too (see sweepVectors).
		if _, err := tx.ExecContext(ctx, `DELETE FROM embeddings`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM meta WHERE key = 'sweep_vectors'`); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO embeddings (model, hash, vector) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for i, v := range vecs {
			if _, err := ins.ExecContext(ctx, model.Name, keys[i], encodeVector(v)); err != nil {
				return err
			}
		}
		if _, err := newContentVersion(ctx, tx); err != nil {
			return err
		}
		return l.recordModel(ctx, tx, model)
	})
	if err != nil {
		return 0, err
	}
	l.model = model
	return len(vecs), nil
}

// embedAll embeds ps in parallel on all cores, in order.
func (l *Library) embedAll(ctx context.Context, embed EmbedFunc, ps []*corpus.Passage, progress func(done, total int)) ([][]float32, error) {
	out := make([][]float32, len(ps))
	errs := make([]error, len(ps))
	var mu sync.Mutex
	done := 0
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				out[i], errs[i] = l.embed(ctx, embed, ps[i])
				if progress != nil {
					mu.Lock()
					done++
					progress(done, len(ps))
					mu.Unlock()
				}
			}
		})
	}
	for i := range ps {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

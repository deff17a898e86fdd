package library

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
)

// EmbedFunc embeds one passage: it returns the vector (Model.Dim float32 values) of the
// passage's bot.EmbeddingText. bot.EmbedPassage in a closure is one:
//
//	func(ctx context.Context, p *corpus.Passage) ([]float32, error) {
//		return bot.EmbedPassage(ctx, m.Embed, m.Dim(), p)
//	}
//
// It is called from several goroutines at once.
type EmbedFunc func(ctx context.Context, p *corpus.Passage) ([]float32, error)

// AddOptions configures Add.
type AddOptions struct {
	// Embed embeds the passages whose embedding text the library does not hold yet; required.
	Embed EmbedFunc
	// KeepIDs, when set, stores each document under its own ID, replacing a stored document of
	// that ID (a new edition named by the caller). Otherwise a document read from a file that
	// is already stored (the same path) takes the stored document's ID, and one whose ID is
	// taken by a document from another file gets a free suffix ("intro-2"): files never
	// replace each other because their names agree.
	KeepIDs bool
	// Progress, if set, is called after each document is stored (or found unchanged), from
	// one goroutine at a time.
	Progress func(Progress)
}

// Progress is how far an Add has gone, counted from the start of the call.
type Progress struct {
	// Documents is the number of documents stored or found unchanged, of DocumentsTotal given.
	Documents, DocumentsTotal int
	// Passages is the number of passages of those documents; Embedded, how many passages
	// were embedded for them (the rest had stored vectors).
	Passages, Embedded int
	// Bytes is the size of the passages' text, in bytes.
	Bytes int64
}

// AddReport says what an Add did.
type AddReport struct {
	// Added, Updated and Unchanged are the IDs of the documents that were new, that replaced a
	// stored document of the same ID with other content (a new edition), and that were
	// already stored as they are, in the order given.
	Added, Updated, Unchanged []string
	// PassagesEmbedded is the number of passages embedded; PassagesTotal, the number of
	// passages of all documents given.
	PassagesEmbedded, PassagesTotal int
}

// Add stores docs in the library, each document whole or not at all (documents are committed
// in groups of up to 64, each group one transaction):
//   - a document whose ID is not stored is added;
//   - a document whose ID is stored with the same content (see below) is left as it is, and
//     nothing of it is embedded;
//   - a document whose ID is stored with other content replaces it (a new edition): its
//     passages replace the old ones, the vectors no passage uses any more are deleted, and only
//     the passages whose embedding text has no stored vector are embedded.
//
// A document's content is its metadata (ID, title, author, source, licence, edition) and its
// passages (ID, headings, text, line and page range), hashed with SHA-256; its path is not part of
// it. Passages are prepared and embedded in parallel on all cores; documents are stored in
// the order given. docs should have distinct IDs (corpus.Load makes them so); a later
// document with an ID replaces an earlier one of the same call.
//
// If the call fails part-way, by an embedding error or ctx's cancellation, the documents
// committed before stay stored, the report counts them and the error is returned; a document is
// never stored in part. Errors: ErrNoModel when the library was opened with the zero Model, an
// embedding error (wrapped), a vector of the wrong length, a database error.
func (l *Library) Add(ctx context.Context, docs []*corpus.Document, opts AddOptions) (AddReport, error) {
	var rep AddReport
	if l.model == (Model{}) {
		return rep, ErrNoModel
	}
	if opts.Embed == nil {
		return rep, errors.New("library: add: no embedding function")
	}
	for _, d := range docs {
		rep.PassagesTotal += len(d.Passages)
	}
	unlock, err := l.lockWriter()
	if err != nil {
		return rep, err
	}
	defer unlock()
	if !opts.KeepIDs {
		if err := l.resolveIDs(ctx, docs); err != nil {
			return rep, err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	exists, err := l.ro.PrepareContext(ctx, `SELECT 1 FROM embeddings WHERE model = ? AND hash = ?`)
	if err != nil {
		return rep, fmt.Errorf("library: add: %w", err)
	}
	defer exists.Close()

	// Prepare (hash, look up, embed) in parallel; store in order.
	preps := make([]*prepared, len(docs))
	ready := make([]chan struct{}, len(docs))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				preps[i] = l.prepare(ctx, exists, docs[i], opts)
				close(ready[i])
			}
		})
	}
	go func() {
		defer close(next)
		for i := range docs {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	defer wg.Wait()

	prog := Progress{DocumentsTotal: len(docs)}
	for i := 0; i < len(docs); {
		select {
		case <-ready[i]:
		case <-ctx.Done():
			return rep, ctx.Err()
		}
		// The documents prepared by now, up to maxGroup, are committed together.
		j := i + 1
	group:
		for j < len(docs) && j-i < maxGroup && preps[j-1].err == nil {
			select {
			case <-ready[j]:
				j++
			default:
				break group
			}
		}
		group := preps[i:j]
		var failed error
		if k := slices.IndexFunc(group, func(p *prepared) bool { return p.err != nil }); k >= 0 {
			failed, group = group[k].err, group[:k]
		}
		results, err := l.store(ctx, exists, group, opts)
		if err != nil {
			return rep, err
		}
		for k, p := range group {
			r := results[k]
			switch r.outcome {
			case added:
				rep.Added = append(rep.Added, p.doc.ID)
			case updated:
				rep.Updated = append(rep.Updated, p.doc.ID)
			default:
				rep.Unchanged = append(rep.Unchanged, p.doc.ID)
			}
			rep.PassagesEmbedded += r.embedded
			if opts.Progress != nil {
				prog.Documents++
				prog.Passages += len(p.doc.Passages)
				prog.Embedded += r.embedded
				prog.Bytes += p.bytes
				opts.Progress(prog)
			}
		}
		if failed != nil {
			return rep, failed
		}
		clear(preps[i:j]) // let the vectors go
		i = j
	}
	return rep, nil
}

// maxGroup is the most documents Add commits in one transaction. Each commit rewrites the
// B-tree pages it touched into the write-ahead log, so committing documents one by one writes
// many times the library's size; a group keeps every document whole (all its passages and
// vectors, or nothing of it) and commits at most a fraction of a second of work.
const maxGroup = 64

// stored is what storing one document did.
type stored struct {
	outcome  outcome
	embedded int
}

type outcome int

const (
	unchanged outcome = iota
	added
	updated
)

// prepared is a document ready to store: its hashes and the vectors it needs that the
// library did not hold when it was prepared.
type prepared struct {
	doc     *corpus.Document
	hash    string   // hex SHA-256 of the content
	embeds  [][]byte // SHA-256 of each passage's embedding text, by passage
	vectors map[string][]float32
	bytes   int64
	// unchanged is set when the stored document had the same hash at preparation.
	unchanged bool
	// embedded counts the vectors computed.
	embedded int
	err      error
}

// prepare hashes a document, and embeds the passages whose vectors are not stored, unless
// the document is stored unchanged.
func (l *Library) prepare(ctx context.Context, exists *sql.Stmt, d *corpus.Document, opts AddOptions) *prepared {
	p := &prepared{doc: d, hash: documentHash(d)}
	for i := range d.Passages {
		p.bytes += int64(len(d.Passages[i].Text))
	}
	var stored string
	err := l.ro.QueryRowContext(ctx, `SELECT hash FROM documents WHERE id = ?`, d.ID).Scan(&stored)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		p.err = fmt.Errorf("library: add %s: %w", d.ID, err)
		return p
	}
	if stored == p.hash {
		p.unchanged = true
		return p
	}
	p.embeds = make([][]byte, len(d.Passages))
	p.vectors = map[string][]float32{}
	for i := range d.Passages {
		ps := &d.Passages[i]
		h := embedHash(ps)
		p.embeds[i] = h
		if _, ok := p.vectors[string(h)]; ok {
			continue
		}
		var one int
		err := exists.QueryRowContext(ctx, l.model.Name, h).Scan(&one)
		if err == nil {
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			p.err = fmt.Errorf("library: add %s: %w", d.ID, err)
			return p
		}
		v, err := l.embed(ctx, opts.Embed, ps)
		if err != nil {
			p.err = err
			return p
		}
		p.vectors[string(h)] = v
		p.embedded++
	}
	return p
}

// embed embeds one passage and checks the vector's length.
func (l *Library) embed(ctx context.Context, embed EmbedFunc, p *corpus.Passage) ([]float32, error) {
	v, err := embed(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("library: embed passage %s of %s: %w", p.ID, p.DocumentID, err)
	}
	if len(v) != l.model.Dim {
		return nil, fmt.Errorf("library: embed passage %s of %s: got %d values, the model %s has %d",
			p.ID, p.DocumentID, len(v), l.model.Name, l.model.Dim)
	}
	return v, nil
}

// store writes prepared documents in one transaction and returns, for each, what it did and
// how many passages were embedded for it.
func (l *Library) store(ctx context.Context, exists *sql.Stmt, group []*prepared, opts AddOptions) ([]stored, error) {
	if len(group) == 0 {
		return nil, nil
	}
	results := make([]stored, len(group))
	var current string
	err := l.write(ctx, func(tx *sql.Tx) error {
		insPassage, err := tx.PrepareContext(ctx, `INSERT INTO passages (document_id, idx, id, headings, text,
			first_line, last_line, first_page, last_page, embed_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insPassage.Close()
		insVector, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO embeddings (model, hash, vector) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insVector.Close()
		changed := false
		for k, p := range group {
			current = p.doc.ID
			if results[k], err = l.storeOne(ctx, tx, exists, insPassage, insVector, p, opts); err != nil {
				return err
			}
			changed = changed || results[k].outcome != unchanged
		}
		if changed {
			_, err = newContentVersion(ctx, tx)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("library: add %s: %w", current, err)
	}
	return results, nil
}

// storeOne writes one prepared document in transaction tx.
func (l *Library) storeOne(ctx context.Context, tx *sql.Tx, exists, insPassage, insVector *sql.Stmt, p *prepared, opts AddOptions) (stored, error) {
	d := p.doc
	var res stored
	var hash string
	err := tx.QueryRowContext(ctx, `SELECT hash FROM documents WHERE id = ?`, d.ID).Scan(&hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res.outcome = added
	case err != nil:
		return res, err
	case hash == p.hash:
		return res, nil // unchanged
	default:
		res.outcome = updated
	}
	if p.unchanged {
		// Changed by another process since it was prepared: prepare again.
		r := l.prepare(ctx, exists, d, opts)
		if r.err != nil {
			return res, r.err
		}
		*p = *r
	}
	res.embedded = p.embedded
	now := time.Now().UnixMilli()
	var old [][]byte
	if res.outcome == updated {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT embed_hash FROM passages WHERE document_id = ?`, d.ID)
		if err != nil {
			return res, err
		}
		for rows.Next() {
			var h []byte
			if err := rows.Scan(&h); err != nil {
				rows.Close()
				return res, err
			}
			old = append(old, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return res, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM passages WHERE document_id = ?`, d.ID); err != nil {
			return res, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE documents SET title = ?, author = ?, source = ?, licence = ?,
			edition = ?, path = ?, format = ?, hash = ?, bytes = ?, updated = ? WHERE id = ?`,
			d.Title, d.Author, d.Source, d.Licence, d.Edition, d.Path, format(d.Path), p.hash, p.bytes, now, d.ID)
		if err != nil {
			return res, err
		}
	} else {
		_, err := tx.ExecContext(ctx, `INSERT INTO documents (id, title, author, source, licence, edition,
			path, format, hash, bytes, added, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.ID, d.Title, d.Author, d.Source, d.Licence, d.Edition, d.Path, format(d.Path), p.hash, p.bytes, now, now)
		if err != nil {
			return res, err
		}
	}
	seen := map[string]bool{}
	for i := range d.Passages {
		ps := &d.Passages[i]
		h := p.embeds[i]
		_, err := insPassage.ExecContext(ctx, d.ID, i, ps.ID, strings.Join(ps.Headings, "\n"), ps.Text,
			ps.FirstLine, ps.LastLine, ps.FirstPage, ps.LastPage, h)
		if err != nil {
			return res, err
		}
		if seen[string(h)] {
			continue
		}
		seen[string(h)] = true
		v, ok := p.vectors[string(h)]
		if !ok {
			// Stored when prepared; check, as another process may have removed it since.
			var one int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM embeddings WHERE model = ? AND hash = ?`, l.model.Name, h).Scan(&one)
			if err == nil {
				continue
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return res, err
			}
			if v, err = l.embed(ctx, opts.Embed, ps); err != nil {
				return res, err
			}
			res.embedded++
		}
		if _, err := insVector.ExecContext(ctx, l.model.Name, h, encodeVector(v)); err != nil {
			return res, err
		}
	}
	return res, deleteUnused(ctx, tx, old)
}

// deleteUnused deletes the vectors of hashes that no passage uses any more.
func deleteUnused(ctx context.Context, tx *sql.Tx, hashes [][]byte) error {
	for _, h := range hashes {
		_, err := tx.ExecContext(ctx, `DELETE FROM embeddings WHERE hash = ?1
			AND NOT EXISTS (SELECT 1 FROM passages WHERE embed_hash = ?1)`, h)
		if err != nil {
			return err
		}
	}
	return nil
}

// documentHash is the hex SHA-256 of a document's content: a version tag, the metadata and
// every passage, each field prefixed by its length so that no two contents share an encoding.
func documentHash(d *corpus.Document) string {
	h := sha256.New()
	field := func(s string) {
		writeLen(h, len(s))
		h.Write([]byte(s))
	}
	field("doctrinebot library document v1")
	for _, s := range []string{d.ID, d.Title, d.Author, d.Source, d.Licence, d.Edition} {
		field(s)
	}
	writeLen(h, len(d.Passages))
	for i := range d.Passages {
		p := &d.Passages[i]
		field(p.ID)
		writeLen(h, len(p.Headings))
		for _, s := range p.Headings {
			field(s)
		}
		field(p.Text)
		writeLen(h, p.FirstLine)
		writeLen(h, p.LastLine)
		writeLen(h, p.FirstPage)
		writeLen(h, p.LastPage)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func writeLen(h hash.Hash, n int) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	h.Write(b[:])
}

// embedHash is the SHA-256 of a passage's embedding text: the key of its vector.
func embedHash(p *corpus.Passage) []byte {
	s := sha256.Sum256([]byte(bot.EmbeddingText(p)))
	return s[:]
}

// format names a document's format by its file extension: "markdown", "text", or the
// extension without its dot ("html", "pdf"); "text" when there is no path.
func format(path string) string {
	switch ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), ".")); ext {
	case "md", "markdown":
		return "markdown"
	case "txt", "":
		return "text"
	default:
		return ext
	}
}

// encodeVector encodes v as little-endian float32 values.
func encodeVector(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return b
}

// decodeVector decodes little-endian float32 values into dst, which has len(b)/4 elements.
func decodeVector(dst []float32, b []byte) {
	for i := range dst {
		dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
}

// resolveIDs gives each document read from a file the ID under which that file is stored, if it
// is; else, when its ID is taken by another file's document (stored, or earlier in docs), the
// first free suffix of it.
func (l *Library) resolveIDs(ctx context.Context, docs []*corpus.Document) error {
	// Each lookup is one indexed query, so that adding a batch costs the same in a large
	// library as in a small one.
	err := l.read(ctx, func(tx *sql.Tx) error {
		byPath, err := tx.PrepareContext(ctx, `SELECT id FROM documents WHERE path = ? ORDER BY rowid DESC LIMIT 1`)
		if err != nil {
			return err
		}
		defer byPath.Close()
		byID, err := tx.PrepareContext(ctx, `SELECT path FROM documents WHERE id = ?`)
		if err != nil {
			return err
		}
		defer byID.Close()
		// taken returns the path of the stored document with ID id, if there is one.
		taken := func(id string) (string, bool, error) {
			var path string
			err := byID.QueryRowContext(ctx, id).Scan(&path)
			if errors.Is(err, sql.ErrNoRows) {
				return "", false, nil
			}
			return path, err == nil, err
		}
		used := map[string]bool{}
		for _, d := range docs {
			var stored string
			if d.Path != "" {
				if err := byPath.QueryRowContext(ctx, d.Path).Scan(&stored); err != nil && !errors.Is(err, sql.ErrNoRows) {
					return err
				}
			}
			path, ok, err := taken(d.ID)
			if err != nil {
				return err
			}
			if stored != "" {
				if stored != d.ID {
					d.SetID(stored)
				}
			} else if (ok && path != d.Path) || used[d.ID] {
				base := d.ID
				id := base
				for n := 2; ; n++ {
					id = fmt.Sprintf("%s-%d", base, n)
					_, ok, err := taken(id)
					if err != nil {
						return err
					}
					if !ok && !used[id] {
						break
					}
				}
				d.SetID(id)
			}
			used[d.ID] = true
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("library: add: %w", err)
	}
	return nil
}

// lockWriter takes the library's writer lock, held by one Add, Remove or Reindex at a time
// across processes (an advisory lock on library.lock in the folder), waiting for the holder
// to finish. It returns the function that releases it.
func (l *Library) lockWriter() (func(), error) {
	f, err := os.OpenFile(filepath.Join(l.dir, "library.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("library: lock %s: %w", l.dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("library: lock %s: %w", l.dir, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

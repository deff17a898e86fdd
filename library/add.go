package library

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"iter"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/gofrs/flock"
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
	// replace each other because their names agree. And, otherwise, a document from a file not
	// stored whose text is that of a stored document, or of an earlier document of the call
	// (the same file reached by another path, or a copy of it), is not stored again: it is
	// reported in AddReport.Duplicates (and as unchanged).
	KeepIDs bool
	// Given names the metadata fields that the caller set on every document ("id", "title",
	// "author", "source", "licence", "edition"), such as command-line flags, as opposed to
	// those read from the file. The library records them with each document: a document read
	// again from the same path (and stored under the same ID) keeps the stored values of the
	// fields given before and not given now, so that adding a file again without the flags
	// first given neither loses its metadata nor counts as a change; so does, with KeepIDs, a
	// document from another path that replaces the stored document of its ID (an edited copy
	// of its file, or a new edition: given a new edition, the caller gives "edition" with it,
	// and any other field that changes with it, such as its source). And a document from a
	// file stored without KeepIDs takes the ID of the document stored from that path whose ID
	// was not given ("id" not in Given), rather than of a copy stored with one. The passages
	// are not read again: a caller reading files reads a file with the fields GivenMeta
	// returns for it, since a title or author given may change its passages.
	Given []string
	// Progress, if set, is called after each document is staged (written, for the library to
	// take at the end of the call) or found unchanged, from one goroutine at a time.
	Progress func(Progress)
}

// Progress is how far an Add has gone, counted from the start of the call.
type Progress struct {
	// Documents is the number of documents staged or found unchanged, of DocumentsTotal given.
	Documents, DocumentsTotal int
	// Passages is the number of passages of those documents; Embedded, how many distinct
	// embedding texts were embedded for them (the other passages had stored vectors, or share
	// a text embedded once).
	Passages, Embedded int
	// Bytes is the size of the passages' text, in bytes.
	Bytes int64
}

// AddReport says what an Add did.
type AddReport struct {
	// Added, Updated and Unchanged are the IDs of the documents that were new, that replaced a
	// stored document of the same ID with other content (a new edition), and that were
	// already stored as they are, in the order given; all empty when the Add failed, since
	// it then changed no document.
	Added, Updated, Unchanged []string
	// Duplicates are the documents that were not stored because their text is that of another
	// document (see AddOptions.KeepIDs), in the order given; each is also in Unchanged, under
	// the ID of the document whose text it is. Empty when the Add failed.
	Duplicates []Duplicate
	// Similar are the documents added (in Added) under an ID that was not stored, without
	// KeepIDs, that share half or more of their passages with one document stored before the
	// call, which shares half or more of its own with them (see Similar), in the order given.
	// Empty when the Add failed.
	Similar []Similar
	// PassagesEmbedded is the number of vectors made, one per distinct embedding text (passages
	// with the same text share one), that the library keeps: when the Add failed, those
	// committed before the failure, which the next Add does not embed again. PassagesTotal is
	// the number of passages of the documents reported in Added, Updated and Unchanged, each ID
	// once, as the library holds them: a duplicate counts for the document whose text it is,
	// unless that document is counted (given in the call, or another duplicate of it); a
	// later document of the call with the ID of an earlier one (KeepIDs) counts instead of
	// it. When the Add failed, it counts the documents stored or found unchanged before the
	// failure.
	PassagesEmbedded, PassagesTotal int
}

// Duplicate is a document that an Add did not store because its text is another's: the same
// passages (headings, text, lines and pages), whatever its ID and metadata.
type Duplicate struct {
	// Path is the document's path (corpus.Document.Path).
	Path string
	// Of is the ID of the document whose text it is, stored or added by the same call, and
	// OfPath that document's path.
	Of, OfPath string
}

// Similar is a document that an Add stored as new (under an ID not stored) although it and a
// document stored before, of another ID, share half or more of their passages, each of its
// own: most likely an edited copy of that document's file, which the caller may have meant to
// update (adding it with KeepIDs and that document's ID). Passages are compared by their
// embedding text (see bot.EmbeddingText: the title, the headings and the text), found through
// the index of the passages' embedding hashes, so a copy given another title shares none.
//
// The test goes both ways, 2 × Shared ≥ Texts and 2 × Shared ≥ OfTexts, because an edited
// copy is about the size of what it copies, and an excerpt or a part of a document is not
// one: Federalist No. 10 alone (26 passages) is all in the whole Federalist (1,438), and
// each file of the US Code's title 42 in chunks is in the title in one file, but neither is
// an edition of it, to replace it with. Jaccard's index (Shared over the texts of either)
// is symmetric too, but its ≥ ½ is 3 × Shared ≥ Texts + OfTexts, stricter than both halves:
// it would miss a copy of 4 passages 2 of which were rewritten, which both halves take, as
// the one-way test took it before.
type Similar struct {
	// ID and Path are the added document's (corpus.Document.Path).
	ID, Path string
	// Of and OfPath are the ID and path of the stored document that shares the most of its
	// passages (the first stored, of those that share as many), of those that pass the test.
	Of, OfPath string
	// Shared is how many distinct embedding texts (passages, but for passages repeated in a
	// document) the two documents share; Texts is how many the added document has, and
	// OfTexts how many the stored one has.
	Shared, Texts, OfTexts int
}

// Add stores docs in the library, all of them or none: a process reading the library sees it
// as before the call until the call's last transaction commits, and as after it from then on,
// and a call that fails or is killed at any moment leaves the library as before it (but for the
// vectors, below):
//   - a document whose ID is not stored is added;
//   - a document whose ID is stored with the same content (see below) is left as it is, and
//     nothing of it is embedded;
//   - a document whose ID is stored with other content, or with the same but with passage
//     rows missing (deleted by hand: damage that this repairs), replaces it (a new edition): its
//     passages replace the old ones, the vectors no passage uses any more are deleted, and only
//     the passages whose embedding text has no stored vector are embedded;
//   - unless opts.KeepIDs, a document from a file not stored whose text is a stored
//     document's, or an earlier document's of the call, is not stored (see AddOptions.KeepIDs).
//
// A document's content is its metadata (ID, title, author, source, licence, edition) and its
// passages (ID, headings, text, line and page range), hashed with SHA-256; its path is not part of
// it. A document's passages take IDs derived from the ID it is stored under, as
// corpus.Document.SetID derives them, whoever gave it that ID (the library, or a caller that
// set the ID alone, as corpus.Load does when it gives a suffix: see derivedIDs), so that a file
// stored as "a-2" has the same passage IDs when it comes as "a" and takes its stored ID back;
// but a document whose stored document of that ID holds more of the passage IDs it came with
// keeps those (one stored by an earlier doctrinebot: see keepGivenIDs), and so do the quiz
// items tied to them. Passages are prepared and embedded in parallel on all cores, each
// embedding text once per call (but for texts shared by documents prepared at the same
// moment); documents are stored in the order given. docs should have distinct IDs
// (corpus.Load makes them so); a later document with an ID replaces an earlier one of the
// same call.
//
// The documents are written in groups of about groupPassages passages, each group one
// transaction, as staged rows that no reader sees; one last transaction (the flip) makes them
// the library's, deletes the editions they replace and the vectors no passage uses any more, and
// records a new ContentVersion. The vectors are a cache keyed by model and embedding text, and
// are committed with each group: if the call fails part-way (an embedding error, ctx's
// cancellation, a database error), it deletes what it staged and returns the error, and the
// vectors it committed stay, so that the next Add embeds none of them again; so do those of a
// call killed part-way, whose staged rows the next writer (Add, Remove, Reindex) deletes when it
// takes the writer lock. Such vectors, when no passage uses them, are deleted by the next Add
// that completes, after it has reused those it needs (see sweepVectors); readers never see
// them. Errors: ErrNoModel when the library was opened with the zero Model, an embedding error
// (wrapped), a vector of the wrong length, ctx's error, a database error; the report's
// Added, Updated and Unchanged are then empty.
func (l *Library) Add(ctx context.Context, docs []*corpus.Document, opts AddOptions) (AddReport, error) {
	return l.add(ctx, slices.Values(docs), len(docs), opts)
}

// AddSeq is Add for documents that come one after another, such as files read while the
// documents before them are stored: it takes documents from docs as it goes, at most a few
// groups ahead of the ones it stores, so that reading, preparing and storing overlap and
// memory stays bounded however many documents there are. It stops taking documents when it
// fails or ctx is done. Like Add, it stores all the documents or none: the library takes
// them when docs ends, in one transaction, and not at all if the call fails or is killed first
// (a sequence that ends early is taken as it is: ending docs is the caller's way to say that
// it is complete). Progress.DocumentsTotal is 0. Like Add, it holds the library's writer lock until it returns:
// other writers (Add, Remove, Reindex, in this process or another) wait for the whole
// sequence.
func (l *Library) AddSeq(ctx context.Context, docs iter.Seq[*corpus.Document], opts AddOptions) (AddReport, error) {
	return l.add(ctx, docs, 0, opts)
}

// add is Add and AddSeq; total is the number of documents when known, else 0.
//
// One goroutine (the feeder) takes the documents into chunks and gives them their IDs; the
// workers, one per core, prepare each chunk (hash, look up, embed); the calling goroutine (the
// writer) stages them in order, in groups, and flips them in at the end. The writer lock is
// held throughout, so the library changes only by this call, and the call deletes nothing
// before the flip: what a chunk's look-ups find stays true.
func (l *Library) add(parent context.Context, docs iter.Seq[*corpus.Document], total int, opts AddOptions) (AddReport, error) {
	var rep AddReport
	if l.model == (Model{}) {
		return rep, ErrNoModel
	}
	if opts.Embed == nil {
		return rep, errors.New("library: add: no embedding function")
	}
	unlock, err := l.lockWriter(parent)
	if err != nil {
		return rep, err
	}
	defer unlock()
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	// A library that holds no documents (or no vectors of the model) when the call begins
	// holds only the call's own until it ends: the look-ups of them are skipped. The staged
	// documents take the keys after the largest stored.
	var empty emptiness
	var lastKey int64
	err = l.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM documents WHERE staged = 0),
			NOT EXISTS (SELECT 1 FROM embeddings WHERE model = ?), coalesce((SELECT max(key) FROM documents), 0)`,
			l.model.Name).Scan(&empty.documents, &empty.vectors, &lastKey)
	})
	if err != nil {
		return rep, fmt.Errorf("library: add: %w", err)
	}

	queue := make(chan *chunk, aheadChunks) // to the writer, in order
	work := make(chan *chunk, aheadChunks)  // to the workers
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(queue)
		defer close(work)
		used := map[string]bool{}   // the IDs given so far
		texts := map[textKey]text{} // the texts of the documents given so far, not duplicates
		c := &chunk{ready: make(chan struct{}), claimed: make(chan struct{})}
		// send passes c on, and reports whether to go on.
		send := func() bool {
			if len(c.preps) == 0 {
				return true
			}
			chans := []chan *chunk{work, queue}
			ok := true
			var err error
			if !opts.KeepIDs {
				err = l.resolveIDs(ctx, c.preps, used, texts, empty.documents)
			}
			if err == nil {
				err = l.keepGiven(ctx, c.preps, opts.Given, opts.KeepIDs, empty.documents)
			}
			if err != nil {
				for _, p := range c.preps {
					p.err = err
				}
				close(c.ready)
				chans, ok = chans[1:], false
			}
			for _, ch := range chans {
				select {
				case ch <- c:
				case <-ctx.Done():
					return false
				}
			}
			c = &chunk{ready: make(chan struct{}), claimed: make(chan struct{}), prev: c.claimed}
			return ok
		}
		for d := range docs {
			if ctx.Err() != nil {
				return
			}
			p := &prepared{doc: d}
			if !derivedIDs(d) {
				p.setID(d.ID)
			}
			c.preps = append(c.preps, p)
			c.passages += len(d.Passages)
			if (c.passages >= chunkPassages || len(c.preps) >= chunkDocuments) && !send() {
				return
			}
		}
		send()
	})
	claims := claims{}
	counts := &textCounts{}
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for c := range work {
				l.prepare(ctx, c.preps, empty, claims, counts, c.prev, c.claimed, opts)
				close(c.ready)
			}
		})
	}
	w := &writer{l: l, opts: opts, written: map[string]string{}, passagesOf: map[string]int{}, key: lastKey}
	err = w.run(ctx, queue, total, &rep)
	cancel()
	wg.Wait()
	if err == nil {
		err = w.flip(parent)
	}
	if err != nil {
		// Nothing is taken; what was staged goes now rather than at the next writer's lock.
		if e := l.clearStaged(context.WithoutCancel(parent)); e != nil {
			err = errors.Join(err, e)
		}
		rep.Added, rep.Updated, rep.Unchanged, rep.Duplicates, rep.Similar = nil, nil, nil, nil, nil
	}
	return rep, err
}

// run stages the chunks of queue as they are prepared, in groups, and reports what it did in
// rep.
func (w *writer) run(ctx context.Context, queue <-chan *chunk, total int, rep *AddReport) error {
	prog := Progress{DocumentsTotal: total}
	var pending *chunk // taken from the queue, not in a group yet
	for {
		c := pending
		pending = nil
		if c == nil {
			var ok bool
			select {
			case c, ok = <-queue:
				if !ok {
					return nil
				}
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		select {
		case <-c.ready:
		case <-ctx.Done():
			return ctx.Err()
		}
		// The next chunks join the group while it is below groupPassages, until one is not
		// prepared within groupWait.
		group := slices.Clone(c.preps)
		passages := c.passages
		timer := time.NewTimer(groupWait)
	collect:
		for passages < groupPassages && group[len(group)-1].err == nil {
			select {
			case next, ok := <-queue:
				if !ok {
					break collect
				}
				select {
				case <-next.ready:
					group = append(group, next.preps...)
					passages += next.passages
				case <-timer.C:
					pending = next
					break collect
				case <-ctx.Done():
					timer.Stop()
					return ctx.Err()
				}
			case <-timer.C:
				break collect
			case <-ctx.Done():
				timer.Stop()
				return ctx.Err()
			}
		}
		timer.Stop()
		var failed error
		if k := slices.IndexFunc(group, func(p *prepared) bool { return p.err != nil }); k >= 0 {
			failed, group = group[k].err, group[:k]
		}
		results, err := w.store(ctx, group)
		if err != nil {
			return err
		}
		for k, p := range group {
			r := results[k]
			switch r.outcome {
			case added:
				rep.Added = append(rep.Added, p.doc.ID)
				if p.similar != nil {
					rep.Similar = append(rep.Similar, *p.similar)
				}
			case updated:
				rep.Updated = append(rep.Updated, p.doc.ID)
			default:
				if p.dup != nil {
					rep.Duplicates = append(rep.Duplicates, Duplicate{Path: p.doc.Path, Of: p.dup.id, OfPath: p.dup.path})
					rep.Unchanged = append(rep.Unchanged, p.dup.id)
					break
				}
				rep.Unchanged = append(rep.Unchanged, p.doc.ID)
			}
			rep.PassagesEmbedded += r.embedded
			id, n := p.doc.ID, len(p.doc.Passages)
			if p.dup != nil {
				id = p.dup.id
			}
			if counted, ok := w.passagesOf[id]; !ok || p.dup == nil {
				rep.PassagesTotal += n - counted
				w.passagesOf[id] = n
			}
			if w.opts.Progress != nil {
				prog.Documents++
				prog.Passages += len(p.doc.Passages)
				prog.Embedded += r.embedded
				prog.Bytes += p.bytes
				w.opts.Progress(prog)
			}
		}
		if failed != nil {
			return failed
		}
	}
}

// groupPassages is about the most passages Add stages in one transaction (a group ends with
// the chunk that reaches it). Each commit writes every B-tree page it changed to the
// write-ahead log, and the vectors and the embedding-hash index are keyed by random hashes, so
// that a commit of a few passages writes pages of them all over: larger transactions write
// each page fewer times. A group of this size is under a second of work, holds its vectors in
// about 3 MB (at 100 dimensions), and is what a killed Add loses of its embedding work at most
// (the vectors of the groups before are committed).
const groupPassages = 8192

// groupWait is how long the writer waits for the next chunk to be prepared before it commits
// the group it has, so that slow embedding (a remote model) still commits often.
const groupWait = time.Second

// chunkPassages and chunkDocuments bound the documents prepared together, with their
// look-ups in one read transaction: a chunk ends with the document that reaches
// chunkPassages passages or chunkDocuments documents. aheadChunks is how many chunks the
// feeder takes ahead of the writer: a group of small documents, prepared while the group
// before is stored.
const (
	chunkPassages  = 128
	chunkDocuments = 64
	aheadChunks    = groupPassages/chunkPassages + 8
)

// emptiness says whether the library held no documents, and no vectors of the model, when an
// Add call began.
type emptiness struct {
	documents, vectors bool
}

// chunk is a run of documents prepared together; ready is closed when they are, claimed
// when they have claimed their texts (see claims), after the chunk before (prev).
type chunk struct {
	preps          []*prepared
	passages       int
	ready, claimed chan struct{}
	prev           <-chan struct{}
}

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

// prepared is a document ready to store: its hashes, what the library held of it when it was
// prepared, and the vectors it needs that the library did not hold.
type prepared struct {
	doc *corpus.Document
	// dup, when set, is the document whose text this one's is: it is not stored, but taken as
	// unchanged (see AddOptions.KeepIDs).
	dup  *text
	hash string // hex SHA-256 of the content
	// given names the metadata fields given (see AddOptions.Given), sorted, joined by ",".
	given string
	// givenIDs are the passage IDs the caller gave, when the library gave the passages others
	// (see setID); nil otherwise.
	givenIDs []string
	// storedHash is the hash of the stored document of the same ID when prepared; "" if none;
	// the hash followed by " (incomplete)" when passage rows of it are missing (see prepare).
	storedHash string
	// embeds are the SHA-256 of each passage's embedding text, by passage; nil when the
	// document was stored unchanged.
	embeds [][]byte
	// found holds the embedding hashes whose vectors were stored when prepared.
	found map[string]bool
	// vectors holds the vectors computed for it, by embedding hash. A hash of embeds that is
	// neither here nor in found was claimed by an earlier document of the call.
	vectors map[string][]float32
	bytes   int64
	// embedded counts the vectors computed.
	embedded int
	// similar, when set, is the stored document that this one, whose ID is not stored, may be
	// an edited copy of (see Similar).
	similar *Similar
	err     error
}

// setID gives p's document the ID id and its passages IDs derived from it
// (corpus.Document.SetID), keeping in p.givenIDs the passage IDs the caller gave, when they
// were others (see keepGivenIDs).
func (p *prepared) setID(id string) {
	d := p.doc
	if p.givenIDs == nil {
		p.givenIDs = make([]string, len(d.Passages))
		for i := range d.Passages {
			p.givenIDs[i] = d.Passages[i].ID
		}
	}
	d.SetID(id)
	for i := range d.Passages {
		if d.Passages[i].ID != p.givenIDs[i] {
			return
		}
	}
	p.givenIDs = nil // the same: the passages have those the caller gave
}

// derivedIDs reports whether d's passage IDs are derived from its ID, as
// corpus.Document.SetID derives them, by its first passage's ID, which SetID derives from the
// document's ID, the passage's headings and its text alone. A caller that sets a document's ID
// without SetID leaves them derived from the ID before: corpus.Load and corpus add give the
// second of two files of one name in a folder ("a.md", "a.txt") the ID "a-2" so, its passage IDs
// derived from "a".
func derivedIDs(d *corpus.Document) bool {
	if len(d.Passages) == 0 {
		return true
	}
	first := &d.Passages[0]
	probe := corpus.Document{Passages: []corpus.Passage{{Headings: first.Headings, Text: first.Text}}}
	probe.SetID(d.ID)
	return probe.Passages[0].ID == first.ID
}

// keepGivenIDs gives back their passage IDs as the caller gave them (givenIDs) to the
// documents of ps whose passages the library gave others (see prepared.setID) and whose stored
// document of the same ID, of other content, holds more of those than of the others, and hashes
// them again (scratch as for documentHash), in tx: a document stored by an earlier doctrinebot,
// which stored a document renamed in its folder ("a-2", see derivedIDs) with the passage IDs it
// came with, is then unchanged, or updated keeping the IDs of its passages that did not change,
// and so keeps the quiz items tied to them. The passage IDs of the stored document are read
// only for such documents, which are few: those renamed by their caller or by the library.
func keepGivenIDs(ctx context.Context, tx *sql.Tx, ps []*prepared, scratch *[]byte) error {
	var stmt *sql.Stmt
	for _, p := range ps {
		if p.givenIDs == nil || p.dup != nil || p.storedHash == "" || p.storedHash == p.hash {
			continue
		}
		if stmt == nil {
			var err error
			stmt, err = tx.PrepareContext(ctx, `SELECT p.id FROM passages p JOIN documents d ON d.key = p.document
				WHERE d.id = ? AND d.staged = 0`)
			if err != nil {
				return err
			}
			defer stmt.Close()
		}
		stored := map[string]bool{}
		rows, err := stmt.QueryContext(ctx, p.doc.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			stored[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		given, derived := 0, 0
		for i := range p.doc.Passages {
			if stored[p.givenIDs[i]] {
				given++
			}
			if stored[p.doc.Passages[i].ID] {
				derived++
			}
		}
		if given > derived {
			for i := range p.doc.Passages {
				p.doc.Passages[i].ID = p.givenIDs[i]
			}
			p.hash = documentHash(p.doc, scratch)
		}
	}
	return nil
}

// claims records the embedding texts that a document of an Add call embeds, so that a text
// shared by documents is embedded once, by the first of them. Chunks claim their texts one after
// another, in order (see prepare). Texts are told apart by the first 64 bits of their hash;
// should two share them, the writer finds the second one's vector missing and embeds it then.
type claims map[uint64]struct{}

// take reports whether the text of hash h is claimed for the first time, and claims it.
func (c claims) take(h []byte) bool {
	key := binary.LittleEndian.Uint64(h)
	if _, ok := c[key]; ok {
		return false
	}
	c[key] = struct{}{}
	return true
}

// prepare hashes a chunk of documents, looks up in one read transaction their stored hashes
// and the stored vectors of their passages (unless the library held none when the call began),
// and embeds the passages whose vectors are neither stored nor claimed by an earlier document.
// Without KeepIDs, it looks for the stored document that each document whose ID is not stored
// may be an edited copy of (see findSimilar, which counts texts in counts). It claims texts once prev (the chunk before's claimed, nil for the first chunk) is closed,
// and then closes claimed. On an error, the document it concerns and those after it in the
// chunk carry it.
func (l *Library) prepare(ctx context.Context, ps []*prepared, empty emptiness, claims claims, counts *textCounts, prev <-chan struct{}, claimed chan<- struct{}, opts AddOptions) {
	fail := func(k int, err error) {
		for _, p := range ps[k:] {
			p.err = err
		}
	}
	var scratch []byte
	ids := make([]any, len(ps))
	for k, p := range ps {
		p.hash = documentHash(p.doc, &scratch)
		for i := range p.doc.Passages {
			p.bytes += int64(len(p.doc.Passages[i].Text))
		}
		ids[k] = p.doc.ID
	}
	// The stored hashes by ID, then the stored vectors of the documents that changed.
	var hashes []any
	found := map[string]bool{}
	lookUp := func(tx *sql.Tx) error {
		stored := make(map[string]string, len(ps))
		if !empty.documents {
			// A stored copy that lost passage rows (deleted by hand) is no longer the
			// document its hash says: it is stored again (updated), which repairs it.
			err := queryIn(ctx, tx, `SELECT id, hash, passages = (SELECT count(*) FROM passages p WHERE p.document = d.key)
				FROM documents d WHERE staged = 0 AND id IN `, nil, ids, func(rows *sql.Rows) error {
				var id, hash string
				var whole bool
				if err := rows.Scan(&id, &hash, &whole); err != nil {
					return err
				}
				if !whole {
					hash += " (incomplete)"
				}
				stored[id] = hash
				return nil
			})
			if err != nil {
				return err
			}
		}
		for _, p := range ps {
			p.storedHash = stored[p.doc.ID]
			if p.dup != nil {
				p.storedHash = p.hash // not stored: as unchanged
			}
		}
		if !empty.documents {
			if err := keepGivenIDs(ctx, tx, ps, &scratch); err != nil {
				return err
			}
		}
		for _, p := range ps {
			if p.storedHash == p.hash {
				continue
			}
			p.embeds = make([][]byte, len(p.doc.Passages))
			for i := range p.doc.Passages {
				h := embedHash(&p.doc.Passages[i], &scratch)
				p.embeds[i] = h
				if _, ok := found[string(h)]; !ok {
					found[string(h)] = false
					hashes = append(hashes, h)
				}
			}
		}
		if empty.vectors {
			return nil
		}
		err := queryIn(ctx, tx, `SELECT hash FROM embeddings WHERE model = ? AND hash IN `, []any{l.model.Name}, hashes,
			func(rows *sql.Rows) error {
				var h []byte
				if err := rows.Scan(&h); err != nil {
					return err
				}
				found[string(h)] = true
				return nil
			})
		if err != nil || empty.documents || opts.KeepIDs {
			return err
		}
		for _, p := range ps {
			if p.storedHash == "" {
				if err := findSimilar(ctx, tx, p, found, counts); err != nil {
					return err
				}
			}
		}
		return nil
	}
	var err error
	if empty.documents && empty.vectors {
		err = lookUp(nil)
	} else {
		err = l.read(ctx, lookUp)
	}
	// The passages to embed: those not stored whose texts no earlier document claimed, claimed
	// after the chunk before has claimed its own, so that the first document of a text in the
	// call embeds it.
	var todo []int // indexes of passages, by document
	if prev != nil {
		<-prev
	}
	if err == nil {
		for _, p := range ps {
			if p.storedHash == p.hash {
				continue
			}
			p.vectors = map[string][]float32{}
			p.found = map[string]bool{}
			for i, h := range p.embeds {
				if found[string(h)] {
					p.found[string(h)] = true
				} else if claims.take(h) {
					todo = append(todo, i)
				}
			}
			todo = append(todo, -1)
		}
	}
	close(claimed)
	if err != nil {
		fail(0, fmt.Errorf("library: add %s: %w", ps[0].doc.ID, err))
		return
	}
	for k, p := range ps {
		if p.storedHash == p.hash {
			continue
		}
		for ; todo[0] >= 0; todo = todo[1:] {
			i := todo[0]
			v, err := l.embed(ctx, opts.Embed, &p.doc.Passages[i])
			if err != nil {
				fail(k, err)
				return
			}
			p.vectors[string(p.embeds[i])] = v
			p.embedded++
		}
		todo = todo[1:]
	}
}

// findSimilar sets p.similar to the stored document that shares the most of the embedding
// texts of p, a document whose ID is not stored, of those that share half or more of p's
// distinct texts and half or more of their own (see Similar). found holds the hashes of the
// texts whose vectors are stored: a text with none is no stored passage's, and when under half
// have one, no document is looked up. counts holds the stored documents' numbers of distinct
// texts, counted once a call.
func findSimilar(ctx context.Context, tx *sql.Tx, p *prepared, found map[string]bool, counts *textCounts) error {
	var hashes []any
	seen := map[string]bool{}
	stored := 0
	for _, h := range p.embeds {
		if !seen[string(h)] {
			seen[string(h)] = true
			if found[string(h)] {
				stored++
				hashes = append(hashes, h)
			}
		}
	}
	if stored == 0 || 2*stored < len(seen) {
		return nil
	}
	type holder struct {
		key      int64
		id, path string
		shared   int
	}
	holders := map[int64]*holder{} // by document key
	err := queryIn(ctx, tx, `SELECT d.key, d.id, d.path, count(DISTINCT p.embed_hash) FROM passages p
		JOIN documents d ON d.key = p.document AND d.staged = 0 WHERE p.embed_hash IN `, nil, hashes,
		func(rows *sql.Rows) error {
			var h holder
			if err := rows.Scan(&h.key, &h.id, &h.path, &h.shared); err != nil {
				return err
			}
			if o, ok := holders[h.key]; ok {
				o.shared += h.shared // another part of the IN list: other hashes
			} else {
				holders[h.key] = &h
			}
			return nil
		}, "GROUP BY d.key")
	if err != nil {
		return err
	}
	// The holders that hold half of p's texts, most shared first, then the first stored.
	var candidates []*holder
	for _, h := range holders {
		if 2*h.shared >= len(seen) {
			candidates = append(candidates, h)
		}
	}
	slices.SortFunc(candidates, func(a, b *holder) int {
		if a.shared != b.shared {
			return b.shared - a.shared
		}
		return cmp.Compare(a.key, b.key)
	})
	for _, h := range candidates {
		n, err := counts.get(ctx, tx, h.key)
		if err != nil {
			return err
		}
		if 2*h.shared >= n {
			p.similar = &Similar{ID: p.doc.ID, Path: p.doc.Path, Of: h.id, OfPath: h.path, Shared: h.shared, Texts: len(seen), OfTexts: n}
			return nil
		}
	}
	return nil
}

// textCounts holds the number of distinct embedding texts of stored documents, by key, as an
// Add call counts them (see findSimilar): the stored documents do not change before the
// call's flip, and the parts of one large document share it (the 23,982 files of the US
// Code's title 42 in chunks, each in the title's 59,938 passages, count them once). It is
// safe for concurrent use.
type textCounts struct {
	mu sync.Mutex
	n  map[int64]int
}

// get returns the number of distinct embedding texts of the stored document of key key,
// counted in tx unless counted before.
func (c *textCounts) get(ctx context.Context, tx *sql.Tx, key int64) (int, error) {
	c.mu.Lock()
	n, ok := c.n[key]
	c.mu.Unlock()
	if ok {
		return n, nil
	}
	err := tx.QueryRowContext(ctx, `SELECT count(DISTINCT embed_hash) FROM passages WHERE document = ?`, key).Scan(&n)
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	if c.n == nil {
		c.n = map[int64]int{}
	}
	c.n[key] = n
	c.mu.Unlock()
	return n, nil
}

// maxIn is the most values queryIn puts in one IN list.
const maxIn = 500

// queryIn runs query, which ends in "IN ", with args followed by an IN list of keys and then
// tail, if given (such as "GROUP BY …"), in statements of up to maxIn keys, and calls scan for
// each row.
func queryIn(ctx context.Context, tx *sql.Tx, query string, args, keys []any, scan func(*sql.Rows) error, tail ...string) error {
	for len(keys) > 0 {
		n := min(len(keys), maxIn)
		q := query + "(?" + strings.Repeat(", ?", n-1) + ") " + strings.Join(tail, " ")
		rows, err := tx.QueryContext(ctx, q, append(args[:len(args):len(args)], keys[:n]...)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
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

// writer stages the prepared documents of one Add call, group by group, and flips them in at
// the end.
type writer struct {
	l    *Library
	opts AddOptions
	// written holds the hash of each document this call staged, by ID, when IDs are kept (else
	// the IDs of a call are distinct).
	written map[string]string
	// passagesOf holds the passages of each document reported, by ID (see
	// AddReport.PassagesTotal).
	passagesOf map[string]int
	// key is the key of the last document staged (or, before the first, the largest stored).
	key int64
	// staged counts the documents staged; dropped holds the embedding hashes of the passages
	// of staged documents that a later document of the call replaced.
	staged  int
	dropped [][]byte
	// tx is the current transaction; documents, passages and vectors collect its rows.
	tx                           *sql.Tx
	documents, passages, vectors rows
	// scratch is a buffer for hashing.
	scratch []byte
	// fresh holds the vectors to insert in the transaction, inserted in the order of their
	// hashes by flush: each B-tree page of the vectors is then written once in a row.
	fresh []freshVector
}

// freshVector is a vector to insert, with the hash of its embedding text.
type freshVector struct {
	hash   []byte
	vector []float32
}

// store stages prepared documents in one transaction, with their vectors, and returns, for
// each, what it did and how many passages were embedded for it.
func (w *writer) store(ctx context.Context, group []*prepared) ([]stored, error) {
	if len(group) == 0 {
		return nil, nil
	}
	results := make([]stored, len(group))
	var current string
	// The statements run without ctx, which would cost each of them a goroutine watching it;
	// ctx is checked between documents, and ends the transaction (rolled back) when done.
	sctx := context.WithoutCancel(ctx)
	err := w.l.write(ctx, func(tx *sql.Tx) error {
		w.tx = tx
		w.documents = rows{insert: `INSERT INTO documents (key, id, title, author, source, licence, edition, path,
			format, hash, bytes, added, updated, staged, given, passages) VALUES `, columns: 16}
		w.passages = rows{insert: `INSERT INTO passages (document, idx, id, headings, text, first_line,
			last_line, first_page, last_page, embed_hash) VALUES `, columns: 10}
		w.vectors = rows{insert: `INSERT OR IGNORE INTO embeddings (model, hash, vector) VALUES `, columns: 3}
		w.passages.parent = &w.documents // a passage's document is inserted first
		defer func() {
			w.documents.close()
			w.passages.close()
			w.vectors.close()
			clear(w.fresh)
			w.fresh = w.fresh[:0]
			w.tx = nil
		}()
		for k, p := range group {
			current = p.doc.ID
			if err := ctx.Err(); err != nil {
				return err
			}
			var err error
			if results[k], err = w.storeOne(sctx, p); err != nil {
				return err
			}
		}
		return w.flush(sctx)
	})
	if err != nil {
		return nil, fmt.Errorf("library: add %s: %w", current, err)
	}
	return results, nil
}

// flush inserts the rows collected.
func (w *writer) flush(ctx context.Context) error {
	if err := w.passages.flush(ctx, w.tx); err != nil {
		return err
	}
	return w.flushVectors(ctx)
}

// flushVectors inserts the vectors collected.
func (w *writer) flushVectors(ctx context.Context) error {
	slices.SortFunc(w.fresh, func(a, b freshVector) int { return bytes.Compare(a.hash, b.hash) })
	for _, f := range w.fresh {
		if err := w.vectors.add(ctx, w.tx, w.l.model.Name, f.hash, encodeVector(f.vector)); err != nil {
			return err
		}
	}
	clear(w.fresh)
	w.fresh = w.fresh[:0]
	return w.vectors.flush(ctx, w.tx)
}

// storeOne stages one prepared document in the current transaction.
func (w *writer) storeOne(ctx context.Context, p *prepared) (stored, error) {
	d := p.doc
	var res stored
	storedHash := p.storedHash
	h, restaged := w.written[d.ID]
	if restaged {
		storedHash = h // an earlier document of the call had the same ID, and is staged
	}
	switch storedHash {
	case "":
		res.outcome = added
	case p.hash:
		return res, nil // unchanged
	default:
		res.outcome = updated
	}
	if w.opts.KeepIDs {
		w.written[d.ID] = p.hash
	}
	if p.embeds == nil {
		// Prepared as unchanged, but an earlier document of the call replaced it: look up
		// and embed its passages here.
		p.embeds = make([][]byte, len(d.Passages))
		for i := range d.Passages {
			p.embeds[i] = embedHash(&d.Passages[i], &w.scratch)
		}
	}
	res.embedded = p.embedded
	if restaged {
		// The earlier document's rows may be among those collected.
		if err := w.flush(ctx); err != nil {
			return res, err
		}
		hashes, err := embedHashes(ctx, w.tx, `SELECT DISTINCT p.embed_hash FROM passages p
			JOIN documents d ON d.key = p.document WHERE d.id = ? AND d.staged = 1`, d.ID)
		if err != nil {
			return res, err
		}
		w.dropped = append(w.dropped, hashes...)
		if _, err := w.tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ? AND staged = 1`, d.ID); err != nil {
			return res, err
		}
	}
	// A new edition takes the stored one's added time at the flip.
	now := time.Now().UnixMilli()
	w.key++
	w.staged++
	err := w.documents.add(ctx, w.tx, w.key, d.ID, d.Title, d.Author, d.Source, d.Licence, d.Edition, d.Path,
		format(d.Path), p.hash, p.bytes, now, now, 1, p.given, len(d.Passages))
	if err != nil {
		return res, err
	}
	seen := make(map[string]bool, len(d.Passages))
	for i := range d.Passages {
		ps := &d.Passages[i]
		h := p.embeds[i]
		err := w.passages.add(ctx, w.tx, w.key, i, ps.ID, strings.Join(ps.Headings, "\n"), ps.Text,
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
			if p.found[string(h)] {
				continue // stored before
			}
			// Claimed by an earlier document of the call, or not looked up: look up, and
			// embed if need be.
			if err := w.flushVectors(ctx); err != nil {
				return res, err
			}
			var one int
			err := w.tx.QueryRowContext(ctx, `SELECT 1 FROM embeddings WHERE model = ? AND hash = ?`, w.l.model.Name, h).Scan(&one)
			if err == nil {
				continue
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return res, err
			}
			if v, err = w.l.embed(ctx, w.opts.Embed, ps); err != nil {
				return res, err
			}
			res.embedded++
		}
		w.fresh = append(w.fresh, freshVector{h, v})
	}
	return res, nil
}

// flip makes the documents the call staged the library's, in one transaction: each new edition
// takes the added time of the stored edition it replaces, the stored editions replaced are
// deleted with their passages, the staged documents become stored, the vectors no passage uses
// any more are deleted (those of the editions replaced, or every one after an Add that did not
// complete: see sweepVectors), and a new content version is recorded. It does nothing when
// nothing was staged and there is nothing to sweep.
func (w *writer) flip(ctx context.Context) error {
	return w.l.write(ctx, func(tx *sql.Tx) error {
		var sweep bool
		err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'sweep_vectors')`).Scan(&sweep)
		if err != nil || (w.staged == 0 && !sweep) {
			return err
		}
		var hashes [][]byte
		if !sweep {
			// (CROSS JOIN keeps this order: the staged, then the editions they replace.)
			hashes, err = embedHashes(ctx, tx, `SELECT DISTINCT p.embed_hash FROM documents s
				CROSS JOIN documents o CROSS JOIN passages p
				WHERE s.staged = 1 AND o.id = s.id AND o.staged = 0 AND p.document = o.key`)
			if err != nil {
				return err
			}
		}
		// The quiz items of the documents staged are retired, or brought back, by whether
		// the new editions hold their passages.
		if err := retireItems(ctx, tx, 1); err != nil {
			return err
		}
		for _, q := range []string{
			`UPDATE documents SET added = (SELECT o.added FROM documents o WHERE o.id = documents.id AND o.staged = 0)
				WHERE staged = 1 AND EXISTS (SELECT 1 FROM documents o WHERE o.id = documents.id AND o.staged = 0)`,
			`DELETE FROM documents WHERE staged = 0 AND id IN (SELECT id FROM documents WHERE staged = 1)`,
			// OR FAIL: a conflict fails the statement without undoing it (the transaction is
			// rolled back then), so SQLite keeps no journal of the pages it changes, which for
			// a large add would be tens of megabytes in memory (temp_store).
			`UPDATE OR FAIL documents SET staged = 0 WHERE staged = 1`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		if sweep {
			if err := sweepVectors(ctx, tx); err != nil {
				return err
			}
		} else if err := deleteUnused(ctx, tx, append(hashes, w.dropped...)); err != nil {
			return err
		}
		if w.staged == 0 {
			return nil
		}
		_, err = newContentVersion(ctx, tx)
		return err
	})
}

// embedHashes returns the embedding hashes that query (with args) selects, one a row.
func embedHashes(ctx context.Context, tx *sql.Tx, query string, args ...any) ([][]byte, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var h []byte
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// insertRows is the most rows one INSERT statement of Add writes.
const insertRows = 64

// rows collects the rows of multi-row INSERT statements into one table: insert is the
// statement up to VALUES, columns the number of values in a row.
type rows struct {
	insert  string
	columns int
	args    []any
	// stmts are the statements prepared in the transaction, by number of rows.
	stmts map[int]*sql.Stmt
	// parent, if set, holds the rows that these rows refer to, inserted first.
	parent *rows
}

// add collects one row, inserting the rows collected when there are insertRows of them.
func (r *rows) add(ctx context.Context, tx *sql.Tx, values ...any) error {
	r.args = append(r.args, values...)
	if len(r.args) < insertRows*r.columns {
		return nil
	}
	return r.flush(ctx, tx)
}

// flush inserts the rows collected, after those of its parent.
func (r *rows) flush(ctx context.Context, tx *sql.Tx) error {
	if r.parent != nil {
		if err := r.parent.flush(ctx, tx); err != nil {
			return err
		}
	}
	n := len(r.args) / r.columns
	if n == 0 {
		return nil
	}
	st := r.stmts[n]
	if st == nil {
		var err error
		if st, err = tx.PrepareContext(ctx, r.statement(n)); err != nil {
			return err
		}
		if r.stmts == nil {
			r.stmts = map[int]*sql.Stmt{}
		}
		r.stmts[n] = st
	}
	_, err := st.ExecContext(ctx, r.args...)
	clear(r.args)
	r.args = r.args[:0]
	return err
}

// statement is the INSERT statement of n rows.
func (r *rows) statement(n int) string {
	row := "(?" + strings.Repeat(", ?", r.columns-1) + ")"
	return r.insert + row + strings.Repeat(", "+row, n-1)
}

// close closes the prepared statements and forgets the rows collected.
func (r *rows) close() {
	for _, st := range r.stmts {
		st.Close()
	}
	*r = rows{}
}

// deleteUnused deletes the vectors of hashes that no passage (stored or staged) uses any
// more, in statements of up to maxIn hashes.
func deleteUnused(ctx context.Context, tx *sql.Tx, hashes [][]byte) error {
	for len(hashes) > 0 {
		n := min(len(hashes), maxIn)
		args := make([]any, n)
		for i, h := range hashes[:n] {
			args[i] = h
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM embeddings WHERE hash IN (?`+strings.Repeat(", ?", n-1)+`)
			AND NOT EXISTS (SELECT 1 FROM passages p WHERE p.embed_hash = embeddings.hash)`, args...)
		if err != nil {
			return err
		}
		hashes = hashes[n:]
	}
	return nil
}

// documentHash is the hex SHA-256 of a document's content: a version tag, the metadata and
// every passage, each field prefixed by its length so that no two contents share an encoding.
// The encoding is written to scratch (returned, grown if need be) and hashed at once.
func documentHash(d *corpus.Document, scratch *[]byte) string {
	b := (*scratch)[:0]
	num := func(n int) { b = binary.LittleEndian.AppendUint64(b, uint64(n)) }
	field := func(s string) {
		num(len(s))
		b = append(b, s...)
	}
	field("doctrinebot library document v1")
	for _, s := range []string{d.ID, d.Title, d.Author, d.Source, d.Licence, d.Edition} {
		field(s)
	}
	num(len(d.Passages))
	for i := range d.Passages {
		p := &d.Passages[i]
		field(p.ID)
		num(len(p.Headings))
		for _, s := range p.Headings {
			field(s)
		}
		field(p.Text)
		num(p.FirstLine)
		num(p.LastLine)
		num(p.FirstPage)
		num(p.LastPage)
	}
	*scratch = b
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// embedHash is the SHA-256 of a passage's embedding text: the key of its vector. The text is
// copied to scratch (returned, grown if need be) to be hashed.
func embedHash(p *corpus.Passage, scratch *[]byte) []byte {
	*scratch = append((*scratch)[:0], bot.EmbeddingText(p)...)
	s := sha256.Sum256(*scratch)
	return s[:]
}

// format names the format a document was read in by its file extension, as corpus.Parse
// reads it: "markdown" (.md, .markdown), "html" (.html, .htm, .xhtml), "pdf", "docx", else
// "text" (.txt, any other extension, no path).
func format(path string) string {
	switch ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), ".")); ext {
	case "md", "markdown":
		return "markdown"
	case "html", "htm", "xhtml":
		return "html"
	case "pdf", "docx":
		return ext
	default:
		return "text"
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

// resolveIDs gives the document of each of ps read from a file the ID under which that file is
// stored, if it is; else, when its ID is taken by another file's document (stored, or given
// earlier in the call: used holds those IDs, and gets these), the first free suffix of it. A
// document from a file not stored whose text is that of a stored document, or of one given
// earlier in the call (texts holds those, and gets these), is marked as its duplicate (dup)
// and takes no ID. empty says that the library held no documents when the call began.
func (l *Library) resolveIDs(ctx context.Context, ps []*prepared, used map[string]bool, texts map[textKey]text, empty bool) error {
	keys := make([]textKey, len(ps))
	h := sha256.New()
	var scratch []byte
	for k, p := range ps {
		keys[k] = textKeyOf(p.doc, h, &scratch)
	}
	if empty {
		// Every stored document is the call's own, and its ID in used.
		for k, p := range ps {
			if t, ok := texts[keys[k]]; ok {
				p.dup = &t
				continue
			}
			if used[p.doc.ID] {
				id, _ := FreeID(p.doc.ID, func(id string) (bool, error) { return used[id], nil })
				p.setID(id)
			}
			used[p.doc.ID] = true
			texts[keys[k]] = text{p.doc.ID, p.doc.Path}
		}
		return nil
	}
	// The look-ups are indexed queries, a few hundred keys each, so that adding a batch costs
	// the same in a large library as in a small one.
	err := l.read(ctx, func(tx *sql.Tx) error {
		var paths, ids []any
		for _, p := range ps {
			d := p.doc
			if d.Path != "" {
				paths = append(paths, d.Path)
			}
			ids = append(ids, d.ID)
		}
		byPath, err := storedFromPaths(ctx, tx, paths)
		if err != nil {
			return err
		}
		// pathOf holds the path of the stored document of each ID looked up.
		pathOf := map[string]string{}
		err = queryIn(ctx, tx, `SELECT id, path FROM documents WHERE staged = 0 AND id IN `, nil, ids, func(rows *sql.Rows) error {
			var id, path string
			if err := rows.Scan(&id, &path); err != nil {
				return err
			}
			pathOf[id] = path
			return nil
		})
		if err != nil {
			return err
		}
		byID, err := tx.PrepareContext(ctx, `SELECT path FROM documents WHERE id = ? AND staged = 0`)
		if err != nil {
			return err
		}
		defer byID.Close()
		// taken returns the path of the stored document with ID id, if there is one.
		taken := func(id string) (string, bool, error) {
			if path, ok := pathOf[id]; ok {
				return path, true, nil
			}
			var path string
			err := byID.QueryRowContext(ctx, id).Scan(&path)
			if errors.Is(err, sql.ErrNoRows) {
				return "", false, nil
			}
			return path, err == nil, err
		}
		// sameText holds, for each document from a file not stored, the stored document with
		// the same text, if there is one.
		sameText, err := storedTexts(ctx, tx, ps, keys, byPath)
		if err != nil {
			return err
		}
		for k, p := range ps {
			d := p.doc
			stored := byPath[d.Path].id
			if used[stored] {
				stored = "" // this call's document (the same path twice)
			}
			if t, ok := texts[keys[k]]; ok && stored == "" {
				p.dup = &t
				continue
			}
			if t, ok := sameText[k]; ok && stored == "" && !used[t.id] {
				p.dup = &t
				continue
			}
			path, ok, err := taken(d.ID)
			if err != nil {
				return err
			}
			if stored != "" {
				if stored != d.ID {
					p.setID(stored)
				}
			} else if (ok && path != d.Path) || used[d.ID] {
				id, err := FreeID(d.ID, func(id string) (bool, error) {
					_, ok, err := taken(id)
					return ok || used[id], err
				})
				if err != nil {
					return err
				}
				p.setID(id)
			}
			used[d.ID] = true
			texts[keys[k]] = text{d.ID, d.Path}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("library: add: %w", err)
	}
	return nil
}

// fromPath is the stored document that a document read from a path updates when it is added
// without KeepIDs (see storedFromPaths): its ID, its key, whether its ID was derived (not
// given), and the metadata fields it was given (the column given) with their values.
type fromPath struct {
	id      string
	key     int64
	derived bool
	given   string
	meta    corpus.Meta
}

// storedFromPaths returns, by path, the stored document that a document read from that path
// (one of paths) updates when added without KeepIDs: the latest stored from it whose ID was not
// given, else the latest one (copies stored with --id). A path from which no document is stored
// is not in the map.
func storedFromPaths(ctx context.Context, tx *sql.Tx, paths []any) (map[string]fromPath, error) {
	byPath := map[string]fromPath{}
	err := queryIn(ctx, tx, `SELECT path, id, key, given, title, author, source, licence, edition FROM documents
		WHERE staged = 0 AND path IN `, nil, paths, func(rows *sql.Rows) error {
		var path string
		var f fromPath
		m := &f.meta
		if err := rows.Scan(&path, &f.id, &f.key, &f.given, &m.Title, &m.Author, &m.Source, &m.Licence, &m.Edition); err != nil {
			return err
		}
		f.derived = !slices.Contains(strings.Split(f.given, ","), "id")
		if l, ok := byPath[path]; !ok || f.derived && !l.derived || f.derived == l.derived && f.key > l.key {
			byPath[path] = f
		}
		return nil
	})
	return byPath, err
}

// GivenMeta returns, by path, the metadata that callers gave (AddOptions.Given) to the stored
// documents that documents read from paths would update or replace: with id (an ID the caller
// gives, as with KeepIDs), the document of that ID, whatever its path, for each of paths (a
// file read under the ID of a stored document is an edited copy or a new edition of it, and
// keeps what it was given, as a file added again does); else, for each path, the document
// stored from it that AddOptions.KeepIDs describes (the one whose ID was not given, else the
// latest). Of each, the title, author, source, licence and edition it was given are set, the
// other fields are empty; a path for which no such document is stored, or whose document was
// given none of them, is not in the map. A caller adding files reads each with these values
// for the fields it does not give now, as Add keeps them (see AddOptions.Given): how a text is
// split may depend on its title and author (a first heading that is the title is no section
// heading), and a document read otherwise than when it was stored has other passages, and is
// updated where it should be unchanged. Errors: a database error.
func (l *Library) GivenMeta(ctx context.Context, paths []string, id string) (map[string]corpus.Meta, error) {
	out := map[string]corpus.Meta{}
	keys := make([]any, len(paths))
	for i, p := range paths {
		keys[i] = p
	}
	err := l.read(ctx, func(tx *sql.Tx) error {
		// Most libraries hold no document given metadata (files added without flags): one
		// scan of the documents says so, where looking the paths up takes about 0.7 s for the
		// US Code's 141,895 files.
		var some bool
		err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE given != '' AND staged = 0)`).Scan(&some)
		if err != nil || !some {
			return err
		}
		var byPath map[string]fromPath
		if id == "" {
			var err error
			byPath, err = storedFromPaths(ctx, tx, keys)
			if err != nil {
				return err
			}
		} else {
			var f fromPath
			m := &f.meta
			err := tx.QueryRowContext(ctx, `SELECT given, title, author, source, licence, edition FROM documents
				WHERE staged = 0 AND id = ?`, id).Scan(&f.given, &m.Title, &m.Author, &m.Source, &m.Licence, &m.Edition)
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			if err != nil {
				return err
			}
			byPath = make(map[string]fromPath, len(paths))
			for _, p := range paths {
				byPath[p] = f
			}
		}
		for path, f := range byPath {
			var m corpus.Meta
			for _, field := range strings.Split(f.given, ",") {
				switch field {
				case "title":
					m.Title = f.meta.Title
				case "author":
					m.Author = f.meta.Author
				case "source":
					m.Source = f.meta.Source
				case "licence":
					m.Licence = f.meta.Licence
				case "edition":
					m.Edition = f.meta.Edition
				}
			}
			if m != (corpus.Meta{}) {
				out[path] = m
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("library: given metadata: %w", err)
	}
	return out, nil
}

// StoredPaths returns which of paths (as corpus.Document.Path gives them: a file's absolute
// path) a stored document was read from, one indexed look-up per 500 paths; a path from which
// none is stored is not in the map. A caller reading a file through a symbolic link uses it to
// tell whether the library knows the file by the link's path (stored so by an earlier
// doctrinebot) or by the file's own. Errors: a database error.
func (l *Library) StoredPaths(ctx context.Context, paths []string) (map[string]bool, error) {
	out := map[string]bool{}
	keys := make([]any, len(paths))
	for i, p := range paths {
		keys[i] = p
	}
	err := l.read(ctx, func(tx *sql.Tx) error {
		return queryIn(ctx, tx, `SELECT DISTINCT path FROM documents WHERE staged = 0 AND path IN `, nil, keys, func(rows *sql.Rows) error {
			var path string
			if err := rows.Scan(&path); err != nil {
				return err
			}
			out[path] = true
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("library: stored paths: %w", err)
	}
	return out, nil
}

// text names a document by its ID and path, as the holder of a text (see textKeyOf).
type text struct {
	id, path string
}

// textKey identifies a document's text: the SHA-256 of its passages' headings, text, lines and
// pages (not of its ID, nor of its metadata), and the size of the passages' text in bytes, as
// the documents table keeps it (bytes), to find the stored documents that may hold it.
type textKey struct {
	hash  [sha256.Size]byte
	bytes int64
}

// textKeyOf returns the key of d's text. Each passage is encoded in scratch (returned, grown
// if need be), each field prefixed by its length so that no two texts share an encoding, and
// hashed.
func textKeyOf(d *corpus.Document, h hash.Hash, scratch *[]byte) textKey {
	h.Reset()
	var k textKey
	b := (*scratch)[:0]
	num := func(n int) { b = binary.LittleEndian.AppendUint64(b, uint64(n)) }
	num(len(d.Passages))
	for i := range d.Passages {
		p := &d.Passages[i]
		num(len(p.Headings))
		for _, s := range p.Headings {
			num(len(s))
			b = append(b, s...)
		}
		num(p.FirstLine)
		num(p.LastLine)
		num(p.FirstPage)
		num(p.LastPage)
		num(len(p.Text))
		b = append(b, p.Text...)
		h.Write(b)
		b = b[:0]
		k.bytes += int64(len(p.Text))
	}
	*scratch = b
	h.Sum(k.hash[:0])
	return k
}

// storedTexts returns, by index in ps, the stored document whose text is that of ps[k] (of
// key keys[k]), for the documents from files not stored (byPath holds the stored paths). The
// stored documents of the same size (an indexed look-up) are read to compare: few, but for
// the duplicates.
func storedTexts(ctx context.Context, tx *sql.Tx, ps []*prepared, keys []textKey, byPath map[string]fromPath) (map[int]text, error) {
	var sizes []any
	want := map[int64]bool{}
	for k, p := range ps {
		if _, ok := byPath[p.doc.Path]; !ok && !want[keys[k].bytes] {
			want[keys[k].bytes] = true
			sizes = append(sizes, keys[k].bytes)
		}
	}
	type candidate struct {
		key int64
		text
	}
	bySize := map[int64][]candidate{}
	err := queryIn(ctx, tx, `SELECT key, id, path, bytes FROM documents WHERE staged = 0 AND bytes IN `, nil, sizes, func(rows *sql.Rows) error {
		var c candidate
		var size int64
		if err := rows.Scan(&c.key, &c.id, &c.path, &size); err != nil {
			return err
		}
		bySize[size] = append(bySize[size], c)
		return nil
	})
	if err != nil || len(bySize) == 0 {
		return nil, err
	}
	stmt, err := tx.PrepareContext(ctx, `SELECT headings, text, first_line, last_line, first_page, last_page
		FROM passages WHERE document = ? ORDER BY idx`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	read := map[int64]textKey{} // the keys of the candidates read, by document key
	out := map[int]text{}
	h := sha256.New()
	var scratch []byte
	for k, p := range ps {
		if _, ok := byPath[p.doc.Path]; ok {
			continue
		}
		for _, c := range bySize[keys[k].bytes] {
			tk, ok := read[c.key]
			if !ok {
				d := &corpus.Document{}
				rows, err := stmt.QueryContext(ctx, c.key)
				if err != nil {
					return nil, err
				}
				for rows.Next() {
					var ps corpus.Passage
					var headings string
					err := rows.Scan(&headings, &ps.Text, integer("passages.first_line", &ps.FirstLine), integer("passages.last_line", &ps.LastLine),
						integer("passages.first_page", &ps.FirstPage), integer("passages.last_page", &ps.LastPage))
					if err != nil {
						rows.Close()
						return nil, rowDamaged(fmt.Sprintf("document %q", c.id), err)
					}
					if headings != "" {
						ps.Headings = strings.Split(headings, "\n")
					}
					d.Passages = append(d.Passages, ps)
				}
				rows.Close()
				if err := rows.Err(); err != nil {
					return nil, err
				}
				tk = textKeyOf(d, h, &scratch)
				read[c.key] = tk
			}
			if tk == keys[k] {
				out[k] = c.text
				break
			}
		}
	}
	return out, nil
}

// FreeID returns the first of base-2, base-3, … that taken reports free (the suffix
// corpus.Load and Add give a second document of the same ID). Errors: taken's.
func FreeID(base string, taken func(id string) (bool, error)) (string, error) {
	for n := 2; ; n++ {
		id := fmt.Sprintf("%s-%d", base, n)
		ok, err := taken(id)
		if err != nil || !ok {
			return id, err
		}
	}
}

// lockRetry is how often a writer waiting for the writer lock tries to take it again.
const lockRetry = 100 * time.Millisecond

// lock takes the library's writer lock, held by one Add, Remove or Reindex (or a conversion
// of the schema, or a caller of LockWriter) at a time across processes: an advisory lock
// (flock, through github.com/gofrs/flock) on library.lock in the folder, which the system
// releases when its holder exits or is killed, and which two opens of the file in one process
// hold apart too.
// When another holds it, lock calls the function set by OnWait, if any, once, and waits for
// the holder to finish, trying again every lockRetry, until ctx is done (an error wrapping
// ctx's). A library.lock this user may not write, in a folder and beside a database it may,
// fails with an error wrapping ErrReadOnly that names library.lock. It returns the function
// that releases the lock.
func (l *Library) lock(ctx context.Context) (func(), error) {
	if l.readOnly {
		return nil, l.cannotWrite()
	}
	fl := flock.New(filepath.Join(l.dir, LockFile), flock.SetFlag(os.O_CREATE|os.O_RDWR), flock.SetPermissions(0o644))
	ok, err := fl.TryLock()
	if err == nil && !ok {
		if l.onWait != nil {
			l.onWait()
		}
		ok, err = fl.TryLockContext(ctx, lockRetry)
	}
	if err == nil && !ok {
		err = ctx.Err()
	}
	if err != nil {
		fl.Close()
		if errors.Is(err, os.ErrPermission) {
			// The folder and the database are writable (else l.readOnly): the lock is not.
			why := err
			if pe := (*os.PathError)(nil); errors.As(err, &pe) {
				why = pe.Err // "permission denied", without the path named already
			}
			return nil, &readOnlyError{path: fl.Path(), msg: fmt.Sprintf("cannot write %s, the library's writer lock: %v; it must be writable by this user to change the library",
				fl.Path(), why)}
		}
		return nil, fmt.Errorf("library: lock %s: %w", l.dir, err)
	}
	return func() { fl.Unlock() }, nil
}

// OnWait sets f to be called when a writer of the library (Add, AddSeq, Remove, Reindex,
// LockWriter) finds the writer lock held by another, in this process or another, and begins
// to wait for it; nil calls nothing. Set it before those calls, not while they run.
func (l *Library) OnWait(f func()) {
	l.onWait = f
}

// LockWriter takes the library's writer lock, which Add, Remove and Reindex take, for a
// caller that checks something against the library's documents and then writes what it
// checked (quiz items checked against the passages, see AddItems): while it holds the lock no
// document is added, updated or removed, in this process or another. Like those, it calls the
// function set by OnWait when another holds the lock, waits until ctx is done (an error
// wrapping ctx's), and fails on a read-only library (ErrReadOnly). It returns the function
// that releases the lock; Add, Remove and Reindex must not be called while it is held, since
// they would wait for it.
func (l *Library) LockWriter(ctx context.Context) (func(), error) {
	return l.lockWriter(ctx)
}

// lockWriter takes the writer lock (see lock) for a writer of documents, and deletes what an
// Add killed part-way left staged: only the holder of the lock stages documents, so staged
// rows found by its next holder are a dead Add's.
func (l *Library) lockWriter(ctx context.Context) (func(), error) {
	unlock, err := l.lock(ctx)
	if err != nil {
		return nil, err
	}
	if err := l.clearStaged(ctx); err != nil {
		unlock()
		return nil, err
	}
	return unlock, nil
}

// clearStaged deletes the staged documents and their passages, if there are any, and then
// records (meta sweep_vectors) that vectors no passage uses may be stored, for the next Add that
// completes to delete (see sweepVectors). The writer lock must be held.
func (l *Library) clearStaged(ctx context.Context) error {
	var staged bool
	err := l.rw.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE staged = 1)`).Scan(&staged)
	if err != nil {
		return fmt.Errorf("library: %w", err)
	}
	if !staged {
		return nil
	}
	return l.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE staged = 1`); err != nil {
			return fmt.Errorf("delete staged documents: %w", err)
		}
		return setMeta(ctx, tx, "sweep_vectors", "1")
	})
}

// sweepVectors deletes every vector that no passage uses, and the mark (meta sweep_vectors)
// that asked for it. Only an Add that did not complete leaves such vectors (those of its
// staged passages), so the flip of the next Add that completes calls it, once that Add has
// reused those it needed; the other flips delete only the vectors of the editions they replace.
// It scans the index of the vectors and looks each hash up in the passages' index: 0.25 s for
// the 309,047 vectors of the US Code.
func sweepVectors(ctx context.Context, tx *sql.Tx) error {
	// The row IDs are found in the index of (hash, model), not in the table of vectors.
	_, err := tx.ExecContext(ctx, `DELETE FROM embeddings WHERE rowid IN (SELECT e.rowid FROM embeddings e
		WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.embed_hash = e.hash))`)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM meta WHERE key = 'sweep_vectors'`)
	return err
}

// givenFields returns the metadata fields named by given and by stored (a stored document's
// given column), sorted, with no repeats, joined by ",".
func givenFields(given []string, stored string) string {
	all := slices.Clone(given)
	if stored != "" {
		all = append(all, strings.Split(stored, ",")...)
	}
	slices.Sort(all)
	return strings.Join(slices.Compact(all), ",")
}

// keepGiven sets, on each document of ps that is no duplicate and whose ID is stored from the
// same path, or from any path when keepIDs (the caller's KeepIDs), the metadata fields the
// stored document was given (its column given) and given is without, to their stored values,
// and records in each the fields given (see AddOptions.Given). empty says that the library
// held no documents when the call began: then none is looked up.
func (l *Library) keepGiven(ctx context.Context, ps []*prepared, given []string, keepIDs, empty bool) error {
	var ids []any
	for _, p := range ps {
		if p.dup == nil && p.doc.Path != "" && !empty {
			ids = append(ids, p.doc.ID)
		}
	}
	type meta struct {
		path, given                             string
		title, author, source, licence, edition string
	}
	stored := map[string]meta{}
	err := l.read(ctx, func(tx *sql.Tx) error {
		if len(ids) == 0 {
			return nil
		}
		return queryIn(ctx, tx, `SELECT id, path, given, title, author, source, licence, edition FROM documents WHERE staged = 0 AND id IN `, nil, ids, func(rows *sql.Rows) error {
			var id string
			var m meta
			if err := rows.Scan(&id, &m.path, &m.given, &m.title, &m.author, &m.source, &m.licence, &m.edition); err != nil {
				return err
			}
			stored[id] = m
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("library: add: %w", err)
	}
	for _, p := range ps {
		d := p.doc
		m, ok := stored[d.ID]
		if p.dup != nil || !ok || m.path != d.Path && !keepIDs || m.given == "" {
			p.given = givenFields(given, "")
			continue
		}
		var kept []string
		for _, f := range strings.Split(m.given, ",") {
			if slices.Contains(given, f) {
				continue
			}
			switch f {
			case "title":
				d.Title = m.title
			case "author":
				d.Author = m.author
			case "source":
				d.Source = m.source
			case "licence":
				d.Licence = m.licence
			case "edition":
				d.Edition = m.edition
			}
			kept = append(kept, f)
		}
		d.SetID(d.ID) // the passages take the metadata
		p.given = givenFields(given, strings.Join(kept, ","))
	}
	return nil
}

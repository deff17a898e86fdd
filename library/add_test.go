package library_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/library"
	"github.com/doctrinebot/doctrinebot/quiz"
)

// units returns documents unit-<prefix>-<from>…, each of three passages whose texts no other
// document has.
func units(t *testing.T, prefix string, from, to int) []*corpus.Document {
	t.Helper()
	var out []*corpus.Document
	for i := from; i < to; i++ {
		name := fmt.Sprintf("unit-%s-%d", prefix, i)
		d := parse(t, name+".md", markdown("Units", name+" first", name+" second", name+" third"))
		d.Path = name + ".md"
		out = append(out, d)
	}
	return out
}

// paused yields docs, stopping after the first library.ChunkDocuments until resume is closed:
// by then the Add has a chunk to stage, and stages it as a group of its own, since no other
// chunk comes within the time it waits for one (see groupWait), which Progress then reports.
func paused(docs []*corpus.Document, resume <-chan struct{}) iter.Seq[*corpus.Document] {
	return func(yield func(*corpus.Document) bool) {
		for i, d := range docs {
			if i == library.ChunkDocuments {
				<-resume
			}
			if !yield(d) {
				return
			}
		}
	}
}

// count returns the number that query gives on the library in dir, read without the library
// package.
func count(t *testing.T, dir, query string) int {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, library.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatal(query, err)
	}
	return n
}

const (
	stagedQuery   = `SELECT count(*) FROM documents WHERE staged = 1`
	sweepQuery    = `SELECT count(*) FROM meta WHERE key = 'sweep_vectors'`
	textsQuery    = `SELECT count(DISTINCT embed_hash) FROM passages`
	vectorsQuery  = `SELECT count(*) FROM embeddings`
	passagesQuery = `SELECT count(*) FROM passages`
)

// view is what a reader sees of a library: every document listed, every document loaded with
// its passages (and whether each has its vector), the stats and the content version.
func view(t *testing.T, lib *library.Library) string {
	t.Helper()
	ctx := context.Background()
	infos, err := lib.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	docs, vectors, err := lib.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, d := range infos {
		fmt.Fprintf(&b, "%+v\n", d)
	}
	for _, d := range docs {
		fmt.Fprintf(&b, "%s %s:", d.ID, d.Title)
		for i := range d.Passages {
			_, ok := vectors(&d.Passages[i])
			fmt.Fprintf(&b, " %s %v", d.Passages[i].ID, ok)
		}
		b.WriteString("\n")
	}
	st, err := lib.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	version, err := lib.ContentVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "%d documents, %d passages, %d bytes; version %s\n", st.Documents, st.Passages, st.Bytes, version)
	return b.String()
}

// TestAddCancelled cancels an Add part-way, after it committed a group: the library is as
// before (the new edition it staged too), but for the vectors it made, which adding the same
// documents again reuses. The vectors a cancelled Add left that the next complete Add does not
// use are deleted by it.
func TestAddCancelled(t *testing.T) {
	dir := t.TempDir()
	lib := open(t, dir)
	_, embed := model()
	var calls atomic.Int64
	a := parse(t, "a.md", markdown("Forces", "navy", "army"))
	if _, err := lib.Add(context.Background(), []*corpus.Document{a}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	before := view(t, lib)

	// addCancelled adds docs, cancelling once a group is committed.
	addCancelled := func(docs []*corpus.Document) library.AddReport {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		progress := 0
		resume := make(chan struct{})
		rep, err := lib.AddSeq(ctx, paused(docs, resume), library.AddOptions{Embed: counting(embed, &calls),
			Progress: func(p library.Progress) {
				if progress == 0 {
					cancel()
					close(resume)
				}
				progress = p.Documents
			}})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled add: %v, want context.Canceled", err)
		}
		if progress == 0 || len(rep.Added)+len(rep.Updated)+len(rep.Unchanged) != 0 || rep.PassagesEmbedded == 0 {
			t.Errorf("cancelled add after %d documents: %+v; want no document and some passages embedded", progress, rep)
		}
		if got := view(t, lib); got != before {
			t.Errorf("after the cancelled add the library is\n%s\nwant as before\n%s", got, before)
		}
		if n := count(t, dir, stagedQuery); n != 0 {
			t.Errorf("%d staged documents left after the cancelled add", n)
		}
		if n := count(t, dir, sweepQuery); n != 1 {
			t.Errorf("no sweep asked for after the cancelled add")
		}
		return rep
	}

	// A new edition of a, and 200 documents of 3 passages.
	a2 := parse(t, "a.md", markdown("Forces", "navy", "air force"))
	docs := append([]*corpus.Document{a2}, units(t, "x", 0, 200)...)
	calls.Store(0)
	rep := addCancelled(docs)
	kept := rep.PassagesEmbedded
	if got := count(t, dir, vectorsQuery); got != 2+kept {
		t.Errorf("%d vectors after the cancelled add, want %d (the library's 2 and the %d kept)", got, 2+kept, kept)
	}
	if int(calls.Load()) < kept || kept >= 601 {
		t.Errorf("%d embedded, %d reported; want some of the 601 texts", calls.Load(), kept)
	}

	// The same again: what was kept is not embedded again.
	calls.Store(0)
	rep, err := lib.AddSeq(context.Background(), slices.Values(docs), library.AddOptions{Embed: counting(embed, &calls)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(len(rep.Added), rep.Updated, rep.PassagesEmbedded, calls.Load()),
		fmt.Sprint(200, []string{"a"}, 601-kept, 601-kept); got != want {
		t.Errorf("adding again: added, updated, embedded, calls = %s, want %s", got, want)
	}
	if got, want := count(t, dir, vectorsQuery), count(t, dir, textsQuery); got != want || want != 602 {
		t.Errorf("%d vectors for %d texts, want 602 of each", got, want)
	}
	if n := count(t, dir, sweepQuery); n != 0 {
		t.Errorf("the sweep is still asked for after a complete add")
	}

	// Cancelled again, on other documents; then an add of others: the vectors kept are
	// deleted, since no passage uses them.
	before = view(t, lib)
	addCancelled(units(t, "y", 0, 200))
	if _, err := lib.Add(context.Background(), units(t, "z", 0, 2), library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	if got, want := count(t, dir, vectorsQuery), count(t, dir, textsQuery); got != want || want != 608 {
		t.Errorf("%d vectors for %d texts, want 608 of each", got, want)
	}
	if n := count(t, dir, sweepQuery); n != 0 {
		t.Errorf("the sweep is still asked for after a complete add")
	}
}

// copyLibrary copies the database files of the library in dir to a new folder, as they are on
// disk, and returns the folder.
func copyLibrary(t *testing.T, dir string) string {
	t.Helper()
	to := t.TempDir()
	for _, name := range []string{library.FileName, library.FileName + "-wal"} {
		from, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(filepath.Join(to, name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(f, from); err != nil {
			t.Fatal(err)
		}
		from.Close()
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return to
}

// TestAddKilled takes the files of a library as a process killed during an Add leaves them
// (copied while the Add is between two groups, a new edition among the documents staged): no
// reader sees the staged documents, the next writer deletes them, and adding again embeds only
// what the killed Add had not.
func TestAddKilled(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir)
	_, embed := model()
	first := []*corpus.Document{parse(t, "a.md", markdown("Forces", "navy", "army")), parse(t, "b.md", markdown("Other forces", "militia"))}
	if _, err := lib.Add(ctx, first, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	before := view(t, lib)
	docs := append([]*corpus.Document{parse(t, "a.md", markdown("Forces", "navy", "air force"))}, units(t, "x", 0, 200)...)
	var crashed string
	resume := make(chan struct{})
	opts := library.AddOptions{Embed: embed, Progress: func(p library.Progress) {
		if crashed == "" {
			crashed = copyLibrary(t, dir)
			close(resume)
		}
	}}
	if _, err := lib.AddSeq(ctx, paused(docs, resume), opts); err != nil {
		t.Fatal(err)
	}

	staged := count(t, crashed, stagedQuery)
	kept := count(t, crashed, vectorsQuery) - 3
	if staged == 0 || kept == 0 {
		t.Fatalf("the killed library holds %d staged documents and %d vectors of them; want some", staged, kept)
	}
	// Readers, opening it as it is.
	killed := open(t, crashed)
	if got := view(t, killed); got != before {
		t.Errorf("after the kill readers see\n%s\nwant as before\n%s", got, before)
	}
	if _, got, err := killed.Document(ctx, "a"); err != nil || !strings.Contains(got.Passages[1].Text, "army") {
		t.Errorf("a after the kill is not the first edition: %v", err)
	}
	if _, _, err := killed.Document(ctx, "unit-x-0"); !errors.Is(err, library.ErrNotFound) {
		t.Errorf("a staged document after the kill: %v, want ErrNotFound", err)
	}

	// The next writer deletes the staged rows; adding again embeds what was not kept.
	if _, err := killed.Remove(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, crashed, stagedQuery); n != 0 {
		t.Errorf("%d staged documents left after Remove took the writer lock", n)
	}
	if got, want := count(t, crashed, passagesQuery), 2; got != want {
		t.Errorf("%d passages after the staged ones were deleted, want %d", got, want)
	}
	var calls atomic.Int64
	rep, err := killed.AddSeq(ctx, slices.Values(docs), library.AddOptions{Embed: counting(embed, &calls)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(len(rep.Added), rep.Updated, calls.Load()), fmt.Sprint(200, []string{"a"}, 601-kept); got != want {
		t.Errorf("adding again: added, updated, embed calls = %s, want %s", got, want)
	}
	if got, want := count(t, crashed, vectorsQuery), count(t, crashed, textsQuery); got != want || want != 602 {
		t.Errorf("%d vectors for %d texts, want 602 of each", got, want)
	}
	// It holds what the add that was not killed stored, but b.
	hashes := func(l *library.Library) map[string]string {
		infos, err := l.Documents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, d := range infos {
			m[d.ID] = d.Hash
		}
		return m
	}
	want := hashes(lib)
	delete(want, "b")
	if got := hashes(killed); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the library added again holds %d documents, want the %d of the add not killed but b", len(got), len(want))
	}
}

// TestNewEditionFlips replaces a document while a reader watches: until the Add ends the
// reader sees the old edition and none of the new documents, then the new edition, which keeps
// the old one's added time, and the vector of the paragraph it dropped is gone.
func TestNewEditionFlips(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir)
	reader := open(t, dir)
	_, embed := model()
	if _, err := lib.Add(ctx, []*corpus.Document{parse(t, "a.md", markdown("Forces", "navy", "army"))}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	old, _, err := reader.Document(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	before := view(t, reader)
	docs := append([]*corpus.Document{parse(t, "a.md", markdown("Forces", "navy", "air force"))}, units(t, "x", 0, 200)...)
	checked := 0
	resume := make(chan struct{})
	opts := library.AddOptions{Embed: embed, Progress: func(p library.Progress) {
		// After the first group, and after the last.
		if p.Documents == 1 || p.Documents == len(docs) {
			checked++
			if got := view(t, reader); got != before {
				t.Errorf("after %d documents staged the reader sees\n%.2000s\nwant as before\n%s", p.Documents, got, before)
			}
		}
		if p.Documents == 1 {
			close(resume)
		}
	}}
	rep, err := lib.AddSeq(ctx, paused(docs, resume), opts)
	if err != nil {
		t.Fatal(err)
	}
	if checked != 2 || len(rep.Updated) != 1 {
		t.Fatalf("checked %d times, report %v", checked, rep.Updated)
	}
	info, got, err := reader.Document(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Passages[1].Text, "air force") || !info.Added.Equal(old.Added) || info.Updated.Before(old.Updated) {
		t.Errorf("a after the add: %+v %q; want the new edition, added %v", info, got.Passages[1].Text, old.Added)
	}
	if st, err := reader.Stats(ctx); err != nil || st.Documents != 201 || st.Vectors != 602 {
		t.Errorf("stats after the add: %+v, %v; want 201 documents, 602 vectors (army's deleted)", st, err)
	}
	if n := count(t, dir, `SELECT count(*) FROM documents WHERE id = 'a'`); n != 1 {
		t.Errorf("%d rows of a, want 1", n)
	}
}

// TestWriterWaitsForLock: a writer finding the writer lock held by another (here another
// Library on the same folder, holding it through an AddSeq) says so through OnWait and waits;
// cancelled while it waits, it returns at once with the context's error; once the lock is
// released, it goes on.
func TestWriterWaitsForLock(t *testing.T) {
	dir := t.TempDir()
	holder, waiter := open(t, dir), open(t, dir)
	_, embed := model()
	held, release := make(chan struct{}), make(chan struct{})
	holderDone := make(chan error, 1)
	go func() {
		a := parse(t, "a.md", markdown("Forces", "navy"))
		_, err := holder.AddSeq(context.Background(), func(yield func(*corpus.Document) bool) {
			close(held) // the lock is taken before the first document
			<-release
			yield(a)
		}, library.AddOptions{Embed: embed})
		holderDone <- err
	}()
	<-held

	// Cancelled while waiting: Remove and Add return the context's error.
	for _, write := range []func(ctx context.Context) error{
		func(ctx context.Context) error { _, err := waiter.Remove(ctx, "a"); return err },
		func(ctx context.Context) error {
			_, err := waiter.Add(ctx, []*corpus.Document{parse(t, "b.md", markdown("Services", "army"))}, library.AddOptions{Embed: embed})
			return err
		},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		waiting := make(chan struct{})
		waiter.OnWait(func() { close(waiting) })
		done := make(chan error, 1)
		go func() { done <- write(ctx) }()
		<-waiting
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), dir) {
			t.Errorf("a writer cancelled while waiting for the lock: %v, want context.Canceled naming %s", err, dir)
		}
	}

	// Waiting until the holder is done: the add goes on after it.
	waiter.OnWait(func() { close(release) })
	b := parse(t, "b.md", markdown("Services", "army"))
	if _, err := waiter.Add(context.Background(), []*corpus.Document{b}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	if err := <-holderDone; err != nil {
		t.Fatal(err)
	}
	docs, err := waiter.Documents(context.Background())
	if err != nil || len(docs) != 2 {
		t.Errorf("Documents = %d, %v; want both adds' documents", len(docs), err)
	}
}

// TestSiblingFileGone checks that a file whose document took a suffixed ID because a file of
// the same name came before it in its folder ("a.txt", "a-2", after "a.md") keeps that ID and
// its passages' IDs when the folder is added again without the other file (removed, or
// emptied): it is unchanged, and the quiz items tied to its passages stay live. Before, it
// came as "a", with passage IDs derived from "a", was given its stored ID "a-2" and passage IDs
// derived from "a-2", which were not those stored (derived from "a": corpus.Load, and corpus
// add, give the suffix without deriving the passage IDs again), and was updated, retiring its
// items. It checks so for documents read by corpus.Load, for documents renamed as corpus add
// renames them (the ID and each passage's DocumentID), and for a library stored by an earlier
// doctrinebot, which kept the passage IDs derived from "a"; and that a new file of that name
// still gets a free ID ("a-3").
func TestSiblingFileGone(t *testing.T) {
	for _, tc := range []struct {
		name   string
		rename bool // set each passage's DocumentID to its document's ID, as corpus add does
		legacy bool // store the passage IDs as corpus.Load gave them, as earlier doctrinebots did
		gone   func(path string) error
	}{
		{"removed", false, false, os.Remove},
		{"emptied", false, false, func(path string) error { return os.WriteFile(path, nil, 0o644) }},
		{"removed, renamed as corpus add does", true, false, os.Remove},
		{"removed, stored by an earlier doctrinebot", false, true, os.Remove},
		{"emptied, renamed, stored by an earlier doctrinebot", true, true, func(path string) error { return os.WriteFile(path, nil, 0o644) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			folder := t.TempDir()
			write := func(name, text string) {
				t.Helper()
				if err := os.WriteFile(filepath.Join(folder, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("a.md", markdown("Forces", "navy", "army"))
			write("a.txt", markdown("Other forces", "reserve", "militia"))
			load := func() []*corpus.Document {
				t.Helper()
				docs, err := corpus.Load([]string{folder}, func(error) {})
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range docs {
					if tc.rename {
						for i := range d.Passages {
							d.Passages[i].DocumentID = d.ID
						}
					}
				}
				return docs
			}
			l := open(t, t.TempDir())
			add := func(docs []*corpus.Document) library.AddReport {
				t.Helper()
				_, embed := model()
				rep, err := l.Add(ctx, docs, library.AddOptions{Embed: embed})
				if err != nil {
					t.Fatal(err)
				}
				return rep
			}
			docs := load()
			if got := []string{docs[0].ID, docs[1].ID}; !slices.Equal(got, []string{"a", "a-2"}) {
				t.Fatalf("corpus.Load gave IDs %v, want [a a-2]", got)
			}
			var loaded []string // a-2's passage IDs as corpus.Load gave them
			for _, p := range docs[1].Passages {
				loaded = append(loaded, p.ID)
			}
			if rep := add(docs); !slices.Equal(rep.Added, []string{"a", "a-2"}) {
				t.Fatalf("first add: %+v, want a and a-2 added", rep)
			}
			if tc.legacy {
				storeLegacy(t, l, "a-2", loaded)
			}
			_, stored, err := l.Document(ctx, "a-2")
			if err != nil {
				t.Fatal(err)
			}
			var storedIDs []string
			for _, p := range stored.Passages {
				storedIDs = append(storedIDs, p.ID)
			}
			if !tc.legacy {
				// Derived from its own ID, as every document's are, not from "a", a.md's.
				derived := &corpus.Document{Passages: slices.Clone(stored.Passages)}
				derived.SetID("a-2")
				for i, p := range derived.Passages {
					if storedIDs[i] != p.ID || storedIDs[i] == loaded[i] {
						t.Errorf("a-2's passage %d stored with ID %s, want %s, derived from a-2", i, storedIDs[i], p.ID)
					}
				}
			}
			items := itemsOf(stored, quiz.Trainer, quiz.Approved)
			if _, _, err := l.AddItems(ctx, items); err != nil {
				t.Fatal(err)
			}
			check := func(when string, rep library.AddReport, wantAdded, wantUnchanged []string) {
				t.Helper()
				if !slices.Equal(rep.Added, wantAdded) || len(rep.Updated) != 0 || !slices.Equal(rep.Unchanged, wantUnchanged) {
					t.Errorf("%s: added %v, updated %v, unchanged %v; want added %v, unchanged %v",
						when, rep.Added, rep.Updated, rep.Unchanged, wantAdded, wantUnchanged)
				}
				_, d, err := l.Document(ctx, "a-2")
				if err != nil {
					t.Fatalf("%s: %v", when, err)
				}
				var got []string
				for _, p := range d.Passages {
					got = append(got, p.ID)
				}
				if !slices.Equal(got, storedIDs) {
					t.Errorf("%s: a-2's passage IDs %v, want %v as stored", when, got, storedIDs)
				}
				if got, want := itemIDs(t, l, quiz.Approved), ids(items); !slices.Equal(got, want) {
					t.Errorf("%s: approved items %v, want %v", when, got, want)
				}
			}
			check("adding the folder again", add(load()), nil, []string{"a", "a-2"})
			if err := tc.gone(filepath.Join(folder, "a.md")); err != nil {
				t.Fatal(err)
			}
			check("adding the folder again without a.md", add(load()), nil, []string{"a-2"})
			write("a.markdown", markdown("New forces", "cadets"))
			check("adding the folder again with a new a.markdown", add(load()), []string{"a-3"}, []string{"a-2"})
		})
	}
}

// storeLegacy gives the passages of the stored document id the IDs ids, and the document the
// hash of its content with them, as an earlier doctrinebot stored a document that corpus.Load
// or corpus add gave a suffix without deriving its passage IDs again.
func storeLegacy(t *testing.T, l *library.Library, id string, ids []string) {
	t.Helper()
	ctx := context.Background()
	_, d, err := l.Document(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for i := range d.Passages {
		d.Passages[i].ID = ids[i]
	}
	db, err := sql.Open("sqlite", filepath.Join(l.Dir(), library.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i, pid := range ids {
		if _, err := db.Exec(`UPDATE passages SET id = ? WHERE idx = ? AND document = (SELECT key FROM documents WHERE id = ?)`, pid, i, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`UPDATE documents SET hash = ? WHERE id = ?`, library.DocumentHash(d), id); err != nil {
		t.Fatal(err)
	}
}

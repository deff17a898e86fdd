package library_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/embeddings"
	"github.com/doctrinebot/doctrinebot/internal/sqlitetest"
	"github.com/doctrinebot/doctrinebot/library"
)

// model is the built-in embedding model as the library names it.
func model() (library.Model, library.EmbedFunc) {
	m := embeddings.Builtin()
	return library.Model{Name: m.Name(), Dim: m.Dim()}, func(ctx context.Context, p *corpus.Passage) ([]float32, error) {
		return bot.EmbedPassage(ctx, m.Embed, m.Dim(), p)
	}
}

// counting wraps embed, counting its calls.
func counting(embed library.EmbedFunc, n *atomic.Int64) library.EmbedFunc {
	return func(ctx context.Context, p *corpus.Passage) ([]float32, error) {
		n.Add(1)
		return embed(ctx, p)
	}
}

// paragraph is a paragraph of over 200 bytes (so that it stays a passage of its own) about
// topic.
func paragraph(topic string) string {
	return fmt.Sprintf("The %s is described here at length. It concerns the organisation of the armed forces, "+
		"their command and their control by civilian authority, and the %s is reviewed every year by "+
		"the legislature, which publishes its findings in a report to the nation.", topic, topic)
}

// markdown returns a markdown document with one section per topic.
func markdown(title string, topics ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", title)
	for _, t := range topics {
		fmt.Fprintf(&b, "## On the %s\n\n%s\n\n", t, paragraph(t))
	}
	return b.String()
}

func parse(t *testing.T, name, text string) *corpus.Document {
	t.Helper()
	d, err := corpus.Parse(name, []byte(text), corpus.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func open(t *testing.T, dir string) *library.Library {
	t.Helper()
	m, _ := model()
	lib, err := library.Open(context.Background(), dir, m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return lib
}

// storedLibrary adds docs to a new library in a temporary folder, closes it and returns the
// folder: a library on disk for a test to damage or open again.
func storedLibrary(t *testing.T, docs ...*corpus.Document) string {
	t.Helper()
	dir := t.TempDir()
	lib := open(t, dir)
	_, embed := model()
	if _, err := lib.Add(context.Background(), docs, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	lib.Close()
	return dir
}

var topics = []string{"navy", "army", "air force", "marines", "coast guard", "national guard"}

func TestAddIncremental(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir)
	_, embed := model()
	var calls atomic.Int64
	opts := library.AddOptions{Embed: counting(embed, &calls)}
	a := parse(t, "a.md", markdown("Forces", topics...))
	b := parse(t, "b.md", markdown("Other forces", "militia", "reserve"))
	if len(a.Passages) != len(topics) {
		t.Fatalf("a has %d passages, want %d", len(a.Passages), len(topics))
	}

	rep, err := lib.Add(ctx, []*corpus.Document{a, b}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(len(rep.Added), len(rep.Updated), len(rep.Unchanged), rep.PassagesEmbedded, rep.PassagesTotal),
		fmt.Sprint(2, 0, 0, 8, 8); got != want {
		t.Errorf("first add: added, updated, unchanged, embedded, total = %s, want %s", got, want)
	}

	// The same again: nothing embedded.
	calls.Store(0)
	rep, err = lib.Add(ctx, []*corpus.Document{a, b}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Unchanged) != 2 || rep.PassagesEmbedded != 0 || calls.Load() != 0 {
		t.Errorf("add again: %+v, %d embed calls; want 2 unchanged, nothing embedded", rep, calls.Load())
	}

	// A restart (another Open) embeds nothing either.
	lib.Close()
	lib = open(t, dir)
	rep, err = lib.Add(ctx, []*corpus.Document{a, b}, opts)
	if err != nil || rep.PassagesEmbedded != 0 || calls.Load() != 0 {
		t.Errorf("after reopening: %+v, %v, %d embed calls; want nothing embedded", rep, err, calls.Load())
	}

	// One paragraph changed: only its passage embedded, the document updated.
	changed := topics
	changed = append([]string{}, changed...)
	changed[2] = "space force"
	a2 := parse(t, "a.md", markdown("Forces", changed...))
	rep, err = lib.Add(ctx, []*corpus.Document{a2, b}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(rep.Updated, rep.Unchanged, rep.PassagesEmbedded, calls.Load()), fmt.Sprint([]string{"a"}, []string{"b"}, 1, 1); got != want {
		t.Errorf("changed paragraph: updated, unchanged, embedded, calls = %s, want %s", got, want)
	}
	_, got, err := lib.Document(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Passages[2].Text, "space force") || len(got.Passages) != len(topics) {
		t.Errorf("stored a is not the new edition: %q", got.Passages[2].Text)
	}
	st, err := lib.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 2 || st.Passages != 8 || st.Vectors != 8 {
		t.Errorf("stats %+v, want 2 documents, 8 passages, 8 vectors (the replaced one deleted)", st)
	}

	// Load gives every passage its stored vector, equal to what embedding it gives.
	docs, vectors, err := lib.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].ID != "a" || len(docs[0].Passages) != 6 {
		t.Fatalf("Load: %d documents", len(docs))
	}
	for _, d := range docs {
		for i := range d.Passages {
			p := &d.Passages[i]
			v, ok := vectors(p)
			want, _ := embed(ctx, p)
			if !ok || fmt.Sprint(v) != fmt.Sprint(want) {
				t.Fatalf("passage %s of %s: stored vector %v (%v), want the embedding", p.ID, d.ID, ok, len(v))
			}
			if p.Title != d.Title || p.DocumentID != d.ID || p.Index != i {
				t.Errorf("passage %d of %s: title %q, document %q, index %d", i, d.ID, p.Title, p.DocumentID, p.Index)
			}
		}
	}
	want := a2.Passages[3]
	if got := docs[0].Passages[3]; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("loaded passage\n%+v\nwant\n%+v", got, want)
	}

	// An index built from the library answers without embedding any passage.
	calls.Store(0)
	idx, err := bot.NewIndex(ctx, docs, bot.IndexOptions{Vectors: vectors, Embed: func(ctx context.Context, text string) ([]float32, error) {
		calls.Add(1)
		return embeddings.Builtin().Embed(ctx, text)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 0 {
		t.Errorf("indexing the library embedded %d passages, want 0", calls.Load())
	}
	ans, err := (&bot.Answerer{Index: idx}).Answer(ctx, "Who reviews the space force every year?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || !strings.Contains(ans.Quotes[0].Passage.Text, "space force") {
		t.Errorf("answer %+v, want the space force passage", ans)
	}
}

// removeFixture returns a new library holding documents a (6 passages) and b (2), and more.
func removeFixture(t *testing.T, more ...*corpus.Document) *library.Library {
	t.Helper()
	lib := open(t, t.TempDir())
	_, embed := model()
	a := parse(t, "a.md", markdown("Forces", topics...))
	b := parse(t, "b.md", markdown("Other forces", "militia", "reserve"))
	b.Path = "b.md"
	if _, err := lib.Add(context.Background(), append([]*corpus.Document{a, b}, more...), library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	return lib
}

func TestRemove(t *testing.T) {
	ctx := context.Background()
	lib := removeFixture(t)
	info, err := lib.Remove(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if info.ID != "a" || info.Passages != 6 || info.Title != "Forces" {
		t.Errorf("removed %+v", info)
	}
	if _, err := lib.Remove(ctx, "a"); !errors.Is(err, library.ErrNotFound) {
		t.Errorf("removing again: %v, want ErrNotFound", err)
	}
	if _, _, err := lib.Document(ctx, "a"); !errors.Is(err, library.ErrNotFound) {
		t.Errorf("Document of a removed ID: %v, want ErrNotFound", err)
	}
	docs, err := lib.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].ID != "b" || docs[0].Passages != 2 || docs[0].Format != "markdown" {
		t.Errorf("documents after remove: %+v", docs)
	}
	st, _ := lib.Stats(ctx)
	if st.Passages != 2 || st.Vectors != 2 {
		t.Errorf("stats after remove %+v, want 2 passages and 2 vectors", st)
	}
}

// TestRemoveAll checks that several documents are removed in one transaction: all of them,
// or, when one ID names no document, none, with the error naming that ID.
func TestRemoveAll(t *testing.T) {
	ctx := context.Background()
	c := parse(t, "c.md", markdown("More forces", "navy", "marines"))
	c.Path = "c.md"
	lib := removeFixture(t, c)
	_, err := lib.RemoveAll(ctx, "a", "nope", "b", "nope2")
	if ids, ok := library.NotFoundIDs(err); !ok || !slices.Equal(ids, []string{"nope", "nope2"}) || !errors.Is(err, library.ErrNotFound) {
		t.Fatalf("RemoveAll with unknown IDs: %v (%q), want ErrNotFound naming nope and nope2", err, ids)
	}
	if docs, err := lib.Documents(ctx); err != nil || len(docs) != 3 {
		t.Fatalf("after a failed RemoveAll: %d documents (%v), want all 3 kept", len(docs), err)
	}
	infos, err := lib.RemoveAll(ctx, "b", "a", "b")
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 2 || infos[0].ID != "b" || infos[1].ID != "a" {
		t.Errorf("RemoveAll returned %+v, want b then a, once each", infos)
	}
	docs, err := lib.Documents(ctx)
	if err != nil || len(docs) != 1 || docs[0].ID != "c" {
		t.Errorf("documents after RemoveAll: %+v (%v), want only c", docs, err)
	}
}

func TestModelMismatch(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir)
	_, embed := model()
	if _, err := lib.Add(ctx, []*corpus.Document{parse(t, "a.md", markdown("Forces", topics...))}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	lib.Close()

	other := library.Model{Name: "other-model", Dim: 3}
	_, err := library.Open(ctx, dir, other)
	if !errors.Is(err, library.ErrModelMismatch) || !strings.Contains(err.Error(), "corpus reindex") {
		t.Fatalf("opening with another model: %v, want ErrModelMismatch telling to reindex", err)
	}

	// Reindex with the other model: then it opens with it, and not with the first.
	maint, err := library.Open(ctx, dir, library.Model{})
	if err != nil {
		t.Fatal(err)
	}
	defer maint.Close()
	if _, _, err := maint.Load(ctx); !errors.Is(err, library.ErrNoModel) {
		t.Errorf("Load without a model: %v, want ErrNoModel", err)
	}
	three := func(ctx context.Context, p *corpus.Passage) ([]float32, error) { return []float32{1, 0, 0}, nil }
	n, err := maint.Reindex(ctx, three, other, nil)
	if err != nil || n != len(topics) {
		t.Fatalf("Reindex: %d, %v; want %d vectors", n, err, len(topics))
	}
	lib2, err := library.Open(ctx, dir, other)
	if err != nil {
		t.Fatalf("opening with the reindexed model: %v", err)
	}
	_, vectors, err := lib2.Load(ctx)
	lib2.Close()
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := vectors(&corpus.Passage{DocumentID: "a", Index: 0}); !ok || len(v) != 3 {
		t.Errorf("vector after reindex: %v %v", v, ok)
	}
	first, _ := model()
	if _, err := library.Open(ctx, dir, first); !errors.Is(err, library.ErrModelMismatch) {
		t.Errorf("opening with the first model after reindex: %v, want ErrModelMismatch", err)
	}
	st, _ := maint.Stats(ctx)
	if st.Model != other || st.Vectors != len(topics) {
		t.Errorf("stats after reindex: %+v", st)
	}

	// A vector of the wrong length is refused, and nothing of the document is stored.
	lib3, err := library.Open(ctx, dir, other)
	if err != nil {
		t.Fatal(err)
	}
	defer lib3.Close()
	_, err = lib3.Add(ctx, []*corpus.Document{parse(t, "b.md", markdown("More", "militia"))}, library.AddOptions{Embed: embed})
	if err == nil || !strings.Contains(err.Error(), "100 values") {
		t.Errorf("adding with a 100-d embedding to a 3-d library: %v, want an error", err)
	}
	if _, _, err := lib3.Document(ctx, "b"); !errors.Is(err, library.ErrNotFound) {
		t.Errorf("a document whose embedding failed was stored: %v", err)
	}
}

// TestConcurrentReader adds documents one by one while another connection loads the library
// again and again: every load sees whole documents, each with its vectors, and never fewer
// documents than the load before.
func TestConcurrentReader(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writer := open(t, dir)
	reader := open(t, dir)
	_, embed := model()
	const n = 40
	var docs []*corpus.Document
	for i := range n {
		ts := make([]string, 5)
		for j := range ts {
			ts[j] = fmt.Sprintf("unit %d-%d", i, j)
		}
		docs = append(docs, parse(t, fmt.Sprintf("doc-%02d.md", i), markdown(fmt.Sprintf("Document %d", i), ts...)))
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Go(func() {
		defer close(done)
		for _, d := range docs {
			if _, err := writer.Add(ctx, []*corpus.Document{d}, library.AddOptions{Embed: embed}); err != nil {
				t.Error(err)
				return
			}
		}
	})
	loads, last := 0, 0
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true
		default:
		}
		got, vectors, err := reader.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		loads++
		if len(got) < last {
			t.Fatalf("load %d saw %d documents after %d", loads, len(got), last)
		}
		last = len(got)
		for _, d := range got {
			if len(d.Passages) != 5 {
				t.Fatalf("load %d: document %s with %d passages, want 5", loads, d.ID, len(d.Passages))
			}
			for i := range d.Passages {
				if _, ok := vectors(&d.Passages[i]); !ok {
					t.Fatalf("load %d: passage %d of %s has no vector", loads, i, d.ID)
				}
			}
		}
	}
	wg.Wait()
	if last != n {
		t.Errorf("last load saw %d documents, want %d", last, n)
	}
	t.Logf("%d loads during the adds", loads)
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := library.Open(ctx, "", library.Model{}); err == nil {
		t.Error("Open with no folder: no error")
	}
	if _, err := library.Open(ctx, t.TempDir(), library.Model{Name: "x"}); err == nil {
		t.Error("Open with a model of no dimension: no error")
	}
	lib, err := library.Open(ctx, t.TempDir(), library.Model{})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	_, embed := model()
	if _, err := lib.Add(ctx, nil, library.AddOptions{Embed: embed}); !errors.Is(err, library.ErrNoModel) {
		t.Errorf("Add without a model: %v, want ErrNoModel", err)
	}
	docs, err := lib.Documents(ctx)
	if err != nil || len(docs) != 0 {
		t.Errorf("Documents of a new library: %v, %v", docs, err)
	}

	// A database file that is no database, or a folder in its place: the error names the file.
	junk := t.TempDir()
	if err := os.WriteFile(filepath.Join(junk, library.FileName), []byte(strings.Repeat("not a database ", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	folder := t.TempDir()
	if err := os.Mkdir(filepath.Join(folder, library.FileName), 0o755); err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]string{
		junk:   "library: " + filepath.Join(junk, library.FileName) + " is damaged (file is not a database",
		folder: "library: open " + filepath.Join(folder, library.FileName) + ": a folder, not a database",
	} {
		_, err := library.Open(ctx, dir, library.Model{})
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Open(%s) = %v, want an error beginning %q", dir, err, want)
		}
		if damaged := errors.Is(err, library.ErrDamaged); damaged != (dir == junk) {
			t.Errorf("Open(%s) = %v: errors.Is(err, ErrDamaged) = %v", dir, err, damaged)
		}
	}
}

// TestOpenOtherProgramsDatabase checks that an SQLite database of another program found as the
// library's file (tables but no doctrinebot schema version; or, tables or not, a non-zero
// application ID or user version, which doctrinebot never sets) is refused by Open and
// OpenUnchecked, with and without a model, naming the file and saying it is not a doctrinebot
// library, and that nothing is written to it: its bytes are as they were (before, the schema
// was written into it and its journal mode set to WAL; one with no tables was taken for an
// empty library), and no log is made beside it. Exists holds for it, so that a command that
// only reads opens it and says so.
func TestOpenOtherProgramsDatabase(t *testing.T) {
	for _, tc := range []struct {
		name string
		qs   []string
		want string
	}{
		{"tables", []string{
			`CREATE TABLE contacts (name TEXT, phone TEXT)`,
			`INSERT INTO contacts VALUES ('Ann', '555-0100')`,
			`CREATE TABLE meta (name TEXT, note TEXT)`,
		}, "(tables contacts, meta)"},
		{"ids, no tables", []string{`PRAGMA user_version = 7`, `PRAGMA application_id = 1234`}, "(application_id 1234, user_version 7)"},
		{"user version, no tables", []string{`PRAGMA user_version = 7`}, "(application_id 0, user_version 7)"},
		{"application ID, a meta table", []string{
			`PRAGMA application_id = 1234`,
			`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)`,
			`INSERT INTO meta VALUES ('schema_version', '6')`,
		}, "(application_id 1234, user_version 0)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			path := filepath.Join(dir, library.FileName)
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range tc.qs {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(q, err)
				}
			}
			db.Close()
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !library.Exists(ctx, dir) {
				t.Errorf("Exists: false, want true")
			}
			m, _ := model()
			opens := map[string]func() (*library.Library, error){
				"Open":                   func() (*library.Library, error) { return library.Open(ctx, dir, library.Model{}) },
				"Open with a model":      func() (*library.Library, error) { return library.Open(ctx, dir, m) },
				"OpenUnchecked":          func() (*library.Library, error) { return library.OpenUnchecked(ctx, dir, library.Model{}) },
				"OpenUnchecked, a model": func() (*library.Library, error) { return library.OpenUnchecked(ctx, dir, m) },
			}
			want := "library: " + path + " is not a doctrinebot library: it is an SQLite database of another program " + tc.want
			for name, open := range opens {
				lib, err := open()
				if err == nil {
					lib.Close()
				}
				if !errors.Is(err, library.ErrNotLibrary) || !strings.HasPrefix(err.Error(), want) {
					t.Errorf("%s: %v; want ErrNotLibrary, beginning %q", name, err, want)
				}
			}
			if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
				t.Errorf("the other program's database was written to (%v)", err)
			}
			entries, err := os.ReadDir(dir)
			if err != nil || len(entries) != 1 {
				t.Errorf("the folder holds %v (%v), want only %s", entries, err, library.FileName)
			}
		})
	}
}

// TestExists checks which folders hold a library for a command that only reads: none when
// there is no folder, no file, an empty file, or an SQLite database of no tables and no mark of
// another program (before, the last was opened, and a library's schema written into it); one
// once a library is created; and Exists creates and writes nothing.
func TestExists(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  bool
	}{
		{"no folder", func(t *testing.T, dir string) { os.Remove(dir) }, false},
		{"no file", func(t *testing.T, dir string) {}, false},
		{"empty file", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, library.FileName), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"no tables", func(t *testing.T, dir string) {
			db, err := sql.Open("sqlite", filepath.Join(dir, library.FileName))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, q := range []string{`CREATE TABLE t (x)`, `DROP TABLE t`} {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(q, err)
				}
			}
		}, false},
		{"a library", func(t *testing.T, dir string) { open(t, dir).Close() }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "lib")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			tc.setup(t, dir)
			list := func() string {
				var b strings.Builder
				entries, _ := os.ReadDir(dir)
				for _, e := range entries {
					info, _ := e.Info()
					data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
					fmt.Fprintf(&b, "%s %d %x; ", e.Name(), info.Size(), sha256.Sum256(data))
				}
				return b.String()
			}
			before := list()
			if got := library.Exists(ctx, dir); got != tc.want {
				t.Errorf("Exists: %v, want %v", got, tc.want)
			}
			if after := list(); after != before {
				t.Errorf("the folder was %q, is %q", before, after)
			}
		})
	}
}

func TestGapsAndFeedback(t *testing.T) {
	ctx := context.Background()
	l, err := library.Open(ctx, t.TempDir(), library.Model{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, q := range []string{"What is the recipe for cake?", "what is the  recipe for cake", "Who won the cup?",
		"\x1b[31mWho won the cup?\x1b[0m\x1b]0;pwn\x07"} {
		if err := l.RecordGap(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	gaps, err := l.Gaps(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(gaps) != 3 || gaps[0].Question != "What is the recipe for cake?" || gaps[0].Count != 2 || gaps[1].Count != 1 {
		t.Errorf("gaps %+v", gaps)
	}
	// A question's escape codes are not kept.
	if q := gaps[1].Question + gaps[2].Question; strings.ContainsAny(q, "\x1b\x07") {
		t.Errorf("gaps %q keep control characters", q)
	}
	// Nor its bidirectional formatting characters, which turned the line gaps printed around.
	if err := l.RecordGap(ctx, "\u2067Where is the \u202eflag\u202c?\u2069\u200f"); err != nil {
		t.Fatal(err)
	}
	if gaps, err = l.Gaps(ctx, 0); err != nil || len(gaps) != 4 || !slices.ContainsFunc(gaps, func(g bot.Gap) bool { return g.Question == "Where is the flag?" }) {
		t.Errorf("gaps %+v, %v; want \"Where is the flag?\" without its format characters", gaps, err)
	}
	for _, f := range []bot.Feedback{
		{PassageID: "p1", QuestionHash: "q", UserID: "u1", Helpful: true},
		{PassageID: "p1", QuestionHash: "q", UserID: "u1", Helpful: false}, // changed mind
		{PassageID: "p1", QuestionHash: "q", UserID: "u2", Helpful: true},
	} {
		if err := l.RecordFeedback(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	counts, err := l.FeedbackCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts["p1"] != [2]int{1, 1} {
		t.Errorf("feedback counts %v, want 1 up and 1 down", counts)
	}
}

// TestFilesNeverReplaceEachOther adds two folders holding files of the same name, separately
// and then in the other order: every file keeps its own document, under a stable ID.
func TestFilesNeverReplaceEachOther(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	write := func(path, text string) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a, c := filepath.Join(dir, "A", "intro.txt"), filepath.Join(dir, "C", "intro.txt")
	write(a, "The cavalry scouts ahead of the army and reports what it sees.")
	write(c, "The navy keeps the sea lanes open for the merchant fleet.")
	read := func(path string) *corpus.Document {
		d, err := corpus.ReadFile(path, corpus.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	l := open(t, t.TempDir())
	_, embed := model()
	for _, path := range []string{a, c} {
		if _, err := l.Add(ctx, []*corpus.Document{read(path)}, library.AddOptions{Embed: embed}); err != nil {
			t.Fatal(err)
		}
	}
	docs, err := l.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, d := range docs {
		ids[d.Path] = d.ID
	}
	if len(docs) != 2 || ids[a] == ids[c] {
		t.Fatalf("documents %v; want both files kept under their own IDs", ids)
	}
	rep, err := l.Add(ctx, []*corpus.Document{read(c), read(a)}, library.AddOptions{Embed: embed})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Unchanged) != 2 || len(rep.Added)+len(rep.Updated) != 0 {
		t.Errorf("adding both again, in the other order: %+v; want both unchanged", rep)
	}
	// With KeepIDs a document of the same ID is a new edition.
	d := read(c)
	d.SetID(ids[a])
	rep, err = l.Add(ctx, []*corpus.Document{d}, library.AddOptions{Embed: embed, KeepIDs: true})
	if err != nil || len(rep.Updated) != 1 {
		t.Errorf("KeepIDs: %+v, %v; want one document updated", rep, err)
	}
}

// TestAddSeq streams more documents than a group holds, many sharing paragraphs, into a new
// library and then into one that holds some of them: every shared text is embedded once, every
// passage gets its vector, and documents already stored are left as they are.
func TestAddSeq(t *testing.T) {
	ctx := context.Background()
	lib := open(t, t.TempDir())
	_, embed := model()
	var calls atomic.Int64
	opts := library.AddOptions{Embed: counting(embed, &calls)}
	// Document i has the paragraphs of topics i%50, i%50+1 and i%50+2 of 52, i lines down its
	// file (so that no two documents have the same text, which would make one the other's
	// duplicate, not stored).
	var shared []string
	for i := range 52 {
		shared = append(shared, fmt.Sprintf("regiment %d", i))
	}
	docs := func(from, to int) []*corpus.Document {
		var out []*corpus.Document
		for i := from; i < to; i++ {
			d := parse(t, fmt.Sprintf("unit-%d.md", i), markdown("Units", shared[i%50:i%50+3]...))
			for j := range d.Passages {
				d.Passages[j].FirstLine += i
				d.Passages[j].LastLine += i
			}
			d.Path = d.ID + ".md"
			out = append(out, d)
		}
		return out
	}
	first := docs(0, 1000)
	var progressed int
	opts.Progress = func(p library.Progress) { progressed = p.Documents }
	rep, err := lib.AddSeq(ctx, slices.Values(first), opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(len(rep.Added), rep.PassagesTotal, rep.PassagesEmbedded, calls.Load(), progressed),
		fmt.Sprint(1000, 3000, 52, 52, 1000); got != want {
		t.Errorf("added, passages, embedded, embed calls, progress = %s, want %s", got, want)
	}
	// The first 500 again, and 500 more: only the new texts are embedded.
	calls.Store(0)
	more := docs(500, 1500)
	for i, d := range more[500:] {
		d.Passages[0].Text += fmt.Sprintf(" New in edition %d.", i)
	}
	rep, err = lib.AddSeq(ctx, slices.Values(more), opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(len(rep.Unchanged), len(rep.Added), rep.PassagesEmbedded, calls.Load()),
		fmt.Sprint(500, 500, 500, 500); got != want {
		t.Errorf("unchanged, added, embedded, embed calls = %s, want %s", got, want)
	}
	loaded, vectors, err := lib.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded) != 1500 {
		t.Fatalf("%d documents stored, want 1500", len(loaded))
	}
	for _, d := range loaded {
		for i := range d.Passages {
			if _, ok := vectors(&d.Passages[i]); !ok {
				t.Fatalf("passage %d of %s has no vector", i, d.ID)
			}
		}
	}
}

// TestAddReplacesAndReuses replaces a document, dropping a paragraph that a new document of
// the same call has: the vector of the old edition serves the new document, and is not
// embedded again. With KeepIDs, a later document of the call with the same ID replaces an
// earlier one.
func TestAddReplacesAndReuses(t *testing.T) {
	ctx := context.Background()
	lib := open(t, t.TempDir())
	_, embed := model()
	a := parse(t, "a.md", markdown("Forces", "navy", "army"))
	if _, err := lib.Add(ctx, []*corpus.Document{a}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	a2 := parse(t, "a.md", markdown("Forces", "navy", "air force"))
	b := parse(t, "b.md", markdown("Forces", "army")) // the embedding text of a's army passage
	var calls atomic.Int64
	rep, err := lib.Add(ctx, []*corpus.Document{a2, b}, library.AddOptions{Embed: counting(embed, &calls)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(rep.Updated, rep.Added, rep.PassagesEmbedded, calls.Load()), fmt.Sprint([]string{"a"}, []string{"b"}, 1, 1); got != want {
		t.Errorf("updated, added, embedded, embed calls = %s, want %s", got, want)
	}
	st, err := lib.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Passages != 3 || st.Vectors != 3 {
		t.Errorf("stats %+v, want 3 passages and 3 vectors", st)
	}
	_, vectors, err := lib.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, got, err := lib.Document(ctx, "b")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := vectors(&got.Passages[0]); !ok {
		t.Errorf("b's passage has no vector")
	}

	c1 := parse(t, "c.md", markdown("Sea forces", "coast guard"))
	c2 := parse(t, "c.md", markdown("Sea forces", "marines"))
	rep, err = lib.Add(ctx, []*corpus.Document{c1, c2}, library.AddOptions{Embed: embed, KeepIDs: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(rep.Added, rep.Updated), fmt.Sprint([]string{"c"}, []string{"c"}); got != want {
		t.Errorf("the same ID twice: added, updated = %s, want %s", got, want)
	}
	if _, got, err := lib.Document(ctx, "c"); err != nil || !strings.Contains(got.Passages[0].Text, "marines") {
		t.Errorf("c is not the later document: %v", err)
	}
	// The vector of the earlier c, which no passage uses, is gone.
	if st, err := lib.Stats(ctx); err != nil || st.Passages != 4 || st.Vectors != 4 {
		t.Errorf("stats %+v, %v; want 4 passages and 4 vectors", st, err)
	}
}

// downgrade turns the library in dir, closed, back into the layout of schema version 1 or 2:
// documents keyed by ID and passages by their document's ID (both), vectors kept by (model,
// hash) in a table without row IDs (1).
func downgrade(t *testing.T, dir string, version int) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, library.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	qs := sqlitetest.Downgrade(version)
	for _, q := range qs {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
}

// TestConvert opens a library of schema version 1 and one of version 2: each is converted,
// keeps every document (with its times), passage and vector, adding its documents again embeds
// nothing, and a new edition replaces a converted document.
func TestConvert(t *testing.T) {
	for _, version := range []int{1, 2} {
		t.Run(fmt.Sprint("version ", version), func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			lib := open(t, dir)
			_, embed := model()
			docs := func() []*corpus.Document {
				return []*corpus.Document{parse(t, "a.md", markdown("Forces", topics...)), parse(t, "b.md", markdown("Other forces", "militia"))}
			}
			if _, err := lib.Add(ctx, docs(), library.AddOptions{Embed: embed}); err != nil {
				t.Fatal(err)
			}
			before, err := lib.Documents(ctx)
			if err != nil {
				t.Fatal(err)
			}
			lib.Close()
			downgrade(t, dir, version)

			lib = open(t, dir)
			st, err := lib.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.Documents != 2 || st.Passages != len(topics)+1 || st.Vectors != len(topics)+1 {
				t.Errorf("stats after converting %+v, want 2 documents, %d passages and vectors", st, len(topics)+1)
			}
			after, err := lib.Documents(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("documents after converting\n%+v\nwant\n%+v", after, before)
			}
			loaded, vectors, err := lib.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range loaded {
				for i := range d.Passages {
					v, ok := vectors(&d.Passages[i])
					want, _ := embed(ctx, &d.Passages[i])
					if !ok || fmt.Sprint(v) != fmt.Sprint(want) {
						t.Fatalf("passage %d of %s: vector %v after converting", i, d.ID, ok)
					}
				}
			}
			var calls atomic.Int64
			rep, err := lib.Add(ctx, docs(), library.AddOptions{Embed: counting(embed, &calls)})
			if err != nil || len(rep.Unchanged) != 2 || calls.Load() != 0 {
				t.Errorf("adding again after converting: %+v, %v, %d embedded", rep, err, calls.Load())
			}
			rep, err = lib.Add(ctx, []*corpus.Document{parse(t, "b.md", markdown("Other forces", "militia", "reserve"))},
				library.AddOptions{Embed: counting(embed, &calls)})
			if err != nil || len(rep.Updated) != 1 || calls.Load() != 1 {
				t.Errorf("a new edition after converting: %+v, %v, %d embedded", rep, err, calls.Load())
			}
			if info, got, err := lib.Document(ctx, "b"); err != nil || len(got.Passages) != 2 || !info.Added.Equal(before[1].Added) {
				t.Errorf("the new edition of b: %+v, %v", info, err)
			}
			lib.Close()
			db, err := sql.Open("sqlite", filepath.Join(dir, library.FileName))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var v, check string
			if err := db.QueryRow(`SELECT value FROM meta WHERE key = 'schema_version'`).Scan(&v); err != nil || v != fmt.Sprint(library.SchemaVersion) {
				t.Errorf("schema version %q (%v), want %d", v, err, library.SchemaVersion)
			}
			if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
				t.Errorf("integrity_check: %q %v", check, err)
			}
			if rows, err := db.Query(`PRAGMA foreign_key_check`); err != nil || rows.Next() {
				t.Errorf("foreign_key_check: a violation, or %v", err)
			} else {
				rows.Close()
			}
		})
	}
}

// TestDamagedLibrary checks that a library whose documents table is damaged (random bytes
// over its page) is refused when opened, by every kind of caller, in words naming the file and
// saying what to do, even by one that would read only tables the damage spared (gaps, quiz
// items); and that OpenUnchecked, which does not check, reports the damage when it reads it.
func TestDamagedLibrary(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir)
	_, embed := model()
	if _, err := lib.Add(ctx, []*corpus.Document{parse(t, "a.md", markdown("Forces", topics...))}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	if err := lib.RecordGap(ctx, "What is the capital of Australia?"); err != nil {
		t.Fatal(err)
	}
	lib.Close()
	path := filepath.Join(dir, library.FileName)
	sqlitetest.DamageTable(t, path, "documents")

	m, _ := model()
	for _, m := range []library.Model{{}, m} {
		_, err := library.Open(ctx, dir, m)
		if !errors.Is(err, library.ErrDamaged) || !strings.HasPrefix(err.Error(), "library: "+path+" is damaged (") ||
			!strings.Contains(err.Error(), "restore it from a backup, or remove it") {
			t.Errorf("Open with model %v: %v, want ErrDamaged naming %s and saying what to do", m, err, path)
		}
	}
	l, err := library.OpenUnchecked(ctx, dir, library.Model{})
	if err != nil {
		t.Fatalf("OpenUnchecked: %v", err)
	}
	defer l.Close()
	if _, err := l.Documents(ctx); !errors.Is(err, library.ErrDamaged) || !strings.Contains(err.Error(), path) {
		t.Errorf("Documents: %v, want ErrDamaged naming %s", err, path)
	}
	if err := l.Check(ctx); !errors.Is(err, library.ErrDamaged) {
		t.Errorf("Check: %v, want ErrDamaged", err)
	}
}

// TestMissingPassage checks that a library from which passage rows were deleted (by hand:
// SQLite's checks see nothing wrong) is reported as damaged by every read of the passages and
// by Reindex, naming the file and saying to restore it from a backup, as other damage is,
// whether the rows deleted leave a gap, are the last ones (before, nothing saw it, and the
// document had one passage less), or all of them (before, a document of no passages); by a
// library of schema version 5 too, which had no count of passages to compare with; and that
// adding the document again stores it again, whole (before, it was "unchanged", and stayed
// without them).
func TestMissingPassage(t *testing.T) {
	n := len(topics) // passages of a
	for _, tc := range []struct {
		name, delete string
		downgrade    bool // to schema version 5, after the delete
		want         string
	}{
		{"gap", `idx = 2`, false, `(document "a": passage 2 missing)`},
		{"last", fmt.Sprintf(`idx = %d`, n-1), false, fmt.Sprintf(`(document "a": passage %d missing)`, n-1)},
		{"last two", fmt.Sprintf(`idx >= %d`, n-2), false, fmt.Sprintf(`(document "a": passages %d to %d missing)`, n-2, n-1)},
		{"all", `1`, false, fmt.Sprintf(`(document "a": passages 0 to %d missing)`, n-1)},
		{"last, version 5", fmt.Sprintf(`idx = %d`, n-1), true, fmt.Sprintf(`(document "a": passage %d missing)`, n-1)},
		{"all, version 5", `1`, true, `(document "a": passage 0 missing)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			lib := open(t, dir)
			_, embed := model()
			docs := func() []*corpus.Document {
				return []*corpus.Document{parse(t, "a.md", markdown("Forces", topics...)), parse(t, "b.md", markdown("Other forces", "militia"))}
			}
			if _, err := lib.Add(ctx, docs(), library.AddOptions{Embed: embed}); err != nil {
				t.Fatal(err)
			}
			lib.Close()
			path := filepath.Join(dir, library.FileName)
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			qs := []string{`DELETE FROM passages WHERE document = (SELECT key FROM documents WHERE id = 'a') AND ` + tc.delete}
			if tc.downgrade {
				qs = append(qs, `ALTER TABLE documents DROP COLUMN passages`, `UPDATE meta SET value = '5' WHERE key = 'schema_version'`)
			}
			for _, q := range qs {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(q, err)
				}
			}
			db.Close()

			lib = open(t, dir)
			want := "library: " + path + " is damaged " + tc.want + ": restore it from a backup"
			reads := map[string]func() error{
				"Load":         func() error { _, _, err := lib.Load(ctx); return err },
				"LoadPassages": func() error { _, err := lib.LoadPassages(ctx); return err },
				"Document":     func() error { _, _, err := lib.Document(ctx, "a"); return err },
				"Reindex": func() error {
					m, _ := model()
					_, err := lib.Reindex(ctx, embed, m, nil)
					return err
				},
			}
			for name, read := range reads {
				if err := read(); !errors.Is(err, library.ErrDamaged) || !strings.HasPrefix(err.Error(), want) {
					t.Errorf("%s: %v; want ErrDamaged, beginning %q", name, err, want)
				}
			}
			// Documents does not read the passages: it knows how many are missing, not which.
			if _, err := lib.Documents(ctx); !errors.Is(err, library.ErrDamaged) || !strings.Contains(err.Error(), `document "a": `) {
				t.Errorf("Documents: %v; want ErrDamaged naming document a", err)
			}
			if _, _, err := lib.Document(ctx, "b"); err != nil {
				t.Errorf("Document b, whole: %v", err)
			}

			rep, err := lib.Add(ctx, docs(), library.AddOptions{Embed: embed})
			if err != nil || !slices.Equal(rep.Updated, []string{"a"}) || !slices.Equal(rep.Unchanged, []string{"b"}) || rep.PassagesTotal != n+1 {
				t.Fatalf("adding again: %+v, %v; want a updated, b unchanged, %d passages", rep, err, n+1)
			}
			if _, got, err := lib.Document(ctx, "a"); err != nil || len(got.Passages) != n {
				t.Errorf("a added again: %v; want %d passages", err, n)
			}
			if loaded, _, err := lib.Load(ctx); err != nil || len(loaded) != 2 {
				t.Errorf("Load after adding again: %d documents, %v", len(loaded), err)
			}
		})
	}
}

// TestDamagedPassageCount checks that a library whose documents.passages column holds a count
// that cannot be right (below 0; above the passage rows stored, which would have it allocate
// petabytes; summed over the documents, above them, or past the largest int) is reported as
// damaged by every read, naming the file and the document, rather than panicking (makeslice)
// or exhausting memory as Load and LoadPassages did when they sized slices by it.
func TestDamagedPassageCount(t *testing.T) {
	n := len(topics) // passages of a
	for _, tc := range []struct {
		name, set string
		want      string // what Load and LoadPassages say of it
	}{
		{"negative", `passages = -5 WHERE id = 'a'`, `(document "a" has -5 passages)`},
		{"huge", `passages = 1 << 50 WHERE id = 'a'`, fmt.Sprintf(`(document "a": passages %d to %d missing)`, n, 1<<50-1)},
		{"more than stored in all", fmt.Sprintf(`passages = %d WHERE id = 'b'`, n+1), fmt.Sprintf(`(document "b": passages 1 to %d missing)`, n)},
		{"largest", `passages = 9223372036854775807 WHERE id = 'a'`, `(document "a": passages 6 to 9223372036854775806 missing)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dir := storedLibrary(t, parse(t, "a.md", markdown("Forces", topics...)), parse(t, "b.md", markdown("Other forces", "militia")))
			path := filepath.Join(dir, library.FileName)
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`UPDATE documents SET ` + tc.set); err != nil {
				t.Fatal(err)
			}
			db.Close()

			lib := open(t, dir)
			_, embed := model()
			id := "a"
			if strings.Contains(tc.set, "'b'") {
				id = "b"
			}
			reads := []struct {
				name string
				read func() error
				want string
			}{
				{"Load", func() error { _, _, err := lib.Load(ctx); return err }, tc.want},
				{"LoadPassages", func() error { _, err := lib.LoadPassages(ctx); return err }, tc.want},
				{"Documents", func() error { _, err := lib.Documents(ctx); return err }, `(document "` + id + `"`},
				{"Document", func() error { _, _, err := lib.Document(ctx, id); return err }, `(document "` + id + `"`},
				{"Reindex", func() error { m, _ := model(); _, err := lib.Reindex(ctx, embed, m, nil); return err }, `(document "` + id + `"`},
			}
			for _, r := range reads {
				err := func() (err error) {
					defer func() {
						if v := recover(); v != nil {
							err = fmt.Errorf("panic: %v", v)
						}
					}()
					return r.read()
				}()
				want := "library: " + path + " is damaged " + r.want
				if !errors.Is(err, library.ErrDamaged) || !strings.HasPrefix(err.Error(), want) {
					t.Errorf("%s: %v; want ErrDamaged, beginning %q", r.name, err, want)
				}
			}
		})
	}
}

// TestDuplicateText checks that a document from a file not stored whose text a stored
// document holds (the same file reached by another path, or a copy of it under any name), or
// an earlier document of the same call holds, is not stored again but reported as a duplicate
// naming that document, and as unchanged; and that KeepIDs (an ID the caller chose) stores it.
func TestDuplicateText(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	write := func(path, text string) string {
		path = filepath.Join(dir, path)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	read := func(path string) *corpus.Document {
		d, err := corpus.ReadFile(path, corpus.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	const cavalry = "The cavalry scouts ahead of the army and reports what it sees.\n"
	a := write("A/intro.txt", cavalry)
	b := write("B/intro.txt", cavalry)  // a copy, under the same name
	c := write("C/scouts.txt", cavalry) // and under another
	d := write("D/navy.txt", paragraph("navy"))
	e := write("E/fleet.txt", paragraph("navy")) // d's text, in the same call
	l := open(t, t.TempDir())
	_, embed := model()
	add := func(opts library.AddOptions, paths ...string) library.AddReport {
		t.Helper()
		var docs []*corpus.Document
		for _, p := range paths {
			docs = append(docs, read(p))
		}
		opts.Embed = embed
		rep, err := l.Add(ctx, docs, opts)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	if rep := add(library.AddOptions{}, a); len(rep.Added) != 1 || rep.Added[0] != "intro" {
		t.Fatalf("first add: %+v", rep)
	}
	rep := add(library.AddOptions{}, b, c, d, e)
	want := []library.Duplicate{{Path: b, Of: "intro", OfPath: a}, {Path: c, Of: "intro", OfPath: a}, {Path: e, Of: "navy", OfPath: d}}
	if !slices.Equal(rep.Duplicates, want) || !slices.Equal(rep.Added, []string{"navy"}) ||
		!slices.Equal(rep.Unchanged, []string{"intro", "intro", "navy"}) || len(rep.Updated) != 0 {
		t.Errorf("copies added: %+v; want navy added, and the duplicates %+v counted as unchanged", rep, want)
	}
	// The passages counted are those of intro and navy, each once, as the library holds them.
	if rep.PassagesTotal != 2 {
		t.Errorf("copies added: PassagesTotal %d, want 2 (intro's and navy's, not their copies')", rep.PassagesTotal)
	}
	docs, err := l.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Errorf("%d documents stored, want 2 (intro, navy): %+v", len(docs), docs)
	}
	// An ID chosen by the caller stores the text again.
	copyOf := read(c)
	copyOf.SetID("scouts-copy")
	if rep, err := l.Add(ctx, []*corpus.Document{copyOf}, library.AddOptions{Embed: embed, KeepIDs: true}); err != nil ||
		!slices.Equal(rep.Added, []string{"scouts-copy"}) || len(rep.Duplicates) != 0 {
		t.Errorf("KeepIDs: %+v, %v; want scouts-copy added", rep, err)
	}
}

// TestGivenMeta checks that GivenMeta returns, by path, the metadata fields the stored
// document of each path was given, and only those: of the document stored from the path whose
// ID was not given, or, with an ID, of the stored document of that ID, for every path (a file
// read under a stored document's ID replaces it).
func TestGivenMeta(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	l := open(t, t.TempDir())
	_, embed := model()
	add := func(path string, meta corpus.Meta, given ...string) {
		t.Helper()
		d, err := corpus.Parse(path, []byte(markdown("Forces", "navy")), meta)
		if err != nil {
			t.Fatal(err)
		}
		d.Path = path
		if _, err := l.Add(ctx, []*corpus.Document{d}, library.AddOptions{Embed: embed, KeepIDs: meta.ID != "" && slices.Contains(given, "id"), Given: given}); err != nil {
			t.Fatal(err)
		}
	}
	a, b, c := filepath.Join(dir, "a.md"), filepath.Join(dir, "b.md"), filepath.Join(dir, "c.md")
	add(a, corpus.Meta{Title: "Custom", Author: "Ann"}, "title", "author")
	add(a, corpus.Meta{ID: "copy", Edition: "2nd"}, "id", "edition") // a copy of a with --id
	add(b, corpus.Meta{})                                            // nothing given
	for _, tt := range []struct {
		id   string
		want map[string]corpus.Meta
	}{
		{"", map[string]corpus.Meta{a: {Title: "Custom", Author: "Ann"}}},
		{"copy", map[string]corpus.Meta{a: {Edition: "2nd"}, b: {Edition: "2nd"}, c: {Edition: "2nd"}}},
		{"a", map[string]corpus.Meta{a: {Title: "Custom", Author: "Ann"}, b: {Title: "Custom", Author: "Ann"}, c: {Title: "Custom", Author: "Ann"}}},
		{"nosuch", map[string]corpus.Meta{}},
		{"b", map[string]corpus.Meta{}},
	} {
		got, err := l.GivenMeta(ctx, []string{a, b, c}, tt.id)
		if err != nil || !maps.Equal(got, tt.want) {
			t.Errorf("GivenMeta(%q) = %v, %v; want %v", tt.id, got, err, tt.want)
		}
	}
}

// TestKeepIDsKeepsGiven checks that a document from another file added with KeepIDs under the
// ID of a stored document (an edited copy of its file, or a new edition) keeps the metadata
// fields that document was given and it is not, and records them as given: the file added
// again without them is unchanged.
func TestKeepIDsKeepsGiven(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	l := open(t, t.TempDir())
	_, embed := model()
	add := func(name string, meta corpus.Meta, keepIDs bool, given ...string) library.AddReport {
		t.Helper()
		d, err := corpus.Parse(name, []byte(markdown("Forces", "navy", name)), meta)
		if err != nil {
			t.Fatal(err)
		}
		d.Path = filepath.Join(dir, name)
		rep, err := l.Add(ctx, []*corpus.Document{d}, library.AddOptions{Embed: embed, KeepIDs: keepIDs, Given: given})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	meta := func() corpus.Meta {
		t.Helper()
		info, _, err := l.Document(ctx, "chuter")
		if err != nil {
			t.Fatal(err)
		}
		return corpus.Meta{Title: info.Title, Author: info.Author, Source: info.Source, Licence: info.Licence, Edition: info.Edition}
	}
	first := corpus.Meta{Title: "Governance", Author: "David Chuter", Source: "https://example.org/chuter", Licence: "CC BY", Edition: "2019"}
	m := first
	m.ID = "chuter"
	add("chuter.md", m, true, "id", "title", "author", "source", "licence", "edition")
	if rep := add("chuter-edit.md", corpus.Meta{ID: "chuter"}, true, "id"); !slices.Equal(rep.Updated, []string{"chuter"}) {
		t.Fatalf("an edited copy with the ID: %+v, want chuter updated", rep)
	}
	if got := meta(); got != first {
		t.Errorf("an edited copy with the ID: metadata %+v, want %+v", got, first)
	}
	if rep := add("chuter-edit.md", corpus.Meta{}, false); !slices.Equal(rep.Unchanged, []string{"chuter"}) {
		t.Errorf("the edited copy added again without flags: %+v, want chuter unchanged", rep)
	}
	add("chuter-2020.md", corpus.Meta{ID: "chuter", Edition: "2020"}, true, "id", "edition")
	want := first
	want.Edition = "2020"
	if got := meta(); got != want {
		t.Errorf("a new edition with the ID: metadata %+v, want %+v", got, want)
	}
}

// TestSimilarDocument checks that a document added under a new ID which shares half or more of
// its passages with a document stored before, and that document half or more of its own with
// it (an edited copy of its file), is reported as similar to it, naming it; and that one
// sharing fewer, one updated, one added with KeepIDs, an excerpt of a larger document, the
// parts of one, and a document that holds a smaller one are not.
func TestSimilarDocument(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	l := open(t, t.TempDir())
	_, embed := model()
	doc := func(name, title string, topics ...string) *corpus.Document {
		d := parse(t, name, markdown(title, topics...))
		d.Path = filepath.Join(dir, name)
		return d
	}
	add := func(opts library.AddOptions, docs ...*corpus.Document) library.AddReport {
		t.Helper()
		opts.Embed = embed
		rep, err := l.Add(ctx, docs, opts)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	add(library.AddOptions{}, doc("forces.md", "Forces", "navy", "army", "air force", "marines"))
	rep := add(library.AddOptions{},
		doc("copy.md", "Forces", "navy", "army", "space force", "coast guard"),     // half the passages
		doc("other.md", "Forces", "navy", "militia", "space force", "coast guard"), // a quarter
		doc("forces.md", "Forces", "navy", "army", "air force", "national guard"))  // updated
	want := []library.Similar{{ID: "copy", Path: filepath.Join(dir, "copy.md"), Of: "forces", OfPath: filepath.Join(dir, "forces.md"), Shared: 2, Texts: 4, OfTexts: 4}}
	if !slices.Equal(rep.Similar, want) || !slices.Equal(rep.Added, []string{"copy", "other"}) {
		t.Errorf("added %v, similar %+v; want %+v", rep.Added, rep.Similar, want)
	}
	d := doc("copy2.md", "Forces", "navy", "army", "air force", "militia")
	d.SetID("copy2")
	if rep := add(library.AddOptions{KeepIDs: true}, d); len(rep.Similar) != 0 || len(rep.Added) != 1 {
		t.Errorf("KeepIDs: added %v, similar %+v; want one added, none similar", rep.Added, rep.Similar)
	}

	// A document of 12 papers; an excerpt of 3 of them with a preface (as Federalist No. 10
	// alone, with Project Gutenberg's header) holds 3 of its 4 texts in it, but is a quarter
	// of it; each paper alone (as the US Code in chunks) is all in it; none is an edition of it.
	var papers []string
	for i := range 12 {
		papers = append(papers, fmt.Sprintf("paper %d", i+1))
	}
	add(library.AddOptions{}, doc("papers.md", "Papers", papers...))
	docs := []*corpus.Document{doc("excerpt.md", "Papers", "preface", "paper 9", "paper 10", "paper 11")}
	for _, p := range papers {
		docs = append(docs, doc(strings.ReplaceAll(p, " ", "-")+".md", "Papers", p))
	}
	rep = add(library.AddOptions{}, docs...)
	if len(rep.Similar) != 0 || len(rep.Added) != 13 {
		t.Errorf("an excerpt and the parts of a document: added %v, similar %+v; want 13 added, none similar", rep.Added, rep.Similar)
	}
	if rep.PassagesEmbedded != 1 {
		t.Errorf("an excerpt and the parts of a document: %d texts embedded, want 1 (the preface; the rest are the document's)", rep.PassagesEmbedded)
	}
	// A document that holds a stored one (the whole, the excerpt stored) is not an edition of
	// it either; an edited copy of the whole is one of the whole, not of its parts.
	rep = add(library.AddOptions{}, doc("more.md", "Papers", "preface", "paper 9", "paper 10", "paper 11", "paper 13", "paper 14", "paper 15", "paper 16", "paper 17"))
	if len(rep.Similar) != 0 {
		t.Errorf("a document holding a stored one: similar %+v, want none", rep.Similar)
	}
	rep = add(library.AddOptions{}, doc("papers-edited.md", "Papers", append(slices.Clone(papers[:11]), "paper 12, revised")...))
	want = []library.Similar{{ID: "papers-edited", Path: filepath.Join(dir, "papers-edited.md"), Of: "papers", OfPath: filepath.Join(dir, "papers.md"), Shared: 11, Texts: 12, OfTexts: 12}}
	if !slices.Equal(rep.Similar, want) {
		t.Errorf("an edited copy of the whole: similar %+v, want %+v", rep.Similar, want)
	}
}

// TestReindexLetsReadersRead checks that while Reindex embeds, another handle on the library
// (another process) reads it as it was, without waiting, and sees the new model once
// Reindex is done.
func TestReindexLetsReadersRead(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir)
	first, embed := model()
	if _, err := lib.Add(ctx, []*corpus.Document{parse(t, "a.md", markdown("Forces", topics...))}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	lib.Close()
	maint, err := library.Open(ctx, dir, library.Model{})
	if err != nil {
		t.Fatal(err)
	}
	defer maint.Close()
	started, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	slow := func(ctx context.Context, p *corpus.Passage) ([]float32, error) {
		once.Do(func() { close(started) })
		<-release
		return []float32{1, 0, 0}, nil
	}
	other := library.Model{Name: "other-model", Dim: 3}
	done := make(chan error, 1)
	go func() {
		_, err := maint.Reindex(ctx, slow, other, nil)
		done <- err
	}()
	<-started
	reader, err := library.Open(ctx, dir, library.Model{})
	if err != nil {
		close(release)
		t.Fatal(err)
	}
	defer reader.Close()
	rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	docs, err := reader.Documents(rctx)
	st, serr := reader.Stats(rctx)
	cancel()
	close(release)
	if err != nil || serr != nil || len(docs) != 1 || st.Model != first {
		t.Errorf("reading during a reindex: %d documents, model %v, errors %v, %v; want the library as it was", len(docs), st.Model, err, serr)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if st, err := reader.Stats(ctx); err != nil || st.Model != other || st.Vectors != len(topics) {
		t.Errorf("after the reindex: %+v, %v; want %v with %d vectors", st, err, other, len(topics))
	}
}

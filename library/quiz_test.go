package library_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/library"
	"github.com/doctrinebot/doctrinebot/quiz"
)

func openQuiz(t *testing.T, dir string) *library.Library {
	t.Helper()
	lib, err := library.Open(context.Background(), dir, library.Model{})
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// builtinItems stores in lib the items generated from the built-in corpus (seed 1), and
// returns them.
func builtinItems(t *testing.T, lib *library.Library) []quiz.Item {
	t.Helper()
	items := quiz.Generate(corpus.Builtin(), quiz.GenerateOptions{Seed: 1})
	if _, _, err := lib.AddItems(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	return items
}

func TestQuizItems(t *testing.T) {
	ctx := context.Background()
	lib := openQuiz(t, t.TempDir())
	defer lib.Close()
	items := quiz.Generate(corpus.Builtin(), quiz.GenerateOptions{Seed: 1})
	n, retired, err := lib.AddItems(ctx, items)
	if err != nil || n != len(items) || len(retired) != 0 {
		t.Fatalf("added %d of %d, %d retired: %v", n, len(items), len(retired), err)
	}
	if err := lib.SetItemStatus(ctx, items[0].ID, quiz.Rejected); err != nil {
		t.Fatal(err)
	}
	// Adding again keeps the rejection and adds nothing.
	if n, retired, err := lib.AddItems(ctx, items); err != nil || n != 0 || len(retired) != 0 {
		t.Errorf("added again %d, %d retired: %v", n, len(retired), err)
	}
	rejected, _ := lib.Items(ctx, quiz.Rejected)
	pending, _ := lib.Items(ctx, quiz.Pending)
	if len(rejected) != 1 || rejected[0].ID != items[0].ID || len(pending) != len(items)-1 {
		t.Errorf("%d rejected, %d pending", len(rejected), len(pending))
	}
	got, err := lib.Item(ctx, items[1].ID)
	if err != nil || !reflect.DeepEqual(got, items[1]) {
		t.Errorf("round trip: %v\n%+v\n%+v", err, got, items[1])
	}
	if err := lib.SetItemStatus(ctx, "nosuchitem00", quiz.Approved); !errors.Is(err, library.ErrNoItem) {
		t.Errorf("unknown item: %v", err)
	}
}

// TestSetItemsStatus checks that several items change status together, and that when one ID
// is not stored none of them changes.
func TestSetItemsStatus(t *testing.T) {
	ctx := context.Background()
	lib := openQuiz(t, t.TempDir())
	defer lib.Close()
	items := builtinItems(t, lib)
	if err := lib.SetItemsStatus(ctx, []string{items[0].ID, "nosuchitem00", items[1].ID}, quiz.Approved); !errors.Is(err, library.ErrNoItem) {
		t.Errorf("with an unknown item: %v, want ErrNoItem", err)
	}
	if approved, _ := lib.Items(ctx, quiz.Approved); len(approved) != 0 {
		t.Errorf("%d items approved after a failed change, want none", len(approved))
	}
	if err := lib.SetItemsStatus(ctx, []string{items[0].ID, items[1].ID}, quiz.Approved); err != nil {
		t.Fatal(err)
	}
	if approved, _ := lib.Items(ctx, quiz.Approved); len(approved) != 2 {
		t.Errorf("%d items approved, want 2", len(approved))
	}
}

// TestItemIDOfRow checks that an item whose JSON names another ID than its row's (written by
// hand) is read with its row's ID, the one that quiz approve and remove find it by.
func TestItemIDOfRow(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := openQuiz(t, dir)
	items := builtinItems(t, lib)
	lib.Close()
	damage(t, dir, `UPDATE quiz_items SET item = json_set(item, '$.id', 'ffffffffffff') WHERE id = '`+items[0].ID+`'`)
	lib = openQuiz(t, dir)
	defer lib.Close()
	all, err := lib.Items(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(all, func(it quiz.Item) bool { return it.ID == items[0].ID }) || slices.ContainsFunc(all, func(it quiz.Item) bool { return it.ID == "ffffffffffff" }) {
		t.Errorf("items listed with IDs %v; want %s, its row's, not the JSON's", ids(all), items[0].ID)
	}
	if err := lib.SetItemStatus(ctx, items[0].ID, quiz.Approved); err != nil {
		t.Errorf("approve by the listed ID: %v", err)
	}
}

// TestRemoveItems checks that RemoveItems deletes items with their review schedules, all of
// them or, when an ID is not stored, none (naming every such ID), and that an item removed
// comes back as new when added again.
func TestRemoveItems(t *testing.T) {
	ctx := context.Background()
	lib := openQuiz(t, t.TempDir())
	defer lib.Close()
	items := builtinItems(t, lib)
	if err := lib.SetItemStatus(ctx, items[0].ID, quiz.Rejected); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, it := range items[:2] {
		if err := lib.RecordReview(ctx, "ann", it.ID, false, now); err != nil {
			t.Fatal(err)
		}
	}
	err := lib.RemoveItems(ctx, []string{items[0].ID, "nosuchitem00", "nosuchitem01"})
	var missing *library.MissingItemsError
	if !errors.Is(err, library.ErrNoItem) || !errors.As(err, &missing) || !slices.Equal(missing.IDs, []string{"nosuchitem00", "nosuchitem01"}) {
		t.Errorf("with unknown items: %v; want a MissingItemsError naming both", err)
	}
	if all, _ := lib.Items(ctx, ""); len(all) != len(items) {
		t.Errorf("%d of %d items stored after a failed removal", len(all), len(items))
	}
	if err := lib.RemoveItems(ctx, []string{items[0].ID, items[1].ID}); err != nil {
		t.Fatal(err)
	}
	if all, _ := lib.Items(ctx, ""); len(all) != len(items)-2 {
		t.Errorf("%d of %d items stored after removing 2", len(all), len(items))
	}
	if _, err := lib.Item(ctx, items[1].ID); !errors.Is(err, library.ErrNoItem) {
		t.Errorf("a removed item: %v, want ErrNoItem", err)
	}
	if due, _, err := lib.DueReviews(ctx, "ann", now.AddDate(1, 0, 0), 0); err != nil || len(due) != 0 {
		t.Errorf("reviews due after their items were removed: %d, %v", len(due), err)
	}
	if n, _, err := lib.AddItems(ctx, items[:1]); err != nil || n != 1 {
		t.Errorf("added a removed item again: %d, %v", n, err)
	}
	if it, err := lib.Item(ctx, items[0].ID); err != nil || it.Status != items[0].Status {
		t.Errorf("the item added again: %v, status %q; want %q, its rejection gone with it", err, it.Status, items[0].Status)
	}
}

// TestQuizRestart runs a quiz halfway, "restarts" (closes and opens the library), resumes it
// and checks the results, the leaderboard and the review schedules.
func TestQuizRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	items := quiz.Generate(corpus.Builtin(), quiz.GenerateOptions{Seed: 1})[:3]
	lib := openQuiz(t, dir)
	if _, _, err := lib.AddItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	s := quiz.NewSession("chan-1", "chan", "", items, 20, now)
	q, _ := s.Next(now)
	s.Answer("ann", "Ann", q.Answer, now)
	s.Answer("bob", "Bob", (q.Answer+1)%len(q.Options), now)
	rev, _ := s.Reveal()
	if err := lib.RecordResults(ctx, s.ID, rev.Results, now); err != nil {
		t.Fatal(err)
	}
	q, _ = s.Next(now)
	s.Answer("ann", "Ann", (q.Answer+1)%len(q.Options), now)
	if err := lib.SaveSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	lib.Close()

	lib = openQuiz(t, dir)
	defer lib.Close()
	open, err := lib.OpenSessions(ctx)
	if err != nil || len(open) != 1 || !reflect.DeepEqual(open[0], s) {
		t.Fatalf("open sessions after restart: %v %+v", err, open)
	}
	s = open[0]
	rev, _ = s.Reveal()
	for range 2 { // recording the same reveal twice changes nothing
		if err := lib.RecordResults(ctx, s.ID, rev.Results, now); err != nil {
			t.Fatal(err)
		}
	}
	s.Finish(now)
	if err := lib.SaveSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	if open, _ := lib.OpenSessions(ctx); len(open) != 0 {
		t.Errorf("%d sessions open after finishing", len(open))
	}
	board, err := lib.Leaderboard(ctx, "chan", 0)
	want := []quiz.Score{{Member: "ann", Name: "Ann", Right: 1, Answered: 2}, {Member: "bob", Name: "Bob", Right: 0, Answered: 1}}
	if err != nil || !reflect.DeepEqual(board, want) {
		t.Errorf("leaderboard %+v, want %+v (%v)", board, want, err)
	}
	if other, _ := lib.Leaderboard(ctx, "elsewhere", 0); len(other) != 0 {
		t.Errorf("another channel's leaderboard: %+v", other)
	}
	due, reviews, err := lib.DueReviews(ctx, "ann", now, 0)
	if err != nil || len(due) != 1 || due[0].ID != items[1].ID || reviews[0].Box != 1 {
		t.Fatalf("ann's reviews: %v %+v", err, reviews)
	}
	if err := lib.RecordReview(ctx, "ann", items[1].ID, true, now); err != nil {
		t.Fatal(err)
	}
	if due, _, _ := lib.DueReviews(ctx, "ann", now.AddDate(0, 0, 1), 0); len(due) != 0 {
		t.Errorf("due a day after moving to box 2: %d", len(due))
	}
	if due, reviews, _ := lib.DueReviews(ctx, "ann", now.AddDate(0, 0, 2), 0); len(due) != 1 || reviews[0].Box != 2 {
		t.Errorf("due two days later: %+v", reviews)
	}
}

// itemsOf returns a true/false item for each passage of d, tied to it, with origin and status.
func itemsOf(d *corpus.Document, origin quiz.Origin, status quiz.Status) []quiz.Item {
	var out []quiz.Item
	for i := range d.Passages {
		p := &d.Passages[i]
		it := quiz.Item{Kind: quiz.TrueFalse, Stem: "Statement about " + p.Section() + ".", Options: quiz.TrueFalseOptions,
			Support: p.Text, Source: quiz.SourceOf(p), Origin: origin, Status: status}
		it.ID = quiz.ItemID(&it)
		out = append(out, it)
	}
	return out
}

// itemIDs returns the IDs of the items the library lists with status ("" for all), sorted.
func itemIDs(t *testing.T, lib *library.Library, status quiz.Status) []string {
	t.Helper()
	items, err := lib.Items(context.Background(), status)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	slices.Sort(ids)
	return ids
}

// ids returns the sorted IDs of items.
func ids(items ...[]quiz.Item) []string {
	var out []string
	for _, its := range items {
		for _, it := range its {
			out = append(out, it.ID)
		}
	}
	slices.Sort(out)
	return out
}

// TestRetiredItems checks that the quiz items of a removed document (generated or a trainer's)
// are retired in the removal's transaction: never listed, looked up, approved, reviewed or
// asked, as are those of an updated document whose passage the new edition no longer holds;
// and that the document added again brings them back with the status they had. Before, a
// removed document's items stayed pending or approved, and the terminal quiz asked them,
// quoting a passage the library no longer held.
func TestRetiredItems(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir)
	_, embed := model()
	a := parse(t, "a.md", markdown("Forces", "navy", "army", "militia"))
	b := parse(t, "b.md", markdown("Other forces", "reserve", "coast guard"))
	if _, err := lib.Add(ctx, []*corpus.Document{a, b}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	aItems := itemsOf(a, quiz.Generated, quiz.Pending)
	bItems := append(itemsOf(b, quiz.Trainer, quiz.Approved)[:1], itemsOf(b, quiz.Generated, quiz.Pending)[1:]...)
	if _, _, err := lib.AddItems(ctx, append(slices.Clone(aItems), bItems...)); err != nil {
		t.Fatal(err)
	}
	if err := lib.RecordReview(ctx, "ann", bItems[0].ID, false, time.Now()); err != nil {
		t.Fatal(err)
	}

	// An update that drops the army's passage retires its item.
	if _, err := lib.Add(ctx, []*corpus.Document{parse(t, "a.md", markdown("Forces", "navy", "militia"))}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	live := []quiz.Item{aItems[0], aItems[2]}
	if got, want := itemIDs(t, lib, ""), ids(live, bItems); !slices.Equal(got, want) {
		t.Errorf("after the update dropping a passage: items %v, want %v", got, want)
	}
	if _, err := lib.Item(ctx, aItems[1].ID); !errors.Is(err, library.ErrNoItem) {
		t.Errorf("Item of the dropped passage: %v, want ErrNoItem", err)
	}

	// Removing b retires its items, the trainer's approved one too, and their reviews.
	if _, err := lib.Remove(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	if got, want := itemIDs(t, lib, ""), ids(live); !slices.Equal(got, want) {
		t.Errorf("after removing b: items %v, want %v", got, want)
	}
	if got := itemIDs(t, lib, quiz.Approved); len(got) != 0 {
		t.Errorf("after removing b: approved items %v, want none", got)
	}
	if _, err := lib.Item(ctx, bItems[0].ID); !errors.Is(err, library.ErrNoItem) || !errors.Is(err, library.ErrRetiredItem) {
		t.Errorf("Item of removed b: %v, want ErrNoItem and ErrRetiredItem", err)
	}
	if err := lib.SetItemsStatus(ctx, []string{aItems[0].ID, bItems[1].ID}, quiz.Approved); !errors.Is(err, library.ErrNoItem) {
		t.Errorf("approving an item of removed b: %v, want ErrNoItem", err)
	}
	if got := itemIDs(t, lib, quiz.Approved); len(got) != 0 {
		t.Errorf("a failed approval approved %v", got)
	}
	if due, _, err := lib.DueReviews(ctx, "ann", time.Now().Add(24*time.Hour), 0); err != nil || len(due) != 0 {
		t.Errorf("reviews due after removing b: %d, %v; want none", len(due), err)
	}
	// Generating again does not bring them back.
	// AddItems says so: none added, every one retired.
	if n, retired, err := lib.AddItems(ctx, bItems); err != nil || n != 0 || !slices.Equal(ids(retired), ids(bItems)) || len(itemIDs(t, lib, "")) != len(live) {
		t.Errorf("adding b's items again while b is removed: %d new, retired %v, %v; want none new, %v retired", n, ids(retired), err, ids(bItems))
	}

	// b and a's army added again: their items are back, as they were.
	b2 := parse(t, "b.md", markdown("Other forces", "reserve", "coast guard"))
	a2 := parse(t, "a.md", markdown("Forces", "navy", "army", "militia"))
	if _, err := lib.Add(ctx, []*corpus.Document{a2, b2}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	if got, want := itemIDs(t, lib, ""), ids(aItems, bItems); !slices.Equal(got, want) {
		t.Errorf("after adding a and b again: items %v, want %v", got, want)
	}
	if got, want := itemIDs(t, lib, quiz.Approved), ids(bItems[:1]); !slices.Equal(got, want) {
		t.Errorf("after adding b again: approved %v, want %v", got, want)
	}
	if due, _, err := lib.DueReviews(ctx, "ann", time.Now().Add(24*time.Hour), 0); err != nil || len(due) != 1 {
		t.Errorf("reviews due after adding b again: %d, %v; want 1", len(due), err)
	}
}

// TestConvertVersion4Items checks that a library of schema version 4 (quiz items without the
// column retired) is converted when opened: its items keep their status, and an item whose
// document holds no longer its passage (updated before) is retired.
func TestConvertVersion4Items(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir)
	_, embed := model()
	a := parse(t, "a.md", markdown("Forces", "navy", "army"))
	if _, err := lib.Add(ctx, []*corpus.Document{a}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	items := itemsOf(a, quiz.Trainer, quiz.Approved)
	gone := items[1]
	gone.Source.PassageID = "000000000000" // a passage of an earlier edition
	gone.ID = quiz.ItemID(&gone)
	if _, _, err := lib.AddItems(ctx, []quiz.Item{items[0], gone}); err != nil {
		t.Fatal(err)
	}
	lib.Close()
	db, err := sql.Open("sqlite", filepath.Join(dir, library.FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`ALTER TABLE quiz_items DROP COLUMN retired`, `UPDATE meta SET value = '4' WHERE key = 'schema_version'`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	db.Close()
	lib = open(t, dir)
	if got, want := itemIDs(t, lib, quiz.Approved), ids(items[:1]); !slices.Equal(got, want) {
		t.Errorf("approved items after converting %v, want %v", got, want)
	}
}

// TestAddItemsOfPassageGone checks that AddItems, in its own transaction, stores retired the
// items whose passage the library no longer holds: items checked against documents that a
// Remove, or an Add of an edition without their passage, dropped before they were stored
// (as a corpus remove in another process may between quiz import's check of a bank and its
// store, or after Discord's bot loaded its corpus). They are never listed, and adding the
// document again brings them back. Before, they were stored live, approved, for a document
// gone. Items of the built-in corpus stored in a library holding no document stay live;
// items of another document in such a library are retired.
func TestAddItemsOfPassageGone(t *testing.T) {
	ctx := context.Background()
	lib := open(t, t.TempDir())
	_, embed := model()
	a := parse(t, "a.md", markdown("Forces", "navy", "army"))
	b := parse(t, "b.md", markdown("Other forces", "reserve", "coast guard"))
	if _, err := lib.Add(ctx, []*corpus.Document{a, b}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	// Checked against a and b as the library held them; then b is removed and a updated
	// without the army's passage; then stored.
	aItems, bItems := itemsOf(a, quiz.Trainer, quiz.Approved), itemsOf(b, quiz.Trainer, quiz.Approved)
	if _, err := lib.Remove(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Add(ctx, []*corpus.Document{parse(t, "a.md", markdown("Forces", "navy"))}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	if len(aItems) != 2 {
		t.Fatalf("a has %d passages, want 2 (the navy's, the army's)", len(aItems))
	}
	live := aItems[:1] // the navy's
	// AddItems says which it stored retired (the army's, b's), so that its caller can tell:
	// it counted them all as new, for the callers to report as imported.
	n, retired, err := lib.AddItems(ctx, append(slices.Clone(aItems), bItems...))
	if err != nil || n != len(live) {
		t.Fatalf("AddItems: %d new and live, %v; want %d", n, err, len(live))
	}
	if got, want := ids(retired), ids(aItems[1:], bItems); !slices.Equal(got, want) {
		t.Errorf("AddItems: retired %v, want %v", got, want)
	}
	// Given again, with an item twice: the same retired, each once, none new.
	n, retired, err = lib.AddItems(ctx, append(append(slices.Clone(bItems), aItems...), bItems[0]))
	if err != nil || n != 0 {
		t.Errorf("AddItems again: %d new, %v; want none", n, err)
	}
	if got, want := ids(retired), ids(aItems[1:], bItems); !slices.Equal(got, want) {
		t.Errorf("AddItems again: retired %v, want %v", got, want)
	}
	if got, want := itemIDs(t, lib, quiz.Approved), ids(live); !slices.Equal(got, want) {
		t.Errorf("items stored after their passages were dropped: approved %v, want %v", got, want)
	}
	if _, err := lib.Item(ctx, bItems[0].ID); !errors.Is(err, library.ErrRetiredItem) {
		t.Errorf("Item of removed b: %v, want ErrRetiredItem", err)
	}
	// b and the army added again: their items are back, approved.
	if _, err := lib.Add(ctx, []*corpus.Document{a, parse(t, "b.md", markdown("Other forces", "reserve", "coast guard"))}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	if got, want := itemIDs(t, lib, quiz.Approved), ids(aItems, bItems); !slices.Equal(got, want) {
		t.Errorf("after adding a and b again: approved %v, want %v", got, want)
	}

	// A library holding no document: items of the built-in corpus are live, others retired.
	empty := open(t, t.TempDir())
	builtin := quiz.Generate(corpus.Builtin(), quiz.GenerateOptions{Seed: 1})
	n, retired, err = empty.AddItems(ctx, append(slices.Clone(builtin), bItems...))
	if err != nil || n != len(builtin) || !slices.Equal(ids(retired), ids(bItems)) {
		t.Errorf("AddItems in a library holding no document: %d new and live, retired %v, %v; want %d, %v", n, ids(retired), err, len(builtin), ids(bItems))
	}
	if got, want := itemIDs(t, empty, ""), ids(builtin); !slices.Equal(got, want) {
		t.Errorf("in a library holding no document: items %v, want the built-in corpus's %v", got, want)
	}
}

// TestAddItemsPlainStatement checks that a true/false item stored with its bare statement as
// its stem, as an earlier doctrinebot stored a trainer's or a chat model's, is the item that
// statement gives now, with the wording "True or false, according to …: " and another ID (see
// quiz.PlainStatementID): adding it, as importing a bank exported from the library does, adds
// nothing and keeps the stored item's status, where it stored the same item twice; and that
// a retired one is given back as retired.
func TestAddItemsPlainStatement(t *testing.T) {
	ctx := context.Background()
	lib := openQuiz(t, t.TempDir())
	defer lib.Close()
	const statement = "The security forces must be effective in what they do."
	bank := []byte("items:\n  - statement: " + statement + "\n    answer: true\n    source: " + statement + "\n")
	items, err := quiz.ParseBank("bank.yaml", bank, corpus.Builtin(), "the built-in corpus")
	if err != nil {
		t.Fatal(err)
	}
	worded := items[0]
	old := worded
	old.Stem = statement // as it was stored before
	old.ID = quiz.ItemID(&old)
	if old.ID == worded.ID || quiz.PlainStatementID(&worded) != old.ID {
		t.Fatalf("the worded item %s (%q) is not told from the old %s by its PlainStatementID", worded.ID, worded.Stem, old.ID)
	}
	if n, _, err := lib.AddItems(ctx, []quiz.Item{old}); err != nil || n != 1 {
		t.Fatalf("added %d: %v", n, err)
	}
	if err := lib.SetItemStatus(ctx, old.ID, quiz.Rejected); err != nil {
		t.Fatal(err)
	}
	for _, add := range [][]quiz.Item{{worded}, {worded, old}, {old, worded}} {
		if n, retired, err := lib.AddItems(ctx, add); err != nil || n != 0 || len(retired) != 0 {
			t.Errorf("adding %d items: added %d, %d retired: %v; want none", len(add), n, len(retired), err)
		}
	}
	all, err := lib.Items(ctx, "")
	if err != nil || len(all) != 1 || all[0].ID != old.ID || all[0].Status != quiz.Rejected {
		t.Errorf("the library holds %+v (%v); want the old item alone, rejected", all, err)
	}
	// Retired, its document removed: given back as retired, by its ID.
	other := open(t, t.TempDir())
	_, embed := model()
	a := parse(t, "a.md", markdown("Forces", "navy", "army"))
	if _, err := other.Add(ctx, []*corpus.Document{a}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	const navy = "The navy is described here at length."
	items, err = quiz.ParseBank("bank.yaml", []byte("items:\n  - statement: "+navy+"\n    answer: true\n    source: "+navy+"\n"), []*corpus.Document{a}, "a")
	if err != nil {
		t.Fatal(err)
	}
	worded = items[0]
	old = worded
	old.Stem = navy
	old.ID = quiz.ItemID(&old)
	if n, retired, err := other.AddItems(ctx, []quiz.Item{old}); err != nil || n != 1 || len(retired) != 0 {
		t.Fatalf("added %d, %d retired: %v", n, len(retired), err)
	}
	if _, err := other.Remove(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if n, retired, err := other.AddItems(ctx, []quiz.Item{worded}); err != nil || n != 0 || len(retired) != 1 || retired[0].ID != old.ID {
		t.Errorf("added %d, retired %v: %v; want none added and the old item retired", n, retired, err)
	}
}

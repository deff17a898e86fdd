package library_test

import (
	"context"
	"errors"
	"reflect"
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

func TestQuizItems(t *testing.T) {
	ctx := context.Background()
	lib := openQuiz(t, t.TempDir())
	defer lib.Close()
	items := quiz.Generate(corpus.Builtin(), quiz.GenerateOptions{Seed: 1})
	n, err := lib.AddItems(ctx, items)
	if err != nil || n != len(items) {
		t.Fatalf("added %d of %d: %v", n, len(items), err)
	}
	if err := lib.SetItemStatus(ctx, items[0].ID, quiz.Rejected); err != nil {
		t.Fatal(err)
	}
	// Adding again keeps the rejection and adds nothing.
	if n, err := lib.AddItems(ctx, items); err != nil || n != 0 {
		t.Errorf("added again %d: %v", n, err)
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
	items := quiz.Generate(corpus.Builtin(), quiz.GenerateOptions{Seed: 1})
	if _, err := lib.AddItems(ctx, items); err != nil {
		t.Fatal(err)
	}
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

// TestQuizRestart runs a quiz halfway, "restarts" (closes and opens the library), resumes it
// and checks the results, the leaderboard and the review schedules.
func TestQuizRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	items := quiz.Generate(corpus.Builtin(), quiz.GenerateOptions{Seed: 1})[:3]
	lib := openQuiz(t, dir)
	if _, err := lib.AddItems(ctx, items); err != nil {
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

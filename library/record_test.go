package library_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/library"
	"github.com/doctrinebot/doctrinebot/quiz"
)

// threadsQuery counts the threads' questions stored.
const threadsQuery = `SELECT count(*) FROM threads`

// TestThreads checks that a thread's question is kept, read back while the thread started at
// or after the oldest time asked for, and across a reopening; and that what is stored is
// bounded on each write: threads started before the oldest time given are deleted, and only
// the keep stored last are kept.
func TestThreads(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := openQuiz(t, dir)
	defer func() { lib.Close() }()
	const week = 7 * 24 * time.Hour
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	save := func(id, question string, keep int) {
		t.Helper()
		if err := lib.SaveThread(ctx, id, question, now, now.Add(-week), keep); err != nil {
			t.Fatal(err)
		}
	}
	read := func(id string, oldest time.Time) string {
		t.Helper()
		q, err := lib.ThreadQuestion(ctx, id, oldest)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	save("1", "What is governance?\x1b[31m", 3)
	save("2", " \x07 ", 3) // nothing to store
	if got := read("1", now.Add(-week)); got != "What is governance?[31m" {
		t.Errorf("thread 1: %q, want its question without control characters", got)
	}
	if got := read("1", now.Add(time.Millisecond)); got != "" {
		t.Errorf("thread 1, asked for threads started after it: %q, want none", got)
	}
	if got := read("2", now.Add(-week)); got != "" {
		t.Errorf("thread 2, of a blank question: %q, want none", got)
	}
	lib.Close()
	lib = openQuiz(t, dir)
	if got := read("1", now.Add(-week)); got != "What is governance?[31m" {
		t.Errorf("thread 1 after reopening: %q", got)
	}

	for n := 2; n <= 10; n++ {
		now = now.Add(time.Minute)
		save(fmt.Sprint(n), fmt.Sprintf("Question %d?", n), 3)
		if got := count(t, dir, threadsQuery); got > 3 {
			t.Fatalf("%d threads stored after thread %d, want at most 3", got, n)
		}
	}
	for id, want := range map[string]string{"1": "", "7": "", "8": "Question 8?", "10": "Question 10?"} {
		if got := read(id, now.Add(-week)); got != want {
			t.Errorf("thread %s, 3 kept: %q, want %q", id, got, want)
		}
	}
	save("8", "Question 8, again?", 3) // keeps its place: 8, 9 and 10 are kept
	if got := count(t, dir, threadsQuery); got != 3 || read("8", now.Add(-week)) != "Question 8, again?" {
		t.Errorf("thread 8 stored again: %d threads, %q", got, read("8", now.Add(-week)))
	}

	// Threads 8 (stored again) and 10 started at now, 9 a minute before.
	now = now.Add(week)
	save("11", "Question 11?", 3)
	if got := count(t, dir, threadsQuery); got != 2 || read("9", time.Time{}) != "" || read("8", time.Time{}) != "" || read("10", time.Time{}) != "Question 10?" {
		t.Errorf("a week after threads 8 and 10: %d threads stored, want 2 (10 and 11: 9 started over a week before, 8 stored before the 3 stored last)", got)
	}
	now = now.Add(time.Minute)
	save("12", "Question 12?", 3)
	if got := count(t, dir, threadsQuery); got != 2 || read("10", time.Time{}) != "" || read("11", time.Time{}) != "Question 11?" {
		t.Errorf("a week and a minute after thread 10: %d threads stored, want 2 (11 and 12)", got)
	}
}

// TestConvertVersion6Threads checks that a library of schema version 6 (no table threads)
// is converted when opened: it keeps its documents, passages, gaps, votes and quiz items, and
// gains the table, where threads' questions are then kept.
func TestConvertVersion6Threads(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir)
	_, embed := model()
	a := parse(t, "a.md", markdown("Forces", topics...))
	if _, err := lib.Add(ctx, []*corpus.Document{a}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	items := itemsOf(a, quiz.Trainer, quiz.Approved)
	if _, _, err := lib.AddItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	if err := lib.RecordGap(ctx, "Who won the cup?"); err != nil {
		t.Fatal(err)
	}
	if err := lib.RecordFeedback(ctx, bot.Feedback{PassageID: a.Passages[0].ID, QuestionHash: "q", UserID: "u", Helpful: true}); err != nil {
		t.Fatal(err)
	}
	before := view(t, lib)
	lib.Close()
	db, err := sql.Open("sqlite", filepath.Join(dir, library.FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TABLE threads`, `UPDATE meta SET value = '6' WHERE key = 'schema_version'`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	db.Close()

	lib = open(t, dir)
	if after := view(t, lib); after != before {
		t.Errorf("the library after converting:\n%s\nwant\n%s", after, before)
	}
	if got, want := itemIDs(t, lib, quiz.Approved), ids(items); !slices.Equal(got, want) {
		t.Errorf("approved items after converting %v, want %v", got, want)
	}
	if gaps, err := lib.Gaps(ctx, 0); err != nil || len(gaps) != 1 || gaps[0].Question != "Who won the cup?" {
		t.Errorf("gaps after converting: %+v, %v", gaps, err)
	}
	if counts, err := lib.FeedbackCounts(ctx); err != nil || counts[a.Passages[0].ID] != [2]int{1, 0} {
		t.Errorf("votes after converting: %v, %v", counts, err)
	}
	now := time.Now()
	if err := lib.SaveThread(ctx, "1", "What is governance?", now, now.Add(-time.Hour), 10); err != nil {
		t.Fatal(err)
	}
	if q, err := lib.ThreadQuestion(ctx, "1", now.Add(-time.Hour)); err != nil || q != "What is governance?" {
		t.Errorf("a thread's question after converting: %q, %v", q, err)
	}
	if got := count(t, dir, `SELECT count(*) FROM meta WHERE key = 'schema_version' AND value = '`+fmt.Sprint(library.SchemaVersion)+`'`); got != 1 {
		t.Errorf("schema version not %d after converting", library.SchemaVersion)
	}
}

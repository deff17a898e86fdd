package library_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/library"
	"github.com/doctrinebot/doctrinebot/quiz"
)

// damage runs qs on the database of the closed library in dir, as a break tester did with
// python3's sqlite3 module.
func damage(t *testing.T, dir string, qs ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, library.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range qs {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
}

// read is one call on a library, named, that may fail.
type read struct {
	name string
	call func() error
}

// checkDamaged checks that each of reads fails with ErrDamaged, in words beginning with
// "library: PATH is damaged " and detail, and does not panic.
func checkDamaged(t *testing.T, dir, detail string, reads ...read) {
	t.Helper()
	want := "library: " + filepath.Join(dir, library.FileName) + " is damaged " + detail
	for _, r := range reads {
		err := func() (err error) {
			defer func() {
				if v := recover(); v != nil {
					err = fmt.Errorf("panic: %v", v)
				}
			}()
			return r.call()
		}()
		if !errors.Is(err, library.ErrDamaged) || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %v; want ErrDamaged, beginning %q", r.name, err, want)
		}
	}
}

// TestDamagedQuizItem checks that a stored quiz item changed by hand into one that is not
// one (an answer out of its options, eight options on a true/false item, a kind of none,
// JSON that does not parse, a column retired of text) is reported as damage naming the file
// and the item by every read of it, rather than panicking where it is listed or asked
// (`doctrinebot quiz` panicked with "index out of range [99]" in quiz.Item.Label), or failing
// in words that named no item ("invalid character 'b' looking for beginning of object key
// string"). An item that is not JSON fails a removal and an update of its document, which
// retire items by their JSON, naming it, where they said "retire quiz items: SQL logic
// error: malformed JSON (1)".
func TestDamagedQuizItem(t *testing.T) {
	for _, tc := range []struct {
		name, set string
		want      string // after "quiz item ID: "
		writes    bool   // Remove and Add of the item's document fail too
	}{
		{"answer 99", `item = json_set(item, '$.answer', 99)`, "answer 99 is none of its 2 options", false},
		{"answer -1", `item = json_set(item, '$.answer', -1)`, "answer -1 is none of its 2 options", false},
		{"eight options", `item = json_set(item, '$.options', json('["T","F","a","b","c","d","e","f"]'))`, "8 options, want 2", false},
		{"choice of two", `item = json_set(item, '$.kind', 'choice')`, "2 options, want 4", false},
		{"no kind", `item = json_set(item, '$.kind', 'essay')`, `unknown kind "essay"`, false},
		{"empty option", `item = json_set(item, '$.options[1]', ' ')`, "option F is empty", false},
		{"no stem", `item = json_set(item, '$.stem', '')`, "no question", false},
		{"zero-width stem", `item = json_set(item, '$.stem', char(0x200b, 0x2060, 0xfeff))`, "no question", false},
		{"same options", `item = json_set(item, '$.options[1]', 'true')`, "options T and F are the same", false},
		{"yes and no", `item = json_set(item, '$.options', json('["Yes","No"]'))`, "a true/false item's options are [\"Yes\" \"No\"], want [\"True\" \"False\"]", false},
		{"no source", `item = json_set(item, '$.source', json('{}'))`, "its source names no document and passage", false},
		{"unknown status", `status = 'bogus'`, `status "bogus" is none of pending, approved and rejected`, false},
		{"malformed JSON", `item = '{bad'`, "quiz_items.item is no quiz item: invalid character 'b' looking for beginning of object key string", true},
		{"retired text", `retired = 'abc'`, `quiz_items.retired holds "abc", not 0 or 1`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			a := parse(t, "a.md", markdown("Forces", "navy", "army"))
			dir := storedLibrary(t, a)
			lib := open(t, dir)
			items := itemsOf(a, quiz.Trainer, quiz.Approved)
			now := time.Now()
			if _, _, err := lib.AddItems(ctx, items); err != nil {
				t.Fatal(err)
			}
			if err := lib.RecordReview(ctx, "ann", items[0].ID, false, now); err != nil {
				t.Fatal(err)
			}
			lib.Close()
			id := items[0].ID
			damage(t, dir, `UPDATE quiz_items SET `+tc.set+` WHERE id = '`+id+`'`)

			lib = open(t, dir)
			_, embed := model()
			reads := []read{
				{"Items", func() error { _, err := lib.Items(ctx, ""); return err }},
				{"Items approved", func() error { _, err := lib.Items(ctx, quiz.Approved); return err }},
				{"Item", func() error { _, err := lib.Item(ctx, id); return err }},
			}
			if tc.name == "unknown status" {
				reads = slices.DeleteFunc(reads, func(r read) bool { return r.name == "Items approved" }) // not among them
			}
			due := read{"DueReviews", func() error { _, _, err := lib.DueReviews(ctx, "ann", now.AddDate(0, 0, 7), 0); return err }}
			if tc.name == "retired text" {
				reads = append(reads, read{"AddItems", func() error { _, _, err := lib.AddItems(ctx, items[:1]); return err }})
				// The row read is the review's, joined with its item's.
				checkDamaged(t, dir, "(review of quiz item "+id+" by member ann: "+tc.want+"): restore it from a backup", due)
			} else {
				reads = append(reads, due)
			}
			remedy := "): remove the item with `doctrinebot quiz remove " + id + "` (its answers and scores stay), or restore the library from a backup"
			checkDamaged(t, dir, "(quiz item "+id+": "+tc.want+remedy, reads...)
			if tc.writes {
				checkDamaged(t, dir, "(quiz item "+id+": quiz_items.item is not JSON"+remedy,
					read{"Remove", func() error { _, err := lib.Remove(ctx, "a"); return err }},
					read{"Add", func() error {
						_, err := lib.Add(ctx, []*corpus.Document{parse(t, "a.md", markdown("Forces", "navy"))}, library.AddOptions{Embed: embed})
						return err
					}})
			}
			// The other item reads as it was stored.
			if got, err := lib.Item(ctx, items[1].ID); err != nil || got.ID != items[1].ID {
				t.Errorf("the other item: %+v, %v", got, err)
			}
			// Removed, the damaged item no longer stands in the way of any read or write.
			if err := lib.RemoveItems(ctx, []string{id}); err != nil {
				t.Fatalf("RemoveItems of the damaged item: %v", err)
			}
			for _, r := range reads {
				if r.name != "Item" && r.name != "AddItems" {
					if err := r.call(); err != nil {
						t.Errorf("%s after the damaged item was removed: %v", r.name, err)
					}
				}
			}
			if _, err := lib.Remove(ctx, "a"); err != nil {
				t.Errorf("Remove after the damaged item was removed: %v", err)
			}
		})
	}
}

// TestDamagedItemOddID checks that a damaged quiz item whose row ID is no item ID as `quiz
// remove` takes one (written by hand: upper case, a space, a quote) is reported as other
// damage is, naming the file, rather than with a `quiz remove` command that could not remove
// it (it lower-cases the ID) or that pasted the ID unquoted.
func TestDamagedItemOddID(t *testing.T) {
	for _, id := range []string{"ABCDEF123456", "bad id", "x'; rm -rf ~"} {
		ctx := context.Background()
		dir := t.TempDir()
		lib := openQuiz(t, dir)
		if _, _, err := lib.AddItems(ctx, quiz.Generate(corpus.Builtin(), quiz.GenerateOptions{Seed: 1})[:1]); err != nil {
			t.Fatal(err)
		}
		lib.Close()
		damage(t, dir, `UPDATE quiz_items SET id = '`+strings.ReplaceAll(id, "'", "''")+`', item = 'not json'`)
		lib = openQuiz(t, dir)
		_, err := lib.Items(ctx, "")
		lib.Close()
		if !errors.Is(err, library.ErrDamaged) || strings.Contains(err.Error(), "quiz remove") || !strings.Contains(err.Error(), "restore it from a backup") {
			t.Errorf("item %q: %v; want damage with no quiz remove command", id, err)
		}
	}
}

// TestDamagedQuizSession checks that a saved quiz session whose item or answer was changed by
// hand into none of the item's options is reported as damage, naming the session and the
// item, by OpenSessions and Session, rather than panicking when the front end resumes it
// (quiz.Item.Label, or the reveal counting the answers by option).
func TestDamagedQuizSession(t *testing.T) {
	for _, tc := range []struct {
		name, set, want string
	}{
		{"item's answer", `json_set(state, '$.items[0].answer', 99)`, "answer 99 is none of its 2 options"},
		{"member's answer", `json_set(state, '$.answers[0].ann', 7)`, "member ann answered 7, none of its 2 options"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			lib := openQuiz(t, dir)
			a := parse(t, "a.md", markdown("Forces", "navy", "army"))
			items := itemsOf(a, quiz.Trainer, quiz.Approved)
			now := time.Now()
			s := quiz.NewSession("s1", "chan", "", items, 20, now)
			s.Next(now)
			if err := s.Answer("ann", "Ann", 0, now); err != nil {
				t.Fatal(err)
			}
			if err := lib.SaveSession(ctx, s); err != nil {
				t.Fatal(err)
			}
			lib.Close()
			damage(t, dir, `UPDATE quiz_sessions SET state = `+tc.set)

			lib = openQuiz(t, dir)
			defer lib.Close()
			checkDamaged(t, dir, "(quiz: load session s1: item "+items[0].ID+": "+tc.want+"): restore it from a backup",
				read{"OpenSessions", func() error { _, err := lib.OpenSessions(ctx); return err }},
				read{"Session", func() error { _, err := lib.Session(ctx, "s1"); return err }})
		})
	}
}

// TestDamagedColumns checks that a column of numbers holding something else (text, a real, a
// blob), which no doctrinebot writes there, is reported as damage naming the file, the row
// (the document, its passage, the question) and the column by every read of it, where
// database/sql's words named neither the table nor the row: `sql: Scan error on column index
// 13, name "passages": converting driver.Value type string ("abc") to a int`.
func TestDamagedColumns(t *testing.T) {
	ctx := context.Background()
	a := parse(t, "a.md", markdown("Forces", topics...))
	second, last := a.Passages[1].ID, a.Passages[len(a.Passages)-1]
	const (
		documents = "Documents Document Remove"
		passages  = "Load LoadPassages Document Reindex"
	)
	for _, tc := range []struct {
		name, q string
		want    string
		reads   string // the reads that report it, of those below
	}{
		{"documents.passages", `UPDATE documents SET passages = 'abc'`,
			`(document "a": documents.passages holds "abc", not a whole number)`, documents + " " + passages},
		{"documents.bytes", `UPDATE documents SET bytes = 'abc'`,
			`(document "a": documents.bytes holds "abc", not a whole number)`, documents},
		{"documents.added", `UPDATE documents SET added = 1.5`,
			`(document "a": documents.added holds 1.5, not a whole number)`, documents},
		{"documents.updated", `UPDATE documents SET updated = x'0102'`,
			`(document "a": documents.updated holds a blob of 2 bytes, not a whole number)`, documents},
		{"passages.first_line", `UPDATE passages SET first_line = 'abc' WHERE idx = 1`,
			`(document "a", passage ` + second + `: passages.first_line holds "abc", not a whole number)`, passages},
		// (The last: text sorts after every number, and a passage missing before it is found first.)
		{"passages.idx", fmt.Sprintf(`UPDATE passages SET idx = 'last' WHERE idx = %d`, last.Index),
			`(document "a", passage ` + last.ID + `: passages.idx holds "last", not a whole number)`, passages},
		{"gaps.count", `INSERT INTO gaps (key, question, count, last) VALUES ('who won the cup', 'Who won the cup?', 'abc', 0)`,
			`(gap "Who won the cup?": gaps.count holds "abc", not a whole number)`, "Gaps"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := storedLibrary(t, a)
			damage(t, dir, tc.q)
			lib := open(t, dir)
			m, embed := model()
			all := map[string]func() error{
				"Documents":    func() error { _, err := lib.Documents(ctx); return err },
				"Document":     func() error { _, _, err := lib.Document(ctx, "a"); return err },
				"Load":         func() error { _, _, err := lib.Load(ctx); return err },
				"LoadPassages": func() error { _, err := lib.LoadPassages(ctx); return err },
				"Reindex":      func() error { _, err := lib.Reindex(ctx, embed, m, nil); return err },
				"Remove":       func() error { _, err := lib.Remove(ctx, "a"); return err },
				"Gaps":         func() error { _, err := lib.Gaps(ctx, 0); return err },
			}
			var reads []read
			for _, name := range strings.Fields(tc.reads) {
				reads = append(reads, read{name, all[name]})
			}
			checkDamaged(t, dir, tc.want+": restore it from a backup", reads...)
		})
	}
}

// TestMissingTable checks that a library one of whose tables was dropped is reported as
// damaged by Open, naming the file and the table, and left as it is, where Open created the
// table again, empty, without a word (`quiz list` then said 0 items where there were 579);
// and that a table a library's schema version did not hold yet is still created when it is
// converted: threads for version 6, the tables of quizzes, votes and gaps for version 1.
func TestMissingTable(t *testing.T) {
	ctx := context.Background()
	a := parse(t, "a.md", markdown("Forces", "navy", "army"))
	m, _ := model()
	opens := []struct {
		name string
		open func(dir string) (*library.Library, error)
	}{
		{"Open", func(dir string) (*library.Library, error) { return library.Open(ctx, dir, m) }},
		{"Open, no model", func(dir string) (*library.Library, error) { return library.Open(ctx, dir, library.Model{}) }},
		{"OpenUnchecked", func(dir string) (*library.Library, error) { return library.OpenUnchecked(ctx, dir, m) }},
	}
	for _, tc := range []struct {
		name    string
		version int // 0: SchemaVersion
		drop    []string
		want    string // "": converted
		create  string // a table made again in their place, with other columns
	}{
		{"quiz_items", 0, []string{"quiz_items"}, "(table quiz_items is missing)", ""},
		{"gaps", 0, []string{"gaps"}, "(table gaps is missing)", ""},
		{"embeddings", 0, []string{"embeddings"}, "(table embeddings is missing)", ""},
		{"threads", 0, []string{"threads"}, "(table threads is missing)", ""},
		{"passages", 0, []string{"passages"}, "(table passages is missing)", ""},
		{"two", 0, []string{"quiz_reviews", "feedback"}, "(tables feedback, quiz_reviews are missing)", ""},
		{"version 6, quiz_items", 6, []string{"quiz_items", "threads"}, "(table quiz_items is missing)", ""},
		{"version 6, threads", 6, []string{"threads"}, "", ""},
		{"version 1, quizzes", 1, []string{"feedback", "gaps", "quiz_items", "quiz_sessions", "quiz_answers", "quiz_reviews", "threads"}, "", ""},
		{"version 1, passages", 1, []string{"passages", "threads"}, "(table passages is missing)", ""},
		{"quiz_items made again", 0, []string{"quiz_items"}, "(table quiz_items has no column status, origin, added, retired)",
			`CREATE TABLE quiz_items (id TEXT PRIMARY KEY, item TEXT)`},
		{"gaps made again", 0, []string{"gaps"}, "(table gaps has no column last)", `CREATE TABLE gaps (key TEXT PRIMARY KEY, question TEXT, count INTEGER)`},
		// As a table editor remakes one: every column TEXT, the rows copied.
		{"quiz_items of text", 0, nil, "(table quiz_items: column added has type TEXT, want INTEGER)",
			`CREATE TABLE q2 (id TEXT PRIMARY KEY, status TEXT NOT NULL, origin TEXT NOT NULL, item TEXT NOT NULL, added TEXT NOT NULL, retired TEXT NOT NULL DEFAULT '0') WITHOUT ROWID;
			INSERT INTO q2 SELECT * FROM quiz_items; DROP TABLE quiz_items; ALTER TABLE q2 RENAME TO quiz_items`},
		// A type of the same affinity is no damage: "INT" stores as "INTEGER" does.
		{"quiz_items of INT", 0, nil, "",
			`CREATE TABLE q2 (id TEXT PRIMARY KEY, status TEXT NOT NULL, origin TEXT NOT NULL, item TEXT NOT NULL, added INT NOT NULL, retired INT NOT NULL DEFAULT 0) WITHOUT ROWID;
			INSERT INTO q2 SELECT * FROM quiz_items; DROP TABLE quiz_items; ALTER TABLE q2 RENAME TO quiz_items`},
		{"quiz_items with NULLs", 0, nil, "(table quiz_items: column status may hold NULL, which the schema forbids)",
			`CREATE TABLE q2 (id TEXT PRIMARY KEY, status TEXT, origin TEXT, item TEXT, added INTEGER, retired INTEGER DEFAULT 0) WITHOUT ROWID;
			INSERT INTO q2 SELECT * FROM quiz_items; DROP TABLE quiz_items; ALTER TABLE q2 RENAME TO quiz_items`},
		{"gaps with a column to fill", 0, nil, "(table gaps: column note, which the schema lacks, is NOT NULL with no default)",
			`ALTER TABLE gaps ADD COLUMN note TEXT NOT NULL DEFAULT ''; CREATE TABLE g2 (key TEXT PRIMARY KEY, question TEXT NOT NULL, count INTEGER NOT NULL, last INTEGER NOT NULL, note TEXT NOT NULL) WITHOUT ROWID;
			INSERT INTO g2 SELECT * FROM gaps; DROP TABLE gaps; ALTER TABLE g2 RENAME TO gaps`},
		{"meta without its key", 0, nil, "(table meta: the primary key is not the schema's (column key))",
			`CREATE TABLE m2 (key TEXT, value TEXT NOT NULL); INSERT INTO m2 SELECT * FROM meta; DROP TABLE meta; ALTER TABLE m2 RENAME TO meta`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := storedLibrary(t, a)
			if tc.version == 1 {
				downgrade(t, dir, 1)
			}
			var qs []string
			for _, table := range tc.drop {
				qs = append(qs, `DROP TABLE `+table)
			}
			if tc.version == 6 {
				qs = append(qs, `UPDATE meta SET value = '6' WHERE key = 'schema_version'`)
			}
			if tc.create != "" {
				qs = append(qs, tc.create)
			}
			damage(t, dir, qs...)
			tables := `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('` + strings.Join(tc.drop, "', '") + `')`
			if tc.want == "" {
				lib := open(t, dir)
				if docs, err := lib.Documents(ctx); err != nil || len(docs) != 1 {
					t.Errorf("documents after converting: %v, %v", docs, err)
				}
				if err := lib.RecordGap(ctx, "Who won the cup?"); err != nil {
					t.Error(err)
				}
				lib.Close()
				if n := count(t, dir, tables); n != len(tc.drop) {
					t.Errorf("%d of the tables %v after converting, want all", n, tc.drop)
				}
				return
			}
			for _, o := range opens {
				checkDamaged(t, dir, tc.want+": restore it from a backup", read{o.name, func() error {
					lib, err := o.open(dir)
					if err == nil {
						lib.Close()
					}
					return err
				}})
			}
			if n := count(t, dir, tables); n != 0 && tc.create == "" {
				t.Errorf("%d of the tables dropped were created again", n)
			}
		})
	}
}

// TestGapsCapped checks that the refused questions recorded are capped at MaxGaps distinct
// ones: at the cap a new question is not recorded, and those recorded are still counted.
// Before, every distinct question was a new row without end (`doctrinebot ask < /dev/urandom`
// recorded some 80 a second).
func TestGapsCapped(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := openQuiz(t, dir)
	lib.Close()
	// MaxGaps-1 questions, "Question 1?" to "Question 9999?", each asked once.
	damage(t, dir, fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
		INSERT INTO gaps (key, question, count, last) SELECT 'question ' || i, 'Question ' || i || '?', 1, 0 FROM n`, library.MaxGaps-1))
	lib = openQuiz(t, dir)
	defer lib.Close()
	for _, q := range []string{"Who won the cup?", "Who won the league?", "who won the CUP", "Question 5?"} {
		err := lib.RecordGap(ctx, q)
		if q == "Who won the league?" {
			if !errors.Is(err, bot.ErrGapsFull) {
				t.Errorf("%s, past the cap: %v; want ErrGapsFull", q, err)
			}
		} else if err != nil {
			t.Fatal(q, err)
		}
	}
	if n, err := lib.GapCount(ctx); err != nil || n != library.MaxGaps {
		t.Errorf("GapCount: %d, %v; want %d", n, err, library.MaxGaps)
	}
	defer func() {
		// Cleared, the log records new questions again.
		if n, err := lib.ClearGaps(ctx); err != nil || n != library.MaxGaps {
			t.Errorf("ClearGaps: %d, %v; want %d", n, err, library.MaxGaps)
		}
		if err := lib.RecordGap(ctx, "Who won the league?"); err != nil {
			t.Errorf("RecordGap after ClearGaps: %v", err)
		}
		if n, err := lib.GapCount(ctx); err != nil || n != 1 {
			t.Errorf("GapCount after ClearGaps and a question: %d, %v; want 1", n, err)
		}
	}()
	gaps, err := lib.Gaps(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(gaps) != library.MaxGaps {
		t.Errorf("%d questions recorded, want the cap, %d", len(gaps), library.MaxGaps)
	}
	got := map[string]int{}
	for _, g := range gaps[:2] {
		got[g.Question] = g.Count
	}
	if want := map[string]int{"Who won the cup?": 2, "Question 5?": 2}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("most asked %v, want %v (the question at the cap counted, the one past it not recorded)", got, want)
	}
	if n := count(t, dir, `SELECT count(*) FROM gaps WHERE question = 'Who won the league?'`); n != 0 {
		t.Errorf("the question past the cap was recorded")
	}
}

// TestAddItemsRepairsDamaged checks that importing an item again over its damaged row (its
// JSON broken, its answer out of its options, its status none of the three) stores the item
// given in its place, counted as added, with the row's status where that was sound, so that a
// trainer's import repairs what a hand edit broke rather than reporting it as kept.
func TestAddItemsRepairsDamaged(t *testing.T) {
	for _, tc := range []struct {
		name, set string
		status    quiz.Status // after the import
	}{
		{"malformed JSON", `item = '{bad'`, quiz.Rejected},
		{"answer 99", `item = json_set(item, '$.answer', 99)`, quiz.Rejected},
		{"unknown status", `status = 'bogus'`, quiz.Approved},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			a := parse(t, "a.md", markdown("Forces", "navy", "army"))
			dir := storedLibrary(t, a)
			lib := open(t, dir)
			items := itemsOf(a, quiz.Trainer, quiz.Approved)
			if _, _, err := lib.AddItems(ctx, items); err != nil {
				t.Fatal(err)
			}
			if err := lib.SetItemStatus(ctx, items[0].ID, quiz.Rejected); err != nil {
				t.Fatal(err)
			}
			lib.Close()
			id := items[0].ID
			damage(t, dir, `UPDATE quiz_items SET `+tc.set+` WHERE id = '`+id+`'`)

			lib = open(t, dir)
			if _, err := lib.Item(ctx, id); !errors.Is(err, library.ErrDamaged) {
				t.Fatalf("Item before the import: %v, want ErrDamaged", err)
			}
			added, retired, err := lib.AddItems(ctx, items)
			if err != nil || added != 1 || len(retired) != 0 {
				t.Fatalf("AddItems over the damaged row: added %d, retired %d, %v; want 1, 0, nil", added, len(retired), err)
			}
			got, err := lib.Item(ctx, id)
			if err != nil {
				t.Fatalf("Item after the import: %v", err)
			}
			if got.Status != tc.status || got.Answer != items[0].Answer || !slices.Equal(got.Options, items[0].Options) {
				t.Errorf("repaired item: status %s, answer %d, options %q; want %s, %d, %q", got.Status, got.Answer, got.Options, tc.status, items[0].Answer, items[0].Options)
			}
			if all, err := lib.Items(ctx, ""); err != nil || len(all) != len(items) {
				t.Errorf("Items after the repair: %d, %v; want %d", len(all), err, len(items))
			}
			// Imported again, the sound item is kept as it is.
			if added, _, err := lib.AddItems(ctx, items); err != nil || added != 0 {
				t.Errorf("AddItems again: added %d, %v; want 0", added, err)
			}
		})
	}
}

// TestDamagedEmbeddingDim checks that an embedding_dim in meta that is no whole number,
// changed by hand, is reported as damage naming the key and its value: it was read as 0
// and reported as a library embedded with another model of "0 dimensions", with the advice
// to reindex, while corpus list went on.
func TestDamagedEmbeddingDim(t *testing.T) {
	ctx := context.Background()
	a := parse(t, "a.md", markdown("Forces", "navy", "army"))
	dir := storedLibrary(t, a)
	damage(t, dir, `UPDATE meta SET value = 'abc' WHERE key = 'embedding_dim'`)
	m, _ := model()
	checkDamaged(t, dir, `(meta embedding_dim holds "abc", not a whole number above 0)`,
		read{"Open with the model", func() error {
			lib, err := library.Open(ctx, dir, m)
			if err == nil {
				lib.Close()
			}
			return err
		}},
		read{"Stats", func() error {
			lib, err := library.Open(ctx, dir, library.Model{})
			if err != nil {
				return err
			}
			defer lib.Close()
			_, err = lib.Stats(ctx)
			return err
		}})
}

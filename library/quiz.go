package library

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/quiz"
)

// ErrNoItem means no quiz item has the given ID (or the item is retired: see retireItems);
// ErrRetiredItem, given beside ErrNoItem, that the item is retired, its passage being no
// longer in the library; ErrNoSession, no quiz session.
var (
	ErrNoItem      = errors.New("library: no such quiz item")
	ErrRetiredItem = errors.New("library: quiz item retired: its passage is no longer in the library")
	ErrNoSession   = errors.New("library: no such quiz session")
)

// AddItems stores quiz items in one transaction: all or none. An item whose ID is already
// stored is left as it is (its status kept, so a rejected item stays rejected), and so is a
// true/false item whose quiz.PlainStatementID is: the same item, stored with its bare
// statement as its stem (imported from a bank or written by a chat model before true/false
// items were given the wording "True or false, according to …: "), so that a bank exported
// from the library and imported again adds nothing, and neither does a bank imported again.
// A stored item whose row is damaged (see decodeItem: not JSON of an item, an answer out of
// its options, no source) is stored again from the item given, the row's status kept where it
// is pending, approved or rejected: importing an item again repairs it.
// It returns added, how many were new or repaired and are stored live (listed and asked), and retired,
// the items of items (each ID once, with the ID the library holds it by) that the library
// holds retired after the call, new or stored before: never listed nor asked, their passage
// being no longer in the library. The other items given were stored before and are live.
//
// Items outlive no passage: in the same transaction, a new item is stored retired (kept, with
// its status, but never listed or asked: see Items and retireItems) when the corpus answers
// come from no longer holds its passage: the library's documents or, when it holds none, the
// built-in corpus (corpus.Builtin). So an item checked against a document that a Remove, or
// an Add of another edition, dropped before the store (by another process, or a front end
// checking against the corpus it loaded earlier) is not stored live, and the caller, given it
// in retired, can say so; adding the document again, holding the passage, brings it back as
// Add brings back every retired item.
func (l *Library) AddItems(ctx context.Context, items []quiz.Item) (added int, retired []quiz.Item, err error) {
	now := time.Now().UnixMilli()
	err = l.write(ctx, func(tx *sql.Tx) error {
		added, retired = 0, nil
		held, err := heldPassages(ctx, tx, items)
		if err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO quiz_items (id, status, origin, item, added, retired) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO NOTHING`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		stored, err := tx.PrepareContext(ctx, `SELECT retired FROM quiz_items WHERE id = ?`)
		if err != nil {
			return err
		}
		defer stored.Close()
		row, err := tx.PrepareContext(ctx, `SELECT status, item FROM quiz_items WHERE id = ?`)
		if err != nil {
			return err
		}
		defer row.Close()
		repair, err := tx.PrepareContext(ctx, `UPDATE quiz_items SET status = ?, origin = ?, item = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer repair.Close()
		seen := map[string]bool{}
		for _, it := range items {
			if it.ID == "" {
				it.ID = quiz.ItemID(&it)
			}
			if seen[it.ID] {
				continue // stored, and counted, at its first
			}
			seen[it.ID] = true
			if plain := quiz.PlainStatementID(&it); plain != "" {
				if seen[plain] {
					continue // the item, given with its bare statement too, is handled
				}
				seen[plain] = true
				var gone bool
				switch err := stored.QueryRowContext(ctx, plain).Scan(flag("quiz_items.retired", &gone)); {
				case err == nil:
					// Stored before with its bare statement: that item is this one.
					if gone {
						it.ID = plain
						retired = append(retired, it)
					}
					continue
				case !errors.Is(err, sql.ErrNoRows):
					return itemDamaged(plain, rowDamaged("quiz item "+plain, fmt.Errorf("read quiz item %s: %w", plain, err)))
				}
			}
			raw, err := json.Marshal(it)
			if err != nil {
				return err
			}
			gone := !held[[2]string{it.Source.DocumentID, it.Source.PassageID}]
			res, err := stmt.ExecContext(ctx, it.ID, string(it.Status), string(it.Origin), string(raw), now, boolInt(gone))
			if err != nil {
				return fmt.Errorf("add quiz item %s: %w", it.ID, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				// Stored before: retired or not as the library keeps it (see retireItems).
				if err := stored.QueryRowContext(ctx, it.ID).Scan(flag("quiz_items.retired", &gone)); err != nil {
					return itemDamaged(it.ID, rowDamaged("quiz item "+it.ID, fmt.Errorf("read quiz item %s: %w", it.ID, err)))
				}
				var st, was sql.NullString
				if err := row.QueryRowContext(ctx, it.ID).Scan(&st, &was); err != nil {
					return fmt.Errorf("read quiz item %s: %w", it.ID, err)
				}
				if _, err := decodeItem(it.ID, st.String, was.String); errors.As(err, new(*damagedItem)) {
					// The stored row is damaged (not JSON, an answer out of its options): the
					// item given, sound and of the same ID, takes its place, with the row's
					// status where that is one of the three.
					status := it.Status
					if s := quiz.Status(st.String); s == quiz.Pending || s == quiz.Approved || s == quiz.Rejected {
						status = s
					}
					it.Status = status
					if raw, err = json.Marshal(it); err != nil {
						return err
					}
					if _, err := repair.ExecContext(ctx, string(status), string(it.Origin), string(raw), it.ID); err != nil {
						return fmt.Errorf("repair quiz item %s: %w", it.ID, err)
					}
					if !gone {
						added++
					}
				}
			} else if !gone {
				added++
			}
			if gone {
				retired = append(retired, it)
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return added, retired, nil
}

// heldPassages returns, as of transaction tx, which of the document and passage IDs of items'
// sources the corpus answers come from holds: the library's stored documents, or the built-in
// corpus when the library stores none. It reads the passage IDs of the items' documents only.
func heldPassages(ctx context.Context, tx *sql.Tx, items []quiz.Item) (map[[2]string]bool, error) {
	held := map[[2]string]bool{}
	var stored bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE staged = 0)`).Scan(&stored); err != nil {
		return nil, fmt.Errorf("read documents: %w", err)
	}
	if !stored {
		for _, d := range corpus.Builtin() {
			for _, p := range d.Passages {
				held[[2]string{d.ID, p.ID}] = true
			}
		}
		return held, nil
	}
	stmt, err := tx.PrepareContext(ctx, `SELECT p.id FROM passages p JOIN documents d ON d.key = p.document WHERE d.id = ? AND d.staged = 0`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	read := map[string]bool{}
	for _, it := range items {
		doc := it.Source.DocumentID
		if read[doc] {
			continue
		}
		read[doc] = true
		rows, err := stmt.QueryContext(ctx, doc)
		if err != nil {
			return nil, fmt.Errorf("read passages of %q: %w", doc, err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			held[[2]string{doc, id}] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return held, nil
}

// Items returns the stored quiz items with status (all when status is ""), oldest first; never
// a retired one, whose passage the library holds no longer (see Remove and Add). Errors:
// ErrDamaged (wrapped, naming the file and the item) for an item that is not one (see
// decodeItem) or whose column retired is neither 0 nor 1; a database error.
func (l *Library) Items(ctx context.Context, status quiz.Status) ([]quiz.Item, error) {
	var out []quiz.Item
	err := l.read(ctx, func(tx *sql.Tx) error {
		// retired IS NOT 1 rather than = 0: a value of neither is read, and reported.
		rows, err := tx.QueryContext(ctx, `SELECT id, status, item, retired FROM quiz_items
			WHERE retired IS NOT 1 AND (? = '' OR status = ?) ORDER BY added, id`, string(status), string(status))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, st, raw string
			var retired bool
			if err := rows.Scan(&id, &st, &raw, flag("quiz_items.retired", &retired)); err != nil {
				return itemDamaged(id, rowDamaged("quiz item "+id, err))
			}
			it, err := decodeItem(id, st, raw)
			if err != nil {
				return err
			}
			out = append(out, it)
		}
		return rows.Err()
	})
	return out, err
}

// decodeItem returns the quiz item of ID id stored as raw (quiz_items.item, JSON) with status
// st. An item that is not one (not JSON of a quiz.Item), that fails
// quiz.Item.CheckOptions, which would panic where it is listed or asked (its answer out of
// its options, say), whose source names no passage, or whose status is none of the three,
// returns a *damagedItem (wrapping errInconsistent), which the library
// reports as damage naming the item and the command that removes it: "quiz item ID: answer 99
// is none of its 2 options".
func decodeItem(id, st, raw string) (quiz.Item, error) {
	var it quiz.Item
	if err := json.Unmarshal([]byte(raw), &it); err != nil {
		return quiz.Item{}, itemDamaged(id, fmt.Errorf("%w: quiz item %s: quiz_items.item is no quiz item: %v", errInconsistent, id, err))
	}
	if err := it.CheckOptions(); err != nil {
		return quiz.Item{}, itemDamaged(id, fmt.Errorf("%w: quiz item %s: %v", errInconsistent, id, err))
	}
	if it.Source.DocumentID == "" || it.Source.PassageID == "" {
		// The reveal would quote nothing, and no removal of a document would retire it.
		return quiz.Item{}, itemDamaged(id, fmt.Errorf("%w: quiz item %s: its source names no document and passage", errInconsistent, id))
	}
	if s := quiz.Status(st); s != quiz.Pending && s != quiz.Approved && s != quiz.Rejected {
		return quiz.Item{}, itemDamaged(id, fmt.Errorf("%w: quiz item %s: status %q is none of pending, approved and rejected", errInconsistent, id, st))
	}
	// The row's ID is the one the commands name the item by (quiz approve, remove): an ID in
	// the JSON that differs from it, written by hand, would list an item that none of them
	// finds.
	it.ID, it.Status = id, quiz.Status(st)
	return it, nil
}

// damagedItem is damage confined to one row of quiz_items (an item that is no quiz item, or
// a column of the wrong type): RemoveItems takes the row away, where other damage asks for
// a backup (see damagedError).
type damagedItem struct {
	id  string
	err error // wraps errInconsistent
}

func (e *damagedItem) Error() string { return e.err.Error() }
func (e *damagedItem) Unwrap() error { return e.err }

// itemDamaged returns err, which wraps errInconsistent, as damage of quiz item id alone (see
// damagedItem); err itself when it is no such damage (a database error).
func itemDamaged(id string, err error) error {
	if !errors.Is(err, errInconsistent) {
		return err
	}
	return &damagedItem{id: id, err: err}
}

// RemoveItems deletes the quiz items of ids, with the members' review schedules of them, in
// one transaction: all of them or, when one is not stored, none. It reads no item, so it
// takes away one that is damaged (not JSON, answer out of its options: see decodeItem) as
// well as a sound or retired one; the answers recorded for them stay, and so do the scores
// of the leaderboard. A removed item comes back only when imported or generated again.
// Errors: a *MissingItemsError (matching ErrNoItem) listing every ID that names no stored
// item; a database error.
func (l *Library) RemoveItems(ctx context.Context, ids []string) error {
	return l.write(ctx, func(tx *sql.Tx) error {
		var missing []string
		for _, id := range ids {
			res, err := tx.ExecContext(ctx, `DELETE FROM quiz_items WHERE id = ?`, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 && !slices.Contains(missing, id) {
				missing = append(missing, id)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM quiz_reviews WHERE item_id = ?`, id); err != nil {
				return err
			}
		}
		if len(missing) > 0 {
			return &MissingItemsError{IDs: missing} // the transaction rolls back: none removed
		}
		return nil
	})
}

// MissingItemsError is the error of RemoveItems when IDs, in the order given, name no stored
// quiz item; it matches ErrNoItem.
type MissingItemsError struct {
	IDs []string
}

func (e *MissingItemsError) Error() string {
	return fmt.Sprintf("%v: %q", ErrNoItem, e.IDs)
}

// Is reports whether target is ErrNoItem.
func (e *MissingItemsError) Is(target error) bool { return target == ErrNoItem }

// malformedItem returns, for err, the error of a statement that read quiz_items.item with
// SQLite's JSON functions (which fail the whole statement with "malformed JSON" on one item
// that is not JSON), an error wrapping errInconsistent that names the first such item, in
// transaction tx; err when every item is JSON (or the look-up fails).
func malformedItem(ctx context.Context, tx *sql.Tx, err error) error {
	var id string
	if tx.QueryRowContext(ctx, `SELECT id FROM quiz_items WHERE NOT json_valid(item) ORDER BY id LIMIT 1`).Scan(&id) != nil {
		return err
	}
	return itemDamaged(id, fmt.Errorf("%w: quiz item %s: quiz_items.item is not JSON", errInconsistent, id))
}

// Item returns the stored item with ID id. Errors: ErrNoItem (wrapped), also for a retired
// item, whose error also wraps ErrRetiredItem; ErrDamaged (wrapped, naming the file and the
// item) for an item that is not one (see decodeItem) or whose column retired is neither 0 nor
// 1; a database error.
func (l *Library) Item(ctx context.Context, id string) (quiz.Item, error) {
	var it quiz.Item
	err := l.read(ctx, func(tx *sql.Tx) error {
		var st, raw string
		var retired bool
		err := tx.QueryRowContext(ctx, `SELECT status, item, retired FROM quiz_items WHERE id = ?`, id).
			Scan(&st, &raw, flag("quiz_items.retired", &retired))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: %q", ErrNoItem, id)
		}
		if err != nil {
			return itemDamaged(id, rowDamaged("quiz item "+id, err))
		}
		if retired {
			return fmt.Errorf("%w: %q: %w", ErrNoItem, id, ErrRetiredItem)
		}
		it, err = decodeItem(id, st, raw)
		return err
	})
	return it, err
}

// SetItemStatus sets the review status of item id. Errors: ErrNoItem (wrapped), also for a
// retired item.
func (l *Library) SetItemStatus(ctx context.Context, id string, status quiz.Status) error {
	return l.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE quiz_items SET status = ? WHERE id = ? AND retired = 0`, string(status), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: %q", ErrNoItem, id)
		}
		return nil
	})
}

// SetItemsStatus sets the review status of every item of ids in one transaction: all of them
// or, when one is not stored (or is retired), none. Errors: ErrNoItem (wrapped), naming the
// first such ID.
func (l *Library) SetItemsStatus(ctx context.Context, ids []string, status quiz.Status) error {
	return l.write(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `UPDATE quiz_items SET status = ? WHERE id = ? AND retired = 0`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, id := range ids {
			res, err := stmt.ExecContext(ctx, string(status), id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return fmt.Errorf("%w: %q", ErrNoItem, id)
			}
		}
		return nil
	})
}

// SaveSession stores a quiz session's state (replacing what was stored under its ID). The
// front end saves after every step (start, answer, reveal, finish), so that a restart finds
// it with OpenSessions.
func (l *Library) SaveSession(ctx context.Context, s *quiz.Session) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("library: save session %s: %w", s.ID, err)
	}
	var ended int64
	if !s.Ended.IsZero() {
		ended = s.Ended.UnixMilli()
	}
	return l.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO quiz_sessions (id, channel, state, started, ended) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET channel = excluded.channel, state = excluded.state, ended = excluded.ended`,
			s.ID, s.Channel, string(raw), s.Started.UnixMilli(), ended)
		return err
	})
}

// Session loads the session with ID id. Errors: ErrNoSession (wrapped); ErrDamaged (wrapped,
// naming the file) for a state that does not load (see loadSession); a database error.
func (l *Library) Session(ctx context.Context, id string) (*quiz.Session, error) {
	var s *quiz.Session
	err := l.read(ctx, func(tx *sql.Tx) error {
		var raw string
		err := tx.QueryRowContext(ctx, `SELECT state FROM quiz_sessions WHERE id = ?`, id).Scan(&raw)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: %q", ErrNoSession, id)
		}
		if err != nil {
			return err
		}
		s, err = loadSession(raw)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// loadSession loads a session stored as raw (quiz_sessions.state). A state that does not load
// (quiz.LoadSession: not JSON of a session, or an item or an answer out of its options)
// returns an error wrapping errInconsistent, which the library reports as damage.
func loadSession(raw string) (*quiz.Session, error) {
	s, err := quiz.LoadSession([]byte(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errInconsistent, err)
	}
	return s, nil
}

// OpenSessions returns the sessions that have not ended, oldest first: after a restart, the
// front end resumes each or finishes it and posts its results. Errors: ErrDamaged (wrapped,
// naming the file) for a state that does not load (see loadSession); a database error.
func (l *Library) OpenSessions(ctx context.Context) ([]*quiz.Session, error) {
	var out []*quiz.Session
	err := l.read(ctx, func(tx *sql.Tx) error {
		out = nil
		rows, err := tx.QueryContext(ctx, `SELECT state FROM quiz_sessions WHERE ended = 0 ORDER BY started, id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var raw string
			if err := rows.Scan(&raw); err != nil {
				return err
			}
			s, err := loadSession(raw)
			if err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RecordResults stores the final answers of a revealed question (quiz.Reveal's Results) of
// session sessionID at now, and updates each member's review schedule for the item (see
// quiz.Schedule). It is idempotent: a result already stored for the session, question and
// member is neither stored again nor scheduled again, so recording a reveal twice (e.g.
// after a restart) changes nothing.
func (l *Library) RecordResults(ctx context.Context, sessionID string, results []quiz.Result, now time.Time) error {
	return l.write(ctx, func(tx *sql.Tx) error {
		for _, r := range results {
			res, err := tx.ExecContext(ctx, `INSERT INTO quiz_answers (session_id, question, item_id, member, name, option, correct, time)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				sessionID, r.Question, r.ItemID, r.Member, r.Name, r.Option, boolInt(r.Correct), now.UnixMilli())
			if err != nil {
				return fmt.Errorf("record quiz answer: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue
			}
			if err := schedule(ctx, tx, r.Member, r.ItemID, r.Correct, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// RecordReview stores a member's answer to an item asked in review at now, moving it between
// Leitner boxes (see quiz.Schedule).
func (l *Library) RecordReview(ctx context.Context, member, itemID string, correct bool, now time.Time) error {
	return l.write(ctx, func(tx *sql.Tx) error {
		return schedule(ctx, tx, member, itemID, correct, now)
	})
}

func schedule(ctx context.Context, tx *sql.Tx, member, itemID string, correct bool, now time.Time) error {
	prev := quiz.Review{Member: member, ItemID: itemID}
	var due int64
	err := tx.QueryRowContext(ctx, `SELECT box, due FROM quiz_reviews WHERE member = ? AND item_id = ?`, member, itemID).
		Scan(integer("quiz_reviews.box", &prev.Box), integer("quiz_reviews.due", &due))
	first := errors.Is(err, sql.ErrNoRows)
	if err != nil && !first {
		return rowDamaged(fmt.Sprintf("review of quiz item %s by member %s", itemID, member), err)
	}
	next, ok := quiz.Schedule(prev, first, correct, now)
	if !ok {
		return nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO quiz_reviews (member, item_id, box, due) VALUES (?, ?, ?, ?)
		ON CONFLICT (member, item_id) DO UPDATE SET box = excluded.box, due = excluded.due`,
		member, itemID, next.Box, next.Due.UnixMilli())
	return err
}

// DueReviews returns the items due for review by member at now (neither rejected nor retired), most overdue
// first, at most limit (all when limit ≤ 0), with their schedules. Errors: ErrDamaged
// (wrapped, naming the file and the item) for an item that is not one (see decodeItem), or a
// schedule or column retired of the wrong type; a database error.
func (l *Library) DueReviews(ctx context.Context, member string, now time.Time, limit int) ([]quiz.Item, []quiz.Review, error) {
	if limit <= 0 {
		limit = -1
	}
	var items []quiz.Item
	var reviews []quiz.Review
	err := l.read(ctx, func(tx *sql.Tx) error {
		// i.retired IS NOT 1 rather than = 0: a value of neither is read, and reported.
		rows, err := tx.QueryContext(ctx, `SELECT r.item_id, r.box, r.due, i.status, i.item, i.retired FROM quiz_reviews r
			JOIN quiz_items i ON i.id = r.item_id
			WHERE r.member = ? AND r.due <= ? AND i.status <> 'rejected' AND i.retired IS NOT 1 ORDER BY r.due, r.item_id LIMIT ?`, member, now.UnixMilli(), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r quiz.Review
			var due int64
			var id, st, raw string
			var retired bool
			err := rows.Scan(&id, integer("quiz_reviews.box", &r.Box), integer("quiz_reviews.due", &due), &st, &raw, flag("quiz_items.retired", &retired))
			if err != nil {
				return rowDamaged(fmt.Sprintf("review of quiz item %s by member %s", id, member), err)
			}
			it, err := decodeItem(id, st, raw)
			if err != nil {
				return err
			}
			r.Member, r.ItemID, r.Due = member, it.ID, time.UnixMilli(due).UTC()
			items = append(items, it)
			reviews = append(reviews, r)
		}
		return rows.Err()
	})
	return items, reviews, err
}

// Leaderboard returns the members' scores over every recorded answer in channel's quizzes
// (every channel when channel is ""), ordered as quiz.SortScores does, at most limit (all
// when limit ≤ 0). It is built from the members who answered, so the chat front end needs no
// list of a server's members.
func (l *Library) Leaderboard(ctx context.Context, channel string, limit int) ([]quiz.Score, error) {
	var out []quiz.Score
	err := l.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT a.member, max(a.name), sum(a.correct), count(*) FROM quiz_answers a
			JOIN quiz_sessions s ON s.id = a.session_id WHERE ? = '' OR s.channel = ? GROUP BY a.member`, channel, channel)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s quiz.Score
			if err := rows.Scan(&s.Member, &s.Name, &s.Right, &s.Answered); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	quiz.SortScores(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, err
}

// retireItems sets which quiz items are retired among those tied to a document of the staged
// state given (0: the stored documents; 1: the staged ones, the editions an Add's flip is
// about to store), in transaction tx: an item is retired when that document holds no passage
// of its passage ID (content-derived: the same ID is the same text under the same headings),
// and brought back, with the status it had, when it does again. Items of documents of the
// other state, or of none (the built-in corpus's), are left as they are. The item's document
// and passage are read from its JSON (quiz.Source's "document" and "passage"); at a few
// thousand items, each a look-up of its document by ID and a scan of its passages, it takes
// milliseconds.
func retireItems(ctx context.Context, tx *sql.Tx, staged int) error {
	_, err := tx.ExecContext(ctx, `UPDATE quiz_items SET retired = NOT EXISTS (SELECT 1 FROM documents d
			JOIN passages p ON p.document = d.key
			WHERE d.id = json_extract(quiz_items.item, '$.source.document') AND d.staged = ?1
			AND p.id = json_extract(quiz_items.item, '$.source.passage'))
		WHERE EXISTS (SELECT 1 FROM documents d WHERE d.id = json_extract(quiz_items.item, '$.source.document') AND d.staged = ?1)`,
		staged)
	if err != nil {
		return malformedItem(ctx, tx, fmt.Errorf("retire quiz items: %w", err))
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

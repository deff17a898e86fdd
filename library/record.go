package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
)

// RecordFeedback stores a vote on an answer; a user's later vote on the same answer replaces
// the earlier one.
func (l *Library) RecordFeedback(ctx context.Context, f bot.Feedback) error {
	helpful := 0
	if f.Helpful {
		helpful = 1
	}
	return l.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO feedback (passage_id, question_hash, user_id, helpful, time) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (question_hash, passage_id, user_id) DO UPDATE SET helpful = excluded.helpful, time = excluded.time`,
			f.PassageID, f.QuestionHash, f.UserID, helpful, f.Time.UnixMilli())
		return err
	})
}

// FeedbackCounts returns how many 👍 and 👎 votes each passage received, by passage ID.
func (l *Library) FeedbackCounts(ctx context.Context) (map[string][2]int, error) {
	out := map[string][2]int{}
	err := l.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT passage_id, sum(helpful), sum(1 - helpful) FROM feedback GROUP BY passage_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var up, down int
			if err := rows.Scan(&id, &up, &down); err != nil {
				return err
			}
			out[id] = [2]int{up, down}
		}
		return rows.Err()
	})
	return out, err
}

// gapKey is the form under which refused questions are counted together: lowercased, white
// space collapsed, trailing punctuation dropped.
func gapKey(q string) string {
	return strings.TrimRight(strings.Join(strings.Fields(strings.ToLower(q)), " "), "?!. ")
}

// MaxGaps is the most distinct refused questions RecordGap keeps (rows of the table gaps).
// Every refusal is recorded, and nothing else bounds them: `doctrinebot ask < /dev/urandom`
// recorded some 80 garbage questions a second, each a row, and a Discord member pasting
// random text could do the same, growing the library without end. 10,000 is far more than a
// trainer reads (`gaps` lists the most asked first; the Discord command shows 25), and at the
// 1,000 characters a question is answered at most (bot.MaxQuestionRunes) its rows take some
// 80 MB at the very worst, a few MB for questions of usual length. Once it is reached, a new
// question is not recorded while the questions recorded are still counted: the gaps most
// asked, which are the ones worth reading, keep being counted.
const MaxGaps = 10000

// RecordGap counts a question the corpus could not answer. Questions that differ only in case,
// spacing or final punctuation count as one, under the wording first asked. The question is
// kept without its control characters but newline and tab and its bidirectional formatting
// characters (corpus.StripControls), so that a question asked in Discord cannot plant a
// terminal escape code, or a right-to-left override (U+202E), for `gaps` to print. When
// MaxGaps (10,000) distinct questions are recorded, a question not among them is not recorded,
// and RecordGap returns an error wrapping bot.ErrGapsFull: the questions recorded are still
// counted. Other errors: a database error.
func (l *Library) RecordGap(ctx context.Context, question string) error {
	question = corpus.StripControls(question)
	key := gapKey(question)
	if key == "" {
		return nil
	}
	now := time.Now().UnixMilli()
	return l.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE gaps SET count = count + 1, last = ? WHERE key = ?`, now, key)
		if err != nil {
			return fmt.Errorf("record gap: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		// (count(*) at the cap: 0.04 ms for questions of usual length, 2 ms for questions of
		// 1,000 characters; only for a question not recorded yet.)
		res, err = tx.ExecContext(ctx, `INSERT INTO gaps (key, question, count, last)
			SELECT ?, ?, 1, ? WHERE (SELECT count(*) FROM gaps) < ?`,
			key, strings.TrimSpace(question), now, MaxGaps)
		if err != nil {
			return fmt.Errorf("record gap: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("library: %w (%d)", bot.ErrGapsFull, MaxGaps)
		}
		return nil
	})
}

// ClearGaps deletes every recorded refused question and returns how many there were, so that
// a maintainer who has read them (and added what they asked for) makes room for new ones.
// Errors: ErrReadOnly (wrapped); a database error.
func (l *Library) ClearGaps(ctx context.Context) (int, error) {
	var n int64
	err := l.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM gaps`)
		if err != nil {
			return fmt.Errorf("clear gaps: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// GapCount returns how many distinct refused questions are recorded (MaxGaps at most, unless
// rows were written otherwise). Errors: a database error.
func (l *Library) GapCount(ctx context.Context) (int, error) {
	var n int
	err := l.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM gaps`).Scan(&n)
	})
	return n, err
}

// Gaps returns the refused questions, most asked first (then most recent), at most limit
// (all when limit ≤ 0). Errors: ErrDamaged (wrapped, naming the file and the question) for a
// count or a time that is not a whole number; a database error.
func (l *Library) Gaps(ctx context.Context, limit int) ([]bot.Gap, error) {
	if limit <= 0 {
		limit = -1
	}
	var out []bot.Gap
	err := l.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT question, count, last FROM gaps ORDER BY count DESC, last DESC LIMIT ?`, limit)
		if err != nil {
			return fmt.Errorf("read gaps: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var g bot.Gap
			var last int64
			if err := rows.Scan(&g.Question, integer("gaps.count", &g.Count), integer("gaps.last", &last)); err != nil {
				return rowDamaged(fmt.Sprintf("gap %q", g.Question), err)
			}
			g.Last = time.UnixMilli(last).UTC()
			out = append(out, g)
		}
		return rows.Err()
	})
	return out, err
}

// SaveThread stores question as the one the Discord thread id (a snowflake) was started on,
// at started, then prunes: it deletes the threads started before oldest and, past the keep
// threads stored last (keep, at least 1), the earlier ones, so that at most keep are stored.
// A thread stored again takes the new question and time and keeps its place in the order. Both
// deletes go by index (threads.started, threads.seq): a write deletes what it prunes and
// reads little else. The question is kept without its control characters but newline and tab
// and its bidirectional formatting characters (corpus.StripControls); one that is then empty
// is not stored, nor is anything pruned.
// Errors: ErrReadOnly or ErrDamaged (wrapped), a database error.
func (l *Library) SaveThread(ctx context.Context, id, question string, started, oldest time.Time, keep int) error {
	question = strings.TrimSpace(corpus.StripControls(question))
	if question == "" {
		return nil
	}
	return l.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO threads (id, question, started) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET question = excluded.question, started = excluded.started`,
			id, question, started.UnixMilli())
		if err == nil {
			_, err = tx.ExecContext(ctx, `DELETE FROM threads WHERE started < ?`, oldest.UnixMilli())
		}
		if err == nil {
			_, err = tx.ExecContext(ctx, `DELETE FROM threads WHERE seq <= (SELECT max(seq) FROM threads) - ?`, max(keep, 1))
		}
		if err != nil {
			return fmt.Errorf("save thread %s: %w", id, err)
		}
		return nil
	})
}

// ThreadQuestion returns the question the Discord thread id was started on, as SaveThread
// stored it, if the thread started at or after oldest; "" when no such thread is stored.
// Errors: ErrDamaged (wrapped), a database error.
func (l *Library) ThreadQuestion(ctx context.Context, id string, oldest time.Time) (string, error) {
	var question string
	err := l.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT question FROM threads WHERE id = ? AND started >= ?`, id, oldest.UnixMilli()).Scan(&question)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read thread %s: %w", id, err)
		}
		return nil
	})
	return question, err
}

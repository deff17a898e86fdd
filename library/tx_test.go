package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"testing"
)

// TestTransactionCancelled: a transaction whose context is done part-way is rolled back by
// database/sql, and its statements then fail with sql.ErrTxDone; write and read say it was
// cancelled (context.Canceled), as corpus add reports an interrupt, not that the transaction
// "has already been committed or rolled back".
func TestTransactionCancelled(t *testing.T) {
	l, err := Open(context.Background(), t.TempDir(), Model{Name: "test", Dim: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	// untilDone cancels, then runs statements without a context, as Add's writer does,
	// until the transaction is rolled back.
	untilDone := func(cancel context.CancelFunc) func(tx *sql.Tx) error {
		return func(tx *sql.Tx) error {
			cancel()
			for {
				var one int
				if err := tx.QueryRowContext(context.Background(), `SELECT 1`).Scan(&one); err != nil {
					return fmt.Errorf("library: add doc: %w", err)
				}
				runtime.Gosched()
			}
		}
	}
	for name, run := range map[string]func(context.Context, func(*sql.Tx) error) error{"write": l.write, "read": l.read} {
		ctx, cancel := context.WithCancel(context.Background())
		err := run(ctx, untilDone(cancel))
		if !errors.Is(err, context.Canceled) || errors.Is(err, sql.ErrTxDone) {
			t.Errorf("%s cancelled part-way: got %v, want context.Canceled", name, err)
		}
	}
}

package library_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/library"
)

// TestOpenUnreadableSchema: a library of a schema version above this one's said "unknown
// schema version 99 (this doctrinebot reads version 7)", and one whose version is empty
// "unknown schema version  (…)". A version above SchemaVersion now says the file was written
// by a newer doctrinebot, to be read with it (ErrSchema); one that no doctrinebot writes
// ("", "x", "07") that the file is damaged (ErrDamaged), naming the value. Nothing is written
// to the file.
func TestOpenUnreadableSchema(t *testing.T) {
	for _, tc := range []struct {
		version string
		want    string
		is      error
	}{
		{"99", " was written by a newer doctrinebot, of schema version 99, and this one reads versions 1 to 7: use that doctrinebot (or a later build of this one) to read it", library.ErrSchema},
		{"8", " was written by a newer doctrinebot, of schema version 8, and this one reads versions 1 to 7", library.ErrSchema},
		{"", ` is damaged (its schema version is "", which no doctrinebot writes): restore it from a backup`, library.ErrDamaged},
		{"x", ` is damaged (its schema version is "x", which no doctrinebot writes)`, library.ErrDamaged},
		{"07", ` is damaged (its schema version is "07", which no doctrinebot writes)`, library.ErrDamaged},
	} {
		t.Run(tc.version, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			lib, err := library.Open(ctx, dir, library.Model{})
			if err != nil {
				t.Fatal(err)
			}
			lib.Close()
			path := filepath.Join(dir, library.FileName)
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`UPDATE meta SET value = ? WHERE key = 'schema_version'`, tc.version); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
				t.Fatal(err)
			}
			db.Close()
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := "library: " + path + tc.want
			for name, open := range map[string]func() (*library.Library, error){
				"Open":          func() (*library.Library, error) { return library.Open(ctx, dir, library.Model{}) },
				"OpenUnchecked": func() (*library.Library, error) { return library.OpenUnchecked(ctx, dir, library.Model{}) },
			} {
				lib, err := open()
				if err == nil {
					lib.Close()
				}
				if !errors.Is(err, tc.is) || err == nil || !strings.HasPrefix(err.Error(), want) {
					t.Errorf("%s: %v; want %v, beginning %q", name, err, tc.is, want)
				}
				if err != nil && strings.Contains(err.Error(), "  ") {
					t.Errorf("%s: %q holds a double space", name, err)
				}
			}
			if after, err := os.ReadFile(path); err != nil || string(after) != string(before) {
				t.Errorf("the library was written to (%v)", err)
			}
		})
	}
}

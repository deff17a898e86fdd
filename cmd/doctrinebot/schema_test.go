package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/library"
)

// TestLibraryOfUnreadableSchema: a library of a newer schema version said "unknown schema
// version 99 (this doctrinebot reads version 7)", and one of an empty version "unknown schema
// version  (…)". Writable or read-only, each command reading it now fails with exit status 1
// saying that a newer doctrinebot wrote it and to use that one, or that the file is damaged.
func TestLibraryOfUnreadableSchema(t *testing.T) {
	for _, tc := range []struct{ version, want string }{
		{"99", " was written by a newer doctrinebot, of schema version 99, and this one reads versions 1 to 7: use that doctrinebot (or a later build of this one) to read it\n"},
		{"", ` is damaged (its schema version is "", which no doctrinebot writes): restore it from a backup`},
	} {
		t.Run("version "+tc.version, func(t *testing.T) {
			dir, data := t.TempDir(), t.TempDir()
			writeFile(t, filepath.Join(dir, "forces.md"), "# Forces\n\n"+section("navy"))
			if r := runArgs(t, "", "corpus", "add", "--data", data, filepath.Join(dir, "forces.md")); r.err != nil {
				t.Fatal(r.err, r.stderr)
			}
			path := filepath.Join(data, library.FileName)
			execSQLite(t, path, `UPDATE meta SET value = '`+tc.version+`' WHERE key = 'schema_version'`)
			want := "doctrinebot: " + path + tc.want
			for _, args := range [][]string{{"corpus", "list"}, {"gaps"}, {"corpus", "add", filepath.Join(dir, "forces.md")}} {
				r := runArgs(t, "", append(args, "--data", data)...)
				var stderr strings.Builder
				status := exitStatus(r.err, &stderr)
				if status != 1 || !strings.HasPrefix(stderr.String(), want) {
					t.Errorf("%s: exit status %d, %q; want 1 and %q", strings.Join(args, " "), status, stderr.String(), want)
				}
			}

			l := newReadOnlyLibrary(t)
			path = filepath.Join(l.data, library.FileName)
			execSQLite(t, path, `UPDATE meta SET value = '`+tc.version+`' WHERE key = 'schema_version'`)
			l.lock()
			want = "doctrinebot: " + path + tc.want
			for _, args := range [][]string{{"corpus", "list"}, {"gaps"}} {
				if status, stdout, stderr := l.run(args...); status != 1 || !strings.HasPrefix(stderr, want) || stdout != "" {
					t.Errorf("%s of a read-only library: exit status %d, %q, %q; want 1 and %q", strings.Join(args, " "), status, stdout, stderr, want)
				}
			}
		})
	}
}

// TestFlagGivenTwiceSameValue: a flag given the same value twice is taken (nothing is
// ambiguous), and --corpus, which is repeatable, takes each value.
func TestFlagGivenTwiceSameValue(t *testing.T) {
	data := t.TempDir()
	r := runArgs(t, "", "ask", "--data", data, "-k", "1", "What is the security sector?", "--data", data, "-k", "1")
	if r.err != nil || !strings.Contains(r.stdout, "Governance and the Security Sector") {
		t.Errorf("ask with --data and -k given twice the same: %v, %q", r.err, r.stderr)
	}
}

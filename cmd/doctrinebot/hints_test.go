package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/internal/sqlitetest"
	"github.com/doctrinebot/doctrinebot/library"
)

// runEnv runs the program with args, no standard input and the environment env.
func runEnv(env map[string]string, args ...string) result {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	return result{err, stdout.String(), stderr.String()}
}

// output is what a run printed: stdout, stderr and the error line exitStatus prints.
func (r result) output() string {
	var msg strings.Builder
	exitStatus(r.err, &msg)
	return r.stdout + r.stderr + msg.String()
}

// TestHintsNameTheLibrary checks that the commands a message tells the user to run name the
// library the user named, with --data or $DOCTRINEBOT_DATA (as an absolute path, one shell
// word), so that pasted they act on it and not on the default library; and that with the
// default library they stay as they were. Before, `corpus list --data L` of an empty library
// said "Add documents with `doctrinebot corpus add PATH`", which added to another library.
func TestHintsNameTheLibrary(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "orders.txt")
	writeFile(t, file, "The sentry guards the gate at night and reports to the duty officer every hour.\n\nEach sentry must stand guard for four hours and then rest for eight hours.\n")
	data := filepath.Join(t.TempDir(), "my lib") // a space: quoted for the shell
	opt := " --data " + shellWord(data)
	home := t.TempDir()
	deflt := filepath.Join(home, ".local", "share", "doctrinebot")

	// Each case runs with the library named by --data, by the variable, and by default.
	type want struct{ args, named, unnamed string }
	check := func(t *testing.T, lib string, w want) {
		t.Helper()
		args := strings.Fields(w.args)
		for _, how := range []string{"--data", "DOCTRINEBOT_DATA", "default"} {
			env := map[string]string{"HOME": home}
			args := args
			switch how {
			case "--data":
				args = append(args, "--data", lib)
			case "DOCTRINEBOT_DATA":
				env["DOCTRINEBOT_DATA"] = lib
			}
			hint := w.named
			if how == "default" {
				hint = w.unnamed
			}
			if got := runEnv(env, args...).output(); !strings.Contains(got, hint) {
				t.Errorf("%s (library by %s) printed\n%s\nwant it to hold %q", w.args, how, got, hint)
			}
		}
	}

	// No library there.
	for _, w := range []want{
		{"corpus list", "`doctrinebot corpus add" + opt + " PATH`", "`doctrinebot corpus add PATH`"},
		{"corpus show x", "create one with `doctrinebot corpus add" + opt + " PATH`", "create one with `doctrinebot corpus add PATH`"},
		{"corpus remove x", "create one with `doctrinebot corpus add" + opt + " PATH`", "create one with `doctrinebot corpus add PATH`"},
		{"corpus reindex", "create one with `doctrinebot corpus add" + opt + " PATH`", "create one with `doctrinebot corpus add PATH`"},
		{"gaps", "create one with `doctrinebot corpus add" + opt + " PATH`", "create one with `doctrinebot corpus add PATH`"},
		{"quiz list", "run doctrinebot quiz generate" + opt + " or quiz import" + opt + " FILE.", "run doctrinebot quiz generate or quiz import FILE."},
	} {
		check(t, data, w)
	}

	// A library of one document, the same in both places.
	for _, d := range []string{data, deflt} {
		if r := runArgs(t, "", "corpus", "add", "--data", d, file); r.err != nil {
			t.Fatal(r.err, r.stderr)
		}
	}
	for _, w := range []want{
		{"corpus show nosuch", "see `doctrinebot corpus list" + opt + "`", "see `doctrinebot corpus list`"},
		{"corpus remove nosuch", "see `doctrinebot corpus list" + opt + "`", "see `doctrinebot corpus list`"},
		{"corpus list --embed-model e", "run `doctrinebot corpus reindex" + opt + "` before asking", "run `doctrinebot corpus reindex` before asking"},
		{"quiz generate", "(doctrinebot quiz list" + opt + " --status pending)", "(doctrinebot quiz list --status pending)"},
	} {
		check(t, data, w)
	}

	// A damaged library: the error is library's, its command named with the library.
	for _, d := range []string{data, deflt} {
		sqlitetest.DamageTable(t, filepath.Join(d, library.FileName), "documents")
	}
	for _, args := range []string{"corpus list", "corpus show orders", "gaps", "quiz list", "ask What is the sentry?"} {
		check(t, data, want{args, "add the texts again with `doctrinebot corpus add" + opt + " PATH`", "add the texts again with `doctrinebot corpus add PATH`"})
		r := runArgs(t, "", append(strings.Fields(args), "--data", data)...)
		if !errors.Is(r.err, library.ErrDamaged) || exitStatus(r.err, io.Discard) != 1 {
			t.Errorf("%s of a damaged library: %v, want library.ErrDamaged, exit status 1", args, r.err)
		}
	}
}

// TestLibraryErrorNamesTheLibrary checks that the command an error of package library tells
// the user to run (for a library embedded with another model, or damaged) names the library
// given with dataOption's option, and that the error is still what it was for errors.Is.
func TestLibraryErrorNamesTheLibrary(t *testing.T) {
	opt := " --data '/a b'"
	mismatch := fmt.Errorf("%w: the library in /a b was embedded with x, not y; run `doctrinebot corpus reindex` to embed it again with the current model", library.ErrModelMismatch)
	err := withDataOption(fmt.Errorf("open: %w", mismatch), opt)
	if want := "run `doctrinebot corpus reindex --data '/a b'` to embed it"; !strings.Contains(err.Error(), want) || !errors.Is(err, library.ErrModelMismatch) {
		t.Errorf("got %q, want it to hold %q and to be library.ErrModelMismatch", err, want)
	}
	if err := withDataOption(mismatch, ""); err != mismatch {
		t.Errorf("with no option: %v, want the error as it was", err)
	}
	other := errors.New("see `doctrinebot corpus add PATH`")
	if err := withDataOption(other, opt); err != other {
		t.Errorf("an error not of package library: %v, want it as it was", err)
	}
}

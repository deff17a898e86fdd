package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

func runEval(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval", stderr)
	c := common{getenv: getenv}
	c.register(fs)
	var files stringList
	fs.Var(&files, "questions", "question set in JSON Lines (repeatable)")
	all := fs.Bool("all", false, "score every retrieval mode, each component alone and fused")
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(positional) > 0 {
		return usageError{fmt.Sprintf("eval takes no arguments, got %q", positional)}
	}
	if len(files) == 0 {
		return usageError{"eval needs --questions FILE"}
	}
	if *all && flagGiven(fs, "mode") {
		// --all scores every mode: a --mode beside it was silently ignored.
		return usageError{"eval --all scores every mode: give --mode or --all, not both"}
	}
	// Read the question sets first: a mistake in them should not wait for indexing.
	sets := make([][]bot.EvalQuestion, len(files))
	for i, f := range files {
		data, err := readInputFile(f, "eval --questions", "a question set file in JSON Lines")
		if err != nil {
			return err
		}
		// A set saved in UTF-16 with a byte-order mark (as some Windows editors save text)
		// is decoded, as questions on standard input are; a UTF-8 byte-order mark is dropped.
		if data, _, err = transform.Bytes(xunicode.BOMOverride(transform.Nop), data); err != nil {
			return fmt.Errorf("%s: %w", corpus.QuotePath(f), err)
		}
		if sets[i], err = bot.ReadQuestions(bytes.NewReader(data), f); err != nil {
			return err
		}
	}
	// Interrupted, eval says so: it prints its figures only once every question is scored.
	interrupted := func(err error) error {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(stderr, "doctrinebot: interrupted; eval stopped before it had scored every question, and prints no figures")
		}
		return err
	}
	a, _, err := c.answerer(ctx, stderr, false) // eval scores retrieval: no chat model
	if err != nil {
		return interrupted(err)
	}
	modes := []bot.Mode{a.Mode}
	if *all {
		modes = []bot.Mode{bot.KeywordOnly, bot.VectorOnly, bot.ReciprocalRankFusion, bot.Hybrid}
	}
	type setReport struct {
		File    string            `json:"file"`
		Reports []*bot.EvalReport `json:"reports"`
	}
	var out []setReport
	for i, f := range files {
		qs := sets[i]
		sr := setReport{File: f}
		for _, m := range modes {
			a.Mode = m
			rep, err := bot.Evaluate(ctx, a, qs)
			if err != nil {
				return interrupted(err)
			}
			sr.Reports = append(sr.Reports, rep)
		}
		out = append(out, sr)
	}
	if c.json {
		return json.NewEncoder(stdout).Encode(out)
	}
	// A question set is anyone's text: its IDs and questions, and the passages quoted, are
	// printed with no control character (a question holding ESC [2J cleared the screen) and no
	// bidirectional formatting character (see printable), its file's name as corpus.QuotePath
	// writes it. The JSON report keeps them as they are, escaped as JSON escapes them.
	for _, sr := range out {
		fmt.Fprintf(stdout, "%s\n", corpus.QuotePath(sr.File))
		fmt.Fprintf(stdout, "  %-7s %9s %9s %7s %16s %15s\n", "mode", "recall@1", "recall@5", "MRR@10", "refused right", "wrongly refused")
		for _, r := range sr.Reports {
			if r.Answerable == 0 { // recall means nothing without answerable questions
				fmt.Fprintf(stdout, "  %-7s %9s %9s %7s %10d of %-3d %15s\n", r.ModeName, "n/a", "n/a", "n/a", r.RefusedRight, r.Unanswerable, "n/a")
				continue
			}
			fmt.Fprintf(stdout, "  %-7s %9.3f %9.3f %7.3f %10d of %-3d %15d\n", r.ModeName, r.RecallAt1, r.RecallAt5, r.MRR10, r.RefusedRight, r.Unanswerable, len(r.WronglyRefused))
		}
		last := sr.Reports[len(sr.Reports)-1]
		if len(last.Misses) == 0 {
			fmt.Fprintf(stdout, "  no misses (%s)\n", last.ModeName)
		} else {
			fmt.Fprintf(stdout, "  misses (%s):\n", last.ModeName)
		}
		for _, m := range last.Misses {
			state := fmt.Sprintf("rank %d", m.Rank)
			switch {
			case m.Unanswerable:
				state = "answered, though the set says the corpus cannot answer it"
			case m.NoPassage:
				state = "not in top 10; no passage of the corpus holds an expected text (a typo in the set, or a text not loaded?)"
			case m.Rank == 0:
				state = "not in top 10"
			}
			if m.Refused {
				state += ", refused"
			}
			fmt.Fprintf(stdout, "    %s (%s, coverage %.2f) %s\n      got: %s\n", printable(m.ID), state, m.Coverage, printable(m.Question), printable(m.Got))
		}
	}
	return nil
}

// readInputFile reads a file named on the command line that is no corpus text (a question
// set, a quiz bank) as a corpus file is read: a regular file of at most corpus.MaxFileSize
// bytes, a device or a named pipe refused without being read (it would be read without end, or
// block). Its errors name the command (op, e.g. "quiz import"), the file, what is wrong and
// what was expected (want): "quiz import: bank.yaml: no such file or directory; want a YAML
// quiz bank file"; they wrap the error of corpus.ReadRegular.
func readInputFile(path, op, want string) ([]byte, error) {
	data, err := corpus.ReadRegular(path, corpus.MaxFileSize)
	if err == nil {
		return data, nil
	}
	what := reason(path, err) // "not a regular file (a folder)"
	var pe *fs.PathError
	if errors.As(err, &pe) {
		what = pe.Err.Error() // "no such file or directory", without "stat PATH: "
	}
	return nil, &inputError{msg: fmt.Sprintf("%s: %s: %s; want %s", op, corpus.QuotePath(path), what, want), err: err}
}

// inputError is an error of readInputFile: its message, and the error it wraps.
type inputError struct {
	msg string
	err error
}

func (e *inputError) Error() string { return e.msg }

func (e *inputError) Unwrap() error { return e.err }

// flagGiven reports whether the flag named name was set on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/library"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// common holds the flags ask and eval share.
type common struct {
	getenv func(string) string
	// fromLibrary is the library folder when answers come from a library, else "".
	fromLibrary string
	// gapsChecked is set once recordGap has checked the library (library.Library.Check)
	// before writing to it; gapsRefused is the damage the check found, after which no
	// refused question is recorded.
	gapsChecked bool
	gapsRefused error
	models      models
	corpora     stringList
	data        string
	json        bool
	mode        string
	verbose     bool
}

func (c *common) register(fs *flag.FlagSet) {
	fs.Var(&c.corpora, "corpus", "file or folder to answer from instead of the built-in corpus (repeatable)")
	fs.StringVar(&c.data, "data", "", "library folder to answer from when it holds documents")
	fs.BoolVar(&c.json, "json", false, "print JSON")
	fs.StringVar(&c.mode, "mode", "hybrid", "retrieval mode: hybrid, bm25, vector or rrf")
	fs.BoolVar(&c.verbose, "v", false, "log details to standard error")
	c.models.register(fs)
}

// parseInterspersed parses flags that may stand before or after the positional arguments. A
// flag that takes a value given an empty one, such as --data "", is a usage mistake naming
// it: left unset, it would mean its default, which was not asked for; so is a flag that takes
// one value given two values (see once: `--data is given twice ("L1", then "L2"): it takes
// one value`), of which the last was used unsaid; --corpus and --questions are repeatable. A number or a duration
// is read only in the forms the usage writes (see strictValue). A positional word that is the
// name of one of fs's flags after an en dash, an em dash or another dash that is no hyphen
// ("—json", as a word processor turns "--json") is a usage mistake naming the flag (see
// typographicFlag); other words, and every word after "--", are returned as they are.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	empty, emptyValue := "", ""      // the flag given an empty or blank value, and that value
	twice, values := "", [2]string{} // the flag given a second value, and its two values
	fs.VisitAll(func(f *flag.Flag) {
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			return
		}
		if _, done := f.Value.(nonEmpty); !done {
			least, ok := leastValues[fs.Name()+" "+f.Name]
			if !ok {
				least = math.MinInt
			}
			var v flag.Value = strictValue{f.Value, f.Usage, least}
			if _, repeatable := f.Value.(*stringList); !repeatable {
				v = once{v, new(string), new(bool), func(first, second string) {
					twice, values = f.Name, [2]string{first, second}
				}}
			}
			f.Value = nonEmpty{v, func(s string) {
				empty, emptyValue = f.Name, s
			}}
		}
	})
	var positional []string
	var before []string // the words parsed so far, flags and arguments, in order
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			return nil, errHelp
		} else if empty != "" {
			kind := "an empty one"
			if emptyValue != "" {
				kind = "a blank one"
			}
			return nil, usageError{fmt.Sprintf("%s needs a value, not %s", flagName(empty), kind)}
		} else if twice != "" {
			return nil, usageError{fmt.Sprintf("%s is given twice (%q, then %q): it takes one value", flagName(twice), values[0], values[1])}
		} else if err != nil {
			// Package flag has taken the word it failed on, unless its syntax was bad.
			given, taken := "", len(args)-len(fs.Args())
			if i := taken - 1; i >= 0 && !strings.HasPrefix(err.Error(), "bad flag syntax: ") {
				given, taken = args[i], i
			}
			return nil, usageError{flagMistake(fs, err, given, append(before, args[:taken]...), fs.Args())}
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil // "--" ends the flags
		}
		if len(rest) == 0 {
			return positional, nil
		}
		if msg := typographicFlag(fs, rest[0]); msg != "" {
			return nil, usageError{msg}
		}
		before = append(before, args[:len(args)-len(rest)+1]...)
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// typographicFlag returns the usage mistake of word when it is one of fs's flags written with
// a dash that is no hyphen-minus: a word starting with a dash of Unicode's category Pd other
// than "-", or a minus sign (U+2212), then such dashes or hyphens, then a flag's name
// (and "=value" or not): `—json looks like the flag --json written with an em dash, not "-":
// type --json`. It returns "" for any other word, such as "—" or "—governance".
func typographicFlag(fs *flag.FlagSet, word string) string {
	first, _ := utf8.DecodeRuneInString(word)
	if first == '-' || !isDash(first) {
		return ""
	}
	name, _, _ := strings.Cut(strings.TrimLeftFunc(word, isDash), "=")
	if name == "" || fs.Lookup(name) == nil {
		return ""
	}
	dash := map[rune]string{'–': "an en dash", '—': "an em dash", '−': "a minus sign"}[first]
	if dash == "" {
		dash = fmt.Sprintf("the dash %U", first)
	}
	return fmt.Sprintf("%s looks like the flag %s written with %s, not \"-\": type %s", word, flagName(name), dash, flagName(name))
}

// isDash reports whether r is a dash or hyphen: of Unicode's category Pd (the hyphen-minus
// "-", the en dash, the em dash, …) or the minus sign U+2212.
func isDash(r rune) bool {
	return unicode.Is(unicode.Pd, r) || r == '−'
}

// once is the value of a flag that takes one value (all but --corpus and --questions, which
// are repeatable, and the switches), which refuses a second one, given as a flag again
// (--data L1 … --data L2), where the last one given was used: it calls twice with the first
// value and the second instead. The same value given again is taken. first and given hold the
// value given first, once it is.
type once struct {
	flag.Value
	first *string
	given *bool
	twice func(first, second string)
}

// Set sets the value to s, unless another value was given before (the same one again changes
// nothing, and is taken).
func (v once) Set(s string) error {
	if *v.given && s != *v.first {
		v.twice(*v.first, s)
		return errors.New("given twice")
	}
	if err := v.Value.Set(s); err != nil {
		return err
	}
	*v.first, *v.given = s, true
	return nil
}

// nonEmpty is a flag's value that refuses to be set to nothing or to white space only (see
// parseInterspersed): no flag of doctrinebot means anything by either (a folder named " ", a
// blank question set). It calls empty with the value instead.
type nonEmpty struct {
	flag.Value
	empty func(string)
}

// Set sets the value to s, unless s is empty or white space only.
func (v nonEmpty) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		v.empty(s)
		return errors.New("an empty value")
	}
	return v.Value.Set(s)
}

// strictValue is a flag's value that takes a number or a duration only in the forms the usage
// writes, and whose error says what it wants (package flag says "parse error"):
//   - an int: decimal digits, with a sign or not ("010" is ten, where package flag reads it as
//     octal 8, and "0x10" or "1_0" are refused); else "want a whole number", or, out of int's
//     range, "want a whole number from LEAST to MAX" (see least);
//   - a uint64 (--seed): decimal digits; else "want a whole number of 0 or more";
//   - a float64 (--max-size): a number in decimal notation ("50", "0.5", "1e6"; see
//     decimalFloat: not "0x1p-2" or "1_0"); else "want a number", with the unit its usage
//     ends with (", in MiB") and examples;
//   - a time.Duration (--llm-timeout): what time.ParseDuration reads, above 0 (a timeout of 0
//     or less means nothing); else "want a duration such as 30s, 2m or 1h30m".
//
// Other values are set as they are. usage is the flag's usage string; least is the least
// value an int flag takes (math.MinInt when any), which the message of a number out of int's
// range gives: "want a whole number from 1 to 9223372036854775807" for -k. (The command refuses
// a value under least itself, saying so.)
type strictValue struct {
	flag.Value
	usage string
	least int
}

// leastValues is the least value of each int flag that has one, by command and flag name, as
// the command checks it: -k of ask and -n of quiz at least 1, -n of gaps 0 (all).
var leastValues = map[string]int{"ask k": 1, "quiz n": 1, "gaps n": 0}

// decimal matches a whole number written in decimal digits, with a sign or not.
var decimal = regexp.MustCompile(`^[+-]?[0-9]+$`)

// decimalFloat matches a number in decimal notation, with a decimal point, an exponent and a
// sign or not ("50", "0.5", ".5", "1e6", "-1"), or NaN or Inf (any case), which a flag's own
// check refuses with its reason: not hexadecimal ("0x1p-2") or with underscores ("1_0"),
// which strconv.ParseFloat reads too.
var decimalFloat = regexp.MustCompile(`^[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:nan|inf|infinity))$`)

// unitOfUsage matches the unit a flag's usage ends with: "largest file to read, in MiB".
var unitOfUsage = regexp.MustCompile(`, in (\w+)$`)

// Set sets the value from s, or returns what the flag wants (see strictValue).
func (v strictValue) Set(s string) error {
	g, ok := v.Value.(flag.Getter)
	if !ok {
		return v.Value.Set(s)
	}
	switch g.Get().(type) {
	case int:
		n, err := strconv.ParseInt(s, 10, strconv.IntSize)
		switch {
		case !decimal.MatchString(s):
			return errors.New("want a whole number")
		case err != nil:
			return fmt.Errorf("want a whole number from %d to %d", v.least, math.MaxInt)
		}
		return v.Value.Set(strconv.FormatInt(n, 10))
	case uint64:
		n, err := strconv.ParseUint(strings.TrimPrefix(s, "+"), 10, 64)
		switch {
		case !decimal.MatchString(s) || strings.HasPrefix(s, "-"):
			return errors.New("want a whole number of 0 or more")
		case err != nil:
			return fmt.Errorf("want a whole number from 0 to %d", uint64(math.MaxUint64))
		}
		return v.Value.Set(strconv.FormatUint(n, 10))
	case float64:
		if !decimalFloat.MatchString(s) || v.Value.Set(s) != nil {
			of := ""
			if m := unitOfUsage.FindStringSubmatch(v.usage); m != nil {
				of = " of " + m[1]
			}
			return fmt.Errorf("want a number%s, such as 50 or 0.5", of)
		}
		return nil
	case time.Duration:
		d, err := time.ParseDuration(s)
		switch {
		case err != nil:
			return errors.New("want a duration such as 30s, 2m or 1h30m")
		case d <= 0:
			return errors.New("want a duration above 0, such as 30s")
		}
		return v.Value.Set(s)
	}
	return v.Value.Set(s)
}

// flagMistake words an error of fs's Parse as this command line writes flags: `unknown flag
// "--bogus"` for "flag provided but not defined: -bogus", the word quoted as given (given is
// the word Parse failed on, before the words of the command line before it and rest those
// after it), with, when it is no flag's form (it
// holds a space, as "-what is governance" does), is the start of an unquoted question (`ask
// -what is governance`) or names an existing file or folder, where to put a word that
// starts with a dash: after "--", or a path after "./" (see dashWordHint); "--data needs a value" for "flag needs an argument: -data"; "---json
// has a dash too many: write --json" (or `unknown flag "---bogus"`) for "bad flag syntax:
// ---json"; "invalid value "maybe" for -v: want true or false" for a switch; and "invalid
// value "x" for -k: " followed by what strictValue says the flag wants; a one-letter name
// with one dash; other errors as they are.
func flagMistake(fs *flag.FlagSet, err error, given string, before, rest []string) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		if given == "" {
			given = flagName(name)
		}
		return fmt.Sprintf("unknown flag %q", given) + dashWordHint(fs, given, before, rest)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return flagName(name) + " needs a value"
	}
	if arg, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		// "---json", "-=x" or "--=x": too many dashes, or no name before "=".
		name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if name != "" && fs.Lookup(name) != nil {
			return fmt.Sprintf("%s has a dash too many: write %s", arg, flagName(name))
		}
		return fmt.Sprintf("unknown flag %q", arg) + dashWordHint(fs, arg, before, nil)
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		// invalid boolean value "maybe" for -v: parse error
		if i := strings.Index(rest, " for -"); i >= 0 {
			name, _, _ := strings.Cut(rest[i+len(" for -"):], ": ")
			return fmt.Sprintf("invalid value %s for %s: want true or false", rest[:i], flagName(name))
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		// invalid value "x" for flag -k: want a whole number
		if i := strings.Index(rest, " for flag -"); i >= 0 {
			name, why, _ := strings.Cut(rest[i+len(" for flag -"):], ": ")
			return fmt.Sprintf("invalid value %s for %s: %s", rest[:i], flagName(name), why)
		}
	}
	return msg
}

// flagForm matches a word that is written as a flag is: dashes, then a name of letters,
// digits, "-", "_" and ".", then "=value" or not.
var flagForm = regexp.MustCompile(`^-+[\pL\pN_.-]*(?:=.*)?$`)

// dashWordHint returns, for a word that starts with a dash but is no flag's form (see
// flagForm: "-what is governance"), how to give it as an argument: after "--", which ends the
// flags, in the command line to paste (see afterDashes), which keeps the words given before
// it (before: the flags, such as --data and --corpus, and the arguments) and the flags given
// after it (rest), so that it does what was meant; for ask, a question: ` (a question that
// starts with "-" goes after --: doctrinebot ask --corpus notes.md -- "-what is
// governance")`. For ask, a word of one dash and a name of two characters or more, followed
// (rest: the words after it) by words that are no flag and hold no space, is the start of a
// question given unquoted (`ask -what is governance`), the question it and those words (see
// unquotedQuestion). For a command other than ask (whose words are a question, never a path),
// a word that names an existing file or folder, of a flag's form or not, is most likely a
// path: ` (to give the file "-dash.txt", write ./-dash.txt or put it after --)`, the "./" form
// as one word of a shell's command line (see shellWord). It returns "" for any other word of
// a flag's form, a mistyped flag.
func dashWordHint(fs *flag.FlagSet, word string, before, rest []string) string {
	if info, err := os.Lstat(word); err == nil && fs.Name() != "ask" {
		kind := "file"
		if info.IsDir() {
			kind = "folder"
		}
		return fmt.Sprintf(` (to give the %s %q, write %s or put it after --)`, kind, word, shellWord("./"+word))
	}
	question := word
	if fs.Name() == "ask" {
		question = unquotedQuestion(word, rest)
	}
	if question == word && flagForm.MatchString(word) {
		return ""
	}
	after := rest[min(len(rest), len(strings.Fields(question))-len(strings.Fields(word))):]
	if fs.Name() == "ask" {
		return fmt.Sprintf(` (a question that starts with "-" goes after --: %s)`, afterDashes(fs, question, before, after))
	}
	return fmt.Sprintf(` (an argument that starts with "-" goes after --: %s)`, afterDashes(fs, word, before, after))
}

// afterDashes returns the command line of fs's command that gives arg, a word starting with
// a dash, after "--": `doctrinebot ask --corpus notes.md -- "-what is governance"`, with the
// words before (the flags and arguments given before arg, each one word of a shell's command
// line: see shellWord) and, when they are flags and their values only (see onlyFlags), the
// words after (which after "--" would be arguments). arg is quoted as Go quotes a string.
func afterDashes(fs *flag.FlagSet, arg string, before, after []string) string {
	line := []string{"doctrinebot", fs.Name()}
	words := before
	if onlyFlags(fs, after) {
		words = append(slices.Clone(before), after...)
	}
	for _, w := range words {
		line = append(line, shellWord(w))
	}
	return strings.Join(append(line, "--", strconv.Quote(arg)), " ")
}

// onlyFlags reports whether words are flags of fs and their values only: no argument, no
// "--" and no unknown flag.
func onlyFlags(fs *flag.FlagSet, words []string) bool {
	if slices.Contains(words, "--") {
		return false
	}
	scratch := newFlagSet(fs.Name(), io.Discard)
	fs.VisitAll(func(f *flag.Flag) {
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			scratch.Bool(f.Name, false, "")
		} else {
			scratch.String(f.Name, "", "")
		}
	})
	return scratch.Parse(words) == nil && scratch.NArg() == 0
}

// unquotedQuestion returns the question that word, an unknown flag of ask, starts when it was
// given unquoted: word and the words of rest after it up to the first that starts with a dash
// (a flag, or "--") or holds white space (a question quoted whole, which a mistyped flag
// stands before: `-bogus "What is the navy?"`). It returns word itself when word is no such
// start: a word of two dashes, of a name of one character ("-z", like -k) or with "=" (a flag
// given a value), or followed by no such word.
func unquotedQuestion(word string, rest []string) string {
	name, ok := strings.CutPrefix(word, "-")
	if !ok || strings.HasPrefix(name, "-") || utf8.RuneCountInString(name) < 2 || strings.Contains(name, "=") {
		return word
	}
	question := word
	for _, w := range rest {
		if w == "" || strings.HasPrefix(w, "-") || strings.IndexFunc(w, unicode.IsSpace) >= 0 {
			break
		}
		question += " " + w
	}
	return question
}

// flagName writes a flag's name as the usage does: "-k" for one letter, "--data" otherwise
// (package flag takes either; a name given with two dashes reaches its errors with one).
func flagName(name string) string {
	name = strings.TrimLeft(name, "-")
	if len([]rune(name)) == 1 {
		return "-" + name
	}
	return "--" + name
}

// newFlagSet returns a flag set that prints nothing: parseInterspersed returns a mistake as a
// usageError, or errHelp for -h, and run prints it once with the command's usage. (The writer
// is not used.)
func newFlagSet(name string, _ io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// answerer loads the corpus (the --corpus paths, else the library when it holds documents,
// else the built-in one), indexes it, showing progress on stderr when indexing takes over a
// second, and returns an Answerer and the logger (to stderr; warnings, or debug details with
// -v). With chat, the Answerer has the configured chat model write answers (none when none
// is configured); a configuration that cannot work fails before indexing.
func (c *common) answerer(ctx context.Context, stderr io.Writer, chat bool) (*bot.Answerer, *slog.Logger, error) {
	mode, err := bot.ParseMode(c.mode)
	if err != nil {
		return nil, nil, usageError{fmt.Sprintf("unknown --mode %q: want hybrid, bm25, vector or rrf", c.mode)}
	}
	level := slog.LevelWarn
	if c.verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if err := c.models.resolve(c.getenv); err != nil {
		return nil, nil, err
	}
	var gen *bot.Generator
	if chat {
		if gen, err = c.models.generator(); err != nil {
			return nil, nil, err
		}
	}
	model, _, embedQuery, err := c.models.embedding(ctx)
	if err != nil {
		return nil, nil, err
	}
	start := time.Now()
	shown := false
	tty := isTerminal(stderr)
	lastShown := time.Now()
	progress := func(done, total int) {
		if time.Since(start) < time.Second || (done != total && time.Since(lastShown) < time.Second/4) {
			return
		}
		lastShown = time.Now()
		if tty {
			shown = true
			fmt.Fprintf(stderr, "\rindexing: %d/%d passage%s", done, total, plural(total))
		} else {
			fmt.Fprintf(stderr, "indexing: %d/%d passage%s\n", done, total, plural(total))
		}
	}
	opts := bot.IndexOptions{Logger: logger, Progress: progress, Embed: embedQuery, RemoteEmbed: c.models.embedModel != ""}
	var idx *bot.Index
	if len(c.corpora) > 0 {
		docs, err := corpus.Load(c.corpora, warnSkipped(stderr))
		if err != nil {
			return nil, nil, err
		}
		idx, err = bot.NewIndex(ctx, docs, opts)
		if err != nil {
			return nil, nil, err
		}
	} else if dir, err := dataDir(c.data, c.getenv); err != nil && !errors.Is(err, errNoDataDir) {
		return nil, nil, err // a blank DOCTRINEBOT_DATA names no folder
	} else if err == nil {
		// The library when it holds documents, else the built-in corpus.
		if idx, err = libraryIndex(ctx, dir, model, opts, logger); err != nil {
			return nil, nil, withDataOption(err, dataOption(c.data, c.getenv))
		}
		if idx != nil {
			c.fromLibrary = dir // refused questions are recorded there, for gaps
		}
		logger.Debug("corpus", "library", dir, "indexed", idx != nil)
	}
	if idx == nil {
		if idx, err = bot.NewIndex(ctx, corpus.Builtin(), opts); err != nil {
			return nil, nil, err
		}
	}
	if shown {
		fmt.Fprintln(stderr)
	}
	logger.Debug("corpus indexed", "documents", idx.DocumentCount(), "passages", idx.Len(), "took", time.Since(start))
	return &bot.Answerer{Index: idx, Mode: mode, Generator: gen}, logger, nil
}

func runAsk(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("ask", stderr)
	c := common{getenv: getenv}
	c.register(fs)
	k := fs.Int("k", 1, "passages to quote")
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *k < 1 {
		return usageError{fmt.Sprintf("-k must be at least 1, got %d", *k)}
	}
	var questions []string
	if len(positional) == 1 && positional[0] == "-" {
		positional = nil // "-" is standard input, as for other commands that read a file
	}
	if len(positional) > 0 {
		questions = []string{strings.Join(positional, " ")}
		if bot.Blank(questions[0]) {
			return usageError{"the question is empty"}
		}
		if err := questionEncoding(questions[0]); err != nil {
			return fmt.Errorf("the question argument %w", err)
		}
	}
	a, logger, err := c.answerer(ctx, stderr, true)
	if err != nil {
		return err
	}
	fromStdin := questions == nil
	asked := 0
	answer := func(q string) error {
		ans, err := a.Answer(ctx, q, *k)
		if err != nil {
			return err
		}
		if ans.Refusal != "" {
			logger.Debug("refused", "question", q, "reason", ans.Refusal)
		}
		if ans.Gap() {
			// Recorded once the answer is printed: recording may check the library first. A
			// follow-up asked the corpus nothing, and a question in another language is to
			// be asked again, so neither is a gap.
			defer c.recordGap(ctx, q, logger)
		}
		if ans.Fallback != "" {
			// The plain answer's note says why; JSON has no note, so stderr says it then.
			level := slog.LevelDebug
			if c.json {
				level = slog.LevelWarn
			}
			logger.Log(ctx, level, "the language model could not answer: extractive answer given", "question", q, "reason", ans.Fallback)
		}
		// A message asking several questions gets an answer to each (see bot.Answer.Also):
		// with --json one object each, as if asked one by one.
		all := append([]*bot.Answer{ans}, ans.Also...)
		note := bot.UnansweredNote(ans.Unanswered)
		if c.json {
			for _, a := range all {
				if err := json.NewEncoder(stdout).Encode(toJSON(a)); err != nil {
					return err
				}
			}
			if note != "" {
				logger.Warn(note, "question", q) // the JSON objects have no field for it
			}
			return nil
		}
		for i, a := range all {
			if fromStdin || len(all) > 1 {
				// Several answers in a row: head each with its question, a blank line
				// between.
				if asked > 1 || i > 0 {
					fmt.Fprintln(stdout)
				}
				fmt.Fprintf(stdout, "Q: %s\n", printable(a.Question))
			}
			fmt.Fprintln(stdout, formatText(a))
		}
		if note != "" {
			fmt.Fprintf(stdout, "\n(%s)\n", note)
		}
		return nil
	}
	if questions != nil {
		err := answer(questions[0])
		if errors.Is(err, bot.ErrQuestionTooLong) && c.json {
			if werr := writeTooLong(stdout, questions[0], fmt.Sprintf("%d characters", bot.MaxQuestionRunes)); werr != nil {
				return werr
			}
		}
		return err
	}
	// Questions piped in UTF-16 with a byte-order mark (as some Windows tools write them)
	// are decoded, and a UTF-8 byte-order mark is dropped; other input is read as it is.
	lines := newLineReader(transform.NewReader(stdin, xunicode.BOMOverride(transform.Nop)), maxQuestion)
	defer lines.close()
	skipped, notText := 0, 0 // lines too long, lines not text
	for line := 1; ; line++ {
		q, err := lines.next(ctx)
		if ctx.Err() != nil {
			return ctx.Err() // interrupted while waiting for a question
		}
		if errors.Is(err, bot.ErrLineTooLong) {
			skipped++
			fmt.Fprintf(stderr, "doctrinebot: standard input line %d: question over %d bytes, skipped\n", line, maxQuestion)
			if c.json {
				// The line's text is not kept: a question of any use fits in far less.
				if err := writeTooLong(stdout, q, fmt.Sprintf("%d characters", bot.MaxQuestionRunes)); err != nil {
					return err
				}
			}
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read questions from standard input: %w", err)
		}
		if eerr := questionEncoding(q); eerr != nil {
			// Read as text, it would be a question nobody asked ("W h a t" from UTF-16
			// without a byte-order mark), answered or refused as if it were one.
			notText++
			fmt.Fprintf(stderr, "doctrinebot: standard input line %d %v, skipped\n", line, eerr)
			if errors.Is(err, io.EOF) {
				break
			}
			continue
		}
		if q = strings.TrimSpace(q); !bot.Blank(q) {
			asked++
			if aerr := answer(q); errors.Is(aerr, bot.ErrQuestionTooLong) {
				skipped++
				fmt.Fprintf(stderr, "doctrinebot: standard input line %d: question over %d characters, skipped\n", line, bot.MaxQuestionRunes)
				if c.json {
					if err := writeTooLong(stdout, q, fmt.Sprintf("%d characters", bot.MaxQuestionRunes)); err != nil {
						return err
					}
				}
			} else if aerr != nil {
				return aerr
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
	}
	if asked == 0 && skipped == 0 && notText == 0 {
		return usageError{"no question given: pass one as an argument or one per line on standard input"}
	}
	var failed []string
	if skipped > 0 {
		failed = append(failed, fmt.Sprintf("%s on standard input %s too long", count(skipped, "question"), wasWere(skipped)))
	}
	if notText > 0 {
		failed = append(failed, fmt.Sprintf("%s of standard input %s not text", count(notText, "line"), wasWere(notText)))
	}
	if len(failed) > 0 {
		return fmt.Errorf("%s and skipped: %w", strings.Join(failed, ", "), errSilent)
	}
	return nil
}

// wasWere returns "was" for one, "were" for other counts.
func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

// questionEncoding returns an error saying why a question is not text in UTF-8, or nil: it
// holds a byte sequence that is not UTF-8, a NUL (UTF-16 read without its byte-order mark
// gives one every other byte) or the replacement character U+FFFD (what decoding left of
// bytes that were not text in their encoding: an odd byte after a UTF-16 byte-order mark).
// The error gives the byte offset, for the caller to name the input before it.
func questionEncoding(q string) error {
	if i := corpus.InvalidUTF8Offset([]byte(q)); i >= 0 {
		return fmt.Errorf("is not valid UTF-8 (byte offset %d)", i)
	}
	if i := strings.IndexByte(q, 0); i >= 0 {
		return fmt.Errorf("holds a NUL byte at byte offset %d (UTF-16 without a byte-order mark? send UTF-8)", i)
	}
	if i := strings.IndexRune(q, utf8.RuneError); i >= 0 {
		return fmt.Errorf("holds bytes that are not text in its encoding (U+FFFD at byte offset %d)", i)
	}
	return nil
}

// tooLongQuestionRunes is how much of a question too long to answer writeTooLong repeats.
const tooLongQuestionRunes = 200

// writeTooLong writes the --json object of a question too long to answer (over limit, such
// as "1000 characters"), so that the objects still go one per question: not answered, no
// quotes, the answer saying why, and the question cut to tooLongQuestionRunes with "…".
// Errors: stdout's.
func writeTooLong(stdout io.Writer, question, limit string) error {
	if r := []rune(question); len(r) > tooLongQuestionRunes {
		question = string(r[:tooLongQuestionRunes]) + "…"
	}
	return json.NewEncoder(stdout).Encode(answerJSON{Question: strings.ToValidUTF8(question, "\uFFFD"), Answer: "The question is too long: ask in at most " + limit + ".", Quotes: []quoteJSON{}})
}

// answerJSON is the --json shape of an answer, one object per question.
type answerJSON struct {
	Question string      `json:"question"`
	Answered bool        `json:"answered"`
	Answer   string      `json:"answer"`
	Quotes   []quoteJSON `json:"quotes"`
}

type quoteJSON struct {
	Text     string  `json:"text"`
	Document string  `json:"document"`
	Title    string  `json:"title"`
	Section  string  `json:"section"`
	Lines    [2]int  `json:"lines"`
	Score    float64 `json:"score"`
}

// toJSON returns the --json object of an answer: the lead as plain sentences, as the text
// output prints it (see plainEmphasis), and each quote's text as the source writes it.
func toJSON(a *bot.Answer) answerJSON {
	out := answerJSON{Question: a.Question, Answered: a.Answered, Answer: plainEmphasis(a.Lead), Quotes: []quoteJSON{}}
	for _, q := range a.Quotes {
		p := q.Passage
		out.Quotes = append(out.Quotes, quoteJSON{
			Text: p.Text, Document: p.DocumentID, Title: p.Title, Section: p.Section(),
			Lines: [2]int{p.FirstLine, p.LastLine}, Score: q.Score,
		})
	}
	return out
}

// formatText renders an answer for a terminal: the lead, each passage as a block quote, and
// its source, with no control character but newline and no bidirectional formatting character
// (see corpus.StripControls and printable).
func formatText(a *bot.Answer) string {
	if !a.Answered {
		return corpus.StripControls(a.Lead)
	}
	var b strings.Builder
	b.WriteString(corpus.StripControls(plainEmphasis(a.Lead)))
	b.WriteString("\n")
	if a.Generated {
		fmt.Fprintf(&b, "(written by %s from the passages below; its quotations are checked against them)\n", a.Model)
	} else if a.Fallback != "" {
		reason := a.Fallback // the endpoint's error: "chat model M at URL: cannot connect: …"
		if reason == bot.ErrNoSupport.Error() {
			reason = "its answer quoted nothing found in the passages"
		}
		fmt.Fprintf(&b, "(the language model could not answer: %s; this is the extractive answer)\n", printable(reason))
	}
	for i, q := range a.Quotes {
		p := q.Passage
		b.WriteString("\n")
		// A library an earlier doctrinebot wrote may hold text with characters that
		// corpus.StripControls now drops (U+202E).
		for _, line := range strings.Split(corpus.StripControls(p.Text), "\n") {
			b.WriteString(strings.TrimRight("> "+line, " ") + "\n") // ">" alone between paragraphs
		}
		if len(a.Quotes) > 1 || a.Generated {
			// The model's citations number the passages so (see bot.Generated.Text).
			fmt.Fprintf(&b, "[%d] ", i+1)
		}
		b.WriteString("— " + printable(bot.Citation(p)) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// warnSkipped returns the function corpus.Load calls with each file of a folder that it
// skips for holding no text or for being no regular file (a device, a named pipe): it prints
// "doctrinebot: skipped PATH: REASON" on w, one line, as the command line's other messages
// are printed: the corpus names a path holding a control character quoted (see
// corpus.QuotePath), and any other control character in it is written as its escape.
func warnSkipped(w io.Writer) func(error) {
	return func(err error) {
		fmt.Fprintf(w, "doctrinebot: skipped %s\n", escapeControls(strings.TrimPrefix(err.Error(), "corpus: ")))
	}
}

// maxQuestion is the longest question, in bytes, that ask reads from standard input.
const maxQuestion = 64 << 10

// isTerminal reports whether w (a writer or a reader) is a terminal (a character device),
// where progress may be redrawn in place and typed answers show; elsewhere progress is
// printed as plain lines and piped answers are echoed.
func isTerminal(w any) bool {
	f, ok := fileOf(w)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// printable returns s as one line for a terminal: each control character (a terminal escape's
// ESC, a newline) replaced with a space, and the bidirectional formatting characters that
// corpus.StripControls drops (U+202E, the right-to-left override, among them) dropped, so that
// printing a question, a title or a quiz item can neither drive the terminal nor turn the rest
// of the line around.
func printable(s string) string {
	return corpus.StripControls(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s))
}

// recordGap keeps a refused question in the library answers came from, for `gaps`; a failure
// is only logged (in detail only, for a library this user may not write). The library was not
// checked when the answers come from its index snapshot (library.Check reads the whole file:
// 0.7 s for the US Code's), so it is checked here, once a process, before the first write, and
// after the answer is printed: a damaged library is written nothing, the warning saying why,
// and one sound or read-only costs an ask that answers nothing more.
func (c *common) recordGap(ctx context.Context, question string, logger *slog.Logger) {
	if c.fromLibrary == "" {
		return
	}
	if c.gapsRefused != nil {
		logger.Debug("refused question not recorded", "error", c.gapsRefused)
		return
	}
	lib, err := library.OpenUnchecked(ctx, c.fromLibrary, library.Model{})
	if err == nil {
		if !c.gapsChecked && !lib.ReadOnly() {
			if err = lib.Check(ctx); err == nil {
				c.gapsChecked = true
			} else if errors.Is(err, library.ErrDamaged) {
				c.gapsRefused = withDataOption(err, dataOption(c.data, c.getenv))
			}
		}
		if err == nil {
			err = lib.RecordGap(ctx, question)
		}
		lib.Close()
	}
	switch {
	case errors.Is(err, library.ErrReadOnly) || errors.Is(err, bot.ErrGapsFull):
		logger.Debug("refused question not recorded", "error", err)
	case err != nil:
		logger.Warn("refused question not recorded", "error", withDataOption(err, dataOption(c.data, c.getenv)))
	}
}

// emphasis matches text set in bold or italics by markdown's ** or __ pairs within a line
// ("**Security ministries have elected political heads.**").
var emphasis = regexp.MustCompile(`\*\*([^*\n]+?)\*\*|__([^_\n]+?)__`)

// plainEmphasis returns an answer's lead without markdown's emphasis marks, which a terminal
// shows as they are: the lead is plain sentences, set apart from the quote that follows, which
// keeps the source's marks as the source writes them.
func plainEmphasis(s string) string {
	return emphasis.ReplaceAllString(s, "$1$2")
}

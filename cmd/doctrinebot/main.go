// Command doctrinebot answers questions about a corpus of doctrine and governance texts by
// quoting the passage that answers them, with its source.
//
// Usage:
//
//	doctrinebot ask [flags] ["question"]
//	doctrinebot eval --questions FILE [flags]
//	doctrinebot corpus add|list|show|remove|reindex [flags]
//	doctrinebot serve [flags]
//	doctrinebot gaps [flags]
//	doctrinebot quiz [generate|import FILE|export [FILE]|list|approve ID...|reject ID...|remove ID...] [flags]
//
// Run "doctrinebot help COMMAND" (or "doctrinebot COMMAND -h") for a command's flags.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"

	"github.com/doctrinebot/doctrinebot/embeddings"
	"github.com/doctrinebot/doctrinebot/lexicon"
)

func main() {
	os.Exit(runMain(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// runMain is main without the exit: run under a context that SIGINT and SIGTERM end, its error
// reported on stderr, and the exit status returned (see exitStatus). The tests' child
// processes run it too.
// A write to standard output that fails (a full disk, /dev/full) makes the exit status 1 with
// the write's error, whatever the command made of it: a command that printed its answer or
// listing in part must not end as if it had succeeded.
func runMain(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var out *checkedFile
	if f, ok := stdout.(*os.File); ok {
		out = &checkedFile{f: f}
		stdout = out
	}
	err := run(ctx, args, getenv, stdin, stdout, stderr)
	if out != nil && out.err != nil && (err == nil || errors.Is(err, errSilent)) {
		err = fmt.Errorf("write standard output: %w", out.err)
	}
	return exitStatus(err, stderr)
}

// checkedFile is standard output, written through, that keeps the first write error and
// fails every write after it with that error.
type checkedFile struct {
	f   *os.File
	err error
}

// Write writes p to the file unless a write has failed before.
func (c *checkedFile) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.f.Write(p)
	if err != nil {
		c.err = err
	}
	return n, err
}

// File returns the file written to, for the checks that need it (see fileOf).
func (c *checkedFile) File() *os.File { return c.f }

// fileOf returns the file w writes to or reads from: w itself when it is an *os.File, the
// file of standard output wrapped by runMain (checkedFile), else false.
func fileOf(w any) (*os.File, bool) {
	switch f := w.(type) {
	case *os.File:
		return f, true
	case interface{ File() *os.File }:
		return f.File(), true
	}
	return nil, false
}

// exitStatus returns the exit status for run's error, printing the error to stderr unless it
// was already reported: 0 for none; 2 for a usage mistake (run printed it with the usage);
// 130 when interrupted, as a shell reports SIGINT; 1 for any other error.
func exitStatus(err error, stderr io.Writer) int {
	var u usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &u):
		return 2
	case errors.Is(err, context.Canceled):
		return 130
	case !errors.Is(err, errSilent):
		fmt.Fprintln(stderr, "doctrinebot:", userMessage(err))
	}
	return 1
}

// userMessage is err's message as the tool says it: without the prefixes ("library: ",
// "bot: ", "corpus: ", "quiz: ") that the errors of this project's packages carry, at the
// start or after the ": " or "; " of a wrapping error, since their words are written for the
// user (`library: no such document`, `bot: question too long: 1999 characters, at most
// 1000`, `bot: q.jsonl:1: no question`).
func userMessage(err error) string {
	msg := err.Error()
	for _, p := range internalPrefixes {
		msg = strings.TrimPrefix(msg, p)
	}
	return prefixReplacer.Replace(msg)
}

// internalPrefixes are the prefixes of the errors of this project's packages, which
// userMessage drops.
var internalPrefixes = []string{"library: ", "bot: ", "corpus: ", "quiz: "}

// prefixReplacer drops internalPrefixes after a wrapping error's ": " or "; ".
var prefixReplacer = func() *strings.Replacer {
	var pairs []string
	for _, p := range internalPrefixes {
		pairs = append(pairs, ": "+p, ": ", "; "+p, "; ")
	}
	return strings.NewReplacer(pairs...)
}()

// usageError is a command-line mistake: run prints it with the command's usage, and the exit
// status is 2.
type usageError struct{ msg string }

// Error returns the mistake, one line.
func (e usageError) Error() string { return e.msg }

// emptyArgument returns the usage mistake of an empty argument among args, the paths or IDs
// given to command: `corpus add: an empty path ("")`, where what is "path"; nil when none is
// empty. An empty word names no file and no document, and said only ": no such file or
// directory" (the name unseen) or "no such document". An ID (what is not "path") of white
// space alone is empty too: no ID holds a space, and `corpus remove " "` said "no such
// document", where a path of spaces may name a file.
func emptyArgument(command, what string, args []string) error {
	for _, a := range args {
		if a == "" || what != "path" && strings.TrimSpace(a) == "" {
			return usageError{fmt.Sprintf("%s: an empty %s (%q)", command, what, a)}
		}
	}
	return nil
}

// errHelp is returned by a command given -h or --help: run prints the command's usage on
// stdout and succeeds.
var errHelp = errors.New("help requested")

// errSilent is returned when the failure was already reported.
var errSilent = errors.New("failed")

// The usage, in parts: each command's lines and flags, so that a mistake is followed by the
// usage of the command it was made in (see commandUsage).
const (
	usageIntro = "doctrinebot answers questions about doctrine texts by quoting the passage that answers them.\n"

	askLines = `  doctrinebot ask [flags] ["question"]      answer a question (or one per line from standard input)
`
	evalLines = `  doctrinebot eval --questions FILE         score retrieval on a question set (JSON Lines)
`
	corpusLines = `  doctrinebot corpus add PATH... [flags]    add files and folders (read recursively) to the library
  doctrinebot corpus list|reindex [flags]   list the library; embed it again with the current model
  doctrinebot corpus show DOC               show a document with its passages
  doctrinebot corpus remove DOC...          remove documents from the library, all or none
`
	serveLines = `  doctrinebot serve [flags]                 run the Discord bot (DISCORD_TOKEN; see the README)
`
	gapsLines = `  doctrinebot gaps [flags]                  list the questions the corpus could not answer
`
	quizLines = `  doctrinebot quiz [--topic T] [-n N]       a quiz in the terminal (answers A–D or T/F on standard input)
  doctrinebot quiz generate [--llm]         fill the quiz bank from the library (or built-in corpus),
                                            pending review
  doctrinebot quiz import FILE              import a trainer's YAML bank (approved); all or nothing
  doctrinebot quiz export [FILE]            write quiz items as a bank quiz import reads (default:
                                            the approved ones, to standard output)
  doctrinebot quiz list [--status S]        list quiz items (pending, approved, rejected or all)
  doctrinebot quiz approve|reject ID...     review quiz items, all or none
  doctrinebot quiz remove ID...             delete quiz items (a damaged one too), all or none
`
	helpLines = `  doctrinebot help [COMMAND]                show this help, or a command's flags
`
	versionLines = `  doctrinebot version                       show this build, its Go version and built-in models
`

	dataHelp = `  --data DIR        the library (default $DOCTRINEBOT_DATA, else $XDG_DATA_HOME/doctrinebot or
                    ~/.local/share/doctrinebot)
`
	answerHelp = `  --corpus PATH     a file or folder (read recursively) to answer from instead of the library
                    or the built-in corpus; repeatable
` + dataHelp + `                    answers come from it when it holds documents, else from the built-in corpus
  --mode MODE       retrieval: hybrid (default), bm25, vector or rrf
  -v                log details (why a question was refused, why the chat model could not
                    answer) to standard error
`
	chatHelp = `  --chat-model M    a chat model writes the answer (default $DOCTRINEBOT_CHAT_MODEL)
`
	endpointHelp = `  --embed-model M   an endpoint's embedding model instead of the built-in one
                    (default $DOCTRINEBOT_EMBED_MODEL)
  --base-url URL    the OpenAI-compatible endpoint (default $OPENAI_BASE_URL; key $OPENAI_API_KEY)
  --llm-timeout D   time allowed per model request (default $DOCTRINEBOT_LLM_TIMEOUT, else 60s)
`
	askHelp = `  -k N              passages to quote (default 1)
  --json            print one JSON object per answer, one a line
` + answerHelp + chatHelp + endpointHelp
	evalHelp = `  --questions FILE  a question set in JSON Lines; repeatable
  --all             score every retrieval mode, each component alone and fused
  --json            print the full report in JSON
` + answerHelp + endpointHelp
	serveHelp = dataHelp + `  --mode MODE       retrieval: hybrid (default), bm25, vector or rrf
  --log-json        log in JSON (also DOCTRINEBOT_LOG_FORMAT=json)
  -v                log details
` + chatHelp + endpointHelp
	corpusHelp = dataHelp + `  --json            print JSON
  --id ID           add: the document ID (one file): 1 to 100 letters and digits of any
                    script, '-', '_' or '.', starting with a letter or digit; adding an ID
                    already stored replaces it
  --title, --author, --source URL, --edition, --licence
                    add: metadata, one line each (--title for one file; --source an http or
                    https URL, or text); else read from the text
  --max-size MB     add: the largest file to read, in MiB (default 50)
` + endpointHelp
	gapsHelp = dataHelp + `  --json            print JSON
  -n N              how many questions, most asked first (default 50; 0: all)
  --clear           delete the recorded questions (after reading them), making room for new ones

` + gapsRecorded
	quizHelp = `  Each flag is taken only by the commands named before its meaning ("quiz" alone is the
  terminal quiz); --data by all of them.
` + dataHelp + `  --corpus PATH     quiz: a file or folder to draw items from instead of the library;
                    generate: to make items from, storing only those whose passages the
                    library holds; import: to find the bank's sources in, imported only if the
                    library holds their passages; repeatable
  --topic T         quiz: ask only items about T (every word of it in the item or its passage)
  -n N              quiz: questions to ask (default 5)
  --seed N          quiz: the order of the questions (default: the time); generate: of the
                    options (default 0: generate is reproducible); a whole number, 0 or more
  --status S        list, export: pending, approved, rejected or all (default: list all,
                    export approved)
  --llm             generate: a chat model writes items too
  --chat-model M    generate --llm: that chat model (default $DOCTRINEBOT_CHAT_MODEL)
  --base-url URL    generate --llm: its endpoint, as for ask
  --llm-timeout D   generate --llm: time allowed per request, as for ask (such as 30s)
`
)

// usage is the whole help: every command, and where to find its flags.
const usage = usageIntro + "\nUsage:\n" + askLines + evalLines + corpusLines + serveLines + gapsLines + quizLines + helpLines + versionLines + `
Run 'doctrinebot help COMMAND' (or 'doctrinebot COMMAND -h') for a command's flags; flags may
stand before or after the arguments, and -- ends them.

Exit status: 0 on success, 1 on an error (it names the input), 2 on a usage mistake, 130 when
interrupted.
`

// commandUsage returns the usage of command, its lines and its flags; the whole usage for ""
// or a command that does not exist.
func commandUsage(command string) string {
	lines, flags := "", ""
	switch command {
	case "ask":
		lines, flags = askLines, askHelp
	case "eval":
		lines, flags = evalLines, evalHelp
	case "serve":
		lines, flags = serveLines, serveHelp
	case "corpus":
		lines, flags = corpusLines, corpusHelp
	case "gaps":
		lines, flags = gapsLines, gapsHelp
	case "quiz":
		lines, flags = quizLines, quizHelp
	case "version", "--version":
		return "Usage:\n" + versionLines + "\nIt takes no flags and no arguments.\n"
	default:
		return usage
	}
	return "Usage:\n" + lines + "\nFlags (before or after the arguments):\n" + flags
}

// run is the whole program: args without the program name; getenv for the environment. A
// usage mistake is printed on stderr, a line naming it and then the command's usage, and
// returned as a usageError; other errors are returned for the caller to report.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	command := ""
	if len(args) > 0 {
		command = args[0]
	}
	err := dispatch(ctx, args, getenv, stdin, stdout, stderr)
	var u usageError
	switch {
	case errors.Is(err, errHelp):
		fmt.Fprint(stdout, commandUsage(command))
		return nil
	case errors.As(err, &u):
		fmt.Fprintf(stderr, "doctrinebot: %s\n\n%s", u.msg, commandUsage(command))
	}
	return err
}

// dispatch runs the command args[0].
func dispatch(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"no command given"}
	}
	switch args[0] {
	case "ask":
		return runAsk(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "eval":
		return runEval(ctx, args[1:], getenv, stdout, stderr)
	case "corpus":
		// The subcommand is checked here, so that a mistake in it is printed once, with the
		// corpus usage, as every other usage mistake is.
		switch {
		case len(args) == 1:
			return usageError{"corpus needs a command: add, list, show, remove or reindex"}
		case args[1] == "-h" || args[1] == "--help":
			return errHelp
		case strings.HasPrefix(args[1], "-") && len(args[1]) > 1:
			return usageError{corpusFlagFirst(args[1:])}
		case !slices.Contains([]string{"add", "list", "show", "remove", "reindex"}, args[1]):
			return usageError{fmt.Sprintf("unknown corpus command %q", args[1])}
		}
		return runCorpus(ctx, args[1:], getenv, stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], getenv, stdout, stderr)
	case "gaps":
		return runGaps(ctx, args[1:], getenv, stdout, stderr)
	case "quiz":
		return runQuiz(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "help", "-h", "--help":
		return runHelp(args[1:], stdout)
	case "version", "--version":
		if len(args) == 2 && (args[1] == "-h" || args[1] == "--help") {
			fmt.Fprint(stdout, commandUsage("version"))
			return nil
		}
		if len(args) > 1 {
			return usageError{fmt.Sprintf("version takes no arguments, got %q", args[1:])}
		}
		return runVersion(stdout)
	}
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}

// corpusFlagFirst returns the usage mistake of a corpus command line that starts with a flag
// (args after "corpus"): the corpus command goes first, since which flags there are depends
// on it. With a command among args, the line as it should be written: `the corpus command
// goes before its flags: doctrinebot corpus list --data L`.
func corpusFlagFirst(args []string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		if slices.Contains([]string{"add", "list", "show", "remove", "reindex"}, a) {
			line := append([]string{"doctrinebot", "corpus", a}, slices.Delete(slices.Clone(args), i, i+1)...)
			for j, w := range line {
				if strings.ContainsAny(w, " \t\"'") || w == "" {
					line[j] = fmt.Sprintf("%q", w)
				}
			}
			return "the corpus command goes before its flags: " + strings.Join(line, " ")
		}
	}
	return fmt.Sprintf("corpus needs a command before its flags (add, list, show, remove or reindex), got %q", args[0])
}

// runHelp prints the whole usage, or with a command's name that command's. The help of help
// ("help help", "help -h") is the whole usage, which describes help itself.
func runHelp(args []string, stdout io.Writer) error {
	switch {
	case len(args) == 0 || len(args) == 1 && slices.Contains([]string{"help", "-h", "--help"}, args[0]):
		fmt.Fprint(stdout, usage)
	case len(args) == 1 && commandUsage(args[0]) != usage:
		fmt.Fprint(stdout, commandUsage(args[0]))
	case len(args) == 1:
		return usageError{fmt.Sprintf("no help for %q: it is no command", args[0])}
	default:
		return usageError{fmt.Sprintf("help takes at most one command, got %q", args)}
	}
	return nil
}

// runVersion prints the module's version (as the Go toolchain recorded it: "(devel)" for a
// build from a checkout), the build ID that keys the index snapshot (see codeVersion), the Go
// version, and the built-in embedding model's and lexicon's names and sizes.
func runVersion(stdout io.Writer) error {
	version := "(unknown)"
	if info, ok := debug.ReadBuildInfo(); ok {
		version = info.Main.Version
	}
	m := embeddings.Builtin()
	lex := lexicon.Builtin()
	fmt.Fprintf(stdout, "doctrinebot %s\nbuild %s\n%s %s/%s\nembedding model %s (%d dimensions, %d words)\nlexicon WordNet 3.0 (%d lemmas, %d relations)\n",
		version, codeVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH, m.Name(), m.Dim(), m.Len(), lex.NumLemmas(), lex.NumRelations())
	return nil
}

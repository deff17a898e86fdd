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
//	doctrinebot quiz [generate|import FILE|list|approve ID|reject ID] [flags]
//
// Run "doctrinebot help" for the flags.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintln(os.Stderr, "doctrinebot:", err)
			fmt.Fprintln(os.Stderr, "Run 'doctrinebot help' for the usage.")
			os.Exit(2)
		}
		if errors.Is(err, context.Canceled) {
			os.Exit(130) // interrupted, as a shell reports SIGINT
		}
		if !errors.Is(err, errSilent) {
			fmt.Fprintln(os.Stderr, "doctrinebot:", err)
		}
		os.Exit(1)
	}
}

// usageError is a command-line mistake: main prints it with the usage and exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// errHelp is returned by a command given -h or --help, after the usage is printed: run
// succeeds.
var errHelp = errors.New("help requested")

// errSilent is returned when the failure was already reported.
var errSilent = errors.New("failed")

const usage = `doctrinebot answers questions about doctrine texts by quoting the passage that answers them.

Usage:
  doctrinebot ask [flags] ["question"]     answer a question (or one per line from standard input)
  doctrinebot eval --questions FILE [flags] score retrieval on a question set (JSON Lines)
  doctrinebot corpus add PATH... [flags]    add files and folders (read recursively) to the library
  doctrinebot corpus list|reindex [flags]   list the library; embed it again with the current model
  doctrinebot corpus show|remove DOC        show a document with its passages; remove it
  doctrinebot serve [flags]                 run the Discord bot (DISCORD_TOKEN; see the README)
  doctrinebot gaps [--data DIR] [--json]    list the questions the corpus could not answer
  doctrinebot quiz [--topic T] [-n N]       a quiz in the terminal (answers A–D or T/F on standard input)
  doctrinebot quiz generate [--llm]         fill the quiz bank from the library, pending review
  doctrinebot quiz import FILE              import a trainer's YAML bank (approved); all or nothing
  doctrinebot quiz list [--status S]        list quiz items (pending, approved or rejected)
  doctrinebot quiz approve|reject ID        review a quiz item
  doctrinebot help                          show this help

Flags of ask and eval (before or after the question):
  --corpus PATH     a file or folder (read recursively) to answer from instead of the built-in
                    corpus; repeatable
  -k N              ask: passages to quote (default 1)
  --json            print JSON
  --mode MODE       retrieval: hybrid (default), bm25, vector or rrf
  --questions FILE  eval: question set in JSON Lines; repeatable
  --all             eval: score every retrieval mode
  --data DIR        the library to answer from when it holds documents (default
                    $DOCTRINEBOT_DATA, else $XDG_DATA_HOME/doctrinebot or ~/.local/share/doctrinebot);
                    empty or absent, answers come from the built-in corpus
  -v                log details (such as why a question was refused) to standard error
  --chat-model M    a chat model writes the answer (default $DOCTRINEBOT_CHAT_MODEL)
  --embed-model M   an endpoint's embedding model instead of the built-in one
                    (default $DOCTRINEBOT_EMBED_MODEL)
  --base-url URL    the OpenAI-compatible endpoint (default $OPENAI_BASE_URL; key $OPENAI_API_KEY)
  --llm-timeout D   time allowed per model request (default $DOCTRINEBOT_LLM_TIMEOUT, else 60s)
  --log-json        serve: log in JSON (also DOCTRINEBOT_LOG_FORMAT=json)

Flags of corpus (before or after the arguments):
  --data DIR        the library folder, as above
  --json            print JSON
  --id ID           add: the document ID (one file); adding an ID already stored replaces it
  --title, --author, --source URL, --edition, --licence
                    add: metadata (--title for one file); else read from the text
  --max-size MB     add: the largest file to read, in MiB (default 50)

Exit status: 0 on success, 1 on an error (it names the input), 2 on a usage mistake.
`

// run is the whole program: args without the program name; getenv for the environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	err := dispatch(ctx, args, getenv, stdin, stdout, stderr)
	if errors.Is(err, errHelp) {
		return nil // the flag set printed the usage
	}
	return err
}

// dispatch runs the command args[0].
func dispatch(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	switch args[0] {
	case "ask":
		return runAsk(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "eval":
		return runEval(ctx, args[1:], getenv, stdout, stderr)
	case "corpus":
		return runCorpus(ctx, args[1:], getenv, stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], getenv, stdout, stderr)
	case "gaps":
		return runGaps(ctx, args[1:], getenv, stdout, stderr)
	case "quiz":
		return runQuiz(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}

package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/library"
	"github.com/doctrinebot/doctrinebot/llm"
	"github.com/doctrinebot/doctrinebot/quiz"
)

// quizFlags are the flags of the quiz commands.
type quizFlags struct {
	getenv  func(string) string
	stderr  io.Writer // where a file skipped in a --corpus folder is reported
	models  models
	corpora stringList
	data    string
	topic   string
	n       int
	seed    uint64
	status  string
	llm     bool
}

// quizCommandFlags are the flags each quiz command uses, by subcommand ("" for the terminal
// quiz). Any other flag given to it is a usage mistake (see checkQuizFlags); the flags of
// the chat model (quizModelFlags) only with --llm.
var quizCommandFlags = map[string][]string{
	"":         {"data", "corpus", "topic", "n", "seed"},
	"generate": {"data", "corpus", "seed", "llm", "chat-model", "base-url", "llm-timeout"},
	"import":   {"data", "corpus"}, // --corpus: the files a bank's sources are found in
	"export":   {"data", "status"},
	"list":     {"data", "status"},
	"approve":  {"data"},
	"reject":   {"data"},
	"remove":   {"data"},
}

// quizCommands are the quiz subcommands, in the order the usage mistakes name them.
var quizCommands = []string{"generate", "import", "list", "approve", "reject", "remove", "export"}

// terminalQuiz is the command line of a quiz in the terminal, as the usage writes it.
const terminalQuiz = "doctrinebot quiz [--topic T] [-n N]"

// quizModelFlags are the flags of quiz generate that mean something only with --llm.
var quizModelFlags = []string{"chat-model", "base-url", "llm-timeout"}

// runQuiz runs `doctrinebot quiz [generate|import|export|list|approve|reject|remove]`: with no subcommand,
// a quiz in the terminal. The subcommand is the first argument, and flags may stand before it.
func runQuiz(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("quiz", stderr)
	f := quizFlags{getenv: getenv, stderr: stderr}
	fs.Var(&f.corpora, "corpus", "file or folder to draw items from instead of the library (repeatable)")
	fs.StringVar(&f.data, "data", "", "library folder")
	fs.StringVar(&f.topic, "topic", "", "ask only items about this topic")
	fs.IntVar(&f.n, "n", 5, "questions to ask")
	fs.Uint64Var(&f.seed, "seed", 0, "seed: the order of a quiz's questions (default: the time), and of generated items' options (default: 0, so that generate is reproducible)")
	fs.StringVar(&f.status, "status", "", "pending, approved, rejected or all (default: list all, export approved)")
	fs.BoolVar(&f.llm, "llm", false, "generate: also have the chat model write items")
	f.models.register(fs)
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	// The subcommand is the first argument, before the flags or after them ("quiz --data L
	// list" as "quiz list --data L"); with none, the terminal quiz.
	sub := ""
	if len(positional) > 0 && slices.Contains(quizCommands, positional[0]) {
		sub, positional = positional[0], positional[1:]
	}
	if err := checkQuizFlags(fs, sub); err != nil {
		return err
	}
	if f.n < 1 {
		return usageError{fmt.Sprintf("-n must be at least 1, got %d", f.n)}
	}
	if strings.TrimSpace(f.topic) != "" && !quiz.TopicHasWords(f.topic) {
		return usageError{fmt.Sprintf("--topic %q holds no word to look for (letters or digits)", printable(f.topic))}
	}
	want := map[string]string{"import": "one file", "export": "at most one file", "approve": "one or more item IDs", "reject": "one or more item IDs", "remove": "one or more item IDs"}[sub]
	switch {
	case sub == "" && len(positional) > 0:
		// The terminal quiz takes no argument: a word is a subcommand mistyped, or a command
		// guessed to start the quiz ("quiz run"), which is the quiz with no command.
		return usageError{fmt.Sprintf("unknown quiz command %q (a quiz in the terminal is %s, with no command)", positional[0], terminalQuiz)}
	case want == "" && len(positional) > 0:
		return usageError{fmt.Sprintf("quiz %s takes no arguments, got %q", sub, positional)}
	case sub == "import" && len(positional) != 1, sub == "export" && len(positional) > 1, want != "" && sub != "export" && len(positional) == 0:
		return usageError{fmt.Sprintf("quiz %s takes %s, got %s", sub, want, count(len(positional), "argument"))}
	}
	what := map[string]string{"import": "path", "export": "path", "approve": "item ID", "reject": "item ID", "remove": "item ID"}[sub]
	if err := emptyArgument("quiz "+sub, what, positional); err != nil {
		return err
	}
	switch sub {
	case "":
		err = f.terminal(ctx, stdin, stdout, stderr)
	case "list":
		err = f.list(ctx, stdout)
	case "approve", "reject":
		var ids []string
		if ids, err = itemIDs(sub, positional); err != nil {
			return err
		}
		err = f.review(ctx, ids, quiz.Status(map[string]string{"approve": "approved", "reject": "rejected"}[sub]), stdout)
	case "remove":
		var ids []string
		if ids, err = itemIDs(sub, positional); err != nil {
			return err
		}
		err = f.remove(ctx, ids, stdout)
	case "import":
		err = f.importBank(ctx, positional[0], stdout)
	case "export":
		err = f.export(ctx, strings.Join(positional, ""), stdout)
	default:
		err = f.generate(ctx, stdout, stderr)
	}
	return withDataOption(err, dataOption(f.data, getenv))
}

// checkQuizFlags returns a usageError naming the first flag given on the command line (fs
// parsed) that the quiz command sub does not use (see quizCommandFlags) and the commands that
// do: "quiz import does not take --status (a flag of quiz list)"; or naming a flag of the
// chat model given to quiz generate without --llm. Nil when every flag given is used.
func checkQuizFlags(fs *flag.FlagSet, sub string) error {
	command := strings.TrimSpace("quiz " + sub)
	var mistake string
	llm := false
	fs.Visit(func(f *flag.Flag) { llm = llm || f.Name == "llm" })
	fs.Visit(func(f *flag.Flag) {
		if mistake != "" {
			return
		}
		if !slices.Contains(quizCommandFlags[sub], f.Name) {
			mistake = fmt.Sprintf("%s does not take %s", command, flagName(f.Name))
			var takers []string
			for _, other := range append([]string{""}, quizCommands...) {
				if slices.Contains(quizCommandFlags[other], f.Name) {
					takers = append(takers, strings.TrimSpace("quiz "+other))
				}
			}
			if len(takers) > 0 {
				mistake += fmt.Sprintf(" (a flag of %s)", andList(takers))
			}
		} else if !llm && slices.Contains(quizModelFlags, f.Name) {
			mistake = fmt.Sprintf("%s takes %s only with --llm", command, flagName(f.Name))
		}
	})
	if mistake != "" {
		return usageError{mistake}
	}
	return nil
}

// andList joins words as a sentence lists them: "a", "a and b", "a, b and c".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// noLibraryFor is the error of quiz approve, reject or remove (done: "approved", "removed")
// of the items ids name when the library folder holds no library: `no quiz item "a1": there
// is no library in DIR; nothing removed` (a mistyped --data, most often), where it said "the
// library holds no items".
func (f *quizFlags) noLibraryFor(ids []string, done string) error {
	dir, err := dataDir(f.data, f.getenv)
	if err != nil {
		return err
	}
	return fmt.Errorf("%s: there is no library in %s; nothing %s", noItems(ids), dir, done)
}

// open opens the library (creating it when create is true); nil and no error when it does not
// exist and create is false. A library folder that is a file fails as it does for corpus list
// (see checkDataDir), whether or not the library would be created.
func (f *quizFlags) open(ctx context.Context, create bool) (*library.Library, error) {
	dir, err := dataDir(f.data, f.getenv)
	if err != nil {
		return nil, err
	}
	if err := checkDataDir(dir); err != nil {
		return nil, err
	}
	if !create && !libraryExists(dir) {
		return nil, nil
	}
	return library.Open(ctx, dir, library.Model{})
}

// documents returns the corpus items are drawn from: the --corpus paths, else the library's
// documents, else the built-in corpus.
func (f *quizFlags) documents(ctx context.Context, lib *library.Library) ([]*corpus.Document, error) {
	if len(f.corpora) > 0 {
		return corpus.Load(f.corpora, warnSkipped(f.stderr))
	}
	if lib != nil {
		docs, err := lib.LoadPassages(ctx)
		if err != nil {
			return nil, err
		}
		if len(docs) > 0 {
			return docs, nil
		}
	}
	return corpus.Builtin(), nil
}

// corpusName names, in a message, the corpus f.documents returns given lib: "the files given
// (--corpus)", "the library in DIR", or "the built-in corpus" (with "(the library in DIR
// holds no document)" when there is a library, "(there is no library in DIR)" when lib is nil).
func (f *quizFlags) corpusName(ctx context.Context, lib *library.Library) string {
	if len(f.corpora) > 0 {
		return "the files given (--corpus)"
	}
	if lib == nil {
		if dir, err := dataDir(f.data, f.getenv); err == nil {
			return "the built-in corpus (there is no library in " + dir + ")"
		}
		return "the built-in corpus"
	}
	if docs, err := lib.Documents(ctx); err == nil && len(docs) > 0 {
		return "the library in " + lib.Dir()
	}
	return "the built-in corpus (the library in " + lib.Dir() + " holds no document)"
}

// generate makes quiz items from the corpus (and the chat model with --llm) and stores them
// in the library, pending review; it creates the library when there is none, and says so.
// With --corpus it stores only the items whose passage the library holds, and creates none
// (see keepHeld).
func (f *quizFlags) generate(ctx context.Context, stdout, stderr io.Writer) error {
	var g *bot.Generator
	if f.llm {
		// A mistake in the model's settings is reported before anything is created.
		if err := f.models.resolve(f.getenv); err != nil {
			return err
		}
		var err error
		if g, err = f.models.generator(); err != nil {
			return err
		}
		if g == nil {
			return usageError{"--llm needs a chat model: --chat-model or DOCTRINEBOT_CHAT_MODEL"}
		}
	}
	dir, err := dataDir(f.data, f.getenv)
	if err != nil {
		return err
	}
	existed := libraryExists(dir)
	var lib *library.Library
	if existed || len(f.corpora) == 0 {
		// With --corpus and no library, no library is created: it would hold none of the
		// items' passages (see keepHeld).
		if lib, err = f.open(ctx, true); err != nil {
			return err
		}
		defer lib.Close()
		if !existed {
			fmt.Fprintf(stderr, "doctrinebot: created a library in %s to keep the items for review\n", dir)
		}
		// The items are checked against the passages and stored under the writer lock, so
		// that no document is removed or updated in between (see lockWriter).
		unlock, err := f.lockWriter(ctx, lib, "generated")
		if err != nil {
			return err
		}
		defer unlock()
	}
	docs, err := f.documents(ctx, lib)
	if err != nil {
		return err
	}
	items := quiz.Generate(docs, quiz.GenerateOptions{Seed: f.seed})
	if len(items) == 0 && !f.llm {
		return f.noItems(ctx, lib, docs)
	}
	if len(f.corpora) > 0 {
		if docs, items, err = f.keepHeld(ctx, lib, dir, docs, items, stderr); err != nil {
			return err
		}
	}
	fromModel, dropped := 0, 0
	var modelFailed error // set when the model was asked and every request failed
	if f.llm {
		if fromModel, dropped, modelFailed = f.modelItems(ctx, &quiz.ModelWriter{Chat: quiz.Chat(g.Chat)}, docs, &items, stderr); ctx.Err() != nil {
			return f.interrupted(ctx.Err(), lib, "generated")
		}
		items = quiz.Dedupe(items)
	}
	added, retired, err := lib.AddItems(ctx, items)
	if err != nil {
		return f.interrupted(err, lib, "generated")
	}
	fresh := fmt.Sprintf("%d new, pending review (doctrinebot quiz list%s --status pending)", added, dataOption(f.data, f.getenv))
	if added == 0 {
		fresh = fmt.Sprintf("none new, the library held every one already; those pending review: (doctrinebot quiz list%s --status pending)", dataOption(f.data, f.getenv))
	}
	fmt.Fprintf(stdout, "%s generated (%d written by the model, %d of its items dropped as unsupported by their passage); %s%s\n",
		count(len(items), "item"), fromModel, dropped, fresh, f.retiredNote(retired, "generate"))
	if modelFailed != nil {
		if len(items) == 1 {
			return fmt.Errorf("%w; the 1 item made without it is stored", modelFailed)
		}
		return fmt.Errorf("%w; the %d items made without it are stored", modelFailed, len(items))
	}
	return nil
}

// noItems returns the error of a quiz generate that made no item from docs, the corpus f
// names: none of its sentences is of a kind items are made from (see quiz.Generate); --llm
// may do better.
func (f *quizFlags) noItems(ctx context.Context, lib *library.Library, docs []*corpus.Document) error {
	passages := 0
	for _, d := range docs {
		passages += len(d.Passages)
	}
	return fmt.Errorf("no quiz item could be made from the %s of %s: items are made from sentences of 5 to 45 words that define a term, list three things or more, state a number with a unit, or state a rule or claim that stands alone; --llm has a chat model write items",
		count(passages, "passage"), f.corpusName(ctx, lib))
}

// lockWriter takes lib's writer lock (library.LockWriter) for a quiz command that writes items
// or their status, as corpus add, remove and reindex take it: while the command checks the
// items against the library's passages and stores them, no document is removed or updated,
// so that no item is stored live for a passage just removed. When another process holds the
// lock it says so on stderr (see noticeWait) and waits; interrupted while it waits, it says
// that nothing was done (see interrupted: "nothing imported"), and fails with ctx's error
// (exit status 130); failing for another reason (a library this user may not write), its
// error says that nothing was done too ("…; nothing removed"). It returns the function that
// releases the lock.
func (f *quizFlags) lockWriter(ctx context.Context, lib *library.Library, done string) (func(), error) {
	noticeWait(lib, f.stderr)
	unlock, err := lib.LockWriter(ctx)
	if errors.Is(err, context.Canceled) {
		return nil, f.interrupted(err, lib, done)
	} else if err != nil {
		return nil, fmt.Errorf("%w; nothing %s", err, done)
	}
	return unlock, nil
}

// interrupted returns err, having said on stderr, when it is an interruption (ctx cancelled),
// that nothing was done ("doctrinebot: interrupted; nothing imported: the library in DIR is
// as it was") as corpus add and remove say it.
func (f *quizFlags) interrupted(err error, lib *library.Library, done string) error {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(f.stderr, "doctrinebot: interrupted; nothing %s: the library in %s is as it was\n", done, lib.Dir())
	}
	return err
}

// keepHeld returns, of the documents read from the --corpus files and the items generated
// from them, the passages and items whose passage the library lib holds (the same document
// and passage ID; lib nil: there is no library): quiz generate --corpus stores no item whose
// passage is not in the library, since items outlive no passage (the library would list no
// document and yet ask it). When some are left out it says on stderr how many, of which
// documents, and how to keep them (corpus add the files first). Errors: when items were made
// and none is kept, one saying so (nothing is stored), in the same words; the library's.
func (f *quizFlags) keepHeld(ctx context.Context, lib *library.Library, dir string, docs []*corpus.Document, items []quiz.Item, stderr io.Writer) ([]*corpus.Document, []quiz.Item, error) {
	held, err := heldPassages(ctx, lib)
	if err != nil {
		return nil, nil, err
	}
	var kept []quiz.Item
	var outDocs []string // the documents of the items left out, in order
	for _, it := range items {
		if held[[2]string{it.Source.DocumentID, it.Source.PassageID}] {
			kept = append(kept, it)
		} else if !slices.Contains(outDocs, it.Source.DocumentID) {
			outDocs = append(outDocs, it.Source.DocumentID)
		}
	}
	var heldDocs []*corpus.Document // the passages held, for the chat model to write from
	for _, d := range docs {
		c := *d
		c.Passages = nil
		for _, p := range d.Passages {
			if held[[2]string{d.ID, p.ID}] {
				c.Passages = append(c.Passages, p)
			}
		}
		if len(c.Passages) > 0 {
			heldDocs = append(heldDocs, &c)
		}
	}
	left := len(items) - len(kept)
	if left == 0 && lib != nil {
		return heldDocs, kept, nil
	}
	add := "doctrinebot corpus add --data " + dataWord(dir)
	for _, c := range f.corpora {
		add += " " + shellWord(c)
	}
	named := outDocs[:min(len(outDocs), 5)]
	if len(outDocs) > len(named) {
		named = append(slices.Clone(named), fmt.Sprintf("%d more", len(outDocs)-len(named)))
	}
	which := "document " + andList(named)
	if len(outDocs) > 1 {
		which = "documents " + andList(named)
	}
	how := fmt.Sprintf("add the files to the library first (%s), then quiz generate again", add)
	switch {
	case lib == nil:
		return nil, nil, fmt.Errorf("there is no library in %s to hold the passages of the %s made from the files given, so none is stored: %s",
			dir, count(len(items), "item"), how)
	case len(kept) == 0:
		return nil, nil, fmt.Errorf("the library in %s holds none of the passages of the %s made from the files given (%s: not added, or changed since), so none is stored: %s",
			dir, count(len(items), "item"), which, how)
	}
	fmt.Fprintf(stderr, "doctrinebot: note: %d of the %s made from the files given %s not stored: the library in %s does not hold their passages (%s: not added, or changed since); to keep them, %s\n",
		left, count(len(items), "item"), map[bool]string{true: "is", false: "are"}[left == 1], dir, which, how)
	return heldDocs, kept, nil
}

// heldPassages returns the document and passage IDs of every passage library lib holds
// (none when lib is nil). Errors: the library's.
func heldPassages(ctx context.Context, lib *library.Library) (map[[2]string]bool, error) {
	held := map[[2]string]bool{}
	if lib == nil {
		return held, nil
	}
	stored, err := lib.LoadPassages(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range stored {
		for _, p := range d.Passages {
			held[[2]string{d.ID, p.ID}] = true
		}
	}
	return held, nil
}

// giveUpAfter is how many passages' requests to the chat model must fail, with none
// succeeding, for quiz generate --llm to stop asking: the endpoint is not working.
const giveUpAfter = 3

// modelItems has w write items from every passage of docs, appending them to items, and
// returns how many it wrote and how many of its items were dropped. A passage whose request
// fails is reported on stderr, one line. When every request failed (the first giveUpAfter
// failing at the endpoint end the asking), failed says so, naming the last error, in one
// line; when some succeeded, it is nil. On ctx's end it returns at once.
func (f *quizFlags) modelItems(ctx context.Context, w *quiz.ModelWriter, docs []*corpus.Document, items *[]quiz.Item, stderr io.Writer) (wrote, dropped int, failed error) {
	asked, failures, atEndpoint := 0, 0, 0
	var last error
	for _, d := range docs {
		for i := range d.Passages {
			if atEndpoint == asked && asked >= giveUpAfter {
				return 0, 0, fmt.Errorf("the chat model wrote no item, failing on the first %d passages, after which no more were asked: %w", failures, last)
			}
			asked++
			got, n, err := w.Write(ctx, &d.Passages[i])
			if err != nil {
				if ctx.Err() != nil {
					return wrote, dropped, ctx.Err()
				}
				failures++
				last = err
				if endpointFailure(err) {
					atEndpoint++
				}
				fmt.Fprintf(stderr, "doctrinebot: passage %s: %v\n", d.Passages[i].ID, err)
				continue
			}
			*items = append(*items, got...)
			wrote += len(got)
			dropped += n
		}
	}
	if asked > 0 && failures == asked {
		if asked == 1 {
			return 0, 0, fmt.Errorf("the chat model wrote no item, failing on the one passage: %w", last)
		}
		return 0, 0, fmt.Errorf("the chat model wrote no item, failing on all %d passages: %w", asked, last)
	}
	return wrote, dropped, nil
}

// endpointFailure reports whether err is a failed request to a model endpoint (it could not
// connect, timed out, or answered with an error status), rather than a reply that could not be
// read.
func endpointFailure(err error) bool {
	var e *llm.Error
	return errors.As(err, &e)
}

// importBank imports the trainer's bank in the file path into the library, approved: every
// item, or none when the bank has any problem (see quiz.ParseBank) or, with --corpus, when the
// library does not hold its sources' passages. It creates the library when there is none only
// to store the items, so that a failing import leaves no library behind; with --corpus it
// creates none.
func (f *quizFlags) importBank(ctx context.Context, path string, stdout io.Writer) error {
	data, err := readInputFile(path, "quiz import", "a YAML quiz bank file")
	if err != nil {
		return err
	}
	// No library is created before the bank is read and its sources found, so that a bank
	// that fails leaves none behind; with --corpus, none is created at all: it would hold none
	// of the sources' passages.
	lib, err := f.open(ctx, false)
	if err != nil {
		return err
	}
	if lib != nil {
		defer lib.Close()
		// The bank is checked against the passages and stored under the writer lock, so that
		// no document is removed or updated in between (see lockWriter).
		unlock, err := f.lockWriter(ctx, lib, "imported")
		if err != nil {
			return err
		}
		defer unlock()
	}
	docs, err := f.documents(ctx, lib)
	if err != nil {
		return err
	}
	items, err := quiz.ParseBank(path, data, docs, f.corpusName(ctx, lib))
	var bad *quiz.BankError
	if errors.As(err, &bad) && len(bad.MissingDocuments) > 0 && len(f.corpora) == 0 {
		// Documents the library does not hold: one line saying what to run first.
		dir, dirErr := dataDir(f.data, f.getenv)
		if dirErr != nil {
			return err
		}
		return fmt.Errorf("%w\nadd the files of the %s %s to the library first (doctrinebot corpus add --data %s PATH...), then quiz import again",
			err, map[bool]string{true: "document", false: "documents"}[len(bad.MissingDocuments) == 1], andList(bad.MissingDocuments), dataWord(dir))
	}
	if err != nil {
		return err
	}
	if len(f.corpora) > 0 {
		// Sources found in the files given: stored only if the library holds their passages,
		// since items outlive no passage (see keepHeld); a bank is all or nothing.
		held, err := heldPassages(ctx, lib)
		if err != nil {
			return err
		}
		var out []string
		for _, it := range items {
			if d := it.Source.DocumentID; !held[[2]string{d, it.Source.PassageID}] && !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
		if len(out) > 0 {
			dir, err := dataDir(f.data, f.getenv)
			if err != nil {
				return err
			}
			add := "doctrinebot corpus add --data " + dataWord(dir)
			if abs, err := filepath.Abs(dir); err == nil {
				dir = abs
			}
			for _, c := range f.corpora {
				add += " " + shellWord(c)
			}
			return fmt.Errorf("the library in %s does not hold the passages of the bank's sources in %s %s (not added, or changed since), so nothing is imported: add the files to the library first (%s), then quiz import again",
				dir, map[bool]string{true: "document", false: "documents"}[len(out) == 1], andList(out), add)
		}
	}
	if lib == nil {
		// Checked against the built-in corpus: should another process add documents to the
		// library it creates meanwhile, AddItems stores retired the items whose passage those
		// do not hold.
		if lib, err = f.open(ctx, true); err != nil {
			return err
		}
		defer lib.Close()
		unlock, err := f.lockWriter(ctx, lib, "imported")
		if err != nil {
			return err
		}
		defer unlock()
	}
	added, retired, err := lib.AddItems(ctx, items)
	if err != nil {
		return f.interrupted(err, lib, "imported")
	}
	// The items stored retired are not imported: never listed nor asked (see retiredNote).
	fmt.Fprintf(stdout, "%s imported from %s (%d new), approved%s%s\n", count(len(items)-len(retired), "item"), corpus.QuotePath(path), added,
		keptNote(len(items)-len(retired)-added), f.retiredNote(retired, "import"))
	return nil
}

// keptNote says, on the line of quiz import, that kept of the items the bank holds were
// stored already and are kept as they are — their status (a rejected item stays rejected)
// and their wording (an item's ID does not depend on its wrong options, so a bank that
// corrects one names the same item) — with how to replace one; "" when kept is 0.
func keptNote(kept int) string {
	switch {
	case kept <= 0:
		return ""
	case kept == 1:
		return "; 1 was stored already and is kept as it was, with its status (to replace it: quiz remove its ID, then import again)"
	}
	return fmt.Sprintf("; %d were stored already and are kept as they were, with their status (to replace one: quiz remove its ID, then import again)", kept)
}

// retiredNote ends the line of quiz import or generate (command) saying what it stored: of
// the items, retired are those the library stored retired (see library.Library.AddItems),
// never listed nor asked, their passage being no longer in the library, which this says,
// with how to bring them back: "; 3 stored retired: their passage is no longer in the
// library (add the documents a and b again to bring them back: doctrinebot corpus add --data
// DIR PATH)". Items of the built-in corpus are retired when the library holds documents,
// which answers come from then: added by another process after the items were checked
// against the built-in corpus of a library holding none (see importBank), which this says:
// "; 1 stored retired: its passage is the built-in corpus's, from which answers come no
// more, the library holding documents now (quiz import again to check the items against
// them)". It is "" when none is retired.
func (f *quizFlags) retiredNote(retired []quiz.Item, command string) string {
	docs, ofBuiltin := quiz.RetiredDocuments(retired)
	their := func(n int) (string, string) {
		if n == 1 {
			return "its", "it"
		}
		return "their", "them"
	}
	var note string
	if n := len(retired) - ofBuiltin; n > 0 {
		whose, them := their(n)
		note += fmt.Sprintf("; %d stored retired: %s passage is no longer in the library (add the %s %s again to bring %s back: doctrinebot corpus add%s PATH)",
			n, whose, map[bool]string{true: "document", false: "documents"}[len(docs) == 1], andList(docs), them, dataOption(f.data, f.getenv))
	}
	if ofBuiltin > 0 {
		whose, _ := their(ofBuiltin)
		note += fmt.Sprintf("; %d stored retired: %s passage is the built-in corpus's, from which answers come no more, the library holding documents now (quiz %s again to check the items against them)",
			ofBuiltin, whose, command)
	}
	return note
}

// export writes the library's items of --status (approved when none is given; "all": of
// every status) as a trainer's bank that quiz import reads (quiz.WriteBank), to the file path
// or, when path is "", to stdout. Retired items are never written (the library lists none).
// Errors: a usageError for a --status that is none of those; no library in the folder (see
// noLibrary) or no such item in it, naming the folder (no file is written then); a path in
// the library's folder, whose files it must not overwrite (library.db, the snapshot); the
// library's; the file's.
func (f *quizFlags) export(ctx context.Context, path string, stdout io.Writer) error {
	status, which := quiz.Approved, "approved "
	switch f.status {
	case "":
	case "all":
		status, which = "", ""
	default:
		s, err := quiz.ParseStatus(f.status)
		if err != nil {
			return usageError{fmt.Sprintf("unknown --status %q: want approved, pending, rejected or all", f.status)}
		}
		status, which = s, string(s)+" "
	}
	lib, err := f.open(ctx, false)
	if err != nil {
		return err
	}
	if lib == nil {
		dir, err := dataDir(f.data, f.getenv)
		if err != nil {
			return err
		}
		return noLibrary(dir, dataOption(f.data, f.getenv))
	}
	defer lib.Close()
	items, err := lib.Items(ctx, status)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return fmt.Errorf("the library in %s holds no %squiz items; nothing exported", lib.Dir(), which)
	}
	docs, err := f.documents(ctx, lib) // to write a source that ties each item to its passage
	if err != nil {
		return err
	}
	var bank bytes.Buffer
	if err := quiz.WriteBank(&bank, items, docs); err != nil {
		return err
	}
	if path == "" {
		if out, ok := fileOf(stdout); ok {
			// Standard output sent into a file of the library by the shell ("… >> L/library.db").
			if same, err := libraryFile(out.Name(), lib.Dir(), out); err == nil && same != "" {
				return fmt.Errorf("quiz export: standard output is the library's file %s; nothing exported, send the bank elsewhere", same)
			}
		}
		_, err := stdout.Write(bank.Bytes())
		return err
	}
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() && info.Mode()&os.ModeCharDevice == 0 {
		// A named pipe would block the export until a reader comes, deaf to Ctrl-C; a
		// folder or a socket cannot take it.
		return fmt.Errorf("quiz export: %s is no regular file (%s); nothing exported", path, corpus.FileKind(info.Mode()))
	}
	if in, err := inFolder(path, lib.Dir()); err != nil {
		return fmt.Errorf("quiz export: %w", err)
	} else if in {
		// quiz export FILE over library.db emptied the library of every document and item.
		return fmt.Errorf("quiz export: %s is in the library's folder %s, whose files the library keeps; nothing exported, write the bank elsewhere", path, lib.Dir())
	}
	if same, err := libraryFile(path, lib.Dir(), nil); err != nil {
		return fmt.Errorf("quiz export: %w", err)
	} else if same != "" {
		// A hard link to library.db, or the library's folder mounted elsewhere, names the
		// library's own file by a path outside its folder.
		return fmt.Errorf("quiz export: %s is the library's file %s under another name; nothing exported, write the bank elsewhere", path, same)
	}
	if err := os.WriteFile(path, bank.Bytes(), 0o644); err != nil {
		return fmt.Errorf("quiz export: %w", err)
	}
	byStatus := map[quiz.Status]int{}
	for _, it := range items {
		byStatus[it.Status]++
	}
	summary := count(len(items), which+"item")
	if status == "" {
		summary = listSummary(len(items), byStatus)
		summary = strings.Replace(summary, ": ", " (", 1) + ")"
	}
	note := ""
	if status != quiz.Approved {
		note = "; quiz import approves every item it imports"
	}
	fmt.Fprintf(stdout, "%s exported to %s%s\n", summary, path, note)
	return nil
}

func (f *quizFlags) list(ctx context.Context, stdout io.Writer) error {
	var status quiz.Status // "" and "all" list every status, as export's "all" writes them
	if f.status != "" && f.status != "all" {
		s, err := quiz.ParseStatus(f.status)
		if err != nil {
			return usageError{fmt.Sprintf("unknown --status %q: want pending, approved, rejected or all", f.status)}
		}
		status = s
	}
	lib, err := f.open(ctx, false)
	if err != nil || lib == nil {
		if err == nil {
			opt := dataOption(f.data, f.getenv)
			fmt.Fprintf(stdout, "No quiz items: run doctrinebot quiz generate%s or quiz import%s FILE.\n", opt, opt)
		}
		return err
	}
	defer lib.Close()
	items, err := lib.Items(ctx, status)
	if err != nil {
		return err
	}
	if err := updateSources(ctx, lib, items); err != nil {
		return err
	}
	byStatus := map[quiz.Status]int{}
	for _, it := range items {
		fmt.Fprintf(stdout, "%s  %s  %s  %s\n", it.ID, it.Status, it.Origin, it.Kind)
		writeQuestion(stdout, &it, true)
		fmt.Fprintf(stdout, "  source: %s\n\n", bot.Citation(it.Source.Passage()))
		byStatus[it.Status]++
	}
	fmt.Fprintln(stdout, listSummary(len(items), byStatus))
	return nil
}

// listSummary is the last line of quiz list: how many items it listed, and how many of each
// status, in review order and without the statuses none has: "712 items: 700 pending, 10
// approved, 2 rejected", "0 items".
func listSummary(n int, byStatus map[quiz.Status]int) string {
	var parts []string
	for _, st := range []quiz.Status{quiz.Pending, quiz.Approved, quiz.Rejected} {
		if byStatus[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", byStatus[st], st))
		}
	}
	if len(parts) == 0 {
		return count(n, "item")
	}
	return count(n, "item") + ": " + strings.Join(parts, ", ")
}

// review sets the status of the items ids name, all or none: when any ID names no stored
// item, it changes nothing and its error names every such ID. An ID given twice counts once.
// It prints "ID status" for each item and, for more than one, how many it set.
func (f *quizFlags) review(ctx context.Context, ids []string, status quiz.Status, stdout io.Writer) error {
	lib, err := f.open(ctx, false)
	if err != nil {
		return err
	}
	if lib == nil {
		return f.noLibraryFor(ids, string(status))
	}
	defer lib.Close()
	unlock, err := f.lockWriter(ctx, lib, string(status))
	if err != nil {
		return err
	}
	defer unlock()
	var unknown, retired []string
	for _, id := range ids {
		if _, err := lib.Item(ctx, id); errors.Is(err, library.ErrRetiredItem) {
			retired = append(retired, id)
		} else if errors.Is(err, library.ErrNoItem) {
			unknown = append(unknown, id)
		} else if err != nil {
			return err
		}
	}
	if len(unknown)+len(retired) > 0 {
		var why []string
		if len(unknown) > 0 {
			why = append(why, noItems(unknown))
		}
		if len(retired) > 0 {
			why = append(why, retiredItems(retired))
		}
		return fmt.Errorf("%s; nothing %s", strings.Join(why, "; "), status)
	}
	if err := lib.SetItemsStatus(ctx, ids, status); err != nil {
		if errors.Is(err, context.Canceled) {
			return f.interrupted(err, lib, string(status))
		}
		return fmt.Errorf("%w; nothing %s", err, status) // one transaction: all or none
	}
	for _, id := range ids {
		fmt.Fprintf(stdout, "%s %s\n", id, status)
	}
	if len(ids) > 1 {
		fmt.Fprintf(stdout, "%s %s\n", count(len(ids), "item"), status)
	}
	return nil
}

// remove deletes the items ids name, all or none (see library.RemoveItems): when any ID
// names no stored item, it removes nothing and its error names every such ID. It reads no
// item, so it takes away one that the library reports damaged, which blocks the commands
// that read every item (list, export, a quiz) until it is gone. An ID given twice counts
// once. It prints "ID removed" for each item and, for more than one, how many.
func (f *quizFlags) remove(ctx context.Context, ids []string, stdout io.Writer) error {
	lib, err := f.open(ctx, false)
	if err != nil {
		return err
	}
	if lib == nil {
		return f.noLibraryFor(ids, "removed")
	}
	defer lib.Close()
	unlock, err := f.lockWriter(ctx, lib, "removed")
	if err != nil {
		return err
	}
	defer unlock()
	if err := lib.RemoveItems(ctx, ids); err != nil {
		var missing *library.MissingItemsError
		switch {
		case errors.As(err, &missing):
			return fmt.Errorf("%s; nothing removed", noItems(missing.IDs))
		case errors.Is(err, context.Canceled):
			return f.interrupted(err, lib, "removed")
		}
		return fmt.Errorf("%w; nothing removed", err) // one transaction: all or none
	}
	for _, id := range ids {
		fmt.Fprintf(stdout, "%s removed\n", id)
	}
	if len(ids) > 1 {
		fmt.Fprintf(stdout, "%s removed\n", count(len(ids), "item"))
	}
	return nil
}

// itemIDs returns the item IDs given to quiz approve, reject or remove (sub), in lower case,
// each once, in the order given. Errors: a usageError naming every argument that is no item ID (12 hex digits, see quiz.ItemID),
// such as a word ("all") or a flag's value given without its flag.
func itemIDs(sub string, args []string) ([]string, error) {
	var ids, bad []string
	seen := map[string]bool{}
	for _, a := range args {
		id := strings.ToLower(a)
		if len(id) != 12 || strings.Trim(id, "0123456789abcdef") != "" {
			bad = append(bad, fmt.Sprintf("%q", printable(a)))
			continue
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id) // given twice, counted once
		}
	}
	switch {
	case len(bad) == 1:
		return nil, usageError{fmt.Sprintf("quiz %s: %s is not an item ID (12 hex digits, the first word of an item in quiz list); nothing changed", sub, bad[0])}
	case len(bad) > 1:
		return nil, usageError{fmt.Sprintf("quiz %s: %s are not item IDs (12 hex digits, the first word of an item in quiz list); nothing changed", sub, strings.Join(bad, ", "))}
	}
	return ids, nil
}

// retiredItems says that the quiz items ids name are retired (see library.ErrRetiredItem):
// `quiz item "a1" is retired: its passage is no longer in the library (its document was
// removed or changed)`. Such an item comes back when its passage does.
func retiredItems(ids []string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", printable(id))
	}
	if len(ids) == 1 {
		return "quiz item " + quoted[0] + " is retired: its passage is no longer in the library (its document was removed or changed)"
	}
	return "quiz items " + strings.Join(quoted, ", ") + " are retired: their passages are no longer in the library (their documents were removed or changed)"
}

// noItems says that the quiz items ids name do not exist: `no quiz item "a1"`, `no quiz items
// "a1", "b2"`.
func noItems(ids []string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", printable(id))
	}
	if len(ids) == 1 {
		return "no quiz item " + quoted[0]
	}
	return "no quiz items " + strings.Join(quoted, ", ")
}

// updateSources sets the source of each of items to its passage as the library holds it now
// (see quiz.UpdateSources), so that an item stored before items kept the edition and pages is
// cited as answers cite its passage. Items of a document no longer in the library keep theirs.
func updateSources(ctx context.Context, lib *library.Library, items []quiz.Item) error {
	seen := map[string]bool{}
	var docs []*corpus.Document
	for _, it := range items {
		id := it.Source.DocumentID
		if seen[id] {
			continue
		}
		seen[id] = true
		_, d, err := lib.Document(ctx, id)
		if errors.Is(err, library.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		docs = append(docs, d)
	}
	quiz.UpdateSources(items, docs)
	return nil
}

// writeQuestion prints an item's stem and options; with mark, the right one is starred.
func writeQuestion(w io.Writer, it *quiz.Item, mark bool) {
	fmt.Fprintln(w, printable(it.Stem))
	for i, o := range it.Options {
		star := " "
		if mark && i == it.Answer {
			star = "*"
		}
		fmt.Fprintf(w, " %s%s) %s\n", star, it.Label(i), printable(o))
	}
}

// terminal runs a quiz on standard input and output.
func (f *quizFlags) terminal(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer) error {
	seed := f.seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	lib, err := f.open(ctx, false)
	if err != nil {
		return err
	}
	if lib != nil {
		defer lib.Close()
	}
	var approved, items []quiz.Item
	if lib != nil && len(f.corpora) == 0 {
		if approved, err = lib.Items(ctx, quiz.Approved); err != nil {
			return err
		}
		if err := updateSources(ctx, lib, approved); err != nil {
			return err
		}
		items = matching(approved, f.topic)
	}
	about := ""
	if f.topic != "" {
		about = " about " + printable(f.topic)
	}
	if len(items) == 0 {
		// Say what is true: no item approved at all, or approved ones but none about the topic.
		none, fresh := "No approved quiz items", about // fresh: what generated items must be about
		if len(approved) > 0 {
			none, fresh = "No approved quiz item is"+about, ""
		}
		docs, err := f.documents(ctx, lib)
		if err != nil {
			return err
		}
		items = matching(quiz.Generate(docs, quiz.GenerateOptions{Seed: seed}), f.topic)
		if len(items) == 0 {
			return fmt.Errorf("%s, and none%s could be generated from the corpus", lowerFirst(none), fresh)
		}
		if len(f.corpora) > 0 {
			// --corpus: the items are made from the files given; no bank was looked in.
			fmt.Fprintf(stdout, "Asking items%s made now from the files given (--corpus), which no trainer has reviewed.\n\n", about)
		} else {
			fmt.Fprintf(stdout, "%s: asking freshly generated ones%s that no trainer has reviewed.\n\n", none, fresh)
		}
	}
	if len(items) < f.n {
		fmt.Fprintf(stdout, "Only %d quiz item%s%s available (%d asked for).\n\n", len(items), plural(len(items)), about, f.n)
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	rng.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	items = items[:min(f.n, len(items))]
	s := quiz.NewSession("terminal", "terminal", f.topic, items, 0, time.Now())
	in := newLineReader(stdin, maxAnswer)
	defer in.close()
	right, asked := 0, 0
	for {
		it, err := s.Next(time.Now())
		if errors.Is(err, quiz.ErrOver) {
			break
		}
		fmt.Fprintf(stdout, "Question %d of %d\n", s.Current+1, len(items))
		writeQuestion(stdout, it, false)
		option, err := readAnswer(ctx, in, stdout, it, !isTerminal(stdin))
		switch {
		case ctx.Err() != nil:
			fmt.Fprintf(stdout, "\n\nInterrupted. Score so far: %d of %d.\n", right, asked)
			return ctx.Err()
		case errors.Is(err, io.EOF):
			fmt.Fprintf(stdout, "\n\nEnd of input. Score so far: %d of %d.\n", right, asked)
			return nil
		case err != nil:
			return fmt.Errorf("read answers from standard input: %w", err)
		}
		s.Answer("you", "you", option, time.Now())
		rev, _ := s.Reveal()
		asked++
		fmt.Fprintln(stdout)
		if rev.Right == 1 {
			right++
			fmt.Fprintf(stdout, "Right: %s) %s\n", it.Label(it.Answer), printable(it.Right()))
		} else {
			fmt.Fprintf(stdout, "Wrong: the answer is %s) %s\n", it.Label(it.Answer), printable(it.Right()))
		}
		for _, line := range strings.Split(it.Source.Text, "\n") {
			fmt.Fprintln(stdout, strings.TrimRight("> "+printable(line), " "))
		}
		fmt.Fprintf(stdout, "— %s\n\n", bot.Citation(it.Source.Passage()))
	}
	fmt.Fprintf(stdout, "Score: %d of %d.\n", right, asked)
	return nil
}

// maxAnswer is the longest answer line, in bytes, the terminal quiz reads.
const maxAnswer = 4 << 10

// readAnswer prompts for an answer to it until a line of in names one of its options (A–D,
// or T or F), and returns that option. With echo (answers piped in, not typed), each line read
// is written after the prompt, as a terminal would show it typed. Errors: io.EOF at the end of
// input; ctx's error as soon as ctx ends; a read error.
func readAnswer(ctx context.Context, in *lineReader, stdout io.Writer, it *quiz.Item, echo bool) (int, error) {
	choices := "A–D"
	if it.Kind == quiz.TrueFalse {
		choices = "T or F"
	}
	for {
		fmt.Fprintf(stdout, "Your answer (%s): ", choices)
		line, err := in.next(ctx)
		if echo && (err == nil || errors.Is(err, io.EOF) && line != "") {
			fmt.Fprintln(stdout, printable(strings.TrimSpace(line)))
		}
		if errors.Is(err, bot.ErrLineTooLong) {
			fmt.Fprintf(stdout, "\nThat line is too long to be an answer: answer %s.\n", choices)
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return -1, err
		}
		if option, perr := it.ParseOption(line); perr == nil {
			return option, nil
		}
		if err == nil || strings.TrimSpace(line) != "" {
			fmt.Fprintf(stdout, "\n%q is not an answer: answer %s.\n", printable(strings.TrimSpace(line)), choices)
		}
		if err != nil {
			return -1, err // the end of input
		}
	}
}

// plural returns "s" unless n is 1.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// count returns n and noun, the noun in the plural (with "s") unless n is 1: "1 passage",
// "2 passages", "0 items".
func count(n int, noun string) string {
	return fmt.Sprintf("%d %s%s", n, noun, plural(n))
}

// lowerFirst returns s with its first letter in lower case, for a sentence used in an error.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// matching returns the items about topic (see quiz.Item.Matches).
func matching(items []quiz.Item, topic string) []quiz.Item {
	var out []quiz.Item
	for _, it := range items {
		if it.Matches(topic) {
			out = append(out, it)
		}
	}
	return out
}

// libraryFile returns the path of the file in folder dir (or below it) that path names
// under another name — a hard link, or the folder mounted elsewhere, which inFolder cannot
// see — or "" when path names no existing file or none of dir's. A path that names no file
// yet, in a folder that is dir under another name (mounted elsewhere), returns the path it
// would have in dir. With open set, the file is open's (standard output) rather than path's.
// Errors: those of reading dir.
func libraryFile(path, dir string, open *os.File) (string, error) {
	var target os.FileInfo
	var err error
	if open != nil {
		target, err = open.Stat()
	} else {
		target, err = os.Stat(path)
	}
	if err != nil {
		if open == nil && errors.Is(err, fs.ErrNotExist) {
			if parent, perr := os.Stat(filepath.Dir(path)); perr == nil {
				if d, derr := os.Stat(dir); derr == nil && os.SameFile(parent, d) {
					return filepath.Join(dir, filepath.Base(path)), nil
				}
			}
		}
		return "", nil
	}
	if !target.Mode().IsRegular() {
		return "", nil // no regular file: writing it fails on its own, or is refused before
	}
	found := ""
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return err
		}
		if info, err := d.Info(); err == nil && os.SameFile(info, target) {
			found = p
			return filepath.SkipAll
		}
		return nil
	})
	return found, err
}

// inFolder reports whether path, once symbolic links are followed (the file's own, when it
// exists, and its folder's), names a file in folder dir or below it. Errors: those of
// resolving either path.
func inFolder(path, dir string) (bool, error) {
	resolve := func(p string) (string, error) {
		p, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return r, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		// A file not written yet: its folder's real path, and its name.
		parent, err := filepath.EvalSymlinks(filepath.Dir(p))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return p, nil
			}
			return "", err
		}
		return filepath.Join(parent, filepath.Base(p)), nil
	}
	p, err := resolve(path)
	if err != nil {
		return false, err
	}
	d, err := resolve(dir)
	if err != nil {
		return false, err
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)), nil
}

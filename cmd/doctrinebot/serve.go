package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/bot/discord"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/library"
)

// runServe runs the Discord bot until ctx ends (SIGINT or SIGTERM), answering from the library
// when it holds documents and from the built-in corpus otherwise, and keeping feedback and
// refused questions in the library. It checks the configuration, the models, and then the
// token with Discord (discord.CheckToken), before it opens the library, creating it if there
// is none. Told to stop while starting (ctx ending at any step: the token's check, opening the
// library, indexing, connecting, registering the commands), it returns nil, as it does told
// to stop while serving.
func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	c := common{getenv: getenv}
	c.register(fs)
	logJSON := fs.Bool("log-json", false, "log in JSON instead of text")
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(positional) > 0 {
		return usageError{fmt.Sprintf("serve takes no arguments, got %q", positional)}
	}
	if len(c.corpora) > 0 {
		return usageError{"serve answers from the library: add texts with `doctrinebot corpus add" + dataOption(c.data, getenv) + "`"}
	}
	switch v := getenv("DOCTRINEBOT_LOG_FORMAT"); v {
	case "json":
		*logJSON = true
	case "", "text":
	default:
		return fmt.Errorf("DOCTRINEBOT_LOG_FORMAT=%q must be json or text", v)
	}
	level := slog.LevelInfo
	if c.verbose {
		level = slog.LevelDebug
	}
	var handler slog.Handler = slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})
	if *logJSON {
		handler = slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level})
	}
	logger := slog.New(handler)

	cfg := discord.Config{
		// White space around a value (a line of an environment file, say) is no part of it.
		Token:   strings.TrimSpace(getenv("DISCORD_TOKEN")),
		GuildID: strings.TrimSpace(getenv("DISCORD_GUILD_ID")),
		APIURL:  strings.TrimSpace(getenv("DISCORD_API_URL")),
		Logger:  logger,
	}
	cfg.AdminRoles = roleList(getenv("DISCORD_ADMIN_ROLES"))
	cfg.TrainerRoles = roleList(getenv("DISCORD_TRAINER_ROLES"))
	if v := getenv("DOCTRINEBOT_RATE_PER_MINUTE"); v != "" {
		// NaN would mean no limit at all to x/time/rate, and +Inf does: neither is a rate.
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || !decimalFloat.MatchString(v) || math.IsNaN(n) || math.IsInf(n, 0) || n <= 0 {
			return fmt.Errorf("DOCTRINEBOT_RATE_PER_MINUTE=%q must be a number above 0, such as 6 or 0.5", v)
		}
		cfg.PerUser = n
	}
	if cfg.Token == "" {
		// Missing configuration, not a usage mistake: no usage is printed, the exit status is 1.
		return errors.New("serve needs the bot's token in DISCORD_TOKEN (see the README, \"Running the Discord bot\")")
	}
	if err := cfg.Check(); err != nil {
		return err // before the library is opened or anything connected to
	}

	dir, err := dataDir(c.data, getenv)
	if err != nil {
		return err
	}
	if err := checkDataDir(dir); err != nil {
		return err
	}
	if err := c.models.resolve(getenv); err != nil {
		return err
	}
	err = startServe(ctx, &c, cfg, dir, dataOption(c.data, getenv), logger, stderr)
	if stopped(ctx, err) {
		// Told to stop (SIGINT, SIGTERM) while starting, serve stops as it does while serving:
		// with no error, exit status 0, whichever step of its start-up the stop cut short.
		logger.Info("stopped while starting")
		return nil
	}
	return err
}

// stopped reports whether err is ctx's own, ctx having ended: a step given up because serve was
// told to stop, which is no failure. net/http reports a request cancelled with
// context.Cause(ctx), which signal.NotifyContext sets to an error describing the signal.
func stopped(ctx context.Context, err error) bool {
	return err != nil && ctx.Err() != nil && (errors.Is(err, ctx.Err()) || errors.Is(err, context.Cause(ctx)))
}

// startServe checks the models and the token, opens the library in dir (opt is the option
// that names it, see dataOption), builds the answerer and runs the bot configured by cfg
// until ctx ends.
func startServe(ctx context.Context, c *common, cfg discord.Config, dir, opt string, logger *slog.Logger, stderr io.Writer) error {
	// The models are checked (the embedding model's endpoint asked, when one is configured)
	// and then Discord asked whether it takes the token, before the library is opened: a
	// start that fails there (a model that cannot work, the token refused, Discord out of
	// reach) creates no library, nor its folder, and leaves an existing one untouched.
	if _, _, _, err := c.models.embedding(ctx); err != nil {
		return err
	}
	if _, err := c.models.generator(); err != nil {
		return err
	}
	if err := discord.CheckToken(ctx, cfg); err != nil {
		return err
	}
	lib, embed, err := openForAdding(ctx, dir, &c.models)
	if err != nil {
		return withDataOption(err, opt)
	}
	defer lib.Close()
	a, _, err := c.answerer(ctx, stderr, true)
	if err != nil {
		return err
	}
	go a.Index.Prepare() // while the gateway connects
	adm := &admin{lib: lib, embed: embed, common: c, log: logger}
	b, err := discord.New(cfg, a, lib, adm)
	if err != nil {
		return err
	}
	adm.bot = b
	b.EnableQuizzes(lib)
	logger.Info("starting", "library", dir, "passages", a.Index.Len(), "chat_model", c.models.chatModel)
	return b.Run(ctx)
}

// roleList splits a comma-separated list of role names or IDs.
func roleList(s string) []string {
	var out []string
	for _, r := range strings.Split(s, ",") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// admin carries out the Discord bot's corpus commands on the library, rebuilding the
// answerer after each change.
type admin struct {
	mu     sync.Mutex // one change at a time
	lib    *library.Library
	embed  library.EmbedFunc
	common *common
	log    *slog.Logger
	bot    *discord.Bot
}

func (a *admin) ListDocuments(ctx context.Context) ([]string, error) {
	docs, err := a.lib.Documents(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(docs))
	for _, d := range docs {
		line := fmt.Sprintf("`%s` — %s", d.ID, d.Title)
		if d.Author != "" {
			line += ", " + d.Author
		}
		if d.Edition != "" {
			line += " (" + d.Edition + ")"
		}
		out = append(out, fmt.Sprintf("%s · %d passages", line, d.Passages))
	}
	return out, nil
}

func (a *admin) AddDocument(ctx context.Context, filename string, data []byte) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	name := filepath.Base(filename)
	if !corpus.Readable(name) {
		return "", fmt.Errorf("%s: %w (readable: %s)", name, corpus.ErrUnsupported, strings.Join(corpus.Extensions, ", "))
	}
	doc, err := corpus.Parse(name, data, corpus.Meta{Source: "uploaded to Discord as " + name})
	if err != nil {
		return "", err
	}
	// An upload is a new edition of the stored document its file name gives the ID of (see
	// corpus.Parse) when it keeps some of its passages; one that keeps none is another text
	// under a name already used ("notes.md"), which would replace that document and retire
	// its quiz items unnoticed. It is stored under a free ID instead, and the reply says so.
	kept := ""
	info, old, err := a.lib.Document(ctx, doc.ID)
	switch {
	case err == nil && !sharesPassage(old, doc):
		id, err := library.FreeID(doc.ID, a.taken(ctx))
		if err != nil {
			return "", err
		}
		kept = fmt.Sprintf(" `%s` holds another text (%q, %d passage%s) that this file shares no passage with, so it was kept and the file stored as `%s`; to replace `%s` with it, remove `%s` first and upload the file again.",
			doc.ID, info.Title, info.Passages, plural(info.Passages), id, doc.ID, doc.ID)
		doc.SetID(id)
	case err != nil && !errors.Is(err, library.ErrNotFound):
		return "", err
	}
	rep, err := a.lib.Add(ctx, []*corpus.Document{doc}, library.AddOptions{Embed: a.embed})
	if err != nil {
		return "", err
	}
	if err := a.reload(ctx); err != nil {
		return "", err
	}
	if len(rep.Duplicates) > 0 {
		// Not stored under its own ID: Unchanged names the document whose text it is.
		return fmt.Sprintf("`%s` not stored again: its text is that of document `%s`.", name, rep.Duplicates[0].Of), nil
	}
	what := "added"
	switch {
	case len(rep.Updated) > 0:
		what = "updated (new edition)"
	case len(rep.Unchanged) > 0:
		what = "unchanged"
	}
	return fmt.Sprintf("`%s` %s: %d distinct text%s embedded for %d passage%s.", doc.ID, what,
		rep.PassagesEmbedded, plural(rep.PassagesEmbedded), rep.PassagesTotal, plural(rep.PassagesTotal)) + kept, nil
}

// sharesPassage reports whether documents a and b have a passage of the same text.
func sharesPassage(a, b *corpus.Document) bool {
	texts := map[string]bool{}
	for _, p := range a.Passages {
		texts[p.Text] = true
	}
	return slices.ContainsFunc(b.Passages, func(p corpus.Passage) bool { return texts[p.Text] })
}

// taken reports whether the library holds a document of ID id (for library.FreeID).
func (a *admin) taken(ctx context.Context) func(id string) (bool, error) {
	return func(id string) (bool, error) {
		_, _, err := a.lib.Document(ctx, id)
		if errors.Is(err, library.ErrNotFound) {
			return false, nil
		}
		return err == nil, err
	}
}

func (a *admin) RemoveDocument(ctx context.Context, id string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.lib.Remove(ctx, corpus.NormalizeID(id)); err != nil {
		return err
	}
	return a.reload(ctx)
}

// reload rebuilds the answerer from the library and hands it to the bot.
func (a *admin) reload(ctx context.Context) error {
	ans, _, err := a.common.answerer(ctx, io.Discard, true)
	if err != nil {
		return fmt.Errorf("rebuild the index: %w", err)
	}
	ans.Index.Prepare()
	a.bot.SetAnswerer(ans)
	a.log.Info("index rebuilt", "passages", ans.Index.Len())
	return nil
}

// gapsRecorded says when a refused question is recorded for gaps: by serve always (it keeps
// them in its library whatever it answers from), by ask only when it answers from the library.
const gapsRecorded = `Refusals are recorded in the library when ask answers from it (when it holds documents;
not from the built-in corpus or --corpus) and when the Discord bot (serve) refuses a question.
`

// runGaps lists the questions the corpus could not answer, most asked first.
func runGaps(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("gaps", stderr)
	data := fs.String("data", "", "library folder (default $DOCTRINEBOT_DATA, else $XDG_DATA_HOME/doctrinebot)")
	jsonOut := fs.Bool("json", false, "print JSON")
	limit := fs.Int("n", 50, "how many questions, most asked first (0: all)")
	clear := fs.Bool("clear", false, "delete the recorded questions (after reading them), making room for new ones")
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *limit < 0 {
		return usageError{fmt.Sprintf("-n must be 0 (all) or more, got %d", *limit)}
	}
	if len(positional) > 0 {
		return usageError{fmt.Sprintf("gaps takes no arguments, got %q", positional)}
	}
	dir, err := dataDir(*data, getenv)
	if err != nil {
		return err
	}
	if err := checkDataDir(dir); err != nil {
		return err
	}
	if *clear {
		if !libraryExists(dir) {
			return noLibrary(dir, dataOption(*data, getenv))
		}
		lib, err := library.Open(ctx, dir, library.Model{})
		if err != nil {
			return withDataOption(err, dataOption(*data, getenv))
		}
		defer lib.Close()
		n, err := lib.ClearGaps(ctx)
		if err != nil {
			return withDataOption(err, dataOption(*data, getenv))
		}
		if *jsonOut {
			return json.NewEncoder(stdout).Encode(struct {
				Cleared int `json:"cleared"`
			}{n})
		}
		fmt.Fprintf(stdout, "cleared %s\n", count(n, "refused question"))
		return nil
	}
	var gaps []bot.Gap
	recorded := 0
	if libraryExists(dir) {
		lib, err := library.Open(ctx, dir, library.Model{})
		if err != nil {
			return withDataOption(err, dataOption(*data, getenv))
		}
		defer lib.Close()
		if gaps, err = lib.Gaps(ctx, *limit); err != nil {
			return withDataOption(err, dataOption(*data, getenv))
		}
		if recorded, err = lib.GapCount(ctx); err != nil {
			return withDataOption(err, dataOption(*data, getenv))
		}
	}
	if *jsonOut {
		type gapJSON struct {
			Question string `json:"question"`
			Count    int    `json:"count"`
			Last     string `json:"last"`
		}
		out := []gapJSON{}
		for _, g := range gaps {
			out = append(out, gapJSON{g.Question, g.Count, g.Last.Format("2006-01-02T15:04:05Z")})
		}
		if recorded >= library.MaxGaps {
			fmt.Fprint(stderr, "doctrinebot: "+gapsCapNote(recorded, dataOption(*data, getenv)))
		}
		return json.NewEncoder(stdout).Encode(out)
	}
	if len(gaps) == 0 && !libraryExists(dir) {
		fmt.Fprintf(stdout, "There is no library in %s, so no refused question is recorded there: create one with `doctrinebot corpus add%s PATH`, or give the folder of another with --data.\n%s",
			dir, dataOption(*data, getenv), gapsRecorded)
		return nil
	}
	if len(gaps) == 0 {
		fmt.Fprintf(stdout, "No refused questions recorded in %s.\n%s", dir, gapsRecorded)
		return nil
	}
	fmt.Fprintf(stdout, "%5s  %s\n", "asked", "question refused (most asked first)")
	for _, g := range gaps {
		fmt.Fprintf(stdout, "%5d  %s\n", g.Count, printable(g.Question))
	}
	if more := recorded - len(gaps); more > 0 {
		fmt.Fprintf(stdout, "… and %d more (-n 0 lists all)\n", more)
	}
	if recorded >= library.MaxGaps {
		fmt.Fprint(stdout, gapsCapNote(recorded, dataOption(*data, getenv)))
	}
	return nil
}

// gapsCapNote is the line gaps ends its list with when recorded refused questions are kept,
// library.MaxGaps or more (opt: the library's option, see dataOption); with --json it goes to
// standard error, the list being JSON.
func gapsCapNote(recorded int, opt string) string {
	return fmt.Sprintf("%d distinct questions are recorded, the most kept (%d): a question not among them is no longer recorded (those recorded are still counted); `doctrinebot gaps --clear%s` deletes them to make room.\n",
		recorded, library.MaxGaps, opt)
}

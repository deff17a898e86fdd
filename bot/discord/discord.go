// Package discord is doctrinebot's Discord front end: slash commands, mentions and direct
// messages answered with the quoted passage and its source, feedback buttons, refused questions
// kept for maintainers, and corpus administration for admins. It wraps
// github.com/bwmarrin/discordgo; other packages see only this package's types.
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/llm"
)

// Config configures a Bot.
type Config struct {
	// Token is the bot token (DISCORD_TOKEN), without the "Bot " prefix.
	Token string
	// GuildID, if set, registers the commands to that guild only (instantly) instead of
	// globally (DISCORD_GUILD_ID): a snowflake, the guild's number in decimal digits.
	GuildID string
	// APIURL, if set, is an origin ("http://127.0.0.1:8080", no path) that replaces Discord's
	// own for REST calls and gateway discovery (DISCORD_API_URL): a REST proxy, or a test
	// server. Every request the bot's REST client sends goes there, and errors name the URL
	// it went to.
	APIURL string
	// AdminRoles lists the role names or IDs whose members may use admin commands
	// (DISCORD_ADMIN_ROLES, comma-separated).
	AdminRoles []string
	// TrainerRoles lists the role names or IDs whose members may start, stop and import
	// quizzes (DISCORD_TRAINER_ROLES); empty means the admin roles.
	TrainerRoles []string
	// PerUser is how many questions one user may ask per minute (default 6), Burst how many
	// at once (default 3).
	PerUser float64
	Burst   int
	// Workers bounds the answers composed at once (default 8).
	Workers int
	// Logger receives the log; nil discards it.
	Logger *slog.Logger
	// HTTPClient, if set, is the client for REST calls (its transport is wrapped to rewrite
	// the origin when APIURL is set).
	HTTPClient *http.Client
}

// Store keeps what the bot records: feedback on answers, the questions it refused, and the
// question each thread it started was started on, so that the thread's follow-ups keep it
// across restarts. The library implements it.
type Store interface {
	RecordFeedback(ctx context.Context, f bot.Feedback) error
	RecordGap(ctx context.Context, question string) error
	Gaps(ctx context.Context, limit int) ([]bot.Gap, error)
	// SaveThread keeps question as the one thread id (a snowflake) was started on at started,
	// and forgets the threads started before oldest and all but the keep stored last.
	SaveThread(ctx context.Context, id, question string, started, oldest time.Time, keep int) error
	// ThreadQuestion returns the question thread id was started on, if it is kept and started
	// at or after oldest; "" otherwise.
	ThreadQuestion(ctx context.Context, id string, oldest time.Time) (string, error)
}

// Admin is the corpus library as the admin commands use it; the caller rebuilds the answerer
// after a change (see Bot.SetAnswerer).
type Admin interface {
	// ListDocuments describes each document of the library, one line each.
	ListDocuments(ctx context.Context) ([]string, error)
	// AddDocument adds or updates a document from an uploaded file and says what happened.
	AddDocument(ctx context.Context, filename string, data []byte) (string, error)
	// RemoveDocument removes the document with the given ID.
	RemoveDocument(ctx context.Context, id string) error
}

// Check reports the first setting of cfg that cannot work, naming its environment variable:
// no token (or one of white space only), a guild ID that is no snowflake, an API URL that is
// no origin. It connects to nothing.
func (cfg Config) Check() error {
	if strings.TrimSpace(cfg.Token) == "" {
		return errors.New("discord: no token (set DISCORD_TOKEN)")
	}
	if cfg.GuildID != "" && !snowflake(cfg.GuildID) {
		return fmt.Errorf("discord: DISCORD_GUILD_ID=%q is not a guild ID: a guild ID is a Discord snowflake, "+
			"the server's number in digits such as 123456789012345678 (Copy Server ID, with Discord's developer mode on)", cfg.GuildID)
	}
	if cfg.APIURL != "" {
		if _, err := parseOrigin(cfg.APIURL); err != nil {
			return err
		}
	}
	return nil
}

// snowflake reports whether s is a Discord snowflake: an unsigned 64-bit integer in decimal
// digits.
func snowflake(s string) bool {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// parseOrigin parses DISCORD_API_URL: a scheme and a host, with no path but "/", no query and
// no fragment (a path would be dropped, every request keeping the path discordgo gives it).
func parseOrigin(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("discord: DISCORD_API_URL=%q is not an origin such as http://host:port", s)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// Bot is a running Discord bot.
type Bot struct {
	cfg      Config
	log      *slog.Logger
	session  *discordgo.Session
	origin   *url.URL // where REST calls go when Config.APIURL is set; nil for Discord's own
	answerer atomic.Pointer[bot.Answerer]
	store    Store
	admin    Admin

	limiters limiters
	clock    func() time.Time // time.Now; another in tests
	work     chan struct{}
	inflight sync.WaitGroup
	closing  atomic.Bool

	quizzes  QuizStore
	running  sync.Map   // channel ID → *runningQuiz
	starting sync.Map   // channel ID → struct{}: a quiz is being set up there
	quizMu   sync.Mutex // orders starting a quiz (runQuiz) against shutting down
	quizWG   sync.WaitGroup
	quit     chan struct{} // closed when the bot shuts down
	runSince time.Time     // when Run began: a quiz started since is none to resume

	answerTimeout time.Duration // answerTimeout, shorter in tests

	threads   threads // the threads the bot started, with their questions
	appID     atomic.Value
	ready     chan struct{}
	readyOnce sync.Once
}

// New prepares a bot answering with a; store and admin may be nil (no feedback or gaps kept;
// no corpus administration). It does not connect: see Run.
func New(cfg Config, a *bot.Answerer, store Store, admin Admin) (*Bot, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	if cfg.PerUser <= 0 {
		cfg.PerUser = 6
	}
	if cfg.Burst <= 0 {
		cfg.Burst = 3
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s, origin, err := newSession(cfg)
	if err != nil {
		return nil, err
	}
	b := &Bot{cfg: cfg, log: cfg.Logger, session: s, origin: origin, store: store, admin: admin, work: make(chan struct{}, cfg.Workers), answerTimeout: answerTimeout, ready: make(chan struct{}), quit: make(chan struct{})}
	b.answerer.Store(a)
	s.AddHandler(b.onReady)
	s.AddHandler(b.onInteraction)
	s.AddHandler(b.onMessage)
	return b, nil
}

// newSession prepares the discordgo session of cfg (checked): its token, its REST client
// (Config.HTTPClient, or one of a 20 s timeout, sending every request to Config.APIURL when
// that is set: see rewriteOrigin, whose origin it returns, nil for Discord's own) and its
// intents. It connects to nothing.
func newSession(cfg Config) (*discordgo.Session, *url.URL, error) {
	s, err := discordgo.New("Bot " + cfg.Token)
	if err != nil {
		return nil, nil, fmt.Errorf("discord: %w", err)
	}
	hc := &http.Client{Timeout: 20 * time.Second}
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient
		hc = &c
	}
	var origin *url.URL
	if cfg.APIURL != "" {
		if origin, err = parseOrigin(cfg.APIURL); err != nil {
			return nil, nil, err
		}
		hc.Transport = &rewriteOrigin{base: hc.Transport, origin: origin}
	}
	s.Client = hc
	// discordgo retries a rate-limited request without bound and without a context: this bot
	// retries itself (see call).
	s.ShouldRetryOnRateLimit = false
	s.ShouldReconnectOnError = true
	// Guild messages that mention the bot and direct messages carry their content without
	// the privileged message-content intent.
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	return s, origin, nil
}

// CheckToken asks Discord's REST API (Config.APIURL's origin when it is set) whose token
// cfg's is (GET /users/@me, one request), so that a caller learns whether the bot can start
// before it prepares anything for it (serve creates no library for a bot that cannot start).
// Errors: cfg's (see Config.Check); a token refused (HTTP 401) or Discord out of reach, worded
// as Run words them, naming the URL dialled (see connectError); ctx's, wrapped.
func CheckToken(ctx context.Context, cfg Config) error {
	if err := cfg.Check(); err != nil {
		return err
	}
	s, origin, err := newSession(cfg)
	if err != nil {
		return err
	}
	b := &Bot{cfg: cfg, session: s, origin: origin}
	if _, err := s.User("@me", discordgo.WithContext(ctx)); err != nil {
		return b.connectError(err)
	}
	return nil
}

// EnableQuizzes turns on the /quiz commands, keeping quizzes in q; call it before Run.
func (b *Bot) EnableQuizzes(q QuizStore) { b.quizzes = q }

// SetAnswerer replaces the answerer, after the corpus changed; answers in flight finish with
// the old one.
func (b *Bot) SetAnswerer(a *bot.Answerer) { b.answerer.Store(a) }

// Run connects to the gateway, registers the commands, resumes the quizzes a restart
// interrupted and serves until ctx is done; then it stops taking questions, lets the answers
// and quizzes in flight finish and closes the gateway (see shutdown). A ctx that ends during
// start-up is a stop like one that ends while serving, and Run returns nil: before it connects,
// while it connects (the gateway's discovery, handshake, HELLO and READY), while it registers
// the commands or resumes the quizzes. Errors, when ctx has not ended or they are not its own
// (see stopped): connecting (see connectError), no READY within 30 s, registering the commands
// (Discord refusing them, or out of reach).
func (b *Bot) Run(ctx context.Context) error {
	b.runSince = time.Now()
	if ctx.Err() != nil {
		return nil // told to stop before starting: nothing to connect
	}
	if err := b.open(ctx); err != nil {
		if stopped(ctx, err) {
			b.log.Info("stopped while connecting")
			return nil
		}
		return b.connectError(err)
	}
	defer b.shutdown()
	select {
	case <-b.ready:
	case <-ctx.Done():
		return nil
	case <-time.After(30 * time.Second):
		return errors.New("discord: no READY from the gateway within 30 s")
	}
	if err := b.register(ctx); err != nil {
		if stopped(ctx, err) {
			b.log.Info("stopped while registering the commands")
			return nil
		}
		return err
	}
	b.resumeQuizzes(ctx)
	b.log.Info("serving", "guild", b.cfg.GuildID)
	<-ctx.Done()
	return nil
}

// stopped reports whether err, from a start-up step given ctx, is ctx's own, ctx having ended:
// the step was given up because the bot was told to stop, which is no failure. net/http
// reports a request cancelled with context.Cause(ctx), which signal.NotifyContext sets to an
// error describing the signal.
func stopped(ctx context.Context, err error) bool {
	return ctx.Err() != nil && (errors.Is(err, ctx.Err()) || errors.Is(err, context.Cause(ctx)))
}

// open opens the gateway session with discordgo's Open, which takes no context, given up when
// ctx ends first. The websocket connections dialled meanwhile are closed then (and none is
// dialled after), so that a stop is not held up by the handshake or by HELLO and READY, for
// which discordgo waits without a deadline; the gateway's discovery (GET /gateway, before
// them) runs to its end or to the REST client's timeout. Given up, open returns
// context.Cause(ctx) for Open's error; discordgo does not reconnect a session whose
// connection open closed. Open's other errors are returned as they are (see connectError).
func (b *Bot) open(ctx context.Context) error {
	s := b.session
	var (
		mu      sync.Mutex
		conns   []net.Conn // dialled during Open
		aborted bool       // ctx ended during Open: conns are closed, no more dialled
	)
	s.Lock()
	dialer, reconnect := s.Dialer, s.ShouldReconnectOnError
	if dialer == nil {
		dialer = websocket.DefaultDialer
	}
	d := *dialer
	dial := d.NetDialContext
	if dial == nil {
		netDial := d.NetDial
		dial = func(dctx context.Context, network, addr string) (net.Conn, error) {
			if netDial != nil {
				return netDial(network, addr)
			}
			var nd net.Dialer
			return nd.DialContext(dctx, network, addr)
		}
	}
	d.NetDialContext = func(dctx context.Context, network, addr string) (net.Conn, error) {
		dctx, cancel := context.WithCancel(dctx)
		defer cancel()
		stopDial := context.AfterFunc(ctx, cancel)
		c, err := dial(dctx, network, addr)
		stopDial()
		if err != nil {
			return nil, err
		}
		mu.Lock()
		defer mu.Unlock()
		if aborted {
			c.Close()
			return nil, context.Cause(ctx)
		}
		conns = append(conns, c)
		return c, nil
	}
	s.Dialer = &d
	// A connection closed here must not start discordgo's reconnect loop, which would outlive
	// Run: reconnecting is turned back on only for a session opened without being given up.
	s.ShouldReconnectOnError = false
	s.Unlock()

	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		aborted = true
		for _, c := range conns {
			c.Close()
		}
	})
	err := s.Open()
	givenUp := !stop() // the stop was asked for during Open

	s.Lock()
	s.Dialer = dialer
	if !givenUp {
		s.ShouldReconnectOnError = reconnect
	}
	s.Unlock()
	if err != nil && givenUp {
		return context.Cause(ctx)
	}
	return err
}

// shutdown ends every Run that opened the gateway, whether it served or stopped or failed
// while starting: no question or quiz is taken any more, the quizzes running stop where they
// are (saved, to resume at the next start), the answers and quizzes in flight finish, and the
// gateway is closed.
func (b *Bot) shutdown() {
	b.quizMu.Lock() // no quiz starts once closing is set: quizWG is waited on below
	b.closing.Store(true)
	close(b.quit)
	b.quizMu.Unlock()
	b.log.Info("shutting down: finishing answers in flight")
	b.quizWG.Wait()
	b.inflight.Wait()
	// No reconnecting while closing: discordgo's Close holds the session a second, and a
	// heartbeat failing meanwhile would otherwise start a reconnect loop.
	b.session.Lock()
	b.session.ShouldReconnectOnError = false
	b.session.Unlock()
	b.session.Close()
}

// rewriteOrigin sends every request to origin's scheme and host, keeping path and query.
// Rewriting each request, rather than setting discordgo's endpoint variables, keeps the
// override to this bot's session (those variables are the package's, shared by every session
// in the process) and reaches every endpoint: the variables derived from EndpointAPI when
// discordgo is initialised (EndpointGateway, EndpointWebhooks, …) would keep Discord's origin
// unless each were set again.
type rewriteOrigin struct {
	base   http.RoundTripper
	origin *url.URL
}

// RoundTrip sends req to t.origin.
func (t *rewriteOrigin) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.origin.Scheme, t.origin.Host, t.origin.Host
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(r)
}

// named makes err, from a REST call, name the URL the request went to. discordgo builds each
// request's URL on Discord's origin, and http.Client reports that URL in its *url.Error though
// rewriteOrigin sent the request to Config.APIURL: without this, a refused connection to the
// override read `Get "<Discord's API>/gateway": dial tcp 127.0.0.1:9: connection refused`.
func (b *Bot) named(err error) error {
	var ue *url.Error
	if b.origin == nil || !errors.As(err, &ue) {
		return err
	}
	ue.URL = b.sentTo(ue.URL) // this call's own error, held by nobody else
	return err
}

// sentTo is the URL a request that discordgo built for rawURL went to: rawURL on
// Config.APIURL's origin when that is set (see rewriteOrigin), else rawURL itself.
func (b *Bot) sentTo(rawURL string) string {
	if b.origin == nil {
		return rawURL
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	u.Scheme, u.Host = b.origin.Scheme, b.origin.Host
	return u.String()
}

// connectError words err, from opening the gateway session, naming the URL dialled (see
// named). No connection made is said briefly, as the chat model's errors say it: "discord:
// cannot connect to <URL>: connection refused", or "…: no such host" for a name not found. A
// token refused, by the REST API (HTTP 401) or by the gateway (close code 4004), is said to
// be DISCORD_TOKEN's, with where to get it again: "discord: <URL> refused the token in
// DISCORD_TOKEN (401 Unauthorized): copy …". Another HTTP status is said with the URL and the
// reply (its first maxErrorBody characters; an HTML page is called one, the likely mistake a
// DISCORD_API_URL of another server). Another error is "discord: connect: <err>".
func (b *Bot) connectError(err error) error {
	err = b.named(err)
	var ue *url.Error
	if errors.As(err, &ue) {
		if cause, ok := llm.DialFailure(ue.Err); ok {
			return fmt.Errorf("discord: cannot connect to %s: %w", ue.URL, cause)
		}
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
		where := "Discord's API"
		if re.Request != nil && re.Request.URL != nil {
			where = b.sentTo(re.Request.URL.String())
		}
		return fmt.Errorf("discord: %s refused the token in DISCORD_TOKEN (%s): %s", where, re.Response.Status, tokenHint)
	}
	if errors.As(err, &re) && re.Response != nil {
		// Another status: a server that is not Discord's API answered (a web server's 404
		// page), or the API refused the request; its URL is the one to check.
		where := "Discord's API"
		if re.Request != nil && re.Request.URL != nil {
			where = b.sentTo(re.Request.URL.String())
		}
		body := strings.Join(strings.Fields(string(re.ResponseBody)), " ")
		switch {
		case strings.HasPrefix(body, "<"):
			body = "an HTML page, not Discord's API: check DISCORD_API_URL"
		case utf8.RuneCountInString(body) > maxErrorBody:
			body = string([]rune(body)[:maxErrorBody]) + "…"
		}
		return fmt.Errorf("discord: connect: %s answered %s: %s", where, re.Response.Status, body)
	}
	var ce *websocket.CloseError
	if errors.As(err, &ce) && ce.Code == closeAuthenticationFailed {
		return fmt.Errorf("discord: the gateway refused the token in DISCORD_TOKEN (close %d %s): %s", ce.Code, strings.TrimSuffix(ce.Text, "."), tokenHint)
	}
	return fmt.Errorf("discord: connect: %w", err)
}

// maxErrorBody is how many characters of a refusing server's reply connectError quotes.
const maxErrorBody = 200

// tokenHint ends the error of a bot whose token Discord refused.
const tokenHint = "copy the bot's token again from Discord's developer portal (your application, Bot, Reset Token)"

// closeAuthenticationFailed is the gateway's close code for a token it refuses.
const closeAuthenticationFailed = 4004

// Command names.
const (
	cmdAsk    = "ask"
	cmdSource = "source"
	cmdCorpus = "corpus"
	cmdGaps   = "gaps"
	cmdQuiz   = "quiz"
)

// commands are the slash commands, registered by bulk overwrite at start.
func commands() []*discordgo.ApplicationCommand {
	no := false
	return []*discordgo.ApplicationCommand{
		{Name: cmdAsk, Description: "Ask a question; the answer quotes the passage that answers it", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true, MaxLength: 1000},
			{Type: discordgo.ApplicationCommandOptionBoolean, Name: "private", Description: "Only you see the answer"},
		}},
		{Name: cmdSource, Description: "Show a whole passage with its neighbours", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "id", Description: "The passage ID given under an answer", Required: true, MaxLength: 40},
		}},
		{Name: cmdCorpus, Description: "Manage the corpus (admins)", DMPermission: &no, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "List the documents"},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "add", Description: "Add or update a document", Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionAttachment, Name: "file", Description: "A .txt, .md, .html, .pdf or .docx file", Required: true},
			}},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "remove", Description: "Remove a document", Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "id", Description: "The document's ID (see /corpus list)", Required: true},
			}},
		}},
		{Name: cmdGaps, Description: "Questions the corpus could not answer (admins)", DMPermission: &no},
		quizCommand(),
	}
}

func (b *Bot) register(ctx context.Context) error {
	app := b.appIDValue()
	if app == "" {
		return errors.New("discord: the gateway's READY gave no application ID")
	}
	_, err := b.session.ApplicationCommandBulkOverwrite(app, b.cfg.GuildID, commands(), discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("discord: register commands: %w", b.named(err))
	}
	return nil
}

func (b *Bot) appIDValue() string {
	if v, ok := b.appID.Load().(string); ok {
		return v
	}
	return ""
}

func (b *Bot) onReady(s *discordgo.Session, r *discordgo.Ready) {
	if r.Application != nil {
		b.appID.Store(r.Application.ID)
	} else if r.User != nil {
		b.appID.Store(r.User.ID)
	}
	b.log.Info("gateway ready", "session", r.SessionID)
	b.readyOnce.Do(func() { close(b.ready) })
}

// guard runs a handler body, recovering and logging a panic so that the bot keeps running;
// it counts the handler as in flight for a graceful shutdown.
func (b *Bot) guard(what string, f func()) {
	b.inflight.Add(1)
	defer b.inflight.Done()
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("handler panicked", "handler", what, "panic", r, "stack", string(debug.Stack()))
		}
	}()
	f()
}

// allow applies the per-user rate limit (see limiters).
func (b *Bot) allow(userID string) bool {
	return b.limiters.allow(userID, b.now(), b.cfg.PerUser, b.cfg.Burst)
}

// now is the time as the bot's clock gives it.
func (b *Bot) now() time.Time {
	if b.clock != nil {
		return b.clock()
	}
	return time.Now()
}

// noMentions is set on every message: quoted text never pings anyone.
var noMentions = &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}

// maxRetries bounds the tries of one REST call that Discord rate-limits (429).
const maxRetries = 3

// call makes one REST call with discordgo's own retries off, and retries it itself on 429,
// waiting the retry_after Discord gives (at most 10 s) and never past ctx. A rate-limited
// request was not carried out, so retrying it never posts a message twice; other failures are
// not retried.
func call[T any](ctx context.Context, b *Bot, what string, f func(opts ...discordgo.RequestOption) (T, error)) (T, error) {
	var zero T
	for try := 0; ; try++ {
		v, err := f(discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false), discordgo.WithRestRetries(0))
		err = b.named(err)
		var rl *discordgo.RateLimitError
		if !errors.As(err, &rl) || try >= maxRetries {
			if err != nil {
				b.log.Warn("discord call failed", "call", what, "error", err)
			}
			return v, err
		}
		wait := min(max(rl.RetryAfter, 50*time.Millisecond), 10*time.Second)
		b.log.Info("rate limited by Discord", "call", what, "retry_after", rl.RetryAfter)
		select {
		case <-ctx.Done():
			return zero, ctx.Err()
		case <-time.After(wait):
		}
	}
}

// followUp sends the messages of text to the interaction as follow-ups (ephemeral when
// private), the last with buttons, within replyTimeout even when ctx has run out (see
// replyContext).
func (b *Bot) followUp(ctx context.Context, i *discordgo.Interaction, text string, private bool, buttons []discordgo.MessageComponent) error {
	ctx, cancel := replyContext(ctx)
	defer cancel()
	var flags discordgo.MessageFlags
	if private {
		flags = discordgo.MessageFlagsEphemeral
	}
	parts := messages(text)
	for n, part := range parts {
		params := &discordgo.WebhookParams{Content: part, AllowedMentions: noMentions, Flags: flags}
		if n == len(parts)-1 {
			params.Components = buttons
		}
		if _, err := call(ctx, b, "follow-up", func(opts ...discordgo.RequestOption) (*discordgo.Message, error) {
			return b.session.FollowupMessageCreate(i, true, params, opts...)
		}); err != nil {
			return err
		}
	}
	return nil
}

// respond answers an interaction at once with a message (no deferral), ephemeral if private.
func (b *Bot) respond(ctx context.Context, i *discordgo.Interaction, text string, private bool) error {
	var flags discordgo.MessageFlags
	if private {
		flags = discordgo.MessageFlagsEphemeral
	}
	parts := messages(text)
	_, err := call(ctx, b, "respond", func(opts ...discordgo.RequestOption) (struct{}, error) {
		return struct{}{}, b.session.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: parts[0], AllowedMentions: noMentions, Flags: flags},
		}, opts...)
	})
	if err != nil {
		return err
	}
	if len(parts) > 1 {
		return b.followUp(ctx, i, strings.Join(parts[1:], "\n"), private, nil)
	}
	return nil
}

// deferReply acknowledges an interaction within Discord's 3 seconds, showing "thinking".
func (b *Bot) deferReply(ctx context.Context, i *discordgo.Interaction, private bool) error {
	var flags discordgo.MessageFlags
	if private {
		flags = discordgo.MessageFlagsEphemeral
	}
	_, err := call(ctx, b, "defer", func(opts ...discordgo.RequestOption) (struct{}, error) {
		return struct{}{}, b.session.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Flags: flags},
		}, opts...)
	})
	return err
}

// genericError is what users see when something fails; the log has the details.
const genericError = "Sorry, something went wrong while answering. Please try again later."

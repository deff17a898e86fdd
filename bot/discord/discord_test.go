package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/internal/fakediscord"
)

const definition = "The security sector consists of all those institutions whose primary role is the provision of internal and external security"

// memStore keeps feedback, gaps and threads' questions in memory, for the tests; with
// threadErr set, its threads' methods fail with it.
type memStore struct {
	mu        sync.Mutex
	feedback  []bot.Feedback
	gaps      map[string]int
	threads   map[string]string
	threadErr error
}

func (m *memStore) SaveThread(ctx context.Context, id, question string, started, oldest time.Time, keep int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.threadErr != nil {
		return m.threadErr
	}
	if m.threads == nil {
		m.threads = map[string]string{}
	}
	m.threads[id] = question
	return nil
}

func (m *memStore) ThreadQuestion(ctx context.Context, id string, oldest time.Time) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.threads[id], m.threadErr
}

func (m *memStore) RecordFeedback(ctx context.Context, f bot.Feedback) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.feedback = append(m.feedback, f)
	return nil
}

func (m *memStore) RecordGap(ctx context.Context, q string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gaps == nil {
		m.gaps = map[string]int{}
	}
	m.gaps[q]++
	return nil
}

func (m *memStore) Gaps(ctx context.Context, limit int) ([]bot.Gap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []bot.Gap
	for q, n := range m.gaps {
		out = append(out, bot.Gap{Question: q, Count: n})
	}
	return out, nil
}

// panicky is an Admin whose every call panics, to test recovery.
type panicky struct{}

func (panicky) ListDocuments(context.Context) ([]string, error)             { panic("boom") }
func (panicky) AddDocument(context.Context, string, []byte) (string, error) { panic("boom") }
func (panicky) RemoveDocument(context.Context, string) error                { panic("boom") }

var (
	indexOnce sync.Once
	index     *bot.Index
	indexErr  error
)

// answerer answers from the built-in corpus plus a document whose passage says "@everyone".
func answerer(t *testing.T) *bot.Answerer {
	t.Helper()
	indexOnce.Do(func() {
		docs := corpus.Builtin()
		ping, err := corpus.Parse("notices.md", []byte("# Notices\n\n## Mess hall\n\n@everyone the mess hall opens at noon for all ranks, @here too.\n"), corpus.Meta{})
		if err != nil {
			indexErr = err
			return
		}
		docs = append(docs, ping)
		index, indexErr = bot.NewIndex(context.Background(), docs, bot.IndexOptions{})
	})
	if indexErr != nil {
		t.Fatal(indexErr)
	}
	return &bot.Answerer{Index: index}
}

type harness struct {
	fake  *fakediscord.Server
	bot   *Bot
	store *memStore
	stop  context.CancelFunc
	done  chan error
}

const adminRole = "900000000000000001"

// start runs a bot against a fake Discord until the test ends.
func start(t *testing.T, admin Admin) *harness {
	t.Helper()
	return startBot(t, admin, nil)
}

// startBot is start with configure, if not nil, called on the bot before it runs.
func startBot(t *testing.T, admin Admin, configure func(*Bot)) *harness {
	t.Helper()
	fake := fakediscord.New(t)
	store := &memStore{}
	b, err := New(Config{Token: "test-token", APIURL: fake.URL(), AdminRoles: []string{"Maintainers"}, PerUser: 600, Burst: 30,
		Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))}, answerer(t), store, admin)
	if err != nil {
		t.Fatal(err)
	}
	if configure != nil {
		configure(b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{fake: fake, bot: b, store: store, stop: cancel, done: make(chan error, 1)}
	go func() { h.done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-h.done:
			if err != nil {
				t.Errorf("Run = %v, want nil on shutdown", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Run did not return after its context ended")
		}
	})
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	if _, err := fake.WaitFor(wctx, fakediscord.Match("PUT", "/applications/")); err != nil {
		t.Fatalf("commands not registered: %v", err)
	}
	sendAdminGuild(fake)
	return h
}

// runBot runs b until the test ends, then stops it and waits for Run to return, which must
// return nil: the test may end while b is still starting.
func runBot(t *testing.T, b *Bot) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run = %v, want nil on shutdown", err)
		}
	})
}

// startRateLimitedBot runs a bot that allows each user one question a minute, in a burst of
// one (so that a second at once is refused), with quizzes kept in q unless q is nil, against
// fake until the test ends (runBot), and waits for it to register its commands.
func startRateLimitedBot(t *testing.T, fake *fakediscord.Server, q QuizStore) {
	t.Helper()
	b, err := New(Config{Token: "t", APIURL: fake.URL(), PerUser: 1, Burst: 1}, answerer(t), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if q != nil {
		b.EnableQuizzes(q)
	}
	runBot(t, b)
	if _, err := fake.WaitFor(waitCtx(t), fakediscord.Match("PUT", "/applications/")); err != nil {
		t.Fatal(err)
	}
}

// testWriter sends the bot's log to the test's.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// ask sends /ask and returns the contents of the follow-ups that answer it.
func (h *harness) ask(t *testing.T, question string, opts ...fakediscord.Option) []fakediscord.Request {
	t.Helper()
	id, token := h.fake.SendInteraction(fakediscord.InteractionSpec{Name: "ask", GuildID: "100", ChannelID: "200",
		Options: append([]fakediscord.Option{fakediscord.StringOption("question", question)}, opts...)})
	ctx := waitCtx(t)
	if _, err := h.fake.WaitFor(ctx, fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback")); err != nil {
		t.Fatalf("/ask %q not acknowledged: %v", question, err)
	}
	first, err := h.fake.WaitFor(ctx, succeeded(fakediscord.Match("POST", "/webhooks/"+fakediscord.ApplicationID+"/"+token)))
	if err != nil {
		t.Fatalf("/ask %q not answered: %v", question, err)
	}
	return append([]fakediscord.Request{first}, h.fake.Requests(succeeded(fakediscord.Match("POST", "/webhooks/"+fakediscord.ApplicationID+"/"+token)))[1:]...)
}

func succeeded(m func(fakediscord.Request) bool) func(fakediscord.Request) bool {
	return func(r fakediscord.Request) bool { return m(r) && r.Status < 300 }
}

func content(r fakediscord.Request) string {
	c, _ := r.Object()["content"].(string)
	return c
}

func TestAskAnswersWithTheDefinition(t *testing.T) {
	h := start(t, nil)
	got := h.ask(t, "What is the security sector?")
	text := content(got[0])
	for _, want := range []string{"> “" + definition, "Governance and the Security Sector", "David Chuter", "So in practice"} {
		if !strings.Contains(text, want) {
			t.Errorf("answer lacks %q:\n%s", want, text)
		}
	}
	checkLimits(t, h.fake)
}

func TestPrivateAskIsEphemeral(t *testing.T) {
	h := start(t, nil)
	got := h.ask(t, "What is governance?", fakediscord.BoolOption("private", true))
	if flags, _ := got[0].Object()["flags"].(float64); int(flags)&64 == 0 {
		t.Errorf("flags %v; want the ephemeral flag (64)", got[0].Object()["flags"])
	}
}

func TestMentionIsAnsweredInAThread(t *testing.T) {
	h := start(t, nil)
	h.fake.SetChannel(fakediscord.ChannelSpec{ID: "300", GuildID: "100", Type: 0, Name: "general"})
	msg := h.fake.SendMessage(fakediscord.MessageSpec{ChannelID: "300", GuildID: "100", Content: "<@" + fakediscord.BotUserID + "> What is the security sector?", Mentions: []string{fakediscord.BotUserID}})
	ctx := waitCtx(t)
	if _, err := h.fake.WaitFor(ctx, fakediscord.Match("POST", "/channels/300/messages/"+msg+"/threads")); err != nil {
		t.Fatalf("no thread started: %v", err)
	}
	ans, err := h.fake.WaitFor(ctx, succeeded(fakediscord.Match("POST", "/channels/"+msg+"/messages")))
	if err != nil {
		t.Fatalf("no answer in the thread: %v", err)
	}
	if !strings.Contains(content(ans), definition) {
		t.Errorf("answer: %s", content(ans))
	}
	// A follow-up in the thread is understood with the thread's question.
	h.fake.SendMessage(fakediscord.MessageSpec{ChannelID: msg, GuildID: "100", ChannelType: 11, ParentID: "300",
		Content: "<@" + fakediscord.BotUserID + "> and in practice, which forces?", Mentions: []string{fakediscord.BotUserID}})
	reqs, err := h.fake.WaitForN(ctx, succeeded(fakediscord.Match("POST", "/channels/"+msg+"/messages")), 2)
	if err != nil {
		t.Fatalf("follow-up not answered: %v", err)
	}
	if c := content(reqs[1]); !strings.Contains(c, "the military, the police") {
		t.Errorf("follow-up answer lacks the thread's context:\n%s", c)
	}
}

func TestDirectMessageIsAnswered(t *testing.T) {
	h := start(t, nil)
	h.fake.SendMessage(fakediscord.MessageSpec{ChannelID: "400", Content: "What is governance?"})
	ans, err := h.fake.WaitFor(waitCtx(t), succeeded(fakediscord.Match("POST", "/channels/400/messages")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(content(ans), "A contested concept") {
		t.Errorf("DM answer: %s", content(ans))
	}
}

func TestQuotedMentionsNeverPing(t *testing.T) {
	h := start(t, nil)
	got := h.ask(t, "When does the mess hall open for all ranks?")
	body := got[0].Object()
	if !strings.Contains(content(got[0]), "@everyone") {
		t.Fatalf("the test passage was not quoted: %s", content(got[0]))
	}
	am, ok := body["allowed_mentions"].(map[string]any)
	if !ok {
		t.Fatalf("no allowed_mentions in %v", body)
	}
	if parse, _ := am["parse"].([]any); len(parse) != 0 || am["parse"] == nil {
		t.Errorf("allowed_mentions = %v; want parse: [] so that nobody is pinged", am)
	}
	checkLimits(t, h.fake)
}

func TestRateLimitedFollowUpIsDeliveredOnce(t *testing.T) {
	h := start(t, nil)
	h.fake.Fail("/webhooks/", 1, 429, 200*time.Millisecond)
	got := h.ask(t, "What is the security sector?")
	time.Sleep(300 * time.Millisecond) // let any duplicate arrive
	all := h.fake.Requests(fakediscord.Match("POST", "/webhooks/"))
	ok := h.fake.Requests(succeeded(fakediscord.Match("POST", "/webhooks/")))
	if len(all) != 2 || len(ok) != 1 || len(got) != 1 {
		t.Errorf("%d follow-up requests, %d delivered; want one 429 and exactly one delivered", len(all), len(ok))
	}
}

func TestTwentyConcurrentAsksAcknowledgedInTime(t *testing.T) {
	h := start(t, nil)
	h.fake.SetInteractionDeadline(3 * time.Second) // a later callback gets Discord's 10062
	var tokens []string
	for n := 0; n < 20; n++ {
		_, token := h.fake.SendInteraction(fakediscord.InteractionSpec{Name: "ask", GuildID: "100", ChannelID: "200",
			UserID: fmt.Sprint(500 + n), Options: []fakediscord.Option{fakediscord.StringOption("question", "What is the security sector?")}})
		tokens = append(tokens, token)
	}
	ctx := waitCtx(t)
	callbacks, err := h.fake.WaitForN(ctx, fakediscord.Match("POST", "/interactions/"), 20)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range callbacks {
		if c.Status >= 300 {
			t.Errorf("callback %s answered %d: not acknowledged within 3 s", c.Route, c.Status)
		}
	}
	for _, token := range tokens {
		if _, err := h.fake.WaitFor(ctx, succeeded(fakediscord.Match("POST", "/webhooks/"+fakediscord.ApplicationID+"/"+token))); err != nil {
			t.Errorf("an /ask was not answered: %v", err)
		}
	}
}

func TestAnswersAfterReconnect(t *testing.T) {
	h := start(t, nil)
	before := h.fake.Gateway()
	h.fake.Disconnect()
	ctx := waitCtx(t)
	if _, err := h.fake.WaitGateway(ctx, func(g fakediscord.GatewayStats) bool {
		return g.Resumes+g.Identifies > before.Resumes+before.Identifies
	}); err != nil {
		t.Fatalf("no reconnect: %v", err)
	}
	// discordgo's heartbeat goroutine of the dropped connection may fail at its next tick
	// and close the new connection too (its Close closes whatever connection is current),
	// and an interaction sent then is lost with the session, as on Discord. Ask once the
	// connection has stayed up for three heartbeats with no reconnection.
	for {
		if err := h.fake.WaitReady(ctx); err != nil {
			t.Fatal(err)
		}
		st := h.fake.Gateway()
		after, err := h.fake.WaitGateway(ctx, func(g fakediscord.GatewayStats) bool {
			return g.Heartbeats >= st.Heartbeats+3 || g.Resumes+g.Identifies != st.Resumes+st.Identifies
		})
		if err != nil {
			t.Fatalf("the connection did not settle: %v", err)
		}
		if after.Resumes+after.Identifies == st.Resumes+st.Identifies {
			break
		}
	}
	got := h.ask(t, "What is the security sector?")
	if !strings.Contains(content(got[0]), definition) {
		t.Errorf("answer after reconnect: %s", content(got[0]))
	}
}

func TestBadInteractionsDoNotCrash(t *testing.T) {
	h := start(t, panicky{})
	ctx := waitCtx(t)
	for _, spec := range []fakediscord.InteractionSpec{
		{Name: "bogus", GuildID: "100", ChannelID: "200"},
		{Name: "ask", GuildID: "100", ChannelID: "200", Options: []fakediscord.Option{fakediscord.StringOption("question", "   ")}},
		{Type: 3, CustomID: "nonsense", GuildID: "100", ChannelID: "200"},
		{Name: "corpus", GuildID: "100", ChannelID: "200", RoleIDs: []string{adminRole}, Options: []fakediscord.Option{fakediscord.SubcommandOption("list")}},
	} {
		id, token := h.fake.SendInteraction(spec)
		if _, err := h.fake.WaitFor(ctx, fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback")); err != nil {
			t.Errorf("%s %s: no reply: %v", spec.Name, spec.CustomID, err)
		}
	}
	got := h.ask(t, "What is the security sector?") // still running after a panic
	if !strings.Contains(content(got[0]), definition) {
		t.Errorf("answer after the bad interactions: %s", content(got[0]))
	}
}

func TestAdminCommandsRefusedToOthers(t *testing.T) {
	h := start(t, nil)
	ctx := waitCtx(t)
	for _, name := range []string{"gaps", "corpus"} {
		spec := fakediscord.InteractionSpec{Name: name, GuildID: "100", ChannelID: "200"}
		if name == "corpus" {
			spec.Options = []fakediscord.Option{fakediscord.SubcommandOption("list")}
		}
		id, token := h.fake.SendInteraction(spec)
		cb, err := h.fake.WaitFor(ctx, fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback"))
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Data struct {
				Content string
				Flags   int
			}
		}
		if err := json.Unmarshal(cb.Body, &body); err != nil {
			t.Fatal(err)
		}
		if body.Data.Content != adminsOnly || body.Data.Flags&64 == 0 {
			t.Errorf("/%s by a non-admin: %q (flags %d); want an ephemeral refusal", name, body.Data.Content, body.Data.Flags)
		}
	}
}

func TestGapsAndFeedback(t *testing.T) {
	h := start(t, nil)
	got := h.ask(t, "What is the recipe for chocolate cake?")
	if !strings.Contains(content(got[0]), "does not cover") {
		t.Fatalf("refusal: %s", content(got[0]))
	}
	if h.store.gaps["What is the recipe for chocolate cake?"] != 1 {
		t.Errorf("gaps %v", h.store.gaps)
	}
	ctx := waitCtx(t)
	id, token := h.fake.SendInteraction(fakediscord.InteractionSpec{Name: "gaps", GuildID: "100", ChannelID: "200", RoleIDs: []string{adminRole}})
	cb, err := h.fake.WaitFor(ctx, fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback"))
	if err != nil || !strings.Contains(string(cb.Body), "chocolate cake") {
		t.Errorf("/gaps by an admin: %s, %v", cb.Body, err)
	}
	// The answer carries 👍/👎 buttons; a click is recorded.
	ans := h.ask(t, "What is the security sector?")
	var msg struct {
		Components []struct {
			Components []struct {
				CustomID string `json:"custom_id"`
			}
		}
	}
	if err := json.Unmarshal(ans[len(ans)-1].Body, &msg); err != nil || len(msg.Components) == 0 {
		t.Fatalf("no buttons: %s", ans[len(ans)-1].Body)
	}
	up := msg.Components[0].Components[0].CustomID
	id, token = h.fake.SendInteraction(fakediscord.InteractionSpec{Type: 3, CustomID: up, GuildID: "100", ChannelID: "200"})
	if _, err := h.fake.WaitFor(ctx, fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback")); err != nil {
		t.Fatal(err)
	}
	h.store.mu.Lock()
	defer h.store.mu.Unlock()
	if len(h.store.feedback) != 1 || !h.store.feedback[0].Helpful {
		t.Errorf("feedback %v", h.store.feedback)
	}
}

func TestShutdownLetsAnswersFinish(t *testing.T) {
	h := start(t, nil)
	h.fake.Delay("/webhooks/", 500*time.Millisecond)
	_, token := h.fake.SendInteraction(fakediscord.InteractionSpec{Name: "ask", GuildID: "100", ChannelID: "200",
		Options: []fakediscord.Option{fakediscord.StringOption("question", "What is the security sector?")}})
	ctx := waitCtx(t)
	if _, err := h.fake.WaitFor(ctx, fakediscord.Match("POST", "/webhooks/")); err != nil {
		t.Fatal(err)
	}
	h.stop()
	if err := <-h.done; err != nil {
		t.Errorf("Run = %v, want nil on shutdown", err)
	}
	h.done <- nil // for the cleanup
	if len(h.fake.Requests(succeeded(fakediscord.Match("POST", "/webhooks/"+fakediscord.ApplicationID+"/"+token)))) != 1 {
		t.Error("the answer in flight was not delivered before shutdown")
	}
}

// checkLimits asserts that every message the bot sent keeps Discord's limits.
func checkLimits(t *testing.T, fake *fakediscord.Server) {
	t.Helper()
	for _, r := range fake.Requests(func(r fakediscord.Request) bool { return r.Method == "POST" || r.Method == "PATCH" }) {
		var m struct {
			Content string
			Data    struct{ Content string }
			Embeds  []struct {
				Description string
			}
			Components []struct {
				Components []struct {
					CustomID string `json:"custom_id"`
				}
			}
		}
		if len(r.Body) == 0 || json.Unmarshal(r.Body, &m) != nil {
			continue
		}
		for _, c := range []string{m.Content, m.Data.Content} {
			if length(c) > MaxContent {
				t.Errorf("%s: content of %d characters", r.Route, length(c))
			}
		}
		if len(m.Components) > MaxRows {
			t.Errorf("%s: %d rows", r.Route, len(m.Components))
		}
		for _, row := range m.Components {
			if len(row.Components) > MaxButtonsPerRow {
				t.Errorf("%s: %d buttons in a row", r.Route, len(row.Components))
			}
			for _, b := range row.Components {
				if len(b.CustomID) > MaxCustomID {
					t.Errorf("%s: custom_id of %d", r.Route, len(b.CustomID))
				}
			}
		}
	}
}

func TestSourceShowsNeighbours(t *testing.T) {
	h := start(t, nil)
	got := h.ask(t, "What is the security sector?")
	text := content(got[0])
	i := strings.Index(text, "passage ")
	id := strings.TrimSpace(text[i+len("passage "):])
	id = strings.Fields(id)[0]
	sid, token := h.fake.SendInteraction(fakediscord.InteractionSpec{Name: "source", GuildID: "100", ChannelID: "200",
		Options: []fakediscord.Option{fakediscord.StringOption("id", id)}})
	cb, err := h.fake.WaitFor(waitCtx(t), fakediscord.Match("POST", "/interactions/"+sid+"/"+token+"/callback"))
	if err != nil {
		t.Fatal(err)
	}
	var body struct{ Data struct{ Content string } }
	if err := json.Unmarshal(cb.Body, &body); err != nil {
		t.Fatal(err)
	}
	c := body.Data.Content
	if !strings.Contains(c, "Passage "+id) || strings.Count(c, "neighbouring passage") != 2 || !strings.Contains(c, definition) {
		t.Errorf("/source %s:\n%s", id, c)
	}
}

func TestPerUserRateLimit(t *testing.T) {
	fake := fakediscord.New(t)
	startRateLimitedBot(t, fake, nil)
	w := waitCtx(t)
	var bodies []string
	for n := 0; n < 2; n++ {
		id, token := fake.SendInteraction(fakediscord.InteractionSpec{Name: "ask", GuildID: "100", ChannelID: "200",
			Options: []fakediscord.Option{fakediscord.StringOption("question", "What is governance?")}})
		cb, err := fake.WaitFor(w, fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback"))
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, string(cb.Body))
	}
	if strings.Contains(bodies[0], "faster than") || !strings.Contains(bodies[1], "faster than") || !strings.Contains(bodies[1], `"flags":64`) {
		t.Errorf("first reply %s\nsecond reply %s\nwant the second refused, ephemerally, as too fast", bodies[0], bodies[1])
	}
}

// TestOverlongMessageSaysSo checks that a direct message longer than a question may be is
// answered with a message saying so, and that @everyone in a question is no part of it.
func TestOverlongMessageSaysSo(t *testing.T) {
	h := start(t, nil)
	h.fake.SendMessage(fakediscord.MessageSpec{ChannelID: "401", Content: strings.Repeat("What is governance? ", 80)})
	ans, err := h.fake.WaitFor(waitCtx(t), succeeded(fakediscord.Match("POST", "/channels/401/messages")))
	if err != nil {
		t.Fatalf("no reply: %v", err)
	}
	if c := content(ans); !strings.Contains(c, "too long") {
		t.Errorf("reply to an overlong message: %s", c)
	}
	h.fake.SendMessage(fakediscord.MessageSpec{ChannelID: "402", Content: "@everyone What is the security sector?"})
	ans, err = h.fake.WaitFor(waitCtx(t), succeeded(fakediscord.Match("POST", "/channels/402/messages")))
	if err != nil {
		t.Fatalf("no reply: %v", err)
	}
	if c := content(ans); !strings.Contains(c, definition) {
		t.Errorf("reply to a question after @everyone: %s", c)
	}
}

// TestSmallTalkIsNoQuestion checks that "thanks!" in a thread after a question is thanked, not
// answered with the thread's question again nor with a passage, and that a greeting in a
// direct message gets the short help reply; neither is recorded as a gap in the corpus.
func TestSmallTalkIsNoQuestion(t *testing.T) {
	h := start(t, nil)
	h.fake.SetChannel(fakediscord.ChannelSpec{ID: "300", GuildID: "100", Type: 0, Name: "general"})
	msg := h.fake.SendMessage(fakediscord.MessageSpec{ChannelID: "300", GuildID: "100", Content: "<@" + fakediscord.BotUserID + "> What is the security sector?", Mentions: []string{fakediscord.BotUserID}})
	ctx := waitCtx(t)
	if _, err := h.fake.WaitFor(ctx, succeeded(fakediscord.Match("POST", "/channels/"+msg+"/messages"))); err != nil {
		t.Fatalf("no answer in the thread: %v", err)
	}
	h.fake.SendMessage(fakediscord.MessageSpec{ChannelID: msg, GuildID: "100", ChannelType: 11, ParentID: "300",
		Content: "<@" + fakediscord.BotUserID + "> thanks! 👍", Mentions: []string{fakediscord.BotUserID}})
	reqs, err := h.fake.WaitForN(ctx, succeeded(fakediscord.Match("POST", "/channels/"+msg+"/messages")), 2)
	if err != nil {
		t.Fatalf("thanks not answered: %v", err)
	}
	if c := content(reqs[1]); c != bot.ThanksReply {
		t.Errorf("reply to thanks: %q, want %q", c, bot.ThanksReply)
	}
	// Thanks said in the channel itself: answered there, no thread started for it.
	thanksMsg := h.fake.SendMessage(fakediscord.MessageSpec{ChannelID: "300", GuildID: "100", Content: "<@" + fakediscord.BotUserID + "> thanks!", Mentions: []string{fakediscord.BotUserID}})
	inChannel, err := h.fake.WaitFor(ctx, succeeded(func(r fakediscord.Request) bool {
		return r.Method == "POST" && r.Route == "/channels/300/messages"
	}))
	if err != nil {
		t.Fatalf("thanks in the channel not answered: %v", err)
	}
	if c := content(inChannel); c != bot.ThanksReply {
		t.Errorf("reply to thanks in the channel: %q", c)
	}
	if n := len(h.fake.Requests(fakediscord.Match("POST", "/channels/300/messages/"+thanksMsg+"/threads"))); n != 0 {
		t.Errorf("%d threads started for thanks", n)
	}
	h.fake.SendMessage(fakediscord.MessageSpec{ChannelID: "400", Content: "hello there"})
	ans, err := h.fake.WaitFor(ctx, succeeded(fakediscord.Match("POST", "/channels/400/messages")))
	if err != nil {
		t.Fatal(err)
	}
	if c := content(ans); c != bot.SmallTalkReply {
		t.Errorf("reply to a greeting: %q, want %q", c, bot.SmallTalkReply)
	}
	if len(h.store.gaps) != 0 {
		t.Errorf("small talk recorded as gaps: %v", h.store.gaps)
	}
}

// TestAnswerOutOfTimeIsDelivered checks that a question whose work takes all the time it is
// allowed (a chat model that does not answer in time, or a queue of questions before it) is
// still answered: the reply was sent with the context that had run out, so it failed at once
// and the member was left with "thinking…" and then nothing.
func TestAnswerOutOfTimeIsDelivered(t *testing.T) {
	h := startBot(t, nil, func(b *Bot) {
		b.answerTimeout = time.Second
		b.SetAnswerer(&bot.Answerer{Index: answerer(t).Index, Generator: &bot.Generator{Model: "m",
			Chat: func(ctx context.Context, system, user string) (string, error) {
				<-ctx.Done() // a model that answers too late
				return "", ctx.Err()
			}}})
	})
	got := h.ask(t, "What is the security sector?")
	if c := content(got[0]); !strings.Contains(c, definition) && c != genericError {
		t.Errorf("reply to a question out of time: %s", c)
	}
}

// TestThreadName checks that a thread is named after its question as bot.CleanQuestion leaves
// it, within Discord's 100 characters counted as UTF-16 units, and never blank: a question
// starting with zero-width characters gave a name of those alone (cut at 90 of them), and
// 90 emoji were 180 units, both refused by Discord, so that the answer went to the channel.
func TestThreadName(t *testing.T) {
	tests := []struct{ question, want string }{
		{strings.Repeat("\u200b", 95) + "What is the security sector?", "What is the security sector?"},
		{"What  is\tgovernance?\u00ad", "What is governance?"},
		{"\u3164\u2800 \u200b", untitledThread},
		{strings.Repeat("😀", 80), strings.Repeat("😀", 49) + "…"},
		{strings.Repeat("word ", 30), strings.TrimSpace(strings.Repeat("word ", 20)) + "…"},
	}
	for _, tt := range tests {
		got := threadName(tt.question)
		if got != tt.want {
			t.Errorf("threadName(%q) = %q, want %q", tt.question, got, tt.want)
		}
		if n := length(got); n < 1 || n > maxThreadName {
			t.Errorf("threadName(%q) = %q, %d characters", tt.question, got, n)
		}
	}
}

// TestThreadKeepsItsQuestion checks that every follow-up in a thread is read with the
// question the thread was started on: a follow-up took its place, so that the next one was
// read with the follow-up and lost the thread's context.
func TestThreadKeepsItsQuestion(t *testing.T) {
	h := start(t, nil)
	h.fake.SetChannel(fakediscord.ChannelSpec{ID: "300", GuildID: "100", Type: 0, Name: "general"})
	msg := h.fake.SendMessage(fakediscord.MessageSpec{ChannelID: "300", GuildID: "100", Content: "<@" + fakediscord.BotUserID + "> What is the security sector?", Mentions: []string{fakediscord.BotUserID}})
	ctx := waitCtx(t)
	inThread := succeeded(fakediscord.Match("POST", "/channels/"+msg+"/messages"))
	if _, err := h.fake.WaitFor(ctx, inThread); err != nil {
		t.Fatalf("no answer in the thread: %v", err)
	}
	for n := 2; n <= 3; n++ {
		h.fake.SendMessage(fakediscord.MessageSpec{ChannelID: msg, GuildID: "100", ChannelType: 11, ParentID: "300",
			Content: "<@" + fakediscord.BotUserID + "> which ones?", Mentions: []string{fakediscord.BotUserID}})
		reqs, err := h.fake.WaitForN(ctx, inThread, n)
		if err != nil {
			t.Fatalf("follow-up %d not answered: %v", n-1, err)
		}
		if c := content(reqs[n-1]); !strings.Contains(c, "consists of all those institutions") {
			t.Errorf("follow-up %d answered without the thread's question:\n%s", n-1, c)
		}
	}
}

// TestThreadQuestionSurvivesRestart checks that a follow-up in a thread the bot started before
// it restarted (a new bot on the same library) is read with the thread's question, which the
// library keeps: the question was kept in memory only, and the follow-up was answered alone.
func TestThreadQuestionSurvivesRestart(t *testing.T) {
	fake := fakediscord.New(t)
	lib := openLibrary(t)
	stop := startQuizBot(t, fake, lib)
	fake.SetChannel(fakediscord.ChannelSpec{ID: "300", GuildID: "100", Type: 0, Name: "general"})
	msg := fake.SendMessage(fakediscord.MessageSpec{ChannelID: "300", GuildID: "100", Content: "<@" + fakediscord.BotUserID + "> What is the security sector?", Mentions: []string{fakediscord.BotUserID}})
	ctx := waitCtx(t)
	inThread := succeeded(fakediscord.Match("POST", "/channels/"+msg+"/messages"))
	if _, err := fake.WaitFor(ctx, inThread); err != nil {
		t.Fatalf("no answer in the thread: %v", err)
	}
	stop() // the bot restarts: it lets the answer finish, and remembers nothing
	runQuizBot(t, fake, lib)
	if _, err := fake.WaitForN(ctx, fakediscord.Match("PUT", "/applications/"), 2); err != nil {
		t.Fatalf("commands not registered again: %v", err)
	}
	fake.SendMessage(fakediscord.MessageSpec{ChannelID: msg, GuildID: "100", ChannelType: 11, ParentID: "300",
		Content: "<@" + fakediscord.BotUserID + "> which ones?", Mentions: []string{fakediscord.BotUserID}})
	reqs, err := fake.WaitForN(ctx, inThread, 2)
	if err != nil {
		t.Fatalf("follow-up not answered in the thread: %v", err)
	}
	if c := content(reqs[1]); !strings.Contains(c, "consists of all those institutions") {
		t.Errorf("follow-up after a restart answered without the thread's question:\n%s", c)
	}
}

// TestThreadStoreFailing checks that a store failing to save or read threads' questions
// fails no answer: the question is answered in its thread, and a follow-up in a thread the bot
// does not remember is answered alone in that thread.
func TestThreadStoreFailing(t *testing.T) {
	h := start(t, nil)
	h.store.mu.Lock()
	h.store.threadErr = errors.New("disk I/O error")
	h.store.mu.Unlock()
	h.fake.SetChannel(fakediscord.ChannelSpec{ID: "300", GuildID: "100", Type: 0, Name: "general"})
	msg := h.fake.SendMessage(fakediscord.MessageSpec{ChannelID: "300", GuildID: "100", Content: "<@" + fakediscord.BotUserID + "> What is the security sector?", Mentions: []string{fakediscord.BotUserID}})
	ctx := waitCtx(t)
	ans, err := h.fake.WaitFor(ctx, succeeded(fakediscord.Match("POST", "/channels/"+msg+"/messages")))
	if err != nil {
		t.Fatalf("no answer in the thread: %v", err)
	}
	if !strings.Contains(content(ans), definition) {
		t.Errorf("answer: %s", content(ans))
	}
	h.fake.SendMessage(fakediscord.MessageSpec{ChannelID: "500", GuildID: "100", ChannelType: 11, ParentID: "300",
		Content: "<@" + fakediscord.BotUserID + "> What is governance?", Mentions: []string{fakediscord.BotUserID}})
	ans, err = h.fake.WaitFor(ctx, succeeded(fakediscord.Match("POST", "/channels/500/messages")))
	if err != nil {
		t.Fatalf("follow-up in an unknown thread not answered: %v", err)
	}
	if !strings.Contains(content(ans), "A contested concept") {
		t.Errorf("follow-up answer: %s", content(ans))
	}
}

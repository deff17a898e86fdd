package discord

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/internal/fakediscord"
	"github.com/doctrinebot/doctrinebot/library"
	"github.com/doctrinebot/doctrinebot/quiz"
)

// runQuizBot runs a bot with quizzes kept in lib against fake until the returned stop is
// called (or the test ends).
func runQuizBot(t *testing.T, fake *fakediscord.Server, lib *library.Library) (stop func()) {
	t.Helper()
	return runQuizBotWith(t, fake, lib, lib)
}

// runQuizBotWith is runQuizBot with quizzes kept in q, which may wrap lib.
func runQuizBotWith(t *testing.T, fake *fakediscord.Server, lib *library.Library, q QuizStore) (stop func()) {
	t.Helper()
	b, err := New(Config{Token: "t", APIURL: fake.URL(), AdminRoles: []string{"Maintainers"}, PerUser: 600, Burst: 30,
		Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))}, answerer(t), lib, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.EnableQuizzes(q)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	var once bool
	stop = func() {
		if once {
			return
		}
		once = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("Run did not return")
		}
	}
	t.Cleanup(stop)
	return stop
}

// startQuizBot runs a quiz bot on lib against fake (runQuizBot), waits for it to register its
// commands and gives it the guild with the trainer role (sendAdminGuild); stop stops it.
func startQuizBot(t *testing.T, fake *fakediscord.Server, lib *library.Library) (stop func()) {
	t.Helper()
	return startQuizBotWith(t, fake, lib, lib)
}

// startQuizBotWith is startQuizBot with quizzes kept in q, which may wrap lib.
func startQuizBotWith(t *testing.T, fake *fakediscord.Server, lib *library.Library, q QuizStore) (stop func()) {
	t.Helper()
	stop = runQuizBotWith(t, fake, lib, q)
	if _, err := fake.WaitFor(waitCtx(t), fakediscord.Match("PUT", "/applications/")); err != nil {
		t.Fatal(err)
	}
	sendAdminGuild(fake)
	return stop
}

// startHeldQuizBot starts a quiz bot (startQuizBotWith) against a new fake Discord, with its
// quizzes kept in a new library behind a heldItems, and returns the three.
func startHeldQuizBot(t *testing.T) (*fakediscord.Server, *library.Library, *heldItems) {
	t.Helper()
	fake := fakediscord.New(t)
	lib := openLibrary(t)
	held := newHeldItems(lib)
	startQuizBotWith(t, fake, lib, held)
	return fake, lib, held
}

// sendAdminGuild sends the guild create of guild 100, whose role adminRole is named
// Maintainers, the bot's trainer role in these tests.
func sendAdminGuild(fake *fakediscord.Server) {
	fake.SendGuildCreate(fakediscord.GuildSpec{ID: "100", Roles: []fakediscord.RoleSpec{{ID: adminRole, Name: "Maintainers"}}})
}

// sendTrainerQuiz sends /quiz with the subcommand sub from a trainer (a member with
// adminRole) in channel 200 of guild 100, and returns the interaction's ID and token.
func sendTrainerQuiz(fake *fakediscord.Server, sub fakediscord.Option) (id, token string) {
	return fake.SendInteraction(fakediscord.InteractionSpec{Name: "quiz", GuildID: "100", ChannelID: "200", RoleIDs: []string{adminRole},
		Options: []fakediscord.Option{sub}})
}

// sendQuizStart sends a trainer's /quiz start (sendTrainerQuiz) of the given number of
// questions, each open for the given seconds, and returns the interaction's ID and token.
func sendQuizStart(fake *fakediscord.Server, questions, seconds int64) (id, token string) {
	return sendTrainerQuiz(fake, fakediscord.SubcommandOption("start",
		fakediscord.IntegerOption("questions", questions), fakediscord.IntegerOption("seconds", seconds)))
}

// quizItems returns the quiz items generated from answerer's corpus with seed 1, failing the
// test if there are none.
func quizItems(t *testing.T) []quiz.Item {
	t.Helper()
	items := quiz.Generate(answerer(t).Index.Documents(), quiz.GenerateOptions{Seed: 1})
	if len(items) == 0 {
		t.Fatal("no quiz items generated")
	}
	return items
}

func openLibrary(t *testing.T) *library.Library {
	lib, err := library.Open(context.Background(), t.TempDir(), library.Model{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return lib
}

// questionMessages returns the quiz's question messages posted so far, with their buttons.
func questionMessages(fake *fakediscord.Server) []fakediscord.Request {
	return fake.Requests(func(r fakediscord.Request) bool {
		return r.Method == "POST" && r.Route == "/channels/200/messages" && r.Status < 300 && strings.Contains(string(r.Body), `"custom_id":"qz:`)
	})
}

// buttons returns the custom IDs of a message's buttons.
func buttons(t *testing.T, r fakediscord.Request) []string {
	var m struct {
		Components []struct {
			Components []struct {
				CustomID string `json:"custom_id"`
			}
		}
	}
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, row := range m.Components {
		for _, b := range row.Components {
			out = append(out, b.CustomID)
		}
	}
	return out
}

func channelPosts(fake *fakediscord.Server, contains string) func(fakediscord.Request) bool {
	return func(r fakediscord.Request) bool {
		return r.Method == "POST" && r.Route == "/channels/200/messages" && r.Status < 300 && strings.Contains(string(r.Body), contains)
	}
}

func TestQuizInAChannel(t *testing.T) {
	fake := fakediscord.New(t)
	lib := openLibrary(t)
	startQuizBot(t, fake, lib)
	ctx := waitCtx(t)

	// A member without the trainer role cannot start one.
	id, token := fake.SendInteraction(fakediscord.InteractionSpec{Name: "quiz", GuildID: "100", ChannelID: "200",
		Options: []fakediscord.Option{fakediscord.SubcommandOption("start")}})
	cb, err := fake.WaitFor(ctx, fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback"))
	if err != nil || !strings.Contains(string(cb.Body), trainersOnly) {
		t.Fatalf("non-trainer start: %s %v", cb.Body, err)
	}

	sendQuizStart(fake, 2, 2)
	q1, err := fake.WaitFor(ctx, channelPosts(fake, "Question 1 of 2"))
	if err != nil {
		t.Fatal(err)
	}
	ids := buttons(t, q1)
	if len(ids) < 2 || len(ids) > MaxButtonsPerRow {
		t.Fatalf("buttons %v", ids)
	}
	sessions, err := lib.OpenSessions(context.Background())
	if err != nil || len(sessions) != 1 {
		t.Fatalf("open sessions %v %v", sessions, err)
	}
	right := sessions[0].Items[0].Answer
	wrong := (right + 1) % len(ids)
	for _, click := range []struct {
		user   string
		option int
	}{{"501", wrong}, {"501", right}, {"502", wrong}} { // 501 changes to the right answer
		id, token := fake.SendInteraction(fakediscord.InteractionSpec{Type: 3, CustomID: ids[click.option], GuildID: "100", ChannelID: "200", UserID: click.user, Username: "user" + click.user})
		if _, err := fake.WaitFor(ctx, fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback")); err != nil {
			t.Fatal(err)
		}
	}
	reveal, err := fake.WaitFor(ctx, channelPosts(fake, "1 of 2 answered right"))
	if err != nil {
		t.Fatalf("no reveal with the count: %v", err)
	}
	if !strings.Contains(string(reveal.Body), "passage ") {
		t.Errorf("the reveal does not quote its source: %s", reveal.Body)
	}
	over, err := fake.WaitFor(ctx, channelPosts(fake, "Quiz over"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(over.Body), "user501 — 1 right of 1") {
		t.Errorf("leaderboard: %s", over.Body)
	}
	// The channel's leaderboard is kept.
	id, token = fake.SendInteraction(fakediscord.InteractionSpec{Name: "quiz", GuildID: "100", ChannelID: "200",
		Options: []fakediscord.Option{fakediscord.SubcommandOption("leaderboard")}})
	cb, err = fake.WaitFor(ctx, fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback"))
	if err != nil || !strings.Contains(string(cb.Body), "user501") {
		t.Errorf("/quiz leaderboard: %s %v", cb.Body, err)
	}
	// The member who missed a question can review it, privately.
	id, token = fake.SendInteraction(fakediscord.InteractionSpec{Name: "quiz", GuildID: "100", ChannelID: "200", UserID: "502",
		Options: []fakediscord.Option{fakediscord.SubcommandOption("review")}})
	cb, err = fake.WaitFor(ctx, fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback"))
	if err != nil || !strings.Contains(string(cb.Body), "**Review**") || !strings.Contains(string(cb.Body), `"flags":64`) {
		t.Errorf("/quiz review: %s %v", cb.Body, err)
	}
	checkLimits(t, fake)
}

func TestQuizResumesAfterRestart(t *testing.T) {
	fake := fakediscord.New(t)
	lib := openLibrary(t)
	stop := startQuizBot(t, fake, lib)
	ctx := waitCtx(t)
	sendQuizStart(fake, 2, 3)
	if _, err := fake.WaitFor(ctx, channelPosts(fake, "Question 1 of 2")); err != nil {
		t.Fatal(err)
	}
	stop() // the bot stops mid-question
	runQuizBot(t, fake, lib)
	if _, err := fake.WaitFor(ctx, channelPosts(fake, "the quiz goes on")); err != nil {
		t.Fatalf("not resumed: %v", err)
	}
	if _, err := fake.WaitFor(ctx, channelPosts(fake, "Question 2 of 2")); err != nil {
		t.Fatal(err)
	}
	if _, err := fake.WaitFor(ctx, channelPosts(fake, "Quiz over")); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Requests(channelPosts(fake, "answered right"))); n != 2 {
		t.Errorf("%d reveals, want 2 (each question revealed once)", n)
	}
	open, _ := lib.OpenSessions(context.Background())
	if len(open) != 0 {
		t.Errorf("%d sessions still open after the quiz ended", len(open))
	}
}

// TestQuizRevealCitesAsAnswers checks that a quiz item stored with a source older than its
// passage's metadata (here, another title) is revealed with the passage's citation as answers
// give it now.
func TestQuizRevealCitesAsAnswers(t *testing.T) {
	fake := fakediscord.New(t)
	lib := openLibrary(t)
	items := quizItems(t)
	it := items[0]
	want := bot.Citation(it.Source.Passage())
	it.Source.Title = "An Old Title"
	if _, _, err := lib.AddItems(context.Background(), []quiz.Item{it}); err != nil {
		t.Fatal(err)
	}
	if err := lib.SetItemStatus(context.Background(), it.ID, quiz.Approved); err != nil {
		t.Fatal(err)
	}
	startQuizBot(t, fake, lib)
	ctx := waitCtx(t)
	sendQuizStart(fake, 1, 1)
	reveal, err := fake.WaitFor(ctx, channelPosts(fake, "answered right"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ Content string }
	if err := json.Unmarshal(reveal.Body, &m); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.Content, "An Old Title") || !strings.Contains(m.Content, want) {
		t.Errorf("reveal %q, want the citation %q", m.Content, want)
	}
}

// heldItems is a QuizStore whose Items calls each say so on entered and then wait for
// release, so that a test can act while a quiz is being set up; resumed is closed when the
// bot has looked for quizzes to resume, the last thing it does before serving.
type heldItems struct {
	QuizStore
	entered chan struct{}
	release chan struct{}
	resumed chan struct{}
	once    sync.Once
}

func newHeldItems(q QuizStore) *heldItems {
	return &heldItems{QuizStore: q, entered: make(chan struct{}, 2), release: make(chan struct{}), resumed: make(chan struct{})}
}

func (h *heldItems) OpenSessions(ctx context.Context) ([]*quiz.Session, error) {
	defer h.once.Do(func() { close(h.resumed) })
	return h.QuizStore.OpenSessions(ctx)
}

func (h *heldItems) Items(ctx context.Context, status quiz.Status) ([]quiz.Item, error) {
	h.entered <- struct{}{}
	<-h.release
	return h.QuizStore.Items(ctx, status)
}

// TestQuizStartedTwiceRunsOnce checks that a second /quiz start in a channel whose first quiz
// is still being set up (a double submit, or two trainers at once) is told a quiz is running:
// both were announced, both sessions saved, and the one that did not run stayed open in the
// library, to be announced as resumed at every restart.
func TestQuizStartedTwiceRunsOnce(t *testing.T) {
	fake, lib, held := startHeldQuizBot(t)
	ctx := waitCtx(t)
	sendQuizStart(fake, 1, 60)
	select {
	case <-held.entered: // the first quiz is being set up
	case <-ctx.Done():
		t.Fatal("the first /quiz start never looked for questions")
	}
	id, token := sendQuizStart(fake, 1, 60)
	second := make(chan fakediscord.Request, 1)
	go func() {
		cb, _ := fake.WaitFor(ctx, fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback"))
		second <- cb
	}()
	select {
	case cb := <-second:
		if !strings.Contains(string(cb.Body), "already running") {
			t.Errorf("second /quiz start answered %s; want that a quiz is already running", cb.Body)
		}
	case <-held.entered:
		t.Error("a second quiz was set up in a channel whose first quiz was being set up")
	}
	close(held.release)
	if _, err := fake.WaitFor(ctx, channelPosts(fake, "Question 1 of 1")); err != nil {
		t.Fatal(err)
	}
	if announced := fake.Requests(channelPosts(fake, "**Quiz:**")); len(announced) != 1 {
		t.Errorf("%d quizzes announced, want 1", len(announced))
	}
	if open, err := lib.OpenSessions(context.Background()); err != nil || len(open) != 1 {
		t.Errorf("%d open sessions (%v), want 1", len(open), err)
	}
}

// TestLeaderboardNamesArePlainText checks that a member's display name, which the member
// chooses, is shown in the public leaderboard as text: a nickname holding a masked link, a
// spoiler, a mention or a right-to-left override was rendered as such (a phishing link under
// the bot's name, or the rest of the line shown reversed).
func TestLeaderboardNamesArePlainText(t *testing.T) {
	name := "[Free Nitro](http://evil.example) ||x|| <@&1> \u202Eevil"
	text := leaderboardText("Leaderboard", []quiz.Score{{Member: "501", Name: name, Right: 1, Answered: 2}})
	for _, s := range []string{"[Free", "](http", "||", "<@&", "\u202E"} {
		if rendered(text, s) {
			t.Errorf("the name's %q is rendered: %s", s, text)
		}
	}
	if got := strings.ReplaceAll(text, `\`, ""); !strings.Contains(got, "1. [Free Nitro](http://evil.example) ||x|| <@&1> evil — 1 right of 2") {
		t.Errorf("the name does not read as chosen: %s", got)
	}
}

// TestQuizStartedAtShutdownResumes checks that a /quiz start still being set up when the bot
// is told to stop does not start its quiz after the bot has stopped its quizzes: it is kept,
// as running quizzes are, and carried on at the next start. It started once the bot had
// waited for its quizzes, posting a question from a bot shutting down and adding to a wait
// group already waited on.
func TestQuizStartedAtShutdownResumes(t *testing.T) {
	fake := fakediscord.New(t)
	lib := openLibrary(t)
	held := newHeldItems(lib)
	b, err := New(Config{Token: "t", APIURL: fake.URL(), AdminRoles: []string{"Maintainers"},
		Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))}, answerer(t), lib, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.EnableQuizzes(held)
	runCtx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- b.Run(runCtx) }()
	ctx := waitCtx(t)
	select {
	case <-held.resumed: // serving
	case <-ctx.Done():
		t.Fatal("the bot did not start serving")
	}
	sendAdminGuild(fake)
	sendQuizStart(fake, 1, 1)
	select {
	case <-held.entered:
	case <-ctx.Done():
		t.Fatal("/quiz start never looked for questions")
	}
	cancel()
	for !b.closing.Load() {
		select {
		case <-ctx.Done():
			t.Fatal("the bot did not begin shutting down")
		case <-time.After(10 * time.Millisecond):
		}
	}
	close(held.release)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-ctx.Done():
		t.Fatal("Run did not return")
	}
	runQuizBot(t, fake, lib) // the next start
	if _, err := fake.WaitFor(ctx, channelPosts(fake, "Quiz over")); err != nil {
		t.Fatalf("the quiz was not carried on at the next start: %v", err)
	}
	all := fake.Requests(channelPosts(fake, ""))
	goesOn, question := -1, []int{}
	for n, r := range all {
		switch {
		case strings.Contains(string(r.Body), "the quiz goes on"):
			goesOn = n
		case strings.Contains(string(r.Body), "Question 1 of 1"):
			question = append(question, n)
		}
	}
	if goesOn < 0 || len(question) != 1 || question[0] < goesOn {
		t.Errorf("question posted at %v, resumed at %d (of %d posts); want the question once, after the next start", question, goesOn, len(all))
	}
}

// TestQuizStartAcknowledgedBeforeChoosingQuestions checks that /quiz start is acknowledged
// before its questions are chosen, which with no approved items generates them from the whole
// corpus (seconds on a library of a few megabytes): it was answered only after, past Discord's
// 3 seconds, so that the trainer saw "The application did not respond" while the quiz started.
// The quiz is announced in the channel, and the trainer told privately that it started.
func TestQuizStartAcknowledgedBeforeChoosingQuestions(t *testing.T) {
	fake, _, held := startHeldQuizBot(t)
	ctx := waitCtx(t)
	id, token := sendQuizStart(fake, 1, 60)
	select {
	case <-held.entered: // choosing the questions
	case <-ctx.Done():
		t.Fatal("/quiz start never looked for questions")
	}
	// The fake records a request before answering it, so an acknowledgement is recorded by now.
	if acks := fake.Requests(fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback")); len(acks) == 0 {
		t.Error("the questions were chosen before /quiz start was acknowledged")
	}
	close(held.release)
	if _, err := fake.WaitFor(ctx, channelPosts(fake, "**Quiz:** 1 questions")); err != nil {
		t.Fatalf("the quiz was not announced in the channel: %v", err)
	}
	if _, err := fake.WaitFor(ctx, channelPosts(fake, "Question 1 of 1")); err != nil {
		t.Fatal(err)
	}
	told, err := fake.WaitFor(ctx, succeeded(fakediscord.Match("POST", "/webhooks/"+fakediscord.ApplicationID+"/"+token)))
	if err != nil {
		t.Fatalf("the trainer was not told: %v", err)
	}
	if !strings.Contains(content(told), "started") {
		t.Errorf("the trainer was told %q", content(told))
	}
}

// TestQuizInAChannelClosedToTheBot checks that a quiz started in a channel where the bot may
// not post (no Send Messages there) is not started, and the trainer is told why: it ran its
// questions unseen, each failing to post, with the trainer told it had started.
func TestQuizInAChannelClosedToTheBot(t *testing.T) {
	fake := fakediscord.New(t)
	lib := openLibrary(t)
	startQuizBot(t, fake, lib)
	ctx := waitCtx(t)
	fake.Fail("/channels/200/messages", 1, 403, 0)
	_, token := sendQuizStart(fake, 1, 60)
	told, err := fake.WaitFor(ctx, succeeded(fakediscord.Match("POST", "/webhooks/"+fakediscord.ApplicationID+"/"+token)))
	if err != nil {
		t.Fatalf("the trainer was not told: %v", err)
	}
	if c := content(told); !strings.Contains(c, "cannot post") {
		t.Errorf("the trainer was told %q; want that the bot cannot post in the channel", c)
	}
	if open, err := lib.OpenSessions(context.Background()); err != nil || len(open) != 0 {
		t.Errorf("%d quizzes running (%v), want none", len(open), err)
	}
}

// heldOpen is a QuizStore whose OpenSessions says so on entered and then waits for release,
// so that a test can act between the bot's start and its resuming of quizzes.
type heldOpen struct {
	QuizStore
	entered chan struct{}
	release chan struct{}
}

func (h *heldOpen) OpenSessions(ctx context.Context) ([]*quiz.Session, error) {
	close(h.entered)
	<-h.release
	return h.QuizStore.OpenSessions(ctx)
}

// signalLog is a log handler that closes seen at the first record with message msg and
// passes records of level Warn and above on to next.
type signalLog struct {
	next slog.Handler
	msg  string
	seen chan struct{}
	once *sync.Once
}

func (h signalLog) Enabled(context.Context, slog.Level) bool { return true }

func (h signalLog) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == h.msg {
		h.once.Do(func() { close(h.seen) })
	}
	if r.Level < slog.LevelWarn {
		return nil
	}
	return h.next.Handle(ctx, r)
}

func (h signalLog) WithAttrs(as []slog.Attr) slog.Handler {
	h.next = h.next.WithAttrs(as)
	return h
}

func (h signalLog) WithGroup(name string) slog.Handler {
	h.next = h.next.WithGroup(name)
	return h
}

// TestResumedQuizInABusyChannelIsFinished checks that a quiz to resume in a channel where a
// quiz was started since the bot started (before it resumed its quizzes) is marked finished,
// and "the quiz goes on" is not posted: it was skipped, said to go on, and stayed open in the
// library, to be said to go on at every start.
func TestResumedQuizInABusyChannelIsFinished(t *testing.T) {
	fake := fakediscord.New(t)
	lib := openLibrary(t)
	items := quizItems(t)
	old := quiz.NewSession("200-1", "200", "", items[:1], 60, time.Now())
	if err := lib.SaveSession(context.Background(), old); err != nil {
		t.Fatal(err)
	}
	held := &heldOpen{QuizStore: lib, entered: make(chan struct{}), release: make(chan struct{})}
	serving := make(chan struct{})
	b, err := New(Config{Token: "t", APIURL: fake.URL(), AdminRoles: []string{"Maintainers"},
		Logger: slog.New(signalLog{next: slog.NewTextHandler(testWriter{t}, nil), msg: "serving", seen: serving, once: &sync.Once{}})}, answerer(t), lib, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.EnableQuizzes(held)
	runBot(t, b)
	ctx := waitCtx(t)
	select {
	case <-held.entered: // started, resuming not done yet
	case <-ctx.Done():
		t.Fatal("the bot never looked for quizzes to resume")
	}
	sendAdminGuild(fake)
	sendQuizStart(fake, 1, 60)
	if _, err := fake.WaitFor(ctx, channelPosts(fake, "Question 1 of 1")); err != nil {
		t.Fatal(err)
	}
	close(held.release)
	select {
	case <-serving: // resuming done
	case <-ctx.Done():
		t.Fatal("the bot did not start serving")
	}
	if n := len(fake.Requests(channelPosts(fake, "the quiz goes on"))); n != 0 {
		t.Errorf("%d posts that the quiz goes on, want none: the quiz started since runs instead", n)
	}
	open, err := lib.OpenSessions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range open {
		if s.ID == old.ID {
			t.Errorf("the quiz not resumed, %s, is still open in the library", s.ID)
		}
	}
	if len(open) != 1 {
		t.Errorf("%d open sessions, want 1 (the quiz started since)", len(open))
	}
}

// TestQuizTopicIsBounded checks that /quiz start's topic has a maximum length in the command's
// definition, and that a topic no question matches is echoed cut short: it had no maximum,
// and was echoed whole in "no questions about …".
func TestQuizTopicIsBounded(t *testing.T) {
	var topic *discordgo.ApplicationCommandOption
	for _, sub := range quizCommand().Options {
		for _, o := range sub.Options {
			if sub.Name == "start" && o.Name == "topic" {
				topic = o
			}
		}
	}
	if topic == nil || topic.MaxLength < 1 || topic.MaxLength > maxTopic {
		t.Fatalf("/quiz start topic: %+v, want a maximum length of at most %d", topic, maxTopic)
	}
	fake := fakediscord.New(t)
	startQuizBot(t, fake, openLibrary(t))
	_, token := sendTrainerQuiz(fake, fakediscord.SubcommandOption("start", fakediscord.StringOption("topic", strings.Repeat("zyzzyva ", 500))))
	told, err := fake.WaitFor(waitCtx(t), succeeded(fakediscord.Match("POST", "/webhooks/"+fakediscord.ApplicationID+"/"+token)))
	if err != nil {
		t.Fatal(err)
	}
	if c := content(told); !strings.Contains(c, "no questions about") || length(c) > 100+maxTopic {
		t.Errorf("the trainer was told (%d characters): %s", length(c), c)
	}
}

// TestQuizImportErrorsStayInTheirBlock checks that the problems of a bank that holds ``` (here
// as a field's name, which the problems quote) are shown in one code block that the bank's
// backticks do not end: they closed it, and the rest of the list was rendered as markdown.
func TestQuizImportErrorsStayInTheirBlock(t *testing.T) {
	fake := fakediscord.New(t)
	startQuizBot(t, fake, openLibrary(t))
	bank := "items: []\n\"```\": 1\n\"# Heading\": 2\n"
	_, token := sendTrainerQuiz(fake, fakediscord.SubcommandOption("import", fakediscord.AttachmentOption("file", "bank.yaml", "application/yaml", []byte(bank))))
	told, err := fake.WaitFor(waitCtx(t), succeeded(fakediscord.Match("POST", "/webhooks/"+fakediscord.ApplicationID+"/"+token)))
	if err != nil {
		t.Fatal(err)
	}
	c := content(told)
	if !strings.Contains(c, "not imported") || !strings.Contains(c, "Heading") {
		t.Fatalf("the trainer was told: %s", c)
	}
	if n := strings.Count(c, "```"); n != 2 || !strings.HasSuffix(c, "\n```") {
		t.Errorf("%d fences in the reply, want one block around the problems:\n%s", n, c)
	}
	if got := strings.ReplaceAll(c, "\u200b", ""); !strings.Contains(got, "```") || !strings.Contains(got, "unknown field \"```\"") {
		t.Errorf("the problems do not read as written:\n%s", c)
	}
}

// TestQuizImportCountsRetiredItems checks that /quiz import counts apart, saying why, the items
// the library stores retired: a bank checked against the corpus the bot loaded, whose
// document the library no longer holds (here the bot's notices, which the library, holding
// no document, does not: it answers from the built-in corpus). They were counted as imported,
// though never listed nor asked. Imported again, the bank's items are stored already: none is
// new, the live one is said to be kept as it was, and the retired one is still said to be
// retired.
func TestQuizImportCountsRetiredItems(t *testing.T) {
	fake := fakediscord.New(t)
	lib := openLibrary(t)
	startQuizBot(t, fake, lib)
	bank := "items:\n" +
		"  - statement: The security forces must be effective in what they do.\n    answer: true\n    source: The security forces must be effective in what they do.\n" +
		"  - statement: The mess hall opens at midnight.\n    answer: false\n    source: \"@everyone the mess hall opens at noon for all ranks, @here too.\"\n"
	for _, want := range []string{
		"Imported 1 question from bank.yaml (1 new); 1 stored retired: its passage is no longer in the library (add the document `notices` again to bring it back).",
		"Imported 1 question from bank.yaml (0 new); 1 was stored already and is kept as it was, with its status; 1 stored retired: its passage is no longer in the library (add the document `notices` again to bring it back).",
	} {
		_, token := sendTrainerQuiz(fake, fakediscord.SubcommandOption("import", fakediscord.AttachmentOption("file", "bank.yaml", "application/yaml", []byte(bank))))
		told, err := fake.WaitFor(waitCtx(t), succeeded(fakediscord.Match("POST", "/webhooks/"+fakediscord.ApplicationID+"/"+token)))
		if err != nil {
			t.Fatal(err)
		}
		if got := content(told); got != want {
			t.Errorf("the trainer was told:\n%s\nwant:\n%s", got, want)
		}
	}
	approved, err := lib.Items(context.Background(), quiz.Approved)
	if err != nil {
		t.Fatal(err)
	}
	if len(approved) != 1 || approved[0].Source.DocumentID != "chuter-governance-and-the-security-sector" {
		t.Errorf("approved items %+v, want the built-in corpus's one", approved)
	}
}

// TestImportedText checks the words of /quiz import's reply: singular and plural, the items
// stored already said to be kept as they were, the documents of retired items named each once, the first few only, and the retired items of
// the built-in corpus said apart.
func TestImportedText(t *testing.T) {
	builtin := corpus.Builtin()[0].ID
	of := func(docs ...string) []quiz.Item {
		var out []quiz.Item
		for _, d := range docs {
			out = append(out, quiz.Item{Source: quiz.Source{DocumentID: d}})
		}
		return out
	}
	tests := []struct {
		total, added int
		retired      []quiz.Item
		want         string
	}{
		{12, 2, nil, "Imported 12 questions from b.yaml (2 new); 10 were stored already and are kept as they were, with their status."},
		{1, 1, nil, "Imported 1 question from b.yaml (1 new)."},
		{1, 0, nil, "Imported 1 question from b.yaml (0 new); 1 was stored already and is kept as it was, with its status."},
		{15, 12, of("a", "b", "a"), "Imported 12 questions from b.yaml (12 new); 3 stored retired: their passage is no longer in the library (add the documents `a` and `b` again to bring them back)."},
		{3, 0, of("a", "a", "a"), "Imported 0 questions from b.yaml (0 new); 3 stored retired: their passage is no longer in the library (add the document `a` again to bring them back)."},
		{7, 0, of("a", "b", "c", "d", "e", "f", "g"), "Imported 0 questions from b.yaml (0 new); 7 stored retired: their passage is no longer in the library (add the documents `a`, `b`, `c`, `d` and 3 more again to bring them back)."},
		{4, 1, of(builtin, "a", builtin), "Imported 1 question from b.yaml (1 new); 1 stored retired: its passage is no longer in the library (add the document `a` again to bring it back); " +
			"2 stored retired: their passage is the built-in corpus's, from which answers come no more, the library holding documents now."},
	}
	for _, tt := range tests {
		if got := importedText("b.yaml", tt.total, tt.added, tt.retired); got != tt.want {
			t.Errorf("importedText(%d, %d, %d retired):\n%s\nwant:\n%s", tt.total, tt.added, len(tt.retired), got, tt.want)
		}
	}
}

// TestQuizTopicWithoutWords checks that a /quiz start topic holding no word ("😀") is refused,
// privately, rather than matching every question as no topic does.
func TestQuizTopicWithoutWords(t *testing.T) {
	fake := fakediscord.New(t)
	startQuizBot(t, fake, openLibrary(t))
	id, token := sendTrainerQuiz(fake, fakediscord.SubcommandOption("start", fakediscord.StringOption("topic", "😀")))
	cb, err := fake.WaitFor(waitCtx(t), fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback"))
	if err != nil || !strings.Contains(string(cb.Body), "holds no word to look for") {
		t.Fatalf("/quiz start with an emoji topic: %s %v", cb.Body, err)
	}
	short, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := fake.WaitFor(short, channelPosts(fake, "Question 1")); err == nil {
		t.Error("a quiz started")
	}
}

package fakediscord_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/doctrinebot/doctrinebot/internal/fakediscord"
)

// waitTimeout bounds every wait in these tests.
const waitTimeout = 10 * time.Second

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	t.Cleanup(cancel)
	return ctx
}

// connect opens a real discordgo session against fake with the given
// intents; register handlers in setup, which runs before Open.
func connect(t *testing.T, fake *fakediscord.Server, intents discordgo.Intent, setup func(*discordgo.Session)) *discordgo.Session {
	t.Helper()
	s, err := discordgo.New("Bot test-token")
	if err != nil {
		t.Fatal(err)
	}
	s.Client = &http.Client{Transport: fakediscord.RewriteTransport(nil, fake.URL()), Timeout: waitTimeout}
	s.Identify.Intents = intents
	if setup != nil {
		setup(s)
	}
	if err := s.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		// discordgo's heartbeat goroutine can race Close into a reconnect;
		// without this it would keep dialling a server that is gone.
		s.Lock()
		s.ShouldReconnectOnError = false
		s.Unlock()
		s.Close()
	})
	return s
}

// receive waits for one value from ch.
func receive[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(waitTimeout):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

func TestOpenReceivesReady(t *testing.T) {
	t.Parallel()
	fake := fakediscord.New(t)
	ready := make(chan *discordgo.Ready, 1)
	s := connect(t, fake, discordgo.IntentsGuildMessages, func(s *discordgo.Session) {
		s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { ready <- r })
	})
	r := receive(t, ready, "READY")
	if r.User == nil || r.User.ID != fakediscord.BotUserID || !r.User.Bot {
		t.Errorf("READY user = %+v, want bot %s", r.User, fakediscord.BotUserID)
	}
	if r.Application == nil || r.Application.ID != fakediscord.ApplicationID || r.SessionID == "" {
		t.Errorf("READY application = %+v, session %q", r.Application, r.SessionID)
	}
	if r.Version != 9 {
		t.Errorf("READY v = %d, want 9 (discordgo's APIVersion)", r.Version)
	}

	st, err := fake.WaitGateway(testContext(t), func(st fakediscord.GatewayStats) bool { return st.Heartbeats > 0 })
	if err != nil {
		t.Fatal(err)
	}
	if st.Identifies != 1 || st.Dials != 1 || st.Query.Get("encoding") != "json" {
		t.Errorf("gateway stats = %+v", st)
	}
	if !strings.Contains(string(st.LastIdentify), `"intents":512`) {
		t.Errorf("IDENTIFY = %s, want intents 512", st.LastIdentify)
	}
	if got := fake.Connections(); got != 1 {
		t.Errorf("Connections() = %d, want 1", got)
	}
	if got := fake.Requests(fakediscord.Match("GET", "/gateway")); len(got) != 1 || got[0].Version != "9" {
		t.Errorf("gateway requests = %+v", got)
	}

	me, err := s.User("@me")
	if err != nil || me.ID != fakediscord.BotUserID {
		t.Errorf("User(@me) = %+v, %v", me, err)
	}
}

func TestInteractionRespondAndFollowUp(t *testing.T) {
	t.Parallel()
	fake := fakediscord.New(t)
	got := make(chan *discordgo.InteractionCreate, 1)
	s := connect(t, fake, discordgo.IntentsGuilds, func(s *discordgo.Session) {
		s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { got <- i })
	})

	id, token := fake.SendInteraction(fakediscord.InteractionSpec{
		Name:      "ask",
		GuildID:   "300",
		ChannelID: "400",
		UserID:    "500",
		RoleIDs:   []string{"600"},
		Options: []fakediscord.Option{
			fakediscord.StringOption("question", "What is grace?"),
			fakediscord.BoolOption("public", true),
			fakediscord.AttachmentOption("file", "notes.txt", "text/plain", []byte("hello")),
		},
	})
	i := receive(t, got, "INTERACTION_CREATE")
	if i.ID != id || i.Token != token || i.AppID != fakediscord.ApplicationID || i.Type != discordgo.InteractionApplicationCommand {
		t.Fatalf("interaction = %+v", i.Interaction)
	}
	if i.GuildID != "300" || i.ChannelID != "400" || i.Member == nil || i.Member.User.ID != "500" || i.Member.Roles[0] != "600" {
		t.Errorf("interaction place/member = %q %q %+v", i.GuildID, i.ChannelID, i.Member)
	}
	data := i.ApplicationCommandData()
	if data.Name != "ask" || data.GetOption("question").StringValue() != "What is grace?" || !data.GetOption("public").BoolValue() {
		t.Errorf("command data = %+v", data)
	}
	att := data.Resolved.Attachments[data.GetOption("file").Value.(string)]
	if att == nil || att.Filename != "notes.txt" {
		t.Fatalf("resolved attachment = %+v", data.Resolved)
	}
	resp, err := s.Client.Get(att.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "hello" {
		t.Errorf("attachment body = %q", body)
	}

	err = s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral},
	})
	if err != nil {
		t.Fatalf("InteractionRespond: %v", err)
	}
	content := "Grace is unmerited favour."
	edited, err := s.InteractionResponseEdit(i.Interaction, &discordgo.WebhookEdit{Content: &content})
	if err != nil || edited.Content != content || edited.Flags&discordgo.MessageFlagsLoading != 0 {
		t.Fatalf("InteractionResponseEdit = %+v, %v", edited, err)
	}
	msg, err := s.FollowupMessageCreate(i.Interaction, true, &discordgo.WebhookParams{
		Content:         "Source: Catechism, Q. 33",
		AllowedMentions: &discordgo.MessageAllowedMentions{},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "More", CustomID: "more:1", Style: discordgo.PrimaryButton},
		}}},
	})
	if err != nil {
		t.Fatalf("FollowupMessageCreate: %v", err)
	}
	if msg.ID == "" || msg.ChannelID != "400" || msg.Content != "Source: Catechism, Q. 33" || len(msg.Components) != 1 {
		t.Errorf("follow-up = %+v", msg)
	}

	callback, err := fake.WaitFor(testContext(t), fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback"))
	if err != nil {
		t.Fatal(err)
	}
	var ir discordgo.InteractionResponse
	if err := callback.Decode(&ir); err != nil {
		t.Fatal(err)
	}
	if callback.Status != http.StatusNoContent || ir.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || ir.Data.Flags != discordgo.MessageFlagsEphemeral {
		t.Errorf("callback = %d %+v", callback.Status, ir)
	}
	if h := callback.Header.Get("Authorization"); h != "Bot test-token" {
		t.Errorf("callback Authorization = %q", h)
	}
	followups := fake.Requests(fakediscord.Match("POST", "/webhooks/"+fakediscord.ApplicationID+"/"+token))
	if len(followups) != 1 || followups[0].Query.Get("wait") != "true" {
		t.Fatalf("follow-ups = %+v", followups)
	}
	fb := followups[0].Object()
	if fb["content"] != "Source: Catechism, Q. 33" || fb["allowed_mentions"] == nil {
		t.Errorf("follow-up body = %v", fb)
	}

	// A second response to the same interaction is refused as Discord does.
	err = s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Message == nil || rest.Message.Code != 40060 {
		t.Errorf("second InteractionRespond error = %v, want code 40060", err)
	}

	// A button on the follow-up carries the stored message.
	_, token2 := fake.SendInteraction(fakediscord.InteractionSpec{
		Type: fakediscord.InteractionMessageComponent, CustomID: "more:1", MessageID: msg.ID,
		ChannelID: "400", UserID: "500",
	})
	click := receive(t, got, "component INTERACTION_CREATE")
	if click.Token != token2 || click.MessageComponentData().CustomID != "more:1" || click.Message == nil || click.Message.ID != msg.ID || click.User == nil {
		t.Errorf("component interaction = %+v", click.Interaction)
	}
	err = s.InteractionRespond(click.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: "More: Q. 34"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := fake.Message(msg.ID); m["content"] != "More: Q. 34" {
		t.Errorf("updated message = %v", m)
	}
}

func TestRateLimitSurfacesToCaller(t *testing.T) {
	t.Parallel()
	fake := fakediscord.New(t)
	s := connect(t, fake, discordgo.IntentsGuildMessages, nil)
	s.ShouldRetryOnRateLimit = false
	fake.SetChannel(fakediscord.ChannelSpec{ID: "10", GuildID: "20", Type: fakediscord.ChannelText})

	const retryAfter = 150 * time.Millisecond
	fake.Fail("/channels/10/messages", 1, http.StatusTooManyRequests, retryAfter)
	_, err := s.ChannelMessageSend("10", "first")
	var rl *discordgo.RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("ChannelMessageSend error = %v, want *discordgo.RateLimitError", err)
	}
	if rl.RetryAfter != retryAfter {
		t.Errorf("RetryAfter = %v, want %v", rl.RetryAfter, retryAfter)
	}

	start := time.Now()
	m, err := s.ChannelMessageSend("10", "second")
	if err != nil {
		t.Fatalf("ChannelMessageSend after 429: %v", err)
	}
	if waited := time.Since(start); waited < retryAfter/2 {
		t.Errorf("discordgo waited %v after the 429, want about %v (X-RateLimit-Reset-After)", waited, retryAfter)
	}
	if m.Content != "second" || m.GuildID != "20" || m.Author.ID != fakediscord.BotUserID {
		t.Errorf("message = %+v", m)
	}

	fake.Fail("/channels/10/messages", 1, http.StatusInternalServerError, 0)
	_, err = s.ChannelMessageSend("10", "third")
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Response.StatusCode != http.StatusInternalServerError {
		t.Errorf("error after 500 injection = %v", err)
	}

	posts := fake.Requests(fakediscord.Match("POST", "/channels/10/messages"))
	var statuses []int
	for _, p := range posts {
		statuses = append(statuses, p.Status)
	}
	if want := []int{429, 200, 500}; !equal(statuses, want) {
		t.Errorf("statuses = %v, want %v", statuses, want)
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestReconnectResumesAndReplays(t *testing.T) {
	t.Parallel()
	fake := fakediscord.New(t)
	messages := make(chan *discordgo.MessageCreate, 4)
	resumed := make(chan *discordgo.Resumed, 2)
	interactions := make(chan *discordgo.InteractionCreate, 1)
	connect(t, fake, discordgo.IntentsGuildMessages|discordgo.IntentMessageContent, func(s *discordgo.Session) {
		s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { messages <- m })
		s.AddHandler(func(_ *discordgo.Session, r *discordgo.Resumed) { resumed <- r })
		s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { interactions <- i })
	})
	ctx := testContext(t)

	fake.SendMessage(fakediscord.MessageSpec{ChannelID: "1", GuildID: "2", Content: "before"})
	if m := receive(t, messages, "first MESSAGE_CREATE"); m.Content != "before" {
		t.Errorf("content = %q", m.Content)
	}

	fake.Disconnect()
	if got := fake.Connections(); got != 0 {
		t.Errorf("Connections() after Disconnect = %d", got)
	}
	// Sent while the client is away: kept and replayed on RESUME.
	fake.SendMessage(fakediscord.MessageSpec{ChannelID: "1", GuildID: "2", Content: "while away"})

	if err := fake.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	receive(t, resumed, "RESUMED")
	if m := receive(t, messages, "replayed MESSAGE_CREATE"); m.Content != "while away" {
		t.Errorf("replayed content = %q", m.Content)
	}
	st := fake.Gateway()
	if st.Identifies != 1 || st.Resumes != 1 || st.Dials != 2 {
		t.Errorf("gateway stats after reconnect = %+v", st)
	}

	id, _ := fake.SendInteraction(fakediscord.InteractionSpec{Name: "ask", ChannelID: "1"})
	if i := receive(t, interactions, "INTERACTION_CREATE after reconnect"); i.ID != id || i.User == nil {
		t.Errorf("interaction after reconnect = %+v", i.Interaction)
	}
}

func TestOpReconnectResumes(t *testing.T) {
	t.Parallel()
	fake := fakediscord.New(t)
	ready := make(chan *discordgo.Ready, 2)
	connect(t, fake, discordgo.IntentsGuildMessages, func(s *discordgo.Session) {
		s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { ready <- r })
	})
	receive(t, ready, "READY")
	// op 7 RECONNECT: discordgo closes with 1012 and resumes.
	fake.Reconnect()
	if _, err := fake.WaitGateway(testContext(t), func(st fakediscord.GatewayStats) bool { return st.Resumes == 1 }); err != nil {
		t.Fatal(err)
	}
	if err := fake.WaitReady(testContext(t)); err != nil {
		t.Fatal(err)
	}
	if st := fake.Gateway(); st.Identifies != 1 {
		t.Errorf("identifies after op 7 = %d, want 1", st.Identifies)
	}
}

func TestMessageCreateFollowsIntents(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		intents     discordgo.Intent
		spec        fakediscord.MessageSpec
		wantContent string
		withheld    bool
	}{
		{"guild, no content intent", discordgo.IntentsGuildMessages,
			fakediscord.MessageSpec{ChannelID: "1", GuildID: "2", Content: "hi"}, "", false},
		{"guild, mentions bot", discordgo.IntentsGuildMessages,
			fakediscord.MessageSpec{ChannelID: "1", GuildID: "2", Content: "<@" + fakediscord.BotUserID + "> hi", Mentions: []string{fakediscord.BotUserID}},
			"<@" + fakediscord.BotUserID + "> hi", false},
		{"guild, content intent", discordgo.IntentsGuildMessages | discordgo.IntentMessageContent,
			fakediscord.MessageSpec{ChannelID: "1", GuildID: "2", Content: "hi"}, "hi", false},
		{"DM without content intent", discordgo.IntentsDirectMessages,
			fakediscord.MessageSpec{ChannelID: "9", Content: "hi"}, "hi", false},
		{"DM without DM intent", discordgo.IntentsGuildMessages | discordgo.IntentMessageContent,
			fakediscord.MessageSpec{ChannelID: "9", Content: "hi"}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := fakediscord.New(t)
			got := make(chan *discordgo.MessageCreate, 1)
			connect(t, fake, tt.intents, func(s *discordgo.Session) {
				s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { got <- m })
			})
			id := fake.SendMessage(tt.spec)
			if tt.withheld {
				if st := fake.Gateway(); st.Withheld != 1 {
					t.Errorf("Withheld = %d, want 1", st.Withheld)
				}
				return
			}
			m := receive(t, got, "MESSAGE_CREATE")
			if m.ID != id || m.Content != tt.wantContent || m.Author.ID != fakediscord.DefaultUserID {
				t.Errorf("message = %+v, want id %s content %q", m.Message, id, tt.wantContent)
			}
		})
	}
}

func TestThreadsAndChannels(t *testing.T) {
	t.Parallel()
	fake := fakediscord.New(t)
	got := make(chan *discordgo.MessageCreate, 1)
	s := connect(t, fake, discordgo.IntentsGuildMessages|discordgo.IntentMessageContent, func(s *discordgo.Session) {
		s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { got <- m })
	})
	fake.SendGuildCreate(fakediscord.GuildSpec{
		ID: "2", Roles: []fakediscord.RoleSpec{{ID: "7", Name: "Elder", Permissions: discordgo.PermissionManageMessages}},
		Channels: []fakediscord.ChannelSpec{{ID: "1", Type: fakediscord.ChannelText, Name: "questions"}},
	})
	id := fake.SendMessage(fakediscord.MessageSpec{ChannelID: "1", GuildID: "2", Content: "Is the law good?", RoleIDs: []string{"7"}})
	m := receive(t, got, "MESSAGE_CREATE")
	if m.Member == nil || len(m.Member.Roles) != 1 {
		t.Errorf("member = %+v", m.Member)
	}
	if _, err := s.State.Role("2", "7"); err != nil {
		t.Errorf("state role after GUILD_CREATE: %v", err)
	}

	th, err := s.MessageThreadStart("1", id, "Is the law good?", 60)
	if err != nil {
		t.Fatalf("MessageThreadStart: %v", err)
	}
	if th.ID != id || th.ParentID != "1" || th.Type != discordgo.ChannelTypeGuildPublicThread || th.GuildID != "2" {
		t.Errorf("thread = %+v", th)
	}
	ch, err := s.Channel(th.ID)
	if err != nil || ch.ParentID != "1" || !ch.IsThread() {
		t.Errorf("Channel(thread) = %+v, %v", ch, err)
	}
	reply, err := s.ChannelMessageSendReply(th.ID, "Yes.", m.Reference())
	if err != nil || reply.ChannelID != th.ID || reply.MessageReference == nil || reply.MessageReference.MessageID != id {
		t.Errorf("reply in thread = %+v, %v", reply, err)
	}
	other, err := s.ThreadStartComplex("1", &discordgo.ThreadStart{Name: "side", Type: discordgo.ChannelTypeGuildPublicThread})
	if err != nil || other.ParentID != "1" || other.Type != discordgo.ChannelTypeGuildPublicThread {
		t.Errorf("ThreadStartComplex = %+v, %v", other, err)
	}
	withFile, err := s.ChannelMessageSendComplex(th.ID, &discordgo.MessageSend{
		Content: "Notes attached.",
		Files:   []*discordgo.File{{Name: "notes.md", ContentType: "text/markdown", Reader: strings.NewReader("# Law")}},
	})
	if err != nil || len(withFile.Attachments) != 1 || withFile.Attachments[0].Filename != "notes.md" {
		t.Fatalf("message with file = %+v, %v", withFile, err)
	}
	posts := fake.Requests(fakediscord.Match("POST", "/channels/"+th.ID+"/messages"))
	upload := posts[len(posts)-1]
	if upload.Object()["content"] != "Notes attached." || len(upload.Files) != 1 || string(upload.Files[0].Data) != "# Law" {
		t.Errorf("recorded upload = body %s, files %+v", upload.Body, upload.Files)
	}
	if err := s.MessageReactionAdd("1", id, "👍"); err != nil {
		t.Errorf("MessageReactionAdd: %v", err)
	}
	if _, err := s.Channel("404"); err == nil {
		t.Error("Channel(unknown) succeeded")
	}
}

func TestCommandsBulkOverwrite(t *testing.T) {
	t.Parallel()
	fake := fakediscord.New(t)
	s := connect(t, fake, discordgo.IntentsGuilds, nil)
	cmds := []*discordgo.ApplicationCommand{
		{Name: "ask", Description: "Ask a question", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true},
		}},
		{Name: "quiz", Description: "Start a quiz"},
	}
	for _, guild := range []string{"", "2"} {
		got, err := s.ApplicationCommandBulkOverwrite(s.State.User.ID, guild, cmds)
		if err != nil {
			t.Fatalf("BulkOverwrite(guild %q): %v", guild, err)
		}
		if len(got) != 2 || got[0].ID == "" || got[0].ApplicationID != fakediscord.ApplicationID || got[0].GuildID != guild {
			t.Errorf("BulkOverwrite(guild %q) = %+v", guild, got[0])
		}
	}
	// The interaction carries the id the command was given.
	listed, err := s.ApplicationCommands(fakediscord.ApplicationID, "")
	if err != nil || len(listed) != 2 {
		t.Fatalf("ApplicationCommands = %v, %v", listed, err)
	}

	_, err = s.ApplicationCommandBulkOverwrite(fakediscord.ApplicationID, "", []*discordgo.ApplicationCommand{{Name: "Ask", Description: "x"}})
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Response.StatusCode != http.StatusBadRequest {
		t.Errorf("upper-case command name: error = %v, want 400", err)
	}
}

func TestUnknownRouteAndDelay(t *testing.T) {
	t.Parallel()
	fake := fakediscord.New(t)
	s, err := discordgo.New("Bot test-token")
	if err != nil {
		t.Fatal(err)
	}
	s.Client = &http.Client{Transport: fakediscord.RewriteTransport(nil, fake.URL()), Timeout: waitTimeout}

	_, err = s.Request("GET", discordgo.EndpointAPI+"no/such/route", nil)
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Response.StatusCode != http.StatusNotFound {
		t.Errorf("unknown route error = %v", err)
	}
	if got := fake.Requests(fakediscord.Match("GET", "/no/such/route")); len(got) != 1 || got[0].Status != 404 {
		t.Errorf("recorded = %+v", got)
	}

	fake.Delay("/users/@me", time.Minute)
	s.Client.Timeout = 100 * time.Millisecond
	if _, err := s.User("@me"); err == nil {
		t.Error("User(@me) under a one-minute delay succeeded within 100ms")
	}
	fake.Delay("/users/@me", 0)
	s.Client.Timeout = waitTimeout
	if _, err := s.User("@me"); err != nil {
		t.Errorf("User(@me) after removing the delay: %v", err)
	}
}

func TestRewriteTransport(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"https://discord.com/api/v9/users/@me?x=1", "/api/v9/users/@me?x=1"},
		{"http://example.invalid/gateway", "/gateway"},
	}
	var seen []string
	srv := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = append(seen, r.URL.RequestURI()) })
	origin := httptest.NewServer(srv)
	t.Cleanup(origin.Close)
	client := &http.Client{Transport: fakediscord.RewriteTransport(nil, origin.URL)}
	for _, tt := range tests {
		resp, err := client.Get(tt.in)
		if err != nil {
			t.Fatalf("Get(%s): %v", tt.in, err)
		}
		resp.Body.Close()
	}
	for i, tt := range tests {
		if seen[i] != tt.want {
			t.Errorf("Get(%s) reached %s, want %s", tt.in, seen[i], tt.want)
		}
	}
	if _, err := (&http.Client{Transport: fakediscord.RewriteTransport(nil, "not a url")}).Get("http://x/"); err == nil {
		t.Error("bad origin: no error")
	}
}

// TestNothingOutlivesServer runs a session against a fake and checks that,
// once the fake's cleanup has run, none of its goroutines is left. It is not
// parallel, so the parallel tests' servers have not started yet.
func TestNothingOutlivesServer(t *testing.T) {
	t.Run("session", func(t *testing.T) {
		fake := fakediscord.New(t)
		got := make(chan *discordgo.InteractionCreate, 1)
		connect(t, fake, discordgo.IntentsGuilds, func(s *discordgo.Session) {
			s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { got <- i })
		})
		fake.SendInteraction(fakediscord.InteractionSpec{Name: "ask", ChannelID: "1"})
		receive(t, got, "INTERACTION_CREATE")
		// Leave a request hanging on the fake when the test ends.
		fake.Delay("/users/@me", time.Hour)
		go func() {
			if resp, err := http.Get(fake.URL() + "/api/v9/users/@me"); err == nil {
				resp.Body.Close()
			}
		}()
		if !eventually(func(stacks string) bool { return strings.Contains(stacks, "fakediscord.(*Server).wait(") }) {
			t.Fatal("the delayed request never reached the fake")
		}
	})
	if !eventually(func(stacks string) bool { return !strings.Contains(stacks, "fakediscord.(*") }) {
		t.Fatal("fakediscord goroutines left after cleanup")
	}
}

// eventually polls every goroutine's stack until cond holds, for up to 2 s.
func eventually(cond func(stacks string) bool) bool {
	buf := make([]byte, 1<<20)
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond(string(buf[:runtime.Stack(buf, true)])) {
			return true
		}
	}
	return false
}

func TestLateCallbackIsUnknownInteraction(t *testing.T) {
	t.Parallel()
	fake := fakediscord.New(t)
	fake.SetInteractionDeadline(time.Nanosecond)
	got := make(chan *discordgo.InteractionCreate, 1)
	s := connect(t, fake, discordgo.IntentsGuilds, func(s *discordgo.Session) {
		s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { got <- i })
	})
	fake.SendInteraction(fakediscord.InteractionSpec{Name: "ask", GuildID: "2", ChannelID: "1"})
	i := receive(t, got, "INTERACTION_CREATE")
	err := s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "too late"},
	})
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Message == nil || rest.Message.Code != 10062 {
		t.Errorf("late InteractionRespond error = %v, want Unknown interaction (10062)", err)
	}
}

// TestHold checks that a held request waits, unrecorded, until its Held is released, and
// then is answered and recorded; that the gateway's websocket upgrade is held as GET
// "/gateway" outside the API; and that requests no Held matches go on.
func TestHold(t *testing.T) {
	t.Parallel()
	fake := fakediscord.New(t)
	ctx := testContext(t)
	held := fake.Hold(fakediscord.Match("GET", "/users/@me"))
	upgrade := fake.Hold(func(r fakediscord.Request) bool { return r.Route == "/gateway" && r.Version == "" })
	s, err := discordgo.New("Bot test-token")
	if err != nil {
		t.Fatal(err)
	}
	s.Client = &http.Client{Transport: fakediscord.RewriteTransport(nil, fake.URL()), Timeout: waitTimeout}

	me := make(chan error, 1)
	go func() {
		_, err := s.User("@me")
		me <- err
	}()
	select {
	case <-held.Arrived():
	case <-ctx.Done():
		t.Fatal("the held request never arrived")
	}
	if got := fake.Requests(fakediscord.Match("GET", "/users/@me")); len(got) != 0 {
		t.Errorf("a held request was recorded: %+v", got)
	}
	if _, err := s.Channel("1"); err == nil {
		t.Error("GET /channels/1 of an unknown channel succeeded")
	}
	if got := fake.Requests(fakediscord.Match("GET", "/channels/1")); len(got) != 1 {
		t.Errorf("a request no Held matches was not answered at once: %+v", got)
	}
	held.Release()
	held.Release() // again: nothing
	if err := receive(t, me, "the released request"); err != nil {
		t.Errorf("User(@me) released: %v", err)
	}
	if got := fake.Requests(fakediscord.Match("GET", "/users/@me")); len(got) != 1 || got[0].Status != http.StatusOK {
		t.Errorf("the released request recorded as %+v", got)
	}

	t.Cleanup(func() {
		s.Lock()
		s.ShouldReconnectOnError = false
		s.Unlock()
		s.Close()
	})
	t.Cleanup(upgrade.Release) // before Close, which waits for Open
	opened := make(chan error, 1)
	go func() { opened <- s.Open() }()
	select {
	case <-upgrade.Arrived():
	case <-ctx.Done():
		t.Fatal("the websocket upgrade was never held")
	}
	if st := fake.Gateway(); st.Dials != 0 {
		t.Errorf("gateway stats %+v while the upgrade is held, want no dial", st)
	}
	upgrade.Release()
	if err := receive(t, opened, "Open"); err != nil {
		t.Fatalf("Open once the upgrade was released: %v", err)
	}
	if st := fake.Gateway(); st.Dials != 1 {
		t.Errorf("gateway stats %+v, want one dial", st)
	}
}

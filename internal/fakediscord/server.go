// Package fakediscord is an in-process fake of Discord's REST API and gateway
// for end-to-end tests of a bot built on github.com/bwmarrin/discordgo.
//
// A test starts one with [New], points discordgo at it and drives it:
//
//	fake := fakediscord.New(t)
//	s, _ := discordgo.New("Bot test-token")
//	s.Client = &http.Client{Transport: fakediscord.RewriteTransport(nil, fake.URL())}
//	s.Identify.Intents |= discordgo.IntentMessageContent
//	if err := s.Open(); err != nil { ... }
//	t.Cleanup(func() { // registered after New, so it runs first
//		s.Lock()
//		s.ShouldReconnectOnError = false
//		s.Unlock()
//		s.Close()
//	})
//
//	id, token := fake.SendInteraction(fakediscord.InteractionSpec{Name: "ask", ...})
//	req, err := fake.WaitFor(ctx, fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback"))
//
// The REST side serves the paths discordgo's endpoints.go builds, under
// /api/v{N}/ for any N (discordgo v0.29.0 uses v9). Every request is recorded
// as a [Request] before it is answered; [Server.Requests] and [Server.WaitFor]
// read the record. Routes are written in the record and in [Match],
// [Server.Fail] and [Server.Delay] without the /api/v{N} prefix, e.g.
// "/channels/42/messages". [Server.Hold] keeps the requests a test chooses
// waiting, the websocket upgrade included, until the test releases them: to
// act while a client waits for an answer.
//
// The gateway is served on the same origin at /gateway. GET /gateway hands
// discordgo a ws:// URL there; discordgo dials it directly, not through its
// http.Client, so the rewriting transport is only needed for REST. The fake
// sends HELLO, answers IDENTIFY with READY and RESUME with the missed
// dispatches then RESUMED, acknowledges heartbeats, and filters MESSAGE_CREATE
// by the intents the client identified with, as Discord does (no delivery
// without GUILD_MESSAGES or DIRECT_MESSAGES; empty content without
// MESSAGE_CONTENT unless the message is a DM, mentions the bot or is the bot's).
// Payloads are sent as uncompressed text frames even when the client asks
// for zlib, which discordgo accepts.
//
// Messages, channels and interactions the fake learns of are kept so that
// later calls can see them: a follow-up can be edited, GET channels/{id}
// returns a thread created earlier, a component interaction carries the
// message the bot sent. The fake does not echo the bot's own messages on the
// gateway.
//
// Everything the fake starts stops in t.Cleanup: the HTTP server, every
// gateway socket and the goroutines serving them. A discordgo session should
// be closed first (register its Close after calling New) with
// ShouldReconnectOnError turned off: discordgo v0.29.0's Close sleeps a
// second holding the session's lock, and a heartbeat that fires meanwhile
// fails on the closed socket and starts a reconnect loop that outlives the
// test. Close (and every reconnect) therefore takes a second.
package fakediscord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Identity of the bot the fake plays host to. Discord gives a bot user the
// same snowflake as its application, and so does the fake.
const (
	// ApplicationID is the application's snowflake, in READY, in every
	// interaction's application_id and expected in applications/{app}/... and
	// webhooks/{app}/{token} paths.
	ApplicationID = "1000000000000000001"
	// BotUserID is the bot user's snowflake (READY's user.id, users/@me, and
	// the author of every message the bot sends).
	BotUserID = ApplicationID
	// BotUsername is the bot user's username.
	BotUsername = "doctrinebot-test"
)

// DefaultHeartbeatInterval is the heartbeat_interval HELLO carries unless
// [Server.SetHeartbeatInterval] changes it; Discord's is about 41 s, a test
// wants discordgo's heartbeat goroutine to run often.
const DefaultHeartbeatInterval = time.Second

// DefaultWait bounds the Send* helpers' wait for a gateway session.
const DefaultWait = 10 * time.Second

// Server is a fake Discord: a REST API and a gateway on one 127.0.0.1 origin.
// Its methods are safe for concurrent use.
type Server struct {
	t    testing.TB
	http *httptest.Server
	mux  *http.ServeMux
	upg  websocket.Upgrader

	lastID atomic.Uint64

	// dispatchMu orders every write of a dispatch (op 0) so that sequence
	// numbers reach the client in order, including replays on RESUME.
	dispatchMu sync.Mutex

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced whenever anything below changes
	closed   bool
	done     chan struct{}
	handlers sync.WaitGroup // gateway handlers, which httptest forgets once hijacked

	requests []Request
	fails    []*failRule
	delays   map[string]time.Duration
	holds    []*Held

	heartbeat time.Duration
	deadline  time.Duration
	conns     map[*gwConn]struct{}
	sessions  map[string]*session
	current   *session
	stats     GatewayStats

	messages     map[string]map[string]any
	channels     map[string]ChannelSpec
	interactions map[string]*interactionState // by token
	attachments  map[string]attachmentFile    // by id
	commands     map[string][]any             // by route
}

// New starts a fake Discord on 127.0.0.1 and stops it in t.Cleanup.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{
		t:            t,
		mux:          http.NewServeMux(),
		upg:          websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }},
		changed:      make(chan struct{}),
		done:         make(chan struct{}),
		delays:       map[string]time.Duration{},
		heartbeat:    DefaultHeartbeatInterval,
		conns:        map[*gwConn]struct{}{},
		sessions:     map[string]*session{},
		messages:     map[string]map[string]any{},
		channels:     map[string]ChannelSpec{},
		interactions: map[string]*interactionState{},
		attachments:  map[string]attachmentFile{},
		commands:     map[string][]any{},
	}
	s.routes()
	s.http = httptest.NewServer(s.mux)
	t.Cleanup(s.close)
	return s
}

// URL returns the fake's origin, "http://127.0.0.1:PORT", for [RewriteTransport].
func (s *Server) URL() string { return s.http.URL }

// GatewayURL returns the gateway's websocket URL, "ws://127.0.0.1:PORT/gateway",
// as GET /gateway and READY's resume_gateway_url give it.
func (s *Server) GatewayURL() string { return "ws" + s.http.URL[len("http"):] + "/gateway" }

// SetHeartbeatInterval sets the heartbeat_interval that HELLO announces on
// connections made afterwards. discordgo reconnects when no ACK came for five
// intervals.
func (s *Server) SetHeartbeatInterval(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.heartbeat = d
}

// SetInteractionDeadline makes the fake refuse an interaction's callback that
// arrives more than d after the interaction was dispatched, with 404
// {"message": "Unknown interaction", "code": 10062} as Discord does after 3 s.
// Zero, the default, disables the check.
func (s *Server) SetInteractionDeadline(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deadline = d
}

func (s *Server) close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.done)
	for c := range s.conns {
		c.ws.Close()
	}
	s.broadcastLocked()
	s.mu.Unlock()
	s.handlers.Wait()
	s.http.Close()
}

// track registers a goroutine that must end before the server is closed; it
// reports false when the server is already closing.
func (s *Server) track() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.handlers.Add(1)
	return true
}

// broadcastLocked wakes every waiter; s.mu must be held.
func (s *Server) broadcastLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// ErrClosed is returned by waiting methods when the server stops first.
var ErrClosed = errors.New("fakediscord: server closed")

// waitUntil calls cond under s.mu until it reports true, the context ends or
// the server closes.
func (s *Server) waitUntil(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ok := cond()
		ch := s.changed
		closed := s.closed
		s.mu.Unlock()
		if ok {
			return nil
		}
		if closed {
			return ErrClosed
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}

// helperContext bounds the Send* helpers by DefaultWait.
func (s *Server) helperContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), DefaultWait)
}

// discordEpoch is 2015-01-01T00:00:00Z in Unix milliseconds, the origin of
// snowflake timestamps (Discord's "Snowflakes" reference).
const discordEpoch = 1420070400000

// NewID returns a fresh snowflake: milliseconds since the Discord epoch
// shifted left 22 bits, kept strictly increasing.
func (s *Server) NewID() string {
	for {
		prev := s.lastID.Load()
		next := uint64(time.Now().UnixMilli()-discordEpoch) << 22
		if next <= prev {
			next = prev + 1
		}
		if s.lastID.CompareAndSwap(prev, next) {
			return strconv.FormatUint(next, 10)
		}
	}
}

// timestamp is Discord's ISO 8601 form of t.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000+00:00") }

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("fakediscord: marshal %T: %v", v, err))
	}
	return b
}

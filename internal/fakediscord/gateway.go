package fakediscord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Gateway opcodes (Discord's "Gateway Opcodes").
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opResume         = 6
	opReconnect      = 7
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatACK   = 11
)

// Gateway intents the fake's MESSAGE_CREATE filter reads (Discord's
// "Gateway Intents").
const (
	intentGuildMessages  = 1 << 9
	intentDirectMessages = 1 << 12
	intentMessageContent = 1 << 15
)

// writeTimeout bounds one websocket write, so a client that stopped reading
// cannot hold a test.
const writeTimeout = 5 * time.Second

// GatewayStats counts what the gateway has seen since the server started.
type GatewayStats struct {
	Dials      int // websocket connections accepted
	Identifies int // IDENTIFY (op 2) payloads received
	Resumes    int // RESUME (op 6) payloads received, valid or not
	Heartbeats int // heartbeats (op 1) received
	// Withheld counts MESSAGE_CREATE events not delivered because the
	// session's intents lacked GUILD_MESSAGES or DIRECT_MESSAGES.
	Withheld int
	// Query is the query of the last dial; discordgo sends v and encoding.
	Query url.Values
	// LastIdentify is the d of the last IDENTIFY: token, intents,
	// properties, compress, large_threshold, shard.
	LastIdentify json.RawMessage
}

// session is a gateway session: what IDENTIFY starts and RESUME continues.
type session struct {
	id      string
	intents int64
	seq     int64
	sent    []sentFrame // every dispatch, for replay on RESUME
	conn    *gwConn     // the live connection that got READY or RESUMED, or nil
}

type sentFrame struct {
	seq   int64
	frame []byte
}

// next numbers a dispatch, keeps it for replay and returns its frame.
func (se *session) next(event string, data any) []byte {
	se.seq++
	frame := mustJSON(map[string]any{"op": opDispatch, "s": se.seq, "t": event, "d": data})
	se.sent = append(se.sent, sentFrame{se.seq, frame})
	return frame
}

// gwConn is one gateway websocket.
type gwConn struct {
	ws   *websocket.Conn
	wmu  sync.Mutex // gorilla allows one writer at a time
	sess *session   // guarded by Server.mu
}

func (c *gwConn) write(frame []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
	return c.ws.WriteMessage(websocket.TextMessage, frame)
}

// Gateway returns the gateway's counters.
func (s *Server) Gateway() GatewayStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// WaitGateway waits until cond holds for the gateway's counters, the
// context ends or the server closes, and returns the counters it last saw.
func (s *Server) WaitGateway(ctx context.Context, cond func(GatewayStats) bool) (GatewayStats, error) {
	var st GatewayStats
	err := s.waitUntil(ctx, func() bool { st = s.stats; return cond(st) })
	if err != nil {
		return st, fmt.Errorf("fakediscord: wait for gateway: %w", err)
	}
	return st, nil
}

// WaitReady waits until the current session has a live connection that was
// sent READY or RESUMED.
func (s *Server) WaitReady(ctx context.Context) error {
	err := s.waitUntil(ctx, func() bool { return s.current != nil && s.current.conn != nil })
	if err != nil {
		return fmt.Errorf("fakediscord: wait for a ready gateway connection: %w", err)
	}
	return nil
}

// Connections returns the number of open gateway websockets.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// Disconnect closes every gateway websocket without a close frame, as a
// network failure would. Sessions survive: a client may RESUME, and
// dispatches sent meanwhile are replayed to it.
func (s *Server) Disconnect() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.ws.Close()
		s.dropLocked(c)
	}
	s.broadcastLocked()
}

// Reconnect sends op 7 RECONNECT on every open connection, asking the
// client to reconnect and resume.
func (s *Server) Reconnect() {
	s.mu.Lock()
	var conns []*gwConn
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.write(mustJSON(map[string]any{"op": opReconnect, "d": nil}))
	}
}

func (s *Server) dropLocked(c *gwConn) {
	delete(s.conns, c)
	if c.sess != nil && c.sess.conn == c {
		c.sess.conn = nil
	}
}

// Dispatch sends a dispatch (op 0) of the given event type with data as d
// to the current session, the one the last IDENTIFY started, waiting for
// one until ctx ends. It returns after the frame is written, or, when the
// session has no live connection, kept for replay on RESUME. It returns the
// event's sequence number.
func (s *Server) Dispatch(ctx context.Context, event string, data any) (int64, error) {
	return s.dispatch(ctx, event, func(*session) (any, bool) { return data, true })
}

// dispatch is Dispatch with the payload built, or withheld, per session.
func (s *Server) dispatch(ctx context.Context, event string, build func(*session) (any, bool)) (int64, error) {
	if err := s.waitUntil(ctx, func() bool { return s.current != nil }); err != nil {
		return 0, fmt.Errorf("fakediscord: dispatch %s: no gateway session: %w", event, err)
	}
	s.dispatchMu.Lock()
	defer s.dispatchMu.Unlock()
	s.mu.Lock()
	sess := s.current
	data, ok := build(sess)
	if !ok {
		s.stats.Withheld++
		s.broadcastLocked()
		s.mu.Unlock()
		return 0, nil
	}
	frame := sess.next(event, data)
	seq, conn := sess.seq, sess.conn
	s.mu.Unlock()
	if conn != nil {
		// A failed write leaves the frame in sess.sent for a RESUME.
		conn.write(frame)
	}
	return seq, nil
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	if !s.track() {
		http.Error(w, "closing", http.StatusServiceUnavailable)
		return
	}
	defer s.handlers.Done()
	if !s.hold(r.Context(), Request{Method: r.Method, Route: "/gateway", Query: r.URL.Query(), Header: r.Header.Clone(), Time: time.Now()}) {
		return // the client left or the server is closing
	}
	ws, err := s.upg.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered
	}
	c := &gwConn{ws: ws}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ws.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.stats.Dials++
	s.stats.Query = r.URL.Query()
	interval := s.heartbeat
	s.broadcastLocked()
	s.mu.Unlock()
	defer func() {
		ws.Close()
		s.mu.Lock()
		s.dropLocked(c)
		s.broadcastLocked()
		s.mu.Unlock()
	}()

	version := 10
	if v, err := strconv.Atoi(r.URL.Query().Get("v")); err == nil {
		version = v
	}
	hello := map[string]any{"op": opHello, "s": nil, "t": nil, "d": map[string]any{"heartbeat_interval": interval.Milliseconds()}}
	if c.write(mustJSON(hello)) != nil {
		return
	}
	for {
		_, msg, err := ws.ReadMessage()
		if err != nil {
			// Closing with 1000 or 1001 ends the session on Discord: it
			// cannot be resumed.
			if websocket.IsCloseError(err, websocket.CloseNormalClosure, websocket.CloseGoingAway) {
				s.mu.Lock()
				if c.sess != nil {
					delete(s.sessions, c.sess.id)
				}
				s.mu.Unlock()
			}
			return
		}
		var p struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if json.Unmarshal(msg, &p) != nil {
			ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4002, "Error while decoding payload."), time.Now().Add(writeTimeout))
			return
		}
		switch p.Op {
		case opHeartbeat:
			s.mu.Lock()
			s.stats.Heartbeats++
			s.broadcastLocked()
			s.mu.Unlock()
			if c.write(mustJSON(map[string]any{"op": opHeartbeatACK, "d": nil})) != nil {
				return
			}
		case opIdentify:
			if err := s.identify(c, p.D, version); err != nil {
				return
			}
		case opResume:
			if err := s.resume(c, p.D); err != nil {
				return
			}
		}
		// Presence updates, voice state updates and member requests are
		// accepted and ignored.
	}
}

var errAlreadyAuthenticated = errors.New("already authenticated")

func (s *Server) identify(c *gwConn, d json.RawMessage, version int) error {
	var id struct {
		Token   string `json:"token"`
		Intents int64  `json:"intents"`
	}
	json.Unmarshal(d, &id)

	s.dispatchMu.Lock()
	defer s.dispatchMu.Unlock()
	s.mu.Lock()
	s.stats.Identifies++
	s.stats.LastIdentify = append(json.RawMessage(nil), d...)
	already := c.sess != nil
	s.broadcastLocked()
	s.mu.Unlock()
	if already {
		c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4005, "Already authenticated."), time.Now().Add(writeTimeout))
		return errAlreadyAuthenticated
	}
	if id.Token == "" {
		c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."), time.Now().Add(writeTimeout))
		return errors.New("no token")
	}

	sess := &session{id: s.NewID(), intents: id.Intents}
	frame := sess.next("READY", map[string]any{
		"v":                  version,
		"session_id":         sess.id,
		"resume_gateway_url": s.GatewayURL(),
		"user":               botUser(),
		"application":        map[string]any{"id": ApplicationID, "flags": 0},
		"guilds":             []any{},
		"private_channels":   []any{},
		"shard":              []int{0, 1},
	})
	if err := c.write(frame); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, live := s.conns[c]; !live {
		return errors.New("closed")
	}
	sess.conn, c.sess = c, sess
	s.sessions[sess.id] = sess
	s.current = sess
	s.broadcastLocked()
	return nil
}

func (s *Server) resume(c *gwConn, d json.RawMessage) error {
	var rs struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	json.Unmarshal(d, &rs)

	s.dispatchMu.Lock()
	defer s.dispatchMu.Unlock()
	s.mu.Lock()
	s.stats.Resumes++
	s.broadcastLocked()
	sess, ok := s.sessions[rs.SessionID]
	var replay [][]byte
	if ok {
		if old := sess.conn; old != nil && old != c {
			old.ws.Close()
			s.dropLocked(old)
		}
		for _, f := range sess.sent {
			if f.seq > rs.Seq {
				replay = append(replay, f.frame)
			}
		}
		replay = append(replay, sess.next("RESUMED", map[string]any{}))
	}
	s.mu.Unlock()

	if !ok {
		// d false: the session cannot be resumed; discordgo identifies.
		return c.write(mustJSON(map[string]any{"op": opInvalidSession, "d": false}))
	}
	for _, f := range replay {
		if err := c.write(f); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, live := s.conns[c]; !live {
		return errors.New("closed")
	}
	sess.conn, c.sess = c, sess
	s.broadcastLocked()
	return nil
}

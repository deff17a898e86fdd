package fakediscord

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Request is one HTTP request the fake answered, recorded before its answer
// was written.
type Request struct {
	Method string
	// Route is the path without the /api/v{N} prefix, e.g.
	// "/interactions/123/tok/callback"; paths outside the API are kept whole.
	Route string
	// Version is N of /api/v{N}, "" outside the API.
	Version string
	Query   url.Values
	Header  http.Header
	// Body is the JSON body, or the payload_json part of a multipart body.
	Body []byte
	// JSON is Body decoded into map[string]any, []any, etc.; nil when Body is
	// empty or not JSON.
	JSON any
	// Files are the file parts of a multipart body, in order.
	Files []File
	// Status and Response are the answer's status code and body.
	Status   int
	Response []byte
	Time     time.Time
}

// File is one file part of a multipart request (discordgo's files[N]).
type File struct {
	Field       string // form field, "files[0]"
	Name        string // file name
	ContentType string
	Data        []byte
}

// Object returns JSON when it is an object, else nil.
func (r Request) Object() map[string]any {
	m, _ := r.JSON.(map[string]any)
	return m
}

// Decode unmarshals Body into v, e.g. a *discordgo.InteractionResponse.
func (r Request) Decode(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("fakediscord: decode %s %s: %w", r.Method, r.Route, err)
	}
	return nil
}

// Match returns a predicate for [Server.Requests] and [Server.WaitFor] that
// holds for requests with the given method ("" for any) whose Route starts
// with routePrefix.
func Match(method, routePrefix string) func(Request) bool {
	return func(r Request) bool {
		return (method == "" || r.Method == method) && strings.HasPrefix(r.Route, routePrefix)
	}
}

// Requests returns the recorded requests for which match holds (all of them
// when match is nil), oldest first.
func (s *Server) Requests(match func(Request) bool) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if match == nil || match(r) {
			out = append(out, r)
		}
	}
	return out
}

// WaitFor returns the first recorded request for which match holds, waiting
// for one until ctx ends (its error is returned) or the server closes
// ([ErrClosed]).
func (s *Server) WaitFor(ctx context.Context, match func(Request) bool) (Request, error) {
	got, err := s.WaitForN(ctx, match, 1)
	if err != nil {
		return Request{}, err
	}
	return got[0], nil
}

// WaitForN returns the first n recorded requests for which match holds,
// waiting as [Server.WaitFor] does.
func (s *Server) WaitForN(ctx context.Context, match func(Request) bool, n int) ([]Request, error) {
	var got []Request
	err := s.waitUntil(ctx, func() bool {
		got = got[:0]
		for _, r := range s.requests {
			if match(r) {
				got = append(got, r)
				if len(got) == n {
					return true
				}
			}
		}
		return false
	})
	if err != nil {
		return nil, fmt.Errorf("fakediscord: wait for %d requests (have %d): %w", n, len(got), err)
	}
	return got, nil
}

type failRule struct {
	prefix     string
	left       int
	status     int
	retryAfter time.Duration
}

// Fail makes the next n requests whose Route starts with routePrefix answer
// status without being carried out. A 429 carries Discord's rate-limit body
// {"message", "retry_after" (seconds, float), "global": false} and the
// headers discordgo's ratelimit.go reads: Retry-After, X-RateLimit-Limit,
// X-RateLimit-Remaining: 0, X-RateLimit-Reset, X-RateLimit-Reset-After,
// X-RateLimit-Bucket and X-RateLimit-Scope, so discordgo also holds back
// later requests to that route for retryAfter. Other statuses carry
// {"message": "<status>: <text>", "code": 0}; discordgo retries 502 by itself.
// Rules are consumed in the order they were added.
func (s *Server) Fail(routePrefix string, n int, status int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails = append(s.fails, &failRule{prefix: routePrefix, left: n, status: status, retryAfter: retryAfter})
}

// Delay holds every later answer to a request whose Route starts with
// routePrefix for d (until the client gives up or the server closes); d = 0
// removes the delay. With several matching prefixes the longest delay wins.
func (s *Server) Delay(routePrefix string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		delete(s.delays, routePrefix)
		return
	}
	s.delays[routePrefix] = d
}

// Held is a set of requests that [Server.Hold] keeps waiting.
type Held struct {
	match    func(Request) bool
	arrived  chan struct{}
	once     sync.Once // closes arrived
	released chan struct{}
	release  sync.Once // closes released
}

// Hold keeps each later request for which match holds waiting, its body read but before it
// is carried out or recorded, until the returned Held is released, the client gives up (a
// request cancelled, a connection closed) or the server closes; a request given up on is
// neither answered nor recorded. match sees the request as [Server.Requests] would give it,
// without Status and Response. The gateway's websocket upgrade is held too, before it is
// upgraded, as the request GET "/gateway" (with or without its final slash) with Version "".
// A test holds a request to act while the client waits for its answer.
func (s *Server) Hold(match func(Request) bool) *Held {
	h := &Held{match: match, arrived: make(chan struct{}), released: make(chan struct{})}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holds = append(s.holds, h)
	return h
}

// Arrived is closed once the first request h holds has arrived.
func (h *Held) Arrived() <-chan struct{} { return h.arrived }

// Release lets the requests h holds go on, and those that match later; calling it again does
// nothing.
func (h *Held) Release() { h.release.Do(func() { close(h.released) }) }

// hold keeps req waiting while a Held that matches it is not released; it reports false if
// ctx (the request's) ended or the server closed first.
func (s *Server) hold(ctx context.Context, req Request) bool {
	s.mu.Lock()
	var holds []*Held
	for _, h := range s.holds {
		if h.match(req) {
			holds = append(holds, h)
		}
	}
	s.mu.Unlock()
	for _, h := range holds {
		h.once.Do(func() { close(h.arrived) })
		select {
		case <-h.released:
		case <-ctx.Done():
			return false
		case <-s.done:
			return false
		}
	}
	return true
}

// call is one REST request on its way through a handler.
type call struct {
	r   *http.Request
	req Request
	obj map[string]any // the JSON body when it is an object, else empty
}

func (c *call) path(name string) string { return c.r.PathValue(name) }

// reply is a handler's answer.
type reply struct {
	status      int
	body        any    // marshalled as JSON unless raw is set
	raw         []byte // sent as is, with contentType
	contentType string
	header      http.Header
}

func okJSON(v any) reply { return reply{status: http.StatusOK, body: v} }
func noContent() reply   { return reply{status: http.StatusNoContent} }
func apiError(status, code int, message string) reply {
	return reply{status: status, body: map[string]any{"message": message, "code": code}}
}

// handler answers a call; it runs with s.mu held.
type handler func(c *call) reply

// handle registers h for pattern (a net/http pattern) with recording,
// failure injection and, when auth is set, a check that the request carries a
// bot token ("Authorization: Bot ...") as Discord requires.
func (s *Server) handle(pattern string, auth bool, h handler) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		s.serve(w, r, auth, h)
	})
}

// maxBody bounds a request body; Discord's own upload limit is 25 MiB.
const maxBody = 32 << 20

func (s *Server) serve(w http.ResponseWriter, r *http.Request, auth bool, h handler) {
	c := &call{r: r, obj: map[string]any{}}
	c.req = Request{
		Method: r.Method,
		Route:  r.URL.Path,
		Query:  r.URL.Query(),
		Header: r.Header.Clone(),
		Time:   time.Now(),
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, "/api/v"); ok {
		version, route, _ := strings.Cut(rest, "/")
		c.req.Version, c.req.Route = version, "/"+route
	}
	readErr := readBody(r, &c.req)
	if m, ok := c.req.JSON.(map[string]any); ok {
		c.obj = m
	}

	if !s.hold(r.Context(), c.req) || !s.wait(r.Context(), c.req.Route) {
		return // the client left or the server is closing: nobody to answer
	}

	s.mu.Lock()
	var rep reply
	switch {
	case readErr != nil:
		rep = apiError(http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
	case s.failLocked(c.req.Route, &rep):
	case auth && !strings.HasPrefix(r.Header.Get("Authorization"), "Bot "):
		rep = apiError(http.StatusUnauthorized, 0, "401: Unauthorized")
	default:
		rep = h(c)
	}
	var out []byte
	switch {
	case rep.raw != nil:
		out = rep.raw
	case rep.body != nil:
		out = mustJSON(rep.body)
		rep.contentType = "application/json"
	}
	c.req.Status, c.req.Response = rep.status, out
	s.requests = append(s.requests, c.req)
	s.broadcastLocked()
	s.mu.Unlock()

	for k, vs := range rep.header {
		w.Header()[k] = vs
	}
	if rep.contentType != "" {
		w.Header().Set("Content-Type", rep.contentType)
	}
	w.WriteHeader(rep.status)
	w.Write(out)
}

// readBody fills req.Body, req.JSON and req.Files from r.
func readBody(r *http.Request, req *Request) error {
	mediaType, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType == "multipart/form-data" {
		mr := multipart.NewReader(io.LimitReader(r.Body, maxBody), params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			data, err := io.ReadAll(p)
			if err != nil {
				return err
			}
			if p.FormName() == "payload_json" {
				req.Body = data
				continue
			}
			req.Files = append(req.Files, File{
				Field: p.FormName(), Name: p.FileName(),
				ContentType: p.Header.Get("Content-Type"), Data: data,
			})
		}
	} else {
		data, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil {
			return err
		}
		if len(data) > 0 {
			req.Body = data
		}
	}
	if len(bytes.TrimSpace(req.Body)) == 0 {
		return nil
	}
	return json.Unmarshal(req.Body, &req.JSON)
}

// wait applies Delay to route; it reports false if ctx ended or the server
// closed first.
func (s *Server) wait(ctx context.Context, route string) bool {
	s.mu.Lock()
	var d time.Duration
	for prefix, pd := range s.delays {
		if strings.HasPrefix(route, prefix) && pd > d {
			d = pd
		}
	}
	s.mu.Unlock()
	if d == 0 {
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
	case <-s.done:
	}
	return false
}

// failLocked consumes the first Fail rule matching route into rep.
func (s *Server) failLocked(route string, rep *reply) bool {
	for i, f := range s.fails {
		if !strings.HasPrefix(route, f.prefix) {
			continue
		}
		f.left--
		if f.left <= 0 {
			s.fails = append(s.fails[:i], s.fails[i+1:]...)
		}
		if f.status != http.StatusTooManyRequests {
			*rep = apiError(f.status, 0, fmt.Sprintf("%d: %s", f.status, http.StatusText(f.status)))
			return true
		}
		secs := f.retryAfter.Seconds()
		reset := float64(time.Now().Add(f.retryAfter).UnixMilli()) / 1000
		*rep = reply{
			status: http.StatusTooManyRequests,
			body:   map[string]any{"message": "You are being rate limited.", "retry_after": secs, "global": false},
			header: http.Header{
				"Retry-After":             {strconv.Itoa(int(math.Ceil(secs)))},
				"X-Ratelimit-Limit":       {"5"},
				"X-Ratelimit-Remaining":   {"0"},
				"X-Ratelimit-Reset":       {strconv.FormatFloat(reset, 'f', 3, 64)},
				"X-Ratelimit-Reset-After": {strconv.FormatFloat(secs, 'f', 3, 64)},
				"X-Ratelimit-Bucket":      {"fakediscord-" + strings.Trim(f.prefix, "/")},
				"X-Ratelimit-Scope":       {"user"},
			},
		}
		return true
	}
	return false
}

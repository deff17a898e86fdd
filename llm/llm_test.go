package llm

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func TestRetries(t *testing.T) {
	tests := []struct {
		name       string
		status     []int // status of each call; past the end, 200
		retryAfter string
		wantCalls  int32
		wantErr    bool
	}{
		{"success", nil, "", 1, false},
		{"429 then success", []int{429}, "0", 2, false},
		{"5xx three times then success", []int{500, 502, 503}, "", 4, false},
		{"always 503", []int{503, 503, 503, 503, 503}, "", 4, true},
		{"Retry-After longer than the cap", []int{429, 429}, "3600", 1, true},
		{"400 is not retried", []int{400}, "", 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := int(calls.Add(1))
				if n <= len(tt.status) {
					if tt.retryAfter != "" {
						w.Header().Set("Retry-After", tt.retryAfter)
					}
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(tt.status[n-1])
					w.Write([]byte(`{"error":{"message":"no","type":"x"}}`))
					return
				}
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"choices":[{"index":0,"message":{"role":"assistant","content":"ok"}}]}`))
			}))
			defer srv.Close()
			c := New(Config{BaseURL: srv.URL, MaxBackoff: 20 * time.Millisecond, Timeout: 5 * time.Second})
			got, err := c.Chat(context.Background(), "m", "s", "u")
			if (err != nil) != tt.wantErr || calls.Load() != tt.wantCalls {
				t.Errorf("Chat = %q, %v after %d calls; want error %v after %d", got, err, calls.Load(), tt.wantErr, tt.wantCalls)
			}
			var he *HTTPError
			if tt.wantErr && !errors.As(err, &he) {
				t.Errorf("error %v is no *HTTPError", err)
			}
		})
	}
}

func TestRetryStopsWithContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	// The server asks for an hour's wait, which MaxBackoff allows; only the 100 ms timeout can
	// end the call within the minute allowed here (a bound against hanging, not a timing).
	c := New(Config{BaseURL: srv.URL, MaxBackoff: 2 * time.Hour, Timeout: 100 * time.Millisecond})
	start := time.Now()
	_, err := c.Chat(context.Background(), "m", "s", "u")
	if err == nil || time.Since(start) > time.Minute {
		t.Errorf("error %v after %v; want the timeout to end the waiting", err, time.Since(start))
	}
}

func TestRetryAfter(t *testing.T) {
	if d, ok := retryAfter("2"); !ok || d != 2*time.Second {
		t.Errorf("retryAfter(2) = %v, %v", d, ok)
	}
	if d, ok := retryAfter(time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)); !ok || d <= 0 || d > 3*time.Second {
		t.Errorf("retryAfter(date) = %v, %v", d, ok)
	}
	if _, ok := retryAfter("soon"); ok {
		t.Error("retryAfter(soon) parsed")
	}
}

// TestErrors checks that a failed request is one *Error naming the operation, the model, the
// endpoint and the cause, with the cause's sentinel or type reachable.
func TestErrors(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close() // nothing listens there any more: the connection is refused
	notFound := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"error":{"message":"model \"m\" not found","type":"x"}}`))
	}))
	defer notFound.Close()
	tests := []struct {
		name string
		base string
		is   error
		want string // the message after "embedding model m at BASE: "
	}{
		{"unreachable", closed.URL + "/v1", syscall.ECONNREFUSED, "cannot connect: connection refused"},
		{"model not found", notFound.URL + "/v1", nil, `the endpoint answered HTTP 404: model "m" not found`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(Config{BaseURL: tt.base, MaxRetries: -1, Timeout: 5 * time.Second})
			if got := c.Endpoint(); got != tt.base {
				t.Errorf("Endpoint() = %q, want %q", got, tt.base)
			}
			_, err := c.Embed(context.Background(), "m", []string{"x"})
			var e *Error
			if !errors.As(err, &e) || e.Op != "embedding" || e.Model != "m" || e.Endpoint != tt.base {
				t.Fatalf("error %#v, want an *Error for embedding model m at %s", err, tt.base)
			}
			if got, want := err.Error(), "embedding model m at "+tt.base+": "+tt.want; got != want {
				t.Errorf("error %q, want %q", got, want)
			}
			if tt.is != nil && (!errors.Is(err, tt.is) || !errors.Is(err, ErrUnreachable)) {
				t.Errorf("error %v is not %v and ErrUnreachable", err, tt.is)
			}
		})
	}
}

// TestUnreachableNamesTheCause checks that a chat request to an endpoint refusing connections
// fails with the refusal, not with the timeout: a refused connection is not retried until the
// time allowed runs out (it used to be, and the error then said "no reply within 3s").
func TestUnreachableNamesTheCause(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close() // nothing listens there any more: the connection is refused
	base := closed.URL + "/v1"
	c := New(Config{BaseURL: base, Timeout: 3 * time.Second})
	_, err := c.Chat(context.Background(), "m", "s", "u")
	if !errors.Is(err, ErrUnreachable) || !errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, ErrNoReply) {
		t.Fatalf("error %v, want ErrUnreachable and ECONNREFUSED, not ErrNoReply", err)
	}
	if got, want := err.Error(), "chat model m at "+base+": cannot connect: connection refused"; got != want {
		t.Errorf("error %q, want %q", got, want)
	}
}

// TestRetryNotPastTimeout checks that a retry whose wait would outlast the timeout is not
// waited for: the request fails with the endpoint's last answer, not "no reply".
func TestRetryNotPastTimeout(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"error":{"message":"loading model","type":"x"}}`))
	}))
	defer srv.Close()
	// The first wait is 0.5 s, over the 300 ms allowed.
	c := New(Config{BaseURL: srv.URL, Timeout: 300 * time.Millisecond})
	_, err := c.Chat(context.Background(), "m", "s", "u")
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != http.StatusServiceUnavailable || errors.Is(err, ErrNoReply) {
		t.Fatalf("error %v, want the endpoint's HTTP 503", err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

// TestRetryDroppedConnection checks that a request whose connection is dropped in transit is
// still sent again.
func TestRetryDroppedConnection(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close() // no response at all
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"choices":[{"index":0,"message":{"role":"assistant","content":"ok"}}]}`))
	}))
	defer srv.Close()
	c := New(Config{BaseURL: srv.URL, MaxBackoff: 20 * time.Millisecond, Timeout: 5 * time.Second})
	got, err := c.Chat(context.Background(), "m", "s", "u")
	if err != nil || got != "ok" || calls.Load() != 2 {
		t.Errorf("Chat = %q, %v after %d calls; want ok after 2", got, err, calls.Load())
	}
}

// TestChatReplyTooLarge: a chat reply whose body runs past MaxChatReplyBytes fails with
// ErrReplyTooLarge, and is not held whole.
func TestChatReplyTooLarge(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"choices":[{"index":0,"message":{"role":"assistant","content":"`))
		chunk := bytes.Repeat([]byte("blah "), 1<<12)
		for range 2 * MaxChatReplyBytes / len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
		w.Write([]byte(`"}}]}`))
	}))
	defer srv.Close()
	c := New(Config{BaseURL: srv.URL, Timeout: 10 * time.Second})
	got, err := c.Chat(context.Background(), "m", "s", "u")
	if !errors.Is(err, ErrReplyTooLarge) {
		t.Fatalf("Chat = %d bytes, %v; want ErrReplyTooLarge", len(got), err)
	}
	if !strings.Contains(err.Error(), "chat model m at "+srv.URL) {
		t.Errorf("error %q does not name the model and endpoint", err)
	}
	// A reply within the bound is read whole.
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"choices":[{"index":0,"message":{"role":"assistant","content":"` + strings.Repeat("ok ", 1000) + `"}}]}`))
	}))
	defer srv2.Close()
	if got, err := New(Config{BaseURL: srv2.URL}).Chat(context.Background(), "m", "s", "u"); err != nil || len(got) != 3000 {
		t.Errorf("Chat = %d bytes, %v; want 3000 bytes", len(got), err)
	}
}

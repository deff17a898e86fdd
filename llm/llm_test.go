package llm

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
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

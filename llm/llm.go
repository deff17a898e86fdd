// Package llm talks to OpenAI-compatible model endpoints (OpenAI, Ollama's /v1, vLLM,
// LocalAI, llama.cpp's server) through github.com/sashabaranov/go-openai: chat completions
// and embeddings, with timeouts and bounded retries. Its types are the project's own; the
// client library stays inside this package.
package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Config configures a Client. The zero value of every field but BaseURL has a default.
type Config struct {
	// BaseURL is the endpoint's API root, e.g. "http://localhost:11434/v1" for Ollama; ""
	// means OpenAI's own.
	BaseURL string
	// APIKey is sent as a bearer token; local servers usually accept any value.
	APIKey string
	// Timeout bounds each request, retries included (default 60 s).
	Timeout time.Duration
	// MaxRetries is how many times a request that got 429 or a 5xx status, or failed in
	// transit, is sent again (default 3; negative for none). A refused connection or an
	// unknown host is not retried, and no retry waits past Timeout: the request then fails
	// with the last try's error.
	MaxRetries int
	// MaxBackoff caps the wait between tries (default 8 s); a Retry-After header asking for
	// longer than that ends the retries.
	MaxBackoff time.Duration
	// HTTPClient sends the requests (default: a new http.Client); its Transport is wrapped
	// with the retries.
	HTTPClient *http.Client
}

// Client is a connection to one endpoint. It is safe for concurrent use.
type Client struct {
	api      *openai.Client
	endpoint string
	timeout  time.Duration
}

// New returns a Client for cfg.
func New(cfg Config) *Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 60 * time.Second
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = 3
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 8 * time.Second
	}
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient
		hc = &c
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc.Transport = &retryTransport{base: base, maxRetries: max(cfg.MaxRetries, 0), maxBackoff: cfg.MaxBackoff}
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	}
	oc.HTTPClient = hc
	return &Client{api: openai.NewClientWithConfig(oc), endpoint: oc.BaseURL, timeout: cfg.Timeout}
}

// Endpoint returns the API root the client sends its requests to.
func (c *Client) Endpoint() string { return c.endpoint }

// Error is a failed request: what was asked of which model at which endpoint, and why it
// failed. Its message is one line naming all three, e.g. "embedding model m at
// http://127.0.0.1:8080/v1: cannot connect: connection refused".
type Error struct {
	// Op is "chat" or "embedding".
	Op string
	// Model is the model asked for; Endpoint the API root.
	Model, Endpoint string
	// Err is the cause: *HTTPError, ErrContextLength, ErrUnreachable, ErrNoReply, ctx's
	// error, or a malformed reply.
	Err error
}

// Error returns the one-line message: "<op> model <model> at <endpoint>: <cause>".
func (e *Error) Error() string {
	return fmt.Sprintf("%s model %s at %s: %v", e.Op, e.Model, e.Endpoint, e.Err)
}

// Unwrap returns the cause, for errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

var (
	// ErrContextLength means the request was longer than the model's context window.
	ErrContextLength = errors.New("context length exceeded")
	// ErrUnreachable means no connection could be made to the endpoint: it was refused, the
	// host is unknown, or dialling failed on every try.
	ErrUnreachable = errors.New("cannot connect")
	// ErrNoReply means the endpoint did not answer within the client's timeout.
	ErrNoReply = errors.New("no reply")
	// ErrReplyTooLarge means the reply's body was longer than MaxChatReplyBytes (a chat
	// reply) or MaxEmbeddingReplyBytes (an embedding reply); reading stopped there.
	ErrReplyTooLarge = errors.New("reply too large")
)

// MaxChatReplyBytes bounds the body of a chat reply: 1 MiB, some thousand times the one to
// three sentences the bot asks for, or a quiz bank's JSON for many passages. A longer body
// is an endpoint gone wrong (a model that does not stop), and reading it whole would hold it
// in memory and print it.
const MaxChatReplyBytes = 1 << 20

// MaxEmbeddingReplyBytes bounds the body of an embedding reply: 256 MiB, room for a batch of
// 2,048 vectors of 3,072 dimensions written as JSON numbers of about 20 bytes, twice over.
const MaxEmbeddingReplyBytes = 256 << 20

// replyLimit is the context key of the most bytes a request's reply body may hold.
type replyLimit struct{}

// HTTPError is a failed request: the status the endpoint answered with, and the start of its
// body when it was no JSON error (a proxy's HTML page, say).
type HTTPError struct {
	Status  int
	Message string
}

// Error returns "the endpoint answered HTTP <status>: <message>".
func (e *HTTPError) Error() string {
	return fmt.Sprintf("the endpoint answered HTTP %d: %s", e.Status, e.Message)
}

// Chat sends one system and one user message to model and returns the reply's text.
// Errors: an *Error wrapping ErrContextLength, *HTTPError for an error status,
// ErrUnreachable, ErrNoReply (the timeout), ErrReplyTooLarge (a body over
// MaxChatReplyBytes), ctx's error, or a reply with no choice.
func (c *Client) Chat(ctx context.Context, model, system, user string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	ctx = context.WithValue(ctx, replyLimit{}, int64(MaxChatReplyBytes))
	resp, err := c.api.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model: model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: system},
			{Role: openai.ChatMessageRoleUser, Content: user},
		},
		Temperature: 0,
	})
	if err != nil {
		return "", c.fail("chat", model, c.classify(err))
	}
	if len(resp.Choices) == 0 {
		return "", c.fail("chat", model, errors.New("the reply holds no choice"))
	}
	return resp.Choices[0].Message.Content, nil
}

// Embed returns the embeddings of texts by model, in order, each of the dimension the model
// gives. Errors as Chat's, and an *Error when the reply's count or order does not match.
func (c *Client) Embed(ctx context.Context, model string, texts []string) ([][]float32, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	resp, err := c.api.CreateEmbeddings(ctx, openai.EmbeddingRequestStrings{Input: texts, Model: openai.EmbeddingModel(model)})
	if err != nil {
		return nil, c.fail("embedding", model, c.classify(err))
	}
	if len(resp.Data) != len(texts) {
		return nil, c.fail("embedding", model, fmt.Errorf("asked for %d embeddings, got %d", len(texts), len(resp.Data)))
	}
	out := make([][]float32, len(texts))
	for _, d := range resp.Data {
		if d.Index < 0 || d.Index >= len(texts) || out[d.Index] != nil {
			return nil, c.fail("embedding", model, fmt.Errorf("the reply has a bad index %d", d.Index))
		}
		out[d.Index] = d.Embedding
	}
	return out, nil
}

// fail returns the *Error of a failed op with model.
func (c *Client) fail(op, model string, err error) error {
	return &Error{Op: op, Model: model, Endpoint: c.endpoint, Err: err}
}

// classify turns go-openai's errors into this package's causes (see Error.Err): the request's
// URL and method, which go-openai's transport errors repeat, are left out, since Error names
// the endpoint.
func (c *Client) classify(err error) error {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		code := fmt.Sprint(apiErr.Code)
		if code == "context_length_exceeded" || strings.Contains(strings.ToLower(apiErr.Message), "context length") ||
			strings.Contains(strings.ToLower(apiErr.Message), "maximum context") {
			return fmt.Errorf("%w: %s", ErrContextLength, apiErr.Message)
		}
		return &HTTPError{Status: apiErr.HTTPStatusCode, Message: apiErr.Message}
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		body := strings.Join(strings.Fields(string(reqErr.Body)), " ")
		if len(body) > 200 {
			body = body[:200] + "…"
		}
		if body == "" {
			body = reqErr.HTTPStatus
		}
		return &HTTPError{Status: reqErr.HTTPStatusCode, Message: "not a JSON reply: " + body}
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err // without "Post URL"
	}
	switch {
	case errors.Is(err, context.Canceled):
		return err
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%w within %v: %w", ErrNoReply, c.timeout, err)
	}
	if cause, ok := DialFailure(err); ok {
		return fmt.Errorf("%w: %w", ErrUnreachable, cause) // the endpoint is named beside
	}
	return err
}

// DialFailure reports whether err is a failed connection — a dial that found no host or no
// listener — and returns its cause said briefly, without the address, which the caller names
// beside it: the system error ("connection refused" for "dial tcp 127.0.0.1:1: connect:
// connection refused") or, for a name not found, the resolver's message ("no such host").
func DialFailure(err error) (cause error, ok bool) {
	var opErr *net.OpError
	if !errors.As(err, &opErr) || opErr.Op != "dial" {
		return nil, false
	}
	cause = opErr.Err
	var sysErr *os.SyscallError
	var dnsErr *net.DNSError
	switch {
	case errors.As(cause, &sysErr):
		cause = sysErr.Err
	case errors.As(cause, &dnsErr):
		cause = errors.New(dnsErr.Err) // its message repeats the host and names the resolver
	}
	return cause, true
}

// retryTransport sends a request again when it got 429 or a 5xx status or failed in transit
// (a connection reset, say): at most maxRetries times, waiting the response's Retry-After
// (seconds or an HTTP date) or else 0.5 s × 2^try, each wait at most maxBackoff. A connection
// refused or a host not found is not retried: nothing listens there, and waiting would only
// delay the answer. A wait that would outlast the request's context is not begun: the last
// response or error is returned, so that the caller learns why the request failed rather than
// that time ran out.
type retryTransport struct {
	base       http.RoundTripper
	maxRetries int
	maxBackoff time.Duration
}

// RoundTrip sends req, and again as the type's comment says.
func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	for try := 0; ; try++ {
		if try > 0 && req.Body != nil {
			if req.GetBody == nil {
				return nil, errors.New("llm: cannot resend a request whose body cannot be read again")
			}
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req.Body = body
		}
		resp, err := t.base.RoundTrip(req)
		retryable := err != nil && ctx.Err() == nil && !refused(err) ||
			err == nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500)
		if !retryable || try >= t.maxRetries {
			if err == nil {
				limit, ok := ctx.Value(replyLimit{}).(int64)
				if !ok {
					limit = MaxEmbeddingReplyBytes
				}
				resp.Body = &limitedBody{body: resp.Body, left: limit}
			}
			return resp, err
		}
		wait := time.Duration(float64(500*time.Millisecond) * math.Pow(2, float64(try)))
		if err == nil {
			if ra, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
				if ra > t.maxBackoff {
					return resp, nil // asked to wait longer than allowed: give up now
				}
				wait = ra
			}
		}
		wait = min(wait, t.maxBackoff)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= wait {
			return resp, err // no time left for another try: this one's outcome is the answer
		}
		if resp != nil {
			resp.Body.Close()
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		case <-timer.C:
		}
	}
}

// limitedBody is a reply body that fails with ErrReplyTooLarge once more than left bytes
// are read from it.
type limitedBody struct {
	body io.ReadCloser
	left int64
}

// Read reads from the body, at most one byte past the limit, which is the error.
func (l *limitedBody) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, ErrReplyTooLarge
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.body.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return 0, ErrReplyTooLarge
	}
	return n, err
}

// Close closes the body.
func (l *limitedBody) Close() error { return l.body.Close() }

// refused reports whether err says that no connection can be made for now: the connection was
// refused or the host's name is not found.
func refused(err error) bool {
	var dnsErr *net.DNSError
	return errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &dnsErr) && dnsErr.IsNotFound
}

// retryAfter parses a Retry-After header: seconds, or an HTTP date.
func retryAfter(h string) (time.Duration, bool) {
	if h == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(h, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

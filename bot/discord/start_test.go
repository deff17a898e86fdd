package discord

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/doctrinebot/doctrinebot/internal/fakediscord"
	"github.com/doctrinebot/doctrinebot/quiz"
)

// logBuffer keeps a bot's log for a test to read; the bot writes it from several goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// errors returns the lines logged at level ERROR.
func (l *logBuffer) errors() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, line := range strings.Split(l.buf.String(), "\n") {
		if strings.Contains(line, "level=ERROR") {
			out = append(out, line)
		}
	}
	return out
}

// startRun builds a bot against fake, with quizzes kept in q unless q is nil, logging into
// log, and runs it under a context that the returned cancel ends; Run's error is sent on done.
func startRun(t *testing.T, fake *fakediscord.Server, q QuizStore, log *logBuffer) (cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	b, err := New(Config{Token: "t", APIURL: fake.URL(), Logger: slog.New(slog.NewTextHandler(log, nil))}, answerer(t), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if q != nil {
		b.EnableQuizzes(q)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	result := make(chan error, 1)
	go func() { result <- b.Run(ctx) }()
	return cancel, result
}

// runResult waits for Run's error on done, failing the test if it does not come.
func runResult(t *testing.T, ctx context.Context, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		t.Fatal("Run did not return")
		return nil
	}
}

// TestStopDuringStartUp checks that a bot told to stop (its context cancelled) while one of its
// start-up requests waits for Discord's answer stops cleanly: Run returns nil, goes no further
// (no commands registered after the stop) and logs no error. Cancelled while the commands
// were registered, Run returned `discord: register commands: Put "…": context canceled`.
// discordgo's gateway discovery takes no context: that request is let through after the
// stop, and the gateway's websocket is not dialled then. The handshake is not let through:
// Run closes the connection it waits on.
func TestStopDuringStartUp(t *testing.T) {
	tests := []struct {
		name    string
		held    func(fakediscord.Request) bool
		release bool // let the held request through after the stop
	}{
		{"gateway discovery", func(r fakediscord.Request) bool { return r.Route == "/gateway" && r.Version != "" }, true},
		{"gateway handshake", func(r fakediscord.Request) bool { return r.Route == "/gateway" && r.Version == "" }, false},
		{"command registration", fakediscord.Match("PUT", "/applications/"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := fakediscord.New(t)
			held := fake.Hold(tt.held)
			t.Cleanup(held.Release) // before the fake closes: nothing left waiting
			var log logBuffer
			cancel, done := startRun(t, fake, nil, &log)
			ctx := waitCtx(t)
			select {
			case <-held.Arrived():
			case <-ctx.Done():
				t.Fatalf("the bot never sent its %s request", tt.name)
			}
			cancel()
			if tt.release {
				held.Release()
			}
			if err := runResult(t, ctx, done); err != nil {
				t.Errorf("Run stopped during the %s = %v, want nil", tt.name, err)
			}
			if n := len(fake.Requests(fakediscord.Match("PUT", "/applications/"))); n != 0 {
				t.Errorf("commands registered %d times after the stop", n)
			}
			if n := fake.Gateway().Dials; tt.release && n != 0 {
				t.Errorf("the gateway was dialled %d times after the stop", n)
			}
			if e := log.errors(); len(e) > 0 {
				t.Errorf("errors logged for a stop:\n%s", strings.Join(e, "\n"))
			}
		})
	}
}

// TestStopBeforeStart checks that a bot whose context has ended before Run connects to
// nothing and returns nil.
func TestStopBeforeStart(t *testing.T) {
	fake := fakediscord.New(t)
	b, err := New(Config{Token: "t", APIURL: fake.URL()}, answerer(t), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Run(ctx); err != nil {
		t.Errorf("Run with its context ended = %v, want nil", err)
	}
	for _, r := range fake.Requests(nil) {
		t.Errorf("a bot stopped before it started sent %s %s", r.Method, r.Route)
	}
}

// stalledSessions is a QuizStore whose OpenSessions waits for its context to end and then
// fails with its error, as the library does when a transaction's context ends.
type stalledSessions struct {
	QuizStore
	entered chan struct{}
}

func (s stalledSessions) OpenSessions(ctx context.Context) ([]*quiz.Session, error) {
	close(s.entered)
	<-ctx.Done()
	return nil, fmt.Errorf("library: begin: %w", ctx.Err())
}

// TestStopWhileResumingQuizzes checks that a bot told to stop while it looks for the quizzes
// to resume stops cleanly, Run returning nil, and logs no error: it logged `quiz resume
// error="library: begin: context canceled"`.
func TestStopWhileResumingQuizzes(t *testing.T) {
	fake := fakediscord.New(t)
	store := stalledSessions{QuizStore: openLibrary(t), entered: make(chan struct{})}
	var log logBuffer
	cancel, done := startRun(t, fake, store, &log)
	ctx := waitCtx(t)
	select {
	case <-store.entered:
	case <-ctx.Done():
		t.Fatal("the bot never looked for quizzes to resume")
	}
	cancel()
	if err := runResult(t, ctx, done); err != nil {
		t.Errorf("Run stopped while resuming quizzes = %v, want nil", err)
	}
	if e := log.errors(); len(e) > 0 {
		t.Errorf("errors logged for a stop:\n%s", strings.Join(e, "\n"))
	}
}

// TestRegistrationRefused checks that commands Discord refuses to register are a failure, not
// a stop: Run returns the error, naming the status.
func TestRegistrationRefused(t *testing.T) {
	for _, status := range []int{http.StatusForbidden, http.StatusUnauthorized} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			fake := fakediscord.New(t)
			fake.Fail("/applications/", 1, status, 0)
			var log logBuffer
			_, done := startRun(t, fake, nil, &log)
			err := runResult(t, waitCtx(t), done)
			want := fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))
			if err == nil || !strings.HasPrefix(err.Error(), "discord: register commands: ") || !strings.Contains(err.Error(), want) {
				t.Errorf("Run with the commands refused = %v, want the registration's error with %q", err, want)
			}
		})
	}
}

package main

import (
	"bytes"
	"context"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/doctrinebot/doctrinebot/internal/fakediscord"
)

// TestServeEndToEnd runs `doctrinebot serve` against the fake Discord: /ask, an admin adding a
// document by attachment and asking about it, a refused question listed by `gaps`, and a clean
// exit on shutdown.
func TestServeEndToEnd(t *testing.T) {
	fake := fakediscord.New(t)
	data := t.TempDir()
	env := map[string]string{
		"DISCORD_TOKEN": "test-token", "DISCORD_API_URL": fake.URL(), "DISCORD_ADMIN_ROLES": "Maintainers",
		"DOCTRINEBOT_DATA": data,
	}
	getenv := func(k string) string { return env[k] }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var stderr bytes.Buffer
	go func() { done <- run(ctx, []string{"serve"}, getenv, strings.NewReader(""), &bytes.Buffer{}, &stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
	})
	wait, wcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer wcancel()
	if _, err := fake.WaitFor(wait, fakediscord.Match("PUT", "/applications/")); err != nil {
		t.Fatalf("commands not registered: %v\n%s", err, stderr.String())
	}
	fake.SendGuildCreate(fakediscord.GuildSpec{ID: "100", Roles: []fakediscord.RoleSpec{{ID: "7", Name: "Maintainers"}}})

	ask := func(q string) string {
		_, token := fake.SendInteraction(fakediscord.InteractionSpec{Name: "ask", GuildID: "100", ChannelID: "200",
			Options: []fakediscord.Option{fakediscord.StringOption("question", q)}})
		r, err := fake.WaitFor(wait, func(r fakediscord.Request) bool {
			return r.Method == "POST" && strings.HasPrefix(r.Route, "/webhooks/"+fakediscord.ApplicationID+"/"+token) && r.Status < 300
		})
		if err != nil {
			t.Fatalf("/ask %q: %v", q, err)
		}
		c, _ := r.Object()["content"].(string)
		return c
	}
	if got := ask("What is the security sector?"); !strings.Contains(got, "The security sector consists of all those institutions") {
		t.Errorf("/ask: %s", got)
	}

	upload := func(name, text string) string {
		t.Helper()
		_, token := fake.SendInteraction(fakediscord.InteractionSpec{Name: "corpus", GuildID: "100", ChannelID: "200", RoleIDs: []string{"7"},
			Options: []fakediscord.Option{fakediscord.SubcommandOption("add", fakediscord.AttachmentOption("file", name, "text/markdown", []byte(text)))}})
		r, err := fake.WaitFor(wait, func(r fakediscord.Request) bool {
			return r.Method == "POST" && strings.HasPrefix(r.Route, "/webhooks/"+fakediscord.ApplicationID+"/"+token) && r.Status < 300
		})
		if err != nil {
			t.Fatalf("/corpus add %s: %v", name, err)
		}
		c, _ := r.Object()["content"].(string)
		return c
	}
	doc := "# Field Manual 99\n\n## Night patrols\n\nNight patrols must carry red-filtered torches and report every forty minutes.\n"
	if c := upload("fm99.md", doc); c != "`fm99` added: 1 distinct text embedded for 1 passage." {
		t.Errorf("/corpus add replied %q", c)
	}
	if got := ask("How often must night patrols report?"); !strings.Contains(got, "every forty minutes") {
		t.Errorf("/ask after /corpus add: %s", got)
	}
	// Another text under the same file name is stored beside the first, which stays (it
	// replaced it, retiring its quiz items, unnoticed); a copy of a stored text under another
	// name is not stored again, and the reply names the document that holds it.
	other := "# Field Manual 99\n\n## Cavalry\n\nCavalry scouts ride two hours ahead of the column and signal with flags.\n"
	if got := upload("fm99.md", other); !strings.HasPrefix(got, "`fm99-2` added: ") || !strings.Contains(got, "`fm99` holds another text") {
		t.Errorf("/corpus add of another fm99.md replied %q", got)
	}
	if got := upload("copy.md", doc); got != "`copy.md` not stored again: its text is that of document `fm99`." {
		t.Errorf("/corpus add of a copy replied %q", got)
	}
	if got := ask("What is the recipe for chocolate cake?"); !strings.Contains(got, "does not cover") {
		t.Errorf("refusal: %s", got)
	}

	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v on shutdown, want nil", err)
	}
	done <- nil
	var out bytes.Buffer
	if err := run(context.Background(), []string{"gaps"}, getenv, strings.NewReader(""), &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "chocolate cake") || !strings.HasPrefix(out.String(), "asked  question refused") {
		t.Errorf("gaps: %s, want a header line and the question", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"corpus", "list"}, getenv, strings.NewReader(""), &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^fm99\s`).MatchString(out.String()) || !regexp.MustCompile(`(?m)^fm99-2\s`).MatchString(out.String()) {
		t.Errorf("corpus list: %s, want fm99 and fm99-2", out.String())
	}
}

// TestServeNeedsToken checks that a missing token is reported as missing configuration
// (exit status 1, no usage), not as a usage mistake.
func TestServeNeedsToken(t *testing.T) {
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"serve"}, func(string) string { return "" }, strings.NewReader(""), &bytes.Buffer{}, &stderr)
	if err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Fatalf("serve without a token: %v", err)
	}
	if got := exitStatus(err, io.Discard); got != 1 {
		t.Errorf("exit status %d, want 1", got)
	}
	if stderr.Len() != 0 {
		t.Errorf("usage printed for missing configuration:\n%s", stderr.String())
	}
}

// TestServeRefusesBadConfiguration checks that settings that cannot work are reported up front
// as missing or malformed configuration (exit status 1, no usage), naming the variable, before
// the library is opened or anything connected to.
func TestServeRefusesBadConfiguration(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string // in the error
	}{
		{"white space token", map[string]string{"DISCORD_TOKEN": "   "}, "serve needs the bot's token in DISCORD_TOKEN"},
		{"guild ID a word", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_GUILD_ID": "notanumber"},
			`DISCORD_GUILD_ID="notanumber" is not a guild ID: a guild ID is a Discord snowflake, the server's number in digits`},
		{"API URL with a path", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_API_URL": "http://127.0.0.1:9/api"}, "DISCORD_API_URL"},
		// NaN would mean no limit at all to x/time/rate, and Inf is none; both were taken.
		{"rate NaN", map[string]string{"DISCORD_TOKEN": "t", "DOCTRINEBOT_RATE_PER_MINUTE": "NaN"},
			`DOCTRINEBOT_RATE_PER_MINUTE="NaN" must be a number above 0, such as 6 or 0.5`},
		{"rate Inf", map[string]string{"DISCORD_TOKEN": "t", "DOCTRINEBOT_RATE_PER_MINUTE": "+Inf"},
			`DOCTRINEBOT_RATE_PER_MINUTE="+Inf" must be a number above 0, such as 6 or 0.5`},
		{"rate 0", map[string]string{"DISCORD_TOKEN": "t", "DOCTRINEBOT_RATE_PER_MINUTE": "0"},
			`DOCTRINEBOT_RATE_PER_MINUTE="0" must be a number above 0, such as 6 or 0.5`},
		{"rate hexadecimal", map[string]string{"DISCORD_TOKEN": "t", "DOCTRINEBOT_RATE_PER_MINUTE": "0x1p3"},
			`DOCTRINEBOT_RATE_PER_MINUTE="0x1p3" must be a number above 0, such as 6 or 0.5`},
		{"rate infinity", map[string]string{"DISCORD_TOKEN": "t", "DOCTRINEBOT_RATE_PER_MINUTE": "infinity"},
			`DOCTRINEBOT_RATE_PER_MINUTE="infinity" must be a number above 0, such as 6 or 0.5`},
		// It was taken for text, where every other value is checked.
		{"log format xml", map[string]string{"DISCORD_TOKEN": "t", "DOCTRINEBOT_LOG_FORMAT": "xml"},
			`DOCTRINEBOT_LOG_FORMAT="xml" must be json or text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "library")
			tt.env["DOCTRINEBOT_DATA"] = data
			// Were the check missing, serve would dial nothing beyond this machine.
			if tt.env["DISCORD_API_URL"] == "" {
				tt.env["DISCORD_API_URL"] = "http://127.0.0.1:9"
			}
			var stderr bytes.Buffer
			err := run(context.Background(), []string{"serve"}, func(k string) string { return tt.env[k] }, strings.NewReader(""), &bytes.Buffer{}, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("serve: %v, want an error holding %q", err, tt.want)
			}
			if got := exitStatus(err, io.Discard); got != 1 {
				t.Errorf("exit status %d, want 1", got)
			}
			if stderr.Len() != 0 {
				t.Errorf("printed for a configuration error:\n%s", stderr.String())
			}
			if _, err := os.Stat(data); !os.IsNotExist(err) {
				t.Errorf("the library folder was created (%v): the configuration was not checked first", err)
			}
		})
	}
}

// TestServeIgnoresUnusedLLMTimeout checks that serve with no model configured is not stopped
// by a malformed DOCTRINEBOT_LLM_TIMEOUT, which it does not use: it goes on to connect (and
// fails there, nothing listening), where it failed on the variable.
func TestServeIgnoresUnusedLLMTimeout(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + l.Addr().String()
	l.Close()
	env := map[string]string{"DISCORD_TOKEN": "t", "DISCORD_API_URL": origin, "DOCTRINEBOT_DATA": t.TempDir(), "DOCTRINEBOT_LLM_TIMEOUT": "bogus", "DOCTRINEBOT_RATE_PER_MINUTE": "0.5"}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err = run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &bytes.Buffer{}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("serve: %v, want it to try to connect", err)
	}
}

// TestServeConnectErrorNamesTheOverride checks that failing to reach DISCORD_API_URL is
// reported with that URL, not Discord's own, said briefly ("discord: cannot connect to URL:
// connection refused").
func TestServeConnectErrorNamesTheOverride(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + l.Addr().String()
	l.Close() // nothing listens there now: the connection is refused
	env := map[string]string{"DISCORD_TOKEN": "t", "DISCORD_API_URL": origin, "DOCTRINEBOT_DATA": t.TempDir()}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err = run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &bytes.Buffer{}, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), "discord: cannot connect to "+origin+"/api/v") || !strings.HasSuffix(err.Error(), ": connection refused") {
		t.Errorf("serve: %v, want the refused connection to %s named", err, origin)
	}
}

// TestServeDataIsAFile checks that serve given a file for its library folder says so, as
// corpus list, gaps and quiz list do, where it printed "mkdir FILE/…: not a directory".
func TestServeDataIsAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "notes.md")
	writeFile(t, file, "# Notes\n")
	// Were the check missing, serve would dial nothing beyond this machine.
	env := map[string]string{"DISCORD_TOKEN": "t", "DISCORD_API_URL": "http://127.0.0.1:9"}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	err := run(ctx, []string{"serve", "--data", file}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	want := "the library folder " + file + " is a file, not a folder"
	if err == nil || err.Error() != want {
		t.Fatalf("serve --data FILE: %v, want %q", err, want)
	}
	if got := exitStatus(err, io.Discard); got != 1 {
		t.Errorf("exit status %d, want 1", got)
	}
}

// TestServeFailedStartCreatesNothing checks that serve that cannot start, Discord refusing its
// token (HTTP 401 to every request, as the fake Discord answers here), nothing listening at
// DISCORD_API_URL or a chat model that cannot work, creates no library nor the folders of a
// --data that did not exist, and leaves an existing library as it was, each file the same.
// Before, the library was created (or opened, its index saved) first, and a refused token
// left an empty library in a new folder.
func TestServeFailedStartCreatesNothing(t *testing.T) {
	refusing := fakediscord.New(t)
	refusing.Fail("/", 1000, http.StatusUnauthorized, 0)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	silent := "http://" + l.Addr().String()
	l.Close() // nothing listens there now: the connection is refused
	existing := t.TempDir()
	notes := filepath.Join(t.TempDir(), "notes.md")
	writeFile(t, notes, "# Notes\n\n## Night patrols\n\nNight patrols must carry red-filtered torches and report every forty minutes.\n")
	if r := runArgs(t, "", "corpus", "add", "--data", existing, notes); r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	before := folderFiles(t, existing)
	for _, tt := range []struct {
		name, url, want string
		model           string // DOCTRINEBOT_CHAT_MODEL
	}{
		{"token refused", refusing.URL(), "refused the token in DISCORD_TOKEN (401 Unauthorized)", ""},
		{"nothing listening", silent, "discord: cannot connect to " + silent + "/api/v", ""},
		{"chat model without a key", silent, "chat model m needs OPENAI_API_KEY", "m"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parent := filepath.Join(t.TempDir(), "new")
			for _, data := range []string{filepath.Join(parent, "library"), existing} {
				env := map[string]string{"DISCORD_TOKEN": "bogus", "DISCORD_API_URL": tt.url, "DOCTRINEBOT_DATA": data, "DOCTRINEBOT_CHAT_MODEL": tt.model}
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				err := run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &bytes.Buffer{}, io.Discard)
				cancel()
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("serve with %s: %v, want an error holding %q", data, err, tt.want)
				}
				if got := exitStatus(err, io.Discard); got != 1 {
					t.Errorf("serve with %s: exit status %d, want 1", data, got)
				}
			}
			if _, err := os.Stat(parent); !os.IsNotExist(err) {
				t.Errorf("a failed start left the new folder %s (%v), want none", parent, err)
			}
			if after := folderFiles(t, existing); !maps.EqualFunc(after, before, bytes.Equal) {
				t.Errorf("a failed start changed the existing library: files %v, were %v", slices.Sorted(maps.Keys(after)), slices.Sorted(maps.Keys(before)))
			}
		})
	}
}

// folderFiles returns the contents of each file in dir, by name.
func folderFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// TestServeStopDuringStartUp checks that serve told to stop (SIGINT, SIGTERM: its context
// cancelled) while it starts stops as it does while serving, with no error and exit status 0,
// whichever start-up request the stop cuts short: before any, while Discord is asked about
// the token (no library is created then), while the commands are registered. Stopped while
// they were registered, serve failed with `discord: register commands: Put "…": context
// canceled`; stopped while the token was checked, it exited with status 130.
func TestServeStopDuringStartUp(t *testing.T) {
	for _, tt := range []struct {
		name    string
		held    func(fakediscord.Request) bool // nil: stopped before serve starts
		library bool                           // the library is created before the stop
	}{
		{"before start", nil, false},
		{"token check", fakediscord.Match("GET", "/users/@me"), false},
		{"command registration", fakediscord.Match("PUT", "/applications/"), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake := fakediscord.New(t)
			data := filepath.Join(t.TempDir(), "library")
			env := map[string]string{"DISCORD_TOKEN": "test-token", "DISCORD_API_URL": fake.URL(), "DOCTRINEBOT_DATA": data}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			wait, wcancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer wcancel()
			var held *fakediscord.Held
			if tt.held != nil {
				held = fake.Hold(tt.held)
				t.Cleanup(held.Release) // before the fake closes: nothing left waiting
			} else {
				cancel()
			}
			done := make(chan error, 1)
			var stderr bytes.Buffer
			go func() {
				done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &bytes.Buffer{}, &stderr)
			}()
			if held != nil {
				select {
				case <-held.Arrived():
				case err := <-done:
					t.Fatalf("serve returned %v before its %s request", err, tt.name)
				case <-wait.Done():
					t.Fatalf("serve never sent its %s request", tt.name)
				}
				cancel()
			}
			var err error
			select {
			case err = <-done:
			case <-wait.Done():
				t.Fatal("serve did not stop")
			}
			if err != nil {
				t.Errorf("serve stopped during start-up (%s) = %v, want nil", tt.name, err)
			}
			if got := exitStatus(err, io.Discard); got != 0 {
				t.Errorf("exit status %d, want 0", got)
			}
			if _, err := os.Stat(data); os.IsNotExist(err) == tt.library {
				t.Errorf("library folder after a stop during the %s: %v, want it created: %v", tt.name, err, tt.library)
			}
			if strings.Contains(stderr.String(), "level=ERROR") {
				t.Errorf("errors logged for a stop:\n%s", stderr.String())
			}
		})
	}
}

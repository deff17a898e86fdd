package discord

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/doctrinebot/doctrinebot/internal/fakediscord"
)

// TestConfigCheck checks that each setting that cannot work is refused before connecting,
// naming its variable.
func TestConfigCheck(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string // in the error; "" for none
	}{
		{"fine", Config{Token: "t", GuildID: "123456789012345678", APIURL: "http://127.0.0.1:9"}, ""},
		{"origin with a slash", Config{Token: "t", APIURL: "https://127.0.0.1:9/"}, ""},
		{"no token", Config{}, "DISCORD_TOKEN"},
		{"white space token", Config{Token: " \t "}, "DISCORD_TOKEN"},
		{"guild ID a word", Config{Token: "t", GuildID: "notanumber"}, `DISCORD_GUILD_ID="notanumber" is not a guild ID: a guild ID is a Discord snowflake`},
		{"guild ID signed", Config{Token: "t", GuildID: "-1"}, "DISCORD_GUILD_ID"},
		{"guild ID over 64 bits", Config{Token: "t", GuildID: "18446744073709551616"}, "DISCORD_GUILD_ID"},
		{"API URL without scheme", Config{Token: "t", APIURL: "127.0.0.1:9"}, "DISCORD_API_URL"},
		{"API URL with a path", Config{Token: "t", APIURL: "http://127.0.0.1:9/api/v9"}, "DISCORD_API_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Check()
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("Check() = %v, want an error holding %q", err, tt.want)
			}
			if _, nerr := New(tt.cfg, nil, nil, nil); (nerr == nil) != (err == nil) {
				t.Errorf("New: %v, Check: %v; want both to fail or neither", nerr, err)
			}
		})
	}
}

// runError builds a bot with cfg (and no answerer, store or admin) and returns what its Run
// returns, given 30 seconds.
func runError(t *testing.T, cfg Config) error {
	t.Helper()
	b, err := New(cfg, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return b.Run(ctx)
}

// TestConnectErrorNamesTheOverride checks that failing to reach the API URL that replaces
// Discord's is reported with that URL, not Discord's own, and said briefly as the chat model's
// errors say it, where it read `discord: connect: Get "URL": dial tcp …: connection refused`.
func TestConnectErrorNamesTheOverride(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + l.Addr().String()
	l.Close() // nothing listens there now: the connection is refused
	err = runError(t, Config{Token: "t", APIURL: origin})
	want := "discord: cannot connect to " + origin + "/api/v" + discordgo.APIVersion + "/gateway: connection refused"
	if err == nil || err.Error() != want {
		t.Errorf("Run: %v\nwant %s", err, want)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("Run: %v is not ECONNREFUSED", err)
	}
}

// TestConnectErrorNoSuchHost checks that a gateway URL whose host is not found is reported as
// "cannot connect to URL: no such host", where the resolver's whole message followed the URL
// (`dial tcp: lookup HOST on RESOLVER: no such host`). The dialler fails as the resolver does,
// so that nothing is looked up.
func TestConnectErrorNoSuchHost(t *testing.T) {
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, _ := net.SplitHostPort(addr)
			return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{
				Err: "no such host", Name: host, Server: "127.0.0.53:53", IsNotFound: true}}
		},
	}}
	err := runError(t, Config{Token: "t", HTTPClient: client})
	want := "discord: cannot connect to " + discordgo.EndpointGateway + ": no such host"
	if err == nil || err.Error() != want {
		t.Errorf("Run: %v\nwant %s", err, want)
	}
}

// TestConnectErrorTokenRefused checks that a token the API refuses (HTTP 401 to the gateway
// discovery) is reported as DISCORD_TOKEN's, naming the URL dialled, where it read `discord:
// connect: HTTP 401 Unauthorized, {"message": "401: Unauthorized", "code": 0}`.
func TestConnectErrorTokenRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"message": "401: Unauthorized", "code": 0}`)
	}))
	defer srv.Close()
	err := runError(t, Config{Token: "bogus", APIURL: srv.URL})
	want := "discord: " + srv.URL + "/api/v" + discordgo.APIVersion + "/gateway refused the token in DISCORD_TOKEN (401 Unauthorized): " + tokenHint
	if err == nil || err.Error() != want {
		t.Errorf("Run: %v\nwant %s", err, want)
	}
}

// TestConnectErrorNotDiscord checks that a server that is not Discord's API (a web server's
// 404 page) is named by the URL dialled, its page called an HTML page, where the error held
// the whole page and no URL.
func TestConnectErrorNotDiscord(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "<!DOCTYPE HTML>\n<html><head><title>Error response</title></head><body><h1>Error response</h1><p>Error code: 404</p></body></html>\n")
	}))
	defer srv.Close()
	err := runError(t, Config{Token: "bogus", APIURL: srv.URL})
	want := "discord: connect: " + srv.URL + "/api/v" + discordgo.APIVersion + "/gateway answered 404 Not Found: an HTML page, not Discord's API: check DISCORD_API_URL"
	if err == nil || err.Error() != want {
		t.Errorf("Run: %v\nwant %s", err, want)
	}
}

// TestConnectErrorTokenRefusedByGateway checks that a token the gateway refuses (close code
// 4004 after IDENTIFY, as Discord closes for a token it does not know) is reported as
// DISCORD_TOKEN's, where it read `discord: connect: websocket: close 4004: Authentication
// failed.`.
func TestConnectErrorTokenRefusedByGateway(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/ws") {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"url": "ws://`+srv.Listener.Addr().String()+`/ws"}`)
			return
		}
		c, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		c.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
		c.ReadMessage() // IDENTIFY
		c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."), time.Now().Add(5*time.Second))
		c.ReadMessage() // until the client closes
	}))
	defer srv.Close()
	err := runError(t, Config{Token: "bogus", APIURL: srv.URL})
	want := "discord: the gateway refused the token in DISCORD_TOKEN (close 4004 Authentication failed): " + tokenHint
	if err == nil || err.Error() != want {
		t.Errorf("Run: %v\nwant %s", err, want)
	}
}

// TestCheckToken checks that CheckToken asks Discord, through DISCORD_API_URL, whose token it
// is, and words a token refused (HTTP 401) as Run does, naming the URL dialled; a
// configuration that cannot work is refused before anything is asked.
func TestCheckToken(t *testing.T) {
	fake := fakediscord.New(t)
	if err := CheckToken(context.Background(), Config{Token: "t", APIURL: fake.URL()}); err != nil {
		t.Fatalf("CheckToken of a token Discord takes: %v", err)
	}
	if n := len(fake.Requests(fakediscord.Match("GET", "/users/@me"))); n != 1 {
		t.Errorf("%d requests for the bot's user, want 1", n)
	}
	fake.Fail("/users/@me", 1, http.StatusUnauthorized, 0)
	err := CheckToken(context.Background(), Config{Token: "bogus", APIURL: fake.URL()})
	want := "discord: " + fake.URL() + "/api/v" + discordgo.APIVersion + "/users/@me refused the token in DISCORD_TOKEN (401 Unauthorized): " + tokenHint
	if err == nil || err.Error() != want {
		t.Errorf("CheckToken of a token refused: %v\nwant %s", err, want)
	}
	if err := CheckToken(context.Background(), Config{Token: " ", APIURL: fake.URL()}); err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Errorf("CheckToken with no token: %v, want DISCORD_TOKEN named", err)
	}
	if n := len(fake.Requests(fakediscord.Match("GET", "/users/@me"))); n != 2 {
		t.Errorf("%d requests for the bot's user, want 2: none for a configuration that cannot work", n)
	}
}

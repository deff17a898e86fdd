package discord

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
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

// TestConnectErrorNamesTheOverride checks that failing to reach the API URL that replaces
// Discord's is reported with that URL, not Discord's own.
func TestConnectErrorNamesTheOverride(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + l.Addr().String()
	l.Close() // nothing listens there now: the connection is refused
	b, err := New(Config{Token: "t", APIURL: origin}, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = b.Run(ctx)
	if err == nil {
		t.Fatal("Run connected to nothing")
	}
	if got := err.Error(); !strings.Contains(got, `"`+origin+"/api/v"+discordgo.APIVersion+`/gateway"`) ||
		strings.Contains(got, discordgo.EndpointDiscord) || !strings.Contains(got, "refused") {
		t.Errorf("Run: %s\nwant it to name %s/api/v%s/gateway and the refusal, not Discord's own origin", got, origin, discordgo.APIVersion)
	}
}

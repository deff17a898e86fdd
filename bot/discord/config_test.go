package discord

import (
	"strings"
	"testing"
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

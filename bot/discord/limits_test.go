package discord

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/doctrinebot/doctrinebot/internal/fakediscord"
)

// TestLimitersAreDropped checks that the limiter of a user idle for as long as it takes to
// refill the burst is dropped, and that of a user seen since is kept with what it counted:
// a limiter was kept for every user ever seen.
func TestLimitersAreDropped(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	b := &Bot{cfg: Config{PerUser: 6, Burst: 3}, clock: func() time.Time { return now }} // refilled in 30 s
	for n := 0; n < 1000; n++ {
		b.allow(fmt.Sprint(n))
	}
	for n := 0; n < 3; n++ {
		if !b.allow("busy") {
			t.Fatalf("question %d of a burst of 3 refused", n+1)
		}
	}
	now = now.Add(20 * time.Second) // 2 questions refilled, one each 10 s
	if !b.allow("busy") || !b.allow("busy") || b.allow("busy") {
		t.Fatal("busy's limiter does not refill as configured")
	}
	now = now.Add(11 * time.Second) // 31 s after the first 1,000, 11 s after busy's last
	b.allow("new")
	if n := b.limiters.len(); n != 2 {
		t.Errorf("%d limiters held, want 2 (busy and new)", n)
	}
	if !b.allow("busy") || b.allow("busy") { // 1.1 questions refilled
		t.Error("busy's limiter was dropped with its count while in use")
	}
}

// TestThreadsAreForgotten checks that the threads remembered are bounded: by age (threadAge)
// and by number (maxThreads, the oldest forgotten first). Every thread was kept for ever.
func TestThreadsAreForgotten(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	var th threads
	th.store("old", "What is governance?", now)
	now = now.Add(threadAge + time.Second)
	if _, ok := th.question("old", now); ok {
		t.Error("a thread older than threadAge is remembered")
	}
	for n := 0; n < maxThreads+10; n++ {
		th.store(fmt.Sprint(n), "What is the security sector?", now)
	}
	if n := th.len(); n != maxThreads {
		t.Errorf("%d threads remembered, want %d", n, maxThreads)
	}
	if _, ok := th.question("0", now); ok {
		t.Error("the oldest thread is remembered past maxThreads")
	}
	if q, ok := th.question(fmt.Sprint(maxThreads+9), now); !ok || q != "What is the security sector?" {
		t.Errorf("the newest thread: %q, %v", q, ok)
	}
}

// TestSourceAndLeaderboardAreRateLimited checks that /source and /quiz leaderboard (which is
// posted in the channel) keep the per-user limit of questions: neither was limited.
func TestSourceAndLeaderboardAreRateLimited(t *testing.T) {
	fake := fakediscord.New(t)
	startRateLimitedBot(t, fake, openLibrary(t))
	w := waitCtx(t)
	for user, spec := range map[string]fakediscord.InteractionSpec{
		"601": {Name: "source", Options: []fakediscord.Option{fakediscord.StringOption("id", "nosuchpassage")}},
		"602": {Name: "quiz", Options: []fakediscord.Option{fakediscord.SubcommandOption("leaderboard")}},
	} {
		spec.GuildID, spec.ChannelID, spec.UserID = "100", "200", user
		var bodies []string
		for n := 0; n < 2; n++ {
			id, token := fake.SendInteraction(spec)
			cb, err := fake.WaitFor(w, fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback"))
			if err != nil {
				t.Fatal(err)
			}
			bodies = append(bodies, string(cb.Body))
		}
		if strings.Contains(bodies[0], "faster than") || !strings.Contains(bodies[1], "faster than") || !strings.Contains(bodies[1], `"flags":64`) {
			t.Errorf("/%s: first reply %s\nsecond reply %s\nwant the second refused, ephemerally, as too fast", spec.Name, bodies[0], bodies[1])
		}
	}
}

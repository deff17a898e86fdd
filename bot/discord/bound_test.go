package discord

import (
	"context"
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/internal/fakediscord"
)

// askAll asks question by /ask and returns the contents of every follow-up the bot posted,
// the last being the one with the feedback buttons.
func askAll(t *testing.T, h *harness, question string) []string {
	t.Helper()
	id, token := h.fake.SendInteraction(fakediscord.InteractionSpec{Name: "ask", GuildID: "100", ChannelID: "200",
		Options: []fakediscord.Option{fakediscord.StringOption("question", question)}})
	ctx := waitCtx(t)
	if _, err := h.fake.WaitFor(ctx, fakediscord.Match("POST", "/interactions/"+id+"/"+token+"/callback")); err != nil {
		t.Fatalf("no acknowledgement: %v", err)
	}
	followUp := succeeded(fakediscord.Match("POST", "/webhooks/"+fakediscord.ApplicationID+"/"+token))
	if _, err := h.fake.WaitFor(ctx, func(r fakediscord.Request) bool { return followUp(r) && r.Object()["components"] != nil }); err != nil {
		t.Fatalf("no follow-up with the feedback buttons: %v", err)
	}
	var got []string
	for _, r := range h.fake.Requests(followUp) {
		got = append(got, content(r))
	}
	return got
}

// TestHugeModelLeadIsCut checks that a chat model's reply of 100 KB, which a question can ask
// for, is cut with a note so that the answer takes at most 3 messages (see MaxLead), its
// quoted passage and citation still sent: every 2,000 characters of it were posted, 51
// follow-ups for one question. The bot keeps 4,000 bytes of such a reply as the lead, still
// more than MaxLead.
func TestHugeModelLeadIsCut(t *testing.T) {
	reply := `The sector "consists of all those institutions whose primary role" [1]. ` + strings.Repeat("It is a long story told again. ", 3300)
	a := &bot.Answerer{Index: answerer(t).Index, Generator: &bot.Generator{Model: "m", Chat: func(context.Context, string, string) (string, error) {
		return reply, nil
	}}}
	ans, err := a.Answer(context.Background(), "What is the security sector?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Generated || len(ans.Lead) < 2*MaxLead || len(ans.Quotes) == 0 {
		t.Fatalf("lead of %d bytes (generated %v), %d quotes: want the model's, over %d", len(ans.Lead), ans.Generated, len(ans.Quotes), 2*MaxLead)
	}
	h := startBot(t, nil, func(b *Bot) { b.SetAnswerer(a) })
	got := askAll(t, h, "What is the security sector?")
	if len(got) > 3 {
		t.Errorf("%d messages for one answer, want at most 3", len(got))
	}
	all := strings.Join(got, "\n")
	want := []string{"(answer cut: too long for chat)", "-# written by m"}
	for _, q := range ans.Quotes {
		want = append(want, "> "+strings.SplitN(q.Passage.Text, "\n", 2)[0], "— "+bot.Citation(q.Passage))
	}
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("the answer lacks %q", w)
		}
	}
	checkLimits(t, h.fake)
}

// TestBidiControlsAreNotPosted checks that a right-to-left override (U+202E) or another
// bidirectional formatting character in an answer's lead, its quoted passage or its source
// does not reach Discord, where it turned the rest of the line around.
func TestBidiControlsAreNotPosted(t *testing.T) {
	doc, err := corpus.Parse("harbour.md", []byte("# Harbour Rules\n\n## Pilots\n\nThe harbour pilots board every inbound vessel at the outer buoy before dawn.\n"), corpus.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	// Parse drops them; a library written by an older version, or another reader, may not.
	doc.Title += "\u202e"
	for i := range doc.Passages {
		p := &doc.Passages[i]
		p.Text = strings.Replace(p.Text, "pilots", "pilots\u202e\u2066\u200f", 1)
		p.Title = doc.Title
	}
	idx, err := bot.NewIndex(context.Background(), []*corpus.Document{doc}, bot.IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ans, err := (&bot.Answerer{Index: idx}).Answer(context.Background(), "When do the harbour pilots board a vessel?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || !strings.Contains(ans.Lead, "\u202e") {
		t.Fatalf("lead %q (answered %v): want one holding U+202E", ans.Lead, ans.Answered)
	}
	h := startBot(t, nil, func(b *Bot) { b.SetAnswerer(&bot.Answerer{Index: idx}) })
	got := strings.Join(askAll(t, h, "When do the harbour pilots board a vessel?"), "\n")
	if strings.ContainsAny(got, bidiControls) {
		t.Errorf("posted with bidirectional formatting characters: %q", got)
	}
	if !strings.Contains(got, "The harbour pilots board every inbound vessel") || !strings.Contains(got, "Harbour Rules") {
		t.Errorf("answer lacks its passage or source: %q", got)
	}
}

// TestCutLead checks that a lead longer than its room is cut after a sentence, else before a
// word, else within one, with leadCut after it, in the room, and never leaves an escape's
// backslash alone.
func TestCutLead(t *testing.T) {
	tests := []struct {
		lead string
		n    int
		want string
	}{
		{"Short enough.", 50, "Short enough."},
		{"One sentence here. Two sentences here and more words after it.", 60, "One sentence here. " + leadCut},
		{"many words in a row without any stop at all, and more of them", 50, "many words in a" + leadCut},
		{strings.Repeat(`\*`, 40), 50, strings.Repeat(`\*`, 8) + leadCut},
	}
	for _, tt := range tests {
		got := cutLead(tt.lead, tt.n)
		if got != tt.want {
			t.Errorf("cutLead(%q, %d) = %q, want %q", tt.lead, tt.n, got, tt.want)
		}
		if length(got) > tt.n {
			t.Errorf("cutLead(%q, %d) has %d characters", tt.lead, tt.n, length(got))
		}
	}
}

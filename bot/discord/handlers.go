package discord

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
)

// answerTimeout bounds the work on one question, model calls included; replyTimeout bounds
// the delivery of what came of it, which has time of its own (see replyContext).
const (
	answerTimeout = 2 * time.Minute
	replyTimeout  = 30 * time.Second
)

// replyContext is the context for delivering a reply to work done under ctx: ctx's values
// without its deadline, with replyTimeout of its own. Work that used all of its time (a chat
// model answering too late, a queue of questions before it) is still answered, where its
// reply, sent with the context that had run out, failed at once and left the member with
// "thinking…" and then nothing.
func replyContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), replyTimeout)
}

// Replies users see.
const (
	slowDown   = "You are asking faster than I can answer — please wait a moment and ask again."
	restarting = "I am restarting; please ask again in a minute."
	adminsOnly = "Only the bot's admins may use this command."
	emptyAsk   = "Please ask a question, for example `/ask question: What is the security sector?`"
)

func (b *Bot) onInteraction(s *discordgo.Session, ic *discordgo.InteractionCreate) {
	b.guard("interaction", func() {
		ctx, cancel := context.WithTimeout(context.Background(), b.answerTimeout)
		defer cancel()
		i := ic.Interaction
		switch i.Type {
		case discordgo.InteractionApplicationCommand:
			b.onCommand(ctx, i)
		case discordgo.InteractionMessageComponent:
			b.onComponent(ctx, i)
		}
	})
}

// userOf returns the ID of the user behind an interaction, in a guild or a DM.
func userOf(i *discordgo.Interaction) string {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User.ID
	}
	if i.User != nil {
		return i.User.ID
	}
	return ""
}

func (b *Bot) onCommand(ctx context.Context, i *discordgo.Interaction) {
	data := i.ApplicationCommandData()
	if b.closing.Load() {
		b.respond(ctx, i, restarting, true)
		return
	}
	switch data.Name {
	case cmdAsk:
		var question string
		private := false
		for _, o := range data.Options {
			switch o.Name {
			case "question":
				question = strings.TrimSpace(o.StringValue())
			case "private":
				private = o.BoolValue()
			}
		}
		if bot.Blank(question) {
			b.respond(ctx, i, emptyAsk, true)
			return
		}
		if !b.allow(userOf(i)) {
			b.respond(ctx, i, slowDown, true)
			return
		}
		if err := b.deferReply(ctx, i, private); err != nil {
			return
		}
		text, buttons := b.answer(ctx, question, "")
		if err := b.followUp(ctx, i, text, private, buttons); err != nil {
			b.log.Error("answer not delivered", "question", question, "error", err)
		}
	case cmdSource:
		id := ""
		if len(data.Options) > 0 {
			id = strings.TrimSpace(data.Options[0].StringValue())
		}
		if !b.allow(userOf(i)) {
			b.respond(ctx, i, slowDown, true)
			return
		}
		b.respond(ctx, i, b.source(id), true)
	case cmdCorpus:
		b.onCorpus(ctx, i, data)
	case cmdQuiz:
		b.onQuiz(ctx, i, data)
	case cmdGaps:
		if !b.isAdmin(ctx, i) {
			b.respond(ctx, i, adminsOnly, true)
			return
		}
		b.respond(ctx, i, b.gaps(ctx), true)
	default:
		b.log.Warn("unknown command", "name", data.Name)
		b.respond(ctx, i, "I do not know that command.", true)
	}
}

// answer composes the reply to a question: the message text and the feedback buttons (none
// on a refusal). A refused question is recorded as a gap; prior, if given, is the question
// this one follows up, tried with it when the question alone is refused.
func (b *Bot) answer(ctx context.Context, question, prior string) (string, []discordgo.MessageComponent) {
	select {
	case b.work <- struct{}{}:
		defer func() { <-b.work }()
	case <-ctx.Done():
		return genericError, nil
	}
	a := b.answerer.Load()
	ans, err := a.Answer(ctx, question, 1)
	if err == nil && !ans.Answered && !bot.IsSmallTalk(question) && prior != "" {
		// A follow-up the corpus cannot answer alone ("and in practice?", "why?") is read
		// with the thread's question; thanks and greetings are not.
		if again, err2 := a.Answer(ctx, prior+" "+question, 1); err2 == nil && again.Answered {
			ans = again
		}
	}
	if errors.Is(err, bot.ErrQuestionTooLong) {
		return fmt.Sprintf("That question is too long: please ask it in at most %d characters.", bot.MaxQuestionRunes), nil
	}
	if err != nil {
		b.log.Error("answering failed", "question", question, "error", err)
		return genericError, nil
	}
	if ans.SmallTalk || ans.FollowUp {
		return AnswerText(ans), nil // no gap in the corpus: nothing was asked of it
	}
	if !ans.Answered {
		b.log.Info("refused", "question", question, "reason", ans.Refusal)
		if b.store != nil && ans.Gap() {
			if err := b.store.RecordGap(ctx, question); errors.Is(err, bot.ErrGapsFull) {
				b.log.Debug("gap not recorded", "error", err)
			} else if err != nil {
				b.log.Warn("gap not recorded", "error", err)
			}
		}
		return AnswerText(ans), nil
	}
	if ans.Fallback != "" {
		b.log.Warn("model answer unavailable, extractive answer given", "question", question, "reason", ans.Fallback)
	}
	return AnswerText(ans), feedbackButtons(ans.Quotes[0].Passage.ID, question)
}

// Feedback buttons: custom_id "fb:<up|down>:<passage ID>:<question hash>", well under
// MaxCustomID.
func feedbackButtons(passageID, question string) []discordgo.MessageComponent {
	h := questionHash(question)
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Helpful", Emoji: &discordgo.ComponentEmoji{Name: "👍"}, Style: discordgo.SecondaryButton, CustomID: "fb:up:" + passageID + ":" + h},
		discordgo.Button{Label: "Not helpful", Emoji: &discordgo.ComponentEmoji{Name: "👎"}, Style: discordgo.SecondaryButton, CustomID: "fb:down:" + passageID + ":" + h},
	}}}
}

// questionHash is 12 hex digits of the SHA-256 of the question, to tie feedback to it.
func questionHash(q string) string {
	sum := sha256.Sum256([]byte(q))
	return hex.EncodeToString(sum[:6])
}

func (b *Bot) onComponent(ctx context.Context, i *discordgo.Interaction) {
	id := i.MessageComponentData().CustomID
	parts := strings.Split(id, ":")
	if len(parts) >= 3 && (parts[0] == "qz" && len(parts) >= 4 || parts[0] == "qr") && b.quizzes != nil {
		b.onQuizButton(ctx, i, parts)
		return
	}
	if len(parts) != 4 || parts[0] != "fb" || (parts[1] != "up" && parts[1] != "down") {
		b.log.Warn("unknown component", "custom_id", id)
		b.respond(ctx, i, "That button is no longer in use.", true)
		return
	}
	f := bot.Feedback{PassageID: parts[2], QuestionHash: parts[3], UserID: userOf(i), Helpful: parts[1] == "up", Time: time.Now().UTC()}
	if b.store != nil {
		if err := b.store.RecordFeedback(ctx, f); err != nil {
			b.log.Error("feedback not recorded", "error", err)
			b.respond(ctx, i, genericError, true)
			return
		}
	}
	b.respond(ctx, i, "Thank you — your feedback is recorded.", true)
}

// source renders a passage with its neighbours for /source.
func (b *Bot) source(id string) string {
	ps := b.answerer.Load().Index.Context(id, 1)
	if ps == nil {
		return fmt.Sprintf("There is no passage %q. Passage IDs are the 12 characters after “passage” under an answer.", id)
	}
	var s strings.Builder
	for _, p := range ps {
		if p.ID == id {
			s.WriteString("**Passage " + p.ID + "**\n")
		} else {
			s.WriteString("-# neighbouring passage " + p.ID + "\n")
		}
		s.WriteString(quoteBlock(p) + "\n\n")
	}
	return strings.TrimSpace(s.String())
}

func (b *Bot) gaps(ctx context.Context) string {
	if b.store == nil {
		return "Refused questions are not being recorded."
	}
	gaps, err := b.store.Gaps(ctx, 25)
	if err != nil {
		b.log.Error("gaps", "error", err)
		return genericError
	}
	if len(gaps) == 0 {
		return "No refused questions yet."
	}
	var s strings.Builder
	s.WriteString("**Questions the corpus could not answer** (times asked):\n")
	for _, g := range gaps {
		// A member's question, one line of plain text: its line breaks and markdown (a code
		// fence, a heading, a masked link) would otherwise shape the list.
		fmt.Fprintf(&s, "- %d × %s\n", g.Count, escapeMarkdown(strings.Join(strings.Fields(g.Question), " ")))
	}
	return s.String()
}

// maxUpload is the largest attachment /corpus add downloads (50 MiB, the corpus's limit).
const maxUpload = corpus.MaxFileSize

func (b *Bot) onCorpus(ctx context.Context, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	if !b.isAdmin(ctx, i) {
		b.respond(ctx, i, adminsOnly, true)
		return
	}
	if b.admin == nil {
		b.respond(ctx, i, "This bot answers from its built-in corpus; it has no library to manage.", true)
		return
	}
	if len(data.Options) == 0 {
		b.respond(ctx, i, "Use /corpus list, /corpus add or /corpus remove.", true)
		return
	}
	sub := data.Options[0]
	if err := b.deferReply(ctx, i, true); err != nil {
		return
	}
	var reply string
	switch sub.Name {
	case "list":
		docs, err := b.admin.ListDocuments(ctx)
		switch {
		case err != nil:
			b.log.Error("corpus list", "error", err)
			reply = genericError
		case len(docs) == 0:
			reply = "The library is empty: answers come from the built-in corpus."
		default:
			reply = "**Documents in the library:**\n- " + strings.Join(docs, "\n- ")
		}
	case "add":
		reply = b.addAttachment(ctx, data, sub)
	case "remove":
		id := ""
		if len(sub.Options) > 0 {
			id = sub.Options[0].StringValue()
		}
		if err := b.admin.RemoveDocument(ctx, id); err != nil {
			b.log.Warn("corpus remove", "id", id, "error", err)
			reply = fmt.Sprintf("Could not remove %q: %v", id, err)
		} else {
			reply = fmt.Sprintf("Removed %q.", id)
		}
	default:
		reply = "Use /corpus list, /corpus add or /corpus remove."
	}
	if err := b.followUp(ctx, i, reply, true, nil); err != nil {
		b.log.Error("corpus reply not delivered", "error", err)
	}
}

// addAttachment downloads the attachment of /corpus add and adds it to the library.
func (b *Bot) addAttachment(ctx context.Context, data discordgo.ApplicationCommandInteractionData, sub *discordgo.ApplicationCommandInteractionDataOption) string {
	name, body, problem := b.fetchAttachment(ctx, data, sub, maxUpload)
	if problem != "" {
		return problem
	}
	msg, err := b.admin.AddDocument(ctx, name, body)
	if err != nil {
		b.log.Warn("corpus add", "file", name, "error", err)
		return fmt.Sprintf("Could not add %s: %v", name, err)
	}
	return msg
}

// fetchAttachment downloads the file attached as a subcommand's first option, of at most
// limit bytes. It returns the file's name and content, or a reply saying what went wrong.
func (b *Bot) fetchAttachment(ctx context.Context, data discordgo.ApplicationCommandInteractionData, sub *discordgo.ApplicationCommandInteractionDataOption, limit int) (name string, body []byte, problem string) {
	if len(sub.Options) == 0 || data.Resolved == nil {
		return "", nil, "Attach a file."
	}
	att := data.Resolved.Attachments[fmt.Sprint(sub.Options[0].Value)]
	if att == nil {
		return "", nil, "Attach a file."
	}
	if att.Size > limit {
		return "", nil, fmt.Sprintf("%s is %d bytes; the limit is %d.", att.Filename, att.Size, limit)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, att.URL, nil)
	if err != nil {
		return "", nil, fmt.Sprintf("Could not fetch %s.", att.Filename)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.log.Warn("attachment download", "file", att.Filename, "error", err)
		return "", nil, fmt.Sprintf("Could not fetch %s.", att.Filename)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", nil, fmt.Sprintf("Could not fetch %s (HTTP %d).", att.Filename, resp.StatusCode)
	}
	body, err = io.ReadAll(io.LimitReader(resp.Body, int64(limit)+1))
	if err != nil || len(body) > limit {
		return "", nil, fmt.Sprintf("Could not read %s, or it is over %d bytes.", att.Filename, limit)
	}
	return att.Filename, body, ""
}

// isAdmin reports whether the interaction's member has one of the admin roles, by ID or name.
func (b *Bot) isAdmin(ctx context.Context, i *discordgo.Interaction) bool {
	return b.hasRole(ctx, i, b.cfg.AdminRoles)
}

// hasRole reports whether the interaction's member has one of roles, by ID or name.
func (b *Bot) hasRole(ctx context.Context, i *discordgo.Interaction, roles []string) bool {
	if i.Member == nil || len(roles) == 0 {
		return false
	}
	want := map[string]bool{}
	for _, r := range roles {
		want[strings.ToLower(strings.TrimSpace(r))] = true
	}
	var names map[string]string // role ID → name, fetched only if needed
	for _, id := range i.Member.Roles {
		if want[id] {
			return true
		}
		if names == nil {
			names = b.roleNames(ctx, i.GuildID)
		}
		if want[strings.ToLower(names[id])] {
			return true
		}
	}
	return false
}

// roleNames maps a guild's role IDs to names, from the gateway's state or else the REST API.
func (b *Bot) roleNames(ctx context.Context, guildID string) map[string]string {
	out := map[string]string{}
	if g, err := b.session.State.Guild(guildID); err == nil {
		for _, r := range g.Roles {
			out[r.ID] = r.Name
		}
		return out
	}
	roles, err := call(ctx, b, "guild roles", func(opts ...discordgo.RequestOption) ([]*discordgo.Role, error) {
		return b.session.GuildRoles(guildID, opts...)
	})
	if err == nil {
		for _, r := range roles {
			out[r.ID] = r.Name
		}
	}
	return out
}

// mention matches a user or role mention in message content.
var mention = regexp.MustCompile(`<@[!&]?\d+>`)

func (b *Bot) onMessage(s *discordgo.Session, m *discordgo.MessageCreate) {
	b.guard("message", func() {
		if m.Author == nil || m.Author.Bot || s.State.User == nil || m.Author.ID == s.State.User.ID {
			return
		}
		dm := m.GuildID == ""
		mentioned := false
		for _, u := range m.Mentions {
			if u.ID == s.State.User.ID {
				mentioned = true
			}
		}
		if !dm && !mentioned {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), b.answerTimeout)
		defer cancel()
		question := strings.TrimSpace(mention.ReplaceAllString(m.Content, ""))
		reply := func(text string, buttons []discordgo.MessageComponent, channelID string, ref bool) {
			b.send(ctx, channelID, text, buttons, m.Message, ref)
		}
		switch {
		case b.closing.Load():
			reply(restarting, nil, m.ChannelID, true)
			return
		case bot.CleanQuestion(question) == "":
			// Nothing but the mention, or markup such as a custom emoji.
			reply("Ask me a question about the corpus, for example: “What is the security sector?”", nil, m.ChannelID, true)
			return
		case !b.allow(m.Author.ID):
			reply(slowDown, nil, m.ChannelID, true)
			return
		case bot.IsSmallTalk(question):
			// "thanks!", "hello": answered where it was said, with no thread started for it
			// and no question remembered.
			text, buttons := b.answer(ctx, question, "")
			reply(text, buttons, m.ChannelID, true)
			return
		}
		channelID, ref := m.ChannelID, true
		prior, inThread := b.threadQuestion(ctx, m.ChannelID, dm)
		if !inThread && !dm && !b.isThread(ctx, m.ChannelID) {
			// Answer in a thread started on the question, so that follow-ups keep its context.
			if th, err := call(ctx, b, "start thread", func(opts ...discordgo.RequestOption) (*discordgo.Channel, error) {
				return s.MessageThreadStart(m.ChannelID, m.ID, threadName(question), 1440, opts...)
			}); err == nil {
				channelID, ref = th.ID, false
			}
		}
		_ = s.ChannelTyping(channelID, discordgo.WithContext(ctx))
		text, buttons := b.answer(ctx, question, prior)
		started := b.now()
		if channelID != m.ChannelID {
			// The thread's question, which every follow-up in it is read with: a follow-up
			// never takes its place.
			b.threads.store(channelID, question, started)
		}
		reply(text, buttons, channelID, ref)
		if channelID != m.ChannelID {
			b.saveThread(ctx, channelID, question, started)
		}
	})
}

// threadQuestion returns the question the thread channelID was started on, if the bot started
// it at most threadAge ago: from memory, else (outside direct messages) from the store, which
// keeps it across restarts. An error reading the store is logged, and the message is then
// answered alone.
func (b *Bot) threadQuestion(ctx context.Context, channelID string, dm bool) (string, bool) {
	now := b.now()
	if q, ok := b.threads.question(channelID, now); ok || dm || b.store == nil {
		return q, ok
	}
	q, err := b.store.ThreadQuestion(ctx, channelID, now.Add(-threadAge))
	if err != nil {
		b.log.Warn("thread's question not read", "thread", channelID, "error", err)
		return "", false
	}
	return q, q != ""
}

// saveThread keeps the question thread id was started on at started in the store, if there is
// one, with the bounds of the threads remembered (threadAge, maxThreads), within replyTimeout
// even when ctx has run out (see replyContext). An error is logged: the thread's follow-ups
// are then read with its question until the bot restarts.
func (b *Bot) saveThread(ctx context.Context, id, question string, started time.Time) {
	if b.store == nil {
		return
	}
	ctx, cancel := replyContext(ctx)
	defer cancel()
	if err := b.store.SaveThread(ctx, id, question, started, started.Add(-threadAge), maxThreads); err != nil {
		b.log.Warn("thread's question not saved", "thread", id, "error", err)
	}
}

// isThread reports whether a channel is a thread, from the state or the REST API.
func (b *Bot) isThread(ctx context.Context, channelID string) bool {
	if ch, err := b.session.State.Channel(channelID); err == nil {
		return ch.IsThread()
	}
	ch, err := call(ctx, b, "channel", func(opts ...discordgo.RequestOption) (*discordgo.Channel, error) {
		return b.session.Channel(channelID, opts...)
	})
	return err == nil && ch.IsThread()
}

// maxThreadName is the most characters (see length) of a thread's name, as Discord allows.
const maxThreadName = 100

// untitledThread names the thread of a question that shows nothing to name it by.
const untitledThread = "Your question"

// blankChars are letters and symbols that show as nothing: the braille blank, the Hangul
// fillers and the Khmer inherent vowels.
const blankChars = "\u2800\u3164\u115f\u1160\uffa0\u17b4\u17b5"

// threadName names a thread after its question as bot.CleanQuestion leaves it (no zero-width
// or control characters, white space collapsed), cut to Discord's 100 characters, counted as
// Discord counts them (UTF-16 units, see length), "…" included. A question that shows no
// letter, digit, punctuation or symbol gets untitledThread: Discord refuses an empty name,
// and a blank-looking one reads as nothing.
func threadName(q string) string {
	q = bot.CleanQuestion(q)
	if !strings.ContainsFunc(q, func(r rune) bool {
		return unicode.In(r, unicode.L, unicode.N, unicode.P, unicode.S) && !strings.ContainsRune(blankChars, r)
	}) {
		return untitledThread
	}
	return clip(q, maxThreadName)
}

// send posts text to a channel as one or more messages, the first replying to ref when asked,
// the last carrying the buttons, within replyTimeout even when ctx has run out (see
// replyContext); allowed mentions are always none. It stops at the first message not
// delivered, and returns that error (also logged).
func (b *Bot) send(ctx context.Context, channelID, text string, buttons []discordgo.MessageComponent, ref *discordgo.Message, reply bool) error {
	ctx, cancel := replyContext(ctx)
	defer cancel()
	parts := messages(text)
	for n, part := range parts {
		msg := &discordgo.MessageSend{Content: part, AllowedMentions: noMentions}
		if n == 0 && reply && ref != nil {
			msg.Reference = &discordgo.MessageReference{MessageID: ref.ID, ChannelID: ref.ChannelID, GuildID: ref.GuildID}
		}
		if n == len(parts)-1 {
			msg.Components = buttons
		}
		if _, err := call(ctx, b, "send", func(opts ...discordgo.RequestOption) (*discordgo.Message, error) {
			return b.session.ChannelMessageSendComplex(channelID, msg, opts...)
		}); err != nil {
			b.log.Error("message not delivered", "channel", channelID, "error", err)
			return err
		}
	}
	return nil
}

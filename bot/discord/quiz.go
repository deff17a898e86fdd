package discord

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/quiz"
)

// QuizStore keeps quizzes: the item bank, running sessions (for resuming after a restart),
// results, review schedules and leaderboards. The library implements it.
type QuizStore interface {
	Items(ctx context.Context, status quiz.Status) ([]quiz.Item, error)
	// AddItems stores items: added is how many were new and are stored live; retired are
	// those stored retired, new or not, their passage being no longer in the library, so
	// never listed nor asked (see library.Library.AddItems).
	AddItems(ctx context.Context, items []quiz.Item) (added int, retired []quiz.Item, err error)
	SaveSession(ctx context.Context, s *quiz.Session) error
	OpenSessions(ctx context.Context) ([]*quiz.Session, error)
	RecordResults(ctx context.Context, sessionID string, results []quiz.Result, now time.Time) error
	RecordReview(ctx context.Context, member, itemID string, correct bool, now time.Time) error
	DueReviews(ctx context.Context, member string, now time.Time, limit int) ([]quiz.Item, []quiz.Review, error)
	Leaderboard(ctx context.Context, channel string, limit int) ([]quiz.Score, error)
}

// Quiz defaults and bounds.
const (
	defaultQuestions = 5
	maxQuestions     = 25
	defaultSeconds   = 30
	minSeconds       = 5
	maxSeconds       = 300
	// maxTopic is the most characters of a quiz's topic (Discord holds the option to it).
	maxTopic = 100
)

// runningQuiz is a quiz in progress in one channel.
type runningQuiz struct {
	mu      sync.Mutex // guards s
	s       *quiz.Session
	stop    chan struct{}
	stopped sync.Once
}

// quizCommand is the /quiz command with its subcommands.
func quizCommand() *discordgo.ApplicationCommand {
	minQ, minS := float64(1), float64(minSeconds)
	no := false
	return &discordgo.ApplicationCommand{Name: cmdQuiz, Description: "Quizzes drawn from the corpus", DMPermission: &no, Options: []*discordgo.ApplicationCommandOption{
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "start", Description: "Start a quiz in this channel (trainers)", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "topic", Description: "Only questions about this", MaxLength: maxTopic},
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "questions", Description: "How many questions (default 5)", MinValue: &minQ, MaxValue: maxQuestions},
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "seconds", Description: "Seconds per question (default 30)", MinValue: &minS, MaxValue: maxSeconds},
		}},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "stop", Description: "Stop the quiz in this channel (trainers)"},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "leaderboard", Description: "Scores of this channel's quizzes"},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "review", Description: "Drill the questions you missed (only you see it)"},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "import", Description: "Import a question bank in YAML (trainers)", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionAttachment, Name: "file", Description: "The bank (.yaml)", Required: true},
		}},
	}}
}

func (b *Bot) onQuiz(ctx context.Context, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	if b.quizzes == nil {
		b.respond(ctx, i, "Quizzes are not set up on this bot.", true)
		return
	}
	if len(data.Options) == 0 {
		b.respond(ctx, i, "Use /quiz start, stop, leaderboard, review or import.", true)
		return
	}
	sub := data.Options[0]
	switch sub.Name {
	case "start":
		if !b.isTrainer(ctx, i) {
			b.respond(ctx, i, trainersOnly, true)
			return
		}
		b.startQuiz(ctx, i, sub)
	case "stop":
		if !b.isTrainer(ctx, i) {
			b.respond(ctx, i, trainersOnly, true)
			return
		}
		if rq := b.quizIn(i.ChannelID); rq != nil {
			rq.stopped.Do(func() { close(rq.stop) })
			b.respond(ctx, i, "Stopping the quiz: the results follow.", false)
		} else {
			b.respond(ctx, i, "No quiz is running in this channel.", true)
		}
	case "leaderboard":
		// Posted in the channel for all to see: as often as a member may ask a question.
		if !b.allow(userOf(i)) {
			b.respond(ctx, i, slowDown, true)
			return
		}
		scores, err := b.quizzes.Leaderboard(ctx, i.ChannelID, 10)
		if err != nil {
			b.log.Error("leaderboard", "error", err)
			b.respond(ctx, i, genericError, true)
			return
		}
		b.respond(ctx, i, leaderboardText("Leaderboard of this channel", scores), false)
	case "review":
		b.review(ctx, i, userOf(i), "")
	case "import":
		if !b.isTrainer(ctx, i) {
			b.respond(ctx, i, trainersOnly, true)
			return
		}
		if err := b.deferReply(ctx, i, true); err != nil {
			return
		}
		b.followUp(ctx, i, b.importBank(ctx, data, sub), true, nil)
	default:
		b.respond(ctx, i, "Use /quiz start, stop, leaderboard, review or import.", true)
	}
}

// maxBank is the largest question bank /quiz import downloads (5 MiB).
const maxBank = 5 << 20

// Replies of the quiz commands.
const trainersOnly = "Only trainers may start, stop or import quizzes."

// isTrainer reports whether the member may run quizzes: trainer roles when configured, else
// the admin roles.
func (b *Bot) isTrainer(ctx context.Context, i *discordgo.Interaction) bool {
	if len(b.cfg.TrainerRoles) == 0 {
		return b.isAdmin(ctx, i)
	}
	return b.hasRole(ctx, i, b.cfg.TrainerRoles)
}

func (b *Bot) quizIn(channelID string) *runningQuiz {
	if v, ok := b.running.Load(channelID); ok {
		return v.(*runningQuiz)
	}
	return nil
}

func (b *Bot) startQuiz(ctx context.Context, i *discordgo.Interaction, sub *discordgo.ApplicationCommandInteractionDataOption) {
	topic, n, seconds := "", defaultQuestions, defaultSeconds
	for _, o := range sub.Options {
		switch o.Name {
		case "topic":
			topic = strings.TrimSpace(o.StringValue())
		case "questions":
			n = min(max(int(o.IntValue()), 1), maxQuestions)
		case "seconds":
			seconds = min(max(int(o.IntValue()), 1), maxSeconds) // Discord holds users to minSeconds
		}
	}
	if topic != "" && !quiz.TopicHasWords(topic) {
		// "😀" would match every question, as no topic does.
		b.respond(ctx, i, "That topic holds no word to look for: give a word or two of what the questions should be about, or no topic.", true)
		return
	}
	// The channel is taken while its quiz is set up, so that a second start meanwhile (a
	// double submit, two trainers at once) is refused rather than announced and saved too.
	if _, busy := b.starting.LoadOrStore(i.ChannelID, struct{}{}); busy || b.quizIn(i.ChannelID) != nil {
		if !busy {
			b.starting.Delete(i.ChannelID)
		}
		b.respond(ctx, i, "A quiz is already running in this channel; /quiz stop ends it.", true)
		return
	}
	defer b.starting.Delete(i.ChannelID) // after runQuiz, which puts the quiz in b.running
	// Choosing the questions may generate them from the whole corpus, seconds on a large
	// library: the trainer is answered first, privately (Discord allows 3 seconds), and the
	// quiz announced in the channel.
	if err := b.deferReply(ctx, i, true); err != nil {
		return
	}
	tell := func(text string) {
		if err := b.followUp(ctx, i, text, true, nil); err != nil {
			b.log.Error("quiz reply not delivered", "error", err)
		}
	}
	items, generated, err := b.quizItems(ctx, topic, n)
	if err != nil {
		b.log.Error("quiz items", "error", err)
		tell(genericError)
		return
	}
	if len(items) == 0 {
		tell(fmt.Sprintf("There are no questions about %q in the corpus.", clip(topic, maxTopic)))
		return
	}
	note := ""
	if generated {
		note = " (no approved questions yet, so these are freshly generated from the corpus)"
	}
	// A channel the bot may not post in would have the quiz run unseen.
	if err := b.send(ctx, i.ChannelID, fmt.Sprintf("**Quiz:** %d questions, %d seconds each%s. Click a button to answer; you may change your answer until the time is up.", len(items), seconds, note), nil, nil, false); err != nil {
		tell("I cannot post in this channel, so the quiz has not started: give me the View Channel and Send Messages permissions here, or start it in another channel.")
		return
	}
	now := time.Now()
	s := quiz.NewSession(fmt.Sprintf("%s-%d", i.ChannelID, now.UnixMilli()), i.ChannelID, topic, items, seconds, now)
	if err := b.quizzes.SaveSession(ctx, s); err != nil {
		b.log.Error("quiz save", "error", err)
		tell(genericError)
		return
	}
	tell(fmt.Sprintf("The quiz has started: %d questions, %d seconds each. /quiz stop ends it.", len(items), seconds))
	b.runQuiz(s)
}

// quizItems picks up to n items about topic: approved items of the bank, else items
// generated from the corpus now (generated is then true).
func (b *Bot) quizItems(ctx context.Context, topic string, n int) ([]quiz.Item, bool, error) {
	items, err := b.quizzes.Items(ctx, quiz.Approved)
	if err != nil {
		return nil, false, err
	}
	generated := false
	if len(items) == 0 {
		items = quiz.Generate(b.answerer.Load().Index.Documents(), quiz.GenerateOptions{Seed: uint64(time.Now().UnixNano())})
		generated = true
		// Kept in the bank as pending, for trainers to review and for members' reviews.
		if _, _, err := b.quizzes.AddItems(ctx, items); err != nil {
			return nil, false, err
		}
	}
	var out []quiz.Item
	for _, it := range items {
		if topic == "" || it.Matches(topic) {
			out = append(out, it)
		}
	}
	// A different selection each quiz: rotate by the clock, keep the bank's order after.
	if len(out) > n {
		start := int(time.Now().UnixNano() % int64(len(out)))
		out = append(out[start:], out[:start]...)[:n]
	}
	for k := range out {
		b.freshSource(&out[k])
	}
	return out, generated, nil
}

// freshSource sets an item's Source to its passage's as the index holds it now (same document
// and passage ID, hence the same text), so that an item stored before its source carried the
// edition and pages is cited as answers cite the passage (see quiz.UpdateSources). An item
// whose passage the index no longer holds keeps its Source.
func (b *Bot) freshSource(it *quiz.Item) {
	if p := b.answerer.Load().Index.Passage(it.Source.PassageID); p != nil && p.DocumentID == it.Source.DocumentID {
		it.Source = quiz.SourceOf(p)
	}
}

// runQuiz runs a session in its channel in the background until it ends, is stopped, or the
// bot shuts down (then it is saved as it is and resumed at the next start). A session saved
// while the bot was shutting down is not started: it is resumed at the next start too.
func (b *Bot) runQuiz(s *quiz.Session) {
	b.quizMu.Lock()
	defer b.quizMu.Unlock()
	if b.closing.Load() {
		b.log.Info("quiz kept for the next start", "session", s.ID)
		return
	}
	rq := &runningQuiz{s: s, stop: make(chan struct{})}
	if _, loaded := b.running.LoadOrStore(s.Channel, rq); loaded {
		return
	}
	b.quizWG.Add(1)
	go func() {
		defer b.quizWG.Done()
		defer b.running.Delete(s.Channel)
		b.guard("quiz", func() { b.quizLoop(rq) })
	}()
}

func (b *Bot) quizLoop(rq *runningQuiz) {
	ctx := context.Background()
	for {
		rq.mu.Lock()
		s := rq.s
		var it *quiz.Item
		var wait time.Duration
		if s.Open && s.Current >= 0 { // resumed with a question open
			it = &s.Items[s.Current]
			wait = time.Until(s.Deadline)
		} else {
			var err error
			if it, err = s.Next(time.Now()); err != nil {
				rq.mu.Unlock()
				b.endQuiz(ctx, rq)
				return
			}
			wait = time.Duration(s.Seconds) * time.Second
			b.saveQuiz(ctx, s)
			b.send(ctx, s.Channel, questionText(s, it), questionButtons(s, it), nil, false)
		}
		rq.mu.Unlock()
		select {
		case <-time.After(max(wait, 0)):
		case <-rq.stop:
			b.endQuiz(ctx, rq)
			return
		case <-b.quit:
			return // saved as it is; resumed at the next start
		}
		b.revealQuestion(ctx, rq)
	}
}

// revealQuestion closes the current question and posts its reveal: the right answer, how
// many answered right, and the source passage quoted.
func (b *Bot) revealQuestion(ctx context.Context, rq *runningQuiz) {
	rq.mu.Lock()
	defer rq.mu.Unlock()
	s := rq.s
	if !s.Open {
		return
	}
	rv, err := s.Reveal()
	if err != nil {
		return
	}
	if err := b.quizzes.RecordResults(ctx, s.ID, rv.Results, time.Now()); err != nil {
		b.log.Error("quiz results", "error", err)
	}
	b.saveQuiz(ctx, s)
	b.send(ctx, s.Channel, revealText(rv), nil, nil, false)
}

// endQuiz reveals the open question, if any, ends the session and posts the leaderboard.
func (b *Bot) endQuiz(ctx context.Context, rq *runningQuiz) {
	b.revealQuestion(ctx, rq)
	rq.mu.Lock()
	defer rq.mu.Unlock()
	rq.s.Finish(time.Now())
	b.saveQuiz(ctx, rq.s)
	b.send(ctx, rq.s.Channel, leaderboardText("**Quiz over.** Leaderboard", rq.s.Leaderboard()), nil, nil, false)
}

func (b *Bot) saveQuiz(ctx context.Context, s *quiz.Session) {
	if err := b.quizzes.SaveSession(ctx, s); err != nil {
		b.log.Error("quiz save", "session", s.ID, "error", err)
	}
}

// resumeQuizzes carries on the quizzes that were running when the bot last stopped. A quiz
// started since the bot started (it is served while quizzes are looked for) is running
// already, and takes its channel: another quiz of that channel is marked finished, not
// resumed, where it stayed open in the library and was said to go on at every start. Told to
// stop meanwhile (ctx ended), it resumes no more quizzes and logs no error: those it leaves stay
// open in the library, to resume at the next start.
func (b *Bot) resumeQuizzes(ctx context.Context) {
	if b.quizzes == nil || ctx.Err() != nil {
		return
	}
	open, err := b.quizzes.OpenSessions(ctx)
	if stopped(ctx, err) {
		b.log.Info("quizzes not resumed: stopping")
		return
	}
	if err != nil {
		b.log.Error("quiz resume", "error", err)
		return
	}
	for _, s := range open {
		if ctx.Err() != nil {
			b.log.Info("quizzes not resumed: stopping")
			return
		}
		b.resumeQuiz(ctx, s)
	}
}

// resumeQuiz carries on s in its channel, or marks it finished when another quiz has the
// channel (see resumeQuizzes). The channel is taken while s is resumed, as startQuiz takes it.
func (b *Bot) resumeQuiz(ctx context.Context, s *quiz.Session) {
	if !s.Started.Before(b.runSince) {
		return // started since the bot started: running or about to, not to resume
	}
	_, busy := b.starting.LoadOrStore(s.Channel, struct{}{})
	if !busy {
		defer b.starting.Delete(s.Channel)
	}
	if busy || b.quizIn(s.Channel) != nil {
		b.log.Warn("quiz not resumed: another quiz was started in its channel", "session", s.ID, "channel", s.Channel)
		s.Finish(time.Now())
		b.saveQuiz(ctx, s)
		return
	}
	b.log.Info("resuming quiz", "session", s.ID, "channel", s.Channel, "question", s.Current+1)
	b.send(ctx, s.Channel, "The bot restarted; the quiz goes on.", nil, nil, false)
	if ctx.Err() != nil {
		return // told to stop meanwhile: still open in the library, it goes on at the next start
	}
	b.runQuiz(s)
}

// Quiz button custom IDs: "qz:<option>:<question>:<session>" for a quiz question,
// "qr:<option>:<item>" for a review; well under MaxCustomID.
func questionButtons(s *quiz.Session, it *quiz.Item) []discordgo.MessageComponent {
	var row []discordgo.MessageComponent
	for o := range it.Options {
		id := "qz:" + strconv.Itoa(o) + ":" + strconv.Itoa(s.Current) + ":" + s.ID
		if len(id) > MaxCustomID {
			id = id[:MaxCustomID]
		}
		row = append(row, discordgo.Button{Label: it.Label(o), Style: discordgo.PrimaryButton, CustomID: id})
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}

func questionText(s *quiz.Session, it *quiz.Item) string {
	var t strings.Builder
	fmt.Fprintf(&t, "**Question %d of %d** — %d seconds\n%s\n", s.Current+1, len(s.Items), s.Seconds, it.Stem)
	if it.Kind != quiz.TrueFalse {
		for o, opt := range it.Options {
			fmt.Fprintf(&t, "\n**%s)** %s", it.Label(o), opt)
		}
	}
	return t.String()
}

func revealText(rv quiz.Reveal) string {
	it := rv.Item
	var t strings.Builder
	fmt.Fprintf(&t, "**Answer: %s) %s** — %d of %d answered right.\n\n", it.Label(it.Answer), it.Right(), rv.Right, len(rv.Results))
	t.WriteString(quoteBlock(it.Source.Passage()))
	return t.String()
}

func leaderboardText(title string, scores []quiz.Score) string {
	if len(scores) == 0 {
		return title + ": nobody has answered yet."
	}
	var t strings.Builder
	t.WriteString(title + ":\n")
	for n, sc := range scores {
		name := plainName(sc.Name) // the member's choice, in a public message
		if name == "" {
			name = "<@" + sc.Member + ">" // allowed mentions are none: shown, never pinged
		}
		fmt.Fprintf(&t, "%d. %s — %d right of %d\n", n+1, name, sc.Right, sc.Answered)
		if n == 9 {
			break
		}
	}
	return t.String()
}

// onQuizButton records a member's answer to a quiz question, or to a review item.
func (b *Bot) onQuizButton(ctx context.Context, i *discordgo.Interaction, parts []string) {
	member := userOf(i)
	option, err := strconv.Atoi(parts[1])
	if err != nil {
		b.respond(ctx, i, "That button is no longer in use.", true)
		return
	}
	if parts[0] == "qr" {
		b.reviewAnswer(ctx, i, member, parts[2], option)
		return
	}
	q, err := strconv.Atoi(parts[2])
	rq := b.quizIn(i.ChannelID)
	if err != nil || rq == nil {
		b.respond(ctx, i, "This quiz is over.", true)
		return
	}
	rq.mu.Lock()
	s := rq.s
	msg := ""
	switch {
	case s.ID != strings.Join(parts[3:], ":") || s.Current != q:
		msg = "This question is closed."
	default:
		err := s.Answer(member, displayName(i), option, time.Now())
		switch {
		case errors.Is(err, quiz.ErrClosed):
			msg = "Time is up for this question."
		case err != nil:
			msg = "That is not an option of this question."
		default:
			b.saveQuiz(ctx, s)
			msg = fmt.Sprintf("Your answer %s is recorded; you may change it until the time is up.", s.Items[q].Label(option))
		}
	}
	rq.mu.Unlock()
	b.respond(ctx, i, msg, true)
}

// displayName is the member's name as shown in the guild.
func displayName(i *discordgo.Interaction) string {
	if i.Member != nil {
		if i.Member.Nick != "" {
			return i.Member.Nick
		}
		if i.Member.User != nil {
			if i.Member.User.GlobalName != "" {
				return i.Member.User.GlobalName
			}
			return i.Member.User.Username
		}
	}
	if i.User != nil {
		return i.User.Username
	}
	return ""
}

// review shows member the next item due for review, ephemerally; prefix (the result of the
// previous one) comes first.
func (b *Bot) review(ctx context.Context, i *discordgo.Interaction, member, prefix string) {
	items, _, err := b.quizzes.DueReviews(ctx, member, time.Now(), 1)
	if err != nil {
		b.log.Error("reviews", "error", err)
		b.respond(ctx, i, genericError, true)
		return
	}
	if len(items) == 0 {
		b.respond(ctx, i, prefix+"Nothing is due for review: questions you miss in quizzes come back here (Leitner boxes: after 1, 2, 4, 8 and 16 days).", true)
		return
	}
	it := &items[0]
	b.freshSource(it)
	var row []discordgo.MessageComponent
	for o := range it.Options {
		row = append(row, discordgo.Button{Label: it.Label(o), Style: discordgo.SecondaryButton, CustomID: "qr:" + strconv.Itoa(o) + ":" + it.ID})
	}
	text := prefix + "**Review**\n" + strings.TrimPrefix(questionText(&quiz.Session{Current: 0, Items: []quiz.Item{*it}}, it), "**Question 1 of 1** — 0 seconds\n")
	err = func() error {
		_, err := call(ctx, b, "review", func(opts ...discordgo.RequestOption) (struct{}, error) {
			return struct{}{}, b.session.InteractionRespond(i, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: messages(text)[0], AllowedMentions: noMentions, Flags: discordgo.MessageFlagsEphemeral,
					Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}},
			}, opts...)
		})
		return err
	}()
	if err != nil {
		b.log.Error("review not delivered", "error", err)
	}
}

// reviewAnswer records a review answer, reschedules the item and shows the next one.
func (b *Bot) reviewAnswer(ctx context.Context, i *discordgo.Interaction, member, itemID string, option int) {
	items, _, err := b.quizzes.DueReviews(ctx, member, time.Now(), 0)
	if err != nil {
		b.respond(ctx, i, genericError, true)
		return
	}
	for k := range items {
		it := &items[k]
		if it.ID != itemID {
			continue
		}
		b.freshSource(it)
		right := option == it.Answer
		if err := b.quizzes.RecordReview(ctx, member, it.ID, right, time.Now()); err != nil {
			b.log.Error("review record", "error", err)
		}
		verdict := "✅ Right"
		if !right {
			verdict = "❌ Not quite"
		}
		prefix := fmt.Sprintf("%s: **%s) %s**.\n%s\n\n", verdict, it.Label(it.Answer), it.Right(), "— "+bot.Citation(it.Source.Passage()))
		b.review(ctx, i, member, prefix)
		return
	}
	b.respond(ctx, i, "That review question is no longer due.", true)
}

// importBank adds a YAML question bank from the /quiz import attachment; a malformed bank is
// refused whole with its line-numbered problems. The bank is checked against the corpus the
// bot loaded, which a corpus remove or update in another process may have changed since: the
// items the library then stores retired are counted apart from those imported, with why (see
// importedText).
func (b *Bot) importBank(ctx context.Context, data discordgo.ApplicationCommandInteractionData, sub *discordgo.ApplicationCommandInteractionDataOption) string {
	name, body, problem := b.fetchAttachment(ctx, data, sub, maxBank)
	if problem != "" {
		return problem
	}
	items, err := quiz.ParseBank(name, body, b.answerer.Load().Index.Documents(), "the bot's corpus")
	if err != nil {
		return "The bank was not imported:\n```\n" + inCodeBlock(err.Error()) + "\n```"
	}
	added, retired, err := b.quizzes.AddItems(ctx, items)
	if err != nil {
		b.log.Error("quiz import", "error", err)
		return genericError
	}
	return importedText(name, len(items), added, retired)
}

// maxNamed is the most documents importedText names; the others are counted.
const maxNamed = 5

// importedText says what /quiz import did with a bank of total items from the file name:
// those stored live are imported (added of them new; the others were stored already and are
// kept as they were, which it says), the retired ones stored retired, with
// why, and for those of the library's documents how to bring them back, naming the
// documents: "Imported 12 questions from bank.yaml (12 new); 3 stored retired: their passage
// is no longer in the library (add the document `fm-3-0` again to bring them back)." Items of
// the built-in corpus are retired when the library holds documents (added since the bot
// loaded its corpus, by another process), which answers come from then: "…; 1 stored
// retired: its passage is the built-in corpus's, from which answers come no more, the
// library holding documents now."
func importedText(name string, total, added int, retired []quiz.Item) string {
	text := fmt.Sprintf("Imported %s from %s (%d new)", questions(total-len(retired)), name, added)
	switch kept := total - len(retired) - added; {
	case kept == 1:
		text += "; 1 was stored already and is kept as it was, with its status"
	case kept > 1:
		text += fmt.Sprintf("; %d were stored already and are kept as they were, with their status", kept)
	}
	docs, ofBuiltin := quiz.RetiredDocuments(retired)
	for i, d := range docs {
		docs[i] = "`" + d + "`"
	}
	their := func(n int) (string, string) {
		if n == 1 {
			return "its", "it"
		}
		return "their", "them"
	}
	if n := len(retired) - ofBuiltin; n > 0 {
		what := "the document " + docs[0]
		if len(docs) > 1 {
			if len(docs) > maxNamed {
				docs = append(docs[:maxNamed-1], fmt.Sprintf("%d more", len(docs)-(maxNamed-1)))
			}
			what = "the documents " + strings.Join(docs[:len(docs)-1], ", ") + " and " + docs[len(docs)-1]
		}
		whose, them := their(n)
		text += fmt.Sprintf("; %d stored retired: %s passage is no longer in the library (add %s again to bring %s back)", n, whose, what, them)
	}
	if ofBuiltin > 0 {
		whose, _ := their(ofBuiltin)
		text += fmt.Sprintf("; %d stored retired: %s passage is the built-in corpus's, from which answers come no more, the library holding documents now", ofBuiltin, whose)
	}
	return text + "."
}

// questions counts n questions: "1 question", "12 questions".
func questions(n int) string {
	if n == 1 {
		return "1 question"
	}
	return strconv.Itoa(n) + " questions"
}

// inCodeBlock makes s safe inside a code block: a zero-width space after each backtick, so
// that no run of three (which Discord takes for the block's end, however long the fence that
// opened it) remains, s reading as written.
func inCodeBlock(s string) string {
	return strings.ReplaceAll(s, "`", "`\u200b")
}

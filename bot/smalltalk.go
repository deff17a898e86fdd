package bot

import (
	"fmt"
	"github.com/doctrinebot/doctrinebot/corpus"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Chat messages often greet, thank or acknowledge instead of asking, or wrap a question in
// such words ("hello, what is governance?", "What is the security sector? thanks"). A bot that
// searched those words would quote a passage in reply to "thanks!", or miss the question they
// wrap ("hello" counted as half of "hello, what is governance?", which was then refused).
//
// Two vocabularies tell them apart. chatOnlyWords are words of chat, which a question about a
// text does not use ("hello", "thanks", "lol"); smallTalkWords adds words of chat that are
// also words of questions ("morning", "right", "good", "no"). A clause is dropped from a
// question only when it holds a chat-only word ("thanks for the help"), so that "What about
// the evening?" and "What is in No. 10?" are asked as written; a whole message is small talk
// when every word is a small-talk word or a stopword and one is chat-only ("thank you very
// much"), or when it holds no stopword at all ("good morning", "great answer").

// chatOnlyWords greet, thank, acknowledge, apologise or take leave, in English and a few
// greetings and thanks of other languages, and are no words of a question about a text.
var chatOnlyWords = setOf(`hi hello hey hiya howdy greetings yo thanks thank thanx thx ty tysm
cheers ok okay k kk cool awesome lol lmao haha hmm um uh erm wow bye goodbye cya please pls plz
welcome sorry gotcha appreciated appreciate helpful bro dude mate yes yeah yep hola bonjour salut
ciao hallo merci gracias danke grazie obrigado joke jokes`)

// smallTalkWords are chatOnlyWords and the words that small talk shares with questions.
var smallTalkWords = func() map[string]bool {
	m := setOf(`morning afternoon evening good night day ta much lot lots bunch ton indeed great
nice perfect excellent brilliant fine sure alright right got understood noted later see no nope many
folks everyone anyone there bot help helps helped sense makes never mind
interesting answer job sounds worries test tell another funny world`)
	for w := range chatOnlyWords {
		m[w] = true
	}
	return m
}()

// gratitudeWords mark small talk that thanks.
var gratitudeWords = setOf("thanks thank thanx thx ty tysm cheers ta appreciated appreciate merci gracias danke grazie obrigado")

// SmallTalkReply is the Lead of an answer to a message that asks nothing and does not thank,
// and ThanksReply of one that thanks.
const (
	SmallTalkReply = "Ask me a question about the corpus, and I will quote the passage that answers it."
	ThanksReply    = "You're welcome."
)

// refusalNoQuestion is retrieve's refusal of a message that asks nothing (see Answer).
const refusalNoQuestion = "the message asks no question"

// refusalAboutCorpus is retrieve's refusal of a question about what the bot can answer from
// (see asksAboutCorpus), which Answer answers with the corpus's titles (see CorpusReply).
const refusalAboutCorpus = "the message asks what the corpus holds"

// corpusWords are the words of a question about what the bot answers from, or how: "What
// texts do you have?", "Which documents can I ask about?", "What questions can I ask?", "How
// do you work?".
var corpusWords = setOf(`text texts document documents book books source sources corpus corpora
library libraries question questions topic topics subject subjects material materials ask
asked cover covers covered know knows contain contains hold holds have has work works answer
answers read use uses available kind kinds sort sorts type types thing things`)

// asksAboutCorpus reports whether a question asks what the bot answers from or how, rather
// than about what its texts say: it addresses the bot ("you", "your", or the asker's "I
// ask") and every word of it that is not a stopword is one of corpusWords, of which it has
// one at least. Words, not index terms, since a corpus that never writes "texts" has no term
// for it ("What texts do you have?" of the built-in lecture). "Do you know about the
// Constitution?" names the Constitution, and is a question about it.
func asksAboutCorpus(question string) bool {
	words := wordTokens(strings.ToLower(question))
	addressed, content := false, 0
	for i, w := range words {
		if w == "you" || w == "your" || w == "i" && i+1 < len(words) && (words[i+1] == "ask" || i+2 < len(words) && words[i+2] == "ask") {
			addressed = true
			continue
		}
		if stopwords[w] {
			continue
		}
		if !corpusWords[w] {
			return false
		}
		content++
	}
	return addressed && content > 0
}

// maxListedTitles is the most titles CorpusReply lists.
const maxListedTitles = 8

// CorpusReply returns what the bot answers from, as the Lead of an answer to a question about
// it (see asksAboutCorpus): the index's distinct titles, each with its author where known, in
// the order of the documents, at most maxListedTitles of them and then how many more, and how
// to ask.
func (x *Index) CorpusReply() string {
	pairs := x.metadata().docPairs
	var names []string
	for _, pair := range pairs[:min(len(pairs), maxListedTitles)] {
		name := "“" + pair[0] + "”"
		if pair[1] != "" {
			name += " (" + pair[1] + ")"
		}
		names = append(names, name)
	}
	list := strings.Join(names, "; ")
	if more := len(pairs) - len(names); more > 0 {
		list += fmt.Sprintf("; and %d more", more)
	}
	them := "them"
	if len(names) == 1 {
		them = "it"
	}
	return fmt.Sprintf("I answer from %s. Ask me a question about %s, and I will quote the passage that answers it.", list, them)
}

// smallTalkClause reports whether a clause of a message (see clauses) is small talk that may
// be dropped from a question: every word is a small-talk word or a stopword, and one is a
// chat-only word ("thanks for the help", "hello there", "ok").
func smallTalkClause(clause string) bool {
	chat := false
	for _, w := range wordTokens(clause) {
		switch {
		case chatOnlyWords[w]:
			chat = true
		case smallTalkWords[w] || stopwords[w]:
		default:
			return false
		}
	}
	return chat
}

// allSmallTalk reports whether a whole message is small talk: a clause that may be dropped
// (see smallTalkClause); small-talk words alone, without a stopword ("good morning", "great
// answer", "no"); or a short acknowledgement of small-talk words and stopwords that asks
// nothing, no word of it a question word ("I see", "got it", "makes sense"; not "What is
// right?" nor "Is it right?").
func allSmallTalk(message string) bool {
	if smallTalkClause(message) {
		return true
	}
	words := wordTokens(message)
	stop, asks := false, false
	for _, w := range words {
		switch {
		case questionWords[w]:
			asks = true
		case smallTalkWords[w]:
		case stopwords[w]:
			stop = true
		default:
			return false
		}
	}
	return len(words) > 0 && !asks && (!stop || len(words) <= 3)
}

// questionWords open or make a question: the wh-words and the auxiliaries that lead a yes/no
// question.
var questionWords = setOf(`what who whom whose which when where why how is are was were do does
did can could may might must shall should will would has have had`)

// clauses splits a message into pieces that keep their punctuation, after each run of ",",
// "!", "?", ";" or ":", and after a "." that ends a sentence: one followed by the end, or by
// spaces and a capital letter ("Thanks. What is …"), not "No. 10" or "U.S. Code".
func clauses(message string) []string {
	var out []string
	start := 0
	for i, r := range message {
		if !strings.ContainsRune(",.!?;:", r) {
			continue
		}
		next := i + 1
		if next < len(message) && strings.ContainsRune(",.!?;:", rune(message[next])) {
			continue
		}
		if r == '.' && !sentenceEnd(message[next:]) {
			continue
		}
		out = append(out, message[start:next])
		start = next
	}
	if start < len(message) {
		out = append(out, message[start:])
	}
	return out
}

// sentenceEnd reports whether the text after a full stop starts a new sentence: it is blank,
// or white space and then a capital letter.
func sentenceEnd(rest string) bool {
	t := strings.TrimLeft(rest, " ")
	if t == "" {
		return true
	}
	if len(t) == len(rest) {
		return false // "U.S.", "No.10"
	}
	r := []rune(t)[0]
	return unicode.IsUpper(r)
}

// withoutSmallTalk returns a message (after CleanQuestion) without the small-talk clauses it
// opens or ends with (see smallTalkClause), trimmed: "hello, what is governance?" → "what is
// governance?"; "" when the whole message is small talk (see allSmallTalk) or holds no letter
// or digit ("👍").
func withoutSmallTalk(message string) string {
	if !hasWord(message) || allSmallTalk(message) {
		return ""
	}
	cs := clauses(message)
	for len(cs) > 1 && (smallTalkClause(cs[0]) || !hasWord(cs[0])) {
		cs = cs[1:]
	}
	for len(cs) > 1 && (smallTalkClause(cs[len(cs)-1]) || !hasWord(cs[len(cs)-1])) {
		cs = cs[:len(cs)-1]
	}
	return strings.TrimSpace(strings.Join(cs, ""))
}

// hasWord reports whether s holds a letter or a digit.
func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// IsSmallTalk reports whether a message asks nothing: once chat markup is dropped (see
// CleanQuestion) and chat spellings written out (see writtenOut), it is all greetings,
// thanks, acknowledgements and the like ("thanks!", "ok, great", "thank u"), or no word at
// all ("👍", a lone custom emoji).
func IsSmallTalk(message string) bool {
	return withoutSmallTalk(writtenOut(CleanQuestion(message))) == ""
}

// thanks reports whether a message says thanks.
func thanks(message string) bool {
	for _, w := range wordTokens(writtenOut(CleanQuestion(message))) {
		if gratitudeWords[w] {
			return true
		}
	}
	return false
}

// chatWords maps the spellings of chat to the words they stand for, so that "wat r the most
// important issues" and "what happens if ppl dont get security" read as written out; the
// common abbreviations of English text messaging, the clipped words of notes ("max", "dept",
// "yrs"), and apostrophes left out.
var chatWords = map[string]string{
	"ppl": "people", "wat": "what", "wut": "what", "r": "are", "u": "you", "ur": "your",
	"b": "be", "pls": "please", "plz": "please", "thx": "thanks", "thnx": "thanks",
	"tho": "though", "whats": "what's", "whos": "who's", "hows": "how's", "wheres": "where's",
	"dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "cant": "can't", "wont": "won't",
	"isnt": "isn't", "arent": "aren't", "wasnt": "wasn't", "shouldnt": "shouldn't",
	"govt": "government", "abt": "about", "b4": "before", "cuz": "because", "coz": "because",
	"w/": "with", "w/o": "without",
	"max": "maximum", "min": "minimum", "approx": "approximately", "dept": "department",
	"gov": "government", "info": "information", "yr": "year", "yrs": "years", "hr": "hour",
	"hrs": "hours", "mins": "minutes", "prez": "president",
}

// interjections are the words that open or close a chat message without being part of its
// question ("hey who is the secretary of defense", "is governance neo-imperialism lol");
// leadingWords may open one only ("so what is …", "please explain …").
var (
	interjections = setOf("hey hi hello ok okay um uh erm hmm lol lmao haha thanks thx ty cheers btw")
	leadingWords  = setOf("so please pls and also")
)

// questionFrame matches the words with which a chat message wraps the question it asks
// ("can you tell me who declares war", "I was wondering, who …", "do you know whether …"),
// up to the question word that opens the question itself (see questionWords), which it
// leaves, or through the "if" or "whether" that opens it: an indirect question asks what the
// direct one does.
var questionFrame = regexp.MustCompile(`(?i)^(?:(?:hey |hi |so |ok )?(?:can|could|would|will) (?:you|u|someone|anyone|somebody) (?:please |pls )?(?:(?:be able to )?(?:tell|explain to|remind) me|let me know)|(?:do|does) (?:you|u|anyone|someone|somebody) (?:happen to )?know|i(?: was| am|'m|’m)(?: just)? (?:wondering|curious)|i(?: want| wanted| would like|'d like|’d like|'d love|’d love| need) to know|help me understand|(?:quick|one) question|out of curiosity|just curious|(?:please |pls )?(?:tell|let) me(?: know)?)[\s,:;-]+(?:(?:if|whether) )?`)

// aboutTopic matches what follows a question's frame when it names a topic rather than asks
// ("about the Constitution", "anything about spies", "much about the militia").
var aboutTopic = regexp.MustCompile(`(?i)^(?:(?:anything|something|much|more)\s+)?(about|on|regarding|concerning)\s+\S`)

// topicAfterFrame returns the topic after a question's frame ("… know anything about spies?"
// → "about spies?"), and whether there is one.
func topicAfterFrame(rest string) (string, bool) {
	m := aboutTopic.FindStringSubmatchIndex(rest)
	if m == nil {
		return "", false
	}
	return rest[m[2]:], true
}

// embeddedCopula matches an indirect question that ends with its verb "to be" ("what the
// security sector is"), whose subject then stands before the verb.
var embeddedCopula = regexp.MustCompile(`(?i)^(what|who|which)\s+(.+?)\s+(is|are|was|were)(\W*)$`)

// auxiliaryWords are the auxiliary verbs whose place before a subject makes a question
// direct ("who do you think …"), so that a final "is" is no indirect question's verb.
var auxiliaryWords = setOf("do does did can could will would shall should may might must has have had")

// askingAside matches a last clause that says why or how the question is asked, not what
// ("asking for a friend", "just curious").
var askingAside = regexp.MustCompile(`(?i)^[\s,;:.!?-]*(?:i'?m |i am |just )*(?:asking for a friend|curious|wondering|asking)[\s.!?]*$`)

// chatWord matches a word of chat: letters, digits, apostrophes and a slash ("w/").
var chatWord = regexp.MustCompile(`[\pL\pN'’/]+`)

// edgeWord matches the first word of a text with what follows it up to the next word, and
// lastWord the last word with what precedes it.
var (
	edgeWord = regexp.MustCompile(`^[^\pL\pN]*([\pL\pN']+)[^\pL\pN]*`)
	lastWord = regexp.MustCompile(`[^\pL\pN]+([\pL\pN']+)[^\pL\pN]*$`)
)

// writtenOut returns text with chat spellings written out (see chatWords): only words in
// lowercase, as chat types them, standing between spaces or punctuation that ends a clause
// ("r" in "wat r the …", not in "(r)", "Ch‘u" or "u.s.").
func writtenOut(text string) string {
	var b strings.Builder
	last := 0
	for _, m := range chatWord.FindAllStringIndex(text, -1) {
		r, ok := chatWords[text[m[0]:m[1]]]
		if text[m[0]:m[1]] == "4" && chatFor(text[:m[0]], text[m[1]:]) {
			r, ok = "for", true
		}
		if !ok || m[0] > 0 && !strings.ContainsRune(" \t", rune(text[m[0]-1])) ||
			m[1] < len(text) && !strings.ContainsRune(" \t,!?;:", rune(text[m[1]])) {
			continue
		}
		b.WriteString(text[last:m[0]])
		b.WriteString(r)
		last = m[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// forObjects are the words that follow "for" far more often than a number: determiners and
// object pronouns.
var forObjects = setOf("the a an this that these those my our your their his her its me us you him them")

// chatFor reports whether a "4" standing between before and after is chat's "for": a word of
// lowercase letters before it, other than one that numbers a unit ("Article 4 the …") or a
// determiner or preposition that a count follows ("the 4 seasons", "of 4 years"), and after
// it a determiner or an object pronoun ("the two objectives 4 the security sector"), a
// gerund ("the penalty 4 using the army") or a singular word that is no stopword ("the age
// 4 congress", "used 4 police work"), where a count is followed by a plural ("4 years").
func chatFor(before, after string) bool {
	prev := strings.Fields(before)
	next := strings.Fields(after)
	if len(prev) == 0 || len(next) == 0 {
		return false
	}
	p, n := prev[len(prev)-1], strings.TrimRight(next[0], ",.?!;:")
	if !isLowerWord(p) || numberedUnits[strings.TrimSuffix(p, ".")] || countOpeners[p] || !isLowerWord(n) {
		return false
	}
	singular := !strings.HasSuffix(n, "s") || strings.HasSuffix(n, "ss")
	return forObjects[n] || len(n) >= 5 && strings.HasSuffix(n, "ing") || singular && !stopwords[n]
}

// countOpeners are the determiners and prepositions after which a number counts ("the 4
// seasons", "of 4 years", "within 4 days").
var countOpeners = setOf("the a an of in to at by on with within after before than about over under every each first last next only all these those his her its their our my your some any more less")

// numberedUnits are the words a number after which numbers a unit of a text ("article 4",
// "no. 4", "section 4"), not chat's "for".
var numberedUnits = setOf("article section amendment chapter title no number part clause paragraph federalist paper subsection book verse page line rule")

// withoutInterjections returns a question without the interjections it opens or ends with
// (see interjections), as long as words remain, without the frame that wraps an indirect
// question (see questionFrame), and without last clauses that are an aside (see
// askingAside), a request to write something (see asksComposition) or a connective before
// one ("Also,").
func withoutInterjections(question string) (direct string) {
	framed := false
	if m := questionFrame.FindStringIndex(question); m != nil {
		frame := strings.ToLower(strings.TrimSpace(question[:m[1]]))
		if w := wordTokens(question[m[1]:]); len(w) > 1 && (questionWords[w[0]] || strings.HasSuffix(frame, " if") || strings.HasSuffix(frame, " whether")) {
			question, framed = question[m[1]:], true
		} else if rest, ok := topicAfterFrame(question[m[1]:]); ok && strings.Contains(frame, "know") {
			// "Do you know about the Constitution?", "do you know anything about spies":
			// what the texts say about it, not a passage on knowing ("If you know the
			// enemy"). "Tell me about …" stays as it is: it asks nothing else.
			question, framed = rest, true
		}
	}
	defer func() {
		// The indirect question's order made direct, once its aside is gone: "what the
		// security sector is" → "what is the security sector", whether framed ("can you
		// tell me …") or typed bare without a question mark; not a direct question whose
		// verb ends it ("Who do you think the president is?").
		if m := embeddedCopula.FindStringSubmatch(direct); m != nil && (framed || !strings.Contains(direct, "?") && !slices.ContainsFunc(wordTokens(m[2]), func(w string) bool { return auxiliaryWords[w] })) {
			direct = embeddedCopula.ReplaceAllString(direct, "$1 $3 $2$4")
		}
	}()
	cs := clauses(question)
	for len(cs) > 1 {
		// A closing aside, a request to write something put after the question ("Who
		// declares war? Also, write me a poem."), or the connective left before it.
		last := cs[len(cs)-1]
		if !askingAside.MatchString(last) && !asksComposition(last) && !onlyOpeners(last) {
			break
		}
		cs = cs[:len(cs)-1]
		question = strings.TrimSpace(strings.Join(cs, ""))
	}
	for {
		m := edgeWord.FindStringSubmatchIndex(question)
		if m == nil || !hasWord(question[m[1]:]) {
			break
		}
		if w := strings.ToLower(question[m[2]:m[3]]); !interjections[w] && !leadingWords[w] {
			break
		}
		question = question[m[1]:]
	}
	for {
		m := lastWord.FindStringSubmatchIndex(question)
		if m == nil || !interjections[strings.ToLower(question[m[2]:m[3]])] || !hasWord(question[:m[0]]) {
			break
		}
		question = strings.TrimRight(question[:m[2]], " ,")
	}
	return question
}

// maxHowAreYouWords is the most words after "how are you" of a greeting (see aboutTheBot).
const maxHowAreYouWords = 3

// aboutTheBot reports whether a question asks about the bot rather than the corpus: every
// content word of it (terms) names something of the bot's — a word of a noun phrase that
// "your" opens ("What is your configuration?"), the noun of "which/what … are you" ("Which
// model are you?") or a word of a short "how are you …" ("How are you doing today?") — or is
// the command opening it ("Print your system prompt"). A question that names anything else is
// about the corpus, however it addresses the bot ("What is your view of the security
// sector?": view is yours, the security sector the corpus's). Such a question gets the
// small-talk reply, not a passage that happens to use the word ("the configuration of the
// country"). So does a message that tells the bot to set its instructions aside (see
// overridesInstructions), whatever else it asks: a prompt injection.
func aboutTheBot(question string, terms []queryTerm) bool {
	words := wordTokens(question)
	for _, c := range clauses(question) {
		if overridesInstructions(wordTokens(c)) {
			return true
		}
	}
	yours := map[string]bool{}
	for _, c := range clauses(question) {
		// "your" and "yours" open a noun phrase that ends with its clause; "yourself" is the
		// bot itself, and opens nothing ("know your enemy know yourself quote, whats the full
		// thing" names the enemy, not the bot's quote).
		cw := wordTokens(c)
		for i, w := range cw {
			if w == "yourself" {
				yours[w] = true
			}
			if w != "your" && w != "yours" {
				continue
			}
			for _, v := range cw[i+1:] {
				if phraseEnds[v] || v == "and" || v == "or" || v == "yourself" {
					break
				}
				yours[v] = true
			}
		}
	}
	for i, w := range words {
		if (w == "are" || w == "were") && i+1 < len(words) && words[i+1] == "you" {
			for j := i - 1; j >= 0 && words[j] != "which" && words[j] != "what"; j-- {
				yours[words[j]] = true
			}
		}
	}
	if len(words) >= 3 && len(words) <= 3+maxHowAreYouWords && words[0] == "how" &&
		(words[1] == "are" || words[1] == "were" || words[1] == "have") && words[2] == "you" {
		// "How are you doing today?", "how have you been lately": a greeting, its few words
		// the bot's. A longer one asks how one does something ("How are you supposed to
		// deal with drug cartels?").
		for _, v := range words[3:] {
			yours[v] = true
		}
	}
	if len(yours) == 0 || len(terms) == 0 {
		return false
	}
	for _, t := range terms {
		if !yours[t.word] && !(botCommands[t.word] && len(words) > 0 && words[0] == t.word) {
			return false
		}
	}
	return true
}

// compositionVerbs ask for something to be written rather than found: a poem, a script, a
// translation. A bot that answers by quoting cannot do it, and a passage that shares the
// request's other words ("Write a haiku about Sun Tzu") answers nothing.
var compositionVerbs = setOf(`write compose translate rewrite paraphrase rephrase generate paint rhyme`)

// creationVerbs are the compositionVerbs that make something new, whose object a definite
// or listing word opens when the text holds it already (see listingObjects); the others
// (translate, rewrite, paraphrase, rephrase) transform a text whatever their object.
var creationVerbs = setOf(`write compose generate paint rhyme`)

// listingObjects open the object of a creation verb that asks for what the text holds.
var listingObjects = setOf(`down out the these those all every each two three four five six seven eight nine ten`)

// asksComposition reports whether a message asks for something to be written (see
// compositionVerbs): the verb opens it, or follows a polite opening ("please write …", "can
// you translate …", "could u compose …").
func asksComposition(message string) bool {
	words := wordTokens(strings.ToLower(message))
	for i := 0; i < len(words); i++ {
		switch w := words[i]; {
		case compositionVerbs[w]:
			// "write" alone asks nothing; "write down the five classes of spies" and "write
			// the five factors" ask for what the text lists, as "list" does.
			return i+1 < len(words) && !(creationVerbs[w] && listingObjects[words[i+1]])
		case commandOpeners[w]:
		case (w == "can" || w == "could" || w == "would" || w == "will") && i+1 < len(words) && (words[i+1] == "you" || words[i+1] == "u"):
			i++
		default:
			return false
		}
	}
	return false
}

// onlyOpeners reports whether a clause holds words and they are all commandOpeners ("Also,").
func onlyOpeners(clause string) bool {
	words := wordTokens(strings.ToLower(clause))
	return len(words) > 0 && !slices.ContainsFunc(words, func(w string) bool { return !commandOpeners[w] })
}

// botCommands are the verbs that open a request for something of the bot's ("Print your
// system prompt", "Show your settings"), no content of the question.
var botCommands = setOf(`print show tell give reveal display share dump output repeat say list`)

// overridesInstructions reports whether a message tells the bot to set its instructions aside
// — a prompt injection (Perez & Ribeiro 2022, "Ignore Previous Prompt: Attack Techniques for
// Language Models"): a verb of overrideVerbs opening a clause's words, or a command in them
// (see commandOpeners), followed, within four words, by one of instructionWords ("ignore previous instructions and …", "disregard the above and …",
// "forget your rules").
func overridesInstructions(words []string) bool {
	for i, w := range words {
		if !overrideVerbs[w] || i > 0 && !commandOpeners[words[i-1]] {
			continue // "Why should we not ignore the previous rules of war?" asks
		}
		for _, v := range words[i+1 : min(len(words), i+5)] {
			if instructionWords[v] {
				return true
			}
		}
	}
	return false
}

// commandOpeners may stand before the verb of a command ("please ignore …", "now forget …").
var commandOpeners = setOf(`please pls now just and then so ok okay also`)

// overrideVerbs tell a model to set something aside; instructionWords name what a prompt
// injection wants set aside.
var (
	overrideVerbs    = setOf(`ignore disregard forget override bypass`)
	instructionWords = setOf(`instructions instruction prompt prompts rules rule above previous prior
earlier context guidelines directions directives programming system`)
)

// FollowUpReply is the Lead of an answer to a message that reads as a follow-up to an earlier
// question (see followUp): each message is answered on its own, so what it refers back to is
// unknown.
const FollowUpReply = "That reads as a follow-up, but I answer each message on its own: ask the whole question, naming what it is about."

// refusalFollowUp is retrieve's refusal of a follow-up (see followUp).
const refusalFollowUp = "the message refers back to an earlier question"

// followUpOpeners open a message that goes on from an earlier one ("same question but for the
// navy", "what else?"). "What about X?" and "And X?" are not among them: as a first message
// they ask about X ("What about habeas corpus?").
var followUpOpeners = regexp.MustCompile(`(?i)^\W*(?:same (?:question|thing)|what else|then what)\b`)

// referringPronouns refer to something named before: a message of few content words holding
// one ("what's the penalty for that", "what did he say next") asks about something it does not
// name.
var referringPronouns = setOf("he him his she her it its they them their that this those these")

// pointsBack reports whether words, those after the verb opening a yes-no question, start
// with a pronoun that refers back to something the message does not name, whatever name or
// unit the rest of it gives (names holds the question's capitalised words, lowercased):
//   - "that" or "those" ("Was that Madison?", "Is that law still in force?");
//   - "this", "these" or "it" standing alone ("Is this in the Constitution?") or before a
//     verb or a name ("Does this apply to the navy?", "Was it Madison?", "Is this Sun Tzu's
//     view?"): not before a noun it determines, which may point at what is at hand ("Does
//     this bot know …?"), nor "it" before an adjective, which makes it the subject a clause
//     after holds ("Is it legal to …?", "Is it true that …?"), nor "it" of a cleft ("Was it
//     Madison who wrote …?").
func (x *Index) pointsBack(words []string, names map[string]bool) bool {
	switch words[0] {
	case "that", "those":
		return true
	case "this", "these", "it":
	default:
		return false
	}
	if len(words) == 1 || stopwords[words[1]] && words[0] != "it" {
		return true
	}
	next := words[1]
	if words[0] == "it" && slices.ContainsFunc(words[2:], func(w string) bool { return w == "who" || w == "that" || w == "which" }) {
		return false
	}
	if names[next] {
		return true
	}
	lemmas := x.lex.Lemmas(next)
	if len(lemmas) == 0 {
		lemmas = []string{next}
	}
	is := func(pos byte) bool {
		return slices.ContainsFunc(lemmas, func(l string) bool { return x.lex.HasPOS(l, pos) })
	}
	if words[0] == "it" {
		return is('v') && !is('a')
	}
	return is('v') && !is('n')
}

// namedBefore reports whether the pronoun at words[i] follows a clause that names something,
// which it refers to: a clause opener ("and", "but", "so", "or", or a question word after the
// start) before it, and a content word before that ("What is governance and why is it
// contested?", "Who is the Secretary of Defense, what does he do?").
func (x *Index) namedBefore(words []string, i int) bool {
	for j := i - 1; j > 0; j-- {
		if !clauseOpeners[words[j]] && !whWords[words[j]] {
			continue
		}
		for _, w := range words[:j] {
			if !stopwords[w] && !questionWords[w] && x.an.term(w) != "" {
				return true
			}
		}
	}
	return false
}

// maxFollowUpTerms is the most content terms a follow-up has: one that names its subject in
// more words ("Did Hamilton think a standing army was dangerous, and why was that?") is a
// question of its own.
const maxFollowUpTerms = 2

// followUp reports whether a message of one sentence is a follow-up: as written (asked), it
// opens with one of followUpOpeners; or without its chat frame (question; see
// withoutInterjections), it holds a pronoun of referringPronouns that is not followed by a
// noun it determines ("for that", "is that still …", "Is that right?", not "that law"; nor
// "it" of "what is it that …"), and it has at most maxFollowUpTerms content terms, none of them a name or a
// number naming a unit of the corpus ("and Article 2?" names its subject), unless a
// demonstrative follows the verb that opens it (see pointsBack). A message of two
// sentences or more names what its pronoun refers to ("What is the Posse Comitatus Act?
// What's the penalty for that?").
func (x *Index) followUp(asked, question string, q *query) bool {
	if len(corpus.Sentences(strings.TrimSpace(asked))) > 1 {
		return false
	}
	words := wordTokens(strings.ToLower(question))
	if len(words) > 1 && (copulas[words[0]] || auxiliaries[words[0]]) && len(q.terms) <= maxFollowUpTerms+1 &&
		x.pointsBack(words[1:], capitalised(question)) {
		return true // "Was that Madison?", "Is that in the Constitution?", "Does it apply to the navy?"
	}
	if len(q.terms) > maxFollowUpTerms {
		return false
	}
	for _, t := range q.terms {
		if t.name && !t.reference || t.reference && len(q.terms) == 1 {
			return false
		}
	}
	if followUpOpeners.MatchString(asked) {
		return true
	}
	for i, w := range words {
		if !referringPronouns[w] || w == "that" && i > 0 && words[i-1] == "it" {
			continue // "what is it that …": a cleft, whose "that" opens a clause
		}
		if x.namedBefore(words, i) {
			continue // "What is governance and why is it contested?": "it" is governance
		}
		if i+1 == len(words) {
			return true
		}
		if i+2 == len(words) && i > 0 && (copulas[words[i-1]] || auxiliaries[words[i-1]]) {
			return true // "Is that right?", "Was it legal?": the pronoun is the subject of one last word
		}
		if next := words[i+1]; stopwords[next] && !(w == "it" && (next == "that" || next == "which")) {
			return true
		}
	}
	return false
}

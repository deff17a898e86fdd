package bot

import (
	"regexp"
	"strings"
	"unicode"
)

// Chat messages often greet, thank or acknowledge instead of asking, or wrap a question in
// such words ("hello, what is governance?", "What is the security sector? thanks"). A bot that
// searched those words would quote a passage in reply to "thanks!", or miss the question they
// wrap ("hello" counted as half of "hello, what is governance?", which was then refused).

// smallTalkWords are the words of chat messages that greet, thank, acknowledge, apologise or
// take leave, in English and a few greetings and thanks of other languages.
var smallTalkWords = setOf(`hi hello hey hiya howdy greetings yo morning afternoon evening good
night day thanks thank thanx thx ty tysm cheers ta much lot lots ok okay k kk cool great nice
awesome perfect excellent brilliant fine sure alright right got understood noted appreciated
appreciate bye goodbye later see cya yes yeah yep no nope lol haha wow please welcome folks
everyone bot help helps helped helpful sorry never mind makes sense interesting gotcha hola
bonjour salut ciao hallo merci gracias danke grazie obrigado`)

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

// smallTalkClause reports whether a clause of a message (see clauses) is small talk: every
// word is a small-talk word (smallTalkWords) or a stopword, and at least one is a small-talk
// word ("thanks for the help", "I see", "yes or no").
func smallTalkClause(clause string) bool {
	talk := false
	for _, w := range wordTokens(clause) {
		switch {
		case smallTalkWords[w]:
			talk = true
		case !stopwords[w]:
			return false
		}
	}
	return talk
}

// clauses splits a message after each run of ",", ".", "!", "?", ";", ":" (and their
// fullwidth forms, which CleanQuestion folds) into pieces that keep their punctuation.
func clauses(message string) []string {
	var out []string
	start := 0
	for i, r := range message {
		if strings.ContainsRune(",.!?;:", r) {
			next := i + 1
			if next < len(message) && strings.ContainsRune(",.!?;:", rune(message[next])) {
				continue
			}
			out = append(out, message[start:next])
			start = next
		}
	}
	if start < len(message) {
		out = append(out, message[start:])
	}
	return out
}

// withoutSmallTalk returns a message (after CleanQuestion) without the small-talk clauses it
// opens or ends with, trimmed: "hello, what is governance?" → "what is governance?"; "" when
// the whole message is small talk or holds no letter or digit ("thanks!", "👍").
func withoutSmallTalk(message string) string {
	cs := clauses(message)
	for len(cs) > 0 && (smallTalkClause(cs[0]) || !hasWord(cs[0])) {
		cs = cs[1:]
	}
	for len(cs) > 0 && (smallTalkClause(cs[len(cs)-1]) || !hasWord(cs[len(cs)-1])) {
		cs = cs[:len(cs)-1]
	}
	return strings.TrimSpace(strings.Join(cs, ""))
}

// hasWord reports whether s holds a letter or a digit.
func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// IsSmallTalk reports whether a message asks nothing: once chat markup is dropped (see
// CleanQuestion) it is all greetings, thanks, acknowledgements and the like ("thanks!", "ok,
// great", "thanks for the help"), or no word at all ("👍", a lone custom emoji).
func IsSmallTalk(message string) bool {
	return withoutSmallTalk(CleanQuestion(message)) == ""
}

// thanks reports whether a message says thanks.
func thanks(message string) bool {
	for _, w := range wordTokens(CleanQuestion(message)) {
		if gratitudeWords[w] {
			return true
		}
	}
	return false
}

// chatWords maps the spellings of chat to the words they stand for, so that "wat r the most
// important issues" and "what happens if ppl dont get security" read as written out; the
// common abbreviations of English text messaging, and apostrophes left out.
var chatWords = map[string]string{
	"ppl": "people", "wat": "what", "wut": "what", "r": "are", "u": "you", "ur": "your",
	"pls": "please", "plz": "please", "thx": "thanks", "thnx": "thanks", "tho": "though",
	"whats": "what's", "whos": "who's", "hows": "how's", "wheres": "where's", "dont": "don't",
	"doesnt": "doesn't", "didnt": "didn't", "cant": "can't", "wont": "won't", "isnt": "isn't",
	"arent": "aren't", "wasnt": "wasn't", "shouldnt": "shouldn't", "govt": "government",
	"abt": "about", "b4": "before", "bc": "because", "cuz": "because", "coz": "because",
	"w/": "with", "w/o": "without",
}

// interjections are the words that open or close a chat message without being part of its
// question ("hey who is the secretary of defense", "is governance neo-imperialism lol").
var interjections = setOf("hey hi hello yo ok okay um uh erm hmm lol lmao haha pls please thanks thx ty cheers")

// chatWord matches a word of chat: letters, digits, apostrophes and a slash ("w/").
var chatWord = regexp.MustCompile(`[\pL\pN'’/]+`)

// edgeWord matches the first word of a text with what follows it up to the next word, and
// lastWord the last word with what precedes it.
var (
	edgeWord = regexp.MustCompile(`^[^\pL\pN]*([\pL\pN']+)[^\pL\pN]*`)
	lastWord = regexp.MustCompile(`[^\pL\pN]+([\pL\pN']+)[^\pL\pN]*$`)
)

// asWritten returns a question with chat spellings written out (see chatWords: lowercase, as
// chat types them, and not inside an abbreviation such as "u.s.") and without the
// interjections it opens or ends with, as long as words remain.
func asWritten(question string) string {
	var b strings.Builder
	last := 0
	for _, m := range chatWord.FindAllStringIndex(question, -1) {
		w := question[m[0]:m[1]]
		r, ok := chatWords[w]
		// Only as typed in chat: in lowercase, and not part of an abbreviation ("U.S.").
		if !ok || m[1] < len(question) && question[m[1]] == '.' && m[1]+1 < len(question) && question[m[1]+1] != ' ' {
			continue
		}
		b.WriteString(question[last:m[0]])
		b.WriteString(r)
		last = m[1]
	}
	b.WriteString(question[last:])
	question = b.String()
	for {
		m := edgeWord.FindStringSubmatchIndex(question)
		if m == nil || !interjections[strings.ToLower(question[m[2]:m[3]])] || !hasWord(question[m[1]:]) {
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

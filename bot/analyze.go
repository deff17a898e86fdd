package bot

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/doctrinebot/doctrinebot/lexicon"
)

// stopwords are English function words (the indefinite pronouns among them: "someone" asks
// about no one in particular), the words that frame a question rather than carry its
// content ("what does X say about ..."), the intensifiers that only stress a question ("would we
// even need …", "does he actually command …", "what is it really") and "etc". They are dropped from queries and from the index.
var stopwords = setOf(`a about above according after again against all also am an and any are
aren't as at be been before being below between both but by can can't cannot could couldn't did
didn't do does doesn't doing don't down during each either else ever every few for from further
had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's me
more most mustn't my myself neither nor not of off on once only or other ought our ours
ourselves out over own per same shan't she she'd she'll she's should shouldn't so some such
than that that's the their theirs them themselves then there there's these they they'd they'll
they're they've this those through thus to too under until up upon us very was wasn't we we'd
we'll we're we've were weren't what what's when when's where where's whether which while who
who's whom whose why why's will with won't would wouldn't yet you you'd you'll you're you've
your yours yourself yourselves s t d ll re ve may might must shall can could like
say says said tell tells describe describes explain explains mean means meant kind kinds sort
type types thing things way ways happen happens one ones get gets got make makes made
someone somebody anyone anybody everyone everybody nobody something anything everything nothing
etc even actually really`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// IsStopword reports whether a lowercase word is dropped from queries and the index.
func IsStopword(word string) bool { return stopwords[word] }

// analyzer turns text into index terms: lowercase word and number tokens (see wordTokens), possessive
// "'s" removed, stopwords dropped, each word reduced to its WordNet base form (lexicon.Lemmas,
// first form; the word itself where WordNet has none). Terms are cached per word.
type analyzer struct {
	lex   *lexicon.Lexicon
	mu    sync.RWMutex
	cache map[string]string
}

func newAnalyzer(lex *lexicon.Lexicon) *analyzer {
	return &analyzer{lex: lex, cache: map[string]string{}}
}

// writtenTogether reports whether text writes terms (index terms, in order) as consecutive
// words, with no other word, stopwords included, between them: "What is the security
// sector?" writes security, sector; "the definition of treason" does not write definition,
// treason.
func (a *analyzer) writtenTogether(text string, terms []string) bool {
	words := wordTokens(strings.ToLower(text))
next:
	for i := 0; i+len(terms) <= len(words); i++ {
		for k, t := range terms {
			if a.term(words[i+k]) != t {
				continue next
			}
		}
		return true
	}
	return false
}

// term returns the index term of one lowercase token, or "" for a stopword.
func (a *analyzer) term(tok string) string {
	a.mu.RLock()
	t, ok := a.cache[tok]
	a.mu.RUnlock()
	if ok {
		return t
	}
	t = a.computeTerm(tok)
	a.mu.Lock()
	a.cache[tok] = t
	a.mu.Unlock()
	return t
}

// withoutPossessive returns word without a possessive "'s" (or "’s") ending: "tzu's" → "tzu".
func withoutPossessive(word string) string {
	return strings.TrimSuffix(strings.TrimSuffix(word, "'s"), "’s")
}

func (a *analyzer) computeTerm(tok string) string {
	tok = foldMarks(tok)
	tok = withoutPossessive(tok)
	tok = strings.Trim(tok, "'’-")
	if tok == "" || stopwords[tok] {
		return ""
	}
	if hasDigit(tok) {
		return tok // a number or code ("303", "1543a") is its own term
	}
	if lemmas := a.lex.Lemmas(tok); len(lemmas) > 0 {
		return lemmas[0]
	}
	return tok
}

// foldMarks removes combining marks after canonical decomposition ("tzŭ" → "tzu",
// "manœuvre" stays), so that accented spellings match plain ones.
func foldMarks(s string) string {
	for i, r := range s {
		if r >= utf8.RuneSelf {
			if !hasMarks(s[i:]) {
				return s // "§", "—", curly quotes: nothing to fold
			}
			t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
			out, _, err := transform.String(t, s)
			if err != nil {
				return s
			}
			return out
		}
	}
	return s
}

// hasMarks reports whether s holds a combining mark or a character that decomposes
// canonically (NFD) into one: what foldMarks would remove.
func hasMarks(s string) bool {
	for i, r := range s {
		if r < utf8.RuneSelf {
			continue
		}
		if unicode.Is(unicode.Mn, r) || norm.NFD.PropertiesString(s[i:]).Decomposition() != nil {
			return true
		}
	}
	return false
}

// token is one analysed word of a text.
type token struct {
	word string // the lowercase word as written
	term string // its index term; "" for a stopword
	// capital is true when the word is written with a capital first letter.
	capital bool
}

// tokens analyses text into its tokens, stopwords included (with an empty term).
func (a *analyzer) tokens(text string) []token {
	words, caps := splitWords(text, true)
	out := make([]token, len(words))
	for i, w := range words {
		out[i] = token{word: foldMarks(w), term: a.term(w), capital: caps[i]}
	}
	return out
}

// terms returns the non-empty index terms of text, in order, repeats kept.
func (a *analyzer) terms(text string) []string {
	var out []string
	for _, w := range wordTokens(text) {
		if t := a.term(w); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// wordTokens splits text into lowercase tokens: runs of letters, as embeddings.Tokens makes
// them (an apostrophe between letters kept), and runs of digits with any letters joined to
// them ("303", "2018", "o7"), which embeddings.Tokens drops but which name articles,
// sections and regulations.
func wordTokens(text string) []string {
	out, _ := splitWords(text, false)
	return out
}

// splitWords is wordTokens, with, when withCaps, whether each token's first letter is a
// capital (nil otherwise).
func splitWords(text string, withCaps bool) (out []string, caps []bool) {
	var b strings.Builder
	digit, letter := false, false
	start := 0 // the current token's first rune
	runes := []rune(text)
	flush := func(end int) {
		if b.Len() > 0 && !(digit && !letter && footnoteMark(start > 0 && runes[start-1] == '[', end < len(runes) && runes[end] == ']')) {
			out = append(out, b.String())
			if withCaps {
				caps = append(caps, unicode.IsUpper(runes[start]))
			}
		}
		b.Reset()
		digit, letter = false, false
	}
	for i, r := range runes {
		if b.Len() == 0 {
			start = i
		}
		switch {
		case unicode.IsLetter(r):
			letter = true
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsDigit(r):
			digit = true
			b.WriteRune(r)
		case (r == '\'' || r == '’' || r == 'ʼ') && b.Len() > 0 && !digit && i+1 < len(runes) && unicode.IsLetter(runes[i+1]):
			b.WriteRune('\'')
		default:
			flush(i)
		}
	}
	flush(len(runes))
	return out, caps
}

// footnoteMark reports whether a token of digits only, opened by "[" and closed by "]" as
// said, is a footnote reference ("Lu Meng (d. 219), [51] and Yo Fei"), which is no word of the
// text: "who wrote federalist 51" found The Art of War's note 51.
func footnoteMark(openBracket, closeBracket bool) bool { return openBracket && closeBracket }

func hasDigit(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' {
			return true
		}
	}
	return false
}

// appendWords calls f with each token of text exactly as wordTokens makes them, lowercased
// into buf (returned for reuse); f must not keep the slice it is given. Unlike wordTokens it
// allocates nothing, which matters when indexing hundreds of millions of bytes.
func appendWords(buf []byte, text string, f func(tok []byte)) []byte {
	buf = buf[:0]
	digit, letter := false, false
	start := 0 // the current token's first byte
	flush := func(end int) {
		if len(buf) > 0 && !(digit && !letter && footnoteMark(start > 0 && text[start-1] == '[', end < len(text) && text[end] == ']')) {
			f(buf)
		}
		buf = buf[:0]
		digit, letter = false, false
	}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if len(buf) == 0 {
			start = i
		}
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'):
			letter = true
			buf = append(buf, byte(r)|0x20)
		case r < utf8.RuneSelf && '0' <= r && r <= '9':
			digit = true
			buf = append(buf, byte(r))
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			letter = true
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		case r >= utf8.RuneSelf && unicode.IsDigit(r):
			digit = true
			buf = utf8.AppendRune(buf, r)
		case (r == '\'' || r == '’' || r == 'ʼ') && len(buf) > 0 && !digit && letterAt(text, i+size):
			buf = append(buf, '\'')
		default:
			flush(i)
		}
		i += size
	}
	flush(len(text))
	return buf[:0]
}

// letterAt reports whether text holds a letter at byte offset i.
func letterAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	r := rune(text[i])
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	r, _ = utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r)
}

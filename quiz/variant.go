package quiz

import (
	"slices"
	"strconv"
	"strings"

	"github.com/doctrinebot/doctrinebot/internal/editdist"
	"github.com/doctrinebot/doctrinebot/lexicon"
)

// A distractor must be wrong: never another way of saying the right answer. "United
// Netherlands" is no distractor for "Union of the Netherlands", nor "agencies" beside
// "agency", nor "defense" for "defence", nor "dispersive grounds" for an item of a list the
// passage writes "Dispersive ground" in. Words are compared by their roots (wordRoots), and
// phrases by their words of content in any order (variant, saysVariant).

// spelling returns w (normalised) as American English spells it, by its ending (see
// lexicon.BritishAmericanEndings), and with "ae" and "oe" inside it written "e" ("manoeuvre"): the form two
// spellings of a word are compared in. It changes words that have no other spelling too
// ("exercise" → "exercize"), alike on both sides of a comparison.
func spelling(w string) string {
	for _, e := range lexicon.BritishAmericanEndings {
		if t, ok := strings.CutSuffix(w, e[0]); ok && len(t) >= 2 {
			w = t + e[1]
			break
		}
	}
	if len(w) > 4 {
		w = w[:1] + strings.NewReplacer("ae", "e", "oe", "e").Replace(w[1:])
	}
	return w
}

// wordRoots returns the forms under which the normalised word w is the same word as another
// (see sameWord): w in American spelling (spelling), its base forms (lexicon's Lemmas:
// "agencies" → "agency", "united" → "unite"), the words WordNet derives them from or to and
// their pertainyms (Derivation, Pertainym: "unite" → "union", "national" → "nation"), and a
// number's value in digits ("seven" → "7").
func wordRoots(w string) []string {
	l := lexicon.Builtin()
	out := []string{w, spelling(w)}
	if v, ok := numberValue(w); ok {
		out = append(out, strconv.Itoa(v))
	}
	for _, form := range []string{w, spelling(w)} {
		for _, base := range l.Lemmas(form) {
			out = append(out, base)
			for _, r := range l.Related(base) {
				if r.Kind == lexicon.Derivation || r.Kind == lexicon.Pertainym {
					out = append(out, r.Lemma)
				}
			}
		}
	}
	return out
}

// roots caches wordRoots by word, as a set, the words of content of phrases (contentWords)
// and the roots of the words of content of texts (see saysVariant). The zero value is ready
// to use.
type roots struct {
	words   map[string]map[string]bool
	phrases map[string][]string
	texts   map[string]textRoots
}

// content returns contentWords(s), computed once per phrase.
func (c *roots) content(s string) []string {
	if c.phrases == nil {
		c.phrases = map[string][]string{}
	}
	ws, ok := c.phrases[s]
	if !ok {
		ws = contentWords(s)
		c.phrases[s] = ws
	}
	return ws
}

// textRoots is a text's words of content, in order, and the set of all their roots.
type textRoots struct {
	words []string
	all   map[string]bool
}

// of returns wordRoots(w) as a set, computed once per word.
func (c *roots) of(w string) map[string]bool {
	if c.words == nil {
		c.words = map[string]map[string]bool{}
	}
	s, ok := c.words[w]
	if !ok {
		s = map[string]bool{}
		for _, r := range wordRoots(w) {
			s[r] = true
		}
		c.words[w] = s
	}
	return s
}

// text returns the words of content of text and their roots, computed once per text.
func (c *roots) text(text string) textRoots {
	if c.texts == nil {
		c.texts = map[string]textRoots{}
	}
	t, ok := c.texts[text]
	if !ok {
		t.all = map[string]bool{}
		t.words = contentWords(text)
		for _, w := range t.words {
			for r := range c.of(w) {
				t.all[r] = true
			}
		}
		c.texts[text] = t
	}
	return t
}

// sameRoot reports whether the roots of the normalised words a and b meet (wordRoots).
func (c *roots) sameRoot(a, b string) bool {
	if a == b {
		return true
	}
	rb := c.of(b)
	for r := range c.of(a) {
		if rb[r] {
			return true
		}
	}
	return false
}

// sameWord reports whether the normalised words a and b are one word: their roots meet
// (wordRoots: "agency" and "agencies", "United" and "Union", "defence" and "defense"), or,
// both of eight letters or more and alike in their first four, they differ by one letter
// (editdist.Distance: a misprint, "Pennsylvanis").
func (c *roots) sameWord(a, b string) bool {
	return c.sameRoot(a, b) || len(a) >= 8 && len(b) >= 8 && a[:4] == b[:4] && editdist.Distance(a, b, 1) <= 1
}

// contentWords returns the words of content of s (normalised; function words aside, but not
// a number: "one" of "one year"; a number of tens and units is one word, "thirty-five" of
// "thirty-five" or "thirty five"), or, for s of function words only, all its words.
func contentWords(s string) []string {
	words := strings.Fields(normalize(s))
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if _, ok := tens[w]; ok && i+1 < len(words) {
			if v, ok := numberValue(w + "-" + words[i+1]); ok && v%10 != 0 {
				w = w + "-" + words[i+1]
				i++
			}
		}
		if _, number := numberValue(w); !functionWords[w] || number {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return words
	}
	return out
}

// variant reports whether a and b say the same thing, or one says part of what the other
// does, in other words: every word of content of one of them is a word (sameWord) of the
// other. "United Netherlands" and "Union of the Netherlands", "agency" and "agencies",
// "Netherlands" and "the United Netherlands" are; "Secretary of State" and "Secretary of
// Defense" are not.
func (c *roots) variant(a, b string) bool {
	wa, wb := c.content(a), c.content(b)
	return len(wa) > 0 && len(wb) > 0 && (c.covered(wa, wb) || c.covered(wb, wa))
}

// covered reports whether every word of ws is a word (sameWord) of in.
func (c *roots) covered(ws, in []string) bool {
	return c.coveredBy(ws, in, c.sameWord)
}

// coveredBy reports whether every word of ws is one of in by same.
func (c *roots) coveredBy(ws, in []string, same func(a, b string) bool) bool {
	for _, w := range ws {
		found := false
		for _, v := range in {
			if same(w, v) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// saysVariant reports whether text says phrase in other words: its words of content, in
// any order and each in any of its forms (sameWord), are a run of as many words of content
// of text, function words between them aside (their roots meet, see sameRoot: a misprint is
// not looked for here). "Union of the Netherlands" says "United
// Netherlands", "(1) Dispersive ground; (2) facile ground" says "facile grounds" and
// "ground facile", not "dispersive heights".
func (c *roots) saysVariant(text, phrase string) bool {
	ws := c.content(phrase)
	if len(ws) == 0 {
		return false
	}
	t := c.text(text)
	for _, w := range ws {
		met := false
		for r := range c.of(w) {
			if t.all[r] {
				met = true
				break
			}
		}
		if !met {
			return false // most phrases: a word the text says in no form
		}
	}
	for i := 0; i+len(ws) <= len(t.words); i++ {
		run := t.words[i : i+len(ws)]
		if c.coveredBy(ws, run, c.sameRoot) && c.coveredBy(run, ws, c.sameRoot) {
			return true
		}
	}
	return false
}

// sameRealm reports whether a and b share a word WordNet knows as a proper noun only
// ("netherlands" of "Union of the Netherlands" and "States-General of the Netherlands",
// "britain" of "king of Great Britain" and "Parliament of Great Britain"): a union and its
// assembly, a king and his parliament, may each be read for the other in a sentence about
// one of them, so that neither is a distractor for the other.
func (c *roots) sameRealm(a, b string) bool {
	l := lexicon.Builtin()
	wb := c.content(b)
	for _, w := range c.content(a) {
		if l.IsProperNoun(w) && slices.Contains(wb, w) {
			return true
		}
	}
	return false
}

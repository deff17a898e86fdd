package quiz

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A word, for a blank or an answer, is what a reader takes for one: letters, digits and the
// hyphens and apostrophes that join them, so that "ninety-six", "Tzŭ’s" and "Ch’in" are one
// word each. A blank covers whole words: never "ninety-_____" or "_____’s".

// hyphen reports whether r joins the parts of a compound: "-", U+2010 HYPHEN or U+2011
// NON-BREAKING HYPHEN (not a dash).
func hyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// apostrophe reports whether r may be an apostrophe: "'", U+2019 (the right single quotation
// mark, which is also the typographic apostrophe) or U+02BC MODIFIER LETTER APOSTROPHE.
func apostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// wordRune reports whether r is part of a word by itself: a letter, a digit or a combining
// mark ("ŭ" written as "u" and a breve).
func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// wholeWords reports whether text[i:j] begins and ends at word bounds: the rune before it
// is no part of a word that goes on into it ("ninety-" before "six", "o’" before "clock"),
// and the rune after it none of a word it goes on into ("-six" after "ninety", "’s" after
// "Tzŭ", or the apostrophe of a plural possessive, "days’ notice", unless a single quotation
// opened before the span closes there: "the ‘National Defense Review’").
func wholeWords(text string, i, j int) bool {
	if i < 0 || j > len(text) || i >= j {
		return false
	}
	if i > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		if wordRune(r) {
			return false
		}
		if hyphen(r) || apostrophe(r) {
			if q, _ := utf8.DecodeLastRuneInString(text[:i-n]); wordRune(q) {
				return false
			}
		}
	}
	if j < len(text) {
		r, n := utf8.DecodeRuneInString(text[j:])
		if wordRune(r) {
			return false
		}
		if hyphen(r) || apostrophe(r) {
			if q, _ := utf8.DecodeRuneInString(text[j+n:]); wordRune(q) {
				return false
			}
		}
		if apostrophe(r) {
			last, _ := utf8.DecodeLastRuneInString(text[i:j])
			if (last == 's' || last == 'S') && !quoteOpen(text[:i], r) {
				return false // a plural possessive: "ninety days’ notice"
			}
		}
	}
	return true
}

// quoteOpen reports whether before ends inside a single quotation that the mark closing
// (’ or ') would close: an opening ‘ after the last ’, or for ', a ' at the start of a word.
func quoteOpen(before string, closing rune) bool {
	if closing == '’' {
		return strings.LastIndex(before, "‘") > strings.LastIndex(before, "’")
	}
	for k, r := range before {
		if r != closing {
			continue
		}
		if k == 0 {
			return true
		}
		if p, _ := utf8.DecodeLastRuneInString(before[:k]); !wordRune(p) {
			return true
		}
	}
	return false
}

// wordIndexes returns the byte offsets in text of the occurrences of phrase that are whole
// words (see wholeWords), in order; none for an empty phrase.
func wordIndexes(text, phrase string) []int {
	var out []int
	if phrase == "" {
		return nil
	}
	for from := 0; from < len(text); {
		k := strings.Index(text[from:], phrase)
		if k < 0 {
			break
		}
		at := from + k
		if wholeWords(text, at, at+len(phrase)) {
			out = append(out, at)
		}
		_, n := utf8.DecodeRuneInString(text[at:])
		from = at + n
	}
	return out
}

// joinedWords is normalize keeping the hyphens and apostrophes that join the parts of a
// word, each as "-": "Sun Tzŭ’s ninety-six" → "sun tzŭ-s ninety-six".
func joinedWords(s string) string {
	var b strings.Builder
	space := false
	var prev rune
	rs := []rune(strings.ToLower(s))
	for k, r := range rs {
		switch {
		case wordRune(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case (hyphen(r) || apostrophe(r)) && !space && wordRune(prev) && k+1 < len(rs) && wordRune(rs[k+1]):
			b.WriteByte('-')
		default:
			space = true
		}
		prev = r
	}
	return b.String()
}

// foundWhole is Found where a word joined to another by a hyphen or an apostrophe is one
// word: "six hours" is not found in "ninety-six hours", nor "Sun Tzŭ" in "Sun Tzŭ’s".
func foundWhole(phrase, text string) bool {
	p := joinedWords(phrase)
	return p != "" && containsWords(joinedWords(text), p)
}

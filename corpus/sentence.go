package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of a string.
type Span struct{ Start, End int }

// abbreviations end with a period that does not end a sentence (compared lowercased, without
// the period). Single letters (initials, "U.S.") are handled apart.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "no": true, "nos": true,
	"col": true, "gen": true, "capt": true, "lt": true, "sgt": true, "gov": true, "sen": true,
	"rep": true, "sec": true, "art": true, "ch": true, "cf": true, "viz": true, "vs": true,
	"etc": true, "e.g": true, "i.e": true, "u.s": true, "u.s.c": true, "pub": true, "stat": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "vol": true, "pp": true, "p": true,
	// Bibliographic abbreviations of citations ("ch. 58, fol. 2", "ibid. p. 4", "ed. Legge").
	"fol": true, "ff": true, "sqq": true, "ibid": true, "op": true, "cit": true, "ed": true,
	"eds": true, "trans": true, "chap": true, "sect": true, "pt": true, "fig": true, "ca": true,
}

// Sentences splits text into sentence spans covering it in order. A sentence ends at ".", "?"
// or "!" (with any closing quotes or brackets after it) followed by white space and an
// uppercase letter, a digit, an opening quote or bracket, or a list marker, unless the period
// closes a known abbreviation or a single-letter initial; a blank line always ends one. Leading
// white space is excluded from each span; the spans' trailing white space is kept out too.
func Sentences(text string) []Span {
	var out []Span
	start := skipSpace(text, 0)
	for i := start; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == '\n' && strings.HasPrefix(text[i:], "\n\n") {
			out = appendSpan(out, text, start, i)
			start = skipSpace(text, i)
			i = start
			continue
		}
		if r == '.' || r == '?' || r == '!' {
			end := i + size
			for end < len(text) && strings.ContainsRune("\"'”’)]_*", rune(text[end])) || strings.HasPrefix(text[end:], "”") || strings.HasPrefix(text[end:], "’") {
				if strings.HasPrefix(text[end:], "”") || strings.HasPrefix(text[end:], "’") {
					end += len("”")
				} else {
					end++
				}
			}
			next := skipSpace(text, end)
			if next > end && next < len(text) && startsSentence(text[next:]) && !(r == '.' && isAbbreviation(text[start:i])) {
				out = appendSpan(out, text, start, end)
				start = next
				i = next
				continue
			}
			i = end
			continue
		}
		i += size
	}
	return appendSpan(out, text, start, len(text))
}

func appendSpan(out []Span, text string, start, end int) []Span {
	for end > start && unicode.IsSpace(rune(text[end-1])) {
		end--
	}
	if end > start {
		out = append(out, Span{start, end})
	}
	return out
}

func skipSpace(text string, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t') {
		i++
	}
	return i
}

func startsSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"'“‘([*_", r)
}

// isAbbreviation reports whether the text before a period ends with an abbreviation or a
// single-letter initial.
func isAbbreviation(before string) bool {
	j := strings.LastIndexAny(before, " \n(\"“")
	word := strings.ToLower(before[j+1:])
	if utf8.RuneCountInString(word) == 1 && unicode.IsLetter([]rune(word)[0]) {
		return true
	}
	return abbreviations[word]
}

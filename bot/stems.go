package bot

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// A list's stem says what its items are about: "The Congress shall have Power" before "To
// declare War" and the other powers of Article I, section 8; "… the President shall submit
// within 48 hours … a report … in any case in which United States Armed Forces are
// introduced—" before "(1) into hostilities … (3) in numbers which substantially enlarge …".
// When a list runs on into the next passage, that passage begins with an item and holds no
// stem, so it does not say whose powers or which case it lists. listStems finds the stem
// and the index adds it to that passage's heading field (see headingText), as a heading
// would be: BM25F counts it, and every evidence window sees it. What is quoted is the
// passage's own text.

// itemMarker matches a line that opens with an enumerator: "(1)", "(a)", "(A)", "(iv)".
var itemMarker = regexp.MustCompile(`^\(([0-9]{1,3}|[a-z]{1,5}|[A-Z]{1,5})\)`)

// romanNumeral matches a lowercase Roman numeral up to 39.
var romanNumeral = regexp.MustCompile(`^x{0,3}(ix|iv|v?i{0,3})$`)

// maxStemRunes bounds a stem: the last sentence of the text before the list's first item, at
// most this many characters, cut at a word.
const maxStemRunes = 300

// openList is a list whose items are still running: its kind (see itemKind) and stem.
type openList struct {
	kind string
	last string // the last item's enumerator, to tell "(i)" after "(h)" from the numeral
	stem string
}

// itemKind returns the kind of list item a line opens and its enumerator: "1" for "(3)",
// "a" for "(c)", "A" for "(C)", "i" and "I" for Roman numerals ("(iv)", "(II)"), and
// "word:To" for a line that opens with a capitalised function word (a stopword other than
// "I") followed by a lowercase word ("To declare War"), which is an item only where such
// lines run on (see listStems). The letters
// i, v and x are Roman numerals unless they follow h, u and w in a letter list.
func itemKind(line string, open []openList) (kind, enum string) {
	if line == "" {
		return "", ""
	}
	if line[0] != '(' {
		return wordItem(line)
	}
	if m := itemMarker.FindStringSubmatch(line); m != nil {
		e := m[1]
		switch {
		case e[0] >= '0' && e[0] <= '9':
			return "1", e
		case romanNumeral.MatchString(strings.ToLower(e)) && !followsLetter(e, open):
			if unicode.IsUpper(rune(e[0])) {
				return "I", e
			}
			return "i", e
		case unicode.IsUpper(rune(e[0])):
			return "A", e
		default:
			return "a", e
		}
	}
	return "", ""
}

// wordItem is itemKind for a line that opens with no enumerator: "word:To", "To" for "To
// declare War", else "", "".
func wordItem(line string) (kind, word string) {
	sp := strings.IndexByte(line, ' ')
	if sp <= 0 || sp > 12 {
		return "", "" // no second word, or a first word longer than any stopword
	}
	first, _ := utf8.DecodeRuneInString(line)
	second, _ := utf8.DecodeRuneInString(strings.TrimLeft(line[sp:], " "))
	w := line[:sp]
	if lw := strings.ToLower(w); unicode.IsUpper(first) && unicode.IsLower(second) && isLetters(w) && stopwords[lw] && lw != "i" {
		return "word:" + w, w
	}
	return "", ""
}

// followsLetter reports whether enumerator e (a letter that is also a Roman numeral: "i", "v",
// "x") continues an open letter list whose last item is the letter before it.
func followsLetter(e string, open []openList) bool {
	if len(e) != 1 {
		return false
	}
	for _, l := range open {
		if (l.kind == "a" || l.kind == "A") && len(l.last) == 1 && l.last[0]+1 == e[0] {
			return true
		}
	}
	return false
}

// isFirstItem reports whether enumerator e of kind k opens a list: 1, a, A, i or I.
func isFirstItem(k, e string) bool {
	switch k {
	case "1":
		return e == "1"
	case "a", "A", "i", "I":
		return strings.EqualFold(e, "a") && (k == "a" || k == "A") || strings.EqualFold(e, "i") && (k == "i" || k == "I")
	}
	return false
}

// listStems returns, for each passage (in index order), the stems of the lists that its first
// line continues when they opened in an earlier passage under the same headings, outermost
// first and joined by a space; "" for the others. A list of enumerated items opens at its
// first item ("(1)", "(a)") and its stem is the text before that item on its line or, when
// the item opens the line, the line before it; a run of lines that open with the same
// capitalised word ("To declare War", "To raise and support Armies") is a list when the line
// before the run writes that word before its first item ("… shall have Power To lay and
// collect Taxes"), its stem the text before the word. A line that is not an item ends the
// lists, as does a new heading path or document.
func listStems(passages []*corpus.Passage) []string {
	stems := make([]string, len(passages))
	var open []openList
	var prevLine string
	for i, p := range passages {
		if i == 0 || p.DocumentID != passages[i-1].DocumentID || !slices.Equal(p.Headings, passages[i-1].Headings) {
			open, prevLine = nil, ""
		}
		lines := strings.FieldsFunc(p.Text, func(r rune) bool { return r == '\n' })
		for j, line := range lines {
			line = strings.TrimSpace(line)
			open = step(open, line, prevLine, lines, j)
			if j == 0 && len(open) > 0 && inList(open, line) {
				var parts []string
				for _, l := range open {
					if l.stem != "" {
						parts = append(parts, l.stem)
					}
				}
				stems[i] = strings.Join(parts, " ")
			}
			prevLine = line
		}
	}
	return stems
}

// inList reports whether line is an item of the innermost open list.
func inList(open []openList, line string) bool {
	k, _ := itemKind(line, open[:len(open)-1])
	return k == open[len(open)-1].kind
}

// step updates the open lists for one more line (lines[j], whose predecessor is prevLine,
// possibly the last line of the passage before).
func step(open []openList, line, prevLine string, lines []string, j int) []openList {
	k, e := itemKind(line, open)
	if k == "" {
		return nil
	}
	for n := len(open) - 1; n >= 0; n-- {
		if open[n].kind == k {
			open = open[:n+1]
			open[n].last = e
			return open
		}
	}
	if strings.HasPrefix(k, "word:") {
		// A run of lines opening with the same word is a list when the line before it
		// writes the word before the list's first item, and the next line opens with it
		// too; other lines that open with a capitalised word are prose.
		if j+1 >= len(lines) || !strings.HasPrefix(strings.TrimSpace(lines[j+1]), e+" ") {
			return nil
		}
		at := strings.Index(prevLine, " "+e+" ")
		if at < 0 {
			return nil
		}
		return append(open, openList{kind: k, last: e, stem: stemOf(prevLine[:at])})
	}
	if !isFirstItem(k, e) {
		return nil // an item of a list whose start was not seen
	}
	stem := strings.TrimSpace(line[:strings.Index(line, "(")])
	if stem == "" {
		stem = prevLine
	}
	return append(open, openList{kind: k, last: e, stem: stemOf(stem)})
}

// stemOf returns the last sentence of text, at most maxStemRunes characters cut before a
// word, without a leading enumerator.
func stemOf(text string) string {
	text = strings.TrimSpace(itemMarker.ReplaceAllString(strings.TrimSpace(text), ""))
	if sents := corpus.Sentences(text); len(sents) > 1 {
		text = text[sents[len(sents)-1].Start:sents[len(sents)-1].End]
	}
	if utf8.RuneCountInString(text) > maxStemRunes {
		r := []rune(text)
		text = string(r[len(r)-maxStemRunes:])
		if sp := strings.IndexByte(text, ' '); sp >= 0 {
			text = text[sp+1:]
		}
	}
	return strings.TrimSpace(text)
}

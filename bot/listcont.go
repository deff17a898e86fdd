package bot

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// A numbered list can run over several passages when notes stand between its items, as in
// The Art of War, where the commentators' notes follow each item of "There are five dangerous
// faults which may affect a general: (1) Recklessness, …; (2) cowardice, …". An answer to a
// question that asks for a list then quotes the passages that hold the rest of it.

// listItem matches an item number in parentheses, "(1)".
var listItem = regexp.MustCompile(`\((\d{1,2})\)`)

// ordinalItem matches an item named by its ordinal where prose lists without numbers: "The
// first is to burn soldiers in their camp; … the second is to burn stores;" (The Art of War,
// XII. 1), and "Secondly," or "THIRD." opening a paragraph, up to the twentieth. One of its
// two groups holds the ordinal.
var ordinalItem = regexp.MustCompile(`(?:\b[Tt]he (` + ordinalWords + `) (?:is|are)\b|(?m:^)(?:((?i:` + ordinalWords + `))(?:ly|LY)?)[,.:])`)

// ordinalWords are the ordinals of 1 to 20 as a regular expression's alternatives, longest
// first so that "fourteenth" is not read as "fourth".
var ordinalWords = func() string {
	words := slices.Clone(ordinals)
	slices.SortStableFunc(words, func(a, b string) int { return len(b) - len(a) })
	return strings.Join(words, "|")
}()

// itemMark is an item's number and where its marker starts and ends in a text.
type itemMark struct{ k, start, end int }

// itemMarks returns the item markers of text in order: numbers in parentheses ("(2)"), or
// ordinals (see ordinalItem), whichever kind opens a list (an item 1) first, or the numbers
// when neither does and the text has any (see itemMarksFor).
func itemMarks(text string) []itemMark {
	return itemMarksFor(text, 1)
}

// itemMarksFor returns the item markers of text in order, of the kind — numbers in
// parentheses or ordinals — whose item k comes first, or the numbers when neither holds item
// k and the text has any: a list going on at item k goes on in its own kind. The two are not
// mixed: a statute's "(1)" items may hold prose that writes "the first is", and a garrison's
// "FIRSTLY. … SECONDLY." watches may stand before another list's "(4)".
func itemMarksFor(text string, k int) []itemMark {
	var numbers []itemMark
	for _, loc := range listItem.FindAllStringSubmatchIndex(text, -1) {
		n, _ := strconv.Atoi(text[loc[2]:loc[3]])
		numbers = append(numbers, itemMark{n, loc[0], loc[1]})
	}
	words := ordinalMarks(text)
	n, w := itemAt(numbers, k), itemAt(words, k)
	switch {
	case w >= 0 && (n < 0 || w < n):
		return words
	case len(numbers) > 0:
		return numbers
	}
	return words
}

// itemAt returns where the first item k of marks starts, -1 when none is item k.
func itemAt(marks []itemMark, k int) int {
	for _, m := range marks {
		if m.k == k {
			return m.start
		}
	}
	return -1
}

// ordinalMarks returns the ordinal item markers of text in order (see ordinalItem).
func ordinalMarks(text string) []itemMark {
	var marks []itemMark
	for _, loc := range ordinalItem.FindAllStringSubmatchIndex(text, -1) {
		for g := 1; g <= 2; g++ {
			if loc[2*g] >= 0 {
				// ordinals lists them in order: the number is the index plus one.
				k := slices.Index(ordinals, strings.ToLower(text[loc[2*g]:loc[2*g+1]])) + 1
				marks = append(marks, itemMark{k, loc[0], loc[1]})
			}
		}
	}
	return marks
}

// holdsItem reports whether text numbers item k of a list (see itemMarks).
func holdsItem(text string, k int) bool {
	return itemAt(itemMarksFor(text, k), k) >= 0
}

// firstItem returns where text's first item marker of item 1 starts, -1 when it has none.
func firstItem(text string) int {
	return itemAt(itemMarks(text), 1)
}

// Bounds of listContinuation: how many passages after the one that opens the list it reads,
// how many in a row it reads without finding the next item before it stops, and how many
// characters of items it adds to a lead (the passages hold the rest).
const (
	listMaxPassages = 12
	listMaxGap      = 3
	listMaxRunes    = 2000
)

// listContinuation returns the passages that follow passage p in its document, under the
// same headings, and continue the numbered list p opens at or after byte from of its text (p
// holds item (1) there, the first item marker from there on; each returned passage holds the
// next item), and the paragraphs, verbatim, that hold the items after (1): those in p and
// those in the returned passages, each up to the next item's marker. It stops where another
// list starts (a "(1)"), at the count the question asks for (count, when above 0), and once
// the items hold listMaxRunes characters. It returns nil, nil when p opens no list there.
// from is where the answer's lead stands: "There are three rules of the kitchen" asks for
// the list after it, not for the sentry's duties listed before it in the same passage.
func (x *Index) listContinuation(p *corpus.Passage, count, from int) ([]*corpus.Passage, []string) {
	from = max(0, min(from, len(p.Text)))
	marks := itemMarks(p.Text[from:])
	if len(marks) == 0 || marks[0].k != 1 {
		return nil, nil
	}
	items, last, stopped := itemParagraphs(p.Text[from+marks[0].end:], 1, count)
	i := x.number(p.ID)
	if i < 0 {
		return nil, nil
	}
	size := 0
	for _, it := range items {
		size += utf8.RuneCountInString(it)
	}
	d := x.documentOf(int32(i))
	end := min(int(x.docStart[d+1]), i+1+listMaxPassages)
	var passages []*corpus.Passage
	gap := 0
	for j := i + 1; !stopped && j < end && gap < listMaxGap && (count == 0 || last < count) && size < listMaxRunes; j++ {
		next := x.passages[j]
		if !slices.Equal(next.Headings, p.Headings) {
			break
		}
		var more []string
		var n int
		more, n, stopped = itemParagraphs(next.Text, last, count)
		if n == last {
			gap++
			continue
		}
		passages = append(passages, next)
		for _, it := range more {
			size += utf8.RuneCountInString(it)
		}
		items = append(items, more...)
		last, gap = n, 0
	}
	return passages, items
}

// itemParagraphs returns the paragraphs of text that hold the items after item last, in
// sequence ("(2) cowardice, …;" after 1), each from its number to the end of its paragraph
// or to the next item's marker, up to item count when count is above 0, and the number of
// the last one found (last when none is). Its markers are of the kind that holds item last+1
// (see itemMarksFor). It stops at an item 1: another list begins, and stopped is then true.
func itemParagraphs(text string, last, count int) (items []string, n int, stopped bool) {
	marks := itemMarksFor(text, last+1)
	for j, m := range marks {
		k := m.k
		if k == 1 {
			return items, last, true
		}
		if count > 0 && last >= count {
			break
		}
		if k != last+1 {
			continue
		}
		para := text[m.start:]
		if j+1 < len(marks) {
			// An item ends where the next begins: "the second is …; the third is …" in
			// one paragraph are two items. Before another list's first item it ends with
			// its sentence: "(3) the drain spade. There are four kinds of hoes: (1) …".
			para = text[m.start:marks[j+1].start]
			if marks[j+1].k == 1 {
				if e := strings.LastIndex(para, ". "); e >= 0 {
					para = para[:e+1]
				}
			}
		}
		if e := strings.Index(para, "\n\n"); e >= 0 {
			para = para[:e]
		}
		items = append(items, strings.TrimSpace(para))
		last = k
	}
	return items, last, false
}

// firstItemSentence returns the sentence of text that holds its first item marker ("(1)",
// "The first is"; see itemMarks), trimmed; "" when there is none.
func firstItemSentence(text string) string {
	i := firstItem(text)
	if i < 0 {
		return ""
	}
	for _, s := range corpus.Sentences(text) {
		if s.Start <= i && i < s.End {
			return strings.TrimSpace(text[s.Start:s.End])
		}
	}
	return ""
}

// withListOpening returns lead followed by the sentence of text right after it when lead
// names no first item and that sentence does ("There are six calamities. These are: (1)
// Flight; (2) …"); lead itself otherwise.
func withListOpening(lead, text string) string {
	if len(itemMarks(lead)) > 0 {
		return lead
	}
	end := strings.Index(text, lead)
	if end < 0 {
		return lead
	}
	end += len(lead)
	for _, s := range corpus.Sentences(text) {
		if s.Start >= end {
			if next := text[s.Start:s.End]; firstItem(next) >= 0 {
				return lead + " " + strings.TrimSpace(next)
			}
			break
		}
	}
	return lead
}

// A sentence can also run over two passages when the source breaks it into paragraphs: a
// lead-in that ends in mid-sentence, and its items. 10 U.S.C. § 253 writes "… shall take such
// measures as he considers necessary to suppress, in a State, any insurrection, … or
// conspiracy, if it" and then "(1) so hinders the execution of the laws …; or" and "(2)
// opposes or obstructs …", which the splitter packs into the next passage when the two are
// too long for one. An answer quoting the first then quotes the second, and its lead goes on
// to the end of the sentence.

// maxContinuationParagraphs bounds the paragraphs of the next passage that
// sentenceContinuation adds to a lead: a sentence's items, not the passage.
const maxContinuationParagraphs = 4

// sentenceContinuation returns the passages after p in its document, under the same
// headings, that go on with the sentence p's text ends in the middle of (see
// endsMidSentence): each opens with a lowercase word or an item number such as "(1)"
// (continuesSentence), and each but the last ends in mid-sentence too. It also returns their
// paragraphs up to the one that ends the sentence: at most maxContinuationParagraphs, of at
// most listMaxRunes characters in all. It returns nil, nil when p ends a sentence.
func (x *Index) sentenceContinuation(p *corpus.Passage) ([]*corpus.Passage, []string) {
	i := x.number(p.ID)
	if i < 0 || !endsMidSentence(p.Text) {
		return nil, nil
	}
	end := int(x.docStart[x.documentOf(int32(i))+1])
	var passages []*corpus.Passage
	var paras []string
	size := 0
	for j := i + 1; j < end; j++ {
		next := x.passages[j]
		if !slices.Equal(next.Headings, p.Headings) || !continuesSentence(next.Text) {
			break
		}
		passages = append(passages, next)
		for _, para := range strings.Split(next.Text, "\n\n") {
			para = strings.TrimSpace(para)
			size += utf8.RuneCountInString(para)
			if para == "" || len(paras) == maxContinuationParagraphs || size > listMaxRunes {
				return passages, paras
			}
			paras = append(paras, para)
			if !endsMidSentence(para) {
				return passages, paras
			}
		}
	}
	return passages, paras
}

// endsMidSentence reports whether text ends inside a sentence: its last character, past
// closing quotes and brackets, is a lowercase letter, a comma, a colon, a semicolon or a dash
// ("… or conspiracy, if it"), or it ends in "; or" or "; and" (an item that another follows).
func endsMidSentence(text string) bool {
	text = strings.TrimRight(text, " \n")
	if strings.HasSuffix(text, "; or") || strings.HasSuffix(text, "; and") {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text)
	return unicode.IsLower(r) || strings.ContainsRune(",:;—–", r)
}

// continuesSentence reports whether text opens by going on with a sentence: with a lowercase
// letter, or with an item number in parentheses ("(1) so hinders …").
func continuesSentence(text string) bool {
	text = strings.TrimSpace(text)
	if loc := listItem.FindStringIndex(text); loc != nil && loc[0] == 0 {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text)
	return unicode.IsLower(r)
}

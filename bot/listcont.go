package bot

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// A numbered list can run over several passages when notes stand between its items, as in
// The Art of War, where the commentators' notes follow each item of "There are five dangerous
// faults which may affect a general: (1) Recklessness, …; (2) cowardice, …". An answer to a
// question that asks for a list then quotes the passages that hold the rest of it.

// listItem matches an item number in parentheses, "(1)".
var listItem = regexp.MustCompile(`\((\d{1,2})\)`)

// listItemStart matches an item number in parentheses opening a paragraph.
var listItemStart = regexp.MustCompile(`(?m)^\((\d{1,2})\)`)

// Bounds of listContinuation: how many passages after the one that opens the list it reads,
// and how many in a row it reads without finding the next item before it stops.
const (
	listMaxPassages = 12
	listMaxGap      = 3
)

// listContinuation returns the passages that follow passage p in its document and continue
// the numbered list p opens (p holds item (1); each returned passage opens a paragraph with
// the next item), and the paragraphs, verbatim, that hold the items after (1): those in p and
// those in the returned passages. It returns nil, nil when p opens no list. count, when above
// 0, is how many items the question asks for: no more are looked for.
func (x *Index) listContinuation(p *corpus.Passage, count int) ([]*corpus.Passage, []string) {
	first := listItem.FindStringSubmatchIndex(p.Text)
	if first == nil || p.Text[first[2]:first[3]] != "1" {
		return nil, nil
	}
	items, last := itemParagraphs(p.Text, 1)
	i := x.number(p.ID)
	if i < 0 {
		return nil, nil
	}
	d := x.documentOf(int32(i))
	end := min(int(x.docStart[d+1]), i+1+listMaxPassages)
	var passages []*corpus.Passage
	gap := 0
	for j := i + 1; j < end && gap < listMaxGap && (count == 0 || last < count); j++ {
		more, n := itemParagraphs(x.passages[j].Text, last)
		if n == last {
			gap++
			continue
		}
		passages = append(passages, x.passages[j])
		items = append(items, more...)
		last, gap = n, 0
	}
	return passages, items
}

// itemParagraphs returns the paragraphs of text that open with the items after item last,
// in sequence ("(2) cowardice, …;" after 1), and the number of the last one found (last when
// none is).
func itemParagraphs(text string, last int) ([]string, int) {
	var items []string
	for _, loc := range listItemStart.FindAllStringSubmatchIndex(text, -1) {
		n, _ := strconv.Atoi(text[loc[2]:loc[3]])
		if n != last+1 {
			continue
		}
		para := text[loc[0]:]
		if k := strings.Index(para, "\n\n"); k >= 0 {
			para = para[:k]
		}
		items = append(items, strings.TrimSpace(para))
		last = n
	}
	return items, last
}

// withListOpening returns lead followed by the sentence of text right after it when lead
// names no first item and that sentence does ("There are six calamities. These are: (1)
// Flight; (2) …"); lead itself otherwise.
func withListOpening(lead, text string) string {
	if listItem.MatchString(lead) {
		return lead
	}
	end := strings.Index(text, lead)
	if end < 0 {
		return lead
	}
	end += len(lead)
	for _, s := range corpus.Sentences(text) {
		if s.Start >= end {
			if next := text[s.Start:s.End]; strings.Contains(next, "(1)") {
				return lead + " " + strings.TrimSpace(next)
			}
			break
		}
	}
	return lead
}

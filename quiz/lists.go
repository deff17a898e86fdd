package quiz

import (
	"cmp"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/lexicon"
)

// A list whose items are marked in sequence — one a line ("(1) …", "(2) …") or run into a
// sentence ("These are: (1) Flight; (2) insubordination; …") — after an introduction ending
// with ":" is an enumeration. Its items are parted at its own markers only: lines marked in
// another style from its first ("(A)", "(i)") are a sublist of the item before them ("(1) An
// explanation … (A) to obtain …; (B) …; (2) …"), not items of the list, and a marker out of
// sequence ("2. When a chieftain …" after "(9) desperate ground.") or a paragraph of prose
// ends it.

// marker matches a list marker and the white space after it: "(1)", "(a)", "(A)", "(iv)",
// "1.", "a.", "A.", "iv.", "-", "*" or "•".
var marker = regexp.MustCompile(`^(?:\((\d{1,3}|[a-z]{1,4}|[A-Z]{1,4})\)|(\d{1,3}|[a-zA-Z]|[ivxlc]{2,5}|[IVXLC]{2,5})\.|([-*•]))[ \t]+`)

// listMark is one marker: its style ("(1)", "1.", "(a)", "a.", "(A)", "A.", "(i)", "i.",
// "(I)", "I." or "-") and its place in the sequence (1 for "(1)", "(a)" and "(i)"; 0 for a
// bullet).
type listMark struct {
	style string
	value int
	// width is the length in bytes of the marker and the white space after it.
	width int
}

// parseMark reads the marker at the start of s in the style of the list it is in (style; ""
// for a list's first marker, where "i" and "I" open a list numbered in Roman numerals and
// any other letter one lettered).
func parseMark(s, style string) (listMark, bool) {
	m := marker.FindStringSubmatch(s)
	if m == nil {
		return listMark{}, false
	}
	label, open, end := m[1], "(", ")"
	if label == "" {
		label, open, end = m[2], "", "."
	}
	if m[3] != "" {
		return listMark{style: "-", width: len(m[0])}, true
	}
	shape := func(one string) string { return open + one + end }
	if v, err := strconv.Atoi(label); err == nil {
		return listMark{style: shape("1"), value: v, width: len(m[0])}, true
	}
	lower := strings.ToLower(label)
	roman := style == shape("i") || style == shape("I") || style == "" && lower == "i" || len(label) > 1
	if roman {
		v := romanValue(lower)
		if v == 0 {
			return listMark{}, false
		}
		one := "i"
		if lower != label {
			one = "I"
		}
		return listMark{style: shape(one), value: v, width: len(m[0])}, true
	}
	one := "a"
	if lower != label {
		one = "A"
	}
	return listMark{style: shape(one), value: int(lower[0]-'a') + 1, width: len(m[0])}, true
}

// romanValue returns the value of a Roman numeral in lower case, i to mmmcmxcix; 0 for what
// is none.
func romanValue(s string) int {
	if !romanNumeral.MatchString(strings.ToUpper(s)) || s == "" {
		return 0
	}
	digits := map[byte]int{'i': 1, 'v': 5, 'x': 10, 'l': 50, 'c': 100, 'd': 500, 'm': 1000}
	v := 0
	for i := 0; i < len(s); i++ {
		d := digits[s[i]]
		if i+1 < len(s) && digits[s[i+1]] > d {
			v -= d
		} else {
			v += d
		}
	}
	return v
}

// enumeration is a list whose items are marked in sequence after an introduction ending
// with ":" (see enumerations).
type enumeration struct {
	p *corpus.Passage
	// intro is the sentence introducing the list, up to its ":", cleaned as a sentence is
	// (clean): "The art of war recognises nine varieties of ground:".
	intro string
	// style is the style of its markers (see listMark).
	style string
	// items are its items, each without its marker, its sublist, commentary in brackets and
	// the punctuation and "and" or "or" closing it; nested[i] is true when items[i] opens a
	// sublist ("(B) Appropriate senior representatives of each of the following:").
	items  []string
	nested []bool
}

// usable returns the items of l that may be asked or offered: of 1 to 15 words, with a
// letter in lower case, opening no sublist, asking nothing ("On which side is discipline
// most rigorously enforced?") and no clause (phraseKind: "He is called a native of Wu",
// "Such other offices … as may be established …").
func (l enumeration) usable() []string {
	var out []string
	for i, it := range l.items {
		if n := len(strings.Fields(it)); n >= 1 && n <= 15 && hasLower(it) && !l.nested[i] && !strings.ContainsAny(it, "?[]") &&
			phraseKind(it) != clauseKind {
			out = append(out, it)
		}
	}
	return out
}

// enumerations returns the lists of three items or more of passage p: after an
// introduction ending with ":", the items marked in sequence ("(1)", "(2)", …; "a.", "b.",
// …; "-" a line) one a line or, for markers in brackets, run into the text ("(1) Dispersive
// ground; (2) facile ground; …"). A marker is at the start of a line or, in brackets, after
// "; ", ": ", ", " or ". ". Between two items there may stand blank lines, commentary in
// brackets ("[Mei Yao-ch’en says: …]") and the items of a sublist, marked in another style
// from the first of a sequence on ("(A)", "(B)", …); any other line ends the list, as does a
// marker of the list's style out of sequence. The last item ends with its line or sentence.
func enumerations(p *corpus.Passage) []enumeration {
	text := p.Text
	var out []enumeration
	for c := strings.IndexByte(text, ':'); c >= 0; {
		if l, ok := enumerationAt(p, c); ok {
			out = append(out, l)
		}
		next := strings.IndexByte(text[c+1:], ':')
		if next < 0 {
			break
		}
		c += 1 + next
	}
	return out
}

// enumerationAt returns the list introduced by the ":" at text offset c of p's text, if one
// is (see enumerations).
func enumerationAt(p *corpus.Passage, c int) (enumeration, bool) {
	text := p.Text
	j := c + 1
	for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r') {
		j++
	}
	if j == c+1 && j < len(text) {
		return enumeration{}, false // "10:30", "§ 2:"
	}
	first, ok := parseMark(text[j:], "")
	inline := !strings.Contains(text[c:j], "\n")
	if !ok || first.value > 1 || inline && !strings.HasPrefix(first.style, "(") {
		return enumeration{}, false
	}
	l := enumeration{p: p, intro: introBefore(text, c), style: first.style}
	for at, value := j, 1; ; value++ {
		m, _ := parseMark(text[at:], l.style)
		start := at + m.width
		next := nextMark(text, start, l.style, value+1)
		end := next
		if end < 0 {
			end = len(text)
		}
		region := text[start:end]
		line, rest, _ := strings.Cut(region, "\n")
		nested := strings.HasSuffix(strings.TrimSpace(line), ":")
		last := next < 0
		sub := "" // the style of the item's sublist
	lines:
		for _, other := range strings.Split(rest, "\n") {
			other = strings.TrimSpace(other)
			switch m, ok := parseMark(other, sub); {
			case other == "" || strings.HasPrefix(other, "["):
			case ok && m.style != l.style && (m.value <= 1 || m.style == sub):
				nested, sub = true, m.style // "(A) to obtain …" opens a sublist, "(B) …" goes on with it
			default:
				last = true // prose, or a marker out of sequence ("2. When a chieftain …"): the list ends with this item
				break lines
			}
		}
		l.items = append(l.items, listEntry(line, last))
		l.nested = append(l.nested, nested)
		if last {
			break
		}
		at = next
	}
	return l, len(l.items) >= 3
}

// nextMark returns the offset in text, from on, of the marker of style and value that goes
// on the list (see enumerations), or -1 when a marker of style of another value comes first
// or there is none.
func nextMark(text string, from int, style string, value int) int {
	for i := from; i < len(text); i++ {
		lineStart := i > 0 && text[i-1] == '\n'
		if !lineStart {
			if text[i] != '(' || !strings.HasPrefix(style, "(") || i < 2 || text[i-1] != ' ' || !strings.ContainsRune(";:,.", rune(text[i-2])) {
				continue
			}
		}
		k := i
		for lineStart && k < len(text) && (text[k] == ' ' || text[k] == '\t') {
			k++
		}
		m, ok := parseMark(text[k:], style)
		if !ok || m.style != style {
			continue
		}
		if m.value != value && style != "-" {
			return -1
		}
		return k
	}
	return -1
}

// bracketed matches commentary in square brackets inside an item.
var bracketed = regexp.MustCompile(`\s*\[[^\]]*\]`)

// listEntry returns the item written in line, after its marker: up to its first ";" and, for
// the list's last item, its first sentence, without commentary in brackets, emphasis, the
// punctuation closing it and an "and" or "or" after that.
func listEntry(line string, last bool) string {
	line = bracketed.ReplaceAllString(line, "")
	if i := strings.IndexByte(line, ';'); i >= 0 {
		line = line[:i]
	}
	if last {
		for _, sp := range corpus.Sentences(line) {
			line = line[:sp.End]
			break
		}
	}
	line = strings.ReplaceAll(clean(line), "_", "")
	for {
		t := strings.TrimSuffix(strings.TrimSuffix(trimOption(line), " and"), " or")
		if t == line {
			return t
		}
		line = t
	}
}

// introBefore returns the sentence ending with the ":" at offset c of text, on its line,
// cleaned (clean): "Sun Tzŭ said: The art of war recognises nine varieties of ground:" of
// "1. Sun Tzŭ said: The art of war …:", "These are:" of "… the general is responsible.
// These are:".
func introBefore(text string, c int) string {
	ls := strings.LastIndexByte(text[:c], '\n') + 1
	line := text[ls : c+1]
	start := 0
	for _, sp := range corpus.Sentences(line) {
		if sp.End < len(line) {
			start = sp.End
		}
	}
	return clean(line[start:])
}

// asked reports whether a list may be asked about: its introduction, of 3 to 30 words, stands
// alone (opensAlone: not "These are:", nor "In this section:").
func (l enumeration) asked() bool {
	n := len(strings.Fields(l.intro))
	return n >= 3 && n <= 30 && opensAlone(l.intro) && hasLower(l.intro)
}

// listPhrase is an item of an enumeration, in the pool distractors are drawn from.
type listPhrase struct {
	phrase
	// style is its list's marker style; intro, its list's introduction normalised (see
	// normalize), which tells the list apart: an item of a list introduced in the same words
	// ("Activities for which funds may be provided under subsection (a) are the following:",
	// in two sections) is listed after them too, and no distractor.
	style, intro string
}

// listItem asks which of four phrases l lists: the right one an item of l, the distractors
// items of other lists (listDistractors).
func (g *generator) listItem(l enumeration) (Item, bool) {
	items := l.usable()
	if !l.asked() || len(items) == 0 {
		return Item{}, false
	}
	rng := g.rng(l.p, "vlist"+l.intro)
	ans := items[rng.IntN(len(items))]
	intro := normalize(l.intro)
	var cands []candidate
	for _, lp := range g.enumerated {
		if lp.intro == intro {
			continue
		}
		// The same document first, and in each, lists marked alike (of the same level).
		tier := 0
		if lp.doc != l.p.DocumentID {
			tier = otherDocument
		}
		if lp.style != l.style {
			tier++
		}
		cands = append(cands, candidate{text: lp.text, tier: tier})
	}
	ds := g.listDistractors(rng, l.p, ans, items, cands)
	if ds == nil {
		return Item{}, false
	}
	s := sentence{p: l.p, text: ans}
	it := choice(s, "According to "+where(l.p)+", which of these is listed after “"+l.intro+"”?", ans, ds)
	return it, it.Check() == nil && contentOptions(it)
}

// matchCase returns a list item offered beside answer written as answer is at its start: in
// lower case ("accessible ground" beside "difficult ground", from "(1) Accessible ground;
// (2) …") when it is capitalised only as the first word of an item, or capitalised as answer
// is ("Infrastructure" beside "Budget plans"); false when either is a name (proper: "Air
// Force" beside "direct action", "Delaware" beside "legislative").
func matchCase(text, answer string) (string, bool) {
	r, n := utf8.DecodeRuneInString(text)
	a, _ := utf8.DecodeRuneInString(answer)
	switch {
	case unicode.IsUpper(r) == unicode.IsUpper(a):
		return text, true
	case proper(text) || proper(answer):
		return "", false
	case unicode.IsUpper(a):
		return string(unicode.ToUpper(r)) + text[n:], true
	}
	return string(unicode.ToLower(r)) + text[n:], true
}

// proper reports whether phrase is a name, or opens with a capitalised word that is no
// common word ("Delaware", "Tzŭ"; not "Direct" of "Direct action", capitalised as the first
// word of an item), or with a word in capitals ("NATO", "THREE").
func proper(phrase string) bool {
	w, _, _ := strings.Cut(strings.TrimSpace(phrase), " ")
	r, _ := utf8.DecodeRuneInString(w)
	if name(phrase) || emphasis(w) {
		return true
	}
	upper := 0
	for _, c := range w {
		if unicode.IsUpper(c) {
			upper++
		}
	}
	return unicode.IsUpper(r) && (upper > 1 || !common(w))
}

// common reports whether w is a common word: WordNet knows it in lower case (or one of its
// base forms) and not as a proper noun only, or it is a function word; a compound joined by
// hyphens when each of its parts is ("Housing-related").
func common(w string) bool {
	w = strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !wordRune(r) }))
	if parts := strings.FieldsFunc(w, hyphen); len(parts) > 1 {
		for _, part := range parts {
			if !common(part) {
				return false
			}
		}
		return true
	}
	if functionWords[w] {
		return true
	}
	l := lexicon.Builtin()
	for _, base := range l.Lemmas(w) {
		if !l.IsProperNoun(base) {
			return true
		}
	}
	return false
}

// opener returns the class of the word phrase opens with, which the options of a list item
// share: "the", "a" (also "an"), "det" (another determiner: "any", "such") or "".
func opener(phrase string) string {
	w, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(phrase)), " ")
	switch {
	case w == "the":
		return "the"
	case w == "a" || w == "an":
		return "a"
	case determiners[w]:
		return "det"
	}
	return ""
}

// candidate is a phrase that may be offered beside a list item, with its tier: the lower, the
// more it is preferred (see listItem and inlineCandidates); of the item's own document below
// otherDocument.
type candidate struct {
	text string
	tier int
}

// otherDocument is the least tier of a candidate of another document than the item's.
const otherDocument = 2

// listRelative is how far below the median kinship of a list's items with the others (see
// listDistractors) a distractor's with them may be. Of "Dispersive ground, facile ground, …,
// desperate ground" the items the vectors know are at 0.64 to 0.90 from the others, the
// median 0.83; "accessible ground" is at 0.83 from the list, "military construction" at
// 0.66, "narrow passes" at 0.63, "local spies" at 0.46. A phrase of several words is at 0.5
// or so from most lists, whatever it says ("holding their offices during pleasure" at 0.66).
const listRelative = 0.1

// listNear is how much less akin than the most akin one left a distractor drawn at random may
// be (see listDistractors).
const listNear = 0.05

// listDistractors returns three distractors for answer, one of items, a list's items, in
// passage p, chosen from cands: each fits beside it (offer.fits) and is of the list's field:
// kindred with items (minKinship) and its kinship with them (see kinship) no more than
// listRelative below the median kinship of an item with the others — or, for a candidate of
// another document (otherDocument), no less than that median: "military construction" is no
// distractor beside "the laborious husbandman" of The Federalist. A phrase with the head noun
// of an item ("entangling ground" beside "difficult ground") is of the field even when the
// vectors cannot judge it ("entangling"), at the least kinship allowed. They are taken from
// the lowest tier first and, in a tier, at random (by rng) among those no more than listNear
// less akin than the most akin left. It returns nil when there are not three: an item with no
// good distractors is not asked.
func (g *generator) listDistractors(rng *rand.Rand, p *corpus.Passage, answer string, items []string, cands []candidate) []string {
	const n = 3
	kin := strings.Join(items, ", ")
	var own []float32
	heads := map[string]bool{}
	for i, it := range items {
		others := strings.Join(slices.Delete(slices.Clone(items), i, i+1), ", ")
		if k, ok := g.kinship(others, it); ok && others != "" {
			own = append(own, k)
		}
		if h := headNoun(it); h != "" {
			heads[strings.ToLower(h)] = true
		}
	}
	floor := float32(minKinship)
	if len(own) > 0 {
		slices.Sort(own)
		floor = max(floor, own[len(own)/2]-listRelative)
	}
	o := g.newOffer(p, answer, items, true)
	type scored struct {
		text  string
		tier  int
		score float32
	}
	var ranked []scored
	seen := map[string]bool{}
	for _, c := range cands {
		if seen[c.text] {
			continue
		}
		seen[c.text] = true
		t, ok := o.fits(c.text)
		if !ok {
			continue
		}
		k, _ := g.kinship(kin, t)
		switch {
		case heads[strings.ToLower(headNoun(t))]:
			k = max(k, floor)
		case !g.kindred(kin, t):
			continue
		}
		if k >= floor && (c.tier < otherDocument || k >= floor+listRelative) {
			ranked = append(ranked, scored{t, c.tier, k})
		}
	}
	slices.SortStableFunc(ranked, func(a, b scored) int {
		if a.tier != b.tier {
			return a.tier - b.tier
		}
		return cmp.Compare(b.score, a.score)
	})
	for len(o.out) < n {
		// Those left that still fit (none another way of saying one taken), best first.
		var left []scored
		for _, c := range ranked {
			if _, ok := o.fits(c.text); ok {
				left = append(left, c)
			}
		}
		if len(left) == 0 {
			return nil
		}
		near := 1
		for near < len(left) && left[near].tier == left[0].tier && left[near].score >= left[0].score-listNear {
			near++
		}
		pick := left[rng.IntN(near)]
		o.out = append(o.out, trimOption(pick.text))
		ranked = slices.DeleteFunc(ranked, func(c scored) bool { return c.text == pick.text })
	}
	return o.out
}

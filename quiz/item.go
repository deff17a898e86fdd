// Package quiz makes and runs quizzes on the corpus: multiple-choice and true/false items,
// each tied to the passage it was drawn from and the sentence that supports its answer. Items
// come from three sources — generated offline from the passages (Generate), written by a chat
// model (ModelWriter) or by trainers in a YAML bank (ParseBank) — and every generated one is
// checked against its passage before use (Item.Check). A Session runs one quiz for a channel
// (questions, one answer per member, reveal, scores, leaderboard) and serialises to JSON, so
// that a front end can save it and resume it after a restart; Leitner schedules the review of
// missed items.
//
// The package knows nothing of Discord or SQLite: the chat front end drives a Session, and the
// library package stores items, sessions, answers and review schedules.
package quiz

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/lexicon"
)

// Kind is the form of an item.
type Kind string

const (
	// Choice is a multiple-choice item: four options A–D, one right.
	Choice Kind = "choice"
	// TrueFalse is a statement to judge: options "True" and "False".
	TrueFalse Kind = "truefalse"
)

// Origin says where an item came from.
type Origin string

const (
	// Generated items are made offline from the passages by Generate.
	Generated Origin = "generated"
	// Model items are written by a chat model (ModelWriter) and checked like generated ones.
	Model Origin = "model"
	// Trainer items are written by a trainer in a bank file (ParseBank).
	Trainer Origin = "trainer"
)

// Status is where an item stands in review: generated and model items start Pending, trainer
// items Approved; only approved items are asked in quizzes (see the README, "Quizzes").
type Status string

const (
	// Pending items await a trainer's review.
	Pending Status = "pending"
	// Approved items may be asked.
	Approved Status = "approved"
	// Rejected items are kept (so that generating again does not bring them back) but never asked.
	Rejected Status = "rejected"
)

// ParseStatus returns the Status named s. Errors: a name other than pending, approved or
// rejected.
func ParseStatus(s string) (Status, error) {
	switch st := Status(strings.ToLower(strings.TrimSpace(s))); st {
	case Pending, Approved, Rejected:
		return st, nil
	}
	return "", fmt.Errorf("quiz: unknown status %q (want pending, approved or rejected)", s)
}

// Letters names the options of a multiple-choice item, in order.
const Letters = "ABCD"

// TrueFalseOptions are the options of every TrueFalse item; Answer 0 means the statement is true.
var TrueFalseOptions = []string{"True", "False"}

// Source is the passage an item is drawn from, with what its reveal quotes.
type Source struct {
	// DocumentID and PassageID identify the passage (corpus.Passage.ID).
	DocumentID string `json:"document" yaml:"document"`
	PassageID  string `json:"passage"`
	// Title, Author and Edition are the document's ("" when it has none); Headings, the
	// passage's heading path.
	Title    string   `json:"title"`
	Author   string   `json:"author,omitempty"`
	Edition  string   `json:"edition,omitempty"`
	Headings []string `json:"headings,omitempty"`
	// FirstLine and LastLine are the passage's line range (see corpus.Passage).
	FirstLine int `json:"first_line"`
	LastLine  int `json:"last_line"`
	// FirstPage and LastPage are the passage's pages (1-based, inclusive) in a paged
	// document such as a PDF, else 0.
	FirstPage int `json:"first_page,omitempty"`
	LastPage  int `json:"last_page,omitempty"`
	// Text is the passage's text, quoted in the reveal.
	Text string `json:"text"`
}

// SourceOf returns the Source of passage p.
func SourceOf(p *corpus.Passage) Source {
	return Source{DocumentID: p.DocumentID, PassageID: p.ID, Title: p.Title, Author: p.Author, Edition: p.Edition,
		Headings: p.Headings, FirstLine: p.FirstLine, LastLine: p.LastLine, FirstPage: p.FirstPage, LastPage: p.LastPage,
		Text: p.Text}
}

// Passage returns the source as a corpus.Passage (without its index in the document), for
// bot.Citation: an item's source is cited as an answer quoting the same passage cites it,
// edition and pages included.
func (s Source) Passage() *corpus.Passage {
	return &corpus.Passage{ID: s.PassageID, DocumentID: s.DocumentID, Title: s.Title, Author: s.Author, Edition: s.Edition,
		Headings: s.Headings, Text: s.Text, FirstLine: s.FirstLine, LastLine: s.LastLine, FirstPage: s.FirstPage, LastPage: s.LastPage}
}

// UpdateSources sets the Source of every item whose passage docs hold (the same document
// and passage ID, hence the same text) to that passage's, and returns how many items it
// changed. Items stored before Source carried the edition and pages (or made from a
// document's earlier metadata) are then cited as answers cite the passage; an item whose
// passage docs no longer hold keeps its Source.
func UpdateSources(items []Item, docs []*corpus.Document) int {
	byID := map[[2]string]*corpus.Passage{}
	for _, d := range docs {
		for i := range d.Passages {
			p := &d.Passages[i]
			byID[[2]string{p.DocumentID, p.ID}] = p
		}
	}
	changed := 0
	for i := range items {
		s := &items[i].Source
		p := byID[[2]string{s.DocumentID, s.PassageID}]
		if p == nil {
			continue
		}
		if src := SourceOf(p); !reflect.DeepEqual(src, *s) {
			*s = src
			changed++
		}
	}
	return changed
}

// Section returns the source's heading path joined with " › ".
func (s Source) Section() string { return strings.Join(s.Headings, " › ") }

// Item is one quiz question.
type Item struct {
	// ID is 12 lowercase hex digits of the SHA-256 of the kind, the stem, the right option and
	// the passage ID (see ItemID); it does not depend on the order of the options.
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	// Stem is the question, or for TrueFalse the statement to judge after the wording that
	// names its passage, "True or false, according to …: " (see statementStem; an item
	// imported from a bank or written by a chat model before items were given it has none).
	Stem string `json:"stem"`
	// Options are the choices: four for Choice (A–D), TrueFalseOptions for TrueFalse.
	Options []string `json:"options"`
	// Answer is the index in Options of the right one.
	Answer int `json:"answer"`
	// Support is the sentence of the passage, word for word, that gives the answer.
	Support string `json:"support"`
	// Key and Foil are what a TrueFalse item turns on: Key is the words of the passage that
	// decide it (in the statement when it is true); Foil, for a false statement, the words of
	// the statement that contradict the passage (never in the passage). Empty for Choice.
	Key  string `json:"key,omitempty"`
	Foil string `json:"foil,omitempty"`
	// Source is the passage the item is drawn from.
	Source Source `json:"source"`
	Origin Origin `json:"origin"`
	Status Status `json:"status"`
}

// ItemID returns the ID of an item (see Item.ID).
func ItemID(it *Item) string {
	h := sha256.New()
	right := ""
	if it.Answer >= 0 && it.Answer < len(it.Options) {
		right = it.Options[it.Answer]
	}
	for _, s := range []string{string(it.Kind), it.Stem, right, it.Source.PassageID} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:6])
}

// trueFalseLead opens the stem of every TrueFalse item, before the passage it names (see
// statementStem).
const trueFalseLead = "True or false, according to "

// statementStem returns the stem of a TrueFalse item of passage p whose statement is
// statement: the statement after the wording that asks to judge it by the passage, named as
// ask cites it without its author and passage ID (see where): "True or false, according to
// Governance and the Security Sector · So in practice · lines 56–60: The sector …". Generate,
// ModelWriter and ParseBank give every true/false item this stem, so that a quiz shows each
// alike and a bank's statement (the statement alone, see WriteBank) gives the item it was
// written from, with its ID.
func statementStem(p *corpus.Passage, statement string) string {
	return trueFalseLead + where(p) + ": " + statement
}

// trueFalseWording matches the wording statementStem puts before a statement, whatever
// passage it names: a citation ends with the passage's line or lines.
var trueFalseWording = regexp.MustCompile(`^` + regexp.QuoteMeta(trueFalseLead) + `.*? · lines? \d+(?:–\d+)?: `)

// bareStatement returns a TrueFalse item's statement: stem without the wording statementStem
// puts before it, for passage p or (p nil, or the wording naming the passage as it was cited
// before its document's title changed, or a bank written by hand) for any passage; stem as it
// is when it has no such wording (an item imported from a bank or written by a chat model
// before they were given it).
func bareStatement(stem string, p *corpus.Passage) string {
	if p != nil {
		if s, ok := strings.CutPrefix(stem, statementStem(p, "")); ok {
			return s
		}
	}
	if loc := trueFalseWording.FindStringIndex(stem); loc != nil {
		return stem[loc[1]:]
	}
	return stem
}

// PlainStatementID returns the ID a TrueFalse item has with its bare statement as its stem,
// without the wording "True or false, according to …: " (see statementStem), as items imported
// from a bank or written by a chat model were stored before they were given that wording;
// "" for a Choice item, or a TrueFalse one whose stem has no such wording. A library holding
// an item of that ID holds this item (see library.Library.AddItems): a bank exported from it
// and imported again adds nothing.
func PlainStatementID(it *Item) string {
	if it.Kind != TrueFalse {
		return ""
	}
	s := bareStatement(it.Stem, it.Source.Passage())
	if s == it.Stem {
		return ""
	}
	plain := *it
	plain.Stem = s
	return ItemID(&plain)
}

// Right returns the right option's text.
func (it *Item) Right() string {
	if it.Answer < 0 || it.Answer >= len(it.Options) {
		return ""
	}
	return it.Options[it.Answer]
}

// Label returns the label of option i: its letter (A–D) for Choice, "T" or "F" for TrueFalse.
func (it *Item) Label(i int) string {
	if it.Kind == TrueFalse {
		return TrueFalseOptions[i][:1]
	}
	return Letters[i : i+1]
}

// CheckOptions checks what the methods of an item index its options by, and what a quiz
// shows of it: a known kind, the number of options of that kind (four for Choice, two for
// TrueFalse), an answer among them, a stem and no empty option (a chat's button needs a
// label; zero-width characters show nothing), no option twice, and True and False as a
// true/false item's. Validate checks those and more; CheckOptions is for an item read back from storage
// (a library, a saved session), whose file may have been changed by hand, so that a damaged
// item is reported rather than panicking in Label or in a reveal, or asked with nothing to
// show. Errors say which, without the item's ID: "answer 99 is none of its 2 options", "8
// options, want 2", "unknown kind \"x\"", "no question", "option B is empty", "options A and
// C are the same".
func (it *Item) CheckOptions() error {
	var want int
	switch it.Kind {
	case Choice:
		want = len(Letters)
	case TrueFalse:
		want = len(TrueFalseOptions)
	default:
		return fmt.Errorf("unknown kind %q", it.Kind)
	}
	if len(it.Options) != want {
		return fmt.Errorf("%d options, want %d", len(it.Options), want)
	}
	if it.Answer < 0 || it.Answer >= len(it.Options) {
		return fmt.Errorf("answer %d is none of its %d options", it.Answer, len(it.Options))
	}
	if showsNothing(it.Stem) {
		return errors.New("no question")
	}
	for i, o := range it.Options {
		if showsNothing(o) {
			return fmt.Errorf("option %s is empty", it.Label(i))
		}
		for j := range i {
			if strings.EqualFold(shown(o), shown(it.Options[j])) {
				return fmt.Errorf("options %s and %s are the same", it.Label(j), it.Label(i))
			}
		}
	}
	if it.Kind == TrueFalse && (it.Options[0] != TrueFalseOptions[0] || it.Options[1] != TrueFalseOptions[1]) {
		// Its answers are read as T or F (see ParseOption), whatever its options say.
		return fmt.Errorf("a true/false item's options are %q, want %q", it.Options, TrueFalseOptions)
	}
	return nil
}

// shown returns s as a reader sees it: its format characters (a zero-width space, a soft
// hyphen, a word joiner) taken out and each run of white space one space, trimmed. "Par\u200bis"
// shows as "Paris", and "New  York" as "New York".
func shown(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// showsNothing reports whether s shows nothing: white space and format characters (a zero-width
// space, a word joiner, a byte-order mark) only.
func showsNothing(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }) == ""
}

// ParseOption reads a member's answer to it, case-insensitively: a letter A–D for Choice; T,
// F, True or False for TrueFalse (not A or B: the options are labelled T and F). It returns
// the option's index. Errors: ErrBadOption.
func (it *Item) ParseOption(s string) (int, error) {
	s = strings.ToUpper(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ").")))
	if it.Kind == TrueFalse {
		switch s {
		case "T", "TRUE":
			return 0, nil
		case "F", "FALSE":
			return 1, nil
		}
		return 0, fmt.Errorf("%w: %q (answer T or F)", ErrBadOption, s)
	}
	if len(s) == 1 {
		if i := strings.Index(Letters[:len(it.Options)], s); i >= 0 {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%w: %q (answer %s)", ErrBadOption, s, letterRange(len(it.Options)))
}

func letterRange(n int) string {
	if n <= 1 {
		return "A"
	}
	return fmt.Sprintf("A–%c", Letters[n-1])
}

var (
	// ErrBadOption means an answer names no option of the item.
	ErrBadOption = errors.New("quiz: no such option")
	// ErrInvalid means an item fails a check; the wrapping error says which.
	ErrInvalid = errors.New("quiz: invalid item")
)

// Validate checks an item's shape: a known kind; a stem; four distinct, non-empty options for
// Choice, none contained in another as whole words (TrueFalseOptions for TrueFalse); an
// answer among them; a support sentence found in the source passage (see Found); a false
// TrueFalse statement carries its Foil. Errors wrap ErrInvalid.
func (it *Item) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
	}
	if showsNothing(it.Stem) || it.Kind == TrueFalse && showsNothing(bareStatement(it.Stem, it.Source.Passage())) {
		return bad("no question")
	}
	switch it.Kind {
	case Choice:
		if len(it.Options) != 4 {
			return bad("%d options, want 4", len(it.Options))
		}
		for i, o := range it.Options {
			if normalize(o) == "" {
				return bad("option %c is empty", Letters[i])
			}
			for j := range i {
				a, b := normalize(o), normalize(it.Options[j])
				if a == b || containsWords(a, b) || containsWords(b, a) {
					return bad("options %c and %c are not distinct", Letters[j], Letters[i])
				}
			}
		}
	case TrueFalse:
		if len(it.Options) != 2 || it.Options[0] != TrueFalseOptions[0] || it.Options[1] != TrueFalseOptions[1] {
			return bad("a true/false item's options must be True and False")
		}
	default:
		return bad("unknown kind %q", it.Kind)
	}
	if it.Answer < 0 || it.Answer >= len(it.Options) {
		return bad("answer %d is not an option", it.Answer)
	}
	if normalize(it.Support) == "" {
		return bad("no supporting sentence")
	}
	if !Found(it.Support, it.Source.Text) {
		return bad("the supporting sentence is not in passage %s", it.Source.PassageID)
	}
	return nil
}

// Check is Validate and, in addition, the support test every generated or model-written item
// must pass: for Choice, the right option is found in the passage as whole words, a word
// joined to the next by a hyphen or an apostrophe counting as one ("six hours" is not in
// "ninety-six hours", nor "Sun Tzŭ" in "Sun Tzŭ’s"), no other option is found there (see
// Found), and the stem, all an item shows before its reveal (question, the sentence around
// a blank, the source's title and headings), does not give the right option away (see
// givesAway: "Armed Forces General Staff" shown in the heading "(e) Prohibition of Function
// as Armed Forces General Staff", "Chief Diversity Officer of the Department of Defense"
// named by the heading "§ 147. Chief Diversity Officer", "seven years" by "Term of 7
// years"); for TrueFalse, Key is found in the passage and the support sentence, and in the
// statement when it is true, while a false statement holds Foil, which the passage does not.
// Errors wrap ErrInvalid.
func (it *Item) Check() error {
	if err := it.Validate(); err != nil {
		return err
	}
	text := it.Source.Text
	switch it.Kind {
	case Choice:
		if !foundWhole(it.Right(), text) {
			return fmt.Errorf("%w: the answer %q is not in the passage", ErrInvalid, it.Right())
		}
		for i, o := range it.Options {
			if i != it.Answer && Found(o, text) {
				return fmt.Errorf("%w: distractor %c %q is in the passage", ErrInvalid, Letters[i], o)
			}
		}
		if givesAway(it) {
			return fmt.Errorf("%w: the question shows the answer %q", ErrInvalid, it.Right())
		}
	case TrueFalse:
		if !Found(it.Key, text) || !Found(it.Key, it.Support) {
			return fmt.Errorf("%w: the key %q is not in the supporting sentence", ErrInvalid, it.Key)
		}
		// The statement itself, not the wording that names its passage before it.
		stmt := bareStatement(it.Stem, it.Source.Passage())
		if it.Answer == 0 && !Found(it.Key, stmt) {
			return fmt.Errorf("%w: a true statement does not hold the key %q", ErrInvalid, it.Key)
		}
		if it.Answer == 1 && (normalize(it.Foil) == "" || !Found(it.Foil, stmt) || Found(it.Foil, text)) {
			return fmt.Errorf("%w: a false statement's foil %q must be in it and not in the passage", ErrInvalid, it.Foil)
		}
	}
	return nil
}

// givesAway reports whether a Choice item's stem singles out its right option. Outside the
// document's title (in the headings, the question and the sentence around the blank) it does
// when one part of it shows the answer (shows: every word of content, or a form of it), names
// it (namedBy: a heading, its label aside, that is the answer's head and no more than the
// answer's words, "§ 147. Chief Diversity Officer" for "Chief Diversity Officer of the
// Department of Defense", "§ 152. Chairman: appointment; …" for "Chairman of the Joint Chiefs
// of Staff"), or when those parts together show it or one of them hints at it (hints: its
// head phrase, "risk assessment" for "Risk Assessment of the Chairman …", or most of its
// words of content) while they show or hint at no other option so. The title names every
// item of its document: it gives the answer away only when it shows it and no other option
// ("Secretary of Defense" and "Department of Defense" in "10 U.S.C. … - Department of
// Defense, Office of the Secretary of…" tell neither).
func givesAway(it *Item) bool {
	right := it.Right()
	title, _, _ := strings.Cut(where(it.Source.Passage()), " · ")
	rest := strings.Replace(it.Stem, title, "", 1)
	for _, part := range stemParts(rest) {
		if showsWords(part, right) || namedBy(part, right) {
			return true
		}
	}
	others := func(test func(string) bool) bool {
		for i, o := range it.Options {
			if i != it.Answer && test(o) {
				return true
			}
		}
		return false
	}
	whole := strings.Join(stemParts(rest), " · ")
	if showsWords(whole, right) && !others(func(o string) bool { return showsWords(whole, o) }) {
		return true
	}
	hinted := func(o string) bool {
		for _, part := range stemParts(rest) {
			if hints(part, o) {
				return true
			}
		}
		return false
	}
	if hinted(right) && !others(hinted) && !others(func(o string) bool { return showsWords(whole, o) }) {
		return true
	}
	if !shows(it.Stem, right) {
		return false
	}
	return !others(func(o string) bool { return shows(it.Stem, o) })
}

// stemParts returns the parts of a stem as a source's title, headings and lines are parted
// in it (by " · " and " › ", see where).
func stemParts(text string) []string {
	return strings.Split(strings.ReplaceAll(text, " › ", " · "), " · ")
}

// shows reports whether one part of text (its parts parted by " · " and " › ", as a source's
// title, headings and lines are in a stem, see where) shows phrase: every word of content of
// phrase (one that is no function word) is a word of that part, or a form of one of them with
// the same base (lexicon's Lemmas: "Forces" shows "force", "staffs" shows "staff"), the same
// number however written ("7" shows "seven") or the noun an adverb or adjective in -ly comes
// from ("hourly" shows "hours"; see wordForms) or the period a frequency word names
// ("Fortnightly" shows "two weeks"; see periodShown), compared as normalize compares words. False
// for a phrase of function words only.
func shows(text, phrase string) bool {
	for _, part := range stemParts(text) {
		if showsWords(part, phrase) {
			return true
		}
	}
	return false
}

// headingLabel matches the label a heading opens with: "§ 147.", "CHAPTER 5—", "Subtitle
// A—", "(a)", "SECTION 2.", "ARTICLE I", "Sec. 3".
var headingLabel = regexp.MustCompile(`^(?:[\s\p{Zs}]*(?:(?i:title|subtitle|chapter|subchapter|part|subpart|article|section|sec\.?|§+)[\s\p{Zs}]*[\dIVXLCivxlc]+[A-Za-z]?\b[.:]?[\s\p{Zs}]*[—–-]?|\([a-zA-Z0-9]{1,4}\))[\s\p{Zs}]*)+`)

// namedBy reports whether part, a heading with its label (headingLabel) aside, names phrase:
// one of its clauses (parted by ":" and ";") holds phrase's head phrase (see head) and no
// word of content that phrase lacks: "§ 147. Chief Diversity Officer" names "Chief Diversity
// Officer of the Department of Defense" and "§ 152. Chairman: appointment; grade and rank"
// names "Chairman of the Joint Chiefs of Staff", where "§ 153. Chairman: functions" does not
// name "Vice Chairman of the Joint Chiefs of Staff".
func namedBy(part, phrase string) bool {
	part = headingLabel.ReplaceAllString(strings.TrimSpace(part), "")
	h := head(phrase)
	if h == "" {
		return false
	}
	for _, clause := range strings.FieldsFunc(part, func(r rune) bool { return r == ':' || r == ';' }) {
		if showsWords(phrase, clause) && containsWords(baseForms(clause), baseForms(h)) {
			return true
		}
	}
	return false
}

// head returns the head phrase of phrase: its words up to the first function word after the
// first ("Chief Diversity Officer" of "Chief Diversity Officer of the Department of
// Defense", "Risk Assessment" of "Risk Assessment of the Chairman …"), without an opening
// article; "" when that holds no word of content.
func head(phrase string) string {
	words := strings.Fields(normalize(phrase))
	for len(words) > 0 && (words[0] == "the" || words[0] == "a" || words[0] == "an") {
		words = words[1:]
	}
	if len(words) == 0 || functionWords[words[0]] {
		return ""
	}
	end := 1
	for end < len(words) && !functionWords[words[end]] {
		end++
	}
	return strings.Join(words[:end], " ")
}

// hints reports whether part, one part of a stem, hints at phrase without showing all of it:
// it holds phrase's head phrase of two words or more (see head; "risk assessment" of "Risk
// Assessment of the Chairman …", not "department" of "Department of Defense"), in base forms,
// or more than half of phrase's words of content (two at least), each as shows finds words.
func hints(part, phrase string) bool {
	if h := head(phrase); strings.Contains(h, " ") && containsWords(baseForms(part), baseForms(h)) {
		return true
	}
	content, shown := 0, 0
	forms := wordForms(part)
	for _, w := range strings.Fields(normalize(phrase)) {
		if functionWords[w] {
			continue
		}
		content++
		if formShown(forms, w) {
			shown++
		}
	}
	return shown >= 2 && 2*shown > content
}

// showsWords is shows for a text of one part; a frequency word shows the period it names
// (periodShown: "Fortnightly" shows "two weeks").
func showsWords(text, phrase string) bool {
	if periodShown(text, phrase) {
		return true
	}
	forms := wordForms(text)
	content := 0
	for _, w := range strings.Fields(normalize(phrase)) {
		if functionWords[w] {
			continue
		}
		content++
		if !formShown(forms, w) {
			return false
		}
	}
	return content > 0
}

// wordForms returns the set of forms the words of text show (see shows): each word
// normalised, its base forms (lexicon's Lemmas), its value in digits when it is a number
// ("seven" → "7"), and for a word in -ly the words WordNet derives it from ("hourly" →
// "hour", "yearly" → "year").
func wordForms(text string) map[string]bool {
	l := lexicon.Builtin()
	shown := map[string]bool{}
	for _, w := range strings.Fields(normalize(text)) {
		shown[w] = true
		if v, ok := numberValue(w); ok {
			shown[strconv.Itoa(v)] = true
		}
		for _, base := range l.Lemmas(w) {
			shown[base] = true
			if strings.HasSuffix(base, "ly") {
				for _, r := range l.Related(base) {
					if r.Kind == lexicon.Derivation || r.Kind == lexicon.Pertainym {
						shown[r.Lemma] = true
					}
				}
			}
		}
	}
	return shown
}

// baseForms returns text normalised with each word in its first base form (lexicon's
// Lemmas) and a number in digits: "Assistant Secretaries of Defense" → "assistant secretary
// of defense", "Term of seven years" → "term of 7 year".
func baseForms(text string) string {
	l := lexicon.Builtin()
	words := strings.Fields(normalize(text))
	for i, w := range words {
		if v, ok := numberValue(w); ok {
			words[i] = strconv.Itoa(v)
		} else if bs := l.Lemmas(w); len(bs) > 0 {
			words[i] = bs[0]
		}
	}
	return strings.Join(words, " ")
}

// formShown reports whether the normalised word w, or one of its base forms or its value as
// a number, is in forms (see wordForms).
func formShown(forms map[string]bool, w string) bool {
	if forms[w] {
		return true
	}
	if v, ok := numberValue(w); ok && forms[strconv.Itoa(v)] {
		return true
	}
	for _, base := range lexicon.Builtin().Lemmas(w) {
		if forms[base] {
			return true
		}
	}
	return false
}

// Found reports whether phrase occurs in text as whole words, compared case-insensitively
// with punctuation, quotation marks, emphasis marks and white space ignored.
func Found(phrase, text string) bool {
	p := normalize(phrase)
	return p != "" && containsWords(normalize(text), p)
}

// containsWords reports whether normalised text holds normalised phrase as whole words.
func containsWords(text, phrase string) bool {
	return phrase != "" && strings.Contains(" "+text+" ", " "+phrase+" ")
}

// normalize lowercases s, turns every run of characters other than letters and digits into
// one space and trims it: "The “Security” sector's" → "the security sector s". Its words are
// those normalizedWords yields.
func normalize(s string) string {
	var b strings.Builder
	for w := range normalizedWords(s) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.Write(w)
	}
	return b.String()
}

// normalizedWords yields the words of normalize(s) in order, each a run of letters and digits
// lowercased (unicode.ToLower, as strings.ToLower maps each rune), in UTF-8. The slice it
// yields is reused: it holds the word until the next one is asked for.
func normalizedWords(s string) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		var w []byte
		for _, r := range s {
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				w = append(w, byte(r))
				continue
			case 'A' <= r && r <= 'Z':
				w = append(w, byte(r)+'a'-'A')
				continue
			case r >= utf8.RuneSelf:
				if r = unicode.ToLower(r); unicode.IsLetter(r) || unicode.IsDigit(r) {
					w = utf8.AppendRune(w, r)
					continue
				}
			}
			if len(w) > 0 {
				if !yield(w) {
					return
				}
				w = w[:0]
			}
		}
		if len(w) > 0 {
			yield(w)
		}
	}
}

// templateWords are the words of the generated stems' wording, which say nothing of what an
// item asks.
var templateWords = stemSet("true or false according to fill the blank which of these is listed after a an")

func stemSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(normalize(s)) {
		out[w] = true
	}
	return out
}

// stemWords returns the words of an item's stem that are about its content, for Similarity:
// without the name of its source as a generated stem gives it (where), the template's
// wording and the words of its source's title and last heading.
func stemWords(it *Item) map[string]bool {
	stem := strings.Replace(it.Stem, where(it.Source.Passage()), "", 1)
	skip := stemSet(it.Source.Title)
	if h := it.Source.Headings; len(h) > 0 {
		for w := range stemSet(h[len(h)-1]) {
			skip[w] = true
		}
	}
	out := map[string]bool{}
	for w := range stemSet(stem) {
		if !skip[w] && !templateWords[w] {
			out[w] = true
		}
	}
	return out
}

// Similarity returns the Jaccard similarity (shared words over all words, 0 to 1) of two
// items' stems, compared as Found compares text, without the words that name their source
// or belong to the generated stems' wording ("True or false, according to …").
func Similarity(a, b *Item) float64 {
	return jaccard(stemWords(a), stemWords(b))
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	shared := 0
	for w := range a {
		if b[w] {
			shared++
		}
	}
	return float64(shared) / float64(len(a)+len(b)-shared)
}

// NearDuplicate is the Similarity from which two items count as the same question.
const NearDuplicate = 0.75

// Dedupe returns items without near-duplicates: an item with a Similarity of NearDuplicate
// or more to an earlier kept item, or the same ID, is dropped.
func Dedupe(items []Item) []Item {
	var out []Item
	var kept []map[string]bool
	ids := map[string]bool{}
	// Index kept stems by word so that each item is compared only with stems sharing a word.
	byWord := map[string][]int{}
	for i := range items {
		it := &items[i]
		if it.ID != "" && ids[it.ID] {
			continue
		}
		words := stemWords(it)
		dup := false
		seen := map[int]bool{}
		for w := range words {
			for _, k := range byWord[w] {
				if seen[k] {
					continue
				}
				seen[k] = true
				if jaccard(words, kept[k]) >= NearDuplicate {
					dup = true
					break
				}
			}
			if dup {
				break
			}
		}
		if dup {
			continue
		}
		ids[it.ID] = true
		for w := range words {
			byWord[w] = append(byWord[w], len(kept))
		}
		kept = append(kept, words)
		out = append(out, *it)
	}
	return out
}

// TopicHasWords reports whether topic holds a word Matches looks for: "😀" or "--" holds none,
// and would match every item as the empty topic does.
func TopicHasWords(topic string) bool { return len(strings.Fields(normalize(topic))) > 0 }

// Matches reports whether an item is about topic: every word of topic occurs (as a word
// prefix, case-insensitively) in its stem, options, section, title, document ID or passage.
// An empty topic matches every item.
func (it *Item) Matches(topic string) bool {
	words := strings.Fields(normalize(topic))
	if len(words) == 0 {
		return true
	}
	hay := " " + normalize(strings.Join(append([]string{it.Stem, it.Source.Section(), it.Source.Title,
		it.Source.DocumentID, it.Source.Text}, it.Options...), " "))
	for _, w := range words {
		if !strings.Contains(hay, " "+w) {
			return false
		}
	}
	return true
}

package quiz

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// BankError holds every problem found in a bank file, each with its line (its message lists
// the first 20); a bank with any is imported not at all.
type BankError struct {
	// Name is the file's name as given to ParseBank.
	Name string
	// Problems are "line: message" entries in file order. The items naming one document the
	// corpus does not hold make one problem, at the line of the first, saying how many they are.
	Problems []LineProblem
	// MissingDocuments are the documents named by items that the corpus does not hold, in the
	// order of their first items.
	MissingDocuments []string
}

// LineProblem is one problem of a bank file.
type LineProblem struct {
	// Line is 1-based.
	Line int
	Msg  string
}

// maxReported is how many problems BankError's message lists; it counts the rest.
const maxReported = 20

// Error says how many problems the bank has and lists them, one a line as "name:line:
// message", the first maxReported (20) of them, then in one line how many more there are:
// "… and 39980 more problems". Problems holds them all. The name is written as
// corpus.QuotePath writes a path: quoted when it holds a control character, so that a file
// name (or a Discord attachment's) can neither carry a terminal escape nor forge a line.
func (e *BankError) Error() string {
	var b strings.Builder
	noun := "problems"
	if len(e.Problems) == 1 {
		noun = "problem"
	}
	name := corpus.QuotePath(e.Name)
	fmt.Fprintf(&b, "quiz: %s: %d %s, nothing imported:", name, len(e.Problems), noun)
	for _, p := range e.Problems[:min(len(e.Problems), maxReported)] {
		fmt.Fprintf(&b, "\n%s:%d: %s", name, p.Line, p.Msg)
	}
	switch n := len(e.Problems) - maxReported; {
	case n == 1:
		b.WriteString("\n… and 1 more problem")
	case n > 1:
		fmt.Fprintf(&b, "\n… and %d more problems", n)
	}
	return b.String()
}

// Length limits of a bank's fields, in characters (Unicode code points), white space around
// them aside. A question or statement of MaxQuestion and four options of MaxOption, with the
// line above them, fit in one Discord message (2,000 characters), and so does any generated
// item (a generated stem runs to some 650 characters on the seed and public corpora, so that
// a bank WriteBank writes of them is read back whole); a source of MaxSource holds
// any passage, since the corpus splitter makes none longer than a sentence of three times
// corpus.MaxPassage (3,600 bytes; 3,597 in the US Code).
const (
	MaxQuestion = 1000
	MaxOption   = 200
	MaxSource   = 5000
)

// ParseBank reads a trainer's bank of items in YAML (see the README, "Quizzes"):
//
//	items:
//	  - question: Which bodies does the security sector include in practice?
//	    options: [the police, the health service, the courts, the press]
//	    answer: A
//	    source: In practice, this means the military, the police, the intelligence services,
//	      paramilitary forces and the government agencies responsible for them.
//	    document: chuter-governance-and-the-security-sector   # optional
//	  - statement: The security forces must be effective in what they do.
//	    answer: true
//	    source: The security forces must be effective in what they do.
//
// A "question" item has four distinct options and an answer A–D; a "statement" item is
// true/false, its stem the statement after the wording that names the passage its source is
// found in, as every true/false item has it (see statementStem; wording a statement already
// opens with, as banks exported by an earlier doctrinebot have it, is replaced). Each source
// is a sentence (or more) of one passage of docs, word for word (case, punctuation and white
// space aside), in the document named when one is. The items are Approved, of Origin
// Trainer; their options are the trainer's and are not checked against the passage. A bank
// is one YAML document: a file of several ("---" between them) is refused, naming the line
// where the second begins, rather than read in part (an empty document after the bank, as a
// trailing "---" makes, is no second one). Errors: a *BankError
// listing every problem with its line (malformed YAML, at the line where the parser finds the
// problem, see syntaxLine; a second document, unknown or missing fields, wrong options or
// answer, a document docs do not hold (naming those it may be, see otherDocuments; one
// problem for all the items naming it, at the first, with their number), a source
// found in no passage, the same question twice), and then no item. where names docs in
// those problems: "the built-in corpus", "the library in DIR" ("no document \"x\" in the
// library in DIR", "source not found word for word in any passage of the built-in corpus").
//
// A key given twice in one mapping, at the top or in an item, is a problem at the line of the
// second ("key \"answer\" given twice, first on line 5"), where YAML readers keep one of them
// silently. A question or statement longer than MaxQuestion characters, an option longer than
// MaxOption or a source longer than MaxSource is a problem at its line, naming the limit.
// Lines end at LF, CRLF or a lone CR, as the corpus reads text.
//
// The bank is read as the corpus reads a text file (corpus.Normalize): UTF-8, or UTF-16 or
// UTF-32 with a byte-order mark, decoded; control characters dropped. A bank that is neither
// (a byte that is no UTF-8, a NUL byte: UTF-16 without a byte-order mark) is one problem at
// the line of the first bad byte, giving its byte offset: "invalid UTF-8 at byte offset 17: a bank is text in
// UTF-8, or in UTF-16 or UTF-32 with a byte-order mark".
//
// The sources are looked up all at once (see passageFinder): one pass over the passages of
// docs, whatever the number of items.
func ParseBank(name string, data []byte, docs []*corpus.Document, where string) ([]Item, error) {
	bad := &BankError{Name: name}
	add := func(n *yaml.Node, format string, args ...any) {
		bad.Problems = append(bad.Problems, LineProblem{n.Line, fmt.Sprintf(format, args...)})
	}
	// syntax reports YAML's "yaml: line 3: did not find …" as "N: did not find …", N being
	// the line where the parser finds the problem (see syntaxLine).
	syntax := func(err error) {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if n, _ := fmt.Sscanf(msg, "line %d:", new(int)); n == 1 {
			msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		}
		bad.Problems = append(bad.Problems, LineProblem{syntaxLine(data, err), msg})
	}
	// Read as the corpus reads a text file: UTF-16 with a byte-order mark decoded, a byte that
	// is no UTF-8 (or a NUL: UTF-16 without one) refused, at its line, where YAML said
	// "incomplete UTF-8 octet sequence" or "control characters are not allowed".
	switch text, err := corpus.Normalize(name, data); {
	case err == nil:
		data = []byte(text)
	case !errors.Is(err, corpus.ErrEmpty): // an empty bank is said so below
		line := 1
		if off, ok := corpus.ByteOffset(err); ok {
			line = lineAt(data, off)
		} else if !errors.Is(err, corpus.ErrTooLarge) {
			line = lineAt(data, len(data)) // an odd number of bytes of UTF-16: at the end
		}
		why := strings.TrimPrefix(err.Error(), "corpus: "+corpus.QuotePath(name)+": ")
		bad.Problems = append(bad.Problems, LineProblem{line, why + ": a bank is text in UTF-8, or in UTF-16 or UTF-32 with a byte-order mark"})
		return nil, bad
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		syntax(err)
		return nil, bad
	}
	if len(root.Content) == 0 {
		bad.Problems = append(bad.Problems, LineProblem{1, "empty bank: want a mapping with items:"})
		return nil, bad
	}
	for {
		var more yaml.Node
		err := dec.Decode(&more)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			syntax(err)
			break
		}
		if c := more.Content; len(c) == 1 && c[0].Kind == yaml.ScalarNode && c[0].Tag == "!!null" {
			continue // an empty document: nothing after a "---"
		}
		add(&more, "a second YAML document begins here: a bank is one document, with every item under its items: list")
	}
	doc := root.Content[0]
	stripControls(doc)
	repeatedKeys(doc, add)
	var list *yaml.Node
	if doc.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(doc.Content); i += 2 {
			if k := doc.Content[i]; k.Value != "items" {
				add(k, "unknown field %q (want items)", k.Value)
			} else if list == nil {
				list = doc.Content[i+1] // a second items: is reported by repeatedKeys
			}
		}
	}
	if list == nil || list.Kind != yaml.SequenceNode {
		add(doc, "want a mapping with a list under items:")
		return nil, bad
	}
	var entries []bankEntry // the items with a source to look up, good or bad
	stems := map[string]int{}
	for _, n := range list.Content {
		it, src, ok := parseBankItem(n, add)
		stem := normalize(it.Stem)
		if line, dup := stems[stem]; dup {
			add(n, "the same question as the item on line %d", line)
			ok = false
		} else if stem != "" {
			stems[stem] = n.Line // a bad item's question, when it could be read, is used too
		}
		if src.node != nil {
			// A bad item's source is looked up too, so that every problem is reported.
			entries = append(entries, bankEntry{it, src, ok})
		}
	}
	texts := make([]string, len(entries))
	for i, e := range entries {
		texts[i] = e.source.text
	}
	find := newPassageFinder(docs, texts)
	var items []Item
	// A document docs do not hold: the index of its problem, and how many items name it.
	type missing struct{ problem, items int }
	missingDocs := map[string]*missing{}
	for _, e := range entries {
		var p *corpus.Passage
		found := find.passages(e.source.doc, e.source.text, 2)
		if len(found) > 0 {
			p = found[0]
		}
		switch {
		case p == nil && e.source.doc != "" && missingDocs[e.source.doc] != nil:
			missingDocs[e.source.doc].items++
		case p == nil && e.source.doc != "" && !slices.ContainsFunc(docs, func(d *corpus.Document) bool { return d.ID == e.source.doc }):
			missingDocs[e.source.doc] = &missing{len(bad.Problems), 1}
			bad.MissingDocuments = append(bad.MissingDocuments, e.source.doc)
			add(e.source.docNode, "no document %q in %s%s", e.source.doc, where, otherDocuments(e.source.doc, docs))
		case p == nil && e.source.doc != "":
			add(e.source.node, "source not found word for word in any passage of document %q", e.source.doc)
		case p == nil:
			add(e.source.node, "source not found word for word in any passage of %s", where)
		case len(found) > 1:
			// "a", "The" or "PUBLIUS." names no one passage: the item's reveal would quote
			// whichever came first.
			in := where
			if e.source.doc != "" {
				in = fmt.Sprintf("document %q", e.source.doc)
			}
			add(e.source.node, "source found word for word in more than one passage of %s (%s and %s): give more of its passage, or its document", in, passageName(found[0]), passageName(found[1]))
		case e.ok:
			it := e.item
			it.Source, it.Support = SourceOf(p), e.source.text
			if it.Kind == TrueFalse {
				it.Stem = statementStem(p, it.Stem)
			}
			it.ID = ItemID(&it)
			items = append(items, it)
		}
	}
	for _, m := range missingDocs {
		if m.items > 1 {
			bad.Problems[m.problem].Msg += fmt.Sprintf(", named by %d items, the first on this line", m.items)
		}
	}
	if len(bad.Problems) > 0 {
		sort.SliceStable(bad.Problems, func(i, j int) bool { return bad.Problems[i].Line < bad.Problems[j].Line })
		return nil, bad
	}
	if len(items) == 0 {
		add(list, "no items")
		return nil, bad
	}
	return items, nil
}

// decodeAll decodes every YAML document of data and returns the first syntax error, or nil.
func decodeAll(data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// syntaxLine returns the 1-based line of data where the YAML parser finds the problem err,
// decodeAll's error, reports: the first line such that data up to its end fails as the whole
// does. yaml.v3 gives no position but the "line N" of its message, which for an error of the
// parser (not the scanner) counts from 0 and names where the construct it was reading began
// rather than where it failed: for a bank whose second line is "  - question: [oops" it says
// line 1 (the "[" is never closed; line 2 is where a reader must look), and for an item's
// field indented one space too few on line 4, the line where the item began. A prefix of the
// file that ends before the problem parses, or fails otherwise, and one that ends after it
// fails the same way, so the line is found by bisection over the lines (about log2 of their
// number decodes, each of at most the whole file). When no line is found (it cannot be, but
// for a message that depends on the end of the file) it is the message's line, else 1.
func syntaxLine(data []byte, err error) int {
	ends := lineEnds(data)
	want := err.Error()
	fails := func(k int) bool { // the first k lines fail as the whole does
		e := decodeAll(data[:ends[k-1]])
		return e != nil && e.Error() == want
	}
	// The parser's line (0-based, the construct's start) or the scanner's (1-based) is never
	// past the problem's.
	lo := 1
	if _, scanErr := fmt.Sscanf(strings.TrimPrefix(want, "yaml: "), "line %d:", &lo); scanErr != nil || lo < 1 {
		lo = 1
	}
	lo = min(lo, len(ends))
	hi := len(ends)
	if !fails(hi) {
		return lo
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return hi
}

// lineAt returns the 1-based line of the byte at offset off in data, a bank's bytes as read,
// lines ending as lineEnds reads them: in UTF-16 or UTF-32 with a byte-order mark, those of
// the text before off decoded (which holds no error: off is that of the first).
func lineAt(data []byte, off int) int {
	before := data[:min(off, len(data))]
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}) || bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF}):
		// UTF-32 (corpus.Normalize reads FF FE 00 00 as its mark, not UTF-16's and a NUL).
		var text []rune
		for i := 4; i+3 < len(before); i += 4 {
			if data[0] == 0xFF {
				text = append(text, rune(binary.LittleEndian.Uint32(before[i:])))
			} else {
				text = append(text, rune(binary.BigEndian.Uint32(before[i:])))
			}
		}
		before = []byte(string(text))
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		units := make([]uint16, 0, len(before)/2)
		for i := 2; i+1 < len(before); i += 2 {
			if data[0] == 0xFF {
				units = append(units, uint16(before[i])|uint16(before[i+1])<<8)
			} else {
				units = append(units, uint16(before[i])<<8|uint16(before[i+1]))
			}
		}
		before = []byte(string(utf16.Decode(units)))
	}
	ends := lineEnds(before)
	if !bytes.HasSuffix(before, []byte("\n")) && !bytes.HasSuffix(before, []byte("\r")) {
		ends = ends[:len(ends)-1] // the end of before, not of a line
	}
	return len(ends) + 1
}

// lineEnds returns the offset in data where each line ends, its line ending included (the
// last line's, len(data), whether or not it has one). A line ends at LF, at CRLF or at a CR
// alone, as corpus.Normalize and bot.ReadLine read text and as YAML counts lines: a bank
// saved with old Mac OS line endings has its lines too.
func lineEnds(data []byte) []int {
	var ends []int
	for i, b := range data {
		if b == '\n' || b == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	return ends
}

// bankEntry is an item of a bank whose source is to be looked up.
type bankEntry struct {
	item   Item
	source bankSource
	ok     bool // the item has no problem, but perhaps its source
}

// bankSource is an item's source as the bank gives it: the sentence, the document to look
// in ("" for any) and the YAML values of both, for their lines.
type bankSource struct {
	text, doc     string
	node, docNode *yaml.Node
}

// otherDocuments names, for a problem, the documents of docs a document ID that none has may
// have meant: " (its documents: a, b)" when there are at most 5, else " (perhaps a or b)"
// for those, up to 5, whose ID holds it, it holds, or begins with its first word; "" when
// there are none such.
func otherDocuments(id string, docs []*corpus.Document) string {
	const few = 5
	var all, close []string
	first, _, _ := strings.Cut(strings.ToLower(id), "-")
	for _, d := range docs {
		all = append(all, d.ID)
		low := strings.ToLower(d.ID)
		if strings.Contains(low, strings.ToLower(id)) || strings.Contains(strings.ToLower(id), low) || first != "" && strings.HasPrefix(low, first) {
			close = append(close, d.ID)
		}
	}
	quote := func(ids []string) string {
		q := make([]string, len(ids))
		for i, id := range ids {
			q[i] = fmt.Sprintf("%q", id)
		}
		return strings.Join(q, ", ")
	}
	switch {
	case len(all) > 0 && len(all) <= few:
		return " (its documents: " + quote(all) + ")"
	case len(close) > 0 && len(close) <= few:
		return " (perhaps " + quote(close) + ")"
	}
	return ""
}

// stripControls drops from every scalar under n the characters corpus.StripControls drops:
// the file's own were dropped before YAML read it, and these are those its escapes write
// ("\x1b[2J", "\u202e" in a double-quoted string), which would reach a terminal or a chat
// from the item.
func stripControls(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode {
		n.Value = corpus.StripControls(n.Value)
	}
	for _, c := range n.Content {
		stripControls(c)
	}
}

// parseBankItem reads one item, reporting its problems through add, but for its source,
// which it returns to be looked up (with a nil node when there is none to look up). With any
// problem it returns false and an item holding only its question or statement (Stem, "" when
// there is none), so that a question repeated from a bad item is reported too; else the item
// without its Source, Support and ID, which the source gives.
func parseBankItem(n *yaml.Node, add func(*yaml.Node, string, ...any)) (Item, bankSource, bool) {
	if n.Kind != yaml.MappingNode {
		add(n, "an item must be a mapping (question/statement, options, answer, source)")
		return Item{}, bankSource{}, false
	}
	fields := map[string]*yaml.Node{}
	problems := 0
	report := func(at *yaml.Node, format string, args ...any) {
		problems++
		add(at, format, args...)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		switch k.Value {
		case "question", "statement", "options", "answer", "source", "document":
			if fields[k.Value] == nil { // a second one is reported by repeatedKeys
				fields[k.Value] = n.Content[i+1]
			}
		default:
			report(k, "unknown field %q", k.Value)
		}
	}
	// text returns the text of field key, "" when there is none or it is YAML's null ("~",
	// "null": no value, not the text "~"); one longer than limit characters (0: no limit) is
	// reported and taken for none.
	text := func(key string, limit int) string {
		v := fields[key]
		if v == nil || isNull(v) {
			return ""
		}
		if v.Kind != yaml.ScalarNode {
			report(v, "%s must be text", key)
			return ""
		}
		t := strings.TrimSpace(v.Value)
		if showsNothing(t) || !checkLength(v, key, t, limit, report) {
			return "" // zero-width characters alone: missing, as white space is
		}
		return t
	}
	it := Item{Origin: Trainer, Status: Approved}
	before := problems
	q, st := text("question", MaxQuestion), text("statement", MaxQuestion)
	switch {
	case q != "" && st != "":
		report(n, "an item has a question or a statement, not both")
	case q != "":
		it.Kind, it.Stem = Choice, q
		o := fields["options"]
		switch {
		case o == nil:
			report(n, "a question needs options: four of them")
		case o.Kind != yaml.SequenceNode:
			report(o, "options: want a list of four, got %s", describe(o))
		case len(o.Content) != 4:
			report(o, "options: want a list of four, got %d", len(o.Content))
		default:
			for i, c := range o.Content {
				opt := strings.TrimSpace(c.Value)
				if c.Kind != yaml.ScalarNode || isNull(c) || showsNothing(opt) {
					report(c, "an option must be non-empty text")
				} else {
					checkLength(c, fmt.Sprintf("option %c", Letters[i]), opt, MaxOption, report)
				}
				it.Options = append(it.Options, opt)
			}
			for i := range it.Options {
				for j := range i {
					if normalize(it.Options[i]) == normalize(it.Options[j]) {
						report(o.Content[i], "option %c repeats option %c", Letters[i], Letters[j])
					}
				}
			}
		}
		a := text("answer", 0)
		if i := strings.Index(Letters, strings.ToUpper(a)); len(a) == 1 && i >= 0 {
			it.Answer = i
		} else if at := fields["answer"]; at != nil && !isNull(at) {
			report(at, "answer: want a letter A–D, got %q", a)
		} else {
			report(n, "a question needs an answer: A–D")
		}
	case st != "":
		// The statement without the wording a quiz shows before it, should the bank hold it
		// (exported by an earlier doctrinebot, or copied from a quiz): given back with the
		// passage found (see statementStem).
		it.Kind, it.Stem, it.Options = TrueFalse, bareStatement(st, nil), append([]string(nil), TrueFalseOptions...)
		if fields["options"] != nil {
			report(fields["options"], "a statement has no options (it is true or false)")
		}
		switch a := strings.ToLower(text("answer", 0)); a {
		case "true", "t", "yes":
			it.Answer = 0
		case "false", "f", "no":
			it.Answer = 1
		default:
			if at := fields["answer"]; at != nil && !isNull(at) {
				report(at, "answer: want true or false, got %q", a)
			} else {
				report(n, "a statement needs an answer: true or false")
			}
		}
	case problems == before: // not a question too long, say
		report(n, "an item needs a question or a statement")
	}
	var src bankSource
	before = problems
	if t := text("source", MaxSource); t != "" {
		src = bankSource{text: t, doc: text("document", 0), node: fields["source"], docNode: fields["document"]}
	} else if problems == before {
		report(n, "an item needs a source: a sentence of the passage, word for word")
	}
	if problems > 0 {
		return Item{Stem: it.Stem}, src, false
	}
	return it, src, true
}

// checkLength reports, through report at n, a text t of the field named what that is longer
// than limit characters (0: no limit), and returns whether it is within the limit.
func checkLength(n *yaml.Node, what, t string, limit int, report func(*yaml.Node, string, ...any)) bool {
	if limit == 0 {
		return true
	}
	if c := utf8.RuneCountInString(t); c > limit {
		report(n, "%s is %d characters long: at most %d", what, c, limit)
		return false
	}
	return true
}

// repeatedKeys reports, through add, every key of a mapping in the YAML tree n that the same
// mapping gives before, at the line of the repeat: YAML wants the keys of a mapping distinct,
// and yaml.v3 keeps them all in the tree, where a reader keeps the first or the last.
func repeatedKeys(n *yaml.Node, add func(*yaml.Node, string, ...any)) {
	if n.Kind == yaml.MappingNode {
		first := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				continue
			}
			if line, seen := first[k.Value]; seen {
				add(k, "key %q given twice, first on line %d: a mapping holds each key once", k.Value, line)
			} else {
				first[k.Value] = k.Line
			}
		}
	}
	for _, c := range n.Content {
		repeatedKeys(c, add)
	}
}

// isNull reports whether n is YAML's null: "~", "null" or nothing, untagged or tagged !!null;
// "~" quoted is text.
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe says what a YAML value that is no list is, for a problem: "a string", "a
// mapping", "nothing" (a key with no value).
func describe(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return "nothing"
	case n.Kind == yaml.ScalarNode && n.Tag == "!!str":
		return "a string"
	case n.Kind == yaml.ScalarNode:
		return "a single value"
	}
	return "an alias"
}

// passageFinder finds the passage of a corpus that holds a source word for word (Found), for
// many sources at once. Built for a bank's sources, it reads every passage once, recording
// for each word of the sources the passages that hold it; a source's candidates are then the
// passages that hold all its words, and only they are normalised and searched: 2.1 s for
// 1,000 sources on the US Code's 309,184 passages, most of it the one pass
// (BenchmarkParseBank). Reading every passage for each source, normalising it every time,
// took 29 ms a source on the 2,599 passages of the seed and public corpora, 3.3 s on the US
// Code.
type passageFinder struct {
	all      []*corpus.Passage  // every passage of the documents, in order
	owners   []*corpus.Document // all[i]'s document
	words    map[string]int32   // a word of the sources → its index in postings
	postings [][]int32          // the indexes in all of the passages holding each word, in order
}

// newPassageFinder indexes the passages of docs for the words of sources (see passageFinder).
func newPassageFinder(docs []*corpus.Document, sources []string) *passageFinder {
	n := 0
	for _, d := range docs {
		n += len(d.Passages)
	}
	f := &passageFinder{words: map[string]int32{}, all: make([]*corpus.Passage, 0, n), owners: make([]*corpus.Document, 0, n)}
	for _, s := range sources {
		for w := range normalizedWords(s) {
			if _, ok := f.words[string(w)]; !ok {
				f.words[string(w)] = int32(len(f.postings))
				f.postings = append(f.postings, nil)
			}
		}
	}
	if len(f.words) == 0 {
		return f
	}
	for _, d := range docs {
		for i := range d.Passages {
			p := int32(len(f.all))
			f.all, f.owners = append(f.all, &d.Passages[i]), append(f.owners, d)
			for w := range normalizedWords(d.Passages[i].Text) {
				if id, ok := f.words[string(w)]; ok {
					if l := f.postings[id]; len(l) == 0 || l[len(l)-1] != p {
						f.postings[id] = append(l, p)
					}
				}
			}
		}
	}
	return f
}

// passage returns the first passage (in the order of the docs and their passages) of the
// document with ID doc, or of any when doc is "", where source, one of the sources f was made
// for, is Found; nil when there is none.
func (f *passageFinder) passage(doc, source string) *corpus.Passage {
	if ps := f.passages(doc, source, 1); len(ps) > 0 {
		return ps[0]
	}
	return nil
}

// passages returns up to limit distinct passages (by ID), first first, where passage would
// find source.
func (f *passageFinder) passages(doc, source string, limit int) []*corpus.Passage {
	phrase := normalize(source)
	if phrase == "" {
		return nil
	}
	var lists [][]int32
	for _, w := range strings.Fields(phrase) {
		id, ok := f.words[w]
		if !ok {
			return nil // not a source f was made for
		}
		lists = append(lists, f.postings[id])
	}
	slices.SortFunc(lists, func(a, b []int32) int { return len(a) - len(b) })
	candidates := lists[0]
	for _, l := range lists[1:] {
		if len(candidates) == 0 {
			return nil
		}
		candidates = intersect(candidates, l)
	}
	var out []*corpus.Passage
	for _, i := range candidates {
		if doc != "" && f.owners[i].ID != doc {
			continue
		}
		if slices.ContainsFunc(out, func(p *corpus.Passage) bool { return p.ID == f.all[i].ID }) {
			continue // the same passage, of a document given twice
		}
		if containsWords(normalize(f.all[i].Text), phrase) {
			if out = append(out, f.all[i]); len(out) == limit {
				break
			}
		}
	}
	return out
}

// intersect returns the numbers in both a and b, ascending lists, a the shorter: each of a is
// searched for in what remains of b (binary search), in |a|·log|b| steps.
func intersect(a, b []int32) []int32 {
	var out []int32
	for _, x := range a {
		i, found := slices.BinarySearch(b, x)
		if found {
			out = append(out, x)
		}
		b = b[i:]
	}
	return out
}

// bankItem is one item of a bank as WriteBank writes it, in the fields ParseBank reads.
type bankItem struct {
	Question  string   `yaml:"question,omitempty"`
	Statement string   `yaml:"statement,omitempty"`
	Options   []string `yaml:"options,flow,omitempty"`
	Answer    any      `yaml:"answer"` // a letter A–D, or true or false
	Source    string   `yaml:"source"`
	Document  string   `yaml:"document,omitempty"`
}

// WriteBank writes items to w as a trainer's bank in YAML, the format ParseBank reads (see
// the README, "Quizzes"): under items:, a Choice item as a question with its four options and
// its answer's letter, a TrueFalse one as a statement with its answer true or false (the
// statement alone, as a trainer writes it, without the wording "True or false, according to
// …: " a quiz shows before it, which ParseBank gives back: see statementStem); each
// with its Source.DocumentID as its document and its Support as its source, or the whole text
// of its passage (Source.Text) when it has no Support or when docs are given and the Support
// is found first in another passage of its document (a sentence a document repeats). Status,
// origin and the other fields of Item are not written.
//
// ParseBank of what it writes, given the documents that hold the items' passages, gives the
// same items (stems, options, answers, passages, hence IDs), approved and of Origin Trainer,
// as long as their fields are within ParseBank's limits (a generated stem is at most some 650
// characters, under MaxQuestion) and no two have the same stem; but a true/false item stored
// with its bare statement as its stem (imported from a bank or written by a chat model before
// items were given the wording) comes back with the wording, and another ID, whose
// PlainStatementID is its own. Errors: w's; an item that fails Item.CheckOptions (of neither
// Kind, without the options of its kind, or whose Answer is no index of its Options) is an
// error naming its ID, and then nothing is written.
func WriteBank(w io.Writer, items []Item, docs []*corpus.Document) error {
	bank := struct {
		Items []bankItem `yaml:"items"`
	}{Items: make([]bankItem, 0, len(items))}
	supports := make([]string, len(items))
	for i, it := range items {
		supports[i] = it.Support
	}
	find := newPassageFinder(docs, supports)
	for _, it := range items {
		if err := it.CheckOptions(); err != nil {
			return fmt.Errorf("quiz: item %s: %w", it.ID, err)
		}
		b := bankItem{Source: it.Support, Document: it.Source.DocumentID}
		if strings.TrimSpace(b.Source) == "" {
			b.Source = it.Source.Text
		} else if len(docs) > 0 {
			// A sentence its document holds in another passage too names no one passage.
			if ps := find.passages(it.Source.DocumentID, it.Support, 2); len(ps) > 0 && (ps[0].ID != it.Source.PassageID || len(ps) > 1) {
				b.Source = it.Source.Text
			}
		}
		switch it.Kind {
		case Choice:
			b.Question, b.Options, b.Answer = it.Stem, it.Options, Letters[it.Answer:it.Answer+1]
		case TrueFalse:
			b.Statement, b.Answer = bareStatement(it.Stem, it.Source.Passage()), it.Answer == 0
		}
		bank.Items = append(bank.Items, b)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(bank); err != nil {
		return fmt.Errorf("quiz: write bank: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("quiz: write bank: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// passageName names a passage for a problem: its document's title and its section, or its
// lines where it has none.
func passageName(p *corpus.Passage) string {
	if sec := p.Section(); sec != "" {
		return fmt.Sprintf("%s, %s", p.Title, sec)
	}
	return fmt.Sprintf("%s, lines %d–%d", p.Title, p.FirstLine, p.LastLine)
}

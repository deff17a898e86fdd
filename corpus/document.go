// Package corpus reads the texts doctrinebot answers from and splits them into passages: the
// pieces a person would quote (a slide, a section or a paragraph), each with its document, its
// heading path and its line range. It knows nothing of retrieval, chat or language models.
package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Document is one text of the corpus: its metadata and its passages in reading order.
type Document struct {
	// ID is a stable slug for the document, by default the file's base name without extension,
	// lowercased, with runs of other characters than letters and digits turned into '-'.
	ID string
	// Title is the document's title: given by the caller, read from the text (a Gutenberg
	// "Title:" line, markdown front matter or first heading, a leading title line) or, failing
	// those, the file name.
	Title string
	// Author is the document's author where known, else "".
	Author string
	// Source says where the text came from (a "SOURCE:" line, front matter or the file path).
	Source string
	// Licence is the text's licence where known, else "".
	Licence string
	// Edition is the document's edition or date where known, else "": front matter "edition:"
	// or "date:", an HTML <meta name="date">, or the creation date (YYYY-MM-DD) of a PDF or
	// DOCX file.
	Edition string
	// Path is the file the document was read from; "" for the built-in corpus.
	Path string
	// Passages are the document's passages in reading order; Passages[i].Index == i.
	Passages []Passage
	// overflow counts the passages the splitter made past MaxPassages, which it dropped;
	// Parse then fails (ErrTooLarge).
	overflow int
}

// Passage is a quotable piece of a document.
type Passage struct {
	// ID is 12 lowercase hex digits: the first 6 bytes of the SHA-256 of the document ID, the
	// section and Text (NUL-separated; with a counter when the same section and text recur). It
	// changes only when the passage's words, section or document change.
	ID string
	// DocumentID, Title, Author and Edition are copied from the passage's Document.
	DocumentID, Title, Author, Edition string
	// Headings is the heading path above the passage, outermost first; empty where the text has
	// no headings before it.
	Headings []string
	// Text is the passage as displayed and quoted: the source's words, with hard-wrapped lines
	// reflowed into one line per paragraph (list items keep their own lines) and paragraphs
	// separated by one blank line.
	Text string
	// FirstLine and LastLine are the 1-based, inclusive line numbers of the passage. For text
	// and markdown they count every line of the normalised file (see Normalize); for HTML, the
	// lines of the HTML source where the passage's first and last text start and end; for
	// PDF, the lines of the text layer as extracted, counted across the whole document; for
	// DOCX, which has no lines, the ordinals of its first and last paragraph (w:p) in the body.
	FirstLine, LastLine int
	// FirstPage and LastPage are the 1-based, inclusive pages of the passage, as a citation
	// gives them ("pp. 3–4"): the physical page ordinal in the file, not a printed page label.
	// Both are 0 for formats without pages (text, markdown, HTML, DOCX).
	FirstPage, LastPage int
	// Index is the passage's position in its document, from 0.
	Index int
}

// Section returns the passage's heading path joined with " › ", or "" when it has none.
func (p *Passage) Section() string {
	return strings.Join(p.Headings, " › ")
}

// passageID returns the stable content-derived ID of a passage (see Passage.ID): the first 6
// bytes, in hex, of the SHA-256 of id, key and (when n > 0) n, separated by NUL bytes, where
// id+"\x00"+key is idKey, key is the passage's section and text separated by a NUL byte, and n
// counts earlier passages of the same document with the same key. It may append to idKey.
func passageID(idKey []byte, n int) string {
	if n > 0 {
		idKey = fmt.Appendf(idKey, "\x00%d", n)
	}
	sum := sha256.Sum256(idKey)
	return hex.EncodeToString(sum[:6])
}

// MaxIDLength is the longest document ID that CheckID accepts, in characters.
const MaxIDLength = 100

// ErrBadID means a document ID given by the caller is not one CheckID accepts.
var ErrBadID = errors.New("an ID is 1 to 100 letters or digits (of any script), '-', '_' or '.', starting with a letter or digit")

// CheckID reports whether id can be a document ID given by a caller (Meta.ID): 1 to
// MaxIDLength characters, each a letter or digit of any script, a combining mark after one
// (the vowel signs of Devanagari and Tamil, "हिंदी", "தமிழ்"; an accent typed apart, "cafe" and
// U+0301), '-', '_' or '.', the first a letter or digit. So an ID is one word on a command
// line, and holds no white space, path separator, control character or terminal escape. The
// error is ErrBadID. Slug makes its IDs of the same characters. Callers store an ID in
// Unicode's composed form (NormalizeID), so that "café" typed either way is one ID.
func CheckID(id string) error {
	if id == "" || utf8.RuneCountInString(id) > MaxIDLength {
		return ErrBadID
	}
	prev := rune(0)
	for i, r := range id {
		letter := unicode.IsLetter(r) || unicode.IsDigit(r) || isMark(r) && (unicode.IsLetter(prev) || unicode.IsDigit(prev) || isMark(prev))
		if !letter && (i == 0 || r != '-' && r != '_' && r != '.') {
			return ErrBadID
		}
		prev = r
	}
	return nil
}

// isMark reports whether r is a combining mark that spaces or not (Unicode Mn, Mc).
func isMark(r rune) bool { return unicode.In(r, unicode.Mn, unicode.Mc) }

// NormalizeID returns id in Unicode's composed form (NFC): "cafe" followed by a combining
// acute accent is "café", one character, as most keyboards type it.
func NormalizeID(id string) string { return norm.NFC.String(id) }

// maxSlugRunes is the most characters Slug keeps: MaxIDLength less room for the suffix
// ("-2", "-3", …) that makes an ID unique among a folder's files.
const maxSlugRunes = MaxIDLength - 10

// Slug turns a name into a document ID: lowercase letters and digits of any script, other
// runs as one '-', no leading or trailing '-'; "document" if nothing is left. A slug over
// maxSlugRunes characters keeps its end — the file's own name, after the folders of its
// path — from a '-' on, so that CheckID accepts it.
func Slug(name string) string {
	s := slug(name)
	if n := utf8.RuneCountInString(s); n > maxSlugRunes {
		r := []rune(s)
		tail := string(r[n-maxSlugRunes:])
		if i := strings.IndexByte(tail, '-'); i >= 0 && i+1 < len(tail) {
			tail = tail[i+1:]
		}
		s = tail
	}
	return s
}

// slug is Slug without the bound on its length.
func slug(name string) string {
	var b strings.Builder
	dash := false
	kept := false // the last character was written
	for _, r := range strings.ToLower(norm.NFC.String(name)) {
		if isMark(r) && kept && !dash {
			// A vowel sign or accent of the letter before it ("कि.md" is कि, not क).
			b.WriteRune(r)
			continue
		}
		kept = false
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			kept = true
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "document"
	}
	return b.String()
}

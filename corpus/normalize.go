package corpus

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Errors returned by Normalize and Parse, wrapped with the input's name; test with errors.Is.
var (
	// ErrEmpty means the input holds no text once white space is removed.
	ErrEmpty = errors.New("empty document")
	// ErrBinary means the input holds a NUL byte, so it is not text: binary content, or
	// UTF-16 or UTF-32 without a byte-order mark, which is not told from binary content
	// (the error says UTF-32 when every 4 bytes of the input are a character but NUL).
	ErrBinary = errors.New("binary content")
	// ErrNotWord means a .docx file is a zip archive without a Word document in it.
	ErrNotWord = errors.New("not a Word document")
	// ErrInvalidUTF8 means the input is neither UTF-8 nor UTF-16 or UTF-32 with a byte-order
	// mark.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrInvalidUTF16 means input that starts with a UTF-16 byte-order mark is not valid
	// UTF-16 (an odd number of bytes, an unpaired surrogate).
	ErrInvalidUTF16 = errors.New("invalid UTF-16")
	// ErrInvalidUTF32 means input that starts with a UTF-32 byte-order mark is not valid
	// UTF-32 (a length that is no multiple of 4, a code unit that is no character: over
	// U+10FFFF, or a surrogate).
	ErrInvalidUTF32 = errors.New("invalid UTF-32")
	// ErrTooLarge means the input is larger than the limit: MaxFileSize, or Meta.MaxBytes.
	ErrTooLarge = errors.New("file too large")
	// ErrUnsupported means the file's extension names no format the corpus reads.
	ErrUnsupported = errors.New("unsupported format")
	// ErrEncrypted means a PDF is encrypted in a way the corpus cannot read: with a user
	// password it does not have, or with a cipher the PDF library lacks. A PDF whose owner
	// password only restricts printing or copying, with an empty user password, is read when
	// it uses RC4-128 or AES-128; with AES-256 or RC4 with a shorter key (RC4-40) it is
	// refused with this error.
	ErrEncrypted = errors.New("encrypted document")
	// ErrNoText means a PDF has pages but no text layer: a scan or images only, which would
	// need OCR.
	ErrNoText = errors.New("no text layer (image-only?)")
	// ErrMalformed means a PDF, DOCX or HTML file is broken: its structure cannot be read
	// (a damaged cross-reference table, a DOCX whose XML does not parse, …).
	ErrMalformed = errors.New("malformed document")
)

// MaxFileSize is the largest input, in bytes, that Normalize accepts (50 MiB).
const MaxFileSize = 50 << 20

// Normalize turns the raw bytes of a text file into clean UTF-8 text with LF line endings.
// It decodes UTF-16 or UTF-32 (little or big endian) when the input starts with its
// byte-order mark (see wideEncoding), drops every U+FEFF (a byte-order mark, also one found
// after a prepended line), turns CRLF and lone CR into LF, drops the other control characters
// but newline and tab and the bidirectional formatting characters (see StripControls:
// terminal escape codes, U+202E), and rejects input that is larger than MaxFileSize
// (ErrTooLarge), holds a NUL byte (ErrBinary: UTF-16 and UTF-32 without a byte-order mark do),
// is not valid UTF-16 or UTF-32 after their mark (ErrInvalidUTF16, ErrInvalidUTF32), is not
// valid UTF-8 (ErrInvalidUTF8), or holds only white space (ErrEmpty); the errors about bytes
// give the byte offset of the first bad one in the input (see ByteOffset). Errors name the
// input by name, as QuotePath writes it.
func Normalize(name string, raw []byte) (string, error) {
	return normalize(name, raw, MaxFileSize)
}

// normalize is Normalize with a size limit of limit bytes.
func normalize(name string, raw []byte, limit int64) (string, error) {
	if err := checkSize(name, int64(len(raw)), limit); err != nil {
		return "", err
	}
	var text string
	if enc := wideEncoding(raw); enc != "" {
		s, err := decodeWide(raw)
		if err != nil {
			return "", fmt.Errorf("corpus: %s: %w", QuotePath(name), err) // an offsetError, or none
		}
		if strings.ContainsRune(s, 0) {
			return "", fmt.Errorf("corpus: %s: %w (a NUL character in %s text)", QuotePath(name), ErrBinary, enc)
		}
		text = s
	} else {
		if i := bytes.IndexByte(raw, 0); i >= 0 {
			without := "UTF-16"
			if looksUTF32(raw) {
				without = "UTF-32"
			}
			return "", &offsetError{fmt.Errorf("corpus: %s: %w or %s without a byte-order mark (NUL byte at offset %d)", QuotePath(name), ErrBinary, without, i), i}
		}
		if off := InvalidUTF8Offset(raw); off >= 0 {
			return "", &offsetError{fmt.Errorf("corpus: %s: %w at byte offset %d", QuotePath(name), ErrInvalidUTF8, off), off}
		}
		text = string(raw)
	}
	text = strings.ReplaceAll(text, "\uFEFF", "")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = StripControls(text)
	if strings.TrimSpace(text) == "" {
		return "", fmt.Errorf("corpus: %s: %w", QuotePath(name), ErrEmpty)
	}
	return text, nil
}

// StripControls returns s without its control characters other than newline and tab: C0
// (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F), the Unicode category Cc; and without
// the bidirectional formatting characters of the Unicode Bidirectional Algorithm (UAX #9): the
// embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069, and the marks U+200E
// (LRM), U+200F (RLM) and U+061C (ALM). Text read from a file, and the questions recorded, lose
// them so that nothing printed from them can carry a terminal escape code (ESC [2J clears the
// screen, ESC ] 0 ; sets the window's title) or turn the rest of a line around (U+202E, the
// right-to-left override). The other format characters, which scripts need (the zero-width
// joiner U+200D and non-joiner U+200C, the soft hyphen), are kept, and so are lines: no
// newline is dropped. It returns s itself when it has none.
func StripControls(s string) string {
	if !hasControl(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && unicode.IsControl(r) || isBidiControl(r) {
			return -1
		}
		return r
	}, s)
}

// isBidiControl reports whether r is a bidirectional formatting character (see StripControls).
func isBidiControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069' || r == '\u200E' || r == '\u200F' || r == '\u061C'
}

// hasControl reports whether s holds a character that StripControls drops, looking at bytes:
// C0 and DEL are one byte in UTF-8, C1 the two bytes 0xC2 0x80–0x9F, U+061C the two bytes 0xD8
// 0x9C, and the other bidirectional formatting characters three bytes, 0xE2 0x80 0x8E–0x8F,
// 0xE2 0x80 0xAA–0xAE and 0xE2 0x81 0xA6–0xA9.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b < 0x20 && b != '\n' && b != '\t', b == 0x7F:
			return true
		case b == 0xC2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9F:
			return true
		case b == 0xD8 && i+1 < len(s) && s[i+1] == 0x9C:
			return true
		case b == 0xE2 && i+2 < len(s):
			c := s[i+2]
			switch s[i+1] {
			case 0x80:
				if c == 0x8E || c == 0x8F || c >= 0xAA && c <= 0xAE {
					return true
				}
			case 0x81:
				if c >= 0xA6 && c <= 0xA9 {
					return true
				}
			}
		}
	}
	return false
}

// metaText returns a metadata value (a title, an author) as one line: control characters
// dropped as by StripControls, and newlines and tabs too, each turned into a space; trimmed.
func metaText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\u2028' || r == '\u2029':
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1 // and format characters: a right-to-left override would turn the line
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// maxMetaRunes is the most characters a document's title, author, licence or edition keeps
// from the text itself (front matter, a heading, a Gutenberg line): a longer one is cut at a
// word and ends with "…". The command line's flags refuse longer values instead.
const maxMetaRunes = 300

// maxHeadingRunes is the most characters of a heading taken from the text (a markdown "#"
// line, an HTML h1–h6, a DOCX paragraph of a heading style); a longer one is read as a
// paragraph, so that its words are indexed and quoted, where a 40 MB "# …" line became a
// 40 MB title and heading. A heading a person writes is a few hundred characters at most, but
// a converted statute puts whole subsections in headings ("(c) The Secretary shall report
// annually …"): the public corpus's markdown has headings of up to 399 characters, the US
// Code's (the scale corpus) up to 1,436, all kept, and 2 of its 575,099 over 2,000.
// maxMetaRunes (300) would make paragraphs of 2 headings of the public corpus and 681 of the
// US Code's.
const maxHeadingRunes = 2000

// shortMeta returns s cut to maxMetaRunes characters (see maxMetaRunes).
func shortMeta(s string) string { return shortTo(s, maxMetaRunes) }

// shortTo returns s cut to at most n characters, at a word when one ends in the second half,
// with "…" in place of what is cut.
func shortTo(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if sp := strings.LastIndexByte(cut, ' '); sp > len(cut)/2 {
		cut = cut[:sp]
	}
	return strings.TrimSpace(cut) + "…"
}

// checkSize returns an error wrapping ErrTooLarge, naming the input, when size is over limit.
func checkSize(name string, size, limit int64) error {
	if size > limit {
		return fmt.Errorf("corpus: %s: %w: %d bytes, the limit is %d", QuotePath(name), ErrTooLarge, size, limit)
	}
	return nil
}

// ByteOffset returns the offset in the input, in bytes, that err, an error of Normalize (or of
// Parse or ReadFile, which read text through it), gives: of the first byte that is no UTF-8
// (ErrInvalidUTF8), of the first NUL byte (ErrBinary), of an unpaired surrogate in UTF-16
// (ErrInvalidUTF16) or of a code unit that is no character in UTF-32 (ErrInvalidUTF32),
// counted from the start of the input, its byte-order mark included. It reports false for any
// other error, and for one that gives no offset (UTF-16 of an odd number of bytes, UTF-32 of
// a number that is no multiple of 4). A reader of another kind of text, such as a quiz bank,
// turns it into a line.
func ByteOffset(err error) (int, bool) {
	var o *offsetError
	if errors.As(err, &o) {
		return o.offset, true
	}
	return 0, false
}

// offsetError is an error of Normalize that gives the byte offset of what is wrong (see
// ByteOffset).
type offsetError struct {
	err    error
	offset int
}

func (e *offsetError) Error() string { return e.err.Error() }

func (e *offsetError) Unwrap() error { return e.err }

// InvalidUTF8Offset returns the byte offset of the first invalid UTF-8 sequence in b, or -1
// when b is valid UTF-8.
func InvalidUTF8Offset(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// wideEncoding returns "UTF-32" when raw starts with a UTF-32 byte-order mark (00 00 FE FF,
// big endian, or FF FE 00 00, little endian), "UTF-16" when it starts with a UTF-16 one
// (FE FF or FF FE), else "". FF FE 00 00 is taken for UTF-32's: in UTF-16 it would be the
// mark followed by a NUL character, which no text holds.
func wideEncoding(raw []byte) string {
	switch {
	case bytes.HasPrefix(raw, []byte{0x00, 0x00, 0xFE, 0xFF}), bytes.HasPrefix(raw, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return "UTF-32"
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		return "UTF-16"
	}
	return ""
}

// decodeWide decodes raw, which starts with a byte-order mark of UTF-16 or UTF-32 (see
// wideEncoding), with decodeUTF16 or decodeUTF32.
func decodeWide(raw []byte) (string, error) {
	if wideEncoding(raw) == "UTF-32" {
		return decodeUTF32(raw)
	}
	return decodeUTF16(raw)
}

// decodeUTF32 decodes b, which starts with a UTF-32 byte-order mark (see wideEncoding). A
// length that is no multiple of 4, or a code unit that is no character (over U+10FFFF, or a
// surrogate), is an error (ErrInvalidUTF32), giving the unit's byte offset. The decoder of
// golang.org/x/text/encoding/unicode/utf32 would put U+FFFD in its place instead, where the
// corpus refuses text it cannot read, as it does UTF-8 and UTF-16.
func decodeUTF32(b []byte) (string, error) {
	if len(b)%4 != 0 {
		return "", fmt.Errorf("%w: %d bytes, not a multiple of 4", ErrInvalidUTF32, len(b))
	}
	order := binary.ByteOrder(binary.BigEndian)
	if b[0] == 0xFF {
		order = binary.LittleEndian
	}
	var out strings.Builder
	out.Grow(len(b) / 4)
	for i := 4; i < len(b); i += 4 {
		u := order.Uint32(b[i:])
		if !utf32Char(u) {
			return "", &offsetError{fmt.Errorf("%w: code unit 0x%08X at byte offset %d is no character", ErrInvalidUTF32, u, i), i}
		}
		out.WriteRune(rune(u))
	}
	return out.String(), nil
}

// utf32Char reports whether u, a UTF-32 code unit, is a character: a Unicode scalar value, at
// most U+10FFFF and no surrogate.
func utf32Char(u uint32) bool {
	return u <= unicode.MaxRune && (u < 0xD800 || u > 0xDFFF)
}

// looksUTF32 reports whether raw, which has no byte-order mark, reads as UTF-32 of one byte
// order: a multiple of 4 bytes, each 4 of them a character other than NUL. ASCII in UTF-32
// is each character followed (little endian) or preceded (big endian) by three NUL bytes;
// in UTF-16, by one, which UTF-32 does not read as characters.
func looksUTF32(raw []byte) bool {
	if len(raw) == 0 || len(raw)%4 != 0 {
		return false
	}
	for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		all := true
		for i := 0; i < len(raw) && all; i += 4 {
			u := order.Uint32(raw[i:])
			all = u != 0 && utf32Char(u)
		}
		if all {
			return true
		}
	}
	return false
}

// decodeUTF16 decodes b, which starts with a UTF-16 byte-order mark. An odd number of bytes or
// an unpaired surrogate is an error (ErrInvalidUTF16) giving its byte offset.
func decodeUTF16(b []byte) (string, error) {
	if len(b)%2 != 0 {
		return "", fmt.Errorf("%w: odd number of bytes (%d)", ErrInvalidUTF16, len(b))
	}
	little := b[0] == 0xFF
	unit := func(i int) uint16 {
		if little {
			return uint16(b[i]) | uint16(b[i+1])<<8
		}
		return uint16(b[i])<<8 | uint16(b[i+1])
	}
	var out strings.Builder
	out.Grow(len(b))
	for i := 2; i < len(b); i += 2 {
		u := unit(i)
		switch {
		case utf16.IsSurrogate(rune(u)) && u < 0xDC00 && i+3 < len(b):
			r := utf16.DecodeRune(rune(u), rune(unit(i+2)))
			if r == utf8.RuneError {
				return "", &offsetError{fmt.Errorf("%w: unpaired surrogate at byte offset %d", ErrInvalidUTF16, i), i}
			}
			out.WriteRune(r)
			i += 2
		case utf16.IsSurrogate(rune(u)):
			return "", &offsetError{fmt.Errorf("%w: unpaired surrogate at byte offset %d", ErrInvalidUTF16, i), i}
		default:
			out.WriteRune(rune(u))
		}
	}
	return out.String(), nil
}

// urlScheme matches the scheme that begins a URL (RFC 3986, section 3.1) with no white space
// after its colon, as "javascript:alert(1)" and "https://…" begin, and "Note: …" does not.
var urlScheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*):[^\s]`)

// CheckSource returns what is wrong with a document's source (Meta.Source, --source, a text's
// front matter), or "": text that is no URL ("Department of the Army, 2022") is a source; a URL
// must be http or https, with a host and no space. The answer completes a sentence that names
// the value ("--source %q " + answer).
func CheckSource(v string) string {
	m := urlScheme.FindStringSubmatch(v)
	if m == nil {
		return "" // text that is no URL, such as "Department of the Army, 2022"
	}
	switch scheme := strings.ToLower(m[1]); scheme {
	case "http", "https":
		if u, err := url.Parse(v); err != nil || u.Host == "" || strings.ContainsAny(v, " ") {
			return "is no URL: want http:// or https:// and a host, with no space"
		}
		return ""
	default:
		return fmt.Sprintf("is a URL of the scheme %s:, and a source URL must be http or https", scheme)
	}
}

package corpus

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
)

// utf16Bytes encodes s as UTF-16 with its byte-order mark, little or big endian.
func utf16Bytes(s string, little bool) []byte {
	units := append([]uint16{0xFEFF}, utf16.Encode([]rune(s))...)
	out := make([]byte, 0, 2*len(units))
	for _, u := range units {
		if little {
			out = append(out, byte(u), byte(u>>8))
		} else {
			out = append(out, byte(u>>8), byte(u))
		}
	}
	return out
}

// utf32Bytes encodes s as UTF-32, little or big endian, with its byte-order mark when bom.
func utf32Bytes(s string, little, bom bool) []byte {
	var out []byte
	if bom {
		s = "\uFEFF" + s
	}
	for _, r := range s {
		if little {
			out = binary.LittleEndian.AppendUint32(out, uint32(r))
		} else {
			out = binary.BigEndian.AppendUint32(out, uint32(r))
		}
	}
	return out
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		raw  []byte
		want string
	}{
		{"plain", []byte("one\ntwo\n"), "one\ntwo\n"},
		{"utf8 BOM", []byte("\uFEFFone\ntwo"), "one\ntwo"},
		{"BOM after a first line", []byte("SOURCE: x | LICENCE: y\n\uFEFFThe text."), "SOURCE: x | LICENCE: y\nThe text."},
		{"BOM and CRLF", []byte("\uFEFFone\r\ntwo\r\n"), "one\ntwo\n"},
		{"CRLF", []byte("one\r\ntwo\r\n\r\nthree"), "one\ntwo\n\nthree"},
		{"lone CR", []byte("one\rtwo\r\rthree"), "one\ntwo\n\nthree"},
		{"mixed endings", []byte("a\r\nb\rc\nd"), "a\nb\nc\nd"},
		{"valid multibyte and U+FFFD kept", []byte("caf\u00e9 \u2014 \uFFFD \U0001F600"), "caf\u00e9 \u2014 \uFFFD \U0001F600"},
		{"UTF-16 LE", utf16Bytes("Sun Tzu \u5b6b\u5b50\r\nline two \U0001F600", true), "Sun Tzu \u5b6b\u5b50\nline two \U0001F600"},
		{"UTF-16 BE", utf16Bytes("Sun Tzu \u5b6b\u5b50\r\nline two \U0001F600", false), "Sun Tzu \u5b6b\u5b50\nline two \U0001F600"},
		// FF FE 00 00 is UTF-32's mark, not UTF-16's followed by a NUL: it was read so, and
		// refused as binary.
		{"UTF-32 LE", utf32Bytes("Sun Tzu \u5b6b\u5b50\r\nline two \U0001F600", true, true), "Sun Tzu \u5b6b\u5b50\nline two \U0001F600"},
		{"UTF-32 BE", utf32Bytes("Sun Tzu \u5b6b\u5b50\r\nline two \U0001F600", false, true), "Sun Tzu \u5b6b\u5b50\nline two \U0001F600"},
		{"UTF-16 LE with lone CR", utf16Bytes("a\rb", true), "a\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize("in.txt", tt.raw)
			if err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			if got != tt.want {
				t.Errorf("Normalize = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNormalizeErrors(t *testing.T) {
	tests := []struct {
		name string
		raw  []byte
		want error
		// inMsg are substrings the error message must hold besides the file name.
		inMsg []string
	}{
		{"empty", nil, ErrEmpty, nil},
		{"white space only", []byte(" \n\t\r\n  \r"), ErrEmpty, nil},
		{"BOM only", []byte("\uFEFF\r\n"), ErrEmpty, nil},
		{"UTF-16 BOM only", []byte{0xFF, 0xFE}, ErrEmpty, nil},
		{"UTF-16 white space only", utf16Bytes(" \r\n ", false), ErrEmpty, nil},
		{"NUL byte", []byte("abc\x00def"), ErrBinary, []string{"binary content or UTF-16 without a byte-order mark (NUL byte at offset 3)"}},
		{"PNG header", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrBinary, nil},
		{"NUL in UTF-16", utf16Bytes("ab\x00c", true), ErrBinary, nil},
		{"invalid byte after ASCII", []byte("abc\xffdef"), ErrInvalidUTF8, []string{"byte offset 3"}},
		{"invalid byte at start", []byte("\xfe\x41"), ErrInvalidUTF8, []string{"byte offset 0"}},
		// "h" is byte 0, "é" bytes 1-2, "llo " bytes 3-6; the truncated sequence starts at 7.
		{"truncated sequence after multibyte", []byte("h\u00e9llo \xc3("), ErrInvalidUTF8, []string{"byte offset 7"}},
		{"Latin-1 text", []byte("na\xefve caf\xe9"), ErrInvalidUTF8, []string{"byte offset 2"}},
		{"UTF-16 odd length", append(utf16Bytes("abc", true), 'x'), ErrInvalidUTF16, nil},
		{"UTF-16 unpaired high surrogate", append(append(utf16Bytes("ab", true), 0x00, 0xD8), utf16Bytes("cd", true)[2:]...), ErrInvalidUTF16, []string{"byte offset 6"}},
		{"UTF-16 lone low surrogate", append(utf16Bytes("ab", false), 0xDC, 0x00), ErrInvalidUTF16, []string{"byte offset 6"}},
		{"UTF-32 BOM only", []byte{0x00, 0x00, 0xFE, 0xFF}, ErrEmpty, nil},
		{"UTF-32 length", append(utf32Bytes("ab", true, true), 'x'), ErrInvalidUTF32, []string{"13 bytes, not a multiple of 4"}},
		{"UTF-32 over U+10FFFF", append(utf32Bytes("ab", false, true), 0x00, 0x11, 0x00, 0x00), ErrInvalidUTF32, []string{"code unit 0x00110000 at byte offset 12 is no character"}},
		{"UTF-32 surrogate", append(utf32Bytes("ab", true, true), 0x00, 0xD8, 0x00, 0x00), ErrInvalidUTF32, []string{"code unit 0x0000D800 at byte offset 12"}},
		{"NUL in UTF-32", utf32Bytes("ab\x00c", false, true), ErrBinary, []string{"a NUL character in UTF-32 text"}},
		{"UTF-32 LE without a BOM", utf32Bytes("The sentry guards the gate.", true, false), ErrBinary, []string{"binary content or UTF-32 without a byte-order mark (NUL byte at offset 1)"}},
		{"UTF-32 BE without a BOM", utf32Bytes("The sentry \u5b6b.", false, false), ErrBinary, []string{"binary content or UTF-32 without a byte-order mark (NUL byte at offset 0)"}},
		{"NUL bytes in fours", []byte("abc\x00\x00\x00\x00\x00"), ErrBinary, []string{"binary content or UTF-16 without a byte-order mark (NUL byte at offset 3)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize("some/dir/input.txt", tt.raw)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Normalize = %q, %v; want error %v", got, err, tt.want)
			}
			msg := err.Error()
			for _, s := range append([]string{"some/dir/input.txt"}, tt.inMsg...) {
				if !strings.Contains(msg, s) {
					t.Errorf("error %q does not contain %q", msg, s)
				}
			}
		})
	}
}

func TestNormalizeOffsetIsExact(t *testing.T) {
	// The offset must be that of the first bad byte, not of a later one nor a rune count.
	raw := []byte(strings.Repeat("\u00e9", 10) + "ok\x80 and \xff later")
	_, err := Normalize("f.txt", raw)
	if !errors.Is(err, ErrInvalidUTF8) {
		t.Fatalf("err = %v, want ErrInvalidUTF8", err)
	}
	if got, want := err.Error(), "byte offset 22"; !strings.HasSuffix(got, want) {
		t.Errorf("error = %q, want it to end with %q", got, want)
	}
}

func TestNormalizeTooLarge(t *testing.T) {
	// One allocation just over the limit; zero bytes would also be binary, so this checks
	// that the size is tested first.
	raw := make([]byte, MaxFileSize+1)
	_, err := Normalize("huge.txt", raw)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if !strings.Contains(err.Error(), "huge.txt") {
		t.Errorf("error %q does not name the file", err)
	}
	// Exactly MaxFileSize is allowed: reuse the same buffer, filled with text.
	raw = raw[:MaxFileSize]
	for i := range raw {
		raw[i] = 'a'
	}
	if _, err := Normalize("limit.txt", raw); err != nil {
		t.Errorf("Normalize of exactly MaxFileSize bytes: %v", err)
	}
}

// TestByteOffset: the errors of Normalize that give a byte offset in their message give it to
// ByteOffset too, so that a reader of another kind of text (a quiz bank) can name the line;
// the others give none.
func TestByteOffset(t *testing.T) {
	tests := []struct {
		raw  string
		want int
		ok   bool
	}{
		{"caf\xe9 au lait", 3, true},
		{"line one\nnul\x00", 12, true},
		{"\xff\xfea\x00\x00\xd8b\x00", 4, true},                    // UTF-16LE, an unpaired high surrogate
		{"\xff\xfea", 0, false},                                    // odd number of bytes
		{"\x00\x00\xfe\xff\x00\x00\x00a\x00\x00\xdc\x00", 8, true}, // UTF-32BE, a surrogate
		{"\x00\x00\xfe\xff\x00", 0, false},                         // UTF-32 of 5 bytes
		{" \n", 0, false},                                          // empty
		{"fine", 0, false},
	}
	for _, tt := range tests {
		_, err := Normalize("x.txt", []byte(tt.raw))
		got, ok := ByteOffset(err)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ByteOffset(Normalize(%q) = %v) = %d, %t; want %d, %t", tt.raw, err, got, ok, tt.want, tt.ok)
		}
		if ok && !strings.Contains(err.Error(), fmt.Sprintf("offset %d", tt.want)) {
			t.Errorf("Normalize(%q) = %v: the message does not give offset %d", tt.raw, err, tt.want)
		}
	}
}

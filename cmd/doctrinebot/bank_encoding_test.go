package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// encodeUTF32 returns s in UTF-32, little endian, after the bytes of bom.
func encodeUTF32(s string, bom ...byte) []byte {
	out := slices.Clone(bom)
	for _, r := range s {
		out = binary.LittleEndian.AppendUint32(out, uint32(r))
	}
	return out
}

// encodeUTF16 returns s in UTF-16, little or big endian, after the bytes of bom (its
// byte-order mark, or nothing).
func encodeUTF16(s string, big bool, bom ...byte) []byte {
	out := append([]byte(nil), bom...)
	for _, u := range utf16.Encode([]rune(s)) {
		if big {
			out = binary.BigEndian.AppendUint16(out, u)
		} else {
			out = binary.LittleEndian.AppendUint16(out, u)
		}
	}
	return out
}

// TestQuizImportEncoding: a bank that is not UTF-8 gave YAML's words ("control characters are
// not allowed", "incomplete UTF-8 octet sequence", a structure error), which do not say what is
// wrong. A bank is now read as a corpus file is: UTF-16 with a byte-order mark decoded (with
// CRLF line endings too), and one of another encoding refused as such, at the line of the first
// bad byte, giving its byte offset, and nothing imported.
func TestQuizImportEncoding(t *testing.T) {
	const bank = "items:\n  - statement: The security forces must be effective in what they do.\n    answer: true\n    source: The security forces must be effective in what they do.\n"
	latin1 := strings.Replace(bank, "The security forces must be effective", "The s\xe9curity forces must be effective", 1)
	lone := encodeUTF16(bank, false, 0xFF, 0xFE)
	at := 2 + 2*len(utf16.Encode([]rune("items:\n  - statement: The")))
	binary.LittleEndian.PutUint16(lone[at:], 0xDC00) // an unpaired low surrogate for the space
	bad32 := encodeUTF32(bank, 0xFF, 0xFE, 0, 0)
	at32 := 4 * (1 + len([]rune("items:\n  - statement: The")))
	binary.LittleEndian.PutUint32(bad32[at32:], 0xD800) // a surrogate, no character, for the space
	const want = ": a bank is text in UTF-8, or in UTF-16 or UTF-32 with a byte-order mark"
	for _, tc := range []struct {
		name string
		raw  []byte
		want string // the problem, after the file's name; "" when imported
	}{
		{"UTF-16LE with a byte-order mark", encodeUTF16(bank, false, 0xFF, 0xFE), ""},
		{"UTF-16BE with a byte-order mark, CRLF", encodeUTF16(strings.ReplaceAll(bank, "\n", "\r\n"), true, 0xFE, 0xFF), ""},
		{"UTF-8 with a byte-order mark", append([]byte("\xef\xbb\xbf"), bank...), ""},
		{"UTF-16LE without a byte-order mark", encodeUTF16(bank, false), ":1: binary content or UTF-16 without a byte-order mark (NUL byte at offset 1)" + want},
		{"Latin-1", []byte(latin1), fmt.Sprintf(":2: invalid UTF-8 at byte offset %d", strings.Index(latin1, "\xe9")) + want},
		{"UTF-16 of an odd number of bytes", append([]byte{0xFF, 0xFE}, bank...), fmt.Sprintf(":1: invalid UTF-16: odd number of bytes (%d)", len(bank)+2) + want},
		{"UTF-16 with an unpaired surrogate", lone, fmt.Sprintf(":2: invalid UTF-16: unpaired surrogate at byte offset %d", at) + want},
		{"UTF-32LE with a byte-order mark", encodeUTF32(bank, 0xFF, 0xFE, 0, 0), ""},
		{"UTF-32 with a code unit that is no character", bad32, fmt.Sprintf(":2: invalid UTF-32: code unit 0x0000D800 at byte offset %d is no character", at32) + want},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := t.TempDir()
			path := filepath.Join(t.TempDir(), "bank.yaml")
			if err := os.WriteFile(path, tc.raw, 0o644); err != nil {
				t.Fatal(err)
			}
			r := runArgs(t, "", "quiz", "import", path, "--data", data)
			if tc.want == "" {
				if r.err != nil || !strings.HasPrefix(r.stdout, "1 item imported from ") {
					t.Errorf("import: %v, %q; want 1 item imported", r.err, r.stdout)
				}
				return
			}
			wantErr := "quiz: " + path + ": 1 problem, nothing imported:\n" + path + tc.want
			if r.err == nil || r.err.Error() != wantErr {
				t.Errorf("import: %v; want %q", r.err, wantErr)
			}
		})
	}
}

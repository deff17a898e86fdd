package bot

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestAppendWordsMatchesWordTokens checks the indexing tokenizer against wordTokens on the
// shared corpora and on edge cases.
func TestAppendWordsMatchesWordTokens(t *testing.T) {
	texts := []string{"", "Don't stop", "1543a o7 303's", "l'état — Ærø’s", "a\xffb", "x'", "'a", "9'a", "ǅemal ΣΑΣ", "rock'n'roll", "ʼtwas ’tis", "١٢٣ abc٣", "Lu Meng, [51] and Yo Fei", "[51]", "x[12]y", "[1a] [ 5 ] [7", "(51) 51"}
	filepath.WalkDir(filepath.Join(shared, "corpus"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".txt")) && !strings.Contains(path, "scale") {
			b, _ := os.ReadFile(path)
			texts = append(texts, string(b))
		}
		return nil
	})
	var buf []byte
	for _, text := range texts {
		var got []string
		buf = appendWords(buf, text, func(tok []byte) { got = append(got, string(tok)) })
		if want := wordTokens(text); !slices.Equal(got, want) {
			t.Fatalf("appendWords(%.60q) = %.200q, want %.200q", text, got, want)
		}
	}
}

// TestFootnoteMarksAreNoWords checks that a footnote reference, digits in square brackets, is
// no token, while the same number elsewhere is one.
func TestFootnoteMarksAreNoWords(t *testing.T) {
	if got, want := wordTokens("Lu Meng (d. 219), [51] and Yo Fei; note [1a], (51) and 51."), []string{"lu", "meng", "d", "219", "and", "yo", "fei", "note", "1a", "51", "and", "51"}; !slices.Equal(got, want) {
		t.Errorf("wordTokens = %q, want %q", got, want)
	}
}

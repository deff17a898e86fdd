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

func TestFoldMarks(t *testing.T) {
	for in, want := range map[string]string{
		"tzŭ":                "tzu",
		"manœuvre":           "manœuvre",
		"café":               "cafe",
		"cafe\u0301":         "cafe",
		"§ 133b—“Secretary”": "§ 133b—“Secretary”",
		"plain ascii":        "plain ascii",
		"Ts’ao Kung and Tzŭ": "Ts’ao Kung and Tzu",
	} {
		if got := foldMarks(in); got != want {
			t.Errorf("foldMarks(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkFoldMarks folds a passage of the US Code, which writes "§" and dashes but no
// accented letter: nothing to fold, the common case when writtenAsName reads passages.
func BenchmarkFoldMarks(b *testing.B) {
	text := strings.Repeat("The Secretary of Defense shall, under § 133b of this title—within 90 days—report to the “committees”. ", 20)
	for b.Loop() {
		foldMarks(text)
	}
}

// TestIntensifiersDropped checks that a word that only stresses a question is no term of it:
// "even" would match "Even the love of fame …" and expand to "though", "because".
func TestIntensifiersDropped(t *testing.T) {
	x := textIndex(t, "empty.md", "# Nothing\n\nA text.")
	for _, question := range []string{"would we even need a government if people were perfect?", "does the chairman actually command the armed forces?", "what is governance really?"} {
		for _, term := range x.parseQuery(question).terms {
			if term.word == "even" || term.word == "actually" || term.word == "really" {
				t.Errorf("%q: %q is a term", question, term.word)
			}
		}
	}
}

package quiz

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// cutsWord reports whether a stem's blank begins or ends inside a word: a letter, digit,
// hyphen or apostrophe right before or after "_____" ("ninety-_____", "_____’s").
func cutsWord(stem string) bool {
	i := strings.Index(stem, "_____")
	if i < 0 {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(stem[:i])
	after, _ := utf8.DecodeRuneInString(stem[i+len("_____"):])
	for _, r := range []rune{before, after} {
		if wordRune(r) || hyphen(r) || r == '\'' || r == 'ʼ' {
			return true
		}
	}
	// ’ closes a quotation ("the ‘_____’."), but not before a letter ("_____’s").
	if after == '’' {
		next, _ := utf8.DecodeRuneInString(stem[i+len("_____")+len("’"):])
		return wordRune(next)
	}
	return before == '’'
}

// TestBlankWholeWords generates items from sentences whose numbers and names are joined to
// other words by a hyphen or an apostrophe: a blank covers whole words, so "ninety-six hours"
// is blanked whole (it was "ninety-_____" with the answer "six hours"), its distractors are
// numbers written the same way, and "Sun Tzŭ" is not blanked out of "Sun Tzŭ’s".
func TestBlankWholeWords(t *testing.T) {
	text := `# Convoys

Every convoy shall carry water for ninety-six hours.

Each escort shall carry fuel for twelve hours.

Athens was the arbiter of Greece for seventy-three years.

Sparta governed the league for twenty-nine years.

# Commanders

Sun Tzŭ’s rules must be read by every officer of the Field Army.

The Field Army must obey the orders of the Chief of Staff.

The Chief of Staff must report to the Secretary of Defense.

The Secretary of Defense must report to the President of the Republic.
`
	doc, err := corpus.Parse("convoy.md", []byte(text), corpus.Meta{ID: "convoy", Title: "Field Operations Handbook"})
	if err != nil {
		t.Fatal(err)
	}
	items := Generate([]*corpus.Document{doc}, GenerateOptions{PerPassage: 20})
	if len(items) == 0 {
		t.Fatal("no items")
	}
	answers := map[string][]string{}
	for _, it := range items {
		if cutsWord(it.Stem) {
			t.Errorf("a blank cuts a word: %s (answer %q)", it.Stem, it.Right())
		}
		if it.Kind == Choice && strings.Contains(it.Stem, "_____") {
			answers[it.Right()] = it.Options
		}
		for _, o := range it.Options {
			if strings.HasSuffix(o, "’s") || strings.HasPrefix(o, "six ") || strings.HasPrefix(o, "three ") {
				t.Errorf("item %q: option %q is part of a word", it.Stem, o)
			}
		}
	}
	for _, want := range []string{"ninety-six hours", "seventy-three years"} {
		opts, ok := answers[want]
		if !ok {
			t.Errorf("no blank with the answer %q; blanks: %v", want, answers)
			continue
		}
		for _, o := range opts {
			if v, ok := numberValue(strings.Fields(o)[0]); !ok || strings.ContainsAny(o, "0123456789") || v < 1 {
				t.Errorf("answer %q: option %q is not a number in words", want, o)
			}
		}
	}
}

func TestWholeWords(t *testing.T) {
	tests := []struct {
		text, phrase string
		want         []int
	}{
		{"water for ninety-six hours.", "six hours", nil},
		{"water for ninety-six hours.", "ninety-six hours", []int{10}},
		{"water for ninety‑six hours.", "six hours", nil}, // a non-breaking hyphen
		{"Sun Tzŭ’s rules", "Sun Tzŭ", nil},
		{"Sun Tzŭ's rules", "Sun Tzŭ", nil},
		{"Sun Tzŭ said: Sun Tzŭ’s rules", "Sun Tzŭ", []int{0}},
		{"the ‘National Defense Review’.", "National Defense Review", []int{len("the ‘")}},
		{"the ‘Armed Forces’.", "Armed Forces", []int{len("the ‘")}},
		{"after ninety days’ notice", "ninety days", nil}, // a plural possessive
		{"the Ch’in and Han", "in and Han", nil},
		{"the Ch’in and Han", "Ch’in and Han", []int{4}},
		{"farms, arms, and men", "arms", []int{7}},
		{"a well-armed force", "armed force", nil},
		{"forces — armed and ready", "armed and ready", []int{len("forces — ")}},
	}
	for _, tt := range tests {
		if got := wordIndexes(tt.text, tt.phrase); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("wordIndexes(%q, %q) = %v, want %v", tt.text, tt.phrase, got, tt.want)
		}
	}
}

// TestCheckWholeWords checks that a multiple-choice answer found in its passage only as part
// of a word joined by a hyphen fails Check.
func TestCheckWholeWords(t *testing.T) {
	p := &corpus.Passage{ID: "p", DocumentID: "d", Title: "T", Text: "Every convoy shall carry water for ninety-six hours."}
	it := Item{Kind: Choice, Stem: "How long?", Options: []string{"six hours", "ten hours", "two days", "a week"},
		Support: p.Text, Source: SourceOf(p)}
	if err := it.Check(); err == nil {
		t.Error("the answer \"six hours\" of \"ninety-six hours\" passes Check")
	}
	it.Options[0] = "ninety-six hours"
	if err := it.Check(); err != nil {
		t.Errorf("the answer \"ninety-six hours\": %v", err)
	}
}

func TestNumberValue(t *testing.T) {
	for s, want := range map[string]int{"ninety-six": 96, "Seventy-three": 73, "twenty one": 21, "nineteen": 19,
		"forty": 40, "1,000": 1000, "60": 60} {
		if got, ok := numberValue(s); !ok || got != want {
			t.Errorf("numberValue(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for v, want := range map[int]string{96: "ninety-six", 19: "nineteen", 40: "forty", 7: "seven", 150: "150"} {
		if got := formatNumber(v, true, false); got != want {
			t.Errorf("formatNumber(%d) = %q, want %q", v, got, want)
		}
	}
}

// TestGenerateSharedWholeWords checks the shared corpus's items: no blank cuts a word (the
// Federalist gave "arbiter of Greece seventy-_____" and "governed it twenty-_____").
func TestGenerateSharedWholeWords(t *testing.T) {
	docs := sharedDocs(t)
	for _, it := range Generate(docs, GenerateOptions{}) {
		if cutsWord(it.Stem) {
			t.Errorf("a blank cuts a word: %s (answer %q)", it.Stem, it.Right())
		}
	}
}

// TestNamesWholeWords checks that a name ends before a possessive ("Sun Tzŭ’s" gave the
// option "Sun Tzŭ’s" and the distractor "Sun Wu’s" for the answer "Sun Tzŭ") and begins
// after an opening quotation mark (the blank "the ‘National _____’" left a word of the name
// out of it); and that a bracket ends a name as other punctuation does (the option "Yuan] and
// Po" was made of "[i.e. Wu Yuan] and Po P’ei").
func TestNamesWholeWords(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Thus Sun Tzŭ’s mention of them is plain.", []string{"Sun Tzŭ"}},
		{"It is the work of Ssu-ma Ch’ien's school.", []string{"Ssu-ma Ch’ien"}},
		{"Each such review shall be known as the ‘National Defense Sustainment and Logistics Review’.",
			[]string{"National Defense Sustainment and Logistics Review"}},
		{"Ho Lu took the field with Tzŭ-hsu [i.e. Wu Yuan] and Po P’ei, and attacked Ch’u.", []string{"Wu Yuan"}},
		{"The text [Sun Pin Ping Fa] and the Chou Li were found.", []string{"Sun Pin Ping Fa", "Chou Li"}},
	}
	for _, tt := range tests {
		if got := names(tt.text, false); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("names(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestFalseStemWholeWords checks that a false statement negates its key as whole words, not
// the end of a longer word that holds it ("Taskforces must not be …").
func TestFalseStemWholeWords(t *testing.T) {
	s := "Taskforces must be ready and forces must be fed."
	it := Item{Stem: "True or false, according to T: " + s, Support: s, Key: "forces must be", Foil: "forces must not be"}
	if got, want := falseStem(&it), "True or false, according to T: Taskforces must be ready and forces must not be fed."; got != want {
		t.Errorf("falseStem = %q, want %q", got, want)
	}
}

// TestNormalize checks normalize, written over normalizedWords, against its definition:
// strings.ToLower, then every run of runes other than letters and digits one space, trimmed.
// On tricky strings (title-case and special-cased letters, marks, other scripts' digits,
// invalid UTF-8) and on every passage of the shared corpora.
func TestNormalize(t *testing.T) {
	want := func(s string) string {
		var b strings.Builder
		space := false
		for _, r := range strings.ToLower(s) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				b.WriteRune(r)
				continue
			}
			space = true
		}
		return b.String()
	}
	texts := []string{"", " ", "The “Security” sector's", "İSTANBUL ǅemal ΣΊΣΥΦΟΣ Straße", "Tzŭ’s ninety-six",
		"١٢٣ ½ x²", "ＡＢＣ", "a\xffb\xc3", "\u00aa\u00b5\u00ba\u00c0", "--a--", "e\u0301t\u00e9"}
	docs, err := corpus.Load([]string{shared + "/seed", shared + "/public"}, func(error) {})
	if err != nil {
		t.Logf("shared corpus: %v", err)
	}
	for _, d := range docs {
		for _, p := range d.Passages {
			texts = append(texts, p.Text)
		}
	}
	for _, s := range texts {
		if got, want := normalize(s), want(s); got != want {
			t.Errorf("normalize(%.80q) = %.80q, want %.80q", s, got, want)
		}
	}
}

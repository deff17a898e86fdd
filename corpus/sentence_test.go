package corpus

import "testing"

// TestSentencesKeepAbbreviations checks that a period closing an abbreviation, bibliographic
// ones included, does not end a sentence, and that a sentence end still does.
func TestSentencesKeepAbbreviations(t *testing.T) {
	for text, want := range map[string][]string{
		"We read in the New T’ang History (ch. 58, fol. 2) that he died. Then came war.": {
			"We read in the New T’ang History (ch. 58, fol. 2) that he died.", "Then came war."},
		"See ibid. p. 4 and op. cit. 12. The rest follows.": {"See ibid. p. 4 and op. cit. 12.", "The rest follows."},
		"Mr. Smith went to Washington. He stayed.":          {"Mr. Smith went to Washington.", "He stayed."},
		"The plan failed. 2. The second plan worked.":       {"The plan failed.", "2.", "The second plan worked."},
	} {
		var got []string
		for _, s := range Sentences(text) {
			got = append(got, text[s.Start:s.End])
		}
		if len(got) != len(want) {
			t.Errorf("Sentences(%q) = %q, want %q", text, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("Sentences(%q) = %q, want %q", text, got, want)
				break
			}
		}
	}
}

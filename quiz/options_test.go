package quiz

import (
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestOptionsNameThings generates items from real sentences of The Federalist Papers and The
// Art of War, each alone in a passage: no option of a multiple-choice item, right or wrong,
// is a function word or a piece of a clause. Before, "The means to be employed must be
// proportioned …" was read as defining "The", and "The" was asked and offered.
func TestOptionsNameThings(t *testing.T) {
	sentences := []string{
		"The means to be employed must be proportioned to the extent of the mischief.",
		"The means of security can only be regulated by the means and the danger of attack.",
		"The means relied on in this form of government for preventing their degeneracy are numerous and various.",
		"Justice is the end of government.",
		"Experience is the oracle of truth.",
		"Treason consists of levying war against the United States.",
		"A militia consists of the able-bodied citizens of the several States.",
		"Laws are a dead letter without courts to expound and define their true meaning and operation.",
		"Commerce is the most useful as well as the most productive source of national wealth.",
		"The commander shall report to the Secretary of Defense and the Chairman of the Joint Chiefs of Staff.",
		"Apprehensions may arise lest THE SAME monarch or senate should ENACT tyrannical laws to EXECUTE them in a tyrannical manner.",
		"His officers came to him and said: If Meng Ta has leagued himself with Wu and Shu, the matter should be thoroughly investigated.",
		"Citizens, whether native or adoptive, where they reside, and whatever their trade, must be protected by the laws.",
	}
	doc := &corpus.Document{ID: "d", Title: "T"}
	for i, s := range sentences {
		doc.Passages = append(doc.Passages, corpus.Passage{ID: string(rune('a' + i)), DocumentID: "d", Title: "T", Text: s})
	}
	never := map[string]bool{"The": true, "THE SAME": true, "If Meng Ta": true, "whether native or adoptive": true,
		"where they reside": true}
	choices := 0
	for _, it := range Generate([]*corpus.Document{doc}, GenerateOptions{Seed: 1}) {
		if it.Kind != Choice {
			continue
		}
		choices++
		for _, o := range it.Options {
			if never[o] {
				t.Errorf("item %q offers %q among %q", it.Stem, o, it.Options)
			}
		}
	}
	if choices < 3 {
		t.Errorf("%d multiple-choice items, want at least 3", choices)
	}
}

func TestContentPhrase(t *testing.T) {
	tests := []struct {
		phrase string
		want   bool
	}{
		{"Secretary of Defense", true},
		{"the laborious husbandman", true},
		{"ex-post-facto laws", true},
		{"Sun Tzŭ’s", true},
		{"seven years", true},
		{"to raise and support armies", true}, // a list item of one a line
		{"Under Secretary of Defense for Acquisition and Sustainment", true},
		{"Among the pretended defects", false},
		{"like man himself", false},
		{"ought to contemplate these revolutions", false},
		{"The", false},
		{"THE SAME", false},
		{"IN MANY", false},
		{"whether of one", false},
		{"where they reside", false},
		{"its pitfalls and precipices", false},
		{"If Meng Ta", false},
		{"NOT PROVIDED FOR", false},
		{"Secretary of", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := contentPhrase(tt.phrase); got != tt.want {
			t.Errorf("contentPhrase(%q) = %v, want %v", tt.phrase, got, tt.want)
		}
	}
}

// TestTrimOption checks that an option loses the punctuation ending the text it was cut from,
// an ellipsis included (an option read "Ch’i Chien…").
func TestTrimOption(t *testing.T) {
	for in, want := range map[string]string{
		"Ch’i Chien….":     "Ch’i Chien",
		" Li Ch’uan, ":     "Li Ch’uan",
		"the Secretary;":   "the Secretary",
		"U.S. Army":        "U.S. Army",
		"Mei Yao-ch’en...": "Mei Yao-ch’en",
	} {
		if got := trimOption(in); got != want {
			t.Errorf("trimOption(%q) = %q, want %q", in, got, want)
		}
	}
}

package quiz

import (
	"reflect"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestEnumerations checks how lists are read: the items of a list marked in sequence, one a
// line or run into the text, parted at its own markers only. A trial read The Art of War's
// nine grounds as three items, "Dispersive ground; (2) facile ground; …", "difficult ground;
// (8) hemmed-in ground; (9) desperate ground" and the next paragraph, "2. When a chieftain …".
func TestEnumerations(t *testing.T) {
	type list struct {
		intro, style string
		items        []string
		nested       []bool
	}
	tests := []struct {
		name, text string
		want       []list
	}{
		{"run into lines", "1. Sun Tzŭ said: The art of war recognises nine varieties of ground:\n" +
			"(1) Dispersive ground; (2) facile ground; (3) contentious ground; (4) open ground; (5) ground of intersecting highways; (6) serious ground;\n" +
			"(7) difficult ground; (8) hemmed-in ground; (9) desperate ground.\n\n" +
			"2. When a chieftain is fighting in his own territory, it is dispersive ground.",
			[]list{{"Sun Tzŭ said: The art of war recognises nine varieties of ground:", "(1)",
				[]string{"Dispersive ground", "facile ground", "contentious ground", "open ground", "ground of intersecting highways",
					"serious ground", "difficult ground", "hemmed-in ground", "desperate ground"}, make([]bool, 9)}}},
		{"commentary between items", "1. Sun Tzŭ said: We may distinguish six kinds of terrain, to wit: (1) Accessible ground;\n\n" +
			"[Mei Yao-ch’en says: \"plentifully provided with roads and means of communications.\"]\n\n(2) entangling ground;\n\n" +
			"[Ground which allows you to \"stave off\" or \"delay.\"]\n\n(3) temporising ground;\n\n" +
			"(4) narrow passes; (5) precipitous heights; (6) positions at a great distance from the enemy.",
			[]list{{"Sun Tzŭ said: We may distinguish six kinds of terrain, to wit:", "(1)",
				[]string{"Accessible ground", "entangling ground", "temporising ground", "narrow passes", "precipitous heights",
					"positions at a great distance from the enemy"}, make([]bool, 6)}}},
		{"in a sentence", "Now an army is exposed to six several calamities. These are: (1) Flight; (2) insubordination; (3) collapse; (4) ruin. Then more.",
			[]list{{"These are:", "(1)", []string{"Flight", "insubordination", "collapse", "ruin"}, make([]bool, 4)}}},
		{"sublist", "(b) Each briefing conducted under subsection (a) shall include the following:\n\n" +
			"(1) An explanation of the procedures for civilian law enforcement officials\n\n(A) to obtain information; and\n\n" +
			"(B) to obtain surplus military equipment.\n\n(2) A description of the types of information.\n\n(3) A current list of equipment.",
			[]list{{"Each briefing conducted under subsection (a) shall include the following:", "(1)",
				[]string{"An explanation of the procedures for civilian law enforcement officials", "A description of the types of information",
					"A current list of equipment"}, []bool{true, false, false}}}},
		{"Roman numerals", "The Council shall include the following:\n\n(i) The Under Secretary.\n\n(ii) The General Counsel.\n\n" +
			"(iii) The military departments.\n\n(iv) The Joint Staff.",
			[]list{{"The Council shall include the following:", "(i)",
				[]string{"The Under Secretary", "The General Counsel", "The military departments", "The Joint Staff"}, make([]bool, 4)}}},
		{"out of sequence", "The grounds are the following:\n(1) open ground;\n(3) serious ground;\n(4) difficult ground.", nil},
		{"two items", "The grounds are the following:\n(1) open ground;\n(2) serious ground.\n\nThey are not three.", nil},
	}
	for _, tt := range tests {
		var got []list
		for _, l := range enumerations(&corpus.Passage{Text: tt.text}) {
			got = append(got, list{l.intro, l.style, l.items, l.nested})
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: enumerations = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

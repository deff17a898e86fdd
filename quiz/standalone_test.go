package quiz

import (
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestStandsAlone generates items from real sentences of the built-in and public corpora, each
// alone in a passage: a true/false statement is made of those that stand alone, and of no
// sentence that leans on the text around it.
func TestStandsAlone(t *testing.T) {
	tests := []struct {
		sentence string
		want     bool // a true/false statement is made of it
	}{
		// Built-in corpus (Chuter).
		{"Security ministries have civilian political heads.", true}, // ("have elected political heads" cannot be negated for sure: see haveNegation)
		{"The security forces must be effective in what they do.", true},
		{"The security sector is one such.", false},                   // "such" points back
		{"In practice, we have to go with the simple answer.", false}, // a pronoun after an opening phrase
		{"In practice, this means the military, the police, the intelligence services, paramilitary forces and the government agencies responsible for them.", false},
		// The Art of War.
		{"All warfare is based on deception.", true},
		{"Sun Tzŭ said: The art of war is of vital importance to the State.", true},                                                // a speech tag, then a claim
		{"Ch’iang was soon in such a desperate plight for want of provisions that he was forced to make a total surrender.", true}, // such … that
		{"Jan Yu replied: It has been acquired by study.", false},                                                                  // a pronoun after a speech tag
		{"Tu Mu says: It is through the dispositions of an army that its condition may be discovered.", false},
		{"A strong gale was blowing at the time.", false},                                              // "at the time"
		{"The spies will thereupon be put to death.", false},                                           // "thereupon"
		{"A few varieties of ground are dealt with in the earlier portion of chap.", false},            // cut at an abbreviation
		{"XI is entitled The Nine Grounds.", false},                                                    // the tail of that sentence
		{"Once we can bring his force to battle, it is doomed to be our prey.", false},                 // a subordinate clause
		{"Ts’ao Kung thinks it is some strategical advantage on which the enemy is depending.", false}, // a pronoun before the verb
		{"Manœuvers of this description should be confined to short distances.", false},                // "this" + a noun
		// The Federalist Papers.
		{"The States will be to the latter what counties and towns are to the former.", false},
		{"There are weighty arguments, as well against, as in favor of, such a plan.", false},
		{"Pennsylvania is an additional example.", false},
		{"In like manner the judicial authority of the federal judicatures is declared by the Constitution to comprehend certain cases particularly specified.", false},
		{"Even justices of the peace are to be appointed by the legislature.", false},
		{"Safety from external danger is the most powerful director of national conduct.", true},
		{"The contrary is sufficiently displayed in the vicissitudes and fate of the republic.", false}, // the contrary of what?
		{"The habit of being continually marshalled on opposite sides will be too apt to stifle the voice both of law and of equity.", true},
		{"Several of the State constitutions have followed the example.", false}, // which example?
		{"The mistake is natural enough.", false},                                // which mistake?
		{"The remark is verified in private life, and becomes more just in national transactions.", false},
		{"The council were so divided in their opinions that it was impossible to obtain any better resolution on the point.", false},
		{"The art of fortification has contributed to the same ends.", false}, // the same as what?
		{"The number of representatives in Pennsylvania is more than one fifth of that in the State last mentioned.", false},
		{"Instances of a like nature are numerous and notorious.", false},
		{"The commander of such command shall be appointed to that grade by the President.", false},                                  // "that" is not such's
		{"The President is indirectly derived from the choice of the people, according to the example in most of the States.", true}, // the example is said
		{"The objects of the rack and of military weapons are essentially the same.", true},                                          // the same as each other
		{"In a free government the security for civil rights must be the same as that for religious rights.", true},
		// The Constitution and the US Code.
		{"The Senate shall have the sole Power to try all Impeachments.", true},
		{"Immediately after they shall be assembled in Consequence of the first Election, they shall be divided as equally as may be into three Classes.", false},
		{"Funds may not be provided under this section for any activity that has been denied authorization by Congress.", true}, // "this section": the text itself
		{"Any such waiver shall be made on a case-by-case basis.", false},
		{"However, the Secretary may not establish a military staff in the Office of the Secretary of Defense.", false},
		{"The Secretary of Defense shall prescribe regulations for the activities of the special operations command.", true},
		{"The Chairman and Vice Chairman may not be members of the same armed force.", true},
		{"The term executive aircraft has the meaning given such term in Department of Defense directive 4500.43, as in effect on the date of the enactment of this section.", true},
	}
	for _, tt := range tests {
		doc := &corpus.Document{ID: "d", Title: "T", Passages: []corpus.Passage{{ID: "p", DocumentID: "d", Title: "T", Text: tt.sentence}}}
		got := false
		for _, it := range Generate([]*corpus.Document{doc}, GenerateOptions{Seed: 1}) {
			if it.Kind == TrueFalse && it.Support == tt.sentence {
				got = true
			}
		}
		if got != tt.want {
			t.Errorf("true/false statement made of %q: %v, want %v", tt.sentence, got, tt.want)
		}
	}
}

// TestOpensAlone checks the opening rule that every kind of item obeys.
func TestOpensAlone(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"The Senate shall have the sole Power to try all Impeachments.", true},
		{"In 1908 a new edition of Capt. Calthrop’s translation was published in London.", true},
		{"LI CH’UAN of the 8th century was a well-known writer on military tactics.", true}, // a name in capitals, no numeral
		{"However, he may not exercise military command over the Joint Chiefs of Staff or any of the armed forces.", false},
		{"Meanwhile, Li Hsiung’s general, Li Hsiang, had prepared an ambuscade on their line of march.", false},
		{"On the other hand, Tu Mu says: The question of relative strength having been settled, we can bring the varied resources of cunning into play.", false},
		{"Of these four, Giles’ 1910 edition is the most scholarly.", false},
		{"Under these reasonable limitations, the door of this part of the federal government is open to merit of every description.", false},
		{"Li Ching replied: To the soldier, overwhelming speed is of paramount importance.", false},
		{"All three were on horseback and wore the enemy’s uniform.", false},
	}
	for _, tt := range tests {
		if got := opensAlone(tt.text); got != tt.want {
			t.Errorf("opensAlone(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

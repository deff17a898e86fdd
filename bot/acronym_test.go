package bot

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestAcronymLetters checks which words are written as acronyms.
func TestAcronymLetters(t *testing.T) {
	for w, want := range map[string]string{
		"CJCS": "CJCS", "DoD": "DOD", "US": "US", "UN": "UN", "Un": "", "uN": "", "NDAA": "NDAA", "VCJCS": "VCJCS",
		"Congress": "", "McCain": "", "A": "", "us": "", "dOD": "", "ABCDEFGH": "", "F-16": "", "É": "",
	} {
		if got := acronymLetters(w); got != want {
			t.Errorf("acronymLetters(%q) = %q, want %q", w, got, want)
		}
	}
}

// TestNameSpans checks the names a text writes and their initials: runs of capitalised words
// and connectors, bounded by other words, punctuation and further capitalised words.
func TestNameSpans(t *testing.T) {
	text := "The Chairman of the Joint Chiefs of Staff advises the President. The Department of " +
		"Defense, and the United States Armed Forces (in 1947) report to the Secretary of Defense."
	var got []string
	var sc nameScanner
	sc.scan(text, func(name string, initials acronymKey) {
		got = append(got, strings.TrimRight(string(initials[:]), "\x00")+"="+name)
	})
	want := []string{
		"CJCS=Chairman of the Joint Chiefs of Staff", "COTJCOS=Chairman of the Joint Chiefs of Staff",
		"JCS=Joint Chiefs of Staff", "JCOS=Joint Chiefs of Staff",
		// A name may end before a connector: "Joint Chiefs" of "Joint Chiefs of Staff".
		"CJC=Chairman of the Joint Chiefs", "COTJC=Chairman of the Joint Chiefs", "JC=Joint Chiefs",
		"DD=Department of Defense", "DOD=Department of Defense",
		"USAF=United States Armed Forces",
		"SD=Secretary of Defense", "SOD=Secretary of Defense",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("names:\n got %q\nwant %q", got, want)
	}
}

// TestAcronymsExpanded checks that an acronym the corpus spells out is read as the name it
// writes, and one it does not as itself.
func TestAcronymsExpanded(t *testing.T) {
	x := textIndex(t, "dod.md", "# Defense\n\nThe Secretary of Defense heads the Department of Defense. "+
		"The Chairman of the Joint Chiefs of Staff advises the Secretary of Defense.\n\n"+
		"The Department of Defense has a budget. The Chairman of the Joint Chiefs of Staff serves "+
		"for a term of two years. The Naval Fleet Laboratory meets. The Naval Fleet Laboratory reports.\n")
	for q, want := range map[string]string{
		"Who does the CJCS advise?":      "Who does the Chairman of the Joint Chiefs of Staff advise?",
		"Who heads the DoD?":             "Who heads the Department of Defense?",
		"What does the SecDef do?":       "What does the Secretary of Defense do?", // a clipped compound (see clippedName)
		"What does the SecNav do?":       "What does the SecNav do?",               // clips no name the text writes
		"What is the role of the NSC?":   "What is the role of the NSC?",           // a name not written
		"WHO DOES THE CJCS ADVISE?":      "WHO DOES THE CJCS ADVISE?",              // shouting: no acronyms
		"What does Article XII say?":     "What does Article XII say?",             // a Roman numeral
		"Can the US declare war?":        "Can the US declare war?",                // a stopword
		"What does the EU say about it?": "What does the EU say about it?",         // two letters
		"Who owns the NFL?":              "Who owns the NFL?",                      // "nfl" is far from "Naval Fleet Laboratory"
	} {
		if got := x.expandAcronyms(q); got != want {
			t.Errorf("expandAcronyms(%q) = %q, want %q", q, got, want)
		}
	}
}

// TestAcronymQuestions checks questions asked with acronyms on the shared corpora: answered
// from the passage that spells the name out, where the corpus never writes the acronym.
func TestAcronymQuestions(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	for q, want := range map[string]string{
		"how long is the CJCS term":     "for a term of four years",
		"how long is the cjcs term":     "for a term of four years", // typed in lowercase
		"Who appoints the VCJCS?":       "Vice Chairman of the Joint Chiefs of Staff",
		"Who sits on the JCS?":          "The Joint Chiefs of Staff consist of", // a membership question (see definedBy)
		"What is the role of the OSD?":  "Office of the Secretary of Defense",
		"What does the AUMF authorize?": "", // answered or not, not refused as naming what the corpus does not discuss
		"Who is the DoD's top lawyer?":  "",
		// Typed in lowercase, an acronym WordNet knows only as a name, which the corpus
		// also writes ("DoD").
		"what does the general counsel of dod do": "",
		"Can the POTUS declare war?":              "",
		"Who sits on the NSC?":                    "",
		"What is the CJCS's main duty?":           "",
		"Does the JCS command any force?":         "",
		// Written once in a sentence and once in a heading's capitals ("CHAPTER 33— WAR
		// POWERS RESOLUTION").
		"What does the WPR require the President to do?": "",
		// Two capitals, which general English writes for the name the corpus spells out
		// (see knowsAcronym).
		"Who does the VP preside over?": "Vice President",
	} {
		hits, refusal, err := a.Retrieve(context.Background(), q, 1)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(refusal, "names") {
			t.Errorf("%q refused: %s", q, refusal)
		}
		if want != "" && (refusal != "" || len(hits) == 0 || !strings.Contains(hits[0].Passage.Text, want)) {
			t.Errorf("%q: refusal %q; want the passage holding %q", q, refusal, want)
		}
	}
	// Two letters, or a name of people or places, are no acronym the corpus spells out: not
	// a Cost Assessment, Tu Mu or the Tao Te Ching.
	wantRefused(t, a, "What does TM mean?", "What do the TTC buses cost?")
}

package bot

import (
	"context"
	"testing"
)

func TestAskedKind(t *testing.T) {
	x := textIndex(t, "empty.md", "# Nothing\n\nA text.")
	tests := []struct{ question, kind string }{
		{"What is the punishment for using the military to enforce the law at home?", "punishment"},
		{"whats the punishment for using the military as police", "punishment"},
		{"What penalty does someone face for illegally using the military?", "penalty"},
		{"What kind of wrongdoing can get a president thrown out of office?", "wrongdoing"},
		{"What natural element does Sun Tzu liken an army's tactics to?", "element"},
		// A definition, a plural that asks for a list, and questions of other forms ask for
		// no member of a kind.
		{"What is governance?", ""},
		{"What is the security sector?", ""},
		{"What are the two objectives for the security sector?", ""},
		{"What kinds of secret agents does Sun Tzu describe?", ""},
		{"Who commands the militia?", ""},
		{"How long can troops stay?", ""},
	}
	for _, tt := range tests {
		if got := x.parseQuery(tt.question).kind; got != tt.kind {
			t.Errorf("parseQuery(%q).kind = %q, want %q", tt.question, got, tt.kind)
		}
	}
}

func TestNamesKindMember(t *testing.T) {
	x := textIndex(t, "empty.md", "# Nothing\n\nA text.")
	members := x.kindMembers("punishment")
	asked := map[string]bool{"punishment": true, "use": true, "military": true}
	tests := []struct {
		sentence string
		want     bool
	}{
		{"Whoever uses the Army as a posse comitatus shall be fined under this title or imprisoned not more than two years, or both.", true},
		{"Nor shall excessive fines be imposed.", true},
		// The kind's own name, or its synonym, names no member of it.
		{"It is essential to the idea of a law that it be attended with a penalty or punishment for disobedience.", false},
		{"The militia shall be called forth to execute the laws of the Union.", false},
	}
	for _, tt := range tests {
		if got := x.namesKindMember(tt.sentence, members, asked); got != tt.want {
			t.Errorf("namesKindMember(%q) = %v, want %v", tt.sentence, got, tt.want)
		}
	}
}

func TestKindQuestionRanksMember(t *testing.T) {
	x := textsIndex(t,
		"statute.md", "# Use of Army and Air Force as posse comitatus\n\nWhoever, except in cases expressly authorized by the Constitution or Act of Congress, willfully uses any part of the Army or the Air Force as a posse comitatus or otherwise to execute the laws shall be fined under this title or imprisoned not more than two years, or both.",
		"essay.md", "# On laws\n\nGovernment implies the power of making laws. It is essential to the idea of a law that it be attended with a sanction; in other words, a penalty or punishment for disobedience, applied by the courts or by military force.",
	)
	hits, err := x.Search(context.Background(), "What is the punishment for using the military to enforce the law?", 2, Hybrid)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].Passage.DocumentID != "statute" {
		t.Fatalf("hits %q, want the statute first", describeHits(hits))
	}
}

// TestKindWordNeedNotBeWritten checks that the kind a question asks a member of is not content
// the passage, or the corpus, must write: "wrongdoing" is in neither, and "treason, bribery"
// answers.
func TestKindWordNeedNotBeWritten(t *testing.T) {
	x := textsIndex(t,
		"constitution.md", "# Article II\n\nThe President, Vice President and all civil Officers of the United States, shall be removed from Office on Impeachment for, and Conviction of, Treason, Bribery, or other high Crimes and Misdemeanors.",
		"lecture.md", "# Governance\n\nGovernance is a contested concept, and the security sector is subject to the same rules as the rest of government.",
	)
	a := &Answerer{Index: x}
	question := "What kind of wrongdoing can lead to impeachment?"
	ans, err := a.Answer(context.Background(), question, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || ans.Quotes[0].Passage.DocumentID != "constitution" {
		t.Fatalf("answered %v (%s), want Article II", ans.Answered, ans.Refusal)
	}
	// The kind's word does not dilute the coverage that decides a refusal.
	q := x.parseQuery(question)
	p := ans.Quotes[0].Passage
	with := x.contentCoverage(q, x.evidence(q, x.infoOf(p.ID)))
	q.kind = ""
	without := x.contentCoverage(q, x.evidence(q, x.infoOf(p.ID)))
	if with <= without {
		t.Errorf("coverage %.2f with the kind's word left out, %.2f counting it; want more", with, without)
	}
}

// TestHeadingNamesKind checks that a passage whose heading names the kind asked states its
// members: under the slide "Two objectives" each sentence is an objective, though none names
// one by a word that WordNet files under "objective".
func TestHeadingNamesKind(t *testing.T) {
	x := builtin(t)
	q := x.parseQuery("what is the first objective for the security sector — what should it deliver to people?")
	if q.kind != "objective" {
		t.Fatalf("kind %q, want objective", q.kind)
	}
	for _, p := range x.passages {
		named := x.headingNamesKind(p, q.kindMembers)
		if want := p.Section() == "Two objectives"; named != want {
			t.Errorf("%q: heading names the kind %v, want %v", p.Section(), named, want)
		}
	}
	wantQuote(t, &Answerer{Index: sharedCorpus(t)}, "In Chuter's lecture, what is the first objective for the security sector — what should it actually deliver to people?", "provide the security that people want")
}

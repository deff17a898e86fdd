package bot

import (
	"context"
	"strings"
	"testing"
)

// TestNamedClassWantsAName checks that a question asking which countries (or which people by
// name) is answered only from a passage that names some, and refused by one on its topic that
// names none.
func TestNamedClassWantsAName(t *testing.T) {
	for question, want := range map[string]string{
		"Which countries did Chuter draw on?":     "countries",
		"what commentators explain this passage?": "commentators",
		"Which forces make up the sector?":        "",
		"What is the state of the sector?":        "",
		"What states the two objectives?":         "",
		"Which generals are skilful in attack?":   "",
	} {
		if got := namedClass(strings.ToLower(question)); got != want {
			t.Errorf("namedClass(%q) = %q, want %q", question, got, want)
		}
	}
	text := "# Reform\n\n## Cases\n\nReform of the security sector was tried in Sierra Leone and in Indonesia, with help from donors.\n\n## Method\n\nReform of the security sector needs a plan, money and patience from every donor country.\n"
	x := textIndex(t, "reform.md", text)
	ans, err := (&Answerer{Index: x}).Answer(context.Background(), "Which countries tried reform of the security sector?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || !strings.Contains(ans.Quotes[0].Passage.Text, "Sierra Leone") {
		t.Errorf("answered %v (%s), want the passage naming Sierra Leone", ans.Answered, ans.Refusal)
	}
	ans, err = (&Answerer{Index: builtin(t)}).Answer(context.Background(), "Which countries did Chuter draw on as case studies for reforming security services?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Answered {
		t.Errorf("answered from %q, which names no country", ans.Quotes[0].Passage.Text)
	}
}

// TestAsWritten checks that chat spellings are written out and the interjections around a
// question dropped, and that nothing else changes.
func TestAsWritten(t *testing.T) {
	for in, want := range map[string]string{
		"hey who is the secretary of defense":       "who is the secretary of defense",
		"what happens if ppl dont get security":     "what happens if people don't get security",
		"wat r the most important strategic issues": "what are the most important strategic issues",
		"is governance just neo-imperialism lol":    "is governance just neo-imperialism",
		"Hello, what is governance? thanks!":        "what is governance?",
		"What is the security sector?":              "What is the security sector?",
		"ok":                                        "ok",
		"What does the U.S. Code say? u.s. code":    "What does the U.S. Code say? u.s. code",
		"Is R a variable? U said so":                "Is R a variable? U said so",
		"ok so what is the security sector?":        "what is the security sector?",
		"what happened in 512 bc":                   "what happened in 512 bc",
		"Yo Fei lived when?":                        "Yo Fei lived when?",
		"What may the States do if they please?":    "What may the States do if they please?",
		"what does paragraph (r) say":               "what does paragraph (r) say",
		"what did Ch‘u say":                         "what did Ch‘u say",
		"how old must u b to b president":           "how old must you be to be president",
	} {
		if got := withoutInterjections(writtenOut(in)); got != want {
			t.Errorf("withoutInterjections(writtenOut(%q)) = %q, want %q", in, got, want)
		}
	}
}

// TestMisspeltDefinitionSubject checks that the subject of a definition question is read as
// corrected: "what is the securty sector" quotes the definition of the security sector; so
// does "waht is the securty sectr", whose misspelt "what" still makes it a definition
// question.
func TestMisspeltDefinitionSubject(t *testing.T) {
	a := &Answerer{Index: builtin(t)}
	for _, question := range []string{"what is the securty sector", "whats the security sector", "hey what is the security sector", "waht is the securty sectr", "Whta is the security sector?"} {
		ans, err := a.Answer(context.Background(), question, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || !strings.HasPrefix(ans.Lead, "The security sector consists of") {
			t.Errorf("%q: lead %q, want the definition", question, ans.Lead)
		}
	}
}

// TestLowercaseProperNounRefused checks that a proper noun the corpus never writes names
// something it does not discuss however the question writes it: "australia" as "Australia".
func TestLowercaseProperNounRefused(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	for _, question := range []string{"What is the capital of Australia?", "hey what's the capital of australia?", "how many died in the vietnam war"} {
		ans, err := a.Answer(context.Background(), question, 1)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered {
			t.Errorf("%q answered from %q", question, ans.Quotes[0].Passage.Text[:60])
		}
	}
}

// TestMisspeltInterrogative checks that a misspelt interrogative opening a question or a
// clause is read as the interrogative, a function word, not as a word foreign to the corpus
// that refuses the question; and that such a word elsewhere is left alone.
func TestMisspeltInterrogative(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	ans, err := a.Answer(context.Background(), "Hiw many senators does each state have?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || !strings.Contains(ans.Lead, "two Senators from each State") {
		t.Errorf("lead %q (answered %v), want the Senate's composition", ans.Lead, ans.Answered)
	}
	x := a.Index
	for in, want := range map[string]string{
		"hiw many senators":           "how many senators",
		"tell me: waht is governance": "tell me: what is governance",
		"so waht is governance":       "so what is governance",
		"the wyo delegation":          "the wyo delegation",
		"hwo is the president":        "hwo is the president",
	} {
		if got, _ := x.withQuestionWordsSpelt(in); got != want {
			t.Errorf("withQuestionWordsSpelt(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWhoHoldsTheWholeRole checks that a who-question is answered by the sentence naming the
// holder of the whole role it asks about, not of a word of it: "Who is the commander in
// chief?" is Article II's "The President shall be Commander in Chief", not a section saying
// that the NORAD commander "shall be considered to be a commander of a combatant command"
// (under a heading that names the Joint Chiefs).
func TestWhoHoldsTheWholeRole(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	ans, err := a.Answer(context.Background(), "Who is the commander in chief?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || !strings.HasPrefix(ans.Lead, "The President shall be Commander in Chief") {
		t.Errorf("lead %q, want Article II's", ans.Lead)
	}
	for _, tt := range []struct {
		sentence string
		subject  []string
		want     bool
	}{
		{"The President shall be Commander in Chief of the Army and Navy", []string{"commander", "chief"}, true},
		{"the Commander shall be considered to be a commander of a combatant command", []string{"commander", "chief"}, false},
		{"The Chairman is the principal military adviser to the President", []string{"principal", "military", "adviser"}, true},
		{"The Secretary is the head of the Department", []string{"head"}, true},
	} {
		x := a.Index
		if got := namesHolder(x.an.tokens(tt.sentence), tt.subject); got != tt.want {
			t.Errorf("namesHolder(%q, %q) = %v, want %v", tt.sentence, tt.subject, got, tt.want)
		}
	}
}

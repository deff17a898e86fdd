package bot

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestNamedClassWantsAName checks that a question asking which countries (or which people by
// name) is answered only from a passage that names some, and refused by one on its topic that
// names none.
func TestNamedClassWantsAName(t *testing.T) {
	for question, want := range map[string]string{
		"Which countries did Chuter draw on?":     "countries",
		"what commentators explain this passage?": "commentators",
		"Which country has the largest navy?":     "country",
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
	// Which country is so today asks for a live fact (see asksLiveFigure), which no text of
	// the shared corpora states: The Art of War's title page, "the oldest military treatise in
	// the world", was quoted.
	live := "Which country has the largest navy in the world today?"
	ans, err = (&Answerer{Index: sharedCorpus(t)}).Answer(context.Background(), live, 1)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Answered {
		t.Errorf("%q answered from %q", live, ans.Quotes[0].Passage.Text)
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
		"what r the two objectives 4 the sector":    "what are the two objectives for the sector",
		"is article 4 the one about states":         "is article 4 the one about states",
		"what happens in 4 days":                    "what happens in 4 days",
		"federalist no. 4 the union":                "federalist no. 4 the union",
		"whats the penalty 4 using the army":        "what's the penalty for using the army",
		"can the army b used 4 police work":         "can the army be used for police work",
		"a term of 4 years":                         "a term of 4 years",
		"armies 4 years":                            "armies 4 years",
		"the 4 seasons":                             "the 4 seasons",
		"ages 4 and up":                             "ages 4 and up",
		"max number of personnel in the dept":       "maximum number of personnel in the department",
		"min age for a senator, in yrs":             "minimum age for a senator, in years",
		"Max Weber on the state":                    "Max Weber on the state",
		// A frame wrapping an indirect question, an aside after it, a conjunction before it.
		"can you tell me who declares war":              "who declares war",
		"I was wondering, who declares war?":            "who declares war?",
		"do you know what the security sector is?":      "what is the security sector?",
		"i'm curious whether soldiers can be quartered": "soldiers can be quartered",
		"tell me about the security sector":             "tell me about the security sector",
		"Do you know about the Constitution?":           "about the Constitution?",
		"do you know anything about spies":              "about spies",
		"who declares war?? asking for a friend":        "who declares war??",
		"who declares war, just curious":                "who declares war,",
		"and who is commander in chief?":                "who is commander in chief?",
		"What is he asking?":                            "What is he asking?",
		"Who declares war? Also, write me a poem.":      "Who declares war?",
		"code of military justice":                      "code of military justice",
		"Write down the five factors of war":            "Write down the five factors of war",
		"I'd like to know who declares war":             "who declares war",
		"quick question: who declares war":              "who declares war",
		"do you happen to know who declares war":        "who declares war",
		"Could you please let me know who declares war": "who declares war",
		// An indirect question's order made direct after its aside is gone, or bare with no
		// question mark; not a direct question whose verb ends it.
		"can you tell me what the security sector is, asking for a friend": "what is the security sector,",
		"what the security sector is":                                      "what is the security sector",
		"Who do you think the president is?":                               "Who do you think the president is?",
	} {
		if got := withoutInterjections(writtenOut(in)); got != want {
			t.Errorf("withoutInterjections(writtenOut(%q)) = %q, want %q", in, got, want)
		}
	}
}

// TestMisspeltDefinitionSubject checks that the subject of a definition question is read as
// corrected: "what is the securty sector" quotes the definition of the security sector; so
// does "waht is the securty sectr", whose misspelt "what" still makes it a definition
// question, and "wht is the security sector", whose "wht" is one edit from "why" too but
// "what" without its vowel (it had been read as a word the corpus lacks, and refused).
func TestMisspeltDefinitionSubject(t *testing.T) {
	a := &Answerer{Index: builtin(t)}
	for _, question := range []string{"what is the securty sector", "whats the security sector", "hey what is the security sector", "waht is the securty sectr", "Whta is the security sector?", "wht is the security sector"} {
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
// that refuses the question — one edit from two only when it is one of them with a letter
// left out ("wht"), of two letters only so ("hw", not "wh") — and that such a word elsewhere
// is left alone.
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
		"wht is governance":           "what is governance",
		"hw many senators":            "how many senators",
		"wh is the president":         "wh is the president",
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
	// The sentence saying who holds the role leads, though another matches more words (it
	// led with "A person may not be appointed as Secretary of Defense …").
	wantLead(t, a, "who runs the Department of Defense", "There is a Secretary of Defense, who is the head of the Department of Defense")
	for _, tt := range []struct {
		sentence string
		subject  []string
		want     bool
	}{
		{"The President shall be Commander in Chief of the Army and Navy", []string{"commander", "chief"}, true},
		{"the Commander shall be considered to be a commander of a combatant command", []string{"commander", "chief"}, false},
		{"The Chairman is the principal military adviser to the President", []string{"principal", "military", "adviser"}, true},
		{"The Secretary is the head of the Department", []string{"head"}, true},
		{"There is a Vice Chairman of the Joint Chiefs of Staff", []string{"chairman", "joint", "chief", "staff"}, false},
		{"There is a Chairman of the Joint Chiefs of Staff", []string{"chairman", "joint", "chief", "staff"}, true},
	} {
		x := a.Index
		if got := namesHolder(x.an.tokens(tt.sentence), tt.subject); got != tt.want {
			t.Errorf("namesHolder(%q, %q) = %v, want %v", tt.sentence, tt.subject, got, tt.want)
		}
	}
}

// TestAsksMoney checks which questions ask for a sum of money: "how much" with a money word,
// or "what is the …" of a money noun, but not a question that only names a payment.
func TestAsksMoney(t *testing.T) {
	for q, want := range map[string]bool{
		"what is the annual salary of the secretary of defense?":          true,
		"what's the yearly pay of a general?":                             true,
		"how much does it cost to keep an army in the field?":             true,
		"how much did the united kingdom spend on defence in 2022?":       true,
		"tell me: what was the total budget for the war?":                 true,
		"can congress pay for the army more than two years in advance?":   false,
		"what does sun tzu say about the cost of war?":                    false,
		"how much power does the president have over the militia?":        false,
		"what is the role of the budget committee in the senate?":         false,
		"what is the cost of a prolonged war, according to sun tzu?":      true,
		"how many senators does each state have, and what are they paid?": false,
	} {
		if got := asksMoney(q); got != want {
			t.Errorf("asksMoney(%q) = %v, want %v", q, got, want)
		}
	}
}

// TestStatesMoney checks the sentences that state a sum: a currency sign before a number, or
// a number shortly before a currency word.
func TestStatesMoney(t *testing.T) {
	for s, want := range map[string]bool{
		"Not more than $500,000 may be spent.":                                            true,
		"The fee is £ 40 a year.":                                                         true,
		"will reach the total of a thousand ounces of silver per day.":                    true,
		"He was paid 40 dollars.":                                                         true,
		"a fine of five shillings":                                                        true,
		"The Secretary shall receive the salary fixed by law.":                            false,
		"Gold and silver are no tender in payment of debts.":                              false,
		"The Congress shall have Power To coin Money, regulate the Value thereof.":        false,
		"There are 5 dollars' worth of nothing in 2 sentences and $ signs alone: $ here.": true,
	} {
		if got := statesMoney(s); got != want {
			t.Errorf("statesMoney(%q) = %v, want %v", s, got, want)
		}
	}
}

// wantRefused checks that a refuses each question.
func wantRefused(t *testing.T, a *Answerer, questions ...string) {
	t.Helper()
	for _, q := range questions {
		got, err := a.Answer(context.Background(), q, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got.Answered {
			t.Errorf("%q answered with %q from %s; want a refusal", q, got.Lead, got.Quotes[0].Passage.Section())
		}
	}
}

// wantLead checks that a answers question with a lead that holds want.
func wantLead(t *testing.T, a *Answerer, question, want string) {
	t.Helper()
	got, err := a.Answer(context.Background(), question, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Answered || !strings.Contains(got.Lead, want) {
		t.Errorf("%q: answered %v with %q; want a lead holding %q", question, got.Answered, got.Lead, want)
	}
}

// wantQuote checks that a answers question with a first quoted passage that holds want.
func wantQuote(t *testing.T, a *Answerer, question, want string) {
	t.Helper()
	ans, err := a.Answer(context.Background(), question, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || !strings.Contains(ans.Quotes[0].Passage.Text, want) {
		t.Errorf("%q: answered %v (%s), want the passage with %q first", question, ans.Answered, ans.Refusal, want)
	}
}

// TestMoneyQuestionWantsASum checks that a question asking for a sum is refused when the best
// passage states none, and answered, led by the sentence that states it, when it does.
func TestMoneyQuestionWantsASum(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantRefused(t, a, "What is the yearly pay of the Chairman of the Joint Chiefs of Staff?", "What is the salary of a senator?")
	wantLead(t, a, "How much money may the combatant commands spend on foreign exercises?", "$15,000,000")
	wantLead(t, a, "How much did it cost each day to raise an army of 100,000 men?", "a thousand ounces of silver per day")
}

// TestDurationInTheAskedUnit checks that a question counting in a unit of time is answered by
// the sentence stating a duration in that unit: "within 48 hours" for "how many hours", not a
// report due "at least once every six months" in the next subsection.
func TestDurationInTheAskedUnit(t *testing.T) {
	for q, want := range map[string]string{
		"Within how many hours must the President report?": "hour",
		"how many days may the forces stay":                "day",
		"How long is the term?":                            "",
		"How many senators are there?":                     "",
	} {
		if got := askedUnit(q); got != want {
			t.Errorf("askedUnit(%q) = %q, want %q", q, got, want)
		}
	}
	for _, c := range []struct {
		sentence, unit string
		want           bool
	}{
		{"the President shall submit within 48 hours a report", "hour", true},
		{"within one hour after", "hour", true},
		{"the thirty-hour rule applies", "hour", true},
		{"at least once every six months", "hour", false},
		{"a 60-day period", "week", false},
	} {
		if got := statesUnit(c.sentence, c.unit); got != c.want {
			t.Errorf("statesUnit(%q, %q) = %v, want %v", c.sentence, c.unit, got, c.want)
		}
	}
	a := &Answerer{Index: sharedCorpus(t)}
	wantLead(t, a, "Within how many hours must the President report to Congress after introducing armed forces into hostilities?", "48 hours")
}

// TestAsksPlace checks which questions ask where someone or something named was or did
// something.
func TestAsksPlace(t *testing.T) {
	for q, want := range map[string]bool{
		"Where did David Chuter work before he gave this lecture?":      true,
		"where was Sun Tzu born":                                        true,
		"Where is the Pentagon?":                                        false, // "the": no name as subject
		"Where should reformers put their effort?":                      false,
		"Where does Chuter say the security sector fits in government?": false, // in his argument
		"Where does the Constitution say that?":                         false,
		"Who was Hamilton?":                                             false,
	} {
		if got := asksPlace(q); got != want {
			t.Errorf("asksPlace(%q) = %v, want %v", q, got, want)
		}
	}
}

// TestAsksIndividual checks which questions ask who held an office at a point in time.
func TestAsksIndividual(t *testing.T) {
	for q, want := range map[string]bool{
		"who was the first secretary of defense?":            true,
		"who was the 1st president":                          true,
		"who is the current chairman of the joint chiefs?":   true,
		"tell me who the last king of wu was":                true,
		"who commands the militia of the several states?":    false,
		"who is the commander in chief?":                     false,
		"what was the first thing sun tzu said about spies?": false,
	} {
		if got := asksIndividual(q); got != want {
			t.Errorf("asksIndividual(%q) = %v, want %v", q, got, want)
		}
	}
}

// TestIndividualWantsAName checks that a question asking who held an office at a point in time
// is refused by a passage that names only offices, and answered by one that names people.
func TestIndividualWantsAName(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantRefused(t, a, "Who is the current Secretary of the Army?")
	q := "Who was the first commentator on Sun Tzu?"
	got, err := a.Answer(context.Background(), q, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Answered || !strings.Contains(got.Quotes[0].Passage.Text, "Ts’ao Kung") {
		t.Errorf("%q: answered %v, quoting %v; want a passage naming the commentators", q, got.Answered, got.Quotes)
	}
	x := a.Index
	for text, want := range map[string]bool{
		"The Chairman of the Joint Chiefs of Staff is the principal military adviser to the President.": false,
		"THE UTILITY OF THE UNION is argued here by the Congress.":                                      false,
		"The Secretary of Defense was then James Forrestal, who served until 1949.":                     true,
		"Of these, the commentary of Ts’ao Kung is the oldest.":                                         true,
	} {
		doc, err := corpus.Parse("p.txt", []byte(text), corpus.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		if got := x.namesPerson(&doc.Passages[0], q); got != want {
			t.Errorf("namesPerson(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestAsksMeasure checks which questions ask what a measured quantity is, by its noun or by a
// WordNet phrase whose hypernym is one.
func TestAsksMeasure(t *testing.T) {
	x := builtin(t)
	for q, want := range map[string]bool{
		"what is the speed of sound at sea level?":                   true,
		"what's the population of the united states?":                true,
		"what is the boiling point of mercury?":                      true,
		"what is the maximum number of officers on the joint staff?": true,
		"what is the role of congress in war?":                       false,
		"what is the point of war?":                                  false,
		"what does the security sector consist of?":                  false,
	} {
		if got := x.asksMeasure(q); got != want {
			t.Errorf("asksMeasure(%q) = %v, want %v", q, got, want)
		}
	}
}

// TestMeasureQuestionWantsANumber checks that a question asking what a measured quantity is
// is refused by a passage that states no number about it, and answered by one that does, as
// "How many" is when it asks what the number of something is.
func TestMeasureQuestionWantsANumber(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantRefused(t, a, "What is the speed of sound at sea level?", "What is the melting point of iron?")
	wantLead(t, a, "What is the maximum number of members assigned to the Joint Staff?", "2,250")
	// "the number of" asks how many, its count word no content to cover.
	wantLead(t, a, "What is the number of senators from each state?", "two Senators from each State")
}

// TestNameMatchesOnlyItself checks that a name the question capitalises matches only itself,
// not its WordNet relations: "When was the Posse Comitatus Act first enacted?" is refused,
// where the War Powers Resolution's "November 7, 1973" stood in a sentence of "Armed Forces"
// (posse → force) and "Act".
func TestNameMatchesOnlyItself(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantRefused(t, a, "When was the Posse Comitatus Act first enacted?")
	// A name the corpus writes in few passages ("Uniform", "Justice" as capitalised words)
	// must be named by the best passage (see rareNameShare).
	wantRefused(t, a, "What does the Uniform Code of Military Justice say about mutiny?")
	for _, tm := range a.Index.parseQuery("When was the Posse Comitatus Act first enacted?").terms {
		if tm.name {
			for _, e := range tm.exp {
				if e.weight < 1 {
					t.Errorf("name %q expands to %q (%.2f)", tm.word, a.Index.bm25.terms[e.id], e.weight)
				}
			}
		}
	}
}

// TestDefinitionOfUnwrittenTerm checks that a definition question about a compound of nouns
// that the corpus never writes together is refused, however well its words match apart: a
// corpus of the US Code writes "national security" and "private sector", not "security
// sector", and quoted an industrial-base report for "What is the security sector?". A
// corpus that writes the term answers; a modifier may be paraphrased ("highest" for
// "supreme").
func TestDefinitionOfUnwrittenTerm(t *testing.T) {
	apart := "# Industrial base\n\nThe assessment shall cover the national security needs of the United States. It shall also weigh the capability of the private sector industrial base, and the workforce of the sector.\n\n" +
		"# Excellence\n\nSupreme excellence consists in breaking the enemy's resistance without fighting.\n"
	a := &Answerer{Index: textIndex(t, "base.md", apart)}
	hits, refusal, err := a.Retrieve(context.Background(), "What is the security sector?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if refusal == "" || !strings.Contains(refusal, `"security sector"`) {
		t.Errorf("What is the security sector? (words apart): hits %q, refusal %q; want refused for the term", describeHits(hits), refusal)
	}
	// A filler adverb does not hide the definition it asks for.
	if _, refusal, _ := a.Retrieve(context.Background(), "What exactly is the security sector?", 1); !strings.Contains(refusal, `"security sector"`) {
		t.Errorf("What exactly is the security sector? (words apart): refusal %q; want refused for the term", refusal)
	}
	if _, refusal, _ := a.Retrieve(context.Background(), "What is the highest excellence?", 1); refusal != "" {
		t.Errorf("What is the highest excellence?: refused (%s), want the passage on supreme excellence", refusal)
	}
	// Nouns the question does not write together are no compound: "the definition of
	// treason" asks what treason is (it was refused as the term "definition treason").
	wantQuote(t, &Answerer{Index: sharedCorpus(t)}, "what is the definition of treason in the constitution", "shall consist only in levying war against them")
	// A compound is written in either spelling: the US Code's "defense strategy" is the
	// question's "defence strategy" (refused as never written together).
	wantQuote(t, &Answerer{Index: sharedCorpus(t)}, "What is the defence strategy?", "Strategy")
	// Nor can a text define a thing it has no word for: the lecture writes "internal
	// security", never "medicine" (its definition of the sector was quoted).
	if _, refusal, _ := a.Retrieve(context.Background(), "What is internal security medicine?", 1); !strings.Contains(refusal, `"internal security medicine"`) {
		t.Errorf("What is internal security medicine?: refusal %q; want refused for the term", refusal)
	}
	wantRefused(t, &Answerer{Index: builtin(t)}, "What is internal medicine?")
	// What a question asks the X of Y for is X, the words before "of": "the street address of
	// US Cyber Command headquarters" asks for a street address, which no text of the shared
	// corpora writes ("street" is in none), though they say much of Cyber Command. Its principal
	// mission is written, and answered.
	shared := &Answerer{Index: sharedCorpus(t)}
	if _, refusal, _ := shared.Retrieve(context.Background(), "What is the street address of US Cyber Command headquarters?", 1); !strings.Contains(refusal, `"street address"`) {
		t.Errorf("street address of Cyber Command: refusal %q; want refused for the term", refusal)
	}
	wantQuote(t, shared, "What is the principal mission of Cyber Command?", "The principal mission of the Cyber Command")
	together := &Answerer{Index: textIndex(t, "sector.md", "# Definition\n\nThe security sector consists of all those institutions whose primary role is the provision of internal and external security.\n")}
	if _, refusal, _ := together.Retrieve(context.Background(), "What is the security sector?", 1); refusal != "" {
		t.Errorf("What is the security sector? (term written): refused (%s)", refusal)
	}
}

// TestUnwrittenCompound checks that a question naming a compound noun of WordNet's with a
// word the corpus never writes is refused whatever it asks of it: the Federalist writes
// "objectors", the US Code "military service", but no text names a conscientious objector
// (a passage on the Senate's objectors was quoted). A compound whose words are all written
// is answered as before, unless the question asks what it is and no passage writes its
// words together.
func TestUnwrittenCompound(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	_, refusal, err := a.Retrieve(context.Background(), "How can a conscientious objector get out of military service?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(refusal, `"conscientious objector"`) || !strings.Contains(refusal, `never writes "conscientious"`) {
		t.Errorf("conscientious objector: refusal %q; want refused for the compound", refusal)
	}
	// A question's first word is capitalised as every sentence's is: no name.
	if _, refusal, _ := a.Retrieve(context.Background(), "Conscientious objectors: how do they leave military service?", 1); !strings.Contains(refusal, `"conscientious objector"`) {
		t.Errorf("Conscientious objectors first: refusal %q; want refused for the compound", refusal)
	}
	for _, question := range []string{"Can soldiers act as a police force?", "can the president declare martial law",
		"Who is the commander in chief?", "Can Congress raise a standing army?",
		// Defined where the corpus writes the compound, in any form ("Letters of Marque"),
		// or a one-word synonym of it ("spy" for "secret agent").
		"What is a letter of marque?", "What are standing armies?", "What is a secret agent?"} {
		if _, refusal, _ := a.Retrieve(context.Background(), question, 1); refusal != "" {
			t.Errorf("%q: refused (%s)", question, refusal)
		}
	}
	// A definition of a compound whose words the corpus writes only apart is refused: The
	// Art of War writes "dark" and "horse", "war" and "chest", never together (it was quoted
	// for each).
	for question, compound := range map[string]string{"What is a dark horse?": "dark horse", "What is a war chest?": "war chest",
		"What is a black hole?": "black hole"} {
		if _, refusal, _ := a.Retrieve(context.Background(), question, 1); !strings.Contains(refusal, strconv.Quote(compound)) {
			t.Errorf("%q: refusal %q; want refused for %q", question, refusal, compound)
		}
	}
}

// TestSectionNamedByNumber checks, on the shared corpora, that a question naming a section by
// its law's name, or by the number its heading writes ("section 1385" of "§ 1385. Use of Army …") is answered from
// it, where it was refused: the number, written in no passage's text, read as a name the
// corpus does not discuss, and a Federalist paper that matched better before the commentary
// prior made the refusal stand.
func TestSectionNamedByNumber(t *testing.T) {
	wantQuote(t, &Answerer{Index: sharedCorpus(t)}, "What does section 1385 prohibit?", "as a posse comitatus or otherwise to execute the laws")
	wantRefused(t, &Answerer{Index: sharedCorpus(t)}, "What does section 9999 prohibit?")
	// The rule asked of a law named is what its section says, in its own words: "forbid"
	// was refused (22 % covered) where "prohibit" was answered (26 %).
	wantQuote(t, &Answerer{Index: sharedCorpus(t)}, "What does the Posse Comitatus Act forbid?", "as a posse comitatus or otherwise to execute the laws")
	// Breaking the law named is how the question relates to it, no content its section must
	// write: "… for violating the Posse Comitatus Act?" was refused (21 % covered).
	wantQuote(t, &Answerer{Index: sharedCorpus(t)}, "What is the penalty for violating the Posse Comitatus Act?", "shall be fined under this title or imprisoned")
	// "section 113" is the US Code's "§ 113", not a section citing "section 113 of this
	// title" (§ 139a was quoted); the Constitution's "Section 8" keeps its word.
	x := sharedCorpus(t)
	for q, want := range map[string]string{
		"What does section 113 say?":           "What does § 113 say?",
		"What does 10 USC 113 say?":            "What does 10 USC 113 say?",
		"what does section 8 of article 1 say": "what does section 8 of article 1 say",
	} {
		if got := x.sectionSigns(q); got != want {
			t.Errorf("sectionSigns(%q) = %q, want %q", q, got, want)
		}
	}
	for _, q := range []string{"What does section 113 say?", "What does 10 USC 113 say?"} {
		hits, refusal, err := (&Answerer{Index: x}).Retrieve(context.Background(), q, 1)
		if err != nil || refusal != "" || len(hits) == 0 || !strings.Contains(hits[0].Passage.Section(), "113. Secretary of Defense") {
			t.Errorf("%q: %s (%v); want a passage of § 113", q, refusal, err)
		}
	}
}

// TestNumberSentenceNeedNotNameItsSpeaker checks that the sentence stating the number a
// question asks for need not name the author the question names when the passage is that
// author's: "How many classes of spies does Sun Tzu describe?" is answered by his "of whom
// there are five classes", not by a commentator's sentence that writes his name beside the
// number.
func TestNumberSentenceNeedNotNameItsSpeaker(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantLead(t, a, "How many classes of spies does Sun Tzu describe?", "of whom there are five classes")
	// But the speaker's name stands in only beside something else the question asks: the
	// king's "I have carefully perused your 13 chapters" in the life of Sun Tzu counts no
	// palace women (that passage ranked first, refused as stating no number about them).
	x := a.Index
	q := x.parseQuery("How many palace women did Sun Tzu drill to test his theories for the King of Wu?")
	for _, p := range x.passages {
		if strings.Contains(p.Text, "gives the following biography") {
			if f := x.formMatch(q, p); f != 0.5 {
				t.Errorf("formMatch of the life of Sun Tzu = %.3f, want 0.5 (a number about nothing asked)", f)
			}
		}
	}
	// Nor beside a loose neighbour of what it asks: the year a Jesuit "Father" took the book
	// to Europe (1782) is not when Sun Tzu was born, which no text states.
	wantRefused(t, a, "When was Sun Tzu born?")
}

// TestLiveFigureRefused checks that a question asking how many there are now, or how things
// stand now of no source, is refused, as no text states the figure or the state of the day it
// is asked, while the same count without the present day is answered from the text that
// states it, and a question naming its source is answered from it.
func TestLiveFigureRefused(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantRefused(t, a,
		"How many soldiers does the Army have right now?",
		"how many ships does the navy currently operate",
		"How many members sit on the Joint Chiefs of Staff today?",
		"Who is the Secretary of Defense today?",
		"What year is it today?",
		"What is the date today?",
		"Which countries are at war right now?",
		// Set in the present day and naming no source: the world as it is (the first
		// quoted Sun Tzu on weather for attacking with fire, the second Federalist No. 84).
		"What's the weather today?",
		"What is happening right now in Congress?",
		// Or in the days around it (a new user's "What is the weather tomorrow?" quoted Sun
		// Tzu on wind and dry weather; "this month", Title 10 on manpower).
		"What is the weather tomorrow?",
		"what interest rate has the federal reserve set this month",
		"Who won the vote in Congress last week?",
		// "current" before a noun sets it now (a new user's decoy: Sun Tzu's "At any rate").
		"What is the current inflation rate?")
	wantQuote(t, a, "How many senators does each state have?", "two Senators from each State")
	// The present day with a source named asks what the source says.
	wantQuote(t, a, "What does the Constitution say today about quartering soldiers?", "No Soldier shall, in time of peace be quartered")
	for _, c := range []struct {
		lower string
		form  questionForm
		want  bool
	}{
		{"how many troops are deployed today", formCount, true},
		{"what share of the budget goes to the army this year", formProportion, true},
		{"how many senators does each state have", formCount, false},
		{"how many troops will be deployed next week", formCount, true},
		{"how many days may the troops stay tonight or later", formCount, true},
		{"how many weeks does the president have", formCount, false},
		{"what did sun tzu say about today's battle", formOther, false},
		{"how many todays are there", formCount, false},
		{"what is the current population of the us", formCount, true},
		{"how strong is the current of the river", formCount, false},
	} {
		if got := asksLiveFigure(c.lower, c.form, false); got != c.want {
			t.Errorf("asksLiveFigure(%q) = %v, want %v", c.lower, got, c.want)
		}
	}
}

// TestLowercaseProperNounIsName checks that a proper noun typed in lowercase is read as the
// name it is: a passage that does not mention it does not answer the question.
func TestLowercaseProperNounIsName(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantRefused(t, a, "how are police chiefs appointed in france", "how many nuclear warheads does russia have")
	wantQuote(t, a, "how did madison define faction", "a number of citizens")
}

// TestLeadTakesInItsList checks that a lead that announces a short list, or is one of its
// items, takes the list in with the sentence that introduces it.
func TestLeadTakesInItsList(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantLead(t, a, "What are the five constant factors of war?", "These are: (1) The Moral Law; (2) Heaven;")
	wantLead(t, a, "What is the chain of command for combatant commands?", "(2) from the Secretary of Defense to the commander of the combatant command.")
	wantLead(t, a, "What is the chain of command for combatant commands?", "the chain of command to a unified or specified combatant command runs")
}

// TestMisspeltReadAsCorrected checks that a misspelt word is read as its correction
// throughout: its WordNet phrases, the names and the section titles the question writes
// ("secretery of defense" names § 113, "Secretary of Defense"), so that the question ranks
// as it does spelt right.
func TestMisspeltReadAsCorrected(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	ids := func(question string) []string {
		hits, _, err := a.Retrieve(context.Background(), question, 5)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range hits {
			out = append(out, h.Passage.ID)
		}
		return out
	}
	right, wrong := ids("can a recently retired general become secretary of defense?"), ids("can a recently retired general become secretery of defense?")
	if !slices.Equal(right, wrong) {
		t.Errorf("misspelt: %v; spelt right: %v", wrong, right)
	}
	wantQuote(t, a, "can a recently retired general become secretery of defense?", "within 10 years after relief from active duty")
}

// TestNumberedUnitNeedNotBeRepeated checks that a question naming a passage's unit by the
// number its heading writes ("according to federalist 26") does not need the sentence that
// states the answer to repeat the unit's name.
func TestNumberedUnitNeedNotBeRepeated(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantQuote(t, a, "how often must congress decide again whether to keep an army, according to federalist 26", "once at least in every two years")
}

// TestClippedCompoundReadAsName checks that a clipped compound of a name the corpus writes
// ("secdef", "SecDef") is read as that name, and that a word that clips nothing is left as
// it is.
func TestClippedCompoundReadAsName(t *testing.T) {
	x := sharedCorpus(t)
	for _, q := range []string{"how long must a general wait to become secdef", "Can the SecDef command troops?"} {
		if got := x.expandAcronyms(q); !strings.Contains(got, "Secretary of Defense") {
			t.Errorf("expandAcronyms(%q) = %q, want it to read Secretary of Defense", q, got)
		}
	}
	if q := "what is a qwzxyv"; x.expandAcronyms(q) != q {
		t.Errorf("expandAcronyms(%q) = %q, want it unchanged", q, x.expandAcronyms(q))
	}
}

// TestNamedPassageBelowTheBest checks that when the best passage does not name what the
// question names, a passage a little lower that writes every name and covers more of the
// question answers ("James II." of Federalist No. 26), while one that writes only a word of
// a longer name ("uniform" of "Uniform Code of Military Justice") does not.
func TestNamedPassageBelowTheBest(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantQuote(t, a, "How big a peacetime army did James II keep up?", "James II. increased to 30,000")
	wantRefused(t, a, "What punishment does the Uniform Code of Military Justice set for desertion?")
}

// TestListItemLeadsWithItsStem checks that a lead that is one item of a list of powers
// names whose powers they are: "Who can declare war?" led with "To declare War, grant
// Letters of Marque …;", which never says Congress; the clause that opens the list, passages
// earlier in ARTICLE I, Section 8, now leads it.
func TestListItemLeadsWithItsStem(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantLead(t, a, "Who can declare war?", "The Congress shall have Power … To declare War, grant Letters of Marque and Reprisal")
	wantLead(t, a, "who can borrow money", "The Congress shall have Power … To borrow Money on the credit of the United States;")
	wantLead(t, a, "Who can make all laws necessary and proper?", "The Congress shall have Power … To make all Laws which shall be necessary and proper")
	// A Federalist paper's address is no item.
	x := a.Index
	p := &corpus.Passage{ID: "none", Text: "To the People of the State of New York: to make treaties;"}
	if got := x.withItemStem(p, p.Text); got != p.Text {
		t.Errorf("withItemStem of an address = %q", got)
	}
}

// TestSingleLetterExpansions checks that a question word is not matched through a single
// letter WordNet gives for it ("c" for the speed of light), which the corpus writes only as a
// label ("(c)"), while a number's digit still stands for its word ("4" for "four").
func TestSingleLetterExpansions(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	q := a.Index.parseQuery("What is the speed of light in four words?")
	for _, tm := range q.terms {
		var exp []string
		for _, e := range tm.exp {
			exp = append(exp, a.Index.bm25.terms[e.id])
		}
		if tm.word != "four" && slices.ContainsFunc(exp, func(e string) bool { return len(e) == 1 && e != tm.term }) {
			t.Errorf("%q expands to a single letter: %q", tm.word, exp)
		}
		if tm.word == "four" && !slices.Contains(exp, "4") {
			t.Errorf("%q does not expand to its digit: %q", tm.word, exp)
		}
	}
	wantRefused(t, a, "What is the speed of light?")
}

// TestDefinitionInPassing checks that a question asking what something is is refused when the
// corpus only mentions it in passing (in at most maxPassingDF passages and no heading) and
// no passage defines it — The Federalist's "even dogs cease to bark" is no answer to "What is
// a dog?" — while a word it discusses is answered from its definition ("By a faction, I
// understand …").
func TestDefinitionInPassing(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	if !a.Index.inPassing("dog") || a.Index.inPassing("militia") {
		t.Errorf("inPassing: dog %v, militia %v; want true, false", a.Index.inPassing("dog"), a.Index.inPassing("militia"))
	}
	wantRefused(t, a, "What is a dog?", "what is a dog")
	wantLead(t, a, "What is a faction?", "By a faction, I understand")
}

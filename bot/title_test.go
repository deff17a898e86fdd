package bot

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

func TestHeadingNamed(t *testing.T) {
	x := textIndex(t, "empty.md", "# Nothing\n\nA text.")
	tests := []struct {
		question, heading string
		want              bool
	}{
		{"how long must a retired general wait before becoming secretary of defense?", "§ 113. Secretary of Defense", true},
		{"how long must a retired general wait before becoming secretary of defense?", "§ 132. Deputy Secretary of Defense", false},
		// "Under" is a stopword but part of the title.
		{"how long must a retired general wait before becoming secretary of defense?", "(a) Under Secretary of Defense .", false},
		{"What is the chain of command to a combatant commander?", "(b) Chain of Command .", true},
		{"In Chuter's security hierarchy, what level sits below security policy?", "The security hierarchy", true},
		// A heading that asks a question names no subject; one word of content is too little.
		{"What is the security sector?", "What is the security sector?", false},
		{"What does Article I say about the Senate?", "ARTICLE I", false},
		{"Who commands the militia?", "The Militia", false},
		// A section's subject, before its title's colon, names it, one word as well.
		{"Does the Chairman of the Joint Chiefs actually command any troops?", "§ 152. Chairman: appointment; grade and rank", true},
		{"Does the Chairman of the Joint Chiefs actually command any troops?", "§ 154. Vice Chairman: duties", false},
		{"Who commands the combatant commands?", "§ 162. Combatant commands: assigned forces; chain of command", true},
		{"Who commands the army?", "§ 162. Combatant commands: assigned forces; chain of command", false},
	}
	// A heading above the passage's own counts, unless it numbers a part of the text.
	above := &corpus.Passage{Headings: []string{"Title 10— ARMED FORCES", "§ 155. Joint Staff", "(e) Prohibition"}}
	if !x.headingNamed(x.titleWords("joint staff powers limits"), above) {
		t.Error("joint staff powers limits: want § 155. Joint Staff named")
	}
	if x.headingNamed(x.titleWords("what powers do the armed forces have?"), above) {
		t.Error("what powers do the armed forces have?: Title 10— ARMED FORCES named")
	}
	for _, tt := range tests {
		p := &corpus.Passage{Headings: []string{"Title 10— ARMED FORCES", tt.heading}}
		if got := x.headingNamed(x.titleWords(tt.question), p); got != tt.want {
			t.Errorf("headingNamed(%q, %q) = %v, want %v", tt.question, tt.heading, got, tt.want)
		}
	}
}

// TestTitleNamedRanksFirst checks that of sections stating the same rule for different
// offices, the one whose title the question names ranks first.
func TestTitleNamedRanksFirst(t *testing.T) {
	rule := func(office string) string {
		return "(a) There is a " + office + ", appointed from civilian life by the President. A person may not be appointed as " + office + " within seven years after relief from active duty as a commissioned officer of a regular component of an armed force.\n\n"
	}
	x := textsIndex(t, "usc.md",
		"# § 132. Deputy Secretary of Defense\n\n"+rule("Deputy Secretary of Defense")+
			"# § 133. Under Secretary of Defense\n\n"+rule("Under Secretary of Defense")+
			"# § 113. Secretary of Defense\n\n"+rule("Secretary of Defense")+
			"# § 134. Assistant Secretary of Defense\n\n"+rule("Assistant Secretary of Defense"))
	hits, err := x.Search(context.Background(), "How long does a retired general have to wait before becoming Secretary of Defense?", 4, Hybrid)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].Passage.Headings[len(hits[0].Passage.Headings)-1] != "§ 113. Secretary of Defense" {
		t.Fatalf("hits %q, want § 113 first", describeHits(hits))
	}
}

// TestHeadingNamesOther checks that a section headed by a name that adds a word to the
// question's ("Vice Chairman" for "the Chairman") ranks below the section on what the
// question names, though both write its words as often.
func TestHeadingNamesOther(t *testing.T) {
	x := textsIndex(t, "usc.md", "# Joint Chiefs of Staff\n\n"+
		"## § 154. Vice Chairman\n\nThe Vice Chairman holds the grade of general and outranks all other officers of the armed forces except the Chairman. The Vice Chairman may not exercise military command over the armed forces.\n\n"+
		"## § 152. Chairman\n\nThe Chairman holds the grade of general and outranks all other officers of the armed forces. However, he may not exercise military command over the armed forces.\n\n"+
		"## § 150. Joint Chiefs\n\nThe Chairman chairs the Joint Chiefs. When the Chairman dies, the Vice Chairman acts as Chairman.\n")
	q := x.parseQuery("Does the Chairman command the armed forces?")
	for heading, want := range map[string]bool{"§ 154. Vice Chairman": true, "§ 152. Chairman": false, "§ 150. Joint Chiefs": false} {
		i := slices.IndexFunc(x.passages, func(p *corpus.Passage) bool { return slices.Contains(p.Headings, heading) })
		if i < 0 {
			t.Fatalf("no passage headed %q", heading)
		}
		if got := x.headingNamesOther(x.exactTerms(q), x.passages[i]); got != want {
			t.Errorf("headingNamesOther(%q) = %v, want %v", heading, got, want)
		}
	}
	// Nor does a heading in capitals, whose case tells no name.
	if x.headingNamesOther(x.exactTerms(q), &corpus.Passage{Headings: []string{"VICE CHAIRMAN"}, Text: "The VICE CHAIRMAN and the CHAIRMAN"}) {
		t.Error("headingNamesOther: a heading in capitals counted")
	}
	hits, err := x.Search(context.Background(), "Does the Chairman command the armed forces?", 3, Hybrid)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || !strings.Contains(hits[0].Passage.Text, "However, he may not") {
		t.Fatalf("hits %q, want § 152 first", describeHits(hits))
	}
}

// TestLawNamedByUnitTitle checks that a law named by the title of a unit of the corpus
// ("the Insurrection Act", whose chapter is headed "INSURRECTION") is not taken for a name the
// corpus never writes, and that the answer must then come from that unit.
func TestLawNamedByUnitTitle(t *testing.T) {
	x := textsIndex(t, "usc.md",
		"# Domestic use of the armed forces\n\n## CHAPTER 13— INSURRECTION\n\n### § 254. Proclamation to disperse\n\nWhenever the President considers it necessary to use the militia or the armed forces under this chapter, he shall, by proclamation, immediately order the insurgents to disperse and retire peaceably to their abodes within a limited time.\n\n"+
			"## CHAPTER 15— MILITARY SUPPORT FOR CIVILIAN LAW ENFORCEMENT AGENCIES\n\n### § 284. Support for counterdrug activities\n\nThe Secretary may plan and execute military training or operations under the National Defense Authorization Act for Fiscal Years 1990 and 1991 for the purpose of aiding civilian law enforcement agencies.\n")
	// A chapter's whole title, or the end of a section's of two words or more, is a law's
	// name ("the Posse Comitatus Act" is § 1385, "Use of Army … as posse comitatus").
	for _, phrase := range [][]string{{"insurrection", "act"}, {"insurrection", "law"}, {"proclamation", "disperse", "act"}, x.an.terms("Counterdrug Activities Act")} {
		if !x.namesTitledUnit(phrase) {
			t.Errorf("namesTitledUnit(%q) = false, want true", phrase)
		}
	}
	// A section's one-word title, a word of a chapter's title, or a law's noun alone is no
	// law's name.
	for _, phrase := range [][]string{{"militia", "act"}, {"insurrection", "chapter"}, {"act"}, {"disperse", "act"}, {"support", "act"}, {"civilian", "law", "enforcement", "act"}} {
		if x.namesTitledUnit(phrase) {
			t.Errorf("namesTitledUnit(%q) = true, want false", phrase)
		}
	}
	a := &Answerer{Index: x}
	ans, err := a.Answer(context.Background(), "What must the President do before using troops under the Insurrection Act?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || !strings.Contains(ans.Quotes[0].Passage.Text, "by proclamation") {
		t.Errorf("answered %v (%s), want the proclamation to disperse", ans.Answered, ans.Refusal)
	}
	// The unit's passages rank first, each group in its order.
	q := x.parseQuery("What does the Insurrection Act say about law enforcement agencies?")
	var hits []Hit
	for i := len(x.passages) - 1; i >= 0; i-- {
		hits = append(hits, Hit{Passage: x.passages[i]})
	}
	if got := x.unitFirst(q, hits); !strings.Contains(got[0].Passage.Text, "by proclamation") {
		t.Errorf("unitFirst put %q first, want the chapter's passage", got[0].Passage.Text)
	}
	ans, err = a.Answer(context.Background(), "Which presidents have invoked the Insurrection Act, and in what years?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Answered {
		t.Errorf("answered with %q, want a refusal: the years stated are of another chapter", ans.Quotes[0].Passage.Text)
	}
}

// TestUnitNameIsNoContent checks that the words of a law's name that says where to look are
// not what a passage must cover: asked what the Insurrection Act says about something its
// chapter does not mention, the answer is a refusal, not the chapter's first section.
func TestUnitNameIsNoContent(t *testing.T) {
	x := textsIndex(t, "usc.md",
		"# Domestic use of the armed forces\n\n## CHAPTER 13— INSURRECTION\n\n### § 254. Proclamation to disperse\n\nWhenever the President considers it necessary to use the militia or the armed forces under this chapter, he shall, by proclamation, immediately order the insurgents to disperse and retire peaceably to their abodes within a limited time.\n\n"+
			"## CHAPTER 15— MILITARY SUPPORT FOR CIVILIAN LAW ENFORCEMENT AGENCIES\n\n### § 277. Reimbursement\n\nTo the extent otherwise required by section 1535 of title 31, a civilian law enforcement agency to which support is provided shall reimburse the Department of Defense for that support.\n")
	a := &Answerer{Index: x}
	ans, err := a.Answer(context.Background(), "What does the Insurrection Act say about reimbursement?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Answered {
		t.Errorf("answered with %q, want a refusal", ans.Quotes[0].Passage.Text)
	}
	ans, err = a.Answer(context.Background(), "What does the Insurrection Act say about using the militia?", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || !strings.Contains(ans.Quotes[0].Passage.Text, "by proclamation") {
		t.Errorf("answered %v (%s), want the proclamation to disperse", ans.Answered, ans.Refusal)
	}
}

// TestLawNamedBySectionTitle checks that a law's popular name that ends a section's title
// ("the Posse Comitatus Act": "§ 1385. Use of Army and Air Force as posse comitatus") names
// that section even where the corpus writes the name's words elsewhere too, and that a
// name may end in another instrument noun than the chapter's ("the War Powers Act" is
// "CHAPTER 33— WAR POWERS RESOLUTION").
func TestLawNamedBySectionTitle(t *testing.T) {
	x := textsIndex(t, "usc.md",
		"# Domestic use of the armed forces\n\n## CHAPTER 67— MILITARY AND NAVY\n\n### § 1385. Use of Army and Air Force as posse comitatus\n\nWhoever, except in cases and under circumstances expressly authorized by the Constitution or Act of Congress, willfully uses any part of the Army or the Air Force as a posse comitatus or otherwise to execute the laws shall be fined under this title or imprisoned not more than two years, or both.\n\n"+
			"## CHAPTER 33— WAR POWERS RESOLUTION\n\n### § 1543. Reporting requirement\n\nThe President shall submit within 48 hours to the Speaker of the House of Representatives and to the President pro tempore of the Senate a report, in writing.\n",
		"essays.txt",
		"FEDERALIST No. 29\n\nConcerning the Militia\n\nIt has been remarked that there is nowhere any provision in the proposed Constitution for calling out the POSSE COMITATUS, to assist the magistrate in the execution of his duty, whence it has been inferred that military force was intended to be his only auxiliary. The Posse Comitatus says nothing of this act.\n")
	for _, phrase := range [][]string{x.an.terms("Posse Comitatus Act"), x.an.terms("War Powers Act"), x.an.terms("War Powers Resolution")} {
		if !x.namesTitledUnit(phrase) {
			t.Errorf("namesTitledUnit(%q) = false, want true", phrase)
		}
	}
	a := &Answerer{Index: x}
	for question, want := range map[string]string{
		"What does the Posse Comitatus Act say?":                "willfully uses any part of the Army",
		"Under the War Powers Act, what must the President do?": "submit within 48 hours",
	} {
		wantQuote(t, a, question, want)
	}
}

// TestLawNamesInLowercase checks that a law's name typed in lowercase, or shouted, reads as
// the name it is, and that a law the corpus never cites is refused however it is written,
// even where the corpus writes its other words together ("civil rights").
func TestLawNamesInLowercase(t *testing.T) {
	for in, want := range map[string]string{
		"what does the patriot act allow?":          "what does the Patriot Act allow?",
		"what does the alien and sedition act say":  "what does the Alien and Sedition Act say",
		"under the war powers resolution, who acts": "under the War Powers Resolution, who acts",
		"what is the unlawful act of killing":       "what is the unlawful act of killing",
		"is the act lawful":                         "is the act lawful",
		"what does the law say":                     "what does the law say",
		"what does the Patriot Act allow?":          "what does the Patriot Act allow?",
		// A verb between an auxiliary and a function word.
		"can the military act as police":   "can the military act as police",
		"does the patriot act apply to me": "does the Patriot Act apply to me",
	} {
		if got := capitaliseLawNames(in); got != want {
			t.Errorf("capitaliseLawNames(%q) = %q, want %q", in, got, want)
		}
	}
	x := textsIndex(t, "usc.md",
		"# Military support\n\n## CHAPTER 67— MILITARY AND NAVY\n\n### § 1385. Use of Army and Air Force as posse comitatus\n\nWhoever willfully uses any part of the Army or the Air Force as a posse comitatus or otherwise to execute the laws shall be fined under this title or imprisoned not more than two years, or both.\n\n"+
			"## CHAPTER 5— JOINT CHIEFS OF STAFF\n\n### § 151. Joint Chiefs of Staff\n\nThe Joint Chiefs of Staff are established under the National Security Act of 1947, and no member shall abridge the civil rights of any person under this chapter.\n")
	a := &Answerer{Index: x}
	for question, answered := range map[string]bool{
		"What does the Civil Rights Act say about the Joint Chiefs?":  false,
		"what does the civil rights act say about the joint chiefs?":  false,
		"WHAT DOES THE CIVIL RIGHTS ACT SAY ABOUT THE JOINT CHIEFS?":  false,
		"what does the patriot act say about the army?":               false,
		"What does the National Security Act say about Joint Chiefs?": true,
		"what does the posse comitatus act say about the army?":       true,
	} {
		ans, err := a.Answer(context.Background(), question, 1)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered != answered {
			t.Errorf("%q: answered %v (%s), want %v", question, ans.Answered, ans.Refusal, answered)
		}
	}
}

// TestLawNameSaysWhereToLook checks that the words of a law's name count for where to look,
// not for what the passages there must say: the unit's passages are candidates whatever
// their words, and within the unit the section about what the question asks ranks first,
// not the one that writes the name's words most.
func TestLawNameSaysWhereToLook(t *testing.T) {
	x := textsIndex(t, "usc.md",
		"# War powers\n\n## CHAPTER 33— WAR POWERS RESOLUTION\n\n### § 1543. Reporting requirement\n\nIn the absence of a declaration of war, the President shall submit within 48 hours to the Speaker of the House of Representatives a report, in writing, setting forth the circumstances necessitating the introduction of forces.\n\n"+
			"### § 1546a. Expedited procedures for certain joint resolutions and bills\n\nAny joint resolution or bill which requires the removal of forces shall be considered in accordance with the procedures of the joint resolution act, and a joint resolution so reported shall be a joint resolution of the House.\n\n"+
			"## CHAPTER 67— MILITARY AND NAVY\n\n### § 1385. Use of Army and Air Force as posse comitatus\n\nWhoever willfully uses any part of the Army or the Air Force as a posse comitatus or otherwise to execute the laws shall be fined under this title or imprisoned not more than two years, or both.\n",
		"essays.txt", "FEDERALIST No. 29\n\nConcerning the Militia\n\nThere is nowhere any provision for calling out the POSSE COMITATUS, and the prohibition of it is a penalty on the magistrate.\n")
	a := &Answerer{Index: x}
	for question, want := range map[string]string{
		"What does the War Powers Resolution require the President to report?": "within 48 hours",
		"What is the penalty under the Posse Comitatus Act?":                   "shall be fined",
		"what does the posse comitatus act prohibit?":                          "shall be fined",
		// A name that opens the question is capitalised as any first word is; the corpus
		// says it is part of the name.
		"Posse Comitatus Act penalty for using the army?": "shall be fined",
		"Explain War Powers Resolution reporting":         "within 48 hours",
	} {
		wantQuote(t, a, question, want)
	}
}

// TestCodeCitations checks that a citation of the United States Code ("18 U.S.C. 1385")
// names the section it cites, as "section 1385" does: it was refused, or taken for small talk
// when no other word stood beside it.
func TestCodeCitations(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	for q, want := range map[string]string{
		"what does 18 U.S.C. 1385 prohibit": "posse comitatus",
		"10 usc 151":                        "Joint Chiefs of Staff",
	} {
		ans, err := a.Answer(context.Background(), q, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || !strings.Contains(ans.Quotes[0].Passage.Text, want) {
			t.Errorf("%q: answered %v (%s); want a quote holding %q", q, ans.Answered, ans.Refusal, want)
		}
	}
	if got := codeCitations.ReplaceAllString("Is 10 U.S.C. § 113 about the Secretary?", "section $2"); got != "Is section 113 about the Secretary?" {
		t.Errorf("codeCitations: %q", got)
	}
}

// TestUnitOpeningAnswers checks that a question naming only a part of the text ("What does
// amendment 14 say?") is answered by the part's opening: its first statement, not the
// enforcement clause that BM25's length normalisation put first, and led by its first
// sentence, not by one that writes "article".
func TestUnitOpeningAnswers(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	for question, lead := range map[string]string{
		"what does amendment 14 say":       "All persons born or naturalized in the United States",
		"what does the 22nd amendment say": "No person shall be elected to the office of the President more than twice",
		"what does the 19th amendment say": "The right of citizens of the United States to vote shall not be denied",
		// The section's opening was outside the first ten hits: every part of § 113 covers
		// the question alike.
		"What does 10 USC 113 say?": "There is a Secretary of Defense",
		// A paper's subtitle, dateline and salutation state nothing of it.
		"What does Federalist No. 10 say?": "AMONG the numerous advantages promised by a wellconstructed Union",
		// The first hit itself, the paper's subtitle, gives way to the statement after it.
		"Federalist 10": "AMONG the numerous advantages promised by a wellconstructed Union",
		// A unit under one heading, its translator's notes passed over; the words naming
		// the document or its author are no part of the unit asked for.
		"Sun Tzu chapter 13":          "Raising a host of a hundred thousand men",
		"chapter 1 of the art of war": "The art of war is of vital importance to the State",
		// "Chapter IX.", not "Chapter XI. THE NINE SITUATIONS": the number follows the unit.
		"What does chapter 9 of the Art of War say?":    "We come now to the question of encamping the army",
		"What does Article II of the Constitution say?": "The executive Power shall be vested in a President",
	} {
		wantLead(t, a, question, lead)
	}
	// A part whose own heading names what is asked stays first: "(b) Chain of Command."
	wantQuote(t, a, "chain of command for combatant commands", "the chain of command to a unified or specified combatant command runs")
	// The passage of a unit that speaks of what the question asks about it is quoted, not the
	// unit's first (see topicCoverage) …
	wantLead(t, a, "what does article 1 section 8 say about the army", "To raise and support Armies")
	wantLead(t, a, "What does Federalist No. 10 say about factions?", "faction")
	// … and one that says it in other words answers still: a refusal when no passage of the
	// unit wrote the topic's words refused these.
	wantQuote(t, a, "What does the Second Amendment say about guns?", "keep and bear Arms")
	wantQuote(t, a, "What does the Third Amendment say about troops?", "No Soldier shall")
	for text, want := range map[string]bool{
		"From the New York Packet. Friday, November 23, 1787. To the People of the State of New York:":        false,
		"(The Union as a Safeguard Against Domestic Faction and Insurrection)":                                false,
		"[Ts’ao Kung has the note: \"He who wishes to fight must first count the cost,\" which prepares us.]": false,
		"(a) (1) There is a Secretary of Defense, who is the head of the Department of Defense, appointed …":  true,
	} {
		x := textIndex(t, "t.txt", text)
		if got := x.statesSomething(x.passages[0]); got != want {
			t.Errorf("statesSomething(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestTitledSectionIsCandidate checks that the sections whose title a question names are
// ranked whatever BM25 makes of them: Title 10 writes "Secretary of Defense" in hundreds of
// passages, and § 113(a), which says who the Secretary is, was not among BM25's first hundred.
func TestTitledSectionIsCandidate(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	wantQuote(t, a, "who is the secretary of defense", "There is a Secretary of Defense, who is the head of the Department of Defense")
	// The Vice Chairman's section writes the Chairman's title as often; its sentence saying
	// who holds an office names another one.
	wantQuote(t, a, "who is the chairman of the joint chiefs of staff", "There is a Chairman of the Joint Chiefs of Staff")
}

// TestSectionSubjectRanks checks that a question about an office that a section's subject
// names ("§ 152. Chairman: appointment; grade and rank") finds that section's rule among the
// first two, above the combatant commanders' sections that write "command" more often.
func TestSectionSubjectRanks(t *testing.T) {
	a := &Answerer{Index: sharedCorpus(t)}
	hits, _, err := a.Retrieve(context.Background(), "Does the Chairman of the Joint Chiefs actually command any troops?", 2)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(hits[:min(2, len(hits))], func(h Hit) bool {
		return strings.Contains(h.Passage.Text, "he may not exercise military command over the Joint Chiefs of Staff")
	}) {
		t.Errorf("hits %q; want § 152(c) among the first two", describeHits(hits))
	}
}

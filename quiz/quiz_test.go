package quiz

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/llm"
)

// shared is the folder of the shared test corpora, beside the project root.
const shared = "../../shared/corpus"

// sharedDocs loads the seed and public corpora, skipping the test in -short mode or when they
// are absent.
func sharedDocs(t testing.TB) []*corpus.Document {
	t.Helper()
	if testing.Short() {
		t.Skip("reads the shared corpus")
	}
	if _, err := os.Stat(shared + "/public"); err != nil {
		t.Skip("no shared corpus")
	}
	docs, err := corpus.Load([]string{shared + "/seed", shared + "/public"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// checkSet asserts what Generate promises of a set of items: each passes Check, no two are
// near-duplicates, the multiple-choice answers' positions are spread evenly, and each
// true/false statement is true or false as statementTrue says, wherever it stands.
func checkSet(t *testing.T, items []Item) {
	t.Helper()
	pos := make([]int, 4)
	words := make([]map[string]bool, len(items))
	for i := range items {
		words[i] = stemWords(&items[i])
	}
	for i := range items {
		it := &items[i]
		if err := it.Check(); err != nil {
			t.Errorf("item %s: %v", it.ID, err)
		}
		if !Found(it.Right(), it.Source.Text) && it.Kind == Choice {
			t.Errorf("item %s: answer %q not in its passage", it.ID, it.Right())
		}
		switch it.Kind {
		case Choice:
			pos[it.Answer]++
		case TrueFalse:
			if want := statementTrue(it.Source.PassageID, it.Support); (it.Answer == 0) != want {
				t.Errorf("item %s: answer %d, want true %v (statementTrue)", it.ID, it.Answer, want)
			}
		}
		for j := range i {
			if s := jaccard(words[i], words[j]); s >= NearDuplicate {
				t.Errorf("items %s and %s are near-identical (%.2f):\n%s\n%s", items[j].ID, it.ID, s, items[j].Stem, it.Stem)
			}
		}
	}
	if lo, hi := slices.Min(pos), slices.Max(pos); hi-lo > 1 {
		t.Errorf("multiple-choice answer positions %v: counts differ by more than 1", pos)
	}
}

// builtinPassage returns the built-in lecture's passage that contains text.
func builtinPassage(t *testing.T, text string) *corpus.Passage {
	t.Helper()
	doc := corpus.Builtin()[0]
	for i := range doc.Passages {
		if strings.Contains(doc.Passages[i].Text, text) {
			return &doc.Passages[i]
		}
	}
	t.Fatalf("no built-in passage contains %q", text)
	return nil
}

func TestGenerateSeed(t *testing.T) {
	items := Generate(corpus.Builtin(), GenerateOptions{Seed: 1})
	// 11: sentences that lean on the text around them are not quizzed (16 before), the
	// lecture's rhetorical questions no longer split "The complicated answer" in three
	// passages (13 before), each with its own PerPassage quota and near-duplicate check, and
	// "Security ministries have elected political heads" has no sure negation (12 before);
	// "which of these consists of … security …?" is not asked of "security sector" under the
	// title "Governance and the Security Sector", which gives it away (11 before); "proper
	// tasking" is not asked with "the police" and "the intelligence services", of another
	// field than "coordination, …, working relationships", nor "There are some
	// specificities, but normal rules apply." denied before its comma (10 before).
	if len(items) < 8 {
		t.Errorf("%d items from the seed, want at least 8", len(items))
	}
	checkSet(t, items)
	again := Generate(corpus.Builtin(), GenerateOptions{Seed: 1})
	if !reflect.DeepEqual(items, again) {
		t.Error("the same seed gave other items")
	}
}

func TestGenerateBar(t *testing.T) {
	docs := sharedDocs(t)
	items := Generate(docs, GenerateOptions{Seed: 1})
	if len(items) < 200 {
		t.Errorf("%d items from the seed and public corpus, want at least 200", len(items))
	}
	checkSet(t, items)
	// About half the statements are true (167 of 340 with seed 1; see statementTrue).
	statements, truths := 0, 0
	for _, it := range items {
		if it.Kind == TrueFalse {
			statements++
			if it.Answer == 0 {
				truths++
			}
		}
	}
	if share := float64(truths) / float64(max(1, statements)); share < 0.45 || share > 0.55 {
		t.Errorf("%d of %d true/false statements true (%.2f), want 0.45 to 0.55", truths, statements, share)
	}
}

func TestCheckRejects(t *testing.T) {
	p := builtinPassage(t, "The security forces must be effective")
	base := Item{Kind: Choice, Stem: "The security forces must be ___ in what they do.",
		Options: []string{"effective", "cheap", "secret", "large"}, Support: "The security forces must be effective in what they do.",
		Source: SourceOf(p)}
	tests := []struct {
		name   string
		change func(*Item)
		want   string
	}{
		{"valid", func(*Item) {}, ""},
		{"answer not in passage", func(it *Item) { it.Answer = 1 }, "not in the passage"},
		{"distractor in passage", func(it *Item) { it.Options[2] = "properly directed" }, "is in the passage"},
		{"options not distinct", func(it *Item) { it.Options[3] = "Effective." }, "not distinct"},
		{"support not in passage", func(it *Item) { it.Support = "The forces must be cheap." }, "supporting sentence"},
		{"three options", func(it *Item) { it.Options = it.Options[:3] }, "3 options"},
	}
	for _, tt := range tests {
		it := base
		it.Options = append([]string(nil), base.Options...)
		tt.change(&it)
		err := it.Check()
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrInvalid)) {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
		}
	}
}

const goodBank = `items:
  - question: What must the security forces be, in what they do?
    options: [effective, cheap, secret, large]
    answer: A
    source: The security forces must be effective in what they do.
  - statement: Security ministries have elected political heads.
    answer: true
    source: "**Security ministries have elected political heads.**"
    document: chuter-governance-and-the-security-sector
`

const badBank = `items:
  - question: What must the security forces be, in what they do?
    options: [effective, cheap, secret, large]
    answer: A
    source: The security forces must be effective in what they do.
  - question: Broken
    options: [a, b, c]
    answer: E
    source: not in the corpus at all
  - statement: Security ministries have elected political heads.
    answer: maybe
    colour: red
  - question: What must the security forces be, in what they do?
    options: [effective, cheap, secret, cheap]
    answer: A
    source: The security forces must be effective in what they do.
`

func TestParseBank(t *testing.T) {
	items, err := ParseBank("good.yaml", []byte(goodBank), corpus.Builtin(), "the built-in corpus")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].Status != Approved || items[0].Origin != Trainer || items[1].Kind != TrueFalse || items[1].Answer != 0 {
		t.Fatalf("got %+v", items)
	}
	if items[0].Source.PassageID != "989c7540d10d" {
		t.Errorf("passage %s", items[0].Source.PassageID)
	}
	items, err = ParseBank("bad.yaml", []byte(badBank), corpus.Builtin(), "the built-in corpus")
	var be *BankError
	if items != nil || !errors.As(err, &be) {
		t.Fatalf("got %d items, error %v", len(items), err)
	}
	var lines []int
	for _, p := range be.Problems {
		lines = append(lines, p.Line)
	}
	if want := []int{7, 8, 9, 10, 11, 12, 13, 14}; !reflect.DeepEqual(lines, want) {
		t.Errorf("problems on lines %v, want %v:\n%v", lines, want, err)
	}
	// A question repeated from a bad item is reported: the bad item's question is used.
	_, err = ParseBank("dup.yaml", []byte(`items:
  - question: What must the security forces be, in what they do?
    options: [effective, cheap, secret]
    answer: A
    source: The security forces must be effective in what they do.
  - question: What must the security forces be, in what they do?
    options: [effective, cheap, secret, large]
    answer: A
    source: The security forces must be effective in what they do.
`), corpus.Builtin(), "the built-in corpus")
	want := `quiz: dup.yaml: 2 problems, nothing imported:
dup.yaml:3: options: want a list of four, got 3
dup.yaml:6: the same question as the item on line 2`
	if err == nil || err.Error() != want {
		t.Errorf("a question repeated from a bad item:\n%v\nwant:\n%s", err, want)
	}
	_, err = ParseBank("syntax.yaml", []byte("items:\n  - question: [unclosed\n"), corpus.Builtin(), "the built-in corpus")
	if !errors.As(err, &be) || be.Problems[0].Line < 1 || !strings.Contains(err.Error(), "syntax.yaml:") {
		t.Errorf("syntax error: %v", err)
	}
}

func TestModelWriter(t *testing.T) {
	p := builtinPassage(t, "The security sector consists of") // the definition
	reply := `{"items": [
	 {"type": "choice", "question": "What does the security sector include in practice?", "options": ["the press", "the police", "the churches", "the banks"], "answer": "B",
	  "quote": "In practice, this means the military, the police, the intelligence services, paramilitary forces and the government agencies responsible for them."},
	 {"type": "choice", "question": "Who controls the security sector?", "options": ["the United Nations", "the press", "the churches", "the banks"], "answer": "A",
	  "quote": "They provide specialist capabilities in support of the government's policies."}]}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"id": "x", "object": "chat.completion", "model": "test",
			"choices": []map[string]any{{"index": 0, "finish_reason": "stop", "message": map[string]string{"role": "assistant", "content": "Here:\n" + reply}}}})
	}))
	defer srv.Close()
	c := llm.New(llm.Config{BaseURL: srv.URL + "/v1", APIKey: "test", Timeout: 5 * time.Second})
	w := &ModelWriter{Chat: func(ctx context.Context, system, user string) (string, error) {
		return c.Chat(ctx, "test-model", system, user)
	}}
	items, dropped, err := w.Write(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || dropped != 1 || items[0].Right() != "the police" || items[0].Origin != Model || items[0].Status != Pending {
		t.Errorf("kept %+v, dropped %d", items, dropped)
	}
}

// TestModelStatements checks that a chat model's true/false statement is given the wording
// that names its passage, as a generated one has it ("True or false, according to … lines
// N–M: "), where its stem was the statement alone, so that a quiz shows every true/false item
// alike and a bank exported and imported gives it back with its ID; a statement that already
// opens with the wording gets it once, and one of the wording alone is dropped. The key and
// foil are checked against the statement, not against the wording.
func TestModelStatements(t *testing.T) {
	const statement = "The security forces must be effective in what they do."
	p := builtinPassage(t, statement)
	lead := "True or false, according to " + where(p) + ": "
	for _, tt := range []struct {
		name string
		m    modelItem
		want string // the stem; "" for an item dropped
	}{
		{"true", modelItem{Type: "truefalse", Statement: statement, Answer: true, Quote: statement, Key: "must be effective"}, lead + statement},
		{"false", modelItem{Type: "truefalse", Statement: "The security forces must be secret in what they do.", Answer: false, Quote: statement,
			Key: "must be effective", Foil: "must be secret"}, lead + "The security forces must be secret in what they do."},
		{"worded", modelItem{Type: "truefalse", Statement: lead + statement, Answer: true, Quote: statement, Key: "must be effective"}, lead + statement},
		{"the wording alone", modelItem{Type: "truefalse", Statement: lead, Answer: true, Quote: statement, Key: "must be effective"}, ""},
		// The foil in the wording only ("Governance"), not in the statement: refused.
		{"foil outside the statement", modelItem{Type: "truefalse", Statement: statement, Answer: false, Quote: statement,
			Key: "must be effective", Foil: "Governance"}, ""},
	} {
		it, ok := tt.m.item(p)
		if ok && it.Check() != nil {
			ok = false
		}
		switch {
		case tt.want == "" && ok:
			t.Errorf("%s: kept as %q, want it dropped", tt.name, it.Stem)
		case tt.want != "" && (!ok || it.Stem != tt.want || it.ID != ItemID(&it)):
			t.Errorf("%s: %q (kept %t, %v); want %q", tt.name, it.Stem, ok, it.Check(), tt.want)
		}
		if !ok || tt.want == "" {
			continue
		}
		var buf bytes.Buffer
		if err := WriteBank(&buf, []Item{it}, corpus.Builtin()); err != nil {
			t.Fatal(err)
		}
		got, err := ParseBank("bank.yaml", buf.Bytes(), corpus.Builtin(), "the built-in corpus")
		if err != nil || len(got) != 1 || got[0].ID != it.ID || got[0].Stem != it.Stem {
			t.Errorf("%s: read back from\n%s as %+v (%v); want %s %q", tt.name, buf.String(), got, err, it.ID, it.Stem)
		}
	}
}

func TestSession(t *testing.T) {
	items := Generate(corpus.Builtin(), GenerateOptions{Seed: 1})[:2]
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := NewSession("s1", "chan", "", items, 30, now)
	if err := s.Answer("ann", "Ann", 0, now); !errors.Is(err, ErrClosed) {
		t.Errorf("answer before the first question: %v", err)
	}
	q, _ := s.Next(now)
	wrong := (q.Answer + 1) % len(q.Options)
	s.Answer("ann", "Ann", wrong, now)
	s.Answer("ann", "Ann", q.Answer, now.Add(10*time.Second)) // changed: the last answer counts
	s.Answer("bob", "Bob", wrong, now)
	if err := s.Answer("cat", "Cat", q.Answer, now.Add(31*time.Second)); !errors.Is(err, ErrClosed) {
		t.Errorf("answer after the deadline: %v", err)
	}
	// Restart: save and load mid-question.
	raw, _ := json.Marshal(s)
	s, err := LoadSession(raw)
	if err != nil {
		t.Fatal(err)
	}
	rev, _ := s.Reveal()
	if rev.Right != 1 || len(rev.Results) != 2 {
		t.Errorf("reveal: %+v", rev)
	}
	s.Next(now.Add(time.Minute))
	s.Answer("bob", "Bob", s.Question().Answer, now.Add(time.Minute))
	s.Reveal()
	if !s.Done() {
		t.Error("not done after the last reveal")
	}
	got := s.Leaderboard()
	want := []Score{{"ann", "Ann", 1, 1}, {"bob", "Bob", 1, 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("leaderboard %+v, want %+v", got, want)
	}
}

func TestSchedule(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r, ok := Schedule(Review{}, true, false, now)
	if !ok || r.Box != 1 || !r.Due.Equal(now) {
		t.Errorf("missed first: %+v", r)
	}
	for box := 2; box <= 6; box++ {
		r, _ = Schedule(r, false, true, now)
		want := min(box, Boxes)
		if r.Box != want || !r.Due.Equal(now.AddDate(0, 0, Intervals[want-1])) {
			t.Errorf("right: %+v, want box %d", r, want)
		}
	}
	r, _ = Schedule(r, false, false, now)
	if r.Box != 1 || !r.Due.Equal(now.AddDate(0, 0, 1)) {
		t.Errorf("wrong in review: %+v", r)
	}
	if _, ok := Schedule(Review{}, true, true, now); ok {
		t.Error("an item right at first is scheduled")
	}
}

func TestParseOption(t *testing.T) {
	choice := &Item{Kind: Choice, Options: []string{"a", "b", "c", "d"}}
	tf := &Item{Kind: TrueFalse, Options: TrueFalseOptions}
	tests := []struct {
		it     *Item
		answer string
		want   int // -1: not an answer
	}{
		{choice, "A", 0}, {choice, " d) ", 3}, {choice, "b.", 1}, {choice, "E", -1}, {choice, "T", -1}, {choice, "", -1},
		{tf, "T", 0}, {tf, "true", 0}, {tf, "f", 1}, {tf, "False", 1}, {tf, "A", -1}, {tf, "B", -1}, {tf, "yes", -1},
	}
	for _, tt := range tests {
		got, err := tt.it.ParseOption(tt.answer)
		if tt.want < 0 {
			if !errors.Is(err, ErrBadOption) {
				t.Errorf("%s %q: %d, %v; want ErrBadOption", tt.it.Kind, tt.answer, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s %q: %d, %v; want %d", tt.it.Kind, tt.answer, got, err, tt.want)
		}
	}
}

// TestGenerateOrderFree checks that the items are of the documents, not of the order they
// are given in: a library lists them by ID, quiz --corpus by path, and the seed and public
// corpora gave 654 items one way and 644 the other.
func TestGenerateOrderFree(t *testing.T) {
	docs := sharedDocs(t)
	items := Generate(docs, GenerateOptions{Seed: 1})
	reversed := slices.Clone(docs)
	slices.Reverse(reversed)
	again := Generate(reversed, GenerateOptions{Seed: 1})
	if !reflect.DeepEqual(items, again) {
		t.Errorf("%d items from the documents in one order, %d in the reverse order, or other items", len(items), len(again))
	}
}

// TestCheckOptions checks what an item read back from storage must be for Label, Right and
// a reveal not to panic (a stored item changed by hand to answer 99 panicked `doctrinebot
// quiz` with "index out of range [99]" in Label): a known kind, its number of options, an
// answer among them; and that WriteBank, which checked the answer alone, refuses such an item
// naming it.
func TestCheckOptions(t *testing.T) {
	tf := Item{ID: "aaaaaaaaaaaa", Kind: TrueFalse, Stem: "The sector is governed.", Options: TrueFalseOptions, Answer: 1}
	choice := Item{ID: "bbbbbbbbbbbb", Kind: Choice, Stem: "What is governed?", Options: []string{"a", "b", "c", "d"}, Answer: 3}
	with := func(it Item, change func(*Item)) Item {
		it.Options = slices.Clone(it.Options)
		change(&it)
		return it
	}
	for _, tc := range []struct {
		name string
		it   Item
		want string
	}{
		{"true/false", tf, ""},
		{"choice", choice, ""},
		{"answer 99", with(tf, func(it *Item) { it.Answer = 99 }), "answer 99 is none of its 2 options"},
		{"answer -1", with(choice, func(it *Item) { it.Answer = -1 }), "answer -1 is none of its 4 options"},
		{"eight options", with(tf, func(it *Item) { it.Options = append(it.Options, "a", "b", "c", "d", "e", "f") }), "8 options, want 2"},
		{"three options", with(choice, func(it *Item) { it.Options, it.Answer = it.Options[:3], 0 }), "3 options, want 4"},
		{"no kind", with(choice, func(it *Item) { it.Kind = "" }), `unknown kind ""`},
		{"same but for a zero-width space", with(choice, func(it *Item) { it.Options[0], it.Options[2] = "Paris", "Par\u200bis " }), "options A and C are the same"},
		{"same but for spacing", with(choice, func(it *Item) { it.Options[1], it.Options[3] = "New  York", "new york" }), "options B and D are the same"},
	} {
		err := tc.it.CheckOptions()
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v, want nil", tc.name, err)
			}
			continue
		}
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		want := "quiz: item " + tc.it.ID + ": " + tc.want
		if err := WriteBank(&bytes.Buffer{}, []Item{tc.it}, nil); err == nil || err.Error() != want {
			t.Errorf("%s: WriteBank: %v, want %q", tc.name, err, want)
		}
	}
}

// TestLoadSessionOptions checks that a saved session whose item, or a member's answer, names
// none of the item's options is refused by LoadSession, naming the session and the item,
// rather than panicking in the reveal (Counts[99]) or in Label.
func TestLoadSessionOptions(t *testing.T) {
	items := Generate(corpus.Builtin(), GenerateOptions{Seed: 1})[:2]
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		change func(s *Session)
		want   string
	}{
		{"item", func(s *Session) { s.Items[1].Answer = 99 }, "item " + items[1].ID + ": answer 99 is none of its "},
		{"answer", func(s *Session) { s.Answers[0]["ann"] = 7 }, "item " + items[0].ID + ": member ann answered 7, none of its "},
	} {
		s := NewSession("s1", "chan", "", slices.Clone(items), 30, now)
		s.Next(now)
		if err := s.Answer("ann", "Ann", 0, now); err != nil {
			t.Fatal(err)
		}
		tc.change(s)
		raw, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		want := "quiz: load session s1: " + tc.want
		if _, err := LoadSession(raw); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %v, want an error beginning %q", tc.name, err, want)
		}
	}
}

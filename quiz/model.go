package quiz

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// Chat sends a system and a user message to a chat model and returns its reply; it has the
// shape of bot.Chat, and (*llm.Client).Chat with the model bound is one.
type Chat func(ctx context.Context, system, user string) (string, error)

// ModelWriter has a chat model write quiz items from one passage at a time; every item it
// returns has passed Item.Check against that passage. A true/false statement is given the
// wording that names its passage, as a generated one has it (see statementStem).
type ModelWriter struct {
	// Chat is the model.
	Chat Chat
	// PerPassage is how many items the model is asked for (default 2).
	PerPassage int
}

// modelPrompt asks for JSON items whose answers are the passage's own words.
const modelPrompt = `You write quiz questions for trainers from ONE passage of a doctrine or governance text.
Reply with JSON only: {"items": [...]}, each item either
  {"type": "choice", "question": "...", "options": ["...", "...", "...", "..."], "answer": "A", "quote": "..."}
or
  {"type": "truefalse", "statement": "...", "answer": true, "quote": "...", "key": "...", "foil": "..."}
Rules:
- "quote" is the sentence of the passage, copied word for word, that gives the answer.
- A choice item has exactly four options; the right option's words appear word for word in the passage; the three wrong options are plausible but do NOT appear in the passage.
- A true/false item: "key" is the words of the passage, copied word for word, that decide it; a false statement replaces them with "foil", words that do not appear in the passage.
- Ask about what the passage states, not about its wording or page layout.`

// modelItem is one item as the model writes it.
type modelItem struct {
	Type      string   `json:"type"`
	Question  string   `json:"question"`
	Statement string   `json:"statement"`
	Options   []string `json:"options"`
	Answer    any      `json:"answer"`
	Quote     string   `json:"quote"`
	Key       string   `json:"key"`
	Foil      string   `json:"foil"`
}

// Write asks the model for items from passage p and returns those that pass Item.Check, as
// Pending items of Origin Model; the others are counted in dropped. Errors: the model's, or
// a reply that holds no JSON object.
func (w *ModelWriter) Write(ctx context.Context, p *corpus.Passage) (items []Item, dropped int, err error) {
	n := w.PerPassage
	if n <= 0 {
		n = 2
	}
	user := fmt.Sprintf("Write %d items.\n\nPassage (%s", n, p.Title)
	if s := p.Section(); s != "" {
		user += " — " + s
	}
	user += "):\n" + p.Text
	reply, err := w.Chat(ctx, modelPrompt, user)
	if err != nil {
		return nil, 0, err
	}
	start, end := strings.Index(reply, "{"), strings.LastIndex(reply, "}")
	if start < 0 || end < start {
		return nil, 0, fmt.Errorf("quiz: the model's reply holds no JSON object")
	}
	var got struct {
		Items []modelItem `json:"items"`
	}
	if err := json.Unmarshal([]byte(reply[start:end+1]), &got); err != nil {
		return nil, 0, fmt.Errorf("quiz: the model's reply: %w", err)
	}
	for _, m := range got.Items {
		it, ok := m.item(p)
		if !ok || it.Check() != nil {
			dropped++
			continue
		}
		items = append(items, it)
	}
	return items, dropped, nil
}

// item turns the model's item into an Item; ok is false when its shape is wrong.
func (m modelItem) item(p *corpus.Passage) (Item, bool) {
	it := Item{Support: m.Quote, Source: SourceOf(p), Origin: Model, Status: Pending}
	switch m.Type {
	case "choice":
		letter, _ := m.Answer.(string)
		it.Kind, it.Stem, it.Options = Choice, m.Question, m.Options
		it.Answer = strings.Index(Letters, strings.ToUpper(strings.TrimSpace(letter)))
		if len(strings.TrimSpace(letter)) != 1 {
			return it, false
		}
	case "truefalse":
		truth, ok := m.Answer.(bool)
		if !ok {
			return it, false
		}
		statement := bareStatement(strings.TrimSpace(m.Statement), p)
		if statement == "" {
			return it, false
		}
		it.Kind, it.Stem, it.Options, it.Key = TrueFalse, statementStem(p, statement), append([]string(nil), TrueFalseOptions...), m.Key
		if !truth {
			it.Answer, it.Foil = 1, m.Foil
		}
	default:
		return it, false
	}
	it.ID = ItemID(&it)
	return it, true
}

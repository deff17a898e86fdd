package bot

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// EvalQuestion is one line of a question set (JSON Lines): a question with the passages that
// answer it, or marked unanswerable.
type EvalQuestion struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	// ExpectAny lists passages any one of which answers the question (see Matches).
	ExpectAny []string `json:"expect_any"`
	// Unanswerable marks a question the corpus does not cover.
	Unanswerable bool `json:"unanswerable"`
}

// MaxQuestionLine is the longest line, in bytes, ReadQuestions accepts (1 MiB).
const MaxQuestionLine = 1 << 20

// maxBadLines is how many bad lines of a question set ReadQuestions lists; it counts the rest.
const maxBadLines = 20

// ReadQuestions reads a question set in JSON Lines (a UTF-8 byte-order mark is dropped).
// Errors list every bad line as "name:line: what is wrong" (the first maxBadLines of them,
// then how many more): a line over MaxQuestionLine, not UTF-8 or not a JSON object; a key
// given twice; a field of the wrong type; a question with no id or no text, or over
// MaxQuestionRunes characters once cleaned as Answer cleans it (CleanQuestion); an
// answerable question with no expected passage, or with a blank one (it would match every
// passage); an unanswerable one that also lists expected passages; an ID used twice (a bad
// line's ID counts as used when it could be read). A set with no question at all is an
// error too, and so, at once, are a read error and a NUL byte (a binary file).
func ReadQuestions(r io.Reader, name string) ([]EvalQuestion, error) {
	var out []EvalQuestion
	var bad []string
	badLines := 0
	problem := func(line int, format string, args ...any) {
		if badLines++; badLines <= maxBadLines {
			bad = append(bad, fmt.Sprintf("%s:%d: %s", name, line, fmt.Sprintf(format, args...)))
		}
	}
	ids := map[string]int{}
	br := bufio.NewReader(r)
	for line := 1; ; line++ {
		raw, err := ReadLine(br, MaxQuestionLine)
		if errors.Is(err, ErrLineTooLong) {
			problem(line, "%v (over %d bytes)", err, MaxQuestionLine)
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("bot: %s:%d: %w", name, line, err)
		}
		if line == 1 {
			raw = strings.TrimPrefix(raw, "\uFEFF")
		}
		if strings.IndexByte(raw, 0) >= 0 {
			// A NUL byte is in no text file: a binary file, named as such rather than line by
			// line as bad JSON.
			return nil, fmt.Errorf("bot: %s:%d: binary content (a NUL byte), not a file of JSON lines", name, line)
		}
		if text := strings.TrimSpace(raw); text != "" {
			q, qerr := parseQuestion(text)
			switch first, dup := ids[q.ID]; {
			case qerr != nil:
				problem(line, "%v", qerr)
				if q.ID != "" && !dup {
					ids[q.ID] = line // a bad line's id, when it could be read, is used too
				}
			case dup && q.ID != "":
				problem(line, "id %q already used on line %d", q.ID, first)
			default:
				ids[q.ID] = line
				out = append(out, q)
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
	}
	switch {
	case badLines == 1:
		return nil, errors.New("bot: " + bad[0])
	case badLines > maxBadLines:
		return nil, fmt.Errorf("bot: %s: %d bad lines, the first %d:\n%s", name, badLines, maxBadLines, strings.Join(bad, "\n"))
	case badLines > 0:
		return nil, fmt.Errorf("bot: %s: %d bad lines:\n%s", name, badLines, strings.Join(bad, "\n"))
	case len(out) == 0:
		return nil, fmt.Errorf("bot: %s: no questions", name)
	}
	return out, nil
}

// parseQuestion decodes and checks one question line (see ReadQuestions).
func parseQuestion(text string) (EvalQuestion, error) {
	var q EvalQuestion
	if off := corpus.InvalidUTF8Offset([]byte(text)); off >= 0 {
		return q, fmt.Errorf("invalid UTF-8 at byte %d of the line", off)
	}
	if err := json.Unmarshal([]byte(text), &q); err != nil {
		return q, jsonProblem(text, err)
	}
	if key := repeatedKey(text); key != "" {
		return q, fmt.Errorf("key %q given twice", key)
	}
	switch {
	case Blank(q.ID):
		return q, errors.New("no id: each question needs one, to name it in the misses")
	case strings.TrimSpace(q.Question) == "":
		return q, errors.New("no question")
	case utf8.RuneCountInString(CleanQuestion(q.Question)) > MaxQuestionRunes:
		n := utf8.RuneCountInString(CleanQuestion(q.Question))
		return q, fmt.Errorf("question %q is %d characters long: at most %d", q.ID, n, MaxQuestionRunes)
	case q.Unanswerable && len(q.ExpectAny) > 0:
		return q, fmt.Errorf("question %q is unanswerable but lists expect_any", q.ID)
	case !q.Unanswerable && len(q.ExpectAny) == 0:
		return q, fmt.Errorf("question %q has no expect_any and is not unanswerable", q.ID)
	}
	for _, e := range q.ExpectAny {
		if Blank(e) {
			return q, fmt.Errorf("question %q has a blank expect_any entry, which every passage would match", q.ID)
		}
	}
	return q, nil
}

// repeatedKey returns the first key that a JSON object (text, valid JSON) gives twice at its
// top level, in any case ("question" and "Question"), which json.Unmarshal would take
// silently, matching keys to fields whatever their case, the last value winning; "" when
// none is.
func repeatedKey(text string) string {
	dec := json.NewDecoder(strings.NewReader(text))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return ""
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return ""
		}
		key, _ := t.(string)
		if seen[strings.ToLower(key)] {
			return key
		}
		seen[strings.ToLower(key)] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return ""
		}
	}
	return ""
}

// jsonProblem says in words what is wrong with a line that did not decode into an
// EvalQuestion: not JSON, JSON but no object, or a field of the wrong type.
func jsonProblem(text string, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Errorf("not a JSON object: invalid JSON at column %d", syntax.Offset)
	case !strings.HasPrefix(text, "{"):
		return errors.New("not a JSON object")
	case errors.As(err, &typ):
		field, _, _ := strings.Cut(typ.Field, ".")
		want := map[string]string{"id": "a string", "question": "a string", "expect_any": "a list of strings", "unanswerable": "true or false"}[field]
		if want != "" {
			return fmt.Errorf("%s should be %s, not %s", field, want, jsonKind(typ.Value))
		}
	}
	return err
}

// jsonKind names a JSON value's kind as json.UnmarshalTypeError.Value gives it ("number",
// "string", "bool", "array", "object"), with an article.
func jsonKind(v string) string {
	switch v {
	case "array", "object":
		return "an " + v
	case "bool":
		return "true or false"
	}
	if strings.HasPrefix(v, "number") {
		return "a number"
	}
	return "a " + v
}

// ErrLineTooLong is returned by ReadLine for a line over its limit.
var ErrLineTooLong = errors.New("line too long")

// ErrBinaryInput is returned by ReadLine for a line over its limit that holds a NUL byte:
// binary input, not lines of text (/dev/zero is one line of NULs that never ends), which is
// not read further.
var ErrBinaryInput = errors.New("binary input (a NUL byte in a line over the length limit), not lines of text")

// ReadLine reads one line, without its line ending, of at most limit bytes from r. A line ends
// at LF, at CRLF or at a CR alone (old Mac OS line endings); after a CR, ReadLine waits for the
// next byte (or the end of input) to tell CRLF from a lone CR. A longer line is read to its
// end and skipped: ReadLine returns ErrLineTooLong for it, and the next call reads the next
// line; but one that holds a NUL byte past the limit is binary input, and ReadLine returns
// ErrBinaryInput as soon as it sees it. At the end of input it returns io.EOF with the last
// line, if any.
func ReadLine(r *bufio.Reader, limit int) (string, error) {
	var b []byte
	n := 0 // the line's length so far, in bytes
	for {
		if _, err := r.Peek(1); err != nil {
			if n > limit {
				return "", ErrLineTooLong
			}
			return string(b), err
		}
		buf, _ := r.Peek(r.Buffered())
		i := bytes.IndexAny(buf, "\r\n")
		if i < 0 {
			i = len(buf)
		}
		if n += i; n <= limit {
			b = append(b, buf[:i]...)
		} else {
			b = nil
			if bytes.IndexByte(buf[:i], 0) >= 0 {
				return "", ErrBinaryInput
			}
		}
		if i == len(buf) {
			r.Discard(i)
			continue
		}
		end := buf[i]
		r.Discard(i + 1)
		if end == '\r' {
			if next, err := r.Peek(1); err == nil && next[0] == '\n' {
				r.Discard(1) // CRLF: one line end
			}
		}
		if n > limit {
			return "", ErrLineTooLong
		}
		return string(b), nil
	}
}

// collapse lowercases s and turns every run of white space into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// Matches reports whether passage text contains one of expect, compared case-insensitively
// with every run of white space collapsed to one space (the shared corpus README's rule).
func Matches(text string, expect []string) bool {
	t := collapse(text)
	for _, e := range expect {
		if strings.Contains(t, collapse(e)) {
			return true
		}
	}
	return false
}

// EvalReport holds the scores of one retrieval mode over a question set.
type EvalReport struct {
	Mode Mode `json:"-"`
	// ModeName is Mode's name, for JSON.
	ModeName string `json:"mode"`
	// Answerable and Unanswerable count the questions of each kind.
	Answerable   int `json:"answerable"`
	Unanswerable int `json:"unanswerable"`
	// RecallAt1 and RecallAt5 are the shares of answerable questions with an expected passage
	// at rank 1, or within the first 5, of the retrieved passages (refusal not considered).
	RecallAt1 float64 `json:"recall_at_1"`
	RecallAt5 float64 `json:"recall_at_5"`
	// MRR10 is the mean reciprocal rank of the first expected passage within the first 10
	// (0 when none), over the answerable questions.
	MRR10 float64 `json:"mrr_at_10"`
	// RefusedRight counts unanswerable questions refused with no quote.
	RefusedRight int `json:"refused_right"`
	// WronglyRefused lists the IDs of answerable questions refused.
	WronglyRefused []string `json:"wrongly_refused"`
	// Misses lists answerable questions whose first passage was not expected, and
	// unanswerable questions that were answered.
	Misses []EvalMiss `json:"misses"`
}

// EvalMiss is one question answered wrong.
type EvalMiss struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	// Rank is the 1-based rank of the first expected passage within 10, 0 when none.
	Rank int `json:"rank"`
	// Got is the section and the start of the first passage retrieved.
	Got string `json:"got"`
	// Coverage is the first passage's Hit.SoftCoverage, which the refusal threshold
	// (MinCoverage) is set against.
	Coverage float64 `json:"coverage"`
	// Refused says whether the question was refused, and Refusal why.
	Refused bool   `json:"refused"`
	Refusal string `json:"refusal,omitempty"`
	// Unanswerable marks a question the set says the corpus cannot answer, which was
	// answered (Rank is then 0).
	Unanswerable bool `json:"unanswerable,omitempty"`
	// NoPassage marks an answerable question none of whose expected texts any passage of the
	// corpus holds (see Matches): no retrieval could find it, and the set has a typo or
	// expects a text the corpus lacks.
	NoPassage bool `json:"no_passage,omitempty"`
}

// Evaluate runs every question through Answerer.Retrieve (with its Mode; the passage it would
// quote first counts as rank 1), or, for one that asks who wrote a document, through its
// byline as Answer answers it, and scores the retrieval and refusals as the shared corpus
// README says: recall@1, recall@5 and MRR@10 over the
// answerable questions, refusals over the unanswerable ones. A miss with no expected passage
// in the first 10 is checked against every passage of the corpus (EvalMiss.NoPassage).
func Evaluate(ctx context.Context, a *Answerer, questions []EvalQuestion) (*EvalReport, error) {
	r := &EvalReport{Mode: a.Mode, ModeName: a.Mode.String(), WronglyRefused: []string{}, Misses: []EvalMiss{}}
	for _, q := range questions {
		hits, refusal, err := a.Retrieve(ctx, q.Question, 10)
		if err != nil {
			return nil, fmt.Errorf("bot: eval %s: %w", q.ID, err)
		}
		if p, _, why, ok := a.Index.byline(q.Question); ok {
			// Answered from the document's byline, as Answer does.
			hits, refusal = nil, why
			if p != nil {
				hits = []Hit{{Passage: p}}
			}
		}
		answered := refusal == ""
		miss := EvalMiss{ID: q.ID, Question: q.Question, Refused: !answered, Refusal: refusal}
		if len(hits) > 0 {
			p := hits[0].Passage
			miss.Got = clip(p.Text, 80)
			if sec := p.Section(); sec != "" {
				miss.Got = sec + ": " + miss.Got
			}
			miss.Coverage = hits[0].SoftCoverage
		}
		if q.Unanswerable {
			r.Unanswerable++
			if !answered {
				r.RefusedRight++
			} else {
				miss.Unanswerable = true
				r.Misses = append(r.Misses, miss)
			}
			continue
		}
		r.Answerable++
		if !answered {
			r.WronglyRefused = append(r.WronglyRefused, q.ID)
		}
		for i, h := range hits {
			if Matches(h.Passage.Text, q.ExpectAny) {
				miss.Rank = i + 1
				break
			}
		}
		if miss.Rank == 1 {
			r.RecallAt1++
		}
		if miss.Rank >= 1 && miss.Rank <= 5 {
			r.RecallAt5++
		}
		if miss.Rank >= 1 {
			r.MRR10 += 1 / float64(miss.Rank)
		}
		if miss.Rank == 0 {
			miss.NoPassage = !slices.ContainsFunc(a.Index.passages, func(p *corpus.Passage) bool { return Matches(p.Text, q.ExpectAny) })
		}
		if miss.Rank != 1 || !answered {
			r.Misses = append(r.Misses, miss)
		}
	}
	if r.Answerable > 0 {
		n := float64(r.Answerable)
		r.RecallAt1 /= n
		r.RecallAt5 /= n
		r.MRR10 /= n
	}
	return r, nil
}

// clip returns s with white space collapsed, cut to at most n runes with "…".
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

package quiz

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"
)

var (
	// ErrClosed means an answer came when no question was open: before the first, after the
	// reveal or the deadline, or after the quiz ended.
	ErrClosed = errors.New("quiz: the question is closed")
	// ErrOver means the quiz has no question left.
	ErrOver = errors.New("quiz: no question left")
)

// Session is one quiz run in a channel: its items, the question being asked, each member's
// answers and the scores. A front end drives it — Next to ask, Answer as members click,
// Reveal when the time is up, Leaderboard at the end — and saves it (it marshals to JSON
// with encoding/json) after each step, so that a quiz running when the bot stops can be
// loaded again and resumed, or closed with its results. A Session is not safe for
// concurrent use; the front end serialises the calls for one session.
//
// One answer counts per member and question: a member may change it while the question is
// open (until Reveal or the deadline), and the last answer counts.
type Session struct {
	// ID identifies the session (the front end chooses it, e.g. the channel and start time).
	ID string `json:"id"`
	// Channel is the chat channel the quiz runs in; Topic, what its items were chosen by.
	Channel string `json:"channel"`
	Topic   string `json:"topic,omitempty"`
	// Items are the questions, in the order asked.
	Items []Item `json:"items"`
	// Seconds is the time allowed for each question (0: no deadline).
	Seconds int `json:"seconds"`
	// Current is the index of the question asked last; -1 before the first.
	Current int `json:"current"`
	// Open is true while the current question takes answers; Deadline is when it closes.
	Open     bool      `json:"open"`
	Deadline time.Time `json:"deadline,omitzero"`
	// Answers are the members' answers by question index: member ID → option index.
	Answers []map[string]int `json:"answers"`
	// Names are the members' display names by ID, as last seen.
	Names map[string]string `json:"names"`
	// Started and Ended are when the quiz began and ended (zero while it runs).
	Started time.Time `json:"started"`
	Ended   time.Time `json:"ended,omitzero"`
}

// NewSession returns a session of items for channel, not yet asking (Current -1).
func NewSession(id, channel, topic string, items []Item, seconds int, now time.Time) *Session {
	return &Session{ID: id, Channel: channel, Topic: topic, Items: items, Seconds: seconds, Current: -1,
		Answers: make([]map[string]int, len(items)), Names: map[string]string{}, Started: now.UTC()}
}

// LoadSession reads a session saved as JSON (see Session). Errors: malformed JSON, answers
// not matching the items, an item that fails Item.CheckOptions, or an answer naming none of
// its item's options (a saved state changed by hand, which would panic in a reveal).
func LoadSession(data []byte) (*Session, error) {
	var s Session
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("quiz: load session: %w", err)
	}
	if len(s.Answers) != len(s.Items) || s.Current < -1 || s.Current >= len(s.Items) {
		return nil, fmt.Errorf("quiz: load session %s: %d answer sets for %d items, current %d", s.ID, len(s.Answers), len(s.Items), s.Current)
	}
	for q := range s.Items {
		it := &s.Items[q]
		if err := it.CheckOptions(); err != nil {
			return nil, fmt.Errorf("quiz: load session %s: item %s: %w", s.ID, it.ID, err)
		}
		for m, o := range s.Answers[q] {
			if o < 0 || o >= len(it.Options) {
				return nil, fmt.Errorf("quiz: load session %s: item %s: member %s answered %d, none of its %d options", s.ID, it.ID, m, o, len(it.Options))
			}
		}
	}
	if s.Names == nil {
		s.Names = map[string]string{}
	}
	return &s, nil
}

// Done reports whether the quiz has ended (Finish) or its last question was revealed.
func (s *Session) Done() bool {
	return !s.Ended.IsZero() || (s.Current == len(s.Items)-1 && !s.Open)
}

// Question returns the current question, or nil before the first.
func (s *Session) Question() *Item {
	if s.Current < 0 {
		return nil
	}
	return &s.Items[s.Current]
}

// Next opens the next question at now, with its deadline, and returns it. The previous
// question is closed first (its answers stay). Errors: ErrOver when none is left or the quiz
// has ended.
func (s *Session) Next(now time.Time) (*Item, error) {
	if !s.Ended.IsZero() || s.Current+1 >= len(s.Items) {
		return nil, ErrOver
	}
	s.Current++
	s.Open = true
	s.Deadline = time.Time{}
	if s.Seconds > 0 {
		s.Deadline = now.UTC().Add(time.Duration(s.Seconds) * time.Second)
	}
	return &s.Items[s.Current], nil
}

// Answer records member's answer (option index) to the current question at now; name is
// the member's display name. A later answer by the same member replaces the earlier one.
// Errors: ErrClosed when no question is open or its deadline has passed; ErrBadOption.
func (s *Session) Answer(member, name string, option int, now time.Time) error {
	if !s.Open || s.Current < 0 || (!s.Deadline.IsZero() && now.After(s.Deadline)) {
		return ErrClosed
	}
	if option < 0 || option >= len(s.Items[s.Current].Options) {
		return ErrBadOption
	}
	if s.Answers[s.Current] == nil {
		s.Answers[s.Current] = map[string]int{}
	}
	s.Answers[s.Current][member] = option
	if name != "" {
		s.Names[member] = name
	}
	return nil
}

// Result is one member's final answer to one question.
type Result struct {
	// Question is the question's index in the session; ItemID, its item.
	Question int
	ItemID   string
	Member   string
	Name     string
	// Option is the index answered; Correct whether it is the right one.
	Option  int
	Correct bool
}

// Reveal is what the end of a question shows: the item (its right answer and source), how
// many chose each option and each member's result.
type Reveal struct {
	Item *Item
	// Counts is how many members chose each option; Right how many chose the right one.
	Counts []int
	Right  int
	// Results are by member ID.
	Results []Result
}

// Reveal closes the current question (if open) and returns its reveal. It may be called
// again, e.g. after a restart, with the same result. Errors: ErrClosed before the first
// question.
func (s *Session) Reveal() (Reveal, error) {
	if s.Current < 0 {
		return Reveal{}, ErrClosed
	}
	s.Open = false
	return s.reveal(s.Current), nil
}

func (s *Session) reveal(q int) Reveal {
	it := &s.Items[q]
	r := Reveal{Item: it, Counts: make([]int, len(it.Options))}
	for m, o := range s.Answers[q] {
		ok := o == it.Answer
		r.Counts[o]++
		if ok {
			r.Right++
		}
		r.Results = append(r.Results, Result{Question: q, ItemID: it.ID, Member: m, Name: s.Names[m], Option: o, Correct: ok})
	}
	sort.Slice(r.Results, func(i, j int) bool { return r.Results[i].Member < r.Results[j].Member })
	return r
}

// Finish ends the quiz at now, closing the current question. Later calls change nothing.
func (s *Session) Finish(now time.Time) {
	s.Open = false
	if s.Ended.IsZero() {
		s.Ended = now.UTC()
	}
}

// Score is a member's result over a quiz or over many.
type Score struct {
	Member string
	Name   string
	// Right counts right answers; Answered, questions answered.
	Right, Answered int
}

// Leaderboard returns the scores of the members who answered a question that is closed (the
// open one is not counted yet): most right first, then fewest answered, then by name.
func (s *Session) Leaderboard() []Score {
	by := map[string]*Score{}
	for q := 0; q <= s.Current && q < len(s.Items); q++ {
		if q == s.Current && s.Open {
			break
		}
		for _, r := range s.reveal(q).Results {
			sc := by[r.Member]
			if sc == nil {
				sc = &Score{Member: r.Member, Name: r.Name}
				by[r.Member] = sc
			}
			sc.Answered++
			if r.Correct {
				sc.Right++
			}
		}
	}
	out := make([]Score, 0, len(by))
	for _, sc := range by {
		out = append(out, *sc)
	}
	SortScores(out)
	return out
}

// SortScores orders scores for a leaderboard: most right first, then fewest answered, then
// by name and member ID.
func SortScores(scores []Score) {
	sort.Slice(scores, func(i, j int) bool {
		a, b := scores[i], scores[j]
		if a.Right != b.Right {
			return a.Right > b.Right
		}
		if a.Answered != b.Answered {
			return a.Answered < b.Answered
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Member < b.Member
	})
}

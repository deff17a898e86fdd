package bot

import (
	"errors"
	"time"
)

// Feedback is one user's vote on an answer.
type Feedback struct {
	// PassageID is the passage the answer quoted first.
	PassageID string
	// QuestionHash is 12 hex digits of the SHA-256 of the question asked.
	QuestionHash string
	// UserID is the voter's chat user ID.
	UserID string
	// Helpful is the vote: true for 👍, false for 👎.
	Helpful bool
	// Time is when the vote was cast (UTC).
	Time time.Time
}

// ErrGapsFull means that a store of gaps did not record a refused question because it keeps
// as many distinct questions as it will (library.MaxGaps); those it keeps are still counted.
// Nothing failed: a front end logs it in detail only.
var ErrGapsFull = errors.New("refused question not recorded: the most distinct questions kept are recorded")

// Gap is a question the corpus could not answer, with how often it was asked.
type Gap struct {
	// Question is the question as first asked.
	Question string
	// Count is how many times it was asked (compared case- and space-insensitively).
	Count int
	// Last is when it was last asked (UTC).
	Last time.Time
}

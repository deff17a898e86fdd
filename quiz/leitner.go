package quiz

import "time"

// Boxes is the number of Leitner boxes.
const Boxes = 5

// Intervals are the days an item waits in each Leitner box (box 1 first) before it is due
// again: 1, 2, 4, 8 and 16 days — the doubling intervals of Sebastian Leitner's card box
// (Leitner 1972, "So lernt man lernen"), as popularised.
var Intervals = [Boxes]int{1, 2, 4, 8, 16}

// Review is where one member stands with one item in spaced repetition.
type Review struct {
	Member string
	ItemID string
	// Box is 1 to Boxes.
	Box int
	// Due is when the item is next to be asked (UTC).
	Due time.Time
}

// Schedule returns the review after an answer at now. A wrong answer sends the item to box 1;
// missed in a quiz (first is true: the member had no schedule for it) it is due at once, so
// that a learner can drill it right after the quiz, and missed again in review it is due in a
// day. A right answer moves it up one box (at most Boxes) and makes it due after that box's
// interval; an item answered right in a quiz that was never missed gets no schedule (ok false).
func Schedule(prev Review, first, correct bool, now time.Time) (next Review, ok bool) {
	next = prev
	now = now.UTC()
	switch {
	case !correct && first:
		next.Box, next.Due = 1, now
	case !correct:
		next.Box, next.Due = 1, now.AddDate(0, 0, Intervals[0])
	case first:
		return prev, false
	default:
		next.Box = min(prev.Box+1, Boxes)
		next.Due = now.AddDate(0, 0, Intervals[next.Box-1])
	}
	return next, true
}

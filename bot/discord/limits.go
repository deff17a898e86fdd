package discord

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiters holds the per-user rate limiters. A limiter untouched for as long as it takes to
// refill its burst is full again, as a new one would be: such limiters are dropped, all of
// them at most once per that time, so that the map holds only the users of the last minutes
// however many users the bot has seen.
type limiters struct {
	mu    sync.Mutex
	users map[string]*userLimit
	swept time.Time // when idle limiters were last dropped
}

// userLimit is one user's limiter and when it was last used.
type userLimit struct {
	lim  *rate.Limiter
	used time.Time
}

// allow reports whether user may go on at now, with perMinute per minute and burst at once,
// and drops the limiters idle for longer than it takes to refill the burst.
func (l *limiters) allow(user string, now time.Time, perMinute float64, burst int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	refill := time.Duration(float64(burst) / perMinute * float64(time.Minute))
	if now.Sub(l.swept) > refill {
		for id, u := range l.users {
			if now.Sub(u.used) > refill {
				delete(l.users, id)
			}
		}
		l.swept = now
	}
	if l.users == nil {
		l.users = map[string]*userLimit{}
	}
	u := l.users[user]
	if u == nil {
		u = &userLimit{lim: rate.NewLimiter(rate.Limit(perMinute/60), burst)}
		l.users[user] = u
	}
	u.used = now
	return u.lim.AllowN(now, 1)
}

// len is how many limiters are held.
func (l *limiters) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.users)
}

// Bounds of the threads remembered, in memory (see threads) and in the Store (see
// Bot.saveThread).
const (
	// threadAge is how long a thread's question is kept after the thread started: a week,
	// long past the day of inactivity after which Discord archives the thread.
	threadAge = 7 * 24 * time.Hour
	// maxThreads is the most threads remembered; past it, the oldest are forgotten.
	maxThreads = 10000
)

// threads remembers the question each thread the bot started was started on, for its
// follow-ups: for threadAge, and for the maxThreads newest threads. A follow-up in a thread
// not remembered here (the bot restarted since it started the thread) is read with the
// question the Store kept, if any, else answered alone (see Bot.threadQuestion).
type threads struct {
	mu    sync.Mutex
	byID  map[string]threadStart
	order []string // thread IDs, oldest first
}

// threadStart is a thread's question and when the thread started.
type threadStart struct {
	question string
	started  time.Time
}

// store remembers that thread id was started at now on question, and forgets the threads
// past threadAge or beyond maxThreads.
func (t *threads) store(id, question string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.byID == nil {
		t.byID = map[string]threadStart{}
	}
	if _, ok := t.byID[id]; !ok {
		t.order = append(t.order, id)
	}
	t.byID[id] = threadStart{question: question, started: now}
	for len(t.order) > 0 {
		first := t.byID[t.order[0]]
		if len(t.order) <= maxThreads && now.Sub(first.started) <= threadAge {
			break
		}
		delete(t.byID, t.order[0])
		t.order = t.order[1:]
	}
}

// question returns the question thread id was started on, if the thread is remembered and
// started at most threadAge before now.
func (t *threads) question(id string, now time.Time) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	th, ok := t.byID[id]
	if !ok || now.Sub(th.started) > threadAge {
		return "", false
	}
	return th.question, true
}

// len is how many threads are remembered.
func (t *threads) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.byID)
}

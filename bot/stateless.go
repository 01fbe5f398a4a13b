package bot

import (
	"strconv"
	"sync"
	"time"
)

// While Redis cannot be reached the dispatcher knows neither which updates
// it handled before (Redis's cheap answer), nor anyone's conversation, nor
// the counts of the rate limits. Most updates are then answered with the
// error (the officer tries again in a few minutes), but a route that needs
// no conversation (Router.WithoutState: a /submit whose caption says
// everything, /start with an invite code) is handled all the same:
// de-duplication falls back to SQLite's handled mark, which is written in
// the update's transaction anyway and is the authority, and the limits are
// counted in this process's memory (localHits) instead of in Redis, so that
// neither a flood nor guessing invite codes gets a free pass during an
// outage, and nobody enrolled is shut out either. An update that needs no
// answer at all (a plain message in a group) is recorded as usual and stays
// unanswered.

// WithoutState marks the updates of /name for which ok holds as needing no
// conversation state: they are handled while Redis is down. The handler
// then sees no conversation, and a conversation change it makes is lost
// (a save is owned up to, as when Redis fails after a commit).
func (r *Router) WithoutState(name string, ok func(u *Update) bool) {
	rt, found := r.commands[name]
	if !found {
		panic("bot: WithoutState of unregistered command /" + name)
	}
	rt.stateless = ok
	r.commands[name] = rt
}

// needsNoState reports whether rt may handle u without Redis.
func (rt *route) needsNoState(u *Update) bool { return rt.stateless != nil && rt.stateless(u) }

// localHitsMax bounds the counters kept in memory.
const localHitsMax = 10000

// localHits counts events per key in fixed windows, as the state store's
// Hits does, in this process's memory: the rate limits while Redis is down.
type localHits struct {
	mu sync.Mutex
	m  map[string]localWindow
}

type localWindow struct {
	until time.Time
	n     int64
}

// hit counts one event of key in a window that starts with the key's
// first event, and returns the count, this one included.
func (l *localHits) hit(key string, window time.Duration, now time.Time) int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = map[string]localWindow{}
	}
	w, ok := l.m[key]
	if !ok || !now.Before(w.until) {
		if len(l.m) >= localHitsMax {
			for k, w := range l.m {
				if !now.Before(w.until) {
					delete(l.m, k)
				}
			}
			if len(l.m) >= localHitsMax {
				clear(l.m) // a flood of distinct people: start counting afresh
			}
		}
		w = localWindow{until: now.Add(window)}
	}
	w.n++
	l.m[key] = w
	return w.n
}

// floodKey names the flood counter of a person.
func floodKey(person int64) string { return "flood:" + strconv.FormatInt(person, 10) }

package bot

import "time"

// window is a sliding-window limit: at most n events in any span of per.
// Telegram documents its limits this way ("20 messages per minute in a
// group"), and a sliding log, unlike a token bucket, never lets 2n through
// in one window.
type window struct {
	n     int
	per   time.Duration
	times []time.Time // ring of the last n event times
	next  int
	count int
}

// margin pads every window: we time a send when we start it, Telegram when
// it arrives, and a few milliseconds of jitter would otherwise turn an
// exact 20th message in 60 s into a 429. 2 % plus 20 ms keeps bursts within
// a few percent of the theoretical minimum.
func margin(per time.Duration) time.Duration { return per/50 + 20*time.Millisecond }

func newWindow(n int, per time.Duration) *window {
	if n < 1 {
		n = 1
	}
	return &window{n: n, per: per + margin(per), times: make([]time.Time, n)}
}

// earliest is the first instant at or after now when one more event fits.
func (w *window) earliest(now time.Time) time.Time {
	if w.count < w.n {
		return now
	}
	oldest := w.times[w.next] // the ring is full: next is the oldest slot
	if t := oldest.Add(w.per); t.After(now) {
		return t
	}
	return now
}

// add records an event at t.
func (w *window) add(t time.Time) {
	w.times[w.next] = t
	w.next = (w.next + 1) % w.n
	if w.count < w.n {
		w.count++
	}
}

// Limits are Telegram's flood limits as the outbox applies them.
type Limits struct {
	GlobalPerSecond  int // messages per second over all chats (30)
	PrivatePerSecond int // sustained rate in one private chat (1)
	PrivateBurst     int // messages a private chat may get at once (3)
	GroupPerMinute   int // messages per minute in one group (20)
}

// DefaultLimits are the documented Bot API limits.
var DefaultLimits = Limits{GlobalPerSecond: 30, PrivatePerSecond: 1, PrivateBurst: 3, GroupPerMinute: 20}

// pacer holds the windows of one chat.
type pacer []*window

func newPacer(l Limits, chatID int64) pacer {
	if chatID < 0 { // groups and supergroups have negative ids
		// About one message a second in any chat, and 20 a minute in a group.
		return pacer{newWindow(1, time.Second), newWindow(l.GroupPerMinute, time.Minute)}
	}
	burst := l.PrivateBurst
	rate := l.PrivatePerSecond
	if rate < 1 {
		rate = 1
	}
	if burst < 1 {
		burst = 1
	}
	return pacer{newWindow(burst, time.Duration(burst)*time.Second/time.Duration(rate))}
}

func (p pacer) earliest(now time.Time) time.Time {
	t := now
	for _, w := range p {
		if e := w.earliest(now); e.After(t) {
			t = e
		}
	}
	return t
}

func (p pacer) add(t time.Time) {
	for _, w := range p {
		w.add(t)
	}
}

package redis

import (
	"fmt"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// expireEvery is how often the embedded Redis moves its TTLs on. Keys
// expire at most this late, which no TTL of ours (a 10 s flood window at
// the shortest) notices.
const expireEvery = 250 * time.Millisecond

// Embedded is an in-process Redis (miniredis) for a single-machine deployment
// without a Redis server, and for development. Connect a Store to Addr().
//
// Its state lives in this process's memory only: it does not survive a
// restart, so after one every officer's open wizard is gone and the dedupe
// marks are lost (the durable store's own mark still stops an update from
// being handled twice).
// Use a real Redis where officers must resume after a restart.
type Embedded struct {
	mr   *miniredis.Miniredis
	stop chan struct{}
	done chan struct{}
	once sync.Once

	mu   sync.Mutex
	now  func() time.Time
	last time.Time // the clock reading TTLs were last moved on to
}

// StartEmbedded starts an in-process Redis on a free localhost port.
//
// miniredis only expires keys when told to, because it is built for tests.
// Its ClockTTL mode follows the wall clock, but it moves every key's TTL on
// before every command, so each command costs more as keys pile up (72 % of
// the bot's CPU under load went there). Instead a ticker moves the TTLs on
// four times a second: conversations still time out and dedupe marks still
// go, and a command costs the same however many keys there are.
func StartEmbedded() (*Embedded, error) {
	mr, err := miniredis.Run()
	if err != nil {
		return nil, fmt.Errorf("start embedded redis: %w", err)
	}
	e := &Embedded{mr: mr, stop: make(chan struct{}), done: make(chan struct{}), now: time.Now}
	e.last = e.now()
	go e.expireLoop()
	return e, nil
}

func (e *Embedded) expireLoop() {
	defer close(e.done)
	t := time.NewTicker(expireEvery)
	defer t.Stop()
	for {
		select {
		case <-e.stop:
			return
		case <-t.C:
			e.expire()
		}
	}
}

// expire moves every TTL on by the time elapsed since the last call,
// removing what has expired. A clock that went backwards moves nothing.
func (e *Embedded) expire() {
	e.mu.Lock()
	now := e.now()
	elapsed := now.Sub(e.last)
	if elapsed > 0 {
		e.last = now
	}
	e.mu.Unlock()
	if elapsed > 0 {
		e.mr.FastForward(elapsed)
	}
}

// Addr is the host:port to pass as Options.Addr.
func (e *Embedded) Addr() string { return e.mr.Addr() }

// Close stops the server and drops its state; calling it again does nothing.
func (e *Embedded) Close() {
	e.once.Do(func() {
		close(e.stop)
		<-e.done
		e.mr.Close()
	})
}

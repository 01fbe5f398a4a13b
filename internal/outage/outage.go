// Package outage keeps a database that cannot write (a full disk, a file
// system gone read-only) from flooding the log. Every component that meets
// coord.ErrCannotWrite — the dispatcher, the poller, the outbox sender, the
// scheduler, the archive — reports to one Watch shared by the process. It
// writes one ERROR line a minute at most about it, says in the next line
// how many it kept back (and counts each in a metric), and says once when
// writes work again. Other errors pass through unchanged.
package outage

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// DefaultEvery is the least time between two lines about the condition.
const DefaultEvery = time.Minute

// Watch follows whether the database can write. Its methods are safe for
// concurrent use, and on a nil *Watch, which logs every line as given.
type Watch struct {
	// Every is the least time between two lines about the condition
	// (DefaultEvery when zero).
	Every time.Duration
	// Suppressed counts a line kept back, by the component that would
	// have written it; nil counts nothing.
	Suppressed func(component string)
	// Now is the clock; nil is time.Now.
	Now func() time.Time

	// isDown mirrors down for Wrote's fast path (every update calls it).
	isDown atomic.Bool

	mu       sync.Mutex
	down     bool
	since    time.Time // the first failure of this outage
	logged   time.Time // the last line about it
	kept     int       // lines kept back since that line
	failures int       // failures reported in this outage
}

// Error logs msg with err and args at ERROR on log, unless err is the
// database refusing to write (coord.CannotWrite) and a line about that was
// written within Every: then it is only counted. component names the
// caller for the metric (its logger carries it already).
func (w *Watch) Error(log *slog.Logger, component, msg string, err error, args ...any) {
	w.log(log, slog.LevelError, component, msg, err, args)
}

// Warn is Error for a line that is a warning when the cause is anything
// else; a database that cannot write is always logged at ERROR.
func (w *Watch) Warn(log *slog.Logger, component, msg string, err error, args ...any) {
	w.log(log, slog.LevelWarn, component, msg, err, args)
}

func (w *Watch) log(log *slog.Logger, level slog.Level, component, msg string, err error, args []any) {
	args = append(args, "err", err)
	if w == nil || !coord.CannotWrite(err) {
		log.Log(context.Background(), level, msg, args...)
		return
	}
	w.mu.Lock()
	now := w.now()
	if !w.down {
		// A new outage; the time of the last line is kept, so that a disk
		// that is nearly full (a write fits now and then, the next does
		// not) still gets one line a minute, not one per flap.
		w.down, w.since, w.failures = true, now, 0
		w.kept = 0
		w.isDown.Store(true)
	}
	w.failures++
	every := w.Every
	if every <= 0 {
		every = DefaultEvery
	}
	if !w.logged.IsZero() && now.Sub(w.logged) < every {
		w.kept++
		w.mu.Unlock()
		if w.Suppressed != nil {
			w.Suppressed(component)
		}
		return
	}
	kept, since := w.kept, w.since
	w.logged, w.kept = now, 0
	w.mu.Unlock()
	args = append(args, "database_unwritable_for", now.Sub(since).Round(time.Second).String(),
		"suppressed", kept, "suppressed_every", every.String())
	log.Error(msg, args...)
}

// Wrote reports a write that succeeded: after an outage, it logs once that
// the database writes again, with how long it could not and how many
// failures were reported meanwhile.
func (w *Watch) Wrote(log *slog.Logger) {
	if w == nil || !w.isDown.Load() {
		return
	}
	w.mu.Lock()
	if !w.down {
		w.mu.Unlock()
		return
	}
	now := w.now()
	failures, kept, since := w.failures, w.kept, w.since
	w.down, w.kept, w.failures = false, 0, 0
	w.isDown.Store(false)
	w.mu.Unlock()
	log.Info("database writes again", "unwritable_for", now.Sub(since).Round(time.Second).String(),
		"failures", failures, "suppressed", kept)
}

// Down reports whether the last write reported failed because the
// database cannot write.
func (w *Watch) Down() bool {
	return w != nil && w.isDown.Load()
}

func (w *Watch) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

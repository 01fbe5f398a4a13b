package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// An update goes through the dispatcher as a chain of middleware, listed
// once in Dispatcher.pipeline. Each piece is one function: it may answer the
// update itself (return without calling next), refuse it (return an error,
// which answerErrors renders), or pass it on.

// updateHandler handles one update on its way through the dispatcher. The
// error it returns is what the update is answered with (a refusal, a
// handler's failure, a panic), except a notRecorded one: the database
// failed, the update was not handled and must be offered again.
type updateHandler func(ctx context.Context, dl *delivery) error

// middleware wraps the rest of the chain.
type middleware func(next updateHandler) updateHandler

// compose chains ms in the order listed: the first is the outermost, the
// first to see an update and the last to see its outcome.
func compose(ms ...middleware) middleware {
	return func(h updateHandler) updateHandler {
		for i := len(ms) - 1; i >= 0; i-- {
			h = ms[i](h)
		}
		return h
	}
}

// delivery is one update on its way through the chain, with what the
// pieces learn about it.
type delivery struct {
	u       Update // prepare may replace it inside the transaction
	adm     admission
	prepare prepareFunc
	ledger  *convLedger

	// Inside the transaction (below inTransaction): the update's context
	// and its route.
	c     *Context
	route *route

	// What answerErrors does once the chain returns.
	skip     bool // handled before (SQLite's mark) or nothing left to handle
	silent   bool // recorded as handled, unanswered and unlogged (a flood)
	queued   int
	onCommit []func()
	done     *Context // the committed update's context
	// fetched are the files downloaded for the handler (Context.Download).
	fetched map[string]fetched

	// mark is the outcome: mark the update handled in Redis (it was
	// handled now, with Redis available).
	mark bool
	// stateDown says the error answered is Redis's, met before the
	// handler (admission or prefetch): counted as state_unavailable.
	stateDown bool
}

// notRecorded is a database failure: the update was not recorded.
type notRecorded struct{ err error }

func (e notRecorded) Error() string { return e.err.Error() }
func (e notRecorded) Unwrap() error { return e.err }

// perChatOrder handles one update of a chat at a time (HandleBatch also
// gives each chat of a batch one worker, which keeps the chat's order).
func perChatOrder(d *Dispatcher) middleware {
	return func(next updateHandler) updateHandler {
		return func(ctx context.Context, dl *delivery) error {
			unlock := d.locks.lock(dl.u.Chat.ID)
			defer unlock()
			return next(ctx, dl)
		}
	}
}

// dedupe skips, quietly, an update Redis remembers as handled. Redis only
// answers the cheap question first: SQLite's handled mark, which
// inTransaction writes in the same transaction as the update's effects, is
// the authority.
func dedupe(d *Dispatcher) middleware {
	return func(next updateHandler) updateHandler {
		return func(ctx context.Context, dl *delivery) error {
			if dl.adm.err == nil && dl.adm.seen {
				d.log.Debug("duplicate update skipped", "update", dl.u.ID)
				return nil
			}
			return next(ctx, dl)
		}
	}
}

// answerErrors answers an error from the rest of the chain: it is logged,
// and the router's error sink renders it in a fresh transaction (the failed
// one rolled back), which marks the update handled. Then, the update
// recorded, the outbox is woken, the conversation written to Redis and the
// handler's OnCommit functions run.
func answerErrors(d *Dispatcher) middleware {
	return func(next updateHandler) updateHandler {
		return func(ctx context.Context, dl *delivery) error {
			start := time.Now()
			m := d.metrics()
			err := next(ctx, dl)
			if dl.silent {
				if err == nil {
					m.UpdateHandled(updateKind(&dl.u), time.Since(start))
					m.Refused("flood_dropped")
				}
				return err
			}
			var nr notRecorded
			var answered error
			quiet := false // a stranger to leave unanswered, even on a full disk
			switch {
			case errors.As(err, &nr):
				err = nr.err
			case coord.CannotWrite(err):
				// A statement of the handler could not write: neither
				// can its answer be recorded. Not recorded, offered again.
			case err != nil && d.quietStranger(dl, err):
				// Told within the hour: recorded as handled, unanswered.
				quiet = true
				err = d.store.Update(ctx, func(tx coord.Tx) error {
					_, err := tx.MarkUpdateHandled(ctx, dl.u.ID, d.now())
					return err
				})
				if err == nil {
					m.UpdateHandled(updateKind(&dl.u), time.Since(start))
					m.Refused("stranger_quiet")
					dl.mark = dl.adm.err == nil
					return nil
				}
			case err != nil:
				answered = err
				err = d.answerError(ctx, dl, err)
			}
			if err != nil {
				if coord.CannotWrite(err) && !quiet {
					d.tellUnwritable(ctx, dl.u, err)
				}
				d.Outage.Error(d.log, "dispatch", "update not recorded; it will be retried", err, "update", dl.u.ID, "chat", dl.u.Chat.ID)
				m.UpdateNotRecorded(updateKind(&dl.u))
				return err
			}
			d.Outage.Wrote(d.log)
			if !dl.skip {
				m.UpdateHandled(updateKind(&dl.u), time.Since(start))
				countAnswered(m, dl, answered)
			}
			if dl.queued > 0 {
				d.notify()
			}
			if dl.done != nil {
				d.applyState(ctx, dl.u, dl.done, dl.ledger)
			}
			for _, f := range dl.onCommit {
				f()
			}
			d.log.Debug("update handled", "update", dl.u.ID, "chat", dl.u.Chat.ID, "command", dl.u.Command,
				"skipped", dl.skip, "took", time.Since(start))
			dl.mark = !dl.skip && dl.adm.err == nil
			return nil
		}
	}
}

// strangerQuietFor is how long a stranger refused in a group hears nothing
// more there: a group shares 20 messages a minute, and its reports and
// request cards must not queue behind refusals to someone typing commands.
const strangerQuietFor = time.Hour

// quietStranger reports whether err refuses a stranger's command in a group
// where that stranger was already told within strangerQuietFor; the first
// refusal is answered (and remembered), the rest are dropped. A button's
// refusal is a toast, which costs the group nothing, and is always given.
func (d *Dispatcher) quietStranger(dl *delivery, err error) bool {
	var rf *Refusal
	if !errors.As(err, &rf) || rf.Reason != RefusedStranger || dl.u.Chat.Private() || dl.u.Callback != nil {
		return false
	}
	return !d.strangers.first(dl.u.Chat.ID, dl.u.From.ID, d.now(), strangerQuietFor)
}

// quietLog remembers when each (chat, person) was last answered.
type quietLog struct {
	mu   sync.Mutex
	told map[[2]int64]time.Time
}

// first reports whether (chat, person) was not told within window before
// now, and if so records now as the time they were.
func (q *quietLog) first(chat, person int64, now time.Time, window time.Duration) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.told == nil {
		q.told = map[[2]int64]time.Time{}
	}
	k := [2]int64{chat, person}
	if at, ok := q.told[k]; ok && now.Sub(at) < window {
		return false
	}
	if len(q.told) >= 10000 { // bounded: forget whoever's hour is over
		for k, at := range q.told {
			if now.Sub(at) >= window {
				delete(q.told, k)
			}
		}
	}
	q.told[k] = now
	return true
}

// countAnswered counts the refusal or panic an update was answered with
// (nothing for a handler's own error, which the handler words).
func countAnswered(m Metrics, dl *delivery, err error) {
	var rf *Refusal
	var pe *PanicError
	switch {
	case err == nil:
	case errors.As(err, &rf):
		m.Refused(rf.Reason.String())
	case dl.stateDown:
		m.Refused("state_unavailable")
	case errors.As(err, &pe):
		m.HandlerPanicked()
	}
}

// answerError logs handlerErr and has the error sink answer it.
func (d *Dispatcher) answerError(ctx context.Context, dl *delivery, handlerErr error) error {
	d.logHandlerError(dl.u, handlerErr)
	dl.skip = false
	return d.store.Update(ctx, func(tx coord.Tx) error {
		c, err := d.begin(ctx, tx, dl)
		if err != nil || c == nil {
			return err
		}
		if d.router.Errors != nil {
			d.router.Errors(ctx, c, handlerErr)
		}
		if err := c.Answer(ctx, "", false); err != nil {
			return err
		}
		dl.queued = c.queued
		return nil
	})
}

// floodLimit answers the FloodLimit+1th update of a person within
// FloodWindow with one refusal (RefusedFlood), and records the ones past it
// as handled without answering them, so that a flood cannot queue unbounded
// work.
func floodLimit(d *Dispatcher) middleware {
	return func(next updateHandler) updateHandler {
		return func(ctx context.Context, dl *delivery) error {
			// Counted by Redis, or in memory while Redis is down (admit).
			if d.FloodLimit > 0 && dl.adm.hits > 0 {
				switch {
				case dl.adm.hits == d.FloodLimit+1:
					return &Refusal{Reason: RefusedFlood, Route: dl.u.Command}
				case dl.adm.hits > d.FloodLimit+1:
					// Already told; record the update as handled and do nothing.
					dl.silent = true
					return d.store.Update(ctx, func(tx coord.Tx) error {
						_, err := tx.MarkUpdateHandled(ctx, dl.u.ID, d.now())
						return err
					})
				}
			}
			return next(ctx, dl)
		}
	}
}

// stateAvailable answers an update Redis could not say anything about
// with Redis's error at once, without first opening a transaction only to
// roll it back, unless it needs no conversation (see stateless.go): one
// whose route says so, or one that needs no answer at all, goes on, and
// SQLite's handled mark alone keeps it from being handled twice.
func stateAvailable(d *Dispatcher) middleware {
	return func(next updateHandler) updateHandler {
		return func(ctx context.Context, dl *delivery) error {
			if dl.adm.err != nil {
				rt, err := d.router.find(&dl.u)
				if err == nil && (rt == nil || rt.needsNoState(&dl.u)) {
					return next(ctx, dl)
				}
				dl.stateDown = true
				return dl.adm.err
			}
			return next(ctx, dl)
		}
	}
}

// inTransaction reads what the handler needs from Redis (prefetch), then
// opens the update's transaction: it marks the update handled (skipped if
// it was, or has nothing left to handle), builds its context, finds its
// route, and runs the rest of the chain inside; an error rolls it all back.
// The single database writer never waits on Redis: what the handler
// changes there is written by answerErrors after the commit.
func inTransaction(d *Dispatcher) middleware {
	return func(next updateHandler) updateHandler {
		return func(ctx context.Context, dl *delivery) error {
			pre, err := d.prefetch(ctx, &dl.u, dl.adm, dl.ledger)
			if err != nil {
				dl.stateDown = true
				return err
			}
			for round := 0; ; round++ {
				handlerErr, err := d.runInTx(ctx, dl, pre, next)
				var nf *needFile
				if round < maxFetchRounds && errors.As(handlerErr, &nf) && d.Files != nil {
					if dl.fetched == nil {
						dl.fetched = map[string]fetched{}
					}
					if _, done := dl.fetched[nf.fileID]; !done {
						dl.fetched[nf.fileID] = d.fetch(ctx, nf)
						continue
					}
				}
				switch {
				case handlerErr != nil && (err == nil || errors.Is(err, errRollback)):
					return handlerErr
				case err != nil:
					return notRecorded{err}
				}
				return nil
			}
		}
	}
}

// runInTx is one run of the rest of the chain in the update's transaction.
func (d *Dispatcher) runInTx(ctx context.Context, dl *delivery, pre prefetched, next updateHandler) (handlerErr, err error) {
	err = d.store.Update(ctx, func(tx coord.Tx) error {
		c, err := d.begin(ctx, tx, dl)
		if err != nil || c == nil {
			return err
		}
		c.conv, c.Hits = pre.conv, pre.hits
		c.downloads, c.fetched = d.Files != nil, dl.fetched
		rt, err := d.router.find(&c.Update)
		if err == nil && rt == nil {
			return nil
		}
		if err == nil {
			dl.c, dl.route = c, rt
			err = next(ctx, dl)
		}
		if err != nil {
			handlerErr = err
			return errRollback
		}
		if err := c.Answer(ctx, "", false); err != nil {
			return err
		}
		dl.queued, dl.onCommit, dl.done = c.queued, c.onCommit, c
		return nil
	})
	return handlerErr, err
}

// prefetched is what an update's handler gets from Redis, read before its
// transaction begins.
type prefetched struct {
	conv json.RawMessage // the person's conversation in the chat; nil: none
	hits int64           // the route's Limit count
}

// prefetch has the conversation of the update's sender in its chat — as
// admit read it for the batch, or as an earlier update of the batch left it,
// else from Redis — and counts the update under its route's Limit. A
// person-less update (a channel post, a service message) has no
// conversation.
func (d *Dispatcher) prefetch(ctx context.Context, u *Update, adm admission, ledger *convLedger) (prefetched, error) {
	var p prefetched
	if u.From.ID == 0 {
		return p, nil
	}
	if adm.err != nil {
		// Redis is down and the route needs no conversation (stateAvailable
		// let it through): no conversation, and its limit counted in memory.
		if rt, _ := d.router.find(u); rt != nil && rt.limit != nil {
			if key := rt.limit.Key(u); key != "" {
				p.hits = d.local.hit(key, rt.limit.Window, d.now())
			}
		}
		return p, nil
	}
	key := coord.ConvKey{ChatID: u.Chat.ID, UserID: u.From.ID}
	if raw, known := ledger.lookup(key, adm); known {
		p.conv = raw
	} else {
		var raw json.RawMessage
		ok, err := d.state.LoadConversation(ctx, key, &raw)
		if err != nil {
			return p, err
		}
		if ok {
			p.conv = raw
		}
	}
	var err error
	if rt, _ := d.router.find(u); rt != nil && rt.limit != nil {
		if key := rt.limit.Key(u); key != "" {
			if p.hits, err = d.state.Hit(ctx, key, rt.limit.Window); err != nil {
				return p, err
			}
		}
	}
	return p, nil
}

// begin marks the update handled and builds its context; it sets dl.skip
// and returns no context when it was handled before or has nothing left to
// handle.
func (d *Dispatcher) begin(ctx context.Context, tx coord.Tx, dl *delivery) (*Context, error) {
	first, err := tx.MarkUpdateHandled(ctx, dl.u.ID, d.now())
	if err != nil {
		return nil, err
	}
	if !first {
		dl.skip = true
		return nil, nil
	}
	if dl.prepare != nil {
		pu, ok, err := dl.prepare(ctx, tx)
		if err != nil {
			return nil, err
		}
		if !ok {
			dl.skip = true
			return nil, nil
		}
		dl.u = pu
	}
	return d.newContext(ctx, tx, dl.u)
}

// authorize applies the route's access and place rules before its handler
// runs, whatever a button claimed.
func authorize() middleware {
	return func(next updateHandler) updateHandler {
		return func(ctx context.Context, dl *delivery) error {
			if err := dl.route.authorize(dl.c); err != nil {
				return err
			}
			return next(ctx, dl)
		}
	}
}

// recoverPanics turns a panic of the handler into a PanicError with its
// stack, which answerErrors logs ("handler panicked") and answers after the
// transaction rolled back; the next update runs as usual.
func recoverPanics() middleware {
	return func(next updateHandler) updateHandler {
		return func(ctx context.Context, dl *delivery) (err error) {
			defer func() {
				if v := recover(); v != nil {
					err = &PanicError{Value: v, Stack: debug.Stack()}
				}
			}()
			return next(ctx, dl)
		}
	}
}

// runRoute is the end of the chain: the route's handler.
func runRoute(ctx context.Context, dl *delivery) error { return dl.route.handler(ctx, dl.c) }

func (d *Dispatcher) logHandlerError(u Update, err error) {
	var pe *PanicError
	var rf *Refusal
	switch {
	case errors.As(err, &pe):
		d.log.Error("handler panicked", "update", u.ID, "chat", u.Chat.ID, "command", u.Command,
			"panic", fmt.Sprint(pe.Value), "stack", string(pe.Stack))
	case errors.As(err, &rf):
		d.log.Info("update refused", "update", u.ID, "chat", u.Chat.ID, "user", u.From.ID, "route", rf.Route, "reason", rf.Reason.String())
	default:
		switch coord.ErrorCode(err) {
		case coord.EInternal:
			d.log.Error("handler failed", "update", u.ID, "chat", u.Chat.ID, "command", u.Command, "err", err)
		case coord.EUnavailable:
			d.log.Warn("dependency unavailable", "update", u.ID, "chat", u.Chat.ID, "err", err)
		default: // the person's mistake, told to them: not a fault of ours
			d.log.Info("handler refused", "update", u.ID, "chat", u.Chat.ID, "user", u.From.ID, "command", u.Command, "err", err)
		}
	}
}

// keyedMutex serialises work per chat without a lock per chat living forever.
type keyedMutex struct {
	mu    sync.Mutex
	locks map[int64]*keyedEntry
}

type keyedEntry struct {
	mu   sync.Mutex
	refs int
}

func (k *keyedMutex) lock(key int64) (unlock func()) {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[int64]*keyedEntry{}
	}
	e := k.locks[key]
	if e == nil {
		e = &keyedEntry{}
		k.locks[key] = e
	}
	e.refs++
	k.mu.Unlock()
	e.mu.Lock()
	return func() {
		e.mu.Unlock()
		k.mu.Lock()
		e.refs--
		if e.refs == 0 {
			delete(k.locks, key)
		}
		k.mu.Unlock()
	}
}

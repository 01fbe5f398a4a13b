package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/outage"
)

// Dispatcher runs updates through de-duplication, the flood limit, routing,
// authorisation and the handler (the middleware listed in pipeline), one
// SQLite transaction per update, one update at a time per chat.
type Dispatcher struct {
	store       coord.Store
	state       coord.StateStore
	router      *Router
	notify      func()
	now         func() time.Time
	log         *slog.Logger
	botUsername string
	// Concurrency bounds how many chats are handled at once.
	Concurrency int
	// FloodLimit updates per FloodWindow from one person are handled; past
	// that, one polite refusal, then silence until the window ends, so a
	// flood cannot queue unbounded work (0 disables the limit).
	FloodLimit  int64
	FloodWindow time.Duration
	// Metrics counts updates, refusals and panics, and what the poller or
	// webhook built on this dispatcher receives; nil counts nothing.
	Metrics Metrics
	// Files downloads the attachments a handler reads (Context.Download);
	// nil: Download answers ErrNoDownloads.
	Files Downloader
	// Direct sends, bypassing the outbox, the answer to an update the
	// database cannot record (it cannot write: see unwritable.go); nil:
	// such updates are not answered until the disk has room.
	Direct Deliverer
	// Outage keeps a database that cannot write to one ERROR line a
	// minute (shared with the poller, the outbox and the other writers);
	// nil logs every failure.
	Outage *outage.Watch

	locks      keyedMutex
	strangers  quietLog // strangers told off in a group, once an hour
	unwritable unwritableLog
	local      localHits // the rate limits while Redis is down
	albumWake  chan struct{}
	chain      updateHandler // pipeline
}

// NewDispatcher wires a dispatcher. notify is called after every commit that
// queued messages (the outbox sender's Notify).
func NewDispatcher(store coord.Store, state coord.StateStore, router *Router, notify func(), now func() time.Time, log *slog.Logger, botUsername string) *Dispatcher {
	if now == nil {
		now = time.Now
	}
	if notify == nil {
		notify = func() {}
	}
	d := &Dispatcher{store: store, state: state, router: router, notify: notify, now: now,
		log: log.With("component", "dispatch"), botUsername: botUsername, Concurrency: 16,
		FloodLimit: 30, FloodWindow: 10 * time.Second,
		albumWake: make(chan struct{}, 1)}
	d.chain = d.pipeline()
	return d
}

// PanicError is a handler panic turned into an error, with its stack.
type PanicError struct {
	Value any
	Stack []byte
}

func (p *PanicError) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

var errRollback = errors.New("rollback")

// Handle processes one update. It returns an error only when the update could
// not be recorded (the database failed); then it was not handled and must be
// offered again.
func (d *Dispatcher) Handle(ctx context.Context, u Update) error {
	if u.Chat.ID == 0 {
		return nil // an update kind the bot ignores
	}
	if u.albumPart() {
		return d.keepAlbumPart(ctx, u)
	}
	return d.handleOne(ctx, u, nil)
}

// albumPart reports whether u is one message of an album, which is kept
// until the album is complete (keepAlbumPart) rather than handled alone.
func (u *Update) albumPart() bool { return u.MediaGroupID != "" && u.Callback == nil }

// handleOne admits, handles and marks one update.
func (d *Dispatcher) handleOne(ctx context.Context, u Update, prepare prepareFunc) error {
	mark, err := d.handle(ctx, u, prepare, d.admit(ctx, []*Update{&u})[0], nil)
	if mark {
		d.markHandled(ctx, []int64{u.ID})
	}
	return err
}

// admission is what Redis says about an update before it is handled.
type admission struct {
	seen bool  // marked handled before
	hits int64 // its sender's updates in the flood window, itself included; 0 if not counted
	err  error // Redis could not say: the update is answered with this error
	// conv is the sender's conversation in the chat as the batch began
	// (nil: none); read says it was read.
	conv []byte
	read bool
}

// admit asks Redis about a batch of updates in three round trips, not three
// per update: which were handled before (Redis answers the cheap question
// first; SQLite's handled mark, written in the same transaction as the
// effects, is the authority), how many updates each sender sent in the
// flood window, and each sender's conversation in the chat.
func (d *Dispatcher) admit(ctx context.Context, us []*Update) []admission {
	out := make([]admission, len(us))
	if len(us) == 0 {
		return out
	}
	ids := make([]int64, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	seen, err := d.state.SeenUpdates(ctx, ids)
	if err != nil {
		for i, u := range us {
			out[i].err = err
			out[i].hits = d.floodLocally(u)
		}
		return out
	}
	var keys []string
	var counted []int
	for i, u := range us {
		out[i].seen = seen[i]
		if !seen[i] && d.FloodLimit > 0 && u.From.ID != 0 {
			keys = append(keys, floodKey(u.From.ID))
			counted = append(counted, i)
		}
	}
	if len(keys) > 0 {
		hits, err := d.state.Hits(ctx, keys, d.FloodWindow)
		for j, i := range counted {
			if err != nil {
				out[i].err = err
				out[i].hits = d.floodLocally(us[i])
			} else {
				out[i].hits = hits[j]
			}
		}
	}
	var convs []coord.ConvKey
	var asked []int
	for i, u := range us {
		if !out[i].seen && out[i].err == nil && u.From.ID != 0 {
			convs = append(convs, coord.ConvKey{ChatID: u.Chat.ID, UserID: u.From.ID})
			asked = append(asked, i)
		}
	}
	if len(convs) == 0 {
		return out
	}
	raws, err := d.state.LoadConversations(ctx, convs)
	for j, i := range asked {
		if err != nil {
			out[i].err = err
		} else {
			out[i].conv, out[i].read = raws[j], true
		}
	}
	return out
}

// floodLocally counts u under the flood limit in memory, Redis being down
// (see stateless.go); 0 when it is not counted.
func (d *Dispatcher) floodLocally(u *Update) int64 {
	if d.FloodLimit <= 0 || u.From.ID == 0 {
		return 0
	}
	return d.local.hit(floodKey(u.From.ID), d.FloodWindow, d.now())
}

// convLedger follows, through one batch, the conversations its updates
// changed, so that a later update of the same person in the same chat sees
// the change without asking Redis again, and one whose change Redis refused
// (or a revoked person's) is read afresh.
type convLedger struct {
	mu      sync.Mutex
	written map[coord.ConvKey][]byte // nil value: cleared
	stale   map[coord.ConvKey]bool
	people  map[int64]bool // every conversation of these people is stale
}

// lookup is key's conversation as this batch knows it; known is false when
// it must be read from Redis.
func (l *convLedger) lookup(key coord.ConvKey, adm admission) (raw []byte, known bool) {
	if l != nil {
		l.mu.Lock()
		defer l.mu.Unlock()
		if raw, ok := l.written[key]; ok {
			return raw, true
		}
		if l.stale[key] || l.people[key.UserID] {
			return nil, false
		}
	}
	return adm.conv, adm.read
}

// note records what applyState did to key: written (raw, nil for a clear)
// or, when Redis refused, unknown.
func (l *convLedger) note(key coord.ConvKey, raw []byte, ok bool) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.written == nil {
		l.written, l.stale, l.people = map[coord.ConvKey][]byte{}, map[coord.ConvKey]bool{}, map[int64]bool{}
	}
	if ok {
		l.written[key] = raw
		delete(l.stale, key)
	} else {
		delete(l.written, key)
		l.stale[key] = true
	}
}

// forget marks every conversation of person as unknown.
func (l *convLedger) forget(person int64) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.people == nil {
		l.written, l.stale, l.people = map[coord.ConvKey][]byte{}, map[coord.ConvKey]bool{}, map[int64]bool{}
	}
	l.people[person] = true
	for k := range l.written {
		if k.UserID == person {
			delete(l.written, k)
		}
	}
}

// markHandled tells Redis which updates are done, in one round trip. A
// failure only costs a redelivered update a SQLite lookup.
func (d *Dispatcher) markHandled(ctx context.Context, ids []int64) {
	if len(ids) == 0 {
		return
	}
	if err := d.state.MarkUpdates(ctx, ids); err != nil {
		d.log.Warn("mark updates in redis", "updates", len(ids), "err", err)
	}
}

// prepareFunc rebuilds the update inside the transaction (an album taken
// from the store); ok is false when there is nothing left to handle.
type prepareFunc func(ctx context.Context, tx coord.Tx) (u Update, ok bool, err error)

// pipeline is the way of every update through the dispatcher, outermost
// first (see middleware.go). A new rule is one middleware added at its place
// in this list: above inTransaction it runs before the update's transaction
// opens, below it inside the transaction, with the update's context and
// route at hand.
func (d *Dispatcher) pipeline() updateHandler {
	return compose(
		perChatOrder(d),   // one update of a chat at a time
		dedupe(d),         // handled before, as Redis remembers: skipped quietly
		answerErrors(d),   // an error from below is logged and answered; then notify, conversation, OnCommit
		floodLimit(d),     // past FloodLimit in FloodWindow: one refusal, then silence
		stateAvailable(d), // Redis could not say: answered with its error, unless the route needs no state
		inTransaction(d),  // prefetch, then the transaction: marked handled (SQLite, the authority), context, route
		authorize(),       // the route's access and place rules
		recoverPanics(),   // a handler panic becomes a PanicError
	)(runRoute)
}

// handle handles an admitted update; mark says whether to mark it handled
// in Redis (it was handled now, with Redis available).
func (d *Dispatcher) handle(ctx context.Context, u Update, prepare prepareFunc, adm admission, ledger *convLedger) (mark bool, err error) {
	dl := &delivery{u: u, prepare: prepare, adm: adm, ledger: ledger}
	// What the update queues shares its sender's lane (coord.OutMessage.Lane).
	err = d.chain(coord.WithLane(ctx, laneOf(u)), dl)
	return dl.mark, err
}

// laneOf is the outbox lane of what u causes: its sender's.
func laneOf(u Update) string {
	if u.From.ID == 0 {
		return ""
	}
	return "u:" + strconv.FormatInt(u.From.ID, 10)
}

// ErrStateNotSaved is what the error sink is given when an update committed
// but the change to its conversation could not be written to Redis: the
// officer must be told that the last step did not stick.
var ErrStateNotSaved = coord.Wrap(coord.EUnavailable, errors.New("conversation change not saved"), "state")

// applyState writes the committed update's conversation changes to Redis.
// Should Redis fail just then, the conversation stays as it was before the
// update; a lost save is owned up to in the chat (the step must be
// repeated); a lost clear leaves a finished wizard behind until it expires,
// which the handlers recognise as stale (a decline prompt whose request no
// longer allows it gives way).
func (d *Dispatcher) applyState(ctx context.Context, u Update, c *Context, ledger *convLedger) {
	ctx = context.WithoutCancel(ctx)
	key := coord.ConvKey{ChatID: u.Chat.ID, UserID: u.From.ID}
	var err error
	switch c.convOp {
	case convSave:
		err = d.state.SaveConversation(ctx, key, c.conv)
		ledger.note(key, c.conv, err == nil)
	case convClear:
		err = d.state.ClearConversation(ctx, key)
		ledger.note(key, nil, err == nil)
	}
	lost := err != nil && c.convOp == convSave
	if err != nil {
		d.log.Warn("conversation change not saved", "update", u.ID, "chat", u.Chat.ID, "user", u.From.ID, "err", err)
	}
	for _, id := range c.forget {
		ledger.forget(id)
		if err := d.state.ClearConversationsOf(ctx, id); err != nil {
			d.log.Warn("conversations of a revoked person not cleared; they expire by themselves", "user", id, "err", err)
		}
	}
	if !lost || d.router.Errors == nil {
		return
	}
	queued := 0
	err = d.store.Update(ctx, func(tx coord.Tx) error {
		nc, err := d.newContext(ctx, tx, u)
		if err != nil {
			return err
		}
		nc.Callback = nil // the press was answered already: say it in the chat
		d.router.Errors(ctx, nc, ErrStateNotSaved)
		queued = nc.queued
		return nil
	})
	if err != nil {
		d.Outage.Error(d.log, "dispatch", "cannot tell the officer that a step was lost", err, "update", u.ID, "chat", u.Chat.ID)
		return
	}
	if queued > 0 {
		d.notify()
	}
}

func (d *Dispatcher) newContext(ctx context.Context, tx coord.Tx, u Update) (*Context, error) {
	c := &Context{Update: u, Tx: tx, Now: d.now(), BotUsername: d.botUsername}
	if u.Callback != nil {
		cb := *u.Callback
		c.Callback = &cb
	}
	user, err := tx.User(ctx, u.From.ID)
	switch {
	case err == nil && !user.Enrolled():
		// Revoked: a stranger from this update on, in every route, button
		// and reply alike; the record stays for the names in histories.
	case err == nil:
		c.User = &user
	case coord.ErrorCode(err) != coord.ENotFound:
		return nil, fmt.Errorf("load user: %w", err)
	}
	if !u.Chat.Private() {
		b, err := tx.Binding(ctx, u.Chat.ID)
		switch {
		case err == nil:
			c.Binding = &b
		case coord.ErrorCode(err) != coord.ENotFound:
			return nil, fmt.Errorf("load binding: %w", err)
		}
	}
	return c, nil
}

// HandleBatch handles a getUpdates batch: chats in parallel, each chat's
// updates in order. It returns the offset to confirm: past the whole batch,
// or at the first update that could not be recorded, so that it is offered
// again.
func (d *Dispatcher) HandleBatch(ctx context.Context, updates []Update) (next int64, err error) {
	if len(updates) == 0 {
		return 0, nil
	}
	// Redis is asked about the whole batch at once: album parts are only
	// stored (see keepAlbumPart) and ignored kinds not at all.
	type job struct {
		u   *Update
		adm *admission // nil for an album part
	}
	var jobs []job
	var admitted []*Update
	for i := range updates {
		if u := &updates[i]; u.Chat.ID != 0 { // else a kind the bot ignores
			jobs = append(jobs, job{u: u})
			if !u.albumPart() {
				admitted = append(admitted, u)
			}
		}
	}
	adms := d.admit(ctx, admitted)
	ledger := &convLedger{}
	byChat := map[int64][]job{}
	var order []int64
	k := 0
	for _, j := range jobs {
		if !j.u.albumPart() {
			j.adm = &adms[k]
			k++
		}
		if _, ok := byChat[j.u.Chat.ID]; !ok {
			order = append(order, j.u.Chat.ID)
		}
		byChat[j.u.Chat.ID] = append(byChat[j.u.Chat.ID], j)
	}
	var (
		mu       sync.Mutex
		failedAt int64 = -1
		firstErr error
		marks    []int64
		wg       sync.WaitGroup
		sem      = make(chan struct{}, max(1, d.Concurrency))
	)
	for _, chat := range order {
		wg.Add(1)
		sem <- struct{}{}
		go func(list []job) {
			defer wg.Done()
			defer func() { <-sem }()
			for _, j := range list {
				var (
					mark bool
					err  error
				)
				if j.adm == nil {
					err = d.keepAlbumPart(ctx, *j.u)
				} else {
					mark, err = d.handle(ctx, *j.u, nil, *j.adm, ledger)
				}
				mu.Lock()
				if mark {
					marks = append(marks, j.u.ID)
				}
				if err != nil && (failedAt < 0 || j.u.ID < failedAt) {
					failedAt, firstErr = j.u.ID, err
				}
				mu.Unlock()
				if err != nil {
					return // keep this chat's order: later updates wait for the retry
				}
			}
		}(byChat[chat])
	}
	wg.Wait()
	d.markHandled(ctx, marks)
	if failedAt >= 0 {
		return failedAt, firstErr
	}
	return updates[len(updates)-1].ID + 1, nil
}

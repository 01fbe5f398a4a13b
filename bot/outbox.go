package bot

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/outage"
)

// Deliverer performs one outgoing item; *Client is the real one.
type Deliverer interface {
	Send(ctx context.Context, m coord.OutMessage) ([]int, error)
}

// SenderOptions tune the outbox sender.
type SenderOptions struct {
	Limits      Limits
	MaxAttempts int           // give up after this many failed attempts (12)
	GiveUpAfter time.Duration // or when an item is this old (24h)
	Workers     int           // concurrent Bot API calls (8)
	CallTimeout time.Duration // one Bot API call (60 s); a hung call is retried
	// MaxQueued bounds the items held in memory (10,000); the rest wait in
	// the store and are read as these are delivered.
	MaxQueued int
	Logger    *slog.Logger
	Now       func() time.Time
	// ChatLost is told, in place of recording the failure, when Telegram
	// refuses an item for good because the group will never take a message
	// again (APIError.ChatGone: the bot was removed, the group is gone, the
	// bot may not write). It records the outcome of the chat's pending items
	// itself (say, failed and re-routed elsewhere) and returns the ids it
	// took, item among them if it was still pending; the sender forgets
	// those it holds. An item it did not take is recorded as failed as
	// usual. nil: every item fails on its own.
	ChatLost func(ctx context.Context, chat, item int64, loss coord.GroupLoss, reason string) (taken []int64, err error)
	// Outage keeps a database that cannot write (outcomes not recorded)
	// to one ERROR line a minute, shared with the dispatcher; nil logs
	// every failure.
	Outage *outage.Watch
}

// Sender delivers the durable outbox: it reads pending items from the store,
// paces them to Telegram's limits, keeps each person's order in a chat and
// lets the people of a chat take turns (see queues), retries 429
// after retry_after and transient failures with backoff, and records the
// outcome. Nothing is dropped silently: a final failure is logged with the
// chat and the reason, and stays in the table.
type Sender struct {
	store coord.OutboxStore
	out   Deliverer
	opt   SenderOptions
	log   *slog.Logger

	wake  chan struct{}
	drain chan chan struct{}

	// unrecorded are outcomes Telegram gave that the store did not take
	// (a locked database): only Run's goroutine touches them.
	unrecorded []*unrecorded
}

// unrecorded is a delivery (or a final failure) the store has not recorded
// yet. It is written again, with backoff, until it lands, and the item is
// never sent again by this process: left pending in the store, it would go
// out a second time after the next start.
type unrecorded struct {
	item    coord.OutboxItem
	ids     []int  // delivered: the Telegram message ids
	failure string // given up: the reason; "" when delivered
	at      time.Time
	tries   int
	next    time.Time
}

// NewSender builds a sender; call Run to start it.
func NewSender(store coord.OutboxStore, out Deliverer, opt SenderOptions) *Sender {
	if opt.Limits == (Limits{}) {
		opt.Limits = DefaultLimits
	}
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = 12
	}
	if opt.GiveUpAfter <= 0 {
		opt.GiveUpAfter = 24 * time.Hour
	}
	if opt.Workers <= 0 {
		opt.Workers = 8
	}
	if opt.CallTimeout <= 0 {
		opt.CallTimeout = 60 * time.Second
	}
	if opt.MaxQueued <= 0 {
		opt.MaxQueued = 10000
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Sender{store: store, out: out, opt: opt, log: opt.Logger.With("component", "outbox"),
		wake: make(chan struct{}, 1), drain: make(chan chan struct{})}
}

// Notify tells the sender that new items were committed. It never blocks.
func (s *Sender) Notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

type entry struct {
	item coord.OutboxItem
	// round is the entry's turn in its chat's fair queue (see queues.push).
	round int
}

type result struct {
	e   *entry
	ids []int
	err error
}

// Run delivers until ctx is done. In-flight calls finish (or time out) before
// Run returns; undelivered items stay pending in the store for the next start.
func (s *Sender) Run(ctx context.Context) error {
	var (
		q        = newQueues()
		pacers   = map[int64]pacer{}
		inflight = map[int64]bool{}
		global   = newWindow(s.opt.Limits.GlobalPerSecond, time.Second)
		results  = make(chan result)
		running  int
		lastID   int64
		timer    = time.NewTimer(time.Hour)
		wg       sync.WaitGroup
		drainers []chan struct{} // closed when everything due is delivered
	)
	defer func() {
		timer.Stop()
		for running > 0 { // let in-flight calls report, so they are recorded
			r := <-results
			running--
			s.finish(context.WithoutCancel(ctx), r, q, inflight)
		}
		wg.Wait()
		s.recordBeforeExit(context.WithoutCancel(ctx), recordAtExit)
	}()
	// more is set when refill stopped at MaxQueued with items possibly
	// left in the store; they are read as the queues drain.
	more := false
	refill := func() error {
		for {
			room := s.opt.MaxQueued - q.len()
			if room <= 0 {
				more = true
				return nil
			}
			want := min(room, 500)
			items, err := s.store.PendingOutbox(ctx, lastID, want)
			if err != nil {
				return err
			}
			for _, it := range items {
				q.push(&entry{item: it})
				lastID = it.ID
			}
			if len(items) < want {
				more = false
				return nil
			}
		}
	}
	// Under load every committed update wakes the sender; reading the
	// store once per refillGap at most serves them all (messages leave at
	// 30 a second anyway) instead of a query per update. A wake after a
	// quiet spell still reads at once.
	var lastRefill time.Time
	wakePending := false
	needRefill := true
	for {
		if needRefill {
			lastRefill, wakePending = time.Now(), false
			if err := refill(); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				s.opt.Outage.Error(s.log, "outbox", "outbox: read pending items", err)
				// Try again shortly; the items are safe in the store.
				timer.Reset(time.Second)
			} else {
				needRefill = false
			}
		}
		now := s.opt.Now()
		var next time.Time
		later := func(at time.Time) {
			if next.IsZero() || at.Before(next) {
				next = at
			}
		}
		// Oldest head first, so a busy chat does not starve the others.
		globalAt := global.earliest(now)
		for _, chat := range q.order {
			if running >= s.opt.Workers {
				break
			}
			if q.unpaced == 0 && globalAt.After(now) {
				// Every item waits for the overall limit: under a burst
				// that is most wake-ups, and they need not look further.
				later(globalAt)
				break
			}
			if inflight[chat] {
				continue
			}
			e := q.byChat[chat][0]
			at := now
			// NotBefore matters only once the sender itself scheduled a
			// retry; a new item is due at once, whatever clock queued it.
			if e.item.Attempts > 0 && e.item.NotBefore.After(at) {
				at = e.item.NotBefore
			}
			paced := e.item.Msg.Paced()
			if paced {
				if globalAt.After(at) {
					at = globalAt
				}
				if at.After(now) {
					// Not before then, whatever the chat's own pacer says;
					// waking early only means looking again.
					later(at)
					continue
				}
				p, ok := pacers[chat]
				if !ok {
					p = newPacer(s.opt.Limits, chat)
					pacers[chat] = p
				}
				if t := p.earliest(now); t.After(at) {
					at = t
				}
			}
			if at.After(now) {
				later(at)
				continue
			}
			if paced {
				pacers[chat].add(now)
				global.add(now)
				globalAt = global.earliest(now)
			}
			inflight[chat] = true
			running++
			wg.Add(1)
			go func(e *entry) {
				defer wg.Done()
				cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opt.CallTimeout)
				ids, err := s.out.Send(cctx, e.item.Msg)
				cancel()
				results <- result{e: e, ids: ids, err: err}
			}(e)
		}
		if len(s.unrecorded) > 0 {
			if at := s.recordLater(ctx, false); !at.IsZero() {
				later(at)
			}
		}
		if !needRefill && q.len() == 0 {
			for _, d := range drainers {
				close(d)
			}
			drainers = nil
		}
		if !needRefill {
			wait := time.Hour
			if !next.IsZero() {
				wait = next.Sub(now)
			}
			if wakePending {
				wait = min(wait, refillGap-time.Since(lastRefill))
			}
			if !timer.Stop() {
				select {
				case <-timer.C:
				default:
				}
			}
			timer.Reset(wait)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.wake:
			if time.Since(lastRefill) >= refillGap {
				needRefill = true
			} else {
				wakePending = true
			}
		case d := <-s.drain:
			needRefill = true
			drainers = append(drainers, d)
		case r := <-results:
			running--
			s.finish(ctx, r, q, inflight)
			if more && q.len() <= s.opt.MaxQueued/2 {
				needRefill = true
			}
		case <-timer.C:
			if wakePending && time.Since(lastRefill) >= refillGap {
				needRefill = true
			}
		}
	}
}

// recordAtExit bounds how long a stopping sender keeps writing outcomes
// the store refused (see recordBeforeExit).
const recordAtExit = 10 * time.Second

// refillGap is the shortest time between two reads of the store for new
// items; see Run.
const refillGap = 5 * time.Millisecond

// queues holds the pending items of each chat in the order they will be
// sent, and the chats ordered by the id of their first item, so that the
// sender serves the chat that has waited longest first without sorting on
// every wake-up.
//
// In one chat the items are fair-queued by lane (coord.OutMessage.Lane, the
// person whose update caused them): each lane keeps its order, and the
// lanes take turns, one item each per round. A group gets 20 messages a
// minute; without turns, one officer's sixty /nil receipts would make the
// next agency's report wait three minutes behind them.
type queues struct {
	byChat map[int64][]*entry
	// rounds holds, per chat with items, the last round given to each lane.
	rounds  map[int64]map[string]int
	order   []int64 // chats with items, by the id of their first item
	n       int     // items in all queues
	unpaced int     // items not subject to the limits (callback answers)
}

func newQueues() *queues {
	return &queues{byChat: map[int64][]*entry{}, rounds: map[int64]map[string]int{}}
}

func (q *queues) len() int { return q.n }

func (q *queues) head(chat int64) int64 { return q.byChat[chat][0].item.ID }

// push queues e, which has a higher id than every queued item (items are
// read from the store in id order), so a new chat goes last in order.
//
// e's round is one after the last of its lane's queued items, and never
// before the round being served (the head's): a lane that has nothing
// queued joins the current round. Entries are kept by (round, id), so e
// goes after every entry of its round and before the later rounds; the
// head is never displaced.
func (q *queues) push(e *entry) {
	chat := e.item.Msg.ChatID
	list := q.byChat[chat]
	q.n++
	if !e.item.Msg.Paced() {
		q.unpaced++
	}
	lane := e.item.Msg.Lane
	if len(list) == 0 {
		q.order = append(q.order, chat)
		e.round = 0
		q.byChat[chat] = []*entry{e}
		q.rounds[chat] = map[string]int{lane: 0}
		return
	}
	current := list[0].round
	r, ok := q.rounds[chat][lane]
	if !ok || r < current {
		r = current
	} else {
		r++
	}
	e.round = r
	q.rounds[chat][lane] = r
	i := sort.Search(len(list), func(k int) bool { return list[k].round > r })
	list = append(list, nil)
	copy(list[i+1:], list[i:])
	list[i] = e
	q.byChat[chat] = list
}

// pop removes e if it is its chat's first item, and moves the chat to its
// new place in order (or out of it). It reports whether e was removed.
func (q *queues) pop(e *entry) bool {
	chat := e.item.Msg.ChatID
	list := q.byChat[chat]
	if len(list) == 0 || list[0] != e {
		return false
	}
	i := q.index(chat)
	q.order = append(q.order[:i], q.order[i+1:]...)
	q.n--
	if !e.item.Msg.Paced() {
		q.unpaced--
	}
	if len(list) == 1 {
		delete(q.byChat, chat)
		delete(q.rounds, chat)
		return true
	}
	q.byChat[chat] = list[1:]
	id := list[1].item.ID
	j := sort.Search(len(q.order), func(k int) bool { return q.head(q.order[k]) > id })
	q.order = append(q.order, 0)
	copy(q.order[j+1:], q.order[j:])
	q.order[j] = chat
	return true
}

// drop removes the entries of chat for which gone is true, but never the
// chat's first entry (pop removes that one, keeping the order right).
func (q *queues) drop(chat int64, gone func(*entry) bool) {
	list := q.byChat[chat]
	if len(list) < 2 {
		return
	}
	kept := list[:1:1]
	for _, e := range list[1:] {
		if gone(e) {
			q.n--
			if !e.item.Msg.Paced() {
				q.unpaced--
			}
			continue
		}
		kept = append(kept, e)
	}
	q.byChat[chat] = kept
}

// index finds chat in order by its first item's id.
func (q *queues) index(chat int64) int {
	id := q.head(chat)
	i := sort.Search(len(q.order), func(k int) bool { return q.head(q.order[k]) >= id })
	if i < len(q.order) && q.order[i] == chat {
		return i
	}
	return slices.Index(q.order, chat) // unreachable while order is kept sorted
}

// finish records the outcome of one attempt, removing the entry from its
// queue when it is done with (delivered or given up).
func (s *Sender) finish(ctx context.Context, r result, q *queues, inflight map[int64]bool) {
	e := r.e
	chat := e.item.Msg.ChatID
	delete(inflight, chat)
	now := s.opt.Now()
	if r.err == nil {
		if err := s.store.MarkSent(ctx, e.item.ID, r.ids, now); err != nil {
			s.keep(&unrecorded{item: e.item, ids: r.ids, at: now}, err)
		} else {
			s.release(e.item)
		}
		q.pop(e)
		return
	}
	e.item.Attempts++
	var ae *APIError
	// Not an API error: a context deadline of our own, etc.
	retryable := !errors.As(r.err, &ae) || ae.Temporary
	tooOld := now.Sub(e.item.CreatedAt) > s.opt.GiveUpAfter
	if !retryable && s.chatLost(ctx, e, r.err, q) {
		return
	}
	if !retryable || e.item.Attempts >= s.opt.MaxAttempts || tooOld {
		s.log.Error("outbox: message not delivered, giving up", "id", e.item.ID, "chat", chat,
			"kind", e.item.Msg.Kind, "attempts", e.item.Attempts, "reason", r.err.Error())
		if err := s.store.MarkFailed(ctx, e.item.ID, e.item.Attempts, r.err.Error(), now); err != nil {
			s.keep(&unrecorded{item: e.item, failure: r.err.Error(), at: now}, err)
		} else {
			s.release(e.item)
		}
		q.pop(e)
		return
	}
	delay := retryDelay(r.err, e.item.Attempts, 5*time.Minute)
	e.item.NotBefore = now.Add(delay)
	s.log.Warn("outbox: delivery failed, will retry", "id", e.item.ID, "chat", chat,
		"attempt", e.item.Attempts, "retry_in", delay.String(), "reason", r.err.Error())
	if err := s.store.MarkRetry(ctx, e.item.ID, e.item.Attempts, e.item.NotBefore, r.err.Error()); err != nil {
		s.opt.Outage.Error(s.log, "outbox", "outbox: record retry", err, "id", e.item.ID, "chat", chat)
	}
}

// keep holds u for recordLater after the store refused it with err.
func (s *Sender) keep(u *unrecorded, err error) {
	u.tries = 1
	u.next = s.opt.Now().Add(backoff(u.tries, recordRetryBase, recordRetryMax))
	s.unrecorded = append(s.unrecorded, u)
	s.opt.Outage.Warn(s.log, "outbox", "outbox: outcome not recorded yet, will write it again (the message is not sent again)", err,
		"id", u.item.ID, "chat", u.item.Msg.ChatID, "delivered", u.failure == "")
}

// Backoff of writing an outcome again: a lock is usually gone in seconds.
const (
	recordRetryBase = 100 * time.Millisecond
	recordRetryMax  = 5 * time.Second
)

// recordLater writes the held outcomes that are due (all of them if all),
// and returns when the next one is due (zero when none is left).
func (s *Sender) recordLater(ctx context.Context, all bool) time.Time {
	now := s.opt.Now()
	var next time.Time
	kept := s.unrecorded[:0]
	for _, u := range s.unrecorded {
		if all || !u.next.After(now) {
			var err error
			if u.failure == "" {
				err = s.store.MarkSent(ctx, u.item.ID, u.ids, u.at)
			} else {
				err = s.store.MarkFailed(ctx, u.item.ID, u.item.Attempts, u.failure, u.at)
			}
			if err == nil || errors.Is(err, coord.ErrNotFound) {
				s.opt.Outage.Wrote(s.log)
				s.log.Info("outbox: outcome recorded", "id", u.item.ID, "chat", u.item.Msg.ChatID, "tries", u.tries+1)
				s.release(u.item)
				continue
			}
			u.tries++
			u.next = now.Add(backoff(u.tries, recordRetryBase, recordRetryMax))
		}
		if next.IsZero() || u.next.Before(next) {
			next = u.next
		}
		kept = append(kept, u)
	}
	clear(s.unrecorded[len(kept):])
	s.unrecorded = kept
	return next
}

// recordBeforeExit keeps writing the held outcomes for up to bound when Run
// stops, and names each one it could not write: that item is still pending
// in the store and goes out again after the next start.
func (s *Sender) recordBeforeExit(ctx context.Context, bound time.Duration) {
	deadline := time.Now().Add(bound)
	for len(s.unrecorded) > 0 && time.Now().Before(deadline) {
		next := s.recordLater(ctx, true)
		if next.IsZero() {
			break
		}
		time.Sleep(min(recordRetryMax, max(0, time.Until(deadline)), max(recordRetryBase, next.Sub(s.opt.Now()))))
	}
	for _, u := range s.unrecorded {
		s.log.Error("outbox: delivered but not recorded; it will be sent again after the next start",
			"id", u.item.ID, "chat", u.item.Msg.ChatID, "kind", u.item.Msg.Kind)
	}
}

// chatLost hands a group that refused e for good to the ChatLost hook; it
// reports whether the hook took e, which is then done with. The chat's
// other items the hook took are dropped from the queue, so they are not
// tried against a chat that refuses them.
func (s *Sender) chatLost(ctx context.Context, e *entry, err error, q *queues) bool {
	var ae *APIError
	chat := e.item.Msg.ChatID
	if s.opt.ChatLost == nil || chat >= 0 || !errors.As(err, &ae) {
		return false
	}
	loss, gone := ae.Loss()
	if !gone {
		return false
	}
	taken, herr := s.opt.ChatLost(ctx, chat, e.item.ID, loss, err.Error())
	if herr != nil {
		s.log.Error("outbox: a group refused the bot for good; its pending items not re-routed", "chat", chat, "err", herr)
		return false
	}
	if len(taken) == 0 {
		return false
	}
	s.log.Warn("outbox: a group refused the bot for good; its pending items were taken over", "chat", chat,
		"items", len(taken), "reason", err.Error())
	took := map[int64]bool{}
	for _, id := range taken {
		took[id] = true
	}
	q.drop(chat, func(it *entry) bool { return took[it.item.ID] && it != e })
	if !took[e.item.ID] {
		return false
	}
	q.pop(e)
	return true
}

// release removes the file an upload owned (coord.LocalFile) once the
// store says nothing will send it again: exports may hold personal data
// (Nghị định 13/2023), and a copy kept after delivery serves nobody.
func (s *Sender) release(it coord.OutboxItem) {
	if it.Msg.Kind != coord.OutUpload || it.Msg.Upload == nil {
		return
	}
	if err := os.Remove(it.Msg.Upload.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.log.Warn("outbox: uploaded file not removed", "id", it.ID, "err", err)
	}
}

// Drain asks the running sender to deliver everything already committed and
// waits until it has, or until ctx ends. Shutdown calls it with a bound.
func (s *Sender) Drain(ctx context.Context) error {
	done := make(chan struct{})
	select {
	case s.drain <- done:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retryDelay is how long to wait before attempt+1 after err: Telegram's
// retry_after when it gave one, else backoff from 1 s up to max.
func retryDelay(err error, attempt int, max time.Duration) time.Duration {
	var ae *APIError
	if errors.As(err, &ae) && ae.RetryAfter > 0 {
		return ae.RetryAfter
	}
	return backoff(attempt, time.Second, max)
}

// backoff is exponential with full jitter: base·2^(n−1), capped, then a
// random point in its upper half so that many retries do not align.
func backoff(attempt int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

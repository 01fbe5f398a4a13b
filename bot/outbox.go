package bot

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"github.com/bacgiang/fwbot/coord"
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
	Logger      *slog.Logger
	Now         func() time.Time
}

// Sender delivers the durable outbox: it reads pending items from the store,
// paces them to Telegram's limits, keeps each chat's order, retries 429
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
		queues   = map[int64][]*entry{}
		pacers   = map[int64]pacer{}
		inflight = map[int64]bool{}
		global   = newWindow(s.opt.Limits.GlobalPerSecond, time.Second)
		results  = make(chan result)
		running  int
		lastID   int64
		timer    = time.NewTimer(time.Hour)
		wg       sync.WaitGroup
		queued   int             // entries in queues
		drainers []chan struct{} // closed when everything due is delivered
	)
	defer func() {
		timer.Stop()
		for running > 0 { // let in-flight calls report, so they are recorded
			r := <-results
			running--
			queued -= s.finish(context.WithoutCancel(ctx), r, queues, inflight)
		}
		wg.Wait()
	}()
	refill := func() error {
		for {
			items, err := s.store.PendingOutbox(ctx, lastID, 500)
			if err != nil {
				return err
			}
			for _, it := range items {
				queues[it.Msg.ChatID] = append(queues[it.Msg.ChatID], &entry{item: it})
				lastID = it.ID
				queued++
			}
			if len(items) < 500 {
				return nil
			}
		}
	}
	needRefill := true
	for {
		if needRefill {
			if err := refill(); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				s.log.Error("outbox: read pending items", "err", err)
				// Try again shortly; the items are safe in the store.
				timer.Reset(time.Second)
			} else {
				needRefill = false
			}
		}
		now := s.opt.Now()
		var next time.Time
		// Oldest head first, so a busy chat does not starve the others.
		chats := make([]int64, 0, len(queues))
		for chat, q := range queues {
			if len(q) > 0 && !inflight[chat] {
				chats = append(chats, chat)
			}
		}
		sort.Slice(chats, func(i, j int) bool { return queues[chats[i]][0].item.ID < queues[chats[j]][0].item.ID })
		for _, chat := range chats {
			if running >= s.opt.Workers {
				break
			}
			e := queues[chat][0]
			at := now
			// NotBefore matters only once the sender itself scheduled a
			// retry; a new item is due at once, whatever clock queued it.
			if e.item.Attempts > 0 && e.item.NotBefore.After(at) {
				at = e.item.NotBefore
			}
			paced := e.item.Msg.Paced()
			if paced {
				p, ok := pacers[chat]
				if !ok {
					p = newPacer(s.opt.Limits, chat)
					pacers[chat] = p
				}
				if t := p.earliest(now); t.After(at) {
					at = t
				}
				if t := global.earliest(now); t.After(at) {
					at = t
				}
			}
			if at.After(now) {
				if next.IsZero() || at.Before(next) {
					next = at
				}
				continue
			}
			if paced {
				pacers[chat].add(now)
				global.add(now)
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
		if !needRefill && queued == 0 {
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
			needRefill = true
		case d := <-s.drain:
			needRefill = true
			drainers = append(drainers, d)
		case r := <-results:
			running--
			queued -= s.finish(ctx, r, queues, inflight)
		case <-timer.C:
		}
	}
}

// finish records the outcome of one attempt and returns how many entries
// left the queue (0 or 1).
func (s *Sender) finish(ctx context.Context, r result, queues map[int64][]*entry, inflight map[int64]bool) int {
	e := r.e
	chat := e.item.Msg.ChatID
	inflight[chat] = false
	now := s.opt.Now()
	pop := func() {
		q := queues[chat]
		if len(q) > 0 && q[0] == e {
			queues[chat] = q[1:]
		}
		if len(queues[chat]) == 0 {
			delete(queues, chat)
		}
	}
	if r.err == nil {
		if err := s.store.MarkSent(ctx, e.item.ID, r.ids, now); err != nil {
			s.log.Error("outbox: record delivery", "id", e.item.ID, "chat", chat, "err", err)
		}
		pop()
		return 1
	}
	e.item.Attempts++
	var ae *APIError
	retryable := errors.As(r.err, &ae) && ae.Temporary
	if !errors.As(r.err, &ae) {
		retryable = true // context deadline of our own, etc.
	}
	tooOld := now.Sub(e.item.CreatedAt) > s.opt.GiveUpAfter
	if !retryable || e.item.Attempts >= s.opt.MaxAttempts || tooOld {
		s.log.Error("outbox: message not delivered, giving up", "id", e.item.ID, "chat", chat,
			"kind", e.item.Msg.Kind, "attempts", e.item.Attempts, "reason", r.err.Error())
		if err := s.store.MarkFailed(ctx, e.item.ID, e.item.Attempts, r.err.Error(), now); err != nil {
			s.log.Error("outbox: record failure", "id", e.item.ID, "chat", chat, "err", err)
		}
		pop()
		return 1
	}
	var delay time.Duration
	if ae != nil && ae.RetryAfter > 0 {
		delay = ae.RetryAfter
	} else {
		delay = backoff(e.item.Attempts, time.Second, 5*time.Minute)
	}
	e.item.NotBefore = now.Add(delay)
	s.log.Warn("outbox: delivery failed, will retry", "id", e.item.ID, "chat", chat,
		"attempt", e.item.Attempts, "retry_in", delay.String(), "reason", r.err.Error())
	if err := s.store.MarkRetry(ctx, e.item.ID, e.item.Attempts, e.item.NotBefore, r.err.Error()); err != nil {
		s.log.Error("outbox: record retry", "id", e.item.ID, "chat", chat, "err", err)
	}
	return 0
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

package bot

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// memOutbox is an in-memory coord.OutboxStore for sender tests.
type memOutbox struct {
	mu    sync.Mutex
	items []*memItem
}

type memItem struct {
	coord.OutboxItem
	state string
	ids   []int
	err   string
}

func (m *memOutbox) add(msg coord.OutMessage) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := int64(len(m.items) + 1)
	m.items = append(m.items, &memItem{OutboxItem: coord.OutboxItem{ID: id, Msg: msg, CreatedAt: time.Now()}, state: "pending"})
}

func (m *memOutbox) PendingOutbox(_ context.Context, after int64, limit int) ([]coord.OutboxItem, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []coord.OutboxItem
	for _, it := range m.items {
		if it.ID > after && it.state == "pending" && len(out) < limit {
			out = append(out, it.OutboxItem)
		}
	}
	return out, nil
}

func (m *memOutbox) get(id int64) *memItem { return m.items[id-1] }

func (m *memOutbox) MarkSent(_ context.Context, id int64, ids []int, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.get(id).state, m.get(id).ids = "sent", ids
	return nil
}

func (m *memOutbox) MarkRetry(_ context.Context, id int64, attempts int, nb time.Time, e string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	it := m.get(id)
	it.Attempts, it.NotBefore, it.err = attempts, nb, e
	return nil
}

func (m *memOutbox) MarkFailed(_ context.Context, id int64, attempts int, e string, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	it := m.get(id)
	it.Attempts, it.state, it.err = attempts, "failed", e
	return nil
}

func (m *memOutbox) states() map[int64]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[int64]string{}
	for _, it := range m.items {
		out[it.ID] = it.state
	}
	return out
}

// scriptedDeliverer answers each text with the errors scripted for it, then
// success, and records the order of successful deliveries.
type scriptedDeliverer struct {
	mu        sync.Mutex
	script    map[string][]error
	delivered map[int64][]string
	attempts  map[string]int
}

func (d *scriptedDeliverer) Send(_ context.Context, m coord.OutMessage) ([]int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.attempts[m.Text]++
	if errs := d.script[m.Text]; len(errs) > 0 {
		d.script[m.Text] = errs[1:]
		return nil, errs[0]
	}
	d.delivered[m.ChatID] = append(d.delivered[m.ChatID], m.Text)
	return []int{len(d.delivered[m.ChatID])}, nil
}

func newScripted() *scriptedDeliverer {
	return &scriptedDeliverer{script: map[string][]error{}, delivered: map[int64][]string{}, attempts: map[string]int{}}
}

var fastLimits = Limits{GlobalPerSecond: 10000, PrivatePerSecond: 10000, PrivateBurst: 10000, GroupPerMinute: 10000}

// runSender starts a sender and returns a function that drains it and stops it.
func runSender(t *testing.T, store coord.OutboxStore, d Deliverer, opt SenderOptions) (*Sender, func()) {
	t.Helper()
	if opt.Limits == (Limits{}) {
		opt.Limits = fastLimits
	}
	s := NewSender(store, d, opt)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Run(ctx) }()
	return s, func() {
		t.Helper()
		dctx, dcancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer dcancel()
		if err := s.Drain(dctx); err != nil {
			t.Errorf("drain: %v", err)
		}
		cancel()
		<-done
	}
}

func TestSenderKeepsPerChatOrder(t *testing.T) {
	store := &memOutbox{}
	for i := 0; i < 30; i++ {
		chat := int64(i%3 + 1)
		store.add(coord.OutMessage{Kind: coord.OutText, ChatID: chat, Text: fmt.Sprintf("c%d-m%02d", chat, i)})
	}
	d := newScripted()
	// Some transient failures in the middle must not reorder anything.
	d.script["c1-m03"] = []error{&APIError{Code: 502, Temporary: true}}
	d.script["c2-m04"] = []error{&APIError{Code: 429, RetryAfter: 5 * time.Millisecond, Temporary: true}}
	_, stop := runSender(t, store, d, SenderOptions{})
	stop()
	for chat, texts := range d.delivered {
		if len(texts) != 10 {
			t.Errorf("chat %d got %d messages, want 10", chat, len(texts))
		}
		for i := 1; i < len(texts); i++ {
			if texts[i] < texts[i-1] {
				t.Errorf("chat %d out of order: %v", chat, texts)
				break
			}
		}
	}
	for id, st := range store.states() {
		if st != "sent" {
			t.Errorf("item %d is %s, want sent", id, st)
		}
	}
}

func TestSenderRetriesAndGivesUpLoudly(t *testing.T) {
	t.Run("429HonoursRetryAfter", func(t *testing.T) {
		store := &memOutbox{}
		store.add(coord.OutMessage{Kind: coord.OutText, ChatID: 7, Text: "a"})
		d := newScripted()
		d.script["a"] = []error{&APIError{Code: 429, RetryAfter: 30 * time.Millisecond, Temporary: true}}
		start := time.Now()
		_, stop := runSender(t, store, d, SenderOptions{})
		stop()
		if got := time.Since(start); got < 30*time.Millisecond {
			t.Errorf("delivered after %v, before retry_after", got)
		}
		if d.attempts["a"] != 2 || store.states()[1] != "sent" {
			t.Errorf("attempts %d state %s, want 2 and sent", d.attempts["a"], store.states()[1])
		}
	})
	t.Run("PermanentErrorIsLoggedWithChatAndReason", func(t *testing.T) {
		store := &memOutbox{}
		store.add(coord.OutMessage{Kind: coord.OutText, ChatID: 99, Text: "blocked"})
		store.add(coord.OutMessage{Kind: coord.OutText, ChatID: 99, Text: "next"})
		d := newScripted()
		d.script["blocked"] = []error{&APIError{Method: "sendMessage", Code: 403, Description: "Forbidden: bot was blocked by the user"}}
		var logs bytes.Buffer
		_, stop := runSender(t, store, d, SenderOptions{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		stop()
		if st := store.states(); st[1] != "failed" || st[2] != "sent" {
			t.Fatalf("states %v, want 1 failed and 2 sent", st)
		}
		if d.attempts["blocked"] != 1 {
			t.Errorf("a permanent error was retried %d times", d.attempts["blocked"])
		}
		out := logs.String()
		for _, want := range []string{"level=ERROR", "chat=99", "bot was blocked"} {
			if !strings.Contains(out, want) {
				t.Errorf("log lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("TransientErrorsUpToMaxAttempts", func(t *testing.T) {
		store := &memOutbox{}
		store.add(coord.OutMessage{Kind: coord.OutText, ChatID: 5, Text: "x"})
		d := newScripted()
		d.script["x"] = []error{
			&APIError{Code: 500, RetryAfter: time.Millisecond, Temporary: true},
			&APIError{Code: 500, RetryAfter: time.Millisecond, Temporary: true},
			&APIError{Code: 500, RetryAfter: time.Millisecond, Temporary: true},
		}
		_, stop := runSender(t, store, d, SenderOptions{MaxAttempts: 3, Logger: slog.New(slog.DiscardHandler)})
		stop()
		if st := store.states()[1]; st != "failed" || d.attempts["x"] != 3 {
			t.Errorf("state %s after %d attempts, want failed after 3", st, d.attempts["x"])
		}
	})
}

// readSignal is a memOutbox that reports each read of pending items.
type readSignal struct {
	*memOutbox
	reads chan struct{}
}

func (r *readSignal) PendingOutbox(ctx context.Context, after int64, limit int) ([]coord.OutboxItem, error) {
	items, err := r.memOutbox.PendingOutbox(ctx, after, limit)
	select {
	case r.reads <- struct{}{}:
	default:
	}
	return items, err
}

// TestSenderPicksUpItemsAfterNotify checks that an item committed after
// the sender's first read is delivered on Notify alone, without a drain.
func TestSenderPicksUpItemsAfterNotify(t *testing.T) {
	store := &readSignal{memOutbox: &memOutbox{}, reads: make(chan struct{}, 1)}
	d := newScripted()
	s, stop := runSender(t, store, d, SenderOptions{})
	defer stop()
	<-store.reads // the first read found nothing
	store.add(coord.OutMessage{Kind: coord.OutText, ChatID: 1, Text: "late"})
	s.Notify()
	deadline := time.Now().Add(5 * time.Second)
	for {
		d.mu.Lock()
		got := slices.Clone(d.delivered[1])
		d.mu.Unlock()
		if len(got) == 1 && got[0] == "late" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("delivered %v 5 s after Notify, want [late]", got)
		}
		time.Sleep(5 * time.Millisecond) // polling for the delivery
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	for attempt := 1; attempt <= 12; attempt++ {
		full := time.Second << (attempt - 1)
		if full > time.Minute {
			full = time.Minute
		}
		for i := 0; i < 50; i++ {
			d := backoff(attempt, time.Second, time.Minute)
			if d < full/2 || d > full {
				t.Fatalf("attempt %d: %v outside [%v, %v]", attempt, d, full/2, full)
			}
		}
	}
}

// TestQueuesKeepOldestHeadFirst drives the sender's queues with random
// pushes and pops and checks, after each step, that the chats are in the
// order of their first item, that each lane keeps its items in id order,
// and that the lanes of a chat take turns: between two items of one lane
// there is at most one item of any other lane that was queued before the
// second of them.
func TestQueuesKeepOldestHeadFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	q := newQueues()
	var id int64
	lanes := []string{"", "u:1", "u:2", "u:3"}
	for step := range 5000 {
		if q.len() == 0 || rng.IntN(3) > 0 {
			id++
			chat := int64(rng.IntN(40)) - 20 // groups and private chats
			kind := coord.OutText
			if rng.IntN(4) == 0 {
				kind = coord.OutCallbackAnswer
			}
			lane := lanes[rng.IntN(len(lanes))]
			if rng.IntN(2) == 0 {
				lane = "u:1" // one busy sender
			}
			q.push(&entry{item: coord.OutboxItem{ID: id, Msg: coord.OutMessage{Kind: kind, ChatID: chat, Lane: lane}}})
		} else {
			chat := q.order[rng.IntN(len(q.order))]
			if !q.pop(q.byChat[chat][0]) {
				t.Fatalf("step %d: the first item of chat %d was not popped", step, chat)
			}
		}
		var want []int64
		n, unpaced := 0, 0
		for chat, list := range q.byChat {
			for _, e := range list {
				if !e.item.Msg.Paced() {
					unpaced++
				}
			}
			if len(list) == 0 {
				t.Fatalf("step %d: chat %d kept with no items", step, chat)
			}
			want = append(want, chat)
			n += len(list)
			last := map[string]int64{}
			for i, e := range list {
				if prev, ok := last[e.item.Msg.Lane]; ok && e.item.ID <= prev {
					t.Fatalf("step %d: chat %d lane %q out of order", step, chat, e.item.Msg.Lane)
				}
				last[e.item.Msg.Lane] = e.item.ID
				if i > 0 && (e.round < list[i-1].round || e.round == list[i-1].round && e.item.ID < list[i-1].item.ID) {
					t.Fatalf("step %d: chat %d not in (round, id) order at %d", step, chat, i)
				}
			}
			// Turns: no lane has two items in one round.
			seen := map[[2]any]bool{}
			for _, e := range list {
				k := [2]any{e.item.Msg.Lane, e.round}
				if seen[k] {
					t.Fatalf("step %d: chat %d lane %q has two items in round %d", step, chat, e.item.Msg.Lane, e.round)
				}
				seen[k] = true
			}
		}
		slices.SortFunc(want, func(a, b int64) int { return cmp.Compare(q.byChat[a][0].item.ID, q.byChat[b][0].item.ID) })
		if !slices.Equal(q.order, want) {
			t.Fatalf("step %d: order %v, want %v", step, q.order, want)
		}
		if q.len() != n || q.unpaced != unpaced {
			t.Fatalf("step %d: len %d and %d unpaced, want %d and %d", step, q.len(), q.unpaced, n, unpaced)
		}
	}
	// An entry that is not its chat's first is left alone.
	for _, list := range q.byChat {
		if len(list) > 1 && q.pop(list[1]) {
			t.Fatal("popped an entry that was not first in its chat")
		}
	}
}

// TestSenderTakesLanesInTurn: one officer's backlog of sixty messages to a
// group and, queued after it, another agency's report and a scheduler
// reminder: the report and the reminder go out second and third, not after
// the sixty; the backlog itself keeps its order.
func TestSenderTakesLanesInTurn(t *testing.T) {
	store := &memOutbox{}
	// A group is paced at one message a second whatever the limits; the
	// turns are the same in any chat, so a private one keeps this quick.
	const group = 100
	for i := range 60 {
		store.add(coord.OutMessage{Kind: coord.OutText, ChatID: group, Text: fmt.Sprintf("nil-%02d", i), Lane: "u:201"})
	}
	store.add(coord.OutMessage{Kind: coord.OutFiles, ChatID: group, Text: "report", Lane: "u:202"})
	store.add(coord.OutMessage{Kind: coord.OutText, ChatID: group, Text: "reminder"})
	d := &orderDeliverer{}
	_, stop := runSender(t, store, d, SenderOptions{})
	stop()
	if len(d.order) != 62 {
		t.Fatalf("delivered %d, want 62", len(d.order))
	}
	if got := d.order[:3]; !slices.Equal(got, []string{"nil-00", "report", "reminder"}) {
		t.Errorf("first three deliveries %v, want the backlog's first, the report, the reminder", got)
	}
	var backlog []string
	for _, text := range d.order {
		if strings.HasPrefix(text, "nil-") {
			backlog = append(backlog, text)
		}
	}
	if !slices.IsSorted(backlog) {
		t.Errorf("the backlog lost its order: %v", backlog)
	}
}

// orderDeliverer records the order of deliveries over all chats.
type orderDeliverer struct {
	mu    sync.Mutex
	order []string
}

func (d *orderDeliverer) Send(_ context.Context, m coord.OutMessage) ([]int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.order = append(d.order, m.Text)
	return []int{len(d.order)}, nil
}

// TestSenderAnswersButtonsWhileTheLimitIsReached checks that a button's
// answer, which Telegram does not count against the message limits, leaves
// at once even when the overall limit holds every message back.
func TestSenderAnswersButtonsWhileTheLimitIsReached(t *testing.T) {
	store := &memOutbox{}
	for i := range 4 {
		store.add(coord.OutMessage{Kind: coord.OutText, ChatID: int64(i + 1), Text: fmt.Sprintf("tin %d", i+1)})
	}
	store.add(coord.OutMessage{Kind: coord.OutCallbackAnswer, ChatID: 9, Text: "trả lời nút"})
	d := &orderDeliverer{}
	limits := fastLimits
	limits.GlobalPerSecond = 2
	_, stop := runSender(t, store, d, SenderOptions{Limits: limits, Workers: 1})
	stop()
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.order) != 5 {
		t.Fatalf("delivered %q, want all 5", d.order)
	}
	// Two messages fill the first second; the answer must not wait for it.
	if i := slices.Index(d.order, "trả lời nút"); i > 2 {
		t.Errorf("the button's answer left %d-th, after %q: it waited for the message limit", i+1, d.order[:i])
	}
}

// limitedOutbox records the largest read the sender asked of the store.
type limitedOutbox struct {
	*memOutbox
	mu      sync.Mutex
	maxRead int
}

func (l *limitedOutbox) PendingOutbox(ctx context.Context, after int64, limit int) ([]coord.OutboxItem, error) {
	l.mu.Lock()
	l.maxRead = max(l.maxRead, limit)
	l.mu.Unlock()
	return l.memOutbox.PendingOutbox(ctx, after, limit)
}

// TestSenderHoldsABoundedQueue checks that a backlog larger than MaxQueued
// is read from the store in parts as it is delivered, every message
// arriving once and in order per chat.
func TestSenderHoldsABoundedQueue(t *testing.T) {
	store := &limitedOutbox{memOutbox: &memOutbox{}}
	for i := range 40 {
		chat := int64(i%3 + 1)
		store.add(coord.OutMessage{Kind: coord.OutText, ChatID: chat, Text: fmt.Sprintf("c%d-m%02d", chat, i)})
	}
	d := newScripted()
	_, stop := runSender(t, store, d, SenderOptions{MaxQueued: 6})
	stop()
	total := 0
	for chat, texts := range d.delivered {
		total += len(texts)
		if !slices.IsSorted(texts) {
			t.Errorf("chat %d out of order: %v", chat, texts)
		}
	}
	if total != 40 {
		t.Errorf("delivered %d messages, want 40", total)
	}
	if store.maxRead > 6 {
		t.Errorf("the sender asked the store for %d items at once, more than MaxQueued (6)", store.maxRead)
	}
}

// lockedOutbox is a memOutbox whose MarkSent fails while locked is above
// zero, as SQLite does with "database is locked" under another writer.
type lockedOutbox struct {
	*memOutbox
	mu      sync.Mutex
	locked  int // refusals left
	refused int
}

func (l *lockedOutbox) MarkSent(ctx context.Context, id int64, ids []int, at time.Time) error {
	l.mu.Lock()
	if l.locked > 0 {
		l.locked--
		l.refused++
		l.mu.Unlock()
		return errors.New("mark outbox sent: database is locked")
	}
	l.mu.Unlock()
	return l.memOutbox.MarkSent(ctx, id, ids, at)
}

// TestSenderRecordsADeliveryTheStoreRefused: Telegram took the message but
// the store could not record it. The sender writes the record again until
// it lands and never sends the message a second time; left pending, it went
// out again after the next start (issue 17: a report twice in two groups
// after a 20 s lock).
func TestSenderRecordsADeliveryTheStoreRefused(t *testing.T) {
	for _, locked := range []int{1, 6} {
		t.Run(fmt.Sprintf("%d refusals", locked), func(t *testing.T) {
			store := &lockedOutbox{memOutbox: &memOutbox{}, locked: locked}
			store.add(coord.OutMessage{Kind: coord.OutText, ChatID: -100, Text: "report"})
			store.add(coord.OutMessage{Kind: coord.OutText, ChatID: -200, Text: "receipt"})
			d := newScripted()
			var logs bytes.Buffer
			_, stop := runSender(t, store, d, SenderOptions{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			stop() // drained: both delivered, recorded or not; then stopped
			if d.attempts["report"] != 1 || d.attempts["receipt"] != 1 {
				t.Errorf("sent report %d and receipt %d times, want once each", d.attempts["report"], d.attempts["receipt"])
			}
			if st := store.states(); st[1] != "sent" || st[2] != "sent" {
				t.Errorf("states after the stop %v, want both recorded as sent", st)
			}
			if store.get(1).ids == nil || store.refused == 0 {
				t.Errorf("message ids %v, refusals %d", store.get(1).ids, store.refused)
			}
			// What a next start would read: nothing left to send again.
			if left, _ := store.PendingOutbox(context.Background(), 0, 10); len(left) != 0 {
				t.Errorf("pending after the stop: %v; a restart would send them again", left)
			}
			if !strings.Contains(logs.String(), "the message is not sent again") {
				t.Errorf("the refused record is not logged:\n%s", logs.String())
			}
		})
	}
}

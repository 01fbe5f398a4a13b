package scheduler_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/scheduler"
)

// outboxRow is one outbox item the prune tests queue: when it was queued
// and what became of it then.
type outboxRow struct {
	key   string
	at    time.Time
	state string // "sent", "failed" or "pending"
}

// queue puts rows into the outbox, delivering or giving up each at its time.
func (w *world) queue(rows ...outboxRow) {
	w.t.Helper()
	ctx := context.Background()
	for i, r := range rows {
		var id int64
		err := w.store.Update(ctx, func(tx coord.Tx) error {
			var err error
			id, _, err = tx.Enqueue(ctx, r.key, coord.OutMessage{Kind: coord.OutText, ChatID: coordChat, Text: r.key}, r.at)
			return err
		})
		if err != nil {
			w.t.Fatal(err)
		}
		switch r.state {
		case "sent":
			err = w.store.MarkSent(ctx, id, []int{1000 + i}, r.at)
		case "failed":
			err = w.store.MarkFailed(ctx, id, 12, "403 Forbidden", r.at)
		}
		if err != nil {
			w.t.Fatal(err)
		}
	}
}

// kept reports whether the outbox still holds the item queued under key.
func (w *world) kept(key string) bool {
	w.t.Helper()
	_, _, _, err := w.store.OutboxItemByKey(context.Background(), key)
	if err != nil && coord.ErrorCode(err) != coord.ENotFound {
		w.t.Fatal(err)
	}
	return err == nil
}

// TestPrunesDeliveredOutboxDaily checks that the first tick after 08:00
// deletes delivered messages older than KeepDelivered, and keeps recent
// ones, undelivered and failed ones, and every message when it is 0.
func TestPrunesDeliveredOutboxDaily(t *testing.T) {
	now := time.Date(2027, time.March, 10, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	rows := []outboxRow{
		{key: "old-sent", at: now.AddDate(0, 0, -91), state: "sent"},
		{key: "recent-sent", at: now.AddDate(0, 0, -89), state: "sent"},
		{key: "old-failed", at: now.AddDate(0, 0, -91), state: "failed"},
		{key: "old-pending", at: now.AddDate(0, 0, -91), state: "pending"},
	}

	t.Run("OK", func(t *testing.T) {
		w := newWorld(t)
		s := w.scheduler(func(o *scheduler.Options) { o.KeepDelivered = 90 * 24 * time.Hour })
		w.queue(rows...)
		w.tick(s, now.Add(-time.Minute)) // 07:59: nothing yet
		if !w.kept("old-sent") {
			t.Fatal("pruned before 08:00")
		}
		w.tick(s, now)
		for key, want := range map[string]bool{"old-sent": false, "recent-sent": true, "old-failed": true, "old-pending": true} {
			if got := w.kept(key); got != want {
				t.Errorf("%s kept = %v, want %v", key, got, want)
			}
		}
		// Pruned once a day: a message delivered long ago but recorded
		// after today's prune waits for tomorrow's.
		w.queue(outboxRow{key: "old-sent-2", at: now.AddDate(0, 0, -91), state: "sent"})
		w.tick(s, now.Add(time.Hour))
		if !w.kept("old-sent-2") {
			t.Error("pruned twice on one day")
		}
		w.tick(s, now.AddDate(0, 0, 1))
		if w.kept("old-sent-2") {
			t.Error("not pruned the next day")
		}
	})

	t.Run("ZeroKeepsEverything", func(t *testing.T) {
		w := newWorld(t)
		s := w.scheduler() // KeepDelivered unset
		w.queue(rows...)
		w.tick(s, now)
		for _, r := range rows {
			if !w.kept(r.key) {
				t.Errorf("%s pruned with KeepDelivered 0", r.key)
			}
		}
	})

	t.Run("ErrNegative", func(t *testing.T) {
		w := newWorld(t)
		_, err := scheduler.New(scheduler.Options{Store: w.store, Catalogue: w.cfg.Catalogue, Calendar: w.cfg.Calendar,
			Hour: 8, Clock: coord.SystemClock, KeepDelivered: -time.Hour})
		if err == nil || !strings.Contains(err.Error(), "keep delivered") {
			t.Fatalf("err = %v, want the negative KeepDelivered refused", err)
		}
	})
}

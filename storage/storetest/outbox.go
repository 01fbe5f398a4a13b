package storetest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

func text(chat int64, s string) coord.OutMessage {
	return coord.OutMessage{Kind: coord.OutText, ChatID: chat, Text: s}
}

// enqueue queues m under key in its own update.
func enqueue(t *testing.T, s coord.Store, key string, m coord.OutMessage, at time.Time) (int64, bool) {
	t.Helper()
	var id int64
	var queued bool
	update(t, s, func(tx coord.Tx) (err error) {
		id, queued, err = tx.Enqueue(context.Background(), key, m, at)
		return err
	})
	return id, queued
}

// pendingIDs lists the ids of all pending items, in order.
func pendingIDs(t *testing.T, s coord.Store) []int64 {
	t.Helper()
	items, err := s.PendingOutbox(context.Background(), 0, 0)
	if err != nil {
		t.Fatalf("PendingOutbox: %v", err)
	}
	var ids []int64
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	return ids
}

// messageRef looks up the ref of a sent message.
func messageRef(t *testing.T, s coord.Store, chat int64, mid int) (string, error) {
	t.Helper()
	var ref string
	var refErr error
	view(t, s, func(tx coord.Tx) error {
		ref, refErr = tx.MessageRef(context.Background(), chat, mid)
		return nil
	})
	return ref, refErr
}

// inspect reads an item back in any state, skipping without an inspector.
func inspect(t *testing.T, s coord.Store, key string) (coord.OutboxItem, string, []int) {
	t.Helper()
	in, ok := s.(OutboxInspector)
	if !ok {
		t.Skip("the store does not implement storetest.OutboxInspector")
	}
	item, state, mids, err := in.OutboxItemByKey(context.Background(), key)
	if err != nil {
		t.Fatalf("OutboxItemByKey(%q): %v", key, err)
	}
	return item, state, mids
}

// Outbox checks coord.Outbox and coord.OutboxStore: idempotent queueing,
// the pending list and the sent, retry and failed states, message refs and
// the scrubbing of secrets.
func Outbox(t *testing.T, f Factory) {
	ctx := context.Background()
	secret := coord.OutMessage{Kind: coord.OutText, ChatID: 111, Secret: true, Text: "Mã mời: ABC123",
		Buttons: [][]coord.Button{{{Text: "Mở", URL: "https://t.me/fwbot?start=ABC123"}}}}

	t.Run("a queued message is pending, whole", func(t *testing.T) {
		s := open(t, f)
		m := coord.OutMessage{Kind: coord.OutFiles, ChatID: -100, Text: "Báo cáo", ReplyTo: 7, Ref: "request:3",
			Buttons: [][]coord.Button{{{Text: "Đã nhận", Data: "ack:1"}, {Text: "Xem", URL: "https://example.org"}}},
			Files:   []coord.FileRef{{FileID: "f1", Name: "a.pdf"}, {FileID: "f2", Photo: true}}, ForceReply: true}
		id, queued := enqueue(t, s, "k1", m, t0)
		if id == 0 || !queued {
			t.Fatalf("Enqueue = %d, %v; want an id, queued", id, queued)
		}
		items, err := s.PendingOutbox(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 {
			t.Fatalf("pending = %+v, want one item", items)
		}
		it := items[0]
		if it.ID != id || it.Key != "k1" || it.Attempts != 0 || !reflect.DeepEqual(it.Msg, m) {
			t.Errorf("item = %+v, want id %d key k1, no attempts, %+v", it, id, m)
		}
		sameTime(t, "CreatedAt", it.CreatedAt, t0)
	})

	t.Run("an upload keeps the file it names", func(t *testing.T) {
		s := open(t, f)
		m := coord.OutMessage{Kind: coord.OutUpload, ChatID: 111, Text: "Tình trạng 2027",
			Upload: &coord.LocalFile{Path: "/srv/fwbot/data/files/exports/export-abc.xlsx", Name: "trang-thai-2027.xlsx"}}
		enqueue(t, s, "", m, t0)
		items, err := s.PendingOutbox(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 || !reflect.DeepEqual(items[0].Msg, m) {
			t.Errorf("pending = %+v, want %+v", items, m)
		}
	})

	t.Run("a second enqueue with the same key does nothing", func(t *testing.T) {
		s := open(t, f)
		enqueue(t, s, "remind:1", text(1, "first"), t0)
		if _, queued := enqueue(t, s, "remind:1", text(1, "second"), t0.Add(time.Minute)); queued {
			t.Error("second Enqueue: queued = true")
		}
		items, err := s.PendingOutbox(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 || items[0].Msg.Text != "first" {
			t.Errorf("pending = %+v, want the first message only", items)
		}
	})

	t.Run("messages without a key never collide", func(t *testing.T) {
		s := open(t, f)
		_, q1 := enqueue(t, s, "", text(1, "a"), t0)
		_, q2 := enqueue(t, s, "", text(1, "a"), t0)
		if !q1 || !q2 || len(pendingIDs(t, s)) != 2 {
			t.Errorf("two keyless messages: queued %v, %v, pending %v", q1, q2, pendingIDs(t, s))
		}
	})

	t.Run("a message rolled back with its update is not queued and frees its key", func(t *testing.T) {
		s := open(t, f)
		rolledBack(t, s, func(tx coord.Tx) error {
			_, _, err := tx.Enqueue(ctx, "k", text(1, "lost"), t0)
			return err
		})
		if ids := pendingIDs(t, s); len(ids) != 0 {
			t.Errorf("pending = %v after a rollback", ids)
		}
		if _, queued := enqueue(t, s, "k", text(1, "again"), t0); !queued {
			t.Error("the key of a rolled-back message is still taken")
		}
	})

	t.Run("the pending list goes oldest first, after the cursor, up to the limit", func(t *testing.T) {
		s := open(t, f)
		var ids []int64
		for i := range 4 {
			id, _ := enqueue(t, s, fmt.Sprint("k", i), text(1, fmt.Sprint(i)), t0)
			ids = append(ids, id)
		}
		if got := pendingIDs(t, s); !slices.Equal(got, ids) {
			t.Errorf("pending = %v, want %v", got, ids)
		}
		items, err := s.PendingOutbox(ctx, ids[0], 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 2 || items[0].ID != ids[1] || items[1].ID != ids[2] {
			t.Errorf("pending after %d, limit 2 = %+v, want %v", ids[0], items, ids[1:3])
		}
	})

	t.Run("a retried item stays pending with its attempts and next try", func(t *testing.T) {
		s := open(t, f)
		id, _ := enqueue(t, s, "k", secret, t0)
		if err := s.MarkRetry(ctx, id, 2, t0.Add(30*time.Second), "429 too many requests"); err != nil {
			t.Fatal(err)
		}
		items, err := s.PendingOutbox(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 || items[0].Attempts != 2 || !reflect.DeepEqual(items[0].Msg, secret) {
			t.Fatalf("pending = %+v, want the whole secret after 2 attempts", items)
		}
		sameTime(t, "NotBefore", items[0].NotBefore, t0.Add(30*time.Second))
	})

	t.Run("a sent item is no longer pending", func(t *testing.T) {
		s := open(t, f)
		a, _ := enqueue(t, s, "a", text(1, "a"), t0)
		b, _ := enqueue(t, s, "b", text(1, "b"), t0)
		if err := s.MarkSent(ctx, a, []int{500}, t0); err != nil {
			t.Fatal(err)
		}
		if got := pendingIDs(t, s); !slices.Equal(got, []int64{b}) {
			t.Errorf("pending = %v, want [%d]", got, b)
		}
	})

	t.Run("a sent key still deduplicates", func(t *testing.T) {
		s := open(t, f)
		id, _ := enqueue(t, s, "k", text(1, "a"), t0)
		if err := s.MarkSent(ctx, id, []int{500}, t0); err != nil {
			t.Fatal(err)
		}
		if _, queued := enqueue(t, s, "k", text(1, "a"), t0); queued {
			t.Error("a delivered message's key was queued again")
		}
	})

	t.Run("a failed item is no longer pending and its key still deduplicates", func(t *testing.T) {
		s := open(t, f)
		id, _ := enqueue(t, s, "k", text(1, "a"), t0)
		if err := s.MarkFailed(ctx, id, 12, "403 Forbidden", t0); err != nil {
			t.Fatal(err)
		}
		if got := pendingIDs(t, s); len(got) != 0 {
			t.Errorf("pending = %v, want none", got)
		}
		if _, queued := enqueue(t, s, "k", text(1, "a"), t0); queued {
			t.Error("a given-up message's key was queued again")
		}
	})

	t.Run("taking a chat's pending items gives them up and returns them whole", func(t *testing.T) {
		s := open(t, f)
		sent, _ := enqueue(t, s, "", text(-5, "sent"), t0)
		if err := s.MarkSent(ctx, sent, []int{1}, t0); err != nil {
			t.Fatal(err)
		}
		a, _ := enqueue(t, s, "ka", text(-5, "a"), t0)
		other, _ := enqueue(t, s, "", text(-6, "other"), t0)
		b, _ := enqueue(t, s, "kb", secret, t0)
		if err := s.MarkRetry(ctx, b, 2, t0.Add(time.Minute), "502"); err != nil {
			t.Fatal(err)
		}
		var taken []coord.OutboxItem
		update(t, s, func(tx coord.Tx) (err error) {
			taken, err = tx.TakePending(ctx, -5, "re-routed", t0)
			return err
		})
		var ids []int64
		for _, it := range taken {
			ids = append(ids, it.ID)
		}
		if !slices.Equal(ids, []int64{a}) {
			t.Fatalf("taken %v, want only %d (the secret is chat 111's, %d was sent)", ids, a, sent)
		}
		if taken[0].Msg.Text != "a" || taken[0].Key != "ka" {
			t.Errorf("taken item %+v", taken[0])
		}
		if got := pendingIDs(t, s); !slices.Equal(got, []int64{other, b}) {
			t.Errorf("pending = %v, want the other chat's %d and %d", got, other, b)
		}
		if _, state, _ := inspect(t, s, "ka"); state != "failed" {
			t.Errorf("a taken item is %q, want failed", state)
		}
		update(t, s, func(tx coord.Tx) (err error) {
			taken, err = tx.TakePending(ctx, secret.ChatID, "re-routed", t0)
			return err
		})
		if len(taken) != 1 || taken[0].Msg.Text != secret.Text || taken[0].Attempts != 2 {
			t.Errorf("a taken secret came back as %+v, want whole with its attempts", taken)
		}
		if item, _, _ := inspect(t, s, "kb"); item.Msg.Text != coord.ScrubbedText {
			t.Errorf("a taken secret keeps %q in the store", item.Msg.Text)
		}
		update(t, s, func(tx coord.Tx) (err error) {
			taken, err = tx.TakePending(ctx, -5, "again", t0)
			return err
		})
		if len(taken) != 0 {
			t.Errorf("taken twice: %+v", taken)
		}
	})

	t.Run("marking an unknown item is not found", func(t *testing.T) {
		s := open(t, f)
		wantNotFound(t, "MarkSent(404)", s.MarkSent(ctx, 404, []int{1}, t0))
		wantNotFound(t, "MarkRetry(404)", s.MarkRetry(ctx, 404, 1, t0, "x"))
		wantNotFound(t, "MarkFailed(404)", s.MarkFailed(ctx, 404, 1, "x", t0))
	})

	t.Run("every message of a sent item with a ref routes to that ref", func(t *testing.T) {
		s := open(t, f)
		m := coord.OutMessage{Kind: coord.OutFiles, ChatID: -100, Ref: coord.RequestRef(12),
			Files: []coord.FileRef{{FileID: "a"}, {FileID: "b"}}}
		id, _ := enqueue(t, s, "", m, t0)
		if err := s.MarkSent(ctx, id, []int{700, 701}, t0); err != nil {
			t.Fatal(err)
		}
		for _, mid := range []int{700, 701} {
			if ref, err := messageRef(t, s, -100, mid); err != nil || ref != coord.RequestRef(12) {
				t.Errorf("MessageRef(-100, %d) = %q, %v; want %q", mid, ref, err, coord.RequestRef(12))
			}
		}
		// And the ref finds its messages, wherever they went, oldest first.
		other, _ := enqueue(t, s, "", coord.OutMessage{Kind: coord.OutText, ChatID: 55, Ref: coord.RequestRef(12)}, t0)
		if err := s.MarkSent(ctx, other, []int{9}, t0); err != nil {
			t.Fatal(err)
		}
		view(t, s, func(tx coord.Tx) error {
			got, err := tx.MessagesOfRef(ctx, coord.RequestRef(12))
			want := []coord.SentMessage{{ChatID: -100, MessageID: 700}, {ChatID: -100, MessageID: 701}, {ChatID: 55, MessageID: 9}}
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("MessagesOfRef(request:12) = %v, %v; want %v", got, err, want)
			}
			if none, err := tx.MessagesOfRef(ctx, coord.RequestRef(13)); err != nil || len(none) != 0 {
				t.Errorf("MessagesOfRef(request:13) = %v, %v; want none", none, err)
			}
			return nil
		})
	})

	t.Run("a message without a ref, in another chat or never sent has no ref", func(t *testing.T) {
		s := open(t, f)
		plain, _ := enqueue(t, s, "", text(-100, "no ref"), t0)
		withRef, _ := enqueue(t, s, "", coord.OutMessage{Kind: coord.OutText, ChatID: -100, Ref: "request:1"}, t0)
		if err := s.MarkSent(ctx, plain, []int{1}, t0); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkSent(ctx, withRef, []int{2}, t0); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			chat int64
			mid  int
		}{{-100, 1}, {-200, 2}, {-100, 3}} {
			_, err := messageRef(t, s, c.chat, c.mid)
			wantNotFound(t, fmt.Sprintf("MessageRef(%d, %d)", c.chat, c.mid), err)
		}
	})

	t.Run("a message keeps the first ref it was sent with", func(t *testing.T) {
		s := open(t, f)
		first, _ := enqueue(t, s, "", coord.OutMessage{Kind: coord.OutText, ChatID: -100, Ref: "request:1"}, t0)
		edit, _ := enqueue(t, s, "", coord.OutMessage{Kind: coord.OutEdit, ChatID: -100, MessageID: 9, Ref: "request:2"}, t0)
		if err := s.MarkSent(ctx, first, []int{9}, t0); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkSent(ctx, edit, []int{9}, t0); err != nil {
			t.Fatal(err)
		}
		if ref, err := messageRef(t, s, -100, 9); err != nil || ref != "request:1" {
			t.Errorf("MessageRef = %q, %v; want request:1", ref, err)
		}
	})

	t.Run("a delivered secret keeps only its scrubbed form", func(t *testing.T) {
		s := open(t, f)
		id, _ := enqueue(t, s, "invite", secret, t0)
		if err := s.MarkSent(ctx, id, []int{900}, t0); err != nil {
			t.Fatal(err)
		}
		item, state, mids := inspect(t, s, "invite")
		if state != "sent" || !slices.Equal(mids, []int{900}) || !reflect.DeepEqual(item.Msg, secret.Scrubbed()) {
			t.Errorf("delivered secret: %s %v %+v; want sent [900] %+v", state, mids, item.Msg, secret.Scrubbed())
		}
	})

	t.Run("a given-up secret keeps only its scrubbed form, and its attempts", func(t *testing.T) {
		s := open(t, f)
		id, _ := enqueue(t, s, "invite", secret, t0)
		if err := s.MarkFailed(ctx, id, 7, "403 Forbidden", t0); err != nil {
			t.Fatal(err)
		}
		item, state, _ := inspect(t, s, "invite")
		if state != "failed" || item.Attempts != 7 || !reflect.DeepEqual(item.Msg, secret.Scrubbed()) {
			t.Errorf("given-up secret: %s %+v", state, item)
		}
	})

	t.Run("a delivered message that is not secret is kept as sent", func(t *testing.T) {
		s := open(t, f)
		m := text(1, "Chào ABC123")
		id, _ := enqueue(t, s, "plain", m, t0)
		if err := s.MarkSent(ctx, id, []int{901}, t0); err != nil {
			t.Fatal(err)
		}
		if item, _, _ := inspect(t, s, "plain"); !reflect.DeepEqual(item.Msg, m) {
			t.Errorf("plain message became %+v", item.Msg)
		}
	})
}

// pruneOutbox checks Store.PruneOutbox: only delivered items sent before
// the cutoff go; pending and failed items and message refs stay.
func pruneOutbox(t *testing.T, f Factory) {
	ctx := context.Background()
	s := open(t, f)
	cutoff := t0.Add(-90 * 24 * time.Hour)
	old := cutoff.Add(-time.Hour)
	pendingOld, _ := enqueue(t, s, "pending-old", text(1, "p"), old)
	failedOld, _ := enqueue(t, s, "failed-old", text(1, "f"), old)
	sentOld, _ := enqueue(t, s, "sent-old", coord.OutMessage{Kind: coord.OutText, ChatID: 1, Ref: "request:5"}, old)
	sentNew, _ := enqueue(t, s, "sent-new", text(1, "n"), old)
	if err := s.MarkFailed(ctx, failedOld, 3, "400", old); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSent(ctx, sentOld, []int{55}, old); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSent(ctx, sentNew, []int{56}, cutoff); err != nil {
		t.Fatal(err)
	}
	if err := s.PruneOutbox(ctx, cutoff); err != nil {
		t.Fatal(err)
	}
	if got := pendingIDs(t, s); !slices.Equal(got, []int64{pendingOld}) {
		t.Errorf("pending after the prune = %v, want [%d]", got, pendingOld)
	}
	if ref, err := messageRef(t, s, 1, 55); err != nil || ref != "request:5" {
		t.Errorf("message ref of a pruned item = %q, %v; want request:5", ref, err)
	}
	for key, kept := range map[string]bool{"pending-old": true, "failed-old": true, "sent-new": true, "sent-old": false} {
		if _, queued := enqueue(t, s, key, text(1, "again"), t0); queued == kept {
			t.Errorf("after the prune, Enqueue(%q) queued = %v; the item should be kept: %v", key, queued, kept)
		}
	}
}

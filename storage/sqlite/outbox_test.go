package sqlite

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

func TestFileOutboxLifecycle(t *testing.T) {
	testOutboxLifecycle(t, func(t *testing.T) *DB {
		return openAt(t, filepath.Join(t.TempDir(), "bot.db"))
	})
}

func TestMemoryOutboxLifecycle(t *testing.T) {
	testOutboxLifecycle(t, func(t *testing.T) *DB { return openAt(t, Memory) })
}

// enqueue queues m under key at at and returns its id.
func enqueue(t *testing.T, db *DB, key string, m coord.OutMessage, at time.Time) int64 {
	t.Helper()
	var id int64
	update(t, db, func(tx coord.Tx) error {
		var err error
		id, _, err = tx.Enqueue(context.Background(), key, m, at)
		return err
	})
	return id
}

// rawPayload is the stored JSON of outbox row id, as a copy of the
// database file would show it.
func rawPayload(t *testing.T, db *DB, id int64) string {
	t.Helper()
	var p string
	if err := db.x.Get(&p, `SELECT payload FROM outbox WHERE id = ?`, id); err != nil {
		t.Fatalf("payload of %d: %v", id, err)
	}
	return p
}

func testOutboxLifecycle(t *testing.T, open func(t *testing.T) *DB) {
	ctx := context.Background()
	const code = "Zq3vU1x8mRk2Pw0aLc7dYg"
	secret := coord.OutMessage{Kind: coord.OutText, ChatID: 111, Secret: true,
		Text:    "Mã mời:\n" + code + "\n\nhttps://t.me/fwbot?start=" + code,
		Buttons: [][]coord.Button{{{Text: "Mở", URL: "https://t.me/fwbot?start=" + code}}}}

	t.Run("SecretScrubbedWhenSent", func(t *testing.T) {
		db := open(t)
		id := enqueue(t, db, "invite", secret, t0)
		plain := enqueue(t, db, "plain", coord.OutMessage{Kind: coord.OutText, ChatID: 111, Text: "Chào " + code}, t0)
		// Until delivered, the sender needs the text, retries included.
		if err := db.MarkRetry(ctx, id, 1, t0.Add(time.Second), "502 bad gateway"); err != nil {
			t.Fatal(err)
		}
		if items, err := db.PendingOutbox(ctx, 0, 1); err != nil || len(items) != 1 || !reflect.DeepEqual(items[0].Msg, secret) {
			t.Fatalf("pending secret = %+v, %v; want it whole", items, err)
		}
		if err := db.MarkSent(ctx, id, []int{900}, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if p := rawPayload(t, db, id); strings.Contains(p, code) {
			t.Errorf("a delivered secret still holds the code: %s", p)
		}
		item, state, mids, err := db.OutboxItemByKey(ctx, "invite")
		if err != nil {
			t.Fatal(err)
		}
		want := coord.OutMessage{Kind: coord.OutText, ChatID: 111, Secret: true, Text: coord.ScrubbedText}
		if state != stateSent || !reflect.DeepEqual(mids, []int{900}) || !reflect.DeepEqual(item.Msg, want) {
			t.Errorf("delivered secret: %q %v %+v; want sent [900] %+v", state, mids, item.Msg, want)
		}
		// A message that is not secret is kept as it was sent.
		if err := db.MarkSent(ctx, plain, []int{901}, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if p := rawPayload(t, db, plain); !strings.Contains(p, "Chào "+code) {
			t.Errorf("a plain message was changed: %s", p)
		}
	})

	t.Run("SecretScrubbedWhenGivenUp", func(t *testing.T) {
		db := open(t)
		id := enqueue(t, db, "invite", secret, t0)
		if err := db.MarkFailed(ctx, id, 12, "403 Forbidden: bot was blocked by the user", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if p := rawPayload(t, db, id); strings.Contains(p, code) {
			t.Errorf("a given-up secret still holds the code: %s", p)
		}
		item, state, _, err := db.OutboxItemByKey(ctx, "invite")
		if err != nil {
			t.Fatal(err)
		}
		if state != stateFailed || item.Attempts != 12 || item.Msg.Text != coord.ScrubbedText || item.Msg.Buttons != nil {
			t.Errorf("given-up secret: %q %+v", state, item)
		}
	})

	t.Run("PruneDeliveredOnly", func(t *testing.T) {
		db := open(t)
		cutoff := t0.Add(-90 * 24 * time.Hour)
		msg := func(text string) coord.OutMessage {
			return coord.OutMessage{Kind: coord.OutText, ChatID: -100, Text: text}
		}
		// Rows of several ages and states: only the delivered ones sent
		// before the cutoff go.
		ids := map[string]int64{}
		for _, r := range []struct {
			key   string
			at    time.Time // queued, and sent or given up
			state string
			ref   string
			mid   int
		}{
			{key: "old-sent", at: cutoff.Add(-time.Hour), state: stateSent, ref: "request:7", mid: 55},
			{key: "just-before", at: cutoff.Add(-time.Nanosecond), state: stateSent, mid: 56},
			{key: "at-cutoff", at: cutoff, state: stateSent, mid: 57},
			{key: "recent-sent", at: t0.Add(-time.Hour), state: stateSent, ref: "request:8", mid: 58},
			{key: "old-failed", at: cutoff.Add(-time.Hour), state: stateFailed},
			{key: "old-pending", at: cutoff.Add(-time.Hour), state: statePending},
		} {
			m := msg(r.key)
			m.Ref = r.ref
			id := enqueue(t, db, r.key, m, r.at)
			ids[r.key] = id
			switch r.state {
			case stateSent:
				if err := db.MarkSent(ctx, id, []int{r.mid}, r.at); err != nil {
					t.Fatal(err)
				}
			case stateFailed:
				if err := db.MarkFailed(ctx, id, 3, "400 Bad Request: chat not found", r.at); err != nil {
					t.Fatal(err)
				}
			}
		}
		update(t, db, func(tx coord.Tx) error {
			return tx.Audit(ctx, coord.AuditEntry{At: cutoff.Add(-time.Hour), Actor: 1, Action: "invite.create", Subject: "invite:1"})
		})

		if err := db.PruneOutbox(ctx, cutoff); err != nil {
			t.Fatal(err)
		}
		for key, gone := range map[string]bool{"old-sent": true, "just-before": true, "at-cutoff": false,
			"recent-sent": false, "old-failed": false, "old-pending": false} {
			_, _, _, err := db.OutboxItemByKey(ctx, key)
			if gone != isNotFound(err) {
				t.Errorf("%s: gone = %v (err %v), want %v", key, isNotFound(err), err, gone)
			}
		}
		// Replies to a pruned message are still routed.
		err := db.View(ctx, func(tx coord.Tx) error {
			for mid, want := range map[int]string{55: "request:7", 58: "request:8"} {
				if ref, err := tx.MessageRef(ctx, -100, mid); err != nil || ref != want {
					t.Errorf("MessageRef(-100, %d) = %q, %v; want %q", mid, ref, err, want)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if a, err := db.AuditLog(ctx, 0); err != nil || len(a) != 1 {
			t.Errorf("audit log after pruning: %d rows, %v; want the one kept", len(a), err)
		}
		// The sender's cursor still sees the pending item, and nothing
		// twice.
		items, err := db.PendingOutbox(ctx, 0, 0)
		if err != nil || len(items) != 1 || items[0].ID != ids["old-pending"] {
			t.Errorf("pending after pruning = %+v, %v; want only old-pending", items, err)
		}
	})

	t.Run("PruneInBatchesKeepsTheCursor", func(t *testing.T) {
		db := open(t)
		// More rows than two batches, every one of them delivered, the
		// newest included.
		n := 2*pruneBatch + 1
		var last int64
		update(t, db, func(tx coord.Tx) error {
			for i := 0; i < n; i++ {
				var err error
				if last, _, err = tx.Enqueue(ctx, "", coord.OutMessage{Kind: coord.OutText, ChatID: 5, Text: "x"}, t0); err != nil {
					return err
				}
			}
			return nil
		})
		if _, err := db.x.Exec(`UPDATE outbox SET state = ?, sent_at = ?`, stateSent, t0.UTC()); err != nil {
			t.Fatal(err)
		}
		if err := db.PruneOutbox(ctx, t0.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		var left int
		if err := db.x.Get(&left, `SELECT COUNT(*) FROM outbox`); err != nil {
			t.Fatal(err)
		}
		if left != 0 {
			t.Errorf("%d of %d delivered rows left after pruning", left, n)
		}
		// The sender read up to last; an id is never reused, so the next
		// item is after its cursor.
		id := enqueue(t, db, "", coord.OutMessage{Kind: coord.OutText, ChatID: 5, Text: "mới"}, t0)
		items, err := db.PendingOutbox(ctx, last, 0)
		if err != nil || id <= last || len(items) != 1 || items[0].ID != id {
			t.Errorf("after pruning every row up to %d: new id %d, pending after the cursor %+v, %v", last, id, items, err)
		}
	})
}

// TestPruneQueryPlans checks that the scheduler's daily deletes find their
// rows through an index instead of reading the tables that only grow.
func TestPruneQueryPlans(t *testing.T) {
	db := openAt(t, Memory)
	for _, c := range []struct {
		name  string
		query string
		args  []any
		want  []string
	}{
		{name: "Outbox", query: pruneOutboxQuery, args: []any{stateSent, t0, pruneBatch}, want: []string{
			"SEARCH outbox USING INTEGER PRIMARY KEY (rowid=?)",
			"LIST SUBQUERY 1",
			"SEARCH outbox USING COVERING INDEX outbox_state_sent_at (state=? AND sent_at<?)",
		}},
		// The statements of PruneOnceKeys and PruneHandledUpdates.
		{name: "OnceKeys", query: `DELETE FROM once_keys WHERE at < ?`, args: []any{t0},
			want: []string{"SEARCH once_keys USING INDEX once_keys_at (at<?)"}},
		{name: "HandledUpdates", query: `DELETE FROM handled_updates WHERE handled_at < ?`, args: []any{t0},
			want: []string{"SEARCH handled_updates USING INDEX handled_updates_at (handled_at<?)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, err := db.x.Query(`EXPLAIN QUERY PLAN `+c.query, c.args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(plan, c.want) {
				t.Errorf("query plan:\n%s\nwant:\n%s", strings.Join(plan, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestScrubSentInvitesMigration runs migration 0008 again over rows written
// the way the bot wrote invite messages before they were marked secret.
func TestScrubSentInvitesMigration(t *testing.T) {
	ctx := context.Background()
	db := openAt(t, Memory)
	const code = "Zq3vU1x8mRk2Pw0aLc7dYg"
	invite := coord.OutMessage{Kind: coord.OutText, ChatID: 111,
		Text: "Đã tạo mã mời.\n\nMã mời:\n" + code + "\n\nĐường link ghi danh:\nhttps://t.me/fwbot?start=" + code}
	other := coord.OutMessage{Kind: coord.OutText, ChatID: -100, Text: "Nhắc hạn báo cáo"}
	ids := map[string]int64{}
	for key, m := range map[string]coord.OutMessage{"sent": invite, "failed": invite, "pending": invite, "other": other} {
		id := enqueue(t, db, key, m, t0)
		ids[key] = id
		switch key {
		case "sent", "other":
			if err := db.MarkSent(ctx, id, []int{1}, t0); err != nil {
				t.Fatal(err)
			}
		case "failed":
			if err := db.MarkFailed(ctx, id, 12, "403 Forbidden", t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	sqlText, err := migrationFS.ReadFile("migrations/0008_scrub_sent_invites.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.x.ExecContext(ctx, string(sqlText)); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"sent", "failed"} {
		if p := rawPayload(t, db, ids[key]); strings.Contains(p, code) {
			t.Errorf("%s invite still holds the code: %s", key, p)
		}
		item, _, _, err := db.OutboxItemByKey(ctx, key)
		want := invite.Scrubbed()
		want.Secret = true
		if err != nil || !reflect.DeepEqual(item.Msg, want) {
			t.Errorf("%s invite = %+v, %v; want %+v, as MarkSent scrubs it", key, item.Msg, err, want)
		}
	}
	// The pending invite is still owed to the admin, whole, and is
	// scrubbed once delivered.
	items, err := db.PendingOutbox(ctx, 0, 0)
	want := invite
	want.Secret = true
	if err != nil || len(items) != 1 || !reflect.DeepEqual(items[0].Msg, want) {
		t.Fatalf("pending = %+v, %v; want the invite marked secret", items, err)
	}
	if err := db.MarkSent(ctx, ids["pending"], []int{2}, t0); err != nil {
		t.Fatal(err)
	}
	if p := rawPayload(t, db, ids["pending"]); strings.Contains(p, code) {
		t.Errorf("the formerly pending invite still holds the code: %s", p)
	}
	if item, _, _, err := db.OutboxItemByKey(ctx, "other"); err != nil || !reflect.DeepEqual(item.Msg, other) {
		t.Errorf("another message = %+v, %v; want it untouched", item.Msg, err)
	}
}

// TestScrubbedSecretLeavesNoCopy: once a secret message is delivered, its
// text is in no file of the database: not in the main file, even when the
// page holding it was checkpointed there before the scrub (an invite that
// waited for a retry), and not in the write-ahead log once it restarts.
func TestScrubbedSecretLeavesNoCopy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bot.db")
	db := openAt(t, path)
	const code = "CODE-4f1d2a9c-8b7e"
	id := enqueue(t, db, "", coord.OutMessage{Kind: coord.OutText, ChatID: 111, Secret: true,
		Text: code + "\n" + strings.Repeat("mã mời ", 200)}, time.Now())
	if _, err := db.x.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSent(ctx, id, []int{7}, time.Now()); err != nil {
		t.Fatal(err)
	}
	// The bot's own checkpoint, then a later write, which restarts the log.
	if _, err := db.x.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
		t.Fatal(err)
	}
	enqueue(t, db, "", coord.OutMessage{Kind: coord.OutText, ChatID: 112, Text: "tin khác"}, time.Now())
	for _, f := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		if strings.Contains(string(b), code) {
			t.Errorf("%s still holds the scrubbed secret", filepath.Base(f))
		}
	}
}

// TestScrubbedSecretLeavesTheLog: a secret delivered before any checkpoint
// has its original page image in the write-ahead log; the log is truncated
// when it restarts after the next checkpoint, so no copy of it is left.
func TestScrubbedSecretLeavesTheLog(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bot.db")
	db := openAt(t, path)
	const code = "CODE-77e0b1c4-5a2d"
	// Enough traffic first that the secret's frames lie well into the log.
	for i := range 50 {
		enqueue(t, db, "", coord.OutMessage{Kind: coord.OutText, ChatID: 200 + int64(i), Text: strings.Repeat("x", 500)}, time.Now())
	}
	id := enqueue(t, db, "", coord.OutMessage{Kind: coord.OutText, ChatID: 111, Secret: true, Text: code}, time.Now())
	if err := db.MarkSent(ctx, id, []int{7}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.x.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
		t.Fatal(err)
	}
	enqueue(t, db, "", coord.OutMessage{Kind: coord.OutText, ChatID: 112, Text: "tin khác"}, time.Now())
	b, err := os.ReadFile(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), code) {
		t.Error("the write-ahead log still holds the scrubbed secret")
	}
}

// TestOutboxBacklog is what the operator's outbox gauges read: the pending
// count and the oldest pending item's time, delivered and failed items
// left out.
func TestOutboxBacklog(t *testing.T) {
	for name, path := range map[string]func(t *testing.T) string{
		"File":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "bot.db") },
		"Memory": func(*testing.T) string { return Memory },
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := openAt(t, path(t))
			if n, oldest, err := db.OutboxBacklog(ctx); err != nil || n != 0 || !oldest.IsZero() {
				t.Fatalf("empty outbox: %d, %v, %v", n, oldest, err)
			}
			msg := coord.OutMessage{Kind: coord.OutText, ChatID: 111, Text: "x"}
			first := enqueue(t, db, "", msg, t0)
			enqueue(t, db, "", msg, t0.Add(time.Minute))
			third := enqueue(t, db, "", msg, t0.Add(2*time.Minute))
			if err := db.MarkSent(ctx, first, []int{1}, t0.Add(3*time.Minute)); err != nil {
				t.Fatal(err)
			}
			if err := db.MarkFailed(ctx, third, 3, "gave up", t0.Add(3*time.Minute)); err != nil {
				t.Fatal(err)
			}
			n, oldest, err := db.OutboxBacklog(ctx)
			if err != nil || n != 1 || !oldest.Equal(t0.Add(time.Minute)) {
				t.Fatalf("got %d pending, oldest %v (%v); want 1, %v", n, oldest, err, t0.Add(time.Minute))
			}
		})
	}
}

package sqlite

import (
	"context"
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
}

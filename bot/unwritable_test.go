package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/outage"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

// directSends records what the dispatcher sends past the outbox.
type directSends struct {
	mu   sync.Mutex
	msgs []coord.OutMessage
}

func (d *directSends) Send(_ context.Context, m coord.OutMessage) ([]int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.msgs = append(d.msgs, m)
	return []int{len(d.msgs)}, nil
}

func (d *directSends) to(chat int64) []coord.OutMessage {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []coord.OutMessage
	for _, m := range d.msgs {
		if m.ChatID == chat {
			out = append(out, m)
		}
	}
	return out
}

// fill caps db at its size and fills it until writes fail as on a full
// disk.
func fill(t *testing.T, db *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.SetMaxPageCount(ctx, 1); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		err := db.SetSetting(ctx, fmt.Sprintf("fill.%d", i), strings.Repeat("x", 3000))
		if coord.CannotWrite(err) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, size := range []int{1000, 100, 1} {
		for {
			err := db.Update(ctx, func(tx coord.Tx) error {
				_, _, err := tx.Enqueue(ctx, "", coord.OutMessage{Kind: coord.OutText, ChatID: 1, Text: strings.Repeat("x", size)}, time.Now())
				return err
			})
			if coord.CannotWrite(err) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestFullDiskAnsweredDirectlyOnce: while the database cannot write, an
// update is not recorded (it is offered again), its sender is told once,
// directly, and the log says so once; when the disk has room again the
// same update is handled as usual.
func TestFullDiskAnsweredDirectlyOnce(t *testing.T) {
	e := newDispatchEnv(t, nil)
	var logs bytes.Buffer
	e.d.log = slog.New(slog.NewTextHandler(&logs, nil))
	direct := &directSends{}
	kept := 0
	e.d.Direct = direct
	e.d.Outage = &outage.Watch{Suppressed: func(string) { kept++ }}
	e.r.Errors = func(ctx context.Context, c *Context, err error) {
		text := "gián đoạn"
		if !coord.CannotWrite(err) {
			text = "lỗi: " + err.Error()
		}
		if c.Callback != nil {
			_ = c.Answer(ctx, text, true)
			return
		}
		_ = c.Reply(ctx, text)
	}
	e.r.Command("ok", func(ctx context.Context, c *Context) error { return c.Reply(ctx, "đã xong") }, Anyone, Everywhere)
	e.r.Callback("b:", func(ctx context.Context, c *Context) error { return c.Answer(ctx, "đã bấm", false) }, Anyone, Everywhere)
	e.replies(t)
	fill(t, e.store)
	e.replies(t)

	ctx := context.Background()
	press := Update{ID: 20, Chat: Chat{ID: 6, Type: "private"}, From: Person{ID: 6}, Callback: &Callback{ID: "cb-1", Data: "b:1", MessageID: 3}}
	chatter := Update{ID: 21, Chat: Chat{ID: -100, Type: "supergroup"}, From: Person{ID: 7}, Text: "chào cả nhóm"}
	updates := []Update{privateUpdate(1, 5, "ok"), privateUpdate(2, 5, "ok"), press, privateUpdate(1, 5, "ok")}
	for _, u := range updates {
		err := e.d.Handle(ctx, u)
		if !coord.CannotWrite(err) {
			t.Fatalf("update %d on a full disk: %v; want not recorded, ErrCannotWrite", u.ID, err)
		}
	}
	// Its handled mark may still fit, or not: either way it is not answered.
	_ = e.d.Handle(ctx, chatter)
	if got := direct.to(5); len(got) != 1 || got[0].Text != "gián đoạn" {
		t.Errorf("chat 5 was told %+v; want one answer, from the error sink", got)
	}
	if got := direct.to(6); len(got) != 1 || got[0].Kind != coord.OutCallbackAnswer || got[0].CallbackID != "cb-1" || got[0].Text != "gián đoạn" {
		t.Errorf("the press was answered %+v; want one toast", got)
	}
	if got := direct.to(-100); len(got) != 0 {
		t.Errorf("plain chatter in a group was answered: %+v", got)
	}
	if n := strings.Count(logs.String(), "level=ERROR"); n != 1 {
		t.Errorf("%d ERROR lines for %d failures, want 1:\n%s", n, len(updates), logs.String())
	}
	if kept != len(updates)-1 {
		t.Errorf("%d lines counted as kept back, want %d", kept, len(updates)-1)
	}

	if _, err := e.store.SetMaxPageCount(ctx, 1<<30); err != nil {
		t.Fatal(err)
	}
	if err := e.d.Handle(ctx, privateUpdate(1, 5, "ok")); err != nil {
		t.Fatalf("after the disk was freed: %v", err)
	}
	if got := e.replies(t); len(got) != 1 || got[0] != "đã xong" {
		t.Errorf("after the disk was freed, replies %q", got)
	}
	if !strings.Contains(logs.String(), `msg="database writes again"`) {
		t.Errorf("the recovery is not logged:\n%s", logs.String())
	}
	if n := len(direct.to(5)); n != 1 {
		t.Errorf("%d direct answers to chat 5 in all, want 1", n)
	}
}

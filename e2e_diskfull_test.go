package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fakeapi"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

// fillDisk caps the running bot's database at its size and fills what is
// left, so that the next writes fail with SQLITE_FULL as on a full disk.
// What still fits in the half-empty pages of a table may be written for a
// while: a disk that has just filled up behaves so too.
func fillDisk(t *testing.T, db *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.SetMaxPageCount(ctx, 1); err != nil { // never below its size
		t.Fatal(err)
	}
	// The free pages first, then the room left in the outbox's pages,
	// where every answer is written: filled with messages to a chat
	// nobody watches.
	for i := 0; ; i++ {
		err := db.SetSetting(ctx, fmt.Sprintf("drill.fill.%d", i), strings.Repeat("x", 3000))
		if coord.CannotWrite(err) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, size := range []int{1000, 200, 20, 1} {
		for {
			err := db.Update(ctx, func(tx coord.Tx) error {
				_, _, err := tx.Enqueue(ctx, "", coord.OutMessage{Kind: coord.OutText, ChatID: drillChat, Text: strings.Repeat("x", size)}, time.Now())
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

// drillChat is where fillDisk's messages go.
const drillChat = 4242

// freeDisk lifts the cap: the operator made room.
func freeDisk(t *testing.T, db *sqlite.DB) {
	t.Helper()
	if _, err := db.SetMaxPageCount(context.Background(), 1<<30); err != nil {
		t.Fatal(err)
	}
}

// TestDiskFullEndToEnd: the database's disk fills up while officers write.
// Each chat is told once, directly (the outbox lives in the full
// database), that the service is interrupted and that nothing needs
// sending again; the log says it once; nothing is lost: once the disk has
// room, every update is handled, once, without a restart.
func TestDiskFullEndToEnd(t *testing.T) {
	e := newE2E(t)
	opened := make(chan *sqlite.DB, 1)
	e.opened = func(db *sqlite.DB) { opened <- db }
	e.start()
	db := <-opened
	e.say(lan, fakeapi.Private(lan), "/start "+e.invite("yte"), "Chào mừng")

	fillDisk(t, db)
	// Lan asks until an update cannot be recorded (a few small ones may
	// still fit).
	var stuck int64
	asked := 0
	for stuck == 0 {
		if asked == 100 {
			t.Fatal("100 updates were recorded in a full database")
		}
		after := e.lastSeq()
		upd, _ := e.api.SendText(lan, fakeapi.Private(lan), "/whoami")
		asked++
		reply := e.waitSent(after, "sendMessage", lan.ID, "")
		if strings.Contains(reply.Params["text"], "gián đoạn") {
			stuck = upd
			if !strings.Contains(reply.Params["text"], "không cần gửi lại") {
				t.Errorf("the officer is not told that the message will be handled: %q", reply.Params["text"])
			}
		}
	}
	t.Logf("%d updates were still recorded after the disk filled", asked-1)
	outageFrom := len(e.logs.String())
	// More from the same chat within the minute: not answered again; the
	// admin, in another chat, is told too.
	e.api.SendText(lan, fakeapi.Private(lan), "/whoami")
	e.api.SendText(lan, fakeapi.Private(lan), "/help")
	after := e.lastSeq()
	last, _ := e.api.SendText(admin, fakeapi.Private(admin), "/whoami")
	e.waitSent(after, "sendMessage", adminID, "tạm thời gián đoạn")
	asked += 2
	// Telegram offers the stuck updates again and again meanwhile; the
	// metric counts the log lines kept back.
	base := e.metricsAddr()
	eventually(t, base+"/metrics", "log lines kept back", func(_ int, body string) bool {
		return sample(body, `fwbot_log_lines_suppressed_total{component="dispatch"}`) >= 3
	})
	if n := count(e.api.Sent(), lan.ID, "gián đoạn"); n != 1 {
		t.Errorf("Lan was told %d times during the outage, want once", n)
	}
	if n := count(e.api.Sent(), adminID, "gián đoạn"); n != 1 {
		t.Errorf("the admin was told %d times during the outage, want once", n)
	}
	outageLog := e.logs.String()[outageFrom:]
	if n := strings.Count(outageLog, "level=ERROR"); n > 1 {
		t.Errorf("%d ERROR lines in a few seconds of a full disk, want at most one a minute:\n%s", n, outageLog)
	}
	if !strings.Contains(e.logs.String(), "database or disk is full") {
		t.Error("the log never names the cause")
	}

	freeDisk(t, db)
	e.api.WaitConfirmed(t, 2*wait, last)
	e.logs.WaitFor(t, wait, `msg="database writes again"`)
	e.waitSent(0, "sendMessage", adminID, "Mã Telegram: 111")
	// Every /whoami Lan sent is answered exactly once (the /help once too).
	e.api.WaitCount(t, wait, "Lan's answers", func(c fakeapi.Call) bool {
		return c.Method == "sendMessage" && c.ChatID() == lan.ID && strings.Contains(c.Params["text"], "Mã Telegram: 201")
	}, asked-1)
	e.say(lan, fakeapi.Private(lan), "/whoami", "Mã Telegram: 201")
	if n := count(e.api.Sent(), lan.ID, "Mã Telegram: 201"); n != asked {
		t.Errorf("%d answers to Lan's %d /whoami", n, asked)
	}
}

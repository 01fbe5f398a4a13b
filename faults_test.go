package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/bacgiang/fwbot/config"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fakeapi"
	"github.com/bacgiang/fwbot/scheduler"
)

// Fault drills: each injects a fault from outside and checks what the
// officer sees and that no record or message is lost.

// TestKilledDuringSubmission: the bot dies (SIGKILL) while the receipt and
// the delivery of a committed submission are still in flight. After the
// restart they arrive, the submission is stored once, its file archived.
func TestKilledDuringSubmission(t *testing.T) {
	p := newProc(t)
	e := p.e2e()
	p.start()
	e.say(lan, fakeapi.Private(lan), "/start "+e.invite("ldtbxh"), "Chào mừng")
	e.say(admin, groupCA, "/bindgroup congan", "Đã liên kết")
	p.api.FailNext("sendMessage", 1, fakeapi.Fault{Kind: fakeapi.Hang, Delay: time.Minute})
	p.api.FailNext("sendDocument", 1, fakeapi.Fault{Kind: fakeapi.Hang, Delay: time.Minute})
	f := fakeapi.File{FileID: "KILL-1", Name: "bao-cao.pdf", MIME: "application/pdf", Data: []byte("%PDF giữa chừng")}
	p.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-05", f)
	p.api.WaitFaulted(t, wait, "sendDocument") // the delivery is hanging in flight
	p.api.WaitFaulted(t, wait, "sendMessage")  // and so is the receipt
	p.kill()

	p.start()
	e.waitSent(0, "sendMessage", lan.ID, "Đã ghi nhận báo cáo")
	e.waitSent(0, "sendDocument", groupCA.ID, "KILL-1")
	e.waitArchived(f.Data)
	subs := 0
	err := p.db().View(context.Background(), func(tx coord.Tx) error {
		list, err := tx.Submissions(context.Background(), coord.SubmissionFilter{Obligation: "6.4"})
		subs = len(list)
		return err
	})
	if err != nil || subs != 1 {
		t.Fatalf("%d submissions stored (err %v), want 1", subs, err)
	}
	if n := count(p.api.Sent(), lan.ID, "Đã ghi nhận báo cáo"); n != 1 {
		t.Errorf("receipt delivered %d times", n)
	}
}

// TestKilledDuringRequestTransition: the bot dies right after the police
// accepted a request, before the requester was told.
func TestKilledDuringRequestTransition(t *testing.T) {
	p := newProc(t)
	e := p.e2e()
	p.start()
	e.say(lan, fakeapi.Private(lan), "/start "+e.invite("ldtbxh"), "Chào mừng")
	e.say(minh, fakeapi.Private(minh), "/start "+e.invite("congan"), "Chào mừng")
	e.say(admin, groupCA, "/bindgroup congan", "Đã liên kết")
	e.say(lan, fakeapi.Private(lan), "/request congan 31/12/2026 Xác minh hồ sơ", "#1 → Công an tỉnh")
	// A message of the transition hangs: the acceptance is committed, its
	// messages are not all delivered.
	p.api.FailNext("sendMessage", 1, fakeapi.Fault{Kind: fakeapi.Hang, Delay: time.Minute})
	p.api.SendText(minh, groupCA, "/accept 1")
	p.api.WaitFaulted(t, wait, "sendMessage") // the first message is hanging in flight
	p.kill()

	p.start()
	e.waitSent(0, "sendMessage", lan.ID, "Công an tỉnh đã nhận xử lý")
	e.waitSent(0, "sendMessage", groupCA.ID, "Đã nhận xử lý yêu cầu #1")
	e.say(lan, fakeapi.Private(lan), "/request 1", "Trạng thái: đang xử lý")
	var events []coord.RequestEvent
	err := p.db().View(context.Background(), func(tx coord.Tx) error {
		var err error
		events, err = tx.RequestEvents(context.Background(), 1)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	accepts := 0
	for _, ev := range events {
		if ev.Action == coord.ActAccept {
			accepts++
		}
	}
	if accepts != 1 {
		t.Fatalf("%d accept events, want 1", accepts)
	}
}

// TestKilledDuringMorningReminders: on Monday 4 January 2027 the bot starts
// at 07:59:59 with every agency's group bound, is killed while the 08:00
// reminders go out, and restarts at 08:10: every reminder of the day's plan
// arrives, and only messages that were in flight at the kill may arrive
// twice.
func TestKilledDuringMorningReminders(t *testing.T) {
	p := newProc(t)
	cfg, err := config.Load("config.yaml", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	db := p.db()
	chatOf := map[string]int64{}
	err = db.Update(context.Background(), func(tx coord.Tx) error {
		for i, a := range cfg.Catalogue.Agencies {
			chatOf[a.Code] = int64(-200000 - i)
			if _, err := tx.Bind(context.Background(), coord.ChatBinding{ChatID: chatOf[a.Code], Code: a.Code, BoundAt: time.Now()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	day := coord.Date{Year: 2027, Month: 1, Day: 4}
	// The bot first starts on 04/01/2027, so it tracks from 01/01/2027.
	plan := scheduler.Plan(cfg.Catalogue, cfg.Calendar, reminderPolicy(cfg), coord.Date{Year: 2027, Month: 1, Day: 1},
		func(string, string, string) bool { return false }, day)
	if len(plan) < 10 {
		t.Fatalf("a plan of %d reminders is too small for this drill", len(plan))
	}
	p.env["BOT_CLOCK_START"] = "2027-01-04T07:59:59+07:00"
	p.start()
	// Let a few reminders through, then kill the bot mid-way.
	p.api.WaitCount(t, wait, "the first reminders", func(c fakeapi.Call) bool {
		return c.Method == "sendMessage" && strings.Contains(c.Params["text"], "Báo cáo ")
	}, 3)
	p.kill()
	inFlight := len(p.api.CallsTo("sendMessage")) - len(sentTo(p.api, "sendMessage"))

	p.env["BOT_CLOCK_START"] = "2027-01-04T08:10:00+07:00"
	p.start()
	for _, r := range plan {
		r := r
		p.api.WaitFor(t, 2*wait, fmt.Sprintf("reminder %s %s %s", r.Obligation, r.Agency, r.Deadline.Period), func(c fakeapi.Call) bool {
			return c.Method == "sendMessage" && c.ChatID() == chatOf[r.Agency] &&
				strings.Contains(c.Params["text"], "Báo cáo "+r.Obligation+" ") && strings.Contains(c.Params["text"], "Kỳ: "+r.Deadline.Period.String())
		})
	}
	seen := map[string]int{}
	dups := 0
	for _, c := range sentTo(p.api, "sendMessage") {
		k := fmt.Sprint(c.ChatID(), c.Params["text"])
		seen[k]++
		if seen[k] == 2 {
			dups++
		}
	}
	if limit := inFlight + 8; dups > limit {
		t.Fatalf("%d reminders duplicated; at most those in flight at the kill (%d) may be", dups, limit)
	}
}

func sentTo(api *fakeapi.Server, method string) []fakeapi.Call {
	var out []fakeapi.Call
	for _, c := range api.Sent() {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// TestRedisDownMidWizard: Redis stops while an officer is in the middle of
// the submit wizard; the officer is told to retry, and once Redis is back
// the wizard goes on where it was.
func TestRedisDownMidWizard(t *testing.T) {
	e := reportsE2E(t)
	start := e.say(lan, fakeapi.Private(lan), "/submit", "Chọn báo cáo")
	after := e.lastSeq()
	e.api.PressButton(lan, fakeapi.Private(lan), start.MessageIDs[0], "sub:o:6.4")
	e.waitSent(after, "editMessageText", lan.ID, "Chọn kỳ")
	after = e.lastSeq()
	e.api.PressButton(lan, fakeapi.Private(lan), start.MessageIDs[0], "sub:p:2026-06")
	e.waitSent(after, "sendMessage", lan.ID, "Hãy gửi tệp báo cáo")

	e.mr.Close()
	f := fakeapi.File{FileID: "R-1", Name: "thang-6.pdf", MIME: "application/pdf", Data: []byte("%PDF tháng 6")}
	after = e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "", f)
	e.waitSent(after, "sendMessage", lan.ID, "tạm thời gián đoạn, vui lòng thử lại")
	if err := e.mr.Restart(); err != nil {
		t.Fatal(err)
	}
	// The officer sends the file again until the service is back.
	deadline := time.Now().Add(wait)
	var reply fakeapi.Call
	for {
		after = e.lastSeq()
		e.api.SendDocument(lan, fakeapi.Private(lan), "", f)
		reply = e.waitSent(after, "sendMessage", lan.ID, "")
		if !strings.Contains(reply.Params["text"], "gián đoạn") || time.Now().After(deadline) {
			break
		}
	}
	if !strings.Contains(reply.Params["text"], "Đã nhận 1 tệp") {
		t.Fatalf("the wizard did not go on: %q", reply.Params["text"])
	}
}

// TestSQLiteBusy: another process holds the database's write lock longer
// than the busy timeout while an officer writes; the update is not lost: it
// is offered again and answered once the lock is released.
func TestSQLiteBusy(t *testing.T) {
	e := reportsE2E(t)
	locker, err := sql.Open("sqlite3", "file:"+e.env["BOT_DB_PATH"]+"?_busy_timeout=100")
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close()
	conn, err := locker.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	after := e.lastSeq()
	upd, _ := e.api.SendText(lan, fakeapi.Private(lan), "/lang en")
	// The bot fails to record it (busy for longer than its 5 s timeout)…
	e.logs.WaitFor(t, 2*wait, "update not recorded")
	// …then the lock is released and the update is handled.
	if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	e.api.WaitConfirmed(t, 2*wait, upd)
	e.waitSent(after, "sendMessage", lan.ID, "Language set to English")
	if n := count(e.api.Sent(), lan.ID, "Language set to English"); n != 1 {
		t.Fatalf("answered %d times", n)
	}
}

// TestDeclineReasonWhileDatabaseLocked: the reason typed into the decline
// prompt arrives while another process holds the database's write lock past
// the busy timeout, so the update cannot be recorded. Once the lock is
// released, Telegram's redelivery declines the request with the reason. (A
// failure at COMMIT, after the handler ran, is played with an injected
// commit failure in handlers: TestDeclineReasonSurvivesAFailedCommit.)
func TestDeclineReasonWhileDatabaseLocked(t *testing.T) {
	e := reportsE2E(t)
	e.say(lan, fakeapi.Private(lan), "/request congan 31/12/2026 Đề nghị xác minh hồ sơ", "#1 → Công an tỉnh")
	card := e.waitSent(0, "sendMessage", groupCA.ID, "Yêu cầu phối hợp #1")
	after := e.lastSeq()
	e.api.PressButton(minh, groupCA, card.MessageIDs[0], "rq:d:1")
	prompt := e.waitSent(after, "sendMessage", groupCA.ID, "lý do từ chối yêu cầu #1")

	locker, err := sql.Open("sqlite3", "file:"+e.env["BOT_DB_PATH"]+"?_busy_timeout=100")
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close()
	conn, err := locker.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	after = e.lastSeq()
	upd, _ := e.api.ReplyTo(minh, groupCA, prompt.MessageIDs[0], "Không thuộc thẩm quyền của Công an tỉnh")
	e.logs.WaitFor(t, 2*wait, "update not recorded")
	if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	e.api.WaitConfirmed(t, 2*wait, upd)
	e.waitSent(after, "sendMessage", lan.ID, "Lý do: Không thuộc thẩm quyền của Công an tỉnh")
	list := e.say(lan, fakeapi.Private(lan), "/requests", "Đã gửi:")
	if !strings.Contains(list.Params["text"], "#1 [đã từ chối]") {
		t.Errorf("the request is not declined:\n%s", list.Params["text"])
	}
}

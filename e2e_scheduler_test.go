package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

var (
	groupCoord  = fakeapi.Chat{ID: -100900, Type: "supergroup", Title: "Phối hợp liên ngành NLĐNN"}
	groupLDTBXH = fakeapi.Chat{ID: -100901, Type: "supergroup", Title: "Sở LĐTBXH"}
)

// TestSchedulerEndToEnd plays two days in fake time through Main and the
// fake Bot API: on Monday 1 March 2027 groups are bound and lan asks the
// police for something due Wednesday 3 March; the bot restarts on Monday
// 8 March at 08:30 (it was down at 08:00) and posts that day's reminders,
// the overdue request's reminder and its escalation (three working days
// late), and the weekly digest, once; another restart sends nothing again.
func TestSchedulerEndToEnd(t *testing.T) {
	e := newE2E(t)
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(time.Date(2027, 3, 1, 7, 0, 0, 0, loc))
	e.start()
	for _, g := range []struct {
		chat fakeapi.Chat
		code string
	}{{groupCoord, "coord"}, {groupLDTBXH, "ldtbxh"}, {groupCA, "congan"}} {
		e.say(admin, g.chat, "/bindgroup "+g.code, "Đã liên kết")
	}
	for _, p := range []struct {
		u    fakeapi.User
		args string
	}{{lan, "ldtbxh"}, {minh, "congan"}} {
		e.say(p.u, fakeapi.Private(p.u), "/start "+e.invite(p.args), "Chào mừng")
	}
	e.say(lan, fakeapi.Private(lan), "/request congan 2027-03-03 Cung cấp danh sách thị thực đã cấp", "#1 → Công an tỉnh")
	e.stop()

	e.clock.Set(time.Date(2027, 3, 8, 8, 30, 0, 0, loc))
	after := e.lastSeq()
	e.start()
	// 6.4 for 2027-02 was due "trước ngày 05/03" (last day Thursday 04/03):
	// overdue reminders on 05/03 and 08/03.
	e.waitSent(after, "sendMessage", groupLDTBXH.ID, "Báo cáo 6.4")
	e.waitSent(after, "sendMessage", groupCA.ID, "Yêu cầu phối hợp #1 đã quá hạn")
	e.waitSent(after, "sendMessage", groupCoord.ID, "Báo cáo cơ quan chủ trì (Điều 17.2): yêu cầu phối hợp #1")
	digest := e.waitSent(after, "sendMessage", groupCoord.ID, "Tổng hợp tuần")
	for _, want := range []string{"Công an tỉnh (congan)", "nhận 1 đang mở (1 quá hạn)"} {
		if !strings.Contains(strings.Join(e.api.TextsTo(groupCoord.ID), "\n"), want) {
			t.Errorf("weekly digest lacks %q:\n%s", want, digest.Params["text"])
		}
	}
	// The bot was rolled out on 1 March: nothing due before then (6.4 and
	// 13.3 for January, due 05/02) is owed, so nobody is nudged about it.
	for _, chat := range []int64{groupLDTBXH.ID, groupCA.ID, groupCoord.ID} {
		for _, text := range e.api.TextsTo(chat) {
			if strings.Contains(text, "Kỳ: 2027-01") || strings.Contains(text, "kỳ 2027-01 — trễ") {
				t.Errorf("a period due before the rollout is treated as owed:\n%s", text)
			}
		}
	}
	// Restarted again the same morning: nothing is sent twice.
	e.stop()
	sentBefore := len(e.api.Sent())
	e.clock.Set(time.Date(2027, 3, 8, 8, 45, 0, 0, loc))
	e.start()
	// The latest inputs (7.3 for February, due 28/02) were due before the
	// bot began tracking on 01/03: nobody owes them.
	e.say(admin, fakeapi.Private(admin), "/digest inputs", "Chưa có gì để tổng hợp")
	for _, c := range e.api.Sent()[sentBefore:] {
		if strings.Contains(c.Params["text"], "Tổng hợp tuần") || strings.Contains(c.Params["text"], "Báo cáo cơ quan chủ trì") {
			t.Fatalf("sent again after a restart: %q", c.Params["text"])
		}
	}
}

func TestRemindersCommandNeedsNoTelegram(t *testing.T) {
	var out, errOut bytes.Buffer
	env := map[string]string{"BOT_CONFIG": "config.yaml", "BOT_DB_PATH": t.TempDir() + "/bot.db"}
	code := Main(context.Background(), []string{"reminders", "--at", "2027-03-08T09:00:00+07:00"}, func(k string) string { return env[k] }, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.HasPrefix(out.String(), "send_at,kind,obligation,agency,period,due,effective_due\n") ||
		!strings.Contains(out.String(), "2027-03-08T08:00:00+07:00,overdue,6.4,ldtbxh,2027-02,2027-03-05T00:00:00+07:00,2027-03-05T00:00:00+07:00") {
		t.Fatalf("output:\n%s", out.String())
	}
}

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestBroadcastEndToEnd plays a broadcast with read receipts (spec §10)
// through Main and the fake Bot API, across the May holidays of 2027
// (Friday 30/04, and Monday 03/05 off for Saturday 01/05):
//   - on Wednesday 28/04 the admin sends B-1, a new decree with its file,
//     to the police, the Industrial Zones Board and the health department;
//     each group gets the file and the card with «Đã đọc»; the police's
//     officer reads it (the admin is told privately), a second press says
//     it was marked, an officer of another agency and a stranger are
//     refused;
//   - on Thursday 29/04 the Board reads it, and the admin sends B-2 to
//     health; the admin's view lists who read B-1, by whom and when;
//   - the two working days after 28/04 are 29/04 and 04/05: on Monday
//     03/05 (a day off: the weekly digest shows the scheduler ran) nobody
//     is reminded; on Tuesday 04/05 health alone gets one reminder of B-1;
//   - on Wednesday 05/05, B-2's day, health is reminded of B-2 and not
//     again of B-1; health then reads B-1 from the reminder and the admin
//     hears that every agency has.
func TestBroadcastEndToEnd(t *testing.T) {
	e := newE2E(t)
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	at := func(month time.Month, day, hour, minute int) time.Time {
		return time.Date(2027, month, day, hour, minute, 0, 0, loc)
	}
	e.clock.Set(at(time.April, 28, 9, 0))
	e.start()
	for _, g := range []struct {
		chat fakeapi.Chat
		code string
	}{{groupCA, "congan"}, {groupBQL, "bqlkcn"}, {groupYTE, "yte"}, {groupCoord, "coord"}} {
		e.say(admin, g.chat, "/bindgroup "+g.code, "Đã liên kết")
	}
	for _, p := range []struct {
		u    fakeapi.User
		args string
	}{{lan, "ldtbxh"}, {minh, "congan"}, {tuan, "bqlkcn"}, {hoa, "yte"}} {
		e.say(p.u, fakeapi.Private(p.u), "/start "+e.invite(p.args), "Chào mừng")
	}

	// An officer may not broadcast; the admin sends B-1 with the decree.
	e.say(lan, fakeapi.Private(lan), "/broadcast congan Thử", "Chỉ quản trị viên")
	after := e.lastSeq()
	decree := fakeapi.File{FileID: "ND-219", Name: "nd-219-2025.pdf", MIME: "application/pdf", Data: []byte("%PDF nghị định")}
	e.api.SendDocument(admin, fakeapi.Private(admin), "/broadcast congan,bqlkcn,yte Nghị định 219/2025/NĐ-CP về lao động nước ngoài\n"+
		"Đề nghị các cơ quan nghiên cứu, phổ biến tới cán bộ.", decree)
	e.waitSent(after, "sendMessage", admin.ID, "Đã gửi thông báo B-1 «Nghị định 219/2025/NĐ-CP về lao động nước ngoài» tới: Công an tỉnh (1 chat)")
	cards := map[int64]fakeapi.Call{}
	for _, g := range []int64{groupCA.ID, groupBQL.ID, groupYTE.ID} {
		e.waitSent(after, "sendDocument", g, "Thông báo B-1")
		cards[g] = e.waitSent(after, "sendMessage", g, "📢 Thông báo B-1: Nghị định 219/2025/NĐ-CP")
		if !strings.Contains(cards[g].Params["text"], "Đề nghị các cơ quan nghiên cứu") {
			t.Errorf("card lacks the text:\n%s", cards[g].Params["text"])
		}
	}
	read := buttonsOf(t, cards[groupCA.ID])[0][0]
	if read.Text != "Đã đọc" || read.Data != "bc:r:1:congan" {
		t.Fatalf("card button %+v", read)
	}

	// Only the police's officer marks the police's card, once.
	after = e.lastSeq()
	e.api.PressButton(lan, groupCA, cards[groupCA.ID].MessageIDs[0], read.Data)
	e.waitSent(after, "answerCallbackQuery", 0, "chỉ cán bộ của cơ quan đó")
	after = e.lastSeq()
	bql := buttonsOf(t, cards[groupBQL.ID])[0][0]
	e.api.PressButton(stranger, groupBQL, cards[groupBQL.ID].MessageIDs[0], bql.Data)
	e.waitSent(after, "answerCallbackQuery", 0, "Bạn chưa được ghi danh")
	after = e.lastSeq()
	e.api.PressButton(minh, groupCA, cards[groupCA.ID].MessageIDs[0], read.Data)
	e.waitSent(after, "sendMessage", admin.ID, "✅ Công an tỉnh đã đọc thông báo B-1 «Nghị định 219/2025/NĐ-CP về lao động nước ngoài» (Minh Trần, 09:0")
	e.waitSent(after, "editMessageReplyMarkup", groupCA.ID, "✅ Đã đọc — Minh Trần")
	after = e.lastSeq()
	e.api.PressButton(minh, groupCA, cards[groupCA.ID].MessageIDs[0], read.Data)
	e.waitSent(after, "answerCallbackQuery", 0, "đã xác nhận đọc thông báo B-1 rồi (Minh Trần")
	view := e.say(admin, fakeapi.Private(admin), "/broadcast 1", "Đã đọc (1/3 cơ quan)")
	if strings.Contains(view.Params["text"], "Tuấn") || !strings.Contains(view.Params["text"], "Ban Quản lý các khu công nghiệp tỉnh — sẽ nhắc ngày 04/05/2027") {
		t.Errorf("the stranger's press counted, or the Board's reminder day is wrong:\n%s", view.Params["text"])
	}
	e.stop()

	// Thursday 29/04: the Board reads it; B-2 goes to health.
	e.clock.Set(at(time.April, 29, 9, 0))
	after = e.lastSeq()
	e.start()
	e.api.PressButton(tuan, groupBQL, cards[groupBQL.ID].MessageIDs[0], bql.Data)
	e.waitSent(after, "sendMessage", admin.ID, "✅ Ban Quản lý các khu công nghiệp tỉnh đã đọc thông báo B-1")
	e.say(admin, fakeapi.Private(admin), "/broadcast yte Thông báo khẩn: rà soát lao động nước ngoài tại cơ sở y tế", "Đã gửi thông báo B-2")
	view = e.say(admin, fakeapi.Private(admin), "/broadcast B-1", "Đã đọc (2/3 cơ quan)")
	for _, want := range []string{"• Công an tỉnh — Minh Trần, 09:0", "28/04/2027", "• Ban Quản lý các khu công nghiệp tỉnh — Tuấn Vũ, 09:0",
		"29/04/2027", "Chưa đọc (1):\n• Sở Y tế — sẽ nhắc ngày 04/05/2027"} {
		if !strings.Contains(view.Params["text"], want) {
			t.Errorf("the sender's view lacks %q:\n%s", want, view.Params["text"])
		}
	}
	e.say(admin, fakeapi.Private(admin), "/broadcasts", "B-1 · 28/04/2027 · «Nghị định 219/2025/NĐ-CP về lao động nước ngoài» · đã đọc 2/3")
	e.say(hoa, fakeapi.Private(hoa), "/broadcasts", "cơ quan bạn chưa đọc")
	e.stop()

	morning := func(month time.Month, day int) int {
		e.clock.Set(at(month, day, 8, 30))
		after := e.lastSeq()
		e.start()
		return after
	}
	count := func(chat int64, what string) int {
		n := 0
		for _, text := range e.api.TextsTo(chat) {
			if strings.Contains(text, what) {
				n++
			}
		}
		return n
	}
	const remind1, remind2 = "⏰ Nhắc: cơ quan chưa xác nhận đã đọc thông báo B-1 (gửi ngày 28/04/2027)",
		"⏰ Nhắc: cơ quan chưa xác nhận đã đọc thông báo B-2 (gửi ngày 29/04/2027)"

	// Monday 03/05 is a day off: the weekly digest comes, no reminder.
	after = morning(time.May, 3)
	e.waitSent(after, "sendMessage", groupCoord.ID, "")
	e.stop()
	if n := count(groupYTE.ID, remind1); n != 0 {
		t.Errorf("%d reminders of B-1 before its day", n)
	}
	// Tuesday 04/05: health, which has not read B-1, is reminded.
	after = morning(time.May, 4)
	reminder := e.waitSent(after, "sendMessage", groupYTE.ID, remind1)
	if b := buttonsOf(t, reminder)[0][0]; b.Data != "bc:r:1:yte" {
		t.Errorf("reminder button %+v", b)
	}
	e.say(admin, fakeapi.Private(admin), "/broadcast 1", "• Sở Y tế — đã nhắc lúc 08:30 04/05/2027")
	e.stop()
	// Wednesday 05/05: B-2's day. B-1 is not reminded again; health
	// reads it from yesterday's reminder.
	after = morning(time.May, 5)
	e.waitSent(after, "sendMessage", groupYTE.ID, remind2)
	if n := count(groupYTE.ID, remind1); n != 1 {
		t.Errorf("health got %d reminders of B-1, want exactly one", n)
	}
	if n := count(groupCA.ID, "⏰ Nhắc") + count(groupBQL.ID, "⏰ Nhắc"); n != 0 {
		t.Errorf("the agencies that read B-1 got %d reminders", n)
	}
	if n := e.deliveriesTo(groupYTE.ID); n != 1 {
		t.Errorf("health got the decree %d times, want once (it was delivered at first)", n)
	}
	after = e.lastSeq()
	e.api.PressButton(hoa, groupYTE, reminder.MessageIDs[0], "bc:r:1:yte")
	e.waitSent(after, "sendMessage", admin.ID, "✅ Sở Y tế đã đọc thông báo B-1")
	e.waitSent(after, "sendMessage", admin.ID, "Đã đọc: 3/3 cơ quan. Tất cả các cơ quan đã đọc.")
}

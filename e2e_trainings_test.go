package main

import (
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestTrainingsEndToEnd plays the dissemination and training activities
// (Điều 3.1, 6.2, clause 1 of Điều 7–16) through Main and the fake Bot
// API, around Giỗ Tổ Hùng Vương (Friday 16/04/2027 is a holiday):
//   - on Monday 12/04 tuan (bqlkcn) records T-1, held on 09/04 with 120
//     attendees, the materials attached and the police as co-organiser; the
//     police group gets the record with «Tham gia» / «Không tham gia»; a
//     decline without a reason is refused; the police take part, and the
//     Board's group is told;
//   - lan (ldtbxh) plans T-2 for Monday 19/04; it is in /training plan;
//     the working day before is Thursday 15/04 (the holiday and the weekend
//     skipped): ldtbxh's group is reminded then at 08:00, not on 14/04;
//   - on Tuesday 20/04, T-2 not marked held, ldtbxh is reminded once
//     more; lan marks it held with 58 attendees;
//   - on Tuesday 04/05, the first working day of May (03/05 is the nghỉ
//     bù of 01/05), the monthly scorecard counts both activities, and the
//     police's part, for 2027;
//   - /export trainings gives lan the spreadsheet with both rows.
func TestTrainingsEndToEnd(t *testing.T) {
	e := newE2E(t)
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	at := func(month time.Month, day, hour, minute int) time.Time {
		return time.Date(2027, month, day, hour, minute, 0, 0, loc)
	}
	e.clock.Set(at(time.April, 12, 9, 0))
	e.start()
	for _, g := range []struct {
		chat fakeapi.Chat
		code string
	}{{groupCA, "congan"}, {groupBQL, "bqlkcn"}, {groupLDTBXH, "ldtbxh"}, {groupCoord, "coord"}} {
		e.say(admin, g.chat, "/bindgroup "+g.code, "Đã liên kết")
	}
	for _, p := range []struct {
		u    fakeapi.User
		args string
	}{{lan, "ldtbxh"}, {minh, "congan"}, {tuan, "bqlkcn"}} {
		e.say(p.u, fakeapi.Private(p.u), "/start "+e.invite(p.args), "Chào mừng")
	}

	// The Board records a held activity with the police as co-organiser.
	after := e.lastSeq()
	materials := fakeapi.File{FileID: "TL-1", Name: "tai-lieu-tuyen-truyen.pdf", MIME: "application/pdf", Data: []byte("%PDF tài liệu")}
	e.api.SendDocument(tuan, fakeapi.Private(tuan), "/training 09/04/2027 Phổ biến pháp luật lao động cho doanh nghiệp KCN Quang Châu\n"+
		"Đối tượng: doanh nghiệp, người lao động nước ngoài\nSố người: 120\nPhối hợp: congan", materials)
	e.waitSent(after, "sendMessage", tuan.ID, "Đã ghi nhận hoạt động T-1")
	e.waitSent(after, "sendDocument", groupCA.ID, "T-1")
	card := e.waitSent(after, "sendMessage", groupCA.ID, "mời cơ quan phối hợp tổ chức")
	for _, want := range []string{"Hoạt động tuyên truyền, phổ biến pháp luật, tập huấn T-1", "thứ Sáu, 09/04/2027",
		"Ban Quản lý các khu công nghiệp tỉnh", "Số người tham dự: 120", "Tài liệu: 1 tệp"} {
		if !strings.Contains(card.Params["text"], want) {
			t.Errorf("the police's card lacks %q:\n%s", want, card.Params["text"])
		}
	}
	buttons := buttonsOf(t, card)[0]
	if buttons[0].Text != "Tham gia" || buttons[1].Text != "Không tham gia" || buttons[0].Data != "trn:j:1" || buttons[1].Data != "trn:d:1" {
		t.Fatalf("co-organiser buttons %+v", buttons)
	}
	after = e.lastSeq()
	e.api.PressButton(minh, groupCA, card.MessageIDs[0], buttons[1].Data)
	prompt := e.waitSent(after, "sendMessage", groupCA.ID, "lý do cơ quan không tham gia phối hợp")
	after = e.lastSeq()
	e.api.ReplyTo(minh, groupCA, prompt.MessageIDs[0], "-")
	e.waitSent(after, "sendMessage", groupCA.ID, "phải nêu lý do")
	e.say(minh, groupCA, "/cancel", "")
	after = e.lastSeq()
	e.api.PressButton(minh, groupCA, card.MessageIDs[0], buttons[0].Data)
	e.waitSent(after, "sendMessage", groupBQL.ID, "Công an tỉnh trả lời lời mời phối hợp hoạt động T-1")
	e.say(tuan, fakeapi.Private(tuan), "/training 1", "• Công an tỉnh: tham gia")

	// ldtbxh plans an activity for the Monday after the holiday.
	e.say(lan, fakeapi.Private(lan), "/training 19/04/2027 Tập huấn cán bộ cấp xã về quản lý lao động nước ngoài\n"+
		"Đối tượng: cán bộ\nSố người: 60", "Đã ghi nhận hoạt động T-2")
	e.say(lan, fakeapi.Private(lan), "/training plan", "T-2 · 19/04/2027 · «Tập huấn cán bộ cấp xã")
	e.say(lan, fakeapi.Private(lan), "/trainings", "T-1 · 09/04/2027")
	e.stop()

	morning := func(month time.Month, day, hour, minute int) int {
		e.clock.Set(at(month, day, hour, minute))
		after := e.lastSeq()
		e.start()
		return after
	}
	const before, unreported = "Nhắc lịch: hoạt động T-2 diễn ra thứ Hai, 19/04/2027", "Hoạt động T-2 «Tập huấn cán bộ cấp xã"
	// Wednesday 14/04 is two working days before: nothing yet.
	morning(time.April, 14, 8, 30)
	e.logs.WaitFor(t, wait, "scheduler lease")
	e.say(lan, fakeapi.Private(lan), "/training 2", "Kế hoạch, chưa tổ chức")
	e.stop()
	// Thursday 15/04 is the working day before: reminded at 08:00.
	after = morning(time.April, 15, 8, 30)
	reminder := e.waitSent(after, "sendMessage", groupLDTBXH.ID, before)
	if !strings.Contains(reminder.Params["text"], "Đối tượng: cán bộ") {
		t.Errorf("reminder:\n%s", reminder.Params["text"])
	}
	e.say(lan, fakeapi.Private(lan), "/training 2 held 58", "chưa đến ngày tổ chức (19/04/2027)")
	e.stop()

	// Tuesday 20/04, the first working day after: not marked held, so
	// reminded once more; then lan marks it held.
	after = morning(time.April, 20, 8, 30)
	e.waitSent(after, "sendMessage", groupLDTBXH.ID, unreported)
	e.say(lan, fakeapi.Private(lan), "/training 2 held 58", "Đã ghi nhận hoạt động T-2 đã tổ chức, 58 người tham dự")
	e.stop()
	if n := count(e.api.Sent(), groupLDTBXH.ID, before); n != 1 {
		t.Errorf("%d day-before reminders of T-2, want 1", n)
	}

	// The first working day of May: the scorecard counts the year's
	// activities.
	after = morning(time.May, 4, 8, 30)
	digest := e.waitSent(after, "sendMessage", groupCoord.ID, "🎓 Tuyên truyền, phổ biến pháp luật và tập huấn năm 2027 (đến hết 30/04/2027)")
	for _, want := range []string{"• Sở Lao động - Thương binh và Xã hội: 1 hoạt động đã tổ chức, 58 lượt người tham dự",
		"• Ban Quản lý các khu công nghiệp tỉnh: 1 hoạt động đã tổ chức, 120 lượt người tham dự",
		"• Công an tỉnh: 0 hoạt động đã tổ chức, 0 lượt người tham dự; phối hợp 1 hoạt động của cơ quan khác",
		"Cộng: 2 hoạt động, 178 lượt người."} {
		if !strings.Contains(digest.Params["text"], want) {
			t.Errorf("the monthly scorecard lacks %q:\n%s", want, digest.Params["text"])
		}
	}

	// The coordinator's export holds every agency's activities.
	after = e.lastSeq()
	e.api.SendText(lan, fakeapi.Private(lan), "/export trainings")
	f, caption := e.exportDoc(after, lan.ID, "tuyen-truyen-tap-huan-2027.xlsx")
	if !strings.Contains(caption, "2 hoạt động, trong đó 2 đã tổ chức với 178 lượt người tham dự") {
		t.Errorf("caption %q", caption)
	}
	_, rows := sheetRows(t, f, "Hoạt động")
	board := findRow(t, rows, "Số", "T-1")
	if board["Cơ quan tổ chức"] != "Ban Quản lý các khu công nghiệp tỉnh" || board["Số người tham dự"] != "120" ||
		board["Cơ quan phối hợp"] != "Công an tỉnh: tham gia" || board["Trong kế hoạch"] != "Không" || board["Trạng thái"] != "Đã tổ chức" {
		t.Errorf("row of T-1: %v", board)
	}
	plan := findRow(t, rows, "Số", "T-2")
	if plan["Ngày tổ chức"] != "19/04/2027" || plan["Trong kế hoạch"] != "Có" || plan["Số người tham dự"] != "58" {
		t.Errorf("row of T-2: %v", plan)
	}
	_, counts := sheetRows(t, f, "Tổng hợp theo cơ quan")
	if police := findRow(t, counts, "Mã cơ quan", "congan"); police["Phối hợp với cơ quan khác"] != "1" {
		t.Errorf("the police's count: %v", police)
	}
}

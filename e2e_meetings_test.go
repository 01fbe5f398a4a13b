package main

import (
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestMeetingEndToEnd plays an interagency meeting (Điều 5.3) through Main
// and the fake Bot API, across Tết Dương lịch (Friday 01/01/2027 is a
// holiday):
//   - on Monday 28/12/2026 lan (ldtbxh) calls meeting #1 for Tuesday
//     05/01/2027 10:00, inviting the police and the Industrial Zones Board,
//     with the agenda attached; a decline without a reason is refused; the
//     police attend, naming their officer, and the chair's group is told;
//   - Thursday 31/12, two working days before (the holiday skipped), the
//     Board alone, which has not answered, is reminded; lan then moves the
//     meeting to Wednesday 06/01 14:00 and everyone is told;
//   - Monday 04/01 (two working days before the new day) the Board is
//     reminded again and nobody gets the day-before reminder of the old
//     day; the Board declines, with its reason, from the reminder;
//   - Tuesday 05/01 08:00 and Wednesday 13:00 the police and the chair are
//     reminded, the Board (declined) is not;
//   - after the meeting lan posts the minutes with two conclusions, which
//     become requests #1 and #2 of type "kết luận cuộc họp"; every invited
//     group gets the minutes; both requests go overdue and are escalated to
//     the coordination group on their third late working day.
func TestMeetingEndToEnd(t *testing.T) {
	e := newE2E(t)
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	at := func(month time.Month, day, hour, minute int) time.Time {
		year := 2027
		if month == time.December {
			year = 2026
		}
		return time.Date(year, month, day, hour, minute, 0, 0, loc)
	}
	e.clock.Set(at(time.December, 28, 9, 0))
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

	// Calling the meeting, with its agenda attached.
	after := e.lastSeq()
	agenda := fakeapi.File{FileID: "AGENDA-1", Name: "chuong-trinh-hop.pdf", MIME: "application/pdf", Data: []byte("%PDF chương trình")}
	e.api.SendDocument(lan, fakeapi.Private(lan), "/meeting 05/01/2027 10:00 congan,bqlkcn Họp liên ngành quản lý lao động nước ngoài quý IV\n"+
		"Địa điểm: Phòng họp tầng 3, Sở LĐTBXH\nRà soát việc cấp giấy phép lao động và tạm trú", agenda)
	e.waitSent(after, "sendMessage", lan.ID, "Đã gửi giấy mời họp #1")
	e.waitSent(after, "sendDocument", groupCA.ID, "")
	card := e.waitSent(after, "sendMessage", groupCA.ID, "Giấy mời họp liên ngành #1")
	for _, want := range []string{"10:00 thứ Ba, 05/01/2027", "Phòng họp tầng 3", "Rà soát việc cấp giấy phép", "Sở Lao động"} {
		if !strings.Contains(card.Params["text"], want) {
			t.Errorf("invitation lacks %q:\n%s", want, card.Params["text"])
		}
	}
	e.waitSent(after, "sendMessage", groupBQL.ID, "Giấy mời họp liên ngành #1")
	buttons := buttonsOf(t, card)[0]
	if buttons[0].Text != "Tham dự" || buttons[1].Text != "Không tham dự" {
		t.Fatalf("invitation buttons %+v", buttons)
	}

	// A decline needs a reason; the police attend, naming who.
	e.say(minh, groupCA, "/meeting decline 1", "phải nêu lý do")
	after = e.lastSeq()
	e.api.PressButton(minh, groupCA, card.MessageIDs[0], buttons[0].Data)
	prompt := e.waitSent(after, "sendMessage", groupCA.ID, "họ tên, chức vụ người dự họp")
	after = e.lastSeq()
	e.api.ReplyTo(minh, groupCA, prompt.MessageIDs[0], "Đại úy Trần Minh, Phòng Quản lý xuất nhập cảnh")
	e.waitSent(after, "sendMessage", groupLDTBXH.ID, "Công an tỉnh trả lời giấy mời họp #1")
	e.say(lan, fakeapi.Private(lan), "/meeting 1", "tham dự — Đại úy Trần Minh")
	e.stop()

	morning := func(month time.Month, day, hour, minute int) int {
		e.clock.Set(at(month, day, hour, minute))
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
	const unanswered, coming, hour = "chưa trả lời giấy mời họp #1", "Nhắc lịch họp #1", "Cuộc họp #1 bắt đầu sau 1 giờ nữa"

	// Wednesday 30/12 is three working days before: nothing yet. The
	// deadline reminders of the morning show the scheduler ran.
	morning(time.December, 30, 8, 30)
	e.logs.WaitFor(t, wait, "scheduler lease")
	e.say(lan, fakeapi.Private(lan), "/meetings", "#1")
	if n := count(groupBQL.ID, unanswered); n != 0 {
		t.Errorf("%d unanswered reminders on 30/12, three working days before", n)
	}
	e.stop()
	after = morning(time.December, 31, 8, 30)
	e.waitSent(after, "sendMessage", groupBQL.ID, unanswered)
	if n := count(groupCA.ID, unanswered); n != 0 {
		t.Errorf("the police answered, yet got %d unanswered reminders", n)
	}

	// The chair moves the meeting; everyone invited is told.
	after = e.lastSeq()
	e.say(lan, fakeapi.Private(lan), "/meeting move 1 06/01/2027 14:00 Lãnh đạo Sở bận họp UBND tỉnh", "Đã dời cuộc họp #1 sang 14:00 thứ Tư, 06/01/2027")
	for _, g := range []int64{groupCA.ID, groupBQL.ID} {
		e.waitSent(after, "sendMessage", g, "Cuộc họp #1 dời từ 10:00 thứ Ba, 05/01/2027 sang 14:00 thứ Tư, 06/01/2027 (lý do: Lãnh đạo Sở bận họp UBND tỉnh)")
	}
	e.stop()

	// Monday 04/01: the day-before reminder of the old time does not come;
	// the Board, two working days before the new day, is reminded again.
	after = morning(time.January, 4, 8, 30)
	reminder := e.waitSent(after, "sendMessage", groupBQL.ID, unanswered)
	if n := count(groupCA.ID, coming) + count(groupLDTBXH.ID, coming); n != 0 {
		t.Errorf("%d day-before reminders on 04/01 for a meeting moved to 06/01", n)
	}
	after = e.lastSeq()
	e.api.PressButton(tuan, groupBQL, reminder.MessageIDs[0], buttonsOf(t, reminder)[0][1].Data)
	prompt = e.waitSent(after, "sendMessage", groupBQL.ID, "lý do không tham dự")
	after = e.lastSeq()
	e.api.ReplyTo(tuan, groupBQL, prompt.MessageIDs[0], "Trùng lịch kiểm tra tại KCN Vân Trung")
	e.waitSent(after, "sendMessage", groupLDTBXH.ID, "không tham dự — lý do: Trùng lịch kiểm tra tại KCN Vân Trung")
	e.stop()

	after = morning(time.January, 5, 8, 30)
	e.waitSent(after, "sendMessage", groupCA.ID, coming)
	e.waitSent(after, "sendMessage", groupLDTBXH.ID, coming)
	e.stop()
	after = morning(time.January, 6, 13, 5)
	e.waitSent(after, "sendMessage", groupCA.ID, hour)
	e.waitSent(after, "sendMessage", groupLDTBXH.ID, hour)
	e.stop()
	if n := count(groupBQL.ID, coming) + count(groupBQL.ID, hour); n != 0 {
		t.Errorf("the Board declined, yet got %d reminders to come", n)
	}
	if n := count(groupBQL.ID, unanswered); n != 2 {
		t.Errorf("the Board got %d unanswered reminders, want 2 (one per time)", n)
	}

	// After the meeting: the minutes and two conclusions.
	after = morning(time.January, 6, 16, 30)
	minutes := fakeapi.File{FileID: "MINUTES-1", Name: "bien-ban-hop.pdf", MIME: "application/pdf", Data: []byte("%PDF biên bản")}
	e.api.SendDocument(lan, fakeapi.Private(lan), "/meeting minutes 1\n"+
		"congan 08/01/2027 Rà soát danh sách người nước ngoài tạm trú quá hạn\n"+
		"bqlkcn 11/01/2027 Báo cáo số doanh nghiệp trong KCN sử dụng lao động nước ngoài", minutes)
	e.waitSent(after, "sendMessage", lan.ID, "Các kết luận được theo dõi như yêu cầu phối hợp: #1, #2")
	for _, g := range []int64{groupCA.ID, groupBQL.ID} {
		e.waitSent(after, "sendDocument", g, "Biên bản cuộc họp #1")
		e.waitSent(after, "sendMessage", g, "📝 Biên bản cuộc họp #1")
	}
	e.waitSent(after, "sendMessage", groupCA.ID, "Thực hiện kết luận cuộc họp liên ngành (Điều 5.3)")
	e.waitSent(after, "sendMessage", groupBQL.ID, "Kết luận cuộc họp #1: Báo cáo số doanh nghiệp")
	e.say(minh, fakeapi.Private(minh), "/requests", "#1")
	e.stop()

	// Both conclusions go overdue and are escalated on their third late
	// working day: 13/01 for #1 (due Friday 08/01), 14/01 for #2.
	after = morning(time.January, 13, 8, 30)
	e.waitSent(after, "sendMessage", groupCoord.ID, "yêu cầu phối hợp #1 của Sở Lao động")
	e.waitSent(after, "sendMessage", groupBQL.ID, "Yêu cầu phối hợp #2 đã quá hạn")
	e.stop()
	after = morning(time.January, 14, 8, 30)
	e.waitSent(after, "sendMessage", groupCoord.ID, "yêu cầu phối hợp #2 của Sở Lao động")
}

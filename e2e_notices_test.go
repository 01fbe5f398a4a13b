package main

import (
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestNoticeEndToEnd plays a notice of a violation-handling result (Điều
// 5.1) through Main and the fake Bot API: tuan (the Industrial Zones Board)
// sends it on Thursday 15/04/2027 as the caption of the decision; it
// reaches the police and the Department of Labour, the kind's default
// recipients, with the file and «Đã nhận»; only the police's officer can
// acknowledge for the police, and tuan is told; on Tuesday 20/04, two
// working days later (Friday 16/04 is Giỗ Tổ Hùng Vương), the Department
// alone is reminded, once, and acknowledges from the reminder.
func TestNoticeEndToEnd(t *testing.T) {
	e := newE2E(t)
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(time.Date(2027, 4, 15, 9, 0, 0, 0, loc))
	e.start()
	for _, g := range []struct {
		chat fakeapi.Chat
		code string
	}{{groupCA, "congan"}, {groupLDTBXH, "ldtbxh"}, {groupCoord, "coord"}} {
		e.say(admin, g.chat, "/bindgroup "+g.code, "Đã liên kết")
	}
	for _, p := range []struct {
		u    fakeapi.User
		args string
	}{{lan, "ldtbxh"}, {minh, "congan"}, {tuan, "bqlkcn"}} {
		e.say(p.u, fakeapi.Private(p.u), "/start "+e.invite(p.args), "Chào mừng")
	}
	caption := "/notice work_without_permit 15/QĐ-XPHC 14/04/2027 2400123456 Công ty TNHH ABC | LI WEI, E12345678, Trung Quốc | phạt 15000000, trục xuất | vp: Làm việc không có giấy phép lao động"

	// Without the decision's file nothing is sent.
	e.say(tuan, fakeapi.Private(tuan), caption, "Hãy gửi kèm tệp quyết định xử phạt")
	after := e.lastSeq()
	decision := fakeapi.File{FileID: "QD-15", Name: "qd-15.pdf", MIME: "application/pdf", Data: []byte("%PDF quyết định xử phạt")}
	e.api.SendDocument(tuan, fakeapi.Private(tuan), caption, decision)
	e.waitSent(after, "sendMessage", tuan.ID, "Đã gửi thông báo #1 (QĐ số 15/QĐ-XPHC) tới: ")
	card := e.waitSent(after, "sendMessage", groupCA.ID, "Thông báo kết quả xử lý vi phạm hành chính #1")
	for _, want := range []string{"LI WEI — E12345678 — Trung Quốc", "phạt tiền 15.000.000 đồng", "trục xuất", "Công ty TNHH ABC (MST 2400123456)"} {
		if !strings.Contains(card.Params["text"], want) {
			t.Errorf("card lacks %q:\n%s", want, card.Params["text"])
		}
	}
	e.waitSent(after, "sendDocument", groupCA.ID, "")
	e.waitSent(after, "sendMessage", groupLDTBXH.ID, "Thông báo kết quả xử lý vi phạm hành chính #1")
	ack := buttonsOf(t, card)[0][0]
	if ack.Text != "Đã nhận" || !strings.HasPrefix(ack.Data, "nack:") {
		t.Fatalf("card button %+v, want «Đã nhận»", ack)
	}

	// Another agency's officer cannot acknowledge for the police.
	after = e.lastSeq()
	e.api.PressButton(tuan, groupCA, card.MessageIDs[0], ack.Data)
	e.waitSent(after, "answerCallbackQuery", 0, "Chỉ cán bộ của Công an tỉnh")
	after = e.lastSeq()
	e.api.PressButton(minh, groupCA, card.MessageIDs[0], ack.Data)
	e.waitSent(after, "sendMessage", tuan.ID, "✅ Công an tỉnh đã nhận thông báo #1 (QĐ số 15/QĐ-XPHC)")
	e.say(tuan, fakeapi.Private(tuan), "/notices 2027", "#1 · QĐ 15/QĐ-XPHC ngày 14/04/2027")
	e.stop()

	morning := func(day int) int {
		e.clock.Set(time.Date(2027, 4, day, 8, 30, 0, 0, loc))
		after := e.lastSeq()
		e.start()
		return after
	}
	reminders := func(chat int64) int {
		n := 0
		for _, text := range e.api.TextsTo(chat) {
			if strings.Contains(text, "⏰ Nhắc: cơ quan chưa xác nhận đã nhận thông báo #1") {
				n++
			}
		}
		return n
	}
	// Monday 19/04 is the first working day after: no reminder yet. The
	// weekly digest, posted in the same tick after the reminders, says
	// that the scheduler has run.
	after = morning(19)
	e.waitSent(after, "sendMessage", groupCoord.ID, "")
	if n := reminders(groupLDTBXH.ID) + reminders(groupCA.ID); n != 0 {
		t.Errorf("%d reminders on 19/04, the first working day after the notice", n)
	}
	e.stop()
	after = morning(20)
	reminder := e.waitSent(after, "sendMessage", groupLDTBXH.ID, "⏰ Nhắc: cơ quan chưa xác nhận đã nhận thông báo #1")
	after = e.lastSeq()
	e.api.PressButton(lan, groupLDTBXH, reminder.MessageIDs[0], buttonsOf(t, reminder)[0][0].Data)
	e.waitSent(after, "sendMessage", tuan.ID, "✅ Sở Lao động")
	e.say(tuan, fakeapi.Private(tuan), "/notices 2027", "đã nhận 2/2")
	view := e.say(lan, fakeapi.Private(lan), "/notice 1", "Cơ quan nhận:")
	if strings.Count(view.Params["text"], "đã nhận lúc") != 2 {
		t.Errorf("the view does not show both acknowledgements:\n%s", view.Params["text"])
	}
	if reminders(groupCA.ID) != 0 || reminders(groupLDTBXH.ID) != 1 {
		t.Errorf("reminders: police %d (acknowledged: want 0), labour %d (want 1)", reminders(groupCA.ID), reminders(groupLDTBXH.ID))
	}
}

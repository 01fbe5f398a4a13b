package main

import (
	"testing"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestRevokeAndReEnrolEndToEnd takes an officer's access back through the
// real Main and the fake Bot API: the command, the card, the confirming
// press; his next message is a stranger's; a fresh invite lets him in again.
func TestRevokeAndReEnrolEndToEnd(t *testing.T) {
	e := newE2E(t)
	e.start()
	code := e.invite("yte officer")
	e.say(lan, fakeapi.Private(lan), "/start "+code, "Chào mừng")
	e.say(lan, fakeapi.Private(lan), "/whoami", "Cơ quan: Sở Y tế (yte)")

	card := e.say(admin, fakeapi.Private(admin), "/revoke 201", "Lan Nguyễn (mã 201)")
	rows := buttonsOf(t, card)
	if len(rows) != 1 || len(rows[0]) != 2 || rows[0][0].Text != "Xác nhận thu hồi" || rows[0][0].Data != "rv:ok:201" || rows[0][1].Text != "Hủy" {
		t.Fatalf("card buttons %+v", rows)
	}
	// Asking changed nothing yet.
	e.say(lan, fakeapi.Private(lan), "/whoami", "Cơ quan: Sở Y tế (yte)")

	after := e.lastSeq()
	e.api.PressButton(admin, fakeapi.Private(admin), card.MessageIDs[0], rows[0][0].Data)
	e.waitSent(after, "editMessageText", adminID, "Đã thu hồi quyền sử dụng bot của Lan Nguyễn")
	e.waitSent(after, "sendMessage", lan.ID, "đã được quản trị viên thu hồi")
	e.waitSent(after, "answerCallbackQuery", 0, "")

	e.say(lan, fakeapi.Private(lan), "/whoami", "bạn chưa được ghi danh sử dụng bot này")
	e.say(lan, fakeapi.Private(lan), "/status", "bạn chưa được ghi danh sử dụng bot này")

	code = e.invite("yte")
	e.say(lan, fakeapi.Private(lan), "/start "+code, "Chào mừng Lan Nguyễn")
	e.say(lan, fakeapi.Private(lan), "/whoami", "Cơ quan: Sở Y tế (yte)")
	if exit := e.stop(); exit != 0 {
		t.Fatalf("exit code %d", exit)
	}
}

package main

import (
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// groupOwner administers the police group in Telegram; the bot does not
// know him.
var groupOwner = fakeapi.User{ID: 777, FirstName: "Chủ", LastName: "Nhóm"}

// TestGroupThatKicksTheBot: the police group removes the bot (Telegram's
// my_chat_member). The binding is gone, the admins are told, and the next
// report for the police reaches its officer privately, as its receipt says.
func TestGroupThatKicksTheBot(t *testing.T) {
	e := reportsE2E(t)
	after := e.lastSeq()
	id := e.api.RemoveBot(groupOwner, groupCA, "kicked")
	notice := e.waitSent(after, "sendMessage", adminID, "Nhóm của Công an tỉnh (congan)")
	for _, want := range []string{"bot đã bị xóa khỏi nhóm", groupCA.Title, "tự động hủy liên kết", "Chủ Nhóm (mã 777)",
		"gửi riêng cho 1 cán bộ", "/bindgroup congan"} {
		if !strings.Contains(notice.Params["text"], want) {
			t.Errorf("admin notice lacks %q:\n%s", want, notice.Params["text"])
		}
	}
	e.api.WaitConfirmed(t, wait, id)
	e.say(admin, fakeapi.Private(admin), "/unbind congan", "chưa được liên kết với nhóm nào")

	after = e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-01", reportPDF)
	doc := e.waitSent(after, "sendDocument", minh.ID, "6.4")
	if doc.Params["document"] != reportPDF.FileID || !strings.Contains(doc.Params["reply_markup"], "Đã nhận") {
		t.Errorf("the police officer's copy: %v", doc.Params)
	}
	receipt := e.waitSent(after, "sendMessage", lan.ID, "Đã ghi nhận báo cáo")
	if text := receipt.Params["text"]; !strings.Contains(text, "Công an tỉnh (gửi riêng 1 cán bộ)") || strings.Contains(text, "Công an tỉnh (nhóm)") {
		t.Errorf("the receipt does not say where the report went:\n%s", text)
	}
	for _, c := range e.api.CallsTo("sendDocument") {
		if c.ChatID() == groupCA.ID {
			t.Errorf("a report was still sent to the group that removed the bot: %v", c)
		}
	}
}

// TestGroupThatRefusesADelivery: the bot was removed from the police group
// without the bot hearing of it, and Telegram refuses the report sent
// there with 403. The report goes to the police officer privately, the
// submitter is told that the receipt's «nhóm» did not hold and where it
// went, the admins are told, and the binding is gone.
func TestGroupThatRefusesADelivery(t *testing.T) {
	e := reportsE2E(t)
	e.api.Forbid(groupCA.ID) // "Forbidden: bot was kicked from the group chat"
	after := e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-01", reportPDF)
	receipt := e.waitSent(after, "sendMessage", lan.ID, "Đã ghi nhận báo cáo")
	if !strings.Contains(receipt.Params["text"], "Công an tỉnh (nhóm)") {
		t.Fatalf("the receipt, written before the refusal, names the group:\n%s", receipt.Params["text"])
	}
	lead := e.waitSent(after, "sendMessage", minh.ID, "vốn gửi vào nhóm «"+groupCA.Title+"» của Công an tỉnh")
	var refused fakeapi.Call
	for _, c := range e.api.CallsTo("sendDocument") {
		if c.ChatID() == groupCA.ID && c.Status == 403 && c.Seq < lead.Seq {
			refused = c
		}
	}
	if refused.Seq == 0 {
		t.Fatalf("no refused delivery to the group before the private copy")
	}
	doc := e.waitSent(lead.Seq, "sendDocument", minh.ID, "6.4")
	if doc.Params["document"] != reportPDF.FileID {
		t.Errorf("the police officer's copy: %v", doc.Params)
	}
	truth := e.waitSent(receipt.Seq, "sendMessage", lan.ID, "chưa tới được nhóm của Công an tỉnh")
	for _, want := range []string{"số hiệu", "6.4", "bot đã bị xóa khỏi nhóm", "gửi riêng cho 1 cán bộ"} {
		if !strings.Contains(truth.Params["text"], want) {
			t.Errorf("the submitter's correction lacks %q:\n%s", want, truth.Params["text"])
		}
	}
	e.waitSent(refused.Seq, "sendMessage", adminID, "Nhóm của Công an tỉnh (congan)")
	if n := len(e.api.CallsTo("sendDocument")); n != 2 {
		t.Errorf("%d sendDocument calls, want the refused one and the private copy", n)
	}
	e.say(admin, fakeapi.Private(admin), "/unbind congan", "chưa được liên kết với nhóm nào")

	// The private copy works like the group's: «Đã nhận» reaches lan.
	after = e.lastSeq()
	e.api.PressButton(minh, fakeapi.Private(minh), doc.MessageIDs[0], buttonsOf(t, doc)[0][0].Data)
	e.waitSent(after, "sendMessage", lan.ID, "Công an tỉnh đã xác nhận")
}

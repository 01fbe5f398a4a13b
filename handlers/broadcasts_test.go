package handlers_test

import (
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/coord"
)

// TestBroadcastCommand: what /broadcast reads from one message, and the
// polite refusals of what it cannot.
func TestBroadcastCommand(t *testing.T) {
	e := reportsEnv(t)
	e.enrol(leadLDTBXH, "ldtbxh lead")
	me := private(admin)
	for _, c := range []struct{ text, want string }{
		{"/broadcast congan", "Cú pháp"},                   // no title
		{"/broadcast 1 thêm", "Cú pháp"},                   // a number and more
		{"/broadcast B-7", "Không có thông báo B-7"},       // the view of an unknown number
		{"/broadcast congan,nowhere Tiêu đề", "«nowhere»"}, // an unknown agency
		{"/broadcast ubnd-tinh Tiêu đề", "«ubnd-tinh»"},    // an external addressee
		{"/broadcast coord Tiêu đề", "Không có cơ quan «coord»"},
	} {
		only(t, e.text(admin, me, c.text), me.ID, c.want)
	}
	lan := private(officerA)
	only(t, e.text(officerA, lan, "/broadcast"), lan.ID, "Chỉ quản trị viên")
	only(t, e.text(officerA, lan, "/broadcast ldtbxh Lịch trực"), lan.ID, "Chỉ quản trị viên")
	lead := private(leadLDTBXH)
	only(t, e.text(leadLDTBXH, lead, "/broadcast all Lịch trực"), lead.ID, "chỉ gửi thông báo tới cơ quan mình", "/broadcast ldtbxh")
	if n := len(e.audit("broadcast.create")); n != 0 {
		t.Fatalf("%d broadcasts made by refused commands", n)
	}

	// The title is the rest of the first line, the text the other lines,
	// the files those of the message.
	msgs := e.file(admin, me, "/broadcast congan,ngoaivu Hướng dẫn cấp giấy phép lao động\nÁp dụng từ 01/03/2027.\nĐề nghị phổ biến tới cán bộ.",
		pdf("HD1", "huong-dan.pdf"))
	only(t, to(msgs, me.ID), me.ID, "Đã gửi thông báo B-1 «Hướng dẫn cấp giấy phép lao động» tới: Công an tỉnh (1 chat), Sở Ngoại vụ (chưa gửi được",
		"nhắc một lần ngày 12/02/2027", "/broadcast 1") // Wednesday 03/02, then Tết from 04/02 to 10/02
	got := to(msgs, groupCongAn)
	if len(got) != 2 || got[0].Kind != coord.OutFiles || got[0].Files[0].FileID != "HD1" {
		t.Fatalf("to the police group: %+v, want the file then the card", got)
	}
	if !strings.Contains(got[1].Text, "Hướng dẫn cấp giấy phép lao động\nTừ: Sở Lao động") ||
		!strings.Contains(got[1].Text, "Áp dụng từ 01/03/2027.\nĐề nghị phổ biến tới cán bộ.") {
		t.Errorf("card:\n%s", got[1].Text)
	}
	// "B-1", "b1" and "1" are the same broadcast.
	for _, n := range []string{"B-1", "b1", "#1", "1"} {
		only(t, e.text(admin, me, "/broadcast "+n), me.ID, "Chưa đọc (2):")
	}
}

// TestBroadcastRead: «Đã đọc» in the police group by its officer marks the
// card and tells the sender; a second press says it was marked; the views
// show it.
func TestBroadcastRead(t *testing.T) {
	e := reportsEnv(t)
	msgs := e.text(admin, private(admin), "/broadcast congan Thông báo khẩn: rà soát tạm trú")
	card := to(msgs, groupCongAn)[0]
	data := card.Buttons[0][0].Data
	if card.Buttons[0][0].Text != "Đã đọc" || data != "bc:r:1:congan" {
		t.Fatalf("button %+v", card.Buttons)
	}
	g := group(groupCongAn)
	only(t, e.press(officerA, g, 50, data), g.ID, "chỉ cán bộ của cơ quan đó")
	msgs = e.press(officerCA, g, 50, data)
	var edited, told, toast bool
	for _, m := range msgs {
		switch {
		case m.Kind == coord.OutEditButtons && m.ChatID == g.ID && m.MessageID == 50 && strings.HasPrefix(m.Buttons[0][0].Text, "✅ Đã đọc — Hùng Phạm"):
			edited = true
		case m.Kind == coord.OutText && m.ChatID == adminID && strings.Contains(m.Text, "✅ Công an tỉnh đã đọc thông báo B-1"):
			told = true
		case m.Kind == coord.OutCallbackAnswer && strings.Contains(m.Text, "Đã ghi nhận"):
			toast = true
		}
	}
	if !edited || !told || !toast {
		t.Fatalf("press: edited %v, sender told %v, toast %v: %+v", edited, told, toast, msgs)
	}
	again := only(t, e.press(officerCA, g, 50, data), g.ID, "đã xác nhận đọc thông báo B-1 rồi (Hùng Phạm")
	if again.Kind != coord.OutCallbackAnswer {
		t.Errorf("second press answered with %+v", again)
	}
	only(t, e.text(admin, private(admin), "/broadcast 1"), adminID, "Đã đọc (1/1 cơ quan):\n• Công an tỉnh — Hùng Phạm")
	view := e.text(officerCA, private(officerCA), "/broadcast 1")
	last := view[len(view)-1]
	if !strings.Contains(last.Text, "Cơ quan bạn: đã đọc — Hùng Phạm") || len(last.Buttons) != 0 {
		t.Errorf("target's view after reading: %+v", last)
	}
	only(t, e.text(officerCA, private(officerCA), "/broadcasts"), officerCA.ID, "B-1 · 03/02/2027 · «Thông báo khẩn: rà soát tạm trú» · từ Sở Lao động", "cơ quan bạn đã đọc")
	only(t, e.text(admin, private(admin), "/broadcasts"), adminID, "B-1 · 03/02/2027 · «Thông báo khẩn: rà soát tạm trú» · đã đọc 1/1")
}

// TestBroadcastWizard: /broadcast alone in the private chat asks for the
// targets, the title and the content; a bad answer is refused and the
// step stays; a document with its caption ends it.
func TestBroadcastWizard(t *testing.T) {
	e := reportsEnv(t)
	me := private(admin)
	only(t, e.text(admin, me, "/broadcast"), me.ID, "bước 1/3")
	only(t, e.text(admin, me, "congan,nowhere"), me.ID, "«nowhere»")
	only(t, e.text(admin, me, "congan"), me.ID, "Bước 2/3")
	only(t, e.text(admin, me, "Nghị định 219/2025/NĐ-CP"), me.ID, "Bước 3/3")
	msgs := e.file(admin, me, "Đề nghị nghiên cứu, triển khai.", pdf("ND", "nd-219.pdf"))
	only(t, to(msgs, me.ID), me.ID, "Đã gửi thông báo B-1 «Nghị định 219/2025/NĐ-CP»")
	got := to(msgs, groupCongAn)
	if len(got) != 2 || got[0].Files[0].FileID != "ND" || !strings.Contains(got[1].Text, "Đề nghị nghiên cứu, triển khai.") {
		t.Fatalf("to the police group: %+v", got)
	}
	if got := e.text(admin, me, "-"); strings.Contains(got[0].Text, "Đã gửi thông báo") {
		t.Errorf("the wizard did not end: %+v", got)
	}
}

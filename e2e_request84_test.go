package main

import (
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestRequest84EndToEnd plays Điều 8.4: the Police (minh) ask the provincial
// People's Committee, an external addressee with no bound group and no
// officers, before expelling a foreign investor; the card reaches the admin
// privately with its buttons; the admin answers for the committee through
// the «Trả lời» button; the Police group reads the answer. Another agency
// may not send the 8.4 request, nor any other request to the committee.
func TestRequest84EndToEnd(t *testing.T) {
	e := reportsE2E(t)
	// The wizard offers the type to the Police only, and then ubnd-tinh
	// among the targets, but no other external addressee.
	if m := e.say(lan, fakeapi.Private(lan), "/request", "chọn loại yêu cầu"); strings.Contains(m.Params["reply_markup"], "rqw:t:expel84") {
		t.Errorf("8.4 offered to ldtbxh: %s", m.Params["reply_markup"])
	}
	e.say(lan, fakeapi.Private(lan), "/cancel", "")
	after := e.lastSeq()
	e.api.SendText(minh, fakeapi.Private(minh), "/request")
	wiz := e.waitSent(after, "sendMessage", minh.ID, "rqw:t:expel84")
	after = e.lastSeq()
	e.api.PressButton(minh, fakeapi.Private(minh), wiz.MessageIDs[0], "rqw:t:expel84")
	targets := e.waitSent(after, "editMessageText", minh.ID, "rqw:g:ubnd-tinh")
	if strings.Contains(targets.Params["reply_markup"], "rqw:g:bo-ldtbxh") || strings.Contains(targets.Params["reply_markup"], "rqw:g:congan") {
		t.Errorf("8.4 targets: %s", targets.Params["reply_markup"])
	}
	e.say(minh, fakeapi.Private(minh), "/cancel", "")

	e.say(lan, fakeapi.Private(lan), "/request 8.4 ubnd-tinh 31/12/2026 Xin ý kiến", "Chỉ Công an tỉnh mới gửi được")
	e.say(minh, fakeapi.Private(minh), "/request ubnd-tinh 31/12/2026 Xin ý kiến", "/request 8.4 ubnd-tinh")

	after = e.lastSeq()
	e.api.SendText(minh, fakeapi.Private(minh), "/request 8.4 ubnd-tinh 31/12/2026 Rút ngắn thời hạn tạm trú của ông John Smith, nhà đầu tư dự án KCN Quang Châu")
	card := e.waitSent(after, "sendMessage", admin.ID, "Xin ý kiến trước khi rút ngắn thời hạn cư trú / trục xuất (Điều 8.4)")
	for _, want := range []string{"Gửi: Ủy ban nhân dân tỉnh", "Từ: Công an tỉnh", "rq:a:1", "rq:r:1"} {
		if !strings.Contains(card.Params["text"]+card.Params["reply_markup"], want) {
			t.Errorf("admin's card lacks %q: %v", want, card.Params)
		}
	}
	e.waitSent(after, "sendMessage", minh.ID, "#1 → Ủy ban nhân dân tỉnh (cơ quan bên ngoài chưa có nhóm liên kết: đã gửi riêng cho 1 quản trị viên")

	// An officer of a third agency still may not act on it.
	after = e.lastSeq()
	e.api.PressButton(tuan, fakeapi.Private(tuan), card.MessageIDs[0], "rq:a:1")
	e.waitSent(after, "answerCallbackQuery", 0, "không tham gia yêu cầu này")

	after = e.lastSeq()
	e.api.PressButton(admin, fakeapi.Private(admin), card.MessageIDs[0], "rq:r:1")
	prompt := e.waitSent(after, "sendMessage", admin.ID, "Nhập nội dung trả lời yêu cầu #1")
	if !strings.Contains(prompt.Params["reply_markup"], "force_reply") {
		t.Fatalf("prompt without ForceReply: %v", prompt.Params)
	}
	after = e.lastSeq()
	e.api.ReplyTo(admin, fakeapi.Private(admin), prompt.MessageIDs[0], "UBND tỉnh đồng ý; đề nghị trao đổi thêm với Sở Ngoại vụ")
	notice := e.waitSent(after, "sendMessage", groupCA.ID, "Nội dung trả lời: UBND tỉnh đồng ý")
	for _, want := range []string{"Ủy ban nhân dân tỉnh đã trả lời", "Quản trị viên Quản Trị cập nhật thay cho Ủy ban nhân dân tỉnh"} {
		if !strings.Contains(notice.Params["text"], want) {
			t.Errorf("Police notice lacks %q:\n%s", want, notice.Params["text"])
		}
	}
	e.waitSent(after, "sendMessage", admin.ID, "Đã trả lời yêu cầu #1")
	view := e.say(minh, fakeapi.Private(minh), "/request 1", "Lịch sử:")
	if !strings.Contains(view.Params["text"], "đã trả lời") {
		t.Errorf("view:\n%s", view.Params["text"])
	}
}

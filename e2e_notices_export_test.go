package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

var nackRe = regexp.MustCompile(`nack:[0-9]+`)

// TestNoticesExportEndToEnd plays December 2026 through Main: the police
// send a notice of a violation-handling result with the decision file,
// about two foreign workers of an employer in an industrial zone; ldtbxh
// presses «Đã nhận». The admin's /export notices 2026 arrives as an XLSX
// document with a row for the notice (who acknowledged it, and when) and
// one per worker; an officer of an agency the notice was not sent to gets
// the headers and nothing else.
func TestNoticesExportEndToEnd(t *testing.T) {
	e := newE2E(t)
	e.start()
	for _, p := range []struct {
		u    fakeapi.User
		args string
	}{{lan, "ldtbxh"}, {minh, "congan"}, {hoa, "congthuong"}} {
		e.say(p.u, fakeapi.Private(p.u), "/start "+e.invite(p.args), "Chào mừng")
	}
	after := e.lastSeq()
	e.api.SendDocument(minh, fakeapi.Private(minh), "/notice residence 15/QĐ-XPHC 10/12/2026 2400123456 Công ty TNHH ABC"+
		" | LI WEI, E12345678, Trung Quốc; KIM MIN, m7654321, Hàn Quốc | phạt 15.000.000, trục xuất | kcn: KCN Quang Châu",
		fakeapi.File{FileID: "QD-15", Name: "qd-15-xphc.pdf", MIME: "application/pdf", Data: []byte("%PDF-1.4 quyết định")})
	e.waitSent(after, "sendMessage", minh.ID, "Đã gửi thông báo #1")
	card := e.waitSent(after, "sendMessage", lan.ID, "Thông báo kết quả xử lý vi phạm hành chính #1")
	data := nackRe.FindString(card.Params["reply_markup"])
	if data == "" {
		t.Fatalf("the card has no «Đã nhận» button: %s", card.Params["reply_markup"])
	}
	after = e.lastSeq()
	e.api.PressButton(lan, fakeapi.Private(lan), card.MessageIDs[0], data)
	e.waitSent(after, "sendMessage", minh.ID, "đã nhận thông báo #1")

	adminChat := fakeapi.Private(admin)
	after = e.lastSeq()
	e.api.SendText(admin, adminChat, "/export notices 2026")
	f, caption := e.exportDoc(after, adminID, "thong-bao-xu-ly-vi-pham-2026.xlsx")
	if !strings.Contains(caption, "năm 2026 (toàn tỉnh): 1 thông báo, 2 người lao động nước ngoài") {
		t.Errorf("caption %q", caption)
	}
	if got := strings.Join(f.GetSheetList(), "|"); got != "Thông báo|Người nước ngoài" {
		t.Errorf("sheets %s", got)
	}
	_, notices := sheetRows(t, f, "Thông báo")
	if len(notices) != 1 {
		t.Fatalf("notices %v", notices)
	}
	n := notices[0]
	for h, want := range map[string]string{
		"Số TB": "1", "Cơ quan gửi": "Công an tỉnh", "Loại vi phạm": "Vi phạm quy định về cư trú, đi lại", "Số quyết định": "15/QĐ-XPHC",
		"Ngày quyết định": "10/12/2026", "Tên doanh nghiệp": "Công ty TNHH ABC", "Mã số thuế": "2400123456", "Khu công nghiệp": "KCN Quang Châu",
		"Hình thức xử phạt": "phạt tiền 15.000.000 đồng; trục xuất", "Số tiền phạt (đồng)": "15000000", "Số người": "2",
		"Cơ quan nhận": "Sở Lao động - Thương binh và Xã hội; Ban Quản lý các khu công nghiệp tỉnh",
	} {
		if n[h] != want {
			t.Errorf("%s: %q, want %q", h, n[h], want)
		}
	}
	if !strings.HasPrefix(n["Đã nhận (người, thời điểm)"], "Sở Lao động - Thương binh và Xã hội: Lan") || !strings.Contains(n["Ngày gửi"], "/12/2026 ") {
		t.Errorf("acknowledged %q, sent %q", n["Đã nhận (người, thời điểm)"], n["Ngày gửi"])
	}
	_, people := sheetRows(t, f, "Người nước ngoài")
	if len(people) != 2 || people[1]["Họ và tên"] != "KIM MIN" || people[1]["Số hộ chiếu"] != "M7654321" || people[1]["Quốc tịch"] != "Hàn Quốc" ||
		people[1]["Số TB"] != "1" || people[1]["STT"] != "2" {
		t.Errorf("people %v", people)
	}

	// Not sent to the Department of Industry and Trade: its export is empty.
	after = e.lastSeq()
	e.api.SendText(hoa, fakeapi.Private(hoa), "/export notices 2026")
	own, _ := e.exportDoc(after, hoa.ID, "thong-bao-xu-ly-vi-pham-2026-congthuong.xlsx")
	if rows, err := own.GetRows("Thông báo"); err != nil || len(rows) != 1 {
		t.Errorf("congthuong's notices %q, %v", rows, err)
	}
	if rows, err := own.GetRows("Người nước ngoài"); err != nil || len(rows) != 1 {
		t.Errorf("congthuong's people %q, %v", rows, err)
	}
	e.say(hoa, fakeapi.Private(hoa), "/export notices 2026 congan", "chỉ xuất được dữ liệu của cơ quan mình")
	e.say(admin, adminChat, "/export", "/export notices 2026 — các thông báo kết quả xử lý vi phạm")
}

package main

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fakeapi"
	"github.com/bacgiang/fwbot/xlsx"
	"github.com/xuri/excelize/v2"
)

// targetsXLSX is a filled-in template: three employers to inspect on
// Tuesday 20, Wednesday 21 and Thursday 22 April 2027.
func targetsXLSX(t *testing.T, rows [][]string) []byte {
	t.Helper()
	sheet := coord.Sheet{Name: "Doanh nghiệp", Columns: []coord.Column{{Header: "Tên doanh nghiệp"}, {Header: "Mã số thuế"},
		{Header: "Địa chỉ"}, {Header: "Khu công nghiệp"}, {Header: "Ngày dự kiến (dd/mm/yyyy)"}}}
	for _, r := range rows {
		var cells []coord.Cell
		for _, v := range r {
			cells = append(cells, coord.TextCell(v))
		}
		sheet.Rows = append(sheet.Rows, cells)
	}
	var buf bytes.Buffer
	if err := xlsx.Encode(&buf, []coord.Sheet{sheet}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestInspectionEndToEnd plays the annual inspection of 2027 through Main
// and the fake Bot API: lan (ldtbxh) sends the plan with its three
// employers as an XLSX (a first file with a bad row makes nothing); the
// police decline, first without a reason (refused), then through the
// button with one; the Industrial Zones Board takes part; the reminders
// come on the right working days around Giỗ Tổ Hùng Vương (Friday 16/04);
// the results are recorded, one with violations; the plan concludes and
// the weekly digest says so.
func TestInspectionEndToEnd(t *testing.T) {
	e := newE2E(t)
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(time.Date(2027, 4, 1, 7, 0, 0, 0, loc))
	e.start()
	for _, g := range []struct {
		chat fakeapi.Chat
		code string
	}{{groupCoord, "coord"}, {groupCA, "congan"}, {groupBQL, "bqlkcn"}} {
		e.say(admin, g.chat, "/bindgroup "+g.code, "Đã liên kết")
	}
	for _, p := range []struct {
		u    fakeapi.User
		args string
	}{{lan, "ldtbxh"}, {minh, "congan"}, {tuan, "bqlkcn"}} {
		e.say(p.u, fakeapi.Private(p.u), "/start "+e.invite(p.args), "Chào mừng")
	}
	caption := "/inspection new annual congan,bqlkcn Kiểm tra liên ngành năm 2027"

	// A file with a bad tax code makes nothing and says which row.
	after := e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), caption, fakeapi.File{FileID: "T-BAD", Name: "doi-tuong.xlsx",
		Data: targetsXLSX(t, [][]string{{"Công ty A", "12ab", "Việt Yên", "", "20/04/2027"}})})
	e.waitSent(after, "sendMessage", lan.ID, "dòng 2: mã số thuế '12ab' không hợp lệ — 10 hoặc 13 chữ số")
	e.say(lan, fakeapi.Private(lan), "/inspections", "chưa có kế hoạch kiểm tra")

	after = e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), caption, fakeapi.File{FileID: "T-OK", Name: "doi-tuong.xlsx",
		Data: targetsXLSX(t, [][]string{
			{"Công ty TNHH Hồng Hải", "0101234567", "Việt Yên", "KCN Quang Châu", "20/04/2027"},
			{"Công ty CP Minh Anh", "0107654321", "Yên Dũng", "", "21/04/2027"},
			{"Công ty TNHH Sao Mai", "0109876543-001", "Lạng Giang", "", "22/04/2027"},
		})})
	e.waitSent(after, "sendMessage", lan.ID, "Đã ban hành kế hoạch kiểm tra số 1")
	card := e.waitSent(after, "sendMessage", groupCA.ID, "Kế hoạch kiểm tra số 1")
	e.waitSent(after, "sendMessage", groupBQL.ID, "Công ty TNHH Sao Mai")
	if !strings.Contains(card.Params["reply_markup"], "Không tham gia") || !strings.Contains(card.Params["reply_markup"], "insp:d:1:congan") {
		t.Fatalf("card without the buttons: %s", card.Params["reply_markup"])
	}

	// Another agency's officer cannot answer for the police.
	after = e.lastSeq()
	e.api.PressButton(tuan, groupCA, card.MessageIDs[0], "insp:d:1:congan")
	e.waitSent(after, "answerCallbackQuery", 0, "Chỉ cán bộ của Công an tỉnh")
	// A decline without a reason is refused; through the button, with one.
	e.say(minh, groupCA, "/inspection decline 1", "phải nêu rõ lý do")
	after = e.lastSeq()
	e.api.PressButton(minh, groupCA, card.MessageIDs[0], "insp:d:1:congan")
	prompt := e.waitSent(after, "sendMessage", groupCA.ID, "lý do không tham gia")
	after = e.lastSeq()
	e.api.ReplyTo(minh, groupCA, prompt.MessageIDs[0], "Trùng lịch tổng kiểm tra cư trú")
	e.waitSent(after, "sendMessage", lan.ID, "Lý do: Trùng lịch tổng kiểm tra cư trú")
	after = e.lastSeq()
	e.api.SendText(tuan, groupBQL, "/inspection join 1 Ông Vũ Tuấn, chuyên viên")
	e.waitSent(after, "sendMessage", lan.ID, "người tham gia: Ông Vũ Tuấn")
	view := e.say(lan, fakeapi.Private(lan), "/inspection 1", "Trả lời của cơ quan phối hợp")
	for _, want := range []string{"Công an tỉnh: không tham gia — lý do: Trùng lịch", "Ban Quản lý các khu công nghiệp tỉnh: tham gia: Ông Vũ Tuấn"} {
		if !strings.Contains(view.Params["text"], want) {
			t.Errorf("view lacks %q:\n%s", want, view.Params["text"])
		}
	}
	e.stop()

	// Reminders at 08:00 on working days. The target of Tuesday 20/04 is 3
	// working days away on Wednesday 14/04 (Friday 16/04 is a holiday),
	// 1 on Monday 19/04; that of Wednesday 21/04 is 3 away on 15/04.
	morning := func(day int) int {
		e.clock.Set(time.Date(2027, 4, day, 8, 30, 0, 0, loc))
		after := e.lastSeq()
		e.start()
		return after
	}
	after = morning(14)
	e.waitSent(after, "sendMessage", groupBQL.ID, "còn 3 ngày làm việc đến ngày kiểm tra Công ty TNHH Hồng Hải")
	e.waitSent(after, "sendMessage", lan.ID, "còn 3 ngày làm việc đến ngày kiểm tra Công ty TNHH Hồng Hải")
	e.stop()
	after = morning(15)
	e.waitSent(after, "sendMessage", groupBQL.ID, "còn 3 ngày làm việc đến ngày kiểm tra Công ty CP Minh Anh")
	e.stop()
	after = morning(19)
	e.waitSent(after, "sendMessage", groupBQL.ID, "còn 1 ngày làm việc đến ngày kiểm tra Công ty TNHH Hồng Hải")
	e.stop()
	after = morning(21)
	e.waitSent(after, "sendMessage", lan.ID, "đã quá ngày kiểm tra Công ty TNHH Hồng Hải (20/04/2027) 1 ngày làm việc")
	// The police declined: no reminder reaches them.
	for _, text := range e.api.TextsTo(groupCA.ID) {
		if strings.Contains(text, "Nhắc lịch") {
			t.Errorf("a reminder reached the agency that declined: %q", text)
		}
	}
	var threeDay int
	for _, text := range e.api.TextsTo(groupBQL.ID) {
		if strings.Contains(text, "còn 3 ngày làm việc đến ngày kiểm tra Công ty TNHH Hồng Hải") {
			threeDay++
		}
	}
	if threeDay != 1 {
		t.Errorf("the 3-day reminder of 20/04 came %d times, want once", threeDay)
	}

	// Results: only the lead records them; one with violations and the
	// minutes; the last one concludes the plan.
	e.say(tuan, groupBQL, "/inspection result 1 1 ok", "cơ quan chủ trì")
	e.say(lan, fakeapi.Private(lan), "/inspection result 1 1 ok", "Đã ghi kết quả kiểm tra doanh nghiệp thứ 1")
	after = e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/inspection result 1 2 violations 3 Sử dụng 3 NLĐ nước ngoài không có giấy phép lao động",
		fakeapi.File{FileID: "BB-2", Name: "bien-ban.pdf", MIME: "application/pdf", Data: []byte("%PDF biên bản")})
	violation := e.waitSent(after, "sendMessage", lan.ID, "vi phạm: 3 NLĐ")
	after = e.lastSeq()
	e.api.SendText(lan, fakeapi.Private(lan), "/inspection result 1 3 ok")
	e.waitSent(after, "sendMessage", groupBQL.ID, "Kế hoạch kiểm tra số 1 «Kiểm tra liên ngành năm 2027» đã kết thúc: 3 doanh nghiệp đã kiểm tra, 1 doanh nghiệp có vi phạm")
	e.say(lan, fakeapi.Private(lan), "/inspections 2027", "đã kết thúc, 3/3 doanh nghiệp đã kiểm tra, 1 vi phạm")

	// The violation becomes a notice of its handling result (Điều 5.1):
	// the button under it starts the guided notice, pre-filled from the
	// target and linked to the plan. An agency outside the plan cannot.
	offer := buttonsOf(t, violation)
	if len(offer) != 1 || offer[0][0].Text != "Lập thông báo xử lý vi phạm" || offer[0][0].Data != "nfi:1:2" {
		t.Fatalf("the violation offers %+v, want «Lập thông báo xử lý vi phạm» nfi:1:2", offer)
	}
	e.say(thu, fakeapi.Private(thu), "/start "+e.invite("tuphap"), "Chào mừng")
	e.say(thu, fakeapi.Private(thu), "/notice new 1 2", "cơ quan của bạn không tham gia kế hoạch này")
	after = e.lastSeq()
	e.api.PressButton(lan, fakeapi.Private(lan), violation.MessageIDs[0], "nfi:1:2")
	kinds := e.waitSent(after, "sendMessage", lan.ID, "Đã điền sẵn: Công ty CP Minh Anh (MST 0107654321); vi phạm: Sử dụng 3 NLĐ nước ngoài không có giấy phép lao động")
	if !strings.Contains(kinds.Params["text"], "Bước 1/6") || !strings.Contains(kinds.Params["reply_markup"], "nwk:work_without_permit") {
		t.Fatalf("first step %q %s", kinds.Params["text"], kinds.Params["reply_markup"])
	}
	after = e.lastSeq()
	e.api.PressButton(lan, fakeapi.Private(lan), kinds.MessageIDs[0], "nwk:work_without_permit")
	e.waitSent(after, "sendMessage", lan.ID, "Bước 2/6: gõ số và ngày quyết định")
	e.say(lan, fakeapi.Private(lan), "27/QĐ-XPHC 31/02/2027", "Ngày quyết định «31/02/2027» không đúng")
	e.say(lan, fakeapi.Private(lan), "27/QĐ-XPHC 26/04/2027", "Bước 3/6")
	e.say(lan, fakeapi.Private(lan), "LI WEI, E12345678", "Không đọc được người lao động «LI WEI, E12345678»")
	e.say(lan, fakeapi.Private(lan), "LI WEI, E12345678, Trung Quốc; PARK JI, M7654321, Hàn Quốc", "Bước 4/6")
	extra := e.say(lan, fakeapi.Private(lan), "phạt 30.000.000, trục xuất", "Bước 5/6: thông báo sẽ gửi tới: Công an tỉnh.")
	after = e.lastSeq()
	e.api.PressButton(lan, fakeapi.Private(lan), extra.MessageIDs[0], "nwx")
	e.waitSent(after, "sendMessage", lan.ID, "Bước 6/6: gửi tệp quyết định")
	after = e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "", fakeapi.File{FileID: "QD-27", Name: "qd-27.pdf", MIME: "application/pdf", Data: []byte("%PDF quyết định")})
	e.waitSent(after, "sendMessage", lan.ID, "Đã gửi thông báo #1 (QĐ số 27/QĐ-XPHC) tới: Công an tỉnh")
	police := e.waitSent(after, "sendMessage", groupCA.ID, "Kết quả kiểm tra: kế hoạch số 1, doanh nghiệp thứ 2")
	for _, want := range []string{"Công ty CP Minh Anh (MST 0107654321)", "PARK JI — M7654321 — Hàn Quốc", "phạt tiền 30.000.000 đồng; trục xuất",
		"Hành vi vi phạm: Sử dụng 3 NLĐ nước ngoài không có giấy phép lao động"} {
		if !strings.Contains(police.Params["text"], want) {
			t.Errorf("the police's card lacks %q:\n%s", want, police.Params["text"])
		}
	}
	e.say(minh, groupCA, "/inspection 1", "2. Công ty CP Minh Anh — vi phạm: 3 NLĐ — Sử dụng 3 NLĐ nước ngoài không có giấy phép lao động → thông báo #1 (QĐ số 27/QĐ-XPHC)")
	// Outside the notice's own agencies' chats, passports are masked.
	masked := e.say(admin, groupCoord, "/notice 1", "LI WEI — E1•••••78 — Trung Quốc")
	if strings.Contains(masked.Params["text"], "E12345678") {
		t.Errorf("the coordination group saw a passport number:\n%s", masked.Params["text"])
	}
	e.say(admin, fakeapi.Private(admin), "/notice 1", "LI WEI — E12345678 — Trung Quốc")

	// The digest's line on the annual inspection.
	after = e.lastSeq()
	e.api.SendText(admin, fakeapi.Private(admin), "/digest weekly")
	e.waitSent(after, "sendMessage", groupCoord.ID, "Kiểm tra liên ngành năm 2027 (Điều 6.5): đã kiểm tra 3/3 doanh nghiệp, phát hiện 1 doanh nghiệp vi phạm")

	// The export: one row per employer, planned days as real dates.
	after = e.lastSeq()
	e.api.SendText(lan, fakeapi.Private(lan), "/export inspections 2027")
	f, caption := e.exportDoc(after, lan.ID, "kiem-tra-2027-ldtbxh.xlsx")
	if !strings.Contains(caption, "1 kế hoạch, 3 doanh nghiệp") {
		t.Errorf("caption %q", caption)
	}
	_, rows := sheetRows(t, f, "Kiểm tra")
	bad := findRow(t, rows, "Mã số thuế", "0107654321")
	if bad["Kết quả"] != "vi phạm" || bad["Số NLĐ vi phạm"] != "3" || bad["Ngày dự kiến"] != "21/04/2027" {
		t.Errorf("row of the employer with violations: %v", bad)
	}
	raw, err := f.GetCellValue("Kiểm tra", "L"+bad["_row"], excelize.Options{RawCellValue: true})
	if want := strconv.Itoa(int(xlsx.DateSerial(coord.Date{Year: 2027, Month: 4, Day: 21}))); err != nil || raw != want {
		t.Errorf("planned day raw %q, %v; want the serial %s", raw, err, want)
	}

	// The month's scorecard carries the same line (March's, posted in
	// April, is about 2027).
	after = e.lastSeq()
	e.api.SendText(admin, fakeapi.Private(admin), "/digest monthly")
	e.waitSent(after, "sendMessage", groupCoord.ID, "Kiểm tra liên ngành năm 2027 (Điều 6.5): đã kiểm tra 3/3 doanh nghiệp")

	// The template, filled in as it is, makes a plan.
	after = e.lastSeq()
	e.api.SendText(tuan, fakeapi.Private(tuan), "/inspection template")
	tpl, _ := e.exportDoc(after, tuan.ID, "mau-doi-tuong-kiem-tra.xlsx")
	header, sample := sheetRows(t, tpl, "Doanh nghiệp")
	if len(header) != 5 || header[1] != "Mã số thuế" || len(sample) != 1 {
		t.Fatalf("template header %q, %d sample rows", header, len(sample))
	}
	for col, v := range []string{"Công ty TNHH Đồng Tiến", "0105555555", "Quang Châu", "KCN Quang Châu", "12/05/2027"} {
		cell, _ := excelize.CoordinatesToCellName(col+1, 2)
		if err := tpl.SetCellValue("Doanh nghiệp", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	filled, err := tpl.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	after = e.lastSeq()
	e.api.SendDocument(tuan, fakeapi.Private(tuan), "/inspection new thematic ldtbxh,congan Kiểm tra chuyên đề KCN (Điều 7.4)",
		fakeapi.File{FileID: "T-TPL", Name: "mau-doi-tuong-kiem-tra.xlsx", Data: filled.Bytes()})
	e.waitSent(after, "sendMessage", tuan.ID, "Đã ban hành kế hoạch kiểm tra số 2 «Kiểm tra chuyên đề KCN (Điều 7.4)» với 1 doanh nghiệp")

	// The same plan step by step: /inspection new asks the kind, the
	// members, the title and then the file.
	kindMsg := e.say(lan, fakeapi.Private(lan), "/inspection new", "bước 1/4")
	after = e.lastSeq()
	e.api.PressButton(lan, fakeapi.Private(lan), kindMsg.MessageIDs[0], "inw:k:thematic")
	e.waitSent(after, "sendMessage", lan.ID, "Bước 2/4")
	e.say(lan, fakeapi.Private(lan), "congan", "Bước 3/4")
	e.say(lan, fakeapi.Private(lan), "Kiểm tra chuyên đề KCN Quang Châu", "Bước 4/4")
	after = e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "", fakeapi.File{FileID: "T-WIZ", Name: "doi-tuong.csv",
		Data: []byte("Tên doanh nghiệp,Mã số thuế,Địa chỉ,Khu công nghiệp,Ngày dự kiến\nCông ty TNHH Hoa Sen,0101111111,Việt Yên,KCN Quang Châu,20/05/2027\n")})
	e.waitSent(after, "sendMessage", lan.ID, "Đã ban hành kế hoạch kiểm tra số 3 «Kiểm tra chuyên đề KCN Quang Châu» với 1 doanh nghiệp")
}

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bacgiang/fwbot/internal/fakeapi"
	"github.com/bacgiang/fwbot/internal/testkit"
)

// TestTemplatesEndToEnd: through Main, an officer of the Department of
// Labour fetches /template 6.4 and gets a workbook whose header row is the
// configured columns (required ones marked *), with drop-downs and date
// validation and a «Hướng dẫn» sheet; the Industrial Zones Board's officer
// fetches 7.3's, fills a row in and submits it as the report, which is an
// ordinary submission; a report that is not a list and a stranger are
// answered in words.
func TestTemplatesEndToEnd(t *testing.T) {
	e := newE2E(t)
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(time.Date(2027, 3, 2, 9, 0, 0, 0, loc))
	e.start()
	e.say(lan, fakeapi.Private(lan), "/start "+e.invite("ldtbxh"), "Chào mừng")
	e.say(tuan, fakeapi.Private(tuan), "/start "+e.invite("bqlkcn"), "Chào mừng")
	cat := testkit.Config(t).Catalogue

	after := e.lastSeq()
	e.api.SendText(lan, fakeapi.Private(lan), "/template 6.4")
	f, caption := e.exportDoc(after, lan.ID, "mau-danh-sach-6.4.xlsx")
	if !strings.Contains(caption, "Tệp mẫu danh sách 6.4") {
		t.Errorf("caption %q", caption)
	}
	o, _ := cat.Obligation("6.4")
	header, rows := sheetRows(t, f, "Danh sách 6.4")
	if len(rows) != 0 || len(header) != len(o.List.Columns) {
		t.Fatalf("header %q and %d rows; want the %d configured columns alone", header, len(rows), len(o.List.Columns))
	}
	for i, c := range o.List.Columns {
		want := c.Header
		if c.Required {
			want += " *"
		}
		if header[i] != want {
			t.Errorf("column %d is %q, want %q", i+1, header[i], want)
		}
	}
	for _, want := range []string{"Số hộ chiếu *", "Quốc tịch *", "Họ và tên *", "Ngày sinh *", "Giới tính", "Số giấy phép lao động *", "Ngày cấp *", "Có giá trị đến *", "Tên doanh nghiệp *", "Mã số thuế *"} {
		if !strings.Contains(strings.Join(header, "|"), want) {
			t.Errorf("the header lacks %q: %q", want, header)
		}
	}
	dvs, err := f.GetDataValidations("Danh sách 6.4")
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	for _, dv := range dvs {
		types[dv.Type]++
	}
	if types["list"] != 4 || types["date"] != 4 {
		t.Errorf("validations by type %v; want 4 drop-downs (type, sex, position, kind of employer) and 4 dates", types)
	}
	guide, err := f.GetRows("Hướng dẫn")
	if err != nil || len(guide) < len(o.List.Columns)+1 || guide[0][0] != "Cột" {
		t.Fatalf("guide %q, %v", guide, err)
	}

	// 7.3's template, filled in as it is and sent back, is the report.
	after = e.lastSeq()
	e.api.SendText(tuan, fakeapi.Private(tuan), "/template 7.3")
	tpl, _ := e.exportDoc(after, tuan.ID, "mau-danh-sach-7.3.xlsx")
	header, _ = sheetRows(t, tpl, "Danh sách 7.3")
	row := map[string]string{"Loại giấy tờ": "Cấp giấy phép lao động", "Họ và tên *": "KIM MIN JUN", "Ngày sinh *": "12/04/1985",
		"Quốc tịch *": "Hàn Quốc", "Số hộ chiếu *": "M12345678", "Số giấy phép lao động *": "BG-2027-0001", "Ngày cấp *": "15/02/2027",
		"Có giá trị đến *": "14/02/2029", "Tên doanh nghiệp *": "Công ty TNHH Điện tử Sao Mai", "Mã số thuế *": "0105555555", "Khu công nghiệp *": "KCN Quang Châu"}
	for col, h := range header {
		cell, _ := excelize.CoordinatesToCellName(col+1, 2)
		if err := tpl.SetCellValue("Danh sách 7.3", cell, row[h]); err != nil {
			t.Fatal(err)
		}
	}
	filled, err := tpl.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	after = e.lastSeq()
	e.api.SendDocument(tuan, fakeapi.Private(tuan), "/submit 7.3 2027-02", fakeapi.File{FileID: "XLS-TPL-7.3", Name: "kcn-02-2027.xlsx", Data: filled.Bytes()})
	e.waitSent(after, "sendMessage", tuan.ID, "Đã ghi nhận báo cáo")

	e.say(lan, fakeapi.Private(lan), "/template 6.6", "không phải dạng danh sách")
	e.say(lan, fakeapi.Private(lan), "/template", "• 15.2 — ")
	e.say(stranger, fakeapi.Private(stranger), "/template 6.4", "chưa được ghi danh")
}

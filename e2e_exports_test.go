package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// exportDoc waits for the document the bot uploads to chat after seq and
// opens it as a workbook.
func (e *e2e) exportDoc(after int, chat int64, name string) (*excelize.File, string) {
	e.t.Helper()
	// Reports delivered to the same chat are re-sent by file_id; an
	// export is uploaded.
	c := e.api.WaitFor(e.t, wait, "the export "+name, func(c fakeapi.Call) bool {
		_, uploaded := c.Uploads["document"]
		return c.Seq > after && c.Method == "sendDocument" && c.ChatID() == chat && uploaded
	})
	up := c.Uploads["document"]
	if up.Name != name {
		e.t.Errorf("the export is named %q, want %q", up.Name, name)
	}
	f, err := excelize.OpenReader(bytes.NewReader(up.Data))
	if err != nil {
		e.t.Fatalf("the export does not open as a workbook: %v", err)
	}
	e.t.Cleanup(func() { _ = f.Close() })
	return f, c.Params["caption"]
}

// sheetRows reads a sheet: the header, then the rows as header → value.
func sheetRows(t *testing.T, f *excelize.File, sheet string) ([]string, []map[string]string) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("sheet %q: %v (sheets %q)", sheet, err, f.GetSheetList())
	}
	var out []map[string]string
	for i, r := range rows[1:] {
		m := map[string]string{"_row": strconv.Itoa(i + 2)}
		for j, v := range r {
			m[rows[0][j]] = v
		}
		out = append(out, m)
	}
	return rows[0], out
}

func findRow(t *testing.T, rows []map[string]string, pairs ...string) map[string]string {
	t.Helper()
	for _, r := range rows {
		ok := true
		for i := 0; i < len(pairs); i += 2 {
			if r[pairs[i]] != pairs[i+1] {
				ok = false
			}
		}
		if ok {
			return r
		}
	}
	t.Fatalf("no row %q", pairs)
	return nil
}

// TestExportsEndToEnd plays March 2027 through Main: the bot is rolled out
// on 2 March; ldtbxh sends 6.4 for February on time, the Department of
// Industry and Trade a nil report of 13.3, and on 30 March the Industrial
// Zones Board sends 7.3 for March a day late (due Sunday 28/03, extended
// to Monday 29/03). The admin's /export status 2027 arrives as an XLSX
// document that says so with real date cells; the Board's lead gets the
// Board's rows only; a stranger and a bad argument are answered in words.
func TestExportsEndToEnd(t *testing.T) {
	e := newE2E(t)
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(time.Date(2027, 3, 2, 9, 0, 0, 0, loc))
	e.start()
	for _, p := range []struct {
		u    fakeapi.User
		args string
	}{{lan, "ldtbxh"}, {tuan, "bqlkcn lead"}, {hoa, "congthuong"}} {
		e.say(p.u, fakeapi.Private(p.u), "/start "+e.invite(p.args), "Chào mừng")
	}
	after := e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2027-02", reportPDF)
	e.waitSent(after, "sendMessage", lan.ID, "Đã ghi nhận báo cáo")
	e.say(hoa, fakeapi.Private(hoa), "/nil 13.3 2027-02", "Đã ghi nhận báo cáo")
	e.say(lan, fakeapi.Private(lan), "/request congan 2027-04-15 Đề nghị cung cấp danh sách thị thực", "#1 → Công an tỉnh")

	e.clock.Set(time.Date(2027, 3, 30, 10, 0, 0, 0, loc))
	after = e.lastSeq()
	e.api.SendDocument(tuan, fakeapi.Private(tuan), "/submit 7.3 2027-03", fakeapi.File{FileID: "XLS-7.3", Name: "kcn-03-2027.xlsx", Data: []byte("PK bảng kê")})
	e.waitSent(after, "sendMessage", tuan.ID, "Đã ghi nhận báo cáo")

	adminChat := fakeapi.Private(admin)
	after = e.lastSeq()
	e.api.SendText(admin, adminChat, "/export status 2027")
	f, caption := e.exportDoc(after, adminID, "trang-thai-2027.xlsx")
	if !strings.Contains(caption, "năm 2027 — toàn tỉnh") {
		t.Errorf("caption %q", caption)
	}
	header, rows := sheetRows(t, f, "Trạng thái")
	if got := strings.Join(header, "|"); got != "Mã cơ quan|Cơ quan|Báo cáo|Tên báo cáo|Kỳ|Hạn cuối|Kéo dài đến (ngày nghỉ)|Tình trạng|Số ngày trễ|Hình thức|Thời điểm nộp|Số lần nộp" {
		t.Errorf("header %s", got)
	}
	onTime := findRow(t, rows, "Mã cơ quan", "ldtbxh", "Báo cáo", "6.4", "Kỳ", "2027-02")
	if onTime["Tình trạng"] != "Đúng hạn" || onTime["Hình thức"] != "Có tệp" || onTime["Hạn cuối"] != "04/03/2027" {
		t.Errorf("6.4 2027-02: %v", onTime)
	}
	nilRow := findRow(t, rows, "Mã cơ quan", "congthuong", "Báo cáo", "13.3", "Kỳ", "2027-02")
	if nilRow["Tình trạng"] != "Đúng hạn" || nilRow["Hình thức"] != "Không phát sinh" {
		t.Errorf("13.3 2027-02: %v", nilRow)
	}
	late := findRow(t, rows, "Mã cơ quan", "bqlkcn", "Báo cáo", "7.3", "Kỳ", "2027-03")
	if late["Tình trạng"] != "Trễ hạn" || late["Số ngày trễ"] != "1" || late["Kéo dài đến (ngày nghỉ)"] != "29/03/2027" ||
		late["Thời điểm nộp"] != "30/03/2027 10:00" {
		t.Errorf("7.3 2027-03: %v", late)
	}
	if missing := findRow(t, rows, "Mã cơ quan", "congan", "Báo cáo", "8.8", "Kỳ", "2027-Q1"); missing["Tình trạng"] != "Chưa đến hạn" {
		t.Errorf("8.8 2027-Q1 (due 05/04): %v", missing)
	}
	// The last day is a real date: a number with a date format, not text.
	ref := "F" + onTime["_row"]
	raw, err := f.GetCellValue("Trạng thái", ref, excelize.Options{RawCellValue: true})
	if err != nil || raw != "46450" {
		t.Errorf("%s raw %q, %v: want the serial of 04/03/2027", ref, raw, err)
	}
	if id, err := f.GetCellStyle("Trạng thái", ref); err != nil {
		t.Error(err)
	} else if st, err := f.GetStyle(id); err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "dd/mm/yyyy" {
		t.Errorf("%s style %+v, %v: want the date format dd/mm/yyyy", ref, st, err)
	}
	if panes, err := f.GetPanes("Trạng thái"); err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v, %v: the header row is not frozen", panes, err)
	}

	// The Board's lead: the Board's obligations only.
	after = e.lastSeq()
	e.api.SendText(tuan, fakeapi.Private(tuan), "/export status 2027")
	board, _ := e.exportDoc(after, tuan.ID, "trang-thai-2027-bqlkcn.xlsx")
	_, own := sheetRows(t, board, "Trạng thái")
	if len(own) == 0 {
		t.Fatal("the Board's export is empty")
	}
	for _, r := range own {
		if r["Mã cơ quan"] != "bqlkcn" {
			t.Fatalf("a row of %s in the Board's export: %v", r["Mã cơ quan"], r)
		}
	}
	e.say(tuan, fakeapi.Private(tuan), "/export status 2027 ldtbxh", "chỉ xuất được dữ liệu của cơ quan mình")

	// The other two exports, without a year: this year's.
	after = e.lastSeq()
	e.api.SendText(admin, adminChat, "/export requests")
	reqFile, _ := e.exportDoc(after, adminID, "yeu-cau-phoi-hop-2027.xlsx")
	_, reqs := sheetRows(t, reqFile, "Yêu cầu phối hợp")
	if len(reqs) != 1 || reqs[0]["Số"] != "1" || reqs[0]["Cơ quan được yêu cầu"] != "Công an tỉnh" || reqs[0]["Hạn trả lời"] != "15/04/2027" ||
		reqs[0]["Trạng thái"] != "Chờ tiếp nhận" || reqs[0]["Quá hạn"] != "Không" {
		t.Errorf("requests %v", reqs)
	}
	after = e.lastSeq()
	e.api.SendText(lan, fakeapi.Private(lan), "/export scorecard 2027")
	card, _ := e.exportDoc(after, lan.ID, "ket-qua-dung-han-2027-ldtbxh.xlsx")
	if _, year := sheetRows(t, card, "Cả năm"); len(year) != 1 || year[0]["Đúng hạn"] != "1" {
		t.Errorf("ldtbxh's year %v", year)
	}

	// Refusals, in words.
	e.say(stranger, fakeapi.Private(stranger), "/export status 2027", "chưa được ghi danh")
	e.say(admin, adminChat, "/export foo", "Cú pháp: /export status|scorecard|requests|inspections|notices|trainings|feedback|register [năm]")
	e.say(admin, adminChat, "/export status 20x7", "Không hiểu «20x7»")
	e.say(admin, adminChat, "/export status 2020", "bot theo dõi từ năm 2027 đến năm 2027")
	for _, c := range e.api.CallsTo("sendDocument") {
		if c.ChatID() == stranger.ID {
			t.Errorf("an export went to %d", c.ChatID())
		}
	}

	// Once delivered, no copy is left on disk.
	dir := filepath.Join(e.env["BOT_FILES_DIR"], "exports")
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) == 0 {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%d exports left in %s after delivery", len(entries), dir)
		case <-tick.C:
		}
	}
}

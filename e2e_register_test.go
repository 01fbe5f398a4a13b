package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fakeapi"
	"github.com/bacgiang/fwbot/internal/testkit"
)

// TestRegisterEndToEnd plays the register through Main:
//   - the Industrial Zones Board's officer fetches /template 7.3, fills it
//     in as an office does (a merged title above the header, trailing
//     spaces, a date typed as text and one as a date, a total row) with two
//     deliberate mistakes, and submits it: the report is recorded and the
//     officer is told, in one message, that one row entered the register
//     and why each of the two others did not (sheet, row, column, reason);
//   - the cross-check after the import tells the coordinator's group that
//     the FDI employer is missing from 11.2;
//   - the corrected version replaces the rows and raises nothing again;
//   - the police submit 8.8 as a CSV file: a residence card for work
//     without a permit, and Kim's work visa valid five days before his
//     permit (each to the police and the coordinator), and Kim's passport
//     with another date of birth (to both submitters);
//   - /find by the coordinator finds the worker in both lists; the Board
//     may not search 8.8; the Health Department may not search at all;
//   - the alerts are answered, one dealt with and one not a violation with
//     its reason; the next day's daily cross-check raises none again.
func TestRegisterEndToEnd(t *testing.T) {
	e := newE2E(t)
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(time.Date(2027, 3, 2, 9, 0, 0, 0, loc))
	e.start()
	for _, g := range []struct {
		chat fakeapi.Chat
		code string
	}{{groupCA, "congan"}, {groupLDTBXH, "ldtbxh"}, {groupBQL, "bqlkcn"}} {
		e.say(admin, g.chat, "/bindgroup "+g.code, "Đã liên kết")
	}
	for _, p := range []struct {
		u    fakeapi.User
		code string
	}{{lan, "ldtbxh"}, {tuan, "bqlkcn"}, {minh, "congan"}, {thu, "yte"}} {
		e.say(p.u, fakeapi.Private(p.u), "/start "+e.invite(p.code), "Chào mừng")
	}
	cat := testkit.Config(t).Catalogue

	// The Board fills 7.3's template in, office style, with two mistakes.
	after := e.lastSeq()
	e.api.SendText(tuan, fakeapi.Private(tuan), "/template 7.3")
	tpl, _ := e.exportDoc(after, tuan.ID, "mau-danh-sach-7.3.xlsx")
	const sheet = "Danh sách 7.3"
	if err := tpl.InsertRows(sheet, 1, 2); err != nil {
		t.Fatal(err)
	}
	tpl.SetCellValue(sheet, "A1", "DANH SÁCH NGƯỜI LAO ĐỘNG NƯỚC NGOÀI TRONG CÁC KHU CÔNG NGHIỆP ĐƯỢC CẤP GIẤY PHÉP LAO ĐỘNG THÁNG 02/2027")
	if err := tpl.MergeCell(sheet, "A1", "H1"); err != nil {
		t.Fatal(err)
	}
	o, _ := cat.Obligation("7.3")
	kim := map[string]string{"doc_type": "Cấp giấy phép lao động", "name": "KIM MIN JUN  ", "birth_date": "12/04/1985", "nationality": "Hàn Quốc",
		"passport": "M12345678 ", "number": "BG-2027-0001", "issued": "15/02/2027", "employer": "Công ty TNHH Điện tử Sao Mai",
		"employer_kind": "Doanh nghiệp có vốn đầu tư nước ngoài", "tax_code": "0105555555", "zone": "KCN Quang Châu"}
	park := map[string]string{"doc_type": "Cấp giấy phép lao động", "name": "PARK JI HOON", "birth_date": "03/09/1990", "nationality": "Hàn Quốc",
		"passport": "M7654321", "number": "BG-2027-0002", "issued": "31/02/2027", "valid_to": "14/02/2029", "employer": "Công ty TNHH Điện tử Sao Mai",
		"employer_kind": "Doanh nghiệp có vốn đầu tư nước ngoài", "tax_code": "0105555555", "zone": "KCN Quang Châu"}
	tanaka := map[string]string{"doc_type": "Cấp giấy phép lao động", "name": "TANAKA HIRO", "birth_date": "01/01/1980", "nationality": "Nhật Bản",
		"number": "BG-2027-0003", "issued": "20/02/2027", "valid_to": "19/02/2029", "employer": "Công ty TNHH Kaito Việt Nam",
		"employer_kind": "Khác", "tax_code": "2400999999", "zone": "KCN Vân Trung"}
	fill := func(row int, cells map[string]string) {
		for i, c := range o.List.Columns {
			ref, _ := excelize.CoordinatesToCellName(i+1, row)
			if v, ok := cells[c.Key]; ok {
				tpl.SetCellValue(sheet, ref, v)
			}
		}
	}
	fill(4, kim)
	validTo, _ := excelize.CoordinatesToCellName(columnOf(t, o.List.Columns, "valid_to"), 4)
	tpl.SetCellValue(sheet, validTo, time.Date(2029, 2, 14, 0, 0, 0, 0, time.UTC)) // a real date: an Excel serial
	fill(5, park)
	fill(6, tanaka)
	tpl.SetCellValue(sheet, "B7", "Tổng cộng: 3 người")
	submit := func(u fakeapi.User, caption, id, name string, data []byte) fakeapi.Call {
		t.Helper()
		after := e.lastSeq()
		e.api.SendDocument(u, fakeapi.Private(u), caption, fakeapi.File{FileID: id, Name: name, Data: data})
		e.waitSent(after, "sendMessage", u.ID, "Đã ghi nhận báo cáo")
		return e.waitSent(after, "sendMessage", u.ID, "📋 Sổ theo dõi người nước ngoài")
	}
	buf, err := tpl.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	seqBeforeImport := e.lastSeq()
	reply := submit(tuan, "/submit 7.3 2027-02", "XLS-REG-1", "kcn-02-2027.xlsx", buf.Bytes()).Params["text"]
	for _, want := range []string{"báo cáo 7.3", "lần gửi 1: đã đưa 1 dòng vào sổ theo dõi", "bỏ qua 1 dòng không phải dữ liệu", "2 dòng chưa được đưa vào sổ theo dõi",
		"trang «Danh sách 7.3», dòng 5: cột Ngày cấp: '31/02/2027' không phải ngày hợp lệ",
		"trang «Danh sách 7.3», dòng 6: cột Số hộ chiếu: bỏ trống, nhưng cột này bắt buộc phải điền",
		"/submit 7.3 2027-02", "Báo cáo vẫn được tính là đã nộp"} {
		if !strings.Contains(reply, want) {
			t.Errorf("the import's reply lacks %q:\n%s", want, reply)
		}
	}
	// The cross-check after the import: the FDI employer is not in 11.2.
	employerAlert := e.waitSent(seqBeforeImport, "sendMessage", groupLDTBXH.ID, "Cảnh báo đối chiếu #1: đơn vị sử dụng lao động «Công ty TNHH Điện tử Sao Mai» (MST 0105555555)")

	// Operators see the rows in the metrics.
	eventually(t, e.metricsAddr()+"/metrics", "the first list's rows counted", func(_ int, body string) bool {
		return sample(body, `fwbot_register_rows_total{outcome="entered"}`) == 1 && sample(body, `fwbot_register_rows_total{outcome="rejected"}`) == 2 &&
			sample(body, `fwbot_register_rows_total{outcome="skipped"}`) == 1
	})

	// The correction replaces the version's rows.
	fill(5, map[string]string{"issued": "15/02/2027"})
	fill(6, map[string]string{"passport": "TK7654321"})
	buf, err = tpl.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	reply = submit(tuan, "/submit 7.3 2027-02", "XLS-REG-2", "kcn-02-2027-sua.xlsx", buf.Bytes()).Params["text"]
	for _, want := range []string{"lần gửi 2: đã đưa 3 dòng vào sổ theo dõi", "thay cho 1 dòng của lần gửi trước"} {
		if !strings.Contains(reply, want) {
			t.Errorf("the correction's reply lacks %q:\n%s", want, reply)
		}
	}
	if strings.Contains(reply, "chưa được đưa") {
		t.Errorf("the correction still has refused rows:\n%s", reply)
	}

	// The police's 8.8, as a CSV file saved by Excel (';', a byte-order mark).
	o88, _ := cat.Obligation("8.8")
	csvRow := func(cells map[string]string) string {
		var out []string
		for _, c := range o88.List.Columns {
			out = append(out, cells[c.Key])
		}
		return strings.Join(out, ";")
	}
	var header []string
	for _, c := range o88.List.Columns {
		header = append(header, c.Header)
	}
	csv := "\ufeff" + strings.Join(header, ";") + "\r\n" +
		csvRow(map[string]string{"doc_type": "Thẻ tạm trú", "name": "LI WEI", "birth_date": "05/05/1988", "nationality": "Trung Quốc", "passport": "E12345678",
			"number": "TT-0099", "purpose": "LĐ1", "issued": "02/01/2027", "valid_from": "02/01/2027", "valid_to": "31/12/2027", "employer": "Công ty TNHH Kaito Việt Nam"}) + "\r\n" +
		csvRow(map[string]string{"doc_type": "Thị thực", "name": "KIM MIN JUN", "birth_date": "13/04/1985", "nationality": "Hàn Quốc", "passport": "M12345678",
			"number": "TT-0100", "purpose": "LĐ2", "issued": "10/02/2027", "valid_from": "10/02/2027", "valid_to": "09/02/2028"}) + "\r\n"
	seqBefore88 := e.lastSeq()
	reply = submit(minh, "/submit 8.8 2027-Q1", "CSV-REG-1", "tam-tru-q1-2027.csv", []byte(csv)).Params["text"]
	if !strings.Contains(reply, "đã đưa 2 dòng vào sổ theo dõi") {
		t.Errorf("the police's import reply:\n%s", reply)
	}
	const stay = "thị thực hoặc thẻ tạm trú mục đích lao động nhưng không có giấy phép lao động"
	stayAlert := e.waitSent(seqBefore88, "sendMessage", groupCA.ID, stay)
	if !strings.Contains(stayAlert.Params["text"], "LI WEI") {
		t.Errorf("the stay alert is about someone else:\n%s", stayAlert.Params["text"])
	}
	e.waitSent(seqBefore88, "sendMessage", groupLDTBXH.ID, stay)
	const mismatch = "hộ chiếu M12345678 (Hàn Quốc) được ghi với họ tên hoặc ngày sinh khác nhau"
	e.waitSent(seqBefore88, "sendMessage", groupBQL.ID, mismatch)
	e.waitSent(seqBefore88, "sendMessage", groupCA.ID, mismatch)

	// Search: the coordinator finds Kim in both lists; the Board may not
	// search the police's list; the Health Department may not search.
	found := e.say(lan, fakeapi.Private(lan), "/find M12345678", "🔎 Kết quả tra cứu «M12345678»").Params["text"]
	for _, want := range []string{"KIM MIN JUN", "BG-2027-0001", "TT-0100", "Công ty TNHH Điện tử Sao Mai"} {
		if !strings.Contains(found, want) {
			t.Errorf("the coordinator's search lacks %q:\n%s", want, found)
		}
	}
	e.say(tuan, fakeapi.Private(tuan), "/find E12345678", "Không tìm thấy «E12345678» trong các danh sách bạn được tra cứu")
	e.say(thu, fakeapi.Private(thu), "/find M12345678", "chưa được phép tra cứu sổ theo dõi người nước ngoài")

	// The alerts answered: the employer one dealt with by the coordinator,
	// the stay one not a violation, with the police's reason.
	after = e.lastSeq()
	e.api.PressButton(lan, groupLDTBXH, employerAlert.MessageIDs[0], "ra:h:1")
	e.waitSent(after, "answerCallbackQuery", 0, "Đã ghi nhận: cảnh báo #1 đã xử lý.")
	e.waitSent(after, "editMessageText", groupLDTBXH.ID, "✅ Đã xử lý")
	stayID := alertNumber(t, stayAlert.Params["text"])
	after = e.lastSeq()
	e.api.PressButton(minh, groupCA, stayAlert.MessageIDs[0], "ra:n:"+stayID)
	prompt := e.waitSent(after, "sendMessage", groupCA.ID, "Nhập lý do cảnh báo đối chiếu #"+stayID+" không phải vi phạm")
	after = e.lastSeq()
	e.api.ReplyTo(minh, groupCA, prompt.MessageIDs[0], "Đã có giấy phép lao động do Bộ cấp, bản sao lưu hồ sơ")
	e.waitSent(after, "sendMessage", groupCA.ID, "Đã ghi nhận: cảnh báo #"+stayID+" không phải vi phạm. Lý do: Đã có giấy phép lao động do Bộ cấp")
	e.waitSent(after, "editMessageText", groupCA.ID, "🚫 Không phải vi phạm")

	alerts := func() int { return count(e.api.CallsTo("sendMessage"), groupLDTBXH.ID, "Cảnh báo đối chiếu #") }
	before := alerts()
	if before != 3 {
		for _, c := range e.api.Sent() {
			if c.ChatID() == groupLDTBXH.ID {
				t.Logf("%s %s", c.Method, c.Params["text"])
			}
		}
		t.Errorf("the coordinator's group had %d alerts, want 3, each once: the employer; Li Wei's card without a permit; Kim's visa, valid from 10/02, five days before his permit", before)
	}
	if count(e.api.CallsTo("sendMessage"), groupLDTBXH.ID, "KIM MIN JUN, hộ chiếu M12345678 (Hàn Quốc), sinh ngày 13/04/1985\nKhông có giấy phép còn hiệu lực từ ngày 10/02/2027.") != 1 {
		t.Errorf("no alert for the five days Kim's work visa ran before his permit")
	}
	e.stop()

	// The next day: the daily cross-check finds the same facts and raises
	// nothing again.
	e.clock.Set(time.Date(2027, 3, 3, 9, 0, 0, 0, loc))
	e.start()
	e.logs.WaitFor(t, wait, "key=regchk:2027-03-03")
	e.say(lan, fakeapi.Private(lan), "/find Kim Min Jun", "🔎 Kết quả tra cứu")
	if got := alerts(); got != before {
		t.Errorf("the next day's cross-check sent %d alerts again", got-before)
	}
	for _, chat := range []int64{groupCA.ID, groupBQL.ID} {
		if n := count(e.api.CallsTo("sendMessage"), chat, mismatch); n != 1 {
			t.Errorf("chat %d had the mismatch alert %d times, want once", chat, n)
		}
	}
}

// columnOf is the spreadsheet column (from 1) of a template's key.
func columnOf(t *testing.T, cols []coord.ListColumn, key string) int {
	t.Helper()
	for i, c := range cols {
		if c.Key == key {
			return i + 1
		}
	}
	t.Fatalf("no column %q", key)
	return 0
}

var alertNo = regexp.MustCompile(`Cảnh báo đối chiếu #(\d+)`)

// alertNumber is the number of the alert a card shows.
func alertNumber(t *testing.T, text string) string {
	t.Helper()
	m := alertNo.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no alert number in %q", text)
	}
	return m[1]
}

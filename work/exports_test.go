package work_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
	"github.com/bacgiang/fwbot/xlsx"
)

var (
	quan = work.Actor{ID: 111, Name: "Quản Trị", Agency: "ldtbxh", Role: coord.RoleAdmin, Lang: coord.LangVI, Chat: 111}
	tuan = work.Actor{ID: 204, Name: "Tuấn Vũ", Agency: "bqlkcn", Role: coord.RoleLead, Lang: coord.LangVI, Chat: 204}
)

func (w *world) export(a work.Actor, kind work.ExportKind, year int, agency string, now time.Time) (work.Export, error) {
	w.t.Helper()
	var ex work.Export
	err := w.db.Update(context.Background(), func(tx coord.Tx) error {
		var err error
		ex, err = w.s.Export(context.Background(), tx, a, kind, year, agency, now)
		return err
	})
	return ex, err
}

// nilReport has actor a send a nil report of id for period at now.
func (w *world) nilReport(a work.Actor, id, period string, now time.Time) {
	w.t.Helper()
	ob, err := w.s.Obligation(a, id)
	if err != nil {
		w.t.Fatal(err)
	}
	w.update(func(tx coord.Tx) error {
		p, dl, err := w.s.ResolvePeriod(context.Background(), tx, a, now, ob, period)
		if err != nil {
			return err
		}
		_, err = w.s.Submit(context.Background(), tx, a, now, work.NewSubmission{Obligation: ob, Period: p, Deadline: dl, Kind: coord.NilReport})
		return err
	})
}

// column finds a column of sh by its header.
func column(t *testing.T, sh coord.Sheet, header string) int {
	t.Helper()
	for i, c := range sh.Columns {
		if c.Header == header {
			return i
		}
	}
	t.Fatalf("sheet %s has no column %q", sh.Name, header)
	return -1
}

// row finds the row of sh whose cells under the headers are the given
// texts (header, text, header, text, …).
func row(t *testing.T, sh coord.Sheet, pairs ...string) []coord.Cell {
	t.Helper()
	for _, r := range sh.Rows {
		match := true
		for i := 0; i < len(pairs); i += 2 {
			if r[column(t, sh, pairs[i])].Text != pairs[i+1] {
				match = false
			}
		}
		if match {
			return r
		}
	}
	t.Fatalf("sheet %s has no row %q", sh.Name, pairs)
	return nil
}

// TestExportStatus: every tracked period of 2027 of every agency, judged as
// /status judges it, on 1 March 2027 (tracking from 1 January). 6.4 for
// January was due 04/02, extended past Tết to 11/02; February's is due
// 04/03; 13.3 is sent only "nếu có"; 7.3 for January was due 27/01.
func TestExportStatus(t *testing.T) {
	w := newWorld(t)
	if _, err := w.submit(lan, "6.4", "2027-01", w.now, false); err != nil {
		t.Fatal(err)
	}
	if _, err := w.submit(lan, "6.4", "2027-02", w.now, false); err != nil {
		t.Fatal(err)
	}
	w.nilReport(mai, "13.3", "2027-01", w.now)
	ex, err := w.export(quan, work.ExportStatus, 2027, "", w.now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if ex.FileName != "trang-thai-2027.xlsx" || len(ex.Sheets) != 1 || !strings.Contains(ex.Caption, "năm 2027 — toàn tỉnh") {
		t.Fatalf("export %q, %q, %d sheets", ex.FileName, ex.Caption, len(ex.Sheets))
	}
	sh := ex.Sheets[0]
	const state = "Tình trạng"
	cases := []struct {
		agency, report, period string
		want                   coord.Outcome
		form                   string
	}{
		{"ldtbxh", "6.4", "2027-01", coord.OutcomeLate, "Có tệp"},
		{"ldtbxh", "6.4", "2027-02", coord.OutcomeOnTime, "Có tệp"},
		{"ldtbxh", "6.4", "2027-03", coord.OutcomeNotDue, ""},
		{"congthuong", "13.3", "2027-01", coord.OutcomeOnTime, "Không phát sinh"},
		{"congthuong", "13.3", "2027-02", coord.OutcomeNotDue, ""},
		{"bqlkcn", "7.3", "2027-01", coord.OutcomeMissing, ""},
		{"bqlkcn", "7.3", "2027-02", coord.OutcomeNotDue, ""},
	}
	for _, c := range cases {
		r := row(t, sh, "Mã cơ quan", c.agency, "Báo cáo", c.report, "Kỳ", c.period)
		if got := r[column(t, sh, state)].Text; got != texts.OutcomeNames[c.want].VI {
			t.Errorf("%s %s %s: %q, want %q", c.agency, c.report, c.period, got, texts.OutcomeNames[c.want].VI)
		}
		if got := r[column(t, sh, "Hình thức")].Text; got != c.form {
			t.Errorf("%s %s %s: form %q, want %q", c.agency, c.report, c.period, got, c.form)
		}
	}
	late := row(t, sh, "Báo cáo", "6.4", "Kỳ", "2027-01")
	if d := late[column(t, sh, "Hạn cuối")]; d.Kind != coord.CellDate || d.Date != (coord.Date{Year: 2027, Month: time.February, Day: 4}) {
		t.Errorf("last day %+v, want the date 04/02/2027", d)
	}
	if d := late[column(t, sh, "Kéo dài đến (ngày nghỉ)")]; d.Kind != coord.CellDate || d.Date != (coord.Date{Year: 2027, Month: time.February, Day: 11}) {
		t.Errorf("extended %+v, want the date 11/02/2027", d)
	}
	if n := late[column(t, sh, "Số ngày trễ")]; n.Kind != coord.CellInt || n.Int <= 0 {
		t.Errorf("days late %+v", n)
	}
	if at := late[column(t, sh, "Thời điểm nộp")]; at.Kind != coord.CellTime || !at.Time.Equal(w.now) || at.Time.Location() != w.s.Calendar.Location {
		t.Errorf("submitted at %+v, want %v in the calendar's zone", at, w.now)
	}
	// Nothing before tracking began, nothing after the year: 6.4 for
	// 2026-12 (due in January 2027) belongs to 2026's export.
	for _, r := range sh.Rows {
		if p := r[column(t, sh, "Kỳ")].Text; p != "" && !strings.HasPrefix(p, "2027") {
			t.Errorf("a period of another year: %q", p)
		}
	}
	// 12.3 has no deadline: one row that says so.
	ev := row(t, sh, "Mã cơ quan", "yte", "Báo cáo", "12.3")
	if got := ev[column(t, sh, state)].Text; !strings.Contains(got, "không có hạn") {
		t.Errorf("12.3: %q", got)
	}

	t.Run("an officer gets their agency only", func(t *testing.T) {
		ex, err := w.export(tuan, work.ExportStatus, 2027, "", w.now)
		if err != nil {
			t.Fatal(err)
		}
		if ex.FileName != "trang-thai-2027-bqlkcn.xlsx" {
			t.Errorf("file %q", ex.FileName)
		}
		sh := ex.Sheets[0]
		if len(sh.Rows) == 0 {
			t.Fatal("no rows")
		}
		for _, r := range sh.Rows {
			if code := r[0].Text; code != "bqlkcn" {
				t.Fatalf("a row of %s in bqlkcn's export", code)
			}
		}
		var refusal *texts.Refusal
		if _, err := w.export(tuan, work.ExportStatus, 2027, "ldtbxh", w.now); !errors.As(err, &refusal) ||
			!strings.Contains(refusal.Msg.In(coord.LangVI, refusal.Args...), "chỉ xuất được dữ liệu của cơ quan mình (Ban Quản lý các khu công nghiệp tỉnh)") {
			t.Errorf("a lead asking for another agency: %v", err)
		}
		if ex, err := w.export(quan, work.ExportStatus, 2027, "bqlkcn", w.now); err != nil || len(ex.Sheets[0].Rows) != len(sh.Rows) {
			t.Errorf("an admin naming bqlkcn: %v", err)
		}
	})
	t.Run("years outside tracking", func(t *testing.T) {
		for _, year := range []int{2026, 2028} {
			var refusal *texts.Refusal
			_, err := w.export(quan, work.ExportStatus, year, "", w.now)
			if !errors.As(err, &refusal) || !strings.Contains(refusal.Msg.In(coord.LangVI, refusal.Args...), "bot theo dõi từ năm 2027 đến năm 2027. Hãy gõ, ví dụ: /export status 2027") {
				t.Errorf("%d: %v", year, err)
			}
		}
	})
}

// TestExportScorecard scores each deadline of 2027 in the month of its last
// day, as the monthly digest does: on 1 March, ldtbxh owed 6.4 for
// 2026-12 (last day 04/01) and 6.6 for 2026 (14/01), both missing; sent
// 6.4 for 2027-01 late (11/02) and 2027-02 on time (04/03); the rest of
// its 2027 deadlines are not due yet.
func TestExportScorecard(t *testing.T) {
	w := newWorld(t)
	if _, err := w.submit(lan, "6.4", "2027-01", w.now, false); err != nil {
		t.Fatal(err)
	}
	if _, err := w.submit(lan, "6.4", "2027-02", w.now, false); err != nil {
		t.Fatal(err)
	}
	ex, err := w.export(lan, work.ExportScorecard, 2027, "", w.now)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Sheets) != 2 || ex.FileName != "ket-qua-dung-han-2027-ldtbxh.xlsx" {
		t.Fatalf("%q: %d sheets", ex.FileName, len(ex.Sheets))
	}
	year, months := ex.Sheets[0], ex.Sheets[1]
	if len(year.Rows) != 1 {
		t.Fatalf("year rows %v, want ldtbxh's only", year.Rows)
	}
	num := func(sh coord.Sheet, r []coord.Cell, header string) int { return r[column(t, sh, header)].Int }
	r := year.Rows[0]
	got := [5]int{num(year, r, "Số kỳ đã đến hạn"), num(year, r, "Đúng hạn"), num(year, r, "Trễ hạn"), num(year, r, "Chưa nộp (quá hạn)"), num(year, r, "Chưa đến hạn")}
	if got != [5]int{4, 1, 1, 2, 10} {
		t.Errorf("due, on time, late, missing, not due = %v, want [4 1 1 2 10]", got)
	}
	if rate := r[column(t, year, "Tỷ lệ đúng hạn")]; rate.Kind != coord.CellPercent || rate.Float != 0.25 {
		t.Errorf("rate %+v, want 25%%", rate)
	}
	byMonth := map[time.Month][]coord.Cell{}
	for _, r := range months.Rows {
		c := r[column(t, months, "Tháng")]
		if c.Kind != coord.CellMonth || c.Date.Year != 2027 {
			t.Fatalf("month cell %+v", c)
		}
		byMonth[c.Date.Month] = r
	}
	if jan := byMonth[time.January]; jan == nil || num(months, jan, "Chưa nộp (quá hạn)") != 2 ||
		jan[column(t, months, "Kỳ chưa nộp")].Text != "6.4 kỳ 2026-12, 6.6 kỳ 2026" {
		t.Errorf("January %+v", jan)
	}
	if feb := byMonth[time.February]; feb == nil || num(months, feb, "Trễ hạn") != 1 {
		t.Errorf("February %+v", feb)
	}
	if mar := byMonth[time.March]; mar == nil || num(months, mar, "Đúng hạn") != 1 {
		t.Errorf("March %+v", mar)
	}
	// 6.4 for 2027-11 is due 05/12: counted in December, not due yet.
	if dec := byMonth[time.December]; dec == nil || num(months, dec, "Chưa đến hạn") != 1 || num(months, dec, "Số kỳ đã đến hạn") != 0 ||
		dec[column(t, months, "Tỷ lệ đúng hạn")].Kind != coord.CellEmpty {
		t.Errorf("December %+v", dec)
	}
}

// TestExportRequests lists the requests created in the year from or to the
// agency, with the times of their steps, the reason of a decline, and
// whether each is overdue.
func TestExportRequests(t *testing.T) {
	w := newWorld(t)
	w.create() // #1, due 15/03
	w.create() // #2
	if _, err := w.act(hung, work.Step{Request: 1, Action: coord.ActAccept}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.act(hung, work.Step{Request: 1, Action: coord.ActDecline, Text: "Không thuộc thẩm quyền"}); err != nil {
		t.Fatal(err)
	}
	later := time.Date(2027, 3, 20, 9, 0, 0, 0, w.s.Calendar.Location)
	ex, err := w.export(hung, work.ExportRequests, 2027, "", later)
	if err != nil {
		t.Fatal(err)
	}
	sh := ex.Sheets[0]
	if len(sh.Rows) != 2 || ex.FileName != "requests-2027-congan.xlsx" {
		t.Fatalf("%s: rows %v", ex.FileName, sh.Rows)
	}
	text := func(r []coord.Cell, h string) string { return r[column(t, sh, h)].Text }
	// hung reads English.
	one, two := sh.Rows[0], sh.Rows[1]
	if one[0].Int != 1 || text(one, "State") != "Declined" || text(one, "Reason for declining") != "Không thuộc thẩm quyền" ||
		text(one, "Overdue") != "No" || one[column(t, sh, "Declined")].Kind != coord.CellTime || one[column(t, sh, "Accepted")].Kind != coord.CellTime {
		t.Errorf("request 1: %+v", one)
	}
	if d := one[column(t, sh, "Answer due")]; d.Kind != coord.CellDate || d.Date != (coord.Date{Year: 2027, Month: 3, Day: 15}) {
		t.Errorf("due %+v", d)
	}
	if text(one, "Requesting agency") != "Sở Lao động - Thương binh và Xã hội" || text(one, "Agency asked") != "Công an tỉnh" {
		t.Errorf("sides %q → %q", text(one, "Requesting agency"), text(one, "Agency asked"))
	}
	if two[0].Int != 2 || text(two, "Overdue") != "Yes" || two[column(t, sh, "Answered")].Kind != coord.CellEmpty {
		t.Errorf("request 2: %+v", two)
	}
	// A third agency's export has neither.
	if ex, err := w.export(mai, work.ExportRequests, 2027, "", later); err != nil || len(ex.Sheets[0].Rows) != 0 {
		t.Errorf("congthuong's export: %v, %v", ex.Sheets, err)
	}
}

// auditSpy records the audit rows a use case writes, and writes them.
type auditSpy struct {
	coord.Tx
	rows *[]coord.AuditEntry
}

func (s auditSpy) Audit(ctx context.Context, e coord.AuditEntry) error {
	*s.rows = append(*s.rows, e)
	return s.Tx.Audit(ctx, e)
}

// workbook encodes ex as the bot sends it and reads each sheet back as
// shown, header row first.
func workbook(t *testing.T, ex work.Export) map[string][][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.Encode(&buf, ex.Sheets); err != nil {
		t.Fatal(err)
	}
	out := map[string][][]string{}
	for _, sh := range ex.Sheets {
		rows, err := xlsx.ReadSheet(buf.Bytes(), sh.Name, 1000, 100)
		if err != nil {
			t.Fatalf("sheet %s: %v", sh.Name, err)
		}
		out[sh.Name] = rows
	}
	return out
}

// cellOf is the shown value under header in row r (1 = the first data
// row) of a sheet read by workbook.
func cellOf(t *testing.T, rows [][]string, r int, header string) string {
	t.Helper()
	for i, h := range rows[0] {
		if h == header {
			if r >= len(rows) || i >= len(rows[r]) {
				return ""
			}
			return rows[r][i]
		}
	}
	t.Fatalf("no column %q in %q", header, rows[0])
	return ""
}

// TestExportNotices: the police send #1 about an employer in an
// industrial zone (to ldtbxh, and to bqlkcn for the zone), acknowledged by
// ldtbxh and reminded to bqlkcn; ldtbxh sends #2 to the police. The admin's
// export has both, with one row per foreign worker on the second sheet;
// each agency gets what /notices shows it; a third agency gets nothing.
func TestExportNotices(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.update(func(tx coord.Tx) error {
		if err := tx.PutUser(ctx, coord.User{TelegramID: lan.ID, Agency: lan.Agency, Role: lan.Role, Lang: lan.Lang, Name: lan.Name, CreatedAt: w.now, UpdatedAt: w.now}); err != nil {
			return err
		}
		return tx.PutUser(ctx, coord.User{TelegramID: tuan.ID, Agency: tuan.Agency, Role: tuan.Role, Lang: tuan.Lang, Name: tuan.Name, CreatedAt: w.now, UpdatedAt: w.now})
	})
	var one, two work.NoticeSent
	w.update(func(tx coord.Tx) error {
		var err error
		one, err = w.s.CreateNotice(ctx, tx, hung, w.now, work.NewNotice{Kind: "residence", DecisionNo: "15/QĐ-XPHC",
			DecisionDate: coord.Date{Year: 2027, Month: time.February, Day: 26},
			Employer:     coord.Employer{Name: "Công ty TNHH ABC", TaxCode: "2400123456", Zone: "KCN Quang Châu", Address: "Việt Yên"},
			People:       []coord.Person{{Name: "LI WEI", Passport: "E12345678", Nationality: "Trung Quốc"}, {Name: "KIM MIN", Passport: "M7654321", Nationality: "Hàn Quốc"}},
			Violation:    "Cư trú quá hạn", Sanction: coord.Sanction{FineVND: 15_000_000, Expulsion: true}})
		if err != nil {
			return err
		}
		two, err = w.s.CreateNotice(ctx, tx, lan, w.now.Add(time.Hour), work.NewNotice{Kind: "no_report", DecisionNo: "3/QĐ-XPVPHC",
			DecisionDate: coord.Date{Year: 2027, Month: time.February, Day: 27},
			Employer:     coord.Employer{Name: "Công ty CP Minh Anh", TaxCode: "0107654321-001"},
			People:       []coord.Person{{Name: "JOHN SMITH", Passport: "P1234567", Nationality: "Anh"}},
			Sanction:     coord.Sanction{Other: "cảnh cáo"}, Extra: []string{"congan"}})
		return err
	})
	if one.Notice.ID != 1 || two.Notice.ID != 2 || len(one.Notice.Recipients) != 2 || len(two.Notice.Recipients) != 1 {
		t.Fatalf("notices %+v, %+v", one.Notice, two.Notice)
	}
	ackedAt := w.now.Add(30 * time.Minute)
	w.update(func(tx coord.Tx) error {
		r, _ := one.Notice.Recipient("ldtbxh")
		if _, err := w.s.AckNotice(ctx, tx, lan, ackedAt, r.ID); err != nil {
			return err
		}
		r, _ = one.Notice.Recipient("bqlkcn")
		res, err := w.s.RemindNotice(ctx, tx, time.Date(2027, 3, 3, 8, 0, 0, 0, w.s.Calendar.Location), r.ID)
		if err == nil && res.Nowhere {
			t.Fatal("bqlkcn has an officer to remind")
		}
		return err
	})

	var audits []coord.AuditEntry
	var ex work.Export
	later := time.Date(2027, 3, 5, 10, 0, 0, 0, w.s.Calendar.Location)
	w.update(func(tx coord.Tx) error {
		var err error
		ex, err = w.s.Export(ctx, auditSpy{tx, &audits}, quan, work.ExportNotices, 2027, "", later)
		return err
	})
	if ex.FileName != "thong-bao-xu-ly-vi-pham-2027.xlsx" || len(ex.Sheets) != 2 ||
		!strings.Contains(ex.Caption, "năm 2027 (toàn tỉnh): 2 thông báo, 3 người lao động nước ngoài") {
		t.Fatalf("export %q, %q, %d sheets", ex.FileName, ex.Caption, len(ex.Sheets))
	}
	if len(audits) != 1 || audits[0].Action != "export.send" || audits[0].Subject != "export:notices:2027" || audits[0].Actor != quan.ID ||
		audits[0].After != `{"agency":"","rows":2}` {
		t.Errorf("audit %+v", audits)
	}
	// The cells are typed: a date, a time, numbers.
	sh := ex.Sheets[0]
	first := row(t, sh, "Số quyết định", "15/QĐ-XPHC")
	if c := first[column(t, sh, "Số TB")]; c.Kind != coord.CellInt || c.Int != 1 {
		t.Errorf("number %+v", c)
	}
	if c := first[column(t, sh, "Ngày quyết định")]; c.Kind != coord.CellDate || c.Date != (coord.Date{Year: 2027, Month: time.February, Day: 26}) {
		t.Errorf("decision date %+v", c)
	}
	if c := first[column(t, sh, "Ngày gửi")]; c.Kind != coord.CellTime || !c.Time.Equal(w.now) || c.Time.Location() != w.s.Calendar.Location {
		t.Errorf("sent %+v", c)
	}
	if c := first[column(t, sh, "Số tiền phạt (đồng)")]; c.Kind != coord.CellInt || c.Int != 15_000_000 {
		t.Errorf("fine %+v", c)
	}
	if c := row(t, sh, "Số quyết định", "3/QĐ-XPVPHC")[column(t, sh, "Số tiền phạt (đồng)")]; c.Kind != coord.CellEmpty {
		t.Errorf("no fine is an empty cell: %+v", c)
	}

	// The workbook as the reader opens it.
	wb := workbook(t, ex)
	notices, people := wb["Thông báo"], wb["Người nước ngoài"]
	if notices == nil || people == nil {
		t.Fatalf("sheets %v", ex.Sheets)
	}
	if got := strings.Join(notices[0], "|"); got != "Số TB|Ngày gửi|Cơ quan gửi|Loại vi phạm|Số quyết định|Ngày quyết định|Tên doanh nghiệp|Mã số thuế|Địa chỉ|"+
		"Khu công nghiệp|Hành vi vi phạm|Hình thức xử phạt|Số tiền phạt (đồng)|Số người|Cơ quan nhận|Đã nhận (người, thời điểm)|Đã nhắc" {
		t.Errorf("header %s", got)
	}
	if len(notices) != 3 {
		t.Fatalf("notice rows %q", notices)
	}
	for h, want := range map[string]string{
		"Số TB": "1", "Ngày gửi": "01/03/2027 09:00", "Cơ quan gửi": "Công an tỉnh", "Loại vi phạm": "Vi phạm quy định về cư trú, đi lại",
		"Số quyết định": "15/QĐ-XPHC", "Ngày quyết định": "26/02/2027", "Tên doanh nghiệp": "Công ty TNHH ABC", "Mã số thuế": "2400123456",
		"Địa chỉ": "Việt Yên", "Khu công nghiệp": "KCN Quang Châu", "Hành vi vi phạm": "Cư trú quá hạn",
		"Hình thức xử phạt": "phạt tiền 15.000.000 đồng; trục xuất", "Số tiền phạt (đồng)": "15000000", "Số người": "2",
		"Cơ quan nhận":               "Sở Lao động - Thương binh và Xã hội; Ban Quản lý các khu công nghiệp tỉnh",
		"Đã nhận (người, thời điểm)": "Sở Lao động - Thương binh và Xã hội: Lan Nguyễn, lúc 09:30 01/03/2027",
		"Đã nhắc":                    "Ban Quản lý các khu công nghiệp tỉnh: lúc 08:00 03/03/2027",
	} {
		if got := cellOf(t, notices, 1, h); got != want {
			t.Errorf("#1 %s: %q, want %q", h, got, want)
		}
	}
	for h, want := range map[string]string{
		"Số TB": "2", "Cơ quan gửi": "Sở Lao động - Thương binh và Xã hội", "Mã số thuế": "0107654321-001", "Khu công nghiệp": "",
		"Hình thức xử phạt": "cảnh cáo", "Số tiền phạt (đồng)": "", "Số người": "1", "Cơ quan nhận": "Công an tỉnh", "Đã nhận (người, thời điểm)": "", "Đã nhắc": "",
	} {
		if got := cellOf(t, notices, 2, h); got != want {
			t.Errorf("#2 %s: %q, want %q", h, got, want)
		}
	}
	if got := strings.Join(people[0], "|"); got != "Số TB|Số quyết định|STT|Họ và tên|Số hộ chiếu|Quốc tịch" {
		t.Errorf("people header %s", got)
	}
	var persons []string
	for _, r := range people[1:] {
		persons = append(persons, strings.Join(r, "|"))
	}
	if got := strings.Join(persons, "\n"); got != "1|15/QĐ-XPHC|1|LI WEI|E12345678|Trung Quốc\n1|15/QĐ-XPHC|2|KIM MIN|M7654321|Hàn Quốc\n2|3/QĐ-XPVPHC|1|JOHN SMITH|P1234567|Anh" {
		t.Errorf("people:\n%s", got)
	}

	numbers := func(ex work.Export) (ids []int, persons int) {
		for _, r := range ex.Sheets[0].Rows {
			ids = append(ids, r[0].Int)
		}
		return ids, len(ex.Sheets[1].Rows)
	}
	t.Run("each agency gets the notices sent by or to it", func(t *testing.T) {
		for _, c := range []struct {
			who    work.Actor
			agency string
			file   string
			ids    []int
			people int
		}{
			{hung, "", "notices-2027-congan.xlsx", []int{1, 2}, 3}, // the sender of #1, a recipient of #2
			{lan, "", "thong-bao-xu-ly-vi-pham-2027-ldtbxh.xlsx", []int{1, 2}, 3},
			{tuan, "", "thong-bao-xu-ly-vi-pham-2027-bqlkcn.xlsx", []int{1}, 2}, // a recipient of #1 only
			{mai, "", "thong-bao-xu-ly-vi-pham-2027-congthuong.xlsx", nil, 0},   // neither
			{quan, "bqlkcn", "thong-bao-xu-ly-vi-pham-2027-bqlkcn.xlsx", []int{1}, 2},
			{quan, "congthuong", "thong-bao-xu-ly-vi-pham-2027-congthuong.xlsx", nil, 0},
		} {
			ex, err := w.export(c.who, work.ExportNotices, 2027, c.agency, later)
			if err != nil {
				t.Fatalf("%s %s: %v", c.who.Name, c.agency, err)
			}
			ids, persons := numbers(ex)
			if ex.FileName != c.file || !slices.Equal(ids, c.ids) || persons != c.people {
				t.Errorf("%s %s: %s, notices %v, %d people; want %s, %v, %d", c.who.Name, c.agency, ex.FileName, ids, persons, c.file, c.ids, c.people)
			}
			// What /notices lists, the export lists.
			if c.agency == "" {
				var listed []int
				w.update(func(tx coord.Tx) error {
					ns, err := w.s.ListNotices(ctx, tx, c.who, 2027)
					for _, n := range ns {
						listed = append(listed, int(n.ID))
					}
					return err
				})
				if !slices.Equal(ids, listed) {
					t.Errorf("%s: export %v, /notices %v", c.who.Name, ids, listed)
				}
			}
		}
		// An empty export still opens, with its headers.
		ex, err := w.export(mai, work.ExportNotices, 2027, "", later)
		if err != nil {
			t.Fatal(err)
		}
		if wb := workbook(t, ex); len(wb["Thông báo"]) != 1 || len(wb["Người nước ngoài"]) != 1 {
			t.Errorf("congthuong's workbook %q", wb)
		}
		var refusal *texts.Refusal
		if _, err := w.export(mai, work.ExportNotices, 2027, "congan", later); !errors.As(err, &refusal) ||
			!strings.Contains(refusal.Msg.In(coord.LangVI, refusal.Args...), "chỉ xuất được dữ liệu của cơ quan mình") {
			t.Errorf("an officer asking for another agency's notices: %v", err)
		}
	})
	t.Run("English", func(t *testing.T) {
		ex, err := w.export(hung, work.ExportNotices, 2027, "", later)
		if err != nil {
			t.Fatal(err)
		}
		if ex.Sheets[0].Name != "Notices" || ex.Sheets[1].Name != "Foreign workers" || ex.Sheets[0].Columns[3].Header != "Violation kind" {
			t.Errorf("sheets %q, %q, %q", ex.Sheets[0].Name, ex.Sheets[1].Name, ex.Sheets[0].Columns[3].Header)
		}
		if got := row(t, ex.Sheets[0], "Decision no.", "15/QĐ-XPHC")[column(t, ex.Sheets[0], "Sanction")].Text; got != "fine of 15.000.000 VND; expulsion" {
			t.Errorf("sanction %q", got)
		}
	})
	t.Run("the next year has none of them", func(t *testing.T) {
		ex, err := w.export(quan, work.ExportNotices, 2028, "", time.Date(2028, 1, 5, 9, 0, 0, 0, w.s.Calendar.Location))
		if err != nil {
			t.Fatal(err)
		}
		if ex.FileName != "thong-bao-xu-ly-vi-pham-2028.xlsx" || len(ex.Sheets[0].Rows) != 0 || len(ex.Sheets[1].Rows) != 0 {
			t.Errorf("2028: %s, %v", ex.FileName, ex.Sheets)
		}
	})
}

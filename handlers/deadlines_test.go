package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// The words of 6.4 for January 2027, worked out by hand: "trước ngày 05"
// of February leaves 04/02 as the last on-time day; 04/02 … 10/02 are Tết
// and a weekend (config.yaml), so the deadline runs to the end of 11/02.
const (
	deadline64Jan      = "hạn cuối 04/02/2027 (được kéo dài đến hết 11/02/2027 vì trùng ngày nghỉ)"
	deadline64JanShort = "hạn cuối 04/02/2027, kéo dài đến 11/02/2027"
)

// TestDeadlinesSaidExactly: every view names the last on-time day of the
// regulation and, beside it, the extended one; the regulation's own words
// are quoted only where it sets the day.
func TestDeadlinesSaidExactly(t *testing.T) {
	e := reportsEnv(t)
	e.now = time.Date(2027, 1, 20, 9, 0, 0, 0, e.now.Location())
	lan := private(officerA)

	status := only(t, e.text(officerA, lan, "/status"), officerA.ID, "2027-01: chưa nộp — "+deadline64Jan)
	if strings.Contains(status.Text, "05/02/2027") {
		t.Errorf("/status names the due instant's day instead of the last on-time day:\n%s", status.Text)
	}
	// 7.3 for 2026-12 was due 28/12/2026, before tracking began (01/01/2027):
	// nobody awaits it; 7.3 for 2027-01 is awaited.
	contains(t, status, "Đầu vào kỳ 2027-01: 7.3 Ban Quản lý các khu công nghiệp tỉnh ⏳")
	if strings.Contains(status.Text, "Đầu vào kỳ 2026-12: 7.3") {
		t.Errorf("/status awaits an input due before tracking began:\n%s", status.Text)
	}
	// 2027's holidays are provisional in config.yaml: the deadline is marked.
	only(t, e.text(officerA, lan, "/calendar"), officerA.ID, "• H"+deadline64Jan[1:]+" (*) — 6.4",
		"(*) Hạn này dựa trên lịch nghỉ lễ dự kiến (năm 2027, 2028)")

	t.Run("OneReport", func(t *testing.T) {
		m := only(t, e.text(officerA, lan, "/calendar 6.4"), officerA.ID,
			"Báo cáo 6.4", "Quy chế quy định: «trước ngày 05 hàng tháng».",
			"kỳ 2027-01 (tháng 01/2027): "+deadline64Jan, "Công an tỉnh, Sở Ngoại vụ")
		if strings.Contains(m.Text, "không ấn định") {
			t.Errorf("6.4's day is the regulation's:\n%s", m.Text)
		}
		m = only(t, e.text(officerA, lan, "/calendar 8.8"), officerA.ID, "không ấn định ngày", "«định kỳ hàng quý»",
			"Sở Lao động - Thương binh và Xã hội")
		if strings.Contains(m.Text, "Quy chế quy định") || strings.Contains(m.Text, "theo Quy chế") {
			t.Errorf("8.8 claims a day from the regulation:\n%s", m.Text)
		}
		only(t, e.text(officerA, lan, "/calendar 9.9"), officerA.ID, "Không có báo cáo mã \"9.9\"", "/calendar 6.4")
	})

	t.Run("Wizard", func(t *testing.T) {
		e.text(officerA, lan, "/submit")
		m := only(t, e.press(officerA, lan, 50, "sub:o:6.4")[:1], officerA.ID)
		if !hasButton(m, "2027-01 — "+deadline64JanShort) {
			t.Fatalf("period buttons %+v", m.Buttons)
		}
		contains(t, texts(e.press(officerA, lan, 50, "sub:p:2027-01"), officerA.ID),
			"Hạn cuối 04/02/2027 (được kéo dài", "Quy chế quy định: «trước ngày 05 hàng tháng».")
	})
}

// TestOnlyIfAny: a 13.3 month with nothing sent ("nếu có") is not late once
// its deadline passed; it is shown as nothing reported, never listed as
// overdue, and the default period is one still open.
func TestOnlyIfAny(t *testing.T) {
	e := reportsEnv(t)
	e.enrol(officerCT, "congthuong")
	e.now = time.Date(2027, 3, 10, 9, 0, 0, 0, e.now.Location())
	mai := private(officerCT)
	m := only(t, e.text(officerCT, mai, "/status"), officerCT.ID, "13.3",
		"2027-02: không có thông báo (chỉ gửi khi có thông tin)", "2027-03: chưa nộp — hạn cuối 04/04/2027")
	if strings.Contains(m.Text, "trễ hạn") {
		t.Errorf("an empty month of 13.3 is called late:\n%s", m.Text)
	}
	if m := only(t, e.text(officerCT, mai, "/calendar"), officerCT.ID); strings.Contains(m.Text, "Quá hạn") {
		t.Errorf("/calendar lists empty months of 13.3 as overdue:\n%s", m.Text)
	}
	only(t, e.text(officerCT, mai, "/calendar 13.3"), officerCT.ID, "chỉ gửi khi có thông tin", "/nil 13.3")
	// /nil without a period closes the month still open, not an empty one.
	e.text(officerCT, mai, "/nil 13.3")
	if subs := e.submissions(coord.SubmissionFilter{Obligation: "13.3"}); len(subs) != 1 || subs[0].Period != "2027-03" {
		t.Fatalf("the default period of 13.3 on 10/03: %+v", subs)
	}
	// Saying afterwards that a month had nothing to report is not late;
	// a report with something in it, sent after the deadline, is.
	m = texts(e.text(officerCT, mai, "/nil 13.3 2027-02"), officerCT.ID)
	contains(t, m, "Kỳ: 2027-02", "đúng hạn")
	if strings.Contains(m.Text, "trễ hạn") {
		t.Errorf("a nil report of 13.3 after its deadline is called late:\n%s", m.Text)
	}
	contains(t, texts(e.file(officerCT, mai, "/submit 13.3 2027-01", pdf("C1", "vpdd.pdf")), officerCT.ID), "trễ hạn")
	// A late report for an empty month can still be sent by naming it.
	e.text(officerCT, mai, "/submit")
	m = only(t, e.press(officerCT, mai, 51, "sub:o:13.3")[:1], officerCT.ID)
	if !hasButton(m, "2026-12 — không có thông báo (chỉ gửi khi có thông tin)") {
		t.Fatalf("period buttons %+v", m.Buttons)
	}
}

func hasButton(m coord.OutMessage, text string) bool {
	for _, row := range m.Buttons {
		for _, b := range row {
			if b.Text == text {
				return true
			}
		}
	}
	return false
}

// TestProvisionalMarkOnlyWhereItMatters: a deadline decided wholly by
// 2026's announced holidays carries no mark; one reaching into 2027, whose
// list is provisional, does.
func TestProvisionalMarkOnlyWhereItMatters(t *testing.T) {
	e := reportsEnv(t)
	e.h.Work.TrackFrom = coord.Date{Year: 2026, Month: time.November, Day: 1}
	e.now = time.Date(2026, 12, 1, 9, 0, 0, 0, e.now.Location())
	m := only(t, e.text(officerA, private(officerA), "/calendar"), officerA.ID)
	for _, line := range strings.Split(m.Text, "\n") {
		switch {
		case strings.Contains(line, "kỳ 2026-11") && strings.Contains(line, "(*)"):
			t.Errorf("6.4 for 2026-11 (last day Fri 04/12/2026) marked provisional: %s", line)
		case strings.Contains(line, "kỳ 2026-12") && !strings.Contains(line, "(*)"):
			t.Errorf("6.4 for 2026-12 (last day Mon 04/01/2027) not marked: %s", line)
		}
	}
	if !strings.Contains(m.Text, "kỳ 2026-11") || !strings.Contains(m.Text, "kỳ 2026-12") {
		t.Fatalf("/calendar on 01/12/2026:\n%s", m.Text)
	}
}

// TestPassedDeadlineIsNotComing: on day D (05/03/2027), 6.4 for February,
// whose last day was yesterday, is overdue, not coming.
func TestPassedDeadlineIsNotComing(t *testing.T) {
	e := reportsEnv(t)
	e.now = time.Date(2027, 3, 5, 9, 0, 0, 0, e.now.Location())
	m := only(t, e.text(officerA, private(officerA), "/calendar"), officerA.ID, "kỳ 2027-02 — trễ hạn 1 ngày")
	if coming := m.Text[strings.Index(m.Text, "Sắp đến hạn")+1:]; strings.Contains(coming, "kỳ 2027-02") {
		t.Errorf("6.4 2027-02 is listed as coming on its day D:\n%s", m.Text)
	}
	m = only(t, e.text(officerA, private(officerA), "/calendar 6.4"), officerA.ID, "Các hạn sắp tới")
	coming := m.Text[strings.Index(m.Text, "Các hạn sắp tới"):]
	if owed := strings.Index(coming, "còn phải nộp"); owed >= 0 {
		coming = coming[:owed]
	}
	if strings.Contains(coming, "kỳ 2027-02") {
		t.Errorf("/calendar 6.4 lists a passed deadline as coming:\n%s", m.Text)
	}
}

// TestExtendedDeadlineStaysComing: on Mon 08/02/2027, 6.4 for January is
// past its regulation day (05/02) but extended by Tết to the end of 11/02:
// /calendar still lists it as coming, and /calendar never lists periods due
// before tracking began.
func TestExtendedDeadlineStaysComing(t *testing.T) {
	e := reportsEnv(t)
	e.now = time.Date(2027, 2, 8, 9, 0, 0, 0, e.now.Location())
	only(t, e.text(officerA, private(officerA), "/calendar"), officerA.ID, "Sắp đến hạn:\n• Hạn cuối 04/02/2027 (được kéo dài đến hết 11/02/2027")
	// Its input 7.3 for January was due 28/01: late, not merely awaited.
	only(t, e.text(officerA, private(officerA), "/status"), officerA.ID, "Đầu vào kỳ 2027-01: 7.3 Ban Quản lý các khu công nghiệp tỉnh ⚠️ quá hạn")
	e = reportsEnv(t)
	e.h.Work.TrackFrom = coord.Date{Year: 2027, Month: time.March, Day: 1}
	e.now = time.Date(2027, 2, 1, 9, 0, 0, 0, e.now.Location())
	if m := only(t, e.text(officerA, private(officerA), "/calendar"), officerA.ID); strings.Contains(m.Text, "kỳ 2027-01") {
		t.Errorf("/calendar lists a period due before tracking began:\n%s", m.Text)
	}
}

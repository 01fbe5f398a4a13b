package scheduler_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/scheduler"
)

// enrol stores an officer of agency reading lang.
func (w *world) enrol(id int64, agency string, lang coord.Lang) {
	w.t.Helper()
	err := w.store.Update(context.Background(), func(tx coord.Tx) error {
		return tx.PutUser(context.Background(), coord.User{TelegramID: id, Agency: agency, Role: coord.RoleOfficer, Lang: lang,
			Name: "Cán bộ", CreatedAt: w.clock(), UpdatedAt: w.clock()})
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

func textTo(msgs []coord.OutMessage, chat int64) string {
	var b strings.Builder
	for _, m := range msgs {
		if m.ChatID == chat {
			b.WriteString(m.Text + "\n")
		}
	}
	return b.String()
}

// TestReminderWords: a reminder names the deadline as every view does, an
// officer reached privately reads it in his own language, and a "nếu có"
// report (13.3) is reminded before its deadline, saying a nil report is
// optional, but never nudged after it.
func TestReminderWords(t *testing.T) {
	w := newWorld(t, "congthuong")
	const mai, john = 701, 702
	w.enrol(mai, "congthuong", coord.LangVI)
	w.enrol(john, "congthuong", coord.LangEN)
	s := w.scheduler()

	// 6.4 for 2027-01: L−7, L−3 and L−1 all move back to Wed 03/02.
	got := textTo(w.tick(s, w.at(2027, 2, 3, 8, 0)), w.group["ldtbxh"])
	for _, want := range []string{"🔔 Nhắc hạn nộp báo cáo", "Báo cáo 6.4", "Kỳ: 2027-01 (tháng 01/2027)",
		"Hạn cuối 04/02/2027 (được kéo dài đến hết 11/02/2027 vì trùng ngày nghỉ)"} {
		if !strings.Contains(got, want) {
			t.Errorf("6.4 reminder lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "theo Quy chế") {
		t.Errorf("a reminder quotes the regulation for a day:\n%s", got)
	}

	// 13.3 for 2027-02: D = Fri 05/03, L = Thu 04/03, L−7 = Thu 25/02.
	msgs := w.tick(s, w.at(2027, 2, 25, 8, 0))
	vi, en := textTo(msgs, mai), textTo(msgs, john)
	for _, want := range []string{"🔔 Nhắc hạn nộp báo cáo", "Báo cáo 13.3", "Hạn cuối 04/03/2027", "Còn 7 ngày.",
		"chỉ gửi khi có thông tin", "không bắt buộc gửi", "/nil 13.3 2027-02"} {
		if !strings.Contains(vi, want) {
			t.Errorf("Vietnamese 13.3 reminder lacks %q:\n%s", want, vi)
		}
	}
	for _, want := range []string{"🔔 Report deadline reminder", "Report 13.3", "Period: 2027-02 (month 02/2027)",
		"Last day 04/03/2027", "7 day(s) left.", "sent only when there is something to report", "/nil 13.3 2027-02"} {
		if !strings.Contains(en, want) {
			t.Errorf("English 13.3 reminder lacks %q:\n%s", want, en)
		}
	}
	if strings.Contains(en, "Báo cáo") || strings.Contains(en, "Hạn") {
		t.Errorf("the English reader got Vietnamese:\n%s", en)
	}
	// L+4 = Mon 08/03: 6.4 is nudged, 13.3 is not.
	msgs = w.tick(s, w.at(2027, 3, 8, 8, 0))
	if got := textTo(msgs, w.group["ldtbxh"]); !strings.Contains(got, "⚠️ Báo cáo quá hạn chưa nộp") {
		t.Errorf("6.4 2027-02 not nudged on 08/03:\n%s", got)
	}
	if got := textTo(msgs, mai) + textTo(msgs, john); got != "" {
		t.Errorf("13.3 nudged after its deadline:\n%s", got)
	}
}

// TestRequestReminderInOwnLanguage: the scheduler's reminder of an overdue
// request reaches a privately reached officer in his language.
func TestRequestReminderInOwnLanguage(t *testing.T) {
	w := newWorld(t, "congthuong")
	const john = 702
	w.enrol(john, "congthuong", coord.LangEN)
	s := w.scheduler()
	err := w.store.Update(context.Background(), func(tx coord.Tx) error {
		return tx.CreateRequest(context.Background(), &coord.Request{Type: coord.RequestType("info"), From: "ldtbxh", To: "congthuong",
			Subject: "Danh sách văn phòng đại diện", Due: coord.Date{Year: 2027, Month: time.March, Day: 1},
			State: coord.ReqOpen, CreatedBy: 1, CreatedAt: w.at(2027, 2, 22, 9, 0), UpdatedAt: w.at(2027, 2, 22, 9, 0)})
	})
	if err != nil {
		t.Fatal(err)
	}
	got := textTo(w.tick(s, w.at(2027, 3, 2, 8, 0)), john)
	if !strings.Contains(got, "Coordination request #1 is overdue (due 01/03/2027, 1 working day(s) late)") || !strings.Contains(got, "/decline 1 <reason>") {
		t.Errorf("English request reminder:\n%s", got)
	}
}

// TestRolloutOwesNothingEarlier: a bot rolled out on 1 March 2027 nudges
// nobody about periods due before, and its weekly digest lists none of them
// as overdue.
func TestRolloutOwesNothingEarlier(t *testing.T) {
	w := newWorld(t)
	rollout := coord.Date{Year: 2027, Month: time.March, Day: 1}
	s := w.scheduler(func(o *scheduler.Options) { o.TrackFrom = rollout })
	for _, d := range []int{2, 5, 8} {
		for _, m := range w.tick(s, w.at(2027, 3, d, 8, 0)) {
			if strings.Contains(m.Text, "2027-01") && isReminder(m) {
				t.Errorf("%02d/03: reminded of a period due before the rollout:\n%s", d, m.Text)
			}
			if strings.HasPrefix(m.Text, "📊") && strings.Contains(m.Text, "kỳ 2027-01 — trễ") {
				t.Errorf("%02d/03: the weekly digest lists a period due before the rollout as overdue:\n%s", d, m.Text)
			}
		}
	}
}

// TestWeeklyDigestWords: the weekly digest names deadlines as every view
// does (Monday 01/02/2027: 6.4 for January is due within 14 days).
func TestWeeklyDigestWords(t *testing.T) {
	w := newWorld(t)
	s := w.scheduler()
	got := textTo(w.tick(s, w.at(2027, 2, 1, 8, 0)), coordChat)
	want := "6.4 kỳ 2027-01 — hạn cuối 04/02/2027 (được kéo dài đến hết 11/02/2027 vì trùng ngày nghỉ)"
	if !strings.Contains(got, want) {
		t.Errorf("weekly digest lacks %q:\n%s", want, got)
	}
	// Monday 08/02: past its regulation day (05/02), 6.4 for January is
	// still open until the end of 11/02 (Tết): still coming.
	if got := textTo(w.tick(s, w.at(2027, 2, 8, 8, 0)), coordChat); !strings.Contains(got, want) {
		t.Errorf("the weekly digest of 08/02 drops the extended deadline:\n%s", got)
	}
}

// TestScorecardScoresEveryDeadlineOnce: a deadline is scored in the month of
// its last on-time day. 7.3 for 2027-02 is due Sun 28/02 and extended to
// Mon 01/03: not in February's scorecard (sent 01/03, while it is still
// open), but in March's, with 7.3 for 2027-03 (due Sun 28/03, last day Mon
// 29/03).
func TestScorecardScoresEveryDeadlineOnce(t *testing.T) {
	w := newWorld(t)
	s := w.scheduler()
	scorecard := func(y int, m time.Month) string {
		for _, msg := range w.tick(s, w.at(y, m, 1, 8, 0)) {
			if msg.ChatID == coordChat && strings.HasPrefix(msg.Text, "📈") {
				return msg.Text
			}
		}
		t.Fatalf("no scorecard on 01/%02d", m)
		return ""
	}
	if feb := scorecard(2027, time.March); strings.Contains(feb, "7.3 kỳ 2027-02") {
		t.Errorf("February's scorecard scores 7.3 for 2027-02 while it is still open:\n%s", feb)
	}
	mar := scorecard(2027, time.April)
	if !strings.Contains(mar, "Ban Quản lý các khu công nghiệp tỉnh: đúng hạn 0, trễ hạn 0, chưa nộp 2 (7.3 kỳ 2027-02, 7.3 kỳ 2027-03)") {
		t.Errorf("March's scorecard:\n%s", mar)
	}
}

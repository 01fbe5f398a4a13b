package scheduler_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/testkit"
	"github.com/bacgiang/fwbot/scheduler"
)

// list puts one accepted list of agency in the register.
func (w *world) list(obligation, agency, period string, facts ...coord.Fact) {
	w.t.Helper()
	ctx := context.Background()
	err := w.store.Update(ctx, func(tx coord.Tx) error {
		sub := coord.Submission{Obligation: obligation, Agency: agency, Period: period, Kind: coord.WithFiles, SubmittedBy: 1, ChatID: 1,
			SubmittedAt: w.at(2027, time.March, 1, 9, 0), Files: []coord.SubmittedFile{{FileID: "F" + obligation, FileUniqueID: "U" + obligation, Name: "ds.xlsx", Size: 10}}}
		if err := tx.CreateSubmission(ctx, &sub); err != nil {
			return err
		}
		_, err := tx.ReplaceFacts(ctx, coord.FactSource{Submission: sub.ID, Obligation: obligation, Agency: agency, Period: period, Version: sub.Version},
			facts, sub.SubmittedAt)
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	w.sent()
}

// TestRegisterChecksDailyAndTheWeeklyList: at the reminders' hour the
// register is cross-checked and each finding alerted once, to the groups
// concerned; the next day nothing is alerted again; on Monday the police
// get their list of permits about to expire, once.
func TestRegisterChecksDailyAndTheWeeklyList(t *testing.T) {
	w := newWorld(t)
	day := func(y, m, d int) coord.Date { return coord.Date{Year: y, Month: time.Month(m), Day: d} }
	person := func(doc *coord.Document) coord.Fact {
		return coord.Fact{Person: &coord.PersonClaim{Passport: "P7654321", Nationality: "CHN", Name: "Wang Wei"}, Doc: doc, Source: coord.FactSource{Row: 6}}
	}
	// The Board's list (7.3): Wang's permit ends 20/04/2027; the police's
	// (8.8): his LĐ2 visa runs to 30/06/2027.
	w.list("7.3", "bqlkcn", "2027-02", person(&coord.Document{Kind: coord.DocWorkPermit, Number: "GP-77", ValidFrom: day(2025, 4, 21), ValidTo: day(2027, 4, 20)}))
	w.list("8.8", "congan", "2026-Q4", person(&coord.Document{Kind: coord.DocVisa, Number: "TT-1", Purpose: "LĐ2", ValidFrom: day(2027, 1, 1), ValidTo: day(2027, 6, 30)}))
	s := w.scheduler()
	if got := w.tick(s, w.at(2027, time.March, 14, 7, 59)); len(got) != 0 { // a Sunday, before the hour
		t.Fatalf("before 08:00: %+v", got)
	}
	alerts := func(msgs []coord.OutMessage) map[int64]int {
		n := map[int64]int{}
		for _, m := range msgs {
			if strings.HasPrefix(m.Text, "⚠️ Cảnh báo đối chiếu") {
				n[m.ChatID]++
			}
		}
		return n
	}
	got := w.tick(s, w.at(2027, time.March, 14, 8, 0))
	a := alerts(got)
	if a[w.group["congan"]] != 1 || a[w.group["ldtbxh"]] != 1 || len(a) != 2 {
		t.Fatalf("alerts by chat %v, want one to the police and one to ldtbxh", a)
	}
	for _, m := range got {
		if strings.Contains(m.Text, "sắp hết hạn") {
			t.Errorf("a weekly list on a Sunday: %s", m.Text)
		}
	}
	// Another scheduler, the same day, and the next day: nothing again.
	if again := alerts(w.tick(w.scheduler(), w.at(2027, time.March, 14, 9, 0))); len(again) != 0 {
		t.Errorf("the same day again: %v", again)
	}
	monday := w.tick(s, w.at(2027, time.March, 15, 8, 0))
	if again := alerts(monday); len(again) != 0 {
		t.Errorf("Monday raised the same alerts again: %v", again)
	}
	var lists []coord.OutMessage
	for _, m := range monday {
		if strings.HasPrefix(m.Text, "📋 Giấy phép lao động sắp hết hạn") {
			lists = append(lists, m)
		}
	}
	if len(lists) != 1 || lists[0].ChatID != w.group["bqlkcn"] || !strings.Contains(lists[0].Text, "Wang Wei, hộ chiếu P7654321 (CHN) — GPLĐ số GP-77, hết hạn 20/04/2027") {
		t.Fatalf("weekly lists %+v, want the Board's (it issued the permit)", lists)
	}
	for _, m := range w.tick(w.scheduler(), w.at(2027, time.March, 15, 10, 0)) {
		if strings.HasPrefix(m.Text, "📋") || strings.HasPrefix(m.Text, "⚠️ Cảnh báo") {
			t.Errorf("sent twice: %s", m.Text)
		}
	}
}

// TestRegisterFiguresInInputsDigests: the inputs digests of the
// coordinator's own reports give the register's figures of their period;
// another agency's consolidated report's does not.
func TestRegisterFiguresInInputsDigests(t *testing.T) {
	w := newWorld(t)
	day := func(y, m, d int) coord.Date { return coord.Date{Year: y, Month: time.Month(m), Day: d} }
	worker := func(passport, nat string, to coord.Date) coord.Fact {
		return coord.Fact{Person: &coord.PersonClaim{Passport: passport, Nationality: nat, Name: "NLĐ " + passport},
			Doc: &coord.Document{Kind: coord.DocWorkPermit, Number: "GP-" + passport, ValidFrom: day(2026, 1, 1), ValidTo: to},
			Org: &coord.Organisation{Kind: coord.OrgFDI, Name: "Công ty A", Zone: "Quang Châu"}, Source: coord.FactSource{Row: 5}}
	}
	w.list("7.3", "bqlkcn", "2027-05", worker("K1", "KOR", day(2028, 1, 1)), worker("K2", "KOR", day(2027, 5, 10)), worker("C1", "CHN", day(2026, 12, 31)))
	s := w.scheduler()
	err := w.store.Update(context.Background(), func(tx coord.Tx) error {
		_, err := s.Digest(context.Background(), tx, coord.DigestInputs, w.at(2027, time.July, 20, 10, 0))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, m := range w.sent() {
		if !strings.HasPrefix(m.Text, "📥") {
			continue
		}
		has := strings.Contains(m.Text, "📊 Số liệu sổ theo dõi người nước ngoài")
		if strings.Contains(m.Text, "báo cáo 6.6 kỳ 2027-H1") {
			found++
			for _, want := range []string{"(01/01/2027 – 30/06/2027)", "có giấy phép hoặc xác nhận miễn còn hiệu lực trong kỳ: 2 (giấy phép lao động: 2",
				"Đến ngày 30/06/2027: còn hiệu lực 1, hết hạn trong kỳ 1", "Theo quốc tịch: KOR 2", "Theo khu công nghiệp: Quang Châu 2"} {
				if !strings.Contains(m.Text, want) {
					t.Errorf("the 6.6 inputs digest lacks %q:\n%s", want, m.Text)
				}
			}
		} else if has && !strings.Contains(m.Text, "báo cáo 6.4") {
			t.Errorf("another agency's inputs digest has the figures:\n%s", m.Text)
		}
	}
	if found != 1 {
		t.Errorf("6.6 inputs digests: %d, want 1", found)
	}
}

// TestRegisterRetention: the daily prune deletes the register's rows 60
// months (register.keep_months) after their paper's validity ended, and
// rows without a validity 60 months after their import, writing the count
// to the audit log; the rest stay.
func TestRegisterRetention(t *testing.T) {
	w := newWorld(t)
	day := func(y, m, d int) coord.Date { return coord.Date{Year: y, Month: time.Month(m), Day: d} }
	permit := func(passport string, to coord.Date) coord.Fact {
		return coord.Fact{Person: &coord.PersonClaim{Passport: passport, Nationality: "CHN", Name: "Wang Wei"},
			Doc: &coord.Document{Kind: coord.DocWorkPermit, Number: "GP-" + passport, ValidFrom: to.AddDays(-700), ValidTo: to}}
	}
	w.list("7.3", "bqlkcn", "2027-02", permit("P0000001", day(2022, 3, 9)), permit("P0000002", day(2022, 3, 10)),
		coord.Fact{Person: &coord.PersonClaim{Passport: "P0000003", Nationality: "CHN"}, Doc: &coord.Document{Kind: coord.DocWorkPermit}})
	s := w.scheduler(func(o *scheduler.Options) { o.Work = testkit.Work(w.cfg) }) // keep_months: 60, as config ships
	w.tick(s, w.at(2027, time.March, 10, 8, 0))
	left := func() []string {
		var out []string
		err := w.store.View(context.Background(), func(tx coord.Tx) error {
			return tx.EachFact(context.Background(), nil, func(f coord.Fact) error {
				out = append(out, f.Person.Passport)
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := strings.Join(left(), ","); got != "P0000002,P0000003" {
		t.Fatalf("rows left %s; want the permit that ended on 10/03/2022 and the row imported this month", got)
	}
	entries := auditOf(t, w.store, "register.retention")
	if len(entries) != 1 || !strings.Contains(entries[0].After, `"deleted":1`) {
		t.Errorf("audit %+v", entries)
	}
}

// auditOf is the audit log's rows of action, newest first.
func auditOf(t *testing.T, db interface {
	AuditLog(context.Context, int) ([]coord.AuditEntry, error)
}, action string) []coord.AuditEntry {
	t.Helper()
	all, err := db.AuditLog(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []coord.AuditEntry
	for _, e := range all {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

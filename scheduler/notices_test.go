package scheduler_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/testkit"
	"github.com/bacgiang/fwbot/work"
)

// notice sends a notice from bqlkcn about an employer outside the zones,
// at t: it goes to ldtbxh and congan by default.
func (w *world) notice(t time.Time) coord.Notice {
	w.t.Helper()
	var n coord.Notice
	actor := work.Actor{ID: 77, Agency: "bqlkcn", Role: coord.RoleOfficer, Chat: w.group["bqlkcn"]}
	err := w.store.Update(context.Background(), func(tx coord.Tx) error {
		res, err := testkit.Work(w.cfg).CreateNotice(context.Background(), tx, actor, t, work.NewNotice{
			Kind: "work_without_permit", DecisionNo: "15/QĐ-XPHC", DecisionDate: coord.DateOf(t),
			Employer: coord.Employer{Name: "Công ty TNHH ABC", TaxCode: "2400123456"},
			People:   []coord.Person{{Name: "LI WEI", Passport: "E12345678", Nationality: "Trung Quốc"}},
			Sanction: coord.Sanction{FineVND: 15_000_000}})
		n = res.Notice
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	w.sent() // the deliveries
	return n
}

// TestNoticeRemindersAroundAHoliday: a notice sent on Thursday 15/04/2027,
// the day before Giỗ Tổ Hùng Vương (Friday 16/04), is due to be
// acknowledged in 2 working days: Monday 19/04 and Tuesday 20/04. The
// recipient that has not pressed «Đã nhận» by then is reminded on 20/04,
// once, however often the scheduler ticks or restarts; the one that
// acknowledged is not.
func TestNoticeRemindersAroundAHoliday(t *testing.T) {
	w := newWorld(t)
	n := w.notice(w.at(2027, time.April, 15, 10, 0))
	if len(n.Recipients) != 2 {
		t.Fatalf("recipients %+v, want ldtbxh and congan", n.Recipients)
	}
	reminded := map[string][]string{}
	for d := w.at(2027, time.April, 15, 8, 30); d.Before(w.at(2027, time.April, 28, 0, 0)); d = d.AddDate(0, 0, 1) {
		if d.Day() == 19 {
			r, _ := n.Recipient("congan")
			err := w.store.Update(context.Background(), func(tx coord.Tx) error { return tx.AckNotice(context.Background(), r.ID, 88, d) })
			if err != nil {
				t.Fatal(err)
			}
		}
		// Two schedulers, as after a restart, tick twice a day each.
		for _, at := range []time.Time{d, d.Add(3 * time.Hour)} {
			for _, s := range []interface {
				Tick(context.Context, time.Time) error
			}{w.scheduler(), w.scheduler()} {
				w.setNow(at)
				if err := s.Tick(context.Background(), at); err != nil {
					t.Fatal(err)
				}
				for _, m := range w.sent() {
					if strings.HasPrefix(m.Text, "⏰ Nhắc: cơ quan chưa xác nhận đã nhận thông báo #") {
						reminded[w.code[m.ChatID]] = append(reminded[w.code[m.ChatID]], d.Format("01-02"))
						if len(m.Buttons) == 0 {
							t.Errorf("reminder without the «Đã nhận» button: %+v", m)
						}
					}
				}
			}
		}
	}
	if got := strings.Join(reminded["ldtbxh"], " "); got != "04-20" {
		t.Errorf("ldtbxh reminded on %q, want once on 04-20", got)
	}
	if len(reminded) != 1 {
		t.Errorf("reminded %v, want only ldtbxh (congan acknowledged on 19/04)", reminded)
	}
}

// TestNoticeReminderCaughtUp: a scheduler that did not run on the
// reminder day reminds on the next working day it runs.
func TestNoticeReminderCaughtUp(t *testing.T) {
	w := newWorld(t)
	w.notice(w.at(2027, time.April, 15, 10, 0))
	var days []string
	for _, d := range []time.Time{w.at(2027, time.April, 19, 9, 0), w.at(2027, time.April, 22, 9, 0), w.at(2027, time.April, 23, 9, 0)} {
		for _, m := range w.tick(w.scheduler(), d) {
			if strings.HasPrefix(m.Text, "⏰ Nhắc: cơ quan chưa xác nhận") {
				days = append(days, d.Format("01-02")+" "+w.code[m.ChatID])
			}
		}
	}
	if got := strings.Join(days, ", "); got != "04-22 ldtbxh, 04-22 congan" && got != "04-22 congan, 04-22 ldtbxh" {
		t.Errorf("reminders %q, want both recipients on 22/04 only", got)
	}
}

package scheduler_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/testkit"
	"github.com/bacgiang/fwbot/scheduler"
	"github.com/bacgiang/fwbot/work"
)

// TestPlanInspectionsAroundAHoliday compares the reminder days of a target
// planned on Tuesday 20/04/2027, after Giỗ Tổ Hùng Vương (Friday 16/04),
// with an independent count of working days: weekdays minus the holidays
// listed here by hand.
func TestPlanInspectionsAroundAHoliday(t *testing.T) {
	cfg := testkit.Config(t)
	cal := cfg.Calendar
	holidays := map[string]bool{"2027-04-16": true, "2027-04-30": true, "2027-05-03": true}
	working := func(d time.Time) bool {
		wd := d.Weekday()
		return wd != time.Saturday && wd != time.Sunday && !holidays[d.Format("2006-01-02")]
	}
	// between counts the working days in (from, to].
	between := func(from, to time.Time) int {
		n := 0
		for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
			if working(d) {
				n++
			}
		}
		return n
	}
	planned := time.Date(2027, 4, 20, 0, 0, 0, 0, time.UTC)
	postponed := time.Date(2027, 4, 28, 0, 0, 0, 0, time.UTC)
	plans := []coord.Inspection{{ID: 7, State: coord.InspIssued, Targets: []coord.InspectionTarget{
		{Employer: "A", Planned: coord.DateOf(planned), State: coord.TargetPlanned},
		{Employer: "B", Planned: coord.DateOf(postponed), State: coord.TargetPlanned},
		{Employer: "C", Planned: coord.DateOf(planned), State: coord.TargetDone},
	}}}
	opt := scheduler.InspectionOptions{RemindBefore: []int{3, 1}, ResultDays: 5}
	var got, want []string
	for d := time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC); d.Before(time.Date(2027, 5, 20, 0, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, 1) {
		for _, r := range scheduler.PlanInspections(cal, opt, plans, coord.DateOf(d)) {
			got = append(got, fmt.Sprintf("%s %d %s %d", d.Format("01-02"), r.Target, r.Kind, r.N))
		}
		if !working(d) {
			continue
		}
		for i, p := range []time.Time{planned, postponed} {
			switch {
			case d.Before(p):
				if n := between(d, p); n == 3 || n == 1 {
					want = append(want, fmt.Sprintf("%s %d %s %d", d.Format("01-02"), i+1, work.RemindBefore, n))
				}
			case d.After(p):
				if n := between(p, d); n >= 1 && n <= 5 {
					want = append(want, fmt.Sprintf("%s %d %s %d", d.Format("01-02"), i+1, work.RemindResult, n))
				}
			}
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("reminders\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The holiday moves the 3-day reminder from Thursday 15/04 to
	// Wednesday 14/04.
	if !strings.Contains(strings.Join(got, " "), "04-14 1 before 3") {
		t.Errorf("no 3-day reminder on 14/04: %v", got)
	}
}

// TestAnnualInspectionDuty: with plan_due 03-31, the coordinator is
// reminded 3 and 1 working days before, on the day, and on the first
// working days after it, until the year's annual plan exists.
func TestAnnualInspectionDuty(t *testing.T) {
	w := newWorld(t)
	s := w.scheduler(func(o *scheduler.Options) {
		o.Inspections = scheduler.InspectionOptions{RemindBefore: []int{3, 1}, ResultDays: 5,
			PlanDue: scheduler.AnnualDay{Month: time.March, Day: 31}, AnnualDue: scheduler.AnnualDay{Month: time.December, Day: 31}}
	})
	var days []string
	for d := w.at(2027, time.March, 20, 8, 30); d.Before(w.at(2027, time.April, 12, 0, 0)); d = d.AddDate(0, 0, 1) {
		if d.Month() == time.April && d.Day() == 5 {
			err := w.store.Update(context.Background(), func(tx coord.Tx) error {
				return tx.CreateInspection(context.Background(), &coord.Inspection{Year: 2027, Kind: coord.InspAnnual, Title: "KT 2027",
					Lead: "ldtbxh", State: coord.InspIssued, CreatedAt: d})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range w.tick(s, d) {
			if strings.Contains(m.Text, "lập kế hoạch kiểm tra liên ngành năm 2027") {
				if m.ChatID != w.group["ldtbxh"] {
					t.Errorf("duty reminder to %d, want the coordinator's group", m.ChatID)
				}
				days = append(days, d.Format("01-02"))
			}
		}
	}
	if got := strings.Join(days, " "); got != "03-26 03-30 03-31 04-01 04-02" {
		t.Errorf("duty reminders on %s", got)
	}
}

// TestAnnualDutyOnAWeekend: a duty whose last day is a Saturday (plan_due
// 03-27, 2027) is still met on the Monday when the calendar extends time
// limits (spec §2), and the reminders say so; with the extension off, the
// Saturday is the last day and Monday is already overdue (before this,
// the duty was always extended, whatever the calendar said).
func TestAnnualDutyOnAWeekend(t *testing.T) {
	for _, c := range []struct {
		extend bool
		want   string
	}{
		// 3 and 1 working days before Monday 29, on it, then 2 days late.
		{true, "03-24:29/03/2027 03-26:29/03/2027 03-29:29/03/2027 03-30:29/03/2027 03-31:29/03/2027"},
		// Tuesday 23 has Wednesday to Friday left, Thursday 25 Friday; no
		// "last day" on a Saturday; Monday and Tuesday are 1 and 2 late.
		{false, "03-23:27/03/2027 03-25:27/03/2027 03-29:27/03/2027 03-30:27/03/2027"},
	} {
		w := newWorld(t)
		cal := *w.cfg.Calendar
		cal.ExtendPastNonWorkingDays = c.extend
		s := w.scheduler(func(o *scheduler.Options) {
			o.Calendar = &cal
			o.Inspections = scheduler.InspectionOptions{RemindBefore: []int{3, 1}, ResultDays: 2,
				PlanDue: scheduler.AnnualDay{Month: time.March, Day: 27}}
		})
		var days []string
		for d := w.at(2027, time.March, 20, 8, 30); d.Before(w.at(2027, time.April, 5, 0, 0)); d = d.AddDate(0, 0, 1) {
			for _, m := range w.tick(s, d) {
				if strings.Contains(m.Text, "lập kế hoạch kiểm tra liên ngành năm 2027") {
					due := "?"
					for _, v := range []string{"27/03/2027", "29/03/2027"} {
						if strings.Contains(m.Text, v) {
							due = v
						}
					}
					days = append(days, d.Format("01-02")+":"+due)
				}
			}
		}
		if got := strings.Join(days, " "); got != c.want {
			t.Errorf("extension %v: reminders %s, want %s", c.extend, got, c.want)
		}
	}
}

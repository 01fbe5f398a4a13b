package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/work"
)

// InspectionOptions time the inspection reminders (config inspections:).
// The zero value sends none.
type InspectionOptions struct {
	// RemindBefore: working days before a target's planned day when the
	// lead and the members are reminded (3 and 1).
	RemindBefore []int
	// ResultDays: after the planned day with no result, the lead is
	// reminded each working day for this many working days (5).
	ResultDays int
	// AnnualDue is the day of the year by which the annual inspection
	// (Điều 6.5) is concluded; PlanDue the day by which its plan exists.
	// Zero: no such duty.
	AnnualDue, PlanDue AnnualDay
}

// AnnualDay is a month and day, the same each year.
type AnnualDay struct {
	Month time.Month
	Day   int
}

// In is the day in year.
func (a AnnualDay) In(year int) coord.Date { return coord.Date{Year: year, Month: a.Month, Day: a.Day} }

// IsZero reports whether no day is set.
func (a AnnualDay) IsZero() bool { return a.Month == 0 }

// InspectionReminder is one reminder about a target that is due on a day.
type InspectionReminder struct {
	Plan    int64
	Target  int
	Planned coord.Date
	Kind    string // work.RemindBefore or work.RemindResult
	N       int    // working days before, or after
}

// Key is the once key of the reminder: one per target, planned day, kind
// and count, so a postponed target is reminded again for its new day.
func (r InspectionReminder) Key() string {
	return fmt.Sprintf("insprem:%d:%d:%s:%s:%d", r.Plan, r.Target, r.Planned, r.Kind, r.N)
}

// PlanInspections lists the target reminders due on day, a pure function
// of the plans, the calendar and the options: on working days only, n
// working days before each planned day for n in RemindBefore, and on each
// of the first ResultDays working days after it while no result is in.
func PlanInspections(cal *coord.WorkCalendar, opt InspectionOptions, plans []coord.Inspection, day coord.Date) []InspectionReminder {
	if !cal.IsWorkingDay(day) {
		return nil
	}
	var out []InspectionReminder
	for _, p := range plans {
		if p.State == coord.InspConcluded || p.State == coord.InspDraft {
			continue
		}
		for i, t := range p.Targets {
			if t.State == coord.TargetDone {
				continue
			}
			r := InspectionReminder{Plan: p.ID, Target: i + 1, Planned: t.Planned}
			switch {
			case day.Before(t.Planned):
				n := cal.WorkingDaysBetween(day, t.Planned)
				for _, b := range opt.RemindBefore {
					if b == n {
						r.Kind, r.N = work.RemindBefore, n
						out = append(out, r)
					}
				}
			case t.Planned.Before(day):
				if n := cal.WorkingDaysBetween(t.Planned, day); n >= 1 && n <= opt.ResultDays {
					r.Kind, r.N = work.RemindResult, n
					out = append(out, r)
				}
			}
		}
	}
	return out
}

// inspectionReminders sends today's target reminders and the annual duty's.
func (s *Scheduler) inspectionReminders(ctx context.Context, day coord.Date, now time.Time) error {
	opt := s.opt.Inspections
	var plans []coord.Inspection
	err := s.opt.Store.View(ctx, func(tx coord.Tx) error {
		for _, y := range []int{day.Year - 1, day.Year} {
			ps, err := tx.Inspections(ctx, y)
			if err != nil {
				return err
			}
			plans = append(plans, ps...)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("list inspections: %w", err)
	}
	var errs []error
	for _, r := range PlanInspections(s.opt.Calendar, opt, plans, day) {
		errs = append(errs, s.once(ctx, r.Key(), now, func(tx coord.Tx) error {
			res, err := s.work.RemindTarget(ctx, tx, now, r.Plan, r.Target, r.Planned, r.Kind, r.N)
			if err != nil || !res.Sent {
				return err
			}
			return coord.EnqueueAll(ctx, tx, res.Messages, now)
		}))
	}
	for _, y := range []int{day.Year - 1, day.Year} {
		for _, duty := range []struct {
			what string
			due  AnnualDay
		}{{work.AnnualPlan, opt.PlanDue}, {work.AnnualConclude, opt.AnnualDue}} {
			if duty.due.IsZero() {
				continue
			}
			kind, n, ok := s.dutyDay(duty.due.In(y), day)
			if !ok {
				continue
			}
			key := fmt.Sprintf("inspduty:%d:%s:%s:%d", y, duty.what, kind, n)
			errs = append(errs, s.once(ctx, key, now, func(tx coord.Tx) error {
				res, err := s.work.RemindAnnual(ctx, tx, y, s.opt.Calendar.LastOnTimeDay(duty.due.In(y)), duty.what, kind, n)
				switch {
				case err != nil:
					return err
				case !res.Sent:
					return nil // the duty is met
				}
				return coord.EnqueueAll(ctx, tx, res.Messages, now)
			}))
		}
	}
	return errors.Join(errs...)
}

// dutyDay says whether day is a reminder day of a duty whose last day is
// due (moved past non-working days as a report's deadline is, when the
// calendar extends time limits): n working days
// before it (RemindBefore), on it, or on each of the ResultDays working
// days after it.
func (s *Scheduler) dutyDay(due, day coord.Date) (kind string, n int, ok bool) {
	cal, opt := s.opt.Calendar, s.opt.Inspections
	if !cal.IsWorkingDay(day) {
		return "", 0, false
	}
	due = cal.LastOnTimeDay(due)
	switch {
	case day == due:
		return work.DutyLastDay, 0, true
	case day.Before(due):
		n := cal.WorkingDaysBetween(day, due)
		for _, b := range opt.RemindBefore {
			if b == n {
				return work.DutyUpcoming, n, true
			}
		}
	default:
		if n := cal.WorkingDaysBetween(due, day); n >= 1 && n <= opt.ResultDays {
			return work.DutyOverdue, n, true
		}
	}
	return "", 0, false
}

package coord_test

import (
	"testing"

	"github.com/bacgiang/fwbot/coord"
)

// TestOwesOverARollout is the one rule of what an agency owes, played over a
// rollout on 1 July 2027 (calendar.tracking_start: 2027-07-01): periods due
// before it are never owed; 13.3 ("nếu có") is owed only until its
// effective due, after which it closed with nothing to report. Expected
// values are worked out by hand (weekdays from `date -d`):
//
//	6.4 2027-05: due Sat 05/06/2027 — before the rollout.
//	6.4 2027-06: due Mon 05/07; L = Sun 04/07 → Mon 05/07; effective due 06/07 00:00.
//	13.3 2027-06: the same days as 6.4 2027-06.
//	6.6 2027-H1: due Thu 15/07; L = Wed 14/07, a working day.
//	6.6 2026 (the year): due 15/01/2027 — before the rollout.
//	7.3 2027-07: due Wed 28/07, begun 01/07.
func TestOwesOverARollout(t *testing.T) {
	cfg := loadConfig(t)
	rollout := date(t, "2027-07-01")
	cases := []struct {
		ob, period string
		at         string
		owes, late bool
		empty      bool // NothingToReport
	}{
		{"6.4", "2027-05", "2027-07-01T08:00:00+07:00", false, false, false},
		{"6.4", "2027-05", "2027-12-01T08:00:00+07:00", false, false, false},
		{"6.4", "2027-06", "2027-07-01T08:00:00+07:00", true, false, false},
		{"6.4", "2027-06", "2027-07-05T23:59:59+07:00", true, false, false},
		{"6.4", "2027-06", "2027-07-06T00:00:00+07:00", true, true, false},
		{"6.4", "2027-06", "2027-09-30T08:00:00+07:00", true, true, false},
		{"13.3", "2027-05", "2027-07-01T08:00:00+07:00", false, false, false},
		{"13.3", "2027-06", "2027-07-05T08:00:00+07:00", true, false, false},
		{"13.3", "2027-06", "2027-07-06T00:00:00+07:00", false, false, true},
		{"13.3", "2027-06", "2027-08-20T08:00:00+07:00", false, false, true},
		{"6.6", "2027-H1", "2027-07-14T23:00:00+07:00", true, false, false},
		{"6.6", "2027-H1", "2027-07-15T00:00:00+07:00", true, true, false},
		{"6.6", "2026", "2027-07-01T08:00:00+07:00", false, false, false},
		{"7.3", "2027-07", "2027-07-01T08:00:00+07:00", true, false, false},
		{"7.3", "2027-07", "2027-07-28T00:00:00+07:00", true, true, false},
	}
	for _, c := range cases {
		o := obligation(t, cfg, c.ob)
		dl, ok := cfg.Calendar.DeadlineOf(o, period(t, c.period))
		if !ok {
			t.Fatalf("%s %s: no deadline", c.ob, c.period)
		}
		at := instant(t, c.at)
		if got := coord.Owes(o, dl, rollout, at); got != c.owes {
			t.Errorf("%s %s at %s: Owes = %v, want %v", c.ob, c.period, c.at, got, c.owes)
		}
		if got := coord.Overdue(o, dl, rollout, at); got != c.late {
			t.Errorf("%s %s at %s: Overdue = %v, want %v", c.ob, c.period, c.at, got, c.late)
		}
		if got := coord.NothingToReport(o, dl, rollout, at); got != c.empty {
			t.Errorf("%s %s at %s: NothingToReport = %v, want %v", c.ob, c.period, c.at, got, c.empty)
		}
	}
	// Without a tracking start everything the calendar has is tracked.
	o := obligation(t, cfg, "6.4")
	dl, _ := cfg.Calendar.DeadlineOf(o, period(t, "2027-05"))
	if !coord.Owes(o, dl, coord.Date{}, instant(t, "2027-07-01T08:00:00+07:00")) {
		t.Error("a zero tracking start must track every period")
	}
}

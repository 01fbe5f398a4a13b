package scheduler

import (
	"fmt"

	"github.com/bacgiang/fwbot/coord"
)

// Kind of a reminder (coord.ReminderKind): it decides the wording an
// agency receives.
type Kind = coord.ReminderKind

// Reminder kinds of spec §5.
const (
	// Upcoming is a pre-due reminder before the last on-time day.
	Upcoming = coord.RemindUpcoming
	// LastDay is sent on L, the last on-time day itself.
	LastDay = coord.RemindLastDay
	// Overdue is sent after L while the period is still not submitted.
	Overdue = coord.RemindOverdue
)

// rank orders kinds for the one-reminder-a-day rule: when several reminders
// of the same (obligation, agency, period) land on one day, the highest rank
// is kept. last_day beats upcoming because it carries the more urgent
// message ("today is the last day"); any pre-due kind beats overdue because
// a day that is still before the deadline cannot honestly be called overdue.
// (With the extension on, pre-due days are ≤ L and overdue days ≥ L+1, so the
// second rule only matters for unusual configurations; it is stated so the
// outcome never depends on map or loop order.)
func rank(k Kind) int {
	switch k {
	case LastDay:
		return 3
	case Upcoming:
		return 2
	case Overdue:
		return 1
	}
	return 0
}

// Policy holds the reminder offsets of config.yaml (reminders.*). It is
// copied out of config.Config by the caller so that this package needs only
// coord and can be tested with any offsets.
type Policy struct {
	// BeforeDays are pre-due offsets before L: [7 3 1 0] by default. 0 is L
	// itself (kind last_day). Order does not matter here.
	BeforeDays []int
	// OverdueEveryDays and OverdueForDays place overdue reminders on L+1,
	// L+1+every, … as long as the offset from L is ≤ OverdueForDays.
	OverdueEveryDays, OverdueForDays int
}

// maxBefore is the largest pre-due offset (0 without any).
func (p Policy) maxBefore() int {
	m := 0
	for _, k := range p.BeforeDays {
		m = max(m, k)
	}
	return m
}

// Reminder is one reminder due on Day for one agency's period of an
// obligation.
type Reminder struct {
	Day        coord.Date
	Kind       Kind
	Obligation string
	Agency     string
	Deadline   coord.Deadline
}

// Key identifies the reminder for the send-once log: the kind is left out on
// purpose, since the plan already guarantees at most one reminder per
// (obligation, agency, period) a day, and a config change that turns an
// upcoming into a last_day must not send the same day twice.
func (r Reminder) Key() string {
	return fmt.Sprintf("rem:%s:%s:%s:%s", r.Obligation, r.Agency, r.Deadline.Period, r.Day)
}

// Days lists the reminder days of one deadline, after moving days off
// non-working days and collapsing those that land on the same day (see
// rank). The result depends only on the deadline, the calendar and the
// policy, never on submissions: Plan filters those.
//
// Pre-due reminders move to the previous working day so that the warning
// still comes before L; overdue ones move to the next working day because
// nobody reads a nudge on a holiday and there is nothing earlier to move to.
// An overdue reminder whose offset is within OverdueForDays is kept even if
// the move lands it a few days later (L+28 on a Friday holiday becomes L+31):
// the limit selects scheduled offsets, it does not cut moved ones.
func Days(dl coord.Deadline, cal *coord.WorkCalendar, pol Policy) map[coord.Date]Kind {
	last := dl.LastDay()
	out := make(map[coord.Date]Kind, len(pol.BeforeDays)+pol.OverdueForDays/max(pol.OverdueEveryDays, 1)+1)
	put := func(d coord.Date, k Kind) {
		if old, ok := out[d]; !ok || rank(k) > rank(old) {
			out[d] = k
		}
	}
	for _, k := range pol.BeforeDays {
		if k < 0 {
			continue // config rejects it; a negative "before" would be overdue
		}
		kind := Upcoming
		if k == 0 {
			kind = LastDay
		}
		d := last.AddDays(-k)
		for !cal.IsWorkingDay(d) {
			d = d.AddDays(-1)
		}
		put(d, kind)
	}
	every := pol.OverdueEveryDays
	if every < 1 {
		// Config rejects it; without a spacing only the first one is sent
		// rather than looping forever or nagging daily.
		every = pol.OverdueForDays + 1
	}
	for off := 1; off <= pol.OverdueForDays; off += every {
		put(cal.NextWorkingDay(last.AddDays(off)), Overdue)
	}
	return out
}

// slack bounds how far a reminder can be moved off non-working days and how
// far an effective due can lie past its due (BLDS Điều 148.5). A real
// calendar never has more than about ten non-working days in a row (Tết);
// a month is kept so that a generous holiday list cannot silently drop a
// reminder, at the cost of a few more deadlines looked at.
const slack = 31

// Plan lists the reminders scheduled on day: a pure function of (catalogue,
// calendar, policy, tracking start, submissions, day), so that the
// scheduler, the `reminders` subcommand and tests agree on what is due
// without sharing state. submitted reports whether (obligation, agency,
// period label) has a submission; nil means none has.
//
// Only what is owed is reminded (coord.Owes, the one rule every view
// shares): nothing for a period due before trackFrom (a zero trackFrom
// bounds nothing), and, for a report sent only when there is something to
// report (only_if_any), its pre-due reminders but no overdue nudges.
//
// Event-driven obligations (12.3) have no deadline and are never reminded.
// Each responsible agency (o.From) gets its own reminder. The result is
// ordered by obligation order in the catalogue, then agency order in o.From,
// then due instant.
func Plan(cat *coord.Catalogue, cal *coord.WorkCalendar, pol Policy, trackFrom coord.Date, submitted func(obligation, agency, period string) bool, day coord.Date) []Reminder {
	if submitted == nil {
		submitted = func(string, string, string) bool { return false }
	}
	// A reminder on day belongs to a deadline whose L lies in
	// [day − OverdueForDays − slack, day + maxBefore + slack] (the slack for
	// moves off non-working days). L + 1 is the effective due, at most slack
	// days after the due date, and never before it: so the due dates to look
	// at lie in [lo + 1 − slack, hi + 1].
	lo := day.AddDays(-pol.OverdueForDays - slack)
	hi := day.AddDays(pol.maxBefore() + slack)
	from := lo.AddDays(1 - slack).At(cal.Location)
	to := hi.AddDays(2).At(cal.Location)
	// Owed is asked as the day begins: a reminder day is wholly before or
	// wholly after an effective due, which always falls at 00:00.
	at := day.At(cal.Location)

	var out []Reminder
	for _, o := range cat.Obligations {
		if o.EventDriven() {
			continue
		}
		type hit struct {
			dl   coord.Deadline
			kind Kind
		}
		var hits []hit
		for _, dl := range cal.DeadlinesBetween(o, from, to) {
			if !coord.Owes(o, dl, trackFrom, at) {
				continue
			}
			if kind, ok := Days(dl, cal, pol)[day]; ok {
				hits = append(hits, hit{dl, kind})
			}
		}
		for _, agency := range o.From {
			for _, h := range hits {
				if submitted(o.ID, agency, h.dl.Period.String()) {
					continue
				}
				out = append(out, Reminder{Day: day, Kind: h.kind, Obligation: o.ID, Agency: agency, Deadline: h.dl})
			}
		}
	}
	return out
}

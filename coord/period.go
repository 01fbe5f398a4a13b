package coord

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is one reporting period: a month, a quarter, the first half-year or
// a year. N is the month (1–12) or the quarter (1–4); 1 for H1; 0 for a year.
type Period struct {
	Cadence Cadence
	Year    int
	N       int
}

// IsZero reports whether p is the zero Period (event-driven obligations
// have no period).
func (p Period) IsZero() bool { return p == Period{} }

// String is the label officers type: 2027-01, 2027-Q1, 2027-H1, 2027.
func (p Period) String() string {
	switch p.Cadence {
	case Monthly:
		return fmt.Sprintf("%04d-%02d", p.Year, p.N)
	case Quarterly:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.N)
	case HalfYear1:
		return fmt.Sprintf("%04d-H1", p.Year)
	case Yearly:
		return fmt.Sprintf("%04d", p.Year)
	}
	return ""
}

var romanQuarter = [...]string{"", "I", "II", "III", "IV"}

// VN names the period the way Vietnamese reports do.
func (p Period) VN() string {
	switch p.Cadence {
	case Monthly:
		return fmt.Sprintf("tháng %02d/%04d", p.N, p.Year)
	case Quarterly:
		return fmt.Sprintf("quý %s/%04d", romanQuarter[p.N], p.Year)
	case HalfYear1:
		return fmt.Sprintf("6 tháng đầu năm %04d", p.Year)
	case Yearly:
		return fmt.Sprintf("năm %04d", p.Year)
	}
	return "báo cáo khi có thay đổi"
}

// ParsePeriod reads a period label. Quarter and half-year letters may be
// lowercase; "2027-1" is read as the month 2027-01.
func ParsePeriod(s string) (Period, error) {
	bad := fmt.Errorf("%q is not a period (2027-01, 2027-Q1, 2027-H1 or 2027)", s)
	s = strings.ToUpper(strings.TrimSpace(s))
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '-' || r == 'Q' || r == 'H') {
			return Period{}, bad
		}
	}
	year, rest, hasRest := strings.Cut(s, "-")
	y, err := strconv.Atoi(year)
	if err != nil || len(year) != 4 || y < 2000 || y > 2999 {
		return Period{}, bad
	}
	if !hasRest {
		return Period{Cadence: Yearly, Year: y}, nil
	}
	switch {
	case rest == "H1":
		return Period{Cadence: HalfYear1, Year: y, N: 1}, nil
	case strings.HasPrefix(rest, "Q"):
		q, err := strconv.Atoi(rest[1:])
		if err != nil || q < 1 || q > 4 || len(rest) != 2 {
			return Period{}, bad
		}
		return Period{Cadence: Quarterly, Year: y, N: q}, nil
	default:
		m, err := strconv.Atoi(rest)
		if err != nil || m < 1 || m > 12 || len(rest) > 2 {
			return Period{}, bad
		}
		return Period{Cadence: Monthly, Year: y, N: m}, nil
	}
}

// firstMonth and months give the period's span in months.
func (p Period) firstMonth() time.Month {
	switch p.Cadence {
	case Monthly:
		return time.Month(p.N)
	case Quarterly:
		return time.Month(3*(p.N-1) + 1)
	}
	return time.January
}

func (p Period) months() int {
	switch p.Cadence {
	case Monthly:
		return 1
	case Quarterly:
		return 3
	case HalfYear1:
		return 6
	}
	return 12
}

// Start is the first day of the period.
func (p Period) Start() Date { return Date{p.Year, p.firstMonth(), 1} }

// End is the last day of the period.
func (p Period) End() Date {
	first := time.Date(p.Year, p.firstMonth(), 1, 12, 0, 0, 0, time.UTC)
	return DateOf(first.AddDate(0, p.months(), -1))
}

// Next is the following period of the same cadence (H1 is followed by the
// next year's H1).
func (p Period) Next() Period {
	switch p.Cadence {
	case Monthly:
		if p.N == 12 {
			return Period{Monthly, p.Year + 1, 1}
		}
		return Period{Monthly, p.Year, p.N + 1}
	case Quarterly:
		if p.N == 4 {
			return Period{Quarterly, p.Year + 1, 1}
		}
		return Period{Quarterly, p.Year, p.N + 1}
	}
	return Period{p.Cadence, p.Year + 1, p.N}
}

// PeriodContaining is the period of cadence c that contains day d (for H1,
// the H1 of d's year, even in the second half).
func PeriodContaining(c Cadence, d Date) Period {
	switch c {
	case Monthly:
		return Period{Monthly, d.Year, int(d.Month)}
	case Quarterly:
		return Period{Quarterly, d.Year, (int(d.Month)-1)/3 + 1}
	case HalfYear1:
		return Period{HalfYear1, d.Year, 1}
	case Yearly:
		return Period{Yearly, d.Year, 0}
	}
	return Period{}
}

// DueDate is the day D of "trước ngày D" for period p: day r.Day of the month
// r.MonthsAfter months after the month in which p ends.
func (r DueRule) DueDate(p Period) Date {
	end := p.End()
	t := time.Date(end.Year, end.Month+time.Month(r.MonthsAfter), r.Day, 12, 0, 0, 0, time.UTC)
	return DateOf(t)
}

// Deadline is when one period of an obligation is due.
type Deadline struct {
	Obligation string
	Period     Period
	// Due is day D at 00:00 local: "trước ngày D" means before D begins.
	Due time.Time
	// EffectiveDue is Due pushed past non-working days (BLDS 2015 Điều 148.5);
	// on time means before it.
	EffectiveDue time.Time
}

// LastDay is L, the last on-time day of the effective due.
func (d Deadline) LastDay() Date { return DateOf(d.EffectiveDue).AddDays(-1) }

// Extended reports whether non-working days moved the deadline.
func (d Deadline) Extended() bool { return !d.Due.Equal(d.EffectiveDue) }

// LateDays is 0 when at is before the effective due, else how many days
// after the last on-time day at falls (local days).
func (d Deadline) LateDays(at time.Time) int {
	if at.Before(d.EffectiveDue) {
		return 0
	}
	loc := d.EffectiveDue.Location()
	last := d.LastDay().At(loc)
	day := DateOf(at.In(loc)).At(loc)
	return int(day.Sub(last).Hours()/24 + 0.5)
}

// ScheduleFor returns the obligation's schedule of cadence c.
func (o Obligation) ScheduleFor(c Cadence) (Schedule, bool) {
	for _, s := range o.Schedules {
		if s.Cadence == c {
			return s, true
		}
	}
	return Schedule{}, false
}

// DeadlineOf computes the deadline of period p of obligation o; ok is false
// when o has no such cadence (or is event-driven).
func (c *WorkCalendar) DeadlineOf(o Obligation, p Period) (Deadline, bool) {
	s, ok := o.ScheduleFor(p.Cadence)
	if !ok || s.Cadence == OnChange {
		return Deadline{}, false
	}
	d := s.Due.DueDate(p)
	due := d.At(c.Location)
	return Deadline{Obligation: o.ID, Period: p, Due: due, EffectiveDue: c.effectiveDue(d)}, true
}

// effectiveDue applies the extension: L = D − 1; while L is not a working
// day, L += 1; the effective due is L + 1 at 00:00.
func (c *WorkCalendar) effectiveDue(d Date) time.Time {
	return c.LastOnTimeDay(d.AddDays(-1)).AddDays(1).At(c.Location)
}

// LastOnTimeDay is the last day on which a duty whose last day is l is
// still met: l moved past non-working days when the calendar extends time
// limits (Bộ luật Dân sự 2015 Điều 148.5), else l itself.
func (c *WorkCalendar) LastOnTimeDay(l Date) Date {
	if !c.ExtendPastNonWorkingDays {
		return l
	}
	return c.NextWorkingDay(l)
}

// DeadlinesBetween lists the deadlines of o whose due instant lies in
// [from, to), ordered by due then cadence order in o.
func (c *WorkCalendar) DeadlinesBetween(o Obligation, from, to time.Time) []Deadline {
	var out []Deadline
	for _, s := range o.Schedules {
		if s.Cadence == OnChange {
			continue
		}
		// A due date falls at most 24 months after its period starts (a
		// year's period, due up to 12 months after it ends): start early.
		p := PeriodContaining(s.Cadence, c.Today(from).AddDays(-800))
		for {
			dl, _ := c.DeadlineOf(o, p)
			if !dl.Due.Before(to) {
				break
			}
			if !dl.Due.Before(from) {
				out = append(out, dl)
			}
			p = p.Next()
		}
	}
	sortDeadlines(out)
	return out
}

func sortDeadlines(ds []Deadline) {
	// Insertion sort: lists are short and mostly ordered already.
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j].Due.Before(ds[j-1].Due); j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}

// extensionSlack bounds how far an effective due can lie past its due: no
// real calendar has a month of non-working days in a row.
const extensionSlack = 40 * 24 * time.Hour

// Coming lists o's deadlines still open at now whose due instant is before
// until, oldest first: tracked (due on or after trackFrom, see Tracks) and
// with the effective due still ahead. A deadline whose regulation day has
// passed but whose extension past non-working days runs on is still
// coming; one that passed this morning is not.
func (c *WorkCalendar) Coming(o Obligation, trackFrom Date, now, until time.Time) []Deadline {
	var out []Deadline
	for _, dl := range c.DeadlinesBetween(o, now.Add(-extensionSlack), until) {
		if Tracks(dl, trackFrom) && now.Before(dl.EffectiveDue) {
			out = append(out, dl)
		}
	}
	return out
}

// ScoredIn lists the deadlines of o an on-time record of [from, to) scores
// (from and to local midnights): tracked, and with their last on-time day,
// extension included, in [from, to), oldest first. A deadline extended
// past the end of a month is scored in the month its extension ends, so
// consecutive ranges score each deadline once and none never. The monthly
// digest scores a month with it, the scorecard export each month of a year.
func (c *WorkCalendar) ScoredIn(o Obligation, trackFrom Date, from, to time.Time) TrackedPeriods {
	var out TrackedPeriods
	// The last on-time day is at least D − 1: a deadline scored before to
	// is due before to plus a day, and due at most extensionSlack before
	// its last day.
	for _, dl := range c.DeadlinesBetween(o, from.Add(-extensionSlack), to.Add(24*time.Hour)) {
		last := dl.LastDay().At(from.Location())
		if Tracks(dl, trackFrom) && !last.Before(from) && last.Before(to) {
			out = append(out, dl)
		}
	}
	return out
}

// PeriodsOfYear lists o's periods of year — those labelled with it,
// 2027-01 … 2027-12, 2027-Q1 … Q4, 2027-H1, 2027 — whose due date is on or
// after trackFrom (see Tracks), oldest deadline first, begun or not.
func (c *WorkCalendar) PeriodsOfYear(o Obligation, year int, trackFrom Date) TrackedPeriods {
	var out []Deadline
	for _, s := range o.Schedules {
		if s.Cadence == OnChange {
			continue
		}
		for p := PeriodContaining(s.Cadence, Date{Year: year, Month: time.January, Day: 1}); p.Year == year; p = p.Next() {
			if dl, ok := c.DeadlineOf(o, p); ok && Tracks(dl, trackFrom) {
				out = append(out, dl)
			}
		}
	}
	sortDeadlines(out)
	return out
}

// PeriodsBegun lists o's periods that have begun by day today and whose due
// date is on or after trackFrom, oldest deadline first. These are the
// periods an agency can owe.
func (c *WorkCalendar) PeriodsBegun(o Obligation, today, trackFrom Date) []Deadline {
	var out []Deadline
	for _, s := range o.Schedules {
		if s.Cadence == OnChange {
			continue
		}
		p := PeriodContaining(s.Cadence, trackFrom.AddDays(-800))
		for !today.Before(p.Start()) {
			if dl, _ := c.DeadlineOf(o, p); Tracks(dl, trackFrom) {
				out = append(out, dl)
			}
			p = p.Next()
		}
	}
	sortDeadlines(out)
	return out
}

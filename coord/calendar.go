package coord

import (
	"fmt"
	"time"
)

// Date is a calendar day without a time zone: deadlines, holidays and
// reminder days are days in the province's time zone, and keeping them as
// days avoids the off-by-one-hour bugs of midnight instants.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads a YYYY-MM-DD date and rejects impossible days (2027-02-30).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf is the day on which t falls in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// VN formats the date the way Vietnamese documents do: DD/MM/YYYY.
func (d Date) VN() string { return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year) }

// At is the instant the day begins in loc.
func (d Date) At(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays moves the date by n days (negative n goes back).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Weekday is the day of the week.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// Before reports whether d is strictly earlier than o.
func (d Date) Before(o Date) bool {
	if d.Year != o.Year {
		return d.Year < o.Year
	}
	if d.Month != o.Month {
		return d.Month < o.Month
	}
	return d.Day < o.Day
}

// Compare is -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Before(o):
		return -1
	case o.Before(d):
		return 1
	}
	return 0
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// WorkCalendar knows which days are working days in the province: Monday to
// Friday, minus public holidays, plus make-up working Saturdays. Holidays are
// configured per year by the operator because the Government announces them
// each year.
type WorkCalendar struct {
	Location         *time.Location
	Holidays         map[Date]string
	ExtraWorkingDays map[Date]string
	// Provisional marks the years whose holidays and make-up days are the
	// operator's estimate (Bộ luật Lao động 2019 Điều 112) because the
	// Government has not announced them yet: the announcement may move a
	// deadline that depends on them (see DependsOnProvisional).
	Provisional map[int]bool
	// ExtendPastNonWorkingDays applies Bộ luật Dân sự 2015 Điều 148.5: a time
	// limit whose last day is a non-working day ends with the next working day.
	ExtendPastNonWorkingDays bool
}

// IsWorkingDay reports whether officers work on d.
func (c *WorkCalendar) IsWorkingDay(d Date) bool {
	if _, ok := c.ExtraWorkingDays[d]; ok {
		return true
	}
	if _, ok := c.Holidays[d]; ok {
		return false
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// NextWorkingDay is d when officers work on d, else the first working day
// after it.
func (c *WorkCalendar) NextWorkingDay(d Date) Date {
	for !c.IsWorkingDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// AddWorkingDays is the n-th working day after d.
func (c *WorkCalendar) AddWorkingDays(d Date, n int) Date {
	for ; n > 0; n-- {
		d = c.NextWorkingDay(d.AddDays(1))
	}
	return d
}

// WorkingDaysBetween counts the working days in (from, to].
func (c *WorkCalendar) WorkingDaysBetween(from, to Date) int {
	n := 0
	for d := from.AddDays(1); !to.Before(d); d = d.AddDays(1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// HasHolidays reports whether any holiday is configured in year. A year
// without one has its working days guessed from weekends alone, which is
// never right in Vietnam (Tết always has weekdays), so callers warn.
func (c *WorkCalendar) HasHolidays(year int) bool {
	for d := range c.Holidays {
		if d.Year == year {
			return true
		}
	}
	return false
}

// DependsOnProvisional reports whether dl's effective due rests on a
// provisional holiday list, so that the announced list could still move it.
// The effective due is decided by the days from Due−1 through the last
// on-time day L: each was found to be a non-working day except L itself, a
// working day. Had any of them a different status, L would differ; so dl
// depends on a provisional list when any of those days lies in a
// provisional year, even when it is only Due−1, a working day (a holiday
// announced on it would extend the deadline). With the extension switched
// off the effective due is the regulation's day whatever the holidays, so
// nothing depends on them.
func (c *WorkCalendar) DependsOnProvisional(dl Deadline) bool {
	if !c.ExtendPastNonWorkingDays || len(c.Provisional) == 0 {
		return false
	}
	last := DateOf(dl.EffectiveDue.In(c.Location)).AddDays(-1)
	for d := DateOf(dl.Due.In(c.Location)).AddDays(-1); !last.Before(d); d = d.AddDays(1) {
		if c.Provisional[d.Year] {
			return true
		}
	}
	return false
}

// Today is the local day of t.
func (c *WorkCalendar) Today(t time.Time) Date { return DateOf(t.In(c.Location)) }

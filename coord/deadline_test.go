package coord_test

// Deadline and period tables for spec §2. Every expected value below was
// written out by hand from the regulation text (Quy chế 608/2015), the
// catalogue in config.yaml and a calendar (weekdays checked with `date -d`);
// none is computed by the code under test.
//
// Holidays of config.yaml used below (all Monday..Friday):
//
//	2026: Thu 01-01, Fri 01-02 (swapped with the make-up working Saturday 01-10); Mon 02-16 .. Fri 02-20 (Tết); Mon 04-27; Thu 04-30; Fri 05-01; Tue 09-01; Wed 09-02
//	2027: Fri 01-01; Thu 02-04, Fri 02-05, Mon 02-08 .. Wed 02-10 (Tết); Fri 04-16; Fri 04-30; Mon 05-03; Thu 09-02; Fri 09-03
//	2028 (provisional): Mon 01-03; Mon 01-24 .. Fri 01-28 (Tết); Tue 04-04; Mon 05-01, Tue 05-02; Fri 09-01, Mon 09-04
//	2029: none configured, so only weekends move a deadline.

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/config"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/testkit"
)

// loadConfig reads the repository's config.yaml with no environment.
func loadConfig(t *testing.T) *config.Config { return testkit.Config(t) }

// obligation looks id up in the catalogue or fails the test.
func obligation(t *testing.T, cfg *config.Config, id string) coord.Obligation {
	t.Helper()
	o, ok := cfg.Catalogue.Obligation(id)
	if !ok {
		t.Fatalf("obligation %q is not in config.yaml", id)
	}
	return o
}

// period parses a label that the test knows to be valid.
func period(t *testing.T, s string) coord.Period {
	t.Helper()
	p, err := coord.ParsePeriod(s)
	if err != nil {
		t.Fatalf("ParsePeriod(%q): %v", s, err)
	}
	return p
}

// date parses a YYYY-MM-DD day that the test knows to be valid.
func date(t *testing.T, s string) coord.Date {
	t.Helper()
	d, err := coord.ParseDate(s)
	if err != nil {
		t.Fatalf("ParseDate(%q): %v", s, err)
	}
	return d
}

// midnight is day s at 00:00 in Bắc Giang (UTC+07:00, no DST), in RFC 3339.
func midnight(s string) string { return s + "T00:00:00+07:00" }

// instant parses an RFC 3339 instant that the test knows to be valid.
func instant(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("time.Parse(%q): %v", s, err)
	}
	return at
}

// wantDeadline is a hand-computed deadline: the regulation's day D, the
// effective due after the BLDS 148.5 extension, and L, the last on-time day.
type wantDeadline struct {
	period, due, effective, last string
}

// checkDeadline compares a computed deadline with the hand-computed one.
func checkDeadline(t *testing.T, got coord.Deadline, want wantDeadline) {
	t.Helper()
	if got.Period.String() != want.period {
		t.Errorf("period = %s, want %s", got.Period, want.period)
	}
	if s := got.Due.Format(time.RFC3339); s != midnight(want.due) {
		t.Errorf("%s: due = %s, want %s", want.period, s, midnight(want.due))
	}
	if s := got.EffectiveDue.Format(time.RFC3339); s != midnight(want.effective) {
		t.Errorf("%s: effective due = %s, want %s", want.period, s, midnight(want.effective))
	}
	if want.last != "" {
		if s := got.LastDay().String(); s != want.last {
			t.Errorf("%s: last on-time day = %s, want %s", want.period, s, want.last)
		}
	}
	if ext := want.due != want.effective; got.Extended() != ext {
		t.Errorf("%s: Extended() = %v, want %v", want.period, got.Extended(), ext)
	}
}

// TestDeadlineOfCatalogue covers every periodic obligation of spec §2 for
// each of its cadences with the calendar of config.yaml: year ends, a leap
// February, weekends and configured holidays.
func TestDeadlineOfCatalogue(t *testing.T) {
	cfg := loadConfig(t)
	cases := []struct {
		name, obligation string
		want             wantDeadline
	}{
		// 6.4 monthly, "trước ngày 05 hàng tháng" for the previous month.
		{"6.4 Tết 2027", "6.4", wantDeadline{"2027-01", "2027-02-05", "2027-02-12", "2027-02-11"}},
		{"6.4 year end", "6.4", wantDeadline{"2026-12", "2027-01-05", "2027-01-05", "2027-01-04"}},
		{"6.4 L on Saturday", "6.4", wantDeadline{"2026-03", "2026-04-05", "2026-04-07", "2026-04-06"}},
		{"6.4 L on Sunday", "6.4", wantDeadline{"2027-03", "2027-04-05", "2027-04-06", "2027-04-05"}},
		{"6.4 after holidays of 09-01/02", "6.4", wantDeadline{"2026-08", "2026-09-05", "2026-09-05", "2026-09-04"}},
		{"6.4 year end 2027", "6.4", wantDeadline{"2027-12", "2028-01-05", "2028-01-05", "2028-01-04"}},
		{"6.4 leap January", "6.4", wantDeadline{"2028-01", "2028-02-05", "2028-02-05", "2028-02-04"}},
		{"6.4 year end 2028", "6.4", wantDeadline{"2028-12", "2029-01-05", "2029-01-05", "2029-01-04"}},

		// 6.6 H1 "trước 15/7" and year "trước 15/01 của năm sau".
		{"6.6 H1 2026", "6.6", wantDeadline{"2026-H1", "2026-07-15", "2026-07-15", "2026-07-14"}},
		{"6.6 year 2026", "6.6", wantDeadline{"2026", "2027-01-15", "2027-01-15", "2027-01-14"}},
		{"6.6 H1 2027", "6.6", wantDeadline{"2027-H1", "2027-07-15", "2027-07-15", "2027-07-14"}},
		{"6.6 year 2027", "6.6", wantDeadline{"2027", "2028-01-15", "2028-01-15", "2028-01-14"}},
		{"6.6 H1 2028", "6.6", wantDeadline{"2028-H1", "2028-07-15", "2028-07-15", "2028-07-14"}},
		{"6.6 year 2028 L on Sunday", "6.6", wantDeadline{"2028", "2029-01-15", "2029-01-16", "2029-01-15"}},

		// 7.3 monthly, "trước ngày 28" of the same month.
		{"7.3 leap February", "7.3", wantDeadline{"2028-02", "2028-02-28", "2028-02-29", "2028-02-28"}},
		{"7.3 February 2027 into March", "7.3", wantDeadline{"2027-02", "2027-02-28", "2027-03-02", "2027-03-01"}},
		{"7.3 holiday 2026-04-27", "7.3", wantDeadline{"2026-04", "2026-04-28", "2026-04-29", "2026-04-28"}},
		{"7.3 L on Saturday", "7.3", wantDeadline{"2026-06", "2026-06-28", "2026-06-30", "2026-06-29"}},
		{"7.3 December 2026 L on Sunday", "7.3", wantDeadline{"2026-12", "2026-12-28", "2026-12-29", "2026-12-28"}},
		{"7.3 December 2027", "7.3", wantDeadline{"2027-12", "2027-12-28", "2027-12-28", "2027-12-27"}},
		{"7.3 January 2027", "7.3", wantDeadline{"2027-01", "2027-01-28", "2027-01-28", "2027-01-27"}},

		// 7.5, 10.3, 14.3, 16.4: H1 "trước 10/7", year "trước 10/01 của năm sau".
		{"7.5 H1 2026", "7.5", wantDeadline{"2026-H1", "2026-07-10", "2026-07-10", "2026-07-09"}},
		{"7.5 year 2026 L on Saturday", "7.5", wantDeadline{"2026", "2027-01-10", "2027-01-12", "2027-01-11"}},
		{"10.3 H1 2027", "10.3", wantDeadline{"2027-H1", "2027-07-10", "2027-07-10", "2027-07-09"}},
		{"10.3 year 2026", "10.3", wantDeadline{"2026", "2027-01-10", "2027-01-12", "2027-01-11"}},
		{"14.3 year 2027 L on Sunday", "14.3", wantDeadline{"2027", "2028-01-10", "2028-01-11", "2028-01-10"}},
		{"14.3 H1 2028 L on Sunday", "14.3", wantDeadline{"2028-H1", "2028-07-10", "2028-07-11", "2028-07-10"}},
		{"16.4 year 2025", "16.4", wantDeadline{"2025", "2026-01-10", "2026-01-10", "2026-01-09"}},
		{"16.4 year 2026", "16.4", wantDeadline{"2026", "2027-01-10", "2027-01-12", "2027-01-11"}},
		{"16.4 H1 2027", "16.4", wantDeadline{"2027-H1", "2027-07-10", "2027-07-10", "2027-07-09"}},
		{"16.4 year 2028", "16.4", wantDeadline{"2028", "2029-01-10", "2029-01-10", "2029-01-09"}},

		// 8.8 quarterly; the regulation names no day, config's default is
		// day 05 of the first month of the next quarter.
		{"8.8 Q4 2026", "8.8", wantDeadline{"2026-Q4", "2027-01-05", "2027-01-05", "2027-01-04"}},
		{"8.8 Q1 2027 L on Sunday", "8.8", wantDeadline{"2027-Q1", "2027-04-05", "2027-04-06", "2027-04-05"}},
		{"8.8 Q2 2026 L on Saturday", "8.8", wantDeadline{"2026-Q2", "2026-07-05", "2026-07-07", "2026-07-06"}},
		// L = Tue 04-04/2028 (Giỗ Tổ) → Wed 04-05.
		{"8.8 Q1 2028 Giỗ Tổ", "8.8", wantDeadline{"2028-Q1", "2028-04-05", "2028-04-06", "2028-04-05"}},

		// 9.4, 11.2, 15.2 quarterly, "trước ngày 05 của (tháng đầu tiên) quý sau".
		{"9.4 Q1 2026 L on Saturday", "9.4", wantDeadline{"2026-Q1", "2026-04-05", "2026-04-07", "2026-04-06"}},
		{"9.4 Q3 2027", "9.4", wantDeadline{"2027-Q3", "2027-10-05", "2027-10-05", "2027-10-04"}},
		{"9.4 Q4 2027", "9.4", wantDeadline{"2027-Q4", "2028-01-05", "2028-01-05", "2028-01-04"}},
		{"11.2 Q3 2026 L on Sunday", "11.2", wantDeadline{"2026-Q3", "2026-10-05", "2026-10-06", "2026-10-05"}},
		{"11.2 Q2 2027 L on Sunday", "11.2", wantDeadline{"2027-Q2", "2027-07-05", "2027-07-06", "2027-07-05"}},
		{"15.2 Q4 2027", "15.2", wantDeadline{"2027-Q4", "2028-01-05", "2028-01-05", "2028-01-04"}},
		{"15.2 Q3 2028", "15.2", wantDeadline{"2028-Q3", "2028-10-05", "2028-10-05", "2028-10-04"}},
		{"15.2 Q4 2028", "15.2", wantDeadline{"2028-Q4", "2029-01-05", "2029-01-05", "2029-01-04"}},

		// 13.3 monthly like 6.4.
		{"13.3 Tết 2027", "13.3", wantDeadline{"2027-01", "2027-02-05", "2027-02-12", "2027-02-11"}},
		{"13.3 September 2026", "13.3", wantDeadline{"2026-09", "2026-10-05", "2026-10-06", "2026-10-05"}},
		{"13.3 leap February", "13.3", wantDeadline{"2028-02", "2028-03-05", "2028-03-07", "2028-03-06"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := obligation(t, cfg, tc.obligation)
			dl, ok := cfg.Calendar.DeadlineOf(o, period(t, tc.want.period))
			if !ok {
				t.Fatalf("DeadlineOf(%s, %s): ok = false", tc.obligation, tc.want.period)
			}
			if dl.Obligation != tc.obligation {
				t.Errorf("obligation = %q, want %q", dl.Obligation, tc.obligation)
			}
			checkDeadline(t, dl, tc.want)
		})
	}
}

// TestDeadlineOfConfiguredHolidays places hand-made due rules on the
// configured holidays that no obligation of the catalogue happens to hit
// (Tết 2026, 30/4–1/5, Quốc khánh, New Year), so that each holiday block of
// config.yaml is shown to extend L.
func TestDeadlineOfConfiguredHolidays(t *testing.T) {
	cfg := loadConfig(t)
	cases := []struct {
		name string
		rule coord.DueRule
		want wantDeadline
	}{
		// L = Thu 01-01 (holiday), Fri 01-02 (swapped day off), Sat 03,
		// Sun 04 → Mon 01-05.
		{"New Year 2026", coord.DueRule{Day: 2, MonthsAfter: 0}, wantDeadline{"2026-01", "2026-01-02", "2026-01-06", "2026-01-05"}},
		// L = Sat 01-10/2026 is the make-up working day: no extension
		// (without it L would move to Mon 01-12).
		{"make-up Saturday 10/01/2026", coord.DueRule{Day: 11, MonthsAfter: 0}, wantDeadline{"2026-01", "2026-01-11", "2026-01-11", "2026-01-10"}},
		// L = Mon 02-16 … Fri 02-20 (Tết), Sat 21, Sun 22 → Mon 02-23.
		{"Tết 2026", coord.DueRule{Day: 17, MonthsAfter: 1}, wantDeadline{"2026-01", "2026-02-17", "2026-02-24", "2026-02-23"}},
		// L = Thu 04-30, Fri 05-01 (holidays), Sat, Sun → Mon 05-04.
		{"30/4 and 1/5 2026", coord.DueRule{Day: 1, MonthsAfter: 1}, wantDeadline{"2026-04", "2026-05-01", "2026-05-05", "2026-05-04"}},
		// L = Tue 09-01, Wed 09-02 (holidays) → Thu 09-03.
		{"Quốc khánh 2026", coord.DueRule{Day: 2, MonthsAfter: 1}, wantDeadline{"2026-08", "2026-09-02", "2026-09-04", "2026-09-03"}},
		// L = Fri 04-30 (holiday), Sat, Sun, Mon 05-03 (holiday) → Tue 05-04.
		{"30/4 and make-up 3/5 2027", coord.DueRule{Day: 1, MonthsAfter: 1}, wantDeadline{"2027-04", "2027-05-01", "2027-05-05", "2027-05-04"}},
		// L = Sun 05-02, Mon 05-03 (holiday, also day D) → Tue 05-04.
		{"holiday on day D 2027", coord.DueRule{Day: 3, MonthsAfter: 1}, wantDeadline{"2027-04", "2027-05-03", "2027-05-05", "2027-05-04"}},
		// L = Thu 09-02, Fri 09-03 (holidays), Sat, Sun → Mon 09-06.
		{"Quốc khánh 2027", coord.DueRule{Day: 3, MonthsAfter: 1}, wantDeadline{"2027-08", "2027-09-03", "2027-09-07", "2027-09-06"}},
		// L = Fri 04-16 (Giỗ Tổ), Sat, Sun → Mon 04-19.
		{"Giỗ Tổ 2027", coord.DueRule{Day: 17, MonthsAfter: 0}, wantDeadline{"2027-04", "2027-04-17", "2027-04-20", "2027-04-19"}},
		// L = Sat 01-01/2028, Sun 02, Mon 03 (nghỉ bù) → Tue 01-04.
		{"New Year 2028", coord.DueRule{Day: 2, MonthsAfter: 0}, wantDeadline{"2028-01", "2028-01-02", "2028-01-05", "2028-01-04"}},
		// L = Sun 04-30/2028, Mon 05-01, Tue 05-02 (nghỉ bù for 30/4) → Wed 05-03.
		{"30/4 and 1/5 2028", coord.DueRule{Day: 1, MonthsAfter: 1}, wantDeadline{"2028-04", "2028-05-01", "2028-05-04", "2028-05-03"}},
		// L = Fri 09-01/2028 (holiday), Sat 02, Sun 03, Mon 04 (nghỉ bù) → Tue 09-05.
		{"Quốc khánh 2028", coord.DueRule{Day: 2, MonthsAfter: 1}, wantDeadline{"2028-08", "2028-09-02", "2028-09-06", "2028-09-05"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := coord.Obligation{ID: "x", Schedules: []coord.Schedule{{Cadence: coord.Monthly, Due: tc.rule}}}
			dl, ok := cfg.Calendar.DeadlineOf(o, period(t, tc.want.period))
			if !ok {
				t.Fatal("DeadlineOf: ok = false")
			}
			checkDeadline(t, dl, tc.want)
		})
	}
}

// TestDependsOnProvisional: with 2027 and 2028 provisional in config.yaml,
// a deadline depends on a provisional list when a day from Due−1 through
// L lies in one of those years. Each row gives D, L and the years of the
// days between, worked out by hand.
func TestDependsOnProvisional(t *testing.T) {
	cfg := loadConfig(t)
	monthly := func(day, monthsAfter int) coord.Obligation {
		return coord.Obligation{ID: "x", Schedules: []coord.Schedule{{Cadence: coord.Monthly, Due: coord.DueRule{Day: day, MonthsAfter: monthsAfter}}}}
	}
	cases := []struct {
		name   string
		ob     coord.Obligation
		period string
		want   bool
	}{
		// D = Sat 05/12/2026, L = Fri 04/12/2026: 2026 only.
		{"6.4 2026-11 in 2026", obligation(t, cfg, "6.4"), "2026-11", false},
		// D = Mon 28/12/2026, L = Sun 27/12 → Mon 28/12/2026: 2026 only.
		{"7.3 2026-12 extended within 2026", obligation(t, cfg, "7.3"), "2026-12", false},
		// D = Fri 01/01/2027 but L = Thu 31/12/2026, a working day: the
		// due day itself is in 2027, yet only 31/12/2026 decides.
		{"due day in 2027, L in 2026", monthly(1, 1), "2026-12", false},
		// D = Sat 02/01/2027, L = Fri 01/01/2027 (holiday), Sat, Sun → Mon 04/01.
		{"extended over New Year 2027", monthly(2, 1), "2026-12", true},
		// D = Tue 05/01/2027, L = Mon 04/01/2027: one working day, in 2027.
		{"single working L in 2027", obligation(t, cfg, "6.4"), "2026-12", true},
		// D = Fri 05/02/2027, L = Thu 04/02 over Tết to Thu 11/02/2027.
		{"6.4 Tết 2027", obligation(t, cfg, "6.4"), "2027-01", true},
		// D = Fri 28/01/2028, L = Thu 27/01 over Tết to Mon 31/01/2028.
		{"7.3 Tết 2028", obligation(t, cfg, "7.3"), "2028-01", true},
		// D = Wed 10/01/2029, L = Tue 09/01/2029: 2029 is not provisional
		// (it has no list at all, which is another warning).
		{"16.4 year 2028 in 2029", obligation(t, cfg, "16.4"), "2028", false},
		// D = Mon 15/01/2029, L = Sun 14/01 → Mon 15/01/2029.
		{"6.6 year 2028 extended within 2029", obligation(t, cfg, "6.6"), "2028", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dl, ok := cfg.Calendar.DeadlineOf(tc.ob, period(t, tc.period))
			if !ok {
				t.Fatal("DeadlineOf: ok = false")
			}
			if got := cfg.Calendar.DependsOnProvisional(dl); got != tc.want {
				t.Errorf("DependsOnProvisional(%s %s, L = %s) = %v, want %v", tc.ob.ID, tc.period, dl.LastDay(), got, tc.want)
			}
		})
	}

	// Built by hand: only 2027 provisional, Thu 31/12/2026 a holiday. D =
	// Fri 01/01/2027, L = Thu 31/12/2026 → Fri 01/01/2027 (a working day
	// here): the extension crosses into the provisional year.
	cal := &coord.WorkCalendar{
		Location:                 cfg.Location,
		Holidays:                 map[coord.Date]string{date(t, "2026-12-31"): "x"},
		Provisional:              map[int]bool{2027: true},
		ExtendPastNonWorkingDays: true,
	}
	t.Run("extension crosses into a provisional year", func(t *testing.T) {
		dl, _ := cal.DeadlineOf(monthly(1, 1), period(t, "2026-12"))
		if got := dl.LastDay().String(); got != "2027-01-01" {
			t.Fatalf("L = %s, want 2027-01-01", got)
		}
		if !cal.DependsOnProvisional(dl) {
			t.Error("DependsOnProvisional = false, want true")
		}
	})
	t.Run("only Due−1 in a provisional year", func(t *testing.T) {
		earlier := *cal
		earlier.Provisional = map[int]bool{2026: true}
		dl, _ := earlier.DeadlineOf(monthly(1, 1), period(t, "2026-12"))
		if !earlier.DependsOnProvisional(dl) {
			t.Error("DependsOnProvisional = false, want true: the holiday of 31/12/2026 is provisional")
		}
	})
	t.Run("no provisional year", func(t *testing.T) {
		plain := *cal
		plain.Provisional = nil
		dl, _ := plain.DeadlineOf(monthly(1, 1), period(t, "2026-12"))
		if plain.DependsOnProvisional(dl) {
			t.Error("DependsOnProvisional = true with no provisional year")
		}
	})
	// With the extension off the effective due is the regulation's day,
	// whatever the holidays: 6.4 2027-01 is due Fri 05/02/2027.
	t.Run("extension off", func(t *testing.T) {
		off := *cfg.Calendar
		off.ExtendPastNonWorkingDays = false
		dl, _ := off.DeadlineOf(obligation(t, cfg, "6.4"), period(t, "2027-01"))
		if off.DependsOnProvisional(dl) {
			t.Error("DependsOnProvisional = true with the extension off")
		}
	})
}

// TestHasHolidays: config.yaml lists 2026 to 2028, not 2025 or 2029.
func TestHasHolidays(t *testing.T) {
	cfg := loadConfig(t)
	for year, want := range map[int]bool{2025: false, 2026: true, 2027: true, 2028: true, 2029: false} {
		if got := cfg.Calendar.HasHolidays(year); got != want {
			t.Errorf("HasHolidays(%d) = %v, want %v", year, got, want)
		}
	}
}

// TestDeadlineMakeUpWorkingDays builds a WorkCalendar by hand: a make-up
// working day (even a weekend day) stops the extension there.
func TestDeadlineMakeUpWorkingDays(t *testing.T) {
	cfg := loadConfig(t)
	tet2027 := map[coord.Date]string{
		date(t, "2027-02-04"): "Tết", date(t, "2027-02-05"): "Tết",
		date(t, "2027-02-08"): "Tết", date(t, "2027-02-09"): "Tết", date(t, "2027-02-10"): "Tết",
	}
	withSat := map[coord.Date]string{date(t, "2027-02-06"): "Tết"}
	for d, n := range tet2027 {
		withSat[d] = n
	}
	cases := []struct {
		name, obligation string
		holidays         map[coord.Date]string
		extra            []string
		want             wantDeadline
	}{
		{"Tết 2027 without make-up day", "6.4", tet2027, nil,
			wantDeadline{"2027-01", "2027-02-05", "2027-02-12", "2027-02-11"}},
		// L = Thu 04 (holiday), Fri 05 (holiday) → Sat 06 is worked.
		{"Tết 2027 with make-up Saturday", "6.4", tet2027, []string{"2027-02-06"},
			wantDeadline{"2027-01", "2027-02-05", "2027-02-07", "2027-02-06"}},
		// Listed both as holiday and make-up day: the make-up day wins.
		{"make-up day also listed as holiday", "6.4", withSat, []string{"2027-02-06"},
			wantDeadline{"2027-01", "2027-02-05", "2027-02-07", "2027-02-06"}},
		// L = Sat 2026-04-04 is itself worked: no extension.
		{"L on a make-up Saturday", "6.4", nil, []string{"2026-04-04"},
			wantDeadline{"2026-03", "2026-04-05", "2026-04-05", "2026-04-04"}},
		// L = Sun 2028-02-27 is worked.
		{"L on a make-up Sunday", "7.3", nil, []string{"2028-02-27"},
			wantDeadline{"2028-02", "2028-02-28", "2028-02-28", "2028-02-27"}},
		// The extension stops at the first make-up day after L:
		// L = Sat 2026-06-27 → Sun 28 (worked).
		{"extension stops at a make-up Sunday", "7.3", nil, []string{"2026-06-28"},
			wantDeadline{"2026-06", "2026-06-28", "2026-06-29", "2026-06-28"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cal := &coord.WorkCalendar{
				Location:                 cfg.Location,
				Holidays:                 tc.holidays,
				ExtraWorkingDays:         map[coord.Date]string{},
				ExtendPastNonWorkingDays: true,
			}
			for _, s := range tc.extra {
				cal.ExtraWorkingDays[date(t, s)] = "làm bù"
			}
			dl, ok := cal.DeadlineOf(obligation(t, cfg, tc.obligation), period(t, tc.want.period))
			if !ok {
				t.Fatal("DeadlineOf: ok = false")
			}
			checkDeadline(t, dl, tc.want)
		})
	}
}

// TestDeadlineExtensionOff switches the BLDS 148.5 extension off, once on a
// copy of the calendar and once through config.yaml: effective due = due.
func TestDeadlineExtensionOff(t *testing.T) {
	cfg := loadConfig(t)
	copied := *cfg.Calendar
	copied.ExtendPastNonWorkingDays = false

	data, err := os.ReadFile("../config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const on = "extend_past_non_working_days: true"
	if !bytes.Contains(data, []byte(on)) {
		t.Fatalf("config.yaml has no %q line to switch off", on)
	}
	data = bytes.Replace(data, []byte(on), []byte("extend_past_non_working_days: false"), 1)
	off, err := config.Parse(data, "config.yaml (extension off)", nil)
	if err != nil {
		t.Fatalf("parse config with the extension off: %v", err)
	}
	calendars := map[string]*coord.WorkCalendar{"copy": &copied, "config": off.Calendar}

	cases := []struct {
		name, obligation string
		want             wantDeadline
	}{
		{"6.4 Tết 2027", "6.4", wantDeadline{"2027-01", "2027-02-05", "2027-02-05", "2027-02-04"}},
		{"7.3 leap February", "7.3", wantDeadline{"2028-02", "2028-02-28", "2028-02-28", "2028-02-27"}},
		{"7.5 year 2026", "7.5", wantDeadline{"2026", "2027-01-10", "2027-01-10", "2027-01-09"}},
		{"8.8 Q1 2027", "8.8", wantDeadline{"2027-Q1", "2027-04-05", "2027-04-05", "2027-04-04"}},
	}
	for calName, cal := range calendars {
		if cal.ExtendPastNonWorkingDays {
			t.Fatalf("%s: extension still on", calName)
		}
		for _, tc := range cases {
			t.Run(calName+"/"+tc.name, func(t *testing.T) {
				dl, ok := cal.DeadlineOf(obligation(t, cfg, tc.obligation), period(t, tc.want.period))
				if !ok {
					t.Fatal("DeadlineOf: ok = false")
				}
				checkDeadline(t, dl, tc.want)
			})
		}
	}
}

// TestDeadlineOfNoDeadline: 12.3 is event-driven and a period of a cadence
// the obligation does not have has no deadline either.
func TestDeadlineOfNoDeadline(t *testing.T) {
	cfg := loadConfig(t)
	cases := []struct{ name, obligation, period string }{
		{"12.3 month", "12.3", "2027-01"},
		{"12.3 quarter", "12.3", "2027-Q1"},
		{"12.3 H1", "12.3", "2027-H1"},
		{"12.3 year", "12.3", "2027"},
		{"6.4 quarter", "6.4", "2027-Q1"},
		{"6.6 month", "6.6", "2027-01"},
		{"6.6 quarter", "6.6", "2027-Q3"},
		{"8.8 year", "8.8", "2027"},
		{"7.3 H1", "7.3", "2027-H1"},
		{"16.4 month", "16.4", "2027-07"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dl, ok := cfg.Calendar.DeadlineOf(obligation(t, cfg, tc.obligation), period(t, tc.period))
			if ok {
				t.Errorf("DeadlineOf(%s, %s) = %+v, want ok = false", tc.obligation, tc.period, dl)
			}
		})
	}
	t.Run("12.3 zero period", func(t *testing.T) {
		if _, ok := cfg.Calendar.DeadlineOf(obligation(t, cfg, "12.3"), coord.Period{}); ok {
			t.Error("DeadlineOf(12.3, zero period): ok = true")
		}
	})
	t.Run("12.3 DeadlinesBetween", func(t *testing.T) {
		from, to := instant(t, midnight("2026-01-01")), instant(t, midnight("2029-01-01"))
		if got := cfg.Calendar.DeadlinesBetween(obligation(t, cfg, "12.3"), from, to); len(got) != 0 {
			t.Errorf("DeadlinesBetween(12.3) = %v, want none", got)
		}
	})
	t.Run("12.3 PeriodsBegun", func(t *testing.T) {
		got := cfg.Calendar.PeriodsBegun(obligation(t, cfg, "12.3"), date(t, "2027-12-31"), date(t, "2026-01-01"))
		if len(got) != 0 {
			t.Errorf("PeriodsBegun(12.3) = %v, want none", got)
		}
	})
}

// TestDeadlineLateDays judges submissions against the effective due: on
// time up to 23:59:59 local on L, one day late from the effective due
// instant on, counted in local days whatever the submission's zone.
func TestDeadlineLateDays(t *testing.T) {
	cfg := loadConfig(t)
	tet, ok := cfg.Calendar.DeadlineOf(obligation(t, cfg, "6.4"), period(t, "2027-01")) // L = 2027-02-11
	if !ok {
		t.Fatal("DeadlineOf(6.4, 2027-01): ok = false")
	}
	plain, ok := cfg.Calendar.DeadlineOf(obligation(t, cfg, "6.4"), period(t, "2027-04")) // due 2027-05-05, L = 2027-05-04
	if !ok {
		t.Fatal("DeadlineOf(6.4, 2027-04): ok = false")
	}
	cases := []struct {
		name string
		dl   coord.Deadline
		at   string
		want int
	}{
		{"long before", tet, "2027-01-20T09:00:00+07:00", 0},
		{"on the regulation's last day", tet, "2027-02-04T16:00:00+07:00", 0},
		{"after the regulation's due, within the extension", tet, "2027-02-06T09:00:00+07:00", 0},
		{"23:59 on L", tet, "2027-02-11T23:59:00+07:00", 0},
		{"last nanosecond of L", tet, "2027-02-11T23:59:59.999999999+07:00", 0},
		{"at the effective due", tet, "2027-02-12T00:00:00+07:00", 1},
		{"at the effective due in UTC", tet, "2027-02-11T17:00:00Z", 1},
		{"just before the effective due in UTC", tet, "2027-02-11T16:59:59Z", 0},
		{"end of the first late day", tet, "2027-02-12T23:59:59+07:00", 1},
		{"second late day", tet, "2027-02-13T00:00:00+07:00", 2},
		{"ten days late", tet, "2027-02-21T10:00:00+07:00", 10},
		{"ten days late, UTC evening of the day before", tet, "2027-02-20T18:00:00Z", 10},
		{"into March", tet, "2027-03-14T08:00:00+07:00", 31},
		{"no extension: 23:59 on L", plain, "2027-05-04T23:59:00+07:00", 0},
		{"no extension: at the due", plain, "2027-05-05T00:00:00+07:00", 1},
		{"no extension: a week late", plain, "2027-05-11T15:30:00+07:00", 7},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.dl.LateDays(instant(t, tc.at)); got != tc.want {
				t.Errorf("LateDays(%s) = %d, want %d (effective due %s)", tc.at, got, tc.want, tc.dl.EffectiveDue.Format(time.RFC3339))
			}
		})
	}
}

// TestDeadlinesBetween lists the deadlines whose due instant lies in
// [from, to), in due order.
func TestDeadlinesBetween(t *testing.T) {
	cfg := loadConfig(t)
	y2027, y2028 := midnight("2027-01-01"), midnight("2028-01-01")
	cases := []struct {
		name, obligation, from, to string
		want                       []wantDeadline
	}{
		{"6.4 over 2027", "6.4", y2027, y2028, []wantDeadline{
			{"2026-12", "2027-01-05", "2027-01-05", ""},
			{"2027-01", "2027-02-05", "2027-02-12", ""},
			{"2027-02", "2027-03-05", "2027-03-05", ""},
			{"2027-03", "2027-04-05", "2027-04-06", ""},
			{"2027-04", "2027-05-05", "2027-05-05", ""},
			{"2027-05", "2027-06-05", "2027-06-05", ""},
			{"2027-06", "2027-07-05", "2027-07-06", ""},
			{"2027-07", "2027-08-05", "2027-08-05", ""},
			{"2027-08", "2027-09-05", "2027-09-07", ""},
			{"2027-09", "2027-10-05", "2027-10-05", ""},
			{"2027-10", "2027-11-05", "2027-11-05", ""},
			{"2027-11", "2027-12-05", "2027-12-07", ""},
		}},
		{"6.6 over 2027", "6.6", y2027, y2028, []wantDeadline{
			{"2026", "2027-01-15", "2027-01-15", ""},
			{"2027-H1", "2027-07-15", "2027-07-15", ""},
		}},
		{"9.4 over 2027", "9.4", y2027, y2028, []wantDeadline{
			{"2026-Q4", "2027-01-05", "2027-01-05", ""},
			{"2027-Q1", "2027-04-05", "2027-04-06", ""},
			{"2027-Q2", "2027-07-05", "2027-07-06", ""},
			{"2027-Q3", "2027-10-05", "2027-10-05", ""},
		}},
		{"16.4 over 2027", "16.4", y2027, y2028, []wantDeadline{
			{"2026", "2027-01-10", "2027-01-12", ""},
			{"2027-H1", "2027-07-10", "2027-07-10", ""},
		}},
		{"6.6 over 2026-2028, cadences interleaved", "6.6", midnight("2026-01-01"), midnight("2029-01-01"), []wantDeadline{
			{"2025", "2026-01-15", "2026-01-15", ""},
			{"2026-H1", "2026-07-15", "2026-07-15", ""},
			{"2026", "2027-01-15", "2027-01-15", ""},
			{"2027-H1", "2027-07-15", "2027-07-15", ""},
			{"2027", "2028-01-15", "2028-01-15", ""},
			{"2028-H1", "2028-07-15", "2028-07-15", ""},
		}},
		{"7.3 over 2028 Q1", "7.3", midnight("2028-01-01"), midnight("2028-04-01"), []wantDeadline{
			// L = Thu 01-27 (Tết), Fri 28 (Tết), Sat, Sun → Mon 01-31.
			{"2028-01", "2028-01-28", "2028-02-01", ""},
			{"2028-02", "2028-02-28", "2028-02-29", ""},
			{"2028-03", "2028-03-28", "2028-03-28", ""},
		}},
		// [from, to) on the due instant, not on the effective due.
		{"from at a due instant is included", "6.4", midnight("2027-02-05"), midnight("2027-03-05"), []wantDeadline{
			{"2027-01", "2027-02-05", "2027-02-12", ""},
		}},
		{"from in UTC at the due instant is included", "6.4", "2027-02-04T17:00:00Z", "2027-03-04T17:00:00Z", []wantDeadline{
			{"2027-01", "2027-02-05", "2027-02-12", ""},
		}},
		{"from a second after the due is excluded", "6.4", "2027-02-05T00:00:01+07:00", "2027-03-05T00:00:01+07:00", []wantDeadline{
			{"2027-02", "2027-03-05", "2027-03-05", ""},
		}},
		{"to at a due instant is excluded", "6.4", midnight("2027-01-06"), midnight("2027-02-05"), nil},
		{"within the extension but after the due", "6.4", midnight("2027-02-06"), midnight("2027-03-01"), nil},
		{"empty range", "6.4", midnight("2027-02-05"), midnight("2027-02-05"), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := cfg.Calendar.DeadlinesBetween(obligation(t, cfg, tc.obligation), instant(t, tc.from), instant(t, tc.to))
			if len(got) != len(tc.want) {
				var labels []string
				for _, d := range got {
					labels = append(labels, d.Period.String()+"@"+d.Due.Format(time.RFC3339))
				}
				t.Fatalf("got %d deadlines %v, want %d", len(got), labels, len(tc.want))
			}
			for i, w := range tc.want {
				if got[i].Obligation != tc.obligation {
					t.Errorf("[%d] obligation = %q, want %q", i, got[i].Obligation, tc.obligation)
				}
				checkDeadline(t, got[i], w)
			}
		})
	}
}

// TestDeadlinesBetweenSameDueKeepsCadenceOrder: two cadences due at the
// same instant come in the order of the obligation's schedules.
func TestDeadlinesBetweenSameDueKeepsCadenceOrder(t *testing.T) {
	cfg := loadConfig(t)
	// Year Y with months_after 1 and H1 of Y with months_after 7 are both
	// due on 10/01 of Y+1.
	yearly := coord.Schedule{Cadence: coord.Yearly, Due: coord.DueRule{Day: 10, MonthsAfter: 1}}
	h1 := coord.Schedule{Cadence: coord.HalfYear1, Due: coord.DueRule{Day: 10, MonthsAfter: 7}}
	cases := []struct {
		name      string
		schedules []coord.Schedule
		want      []string
	}{
		{"yearly first", []coord.Schedule{yearly, h1}, []string{"2027", "2027-H1"}},
		{"h1 first", []coord.Schedule{h1, yearly}, []string{"2027-H1", "2027"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := coord.Obligation{ID: "x", Schedules: tc.schedules}
			got := cfg.Calendar.DeadlinesBetween(o, instant(t, midnight("2028-01-01")), instant(t, midnight("2028-02-01")))
			if len(got) != len(tc.want) {
				t.Fatalf("got %d deadlines, want %d", len(got), len(tc.want))
			}
			for i, w := range tc.want {
				if got[i].Period.String() != w {
					t.Errorf("[%d] = %s, want %s", i, got[i].Period, w)
				}
				if s := got[i].Due.Format(time.RFC3339); s != midnight("2028-01-10") {
					t.Errorf("[%d] due = %s, want %s", i, s, midnight("2028-01-10"))
				}
			}
		})
	}
}

// TestPeriodsBegun lists the periods an agency can owe on a day: begun by
// then, due on or after trackFrom, oldest deadline first.
func TestPeriodsBegun(t *testing.T) {
	cfg := loadConfig(t)
	cases := []struct {
		name, obligation, today, trackFrom string
		want                               []wantDeadline
	}{
		{"7.3 in March 2027", "7.3", "2027-03-10", "2027-01-01", []wantDeadline{
			{"2027-01", "2027-01-28", "2027-01-28", ""},
			{"2027-02", "2027-02-28", "2027-03-02", ""},
			{"2027-03", "2027-03-28", "2027-03-30", ""}, // L = Sat 03-27 → Sun 28 → Mon 29
		}},
		{"6.6 in August 2027", "6.6", "2027-08-01", "2027-01-01", []wantDeadline{
			{"2026", "2027-01-15", "2027-01-15", ""},
			{"2027-H1", "2027-07-15", "2027-07-15", ""},
			{"2027", "2028-01-15", "2028-01-15", ""},
		}},
		{"6.6 on its first day of tracking", "6.6", "2026-01-01", "2026-01-01", []wantDeadline{
			{"2025", "2026-01-15", "2026-01-15", ""},
			{"2026-H1", "2026-07-15", "2026-07-15", ""},
			{"2026", "2027-01-15", "2027-01-15", ""},
		}},
		{"6.4 on 1 January 2027", "6.4", "2027-01-01", "2027-01-01", []wantDeadline{
			{"2026-12", "2027-01-05", "2027-01-05", ""},
			{"2027-01", "2027-02-05", "2027-02-12", ""},
		}},
		{"6.4 trackFrom on a due date", "6.4", "2027-02-15", "2027-02-05", []wantDeadline{
			{"2027-01", "2027-02-05", "2027-02-12", ""},
			{"2027-02", "2027-03-05", "2027-03-05", ""},
		}},
		{"6.4 trackFrom after every begun due", "6.4", "2027-01-10", "2027-03-01", nil},
		{"9.4 on the first day of Q2 2027", "9.4", "2027-04-01", "2027-01-01", []wantDeadline{
			{"2026-Q4", "2027-01-05", "2027-01-05", ""},
			{"2027-Q1", "2027-04-05", "2027-04-06", ""},
			{"2027-Q2", "2027-07-05", "2027-07-06", ""},
		}},
		{"16.4 at the end of 2027", "16.4", "2027-12-31", "2027-06-01", []wantDeadline{
			{"2027-H1", "2027-07-10", "2027-07-10", ""},
			{"2027", "2028-01-10", "2028-01-11", ""},
		}},
		{"7.3 across the 2027/2028 year end", "7.3", "2028-01-01", "2027-12-01", []wantDeadline{
			{"2027-12", "2027-12-28", "2027-12-28", ""},
			{"2028-01", "2028-01-28", "2028-02-01", ""}, // L = Thu 27/01 over Tết to Mon 31/01
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := cfg.Calendar.PeriodsBegun(obligation(t, cfg, tc.obligation), date(t, tc.today), date(t, tc.trackFrom))
			if len(got) != len(tc.want) {
				var labels []string
				for _, d := range got {
					labels = append(labels, d.Period.String())
				}
				t.Fatalf("got %d periods %v, want %d", len(got), labels, len(tc.want))
			}
			for i, w := range tc.want {
				checkDeadline(t, got[i], w)
			}
		})
	}
}

// TestParsePeriod reads period labels: canonical labels round-trip,
// lowercase letters and one-digit months are accepted, the rest refused.
func TestParsePeriod(t *testing.T) {
	roundTrips := []struct {
		label   string
		cadence coord.Cadence
		year, n int
	}{
		{"2027-01", coord.Monthly, 2027, 1},
		{"2027-12", coord.Monthly, 2027, 12},
		{"2028-02", coord.Monthly, 2028, 2},
		{"2027-Q1", coord.Quarterly, 2027, 1},
		{"2027-Q4", coord.Quarterly, 2027, 4},
		{"2027-H1", coord.HalfYear1, 2027, 1},
		{"2027", coord.Yearly, 2027, 0},
		{"2000", coord.Yearly, 2000, 0},
		{"2999-12", coord.Monthly, 2999, 12},
	}
	for _, tc := range roundTrips {
		t.Run("round trip "+tc.label, func(t *testing.T) {
			p, err := coord.ParsePeriod(tc.label)
			if err != nil {
				t.Fatalf("ParsePeriod(%q): %v", tc.label, err)
			}
			want := coord.Period{Cadence: tc.cadence, Year: tc.year, N: tc.n}
			if p != want {
				t.Errorf("ParsePeriod(%q) = %+v, want %+v", tc.label, p, want)
			}
			if p.String() != tc.label {
				t.Errorf("String() = %q, want %q", p.String(), tc.label)
			}
			again, err := coord.ParsePeriod(p.String())
			if err != nil || again != p {
				t.Errorf("ParsePeriod(String()) = %+v, %v; want %+v", again, err, p)
			}
		})
	}

	lenient := []struct{ in, want string }{
		{"2027-q1", "2027-Q1"},
		{"2027-h1", "2027-H1"},
		{"2027-1", "2027-01"},
		{"2027-9", "2027-09"},
		{" 2027-03 ", "2027-03"},
	}
	for _, tc := range lenient {
		t.Run("lenient "+tc.in, func(t *testing.T) {
			p, err := coord.ParsePeriod(tc.in)
			if err != nil {
				t.Fatalf("ParsePeriod(%q): %v", tc.in, err)
			}
			if p.String() != tc.want {
				t.Errorf("ParsePeriod(%q) = %s, want %s", tc.in, p, tc.want)
			}
		})
	}

	refused := []string{
		"2027-13", "2027-00", "2027-001", "2027-Q5", "2027-Q0", "2027-Q", "2027-Q01",
		"2027-H2", "2027-H", "2027-", "27-01", "027-01", "20270", "1999", "3000",
		"abc", "", " ", "2027-01-01", "2027/01", "Q1-2027", "2027-QI", "-2027", "2027--1",
	}
	for _, in := range refused {
		t.Run("refused "+strings.ReplaceAll(in, " ", "␠"), func(t *testing.T) {
			p, err := coord.ParsePeriod(in)
			if err == nil {
				t.Fatalf("ParsePeriod(%q) = %s, want an error", in, p)
			}
			if !p.IsZero() {
				t.Errorf("ParsePeriod(%q) returned %+v with the error, want the zero Period", in, p)
			}
			if !strings.Contains(err.Error(), "2027-Q1") {
				t.Errorf("error %q does not show the accepted forms", err)
			}
		})
	}
}

// TestPeriodStartEndNext checks the span of each period and its successor
// across year ends and in leap and common Februaries.
func TestPeriodStartEndNext(t *testing.T) {
	cases := []struct{ period, start, end, next string }{
		{"2027-01", "2027-01-01", "2027-01-31", "2027-02"},
		{"2026-02", "2026-02-01", "2026-02-28", "2026-03"},
		{"2027-02", "2027-02-01", "2027-02-28", "2027-03"},
		{"2028-02", "2028-02-01", "2028-02-29", "2028-03"},
		{"2027-04", "2027-04-01", "2027-04-30", "2027-05"},
		{"2026-12", "2026-12-01", "2026-12-31", "2027-01"},
		{"2027-12", "2027-12-01", "2027-12-31", "2028-01"},
		{"2028-Q1", "2028-01-01", "2028-03-31", "2028-Q2"},
		{"2027-Q2", "2027-04-01", "2027-06-30", "2027-Q3"},
		{"2027-Q3", "2027-07-01", "2027-09-30", "2027-Q4"},
		{"2027-Q4", "2027-10-01", "2027-12-31", "2028-Q1"},
		{"2027-H1", "2027-01-01", "2027-06-30", "2028-H1"},
		{"2028-H1", "2028-01-01", "2028-06-30", "2029-H1"},
		{"2027", "2027-01-01", "2027-12-31", "2028"},
		{"2028", "2028-01-01", "2028-12-31", "2029"},
	}
	for _, tc := range cases {
		t.Run(tc.period, func(t *testing.T) {
			p := period(t, tc.period)
			if s := p.Start().String(); s != tc.start {
				t.Errorf("Start() = %s, want %s", s, tc.start)
			}
			if s := p.End().String(); s != tc.end {
				t.Errorf("End() = %s, want %s", s, tc.end)
			}
			if s := p.Next().String(); s != tc.next {
				t.Errorf("Next() = %s, want %s", s, tc.next)
			}
		})
	}
}

// TestPeriodContaining finds the period of a cadence around a day; for H1
// it is the H1 of the day's year even in the second half.
func TestPeriodContaining(t *testing.T) {
	cases := []struct {
		cadence   coord.Cadence
		day, want string
	}{
		{coord.Monthly, "2028-02-29", "2028-02"},
		{coord.Monthly, "2026-12-31", "2026-12"},
		{coord.Monthly, "2027-01-01", "2027-01"},
		{coord.Quarterly, "2027-03-31", "2027-Q1"},
		{coord.Quarterly, "2027-04-01", "2027-Q2"},
		{coord.Quarterly, "2027-09-30", "2027-Q3"},
		{coord.Quarterly, "2027-12-31", "2027-Q4"},
		{coord.HalfYear1, "2027-01-01", "2027-H1"},
		{coord.HalfYear1, "2027-11-15", "2027-H1"},
		{coord.Yearly, "2027-12-31", "2027"},
		{coord.Yearly, "2028-01-01", "2028"},
	}
	for _, tc := range cases {
		t.Run(string(tc.cadence)+" "+tc.day, func(t *testing.T) {
			if got := coord.PeriodContaining(tc.cadence, date(t, tc.day)).String(); got != tc.want {
				t.Errorf("PeriodContaining(%s, %s) = %s, want %s", tc.cadence, tc.day, got, tc.want)
			}
		})
	}
}

// TestPeriodVN names periods the way Vietnamese reports do.
func TestPeriodVN(t *testing.T) {
	cases := []struct{ period, want string }{
		{"2027-01", "tháng 01/2027"},
		{"2027-12", "tháng 12/2027"},
		{"2027-Q1", "quý I/2027"},
		{"2027-Q2", "quý II/2027"},
		{"2027-Q3", "quý III/2027"},
		{"2027-Q4", "quý IV/2027"},
		{"2027-H1", "6 tháng đầu năm 2027"},
		{"2027", "năm 2027"},
	}
	for _, tc := range cases {
		t.Run(tc.period, func(t *testing.T) {
			if got := period(t, tc.period).VN(); got != tc.want {
				t.Errorf("VN() = %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("zero period", func(t *testing.T) {
		if got := (coord.Period{}).VN(); got != "báo cáo khi có thay đổi" {
			t.Errorf("VN() = %q, want %q", got, "báo cáo khi có thay đổi")
		}
	})
}

// TestTrackedStates pairs the tracked periods with one agency's versions:
// the labels views ask the store for, each period with its own versions in
// the order given, versions of other periods ignored (the store may hand
// back only the tracked ones).
func TestTrackedStates(t *testing.T) {
	cfg := loadConfig(t)
	ob := obligation(t, cfg, "7.3")
	today, trackFrom := date(t, "2027-03-10"), date(t, "2027-01-01")
	tracked := coord.Tracked(cfg.Calendar, ob, today, trackFrom)
	if got, want := tracked.Labels(), []string{"2027-01", "2027-02", "2027-03"}; !slices.Equal(got, want) {
		t.Fatalf("Labels() = %v, want %v", got, want)
	}
	at := time.Date(2027, 2, 20, 9, 0, 0, 0, cfg.Location)
	subs := []coord.Submission{
		{ID: 1, Period: "2026-12", SubmittedAt: at.Add(-60 * 24 * time.Hour)}, // before tracking began
		{ID: 2, Period: "2027-01", SubmittedAt: at},
		{ID: 3, Period: "2027-02", SubmittedAt: at.Add(time.Hour)},
		{ID: 4, Period: "2027-01", SubmittedAt: at.Add(2 * time.Hour), ReplacesWrong: true},
	}
	states := tracked.States(subs)
	if len(states) != len(tracked) {
		t.Fatalf("%d states, want %d", len(states), len(tracked))
	}
	wantIDs := [][]int64{{2, 4}, {3}, nil}
	for i, st := range states {
		if st.Deadline != tracked[i] {
			t.Errorf("state %d: deadline %+v, want %+v", i, st.Deadline, tracked[i])
		}
		var got []int64
		for _, v := range st.Versions {
			got = append(got, v.ID)
		}
		if !slices.Equal(got, wantIDs[i]) {
			t.Errorf("%s: versions %v, want %v", st.Deadline.Period, got, wantIDs[i])
		}
	}
	if !states[0].JudgedAt().Equal(at.Add(2*time.Hour)) || states[2].Submitted() {
		t.Errorf("2027-01 judged at %v (want the replacement's %v); 2027-03 submitted %v (want false)",
			states[0].JudgedAt(), at.Add(2*time.Hour), states[2].Submitted())
	}
}

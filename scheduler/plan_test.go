package scheduler_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/config"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/testkit"
	"github.com/bacgiang/fwbot/scheduler"
)

// Every expected value below was worked out by hand from spec §5 and a
// printed calendar (weekdays checked with `date -d`), using the holidays of
// config.yaml:
//
//	2026: 01/01, 02/01 (swapped; Sat 10/01 worked instead), Tết Mon 16 –
//	      Fri 20/02, 27/04, 30/04, 01/05, 01–02/09
//	2027: Fri 01/01; Tết Thu 04 – Wed 10/02 (04, 05, 08, 09, 10 + weekend);
//	      Fri 16/04; Fri 30/04 – Mon 03/05 (30/04, 03/05 + weekend);
//	      Thu 02 – Sun 05/09 (02, 03 + weekend)
//	2028 (provisional): Mon 03/01 (nghỉ bù), Tết Mon 24 – Fri 28/01,
//	      Tue 04/04, Mon 01 – Tue 02/05, Fri 01/09, Mon 04/09
//
// None of them is obtained by calling the code under test.

// planConfig loads the repository's config.yaml with no environment.
func planConfig(t *testing.T) *config.Config { return testkit.Config(t) }

func policyOf(cfg *config.Config) scheduler.Policy {
	r := cfg.Reminders
	return scheduler.Policy{BeforeDays: r.BeforeDays, OverdueEveryDays: r.OverdueEveryDays, OverdueForDays: r.OverdueForDays}
}

func day(t *testing.T, s string) coord.Date {
	t.Helper()
	d, err := coord.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// row renders a reminder the way the tables below are written.
func row(r scheduler.Reminder) string {
	return fmt.Sprintf("%s %s %s %s", r.Obligation, r.Agency, r.Deadline.Period, r.Kind)
}

// scheduleOf runs Plan on every day of [from, to] and returns the days and
// kinds of the reminders of one (obligation, agency, period), failing on two
// reminders of it on one day.
func scheduleOf(t *testing.T, cat *coord.Catalogue, cal *coord.WorkCalendar, pol scheduler.Policy,
	submitted func(string, string, string) bool, from, to coord.Date, obligation, agency, period string) map[string]scheduler.Kind {
	t.Helper()
	got := map[string]scheduler.Kind{}
	for d := from; !to.Before(d); d = d.AddDays(1) {
		for _, r := range scheduler.Plan(cat, cal, pol, coord.Date{}, submitted, d) {
			if r.Obligation != obligation || r.Agency != agency || r.Deadline.Period.String() != period {
				continue
			}
			if _, dup := got[d.String()]; dup {
				t.Errorf("%s: two reminders for %s %s %s", d, obligation, agency, period)
			}
			if r.Day != d {
				t.Errorf("Plan(%s) returned a reminder for day %s", d, r.Day)
			}
			got[d.String()] = r.Kind
		}
	}
	return got
}

func compareSchedules(t *testing.T, got, want map[string]scheduler.Kind) {
	t.Helper()
	for d, k := range want {
		if got[d] != k {
			t.Errorf("%s: got %q, want %q", d, got[d], k)
		}
	}
	for d, k := range got {
		if _, ok := want[d]; !ok {
			t.Errorf("%s: unexpected %q reminder", d, k)
		}
	}
}

// TestPlanMonthlySchedule follows 6.4 for 2026-06 through its whole life.
//
// D = Sun 05/07/2026, so the regulation's last day is Sat 04/07; extended
// past Sat 04 and Sun 05, L = Mon 06/07/2026 (effective due 07/07).
// Pre-due: L−7 = Mon 29/06; L−3 = Fri 03/07; L−1 = Sun 05/07 → Sat 04 →
// Fri 03/07, which collapses with L−3 (both upcoming); L = Mon 06/07.
// Overdue (L+1, +4, …, +28): Tue 07/07, Fri 10/07, Mon 13/07, Thu 16/07,
// Sun 19/07 → Mon 20/07, Wed 22/07, Sat 25/07 → Mon 27/07, Tue 28/07,
// Fri 31/07, Mon 03/08. Nothing on L+31 = Thu 06/08 or later.
func TestPlanMonthlySchedule(t *testing.T) {
	cfg := planConfig(t)
	pol := policyOf(cfg)
	want := map[string]scheduler.Kind{
		"2026-06-29": scheduler.Upcoming,
		"2026-07-03": scheduler.Upcoming,
		"2026-07-06": scheduler.LastDay,
		"2026-07-07": scheduler.Overdue,
		"2026-07-10": scheduler.Overdue,
		"2026-07-13": scheduler.Overdue,
		"2026-07-16": scheduler.Overdue,
		"2026-07-20": scheduler.Overdue,
		"2026-07-22": scheduler.Overdue,
		"2026-07-27": scheduler.Overdue,
		"2026-07-28": scheduler.Overdue,
		"2026-07-31": scheduler.Overdue,
		"2026-08-03": scheduler.Overdue,
	}
	got := scheduleOf(t, cfg.Catalogue, cfg.Calendar, pol, nil, day(t, "2026-06-01"), day(t, "2026-08-31"), "6.4", "ldtbxh", "2026-06")
	compareSchedules(t, got, want)

	t.Run("Days", func(t *testing.T) {
		o, _ := cfg.Catalogue.Obligation("6.4")
		dl, ok := cfg.Calendar.DeadlineOf(o, coord.Period{Cadence: coord.Monthly, Year: 2026, N: 6})
		if !ok {
			t.Fatal("no deadline")
		}
		if got, want := dl.LastDay(), day(t, "2026-07-06"); got != want {
			t.Fatalf("L = %s, want %s", got, want)
		}
		days := map[string]scheduler.Kind{}
		for d, k := range scheduler.Days(dl, cfg.Calendar, pol) {
			days[d.String()] = k
		}
		compareSchedules(t, days, want)
	})

	t.Run("deadline carried", func(t *testing.T) {
		rs := scheduler.Plan(cfg.Catalogue, cfg.Calendar, pol, coord.Date{}, nil, day(t, "2026-07-06"))
		for _, r := range rs {
			if r.Obligation == "6.4" {
				if got := r.Deadline.Due.Format("2006-01-02T15:04:05Z07:00"); got != "2026-07-05T00:00:00+07:00" {
					t.Errorf("due = %s", got)
				}
				if got := r.Deadline.EffectiveDue.Format("2006-01-02T15:04:05Z07:00"); got != "2026-07-07T00:00:00+07:00" {
					t.Errorf("effective due = %s", got)
				}
				if got, want := r.Key(), "rem:6.4:ldtbxh:2026-06:2026-07-06"; got != want {
					t.Errorf("Key() = %q, want %q", got, want)
				}
				return
			}
		}
		t.Fatalf("no 6.4 reminder on 2026-07-06: %v", rs)
	})
}

// TestPlanMoves checks single days where a reminder is moved off a
// non-working day, collapses with another, or is absent. want "" means no
// reminder for that (obligation, agency, period) on that day.
func TestPlanMoves(t *testing.T) {
	cfg := planConfig(t)
	pol := policyOf(cfg)
	tests := []struct {
		name                       string
		day                        string
		obligation, agency, period string
		want                       scheduler.Kind
	}{
		// 7.3 for 2027-07: D = Wed 28/07, L = Tue 27/07. L−3 = Sat 24/07
		// moves back to Fri 23/07.
		{"pre-due Saturday moved to Friday", "2027-07-23", "7.3", "bqlkcn", "2027-07", scheduler.Upcoming},
		{"nothing on the Saturday itself", "2027-07-24", "7.3", "bqlkcn", "2027-07", ""},
		{"L−7 on its own weekday", "2027-07-20", "7.3", "bqlkcn", "2027-07", scheduler.Upcoming},
		{"L−1", "2027-07-26", "7.3", "bqlkcn", "2027-07", scheduler.Upcoming},

		// 6.4 for 2027-01: D = Fri 05/02/2027 (Tết), L runs from Thu 04/02
		// over Tết to Thu 11/02. L−7 = Thu 04/02, L−3 = Mon 08/02 and
		// L−1 = Wed 10/02 are all Tết holidays: each moves back to
		// Wed 03/02, where the three collapse into one upcoming.
		{"three upcoming collapse before Tết", "2027-02-03", "6.4", "ldtbxh", "2027-01", scheduler.Upcoming},
		{"Tết holiday", "2027-02-04", "6.4", "ldtbxh", "2027-01", ""},
		{"Tết holiday", "2027-02-10", "6.4", "ldtbxh", "2027-01", ""},
		{"last day after Tết", "2027-02-11", "6.4", "ldtbxh", "2027-01", scheduler.LastDay},
		{"first overdue after Tết", "2027-02-12", "6.4", "ldtbxh", "2027-01", scheduler.Overdue},

		// 6.6 for 2026: D = Fri 15/01/2027, L = Thu 14/01. L+22 = Fri 05/02,
		// L+25 = Mon 08/02 (Tết) and L+28 = Thu 11/02 all land on Thu
		// 11/02: one overdue.
		{"overdue over Tết", "2027-02-11", "6.6", "ldtbxh", "2026", scheduler.Overdue},
		{"overdue not on a Tết holiday", "2027-02-05", "6.6", "ldtbxh", "2026", ""},
		{"overdue not on a Tết holiday", "2027-02-08", "6.6", "ldtbxh", "2026", ""},

		// 6.4 for 2027-03: D = Mon 05/04, L = Sun 04/04 → Mon 05/04.
		// L+25 = Fri 30/04 (holiday) and L+28 = Mon 03/05 (holiday) both
		// move to Tue 04/05.
		{"overdue over 30/04–03/05", "2027-05-04", "6.4", "ldtbxh", "2027-03", scheduler.Overdue},
		{"holiday 30/04", "2027-04-30", "6.4", "ldtbxh", "2027-03", ""},
		{"holiday 03/05", "2027-05-03", "6.4", "ldtbxh", "2027-03", ""},
		{"L+22 Tue 27/04", "2027-04-27", "6.4", "ldtbxh", "2027-03", scheduler.Overdue},

		// 6.4 for 2027-04: D = Wed 05/05, L = Tue 04/05. L−3 = Sat 01/05 and
		// L−1 = Mon 03/05 (holiday) both move back over Fri 30/04 (holiday)
		// to Thu 29/04.
		{"upcoming over 30/04–03/05", "2027-04-29", "6.4", "ldtbxh", "2027-04", scheduler.Upcoming},
		{"L−7", "2027-04-27", "6.4", "ldtbxh", "2027-04", scheduler.Upcoming},
		{"last day after the break", "2027-05-04", "6.4", "ldtbxh", "2027-04", scheduler.LastDay},

		// 7.3 for 2026-12: D = Mon 28/12/2026, L = Sun 27/12 → Mon 28/12.
		// L+4 = Fri 01/01/2027 (holiday) moves to Mon 04/01, where it meets
		// L+7: one overdue. Next L+10 = Thu 07/01.
		{"overdue over New Year", "2027-01-04", "7.3", "bqlkcn", "2026-12", scheduler.Overdue},
		{"New Year's day", "2027-01-01", "7.3", "bqlkcn", "2026-12", ""},
		{"L+10", "2027-01-07", "7.3", "bqlkcn", "2026-12", scheduler.Overdue},

		// The 30-day limit. 6.4 for 2026-06 has L = Mon 06/07/2026: the last
		// overdue is L+28 = Mon 03/08; L+31 = Thu 06/08 would be the next.
		{"L+28 is the last", "2026-08-03", "6.4", "ldtbxh", "2026-06", scheduler.Overdue},
		{"no L+31", "2026-08-06", "6.4", "ldtbxh", "2026-06", ""},
		// But a scheduled offset moved past L+30 is kept: 6.4 for 2026-11
		// (D = Sat 05/12/2026, L = Fri 04/12/2026), L+28 = Fri 01/01/2027
		// (holiday) moves to Mon 04/01/2027 = L+31. The same day is the
		// last day of 6.4 for 2026-12 (D = Tue 05/01/2027, L = Mon 04/01):
		// another period, so another reminder.
		{"L+28 moved to L+31", "2027-01-04", "6.4", "ldtbxh", "2026-11", scheduler.Overdue},
		{"other period same day", "2027-01-04", "6.4", "ldtbxh", "2026-12", scheduler.LastDay},
		// 6.4 for 2026-12: L−3 = Fri 01/01 (holiday) and L−1 = Sun 03/01 both
		// move back to Thu 31/12/2026.
		{"upcoming before New Year", "2026-12-31", "6.4", "ldtbxh", "2026-12", scheduler.Upcoming},

		// 12.3 is event-driven: never reminded, whatever the day.
		{"12.3 never", "2027-01-04", "12.3", "yte", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.day, func(t *testing.T) {
			var got []scheduler.Kind
			for _, r := range scheduler.Plan(cfg.Catalogue, cfg.Calendar, pol, coord.Date{}, nil, day(t, tt.day)) {
				if r.Obligation == tt.obligation && r.Agency == tt.agency && r.Deadline.Period.String() == tt.period {
					got = append(got, r.Kind)
				}
			}
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("got %v, want none", got)
			case tt.want != "" && (len(got) != 1 || got[0] != tt.want):
				t.Errorf("got %v, want exactly one %q", got, tt.want)
			}
		})
	}
}

// planDays lists, by hand, every reminder of a few whole days, in the
// documented order (catalogue order, agency order, due).
var planDays = []struct {
	day  string
	want []string
}{
	// Mon 01/03/2027:
	// 6.4 2027-01 (L = Thu 11/02): L+16 = Sat 27/02 → Mon 01/03, overdue.
	// 6.4 2027-02 (D = Fri 05/03, L = Thu 04/03): L−3 = Mon 01/03, upcoming.
	// 7.3 2027-02 (D = Sun 28/02, L = Sat 27/02 → Mon 01/03): last day.
	// 13.3 has 6.4's calendar but, sent only "nếu có", no overdue nudges.
	// Quarterly, H1 and yearly reports: the 2026 ones stopped by 11/02, the
	// next start on 29/03 (quarterly L−7).
	{"2027-03-01", []string{
		"6.4 ldtbxh 2027-01 overdue",
		"6.4 ldtbxh 2027-02 upcoming",
		"7.3 bqlkcn 2027-02 last_day",
		"13.3 congthuong 2027-02 upcoming",
	}},
	// Fri 09/07/2027:
	// H1 reports due "trước 10/7" (Sat): L = Fri 09/07, last day for 7.5,
	// 10.3, 14.3 and each of the ten districts of 16.4.
	// 6.6 H1 (D = Thu 15/07, L = Wed 14/07): L−3 = Sun 11/07 → Fri 09/07.
	// 6.4 2027-06 and the quarterly 2027-Q2 reports (D = Mon 05/07, L =
	// Sun 04/07 → Mon 05/07): L+4 = Fri 09/07, overdue (13.3, "nếu có",
	// has no overdue nudge).
	// 7.3 2027-06 (L = Mon 28/06): overdue on 08/07 and 12/07, not 09/07.
	{"2027-07-09", []string{
		"6.4 ldtbxh 2027-06 overdue",
		"6.6 ldtbxh 2027-H1 upcoming",
		"7.5 bqlkcn 2027-H1 last_day",
		"8.8 congan 2027-Q2 overdue",
		"9.4 ngoaivu 2027-Q2 overdue",
		"10.3 tuphap 2027-H1 last_day",
		"11.2 khdt 2027-Q2 overdue",
		"14.3 gddt 2027-H1 last_day",
		"15.2 xaydung 2027-Q2 overdue",
		"16.4 ubnd-tpbacgiang 2027-H1 last_day",
		"16.4 ubnd-yenthe 2027-H1 last_day",
		"16.4 ubnd-tanyen 2027-H1 last_day",
		"16.4 ubnd-langgiang 2027-H1 last_day",
		"16.4 ubnd-lucnam 2027-H1 last_day",
		"16.4 ubnd-lucngan 2027-H1 last_day",
		"16.4 ubnd-sondong 2027-H1 last_day",
		"16.4 ubnd-yendung 2027-H1 last_day",
		"16.4 ubnd-vietyen 2027-H1 last_day",
		"16.4 ubnd-hiephoa 2027-H1 last_day",
	}},
	// Mon 04/01/2027: 6.4/13.3 2026-12 (L = Mon 04/01) last day;
	// 6.4 2026-11 L+28 moved from Fri 01/01 (not 13.3: no overdue
	// nudges); the quarterly 2026-Q4
	// reports share D = Tue 05/01: last day; 7.3 2026-12 overdue (L+4 and
	// L+7 merged); the 2026 yearly reports due "trước 10/01" (L = Mon
	// 11/01): L−7 = Mon 04/01 upcoming. 6.6 2026 (L = Thu 14/01): L−7 =
	// Thu 07/01, nothing today.
	{"2027-01-04", []string{
		"6.4 ldtbxh 2026-11 overdue",
		"6.4 ldtbxh 2026-12 last_day",
		"7.3 bqlkcn 2026-12 overdue",
		"7.5 bqlkcn 2026 upcoming",
		"8.8 congan 2026-Q4 last_day",
		"9.4 ngoaivu 2026-Q4 last_day",
		"10.3 tuphap 2026 upcoming",
		"11.2 khdt 2026-Q4 last_day",
		"13.3 congthuong 2026-12 last_day",
		"14.3 gddt 2026 upcoming",
		"15.2 xaydung 2026-Q4 last_day",
		"16.4 ubnd-tpbacgiang 2026 upcoming",
		"16.4 ubnd-yenthe 2026 upcoming",
		"16.4 ubnd-tanyen 2026 upcoming",
		"16.4 ubnd-langgiang 2026 upcoming",
		"16.4 ubnd-lucnam 2026 upcoming",
		"16.4 ubnd-lucngan 2026 upcoming",
		"16.4 ubnd-sondong 2026 upcoming",
		"16.4 ubnd-yendung 2026 upcoming",
		"16.4 ubnd-vietyen 2026 upcoming",
		"16.4 ubnd-hiephoa 2026 upcoming",
	}},
	// Public holidays and weekends never carry a reminder.
	{"2027-02-04", nil},
	{"2027-04-30", nil},
	{"2027-05-01", nil},
	{"2027-09-03", nil},
}

// TestPlanRollout: reminders follow the one rule of what is owed. With the
// bot rolled out on 1 March 2027 (tracking_start), 6.4 for 2027-01 (D =
// 05/02, before the rollout) is never nudged, though without a tracking
// start its overdue reminders fall on Tue 02/03 (L+19 from L = Thu 11/02),
// Fri 05/03 (L+22) and Mon 08/03 (L+25); 6.4 for 2027-02 (D = Fri 05/03)
// is owed and reminded on L−1 = Wed 03/03.
func TestPlanRollout(t *testing.T) {
	cfg := planConfig(t)
	pol := policyOf(cfg)
	rollout := day(t, "2027-03-01")
	for _, d := range []string{"2027-03-02", "2027-03-05", "2027-03-08"} {
		before := scheduler.Plan(cfg.Catalogue, cfg.Calendar, pol, coord.Date{}, nil, day(t, d))
		if !slices.ContainsFunc(before, func(r scheduler.Reminder) bool { return row(r) == "6.4 ldtbxh 2027-01 overdue" }) {
			t.Fatalf("%s: without a tracking start the plan lacks 6.4 2027-01 overdue: %v", d, before)
		}
		for _, r := range scheduler.Plan(cfg.Catalogue, cfg.Calendar, pol, rollout, nil, day(t, d)) {
			if r.Deadline.Period.String() == "2027-01" {
				t.Errorf("%s: %s reminded, though due before the rollout", d, row(r))
			}
		}
	}
	got := scheduler.Plan(cfg.Catalogue, cfg.Calendar, pol, rollout, nil, day(t, "2027-03-03"))
	if !slices.ContainsFunc(got, func(r scheduler.Reminder) bool { return row(r) == "6.4 ldtbxh 2027-02 upcoming" }) {
		t.Errorf("03/03: 6.4 2027-02 not reminded after the rollout: %v", got)
	}
}

// TestPlanWholeDays compares the full plan of a few days, order included.
func TestPlanWholeDays(t *testing.T) {
	cfg := planConfig(t)
	pol := policyOf(cfg)
	for _, tt := range planDays {
		t.Run(tt.day, func(t *testing.T) {
			var got []string
			for _, r := range scheduler.Plan(cfg.Catalogue, cfg.Calendar, pol, coord.Date{}, nil, day(t, tt.day)) {
				got = append(got, row(r))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

// submittedSet is the submitted callback for a fixed set of
// "obligation agency period" strings.
func submittedSet(keys ...string) func(string, string, string) bool {
	set := map[string]bool{}
	for _, k := range keys {
		set[k] = true
	}
	return func(o, a, p string) bool { return set[o+" "+a+" "+p] }
}

// TestPlanSubmissions: a submission silences its own period only.
func TestPlanSubmissions(t *testing.T) {
	cfg := planConfig(t)
	pol := policyOf(cfg)
	sub := submittedSet("6.4 ldtbxh 2027-01", "16.4 ubnd-yenthe 2027-H1")

	t.Run("same day, other period and other agencies remain", func(t *testing.T) {
		var got []string
		for _, r := range scheduler.Plan(cfg.Catalogue, cfg.Calendar, pol, coord.Date{}, sub, day(t, "2027-03-01")) {
			got = append(got, row(r))
		}
		want := []string{
			"6.4 ldtbxh 2027-02 upcoming",
			"7.3 bqlkcn 2027-02 last_day",
			"13.3 congthuong 2027-02 upcoming",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
		}
	})
	t.Run("no reminder at all for the submitted period", func(t *testing.T) {
		got := scheduleOf(t, cfg.Catalogue, cfg.Calendar, pol, sub, day(t, "2027-01-20"), day(t, "2027-03-31"), "6.4", "ldtbxh", "2027-01")
		if len(got) != 0 {
			t.Errorf("reminders after submission: %v", got)
		}
		got = scheduleOf(t, cfg.Catalogue, cfg.Calendar, pol, sub, day(t, "2027-06-20"), day(t, "2027-08-31"), "16.4", "ubnd-yenthe", "2027-H1")
		if len(got) != 0 {
			t.Errorf("reminders after submission: %v", got)
		}
	})
	t.Run("the next period of the same agency is still reminded", func(t *testing.T) {
		// 6.4 2027-02: D = Fri 05/03, L = Thu 04/03; L−7 = Thu 25/02,
		// L−3 = Mon 01/03, L−1 = Wed 03/03.
		got := scheduleOf(t, cfg.Catalogue, cfg.Calendar, pol, sub, day(t, "2027-02-20"), day(t, "2027-03-04"), "6.4", "ldtbxh", "2027-02")
		compareSchedules(t, got, map[string]scheduler.Kind{
			"2027-02-25": scheduler.Upcoming, "2027-03-01": scheduler.Upcoming,
			"2027-03-03": scheduler.Upcoming, "2027-03-04": scheduler.LastDay,
		})
		// 16.4 2027 for ubnd-yenthe: D = Mon 10/01/2028, L = Sun 09/01 →
		// Mon 10/01/2028; L−7 = Mon 03/01/2028 (nghỉ bù for 01/01) moves
		// back over the weekend to Fri 31/12/2027.
		rs := scheduler.Plan(cfg.Catalogue, cfg.Calendar, pol, coord.Date{}, sub, day(t, "2027-12-31"))
		found := false
		for _, r := range rs {
			found = found || row(r) == "16.4 ubnd-yenthe 2027 upcoming"
		}
		if !found {
			t.Errorf("no 2027 reminder for ubnd-yenthe on 2027-12-31: %v", rs)
		}
		if rs := scheduler.Plan(cfg.Catalogue, cfg.Calendar, pol, coord.Date{}, sub, day(t, "2028-01-03")); len(rs) != 0 {
			t.Errorf("reminders on the holiday 2028-01-03: %v", rs)
		}
	})
	t.Run("the other nine districts are still reminded", func(t *testing.T) {
		n := 0
		for _, r := range scheduler.Plan(cfg.Catalogue, cfg.Calendar, pol, coord.Date{}, sub, day(t, "2027-07-09")) {
			if r.Obligation == "16.4" {
				n++
				if r.Agency == "ubnd-yenthe" {
					t.Errorf("ubnd-yenthe reminded after submitting: %s", row(r))
				}
			}
		}
		if n != 9 {
			t.Errorf("%d 16.4 reminders, want 9", n)
		}
	})
}

// TestPlanExtensionOff judges 6.4 for 2026-06 against the regulation's own
// date: L = Sat 04/07/2026.
// Pre-due: L−7 = Sat 27/06 → Fri 26/06; L−3 = Wed 01/07; L−1 = Fri 03/07;
// L = Sat 04/07 → Fri 03/07, where last_day beats the upcoming L−1.
// Overdue: L+1 = Sun 05/07 → Mon 06/07, Wed 08/07, Sat 11/07 → Mon 13/07,
// Tue 14/07, Fri 17/07, Mon 20/07, Thu 23/07, Sun 26/07 → Mon 27/07,
// Wed 29/07, Sat 01/08 → Mon 03/08.
func TestPlanExtensionOff(t *testing.T) {
	cfg := planConfig(t)
	cal := *cfg.Calendar
	cal.ExtendPastNonWorkingDays = false
	want := map[string]scheduler.Kind{
		"2026-06-26": scheduler.Upcoming,
		"2026-07-01": scheduler.Upcoming,
		"2026-07-03": scheduler.LastDay,
		"2026-07-06": scheduler.Overdue,
		"2026-07-08": scheduler.Overdue,
		"2026-07-13": scheduler.Overdue,
		"2026-07-14": scheduler.Overdue,
		"2026-07-17": scheduler.Overdue,
		"2026-07-20": scheduler.Overdue,
		"2026-07-23": scheduler.Overdue,
		"2026-07-27": scheduler.Overdue,
		"2026-07-29": scheduler.Overdue,
		"2026-08-03": scheduler.Overdue,
	}
	got := scheduleOf(t, cfg.Catalogue, &cal, policyOf(cfg), nil, day(t, "2026-06-01"), day(t, "2026-08-31"), "6.4", "ldtbxh", "2026-06")
	compareSchedules(t, got, want)
}

// TestPlanPolicyPrecedence checks the collapsing rules on a policy built to
// make kinds collide: with before_days [1 0] and the extension off, L = Sat
// 04/07/2026 (6.4 for 2026-06) sends last_day on Fri 03/07 only; with an
// overdue spacing of 1 for 3 days, L+1 Sun and L+2 Mon both land on Mon
// 06/07 (one overdue), then Tue 07/07 (L+3).
func TestPlanPolicyPrecedence(t *testing.T) {
	cfg := planConfig(t)
	cal := *cfg.Calendar
	cal.ExtendPastNonWorkingDays = false
	pol := scheduler.Policy{BeforeDays: []int{0, 1}, OverdueEveryDays: 1, OverdueForDays: 3}
	got := scheduleOf(t, cfg.Catalogue, &cal, pol, nil, day(t, "2026-06-01"), day(t, "2026-08-31"), "6.4", "ldtbxh", "2026-06")
	compareSchedules(t, got, map[string]scheduler.Kind{
		"2026-07-03": scheduler.LastDay,
		"2026-07-06": scheduler.Overdue,
		"2026-07-07": scheduler.Overdue,
	})
}

// TestPlanYear2027Counts sums Plan over every day of 2027 (no submissions)
// per agency and compares with counts derived by hand.
//
// Per deadline, with L a working day (always so with the extension on):
// pre-due L−7, L−3, L−1, L is 4 reminders, except that when L is a Monday
// L−1 (Sunday) moves back to Friday = L−3 and collapses: 3. Overdue L+1, L+4,
// …, L+28 is 10; weekends alone never merge two (a weekend move is at most 2
// days, the spacing 3), but a 3-day or longer break does: Fri 01/01,
// Tết Thu 04–Wed 10/02, Fri 30/04–Mon 03/05 and Thu 02–Sun 05/09. Only
// reminders whose (moved) day is in 2027 count.
//
// 6.4 ldtbxh (due "trước 05", previous month):
//
//	2026-11 L Fri 04/12/26: only L+28 Fri 01/01 → Mon 04/01 is in 2027    1
//	2026-12 L Mon 04/01: L−7, L−3, L−1 fall in 2026; L; 10 overdue        11
//	2027-01 L Thu 11/02 (Tết): L−7, L−3, L−1 → Wed 03/02 (one); L; 10     12
//	2027-02 L Thu 04/03: 4 + 10                                           14
//	2027-03 L Mon 05/04: 3 + (L+25 Fri 30/04, L+28 Mon 03/05 → Tue 04/05) 9 12
//	2027-04 L Tue 04/05: L−3 Sat 01/05, L−1 Mon 03/05 → Thu 29/04: 3 + 10  13
//	2027-05 L Fri 04/06: 4 + 10                                           14
//	2027-06 L Mon 05/07: 3 + 10                                           13
//	2027-07 L Wed 04/08: 4 + 10 (L+28 = Wed 01/09)                        14
//	2027-08 L Mon 06/09: 3 (L−3, L−1 → Wed 01/09) + 10                    13
//	2027-09 L Mon 04/10: 3 + 10                                           13
//	2027-10 L Thu 04/11: 4 + 10                                           14
//	2027-11 L Mon 06/12: 3 + 9 (L+28 = Mon 03/01/2028)                    12
//	2027-12 L Tue 04/01/28: L−7 Tue 28/12; L−3 Sat 01/01 and L−1 Mon 03/01
//	        (nghỉ bù) → Fri 31/12 (one)                                   2
//	                                                               total 158
//
// 6.6 ldtbxh (H1 "trước 15/7", year "trước 15/01"):
//
//	2026    L Thu 14/01: 4 + (L+22 Fri 05/02, L+25 Mon 08/02, L+28 Thu 11/02 → one) 8   12
//	2027-H1 L Wed 14/07: 4 + 10                                                        14
//	2027    L Fri 14/01/2028: nothing in 2027                                           0
//	                                                                            total  26
//
// ldtbxh = 158 + 26 = 184.
//
// 13.3 congthuong has the days of 6.4 but is sent only "nếu có"
// (only_if_any): its pre-due reminders only, those in 2027 being
// 2026-11: 0, 2026-12: 1 (L), 2027-01: 2 (Wed 03/02, L), then 4, 3, 3, 4,
// 3, 4, 3, 3, 4, 3 for 2027-02 … 2027-11, and 2027-12: 2 = 39.
//
// 7.3 bqlkcn (due "trước 28" of the same month):
//
//	2026-12 L Mon 28/12/26: overdue Mon 04/01 (L+4 Fri 01/01 and L+7), 07/01, 11/01,
//	        13/01, 18/01, 19/01, 22/01, 25/01 in 2027                                  8
//	2027-01 L Wed 27/01: 4 + (L+10 Sat 06/02 and L+13 Tue 09/02 → Thu 11/02) 9         13
//	2027-02 L Mon 01/03: 3 + 10                                                        13
//	2027-03 L Mon 29/03: 3 + 10                                                        13
//	2027-04 L Tue 27/04: 4 + (L+4 Sat 01/05 and L+7 → Tue 04/05) 9                     13
//	2027-05 L Thu 27/05: 4 + 10                                                        14
//	2027-06 L Mon 28/06: 3 + 10                                                        13
//	2027-07 L Tue 27/07: 4 + 10                                                        14
//	2027-08 L Fri 27/08: 4 + (L+7 Fri 03/09 and L+10 → Mon 06/09) 9                    13
//	2027-09 L Mon 27/09: 3 + 10                                                        13
//	2027-10 L Wed 27/10: 4 + 10                                                        14
//	2027-11 L Mon 29/11: 3 + 10 (L+28 = Mon 27/12)                                     13
//	2027-12 L Mon 27/12: 3 + L+1 Tue 28/12, L+4 Fri 31/12                               5
//	                                                                           total 159
//
// H1+year reports due "trước 10" (7.5 bqlkcn, 10.3 tuphap, 14.3 gddt, 16.4
// each district):
//
//	2026    L Sat 09/01 → Mon 11/01: 3 + (L+25 Fri 05/02, L+28 Mon 08/02 → Thu 11/02) 9  12
//	2027-H1 L Fri 09/07: 4 + 10                                                          14
//	2027    L Mon 10/01/2028: L−7 Mon 03/01/2028 (nghỉ bù) → Fri 31/12/2027               1
//	                                                                              total  27
//
// bqlkcn = 159 + 27 = 186.
//
// Quarterly reports due "trước 05" of the next quarter (8.8 congan, 9.4
// ngoaivu, 11.2 khdt, 15.2 xaydung) have the dates of 6.4 for the months
// 2026-12, 2027-03, -06, -09 and -12: 11 + 12 + 13 + 13 + 2 = 51.
//
// yte (12.3, event-driven) = 0; external addressees have no duties.
func TestPlanYear2027Counts(t *testing.T) {
	cfg := planConfig(t)
	pol := policyOf(cfg)
	want := map[string]int{
		"ldtbxh": 184, "bqlkcn": 186, "congan": 51, "ngoaivu": 51, "tuphap": 27, "yte": 0,
		"congthuong": 39, "gddt": 27, "khdt": 51, "xaydung": 51,
		"ubnd-tpbacgiang": 27, "ubnd-yenthe": 27, "ubnd-tanyen": 27, "ubnd-langgiang": 27, "ubnd-lucnam": 27,
		"ubnd-lucngan": 27, "ubnd-sondong": 27, "ubnd-yendung": 27, "ubnd-vietyen": 27, "ubnd-hiephoa": 27,
		"bo-ldtbxh": 0, "ubnd-tinh": 0,
	}
	got := map[string]int{}
	for d := day(t, "2027-01-01"); d.Year == 2027; d = d.AddDays(1) {
		seen := map[string]bool{}
		for _, r := range scheduler.Plan(cfg.Catalogue, cfg.Calendar, pol, coord.Date{}, nil, d) {
			got[r.Agency]++
			if !cfg.Calendar.IsWorkingDay(d) {
				t.Errorf("%s is not a working day: %s", d, row(r))
			}
			if seen[r.Key()] {
				t.Errorf("%s: %s twice", d, r.Key())
			}
			seen[r.Key()] = true
			if r.Obligation == "12.3" {
				t.Errorf("%s: event-driven 12.3 reminded", d)
			}
			// The kind matches the side of L the day is on.
			L := r.Deadline.LastDay()
			switch {
			case r.Kind == scheduler.Overdue && !L.Before(d),
				r.Kind != scheduler.Overdue && L.Before(d),
				r.Kind == scheduler.LastDay && d != L:
				t.Errorf("%s: %s with L = %s", d, row(r), L)
			}
		}
	}
	for a, n := range want {
		if got[a] != n {
			t.Errorf("%s: %d reminders in 2027, want %d", a, got[a], n)
		}
	}
	for a, n := range got {
		if _, ok := want[a]; !ok {
			t.Errorf("%s: %d unexpected reminders", a, n)
		}
	}
}

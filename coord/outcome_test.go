package coord_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// TestOutcome is the one judgement of a period, with tracking from 1 March
// 2027. Days worked out by hand (1 March 2027 is a Monday):
//
//	6.4 and 13.3 for 2027-02: due Fri 05/03, last day Thu 04/03 (working),
//	effective due 05/03 00:00.
//	6.4 2027-01: due 05/02 — before tracking began.
func TestOutcome(t *testing.T) {
	cfg := loadConfig(t)
	from := date(t, "2027-03-01")
	version := func(kind coord.SubmissionKind, at string, replaces bool) coord.Submission {
		return coord.Submission{Kind: kind, SubmittedAt: instant(t, at), ReplacesWrong: replaces}
	}
	files, nilReport := coord.WithFiles, coord.NilReport
	cases := []struct {
		name, ob, period, at string
		versions             []coord.Submission
		want                 coord.Outcome
	}{
		{"on time", "6.4", "2027-02", "2027-03-20T08:00:00+07:00", []coord.Submission{version(files, "2027-03-04T23:59:00+07:00", false)}, coord.OutcomeOnTime},
		{"late", "6.4", "2027-02", "2027-03-20T08:00:00+07:00", []coord.Submission{version(files, "2027-03-05T00:00:00+07:00", false)}, coord.OutcomeLate},
		{"a later version keeps the first time", "6.4", "2027-02", "2027-03-20T08:00:00+07:00",
			[]coord.Submission{version(files, "2027-03-02T08:00:00+07:00", false), version(files, "2027-03-09T08:00:00+07:00", false)}, coord.OutcomeOnTime},
		{"a replacing version is judged on its own time", "6.4", "2027-02", "2027-03-20T08:00:00+07:00",
			[]coord.Submission{version(files, "2027-03-02T08:00:00+07:00", false), version(files, "2027-03-09T08:00:00+07:00", true)}, coord.OutcomeLate},
		{"not yet due", "6.4", "2027-02", "2027-03-04T23:59:00+07:00", nil, coord.OutcomeNotDue},
		{"missing", "6.4", "2027-02", "2027-03-05T00:00:00+07:00", nil, coord.OutcomeMissing},
		{"a nil report of a nếu có report is never late", "13.3", "2027-02", "2027-03-20T08:00:00+07:00", []coord.Submission{version(nilReport, "2027-03-09T08:00:00+07:00", false)}, coord.OutcomeOnTime},
		{"a late file of a nếu có report is late", "13.3", "2027-02", "2027-03-20T08:00:00+07:00", []coord.Submission{version(files, "2027-03-09T08:00:00+07:00", false)}, coord.OutcomeLate},
		{"a nếu có period closes empty", "13.3", "2027-02", "2027-03-05T00:00:00+07:00", nil, coord.OutcomeNothing},
		{"a nếu có period before its due", "13.3", "2027-02", "2027-03-03T08:00:00+07:00", nil, coord.OutcomeNotDue},
		{"before tracking began", "6.4", "2027-01", "2027-03-20T08:00:00+07:00", nil, coord.OutcomeUntracked},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := obligation(t, cfg, c.ob)
			dl, ok := cfg.Calendar.DeadlineOf(o, period(t, c.period))
			if !ok {
				t.Fatalf("%s %s: no deadline", c.ob, c.period)
			}
			st := coord.PeriodState{Deadline: dl, Versions: c.versions}
			if got := st.Outcome(o, from, instant(t, c.at)); got != c.want {
				t.Errorf("%s %s at %s: Outcome = %s, want %s", c.ob, c.period, c.at, got, c.want)
			}
		})
	}
}

// TestScoredIn scores each deadline in the month of its last on-time day,
// extension included. 1 March 2027 is a Monday.
//
//	6.4 2027-02: last day Thu 04/03.
//	7.3 2027-02: due Sun 28/02; Sat 27 and Sun 28 are not working days, so
//	the last day is Mon 01/03: scored in March, not February.
//	7.3 2027-03: due Sun 28/03, last day Mon 29/03.
//	A report due "trước ngày 01" of the next month: 2027-02 is due Mon
//	01/03, its last day Sun 28/02 extended to Mon 01/03; 2027-03 is due
//	Thu 01/04 00:00, last day Wed 31/03 — due on the first instant of
//	April, and still March's.
func TestScoredIn(t *testing.T) {
	cfg := loadConfig(t)
	loc := cfg.Calendar.Location
	month := func(m time.Month) (time.Time, time.Time) {
		return time.Date(2027, m, 1, 0, 0, 0, 0, loc), time.Date(2027, m+1, 1, 0, 0, 0, 0, loc)
	}
	scored := func(o coord.Obligation, trackFrom coord.Date, m time.Month) []string {
		from, to := month(m)
		return cfg.Calendar.ScoredIn(o, trackFrom, from, to).Labels()
	}
	jan1 := date(t, "2027-01-01")
	if got := scored(obligation(t, cfg, "6.4"), jan1, time.March); !reflect.DeepEqual(got, []string{"2027-02"}) {
		t.Errorf("6.4 in March: %v, want [2027-02]", got)
	}
	o73 := obligation(t, cfg, "7.3")
	if got := scored(o73, jan1, time.February); len(got) != 0 {
		t.Errorf("7.3 in February: %v, want nothing (2027-01 was January's, 2027-02 runs into March)", got)
	}
	if got := scored(o73, jan1, time.March); !reflect.DeepEqual(got, []string{"2027-02", "2027-03"}) {
		t.Errorf("7.3 in March: %v, want [2027-02 2027-03]", got)
	}
	// Tracking from 1 March: 7.3 2027-02 was due on 28/02, never owed.
	if got := scored(o73, date(t, "2027-03-01"), time.March); !reflect.DeepEqual(got, []string{"2027-03"}) {
		t.Errorf("7.3 in March, tracked from 01/03: %v, want [2027-03]", got)
	}
	first := coord.Obligation{ID: "x.1", Schedules: []coord.Schedule{{Cadence: coord.Monthly, Due: coord.DueRule{Day: 1, MonthsAfter: 1}}}}
	if got := scored(first, jan1, time.March); !reflect.DeepEqual(got, []string{"2027-02", "2027-03"}) {
		t.Errorf("due 01/03 (extended past Sunday 28/02) and 01/04 in March: %v, want [2027-02 2027-03]", got)
	}
	if got := scored(first, jan1, time.April); len(got) != 0 {
		t.Errorf("due 01/04 in April: %v, want nothing (March scored it)", got)
	}
}

// TestPeriodsOfYear lists the periods labelled with a year, tracked, in
// the order of their deadlines.
func TestPeriodsOfYear(t *testing.T) {
	cfg := loadConfig(t)
	jan1 := date(t, "2027-01-01")
	got := cfg.Calendar.PeriodsOfYear(obligation(t, cfg, "6.6"), 2027, jan1).Labels()
	if !reflect.DeepEqual(got, []string{"2027-H1", "2027"}) {
		t.Errorf("6.6 of 2027: %v", got)
	}
	if got := cfg.Calendar.PeriodsOfYear(obligation(t, cfg, "6.4"), 2027, jan1).Labels(); len(got) != 12 || got[0] != "2027-01" || got[11] != "2027-12" {
		t.Errorf("6.4 of 2027: %v", got)
	}
	// Tracked from 1 March: January (due 05/02) is not owed; February (due
	// 05/03) is.
	if got := cfg.Calendar.PeriodsOfYear(obligation(t, cfg, "6.4"), 2027, date(t, "2027-03-01")).Labels(); len(got) != 11 || got[0] != "2027-02" {
		t.Errorf("6.4 of 2027 tracked from 01/03: %v", got)
	}
	if got := cfg.Calendar.PeriodsOfYear(obligation(t, cfg, "12.3"), 2027, jan1); len(got) != 0 {
		t.Errorf("12.3 has no periods: %v", got)
	}
}

package main

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

// calendarRun runs the calendar subcommand on the repository's config.yaml
// with an environment that has no TELEGRAM_BOT_TOKEN and no REDIS_ADDR.
func calendarRun(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	getenv := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		if k == "BOT_CONFIG" {
			return "config.yaml"
		}
		return ""
	}
	var out, errb bytes.Buffer
	code = runCalendar(args, getenv, &out, &errb)
	return code, out.String(), errb.String()
}

// calendarCSV parses the output, checks the header and returns the rows.
func calendarCSV(t *testing.T, out string) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(out))
	r.FieldsPerRecord = 5
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("output is not 5-column CSV: %v\n%s", err, out)
	}
	if len(records) == 0 {
		t.Fatal("no header line")
	}
	if h := strings.Join(records[0], ","); h != "obligation,agency,period,due,effective_due" {
		t.Fatalf("header = %q", h)
	}
	return records[1:]
}

// districts are the ten responsible agencies of 16.4, in config order.
var districts = []string{
	"ubnd-tpbacgiang", "ubnd-yenthe", "ubnd-tanyen", "ubnd-langgiang", "ubnd-lucnam",
	"ubnd-lucngan", "ubnd-sondong", "ubnd-yendung", "ubnd-vietyen", "ubnd-hiephoa",
}

// TestCalendar2027 prints the whole 2027 calendar and checks it against
// counts and rows worked out by hand from config.yaml.
func TestCalendar2027(t *testing.T) {
	code, out, errOut := calendarRun(t, nil, "--from", "2027-01-01", "--to", "2028-01-01")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if errOut != "" {
		t.Errorf("stderr is not empty:\n%s", errOut)
	}
	rows := calendarCSV(t, out)

	t.Run("row count", func(t *testing.T) {
		// Per year: 6.4:12 6.6:2 7.3:12 7.5:2 8.8:4 9.4:4 10.3:2 11.2:4
		// 12.3:0 13.3:12 14.3:2 15.2:4 16.4:2×10 = 80.
		want := map[string]int{
			"6.4": 12, "6.6": 2, "7.3": 12, "7.5": 2, "8.8": 4, "9.4": 4, "10.3": 2,
			"11.2": 4, "13.3": 12, "14.3": 2, "15.2": 4, "16.4": 20,
		}
		if len(rows) != 80 {
			t.Errorf("%d rows, want 80", len(rows))
		}
		got := map[string]int{}
		for _, r := range rows {
			got[r[0]]++
		}
		for id, n := range want {
			if got[id] != n {
				t.Errorf("%s: %d rows, want %d", id, got[id], n)
			}
		}
		for id, n := range got {
			if _, ok := want[id]; !ok {
				t.Errorf("%s: %d unexpected rows", id, n)
			}
		}
	})

	t.Run("first rows", func(t *testing.T) {
		d := func(day string) string { return day + "T00:00:00+07:00" }
		want := [][]string{
			{"6.4", "ldtbxh", "2026-12", d("2027-01-05"), d("2027-01-05")},
			{"8.8", "congan", "2026-Q4", d("2027-01-05"), d("2027-01-05")},
			{"9.4", "ngoaivu", "2026-Q4", d("2027-01-05"), d("2027-01-05")},
			{"11.2", "khdt", "2026-Q4", d("2027-01-05"), d("2027-01-05")},
			{"13.3", "congthuong", "2026-12", d("2027-01-05"), d("2027-01-05")},
			{"15.2", "xaydung", "2026-Q4", d("2027-01-05"), d("2027-01-05")},
			// L = Sat 2027-01-09 → Sun 10 → Mon 11: effective due 12/01.
			{"7.5", "bqlkcn", "2026", d("2027-01-10"), d("2027-01-12")},
			{"10.3", "tuphap", "2026", d("2027-01-10"), d("2027-01-12")},
			{"14.3", "gddt", "2026", d("2027-01-10"), d("2027-01-12")},
		}
		for _, a := range districts {
			want = append(want, []string{"16.4", a, "2026", d("2027-01-10"), d("2027-01-12")})
		}
		want = append(want,
			[]string{"6.6", "ldtbxh", "2026", d("2027-01-15"), d("2027-01-15")},
			[]string{"7.3", "bqlkcn", "2027-01", d("2027-01-28"), d("2027-01-28")},
			// Tết 2027: L = Thu 04 (holiday) … Wed 10 (holiday) → Thu 11.
			[]string{"6.4", "ldtbxh", "2027-01", d("2027-02-05"), d("2027-02-12")},
			[]string{"13.3", "congthuong", "2027-01", d("2027-02-05"), d("2027-02-12")},
		)
		if len(rows) < len(want) {
			t.Fatalf("only %d rows", len(rows))
		}
		for i, w := range want {
			if got := strings.Join(rows[i], ","); got != strings.Join(w, ",") {
				t.Errorf("row %d = %s\n        want %s", i+1, got, strings.Join(w, ","))
			}
		}
	})

	t.Run("last rows", func(t *testing.T) {
		// December 2027: 6.4 and 13.3 for November (due 05/12, L = Sat 04
		// → Mon 06), then 7.3 for December (due 28/12, L = Mon 27).
		want := []string{
			"6.4,ldtbxh,2027-11,2027-12-05T00:00:00+07:00,2027-12-07T00:00:00+07:00",
			"13.3,congthuong,2027-11,2027-12-05T00:00:00+07:00,2027-12-07T00:00:00+07:00",
			"7.3,bqlkcn,2027-12,2027-12-28T00:00:00+07:00,2027-12-28T00:00:00+07:00",
		}
		tail := rows[len(rows)-len(want):]
		for i, w := range want {
			if got := strings.Join(tail[i], ","); got != w {
				t.Errorf("row %d from the end = %s\n              want %s", len(want)-i, got, w)
			}
		}
	})

	t.Run("every due in range and ordered", func(t *testing.T) {
		from := time.Date(2027, 1, 1, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600))
		to := from.AddDate(1, 0, 0)
		configOrder := []string{"6.4", "6.6", "7.3", "7.5", "8.8", "9.4", "10.3", "11.2", "12.3", "13.3", "14.3", "15.2", "16.4"}
		rank := func(list []string, s string) int {
			for i, x := range list {
				if x == s {
					return i
				}
			}
			t.Fatalf("%q is not in %v", s, list)
			return -1
		}
		var prev []string
		var prevDue time.Time
		for i, r := range rows {
			due, err := time.Parse(time.RFC3339, r[3])
			if err != nil {
				t.Fatalf("row %d: due %q: %v", i+1, r[3], err)
			}
			eff, err := time.Parse(time.RFC3339, r[4])
			if err != nil {
				t.Fatalf("row %d: effective_due %q: %v", i+1, r[4], err)
			}
			if !strings.HasSuffix(r[3], "T00:00:00+07:00") || !strings.HasSuffix(r[4], "T00:00:00+07:00") {
				t.Errorf("row %d: %v: not local midnights with +07:00", i+1, r)
			}
			if due.Before(from) || !due.Before(to) {
				t.Errorf("row %d: due %s outside [%s, %s)", i+1, r[3], from.Format(time.RFC3339), to.Format(time.RFC3339))
			}
			if eff.Before(due) {
				t.Errorf("row %d: effective due %s before due %s", i+1, r[4], r[3])
			}
			if prev != nil {
				switch {
				case due.Before(prevDue):
					t.Errorf("row %d (%v) is due before row %d (%v)", i+1, r, i, prev)
				case due.Equal(prevDue) && rank(configOrder, r[0]) < rank(configOrder, prev[0]):
					t.Errorf("row %d (%s) comes after %s despite config order", i+1, r[0], prev[0])
				case due.Equal(prevDue) && r[0] == prev[0] && r[0] == "16.4" && rank(districts, r[1]) < rank(districts, prev[1]):
					t.Errorf("row %d: district %s after %s", i+1, r[1], prev[1])
				}
			}
			prev, prevDue = r, due
		}
	})
}

// TestCalendarRanges checks the [from, to) boundary on the due instant and
// a leap February.
func TestCalendarRanges(t *testing.T) {
	cases := []struct {
		name, from, to string
		want           []string
	}{
		{"from is included", "2027-02-05", "2027-02-06", []string{
			"6.4,ldtbxh,2027-01,2027-02-05T00:00:00+07:00,2027-02-12T00:00:00+07:00",
			"13.3,congthuong,2027-01,2027-02-05T00:00:00+07:00,2027-02-12T00:00:00+07:00",
		}},
		{"to is excluded", "2027-01-06", "2027-01-10", nil},
		{"within the extension only", "2027-02-06", "2027-02-13", nil},
		{"leap February", "2028-02-28", "2028-03-01", []string{
			"7.3,bqlkcn,2028-02,2028-02-28T00:00:00+07:00,2028-02-29T00:00:00+07:00",
		}},
		{"year end Q4", "2028-01-05", "2028-01-06", []string{
			"6.4,ldtbxh,2027-12,2028-01-05T00:00:00+07:00,2028-01-05T00:00:00+07:00",
			"8.8,congan,2027-Q4,2028-01-05T00:00:00+07:00,2028-01-05T00:00:00+07:00",
			"9.4,ngoaivu,2027-Q4,2028-01-05T00:00:00+07:00,2028-01-05T00:00:00+07:00",
			"11.2,khdt,2027-Q4,2028-01-05T00:00:00+07:00,2028-01-05T00:00:00+07:00",
			"13.3,congthuong,2027-12,2028-01-05T00:00:00+07:00,2028-01-05T00:00:00+07:00",
			"15.2,xaydung,2027-Q4,2028-01-05T00:00:00+07:00,2028-01-05T00:00:00+07:00",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := calendarRun(t, nil, "--from", tc.from, "--to", tc.to)
			if code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", code, errOut)
			}
			rows := calendarCSV(t, out)
			if len(rows) != len(tc.want) {
				t.Fatalf("%d rows, want %d:\n%s", len(rows), len(tc.want), out)
			}
			for i, w := range tc.want {
				if got := strings.Join(rows[i], ","); got != w {
					t.Errorf("row %d = %s\n    want %s", i+1, got, w)
				}
			}
		})
	}
}

// TestCalendarWarnsAboutYearsWithoutHolidays: 2029 has no holidays in
// config.yaml, so its effective dues skip weekends only; the operator is
// told on stderr while stdout stays plain CSV. 2028 has a (provisional)
// list, so it is not warned about.
func TestCalendarWarnsAboutYearsWithoutHolidays(t *testing.T) {
	code, out, errOut := calendarRun(t, nil, "--from", "2029-02-01", "--to", "2029-03-01")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if !strings.Contains(errOut, "2029") || !strings.Contains(errOut, "holidays") {
		t.Errorf("stderr does not warn about 2029:\n%s", errOut)
	}
	if rows := calendarCSV(t, out); len(rows) != 3 { // 6.4 and 13.3 for 2029-01, 7.3 for 2029-02
		t.Errorf("%d rows, want 3:\n%s", len(rows), out)
	}
	code, _, errOut = calendarRun(t, nil, "--from", "2028-02-01", "--to", "2028-03-01")
	if code != 0 || errOut != "" {
		t.Errorf("2028: exit %d, stderr:\n%s", code, errOut)
	}
}

// TestCalendarBadArguments: every misuse exits 2 with a message naming the
// problem and prints no CSV.
func TestCalendarBadArguments(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no flags", nil, nil, "--from and --to are required"},
		{"missing --to", nil, []string{"--from", "2027-01-01"}, "--to is required"},
		{"missing --from", nil, []string{"--to", "2027-01-01"}, "--from is required"},
		{"bad --from", nil, []string{"--from", "2027-13-01", "--to", "2028-01-01"}, `--from: "2027-13-01" is not a date`},
		{"impossible --to", nil, []string{"--from", "2027-01-01", "--to", "2027-02-30"}, `--to: "2027-02-30" is not a date`},
		{"not a date", nil, []string{"--from", "01/01/2027", "--to", "2028-01-01"}, "YYYY-MM-DD"},
		{"to before from", nil, []string{"--from", "2027-06-01", "--to", "2027-01-01"}, "must be after --from"},
		{"to equals from", nil, []string{"--from", "2027-06-01", "--to", "2027-06-01"}, "must be after --from"},
		{"unknown flag", nil, []string{"--from", "2027-01-01", "--to", "2028-01-01", "--agency", "ldtbxh"}, "flag provided but not defined"},
		{"positional argument", nil, []string{"--from", "2027-01-01", "--to", "2028-01-01", "extra"}, `unexpected argument "extra"`},
		{"missing config", map[string]string{"BOT_CONFIG": "no-such-config.yaml"}, []string{"--from", "2027-01-01", "--to", "2028-01-01"}, "configuration error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := calendarRun(t, tc.env, tc.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if out != "" {
				t.Errorf("stdout is not empty:\n%s", out)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr does not say %q:\n%s", tc.want, errOut)
			}
		})
	}
}

// TestCalendarHelp prints the usage and exits 0.
func TestCalendarHelp(t *testing.T) {
	code, out, errOut := calendarRun(t, nil, "-h")
	if code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
	if out != "" {
		t.Errorf("stdout is not empty:\n%s", out)
	}
	if !strings.Contains(errOut, "calendar --from YYYY-MM-DD --to YYYY-MM-DD") || !strings.Contains(errOut, "-from") {
		t.Errorf("usage missing:\n%s", errOut)
	}
}

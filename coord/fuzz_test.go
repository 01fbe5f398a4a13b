package coord_test

import (
	"github.com/bacgiang/fwbot/internal/fuzzseed"

	"fmt"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/coord"
)

// periodSeeds are the starting inputs of FuzzParsePeriod: every cadence,
// the one-digit month, lowercase letters, the ends of the accepted years and
// hostile look-alikes. They are committed under testdata/fuzz too.
var periodSeeds = []string{
	"2027-01", "2027-1", "2027-12", "2027-13", "2027-0", "2027-00", "2027-001",
	"2027-Q1", "2027-q4", "2027-Q0", "2027-Q5", "2027-Q", "2027-Q01", "2027-QQ",
	"2027-H1", "2027-h1", "2027-H2", "2027-H", "2027-H1-", "2027",
	" 2027-Q2 ", "\t2027-03\n", "1999", "2000-01", "2999-12", "3000", "02027", "0999",
	"2027-", "-2027", "2027--01", "2027-01-01", "2027-+1", "2027- 1", "2027-1Q", "Q1-2027",
	"", " ", "-", "Q", "H1",
	"２０２７-01", "2027-Ｑ1", "2027-٠١", "2027\u00a0", "\u00a02027-01",
	"9223372036854775807", "2027-99999999999999999999", "2027-Q99999999999999999999",
	"\xff2027", "2027-0x1",
}

// FuzzParsePeriod checks that ParsePeriod never panics and that what it
// accepts is a real period whose label reads back to itself: the label is
// the (trimmed, upper-cased) input, save that "2027-1" stands for 2027-01.
// Periods of a cadence follow one another without a gap, except H1, whose
// next period is the following year's H1.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range periodSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := coord.ParsePeriod(s)
		if err != nil {
			if !p.IsZero() {
				t.Fatalf("ParsePeriod(%q) failed with a non-zero period %+v", s, p)
			}
			return
		}
		label := p.String()
		if label == "" || p.VN() == "" {
			t.Fatalf("ParsePeriod(%q) = %+v, which has no label", s, p)
		}
		back, err := coord.ParsePeriod(label)
		if err != nil || back != p {
			t.Fatalf("ParsePeriod(%q) = %+v, but its label %q reads back as %+v, %v", s, p, label, back, err)
		}
		in := strings.ToUpper(strings.TrimSpace(s))
		oneDigitMonth := p.Cadence == coord.Monthly && p.N < 10 && in == fmt.Sprintf("%04d-%d", p.Year, p.N)
		if in != label && !oneDigitMonth {
			t.Fatalf("ParsePeriod(%q) = %q: the label is not what was typed", s, label)
		}
		start, end := p.Start(), p.End()
		if end.Before(start) {
			t.Fatalf("%s: ends %s before it starts %s", label, end, start)
		}
		next := p.Next()
		if p.Cadence == coord.HalfYear1 {
			// H1 is followed by the next year's H1 (there is no H2 report).
			if want := (coord.Period{Cadence: coord.HalfYear1, Year: p.Year + 1, N: 1}); next != want {
				t.Fatalf("%s is followed by %s, want %s", label, next, want)
			}
		} else if next.Start() != end.AddDays(1) {
			t.Fatalf("%s ends %s but the next period %s starts %s", label, end, next, next.Start())
		}
	})
}

// dateSeeds are the starting inputs of FuzzParseDate: a date and a shift
// in days (taken modulo 4001, so within ±4000).
var dateSeeds = []struct {
	s string
	n int
}{
	{"2027-01-01", 0}, {"2027-02-28", 1}, {"2028-02-29", -1}, {"2027-02-29", 0}, {"2027-02-30", 0},
	{"2027-13-01", 0}, {"2027-00-10", 0}, {"2027-12-32", 0}, {"2027-1-01", 0}, {"2027-01-1", 0},
	{"0000-01-01", -4000}, {"9999-12-31", 4000}, {"1970-01-01", -1}, {"2000-02-29", 365},
	{"-001-01-01", 0}, {"+999-01-01", 0}, {"2027/01/01", 0}, {"01/02/2027", 0},
	{" 2027-01-01", 0}, {"2027-01-01 ", 0}, {"2027-01-01T00:00:00Z", 0}, {"", 0},
	{"２０２７-01-01", 0}, {"2027-01-01\x00", 0}, {"2027-01-01", 9223372036854775807},
	{"2027-01-01", -9223372036854775808},
}

// FuzzParseDate checks that ParseDate never panics, that an accepted date
// is a real day whose String reads back to itself, and that moving it by n
// days and back returns it.
func FuzzParseDate(f *testing.F) {
	for _, s := range dateSeeds {
		f.Add(s.s, s.n)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		d, err := coord.ParseDate(s)
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) failed with a non-zero date %+v", s, d)
			}
			return
		}
		if d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31 {
			t.Fatalf("ParseDate(%q) = %+v, not a day", s, d)
		}
		back, err := coord.ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %+v, but %q reads back as %+v, %v", s, d, d.String(), back, err)
		}
		n %= 4001
		if got := d.AddDays(n).AddDays(-n); got != d {
			t.Fatalf("%s + %d - %d days = %s", d, n, n, got)
		}
		if n > 0 && !d.Before(d.AddDays(n)) || n < 0 && !d.AddDays(n).Before(d) {
			t.Fatalf("%s + %d days = %s is on the wrong side", d, n, d.AddDays(n))
		}
	})
}

// TestFuzzSeedCorpus keeps testdata/fuzz in step with the seed lists above,
// so that the seeds are committed as files too. After changing a list, run
// FWBOT_WRITE_FUZZ_SEEDS=1 go test -run TestFuzzSeedCorpus ./coord/
func TestFuzzSeedCorpus(t *testing.T) {
	for _, s := range periodSeeds {
		fuzzseed.Check(t, "FuzzParsePeriod", s)
	}
	for _, s := range dateSeeds {
		fuzzseed.Check(t, "FuzzParseDate", s.s, s.n)
	}
}

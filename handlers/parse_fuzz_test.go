package handlers

import (
	"github.com/bacgiang/fwbot/internal/fuzzseed"

	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// For the fuzz tests of package handlers_test, which drive the real
// dispatcher and need a few unexported things.
var (
	// TxtInternal is the reply to a failed or panicking handler.
	TxtInternal = txtInternal
	// TxtUnavailable is the reply while Redis is away.
	TxtUnavailable = txtUnavailable
	// IsReplaceWord reports whether a /submit argument asks to replace.
	IsReplaceWord = isReplaceWord
)

// numberSeeds are the starting inputs of FuzzParseNumber: request numbers
// as officers type them ("12", "#12") and as buttons and commands could
// be forged.
var numberSeeds = []string{
	"1", "12", "#12", " #12 ", "# 12", "##12", "#", "", " ", "0", "#0", "-1", "#-1", "+1", "#+1", "0012",
	"1 lý do", "12\nlý do", "12\tlý do", "12\u00a0lý do", "1e3", "0x10", "١٢", "１２",
	"9223372036854775807", "9223372036854775808", "99999999999999999999", "-9223372036854775808",
	"12abc", "abc", "\x00", "#\xff",
}

// FuzzParseNumber checks parseNumber and numberArg: no panic; an accepted
// number is positive and is what was typed, give or take a '#', a '+' and
// leading zeros; numberArg takes the number from the first word of the
// arguments and returns the rest trimmed.
func FuzzParseNumber(f *testing.F) {
	for _, s := range numberSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := parseNumber(s)
		if ok {
			if n <= 0 {
				t.Fatalf("parseNumber(%q) accepted %d", s, n)
			}
			digits := strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(s), "#"), "+")
			if strings.TrimLeft(digits, "0") != strconv.FormatInt(n, 10) {
				t.Fatalf("parseNumber(%q) = %d, which is not what was typed", s, n)
			}
			if m, ok := parseNumber("#" + strconv.FormatInt(n, 10)); !ok || m != n {
				t.Fatalf("#%d reads as %d, %v", n, m, ok)
			}
		}

		c := &bot.Context{Update: bot.Update{Args: s}}
		got, rest, err := numberArg(c, "accept")
		if err != nil {
			var ue *texts.Refusal
			if !errors.As(err, &ue) {
				t.Fatalf("numberArg(%q) failed with %v, not a refusal", s, err)
			}
		} else if want, _ := parseNumber(strings.Fields(s)[0]); got != want || rest != strings.TrimSpace(rest) {
			t.Fatalf("numberArg(%q) = %d, %q", s, got, rest)
		}
		fields := strings.Fields(s)
		if len(fields) == 0 {
			return
		}
		if want, ok := parseNumber(fields[0]); ok && err != nil {
			t.Fatalf("numberArg(%q) refused a message that starts with request %d", s, want)
		}
	})
}

// fuzzToday is the fixed day of FuzzParseDue.
var fuzzToday = coord.Date{Year: 2027, Month: 3, Day: 1}

// dueSeeds are the starting inputs of FuzzParseDue: both accepted forms, the
// ends of the one-year window and dates outside it or impossible.
var dueSeeds = []string{
	"2027-03-01", "2027-03-15", "2028-03-01", "2028-03-02", "2027-02-28", "15/03/2027", "5/3/2027",
	"05/3/2027", "5/03/2027", "01/03/2028", "02/03/2028", "29/02/2028", "29/02/2027", "31/04/2027",
	"2027-3-15", "15-03-2027", "03/15/2027", "15/03/27", "15.03.2027", " 2027-03-15", "2027-03-15 ",
	"", "/", "//", "0/0/0", "00/00/0000", "1/1/10000", "31/12/9999", "9999-12-31", "0000-01-01",
	"+2027-03-15", "-2027-03-15", "١٥/٠٣/٢٠٢٧", "１５/０３/２０２７", "15/03/2027\x00", "\xff",
}

// FuzzParseDue checks that parseDue never panics, refuses politely, and
// accepts only days within [today, today + 1 year] that read back the same
// in both forms.
func FuzzParseDue(f *testing.F) {
	for _, s := range dueSeeds {
		f.Add(s)
	}
	limit := coord.DateOf(fuzzToday.At(time.UTC).AddDate(1, 0, 0))
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDue(s, fuzzToday)
		if err != nil {
			var ue *texts.Refusal
			if !errors.As(err, &ue) {
				t.Fatalf("parseDue(%q) failed with %v, not a refusal", s, err)
			}
			return
		}
		if d.Before(fuzzToday) || limit.Before(d) {
			t.Fatalf("parseDue(%q) = %s, outside [%s, %s]", s, d, fuzzToday, limit)
		}
		for _, again := range []string{d.String(), d.VN()} {
			if back, err := parseDue(again, fuzzToday); err != nil || back != d {
				t.Fatalf("parseDue(%q) = %s, but %q reads as %s, %v", s, d, again, back, err)
			}
		}
	})
}

// TestFuzzSeedCorpus keeps testdata/fuzz in step with the seed lists above,
// so that the seeds are committed as files too. After changing a list, run
// FWBOT_WRITE_FUZZ_SEEDS=1 go test -run TestFuzzSeedCorpus ./handlers/
func TestFuzzSeedCorpus(t *testing.T) {
	for _, s := range numberSeeds {
		fuzzseed.Check(t, "FuzzParseNumber", s)
	}
	for _, s := range dueSeeds {
		fuzzseed.Check(t, "FuzzParseDue", s)
	}
}

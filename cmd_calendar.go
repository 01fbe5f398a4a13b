package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/bacgiang/fwbot/config"
	"github.com/bacgiang/fwbot/coord"
)

const calendarUsage = `Usage: fwbot calendar --from YYYY-MM-DD --to YYYY-MM-DD

Prints the report calendar as CSV, one row per responsible agency and period
whose due instant lies in [from, to) (both days at 00:00 in the configured
time zone):

  obligation,agency,period,due,effective_due

due is "trước ngày D" at 00:00; effective_due is due moved past non-working
days (Bộ luật Dân sự 2015, Điều 148.5), both RFC 3339 with the offset. Rows
are ordered by due, then obligation order in config.yaml, then agency order.
Needs neither TELEGRAM_BOT_TOKEN nor Redis.

Flags:
`

// calendarRow is one line of the calendar CSV: one agency's deadline.
type calendarRow struct {
	obligation, agency string
	deadline           coord.Deadline
}

// runCalendar is the `calendar` subcommand (spec §7): it prints, as CSV,
// every deadline whose due instant lies in [--from, --to), one row per
// responsible agency. It returns the exit code: 0 on success, 2 for bad
// arguments or configuration, 1 if the output cannot be written.
func runCalendar(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("calendar", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, calendarUsage)
		fs.PrintDefaults()
	}
	fromFlag := fs.String("from", "", "first day `YYYY-MM-DD` (included)")
	toFlag := fs.String("to", "", "day `YYYY-MM-DD` after the last one (excluded)")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	switch {
	case *fromFlag == "" && *toFlag == "":
		fmt.Fprint(stderr, "calendar: --from and --to are required, e.g. calendar --from 2027-01-01 --to 2028-01-01\n")
		return 2
	case *fromFlag == "":
		fmt.Fprint(stderr, "calendar: --from is required, e.g. --from 2027-01-01\n")
		return 2
	case *toFlag == "":
		fmt.Fprint(stderr, "calendar: --to is required, e.g. --to 2028-01-01\n")
		return 2
	}
	fromDay, err := coord.ParseDate(*fromFlag)
	if err != nil {
		fmt.Fprintf(stderr, "calendar: --from: %v\n", err)
		return 2
	}
	toDay, err := coord.ParseDate(*toFlag)
	if err != nil {
		fmt.Fprintf(stderr, "calendar: --to: %v\n", err)
		return 2
	}
	if !fromDay.Before(toDay) {
		fmt.Fprintf(stderr, "calendar: --to %s must be after --from %s\n", toDay, fromDay)
		return 2
	}

	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "configuration error: %v\n", err)
		return 2
	}
	rows := calendarRows(cfg, fromDay.At(cfg.Location), toDay.At(cfg.Location))
	warnUnconfiguredYears(stderr, cfg.Calendar, rows)

	w := csv.NewWriter(stdout)
	_ = w.Write([]string{"obligation", "agency", "period", "due", "effective_due"})
	for _, r := range rows {
		_ = w.Write([]string{
			r.obligation, r.agency, r.deadline.Period.String(),
			r.deadline.Due.Format(time.RFC3339), r.deadline.EffectiveDue.Format(time.RFC3339),
		})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		fmt.Fprintf(stderr, "calendar: write: %v\n", err)
		return 1
	}
	return 0
}

// calendarRows expands the deadlines of every obligation in [from, to) to
// one row per responsible agency, ordered by due instant, then obligation
// order in config, then agency order in the obligation's from list.
func calendarRows(cfg *config.Config, from, to time.Time) []calendarRow {
	var rows []calendarRow
	for _, o := range cfg.Catalogue.Obligations {
		for _, dl := range cfg.Calendar.DeadlinesBetween(o, from, to) {
			for _, agency := range o.From {
				rows = append(rows, calendarRow{obligation: o.ID, agency: agency, deadline: dl})
			}
		}
	}
	// Rows were appended in config order, agency order and (within one
	// obligation) due order, so a stable sort by due alone is enough.
	slices.SortStableFunc(rows, func(a, b calendarRow) int {
		return a.deadline.Due.Compare(b.deadline.Due)
	})
	return rows
}

// warnUnconfiguredYears tells the operator when an effective due was
// computed in a year for which config.yaml lists no holiday: only weekends
// moved it, which is right only if the year really has none (config.yaml
// asks for each year to be added before it starts).
func warnUnconfiguredYears(stderr io.Writer, cal *coord.WorkCalendar, rows []calendarRow) {
	var years []int
	for _, r := range rows {
		years = append(years, coord.DateOf(r.deadline.Due).Year, r.deadline.LastDay().Year)
	}
	for _, y := range yearsWithoutHolidays(cal, years) {
		fmt.Fprintf(stderr, "calendar: warning: config.yaml lists no holidays for %d; effective dues in %d skip weekends only\n", y, y)
	}
}

// yearsWithoutHolidays lists, once each and in the order first met, the
// years among years for which the configuration lists no holiday: there
// working days are only guessed (weekends).
func yearsWithoutHolidays(cal *coord.WorkCalendar, years []int) []int {
	configured := map[int]bool{}
	for d := range cal.Holidays {
		configured[d.Year] = true
	}
	var out []int
	for _, y := range years {
		if !configured[y] && !slices.Contains(out, y) {
			out = append(out, y)
		}
	}
	return out
}

// parseFlags parses a subcommand's flags; ok is false when the subcommand
// must exit with code (0 after -h, 2 for bad flags or stray arguments).
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false // the flag package has already printed the error and the usage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return 2, false
	}
	return 0, true
}

package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"time"

	"github.com/bacgiang/fwbot/config"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/scheduler"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

const remindersUsage = `Usage: fwbot reminders --at 2027-03-01T08:00:00+07:00

Prints, as CSV, every deadline reminder scheduled on the local day of --at
(in the configured time zone) whose send time is at or before --at and that
still applies given the submissions stored in the database (BOT_DB_PATH, else
storage.db_path of config.yaml), which is only read, never migrated or
written. Only periods the bot holds agencies to count: due on or after
calendar.tracking_start, else the start the database recorded, else the
first day of the month of --at (a bot not started yet):

  send_at,kind,obligation,agency,period,due,effective_due

kind is upcoming, last_day or overdue; send_at is the day at reminders.time;
due and effective_due are as in the calendar subcommand, all RFC 3339 with the
offset. A reminder is listed whether or not the agency has a chat to receive
it yet. Rows are ordered by obligation order in config.yaml, then agency
order, then due. Needs neither TELEGRAM_BOT_TOKEN nor Redis.

Flags:
`

// runReminders is the `reminders` subcommand (spec §7): it lets an operator
// (or a test) see what the bot sends, or would have sent, at a given
// instant, without Telegram. It returns the exit code: 0 on success, 2 for
// bad arguments or configuration, 1 if the database cannot be read or the
// output cannot be written.
func runReminders(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("reminders", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, remindersUsage)
		fs.PrintDefaults()
	}
	atFlag := fs.String("at", "", "instant `T` in RFC 3339 with offset, e.g. 2027-03-01T08:00:00+07:00")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if *atFlag == "" {
		fmt.Fprint(stderr, "reminders: --at is required, e.g. reminders --at 2027-03-01T08:00:00+07:00\n")
		return 2
	}
	at, err := time.Parse(time.RFC3339, *atFlag)
	if err != nil {
		fmt.Fprintf(stderr, "reminders: --at: %q is not an RFC 3339 instant with offset, e.g. 2027-03-01T08:00:00+07:00\n", *atFlag)
		return 2
	}

	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "configuration error: %v\n", err)
		return 2
	}
	day := cfg.Calendar.Today(at)
	sendAt := cfg.Reminders.Time.On(day, cfg.Location)
	var plan []scheduler.Reminder
	if !at.Before(sendAt) {
		// The day's plan of what is owed, then without what the database
		// (BOT_DB_PATH, applied by the config loader) says was submitted.
		// The database is only read: a preview must not migrate or write
		// the file a running bot owns.
		db, err := openPreview(context.Background(), cfg.Storage.DBPath, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "reminders: %v\n", err)
			return 1
		}
		if db != nil {
			defer db.Close()
		}
		trackFrom, err := previewTrackingStart(context.Background(), db, cfg, day, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "reminders: %v\n", err)
			return 1
		}
		plan = scheduler.Plan(cfg.Catalogue, cfg.Calendar, reminderPolicy(cfg), trackFrom, nil, day)
		if plan, err = withoutSubmitted(context.Background(), db, plan); err != nil {
			fmt.Fprintf(stderr, "reminders: %v\n", err)
			return 1
		}
	}
	warnUnconfiguredDays(stderr, cfg.Calendar, day, plan)

	w := csv.NewWriter(stdout)
	_ = w.Write([]string{"send_at", "kind", "obligation", "agency", "period", "due", "effective_due"})
	for _, r := range plan {
		_ = w.Write([]string{
			sendAt.Format(time.RFC3339), string(r.Kind), r.Obligation, r.Agency, r.Deadline.Period.String(),
			r.Deadline.Due.Format(time.RFC3339), r.Deadline.EffectiveDue.Format(time.RFC3339),
		})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		fmt.Fprintf(stderr, "reminders: write: %v\n", err)
		return 1
	}
	return 0
}

// openPreview opens the database at path read-only (sqlite.OpenReadOnly);
// nil, nil when there is none yet, which it says on stderr. A schema other
// than this binary's is read as it is, with a warning.
func openPreview(ctx context.Context, path string, stderr io.Writer) (*sqlite.DB, error) {
	db, version, err := sqlite.OpenReadOnly(ctx, path)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "reminders: note: no database at %s yet; nothing counts as submitted\n", path)
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open database %s read-only: %w", path, err)
	}
	if latest, err := sqlite.LatestSchema(); err == nil && version != latest {
		fmt.Fprintf(stderr, "reminders: warning: %s has schema version %d, this binary's is %d; it is read as it is (the bot migrates it when it starts)\n", path, version, latest)
	}
	return db, nil
}

// previewTrackingStart is the tracking start the bot would use
// (trackingStart in main.go), read without writing: the configured one,
// else the one the database recorded at the bot's first start, else — no
// bot has run on this database yet — the month of the previewed day, as if
// the bot were first started then.
func previewTrackingStart(ctx context.Context, db *sqlite.DB, cfg *config.Config, day coord.Date, stderr io.Writer) (coord.Date, error) {
	if !cfg.TrackingStart.IsZero() {
		return cfg.TrackingStart, nil
	}
	if db != nil {
		v, ok, err := db.Setting(ctx, trackingStartKey)
		if err != nil {
			return coord.Date{}, fmt.Errorf("read the tracking start: %w", err)
		}
		if ok {
			return coord.ParseDate(v)
		}
	}
	start := coord.Date{Year: day.Year, Month: day.Month, Day: 1}
	fmt.Fprintf(stderr, "reminders: note: calendar.tracking_start is empty and no bot has started on this database: counting deadlines from %s, as if the bot were first started that month\n", start)
	return start, nil
}

// withoutSubmitted drops the reminders whose period has a version in db
// (none when db is nil): any version silences reminders (spec §5), whatever
// its status. It asks, per obligation, only about the periods planned.
func withoutSubmitted(ctx context.Context, db *sqlite.DB, plan []scheduler.Reminder) ([]scheduler.Reminder, error) {
	if len(plan) == 0 || db == nil {
		return plan, nil
	}
	periods := map[string][]string{} // obligation → periods planned
	for _, r := range plan {
		if p := r.Deadline.Period.String(); !slices.Contains(periods[r.Obligation], p) {
			periods[r.Obligation] = append(periods[r.Obligation], p)
		}
	}
	submitted := map[string]coord.SubmittedPeriods{}
	err := db.View(ctx, func(tx coord.Tx) error {
		for ob, ps := range periods {
			got, err := tx.SubmittedPeriods(ctx, ob, ps)
			if err != nil {
				return err
			}
			submitted[ob] = got
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read submissions: %w", err)
	}
	return slices.DeleteFunc(plan, func(r scheduler.Reminder) bool {
		return submitted[r.Obligation].Has(r.Deadline.Period.String(), r.Agency)
	}), nil
}

// warnUnconfiguredDays tells the operator when the day, or the last on-time
// day of a listed reminder, falls in a year config.yaml lists no holiday
// for: reminder days then skip weekends only, which is right only if that
// year really has none.
func warnUnconfiguredDays(stderr io.Writer, cal *coord.WorkCalendar, day coord.Date, plan []scheduler.Reminder) {
	years := []int{day.Year}
	for _, r := range plan {
		years = append(years, r.Deadline.LastDay().Year)
	}
	for _, y := range yearsWithoutHolidays(cal, years) {
		fmt.Fprintf(stderr, "reminders: warning: config.yaml lists no holidays for %d; reminder days in %d skip weekends only\n", y, y)
	}
}

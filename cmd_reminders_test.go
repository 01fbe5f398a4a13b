package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

// remindersRun runs the reminders subcommand on the repository's config.yaml
// and the database at dbPath, with no TELEGRAM_BOT_TOKEN and no REDIS_ADDR.
func remindersRun(t *testing.T, dbPath string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	env := map[string]string{"BOT_CONFIG": "config.yaml", "BOT_DB_PATH": dbPath}
	var out, errb bytes.Buffer
	code = runReminders(args, func(k string) string { return env[k] }, &out, &errb)
	return code, out.String(), errb.String()
}

// remindersCSV parses the output, checks the header and returns the rows
// joined by commas.
func remindersCSV(t *testing.T, out string) []string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(out))
	r.FieldsPerRecord = 7
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("output is not 7-column CSV: %v\n%s", err, out)
	}
	if len(records) == 0 {
		t.Fatal("no header line")
	}
	if h := strings.Join(records[0], ","); h != "send_at,kind,obligation,agency,period,due,effective_due" {
		t.Fatalf("header = %q", h)
	}
	var rows []string
	for _, rec := range records[1:] {
		rows = append(rows, strings.Join(rec, ","))
	}
	return rows
}

// march1 lists, worked out by hand, the reminders of Mon 01/03/2027 at 08:00
// for a bot first started in January 2027 (tracking from 2027-01-01):
//   - 6.4 for 2027-01: due Fri 05/02 (Tết), L runs over Tết to Thu 11/02
//     (effective due 12/02); overdue L+16 = Sat 27/02 → Mon 01/03. 13.3 has
//     the same days but is sent only "nếu có": no overdue nudge.
//   - 6.4 and 13.3 for 2027-02: due Fri 05/03, L = Thu 04/03; L−3 = Mon 01/03.
//   - 7.3 for 2027-02: due Sun 28/02, L = Sat 27/02 → Mon 01/03 (effective
//     due Tue 02/03): its last day.
//
// The quarterly, half-year and yearly reports have nothing that day (the
// 2026 ones stopped by 11/02, the 2027-Q1 ones start on 29/03).
var march1 = []string{
	"2027-03-01T08:00:00+07:00,overdue,6.4,ldtbxh,2027-01,2027-02-05T00:00:00+07:00,2027-02-12T00:00:00+07:00",
	"2027-03-01T08:00:00+07:00,upcoming,6.4,ldtbxh,2027-02,2027-03-05T00:00:00+07:00,2027-03-05T00:00:00+07:00",
	"2027-03-01T08:00:00+07:00,last_day,7.3,bqlkcn,2027-02,2027-02-28T00:00:00+07:00,2027-03-02T00:00:00+07:00",
	"2027-03-01T08:00:00+07:00,upcoming,13.3,congthuong,2027-02,2027-03-05T00:00:00+07:00,2027-03-05T00:00:00+07:00",
}

// botDatabase makes the database a bot first started on day would leave:
// migrated, with the agencies and its tracking start, and closed.
func botDatabase(t *testing.T, path, day string, fill func(context.Context, *sqlite.DB)) {
	t.Helper()
	ctx := context.Background()
	cfg, err := loadConfig(func(k string) string { return map[string]string{"BOT_CONFIG": "config.yaml"}[k] })
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SyncAgencies(ctx, cfg.Catalogue.Agencies); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, trackingStartKey, day); err != nil {
		t.Fatal(err)
	}
	if fill != nil {
		fill(ctx, db)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestRemindersEmptyDB: with no submission, every reminder of the day is
// listed once its send time (08:00 local) has come, whatever zone --at is
// written in.
func TestRemindersEmptyDB(t *testing.T) {
	db := filepath.Join(t.TempDir(), "fwbot.db")
	botDatabase(t, db, "2027-01-01", nil)
	tests := []struct {
		name string
		at   string
		want []string
	}{
		{"at 08:00", "2027-03-01T08:00:00+07:00", march1},
		{"one minute before 08:00", "2027-03-01T07:59:00+07:00", nil},
		{"midnight", "2027-03-01T00:00:00+07:00", nil},
		{"late in the day", "2027-03-01T23:59:59+07:00", march1},
		{"08:00 written in UTC", "2027-03-01T01:00:00Z", march1},
		// 18:00 UTC on 28/02 is 01:00 on 01/03 in Hà Nội: the local day is
		// 01/03, but its 08:00 has not come.
		{"UTC evening before", "2027-02-28T18:00:00Z", nil},
		// 09:59 at UTC+09:00 is 07:59 in Hà Nội; 10:00 is 08:00.
		{"other offset before", "2027-03-01T09:59:00+09:00", nil},
		{"other offset after", "2027-03-01T10:00:00+09:00", march1},
		// Sat 27/02/2027: no reminder on a weekend.
		{"weekend", "2027-02-27T12:00:00+07:00", nil},
		// Thu 04/02/2027 is a Tết holiday.
		{"Tết", "2027-02-04T08:00:00+07:00", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := remindersRun(t, db, "--at", tt.at)
			if code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", code, errOut)
			}
			if errOut != "" {
				t.Errorf("stderr is not empty:\n%s", errOut)
			}
			got := remindersCSV(t, out)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("rows:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

// TestRemindersSubmissions: a stored submission removes that agency's rows
// for that period only.
func TestRemindersSubmissions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fwbot.db")
	botDatabase(t, path, "2027-01-01", func(ctx context.Context, db *sqlite.DB) {
		at := time.Date(2027, 2, 20, 9, 30, 0, 0, time.FixedZone("ICT", 7*3600))
		err := db.Update(ctx, func(tx coord.Tx) error {
			for _, s := range []coord.Submission{
				// A late 6.4 for January: its overdue reminder on 01/03 goes.
				{Obligation: "6.4", Agency: "ldtbxh", Period: "2027-01", Kind: coord.WithFiles},
				// An early nil report of 13.3 for February: its upcoming goes.
				{Obligation: "13.3", Agency: "congthuong", Period: "2027-02", Kind: coord.NilReport},
				// Another agency's other report: changes nothing on 01/03.
				{Obligation: "7.3", Agency: "bqlkcn", Period: "2027-01", Kind: coord.WithFiles},
			} {
				s.SubmittedBy, s.ChatID, s.SubmittedAt = 1, 1, at
				if err := tx.CreateSubmission(ctx, &s); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	code, out, errOut := remindersRun(t, path, "--at", "2027-03-01T08:00:00+07:00")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	got := remindersCSV(t, out)
	want := []string{march1[1], march1[2]}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// TestRemindersBadArgs: a missing or malformed --at is a usage error (exit
// 2) with a message, and nothing on stdout.
func TestRemindersBadArgs(t *testing.T) {
	db := filepath.Join(t.TempDir(), "fwbot.db")
	tests := []struct {
		name    string
		args    []string
		message string
	}{
		{"no --at", nil, "--at is required"},
		{"empty --at", []string{"--at", ""}, "--at is required"},
		{"date only", []string{"--at", "2027-03-01"}, "RFC 3339"},
		{"no offset", []string{"--at", "2027-03-01T08:00:00"}, "RFC 3339"},
		{"garbage", []string{"--at", "tomorrow"}, "RFC 3339"},
		{"positional", []string{"--at", "2027-03-01T08:00:00+07:00", "extra"}, "unexpected argument"},
		{"unknown flag", []string{"--day", "2027-03-01"}, "flag provided but not defined"},
		{"flag without value", []string{"--at"}, "flag needs an argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := remindersRun(t, db, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
			if !strings.Contains(errOut, tt.message) {
				t.Errorf("stderr does not say %q:\n%s", tt.message, errOut)
			}
		})
	}

	t.Run("bad config", func(t *testing.T) {
		var out, errb bytes.Buffer
		env := map[string]string{"BOT_CONFIG": filepath.Join(t.TempDir(), "missing.yaml"), "BOT_DB_PATH": db}
		code := runReminders([]string{"--at", "2027-03-01T08:00:00+07:00"}, func(k string) string { return env[k] }, &out, &errb)
		if code != 2 || out.Len() != 0 || !strings.Contains(errb.String(), "configuration error") {
			t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
		}
	})

	t.Run("help", func(t *testing.T) {
		code, _, errOut := remindersRun(t, db, "-h")
		if code != 0 || !strings.Contains(errOut, "send_at,kind,obligation,agency,period,due,effective_due") {
			t.Errorf("exit %d, stderr:\n%s", code, errOut)
		}
	})
}

// files lists a directory's entries with their contents' hashes.
func files(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][32]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = sha256.Sum256(b)
	}
	return out
}

// TestRemindersOnlyReads: the preview neither migrates nor writes the
// database it reads, nor creates files beside it; a missing database is not
// created.
func TestRemindersOnlyReads(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fwbot.db")
	botDatabase(t, path, "2027-01-01", func(ctx context.Context, db *sqlite.DB) {
		// As if written by an older bot: the last migration not applied.
		err := db.Update(ctx, func(tx coord.Tx) error {
			return tx.Audit(ctx, coord.AuditEntry{At: time.Now(), Action: "test"})
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	older := execSQL(t, path, `DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`)
	before := files(t, dir)
	code, out, errOut := remindersRun(t, path, "--at", "2027-03-01T08:00:00+07:00")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if got := remindersCSV(t, out); strings.Join(got, "\n") != strings.Join(march1, "\n") {
		t.Errorf("rows:\n\t%s", strings.Join(got, "\n\t"))
	}
	if !strings.Contains(errOut, fmt.Sprintf("schema version %d", older)) {
		t.Errorf("no warning about the older schema:\n%s", errOut)
	}
	if after := files(t, dir); !maps.Equal(before, after) {
		t.Errorf("the preview changed the database's folder:\nbefore %v\nafter  %v", keys(before), keys(after))
	}

	t.Run("NoDatabase", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "data", "fwbot.db")
		code, out, errOut := remindersRun(t, path, "--at", "2027-03-01T08:00:00+07:00")
		if code != 0 {
			t.Fatalf("exit %d, stderr:\n%s", code, errOut)
		}
		if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the preview created %s", filepath.Dir(path))
		}
		// No bot has run: counted from 1 March, the month of --at, so only
		// the March deadlines are owed (7.3 for February was due 28/02).
		want := []string{march1[1], march1[3]}
		if got := remindersCSV(t, out); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("rows:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
		}
		if !strings.Contains(errOut, "no database at") || !strings.Contains(errOut, "2027-03-01") {
			t.Errorf("stderr does not say what it assumed:\n%s", errOut)
		}
	})
}

// TestRemindersRollout replays the rollout of issue 10: a bot first started
// in March 2027 was said to nudge 6.4 and 13.3 for 2027-01 on 02/03, 05/03
// and 08/03; nothing due before the rollout is owed.
func TestRemindersRollout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fwbot.db")
	botDatabase(t, path, "2027-03-01", nil)
	for _, at := range []string{"2027-03-02T08:00:00+07:00", "2027-03-05T08:00:00+07:00", "2027-03-08T08:00:00+07:00"} {
		code, out, errOut := remindersRun(t, path, "--at", at)
		if code != 0 {
			t.Fatalf("%s: exit %d, stderr:\n%s", at, code, errOut)
		}
		for _, row := range remindersCSV(t, out) {
			if strings.Contains(row, ",2027-01,") {
				t.Errorf("%s: %s is due before the rollout", at, row)
			}
		}
	}
}

// execSQL runs one statement on the database at path, outside the bot, and
// returns the schema version left.
func execSQL(t *testing.T, path, stmt string) int {
	t.Helper()
	x, err := sqlx.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if _, err := x.Exec(stmt); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	var v int
	if err := x.Get(&v, `SELECT MAX(version) FROM schema_migrations`); err != nil {
		t.Fatal(err)
	}
	return v
}

func keys(m map[string][32]byte) []string { return slices.Sorted(maps.Keys(m)) }

// TestRemindersWhileTheBotRuns: the preview reads a database the bot holds
// open, through its write-ahead log: a submission committed a moment ago
// (not yet checkpointed) silences its reminder, and the bot writes on
// afterwards.
func TestRemindersWhileTheBotRuns(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "fwbot.db")
	botDatabase(t, path, "2027-01-01", nil)
	db, err := sqlite.Open(ctx, path) // the running bot
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	submit := func(ob, agency, period string) {
		t.Helper()
		err := db.Update(ctx, func(tx coord.Tx) error {
			return tx.CreateSubmission(ctx, &coord.Submission{Obligation: ob, Agency: agency, Period: period,
				Kind: coord.WithFiles, SubmittedBy: 1, ChatID: 1, SubmittedAt: time.Now()})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	submit("6.4", "ldtbxh", "2027-01")
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatalf("the running bot has no write-ahead log: %v", err)
	}
	code, out, errOut := remindersRun(t, path, "--at", "2027-03-01T08:00:00+07:00")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if got, want := remindersCSV(t, out), march1[1:]; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	submit("7.3", "bqlkcn", "2027-02") // the bot still writes
}

// TestTheREADMEsRemindersExample: the preview the README shows prints rows
// (an example on a holiday printed only the header) and creates no
// database file where there was none.
func TestTheREADMEsRemindersExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	for _, l := range strings.Split(string(readme), "\n") {
		if rest, ok := strings.CutPrefix(l, "go run . reminders "); ok {
			args = strings.Fields(rest)
			break
		}
	}
	if len(args) == 0 {
		t.Fatal("the README shows no `go run . reminders …` example")
	}
	db := filepath.Join(t.TempDir(), "none", "fwbot.db")
	code, out, stderr := remindersRun(t, db, args...)
	if code != 0 {
		t.Fatalf("reminders %v: exit %d\n%s", args, code, stderr)
	}
	if rows := remindersCSV(t, out); len(rows) == 0 {
		t.Errorf("the README's example `reminders %s` prints only the header: choose a day with reminders", strings.Join(args, " "))
	}
	if _, err := os.Stat(filepath.Dir(db)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the preview created %s (err %v)", filepath.Dir(db), err)
	}
}

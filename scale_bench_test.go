package main

// Benchmarks of issue item 12: deadline planning for a large catalogue, and
// the queries behind /status and the weekly digest over a large database.
// scripts/bench.sh runs them and writes BENCHMARKS.md; plain `go test`
// never runs them.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/config"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/handlers"
	"github.com/bacgiang/fwbot/scheduler"
	redisstore "github.com/bacgiang/fwbot/storage/redis"
	"github.com/bacgiang/fwbot/storage/sqlite"
	"github.com/bacgiang/fwbot/work"
)

// Sizes of the synthetic province of item 12.
const (
	scaleAgencies    = 100
	scaleObligations = 20
	scaleSubmissions = 1_000_000
	scaleRequests    = 100_000
	// The baseline database: the same catalogue with 1,000 submissions
	// (and 100 requests).
	scaleSmallSubmissions = 1_000
	scaleSmallRequests    = 100
	// scaleDBVersion names the generator in the cache file name; change it
	// whenever the generator changes, so a stale cache is not reused.
	scaleDBVersion = 1
)

// scaleAdmins ask /status in turn (an admin may ask it for any agency):
// enough of them that none reaches the dispatcher's flood limit (30 updates
// a person in 10 s), which would answer instead of the view.
var scaleAdmins = func() []bot.Person {
	out := make([]bot.Person, 50)
	for i := range out {
		out[i] = bot.Person{ID: int64(111 + i), FirstName: "Quản", LastName: fmt.Sprintf("Trị %d", i+1)}
	}
	return out
}()

// benchShippedConfig is config.yaml as the bot loads it.
func benchShippedConfig(b *testing.B) *config.Config {
	b.Helper()
	cfg, err := loadConfig(func(k string) string {
		if k == "BOT_CONFIG" {
			return "config.yaml"
		}
		return ""
	})
	if err != nil {
		b.Fatal(err)
	}
	return cfg
}

// scaleCatalogue is a province of 100 agencies (cq001 the coordinator),
// each responsible for all 20 obligations: b01–b10 monthly, b11–b16
// quarterly, b17–b18 first half-year and yearly, b19–b20 yearly, all due
// to the coordinator; b01 consolidates b02 and b03, b11 consolidates b12,
// as 6.4 and 6.6 consolidate inputs in the shipped catalogue.
func scaleCatalogue(b *testing.B) *coord.Catalogue {
	b.Helper()
	agencies := make([]coord.Agency, scaleAgencies)
	codes := make([]string, scaleAgencies)
	for i := range agencies {
		codes[i] = fmt.Sprintf("cq%03d", i+1)
		agencies[i] = coord.Agency{Code: codes[i], Name: fmt.Sprintf("Cơ quan %d", i+1), Kind: coord.KindDepartment, Coordinator: i == 0}
	}
	obligations := make([]coord.Obligation, scaleObligations)
	for i := range obligations {
		var sched []coord.Schedule
		switch n := i + 1; {
		case n <= 10:
			sched = []coord.Schedule{{Cadence: coord.Monthly, Due: coord.DueRule{Day: 4 + n, MonthsAfter: 1}}}
		case n <= 16:
			sched = []coord.Schedule{{Cadence: coord.Quarterly, Due: coord.DueRule{Day: 10, MonthsAfter: 1}}}
		case n <= 18:
			sched = []coord.Schedule{{Cadence: coord.HalfYear1, Due: coord.DueRule{Day: 15, MonthsAfter: 1}},
				{Cadence: coord.Yearly, Due: coord.DueRule{Day: 15, MonthsAfter: 1}}}
		default:
			sched = []coord.Schedule{{Cadence: coord.Yearly, Due: coord.DueRule{Day: 20, MonthsAfter: 1}}}
		}
		obligations[i] = coord.Obligation{ID: fmt.Sprintf("b%02d", i+1), Title: fmt.Sprintf("Báo cáo định kỳ số %d", i+1),
			From: codes, To: []string{codes[0]}, Schedules: sched, NilAllowed: true}
	}
	obligations[0].Inputs = []string{"b02", "b03"}
	obligations[10].Inputs = []string{"b12"}
	cat, err := coord.NewCatalogue(agencies, obligations)
	if err != nil {
		b.Fatal(err)
	}
	return cat
}

// halfSubmitted says, deterministically, that about half of all periods
// were submitted, so that Plan filters as it does in production.
func halfSubmitted(obligation, agency, period string) bool {
	h := fnv.New32a()
	_, _ = io.WriteString(h, obligation+"|"+agency+"|"+period)
	return h.Sum32()%2 == 0
}

// timed runs op b.N times and reports the p50 and p99 of one op.
func timed(b *testing.B, op func(i int)) {
	b.Helper()
	ds := make([]time.Duration, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		op(i)
		ds[i] = time.Since(start)
	}
	b.StopTimer()
	b.ReportMetric(ms(percentile(ds, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(ds, 0.99)), "p99-ms")
}

// BenchmarkPlan times deadline planning over the three years 2026–2028,
// for the synthetic province (100 agencies × 20 obligations) and, as the
// baseline, for the shipped catalogue (22 agencies, 13 obligations):
//
//   - day: scheduler.Plan of one day's reminders (what the scheduler and
//     the reminders subcommand compute), each op the next day of the three
//     years, about half the periods submitted;
//
//   - table: every deadline of the three years for every responsible
//     agency (what the calendar subcommand prints), per op.
//
//     go test -run '^$' -bench '^BenchmarkPlan$' -benchtime 1096x .
func BenchmarkPlan(b *testing.B) {
	cfg := benchShippedConfig(b)
	first := coord.Date{Year: 2026, Month: time.January, Day: 1}
	last := coord.Date{Year: 2028, Month: time.December, Day: 31}
	days := 0
	for d := first; !last.Before(d); d = d.AddDays(1) {
		days++
	}
	for _, c := range []struct {
		name string
		cat  *coord.Catalogue
	}{{"synthetic", scaleCatalogue(b)}, {"shipped", cfg.Catalogue}} {
		b.Run("day/"+c.name, func(b *testing.B) {
			reminders := 0
			timed(b, func(i int) {
				reminders += len(scheduler.Plan(c.cat, cfg.Calendar, reminderPolicy(cfg), coord.Date{}, halfSubmitted, first.AddDays(i%days)))
			})
			b.ReportMetric(float64(reminders)/float64(b.N), "reminders/day")
		})
		b.Run("table/"+c.name, func(b *testing.B) {
			from, to := first.At(cfg.Location), last.AddDays(1).At(cfg.Location)
			rows := 0
			timed(b, func(int) {
				rows = 0
				for _, ob := range c.cat.Obligations {
					rows += len(cfg.Calendar.DeadlinesBetween(ob, from, to)) * len(ob.From)
				}
			})
			b.ReportMetric(float64(rows), "rows")
		})
	}
}

// scaleNow is the moment the views are asked for: late in the three years.
func scaleNow(cfg *config.Config) time.Time {
	return time.Date(2027, time.December, 15, 10, 0, 0, 0, cfg.Location)
}

// scaleTrackFrom is the first due date agencies are held to: three years
// of periods are owed and shown.
var scaleTrackFrom = coord.Date{Year: 2025, Month: time.January, Day: 1}

// scaleWorld is one database of the synthetic province with everything
// that asks it: the real handlers behind a dispatcher (for /status), and
// the scheduler (for the weekly digest).
type scaleWorld struct {
	store  *sqlite.DB
	d      *bot.Dispatcher
	sched  *scheduler.Scheduler
	cat    *coord.Catalogue
	now    time.Time
	nextID int64
}

// BenchmarkStatusDigest times, over a database of the synthetic province
// with 1,000,000 submissions and 100,000 requests ("1M") and, as the
// baseline, the same catalogue with 1,000 submissions ("1k"):
//
//   - status: /status <agency> asked by an admin, through the dispatcher
//     and the real handlers (routing, access check, every query of the
//     view, the reply written into the outbox), each op the next agency;
//   - weekly: the weekly digest built and queued, as the scheduler and
//     /digest weekly do;
//   - pair: the store query /status repeats per obligation (one agency's
//     versions of the tracked periods of one obligation, without files);
//   - counts: the digest's query of each agency's open requests.
//
// The databases are generated once into FWBOT_BENCH_DIR (the script uses
// .bench/) and reused while scaleDBVersion stays the same; each run works
// on a copy. Without FWBOT_BENCH_DIR they are generated into a temp dir
// (about 40 s); -short skips the benchmark.
//
//	FWBOT_BENCH_DIR=.bench go test -run '^$' -bench '^BenchmarkStatusDigest$' -benchtime 20x .
func BenchmarkStatusDigest(b *testing.B) {
	if testing.Short() {
		b.Skip("generates a database of 1,000,000 submissions unless cached")
	}
	cfg := benchShippedConfig(b)
	cat := scaleCatalogue(b)
	cache := os.Getenv("FWBOT_BENCH_DIR")
	if cache == "" {
		cache = b.TempDir()
	}
	worlds := map[string]*scaleWorld{}
	for _, size := range []struct {
		name       string
		subs, reqs int
	}{{"1M", scaleSubmissions, scaleRequests}, {"1k", scaleSmallSubmissions, scaleSmallRequests}} {
		path := scaleDB(b, cfg, cat, cache, size.subs, size.reqs)
		worlds[size.name] = openScaleWorld(b, cfg, cat, path)
	}
	for _, size := range []string{"1M", "1k"} {
		w := worlds[size]
		b.Run("status/"+size, func(b *testing.B) {
			timed(b, func(i int) { w.status(b, cat.Agencies[i%len(cat.Agencies)].Code) })
			if reply := w.replies(b, func() { w.status(b, "cq042") }); !strings.Contains(reply, "(cq042)") || !strings.Contains(reply, "b20") {
				b.Fatalf("/status cq042 answered:\n%s", reply)
			}
		})
	}
	for _, size := range []string{"1M", "1k"} {
		w := worlds[size]
		b.Run("weekly/"+size, func(b *testing.B) {
			timed(b, func(int) { w.weekly(b) })
			if reply := w.replies(b, func() { w.weekly(b) }); !strings.Contains(reply, "(cq001)") || !strings.Contains(reply, "(cq100)") {
				b.Fatalf("the weekly digest reads:\n%s", reply)
			}
		})
	}
	for _, size := range []string{"1M", "1k"} {
		w := worlds[size]
		b.Run("pair/"+size, func(b *testing.B) {
			rows := 0
			today := cfg.Calendar.Today(w.now)
			timed(b, func(i int) {
				a := cat.Agencies[i%len(cat.Agencies)].Code
				ob := cat.Obligations[i%len(cat.Obligations)]
				periods := coord.Tracked(cfg.Calendar, ob, today, scaleTrackFrom).Labels()
				err := w.store.View(context.Background(), func(tx coord.Tx) error {
					subs, err := tx.Submissions(context.Background(),
						coord.SubmissionFilter{Obligation: ob.ID, Agency: a, Periods: periods, NoFiles: true})
					rows += len(subs)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			})
			b.ReportMetric(float64(rows)/float64(b.N), "rows/op")
		})
	}
	for _, size := range []string{"1M", "1k"} {
		w := worlds[size]
		b.Run("counts/"+size, func(b *testing.B) {
			agencies := 0
			today := cfg.Calendar.Today(w.now)
			timed(b, func(int) {
				err := w.store.View(context.Background(), func(tx coord.Tx) error {
					counts, err := tx.RequestCounts(context.Background(), today)
					agencies += len(counts)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			})
			b.ReportMetric(float64(agencies)/float64(b.N), "agencies/op")
		})
	}
}

// status asks /status for agency as the next admin.
func (w *scaleWorld) status(b *testing.B, agency string) {
	w.nextID++
	admin := scaleAdmins[w.nextID%int64(len(scaleAdmins))]
	u := bot.Update{ID: w.nextID, Chat: bot.Chat{ID: admin.ID, Type: "private"}, From: admin, MessageID: int(w.nextID),
		Text: "/status " + agency, Command: "status", Args: agency}
	if err := w.d.Handle(context.Background(), u); err != nil {
		b.Fatal(err)
	}
}

// replies runs op and returns the text of everything it queued, so that a
// benchmark can check (outside its timing) that the view answered and did
// not fail.
func (w *scaleWorld) replies(b *testing.B, op func()) string {
	b.Helper()
	ctx := context.Background()
	before, err := w.store.PendingOutbox(ctx, 0, 0)
	if err != nil {
		b.Fatal(err)
	}
	var cursor int64
	if len(before) > 0 {
		cursor = before[len(before)-1].ID
	}
	op()
	items, err := w.store.PendingOutbox(ctx, cursor, 0)
	if err != nil {
		b.Fatal(err)
	}
	var text strings.Builder
	for _, it := range items {
		text.WriteString(it.Msg.Text + "\n")
	}
	return text.String()
}

// weekly builds and queues the weekly digest.
func (w *scaleWorld) weekly(b *testing.B) {
	ctx := context.Background()
	err := w.store.Update(ctx, func(tx coord.Tx) error {
		chats, err := w.sched.Digest(ctx, tx, coord.DigestWeekly, w.now)
		if err == nil && len(chats) == 0 {
			err = errors.New("the weekly digest went nowhere")
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
}

// openScaleWorld copies the database at path into a temp dir (the
// benchmark writes replies and handled marks; the cache stays as
// generated) and wires the handlers and the scheduler to it.
func openScaleWorld(b *testing.B, cfg *config.Config, cat *coord.Catalogue, path string) *scaleWorld {
	b.Helper()
	ctx := context.Background()
	dst := filepath.Join(b.TempDir(), "scale.db")
	if err := copyFile(path, dst); err != nil {
		b.Fatal(err)
	}
	store, err := sqlite.Open(ctx, dst)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	mr := miniredis.RunT(b)
	state, err := redisstore.New(ctx, redisstore.Options{Addr: mr.Addr()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { state.Close() })
	log := slog.New(slog.DiscardHandler)
	w := &scaleWorld{store: store, cat: cat, now: scaleNow(cfg)}
	var admins []int64
	for _, a := range scaleAdmins {
		admins = append(admins, a.ID)
	}
	h := &handlers.Handlers{Catalogue: cat, InviteTTL: 7 * 24 * time.Hour, AdminIDs: admins,
		Log: log, Calendar: cfg.Calendar, Work: &work.Service{Catalogue: cat, Calendar: cfg.Calendar, TrackFrom: scaleTrackFrom}, MaxFileSize: 20 << 20,
		ArchiveNotify: func() {}, RequestDueWorkingDays: 5}
	if err := h.EnsureAdmins(ctx, store, w.now); err != nil {
		b.Fatal(err)
	}
	sched, err := scheduler.New(scheduler.Options{Store: store, Catalogue: cat, Calendar: cfg.Calendar, Policy: reminderPolicy(cfg),
		Hour: 8, TrackFrom: scaleTrackFrom, EscalateAfterWorkingDays: 3, WeeklyDay: time.Monday, WeeklyHour: 8, MonthlyHour: 8,
		Clock: coord.ClockFunc(func() time.Time { return w.now }), Log: log})
	if err != nil {
		b.Fatal(err)
	}
	h.Digester = sched
	r := bot.NewRouter()
	h.Register(r)
	w.d = bot.NewDispatcher(store, state, r, nil, func() time.Time { return w.now }, log, "fwbot_bench_bot")
	w.sched = sched
	return w
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// scaleDB returns the path of the cached database of the synthetic
// province with subs submissions and reqs requests, generating it into
// dir first if it is not there.
func scaleDB(b *testing.B, cfg *config.Config, cat *coord.Catalogue, dir string, subs, reqs int) string {
	b.Helper()
	path := filepath.Join(dir, fmt.Sprintf("scale-v%d-%d-%d.db", scaleDBVersion, subs, reqs))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	tmp := path + ".tmp"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(tmp + suffix)
	}
	if err := generateScaleDB(cfg, cat, tmp, subs, reqs); err != nil {
		b.Fatalf("generate %s: %v", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %s in %v", path, time.Since(start).Round(time.Second))
	return path
}

// generateScaleDB writes the database: the schema and agencies through the
// store, then the bulk rows with plain SQL in large transactions.
//
// Every agency owes every obligation for each period from 2008 to now.
// In the three tracked years one period in twenty is missing (so that
// /status and the digest show overdue ones); the others share subs
// versions as evenly as the count allows, in a random order, each with one
// file and one delivery to the coordinator (acknowledged four times in
// five). Requests go between random agencies; one in twenty is still open
// and one in thirty accepted, the rest closed.
func generateScaleDB(cfg *config.Config, cat *coord.Catalogue, path string, subs, reqs int) error {
	ctx := context.Background()
	now := scaleNow(cfg)
	store, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	err = store.SyncAgencies(ctx, cat.Agencies)
	if err == nil {
		err = store.Update(ctx, func(tx coord.Tx) error {
			// Every agency's group and the coordination group are bound.
			for i, a := range cat.Agencies {
				if _, err := tx.Bind(ctx, coord.ChatBinding{ChatID: -1001000000000 - int64(i), Code: a.Code, BoundAt: now}); err != nil {
					return err
				}
			}
			_, err := tx.Bind(ctx, coord.ChatBinding{ChatID: -1009999999999, Code: coord.CoordGroup, BoundAt: now})
			return err
		})
	}
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}

	// The (agency, obligation, period) slots, with their deadlines.
	type slot struct {
		agency, ob int
		dl         coord.Deadline
	}
	today := cfg.Calendar.Today(now)
	var slots []slot
	for ai, a := range cat.Agencies {
		for oi, ob := range cat.ObligationsOf(a.Code) {
			for _, dl := range cfg.Calendar.PeriodsBegun(ob, today, coord.Date{Year: 2008, Month: time.January, Day: 1}) {
				slots = append(slots, slot{ai, oi, dl})
			}
		}
	}
	rng := rand.New(rand.NewPCG(608, 2015))
	var kept []int
	for i, s := range slots {
		if !coord.DateOf(s.dl.Due).Before(scaleTrackFrom) && rng.IntN(20) == 0 {
			continue
		}
		kept = append(kept, i)
	}
	versions := make([]int, len(slots))
	rng.Shuffle(len(kept), func(i, j int) { kept[i], kept[j] = kept[j], kept[i] })
	for k, i := range kept {
		versions[i] = subs / len(kept)
		if k < subs%len(kept) {
			versions[i]++
		}
	}

	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=OFF&_foreign_keys=0")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	const batch = 50_000
	var (
		tx      *sql.Tx
		inTx    int
		subStmt *sql.Stmt
		fileSt  *sql.Stmt
		delSt   *sql.Stmt
		reqSt   *sql.Stmt
	)
	begin := func() error {
		var err error
		if tx, err = db.Begin(); err != nil {
			return err
		}
		prep := func(q string) *sql.Stmt {
			st, e := tx.Prepare(q)
			if e != nil && err == nil {
				err = e
			}
			return st
		}
		subStmt = prep(`INSERT INTO submissions (id, obligation, agency, period, version, kind, note, submitted_by, chat_id,
    submitted_at, replaces_wrong, due_at, effective_due_at, late_days) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?)`)
		fileSt = prep(`INSERT INTO submission_files (submission_id, seq, file_id, file_unique_id, name, mime, size, photo,
    sha256, archived_at, attempts, last_error) VALUES (?, 1, ?, ?, 'bao-cao.pdf', 'application/pdf', ?, FALSE, ?, ?, 1, '')`)
		delSt = prep(`INSERT INTO deliveries (submission_id, agency, mode, created_at, acked_by, acked_at) VALUES (?, ?, 'group', ?, ?, ?)`)
		reqSt = prep(`INSERT INTO requests (type, from_agency, to_agency, subject, body, due_date, state, created_by, created_at,
    updated_at, files) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, '[]')`)
		inTx = 0
		return err
	}
	step := func() error {
		inTx++
		if inTx < batch {
			return nil
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		return begin()
	}
	if err := begin(); err != nil {
		return err
	}
	var id int64
	for i, s := range slots {
		a, ob := cat.Agencies[s.agency], cat.ObligationsOf(cat.Agencies[s.agency].Code)[s.ob]
		recipient := cat.Agencies[0].Code
		if s.agency == 0 {
			recipient = cat.Agencies[1].Code
		}
		for v := 1; v <= versions[i]; v++ {
			id++
			// Most arrive in the days before the effective due, a few late.
			at := s.dl.EffectiveDue.Add(-time.Duration(rng.IntN(15*24)) * time.Hour).Add(time.Duration(v) * time.Hour)
			if rng.IntN(10) == 0 {
				at = s.dl.EffectiveDue.Add(time.Duration(rng.IntN(20*24)) * time.Hour)
			}
			if at.After(now) {
				at = now.Add(-time.Duration(rng.IntN(48)+1) * time.Hour)
			}
			kind, user := "files", int64(200000+s.agency)
			if ob.NilAllowed && rng.IntN(10) == 0 {
				kind = "nil"
			}
			due, eff := s.dl.Due.UTC(), s.dl.EffectiveDue.UTC()
			if _, err := subStmt.Exec(id, ob.ID, a.Code, s.dl.Period.String(), v, kind, user, user, at.UTC(), false,
				due, eff, s.dl.LateDays(at)); err != nil {
				return err
			}
			if kind == "files" {
				sha := fmt.Sprintf("%064x", id*2654435761)
				if _, err := fileSt.Exec(id, fmt.Sprintf("BQACbench%d", id), fmt.Sprintf("AQADbench%d", id),
					50_000+rng.IntN(2_000_000), sha, at.Add(time.Minute).UTC()); err != nil {
					return err
				}
			}
			var ackBy, ackAt any
			if rng.IntN(5) != 0 {
				ackBy, ackAt = int64(200000), at.Add(3*time.Hour).UTC()
			}
			if _, err := delSt.Exec(id, recipient, at.UTC(), ackBy, ackAt); err != nil {
				return err
			}
			if err := step(); err != nil {
				return err
			}
		}
	}
	for i := range reqs {
		from, to := rng.IntN(len(cat.Agencies)), rng.IntN(len(cat.Agencies)-1)
		if to >= from {
			to++
		}
		created := now.Add(-time.Duration(rng.IntN(3*365*24)) * time.Hour)
		due := coord.DateOf(created.In(cfg.Location)).AddDays(7)
		state := coord.ReqAnswered
		switch r := rng.IntN(60); {
		case r < 3:
			state = coord.ReqOpen
		case r < 5:
			state = coord.ReqAccepted
		case r < 8:
			state = coord.ReqDeclined
		case r < 9:
			state = coord.ReqCancelled
		}
		kinds := cat.RequestKinds()
		typ := kinds[rng.IntN(len(kinds))].Code
		if _, err := reqSt.Exec(string(typ), cat.Agencies[from].Code, cat.Agencies[to].Code,
			fmt.Sprintf("Đề nghị phối hợp số %d", i+1), due.String(), string(state), int64(200000+from),
			created.UTC(), created.Add(24*time.Hour).UTC()); err != nil {
			return err
		}
		if err := step(); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return err
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM submissions`).Scan(&n); err != nil {
		return err
	}
	if n != subs {
		return fmt.Errorf("generated %d submissions, want %d", n, subs)
	}
	if err := db.Close(); err != nil {
		return err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

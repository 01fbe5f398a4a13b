// Command fwbot is the Telegram bot through which the agencies of a
// province coordinate the management of foreign workers under their
// coordination regulation (named, with the agencies, in config.yaml):
// enrolment, report submission, coordination requests, reminders.
//
//	TELEGRAM_BOT_TOKEN=… go run .      run the bot (embedded Redis, SQLite file)
//	go run . help                      list the subcommands
package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/bacgiang/fwbot/archive"
	"github.com/bacgiang/fwbot/backup"
	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/config"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/handlers"
	"github.com/bacgiang/fwbot/internal/outage"
	"github.com/bacgiang/fwbot/ops"
	"github.com/bacgiang/fwbot/regimport"
	"github.com/bacgiang/fwbot/scheduler"
	redisstore "github.com/bacgiang/fwbot/storage/redis"
	"github.com/bacgiang/fwbot/storage/sqlite"
	"github.com/bacgiang/fwbot/work"
	"github.com/bacgiang/fwbot/xlsx"
)

// memoryLimit is the Go runtime's soft memory limit (heap, stacks, runtime);
// the binary's own pages and SQLite's caches come on top.
const memoryLimit = 20 << 20

// defaultConfig is the repository's config.yaml, built in so that the binary
// runs anywhere; BOT_CONFIG or a config.yaml in the working directory wins.
//
//go:embed config.yaml
var defaultConfig []byte

func main() {
	// A small daemon on a shared server: a soft memory limit makes the Go
	// collector work harder only as the heap nears it (GOMEMLIMIT wins). Set
	// here, not in Main, because it is process-wide and tests run Main
	// beside other things.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Main(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// Main is the whole program behind the binary; end-to-end tests run this
// same function in-process. It returns the exit code.
func Main(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cmd := "run"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "run":
		return run(ctx, getenv, stderr)
	case "calendar":
		return runCalendar(args, getenv, stdout, stderr)
	case "reminders":
		return runReminders(args, getenv, stdout, stderr)
	case "sandbox":
		return runSandbox(ctx, args, getenv, stdout, stderr)
	case "backup":
		return runBackup(ctx, args, getenv, stdout, stderr)
	case "restore":
		return runRestore(ctx, args, getenv, stdout, stderr)
	case "healthcheck":
		return runHealthcheck(ctx, args, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "unknown subcommand %q\n\n%s", cmd, usage)
		return 2
	}
}

const usage = `fwbot: the coordination bot of a province's agencies for the management of foreign
workers (the province, its regulation and its agencies are named in config.yaml)

Usage:
  fwbot [run]                                  run the bot (needs TELEGRAM_BOT_TOKEN)
  fwbot sandbox [--listen 127.0.0.1:8080] [--dir data/sandbox] [--empty]
                                               try every flow in a browser, without Telegram
  fwbot calendar --from YYYY-MM-DD --to YYYY-MM-DD
                                               print every deadline in [from, to) as CSV
  fwbot reminders --at 2027-02-04T08:00:00+07:00
                                               print the reminders of that day due by then, as CSV
  fwbot backup [--to DIR]                      back up the database and the files, also while the bot runs
  fwbot restore --from DIR/fwbot-YYYYMMDDTHHMMSS [--to-db PATH --to-files DIR]
                                               put a backup back into an empty place
  fwbot healthcheck [--url http://127.0.0.1:9090/healthz]
                                               exit 0 if a running bot's /healthz answers 200, else 1
  fwbot help                                   this text

Configuration: config.yaml (BOT_CONFIG names another file), overridden by
TELEGRAM_BOT_TOKEN, TELEGRAM_API_ENDPOINT, REDIS_ADDR, REDIS_PASSWORD,
REDIS_CA_FILE, BOT_DB_PATH, BOT_FILES_DIR, BOT_BACKUP_DIR, BOT_ADMIN_IDS, BOT_METRICS_LISTEN.
See README.md.
`

const missingToken = `TELEGRAM_BOT_TOKEN is not set.
Create the bot in Telegram: open a chat with @BotFather, send /newbot, choose a
name and a username, and copy the token it gives you. Then start the bot with:

    TELEGRAM_BOT_TOKEN=<token> go run .

Chưa có TELEGRAM_BOT_TOKEN. Hãy mở Telegram, nhắn /newbot cho @BotFather để tạo
bot và lấy token, rồi chạy lại với TELEGRAM_BOT_TOKEN=<token> go run .
`

// loadConfig reads BOT_CONFIG, else ./config.yaml, else the built-in copy.
func loadConfig(getenv func(string) string) (*config.Config, error) {
	if path := getenv("BOT_CONFIG"); path != "" {
		return config.Load(path, getenv)
	}
	if _, err := os.Stat("config.yaml"); err == nil {
		return config.Load("config.yaml", getenv)
	}
	return config.Parse(defaultConfig, "config.yaml (built in)", getenv)
}

// newLogger writes text lines to w with every secret (the token, the Redis
// passwords) scrubbed, whoever logs: our code, or go-redis's own messages,
// which may quote an address.
func newLogger(w io.Writer, getenv func(string) string, secrets ...string) *slog.Logger {
	level := slog.LevelInfo
	if strings.EqualFold(getenv("BOT_LOG_LEVEL"), "debug") {
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if strings.EqualFold(getenv("BOT_LOG_FORMAT"), "json") {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(bot.NewRedactingHandler(h, secrets...))
}

// run is the bot's lifecycle: open everything, poll until ctx ends, then
// stop polling, drain the outbox within a bound, and close Redis and the DB.
func run(ctx context.Context, getenv func(string) string, stderr io.Writer) int {
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "configuration error: %v\n", err)
		return 2
	}
	token := cfg.Telegram.Token.Reveal()
	if token == "" {
		fmt.Fprint(stderr, missingToken)
		return 2
	}
	log := newLogger(stderr, getenv, token, cfg.Redis.Password.Reveal(), redisstore.AddrPassword(cfg.Redis.Addr, cfg.Redis.Password == ""))
	clock, err := drillClock(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "configuration error: %v\n", err)
		return 2
	}
	if clock != nil {
		ctx = withClock(ctx, clock)
		log.Warn("BOT_CLOCK_START is set: the bot runs on a shifted clock (drills only)", "now", clock.Now().Format(time.RFC3339))
	}
	if err := serve(ctx, cfg, token, log); err != nil {
		log.Error("bot stopped", "err", err)
		return 1
	}
	return 0
}

func serve(ctx context.Context, cfg *config.Config, token string, log *slog.Logger) error {
	// The operator's endpoints come first: /healthz answers while the rest
	// starts, and a taken address stops the bot before anything opens.
	metrics := ops.NewMetrics()
	health, stopHealth, err := startOps(ctx, cfg, metrics, log)
	if err != nil {
		return err
	}
	defer stopHealth()

	db, err := sqlite.Open(ctx, cfg.Storage.DBPath)
	if err != nil {
		return fmt.Errorf("open database %s: %w", cfg.Storage.DBPath, err)
	}
	if hook, ok := ctx.Value(openedKey{}).(func(*sqlite.DB)); ok {
		hook(db)
	}
	defer db.Close()
	if _, ok, err := db.Setting(ctx, sandboxMarker); err != nil {
		return err
	} else if ok && !inSandbox(ctx) {
		return fmt.Errorf("%s: %w", cfg.Storage.DBPath, errSandboxDB)
	}
	carried, err := db.ApplyCatalogue(ctx, cfg.Catalogue)
	if err != nil {
		return fmt.Errorf("%s: %w", cfg.Storage.DBPath, err)
	}
	for _, c := range carried {
		log.Info("carried records over to the renamed agency", "component", "storage", "from", c.From, "to", c.To,
			"kind", c.Kind, "count", c.Count)
	}
	clock := clockFrom(ctx)

	redisstore.SetLogger(log)
	opts := redisstore.Options{Addr: cfg.Redis.Addr, Password: cfg.Redis.Password.Reveal(), CAFile: cfg.Redis.CAFile,
		StateTTL: cfg.Redis.StateTTL}
	if opts.Addr == "" {
		emb, err := redisstore.StartEmbedded()
		if err != nil {
			return fmt.Errorf("start embedded redis: %w", err)
		}
		defer emb.Close()
		opts.Addr, opts.Password = emb.Addr(), "" // the embedded Redis has no password
		log.Warn("REDIS_ADDR is empty: using an embedded in-process Redis; conversation state does not survive a restart (set REDIS_ADDR for production)", "component", "redis")
	}
	// The store's errors name the address redacted, never the password.
	state, err := redisstore.New(ctx, opts)
	if errors.Is(err, redisstore.ErrAuth) {
		return fmt.Errorf("%w (check REDIS_PASSWORD or redis.password, and any password in REDIS_ADDR)", err)
	}
	if err != nil {
		return err
	}
	defer state.Close()
	if cfg.Redis.Addr != "" {
		log.Info("connected to Redis", "component", "redis", "addr", redisstore.RedactAddr(cfg.Redis.Addr))
	}
	health.SetChecks(readinessChecks(cfg, db, state, metrics)...)
	metrics.WatchOutbox(outboxStats(db), clock.Now)

	client, err := connect(ctx, cfg, token, metrics, log)
	if err != nil {
		return err
	}
	if client == nil {
		return nil // stopped while connecting
	}
	log.Info("connected to Telegram", "component", "bot", "username", client.Username, "endpoint", cfg.Telegram.APIEndpoint)

	trackFrom, err := trackingStart(ctx, db, cfg)
	if err != nil {
		return err
	}
	// One set of use cases for the chat, the scheduler and the archive.
	uses := &work.Service{Catalogue: cfg.Catalogue, Calendar: cfg.Calendar, TrackFrom: trackFrom, Notices: cfg.Notices,
		ExpiringDays: cfg.Register.ExpiringDays, KeepMonths: cfg.Register.KeepMonths, Access: cfg.Register.Access}
	// A database that cannot write (a full disk) is logged once a minute
	// for all of them together.
	unwritable := &outage.Watch{Suppressed: metrics.LogSuppressed}
	var sender *bot.Sender // made below; the archive's notices wake it
	var importer *regimport.Importer
	archiver, err := archive.New(db, client, archive.Options{Dir: cfg.Storage.FilesDir, MaxSize: cfg.Storage.MaxFileSize(), Logger: log,
		Metrics: metrics, Outage: unwritable, OnGiveUp: fileGivenUp(db, uses, clock, cfg.Storage.MaxFileSize(), func() { sender.Notify() }),
		OnResult: func(int64, error) { importer.Notify() }})
	if err != nil {
		return fmt.Errorf("file archive %s: %w", cfg.Storage.FilesDir, err)
	}
	// The register reads each list once its files are in the archive.
	importer, err = regimport.New(regimport.Options{Store: db, Work: uses, Clock: clock, Log: log,
		Open: openList(archiver, filepath.Join(cfg.Storage.FilesDir, "tmp")), Notify: func() { sender.Notify() }, Outage: unwritable,
		Metrics: metrics})
	if err != nil {
		return err
	}
	// Exports wait for their upload beside the archive; a file the outbox
	// did not remove (a rolled-back update) outlives any upload it was for.
	// Its age is the file system's, on the wall clock (not a drill's).
	exports, err := xlsx.NewSpool(filepath.Join(cfg.Storage.FilesDir, "exports"),
		xlsx.SpoolOptions{Keep: max(7*24*time.Hour, 2*cfg.Outbox.GiveUpAfter), Logger: log})
	if err != nil {
		return err
	}
	h := &handlers.Handlers{Work: uses, Catalogue: cfg.Catalogue, InviteTTL: cfg.Invites.TTL,
		AdminIDs: cfg.AdminIDs, Log: log.With("component", "handlers"),
		Calendar: cfg.Calendar, MaxFileSize: cfg.Storage.MaxFileSize(), ArchiveNotify: archiver.Notify,
		RequestDueWorkingDays: cfg.Requests.DefaultDueWorkingDays, Exports: exports}
	if err := h.EnsureAdmins(ctx, db, clock.Now()); err != nil {
		return err
	}
	sender = bot.NewSender(db, client, bot.SenderOptions{
		Limits: bot.Limits{GlobalPerSecond: cfg.Outbox.GlobalPerSecond, PrivatePerSecond: cfg.Outbox.PrivatePerSecond,
			PrivateBurst: cfg.Outbox.PrivateBurst, GroupPerMinute: cfg.Outbox.GroupPerMinute},
		MaxAttempts: cfg.Outbox.MaxAttempts, GiveUpAfter: cfg.Outbox.GiveUpAfter, Logger: log,
		ChatLost: groupLost(db, uses, clock, func() { sender.Notify() }),
		Outage:   unwritable,
	})
	sched, err := scheduler.New(scheduler.Options{
		Store: db, Work: uses, Catalogue: cfg.Catalogue, Calendar: cfg.Calendar, TrackFrom: trackFrom,
		Policy: reminderPolicy(cfg),
		Hour:   cfg.Reminders.Time.Hour, Minute: cfg.Reminders.Time.Minute,
		EscalateAfterWorkingDays: cfg.Requests.EscalateAfterWorkingDays,
		WeeklyDay:                time.Weekday(cfg.Digests.Weekly.Weekday),
		WeeklyHour:               cfg.Digests.Weekly.Time.Hour, WeeklyMinute: cfg.Digests.Weekly.Time.Minute,
		MonthlyHour: cfg.Digests.Monthly.Time.Hour, MonthlyMin: cfg.Digests.Monthly.Time.Minute,
		Lock: state, Clock: clock, Log: log, Notify: sender.Notify, AdminIDs: cfg.AdminIDs,
		KeepDelivered: cfg.Outbox.KeepDelivered, Wake: wakeFrom(ctx), Metrics: metrics,
		Inspections: inspectionOptions(cfg), Outage: unwritable,
	})
	if err != nil {
		return err
	}
	h.Digester = sched
	router := bot.NewRouter()
	h.Register(router)
	private, group := h.Menus()
	if err := client.SetCommands(ctx, private, group); err != nil {
		log.Warn("setMyCommands failed; the command menu may be outdated", "component", "bot", "err", err)
	}

	senderCtx, stopSender := context.WithCancel(context.WithoutCancel(ctx))
	senderDone := make(chan struct{})
	go func() {
		defer close(senderDone)
		if err := sender.Run(senderCtx); err != nil {
			log.Error("outbox sender stopped", "component", "outbox", "err", err)
		}
	}()
	defer func() { stopSender(); <-senderDone }()

	workers, stopWorkers := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	defer func() { stopWorkers(); wg.Wait() }()
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := archiver.Run(workers); err != nil {
			log.Error("archiver stopped", "component", "archive", "err", err)
		}
	}()

	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := importer.Run(workers); err != nil {
			log.Error("register importer stopped", "component", "register", "err", err)
		}
	}()

	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := sched.Run(workers); err != nil {
			log.Error("scheduler stopped", "component", "scheduler", "err", err)
		}
	}()

	if cfg.Backup.Dir != "" {
		daily, err := backup.NewDaily(backup.DailyOptions{Source: db, Dir: cfg.Backup.Dir,
			DBPath: cfg.Storage.DBPath, FilesDir: cfg.Storage.FilesDir, Location: cfg.Location,
			Hour: cfg.Backup.Time.Hour, Minute: cfg.Backup.Time.Minute, Keep: cfg.Backup.Keep,
			Clock: clock, Log: log})
		if err != nil {
			return err
		}
		log.Info("daily backup on", "component", "backup", "dir", cfg.Backup.Dir, "time", cfg.Backup.Time.String(), "keep", cfg.Backup.Keep)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := daily.Run(workers); err != nil {
				log.Error("daily backup stopped", "component", "backup", "err", err)
			}
		}()
	}

	dispatcher := bot.NewDispatcher(db, state, router, sender.Notify, clock.Now, log, client.Username)
	dispatcher.Metrics = metrics
	dispatcher.Files = client
	dispatcher.Direct, dispatcher.Outage = client, unwritable
	wg.Add(1)
	go func() {
		defer wg.Done()
		dispatcher.RunAlbums(ctx, db, albumQuiet)
	}()
	// Updates arrive by long polling (the default) or by webhook.
	var receiver interface{ Run(context.Context) error }
	if cfg.Telegram.WebhookURL != "" {
		wh, err := bot.NewWebhook(client, dispatcher, bot.WebhookOptions{URL: cfg.Telegram.WebhookURL,
			Listen: cfg.Telegram.WebhookListen, Secret: cfg.Telegram.WebhookSecret.Reveal(),
			MaxConnections: cfg.Telegram.WebhookMaxConnections}, log)
		if err != nil {
			return fmt.Errorf("webhook: %w", err)
		}
		receiver = wh
	} else {
		receiver = bot.NewPoller(client, db, dispatcher, cfg.Telegram.PollTimeout, log)
	}
	log.Info("bot is running", "component", "bot", "tracking_start", trackFrom.String(), "webhook", cfg.Telegram.WebhookURL != "")
	if err := receiver.Run(ctx); err != nil {
		return err
	}

	log.Info("shutting down: polling stopped, draining the outbox", "component", "bot", "bound", cfg.Outbox.DrainTimeout.String())
	drainCtx, cancel := context.WithTimeout(context.Background(), cfg.Outbox.DrainTimeout)
	defer cancel()
	if err := sender.Drain(drainCtx); err != nil {
		log.Warn("outbox not fully drained; the rest is kept and sent at next start", "component", "outbox", "err", err)
	}
	return nil
}

// groupLost is the outbox's ChatLost: a group that refused a send for good
// is handled as one that removed the bot (work.GroupLost), in a
// transaction of its own, and what that queues is delivered.
func groupLost(db coord.Store, uses *work.Service, clock coord.Clock, notify func()) func(ctx context.Context, chat, item int64, loss coord.GroupLoss, reason string) ([]int64, error) {
	return func(ctx context.Context, chat, _ int64, loss coord.GroupLoss, reason string) ([]int64, error) {
		var res work.LostGroup
		err := db.Update(ctx, func(tx coord.Tx) error {
			now := clock.Now()
			var err error
			res, err = uses.GroupLost(ctx, tx, work.Actor{}, now, work.LostChat{Chat: chat, Loss: loss, Reason: reason})
			if err != nil {
				return err
			}
			return coord.EnqueueAll(ctx, tx, res.Messages, now)
		})
		if err != nil {
			return nil, err
		}
		if len(res.Messages) > 0 {
			notify()
		}
		return res.Taken, nil
	}
}

// openList opens an archived file of a submission as the rows of a list
// (xlsx.OpenList), large parts unpacked beside the archive.
func openList(a *archive.Archiver, tmp string) work.ListOpener {
	return func(f coord.SubmittedFile) (coord.RowSource, func() error, error) {
		path, err := a.Path(f.SHA256)
		if err != nil {
			return nil, nil, err
		}
		l, err := xlsx.OpenList(path, f.Name, tmp)
		if err != nil {
			return nil, nil, err
		}
		return l, l.Close, nil
	}
}

// fileGivenUp is the archive's OnGiveUp: the submitter and the admins are
// told (work.FileGivenUp) in a transaction of its own, and the sender is
// woken for it.
func fileGivenUp(db coord.Store, uses *work.Service, clock coord.Clock, limit int64, notify func()) func(ctx context.Context, f coord.SubmittedFile, cause error) error {
	return func(ctx context.Context, f coord.SubmittedFile, cause error) error {
		in := work.LostFile{File: f, Loss: work.FileUnavailable, Limit: limit, Attempts: f.Attempts + 1}
		switch {
		case errors.Is(cause, archive.ErrTooLarge):
			in.Loss = work.FileTooLarge
		case errors.Is(cause, archive.ErrEmpty):
			in.Loss = work.FileEmpty
		}
		var out work.Out
		err := db.Update(ctx, func(tx coord.Tx) error {
			now := clock.Now()
			var err error
			if out, err = uses.FileGivenUp(ctx, tx, now, in); err != nil {
				return err
			}
			return coord.EnqueueAll(ctx, tx, out.Messages, now)
		})
		if err != nil {
			return err
		}
		if len(out.Messages) > 0 {
			notify()
		}
		return nil
	}
}

// clockKey carries a clock in the context given to Main. The binary always
// runs on the wall clock; end-to-end tests pass a fake one to play a
// deadline day, without a package-level variable that parallel tests would
// share.
type clockKey struct{}

func withClock(ctx context.Context, c coord.Clock) context.Context {
	return context.WithValue(ctx, clockKey{}, c)
}

// openedKey carries, in the context given to Main, a function called with
// the database once it is open: the fault drills of the end-to-end tests
// fill the running bot's disk through it (sqlite.DB.SetMaxPageCount), which
// no other connection to the file could do. The binary never sets it.
type openedKey struct{}

func withOpened(ctx context.Context, hook func(*sqlite.DB)) context.Context {
	return context.WithValue(ctx, openedKey{}, hook)
}

func clockFrom(ctx context.Context) coord.Clock {
	if c, ok := ctx.Value(clockKey{}).(coord.Clock); ok {
		return c
	}
	return coord.SystemClock
}

// drillClock reads BOT_CLOCK_START (RFC 3339): the bot then runs as if it
// had been started at that instant, its clock advancing in real time. It is
// for rehearsals on a staging bot — what goes out on a deadline morning —
// and for the fault drills of the test suite; never set it in production.
func drillClock(getenv func(string) string) (coord.Clock, error) {
	v := getenv("BOT_CLOCK_START")
	if v == "" {
		return nil, nil
	}
	start, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, fmt.Errorf("BOT_CLOCK_START: %q is not an RFC 3339 instant", v)
	}
	began := time.Now()
	return coord.ClockFunc(func() time.Time { return start.Add(time.Since(began)) }), nil
}

// albumQuiet is how long after an album's last part the album is taken as
// complete; Telegram sends the parts of an album within about a second.
const albumQuiet = 1500 * time.Millisecond

// trackingStartKey is the setting in which the database remembers the
// tracking start of its first bot.
const trackingStartKey = "tracking.start"

// trackingStart is the first due date agencies are held to: the configured
// calendar.tracking_start, else the first day of the month the database was
// first started in (remembered in the database).
func trackingStart(ctx context.Context, db *sqlite.DB, cfg *config.Config) (coord.Date, error) {
	if !cfg.TrackingStart.IsZero() {
		return cfg.TrackingStart, nil
	}
	key := trackingStartKey
	v, ok, err := db.Setting(ctx, key)
	if err != nil {
		return coord.Date{}, err
	}
	if ok {
		return coord.ParseDate(v)
	}
	today := cfg.Calendar.Today(clockFrom(ctx).Now())
	start := coord.Date{Year: today.Year, Month: today.Month, Day: 1}
	return start, db.SetSetting(ctx, key, start.String())
}

// connect asks getMe until Telegram answers, backing off on network errors;
// a rejected token stops the bot at once with a clear message.
func connect(ctx context.Context, cfg *config.Config, token string, m bot.Metrics, log *slog.Logger) (*bot.Client, error) {
	hc := bot.ObserveAPI(&http.Client{Timeout: cfg.Telegram.PollTimeout + 30*time.Second}, m)
	wait := time.Second
	for {
		client, err := bot.NewClient(ctx, cfg.Telegram.APIEndpoint, token, hc)
		if err == nil {
			client.Log = log.With("component", "bot")
			return client, nil
		}
		if ctx.Err() != nil {
			return nil, nil
		}
		var ae *bot.APIError
		if errors.As(err, &ae) && (ae.Code == http.StatusUnauthorized || ae.Code == http.StatusNotFound) {
			return nil, fmt.Errorf("telegram rejected the token (%d %s): check TELEGRAM_BOT_TOKEN (from @BotFather) and TELEGRAM_API_ENDPOINT", ae.Code, ae.Description)
		}
		log.Warn("cannot reach Telegram yet; retrying", "component", "bot", "err", err, "retry_in", wait.String())
		select {
		case <-ctx.Done():
			return nil, nil
		case <-time.After(wait):
		}
		wait = min(wait*2, time.Minute)
	}
}

// reminderPolicy is the reminder policy the configuration sets.
func reminderPolicy(cfg *config.Config) scheduler.Policy {
	return scheduler.Policy{BeforeDays: cfg.Reminders.BeforeDays, OverdueEveryDays: cfg.Reminders.OverdueEveryDays,
		OverdueForDays: cfg.Reminders.OverdueForDays}
}

// inspectionOptions is the scheduler's view of config inspections: (the
// days were checked when the config was loaded).
func inspectionOptions(cfg *config.Config) scheduler.InspectionOptions {
	in := cfg.Inspections
	opt := scheduler.InspectionOptions{RemindBefore: in.RemindBeforeWorkingDays, ResultDays: in.ResultReminderWorkingDays}
	if m, d, ok := config.ParseMonthDay(in.AnnualDue); ok {
		opt.AnnualDue = scheduler.AnnualDay{Month: m, Day: d}
	}
	if m, d, ok := config.ParseMonthDay(in.PlanDue); ok {
		opt.PlanDue = scheduler.AnnualDay{Month: m, Day: d}
	}
	return opt
}

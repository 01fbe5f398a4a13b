package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/bacgiang/fwbot/config"
	"github.com/bacgiang/fwbot/internal/fakeapi"
	"github.com/bacgiang/fwbot/sandbox"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

const sandboxUsage = `Usage: fwbot sandbox [--listen 127.0.0.1:8080] [--dir data/sandbox] [--empty]

Runs the real bot against a Bot API built into the program, and a web page
that plays every side of the conversation: the admin, officers of four
agencies, a stranger, their private chats, the agencies' groups, and a clock
that jumps to 08:00 of a date. No token, no network: nothing is sent to
Telegram. The first start seeds a demo province through the bot's own
commands (--empty starts without it).

  --listen ADDR   where the page listens (default 127.0.0.1:8080)
  --dir DIR       the sandbox's data folder: its database, files and clock
                  (default data/sandbox); never a folder the real bot uses
  --empty         start with nobody enrolled and no group bound

/healthz, /readyz and /metrics are served as by the bot, on metrics.listen
(BOT_METRICS_LISTEN, default 127.0.0.1:9090); if that address is taken (a
real bot on the same machine) the sandbox says so and runs without them.
`

// sandboxMarker is the setting that makes a database a sandbox's: the
// sandbox runs only on such a database, the real bot never.
const sandboxMarker = "sandbox"

// errSandboxDB is the real bot's refusal of a sandbox database.
var errSandboxDB = errors.New("this database belongs to a sandbox (fwbot sandbox): its people, groups and reports are demo data, so the bot does not run on it; set BOT_DB_PATH to the production database")

type sandboxKey struct{}

// inSandbox reports whether serve runs for the sandbox.
func inSandbox(ctx context.Context) bool {
	_, ok := ctx.Value(sandboxKey{}).(*sandbox.Clock)
	return ok
}

// wakeFrom is the sandbox clock's jump signal, nil outside the sandbox.
func wakeFrom(ctx context.Context) <-chan struct{} {
	if c, ok := ctx.Value(sandboxKey{}).(*sandbox.Clock); ok {
		return c.Wake()
	}
	return nil
}

// sandboxState is what the data folder remembers besides the database: the
// sandbox time it stopped at, so the clock never runs back.
type sandboxState struct {
	Clock time.Time `json:"clock"`
}

func runSandbox(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	listen := fl.String("listen", "127.0.0.1:8080", "")
	dir := fl.String("dir", filepath.Join("data", "sandbox"), "")
	empty := fl.Bool("empty", false, "")
	fl.Usage = func() { fmt.Fprint(stderr, sandboxUsage) }
	if code, ok := parseFlags(fl, args, stderr); !ok {
		return code
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "configuration error: %v\n", err)
		return 2
	}
	log := newLogger(stderr, getenv)
	if err := ownFolder(*dir, cfg); err != nil {
		fmt.Fprintf(stderr, "sandbox: %v\n", err)
		return 1
	}
	// Nothing of the production set-up is used: not its token, endpoint,
	// webhook, Redis, database, files or admins.
	cfg.Telegram.WebhookURL = ""
	cfg.Redis.Addr, cfg.Redis.Password, cfg.Redis.CAFile = "", "", ""
	cfg.Storage.DBPath = filepath.Join(*dir, "sandbox.db")
	cfg.Storage.FilesDir = filepath.Join(*dir, "files")
	cfg.Backup.Dir = "" // demo data is never backed up beside the real bot's
	cfg.AdminIDs = []int64{sandbox.AdminID}

	fresh, start, err := claimSandbox(ctx, cfg, *dir)
	if err != nil {
		fmt.Fprintf(stderr, "sandbox: %v\n", err)
		return 1
	}
	api := fakeapi.New()
	defer api.Close()
	cfg.Telegram.APIEndpoint = api.URL()
	clock := sandbox.NewClock(start)
	api.SetNow(clock.Now)
	page := sandbox.New(sandbox.Options{API: api, Clock: clock, Location: cfg.Location, Demo: sandbox.NewDemo(cfg.Catalogue),
		Log: log, Drained: outboxDrained(cfg.Storage.DBPath)})

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "sandbox: listen on %s: %v (choose another address with --listen)\n", *listen, err)
		return 1
	}
	srv := &http.Server{Handler: page.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer func() {
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
		_ = srv.Close()
	}()
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(stdout, "Hộp cát đang chạy: mở %s trong trình duyệt. Không có gì được gửi tới Telegram.\nSandbox running: open %s in a browser. Nothing is sent to Telegram. Ctrl+C stops it.\n", url, url)
	log.Info("sandbox: the bot runs against the built-in Bot API and never contacts Telegram",
		"component", "sandbox", "page", url, "dir", *dir, "now", start.Format(time.RFC3339))

	ctx, stop := context.WithCancel(ctx)
	defer stop()
	ctx = context.WithValue(withClock(ctx, clock), sandboxKey{}, clock)
	clock.OnJump(func(t time.Time) { saveSandboxState(*dir, t, log) })
	pageDone := make(chan struct{})
	go func() {
		defer close(pageDone)
		if err := page.Run(ctx); err != nil {
			log.Error("sandbox page stopped", "component", "sandbox", "err", err)
		}
	}()
	seedDone := make(chan struct{})
	go func() {
		defer close(seedDone)
		if fresh && !*empty {
			// The updates wait in the built-in Bot API until the bot polls.
			log.Info("sandbox: seeding the demo province through the bot's commands", "component", "sandbox")
			if err := page.Seed(ctx); err != nil {
				if ctx.Err() == nil {
					log.Error("sandbox: seeding failed", "component", "sandbox", "err", err)
				}
				return
			}
		}
		page.SetReady()
	}()
	code := 0
	if err := serve(ctx, cfg, "sandbox:token", log); err != nil {
		log.Error("bot stopped", "err", err)
		code = 1
	}
	stop()
	<-seedDone
	<-pageDone
	saveSandboxState(*dir, clock.Now(), log)
	return code
}

// ownFolder refuses a sandbox folder that is where the real bot keeps its
// database or its files: the sandbox's demo data must never mix with them.
func ownFolder(dir string, cfg *config.Config) error {
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			return filepath.Clean(p)
		}
		return a
	}
	d := abs(dir)
	for _, prod := range []string{abs(filepath.Dir(cfg.Storage.DBPath)), abs(cfg.Storage.FilesDir)} {
		if d == prod {
			return fmt.Errorf("--dir %s is where the real bot keeps its data (database %s, files %s); give the sandbox a folder of its own, such as data/sandbox",
				dir, cfg.Storage.DBPath, cfg.Storage.FilesDir)
		}
	}
	return nil
}

// claimSandbox makes sure the data folder is a sandbox's (a new one, or
// one a sandbox made) and says whether it is new and where its clock
// starts: where it stopped, or the demo's first morning.
func claimSandbox(ctx context.Context, cfg *config.Config, dir string) (fresh bool, start time.Time, err error) {
	path := cfg.Storage.DBPath
	_, statErr := os.Stat(path)
	fresh = errors.Is(statErr, fs.ErrNotExist)
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return false, time.Time{}, err
	}
	defer db.Close()
	if !fresh {
		if _, ok, err := db.Setting(ctx, sandboxMarker); err != nil {
			return false, time.Time{}, err
		} else if !ok {
			return false, time.Time{}, fmt.Errorf("%s is a database the real bot has used; the sandbox never runs on it. Choose another folder with --dir", path)
		}
	} else if err := db.SetSetting(ctx, sandboxMarker, "1"); err != nil {
		return false, time.Time{}, err
	}
	start = sandbox.SeedStart(cfg.Location)
	if b, err := os.ReadFile(filepath.Join(dir, "sandbox.json")); err == nil {
		var st sandboxState
		if json.Unmarshal(b, &st) == nil && st.Clock.After(start) {
			start = st.Clock
		}
	}
	return fresh, start, nil
}

func saveSandboxState(dir string, now time.Time, log interface{ Warn(string, ...any) }) {
	b, _ := json.Marshal(sandboxState{Clock: now})
	if err := os.WriteFile(filepath.Join(dir, "sandbox.json"), b, 0o600); err != nil {
		log.Warn("sandbox: could not save the clock", "component", "sandbox", "err", err)
	}
}

// outboxDrained waits until the database at path has no message left to
// send, looking every tenth of a second (the sender paces group messages
// seconds apart, as Telegram requires).
func outboxDrained(path string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		db, _, err := sqlite.OpenReadOnly(ctx, path)
		if err != nil {
			return err
		}
		defer db.Close()
		look := time.NewTicker(100 * time.Millisecond)
		defer look.Stop()
		for {
			pending, err := db.PendingOutbox(ctx, 0, 1)
			if err != nil {
				return err
			}
			if len(pending) == 0 {
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-look.C:
			}
		}
	}
}

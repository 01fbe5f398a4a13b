package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

// TestMain removes the binary built for the process tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binary compiles the bot once for all tests that run a real process.
func binary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "fwbot-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "fwbot")
		var out []byte
		out, binErr = exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if binErr != nil {
			binErr = &buildError{err: binErr, out: string(out)}
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

type buildError struct {
	err error
	out string
}

func (b *buildError) Error() string { return "go build: " + b.err.Error() + "\n" + b.out }

// proc runs the real binary against a fake Bot API, as an operator would,
// and can kill it with SIGKILL.
type proc struct {
	t    *testing.T
	api  *fakeapi.Server
	dir  string
	env  map[string]string
	logs *syncBuffer
	cmd  *exec.Cmd
}

func newProc(t *testing.T) *proc {
	t.Helper()
	t.Parallel()
	binary(t) // built once; start runs it
	api := fakeapi.New()
	t.Cleanup(api.Close)
	dir := t.TempDir()
	config, err := filepath.Abs("config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{t: t, api: api, dir: dir, logs: &syncBuffer{}, env: map[string]string{
		"TELEGRAM_BOT_TOKEN":    testToken,
		"TELEGRAM_API_ENDPOINT": api.URL(),
		"REDIS_ADDR":            "",
		"BOT_DB_PATH":           filepath.Join(dir, "bot.db"),
		"BOT_FILES_DIR":         filepath.Join(dir, "files"),
		"BOT_ADMIN_IDS":         "111",
		"BOT_CONFIG":            config,
		"BOT_METRICS_LISTEN":    "127.0.0.1:0", // parallel processes, one port each
		// The quiet morning of the in-process tests: nothing scheduled yet.
		"BOT_CLOCK_START": quietMorning.Format(time.RFC3339),
	}}
	t.Cleanup(func() {
		p.kill()
		if strings.Contains(p.logs.String(), testToken) {
			t.Errorf("the token appears in the log")
		}
		if t.Failed() {
			t.Logf("logs:\n%s", p.logs.String())
		}
	})
	return p
}

// e2e gives the process the conversation helpers of the in-process tests.
func (p *proc) e2e() *e2e {
	return &e2e{t: p.t, api: p.api, env: p.env, logs: p.logs}
}

func (p *proc) start() {
	p.t.Helper()
	cmd := exec.Command(binPath)
	cmd.Dir, cmd.Stdout, cmd.Stderr = p.dir, p.logs, p.logs
	cmd.Env = os.Environ()
	for k, v := range p.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	p.cmd = cmd
}

// kill is kill -9: no shutdown code runs.
func (p *proc) kill() {
	if p.cmd == nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	_, _ = p.cmd.Process.Wait()
	p.cmd = nil
}

// term is SIGTERM; it returns whether the bot exited with status 0.
func (p *proc) term() bool {
	p.t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		p.t.Fatal(err)
	}
	state, err := p.cmd.Process.Wait()
	p.cmd = nil
	if err != nil {
		p.t.Fatal(err)
	}
	return state.Success()
}

// db opens the bot's database (WAL allows it beside the running bot).
func (p *proc) db() *sqlite.DB {
	p.t.Helper()
	db, err := sqlite.Open(context.Background(), p.env["BOT_DB_PATH"])
	if err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(func() { db.Close() })
	return db
}

// waitOutboxRecorded waits until the running bot has recorded every queued
// message as delivered. Telegram gives no way to avoid sending a message
// twice if the bot dies after Telegram took it and before the bot wrote
// that down; a test that expects a message once after a kill must kill
// only once that is written.
func (p *proc) waitOutboxRecorded() {
	p.t.Helper()
	db := p.db()
	deadline := time.Now().Add(wait)
	for {
		items, err := db.PendingOutbox(context.Background(), 0, 0)
		if err != nil {
			p.t.Fatal(err)
		}
		if len(items) == 0 {
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("%d messages still pending after %v", len(items), wait)
		}
		time.Sleep(10 * time.Millisecond) // polling the bot's database
	}
}

// TestKill9LosesNothingAndReplaysNothing runs the real binary with its
// defaults (embedded Redis), kills it with SIGKILL right after it handled an
// update whose reply Telegram never acknowledged, and restarts it: the reply
// must arrive after the restart, once, and nothing may be handled twice.
func TestKill9LosesNothingAndReplaysNothing(t *testing.T) {
	p := newProc(t)
	e := p.e2e()
	p.start()
	code := e.invite("yte")
	p.waitOutboxRecorded() // the invite's answer is delivered and recorded
	// The enrolment is handled and committed, but its reply hangs in flight.
	p.api.FailNext("sendMessage", 1, fakeapi.Fault{Kind: fakeapi.Hang, Delay: time.Minute})
	p.api.SendText(lan, fakeapi.Private(lan), "/start "+code)
	p.api.WaitFaulted(t, wait, "sendMessage") // the reply is hanging in flight
	p.kill()

	p.start()
	p.api.WaitFor(t, wait, "the enrolment reply, delivered after the restart", func(c fakeapi.Call) bool {
		return c.Method == "sendMessage" && c.ChatID() == lan.ID && strings.Contains(c.Params["text"], "Chào mừng")
	})
	e.say(lan, fakeapi.Private(lan), "/whoami", "Sở Y tế")
	if n := count(p.api.Sent(), lan.ID, "Chào mừng"); n != 1 {
		t.Errorf("the enrolment reply was delivered %d times", n)
	}
	if n := count(p.api.Sent(), adminID, "https://t.me/"); n != 1 {
		t.Errorf("the invite was answered %d times", n)
	}
	if !p.term() {
		t.Errorf("exit after SIGTERM was not 0")
	}
	if !strings.Contains(p.logs.String(), "embedded in-process Redis") {
		t.Errorf("the embedded Redis warning is missing")
	}
}

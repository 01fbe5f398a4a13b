package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/bot/fakeapi"
)

// buildBinary compiles the bot once per test that needs a real process.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "fwbot")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestKill9LosesNothingAndReplaysNothing runs the real binary with its
// defaults (embedded Redis), kills it with SIGKILL right after it handled an
// update whose reply Telegram never acknowledged, and restarts it: the reply
// must arrive after the restart, once, and nothing may be handled twice.
func TestKill9LosesNothingAndReplaysNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	api := fakeapi.New()
	t.Cleanup(api.Close)
	dir := t.TempDir()
	config, err := filepath.Abs("config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"TELEGRAM_BOT_TOKEN="+testToken,
		"TELEGRAM_API_ENDPOINT="+api.URL(),
		"REDIS_ADDR=",
		"BOT_DB_PATH="+filepath.Join(dir, "bot.db"),
		"BOT_FILES_DIR="+filepath.Join(dir, "files"),
		"BOT_ADMIN_IDS=111",
		"BOT_CONFIG="+config,
	)
	logs := &syncBuffer{}
	start := func() *exec.Cmd {
		cmd := exec.Command(bin)
		cmd.Env, cmd.Dir, cmd.Stdout, cmd.Stderr = env, dir, logs, logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
		return cmd
	}
	defer func() {
		if strings.Contains(logs.String(), testToken) {
			t.Errorf("the token appears in the log")
		}
		if t.Failed() {
			t.Logf("logs:\n%s", logs.String())
		}
	}()
	e := &e2e{t: t, api: api}

	first := start()
	code := e.invite("yte")
	// The enrolment is handled and committed, but its reply hangs in flight.
	api.FailNext("sendMessage", 1, fakeapi.Fault{Kind: fakeapi.Hang, Delay: time.Minute})
	upd, _ := api.SendText(lan, fakeapi.Private(lan), "/start "+code)
	api.WaitConfirmed(t, wait, upd)
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_, _ = first.Process.Wait()

	second := start()
	api.WaitFor(t, wait, "the enrolment reply, delivered after the restart", func(c fakeapi.Call) bool {
		return c.Method == "sendMessage" && c.ChatID() == lan.ID && strings.Contains(c.Params["text"], "Chào mừng")
	})
	e.say(lan, fakeapi.Private(lan), "/whoami", "Sở Y tế")
	if n := count(api.Sent(), lan.ID, "Chào mừng"); n != 1 {
		t.Errorf("the enrolment reply was delivered %d times", n)
	}
	if n := count(api.Sent(), adminID, "https://t.me/"); n != 1 {
		t.Errorf("the invite was answered %d times", n)
	}

	// SIGTERM: graceful shutdown with exit code 0.
	if err := second.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	state, err := second.Process.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !state.Success() {
		t.Errorf("exit after SIGTERM: %v", state)
	}
	if !strings.Contains(logs.String(), "embedded in-process Redis") {
		t.Errorf("the embedded Redis warning is missing")
	}
}

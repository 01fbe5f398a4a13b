package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/bacgiang/fwbot/internal/fakeapi"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

const (
	testToken = "7000001:AAH-test_TOKEN_do-not-log"
	adminID   = 111
	wait      = 15 * time.Second
)

var (
	admin    = fakeapi.User{ID: adminID, FirstName: "Quản", LastName: "Trị"}
	lan      = fakeapi.User{ID: 201, FirstName: "Lan", LastName: "Nguyễn"}
	minh     = fakeapi.User{ID: 202, FirstName: "Minh", LastName: "Trần"}
	hoa      = fakeapi.User{ID: 203, FirstName: "Hoa", LastName: "Lê"}
	stranger = fakeapi.User{ID: 999, FirstName: "Người", LastName: "Lạ"}
	groupYTE = fakeapi.Chat{ID: -100111, Type: "supergroup", Title: "Sở Y tế - NLĐNN"}
)

// syncBuffer collects the bot's log lines from several goroutines, and lets
// a test wait for a line.
type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	written chan struct{} // closed and replaced at every write
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.written != nil {
		close(s.written)
		s.written = nil
	}
	return s.b.Write(p)
}

// WaitFor blocks until the log contains substr.
func (s *syncBuffer) WaitFor(t testing.TB, timeout time.Duration, substr string) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if strings.Contains(s.b.String(), substr) {
			s.mu.Unlock()
			return
		}
		if s.written == nil {
			s.written = make(chan struct{})
		}
		ch := s.written
		s.mu.Unlock()
		select {
		case <-ch:
		case <-deadline.C:
			t.Fatalf("the log never said %q", substr)
		}
	}
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// e2e runs the same Main as the binary against a fake Bot API, a Redis it
// controls and a SQLite file in a temp dir.
type e2e struct {
	t    *testing.T
	api  *fakeapi.Server
	mr   *miniredis.Miniredis
	env  map[string]string
	logs *syncBuffer

	cancel context.CancelFunc
	done   chan int

	// clock, when set, replaces the wall clock of the bot under test.
	clock *fakeClock
	// opened, when set, is given the bot's database once Main opened it
	// (withOpened): the disk drills fill it.
	opened func(*sqlite.DB)
}

// quietMorning is when the end-to-end tests play: Tuesday 15 December 2026,
// 07:00 in Bắc Giang.
var quietMorning = time.Date(2026, 12, 15, 7, 0, 0, 0, time.FixedZone("ICT", 7*3600))

// fakeClock is a settable clock shared with the bot's goroutines: it runs
// from start in real time.
type fakeClock struct {
	mu    sync.Mutex
	start time.Time
	began time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.start.Add(time.Since(c.began))
}

// Set moves the clock to t, from which it runs on.
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.start, c.began = t, time.Now()
}

func newE2E(t *testing.T) *e2e {
	t.Helper()
	t.Parallel() // each run has its own fake API, Redis and database
	api := fakeapi.New()
	t.Cleanup(api.Close)
	mr := miniredis.RunT(t)
	dir := t.TempDir()
	e := &e2e{t: t, api: api, mr: mr, logs: &syncBuffer{}, env: map[string]string{
		"TELEGRAM_BOT_TOKEN":    testToken,
		"TELEGRAM_API_ENDPOINT": api.URL(),
		"REDIS_ADDR":            mr.Addr(),
		"BOT_DB_PATH":           filepath.Join(dir, "bot.db"),
		"BOT_FILES_DIR":         filepath.Join(dir, "files"),
		"BOT_ADMIN_IDS":         "111",
		"BOT_CONFIG":            "config.yaml",
		// Each bot its own port, so that parallel tests never collide on
		// the default 127.0.0.1:9090 (metricsAddr reads it from the log).
		"BOT_METRICS_LISTEN": "127.0.0.1:0",
	}}
	// A quiet winter morning before 08:00 (no reminder is due yet), moving
	// in real time, so that no test depends on the day it runs.
	e.clock = &fakeClock{start: quietMorning, began: time.Now()}
	t.Cleanup(func() {
		if e.cancel != nil {
			e.stop()
		}
		if strings.Contains(e.logs.String(), testToken) {
			t.Errorf("the token appears in the log")
		}
		if t.Failed() {
			t.Logf("bot log:\n%s", e.logs.String())
		}
	})
	return e
}

func (e *e2e) getenv(k string) string { return e.env[k] }

// start runs Main in the background.
func (e *e2e) start() {
	e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ctx = withClock(ctx, e.clock)
	if e.opened != nil {
		ctx = withOpened(ctx, e.opened)
	}
	e.cancel, e.done = cancel, make(chan int, 1)
	go func() { e.done <- Main(ctx, nil, e.getenv, &e.logs.b, e.logs) }()
}

// stop is the SIGTERM path: cancel and wait for Main to return.
func (e *e2e) stop() int {
	e.t.Helper()
	e.cancel()
	defer func() { e.cancel = nil }()
	select {
	case code := <-e.done:
		return code
	case <-time.After(wait):
		e.t.Fatal("Main did not return after cancel")
		return -1
	}
}

// say sends text from u in chat and waits for the bot's reply containing want.
func (e *e2e) say(u fakeapi.User, chat fakeapi.Chat, text, want string) fakeapi.Call {
	e.t.Helper()
	after := e.lastSeq()
	e.api.SendText(u, chat, text)
	return e.api.WaitFor(e.t, wait, "reply to "+text+" containing "+want, func(c fakeapi.Call) bool {
		return c.Seq > after && c.Method == "sendMessage" && c.ChatID() == chat.ID && strings.Contains(c.Params["text"], want)
	})
}

// lastSeq is the sequence number of the last recorded call, so that a wait
// matches only what comes after an action.
func (e *e2e) lastSeq() int {
	calls := e.api.Calls()
	if len(calls) == 0 {
		return 0
	}
	return calls[len(calls)-1].Seq
}

var linkRe = regexp.MustCompile(`https://t\.me/fwbot_test_bot\?start=([A-Za-z0-9_-]{22,})`)

func (e *e2e) invite(args string) string {
	e.t.Helper()
	c := e.say(admin, fakeapi.Private(admin), "/invite "+args, "https://t.me/")
	m := linkRe.FindStringSubmatch(c.Params["text"])
	if m == nil {
		e.t.Fatalf("no deep link in %q", c.Params["text"])
	}
	return m[1]
}

func count(calls []fakeapi.Call, chat int64, want string) int {
	n := 0
	for _, c := range calls {
		if c.ChatID() == chat && strings.Contains(c.Params["text"], want) {
			n++
		}
	}
	return n
}

func TestMissingTokenSaysHowToGetOne(t *testing.T) {
	var stderr bytes.Buffer
	code := Main(context.Background(), nil, func(k string) string {
		if k == "BOT_CONFIG" {
			return "config.yaml"
		}
		return ""
	}, &stderr, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "@BotFather") || !strings.Contains(stderr.String(), "/newbot") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
}

func TestBadConfigNamesTheKey(t *testing.T) {
	data, err := os.ReadFile("config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), "to: [congan, ngoaivu]", "to: [congan, ngoaivuu]", 1)
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	code := Main(context.Background(), nil, func(k string) string {
		return map[string]string{"BOT_CONFIG": path, "TELEGRAM_BOT_TOKEN": testToken}[k]
	}, &stderr, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), `obligations[0] (6.4).to[1]: unknown agency "ngoaivuu"`) {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), testToken) {
		t.Fatal("the token was printed")
	}
}

func TestEnrolmentAndGroupsEndToEnd(t *testing.T) {
	e := newE2E(t)
	e.start()

	// Command menus for private chats and groups are published at start.
	menus := e.api.WaitCount(t, wait, "setMyCommands for two scopes", func(c fakeapi.Call) bool {
		return c.Method == "setMyCommands"
	}, 2)
	scopes := menus[0].Params["scope"] + menus[1].Params["scope"]
	if !strings.Contains(scopes, "all_private_chats") || !strings.Contains(scopes, "all_group_chats") {
		t.Errorf("scopes %s", scopes)
	}

	codeYTE := e.invite("yte officer")
	codeCA := e.invite("congan lead")
	e.say(lan, fakeapi.Private(lan), "/start "+codeYTE, "Sở Y tế")
	e.say(minh, fakeapi.Private(minh), "/start "+codeCA, "Công an tỉnh")
	e.say(lan, fakeapi.Private(lan), "/whoami", "Cơ quan: Sở Y tế (yte)")
	e.say(minh, fakeapi.Private(minh), "/whoami", "Vai trò: lãnh đạo cơ quan")

	// Refusals: a reused code, a forged code, a stranger.
	e.say(hoa, fakeapi.Private(hoa), "/start "+codeYTE, "đã được sử dụng")
	e.say(hoa, fakeapi.Private(hoa), "/start "+strings.Repeat("x", 22), "không hợp lệ")
	e.say(stranger, fakeapi.Private(stranger), "/whoami", "chưa được ghi danh")
	e.say(stranger, fakeapi.Private(stranger), "/help", "chưa được ghi danh")
	if n := len(e.api.TextsTo(stranger.ID)); n != 2 {
		t.Errorf("a stranger got %d messages for two commands, want one refusal each", n)
	}

	// Groups: a non-admin cannot bind; an admin can.
	e.say(lan, groupYTE, "/bindgroup yte", "không có quyền")
	e.say(lan, groupYTE, "/whoami", "chưa được liên kết")
	e.say(admin, groupYTE, "/bindgroup@fwbot_test_bot yte", "Đã liên kết nhóm này với Sở Y tế")
	e.say(lan, groupYTE, "/whoami", "Nhóm này được liên kết với: Sở Y tế")

	if code := e.stop(); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	if !strings.Contains(e.logs.String(), "shutting down") {
		t.Errorf("no graceful shutdown in the log")
	}
}

func TestTelegramErrorsLoseNoReply(t *testing.T) {
	e := newE2E(t)
	e.start()
	// The first replies meet every kind of failure Telegram or its proxies
	// produce; each must still arrive, once.
	e.api.FailNext("getUpdates", 1, fakeapi.Fault{Kind: fakeapi.BadGatewayHTML})
	e.api.FailNext("sendMessage", 1, fakeapi.Fault{Kind: fakeapi.TooManyRequests, RetryAfter: 1})
	e.api.FailNext("sendMessage", 1, fakeapi.Fault{Kind: fakeapi.BadGatewayHTML})
	e.say(admin, fakeapi.Private(admin), "/whoami", "quản trị viên")
	e.api.FailNext("sendMessage", 1, fakeapi.Fault{Kind: fakeapi.ServerError})
	e.api.FailNext("sendMessage", 1, fakeapi.Fault{Kind: fakeapi.Drop})
	e.say(admin, fakeapi.Private(admin), "/help", "/invite")
	sent := e.api.Sent()
	if n := count(sent, adminID, "Mã Telegram: 111"); n != 1 {
		t.Errorf("/whoami answered %d times, want once", n)
	}
	failed := 0
	for _, c := range e.api.CallsTo("sendMessage") {
		if !c.OK() {
			failed++
		}
	}
	if failed != 4 {
		t.Errorf("%d failed sendMessage calls, want the 4 injected", failed)
	}
	if !strings.Contains(e.logs.String(), "retry") {
		t.Errorf("retries were not logged")
	}
}

func TestRestartReplaysNothing(t *testing.T) {
	e := newE2E(t)
	e.start()
	code := e.invite("yte")
	e.say(lan, fakeapi.Private(lan), "/start "+code, "Chào mừng")
	e.stop()
	// Redis is emptied too: the SQLite marks alone must prevent replays.
	e.mr.FlushAll()
	e.start()
	e.say(lan, fakeapi.Private(lan), "/whoami", "Sở Y tế")
	if n := count(e.api.Sent(), lan.ID, "Chào mừng"); n != 1 {
		t.Fatalf("the enrolment was answered %d times across a restart", n)
	}
	if n := count(e.api.Sent(), adminID, "https://t.me/"); n != 1 {
		t.Fatalf("the invite was answered %d times across a restart", n)
	}
}

func TestRedisOutageAndRecovery(t *testing.T) {
	e := newE2E(t)
	e.start()
	code := e.invite("yte")
	e.say(lan, fakeapi.Private(lan), "/start "+code, "Chào mừng")
	e.mr.Close()
	e.say(lan, fakeapi.Private(lan), "/whoami", "tạm thời gián đoạn, vui lòng thử lại")
	if err := e.mr.Restart(); err != nil {
		t.Fatal(err)
	}
	// Service resumes by itself: the officer simply tries again (the Redis
	// client redials in the background, so the first try may still be early).
	deadline := time.Now().Add(wait)
	for {
		c := e.say(lan, fakeapi.Private(lan), "/whoami", "")
		if strings.Contains(c.Params["text"], "Sở Y tế") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery; last reply %q", c.Params["text"])
		}
	}
}

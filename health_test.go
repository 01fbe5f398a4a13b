package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/bacgiang/fwbot/config"
	"github.com/bacgiang/fwbot/internal/fakeapi"
	"github.com/bacgiang/fwbot/ops"
	redisstore "github.com/bacgiang/fwbot/storage/redis"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

// readyz asks h for /readyz.
func readyz(t *testing.T, h http.Handler) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	return rec.Code, rec.Body.String()
}

// TestReadinessChecks runs the checks serve installs against a real SQLite
// file and a Redis, and breaks each in turn: the failing one, and only it,
// is named in a 503.
func TestReadinessChecks(t *testing.T) {
	ctx := context.Background()
	cfg := &config.Config{Metrics: config.Metrics{PollStaleAfter: time.Minute}}
	path := filepath.Join(t.TempDir(), "bot.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	mr := miniredis.RunT(t)
	state, err := redisstore.New(ctx, redisstore.Options{Addr: mr.Addr()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { state.Close() })
	m := ops.NewMetrics()
	m.Receiving("poll")
	srv := ops.NewServer(m, nil)
	h := srv.Handler()

	srv.SetChecks(readinessChecks(cfg, db, state, m)...)
	if code, body := readyz(t, h); code != http.StatusOK || body != "ok\n" {
		t.Fatalf("everything up: %d %q", code, body)
	}
	if v, ok, err := db.Setting(ctx, readyProbeKey); err != nil || !ok || v == "" {
		t.Fatalf("the probe wrote nothing: %q %v %v", v, ok, err)
	}

	t.Run("SQLiteReadOnly", func(t *testing.T) {
		ro, _, err := sqlite.OpenReadOnly(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer ro.Close()
		srv.SetChecks(readinessChecks(cfg, ro, state, m)...)
		code, body := readyz(t, h)
		if code != http.StatusServiceUnavailable || !strings.HasPrefix(body, "sqlite: ") || strings.Contains(body, "redis") ||
			!strings.Contains(body, "readonly") {
			t.Fatalf("read-only database: %d %q", code, body)
		}
	})

	t.Run("RedisStopped", func(t *testing.T) {
		mr.Close()
		defer func() {
			if err := mr.Restart(); err != nil {
				t.Fatal(err)
			}
		}()
		srv.SetChecks(readinessChecks(cfg, db, state, m)...)
		code, body := readyz(t, h)
		if code != http.StatusServiceUnavailable || !strings.HasPrefix(body, "redis: ") || strings.Contains(body, "sqlite") {
			t.Fatalf("Redis stopped: %d %q", code, body)
		}
	})

	t.Run("NotReceiving", func(t *testing.T) {
		m.StoppedReceiving()
		defer m.Receiving("poll")
		srv.SetChecks(readinessChecks(cfg, db, state, m)...)
		code, body := readyz(t, h)
		if code != http.StatusServiceUnavailable || !strings.HasPrefix(body, "telegram: not receiving updates") {
			t.Fatalf("poll loop stopped: %d %q", code, body)
		}
	})
	// A stale poll is TestTelegramCheck's, in ops, on a clock it moves.

	srv.SetChecks(readinessChecks(cfg, db, state, m)...)
	if code, body := readyz(t, h); code != http.StatusOK {
		t.Fatalf("everything back: %d %q", code, body)
	}
}

var metricsAddrRe = regexp.MustCompile(`msg="serving health and metrics" component=ops addr=(\S+)`)

// metricsAddr waits for the log line that names where the bot serves its
// health and metrics endpoints (BOT_METRICS_LISTEN=127.0.0.1:0 picks a
// free port) and returns the base URL.
func (e *e2e) metricsAddr() string {
	e.t.Helper()
	e.logs.WaitFor(e.t, wait, `msg="serving health and metrics"`)
	m := metricsAddrRe.FindStringSubmatch(e.logs.String())
	if m == nil {
		e.t.Fatalf("no address in the log line")
	}
	return "http://" + m[1]
}

// fetch GETs url and returns the status and body.
func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// eventually asks url until cond holds of the answer, within wait.
func eventually(t *testing.T, url, desc string, cond func(code int, body string) bool) (int, string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		code, body := fetch(t, url)
		if cond(code, body) {
			return code, body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never held; last answer %d:\n%s", desc, code, body)
		}
		time.Sleep(20 * time.Millisecond) // polling an HTTP endpoint for a condition
	}
}

// sample is the value of the series named exactly series (name and
// labels as the text format prints them), 0 when absent.
func sample(body, series string) float64 {
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), series+" "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return 0
}

// TestHealthAndMetricsEndToEnd runs Main with its endpoints on a free
// port: /readyz turns 200 once the bot polls, and /metrics counts the
// updates by kind, a stranger's refusal, a stale button and the 429 the
// fake Bot API answers.
func TestHealthAndMetricsEndToEnd(t *testing.T) {
	e := newE2E(t)
	e.start()
	base := e.metricsAddr()
	if code, body := fetch(t, base+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Fatalf("/healthz: %d %q", code, body)
	}
	eventually(t, base+"/readyz", "/readyz 200", func(code int, _ string) bool { return code == http.StatusOK })

	// A reply that meets flood control once, then gets through.
	e.api.FailNext("sendMessage", 1, fakeapi.Fault{Kind: fakeapi.TooManyRequests, RetryAfter: 1})
	who := e.say(admin, fakeapi.Private(admin), "/whoami", "quản trị viên")
	e.say(stranger, fakeapi.Private(stranger), "/whoami", "chưa được ghi danh")
	after := e.lastSeq()
	e.api.PressButton(admin, fakeapi.Private(admin), who.MessageIDs[0], "zz:stale")
	e.api.WaitFor(t, wait, "the stale button answered", func(c fakeapi.Call) bool {
		return c.Seq > after && c.Method == "answerCallbackQuery"
	})

	_, body := eventually(t, base+"/metrics", "the counters", func(code int, body string) bool {
		// The stale button's answer is recorded after Telegram took it.
		return code == http.StatusOK && sample(body, `fwbot_telegram_api_responses_total{code="200",method="answerCallbackQuery"}`) >= 1 &&
			sample(body, `fwbot_updates_handled_total{kind="callback_query"}`) >= 1
	})
	for series, atLeast := range map[string]float64{
		`fwbot_updates_handled_total{kind="message"}`:                         2,
		`fwbot_updates_handled_total{kind="callback_query"}`:                  1,
		`fwbot_update_handling_seconds_count{kind="message"}`:                 2,
		`fwbot_refusals_total{reason="stranger"}`:                             1,
		`fwbot_refusals_total{reason="stale_button"}`:                         1,
		`fwbot_telegram_api_responses_total{code="429",method="sendMessage"}`: 1,
		`fwbot_telegram_api_responses_total{code="200",method="sendMessage"}`: 2,
		`fwbot_telegram_api_responses_total{code="200",method="getUpdates"}`:  1,
		`fwbot_telegram_api_responses_total{code="200",method="getMe"}`:       1,
		`fwbot_telegram_last_receive_timestamp_seconds`:                       1,
		`go_goroutines`: 1,
	} {
		if got := sample(body, series); got < atLeast {
			t.Errorf("%s = %v, want at least %v", series, got, atLeast)
		}
	}
	for _, name := range []string{"fwbot_outbox_pending ", "fwbot_outbox_oldest_pending_age_seconds "} {
		if !strings.Contains(body, "\n"+name) {
			t.Errorf("/metrics has no %s", name)
		}
	}
	if strings.Contains(body, testToken) {
		t.Error("the token appears in /metrics")
	}
	if code, body := fetch(t, base+"/readyz"); code != http.StatusOK {
		t.Fatalf("/readyz after the updates: %d %q", code, body)
	}
	if code, _ := fetch(t, base+"/healthz"); code != http.StatusOK {
		t.Fatalf("/healthz: %d", code)
	}
	if code := e.stop(); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the endpoints still answer after the bot stopped")
	}
}

// TestBusyMetricsPortStopsTheBot: the real bot does not run with its
// monitoring blind; it says which address is taken and how to change it.
func TestBusyMetricsPortStopsTheBot(t *testing.T) {
	e := newE2E(t)
	taken, err := ops.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	e.env["BOT_METRICS_LISTEN"] = taken.Addr().String()
	e.start()
	select {
	case code := <-e.done:
		e.cancel()
		e.cancel = nil
		if code != 1 || !strings.Contains(e.logs.String(), "health and metrics listener "+taken.Addr().String()) {
			t.Fatalf("exit %d, log:\n%s", code, e.logs.String())
		}
	case <-time.After(wait):
		t.Fatal("the bot kept running with its metrics port taken")
	}
	if len(e.api.CallsTo("getMe")) != 0 {
		t.Error("the bot reached Telegram before finding its metrics port taken")
	}
}

// TestMetricsOff: "off" serves no endpoint, and says so.
func TestMetricsOff(t *testing.T) {
	e := newE2E(t)
	e.env["BOT_METRICS_LISTEN"] = "off"
	e.start()
	e.say(admin, fakeapi.Private(admin), "/whoami", "quản trị viên")
	if !strings.Contains(e.logs.String(), "health and metrics endpoints are off") || strings.Contains(e.logs.String(), "serving health and metrics") {
		t.Fatalf("log:\n%s", e.logs.String())
	}
}

// TestSandboxServesMetrics: the sandbox runs the same serve, endpoints
// included.
func TestSandboxServesMetrics(t *testing.T) {
	t.Parallel()
	sb := startSandboxWith(t, map[string]string{"BOT_METRICS_LISTEN": "127.0.0.1:0"}, "--dir", t.TempDir(), "--empty")
	e := &e2e{t: t, logs: sb.logs}
	base := e.metricsAddr()
	eventually(t, base+"/readyz", "/readyz 200 in the sandbox", func(code int, _ string) bool { return code == http.StatusOK })
	if code, body := fetch(t, base+"/metrics"); code != http.StatusOK || !strings.Contains(body, `fwbot_telegram_api_responses_total{code="200",method="getMe"} 1`) {
		t.Fatalf("/metrics in the sandbox: %d\n%s", code, body)
	}
	if code := sb.stop(); code != 0 {
		t.Fatalf("the sandbox stopped with %d", code)
	}
}

// TestSandboxRunsWithItsMetricsPortTaken: the sandbox, a try-out that may
// run beside the real bot, warns and goes on without the endpoints.
func TestSandboxRunsWithItsMetricsPortTaken(t *testing.T) {
	t.Parallel()
	taken, err := ops.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	sb := startSandboxWith(t, map[string]string{"BOT_METRICS_LISTEN": taken.Addr().String()}, "--dir", t.TempDir(), "--empty")
	logs := sb.logs
	logs.WaitFor(t, wait, "the sandbox runs without health and metrics endpoints")
	logs.WaitFor(t, wait, `msg="bot is running"`)
	if code := sb.stop(); code != 0 {
		t.Fatalf("the sandbox stopped with %d", code)
	}
}

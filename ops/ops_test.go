package ops

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// get asks h for path and returns the status and body.
func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	body, _ := io.ReadAll(rec.Body)
	return rec.Code, string(body)
}

func ok(context.Context) error { return nil }

func TestHealthzAnswersWhileStarting(t *testing.T) {
	s := NewServer(NewMetrics(), nil)
	h := s.Handler()
	if code, body := get(t, h, "/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Fatalf("/healthz: %d %q", code, body)
	}
	if code, body := get(t, h, "/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "starting") {
		t.Fatalf("/readyz before SetChecks: %d %q", code, body)
	}
}

func TestReadyzNamesEachFailedCheck(t *testing.T) {
	s := NewServer(NewMetrics(), nil)
	s.CheckTimeout = 50 * time.Millisecond
	h := s.Handler()
	s.SetChecks(Check{"sqlite", ok}, Check{"redis", ok})
	if code, body := get(t, h, "/readyz"); code != http.StatusOK || body != "ok\n" {
		t.Fatalf("all checks hold: %d %q", code, body)
	}

	release := make(chan struct{})
	defer close(release)
	s.SetChecks(
		Check{"sqlite", ok},
		Check{"redis", func(context.Context) error { return errors.New("redis: dial tcp 127.0.0.1:6379:\nconnection refused") }},
		Check{"hung", func(context.Context) error { <-release; return nil }},
	)
	code, body := get(t, h, "/readyz")
	if code != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", code)
	}
	want := "redis: dial tcp 127.0.0.1:6379: connection refused\nhung: no answer within 50ms\n"
	if body != want {
		t.Fatalf("body %q\nwant %q", body, want)
	}
}

// clock is a settable wall clock for the receiving state.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestTelegramCheck(t *testing.T) {
	m := NewMetrics()
	c := &clock{t: time.Date(2027, 1, 4, 8, 0, 0, 0, time.UTC)}
	m.now = c.now
	check := m.TelegramCheck(130 * time.Second)
	must := func(wantOK bool, substr string) {
		t.Helper()
		err := check.Func(context.Background())
		switch {
		case wantOK && err != nil:
			t.Fatalf("want ready, got %v", err)
		case !wantOK && err == nil:
			t.Fatal("want not ready")
		case !wantOK && !strings.Contains(err.Error(), substr):
			t.Fatalf("error %q does not say %q", err, substr)
		}
	}
	must(false, "not receiving")

	// The poll loop starts: ready, though no long poll has returned yet.
	m.Receiving("poll")
	must(true, "")
	c.add(131 * time.Second)
	must(false, "no successful getUpdates in the 2m11s since the poll loop started (bound 2m10s)")
	m.Received()
	must(true, "")
	c.add(100 * time.Second)
	m.Received()
	c.add(100 * time.Second)
	must(true, "")
	c.add(40 * time.Second) // getUpdates keeps failing: 140 s since the last answer
	must(false, "last successful getUpdates 2m20s ago (bound 2m10s)")
	m.StoppedReceiving()
	must(false, "not receiving")

	// A webhook, registered and listening, is ready however quiet.
	m.Receiving("webhook")
	c.add(24 * time.Hour)
	must(true, "")
	m.StoppedReceiving()
	must(false, "not receiving")
}

func TestMetricsExposition(t *testing.T) {
	m := NewMetrics()
	NewMetrics() // a second registry beside it: nothing global is shared
	c := &clock{t: time.Date(2027, 1, 4, 8, 0, 0, 0, time.UTC)}
	var statsErr error
	m.WatchOutbox(func(context.Context) (OutboxStats, error) {
		return OutboxStats{Pending: 3, Oldest: c.now().Add(-90 * time.Second)}, statsErr
	}, c.now)
	m.WatchOutbox(nil, nil) // only the first registers

	m.UpdateHandled("message", 20*time.Millisecond)
	m.UpdateHandled("callback_query", time.Millisecond)
	m.UpdateNotRecorded("message")
	m.Refused("stranger")
	m.HandlerPanicked()
	m.APIAnswered("sendMessage", 429)
	m.APIAnswered("getUpdates", 200)
	m.APIAnswered("getUpdates", 0)
	m.ReminderSent("deadline")
	m.DigestSent("weekly")
	m.FileArchived()
	m.ArchiveFailed(false)
	m.ArchiveFailed(true)
	m.Received()

	h := NewServer(m, nil).Handler()
	code, body := get(t, h, "/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d\n%s", code, body)
	}
	for _, want := range []string{
		`fwbot_updates_handled_total{kind="message"} 1`,
		`fwbot_updates_handled_total{kind="callback_query"} 1`,
		`fwbot_update_handling_seconds_bucket{kind="message",le="0.025"} 1`,
		`fwbot_updates_not_recorded_total{kind="message"} 1`,
		`fwbot_refusals_total{reason="stranger"} 1`,
		`fwbot_handler_panics_total 1`,
		`fwbot_telegram_api_responses_total{code="429",method="sendMessage"} 1`,
		`fwbot_telegram_api_responses_total{code="none",method="getUpdates"} 1`,
		`fwbot_scheduler_reminders_sent_total{kind="deadline"} 1`,
		`fwbot_scheduler_digests_sent_total{kind="weekly"} 1`,
		`fwbot_archive_files_archived_total 1`,
		`fwbot_archive_downloads_failed_total{outcome="retrying"} 1`,
		`fwbot_archive_downloads_failed_total{outcome="given_up"} 1`,
		`fwbot_outbox_pending 3`,
		`fwbot_outbox_oldest_pending_age_seconds 90`,
		"go_goroutines ",
		"fwbot_telegram_last_receive_timestamp_seconds ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	// A database that cannot answer costs the two outbox gauges, not the
	// scrape.
	statsErr = errors.New("database is locked")
	code, body = get(t, h, "/metrics")
	if code != http.StatusOK || strings.Contains(body, "fwbot_outbox_pending ") || !strings.Contains(body, "fwbot_updates_handled_total") {
		t.Fatalf("scrape with a failing outbox query: %d\n%s", code, body)
	}
}

func TestNilMetricsCountNothing(t *testing.T) {
	var m *Metrics
	m.UpdateHandled("message", time.Second)
	m.UpdateNotRecorded("message")
	m.Refused("flood")
	m.HandlerPanicked()
	m.APIAnswered("getMe", 200)
	m.Receiving("poll")
	m.Received()
	m.StoppedReceiving()
	m.ReminderSent("deadline")
	m.DigestSent("monthly")
	m.FileArchived()
	m.ArchiveFailed(true)
	m.WatchOutbox(nil, nil)
}

func TestServeStopsWithItsContext(t *testing.T) {
	s := NewServer(NewMetrics(), nil)
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Listen(ln.Addr().String()); err == nil || !strings.Contains(err.Error(), "health and metrics listener") {
		t.Fatalf("a taken address: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/healthz over TCP: %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
}

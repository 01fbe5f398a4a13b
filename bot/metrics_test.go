package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// recorder is a Metrics that remembers every call as a line.
type recorder struct {
	mu    sync.Mutex
	calls []string
}

func (r *recorder) add(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, fmt.Sprintf(format, args...))
}

func (r *recorder) UpdateHandled(kind string, _ time.Duration) { r.add("handled %s", kind) }
func (r *recorder) UpdateNotRecorded(kind string)              { r.add("not recorded %s", kind) }
func (r *recorder) Refused(reason string)                      { r.add("refused %s", reason) }
func (r *recorder) HandlerPanicked()                           { r.add("panicked") }
func (r *recorder) Receiving(mode string)                      { r.add("receiving %s", mode) }
func (r *recorder) StoppedReceiving()                          { r.add("stopped") }
func (r *recorder) Received()                                  { r.add("received") }
func (r *recorder) APIAnswered(method string, code int)        { r.add("api %s %d", method, code) }

func (r *recorder) count(line string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.calls {
		if c == line {
			n++
		}
	}
	return n
}

func (r *recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.calls, "\n")
}

func TestAPIMethod(t *testing.T) {
	for path, want := range map[string]string{
		"/bot123456:SECRET-token_value/sendMessage": "sendMessage",
		"/bot123:x/getUpdates":                      "getUpdates",
		"/file/bot123:x/documents/file_1.pdf":       "download",
		"/bot123:x/":                                "other",
		"/bot123:x/send-message":                    "other",
		"/elsewhere/sendMessage":                    "other",
		"/bot123:x/a/b":                             "other",
		"/":                                         "other",
		"":                                          "other",
	} {
		if got := apiMethod(path); got != want {
			t.Errorf("apiMethod(%q) = %q, want %q", path, got, want)
		}
		if strings.Contains(apiMethod(path), "SECRET") {
			t.Errorf("the token leaks into a label from %q", path)
		}
	}
}

// TestObserveAPICountsAnswers drives the real client against the fake Bot
// API: every request is counted by method and status, a 429 included.
func TestObserveAPICountsAnswers(t *testing.T) {
	api := fakeapi.New()
	t.Cleanup(api.Close)
	m := &recorder{}
	client, err := NewClient(context.Background(), api.URL(), testToken, ObserveAPI(nil, m))
	if err != nil {
		t.Fatal(err)
	}
	api.FailNext("getUpdates", 1, fakeapi.Fault{Kind: fakeapi.TooManyRequests, RetryAfter: 1})
	if _, err := client.GetUpdates(context.Background(), 0, 0); err == nil {
		t.Fatal("the injected 429 did not fail getUpdates")
	}
	if _, err := client.GetUpdates(context.Background(), 0, 0); err != nil {
		t.Fatal(err)
	}
	for line, want := range map[string]int{"api getMe 200": 1, "api getUpdates 429": 1, "api getUpdates 200": 1} {
		if got := m.count(line); got != want {
			t.Errorf("%q counted %d times, want %d; calls:\n%s", line, got, want, m)
		}
	}
	if ObserveAPI(nil, nil) != nil {
		t.Error("ObserveAPI without metrics must leave the client as it is")
	}
}

// TestDispatcherCountsUpdatesAndRefusals: handled updates by kind, the
// router's refusals by reason, the flood's refusal and its silent drops,
// and a panic.
func TestDispatcherCountsUpdatesAndRefusals(t *testing.T) {
	e := newDispatchEnv(t, nil)
	m := &recorder{}
	e.d.Metrics = m
	e.d.FloodLimit, e.d.FloodWindow = 3, time.Minute
	e.r.Command("ok", func(ctx context.Context, c *Context) error { return c.Reply(ctx, "ok") }, Anyone, Everywhere)
	e.r.Command("admin", func(ctx context.Context, c *Context) error { return nil }, Admin, Everywhere)
	e.r.Command("boom", func(context.Context, *Context) error { panic("nil map") }, Anyone, Everywhere)
	ctx := context.Background()
	handle := func(u Update) {
		t.Helper()
		if err := e.d.Handle(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	handle(privateUpdate(1, 5, "ok"))
	handle(privateUpdate(2, 6, "admin")) // a stranger
	handle(privateUpdate(3, 7, "nosuch"))
	handle(Update{ID: 4, Chat: Chat{ID: 8, Type: "private"}, From: Person{ID: 8}, Callback: &Callback{ID: "q", Data: "zz:1"}})
	handle(privateUpdate(5, 9, "boom"))
	handle(privateUpdate(1, 5, "ok")) // a duplicate: not counted again
	for id := int64(10); id < 15; id++ {
		handle(privateUpdate(id, 11, "ok")) // 3 pass, the 4th is refused, the 5th dropped
	}
	for line, want := range map[string]int{
		"handled message":         9,
		"handled callback_query":  1,
		"refused stranger":        1,
		"refused unknown_command": 1,
		"refused stale_button":    1,
		"refused flood":           1,
		"refused flood_dropped":   1,
		"panicked":                1,
	} {
		if got := m.count(line); got != want {
			t.Errorf("%q counted %d times, want %d; calls:\n%s", line, got, want, m)
		}
	}
}

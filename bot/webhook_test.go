package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

const (
	hookURL    = "https://bot.example.gov.vn/telegram/Zq8rT1"
	hookPath   = "/telegram/Zq8rT1"
	hookSecret = "s3cret-Value_for-the-webhook-test"
)

// setWebhookCall is what the stub Bot API received in one setWebhook call.
type setWebhookCall struct {
	URL, Secret, AllowedUpdates, DropPending, MaxConnections string
}

// hookAPI is a stub Bot API that answers getMe and setWebhook and records
// every setWebhook call on a channel, so tests wait on it instead of sleeping.
type hookAPI struct {
	calls chan setWebhookCall
	// fail, when set, answers setWebhook with this status and body.
	fail func(w http.ResponseWriter) bool
}

func newHookAPI(t *testing.T) (*hookAPI, *Client) {
	t.Helper()
	api := &hookAPI{calls: make(chan setWebhookCall, 16)}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]; method {
		case "getMe":
			w.Write([]byte(`{"ok":true,"result":{"id":1000,"is_bot":true,"first_name":"Bot","username":"fwbot_test_bot"}}`))
		case "setWebhook":
			if err := r.ParseForm(); err != nil {
				t.Errorf("setWebhook form: %v", err)
			}
			api.calls <- setWebhookCall{URL: r.PostForm.Get("url"), Secret: r.PostForm.Get("secret_token"),
				AllowedUpdates: r.PostForm.Get("allowed_updates"), DropPending: r.PostForm.Get("drop_pending_updates"),
				MaxConnections: r.PostForm.Get("max_connections")}
			if api.fail != nil && api.fail(w) {
				return
			}
			w.Write([]byte(`{"ok":true,"result":true,"description":"Webhook was set"}`))
		default:
			t.Errorf("unexpected Bot API call %s", method)
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"ok":false,"error_code":404,"description":"Not Found"}`))
		}
	}))
	t.Cleanup(ts.Close)
	c, err := NewClient(context.Background(), ts.URL, testToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	return api, c
}

// hookEnv is a webhook in front of a real dispatcher (SQLite + miniredis)
// whose /ping command replies "pong".
type hookEnv struct {
	*dispatchEnv
	api  *hookAPI
	hook *Webhook
	logs *syncBuffer
}

func newHookEnv(t *testing.T, wrap func(coord.Store) coord.Store, opt WebhookOptions) *hookEnv {
	t.Helper()
	e := newDispatchEnv(t, wrap)
	e.r.Command("ping", func(ctx context.Context, c *Context) error { return c.Reply(ctx, "pong") }, Anyone, Everywhere)
	api, client := newHookAPI(t)
	if opt.URL == "" {
		opt.URL = hookURL
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	hook, err := NewWebhook(client, e.d, opt, log)
	if err != nil {
		t.Fatal(err)
	}
	return &hookEnv{dispatchEnv: e, api: api, hook: hook, logs: logs}
}

// syncBuffer is a bytes.Buffer that the server's goroutines may log into.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// commandJSON is a private-chat message "/cmd" as Telegram posts it.
func commandJSON(id int64, chat int64, cmd string) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1700000000,`+
		`"from":{"id":%d,"is_bot":false,"first_name":"Lan"},"chat":{"id":%d,"type":"private"},`+
		`"text":"/%s","entities":[{"type":"bot_command","offset":0,"length":%d}]}}`, id, id, chat, chat, cmd, len(cmd)+1)
}

func pingJSON(id int64, chat int64) string { return commandJSON(id, chat, "ping") }

// post drives Handler() in process and returns the status.
func (e *hookEnv) post(method, path, secret, body string) int {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(secretHeader, secret)
	}
	rec := httptest.NewRecorder()
	e.hook.Handler().ServeHTTP(rec, req)
	return rec.Code
}

func TestWebhookHandler(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		e := newHookEnv(t, nil, WebhookOptions{Secret: hookSecret})
		if code := e.post(http.MethodPost, hookPath, hookSecret, pingJSON(1, 5)); code != http.StatusOK {
			t.Fatalf("status %d, want 200", code)
		}
		if got := e.replies(t); len(got) != 1 || got[0] != "pong" {
			t.Fatalf("replies %q, want [pong]", got)
		}
	})
	t.Run("ErrWrongSecretHandlesNothing", func(t *testing.T) {
		e := newHookEnv(t, nil, WebhookOptions{Secret: hookSecret})
		if code := e.post(http.MethodPost, hookPath, hookSecret+"x", pingJSON(1, 5)); code != http.StatusUnauthorized {
			t.Fatalf("status %d, want 401", code)
		}
		if code := e.post(http.MethodPost, hookPath, strings.ToUpper(hookSecret), pingJSON(1, 5)); code != http.StatusUnauthorized {
			t.Fatalf("status %d, want 401", code)
		}
		if got := e.replies(t); len(got) != 0 {
			t.Fatalf("a refused request was handled: %q", got)
		}
		// Not marked handled: the genuine delivery of the same update works.
		if code := e.post(http.MethodPost, hookPath, hookSecret, pingJSON(1, 5)); code != http.StatusOK {
			t.Fatalf("status %d, want 200", code)
		}
		if got := e.replies(t); len(got) != 1 || got[0] != "pong" {
			t.Fatalf("replies %q after the genuine delivery, want [pong]", got)
		}
		if !strings.Contains(e.logs.String(), "192.0.2.1") {
			t.Errorf("the refusal log does not name the remote address: %s", e.logs.String())
		}
	})
	t.Run("ErrMissingSecret", func(t *testing.T) {
		e := newHookEnv(t, nil, WebhookOptions{Secret: hookSecret})
		if code := e.post(http.MethodPost, hookPath, "", pingJSON(1, 5)); code != http.StatusUnauthorized {
			t.Fatalf("status %d, want 401", code)
		}
		if got := e.replies(t); len(got) != 0 {
			t.Fatalf("handled without a secret: %q", got)
		}
	})
	t.Run("ErrMethod", func(t *testing.T) {
		e := newHookEnv(t, nil, WebhookOptions{Secret: hookSecret})
		for _, secret := range []string{hookSecret, ""} {
			if code := e.post(http.MethodGet, hookPath, secret, ""); code != http.StatusMethodNotAllowed {
				t.Fatalf("GET: status %d, want 405", code)
			}
		}
	})
	t.Run("ErrPath", func(t *testing.T) {
		e := newHookEnv(t, nil, WebhookOptions{Secret: hookSecret})
		for _, p := range []string{"/", "/telegram", hookPath + "/", "/telegram/other"} {
			if code := e.post(http.MethodPost, p, hookSecret, pingJSON(1, 5)); code != http.StatusNotFound {
				t.Fatalf("POST %s: status %d, want 404", p, code)
			}
		}
		if got := e.replies(t); len(got) != 0 {
			t.Fatalf("handled on a wrong path: %q", got)
		}
	})
	t.Run("ErrBodyTooLarge", func(t *testing.T) {
		e := newHookEnv(t, nil, WebhookOptions{Secret: hookSecret, MaxBodyBytes: 256})
		body := strings.Replace(pingJSON(1, 5), `"/ping"`, `"/ping `+strings.Repeat("a", 300)+`"`, 1)
		if code := e.post(http.MethodPost, hookPath, hookSecret, body); code != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413", code)
		}
		if got := e.replies(t); len(got) != 0 {
			t.Fatalf("an oversize body was handled: %q", got)
		}
	})
	t.Run("ErrBadJSON", func(t *testing.T) {
		e := newHookEnv(t, nil, WebhookOptions{Secret: hookSecret})
		for _, body := range []string{"", "{", `{"update_id":"one"}`} {
			if code := e.post(http.MethodPost, hookPath, hookSecret, body); code != http.StatusBadRequest {
				t.Fatalf("body %q: status %d, want 400", body, code)
			}
		}
	})
	t.Run("IgnoredKind", func(t *testing.T) {
		e := newHookEnv(t, nil, WebhookOptions{Secret: hookSecret})
		edited := `{"update_id":3,"edited_message":{"message_id":1,"date":0,"from":{"id":5,"first_name":"L"},"chat":{"id":5,"type":"private"},"text":"/ping"}}`
		if code := e.post(http.MethodPost, hookPath, hookSecret, edited); code != http.StatusOK {
			t.Fatalf("status %d, want 200", code)
		}
		if got := e.replies(t); len(got) != 0 {
			t.Fatalf("an edited message was handled: %q", got)
		}
	})
	t.Run("DuplicateHandledOnce", func(t *testing.T) {
		e := newHookEnv(t, nil, WebhookOptions{Secret: hookSecret})
		for range 2 {
			if code := e.post(http.MethodPost, hookPath, hookSecret, pingJSON(7, 5)); code != http.StatusOK {
				t.Fatalf("status %d, want 200", code)
			}
		}
		if got := e.replies(t); len(got) != 1 {
			t.Fatalf("replies %q, want one", got)
		}
	})
	t.Run("ErrNotRecordedGives500", func(t *testing.T) {
		failOn := &atomic.Int64{}
		failOn.Store(4)
		e := newHookEnv(t, func(s coord.Store) coord.Store {
			return failingStore{Store: s, failOn: failOn}
		}, WebhookOptions{Secret: hookSecret})
		if code := e.post(http.MethodPost, hookPath, hookSecret, pingJSON(4, 5)); code != http.StatusInternalServerError {
			t.Fatalf("status %d, want 500", code)
		}
		if got := e.replies(t); len(got) != 0 {
			t.Fatalf("replies %q from an update that was not recorded", got)
		}
		// The disk recovers; Telegram's redelivery is handled.
		failOn.Store(0)
		if code := e.post(http.MethodPost, hookPath, hookSecret, pingJSON(4, 5)); code != http.StatusOK {
			t.Fatalf("redelivery: status %d, want 200", code)
		}
		if got := e.replies(t); len(got) != 1 || got[0] != "pong" {
			t.Fatalf("redelivery: replies %q", got)
		}
	})
}

func TestWebhookOptions(t *testing.T) {
	e := newDispatchEnv(t, nil)
	_, client := newHookAPI(t)
	log := slog.New(slog.DiscardHandler)
	for _, c := range []struct {
		name string
		opt  WebhookOptions
	}{
		{"ErrNoURL", WebhookOptions{}},
		{"ErrHTTP", WebhookOptions{URL: "http://bot.example.gov.vn/telegram/x"}},
		{"ErrRelative", WebhookOptions{URL: "/telegram/x"}},
		{"ErrQuery", WebhookOptions{URL: hookURL + "?a=1"}},
		{"ErrSecretChars", WebhookOptions{URL: hookURL, Secret: "has space"}},
		{"ErrSecretLong", WebhookOptions{URL: hookURL, Secret: strings.Repeat("a", 257)}},
		{"ErrNegativeBody", WebhookOptions{URL: hookURL, MaxBodyBytes: -1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := NewWebhook(client, e.d, c.opt, log); err == nil {
				t.Fatalf("NewWebhook(%+v) accepted", c.opt)
			}
		})
	}
	t.Run("GeneratedSecret", func(t *testing.T) {
		a, err := NewWebhook(client, e.d, WebhookOptions{URL: hookURL}, log)
		if err != nil {
			t.Fatal(err)
		}
		b, err := NewWebhook(client, e.d, WebhookOptions{URL: hookURL}, log)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.secret) != 32 || validWebhookSecret(string(a.secret)) != nil || bytes.Equal(a.secret, b.secret) {
			t.Fatalf("generated secrets %q and %q", a.secret, b.secret)
		}
		if a.maxBody != 1<<20 || a.listen != ":8443" || a.path != "/telegram/Zq8rT1" {
			t.Fatalf("defaults: body %d listen %q path %q", a.maxBody, a.listen, a.path)
		}
	})
}

// closeSignalListener reports when the server closes it, which is the first
// thing http.Server.Shutdown does.
type closeSignalListener struct {
	net.Listener
	once   sync.Once
	closed chan struct{}
}

func (l *closeSignalListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

func waitFor[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

func postLive(addr, secret, body string) (int, error) {
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+hookPath, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(secretHeader, secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func TestWebhookServe(t *testing.T) {
	e := newHookEnv(t, nil, WebhookOptions{Secret: hookSecret})
	entered, release := make(chan struct{}), make(chan struct{})
	e.r.Command("slow", func(ctx context.Context, c *Context) error {
		close(entered)
		<-release
		return c.Reply(ctx, "slow done")
	}, Anyone, Everywhere)

	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := &closeSignalListener{Listener: inner, closed: make(chan struct{})}
	addr := inner.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- e.hook.Serve(ctx, ln) }()

	call := waitFor(t, e.api.calls, "setWebhook")
	// One connection: Telegram then keeps each chat's updates in order.
	want := setWebhookCall{URL: hookURL, Secret: hookSecret, AllowedUpdates: `["message","callback_query","my_chat_member"]`, DropPending: "false",
		MaxConnections: "1"}
	if call != want {
		t.Fatalf("setWebhook got %+v, want %+v", call, want)
	}

	// One update end to end over a real connection.
	if code, err := postLive(addr, hookSecret, pingJSON(1, 5)); err != nil || code != http.StatusOK {
		t.Fatalf("POST: %d %v", code, err)
	}
	if got := e.replies(t); len(got) != 1 || got[0] != "pong" {
		t.Fatalf("replies %q, want [pong]", got)
	}

	// A request in flight when ctx ends is finished and answered.
	slow := commandJSON(2, 6, "slow")
	type result struct {
		code int
		err  error
	}
	inFlight := make(chan result, 1)
	go func() {
		code, err := postLive(addr, hookSecret, slow)
		inFlight <- result{code, err}
	}()
	waitFor(t, entered, "the slow handler to start")
	cancel()
	waitFor(t, ln.closed, "shutdown to begin")
	select {
	case err := <-done:
		t.Fatalf("Serve returned (%v) while a request was in flight", err)
	default:
	}
	close(release)
	if r := waitFor(t, inFlight, "the in-flight answer"); r.err != nil || r.code != http.StatusOK {
		t.Fatalf("in-flight request: %d %v", r.code, r.err)
	}
	if err := waitFor(t, done, "Serve to return"); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if got := e.replies(t); len(got) != 1 || got[0] != "slow done" {
		t.Fatalf("replies %q, want [slow done]", got)
	}
}

func TestWebhookRun(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		e := newHookEnv(t, nil, WebhookOptions{Secret: hookSecret, Listen: "127.0.0.1:0"})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- e.hook.Run(ctx) }()
		if call := waitFor(t, e.api.calls, "setWebhook"); call.Secret != hookSecret || call.URL != hookURL {
			t.Fatalf("setWebhook got %+v", call)
		}
		cancel()
		if err := waitFor(t, done, "Run to return"); err != nil {
			t.Fatalf("Run: %v", err)
		}
	})
	t.Run("ErrRefused", func(t *testing.T) {
		e := newHookEnv(t, nil, WebhookOptions{Secret: hookSecret, Listen: "127.0.0.1:0"})
		e.api.fail = func(w http.ResponseWriter) bool {
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"ok":false,"error_code":400,"description":"Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"}`))
			return true
		}
		err := waitFor(t, runAsync(e.hook), "Run to fail")
		if err == nil || !strings.Contains(err.Error(), "ports 80, 88, 443 or 8443") {
			t.Fatalf("Run: %v, want the refusal", err)
		}
	})
	t.Run("RetriesTemporaryFailure", func(t *testing.T) {
		e := newHookEnv(t, nil, WebhookOptions{Secret: hookSecret, Listen: "127.0.0.1:0"})
		var n atomic.Int32
		e.api.fail = func(w http.ResponseWriter) bool {
			if n.Add(1) > 1 {
				return false
			}
			w.WriteHeader(http.StatusBadGateway)
			w.Write([]byte("<html>502 Bad Gateway</html>"))
			return true
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- e.hook.Run(ctx) }()
		waitFor(t, e.api.calls, "the first setWebhook")
		waitFor(t, e.api.calls, "the retried setWebhook")
		cancel()
		if err := waitFor(t, done, "Run to return"); err != nil {
			t.Fatalf("Run: %v", err)
		}
	})
	t.Run("ErrListen", func(t *testing.T) {
		e := newHookEnv(t, nil, WebhookOptions{Secret: hookSecret, Listen: "127.0.0.1:-1"})
		if err := e.hook.Run(context.Background()); err == nil {
			t.Fatal("Run listened on a bad address")
		}
	})
}

func runAsync(w *Webhook) <-chan error {
	done := make(chan error, 1)
	go func() { done <- w.Run(context.Background()) }()
	return done
}

func TestWebhookNeverLogsTheSecret(t *testing.T) {
	failOn := &atomic.Int64{}
	failOn.Store(3)
	e := newHookEnv(t, func(s coord.Store) coord.Store {
		return failingStore{Store: s, failOn: failOn}
	}, WebhookOptions{Listen: "127.0.0.1:0"}) // a generated secret
	secret := string(e.hook.secret)
	e.post(http.MethodPost, hookPath, secret, pingJSON(1, 5))
	e.post(http.MethodPost, hookPath, secret[:31], pingJSON(2, 5))
	e.post(http.MethodPost, hookPath, "", pingJSON(2, 5))
	e.post(http.MethodPost, hookPath, secret, pingJSON(3, 5)) // 500
	e.post(http.MethodPost, hookPath, secret, "{")

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.hook.Run(ctx) }()
	if call := waitFor(t, e.api.calls, "setWebhook"); call.Secret != secret {
		t.Fatalf("registered secret %q, want the generated one", call.Secret)
	}
	cancel()
	if err := waitFor(t, done, "Run to return"); err != nil {
		t.Fatal(err)
	}

	logs := e.logs.String()
	t.Log(logs)
	if strings.Count(logs, "\n") < 6 {
		t.Fatalf("expected refusals, a 500, and the lifecycle in the log:\n%s", logs)
	}
	for _, leak := range []string{secret, secret[:31], hookPath} {
		if strings.Contains(logs, leak) {
			t.Fatalf("log contains %q:\n%s", leak, logs)
		}
	}
}

package bot

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// secretHeader is where Telegram echoes the secret_token given to setWebhook.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// allowedUpdates are the update kinds the bot asks Telegram for, by
// getUpdates and by webhook alike, so both modes see the same kinds.
var allowedUpdates = []string{"message", "callback_query", "my_chat_member"}

const (
	defaultWebhookListen  = ":8443"
	defaultWebhookMaxBody = 1 << 20
	// webhookShutdownBound is how long Run waits for requests in flight
	// before closing their connections; Handle calls still running then are
	// waited for anyway, since the caller closes the database next.
	webhookShutdownBound = 30 * time.Second
)

// WebhookOptions configures webhook mode, the alternative to long polling
// for a deployment that has a public HTTPS address.
type WebhookOptions struct {
	// URL is the public https URL Telegram posts to, e.g.
	// https://bot.example.gov.vn/telegram/<random path>. Its path is the only
	// one the handler serves; a TLS-terminating proxy in front forwards it.
	URL string
	// Listen is the local address the server listens on (default :8443).
	// The server speaks plain HTTP: TLS is the proxy's job.
	Listen string
	// Secret is the secret_token Telegram sends back in every request. When
	// empty a fresh one (32 random URL-safe characters) is generated, which is
	// enough because Run registers it again at every start.
	Secret string
	// MaxBodyBytes bounds a request body (default 1 MiB); Telegram's
	// updates are a few kilobytes.
	MaxBodyBytes int64
	// MaxConnections is the max_connections given to setWebhook (default 1).
	// With one connection Telegram sends the next update only once the last
	// was answered, so every chat's updates arrive in the order sent, even
	// across a failed delivery, as with long polling (a wizard's steps
	// depend on it). A provincial bot's load is far below what one
	// connection carries; raise it only for throughput.
	MaxConnections int
}

// Webhook receives updates pushed by Telegram and hands them to the same
// Dispatcher the poller uses, so de-duplication, per-chat serialisation and
// the handled-mark work the same in both modes.
type Webhook struct {
	client  *Client
	d       *Dispatcher
	url     string
	path    string
	listen  string
	secret  []byte
	maxBody int64
	// maxConns is setWebhook's max_connections.
	maxConns int
	log      *slog.Logger

	// sem bounds how many updates are handled at once, like HandleBatch does
	// with Dispatcher.Concurrency; Telegram may open up to 40 connections.
	sem chan struct{}
	// inflight counts Handle calls, so that Run never returns (and the caller
	// never closes the database) while one is still writing; closing, under
	// mu, refuses new ones once Run has started waiting.
	mu       sync.Mutex
	closing  bool
	inflight sync.WaitGroup
}

// NewWebhook validates opt and builds the webhook. Nothing is registered
// with Telegram until Run.
func NewWebhook(client *Client, d *Dispatcher, opt WebhookOptions, log *slog.Logger) (*Webhook, error) {
	if client == nil || d == nil {
		return nil, errors.New("webhook: client and dispatcher are required")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opt.URL == "" {
		return nil, errors.New("webhook: URL is empty")
	}
	u, err := url.Parse(opt.URL)
	if err != nil {
		return nil, fmt.Errorf("webhook: URL: %w", err)
	}
	if u.Scheme != "https" || u.Host == "" {
		return nil, errors.New("webhook: URL must be an absolute https URL (Telegram posts only over HTTPS)")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("webhook: URL must not have a query or fragment")
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	secret := opt.Secret
	generated := secret == ""
	if generated {
		if secret, err = newWebhookSecret(); err != nil {
			return nil, err
		}
	} else if err := validWebhookSecret(secret); err != nil {
		return nil, err
	}
	listen := opt.Listen
	if listen == "" {
		listen = defaultWebhookListen
	}
	maxBody := opt.MaxBodyBytes
	switch {
	case maxBody == 0:
		maxBody = defaultWebhookMaxBody
	case maxBody < 0:
		return nil, errors.New("webhook: MaxBodyBytes is negative")
	}
	maxConns := opt.MaxConnections
	switch {
	case maxConns == 0:
		maxConns = 1
	case maxConns < 0 || maxConns > 100:
		return nil, fmt.Errorf("webhook: MaxConnections is %d; Telegram accepts 1 to 100", maxConns)
	}
	// Nothing here logs the secret; the redacting handler makes sure a
	// future change cannot either.
	log = slog.New(NewRedactingHandler(log.Handler(), secret)).With("component", "webhook")
	if generated {
		log.Info("no webhook secret configured; generated one for this run")
	}
	return &Webhook{client: client, d: d, url: opt.URL, path: path, listen: listen,
		secret: []byte(secret), maxBody: maxBody, maxConns: maxConns, log: log,
		sem: make(chan struct{}, max(1, d.Concurrency))}, nil
}

// newWebhookSecret returns 32 characters from Telegram's allowed alphabet
// (A-Z a-z 0-9 _ -): base64url of 24 random bytes has exactly that.
func newWebhookSecret() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("webhook: generate secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// validWebhookSecret applies Telegram's rule for secret_token, so that a bad
// value fails at start with its name rather than as a 400 from setWebhook.
func validWebhookSecret(s string) error {
	if len(s) > 256 {
		return errors.New("webhook: secret is longer than 256 characters")
	}
	for _, r := range s {
		ok := r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-'
		if !ok {
			return errors.New("webhook: secret may only contain A-Z, a-z, 0-9, _ and -")
		}
	}
	return nil
}

// SetWebhook registers url with Telegram. It goes through MakeRequest because
// the library's WebhookConfig (Bot API 5.5) has no secret_token.
// drop_pending_updates is false on purpose: updates queued while the bot was
// down are still wanted.
func (c *Client) SetWebhook(ctx context.Context, url, secret string, maxConnections int) error {
	p := tgbotapi.Params{"url": url, "secret_token": secret, "drop_pending_updates": "false",
		"max_connections": strconv.Itoa(maxConnections)}
	if err := p.AddInterface("allowed_updates", allowedUpdates); err != nil {
		return fmt.Errorf("setWebhook: %w", err)
	}
	_, err := c.with(ctx).MakeRequest("setWebhook", p)
	return c.classify("setWebhook", err)
}

// Handler serves Telegram's POSTs on the URL's path, for mounting on a server
// of one's own; Run uses it too. Once Run has returned it answers 503, so
// that Telegram keeps the update for the next start.
func (w *Webhook) Handler() http.Handler { return http.HandlerFunc(w.serveHTTP) }

func (w *Webhook) serveHTTP(rw http.ResponseWriter, r *http.Request) {
	if r.URL.Path != w.path {
		http.NotFound(rw, r)
		return
	}
	if r.Method != http.MethodPost {
		rw.Header().Set("Allow", http.MethodPost)
		http.Error(rw, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	// Checked on every request: the URL alone is not a credential, it shows
	// up in proxy logs. Neither the expected nor the offered value is logged
	// (a wrong one may be an old secret).
	got := r.Header.Get(secretHeader)
	if subtle.ConstantTimeCompare([]byte(got), w.secret) != 1 {
		w.log.Warn("webhook request refused: wrong or missing secret token",
			"remote", r.RemoteAddr, "header_present", got != "")
		http.Error(rw, "unauthorized", http.StatusUnauthorized)
		return
	}

	var tu wireUpdate
	if err := json.NewDecoder(http.MaxBytesReader(rw, r.Body, w.maxBody)).Decode(&tu); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			w.log.Warn("webhook request refused: body too large", "remote", r.RemoteAddr, "limit", w.maxBody)
			http.Error(rw, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		w.log.Warn("webhook request refused: bad JSON", "remote", r.RemoteAddr, "err", err)
		http.Error(rw, "bad request", http.StatusBadRequest)
		return
	}
	u, ok := w.client.convertWire(&tu)
	if !ok {
		rw.WriteHeader(http.StatusOK) // a kind the bot ignores: nothing to record
		return
	}

	select {
	case w.sem <- struct{}{}:
	case <-r.Context().Done():
		return // Telegram gave up waiting; nothing was done, it will deliver again
	}
	if !w.begin() {
		<-w.sem
		http.Error(rw, "shutting down", http.StatusServiceUnavailable)
		return
	}
	err := w.handle(r.Context(), u)
	if err != nil {
		// Not recorded (the database failed): a 5xx makes Telegram deliver it
		// again later, and the handled-mark makes that redelivery safe.
		w.d.Outage.Warn(w.log, "webhook", "update not recorded; answering 500 so that Telegram delivers it again", err, "update", u.ID)
		http.Error(rw, "update not recorded", http.StatusInternalServerError)
		return
	}
	w.d.metrics().Received()
	rw.WriteHeader(http.StatusOK)
}

// handle runs one update through the dispatcher, detached from the request:
// once started, the update is finished and recorded even if Telegram drops
// the connection or the server is shutting down. The deferred releases keep
// Run from waiting forever should Handle itself panic (net/http recovers it).
func (w *Webhook) handle(ctx context.Context, u Update) error {
	defer func() { <-w.sem }()
	defer w.inflight.Done()
	return w.d.Handle(context.WithoutCancel(ctx), u)
}

// begin counts a Handle call in, unless Run is already waiting for the last.
func (w *Webhook) begin() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closing {
		return false
	}
	w.inflight.Add(1)
	return true
}

// finish waits for every Handle call in flight and refuses new ones.
func (w *Webhook) finish() {
	w.mu.Lock()
	w.closing = true
	w.mu.Unlock()
	w.inflight.Wait()
}

// Run listens on opt.Listen, registers the webhook and serves until ctx ends;
// see Serve.
func (w *Webhook) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", w.listen)
	if err != nil {
		return fmt.Errorf("webhook listen %s: %w", w.listen, err)
	}
	return w.Serve(ctx, ln)
}

// Serve serves on ln (which it closes) and registers the webhook with
// Telegram once the server accepts connections, so that the first delivery
// finds it ready. Temporary setWebhook failures are retried with backoff; a
// refusal (bad URL, bad secret) is returned. When ctx ends the server shuts
// down gracefully: requests in flight are finished and answered, then Serve
// returns nil. The webhook stays registered, so Telegram keeps updates for
// the next start.
func (w *Webhook) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           w.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      90 * time.Second, // covers a Handle waiting behind its chat's lock
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(w.log.Handler(), slog.LevelWarn),
	}
	w.mu.Lock()
	w.closing = false
	w.mu.Unlock()
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	if err := w.register(ctx); err != nil {
		_ = srv.Close()
		<-serveErr
		w.finish()
		return err
	}
	if ctx.Err() == nil {
		w.log.Info("webhook registered; receiving updates", "host", hostOf(w.url), "listen", ln.Addr().String())
		// Registered and listening is ready: updates may simply be rare.
		w.d.metrics().Receiving("webhook")
	}

	var failed error
	select {
	case err := <-serveErr:
		failed = fmt.Errorf("webhook server: %w", err)
	case <-ctx.Done():
		w.log.Info("shutting down the webhook server; finishing requests in flight")
	}
	w.d.metrics().StoppedReceiving()
	// Also after a failed Serve: connections already accepted may still be
	// running handlers.
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), webhookShutdownBound)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		// Connections still open are dropped: Telegram sees no answer and
		// delivers again. Handle calls already running are still waited for.
		w.log.Warn("webhook server did not stop in time; closing connections", "err", err)
		_ = srv.Close()
	}
	if failed == nil {
		<-serveErr
	}
	w.finish()
	return failed
}

// register calls setWebhook until it succeeds, ctx ends (nil), or Telegram
// refuses it for good.
func (w *Webhook) register(ctx context.Context) error {
	for failures := 1; ; failures++ {
		err := w.client.SetWebhook(ctx, w.url, string(w.secret), w.maxConns)
		if err == nil || ctx.Err() != nil {
			return nil
		}
		var ae *APIError
		if !errors.As(err, &ae) || !ae.Temporary {
			return fmt.Errorf("register webhook: %w", err)
		}
		wait := retryDelay(err, failures, time.Minute)
		w.log.Warn("setWebhook failed; retrying", "err", err, "retry_in", wait.String(), "failures", failures)
		if !sleep(ctx, wait) {
			return nil
		}
	}
}

// hostOf is the URL without its path, which is logged instead of the whole
// URL because a random path is a (weak) secret of its own.
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Host
	}
	return ""
}

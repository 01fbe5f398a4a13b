package bot

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// Metrics is where the bot reports what an operator watches; ops.Metrics
// implements it, so that bot never imports the metrics library. Set
// Dispatcher.Metrics before the dispatcher runs (its poller and webhook
// report to the same one) and pass it to ObserveAPI for the client; nil
// reports nothing.
type Metrics interface {
	// UpdateHandled: an update was recorded as handled now (answered,
	// refused or dropped by the flood limit) after took; kind is
	// message, callback_query, album or my_chat_member.
	UpdateHandled(kind string, took time.Duration)
	// UpdateNotRecorded: the database failed; the update is offered again.
	UpdateNotRecorded(kind string)
	// Refused: an update was refused before its handler ran, for reason
	// (RefusalReason.String, flood_dropped or state_unavailable).
	Refused(reason string)
	// HandlerPanicked: a handler panicked and was recovered.
	HandlerPanicked()
	// Receiving: the poll loop ("poll") or the webhook ("webhook",
	// registered and listening) is up; StoppedReceiving: it stopped.
	Receiving(mode string)
	StoppedReceiving()
	// Received: a getUpdates call answered, or a webhook delivery was
	// handled.
	Received()
	// APIAnswered: the Bot API answered method with an HTTP status (which
	// is Telegram's error_code: 429 is flood control), or 0 when no
	// answer came (a network failure).
	APIAnswered(method string, code int)
}

// noMetrics reports nothing.
type noMetrics struct{}

func (noMetrics) UpdateHandled(string, time.Duration) {}
func (noMetrics) UpdateNotRecorded(string)            {}
func (noMetrics) Refused(string)                      {}
func (noMetrics) HandlerPanicked()                    {}
func (noMetrics) Receiving(string)                    {}
func (noMetrics) StoppedReceiving()                   {}
func (noMetrics) Received()                           {}
func (noMetrics) APIAnswered(string, int)             {}

// metrics is d.Metrics, or one that reports nothing.
func (d *Dispatcher) metrics() Metrics {
	if d.Metrics == nil {
		return noMetrics{}
	}
	return d.Metrics
}

// String names the reason as the refusal metric labels it.
func (r RefusalReason) String() string {
	switch r {
	case RefusedStranger:
		return "stranger"
	case RefusedRole:
		return "role"
	case RefusedUnboundGroup:
		return "unbound_group"
	case RefusedNotPrivate:
		return "not_private"
	case RefusedNotGroup:
		return "not_group"
	case RefusedUnknownCmd:
		return "unknown_command"
	case RefusedStaleButton:
		return "stale_button"
	case RefusedFlood:
		return "flood"
	}
	return "other"
}

// updateKind is the kind an update is counted under.
func updateKind(u *Update) string {
	switch {
	case u.Callback != nil:
		return "callback_query"
	case u.MediaGroupID != "":
		return "album"
	case u.BotRemoved != "":
		return "my_chat_member"
	}
	return "message"
}

// ObserveAPI returns a copy of hc whose every Bot API request (downloads
// included) is counted in m by method and answer; give it to NewClient. A
// nil m returns hc unchanged.
func ObserveAPI(hc *http.Client, m Metrics) *http.Client {
	if m == nil {
		return hc
	}
	if hc == nil {
		hc = &http.Client{Timeout: 90 * time.Second}
	}
	cp := *hc
	base := cp.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	cp.Transport = observedTransport{base: base, m: m}
	return &cp
}

type observedTransport struct {
	base http.RoundTripper
	m    Metrics
}

func (t observedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	switch {
	case err == nil:
		t.m.APIAnswered(apiMethod(req.URL.Path), resp.StatusCode)
	case !isCanceled(req.Context()):
		// A request we gave up on (shutdown, a long poll cancelled) is
		// not a failure of the API's.
		t.m.APIAnswered(apiMethod(req.URL.Path), 0)
	}
	return resp, err
}

func isCanceled(ctx context.Context) bool {
	return ctx.Err() == context.Canceled
}

// apiMethod is the method of a Bot API path (/bot<token>/<method>), or
// "download" for /file/bot<token>/<path>; never the token. Anything else
// is "other", so that the label's values stay few.
func apiMethod(path string) string {
	if strings.HasPrefix(path, "/file/") {
		return "download"
	}
	i := strings.LastIndexByte(path, '/')
	m := path[i+1:]
	if i <= 0 || m == "" || len(m) > 40 || !strings.HasPrefix(path[:i], "/bot") || strings.Contains(path[1:i], "/") {
		return "other"
	}
	for _, r := range m {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return "other"
		}
	}
	return m
}

package fakeapi

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// FaultKind is a way the API (or the network in front of it) can fail,
// each one a failure the bot has met or will meet in production.
type FaultKind int

const (
	// TooManyRequests answers 429 with parameters.retry_after, as flood
	// control does.
	TooManyRequests FaultKind = iota + 1
	// ServerError answers 500 Internal Server Error in JSON.
	ServerError
	// BadGatewayHTML answers 502 with nginx's HTML page, which is not JSON
	// and trips clients that decode every body.
	BadGatewayHTML
	// Drop closes the connection without answering and without handling
	// the request.
	Drop
	// Hang answers nothing until Delay passes (then handles the request
	// normally) or the client gives up; Delay 0 hangs until the client
	// gives up.
	Hang
	// LoseResponse handles the request (a message is really sent) and then
	// closes the connection without answering, the case that makes a
	// naive retry send a duplicate. On a download it sends the headers
	// and half the body, then cuts the connection.
	LoseResponse
	// EchoURL answers 500 with a description that echoes the request's
	// path (hence the token) query-escaped, with lowercase hex and escaped
	// twice, as a proxy or an upstream error page may: the bot must hide
	// the token in every form.
	EchoURL
)

// String names the kind in failure messages.
func (k FaultKind) String() string {
	switch k {
	case TooManyRequests:
		return "TooManyRequests"
	case ServerError:
		return "ServerError"
	case BadGatewayHTML:
		return "BadGatewayHTML"
	case Drop:
		return "Drop"
	case Hang:
		return "Hang"
	case LoseResponse:
		return "LoseResponse"
	case EchoURL:
		return "EchoURL"
	}
	return fmt.Sprintf("FaultKind(%d)", int(k))
}

// Fault describes one injected failure.
type Fault struct {
	Kind FaultKind
	// RetryAfter is the retry_after of a TooManyRequests fault in seconds
	// (at least 1, as Telegram never says 0).
	RetryAfter int
	// Delay is how long a Hang lasts; for other kinds the server waits this
	// long before failing, to test client timeouts.
	Delay time.Duration
}

type faultRule struct {
	method string
	left   int
	fault  Fault
}

// badGatewayPage is what Telegram's nginx answers when the backend is
// down.
const badGatewayPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"

// FailNext makes the next n calls of method fail with f ("" matches any
// method, downloads included; DownloadMethod matches downloads only).
// Rules queue up in the order given. Failed calls are recorded with the
// status answered (0 when none). Note that Go's transport silently retries
// a dropped idempotent request (GET without body) on a reused connection.
func (s *Server) FailNext(method string, n int, f Fault) {
	if n <= 0 {
		return
	}
	if method != "" && method != DownloadMethod {
		method, _ = canonicalMethod(method)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, faultRule{method: method, left: n, fault: f})
}

// takeFault consumes the first rule matching method.
func (s *Server) takeFault(method string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.faults {
		r := &s.faults[i]
		if r.method != "" && !strings.EqualFold(r.method, method) {
			continue
		}
		f := r.fault
		r.left--
		if r.left == 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		return f, true
	}
	return Fault{}, false
}

// applyFault fails the request as f says and reports whether it is done;
// false means handle the request normally (a Hang that ran out, or
// LoseResponse, whose drop comes after handling).
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, call Call, f Fault) bool {
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
			if f.Kind == Hang {
				return false
			}
		case <-r.Context().Done():
			s.finishSilently(call)
			return true
		case <-s.closed:
			s.finishSilently(call)
			dropConnection(w)
			return true
		}
	}
	switch f.Kind {
	case TooManyRequests:
		ra := max(f.RetryAfter, 1)
		rep := errReply(http.StatusTooManyRequests, fmt.Sprintf("Too Many Requests: retry after %d", ra))
		rep.retryAfter = ra
		s.finish(w, call, rep)
	case ServerError:
		s.finish(w, call, errReply(http.StatusInternalServerError, "Internal Server Error"))
	case BadGatewayHTML:
		s.finish(w, call, reply{status: http.StatusBadGateway, html: badGatewayPage})
	case EchoURL:
		q := url.QueryEscape(r.URL.Path)
		s.finish(w, call, errReply(http.StatusInternalServerError, "Internal Server Error: upstream refused path="+q+
			" lower="+strings.ReplaceAll(q, "%3A", "%3a")+" twice="+url.QueryEscape(q)))
	case Drop:
		s.finishSilently(call)
		dropConnection(w)
	case Hang:
		// Delay 0: until the client or the server gives up.
		select {
		case <-r.Context().Done():
			s.finishSilently(call)
		case <-s.closed:
			s.finishSilently(call)
			dropConnection(w)
		}
	case LoseResponse:
		return false
	default:
		s.finish(w, call, errReply(http.StatusInternalServerError, "Internal Server Error: fakeapi: unknown fault "+f.Kind.String()))
	}
	return true
}

// finishSilently records a call that got no answer.
func (s *Server) finishSilently(call Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recordLocked(call, reply{})
}

// Forbid makes sends, edits, deletions and chat actions in chatID answer
// 403, as Telegram does once a user blocks the bot ("bot was blocked by
// the user") or a group removes it ("bot was kicked from the group chat",
// for negative ids).
func (s *Server) Forbid(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forbidden[chatID] = true
}

// forbiddenLocked is the 403 for a forbidden chat, or nil.
func (s *Server) forbiddenLocked(chatID int64) *reply {
	if !s.forbidden[chatID] {
		return nil
	}
	desc := "Forbidden: bot was blocked by the user"
	if chatID < 0 {
		desc = "Forbidden: bot was kicked from the group chat"
	}
	return ptr(errReply(http.StatusForbidden, desc))
}

// Limits are Telegram's flood limits on sends; a zero field is not
// enforced.
type Limits struct {
	// GlobalPerSecond bounds sends to all chats in any 1 s (about 30).
	GlobalPerSecond int
	// PerChatPerSecond bounds sends to one chat in any 1 s (about 1).
	PerChatPerSecond int
	// GroupPerMinute bounds sends to one group (negative id) in any 60 s
	// (about 20).
	GroupPerMinute int
}

// EnforceLimits turns flood control on (the zero Limits turns it off):
// a message-producing call over a limit is answered 429 with the
// retry_after after which it would fit, so the bot's pacing can be tested
// against the real rules. Windows slide over accepted sends.
func (s *Server) EnforceLimits(l Limits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits = l
	s.globalLog = nil
	s.chatLog = map[int64][]time.Time{}
}

// TooManyCount counts calls refused by EnforceLimits (not by FailNext),
// so a test can assert the bot paced itself.
func (s *Server) TooManyCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tooMany
}

// admitLocked applies the limits to k messages for chatID and, if they
// fit, counts them as sent; otherwise it returns the 429.
func (s *Server) admitLocked(chatID int64, k int) *reply {
	l := s.limits
	if l == (Limits{}) {
		return nil
	}
	now := s.now()
	s.globalLog = prune(s.globalLog, now, time.Second)
	chatLog := prune(s.chatLog[chatID], now, time.Minute)
	s.chatLog[chatID] = chatLog

	wait := 0
	if l.GlobalPerSecond > 0 {
		wait = max(wait, retryAfter(s.globalLog, now, time.Second, l.GlobalPerSecond, k))
	}
	if l.PerChatPerSecond > 0 {
		wait = max(wait, retryAfter(prune(chatLog, now, time.Second), now, time.Second, l.PerChatPerSecond, k))
	}
	if l.GroupPerMinute > 0 && chatID < 0 {
		wait = max(wait, retryAfter(chatLog, now, time.Minute, l.GroupPerMinute, k))
	}
	if wait > 0 {
		s.tooMany++
		rep := errReply(http.StatusTooManyRequests, fmt.Sprintf("Too Many Requests: retry after %d", wait))
		rep.retryAfter = wait
		return &rep
	}
	for range k {
		s.globalLog = append(s.globalLog, now)
		s.chatLog[chatID] = append(s.chatLog[chatID], now)
	}
	return nil
}

// prune drops stamps older than window before now; stamps are in order.
func prune(stamps []time.Time, now time.Time, window time.Duration) []time.Time {
	i := 0
	for i < len(stamps) && !stamps[i].After(now.Add(-window)) {
		i++
	}
	return stamps[i:]
}

// retryAfter is 0 if k more sends fit in the window, else the whole
// seconds (at least 1) until enough old sends leave it.
func retryAfter(stamps []time.Time, now time.Time, window time.Duration, limit, k int) int {
	excess := len(stamps) + k - limit
	if excess <= 0 {
		return 0
	}
	if excess > len(stamps) {
		return int(window / time.Second)
	}
	free := stamps[excess-1].Add(window).Sub(now)
	return max(int(math.Ceil(free.Seconds())), 1)
}

// WaitFaulted blocks until a call of method has met an injected fault — it
// has begun, and for a Hang it is now hanging — so a test can act (kill the
// bot, say) while the call is in flight.
func (s *Server) WaitFaulted(t testing.TB, timeout time.Duration, method string) Call {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for {
		s.mu.Lock()
		for _, c := range s.faulted {
			if c.Method == method {
				s.mu.Unlock()
				return c
			}
		}
		ch := s.changed
		s.mu.Unlock()
		if err := s.waitChange(ctx, ch); err != nil {
			t.Fatalf("fakeapi: no %s met its injected fault within %v", method, timeout)
			return Call{}
		}
	}
}

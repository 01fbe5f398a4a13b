package fakeapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestFailNext(t *testing.T) {
	text := map[string]string{"chat_id": "42", "text": "x"}

	t.Run("TooManyRequests", func(t *testing.T) {
		s := newServer(t)
		s.FailNext("sendMessage", 2, Fault{Kind: TooManyRequests, RetryAfter: 7})
		for range 2 {
			status, r := postForm(t, s, "sendMessage", text)
			mustFail(t, status, r, http.StatusTooManyRequests, "Too Many Requests: retry after 7")
			if r.Parameters == nil || r.Parameters.RetryAfter != 7 {
				t.Fatalf("parameters = %+v, want retry_after 7", r.Parameters)
			}
		}
		status, r := postForm(t, s, "sendMessage", text)
		mustOK(t, status, r, nil)
		calls := s.CallsTo("sendMessage")
		if len(calls) != 3 || calls[0].Status != 429 || calls[1].Status != 429 || calls[2].Status != 200 {
			t.Fatalf("calls %v", calls)
		}
		if s.TooManyCount() != 0 {
			t.Fatal("injected 429s must not count as limit refusals")
		}
	})

	t.Run("ServerError", func(t *testing.T) {
		s := newServer(t)
		s.FailNext("", 1, Fault{Kind: ServerError})
		status, r := postForm(t, s, "getMe", nil)
		mustFail(t, status, r, http.StatusInternalServerError, "Internal Server Error")
		status, r = postForm(t, s, "getMe", nil)
		mustOK(t, status, r, nil)
	})

	t.Run("BadGatewayHTML", func(t *testing.T) {
		s := newServer(t)
		s.FailNext("getUpdates", 1, Fault{Kind: BadGatewayHTML})
		resp, err := http.Post(methodURL(s, "getUpdates"), "application/x-www-form-urlencoded", nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadGateway || resp.Header.Get("Content-Type") != "text/html" || !strings.Contains(string(body), "<h1>502 Bad Gateway</h1>") {
			t.Fatalf("got %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		var v any
		if json.Unmarshal(body, &v) == nil {
			t.Fatal("the 502 page must not be JSON")
		}
		if c := s.CallsTo("getUpdates"); len(c) != 1 || c[0].Status != http.StatusBadGateway {
			t.Fatalf("recorded %v", c)
		}
	})

	t.Run("Drop", func(t *testing.T) {
		s := newServer(t)
		s.FailNext("sendMessage", 1, Fault{Kind: Drop})
		if _, _, err := tryDo(formRequest(t, context.Background(), s, "sendMessage", text)); err == nil {
			t.Fatal("a dropped connection gave no client error")
		}
		c := s.CallsTo("sendMessage")
		if len(c) != 1 || c[0].Status != 0 || len(s.Sent()) != 0 || s.Requests() != 1 {
			t.Fatalf("drop recorded as %v, sent %d, requests %d", c, len(s.Sent()), s.Requests())
		}
	})

	t.Run("HangUntilClientCancels", func(t *testing.T) {
		s := newServer(t)
		s.FailNext("sendMessage", 1, Fault{Kind: Hang})
		ctx, cancel := context.WithCancel(context.Background())
		req := formRequest(t, ctx, s, "sendMessage", text)
		errc := make(chan error, 1)
		go func() {
			_, _, err := tryDo(req)
			errc <- err
		}()
		until(t, s, "the request to arrive", func() bool { return s.requests == 1 })
		select {
		case err := <-errc:
			t.Fatalf("hung request returned: %v", err)
		default:
		}
		cancel()
		select {
		case err := <-errc:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("client error %v, want context.Canceled", err)
			}
		case <-time.After(wait):
			t.Fatal("cancel did not end the hung request")
		}
		until(t, s, "the hung call to be recorded", func() bool { return len(s.records) == 1 })
		if c := s.Calls()[0]; c.Status != 0 || len(s.Sent()) != 0 {
			t.Fatalf("hung call recorded as %v", c)
		}
	})

	t.Run("HangWithDelayThenAnswers", func(t *testing.T) {
		s := newServer(t)
		s.FailNext("sendMessage", 1, Fault{Kind: Hang, Delay: 20 * time.Millisecond})
		status, r := postForm(t, s, "sendMessage", text)
		mustOK(t, status, r, nil)
	})

	t.Run("LoseResponse", func(t *testing.T) {
		s := newServer(t)
		s.FailNext("sendMessage", 1, Fault{Kind: LoseResponse})
		if _, _, err := tryDo(formRequest(t, context.Background(), s, "sendMessage", text)); err == nil {
			t.Fatal("a lost response gave no client error")
		}
		if got := s.TextsTo(42); len(got) != 1 {
			t.Fatalf("the message must have been sent although the answer was lost: %q", got)
		}
	})

	t.Run("OtherMethodsUnaffected", func(t *testing.T) {
		s := newServer(t)
		s.FailNext("sendDocument", 1, Fault{Kind: ServerError})
		status, r := postForm(t, s, "sendMessage", text)
		mustOK(t, status, r, nil)
	})
}

func TestForbid(t *testing.T) {
	s := newServer(t)
	s.Forbid(42)
	s.Forbid(-100900)
	status, r := postForm(t, s, "sendMessage", map[string]string{"chat_id": "42", "text": "x"})
	mustFail(t, status, r, http.StatusForbidden, "Forbidden: bot was blocked by the user")
	status, r = postForm(t, s, "sendMessage", map[string]string{"chat_id": "-100900", "text": "x"})
	mustFail(t, status, r, http.StatusForbidden, "Forbidden: bot was kicked from the group chat")
	status, r = postForm(t, s, "sendMessage", map[string]string{"chat_id": "43", "text": "x"})
	mustOK(t, status, r, nil)
	if c := s.CallsTo("sendMessage")[0]; c.Status != http.StatusForbidden {
		t.Fatalf("recorded %v", c)
	}
}

// clock is a settable clock for limit windows.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestEnforceLimits(t *testing.T) {
	t.Run("GroupPerMinute", func(t *testing.T) {
		s := newServer(t)
		clk := &clock{t: time.Date(2025, 4, 25, 8, 0, 0, 0, time.UTC)}
		s.SetNow(clk.Now)
		s.EnforceLimits(Limits{GroupPerMinute: 20})
		group := map[string]string{"chat_id": "-1001234567890", "text": "nhắc"}
		for range 20 {
			status, r := postForm(t, s, "sendMessage", group)
			mustOK(t, status, r, nil)
			clk.Add(time.Second)
		}
		status, r := postForm(t, s, "sendMessage", group)
		mustFail(t, status, r, http.StatusTooManyRequests, "Too Many Requests: retry after 40")
		if r.Parameters == nil || r.Parameters.RetryAfter != 40 {
			t.Fatalf("parameters %+v, want retry_after 40 (the first send leaves the window then)", r.Parameters)
		}
		if s.TooManyCount() != 1 {
			t.Fatalf("TooManyCount = %d", s.TooManyCount())
		}
		// Private chats and other groups have their own windows.
		status, r = postForm(t, s, "sendMessage", map[string]string{"chat_id": "42", "text": "x"})
		mustOK(t, status, r, nil)
		status, r = postForm(t, s, "sendMessage", map[string]string{"chat_id": "-5", "text": "x"})
		mustOK(t, status, r, nil)

		clk.Add(40 * time.Second)
		status, r = postForm(t, s, "sendMessage", group)
		mustOK(t, status, r, nil)
	})

	t.Run("PerChatAndGlobal", func(t *testing.T) {
		s := newServer(t)
		clk := &clock{t: time.Date(2025, 4, 25, 8, 0, 0, 0, time.UTC)}
		s.SetNow(clk.Now)
		s.EnforceLimits(Limits{GlobalPerSecond: 3, PerChatPerSecond: 1})
		mustSend(t, s, "1")
		status, r := postForm(t, s, "sendMessage", map[string]string{"chat_id": "1", "text": "x"})
		mustFail(t, status, r, http.StatusTooManyRequests, "retry after 1")
		mustSend(t, s, "2")
		mustSend(t, s, "3")
		status, r = postForm(t, s, "sendMessage", map[string]string{"chat_id": "4", "text": "x"})
		mustFail(t, status, r, http.StatusTooManyRequests, "retry after 1")
		clk.Add(time.Second)
		mustSend(t, s, "4")
		if s.TooManyCount() != 2 {
			t.Fatalf("TooManyCount = %d", s.TooManyCount())
		}
	})
}

func mustSend(t *testing.T, s *Server, chat string) {
	t.Helper()
	status, r := postForm(t, s, "sendMessage", map[string]string{"chat_id": chat, "text": "x"})
	mustOK(t, status, r, nil)
}

package fakeapi

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestWaitFor(t *testing.T) {
	t.Run("MatchesEarlierCall", func(t *testing.T) {
		s := newServer(t)
		sendText(t, s, 42, "đã gửi trước")
		c := s.WaitFor(t, wait, "the earlier message", func(c Call) bool { return c.Params["text"] == "đã gửi trước" })
		if c.Seq != 1 {
			t.Fatalf("got %v", c)
		}
	})

	t.Run("WaitsForLaterCall", func(t *testing.T) {
		s := newServer(t)
		got := make(chan Call, 1)
		waiter := &fakeTB{}
		go func() {
			got <- s.WaitFor(waiter, wait, "the reply", func(c Call) bool { return c.ChatID() == 42 && c.Method == "sendMessage" })
		}()
		sendText(t, s, 7, "not this one")
		sendText(t, s, 42, "this one")
		c := <-got
		if waiter.failed || c.Params["text"] != "this one" {
			t.Fatalf("got %v (%s)", c, waiter.msg)
		}
	})

	t.Run("IgnoresFailedCalls", func(t *testing.T) {
		s := newServer(t)
		s.FailNext("sendMessage", 1, Fault{Kind: ServerError})
		status, r := postForm(t, s, "sendMessage", map[string]string{"chat_id": "42", "text": "x"})
		mustFail(t, status, r, 500, "Internal")
		ft := &fakeTB{}
		s.WaitFor(ft, 20*time.Millisecond, "a successful send", func(c Call) bool { return c.Method == "sendMessage" })
		if !ft.failed {
			t.Fatal("a failed call satisfied WaitFor")
		}
	})

	t.Run("TimeoutFailsWithDump", func(t *testing.T) {
		s := newServer(t)
		sendText(t, s, 7, "lời nhắc cho tổ khác")
		ft := &fakeTB{}
		c := s.WaitFor(ft, 20*time.Millisecond, "a reply to chat 42", func(c Call) bool { return c.ChatID() == 42 })
		if !ft.failed {
			t.Fatal("WaitFor did not fail on timeout")
		}
		if c.Seq != 0 {
			t.Fatalf("returned %v after failing", c)
		}
		for _, want := range []string{"timed out", "a reply to chat 42", "(0 of 1 matched)", "#1 sendMessage 200", `text="lời nhắc cho tổ khác"`} {
			if !strings.Contains(ft.msg, want) {
				t.Errorf("failure message lacks %q:\n%s", want, ft.msg)
			}
		}
	})

	t.Run("WaitCount", func(t *testing.T) {
		s := newServer(t)
		for _, text := range []string{"a", "b", "c"} {
			sendText(t, s, 42, text)
		}
		calls := s.WaitCount(t, wait, "two sends", func(c Call) bool { return c.Method == "sendMessage" }, 2)
		if len(calls) != 2 || calls[0].Params["text"] != "a" || calls[1].Params["text"] != "b" {
			t.Fatalf("got %v", calls)
		}
		ft := &fakeTB{}
		if got := s.WaitCount(ft, 20*time.Millisecond, "four sends", func(c Call) bool { return c.Method == "sendMessage" }, 4); got != nil || !strings.Contains(ft.msg, "(3 of 4 matched)") {
			t.Fatalf("got %v, failure %q", got, ft.msg)
		}
	})

	t.Run("WaitContext", func(t *testing.T) {
		s := newServer(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := s.Wait(ctx, func(Call) bool { return true }); !errors.Is(err, context.Canceled) {
			t.Fatalf("Wait on a cancelled context: %v", err)
		}
		sendText(t, s, 1, "x")
		c, err := s.Wait(context.Background(), func(c Call) bool { return c.Method == "sendMessage" })
		if err != nil || c.Params["text"] != "x" {
			t.Fatalf("Wait = %v, %v", c, err)
		}
	})

	t.Run("ClosedServer", func(t *testing.T) {
		s := New()
		s.Close()
		ft := &fakeTB{}
		s.WaitFor(ft, wait, "anything", func(Call) bool { return true })
		if !strings.Contains(ft.msg, "server closed") {
			t.Fatalf("failure %q", ft.msg)
		}
		s.Close() // idempotent
	})

	t.Run("DumpFoldsPolling", func(t *testing.T) {
		s := newServer(t)
		for range 30 {
			getUpdates(t, s, nil)
		}
		sendText(t, s, 1, "x")
		d := s.Dump(20)
		if !strings.Contains(d, "#1..#30 getUpdates ×30") || !strings.Contains(d, "#31 sendMessage") {
			t.Fatalf("dump:\n%s", d)
		}
	})

	t.Run("CallsAreCopies", func(t *testing.T) {
		s := newServer(t)
		sendText(t, s, 1, "x")
		s.Calls()[0].Params["text"] = "changed"
		if s.Calls()[0].Params["text"] != "x" {
			t.Fatal("a caller changed the server's record")
		}
	})
}

// TestConcurrentUse runs senders, a poller and waiters together for the
// race detector.
func TestConcurrentUse(t *testing.T) {
	s := newServer(t)
	u := User{ID: 42}
	const n = 50
	errs := make(chan error, 2*n)
	for i := range n {
		req := formRequest(t, context.Background(), s, "sendMessage", map[string]string{"chat_id": "42", "text": itoa(i)})
		go func() {
			_, _, err := tryDo(req)
			errs <- err
		}()
		go func() {
			s.SendText(u, Private(u), itoa(i))
			errs <- nil
		}()
	}
	for range 2 * n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	s.WaitCount(t, wait, "all sends", func(c Call) bool { return c.Method == "sendMessage" }, n)
	if got := len(s.TextsTo(42)); got != n {
		t.Fatalf("TextsTo has %d texts, want %d", got, n)
	}
	ups := getUpdates(t, s, nil)
	if len(ups) != n {
		t.Fatalf("got %d updates, want %d", len(ups), n)
	}
	getUpdates(t, s, map[string]string{"offset": itoa(int(ups[n-1].UpdateID) + 1)})
	s.WaitConfirmed(t, wait, n)
	if s.Pending() != 0 {
		t.Fatalf("%d updates pending after confirming all", s.Pending())
	}
}

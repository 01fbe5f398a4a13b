package redis

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/storage/redis/statetest"

	"github.com/bacgiang/fwbot/internal/ci"
)

// TestStateStoreMiniredis runs the conformance suite with one miniredis per
// subtest, which lets the suite fast-forward time and stop the server.
func TestStateStoreMiniredis(t *testing.T) {
	var (
		mu      sync.Mutex
		servers = map[*testing.T]*miniredis.Miniredis{}
		n       atomic.Int64
	)
	server := func(t *testing.T) *miniredis.Miniredis {
		mu.Lock()
		defer mu.Unlock()
		mr, ok := servers[t]
		if !ok {
			t.Fatal("harness hook called before New in this subtest")
		}
		return mr
	}
	statetest.Run(t, statetest.Harness{
		New: func(t *testing.T) coord.StateStore {
			mr := miniredis.RunT(t)
			mu.Lock()
			servers[t] = mr
			mu.Unlock()
			t.Cleanup(func() {
				mu.Lock()
				delete(servers, t)
				mu.Unlock()
			})
			return newTestStore(t, Options{Addr: mr.Addr(), Prefix: fmt.Sprintf("mini%d:", n.Add(1))})
		},
		StateTTL:    DefaultStateTTL,
		DedupeTTL:   DefaultDedupeTTL,
		TTL:         convTTL,
		FastForward: func(t *testing.T, d time.Duration) { server(t).FastForward(d) },
		Stop:        func(t *testing.T) { server(t).Close() },
		Restart: func(t *testing.T) {
			if err := server(t).Restart(); err != nil {
				t.Fatalf("restart miniredis: %v", err)
			}
		},
	})
}

// TestStateStoreRealRedis runs the conformance suite against the Redis at
// REDIS_ADDR (and REDIS_PASSWORD, if set), as CI does. Each store gets its own
// random prefix, so parallel runs sharing one Redis do not collide, and its
// keys are deleted at the end. Expiry and outage subtests are skipped: the
// test can neither move Redis's clock nor stop the server.
func TestStateStoreRealRedis(t *testing.T) {
	addr := os.Getenv("REDIS_ADDR")
	if addr == "" {
		ci.Skip(t, "REDIS_ADDR is empty; set it to host:port of a Redis the test may write to, to run the suite against real Redis")
	}
	run := rand.Text()
	var n atomic.Int64
	statetest.Run(t, statetest.Harness{
		New: func(t *testing.T) coord.StateStore {
			prefix := fmt.Sprintf("fwbot-test:%s:%d:", run, n.Add(1))
			s := newTestStore(t, Options{Addr: addr, Password: os.Getenv("REDIS_PASSWORD"), Prefix: prefix})
			t.Cleanup(func() { deleteKeys(t, s, prefix) }) // runs before the store's Close
			return s
		},
		StateTTL:  DefaultStateTTL,
		DedupeTTL: DefaultDedupeTTL,
		TTL:       convTTL,
	})
}

// TestKeyLayout pins the key names, TTLs and JSON encoding, which operators
// rely on when they inspect or flush Redis by hand.
func TestKeyLayout(t *testing.T) {
	mr := miniredis.RunT(t)
	s := newTestStore(t, Options{Addr: mr.Addr()})
	ctx := t.Context()

	key := coord.ConvKey{ChatID: -100123, UserID: 42}
	if err := s.SaveConversation(ctx, key, map[string]any{"step": "chọn báo cáo"}); err != nil {
		t.Fatalf("save: %v", err)
	}
	const convKey = "fwbot:conv:-100123:42"
	got, err := mr.Get(convKey)
	if err != nil {
		t.Fatalf("get %s: %v", convKey, err)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(got), &v); err != nil || v["step"] != "chọn báo cáo" {
		t.Errorf("%s = %q (%v); want the JSON of the saved value", convKey, got, err)
	}
	if ttl := mr.TTL(convKey); ttl != DefaultStateTTL {
		t.Errorf("TTL of %s = %v; want %v", convKey, ttl, DefaultStateTTL)
	}

	if err := s.MarkUpdates(ctx, []int64{7}); err != nil {
		t.Fatalf("mark: %v", err)
	}
	// Update 7 is in the set of ids 0..1023.
	if ok, _ := mr.SIsMember("fwbot:upd:0", "7"); !ok {
		t.Errorf("update 7 is not in fwbot:upd:0 (keys %q)", mr.Keys())
	}
	if ttl := mr.TTL("fwbot:upd:0"); ttl != DefaultDedupeTTL {
		t.Errorf("TTL of fwbot:upd:0 = %v; want %v", ttl, DefaultDedupeTTL)
	}
	if keys := mr.Keys(); len(keys) != 2 {
		t.Errorf("keys = %q; want exactly the conversation and the mark", keys)
	}
}

func TestOptions(t *testing.T) {
	mr := miniredis.RunT(t)

	t.Run("Custom", func(t *testing.T) {
		s := newTestStore(t, Options{Addr: mr.Addr(), DB: 3, Prefix: "other:", StateTTL: 90 * time.Second, DedupeTTL: 1500 * time.Millisecond})
		key := coord.ConvKey{ChatID: 1, UserID: 2}
		if err := s.SaveConversation(t.Context(), key, 1); err != nil {
			t.Fatalf("save: %v", err)
		}
		if err := s.MarkUpdates(t.Context(), []int64{3}); err != nil {
			t.Fatalf("mark: %v", err)
		}
		db := mr.DB(3)
		if ttl := db.TTL("other:conv:1:2"); ttl != 90*time.Second {
			t.Errorf("TTL of other:conv:1:2 in db 3 = %v; want 90s", ttl)
		}
		if ttl := db.TTL("other:upd:0"); ttl != 1500*time.Millisecond {
			t.Errorf("TTL of other:upd:0 in db 3 = %v; want 1.5s", ttl)
		}
	})

	for name, opts := range map[string]Options{
		"ErrNoAddr":           {},
		"ErrNegativeStateTTL": {Addr: mr.Addr(), StateTTL: -time.Second},
		"ErrTinyDedupeTTL":    {Addr: mr.Addr(), DedupeTTL: time.Microsecond},
	} {
		t.Run(name, func(t *testing.T) {
			if s, err := New(t.Context(), opts); err == nil {
				s.Close()
				t.Fatalf("New(%+v) succeeded; want an error", opts)
			}
		})
	}
}

// TestNewUnreachable checks that the operator learns at start, and quickly,
// that Redis is not there.
func TestNewUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now

	start := time.Now()
	s, err := New(t.Context(), Options{Addr: addr})
	if err == nil {
		s.Close()
		t.Fatal("New succeeded without a Redis")
	}
	if coord.ErrorCode(err) != coord.EUnavailable {
		t.Errorf("New: %v (code %q); want code %q", err, coord.ErrorCode(err), coord.EUnavailable)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("New took %v to give up", d)
	}
}

// TestNotUnavailable checks that our own mistakes are not blamed on Redis:
// they are internal errors, which the sink logs with their cause.
func TestNotUnavailable(t *testing.T) {
	mr := miniredis.RunT(t)
	s := newTestStore(t, Options{Addr: mr.Addr()})
	key := coord.ConvKey{ChatID: 1, UserID: 1}

	t.Run("ErrEncode", func(t *testing.T) {
		err := s.SaveConversation(t.Context(), key, make(chan int))
		if coord.ErrorCode(err) != coord.EInternal {
			t.Errorf("save of a channel: %v (code %q); want code %q", err, coord.ErrorCode(err), coord.EInternal)
		}
	})
	t.Run("ErrDecode", func(t *testing.T) {
		if err := mr.Set("fwbot:conv:1:1", "{not json"); err != nil {
			t.Fatal(err)
		}
		var dst struct{}
		ok, err := s.LoadConversation(t.Context(), key, &dst)
		if ok || coord.ErrorCode(err) != coord.EInternal {
			t.Errorf("load of bad JSON = %v, %v (code %q); want false and code %q", ok, err, coord.ErrorCode(err), coord.EInternal)
		}
	})
}

func TestCloseTwice(t *testing.T) {
	mr := miniredis.RunT(t)
	s, err := New(t.Context(), Options{Addr: mr.Addr()})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
	if err := s.Ping(t.Context()); coord.ErrorCode(err) != coord.EUnavailable {
		t.Errorf("ping after close: %v; want code %q", err, coord.EUnavailable)
	}
}

// TestEmbedded checks that the embedded Redis serves a Store and that its
// keys expire with the clock, as they would in a real Redis.
func TestEmbedded(t *testing.T) {
	e, err := StartEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	s := newTestStore(t, Options{Addr: e.Addr()})
	ctx := t.Context()
	key := coord.ConvKey{ChatID: 5, UserID: 6}

	if err := s.SaveConversation(ctx, key, "step"); err != nil {
		t.Fatalf("save: %v", err)
	}
	if err := s.MarkUpdates(ctx, []int64{9}); err != nil {
		t.Fatalf("mark: %v", err)
	}
	var got string
	if ok, err := s.LoadConversation(ctx, key, &got); err != nil || !ok || got != "step" {
		t.Fatalf("load = %q, %v, %v; want \"step\", true, nil", got, ok, err)
	}

	// Move the embedded clock past the conversation's TTL, not the mark's,
	// and let the TTLs follow it as the ticker does.
	later := time.Now().Add(DefaultStateTTL + time.Minute)
	e.mu.Lock()
	e.now = func() time.Time { return later }
	e.mu.Unlock()
	e.expire()
	if ok, err := s.LoadConversation(ctx, key, &got); err != nil || ok {
		t.Errorf("load after the TTL = %v, %v; want false, nil", ok, err)
	}
	if seen, err := s.SeenUpdates(ctx, []int64{9}); err != nil || !seen[0] {
		t.Errorf("seen after the conversation TTL = %v, %v; want true, nil", seen, err)
	}

	e.Close()
	e.Close() // a second Close does nothing
	if err := s.Ping(ctx); coord.ErrorCode(err) != coord.EUnavailable {
		t.Errorf("ping after the embedded Redis closed: %v; want code %q", err, coord.EUnavailable)
	}
}

// TestEmbeddedExpiresWithTheWallClock checks that, left alone, the embedded
// Redis expires a key once its TTL has passed on the wall clock.
func TestEmbeddedExpiresWithTheWallClock(t *testing.T) {
	e, err := StartEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	s := newTestStore(t, Options{Addr: e.Addr(), StateTTL: 300 * time.Millisecond})
	ctx := t.Context()
	key := coord.ConvKey{ChatID: 7, UserID: 8}
	saved := time.Now()
	if err := s.SaveConversation(ctx, key, "step"); err != nil {
		t.Fatalf("save: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var got string
		ok, err := s.LoadConversation(ctx, key, &got)
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		if !ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the conversation is still there 10 s after its 300 ms TTL")
		}
		time.Sleep(20 * time.Millisecond) // polling for the expiry, not standing in for it
	}
	if gone := time.Since(saved); gone < 300*time.Millisecond {
		t.Errorf("the conversation expired after %v, before its 300 ms TTL", gone)
	}
}

func newTestStore(t *testing.T, opts Options) *Store {
	t.Helper()
	s, err := New(t.Context(), opts)
	if err != nil {
		t.Fatalf("new store: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	return s
}

// convTTL reads the remaining TTL of a conversation key for the suite.
func convTTL(t *testing.T, s coord.StateStore, key coord.ConvKey) time.Duration {
	t.Helper()
	st := s.(*Store)
	ttl, err := st.client.PTTL(t.Context(), st.convKey(key)).Result()
	if err != nil {
		t.Fatalf("pttl: %v", err)
	}
	return ttl
}

// deleteKeys removes every key under prefix, so the shared Redis is left as
// it was found. The prefix holds only letters, digits, dashes and colons, so it is safe as
// a SCAN pattern.
func deleteKeys(t *testing.T, s *Store, prefix string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	iter := s.client.Scan(ctx, 0, prefix+"*", 100).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Errorf("scan %s*: %v", prefix, err)
		return
	}
	if len(keys) > 0 {
		if err := s.client.Del(ctx, keys...).Err(); err != nil {
			t.Errorf("delete %d keys under %s: %v", len(keys), prefix, err)
		}
	}
}

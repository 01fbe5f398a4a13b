package redis

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/bacgiang/fwbot/internal/ci"
)

// testLocks runs the lease rules against two stores playing two processes;
// expire makes the current lease lapse (nil: skipped).
func testLocks(t *testing.T, newStore func(t *testing.T, owner string) *Store, expire func(time.Duration)) {
	ctx := context.Background()
	a, b := newStore(t, "process-a"), newStore(t, "process-b")
	hold := func(s *Store) bool {
		t.Helper()
		held, err := s.Hold(ctx, "scheduler", 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return held
	}
	if !hold(a) {
		t.Fatal("a free lease was not granted")
	}
	if hold(b) {
		t.Fatal("two processes hold the lease")
	}
	if !hold(a) {
		t.Fatal("the holder could not extend its lease")
	}
	if err := b.Release(ctx, "scheduler"); err != nil || !hold(a) {
		t.Fatalf("another process released the holder's lease (err %v)", err)
	}
	if err := a.Release(ctx, "scheduler"); err != nil {
		t.Fatal(err)
	}
	if !hold(b) {
		t.Fatal("a released lease was not granted to the other process")
	}
	if expire == nil {
		return
	}
	expire(31 * time.Second) // b dies without releasing
	if !hold(a) {
		t.Fatal("a lapsed lease was not taken over")
	}
}

func TestLockMiniredis(t *testing.T) {
	mr := miniredis.RunT(t)
	testLocks(t, func(t *testing.T, owner string) *Store {
		s, err := New(context.Background(), Options{Addr: mr.Addr(), Owner: owner})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}, mr.FastForward)
}

func TestLockRealRedis(t *testing.T) {
	addr := os.Getenv("REDIS_ADDR")
	if addr == "" {
		ci.Skip(t, "REDIS_ADDR not set: the real-Redis lock test runs in CI (.ci/run)")
	}
	prefix := fmt.Sprintf("fwbot-locktest:%d:", time.Now().UnixNano())
	testLocks(t, func(t *testing.T, owner string) *Store {
		s, err := New(context.Background(), Options{Addr: addr, Owner: owner, Prefix: prefix, Password: os.Getenv("REDIS_PASSWORD")})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = s.client.Del(context.Background(), s.lockKey("scheduler")).Err()
			s.Close()
		})
		return s
	}, nil)
}

// Package testkit builds the world the tests of every package start from:
// the repository's config.yaml, a fresh SQLite store with its agencies, an
// embedded Redis, the use cases over them, and a clock the test moves. One
// place, so that the handlers' env, the scheduler's world and the use
// cases' world are the same world, and a change to how the bot is put
// together is made once.
//
// It is imported only by tests.
package testkit

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/bacgiang/fwbot/config"
	"github.com/bacgiang/fwbot/coord"
	redisstore "github.com/bacgiang/fwbot/storage/redis"
	"github.com/bacgiang/fwbot/storage/sqlite"
	"github.com/bacgiang/fwbot/work"
)

// TrackFrom is the tracking start the tests' bot has: 1 January 2027, so
// that every period of 2027 is owed.
var TrackFrom = coord.Date{Year: 2027, Month: time.January, Day: 1}

// Root is the repository's root directory (where go.mod is), found from the
// test's working directory, which is its package's directory.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("testkit: go.mod not found above the test's directory")
		}
		dir = parent
	}
}

// Config loads the repository's config.yaml with an empty environment.
func Config(t testing.TB) *config.Config {
	t.Helper()
	cfg, err := config.Load(filepath.Join(Root(t), "config.yaml"), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// Store opens a fresh SQLite file in the test's temporary directory with
// cfg's agencies, closed when the test ends.
func Store(t testing.TB, cfg *config.Config) *sqlite.DB {
	t.Helper()
	return open(t, cfg, filepath.Join(t.TempDir(), "bot.db"))
}

// MemoryStore is Store in memory (sqlite.Memory): quicker, one connection.
func MemoryStore(t testing.TB, cfg *config.Config) *sqlite.DB {
	t.Helper()
	return open(t, cfg, sqlite.Memory)
}

func open(t testing.TB, cfg *config.Config, path string) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.SyncAgencies(ctx, cfg.Catalogue.Agencies); err != nil {
		t.Fatal(err)
	}
	return db
}

// Redis starts an embedded Redis and the conversation store on it, both
// stopped when the test ends; the miniredis handle lets a test fail it or
// move its clock.
func Redis(t testing.TB) (*miniredis.Miniredis, *redisstore.Store) {
	t.Helper()
	mr := miniredis.RunT(t)
	state, err := redisstore.New(context.Background(), redisstore.Options{Addr: mr.Addr()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = state.Close() })
	return mr, state
}

// Work is the use cases over cfg, tracking from TrackFrom.
func Work(cfg *config.Config) *work.Service {
	return &work.Service{Catalogue: cfg.Catalogue, Calendar: cfg.Calendar, TrackFrom: TrackFrom, Notices: cfg.Notices,
		ExpiringDays: cfg.Register.ExpiringDays, KeepMonths: cfg.Register.KeepMonths, Access: cfg.Register.Access}
}

// Clock is a clock the test sets, safe to read from the goroutines of the
// code under test.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock is a Clock showing now.
func NewClock(now time.Time) *Clock { return &Clock{now: now} }

// Now is the time the test last set (coord.Clock).
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

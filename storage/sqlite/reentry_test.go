package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// insideUpdate runs use from inside an Update's fn and returns its error. A
// use that waits for the writer connection instead of failing would hang
// the Update forever, so the wait for it is bounded and reported as the
// failure it is.
func insideUpdate(t *testing.T, db *DB, use func(ctx context.Context) error) error {
	t.Helper()
	ctx := context.Background()
	got := make(chan error, 1)
	go func() {
		var useErr error
		err := db.Update(ctx, func(coord.Tx) error {
			useErr = use(ctx)
			return nil
		})
		if err != nil {
			useErr = errors.Join(useErr, err)
		}
		got <- useErr
	}()
	select {
	case err := <-got:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("the call from inside Update waited for the writer connection instead of failing")
		return nil
	}
}

func TestTheDBItselfIsRefusedInsideAnUpdate(t *testing.T) {
	at := time.Date(2027, 1, 4, 8, 0, 0, 0, time.UTC)
	writes := map[string]func(db *DB) func(ctx context.Context) error{
		"a nested Update": func(db *DB) func(ctx context.Context) error {
			return func(ctx context.Context) error {
				return db.Update(ctx, func(coord.Tx) error { return nil })
			}
		},
		"SetSetting": func(db *DB) func(ctx context.Context) error {
			return func(ctx context.Context) error { return db.SetSetting(ctx, "k", "v") }
		},
		"an outbox mark": func(db *DB) func(ctx context.Context) error {
			return func(ctx context.Context) error { return db.MarkRetry(ctx, 1, 1, at, "x") }
		},
		"PruneOutbox": func(db *DB) func(ctx context.Context) error {
			return func(ctx context.Context) error { return db.PruneOutbox(ctx, at) }
		},
		"PruneOnceKeys": func(db *DB) func(ctx context.Context) error {
			return func(ctx context.Context) error { return db.PruneOnceKeys(ctx, at) }
		},
		"SyncAgencies": func(db *DB) func(ctx context.Context) error {
			return func(ctx context.Context) error { return db.SyncAgencies(ctx, testAgencies) }
		},
	}
	reads := map[string]func(db *DB) func(ctx context.Context) error{
		"View": func(db *DB) func(ctx context.Context) error {
			return func(ctx context.Context) error { return db.View(ctx, func(coord.Tx) error { return nil }) }
		},
		"Setting": func(db *DB) func(ctx context.Context) error {
			return func(ctx context.Context) error { _, _, err := db.Setting(ctx, "k"); return err }
		},
		"PendingOutbox": func(db *DB) func(ctx context.Context) error {
			return func(ctx context.Context) error { _, err := db.PendingOutbox(ctx, 0, 0); return err }
		},
	}
	for _, kind := range []string{"file", "memory"} {
		open := func(t *testing.T) *DB {
			if kind == "memory" {
				return openAt(t, Memory)
			}
			return openAt(t, filepath.Join(t.TempDir(), "bot.db"))
		}
		for name, use := range writes {
			t.Run(kind+"/"+name+" fails at once", func(t *testing.T) {
				db := open(t)
				if err := insideUpdate(t, db, use(db)); !errors.Is(err, ErrInsideUpdate) {
					t.Fatalf("got %v, want ErrInsideUpdate", err)
				}
			})
		}
		for name, use := range reads {
			t.Run(kind+"/"+name, func(t *testing.T) {
				db := open(t)
				err := insideUpdate(t, db, use(db))
				if kind == "memory" && !errors.Is(err, ErrInsideUpdate) {
					// The Update holds Memory's one connection.
					t.Fatalf("got %v, want ErrInsideUpdate", err)
				}
				if kind == "file" && err != nil {
					// A file has a read pool of its own.
					t.Fatalf("a read beside an Update failed: %v", err)
				}
			})
		}
	}
}

func TestOtherGoroutinesStillWaitTheirTurn(t *testing.T) {
	db := openAt(t, filepath.Join(t.TempDir(), "bot.db"))
	ctx := context.Background()
	inside, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- db.Update(ctx, func(coord.Tx) error {
			close(inside)
			<-release
			return nil
		})
	}()
	<-inside
	second := make(chan error, 1)
	go func() { second <- db.SetSetting(ctx, "offset", "42") }()
	close(release)
	if err := <-first; err != nil {
		t.Fatalf("first update: %v", err)
	}
	if err := <-second; err != nil {
		t.Fatalf("a write from another goroutine while an Update ran was refused: %v", err)
	}
	if v, _, err := db.Setting(ctx, "offset"); err != nil || v != "42" {
		t.Fatalf("setting = %q, %v; want 42", v, err)
	}
}

func TestAnUpdateAfterAFailedNestedUseWorks(t *testing.T) {
	db := openAt(t, Memory)
	ctx := context.Background()
	_ = insideUpdate(t, db, func(ctx context.Context) error { return db.SetSetting(ctx, "k", "v") })
	if err := db.SetSetting(ctx, "k", "w"); err != nil {
		t.Fatalf("a write after the Update ended was refused: %v", err)
	}
	if v, _, _ := db.Setting(ctx, "k"); v != "w" {
		t.Fatalf("setting = %q, want w", v)
	}
}

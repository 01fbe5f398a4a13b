package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// openGrouped opens a file store whose groups never close early on their
// own (time or size), so a test decides who shares a transaction.
func openGrouped(t *testing.T) *DB {
	t.Helper()
	db := openAt(t, filepath.Join(t.TempDir(), "bot.db"))
	db.w.maxWait = time.Hour
	db.w.maxMembers = 1000
	return db
}

// holdUntilQueued is an Update fn that writes user id, closes holding, and
// returns once n more Updates queue behind it.
func holdUntilQueued(t *testing.T, db *DB, id int64, n int32, holding chan struct{}) func(coord.Tx) error {
	return func(tx coord.Tx) error {
		if err := tx.PutUser(context.Background(), newUser(id, "ca")); err != nil {
			return err
		}
		close(holding)
		deadline := time.Now().Add(10 * time.Second)
		for db.w.waiting.Load() < n {
			if time.Now().After(deadline) {
				t.Errorf("%d Updates never queued behind user %d's", n, id)
				return nil
			}
			time.Sleep(time.Millisecond) // polling for the queue, not waiting in its place
		}
		return nil
	}
}

func userExists(t *testing.T, db *DB, id int64) bool {
	t.Helper()
	var ok bool
	err := db.View(context.Background(), func(tx coord.Tx) error {
		_, err := tx.User(context.Background(), id)
		ok = err == nil
		if isNotFound(err) {
			return nil
		}
		return err
	})
	if err != nil {
		t.Fatalf("read user %d: %v", id, err)
	}
	return ok
}

// TestGroupCommit checks that Updates queued behind each other share one
// transaction, each keeping or losing only its own work.
func TestGroupCommit(t *testing.T) {
	ctx := context.Background()

	t.Run("SharedTransactionIsolatesFailures", func(t *testing.T) {
		db := openGrouped(t)
		holding := make(chan struct{})
		before := db.w.commits.Load()
		errFail := errors.New("the third update failed")
		var wg sync.WaitGroup
		errs := make([]error, 4)
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[0] = db.Update(ctx, holdUntilQueued(t, db, 1, 3, holding))
		}()
		<-holding
		for i, fn := range []func(coord.Tx) error{
			func(tx coord.Tx) error { return tx.PutUser(ctx, newUser(2, "ca")) },
			func(tx coord.Tx) error {
				if err := tx.PutUser(ctx, newUser(3, "ca")); err != nil {
					return err
				}
				return errFail
			},
			func(tx coord.Tx) error { return tx.PutUser(ctx, newUser(4, "ca")) },
		} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i+1] = db.Update(ctx, fn)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if i == 2 {
				if !errors.Is(err, errFail) {
					t.Errorf("failing update returned %v, want its own error", err)
				}
				continue
			}
			if err != nil {
				t.Errorf("update %d: %v", i+1, err)
			}
		}
		for id, want := range map[int64]bool{1: true, 2: true, 3: false, 4: true} {
			if got := userExists(t, db, id); got != want {
				t.Errorf("user %d stored = %v, want %v", id, got, want)
			}
		}
		if n := db.w.commits.Load() - before; n != 1 {
			t.Errorf("%d commits for four queued updates, want 1 shared transaction", n)
		}
	})

	t.Run("FailedCommitFailsEveryMember", func(t *testing.T) {
		db := openGrouped(t)
		holding := make(chan struct{})
		errs := make(chan error, 2)
		go func() { errs <- db.Update(ctx, holdUntilQueued(t, db, 1, 1, holding)) }()
		<-holding
		go func() {
			errs <- db.Update(ctx, func(t coord.Tx) error {
				// Ends the shared transaction under the group, as an I/O
				// error would make SQLite do, and carries on regardless.
				_, err := t.(*tx).x.ExecContext(ctx, `ROLLBACK`)
				return err
			})
		}()
		for range 2 {
			if err := <-errs; err == nil {
				t.Error("an update of a transaction that could not commit returned nil")
			}
		}
		if userExists(t, db, 1) {
			t.Error("the first update's user was stored though its transaction was rolled back")
		}
		// The writer is usable again.
		update(t, db, func(tx coord.Tx) error { return tx.PutUser(ctx, newUser(5, "ca")) })
		if !userExists(t, db, 5) {
			t.Error("an update after the failed group was not stored")
		}
	})

	t.Run("PanicInGroupUndoesOnlyItsWork", func(t *testing.T) {
		db := openGrouped(t)
		holding := make(chan struct{})
		var wg sync.WaitGroup
		var firstErr, thirdErr error
		wg.Add(1)
		go func() { defer wg.Done(); firstErr = db.Update(ctx, holdUntilQueued(t, db, 1, 2, holding)) }()
		<-holding
		wg.Add(2)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != "boom" {
					t.Errorf("recovered %v, want the panic of fn", r)
				}
			}()
			_ = db.Update(ctx, func(tx coord.Tx) error {
				if err := tx.PutUser(ctx, newUser(2, "ca")); err != nil {
					return err
				}
				panic("boom")
			})
		}()
		go func() {
			defer wg.Done()
			thirdErr = db.Update(ctx, func(tx coord.Tx) error { return tx.PutUser(ctx, newUser(3, "ca")) })
		}()
		wg.Wait()
		if firstErr != nil || thirdErr != nil {
			t.Fatalf("updates beside the panic: %v, %v", firstErr, thirdErr)
		}
		for id, want := range map[int64]bool{1: true, 2: false, 3: true} {
			if got := userExists(t, db, id); got != want {
				t.Errorf("user %d stored = %v, want %v", id, got, want)
			}
		}
	})

	t.Run("CancelledWhileQueued", func(t *testing.T) {
		db := openGrouped(t)
		holding := make(chan struct{})
		first := make(chan error, 1)
		go func() { first <- db.Update(ctx, holdUntilQueued(t, db, 1, 1, holding)) }()
		<-holding
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		ran := false
		err := db.Update(cctx, func(tx coord.Tx) error { ran = true; return nil })
		if !errors.Is(err, context.Canceled) || ran {
			t.Errorf("cancelled update: ran %v, error %v; want not run and context.Canceled", ran, err)
		}
		if err := <-first; err != nil {
			t.Fatalf("first update: %v", err)
		}
		if !userExists(t, db, 1) {
			t.Error("the update ahead of a cancelled one was not committed")
		}
	})
}

// TestCheckpointsInTheBackground checks that no commit checkpoints the
// log (automatic checkpoints are off on the writer) and that the log still
// reaches the database file, from the background, while the store is open.
func TestCheckpointsInTheBackground(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bot.db")
	db := openAt(t, path)
	// The same checkpointer, ticking faster than in production.
	if err := db.cp.close(); err != nil {
		t.Fatal(err)
	}
	var err error
	if db.cp, err = startCheckpointer(path, 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	var auto int
	if err := db.x.GetContext(ctx, &auto, `PRAGMA wal_autocheckpoint`); err != nil {
		t.Fatal(err)
	}
	if auto != 0 {
		t.Errorf("the writer checkpoints automatically every %d pages, want never", auto)
	}
	before := fileSize(t, path)
	for i := range 200 {
		update(t, db, func(tx coord.Tx) error {
			return tx.Audit(ctx, coord.AuditEntry{At: t0, Actor: int64(i), Action: "test.checkpoint",
				After: `"` + strings.Repeat("x", 1998) + `"`})
		})
	}
	deadline := time.Now().Add(10 * time.Second)
	for fileSize(t, path) < before+200*2000 {
		if time.Now().After(deadline) {
			t.Fatalf("database file still %d bytes 10 s after 400 kB were committed: the log was never checkpointed", fileSize(t, path))
		}
		time.Sleep(20 * time.Millisecond) // polling for the checkpoint
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// TestReadsDoNotWaitForTheWriter checks that the store's reads outside
// View (the outbox sender's, the archiver's, settings) are answered while
// an Update holds the writer connection.
func TestReadsDoNotWaitForTheWriter(t *testing.T) {
	db := openAt(t, filepath.Join(t.TempDir(), "bot.db"))
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db.Update(context.Background(), func(tx coord.Tx) error {
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := db.PendingOutbox(ctx, 0, 10); err != nil {
		t.Errorf("pending outbox while an update runs: %v", err)
	}
	if _, err := db.PendingArchives(ctx, t0, 10); err != nil {
		t.Errorf("pending archives while an update runs: %v", err)
	}
	if _, err := db.DueAlbums(ctx, t0); err != nil {
		t.Errorf("due albums while an update runs: %v", err)
	}
	if _, _, err := db.Setting(ctx, "telegram.offset"); err != nil {
		t.Errorf("setting while an update runs: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

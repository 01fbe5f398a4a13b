package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// user is a minimal enrolled officer of agency.
func user(id int64, agency string) coord.User {
	return coord.User{
		TelegramID: id, Agency: agency, Role: coord.RoleOfficer, Lang: coord.LangVI,
		Name: fmt.Sprintf("Cán bộ %d", id), Username: fmt.Sprintf("cb%d", id),
		CreatedAt: t0, UpdatedAt: t0,
	}
}

// hasUser reports, from a fresh View, whether id was ever enrolled.
func hasUser(t *testing.T, s coord.Store, id int64) bool {
	t.Helper()
	found := false
	view(t, s, func(tx coord.Tx) error {
		_, err := tx.User(context.Background(), id)
		if err != nil && !errors.Is(err, coord.ErrNotFound) {
			return err
		}
		found = err == nil
		return nil
	})
	return found
}

// Transactions checks Store.Update and Store.View: all or nothing, and
// snapshots of committed data.
func Transactions(t *testing.T, f Factory) {
	ctx := context.Background()

	t.Run("a committed update is visible to a later view", func(t *testing.T) {
		s := open(t, f)
		update(t, s, func(tx coord.Tx) error { return tx.PutUser(ctx, user(1, agencyA)) })
		if !hasUser(t, s, 1) {
			t.Error("the user written by a committed update is not there")
		}
	})

	t.Run("a failing update returns its error and keeps none of its writes", func(t *testing.T) {
		s := open(t, f)
		rolledBack(t, s, func(tx coord.Tx) error {
			if err := tx.PutUser(ctx, user(1, agencyA)); err != nil {
				return err
			}
			_, err := tx.Once(ctx, "k", t0)
			return err
		})
		if hasUser(t, s, 1) {
			t.Error("a user written by a failing update is visible")
		}
		update(t, s, func(tx coord.Tx) error {
			if first, err := tx.Once(ctx, "k", t0); err != nil || !first {
				t.Errorf("Once after the rollback = %v, %v; want first", first, err)
			}
			return nil
		})
	})

	t.Run("a failing update does not undo an earlier committed one", func(t *testing.T) {
		s := open(t, f)
		update(t, s, func(tx coord.Tx) error { return tx.PutUser(ctx, user(1, agencyA)) })
		rolledBack(t, s, func(tx coord.Tx) error {
			u := user(1, agencyA)
			u.Name = "changed"
			return tx.PutUser(ctx, u)
		})
		view(t, s, func(tx coord.Tx) error {
			u, err := tx.User(ctx, 1)
			if err != nil || u.Name != user(1, agencyA).Name {
				t.Errorf("user after a failed change = %+v, %v; want the committed one", u, err)
			}
			return nil
		})
	})

	t.Run("an update reads its own writes", func(t *testing.T) {
		s := open(t, f)
		update(t, s, func(tx coord.Tx) error {
			if err := tx.PutUser(ctx, user(1, agencyA)); err != nil {
				return err
			}
			_, err := tx.User(ctx, 1)
			return err
		})
	})

	t.Run("a view returns its fn's error unchanged", func(t *testing.T) {
		s := open(t, f)
		if err := s.View(ctx, func(coord.Tx) error { return errRollback }); !errors.Is(err, errRollback) {
			t.Errorf("View = %v, want fn's error", err)
		}
	})

	t.Run("a write attempted in a view is not kept", func(t *testing.T) {
		s := open(t, f)
		_ = s.View(ctx, func(tx coord.Tx) error { return tx.PutUser(ctx, user(1, agencyA)) })
		if hasUser(t, s, 1) {
			t.Error("a user written inside View was kept")
		}
	})

	t.Run("concurrent updates each keep their own writes", func(t *testing.T) {
		s := open(t, f)
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.Update(ctx, func(tx coord.Tx) error {
					if i%2 == 1 {
						_ = tx.PutUser(ctx, user(int64(100+i), agencyA))
						return errRollback
					}
					return tx.PutUser(ctx, user(int64(100+i), agencyA))
				})
			}()
		}
		wg.Wait()
		for i := range n {
			if i%2 == 1 {
				if !errors.Is(errs[i], errRollback) {
					t.Errorf("failing update %d returned %v", i, errs[i])
				}
				if hasUser(t, s, int64(100+i)) {
					t.Errorf("the write of failing update %d was kept", i)
				}
				continue
			}
			if errs[i] != nil {
				t.Errorf("update %d: %v", i, errs[i])
			}
			if !hasUser(t, s, int64(100+i)) {
				t.Errorf("the write of update %d is missing", i)
			}
		}
	})
}

// Settings checks Store.Setting and Store.SetSetting.
func Settings(t *testing.T, f Factory) {
	ctx := context.Background()
	get := func(t *testing.T, s coord.Store, key string) (string, bool) {
		t.Helper()
		v, ok, err := s.Setting(ctx, key)
		if err != nil {
			t.Fatalf("Setting(%q): %v", key, err)
		}
		return v, ok
	}
	set := func(t *testing.T, s coord.Store, key, value string) {
		t.Helper()
		if err := s.SetSetting(ctx, key, value); err != nil {
			t.Fatalf("SetSetting(%q): %v", key, err)
		}
	}

	t.Run("a setting never set is absent", func(t *testing.T) {
		s := open(t, f)
		if v, ok := get(t, s, "telegram.offset"); ok {
			t.Errorf("unset setting = %q, present", v)
		}
	})

	t.Run("a setting reads back what was set", func(t *testing.T) {
		s := open(t, f)
		set(t, s, "telegram.offset", "12345")
		if v, ok := get(t, s, "telegram.offset"); !ok || v != "12345" {
			t.Errorf("setting = %q, %v; want 12345", v, ok)
		}
	})

	t.Run("setting again replaces the value and leaves other keys alone", func(t *testing.T) {
		s := open(t, f)
		set(t, s, "a", "1")
		set(t, s, "b", "2")
		set(t, s, "a", "3")
		if v, _ := get(t, s, "a"); v != "3" {
			t.Errorf("a = %q, want 3", v)
		}
		if v, _ := get(t, s, "b"); v != "2" {
			t.Errorf("b = %q, want 2", v)
		}
	})

	t.Run("an empty value is present", func(t *testing.T) {
		s := open(t, f)
		set(t, s, "empty", "")
		if v, ok := get(t, s, "empty"); !ok || v != "" {
			t.Errorf("empty setting = %q, %v; want present and empty", v, ok)
		}
	})
}

// Agencies checks Store.SyncAgencies.
func Agencies(t *testing.T, f Factory) {
	ctx := context.Background()

	t.Run("syncing the same catalogue again is harmless", func(t *testing.T) {
		s := open(t, f)
		update(t, s, func(tx coord.Tx) error { return tx.PutUser(ctx, user(1, agencyA)) })
		if err := s.SyncAgencies(ctx, testAgencies); err != nil {
			t.Fatalf("sync again: %v", err)
		}
		if !hasUser(t, s, 1) {
			t.Error("a second sync lost a user")
		}
	})

	t.Run("an agency dropped from the catalogue keeps its people", func(t *testing.T) {
		s := open(t, f)
		update(t, s, func(tx coord.Tx) error { return tx.PutUser(ctx, user(1, agencyC)) })
		if err := s.SyncAgencies(ctx, testAgencies[:2]); err != nil {
			t.Fatalf("sync without %s: %v", agencyC, err)
		}
		if !hasUser(t, s, 1) {
			t.Errorf("the person of a dropped agency is gone")
		}
		if err := s.SyncAgencies(ctx, nil); err != nil {
			t.Fatalf("sync an empty catalogue: %v", err)
		}
		if err := s.SyncAgencies(ctx, testAgencies); err != nil {
			t.Fatalf("sync the agencies back: %v", err)
		}
		if !hasUser(t, s, 1) {
			t.Errorf("the person is gone after the agency came back")
		}
	})
}

// Prune checks Store.PruneHandledUpdates, PruneOnceKeys and PruneOutbox:
// what they forget and what they keep. The outbox part lives in the Outbox
// suite's file.
func Prune(t *testing.T, f Factory) {
	ctx := context.Background()
	cutoff := t0.Add(-24 * time.Hour)

	t.Run("pruning handled updates forgets only those handled before the cutoff", func(t *testing.T) {
		s := open(t, f)
		update(t, s, func(tx coord.Tx) error {
			for id, at := range map[int64]time.Time{1: cutoff.Add(-time.Second), 2: cutoff, 3: t0} {
				if _, err := tx.MarkUpdateHandled(ctx, id, at); err != nil {
					return err
				}
			}
			return nil
		})
		if err := s.PruneHandledUpdates(ctx, cutoff); err != nil {
			t.Fatal(err)
		}
		update(t, s, func(tx coord.Tx) error {
			for id, want := range map[int64]bool{1: true, 2: false, 3: false} {
				first, err := tx.MarkUpdateHandled(ctx, id, t0)
				if err != nil {
					return err
				}
				if first != want {
					t.Errorf("update %d after the prune: first = %v, want %v", id, first, want)
				}
			}
			return nil
		})
	})

	t.Run("pruning once keys forgets only those recorded before the cutoff", func(t *testing.T) {
		s := open(t, f)
		update(t, s, func(tx coord.Tx) error {
			for key, at := range map[string]time.Time{"old": cutoff.Add(-time.Second), "edge": cutoff, "new": t0} {
				if _, err := tx.Once(ctx, key, at); err != nil {
					return err
				}
			}
			return nil
		})
		if err := s.PruneOnceKeys(ctx, cutoff); err != nil {
			t.Fatal(err)
		}
		update(t, s, func(tx coord.Tx) error {
			for key, want := range map[string]bool{"old": true, "edge": false, "new": false} {
				first, err := tx.Once(ctx, key, t0)
				if err != nil {
					return err
				}
				if first != want {
					t.Errorf("key %q after the prune: first = %v, want %v", key, first, want)
				}
			}
			return nil
		})
	})

	t.Run("the outbox prune keeps what it promises", func(t *testing.T) { pruneOutbox(t, f) })
}

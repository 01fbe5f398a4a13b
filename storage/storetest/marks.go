package storetest

import (
	"context"
	"sync"
	"testing"

	"github.com/bacgiang/fwbot/coord"
)

// Marks checks coord.Marks: MarkUpdateHandled and Once say "first" exactly
// once per update id or key.
func Marks(t *testing.T, f Factory) {
	ctx := context.Background()
	mark := func(t *testing.T, s coord.Store, id int64) bool {
		t.Helper()
		var first bool
		update(t, s, func(tx coord.Tx) (err error) {
			first, err = tx.MarkUpdateHandled(ctx, id, t0)
			return err
		})
		return first
	}
	once := func(t *testing.T, s coord.Store, key string) bool {
		t.Helper()
		var first bool
		update(t, s, func(tx coord.Tx) (err error) {
			first, err = tx.Once(ctx, key, t0)
			return err
		})
		return first
	}

	t.Run("the first mark of an update is first", func(t *testing.T) {
		s := open(t, f)
		if !mark(t, s, 1001) {
			t.Error("first mark: first = false")
		}
	})

	t.Run("a second mark of the same update is not first", func(t *testing.T) {
		s := open(t, f)
		mark(t, s, 1001)
		if mark(t, s, 1001) {
			t.Error("second mark: first = true")
		}
	})

	t.Run("a second mark in the same transaction is not first", func(t *testing.T) {
		s := open(t, f)
		update(t, s, func(tx coord.Tx) error {
			a, err := tx.MarkUpdateHandled(ctx, 7, t0)
			if err != nil {
				return err
			}
			b, err := tx.MarkUpdateHandled(ctx, 7, t0)
			if err != nil {
				return err
			}
			if !a || b {
				t.Errorf("marks in one transaction: %v, %v; want true, false", a, b)
			}
			return nil
		})
	})

	t.Run("marks of different updates are independent", func(t *testing.T) {
		s := open(t, f)
		mark(t, s, 1)
		if !mark(t, s, 2) {
			t.Error("update 2 is not first after update 1 was marked")
		}
	})

	t.Run("a mark rolled back with its update is not kept", func(t *testing.T) {
		s := open(t, f)
		rolledBack(t, s, func(tx coord.Tx) error {
			_, err := tx.MarkUpdateHandled(ctx, 5, t0)
			return err
		})
		if !mark(t, s, 5) {
			t.Error("the update is not first after its mark was rolled back")
		}
	})

	t.Run("of concurrent marks of the same update exactly one is first", func(t *testing.T) {
		s := open(t, f)
		const n = 8
		firsts := make([]bool, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.Update(ctx, func(tx coord.Tx) (err error) {
					firsts[i], err = tx.MarkUpdateHandled(ctx, 42, t0)
					return err
				})
			}()
		}
		wg.Wait()
		count := 0
		for i := range n {
			if errs[i] != nil {
				t.Errorf("mark %d: %v", i, errs[i])
			}
			if firsts[i] {
				count++
			}
		}
		if count != 1 {
			t.Errorf("%d of %d concurrent marks were first, want 1", count, n)
		}
	})

	t.Run("the first Once of a key is first", func(t *testing.T) {
		s := open(t, f)
		if !once(t, s, "remind:ca:2027-02:d-3") {
			t.Error("first Once: first = false")
		}
	})

	t.Run("a second Once of the same key is not first", func(t *testing.T) {
		s := open(t, f)
		once(t, s, "digest:weekly:2027-W10")
		if once(t, s, "digest:weekly:2027-W10") {
			t.Error("second Once: first = true")
		}
	})

	t.Run("Once keys are independent of each other and of update marks", func(t *testing.T) {
		s := open(t, f)
		once(t, s, "a")
		mark(t, s, 1)
		if !once(t, s, "b") {
			t.Error("key b is not first after key a")
		}
		if !once(t, s, "1") {
			t.Error("key \"1\" is not first after update 1 was marked")
		}
	})

	t.Run("a Once rolled back with its update is not kept", func(t *testing.T) {
		s := open(t, f)
		rolledBack(t, s, func(tx coord.Tx) error {
			_, err := tx.Once(ctx, "escalate:12", t0)
			return err
		})
		if !once(t, s, "escalate:12") {
			t.Error("the key is not first after its Once was rolled back")
		}
	})

	t.Run("of concurrent Onces of the same key exactly one is first", func(t *testing.T) {
		s := open(t, f)
		const n = 8
		firsts := make([]bool, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.Update(ctx, func(tx coord.Tx) (err error) {
					firsts[i], err = tx.Once(ctx, "remind", t0)
					return err
				})
			}()
		}
		wg.Wait()
		count := 0
		for i := range n {
			if errs[i] != nil {
				t.Errorf("Once %d: %v", i, errs[i])
			}
			if firsts[i] {
				count++
			}
		}
		if count != 1 {
			t.Errorf("%d of %d concurrent Onces were first, want 1", count, n)
		}
	})
}

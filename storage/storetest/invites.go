package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// invite is an unused officer invite of agency under codeHash.
func invite(codeHash, agency string) coord.Invite {
	return coord.Invite{CodeHash: codeHash, Agency: agency, Role: coord.RoleOfficer,
		CreatedBy: 1, CreatedAt: t0, ExpiresAt: t0.Add(72 * time.Hour)}
}

// Invites checks coord.Invites: found by hash, used once.
func Invites(t *testing.T, f Factory) {
	ctx := context.Background()
	create := func(t *testing.T, s coord.Store, inv coord.Invite) coord.Invite {
		t.Helper()
		update(t, s, func(tx coord.Tx) error { return tx.CreateInvite(ctx, &inv) })
		return inv
	}
	byHash := func(t *testing.T, s coord.Store, hash string) coord.Invite {
		t.Helper()
		var inv coord.Invite
		view(t, s, func(tx coord.Tx) (err error) {
			inv, err = tx.InviteByHash(ctx, hash)
			return err
		})
		return inv
	}
	use := func(s coord.Store, id, by int64, at time.Time) error {
		return s.Update(ctx, func(tx coord.Tx) error { return tx.MarkInviteUsed(ctx, id, by, at) })
	}

	t.Run("creating invites gives each its own id", func(t *testing.T) {
		s := open(t, f)
		a := create(t, s, invite("h1", agencyA))
		b := create(t, s, invite("h2", agencyA))
		if a.ID == 0 || b.ID == 0 || a.ID == b.ID {
			t.Errorf("invite ids %d, %d; want two distinct non-zero ids", a.ID, b.ID)
		}
	})

	t.Run("an invite is found by its hash, field by field", func(t *testing.T) {
		s := open(t, f)
		want := create(t, s, coord.Invite{CodeHash: "abc", Agency: agencyB, Role: coord.RoleLead,
			CreatedBy: 77, CreatedAt: t0, ExpiresAt: t0.Add(48 * time.Hour)})
		got := byHash(t, s, "abc")
		if got.ID != want.ID || got.CodeHash != "abc" || got.Agency != agencyB || got.Role != coord.RoleLead || got.CreatedBy != 77 {
			t.Errorf("invite = %+v, want %+v", got, want)
		}
		sameTime(t, "CreatedAt", got.CreatedAt, t0)
		sameTime(t, "ExpiresAt", got.ExpiresAt, t0.Add(48*time.Hour))
		if got.UsedBy != nil || got.UsedAt != nil {
			t.Errorf("a new invite reads back used: %v at %v", got.UsedBy, got.UsedAt)
		}
	})

	t.Run("a code never issued is not found", func(t *testing.T) {
		s := open(t, f)
		create(t, s, invite("issued", agencyA))
		view(t, s, func(tx coord.Tx) error {
			_, err := tx.InviteByHash(ctx, "other")
			wantNotFound(t, "InviteByHash(other)", err)
			return nil
		})
	})

	t.Run("a second invite with the same hash is refused", func(t *testing.T) {
		s := open(t, f)
		create(t, s, invite("same", agencyA))
		err := s.Update(ctx, func(tx coord.Tx) error {
			inv := invite("same", agencyB)
			return tx.CreateInvite(ctx, &inv)
		})
		if err == nil {
			t.Error("a second invite with the same hash was stored")
		}
		if got := byHash(t, s, "same"); got.Agency != agencyA {
			t.Errorf("the first invite became %+v", got)
		}
	})

	t.Run("using an invite records who and when", func(t *testing.T) {
		s := open(t, f)
		inv := create(t, s, invite("h", agencyA))
		if err := use(s, inv.ID, 5001, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		got := byHash(t, s, "h")
		if got.UsedBy == nil || *got.UsedBy != 5001 {
			t.Errorf("UsedBy = %v, want 5001", got.UsedBy)
		}
		sameTimePtr(t, "UsedAt", got.UsedAt, ptr(t0.Add(time.Hour)))
	})

	t.Run("an invite is used once: a second use is a conflict and keeps the first", func(t *testing.T) {
		s := open(t, f)
		inv := create(t, s, invite("h", agencyA))
		if err := use(s, inv.ID, 5001, t0); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "second use", use(s, inv.ID, 5002, t0.Add(time.Minute)), coord.EConflict)
		if got := byHash(t, s, "h"); got.UsedBy == nil || *got.UsedBy != 5001 {
			t.Errorf("UsedBy after a second use = %v, want 5001", got.UsedBy)
		}
	})

	t.Run("an invite created already used cannot be used", func(t *testing.T) {
		s := open(t, f)
		inv := invite("h", agencyA)
		inv.UsedBy, inv.UsedAt = ptr(int64(9)), ptr(t0)
		inv = create(t, s, inv)
		wantCode(t, "use of a used invite", use(s, inv.ID, 5001, t0), coord.EConflict)
	})

	t.Run("using an unknown invite is not found", func(t *testing.T) {
		s := open(t, f)
		wantNotFound(t, "MarkInviteUsed(404)", use(s, 404, 5001, t0))
	})

	t.Run("a use rolled back leaves the invite usable", func(t *testing.T) {
		s := open(t, f)
		inv := create(t, s, invite("h", agencyA))
		rolledBack(t, s, func(tx coord.Tx) error { return tx.MarkInviteUsed(ctx, inv.ID, 5001, t0) })
		if got := byHash(t, s, "h"); got.UsedBy != nil {
			t.Fatalf("a rolled-back use was kept: %v", *got.UsedBy)
		}
		if err := use(s, inv.ID, 5002, t0); err != nil {
			t.Errorf("use after a rolled-back use: %v", err)
		}
	})

	t.Run("of concurrent uses of one invite exactly one wins", func(t *testing.T) {
		s := open(t, f)
		inv := create(t, s, invite("h", agencyA))
		const n = 6
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = use(s, inv.ID, int64(100+i), t0)
			}()
		}
		wg.Wait()
		wins := 0
		for i, err := range errs {
			switch {
			case err == nil:
				wins++
			case coord.ErrorCode(err) != coord.EConflict:
				t.Errorf("use %d: %v, want a conflict", i, err)
			}
		}
		if wins != 1 {
			t.Errorf("%d of %d concurrent uses won, want 1", wins, n)
		}
	})
}

package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// sameUser compares users, times as instants.
func sameUser(t *testing.T, got, want coord.User) {
	t.Helper()
	sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
	sameTime(t, "UpdatedAt", got.UpdatedAt, want.UpdatedAt)
	sameTimePtr(t, "RevokedAt", got.RevokedAt, want.RevokedAt)
	got.CreatedAt, got.UpdatedAt, got.RevokedAt = time.Time{}, time.Time{}, nil
	want.CreatedAt, want.UpdatedAt, want.RevokedAt = time.Time{}, time.Time{}, nil
	if got != want {
		t.Errorf("user = %+v, want %+v", got, want)
	}
}

// usersOf lists the ids of agency's people, sorted.
func usersOf(t *testing.T, s coord.Store, agency string) []int64 {
	t.Helper()
	var ids []int64
	view(t, s, func(tx coord.Tx) error {
		us, err := tx.UsersOf(context.Background(), agency)
		for _, u := range us {
			ids = append(ids, u.TelegramID)
		}
		return err
	})
	slices.Sort(ids)
	return ids
}

// People checks coord.People: records outlive access, lists leave revoked
// people out.
func People(t *testing.T, f Factory) {
	ctx := context.Background()
	put := func(t *testing.T, s coord.Store, us ...coord.User) {
		t.Helper()
		update(t, s, func(tx coord.Tx) error {
			for _, u := range us {
				if err := tx.PutUser(ctx, u); err != nil {
					return err
				}
			}
			return nil
		})
	}
	get := func(t *testing.T, s coord.Store, id int64) coord.User {
		t.Helper()
		var u coord.User
		view(t, s, func(tx coord.Tx) (err error) {
			u, err = tx.User(ctx, id)
			return err
		})
		return u
	}

	t.Run("a person never enrolled is not found", func(t *testing.T) {
		s := open(t, f)
		view(t, s, func(tx coord.Tx) error {
			_, err := tx.User(ctx, 999)
			wantNotFound(t, "User(999)", err)
			return nil
		})
	})

	t.Run("a stored person reads back field by field", func(t *testing.T) {
		s := open(t, f)
		u := coord.User{TelegramID: 5001, Agency: agencyB, Role: coord.RoleLead, Lang: coord.LangEN,
			Name: "Nguyễn Văn A", Username: "nva", CreatedAt: t0, UpdatedAt: t0.Add(time.Hour)}
		put(t, s, u)
		sameUser(t, get(t, s, 5001), u)
		if !get(t, s, 5001).Enrolled() {
			t.Error("a person stored without RevokedAt is not enrolled")
		}
	})

	t.Run("putting a person again replaces the record", func(t *testing.T) {
		s := open(t, f)
		put(t, s, user(1, agencyA))
		u := user(1, agencyB)
		u.Role, u.Lang, u.Name, u.Username = coord.RoleAdmin, coord.LangEN, "Trần B", ""
		u.CreatedAt, u.UpdatedAt = t0.Add(-time.Hour), t0.Add(2*time.Hour)
		put(t, s, u)
		sameUser(t, get(t, s, 1), u)
	})

	t.Run("a revoked person is still found, with RevokedAt", func(t *testing.T) {
		s := open(t, f)
		u := user(1, agencyA)
		u.RevokedAt = ptr(t0.Add(time.Minute))
		put(t, s, u)
		got := get(t, s, 1)
		sameUser(t, got, u)
		if got.Enrolled() {
			t.Error("a revoked person reads back as enrolled")
		}
	})

	t.Run("UsersOf lists the agency's enrolled people only", func(t *testing.T) {
		s := open(t, f)
		revoked := user(3, agencyA)
		revoked.RevokedAt = ptr(t0)
		put(t, s, user(2, agencyA), user(1, agencyA), revoked, user(4, agencyB))
		if got := usersOf(t, s, agencyA); !slices.Equal(got, []int64{1, 2}) {
			t.Errorf("UsersOf(%s) = %v, want [1 2]", agencyA, got)
		}
		if got := usersOf(t, s, agencyB); !slices.Equal(got, []int64{4}) {
			t.Errorf("UsersOf(%s) = %v, want [4]", agencyB, got)
		}
	})

	t.Run("UsersOf an agency nobody enrolled in is empty", func(t *testing.T) {
		s := open(t, f)
		put(t, s, user(1, agencyA))
		if got := usersOf(t, s, agencyC); len(got) != 0 {
			t.Errorf("UsersOf(%s) = %v, want none", agencyC, got)
		}
	})

	t.Run("UsersOf returns whole records", func(t *testing.T) {
		s := open(t, f)
		u := user(1, agencyA)
		put(t, s, u)
		view(t, s, func(tx coord.Tx) error {
			us, err := tx.UsersOf(ctx, agencyA)
			if err != nil {
				return err
			}
			if len(us) != 1 {
				t.Fatalf("UsersOf = %+v, want one", us)
			}
			sameUser(t, us[0], u)
			return nil
		})
	})

	t.Run("a person moved to another agency is listed there only", func(t *testing.T) {
		s := open(t, f)
		put(t, s, user(1, agencyA))
		put(t, s, user(1, agencyB))
		if got := usersOf(t, s, agencyA); len(got) != 0 {
			t.Errorf("old agency still lists %v", got)
		}
		if got := usersOf(t, s, agencyB); !slices.Equal(got, []int64{1}) {
			t.Errorf("new agency lists %v, want [1]", got)
		}
	})

	t.Run("re-enrolling a revoked person gives access back", func(t *testing.T) {
		s := open(t, f)
		u := user(1, agencyA)
		u.RevokedAt = ptr(t0)
		put(t, s, u)
		if got := usersOf(t, s, agencyA); len(got) != 0 {
			t.Fatalf("a revoked person is listed: %v", got)
		}
		put(t, s, user(1, agencyA))
		if !get(t, s, 1).Enrolled() {
			t.Error("a re-enrolled person is still revoked")
		}
		if got := usersOf(t, s, agencyA); !slices.Equal(got, []int64{1}) {
			t.Errorf("a re-enrolled person is not listed: %v", got)
		}
	})
}

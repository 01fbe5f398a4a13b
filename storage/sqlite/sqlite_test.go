package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

var (
	hanoi = time.FixedZone("ICT", 7*3600)
	t0    = time.Date(2027, 3, 14, 9, 30, 15, 123456789, hanoi)
)

var testAgencies = []coord.Agency{
	{Code: "ldtbxh", Name: "Sở Lao động - Thương binh và Xã hội", Kind: coord.KindDepartment, Coordinator: true},
	{Code: "ca", Name: "Công an tỉnh", Kind: coord.KindPolice},
	{Code: "bqlkcn", Name: "Ban Quản lý các KCN", Kind: coord.KindBoard},
}

func TestFile(t *testing.T) {
	testStore(t, func(t *testing.T) *DB {
		return openAt(t, filepath.Join(t.TempDir(), "data", "bot.db"))
	})
}

func TestMemory(t *testing.T) {
	testStore(t, func(t *testing.T) *DB { return openAt(t, Memory) })
}

// openAt opens a store at path, closed when the test ends, with the test
// agencies synced and the clock fixed.
func openAt(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	db.Now = func() time.Time { return t0 }
	if err := db.SyncAgencies(context.Background(), testAgencies); err != nil {
		t.Fatalf("sync agencies: %v", err)
	}
	return db
}

// update runs fn in a transaction and fails the test on error.
func update(t *testing.T, db *DB, fn func(tx coord.Tx) error) {
	t.Helper()
	if err := db.Update(context.Background(), fn); err != nil {
		t.Fatalf("update: %v", err)
	}
}

func newUser(id int64, agency string) coord.User {
	return coord.User{
		TelegramID: id, Agency: agency, Role: coord.RoleOfficer, Lang: coord.LangVI,
		Name: fmt.Sprintf("Cán bộ %d", id), Username: fmt.Sprintf("cb%d", id),
		CreatedAt: t0, UpdatedAt: t0,
	}
}

// sameUser compares users by instant, since times come back in UTC.
func sameUser(t *testing.T, got, want coord.User) {
	t.Helper()
	if !got.CreatedAt.Equal(want.CreatedAt) || !got.UpdatedAt.Equal(want.UpdatedAt) {
		t.Errorf("times: got %v/%v, want %v/%v", got.CreatedAt, got.UpdatedAt, want.CreatedAt, want.UpdatedAt)
	}
	if got.CreatedAt.Location() != time.UTC {
		t.Errorf("created_at location %v, want UTC", got.CreatedAt.Location())
	}
	switch {
	case (got.RevokedAt == nil) != (want.RevokedAt == nil):
		t.Errorf("revoked_at: got %v, want %v", got.RevokedAt, want.RevokedAt)
	case got.RevokedAt != nil && (!got.RevokedAt.Equal(*want.RevokedAt) || got.RevokedAt.Location() != time.UTC):
		t.Errorf("revoked_at: got %v, want %v in UTC", *got.RevokedAt, *want.RevokedAt)
	}
	got.CreatedAt, got.UpdatedAt, want.CreatedAt, want.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	got.RevokedAt, want.RevokedAt = nil, nil
	if got != want {
		t.Errorf("user: got %+v, want %+v", got, want)
	}
}

func isNotFound(err error) bool {
	return errors.Is(err, coord.ErrNotFound) && coord.ErrorCode(err) == coord.ENotFound
}

func testStore(t *testing.T, open func(t *testing.T) *DB) {
	ctx := context.Background()

	t.Run("Migrations", func(t *testing.T) {
		db := open(t)
		ms, err := migrations()
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].version != 1 {
			t.Fatalf("migrations: %+v", ms)
		}
		var before []time.Time
		if err := db.x.SelectContext(ctx, &before, `SELECT applied_at FROM schema_migrations ORDER BY version`); err != nil {
			t.Fatal(err)
		}
		if len(before) != len(ms) {
			t.Fatalf("%d migrations recorded, want %d", len(before), len(ms))
		}
		if err := db.migrate(ctx); err != nil {
			t.Fatalf("migrate again: %v", err)
		}
		var after []time.Time
		if err := db.x.SelectContext(ctx, &after, `SELECT applied_at FROM schema_migrations ORDER BY version`); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(before, after) {
			t.Errorf("migrate again changed schema_migrations: %v → %v", before, after)
		}
	})

	t.Run("Pragmas", func(t *testing.T) {
		db := open(t)
		var mode string
		if err := db.x.GetContext(ctx, &mode, `PRAGMA journal_mode`); err != nil {
			t.Fatal(err)
		}
		want := "wal"
		if db.path == Memory {
			want = "memory"
		}
		if mode != want {
			t.Errorf("journal_mode = %q, want %q", mode, want)
		}
		for pragma, want := range map[string]int{"foreign_keys": 1, "busy_timeout": 5000} {
			var got int
			if err := db.x.GetContext(ctx, &got, `PRAGMA `+pragma); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%s = %d, want %d", pragma, got, want)
			}
		}
		if db.path != Memory {
			var sync int
			if err := db.x.GetContext(ctx, &sync, `PRAGMA synchronous`); err != nil {
				t.Fatal(err)
			}
			if sync != 1 { // NORMAL
				t.Errorf("synchronous = %d, want 1 (NORMAL)", sync)
			}
		}
	})

	t.Run("Users", func(t *testing.T) {
		db := open(t)
		u1, u2, u3 := newUser(1, "ca"), newUser(2, "ca"), newUser(3, "bqlkcn")
		update(t, db, func(tx coord.Tx) error {
			for _, u := range []coord.User{u2, u1, u3} {
				if err := tx.PutUser(ctx, u); err != nil {
					return err
				}
			}
			return nil
		})
		update(t, db, func(tx coord.Tx) error {
			got, err := tx.User(ctx, 1)
			if err != nil {
				return err
			}
			sameUser(t, got, u1)
			list, err := tx.UsersOf(ctx, "ca")
			if err != nil {
				return err
			}
			if len(list) != 2 || list[0].TelegramID != 1 || list[1].TelegramID != 2 {
				t.Errorf("UsersOf(ca) = %+v, want users 1 and 2", list)
			}
			if list, err := tx.UsersOf(ctx, "ldtbxh"); err != nil || len(list) != 0 {
				t.Errorf("UsersOf(ldtbxh) = %+v, %v; want none", list, err)
			}
			return nil
		})

		t.Run("Replace", func(t *testing.T) {
			u := u1
			u.Agency, u.Role, u.Lang, u.Name, u.Username = "ldtbxh", coord.RoleAdmin, coord.LangEN, "Nguyễn Văn A", ""
			u.UpdatedAt = t0.Add(time.Hour)
			update(t, db, func(tx coord.Tx) error { return tx.PutUser(ctx, u) })
			update(t, db, func(tx coord.Tx) error {
				got, err := tx.User(ctx, 1)
				if err != nil {
					return err
				}
				sameUser(t, got, u)
				return nil
			})
		})

		t.Run("Revoked", func(t *testing.T) {
			// Revoking keeps the record (names in histories) but takes the
			// person out of the agency: nothing reaches them any more.
			revoked := u2
			at := t0.Add(2 * time.Hour)
			revoked.RevokedAt, revoked.UpdatedAt = &at, at
			update(t, db, func(tx coord.Tx) error { return tx.PutUser(ctx, revoked) })
			update(t, db, func(tx coord.Tx) error {
				got, err := tx.User(ctx, 2)
				if err != nil {
					return err
				}
				sameUser(t, got, revoked)
				if got.Enrolled() {
					t.Error("a revoked user reads as enrolled")
				}
				if list, err := tx.UsersOf(ctx, "ca"); err != nil || len(list) != 0 {
					t.Errorf("UsersOf(ca) = %+v, %v; want nobody (1 moved to ldtbxh, 2 is revoked)", list, err)
				}
				rs, mode, err := coord.Reach(ctx, tx, "ca")
				if err != nil || mode != coord.Unreachable || len(rs) != 0 {
					t.Errorf("Reach(ca) = %+v, %s, %v; want unreachable", rs, mode, err)
				}
				return nil
			})
			// A new enrolment (PutUser without RevokedAt) gives access back.
			back := u2
			back.UpdatedAt = t0.Add(3 * time.Hour)
			update(t, db, func(tx coord.Tx) error { return tx.PutUser(ctx, back) })
			update(t, db, func(tx coord.Tx) error {
				got, err := tx.User(ctx, 2)
				if err != nil {
					return err
				}
				sameUser(t, got, back)
				rs, mode, err := coord.Reach(ctx, tx, "ca")
				if err != nil || mode != coord.ToOfficers || len(rs) != 1 || rs[0].ChatID != 2 {
					t.Errorf("Reach(ca) = %+v, %s, %v; want user 2 privately", rs, mode, err)
				}
				return nil
			})
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			update(t, db, func(tx coord.Tx) error {
				if _, err := tx.User(ctx, 999); !isNotFound(err) {
					t.Errorf("User(999) error = %v, want ErrNotFound", err)
				}
				return nil
			})
		})

		t.Run("ErrUnknownAgency", func(t *testing.T) {
			err := db.Update(ctx, func(tx coord.Tx) error { return tx.PutUser(ctx, newUser(4, "nope")) })
			if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
				t.Errorf("user of unknown agency: error = %v, want a foreign key failure", err)
			}
		})

		t.Run("ErrBadRole", func(t *testing.T) {
			u := newUser(5, "ca")
			u.Role = "boss"
			if err := db.Update(ctx, func(tx coord.Tx) error { return tx.PutUser(ctx, u) }); err == nil {
				t.Error("user with role boss was stored")
			}
		})
	})

	t.Run("Invites", func(t *testing.T) {
		db := open(t)
		inv := coord.Invite{
			CodeHash: "abc123", Agency: "ca", Role: coord.RoleLead, CreatedBy: 1,
			CreatedAt: t0, ExpiresAt: t0.Add(7 * 24 * time.Hour),
		}
		update(t, db, func(tx coord.Tx) error { return tx.CreateInvite(ctx, &inv) })
		if inv.ID == 0 {
			t.Fatal("CreateInvite did not set the id")
		}
		update(t, db, func(tx coord.Tx) error {
			got, err := tx.InviteByHash(ctx, "abc123")
			if err != nil {
				return err
			}
			if got.ID != inv.ID || got.Agency != "ca" || got.Role != coord.RoleLead || got.CreatedBy != 1 ||
				!got.ExpiresAt.Equal(inv.ExpiresAt) || got.UsedBy != nil || got.UsedAt != nil {
				t.Errorf("InviteByHash = %+v, want %+v", got, inv)
			}
			if _, err := tx.InviteByHash(ctx, "zzz"); !isNotFound(err) {
				t.Errorf("InviteByHash(zzz) error = %v, want ErrNotFound", err)
			}
			return nil
		})

		used := t0.Add(time.Hour)
		update(t, db, func(tx coord.Tx) error { return tx.MarkInviteUsed(ctx, inv.ID, 42, used) })
		update(t, db, func(tx coord.Tx) error {
			got, err := tx.InviteByHash(ctx, "abc123")
			if err != nil {
				return err
			}
			if got.UsedBy == nil || *got.UsedBy != 42 || got.UsedAt == nil || !got.UsedAt.Equal(used) {
				t.Errorf("used invite = %+v, want used by 42 at %v", got, used)
			}
			return nil
		})

		t.Run("ErrConflict", func(t *testing.T) {
			err := db.Update(ctx, func(tx coord.Tx) error { return tx.MarkInviteUsed(ctx, inv.ID, 43, used) })
			if coord.ErrorCode(err) != coord.EConflict {
				t.Errorf("second MarkInviteUsed error = %v (code %q), want EConflict", err, coord.ErrorCode(err))
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			err := db.Update(ctx, func(tx coord.Tx) error { return tx.MarkInviteUsed(ctx, 9999, 43, used) })
			if !isNotFound(err) {
				t.Errorf("MarkInviteUsed(unknown) error = %v, want ErrNotFound", err)
			}
		})

		t.Run("ErrDuplicateHash", func(t *testing.T) {
			dup := inv
			dup.ID = 0
			if err := db.Update(ctx, func(tx coord.Tx) error { return tx.CreateInvite(ctx, &dup) }); err == nil {
				t.Error("second invite with the same hash was stored")
			}
		})
	})

	t.Run("Bindings", func(t *testing.T) {
		db := open(t)
		bind := func(chatID int64, code string) []coord.ChatBinding {
			t.Helper()
			var replaced []coord.ChatBinding
			update(t, db, func(tx coord.Tx) error {
				var err error
				replaced, err = tx.Bind(ctx, coord.ChatBinding{
					ChatID: chatID, Code: code, Title: "Nhóm " + code, BoundBy: 1, BoundAt: t0,
				})
				return err
			})
			return replaced
		}
		pairs := func(bs []coord.ChatBinding) string {
			var parts []string
			for _, b := range bs {
				parts = append(parts, fmt.Sprintf("%d:%s", b.ChatID, b.Code))
			}
			return strings.Join(parts, ",")
		}

		if r := bind(-100, "ca"); len(r) != 0 {
			t.Errorf("first bind replaced %v", pairs(r))
		}
		bind(-200, coord.CoordGroup)

		t.Run("OK", func(t *testing.T) {
			update(t, db, func(tx coord.Tx) error {
				b, err := tx.Binding(ctx, -100)
				if err != nil {
					return err
				}
				if b.Code != "ca" || b.Title != "Nhóm ca" || b.BoundBy != 1 || !b.BoundAt.Equal(t0) {
					t.Errorf("Binding(-100) = %+v", b)
				}
				b, err = tx.BindingOf(ctx, coord.CoordGroup)
				if err != nil {
					return err
				}
				if b.ChatID != -200 {
					t.Errorf("BindingOf(coord) = %+v", b)
				}
				if _, err := tx.Binding(ctx, -999); !isNotFound(err) {
					t.Errorf("Binding(-999) error = %v, want ErrNotFound", err)
				}
				if _, err := tx.BindingOf(ctx, "bqlkcn"); !isNotFound(err) {
					t.Errorf("BindingOf(bqlkcn) error = %v, want ErrNotFound", err)
				}
				return nil
			})
		})

		t.Run("Unbind", func(t *testing.T) {
			bind(-400, "ldtbxh")
			update(t, db, func(tx coord.Tx) error {
				b, err := tx.Unbind(ctx, "ldtbxh")
				if err != nil {
					return err
				}
				if b.ChatID != -400 || b.Code != "ldtbxh" || b.Title != "Nhóm ldtbxh" {
					t.Errorf("Unbind(ldtbxh) returned %+v", b)
				}
				if _, err := tx.Binding(ctx, -400); !isNotFound(err) {
					t.Errorf("Binding(-400) after Unbind: error = %v, want ErrNotFound", err)
				}
				if _, err := tx.BindingOf(ctx, "ldtbxh"); !isNotFound(err) {
					t.Errorf("BindingOf(ldtbxh) after Unbind: error = %v, want ErrNotFound", err)
				}
				if _, err := tx.Unbind(ctx, "ldtbxh"); !isNotFound(err) {
					t.Errorf("second Unbind(ldtbxh): error = %v, want ErrNotFound", err)
				}
				if b, err := tx.BindingOf(ctx, "ca"); err != nil || b.ChatID != -100 {
					t.Errorf("Unbind(ldtbxh) touched ca's binding: %+v, %v", b, err)
				}
				return nil
			})
		})

		t.Run("SameChat", func(t *testing.T) {
			if r := pairs(bind(-100, "bqlkcn")); r != "-100:ca" {
				t.Errorf("rebinding chat -100 replaced %q, want -100:ca", r)
			}
		})

		t.Run("SameCode", func(t *testing.T) {
			if r := pairs(bind(-300, "bqlkcn")); r != "-100:bqlkcn" {
				t.Errorf("binding bqlkcn elsewhere replaced %q, want -100:bqlkcn", r)
			}
		})

		t.Run("SameChatAndOtherCode", func(t *testing.T) {
			// Chat -300 (bqlkcn) takes coord from chat -200: both go.
			if r := pairs(bind(-300, coord.CoordGroup)); r != "-300:bqlkcn,-200:coord" {
				t.Errorf("replaced %q, want -300:bqlkcn,-200:coord", r)
			}
			var n int
			if err := db.x.GetContext(ctx, &n, `SELECT COUNT(*) FROM chat_bindings`); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Errorf("%d bindings left, want 1", n)
			}
		})
	})

	t.Run("Audit", func(t *testing.T) {
		db := open(t)
		update(t, db, func(tx coord.Tx) error {
			if err := tx.Audit(ctx, coord.AuditEntry{At: t0, Actor: 1, Action: "user.enrol", Subject: "user:2", After: `{"role":"officer"}`}); err != nil {
				return err
			}
			return tx.Audit(ctx, coord.AuditEntry{At: t0.Add(time.Minute), Actor: 1, Action: "user.role", Subject: "user:2",
				Before: `{"role":"officer"}`, After: `{"role":"lead"}`})
		})
		log, err := db.AuditLog(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 2 {
			t.Fatalf("AuditLog = %+v, want 2 rows", log)
		}
		newest, oldest := log[0], log[1]
		if newest.Action != "user.role" || newest.Before != `{"role":"officer"}` || newest.After != `{"role":"lead"}` ||
			!newest.At.Equal(t0.Add(time.Minute)) || newest.ID <= oldest.ID {
			t.Errorf("newest audit row = %+v", newest)
		}
		if oldest.Action != "user.enrol" || oldest.Actor != 1 || oldest.Subject != "user:2" || oldest.Before != "" {
			t.Errorf("oldest audit row = %+v", oldest)
		}
		if log, err := db.AuditLog(ctx, 1); err != nil || len(log) != 1 || log[0].ID != newest.ID {
			t.Errorf("AuditLog(1) = %+v, %v; want the newest row", log, err)
		}
	})

	t.Run("Rollback", func(t *testing.T) {
		db := open(t)
		errBoom := coord.Errorf(coord.EInvalid, "boom")
		err := db.Update(ctx, func(tx coord.Tx) error {
			if err := tx.PutUser(ctx, newUser(7, "ca")); err != nil {
				return err
			}
			if _, _, err := tx.Enqueue(ctx, "rollback", coord.OutMessage{Kind: coord.OutText, ChatID: 7, Text: "hi"}, t0); err != nil {
				return err
			}
			if err := tx.Audit(ctx, coord.AuditEntry{At: t0, Actor: 7, Action: "x"}); err != nil {
				return err
			}
			return errBoom
		})
		if !errors.Is(err, errBoom) || coord.ErrorCode(err) != coord.EInvalid {
			t.Errorf("Update error = %v, want fn's error", err)
		}
		assertEmpty(t, db, 7, "rollback")
	})

	t.Run("Panic", func(t *testing.T) {
		db := open(t)
		func() {
			defer func() {
				if r := recover(); r != "boom" {
					t.Errorf("recovered %v, want the panic of fn", r)
				}
			}()
			_ = db.Update(ctx, func(tx coord.Tx) error {
				if err := tx.PutUser(ctx, newUser(8, "ca")); err != nil {
					return err
				}
				if _, _, err := tx.Enqueue(ctx, "panic", coord.OutMessage{Kind: coord.OutText, ChatID: 8, Text: "hi"}, t0); err != nil {
					return err
				}
				panic("boom")
			})
			t.Error("Update returned after fn panicked")
		}()
		// On :memory: the single connection would still be held if the
		// rollback had not happened, and this would hang.
		assertEmpty(t, db, 8, "panic")
	})

	t.Run("Once", func(t *testing.T) {
		db := open(t)
		once := func(key string, fail bool) bool {
			t.Helper()
			var first bool
			err := db.Update(ctx, func(tx coord.Tx) error {
				var err error
				first, err = tx.Once(ctx, key, t0)
				if err == nil && fail {
					return errors.New("the sending failed")
				}
				return err
			})
			if err != nil && !fail {
				t.Fatal(err)
			}
			return first
		}
		if !once("rem:6.4:ldtbxh:2027-01:2027-02-04", true) {
			t.Error("first Once: first = false")
		}
		// The transaction rolled back, so the key was not kept.
		if !once("rem:6.4:ldtbxh:2027-01:2027-02-04", false) {
			t.Error("Once after a rollback: first = false")
		}
		if once("rem:6.4:ldtbxh:2027-01:2027-02-04", false) {
			t.Error("second Once: first = true")
		}
	})

	t.Run("MarkUpdateHandled", func(t *testing.T) {
		db := open(t)
		mark := func(id int64) bool {
			t.Helper()
			var first bool
			update(t, db, func(tx coord.Tx) error {
				var err error
				first, err = tx.MarkUpdateHandled(ctx, id, t0)
				return err
			})
			return first
		}
		if !mark(100) {
			t.Error("first mark of update 100: first = false")
		}
		if mark(100) {
			t.Error("second mark of update 100: first = true")
		}
		if !mark(101) {
			t.Error("first mark of update 101: first = false")
		}
	})

	t.Run("Enqueue", func(t *testing.T) {
		db := open(t)
		enqueue := func(key string, text string) (int64, bool) {
			t.Helper()
			var id int64
			var queued bool
			update(t, db, func(tx coord.Tx) error {
				var err error
				id, queued, err = tx.Enqueue(ctx, key, coord.OutMessage{Kind: coord.OutText, ChatID: -100, Text: text}, t0)
				return err
			})
			return id, queued
		}
		id1, q1 := enqueue("remind:1", "first")
		id2, q2 := enqueue("remind:1", "second")
		if !q1 || q2 || id1 != id2 || id1 == 0 {
			t.Errorf("same key twice: (%d, %v) then (%d, %v); want queued once, same id", id1, q1, id2, q2)
		}
		item, state, ids, err := db.OutboxItemByKey(ctx, "remind:1")
		if err != nil {
			t.Fatal(err)
		}
		if item.ID != id1 || item.Key != "remind:1" || item.Msg.Text != "first" || state != statePending || ids != nil {
			t.Errorf("OutboxItemByKey = %+v, %q, %v", item, state, ids)
		}
		id3, q3 := enqueue("", "no key")
		id4, q4 := enqueue("", "no key")
		if !q3 || !q4 || id3 == id4 {
			t.Errorf("empty key twice: (%d, %v) then (%d, %v); want two items", id3, q3, id4, q4)
		}
		pending, err := db.PendingOutbox(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) != 3 {
			t.Errorf("%d pending items, want 3", len(pending))
		}
		if _, _, _, err := db.OutboxItemByKey(ctx, "nope"); !isNotFound(err) {
			t.Errorf("OutboxItemByKey(nope) error = %v, want ErrNotFound", err)
		}
	})

	t.Run("Outbox", func(t *testing.T) {
		db := open(t)
		msgs := []coord.OutMessage{
			{Kind: coord.OutText, ChatID: -100, Text: "Nhắc hạn báo cáo", Buttons: [][]coord.Button{{{Text: "Nộp", Data: "sub:1"}}}},
			{Kind: coord.OutCallbackAnswer, ChatID: 5, CallbackID: "cb1", Text: "OK", Alert: true},
			{Kind: coord.OutFiles, ChatID: 5, Files: []coord.FileRef{{FileID: "f1", Name: "bc.pdf"}, {FileID: "f2", Photo: true}}},
		}
		ids := make([]int64, len(msgs))
		update(t, db, func(tx coord.Tx) error {
			for i, m := range msgs {
				var err error
				if ids[i], _, err = tx.Enqueue(ctx, fmt.Sprintf("k%d", i), m, t0); err != nil {
					return err
				}
			}
			return nil
		})
		pending := func(after int64, limit int) []coord.OutboxItem {
			t.Helper()
			items, err := db.PendingOutbox(ctx, after, limit)
			if err != nil {
				t.Fatal(err)
			}
			return items
		}
		idsOf := func(items []coord.OutboxItem) []int64 {
			out := []int64{}
			for _, it := range items {
				out = append(out, it.ID)
			}
			return out
		}

		t.Run("Pending", func(t *testing.T) {
			items := pending(0, 10)
			if got := idsOf(items); !reflect.DeepEqual(got, ids) {
				t.Fatalf("pending ids = %v, want %v", got, ids)
			}
			for i, it := range items {
				if !reflect.DeepEqual(it.Msg, msgs[i]) {
					t.Errorf("item %d message = %+v, want %+v", i, it.Msg, msgs[i])
				}
				if it.Key != fmt.Sprintf("k%d", i) || it.Attempts != 0 || !it.NotBefore.Equal(t0) || !it.CreatedAt.Equal(t0) {
					t.Errorf("item %d = %+v", i, it)
				}
			}
			if got := idsOf(pending(ids[0], 1)); !reflect.DeepEqual(got, ids[1:2]) {
				t.Errorf("PendingOutbox(after %d, 1) = %v, want %v", ids[0], got, ids[1:2])
			}
		})

		t.Run("Retry", func(t *testing.T) {
			next := t0.Add(30 * time.Second)
			if err := db.MarkRetry(ctx, ids[0], 1, next, "429 too many requests"); err != nil {
				t.Fatal(err)
			}
			items := pending(0, 1)
			if len(items) != 1 || items[0].ID != ids[0] || items[0].Attempts != 1 || !items[0].NotBefore.Equal(next) {
				t.Errorf("after retry: %+v", items)
			}
			var lastErr string
			if err := db.x.GetContext(ctx, &lastErr, `SELECT last_error FROM outbox WHERE id = ?`, ids[0]); err != nil {
				t.Fatal(err)
			}
			if lastErr != "429 too many requests" {
				t.Errorf("last_error = %q", lastErr)
			}
		})

		t.Run("Sent", func(t *testing.T) {
			if err := db.MarkSent(ctx, ids[0], []int{501, 502}, t0.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			if got := idsOf(pending(0, 10)); !reflect.DeepEqual(got, ids[1:]) {
				t.Errorf("pending after sent = %v, want %v", got, ids[1:])
			}
			_, state, mids, err := db.OutboxItemByKey(ctx, "k0")
			if err != nil {
				t.Fatal(err)
			}
			if state != stateSent || !reflect.DeepEqual(mids, []int{501, 502}) {
				t.Errorf("sent item: state %q, message ids %v", state, mids)
			}
			if err := db.MarkSent(ctx, ids[1], nil, t0); err != nil {
				t.Fatal(err)
			}
			if _, _, mids, err := db.OutboxItemByKey(ctx, "k1"); err != nil || mids == nil || len(mids) != 0 {
				t.Errorf("callback answer message ids = %v, %v; want []", mids, err)
			}
		})

		t.Run("Failed", func(t *testing.T) {
			if err := db.MarkFailed(ctx, ids[2], 5, "400 bad request", t0.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if items := pending(0, 10); len(items) != 0 {
				t.Errorf("pending after failed = %v", idsOf(items))
			}
			item, state, _, err := db.OutboxItemByKey(ctx, "k2")
			if err != nil {
				t.Fatal(err)
			}
			if state != stateFailed || item.Attempts != 5 {
				t.Errorf("failed item: state %q, attempts %d", state, item.Attempts)
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			for name, err := range map[string]error{
				"MarkSent":   db.MarkSent(ctx, 9999, []int{1}, t0),
				"MarkRetry":  db.MarkRetry(ctx, 9999, 1, t0, "x"),
				"MarkFailed": db.MarkFailed(ctx, 9999, 1, "x", t0),
			} {
				if !isNotFound(err) {
					t.Errorf("%s(unknown) error = %v, want ErrNotFound", name, err)
				}
			}
		})
	})

	t.Run("Settings", func(t *testing.T) {
		db := open(t)
		if v, ok, err := db.Setting(ctx, "tg.offset"); err != nil || ok || v != "" {
			t.Errorf("unset setting = %q, %v, %v", v, ok, err)
		}
		for _, want := range []string{"100", "101"} {
			if err := db.SetSetting(ctx, "tg.offset", want); err != nil {
				t.Fatal(err)
			}
			if v, ok, err := db.Setting(ctx, "tg.offset"); err != nil || !ok || v != want {
				t.Errorf("setting = %q, %v, %v; want %q", v, ok, err, want)
			}
		}
	})

	t.Run("PruneHandledUpdates", func(t *testing.T) {
		db := open(t)
		update(t, db, func(tx coord.Tx) error {
			if _, err := tx.MarkUpdateHandled(ctx, 1, t0.Add(-25*time.Hour)); err != nil {
				return err
			}
			_, err := tx.MarkUpdateHandled(ctx, 2, t0.Add(-time.Hour))
			return err
		})
		// before is in another zone than the stored UTC times, and differs
		// from them by under a second, to check that the comparison is by
		// instant.
		before := t0.Add(-time.Hour).Add(-time.Millisecond).In(time.FixedZone("X", -5*3600))
		if err := db.PruneHandledUpdates(ctx, before); err != nil {
			t.Fatal(err)
		}
		update(t, db, func(tx coord.Tx) error {
			if first, err := tx.MarkUpdateHandled(ctx, 1, t0); err != nil || !first {
				t.Errorf("update 1 after prune: first = %v, %v; want forgotten", first, err)
			}
			if first, err := tx.MarkUpdateHandled(ctx, 2, t0); err != nil || first {
				t.Errorf("update 2 after prune: first = %v, %v; want kept", first, err)
			}
			return nil
		})
	})

	t.Run("SyncAgencies", func(t *testing.T) {
		db := open(t)
		type row struct {
			Code        string    `db:"code"`
			Name        string    `db:"name"`
			Kind        string    `db:"kind"`
			Coordinator bool      `db:"coordinator"`
			Active      bool      `db:"active"`
			UpdatedAt   time.Time `db:"updated_at"`
		}
		rows := func() map[string]row {
			t.Helper()
			var rs []row
			if err := db.x.SelectContext(ctx, &rs, `SELECT code, name, kind, coordinator, active, updated_at FROM agencies`); err != nil {
				t.Fatal(err)
			}
			m := map[string]row{}
			for _, r := range rs {
				m[r.Code] = r
			}
			return m
		}
		got := rows()
		if len(got) != 3 || !got["ldtbxh"].Coordinator || got["ca"].Coordinator || got["ca"].Kind != "police" ||
			!got["ca"].Active || !got["ca"].UpdatedAt.Equal(t0) {
			t.Fatalf("agencies after sync: %+v", got)
		}
		update(t, db, func(tx coord.Tx) error { return tx.PutUser(ctx, newUser(1, "bqlkcn")) })

		t1 := t0.Add(24 * time.Hour)
		db.Now = func() time.Time { return t1 }
		renamed := append([]coord.Agency(nil), testAgencies[:2]...)
		renamed[1].Name = "Công an tỉnh Bắc Giang"
		if err := db.SyncAgencies(ctx, renamed); err != nil {
			t.Fatal(err)
		}
		got = rows()
		if r := got["bqlkcn"]; r.Active || !r.UpdatedAt.Equal(t1) {
			t.Errorf("removed agency: %+v, want inactive since %v", r, t1)
		}
		if r := got["ca"]; !r.Active || r.Name != "Công an tỉnh Bắc Giang" || !r.UpdatedAt.Equal(t1) {
			t.Errorf("renamed agency: %+v", r)
		}
		if r := got["ldtbxh"]; !r.Active || !r.UpdatedAt.Equal(t0) {
			t.Errorf("unchanged agency: %+v, want updated_at kept at %v", r, t0)
		}
		update(t, db, func(tx coord.Tx) error {
			if _, err := tx.User(ctx, 1); err != nil {
				t.Errorf("user of the removed agency: %v", err)
			}
			return nil
		})

		if err := db.SyncAgencies(ctx, testAgencies); err != nil {
			t.Fatal(err)
		}
		if r := rows()["bqlkcn"]; !r.Active {
			t.Errorf("agency back in the catalogue is still inactive: %+v", r)
		}
	})

	t.Run("Concurrency", func(t *testing.T) {
		db := open(t)
		const workers, perWorker = 8, 50
		var wg sync.WaitGroup
		errs := make(chan error, workers*perWorker)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range perWorker {
					errs <- db.Update(ctx, func(tx coord.Tx) error {
						// Read before writing, as handlers do: with a
						// deferred BEGIN the upgrade to a write lock would
						// fail with "database is locked" at once.
						if _, err := tx.User(ctx, int64(w)); !errors.Is(err, coord.ErrNotFound) {
							return fmt.Errorf("read user: %w", err)
						}
						if _, err := tx.MarkUpdateHandled(ctx, int64(w*perWorker+i), t0); err != nil {
							return err
						}
						return tx.Audit(ctx, coord.AuditEntry{At: t0, Actor: int64(w), Action: "test.concurrent", Subject: fmt.Sprint(i)})
					})
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent update: %v", err)
			}
		}
		log, err := db.AuditLog(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != workers*perWorker {
			t.Errorf("%d audit rows, want %d", len(log), workers*perWorker)
		}
	})
}

// assertEmpty checks that a rolled-back transaction left neither its user,
// nor its message, nor its audit row.
func assertEmpty(t *testing.T, db *DB, userID int64, key string) {
	t.Helper()
	ctx := context.Background()
	update(t, db, func(tx coord.Tx) error {
		if _, err := tx.User(ctx, userID); !isNotFound(err) {
			t.Errorf("user %d after rollback: error = %v, want ErrNotFound", userID, err)
		}
		return nil
	})
	if _, _, _, err := db.OutboxItemByKey(ctx, key); !isNotFound(err) {
		t.Errorf("outbox %q after rollback: error = %v, want ErrNotFound", key, err)
	}
	if items, err := db.PendingOutbox(ctx, 0, 0); err != nil || len(items) != 0 {
		t.Errorf("pending after rollback = %+v, %v; want none", items, err)
	}
	if log, err := db.AuditLog(ctx, 0); err != nil || len(log) != 0 {
		t.Errorf("audit after rollback = %+v, %v; want none", log, err)
	}
}

func TestOpenFile(t *testing.T) {
	ctx := context.Background()

	t.Run("Reopen", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "bot.db")
		db := openAt(t, path)
		update(t, db, func(tx coord.Tx) error { return tx.PutUser(ctx, newUser(1, "ca")) })
		if err := db.SetSetting(ctx, "k", "v"); err != nil {
			t.Fatal(err)
		}
		db2, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		defer db2.Close()
		var n int
		if err := db2.x.GetContext(ctx, &n, `SELECT COUNT(*) FROM schema_migrations`); err != nil {
			t.Fatal(err)
		}
		ms, _ := migrations()
		if n != len(ms) {
			t.Errorf("%d migrations recorded after reopen, want %d", n, len(ms))
		}
		if v, ok, err := db2.Setting(ctx, "k"); err != nil || !ok || v != "v" {
			t.Errorf("setting after reopen = %q, %v, %v", v, ok, err)
		}
		if err := db2.Update(ctx, func(tx coord.Tx) error { _, err := tx.User(ctx, 1); return err }); err != nil {
			t.Errorf("user after reopen: %v", err)
		}
	})

	t.Run("OddPath", func(t *testing.T) {
		// Characters that mean something in a URI must stay part of the name.
		dir := filepath.Join(t.TempDir(), "a b?c#d%e")
		path := filepath.Join(dir, "bot.db")
		db := openAt(t, path)
		var file string
		if err := db.x.GetContext(ctx, &file, `SELECT file FROM pragma_database_list WHERE name = 'main'`); err != nil {
			t.Fatal(err)
		}
		if file != path {
			t.Errorf("database file = %q, want %q", file, path)
		}
	})

	t.Run("ErrEmptyPath", func(t *testing.T) {
		if _, err := Open(ctx, ""); err == nil {
			t.Error("Open(\"\") succeeded")
		}
	})
}

package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mattn/go-sqlite3"

	"github.com/bacgiang/fwbot/coord"
)

// fillUp caps db at its current size and writes until a write fails; it
// returns that failure.
func fillUp(t *testing.T, db *DB) error {
	t.Helper()
	ctx := context.Background()
	if _, err := db.SetMaxPageCount(ctx, 1); err != nil { // never below the current size
		t.Fatal(err)
	}
	big := strings.Repeat("Báo cáo tháng. ", 200)
	for i := 0; i < 10000; i++ {
		err := db.Update(ctx, func(tx coord.Tx) error {
			_, _, err := tx.Enqueue(ctx, "", coord.OutMessage{Kind: coord.OutText, ChatID: 7, Text: big}, t0)
			return err
		})
		if err != nil {
			return err
		}
	}
	t.Fatal("10000 writes fitted in a capped database")
	return nil
}

func TestFullDatabaseCannotWrite(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db := openAt(t, filepath.Join(t.TempDir(), "bot.db"))
		err := fillUp(t, db)
		if !coord.CannotWrite(err) || coord.ErrorCode(err) != coord.EUnavailable {
			t.Fatalf("a full database gave %v (code %s); want coord.ErrCannotWrite, unavailable", err, coord.ErrorCode(err))
		}
		if !strings.Contains(err.Error(), "database or disk is full") {
			t.Errorf("the error %q hides SQLite's reason", err)
		}
		// Reads still work, and writes outside Update are marked too.
		if _, _, err := db.Setting(ctx, "telegram.offset"); err != nil {
			t.Errorf("read from a full database: %v", err)
		}
		if err := db.SetSetting(ctx, "k", strings.Repeat("x", 8000)); !coord.CannotWrite(err) {
			t.Errorf("SetSetting on a full database: %v; want coord.ErrCannotWrite", err)
		}
		// Freeing the disk is all it takes.
		if _, err := db.SetMaxPageCount(ctx, 1<<30); err != nil {
			t.Fatal(err)
		}
		update(t, db, func(tx coord.Tx) error {
			_, err := tx.MarkUpdateHandled(ctx, 99, t0)
			return err
		})
	})
	t.Run("WrappedByTheCaller", func(t *testing.T) {
		db := openAt(t, filepath.Join(t.TempDir(), "bot.db"))
		if err := fillUp(t, db); !coord.CannotWrite(err) {
			t.Fatal(err)
		}
		// A handler that wraps the failure keeps its own code, and the
		// failure is still known for what it is.
		err := db.Update(ctx, func(tx coord.Tx) error {
			_, _, err := tx.Enqueue(ctx, "", coord.OutMessage{Kind: coord.OutText, ChatID: 7, Text: strings.Repeat("y", 9000)}, t0)
			var se sqlite3.Error
			if !errors.As(err, &se) {
				t.Fatalf("no SQLite error in %v", err)
			}
			return coord.Wrap(coord.EInternal, se, "enqueue") // the raw error, as a caller might

		})
		if !coord.CannotWrite(err) {
			t.Errorf("a wrapped write failure is not marked: %v", err)
		}
		if c := coord.ErrorCode(err); c != coord.EInternal {
			t.Errorf("code %s; want the caller's internal", c)
		}
	})
	t.Run("ErrOtherFailuresUnmarked", func(t *testing.T) {
		db := openAt(t, filepath.Join(t.TempDir(), "bot.db"))
		err := db.Update(ctx, func(tx coord.Tx) error {
			return tx.PutUser(ctx, coord.User{TelegramID: 5, Agency: "no-such-agency", Role: coord.RoleOfficer})
		})
		if err == nil || coord.CannotWrite(err) {
			t.Errorf("a bad statement gave %v; want an error not marked ErrCannotWrite", err)
		}
	})
}

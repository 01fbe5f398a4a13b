package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// AuditLog checks coord.AuditLog: every entry is kept, with its documents.
// Reading the log back needs the store to be an AuditReader; without it
// only the writes are checked.
func AuditLog(t *testing.T, f Factory) {
	ctx := context.Background()
	entry := coord.AuditEntry{At: t0, Actor: 42, Action: "user.enrol", Subject: "user:5001",
		Before: "", After: `{"agency":"` + agencyA + `","role":"officer"}`}
	log := func(t *testing.T, s coord.Store) []coord.AuditEntry {
		t.Helper()
		r, ok := s.(AuditReader)
		if !ok {
			t.Skip("the store does not implement storetest.AuditReader")
		}
		es, err := r.AuditLog(ctx, 0)
		if err != nil {
			t.Fatalf("AuditLog: %v", err)
		}
		return es
	}

	t.Run("entries with and without documents are accepted", func(t *testing.T) {
		s := open(t, f)
		update(t, s, func(tx coord.Tx) error {
			if err := tx.Audit(ctx, entry); err != nil {
				return err
			}
			return tx.Audit(ctx, coord.AuditEntry{At: t0, Action: "scheduler.tick"})
		})
	})

	t.Run("an entry reads back field by field", func(t *testing.T) {
		s := open(t, f)
		e := entry
		e.Before = `{"role":"lead"}`
		update(t, s, func(tx coord.Tx) error { return tx.Audit(ctx, e) })
		es := log(t, s)
		if len(es) != 1 {
			t.Fatalf("log = %+v, want one entry", es)
		}
		got := es[0]
		sameTime(t, "At", got.At, e.At)
		if got.ID == 0 {
			t.Error("entry has no id")
		}
		got.ID, got.At, e.At = 0, time.Time{}, time.Time{}
		if got != e {
			t.Errorf("entry = %+v, want %+v", got, e)
		}
	})

	t.Run("empty documents read back empty", func(t *testing.T) {
		s := open(t, f)
		update(t, s, func(tx coord.Tx) error { return tx.Audit(ctx, coord.AuditEntry{At: t0, Actor: 1, Action: "a"}) })
		es := log(t, s)
		if len(es) != 1 || es[0].Before != "" || es[0].After != "" {
			t.Errorf("log = %+v, want one entry without documents", es)
		}
	})

	t.Run("every entry is kept, newest first", func(t *testing.T) {
		s := open(t, f)
		for _, action := range []string{"first", "second", "third"} {
			update(t, s, func(tx coord.Tx) error {
				return tx.Audit(ctx, coord.AuditEntry{At: t0, Actor: 1, Action: action})
			})
		}
		es := log(t, s)
		var got []string
		for _, e := range es {
			got = append(got, e.Action)
		}
		if len(got) != 3 || got[0] != "third" || got[1] != "second" || got[2] != "first" {
			t.Errorf("actions = %v, want [third second first]", got)
		}
	})

	t.Run("two identical entries are two entries", func(t *testing.T) {
		s := open(t, f)
		update(t, s, func(tx coord.Tx) error {
			if err := tx.Audit(ctx, entry); err != nil {
				return err
			}
			return tx.Audit(ctx, entry)
		})
		if es := log(t, s); len(es) != 2 || es[0].ID == es[1].ID {
			t.Errorf("log = %+v, want two distinct entries", es)
		}
	})

	t.Run("an entry rolled back with its update is not kept", func(t *testing.T) {
		s := open(t, f)
		rolledBack(t, s, func(tx coord.Tx) error { return tx.Audit(ctx, entry) })
		if es := log(t, s); len(es) != 0 {
			t.Errorf("log = %+v, want empty", es)
		}
	})

	t.Run("pruning does not touch the audit log", func(t *testing.T) {
		s := open(t, f)
		old := entry
		old.At = t0.AddDate(-2, 0, 0)
		update(t, s, func(tx coord.Tx) error { return tx.Audit(ctx, old) })
		later := t0.AddDate(1, 0, 0)
		for _, prune := range []func(context.Context, time.Time) error{s.PruneHandledUpdates, s.PruneOnceKeys, s.PruneOutbox} {
			if err := prune(ctx, later); err != nil {
				t.Fatal(err)
			}
		}
		if es := log(t, s); len(es) != 1 {
			t.Errorf("log after pruning = %+v, want the old entry", es)
		}
	})
}

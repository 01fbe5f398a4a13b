package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// broadcast is a broadcast from agencyA to agencyC then agencyB (not in
// code order), reminded on remindOn.
func broadcast(at time.Time, remindOn coord.Date) coord.Broadcast {
	return coord.Broadcast{Title: "Nghị định 70/2023/NĐ-CP", Text: "Đề nghị các cơ quan nghiên cứu, triển khai.",
		Files: []coord.FileRef{{FileID: "nd70", Name: "nd-70.pdf"}}, From: agencyA, CreatedBy: 5001, ChatID: 5001, CreatedAt: at,
		Targets: []coord.BroadcastTarget{
			{Agency: agencyC, Mode: coord.ToGroup, RemindOn: remindOn},
			{Agency: agencyB, Mode: coord.Unreachable, RemindOn: remindOn},
		}}
}

// Broadcasts checks coord.Broadcasts: numbering, reading back whole with
// the targets in the order named, the first read winning, listing by
// agency and time, and the reminder bookkeeping.
func Broadcasts(t *testing.T, f Factory) {
	ctx := context.Background()
	day := coord.Date{Year: 2027, Month: time.March, Day: 12}
	create := func(t *testing.T, s coord.Store, b coord.Broadcast) coord.Broadcast {
		t.Helper()
		update(t, s, func(tx coord.Tx) error { return tx.CreateBroadcast(ctx, &b) })
		return b
	}
	get := func(t *testing.T, s coord.Store, id int64) coord.Broadcast {
		t.Helper()
		var b coord.Broadcast
		view(t, s, func(tx coord.Tx) (err error) {
			b, err = tx.Broadcast(ctx, id)
			return err
		})
		return b
	}

	t.Run("broadcasts get increasing numbers and read back whole", func(t *testing.T) {
		s := open(t, f)
		a := create(t, s, broadcast(t0, day))
		b := create(t, s, broadcast(t0.Add(time.Hour), day))
		if a.ID <= 0 || a.ID >= b.ID || a.Targets[1].BroadcastID != a.ID {
			t.Fatalf("numbers %d, %d (target of the first: %d); want positive, increasing, set on the targets", a.ID, b.ID, a.Targets[1].BroadcastID)
		}
		got := get(t, s, a.ID)
		sameTime(t, "CreatedAt", got.CreatedAt, t0)
		if got.Title != a.Title || got.Text != a.Text || got.From != agencyA || got.CreatedBy != 5001 || got.ChatID != 5001 ||
			len(got.Files) != 1 || got.Files[0].Name != "nd-70.pdf" {
			t.Errorf("broadcast = %+v", got)
		}
		if len(got.Targets) != 2 || got.Targets[0].Agency != agencyC || got.Targets[1].Agency != agencyB {
			t.Fatalf("targets %+v, want %s then %s as named", got.Targets, agencyC, agencyB)
		}
		tc := got.Targets[0]
		if tc.Mode != coord.ToGroup || tc.RemindOn != day || tc.ReadBy != nil || tc.ReadAt != nil || tc.RemindedAt != nil ||
			got.Targets[1].Mode != coord.Unreachable {
			t.Errorf("targets %+v", got.Targets)
		}
		if got.ReadCount() != 0 {
			t.Errorf("read count %d of a fresh broadcast", got.ReadCount())
		}
	})

	t.Run("an unknown number is not found", func(t *testing.T) {
		s := open(t, f)
		view(t, s, func(tx coord.Tx) error {
			_, err := tx.Broadcast(ctx, 99)
			wantNotFound(t, "Broadcast(99)", err)
			return nil
		})
	})

	t.Run("the first read counts; a second is a conflict, a non-target not found", func(t *testing.T) {
		s := open(t, f)
		b := create(t, s, broadcast(t0, day))
		read := t0.Add(2 * time.Hour)
		update(t, s, func(tx coord.Tx) error { return tx.MarkBroadcastRead(ctx, b.ID, agencyC, 7, read) })
		err := s.Update(ctx, func(tx coord.Tx) error { return tx.MarkBroadcastRead(ctx, b.ID, agencyC, 8, read.Add(time.Hour)) })
		wantCode(t, "second read", err, coord.EConflict)
		err = s.Update(ctx, func(tx coord.Tx) error { return tx.MarkBroadcastRead(ctx, b.ID, agencyA, 9, read) })
		wantNotFound(t, "read by the sender, not a target", err)
		err = s.Update(ctx, func(tx coord.Tx) error { return tx.MarkBroadcastRead(ctx, 99, agencyC, 9, read) })
		wantNotFound(t, "read of an unknown broadcast", err)
		got := get(t, s, b.ID)
		tc, ok := got.Target(agencyC)
		if !ok || tc.ReadBy == nil || *tc.ReadBy != 7 || tc.ReadAt == nil {
			t.Fatalf("target after the reads %+v, want read by 7", tc)
		}
		sameTime(t, "ReadAt", *tc.ReadAt, read)
		if got.ReadCount() != 1 {
			t.Errorf("read count %d, want 1", got.ReadCount())
		}
		rolledBack(t, s, func(tx coord.Tx) error { return tx.MarkBroadcastRead(ctx, b.ID, agencyB, 7, read) })
		if tb, _ := get(t, s, b.ID).Target(agencyB); tb.ReadAt != nil {
			t.Errorf("a rolled-back read was kept: %+v", tb)
		}
	})

	t.Run("targets to remind: due, unread and not reminded yet", func(t *testing.T) {
		s := open(t, f)
		early := create(t, s, broadcast(t0, day))
		late := create(t, s, broadcast(t0, day.AddDays(3)))
		update(t, s, func(tx coord.Tx) error { return tx.MarkBroadcastRead(ctx, early.ID, agencyC, 7, t0) })
		var due []coord.BroadcastTarget
		list := func(d coord.Date) []coord.BroadcastTarget {
			view(t, s, func(tx coord.Tx) (err error) {
				due, err = tx.BroadcastsToRemind(ctx, d)
				return err
			})
			return due
		}
		if got := list(day.AddDays(-1)); len(got) != 0 {
			t.Errorf("before the reminder day: %+v", got)
		}
		if got := list(day); len(got) != 1 || got[0].BroadcastID != early.ID || got[0].Agency != agencyB {
			t.Fatalf("on the reminder day: %+v, want the unread %s of #%d only", got, agencyB, early.ID)
		}
		update(t, s, func(tx coord.Tx) error { return tx.MarkBroadcastReminded(ctx, early.ID, agencyB, t0.Add(time.Hour)) })
		if tb, _ := get(t, s, early.ID).Target(agencyB); tb.RemindedAt == nil {
			t.Errorf("reminder not recorded: %+v", tb)
		} else {
			sameTime(t, "RemindedAt", *tb.RemindedAt, t0.Add(time.Hour))
		}
		got := list(day.AddDays(5))
		if len(got) != 2 || got[0].BroadcastID != late.ID || got[0].Agency != agencyC || got[1].Agency != agencyB {
			t.Errorf("days later: %+v, want both targets of #%d only", got, late.ID)
		}
		err := s.Update(ctx, func(tx coord.Tx) error { return tx.MarkBroadcastReminded(ctx, early.ID, agencyA, t0) })
		wantNotFound(t, "reminder of a non-target", err)
	})

	t.Run("listing by agency, sent or received, within the window", func(t *testing.T) {
		s := open(t, f)
		toC := create(t, s, broadcast(t0, day))
		onlyB := broadcast(t0.Add(time.Hour), day)
		onlyB.From, onlyB.Targets = agencyC, onlyB.Targets[1:]
		fromC := create(t, s, onlyB)
		old := create(t, s, broadcast(t0.Add(-48*time.Hour), day))
		var got []coord.Broadcast
		list := func(f coord.BroadcastFilter) []int64 {
			view(t, s, func(tx coord.Tx) (err error) {
				got, err = tx.Broadcasts(ctx, f)
				return err
			})
			var ids []int64
			for _, b := range got {
				ids = append(ids, b.ID)
			}
			return ids
		}
		same := func(what string, got []int64, want ...int64) {
			t.Helper()
			if len(got) != len(want) {
				t.Errorf("%s: %v, want %v", what, got, want)
				return
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("%s: %v, want %v", what, got, want)
					return
				}
			}
		}
		same("all", list(coord.BroadcastFilter{}), toC.ID, fromC.ID, old.ID)
		same("agency A (sender)", list(coord.BroadcastFilter{Agency: agencyA}), toC.ID, old.ID)
		same("agency C (sender and target)", list(coord.BroadcastFilter{Agency: agencyC}), toC.ID, fromC.ID, old.ID)
		same("window", list(coord.BroadcastFilter{From: t0.Add(-time.Hour), Until: t0.Add(time.Hour)}), toC.ID)
		if len(got) == 1 && len(got[0].Targets) != 2 {
			t.Errorf("a listed broadcast lacks its targets: %+v", got[0])
		}
	})
}

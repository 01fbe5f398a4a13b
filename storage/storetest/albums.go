package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

func albumPart(group string, chat, updateID int64, at time.Time) coord.AlbumPart {
	return coord.AlbumPart{MediaGroupID: group, ChatID: chat, UpdateID: updateID, ReceivedAt: at,
		Payload: fmt.Sprintf(`{"update_id":%d,"media_group_id":%q}`, updateID, group)}
}

// updateIDs lists the parts' update ids, in order.
func updateIDs(parts []coord.AlbumPart) []int64 {
	var out []int64
	for _, p := range parts {
		out = append(out, p.UpdateID)
	}
	return out
}

// Albums checks coord.Albums and coord.AlbumStore: parts kept until the
// album is taken, once, and albums listed when they fall quiet.
func Albums(t *testing.T, f Factory) {
	ctx := context.Background()
	add := func(t *testing.T, s coord.Store, parts ...coord.AlbumPart) {
		t.Helper()
		update(t, s, func(tx coord.Tx) error {
			for _, p := range parts {
				if err := tx.AddAlbumPart(ctx, p); err != nil {
					return err
				}
			}
			return nil
		})
	}
	take := func(t *testing.T, s coord.Store, group string) []coord.AlbumPart {
		t.Helper()
		var parts []coord.AlbumPart
		update(t, s, func(tx coord.Tx) (err error) {
			parts, err = tx.TakeAlbum(ctx, group)
			return err
		})
		return parts
	}
	due := func(t *testing.T, s coord.Store, quietSince time.Time) []coord.AlbumPart {
		t.Helper()
		parts, err := s.DueAlbums(ctx, quietSince)
		if err != nil {
			t.Fatalf("DueAlbums: %v", err)
		}
		return parts
	}

	t.Run("taking an album returns its parts in update order, whole", func(t *testing.T) {
		s := open(t, f)
		want := []coord.AlbumPart{albumPart("g1", -100, 11, t0), albumPart("g1", -100, 12, t0.Add(time.Second)), albumPart("g1", -100, 13, t0)}
		add(t, s, want[2], want[0], want[1])
		got := take(t, s, "g1")
		if len(got) != 3 {
			t.Fatalf("parts = %v, want [11 12 13]", updateIDs(got))
		}
		for i, p := range got {
			sameTime(t, "ReceivedAt", p.ReceivedAt, want[i].ReceivedAt)
			p.ReceivedAt = want[i].ReceivedAt
			if p != want[i] {
				t.Errorf("part %d = %+v, want %+v", i, p, want[i])
			}
		}
	})

	t.Run("an album is taken once", func(t *testing.T) {
		s := open(t, f)
		add(t, s, albumPart("g1", -100, 11, t0), albumPart("g1", -100, 12, t0))
		take(t, s, "g1")
		if got := take(t, s, "g1"); len(got) != 0 {
			t.Errorf("second take = %v, want nothing", updateIDs(got))
		}
	})

	t.Run("taking an album leaves the other albums", func(t *testing.T) {
		s := open(t, f)
		add(t, s, albumPart("g1", -100, 11, t0), albumPart("g2", -200, 12, t0), albumPart("g1", -100, 13, t0))
		if got := take(t, s, "g1"); fmt.Sprint(updateIDs(got)) != "[11 13]" {
			t.Errorf("g1 = %v, want [11 13]", updateIDs(got))
		}
		if got := take(t, s, "g2"); fmt.Sprint(updateIDs(got)) != "[12]" {
			t.Errorf("g2 = %v, want [12]", updateIDs(got))
		}
	})

	t.Run("a part delivered twice is kept once", func(t *testing.T) {
		s := open(t, f)
		add(t, s, albumPart("g1", -100, 11, t0))
		add(t, s, albumPart("g1", -100, 11, t0))
		if got := take(t, s, "g1"); fmt.Sprint(updateIDs(got)) != "[11]" {
			t.Errorf("parts = %v, want [11]", updateIDs(got))
		}
	})

	t.Run("taking an unknown album gives no parts", func(t *testing.T) {
		s := open(t, f)
		if got := take(t, s, "nope"); len(got) != 0 {
			t.Errorf("parts = %v, want none", updateIDs(got))
		}
	})

	t.Run("a take rolled back leaves the album in place", func(t *testing.T) {
		s := open(t, f)
		add(t, s, albumPart("g1", -100, 11, t0))
		rolledBack(t, s, func(tx coord.Tx) error {
			_, err := tx.TakeAlbum(ctx, "g1")
			return err
		})
		if got := take(t, s, "g1"); len(got) != 1 {
			t.Errorf("parts after a rolled-back take = %v, want [11]", updateIDs(got))
		}
	})

	t.Run("an album is due once its newest part is older than the quiet time", func(t *testing.T) {
		s := open(t, f)
		add(t, s, albumPart("g1", -100, 11, t0), albumPart("g1", -100, 12, t0.Add(2*time.Second)))
		if got := due(t, s, t0.Add(2*time.Second)); len(got) != 0 {
			t.Errorf("due while its last part is fresh: %v", updateIDs(got))
		}
		if got := due(t, s, t0.Add(3*time.Second)); fmt.Sprint(updateIDs(got)) != "[11]" {
			t.Errorf("due = %v, want the album named by its first part, 11", updateIDs(got))
		}
	})

	t.Run("due albums are named by their first part, which says the chat, in that part's order", func(t *testing.T) {
		s := open(t, f)
		add(t, s,
			albumPart("g2", -200, 21, t0), albumPart("g1", -100, 12, t0),
			albumPart("g1", -100, 11, t0), albumPart("g2", -200, 22, t0))
		got := due(t, s, t0.Add(time.Minute))
		if len(got) != 2 || got[0].MediaGroupID != "g1" || got[0].UpdateID != 11 || got[0].ChatID != -100 ||
			got[1].MediaGroupID != "g2" || got[1].UpdateID != 21 || got[1].ChatID != -200 {
			t.Errorf("due = %+v, want g1 by 11 in -100, then g2 by 21 in -200", got)
		}
	})

	t.Run("a taken album is no longer due", func(t *testing.T) {
		s := open(t, f)
		add(t, s, albumPart("g1", -100, 11, t0), albumPart("g2", -100, 12, t0))
		take(t, s, "g1")
		if got := due(t, s, t0.Add(time.Minute)); fmt.Sprint(updateIDs(got)) != "[12]" {
			t.Errorf("due = %v, want [12]", updateIDs(got))
		}
	})
}

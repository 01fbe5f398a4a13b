package storetest

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// notice is a notice from agencyB to agencyA and agencyC.
func notice() coord.Notice {
	return coord.Notice{Kind: "work_without_permit", From: agencyB, DecisionNo: "15/QĐ-XPHC", DecisionDate: march(8),
		Employer: coord.Employer{Name: "Công ty TNHH ABC", TaxCode: "2400123456", Address: "Việt Yên", Zone: "KCN Quang Châu"},
		People: []coord.Person{{Name: "LI WEI", Passport: "E12345678", Nationality: "Trung Quốc"},
			{Name: "KIM MIN", Passport: "M7654321", Nationality: "Hàn Quốc"}},
		Violation: "Làm việc không có giấy phép", Sanction: coord.Sanction{FineVND: 15_000_000, Expulsion: true},
		Files: []coord.FileRef{{FileID: "F-QD", Name: "qd.pdf"}}, CreatedBy: 5001, ChatID: -100, CreatedAt: t0,
		Recipients: []coord.NoticeRecipient{
			{Agency: agencyA, Mode: coord.ToGroup, RemindOn: march(12)},
			{Agency: agencyC, Mode: coord.ToOfficers, RemindOn: march(12)},
		}}
}

// Notices checks coord.Notices: numbering, round trip of every field,
// filters by agency and time, guarded acknowledgements and the reminder
// scan.
func Notices(t *testing.T, f Factory) {
	ctx := context.Background()
	create := func(t *testing.T, s coord.Store, n coord.Notice) coord.Notice {
		t.Helper()
		update(t, s, func(tx coord.Tx) error { return tx.CreateNotice(ctx, &n) })
		return n
	}
	t.Run("OK", func(t *testing.T) {
		s := open(t, f)
		n := create(t, s, notice())
		if n.ID <= 0 || n.Recipients[0].ID <= 0 || n.Recipients[1].NoticeID != n.ID {
			t.Fatalf("ids not set: %+v", n)
		}
		var got coord.Notice
		view(t, s, func(tx coord.Tx) (err error) {
			got, err = tx.Notice(ctx, n.ID)
			return err
		})
		sameTime(t, "CreatedAt", got.CreatedAt, n.CreatedAt)
		got.CreatedAt = n.CreatedAt
		if !reflect.DeepEqual(got, n) {
			t.Errorf("read back\n%+v\nwant\n%+v", got, n)
		}
		second := create(t, s, notice())
		if second.ID <= n.ID {
			t.Errorf("second notice %d not after %d", second.ID, n.ID)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		s := open(t, f)
		n := notice()
		n.People = nil
		err := s.Update(ctx, func(tx coord.Tx) error { return tx.CreateNotice(ctx, &n) })
		wantCode(t, "notice without people", err, coord.EInvalid)
	})
	t.Run("NotFound", func(t *testing.T) {
		s := open(t, f)
		view(t, s, func(tx coord.Tx) error {
			_, err := tx.Notice(ctx, 99)
			wantNotFound(t, "Notice(99)", err)
			_, err = tx.NoticeRecipient(ctx, 99)
			wantNotFound(t, "NoticeRecipient(99)", err)
			return nil
		})
		err := s.Update(ctx, func(tx coord.Tx) error { return tx.AckNotice(ctx, 99, 1, t0) })
		wantNotFound(t, "AckNotice(99)", err)
	})
	t.Run("Filter", func(t *testing.T) {
		s := open(t, f)
		a := create(t, s, notice()) // B → A, C
		other := notice()
		other.From, other.CreatedAt = agencyA, t0.AddDate(1, 0, 0)
		other.Recipients = []coord.NoticeRecipient{{Agency: agencyB, Mode: coord.ToGroup, RemindOn: march(12)}}
		b := create(t, s, other) // A → B, a year later
		ids := func(f coord.NoticeFilter) []int64 {
			var out []int64
			view(t, s, func(tx coord.Tx) error {
				ns, err := tx.Notices(ctx, f)
				for _, n := range ns {
					out = append(out, n.ID)
				}
				return err
			})
			return out
		}
		for _, c := range []struct {
			name string
			f    coord.NoticeFilter
			want []int64
		}{
			{"all", coord.NoticeFilter{}, []int64{a.ID, b.ID}},
			{"sender or recipient A", coord.NoticeFilter{Agency: agencyA}, []int64{a.ID, b.ID}},
			{"recipient C only", coord.NoticeFilter{Agency: agencyC}, []int64{a.ID}},
			{"first year", coord.NoticeFilter{From: t0.Add(-time.Hour), Until: t0.Add(time.Hour)}, []int64{a.ID}},
			{"later", coord.NoticeFilter{From: t0.Add(time.Hour)}, []int64{b.ID}},
		} {
			if got := ids(c.f); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
	})
	t.Run("Plan", func(t *testing.T) {
		s := open(t, f)
		p := plan()
		update(t, s, func(tx coord.Tx) error { return tx.CreateInspection(ctx, &p) })
		alone := create(t, s, notice())
		linked := notice()
		linked.Plan, linked.PlanTarget = p.ID, 2
		linked = create(t, s, linked)
		var got coord.Notice
		var ofPlan []coord.Notice
		view(t, s, func(tx coord.Tx) (err error) {
			if got, err = tx.Notice(ctx, linked.ID); err != nil {
				return err
			}
			ofPlan, err = tx.Notices(ctx, coord.NoticeFilter{Plan: p.ID})
			return err
		})
		if got.Plan != p.ID || got.PlanTarget != 2 {
			t.Errorf("link read back as plan %d target %d, want %d/2", got.Plan, got.PlanTarget, p.ID)
		}
		if len(ofPlan) != 1 || ofPlan[0].ID != linked.ID {
			t.Errorf("notices of plan %d: %+v, want only #%d (not #%d)", p.ID, ofPlan, linked.ID, alone.ID)
		}
		half := notice()
		half.Plan = p.ID
		err := s.Update(ctx, func(tx coord.Tx) error { return tx.CreateNotice(ctx, &half) })
		wantCode(t, "plan without target", err, coord.EInvalid)
	})
	t.Run("AckOnce", func(t *testing.T) {
		s := open(t, f)
		n := create(t, s, notice())
		rid := n.Recipients[0].ID
		at := t0.Add(time.Hour)
		update(t, s, func(tx coord.Tx) error { return tx.AckNotice(ctx, rid, 7001, at) })
		err := s.Update(ctx, func(tx coord.Tx) error { return tx.AckNotice(ctx, rid, 7002, at.Add(time.Minute)) })
		wantCode(t, "second ack", err, coord.EConflict)
		var r coord.NoticeRecipient
		view(t, s, func(tx coord.Tx) (err error) {
			r, err = tx.NoticeRecipient(ctx, rid)
			return err
		})
		if r.AckedBy == nil || *r.AckedBy != 7001 {
			t.Errorf("AckedBy = %v, want 7001", r.AckedBy)
		}
		sameTimePtr(t, "AckedAt", r.AckedAt, &at)
		rolledBack(t, s, func(tx coord.Tx) error { return tx.AckNotice(ctx, n.Recipients[1].ID, 7003, at) })
		view(t, s, func(tx coord.Tx) (err error) {
			r, err = tx.NoticeRecipient(ctx, n.Recipients[1].ID)
			return err
		})
		if r.AckedAt != nil {
			t.Errorf("rolled-back ack stayed: %+v", r)
		}
	})
	t.Run("ToRemind", func(t *testing.T) {
		s := open(t, f)
		n := create(t, s, notice())
		due := func(day coord.Date) []int64 {
			var out []int64
			view(t, s, func(tx coord.Tx) error {
				rs, err := tx.NoticesToRemind(ctx, day)
				for _, r := range rs {
					out = append(out, r.ID)
				}
				return err
			})
			return out
		}
		a, c := n.Recipients[0].ID, n.Recipients[1].ID
		if got := due(march(11)); len(got) != 0 {
			t.Errorf("before the day: %v", got)
		}
		if got := due(march(12)); !slices.Equal(got, []int64{a, c}) {
			t.Errorf("on the day: %v, want %v", got, []int64{a, c})
		}
		update(t, s, func(tx coord.Tx) error { return tx.AckNotice(ctx, a, 7001, t0) })
		update(t, s, func(tx coord.Tx) error { return tx.MarkNoticeReminded(ctx, c, t0) })
		if got := due(march(20)); len(got) != 0 {
			t.Errorf("acknowledged or reminded still due: %v", got)
		}
		err := s.Update(ctx, func(tx coord.Tx) error { return tx.MarkNoticeReminded(ctx, 99, t0) })
		wantNotFound(t, "MarkNoticeReminded(99)", err)
	})
}

package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// plan is an issued annual plan led by agencyA with two members and two
// targets.
func plan() coord.Inspection {
	return coord.Inspection{Year: 2027, Kind: coord.InspAnnual, Title: "Kiểm tra liên ngành năm 2027", Basis: "Điều 6.5",
		Lead: agencyA, Members: []coord.InspectionMember{{Agency: agencyB}, {Agency: agencyC}},
		Targets: []coord.InspectionTarget{
			{Employer: "Công ty TNHH A", TaxCode: "0101234567", Address: "Việt Yên", Zone: "KCN Quang Châu", Planned: march(20), State: coord.TargetPlanned},
			{Employer: "Công ty CP B", TaxCode: "0107654321", Address: "Yên Dũng", Planned: march(25), State: coord.TargetPlanned},
		},
		State: coord.InspIssued, CreatedBy: 5001, CreatedAt: t0}
}

// Inspections checks coord.Inspections: numbering, reading back, the
// guarded save, listing by year and histories.
func Inspections(t *testing.T, f Factory) {
	ctx := context.Background()
	create := func(t *testing.T, s coord.Store, p coord.Inspection) coord.Inspection {
		t.Helper()
		update(t, s, func(tx coord.Tx) error { return tx.CreateInspection(ctx, &p) })
		return p
	}
	get := func(t *testing.T, s coord.Store, id int64) coord.Inspection {
		t.Helper()
		var p coord.Inspection
		view(t, s, func(tx coord.Tx) (err error) {
			p, err = tx.Inspection(ctx, id)
			return err
		})
		return p
	}

	t.Run("plans get increasing numbers and read back with members and targets", func(t *testing.T) {
		s := open(t, f)
		a := create(t, s, plan())
		b := create(t, s, plan())
		if a.ID <= 0 || a.ID >= b.ID || a.Version != 1 {
			t.Fatalf("numbers %d, %d version %d; want positive, increasing, version 1", a.ID, b.ID, a.Version)
		}
		got := get(t, s, a.ID)
		sameTime(t, "CreatedAt", got.CreatedAt, a.CreatedAt)
		if got.Title != a.Title || got.Lead != agencyA || got.State != coord.InspIssued || got.Kind != coord.InspAnnual || got.Year != 2027 {
			t.Errorf("plan = %+v", got)
		}
		if len(got.Members) != 2 || got.Members[1].Agency != agencyC || len(got.Targets) != 2 ||
			got.Targets[0].Planned != march(20) || got.Targets[0].Zone != "KCN Quang Châu" || got.Targets[1].TaxCode != "0107654321" {
			t.Errorf("members %+v targets %+v", got.Members, got.Targets)
		}
	})

	t.Run("an unknown number is not found", func(t *testing.T) {
		s := open(t, f)
		view(t, s, func(tx coord.Tx) error {
			if _, err := tx.Inspection(ctx, 99); coord.ErrorCode(err) != coord.ENotFound {
				t.Errorf("err = %v, want ENotFound", err)
			}
			return nil
		})
	})

	t.Run("a save keeps answers and results, and a stale save is a conflict", func(t *testing.T) {
		s := open(t, f)
		p := create(t, s, plan())
		stale := p
		p.Members[0] = coord.InspectionMember{Agency: agencyB, Answer: coord.AnswerJoin, Text: "Nguyễn Văn A", By: 7, At: t0}
		p.Targets[1].State, p.Targets[1].Violations, p.Targets[1].Workers, p.Targets[1].Finding = coord.TargetDone, true, 3, "Không có giấy phép"
		p.Targets[1].Files = []coord.FileRef{{FileID: "bb", Name: "bien-ban.pdf"}}
		p.State = coord.InspInProgress
		update(t, s, func(tx coord.Tx) error { return tx.SaveInspection(ctx, &p, t0.Add(time.Hour)) })
		if p.Version != 2 {
			t.Errorf("version after save = %d, want 2", p.Version)
		}
		got := get(t, s, p.ID)
		if got.State != coord.InspInProgress || got.Members[0].Answer != coord.AnswerJoin || got.Members[0].Text != "Nguyễn Văn A" ||
			!got.Targets[1].Violations || got.Targets[1].Workers != 3 || len(got.Targets[1].Files) != 1 || got.Version != 2 {
			t.Errorf("after save %+v", got)
		}
		err := s.Update(ctx, func(tx coord.Tx) error { return tx.SaveInspection(ctx, &stale, t0.Add(2*time.Hour)) })
		if coord.ErrorCode(err) != coord.EConflict {
			t.Errorf("stale save err = %v, want EConflict", err)
		}
		missing := coord.Inspection{ID: 99, Version: 1}
		err = s.Update(ctx, func(tx coord.Tx) error { return tx.SaveInspection(ctx, &missing, t0) })
		if coord.ErrorCode(err) != coord.ENotFound {
			t.Errorf("save of unknown plan err = %v, want ENotFound", err)
		}
	})

	t.Run("plans list by year", func(t *testing.T) {
		s := open(t, f)
		a := create(t, s, plan())
		other := plan()
		other.Year = 2028
		b := create(t, s, other)
		view(t, s, func(tx coord.Tx) error {
			ps, err := tx.Inspections(ctx, 2027)
			if err != nil || len(ps) != 1 || ps[0].ID != a.ID {
				t.Errorf("2027: %+v, %v", ps, err)
			}
			all, err := tx.Inspections(ctx, 0)
			if err != nil || len(all) != 2 || all[1].ID != b.ID {
				t.Errorf("all: %+v, %v", all, err)
			}
			none, err := tx.Inspections(ctx, 2030)
			if err != nil || len(none) != 0 {
				t.Errorf("2030: %+v, %v", none, err)
			}
			return nil
		})
	})

	t.Run("events keep the history in order, with targets and files", func(t *testing.T) {
		s := open(t, f)
		p := create(t, s, plan())
		update(t, s, func(tx coord.Tx) error {
			for _, e := range []coord.InspectionEvent{
				{InspectionID: p.ID, At: t0, Actor: 5001, ActorAgency: agencyA, Action: coord.InspActCreate},
				{InspectionID: p.ID, Target: 2, At: t0.Add(time.Hour), Actor: 5001, ActorAgency: agencyA, Action: coord.InspActPostpone, Text: "20/03/2027 → 27/03/2027: mưa bão"},
				{InspectionID: p.ID, Target: 2, At: t0.Add(2 * time.Hour), Actor: 5001, ActorAgency: agencyA, Action: coord.InspActResult, Files: []coord.FileRef{{FileID: "m"}}},
			} {
				if err := tx.AddInspectionEvent(ctx, &e); err != nil || e.ID <= 0 {
					t.Errorf("add event: id %d, %v", e.ID, err)
				}
			}
			return nil
		})
		view(t, s, func(tx coord.Tx) error {
			es, err := tx.InspectionEvents(ctx, p.ID)
			if err != nil || len(es) != 3 {
				t.Fatalf("events %+v, %v", es, err)
			}
			if es[1].Action != coord.InspActPostpone || es[1].Target != 2 || es[1].Text == "" || len(es[2].Files) != 1 || es[0].Actor != 5001 {
				t.Errorf("events %+v", es)
			}
			return nil
		})
	})
}

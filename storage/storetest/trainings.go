package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// training is a planned activity organised by agencyC with agencyB as
// co-organiser, on day.
func training(day coord.Date) coord.Training {
	return coord.Training{Title: "Tập huấn pháp luật lao động cho doanh nghiệp KCN", Day: day, Organiser: agencyC,
		CoOrganisers: []coord.InspectionMember{{Agency: agencyB}}, Audiences: []coord.Audience{coord.AudEmployers, coord.AudForeignWorkers},
		Attendees: 80, Materials: []coord.FileRef{{FileID: "tl", Name: "tai-lieu.pdf"}}, State: coord.TrainingPlanned,
		CreatedBy: 5002, ChatID: -5002, CreatedAt: t0}
}

// Trainings checks coord.Trainings: numbering, reading back whole, the
// guarded save, and listing by day within a closed range.
func Trainings(t *testing.T, f Factory) {
	ctx := context.Background()
	day := func(m time.Month, d int) coord.Date { return coord.Date{Year: 2027, Month: m, Day: d} }
	create := func(t *testing.T, s coord.Store, tr coord.Training) coord.Training {
		t.Helper()
		update(t, s, func(tx coord.Tx) error { return tx.CreateTraining(ctx, &tr) })
		return tr
	}
	get := func(t *testing.T, s coord.Store, id int64) coord.Training {
		t.Helper()
		var tr coord.Training
		view(t, s, func(tx coord.Tx) (err error) {
			tr, err = tx.Training(ctx, id)
			return err
		})
		return tr
	}

	t.Run("activities get increasing numbers and read back whole", func(t *testing.T) {
		s := open(t, f)
		a := create(t, s, training(day(time.April, 2)))
		b := create(t, s, training(day(time.April, 9)))
		if a.ID <= 0 || a.ID >= b.ID || a.Version != 1 {
			t.Fatalf("numbers %d, %d version %d; want positive, increasing, version 1", a.ID, b.ID, a.Version)
		}
		got := get(t, s, a.ID)
		sameTime(t, "CreatedAt", got.CreatedAt, a.CreatedAt)
		if !got.HeldAt.IsZero() {
			t.Errorf("a planned activity has HeldAt %v", got.HeldAt)
		}
		if got.Title != a.Title || got.Day != day(time.April, 2) || got.Organiser != agencyC || got.State != coord.TrainingPlanned ||
			got.Attendees != 80 || got.ChatID != -5002 || got.CreatedBy != 5002 || got.Reason != "" {
			t.Errorf("training = %+v", got)
		}
		if len(got.CoOrganisers) != 1 || got.CoOrganisers[0].Agency != agencyB || len(got.Audiences) != 2 ||
			got.Audiences[1] != coord.AudForeignWorkers || len(got.Materials) != 1 || got.Materials[0].Name != "tai-lieu.pdf" {
			t.Errorf("co-organisers %+v audiences %+v materials %+v", got.CoOrganisers, got.Audiences, got.Materials)
		}
	})

	t.Run("an activity without co-organisers or materials reads back with none", func(t *testing.T) {
		s := open(t, f)
		tr := training(day(time.May, 5))
		tr.CoOrganisers, tr.Materials, tr.State, tr.HeldAt = nil, nil, coord.TrainingHeld, t0
		tr = create(t, s, tr)
		got := get(t, s, tr.ID)
		sameTime(t, "HeldAt", got.HeldAt, t0)
		if got.CoOrganisers != nil || got.Materials != nil || got.State != coord.TrainingHeld {
			t.Errorf("training = %+v", got)
		}
	})

	t.Run("an unknown number is not found, a bad state is refused", func(t *testing.T) {
		s := open(t, f)
		view(t, s, func(tx coord.Tx) error {
			if _, err := tx.Training(ctx, 99); coord.ErrorCode(err) != coord.ENotFound {
				t.Errorf("err = %v, want ENotFound", err)
			}
			return nil
		})
		bad := training(day(time.April, 2))
		bad.State = "done"
		err := s.Update(ctx, func(tx coord.Tx) error { return tx.CreateTraining(ctx, &bad) })
		if coord.ErrorCode(err) != coord.EInvalid {
			t.Errorf("bad state err = %v, want EInvalid", err)
		}
	})

	t.Run("a save keeps answers, attendance and materials, and a stale save is a conflict", func(t *testing.T) {
		s := open(t, f)
		tr := create(t, s, training(day(time.April, 2)))
		stale := tr
		stale.CoOrganisers = append([]coord.InspectionMember(nil), tr.CoOrganisers...)
		tr.CoOrganisers[0] = coord.InspectionMember{Agency: agencyB, Answer: coord.AnswerJoin, By: 7, At: t0}
		tr.State, tr.Attendees, tr.HeldAt = coord.TrainingHeld, 112, t0.Add(time.Hour)
		tr.Materials = append(tr.Materials, coord.FileRef{FileID: "anh", Photo: true})
		update(t, s, func(tx coord.Tx) error { return tx.SaveTraining(ctx, &tr, t0.Add(time.Hour)) })
		if tr.Version != 2 {
			t.Errorf("version after save = %d, want 2", tr.Version)
		}
		got := get(t, s, tr.ID)
		sameTime(t, "HeldAt", got.HeldAt, tr.HeldAt)
		sameTime(t, "UpdatedAt", got.UpdatedAt, t0.Add(time.Hour))
		if got.State != coord.TrainingHeld || got.Attendees != 112 || got.CoOrganisers[0].Answer != coord.AnswerJoin ||
			len(got.Materials) != 2 || !got.Materials[1].Photo || got.Version != 2 {
			t.Errorf("after save %+v", got)
		}
		err := s.Update(ctx, func(tx coord.Tx) error { return tx.SaveTraining(ctx, &stale, t0.Add(2*time.Hour)) })
		if coord.ErrorCode(err) != coord.EConflict {
			t.Errorf("stale save err = %v, want EConflict", err)
		}
		missing := training(day(time.April, 2))
		missing.ID, missing.Version = 99, 1
		err = s.Update(ctx, func(tx coord.Tx) error { return tx.SaveTraining(ctx, &missing, t0) })
		if coord.ErrorCode(err) != coord.ENotFound {
			t.Errorf("save of unknown training err = %v, want ENotFound", err)
		}
	})

	t.Run("activities list by day within the closed range", func(t *testing.T) {
		s := open(t, f)
		late := create(t, s, training(day(time.April, 30)))
		early := create(t, s, training(day(time.April, 1)))
		second := create(t, s, training(day(time.April, 1)))
		create(t, s, training(day(time.March, 31)))
		create(t, s, training(day(time.May, 1)))
		var got []coord.Training
		view(t, s, func(tx coord.Tx) (err error) {
			got, err = tx.TrainingsBetween(ctx, day(time.April, 1), day(time.April, 30))
			return err
		})
		if len(got) != 3 || got[0].ID != early.ID || got[1].ID != second.ID || got[2].ID != late.ID {
			t.Errorf("listed %d activities (%+v); want #%d, #%d then #%d", len(got), got, early.ID, second.ID, late.ID)
		}
	})
}

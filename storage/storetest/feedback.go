package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// feedback is an open item from agencyB, with a file, received at.
func feedback(at time.Time) coord.Feedback {
	return coord.Feedback{Agency: agencyB, Subject: "Vướng mắc xác minh lý lịch", Text: "Chưa có hướng dẫn\nđối với người có hai quốc tịch",
		Files: []coord.FileRef{{FileID: "fb", Name: "cong-van.pdf"}}, State: coord.FeedbackOpen, CreatedBy: 6001, ChatID: -6001, CreatedAt: at}
}

// Feedbacks checks coord.Feedbacks: numbering, reading back whole, the
// guarded save, listing by the day received and the open ones.
func Feedbacks(t *testing.T, f Factory) {
	ctx := context.Background()
	create := func(t *testing.T, s coord.Store, fb coord.Feedback) coord.Feedback {
		t.Helper()
		update(t, s, func(tx coord.Tx) error { return tx.CreateFeedback(ctx, &fb) })
		return fb
	}
	get := func(t *testing.T, s coord.Store, id int64) coord.Feedback {
		t.Helper()
		var fb coord.Feedback
		view(t, s, func(tx coord.Tx) (err error) {
			fb, err = tx.Feedback(ctx, id)
			return err
		})
		return fb
	}

	t.Run("items get increasing numbers and read back whole", func(t *testing.T) {
		s := open(t, f)
		a := create(t, s, feedback(t0))
		b := create(t, s, feedback(t0.Add(time.Hour)))
		if a.ID <= 0 || a.ID >= b.ID || a.Version != 1 {
			t.Fatalf("numbers %d, %d version %d; want positive, increasing, version 1", a.ID, b.ID, a.Version)
		}
		got := get(t, s, a.ID)
		sameTime(t, "CreatedAt", got.CreatedAt, t0)
		sameTime(t, "UpdatedAt", got.UpdatedAt, t0)
		if !got.RespondedAt.IsZero() || got.RespondedBy != 0 || got.Response != "" || got.ResponseFiles != nil {
			t.Errorf("an open item has a response: %+v", got)
		}
		if got.Agency != agencyB || got.Subject != a.Subject || got.Text != a.Text || got.State != coord.FeedbackOpen ||
			got.CreatedBy != 6001 || got.ChatID != -6001 || len(got.Files) != 1 || got.Files[0].Name != "cong-van.pdf" {
			t.Errorf("item = %+v", got)
		}
	})

	t.Run("an unknown number is not found", func(t *testing.T) {
		s := open(t, f)
		view(t, s, func(tx coord.Tx) error {
			_, err := tx.Feedback(ctx, 99)
			wantNotFound(t, "Feedback(99)", err)
			return nil
		})
	})

	t.Run("an unknown state is refused", func(t *testing.T) {
		s := open(t, f)
		bad := feedback(t0)
		bad.State = "lost"
		err := s.Update(ctx, func(tx coord.Tx) error { return tx.CreateFeedback(ctx, &bad) })
		wantCode(t, "create with state lost", err, coord.EInvalid)
	})

	t.Run("a save keeps the response, and a stale save is a conflict", func(t *testing.T) {
		s := open(t, f)
		fb := create(t, s, feedback(t0))
		stale := fb
		fb.State, fb.Response, fb.RespondedBy, fb.RespondedAt = coord.FeedbackAnswered, "Đã có Công văn 123 hướng dẫn", 7001, t0.Add(time.Hour)
		fb.ResponseFiles = []coord.FileRef{{FileID: "ans", Name: "huong-dan.pdf"}}
		update(t, s, func(tx coord.Tx) error { return tx.SaveFeedback(ctx, &fb, t0.Add(time.Hour)) })
		if fb.Version != 2 {
			t.Errorf("version after save = %d, want 2", fb.Version)
		}
		got := get(t, s, fb.ID)
		sameTime(t, "RespondedAt", got.RespondedAt, t0.Add(time.Hour))
		sameTime(t, "UpdatedAt", got.UpdatedAt, t0.Add(time.Hour))
		if got.State != coord.FeedbackAnswered || got.Response != fb.Response || got.RespondedBy != 7001 ||
			len(got.ResponseFiles) != 1 || got.ResponseFiles[0].FileID != "ans" || len(got.Files) != 1 || got.Version != 2 {
			t.Errorf("after save %+v", got)
		}
		err := s.Update(ctx, func(tx coord.Tx) error { return tx.SaveFeedback(ctx, &stale, t0.Add(2*time.Hour)) })
		wantCode(t, "stale save", err, coord.EConflict)
		missing := coord.Feedback{ID: 99, Version: 1, State: coord.FeedbackOpen}
		err = s.Update(ctx, func(tx coord.Tx) error { return tx.SaveFeedback(ctx, &missing, t0) })
		wantNotFound(t, "save of an unknown item", err)
	})

	t.Run("items list by the time received, and the open ones by number", func(t *testing.T) {
		s := open(t, f)
		before := create(t, s, feedback(t0.Add(-48*time.Hour)))
		first := create(t, s, feedback(t0))
		second := create(t, s, feedback(t0.Add(24*time.Hour)))
		create(t, s, feedback(t0.Add(7*24*time.Hour))) // at the window's end: out
		second.State, second.Response, second.RespondedAt = coord.FeedbackCompiled, "Đưa vào báo cáo 6 tháng", t0.Add(25*time.Hour)
		update(t, s, func(tx coord.Tx) error { return tx.SaveFeedback(ctx, &second, t0.Add(25*time.Hour)) })
		var between, open []coord.Feedback
		view(t, s, func(tx coord.Tx) (err error) {
			if between, err = tx.FeedbacksBetween(ctx, t0, t0.Add(7*24*time.Hour)); err != nil {
				return err
			}
			open, err = tx.OpenFeedbacks(ctx)
			return err
		})
		if len(between) != 2 || between[0].ID != first.ID || between[1].ID != second.ID || between[1].State != coord.FeedbackCompiled {
			t.Errorf("between: %+v; want #%d then #%d (compiled)", between, first.ID, second.ID)
		}
		if len(open) != 3 || open[0].ID != before.ID || open[1].ID != first.ID || open[2].ID == second.ID {
			t.Errorf("open: %+v; want three, by number, without #%d", open, second.ID)
		}
	})
}

package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// meeting is a scheduled meeting chaired by agencyA with two invitees.
func meeting(start time.Time) coord.Meeting {
	return coord.Meeting{Title: "Họp liên ngành quý I", Start: start, Place: "Phòng họp tầng 3", Agenda: "Rà soát tình hình",
		AgendaFiles: []coord.FileRef{{FileID: "ag", Name: "chuong-trinh.pdf"}}, Chair: agencyA,
		Invitees: []coord.InspectionMember{{Agency: agencyB}, {Agency: agencyC}}, State: coord.MeetingScheduled,
		CreatedBy: 5001, ChatID: 5001, CreatedAt: t0}
}

// Meetings checks coord.Meetings: numbering, reading back whole, the
// guarded save, and listing by start.
func Meetings(t *testing.T, f Factory) {
	ctx := context.Background()
	create := func(t *testing.T, s coord.Store, m coord.Meeting) coord.Meeting {
		t.Helper()
		update(t, s, func(tx coord.Tx) error { return tx.CreateMeeting(ctx, &m) })
		return m
	}
	get := func(t *testing.T, s coord.Store, id int64) coord.Meeting {
		t.Helper()
		var m coord.Meeting
		view(t, s, func(tx coord.Tx) (err error) {
			m, err = tx.Meeting(ctx, id)
			return err
		})
		return m
	}

	t.Run("meetings get increasing numbers and read back whole", func(t *testing.T) {
		s := open(t, f)
		a := create(t, s, meeting(t0.Add(48*time.Hour)))
		b := create(t, s, meeting(t0.Add(72*time.Hour)))
		if a.ID <= 0 || a.ID >= b.ID || a.Version != 1 {
			t.Fatalf("numbers %d, %d version %d; want positive, increasing, version 1", a.ID, b.ID, a.Version)
		}
		got := get(t, s, a.ID)
		sameTime(t, "Start", got.Start, a.Start)
		sameTime(t, "CreatedAt", got.CreatedAt, a.CreatedAt)
		if !got.MovedAt.IsZero() {
			t.Errorf("a meeting never moved has MovedAt %v", got.MovedAt)
		}
		if got.Title != a.Title || got.Chair != agencyA || got.State != coord.MeetingScheduled || got.Place != a.Place ||
			got.Agenda != a.Agenda || got.ChatID != 5001 || got.CreatedBy != 5001 {
			t.Errorf("meeting = %+v", got)
		}
		if len(got.Invitees) != 2 || got.Invitees[1].Agency != agencyC || len(got.AgendaFiles) != 1 || got.AgendaFiles[0].Name != "chuong-trinh.pdf" ||
			got.Minutes != nil || got.Conclusions != nil {
			t.Errorf("invitees %+v agenda files %+v minutes %+v conclusions %+v", got.Invitees, got.AgendaFiles, got.Minutes, got.Conclusions)
		}
	})

	t.Run("an unknown number is not found", func(t *testing.T) {
		s := open(t, f)
		view(t, s, func(tx coord.Tx) error {
			if _, err := tx.Meeting(ctx, 99); coord.ErrorCode(err) != coord.ENotFound {
				t.Errorf("err = %v, want ENotFound", err)
			}
			return nil
		})
	})

	t.Run("a save keeps answers, minutes and conclusions, and a stale save is a conflict", func(t *testing.T) {
		s := open(t, f)
		m := create(t, s, meeting(t0.Add(48*time.Hour)))
		stale := m
		m.Invitees[0] = coord.InspectionMember{Agency: agencyB, Answer: coord.AnswerJoin, Text: "Trần Văn B", By: 7, At: t0}
		m.Invitees[1] = coord.InspectionMember{Agency: agencyC, Answer: coord.AnswerDecline, Text: "Trùng lịch", By: 8, At: t0}
		m.Start, m.Moves, m.MovedAt = t0.Add(96*time.Hour), 1, t0.Add(time.Hour)
		m.State = coord.MeetingHeld
		m.Minutes = []coord.FileRef{{FileID: "mm", Name: "bien-ban.pdf"}}
		m.Conclusions = []coord.Conclusion{{Agency: agencyB, Due: coord.Date{Year: 2027, Month: time.April, Day: 1}, Text: "Rà soát", Request: 12}}
		update(t, s, func(tx coord.Tx) error { return tx.SaveMeeting(ctx, &m, t0.Add(time.Hour)) })
		if m.Version != 2 {
			t.Errorf("version after save = %d, want 2", m.Version)
		}
		got := get(t, s, m.ID)
		sameTime(t, "moved Start", got.Start, m.Start)
		sameTime(t, "MovedAt", got.MovedAt, m.MovedAt)
		if got.State != coord.MeetingHeld || got.Moves != 1 || got.Invitees[0].Text != "Trần Văn B" || got.Invitees[1].Answer != coord.AnswerDecline ||
			len(got.Minutes) != 1 || len(got.Conclusions) != 1 || got.Conclusions[0].Request != 12 ||
			got.Conclusions[0].Due != (coord.Date{Year: 2027, Month: time.April, Day: 1}) || got.Version != 2 {
			t.Errorf("after save %+v", got)
		}
		err := s.Update(ctx, func(tx coord.Tx) error { return tx.SaveMeeting(ctx, &stale, t0.Add(2*time.Hour)) })
		if coord.ErrorCode(err) != coord.EConflict {
			t.Errorf("stale save err = %v, want EConflict", err)
		}
		missing := coord.Meeting{ID: 99, Version: 1, State: coord.MeetingScheduled}
		err = s.Update(ctx, func(tx coord.Tx) error { return tx.SaveMeeting(ctx, &missing, t0) })
		if coord.ErrorCode(err) != coord.ENotFound {
			t.Errorf("save of unknown meeting err = %v, want ENotFound", err)
		}
	})

	t.Run("meetings list by start within the window", func(t *testing.T) {
		s := open(t, f)
		late := create(t, s, meeting(t0.Add(72*time.Hour)))
		early := create(t, s, meeting(t0.Add(24*time.Hour)))
		create(t, s, meeting(t0.Add(30*24*time.Hour)))
		var got []coord.Meeting
		view(t, s, func(tx coord.Tx) (err error) {
			got, err = tx.MeetingsBetween(ctx, t0.Add(24*time.Hour), t0.Add(7*24*time.Hour))
			return err
		})
		if len(got) != 2 || got[0].ID != early.ID || got[1].ID != late.ID {
			t.Errorf("listed %d meetings (%+v); want #%d then #%d", len(got), got, early.ID, late.ID)
		}
	})
}

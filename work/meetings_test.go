package work_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/work"
)

// meet has lan (ldtbxh) call a meeting on Tuesday 09/03/2027 10:00
// inviting the police and congthuong.
func (w *world) meet(in work.NewMeeting) (work.MeetingOut, error) {
	var res work.MeetingOut
	err := w.db.Update(context.Background(), func(tx coord.Tx) (err error) {
		res, err = w.s.CreateMeeting(context.Background(), tx, lan, w.now, in)
		return err
	})
	return res, err
}

func sampleMeeting(w *world) work.NewMeeting {
	return work.NewMeeting{Title: "Họp liên ngành quý I", Start: time.Date(2027, 3, 9, 10, 0, 0, 0, w.now.Location()),
		Place: "Phòng họp tầng 3", Invitees: []string{"congan", "congthuong"}}
}

func TestCreateMeeting(t *testing.T) {
	t.Run("the invited get a card with two answers for their own agency", func(t *testing.T) {
		w := newWorld(t)
		res, err := w.meet(sampleMeeting(w))
		if err != nil {
			t.Fatal(err)
		}
		if res.Meeting.ID != 1 || res.Meeting.Chair != "ldtbxh" || len(res.Meeting.Invitees) != 2 {
			t.Fatalf("meeting %+v", res.Meeting)
		}
		var card *coord.OutMessage
		for i, m := range res.Messages {
			if m.ChatID == policeGroup {
				card = &res.Messages[i]
			}
		}
		if card == nil || !strings.Contains(card.Text, "10:00 thứ Ba, 09/03/2027") {
			t.Fatalf("no invitation to the police group: %+v", res.Messages)
		}
		if d := card.Buttons[0][1].Data; d != "mtg:d:1:congan" {
			t.Errorf("decline data %q", d)
		}
		if res.Reached["congthuong"] != 0 || res.Reached["congan"] != 1 {
			t.Errorf("reached %v: congthuong has no group and no officer", res.Reached)
		}
	})
	t.Run("refusals", func(t *testing.T) {
		w := newWorld(t)
		past := sampleMeeting(w)
		past.Start = w.now.Add(-time.Hour)
		_, err := w.meet(past)
		refusedWith(t, err, "sau bây giờ")
		other := sampleMeeting(w)
		other.Chair = "congan"
		_, err = w.meet(other)
		refusedWith(t, err, "chủ trì cuộc họp mình mời")
		self := sampleMeeting(w)
		self.Invitees = []string{"ldtbxh"}
		_, err = w.meet(self)
		refusedWith(t, err, "ít nhất một cơ quan khác")
		unknown := sampleMeeting(w)
		unknown.Invitees = []string{"congan", "ubnd-tinh"}
		_, err = w.meet(unknown)
		refusedWith(t, err, "Không có cơ quan")
	})
	t.Run("all invites every agency but the chair", func(t *testing.T) {
		w := newWorld(t)
		in := sampleMeeting(w)
		in.Invitees, in.All = nil, true
		res, err := w.meet(in)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range res.Meeting.Invitees {
			if v.Agency == "ldtbxh" || v.Agency == coord.CoordGroup || v.Agency == "ubnd-tinh" {
				t.Errorf("%s invited", v.Agency)
			}
		}
		if len(res.Meeting.Invitees) < 10 {
			t.Errorf("only %d invited", len(res.Meeting.Invitees))
		}
	})
}

func TestMeetingReminders(t *testing.T) {
	w := newWorld(t)
	loc := w.now.Location()
	day := func(m time.Month, d, h, min int) time.Time { return time.Date(2027, m, d, h, min, 0, 0, loc) }
	// Tuesday 04/05/2027: Monday 03/05 is the nghỉ bù of 01/05, so the
	// working day before is Thursday 29/04 (30/04 is a holiday too), and
	// two working days before is Wednesday 28/04.
	m := coord.Meeting{Start: day(time.May, 4, 10, 0), CreatedAt: day(time.April, 20, 9, 0)}
	got := w.s.MeetingReminders(m, 8, 0)
	want := []work.MeetingReminder{
		{Kind: work.MeetRemindUnanswered, At: day(time.April, 28, 8, 0)},
		{Kind: work.MeetRemindDayBefore, At: day(time.April, 29, 8, 0)},
		{Kind: work.MeetRemindHour, At: day(time.May, 4, 9, 0)},
	}
	if len(got) != len(want) {
		t.Fatalf("reminders %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Kind != want[i].Kind || !got[i].At.Equal(want[i].At) {
			t.Errorf("reminder %d = %s at %v, want %s at %v", i, got[i].Kind, got[i].At, want[i].Kind, want[i].At)
		}
	}
	// Called on 29/04 at 10:00, or moved then: only the hour reminder is
	// still ahead; the ones due before are not sent late.
	m.CreatedAt = day(time.April, 29, 10, 0)
	if got := w.s.MeetingReminders(m, 8, 0); len(got) != 1 || got[0].Kind != work.MeetRemindHour {
		t.Errorf("called after the day-before reminder: %+v, want the hour reminder only", got)
	}
	m.CreatedAt, m.MovedAt = day(time.April, 1, 9, 0), day(time.April, 28, 9, 0)
	if got := w.s.MeetingReminders(m, 8, 0); len(got) != 2 || got[0].Kind != work.MeetRemindDayBefore {
		t.Errorf("moved on 28/04 at 09:00: %+v, want the day-before and hour reminders", got)
	}
}

func TestMeetingLifecycle(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	res, err := w.meet(sampleMeeting(w))
	if err != nil {
		t.Fatal(err)
	}
	id := res.Meeting.ID
	do := func(fn func(tx coord.Tx) (work.MeetingOut, error)) (work.MeetingOut, error) {
		var out work.MeetingOut
		err := w.db.Update(ctx, func(tx coord.Tx) (err error) {
			out, err = fn(tx)
			return err
		})
		return out, err
	}
	// An agency that was not invited cannot answer; the police can, and
	// the chair (lan, in private) is told.
	_, err = do(func(tx coord.Tx) (work.MeetingOut, error) {
		return w.s.AnswerMeeting(ctx, tx, work.Actor{ID: 9, Agency: "yte", Lang: coord.LangVI}, w.now, id, coord.AnswerJoin, "")
	})
	refusedWith(t, err, "không mời")
	_, err = do(func(tx coord.Tx) (work.MeetingOut, error) {
		return w.s.AnswerMeeting(ctx, tx, hung, w.now, id, coord.AnswerDecline, "  ")
	})
	refusedWith(t, err, "phải nêu lý do")
	out, err := do(func(tx coord.Tx) (work.MeetingOut, error) {
		return w.s.AnswerMeeting(ctx, tx, hung, w.now, id, coord.AnswerJoin, "Đại úy Hùng")
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Messages) != 1 || out.Messages[0].ChatID != lan.ID || !strings.Contains(out.Messages[0].Text, "Đại úy Hùng") {
		t.Errorf("the chair was not told: %+v", out.Messages)
	}
	// Only the chair posts the minutes, and only after the start.
	_, err = do(func(tx coord.Tx) (work.MeetingOut, error) {
		return w.s.PostMinutes(ctx, tx, lan, w.now, id, work.Minutes{Files: []coord.FileRef{{FileID: "M"}}})
	})
	refusedWith(t, err, "chưa diễn ra")
	after := time.Date(2027, 3, 9, 15, 0, 0, 0, w.now.Location())
	_, err = do(func(tx coord.Tx) (work.MeetingOut, error) {
		return w.s.PostMinutes(ctx, tx, hung, after, id, work.Minutes{Files: []coord.FileRef{{FileID: "M"}}})
	})
	refusedWith(t, err, "cơ quan chủ trì")
	_, err = do(func(tx coord.Tx) (work.MeetingOut, error) {
		return w.s.PostMinutes(ctx, tx, lan, after, id, work.Minutes{Files: []coord.FileRef{{FileID: "M"}},
			Conclusions: []coord.Conclusion{{Agency: "ldtbxh", Due: coord.Date{Year: 2027, Month: 3, Day: 20}, Text: "Tổng hợp"}}})
	})
	refusedWith(t, err, "chính cơ quan chủ trì")
	out, err = do(func(tx coord.Tx) (work.MeetingOut, error) {
		return w.s.PostMinutes(ctx, tx, lan, after, id, work.Minutes{Files: []coord.FileRef{{FileID: "M", Name: "bb.pdf"}},
			Conclusions: []coord.Conclusion{{Agency: "congan", Due: coord.Date{Year: 2027, Month: 3, Day: 20}, Text: "Rà soát tạm trú"}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Requests) != 1 {
		t.Fatalf("requests %+v", out.Requests)
	}
	r := out.Requests[0].Request
	if r.Type != coord.ReqConclusion || r.From != "ldtbxh" || r.To != "congan" || r.Due != (coord.Date{Year: 2027, Month: 3, Day: 20}) ||
		!strings.Contains(r.Subject, "Rà soát tạm trú") {
		t.Errorf("conclusion request %+v", r)
	}
	if out.Meeting.State != coord.MeetingHeld || out.Meeting.Conclusions[0].Request != r.ID {
		t.Errorf("meeting after minutes %+v", out.Meeting)
	}
	// Once held, it cannot be moved or cancelled.
	_, err = do(func(tx coord.Tx) (work.MeetingOut, error) {
		return w.s.CancelMeeting(ctx, tx, lan, after, id, "thôi")
	})
	refusedWith(t, err, "đã diễn ra")
}

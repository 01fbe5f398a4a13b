package work_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/work"
)

// train runs fn in one transaction of w's store.
func (w *world) train(fn func(tx coord.Tx) (work.TrainingOut, error)) (work.TrainingOut, error) {
	var out work.TrainingOut
	err := w.db.Update(context.Background(), func(tx coord.Tx) (err error) {
		out, err = fn(tx)
		return err
	})
	return out, err
}

func (w *world) record(a work.Actor, now time.Time, in work.NewTraining) (work.TrainingOut, error) {
	return w.train(func(tx coord.Tx) (work.TrainingOut, error) {
		return w.s.CreateTraining(context.Background(), tx, a, now, in)
	})
}

func day(m time.Month, d int) coord.Date { return coord.Date{Year: 2027, Month: m, Day: d} }

// heldTraining is one lan (ldtbxh) held on Thursday 25/02/2027 with the
// police as co-organiser and a file of materials.
func heldTraining() work.NewTraining {
	return work.NewTraining{Day: day(time.February, 25), Title: "Phổ biến Nghị định 219/2025 cho doanh nghiệp",
		Audiences: []coord.Audience{coord.AudEmployers, coord.AudForeignWorkers}, Attendees: 120,
		CoOrganisers: []string{"congan"}, Files: []coord.FileRef{{FileID: "TL", Name: "tai-lieu.pdf"}}}
}

func TestCreateTraining(t *testing.T) {
	t.Run("a past day is held, and the co-organiser's group gets the materials and two answers", func(t *testing.T) {
		w := newWorld(t)
		res, err := w.record(lan, w.now, heldTraining())
		if err != nil {
			t.Fatal(err)
		}
		tr := res.Training
		if tr.ID != 1 || tr.State != coord.TrainingHeld || tr.Organiser != "ldtbxh" || tr.Attendees != 120 || !tr.HeldAt.Equal(w.now) {
			t.Fatalf("training %+v", tr)
		}
		if len(res.Messages) != 2 || res.Messages[0].Kind != coord.OutFiles || res.Messages[0].ChatID != policeGroup {
			t.Fatalf("messages %+v, want the materials then the card to the police group", res.Messages)
		}
		card := res.Messages[1]
		for _, want := range []string{"T-1", "thứ Năm, 25/02/2027", "doanh nghiệp, người lao động nước ngoài", "Số người tham dự: 120", "mời cơ quan phối hợp"} {
			if !strings.Contains(card.Text, want) {
				t.Errorf("card lacks %q:\n%s", want, card.Text)
			}
		}
		if b := card.Buttons[0]; b[0].Data != "trn:j:1" || b[1].Data != "trn:d:1" || b[0].Text != "Tham gia" || b[1].Text != "Không tham gia" {
			t.Errorf("buttons %+v", b)
		}
		if res.Reached["congan"] != 1 {
			t.Errorf("reached %v", res.Reached)
		}
	})
	t.Run("a day ahead is planned, and needs no attendance", func(t *testing.T) {
		w := newWorld(t)
		in := heldTraining()
		in.Day, in.Attendees = day(time.May, 4), 0
		res, err := w.record(lan, w.now, in)
		if err != nil {
			t.Fatal(err)
		}
		if res.Training.State != coord.TrainingPlanned || !res.Training.HeldAt.IsZero() || !res.Training.Planned(w.now.Location()) {
			t.Errorf("training %+v", res.Training)
		}
	})
	t.Run("refusals", func(t *testing.T) {
		w := newWorld(t)
		noAudience := heldTraining()
		noAudience.Audiences = nil
		_, err := w.record(lan, w.now, noAudience)
		refusedWith(t, err, "đối tượng")
		uncounted := heldTraining()
		uncounted.Attendees = 0
		_, err = w.record(lan, w.now, uncounted)
		refusedWith(t, err, "Số người: 120")
		unknown := heldTraining()
		unknown.CoOrganisers = []string{"congan", "ubnd-tinh"}
		_, err = w.record(lan, w.now, unknown)
		refusedWith(t, err, "Không có cơ quan «ubnd-tinh»")
		other := heldTraining()
		other.Organiser = "bqlkcn"
		_, err = w.record(hung, w.now, other)
		refusedWith(t, err, "tổ chức các hoạt động mình ghi nhận")
		far := heldTraining()
		far.Day = day(time.December, 31).AddDays(100)
		_, err = w.record(lan, w.now, far)
		refusedWith(t, err, "quá xa")
		untitled := heldTraining()
		untitled.Title = "  "
		_, err = w.record(lan, w.now, untitled)
		refusedWith(t, err, "Cú pháp")
	})
	t.Run("the coordinator gives another agency an item of the plan", func(t *testing.T) {
		w := newWorld(t)
		in := heldTraining()
		in.Day, in.Organiser, in.CoOrganisers, in.Files = day(time.April, 8), "congan", nil, nil
		res, err := w.record(lan, w.now, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Messages) != 1 || res.Messages[0].ChatID != policeGroup || !strings.Contains(res.Messages[0].Text, "giao cơ quan bạn tổ chức") {
			t.Fatalf("the organiser was not told: %+v", res.Messages)
		}
		// lan planned it but does not organise it: marking it held is the
		// police's.
		after := time.Date(2027, 4, 8, 16, 0, 0, 0, w.now.Location())
		_, err = w.train(func(tx coord.Tx) (work.TrainingOut, error) {
			return w.s.MarkTrainingHeld(context.Background(), tx, lan, after, 1, 50, nil)
		})
		refusedWith(t, err, "cơ quan tổ chức")
		if _, err = w.train(func(tx coord.Tx) (work.TrainingOut, error) {
			return w.s.MarkTrainingHeld(context.Background(), tx, hung, after, 1, 50, nil)
		}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestTrainingAnswers(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	if _, err := w.record(lan, w.now, heldTraining()); err != nil {
		t.Fatal(err)
	}
	answer := func(a work.Actor, ans coord.MemberAnswer, reason string) (work.TrainingOut, error) {
		return w.train(func(tx coord.Tx) (work.TrainingOut, error) {
			return w.s.AnswerTraining(ctx, tx, a, w.now, 1, ans, reason)
		})
	}
	_, err := answer(mai, coord.AnswerJoin, "")
	refusedWith(t, err, "không mời")
	_, err = answer(hung, coord.AnswerDecline, " ")
	refusedWith(t, err, "phải nêu lý do")
	out, err := answer(hung, coord.AnswerDecline, "Trùng lịch tuần tra")
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Messages) != 1 || out.Messages[0].ChatID != lan.ID || !strings.Contains(out.Messages[0].Text, "không tham gia — lý do: Trùng lịch tuần tra") {
		t.Errorf("the organiser was not told: %+v", out.Messages)
	}
	// The answer may change; a join keeps no reason.
	out, err = answer(hung, coord.AnswerJoin, "bỏ qua")
	if err != nil {
		t.Fatal(err)
	}
	if v := out.Training.CoOrganisers[0]; v.Answer != coord.AnswerJoin || v.Text != "" || v.By != hung.ID {
		t.Errorf("answer %+v", v)
	}
	var counts []struct{ held, attendees, co int }
	w.update(func(tx coord.Tx) error {
		cs, err := w.s.TrainingCounts(ctx, tx, day(time.January, 1), day(time.December, 31))
		for _, c := range cs {
			counts = append(counts, struct{ held, attendees, co int }{c.Held, c.Attendees, c.CoOrganised})
		}
		return err
	})
	if len(counts) != 2 || counts[0] != (struct{ held, attendees, co int }{1, 120, 0}) || counts[1] != (struct{ held, attendees, co int }{0, 0, 1}) {
		t.Errorf("counts %+v, want ldtbxh 1 held with 120, then congan co-organising 1", counts)
	}
}

func TestTrainingPlannedLifecycle(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	loc := w.now.Location()
	in := heldTraining()
	in.Day, in.Attendees, in.Title = day(time.May, 4), 0, "Tập huấn cán bộ cấp xã"
	res, err := w.record(lan, w.now, in)
	if err != nil {
		t.Fatal(err)
	}
	tr := res.Training
	// Tuesday 04/05/2027: 03/05 is the nghỉ bù of 01/05 and 30/04 a
	// holiday, so the working day before is Thursday 29/04; the day after
	// is Wednesday 05/05.
	got := w.s.TrainingReminders(tr, 8, 0)
	if len(got) != 2 || got[0].Kind != work.TrainRemindBefore || !got[0].At.Equal(time.Date(2027, 4, 29, 8, 0, 0, 0, loc)) ||
		got[1].Kind != work.TrainRemindAfter || got[1].Day != day(time.May, 5) {
		t.Fatalf("reminders %+v", got)
	}
	late := tr
	late.CreatedAt = time.Date(2027, 4, 30, 9, 0, 0, 0, loc)
	if got := w.s.TrainingReminders(late, 8, 0); len(got) != 1 || got[0].Kind != work.TrainRemindAfter {
		t.Errorf("recorded after the day-before reminder: %+v, want the one after only", got)
	}
	remind := func(kind string, now time.Time) work.TrainingReminded {
		var r work.TrainingReminded
		w.update(func(tx coord.Tx) (err error) {
			r, err = w.s.RemindTraining(ctx, tx, now, tr.ID, tr.Day, kind)
			return err
		})
		return r
	}
	// The police join; the reminder the day before goes to the organiser
	// (lan, in private) and to them.
	if _, err := w.train(func(tx coord.Tx) (work.TrainingOut, error) {
		return w.s.AnswerTraining(ctx, tx, hung, w.now, tr.ID, coord.AnswerJoin, "")
	}); err != nil {
		t.Fatal(err)
	}
	r := remind(work.TrainRemindBefore, got[0].At)
	if len(r.Messages) != 2 || r.Messages[0].ChatID != lan.ID || r.Messages[1].ChatID != policeGroup ||
		!strings.Contains(r.Messages[0].Text, "Nhắc lịch: hoạt động T-1 diễn ra thứ Ba, 04/05/2027") {
		t.Errorf("day-before reminder %+v", r.Messages)
	}
	held := func(a work.Actor, now time.Time, n int) (work.TrainingOut, error) {
		return w.train(func(tx coord.Tx) (work.TrainingOut, error) {
			return w.s.MarkTrainingHeld(ctx, tx, a, now, tr.ID, n, []coord.FileRef{{FileID: "ANH", Photo: true}})
		})
	}
	_, err = held(lan, got[0].At, 40)
	refusedWith(t, err, "chưa đến ngày")
	// Not marked held by the day after: the organiser alone is asked.
	r = remind(work.TrainRemindAfter, got[1].At)
	if len(r.Messages) != 1 || r.Messages[0].ChatID != lan.ID || !strings.Contains(r.Messages[0].Text, "/training 1 held <số người>") {
		t.Errorf("after reminder %+v", r.Messages)
	}
	_, err = held(lan, got[1].At, 0)
	refusedWith(t, err, "/training 1 held")
	out, err := held(lan, got[1].At, 45)
	if err != nil {
		t.Fatal(err)
	}
	if out.Training.State != coord.TrainingHeld || out.Training.Attendees != 45 || len(out.Training.Materials) != 2 {
		t.Errorf("after held %+v", out.Training)
	}
	if len(out.Messages) != 1 || out.Messages[0].ChatID != policeGroup || !strings.Contains(out.Messages[0].Text, "45 người tham dự") {
		t.Errorf("the co-organiser was not told: %+v", out.Messages)
	}
	// Held: no more reminders, no cancelling, no second count.
	if r := remind(work.TrainRemindAfter, got[1].At); !r.Nowhere || len(r.Messages) != 0 {
		t.Errorf("a held activity reminded: %+v", r)
	}
	_, err = w.train(func(tx coord.Tx) (work.TrainingOut, error) {
		return w.s.CancelTraining(ctx, tx, lan, got[1].At, tr.ID, "Mưa bão")
	})
	refusedWith(t, err, "đã được ghi nhận là đã tổ chức (45 người tham dự)")
}

func TestTrainingCancelAndSee(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	in := heldTraining()
	in.Day, in.Attendees = day(time.June, 10), 0
	if _, err := w.record(lan, w.now, in); err != nil {
		t.Fatal(err)
	}
	cancel := func(a work.Actor, reason string) (work.TrainingOut, error) {
		return w.train(func(tx coord.Tx) (work.TrainingOut, error) {
			return w.s.CancelTraining(ctx, tx, a, w.now, 1, reason)
		})
	}
	_, err := cancel(hung, "Không cần")
	refusedWith(t, err, "cơ quan tổ chức")
	_, err = cancel(lan, "")
	refusedWith(t, err, "phải nêu lý do")
	out, err := cancel(lan, "Trùng kỳ họp HĐND tỉnh")
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Messages) != 1 || out.Messages[0].ChatID != policeGroup || !strings.Contains(out.Messages[0].Text, "Trùng kỳ họp HĐND tỉnh") {
		t.Errorf("cancel told %+v", out.Messages)
	}
	_, err = w.train(func(tx coord.Tx) (work.TrainingOut, error) {
		return w.s.AnswerTraining(ctx, tx, hung, w.now, 1, coord.AnswerJoin, "")
	})
	refusedWith(t, err, "đã bị hủy")
	// A party sees it; an agency outside it does not; the coordinator does.
	w.update(func(tx coord.Tx) error {
		if _, err := w.s.SeeTraining(ctx, tx, hung, 1); err != nil {
			t.Errorf("the co-organiser cannot see it: %v", err)
		}
		_, err := w.s.SeeTraining(ctx, tx, mai, 1)
		refusedWith(t, err, "Không có hoạt động T-1")
		ts, err := w.s.ListTrainings(ctx, tx, mai, 2027)
		if err != nil || len(ts) != 0 {
			t.Errorf("congthuong lists %+v, %v", ts, err)
		}
		return nil
	})
}

func TestTrainingsExport(t *testing.T) {
	w := newWorld(t)
	if _, err := w.record(lan, w.now, heldTraining()); err != nil {
		t.Fatal(err)
	}
	own := heldTraining()
	own.Title, own.CoOrganisers = "Tuyên truyền trong KCN", nil
	if _, err := w.record(tuan, w.now, own); err != nil {
		t.Fatal(err)
	}
	// The coordinator's officer exports every agency's activities.
	ex, err := w.export(lan, work.ExportTrainings, 2027, "", w.now)
	if err != nil {
		t.Fatal(err)
	}
	if ex.FileName != "tuyen-truyen-tap-huan-2027.xlsx" || len(ex.Sheets) != 2 || len(ex.Sheets[0].Rows) != 2 {
		t.Fatalf("export %s with %d sheets, rows %+v", ex.FileName, len(ex.Sheets), ex.Sheets)
	}
	r := row(t, ex.Sheets[0], "Số", "T-1")
	list := ex.Sheets[0]
	if r[column(t, list, "Số người tham dự")].Int != 120 || !strings.Contains(r[column(t, list, "Cơ quan phối hợp")].Text, "Công an") ||
		r[column(t, list, "Trạng thái")].Text != "Đã tổ chức" || r[column(t, list, "Trong kế hoạch")].Text != "Không" {
		t.Errorf("row %+v", r)
	}
	tally := row(t, ex.Sheets[1], "Mã cơ quan", "bqlkcn")
	if tally[column(t, ex.Sheets[1], "Số hoạt động đã tổ chức")].Int != 1 {
		t.Errorf("tally %+v", tally)
	}
	if !strings.Contains(ex.Caption, "2 hoạt động, trong đó 2 đã tổ chức với 240 lượt người") {
		t.Errorf("caption %q", ex.Caption)
	}
	// Another agency exports its own: the Board's one activity.
	ex, err = w.export(tuan, work.ExportTrainings, 2027, "", w.now)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Sheets[0].Rows) != 1 || len(ex.Sheets[1].Rows) != 1 || ex.FileName != "tuyen-truyen-tap-huan-2027-bqlkcn.xlsx" {
		t.Errorf("the Board's export: %s %+v", ex.FileName, ex.Sheets)
	}
}

func TestParseTrainingWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []coord.Audience
		bad  string
	}{
		{"doanh nghiệp, người lao động nước ngoài, cán bộ", []coord.Audience{coord.AudEmployers, coord.AudForeignWorkers, coord.AudOfficers}, ""},
		{"Doanh nghiep | NLĐNN", []coord.Audience{coord.AudEmployers, coord.AudForeignWorkers}, ""},
		{"1,3,1", []coord.Audience{coord.AudEmployers, coord.AudOfficers}, ""},
		{"canbo; học sinh", nil, "học sinh"},
	} {
		got, bad := work.ParseAudiences(c.in)
		if bad != c.bad || len(got) != len(c.want) {
			t.Errorf("ParseAudiences(%q) = %v, %q; want %v, %q", c.in, got, bad, c.want, c.bad)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("ParseAudiences(%q) = %v, want %v", c.in, got, c.want)
			}
		}
	}
	for in, want := range map[string]int64{"12": 12, "#12": 12, "T-12": 12, "t12": 12, "T-": 0, "12/03/2027": 0, "0": 0} {
		if got, ok := work.ParseTrainingNumber(in); got != want && ok || ok != (want > 0) {
			t.Errorf("ParseTrainingNumber(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
}

package scheduler_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/testkit"
	"github.com/bacgiang/fwbot/work"
)

var boardOfficer = work.Actor{ID: 78, Agency: "bqlkcn", Role: coord.RoleOfficer, Lang: coord.LangVI}

// training has the Board record an activity at now, with congan asked to
// co-organise.
func (w *world) training(now time.Time, in work.NewTraining) coord.Training {
	w.t.Helper()
	var t coord.Training
	a := boardOfficer
	a.Chat = w.group["bqlkcn"]
	err := w.store.Update(context.Background(), func(tx coord.Tx) error {
		res, err := testkit.Work(w.cfg).CreateTraining(context.Background(), tx, a, now, in)
		t = res.Training
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	w.sent() // the invitations
	return t
}

func (w *world) trainingDo(fn func(s *work.Service, tx coord.Tx) error) {
	w.t.Helper()
	if err := w.store.Update(context.Background(), func(tx coord.Tx) error { return fn(testkit.Work(w.cfg), tx) }); err != nil {
		w.t.Fatal(err)
	}
	w.sent()
}

// TestTrainingRemindersAroundAHoliday: two activities planned for Tuesday
// 04/05/2027 (30/04 and the nghỉ bù 03/05 are holidays) are reminded at
// 08:00 on Thursday 29/04, to the Board and to the police, which takes
// part; the one not marked held by then is reminded once more to the Board
// on Wednesday 05/05; the one marked held is not. Each once, however often
// two schedulers tick.
func TestTrainingRemindersAroundAHoliday(t *testing.T) {
	w := newWorld(t)
	in := work.NewTraining{Day: coord.Date{Year: 2027, Month: time.May, Day: 4}, Title: "Tập huấn pháp luật lao động",
		Audiences: []coord.Audience{coord.AudEmployers}, CoOrganisers: []string{"congan"}}
	unreported := w.training(w.at(2027, time.April, 20, 9, 0), in)
	in.Title = "Đối thoại với doanh nghiệp"
	reported := w.training(w.at(2027, time.April, 20, 9, 5), in)
	w.trainingDo(func(s *work.Service, tx coord.Tx) error {
		police := work.Actor{ID: 79, Agency: "congan", Role: coord.RoleOfficer}
		_, err := s.AnswerTraining(context.Background(), tx, police, w.at(2027, time.April, 21, 9, 0), unreported.ID, coord.AnswerJoin, "")
		return err
	})
	got := map[string][]string{}
	for d := w.at(2027, time.April, 22, 7, 30); d.Before(w.at(2027, time.May, 12, 0, 0)); d = d.AddDate(0, 0, 1) {
		if d.Month() == time.May && d.Day() == 4 {
			w.trainingDo(func(s *work.Service, tx coord.Tx) error {
				_, err := s.MarkTrainingHeld(context.Background(), tx, boardOfficer, d.Add(9*time.Hour), reported.ID, 60, nil)
				return err
			})
		}
		for _, at := range []time.Time{d, d.Add(time.Hour), d.Add(5 * time.Hour)} {
			for _, s := range []interface {
				Tick(context.Context, time.Time) error
			}{w.scheduler(), w.scheduler()} {
				w.setNow(at)
				if err := s.Tick(context.Background(), at); err != nil {
					t.Fatal(err)
				}
				for _, m := range w.sent() {
					if strings.HasPrefix(m.Text, "⏰ Nhắc lịch: hoạt động T-") || strings.Contains(m.Text, "chưa được ghi nhận kết quả") {
						got[w.code[m.ChatID]] = append(got[w.code[m.ChatID]], at.Format("01-02 15:04")+" "+m.Text[:strings.Index(m.Text, "T-")+3])
					}
				}
			}
		}
	}
	if want := "04-29 08:30 ⏰ Nhắc lịch: hoạt động T-1 04-29 08:30 ⏰ Nhắc lịch: hoạt động T-2 05-05 08:30 ⏰ Hoạt động T-1"; strings.Join(got["bqlkcn"], " ") != want {
		t.Errorf("the Board was reminded %q, want %q", got["bqlkcn"], want)
	}
	if want := "04-29 08:30 ⏰ Nhắc lịch: hoạt động T-1"; strings.Join(got["congan"], " ") != want {
		t.Errorf("the police were reminded %q, want %q (they take part in T-1 only)", got["congan"], want)
	}
	if len(got) != 2 {
		t.Errorf("reminded %v", got)
	}
}

// TestTrainingsInDigests: the monthly scorecard counts the year's activities
// held per agency; the inputs digest of the half-year report 6.6 counts
// those of the half-year; the monthly report 6.4's does not.
func TestTrainingsInDigests(t *testing.T) {
	w := newWorld(t)
	w.training(w.at(2027, time.May, 20, 15, 0), work.NewTraining{Day: coord.Date{Year: 2027, Month: time.May, Day: 20},
		Title: "Phổ biến pháp luật tại KCN Quang Châu", Audiences: []coord.Audience{coord.AudForeignWorkers}, Attendees: 80,
		CoOrganisers: []string{"congan"}})
	w.trainingDo(func(s *work.Service, tx coord.Tx) error {
		police := work.Actor{ID: 79, Agency: "congan", Role: coord.RoleOfficer}
		_, err := s.AnswerTraining(context.Background(), tx, police, w.at(2027, time.May, 21, 9, 0), 1, coord.AnswerJoin, "")
		return err
	})
	s := w.scheduler()
	var monthly string
	for _, m := range w.tick(s, w.at(2027, time.June, 1, 8, 0)) {
		if m.ChatID == coordChat && strings.HasPrefix(m.Text, "📈") {
			monthly += m.Text
		}
	}
	for _, want := range []string{"🎓 Tuyên truyền, phổ biến pháp luật và tập huấn năm 2027 (đến hết 31/05/2027):",
		"• Ban Quản lý các khu công nghiệp tỉnh: 1 hoạt động đã tổ chức, 80 lượt người tham dự",
		"• Công an tỉnh: 0 hoạt động đã tổ chức, 0 lượt người tham dự; phối hợp 1 hoạt động của cơ quan khác",
		"Cộng: 1 hoạt động, 80 lượt người."} {
		if !strings.Contains(monthly, want) {
			t.Errorf("monthly scorecard lacks %q:\n%s", want, monthly)
		}
	}
	var texts []string
	err := w.store.Update(context.Background(), func(tx coord.Tx) error {
		_, err := s.Digest(context.Background(), tx, coord.DigestInputs, w.at(2027, time.July, 20, 10, 0))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range w.sent() {
		texts = append(texts, m.Text)
	}
	found := false
	for _, text := range texts {
		switch {
		case strings.Contains(text, "báo cáo 6.6 kỳ 2027-H1"):
			found = true
			if !strings.Contains(text, "🎓 Tuyên truyền, phổ biến pháp luật và tập huấn 6 tháng đầu năm 2027") ||
				!strings.Contains(text, "Ban Quản lý các khu công nghiệp tỉnh: 1 hoạt động đã tổ chức, 80 lượt người") {
				t.Errorf("the 6.6 inputs digest lacks the trainings:\n%s", text)
			}
		case strings.Contains(text, "🎓"):
			t.Errorf("another inputs digest counts the trainings:\n%s", text)
		}
	}
	if !found {
		t.Errorf("no 6.6 inputs digest in %q", texts)
	}
}

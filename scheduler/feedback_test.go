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

// feedback has an officer of agency report a difficulty at now.
func (w *world) feedback(agency string, now time.Time, subject string) coord.Feedback {
	w.t.Helper()
	var f coord.Feedback
	a := work.Actor{ID: 81, Agency: agency, Role: coord.RoleOfficer, Lang: coord.LangVI, Chat: w.group[agency]}
	err := w.store.Update(context.Background(), func(tx coord.Tx) error {
		res, err := testkit.Work(w.cfg).SendFeedback(context.Background(), tx, a, now, work.NewFeedback{Subject: subject, Text: "Đề nghị hướng dẫn"})
		f = res.Feedback
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	w.sent() // the card and the sender's group
	return f
}

// TestFeedbacksInDigests: the weekly digest names the open difficulties;
// the inputs digest of the half-year report 6.6 lists those received in the
// half-year with their state and note; the monthly report 6.4's does not.
func TestFeedbacksInDigests(t *testing.T) {
	w := newWorld(t)
	w.feedback("congan", w.at(2027, time.March, 1, 9, 0), "Vướng mắc xác minh lý lịch tư pháp")
	w.feedback("bqlkcn", w.at(2027, time.March, 2, 9, 0), "Thiếu mẫu báo cáo lao động nước ngoài")
	coordinator := work.Actor{ID: 82, Agency: "ldtbxh", Role: coord.RoleOfficer, Lang: coord.LangVI, Chat: w.group["ldtbxh"]}
	err := w.store.Update(context.Background(), func(tx coord.Tx) error {
		_, err := testkit.Work(w.cfg).RespondFeedback(context.Background(), tx, coordinator, w.at(2027, time.March, 3, 10, 0), 2,
			coord.FeedbackCompiled, "Kiến nghị Bộ ban hành mẫu thống nhất", nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	w.sent()
	s := w.scheduler()
	var weekly string
	for _, m := range w.tick(s, w.at(2027, time.March, 8, 8, 0)) { // Monday
		if m.ChatID == coordChat {
			weekly += m.Text
		}
	}
	if want := "📮 Phản ánh chưa trả lời: 1 — #1 Công an tỉnh «Vướng mắc xác minh lý lịch tư pháp» (01/03/2027)\nXem và trả lời: /feedbacks"; !strings.Contains(weekly, want) {
		t.Errorf("weekly digest lacks %q:\n%s", want, weekly)
	}
	if strings.Contains(weekly, "Thiếu mẫu báo cáo") {
		t.Errorf("the weekly digest names a compiled item:\n%s", weekly)
	}

	w.feedback("congan", w.at(2027, time.July, 5, 9, 0), "Vướng mắc của nửa năm sau")
	err = w.store.Update(context.Background(), func(tx coord.Tx) error {
		_, err := s.Digest(context.Background(), tx, coord.DigestInputs, w.at(2027, time.July, 20, 10, 0))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range w.sent() {
		switch {
		case strings.Contains(m.Text, "báo cáo 6.6 kỳ 2027-H1"):
			found = true
			for _, want := range []string{"📮 Phản ánh khó khăn, vướng mắc nhận trong 6 tháng đầu năm 2027 (Điều 18): 2",
				"• #1 Công an tỉnh — «Vướng mắc xác minh lý lịch tư pháp» (01/03/2027): chưa trả lời",
				"• #2 Ban Quản lý các khu công nghiệp tỉnh — «Thiếu mẫu báo cáo lao động nước ngoài» (02/03/2027): đưa vào tổng hợp báo cáo UBND tỉnh — Kiến nghị Bộ ban hành mẫu thống nhất"} {
				if !strings.Contains(m.Text, want) {
					t.Errorf("the 6.6 inputs digest lacks %q:\n%s", want, m.Text)
				}
			}
			if strings.Contains(m.Text, "nửa năm sau") {
				t.Errorf("the 6.6 H1 inputs digest lists an item of July:\n%s", m.Text)
			}
		case strings.Contains(m.Text, "📮"):
			t.Errorf("another inputs digest lists the difficulties:\n%s", m.Text)
		}
	}
	if !found {
		t.Error("no 6.6 inputs digest")
	}
}

package work_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/work"
)

// TestFileGivenUpTellsOnce: the submitter (in their language) and each
// admin are told, once per file, naming the report, the period and the
// reason; an admin who submitted is told once, as the submitter; the
// submission is left as it was.
func TestFileGivenUpTellsOnce(t *testing.T) {
	w := newWorld(t)
	const admin1, admin2 = 111, 112
	w.update(func(tx coord.Tx) error {
		for _, u := range []coord.User{
			{TelegramID: admin1, Agency: "ldtbxh", Role: coord.RoleAdmin, Lang: coord.LangVI, Name: "An", CreatedAt: w.now, UpdatedAt: w.now},
			{TelegramID: admin2, Agency: "ldtbxh", Role: coord.RoleAdmin, Lang: coord.LangEN, Name: "Bình", CreatedAt: w.now, UpdatedAt: w.now},
		} {
			if err := tx.PutUser(context.Background(), u); err != nil {
				return err
			}
		}
		return nil
	})
	res, err := w.submit(lan, "6.4", "2027-02", w.now, false)
	if err != nil {
		t.Fatal(err)
	}
	f := res.Submission.Files[0]
	tell := func(in work.LostFile) work.Out {
		t.Helper()
		var out work.Out
		w.update(func(tx coord.Tx) error {
			var err error
			out, err = w.s.FileGivenUp(context.Background(), tx, w.now, in)
			return err
		})
		return out
	}
	out := tell(work.LostFile{File: f, Loss: work.FileTooLarge, Limit: 20 << 20})
	if len(out.Messages) != 3 {
		t.Fatalf("messages %+v, want the submitter and two admins", out.Messages)
	}
	byChat := map[int64]string{}
	for _, m := range out.Messages {
		byChat[m.ChatID] = m.Text
	}
	for chat, wants := range map[int64][]string{
		lan.ID: {"ds.xlsx", "6.4", "kỳ 2027-02", "lớn hơn giới hạn lưu trữ 20 MB", "vẫn được ghi nhận là đã nộp", "/submit 6.4 2027-02"},
		admin1: {"ds.xlsx", "6.4", "Sở Lao động", "kỳ 2027-02", "lớn hơn giới hạn lưu trữ 20 MB"},
		admin2: {"ds.xlsx", "6.4", "for 2027-02", "larger than the archive's limit of 20 MB"},
	} {
		for _, want := range wants {
			if !strings.Contains(byChat[chat], want) {
				t.Errorf("the notice to %d lacks %q:\n%s", chat, want, byChat[chat])
			}
		}
	}
	if again := tell(work.LostFile{File: f, Loss: work.FileTooLarge}); len(again.Messages) != 0 {
		t.Errorf("told twice: %+v", again.Messages)
	}
	var sub coord.Submission
	w.update(func(tx coord.Tx) error {
		var err error
		sub, err = tx.Submission(context.Background(), res.Submission.ID)
		return err
	})
	if sub.Version != 1 || len(sub.Files) != 1 || sub.SubmittedAt.IsZero() {
		t.Errorf("the submission changed: %+v", sub)
	}

	t.Run("AdminSubmitterToldOnce", func(t *testing.T) {
		a := lan
		a.ID, a.Chat, a.Role = admin1, admin1, coord.RoleAdmin
		res, err := w.submit(a, "6.4", "2027-01", w.now, false)
		if err != nil {
			t.Fatal(err)
		}
		out := tell(work.LostFile{File: res.Submission.Files[0], Loss: work.FileEmpty})
		n := 0
		for _, m := range out.Messages {
			if m.ChatID == admin1 {
				n++
			}
		}
		if n != 1 || len(out.Messages) != 2 {
			t.Errorf("messages %+v: the admin who submitted is told once, the other admin once", out.Messages)
		}
	})
}

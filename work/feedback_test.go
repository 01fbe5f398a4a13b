package work_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/work"
)

// hungPrivately is hung writing in his private chat, so his agency's
// group is told as well.
var hungPrivately = func() work.Actor { a := hung; a.Chat = hung.ID; return a }()

// withHung enrols hung (congan, English), so he is told privately.
func (w *world) withHung() *world {
	w.update(func(tx coord.Tx) error {
		return tx.PutUser(context.Background(), coord.User{TelegramID: hung.ID, Agency: hung.Agency, Role: hung.Role, Lang: hung.Lang,
			Name: hung.Name, CreatedAt: w.now, UpdatedAt: w.now})
	})
	return w
}

func (w *world) sendFeedback(a work.Actor, in work.NewFeedback) (work.FeedbackOut, error) {
	var res work.FeedbackOut
	err := w.db.Update(context.Background(), func(tx coord.Tx) (err error) {
		res, err = w.s.SendFeedback(context.Background(), tx, a, w.now, in)
		return err
	})
	return res, err
}

func (w *world) respond(a work.Actor, id int64, state coord.FeedbackState, text string, files ...coord.FileRef) (work.FeedbackOut, error) {
	var res work.FeedbackOut
	err := w.db.Update(context.Background(), func(tx coord.Tx) (err error) {
		res, err = w.s.RespondFeedback(context.Background(), tx, a, w.now, id, state, text, files)
		return err
	})
	return res, err
}

var sampleFeedback = work.NewFeedback{Subject: "Vướng mắc xác minh lý lịch tư pháp",
	Text: "Chưa có hướng dẫn với người có hai quốc tịch", Files: []coord.FileRef{{FileID: "CV-1", Name: "cong-van.pdf"}}}

// messagesTo are the messages of out that go to chat.
func messagesTo(msgs []coord.OutMessage, chat int64) []coord.OutMessage {
	var out []coord.OutMessage
	for _, m := range msgs {
		if m.ChatID == chat {
			out = append(out, m)
		}
	}
	return out
}

func TestSendFeedback(t *testing.T) {
	t.Run("the coordinator gets the files and a card with two steps; the sender's group is told", func(t *testing.T) {
		w := newWorld(t).withHung()
		res, err := w.sendFeedback(hungPrivately, sampleFeedback)
		if err != nil {
			t.Fatal(err)
		}
		f := res.Feedback
		if f.ID != 1 || f.Agency != "congan" || f.State != coord.FeedbackOpen || len(f.Files) != 1 || res.Reached != 1 {
			t.Fatalf("item %+v reached %d", f, res.Reached)
		}
		// ldtbxh has no group: its officer lan gets it privately.
		toLan := messagesTo(res.Messages, lan.ID)
		if len(toLan) != 2 || toLan[0].Kind != coord.OutFiles || toLan[0].Files[0].FileID != "CV-1" {
			t.Fatalf("to the coordinator's officer: %+v", toLan)
		}
		card := toLan[1]
		for _, want := range []string{"Phản ánh khó khăn, vướng mắc #1", "Công an tỉnh", "Hùng Phạm", "hai quốc tịch", "chưa trả lời", "Tệp kèm theo: 1 tệp"} {
			if !strings.Contains(card.Text, want) {
				t.Errorf("card lacks %q:\n%s", want, card.Text)
			}
		}
		if len(card.Buttons) != 1 || card.Buttons[0][0].Data != "fb:a:1" || card.Buttons[0][1].Data != "fb:c:1" ||
			card.Buttons[0][1].Text != "Tổng hợp báo cáo UBND tỉnh" {
			t.Errorf("card buttons %+v", card.Buttons)
		}
		group := messagesTo(res.Messages, policeGroup)
		if len(group) != 1 || !strings.Contains(group[0].Text, "Hùng Phạm đã gửi phản ánh #1") {
			t.Errorf("to the police group: %+v", group)
		}
		if len(messagesTo(res.Messages, hung.ID)) != 0 {
			t.Errorf("the sender got a copy where he wrote: %+v", res.Messages)
		}
	})
	t.Run("refusals", func(t *testing.T) {
		w := newWorld(t)
		_, err := w.sendFeedback(hung, work.NewFeedback{Subject: "Chỉ có tiêu đề"})
		refusedWith(t, err, "phản ánh khó khăn, vướng mắc tới Sở Lao động")
		_, err = w.sendFeedback(hung, work.NewFeedback{Subject: strings.Repeat("dài ", 60), Text: "x"})
		refusedWith(t, err, "dài quá 200 ký tự")
	})
}

func TestRespondFeedback(t *testing.T) {
	w := newWorld(t).withHung()
	if _, err := w.sendFeedback(hungPrivately, sampleFeedback); err != nil {
		t.Fatal(err)
	}
	if _, err := w.sendFeedback(hung, work.NewFeedback{Subject: "Thiếu biểu mẫu", Text: "Đề nghị ban hành mẫu báo cáo 8.8"}); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.Add(2 * time.Hour)

	t.Run("only the coordinator answers or compiles", func(t *testing.T) {
		_, err := w.respond(hung, 1, coord.FeedbackAnswered, "Tự trả lời")
		refusedWith(t, err, "Chỉ cán bộ của Sở Lao động")
		_, err = w.respond(mai, 1, coord.FeedbackCompiled, "Ghi chú")
		refusedWith(t, err, "Không có phản ánh #1") // not even that it exists
		_, err = w.respond(lan, 1, coord.FeedbackAnswered, "  ")
		refusedWith(t, err, "phải có nội dung")
		_, err = w.respond(lan, 2, coord.FeedbackCompiled, "")
		refusedWith(t, err, "phải có ghi chú")
		_, err = w.respond(lan, 9, coord.FeedbackAnswered, "x")
		refusedWith(t, err, "Không có phản ánh #9")
	})
	t.Run("an answer tells the sender's group and the sender privately, with its files", func(t *testing.T) {
		res, err := w.respond(lan, 1, coord.FeedbackAnswered, "Thực hiện theo Công văn 123/LĐTBXH", coord.FileRef{FileID: "ANS", Name: "cv-123.pdf"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Feedback.State != coord.FeedbackAnswered || res.Feedback.RespondedBy != lan.ID || res.Reached != 2 {
			t.Fatalf("after the answer %+v, reached %d", res.Feedback, res.Reached)
		}
		group := messagesTo(res.Messages, policeGroup)
		if len(group) != 2 || group[0].Kind != coord.OutFiles || group[0].Files[0].FileID != "ANS" ||
			!strings.Contains(group[1].Text, "Sở Lao động - Thương binh và Xã hội đã trả lời phản ánh #1") ||
			!strings.Contains(group[1].Text, "Công văn 123") {
			t.Errorf("to the police group: %+v", group)
		}
		private := messagesTo(res.Messages, hung.ID)
		if len(private) != 2 || !strings.Contains(private[1].Text, "answered item #1") {
			t.Errorf("to Hùng, in English: %+v", private)
		}
		_, err = w.respond(lan, 1, coord.FeedbackCompiled, "Đưa vào báo cáo")
		refusedWith(t, err, "đã được xử lý (đã trả lời")
	})
	t.Run("compiling takes a note and tells the sender's side", func(t *testing.T) {
		res, err := w.respond(lan, 2, coord.FeedbackCompiled, "Kiến nghị UBND tỉnh trong báo cáo 6 tháng")
		if err != nil {
			t.Fatal(err)
		}
		if res.Feedback.State != coord.FeedbackCompiled || res.Feedback.Response != "Kiến nghị UBND tỉnh trong báo cáo 6 tháng" {
			t.Fatalf("after compiling %+v", res.Feedback)
		}
		// Hùng sent #2 from the police group: the group and his private
		// chat are two chats.
		group := messagesTo(res.Messages, policeGroup)
		if len(group) != 1 || !strings.Contains(group[0].Text, "đưa vào tổng hợp báo cáo UBND tỉnh") ||
			!strings.Contains(group[0].Text, "Ghi chú: Kiến nghị UBND tỉnh") {
			t.Errorf("to the police group: %+v", group)
		}
		if p := messagesTo(res.Messages, hung.ID); len(p) != 1 {
			t.Errorf("to Hùng: %+v", p)
		}
	})
	t.Run("who sees what", func(t *testing.T) {
		if _, err := w.sendFeedback(mai, work.NewFeedback{Subject: "Cấp phép", Text: "Thủ tục chậm"}); err != nil {
			t.Fatal(err)
		}
		list := func(a work.Actor) work.FeedbackList {
			var l work.FeedbackList
			w.update(func(tx coord.Tx) (err error) {
				l, err = w.s.ListFeedbacks(context.Background(), tx, a, w.now)
				return err
			})
			return l
		}
		if l := list(lan); len(l.Open) != 1 || l.Open[0].ID != 3 || len(l.Recent) != 2 {
			t.Errorf("the coordinator sees %+v", l)
		}
		if l := list(hung); len(l.Open) != 0 || len(l.Recent) != 2 {
			t.Errorf("the police see %+v", l)
		}
		if l := list(mai); len(l.Open) != 1 || len(l.Recent) != 0 {
			t.Errorf("congthuong sees %+v", l)
		}
		err := w.db.View(context.Background(), func(tx coord.Tx) error {
			_, err := w.s.SeeFeedback(context.Background(), tx, mai, 1)
			return err
		})
		refusedWith(t, err, "Không có phản ánh #1")
	})
}

// TestFeedbackExport: the coordinator's officer exports every agency's
// difficulties of the year with their state and answer; another agency
// its own only.
func TestFeedbackExport(t *testing.T) {
	w := newWorld(t).withHung()
	if _, err := w.sendFeedback(hungPrivately, sampleFeedback); err != nil {
		t.Fatal(err)
	}
	if _, err := w.sendFeedback(lan, work.NewFeedback{Subject: "Thiếu cán bộ", Text: "Đề nghị bổ sung biên chế"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.respond(lan, 1, coord.FeedbackAnswered, "Thực hiện theo Công văn 12"); err != nil {
		t.Fatal(err)
	}
	year := w.now.Year()
	ex, err := w.export(lan, work.ExportFeedback, year, "", w.now)
	if err != nil {
		t.Fatal(err)
	}
	if ex.FileName != fmt.Sprintf("phan-anh-%d.xlsx", year) || len(ex.Sheets) != 1 || len(ex.Sheets[0].Rows) != 2 {
		t.Fatalf("export %s, sheets %+v", ex.FileName, ex.Sheets)
	}
	sheet := ex.Sheets[0]
	r := row(t, sheet, "Số", "#1")
	if r[column(t, sheet, "Cơ quan gửi")].Text != "Công an tỉnh" || r[column(t, sheet, "Tình trạng")].Text != "đã trả lời" ||
		r[column(t, sheet, "Trả lời hoặc ghi chú")].Text != "Thực hiện theo Công văn 12" || r[column(t, sheet, "Số tệp kèm theo")].Int != 1 {
		t.Errorf("row %+v", r)
	}
	if !strings.Contains(ex.Caption, "2 phản ánh, trong đó 1 chưa trả lời") {
		t.Errorf("caption %q", ex.Caption)
	}
	ex, err = w.export(hung, work.ExportFeedback, year, "", w.now)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Sheets[0].Rows) != 1 || ex.FileName != fmt.Sprintf("difficulties-%d-congan.xlsx", year) { // hung reads English
		t.Errorf("the police's export: %s %+v", ex.FileName, ex.Sheets)
	}
	_, err = w.export(hung, work.ExportFeedback, year, "ldtbxh", w.now)
	refusedWith(t, err, "chỉ xuất được dữ liệu của cơ quan mình")
}

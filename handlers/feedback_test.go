package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/coord"
)

// TestFeedbackCommand: a police officer reports a difficulty from the
// police group with a file; the coordinator's officers get the file and the
// card with its two buttons; the polite refusals of what cannot be done;
// the coordinator answers through «Trả lời» and its ForceReply prompt, and
// the police group and the sender are told.
func TestFeedbackCommand(t *testing.T) {
	e := reportsEnv(t)
	g := group(groupCongAn)
	msgs := e.file(officerCA, g, "/feedback Vướng mắc xác minh lý lịch: Chưa có hướng dẫn với người có hai quốc tịch\nĐề nghị Sở hướng dẫn.", pdf("CV1", "cong-van.pdf"))
	only(t, to(msgs, g.ID), g.ID, "Đã gửi phản ánh #1 «Vướng mắc xác minh lý lịch» tới Sở Lao động - Thương binh và Xã hội (2 chat)", "/feedback 1")
	got := to(msgs, officerA.ID)
	if len(got) != 2 || got[0].Kind != coord.OutFiles || got[0].Files[0].FileID != "CV1" {
		t.Fatalf("to the coordinator's officer: %+v, want the file then the card", got)
	}
	card := got[1]
	if !strings.Contains(card.Text, "Nội dung: Chưa có hướng dẫn với người có hai quốc tịch\nĐề nghị Sở hướng dẫn.") ||
		len(card.Buttons) != 1 || card.Buttons[0][0].Data != "fb:a:1" || card.Buttons[0][1].Text != "Tổng hợp báo cáo UBND tỉnh" {
		t.Fatalf("card: %+v", card)
	}

	me := private(officerCA)
	for _, c := range []struct{ text, want string }{
		{"/feedback Chỉ có tiêu đề", "Cú pháp"},
		{"/feedback 7", "Không có phản ánh #7"},
		{"/feedback 1 answer Tự trả lời", "Chỉ cán bộ của Sở Lao động"},
		{"/feedback 1 compile Ghi chú", "Chỉ cán bộ của Sở Lao động"},
	} {
		only(t, e.text(officerCA, me, c.text), me.ID, c.want)
	}
	lan := private(officerA)
	only(t, e.text(officerA, lan, "/feedback 1 answer"), lan.ID, "phải có nội dung")
	if n := len(e.audit("feedback.answer")); n != 0 {
		t.Fatalf("%d answers made by refused commands", n)
	}

	// The police see their item without the buttons; the coordinator with them.
	view := e.text(officerCA, me, "/feedback #1")
	if len(view) != 2 || view[0].Kind != coord.OutFiles || !strings.Contains(view[1].Text, "Tình trạng: chưa trả lời") || len(view[1].Buttons) != 0 {
		t.Fatalf("the sender's view: %+v", view)
	}
	view = e.text(officerA, lan, "/feedback 1")
	if len(view) != 2 || len(view[1].Buttons) != 1 {
		t.Fatalf("the coordinator's view: %+v", view)
	}

	// «Trả lời» pressed by a police officer (a forged press: the card is
	// not theirs) is refused; by lan, it asks for the text.
	only(t, e.press(officerCA, me, 60, "fb:a:1"), me.ID, "Chỉ cán bộ của Sở Lao động")
	prompt := only(t, e.press(officerA, lan, 77, "fb:a:1")[:1], lan.ID, "Nhập nội dung trả lời phản ánh #1")
	if !prompt.ForceReply {
		t.Fatalf("prompt without ForceReply: %+v", prompt)
	}
	only(t, e.text(officerA, lan, "   "), lan.ID, "phải có nội dung") // the prompt stays
	msgs = e.file(officerA, lan, "Đã có hướng dẫn tại Công văn 12/LĐTBXH.", pdf("HD12", "cv-12.pdf"))
	var edited, groupTold, senderTold, files bool
	for _, m := range msgs {
		switch {
		case m.Kind == coord.OutEdit && m.ChatID == lan.ID && m.MessageID == 77:
			edited = strings.Contains(m.Text, "Tình trạng: đã trả lời") && len(m.Buttons) == 0
		case m.Kind == coord.OutText && m.ChatID == g.ID:
			groupTold = strings.Contains(m.Text, "đã trả lời phản ánh #1 «Vướng mắc xác minh lý lịch»") && strings.Contains(m.Text, "Công văn 12")
		case m.Kind == coord.OutText && m.ChatID == me.ID:
			senderTold = strings.Contains(m.Text, "Công văn 12")
		case m.Kind == coord.OutFiles && m.ChatID == g.ID:
			files = m.Files[0].FileID == "HD12"
		}
	}
	if !edited || !groupTold || !senderTold || !files {
		t.Fatalf("answer: card edited %v, group told %v, sender told %v, files %v: %+v", edited, groupTold, senderTold, files, msgs)
	}
	only(t, to(msgs, lan.ID)[1:], lan.ID, "Đã trả lời phản ánh #1; đã báo cho Công an tỉnh (2 chat)")
	// Dealt with: a second press is refused, and the lists show it.
	only(t, e.press(officerA, lan, 77, "fb:c:1"), lan.ID, "đã được xử lý")
	only(t, e.text(officerCA, me, "/feedbacks"), me.ID, "Đã xử lý (90 ngày qua):\n#1 · 03/02/2027 · Công an tỉnh · «Vướng mắc xác minh lý lịch» · đã trả lời")
	if got := e.text(officerA, lan, "Cảm ơn"); strings.Contains(fmt.Sprint(got), "Đã trả lời") {
		t.Errorf("the prompt outlived the answer: %+v", got)
	}
}

// TestFeedbackCompile: the coordinator marks an item for the report to the
// provincial People's Committee with a note, by command; a subject that
// begins with a number is a subject; the open list names what waits.
func TestFeedbackCompile(t *testing.T) {
	e := reportsEnv(t)
	me, lan := private(officerCA), private(officerA)
	only(t, to(e.text(officerCA, me, "/feedback 2 biểu mẫu còn thiếu\nĐề nghị ban hành mẫu báo cáo 8.8"), me.ID), me.ID, "Đã gửi phản ánh #1 «2 biểu mẫu còn thiếu»")
	e.text(officerCA, me, "/feedback Thiếu kinh phí: Đề nghị bố trí kinh phí tập huấn")
	only(t, e.text(officerA, lan, "/feedbacks"), lan.ID, "Phản ánh chưa trả lời (2):\n#1 · 03/02/2027 · Công an tỉnh · «2 biểu mẫu còn thiếu»\n#2")
	only(t, e.text(officerA, lan, "/feedback 1 compile"), lan.ID, "phải có ghi chú")
	msgs := e.text(officerA, lan, "/feedback 1 compile Đưa vào báo cáo 6 tháng, kiến nghị Bộ ban hành mẫu")
	only(t, to(msgs, lan.ID), lan.ID, "Đã đưa phản ánh #1 vào tổng hợp báo cáo UBND tỉnh; đã báo cho Công an tỉnh (2 chat)")
	only(t, to(msgs, me.ID), me.ID, "được Sở Lao động - Thương binh và Xã hội đưa vào tổng hợp báo cáo UBND tỉnh", "Ghi chú: Đưa vào báo cáo 6 tháng")
	only(t, e.text(officerA, lan, "/feedback 1 answer Muộn rồi"), lan.ID, "đã được xử lý")
	// Another agency sees none of the police's items.
	e.enrol(officerB, "yte")
	only(t, e.text(officerB, private(officerB), "/feedbacks"), officerB.ID, "Không có phản ánh nào")
	only(t, e.text(officerB, private(officerB), "/feedback 1"), officerB.ID, "Không có phản ánh #1")
	// The compiling prompt by the button; another press after it is stale.
	prompt := only(t, e.press(officerA, lan, 80, "fb:c:2")[:1], lan.ID, "Nhập ghi chú")
	if !prompt.ForceReply {
		t.Fatalf("prompt %+v", prompt)
	}
	msgs = e.text(officerA, lan, "Tổng hợp vào báo cáo năm")
	if len(e.audit("feedback.compile")) != 2 || !strings.Contains(fmt.Sprint(to(msgs, me.ID)), "Ghi chú: Tổng hợp vào báo cáo năm") {
		t.Fatalf("compile by prompt: %+v", msgs)
	}
}

// TestFeedbackWizard: /feedback alone in the private chat asks for the
// subject, the text and the files; a bad answer is refused and the step
// stays; «xong» sends it.
func TestFeedbackWizard(t *testing.T) {
	e := reportsEnv(t)
	me := private(officerCA)
	only(t, e.text(officerCA, me, "/feedback"), me.ID, "bước 1/3")
	only(t, e.text(officerCA, me, strings.Repeat("dài ", 60)), me.ID, "dài quá 200 ký tự")
	only(t, e.text(officerCA, me, "Vướng mắc cấp phiếu lý lịch"), me.ID, "Bước 2/3")
	only(t, e.text(officerCA, me, "Người nước ngoài không có hộ chiếu"), me.ID, "Bước 3/3")
	only(t, e.text(officerCA, me, "chưa"), me.ID, "hãy gửi tệp tài liệu, hoặc gõ «xong»")
	only(t, e.file(officerCA, me, "", pdf("A1", "a.pdf")), me.ID, "Đã nhận 1 tệp")
	only(t, e.file(officerCA, me, "", pdf("A2", "b.pdf"), pdf("A3", "c.pdf")), me.ID, "Đã nhận 3 tệp")
	msgs := e.text(officerCA, me, "xong")
	only(t, to(msgs, me.ID), me.ID, "Đã gửi phản ánh #1 «Vướng mắc cấp phiếu lý lịch»")
	got := to(msgs, officerA.ID)
	if len(got) != 2 || len(got[0].Files) != 3 || !strings.Contains(got[1].Text, "Người nước ngoài không có hộ chiếu") {
		t.Fatalf("to the coordinator: %+v", got)
	}
	if len(to(msgs, groupCongAn)) != 1 {
		t.Errorf("the police group was not told: %+v", msgs)
	}
	if got := e.text(officerCA, me, "xong"); strings.Contains(fmt.Sprint(got), "Đã gửi phản ánh") {
		t.Errorf("the wizard did not end: %+v", got)
	}
}

// TestFeedbackPromptOutlived: a prompt whose item someone else answered
// meanwhile is forgotten, and the next message is taken for what it is.
func TestFeedbackPromptOutlived(t *testing.T) {
	e := reportsEnv(t)
	e.text(officerCA, private(officerCA), "/feedback Thiếu biểu mẫu: Đề nghị ban hành mẫu")
	lan := private(officerA)
	e.press(officerA, lan, 30, "fb:a:1")
	only(t, to(e.text(admin, private(admin), "/feedback 1 answer Đã ban hành mẫu kèm Công văn 45"), adminID), adminID, "Đã trả lời phản ánh #1")
	got := only(t, e.text(officerA, lan, "Tôi sẽ trả lời sau"), lan.ID)
	if strings.Contains(got.Text, "đã được xử lý") || len(e.audit("feedback.answer")) != 1 {
		t.Fatalf("the outlived prompt took the message: %q", got.Text)
	}
}

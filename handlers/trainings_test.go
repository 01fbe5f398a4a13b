package handlers_test

import (
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
)

// TestTrainingWizard: /training alone in the private chat asks for the day,
// the title, the audience, the attendance, the co-organisers and the
// materials, one at a time; a bad answer is refused politely and the step
// stays; the last answer records the activity and the co-organiser's
// group gets it with the materials and the two answers.
func TestTrainingWizard(t *testing.T) {
	e := newEnv(t)
	e.enrol(officerA, "ldtbxh")
	e.text(admin, group(groupCongAn), "/bindgroup congan")
	me := private(officerA)
	only(t, e.text(officerA, me, "/training"), me.ID, "bước 1/6")
	only(t, e.text(officerA, me, "tuần sau"), me.ID, "Không hiểu ngày «tuần sau»")
	only(t, e.text(officerA, me, "01/06/2028"), me.ID, "quá xa")
	only(t, e.text(officerA, me, "25/02/2027"), me.ID, "Bước 2/6")
	only(t, e.text(officerA, me, "Phổ biến Nghị định 219/2025/NĐ-CP"), me.ID, "Bước 3/6")
	only(t, e.text(officerA, me, "1, học sinh"), me.ID, "Không hiểu đối tượng «học sinh»")
	only(t, e.text(officerA, me, "1,2"), me.ID, "Bước 4/6: gõ số người tham dự")
	only(t, e.text(officerA, me, "-"), me.ID, "Không hiểu số người «-»") // held: the count is required
	only(t, e.text(officerA, me, "85"), me.ID, "Bước 5/6")
	only(t, e.text(officerA, me, "congan,nowhere"), me.ID, "nowhere")
	only(t, e.text(officerA, me, "congan"), me.ID, "Bước 6/6")
	msgs := e.file(officerA, me, "", pdf("TL1", "tai-lieu.pdf"))
	only(t, to(msgs, me.ID), me.ID, "Đã ghi nhận hoạt động T-1 «Phổ biến Nghị định 219/2025/NĐ-CP» (thứ Năm, 25/02/2027): đã tổ chức, 85 người tham dự",
		"Công an tỉnh (1 chat)")
	police := to(msgs, groupCongAn)
	if len(police) != 2 || police[0].Kind != coord.OutFiles {
		t.Fatalf("the police group got %+v, want the materials then the card", police)
	}
	card := police[1]
	if !strings.Contains(card.Text, "Đối tượng: doanh nghiệp, người lao động nước ngoài") || card.Buttons[0][1].Data != "trn:d:1" {
		t.Errorf("card %+v", card)
	}
	// The wizard is over.
	if got := e.text(officerA, me, "-"); strings.Contains(got[0].Text, "Đã ghi nhận") {
		t.Errorf("the wizard did not end: %+v", got)
	}
}

// TestTrainingOneMessage: the one-message form with its further lines,
// keys typed without diacritics; an unknown line is refused with what the
// lines may be; a co-organiser declines with the button and a reason, and
// the organiser is told.
func TestTrainingOneMessage(t *testing.T) {
	e := newEnv(t)
	e.enrol(officerA, "ldtbxh")
	e.enrol(officerCA, "congan")
	e.text(admin, group(groupCongAn), "/bindgroup congan")
	me := private(officerA)
	only(t, e.text(officerA, me, "/training 10/04/2027 Tập huấn cán bộ\nDoi tuong: can bo\nGhi chú: phòng 301"), me.ID,
		"Không hiểu dòng «Ghi chú: phòng 301»", "«Đối tượng: …»")
	only(t, e.text(officerA, me, "/training 10/04/2027 Tập huấn cán bộ\nSo nguoi: 40"), me.ID, "Hãy ghi đối tượng")
	msgs := e.text(officerA, me, "/training 10/04/2027 Tập huấn cán bộ cấp xã\nDoi tuong: can bo\nSo nguoi: 40\nPhoi hop: congan")
	only(t, to(msgs, me.ID), me.ID, "Đã ghi nhận hoạt động T-1", "kế hoạch", "/training 1 held <số người>")
	only(t, to(msgs, groupCongAn), groupCongAn, "Số người dự kiến: 40", "Kế hoạch, chưa tổ chức")
	if prompt := e.press(officerCA, group(groupCongAn), 50, "trn:d:1"); !prompt[0].ForceReply || !strings.Contains(prompt[0].Text, "lý do cơ quan không tham gia") {
		t.Fatalf("decline prompt %+v", prompt)
	}
	reply := func(text string) []coord.OutMessage {
		return e.handle(bot.Update{Chat: group(groupCongAn), From: officerCA, MessageID: 60, Text: text, ReplyTo: &bot.Reply{MessageID: 51, FromBot: true}})
	}
	only(t, reply("-"), groupCongAn, "phải nêu lý do") // a dash is no reason; the prompt stays
	msgs = reply("Trùng đợt tổng kiểm tra cư trú")
	only(t, to(msgs, groupCongAn), groupCongAn, "Đã ghi nhận trả lời của cơ quan bạn cho hoạt động T-1")
	only(t, to(msgs, officerA.ID), officerA.ID, "Công an tỉnh trả lời lời mời phối hợp hoạt động T-1", "không tham gia — lý do: Trùng đợt tổng kiểm tra cư trú")
	only(t, e.text(officerA, me, "/training T-1"), me.ID, "Trả lời của cơ quan phối hợp:", "• Công an tỉnh: không tham gia")
	// The police change their mind with the other button.
	only(t, to(e.press(officerCA, group(groupCongAn), 50, "trn:j:1"), groupCongAn), groupCongAn, "tham gia phối hợp hoạt động T-1")
	only(t, e.text(officerA, me, "/training 1"), me.ID, "• Công an tỉnh: tham gia")
	only(t, e.text(officerA, me, "/training plan"), me.ID, "Kế hoạch tuyên truyền", "T-1 · 10/04/2027 · «Tập huấn cán bộ cấp xã»")
	only(t, e.text(officerA, me, "/trainings 20x7"), me.ID, "Năm «20x7» không đúng")
}

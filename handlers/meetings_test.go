package handlers_test

import (
	"strings"
	"testing"
)

// TestMeetingWizard: /meeting alone in the private chat asks for the time,
// the invited, the title, the place and the agenda, one at a time; a bad
// answer is refused politely and the step stays; the last answer calls the
// meeting and the invited group gets the invitation.
func TestMeetingWizard(t *testing.T) {
	e := newEnv(t)
	e.enrol(officerA, "ldtbxh")
	e.text(admin, group(groupCongAn), "/bindgroup congan")
	me := private(officerA)
	only(t, e.text(officerA, me, "/meeting"), me.ID, "bước 1/5")
	only(t, e.text(officerA, me, "mai 9 giờ"), me.ID, "Không hiểu thời gian «mai 9 giờ»")
	only(t, e.text(officerA, me, "15/03/2027 9:30"), me.ID, "Bước 2/5")
	only(t, e.text(officerA, me, "congan,nowhere"), me.ID, "nowhere")
	only(t, e.text(officerA, me, "congan,yte"), me.ID, "Bước 3/5")
	only(t, e.text(officerA, me, "Họp rà soát tạm trú"), me.ID, "Bước 4/5")
	only(t, e.text(officerA, me, "https://meet.example.vn/abc"), me.ID, "Bước 5/5")
	msgs := e.text(officerA, me, "-")
	receipt := only(t, to(msgs, me.ID), me.ID, "Đã gửi giấy mời họp #1 «Họp rà soát tạm trú» (09:30 thứ Hai, 15/03/2027)",
		"(1 chat)", "(chưa gửi được: chưa có nhóm hoặc cán bộ)")
	if strings.Contains(receipt.Text, "))") {
		t.Errorf("the receipt nests parentheses: %s", receipt.Text)
	}
	card := only(t, to(msgs, groupCongAn), groupCongAn, "Giấy mời họp liên ngành #1", "https://meet.example.vn/abc")
	if len(card.Buttons) != 1 || !strings.HasPrefix(card.Buttons[0][0].Data, "mtg:a:1:congan") {
		t.Errorf("invitation buttons %+v", card.Buttons)
	}
	// The wizard is over: another message is not taken as an agenda.
	if got := e.text(officerA, me, "-"); strings.Contains(got[0].Text, "giấy mời") {
		t.Errorf("the wizard did not end: %+v", got)
	}
}

package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
)

// TestBotRemovedFromAGroup: the police group kicks the bot while a report
// is on its way there. The group is unbound (audited), the report goes to
// the police officer privately, the submitter and the admin are told, and
// the next report is delivered privately with a receipt that says so.
func TestBotRemovedFromAGroup(t *testing.T) {
	e := reportsEnv(t)
	groupOwner := bot.Person{ID: 777, FirstName: "Chủ", LastName: "Nhóm"}
	e.markAllSent() // the binding's confirmation went long ago
	e.file(officerA, private(officerA), "/submit 6.4 2027-01", pdf("F1", "a.pdf"))
	msgs := e.handle(bot.Update{Chat: group(groupCongAn), From: groupOwner, BotRemoved: "kicked"})
	if got := to(msgs, groupCongAn); len(got) != 0 {
		t.Errorf("told the group that removed the bot: %+v", got)
	}
	report := to(msgs, officerCA.ID)
	if len(report) != 2 || !strings.Contains(report[0].Text, "vốn gửi vào nhóm «Nhóm thử» của Công an tỉnh") ||
		report[1].Kind != coord.OutFiles || report[1].Files[0].FileID != "F1" {
		t.Fatalf("to the police officer: %+v", report)
	}
	contains(t, only(t, to(msgs, officerA.ID), officerA.ID), "chưa tới được nhóm của Công an tỉnh", "bot đã bị xóa khỏi nhóm", "gửi riêng cho 1 cán bộ")
	contains(t, only(t, to(msgs, adminID), adminID), "Công an tỉnh (congan)", "Nhóm thử", "Chủ Nhóm (mã 777)", "/bindgroup congan")
	if a := e.audit("chat.unbind"); len(a) != 1 || a[0].Actor != groupOwner.ID || !strings.Contains(a[0].After, "kicked") {
		t.Errorf("audit %+v", a)
	}
	only(t, e.text(admin, private(admin), "/unbind congan"), adminID, "chưa được liên kết với nhóm nào")

	msgs = e.file(officerA, private(officerA), "/submit 6.4 2027-01", pdf("F2", "b.pdf"))
	if len(to(msgs, officerCA.ID)) != 1 || len(to(msgs, groupCongAn)) != 0 {
		t.Fatalf("the next report: %+v", msgs)
	}
	contains(t, to(msgs, officerA.ID)[0], "Công an tỉnh (gửi riêng 1 cán bộ)")

	t.Run("AgainDoesNothing", func(t *testing.T) {
		if msgs := e.handle(bot.Update{Chat: group(groupCongAn), From: groupOwner, BotRemoved: "left"}); len(msgs) != 0 {
			t.Errorf("an unbound group's removal sent %+v", msgs)
		}
	})
}

// markAllSent records every queued message as delivered.
func (e *env) markAllSent() {
	e.t.Helper()
	items, err := e.store.PendingOutbox(context.Background(), 0, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	for i, it := range items {
		if err := e.store.MarkSent(context.Background(), it.ID, []int{1000 + i}, e.now); err != nil {
			e.t.Fatal(err)
		}
	}
	e.newMessages()
}

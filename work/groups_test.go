package work_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

var boss = work.Actor{ID: 111, Name: "Quản Trị", Agency: "ldtbxh", Role: coord.RoleAdmin, Lang: coord.LangVI, Chat: 111}

// lose runs GroupLost in its own transaction and queues what it returns,
// as the transport does.
func (w *world) lose(a work.Actor, in work.LostChat) work.LostGroup {
	w.t.Helper()
	var res work.LostGroup
	w.update(func(tx coord.Tx) (err error) {
		res, err = w.s.GroupLost(context.Background(), tx, a, w.now, in)
		if err != nil {
			return err
		}
		return coord.EnqueueAll(context.Background(), tx, res.Messages, w.now)
	})
	return res
}

func (w *world) enqueue(msgs ...coord.OutMessage) {
	w.t.Helper()
	w.update(func(tx coord.Tx) error { return coord.EnqueueAll(context.Background(), tx, msgs, w.now) })
}

func (w *world) pending() []coord.OutboxItem {
	w.t.Helper()
	items, err := w.db.PendingOutbox(context.Background(), 0, 0)
	if err != nil {
		w.t.Fatal(err)
	}
	return items
}

func (w *world) putUser(a work.Actor) {
	w.t.Helper()
	w.update(func(tx coord.Tx) error {
		return tx.PutUser(context.Background(), coord.User{TelegramID: a.ID, Name: a.Name, Agency: a.Agency, Role: a.Role, Lang: a.Lang, CreatedAt: w.now, UpdatedAt: w.now})
	})
}

func TestGroupLostReroutesToOfficersAndTellsTheTruth(t *testing.T) {
	w := newWorld(t)
	w.putUser(hung)
	w.putUser(boss)
	sub, err := w.submit(lan, "6.4", "2027-01", w.now, false)
	if err != nil {
		t.Fatal(err)
	}
	// The delivery to the police group is still pending, with an edit of
	// an older card there, when the group removes the bot.
	w.enqueue(sub.Messages...)
	w.enqueue(coord.OutMessage{Kind: coord.OutEditButtons, ChatID: policeGroup, MessageID: 9})
	w.enqueue(coord.OutMessage{Kind: coord.OutText, ChatID: lan.Chat, Text: "receipt"})
	res := w.lose(work.Actor{ID: 401, Name: "Trưởng nhóm"}, work.LostChat{Chat: policeGroup, Loss: coord.GroupRemovedBot, Reason: "kicked"})
	if !res.Unbound || res.Binding.Code != "congan" || len(res.Taken) != 2 || res.Mode != coord.ToOfficers || res.Reached != 1 {
		t.Fatalf("outcome %+v", res)
	}
	w.update(func(tx coord.Tx) error {
		if _, err := tx.BindingOf(context.Background(), "congan"); coord.ErrorCode(err) != coord.ENotFound {
			t.Errorf("the police group is still bound (%v)", err)
		}
		ds, err := tx.DeliveriesOf(context.Background(), sub.Submission.ID)
		if err != nil {
			return err
		}
		if ds[0].Agency != "congan" || ds[0].Mode != coord.ToOfficers {
			t.Errorf("delivery %+v, want private now", ds[0])
		}
		return nil
	})
	log, err := w.db.AuditLog(context.Background(), 1)
	if err != nil || len(log) != 1 || log[0].Action != "chat.unbind" || log[0].Actor != 401 || !strings.Contains(log[0].After, "kicked") {
		t.Errorf("audit %+v %v, want chat.unbind by 401 with the reason", log, err)
	}
	var toHung, toLan, toBoss []coord.OutMessage
	for _, it := range w.pending() {
		switch it.Msg.ChatID {
		case policeGroup:
			t.Errorf("still pending for the lost group: %+v", it.Msg)
		case hung.ID:
			toHung = append(toHung, it.Msg)
		case lan.Chat:
			toLan = append(toLan, it.Msg)
		case boss.ID:
			toBoss = append(toBoss, it.Msg)
		}
	}
	if len(toHung) != 2 || !strings.Contains(toHung[0].Text, "meant for the group «-300» of Công an tỉnh") ||
		toHung[1].Kind != coord.OutFiles || toHung[1].Files[0].FileID != "F1" || !strings.HasPrefix(toHung[1].Buttons[0][0].Data, texts.CbAck) {
		t.Fatalf("the police officer got %+v, want a word of why, then the report with its «Đã nhận» and no edit", toHung)
	}
	if len(toLan) != 2 || toLan[0].Text != "receipt" {
		t.Fatalf("the submitter got %+v, want the receipt then the correction", toLan)
	}
	for _, want := range []string{"số hiệu 1", "6.4", "chưa tới được nhóm của Công an tỉnh", "bot đã bị xóa khỏi nhóm", "gửi riêng cho 1 cán bộ"} {
		if !strings.Contains(toLan[1].Text, want) {
			t.Errorf("correction lacks %q:\n%s", want, toLan[1].Text)
		}
	}
	if len(toBoss) != 1 {
		t.Fatalf("the admin got %+v", toBoss)
	}
	for _, want := range []string{"Công an tỉnh (congan)", "bot đã bị xóa khỏi nhóm", "hủy liên kết", "Trưởng nhóm", "gửi riêng cho 1 cán bộ", "/bindgroup congan", "1 tin đang chờ"} {
		if !strings.Contains(toBoss[0].Text, want) {
			t.Errorf("admin notice lacks %q:\n%s", want, toBoss[0].Text)
		}
	}
	t.Run("TwiceDoesNothing", func(t *testing.T) {
		if again := w.lose(work.Actor{}, work.LostChat{Chat: policeGroup, Loss: coord.GroupRemovedBot, Reason: "403"}); again.Unbound || len(again.Messages) != 0 {
			t.Errorf("a second loss did %+v", again)
		}
	})
}

func TestGroupLostWithNobodyToReachSaysSo(t *testing.T) {
	w := newWorld(t)
	w.putUser(boss)
	sub, err := w.submit(lan, "6.4", "2027-01", w.now, false)
	if err != nil {
		t.Fatal(err)
	}
	w.enqueue(sub.Messages...)
	res := w.lose(work.Actor{}, work.LostChat{Chat: policeGroup, Loss: coord.GroupGone, Reason: "chat not found"})
	if res.Mode != coord.Unreachable || res.Rerouted != 0 {
		t.Fatalf("outcome %+v", res)
	}
	var correction, notice string
	for _, m := range res.Messages {
		switch m.ChatID {
		case lan.Chat:
			correction = m.Text
		case boss.ID:
			notice = m.Text
		}
	}
	if !strings.Contains(correction, "nhóm không còn tồn tại") || !strings.Contains(correction, "chưa có cán bộ nào ghi danh") {
		t.Errorf("correction:\n%s", correction)
	}
	if !strings.Contains(notice, "/invite congan") || !strings.Contains(notice, "không gửi được cho ai") {
		t.Errorf("admin notice:\n%s", notice)
	}
}

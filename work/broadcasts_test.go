package work_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/work"
)

// binh leads the police; yteGroup is the health department's group, bound
// only where a test binds it.
var binh = work.Actor{ID: 401, Name: "Bình Hoàng", Agency: "congan", Role: coord.RoleLead, Lang: coord.LangVI, Chat: 401}

const yteGroup = -500

// broadcast has a send in to the world's store.
func (w *world) broadcast(a work.Actor, in work.NewBroadcast) (work.BroadcastOut, error) {
	var res work.BroadcastOut
	err := w.db.Update(context.Background(), func(tx coord.Tx) (err error) {
		res, err = w.s.CreateBroadcast(context.Background(), tx, a, w.now, in)
		return err
	})
	return res, err
}

func (w *world) readBroadcast(a work.Actor, id int64, agency string) (work.BroadcastRead, error) {
	var res work.BroadcastRead
	err := w.db.Update(context.Background(), func(tx coord.Tx) (err error) {
		res, err = w.s.ReadBroadcast(context.Background(), tx, a, w.now, id, agency)
		return err
	})
	return res, err
}

func (w *world) remindBroadcast(id int64, agency string) work.BroadcastReminded {
	w.t.Helper()
	var res work.BroadcastReminded
	w.update(func(tx coord.Tx) (err error) {
		res, err = w.s.RemindBroadcast(context.Background(), tx, w.now, id, agency)
		return err
	})
	return res
}

// enrolHung gives the police officer a name the receipts can show.
func (w *world) enrolHung() *world {
	w.update(func(tx coord.Tx) error {
		return tx.PutUser(context.Background(), coord.User{TelegramID: hung.ID, Agency: hung.Agency, Role: hung.Role, Lang: hung.Lang,
			Name: hung.Name, CreatedAt: w.now, UpdatedAt: w.now})
	})
	return w
}

var decree = work.NewBroadcast{Title: "Nghị định 219/2025/NĐ-CP", Text: "Đề nghị các cơ quan triển khai từ ngày 01/04/2027.",
	Files: []coord.FileRef{{FileID: "ND219", Name: "nd-219.pdf"}}, Targets: []string{"congan", "yte"}}

func TestCreateBroadcast(t *testing.T) {
	t.Run("each target gets the files, then the card with «Đã đọc» for its own agency", func(t *testing.T) {
		w := newWorld(t).withAdmins()
		res, err := w.broadcast(thao, decree)
		if err != nil {
			t.Fatal(err)
		}
		b := res.Broadcast
		if b.ID != 1 || b.Number() != "B-1" || b.From != "ldtbxh" || len(b.Targets) != 2 {
			t.Fatalf("broadcast %+v", b)
		}
		// Monday 01/03/2027: reminded on Wednesday 03/03.
		if on := b.Targets[0].RemindOn; on != (coord.Date{Year: 2027, Month: 3, Day: 3}) {
			t.Errorf("remind on %s, want 2027-03-03", on)
		}
		if b.Targets[0].Mode != coord.ToGroup || b.Targets[1].Mode != coord.Unreachable {
			t.Errorf("modes %+v: the police have a group, health nobody", b.Targets)
		}
		if len(res.Messages) != 2 || res.Messages[0].Kind != coord.OutFiles || res.Messages[0].ChatID != policeGroup {
			t.Fatalf("messages %+v, want the files then the card to the police group", res.Messages)
		}
		card := res.Messages[1]
		for _, want := range []string{"📢 Thông báo B-1: Nghị định 219/2025/NĐ-CP\nTừ: Sở Lao động - Thương binh và Xã hội · 09:00 01/03/2027", "triển khai từ ngày 01/04/2027", "Tài liệu kèm theo: 1 tệp", "Xin bấm «Đã đọc»"} {
			if !strings.Contains(card.Text, want) {
				t.Errorf("card lacks %q:\n%s", want, card.Text)
			}
		}
		if card.Buttons[0][0].Data != "bc:r:1:congan" {
			t.Errorf("button data %q", card.Buttons[0][0].Data)
		}
		if res.Reached["congan"] != 1 || res.Reached["yte"] != 0 {
			t.Errorf("reached %v", res.Reached)
		}
	})
	t.Run("all is every agency of the province but the sender's", func(t *testing.T) {
		w := newWorld(t).withAdmins()
		res, err := w.broadcast(thao, work.NewBroadcast{Title: "Khẩn: rà soát lao động nước ngoài", All: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range res.Broadcast.Targets {
			if tg.Agency == "ldtbxh" || tg.Agency == coord.CoordGroup || tg.Agency == "ubnd-tinh" || tg.Agency == "bo-ldtbxh" {
				t.Errorf("%s is a target", tg.Agency)
			}
		}
		if len(res.Broadcast.Targets) < 15 {
			t.Errorf("only %d targets", len(res.Broadcast.Targets))
		}
	})
	t.Run("refusals", func(t *testing.T) {
		w := newWorld(t).withAdmins()
		_, err := w.broadcast(lan, decree)
		refusedWith(t, err, "Chỉ quản trị viên")
		for _, in := range []work.NewBroadcast{{Title: "x", All: true}, {Title: "x", Targets: []string{"congan", "yte"}}} {
			_, err = w.broadcast(binh, in)
			refusedWith(t, err, "chỉ gửi thông báo tới cơ quan mình (Công an tỉnh): hãy gõ /broadcast congan")
		}
		_, err = w.broadcast(thao, work.NewBroadcast{Title: "x", Targets: []string{"congan", "ubnd-tinh"}})
		refusedWith(t, err, "Không có cơ quan «ubnd-tinh»")
		_, err = w.broadcast(thao, work.NewBroadcast{Title: "x", Targets: []string{"nowhere"}})
		refusedWith(t, err, "Không có cơ quan «nowhere»")
		_, err = w.broadcast(thao, work.NewBroadcast{Title: "x"})
		refusedWith(t, err, "ít nhất một cơ quan nhận")
		_, err = w.broadcast(thao, work.NewBroadcast{Title: "  ", Targets: []string{"congan"}})
		refusedWith(t, err, "Cú pháp")
		_, err = w.broadcast(thao, work.NewBroadcast{Title: "x", Text: strings.Repeat("chữ ", 1000), Targets: []string{"congan"}})
		refusedWith(t, err, "quá 3500 ký tự")
		var n int
		w.update(func(tx coord.Tx) error {
			bs, err := tx.Broadcasts(context.Background(), coord.BroadcastFilter{})
			n = len(bs)
			return err
		})
		if n != 0 {
			t.Fatalf("%d broadcasts stored by refused attempts", n)
		}
	})
	t.Run("a lead sends to their own agency", func(t *testing.T) {
		w := newWorld(t)
		res, err := w.broadcast(binh, work.NewBroadcast{Title: "Lịch trực tháng 3", Targets: []string{"CongAn"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Broadcast.Targets) != 1 || res.Broadcast.Targets[0].Agency != "congan" || len(res.Messages) != 1 ||
			res.Messages[0].ChatID != policeGroup {
			t.Errorf("lead's broadcast %+v, messages %+v", res.Broadcast, res.Messages)
		}
	})
}

func TestReadBroadcast(t *testing.T) {
	w := newWorld(t).withAdmins().enrolHung()
	if _, err := w.broadcast(thao, decree); err != nil {
		t.Fatal(err)
	}
	// Another agency's officer cannot mark the police's card; a card of an
	// agency that is not a target is a stale (forged) button.
	_, err := w.readBroadcast(lan, 1, "congan")
	refusedWith(t, err, "Thông báo này gửi cho Công an tỉnh: chỉ cán bộ của cơ quan đó")
	if _, err := w.readBroadcast(lan, 1, "ldtbxh"); coord.ErrorCode(err) != coord.ENotFound {
		t.Errorf("read of a non-target: %v, want ENotFound", err)
	}
	if _, err := w.readBroadcast(hung, 9, "congan"); coord.ErrorCode(err) != coord.ENotFound {
		t.Errorf("read of an unknown broadcast: %v, want ENotFound", err)
	}
	res, err := w.readBroadcast(hung, 1, "congan")
	if err != nil {
		t.Fatal(err)
	}
	if res.Already || len(res.Messages) != 1 || res.Messages[0].ChatID != thao.ID ||
		!strings.Contains(res.Messages[0].Text, "✅ Công an tỉnh đã đọc thông báo B-1 «Nghị định 219/2025/NĐ-CP» (Hùng Phạm, 09:00 01/03/2027). Đã đọc: 1/2 cơ quan.") {
		t.Fatalf("the sender was not told: %+v", res)
	}
	w.now = w.now.Add(3600e9)
	again, err := w.readBroadcast(hung, 1, "congan")
	if err != nil || !again.Already || again.By != "Hùng Phạm" || len(again.Messages) != 0 || !again.Target.ReadAt.Equal(res.Target.ReadAt.UTC()) {
		t.Errorf("second press %+v (%v): want already read by Hùng Phạm at the first time, nobody told", again, err)
	}
	// The sender's view: who read, who has not.
	var view work.BroadcastView
	var receipts string
	w.update(func(tx coord.Tx) (err error) {
		view, err = w.s.SeeBroadcast(context.Background(), tx, thao, 1)
		receipts = w.s.BroadcastReceipts(context.Background(), tx, view.Broadcast, coord.LangVI)
		return err
	})
	for _, want := range []string{"Đã đọc (1/2 cơ quan):\n• Công an tỉnh — Hùng Phạm, 09:00 01/03/2027", "Chưa đọc (1):\n• Sở Y tế — chưa gửi được"} {
		if !view.Sender || !strings.Contains(receipts, want) {
			t.Errorf("sender's view (sender %v) lacks %q:\n%s", view.Sender, want, receipts)
		}
	}
	// Health reads too (an officer privately, since it has no group): the
	// sender hears that everyone has.
	yte := work.Actor{ID: 501, Name: "Hoa Lê", Agency: "yte", Role: coord.RoleOfficer, Lang: coord.LangVI, Chat: 501}
	res, err = w.readBroadcast(yte, 1, "yte")
	if err != nil || len(res.Messages) != 1 || !strings.Contains(res.Messages[0].Text, "Đã đọc: 2/2 cơ quan. Tất cả các cơ quan đã đọc.") {
		t.Errorf("last read %+v (%v)", res, err)
	}
	// A sender whose access was taken back is not told any more.
	if _, err := w.broadcast(thao, decree); err != nil {
		t.Fatal(err)
	}
	w.update(func(tx coord.Tx) error {
		gone := w.now
		return tx.PutUser(context.Background(), coord.User{TelegramID: thao.ID, Agency: thao.Agency, Role: thao.Role, Lang: thao.Lang,
			Name: thao.Name, CreatedAt: w.now, UpdatedAt: w.now, RevokedAt: &gone})
	})
	if res, err := w.readBroadcast(hung, 2, "congan"); err != nil || res.Already || len(res.Messages) != 0 {
		t.Errorf("read of a revoked sender's broadcast: %+v (%v), want recorded and nobody told", res, err)
	}
}

func TestSeeAndListBroadcasts(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t).withAdmins()
	if _, err := w.broadcast(thao, decree); err != nil {
		t.Fatal(err)
	}
	if _, err := w.broadcast(thao, work.NewBroadcast{Title: "Hướng dẫn mới", Targets: []string{"congthuong"}}); err != nil {
		t.Fatal(err)
	}
	see := func(a work.Actor, id int64) (work.BroadcastView, error) {
		var v work.BroadcastView
		err := w.db.View(ctx, func(tx coord.Tx) (err error) {
			v, err = w.s.SeeBroadcast(ctx, tx, a, id)
			return err
		})
		return v, err
	}
	if v, err := see(hung, 1); err != nil || v.Sender {
		t.Errorf("a target officer: %+v (%v), want the target's view", v, err)
	}
	if v, err := see(binh, 1); err != nil || v.Sender {
		t.Errorf("a target agency's lead: %+v (%v), want the target's view (not the sender's)", v, err)
	}
	if v, err := see(lan, 1); err != nil || !v.Sender {
		t.Errorf("an officer of the sending agency: %+v (%v), want the receipts", v, err)
	}
	_, err := see(mai, 1)
	refusedWith(t, err, "Không có thông báo B-1 mà bạn được xem")
	_, err = see(thao, 7)
	refusedWith(t, err, "Không có thông báo B-7")
	var text string
	w.update(func(tx coord.Tx) error {
		v, err := w.s.SeeBroadcast(ctx, tx, hung, 1)
		text = w.s.TargetView(ctx, tx, v.Broadcast, hung.Agency, coord.LangVI)
		return err
	})
	if !strings.Contains(text, "Cơ quan bạn: chưa xác nhận đã đọc.") || strings.Contains(text, "Sở Y tế") {
		t.Errorf("target's view shows another agency's receipt or lacks its own:\n%s", text)
	}
	list := func(a work.Actor) []int64 {
		var ids []int64
		w.update(func(tx coord.Tx) error {
			bs, err := w.s.ListBroadcasts(ctx, tx, a, w.now)
			for _, b := range bs {
				ids = append(ids, b.ID)
			}
			return err
		})
		return ids
	}
	if got := list(thao); len(got) != 2 || got[0] != 2 {
		t.Errorf("admin's list %v, want B-2 then B-1", got)
	}
	if got := list(hung); len(got) != 1 || got[0] != 1 {
		t.Errorf("police list %v, want B-1", got)
	}
	if got := list(lan); len(got) != 2 {
		t.Errorf("ldtbxh (the sender's agency) list %v, want both", got)
	}
}

func TestRemindBroadcast(t *testing.T) {
	w := newWorld(t).withAdmins().enrolHung()
	if _, err := w.broadcast(thao, decree); err != nil {
		t.Fatal(err)
	}
	if _, err := w.readBroadcast(hung, 1, "congan"); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.AddDate(0, 0, 2)
	if res := w.remindBroadcast(1, "congan"); len(res.Messages) != 0 || res.Nowhere {
		t.Errorf("the police read it, yet: %+v", res)
	}
	// Health has nobody yet: nothing recorded, so it is tried again.
	if res := w.remindBroadcast(1, "yte"); !res.Nowhere || len(res.Messages) != 0 {
		t.Errorf("unreachable health: %+v, want nowhere", res)
	}
	w.update(func(tx coord.Tx) error {
		_, err := tx.Bind(context.Background(), coord.ChatBinding{ChatID: yteGroup, Code: "yte", BoundAt: w.now})
		return err
	})
	res := w.remindBroadcast(1, "yte")
	if len(res.Messages) != 2 || res.Messages[0].Kind != coord.OutFiles || res.Messages[0].ChatID != yteGroup {
		t.Fatalf("reminder %+v, want the files (never delivered) and the card to the new group", res.Messages)
	}
	card := res.Messages[1]
	if !strings.HasPrefix(card.Text, "⏰ Nhắc: cơ quan chưa xác nhận đã đọc thông báo B-1 (gửi ngày 01/03/2027)") || card.Buttons[0][0].Data != "bc:r:1:yte" {
		t.Errorf("reminder card %q buttons %+v", card.Text, card.Buttons)
	}
	if again := w.remindBroadcast(1, "yte"); len(again.Messages) != 0 {
		t.Errorf("reminded twice: %+v", again)
	}
}

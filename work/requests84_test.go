package work_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

// The admins of the 8.4 tests: two of the coordinator, one of them in
// English, and a revoked one who must get nothing.
var (
	thao    = work.Actor{ID: 901, Name: "Thảo Lê", Agency: "ldtbxh", Role: coord.RoleAdmin, Lang: coord.LangVI, Chat: 901}
	peter   = work.Actor{ID: 902, Name: "Peter Ng", Agency: "ldtbxh", Role: coord.RoleAdmin, Lang: coord.LangEN, Chat: 902}
	revoked = int64(903)
)

const committeeGroup = -400

// withAdmins enrols thao and peter as admins, and a revoked admin.
func (w *world) withAdmins() *world {
	w.update(func(tx coord.Tx) error {
		ctx := context.Background()
		for _, a := range []work.Actor{thao, peter} {
			if err := tx.PutUser(ctx, coord.User{TelegramID: a.ID, Agency: a.Agency, Role: a.Role, Lang: a.Lang, Name: a.Name,
				CreatedAt: w.now, UpdatedAt: w.now}); err != nil {
				return err
			}
		}
		gone := w.now
		return tx.PutUser(ctx, coord.User{TelegramID: revoked, Agency: "ldtbxh", Role: coord.RoleAdmin, Lang: coord.LangVI,
			CreatedAt: w.now, UpdatedAt: w.now, RevokedAt: &gone})
	})
	return w
}

// ask84 has a of some agency send the 8.4 consultation to targets.
func (w *world) ask84(a work.Actor, typ coord.RequestType, targets ...string) (work.Created, error) {
	var res work.Created
	err := w.db.Update(context.Background(), func(tx coord.Tx) error {
		var err error
		res, err = w.s.CreateRequests(context.Background(), tx, a, w.now, work.NewRequest{Type: typ, Targets: targets,
			Subject: "Trục xuất ông A (nhà đầu tư dự án B)", Due: coord.Date{Year: 2027, Month: 3, Day: 8}})
		return err
	})
	return res, err
}

func refusedWith(t *testing.T, err error, want string) {
	t.Helper()
	var refusal *texts.Refusal
	if !errors.As(err, &refusal) {
		t.Fatalf("err = %v, want a refusal %q", err, want)
	}
	if got := refusal.Msg.In(coord.LangVI, refusal.Args...); !strings.Contains(got, want) {
		t.Fatalf("refusal %q, want %q", got, want)
	}
}

// TestExpel84OnlyFromThePolice: the 8.4 consultation is the Police's alone,
// whoever else asks (an admin included); the provincial People's Committee
// receives no other request, and no other external addressee any request.
func TestExpel84OnlyFromThePolice(t *testing.T) {
	w := newWorld(t).withAdmins()
	for _, a := range []work.Actor{lan, mai, thao} {
		_, err := w.ask84(a, coord.RequestType("expel84"), "ubnd-tinh")
		refusedWith(t, err, "Chỉ Công an tỉnh mới gửi được yêu cầu «Xin ý kiến")
	}
	_, err := w.ask84(hung, coord.ReqOther, "ubnd-tinh")
	refusedWith(t, err, "/request 8.4 ubnd-tinh")
	_, err = w.ask84(lan, coord.RequestType("info"), "ngoaivu", "ubnd-tinh")
	refusedWith(t, err, "Ủy ban nhân dân tỉnh chỉ nhận yêu cầu «Xin ý kiến")
	_, err = w.ask84(hung, coord.RequestType("expel84"), "bo-ldtbxh")
	refusedWith(t, err, "là cơ quan bên ngoài")
	_, err = w.ask84(hung, coord.RequestType("expel84"), "congan")
	refusedWith(t, err, "chính cơ quan mình")
	var n int
	w.update(func(tx coord.Tx) error {
		rs, err := tx.Requests(context.Background(), coord.RequestFilter{})
		n = len(rs)
		return err
	})
	if n != 0 {
		t.Fatalf("%d requests stored by refused attempts", n)
	}
}

// TestExpel84ReachesTheAdmins: with no group bound to ubnd-tinh and no
// officer of its own, the card goes to each enrolled admin privately, in
// their language, with the buttons; an internal target of the same
// request is reached as usual (ngoaivu: nobody), not through the admins.
func TestExpel84ReachesTheAdmins(t *testing.T) {
	w := newWorld(t).withAdmins()
	res, err := w.ask84(hung, coord.RequestType("expel84"), "ubnd-tinh", "ngoaivu")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Requests) != 2 || res.Requests[0].Mode != coord.ToAdmins || res.Requests[0].Reached != 2 ||
		res.Requests[1].Mode != coord.Unreachable {
		t.Fatalf("made %+v", res.Requests)
	}
	chats := map[int64]coord.OutMessage{}
	for _, m := range res.Messages {
		chats[m.ChatID] = m
	}
	if _, ok := chats[revoked]; ok || len(chats) != 2 || len(res.Messages) != 2 {
		t.Fatalf("cards went to %v", chats)
	}
	vi, en := chats[thao.ID], chats[peter.ID]
	if !strings.Contains(vi.Text, "Xin ý kiến trước khi rút ngắn thời hạn cư trú / trục xuất (Điều 8.4)") ||
		!strings.Contains(vi.Text, "Gửi: Ủy ban nhân dân tỉnh") || len(vi.Buttons) != 1 || vi.Buttons[0][0].Data != texts.CbReqAccept+"1" {
		t.Fatalf("admin's card %+v", vi)
	}
	if !strings.Contains(en.Text, "Consultation before shortening a stay or expelling (Article 8.4)") || len(en.Buttons) != 1 {
		t.Fatalf("English admin's card %+v", en)
	}
}

// TestExpel84ReachesTheBoundGroup: once a group is bound to ubnd-tinh, the
// card goes there and not to the admins.
func TestExpel84ReachesTheBoundGroup(t *testing.T) {
	w := newWorld(t).withAdmins()
	w.update(func(tx coord.Tx) error {
		_, err := tx.Bind(context.Background(), coord.ChatBinding{ChatID: committeeGroup, Code: "ubnd-tinh", BoundAt: w.now})
		return err
	})
	res, err := w.ask84(hung, coord.RequestType("expel84"), "ubnd-tinh")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Requests) != 1 || res.Requests[0].Mode != coord.ToGroup || len(res.Messages) != 1 ||
		res.Messages[0].ChatID != committeeGroup || len(res.Messages[0].Buttons) != 1 {
		t.Fatalf("made %+v, sent %+v", res.Requests, res.Messages)
	}
}

// TestExpel84NobodyToReach: no group, no officer, no admin: stored and
// said to be undelivered.
func TestExpel84NobodyToReach(t *testing.T) {
	w := newWorld(t)
	res, err := w.ask84(hung, coord.RequestType("expel84"), "ubnd-tinh")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Requests) != 1 || res.Requests[0].Mode != coord.Unreachable || len(res.Messages) != 0 {
		t.Fatalf("made %+v, sent %+v", res.Requests, res.Messages)
	}
}

// TestAdminActsForTheCommittee: an admin accepts, and answers for ubnd-tinh,
// which has no officers; the Police group is told, in the committee's
// name, that an admin entered it; the history and the audit say who.
// Admins get no wider power: not on a request between two agencies, not
// on the requester's side, not once the committee has an officer.
func TestAdminActsForTheCommittee(t *testing.T) {
	w := newWorld(t).withAdmins()
	if _, err := w.ask84(hung, coord.RequestType("expel84"), "ubnd-tinh"); err != nil {
		t.Fatal(err)
	}
	w.create() // #2: ldtbxh asks the police
	if err := w.canAct(thao, 1, coord.ActAnswer); err != nil {
		t.Fatalf("admin may not answer for the committee: %v", err)
	}
	if _, err := w.act(thao, work.Step{Request: 1, Action: coord.ActCancel}); err == nil {
		t.Fatal("an admin cancelled the Police's request")
	}
	if _, err := w.act(thao, work.Step{Request: 1, Action: coord.ActDecline}); err == nil {
		t.Fatal("a decline without a reason")
	}
	res, err := w.act(thao, work.Step{Request: 1, Action: coord.ActAccept})
	if err != nil {
		t.Fatal(err)
	}
	if res.Other != "congan" || len(res.Messages) != 1 || res.Messages[0].ChatID != policeGroup {
		t.Fatalf("accept %+v", res)
	}
	res, err = w.act(peter, work.Step{Request: 1, Action: coord.ActAnswer, Text: "UBND tỉnh đồng ý, đề nghị phối hợp Sở Ngoại vụ"})
	if err != nil {
		t.Fatal(err)
	}
	// The Police group (read in Vietnamese) is the only chat told.
	if res.Request.State != coord.ReqAnswered || len(res.Messages) != 1 || res.Messages[0].ChatID != policeGroup ||
		!strings.Contains(res.Messages[0].Text, "Ủy ban nhân dân tỉnh đã trả lời") ||
		!strings.Contains(res.Messages[0].Text, "UBND tỉnh đồng ý") || !strings.Contains(res.Messages[0].Text, "Peter Ng") {
		t.Fatalf("answer %+v", res.Messages)
	}
	w.update(func(tx coord.Tx) error {
		evs, err := tx.RequestEvents(context.Background(), 1)
		if err != nil {
			return err
		}
		last := evs[len(evs)-1]
		if last.Action != coord.ActAnswer || last.Actor != peter.ID || last.ActorAgency != "ubnd-tinh" {
			t.Errorf("history %+v", last)
		}
		return nil
	})
	log, err := w.db.AuditLog(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range log {
		if e.Action == "request.answer" && e.Actor == peter.ID && strings.Contains(e.After, `"on_behalf_of":"ubnd-tinh"`) {
			found = true
		}
	}
	if !found {
		t.Errorf("no audit row of the admin's answer for ubnd-tinh in %+v", log)
	}

	// Nothing wider: request #2 is between ldtbxh and congan, so an admin
	// of ldtbxh is its requester and one of a third agency no party.
	refusedWith(t, w.canAct(peter, 2, coord.ActAccept), "cơ quan được yêu cầu")
	third := work.Actor{ID: 904, Name: "Khoa", Agency: "congthuong", Role: coord.RoleAdmin, Lang: coord.LangVI, Chat: 904}
	refusedWith(t, w.canAct(third, 2, coord.ActAccept), "không tham gia")
	// Once the committee has an officer, it answers for itself.
	if _, err := w.ask84(hung, coord.RequestType("expel84"), "ubnd-tinh"); err != nil {
		t.Fatal(err)
	}
	w.update(func(tx coord.Tx) error {
		return tx.PutUser(context.Background(), coord.User{TelegramID: 950, Agency: "ubnd-tinh", Role: coord.RoleOfficer,
			Lang: coord.LangVI, CreatedAt: w.now, UpdatedAt: w.now})
	})
	refusedWith(t, w.canAct(thao, 3, coord.ActAccept), "không tham gia")
	// An ordinary officer of another agency never could.
	refusedWith(t, w.canAct(mai, 1, coord.ActComment), "không tham gia")
}

// TestExpel84CommentAndReminderReachTheAdmins: what the Police say about
// the request, and the scheduler's overdue reminder, go where the card
// went: the admins.
func TestExpel84CommentAndReminderReachTheAdmins(t *testing.T) {
	w := newWorld(t).withAdmins()
	if _, err := w.ask84(hung, coord.RequestType("expel84"), "ubnd-tinh"); err != nil {
		t.Fatal(err)
	}
	res, err := w.act(hung, work.Step{Request: 1, Action: coord.ActComment, Text: "Hồ sơ kèm theo"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Messages) != 2 || res.Messages[0].ChatID != thao.ID || res.Messages[1].ChatID != peter.ID {
		t.Fatalf("comment %+v", res.Messages)
	}
	var od work.Overdue
	w.update(func(tx coord.Tx) error {
		var err error
		od, err = w.s.RemindOverdue(context.Background(), tx, w.now, 1, 1)
		return err
	})
	if !od.Sent || len(od.Messages) != 2 {
		t.Fatalf("reminder %+v", od)
	}
}

func (w *world) canAct(a work.Actor, id int64, action coord.RequestAction) error {
	var out error
	w.update(func(tx coord.Tx) error {
		out = w.s.CanAct(context.Background(), tx, a, id, action)
		return nil
	})
	return out
}

// TestRequestTypeSendersAndRecipients: a type's senders and recipients are
// config.yaml's (request_types): the criminal-record look-up (8.5) goes
// from Justice to the Police only.
func TestRequestTypeSendersAndRecipients(t *testing.T) {
	w := newWorld(t)
	justice := work.Actor{ID: 950, Name: "Vũ Hà", Agency: "tuphap", Role: coord.RoleOfficer, Lang: coord.LangVI, Chat: 950}
	_, err := w.ask84(lan, coord.RequestType("record"), "congan")
	refusedWith(t, err, "Chỉ Sở Tư pháp mới gửi được yêu cầu «Tra cứu lý lịch tư pháp (Điều 8.5)»")
	_, err = w.ask84(justice, coord.RequestType("record"), "congan", "ngoaivu")
	refusedWith(t, err, "Yêu cầu «Tra cứu lý lịch tư pháp (Điều 8.5)» chỉ gửi được tới Công an tỉnh")
	if _, err := w.ask84(justice, coord.RequestType("record"), "congan"); err != nil {
		t.Fatalf("Justice to the Police refused: %v", err)
	}
	_, err = w.ask84(lan, coord.RequestType("nosuch"), "congan")
	refusedWith(t, err, "Không có loại yêu cầu «nosuch»")
}

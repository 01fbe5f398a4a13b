package work_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/testkit"
	"github.com/bacgiang/fwbot/storage/sqlite"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

// world is a service on the repository's config.yaml and an in-memory
// store: the police (congan) has a group, ldtbxh an officer in private.
type world struct {
	t   *testing.T
	s   *work.Service
	db  *sqlite.DB
	now time.Time
}

const policeGroup = -300

var (
	lan  = work.Actor{ID: 201, Name: "Lan Nguyễn", Agency: "ldtbxh", Role: coord.RoleOfficer, Lang: coord.LangVI, Chat: 201}
	hung = work.Actor{ID: 301, Name: "Hùng Phạm", Agency: "congan", Role: coord.RoleOfficer, Lang: coord.LangEN, Chat: policeGroup}
	mai  = work.Actor{ID: 302, Name: "Mai Đỗ", Agency: "congthuong", Role: coord.RoleOfficer, Lang: coord.LangVI, Chat: 302}
)

func newWorld(t *testing.T) *world {
	t.Helper()
	cfg := testkit.Config(t)
	w := &world{t: t, db: testkit.MemoryStore(t, cfg), now: time.Date(2027, 3, 1, 9, 0, 0, 0, cfg.Location), s: testkit.Work(cfg)}
	w.update(func(tx coord.Tx) error {
		ctx := context.Background()
		if err := tx.PutUser(ctx, coord.User{TelegramID: lan.ID, Agency: lan.Agency, Role: lan.Role, Lang: lan.Lang, CreatedAt: w.now, UpdatedAt: w.now}); err != nil {
			return err
		}
		_, err := tx.Bind(ctx, coord.ChatBinding{ChatID: policeGroup, Code: "congan", BoundAt: w.now})
		return err
	})
	return w
}

func (w *world) update(fn func(tx coord.Tx) error) {
	w.t.Helper()
	if err := w.db.Update(context.Background(), fn); err != nil {
		w.t.Fatal(err)
	}
}

// create has lan ask the police for something due 15/03/2027.
func (w *world) create() work.Created {
	w.t.Helper()
	var res work.Created
	w.update(func(tx coord.Tx) error {
		var err error
		res, err = w.s.CreateRequests(context.Background(), tx, lan, w.now, work.NewRequest{Type: coord.RequestType("verify"),
			Targets: []string{"congan"}, Subject: "Tra cứu lý lịch", Due: coord.Date{Year: 2027, Month: 3, Day: 15}})
		return err
	})
	return res
}

func (w *world) act(a work.Actor, st work.Step) (work.Acted, error) {
	var res work.Acted
	err := w.db.Update(context.Background(), func(tx coord.Tx) error {
		var err error
		res, err = w.s.Act(context.Background(), tx, a, w.now, st)
		return err
	})
	return res, err
}

// TestCreateRequestsSendsTheCard: the use case returns the card for the
// target's group as a value, with the buttons the target may press.
func TestCreateRequestsSendsTheCard(t *testing.T) {
	w := newWorld(t)
	res := w.create()
	if len(res.Requests) != 1 || res.Requests[0].Mode != coord.ToGroup || res.Requests[0].Request.ID != 1 {
		t.Fatalf("made %+v", res.Requests)
	}
	if len(res.Messages) != 1 {
		t.Fatalf("messages %+v, want the card only", res.Messages)
	}
	card := res.Messages[0]
	if card.ChatID != policeGroup || !strings.Contains(card.Text, "Yêu cầu phối hợp #1") || card.Ref != "request:1" ||
		len(card.Buttons) != 1 || card.Buttons[0][0].Data != texts.CbReqAccept+"1" {
		t.Fatalf("card %+v", card)
	}
}

// TestActFollowsTheStateMachine: the target accepts and the requester is
// told; a third agency and a decline without a reason are refused with a
// text for the officer, and change nothing.
func TestActFollowsTheStateMachine(t *testing.T) {
	w := newWorld(t)
	w.create()
	var refusal *texts.Refusal
	if _, err := w.act(mai, work.Step{Request: 1, Action: coord.ActAccept}); !errors.As(err, &refusal) ||
		!strings.Contains(refusal.Msg.In(coord.LangVI, refusal.Args...), "không tham gia") {
		t.Fatalf("a third agency's accept: %v", err)
	}
	if _, err := w.act(hung, work.Step{Request: 1, Action: coord.ActDecline, Text: "  "}); !errors.As(err, &refusal) ||
		!strings.Contains(refusal.Msg.VI, "phải nêu rõ lý do") {
		t.Fatalf("a decline without a reason: %v", err)
	}
	res, err := w.act(hung, work.Step{Request: 1, Action: coord.ActAccept})
	if err != nil {
		t.Fatal(err)
	}
	if res.Before != coord.ReqOpen || res.Request.State != coord.ReqAccepted || res.Other != "ldtbxh" {
		t.Fatalf("acted %+v", res)
	}
	if len(res.Messages) != 1 || res.Messages[0].ChatID != lan.ID || !strings.Contains(res.Messages[0].Text, "Công an tỉnh đã nhận xử lý") {
		t.Fatalf("notice %+v", res.Messages)
	}
	if _, err := w.act(hung, work.Step{Request: 1, Action: coord.ActAccept}); !errors.As(err, &refusal) {
		t.Fatalf("accepting twice: %v", err)
	}
}

// TestOverdueStopsWhenClosed: the scheduler's reminder of an overdue
// request goes to the target and into the history; once the request is
// answered, there is nothing to remind.
func TestOverdueStopsWhenClosed(t *testing.T) {
	w := newWorld(t)
	w.create()
	var res work.Overdue
	w.update(func(tx coord.Tx) error {
		var err error
		res, err = w.s.RemindOverdue(context.Background(), tx, w.now, 1, 2)
		return err
	})
	if !res.Sent || len(res.Messages) != 1 || res.Messages[0].ChatID != policeGroup || !strings.Contains(res.Messages[0].Text, "quá 2 ngày làm việc") {
		t.Fatalf("reminder %+v", res)
	}
	if _, err := w.act(hung, work.Step{Request: 1, Action: coord.ActAnswer, Text: "Không có tiền án"}); err != nil {
		t.Fatal(err)
	}
	w.update(func(tx coord.Tx) error {
		var err error
		res, err = w.s.Escalate(context.Background(), tx, w.now, 1, 4)
		return err
	})
	if res.Sent || len(res.Messages) != 0 {
		t.Fatalf("an answered request escalated: %+v", res)
	}
}

package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// march is a day of March 2027.
func march(d int) coord.Date { return coord.Date{Year: 2027, Month: time.March, Day: d} }

// request is an open information request from one agency to another.
func request(from, to string, due coord.Date) coord.Request {
	return coord.Request{Type: coord.RequestType("info"), From: from, To: to, Subject: "Xin thông tin", Body: "Nội dung",
		Due: due, State: coord.ReqOpen, CreatedBy: 5001, CreatedAt: t0, UpdatedAt: t0}
}

// Requests checks coord.Requests: numbering, filters, guarded state moves,
// histories and the open counts.
func Requests(t *testing.T, f Factory) {
	ctx := context.Background()
	create := func(t *testing.T, s coord.Store, r coord.Request) coord.Request {
		t.Helper()
		update(t, s, func(tx coord.Tx) error { return tx.CreateRequest(ctx, &r) })
		return r
	}
	get := func(t *testing.T, s coord.Store, id int64) coord.Request {
		t.Helper()
		var r coord.Request
		view(t, s, func(tx coord.Tx) (err error) {
			r, err = tx.Request(ctx, id)
			return err
		})
		return r
	}
	list := func(t *testing.T, s coord.Store, f coord.RequestFilter) []int64 {
		t.Helper()
		var ids []int64
		view(t, s, func(tx coord.Tx) error {
			rs, err := tx.Requests(ctx, f)
			for _, r := range rs {
				ids = append(ids, r.ID)
			}
			return err
		})
		return ids
	}
	move := func(s coord.Store, id int64, from, to coord.RequestState, at time.Time) error {
		return s.Update(ctx, func(tx coord.Tx) error { return tx.SetRequestState(ctx, id, from, to, at) })
	}
	events := func(t *testing.T, s coord.Store, id int64) []coord.RequestEvent {
		t.Helper()
		var es []coord.RequestEvent
		view(t, s, func(tx coord.Tx) (err error) {
			es, err = tx.RequestEvents(ctx, id)
			return err
		})
		return es
	}
	counts := func(t *testing.T, s coord.Store, today coord.Date) map[string]coord.RequestCount {
		t.Helper()
		var c map[string]coord.RequestCount
		view(t, s, func(tx coord.Tx) (err error) {
			c, err = tx.RequestCounts(ctx, today)
			return err
		})
		return c
	}

	t.Run("each request gets its own number, in the order they were made", func(t *testing.T) {
		s := open(t, f)
		a := create(t, s, request(agencyA, agencyB, march(20)))
		b := create(t, s, request(agencyA, agencyC, march(20)))
		c := create(t, s, request(agencyB, agencyA, march(20)))
		if a.ID <= 0 || !(a.ID < b.ID && b.ID < c.ID) {
			t.Errorf("numbers %d, %d, %d; want positive and increasing", a.ID, b.ID, c.ID)
		}
	})

	t.Run("a request reads back field by field with its files", func(t *testing.T) {
		s := open(t, f)
		want := request(agencyA, agencyB, march(31))
		want.Type, want.Subject, want.Body = coord.RequestType("record"), "Lý lịch tư pháp", "Ông X, hộ chiếu C123"
		want.UpdatedAt = t0.Add(time.Minute)
		want.Files = []coord.FileRef{{FileID: "f1", Name: "ho-so.pdf"}, {FileID: "f2", Photo: true}}
		want = create(t, s, want)
		got := get(t, s, want.ID)
		sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
		sameTime(t, "UpdatedAt", got.UpdatedAt, want.UpdatedAt)
		got.CreatedAt, got.UpdatedAt = want.CreatedAt, want.UpdatedAt
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
			t.Errorf("request = %+v, want %+v", got, want)
		}
	})

	t.Run("a request without files reads back without files", func(t *testing.T) {
		s := open(t, f)
		r := create(t, s, request(agencyA, agencyB, march(31)))
		if got := get(t, s, r.ID); len(got.Files) != 0 {
			t.Errorf("files = %+v, want none", got.Files)
		}
	})

	t.Run("an unknown number is not found", func(t *testing.T) {
		s := open(t, f)
		view(t, s, func(tx coord.Tx) error {
			_, err := tx.Request(ctx, 404)
			wantNotFound(t, "Request(404)", err)
			return nil
		})
	})

	t.Run("a request rolled back with its update is not kept", func(t *testing.T) {
		s := open(t, f)
		rolledBack(t, s, func(tx coord.Tx) error {
			r := request(agencyA, agencyB, march(20))
			return tx.CreateRequest(ctx, &r)
		})
		if ids := list(t, s, coord.RequestFilter{}); len(ids) != 0 {
			t.Errorf("requests = %v, want none", ids)
		}
	})

	t.Run("Requests filters by agency on either side, from, to, states and due day, by number", func(t *testing.T) {
		s := open(t, f)
		ab := create(t, s, request(agencyA, agencyB, march(10))).ID
		ba := create(t, s, request(agencyB, agencyA, march(12))).ID
		cb := create(t, s, request(agencyC, agencyB, march(15))).ID
		ac := create(t, s, request(agencyA, agencyC, march(11))).ID
		if err := move(s, cb, coord.ReqOpen, coord.ReqAnswered, t0); err != nil {
			t.Fatal(err)
		}
		if err := move(s, ba, coord.ReqOpen, coord.ReqAccepted, t0); err != nil {
			t.Fatal(err)
		}
		check := func(name string, f coord.RequestFilter, want ...int64) {
			t.Helper()
			if got := list(t, s, f); !slices.Equal(got, want) {
				t.Errorf("%s: %v, want %v", name, got, want)
			}
		}
		check("all", coord.RequestFilter{}, ab, ba, cb, ac)
		check("agency on either side", coord.RequestFilter{Agency: agencyA}, ab, ba, ac)
		check("from", coord.RequestFilter{From: agencyA}, ab, ac)
		check("to", coord.RequestFilter{To: agencyB}, ab, cb)
		check("open states", coord.RequestFilter{States: coord.OpenStates}, ab, ba, ac)
		check("one state", coord.RequestFilter{States: []coord.RequestState{coord.ReqAnswered}}, cb)
		check("due strictly before", coord.RequestFilter{DueBefore: march(12)}, ab, ac)
		check("together", coord.RequestFilter{Agency: agencyB, States: coord.OpenStates, DueBefore: march(13)}, ab, ba)
		check("nothing matches", coord.RequestFilter{From: agencyC, States: coord.OpenStates})
	})

	t.Run("moving a request from its state changes it and its update time", func(t *testing.T) {
		s := open(t, f)
		r := create(t, s, request(agencyA, agencyB, march(20)))
		if err := move(s, r.ID, coord.ReqOpen, coord.ReqAccepted, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		got := get(t, s, r.ID)
		if got.State != coord.ReqAccepted {
			t.Errorf("state = %s, want accepted", got.State)
		}
		sameTime(t, "UpdatedAt", got.UpdatedAt, t0.Add(time.Hour))
		sameTime(t, "CreatedAt", got.CreatedAt, t0)
	})

	t.Run("moving a request from a state it is no longer in is a conflict and changes nothing", func(t *testing.T) {
		s := open(t, f)
		r := create(t, s, request(agencyA, agencyB, march(20)))
		if err := move(s, r.ID, coord.ReqOpen, coord.ReqCancelled, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "accepting a cancelled request", move(s, r.ID, coord.ReqOpen, coord.ReqAccepted, t0.Add(2*time.Hour)), coord.EConflict)
		got := get(t, s, r.ID)
		if got.State != coord.ReqCancelled {
			t.Errorf("state = %s, want cancelled", got.State)
		}
		sameTime(t, "UpdatedAt", got.UpdatedAt, t0.Add(time.Hour))
	})

	t.Run("moving an unknown request is not found", func(t *testing.T) {
		s := open(t, f)
		wantNotFound(t, "SetRequestState(404)", move(s, 404, coord.ReqOpen, coord.ReqAccepted, t0))
	})

	t.Run("events get their own ids and read back in the order recorded", func(t *testing.T) {
		s := open(t, f)
		r := create(t, s, request(agencyA, agencyB, march(20)))
		want := []coord.RequestEvent{
			{RequestID: r.ID, At: t0, Actor: 5001, ActorAgency: agencyA, Action: coord.ActCreate},
			{RequestID: r.ID, At: t0.Add(time.Hour), Actor: 6001, ActorAgency: agencyB, Action: coord.ActAnswer,
				Text: "Đã có kết quả", Files: []coord.FileRef{{FileID: "f9", Name: "kq.pdf"}}},
			{RequestID: r.ID, At: t0.Add(-time.Hour), Action: coord.ActRemind},
		}
		for i := range want {
			update(t, s, func(tx coord.Tx) error { return tx.AddRequestEvent(ctx, &want[i]) })
		}
		if want[0].ID == 0 || want[0].ID == want[1].ID || want[1].ID == want[2].ID {
			t.Errorf("event ids %d, %d, %d; want distinct non-zero ids", want[0].ID, want[1].ID, want[2].ID)
		}
		got := events(t, s, r.ID)
		if len(got) != len(want) {
			t.Fatalf("%d events, want %d", len(got), len(want))
		}
		for i := range got {
			sameTime(t, "At", got[i].At, want[i].At)
			got[i].At = want[i].At
			if fmt.Sprintf("%+v", got[i]) != fmt.Sprintf("%+v", want[i]) {
				t.Errorf("event %d = %+v, want %+v", i, got[i], want[i])
			}
		}
	})

	t.Run("a request's history holds its own events only", func(t *testing.T) {
		s := open(t, f)
		a := create(t, s, request(agencyA, agencyB, march(20)))
		b := create(t, s, request(agencyA, agencyB, march(20)))
		update(t, s, func(tx coord.Tx) error {
			return tx.AddRequestEvent(ctx, &coord.RequestEvent{RequestID: a.ID, At: t0, Action: coord.ActCreate})
		})
		if got := events(t, s, b.ID); len(got) != 0 {
			t.Errorf("events of the other request = %+v, want none", got)
		}
	})

	t.Run("RequestCounts counts open and accepted requests each way, and the overdue ones", func(t *testing.T) {
		s := open(t, f)
		today := march(15)
		create(t, s, request(agencyA, agencyB, march(14)))            // overdue
		create(t, s, request(agencyA, agencyB, march(15)))            // due today: not overdue
		accepted := create(t, s, request(agencyC, agencyB, march(1))) // overdue once accepted too
		answered := create(t, s, request(agencyA, agencyB, march(1)))
		declined := create(t, s, request(agencyB, agencyA, march(1)))
		if err := move(s, accepted.ID, coord.ReqOpen, coord.ReqAccepted, t0); err != nil {
			t.Fatal(err)
		}
		if err := move(s, answered.ID, coord.ReqOpen, coord.ReqAnswered, t0); err != nil {
			t.Fatal(err)
		}
		if err := move(s, declined.ID, coord.ReqOpen, coord.ReqDeclined, t0); err != nil {
			t.Fatal(err)
		}
		got := counts(t, s, today)
		want := map[string]coord.RequestCount{
			agencyA: {Out: 2, OutOverdue: 1},
			agencyB: {In: 3, InOverdue: 2},
			agencyC: {Out: 1, OutOverdue: 1},
		}
		for _, a := range []string{agencyA, agencyB, agencyC} {
			if got[a] != want[a] {
				t.Errorf("%s: %+v, want %+v", a, got[a], want[a])
			}
		}
	})

	t.Run("RequestCounts without open requests is all zero", func(t *testing.T) {
		s := open(t, f)
		r := create(t, s, request(agencyA, agencyB, march(1)))
		if err := move(s, r.ID, coord.ReqOpen, coord.ReqCancelled, t0); err != nil {
			t.Fatal(err)
		}
		for a, c := range counts(t, s, march(15)) {
			if c != (coord.RequestCount{}) {
				t.Errorf("%s: %+v, want zero", a, c)
			}
		}
	})
}

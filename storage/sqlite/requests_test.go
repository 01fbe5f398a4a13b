package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

func TestFileRequests(t *testing.T) {
	testRequests(t, func(t *testing.T) *DB {
		return openAt(t, filepath.Join(t.TempDir(), "data", "bot.db"))
	})
}

func TestMemoryRequests(t *testing.T) {
	testRequests(t, func(t *testing.T) *DB { return openAt(t, Memory) })
}

// day builds a calendar day of March 2027.
func day(d int) coord.Date { return coord.Date{Year: 2027, Month: time.March, Day: d} }

// newRequest builds an open request with one document per name given.
func newRequest(from, to string, due coord.Date, files ...string) coord.Request {
	r := coord.Request{
		Type: coord.RequestType("info"), From: from, To: to, Subject: "Xin thông tin lao động nước ngoài",
		Body: "Đề nghị cung cấp danh sách.", Due: due, State: coord.ReqOpen, CreatedBy: 1,
		CreatedAt: t0, UpdatedAt: t0,
	}
	for _, name := range files {
		r.Files = append(r.Files, coord.FileRef{FileID: "fid-" + name, Name: name})
	}
	return r
}

// createRequest stores r in its own transaction and returns it as numbered.
func createRequest(t *testing.T, db *DB, r coord.Request) coord.Request {
	t.Helper()
	update(t, db, func(tx coord.Tx) error { return tx.CreateRequest(context.Background(), &r) })
	return r
}

// utcRequest returns r with its times in UTC, as the store gives them back.
func utcRequest(r coord.Request) coord.Request {
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r
}

func requestIDs(rs []coord.Request) []int64 {
	out := []int64{}
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func testRequests(t *testing.T, open func(t *testing.T) *DB) {
	ctx := context.Background()

	t.Run("RoundTrip", func(t *testing.T) {
		db := open(t)
		r := newRequest("ca", "bqlkcn", day(21), "công văn.pdf")
		r.Files = append(r.Files, coord.FileRef{FileID: "fid-photo", Photo: true})
		r.Type, r.CreatedBy = coord.RequestType("record"), 77
		r = createRequest(t, db, r)
		bare := newRequest("bqlkcn", "ldtbxh", day(1))
		bare.UpdatedAt = time.Time{} // taken to be CreatedAt
		bare = createRequest(t, db, bare)
		if r.ID == 0 || bare.ID <= r.ID {
			t.Fatalf("request ids %d, %d; want increasing", r.ID, bare.ID)
		}
		if !bare.UpdatedAt.Equal(t0) {
			t.Errorf("zero UpdatedAt became %v, want CreatedAt %v", bare.UpdatedAt, t0)
		}
		check := func(tx coord.Tx) error {
			for _, want := range []coord.Request{r, bare} {
				got, err := tx.Request(ctx, want.ID)
				if err != nil {
					return err
				}
				if got.CreatedAt.Location() != time.UTC {
					t.Errorf("created_at location %v, want UTC", got.CreatedAt.Location())
				}
				if !reflect.DeepEqual(got, utcRequest(want)) {
					t.Errorf("Request(%d) =\n%+v\nwant\n%+v", want.ID, got, utcRequest(want))
				}
			}
			if _, err := tx.Request(ctx, 9999); !isNotFound(err) {
				t.Errorf("Request(9999) error = %v, want ErrNotFound", err)
			}
			return nil
		}
		update(t, db, check)
		if err := db.View(ctx, check); err != nil {
			t.Fatalf("View: %v", err)
		}
		var due, files string
		if err := db.x.QueryRowContext(ctx, `SELECT due_date, files FROM requests WHERE id = ?`, bare.ID).Scan(&due, &files); err != nil {
			t.Fatal(err)
		}
		if due != "2027-03-01" || files != "[]" {
			t.Errorf("stored due_date %q, files %q; want 2027-03-01 and []", due, files)
		}
	})

	t.Run("Filters", func(t *testing.T) {
		db := open(t)
		a := createRequest(t, db, newRequest("ca", "bqlkcn", day(20), "a.pdf"))
		b := createRequest(t, db, newRequest("bqlkcn", "ca", day(18)))
		c := createRequest(t, db, newRequest("ldtbxh", "ca", day(10), "c1.pdf", "c2.pdf"))
		d := createRequest(t, db, newRequest("ldtbxh", "bqlkcn", day(25)))
		update(t, db, func(tx coord.Tx) error {
			if err := tx.SetRequestState(ctx, b.ID, coord.ReqOpen, coord.ReqAccepted, t0); err != nil {
				return err
			}
			return tx.SetRequestState(ctx, c.ID, coord.ReqOpen, coord.ReqAnswered, t0)
		})
		b.State, c.State = coord.ReqAccepted, coord.ReqAnswered
		all := map[int64]coord.Request{a.ID: a, b.ID: b, c.ID: c, d.ID: d}

		awaited := []coord.RequestState{coord.ReqOpen, coord.ReqAccepted}
		for _, tc := range []struct {
			name string
			f    coord.RequestFilter
			want []coord.Request
		}{
			{"All", coord.RequestFilter{}, []coord.Request{a, b, c, d}},
			{"AgencyEitherSide", coord.RequestFilter{Agency: "ca"}, []coord.Request{a, b, c}},
			{"AgencyOtherSide", coord.RequestFilter{Agency: "bqlkcn"}, []coord.Request{a, b, d}},
			{"From", coord.RequestFilter{From: "ca"}, []coord.Request{a}},
			{"To", coord.RequestFilter{To: "ca"}, []coord.Request{b, c}},
			{"FromAndTo", coord.RequestFilter{From: "ldtbxh", To: "bqlkcn"}, []coord.Request{d}},
			{"State", coord.RequestFilter{States: []coord.RequestState{coord.ReqOpen}}, []coord.Request{a, d}},
			{"States", coord.RequestFilter{States: awaited}, []coord.Request{a, b, d}},
			// Strictly before: a, due on the 20th, is not.
			{"DueBefore", coord.RequestFilter{DueBefore: day(20)}, []coord.Request{b, c}},
			{"Overdue", coord.RequestFilter{Agency: "ca", States: awaited, DueBefore: day(21)}, []coord.Request{a, b}},
			{"None", coord.RequestFilter{From: "ca", To: "ldtbxh"}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				update(t, db, func(tx coord.Tx) error {
					got, err := tx.Requests(ctx, tc.f)
					if err != nil {
						return err
					}
					if !reflect.DeepEqual(requestIDs(got), requestIDs(tc.want)) {
						t.Fatalf("Requests(%+v) = ids %v, want %v", tc.f, requestIDs(got), requestIDs(tc.want))
					}
					for _, r := range got {
						if want := utcRequest(all[r.ID]); !reflect.DeepEqual(r, want) {
							t.Errorf("request %d =\n%+v\nwant\n%+v", r.ID, r, want)
						}
					}
					return nil
				})
			})
		}
	})

	t.Run("RequestCounts", func(t *testing.T) {
		db := open(t)
		a := createRequest(t, db, newRequest("ca", "bqlkcn", day(5))) // overdue on the 10th
		createRequest(t, db, newRequest("ca", "bqlkcn", day(20)))     // open, not due
		c := createRequest(t, db, newRequest("bqlkcn", "ca", day(1))) // closed below
		createRequest(t, db, newRequest("bqlkcn", "ca", day(9)))      // overdue
		update(t, db, func(tx coord.Tx) error {
			if err := tx.SetRequestState(ctx, a.ID, coord.ReqOpen, coord.ReqAccepted, t0); err != nil {
				return err
			}
			return tx.SetRequestState(ctx, c.ID, coord.ReqOpen, coord.ReqAnswered, t0)
		})
		var got map[string]coord.RequestCount
		update(t, db, func(tx coord.Tx) (err error) {
			got, err = tx.RequestCounts(ctx, day(10))
			return err
		})
		want := map[string]coord.RequestCount{
			"bqlkcn": {In: 2, InOverdue: 1, Out: 1, OutOverdue: 1},
			"ca":     {In: 1, InOverdue: 1, Out: 2, OutOverdue: 1},
		}
		if len(got) != len(want) || got["bqlkcn"] != want["bqlkcn"] || got["ca"] != want["ca"] {
			t.Fatalf("counts %+v, want %+v", got, want)
		}
	})

	t.Run("SetRequestState", func(t *testing.T) {
		db := open(t)
		r := createRequest(t, db, newRequest("ca", "bqlkcn", day(20)))
		other := createRequest(t, db, newRequest("ca", "bqlkcn", day(20)))
		accepted := t0.Add(time.Hour)
		update(t, db, func(tx coord.Tx) error {
			return tx.SetRequestState(ctx, r.ID, coord.ReqOpen, coord.ReqAccepted, accepted)
		})
		state := func(id int64) coord.Request {
			t.Helper()
			var got coord.Request
			update(t, db, func(tx coord.Tx) (err error) {
				got, err = tx.Request(ctx, id)
				return err
			})
			return got
		}
		if got := state(r.ID); got.State != coord.ReqAccepted || !got.UpdatedAt.Equal(accepted) || !got.CreatedAt.Equal(t0) {
			t.Errorf("after accept: state %s, created %v, updated %v; want accepted, %v, %v",
				got.State, got.CreatedAt, got.UpdatedAt, t0, accepted)
		}
		if got := state(other.ID); got.State != coord.ReqOpen || !got.UpdatedAt.Equal(t0) {
			t.Errorf("other request changed: %+v", got)
		}

		t.Run("ErrConflict", func(t *testing.T) {
			err := db.Update(ctx, func(tx coord.Tx) error {
				return tx.SetRequestState(ctx, r.ID, coord.ReqOpen, coord.ReqDeclined, t0.Add(2*time.Hour))
			})
			if coord.ErrorCode(err) != coord.EConflict {
				t.Errorf("SetRequestState from a stale state: error = %v (code %q), want EConflict", err, coord.ErrorCode(err))
			}
			if got := state(r.ID); got.State != coord.ReqAccepted || !got.UpdatedAt.Equal(accepted) {
				t.Errorf("after the conflict: state %s, updated %v; want accepted, %v", got.State, got.UpdatedAt, accepted)
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			err := db.Update(ctx, func(tx coord.Tx) error {
				return tx.SetRequestState(ctx, 9999, coord.ReqOpen, coord.ReqAccepted, t0)
			})
			if !isNotFound(err) {
				t.Errorf("SetRequestState(unknown) error = %v, want ErrNotFound", err)
			}
		})

		t.Run("ErrBadState", func(t *testing.T) {
			err := db.Update(ctx, func(tx coord.Tx) error {
				return tx.SetRequestState(ctx, other.ID, coord.ReqOpen, "lost", t0)
			})
			if err == nil {
				t.Error("request moved to state lost")
			}
		})
	})

	t.Run("ConcurrentState", func(t *testing.T) {
		db := open(t)
		if db.path == Memory {
			t.Skip("one connection: nothing runs concurrently")
		}
		r := createRequest(t, db, newRequest("ca", "bqlkcn", day(20)))
		start := make(chan struct{})
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs <- db.Update(ctx, func(tx coord.Tx) error {
					return tx.SetRequestState(ctx, r.ID, coord.ReqOpen, coord.ReqAccepted, t0.Add(time.Hour))
				})
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		var won, conflicts int
		for err := range errs {
			switch {
			case err == nil:
				won++
			case coord.ErrorCode(err) == coord.EConflict:
				conflicts++
			default:
				t.Errorf("concurrent SetRequestState: %v", err)
			}
		}
		if won != 1 || conflicts != 1 {
			t.Errorf("%d succeeded and %d conflicted, want 1 and 1", won, conflicts)
		}
	})

	t.Run("Events", func(t *testing.T) {
		db := open(t)
		r := createRequest(t, db, newRequest("ca", "bqlkcn", day(20), "a.pdf"))
		other := createRequest(t, db, newRequest("bqlkcn", "ca", day(20)))
		events := []coord.RequestEvent{
			{RequestID: r.ID, At: t0, Actor: 1, ActorAgency: "ca", Action: coord.ActCreate, Files: r.Files},
			{RequestID: other.ID, At: t0, Actor: 2, ActorAgency: "bqlkcn", Action: coord.ActCreate},
			{RequestID: r.ID, At: t0.Add(time.Hour), Actor: 3, ActorAgency: "bqlkcn", Action: coord.ActAnswer,
				Text: "Gửi kèm danh sách.", Files: []coord.FileRef{{FileID: "f9", Name: "ds.xlsx"}, {FileID: "f10", Photo: true}}},
			{RequestID: r.ID, At: t0.Add(24 * time.Hour), Action: coord.ActRemind}, // the scheduler
		}
		update(t, db, func(tx coord.Tx) error {
			for i := range events {
				if err := tx.AddRequestEvent(ctx, &events[i]); err != nil {
					return err
				}
			}
			return nil
		})
		for i := 1; i < len(events); i++ {
			if events[i].ID <= events[i-1].ID {
				t.Fatalf("event ids %d then %d; want increasing", events[i-1].ID, events[i].ID)
			}
		}
		var want []coord.RequestEvent
		for _, e := range []coord.RequestEvent{events[0], events[2], events[3]} {
			e.At = e.At.UTC()
			want = append(want, e)
		}
		update(t, db, func(tx coord.Tx) error {
			got, err := tx.RequestEvents(ctx, r.ID)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("RequestEvents(%d) =\n%+v\nwant\n%+v", r.ID, got, want)
			}
			if got, err := tx.RequestEvents(ctx, other.ID); err != nil || len(got) != 1 || got[0].ID != events[1].ID {
				t.Errorf("RequestEvents(%d) = %+v, %v; want event %d", other.ID, got, err, events[1].ID)
			}
			if got, err := tx.RequestEvents(ctx, 9999); err != nil || len(got) != 0 {
				t.Errorf("RequestEvents(9999) = %+v, %v; want none", got, err)
			}
			return nil
		})

		t.Run("ErrUnknownRequest", func(t *testing.T) {
			e := coord.RequestEvent{RequestID: 9999, At: t0, Actor: 1, ActorAgency: "ca", Action: coord.ActComment, Text: "?"}
			err := db.Update(ctx, func(tx coord.Tx) error { return tx.AddRequestEvent(ctx, &e) })
			if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
				t.Errorf("event of unknown request: error = %v, want a foreign key failure", err)
			}
		})
	})

	t.Run("MessageRef", func(t *testing.T) {
		db := open(t)
		var withRef, plain, edit int64
		update(t, db, func(tx coord.Tx) error {
			var err error
			if withRef, _, err = tx.Enqueue(ctx, "req7", coord.OutMessage{Kind: coord.OutFiles, ChatID: -100,
				Files: []coord.FileRef{{FileID: "f1"}, {FileID: "f2"}}, Ref: "request:7"}, t0); err != nil {
				return err
			}
			if plain, _, err = tx.Enqueue(ctx, "plain", coord.OutMessage{Kind: coord.OutText, ChatID: -100, Text: "Chào"}, t0); err != nil {
				return err
			}
			// An edit of message 55 about something else.
			edit, _, err = tx.Enqueue(ctx, "edit", coord.OutMessage{Kind: coord.OutEdit, ChatID: -100, MessageID: 55,
				Text: "Đã sửa", Ref: "request:8"}, t0)
			return err
		})
		refs := map[int64]sql.NullString{}
		for _, id := range []int64{withRef, plain} {
			var ref sql.NullString
			if err := db.x.GetContext(ctx, &ref, `SELECT ref FROM outbox WHERE id = ?`, id); err != nil {
				t.Fatal(err)
			}
			refs[id] = ref
		}
		if refs[withRef] != (sql.NullString{String: "request:7", Valid: true}) || refs[plain].Valid {
			t.Errorf("outbox refs: %+v for %d, %+v for %d; want request:7 and NULL", refs[withRef], withRef, refs[plain], plain)
		}
		if item, _, _, err := db.OutboxItemByKey(ctx, "req7"); err != nil || item.Msg.Ref != "request:7" {
			t.Errorf("queued item = %+v, %v; want Ref request:7", item, err)
		}

		for _, s := range []struct {
			id   int64
			mids []int
		}{{withRef, []int{55, 56}}, {plain, []int{57}}, {edit, []int{55}}} {
			if err := db.MarkSent(ctx, s.id, s.mids, t0.Add(time.Minute)); err != nil {
				t.Fatalf("MarkSent(%d): %v", s.id, err)
			}
		}
		if _, state, mids, err := db.OutboxItemByKey(ctx, "req7"); err != nil || state != stateSent || !reflect.DeepEqual(mids, []int{55, 56}) {
			t.Errorf("sent item: state %q, message ids %v, %v", state, mids, err)
		}

		check := func(tx coord.Tx) error {
			for _, c := range []struct {
				chat int64
				msg  int
				want string // "" for ErrNotFound
			}{
				{-100, 55, "request:7"}, // the edit keeps the first ref
				{-100, 56, "request:7"},
				{-100, 57, ""}, // sent without a ref
				{-200, 55, ""}, // another chat
			} {
				got, err := tx.MessageRef(ctx, c.chat, c.msg)
				switch {
				case c.want == "" && !isNotFound(err):
					t.Errorf("MessageRef(%d, %d) = %q, %v; want ErrNotFound", c.chat, c.msg, got, err)
				case c.want != "" && (err != nil || got != c.want):
					t.Errorf("MessageRef(%d, %d) = %q, %v; want %q", c.chat, c.msg, got, err, c.want)
				}
			}
			return nil
		}
		update(t, db, check)
		if err := db.View(ctx, check); err != nil {
			t.Fatalf("View: %v", err)
		}
		var n int
		if err := db.x.GetContext(ctx, &n, `SELECT COUNT(*) FROM sent_messages`); err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Errorf("%d sent_messages rows, want 2", n)
		}

		t.Run("ErrNotFound", func(t *testing.T) {
			if err := db.MarkSent(ctx, 9999, []int{58}, t0); !isNotFound(err) {
				t.Errorf("MarkSent(unknown) error = %v, want ErrNotFound", err)
			}
		})
	})

	t.Run("ErrNoDue", func(t *testing.T) {
		db := open(t)
		r := newRequest("ca", "bqlkcn", coord.Date{})
		err := db.Update(ctx, func(tx coord.Tx) error { return tx.CreateRequest(ctx, &r) })
		if coord.ErrorCode(err) != coord.EInvalid || r.ID != 0 {
			t.Errorf("request without due date: error = %v (code %q), id %d; want EInvalid and no id", err, coord.ErrorCode(err), r.ID)
		}
	})

	t.Run("ErrUnknownAgency", func(t *testing.T) {
		db := open(t)
		for name, r := range map[string]coord.Request{
			"From": newRequest("nope", "ca", day(20)),
			"To":   newRequest("ca", "nope", day(20)),
		} {
			err := db.Update(ctx, func(tx coord.Tx) error { return tx.CreateRequest(ctx, &r) })
			if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
				t.Errorf("%s unknown agency: error = %v, want a foreign key failure", name, err)
			}
			if r.ID != 0 {
				t.Errorf("%s unknown agency: failed CreateRequest set id %d", name, r.ID)
			}
		}
	})

	t.Run("ErrBadState", func(t *testing.T) {
		db := open(t)
		r := newRequest("ca", "bqlkcn", day(20))
		r.State = "lost"
		if err := db.Update(ctx, func(tx coord.Tx) error { return tx.CreateRequest(ctx, &r) }); err == nil {
			t.Error("request in state lost was stored")
		}
	})
}

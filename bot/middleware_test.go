package bot

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// Each middleware is tested alone, around a next that records whether it
// ran; the dispatcher tests cover them composed.

// nextRecorder is a next handler that counts its calls and returns err.
type nextRecorder struct {
	calls int
	err   error
}

func (n *nextRecorder) handle(ctx context.Context, dl *delivery) error {
	n.calls++
	return n.err
}

// handledBefore reports whether SQLite already holds the handled mark of
// update id (and leaves it marked).
func handledBefore(t *testing.T, e *dispatchEnv, id int64) bool {
	t.Helper()
	var first bool
	err := e.store.Update(context.Background(), func(tx coord.Tx) error {
		var err error
		first, err = tx.MarkUpdateHandled(context.Background(), id, time.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return !first
}

func TestComposeRunsInListedOrder(t *testing.T) {
	var trace []string
	mw := func(name string) middleware {
		return func(next updateHandler) updateHandler {
			return func(ctx context.Context, dl *delivery) error {
				trace = append(trace, name+" in")
				err := next(ctx, dl)
				trace = append(trace, name+" out")
				return err
			}
		}
	}
	h := compose(mw("a"), mw("b"), mw("c"))(func(ctx context.Context, dl *delivery) error {
		trace = append(trace, "handler")
		return nil
	})
	if err := h(context.Background(), &delivery{}); err != nil {
		t.Fatal(err)
	}
	want := []string{"a in", "b in", "c in", "handler", "c out", "b out", "a out"}
	if !slices.Equal(trace, want) {
		t.Fatalf("trace %q, want %q", trace, want)
	}
}

func TestPerChatOrderHandlesOneUpdateOfAChatAtATime(t *testing.T) {
	d := &Dispatcher{}
	entered := make(chan int64, 3)
	release := make(chan struct{})
	h := perChatOrder(d)(func(ctx context.Context, dl *delivery) error {
		entered <- dl.u.ID
		<-release
		return nil
	})
	run := func(id, chat int64) {
		go func() { _ = h(context.Background(), &delivery{u: Update{ID: id, Chat: Chat{ID: chat}}}) }()
	}
	run(1, 7)
	if id := <-entered; id != 1 {
		t.Fatalf("entered %d first", id)
	}
	run(2, 7) // same chat: waits for update 1
	run(3, 8) // another chat: does not
	select {
	case id := <-entered:
		if id != 3 {
			t.Fatalf("update %d of chat 7 ran beside update 1", id)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("another chat's update waited")
	}
	select {
	case id := <-entered:
		t.Fatalf("update %d entered while update 1 of its chat ran", id)
	case <-time.After(50 * time.Millisecond):
	}
	release <- struct{}{} // update 1 or 3 ends
	release <- struct{}{}
	select {
	case id := <-entered:
		if id != 2 {
			t.Fatalf("entered %d, want 2", id)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("update 2 never ran")
	}
	release <- struct{}{}
}

func TestDedupeSkipsWhatRedisRemembers(t *testing.T) {
	e := newDispatchEnv(t, nil)
	next := &nextRecorder{}
	h := dedupe(e.d)(next.handle)
	if err := h(context.Background(), &delivery{u: privateUpdate(1, 5, "work"), adm: admission{seen: true}}); err != nil || next.calls != 0 {
		t.Fatalf("a seen update: err %v, next ran %d times; want skipped", err, next.calls)
	}
	if err := h(context.Background(), &delivery{u: privateUpdate(2, 5, "work")}); err != nil || next.calls != 1 {
		t.Fatalf("a new update: err %v, next ran %d times; want once", err, next.calls)
	}
}

func TestFloodLimitRefusesOnceThenStaysSilent(t *testing.T) {
	e := newDispatchEnv(t, nil)
	e.d.FloodLimit = 3
	next := &nextRecorder{}
	h := floodLimit(e.d)(next.handle)
	ctx := context.Background()

	dl := &delivery{u: privateUpdate(1, 5, "work"), adm: admission{hits: 3}}
	if err := h(ctx, dl); err != nil || next.calls != 1 {
		t.Fatalf("update %d of %d: err %v, next ran %d times; want handled", 3, 3, err, next.calls)
	}
	dl = &delivery{u: privateUpdate(2, 5, "work"), adm: admission{hits: 4}}
	err := h(ctx, dl)
	var rf *Refusal
	if !errors.As(err, &rf) || rf.Reason != RefusedFlood || rf.Route != "work" || next.calls != 1 || dl.silent {
		t.Fatalf("the 4th update: err %v, next ran %d times, silent %v; want a flood refusal of /work to answer", err, next.calls, dl.silent)
	}
	dl = &delivery{u: privateUpdate(3, 5, "work"), adm: admission{hits: 5}}
	if err := h(ctx, dl); err != nil || next.calls != 1 || !dl.silent {
		t.Fatalf("the 5th update: err %v, next ran %d times, silent %v; want recorded silently", err, next.calls, dl.silent)
	}
	if !handledBefore(t, e, 3) {
		t.Error("the silenced update was not marked handled")
	}
	if handledBefore(t, e, 2) {
		t.Error("the refused update was marked handled before its answer")
	}
	if got := e.replies(t); len(got) != 0 {
		t.Errorf("floodLimit itself answered %q", got)
	}

	// While Redis is down the count kept in memory (admit) applies the
	// same; an uncounted update passes; and a limit of 0 counts nothing.
	dl = &delivery{u: privateUpdate(4, 5, "work"), adm: admission{hits: 9, err: errors.New("redis down")}}
	if err := h(ctx, dl); err != nil || next.calls != 1 || !dl.silent {
		t.Fatalf("Redis down, the 9th update: err %v, next ran %d times, silent %v; want recorded silently", err, next.calls, dl.silent)
	}
	if err := h(ctx, &delivery{u: privateUpdate(6, 5, "work"), adm: admission{err: errors.New("redis down")}}); err != nil || next.calls != 2 {
		t.Fatalf("Redis down, uncounted: err %v, next ran %d times", err, next.calls)
	}
	e.d.FloodLimit = 0
	if err := h(ctx, &delivery{u: privateUpdate(5, 5, "work"), adm: admission{hits: 9}}); err != nil || next.calls != 3 {
		t.Fatalf("no limit: err %v, next ran %d times", err, next.calls)
	}
}

func TestStateAvailableAnswersWithRedisError(t *testing.T) {
	down := errors.New("redis down")
	next := &nextRecorder{}
	e := newDispatchEnv(t, nil)
	e.r.Command("work", func(context.Context, *Context) error { return nil }, Anyone, Everywhere)
	h := stateAvailable(e.d)(next.handle)
	if err := h(context.Background(), &delivery{u: privateUpdate(1, 5, "work"), adm: admission{err: down}}); !errors.Is(err, down) || next.calls != 0 {
		t.Fatalf("err %v, next ran %d times; want Redis's error at once", err, next.calls)
	}
	if err := h(context.Background(), &delivery{u: privateUpdate(2, 5, "work")}); err != nil || next.calls != 1 {
		t.Fatalf("err %v, next ran %d times; want passed on", err, next.calls)
	}
}

func TestAnswerErrorsRendersAnErrorInAFreshTransaction(t *testing.T) {
	e := newDispatchEnv(t, nil)
	ctx := context.Background()
	h := answerErrors(e.d)(func(ctx context.Context, dl *delivery) error { return errors.New("boom") })
	dl := &delivery{u: privateUpdate(1, 5, "work")}
	if err := h(ctx, dl); err != nil || !dl.mark {
		t.Fatalf("err %v, mark %v; want answered and marked", err, dl.mark)
	}
	if got := e.replies(t); len(got) != 1 || got[0] != "lỗi: boom" {
		t.Fatalf("replies %q, want the error sink's answer", got)
	}
	if !handledBefore(t, e, 1) {
		t.Error("the answered update was not marked handled")
	}

	// A database failure is returned as it is, unanswered and unmarked.
	disk := errors.New("disk I/O error")
	h = answerErrors(e.d)(func(ctx context.Context, dl *delivery) error { return notRecorded{disk} })
	dl = &delivery{u: privateUpdate(2, 5, "work")}
	if err := h(ctx, dl); err != disk || dl.mark {
		t.Fatalf("err %v, mark %v; want the disk's error, unmarked", err, dl.mark)
	}
	// A silenced update is neither answered nor marked in Redis.
	h = answerErrors(e.d)(func(ctx context.Context, dl *delivery) error { dl.silent = true; return nil })
	dl = &delivery{u: privateUpdate(3, 5, "work")}
	if err := h(ctx, dl); err != nil || dl.mark {
		t.Fatalf("silenced: err %v, mark %v", err, dl.mark)
	}
	// A committed update: OnCommit runs; Redis unavailable: not marked.
	ran := false
	h = answerErrors(e.d)(func(ctx context.Context, dl *delivery) error {
		dl.onCommit = []func(){func() { ran = true }}
		return nil
	})
	dl = &delivery{u: privateUpdate(4, 5, "work"), adm: admission{err: errors.New("redis down")}}
	if err := h(ctx, dl); err != nil || !ran || dl.mark {
		t.Fatalf("committed: err %v, OnCommit ran %v, mark %v", err, ran, dl.mark)
	}
	if got := e.replies(t); len(got) != 0 {
		t.Fatalf("replies %q, want none", got)
	}
}

func TestInTransactionRollsBackWhatTheRestOfTheChainDid(t *testing.T) {
	e := newDispatchEnv(t, nil)
	e.r.Command("work", func(ctx context.Context, c *Context) error { return nil }, Anyone, Everywhere)
	ctx := context.Background()
	var sawRoute string
	h := inTransaction(e.d)(func(ctx context.Context, dl *delivery) error {
		sawRoute = dl.route.name
		if err := dl.c.Tx.Audit(ctx, coord.AuditEntry{At: dl.c.Now, Action: "half"}); err != nil {
			return err
		}
		return errors.New("boom")
	})
	err := h(ctx, &delivery{u: privateUpdate(1, 5, "work")})
	if err == nil || err.Error() != "boom" || sawRoute != "/work" {
		t.Fatalf("err %v, route %q; want the chain's error back for /work", err, sawRoute)
	}
	var nr notRecorded
	if errors.As(err, &nr) {
		t.Fatal("a handler's error taken for a database failure")
	}
	if log, _ := e.store.AuditLog(ctx, 0); len(log) != 0 {
		t.Fatalf("the rolled-back audit row survived: %+v", log)
	}
	if handledBefore(t, e, 1) {
		t.Error("a failed update's handled mark survived its rollback")
	}

	// An update handled before (SQLite's mark) reaches no handler.
	next := &nextRecorder{}
	dl := &delivery{u: privateUpdate(1, 5, "work")}
	if err := inTransaction(e.d)(next.handle)(ctx, dl); err != nil || next.calls != 0 || !dl.skip {
		t.Fatalf("handled before: err %v, next ran %d times, skip %v", err, next.calls, dl.skip)
	}
}

func TestAuthorizeRefusesBeforeTheHandler(t *testing.T) {
	next := &nextRecorder{}
	h := authorize()(next.handle)
	rt := &route{name: "/invite", access: Admin, where: PrivateOnly}
	stranger := &Context{Update: privateUpdate(1, 5, "invite")}
	err := h(context.Background(), &delivery{c: stranger, route: rt})
	var rf *Refusal
	if !errors.As(err, &rf) || rf.Reason != RefusedStranger || rf.Route != "/invite" || rf.Need != Admin || next.calls != 0 {
		t.Fatalf("stranger: err %v, next ran %d times; want refused", err, next.calls)
	}
	officer := &Context{Update: privateUpdate(2, 5, "invite"), User: &coord.User{TelegramID: 5, Role: coord.RoleOfficer}}
	if err := h(context.Background(), &delivery{c: officer, route: rt}); !errors.As(err, &rf) || rf.Reason != RefusedRole || next.calls != 0 {
		t.Fatalf("officer: err %v, next ran %d times; want refused by role", err, next.calls)
	}
	admin := &Context{Update: privateUpdate(3, 5, "invite"), User: &coord.User{TelegramID: 5, Role: coord.RoleAdmin}}
	if err := h(context.Background(), &delivery{c: admin, route: rt}); err != nil || next.calls != 1 {
		t.Fatalf("admin: err %v, next ran %d times; want let through", err, next.calls)
	}
}

func TestRecoverPanicsTurnsAPanicIntoAnError(t *testing.T) {
	boom := true
	h := recoverPanics()(func(ctx context.Context, dl *delivery) error {
		if boom {
			var m map[string]int
			m["x"] = 1
		}
		return nil
	})
	err := h(context.Background(), &delivery{})
	var pe *PanicError
	if !errors.As(err, &pe) || !strings.Contains(pe.Error(), "nil map") || len(pe.Stack) == 0 {
		t.Fatalf("err %v; want a PanicError with its stack", err)
	}
	boom = false
	if err := h(context.Background(), &delivery{}); err != nil {
		t.Fatalf("the next update: %v", err)
	}
}

// countingStore counts the transactions a dispatcher opens.
type countingStore struct {
	coord.Store
	n *atomic.Int64
}

func (s countingStore) Update(ctx context.Context, fn func(coord.Tx) error) error {
	s.n.Add(1)
	return s.Store.Update(ctx, fn)
}

// TestPipelineDedupesBeforeAnyTransaction: an update Redis remembers as
// handled costs no transaction at all (without dedupe in the pipeline,
// SQLite's mark would still skip it, but only inside a transaction).
func TestPipelineDedupesBeforeAnyTransaction(t *testing.T) {
	n := &atomic.Int64{}
	e := newDispatchEnv(t, func(s coord.Store) coord.Store { return countingStore{Store: s, n: n} })
	e.r.Command("work", func(ctx context.Context, c *Context) error { return c.Reply(ctx, "ok") }, Anyone, Everywhere)
	batch := []Update{privateUpdate(1, 5, "work")}
	if _, err := e.d.HandleBatch(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	before := n.Load()
	if _, err := e.d.HandleBatch(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	if extra := n.Load() - before; extra != 0 {
		t.Fatalf("a redelivered update opened %d transactions, want none", extra)
	}
	if got := e.replies(t); len(got) != 1 {
		t.Fatalf("replies %q, want one", got)
	}
}

// blindState cannot say which updates were handled.
type blindState struct{ coord.StateStore }

func (blindState) SeenUpdates(ctx context.Context, ids []int64) ([]bool, error) {
	return nil, coord.Wrap(coord.EUnavailable, errors.New("connection refused"), "redis")
}

// TestPipelineAnswersRedisDownWithoutTheHandler: when Redis cannot say
// whether an update was handled, the handler does not run; the officer is
// told, and the update is not marked in Redis.
func TestPipelineAnswersRedisDownWithoutTheHandler(t *testing.T) {
	e := newDispatchEnv(t, nil)
	e.d = NewDispatcher(e.store, blindState{e.state}, e.r, nil, time.Now, slog.New(slog.DiscardHandler), "fwbot_test_bot")
	ran := false
	e.r.Command("work", func(ctx context.Context, c *Context) error { ran = true; return c.Reply(ctx, "ok") }, Anyone, Everywhere)
	if err := e.d.Handle(context.Background(), privateUpdate(1, 5, "work")); err != nil {
		t.Fatal(err)
	}
	if ran {
		t.Fatal("the handler ran although Redis could not say whether the update was new")
	}
	if got := e.replies(t); len(got) != 1 || !strings.Contains(got[0], "connection refused") {
		t.Fatalf("replies %q, want Redis's error", got)
	}
}

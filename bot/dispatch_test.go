package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fakeapi"
	redisstore "github.com/bacgiang/fwbot/storage/redis"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

type dispatchEnv struct {
	store *sqlite.DB
	state *redisstore.Store
	r     *Router
	d     *Dispatcher
	seen  int64
}

func newDispatchEnv(t *testing.T, wrap func(coord.Store) coord.Store) *dispatchEnv {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	mr := miniredis.RunT(t)
	state, err := redisstore.New(ctx, redisstore.Options{Addr: mr.Addr()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { state.Close() })
	r := NewRouter()
	r.Errors = func(ctx context.Context, c *Context, err error) {
		var pe *PanicError
		text := "lỗi: " + err.Error()
		if errors.As(err, &pe) {
			text = "lỗi ngoài ý muốn"
		}
		_ = c.Reply(ctx, text)
	}
	var s coord.Store = store
	if wrap != nil {
		s = wrap(store)
	}
	e := &dispatchEnv{store: store, state: state, r: r}
	e.d = NewDispatcher(s, state, r, nil, time.Now, slog.New(slog.DiscardHandler), "fwbot_test_bot")
	return e
}

func (e *dispatchEnv) replies(t *testing.T) []string {
	t.Helper()
	items, err := e.store.PendingOutbox(context.Background(), e.seen, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Msg.Text)
		e.seen = it.ID
	}
	return out
}

func privateUpdate(id int64, chat int64, cmd string) Update {
	return Update{ID: id, Chat: Chat{ID: chat, Type: "private"}, From: Person{ID: chat}, Text: "/" + cmd, Command: cmd}
}

func TestPanicIsRecoveredAndAnsweredPolitely(t *testing.T) {
	e := newDispatchEnv(t, nil)
	e.r.Command("boom", func(ctx context.Context, c *Context) error {
		_ = c.Reply(ctx, "half-done work that must not leave")
		panic("nil map")
	}, Anyone, Everywhere)
	e.r.Command("ok", func(ctx context.Context, c *Context) error { return c.Reply(ctx, "vẫn chạy") }, Anyone, Everywhere)
	if err := e.d.Handle(context.Background(), privateUpdate(1, 5, "boom")); err != nil {
		t.Fatal(err)
	}
	if got := e.replies(t); len(got) != 1 || got[0] != "lỗi ngoài ý muốn" {
		t.Fatalf("replies %q, want only the polite error", got)
	}
	if err := e.d.Handle(context.Background(), privateUpdate(2, 5, "ok")); err != nil {
		t.Fatal(err)
	}
	if got := e.replies(t); len(got) != 1 || got[0] != "vẫn chạy" {
		t.Fatalf("after a panic: %q", got)
	}
}

func TestHandlerErrorRollsBackItsChanges(t *testing.T) {
	e := newDispatchEnv(t, nil)
	e.r.Command("fail", func(ctx context.Context, c *Context) error {
		if err := c.Tx.Audit(ctx, coord.AuditEntry{At: c.Now, Action: "half"}); err != nil {
			return err
		}
		_ = c.Reply(ctx, "should vanish")
		return errors.New("boom")
	}, Anyone, Everywhere)
	if err := e.d.Handle(context.Background(), privateUpdate(1, 5, "fail")); err != nil {
		t.Fatal(err)
	}
	if got := e.replies(t); len(got) != 1 || got[0] != "lỗi: boom" {
		t.Fatalf("replies %q", got)
	}
	log, _ := e.store.AuditLog(context.Background(), 0)
	if len(log) != 0 {
		t.Fatalf("a failed handler's audit row survived: %+v", log)
	}
}

// TestBatchKeepsEachChatsOrder checks that a batch mixing four chats
// handles every update once, one at a time per chat, in each chat's order.
// (Chats are handled by parallel goroutines, but a handler runs inside the
// write transaction, which SQLite's single writer serialises anyway.)
func TestBatchKeepsEachChatsOrder(t *testing.T) {
	e := newDispatchEnv(t, nil)
	var mu sync.Mutex
	running := map[int64]int{}
	order := map[int64][]int64{}
	e.r.Command("work", func(ctx context.Context, c *Context) error {
		mu.Lock()
		running[c.Chat.ID]++
		if running[c.Chat.ID] > 1 {
			t.Errorf("two updates of chat %d at once", c.Chat.ID)
		}
		order[c.Chat.ID] = append(order[c.Chat.ID], c.ID)
		running[c.Chat.ID]--
		mu.Unlock()
		return nil
	}, Anyone, Everywhere)
	var batch []Update
	for i := int64(1); i <= 60; i++ {
		batch = append(batch, privateUpdate(i, i%4+1, "work"))
	}
	next, err := e.d.HandleBatch(context.Background(), batch)
	if err != nil || next != 61 {
		t.Fatalf("next %d err %v", next, err)
	}
	if len(order) != 4 {
		t.Fatalf("updates of %d chats handled, want 4", len(order))
	}
	for chat, ids := range order {
		if len(ids) != 15 || !slices.IsSorted(ids) {
			t.Errorf("chat %d handled %v, want its 15 updates in order", chat, ids)
		}
	}
}

// failingStore fails the transaction of one update, as a broken disk would.
type failingStore struct {
	coord.Store
	failOn *atomic.Int64
}

func (f failingStore) Update(ctx context.Context, fn func(coord.Tx) error) error {
	return f.Store.Update(ctx, func(tx coord.Tx) error {
		return fn(failingTx{Tx: tx, s: f})
	})
}

type failingTx struct {
	coord.Tx
	s failingStore
}

func (t failingTx) MarkUpdateHandled(ctx context.Context, id int64, at time.Time) (bool, error) {
	if id == t.s.failOn.Load() {
		return false, errors.New("disk I/O error")
	}
	return t.Tx.MarkUpdateHandled(ctx, id, at)
}

func TestOffsetStopsAtAnUpdateThatCouldNotBeRecorded(t *testing.T) {
	failOn := &atomic.Int64{}
	failOn.Store(3)
	e := newDispatchEnv(t, func(s coord.Store) coord.Store { return failingStore{Store: s, failOn: failOn} })
	e.r.Command("work", func(ctx context.Context, c *Context) error { return c.Reply(ctx, "done") }, Anyone, Everywhere)
	batch := []Update{privateUpdate(1, 7, "work"), privateUpdate(2, 8, "work"), privateUpdate(3, 7, "work"), privateUpdate(4, 7, "work")}
	next, err := e.d.HandleBatch(context.Background(), batch)
	if err == nil || next != 3 {
		t.Fatalf("next %d err %v; want 3 and an error", next, err)
	}
	if got := e.replies(t); len(got) != 2 {
		t.Fatalf("%d replies, want 2 (updates 1 and 2; 4 waits behind 3)", len(got))
	}
	// The disk recovers; the same batch is offered again from update 3.
	failOn.Store(0)
	next, err = e.d.HandleBatch(context.Background(), batch[2:])
	if err != nil || next != 5 {
		t.Fatalf("retry: next %d err %v", next, err)
	}
	if got := e.replies(t); len(got) != 2 {
		t.Fatalf("%d replies on retry, want 2", len(got))
	}
}

func TestCaptionCommandIsRouted(t *testing.T) {
	c := &Client{Username: "fwbot_test_bot", ID: 1000}
	u, ok := c.convert(tgbotapi.Update{UpdateID: 9, Message: &tgbotapi.Message{
		MessageID: 3, From: &tgbotapi.User{ID: 5}, Chat: &tgbotapi.Chat{ID: -100, Type: "supergroup"},
		Caption:  "/submit@fwbot_test_bot 13.3 2027-01",
		Document: &tgbotapi.Document{FileID: "F1", FileName: "bao-cao.pdf", MimeType: "application/pdf", FileSize: 1234},
	}})
	if !ok || u.Command != "submit" || u.Args != "13.3 2027-01" || len(u.Files) != 1 || u.Files[0].Name != "bao-cao.pdf" {
		t.Fatalf("got %+v", u)
	}
	u, ok = c.convert(tgbotapi.Update{UpdateID: 10, Message: &tgbotapi.Message{
		MessageID: 4, From: &tgbotapi.User{ID: 5}, Chat: &tgbotapi.Chat{ID: 5, Type: "private"},
		Photo: []tgbotapi.PhotoSize{{FileID: "small", FileSize: 10}, {FileID: "large", FileSize: 900}},
	}})
	if !ok || u.Command != "" || len(u.Files) != 1 || u.Files[0].FileID != "large" || !u.Files[0].Photo {
		t.Fatalf("photo: %+v", u)
	}
}

func TestFloodGetsOnePoliteRefusal(t *testing.T) {
	e := newDispatchEnv(t, nil)
	e.d.FloodLimit, e.d.FloodWindow = 5, time.Minute
	e.r.Command("work", func(ctx context.Context, c *Context) error { return c.Reply(ctx, "ok") }, Anyone, Everywhere)
	e.r.Errors = func(ctx context.Context, c *Context, err error) {
		var rf *Refusal
		if errors.As(err, &rf) && rf.Reason == RefusedFlood {
			_ = c.Reply(ctx, "chậm lại")
		}
	}
	for i := int64(1); i <= 9; i++ {
		if err := e.d.Handle(context.Background(), privateUpdate(i, 5, "work")); err != nil {
			t.Fatal(err)
		}
	}
	got := e.replies(t)
	want := []string{"ok", "ok", "ok", "ok", "ok", "chậm lại"}
	if len(got) != len(want) {
		t.Fatalf("replies %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("replies %q, want %q", got, want)
		}
	}
	// Another person is not affected.
	if err := e.d.Handle(context.Background(), privateUpdate(10, 6, "work")); err != nil {
		t.Fatal(err)
	}
	if got := e.replies(t); len(got) != 1 || got[0] != "ok" {
		t.Fatalf("another person: %q", got)
	}
}

func TestTokenNeverInPanicLogs(t *testing.T) {
	e := newDispatchEnv(t, nil)
	var logs bytes.Buffer
	e.d.log = slog.New(NewRedactingHandler(slog.NewTextHandler(&logs, nil), testToken))
	e.r.Command("boom", func(ctx context.Context, c *Context) error {
		panic("call https://api.telegram.org/bot" + testToken + "/sendMessage failed")
	}, Anyone, Everywhere)
	if err := e.d.Handle(context.Background(), privateUpdate(1, 5, "boom")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "handler panicked") {
		t.Fatalf("panic not logged:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), testToken) {
		t.Fatalf("the token leaked through a panic:\n%s", logs.String())
	}
	for _, r := range e.replies(t) {
		if strings.Contains(r, testToken) {
			t.Fatalf("the token reached an officer: %q", r)
		}
	}
}

// TestPollerSavesOffsetWhenItStops checks that the offset, saved at most
// once a second while polling, is saved when polling stops, so a restart
// asks Telegram for exactly the updates after the last one handled.
func TestPollerSavesOffsetWhenItStops(t *testing.T) {
	e := newDispatchEnv(t, nil)
	api := fakeapi.New()
	t.Cleanup(api.Close)
	client, err := NewClient(context.Background(), api.URL(), testToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := NewPoller(client, e.store, e.d, time.Second, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()

	user := fakeapi.User{ID: 77, FirstName: "Lan"}
	first, _ := api.SendText(user, fakeapi.Private(user), "một")
	api.WaitConfirmed(t, 10*time.Second, first)
	second, _ := api.SendText(user, fakeapi.Private(user), "hai")
	// Confirmed by the next getUpdates, which follows the handling.
	api.WaitConfirmed(t, 10*time.Second, second)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("poller: %v", err)
	}
	got, ok, err := e.store.Setting(context.Background(), offsetKey)
	if err != nil || !ok {
		t.Fatalf("offset setting = %q, %v, %v", got, ok, err)
	}
	if want := strconv.FormatInt(second+1, 10); got != want {
		t.Errorf("saved offset %s after stopping, want %s (past the last update handled)", got, want)
	}
}

// countingState counts the calls a dispatcher makes to its state store.
type countingState struct {
	coord.StateStore
	mu    sync.Mutex
	calls map[string]int
}

func (c *countingState) count(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[name]++
}

func (c *countingState) SeenUpdates(ctx context.Context, ids []int64) ([]bool, error) {
	c.count("SeenUpdates")
	return c.StateStore.SeenUpdates(ctx, ids)
}

func (c *countingState) MarkUpdates(ctx context.Context, ids []int64) error {
	c.count("MarkUpdates")
	return c.StateStore.MarkUpdates(ctx, ids)
}

func (c *countingState) LoadConversations(ctx context.Context, keys []coord.ConvKey) ([][]byte, error) {
	c.count("LoadConversations")
	return c.StateStore.LoadConversations(ctx, keys)
}

func (c *countingState) LoadConversation(ctx context.Context, key coord.ConvKey, dst any) (bool, error) {
	c.count("LoadConversation")
	return c.StateStore.LoadConversation(ctx, key, dst)
}

func (c *countingState) Hits(ctx context.Context, keys []string, window time.Duration) ([]int64, error) {
	c.count("Hits")
	return c.StateStore.Hits(ctx, keys, window)
}

// TestBatchAsksRedisOnce checks that a getUpdates batch is de-duplicated,
// flood-counted and marked with one Redis call each, not one per update,
// with the same outcome as one at a time: the flood refusal once, the other
// person unaffected, and the batch ignored when offered again.
func TestBatchAsksRedisOnce(t *testing.T) {
	e := newDispatchEnv(t, nil)
	state := &countingState{StateStore: e.state, calls: map[string]int{}}
	e.d = NewDispatcher(e.store, state, e.r, nil, time.Now, slog.New(slog.DiscardHandler), "fwbot_test_bot")
	e.d.FloodLimit, e.d.FloodWindow = 5, time.Minute
	e.r.Command("work", func(ctx context.Context, c *Context) error { return c.Reply(ctx, "ok") }, Anyone, Everywhere)
	e.r.Errors = func(ctx context.Context, c *Context, err error) {
		var rf *Refusal
		if errors.As(err, &rf) && rf.Reason == RefusedFlood {
			_ = c.Reply(ctx, "chậm lại")
		}
	}
	var batch []Update
	for i := int64(1); i <= 9; i++ {
		batch = append(batch, privateUpdate(i, 5, "work"))
	}
	batch = append(batch, privateUpdate(10, 6, "work"))
	next, err := e.d.HandleBatch(context.Background(), batch)
	if err != nil || next != 11 {
		t.Fatalf("HandleBatch = %d, %v; want 11, nil", next, err)
	}
	got := e.replies(t)
	slices.Sort(got)
	want := []string{"chậm lại", "ok", "ok", "ok", "ok", "ok", "ok"}
	if !slices.Equal(got, want) {
		t.Fatalf("replies %q, want %q (five answers and one refusal for the flood, one answer for the other person)", got, want)
	}
	for name, n := range state.calls {
		if n != 1 {
			t.Errorf("%s called %d times for one batch, want once", name, n)
		}
	}
	if len(state.calls) != 4 {
		t.Errorf("state calls %v, want SeenUpdates, Hits, LoadConversations and MarkUpdates once each", state.calls)
	}
	seen, err := e.state.SeenUpdates(context.Background(), []int64{1, 6, 7, 10})
	if err != nil {
		t.Fatal(err)
	}
	// Updates past the refusal are recorded in SQLite only.
	if wantSeen := []bool{true, true, false, true}; !slices.Equal(seen, wantSeen) {
		t.Errorf("marked in Redis %v, want %v", seen, wantSeen)
	}
	if _, err := e.d.HandleBatch(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	if got := e.replies(t); len(got) != 0 {
		t.Errorf("the batch offered again was answered again: %q", got)
	}
}

// TestBatchSeesItsOwnConversationChanges: the conversations read once for a
// batch are kept up to date through it, so a person's second update sees
// the step the first one saved, without asking Redis again.
func TestBatchSeesItsOwnConversationChanges(t *testing.T) {
	e := newDispatchEnv(t, nil)
	state := &countingState{StateStore: e.state, calls: map[string]int{}}
	e.d = NewDispatcher(e.store, state, e.r, nil, time.Now, slog.New(slog.DiscardHandler), "fwbot_test_bot")
	type step struct{ N int }
	e.r.Command("next", func(ctx context.Context, c *Context) error {
		var st step
		if _, err := c.Conversation(&st); err != nil {
			return err
		}
		st.N++
		if err := c.SaveConversation(st); err != nil {
			return err
		}
		return c.Reply(ctx, fmt.Sprintf("step %d", st.N))
	}, Anyone, Everywhere)
	batch := []Update{privateUpdate(1, 5, "next"), privateUpdate(2, 5, "next"), privateUpdate(3, 6, "next"), privateUpdate(4, 5, "next")}
	if _, err := e.d.HandleBatch(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	got := e.replies(t)
	slices.Sort(got)
	if want := []string{"step 1", "step 1", "step 2", "step 3"}; !slices.Equal(got, want) {
		t.Fatalf("replies %q, want %q", got, want)
	}
	if n := state.calls["LoadConversation"]; n != 0 {
		t.Errorf("LoadConversation called %d times; the batch's reads should serve", n)
	}
	// The next batch reads what the last one left in Redis.
	if _, err := e.d.HandleBatch(context.Background(), []Update{privateUpdate(5, 5, "next")}); err != nil {
		t.Fatal(err)
	}
	if got := e.replies(t); !slices.Contains(got, "step 4") {
		t.Errorf("replies %q: the next batch lost the step", got)
	}
}

// TestPollerStoppedWhileStartingIsACleanStop: a shutdown that comes while
// the poller reads its saved offset is a stop, not a failure (the bot's exit
// status was 1 when a signal came right after start).
func TestPollerStoppedWhileStartingIsACleanStop(t *testing.T) {
	e := newDispatchEnv(t, nil)
	api := fakeapi.New()
	t.Cleanup(api.Close)
	client, err := NewClient(context.Background(), api.URL(), testToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := NewPoller(client, e.store, e.d, time.Second, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.Run(ctx); err != nil {
		t.Fatalf("a poller stopped before it began polling returned %v, want a clean stop", err)
	}
}

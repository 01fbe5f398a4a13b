package bot

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// downState is Redis stopped: every call fails.
type downState struct{}

var errRedisDown = coord.Wrap(coord.EUnavailable, errors.New("dial tcp: connection refused"), "redis")

func (downState) LoadConversation(context.Context, coord.ConvKey, any) (bool, error) {
	return false, errRedisDown
}
func (downState) LoadConversations(context.Context, []coord.ConvKey) ([][]byte, error) {
	return nil, errRedisDown
}
func (downState) SaveConversation(context.Context, coord.ConvKey, any) error { return errRedisDown }
func (downState) ClearConversation(context.Context, coord.ConvKey) error     { return errRedisDown }
func (downState) ClearConversationsOf(context.Context, int64) error          { return errRedisDown }
func (downState) SeenUpdates(context.Context, []int64) ([]bool, error)       { return nil, errRedisDown }
func (downState) MarkUpdates(context.Context, []int64) error                 { return errRedisDown }
func (downState) Hit(context.Context, string, time.Duration) (int64, error)  { return 0, errRedisDown }
func (downState) Hits(context.Context, []string, time.Duration) ([]int64, error) {
	return nil, errRedisDown
}
func (downState) Ping(context.Context) error { return errRedisDown }

var _ coord.StateStore = downState{}

// TestRedisDownStatelessRoutes: while Redis is down, a route that needs no
// conversation is handled, once (SQLite's handled mark stops the
// redelivery), with its limit counted in memory; a route that needs one is
// answered with Redis's error; plain chatter in a group is not answered.
func TestRedisDownStatelessRoutes(t *testing.T) {
	e := newDispatchEnv(t, nil)
	e.d = NewDispatcher(e.store, downState{}, e.r, nil, time.Now, slog.New(slog.DiscardHandler), "fwbot_test_bot")
	e.d.FloodLimit = 6
	ran, hits := 0, []int64{}
	e.r.Command("one", func(ctx context.Context, c *Context) error {
		ran++
		hits = append(hits, c.Hits)
		if ok, err := c.Conversation(&json.RawMessage{}); ok || err != nil {
			t.Errorf("a conversation while Redis is down: %v %v", ok, err)
		}
		return c.Reply(ctx, "xong")
	}, Anyone, Everywhere)
	e.r.LimitCommand("one", Limit{Window: time.Minute, Key: func(u *Update) string { return "one:" + u.Args }})
	e.r.WithoutState("one", func(u *Update) bool { return u.Args != "" })
	e.r.Command("wizard", func(ctx context.Context, c *Context) error { t.Error("a wizard ran without Redis"); return nil }, Anyone, Everywhere)
	ctx := context.Background()

	one := privateUpdate(1, 5, "one")
	one.Args = "a"
	for range 2 { // Telegram offers it twice
		if err := e.d.Handle(ctx, one); err != nil {
			t.Fatal(err)
		}
	}
	if got := e.replies(t); ran != 1 || len(got) != 1 || got[0] != "xong" {
		t.Fatalf("ran %d times, replies %q; want handled once", ran, got)
	}
	two := privateUpdate(2, 5, "one")
	two.Args = "a"
	if err := e.d.Handle(ctx, two); err != nil {
		t.Fatal(err)
	}
	// The redelivery was counted too: the handled mark is read inside the
	// transaction, after the count, as a conservative limit would.
	if len(hits) != 2 || hits[0] != 1 || hits[1] != 3 {
		t.Errorf("route limit counted %v; want 1, 3 in memory", hits)
	}
	e.replies(t)

	bare := privateUpdate(3, 5, "one") // no args: the route says it needs state
	for _, u := range []Update{bare, privateUpdate(4, 5, "wizard")} {
		if err := e.d.Handle(ctx, u); err != nil {
			t.Fatal(err)
		}
		if got := e.replies(t); len(got) != 1 || !strings.Contains(got[0], "connection refused") {
			t.Errorf("/%s %s: replies %q; want Redis's error", u.Command, u.Args, got)
		}
	}
	chatter := Update{ID: 5, Chat: Chat{ID: -100, Type: "supergroup"}, From: Person{ID: 7}, Text: "chào cả nhóm"}
	if err := e.d.Handle(ctx, chatter); err != nil {
		t.Fatal(err)
	}
	if got := e.replies(t); len(got) != 0 {
		t.Errorf("plain chatter in a group was answered %q", got)
	}
	if !handledBefore(t, e, 5) {
		t.Error("the chatter was not recorded as handled")
	}
	// The flood limit goes on in memory: five updates of person 5 so far
	// (the redelivery too); the 6th is handled, the 7th refused, the 8th
	// dropped.
	for id := int64(6); id <= 8; id++ {
		u := privateUpdate(id, 5, "one")
		u.Args = "x"
		if err := e.d.Handle(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if ran != 3 {
		t.Errorf("the handler ran %d times; want the flood stopped after 3", ran)
	}
	if got := e.replies(t); len(got) != 2 || got[0] != "xong" || !strings.Contains(got[1], "refused") {
		t.Errorf("up to the flood limit and past it: replies %q; want an answer, then one refusal", got)
	}
}

// Package statetest is the conformance suite for coord.StateStore. Every
// implementation runs the same Run, so that the handlers can rely on one
// behaviour whether the state lives in a real Redis, in miniredis or in
// anything that comes later.
package statetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// unavailableBudget is how long one call may take while the backend is down;
// an officer waits for it, so it must fail fast rather than hang.
const unavailableBudget = 3 * time.Second

// recoverBudget is how long a store may take to notice that its backend is
// back. Clients reconnect in the background (go-redis probes about once a
// second), so the suite polls instead of expecting the very next call to work.
const recoverBudget = 10 * time.Second

// Harness tells Run how to make and control stores of one implementation.
//
// Every hook receives the *testing.T of the subtest that called New, so a
// harness that starts one backend per store can find the right one. The
// optional hooks may be nil; the subtests that need them are then skipped
// with the reason.
type Harness struct {
	// New returns a fresh, empty store and arranges its cleanup with
	// t.Cleanup. Required. Run calls it once per subtest, in parallel
	// subtests, so stores must not share keys.
	New func(t *testing.T) coord.StateStore

	// StateTTL and DedupeTTL are the times to live the stores from New use.
	// Required.
	StateTTL  time.Duration
	DedupeTTL time.Duration

	// TTL returns the remaining time to live of key's conversation in s.
	// It lets the suite check that a save sets a TTL, which no StateStore
	// method reveals.
	TTL func(t *testing.T, s coord.StateStore, key coord.ConvKey) time.Duration

	// FastForward moves the backend's clock on by d, expiring what is due,
	// so expiry is tested without waiting.
	FastForward func(t *testing.T, d time.Duration)

	// Stop makes the backend unreachable; Restart brings it back on the same
	// address. They test that a store survives an outage.
	Stop    func(t *testing.T)
	Restart func(t *testing.T)
}

// wizard is a conversation state shaped like the handlers' wizards: nested
// structs, slices, maps, pointers, times and Vietnamese text.
type wizard struct {
	Step       string            `json:"step"`
	Obligation string            `json:"obligation"`
	Period     coord.Date        `json:"period"`
	Files      []file            `json:"files"`
	Answers    map[string]string `json:"answers,omitempty"`
	Deadline   time.Time         `json:"deadline"`
	Reason     *string           `json:"reason,omitempty"`
}

type file struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Size int64  `json:"size"`
}

func sampleWizard() wizard {
	reason := "Chờ số liệu của UBND huyện"
	return wizard{
		Step:       "confirm",
		Obligation: "bc-quy-lao-dong",
		Period:     coord.Date{Year: 2027, Month: time.March, Day: 31},
		Files: []file{
			{ID: "BQACAgUAAxkBAAIB", Name: "Báo cáo quý I.pdf", Size: 183422},
			{ID: "BQACAgUAAxkBAAIC", Name: "Phụ lục.xlsx", Size: 9120},
		},
		Answers:  map[string]string{"so_lao_dong": "1.204", "ghi_chu": "đã đối chiếu"},
		Deadline: time.Date(2027, time.April, 15, 0, 0, 0, 0, time.UTC),
		Reason:   &reason,
	}
}

// Run checks that the stores made by h behave as coord.StateStore promises.
func Run(t *testing.T, h Harness) {
	t.Helper()
	if h.New == nil || h.StateTTL <= 0 || h.DedupeTTL <= 0 {
		t.Fatal("statetest: Harness needs New, StateTTL and DedupeTTL")
	}
	group := coord.ConvKey{ChatID: -1001234567890, UserID: 5550001}

	t.Run("LoadMissing", func(t *testing.T) {
		t.Parallel()
		s := h.New(t)
		dst := wizard{Step: "untouched"}
		ok, err := s.LoadConversation(t.Context(), group, &dst)
		if err != nil || ok {
			t.Fatalf("load of a missing conversation = %v, %v; want false, nil", ok, err)
		}
		if dst.Step != "untouched" {
			t.Errorf("load of a missing conversation changed dst to %+v", dst)
		}
	})

	t.Run("RoundTrip", func(t *testing.T) {
		t.Parallel()
		s := h.New(t)
		want := sampleWizard()
		mustSave(t, s, group, want)
		if got := mustLoad(t, s, group); !reflect.DeepEqual(got, want) {
			t.Errorf("loaded %+v\nwant   %+v", got, want)
		}
	})

	t.Run("SaveOverwrites", func(t *testing.T) {
		t.Parallel()
		s := h.New(t)
		mustSave(t, s, group, sampleWizard())
		want := wizard{Step: "choose_obligation", Files: []file{}}
		mustSave(t, s, group, want)
		if got := mustLoad(t, s, group); !reflect.DeepEqual(got, want) {
			t.Errorf("after the second save loaded %+v; want %+v", got, want)
		}
	})

	t.Run("Clear", func(t *testing.T) {
		t.Parallel()
		s := h.New(t)
		ctx := t.Context()
		if err := s.ClearConversation(ctx, group); err != nil {
			t.Fatalf("clear of a missing conversation: %v", err)
		}
		mustSave(t, s, group, sampleWizard())
		if err := s.ClearConversation(ctx, group); err != nil {
			t.Fatalf("clear: %v", err)
		}
		mustBeMissing(t, s, group)
	})

	t.Run("KeysPerChatAndUser", func(t *testing.T) {
		t.Parallel()
		s := h.New(t)
		keys := []coord.ConvKey{
			group,
			{ChatID: -1009876543210, UserID: group.UserID}, // same officer, another group
			{ChatID: group.ChatID, UserID: 5550002},        // another officer, same group
			{ChatID: group.UserID, UserID: group.UserID},   // the officer's private chat
		}
		for i, k := range keys {
			mustSave(t, s, k, wizard{Step: "step", Obligation: string(rune('a' + i))})
		}
		for i, k := range keys {
			if got := mustLoad(t, s, k); got.Obligation != string(rune('a'+i)) {
				t.Errorf("%+v loaded obligation %q; want %q", k, got.Obligation, string(rune('a'+i)))
			}
		}
		if err := s.ClearConversation(t.Context(), keys[0]); err != nil {
			t.Fatalf("clear: %v", err)
		}
		mustBeMissing(t, s, keys[0])
		for _, k := range keys[1:] {
			mustLoad(t, s, k)
		}
	})

	t.Run("LoadConversationsInOneCall", func(t *testing.T) {
		t.Parallel()
		s := h.New(t)
		other := coord.ConvKey{ChatID: group.ChatID, UserID: group.UserID + 1}
		want := sampleWizard()
		mustSave(t, s, group, want)
		got, err := s.LoadConversations(t.Context(), []coord.ConvKey{other, group, group})
		if err != nil {
			t.Fatalf("load conversations: %v", err)
		}
		if len(got) != 3 || got[0] != nil || got[1] == nil || string(got[1]) != string(got[2]) {
			t.Fatalf("loaded %q; want nothing, then the saved wizard twice", got)
		}
		var w wizard
		if err := json.Unmarshal(got[1], &w); err != nil || !reflect.DeepEqual(w, want) {
			t.Errorf("decoded %+v (%v); want %+v", w, err, want)
		}
		if got, err := s.LoadConversations(t.Context(), nil); err != nil || len(got) != 0 {
			t.Errorf("no keys: %q, %v", got, err)
		}
	})

	t.Run("ClearConversationsOfOnePerson", func(t *testing.T) {
		t.Parallel()
		s := h.New(t)
		person := group.UserID
		mine := []coord.ConvKey{group, {ChatID: -1009876543210, UserID: person}, {ChatID: person, UserID: person}}
		// Others whose ids or chats share digits with the person's.
		others := []coord.ConvKey{
			{ChatID: group.ChatID, UserID: person*10 + 1},
			{ChatID: person, UserID: 1},
			{ChatID: group.ChatID, UserID: person % 1000},
		}
		for _, k := range append(append([]coord.ConvKey{}, mine...), others...) {
			mustSave(t, s, k, sampleWizard())
		}
		if err := s.ClearConversationsOf(t.Context(), person); err != nil {
			t.Fatalf("clear conversations of %d: %v", person, err)
		}
		for _, k := range mine {
			mustBeMissing(t, s, k)
		}
		for _, k := range others {
			mustLoad(t, s, k)
		}
		if err := s.ClearConversationsOf(t.Context(), person); err != nil {
			t.Fatalf("clearing again: %v", err)
		}
	})

	t.Run("SaveSetsTTL", func(t *testing.T) {
		t.Parallel()
		if h.TTL == nil {
			t.Skip("harness cannot read a key's TTL")
		}
		s := h.New(t)
		mustSave(t, s, group, sampleWizard())
		// Above half the TTL: a TTL set in the wrong unit fails this.
		if ttl := h.TTL(t, s, group); ttl <= h.StateTTL/2 || ttl > h.StateTTL {
			t.Errorf("TTL after save is %v; want in (%v, %v]", ttl, h.StateTTL/2, h.StateTTL)
		}
	})

	t.Run("ConversationExpires", func(t *testing.T) {
		t.Parallel()
		if h.FastForward == nil {
			t.Skip("real Redis: expiry not fast-forwardable")
		}
		s := h.New(t)
		margin := h.StateTTL / 10
		mustSave(t, s, group, sampleWizard())
		h.FastForward(t, h.StateTTL-margin)
		mustLoad(t, s, group)

		// A save restarts the TTL: without that, the conversation would
		// expire during the next fast-forward.
		mustSave(t, s, group, sampleWizard())
		h.FastForward(t, h.StateTTL-margin)
		mustLoad(t, s, group)

		h.FastForward(t, 2*margin)
		mustBeMissing(t, s, group)
	})

	t.Run("Dedupe", func(t *testing.T) {
		t.Parallel()
		s := h.New(t)
		ctx := t.Context()
		mustSeen(t, s, 700001, false)
		if err := s.MarkUpdates(ctx, []int64{700001}); err != nil {
			t.Fatalf("mark: %v", err)
		}
		mustSeen(t, s, 700001, true)
		mustSeen(t, s, 700002, false)
		if err := s.MarkUpdates(ctx, []int64{700001}); err != nil {
			t.Fatalf("mark again: %v", err)
		}
		if err := s.MarkUpdates(ctx, []int64{700002}); err != nil {
			t.Fatalf("mark: %v", err)
		}
		mustSeen(t, s, 700001, true)
		mustSeen(t, s, 700002, true)
	})

	t.Run("DedupeBatch", func(t *testing.T) {
		t.Parallel()
		s := h.New(t)
		ctx := t.Context()
		// Ids on both sides of a bucket boundary, and one repeated.
		ids := []int64{710000, 711023, 711024, 711025, 720000}
		if err := s.MarkUpdates(ctx, []int64{711023, 711024, 711023}); err != nil {
			t.Fatalf("mark: %v", err)
		}
		seen, err := s.SeenUpdates(ctx, ids)
		if err != nil {
			t.Fatalf("seen: %v", err)
		}
		want := []bool{false, true, true, false, false}
		if !slices.Equal(seen, want) {
			t.Fatalf("seen %v = %v; want %v", ids, seen, want)
		}
		if seen, err := s.SeenUpdates(ctx, nil); err != nil || len(seen) != 0 {
			t.Fatalf("seen of no ids = %v, %v; want none", seen, err)
		}
		if err := s.MarkUpdates(ctx, nil); err != nil {
			t.Fatalf("mark no ids: %v", err)
		}
	})

	t.Run("Hits", func(t *testing.T) {
		t.Parallel()
		s := h.New(t)
		ctx := t.Context()
		if _, err := s.Hit(ctx, "flood:301", time.Minute); err != nil {
			t.Fatalf("hit: %v", err)
		}
		got, err := s.Hits(ctx, []string{"flood:301", "flood:302", "flood:301", "flood:301"}, time.Minute)
		if err != nil {
			t.Fatalf("hits: %v", err)
		}
		if want := []int64{2, 1, 3, 4}; !slices.Equal(got, want) {
			t.Fatalf("hits = %v; want %v (counted in order, after the earlier hit)", got, want)
		}
		if h.FastForward == nil {
			return
		}
		h.FastForward(t, time.Minute+time.Second)
		if got, err := s.Hits(ctx, []string{"flood:301"}, time.Minute); err != nil || got[0] != 1 {
			t.Fatalf("after the window: got %v, %v", got, err)
		}
	})

	t.Run("Hit", func(t *testing.T) {
		t.Parallel()
		s := h.New(t)
		ctx := t.Context()
		for want := int64(1); want <= 3; want++ {
			n, err := s.Hit(ctx, "invite:201", time.Minute)
			if err != nil || n != want {
				t.Fatalf("hit %d: got %d, %v", want, n, err)
			}
		}
		if n, err := s.Hit(ctx, "invite:202", time.Minute); err != nil || n != 1 {
			t.Fatalf("another key: got %d, %v", n, err)
		}
		if h.FastForward == nil {
			return
		}
		h.FastForward(t, time.Minute+time.Second)
		if n, err := s.Hit(ctx, "invite:201", time.Minute); err != nil || n != 1 {
			t.Fatalf("after the window: got %d, %v", n, err)
		}
	})

	t.Run("DedupeExpires", func(t *testing.T) {
		t.Parallel()
		if h.FastForward == nil {
			t.Skip("real Redis: expiry not fast-forwardable")
		}
		s := h.New(t)
		margin := h.DedupeTTL / 10
		if err := s.MarkUpdates(t.Context(), []int64{42}); err != nil {
			t.Fatalf("mark: %v", err)
		}
		h.FastForward(t, h.DedupeTTL-margin)
		mustSeen(t, s, 42, true)
		h.FastForward(t, 2*margin)
		mustSeen(t, s, 42, false)
	})

	t.Run("Ping", func(t *testing.T) {
		t.Parallel()
		if err := h.New(t).Ping(t.Context()); err != nil {
			t.Fatalf("ping: %v", err)
		}
	})

	t.Run("Unavailable", func(t *testing.T) {
		t.Parallel()
		if h.Stop == nil || h.Restart == nil {
			t.Skip("real Redis: cannot stop and restart the server from the test")
		}
		testUnavailable(t, h, group)
	})
}

func testUnavailable(t *testing.T, h Harness, key coord.ConvKey) {
	s := h.New(t)
	mustSave(t, s, key, sampleWizard()) // leaves a pooled connection to break
	h.Stop(t)

	// Each call reports its error and whether it claimed a hit (ok, seen),
	// which it must not while the backend is down.
	calls := []struct {
		name string
		call func(ctx context.Context) (hit bool, err error)
	}{
		{"LoadConversation", func(ctx context.Context) (bool, error) {
			var dst wizard
			return s.LoadConversation(ctx, key, &dst)
		}},
		{"SaveConversation", func(ctx context.Context) (bool, error) {
			return false, s.SaveConversation(ctx, key, sampleWizard())
		}},
		{"ClearConversation", func(ctx context.Context) (bool, error) { return false, s.ClearConversation(ctx, key) }},
		{"LoadConversations", func(ctx context.Context) (bool, error) {
			got, err := s.LoadConversations(ctx, []coord.ConvKey{key})
			return len(got) > 0 && got[0] != nil, err
		}},
		{"ClearConversationsOf", func(ctx context.Context) (bool, error) {
			return false, s.ClearConversationsOf(ctx, key.UserID)
		}},
		{"SeenUpdates", func(ctx context.Context) (bool, error) {
			seen, err := s.SeenUpdates(ctx, []int64{1})
			return len(seen) > 0 && seen[0], err
		}},
		{"MarkUpdates", func(ctx context.Context) (bool, error) { return false, s.MarkUpdates(ctx, []int64{1}) }},
		{"Hits", func(ctx context.Context) (bool, error) {
			n, err := s.Hits(ctx, []string{"flood:1"}, time.Minute)
			return len(n) > 0 && n[0] > 0, err
		}},
		{"Ping", func(ctx context.Context) (bool, error) { return false, s.Ping(ctx) }},
	}
	type result struct {
		hit bool
		err error
	}
	for _, c := range calls {
		// No deadline of ours: the store's own timeouts must bound the call.
		// The context only ends a call that hangs past the failure below.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		done := make(chan result, 1)
		start := time.Now()
		go func() {
			hit, err := c.call(ctx)
			done <- result{hit, err}
		}()
		timer := time.NewTimer(unavailableBudget)
		select {
		case r := <-done:
			switch {
			case r.err == nil:
				t.Errorf("%s while down: no error", c.name)
			case coord.ErrorCode(r.err) != coord.EUnavailable || !errors.Is(r.err, coord.ErrUnavailable):
				t.Errorf("%s while down: %v (code %q); want code %q wrapping coord.ErrUnavailable",
					c.name, r.err, coord.ErrorCode(r.err), coord.EUnavailable)
			default:
				t.Logf("%s while down failed in %v: %v", c.name, time.Since(start).Round(time.Millisecond), r.err)
			}
			if r.hit {
				t.Errorf("%s while down reported a hit", c.name)
			}
		case <-timer.C:
			t.Errorf("%s while down still running after %v", c.name, unavailableBudget)
		}
		timer.Stop()
		cancel()
	}

	h.Restart(t)
	waitFor(t, recoverBudget, "ping after restart", func() error { return s.Ping(t.Context()) })
	want := wizard{Step: "after_restart"}
	mustSave(t, s, key, want)
	if got := mustLoad(t, s, key); !reflect.DeepEqual(got, want) {
		t.Errorf("after restart loaded %+v; want %+v", got, want)
	}
	if err := s.MarkUpdates(t.Context(), []int64{2}); err != nil {
		t.Fatalf("mark after restart: %v", err)
	}
	mustSeen(t, s, 2, true)
}

// waitFor polls f until it returns nil or budget runs out.
func waitFor(t *testing.T, budget time.Duration, what string, f func() error) {
	t.Helper()
	deadline := time.NewTimer(budget)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		err := f()
		if err == nil {
			return
		}
		select {
		case <-deadline.C:
			t.Fatalf("%s: still failing after %v: %v", what, budget, err)
		case <-tick.C:
		}
	}
}

func mustSave(t *testing.T, s coord.StateStore, key coord.ConvKey, v wizard) {
	t.Helper()
	if err := s.SaveConversation(t.Context(), key, v); err != nil {
		t.Fatalf("save %+v: %v", key, err)
	}
}

func mustLoad(t *testing.T, s coord.StateStore, key coord.ConvKey) wizard {
	t.Helper()
	var got wizard
	ok, err := s.LoadConversation(t.Context(), key, &got)
	if err != nil {
		t.Fatalf("load %+v: %v", key, err)
	}
	if !ok {
		t.Fatalf("load %+v: no conversation", key)
	}
	return got
}

func mustBeMissing(t *testing.T, s coord.StateStore, key coord.ConvKey) {
	t.Helper()
	var got wizard
	ok, err := s.LoadConversation(t.Context(), key, &got)
	if err != nil {
		t.Fatalf("load %+v: %v", key, err)
	}
	if ok {
		t.Fatalf("load %+v: found %+v; want none", key, got)
	}
}

func mustSeen(t *testing.T, s coord.StateStore, id int64, want bool) {
	t.Helper()
	seen, err := s.SeenUpdates(t.Context(), []int64{id})
	if err != nil {
		t.Fatalf("seen %d: %v", id, err)
	}
	if len(seen) != 1 {
		t.Fatalf("seen %d: %d answers for one id", id, len(seen))
	}
	if got := seen[0]; got != want {
		t.Fatalf("seen %d = %v; want %v", id, got, want)
	}
}

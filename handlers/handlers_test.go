package handlers_test

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/handlers"
	"github.com/bacgiang/fwbot/internal/testkit"
	redisstore "github.com/bacgiang/fwbot/storage/redis"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

const (
	adminID   = 111
	botName   = "fwbot_test_bot"
	groupYTE  = -1001
	groupYTE2 = -1002
)

var (
	admin    = bot.Person{ID: adminID, FirstName: "Quản", LastName: "Trị"}
	officerA = bot.Person{ID: 201, FirstName: "Lan", LastName: "Nguyễn"}
	officerB = bot.Person{ID: 202, FirstName: "Minh", LastName: "Trần"}
	stranger = bot.Person{ID: 999, FirstName: "Người", LastName: "Lạ"}
)

func private(p bot.Person) bot.Chat { return bot.Chat{ID: p.ID, Type: "private"} }

func group(id int64) bot.Chat { return bot.Chat{ID: id, Type: "supergroup", Title: "Nhóm thử"} }

// env runs the real router, handlers, SQLite and (mini)Redis, without HTTP:
// updates go straight into the dispatcher and replies are read back from the
// outbox table.
type env struct {
	t      *testing.T
	store  *sqlite.DB
	mr     *miniredis.Miniredis
	state  *redisstore.Store
	d      *bot.Dispatcher
	now    time.Time
	nextID int64
	seen   int64

	archiveWakes int
	// failCommit, while set, makes every update's transaction fail at its
	// end, as a full disk would: the dispatcher then rolls it back.
	failCommit bool
	// failSaves, while set, makes Redis refuse to save conversations.
	failSaves bool
	// inTx is set while an update's transaction is open: the state store
	// must not be called then (watchedState).
	inTx atomic.Bool
	// h is the handlers under test, for a test to change a setting
	// (tracking start) before its first update.
	h *handlers.Handlers
}

// watchedState is the env's Redis, failing the test when it is called
// while the database writer is held: a slow Redis would stall every write.
type watchedState struct {
	coord.StateStore
	e *env
}

func (w watchedState) check(op string) {
	if w.e.inTx.Load() {
		w.e.t.Errorf("Redis %s called inside the update's transaction", op)
	}
}

func (w watchedState) LoadConversation(ctx context.Context, k coord.ConvKey, dst any) (bool, error) {
	w.check("LoadConversation")
	return w.StateStore.LoadConversation(ctx, k, dst)
}

func (w watchedState) LoadConversations(ctx context.Context, keys []coord.ConvKey) ([][]byte, error) {
	w.check("LoadConversations")
	return w.StateStore.LoadConversations(ctx, keys)
}

func (w watchedState) SaveConversation(ctx context.Context, k coord.ConvKey, v any) error {
	w.check("SaveConversation")
	if w.e.failSaves {
		return coord.Wrap(coord.EUnavailable, coord.ErrUnavailable, "redis (injected)")
	}
	return w.StateStore.SaveConversation(ctx, k, v)
}

func (w watchedState) ClearConversation(ctx context.Context, k coord.ConvKey) error {
	w.check("ClearConversation")
	return w.StateStore.ClearConversation(ctx, k)
}

func (w watchedState) ClearConversationsOf(ctx context.Context, id int64) error {
	w.check("ClearConversationsOf")
	return w.StateStore.ClearConversationsOf(ctx, id)
}

func (w watchedState) SeenUpdates(ctx context.Context, ids []int64) ([]bool, error) {
	w.check("SeenUpdates")
	return w.StateStore.SeenUpdates(ctx, ids)
}

func (w watchedState) MarkUpdates(ctx context.Context, ids []int64) error {
	w.check("MarkUpdates")
	return w.StateStore.MarkUpdates(ctx, ids)
}

func (w watchedState) Hit(ctx context.Context, key string, window time.Duration) (int64, error) {
	w.check("Hit")
	return w.StateStore.Hit(ctx, key, window)
}

func (w watchedState) Hits(ctx context.Context, keys []string, window time.Duration) ([]int64, error) {
	w.check("Hits")
	return w.StateStore.Hits(ctx, keys, window)
}

// postedDigest stands in for the scheduler behind /digest: it posts
// nothing and reports one chat posted to.
type postedDigest struct{}

func (postedDigest) Digest(context.Context, coord.Tx, string, time.Time) ([]int64, error) {
	return []int64{-1}, nil
}

// failingCommits is the env's store with failCommit applied.
type failingCommits struct {
	coord.Store
	e *env
}

var errCommitFailed = errors.New("commit failed (injected)")

func (f failingCommits) Update(ctx context.Context, fn func(coord.Tx) error) error {
	return f.Store.Update(ctx, func(tx coord.Tx) error {
		f.e.inTx.Store(true)
		defer f.e.inTx.Store(false)
		if err := fn(tx); err != nil {
			return err
		}
		if f.e.failCommit {
			return errCommitFailed
		}
		return nil
	})
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	cfg := testkit.Config(t)
	store := testkit.Store(t, cfg)
	mr, state := testkit.Redis(t)
	e := &env{t: t, store: store, mr: mr, state: state, now: time.Date(2027, 3, 1, 9, 0, 0, 0, cfg.Location)}
	h := &handlers.Handlers{Catalogue: cfg.Catalogue,
		Work: testkit.Work(cfg), InviteTTL: 7 * 24 * time.Hour,
		AdminIDs: []int64{adminID}, Log: slog.New(slog.DiscardHandler),
		Calendar: cfg.Calendar, MaxFileSize: 20 << 20,
		ArchiveNotify: func() { e.archiveWakes++ }, RequestDueWorkingDays: 5, Digester: postedDigest{}}
	e.h = h
	if err := h.EnsureAdmins(ctx, store, e.now); err != nil {
		t.Fatal(err)
	}
	r := bot.NewRouter()
	h.Register(r)
	e.d = bot.NewDispatcher(failingCommits{Store: store, e: e}, watchedState{state, e}, r, nil, func() time.Time { return e.now }, slog.New(slog.DiscardHandler), botName)
	return e
}

// handle runs one update and returns what it queued.
func (e *env) handle(u bot.Update) []coord.OutMessage {
	e.t.Helper()
	if u.ID == 0 {
		e.nextID++
		u.ID = e.nextID
	}
	if err := e.d.Handle(context.Background(), u); err != nil {
		e.t.Fatalf("handle update %d: %v", u.ID, err)
	}
	return e.newMessages()
}

func (e *env) newMessages() []coord.OutMessage {
	items, err := e.store.PendingOutbox(context.Background(), e.seen, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []coord.OutMessage
	for _, it := range items {
		// A text with a formatting mistake ("%!d(string=…)") is a bug an
		// officer would read: no handler test may queue one.
		if strings.Contains(it.Msg.Text, "%!") {
			e.t.Errorf("queued text has a formatting mistake: %q", it.Msg.Text)
		}
		out = append(out, it.Msg)
		e.seen = it.ID
	}
	return out
}

// markSent records the first queued message matching pick as delivered
// under Telegram message id msgID, so that replies to it can be routed.
func (e *env) markSent(pick func(coord.OutMessage) bool, msgID int) {
	e.t.Helper()
	items, err := e.store.PendingOutbox(context.Background(), 0, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, it := range items {
		if pick(it.Msg) {
			if err := e.store.MarkSent(context.Background(), it.ID, []int{msgID}, e.now); err != nil {
				e.t.Fatal(err)
			}
			return
		}
	}
	e.t.Fatal("no queued message to mark sent")
}

func (e *env) text(from bot.Person, chat bot.Chat, text string) []coord.OutMessage {
	e.t.Helper()
	u := bot.Update{Chat: chat, From: from, MessageID: 10, Text: text}
	if strings.HasPrefix(text, "/") {
		head, rest, _ := strings.Cut(text[1:], " ")
		head, _, _ = strings.Cut(head, "@")
		u.Command, u.Args = strings.ToLower(head), strings.TrimSpace(rest)
	}
	return e.handle(u)
}

func (e *env) press(from bot.Person, chat bot.Chat, messageID int, data string) []coord.OutMessage {
	e.t.Helper()
	return e.handle(bot.Update{Chat: chat, From: from, MessageID: messageID,
		Callback: &bot.Callback{ID: "cb" + data, Data: data, MessageID: messageID}})
}

// only asserts exactly one message, a text to chat containing every want.
func only(t *testing.T, msgs []coord.OutMessage, chat int64, wants ...string) coord.OutMessage {
	t.Helper()
	if len(msgs) != 1 {
		t.Fatalf("want exactly one message, got %d: %+v", len(msgs), msgs)
	}
	m := msgs[0]
	if m.ChatID != chat {
		t.Fatalf("message went to chat %d, want %d: %q", m.ChatID, chat, m.Text)
	}
	for _, w := range wants {
		if !strings.Contains(m.Text, w) {
			t.Fatalf("message lacks %q:\n%s", w, m.Text)
		}
	}
	return m
}

var codeRe = regexp.MustCompile(`start=([A-Za-z0-9_-]+)`)

// invite has the admin issue an invite and returns the code.
func (e *env) invite(args string) string {
	e.t.Helper()
	m := only(e.t, e.text(admin, private(admin), "/invite "+args), adminID, "https://t.me/"+botName+"?start=")
	match := codeRe.FindStringSubmatch(m.Text)
	if match == nil {
		e.t.Fatalf("no code in %q", m.Text)
	}
	if !strings.Contains(m.Text, "\n"+match[1]+"\n") {
		e.t.Fatalf("the code is not shown on its own line for copying:\n%s", m.Text)
	}
	return match[1]
}

func (e *env) enrol(p bot.Person, args string) {
	e.t.Helper()
	code := e.invite(args)
	only(e.t, e.text(p, private(p), "/start "+code), p.ID, "Chào mừng")
}

func (e *env) audit(action string) []coord.AuditEntry {
	e.t.Helper()
	all, err := e.store.AuditLog(context.Background(), 0)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []coord.AuditEntry
	for _, a := range all {
		if a.Action == action {
			out = append(out, a)
		}
	}
	return out
}

func TestEnrolment(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		e := newEnv(t)
		code := e.invite("yte officer")
		if len(code) < 22 {
			t.Fatalf("code %q carries fewer than 128 bits", code)
		}
		only(t, e.text(officerA, private(officerA), "/start "+code), officerA.ID, "Chào mừng Lan Nguyễn", "cán bộ", "Sở Y tế")
		only(t, e.text(officerA, private(officerA), "/whoami"), officerA.ID, "Sở Y tế (yte)", "cán bộ", "201")
		if n := len(e.audit("user.enrol")); n != 1 {
			t.Errorf("%d user.enrol audit rows, want 1", n)
		}
		if n := len(e.audit("invite.create")); n != 1 {
			t.Errorf("%d invite.create audit rows, want 1", n)
		}
	})
	t.Run("LeadRoleAndDefaultOfficer", func(t *testing.T) {
		e := newEnv(t)
		e.enrol(officerA, "congan lead")
		only(t, e.text(officerA, private(officerA), "/whoami"), officerA.ID, "Công an tỉnh", "lãnh đạo cơ quan")
		e.enrol(officerB, "congan")
		only(t, e.text(officerB, private(officerB), "/whoami"), officerB.ID, "Công an tỉnh", "Vai trò: cán bộ")
	})
	t.Run("ErrCodeReused", func(t *testing.T) {
		e := newEnv(t)
		code := e.invite("yte")
		e.text(officerA, private(officerA), "/start "+code)
		only(t, e.text(officerB, private(officerB), "/start "+code), officerB.ID, "đã được sử dụng")
		only(t, e.text(officerB, private(officerB), "/whoami"), officerB.ID, "chưa được ghi danh")
	})
	t.Run("ErrCodeForged", func(t *testing.T) {
		e := newEnv(t)
		e.invite("yte")
		only(t, e.text(officerB, private(officerB), "/start AAAAAAAAAAAAAAAAAAAAAA"), officerB.ID, "không hợp lệ")
		if n := len(e.audit("user.enrol")); n != 0 {
			t.Errorf("a forged code enrolled someone")
		}
	})
	t.Run("ErrCodeExpired", func(t *testing.T) {
		e := newEnv(t)
		code := e.invite("yte")
		e.now = e.now.Add(7*24*time.Hour + time.Minute)
		only(t, e.text(officerA, private(officerA), "/start "+code), officerA.ID, "đã hết hạn", "08/03/2027")
	})
	t.Run("ErrCodeInGroupIsNotConsumed", func(t *testing.T) {
		e := newEnv(t)
		code := e.invite("yte")
		only(t, e.text(officerA, group(groupYTE), "/start "+code), groupYTE, "trò chuyện riêng", "@"+botName)
		only(t, e.text(officerA, private(officerA), "/start "+code), officerA.ID, "Chào mừng")
	})
	t.Run("ErrInviteBadArguments", func(t *testing.T) {
		e := newEnv(t)
		only(t, e.text(admin, private(admin), "/invite nowhere"), adminID, `Không có cơ quan mã "nowhere"`, "ldtbxh")
		only(t, e.text(admin, private(admin), "/invite yte boss"), adminID, `Vai trò "boss" không hợp lệ`)
		if n := len(e.audit("invite.create")); n != 0 {
			t.Errorf("a bad /invite created an invite")
		}
	})
	t.Run("ErrInviteByOfficer", func(t *testing.T) {
		e := newEnv(t)
		e.enrol(officerA, "yte")
		only(t, e.text(officerA, private(officerA), "/invite yte"), officerA.ID, "không có quyền", "quản trị viên")
		if n := len(e.audit("invite.create")); n != 1 {
			t.Errorf("%d invites, want only the admin's", n)
		}
	})
	t.Run("ErrInviteInGroup", func(t *testing.T) {
		e := newEnv(t)
		only(t, e.text(admin, group(groupYTE), "/invite yte"), groupYTE, "chỉ dùng trong trò chuyện riêng")
	})
}

func TestInviteWizard(t *testing.T) {
	e := newEnv(t)
	m := only(t, e.text(admin, private(admin), "/invite"), adminID, "chọn cơ quan")
	if len(m.Buttons) < 10 {
		t.Fatalf("want a button per agency, got %v", m.Buttons)
	}
	for _, row := range m.Buttons {
		for _, b := range row {
			if len(b.Data) > coord.MaxCallbackData {
				t.Errorf("button %q data over 64 bytes", b.Text)
			}
		}
	}
	t.Run("ErrRoleBeforeAgency", func(t *testing.T) {
		msgs := e.press(admin, private(admin), 50, "inv:r:officer")
		if len(msgs) != 1 || msgs[0].Kind != coord.OutCallbackAnswer || !strings.Contains(msgs[0].Text, "hết hạn") {
			t.Fatalf("got %+v", msgs)
		}
	})
	msgs := e.press(admin, private(admin), 50, "inv:a:yte")
	if len(msgs) != 2 || msgs[0].Kind != coord.OutEdit || !strings.Contains(msgs[0].Text, "Sở Y tế") || msgs[1].Kind != coord.OutCallbackAnswer {
		t.Fatalf("agency press: %+v", msgs)
	}
	msgs = e.press(admin, private(admin), 50, "inv:r:lead")
	var created *coord.OutMessage
	for i := range msgs {
		if msgs[i].Kind == coord.OutText {
			created = &msgs[i]
		}
	}
	if created == nil || !strings.Contains(created.Text, "lãnh đạo cơ quan của Sở Y tế") {
		t.Fatalf("role press: %+v", msgs)
	}
	t.Run("ErrReplayedPress", func(t *testing.T) {
		msgs := e.press(admin, private(admin), 50, "inv:r:lead")
		if len(msgs) != 1 || msgs[0].Kind != coord.OutCallbackAnswer || !msgs[0].Alert {
			t.Fatalf("replay: %+v", msgs)
		}
		if n := len(e.audit("invite.create")); n != 1 {
			t.Errorf("%d invites after a replayed button, want 1", n)
		}
	})
	t.Run("ErrOfficerPressesAdminButton", func(t *testing.T) {
		e.enrol(officerA, "yte")
		before := len(e.audit("invite.create"))
		msgs := e.press(officerA, private(officerA), 77, "inv:a:yte")
		if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "không có quyền") {
			t.Fatalf("got %+v", msgs)
		}
		if len(e.audit("invite.create")) != before {
			t.Errorf("an officer's forged press created an invite")
		}
	})
}

func TestBindGroup(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		e := newEnv(t)
		only(t, e.text(admin, group(groupYTE), "/bindgroup yte"), groupYTE, "Đã liên kết nhóm này với Sở Y tế (yte)")
		only(t, e.text(admin, group(groupYTE), "/whoami"), groupYTE, "Nhóm này được liên kết với: Sở Y tế")
		if n := len(e.audit("chat.bind")); n != 1 {
			t.Errorf("%d chat.bind audit rows", n)
		}
	})
	t.Run("CoordGroupWithBotUsername", func(t *testing.T) {
		e := newEnv(t)
		only(t, e.text(admin, group(groupYTE), "/bindgroup@"+botName+" coord"), groupYTE, "Nhóm phối hợp liên ngành")
	})
	t.Run("Buttons", func(t *testing.T) {
		e := newEnv(t)
		m := only(t, e.text(admin, group(groupYTE), "/bindgroup"), groupYTE, "cơ quan nào")
		if len(m.Buttons) == 0 {
			t.Fatal("no buttons")
		}
		msgs := e.press(admin, group(groupYTE), 9, "bind:congan")
		found := false
		for _, m := range msgs {
			found = found || strings.Contains(m.Text, "Công an tỉnh")
		}
		if !found {
			t.Fatalf("press: %+v", msgs)
		}
	})
	t.Run("MovedToAnotherGroupTellsTheOldOne", func(t *testing.T) {
		e := newEnv(t)
		e.text(admin, group(groupYTE), "/bindgroup yte")
		msgs := e.text(admin, group(groupYTE2), "/bindgroup yte")
		if len(msgs) != 2 || msgs[0].ChatID != groupYTE || !strings.Contains(msgs[0].Text, "không còn được liên kết") || msgs[1].ChatID != groupYTE2 {
			t.Fatalf("got %+v", msgs)
		}
		only(t, e.text(admin, group(groupYTE), "/whoami"), groupYTE, "chưa được liên kết")
	})
	t.Run("ErrNonAdmin", func(t *testing.T) {
		e := newEnv(t)
		e.enrol(officerA, "yte")
		only(t, e.text(officerA, group(groupYTE), "/bindgroup yte"), groupYTE, "không có quyền")
		only(t, e.text(officerA, group(groupYTE), "/whoami"), groupYTE, "chưa được liên kết")
		if n := len(e.audit("chat.bind")); n != 0 {
			t.Errorf("a refused bind was audited as done")
		}
		msgs := e.press(officerA, group(groupYTE), 9, "bind:yte")
		if len(msgs) != 1 || msgs[0].Kind != coord.OutCallbackAnswer || len(e.audit("chat.bind")) != 0 {
			t.Fatalf("a forged bind button: %+v", msgs)
		}
	})
	t.Run("ErrStrangerAndPrivateAndUnknownCode", func(t *testing.T) {
		e := newEnv(t)
		only(t, e.text(stranger, group(groupYTE), "/bindgroup yte"), groupYTE, "chưa được ghi danh")
		only(t, e.text(admin, private(admin), "/bindgroup yte"), adminID, "chỉ dùng bên trong nhóm")
		only(t, e.text(admin, group(groupYTE), "/bindgroup sohonglam"), groupYTE, "Cú pháp: /bindgroup", "coord")
		if n := len(e.audit("chat.bind")); n != 0 {
			t.Errorf("refused binds were recorded")
		}
	})
	t.Run("UnboundGroupActsOnlyOnBind", func(t *testing.T) {
		e := newEnv(t)
		e.enrol(officerA, "yte")
		only(t, e.text(officerA, group(groupYTE), "/cancel"), groupYTE, "chưa được liên kết", "/bindgroup")
		if msgs := e.text(officerA, group(groupYTE), "xin chào cả nhóm"); len(msgs) != 0 {
			t.Fatalf("the bot answered chatter in a group: %+v", msgs)
		}
		if msgs := e.text(officerA, group(groupYTE), "/weather@other_bot"); len(msgs) != 0 {
			t.Fatalf("the bot answered another bot's command: %+v", msgs)
		}
	})
}

func TestStrangers(t *testing.T) {
	e := newEnv(t)
	for _, text := range []string{"/whoami", "/help", "/start", "xin chào", "/invite yte", "/nosuchcommand"} {
		msgs := e.text(stranger, private(stranger), text)
		if text == "/nosuchcommand" {
			only(t, msgs, stranger.ID, "Không có lệnh /nosuchcommand")
			continue
		}
		only(t, msgs, stranger.ID, "chưa được ghi danh", "/start <mã mời>")
	}
	msgs := e.press(stranger, private(stranger), 3, "lang:en")
	if len(msgs) != 1 || msgs[0].Kind != coord.OutCallbackAnswer || !strings.Contains(msgs[0].Text, "chưa được ghi danh") {
		t.Fatalf("stranger's button: %+v", msgs)
	}
	all, _ := e.store.AuditLog(context.Background(), 0)
	for _, a := range all {
		if a.Actor == stranger.ID {
			t.Errorf("a stranger changed something: %+v", a)
		}
	}
}

func TestHelpListsWhatThisUserMayDo(t *testing.T) {
	e := newEnv(t)
	e.enrol(officerA, "yte")
	m := only(t, e.text(officerA, private(officerA), "/help"), officerA.ID, "/whoami", "/cancel", "/lang")
	if strings.Contains(m.Text, "/invite") || strings.Contains(m.Text, "/bindgroup") {
		t.Errorf("an officer is shown admin commands:\n%s", m.Text)
	}
	only(t, e.text(admin, private(admin), "/help"), adminID, "/invite", "/bindgroup", "quản trị viên")
	// In a group not yet bound, only what works there.
	m = only(t, e.text(admin, group(-100777), "/help"), -100777, "/bindgroup", "/whoami")
	if strings.Contains(m.Text, "/status") || strings.Contains(m.Text, "/requests") {
		t.Errorf("an unbound group is shown commands it refuses:\n%s", m.Text)
	}
}

func TestLanguage(t *testing.T) {
	e := newEnv(t)
	e.enrol(officerA, "yte")
	only(t, e.text(officerA, private(officerA), "/lang en"), officerA.ID, "Language set to English")
	only(t, e.text(officerA, private(officerA), "/whoami"), officerA.ID, "Agency: Sở Y tế", "Role: officer")
	only(t, e.text(officerA, private(officerA), "/lang fr"), officerA.ID, "Usage: /lang vi")
	m := only(t, e.text(officerA, private(officerA), "/lang"), officerA.ID, "Choose")
	if len(m.Buttons) != 1 || len(m.Buttons[0]) != 2 {
		t.Fatalf("buttons %+v", m.Buttons)
	}
	msgs := e.press(officerA, private(officerA), 12, "lang:vi")
	found := false
	for _, m := range msgs {
		found = found || strings.Contains(m.Text, "Đã chuyển sang tiếng Việt")
	}
	if !found {
		t.Fatalf("press: %+v", msgs)
	}
	if n := len(e.audit("user.lang")); n != 2 {
		t.Errorf("%d user.lang audit rows, want 2", n)
	}
}

func TestCancel(t *testing.T) {
	e := newEnv(t)
	only(t, e.text(admin, private(admin), "/cancel"), adminID, "Không có thao tác nào đang dở")
	e.text(admin, private(admin), "/invite")
	only(t, e.text(admin, private(admin), "/cancel"), adminID, "Đã hủy")
	msgs := e.press(admin, private(admin), 5, "inv:a:yte")
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "hết hạn") {
		t.Fatalf("a cancelled wizard went on: %+v", msgs)
	}
}

func TestRedisOutage(t *testing.T) {
	e := newEnv(t)
	e.enrol(officerA, "yte")
	e.mr.Close()
	only(t, e.text(officerA, private(officerA), "/whoami"), officerA.ID, "tạm thời gián đoạn, vui lòng thử lại")
	if err := e.mr.Restart(); err != nil {
		t.Fatal(err)
	}
	waitRedis(t, e.state)
	only(t, e.text(officerA, private(officerA), "/whoami"), officerA.ID, "Sở Y tế")
}

// waitRedis waits until the client reconnected; go-redis redials in the
// background after an outage.
func waitRedis(t *testing.T, s *redisstore.Store) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for s.Ping(ctx) != nil {
		select {
		case <-ctx.Done():
			t.Fatal("redis did not come back")
		case <-tick.C:
		}
	}
}

func TestUpdateHandledOnceEvenIfRedisForgot(t *testing.T) {
	e := newEnv(t)
	code := e.invite("yte")
	u := bot.Update{ID: 5000, Chat: private(officerA), From: officerA, Command: "start", Args: code, Text: "/start " + code}
	only(t, e.handle(u), officerA.ID, "Chào mừng")
	if msgs := e.handle(u); len(msgs) != 0 {
		t.Fatalf("a redelivered update was answered again: %+v", msgs)
	}
	e.mr.FlushAll() // the embedded Redis is empty after a restart
	if msgs := e.handle(u); len(msgs) != 0 {
		t.Fatalf("a redelivered update was handled again after Redis lost its marks: %+v", msgs)
	}
}

func TestJoinedGroupIsToldHowToBind(t *testing.T) {
	e := newEnv(t)
	msgs := e.handle(bot.Update{Chat: group(groupYTE), From: admin, BotAdded: true})
	only(t, msgs, groupYTE, "/bindgroup")
}

func TestUnknownCommandAndChatter(t *testing.T) {
	e := newEnv(t)
	e.enrol(officerA, "yte")
	only(t, e.text(officerA, private(officerA), "/frobnicate"), officerA.ID, "Không có lệnh /frobnicate", "/help")
	only(t, e.text(officerA, private(officerA), "chào bot"), officerA.ID, "/help")
}

func TestInviteAttemptsAreLimited(t *testing.T) {
	e := newEnv(t)
	code := e.invite("yte")
	for i := 0; i < 5; i++ {
		only(t, e.text(stranger, private(stranger), "/start forgedcode000000000"+string(rune('a'+i))), stranger.ID, "không hợp lệ")
	}
	// Even the right code is refused until the window ends.
	only(t, e.text(stranger, private(stranger), "/start "+code), stranger.ID, "quá nhiều lần", "15 phút")
	e.mr.FastForward(16 * time.Minute)
	only(t, e.text(stranger, private(stranger), "/start "+code), stranger.ID, "Chào mừng")
}

func TestGroupUpgradedToSupergroupKeepsItsBinding(t *testing.T) {
	e := newEnv(t)
	e.enrol(officerA, "yte")
	old := bot.Chat{ID: -555, Type: "group", Title: "Sở Y tế"}
	e.text(admin, old, "/bindgroup yte")
	msgs := e.handle(bot.Update{Chat: old, From: admin, MessageID: 3, MigratedTo: -100555})
	only(t, msgs, -100555, "siêu nhóm", "Sở Y tế (yte)")
	only(t, e.text(officerA, group(-100555), "/whoami"), -100555, "Nhóm này được liên kết với: Sở Y tế")
	if n := len(e.audit("chat.migrate")); n != 1 {
		t.Errorf("%d chat.migrate audit rows", n)
	}
}

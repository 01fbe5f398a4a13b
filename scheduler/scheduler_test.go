package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/bacgiang/fwbot/config"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/testkit"
	"github.com/bacgiang/fwbot/scheduler"
	redisstore "github.com/bacgiang/fwbot/storage/redis"
	"github.com/bacgiang/fwbot/storage/sqlite"
	"github.com/bacgiang/fwbot/work"
)

const coordChat = -9000

// world is a database where every agency has a bound group (chat -1000-i)
// and the coordination group is bound, with a fake clock.
type world struct {
	t     *testing.T
	cfg   *config.Config
	store *sqlite.DB
	now   *testkit.Clock   // read by schedulers running in goroutines
	group map[string]int64 // agency → chat
	code  map[int64]string // chat → agency
	seen  int64
	// trackFrom is the schedulers' tracking start: 1 January 2027.
	trackFrom coord.Date
}

// newWorld binds a group for every agency but those in unbound, whose
// messages then go to their officers privately, and the coordination group.
func newWorld(t *testing.T, unbound ...string) *world {
	t.Helper()
	w := baseWorld(t)
	ctx := context.Background()
	err := w.store.Update(ctx, func(tx coord.Tx) error {
		for i, a := range w.cfg.Catalogue.Agencies {
			if slices.Contains(unbound, a.Code) {
				continue
			}
			chat := int64(-1000 - i)
			w.group[a.Code], w.code[chat] = chat, a.Code
			if _, err := tx.Bind(ctx, coord.ChatBinding{ChatID: chat, Code: a.Code, BoundAt: time.Now()}); err != nil {
				return err
			}
		}
		w.code[coordChat] = coord.CoordGroup
		_, err := tx.Bind(ctx, coord.ChatBinding{ChatID: coordChat, Code: coord.CoordGroup, BoundAt: time.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// baseWorld is the repository's configuration on a fresh database with its
// agencies, no chat bound and nobody enrolled.
func baseWorld(t *testing.T) *world {
	t.Helper()
	cfg := testkit.Config(t)
	return &world{t: t, cfg: cfg, store: testkit.Store(t, cfg), now: testkit.NewClock(time.Time{}),
		group: map[string]int64{}, code: map[int64]string{}, trackFrom: testkit.TrackFrom}
}

func (w *world) scheduler(opts ...func(*scheduler.Options)) *scheduler.Scheduler {
	w.t.Helper()
	o := scheduler.Options{
		Store: w.store, Catalogue: w.cfg.Catalogue, Calendar: w.cfg.Calendar,
		Policy: scheduler.Policy{BeforeDays: w.cfg.Reminders.BeforeDays, OverdueEveryDays: w.cfg.Reminders.OverdueEveryDays,
			OverdueForDays: w.cfg.Reminders.OverdueForDays},
		Hour: 8, TrackFrom: w.trackFrom, EscalateAfterWorkingDays: 3,
		WeeklyDay: time.Monday, WeeklyHour: 8, MonthlyHour: 8,
		Clock: coord.ClockFunc(w.clock), Log: slog.New(slog.DiscardHandler),
	}
	for _, f := range opts {
		f(&o)
	}
	s, err := scheduler.New(o)
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

func (w *world) clock() time.Time { return w.now.Now() }

func (w *world) setNow(t time.Time) { w.now.Set(t) }

func (w *world) at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, w.cfg.Location)
}

// sent returns the messages queued since the last call.
func (w *world) sent() []coord.OutMessage {
	w.t.Helper()
	items, err := w.store.PendingOutbox(context.Background(), w.seen, 0)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []coord.OutMessage
	for _, it := range items {
		out = append(out, it.Msg)
		w.seen = it.ID
	}
	return out
}

func (w *world) tick(s *scheduler.Scheduler, t time.Time) []coord.OutMessage {
	w.t.Helper()
	w.setNow(t)
	if err := s.Tick(context.Background(), t); err != nil {
		w.t.Fatal(err)
	}
	return w.sent()
}

func isReminder(m coord.OutMessage) bool {
	for _, p := range []string{"🔔 Nhắc hạn", "⏰ Hôm nay", "⚠️ Báo cáo quá hạn"} {
		if strings.HasPrefix(m.Text, p) {
			return true
		}
	}
	return false
}

func (w *world) submit(ob, agency, period string, at time.Time) {
	w.t.Helper()
	err := w.store.Update(context.Background(), func(tx coord.Tx) error {
		return tx.CreateSubmission(context.Background(), &coord.Submission{Obligation: ob, Agency: agency, Period: period,
			Kind: coord.WithFiles, SubmittedBy: 1, ChatID: 1, SubmittedAt: at})
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

func TestNewRefusesNilClock(t *testing.T) {
	w := newWorld(t)
	_, err := scheduler.New(scheduler.Options{Store: w.store, Catalogue: w.cfg.Catalogue, Calendar: w.cfg.Calendar, Hour: 8})
	if err == nil || !strings.Contains(err.Error(), "clock") {
		t.Fatalf("err = %v", err)
	}
}

// TestSimulatedYear runs 2027 in fake time, ticking at 07:59, 08:00 and
// 08:30 every day, and checks that every agency receives exactly the
// reminders of the plan (itself checked against hand-computed tables in
// plan_test.go), once each, in its group, and none before 08:00.
func TestSimulatedYear(t *testing.T) {
	w := newWorld(t)
	s := w.scheduler()
	pol := scheduler.Policy{BeforeDays: w.cfg.Reminders.BeforeDays, OverdueEveryDays: 3, OverdueForDays: 30}
	got := map[string]int{}
	want := map[string]int{}
	none := func(string, string, string) bool { return false }
	for d := (coord.Date{Year: 2027, Month: 1, Day: 1}); d.Year == 2027; d = d.AddDays(1) {
		if early := w.tick(s, w.at(d.Year, d.Month, d.Day, 7, 59)); len(early) != 0 {
			t.Fatalf("%s: %d messages before 08:00", d, len(early))
		}
		for _, m := range w.tick(s, w.at(d.Year, d.Month, d.Day, 8, 0)) {
			if isReminder(m) {
				got[w.code[m.ChatID]]++
			}
		}
		if again := w.tick(s, w.at(d.Year, d.Month, d.Day, 8, 30)); len(again) != 0 {
			t.Fatalf("%s: %d messages sent again at 08:30", d, len(again))
		}
		for _, r := range scheduler.Plan(w.cfg.Catalogue, w.cfg.Calendar, pol, w.trackFrom, none, d) {
			want[r.Agency]++
		}
	}
	for _, a := range w.cfg.Catalogue.Agencies {
		if got[a.Code] != want[a.Code] {
			t.Errorf("%s received %d reminders in 2027, the plan has %d", a.Code, got[a.Code], want[a.Code])
		}
	}
	if got["ldtbxh"] == 0 || got["ubnd-yenthe"] == 0 || got["yte"] != 0 {
		t.Errorf("implausible counts: %v", got)
	}
}

func TestSubmissionStopsReminders(t *testing.T) {
	w := newWorld(t)
	s := w.scheduler()
	// 6.4 for 2027-01: due 05/02/2027, extended by Tết to the end of 11/02.
	count := func(from, to coord.Date) int {
		n := 0
		for d := from; !to.Before(d); d = d.AddDays(1) {
			for _, m := range w.tick(s, w.at(d.Year, d.Month, d.Day, 8, 0)) {
				if isReminder(m) && m.ChatID == w.group["ldtbxh"] && strings.Contains(m.Text, "Báo cáo 6.4") && strings.Contains(m.Text, "Kỳ: 2027-01") {
					n++
				}
			}
		}
		return n
	}
	if n := count(coord.Date{Year: 2027, Month: 1, Day: 25}, coord.Date{Year: 2027, Month: 2, Day: 3}); n == 0 {
		t.Fatal("no reminder before the submission")
	}
	w.submit("6.4", "ldtbxh", "2027-01", w.at(2027, 2, 3, 10, 0))
	if n := count(coord.Date{Year: 2027, Month: 2, Day: 4}, coord.Date{Year: 2027, Month: 3, Day: 31}); n != 0 {
		t.Fatalf("%d reminders for a submitted period", n)
	}
}

func TestRestartAt0830SendsTodaysRemindersOnce(t *testing.T) {
	w := newWorld(t)
	// 2027-02-10 is a Tết holiday; use Monday 2027-01-04: 6.4 for 2026-12
	// (due 05/01) has its last_day reminder on Monday 04/01... whatever the
	// plan says for the day, a bot started at 08:30 sends it once.
	day := w.at(2027, 1, 4, 8, 30)
	first := w.scheduler()
	msgs := w.tick(first, day)
	if len(msgs) == 0 {
		t.Fatal("the bot started at 08:30 sent nothing for the day")
	}
	second := w.scheduler() // a restart
	if again := w.tick(second, day.Add(5*time.Minute)); len(again) != 0 {
		t.Fatalf("%d messages replayed after a restart", len(again))
	}
	// The next day at 09:00: that day's reminders only, not yesterday's.
	next := w.tick(second, w.at(2027, 1, 5, 9, 0))
	for _, m := range next {
		for _, old := range msgs {
			if m.Text == old.Text && m.ChatID == old.ChatID && isReminder(m) && !strings.Contains(m.Text, "Còn") {
				t.Fatalf("yesterday's reminder replayed: %q", m.Text)
			}
		}
	}
}

func TestTwoSchedulersNeverDoubleSend(t *testing.T) {
	t.Run("SameInstant", func(t *testing.T) {
		w := newWorld(t)
		a, b := w.scheduler(), w.scheduler()
		w.setNow(w.at(2027, 1, 4, 8, 0))
		var wg sync.WaitGroup
		for _, s := range []*scheduler.Scheduler{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := s.Tick(context.Background(), w.at(2027, 1, 4, 8, 0)); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		msgs := w.sent()
		seen := map[string]bool{}
		for _, m := range msgs {
			k := fmt.Sprint(m.ChatID, m.Text)
			if seen[k] {
				t.Fatalf("sent twice: %q", m.Text)
			}
			seen[k] = true
		}
		if len(msgs) == 0 {
			t.Fatal("nothing sent")
		}
	})
	t.Run("LeaseAndTakeover", func(t *testing.T) {
		w := newWorld(t)
		mr := miniredis.RunT(t)
		holds := map[string]chan struct{}{"a": make(chan struct{}, 1000), "b": make(chan struct{}, 1000)}
		lock := func(owner string) coord.Locker {
			s, err := redisstore.New(context.Background(), redisstore.Options{Addr: mr.Addr(), Owner: owner})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return &signalLocker{Locker: s, held: holds[owner]}
		}
		w.setNow(w.at(2027, 1, 4, 8, 0))
		ticked := make(chan string, 100)
		mk := func(name string) *scheduler.Scheduler {
			return w.scheduler(func(o *scheduler.Options) {
				o.Lock, o.TickEvery, o.LeaseTTL = lock(name), 5*time.Millisecond, time.Minute
				o.Notify = func() { ticked <- name }
			})
		}
		next := func(what string) string {
			t.Helper()
			select {
			case who := <-ticked:
				return who
			case <-time.After(10 * time.Second):
				t.Fatalf("nothing sent within 10 s: %s", what)
				return ""
			}
		}
		// attempts waits until owner has asked for the lease n more times.
		attempts := func(owner string, n int) {
			t.Helper()
			for range n {
				select {
				case <-holds[owner]:
				case <-time.After(10 * time.Second):
					t.Fatalf("%s stopped asking for the lease", owner)
				}
			}
		}
		a, b := mk("a"), mk("b")
		ctxA, stopA := context.WithCancel(context.Background())
		doneA := make(chan struct{})
		go func() { defer close(doneA); _ = a.Run(ctxA) }()
		if who := next("the first day"); who != "a" {
			t.Fatalf("%s sent first", who)
		}
		ctxB, stopB := context.WithCancel(context.Background())
		defer stopB()
		doneB := make(chan struct{})
		go func() { defer close(doneB); _ = b.Run(ctxB) }()
		attempts("b", 2)
		// A new day while a lives: a holds the lease, so only a sends.
		w.setNow(w.at(2027, 1, 5, 8, 0))
		if who := next("the second day"); who != "a" {
			t.Fatalf("%s sent on the second day while a held the lease", who)
		}
		attempts("b", 3) // b ticked on the new day, and was refused the lease
		// a's tick of the second day is over once it asks for the lease again.
		for len(holds["a"]) > 0 {
			<-holds["a"]
		}
		attempts("a", 2)
		// a dies (its lease is released at shutdown). Until then only a
		// may have sent; then, on the next working day, b, the only
		// scheduler left, sends.
		stopA()
		<-doneA
		for len(ticked) > 0 {
			if who := <-ticked; who != "a" {
				t.Fatalf("%s sent on the second day while a held the lease", who)
			}
		}
		w.setNow(w.at(2027, 1, 7, 8, 0))
		if who := next("the third day"); who != "b" {
			t.Fatalf("%s sent after a stopped", who)
		}
		stopB()
		<-doneB
	})
}

// signalLocker reports each time its scheduler asked for the lease.
type signalLocker struct {
	coord.Locker
	held chan struct{}
}

func (l *signalLocker) Hold(ctx context.Context, name string, ttl time.Duration) (bool, error) {
	ok, err := l.Locker.Hold(ctx, name, ttl)
	select {
	case l.held <- struct{}{}:
	default:
	}
	return ok, err
}

func (w *world) request(from, to string, due coord.Date, created time.Time) int64 {
	w.t.Helper()
	var id int64
	err := w.store.Update(context.Background(), func(tx coord.Tx) error {
		r := coord.Request{Type: coord.RequestType("info"), From: from, To: to, Subject: "Cung cấp danh sách", Due: due,
			State: coord.ReqOpen, CreatedBy: 1, CreatedAt: created, UpdatedAt: created}
		err := tx.CreateRequest(context.Background(), &r)
		id = r.ID
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return id
}

func TestOverdueRequestsRemindedAndEscalated(t *testing.T) {
	w := newWorld(t)
	s := w.scheduler()
	// Due Friday 05/03/2027; working days after: 08 (1), 09 (2), 10 (3).
	w.request("ldtbxh", "congan", coord.Date{Year: 2027, Month: 3, Day: 5}, w.at(2027, 3, 1, 9, 0))
	reminders, escalations := map[string]int{}, 0
	for d := (coord.Date{Year: 2027, Month: 3, Day: 5}); d.Before(coord.Date{Year: 2027, Month: 3, Day: 16}); d = d.AddDays(1) {
		for _, m := range w.tick(s, w.at(d.Year, d.Month, d.Day, 8, 0)) {
			switch {
			case strings.Contains(m.Text, "Yêu cầu phối hợp #1 đã quá hạn") && m.ChatID == w.group["congan"]:
				reminders[d.String()]++
			case strings.Contains(m.Text, "Báo cáo cơ quan chủ trì") && m.ChatID == coordChat:
				escalations++
				if d != (coord.Date{Year: 2027, Month: 3, Day: 10}) {
					t.Errorf("escalated on %s, want 2027-03-10", d)
				}
			}
		}
	}
	want := []string{"2027-03-08", "2027-03-09", "2027-03-10", "2027-03-11", "2027-03-12", "2027-03-15"}
	if len(reminders) != len(want) {
		t.Errorf("reminded on %v, want the working days %v", reminders, want)
	}
	for _, d := range want {
		if reminders[d] != 1 {
			t.Errorf("%s: %d reminders", d, reminders[d])
		}
	}
	if escalations != 1 {
		t.Errorf("%d escalations, want 1", escalations)
	}
}

func TestDigests(t *testing.T) {
	w := newWorld(t)
	s := w.scheduler()
	t.Run("WeeklyOnMonday", func(t *testing.T) {
		w.request("ldtbxh", "congan", coord.Date{Year: 2027, Month: 3, Day: 2}, w.at(2027, 2, 22, 9, 0))
		msgs := w.tick(s, w.at(2027, 3, 8, 8, 0)) // Monday
		var digest string
		for _, m := range msgs {
			if m.ChatID == coordChat && strings.HasPrefix(m.Text, "📊 Tổng hợp tuần") {
				digest += m.Text
			}
		}
		for _, want := range []string{"Sở Lao động - Thương binh và Xã hội (ldtbxh)", "UBND huyện Hiệp Hòa (ubnd-hiephoa)",
			"6.4 kỳ 2027-02 — trễ", "Công an tỉnh (congan)", "nhận 1 đang mở (1 quá hạn)"} {
			if !strings.Contains(digest, want) {
				t.Errorf("weekly digest lacks %q:\n%s", want, digest)
			}
		}
		if strings.Contains(digest, "Bộ Lao động") {
			t.Error("an external addressee is listed")
		}
	})
	t.Run("InputsAfterTheInputDeadline", func(t *testing.T) {
		// 7.3 for 2027-04 is due "trước ngày 28": its last day is Tuesday
		// 27/04, so the inputs digest of 6.4 goes out on Wednesday 28/04 into
		// ldtbxh's group.
		w.submit("7.3", "bqlkcn", "2027-04", w.at(2027, 4, 20, 9, 0))
		if msgs := w.tick(s, w.at(2027, 4, 27, 8, 0)); strings.Contains(fmt.Sprint(msgs), "📥") {
			t.Fatal("inputs digest before the input deadline passed")
		}
		var digest string
		for _, m := range w.tick(s, w.at(2027, 4, 28, 8, 0)) {
			if m.ChatID == w.group["ldtbxh"] && strings.HasPrefix(m.Text, "📥") {
				digest += m.Text
			}
		}
		if !strings.Contains(digest, "báo cáo 6.4 kỳ 2027-04") || !strings.Contains(digest, "✅ 7.3 — Ban Quản lý các khu công nghiệp tỉnh") {
			t.Errorf("inputs digest:\n%s", digest)
		}
	})
	t.Run("MonthlyOnFirstWorkingDay", func(t *testing.T) {
		// June 2027 begins on a Tuesday; May's deadlines: 6.4 and 13.3 on
		// 05/05, 7.3 on 28/05. 13.3 is sent only "nếu có": a month with
		// nothing sent is not late, and not scored.
		w.submit("7.3", "bqlkcn", "2027-05", w.at(2027, 5, 27, 9, 0))
		var digest string
		for _, m := range w.tick(s, w.at(2027, 6, 1, 8, 0)) {
			if m.ChatID == coordChat && strings.HasPrefix(m.Text, "📈") {
				digest += m.Text
			}
		}
		for _, want := range []string{"tháng 05/2027", "Ban Quản lý các khu công nghiệp tỉnh: đúng hạn 1, trễ hạn 0, chưa nộp 0",
			"Sở Lao động - Thương binh và Xã hội: đúng hạn 0, trễ hạn 0, chưa nộp 1",
			"Sở Công Thương: đúng hạn 0, trễ hạn 0, chưa nộp 0; không có thông báo 1 (chỉ gửi khi có thông tin)",
			"Tỷ lệ nộp đúng hạn toàn tỉnh: 1/2"} {
			if !strings.Contains(digest, want) {
				t.Errorf("monthly digest lacks %q:\n%s", want, digest)
			}
		}
	})
}

func TestDigestOnDemand(t *testing.T) {
	w := newWorld(t)
	s := w.scheduler()
	err := w.store.Update(context.Background(), func(tx coord.Tx) error {
		chats, err := s.Digest(context.Background(), tx, coord.DigestInputs, w.at(2027, 7, 20, 10, 0))
		if err == nil && len(chats) != 2 {
			err = fmt.Errorf("posted to %v, want ldtbxh's group twice (6.4 and 6.6)", chats)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, m := range w.sent() {
		text += m.Text + "\n"
	}
	if !strings.Contains(text, "báo cáo 6.6 kỳ 2027-H1") || !strings.Contains(text, "⏳ 16.4 — UBND huyện Yên Thế") {
		t.Fatalf("inputs digest:\n%s", text)
	}
}

// TestPrunesOldMarksDaily checks that the 08:00 tick forgets handled-update
// marks older than a week and once keys older than three months, and keeps
// the recent ones.
func TestPrunesOldMarksDaily(t *testing.T) {
	w := newWorld(t)
	s := w.scheduler()
	ctx := context.Background()
	now := w.at(2027, time.March, 10, 8, 0)
	err := w.store.Update(ctx, func(tx coord.Tx) error {
		for id, at := range map[int64]time.Time{1: now.AddDate(0, 0, -8), 2: now.AddDate(0, 0, -1)} {
			if _, err := tx.MarkUpdateHandled(ctx, id, at); err != nil {
				return err
			}
		}
		for key, at := range map[string]time.Time{"old": now.AddDate(0, 0, -100), "recent": now.AddDate(0, 0, -10)} {
			if _, err := tx.Once(ctx, key, at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	w.tick(s, now.Add(-time.Hour)) // 07:00: nothing yet
	w.tick(s, now)
	err = w.store.Update(ctx, func(tx coord.Tx) error {
		for id, forgotten := range map[int64]bool{1: true, 2: false} {
			first, err := tx.MarkUpdateHandled(ctx, id, now)
			if err != nil {
				return err
			}
			if first != forgotten {
				t.Errorf("update %d forgotten = %v, want %v", id, first, forgotten)
			}
		}
		for key, forgotten := range map[string]bool{"old": true, "recent": false} {
			first, err := tx.Once(ctx, key, now)
			if err != nil {
				return err
			}
			if first != forgotten {
				t.Errorf("once key %q forgotten = %v, want %v", key, first, forgotten)
			}
		}
		return errors.New("roll back the probes")
	})
	if err == nil || err.Error() != "roll back the probes" {
		t.Fatal(err)
	}
}

// countingStore counts write transactions.
type countingStore struct {
	coord.Store
	mu      sync.Mutex
	updates int
}

func (c *countingStore) Update(ctx context.Context, fn func(coord.Tx) error) error {
	c.mu.Lock()
	c.updates++
	c.mu.Unlock()
	return c.Store.Update(ctx, fn)
}

// TestLaterTicksDoNotRewriteTheDay checks that once a day's reminders are
// sent, the ticks after (every 20 s all day) open no write transaction.
func TestLaterTicksDoNotRewriteTheDay(t *testing.T) {
	w := newWorld(t)
	store := &countingStore{Store: w.store}
	s := w.scheduler(func(o *scheduler.Options) { o.Store = store })
	first := w.tick(s, w.at(2027, time.January, 4, 8, 0))
	if len(first) == 0 {
		t.Fatal("nothing sent at 08:00 on 2027-01-04; the test needs a day with reminders")
	}
	store.mu.Lock()
	store.updates = 0
	store.mu.Unlock()
	if again := w.tick(s, w.at(2027, time.January, 4, 8, 0).Add(20*time.Second)); len(again) != 0 {
		t.Errorf("the next tick sent %d messages again", len(again))
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if store.updates != 0 {
		t.Errorf("the next tick opened %d write transactions for work already done", store.updates)
	}
}

func TestNewRefusesASecondTrackingStart(t *testing.T) {
	w := newWorld(t)
	base := scheduler.Options{Store: w.store, Catalogue: w.cfg.Catalogue, Calendar: w.cfg.Calendar, Hour: 8,
		TrackFrom: w.trackFrom, Clock: coord.ClockFunc(w.clock)}
	opt := base
	opt.Work = &work.Service{Catalogue: opt.Catalogue, Calendar: opt.Calendar, TrackFrom: coord.Date{Year: 2030, Month: 1, Day: 1}}
	if _, err := scheduler.New(opt); err == nil || !strings.Contains(err.Error(), "disagrees") {
		t.Fatalf("New with two tracking starts: %v", err)
	}
	opt.Work.TrackFrom = w.trackFrom
	if _, err := scheduler.New(opt); err != nil {
		t.Fatalf("New with one tracking start: %v", err)
	}
}

// countingMetrics records what the scheduler reports.
type countingMetrics struct {
	mu                 sync.Mutex
	reminders, digests map[string]int
}

func (c *countingMetrics) ReminderSent(kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reminders[kind]++
}

func (c *countingMetrics) DigestSent(kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.digests[kind]++
}

// TestMetricsCountWhatWasQueued: each reminder and digest the scheduler
// queues is counted once, by kind, and a later tick that sends nothing new
// counts nothing.
func TestMetricsCountWhatWasQueued(t *testing.T) {
	w := newWorld(t)
	m := &countingMetrics{reminders: map[string]int{}, digests: map[string]int{}}
	s := w.scheduler(func(o *scheduler.Options) { o.Metrics = m })
	monday := w.at(2027, 3, 8, 8, 0)
	reminders := 0
	for _, msg := range w.tick(s, monday) {
		if isReminder(msg) {
			reminders++
		}
	}
	w.tick(s, monday.Add(time.Minute)) // nothing new
	if reminders == 0 || m.reminders["deadline"] == 0 {
		t.Fatalf("%d reminders queued, %v counted", reminders, m.reminders)
	}
	if m.digests["weekly"] != 1 {
		t.Errorf("weekly digests counted %d on a Monday, want 1 (%v)", m.digests["weekly"], m.digests)
	}
	// Each reminder once-key sends one or more messages (a group, or every
	// officer): never more keys than messages.
	if m.reminders["deadline"] > reminders {
		t.Errorf("%d deadline reminders counted for %d messages", m.reminders["deadline"], reminders)
	}
}

package handlers_test

import (
	"github.com/bacgiang/fwbot/internal/fuzzseed"
	"github.com/bacgiang/fwbot/internal/testkit"

	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/config"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/handlers"
	redisstore "github.com/bacgiang/fwbot/storage/redis"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

// fuzzWorld gives every fuzz input a fresh copy of one prepared world, so
// that inputs cannot affect each other and a crasher replays alone. Building
// the world through the dispatcher (invites, enrolments, a submission…) for
// every input would take tens of milliseconds; copying and opening its
// database takes a few.
//
// The world is built by the first input (the env helpers need a *testing.T)
// into a template database in the fuzz target's temporary directory; Redis
// is one miniredis for the whole target, emptied before each input.
type fuzzWorld struct {
	cfg   *config.Config
	mr    *miniredis.Miniredis
	state *redisstore.Store
	dir   string
	build func(e *env)

	ready  bool
	broken bool      // building failed: every later input fails too
	now    time.Time // the world's clock after build
	nextID int64     // the last update id the template handled
	seen   int64     // the last outbox item the template queued
}

func newFuzzWorld(f *testing.F, build func(e *env)) *fuzzWorld {
	f.Helper()
	cfg := testkit.Config(f)
	mr, state := testkit.Redis(f)
	return &fuzzWorld{cfg: cfg, mr: mr, state: state, dir: f.TempDir(), build: build}
}

// env returns an env on a fresh copy of the world. It mirrors newEnv (keep
// the Handlers in step), but opens an existing database and shares the
// target's Redis.
func (w *fuzzWorld) env(t *testing.T) *env {
	t.Helper()
	template := filepath.Join(w.dir, "template.db")
	if w.broken {
		t.Fatal("the fuzz world could not be built (see the first input)")
	}
	if !w.ready {
		w.broken = true
		e := w.open(t, template, true)
		t.Cleanup(func() {
			if w.broken {
				e.store.Close()
			}
		})
		w.build(e)
		w.now, w.nextID, w.seen = e.now, e.nextID, e.seen
		// Closing the last connection checkpoints the WAL into the file.
		if err := e.store.Close(); err != nil {
			t.Fatal(err)
		}
		w.ready, w.broken = true, false
	}
	w.mr.FlushAll()
	path := filepath.Join(t.TempDir(), "bot.db")
	data, err := os.ReadFile(template)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	e := w.open(t, path, false)
	t.Cleanup(func() { e.store.Close() })
	e.now, e.nextID, e.seen = w.now, w.nextID, w.seen
	return e
}

// open builds the env on the database at path; a template is new and gets
// the agencies and bootstrap admins first.
func (w *fuzzWorld) open(t *testing.T, path string, template bool) *env {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	cfg := w.cfg
	e := &env{t: t, store: store, mr: w.mr, state: w.state, now: time.Date(2027, 3, 1, 9, 0, 0, 0, cfg.Location)}
	h := &handlers.Handlers{Catalogue: cfg.Catalogue,
		Work: testkit.Work(cfg), InviteTTL: 7 * 24 * time.Hour,
		AdminIDs: []int64{adminID}, Log: slog.New(slog.DiscardHandler),
		Calendar: cfg.Calendar, MaxFileSize: 20 << 20,
		ArchiveNotify: func() { e.archiveWakes++ }, RequestDueWorkingDays: 5}
	if template {
		if err := store.SyncAgencies(ctx, cfg.Catalogue.Agencies); err != nil {
			t.Fatal(err)
		}
		if err := h.EnsureAdmins(ctx, store, e.now); err != nil {
			t.Fatal(err)
		}
	}
	r := bot.NewRouter()
	h.Register(r)
	e.d = bot.NewDispatcher(store, w.state, r, nil, func() time.Time { return e.now }, slog.New(slog.DiscardHandler), botName)
	return e
}

// noInternalError fails when a reply is the apology for a failed or
// panicking handler (the dispatcher turns panics into it) or for Redis
// being away.
func noInternalError(t *testing.T, input string, msgs []coord.OutMessage) {
	t.Helper()
	for _, m := range msgs {
		for _, bad := range []handlers.Msg{handlers.TxtInternal, handlers.TxtUnavailable} {
			for _, l := range []coord.Lang{coord.LangVI, coord.LangEN} {
				if head := string([]rune(bad.In(l))[:40]); strings.HasPrefix(m.Text, head) {
					t.Fatalf("input %q: a handler failed or panicked; reply to %d: %q", input, m.ChatID, m.Text)
				}
			}
		}
	}
}

// lastAudit is the id of the newest audit row (0 when there is none).
func (e *env) lastAudit() int64 {
	e.t.Helper()
	last, err := e.store.AuditLog(context.Background(), 1)
	if err != nil {
		e.t.Fatal(err)
	}
	if len(last) == 0 {
		return 0
	}
	return last[0].ID
}

// auditAfter lists the audit rows newer than row id, which must be one of
// the last hundred.
func (e *env) auditAfter(id int64) []coord.AuditEntry {
	e.t.Helper()
	recent, err := e.store.AuditLog(context.Background(), 100)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []coord.AuditEntry
	for _, a := range recent {
		if a.ID > id {
			out = append(out, a)
		}
	}
	return out
}

// viaJSON is s as it comes back from the outbox, which stores JSON: invalid
// UTF-8 turns into U+FFFD.
func viaJSON(s string) string {
	b, _ := json.Marshal(s)
	var out string
	_ = json.Unmarshal(b, &out)
	return out
}

// callbackSeeds are the starting inputs of FuzzCallbackData: every prefix
// the handlers register, with valid and forged suffixes, and data no button
// of this bot carries.
var callbackSeeds = []string{
	"lang:vi", "lang:en", "lang:fr", "lang:",
	"inv:a:yte", "inv:a:", "inv:a:../../", "inv:a:yte\n", "inv:r:officer", "inv:r:admin", "inv:r:root",
	"bind:congan", "bind:coord", "bind:YTE", "bind:nowhere", "bind:", "bind:bo-ldtbxh",
	"sub:o:6.4", "sub:o:13.3", "sub:o:", "sub:p:2027-01", "sub:p:", "sub:done", "sub:nil", "sub:skip",
	"sub:ok", "sub:okr", "sub:okrr", "sub:x", "sub:",
	"ack:1", "ack:2", "ack:0", "ack:-1", "ack:+1", "ack: 1", "ack:01", "ack:", "ack:99999999999999999999", "ack:1\x00",
	"rq:a:1", "rq:a:#1", "rq:a:0", "rq:a:2", "rq:a:99999999999999999999", "rq:a:", "rq:d:1", "rq:r:1", "rq:r:", "rq:x:1",
	"rqw:t:record", "rqw:t:other", "rqw:g:congan", "rqw:g:bo-ldtbxh", "rqw:gd", "rqw:skip", "rqw:fd", "rqw:due",
	"rqw:ok", "rqw:x",
	"rv:ok:301", "rv:ok:111", "rv:ok:", "rv:ok:-1", "rv:ok:0301", "rv:no", "rv:nope",
	"ub:ok:congan", "ub:ok:coord", "ub:ok:", "ub:ok:nowhere", "ub:no",
	"", "x", "\x00", "\xff\xfe", "lang:tiếng việt", "bind:công-an", "rq:a:１",
	"ack:" + strings.Repeat("1", 60), "rq:a:" + strings.Repeat("9", 59), strings.Repeat("rq:a:1", 50),
}

// seedOnce runs each seed once per process. Every seed is both added with
// f.Add and committed under testdata/fuzz, so a plain test run meets it
// twice; as each input gets the same fresh world, the second run could only
// repeat the first, and these targets are slow enough for that to matter.
func seedOnce(seeds []string) func(t *testing.T, input string) {
	pending := map[string]bool{}
	for _, s := range seeds {
		pending[s] = true
	}
	ran := map[string]bool{}
	return func(t *testing.T, input string) {
		if !pending[input] {
			return
		}
		if ran[input] {
			t.Skip("seed already run: f.Add and testdata/fuzz hold the same seeds")
		}
		ran[input] = true
	}
}

// presser is one person pressing a button somewhere.
type presser struct {
	name string
	who  bot.Person
	chat bot.Chat
}

// FuzzCallbackData presses a button carrying arbitrary data as a stranger,
// as an officer of an agency the world's report and request are not for,
// and as the admin, in private and in groups. The world: lan (ldtbxh) sent
// report 6.4 to congan (deliveries 1 and 2, congan's and ngoaivu's) and
// request #1 to congan, whose group is bound; Mai (congthuong) and the
// admin (ldtbxh) have nothing pending.
//
// Every press must be answered exactly once, never end in an internal
// error, and change nothing unless it is the presser's own valid action:
// only a language button (in private, for an enrolled person) and, for the
// admin in a group, a bind button of a bindable code, which stands for
// /bindgroup. No invite, submission, acknowledgement or request change may
// follow, and a refused press sends nothing but its answer.
func FuzzCallbackData(f *testing.F) {
	for _, s := range callbackSeeds {
		f.Add(s)
	}
	w := newFuzzWorld(f, func(e *env) {
		e.enrol(officerA, "ldtbxh")
		e.enrol(officerCA, "congan")
		e.enrol(officerCT, "congthuong")
		e.text(admin, group(groupCongAn), "/bindgroup congan")
		e.now = time.Date(2027, 2, 3, 9, 0, 0, 0, e.now.Location())
		msgs := e.file(officerA, private(officerA), "/submit 6.4 2027-01", pdf("F1", "a.pdf"))
		if d := to(msgs, groupCongAn); len(d) != 1 || len(d[0].Buttons) != 1 || d[0].Buttons[0][0].Data != "ack:1" {
			e.t.Fatalf("the world's report was not delivered with ack:1: %+v", msgs)
		}
		contains(e.t, texts(e.text(officerA, private(officerA), "/request congan 2027-03-15 Xác minh"), officerA.ID), "#1")
		e.newMessages()
	})
	pressers := []presser{
		{"stranger", stranger, private(stranger)},
		{"other agency", officerCT, private(officerCT)},
		{"other agency in congan's group", officerCT, group(groupCongAn)},
		{"admin", admin, private(admin)},
		{"admin in an unbound group", admin, group(groupYTE)},
	}
	bindable := map[string]bool{}
	for _, code := range w.cfg.Catalogue.BindableCodes() {
		bindable[code] = true
	}
	once := seedOnce(callbackSeeds)
	f.Fuzz(func(t *testing.T, data string) {
		once(t, data)
		e := w.env(t)
		last := e.lastAudit()
		for i, p := range pressers {
			msgs := e.press(p.who, p.chat, 700+i, data)
			noInternalError(t, data, msgs)
			var answers []coord.OutMessage
			for _, m := range msgs {
				if m.Kind == coord.OutCallbackAnswer {
					answers = append(answers, m)
				}
			}
			if len(answers) != 1 || answers[0].CallbackID != viaJSON("cb"+data) || answers[0].ChatID != p.chat.ID {
				t.Fatalf("%s pressed %q: want one answer to the press, got %+v", p.name, data, msgs)
			}
			changed := e.auditAfter(last)
			if len(changed) > 0 {
				last = changed[0].ID
			}
			for _, a := range changed {
				own := a.Action == "user.lang" && p.who != stranger && p.chat.Private() && (data == "lang:vi" || data == "lang:en") ||
					a.Action == "chat.bind" && p.who == admin && !p.chat.Private() && strings.HasPrefix(data, "bind:") && bindable[strings.TrimPrefix(data, "bind:")]
				if !own {
					t.Fatalf("%s pressed %q and caused %s %s (before %s, after %s)", p.name, data, a.Action, a.Subject, a.Before, a.After)
				}
			}
			if len(changed) == 0 && answers[0].Alert && len(msgs) != 1 {
				t.Fatalf("%s pressed %q: refused, yet more than the answer was sent: %+v", p.name, data, msgs)
			}
			if len(changed) == 0 {
				for _, m := range msgs {
					if m.ChatID != p.chat.ID {
						t.Fatalf("%s pressed %q: nothing changed, yet chat %d was sent %q", p.name, data, m.ChatID, m.Text)
					}
				}
			}
			if p.who == stranger && (len(msgs) != 1 || !answers[0].Alert) {
				t.Fatalf("a stranger pressed %q: want one refusal, got %+v", data, msgs)
			}
		}
		if r := e.request(1); r.State != coord.ReqOpen {
			t.Fatalf("pressing %q moved request #1 to %s", data, r.State)
		}
		err := e.store.View(context.Background(), func(tx coord.Tx) error {
			for id := int64(1); id <= 2; id++ {
				d, err := tx.Delivery(context.Background(), id)
				if err != nil {
					return err
				}
				if d.AckedBy != nil {
					t.Errorf("pressing %q acknowledged delivery %d by %d", data, id, *d.AckedBy)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// captionSeeds are the starting inputs of FuzzSubmitCaption: the arguments
// after "/submit " on a PDF sent by an ldtbxh officer on 3 Feb 2027.
var captionSeeds = []string{
	"", " ", "6.4", "6.4 2027-01", "6.4 2027-1", "6.4 2027-02", "6.4 2027-03", "6.4 2026-12", "6.4 2027-01 thay-the",
	"6.4 2027-01 THAY-THẾ", "6.4 2027-01 replace", "6.4 thaythe", "thay-the", "replace replace",
	"6.4 2027-Q1", "6.4 2027-H1", "6.4 2027", "6.4 2027-13", "6.4 2027-00", "6.4 2000-01", "6.4 1999-12", "6.4 2999-12",
	"6.6 2026", "6.6 2026-H1", "6.6 2027-H1", "6.6", "8.8 2027-Q1", "7.3 2027-01", "12.3", "nosuch 2027-01", "6.40 2027-01",
	"6.4 2027-01 2027-02", "6.4 2027-01 thay-the thay-the", "6.4\n2027-01", "6.4\t2027-01", "6.4\u00a02027-01",
	"６.４ 2027-01", "6.4 ２０２７-01", "6.4 9223372036854775807", "6.4 2027-01\x00", "\x00", "\xff",
	"6.4 " + strings.Repeat("2027-01 ", 40), strings.Repeat("x", 4000),
}

// FuzzSubmitCaption sends a PDF captioned "/submit <args>" as lan, an
// officer of ldtbxh, whose report 6.4 goes to congan's bound group (and
// to ngoaivu, which nobody can receive for). Whatever the arguments, either
// exactly one submission is stored, with that file, the officer gets one
// receipt and every reachable recipient its copy; or nothing is stored,
// the officer gets exactly one reply and no group hears of it.
func FuzzSubmitCaption(f *testing.F) {
	for _, s := range captionSeeds {
		f.Add(s)
	}
	w := newFuzzWorld(f, func(e *env) {
		e.enrol(officerA, "ldtbxh")
		e.enrol(officerCA, "congan")
		e.text(admin, group(groupCongAn), "/bindgroup congan")
		e.newMessages()
		e.now = time.Date(2027, 2, 3, 9, 0, 0, 0, e.now.Location())
	})
	today := coord.Date{Year: 2027, Month: 2, Day: 3}
	once := seedOnce(captionSeeds)
	f.Fuzz(func(t *testing.T, args string) {
		once(t, args)
		e := w.env(t)
		msgs := e.file(officerA, private(officerA), "/submit "+args, pdf("F1", "bao-cao.pdf"))
		noInternalError(t, args, msgs)
		subs := e.submissions(coord.SubmissionFilter{})
		mine := to(msgs, officerA.ID)
		switch len(subs) {
		case 0:
			if len(msgs) != 1 || len(mine) != 1 {
				t.Fatalf("/submit %q stored nothing; want one reply to the officer, got %+v", args, msgs)
			}
			if n := len(e.audit("submission.create")); n != 0 {
				t.Fatalf("/submit %q: %d submission.create rows but no submission", args, n)
			}
		case 1:
			s := subs[0]
			if s.Agency != "ldtbxh" || s.SubmittedBy != officerA.ID || len(s.Files) != 1 || s.Files[0].FileID != "F1" || s.Version != 1 {
				t.Fatalf("/submit %q stored %+v", args, s)
			}
			ob, ok := w.cfg.Catalogue.Obligation(s.Obligation)
			if !ok || !ob.ResponsibleFor("ldtbxh") {
				t.Fatalf("/submit %q stored a report of %q, which is not ldtbxh's", args, s.Obligation)
			}
			if s.Period != "" {
				p, err := coord.ParsePeriod(s.Period)
				if err != nil || today.Before(p.Start()) {
					t.Fatalf("/submit %q stored period %q, which has not begun (%v)", args, s.Period, err)
				}
			}
			fields := strings.Fields(args)
			if replace := handlers.IsReplaceWord(fields[len(fields)-1]); s.ReplacesWrong != replace {
				t.Fatalf("/submit %q: replaces_wrong %v, want %v", args, s.ReplacesWrong, replace)
			}
			if len(mine) != 1 {
				t.Fatalf("/submit %q: want one receipt, got %+v", args, mine)
			}
			var copies int
			for _, m := range msgs {
				switch {
				case m.ChatID == officerA.ID:
				case m.ChatID == groupCongAn && m.Kind == coord.OutFiles && m.Files[0].FileID == "F1":
					copies++
				default:
					t.Fatalf("/submit %q sent %q to chat %d", args, m.Text, m.ChatID)
				}
			}
			wantCopies := 0
			for _, a := range ob.To {
				if a == "congan" {
					wantCopies = 1
				}
			}
			if copies != wantCopies {
				t.Fatalf("/submit %q of %s: %d copies reached congan's group, want %d: %+v", args, ob.ID, copies, wantCopies, msgs)
			}
		default:
			t.Fatalf("/submit %q stored %d submissions", args, len(subs))
		}
	})
}

// TestFuzzDispatchSeedCorpus keeps testdata/fuzz in step with the seed
// lists of this file. After changing a list, run
// FWBOT_WRITE_FUZZ_SEEDS=1 go test -run TestFuzz.*SeedCorpus ./handlers/
func TestFuzzDispatchSeedCorpus(t *testing.T) {
	for _, s := range callbackSeeds {
		fuzzseed.Check(t, "FuzzCallbackData", s)
	}
	for _, s := range captionSeeds {
		fuzzseed.Check(t, "FuzzSubmitCaption", s)
	}
}

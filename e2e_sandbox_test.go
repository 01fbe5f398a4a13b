package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/storage/sqlite"
	_ "github.com/mattn/go-sqlite3"
)

// sandboxRun is `fwbot sandbox` run through the same Main as the binary.
type sandboxRun struct {
	t      *testing.T
	url    string
	stdout *syncBuffer
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan int
}

var sandboxURL = regexp.MustCompile(`Sandbox running: open (http://\S+/) in a browser`)

// startSandbox runs Main sandbox with args on a free port and returns once
// it printed where its page is.
func startSandbox(t *testing.T, args ...string) *sandboxRun {
	t.Helper()
	return startSandboxWith(t, map[string]string{"BOT_METRICS_LISTEN": "127.0.0.1:0"}, args...)
}

// startSandboxWith is startSandbox with env as the environment.
func startSandboxWith(t *testing.T, env map[string]string, args ...string) *sandboxRun {
	t.Helper()
	s := &sandboxRun{t: t, stdout: &syncBuffer{}, logs: &syncBuffer{}, done: make(chan int, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	if env["BOT_CONFIG"] == "" {
		env["BOT_CONFIG"] = "config.yaml"
	}
	go func() {
		s.done <- Main(ctx, append([]string{"sandbox", "--listen", "127.0.0.1:0"}, args...),
			func(k string) string { return env[k] }, s.stdout, s.logs)
	}()
	t.Cleanup(func() {
		s.stop()
		if t.Failed() {
			t.Logf("sandbox log:\n%s", s.logs.String())
		}
	})
	s.stdout.WaitFor(t, wait, "Sandbox running")
	m := sandboxURL.FindStringSubmatch(s.stdout.String())
	if m == nil {
		t.Fatalf("no page address in %q", s.stdout.String())
	}
	s.url = m[1]
	return s
}

func (s *sandboxRun) stop() int {
	if s.cancel == nil {
		return 0
	}
	s.cancel()
	s.cancel = nil
	select {
	case code := <-s.done:
		return code
	case <-time.After(wait):
		s.t.Fatal("the sandbox did not stop after cancel")
		return -1
	}
}

type pageEvent struct {
	Type string `json:"type"`
	Chat int64  `json:"chat"`
	From int64  `json:"from"`
	Text string `json:"text"`
	At   string `json:"at"`
}

// until reads the page's event stream from the start until ok accepts an
// event, and returns everything read.
func (s *sandboxRun) until(timeout time.Duration, desc string, ok func(pageEvent) bool) []pageEvent {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.url+"api/events?since=0", nil)
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer r.Body.Close()
	var seen []pageEvent
	sc := bufio.NewScanner(r.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		data, found := strings.CutPrefix(sc.Text(), "data: ")
		if !found {
			continue
		}
		var e pageEvent
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			s.t.Fatal(err)
		}
		seen = append(seen, e)
		if ok(e) {
			return seen
		}
	}
	s.t.Fatalf("the page never showed %s (%v); it showed %d events", desc, sc.Err(), len(seen))
	return nil
}

func (s *sandboxRun) info() (ready bool, now time.Time) {
	s.t.Helper()
	r, err := http.Get(s.url + "api/info")
	if err != nil {
		s.t.Fatal(err)
	}
	defer r.Body.Close()
	var in struct {
		Ready bool   `json:"ready"`
		Now   string `json:"now"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		s.t.Fatal(err)
	}
	now, err = time.Parse(time.RFC3339, in.Now)
	if err != nil {
		s.t.Fatal(err)
	}
	return in.Ready, now
}

const (
	sbLdtbxhGroup = -1001000000001
	sbCongAnGroup = -1001000000002
)

// TestSandboxSeedsTheDemoProvince: one command, no token: the demo
// province is made through the bot's own commands, a deadline morning is
// played, and a second start picks up where the first stopped.
func TestSandboxSeedsTheDemoProvince(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := startSandbox(t, "--dir", dir)
	evs := s.until(60*time.Second, "the overdue request nudged in the Police's group", func(e pageEvent) bool {
		return e.Chat == sbCongAnGroup && strings.Contains(e.Text, "Yêu cầu phối hợp #1 đã quá hạn trả lời")
	})
	has := func(chat int64, from int64, want ...string) bool {
		for _, e := range evs {
			if e.Type == "message" && e.Chat == chat && e.From == from && containsAll(e.Text, want...) {
				return true
			}
		}
		return false
	}
	checks := []struct {
		what       string
		chat, from int64
		want       []string
	}{
		{"an officer enrolled through an invite", 2003, 0, []string{"Chào mừng Đỗ Thị Mai"}},
		{"the Police's group bound", sbCongAnGroup, 0, []string{"Đã liên kết nhóm này với Công an tỉnh"}},
		{"a late report delivered to ldtbxh", sbLdtbxhGroup, 0, []string{"📥 Báo cáo 7.3", "trễ hạn"}},
		{"an on-time report delivered to the Police", sbCongAnGroup, 0, []string{"📥 Báo cáo 6.4", "đúng hạn"}},
		{"a nil report recorded", 2004, 0, []string{"Báo cáo: 13.3", "đúng hạn"}},
		{"a request card in the Police's group", sbCongAnGroup, 0, []string{"📨 Yêu cầu phối hợp #1"}},
		{"the officers' own commands shown", 2003, 2003, []string{"/submit 7.3"}},
	}
	for _, c := range checks {
		if !has(c.chat, c.from, c.want...) {
			t.Errorf("the seeded province lacks %s", c.what)
		}
	}
	s.until(wait, "the seed done", func(e pageEvent) bool { return e.Type == "ready" })
	ready, now := s.info()
	if !ready || now.Before(time.Date(2027, 2, 15, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))) {
		t.Fatalf("after the seed: ready %v, clock %v", ready, now)
	}
	page, err := http.Get(s.url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if !strings.Contains(string(body), "Không có gì được gửi tới Telegram") {
		t.Error("the page does not say that nothing goes to Telegram")
	}
	if !strings.Contains(s.logs.String(), "never contacts Telegram") {
		t.Error("the log does not say that nothing goes to Telegram")
	}
	if code := s.stop(); code != 0 {
		t.Fatalf("the sandbox stopped with %d", code)
	}

	// The second start: no second seed, the clock where it stopped.
	again := startSandbox(t, "--dir", dir)
	before := again.until(wait, "the second start ready", func(e pageEvent) bool { return e.Type == "ready" })
	for _, e := range before {
		if e.From != 0 {
			t.Fatalf("the second start played %q as persona %d before it was ready: seeded twice", e.Text, e.From)
		}
	}
	_, resumed := again.info()
	if resumed.Before(now) {
		t.Fatalf("the clock ran back: %v after %v", resumed, now)
	}
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "sandbox.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var people int
	if err := db.QueryRow(`SELECT COUNT(*) FROM users`).Scan(&people); err != nil {
		t.Fatal(err)
	}
	if people != 5 {
		t.Fatalf("%d people enrolled after the second start, want the 5 of the seed", people)
	}
}

// TestSandboxOnTheReorganisedProfile: the sandbox plays the configured
// province, not the shipped one: on the reorganised profile its coordinator
// is Sở Nội vụ, and the demo's reports and requests are that catalogue's.
func TestSandboxOnTheReorganisedProfile(t *testing.T) {
	t.Parallel()
	s := startSandboxWith(t, map[string]string{"BOT_METRICS_LISTEN": "127.0.0.1:0", "BOT_CONFIG": reorganised}, "--dir", t.TempDir())
	evs := s.until(60*time.Second, "the overdue request nudged in the Police's group", func(e pageEvent) bool {
		return e.Chat == sbCongAnGroup && strings.Contains(e.Text, "Yêu cầu phối hợp #1 đã quá hạn trả lời")
	})
	var bound, delivered bool
	for _, e := range evs {
		bound = bound || e.Chat == sbLdtbxhGroup && strings.Contains(e.Text, "Đã liên kết nhóm này với Sở Nội vụ")
		delivered = delivered || e.Chat == sbCongAnGroup && containsAll(e.Text, "📥 Báo cáo 6.4", "Từ: Sở Nội vụ")
	}
	if !bound || !delivered {
		t.Errorf("the coordinator's group bound to Sở Nội vụ: %v; its report delivered to the Police: %v", bound, delivered)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// TestSandboxAndProductionNeverShareADatabase: the sandbox refuses a
// database the real bot has used, and the folder where it keeps its data;
// the real bot refuses a sandbox's database.
func TestSandboxAndProductionNeverShareADatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	prod := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(prod, "sandbox.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	var out, errs syncBuffer
	env := map[string]string{"BOT_CONFIG": "config.yaml"}
	getenv := func(k string) string { return env[k] }
	if code := Main(ctx, []string{"sandbox", "--listen", "127.0.0.1:0", "--dir", prod}, getenv, &out, &errs); code != 1 {
		t.Fatalf("the sandbox on a production database exited %d, want 1", code)
	}
	if !strings.Contains(errs.String(), "a database the real bot has used") || strings.Contains(out.String(), "Sandbox running") {
		t.Fatalf("the refusal says %q (stdout %q)", errs.String(), out.String())
	}

	data := t.TempDir()
	env["BOT_DB_PATH"] = filepath.Join(data, "fwbot.db")
	env["BOT_FILES_DIR"] = filepath.Join(data, "files")
	errs = syncBuffer{}
	if code := Main(ctx, []string{"sandbox", "--listen", "127.0.0.1:0", "--dir", data}, getenv, &out, &errs); code != 1 {
		t.Fatalf("the sandbox in the real bot's data folder exited %d, want 1", code)
	}
	if !strings.Contains(errs.String(), "is where the real bot keeps its data") {
		t.Fatalf("the refusal says %q", errs.String())
	}
	if _, err := os.Stat(filepath.Join(data, "sandbox.db")); err == nil {
		t.Fatal("the refused sandbox left a database in the real bot's folder")
	}

	// A sandbox's own database, then the real bot pointed at it.
	sb := t.TempDir()
	s := startSandbox(t, "--dir", sb, "--empty")
	s.stop()
	env = map[string]string{"BOT_CONFIG": "config.yaml", "TELEGRAM_BOT_TOKEN": testToken,
		"BOT_DB_PATH": filepath.Join(sb, "sandbox.db"), "BOT_FILES_DIR": filepath.Join(sb, "files"), "BOT_ADMIN_IDS": "111"}
	errs = syncBuffer{}
	if code := Main(ctx, nil, getenv, &out, &errs); code != 1 {
		t.Fatalf("the real bot on a sandbox database exited %d, want 1", code)
	}
	if !strings.Contains(errs.String(), "belongs to a sandbox") {
		t.Fatalf("the refusal says %q", errs.String())
	}
}

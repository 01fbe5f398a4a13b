package main

// Benchmark of issue item 13: the resident size of the real binary, idle,
// after 10,000 updates and while it archives a 1 GiB file, next to a
// minimal tgbotapi bot doing the same. scripts/bench.sh runs it and writes
// BENCHMARKS.md; plain `go test` never runs it.

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fakeapi"
)

const (
	// memUpdates is how many updates the child handles before the second
	// reading.
	memUpdates = 10_000
	// memBigFile is the size of the archived file: 1 GiB.
	memBigFile int64 = 1 << 30
)

// miniBot is the baseline: the plainest tgbotapi bot that does what the
// measured paths of fwbot do, answering every text with itself and
// streaming every document to disk (getFile, then one GET copied into a
// file), then saying "saved". It is built in a module of its own in a temp
// dir, from the module cache, with the repository's go.sum.
const miniBot = `// Command minibot is the memory baseline of fwbot's benchmarks.
package main

import (
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func main() {
	token, base, dir := os.Getenv("TELEGRAM_BOT_TOKEN"), os.Getenv("TELEGRAM_API_ENDPOINT"), os.Getenv("BOT_FILES_DIR")
	bot, err := tgbotapi.NewBotAPIWithAPIEndpoint(token, base+"/bot%s/%s")
	if err != nil {
		log.Fatal(err)
	}
	offset := 0
	for {
		updates, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: offset, Limit: 100, Timeout: 50})
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		for _, u := range updates {
			offset = u.UpdateID + 1
			m := u.Message
			if m == nil {
				continue
			}
			text := m.Text
			if m.Document != nil {
				text = "saved"
				if err := save(bot, base, token, dir, m.Document); err != nil {
					text = err.Error()
				}
			}
			if _, err := bot.Send(tgbotapi.NewMessage(m.Chat.ID, text)); err != nil {
				log.Print(err)
			}
		}
	}
}

func save(bot *tgbotapi.BotAPI, base, token, dir string, d *tgbotapi.Document) error {
	f, err := bot.GetFile(tgbotapi.FileConfig{FileID: d.FileID})
	if err != nil {
		return err
	}
	resp, err := http.Get(base + "/file/bot" + token + "/" + f.FilePath)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	out, err := os.Create(filepath.Join(dir, filepath.Base(d.FileName)))
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, resp.Body); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
`

// buildMiniBot compiles miniBot into dir and returns the binary's path.
func buildMiniBot(b *testing.B, dir string) string {
	b.Helper()
	sum, err := os.ReadFile("go.sum")
	if err != nil {
		b.Fatal(err)
	}
	mod := "module fwbotbench/minibot\n\ngo 1.26\n\nrequire github.com/go-telegram-bot-api/telegram-bot-api/v5 v5.5.1\n"
	for name, data := range map[string][]byte{"go.mod": []byte(mod), "go.sum": sum, "main.go": []byte(miniBot)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "minibot")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = dir
	// Offline, from the module cache this repository's build filled.
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("build the baseline bot: %v\n%s", err, out)
	}
	return bin
}

// memStatus is what /proc/<pid>/status says of a process's memory, in
// bytes: resident (VmRSS), its peak (VmHWM), and the resident split into
// anonymous memory (RssAnon: heaps, stacks) and file pages (RssFile: the
// binary and libraries) — RssShmem, the third part, is left out.
type memStatus struct{ rss, hwm, anon, file int64 }

// procStatus reads the memory lines of /proc/<pid>/status.
func procStatus(pid int) (memStatus, error) {
	var m memStatus
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return m, err
	}
	defer f.Close()
	fields := map[string]*int64{"VmRSS": &m.rss, "VmHWM": &m.hwm, "RssAnon": &m.anon, "RssFile": &m.file}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		dst := fields[key]
		if !ok || dst == nil {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		if err != nil {
			return m, fmt.Errorf("%s: %q: %w", key, val, err)
		}
		*dst = kb << 10
	}
	return m, sc.Err()
}

// resetPeak restarts VmHWM from the current RSS (Linux ≥ 4.0), so the
// next reading is the peak of what follows; it reports whether it could.
func resetPeak(pid int) bool {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0) == nil
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }

// child is a bot process under measurement.
type child struct {
	cmd  *exec.Cmd
	logs *syncBuffer
}

// startChild runs bin with env added to this process's environment and
// stops it (SIGTERM, then SIGKILL) when the benchmark ends.
func startChild(b *testing.B, bin, dir string, env ...string) *child {
	b.Helper()
	c := &child{cmd: exec.Command(bin), logs: &syncBuffer{}}
	c.cmd.Env = append(os.Environ(), env...)
	c.cmd.Dir, c.cmd.Stdout, c.cmd.Stderr = dir, c.logs, c.logs
	if err := c.cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = c.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _, _ = c.cmd.Process.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			_ = c.cmd.Process.Kill()
			<-done
		}
		if strings.Contains(c.logs.String(), benchToken) {
			b.Errorf("the token appears in the child's log")
		}
		if strings.Contains(c.logs.String(), "update refused") {
			b.Errorf("the child refused updates")
		}
		if b.Failed() {
			b.Logf("child log:\n%s", c.logs.String())
		}
	})
	return c
}

func (c *child) status(b *testing.B) memStatus {
	b.Helper()
	m, err := procStatus(c.cmd.Process.Pid)
	if err != nil {
		b.Fatalf("read the child's memory: %v\nlog:\n%s", err, c.logs.String())
	}
	return m
}

// settled reads the child's memory once its resident size has stopped
// moving: five readings 200 ms apart within 0.1 MiB of each other (a
// minute at most), rather than after a fixed pause.
func (c *child) settled(b *testing.B) memStatus {
	b.Helper()
	deadline := time.Now().Add(time.Minute)
	var window []memStatus
	for {
		m := c.status(b)
		window = append(window, m)
		if len(window) > 5 {
			window = window[1:]
		}
		if len(window) == 5 {
			lo, hi := window[0].rss, window[0].rss
			for _, w := range window {
				lo, hi = min(lo, w.rss), max(hi, w.rss)
			}
			if hi-lo < 1<<20/10 || time.Now().After(deadline) {
				return m
			}
		}
		time.Sleep(200 * time.Millisecond) // the interval between readings
	}
}

// patternSHA256 is the hex SHA-256 of fakeapi.PatternReader(n), the name
// the archive gives the file.
func patternSHA256(n int64) string {
	h := sha256.New()
	_, _ = io.Copy(h, fakeapi.PatternReader(n))
	return hex.EncodeToString(h.Sum(nil))
}

// BenchmarkMemory measures the resident size (VmRSS from /proc) of the
// real fwbot binary, with its defaults (embedded Redis, SQLite file),
// against an in-process fakeapi server:
//
//   - idle-MB: connected and polling, before any update;
//   - after10k-MB: once 10,000 updates (/whoami and /cancel from 1,000
//     officers) are handled, their 10,000 replies queued in the outbox;
//     after10k-anon-MB and after10k-file-MB split it into anonymous memory
//     and pages of the binary and libraries; peak10k-MB is VmHWM, the peak
//     up to then;
//   - heap-live-MB, heap-goal-MB: the Go heap at that point, live after the
//     last collection and the size the next one starts at (GODEBUG=gctrace),
//     which tells the Go heap from the rest of the resident size, and
//     sqlite-conns, the SQLite connections open then (descriptors on the
//     database file; each connection keeps its own page cache);
//   - archive-peak-MB: the peak (VmHWM after a reset, and RSS sampled
//     every 10 ms) while a 1 GiB report goes from getFile through the
//     download path of a local Bot API server (no 20 MB limit;
//     storage.max_file_size_mb raised to 2000) into the archive, which is
//     then checked by its size and SHA-256; archive-delta-MB is that peak
//     less the resident size just before, archive-s how long it took.
//
// The baseline is a minimal tgbotapi bot (miniBot) doing the same: echo
// every text, stream every document to disk. One op is one whole run.
//
//	go test -run '^$' -bench '^BenchmarkMemory$' -benchtime 1x .
func BenchmarkMemory(b *testing.B) {
	if testing.Short() {
		b.Skip("builds and runs the binary, archives 1 GiB")
	}
	want := patternSHA256(memBigFile)
	b.Run("bot", func(b *testing.B) {
		for range b.N {
			benchMemory(b, true, want)
		}
	})
	b.Run("baseline", func(b *testing.B) {
		for range b.N {
			benchMemory(b, false, want)
		}
	})
}

func benchMemory(b *testing.B, fwbot bool, wantSHA string) {
	b.StopTimer()
	dir := b.TempDir()
	api := fakeapi.New()
	b.Cleanup(api.Close)
	api.SetMaxDownload(0) // a local Bot API server serves files of any size
	users := benchUsers(benchUserCount)
	submitter := fakeapi.User{ID: 400001, FirstName: "Lan", LastName: "Nguyễn"}
	filesDir := filepath.Join(dir, "files")
	if err := os.MkdirAll(filesDir, 0o750); err != nil {
		b.Fatal(err)
	}
	// gctrace prints the Go heap at every collection, so the resident size
	// can be split into the Go heap and the rest (C: SQLite; the runtime).
	env := []string{"TELEGRAM_BOT_TOKEN=" + benchToken, "TELEGRAM_API_ENDPOINT=" + api.URL(), "BOT_FILES_DIR=" + filesDir,
		"GODEBUG=gctrace=1"}
	var c *child
	if fwbot {
		configPath := benchConfig(b, dir, "max_file_size_mb: 20", "max_file_size_mb: 2000", "drain_timeout: 10s", "drain_timeout: 1s")
		dbPath := filepath.Join(dir, "bot.db")
		benchEnrol(b, configPath, dbPath, "bo-ldtbxh", users)
		benchEnrol(b, configPath, dbPath, "ldtbxh", []fakeapi.User{submitter}) // 6.4 is ldtbxh's
		env = append(env, "REDIS_ADDR=", "BOT_DB_PATH="+dbPath, "BOT_ADMIN_IDS=111", "BOT_CONFIG="+configPath,
			"TELEGRAM_WEBHOOK_URL=", "BOT_METRICS_LISTEN=127.0.0.1:0")
		c = startChild(b, binary(b), dir, env...)
		// Connected: the command menus are set just before polling starts.
		api.WaitCount(b, benchWait, "setMyCommands", func(call fakeapi.Call) bool { return call.Method == "setMyCommands" }, 2)
	} else {
		c = startChild(b, buildMiniBot(b, dir), dir, env...)
	}
	b.StartTimer()

	// Idle: once polling, the resident size after start-up settles.
	deadline := time.Now().Add(benchWait)
	for api.Requests() < 2 && time.Now().Before(deadline) { // getMe, then more
		time.Sleep(10 * time.Millisecond)
	}
	idle := c.settled(b).rss

	var last int64
	for i := range memUpdates {
		u := users[i%len(users)]
		last, _ = api.SendText(u, fakeapi.Private(u), benchCommand(i))
	}
	api.WaitConfirmed(b, 10*time.Minute, last)
	after := c.settled(b)
	heapLive, heapGoal := lastGC(c.logs.String())
	conns := openFiles(c.cmd.Process.Pid, "bot.db")

	// The 1 GiB report.
	api.AddFileFunc("BIG-1GiB", "bao-cao-1gb.pdf", memBigFile, func() io.Reader { return fakeapi.PatternReader(memBigFile) })
	before := c.status(b).rss
	reset := resetPeak(c.cmd.Process.Pid)
	var (
		mu      sync.Mutex
		sampled int64
		stop    = make(chan struct{})
		sampler sync.WaitGroup
	)
	sampler.Add(1)
	go func() {
		defer sampler.Done()
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			if m, err := procStatus(c.cmd.Process.Pid); err == nil {
				mu.Lock()
				sampled = max(sampled, m.rss)
				mu.Unlock()
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	period := coord.PeriodContaining(coord.Monthly, coord.DateOf(time.Now().In(benchLocation(b)))).String()
	start := time.Now()
	api.SendDocument(submitter, fakeapi.Private(submitter), "/submit 6.4 "+period, fakeapi.File{FileID: "BIG-1GiB"})
	var archived string
	if fwbot {
		archived = filepath.Join(filesDir, wantSHA[:2], wantSHA)
		waitFile(b, c, archived, memBigFile)
	} else {
		archived = filepath.Join(filesDir, "bao-cao-1gb.pdf")
		api.WaitFor(b, 5*time.Minute, "the baseline's saved", func(call fakeapi.Call) bool {
			return call.Method == "sendMessage" && call.ChatID() == submitter.ID
		})
	}
	took := time.Since(start)
	close(stop)
	sampler.Wait()
	hwm := c.status(b).hwm
	b.StopTimer()

	if st, err := os.Stat(archived); err != nil || st.Size() != memBigFile {
		b.Fatalf("archived file %s: %v, size %d, want %d", archived, err, sizeOf(st), memBigFile)
	}
	if got := patternSHA256File(b, archived); got != wantSHA {
		b.Fatalf("%s holds different bytes: sha256 %s", archived, got)
	}
	archivePeak := sampled
	if reset {
		archivePeak = max(archivePeak, hwm)
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(mib(idle), "idle-MB")
	b.ReportMetric(mib(after.rss), "after10k-MB")
	b.ReportMetric(mib(after.anon), "after10k-anon-MB")
	b.ReportMetric(mib(after.file), "after10k-file-MB")
	b.ReportMetric(mib(after.hwm), "peak10k-MB")
	b.ReportMetric(mib(archivePeak), "archive-peak-MB")
	b.ReportMetric(mib(archivePeak-before), "archive-delta-MB")
	b.ReportMetric(heapLive, "heap-live-MB")
	b.ReportMetric(heapGoal, "heap-goal-MB")
	b.ReportMetric(float64(conns), "sqlite-conns")
	b.ReportMetric(took.Seconds(), "archive-s")
}

// openFiles counts pid's open descriptors on files named name: for the
// database, one per SQLite connection, each with its own page cache.
func openFiles(pid int, name string) int {
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	fds, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	n := 0
	for _, fd := range fds {
		if target, err := os.Readlink(filepath.Join(dir, fd.Name())); err == nil && filepath.Base(target) == name {
			n++
		}
	}
	return n
}

// gcLine matches the heap figures of a gctrace line: "16->17->8 MB, 17 MB
// goal" is the heap at the start and end of the collection, the live heap
// after it, and the next goal.
var gcLine = regexp.MustCompile(`\d+->\d+->(\d+) MB, (\d+) MB goal`)

// lastGC returns the live heap and the goal of the last collection traced
// in logs, in MB (as the runtime prints them), or zeros.
func lastGC(logs string) (live, goal float64) {
	m := gcLine.FindAllStringSubmatch(logs, -1)
	if len(m) == 0 {
		return 0, 0
	}
	l, _ := strconv.ParseFloat(m[len(m)-1][1], 64)
	g, _ := strconv.ParseFloat(m[len(m)-1][2], 64)
	return l, g
}

func sizeOf(st os.FileInfo) int64 {
	if st == nil {
		return -1
	}
	return st.Size()
}

// patternSHA256File hashes the file at path.
func patternSHA256File(b *testing.B, path string) string {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		b.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// waitFile waits until path exists with size bytes: the archive renames a
// blob into place only once it is whole and its SHA-256 matched its name.
func waitFile(b *testing.B, c *child, path string, size int64) {
	b.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		if st, err := os.Stat(path); err == nil && st.Size() == size {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.Fatalf("%s never appeared in the archive; log:\n%s", path, c.logs.String())
}

// benchLocation is the province's time zone, for the period to submit.
func benchLocation(b *testing.B) *time.Location {
	b.Helper()
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		b.Fatal(err)
	}
	return loc
}

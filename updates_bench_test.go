package main

// Benchmarks of issue item 10: updates through the whole bot, next to a bare
// tgbotapi echo loop on the same fake Bot API. scripts/bench.sh runs them
// and writes BENCHMARKS.md; plain `go test` never runs them.

import (
	"context"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	goredis "github.com/redis/go-redis/v9"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fakeapi"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

const (
	// benchToken is the token of the bot under benchmark.
	benchToken = "7000002:AAH-bench_TOKEN_do-not-log"
	// benchUserCount officers send the updates, so that no chat gets more
	// than a few of them in a batch: chats are handled in parallel, each
	// chat's updates in order.
	benchUserCount = 1000
	// benchWait bounds every wait of the benchmarks.
	benchWait = 2 * time.Minute
)

// benchUsers returns n officers with ids from 500000; each talks to the bot
// in its private chat.
func benchUsers(n int) []fakeapi.User {
	out := make([]fakeapi.User, n)
	for i := range out {
		out[i] = fakeapi.User{ID: int64(500000 + i), FirstName: "Cán bộ", LastName: strconv.Itoa(i)}
	}
	return out
}

// benchConfig writes config.yaml into dir with each old→new replacement of
// pairs applied, and returns its path; every replacement must match.
func benchConfig(b *testing.B, dir string, pairs ...string) string {
	b.Helper()
	data, err := os.ReadFile("config.yaml")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(text, pairs[i]) {
			b.Fatalf("config.yaml has no %q to replace", pairs[i])
		}
		text = strings.Replace(text, pairs[i], pairs[i+1], 1)
	}
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		b.Fatal(err)
	}
	return path
}

// benchEnrol creates the bot's database at dbPath with the agencies of the
// configuration and users enrolled as officers of agency, as if each had
// used an invite.
func benchEnrol(b *testing.B, configPath, dbPath, agency string, users []fakeapi.User) {
	b.Helper()
	cfg, err := loadConfig(func(k string) string {
		if k == "BOT_CONFIG" {
			return configPath
		}
		return ""
	})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.SyncAgencies(ctx, cfg.Catalogue.Agencies); err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	err = db.Update(ctx, func(tx coord.Tx) error {
		for _, u := range users {
			if err := tx.PutUser(ctx, coord.User{TelegramID: u.ID, Agency: agency, Role: coord.RoleOfficer,
				Lang: coord.LangVI, Name: u.FirstName + " " + u.LastName, CreatedAt: now, UpdatedAt: now}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// benchCommand is the i-th update's text: /whoami (user, agency, binding
// from SQLite) and /cancel (the conversation in Redis) in turn.
func benchCommand(i int) string {
	if i%2 == 0 {
		return "/whoami"
	}
	return "/cancel"
}

// benchTarget is something that consumes updates from a fake Bot API.
type benchTarget struct {
	api   *fakeapi.Server
	stop  func()
	users []fakeapi.User
}

// startBotTarget runs the real Main in-process against a fresh fake, with
// a SQLite file where the users are enrolled, and the Redis at redisAddr
// (flushed first) or, when it is empty, the embedded one.
func startBotTarget(b *testing.B, redisAddr string) *benchTarget {
	b.Helper()
	if redisAddr != "" {
		rc := goredis.NewClient(&goredis.Options{Addr: redisAddr})
		err := rc.FlushDB(context.Background()).Err()
		rc.Close()
		if err != nil {
			b.Fatalf("flush the benchmark's Redis at %s: %v", redisAddr, err)
		}
	}
	api := fakeapi.New()
	dir := b.TempDir()
	users := benchUsers(benchUserCount)
	// Shutdown drains the outbox, still full of replies paced at 30/s; the
	// benchmark does not need to wait 10 s for it.
	configPath := benchConfig(b, dir, "drain_timeout: 10s", "drain_timeout: 1s")
	dbPath := filepath.Join(dir, "bot.db")
	// Officers of an agency that owes no report, so that the scheduler's
	// reminders do not mix with the replies being measured.
	benchEnrol(b, configPath, dbPath, "bo-ldtbxh", users)
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN":    benchToken,
		"TELEGRAM_API_ENDPOINT": api.URL(),
		"REDIS_ADDR":            redisAddr,
		"BOT_DB_PATH":           dbPath,
		"BOT_FILES_DIR":         filepath.Join(dir, "files"),
		"BOT_ADMIN_IDS":         "111",
		"BOT_CONFIG":            configPath,
		"BOT_METRICS_LISTEN":    "127.0.0.1:0",
	}
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- Main(ctx, nil, func(k string) string { return env[k] }, logs, logs) }()
	stop := func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				b.Errorf("Main exited with %d; log:\n%s", code, logs.String())
			}
		case <-time.After(benchWait):
			b.Errorf("Main did not stop; log:\n%s", logs.String())
		}
		api.Close()
		if strings.Contains(logs.String(), benchToken) {
			b.Errorf("the token appears in the log")
		}
		// Every update must have gone through its handler: none refused
		// (the flood limit would skip handlers and flatter the figures).
		if strings.Contains(logs.String(), "update refused") {
			b.Errorf("updates were refused; log:\n%s", logs.String())
		}
	}
	return &benchTarget{api: api, stop: stop, users: users}
}

// ctxHTTP binds a context to tgbotapi's context-free requests, so that the
// echo loop's long poll ends when the benchmark stops it.
type ctxHTTP struct {
	ctx context.Context
	c   *http.Client
}

func (c ctxHTTP) Do(req *http.Request) (*http.Response, error) { return c.c.Do(req.WithContext(c.ctx)) }

// startEchoTarget runs the baseline: the plainest tgbotapi bot, a loop of
// getUpdates then one sendMessage echo per update, against a fresh fake.
func startEchoTarget(b *testing.B) *benchTarget {
	b.Helper()
	api := fakeapi.New()
	ctx, cancel := context.WithCancel(context.Background())
	tg, err := tgbotapi.NewBotAPIWithClient(benchToken, api.APIEndpoint(), ctxHTTP{ctx, &http.Client{}})
	if err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- echoLoop(ctx, tg) }()
	stop := func() {
		cancel()
		if err := <-done; err != nil {
			b.Errorf("echo loop: %v", err)
		}
		api.Close()
	}
	return &benchTarget{api: api, stop: stop, users: benchUsers(benchUserCount)}
}

// echoLoop answers every message with its own text until ctx ends.
func echoLoop(ctx context.Context, tg *tgbotapi.BotAPI) error {
	offset := 0
	for ctx.Err() == nil {
		updates, err := tg.GetUpdates(tgbotapi.UpdateConfig{Offset: offset, Limit: 100, Timeout: 50})
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		for _, u := range updates {
			offset = u.UpdateID + 1
			if u.Message == nil {
				continue
			}
			if _, err := tg.Send(tgbotapi.NewMessage(u.Message.Chat.ID, u.Message.Text)); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
		}
	}
	return nil
}

// pushed is an update the benchmark queued and when.
type pushed struct {
	id int64
	at time.Time
}

// push queues the i-th update: user i mod n in their private chat.
func (t *benchTarget) push(i int) pushed {
	u := t.users[i%len(t.users)]
	at := time.Now()
	id, _ := t.api.SendText(u, fakeapi.Private(u), benchCommand(i))
	return pushed{id: id, at: at}
}

// confirmedAt maps each pushed update to the arrival of the first
// getUpdates whose offset confirmed it: the moment Telegram learns the
// update was handled (for the bot: committed with its reply in the outbox).
func (t *benchTarget) confirmedAt(b *testing.B, ps []pushed) []time.Duration {
	b.Helper()
	polls := t.api.CallsTo("getUpdates")
	slices.SortFunc(polls, func(x, y fakeapi.Call) int { return x.At.Compare(y.At) })
	out := make([]time.Duration, 0, len(ps))
	j := 0
	for _, p := range ps { // ps is in id order, and so are the offsets in time
		for j < len(polls) {
			off, _ := strconv.ParseInt(polls[j].Params["offset"], 10, 64)
			if off > p.id {
				break
			}
			j++
		}
		if j == len(polls) {
			b.Fatalf("update %d was never confirmed", p.id)
		}
		out = append(out, polls[j].At.Sub(p.at))
	}
	return out
}

// percentile is the q-quantile (0 < q ≤ 1) of ds by the nearest-rank
// method; ds is sorted in place.
func percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	i := int(math.Ceil(q*float64(len(ds)))) - 1
	return ds[max(i, 0)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkUpdates measures updates (/whoami and /cancel in turn, from
// 1,000 enrolled officers in their private chats) through
//
//   - bot: the real Main in-process (poll loop, de-duplication in Redis,
//     routing, access check, handler, one SQLite transaction that also
//     writes the reply into the outbox) with its embedded Redis, the
//     binary's default;
//   - bot-redis: the same against the redis-server at
//     FWBOT_BENCH_REDIS_ADDR (flushed first), when that is set;
//   - echo: the baseline, a bare tgbotapi getUpdates→sendMessage loop.
//
// Each runs against a fresh in-process fakeapi server, which shares the two
// cores with it. Three figures per target:
//
//   - updates/s: b.N updates queued at once, until the last is confirmed;
//
//   - p50-ms, p99-ms: latency from push to confirmation (the getUpdates
//     whose offset tells Telegram the update was handled; for the bot, its
//     transaction and reply are committed by then) with updates pushed at
//     the target rate, 2,000/s, for two seconds;
//
//   - seq-p50-ms, seq-p99-ms: the same latency with one update at a time,
//     that is the path alone, without any queue.
//
//     go test -run '^$' -bench '^BenchmarkUpdates$' -benchtime 5000x .
func BenchmarkUpdates(b *testing.B) {
	b.Run("bot", func(b *testing.B) { benchUpdates(b, func(b *testing.B) *benchTarget { return startBotTarget(b, "") }) })
	if addr := os.Getenv("FWBOT_BENCH_REDIS_ADDR"); addr != "" {
		b.Run("bot-redis", func(b *testing.B) {
			benchUpdates(b, func(b *testing.B) *benchTarget { return startBotTarget(b, addr) })
		})
	}
	b.Run("echo", func(b *testing.B) { benchUpdates(b, startEchoTarget) })
}

const (
	// benchPacedRate is the rate of the latency phase: the throughput
	// target.
	benchPacedRate = 2000
	// benchPacedMax and benchSeqMax bound the latency phases.
	benchPacedMax = 2 * benchPacedRate
	benchSeqMax   = 500
)

func benchUpdates(b *testing.B, start func(*testing.B) *benchTarget) {
	t := start(b)
	t.stop = sync.OnceFunc(t.stop)
	defer t.stop()
	next := 0 // users take turns across the phases
	push := func() pushed {
		p := t.push(next)
		next++
		return p
	}
	// Warm up: connections, prepared statements, the first pages of SQLite.
	var last pushed
	for range 200 {
		last = push()
	}
	t.api.WaitConfirmed(b, benchWait, last.id)

	b.ResetTimer()
	begin := time.Now()
	for range b.N {
		last = push()
	}
	t.api.WaitConfirmed(b, benchWait, last.id)
	burst := time.Since(begin)
	b.StopTimer()

	n := min(b.N, benchPacedMax)
	paced := make([]pushed, 0, n)
	begin = time.Now()
	for len(paced) < n {
		due := min(int(time.Since(begin).Seconds()*benchPacedRate)+1, n)
		for len(paced) < due {
			paced = append(paced, push())
		}
		time.Sleep(100 * time.Microsecond)
	}
	t.api.WaitConfirmed(b, benchWait, paced[n-1].id)

	seq := make([]pushed, 0, min(b.N, benchSeqMax))
	for range cap(seq) {
		p := push()
		t.api.WaitConfirmed(b, benchWait, p.id)
		seq = append(seq, p)
	}

	t.stop() // now, so that the last long poll is recorded too
	lat := t.confirmedAt(b, paced)
	seqLat := t.confirmedAt(b, seq)
	b.ReportMetric(float64(burst.Nanoseconds())/float64(b.N), "ns/op")
	b.ReportMetric(float64(b.N)/burst.Seconds(), "updates/s")
	b.ReportMetric(ms(percentile(lat, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(lat, 0.99)), "p99-ms")
	b.ReportMetric(ms(percentile(seqLat, 0.50)), "seq-p50-ms")
	b.ReportMetric(ms(percentile(seqLat, 0.99)), "seq-p99-ms")
}

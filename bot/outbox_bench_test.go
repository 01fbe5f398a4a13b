package bot_test

// Benchmark of issue item 11: the outbox sender's pacing against the fake
// Bot API enforcing Telegram's flood limits. scripts/bench.sh runs it and
// writes BENCHMARKS.md; plain `go test` never runs it.

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fakeapi"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

// benchLimits are Telegram's limits as the fake enforces them: 30 messages
// per second overall, 1 per second in any chat, 20 per minute in a group.
var benchLimits = fakeapi.Limits{GlobalPerSecond: 30, PerChatPerSecond: 1, GroupPerMinute: 20}

// minPacedSpan is the shortest time Telegram's limits allow between the
// first and the last of groups×perGroup messages, perGroup to each of
// groups groups, with at most global messages in any second, at most
// perMinute in any minute to a group and at least a second between two to
// the same group:
//
//	one group:  60·⌊(m−1)/G⌋ + (m−1) mod G seconds   (m messages, G a minute)
//	overall:    ⌈N/R⌉ − 1 seconds                     (N messages, R a second)
//
// and the span is the larger of the two, which is reachable here: every
// group gets one message a second, all groups at once, within R.
func minPacedSpan(groups, perGroup, global, perMinute int) time.Duration {
	m := perGroup - 1
	oneGroup := 60*(m/perMinute) + m%perMinute
	n := groups * perGroup
	overall := (n+global-1)/global - 1
	return time.Duration(max(oneGroup, overall)) * time.Second
}

// BenchmarkOutboxPacing queues a burst of messages in the SQLite outbox and
// lets the real Sender deliver them through the real Client to a fakeapi
// server that answers 429 to anything over Telegram's limits. It reports
// the time from the first to the last delivery (last-s), the shortest time
// the limits allow (min-s, see minPacedSpan), their ratio (target ≤ 1.10)
// and the number of 429 answers (target 0).
//
//   - group100: 100 messages to one group; about 4 min 20 s.
//   - groups30x20: 600 messages spread over 30 groups; about 20 s.
//
// The sender paces on the wall clock, so this takes real time; -short
// skips it.
//
//	go test -run '^$' -bench '^BenchmarkOutboxPacing$' -benchtime 1x ./bot
func BenchmarkOutboxPacing(b *testing.B) {
	if testing.Short() {
		b.Skip("paces in real time (minutes)")
	}
	b.Run("group100", func(b *testing.B) { benchPacing(b, 1, 100) })
	b.Run("groups30x20", func(b *testing.B) { benchPacing(b, 30, 20) })
}

func benchPacing(b *testing.B, groups, perGroup int) {
	for range b.N {
		benchPacingOnce(b, groups, perGroup)
	}
}

func benchPacingOnce(b *testing.B, groups, perGroup int) {
	b.StopTimer()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	api := fakeapi.New()
	defer api.Close()
	api.EnforceLimits(benchLimits)
	client, err := bot.NewClient(ctx, api.URL(), "7000003:AAH-bench_outbox", nil)
	if err != nil {
		b.Fatal(err)
	}
	store, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "outbox.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()

	// The burst is committed at once, round robin over the groups, as a
	// digest or a submission to many agencies would queue it.
	n := groups * perGroup
	now := time.Now()
	err = store.Update(ctx, func(tx coord.Tx) error {
		for i := range n {
			chat := -1001000000000 - int64(i%groups)
			msg := coord.OutMessage{Kind: coord.OutText, ChatID: chat, Text: fmt.Sprintf("Tin %d/%d", i/groups+1, perGroup)}
			if _, _, err := tx.Enqueue(ctx, "", msg, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}

	sender := bot.NewSender(store, client, bot.SenderOptions{Limits: bot.DefaultLimits, Logger: slog.New(slog.DiscardHandler)})
	done := make(chan error, 1)
	least := minPacedSpan(groups, perGroup, benchLimits.GlobalPerSecond, benchLimits.GroupPerMinute)
	b.StartTimer()
	start := time.Now()
	go func() { done <- sender.Run(ctx) }()
	sent := api.WaitCount(b, least+2*time.Minute, "every message delivered", func(c fakeapi.Call) bool {
		return c.Method == "sendMessage" && c.OK()
	}, n)
	b.StopTimer()
	cancel()
	if err := <-done; err != nil {
		b.Fatal(err)
	}

	first, last := sent[0].At, sent[0].At
	for _, c := range sent {
		if c.At.Before(first) {
			first = c.At
		}
		if c.At.After(last) {
			last = c.At
		}
	}
	span := last.Sub(first)
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(span.Seconds(), "last-s")
	b.ReportMetric(last.Sub(start).Seconds(), "from-start-s")
	b.ReportMetric(least.Seconds(), "min-s")
	b.ReportMetric(span.Seconds()/least.Seconds(), "ratio")
	b.ReportMetric(float64(api.TooManyCount()), "429s")
}

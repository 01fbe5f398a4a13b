package bot_test

// Benchmark of issue 17 item 3: another agency's report queued in the middle
// of one officer's flood to the same group, against the same report in an
// idle group and against the same flood with the sender's turns disabled
// (everything in one lane, first in first out), all measured in one run.

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

// BenchmarkGroupFairness reports how long a report takes to reach a group:
//
//   - idle-ms: the group has nothing else queued (the baseline);
//   - flood-s: one officer queued 30 messages to the group and 5 of them
//     were delivered when the report came in from another agency;
//   - one-lane-s: the same flood, with the report in the flood's lane, as
//     the sender served every group before the turns;
//   - flood/idle and one-lane/flood: the ratios.
//
// The fake Bot API enforces Telegram's limits (20 a minute in a group), and
// the sender paces on the wall clock: this takes about 80 s; -short skips it.
//
//	go test -run '^$' -bench '^BenchmarkGroupFairness$' -benchtime 1x ./bot
func BenchmarkGroupFairness(b *testing.B) {
	if testing.Short() {
		b.Skip("paces in real time (over a minute)")
	}
	for range b.N {
		idle := reportDelay(b, 0, "u:202")
		fair := reportDelay(b, 30, "u:202")
		fifo := reportDelay(b, 30, "u:201")
		b.ReportMetric(0, "ns/op")
		b.ReportMetric(float64(idle)/float64(time.Millisecond), "idle-ms")
		b.ReportMetric(fair.Seconds(), "flood-s")
		b.ReportMetric(fifo.Seconds(), "one-lane-s")
		b.ReportMetric(fair.Seconds()/idle.Seconds(), "flood/idle")
		b.ReportMetric(fifo.Seconds()/fair.Seconds(), "one-lane/flood")
	}
}

// reportDelay queues flood messages from officer u:201 to a group, waits
// until five of them are delivered (none when flood is 0), then queues a
// report in lane and returns the time until Telegram got it.
func reportDelay(b *testing.B, flood int, lane string) time.Duration {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	api := fakeapi.New()
	defer api.Close()
	api.EnforceLimits(benchLimits)
	client, err := bot.NewClient(ctx, api.URL(), "7000004:AAH-bench_fairness", nil)
	if err != nil {
		b.Fatal(err)
	}
	store, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "outbox.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	sender := bot.NewSender(store, client, bot.SenderOptions{Limits: bot.DefaultLimits, Logger: slog.New(slog.DiscardHandler)})
	done := make(chan error, 1)
	go func() { done <- sender.Run(ctx) }()
	const group = -1001000000777
	enqueue := func(msgs ...coord.OutMessage) {
		err := store.Update(ctx, func(tx coord.Tx) error {
			for _, m := range msgs {
				if _, _, err := tx.Enqueue(ctx, "", m, time.Now()); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		sender.Notify()
	}
	if flood > 0 {
		msgs := make([]coord.OutMessage, flood)
		for i := range msgs {
			msgs[i] = coord.OutMessage{Kind: coord.OutText, ChatID: group, Lane: "u:201",
				Text: fmt.Sprintf("Báo cáo không phát sinh %d/%d", i+1, flood)}
		}
		enqueue(msgs...)
		api.WaitCount(b, time.Minute, "the flood under way", func(c fakeapi.Call) bool {
			return c.Method == "sendMessage" && c.OK() && c.ChatID() == group
		}, 5)
	}
	queued := time.Now()
	enqueue(coord.OutMessage{Kind: coord.OutText, ChatID: group, Lane: lane, Text: "Báo cáo của cơ quan khác"})
	got := api.WaitFor(b, 3*time.Minute, "the report delivered", func(c fakeapi.Call) bool {
		return c.Method == "sendMessage" && c.OK() && c.Params["text"] == "Báo cáo của cơ quan khác"
	})
	cancel()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
	return got.At.Sub(queued)
}

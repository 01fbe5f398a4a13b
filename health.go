package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/bacgiang/fwbot/archive"
	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/config"
	"github.com/bacgiang/fwbot/ops"
	"github.com/bacgiang/fwbot/scheduler"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

// The one *ops.Metrics is the sink of every package that counts.
var (
	_ bot.Metrics       = (*ops.Metrics)(nil)
	_ scheduler.Metrics = (*ops.Metrics)(nil)
	_ archive.Metrics   = (*ops.Metrics)(nil)
)

// readyProbeKey is the settings row /readyz rewrites to prove that SQLite
// takes writes.
const readyProbeKey = "ops.ready_probe"

// startOps serves /healthz, /readyz and /metrics on metrics.listen until
// stop is called. /readyz answers 503 "starting" until the caller sets its
// checks. The real bot refuses to start when the address is taken (an
// operator's monitoring would watch nothing, or another bot); the sandbox,
// a try-out that may run beside a real bot on the same machine, says so and
// runs without them.
func startOps(ctx context.Context, cfg *config.Config, m *ops.Metrics, log *slog.Logger) (srv *ops.Server, stop func(), err error) {
	log = log.With("component", "ops")
	srv = ops.NewServer(m, log)
	if !cfg.Metrics.Enabled() {
		log.Info("health and metrics endpoints are off (metrics.listen, BOT_METRICS_LISTEN)")
		return srv, func() {}, nil
	}
	ln, err := ops.Listen(cfg.Metrics.Listen)
	if err != nil {
		if inSandbox(ctx) {
			log.Warn("the sandbox runs without health and metrics endpoints: their address is taken (set BOT_METRICS_LISTEN to another address, or off)", "err", err)
			return srv, func() {}, nil
		}
		return nil, nil, err
	}
	log.Info("serving health and metrics", "addr", ln.Addr().String(), "endpoints", "/healthz /readyz /metrics")
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(sctx, ln); err != nil {
			log.Error("health and metrics server stopped", "err", err)
		}
	}()
	return srv, func() { cancel(); <-done }, nil
}

// pinger is the Redis state store as /readyz sees it.
type pinger interface {
	Ping(ctx context.Context) error
}

// settingWriter is the database as /readyz sees it.
type settingWriter interface {
	SetSetting(ctx context.Context, key, value string) error
}

// readinessChecks are what /readyz asks: SQLite takes a write (a settings
// row is rewritten, committed, each time: what fails then is what would
// fail an update — a read-only file, a full disk, a writer stuck past the
// check's timeout), Redis answers PING, and updates are arriving
// (ops.Metrics.TelegramCheck).
func readinessChecks(cfg *config.Config, db settingWriter, state pinger, m *ops.Metrics) []ops.Check {
	return []ops.Check{
		{Name: "sqlite", Func: func(ctx context.Context) error {
			return db.SetSetting(ctx, readyProbeKey, time.Now().UTC().Format(time.RFC3339))
		}},
		{Name: "redis", Func: state.Ping},
		m.TelegramCheck(cfg.Metrics.PollStaleAfter),
	}
}

// outboxStats reads the outbox backlog for the metrics.
func outboxStats(db *sqlite.DB) func(context.Context) (ops.OutboxStats, error) {
	return func(ctx context.Context) (ops.OutboxStats, error) {
		n, oldest, err := db.OutboxBacklog(ctx)
		return ops.OutboxStats{Pending: n, Oldest: oldest}, err
	}
}

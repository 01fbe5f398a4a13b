package bot

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// offsetKey is where the poller keeps the next update id to ask for.
const offsetKey = "telegram.offset"

// offsetSaveEvery bounds how often the poller writes the offset.
const offsetSaveEvery = time.Second

// Poller is the long-poll loop. Unlike tgbotapi's GetUpdatesChan it stops
// with its context, backs off with jitter, honours retry_after, and moves
// the offset only past updates that were handled and recorded.
type Poller struct {
	client   *Client
	store    coord.Store
	dispatch *Dispatcher
	timeout  time.Duration
	log      *slog.Logger
}

// NewPoller builds a poller; timeout is the long-poll timeout (50 s).
func NewPoller(client *Client, store coord.Store, d *Dispatcher, timeout time.Duration, log *slog.Logger) *Poller {
	return &Poller{client: client, store: store, dispatch: d, timeout: timeout, log: log.With("component", "poll")}
}

// Run polls until ctx ends. An update being handled when ctx ends is
// finished first, so shutdown never leaves one half-done.
func (p *Poller) Run(ctx context.Context) error {
	offset, err := p.loadOffset(ctx)
	if err != nil {
		if ctx.Err() != nil {
			// Stopped while starting: nothing was taken, so a clean stop.
			return nil
		}
		return err
	}
	if err := p.client.DeleteWebhook(ctx); err != nil && ctx.Err() == nil {
		p.log.Warn("deleteWebhook failed; polling anyway", "err", err)
	}
	m := p.dispatch.metrics()
	m.Receiving("poll")
	defer m.StoppedReceiving()
	// Handling goes on after a shutdown signal until the batch is done.
	handleCtx := context.WithoutCancel(ctx)
	// The offset is saved at most once a second and when polling stops, not
	// after every batch: Telegram itself forgets an update once a later
	// getUpdates confirms it, and the handled mark stops a redelivered one,
	// so the saved offset only spares a restart the updates of its last
	// second. A write transaction per batch was a tenth of the work under
	// load.
	saved := offset
	var savedAt time.Time
	save := func(force bool) {
		if offset == saved || (!force && time.Since(savedAt) < offsetSaveEvery) {
			return
		}
		if err := p.store.SetSetting(handleCtx, offsetKey, strconv.FormatInt(offset, 10)); err != nil {
			p.dispatch.Outage.Error(p.log, "poll", "save update offset", err)
			return
		}
		saved, savedAt = offset, time.Now()
	}
	defer save(true)
	failures := 0
	for {
		if ctx.Err() != nil {
			return nil
		}
		updates, err := p.client.GetUpdates(ctx, offset, p.timeout)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			failures++
			wait := retryDelay(err, failures, time.Minute)
			p.log.Warn("getUpdates failed", "err", err, "retry_in", wait.String(), "failures", failures)
			if !sleep(ctx, wait) {
				return nil
			}
			continue
		}
		failures = 0
		m.Received()
		if len(updates) == 0 {
			continue
		}
		next, err := p.dispatch.HandleBatch(handleCtx, updates)
		if next > offset {
			offset = next
			save(false)
		}
		if err != nil {
			failures++
			wait := backoff(failures, time.Second, time.Minute)
			p.dispatch.Outage.Error(p.log, "poll", "updates not recorded; offering them again", err, "from", offset, "retry_in", wait.String())
			if !sleep(ctx, wait) {
				return nil
			}
		}
	}
}

func (p *Poller) loadOffset(ctx context.Context) (int64, error) {
	v, ok, err := p.store.Setting(ctx, offsetKey)
	if err != nil || !ok {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

// sleep waits d or until ctx ends; it reports whether the wait completed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

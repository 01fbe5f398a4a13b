package backup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fsutil"
)

// DailyOptions configure the running bot's daily backup.
type DailyOptions struct {
	Source Source
	// Dir, DBPath, FilesDir and Location are as in Options.
	Dir, DBPath, FilesDir string
	Location              *time.Location
	// Hour and Minute are when the backup is made each day (02:00).
	Hour, Minute int
	// Keep is how many daily backups are kept.
	Keep  int
	Clock coord.Clock
	Log   *slog.Logger
	// TickEvery is how often Run looks at the clock (1 min); RetryAfter
	// how long it waits after a failed backup before trying again (15 min).
	TickEvery, RetryAfter time.Duration
	// Wake, when set, makes Run look at the clock at once (the sandbox's
	// clock jumps).
	Wake <-chan struct{}
}

// Dailies makes one backup a day at the configured time, then prunes the
// daily backups beyond Keep. A bot that was down at that time makes the
// day's backup when it starts; one already made that day (found in Dir)
// is not made again.
type Dailies struct {
	opt DailyOptions
	log *slog.Logger

	mu      sync.Mutex
	done    coord.Date // the last day whose backup is made
	retryAt time.Time  // no attempt before, after a failure
}

// NewDaily checks opt.
func NewDaily(opt DailyOptions) (*Dailies, error) {
	switch {
	case opt.Source == nil:
		return nil, errors.New("backup: nil source")
	case opt.Dir == "":
		return nil, errors.New("backup: no backup directory")
	case opt.Clock == nil:
		return nil, errors.New("backup: nil clock")
	case opt.Location == nil:
		return nil, errors.New("backup: nil location")
	case opt.Hour < 0 || opt.Hour > 23 || opt.Minute < 0 || opt.Minute > 59:
		return nil, fmt.Errorf("backup: bad time %02d:%02d", opt.Hour, opt.Minute)
	case opt.Keep < 1:
		return nil, fmt.Errorf("backup: keep %d, want at least 1", opt.Keep)
	case opt.FilesDir != "" && fsutil.Overlap(opt.Dir, opt.FilesDir):
		return nil, fmt.Errorf("backup: %s overlaps the file archive %s", opt.Dir, opt.FilesDir)
	}
	if opt.TickEvery <= 0 {
		opt.TickEvery = time.Minute
	}
	if opt.RetryAfter <= 0 {
		opt.RetryAfter = 15 * time.Minute
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	return &Dailies{opt: opt, log: opt.Log.With("component", "backup")}, nil
}

// Run makes the daily backups until ctx ends. A backup in progress when
// ctx ends is abandoned, leaving nothing behind.
func (d *Dailies) Run(ctx context.Context) error {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		case <-d.opt.Wake:
			if !timer.Stop() {
				select {
				case <-timer.C:
				default:
				}
			}
		}
		_, _ = d.Tick(ctx, d.opt.Clock.Now())
		// Wake at the next tick, or exactly at the backup time if sooner.
		now := d.opt.Clock.Now()
		wait := d.opt.TickEvery
		if dd := d.at(d.today(now)).Sub(now); dd > 0 && dd < wait {
			wait = dd
		}
		timer.Reset(wait)
	}
}

func (d *Dailies) today(now time.Time) coord.Date { return coord.DateOf(now.In(d.opt.Location)) }

func (d *Dailies) at(day coord.Date) time.Time {
	return time.Date(day.Year, day.Month, day.Day, d.opt.Hour, d.opt.Minute, 0, 0, d.opt.Location)
}

// Tick makes today's backup if its time has come and it is not made yet,
// then prunes; it returns the new backup's folder ("" when none was made).
// Success and failure are logged.
func (d *Dailies) Tick(ctx context.Context, now time.Time) (string, error) {
	day := d.today(now)
	at := d.at(day)
	d.mu.Lock()
	defer d.mu.Unlock()
	if now.Before(at) || d.done == day || now.Before(d.retryAt) {
		return "", nil
	}
	// Made already today, by this process before a restart or another one.
	list, err := List(d.opt.Dir)
	if err != nil {
		d.fail(now, err)
		return "", err
	}
	for _, e := range list {
		if e.Manifest.Trigger == Daily && !e.Manifest.MadeAt.Before(at) && d.today(e.Manifest.MadeAt) == day {
			d.done = day
			return "", nil
		}
	}
	began := time.Now()
	path, m, err := Make(ctx, d.opt.Source, Options{Dir: d.opt.Dir, DBPath: d.opt.DBPath, FilesDir: d.opt.FilesDir,
		Trigger: Daily, Now: now, Location: d.opt.Location})
	if err != nil {
		if ctx.Err() != nil {
			return "", err // shutting down: tried again at the next start
		}
		d.fail(now, err)
		return "", err
	}
	d.done, d.retryAt = day, time.Time{}
	d.log.Info("daily backup made", "path", path, "db_bytes", m.DB.Size,
		"files_copied", m.Files.Copied, "files_copied_bytes", m.Files.CopiedBytes,
		"files_referenced", len(m.Files.Referenced), "took", time.Since(began).Round(time.Millisecond).String())
	if len(m.Files.Missing) > 0 || len(m.Files.Corrupt) > 0 {
		d.log.Warn("daily backup: the file archive is damaged; see the manifest", "path", path,
			"missing", len(m.Files.Missing), "corrupt", len(m.Files.Corrupt))
	}
	removed, err := Prune(d.opt.Dir, d.opt.Keep)
	if len(removed) > 0 {
		d.log.Info("old backups pruned", "removed", removed, "keep", d.opt.Keep)
	}
	if err != nil {
		d.log.Error("pruning old backups failed", "err", err)
	}
	return path, nil
}

// fail logs a failed backup and puts the next attempt off by RetryAfter.
func (d *Dailies) fail(now time.Time, err error) {
	d.retryAt = now.Add(d.opt.RetryAfter)
	d.log.Error("daily backup failed", "dir", d.opt.Dir, "err", err, "retry_at", d.retryAt.Format(time.RFC3339))
}

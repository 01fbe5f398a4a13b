// Package regimport reads the submitted lists into the province register
// (issue 15) in the background: once every file of a version of a list
// report is archived (or given up on), work.ImportList reads it in a
// transaction of its own, which also records that it was read, so that
// each version is read once across restarts and a crash mid-way reads it
// again from the start.
package regimport

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/outage"
	"github.com/bacgiang/fwbot/work"
)

const (
	// DefaultPollEvery is how often Run looks for versions to read without
	// being woken, which catches those left by a restart.
	DefaultPollEvery = time.Minute
	// maxFailures is how many times one version may fail to be read (a
	// defect, not the file: a file's faults are told to its submitter)
	// before it is recorded as unreadable and left, so that it does not
	// block the queue.
	maxFailures = 3
	batch       = 20
)

// Options configure an Importer.
type Options struct {
	Store coord.Store
	Work  *work.Service
	// Open opens an archived file as rows.
	Open  work.ListOpener
	Clock coord.Clock
	Log   *slog.Logger
	// Notify is called after a version was read whose messages wait in
	// the outbox (the sender's Notify).
	Notify func()
	// OnImport, if set, is called after each version is read, so that
	// tests and benchmarks wait for work instead of sleeping.
	OnImport  func(coord.ImportRecord)
	PollEvery time.Duration
	// Metrics counts the rows read; nil counts nothing.
	Metrics Metrics
	// Outage keeps a database that cannot write from flooding the log
	// (shared with the other writers); nil logs every failure.
	Outage *outage.Watch
}

// Metrics is where the importer counts what it read (ops.Metrics).
type Metrics interface {
	ListRead(entered, rejected, skipped int)
}

// Importer reads pending versions of list reports into the register.
type Importer struct {
	opt      Options
	lists    []string
	wake     chan struct{}
	failures map[int64]int
}

// New checks opt.
func New(opt Options) (*Importer, error) {
	switch {
	case opt.Store == nil || opt.Work == nil || opt.Open == nil || opt.Clock == nil:
		return nil, errors.New("regimport: store, work, open and clock are required")
	case opt.PollEvery < 0:
		return nil, errors.New("regimport: negative poll interval")
	}
	if opt.PollEvery == 0 {
		opt.PollEvery = DefaultPollEvery
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	opt.Log = opt.Log.With("component", "register")
	return &Importer{opt: opt, lists: opt.Work.ListObligations(), wake: make(chan struct{}, 1), failures: map[int64]int{}}, nil
}

// Notify tells Run that a file was archived. It never blocks.
func (im *Importer) Notify() {
	select {
	case im.wake <- struct{}{}:
	default:
	}
}

// Run reads pending versions until ctx is done.
func (im *Importer) Run(ctx context.Context) error {
	if len(im.lists) == 0 {
		<-ctx.Done()
		return nil
	}
	t := time.NewTicker(im.opt.PollEvery)
	defer t.Stop()
	for {
		im.Drain(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-im.wake:
		case <-t.C:
		}
	}
}

// Drain reads every version pending now and returns how many it read.
func (im *Importer) Drain(ctx context.Context) int {
	read := 0
	for ctx.Err() == nil {
		var ids []int64
		err := im.opt.Store.View(ctx, func(tx coord.Tx) (err error) {
			ids, err = tx.PendingImports(ctx, im.lists, batch)
			return err
		})
		if err != nil {
			if ctx.Err() == nil {
				im.opt.Outage.Error(im.opt.Log, "register", "register: list pending imports", err)
			}
			return read
		}
		progress := false
		for _, id := range ids {
			if ctx.Err() != nil {
				return read
			}
			if im.importOne(ctx, id) {
				read++
				progress = true
			}
		}
		if len(ids) < batch || !progress {
			return read
		}
	}
	return read
}

// importOne reads one version; false when it failed and stays pending.
func (im *Importer) importOne(ctx context.Context, id int64) bool {
	// A read in progress finishes even if shutdown begins: it is one
	// transaction, and an interrupted one would start over.
	ctx = context.WithoutCancel(ctx)
	var out work.ImportOut
	now := im.opt.Clock.Now()
	err := im.opt.Store.Update(ctx, func(tx coord.Tx) (err error) {
		if out, err = im.opt.Work.ImportList(ctx, tx, now, id, im.opt.Open); err != nil {
			return err
		}
		return coord.EnqueueAll(ctx, tx, out.Messages, now)
	})
	if err != nil {
		if coord.ErrorCode(err) == coord.EUnavailable { // busy, or the disk full: not the list's fault
			im.opt.Outage.Error(im.opt.Log, "register", "register: read a list", err, "submission_id", id)
			return false
		}
		im.failures[id]++
		im.opt.Log.Error("register: read a list", "submission_id", id, "attempt", im.failures[id], "err", err)
		if im.failures[id] < maxFailures {
			return false
		}
		rec := coord.ImportRecord{Submission: id, State: coord.ImportUnreadable, At: now}
		if err := im.opt.Store.Update(ctx, func(tx coord.Tx) error { return tx.RecordImport(ctx, rec) }); err != nil {
			im.opt.Log.Error("register: record an unreadable list", "submission_id", id, "err", err)
			return false
		}
		delete(im.failures, id)
		im.opt.Log.Error("register: giving up on a list", "submission_id", id)
		im.done(rec)
		return true
	}
	delete(im.failures, id)
	r := out.Record
	im.opt.Log.Info("register: list read", "submission_id", id, "state", r.State, "entered", r.Entered,
		"rejected", r.Rejected, "skipped", r.Skipped, "replaced", r.Replaced, "alerts", len(out.Raised))
	if im.opt.Metrics != nil {
		im.opt.Metrics.ListRead(r.Entered, r.Rejected, r.Skipped)
	}
	if len(out.Messages) > 0 && im.opt.Notify != nil {
		im.opt.Notify()
	}
	im.done(r)
	return true
}

func (im *Importer) done(r coord.ImportRecord) {
	if im.opt.OnImport != nil {
		im.opt.OnImport(r)
	}
}

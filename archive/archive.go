// Package archive keeps the bot's own copy of every submitted file (spec §3),
// so that no report depends on Telegram keeping it.
//
// Blobs are content-addressed: a file lives at Dir/<sha[0:2]>/<sha>, where
// sha is the lowercase hex SHA-256 of its bytes. Identical content is stored
// once, and the officer's file name never becomes part of a path. A download
// is streamed into a temp file in Dir/tmp (the same file system), synced, and
// only then renamed into place, so a blob under its final name is always
// whole.
package archive

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fsutil"
	"github.com/bacgiang/fwbot/internal/outage"
)

// Defaults of Options, chosen for Telegram's cloud Bot API.
const (
	DefaultMaxSize     int64 = 20 << 20 // the cloud Bot API serves files up to 20 MB
	DefaultMaxAttempts       = 20
	DefaultBaseDelay         = 2 * time.Second
	DefaultMaxDelay          = 30 * time.Minute
	DefaultPollEvery         = time.Minute
)

const (
	batchSize = 50
	tmpName   = "tmp"
	// staleTemp is how old a leftover temp file (from a crash) must be
	// before New removes it; a live download touches its file constantly.
	staleTemp = 24 * time.Hour
)

// ErrTooLarge marks a file above Options.MaxSize. It is permanent: the
// archiver gives up at once instead of downloading it again and again.
var ErrTooLarge = errors.New("file too large")

// ErrEmpty marks a download of 0 bytes. It is permanent too: Telegram
// serves a file's bytes as they were uploaded, so another try would fetch
// the same nothing.
var ErrEmpty = errors.New("file is empty")

// permanent reports whether the source said that trying again cannot help
// (a file id Telegram does not know, say); such errors implement
// Permanent() bool.
func permanent(err error) bool {
	var p interface{ Permanent() bool }
	return errors.As(err, &p) && p.Permanent()
}

// Options tune the archiver. Zero values take the defaults; negative ones
// are errors, so a misconfiguration is caught when the bot starts.
type Options struct {
	// Dir is the archive root; it is created (0o750) if missing.
	Dir string
	// MaxSize is the largest file kept, in bytes (DefaultMaxSize). Larger
	// files are refused without retry.
	MaxSize int64
	Logger  *slog.Logger
	Now     func() time.Time
	// MaxAttempts failed attempts make the archiver give up on a file
	// (DefaultMaxAttempts).
	MaxAttempts int
	// BaseDelay and MaxDelay bound the exponential backoff between attempts
	// (DefaultBaseDelay, DefaultMaxDelay).
	BaseDelay time.Duration
	MaxDelay  time.Duration
	// PollEvery is how often Run looks for due files without being
	// notified, which catches retries scheduled before a restart
	// (DefaultPollEvery).
	PollEvery time.Duration
	// OnResult, if set, is called after every attempt with the file's row
	// id and the attempt's error (nil when archived), so that tests and
	// benchmarks can wait for work instead of sleeping.
	OnResult func(fileID int64, err error)
	// Metrics counts files archived and failed downloads; nil counts
	// nothing.
	Metrics Metrics
	// OnGiveUp, if set, is called when the archiver is about to give up on
	// a file for good (too large, empty, a permanent error, or out of
	// attempts), with the attempt's error, before that is recorded: it
	// tells the people concerned (main queues a notice to the submitter
	// and the admins). It must be idempotent, as a crash before the record
	// calls it again; when it fails the file is tried again later instead
	// of given up, so that the notice is not lost.
	OnGiveUp func(ctx context.Context, f coord.SubmittedFile, cause error) error
	// Outage keeps a database that cannot write (outcomes not recorded)
	// to one ERROR line a minute, shared with the other writers; nil logs
	// every failure.
	Outage *outage.Watch
}

// Metrics is where the archiver reports its outcomes (ops.Metrics
// implements it).
type Metrics interface {
	// FileArchived: a file is in the archive and recorded so.
	FileArchived()
	// ArchiveFailed: an attempt failed; final says the archiver gave up on
	// the file (permanent, too large, or out of attempts).
	ArchiveFailed(final bool)
}

// Archiver downloads submitted files into the archive directory and records
// the outcome in the store, retrying transient failures with backoff.
type Archiver struct {
	store   coord.ArchiveStore
	src     coord.FileSource
	opt     Options
	log     *slog.Logger
	tmp     string
	wake    chan struct{}
	running atomic.Bool
}

// New checks opt, creates the archive directory and removes temp files left
// by a crash long ago. Call Run to start archiving.
func New(store coord.ArchiveStore, src coord.FileSource, opt Options) (*Archiver, error) {
	switch {
	case store == nil:
		return nil, errors.New("archive: nil store")
	case src == nil:
		return nil, errors.New("archive: nil file source")
	case opt.Dir == "":
		return nil, errors.New("archive: empty directory")
	case opt.MaxSize < 0:
		return nil, errors.New("archive: negative max size")
	case opt.MaxAttempts < 0:
		return nil, errors.New("archive: negative max attempts")
	case opt.BaseDelay < 0, opt.MaxDelay < 0:
		return nil, errors.New("archive: negative retry delay")
	case opt.PollEvery < 0:
		return nil, errors.New("archive: negative poll interval")
	}
	if opt.MaxSize == 0 {
		opt.MaxSize = DefaultMaxSize
	}
	if opt.MaxAttempts == 0 {
		opt.MaxAttempts = DefaultMaxAttempts
	}
	if opt.BaseDelay == 0 {
		opt.BaseDelay = DefaultBaseDelay
	}
	if opt.MaxDelay == 0 {
		opt.MaxDelay = DefaultMaxDelay
	}
	if opt.MaxDelay < opt.BaseDelay {
		return nil, errors.New("archive: max delay below base delay")
	}
	if opt.PollEvery == 0 {
		opt.PollEvery = DefaultPollEvery
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	tmp := filepath.Join(opt.Dir, tmpName)
	if err := os.MkdirAll(tmp, 0o750); err != nil {
		return nil, fmt.Errorf("archive: %w", err)
	}
	a := &Archiver{store: store, src: src, opt: opt, tmp: tmp,
		log: opt.Logger.With("component", "archive"), wake: make(chan struct{}, 1)}
	a.sweep()
	return a, nil
}

// Notify tells Run that new submissions were committed. It never blocks.
func (a *Archiver) Notify() {
	select {
	case a.wake <- struct{}{}:
	default:
	}
}

// Path is where the blob with this SHA-256 lives. It accepts only 64
// lowercase hex characters, so that no argument can name a path outside
// the archive.
func (a *Archiver) Path(sha256hex string) (string, error) {
	if !validSHA(sha256hex) {
		return "", errors.New("invalid sha-256")
	}
	return filepath.Join(a.opt.Dir, sha256hex[:2], sha256hex), nil
}

func validSHA(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Run archives due files until ctx is done, then returns nil; a download in
// progress is cancelled and its file stays pending, without counting as a
// failed attempt. Only one Run may be active per Archiver.
func (a *Archiver) Run(ctx context.Context) error {
	if !a.running.CompareAndSwap(false, true) {
		return errors.New("archive: already running")
	}
	defer a.running.Store(false)
	var retries []time.Time // retry times this Run scheduled, not yet due
	timer := time.NewTimer(a.opt.PollEvery)
	defer timer.Stop()
	for {
		asOf, more := a.batch(ctx, &retries)
		if ctx.Err() != nil {
			return nil
		}
		if more {
			continue
		}
		// Keep retries that were not yet due when the batch was listed;
		// one that fell due meanwhile makes the wait zero.
		kept := retries[:0]
		wait, now := a.opt.PollEvery, a.opt.Now()
		for _, t := range retries {
			if t.After(asOf) {
				kept = append(kept, t)
				if d := t.Sub(now); d < wait {
					wait = max(d, 0)
				}
			}
		}
		retries = kept
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return nil
		case <-a.wake:
		case <-timer.C:
		}
	}
}

// batch archives one page of due files. It reports the time it listed them
// and whether another page should be read at once: only when the page was
// full and every outcome was recorded, so that a store that cannot write
// does not make Run spin on the same files.
func (a *Archiver) batch(ctx context.Context, retries *[]time.Time) (asOf time.Time, more bool) {
	asOf = a.opt.Now()
	files, err := a.store.PendingArchives(ctx, asOf, batchSize)
	if err != nil {
		if ctx.Err() == nil {
			a.log.Error("archive: list pending files", "err", err)
		}
		return asOf, false
	}
	recorded := true
	for _, f := range files {
		if ctx.Err() != nil {
			return asOf, false
		}
		next, ok, _ := a.archive(ctx, f)
		recorded = recorded && ok
		if !next.IsZero() {
			*retries = append(*retries, next)
		}
	}
	return asOf, len(files) == batchSize && recorded
}

// ArchiveOne downloads one file into the archive and records the outcome
// in the store: archived, retry later, or given up. It returns the
// attempt's error. Run uses it for each due file; a backfill can call it
// directly.
func (a *Archiver) ArchiveOne(ctx context.Context, f coord.SubmittedFile) error {
	_, _, err := a.archive(ctx, f)
	return err
}

// archive is ArchiveOne that also returns the retry time it scheduled (zero
// if none) and whether the outcome reached the store.
func (a *Archiver) archive(ctx context.Context, f coord.SubmittedFile) (next time.Time, recorded bool, err error) {
	defer func() {
		if a.opt.OnResult != nil {
			a.opt.OnResult(f.ID, err)
		}
	}()
	// The outcome is recorded even if shutdown begins right now: the bytes
	// are safe, and the write is short.
	sctx := context.WithoutCancel(ctx)
	sha, n, err := a.fetch(ctx, f)
	switch {
	case err == nil:
		if serr := a.store.MarkArchived(sctx, f.ID, sha, n, a.opt.Now()); serr != nil {
			a.opt.Outage.Error(a.log, "archive", "archive: record archived file", serr, "file_id", f.ID, "submission_id", f.SubmissionID)
			return time.Time{}, false, fmt.Errorf("record archived: %w", serr)
		}
		a.log.Info("archive: file archived", "file_id", f.ID, "submission_id", f.SubmissionID, "sha256", sha, "size", n)
		if a.opt.Metrics != nil {
			a.opt.Metrics.FileArchived()
		}
		return time.Time{}, true, nil
	case ctx.Err() != nil:
		// Shutdown, not the file's fault: it stays pending as it was.
		a.log.Info("archive: download interrupted", "file_id", f.ID, "submission_id", f.SubmissionID)
		return time.Time{}, true, err
	}
	attempts := f.Attempts + 1
	if !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrEmpty) && !permanent(err) && attempts < a.opt.MaxAttempts {
		next = a.opt.Now().Add(a.backoff(attempts))
	}
	reason := err.Error()
	if next.IsZero() && a.opt.OnGiveUp != nil {
		if nerr := a.opt.OnGiveUp(sctx, f, err); nerr != nil {
			a.opt.Outage.Error(a.log, "archive", "archive: tell that the file is given up", nerr, "file_id", f.ID, "submission_id", f.SubmissionID)
			next = a.opt.Now().Add(a.backoff(attempts))
		}
	}
	if a.opt.Metrics != nil {
		a.opt.Metrics.ArchiveFailed(next.IsZero())
	}
	if serr := a.store.MarkArchiveFailed(sctx, f.ID, attempts, next, reason); serr != nil {
		a.opt.Outage.Error(a.log, "archive", "archive: record failed attempt", serr, "file_id", f.ID, "submission_id", f.SubmissionID, "reason", reason)
		return next, false, errors.Join(err, fmt.Errorf("record failure: %w", serr))
	}
	if next.IsZero() {
		a.log.Error("archive: giving up on file", "file_id", f.ID, "submission_id", f.SubmissionID,
			"attempts", attempts, "reason", reason)
	} else {
		a.log.Warn("archive: download failed, will retry", "file_id", f.ID, "submission_id", f.SubmissionID,
			"attempt", attempts, "retry_at", next, "reason", reason)
	}
	return next, true, err
}

// backoff is exponential with jitter: BaseDelay·2^(attempt−1), capped at
// MaxDelay, then a random point in its upper half so that files that failed
// together do not retry together.
func (a *Archiver) backoff(attempt int) time.Duration {
	d := a.opt.BaseDelay
	for i := 1; i < attempt && d < a.opt.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, a.opt.MaxDelay)
	half := d / 2
	return d - half + time.Duration(rand.Int64N(int64(half)+1))
}

// fetch streams the file into the archive and returns its SHA-256 and size.
// On error nothing is left behind but what was already archived.
func (a *Archiver) fetch(ctx context.Context, f coord.SubmittedFile) (sha string, n int64, err error) {
	limit := a.opt.MaxSize
	if f.Size > limit {
		return "", 0, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, f.Size, limit)
	}
	body, size, err := a.src.Download(ctx, f.FileID)
	if err != nil {
		return "", 0, fmt.Errorf("download: %w", err)
	}
	if body == nil {
		return "", 0, errors.New("download: no body")
	}
	defer body.Close()
	if size > limit {
		return "", 0, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, size, limit)
	}

	tmp, err := os.CreateTemp(a.tmp, "dl-*")
	if err != nil {
		return "", 0, fmt.Errorf("create temp file: %w", err)
	}
	placed := false
	defer func() {
		if !placed {
			tmp.Close() // may already be closed
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	// One byte more than the limit tells "exactly at the limit" from "over".
	n, err = io.Copy(io.MultiWriter(tmp, h), io.LimitReader(ctxReader{ctx, body}, limit+min(1, math.MaxInt64-limit)))
	switch {
	case err != nil:
		return "", 0, fmt.Errorf("download: %w", err)
	case n > limit:
		return "", 0, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	case n == 0:
		return "", 0, ErrEmpty
	case size >= 0 && n != size:
		return "", 0, fmt.Errorf("download: got %d of %d bytes", n, size)
	}
	if err := tmp.Chmod(0o640); err != nil {
		return "", 0, fmt.Errorf("chmod temp file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return "", 0, fmt.Errorf("sync temp file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", 0, fmt.Errorf("close temp file: %w", err)
	}

	sha = hex.EncodeToString(h.Sum(nil))
	dst, _ := a.Path(sha) // hex from the hash is always valid
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", 0, fmt.Errorf("create blob directory: %w", err)
	}
	if fi, err := os.Lstat(dst); err == nil && fi.Mode().IsRegular() && fi.Size() == n {
		return sha, n, nil // stored already; the deferred cleanup drops the copy
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return "", 0, fmt.Errorf("place blob: %w", err)
	}
	placed = true
	if err := fsutil.SyncDir(dir); err != nil {
		// The blob is in place; a retry finds it and only records it.
		return "", 0, fmt.Errorf("sync blob directory: %w", err)
	}
	return sha, n, nil
}

// ctxReader stops a stream that keeps trickling after ctx is done, even if
// the source does not watch ctx itself.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// sweep removes temp files a crash left behind long ago. Recent ones may
// belong to another archiver at work (a backfill beside the bot), so they
// are kept.
func (a *Archiver) sweep() {
	entries, err := os.ReadDir(a.tmp)
	if err != nil {
		a.log.Warn("archive: list temp files", "err", err)
		return
	}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || !fi.Mode().IsRegular() || time.Since(fi.ModTime()) < staleTemp {
			continue
		}
		if err := os.Remove(filepath.Join(a.tmp, e.Name())); err != nil {
			a.log.Warn("archive: remove stale temp file", "name", e.Name(), "err", err)
			continue
		}
		a.log.Info("archive: removed stale temp file", "name", e.Name(), "modified", fi.ModTime())
	}
}

package xlsx

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// Spool is the folder where finished exports wait to be uploaded. A file
// is written, synced and renamed into place before the outbox item that
// names it is queued, so the item and its file survive a crash together;
// the outbox sender removes the file once the item is delivered or given
// up. What a rolled-back update or a crash leaves behind is swept once it
// is older than Keep.
type Spool struct {
	dir  string
	keep time.Duration
	now  func() time.Time
	log  *slog.Logger
}

// SpoolOptions tune a Spool.
type SpoolOptions struct {
	// Keep is how long a file may lie in the folder before it is taken for
	// a leftover and removed; longer than any outbox item may wait for its
	// upload (7 days when zero).
	Keep time.Duration
	// Now is the wall clock the files' modification times are compared
	// with (time.Now); a test may move it, a drill's shifted clock must not.
	Now    func() time.Time
	Logger *slog.Logger
}

// Name prefix and suffix of spooled files; temporary files start with a dot.
const (
	filePrefix = "export-"
	fileSuffix = ".xlsx"
	tmpPrefix  = ".tmp-"
)

// NewSpool makes dir (readable by the bot's user only) and sweeps what
// earlier runs left in it.
func NewSpool(dir string, opt SpoolOptions) (*Spool, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("exports folder %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("exports folder %s: %w", dir, err)
	}
	if opt.Keep <= 0 {
		opt.Keep = 7 * 24 * time.Hour
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	s := &Spool{dir: abs, keep: opt.Keep, now: opt.Now, log: opt.Logger.With("component", "exports")}
	s.sweep()
	return s, nil
}

// Dir is the spool's folder, absolute.
func (s *Spool) Dir() string { return s.dir }

// Save writes sheets as a workbook under a name nobody can guess (128
// random bits), mode 0600, and returns its absolute path: the outbox item
// refers to it, and a restart does not change it.
func (s *Spool) Save(ctx context.Context, sheets []coord.Sheet) (path string, err error) {
	return s.save(ctx, func(w io.Writer) error { return Encode(w, sheets) })
}

// SaveTemplate writes a list's template workbook (EncodeTemplate) as Save
// writes an export.
func (s *Spool) SaveTemplate(ctx context.Context, b coord.TemplateBook) (path string, err error) {
	return s.save(ctx, func(w io.Writer) error { return EncodeTemplate(w, b) })
}

func (s *Spool) save(ctx context.Context, encode func(io.Writer) error) (path string, err error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	s.sweep()
	tmp, err := os.CreateTemp(s.dir, tmpPrefix+"*") // mode 0600
	if err != nil {
		return "", fmt.Errorf("create export: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriter(tmp)
	if err := encode(w); err != nil {
		return "", err
	}
	if err := w.Flush(); err != nil {
		return "", fmt.Errorf("write export: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return "", fmt.Errorf("sync export: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("close export: %w", err)
	}
	path = filepath.Join(s.dir, filePrefix+strings.ToLower(rand.Text())+fileSuffix)
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("place export: %w", err)
	}
	if err := syncDir(s.dir); err != nil {
		os.Remove(path)
		return "", fmt.Errorf("sync exports folder: %w", err)
	}
	return path, nil
}

// sweep removes files older than keep: exports whose item was rolled back
// with its update, or delivered just before a crash could remove them.
func (s *Spool) sweep() {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		s.log.Warn("exports: cannot list the folder", "dir", s.dir, "err", err)
		return
	}
	old := s.now().Add(-s.keep)
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !(strings.HasPrefix(name, filePrefix) || strings.HasPrefix(name, tmpPrefix)) {
			continue
		}
		info, err := e.Info()
		if err != nil || !info.ModTime().Before(old) {
			continue
		}
		if err := os.Remove(filepath.Join(s.dir, name)); err != nil && !os.IsNotExist(err) {
			s.log.Warn("exports: cannot remove a leftover", "file", name, "err", err)
		}
	}
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

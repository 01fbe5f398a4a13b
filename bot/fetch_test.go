package bot

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bacgiang/fwbot/coord"
)

// txWatch counts the write transactions open at any moment.
type txWatch struct {
	coord.Store
	open *atomic.Int32
}

func (w txWatch) Update(ctx context.Context, fn func(coord.Tx) error) error {
	return w.Store.Update(ctx, func(tx coord.Tx) error {
		w.open.Add(1)
		defer w.open.Add(-1)
		return fn(tx)
	})
}

// watchedFiles serves files and records whether a transaction was open
// during a download.
type watchedFiles struct {
	open      *atomic.Int32
	files     map[string]string
	calls     atomic.Int32
	duringTx  atomic.Int32
	failFirst bool
}

func (f *watchedFiles) Download(ctx context.Context, id string) (io.ReadCloser, int64, error) {
	n := f.calls.Add(1)
	if f.open.Load() > 0 {
		f.duringTx.Add(1)
	}
	if f.failFirst && n == 1 {
		return nil, 0, errors.New("telegram: 502 Bad Gateway")
	}
	body, ok := f.files[id]
	if !ok {
		return nil, 0, errors.New("telegram: file not found")
	}
	return io.NopCloser(strings.NewReader(body)), int64(len(body)), nil
}

func fileUpdate(id, chat int64, cmd string, fileIDs ...string) Update {
	u := privateUpdate(id, chat, cmd)
	for _, f := range fileIDs {
		u.Files = append(u.Files, File{FileID: f, Name: f + ".csv"})
	}
	return u
}

// TestDownloadHappensOutsideTheTransaction checks that a handler reading an
// attachment gets its bytes without the database writer waiting on
// Telegram, and that what the handler did before asking is done once.
func TestDownloadHappensOutsideTheTransaction(t *testing.T) {
	open := &atomic.Int32{}
	e := newDispatchEnv(t, func(s coord.Store) coord.Store { return txWatch{Store: s, open: open} })
	files := &watchedFiles{open: open, files: map[string]string{"a": "hello", "b": strings.Repeat("x", 40)}}
	e.d.Files = files
	e.r.Command("read", func(ctx context.Context, c *Context) error {
		if err := c.Tx.Audit(ctx, coord.AuditEntry{At: c.Now, Action: "read"}); err != nil {
			return err
		}
		var parts []string
		for _, f := range c.Files {
			data, err := c.Download(f.FileID, 10)
			switch {
			case errors.Is(err, ErrFileTooBig):
				parts = append(parts, f.FileID+": quá lớn")
				continue
			case err != nil:
				return err
			}
			parts = append(parts, f.FileID+": "+string(bytes.ToUpper(data)))
		}
		return c.Reply(ctx, strings.Join(parts, "; "))
	}, Anyone, Everywhere)
	if err := e.d.Handle(context.Background(), fileUpdate(1, 5, "read", "a", "b")); err != nil {
		t.Fatal(err)
	}
	if got := e.replies(t); len(got) != 1 || got[0] != "a: HELLO; b: quá lớn" {
		t.Fatalf("replies %q", got)
	}
	if files.calls.Load() != 2 || files.duringTx.Load() != 0 {
		t.Fatalf("%d downloads, %d of them inside a transaction; want 2 and 0", files.calls.Load(), files.duringTx.Load())
	}
	log, err := e.store.AuditLog(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 {
		t.Fatalf("audit rows %d, want the handler's one (the rolled back rounds leave none)", len(log))
	}
}

// TestFailedDownloadIsTheHandlersError checks that a download that fails
// reaches the handler as an error (answered politely by the error sink),
// and that the same update is not downloaded again in a loop.
func TestFailedDownloadIsTheHandlersError(t *testing.T) {
	open := &atomic.Int32{}
	e := newDispatchEnv(t, nil)
	files := &watchedFiles{open: open, files: map[string]string{"a": "hello"}, failFirst: true}
	e.d.Files = files
	e.r.Command("read", func(ctx context.Context, c *Context) error {
		data, err := c.Download("a", 10)
		if err != nil {
			return err
		}
		return c.Reply(ctx, string(data))
	}, Anyone, Everywhere)
	if err := e.d.Handle(context.Background(), fileUpdate(1, 5, "read", "a")); err != nil {
		t.Fatal(err)
	}
	got := e.replies(t)
	if len(got) != 1 || !strings.Contains(got[0], "502") {
		t.Fatalf("replies %q, want the download's error answered", got)
	}
	if files.calls.Load() != 1 {
		t.Fatalf("%d downloads, want 1", files.calls.Load())
	}
	// The next update downloads afresh.
	if err := e.d.Handle(context.Background(), fileUpdate(2, 5, "read", "a")); err != nil {
		t.Fatal(err)
	}
	if got := e.replies(t); len(got) != 1 || got[0] != "hello" {
		t.Fatalf("replies %q", got)
	}
}

func TestDownloadWithoutDownloader(t *testing.T) {
	e := newDispatchEnv(t, nil)
	e.r.Command("read", func(ctx context.Context, c *Context) error {
		_, err := c.Download("a", 10)
		if errors.Is(err, ErrNoDownloads) {
			return c.Reply(ctx, "không tải được")
		}
		return err
	}, Anyone, Everywhere)
	if err := e.d.Handle(context.Background(), fileUpdate(1, 5, "read", "a")); err != nil {
		t.Fatal(err)
	}
	if got := e.replies(t); len(got) != 1 || got[0] != "không tải được" {
		t.Fatalf("replies %q", got)
	}
}

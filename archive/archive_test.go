package archive

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// ---- fakes ----

type archivedCall struct {
	id   int64
	sha  string
	size int64
	at   time.Time
}

type failedCall struct {
	id       int64
	attempts int
	next     time.Time
	lastErr  string
}

type row struct {
	f        coord.SubmittedFile
	next     time.Time
	done     bool // archived or given up
	archived bool
}

// fakeStore is an in-memory coord.ArchiveStore that schedules retries the
// way the real store does.
type fakeStore struct {
	mu       sync.Mutex
	rows     map[int64]*row
	archived []archivedCall
	failed   []failedCall
}

var _ coord.ArchiveStore = (*fakeStore)(nil)

func newStore(files ...coord.SubmittedFile) *fakeStore {
	s := &fakeStore{rows: map[int64]*row{}}
	for _, f := range files {
		s.add(f)
	}
	return s
}

func (s *fakeStore) add(f coord.SubmittedFile) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows[f.ID] = &row{f: f}
}

func (s *fakeStore) PendingArchives(_ context.Context, now time.Time, limit int) ([]coord.SubmittedFile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []coord.SubmittedFile
	for _, r := range s.rows {
		if !r.done && !r.next.After(now) {
			out = append(out, r.f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *fakeStore) MarkArchived(_ context.Context, id int64, sha string, size int64, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.archived = append(s.archived, archivedCall{id, sha, size, at})
	if r := s.rows[id]; r != nil {
		r.done, r.archived = true, true
		r.f.SHA256 = sha
	}
	return nil
}

func (s *fakeStore) MarkArchiveFailed(_ context.Context, id int64, attempts int, next time.Time, lastErr string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failed = append(s.failed, failedCall{id, attempts, next, lastErr})
	if r := s.rows[id]; r != nil {
		r.f.Attempts, r.f.LastError, r.next = attempts, lastErr, next
		r.done = next.IsZero()
	}
	return nil
}

func (s *fakeStore) calls() ([]archivedCall, []failedCall) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]archivedCall(nil), s.archived...), append([]failedCall(nil), s.failed...)
}

// fakeSource serves downloads from a function of the file id and the how
// many-th call for that id this is (1, 2, …).
type fakeSource struct {
	mu    sync.Mutex
	calls map[string]int
	serve func(ctx context.Context, fileID string, call int) (io.ReadCloser, int64, error)
}

var _ coord.FileSource = (*fakeSource)(nil)

func (s *fakeSource) Download(ctx context.Context, fileID string) (io.ReadCloser, int64, error) {
	s.mu.Lock()
	if s.calls == nil {
		s.calls = map[string]int{}
	}
	s.calls[fileID]++
	n := s.calls[fileID]
	s.mu.Unlock()
	return s.serve(ctx, fileID, n)
}

func (s *fakeSource) count(fileID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[fileID]
}

// bytesSource serves fixed contents with their true size.
func bytesSource(files map[string][]byte) *fakeSource {
	return &fakeSource{serve: func(_ context.Context, id string, _ int) (io.ReadCloser, int64, error) {
		b, ok := files[id]
		if !ok {
			return nil, 0, errors.New("no such file")
		}
		return io.NopCloser(bytes.NewReader(b)), int64(len(b)), nil
	}}
}

// brokenBody returns some bytes, then fails: a connection cut mid-stream.
func brokenBody(b []byte) io.ReadCloser {
	return io.NopCloser(io.MultiReader(bytes.NewReader(b), errReader{errors.New("connection reset")}))
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// ---- helpers ----

type result struct {
	id  int64
	err error
}

// setup builds an archiver in a fresh temp dir whose results arrive on the
// returned channel.
func setup(t *testing.T, store coord.ArchiveStore, src coord.FileSource, opt Options) (*Archiver, <-chan result) {
	t.Helper()
	results := make(chan result, 100)
	if opt.Dir == "" {
		opt.Dir = filepath.Join(t.TempDir(), "archive")
	}
	if opt.Logger == nil {
		opt.Logger = testLogger(t)
	}
	opt.OnResult = func(id int64, err error) { results <- result{id, err} }
	a, err := New(store, src, opt)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a, results
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// syncBuffer is a log sink that Run's goroutine and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func waitResult(t *testing.T, results <-chan result) result {
	t.Helper()
	select {
	case r := <-results:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("no archive result within 10s")
		return result{}
	}
}

// startRun runs a.Run in the background; the returned stop cancels it and
// checks that it returns nil promptly.
func startRun(t *testing.T, a *Archiver) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run returned %v, want nil", err)
				}
			case <-time.After(10 * time.Second):
				t.Error("Run did not return within 10s of cancel")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// files lists every regular file under dir, relative and slash-separated.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func assertNoTemp(t *testing.T, a *Archiver) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(a.opt.Dir, "tmp"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("tmp holds %d entries, want none", len(entries))
	}
}

func hexSHA(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

var blobPath = regexp.MustCompile(`^[0-9a-f]{2}/[0-9a-f]{64}$`)

// ---- tests ----

func TestArchiveOne(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		content := []byte("%PDF-1.7 báo cáo tháng 01/2027\n")
		now := time.Date(2027, 2, 3, 9, 0, 0, 0, time.UTC)
		store := newStore()
		a, _ := setup(t, store, bytesSource(map[string][]byte{"tg1": content}), Options{Now: func() time.Time { return now }})

		f := coord.SubmittedFile{ID: 7, SubmissionID: 3, FileID: "tg1", Name: "bao cao.pdf", Size: int64(len(content))}
		if err := a.ArchiveOne(context.Background(), f); err != nil {
			t.Fatalf("ArchiveOne: %v", err)
		}
		want := hexSHA(content)
		archived, failed := store.calls()
		if len(failed) != 0 {
			t.Errorf("MarkArchiveFailed called: %+v", failed)
		}
		if len(archived) != 1 || archived[0] != (archivedCall{7, want, int64(len(content)), now}) {
			t.Fatalf("MarkArchived calls = %+v, want one for file 7 with sha %s", archived, want)
		}
		p, err := a.Path(want)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, content) || hexSHA(got) != want {
			t.Errorf("archived bytes differ from the source")
		}
		if fs := files(t, a.opt.Dir); len(fs) != 1 || fs[0] != want[:2]+"/"+want {
			t.Errorf("files under Dir = %v", fs)
		}
		assertNoTemp(t, a)
	})

	t.Run("Deduplicates", func(t *testing.T) {
		content := []byte("same report, sent twice")
		store := newStore()
		a, _ := setup(t, store, bytesSource(map[string][]byte{"a": content, "b": content}), Options{})
		for i, id := range []string{"a", "b"} {
			if err := a.ArchiveOne(context.Background(), coord.SubmittedFile{ID: int64(i + 1), FileID: id}); err != nil {
				t.Fatalf("ArchiveOne(%s): %v", id, err)
			}
		}
		archived, _ := store.calls()
		if len(archived) != 2 || archived[0].sha != archived[1].sha || archived[0].sha != hexSHA(content) {
			t.Fatalf("MarkArchived calls = %+v, want two with the same sha", archived)
		}
		if fs := files(t, a.opt.Dir); len(fs) != 1 {
			t.Errorf("files under Dir = %v, want one blob", fs)
		}
		assertNoTemp(t, a)
	})

	t.Run("ErrMidStream", func(t *testing.T) {
		now := time.Date(2027, 2, 3, 9, 0, 0, 0, time.UTC)
		base := 2 * time.Second
		store := newStore()
		src := &fakeSource{serve: func(context.Context, string, int) (io.ReadCloser, int64, error) {
			return brokenBody(bytes.Repeat([]byte("x"), 100_000)), 200_000, nil
		}}
		a, _ := setup(t, store, src, Options{Now: func() time.Time { return now }, BaseDelay: base})

		err := a.ArchiveOne(context.Background(), coord.SubmittedFile{ID: 1, SubmissionID: 9, FileID: "f"})
		if err == nil {
			t.Fatal("ArchiveOne succeeded on a broken stream")
		}
		archived, failed := store.calls()
		if len(archived) != 0 {
			t.Errorf("MarkArchived called: %+v", archived)
		}
		if len(failed) != 1 {
			t.Fatalf("MarkArchiveFailed calls = %+v, want one", failed)
		}
		fc := failed[0]
		if fc.attempts != 1 {
			t.Errorf("attempts = %d, want 1", fc.attempts)
		}
		if fc.next.Before(now.Add(base/2)) || fc.next.After(now.Add(base)) {
			t.Errorf("next = %v, want within [now+%v, now+%v]", fc.next.Sub(now), base/2, base)
		}
		if !strings.Contains(fc.lastErr, "connection reset") {
			t.Errorf("lastErr = %q, want the cause", fc.lastErr)
		}
		if fs := files(t, a.opt.Dir); len(fs) != 0 {
			t.Errorf("files under Dir = %v, want none", fs)
		}
		assertNoTemp(t, a)
	})

	t.Run("ErrShortBody", func(t *testing.T) {
		// The source announced more bytes than it sent, without an error.
		store := newStore()
		src := &fakeSource{serve: func(context.Context, string, int) (io.ReadCloser, int64, error) {
			return io.NopCloser(strings.NewReader("half")), 8, nil
		}}
		a, _ := setup(t, store, src, Options{})
		if err := a.ArchiveOne(context.Background(), coord.SubmittedFile{ID: 1, FileID: "f"}); err == nil {
			t.Fatal("ArchiveOne accepted a short body")
		}
		if _, failed := store.calls(); len(failed) != 1 || failed[0].next.IsZero() {
			t.Errorf("MarkArchiveFailed calls = %+v, want one retry", failed)
		}
		if fs := files(t, a.opt.Dir); len(fs) != 0 {
			t.Errorf("files under Dir = %v, want none", fs)
		}
	})

	t.Run("ErrDownload", func(t *testing.T) {
		store := newStore()
		a, _ := setup(t, store, bytesSource(nil), Options{})
		f := coord.SubmittedFile{ID: 4, FileID: "gone", Attempts: 5}
		if err := a.ArchiveOne(context.Background(), f); err == nil {
			t.Fatal("ArchiveOne succeeded without a source")
		}
		if _, failed := store.calls(); len(failed) != 1 || failed[0].attempts != 6 || failed[0].next.IsZero() {
			t.Errorf("MarkArchiveFailed calls = %+v, want attempts 6 and a retry", failed)
		}
	})
}

func TestTooLarge(t *testing.T) {
	const limit = 1000
	cases := []struct {
		name     string
		size     int64 // SubmittedFile.Size
		declared int64 // what Download says
		body     int   // bytes actually sent
		wantDL   bool  // whether Download is called at all
	}{
		{"DeclaredByMessage", limit + 1, limit + 1, limit + 1, false},
		{"DeclaredBySource", 0, limit + 1, limit + 1, true},
		{"StreamUnknownSize", 0, -1, limit + 1, true},
		{"StreamBeyondDeclared", 0, 10, 5 * limit, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			store := newStore()
			src := &fakeSource{serve: func(context.Context, string, int) (io.ReadCloser, int64, error) {
				return io.NopCloser(bytes.NewReader(make([]byte, c.body))), c.declared, nil
			}}
			a, _ := setup(t, store, src, Options{MaxSize: limit})
			err := a.ArchiveOne(context.Background(), coord.SubmittedFile{ID: 1, FileID: "big", Size: c.size})
			if !errors.Is(err, ErrTooLarge) {
				t.Errorf("err = %v, want ErrTooLarge", err)
			}
			archived, failed := store.calls()
			if len(archived) != 0 {
				t.Errorf("MarkArchived called: %+v", archived)
			}
			if len(failed) != 1 || failed[0].attempts != 1 {
				t.Fatalf("MarkArchiveFailed calls = %+v, want one", failed)
			}
			if !failed[0].next.IsZero() {
				t.Errorf("next = %v, want zero (give up)", failed[0].next)
			}
			if got := src.count("big") > 0; got != c.wantDL {
				t.Errorf("downloaded = %v, want %v", got, c.wantDL)
			}
			if fs := files(t, a.opt.Dir); len(fs) != 0 {
				t.Errorf("files under Dir = %v, want none", fs)
			}
		})
	}

	t.Run("OKAtLimit", func(t *testing.T) {
		store := newStore()
		body := bytes.Repeat([]byte{7}, limit)
		a, _ := setup(t, store, &fakeSource{serve: func(context.Context, string, int) (io.ReadCloser, int64, error) {
			return io.NopCloser(bytes.NewReader(body)), -1, nil
		}}, Options{MaxSize: limit})
		if err := a.ArchiveOne(context.Background(), coord.SubmittedFile{ID: 1, FileID: "f", Size: limit}); err != nil {
			t.Fatalf("ArchiveOne at exactly the limit: %v", err)
		}
		if archived, _ := store.calls(); len(archived) != 1 || archived[0].size != limit {
			t.Errorf("MarkArchived calls = %+v", archived)
		}
	})
}

func TestNamesNeverInPaths(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "archive")
	names := []string{"../../etc/passwd", "a/b.pdf", "/etc/shadow", "..", `..\..\x.doc`, "tmp", "", "báo cáo\x00.pdf"}
	contents := map[string][]byte{}
	store := newStore()
	for i, n := range names {
		id := string(rune('a' + i))
		contents[id] = []byte("content of " + n)
		store.add(coord.SubmittedFile{ID: int64(i + 1), FileID: id, Name: n})
	}
	a, _ := setup(t, store, bytesSource(contents), Options{Dir: dir})
	pending, _ := store.PendingArchives(context.Background(), time.Now(), 100)
	for _, f := range pending {
		if err := a.ArchiveOne(context.Background(), f); err != nil {
			t.Fatalf("ArchiveOne(%q): %v", f.Name, err)
		}
	}
	got := files(t, dir)
	if len(got) != len(names) {
		t.Errorf("files under Dir = %v, want %d blobs", got, len(names))
	}
	for _, p := range got {
		if !blobPath.MatchString(p) {
			t.Errorf("unexpected file %q under Dir", p)
		}
	}
	if all := files(t, root); len(all) != len(got) {
		t.Errorf("files outside Dir: %v", all)
	}
}

func TestPath(t *testing.T) {
	a, _ := setup(t, newStore(), bytesSource(nil), Options{})
	good := hexSHA([]byte("x"))
	p, err := a.Path(good)
	if err != nil || p != filepath.Join(a.opt.Dir, good[:2], good) {
		t.Errorf("Path(%s) = %q, %v", good, p, err)
	}
	for _, bad := range []string{
		"", "../x", "../" + good[3:], strings.ToUpper(good), good[:63], good + "0",
		good[:62] + "/x", good[:63] + "g", "./" + good[2:],
	} {
		if p, err := a.Path(bad); err == nil {
			t.Errorf("Path(%q) = %q, want an error", bad, p)
		}
	}
}

func TestNew(t *testing.T) {
	store, src := newStore(), bytesSource(nil)
	t.Run("ErrEmptyDir", func(t *testing.T) {
		if _, err := New(store, src, Options{}); err == nil {
			t.Error("New accepted an empty Dir")
		}
	})
	t.Run("ErrNegative", func(t *testing.T) {
		dir := t.TempDir()
		for _, o := range []Options{
			{Dir: dir, MaxSize: -1}, {Dir: dir, MaxAttempts: -1}, {Dir: dir, BaseDelay: -1},
			{Dir: dir, MaxDelay: -1}, {Dir: dir, PollEvery: -1}, {Dir: dir, BaseDelay: time.Hour, MaxDelay: time.Minute},
		} {
			if _, err := New(store, src, o); err == nil {
				t.Errorf("New(%+v) accepted", o)
			}
		}
	})
	t.Run("CreatesDirAndSweepsStaleTemp", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "a", "b")
		if _, err := New(store, src, Options{Dir: dir, Logger: testLogger(t)}); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(dir)
		if err != nil || !fi.IsDir() {
			t.Fatalf("Dir not created: %v", err)
		}
		tmp := filepath.Join(dir, "tmp")
		old, fresh := filepath.Join(tmp, "dl-old"), filepath.Join(tmp, "dl-fresh")
		for _, p := range []string{old, fresh} {
			if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		long := time.Now().Add(-48 * time.Hour)
		if err := os.Chtimes(old, long, long); err != nil {
			t.Fatal(err)
		}
		if _, err := New(store, src, Options{Dir: dir, Logger: testLogger(t)}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(old); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("stale temp file kept: %v", err)
		}
		if _, err := os.Stat(fresh); err != nil {
			t.Errorf("fresh temp file removed: %v", err)
		}
	})
}

func TestBackoff(t *testing.T) {
	a, _ := setup(t, newStore(), bytesSource(nil), Options{BaseDelay: time.Second, MaxDelay: time.Minute})
	for attempt := 1; attempt <= 100; attempt++ {
		full := min(time.Second<<min(attempt-1, 20), time.Minute)
		for range 20 {
			if d := a.backoff(attempt); d < full/2 || d > full {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", attempt, d, full/2, full)
			}
		}
	}
}

func TestRun(t *testing.T) {
	t.Run("ArchivesAllAndStops", func(t *testing.T) {
		contents := map[string][]byte{"a": []byte("one"), "b": []byte("two"), "c": []byte("three")}
		store := newStore(
			coord.SubmittedFile{ID: 1, FileID: "a"},
			coord.SubmittedFile{ID: 2, FileID: "b"},
			coord.SubmittedFile{ID: 3, FileID: "c"},
		)
		a, results := setup(t, store, bytesSource(contents), Options{PollEvery: time.Hour})
		stop := startRun(t, a)
		seen := map[int64]bool{}
		for range 3 {
			r := waitResult(t, results)
			if r.err != nil {
				t.Errorf("file %d: %v", r.id, r.err)
			}
			seen[r.id] = true
		}
		stop()
		if len(seen) != 3 {
			t.Errorf("archived files %v, want 1, 2, 3", seen)
		}
		archived, _ := store.calls()
		for _, c := range archived {
			id := string(rune('a' + c.id - 1))
			if c.sha != hexSHA(contents[id]) {
				t.Errorf("file %d: sha %s", c.id, c.sha)
			}
		}
		if got := files(t, a.opt.Dir); len(got) != 3 {
			t.Errorf("files under Dir = %v, want 3 blobs", got)
		}
	})

	t.Run("Notify", func(t *testing.T) {
		store := newStore()
		a, results := setup(t, store, bytesSource(map[string][]byte{"a": []byte("late")}), Options{PollEvery: time.Hour})
		startRun(t, a)
		store.add(coord.SubmittedFile{ID: 1, FileID: "a"})
		a.Notify()
		a.Notify() // never blocks
		if r := waitResult(t, results); r.id != 1 || r.err != nil {
			t.Errorf("result = %+v", r)
		}
	})

	t.Run("RetriesAfterBackoff", func(t *testing.T) {
		store := newStore(coord.SubmittedFile{ID: 1, FileID: "f"})
		src := &fakeSource{serve: func(_ context.Context, _ string, call int) (io.ReadCloser, int64, error) {
			if call == 1 {
				return brokenBody([]byte("par")), -1, nil
			}
			return io.NopCloser(strings.NewReader("whole")), 5, nil
		}}
		// PollEvery is long: only the backoff timer can bring the retry.
		a, results := setup(t, store, src, Options{BaseDelay: 5 * time.Millisecond, MaxDelay: 10 * time.Millisecond, PollEvery: time.Hour})
		startRun(t, a)
		if r := waitResult(t, results); r.err == nil {
			t.Fatal("first attempt succeeded")
		}
		if r := waitResult(t, results); r.err != nil {
			t.Fatalf("retry: %v", r.err)
		}
		archived, failed := store.calls()
		if len(failed) != 1 || failed[0].attempts != 1 || len(archived) != 1 || archived[0].sha != hexSHA([]byte("whole")) {
			t.Errorf("failed = %+v, archived = %+v", failed, archived)
		}
		assertNoTemp(t, a)
	})

	t.Run("GivesUpAfterMaxAttempts", func(t *testing.T) {
		store := newStore(coord.SubmittedFile{ID: 42, SubmissionID: 17, FileID: "f"})
		src := &fakeSource{serve: func(context.Context, string, int) (io.ReadCloser, int64, error) {
			return nil, 0, errors.New("telegram getFile: 502 Bad Gateway")
		}}
		var logs syncBuffer
		a, results := setup(t, store, src, Options{
			MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond, PollEvery: time.Hour,
			Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		})
		stop := startRun(t, a)
		for range 3 {
			if r := waitResult(t, results); r.err == nil {
				t.Fatal("an attempt succeeded")
			}
		}
		stop()
		_, failed := store.calls()
		if len(failed) != 3 {
			t.Fatalf("MarkArchiveFailed calls = %+v, want 3", failed)
		}
		for i, c := range failed {
			if c.attempts != i+1 || c.next.IsZero() != (i == 2) {
				t.Errorf("call %d = %+v", i, c)
			}
		}
		if n := src.count("f"); n != 3 {
			t.Errorf("downloads = %d, want 3", n)
		}
		out := logs.String()
		var errLine string
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, "level=ERROR") {
				errLine = l
			}
		}
		for _, want := range []string{"giving up", "file_id=42", "submission_id=17", "502 Bad Gateway"} {
			if !strings.Contains(errLine, want) {
				t.Errorf("ERROR line %q lacks %q\nlog:\n%s", errLine, want, out)
			}
		}
		if strings.Count(out, "level=WARN") != 2 {
			t.Errorf("want 2 WARN lines for the transient failures\nlog:\n%s", out)
		}
	})

	t.Run("CancelMidDownload", func(t *testing.T) {
		store := newStore(coord.SubmittedFile{ID: 1, FileID: "slow"})
		started := make(chan struct{})
		src := &fakeSource{serve: func(ctx context.Context, _ string, _ int) (io.ReadCloser, int64, error) {
			close(started)
			return io.NopCloser(io.MultiReader(strings.NewReader("first bytes"), blockReader{ctx})), -1, nil
		}}
		a, results := setup(t, store, src, Options{PollEvery: time.Hour})
		stop := startRun(t, a)
		select {
		case <-started:
		case <-time.After(10 * time.Second):
			t.Fatal("download did not start")
		}
		stop()
		if r := waitResult(t, results); !errors.Is(r.err, context.Canceled) {
			t.Errorf("result = %v, want context.Canceled", r.err)
		}
		archived, failed := store.calls()
		if len(archived)+len(failed) != 0 {
			t.Errorf("an interrupted download was recorded: %+v %+v", archived, failed)
		}
		if fs := files(t, a.opt.Dir); len(fs) != 0 {
			t.Errorf("files under Dir = %v, want none", fs)
		}
	})

	t.Run("ErrAlreadyRunning", func(t *testing.T) {
		store := newStore(coord.SubmittedFile{ID: 1, FileID: "a"})
		a, results := setup(t, store, bytesSource(map[string][]byte{"a": []byte("x")}), Options{PollEvery: time.Hour})
		startRun(t, a)
		waitResult(t, results) // the first Run is certainly running now
		if err := a.Run(context.Background()); err == nil {
			t.Error("second Run returned nil while the first runs")
		}
	})
}

// blockReader blocks until ctx is done, like a stalled connection.
type blockReader struct{ ctx context.Context }

func (r blockReader) Read([]byte) (int, error) {
	<-r.ctx.Done()
	return 0, r.ctx.Err()
}

// patternReader yields n deterministic bytes without holding them: a
// fixed block read at a shifting offset, so that the content does not
// repeat on buffer boundaries.
type patternReader struct {
	block []byte
	off   int64
	n     int64
}

func newPatternReader(n int64) *patternReader {
	block := make([]byte, 65521) // prime, so 32 KiB reads never line up
	x := uint32(2463534242)
	for i := range block {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		block[i] = byte(x)
	}
	return &patternReader{block: block, n: n}
}

func (r *patternReader) Read(p []byte) (int, error) {
	if r.off >= r.n {
		return 0, io.EOF
	}
	if rem := r.n - r.off; int64(len(p)) > rem {
		p = p[:rem]
	}
	total := 0
	for total < len(p) {
		k := copy(p[total:], r.block[(r.off+int64(total))%int64(len(r.block)):])
		total += k
	}
	r.off += int64(total)
	return total, nil
}

func TestLargeFileStreamed(t *testing.T) {
	size := int64(64 << 20)
	if testing.Short() {
		size = 16 << 20
	}
	h := sha256.New()
	if _, err := io.Copy(h, newPatternReader(size)); err != nil {
		t.Fatal(err)
	}
	want := hex.EncodeToString(h.Sum(nil))

	store := newStore()
	src := &fakeSource{serve: func(context.Context, string, int) (io.ReadCloser, int64, error) {
		return io.NopCloser(newPatternReader(size)), size, nil
	}}
	a, _ := setup(t, store, src, Options{MaxSize: size})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if err := a.ArchiveOne(context.Background(), coord.SubmittedFile{ID: 1, FileID: "big", Size: size}); err != nil {
		t.Fatalf("ArchiveOne: %v", err)
	}
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(size/8) {
		t.Errorf("allocated %d bytes for a %d-byte file: not streamed", alloc, size)
	}
	archived, _ := store.calls()
	if len(archived) != 1 || archived[0].sha != want || archived[0].size != size {
		t.Fatalf("MarkArchived calls = %+v, want sha %s size %d", archived, want, size)
	}
	p, _ := a.Path(want)
	fi, err := os.Stat(p)
	if err != nil || fi.Size() != size {
		t.Fatalf("blob: %v, %v", fi, err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h.Reset()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("blob sha %s, want %s", got, want)
	}
}

// permanentErr is what bot.APIError looks like to the archiver for a 400.
type permanentErr struct{}

func (permanentErr) Error() string   { return "telegram getFile: 400 Bad Request: wrong file_id" }
func (permanentErr) Permanent() bool { return true }

func TestPermanentSourceErrorGivesUpAtOnce(t *testing.T) {
	store := newStore(coord.SubmittedFile{ID: 1, SubmissionID: 9, FileID: "gone", Name: "a.pdf"})
	src := &fakeSource{serve: func(context.Context, string, int) (io.ReadCloser, int64, error) {
		return nil, 0, permanentErr{}
	}}
	a, _ := setup(t, store, src, Options{})
	if err := a.ArchiveOne(context.Background(), coord.SubmittedFile{ID: 1, SubmissionID: 9, FileID: "gone", Name: "a.pdf"}); err == nil {
		t.Fatal("no error")
	}
	_, failed := store.calls()
	if len(failed) != 1 || !failed[0].next.IsZero() || failed[0].attempts != 1 {
		t.Fatalf("failed calls %+v, want one give-up on the first attempt", failed)
	}
}

// countingMetrics records what the archiver reports.
type countingMetrics struct {
	mu                      sync.Mutex
	archived, retry, gaveUp int
}

func (c *countingMetrics) FileArchived() { c.mu.Lock(); c.archived++; c.mu.Unlock() }

func (c *countingMetrics) ArchiveFailed(final bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if final {
		c.gaveUp++
	} else {
		c.retry++
	}
}

// TestMetricsCountOutcomes: a failed download that will be retried, one
// given up on and a file archived are each counted under their outcome.
func TestMetricsCountOutcomes(t *testing.T) {
	ctx := context.Background()
	flaky := coord.SubmittedFile{ID: 1, SubmissionID: 9, FileID: "flaky", Name: "a.pdf"}
	gone := coord.SubmittedFile{ID: 2, SubmissionID: 9, FileID: "gone", Name: "b.pdf"}
	store := newStore(flaky, gone)
	src := &fakeSource{serve: func(_ context.Context, id string, call int) (io.ReadCloser, int64, error) {
		switch {
		case id == "gone":
			return nil, 0, permanentErr{}
		case call == 1:
			return nil, 0, errors.New("connection reset")
		}
		return io.NopCloser(strings.NewReader("%PDF-1.7")), 8, nil
	}}
	m := &countingMetrics{}
	a, _ := setup(t, store, src, Options{Metrics: m})
	for _, f := range []coord.SubmittedFile{flaky, gone, flaky} {
		_ = a.ArchiveOne(ctx, f)
	}
	if m.archived != 1 || m.retry != 1 || m.gaveUp != 1 {
		t.Fatalf("counted archived %d, retrying %d, given up %d; want 1 each", m.archived, m.retry, m.gaveUp)
	}
}

// TestOnGiveUp checks issue 17 item 5: a file given up for good (too large,
// empty, out of attempts) is told through OnGiveUp before the give-up is
// recorded, a file that will be retried is not, and a notice that cannot
// be queued keeps the file due for another try.
func TestOnGiveUp(t *testing.T) {
	const limit = 1000
	type told struct {
		id    int64
		cause error
	}
	serve := func(n int, size int64) *fakeSource {
		return &fakeSource{serve: func(context.Context, string, int) (io.ReadCloser, int64, error) {
			return io.NopCloser(bytes.NewReader(make([]byte, n))), size, nil
		}}
	}
	for _, c := range []struct {
		name string
		src  *fakeSource
		f    coord.SubmittedFile
		want error // nil: not given up
	}{
		{"TooLargeAfterDownload", serve(limit+1, -1), coord.SubmittedFile{ID: 1, FileID: "a", Size: 10}, ErrTooLarge},
		{"Empty", serve(0, 0), coord.SubmittedFile{ID: 2, FileID: "b", Size: 10}, ErrEmpty},
		{"EmptyUnknownSize", serve(0, -1), coord.SubmittedFile{ID: 3, FileID: "c"}, ErrEmpty},
		{"OutOfAttempts", &fakeSource{serve: func(context.Context, string, int) (io.ReadCloser, int64, error) {
			return nil, 0, errors.New("502")
		}}, coord.SubmittedFile{ID: 4, FileID: "d", Attempts: 2}, errors.New("502")},
		{"RetriedNotTold", &fakeSource{serve: func(context.Context, string, int) (io.ReadCloser, int64, error) {
			return nil, 0, errors.New("502")
		}}, coord.SubmittedFile{ID: 5, FileID: "e"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			store := newStore()
			var got []told
			a, _ := setup(t, store, c.src, Options{MaxSize: limit, MaxAttempts: 3,
				OnGiveUp: func(_ context.Context, f coord.SubmittedFile, cause error) error {
					if _, failed := store.calls(); len(failed) != 0 {
						t.Errorf("OnGiveUp called after the give-up was recorded")
					}
					got = append(got, told{f.ID, cause})
					return nil
				}})
			_ = a.ArchiveOne(context.Background(), c.f)
			_, failed := store.calls()
			if len(failed) != 1 {
				t.Fatalf("MarkArchiveFailed calls = %+v, want one", failed)
			}
			if c.want == nil {
				if len(got) != 0 || failed[0].next.IsZero() {
					t.Errorf("a file to retry was told given up: %+v, next %v", got, failed[0].next)
				}
				return
			}
			if len(got) != 1 || got[0].id != c.f.ID || !strings.Contains(got[0].cause.Error(), c.want.Error()) {
				t.Errorf("OnGiveUp calls = %+v, want one for file %d with %v", got, c.f.ID, c.want)
			}
			if !failed[0].next.IsZero() {
				t.Errorf("next = %v, want zero (give up)", failed[0].next)
			}
		})
	}

	t.Run("ErrNoticeKeepsTheFileDue", func(t *testing.T) {
		store := newStore()
		a, _ := setup(t, store, serve(0, 0), Options{MaxSize: limit,
			OnGiveUp: func(context.Context, coord.SubmittedFile, error) error { return errors.New("database is locked") }})
		_ = a.ArchiveOne(context.Background(), coord.SubmittedFile{ID: 1, FileID: "a", Size: 10})
		_, failed := store.calls()
		if len(failed) != 1 || failed[0].next.IsZero() {
			t.Errorf("MarkArchiveFailed calls = %+v, want one with a retry time", failed)
		}
	})
}

package backup

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/testkit"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

var ict = time.FixedZone("ICT", 7*3600)

// world is a store with an archive folder beside it.
type world struct {
	t       *testing.T
	db      *sqlite.DB
	dbPath  string
	archive string
	dir     string // the backup directory
}

func newWorld(t *testing.T) *world {
	t.Helper()
	cfg := testkit.Config(t)
	root := t.TempDir()
	w := &world{t: t, dbPath: filepath.Join(root, "data", "bot.db"), archive: filepath.Join(root, "data", "files"),
		dir: filepath.Join(root, "backups")}
	db, err := sqlite.Open(context.Background(), w.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.SyncAgencies(context.Background(), cfg.Catalogue.Agencies); err != nil {
		t.Fatal(err)
	}
	w.db = db
	return w
}

// submit stores a submission of one file with content data, archived as
// the archiver would: the blob under its SHA-256, then the row marked.
func (w *world) submit(data string) string {
	w.t.Helper()
	ctx := context.Background()
	sum := sha256.Sum256([]byte(data))
	sha := hex.EncodeToString(sum[:])
	path := filepath.Join(w.archive, sha[:2], sha)
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o640); err != nil {
		w.t.Fatal(err)
	}
	s := coord.Submission{Obligation: "6.4", Agency: "ldtbxh", Period: "2027-01", Kind: coord.WithFiles,
		SubmittedBy: 1, ChatID: -100, SubmittedAt: time.Date(2027, 2, 1, 9, 0, 0, 0, ict),
		Files: []coord.SubmittedFile{{FileID: "f-" + sha[:8], Name: "ds.pdf", MIME: "application/pdf", Size: int64(len(data))}}}
	if err := w.db.Update(ctx, func(tx coord.Tx) error { return tx.CreateSubmission(ctx, &s) }); err != nil {
		w.t.Fatal(err)
	}
	if err := w.db.MarkArchived(ctx, s.Files[0].ID, sha, int64(len(data)), s.SubmittedAt); err != nil {
		w.t.Fatal(err)
	}
	return sha
}

func (w *world) make(trigger Trigger, now time.Time) (string, Manifest) {
	w.t.Helper()
	path, m, err := Make(context.Background(), w.db, Options{Dir: w.dir, DBPath: w.dbPath, FilesDir: w.archive,
		Trigger: trigger, Now: now, Location: ict})
	if err != nil {
		w.t.Fatal(err)
	}
	return path, m
}

func TestMakeCopiesOnlyNewFiles(t *testing.T) {
	w := newWorld(t)
	a, b := w.submit("báo cáo tháng 1"), w.submit("báo cáo tháng 2")
	monday := time.Date(2027, 1, 4, 9, 0, 0, 0, ict)
	path, m := w.make(Manual, monday)
	if filepath.Base(path) != "fwbot-20270104T090000" {
		t.Errorf("folder %s", path)
	}
	if m.Files.Copied != 2 || m.Files.AlreadyPresent != 0 || m.Files.InArchive != 2 || len(m.Files.Referenced) != 2 {
		t.Errorf("first backup files %+v", m.Files)
	}
	if m.DB.Integrity != "ok" || m.Tables["submissions"] != 2 || m.Tables["agencies"] == 0 || m.DB.SchemaVersion == 0 {
		t.Errorf("manifest %+v", m)
	}
	onDisk, err := ReadManifest(path)
	if err != nil || onDisk.DB.SHA256 != m.DB.SHA256 || !onDisk.MadeAt.Equal(monday) || onDisk.Trigger != Manual {
		t.Fatalf("manifest on disk %+v, %v", onDisk, err)
	}
	if size, sum, _ := hashFile(filepath.Join(path, DBFile)); size != m.DB.Size || sum != m.DB.SHA256 {
		t.Error("the manifest's size or hash is not the copy's")
	}
	mirrored := blobPath(filepath.Join(w.dir, FilesDir), a)
	before, err := os.Stat(mirrored)
	if err != nil {
		t.Fatal(err)
	}

	// The second backup, the same second: its own folder, and only the
	// new file copied; the mirrored ones are not written again.
	c := w.submit("báo cáo tháng 3")
	path2, m2 := w.make(Manual, monday)
	if filepath.Base(path2) != "fwbot-20270104T090000-2" {
		t.Errorf("second folder %s", path2)
	}
	if m2.Files.Copied != 1 || m2.Files.AlreadyPresent != 2 || len(m2.Files.Referenced) != 3 {
		t.Errorf("second backup files %+v", m2.Files)
	}
	if m2.Files.CopiedBytes != int64(len("báo cáo tháng 3")) {
		t.Errorf("copied %d bytes", m2.Files.CopiedBytes)
	}
	after, err := os.Stat(mirrored)
	if err != nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Error("an already mirrored file was copied again")
	}
	for _, sha := range []string{a, b, c} {
		if _, err := os.Stat(blobPath(filepath.Join(w.dir, FilesDir), sha)); err != nil {
			t.Error(err)
		}
	}
	// Nothing partial is left.
	entries, _ := os.ReadDir(w.dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestMakeReportsADamagedArchive(t *testing.T) {
	w := newWorld(t)
	good := w.submit("tốt")
	bad := w.submit("hỏng")
	if err := os.WriteFile(blobPath(w.archive, bad), []byte("bit rot"), 0o640); err != nil {
		t.Fatal(err)
	}
	gone := w.submit("mất")
	if err := os.Remove(blobPath(w.archive, gone)); err != nil {
		t.Fatal(err)
	}
	_, m := w.make(Manual, time.Date(2027, 1, 4, 9, 0, 0, 0, ict))
	if !slices.Equal(m.Files.Corrupt, []string{bad}) || m.Files.Copied != 1 {
		t.Errorf("files %+v", m.Files)
	}
	slices.Sort(m.Files.Missing)
	want := []string{bad, gone}
	slices.Sort(want)
	if !slices.Equal(m.Files.Missing, want) {
		t.Errorf("missing %v, want %v", m.Files.Missing, want)
	}
	if _, err := os.Stat(blobPath(filepath.Join(w.dir, FilesDir), good)); err != nil {
		t.Error(err)
	}
}

func TestMakeRefusesTheArchiveItself(t *testing.T) {
	w := newWorld(t)
	_, _, err := Make(context.Background(), w.db, Options{Dir: filepath.Join(w.archive, "backups"), FilesDir: w.archive, Trigger: Manual})
	if err == nil || !strings.Contains(err.Error(), "overlaps") {
		t.Fatalf("err %v", err)
	}
}

// logBuffer is a log shared with the code under test.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (w *world) daily(clock coord.Clock, keep int, log *logBuffer) *Dailies {
	w.t.Helper()
	d, err := NewDaily(DailyOptions{Source: w.db, Dir: w.dir, DBPath: w.dbPath, FilesDir: w.archive, Location: ict,
		Hour: 2, Keep: keep, Clock: clock, Log: slog.New(slog.NewTextHandler(log, nil))})
	if err != nil {
		w.t.Fatal(err)
	}
	return d
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestDailyKeepsTheNewest plays six nights with keep 3: after each
// backup the oldest daily ones go, while a backup made by hand and folders
// the bot did not make stay.
func TestDailyKeepsTheNewest(t *testing.T) {
	w := newWorld(t)
	w.submit("tệp")
	if err := os.MkdirAll(filepath.Join(w.dir, "fwbot-notes"), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(w.dir, "fwbot-20261231T020000"), 0o750); err != nil { // no manifest: not ours
		t.Fatal(err)
	}
	w.make(Manual, time.Date(2027, 1, 1, 15, 0, 0, 0, ict))
	log := &logBuffer{}
	clock := testkit.NewClock(time.Date(2027, 1, 1, 1, 59, 0, 0, ict))
	d := w.daily(clock, 3, log)
	ctx := context.Background()
	if path, err := d.Tick(ctx, clock.Now()); path != "" || err != nil {
		t.Fatalf("before 02:00: %q, %v", path, err)
	}
	for day := 1; day <= 6; day++ {
		clock.Set(time.Date(2027, 1, day, 2, 0, 30, 0, ict))
		path, err := d.Tick(ctx, clock.Now())
		if err != nil || path == "" {
			t.Fatalf("day %d: %q, %v", day, path, err)
		}
		if again, err := d.Tick(ctx, clock.Now().Add(time.Hour)); again != "" || err != nil {
			t.Fatalf("day %d made twice: %q, %v", day, again, err)
		}
	}
	want := []string{FilesDir, "fwbot-20261231T020000", "fwbot-20270101T150000", "fwbot-20270104T020030",
		"fwbot-20270105T020030", "fwbot-20270106T020030", "fwbot-notes"}
	if got := names(t, w.dir); !slices.Equal(got, want) {
		t.Errorf("left %v, want %v", got, want)
	}
	if n := strings.Count(log.String(), "daily backup made"); n != 6 {
		t.Errorf("%d success lines:\n%s", n, log)
	}
	if !strings.Contains(log.String(), "old backups pruned") {
		t.Errorf("no prune line:\n%s", log)
	}

	// Restarted the same night: today's backup is found and not made again.
	d2 := w.daily(clock, 3, log)
	if path, err := d2.Tick(ctx, clock.Now()); path != "" || err != nil {
		t.Fatalf("after a restart: %q, %v", path, err)
	}
}

func TestDailyFailureIsLoggedAndRetriedLater(t *testing.T) {
	w := newWorld(t)
	// The backup directory is a file: every attempt fails.
	w.dir = filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(w.dir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	log := &logBuffer{}
	clock := testkit.NewClock(time.Date(2027, 1, 4, 2, 0, 0, 0, ict))
	d := w.daily(clock, 7, log)
	ctx := context.Background()
	if _, err := d.Tick(ctx, clock.Now()); err == nil {
		t.Fatal("no error")
	}
	if !strings.Contains(log.String(), "daily backup failed") {
		t.Fatalf("no failure line:\n%s", log)
	}
	if _, err := d.Tick(ctx, clock.Now().Add(time.Minute)); err != nil {
		t.Fatalf("retried at once: %v", err)
	}
	if _, err := d.Tick(ctx, clock.Now().Add(16*time.Minute)); err == nil {
		t.Fatal("not retried after RetryAfter")
	}
	if n := strings.Count(log.String(), "daily backup failed"); n != 2 {
		t.Errorf("%d failure lines, want 2", n)
	}
}

// TestDailyRun runs the loop on the bot's clock: started after 02:00 it
// makes the day's backup at once, and stops with its context.
func TestDailyRun(t *testing.T) {
	w := newWorld(t)
	log := &logBuffer{}
	clock := testkit.NewClock(time.Date(2027, 1, 4, 2, 30, 0, 0, ict))
	d := w.daily(clock, 7, log)
	made := make(chan struct{})
	d.opt.Log = slog.New(slog.NewTextHandler(notify{log, "daily backup made", made, &sync.Once{}}, nil))
	d.log = d.opt.Log
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- d.Run(ctx) }()
	select {
	case <-made:
	case <-time.After(10 * time.Second):
		t.Fatalf("no backup:\n%s", log)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	list, err := List(w.dir)
	if err != nil || len(list) != 1 || list[0].Name != "fwbot-20270104T023000" || list[0].Manifest.Trigger != Daily {
		t.Fatalf("backups %+v, %v", list, err)
	}
}

// notify writes to w and closes ch at the first write containing s.
type notify struct {
	w    *logBuffer
	s    string
	ch   chan struct{}
	once *sync.Once
}

func (n notify) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte(n.s)) {
		n.once.Do(func() { close(n.ch) })
	}
	return n.w.Write(p)
}

func TestRestoreIntoEmptyPlaces(t *testing.T) {
	w := newWorld(t)
	a, b := w.submit("một"), w.submit("hai")
	path, m := w.make(Manual, time.Date(2027, 1, 4, 9, 0, 0, 0, ict))
	target := t.TempDir()
	toDB, toFiles := filepath.Join(target, "data", "fwbot.db"), filepath.Join(target, "data", "files")
	res, err := Restore(context.Background(), path, toDB, toFiles)
	if err != nil {
		t.Fatal(err)
	}
	if res.FilesCopied != 2 || res.FilesPresent != 0 || len(res.Missing) != 0 {
		t.Errorf("result %+v", res)
	}
	if _, sum, _ := hashFile(toDB); sum != m.DB.SHA256 {
		t.Error("the restored database is not the backup's")
	}
	for sha, data := range map[string]string{a: "một", b: "hai"} {
		if got, err := os.ReadFile(blobPath(toFiles, sha)); err != nil || string(got) != data {
			t.Errorf("file %s: %q, %v", sha, got, err)
		}
	}
	// The restored database opens as the bot's store with the same rows.
	db, err := sqlite.Open(context.Background(), toDB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var subs []coord.Submission
	err = db.View(context.Background(), func(tx coord.Tx) error {
		var err error
		subs, err = tx.Submissions(context.Background(), coord.SubmissionFilter{})
		return err
	})
	if err != nil || len(subs) != 2 {
		t.Fatalf("%d submissions, %v", len(subs), err)
	}

	// Again onto the same target: refused, nothing touched.
	_, err = Restore(context.Background(), path, toDB, toFiles)
	if !errors.Is(err, ErrTargetInUse) {
		t.Fatalf("err %v, want ErrTargetInUse", err)
	}
}

func TestRestoreRefusesADamagedBackup(t *testing.T) {
	w := newWorld(t)
	sha := w.submit("một")
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		damage func(path string)
		want   string
	}{
		{"db", func(path string) {
			f, _ := os.OpenFile(filepath.Join(path, DBFile), os.O_RDWR, 0)
			_, _ = f.WriteAt([]byte("xx"), 5000)
			f.Close()
		}, "differs from its manifest"},
		{"file", func(path string) {
			_ = os.Remove(blobPath(filepath.Join(w.dir, FilesDir), sha))
		}, "is not in"},
		{"manifest", func(path string) {
			_ = os.Remove(filepath.Join(path, ManifestFile))
		}, "has no manifest.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, _ := w.make(Manual, time.Date(2027, 1, 4, 9, 0, 0, 0, ict))
			tc.damage(path)
			target := t.TempDir()
			toDB := filepath.Join(target, "fwbot.db")
			_, err := Restore(ctx, path, toDB, filepath.Join(target, "files"))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
			if _, err := os.Stat(toDB); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a database was written: %v", err)
			}
		})
	}
}

func TestRestoreAcceptsAnEmptyFile(t *testing.T) {
	w := newWorld(t)
	path, _ := w.make(Manual, time.Date(2027, 1, 4, 9, 0, 0, 0, ict))
	target := t.TempDir()
	toDB := filepath.Join(target, "fwbot.db")
	if err := os.WriteFile(toDB, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(context.Background(), path, toDB, filepath.Join(target, "files")); err != nil {
		t.Fatal(err)
	}
	// A leftover write-ahead log would be replayed onto the restored
	// file: refused like a database.
	other := filepath.Join(t.TempDir(), "fwbot.db")
	if err := os.WriteFile(other+"-wal", []byte("wal"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(context.Background(), path, other, filepath.Join(target, "files")); !errors.Is(err, ErrTargetInUse) {
		t.Fatalf("err %v", err)
	}
}

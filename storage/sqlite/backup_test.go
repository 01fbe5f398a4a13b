package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// fill writes n settings and n submissions, in their own commits, each
// setting with a value big enough that the database spans many pages.
func fill(t *testing.T, db *DB, prefix string, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		if err := db.SetSetting(ctx, fmt.Sprintf("%s-%03d", prefix, i), strings.Repeat("x", 2000)); err != nil {
			t.Fatal(err)
		}
		create(t, db, newSubmission("6.4", "ldtbxh", "2027-01", t0, prefix+".pdf"))
	}
}

// TestBackupWhileWriting takes a backup one page per step while a
// goroutine keeps committing settings and submissions through the store,
// at least one commit between every two steps. The copy is whole, holds
// everything committed before the backup began, and is the database as it
// was at one instant: none of the rows written during the backup.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	db := openAt(t, filepath.Join(t.TempDir(), "bot.db"))
	fill(t, db, "before", 60)
	var before int
	if err := db.r.GetContext(ctx, &before, `SELECT COUNT(*) FROM submissions`); err != nil {
		t.Fatal(err)
	}

	committed := make(chan int, 1) // the writer's last committed row, newest only
	begun, stop := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	var writeErr error
	go func() {
		defer wg.Done()
		// The writer starts once the backup has copied its first page, so
		// after its snapshot was taken.
		select {
		case <-begun:
		case <-stop:
			return
		}
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := db.SetSetting(ctx, fmt.Sprintf("during-%05d", i), strings.Repeat("y", 500)); err != nil {
				writeErr = err
				return
			}
			s := newSubmission("7.3", "bqlkcn", "2027-02", t0, "during.pdf")
			if err := db.Update(ctx, func(tx coord.Tx) error { return tx.CreateSubmission(ctx, &s) }); err != nil {
				writeErr = err
				return
			}
			select { // keep only the newest
			case <-committed:
			default:
			}
			committed <- i
		}
	}()

	dest := filepath.Join(t.TempDir(), "copy.db")
	steps := 0
	bctx, cancel := context.WithCancel(ctx)
	defer cancel()
	err := db.backup(bctx, dest, 1, func(remaining, total int) {
		if steps == 0 {
			close(begun)
		}
		steps++
		if steps > 2*total {
			// Each commit made SQLite start the copy over: it would never end.
			t.Errorf("%d steps for %d pages: the backup keeps restarting", steps, total)
			cancel()
		}
		select {
		case <-committed: // the writer committed since the last step
		case <-time.After(10 * time.Second):
			t.Error("the writer made no commit during a backup step")
		}
	})
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if writeErr != nil {
		t.Fatal(writeErr)
	}
	if steps < 50 {
		t.Fatalf("only %d steps: the test database is too small to interleave writes", steps)
	}

	info, err := Inspect(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Tables["submissions"]; got != int64(before) {
		t.Errorf("the copy has %d submissions, want the %d committed before the backup began", got, before)
	}
	if got := info.Tables["settings"]; got < 60 {
		t.Errorf("the copy has %d settings, want at least the 60 written before", got)
	}
	var after int
	if err := db.r.GetContext(ctx, &after, `SELECT COUNT(*) FROM submissions`); err != nil {
		t.Fatal(err)
	}
	if after < before+steps {
		t.Errorf("%d submissions after the backup, want at least %d: the writes did not interleave", after, before+steps)
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(dest + suffix); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s left beside the copy (%v)", suffix, err)
		}
	}

	// The copy opens as a store of its own, with the rows of before.
	restored := openAt(t, dest)
	for _, key := range []string{"before-000", "before-059"} {
		if _, ok, err := restored.Setting(ctx, key); err != nil || !ok {
			t.Errorf("setting %s in the copy: ok %v, err %v", key, ok, err)
		}
	}
	if _, ok, _ := restored.Setting(ctx, "during-00000"); ok {
		t.Error("a setting written during the backup is in the copy")
	}
}

func TestBackupOfMemory(t *testing.T) {
	ctx := context.Background()
	db := openAt(t, Memory)
	fill(t, db, "m", 3)
	dest := filepath.Join(t.TempDir(), "copy.db")
	if err := db.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	info, err := Inspect(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	if info.Tables["submissions"] != 3 || info.Tables["agencies"] != int64(len(testAgencies)) {
		t.Errorf("counts %v", info.Tables)
	}
	latest, _ := LatestSchema()
	if info.SchemaVersion != latest {
		t.Errorf("schema %d, want %d", info.SchemaVersion, latest)
	}
}

func TestBackupRefusesAnExistingFile(t *testing.T) {
	db := openAt(t, filepath.Join(t.TempDir(), "bot.db"))
	dest := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(dest, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(context.Background(), dest); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("err %v", err)
	}
	if b, _ := os.ReadFile(dest); string(b) != "keep me" {
		t.Fatal("the existing file was touched")
	}
}

func TestBackupCancelledLeavesNothing(t *testing.T) {
	db := openAt(t, filepath.Join(t.TempDir(), "bot.db"))
	fill(t, db, "c", 20)
	ctx, cancel := context.WithCancel(context.Background())
	dest := filepath.Join(t.TempDir(), "copy.db")
	err := db.backup(ctx, dest, 1, func(int, int) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if _, err := os.Stat(dest); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a partial copy was left: %v", err)
	}
	// The source connection's read transaction ended: the store still
	// takes backups and writes.
	if err := db.Backup(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	fill(t, db, "c2", 1)
}

func TestInspectFindsDamage(t *testing.T) {
	ctx := context.Background()
	db := openAt(t, filepath.Join(t.TempDir(), "bot.db"))
	fill(t, db, "d", 40)
	dest := filepath.Join(t.TempDir(), "copy.db")
	if err := db.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	// Scribble over the middle of the file, past the schema pages.
	f, err := os.OpenFile(dest, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	if _, err := f.WriteAt([]byte(strings.Repeat("\xff", 8192)), fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := Inspect(ctx, dest); err == nil {
		t.Fatal("a damaged copy passed the check")
	}
}

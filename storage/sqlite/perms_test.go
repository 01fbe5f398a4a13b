package sqlite

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/bacgiang/fwbot/coord"
)

// TestFilesPrivateWhateverTheUmask checks issue 17 item 7: with umask 0
// and a directory open to everybody, the database, its -wal and -shm, and
// a backup copy come out 0600. The umask is the process's, so this test is
// not parallel (parallel tests only start once the sequential ones are
// done).
func TestFilesPrivateWhateverTheUmask(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}

	t.Run("NewDatabase", func(t *testing.T) {
		path := filepath.Join(dir, "bot.db")
		db := openAt(t, path)
		update(t, db, func(tx coord.Tx) error { return tx.PutUser(ctx, newUser(1, "ca")) })
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			assertMode(t, p, 0o600)
		}
		backup := filepath.Join(dir, "copy.db")
		if err := db.Backup(ctx, backup); err != nil {
			t.Fatal(err)
		}
		assertMode(t, backup, 0o600)
	})

	t.Run("ExistingWorldReadable", func(t *testing.T) {
		// A database made by an older bot, readable by everybody: it keeps
		// its owner's and group's permissions, loses the others'.
		path := filepath.Join(dir, "old.db")
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetSetting(ctx, "k", "v"); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		db = openAt(t, path)
		if err := db.SetSetting(ctx, "k", "w"); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			assertMode(t, p, 0o640)
		}
	})
}

func assertMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %v, want %v", filepath.Base(path), got, want)
	}
}

package sqlite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// fileMode is the mode of a database file the store creates: the database
// holds officers' names, reports and the audit log, so only the bot's user
// reads it, whatever the umask and the directory's mode. SQLite creates
// the -wal, -shm and -journal files beside it with the main file's mode
// (and fixes their mode after the umask), so they follow.
const fileMode fs.FileMode = 0o600

// worldBits are the permissions nobody but the owner and its group may
// have on a database file.
const worldBits fs.FileMode = 0o007

// createPrivate creates path with fileMode if it does not exist; an
// existing file, and any -wal or -shm beside it, loses the permissions it
// gave everybody (an operator may have opened it to a backup group, which
// is kept). SQLite itself would create a new database with 0644 less the
// umask.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, fileMode)
	switch {
	case err == nil:
		// The umask may have taken bits away, never added any; set the
		// mode exactly.
		err = f.Chmod(fileMode)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("create %s: %w", path, err)
		}
		return nil
	case !errors.Is(err, fs.ErrExist):
		return fmt.Errorf("create %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := dropWorldBits(p); err != nil {
			return err
		}
	}
	return nil
}

// dropWorldBits removes the permissions for others from an existing
// regular file; a missing file is no error.
func dropWorldBits(path string) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("check mode of %s: %w", path, err)
	case !fi.Mode().IsRegular() || fi.Mode().Perm()&worldBits == 0:
		return nil
	}
	if err := os.Chmod(path, fi.Mode().Perm()&^worldBits); err != nil {
		return fmt.Errorf("restrict mode of %s: %w", path, err)
	}
	return nil
}

package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/bacgiang/fwbot/internal/fsutil"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

// ErrTargetInUse is returned by Restore when the database it would write
// already exists and is not empty: restore never overwrites one.
var ErrTargetInUse = errors.New("the target database exists and is not empty")

// ErrNotBackup is returned by Restore for a folder without a manifest.
var ErrNotBackup = errors.New("not a backup folder")

// RestoreResult says what Restore did.
type RestoreResult struct {
	Manifest Manifest
	// FilesCopied blobs were copied into the archive; FilesPresent were
	// there already, with the right size.
	FilesCopied, FilesPresent int
	// Missing are blobs the backup itself lacked (its manifest listed them
	// as missing when it was made); their submissions have no file.
	Missing []string
}

// Restore puts the backup folder from back: its archived files into
// toFiles (created if missing; blobs already there are kept), then its
// database at toDB, which must not exist or be empty. Everything is
// checked before anything is written: the manifest, the database copy's
// size, SHA-256 and PRAGMA integrity_check, its schema version against
// this binary's, and the presence and size of every file it names; each
// file's SHA-256 is checked as it is copied. The database comes last, so
// an interrupted restore leaves no database (run it again).
func Restore(ctx context.Context, from, toDB, toFiles string) (RestoreResult, error) {
	var res RestoreResult
	if toDB == "" || toFiles == "" {
		return res, errors.New("restore: needs a target database and files folder")
	}
	m, err := ReadManifest(from)
	if errors.Is(err, fs.ErrNotExist) {
		return res, fmt.Errorf("%w: %s has no %s", ErrNotBackup, from, ManifestFile)
	}
	if err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	res.Manifest = m
	if m.Format > format {
		return res, fmt.Errorf("restore: %s was made by a newer fwbot (manifest format %d, this one reads %d): restore it with that version", from, m.Format, format)
	}
	if err := targetFree(toDB); err != nil {
		return res, err
	}

	// The database copy, as the manifest describes it.
	src := filepath.Join(from, filepath.Base(m.DB.File))
	size, sum, err := hashFile(src)
	if err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	if size != m.DB.Size || sum != m.DB.SHA256 {
		return res, fmt.Errorf("restore: %s differs from its manifest (size %d, want %d; or its SHA-256): the backup is damaged, use another", src, size, m.DB.Size)
	}
	info, err := sqlite.Inspect(ctx, src)
	if err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	if latest, err := sqlite.LatestSchema(); err == nil && info.SchemaVersion > latest {
		return res, fmt.Errorf("restore: the backup's database has schema version %d, newer than this fwbot's %d: restore it with the fwbot that made it", info.SchemaVersion, latest)
	}

	// The files it names, all there before anything is written.
	if filepath.IsAbs(m.Files.Dir) {
		return res, fmt.Errorf("restore: %s: files.dir %q must be relative to the backup folder", ManifestFile, m.Files.Dir)
	}
	mirror := filepath.Join(from, filepath.FromSlash(m.Files.Dir))
	missing := map[string]bool{}
	for _, sha := range m.Files.Missing {
		missing[sha] = true
	}
	var todo []sqlite.Blob
	for _, b := range info.Blobs {
		if !validSHA(b.SHA256) {
			return res, fmt.Errorf("restore: the database names a file %q that is not a SHA-256", b.SHA256)
		}
		fi, err := os.Lstat(blobPath(mirror, b.SHA256))
		switch {
		case err == nil && fi.Mode().IsRegular() && fi.Size() == b.Size:
			todo = append(todo, b)
		case missing[b.SHA256]:
			res.Missing = append(res.Missing, b.SHA256)
		case err != nil:
			return res, fmt.Errorf("restore: file %s is not in %s: the backup's files are incomplete", b.SHA256, mirror)
		default:
			return res, fmt.Errorf("restore: file %s in %s has %d bytes, want %d: the backup's files are damaged", b.SHA256, mirror, fi.Size(), b.Size)
		}
	}

	// Files first, then the database.
	if err := os.MkdirAll(toFiles, 0o750); err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	for _, b := range todo {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("restore: %w", err)
		}
		dst := blobPath(toFiles, b.SHA256)
		if fi, err := os.Lstat(dst); err == nil && fi.Mode().IsRegular() && fi.Size() == b.Size {
			res.FilesPresent++
			continue
		}
		if _, err := copyBlob(blobPath(mirror, b.SHA256), dst, b.SHA256); err != nil {
			return res, fmt.Errorf("restore: file %s: %w", b.SHA256, err)
		}
		res.FilesCopied++
	}
	if err := placeDB(src, toDB); err != nil {
		return res, err
	}
	return res, nil
}

// targetFree refuses a database path that holds data: a non-empty file, or
// a write-ahead log that SQLite would replay onto the restored file.
func targetFree(path string) error {
	for _, p := range []string{path, path + "-wal"} {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		if fi.IsDir() {
			return fmt.Errorf("restore: %s is a directory, not a database file", p)
		}
		if fi.Size() > 0 {
			return fmt.Errorf("%w: %s", ErrTargetInUse, p)
		}
	}
	return nil
}

// placeDB copies the database file src to dst through a temp file beside
// dst, renamed into place once synced; dst is checked free again just
// before, so a bot started meanwhile is not overwritten.
func placeDB(src, dst string) error {
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer in.Close()
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(dst)+".restoring-*")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	placed := false
	defer func() {
		if !placed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := io.Copy(tmp, in); err != nil {
		return fmt.Errorf("restore: copy the database: %w", err)
	}
	if err := tmp.Chmod(0o640); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := targetFree(dst); err != nil {
		return err
	}
	// A stale empty -shm would describe another file's log.
	_ = os.Remove(dst + "-shm")
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	placed = true
	if err := fsutil.SyncDir(dir); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

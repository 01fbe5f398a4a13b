package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// Backups. Backup copies the database with SQLite's online backup API
// (sqlite3_backup_*), page by page, while the bot keeps running. The source
// connection holds one read transaction from the first page to the last, so
// the copy is the database as it was at one commit: in WAL mode that read
// transaction never blocks the writer, and since the snapshot cannot change
// under it, the backup is never restarted by the bot's commits (without it,
// SQLite restarts a backup each time another connection writes between two
// steps, and a busy bot could keep it from ever finishing). The copy is
// then switched out of WAL mode, so that it is one self-contained file.

// backupPagesPerStep is how many pages one backup step copies (4 MB with
// 4 KB pages); the context is checked between steps.
const backupPagesPerStep = 1024

// Backup writes a consistent copy of the database to destPath, which must
// not exist yet; its directory must. The copy is in rollback-journal mode
// (no -wal beside it) and synced to disk. On error, nothing is left at
// destPath. It does not check the copy: Inspect does.
func (db *DB) Backup(ctx context.Context, destPath string) error {
	return db.backup(ctx, destPath, backupPagesPerStep, nil)
}

// backup is Backup with the step size and a hook called after each step
// (remaining and total pages), for the tests.
func (db *DB) backup(ctx context.Context, destPath string, pages int, afterStep func(remaining, total int)) (err error) {
	if destPath == "" || destPath == Memory {
		return errors.New("backup: needs a destination file")
	}
	if _, err := os.Lstat(destPath); err == nil {
		return fmt.Errorf("backup: %s already exists", destPath)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	src, err := db.reader("backup")
	if err != nil {
		return err
	}
	// The copy is as private as the database (createPrivate); O_EXCL also
	// refuses a file that appeared since the check above.
	f, err := os.OpenFile(destPath, os.O_RDWR|os.O_CREATE|os.O_EXCL, fileMode)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	err = f.Chmod(fileMode)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		removeDB(destPath)
		return fmt.Errorf("backup: %w", err)
	}
	srcConn, err := src.Conn(ctx)
	if err != nil {
		return wrapErr("backup: source connection", err)
	}
	defer srcConn.Close()

	dest, err := sql.Open("sqlite3", fileDSN(destPath, url.Values{}))
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", destPath, err)
	}
	dest.SetMaxOpenConns(1)
	closed := false
	defer func() {
		if !closed {
			_ = dest.Close()
		}
		if err != nil {
			removeDB(destPath)
		}
	}()
	destConn, err := dest.Conn(ctx)
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", destPath, err)
	}
	defer destConn.Close()

	// The snapshot: a read transaction on the source connection, begun by
	// its first read and held until every page is copied.
	if _, err := srcConn.ExecContext(ctx, `BEGIN`); err != nil {
		return wrapErr("backup: begin read", err)
	}
	defer func() {
		// Background: the connection goes back to the pool, so the
		// transaction must end even when ctx is done.
		_, _ = srcConn.ExecContext(context.Background(), `ROLLBACK`)
	}()
	var n int
	if err := srcConn.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema`).Scan(&n); err != nil {
		return wrapErr("backup: begin read", err)
	}

	err = destConn.Raw(func(d any) error {
		dc, ok := d.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("backup: destination is a %T, not a go-sqlite3 connection", d)
		}
		return srcConn.Raw(func(s any) error {
			sc, ok := s.(*sqlite3.SQLiteConn)
			if !ok {
				return fmt.Errorf("backup: source is a %T, not a go-sqlite3 connection", s)
			}
			return copyPages(ctx, dc, sc, pages, afterStep)
		})
	})
	if err != nil {
		return err
	}
	// One file: the pages came from a WAL database, whose header the copy
	// carries; DELETE mode makes it a plain file again.
	var mode string
	if err := destConn.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode); err != nil {
		return fmt.Errorf("backup: journal mode of the copy: %w", err)
	}
	if !strings.EqualFold(mode, "delete") {
		return fmt.Errorf("backup: the copy stayed in journal mode %q", mode)
	}
	if err := destConn.Close(); err != nil {
		return fmt.Errorf("backup: close %s: %w", destPath, err)
	}
	closed = true
	if err := dest.Close(); err != nil {
		return fmt.Errorf("backup: close %s: %w", destPath, err)
	}
	if err := syncFile(destPath); err != nil {
		return fmt.Errorf("backup: sync %s: %w", destPath, err)
	}
	return nil
}

// copyPages runs the backup from src to dest, pages at a time, until done.
func copyPages(ctx context.Context, dest, src *sqlite3.SQLiteConn, pages int, afterStep func(remaining, total int)) error {
	b, err := dest.Backup("main", src, "main")
	if err != nil {
		return fmt.Errorf("backup: start: %w", err)
	}
	for {
		done, err := b.Step(pages)
		if err != nil {
			_ = b.Finish()
			return wrapErr("backup: step", err)
		}
		if done {
			break
		}
		if afterStep != nil {
			afterStep(b.Remaining(), b.PageCount())
		}
		if err := ctx.Err(); err != nil {
			_ = b.Finish()
			return fmt.Errorf("backup: %w", err)
		}
	}
	if err := b.Finish(); err != nil {
		return fmt.Errorf("backup: finish: %w", err)
	}
	return nil
}

// removeDB removes a database file and the journal files SQLite may have
// made beside it.
func removeDB(path string) {
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		_ = os.Remove(path + suffix)
	}
}

// syncFile makes the file's contents durable.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// fileDSN is a file: URI for path with params, the path escaped.
func fileDSN(path string, params url.Values) string {
	u := url.URL{Path: filepath.ToSlash(path)}
	if len(params) == 0 {
		return "file:" + u.EscapedPath()
	}
	return "file:" + u.EscapedPath() + "?" + params.Encode()
}

// Blob is an archived file as the database records it: the SHA-256 its
// bytes are stored under and their size.
type Blob struct {
	SHA256 string `json:"sha256" db:"sha256"`
	Size   int64  `json:"size" db:"size"`
}

// CopyInfo is what Inspect found in a database copy.
type CopyInfo struct {
	// SchemaVersion is the last migration applied to it.
	SchemaVersion int
	// Tables counts the rows of every table.
	Tables map[string]int64
	// Blobs are the archived files its submissions name, by SHA-256.
	Blobs []Blob
}

// ErrCorrupt is returned by Inspect when PRAGMA integrity_check finds a
// problem.
var ErrCorrupt = errors.New("the database copy is damaged")

// Inspect checks a database copy made by Backup — PRAGMA integrity_check
// must answer "ok" — and reads its schema version, its row counts and the
// archived files it names. The file is opened read-only and immutable: it
// must be a copy nobody writes, in rollback-journal mode, as Backup leaves
// it; nothing is created beside it.
func Inspect(ctx context.Context, path string) (CopyInfo, error) {
	if _, err := os.Stat(path); err != nil {
		return CopyInfo{}, fmt.Errorf("inspect: %w", err)
	}
	params := url.Values{}
	params.Set("mode", "ro")
	params.Set("immutable", "1")
	params.Set("_query_only", "1")
	x, err := sql.Open("sqlite3", fileDSN(path, params))
	if err != nil {
		return CopyInfo{}, fmt.Errorf("inspect %s: %w", path, err)
	}
	defer x.Close()
	x.SetMaxOpenConns(1)

	rows, err := x.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return CopyInfo{}, fmt.Errorf("inspect %s: integrity_check: %w", path, err)
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return CopyInfo{}, fmt.Errorf("inspect %s: integrity_check: %w", path, err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return CopyInfo{}, fmt.Errorf("inspect %s: integrity_check: %w", path, err)
	}
	if len(problems) > 0 {
		if len(problems) > 5 {
			problems = append(problems[:5], fmt.Sprintf("and %d more", len(problems)-5))
		}
		return CopyInfo{}, fmt.Errorf("%w: %s: %s", ErrCorrupt, path, strings.Join(problems, "; "))
	}

	var info CopyInfo
	if err := x.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&info.SchemaVersion); err != nil {
		return CopyInfo{}, fmt.Errorf("inspect %s: not a database of the bot: %w", path, err)
	}
	var tables []string
	trows, err := x.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return CopyInfo{}, fmt.Errorf("inspect %s: list tables: %w", path, err)
	}
	for trows.Next() {
		var name string
		if err := trows.Scan(&name); err != nil {
			trows.Close()
			return CopyInfo{}, fmt.Errorf("inspect %s: list tables: %w", path, err)
		}
		tables = append(tables, name)
	}
	if err := errors.Join(trows.Err(), trows.Close()); err != nil {
		return CopyInfo{}, fmt.Errorf("inspect %s: list tables: %w", path, err)
	}
	info.Tables = make(map[string]int64, len(tables))
	for _, name := range tables {
		var n int64
		// The names come from sqlite_schema; quoted all the same.
		q := `SELECT COUNT(*) FROM "` + strings.ReplaceAll(name, `"`, `""`) + `"`
		if err := x.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return CopyInfo{}, fmt.Errorf("inspect %s: count %s: %w", path, name, err)
		}
		info.Tables[name] = n
	}

	brows, err := x.QueryContext(ctx, `SELECT sha256, MAX(size) FROM submission_files
WHERE archived_at IS NOT NULL AND sha256 IS NOT NULL GROUP BY sha256 ORDER BY sha256`)
	if err != nil {
		return CopyInfo{}, fmt.Errorf("inspect %s: archived files: %w", path, err)
	}
	for brows.Next() {
		var b Blob
		if err := brows.Scan(&b.SHA256, &b.Size); err != nil {
			brows.Close()
			return CopyInfo{}, fmt.Errorf("inspect %s: archived files: %w", path, err)
		}
		info.Blobs = append(info.Blobs, b)
	}
	if err := errors.Join(brows.Err(), brows.Close()); err != nil {
		return CopyInfo{}, fmt.Errorf("inspect %s: archived files: %w", path, err)
	}
	return info, nil
}

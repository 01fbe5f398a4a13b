// Package sqlite keeps the bot's durable records in SQLite: it implements
// coord.Store with sqlx and go-sqlite3 and applies its embedded SQL
// migrations when the database is opened.
//
// The database runs in WAL mode, so readers never wait for the writer, and
// every write transaction starts with BEGIN IMMEDIATE, so two writers queue on
// the busy timeout instead of failing with "database is locked" when a read
// lock would have to be upgraded. Read-only transactions (View) run on a
// second pool whose connections begin with a deferred BEGIN and refuse
// writes, so they never queue behind a writer.
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
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/mattn/go-sqlite3"

	"github.com/bacgiang/fwbot/coord"
)

// Memory is the path that opens a private in-memory database, for tests and
// for trying the bot out without leaving files behind.
const Memory = ":memory:"

// busyTimeout is how long a writer waits for another writer's transaction
// before giving up; bot transactions last milliseconds, so 5 s only runs out
// when something is badly wrong.
const busyTimeout = 5 * time.Second

// stmtCacheSize is how many prepared statements each connection keeps.
const stmtCacheSize = 128

var (
	_ coord.Store = (*DB)(nil)
	_ coord.Tx    = (*tx)(nil)
)

// DB is the SQLite store. It is safe for concurrent use.
type DB struct {
	x *sqlx.DB
	// r is the read pool for View: deferred BEGIN, query_only. It is nil for
	// Memory, whose single connection is x's.
	r    *sqlx.DB
	path string
	w    writer        // Update's group commit
	cp   *checkpointer // nil for Memory

	// Now stamps rows that the caller gives no time for (agencies' updated_at),
	// so tests can fix it. It defaults to time.Now.
	Now func() time.Time
}

// Open opens (creating if needed) the database at path and brings its schema
// up to date, so the caller gets a store that is ready to use or an error.
// The parent directory is created if missing. Memory (":memory:") opens an
// in-memory database on a single connection, so every caller sees the same
// data; inside an Update's fn, which holds that connection, the DB itself
// (View included) then fails with ErrInsideUpdate instead of waiting for it.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	memory := path == Memory
	if !memory {
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("create database directory: %w", err)
			}
		}
		if err := createPrivate(path); err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
	}
	x, err := sqlx.Open(writerDriver, dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	// One writer connection. SQLite admits one writer at a time anyway; with
	// several connections the others wait in SQLite's busy handler, which
	// sleeps in steps of up to 100 ms, while with one they queue in Go's
	// pool and take over the moment it is free — much lower latency under
	// load, and one page cache instead of one per waiting goroutine. It also
	// keeps ":memory:" a single database. Nothing may use the write pool
	// from inside an Update (it would wait for itself): writePool and reader
	// refuse it with ErrInsideUpdate (reentry.go); reads go to View.
	x.SetMaxOpenConns(1)
	x.SetMaxIdleConns(1)
	x.SetConnMaxLifetime(0)
	x.SetConnMaxIdleTime(0)
	db := &DB{x: x, path: path, Now: time.Now}
	if err := x.PingContext(ctx); err != nil {
		_ = x.Close()
		return nil, wrapErr("open database", err)
	}
	if err := db.migrate(ctx); err != nil {
		_ = x.Close()
		return nil, err
	}
	if !memory {
		// Opened after the migrations, so the file exists and is in WAL
		// mode before any reader connects.
		r, err := sqlx.Open("sqlite3", dsn(path, true))
		if err != nil {
			_ = x.Close()
			return nil, fmt.Errorf("open database for reading: %w", err)
		}
		if err := r.PingContext(ctx); err != nil {
			_ = r.Close()
			_ = x.Close()
			return nil, wrapErr("open database for reading", err)
		}
		// A few readers serve the views and the scheduler concurrently.
		r.SetMaxOpenConns(4)
		r.SetMaxIdleConns(2)
		db.r = r
		if db.cp, err = startCheckpointer(path, checkpointEvery); err != nil {
			_ = r.Close()
			_ = x.Close()
			return nil, fmt.Errorf("open database for checkpoints: %w", err)
		}
	}
	return db, nil
}

// OpenReadOnly opens an existing database for reading only, for a preview
// of a database the bot owns (`fwbot reminders --at`), perhaps while the
// bot runs: it creates no directory, runs no migration, never checkpoints,
// and every write fails. When the database has a write-ahead log (the bot
// is running, or was killed before its last checkpoint) it is read through
// it, so what the bot committed a moment ago counts; SQLite then needs the
// log's -shm index, which it recreates if a crash left the log without one.
// When it has no log (the bot stopped cleanly) the file is opened
// immutable, which creates nothing beside it. A missing file is an error wrapping
// fs.ErrNotExist. version is the schema version the file was migrated to,
// for the caller to compare with LatestSchema.
func OpenReadOnly(ctx context.Context, path string) (db *DB, version int, err error) {
	if path == "" || path == Memory {
		return nil, 0, errors.New("open database read-only: needs a file")
	}
	if _, err := os.Stat(path); err != nil {
		return nil, 0, fmt.Errorf("open database read-only: %w", err)
	}
	params := url.Values{}
	params.Set("_busy_timeout", strconv.Itoa(int(busyTimeout/time.Millisecond)))
	params.Set("_txlock", "deferred")
	params.Set("_query_only", "1")
	params.Set("mode", "ro")
	if _, err := os.Stat(path + "-wal"); errors.Is(err, fs.ErrNotExist) {
		params.Set("immutable", "1")
	}
	u := url.URL{Path: filepath.ToSlash(path)}
	x, err := sqlx.Open("sqlite3", "file:"+u.EscapedPath()+"?"+params.Encode())
	if err != nil {
		return nil, 0, fmt.Errorf("open database read-only: %w", err)
	}
	x.SetMaxOpenConns(2)
	if err := x.GetContext(ctx, &version, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`); err != nil {
		_ = x.Close()
		return nil, 0, wrapErr("read schema version", err)
	}
	return &DB{x: x, r: x, path: path, Now: time.Now}, version, nil
}

// dsn builds the go-sqlite3 data source name. Files are opened through a
// file: URI with the path escaped, so a directory name containing '?', '#'
// or '%' cannot be mistaken for connection parameters.
//
// A read DSN (for View's pool) begins transactions with a plain deferred
// BEGIN, which takes no lock until the first read and then only a WAL read
// mark, and sets PRAGMA query_only so that any write fails. go-sqlite3 ignores
// sql.TxOptions.ReadOnly (its BeginTx always runs the _txlock statement), so
// the pool itself has to be different. The file is not opened with mode=ro:
// SQLite puts extra conditions on read-only connections to a WAL database
// (the -wal and -shm files must exist or be creatable), while query_only
// refuses the same writes on an ordinary connection.
func dsn(path string, read bool) string {
	params := url.Values{}
	params.Set("_busy_timeout", strconv.Itoa(int(busyTimeout/time.Millisecond)))
	// Keep the statements each connection prepared, instead of parsing and
	// planning every statement again on each call (a tenth of an update's
	// work). The bot runs a few dozen distinct statements.
	params.Set("_stmt_cache_size", strconv.Itoa(stmtCacheSize))
	if read {
		params.Set("_txlock", "deferred")
		params.Set("_query_only", "1")
		u := url.URL{Path: filepath.ToSlash(path)}
		return "file:" + u.EscapedPath() + "?" + params.Encode()
	}
	params.Set("_foreign_keys", "1")
	params.Set("_txlock", "immediate")
	if path == Memory {
		// WAL needs a file; go-sqlite3 strips the parameters from a plain
		// ":memory:" name before opening it.
		return Memory + "?" + params.Encode()
	}
	params.Set("_journal_mode", "WAL")
	params.Set("_synchronous", "NORMAL")
	u := url.URL{Path: filepath.ToSlash(path)}
	return "file:" + u.EscapedPath() + "?" + params.Encode()
}

// Close closes the pools; with WAL the last one to close checkpoints the
// log.
func (db *DB) Close() error {
	var errs []error
	if db.cp != nil {
		if err := db.cp.close(); err != nil {
			errs = append(errs, fmt.Errorf("close database for checkpoints: %w", err))
		}
	}
	if db.r != nil && db.r != db.x {
		if err := db.r.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close database for reading: %w", err))
		}
	}
	if err := db.x.Close(); err != nil {
		errs = append(errs, fmt.Errorf("close database: %w", err))
	}
	return errors.Join(errs...)
}

// View runs fn in a read-only transaction: one consistent snapshot, taken at
// fn's first read, that neither waits for a writer nor makes writers wait, so
// status pages and digests stay responsive while updates are handled. Any
// write fn attempts fails ("attempt to write a readonly database"). The
// transaction is always rolled back: there is nothing to keep. fn's error is
// returned unchanged; panics and runtime.Goexit unwind as in Update.
func (db *DB) View(ctx context.Context, fn func(coord.Tx) error) (err error) {
	if db.r == nil {
		return db.viewMemory(ctx, fn)
	}
	// ReadOnly documents the intent; the read pool's DSN is what makes the
	// BEGIN deferred and the connection query_only.
	sqltx, err := db.r.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return wrapErr("begin read", err)
	}
	defer func() {
		if rbErr := sqltx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) && err == nil {
			err = wrapErr("end read", rbErr)
		}
	}()
	return fn(&tx{x: sqltx})
}

// viewMemory is View on Memory's single connection. No writer can run
// meanwhile, so the BEGIN IMMEDIATE that x's DSN asks for costs nothing;
// query_only is switched on inside the transaction (an IMMEDIATE BEGIN would
// itself be refused under it) and off again before the connection goes back
// to the pool, so later Updates can write.
func (db *DB) viewMemory(ctx context.Context, fn func(coord.Tx) error) (err error) {
	x, err := db.writePool("begin read")
	if err != nil {
		return err
	}
	conn, err := x.Connx(ctx)
	if err != nil {
		return wrapErr("begin read", err)
	}
	defer func() { _ = conn.Close() }()
	sqltx, err := conn.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return wrapErr("begin read", err)
	}
	defer func() {
		var errs []error
		if rbErr := sqltx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			errs = append(errs, wrapErr("end read", rbErr))
		}
		// Background: the reset must happen even when ctx is done.
		if _, qoErr := conn.ExecContext(context.Background(), `PRAGMA query_only = 0`); qoErr != nil {
			errs = append(errs, wrapErr("end read: reset query_only", qoErr))
		}
		if len(errs) > 0 {
			err = errors.Join(append([]error{err}, errs...)...)
		}
	}()
	if _, err := sqltx.ExecContext(ctx, `PRAGMA query_only = 1`); err != nil {
		return wrapErr("begin read: set query_only", err)
	}
	return fn(&tx{x: sqltx})
}

// Setting reads a value kept across restarts; ok is false when it was never
// set.
func (db *DB) Setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	r, err := db.reader("select setting")
	if err != nil {
		return "", false, err
	}
	err = r.GetContext(ctx, &v, db.x.Rebind(`SELECT value FROM settings WHERE key = ?`), key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, wrapErr("select setting", err)
	}
	return v, true, nil
}

// SetSetting stores a value kept across restarts, replacing the old one.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	x, err := db.writePool("upsert setting")
	if err != nil {
		return err
	}
	_, err = x.ExecContext(ctx, db.x.Rebind(`INSERT INTO settings (key, value) VALUES (?, ?)
ON CONFLICT (key) DO UPDATE SET value = excluded.value`), key, value)
	if err != nil {
		return wrapErr("upsert setting", err)
	}
	return nil
}

// writeTx runs fn in a transaction of its own on the writer connection,
// outside Update's group commit: for the few writes that are not an
// update's (the sender's marks, start-up syncs). fn's error rolls it back.
func (db *DB) writeTx(ctx context.Context, fn func(t *sqlx.Tx) error) (err error) {
	x, err := db.writePool("begin")
	if err != nil {
		return err
	}
	t, err := x.BeginTxx(ctx, nil)
	if err != nil {
		return wrapErr("begin", err)
	}
	defer func() {
		if err != nil {
			_ = t.Rollback()
		}
	}()
	if err := fn(t); err != nil {
		return err
	}
	if err := t.Commit(); err != nil {
		return wrapErr("commit", err)
	}
	return nil
}

// SyncAgencies makes the agencies table match the catalogue, so foreign keys
// from users and invites check against the configured agencies. Agencies no
// longer configured are marked inactive, never deleted, because users and
// invites may still reference them. updated_at changes only on rows that
// changed.
func (db *DB) SyncAgencies(ctx context.Context, agencies []coord.Agency) error {
	now := db.Now().UTC()
	return db.writeTx(ctx, func(t *sqlx.Tx) error { return syncAgencies(ctx, t, agencies, now) })
}

func syncAgencies(ctx context.Context, t *sqlx.Tx, agencies []coord.Agency, now time.Time) error {
	upsert := t.Rebind(`INSERT INTO agencies (code, name, kind, coordinator, active, updated_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (code) DO UPDATE SET
    name = excluded.name, kind = excluded.kind, coordinator = excluded.coordinator,
    active = excluded.active, updated_at = excluded.updated_at
WHERE agencies.name <> excluded.name OR agencies.kind <> excluded.kind
    OR agencies.coordinator <> excluded.coordinator OR agencies.active <> excluded.active`)
	codes := make([]string, 0, len(agencies))
	for _, a := range agencies {
		if _, err := t.ExecContext(ctx, upsert, a.Code, a.Name, string(a.Kind), a.Coordinator, true, now); err != nil {
			return wrapErr("upsert agency "+a.Code, err)
		}
		codes = append(codes, a.Code)
	}
	q, args := `UPDATE agencies SET active = ?, updated_at = ? WHERE active = ?`, []any{false, now, true}
	if len(codes) > 0 {
		var err error
		if q, args, err = sqlx.In(q+` AND code NOT IN (?)`, false, now, true, codes); err != nil {
			return fmt.Errorf("build agency deactivation: %w", err)
		}
	}
	if _, err := t.ExecContext(ctx, t.Rebind(q), args...); err != nil {
		return wrapErr("deactivate agencies", err)
	}
	return nil
}

// PruneHandledUpdates forgets handled update ids older than before: Telegram
// redelivers an update for 24 hours at most, so older marks only take space.
func (db *DB) PruneHandledUpdates(ctx context.Context, before time.Time) error {
	x, err := db.writePool("prune handled updates")
	if err != nil {
		return err
	}
	_, err = x.ExecContext(ctx, db.x.Rebind(`DELETE FROM handled_updates WHERE handled_at < ?`), before.UTC())
	if err != nil {
		return wrapErr("prune handled updates", err)
	}
	return nil
}

// PruneOnceKeys forgets Once keys recorded before before.
func (db *DB) PruneOnceKeys(ctx context.Context, before time.Time) error {
	x, err := db.writePool("prune once keys")
	if err != nil {
		return err
	}
	_, err = x.ExecContext(ctx, db.x.Rebind(`DELETE FROM once_keys WHERE at < ?`), before.UTC())
	if err != nil {
		return wrapErr("prune once keys", err)
	}
	return nil
}

// AuditLog lists the newest audit rows first, at most limit of them (all of
// them when limit <= 0), for admins' inspection and for tests.
func (db *DB) AuditLog(ctx context.Context, limit int) ([]coord.AuditEntry, error) {
	q := `SELECT id, at, actor, action, subject,
    COALESCE(before_json, '') AS before_json, COALESCE(after_json, '') AS after_json
FROM audit_log ORDER BY id DESC`
	var args []any
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	var out []coord.AuditEntry
	r, err := db.reader("select audit log")
	if err != nil {
		return nil, err
	}
	if err := r.SelectContext(ctx, &out, db.x.Rebind(q), args...); err != nil {
		return nil, wrapErr("select audit log", err)
	}
	return out, nil
}

// wrapErr names the failed operation. A database that stays locked past the
// busy timeout is reported as EUnavailable, so the officer is told to try
// again later instead of being shown an internal error; one that cannot
// write at all (cannotWrite) is also marked coord.ErrCannotWrite.
func wrapErr(op string, err error) error {
	if cannotWrite(err) {
		return &unwritable{op: op, err: err}
	}
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked) {
		return coord.Wrap(coord.EUnavailable, err, op)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// cannotWrite reports whether err is SQLite failing to write for a reason
// that lasts until an operator acts and then goes by itself: the disk (or
// max_page_count) is full, the file system went read-only, the disk
// fails, or a file (the -wal, a temporary file) cannot be created. It is
// false for an error already marked (markWrite is then a no-op).
func cannotWrite(err error) bool {
	var se sqlite3.Error
	if coord.CannotWrite(err) || !errors.As(err, &se) {
		return false
	}
	switch se.Code {
	case sqlite3.ErrFull, sqlite3.ErrIoErr, sqlite3.ErrReadonly, sqlite3.ErrCantOpen:
		return true
	}
	return false
}

// markWrite marks err with coord.ErrCannotWrite when it is SQLite failing
// to write (cannotWrite) and not marked yet, leaving its message and its
// code otherwise as they were: for the errors fn returns from an Update,
// which are returned unchanged but may carry a statement's failure wrapped
// by the caller.
func markWrite(err error) error {
	if cannotWrite(err) {
		return &unwritable{err: err}
	}
	return err
}

// unwritable is an error of a database that cannot write: it is
// coord.ErrCannotWrite (code EUnavailable) as well as SQLite's error.
type unwritable struct {
	op  string // "" when err is already worded by its caller
	err error
}

func (e *unwritable) Error() string {
	if e.op == "" {
		return e.err.Error()
	}
	return e.op + ": " + e.err.Error()
}

// Unwrap puts err first, so that the code of an *coord.Error the caller
// wrapped around SQLite's error still wins (coord.ErrorCode takes the
// first it finds); ErrCannotWrite gives EUnavailable to the rest.
func (e *unwritable) Unwrap() []error { return []error{e.err, coord.ErrCannotWrite} }

// nullString maps "" to NULL for optional text columns.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// SetMaxPageCount caps the database at n pages (PRAGMA max_page_count) on
// the writer connection, the only one that writes, and returns the cap in
// force: SQLite never sets it below the database's current size, and n <= 0
// only reads it. A write that needs a page past the cap fails with
// SQLITE_FULL ("database or disk is full"), as on a full disk, and is
// reported as coord.ErrCannotWrite; raising the cap again is freeing the
// disk. It is for fault drills (the tests play a tiny disk on the running
// bot with it); the cap lasts as long as the connection, not in the file.
func (db *DB) SetMaxPageCount(ctx context.Context, n int64) (int64, error) {
	x, err := db.writePool("set max_page_count")
	if err != nil {
		return 0, err
	}
	q := `PRAGMA max_page_count`
	if n > 0 {
		q += " = " + strconv.FormatInt(n, 10)
	}
	var got int64
	if err := x.GetContext(ctx, &got, q); err != nil {
		return 0, wrapErr("set max_page_count", err)
	}
	return got, nil
}

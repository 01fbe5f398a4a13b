package sqlite

// Schema migrations: SQL files embedded in the binary, applied in order,
// each in its own transaction, recorded in schema_migrations.

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// LatestSchema is the schema version Open migrates a database to.
func LatestSchema() (int, error) {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0, err
	}
	return ms[len(ms)-1].version, nil
}

// migration is one embedded schema change.
type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	out := make([]migration, 0, len(names))
	seen := map[int]string{}
	for _, name := range names {
		base := filepath.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive version and '_'", base)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migration %s: version %d already used by %s", base, v, prev)
		}
		seen[v] = base
		b, err := migrationFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", base, err)
		}
		out = append(out, migration{version: v, name: base, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// migrate applies, in order and each in its own transaction, the embedded
// migrations not yet recorded in schema_migrations. The check runs inside
// the write transaction, so two processes opening the same file cannot both
// apply a migration.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	if _, err := db.x.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER   NOT NULL PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL
)`); err != nil {
		return wrapErr("create schema_migrations", err)
	}
	for _, m := range ms {
		if err := db.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) apply(ctx context.Context, m migration) (err error) {
	t, err := db.x.BeginTxx(ctx, nil)
	if err != nil {
		return wrapErr("begin migration "+m.name, err)
	}
	defer func() {
		if err != nil {
			_ = t.Rollback()
		}
	}()
	var n int
	if err := t.GetContext(ctx, &n, t.Rebind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), m.version); err != nil {
		return wrapErr("check migration "+m.name, err)
	}
	if n > 0 {
		return t.Rollback()
	}
	if _, err := t.ExecContext(ctx, m.sql); err != nil {
		return wrapErr("apply migration "+m.name, err)
	}
	if _, err := t.ExecContext(ctx, t.Rebind(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`),
		m.version, time.Now().UTC()); err != nil {
		return wrapErr("record migration "+m.name, err)
	}
	if err := t.Commit(); err != nil {
		return wrapErr("commit migration "+m.name, err)
	}
	return nil
}

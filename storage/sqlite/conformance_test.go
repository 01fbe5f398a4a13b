package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/storage/sqlite"
	"github.com/bacgiang/fwbot/storage/storetest"
)

// openStore opens a fresh store at path, closed when the test ends.
func openStore(t *testing.T, path string) coord.Store {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return db
}

// The SQLite store is an AuditReader and an OutboxInspector, so every
// check of the suites runs.
var (
	_ storetest.AuditReader     = (*sqlite.DB)(nil)
	_ storetest.OutboxInspector = (*sqlite.DB)(nil)
)

func TestConformanceFile(t *testing.T) {
	storetest.Run(t, func(t *testing.T) coord.Store {
		return openStore(t, filepath.Join(t.TempDir(), "bot.db"))
	})
}

func TestConformanceMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) coord.Store { return openStore(t, sqlite.Memory) })
}

package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/mattn/go-sqlite3"
)

// Checkpoints. In WAL mode SQLite copies the log back into the database
// file (a checkpoint) once the log passes 1,000 pages, inside whichever
// COMMIT crosses that mark: that update then pays for copying megabytes and
// for two fsyncs, which showed as the slowest percent of updates under load.
// The writer's connections turn automatic checkpoints off, and a goroutine
// checkpoints every checkpointEvery instead. A PASSIVE checkpoint neither
// waits for nor blocks the writer or the readers, and it does not affect
// durability: a committed transaction is safe in the log either way.
//
// Even so, while a checkpoint writes and syncs the files, commits slow down
// for a few milliseconds (under load, the slow updates came exactly every
// 250 ms when it ran that often). Every 5 s keeps that rare, and the log
// small: at a sustained 2,000 updates/s it grows to some 60 MB before it
// is copied back and reused.

// writerDriver is go-sqlite3 with automatic checkpoints turned off on every
// connection it opens, and with secure_delete in its FAST mode: content that
// is deleted or overwritten (a scrubbed invite message) is zeroed inside the
// b-tree pages instead of lingering in their free space, where a copy of the
// file would still show it. FAST costs no extra I/O, only a memset; it leaves
// whole freed pages (the freelist) as they were. journal_size_limit 0
// truncates the write-ahead log each time it restarts after a checkpoint,
// so that the log does not keep the old images of scrubbed pages either
// (a backup of data/ copies it).
const writerDriver = "sqlite3_fwbot_writer"

const checkpointEvery = 5 * time.Second

func init() {
	sql.Register(writerDriver, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec(`PRAGMA wal_autocheckpoint = 0; PRAGMA secure_delete = FAST; PRAGMA journal_size_limit = 0`, nil)
			return err
		},
	})
	sqlx.BindDriver(writerDriver, sqlx.QUESTION)
}

// checkpointer runs PASSIVE checkpoints on its own connection until stop.
type checkpointer struct {
	c    *sqlx.DB
	stop chan struct{}
	done chan struct{}
}

func startCheckpointer(path string, every time.Duration) (*checkpointer, error) {
	c, err := sqlx.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, err
	}
	c.SetMaxOpenConns(1)
	cp := &checkpointer{c: c, stop: make(chan struct{}), done: make(chan struct{})}
	go cp.run(every)
	return cp, nil
}

func (cp *checkpointer) run(every time.Duration) {
	defer close(cp.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-cp.stop:
			return
		case <-t.C:
			// A failure (the database busy in another process, say) is
			// harmless: the log waits for the next tick.
			_, _ = cp.c.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}

// close stops the checkpoints and closes the connection.
func (cp *checkpointer) close() error {
	close(cp.stop)
	<-cp.done
	return cp.c.Close()
}

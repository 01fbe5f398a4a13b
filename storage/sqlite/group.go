package sqlite

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/bacgiang/fwbot/coord"
)

// Group commit. Under load many Updates queue for the one writer connection
// and each paid for its own BEGIN and COMMIT, which wrote the same B-tree
// pages (the handled-update mark, the outbox) to the log again and again:
// the largest single cost of handling an update. Updates that queue up now
// share one transaction. Each runs in its own SAVEPOINT, so a failing fn
// rolls back only its own work, and an Update returns nil only once the
// shared transaction has committed; if the commit fails, every Update in it
// gets the error, so none is recorded as done when it is not. An Update that
// finds nobody waiting commits at once, so a lone update waits for nobody.
//
// maxGroup and maxGroupWait bound how long the first Update of a group
// waits, once its own fn is done, for the ones after it.
const (
	maxGroup     = 16
	maxGroupWait = 3 * time.Millisecond
)

// writer owns the open group transaction; its mutex is held by the Update
// whose fn is running.
type writer struct {
	mu      sync.Mutex
	waiting atomic.Int32 // Updates queued on mu
	cur     *group       // the open transaction, nil between groups
	commits atomic.Int64 // transactions committed, for tests
	fn      fnOwner      // the goroutine running fn, refused the DB itself

	// Bounds of a group; zero means maxGroup and maxGroupWait.
	maxMembers int
	maxWait    time.Duration
}

// group is one transaction shared by Updates that queued together.
type group struct {
	tx        *sqlx.Tx
	members   int           // Updates whose work is in the transaction
	firstDone time.Time     // when the first of them finished its fn
	broken    error         // set when the transaction can no longer commit
	done      chan struct{} // closed when the outcome is known
	err       error         // the outcome: nil once committed
}

// Update runs fn in a write transaction, so everything an update does is
// kept or dropped together; it may share that transaction with Updates
// running at the same time (see above), never with their failures. fn's
// error is returned unchanged (its code reaches the error sink) after its
// work is rolled back, except that a statement's failure to write at all (a
// full disk) is marked coord.ErrCannotWrite however fn wrapped it. If fn
// panics, its work is rolled back while the panic unwinds and the panic
// carries on with its original stack; the same holds for runtime.Goexit
// (t.FailNow in a test).
//
// fn's statements run to completion even if ctx is cancelled meanwhile (a
// statement interrupted half-way would make SQLite roll back the whole shared
// transaction); ctx is checked before fn starts.
func (db *DB) Update(ctx context.Context, fn func(coord.Tx) error) error {
	w := &db.w
	if err := w.fn.check("update"); err != nil {
		return err
	}
	w.waiting.Add(1)
	w.mu.Lock()
	w.waiting.Add(-1)
	if err := ctx.Err(); err != nil {
		db.endTurn(w.cur, false)
		return err
	}
	g, err := db.openGroup()
	if err != nil {
		w.mu.Unlock()
		return err
	}
	finished := false
	defer func() {
		if !finished {
			w.fn.leave()
			// fn panicked or called runtime.Goexit: undo its work, let the
			// others go on, and keep unwinding.
			g.rollbackMember()
			db.endTurn(g, false)
		}
	}()
	if _, err := g.tx.ExecContext(context.Background(), `SAVEPOINT member`); err != nil {
		g.breakWith(wrapErr("begin savepoint", err))
		finished = true
		db.endTurn(g, false)
		return g.broken
	}
	w.fn.enter()
	fnErr := fn(&tx{x: detached{g.tx}})
	w.fn.leave()
	finished = true
	if fnErr != nil {
		g.rollbackMember()
		db.endTurn(g, false)
		return markWrite(fnErr)
	}
	if _, err := g.tx.ExecContext(context.Background(), `RELEASE member`); err != nil {
		// The savepoint is gone: SQLite rolled the whole transaction back
		// under fn (an I/O error, say) and fn carried on regardless.
		g.breakWith(wrapErr("release savepoint", err))
	}
	db.endTurn(g, true)
	<-g.done
	return g.err
}

// openGroup returns the open group, beginning one if there is none. The
// caller holds w.mu.
func (db *DB) openGroup() (*group, error) {
	if g := db.w.cur; g != nil {
		return g, nil
	}
	// The transaction outlives the Update that begins it, so it is not
	// bound to that Update's context. BEGIN IMMEDIATE (the DSN's _txlock)
	// waits at most the busy timeout for another process's writer.
	sqltx, err := db.x.BeginTxx(context.Background(), nil)
	if err != nil {
		return nil, wrapErr("begin", err)
	}
	g := &group{tx: sqltx, done: make(chan struct{})}
	db.w.cur = g
	return g, nil
}

// rollbackMember undoes the work of the member whose fn failed.
func (g *group) rollbackMember() {
	if g.broken != nil {
		return
	}
	if _, err := g.tx.ExecContext(context.Background(), `ROLLBACK TO member`); err != nil {
		g.breakWith(wrapErr("rollback to savepoint", err))
		return
	}
	if _, err := g.tx.ExecContext(context.Background(), `RELEASE member`); err != nil {
		g.breakWith(wrapErr("release savepoint", err))
	}
}

func (g *group) breakWith(err error) {
	if g.broken == nil {
		g.broken = err
	}
}

// endTurn ends the current member's turn and releases w.mu: the group stays
// open for an Update that is waiting, unless it is full, old or broken; else
// it is committed (rolled back if broken) and its members told. kept says
// whether the member's work is in the group. g may be nil (no group open).
func (db *DB) endTurn(g *group, kept bool) {
	w := &db.w
	if g == nil {
		w.mu.Unlock()
		return
	}
	if kept {
		g.members++
		if g.members == 1 {
			g.firstDone = time.Now()
		}
	}
	maxMembers, maxWait := w.maxMembers, w.maxWait
	if maxMembers <= 0 {
		maxMembers = maxGroup
	}
	if maxWait <= 0 {
		maxWait = maxGroupWait
	}
	young := g.members == 0 || time.Since(g.firstDone) < maxWait
	if g.broken == nil && w.waiting.Load() > 0 && g.members < maxMembers && young {
		w.mu.Unlock()
		return
	}
	w.cur = nil
	switch {
	case g.broken != nil:
		_ = g.tx.Rollback()
		g.err = g.broken
	default:
		if err := g.tx.Commit(); err != nil {
			g.err = wrapErr("commit", err)
		} else {
			w.commits.Add(1)
		}
	}
	close(g.done)
	w.mu.Unlock()
}

// detached runs statements with contexts that are never cancelled, for the
// reason Update gives.
type detached struct{ t *sqlx.Tx }

func (d detached) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return d.t.ExecContext(context.WithoutCancel(ctx), q, args...)
}

func (d detached) GetContext(ctx context.Context, dest any, q string, args ...any) error {
	return d.t.GetContext(context.WithoutCancel(ctx), dest, q, args...)
}

func (d detached) SelectContext(ctx context.Context, dest any, q string, args ...any) error {
	return d.t.SelectContext(context.WithoutCancel(ctx), dest, q, args...)
}

func (d detached) QueryxContext(ctx context.Context, q string, args ...any) (*sqlx.Rows, error) {
	return d.t.QueryxContext(context.WithoutCancel(ctx), q, args...)
}

func (d detached) Rebind(q string) string { return d.t.Rebind(q) }

// querier is what a tx needs of its transaction.
type querier interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	GetContext(ctx context.Context, dest any, q string, args ...any) error
	SelectContext(ctx context.Context, dest any, q string, args ...any) error
	QueryxContext(ctx context.Context, q string, args ...any) (*sqlx.Rows, error)
	Rebind(q string) string
}

var (
	_ querier = detached{}
	_ querier = (*sqlx.Tx)(nil)
)

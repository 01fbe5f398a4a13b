package sqlite

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"sync/atomic"

	"github.com/jmoiron/sqlx"
)

// ErrInsideUpdate is returned when an Update's fn uses the DB itself instead
// of the Tx it was given: another Update, a write outside it (SetSetting, an
// outbox mark, a prune), or — on Memory, whose one connection the Update
// holds — any read. On the one writer connection that call would wait for
// the Update that is waiting for it, forever; it fails at once instead, with
// this error, so the mistake shows in the first test that makes it.
var ErrInsideUpdate = errors.New("the database was used from inside an Update: use the Tx that Update gives fn")

// fnOwner records the goroutine running an Update's fn (0 when none), which
// is the one goroutine that must not touch the write pool meanwhile. Only
// that goroutine stores a non-zero value, under the writer's mutex, so a
// caller that reads its own id there is inside fn.
type fnOwner struct{ id atomic.Uint64 }

func (o *fnOwner) enter() { o.id.Store(goroutineID()) }
func (o *fnOwner) leave() { o.id.Store(0) }

// check fails with ErrInsideUpdate when called from inside fn. It costs an
// atomic load when no fn runs, and a short stack read when one does.
func (o *fnOwner) check(op string) error {
	if id := o.id.Load(); id != 0 && id == goroutineID() {
		return fmt.Errorf("%s: %w", op, ErrInsideUpdate)
	}
	return nil
}

// goroutineID reads the calling goroutine's id from the first line of its
// stack trace ("goroutine 123 [running]:"). The runtime offers no other way;
// it is used only to catch the misuse above.
func goroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		return 0
	}
	return id
}

// writePool is the writer connection for a write outside Update, refused
// from inside an Update's fn.
func (db *DB) writePool(op string) (*sqlx.DB, error) {
	if err := db.w.fn.check(op); err != nil {
		return nil, err
	}
	return db.x, nil
}

// reader is the pool for reads outside View: the read pool, so that they
// never hold the one writer connection (the outbox sender reads after every
// commit), or the single connection of Memory, refused from inside an
// Update's fn because that Update holds it.
func (db *DB) reader(op string) (*sqlx.DB, error) {
	if db.r != nil {
		return db.r, nil
	}
	return db.writePool(op)
}

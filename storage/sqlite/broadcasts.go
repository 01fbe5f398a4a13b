package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/bacgiang/fwbot/coord"
)

// broadcastRow is a broadcasts row as scanned.
type broadcastRow struct {
	ID        int64     `db:"id"`
	Title     string    `db:"title"`
	Body      string    `db:"body"`
	Files     string    `db:"files"`
	From      string    `db:"from_agency"`
	CreatedBy int64     `db:"created_by"`
	ChatID    int64     `db:"chat_id"`
	CreatedAt time.Time `db:"created_at"`
}

const broadcastColumns = `id, title, body, files, from_agency, created_by, chat_id, created_at`

func (r broadcastRow) broadcast() (coord.Broadcast, error) {
	b := coord.Broadcast{ID: r.ID, Title: r.Title, Text: r.Body, From: r.From, CreatedBy: r.CreatedBy, ChatID: r.ChatID,
		CreatedAt: r.CreatedAt}
	var err error
	if b.Files, err = decodeFiles(r.Files); err != nil {
		return b, fmt.Errorf("decode broadcast %d files: %w", r.ID, err)
	}
	return b, nil
}

// broadcastTargetRow is a broadcast_targets row as scanned.
type broadcastTargetRow struct {
	BroadcastID int64      `db:"broadcast_id"`
	Agency      string     `db:"agency"`
	Mode        string     `db:"mode"`
	RemindOn    string     `db:"remind_on"`
	ReadBy      *int64     `db:"read_by"`
	ReadAt      *time.Time `db:"read_at"`
	RemindedAt  *time.Time `db:"reminded_at"`
}

const broadcastTargetColumns = `broadcast_id, agency, mode, remind_on, read_by, read_at, reminded_at`

func (r broadcastTargetRow) target() (coord.BroadcastTarget, error) {
	day, err := coord.ParseDate(r.RemindOn)
	if err != nil {
		return coord.BroadcastTarget{}, fmt.Errorf("decode broadcast %d target %s remind day: %w", r.BroadcastID, r.Agency, err)
	}
	return coord.BroadcastTarget{BroadcastID: r.BroadcastID, Agency: r.Agency, Mode: coord.DeliveryMode(r.Mode),
		RemindOn: day, ReadBy: r.ReadBy, ReadAt: r.ReadAt, RemindedAt: r.RemindedAt}, nil
}

// CreateBroadcast stores b and its targets in the caller's transaction.
func (t *tx) CreateBroadcast(ctx context.Context, b *coord.Broadcast) error {
	if strings.TrimSpace(b.Title) == "" || b.From == "" {
		return coord.Errorf(coord.EInvalid, "broadcast without title or sender")
	}
	files, err := encodeFiles(b.Files)
	if err != nil {
		return err
	}
	var id int64
	err = t.x.GetContext(ctx, &id, t.x.Rebind(`INSERT INTO broadcasts (title, body, files, from_agency, created_by, chat_id, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), b.Title, b.Text, files, b.From, b.CreatedBy, b.ChatID, b.CreatedAt.UTC())
	if err != nil {
		return wrapErr("insert broadcast", err)
	}
	b.ID = id
	for i := range b.Targets {
		r := &b.Targets[i]
		r.BroadcastID = id
		_, err := t.x.ExecContext(ctx, t.x.Rebind(`INSERT INTO broadcast_targets (position, `+broadcastTargetColumns+`)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), i, id, r.Agency, string(r.Mode), r.RemindOn.String(), r.ReadBy, utcPtr(r.ReadAt), utcPtr(r.RemindedAt))
		if err != nil {
			return wrapErr("insert broadcast target", err)
		}
	}
	return nil
}

// Broadcast returns coord.ErrNotFound for an unknown number.
func (t *tx) Broadcast(ctx context.Context, id int64) (coord.Broadcast, error) {
	bs, err := t.broadcasts(ctx, `WHERE id = ?`, id)
	if err != nil {
		return coord.Broadcast{}, err
	}
	if len(bs) == 0 {
		return coord.Broadcast{}, coord.ErrNotFound
	}
	return bs[0], nil
}

// Broadcasts lists the matching broadcasts by number.
func (t *tx) Broadcasts(ctx context.Context, f coord.BroadcastFilter) ([]coord.Broadcast, error) {
	var conds []string
	var args []any
	if f.Agency != "" {
		conds = append(conds, `(from_agency = ? OR id IN (SELECT broadcast_id FROM broadcast_targets WHERE agency = ?))`)
		args = append(args, f.Agency, f.Agency)
	}
	if !f.From.IsZero() {
		conds = append(conds, `created_at >= ?`)
		args = append(args, f.From.UTC())
	}
	if !f.Until.IsZero() {
		conds = append(conds, `created_at < ?`)
		args = append(args, f.Until.UTC())
	}
	where := ""
	if len(conds) > 0 {
		where = `WHERE ` + strings.Join(conds, ` AND `)
	}
	return t.broadcasts(ctx, where, args...)
}

func (t *tx) broadcasts(ctx context.Context, where string, args ...any) ([]coord.Broadcast, error) {
	var rows []broadcastRow
	if err := t.x.SelectContext(ctx, &rows, t.x.Rebind(`SELECT `+broadcastColumns+` FROM broadcasts `+where+` ORDER BY id`), args...); err != nil {
		return nil, wrapErr("select broadcasts", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	out := make([]coord.Broadcast, len(rows))
	ids := make([]int64, len(rows))
	at := map[int64]int{}
	for i, r := range rows {
		b, err := r.broadcast()
		if err != nil {
			return nil, err
		}
		out[i], ids[i], at[r.ID] = b, r.ID, i
	}
	// The targets in the order they were named, not by code.
	q, qargs, err := sqlx.In(`SELECT `+broadcastTargetColumns+` FROM broadcast_targets WHERE broadcast_id IN (?) ORDER BY broadcast_id, position`, ids)
	if err != nil {
		return nil, fmt.Errorf("build broadcast targets query: %w", err)
	}
	var trows []broadcastTargetRow
	if err := t.x.SelectContext(ctx, &trows, t.x.Rebind(q), qargs...); err != nil {
		return nil, wrapErr("select broadcast targets", err)
	}
	for _, tr := range trows {
		r, err := tr.target()
		if err != nil {
			return nil, err
		}
		i := at[r.BroadcastID]
		out[i].Targets = append(out[i].Targets, r)
	}
	return out, nil
}

// MarkBroadcastRead marks read with a conditional UPDATE: of two presses
// at once exactly one is recorded, the other is EConflict.
func (t *tx) MarkBroadcastRead(ctx context.Context, id int64, agency string, by int64, at time.Time) error {
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`UPDATE broadcast_targets SET read_by = ?, read_at = ?
WHERE broadcast_id = ? AND agency = ? AND read_at IS NULL`), by, at.UTC(), id, agency)
	if err != nil {
		return wrapErr("mark broadcast read", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrapErr("mark broadcast read", err)
	}
	if n == 1 {
		return nil
	}
	if err := t.broadcastTargetExists(ctx, id, agency); err != nil {
		return err
	}
	return coord.Errorf(coord.EConflict, "broadcast %d already read by %s", id, agency)
}

func (t *tx) broadcastTargetExists(ctx context.Context, id int64, agency string) error {
	var n int
	if err := t.x.GetContext(ctx, &n, t.x.Rebind(`SELECT COUNT(*) FROM broadcast_targets WHERE broadcast_id = ? AND agency = ?`),
		id, agency); err != nil {
		return wrapErr("select broadcast target", err)
	}
	if n == 0 {
		return coord.ErrNotFound
	}
	return nil
}

// BroadcastsToRemind compares the YYYY-MM-DD text, which orders as days do.
func (t *tx) BroadcastsToRemind(ctx context.Context, day coord.Date) ([]coord.BroadcastTarget, error) {
	var rows []broadcastTargetRow
	if err := t.x.SelectContext(ctx, &rows, t.x.Rebind(`SELECT `+broadcastTargetColumns+` FROM broadcast_targets
WHERE read_at IS NULL AND reminded_at IS NULL AND remind_on <= ? ORDER BY broadcast_id, position`), day.String()); err != nil {
		return nil, wrapErr("select broadcast targets to remind", err)
	}
	var out []coord.BroadcastTarget
	for _, tr := range rows {
		r, err := tr.target()
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// MarkBroadcastReminded returns coord.ErrNotFound for an unknown target.
func (t *tx) MarkBroadcastReminded(ctx context.Context, id int64, agency string, at time.Time) error {
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`UPDATE broadcast_targets SET reminded_at = ? WHERE broadcast_id = ? AND agency = ?`),
		at.UTC(), id, agency)
	if err != nil {
		return wrapErr("mark broadcast reminded", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrapErr("mark broadcast reminded", err)
	} else if n == 0 {
		return coord.ErrNotFound
	}
	return nil
}

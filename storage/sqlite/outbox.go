package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/bacgiang/fwbot/coord"
)

// Outbox states, as stored in outbox.state.
const (
	statePending = "pending"
	stateSent    = "sent"
	stateFailed  = "failed"
)

// outboxRow is an outbox row as scanned; coord.OutboxItem carries no db tags
// and its message is stored as JSON.
type outboxRow struct {
	ID         int64          `db:"id"`
	Key        string         `db:"idem_key"`
	Payload    string         `db:"payload"`
	State      string         `db:"state"`
	Attempts   int            `db:"attempts"`
	NotBefore  time.Time      `db:"not_before"`
	CreatedAt  time.Time      `db:"created_at"`
	MessageIDs sql.NullString `db:"message_ids"`
}

const outboxColumns = `id, COALESCE(idem_key, '') AS idem_key, payload, state, attempts, not_before, created_at, message_ids`

func (r outboxRow) item() (coord.OutboxItem, error) {
	var m coord.OutMessage
	if err := json.Unmarshal([]byte(r.Payload), &m); err != nil {
		return coord.OutboxItem{}, fmt.Errorf("decode outbox %d payload: %w", r.ID, err)
	}
	return coord.OutboxItem{
		ID:        r.ID,
		Key:       r.Key,
		Msg:       m,
		Attempts:  r.Attempts,
		NotBefore: r.NotBefore,
		CreatedAt: r.CreatedAt,
	}, nil
}

func encodeMessage(m coord.OutMessage) (string, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("encode outbox payload: %w", err)
	}
	return string(b), nil
}

// PendingOutbox lists undelivered items after afterID, oldest first, at most
// limit of them (all when limit <= 0). Items whose NotBefore is still ahead
// are included: the sender decides when to try them.
func (db *DB) PendingOutbox(ctx context.Context, afterID int64, limit int) ([]coord.OutboxItem, error) {
	q := `SELECT ` + outboxColumns + ` FROM outbox WHERE state = ? AND id > ? ORDER BY id`
	args := []any{statePending, afterID}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	var rows []outboxRow
	r, err := db.reader("select outbox")
	if err != nil {
		return nil, err
	}
	if err := r.SelectContext(ctx, &rows, db.x.Rebind(q), args...); err != nil {
		return nil, wrapErr("select outbox", err)
	}
	out := make([]coord.OutboxItem, 0, len(rows))
	for _, r := range rows {
		it, err := r.item()
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

// OutboxBacklog counts the undelivered items and says when the oldest of
// them was queued (zero when none is), for the operator's metrics: two
// walks of the (state, id) index, however large the delivered history.
func (db *DB) OutboxBacklog(ctx context.Context) (pending int, oldest time.Time, err error) {
	r, err := db.reader("outbox backlog")
	if err != nil {
		return 0, time.Time{}, err
	}
	if err := r.GetContext(ctx, &pending, db.x.Rebind(`SELECT COUNT(*) FROM outbox WHERE state = ?`), statePending); err != nil {
		return 0, time.Time{}, wrapErr("outbox backlog", err)
	}
	if pending == 0 {
		return 0, time.Time{}, nil
	}
	// The lowest id is the oldest queued: ids only grow (AUTOINCREMENT).
	err = r.GetContext(ctx, &oldest, db.x.Rebind(`SELECT created_at FROM outbox WHERE state = ? ORDER BY id LIMIT 1`), statePending)
	if errors.Is(err, sql.ErrNoRows) { // delivered meanwhile
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, wrapErr("outbox backlog", err)
	}
	return pending, oldest, nil
}

// MarkSent records delivery and the Telegram message ids it produced, so
// that later edits can find the messages. When the item has a Ref, each of
// its messages is recorded in sent_messages in the same transaction, so
// MessageRef can route a reply to it; a message already recorded (an edit
// of it, a retry) keeps its first ref. A secret item's payload is scrubbed
// in the same transaction, so its text is gone the moment it is delivered.
func (db *DB) MarkSent(ctx context.Context, id int64, messageIDs []int, at time.Time) error {
	if messageIDs == nil {
		messageIDs = []int{}
	}
	ids, err := json.Marshal(messageIDs)
	if err != nil {
		return fmt.Errorf("encode message ids: %w", err)
	}
	return db.writeTx(ctx, func(t *sqlx.Tx) error { return markSent(ctx, t, id, string(ids), messageIDs, at) })
}

func markSent(ctx context.Context, t *sqlx.Tx, id int64, ids string, messageIDs []int, at time.Time) error {
	var sent struct {
		ChatID  int64          `db:"chat_id"`
		Ref     sql.NullString `db:"ref"`
		Payload string         `db:"payload"`
	}
	err := t.GetContext(ctx, &sent, t.Rebind(`UPDATE outbox SET state = ?, sent_at = ?, message_ids = ? WHERE id = ?
RETURNING chat_id, ref, payload`), stateSent, at.UTC(), ids, id)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.ErrNotFound
	}
	if err != nil {
		return wrapErr("mark outbox sent", err)
	}
	if sent.Ref.Valid {
		insert := t.Rebind(`INSERT INTO sent_messages (chat_id, message_id, ref) VALUES (?, ?, ?)
ON CONFLICT (chat_id, message_id) DO NOTHING`)
		for _, mid := range messageIDs {
			if _, err := t.ExecContext(ctx, insert, sent.ChatID, mid, sent.Ref.String); err != nil {
				return wrapErr("insert sent message", err)
			}
		}
	}
	return scrubSecret(ctx, t, id, sent.Payload)
}

// MarkRetry records a failed attempt and when to try again; the item stays
// pending.
func (db *DB) MarkRetry(ctx context.Context, id int64, attempts int, notBefore time.Time, lastErr string) error {
	return db.updateOne(ctx, "mark outbox retry",
		`UPDATE outbox SET attempts = ?, not_before = ?, last_error = ? WHERE id = ?`,
		attempts, notBefore.UTC(), lastErr, id)
}

// MarkFailed gives up on an item; the row stays for inspection with its last
// error and the time it was given up. A secret item's payload is scrubbed
// as on delivery: nobody will send it any more, so nothing needs its text.
func (db *DB) MarkFailed(ctx context.Context, id int64, attempts int, lastErr string, at time.Time) error {
	return db.writeTx(ctx, func(t *sqlx.Tx) error { return markFailed(ctx, t, id, attempts, lastErr, at) })
}

func markFailed(ctx context.Context, t querier, id int64, attempts int, lastErr string, at time.Time) error {
	var payload string
	err := t.GetContext(ctx, &payload, t.Rebind(`UPDATE outbox SET state = ?, attempts = ?, last_error = ?, failed_at = ? WHERE id = ?
RETURNING payload`), stateFailed, attempts, lastErr, at.UTC(), id)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.ErrNotFound
	}
	if err != nil {
		return wrapErr("mark outbox failed", err)
	}
	return scrubSecret(ctx, t, id, payload)
}

// scrubSecret replaces the payload of outbox row id with its scrubbed form
// when the message it holds (payload, as read in t) is secret. Every
// delivery passes here, so the flag is read alone first: a digest's long
// text is not copied only to learn that it is not secret.
func scrubSecret(ctx context.Context, t querier, id int64, payload string) error {
	var flag struct {
		Secret bool `json:"secret"`
	}
	if err := json.Unmarshal([]byte(payload), &flag); err != nil {
		return fmt.Errorf("decode outbox %d payload: %w", id, err)
	}
	if !flag.Secret {
		return nil
	}
	var m coord.OutMessage
	if err := json.Unmarshal([]byte(payload), &m); err != nil {
		return fmt.Errorf("decode outbox %d payload: %w", id, err)
	}
	scrubbed, err := encodeMessage(m.Scrubbed())
	if err != nil {
		return err
	}
	if _, err := t.ExecContext(ctx, t.Rebind(`UPDATE outbox SET payload = ? WHERE id = ?`), scrubbed, id); err != nil {
		return wrapErr("scrub outbox payload", err)
	}
	return nil
}

// pruneBatch bounds the rows one statement of PruneOutbox deletes, so that
// the first prune of a long history does not hold the one writer connection
// for seconds while updates wait behind it.
const pruneBatch = 1000

// pruneOutboxQuery deletes one batch of delivered items sent before a time
// (state, time, batch size); the index of migration 0007 finds them.
const pruneOutboxQuery = `DELETE FROM outbox WHERE id IN
    (SELECT id FROM outbox WHERE state = ? AND sent_at < ? LIMIT ?)`

// PruneOutbox deletes delivered items sent before before, a batch at a
// time; without it the outbox only grows. Pending items are still owed to
// Telegram and failed ones are kept for inspection. Nothing refers to outbox
// ids: replies are routed through sent_messages, which is kept, and ids are
// AUTOINCREMENT, so the sender's "id > afterID" cursor never meets a reused
// id even when the newest rows are deleted.
func (db *DB) PruneOutbox(ctx context.Context, before time.Time) error {
	x, err := db.writePool("prune outbox")
	if err != nil {
		return err
	}
	q := db.x.Rebind(pruneOutboxQuery)
	for {
		res, err := x.ExecContext(ctx, q, stateSent, before.UTC(), pruneBatch)
		if err != nil {
			return wrapErr("prune outbox", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return wrapErr("prune outbox", err)
		}
		if n < pruneBatch {
			return nil
		}
	}
}

// updateOne runs an UPDATE meant to change one row and reports a missing row
// as coord.ErrNotFound, so a caller acting on a stale id finds out.
func (db *DB) updateOne(ctx context.Context, op, q string, args ...any) error {
	x, err := db.writePool(op)
	if err != nil {
		return err
	}
	res, err := x.ExecContext(ctx, db.x.Rebind(q), args...)
	if err != nil {
		return wrapErr(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrapErr(op, err)
	}
	if n == 0 {
		return coord.ErrNotFound
	}
	return nil
}

// OutboxItemByKey finds the item queued under an idempotency key with its
// delivery state ("pending", "sent" or "failed") and the message ids Telegram
// returned, so that tests can check what was queued and what became of it. It returns coord.ErrNotFound for an unknown key.
func (db *DB) OutboxItemByKey(ctx context.Context, key string) (item coord.OutboxItem, state string, messageIDs []int, err error) {
	var r outboxRow
	rd, err := db.reader("select outbox")
	if err != nil {
		return coord.OutboxItem{}, "", nil, err
	}
	err = rd.GetContext(ctx, &r, db.x.Rebind(`SELECT `+outboxColumns+` FROM outbox WHERE idem_key = ?`), key)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.OutboxItem{}, "", nil, coord.ErrNotFound
	}
	if err != nil {
		return coord.OutboxItem{}, "", nil, wrapErr("select outbox", err)
	}
	item, err = r.item()
	if err != nil {
		return coord.OutboxItem{}, "", nil, err
	}
	if r.MessageIDs.Valid {
		if err := json.Unmarshal([]byte(r.MessageIDs.String), &messageIDs); err != nil {
			return coord.OutboxItem{}, "", nil, fmt.Errorf("decode outbox %d message ids: %w", r.ID, err)
		}
	}
	return item, r.State, messageIDs, nil
}

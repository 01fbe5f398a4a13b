package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// tx is the store inside one Update transaction.
type tx struct {
	x querier
}

// MarkUpdateHandled relies on the primary key: the INSERT adds no row when
// the update id is already there, so a redelivered update is seen as such
// even when two workers race.
func (t *tx) MarkUpdateHandled(ctx context.Context, updateID int64, at time.Time) (bool, error) {
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`INSERT INTO handled_updates (update_id, handled_at) VALUES (?, ?)
ON CONFLICT (update_id) DO NOTHING`), updateID, at.UTC())
	if err != nil {
		return false, wrapErr("insert handled update", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, wrapErr("insert handled update", err)
	}
	return n == 1, nil
}

// Once records key; first is false when it was recorded before.
func (t *tx) Once(ctx context.Context, key string, at time.Time) (bool, error) {
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`INSERT INTO once_keys (key, at) VALUES (?, ?)
ON CONFLICT (key) DO NOTHING`), key, at.UTC())
	if err != nil {
		return false, wrapErr("insert once key", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, wrapErr("insert once key", err)
	}
	return n == 1, nil
}

const userColumns = `telegram_id, agency, role, lang, name, username, created_at, updated_at, revoked_at`

// User returns coord.ErrNotFound for a person who never enrolled; a revoked
// person's record is returned with RevokedAt set.
func (t *tx) User(ctx context.Context, telegramID int64) (coord.User, error) {
	var u coord.User
	err := t.x.GetContext(ctx, &u, t.x.Rebind(`SELECT `+userColumns+` FROM users WHERE telegram_id = ?`), telegramID)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.User{}, coord.ErrNotFound
	}
	if err != nil {
		return coord.User{}, wrapErr("select user", err)
	}
	return u, nil
}

// PutUser stores u as given, created_at and revoked_at included: a replaced
// row is exactly the User the caller passed (so a re-enrolment, which passes
// no RevokedAt, gives access back).
func (t *tx) PutUser(ctx context.Context, u coord.User) error {
	var revokedAt *time.Time
	if u.RevokedAt != nil {
		r := u.RevokedAt.UTC()
		revokedAt = &r
	}
	_, err := t.x.ExecContext(ctx, t.x.Rebind(`INSERT INTO users (`+userColumns+`)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (telegram_id) DO UPDATE SET
    agency = excluded.agency, role = excluded.role, lang = excluded.lang, name = excluded.name,
    username = excluded.username, created_at = excluded.created_at, updated_at = excluded.updated_at,
    revoked_at = excluded.revoked_at`),
		u.TelegramID, u.Agency, string(u.Role), string(u.Lang), u.Name, u.Username, u.CreatedAt.UTC(), u.UpdatedAt.UTC(), revokedAt)
	if err != nil {
		return wrapErr("upsert user", err)
	}
	return nil
}

// UsersOf lists an agency's enrolled people in a stable order (by Telegram
// id); revoked people are left out.
func (t *tx) UsersOf(ctx context.Context, agency string) ([]coord.User, error) {
	var out []coord.User
	err := t.x.SelectContext(ctx, &out, t.x.Rebind(`SELECT `+userColumns+` FROM users
WHERE agency = ? AND revoked_at IS NULL ORDER BY telegram_id`), agency)
	if err != nil {
		return nil, wrapErr("select users", err)
	}
	return out, nil
}

const inviteColumns = `id, code_hash, agency, role, created_by, created_at, expires_at, used_by, used_at`

// CreateInvite stores inv and sets inv.ID.
func (t *tx) CreateInvite(ctx context.Context, inv *coord.Invite) error {
	var usedAt *time.Time
	if inv.UsedAt != nil {
		u := inv.UsedAt.UTC()
		usedAt = &u
	}
	// RETURNING works in SQLite ≥ 3.35 and PostgreSQL alike, unlike
	// LastInsertId.
	err := t.x.GetContext(ctx, &inv.ID, t.x.Rebind(`INSERT INTO invites
    (code_hash, agency, role, created_by, created_at, expires_at, used_by, used_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		inv.CodeHash, inv.Agency, string(inv.Role), inv.CreatedBy, inv.CreatedAt.UTC(), inv.ExpiresAt.UTC(), inv.UsedBy, usedAt)
	if err != nil {
		return wrapErr("insert invite", err)
	}
	return nil
}

// InviteByHash returns coord.ErrNotFound for a code that was never issued.
func (t *tx) InviteByHash(ctx context.Context, codeHash string) (coord.Invite, error) {
	var inv coord.Invite
	err := t.x.GetContext(ctx, &inv, t.x.Rebind(`SELECT `+inviteColumns+` FROM invites WHERE code_hash = ?`), codeHash)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.Invite{}, coord.ErrNotFound
	}
	if err != nil {
		return coord.Invite{}, wrapErr("select invite", err)
	}
	return inv, nil
}

// MarkInviteUsed claims the invite with a conditional UPDATE, so of two
// officers racing with the same code exactly one wins.
func (t *tx) MarkInviteUsed(ctx context.Context, id, usedBy int64, at time.Time) error {
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`UPDATE invites SET used_by = ?, used_at = ? WHERE id = ? AND used_by IS NULL`),
		usedBy, at.UTC(), id)
	if err != nil {
		return wrapErr("update invite", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrapErr("update invite", err)
	}
	if n == 1 {
		return nil
	}
	var exists int
	err = t.x.GetContext(ctx, &exists, t.x.Rebind(`SELECT COUNT(*) FROM invites WHERE id = ?`), id)
	if err != nil {
		return wrapErr("select invite", err)
	}
	if exists == 0 {
		return coord.ErrNotFound
	}
	return coord.Errorf(coord.EConflict, "invite %d already used", id)
}

const bindingColumns = `chat_id, code, title, bound_by, bound_at, thread_id`

// Binding returns coord.ErrNotFound for a group that is not bound.
func (t *tx) Binding(ctx context.Context, chatID int64) (coord.ChatBinding, error) {
	return t.binding(ctx, `chat_id = ?`, chatID)
}

// BindingOf returns coord.ErrNotFound when no group is bound under code.
func (t *tx) BindingOf(ctx context.Context, code string) (coord.ChatBinding, error) {
	return t.binding(ctx, `code = ?`, code)
}

func (t *tx) binding(ctx context.Context, where string, arg any) (coord.ChatBinding, error) {
	var b coord.ChatBinding
	err := t.x.GetContext(ctx, &b, t.x.Rebind(`SELECT `+bindingColumns+` FROM chat_bindings WHERE `+where), arg)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.ChatBinding{}, coord.ErrNotFound
	}
	if err != nil {
		return coord.ChatBinding{}, wrapErr("select binding", err)
	}
	return b, nil
}

// Bind keeps one group per code and one code per group: it deletes the
// bindings of the same chat or the same code, returns them so the caller can
// audit and announce the change, and inserts b.
func (t *tx) Bind(ctx context.Context, b coord.ChatBinding) ([]coord.ChatBinding, error) {
	var replaced []coord.ChatBinding
	err := t.x.SelectContext(ctx, &replaced, t.x.Rebind(`SELECT `+bindingColumns+` FROM chat_bindings
WHERE chat_id = ? OR code = ? ORDER BY chat_id`), b.ChatID, b.Code)
	if err != nil {
		return nil, wrapErr("select bindings", err)
	}
	if len(replaced) > 0 {
		_, err := t.x.ExecContext(ctx, t.x.Rebind(`DELETE FROM chat_bindings WHERE chat_id = ? OR code = ?`), b.ChatID, b.Code)
		if err != nil {
			return nil, wrapErr("delete bindings", err)
		}
	}
	_, err = t.x.ExecContext(ctx, t.x.Rebind(`INSERT INTO chat_bindings (`+bindingColumns+`) VALUES (?, ?, ?, ?, ?, ?)`),
		b.ChatID, b.Code, b.Title, b.BoundBy, b.BoundAt.UTC(), b.ThreadID)
	if err != nil {
		return nil, wrapErr("insert binding", err)
	}
	return replaced, nil
}

// Unbind deletes the binding of code and returns it, for the caller to
// audit and announce.
func (t *tx) Unbind(ctx context.Context, code string) (coord.ChatBinding, error) {
	b, err := t.BindingOf(ctx, code)
	if err != nil {
		return coord.ChatBinding{}, err
	}
	if _, err := t.x.ExecContext(ctx, t.x.Rebind(`DELETE FROM chat_bindings WHERE code = ?`), code); err != nil {
		return coord.ChatBinding{}, wrapErr("delete binding", err)
	}
	return b, nil
}

// Audit appends e; empty Before or After are stored as NULL (no document).
func (t *tx) Audit(ctx context.Context, e coord.AuditEntry) error {
	_, err := t.x.ExecContext(ctx, t.x.Rebind(`INSERT INTO audit_log (at, actor, action, subject, before_json, after_json)
VALUES (?, ?, ?, ?, ?, ?)`), e.At.UTC(), e.Actor, e.Action, e.Subject, nullString(e.Before), nullString(e.After))
	if err != nil {
		return wrapErr("insert audit", err)
	}
	return nil
}

// TakePending marks chat's pending items failed with reason, scrubbing
// secrets as MarkFailed does, and returns them as they were (secrets
// whole: the caller re-routes them), oldest first.
func (t *tx) TakePending(ctx context.Context, chatID int64, reason string, at time.Time) ([]coord.OutboxItem, error) {
	var rows []outboxRow
	if err := t.x.SelectContext(ctx, &rows, t.x.Rebind(`SELECT `+outboxColumns+` FROM outbox
WHERE state = ? AND chat_id = ? ORDER BY id`), statePending, chatID); err != nil {
		return nil, wrapErr("select outbox of chat", err)
	}
	out := make([]coord.OutboxItem, 0, len(rows))
	for _, r := range rows {
		it, err := r.item()
		if err != nil {
			return nil, err
		}
		if err := markFailed(ctx, t.x, r.ID, r.Attempts, reason, at); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

// Enqueue inserts m as pending. A non-empty key goes into the UNIQUE
// idem_key column, so a second Enqueue with the same key inserts nothing and
// returns the first row's id with queued=false; an empty key is stored as
// NULL, which never collides. m.Ref goes into the ref column (NULL when
// empty), for MarkSent to record against the messages it produces. An
// empty m.Lane is taken from ctx (coord.WithLane). A message that posts
// in a group without naming a topic goes to the topic the group was bound
// from (coord.OutMessage.ThreadID).
func (t *tx) Enqueue(ctx context.Context, key string, m coord.OutMessage, at time.Time) (int64, bool, error) {
	if m.Lane == "" {
		m.Lane = coord.LaneOf(ctx)
	}
	if m.ThreadID == 0 && m.ChatID < 0 && m.Posts() {
		// Group ids are negative; a private chat has no topics to look up.
		err := t.x.GetContext(ctx, &m.ThreadID, t.x.Rebind(`SELECT thread_id FROM chat_bindings WHERE chat_id = ?`), m.ChatID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, false, wrapErr("select binding topic", err)
		}
	}
	payload, err := encodeMessage(m)
	if err != nil {
		return 0, false, err
	}
	at = at.UTC()
	var id int64
	err = t.x.GetContext(ctx, &id, t.x.Rebind(`INSERT INTO outbox
    (idem_key, chat_id, payload, state, attempts, not_before, created_at, last_error, ref)
VALUES (?, ?, ?, 'pending', 0, ?, ?, '', ?)
ON CONFLICT (idem_key) DO NOTHING RETURNING id`), nullString(key), m.ChatID, payload, at, at, nullString(m.Ref))
	if err == nil {
		return id, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) || key == "" {
		return 0, false, wrapErr("insert outbox", err)
	}
	// The key is taken: this message was queued before.
	if err := t.x.GetContext(ctx, &id, t.x.Rebind(`SELECT id FROM outbox WHERE idem_key = ?`), key); err != nil {
		return 0, false, wrapErr(fmt.Sprintf("select outbox key %q", key), err)
	}
	return id, false, nil
}

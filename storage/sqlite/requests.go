package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/bacgiang/fwbot/coord"
)

// requestRow is a requests row as scanned; coord.Request carries no db tags,
// keeps its due day as a coord.Date and its files as a slice.
type requestRow struct {
	ID        int64     `db:"id"`
	Type      string    `db:"type"`
	From      string    `db:"from_agency"`
	To        string    `db:"to_agency"`
	Subject   string    `db:"subject"`
	Body      string    `db:"body"`
	DueDate   string    `db:"due_date"`
	State     string    `db:"state"`
	CreatedBy int64     `db:"created_by"`
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
	Files     string    `db:"files"`
}

const requestColumns = `id, type, from_agency, to_agency, subject, body, due_date, state,
    created_by, created_at, updated_at, files`

func (r requestRow) request() (coord.Request, error) {
	due, err := coord.ParseDate(r.DueDate)
	if err != nil {
		return coord.Request{}, fmt.Errorf("decode request %d due date: %w", r.ID, err)
	}
	files, err := decodeFiles(r.Files)
	if err != nil {
		return coord.Request{}, fmt.Errorf("decode request %d files: %w", r.ID, err)
	}
	return coord.Request{
		ID: r.ID, Type: coord.RequestType(r.Type), From: r.From, To: r.To, Subject: r.Subject, Body: r.Body,
		Due: due, State: coord.RequestState(r.State), CreatedBy: r.CreatedBy,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Files: files,
	}, nil
}

// eventRow is a request_events row as scanned.
type eventRow struct {
	ID          int64     `db:"id"`
	RequestID   int64     `db:"request_id"`
	At          time.Time `db:"at"`
	Actor       int64     `db:"actor"`
	ActorAgency string    `db:"actor_agency"`
	Action      string    `db:"action"`
	Text        string    `db:"text"`
	Files       string    `db:"files"`
}

const eventColumns = `id, request_id, at, actor, actor_agency, action, text, files`

func (r eventRow) event() (coord.RequestEvent, error) {
	files, err := decodeFiles(r.Files)
	if err != nil {
		return coord.RequestEvent{}, fmt.Errorf("decode request event %d files: %w", r.ID, err)
	}
	return coord.RequestEvent{
		ID: r.ID, RequestID: r.RequestID, At: r.At, Actor: r.Actor, ActorAgency: r.ActorAgency,
		Action: coord.RequestAction(r.Action), Text: r.Text, Files: files,
	}, nil
}

// encodeFiles writes files as a JSON array; no files is "[]", never NULL.
func encodeFiles(files []coord.FileRef) (string, error) {
	if len(files) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(files)
	if err != nil {
		return "", fmt.Errorf("encode files: %w", err)
	}
	return string(b), nil
}

// decodeFiles reads a JSON array of files; an empty array gives nil, so a
// request stored without files reads back as it was built.
func decodeFiles(s string) ([]coord.FileRef, error) {
	var files []coord.FileRef
	if err := json.Unmarshal([]byte(s), &files); err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, nil
	}
	return files, nil
}

// CreateRequest stores r and sets r.ID, the number officers see. Due is
// stored as its YYYY-MM-DD text and must be set. A zero UpdatedAt is taken
// to be CreatedAt, and r says so once the row is in.
func (t *tx) CreateRequest(ctx context.Context, r *coord.Request) error {
	if r.Due.IsZero() {
		return coord.Errorf(coord.EInvalid, "request from %s to %s has no due date", r.From, r.To)
	}
	files, err := encodeFiles(r.Files)
	if err != nil {
		return err
	}
	updated := r.UpdatedAt
	if updated.IsZero() {
		updated = r.CreatedAt
	}
	var id int64
	err = t.x.GetContext(ctx, &id, t.x.Rebind(`INSERT INTO requests
    (type, from_agency, to_agency, subject, body, due_date, state, created_by, created_at, updated_at, files)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		string(r.Type), r.From, r.To, r.Subject, r.Body, r.Due.String(), string(r.State), r.CreatedBy,
		r.CreatedAt.UTC(), updated.UTC(), files)
	if err != nil {
		return wrapErr("insert request", err)
	}
	r.ID, r.UpdatedAt = id, updated
	return nil
}

// Request returns coord.ErrNotFound for an unknown number.
func (t *tx) Request(ctx context.Context, id int64) (coord.Request, error) {
	var r requestRow
	err := t.x.GetContext(ctx, &r, t.x.Rebind(`SELECT `+requestColumns+` FROM requests WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.Request{}, coord.ErrNotFound
	}
	if err != nil {
		return coord.Request{}, wrapErr("select request", err)
	}
	return r.request()
}

// Requests lists the matching requests by number. Agency matches either
// side; DueBefore compares the YYYY-MM-DD text, which orders as the days do.
func (t *tx) Requests(ctx context.Context, f coord.RequestFilter) ([]coord.Request, error) {
	var conds []string
	var args []any
	if f.Agency != "" {
		conds = append(conds, `(from_agency = ? OR to_agency = ?)`)
		args = append(args, f.Agency, f.Agency)
	}
	for _, c := range []struct {
		col, val string
	}{{"from_agency", f.From}, {"to_agency", f.To}} {
		if c.val != "" {
			conds = append(conds, c.col+` = ?`)
			args = append(args, c.val)
		}
	}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, s := range f.States {
			states[i] = string(s)
		}
		conds = append(conds, `state IN (?)`)
		args = append(args, states)
	}
	if !f.DueBefore.IsZero() {
		conds = append(conds, `due_date < ?`)
		args = append(args, f.DueBefore.String())
	}
	q := `SELECT ` + requestColumns + ` FROM requests`
	if len(conds) > 0 {
		q += ` WHERE ` + strings.Join(conds, ` AND `)
	}
	q += ` ORDER BY id`
	q, args, err := sqlx.In(q, args...)
	if err != nil {
		return nil, fmt.Errorf("build request query: %w", err)
	}
	var rows []requestRow
	if err := t.x.SelectContext(ctx, &rows, t.x.Rebind(q), args...); err != nil {
		return nil, wrapErr("select requests", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	out := make([]coord.Request, len(rows))
	for i, r := range rows {
		if out[i], err = r.request(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SetRequestState moves the request with a conditional UPDATE, so of two
// officers acting on the same request at once exactly one wins; the other
// gets EConflict and can be told the request's new state.
func (t *tx) SetRequestState(ctx context.Context, id int64, from, to coord.RequestState, at time.Time) error {
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`UPDATE requests SET state = ?, updated_at = ?
WHERE id = ? AND state = ?`), string(to), at.UTC(), id, string(from))
	if err != nil {
		return wrapErr("update request state", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrapErr("update request state", err)
	}
	if n == 1 {
		return nil
	}
	var state string
	err = t.x.GetContext(ctx, &state, t.x.Rebind(`SELECT state FROM requests WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.ErrNotFound
	}
	if err != nil {
		return wrapErr("select request state", err)
	}
	return coord.Errorf(coord.EConflict, "request %d is %s, not %s", id, state, from)
}

// AddRequestEvent appends e to its request's history and sets e.ID.
func (t *tx) AddRequestEvent(ctx context.Context, e *coord.RequestEvent) error {
	files, err := encodeFiles(e.Files)
	if err != nil {
		return err
	}
	err = t.x.GetContext(ctx, &e.ID, t.x.Rebind(`INSERT INTO request_events
    (request_id, at, actor, actor_agency, action, text, files)
VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		e.RequestID, e.At.UTC(), e.Actor, e.ActorAgency, string(e.Action), e.Text, files)
	if err != nil {
		return wrapErr("insert request event", err)
	}
	return nil
}

// RequestEvents lists a request's history in the order it was recorded.
func (t *tx) RequestEvents(ctx context.Context, requestID int64) ([]coord.RequestEvent, error) {
	var rows []eventRow
	err := t.x.SelectContext(ctx, &rows, t.x.Rebind(`SELECT `+eventColumns+` FROM request_events
WHERE request_id = ? ORDER BY id`), requestID)
	if err != nil {
		return nil, wrapErr("select request events", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	out := make([]coord.RequestEvent, len(rows))
	for i, r := range rows {
		if out[i], err = r.event(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// MessageRef returns the Ref of the outbox item that produced the message,
// as MarkSent recorded it, or coord.ErrNotFound for a message that had none
// (or was not sent by the bot).
func (t *tx) MessageRef(ctx context.Context, chatID int64, messageID int) (string, error) {
	var ref string
	err := t.x.GetContext(ctx, &ref, t.x.Rebind(`SELECT ref FROM sent_messages WHERE chat_id = ? AND message_id = ?`),
		chatID, messageID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", coord.ErrNotFound
	}
	if err != nil {
		return "", wrapErr("select message ref", err)
	}
	return ref, nil
}

// MessagesOfRef lists the messages MarkSent recorded under ref, in the order
// they were recorded (the index sent_messages_ref serves it).
func (t *tx) MessagesOfRef(ctx context.Context, ref string) ([]coord.SentMessage, error) {
	var out []coord.SentMessage
	err := t.x.SelectContext(ctx, &out, t.x.Rebind(`SELECT chat_id, message_id FROM sent_messages WHERE ref = ? ORDER BY rowid`), ref)
	if err != nil {
		return nil, wrapErr("select messages of ref", err)
	}
	return out, nil
}

// RequestCounts aggregates open requests per agency in SQL, so the weekly
// digest does not read thousands of rows.
func (t *tx) RequestCounts(ctx context.Context, today coord.Date) (map[string]coord.RequestCount, error) {
	var rows []struct {
		Agency  string `db:"agency"`
		Side    string `db:"side"`
		Total   int    `db:"total"`
		Overdue int    `db:"overdue"`
	}
	q := `SELECT to_agency AS agency, 'in' AS side, COUNT(*) AS total,
       COALESCE(SUM(CASE WHEN due_date < ? THEN 1 ELSE 0 END), 0) AS overdue
  FROM requests WHERE state IN (?) GROUP BY to_agency
UNION ALL
SELECT from_agency AS agency, 'out' AS side, COUNT(*) AS total,
       COALESCE(SUM(CASE WHEN due_date < ? THEN 1 ELSE 0 END), 0) AS overdue
  FROM requests WHERE state IN (?) GROUP BY from_agency`
	q, args, err := sqlx.In(q, today.String(), coord.OpenStates, today.String(), coord.OpenStates)
	if err != nil {
		return nil, fmt.Errorf("build request counts: %w", err)
	}
	if err := t.x.SelectContext(ctx, &rows, t.x.Rebind(q), args...); err != nil {
		return nil, wrapErr("count requests", err)
	}
	out := map[string]coord.RequestCount{}
	for _, r := range rows {
		c := out[r.Agency]
		if r.Side == "in" {
			c.In, c.InOverdue = r.Total, r.Overdue
		} else {
			c.Out, c.OutOverdue = r.Total, r.Overdue
		}
		out[r.Agency] = c
	}
	return out, nil
}

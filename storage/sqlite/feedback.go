package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// feedbackRow is a feedback row as scanned.
type feedbackRow struct {
	ID            int64        `db:"id"`
	Agency        string       `db:"agency"`
	Subject       string       `db:"subject"`
	Body          string       `db:"body"`
	Files         string       `db:"files"`
	State         string       `db:"state"`
	Response      string       `db:"response"`
	ResponseFiles string       `db:"response_files"`
	RespondedBy   int64        `db:"responded_by"`
	RespondedAt   sql.NullTime `db:"responded_at"`
	CreatedBy     int64        `db:"created_by"`
	ChatID        int64        `db:"chat_id"`
	CreatedAt     time.Time    `db:"created_at"`
	UpdatedAt     time.Time    `db:"updated_at"`
	Version       int          `db:"version"`
}

const feedbackColumns = `id, agency, subject, body, files, state, response, response_files, responded_by, responded_at,
    created_by, chat_id, created_at, updated_at, version`

func (r feedbackRow) feedback() (coord.Feedback, error) {
	f := coord.Feedback{ID: r.ID, Agency: r.Agency, Subject: r.Subject, Text: r.Body, State: coord.FeedbackState(r.State),
		Response: r.Response, RespondedBy: r.RespondedBy, CreatedBy: r.CreatedBy, ChatID: r.ChatID,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Version: r.Version}
	if r.RespondedAt.Valid {
		f.RespondedAt = r.RespondedAt.Time
	}
	var err error
	if f.Files, err = decodeFiles(r.Files); err != nil {
		return f, fmt.Errorf("decode feedback %d files: %w", r.ID, err)
	}
	if f.ResponseFiles, err = decodeFiles(r.ResponseFiles); err != nil {
		return f, fmt.Errorf("decode feedback %d response files: %w", r.ID, err)
	}
	return f, nil
}

// CreateFeedback stores f and sets its number and first version.
func (t *tx) CreateFeedback(ctx context.Context, f *coord.Feedback) error {
	if !f.State.Valid() {
		return coord.Errorf(coord.EInvalid, "feedback state %q", f.State)
	}
	files, err := encodeFiles(f.Files)
	if err != nil {
		return err
	}
	respFiles, err := encodeFiles(f.ResponseFiles)
	if err != nil {
		return err
	}
	updated := f.UpdatedAt
	if updated.IsZero() {
		updated = f.CreatedAt
	}
	var id int64
	err = t.x.GetContext(ctx, &id, t.x.Rebind(`INSERT INTO feedback
    (agency, subject, body, files, state, response, response_files, responded_by, responded_at, created_by, chat_id,
     created_at, updated_at, version)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`),
		f.Agency, f.Subject, f.Text, files, string(f.State), f.Response, respFiles, f.RespondedBy, nullInstant(f.RespondedAt),
		f.CreatedBy, f.ChatID, f.CreatedAt.UTC(), updated.UTC())
	if err != nil {
		return wrapErr("insert feedback", err)
	}
	f.ID, f.UpdatedAt, f.Version = id, updated, 1
	return nil
}

// Feedback returns coord.ErrNotFound for an unknown number.
func (t *tx) Feedback(ctx context.Context, id int64) (coord.Feedback, error) {
	var r feedbackRow
	err := t.x.GetContext(ctx, &r, t.x.Rebind(`SELECT `+feedbackColumns+` FROM feedback WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.Feedback{}, coord.ErrNotFound
	}
	if err != nil {
		return coord.Feedback{}, wrapErr("select feedback", err)
	}
	return r.feedback()
}

// FeedbacksBetween lists the items received in [from, until), by number.
func (t *tx) FeedbacksBetween(ctx context.Context, from, until time.Time) ([]coord.Feedback, error) {
	return t.feedbacks(ctx, `created_at >= ? AND created_at < ?`, from.UTC(), until.UTC())
}

// OpenFeedbacks lists the items still open, by number.
func (t *tx) OpenFeedbacks(ctx context.Context) ([]coord.Feedback, error) {
	return t.feedbacks(ctx, `state = ?`, string(coord.FeedbackOpen))
}

func (t *tx) feedbacks(ctx context.Context, where string, args ...any) ([]coord.Feedback, error) {
	var rows []feedbackRow
	if err := t.x.SelectContext(ctx, &rows, t.x.Rebind(`SELECT `+feedbackColumns+` FROM feedback WHERE `+where+` ORDER BY id`), args...); err != nil {
		return nil, wrapErr("select feedback", err)
	}
	var out []coord.Feedback
	for _, r := range rows {
		f, err := r.feedback()
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// SaveFeedback writes f if nobody saved it since f was read.
func (t *tx) SaveFeedback(ctx context.Context, f *coord.Feedback, at time.Time) error {
	if !f.State.Valid() {
		return coord.Errorf(coord.EInvalid, "feedback state %q", f.State)
	}
	files, err := encodeFiles(f.Files)
	if err != nil {
		return err
	}
	respFiles, err := encodeFiles(f.ResponseFiles)
	if err != nil {
		return err
	}
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`UPDATE feedback SET subject = ?, body = ?, files = ?, state = ?, response = ?,
    response_files = ?, responded_by = ?, responded_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`),
		f.Subject, f.Text, files, string(f.State), f.Response, respFiles, f.RespondedBy, nullInstant(f.RespondedAt), at.UTC(),
		f.ID, f.Version)
	if err != nil {
		return wrapErr("update feedback", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrapErr("update feedback", err)
	}
	if n == 0 {
		if _, err := t.Feedback(ctx, f.ID); err != nil {
			return err
		}
		return coord.Errorf(coord.EConflict, "feedback %d changed meanwhile", f.ID)
	}
	f.Version++
	f.UpdatedAt = at
	return nil
}

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// trainingRow is a trainings row as scanned.
type trainingRow struct {
	ID           int64        `db:"id"`
	Title        string       `db:"title"`
	Day          string       `db:"day"`
	Organiser    string       `db:"organiser"`
	CoOrganisers string       `db:"co_organisers"`
	Audiences    string       `db:"audiences"`
	Attendees    int          `db:"attendees"`
	Materials    string       `db:"materials"`
	State        string       `db:"state"`
	Reason       string       `db:"reason"`
	HeldAt       sql.NullTime `db:"held_at"`
	CreatedBy    int64        `db:"created_by"`
	ChatID       int64        `db:"chat_id"`
	CreatedAt    time.Time    `db:"created_at"`
	UpdatedAt    time.Time    `db:"updated_at"`
	Version      int          `db:"version"`
}

const trainingColumns = `id, title, day, organiser, co_organisers, audiences, attendees, materials, state, reason,
    held_at, created_by, chat_id, created_at, updated_at, version`

func (r trainingRow) training() (coord.Training, error) {
	t := coord.Training{ID: r.ID, Title: r.Title, Organiser: r.Organiser, Attendees: r.Attendees,
		State: coord.TrainingState(r.State), Reason: r.Reason, CreatedBy: r.CreatedBy, ChatID: r.ChatID,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Version: r.Version}
	if r.HeldAt.Valid {
		t.HeldAt = r.HeldAt.Time
	}
	var err error
	if t.Day, err = coord.ParseDate(r.Day); err != nil {
		return t, fmt.Errorf("decode training %d day: %w", r.ID, err)
	}
	if t.Materials, err = decodeFiles(r.Materials); err != nil {
		return t, fmt.Errorf("decode training %d materials: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.CoOrganisers), &t.CoOrganisers); err != nil {
		return t, fmt.Errorf("decode training %d co-organisers: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Audiences), &t.Audiences); err != nil {
		return t, fmt.Errorf("decode training %d audiences: %w", r.ID, err)
	}
	if len(t.CoOrganisers) == 0 {
		t.CoOrganisers = nil
	}
	if len(t.Audiences) == 0 {
		t.Audiences = nil
	}
	return t, nil
}

// trainingParts are the JSON columns of t.
type trainingParts struct{ coOrganisers, audiences, materials string }

func encodeTrainingParts(t *coord.Training) (trainingParts, error) {
	var p trainingParts
	var err error
	if p.materials, err = encodeFiles(t.Materials); err != nil {
		return p, err
	}
	p.coOrganisers, p.audiences = "[]", "[]"
	if len(t.CoOrganisers) > 0 {
		b, err := json.Marshal(t.CoOrganisers)
		if err != nil {
			return p, fmt.Errorf("encode co-organisers: %w", err)
		}
		p.coOrganisers = string(b)
	}
	if len(t.Audiences) > 0 {
		b, err := json.Marshal(t.Audiences)
		if err != nil {
			return p, fmt.Errorf("encode audiences: %w", err)
		}
		p.audiences = string(b)
	}
	return p, nil
}

func checkTraining(t *coord.Training) error {
	switch {
	case t.State != coord.TrainingPlanned && t.State != coord.TrainingHeld && t.State != coord.TrainingCancelled:
		return coord.Errorf(coord.EInvalid, "training state %q", t.State)
	case t.Day.IsZero():
		return coord.Errorf(coord.EInvalid, "training without a day")
	}
	return nil
}

// CreateTraining stores t and sets its number and first version.
func (t *tx) CreateTraining(ctx context.Context, tr *coord.Training) error {
	if err := checkTraining(tr); err != nil {
		return err
	}
	p, err := encodeTrainingParts(tr)
	if err != nil {
		return err
	}
	updated := tr.UpdatedAt
	if updated.IsZero() {
		updated = tr.CreatedAt
	}
	var id int64
	err = t.x.GetContext(ctx, &id, t.x.Rebind(`INSERT INTO trainings
    (title, day, organiser, co_organisers, audiences, attendees, materials, state, reason, held_at, created_by,
     chat_id, created_at, updated_at, version)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`),
		tr.Title, tr.Day.String(), tr.Organiser, p.coOrganisers, p.audiences, tr.Attendees, p.materials, string(tr.State),
		tr.Reason, nullInstant(tr.HeldAt), tr.CreatedBy, tr.ChatID, tr.CreatedAt.UTC(), updated.UTC())
	if err != nil {
		return wrapErr("insert training", err)
	}
	tr.ID, tr.UpdatedAt, tr.Version = id, updated, 1
	return nil
}

// Training returns coord.ErrNotFound for an unknown number.
func (t *tx) Training(ctx context.Context, id int64) (coord.Training, error) {
	var r trainingRow
	err := t.x.GetContext(ctx, &r, t.x.Rebind(`SELECT `+trainingColumns+` FROM trainings WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.Training{}, coord.ErrNotFound
	}
	if err != nil {
		return coord.Training{}, wrapErr("select training", err)
	}
	return r.training()
}

// TrainingsBetween lists the activities whose day is in [from, until], by
// day then number. Days are YYYY-MM-DD text, so text order is date order.
func (t *tx) TrainingsBetween(ctx context.Context, from, until coord.Date) ([]coord.Training, error) {
	var rows []trainingRow
	if err := t.x.SelectContext(ctx, &rows, t.x.Rebind(`SELECT `+trainingColumns+` FROM trainings
WHERE day >= ? AND day <= ? ORDER BY day, id`), from.String(), until.String()); err != nil {
		return nil, wrapErr("select trainings", err)
	}
	var out []coord.Training
	for _, r := range rows {
		tr, err := r.training()
		if err != nil {
			return nil, err
		}
		out = append(out, tr)
	}
	return out, nil
}

// SaveTraining writes t if nobody saved it since t was read.
func (t *tx) SaveTraining(ctx context.Context, tr *coord.Training, at time.Time) error {
	if err := checkTraining(tr); err != nil {
		return err
	}
	p, err := encodeTrainingParts(tr)
	if err != nil {
		return err
	}
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`UPDATE trainings SET title = ?, day = ?, organiser = ?, co_organisers = ?,
    audiences = ?, attendees = ?, materials = ?, state = ?, reason = ?, held_at = ?, updated_at = ?,
    version = version + 1 WHERE id = ? AND version = ?`),
		tr.Title, tr.Day.String(), tr.Organiser, p.coOrganisers, p.audiences, tr.Attendees, p.materials, string(tr.State),
		tr.Reason, nullInstant(tr.HeldAt), at.UTC(), tr.ID, tr.Version)
	if err != nil {
		return wrapErr("update training", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrapErr("update training", err)
	}
	if n == 0 {
		if _, err := t.Training(ctx, tr.ID); err != nil {
			return err
		}
		return coord.Errorf(coord.EConflict, "training %d changed meanwhile", tr.ID)
	}
	tr.Version++
	tr.UpdatedAt = at
	return nil
}

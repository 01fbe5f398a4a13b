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

// meetingRow is a meetings row as scanned.
type meetingRow struct {
	ID          int64        `db:"id"`
	Title       string       `db:"title"`
	Start       time.Time    `db:"start_at"`
	Place       string       `db:"place"`
	Agenda      string       `db:"agenda"`
	AgendaFiles string       `db:"agenda_files"`
	Chair       string       `db:"chair"`
	Invitees    string       `db:"invitees"`
	State       string       `db:"state"`
	Reason      string       `db:"reason"`
	Minutes     string       `db:"minutes"`
	Conclusions string       `db:"conclusions"`
	Moves       int          `db:"moves"`
	MovedAt     sql.NullTime `db:"moved_at"`
	CreatedBy   int64        `db:"created_by"`
	ChatID      int64        `db:"chat_id"`
	CreatedAt   time.Time    `db:"created_at"`
	UpdatedAt   time.Time    `db:"updated_at"`
	Version     int          `db:"version"`
}

const meetingColumns = `id, title, start_at, place, agenda, agenda_files, chair, invitees, state, reason,
    minutes, conclusions, moves, moved_at, created_by, chat_id, created_at, updated_at, version`

func (r meetingRow) meeting() (coord.Meeting, error) {
	m := coord.Meeting{ID: r.ID, Title: r.Title, Start: r.Start, Place: r.Place, Agenda: r.Agenda, Chair: r.Chair,
		State: coord.MeetingState(r.State), Reason: r.Reason, Moves: r.Moves, CreatedBy: r.CreatedBy, ChatID: r.ChatID,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Version: r.Version}
	if r.MovedAt.Valid {
		m.MovedAt = r.MovedAt.Time
	}
	var err error
	if m.AgendaFiles, err = decodeFiles(r.AgendaFiles); err != nil {
		return m, fmt.Errorf("decode meeting %d agenda files: %w", r.ID, err)
	}
	if m.Minutes, err = decodeFiles(r.Minutes); err != nil {
		return m, fmt.Errorf("decode meeting %d minutes: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Invitees), &m.Invitees); err != nil {
		return m, fmt.Errorf("decode meeting %d invitees: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Conclusions), &m.Conclusions); err != nil {
		return m, fmt.Errorf("decode meeting %d conclusions: %w", r.ID, err)
	}
	if len(m.Invitees) == 0 {
		m.Invitees = nil
	}
	if len(m.Conclusions) == 0 {
		m.Conclusions = nil
	}
	return m, nil
}

// meetingParts are the JSON columns of m.
type meetingParts struct{ agendaFiles, invitees, minutes, conclusions string }

func encodeMeetingParts(m *coord.Meeting) (meetingParts, error) {
	var p meetingParts
	var err error
	if p.agendaFiles, err = encodeFiles(m.AgendaFiles); err != nil {
		return p, err
	}
	if p.minutes, err = encodeFiles(m.Minutes); err != nil {
		return p, err
	}
	p.invitees, p.conclusions = "[]", "[]"
	if len(m.Invitees) > 0 {
		b, err := json.Marshal(m.Invitees)
		if err != nil {
			return p, fmt.Errorf("encode invitees: %w", err)
		}
		p.invitees = string(b)
	}
	if len(m.Conclusions) > 0 {
		b, err := json.Marshal(m.Conclusions)
		if err != nil {
			return p, fmt.Errorf("encode conclusions: %w", err)
		}
		p.conclusions = string(b)
	}
	return p, nil
}

func validMeetingState(s coord.MeetingState) bool {
	return s == coord.MeetingScheduled || s == coord.MeetingHeld || s == coord.MeetingCancelled
}

// CreateMeeting stores m and sets its number and first version.
func (t *tx) CreateMeeting(ctx context.Context, m *coord.Meeting) error {
	if !validMeetingState(m.State) {
		return coord.Errorf(coord.EInvalid, "meeting state %q", m.State)
	}
	p, err := encodeMeetingParts(m)
	if err != nil {
		return err
	}
	updated := m.UpdatedAt
	if updated.IsZero() {
		updated = m.CreatedAt
	}
	var id int64
	err = t.x.GetContext(ctx, &id, t.x.Rebind(`INSERT INTO meetings
    (title, start_at, place, agenda, agenda_files, chair, invitees, state, reason, minutes, conclusions, moves,
     moved_at, created_by, chat_id, created_at, updated_at, version)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`),
		m.Title, m.Start.UTC(), m.Place, m.Agenda, p.agendaFiles, m.Chair, p.invitees, string(m.State), m.Reason,
		p.minutes, p.conclusions, m.Moves, nullInstant(m.MovedAt), m.CreatedBy, m.ChatID, m.CreatedAt.UTC(), updated.UTC())
	if err != nil {
		return wrapErr("insert meeting", err)
	}
	m.ID, m.UpdatedAt, m.Version = id, updated, 1
	return nil
}

// Meeting returns coord.ErrNotFound for an unknown number.
func (t *tx) Meeting(ctx context.Context, id int64) (coord.Meeting, error) {
	var r meetingRow
	err := t.x.GetContext(ctx, &r, t.x.Rebind(`SELECT `+meetingColumns+` FROM meetings WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.Meeting{}, coord.ErrNotFound
	}
	if err != nil {
		return coord.Meeting{}, wrapErr("select meeting", err)
	}
	return r.meeting()
}

// MeetingsBetween lists the meetings starting in [from, until), by start.
func (t *tx) MeetingsBetween(ctx context.Context, from, until time.Time) ([]coord.Meeting, error) {
	var rows []meetingRow
	if err := t.x.SelectContext(ctx, &rows, t.x.Rebind(`SELECT `+meetingColumns+` FROM meetings
WHERE start_at >= ? AND start_at < ? ORDER BY start_at, id`), from.UTC(), until.UTC()); err != nil {
		return nil, wrapErr("select meetings", err)
	}
	var out []coord.Meeting
	for _, r := range rows {
		m, err := r.meeting()
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// SaveMeeting writes m if nobody saved it since m was read.
func (t *tx) SaveMeeting(ctx context.Context, m *coord.Meeting, at time.Time) error {
	if !validMeetingState(m.State) {
		return coord.Errorf(coord.EInvalid, "meeting state %q", m.State)
	}
	p, err := encodeMeetingParts(m)
	if err != nil {
		return err
	}
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`UPDATE meetings SET title = ?, start_at = ?, place = ?, agenda = ?,
    agenda_files = ?, invitees = ?, state = ?, reason = ?, minutes = ?, conclusions = ?, moves = ?, moved_at = ?, updated_at = ?,
    version = version + 1 WHERE id = ? AND version = ?`),
		m.Title, m.Start.UTC(), m.Place, m.Agenda, p.agendaFiles, p.invitees, string(m.State), m.Reason, p.minutes,
		p.conclusions, m.Moves, nullInstant(m.MovedAt), at.UTC(), m.ID, m.Version)
	if err != nil {
		return wrapErr("update meeting", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrapErr("update meeting", err)
	}
	if n == 0 {
		if _, err := t.Meeting(ctx, m.ID); err != nil {
			return err
		}
		return coord.Errorf(coord.EConflict, "meeting %d changed meanwhile", m.ID)
	}
	m.Version++
	m.UpdatedAt = at
	return nil
}

// nullInstant is t in UTC, or NULL for the zero time.
func nullInstant(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC(), Valid: true}
}

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

// inspectionRow is an inspections row as scanned.
type inspectionRow struct {
	ID        int64     `db:"id"`
	Year      int       `db:"year"`
	Kind      string    `db:"kind"`
	Title     string    `db:"title"`
	Basis     string    `db:"basis"`
	Lead      string    `db:"lead"`
	Members   string    `db:"members"`
	Targets   string    `db:"targets"`
	State     string    `db:"state"`
	CreatedBy int64     `db:"created_by"`
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
	Version   int       `db:"version"`
}

const inspectionColumns = `id, year, kind, title, basis, lead, members, targets, state,
    created_by, created_at, updated_at, version`

func (r inspectionRow) inspection() (coord.Inspection, error) {
	p := coord.Inspection{ID: r.ID, Year: r.Year, Kind: coord.InspectionKind(r.Kind), Title: r.Title, Basis: r.Basis,
		Lead: r.Lead, State: coord.InspectionState(r.State), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt,
		UpdatedAt: r.UpdatedAt, Version: r.Version}
	if err := json.Unmarshal([]byte(r.Members), &p.Members); err != nil {
		return p, fmt.Errorf("decode inspection %d members: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Targets), &p.Targets); err != nil {
		return p, fmt.Errorf("decode inspection %d targets: %w", r.ID, err)
	}
	if len(p.Members) == 0 {
		p.Members = nil
	}
	if len(p.Targets) == 0 {
		p.Targets = nil
	}
	return p, nil
}

func encodePlanParts(p *coord.Inspection) (members, targets string, err error) {
	mb, err := json.Marshal(p.Members)
	if err != nil {
		return "", "", fmt.Errorf("encode members: %w", err)
	}
	tb, err := json.Marshal(p.Targets)
	if err != nil {
		return "", "", fmt.Errorf("encode targets: %w", err)
	}
	if p.Members == nil {
		mb = []byte("[]")
	}
	if p.Targets == nil {
		tb = []byte("[]")
	}
	return string(mb), string(tb), nil
}

// CreateInspection stores p and sets its number and first version.
func (t *tx) CreateInspection(ctx context.Context, p *coord.Inspection) error {
	if !p.Kind.Valid() {
		return coord.Errorf(coord.EInvalid, "inspection kind %q", p.Kind)
	}
	members, targets, err := encodePlanParts(p)
	if err != nil {
		return err
	}
	updated := p.UpdatedAt
	if updated.IsZero() {
		updated = p.CreatedAt
	}
	var id int64
	err = t.x.GetContext(ctx, &id, t.x.Rebind(`INSERT INTO inspections
    (year, kind, title, basis, lead, members, targets, state, created_by, created_at, updated_at, version)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`),
		p.Year, string(p.Kind), p.Title, p.Basis, p.Lead, members, targets, string(p.State), p.CreatedBy,
		p.CreatedAt.UTC(), updated.UTC())
	if err != nil {
		return wrapErr("insert inspection", err)
	}
	p.ID, p.UpdatedAt, p.Version = id, updated, 1
	return nil
}

// Inspection returns coord.ErrNotFound for an unknown number.
func (t *tx) Inspection(ctx context.Context, id int64) (coord.Inspection, error) {
	var r inspectionRow
	err := t.x.GetContext(ctx, &r, t.x.Rebind(`SELECT `+inspectionColumns+` FROM inspections WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.Inspection{}, coord.ErrNotFound
	}
	if err != nil {
		return coord.Inspection{}, wrapErr("select inspection", err)
	}
	return r.inspection()
}

// Inspections lists the plans of year (0: all) by number.
func (t *tx) Inspections(ctx context.Context, year int) ([]coord.Inspection, error) {
	q, args := `SELECT `+inspectionColumns+` FROM inspections`, []any{}
	if year != 0 {
		q += ` WHERE year = ?`
		args = append(args, year)
	}
	var rows []inspectionRow
	if err := t.x.SelectContext(ctx, &rows, t.x.Rebind(q+` ORDER BY id`), args...); err != nil {
		return nil, wrapErr("select inspections", err)
	}
	var out []coord.Inspection
	for _, r := range rows {
		p, err := r.inspection()
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// SaveInspection writes p if nobody saved it since p was read.
func (t *tx) SaveInspection(ctx context.Context, p *coord.Inspection, at time.Time) error {
	members, targets, err := encodePlanParts(p)
	if err != nil {
		return err
	}
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`UPDATE inspections SET title = ?, basis = ?, members = ?, targets = ?,
    state = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`),
		p.Title, p.Basis, members, targets, string(p.State), at.UTC(), p.ID, p.Version)
	if err != nil {
		return wrapErr("update inspection", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrapErr("update inspection", err)
	}
	if n == 0 {
		if _, err := t.Inspection(ctx, p.ID); err != nil {
			return err
		}
		return coord.Errorf(coord.EConflict, "inspection %d changed meanwhile", p.ID)
	}
	p.Version++
	p.UpdatedAt = at
	return nil
}

// AddInspectionEvent appends e to its plan's history.
func (t *tx) AddInspectionEvent(ctx context.Context, e *coord.InspectionEvent) error {
	files, err := encodeFiles(e.Files)
	if err != nil {
		return err
	}
	var id int64
	err = t.x.GetContext(ctx, &id, t.x.Rebind(`INSERT INTO inspection_events
    (inspection_id, target, at, actor, actor_agency, action, text, files)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		e.InspectionID, e.Target, e.At.UTC(), e.Actor, e.ActorAgency, string(e.Action), e.Text, files)
	if err != nil {
		return wrapErr("insert inspection event", err)
	}
	e.ID = id
	return nil
}

type inspectionEventRow struct {
	ID           int64     `db:"id"`
	InspectionID int64     `db:"inspection_id"`
	Target       int       `db:"target"`
	At           time.Time `db:"at"`
	Actor        int64     `db:"actor"`
	ActorAgency  string    `db:"actor_agency"`
	Action       string    `db:"action"`
	Text         string    `db:"text"`
	Files        string    `db:"files"`
}

// InspectionEvents is the plan's history, oldest first.
func (t *tx) InspectionEvents(ctx context.Context, id int64) ([]coord.InspectionEvent, error) {
	var rows []inspectionEventRow
	if err := t.x.SelectContext(ctx, &rows, t.x.Rebind(`SELECT id, inspection_id, target, at, actor, actor_agency,
    action, text, files FROM inspection_events WHERE inspection_id = ? ORDER BY id`), id); err != nil {
		return nil, wrapErr("select inspection events", err)
	}
	var out []coord.InspectionEvent
	for _, r := range rows {
		files, err := decodeFiles(r.Files)
		if err != nil {
			return nil, fmt.Errorf("decode inspection event %d files: %w", r.ID, err)
		}
		out = append(out, coord.InspectionEvent{ID: r.ID, InspectionID: r.InspectionID, Target: r.Target, At: r.At,
			Actor: r.Actor, ActorAgency: r.ActorAgency, Action: coord.InspectionAction(r.Action), Text: r.Text, Files: files})
	}
	return out, nil
}

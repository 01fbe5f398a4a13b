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

// alertRow is a register_alerts row as scanned.
type alertRow struct {
	ID           int64          `db:"id"`
	Key          string         `db:"alert_key"`
	Kind         string         `db:"kind"`
	Passport     string         `db:"passport"`
	Nationality  string         `db:"nationality"`
	Day          sql.NullString `db:"day"`
	Facts        string         `db:"facts"`
	Org          sql.NullString `db:"org"`
	Agencies     string         `db:"agencies"`
	State        string         `db:"state"`
	Reason       string         `db:"reason"`
	ClosedBy     int64          `db:"closed_by"`
	ClosedAgency string         `db:"closed_agency"`
	ClosedAt     sql.NullTime   `db:"closed_at"`
	CreatedAt    time.Time      `db:"created_at"`
	UpdatedAt    time.Time      `db:"updated_at"`
	Version      int            `db:"version"`
}

const alertColumns = `id, alert_key, kind, passport, nationality, day, facts, org, agencies, state, reason, closed_by,
    closed_agency, closed_at, created_at, updated_at, version`

// agencyRef is how an agency list is kept in JSON, the shape a
// reorganisation rewrites (jsonAgencyColumns).
type agencyRef struct {
	Agency string `json:"agency"`
}

func (r alertRow) alert() (coord.Alert, error) {
	a := coord.Alert{ID: r.ID, Key: r.Key, Kind: coord.CheckKind(r.Kind), Passport: r.Passport, Nationality: r.Nationality,
		State: coord.AlertState(r.State), Reason: r.Reason, ClosedBy: r.ClosedBy, ClosedAgency: r.ClosedAgency,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Version: r.Version}
	var err error
	if r.Day.Valid {
		if a.Day, err = coord.ParseDate(r.Day.String); err != nil {
			return a, fmt.Errorf("decode alert %d day: %w", r.ID, err)
		}
	}
	if r.ClosedAt.Valid {
		a.ClosedAt = r.ClosedAt.Time
	}
	if err := json.Unmarshal([]byte(r.Facts), &a.Facts); err != nil {
		return a, fmt.Errorf("decode alert %d facts: %w", r.ID, err)
	}
	if r.Org.Valid {
		a.Org = &coord.Organisation{}
		if err := json.Unmarshal([]byte(r.Org.String), a.Org); err != nil {
			return a, fmt.Errorf("decode alert %d organisation: %w", r.ID, err)
		}
	}
	var refs []agencyRef
	if err := json.Unmarshal([]byte(r.Agencies), &refs); err != nil {
		return a, fmt.Errorf("decode alert %d agencies: %w", r.ID, err)
	}
	for _, ref := range refs {
		a.Agencies = append(a.Agencies, ref.Agency)
	}
	return a, nil
}

// alertParts are the JSON columns of a.
func alertParts(a *coord.Alert) (facts string, org, agencies any, err error) {
	b, err := json.Marshal(a.Facts)
	if err != nil {
		return "", nil, nil, fmt.Errorf("encode alert facts: %w", err)
	}
	if a.Facts == nil {
		b = []byte("[]")
	}
	if a.Org != nil {
		o, err := json.Marshal(a.Org)
		if err != nil {
			return "", nil, nil, fmt.Errorf("encode alert organisation: %w", err)
		}
		org = string(o)
	}
	refs := make([]agencyRef, 0, len(a.Agencies))
	for _, ag := range a.Agencies {
		refs = append(refs, agencyRef{ag})
	}
	g, err := json.Marshal(refs)
	if err != nil {
		return "", nil, nil, fmt.Errorf("encode alert agencies: %w", err)
	}
	return string(b), org, string(g), nil
}

func checkAlert(a *coord.Alert) error {
	switch a.State {
	case coord.AlertOpen, coord.AlertHandled, coord.AlertNotViolation:
	default:
		return coord.Errorf(coord.EInvalid, "alert state %q", a.State)
	}
	if a.Key == "" || a.Kind == "" {
		return coord.Errorf(coord.EInvalid, "alert without a key or a kind")
	}
	return nil
}

// CreateAlert inserts a unless its key is taken.
func (t *tx) CreateAlert(ctx context.Context, a *coord.Alert) (bool, error) {
	if a.State == "" {
		a.State = coord.AlertOpen
	}
	if err := checkAlert(a); err != nil {
		return false, err
	}
	facts, org, agencies, err := alertParts(a)
	if err != nil {
		return false, err
	}
	var id int64
	err = t.x.GetContext(ctx, &id, t.x.Rebind(`INSERT INTO register_alerts
    (alert_key, kind, passport, nationality, day, facts, org, agencies, state, reason, created_at, updated_at, version)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, 1)
ON CONFLICT (alert_key) DO NOTHING RETURNING id`),
		a.Key, string(a.Kind), a.Passport, a.Nationality, nullDate(a.Day), facts, org, agencies, string(a.State),
		a.CreatedAt.UTC(), a.CreatedAt.UTC())
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, wrapErr("insert alert", err)
	}
	a.ID, a.UpdatedAt, a.Version = id, a.CreatedAt, 1
	return true, nil
}

// Alert reads one alert.
func (t *tx) Alert(ctx context.Context, id int64) (coord.Alert, error) {
	var r alertRow
	err := t.x.GetContext(ctx, &r, t.x.Rebind(`SELECT `+alertColumns+` FROM register_alerts WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.Alert{}, coord.ErrNotFound
	}
	if err != nil {
		return coord.Alert{}, wrapErr("select alert", err)
	}
	return r.alert()
}

// SaveAlert writes a's state if its version is current.
func (t *tx) SaveAlert(ctx context.Context, a *coord.Alert, at time.Time) error {
	if err := checkAlert(a); err != nil {
		return err
	}
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`UPDATE register_alerts SET state = ?, reason = ?, closed_by = ?,
    closed_agency = ?, closed_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`),
		string(a.State), a.Reason, a.ClosedBy, a.ClosedAgency, nullInstant(a.ClosedAt), at.UTC(), a.ID, a.Version)
	if err != nil {
		return wrapErr("update alert", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrapErr("update alert", err)
	}
	if n == 0 {
		if _, err := t.Alert(ctx, a.ID); err != nil {
			return err
		}
		return coord.Errorf(coord.EConflict, "alert %d changed meanwhile", a.ID)
	}
	a.UpdatedAt = at
	a.Version++
	return nil
}

// OpenAlerts lists the open alerts by number.
func (t *tx) OpenAlerts(ctx context.Context) ([]coord.Alert, error) {
	var rows []alertRow
	if err := t.x.SelectContext(ctx, &rows, t.x.Rebind(`SELECT `+alertColumns+` FROM register_alerts
WHERE state = ? ORDER BY id`), string(coord.AlertOpen)); err != nil {
		return nil, wrapErr("select open alerts", err)
	}
	out := make([]coord.Alert, 0, len(rows))
	for _, r := range rows {
		a, err := r.alert()
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

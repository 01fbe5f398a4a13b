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

// noticeRow is a notices row as scanned; the employer, the people and the
// sanction are JSON.
type noticeRow struct {
	ID           int64     `db:"id"`
	Kind         string    `db:"kind"`
	From         string    `db:"from_agency"`
	DecisionNo   string    `db:"decision_no"`
	DecisionDate string    `db:"decision_date"`
	Employer     string    `db:"employer"`
	People       string    `db:"people"`
	Violation    string    `db:"violation"`
	Sanction     string    `db:"sanction"`
	Files        string    `db:"files"`
	PlanID       *int64    `db:"plan_id"`
	PlanTarget   int       `db:"plan_target"`
	CreatedBy    int64     `db:"created_by"`
	ChatID       int64     `db:"chat_id"`
	CreatedAt    time.Time `db:"created_at"`
}

const noticeColumns = `id, kind, from_agency, decision_no, decision_date, employer, people, violation, sanction,
    files, plan_id, plan_target, created_by, chat_id, created_at`

func (r noticeRow) notice() (coord.Notice, error) {
	n := coord.Notice{ID: r.ID, Kind: r.Kind, From: r.From, DecisionNo: r.DecisionNo, Violation: r.Violation,
		PlanTarget: r.PlanTarget, CreatedBy: r.CreatedBy, ChatID: r.ChatID, CreatedAt: r.CreatedAt}
	if r.PlanID != nil {
		n.Plan = *r.PlanID
	}
	var err error
	if n.DecisionDate, err = coord.ParseDate(r.DecisionDate); err != nil {
		return n, fmt.Errorf("decode notice %d decision date: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Employer), &n.Employer); err != nil {
		return n, fmt.Errorf("decode notice %d employer: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.People), &n.People); err != nil {
		return n, fmt.Errorf("decode notice %d people: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Sanction), &n.Sanction); err != nil {
		return n, fmt.Errorf("decode notice %d sanction: %w", r.ID, err)
	}
	if n.Files, err = decodeFiles(r.Files); err != nil {
		return n, fmt.Errorf("decode notice %d files: %w", r.ID, err)
	}
	return n, nil
}

// noticeRecipientRow is a notice_recipients row as scanned.
type noticeRecipientRow struct {
	ID         int64      `db:"id"`
	NoticeID   int64      `db:"notice_id"`
	Agency     string     `db:"agency"`
	Mode       string     `db:"mode"`
	RemindOn   string     `db:"remind_on"`
	AckedBy    *int64     `db:"acked_by"`
	AckedAt    *time.Time `db:"acked_at"`
	RemindedAt *time.Time `db:"reminded_at"`
}

const noticeRecipientColumns = `id, notice_id, agency, mode, remind_on, acked_by, acked_at, reminded_at`

func (r noticeRecipientRow) recipient() (coord.NoticeRecipient, error) {
	day, err := coord.ParseDate(r.RemindOn)
	if err != nil {
		return coord.NoticeRecipient{}, fmt.Errorf("decode notice recipient %d remind day: %w", r.ID, err)
	}
	return coord.NoticeRecipient{ID: r.ID, NoticeID: r.NoticeID, Agency: r.Agency, Mode: coord.DeliveryMode(r.Mode),
		RemindOn: day, AckedBy: r.AckedBy, AckedAt: r.AckedAt, RemindedAt: r.RemindedAt}, nil
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// CreateNotice stores n and its recipients in the caller's transaction.
func (t *tx) CreateNotice(ctx context.Context, n *coord.Notice) error {
	if err := n.Validate(); err != nil {
		return err
	}
	employer, err := json.Marshal(n.Employer)
	if err != nil {
		return fmt.Errorf("encode employer: %w", err)
	}
	people, err := json.Marshal(n.People)
	if err != nil {
		return fmt.Errorf("encode people: %w", err)
	}
	sanction, err := json.Marshal(n.Sanction)
	if err != nil {
		return fmt.Errorf("encode sanction: %w", err)
	}
	files, err := encodeFiles(n.Files)
	if err != nil {
		return err
	}
	var plan *int64
	if n.Plan != 0 {
		plan = &n.Plan
	}
	var id int64
	err = t.x.GetContext(ctx, &id, t.x.Rebind(`INSERT INTO notices
    (kind, from_agency, decision_no, decision_date, employer, people, violation, sanction, files, plan_id, plan_target,
     created_by, chat_id, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		n.Kind, n.From, n.DecisionNo, n.DecisionDate.String(), string(employer), string(people), n.Violation,
		string(sanction), files, plan, n.PlanTarget, n.CreatedBy, n.ChatID, n.CreatedAt.UTC())
	if err != nil {
		return wrapErr("insert notice", err)
	}
	n.ID = id
	for i := range n.Recipients {
		r := &n.Recipients[i]
		r.NoticeID = id
		var rid int64
		err := t.x.GetContext(ctx, &rid, t.x.Rebind(`INSERT INTO notice_recipients
    (notice_id, agency, mode, remind_on, acked_by, acked_at, reminded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			id, r.Agency, string(r.Mode), r.RemindOn.String(), r.AckedBy, utcPtr(r.AckedAt), utcPtr(r.RemindedAt))
		if err != nil {
			return wrapErr("insert notice recipient", err)
		}
		r.ID = rid
	}
	return nil
}

// Notice returns coord.ErrNotFound for an unknown number.
func (t *tx) Notice(ctx context.Context, id int64) (coord.Notice, error) {
	ns, err := t.notices(ctx, `WHERE id = ?`, id)
	if err != nil {
		return coord.Notice{}, err
	}
	if len(ns) == 0 {
		return coord.Notice{}, coord.ErrNotFound
	}
	return ns[0], nil
}

// Notices lists the matching notices by number.
func (t *tx) Notices(ctx context.Context, f coord.NoticeFilter) ([]coord.Notice, error) {
	var conds []string
	var args []any
	if f.Agency != "" {
		conds = append(conds, `(from_agency = ? OR id IN (SELECT notice_id FROM notice_recipients WHERE agency = ?))`)
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
	if f.Plan != 0 {
		conds = append(conds, `plan_id = ?`)
		args = append(args, f.Plan)
	}
	where := ""
	if len(conds) > 0 {
		where = `WHERE ` + strings.Join(conds, ` AND `)
	}
	return t.notices(ctx, where, args...)
}

func (t *tx) notices(ctx context.Context, where string, args ...any) ([]coord.Notice, error) {
	var rows []noticeRow
	if err := t.x.SelectContext(ctx, &rows, t.x.Rebind(`SELECT `+noticeColumns+` FROM notices `+where+` ORDER BY id`), args...); err != nil {
		return nil, wrapErr("select notices", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	out := make([]coord.Notice, len(rows))
	ids := make([]int64, len(rows))
	at := map[int64]int{}
	for i, r := range rows {
		n, err := r.notice()
		if err != nil {
			return nil, err
		}
		out[i], ids[i], at[r.ID] = n, r.ID, i
	}
	q, qargs, err := sqlx.In(`SELECT `+noticeRecipientColumns+` FROM notice_recipients WHERE notice_id IN (?) ORDER BY id`, ids)
	if err != nil {
		return nil, fmt.Errorf("build notice recipients query: %w", err)
	}
	var rrows []noticeRecipientRow
	if err := t.x.SelectContext(ctx, &rrows, t.x.Rebind(q), qargs...); err != nil {
		return nil, wrapErr("select notice recipients", err)
	}
	for _, rr := range rrows {
		r, err := rr.recipient()
		if err != nil {
			return nil, err
		}
		i := at[r.NoticeID]
		out[i].Recipients = append(out[i].Recipients, r)
	}
	return out, nil
}

// NoticeRecipient returns coord.ErrNotFound for an unknown id.
func (t *tx) NoticeRecipient(ctx context.Context, id int64) (coord.NoticeRecipient, error) {
	var r noticeRecipientRow
	err := t.x.GetContext(ctx, &r, t.x.Rebind(`SELECT `+noticeRecipientColumns+` FROM notice_recipients WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.NoticeRecipient{}, coord.ErrNotFound
	}
	if err != nil {
		return coord.NoticeRecipient{}, wrapErr("select notice recipient", err)
	}
	return r.recipient()
}

// AckNotice acknowledges with a conditional UPDATE: of two presses at once
// one wins and the other gets EConflict.
func (t *tx) AckNotice(ctx context.Context, id, by int64, at time.Time) error {
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`UPDATE notice_recipients SET acked_by = ?, acked_at = ?
WHERE id = ? AND acked_at IS NULL`), by, at.UTC(), id)
	if err != nil {
		return wrapErr("acknowledge notice", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrapErr("acknowledge notice", err)
	}
	if n == 1 {
		return nil
	}
	if _, err := t.NoticeRecipient(ctx, id); err != nil {
		return err
	}
	return coord.Errorf(coord.EConflict, "notice recipient %d already acknowledged", id)
}

// NoticesToRemind compares the YYYY-MM-DD text, which orders as days do.
func (t *tx) NoticesToRemind(ctx context.Context, day coord.Date) ([]coord.NoticeRecipient, error) {
	var rows []noticeRecipientRow
	if err := t.x.SelectContext(ctx, &rows, t.x.Rebind(`SELECT `+noticeRecipientColumns+` FROM notice_recipients
WHERE acked_at IS NULL AND reminded_at IS NULL AND remind_on <= ? ORDER BY id`), day.String()); err != nil {
		return nil, wrapErr("select notice recipients to remind", err)
	}
	var out []coord.NoticeRecipient
	for _, rr := range rows {
		r, err := rr.recipient()
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// MarkNoticeReminded returns coord.ErrNotFound for an unknown id.
func (t *tx) MarkNoticeReminded(ctx context.Context, id int64, at time.Time) error {
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`UPDATE notice_recipients SET reminded_at = ? WHERE id = ?`), at.UTC(), id)
	if err != nil {
		return wrapErr("mark notice reminded", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrapErr("mark notice reminded", err)
	} else if n == 0 {
		return coord.ErrNotFound
	}
	return nil
}

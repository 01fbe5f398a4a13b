package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/bacgiang/fwbot/coord"
)

// factBatch is how many facts one INSERT writes (29 parameters each, well
// under SQLite's limit of 32,766).
const factBatch = 200

// factRow is a register_facts row as scanned.
type factRow struct {
	ID          int64          `db:"id"`
	Submission  int64          `db:"submission_id"`
	Obligation  string         `db:"obligation"`
	Agency      string         `db:"agency"`
	Period      string         `db:"period"`
	Version     int            `db:"version"`
	Sheet       string         `db:"sheet"`
	Row         int            `db:"row_no"`
	Passport    sql.NullString `db:"passport"`
	Nationality string         `db:"nationality"`
	PersonName  string         `db:"person_name"`
	BirthDate   sql.NullString `db:"birth_date"`
	Sex         string         `db:"sex"`
	DocKind     sql.NullString `db:"doc_kind"`
	DocNumber   string         `db:"doc_number"`
	Purpose     string         `db:"purpose"`
	Position    string         `db:"position"`
	ValidFrom   sql.NullString `db:"valid_from"`
	ValidTo     sql.NullString `db:"valid_to"`
	Revoked     bool           `db:"revoked"`
	OrgKind     sql.NullString `db:"org_kind"`
	OrgName     string         `db:"org_name"`
	TaxCode     sql.NullString `db:"tax_code"`
	Licence     string         `db:"licence"`
	Address     string         `db:"address"`
	Zone        string         `db:"zone"`
	OrgSubject  bool           `db:"org_subject"`
	Imported    time.Time      `db:"imported_at"`
}

const factColumns = `id, submission_id, obligation, agency, period, version, sheet, row_no, passport, nationality,
    person_name, birth_date, sex, doc_kind, doc_number, purpose, position, valid_from, valid_to, revoked,
    org_kind, org_name, tax_code, licence, address, zone, org_subject, imported_at`

func (r factRow) fact() (coord.Fact, error) {
	f := coord.Fact{ID: r.ID, Imported: r.Imported, Source: coord.FactSource{Submission: r.Submission,
		Obligation: r.Obligation, Agency: r.Agency, Period: r.Period, Version: r.Version, Sheet: r.Sheet, Row: r.Row}}
	date := func(s sql.NullString, what string) (coord.Date, error) {
		if !s.Valid {
			return coord.Date{}, nil
		}
		d, err := coord.ParseDate(s.String)
		if err != nil {
			return d, fmt.Errorf("decode register fact %d %s: %w", r.ID, what, err)
		}
		return d, nil
	}
	var err error
	if r.Passport.Valid {
		p := &coord.PersonClaim{Passport: r.Passport.String, Nationality: r.Nationality, Name: r.PersonName, Sex: r.Sex}
		if p.BirthDate, err = date(r.BirthDate, "birth date"); err != nil {
			return f, err
		}
		f.Person = p
	}
	if r.DocKind.Valid {
		d := &coord.Document{Kind: coord.DocKind(r.DocKind.String), Number: r.DocNumber, Purpose: r.Purpose,
			Position: r.Position, Revoked: r.Revoked}
		if d.ValidFrom, err = date(r.ValidFrom, "valid from"); err != nil {
			return f, err
		}
		if d.ValidTo, err = date(r.ValidTo, "valid to"); err != nil {
			return f, err
		}
		f.Doc = d
	}
	if r.OrgKind.Valid {
		f.Org = &coord.Organisation{Kind: coord.OrgKind(r.OrgKind.String), Name: r.OrgName, TaxCode: r.TaxCode.String,
			Licence: r.Licence, Address: r.Address, Zone: r.Zone}
	}
	return f, nil
}

func nullDate(d coord.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// ReplaceFacts deletes the rows of every version of src's report, agency
// and period and inserts facts in their place.
func (t *tx) ReplaceFacts(ctx context.Context, src coord.FactSource, facts []coord.Fact, at time.Time) (int, error) {
	return t.ReplaceFactsFrom(ctx, src, at, func(add func(coord.Fact) error) error {
		for _, f := range facts {
			if err := add(f); err != nil {
				return err
			}
		}
		return nil
	})
}

// ReplaceFactsFrom is ReplaceFacts with the facts passed one at a time,
// written factBatch to a statement as they come.
//
// The earlier rows go after the new ones are in (they are those with a
// lower id). When each fails, the rows it added are deleted and the
// earlier ones kept, so that the caller may go on in the same transaction
// (tell the officer the file broke) with the register as it was.
func (t *tx) ReplaceFactsFrom(ctx context.Context, src coord.FactSource, at time.Time, each func(add func(coord.Fact) error) error) (int, error) {
	var last int64
	if err := t.x.GetContext(ctx, &last, `SELECT COALESCE(MAX(id), 0) FROM register_facts`); err != nil {
		return 0, wrapErr("register facts", err)
	}
	// Rows go in batches of factBatch, one statement each: a 100,000-row
	// list is 500 statements, not 100,000.
	const cols = 29
	head := `INSERT INTO register_facts
    (submission_id, obligation, agency, period, version, sheet, row_no, passport, nationality, person_name,
     person_fold, birth_date, sex, doc_kind, doc_number, purpose, position, valid_from, valid_to, revoked,
     org_kind, org_name, org_fold, tax_code, licence, address, zone, org_subject, imported_at) VALUES `
	one := "(?" + strings.Repeat(", ?", cols-1) + ")"
	full := t.x.Rebind(head + one + strings.Repeat(", "+one, factBatch-1))
	at = at.UTC()
	args := make([]any, 0, factBatch*cols)
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		q := full
		if n < factBatch {
			q = t.x.Rebind(head + one + strings.Repeat(", "+one, n-1))
		}
		if _, err := t.x.ExecContext(ctx, q, args...); err != nil {
			return wrapErr("insert register facts", err)
		}
		args, n = args[:0], 0
		return nil
	}
	add := func(f coord.Fact) error {
		if f.Person == nil && f.Org == nil {
			return coord.Errorf(coord.EInvalid, "register fact of row %d: neither a person nor an organisation", f.Source.Row)
		}
		var (
			passport, birth                 any
			nationality, name, fold, sex    string
			docKind, from, to               any
			number, purpose, position       string
			revoked                         bool
			orgKind, taxCode                any
			orgName, orgFold, licence, addr string
			zone                            string
			subject                         = f.Person == nil
		)
		if p := f.Person; p != nil {
			if p.Passport == "" {
				return coord.Errorf(coord.EInvalid, "register fact of row %d: a person without a passport number", f.Source.Row)
			}
			passport, nationality, name, fold, sex, birth = p.Passport, p.Nationality, p.Name, coord.FoldName(p.Name), p.Sex, nullDate(p.BirthDate)
		}
		if d := f.Doc; d != nil {
			docKind, number, purpose, position, revoked = string(d.Kind), d.Number, d.Purpose, d.Position, d.Revoked
			from, to = nullDate(d.ValidFrom), nullDate(d.ValidTo)
		}
		if o := f.Org; o != nil {
			orgKind, orgName, orgFold, taxCode = string(o.Kind), o.Name, coord.FoldName(o.Name), nullString(o.TaxCode)
			licence, addr, zone = o.Licence, o.Address, o.Zone
		}
		args = append(args, src.Submission, src.Obligation, src.Agency, src.Period, src.Version,
			f.Source.Sheet, f.Source.Row, passport, nationality, name, fold, birth, sex, docKind, number, purpose, position,
			from, to, revoked, orgKind, orgName, orgFold, taxCode, licence, addr, zone, subject, at)
		if n++; n == factBatch {
			return flush()
		}
		return nil
	}
	if err := each(add); err != nil {
		if _, derr := t.x.ExecContext(ctx, t.x.Rebind(`DELETE FROM register_facts WHERE id > ?`), last); derr != nil {
			return 0, errors.Join(err, wrapErr("undo register facts", derr))
		}
		return 0, err
	}
	if err := flush(); err != nil {
		return 0, err
	}
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`DELETE FROM register_facts
    WHERE obligation = ? AND agency = ? AND period = ? AND id <= ?`), src.Obligation, src.Agency, src.Period, last)
	if err != nil {
		return 0, wrapErr("delete register facts", err)
	}
	replaced, err := res.RowsAffected()
	if err != nil {
		return 0, wrapErr("delete register facts", err)
	}
	return int(replaced), nil
}

// PruneFacts deletes the rows past the register's retention.
func (t *tx) PruneFacts(ctx context.Context, validBefore coord.Date, importedBefore time.Time) (int, error) {
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`DELETE FROM register_facts
    WHERE (valid_to IS NOT NULL AND valid_to < ?) OR (valid_to IS NULL AND imported_at < ?)`),
		validBefore.String(), importedBefore.UTC())
	if err != nil {
		return 0, wrapErr("prune register facts", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, wrapErr("prune register facts", err)
	}
	return int(n), nil
}

// PendingImports lists submissions with files of obligations that have no
// register_imports row and no file still waiting for the archive.
func (t *tx) PendingImports(ctx context.Context, obligations []string, limit int) ([]int64, error) {
	if len(obligations) == 0 {
		return nil, nil
	}
	if limit <= 0 {
		limit = 100
	}
	q, args, err := sqlx.In(`SELECT s.id FROM submissions s
    WHERE s.kind = 'files' AND s.obligation IN (?)
      AND NOT EXISTS (SELECT 1 FROM register_imports i WHERE i.submission_id = s.id)
      AND NOT EXISTS (SELECT 1 FROM submission_files f
                      WHERE f.submission_id = s.id AND f.archived_at IS NULL AND NOT f.given_up)
    ORDER BY s.id LIMIT ?`, obligations, limit)
	if err != nil {
		return nil, fmt.Errorf("pending imports: %w", err)
	}
	var ids []int64
	if err := t.x.SelectContext(ctx, &ids, t.x.Rebind(q), args...); err != nil {
		return nil, wrapErr("pending imports", err)
	}
	return ids, nil
}

type importRow struct {
	Submission int64     `db:"submission_id"`
	State      string    `db:"state"`
	Entered    int       `db:"entered"`
	Rejected   int       `db:"rejected"`
	Skipped    int       `db:"skipped"`
	Replaced   int       `db:"replaced"`
	At         time.Time `db:"imported_at"`
}

// RecordImport inserts the import's row; a second one is EConflict.
func (t *tx) RecordImport(ctx context.Context, r coord.ImportRecord) error {
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`INSERT INTO register_imports
    (submission_id, state, entered, rejected, skipped, replaced, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (submission_id) DO NOTHING`),
		r.Submission, string(r.State), r.Entered, r.Rejected, r.Skipped, r.Replaced, r.At.UTC())
	if err != nil {
		return wrapErr("record import", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrapErr("record import", err)
	} else if n == 0 {
		return coord.Errorf(coord.EConflict, "submission %d was already read into the register", r.Submission)
	}
	return nil
}

// Import reads the import's row back.
func (t *tx) Import(ctx context.Context, submission int64) (coord.ImportRecord, error) {
	var r importRow
	err := t.x.GetContext(ctx, &r, t.x.Rebind(`SELECT submission_id, state, entered, rejected, skipped, replaced, imported_at
    FROM register_imports WHERE submission_id = ?`), submission)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.ImportRecord{}, coord.ErrNotFound
	}
	if err != nil {
		return coord.ImportRecord{}, wrapErr("read import", err)
	}
	return coord.ImportRecord{Submission: r.Submission, State: coord.ImportState(r.State), Entered: r.Entered,
		Rejected: r.Rejected, Skipped: r.Skipped, Replaced: r.Replaced, At: r.At}, nil
}

func (t *tx) Facts(ctx context.Context, q coord.FactQuery) ([]coord.Fact, error) {
	var where []string
	var args []any
	switch {
	case q.Passport != "":
		where, args = append(where, "passport = ?"), append(args, q.Passport)
	case q.TaxCode != "":
		where, args = append(where, "tax_code = ?"), append(args, q.TaxCode)
	case coord.FoldName(q.Name) != "":
		for _, w := range strings.Fields(coord.FoldName(q.Name)) {
			like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(w) + "%"
			where = append(where, `(person_fold LIKE ? ESCAPE '\' OR org_fold LIKE ? ESCAPE '\')`)
			args = append(args, like, like)
		}
	default:
		return nil, coord.Errorf(coord.EInvalid, "a register search needs a passport number, a tax code or a name")
	}
	if len(q.Obligations) > 0 {
		where = append(where, "obligation IN (?"+strings.Repeat(", ?", len(q.Obligations)-1)+")")
		for _, o := range q.Obligations {
			args = append(args, o)
		}
	}
	query := `SELECT ` + factColumns + ` FROM register_facts WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY passport IS NULL, passport, nationality, obligation, agency, period, row_no`
	if q.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, q.Limit)
	}
	var rows []factRow
	if err := t.x.SelectContext(ctx, &rows, t.x.Rebind(query), args...); err != nil {
		return nil, wrapErr("select register facts", err)
	}
	return factsOf(rows)
}

func factsOf(rows []factRow) ([]coord.Fact, error) {
	out := make([]coord.Fact, 0, len(rows))
	for _, r := range rows {
		f, err := r.fact()
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// EachFact walks the people's papers of kinds, one row at a time.
func (t *tx) EachFact(ctx context.Context, kinds []coord.DocKind, fn func(coord.Fact) error) error {
	query := `SELECT ` + factColumns + ` FROM register_facts WHERE passport IS NOT NULL AND doc_kind IS NOT NULL`
	var args []any
	if len(kinds) > 0 {
		query += ` AND doc_kind IN (?` + strings.Repeat(", ?", len(kinds)-1) + `)`
		for _, k := range kinds {
			args = append(args, string(k))
		}
	}
	query += ` ORDER BY passport, nationality, id`
	rows, err := t.x.QueryxContext(ctx, t.x.Rebind(query), args...)
	if err != nil {
		return wrapErr("walk register facts", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r factRow
		if err := rows.StructScan(&r); err != nil {
			return wrapErr("scan register fact", err)
		}
		f, err := r.fact()
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return wrapErr("walk register facts", err)
	}
	return nil
}

// Organisations returns the organisation rows of kinds.
func (t *tx) Organisations(ctx context.Context, kinds []coord.OrgKind) ([]coord.Fact, error) {
	query := `SELECT ` + factColumns + ` FROM register_facts WHERE org_subject = 1`
	var args []any
	if len(kinds) > 0 {
		query += ` AND org_kind IN (?` + strings.Repeat(", ?", len(kinds)-1) + `)`
		for _, k := range kinds {
			args = append(args, string(k))
		}
	}
	var rows []factRow
	if err := t.x.SelectContext(ctx, &rows, t.x.Rebind(query+` ORDER BY id`), args...); err != nil {
		return nil, wrapErr("select register organisations", err)
	}
	return factsOf(rows)
}

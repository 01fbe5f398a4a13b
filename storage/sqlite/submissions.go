package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// submissionRow is a submissions row as scanned; coord.Submission carries
// no db tags and keeps its files apart.
type submissionRow struct {
	ID            int64      `db:"id"`
	Obligation    string     `db:"obligation"`
	Agency        string     `db:"agency"`
	Period        string     `db:"period"`
	Version       int        `db:"version"`
	Kind          string     `db:"kind"`
	Note          string     `db:"note"`
	SubmittedBy   int64      `db:"submitted_by"`
	ChatID        int64      `db:"chat_id"`
	SubmittedAt   time.Time  `db:"submitted_at"`
	ReplacesWrong bool       `db:"replaces_wrong"`
	DueAt         *time.Time `db:"due_at"`
	EffectiveDue  *time.Time `db:"effective_due_at"`
	LateDays      int        `db:"late_days"`
}

const submissionColumns = `id, obligation, agency, period, version, kind, note, submitted_by, chat_id,
    submitted_at, replaces_wrong, due_at, effective_due_at, late_days`

func (r submissionRow) submission() coord.Submission {
	return coord.Submission{
		ID: r.ID, Obligation: r.Obligation, Agency: r.Agency, Period: r.Period, Version: r.Version,
		Kind: coord.SubmissionKind(r.Kind), Note: r.Note,
		SubmittedBy: r.SubmittedBy, ChatID: r.ChatID, SubmittedAt: r.SubmittedAt,
		ReplacesWrong: r.ReplacesWrong, Due: r.DueAt, EffectiveDue: r.EffectiveDue, LateDays: r.LateDays,
	}
}

// fileRow is a submission_files row as scanned.
type fileRow struct {
	ID           int64      `db:"id"`
	SubmissionID int64      `db:"submission_id"`
	Seq          int        `db:"seq"`
	FileID       string     `db:"file_id"`
	FileUniqueID string     `db:"file_unique_id"`
	Name         string     `db:"name"`
	MIME         string     `db:"mime"`
	Size         int64      `db:"size"`
	Photo        bool       `db:"photo"`
	SHA256       string     `db:"sha256"`
	ArchivedAt   *time.Time `db:"archived_at"`
	Attempts     int        `db:"attempts"`
	LastError    string     `db:"last_error"`
}

// fileColumns reads a NULL sha256 (not archived yet) as "".
const fileColumns = `id, submission_id, seq, file_id, file_unique_id, name, mime, size, photo,
    COALESCE(sha256, '') AS sha256, archived_at, attempts, last_error`

func (r fileRow) file() coord.SubmittedFile {
	return coord.SubmittedFile{
		ID: r.ID, SubmissionID: r.SubmissionID, Seq: r.Seq,
		FileID: r.FileID, FileUniqueID: r.FileUniqueID, Name: r.Name, MIME: r.MIME, Size: r.Size, Photo: r.Photo,
		SHA256: r.SHA256, ArchivedAt: r.ArchivedAt, Attempts: r.Attempts, LastError: r.LastError,
	}
}

// CreateSubmission numbers the version as one more than the highest stored
// for (obligation, agency, period). Update transactions start with BEGIN
// IMMEDIATE, so no other writer can insert between the SELECT and the INSERT
// and two officers submitting at once get consecutive versions; the UNIQUE
// key would reject a duplicate anyway. The files get seq 1..n in the order
// given, and s is updated with every id the store assigned.
func (t *tx) CreateSubmission(ctx context.Context, s *coord.Submission) error {
	var version int
	err := t.x.GetContext(ctx, &version, t.x.Rebind(`SELECT COALESCE(MAX(version), 0) + 1 FROM submissions
WHERE obligation = ? AND agency = ? AND period = ?`), s.Obligation, s.Agency, s.Period)
	if err != nil {
		return wrapErr("select submission version", err)
	}
	var id int64
	err = t.x.GetContext(ctx, &id, t.x.Rebind(`INSERT INTO submissions
    (obligation, agency, period, version, kind, note, submitted_by, chat_id,
     submitted_at, replaces_wrong, due_at, effective_due_at, late_days)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		s.Obligation, s.Agency, s.Period, version, string(s.Kind), s.Note, s.SubmittedBy, s.ChatID,
		s.SubmittedAt.UTC(), s.ReplacesWrong, nullTime(s.Due), nullTime(s.EffectiveDue), s.LateDays)
	if err != nil {
		return wrapErr("insert submission", err)
	}
	insertFile := t.x.Rebind(`INSERT INTO submission_files
    (submission_id, seq, file_id, file_unique_id, name, mime, size, photo, sha256, archived_at, attempts, last_error)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	// Ids are written to s only once every row is in, so a failed call does
	// not leave s half-numbered.
	fileIDs := make([]int64, len(s.Files))
	for i, f := range s.Files {
		err := t.x.GetContext(ctx, &fileIDs[i], insertFile, id, i+1, f.FileID, f.FileUniqueID, f.Name, f.MIME, f.Size,
			f.Photo, nullString(f.SHA256), nullTime(f.ArchivedAt), f.Attempts, f.LastError)
		if err != nil {
			return wrapErr("insert submission file", err)
		}
	}
	s.ID, s.Version = id, version
	for i := range s.Files {
		s.Files[i].ID, s.Files[i].SubmissionID, s.Files[i].Seq = fileIDs[i], id, i+1
	}
	return nil
}

// Submission returns coord.ErrNotFound for an unknown id.
func (t *tx) Submission(ctx context.Context, id int64) (coord.Submission, error) {
	var r submissionRow
	err := t.x.GetContext(ctx, &r, t.x.Rebind(`SELECT `+submissionColumns+` FROM submissions WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.Submission{}, coord.ErrNotFound
	}
	if err != nil {
		return coord.Submission{}, wrapErr("select submission", err)
	}
	var files []fileRow
	err = t.x.SelectContext(ctx, &files, t.x.Rebind(`SELECT `+fileColumns+` FROM submission_files
WHERE submission_id = ? ORDER BY seq`), id)
	if err != nil {
		return coord.Submission{}, wrapErr("select submission files", err)
	}
	s := r.submission()
	for _, f := range files {
		s.Files = append(s.Files, f.file())
	}
	return s, nil
}

// Submissions reads the matching submissions and then all their files with
// a second query on the same condition, so a digest over hundreds of
// submissions costs two queries rather than one per submission. Both run in
// the caller's transaction, so they see the same rows. With f.NoFiles the
// second query is skipped.
func (t *tx) Submissions(ctx context.Context, f coord.SubmissionFilter) ([]coord.Submission, error) {
	var conds []string
	var args []any
	for _, c := range []struct {
		col, val string
	}{{"obligation", f.Obligation}, {"agency", f.Agency}, {"period", f.Period}} {
		if c.val != "" {
			conds = append(conds, c.col+` = ?`)
			args = append(args, c.val)
		}
	}
	if len(f.Periods) > 0 {
		conds = append(conds, `period IN (`+placeholders(len(f.Periods))+`)`)
		for _, p := range f.Periods {
			args = append(args, p)
		}
	}
	if !f.Since.IsZero() {
		// Times are stored in UTC in one format, so the stored text sorts
		// as the instants do.
		conds = append(conds, `submitted_at >= ?`)
		args = append(args, f.Since.UTC())
	}
	where := ""
	if len(conds) > 0 {
		where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	var rows []submissionRow
	err := t.x.SelectContext(ctx, &rows, t.x.Rebind(`SELECT `+submissionColumns+` FROM submissions`+where+
		` ORDER BY submitted_at, id`), args...)
	if err != nil {
		return nil, wrapErr("select submissions", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	out := make([]coord.Submission, len(rows))
	for i, r := range rows {
		out[i] = r.submission()
	}
	if f.NoFiles {
		return out, nil
	}
	var files []fileRow
	err = t.x.SelectContext(ctx, &files, t.x.Rebind(`SELECT `+fileColumns+` FROM submission_files
WHERE submission_id IN (SELECT id FROM submissions`+where+`) ORDER BY submission_id, seq`), args...)
	if err != nil {
		return nil, wrapErr("select submission files", err)
	}
	index := make(map[int64]int, len(rows))
	for i, r := range rows {
		index[r.ID] = i
	}
	for _, f := range files {
		if i, ok := index[f.SubmissionID]; ok {
			out[i].Files = append(out[i].Files, f.file())
		}
	}
	return out, nil
}

// SubmittedPeriods asks only for each period's first version: the store
// numbers versions from 1 (CreateSubmission) and never deletes one, so a
// period has a version 1 exactly when it has any version, and the UNIQUE
// key allows one per agency. The index of migration 0005 (obligation,
// period, version, agency) holds every column the query reads, so SQLite
// walks only those index entries, not the rows nor the later versions, and
// one row per period comes back with its agencies joined: a weekly digest
// reads a few hundred rows rather than every version since tracking began.
// Agency codes are lowercase letters, digits and dashes (coord.Catalogue
// checks them, and agencies(code) is their foreign key), so ',' separates
// them safely.
func (t *tx) SubmittedPeriods(ctx context.Context, obligation string, periods []string) (coord.SubmittedPeriods, error) {
	out := coord.SubmittedPeriods{}
	if len(periods) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(periods)+1)
	args = append(args, obligation)
	for _, p := range periods {
		args = append(args, p)
	}
	var rows []struct {
		Period   string `db:"period"`
		Agencies string `db:"agencies"`
	}
	err := t.x.SelectContext(ctx, &rows, t.x.Rebind(submittedPeriodsQuery(len(periods))), args...)
	if err != nil {
		return nil, wrapErr("select submitted periods", err)
	}
	for _, r := range rows {
		out[r.Period] = strings.Split(r.Agencies, ",")
	}
	return out, nil
}

// submittedPeriodsQuery is SubmittedPeriods' query for n periods: one
// obligation, then the periods.
func submittedPeriodsQuery(n int) string {
	return `SELECT period, group_concat(agency, ',') AS agencies
FROM submissions WHERE obligation = ? AND version = 1 AND period IN (` + placeholders(n) + `)
GROUP BY period`
}

// placeholders is "?, ?, …" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// deliveryRow is a deliveries row as scanned.
type deliveryRow struct {
	ID           int64      `db:"id"`
	SubmissionID int64      `db:"submission_id"`
	Agency       string     `db:"agency"`
	Mode         string     `db:"mode"`
	CreatedAt    time.Time  `db:"created_at"`
	AckedBy      *int64     `db:"acked_by"`
	AckedAt      *time.Time `db:"acked_at"`
}

const deliveryColumns = `id, submission_id, agency, mode, created_at, acked_by, acked_at`

func (r deliveryRow) delivery() coord.Delivery {
	return coord.Delivery{
		ID: r.ID, SubmissionID: r.SubmissionID, Agency: r.Agency, Mode: coord.DeliveryMode(r.Mode),
		CreatedAt: r.CreatedAt, AckedBy: r.AckedBy, AckedAt: r.AckedAt,
	}
}

// CreateDelivery stores d and sets d.ID. A second delivery of the same
// submission to the same agency is refused by the UNIQUE key.
func (t *tx) CreateDelivery(ctx context.Context, d *coord.Delivery) error {
	err := t.x.GetContext(ctx, &d.ID, t.x.Rebind(`INSERT INTO deliveries
    (submission_id, agency, mode, created_at, acked_by, acked_at)
VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
		d.SubmissionID, d.Agency, string(d.Mode), d.CreatedAt.UTC(), d.AckedBy, nullTime(d.AckedAt))
	if err != nil {
		return wrapErr("insert delivery", err)
	}
	return nil
}

// Delivery returns coord.ErrNotFound for an unknown id.
func (t *tx) Delivery(ctx context.Context, id int64) (coord.Delivery, error) {
	var r deliveryRow
	err := t.x.GetContext(ctx, &r, t.x.Rebind(`SELECT `+deliveryColumns+` FROM deliveries WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return coord.Delivery{}, coord.ErrNotFound
	}
	if err != nil {
		return coord.Delivery{}, wrapErr("select delivery", err)
	}
	return r.delivery(), nil
}

// DeliveriesOf lists a submission's deliveries in the order they were made.
func (t *tx) DeliveriesOf(ctx context.Context, submissionID int64) ([]coord.Delivery, error) {
	var rows []deliveryRow
	err := t.x.SelectContext(ctx, &rows, t.x.Rebind(`SELECT `+deliveryColumns+` FROM deliveries
WHERE submission_id = ? ORDER BY id`), submissionID)
	if err != nil {
		return nil, wrapErr("select deliveries", err)
	}
	var out []coord.Delivery
	for _, r := range rows {
		out = append(out, r.delivery())
	}
	return out, nil
}

// AckDelivery claims the acknowledgement with a conditional UPDATE, so of
// two officers pressing "Đã nhận" at once exactly one is recorded; the other
// gets EConflict and can be told who was first.
func (t *tx) AckDelivery(ctx context.Context, id, by int64, at time.Time) error {
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`UPDATE deliveries SET acked_by = ?, acked_at = ?
WHERE id = ? AND acked_by IS NULL`), by, at.UTC(), id)
	if err != nil {
		return wrapErr("update delivery", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrapErr("update delivery", err)
	}
	if n == 1 {
		return nil
	}
	var exists int
	if err := t.x.GetContext(ctx, &exists, t.x.Rebind(`SELECT COUNT(*) FROM deliveries WHERE id = ?`), id); err != nil {
		return wrapErr("select delivery", err)
	}
	if exists == 0 {
		return coord.ErrNotFound
	}
	return coord.Errorf(coord.EConflict, "delivery %d already acknowledged", id)
}

// RedirectDelivery changes the mode of delivery id.
func (t *tx) RedirectDelivery(ctx context.Context, id int64, mode coord.DeliveryMode) error {
	res, err := t.x.ExecContext(ctx, t.x.Rebind(`UPDATE deliveries SET mode = ? WHERE id = ?`), string(mode), id)
	if err != nil {
		return wrapErr("redirect delivery", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrapErr("redirect delivery", err)
	} else if n == 0 {
		return coord.ErrNotFound
	}
	return nil
}

// albumRow is an album_parts row as scanned.
type albumRow struct {
	UpdateID     int64     `db:"update_id"`
	MediaGroupID string    `db:"media_group_id"`
	ChatID       int64     `db:"chat_id"`
	ReceivedAt   time.Time `db:"received_at"`
	Payload      string    `db:"payload"`
}

const albumColumns = `update_id, media_group_id, chat_id, received_at, payload`

func (r albumRow) part() coord.AlbumPart {
	return coord.AlbumPart{
		MediaGroupID: r.MediaGroupID, ChatID: r.ChatID, UpdateID: r.UpdateID, ReceivedAt: r.ReceivedAt, Payload: r.Payload,
	}
}

// AddAlbumPart keeps p until its album is taken. The update id is the key,
// so a part Telegram delivers twice is kept once.
func (t *tx) AddAlbumPart(ctx context.Context, p coord.AlbumPart) error {
	_, err := t.x.ExecContext(ctx, t.x.Rebind(`INSERT INTO album_parts
    (update_id, media_group_id, chat_id, received_at, payload)
VALUES (?, ?, ?, ?, ?) ON CONFLICT (update_id) DO NOTHING`),
		p.UpdateID, p.MediaGroupID, p.ChatID, p.ReceivedAt.UTC(), p.Payload)
	if err != nil {
		return wrapErr("insert album part", err)
	}
	return nil
}

// TakeAlbum returns an album's parts in update order and deletes them in the
// same transaction, so an album is handled once even if two workers find it
// due: the second gets no parts.
func (t *tx) TakeAlbum(ctx context.Context, mediaGroupID string) ([]coord.AlbumPart, error) {
	var rows []albumRow
	err := t.x.SelectContext(ctx, &rows, t.x.Rebind(`SELECT `+albumColumns+` FROM album_parts
WHERE media_group_id = ? ORDER BY update_id`), mediaGroupID)
	if err != nil {
		return nil, wrapErr("select album parts", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	if _, err := t.x.ExecContext(ctx, t.x.Rebind(`DELETE FROM album_parts WHERE media_group_id = ?`), mediaGroupID); err != nil {
		return nil, wrapErr("delete album parts", err)
	}
	out := make([]coord.AlbumPart, len(rows))
	for i, r := range rows {
		out[i] = r.part()
	}
	return out, nil
}

// nullTime maps a nil *time.Time to NULL and any other to its UTC time.
func nullTime(p *time.Time) any {
	if p == nil {
		return nil
	}
	return p.UTC()
}

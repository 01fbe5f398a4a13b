package sqlite

import (
	"context"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// PendingArchives lists the files the archiver should fetch now: not yet
// archived, not given up, and either never tried or due for another try at
// now. Oldest first (by id), at most limit of them (all when limit <= 0).
// Like the Mark methods it is one statement outside any transaction, so the
// archiver holds no lock while it downloads.
func (db *DB) PendingArchives(ctx context.Context, now time.Time, limit int) ([]coord.SubmittedFile, error) {
	q := `SELECT ` + fileColumns + ` FROM submission_files
WHERE archived_at IS NULL AND given_up = FALSE AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
ORDER BY id`
	args := []any{now.UTC()}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	var rows []fileRow
	r, err := db.reader("select pending archives")
	if err != nil {
		return nil, err
	}
	if err := r.SelectContext(ctx, &rows, db.x.Rebind(q), args...); err != nil {
		return nil, wrapErr("select pending archives", err)
	}
	out := make([]coord.SubmittedFile, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.file())
	}
	return out, nil
}

// MarkArchived records that the file's bytes are in the archive under
// sha256. size is the archived size, which may differ from what Telegram
// announced (or was unknown); the last error of an earlier attempt is
// cleared so the row no longer looks troubled.
func (db *DB) MarkArchived(ctx context.Context, fileID int64, sha256 string, size int64, at time.Time) error {
	return db.updateOne(ctx, "mark file archived",
		`UPDATE submission_files SET sha256 = ?, size = ?, archived_at = ?, last_error = '' WHERE id = ?`,
		sha256, size, at.UTC(), fileID)
}

// MarkArchiveFailed records a failed attempt and when to try again; a zero
// next gives up for good (the file stays listed nowhere, with its last
// error, for an admin to look at).
func (db *DB) MarkArchiveFailed(ctx context.Context, fileID int64, attempts int, next time.Time, lastErr string) error {
	var nextAt any
	if !next.IsZero() {
		nextAt = next.UTC()
	}
	return db.updateOne(ctx, "mark file archive failed",
		`UPDATE submission_files SET attempts = ?, last_error = ?, next_attempt_at = ?, given_up = ? WHERE id = ?`,
		attempts, lastErr, nextAt, next.IsZero(), fileID)
}

// DueAlbums lists the albums whose newest part arrived before quietSince:
// Telegram sends an album's messages in quick succession, so an album quiet
// for a moment is complete. Each album is named by its first part (lowest
// update id), which also says the chat; they come in that part's order, so
// albums are handled in the order they were sent.
func (db *DB) DueAlbums(ctx context.Context, quietSince time.Time) ([]coord.AlbumPart, error) {
	var rows []albumRow
	r, err := db.reader("select due albums")
	if err != nil {
		return nil, err
	}
	err = r.SelectContext(ctx, &rows, db.x.Rebind(`SELECT `+albumColumns+` FROM album_parts
WHERE update_id IN (
    SELECT MIN(update_id) FROM album_parts
    GROUP BY media_group_id HAVING MAX(received_at) < ?)
ORDER BY update_id`), quietSince.UTC())
	if err != nil {
		return nil, wrapErr("select due albums", err)
	}
	out := make([]coord.AlbumPart, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.part())
	}
	return out, nil
}

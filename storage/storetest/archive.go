package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// Archive checks coord.ArchiveStore: which submitted files are still to be
// archived, and how the outcome of an attempt is kept.
func Archive(t *testing.T, f Factory) {
	ctx := context.Background()
	pending := func(t *testing.T, s coord.Store, now time.Time, limit int) []int64 {
		t.Helper()
		files, err := s.PendingArchives(ctx, now, limit)
		if err != nil {
			t.Fatalf("PendingArchives: %v", err)
		}
		var ids []int64
		for _, file := range files {
			ids = append(ids, file.ID)
		}
		return ids
	}
	// files stores two submissions and returns their three file ids.
	files := func(t *testing.T, s coord.Store) []int64 {
		t.Helper()
		a := createSubmission(t, s, submission("8.1", agencyA, "2027-02", t0, "a1.pdf", "a2.pdf"))
		b := createSubmission(t, s, submission("8.1", agencyB, "2027-02", t0, "b1.pdf"))
		return []int64{a.Files[0].ID, a.Files[1].ID, b.Files[0].ID}
	}

	t.Run("new files are pending, oldest first", func(t *testing.T) {
		s := open(t, f)
		ids := files(t, s)
		if got := pending(t, s, t0, 0); !slices.Equal(got, ids) {
			t.Errorf("pending = %v, want %v", got, ids)
		}
	})

	t.Run("a nil report has nothing to archive", func(t *testing.T) {
		s := open(t, f)
		createSubmission(t, s, submission("8.1", agencyA, "2027-02", t0))
		if got := pending(t, s, t0, 0); len(got) != 0 {
			t.Errorf("pending = %v, want none", got)
		}
	})

	t.Run("the limit caps the list", func(t *testing.T) {
		s := open(t, f)
		ids := files(t, s)
		if got := pending(t, s, t0, 2); !slices.Equal(got, ids[:2]) {
			t.Errorf("pending(limit 2) = %v, want %v", got, ids[:2])
		}
	})

	t.Run("pending files carry what the archiver needs", func(t *testing.T) {
		s := open(t, f)
		sub := createSubmission(t, s, submission("8.1", agencyA, "2027-02", t0, "a.pdf"))
		got, err := s.PendingArchives(ctx, t0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0] != sub.Files[0] {
			t.Errorf("pending = %+v, want %+v", got, sub.Files[0])
		}
	})

	t.Run("an archived file is no longer pending and shows its digest, not its earlier error", func(t *testing.T) {
		s := open(t, f)
		ids := files(t, s)
		if err := s.MarkArchiveFailed(ctx, ids[1], 1, t0, "timeout"); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkArchived(ctx, ids[1], "e3b0c442", 4321, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if got := pending(t, s, t0.Add(time.Hour), 0); !slices.Equal(got, []int64{ids[0], ids[2]}) {
			t.Errorf("pending = %v, want %v", got, []int64{ids[0], ids[2]})
		}
		var file coord.SubmittedFile
		for _, fl := range getSubmission(t, s, createdOf(t, s, ids[1])).Files {
			if fl.ID == ids[1] {
				file = fl
			}
		}
		if file.SHA256 != "e3b0c442" || file.Size != 4321 || file.LastError != "" {
			t.Errorf("archived file = %+v", file)
		}
		sameTimePtr(t, "ArchivedAt", file.ArchivedAt, ptr(t0.Add(time.Minute)))
	})

	t.Run("a failed attempt waits until its next try", func(t *testing.T) {
		s := open(t, f)
		ids := files(t, s)
		next := t0.Add(10 * time.Minute)
		if err := s.MarkArchiveFailed(ctx, ids[0], 1, next, "timeout"); err != nil {
			t.Fatal(err)
		}
		if got := pending(t, s, next.Add(-time.Second), 0); slices.Contains(got, ids[0]) {
			t.Errorf("a file is pending before its next try: %v", got)
		}
		if got := pending(t, s, next, 0); !slices.Contains(got, ids[0]) {
			t.Errorf("a file is not pending at its next try: %v", got)
		}
		var file coord.SubmittedFile
		_, subs := listSubmissions(t, s, coord.SubmissionFilter{Agency: agencyA})
		file = subs[0].Files[0]
		if file.Attempts != 1 || file.LastError != "timeout" || file.ArchivedAt != nil {
			t.Errorf("failed file = %+v", file)
		}
	})

	t.Run("a zero next gives up on the file for good", func(t *testing.T) {
		s := open(t, f)
		ids := files(t, s)
		if err := s.MarkArchiveFailed(ctx, ids[2], 9, time.Time{}, "404 file is too big"); err != nil {
			t.Fatal(err)
		}
		if got := pending(t, s, t0.AddDate(1, 0, 0), 0); slices.Contains(got, ids[2]) {
			t.Errorf("a given-up file is pending: %v", got)
		}
	})

	t.Run("marking an unknown file is not found", func(t *testing.T) {
		s := open(t, f)
		files(t, s)
		wantNotFound(t, "MarkArchived(404)", s.MarkArchived(ctx, 404, "x", 1, t0))
		wantNotFound(t, "MarkArchiveFailed(404)", s.MarkArchiveFailed(ctx, 404, 1, t0, "x"))
	})
}

// createdOf finds the submission that holds file id.
func createdOf(t *testing.T, s coord.Store, fileID int64) int64 {
	t.Helper()
	_, subs := listSubmissions(t, s, coord.SubmissionFilter{})
	for _, sub := range subs {
		for _, file := range sub.Files {
			if file.ID == fileID {
				return sub.ID
			}
		}
	}
	t.Fatalf("no submission holds file %d", fileID)
	return 0
}

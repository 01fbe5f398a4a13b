package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// submission is a report of agency for period of obligation, at at, with
// one file per name.
func submission(obligation, agency, period string, at time.Time, files ...string) coord.Submission {
	s := coord.Submission{Obligation: obligation, Agency: agency, Period: period, Kind: coord.WithFiles,
		SubmittedBy: 5001, ChatID: -100, SubmittedAt: at}
	if len(files) == 0 {
		s.Kind = coord.NilReport
	}
	for _, name := range files {
		s.Files = append(s.Files, coord.SubmittedFile{FileID: "tg-" + name, FileUniqueID: "u-" + name,
			Name: name, MIME: "application/pdf", Size: 1000})
	}
	return s
}

// createSubmission stores s in its own update and returns it as numbered.
func createSubmission(t *testing.T, s coord.Store, sub coord.Submission) coord.Submission {
	t.Helper()
	update(t, s, func(tx coord.Tx) error { return tx.CreateSubmission(context.Background(), &sub) })
	return sub
}

// getSubmission reads one submission back.
func getSubmission(t *testing.T, s coord.Store, id int64) coord.Submission {
	t.Helper()
	var sub coord.Submission
	view(t, s, func(tx coord.Tx) (err error) {
		sub, err = tx.Submission(context.Background(), id)
		return err
	})
	return sub
}

// listSubmissions returns the ids of the submissions f matches, in order.
func listSubmissions(t *testing.T, s coord.Store, f coord.SubmissionFilter) ([]int64, []coord.Submission) {
	t.Helper()
	var subs []coord.Submission
	view(t, s, func(tx coord.Tx) (err error) {
		subs, err = tx.Submissions(context.Background(), f)
		return err
	})
	var ids []int64
	for _, sub := range subs {
		ids = append(ids, sub.ID)
	}
	return ids, subs
}

// fileNames lists the names of files, in order.
func fileNames(files []coord.SubmittedFile) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Name)
	}
	return out
}

// Submissions checks coord.Submissions: versions per (obligation, agency,
// period), files in order, filters and the submitted-periods summary.
func Submissions(t *testing.T, f Factory) {
	ctx := context.Background()

	t.Run("versions are numbered 1, 2, 3 per obligation, agency and period", func(t *testing.T) {
		s := open(t, f)
		var got []int
		for i := range 3 {
			got = append(got, createSubmission(t, s, submission("8.1", agencyA, "2027-02", t0.Add(time.Duration(i)*time.Hour))).Version)
		}
		if !slices.Equal(got, []int{1, 2, 3}) {
			t.Errorf("versions = %v, want [1 2 3]", got)
		}
	})

	t.Run("another agency, period or obligation starts at version 1", func(t *testing.T) {
		s := open(t, f)
		createSubmission(t, s, submission("8.1", agencyA, "2027-02", t0))
		createSubmission(t, s, submission("8.1", agencyA, "2027-02", t0))
		for _, sub := range []coord.Submission{
			submission("8.1", agencyB, "2027-02", t0),
			submission("8.1", agencyA, "2027-03", t0),
			submission("8.2", agencyA, "2027-02", t0),
			submission("12.3", agencyA, "", t0),
		} {
			if got := createSubmission(t, s, sub).Version; got != 1 {
				t.Errorf("%s/%s/%q: version %d, want 1", sub.Obligation, sub.Agency, sub.Period, got)
			}
		}
	})

	t.Run("a version rolled back with its update is not consumed", func(t *testing.T) {
		s := open(t, f)
		rolledBack(t, s, func(tx coord.Tx) error {
			sub := submission("8.1", agencyA, "2027-02", t0, "a.pdf")
			return tx.CreateSubmission(ctx, &sub)
		})
		if got := createSubmission(t, s, submission("8.1", agencyA, "2027-02", t0)).Version; got != 1 {
			t.Errorf("version after a rolled-back one = %d, want 1", got)
		}
		if ids, _ := listSubmissions(t, s, coord.SubmissionFilter{}); len(ids) != 1 {
			t.Errorf("submissions = %v, want only the committed one", ids)
		}
	})

	t.Run("creating sets the ids of the submission and of its files, files numbered in order", func(t *testing.T) {
		s := open(t, f)
		sub := createSubmission(t, s, submission("8.1", agencyA, "2027-02", t0, "a.pdf", "b.pdf", "c.pdf"))
		if sub.ID == 0 {
			t.Error("submission has no id")
		}
		seen := map[int64]bool{}
		for i, file := range sub.Files {
			if file.ID == 0 || seen[file.ID] || file.SubmissionID != sub.ID || file.Seq != i+1 {
				t.Errorf("file %d = id %d, submission %d, seq %d; want a new id, %d, %d", i, file.ID, file.SubmissionID, file.Seq, sub.ID, i+1)
			}
			seen[file.ID] = true
		}
		other := createSubmission(t, s, submission("8.1", agencyA, "2027-02", t0))
		if other.ID == sub.ID {
			t.Errorf("two submissions share id %d", sub.ID)
		}
	})

	t.Run("a submission reads back field by field with its files in order", func(t *testing.T) {
		s := open(t, f)
		due, eff := t0.Add(-48*time.Hour), t0.Add(-24*time.Hour)
		want := submission("8.1", agencyB, "2027-Q1", t0, "z.pdf", "a.jpg")
		want.Note, want.ReplacesWrong, want.Due, want.EffectiveDue, want.LateDays = "bản sửa", true, &due, &eff, 1
		want.Files[1].Photo, want.Files[1].MIME = true, "image/jpeg"
		want = createSubmission(t, s, want)
		got := getSubmission(t, s, want.ID)
		sameTime(t, "SubmittedAt", got.SubmittedAt, want.SubmittedAt)
		sameTimePtr(t, "Due", got.Due, want.Due)
		sameTimePtr(t, "EffectiveDue", got.EffectiveDue, want.EffectiveDue)
		if fmt.Sprint(fileNames(got.Files)) != "[z.pdf a.jpg]" {
			t.Fatalf("files = %v, want [z.pdf a.jpg]", fileNames(got.Files))
		}
		for i, file := range got.Files {
			if file != want.Files[i] {
				t.Errorf("file %d = %+v, want %+v", i, file, want.Files[i])
			}
		}
		got.SubmittedAt, got.Due, got.EffectiveDue, got.Files = want.SubmittedAt, want.Due, want.EffectiveDue, want.Files
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
			t.Errorf("submission = %+v, want %+v", got, want)
		}
	})

	t.Run("a nil report of an event-driven obligation reads back without files or due", func(t *testing.T) {
		s := open(t, f)
		sub := createSubmission(t, s, submission("12.3", agencyA, "", t0))
		got := getSubmission(t, s, sub.ID)
		if got.Kind != coord.NilReport || got.Period != "" || len(got.Files) != 0 || got.Due != nil || got.EffectiveDue != nil || got.LateDays != 0 {
			t.Errorf("nil report = %+v", got)
		}
	})

	t.Run("an unknown submission is not found", func(t *testing.T) {
		s := open(t, f)
		view(t, s, func(tx coord.Tx) error {
			_, err := tx.Submission(ctx, 404)
			wantNotFound(t, "Submission(404)", err)
			return nil
		})
	})

	t.Run("Submissions lists oldest first by time, then by id", func(t *testing.T) {
		s := open(t, f)
		late := createSubmission(t, s, submission("8.1", agencyA, "2027-02", t0.Add(time.Hour)))
		early := createSubmission(t, s, submission("8.1", agencyB, "2027-02", t0))
		tie := createSubmission(t, s, submission("8.1", agencyC, "2027-02", t0))
		if ids, _ := listSubmissions(t, s, coord.SubmissionFilter{}); !slices.Equal(ids, []int64{early.ID, tie.ID, late.ID}) {
			t.Errorf("order = %v, want %v", ids, []int64{early.ID, tie.ID, late.ID})
		}
	})

	t.Run("Submissions filters by obligation, agency, period, periods and since", func(t *testing.T) {
		s := open(t, f)
		a := createSubmission(t, s, submission("8.1", agencyA, "2027-01", t0))
		b := createSubmission(t, s, submission("8.1", agencyB, "2027-02", t0.Add(time.Hour)))
		c := createSubmission(t, s, submission("8.2", agencyA, "2027-02", t0.Add(2*time.Hour)))
		d := createSubmission(t, s, submission("8.1", agencyA, "2027-03", t0.Add(3*time.Hour)))
		check := func(name string, f coord.SubmissionFilter, want ...int64) {
			t.Helper()
			if ids, _ := listSubmissions(t, s, f); !slices.Equal(ids, want) {
				t.Errorf("%s: %v, want %v", name, ids, want)
			}
		}
		check("obligation", coord.SubmissionFilter{Obligation: "8.1"}, a.ID, b.ID, d.ID)
		check("agency", coord.SubmissionFilter{Agency: agencyA}, a.ID, c.ID, d.ID)
		check("period", coord.SubmissionFilter{Period: "2027-02"}, b.ID, c.ID)
		check("periods", coord.SubmissionFilter{Periods: []string{"2027-01", "2027-03"}}, a.ID, d.ID)
		check("since, inclusive", coord.SubmissionFilter{Since: t0.Add(2 * time.Hour)}, c.ID, d.ID)
		check("all together", coord.SubmissionFilter{Obligation: "8.1", Agency: agencyA,
			Periods: []string{"2027-01", "2027-03"}, Since: t0.Add(time.Minute)}, d.ID)
		check("nothing matches", coord.SubmissionFilter{Agency: agencyC})
	})

	t.Run("Submissions returns each submission's own files unless NoFiles", func(t *testing.T) {
		s := open(t, f)
		createSubmission(t, s, submission("8.1", agencyA, "2027-01", t0, "a1", "a2"))
		createSubmission(t, s, submission("8.1", agencyB, "2027-01", t0.Add(time.Minute)))
		createSubmission(t, s, submission("8.1", agencyC, "2027-01", t0.Add(2*time.Minute), "c1"))
		_, subs := listSubmissions(t, s, coord.SubmissionFilter{Obligation: "8.1"})
		var got []string
		for _, sub := range subs {
			got = append(got, fmt.Sprint(fileNames(sub.Files)))
		}
		if fmt.Sprint(got) != "[[a1 a2] [] [c1]]" {
			t.Errorf("files = %v, want [[a1 a2] [] [c1]]", got)
		}
		_, subs = listSubmissions(t, s, coord.SubmissionFilter{Obligation: "8.1", NoFiles: true})
		for _, sub := range subs {
			if len(sub.Files) != 0 {
				t.Errorf("NoFiles: submission %d has files %v", sub.ID, fileNames(sub.Files))
			}
		}
		if len(subs) != 3 {
			t.Errorf("NoFiles listed %d submissions, want 3", len(subs))
		}
	})

	t.Run("SubmittedPeriods names each agency once per period, whatever its versions", func(t *testing.T) {
		s := open(t, f)
		createSubmission(t, s, submission("8.1", agencyA, "2027-01", t0))
		createSubmission(t, s, submission("8.1", agencyA, "2027-01", t0))
		createSubmission(t, s, submission("8.1", agencyB, "2027-01", t0))
		createSubmission(t, s, submission("8.1", agencyB, "2027-02", t0))
		createSubmission(t, s, submission("8.2", agencyC, "2027-01", t0))
		createSubmission(t, s, submission("8.1", agencyC, "2027-04", t0))
		var got coord.SubmittedPeriods
		view(t, s, func(tx coord.Tx) (err error) {
			got, err = tx.SubmittedPeriods(ctx, "8.1", []string{"2027-01", "2027-02", "2027-03"})
			return err
		})
		jan := slices.Clone(got["2027-01"])
		slices.Sort(jan)
		if want := []string{agencyB, agencyA}; !slices.Equal(jan, want) {
			t.Errorf("2027-01: %v, want %v", jan, want)
		}
		if !slices.Equal(got["2027-02"], []string{agencyB}) {
			t.Errorf("2027-02: %v, want [%s]", got["2027-02"], agencyB)
		}
		if _, ok := got["2027-03"]; ok {
			t.Errorf("a period nobody submitted is present: %v", got["2027-03"])
		}
		if _, ok := got["2027-04"]; ok {
			t.Error("a period not asked for is present")
		}
		if len(got) != 2 {
			t.Errorf("SubmittedPeriods = %v, want two periods", got)
		}
	})

	t.Run("SubmittedPeriods of no periods is empty", func(t *testing.T) {
		s := open(t, f)
		createSubmission(t, s, submission("8.1", agencyA, "2027-01", t0))
		view(t, s, func(tx coord.Tx) error {
			got, err := tx.SubmittedPeriods(ctx, "8.1", nil)
			if err != nil {
				return err
			}
			if len(got) != 0 {
				t.Errorf("SubmittedPeriods(no periods) = %v, want empty", got)
			}
			return nil
		})
	})
}

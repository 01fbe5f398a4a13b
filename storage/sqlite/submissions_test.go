package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

func TestFileSubmissions(t *testing.T) {
	testSubmissions(t, func(t *testing.T) *DB {
		return openAt(t, filepath.Join(t.TempDir(), "data", "bot.db"))
	})
}

func TestMemorySubmissions(t *testing.T) {
	testSubmissions(t, func(t *testing.T) *DB { return openAt(t, Memory) })
}

// newSubmission builds a submission with one document per name given (none:
// a nil report).
func newSubmission(obligation, agency, period string, at time.Time, files ...string) coord.Submission {
	s := coord.Submission{
		Obligation: obligation, Agency: agency, Period: period, Kind: coord.NilReport,
		SubmittedBy: 1, ChatID: -100, SubmittedAt: at,
	}
	for _, name := range files {
		s.Kind = coord.WithFiles
		s.Files = append(s.Files, coord.SubmittedFile{
			FileID: "fid-" + name, FileUniqueID: "uid-" + name, Name: name, MIME: "application/pdf", Size: 1000,
		})
	}
	return s
}

// create stores s in its own transaction and returns it as numbered.
func create(t *testing.T, db *DB, s coord.Submission) coord.Submission {
	t.Helper()
	update(t, db, func(tx coord.Tx) error { return tx.CreateSubmission(context.Background(), &s) })
	return s
}

// utc returns s with every time in UTC, as the store gives them back, so
// that submissions compare with reflect.DeepEqual.
func utc(s coord.Submission) coord.Submission {
	utcPtr := func(p *time.Time) *time.Time {
		if p == nil {
			return nil
		}
		u := p.UTC()
		return &u
	}
	s.SubmittedAt = s.SubmittedAt.UTC()
	s.Due, s.EffectiveDue = utcPtr(s.Due), utcPtr(s.EffectiveDue)
	s.Files = slices.Clone(s.Files)
	for i := range s.Files {
		s.Files[i].ArchivedAt = utcPtr(s.Files[i].ArchivedAt)
	}
	return s
}

func ids(ss []coord.Submission) []int64 {
	out := []int64{}
	for _, s := range ss {
		out = append(out, s.ID)
	}
	return out
}

func fileIDs(fs []coord.SubmittedFile) []int64 {
	out := []int64{}
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

func testSubmissions(t *testing.T, open func(t *testing.T) *DB) {
	ctx := context.Background()

	t.Run("Versions", func(t *testing.T) {
		db := open(t)
		a1 := create(t, db, newSubmission("12.1", "ca", "2027-01", t0, "a.pdf"))
		a2 := create(t, db, newSubmission("12.1", "ca", "2027-01", t0.Add(time.Hour), "b.pdf"))
		other := create(t, db, newSubmission("12.1", "ca", "2027-02", t0))
		otherAgency := create(t, db, newSubmission("12.1", "bqlkcn", "2027-01", t0))
		ev1 := create(t, db, newSubmission("12.3", "ca", "", t0))
		ev2 := create(t, db, newSubmission("12.3", "ca", "", t0))
		for _, c := range []struct {
			name string
			s    coord.Submission
			want int
		}{{"first", a1, 1}, {"second", a2, 2}, {"other period", other, 1}, {"other agency", otherAgency, 1},
			{"event-driven first", ev1, 1}, {"event-driven second", ev2, 2}} {
			if c.s.Version != c.want || c.s.ID == 0 {
				t.Errorf("%s: id %d version %d, want version %d", c.name, c.s.ID, c.s.Version, c.want)
			}
		}
		if a1.ID == a2.ID {
			t.Errorf("two versions share id %d", a1.ID)
		}
	})

	t.Run("RoundTrip", func(t *testing.T) {
		db := open(t)
		due := time.Date(2027, 3, 5, 0, 0, 0, 0, hanoi)
		eff := time.Date(2027, 3, 8, 0, 0, 0, 0, hanoi)
		archived := t0.Add(-time.Minute)
		s := newSubmission("12.1", "ca", "2027-02", t0, "báo cáo.pdf", "bảng.xlsx")
		s.Files = append(s.Files, coord.SubmittedFile{FileID: "fid-photo", FileUniqueID: "uid-photo", MIME: "image/jpeg", Size: 52000, Photo: true,
			SHA256: "abc", ArchivedAt: &archived})
		s.Note, s.ReplacesWrong, s.Due, s.EffectiveDue, s.LateDays = "Bản sửa", true, &due, &eff, 6
		s.SubmittedBy, s.ChatID = 77, -1001
		s = create(t, db, s)
		if s.ID == 0 || s.Version != 1 {
			t.Fatalf("created: id %d version %d", s.ID, s.Version)
		}
		seen := map[int64]bool{}
		for i, f := range s.Files {
			if f.ID == 0 || seen[f.ID] || f.SubmissionID != s.ID || f.Seq != i+1 {
				t.Errorf("file %d: id %d submission %d seq %d; want a new id, submission %d, seq %d",
					i, f.ID, f.SubmissionID, f.Seq, s.ID, i+1)
			}
			seen[f.ID] = true
		}
		nilReport := create(t, db, newSubmission("13.3", "ca", "2027-02", t0))

		update(t, db, func(tx coord.Tx) error {
			for _, want := range []coord.Submission{s, nilReport} {
				got, err := tx.Submission(ctx, want.ID)
				if err != nil {
					return err
				}
				if got.SubmittedAt.Location() != time.UTC {
					t.Errorf("submitted_at location %v, want UTC", got.SubmittedAt.Location())
				}
				if !reflect.DeepEqual(got, utc(want)) {
					t.Errorf("Submission(%d) =\n%+v\nwant\n%+v", want.ID, got, utc(want))
				}
			}
			if _, err := tx.Submission(ctx, 9999); !isNotFound(err) {
				t.Errorf("Submission(9999) error = %v, want ErrNotFound", err)
			}
			return nil
		})
	})

	t.Run("ConcurrentVersions", func(t *testing.T) {
		db := open(t)
		if db.path == Memory {
			t.Skip("one connection: nothing runs concurrently")
		}
		// Several keys at once, two submitters per key, all released together.
		const keys = 5
		start := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		versions := map[string][]int{}
		errs := make(chan error, 2*keys)
		for k := range keys {
			period := fmt.Sprintf("2027-%02d", k+1)
			for range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					s := newSubmission("12.1", "ca", period, t0, "x.pdf")
					if err := db.Update(ctx, func(tx coord.Tx) error { return tx.CreateSubmission(ctx, &s) }); err != nil {
						errs <- err
						return
					}
					mu.Lock()
					versions[period] = append(versions[period], s.Version)
					mu.Unlock()
				}()
			}
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("concurrent CreateSubmission: %v", err)
		}
		for period, vs := range versions {
			slices.Sort(vs)
			if !reflect.DeepEqual(vs, []int{1, 2}) {
				t.Errorf("period %s: versions %v, want [1 2]", period, vs)
			}
		}
		if len(versions) != keys {
			t.Errorf("%d periods stored, want %d", len(versions), keys)
		}
	})

	t.Run("Filters", func(t *testing.T) {
		db := open(t)
		// Created out of time order, to check that the listing is by
		// submitted_at and not by id.
		c := create(t, db, newSubmission("13.3", "ca", "2027-02", t0.Add(2*time.Hour), "c1.pdf"))
		a := create(t, db, newSubmission("12.1", "ca", "2027-01", t0, "a1.pdf", "a2.pdf"))
		b := create(t, db, newSubmission("12.1", "bqlkcn", "2027-01", t0.Add(time.Hour)))
		d := create(t, db, newSubmission("12.1", "ca", "2027-01", t0.Add(30*time.Minute), "d1.pdf", "d2.pdf", "d3.pdf"))
		if d.Version != 2 {
			t.Fatalf("second ca 12.1 2027-01: version %d, want 2", d.Version)
		}
		all := map[int64]coord.Submission{a.ID: a, b.ID: b, c.ID: c, d.ID: d}

		// In another zone and a nanosecond before b, so that the comparison
		// must be by instant.
		sinceB := t0.Add(time.Hour).Add(-time.Nanosecond).In(time.FixedZone("X", -5*3600))
		for _, tc := range []struct {
			name string
			f    coord.SubmissionFilter
			want []coord.Submission
		}{
			{"All", coord.SubmissionFilter{}, []coord.Submission{a, d, b, c}},
			{"Agency", coord.SubmissionFilter{Agency: "ca"}, []coord.Submission{a, d, c}},
			{"Obligation", coord.SubmissionFilter{Obligation: "12.1"}, []coord.Submission{a, d, b}},
			{"Period", coord.SubmissionFilter{Period: "2027-02"}, []coord.Submission{c}},
			{"Since", coord.SubmissionFilter{Since: sinceB}, []coord.Submission{b, c}},
			{"SinceExact", coord.SubmissionFilter{Since: t0.Add(time.Hour)}, []coord.Submission{b, c}},
			{"Combined", coord.SubmissionFilter{Obligation: "12.1", Agency: "ca", Period: "2027-01", Since: t0.Add(time.Minute)}, []coord.Submission{d}},
			{"None", coord.SubmissionFilter{Agency: "ldtbxh"}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				update(t, db, func(tx coord.Tx) error {
					got, err := tx.Submissions(ctx, tc.f)
					if err != nil {
						return err
					}
					if !reflect.DeepEqual(ids(got), ids(tc.want)) {
						t.Fatalf("Submissions(%+v) = ids %v, want %v", tc.f, ids(got), ids(tc.want))
					}
					for _, s := range got {
						if want := utc(all[s.ID]); !reflect.DeepEqual(s, want) {
							t.Errorf("submission %d =\n%+v\nwant\n%+v", s.ID, s, want)
						}
					}
					return nil
				})
			})
		}
	})

	// Views ask only for the periods they track (Periods), without files
	// (NoFiles), or only which agencies submitted them (SubmittedPeriods):
	// each must answer exactly what the unbounded query answered for those
	// periods, whatever the versions, their order and their replacements.
	t.Run("TrackedPeriods", func(t *testing.T) {
		db := open(t)
		at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
		// Before tracking began, and a period nobody asks for.
		create(t, db, newSubmission("12.1", "ca", "2024-12", at(-2000), "old.pdf"))
		create(t, db, newSubmission("12.1", "ldtbxh", "2026-12", at(-100), "dec.pdf"))
		// Three versions, the second submitted before the first (the
		// listing is by time) and the third replacing a wrong one.
		create(t, db, newSubmission("12.1", "ca", "2027-01", at(2), "v1.pdf", "v1b.pdf"))
		create(t, db, newSubmission("12.1", "ca", "2027-01", at(1), "v2.pdf"))
		replacement := newSubmission("12.1", "ca", "2027-01", at(3), "v3.pdf")
		replacement.ReplacesWrong = true
		create(t, db, replacement)
		create(t, db, newSubmission("12.1", "ca", "2027-02", at(4)))
		create(t, db, newSubmission("12.1", "bqlkcn", "2027-02", at(5), "b1.pdf"))
		create(t, db, newSubmission("12.1", "bqlkcn", "2027-02", at(6), "b2.pdf"))
		// Another obligation, same agency and period.
		create(t, db, newSubmission("13.3", "ca", "2027-01", at(7), "x.pdf"))

		tracked := []string{"2027-01", "2027-02", "2027-03"}
		inTracked := func(subs []coord.Submission) []coord.Submission {
			var out []coord.Submission
			for _, s := range subs {
				if slices.Contains(tracked, s.Period) {
					out = append(out, s)
				}
			}
			return out
		}
		withoutFiles := func(subs []coord.Submission) []coord.Submission {
			out := slices.Clone(subs)
			for i := range out {
				out[i].Files = nil
			}
			return out
		}
		update(t, db, func(tx coord.Tx) error {
			for _, f := range []coord.SubmissionFilter{
				{Obligation: "12.1", Agency: "ca"},
				{Obligation: "12.1", Agency: "bqlkcn"},
				{Obligation: "12.1", Agency: "ldtbxh"},
				{Obligation: "12.1"},
				{Obligation: "13.3", Agency: "ca"},
			} {
				all, err := tx.Submissions(ctx, f)
				if err != nil {
					return err
				}
				want := inTracked(all)
				bounded := f
				bounded.Periods = tracked
				got, err := tx.Submissions(ctx, bounded)
				if err != nil {
					return err
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("Submissions(%+v) =\n%+v\nwant the unbounded answer's tracked periods\n%+v", bounded, got, want)
				}
				bounded.NoFiles = true
				got, err = tx.Submissions(ctx, bounded)
				if err != nil {
					return err
				}
				if !reflect.DeepEqual(got, withoutFiles(want)) {
					t.Errorf("Submissions(%+v) =\n%+v\nwant\n%+v", bounded, got, withoutFiles(want))
				}
			}
			// The versions of ca's 2027-01 come back whole and by time, so
			// the period is judged on the replacement.
			got, err := tx.Submissions(ctx, coord.SubmissionFilter{Obligation: "12.1", Agency: "ca", Periods: []string{"2027-01"}, NoFiles: true})
			if err != nil {
				return err
			}
			var versions []int
			for _, s := range got {
				versions = append(versions, s.Version)
			}
			if !reflect.DeepEqual(versions, []int{2, 1, 3}) || !got[2].ReplacesWrong || got[0].ReplacesWrong || got[1].ReplacesWrong {
				t.Errorf("ca 12.1 2027-01: versions %v (replaces wrong %v, %v, %v), want [2 1 3] with only 3 replacing",
					versions, got[0].ReplacesWrong, got[1].ReplacesWrong, got[2].ReplacesWrong)
			}
			if judged := (coord.PeriodState{Versions: got}).JudgedAt(); !judged.Equal(at(3)) {
				t.Errorf("ca 12.1 2027-01 judged at %v, want %v", judged, at(3))
			}
			return nil
		})

		t.Run("SubmittedPeriods", func(t *testing.T) {
			sorted := func(s coord.SubmittedPeriods) map[string][]string {
				out := map[string][]string{}
				for p, agencies := range s {
					out[p] = slices.Sorted(slices.Values(agencies))
				}
				return out
			}
			update(t, db, func(tx coord.Tx) error {
				asked := append([]string{"2024-12"}, tracked...)
				got, err := tx.SubmittedPeriods(ctx, "12.1", asked)
				if err != nil {
					return err
				}
				// What the unbounded query says, period by period.
				all, err := tx.Submissions(ctx, coord.SubmissionFilter{Obligation: "12.1"})
				if err != nil {
					return err
				}
				want := map[string][]string{}
				for _, s := range all {
					if slices.Contains(asked, s.Period) && !slices.Contains(want[s.Period], s.Agency) {
						want[s.Period] = append(want[s.Period], s.Agency)
					}
				}
				for p := range want {
					slices.Sort(want[p])
				}
				if !reflect.DeepEqual(sorted(got), want) {
					t.Errorf("SubmittedPeriods(12.1, %v) = %v, want %v", asked, sorted(got), want)
				}
				if explicit := map[string][]string{"2024-12": {"ca"}, "2027-01": {"ca"}, "2027-02": {"bqlkcn", "ca"}}; !reflect.DeepEqual(want, explicit) {
					t.Fatalf("the unbounded query says %v, want %v", want, explicit)
				}
				if !got.Has("2027-02", "bqlkcn") || got.Has("2027-03", "ca") || got.Has("2026-12", "ldtbxh") {
					t.Errorf("Has: 2027-02 bqlkcn %v, 2027-03 ca %v, 2026-12 ldtbxh (not asked) %v; want true, false, false",
						got.Has("2027-02", "bqlkcn"), got.Has("2027-03", "ca"), got.Has("2026-12", "ldtbxh"))
				}
				if got, err := tx.SubmittedPeriods(ctx, "13.3", tracked); err != nil || !reflect.DeepEqual(sorted(got), map[string][]string{"2027-01": {"ca"}}) {
					t.Errorf("SubmittedPeriods(13.3) = %v, %v; want 2027-01 by ca", got, err)
				}
				if got, err := tx.SubmittedPeriods(ctx, "12.1", nil); err != nil || len(got) != 0 {
					t.Errorf("SubmittedPeriods(12.1, no periods) = %v, %v; want nothing", got, err)
				}
				return nil
			})
		})
	})

	t.Run("Deliveries", func(t *testing.T) {
		db := open(t)
		s := create(t, db, newSubmission("12.1", "ca", "2027-01", t0, "a.pdf"))
		group := coord.Delivery{SubmissionID: s.ID, Agency: "ldtbxh", Mode: coord.ToGroup, CreatedAt: t0}
		private := coord.Delivery{SubmissionID: s.ID, Agency: "bqlkcn", Mode: coord.ToOfficers, CreatedAt: t0}
		update(t, db, func(tx coord.Tx) error {
			if err := tx.CreateDelivery(ctx, &group); err != nil {
				return err
			}
			return tx.CreateDelivery(ctx, &private)
		})
		if group.ID == 0 || private.ID == 0 || group.ID == private.ID {
			t.Fatalf("delivery ids %d, %d", group.ID, private.ID)
		}
		update(t, db, func(tx coord.Tx) error {
			got, err := tx.Delivery(ctx, group.ID)
			if err != nil {
				return err
			}
			if got.SubmissionID != s.ID || got.Agency != "ldtbxh" || got.Mode != coord.ToGroup ||
				!got.CreatedAt.Equal(t0) || got.AckedBy != nil || got.AckedAt != nil {
				t.Errorf("Delivery(%d) = %+v", group.ID, got)
			}
			list, err := tx.DeliveriesOf(ctx, s.ID)
			if err != nil {
				return err
			}
			if len(list) != 2 || list[0].ID != group.ID || list[1].ID != private.ID || list[1].Mode != coord.ToOfficers {
				t.Errorf("DeliveriesOf = %+v", list)
			}
			if list, err := tx.DeliveriesOf(ctx, 9999); err != nil || len(list) != 0 {
				t.Errorf("DeliveriesOf(9999) = %+v, %v; want none", list, err)
			}
			if _, err := tx.Delivery(ctx, 9999); !isNotFound(err) {
				t.Errorf("Delivery(9999) error = %v, want ErrNotFound", err)
			}
			return nil
		})

		acked := t0.Add(time.Hour)
		update(t, db, func(tx coord.Tx) error { return tx.AckDelivery(ctx, group.ID, 42, acked) })
		update(t, db, func(tx coord.Tx) error {
			got, err := tx.Delivery(ctx, group.ID)
			if err != nil {
				return err
			}
			if got.AckedBy == nil || *got.AckedBy != 42 || got.AckedAt == nil || !got.AckedAt.Equal(acked) {
				t.Errorf("acknowledged delivery = %+v, want acked by 42 at %v", got, acked)
			}
			if other, err := tx.Delivery(ctx, private.ID); err != nil || other.AckedBy != nil {
				t.Errorf("other delivery = %+v, %v; want unacknowledged", other, err)
			}
			return nil
		})

		t.Run("ErrConflict", func(t *testing.T) {
			err := db.Update(ctx, func(tx coord.Tx) error { return tx.AckDelivery(ctx, group.ID, 43, acked) })
			if coord.ErrorCode(err) != coord.EConflict {
				t.Errorf("second AckDelivery error = %v (code %q), want EConflict", err, coord.ErrorCode(err))
			}
			update(t, db, func(tx coord.Tx) error {
				if got, err := tx.Delivery(ctx, group.ID); err != nil || got.AckedBy == nil || *got.AckedBy != 42 {
					t.Errorf("after second ack: %+v, %v; want still acked by 42", got, err)
				}
				return nil
			})
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			err := db.Update(ctx, func(tx coord.Tx) error { return tx.AckDelivery(ctx, 9999, 43, acked) })
			if !isNotFound(err) {
				t.Errorf("AckDelivery(unknown) error = %v, want ErrNotFound", err)
			}
		})

		t.Run("ErrDuplicate", func(t *testing.T) {
			dup := coord.Delivery{SubmissionID: s.ID, Agency: "ldtbxh", Mode: coord.Unreachable, CreatedAt: t0}
			if err := db.Update(ctx, func(tx coord.Tx) error { return tx.CreateDelivery(ctx, &dup) }); err == nil {
				t.Error("second delivery of a submission to the same agency was stored")
			}
		})

		t.Run("ErrBadMode", func(t *testing.T) {
			bad := coord.Delivery{SubmissionID: s.ID, Agency: "ca", Mode: "pigeon", CreatedAt: t0}
			if err := db.Update(ctx, func(tx coord.Tx) error { return tx.CreateDelivery(ctx, &bad) }); err == nil {
				t.Error("delivery with mode pigeon was stored")
			}
		})

		t.Run("ErrUnknownSubmission", func(t *testing.T) {
			bad := coord.Delivery{SubmissionID: 9999, Agency: "ca", Mode: coord.ToGroup, CreatedAt: t0}
			err := db.Update(ctx, func(tx coord.Tx) error { return tx.CreateDelivery(ctx, &bad) })
			if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
				t.Errorf("delivery of unknown submission: error = %v, want a foreign key failure", err)
			}
		})
	})

	t.Run("Archives", func(t *testing.T) {
		db := open(t)
		s1 := create(t, db, newSubmission("12.1", "ca", "2027-01", t0, "f1.pdf", "f2.pdf"))
		s2 := create(t, db, newSubmission("12.1", "bqlkcn", "2027-01", t0, "f3.pdf"))
		create(t, db, newSubmission("13.3", "ca", "2027-01", t0)) // nil report: no files
		f1, f2, f3 := s1.Files[0], s1.Files[1], s2.Files[0]
		pending := func(now time.Time, limit int) []coord.SubmittedFile {
			t.Helper()
			fs, err := db.PendingArchives(ctx, now, limit)
			if err != nil {
				t.Fatal(err)
			}
			return fs
		}
		expect := func(name string, now time.Time, want ...coord.SubmittedFile) {
			t.Helper()
			if got := fileIDs(pending(now, 0)); !reflect.DeepEqual(got, fileIDs(want)) {
				t.Errorf("%s: PendingArchives(%v) = %v, want %v", name, now, got, fileIDs(want))
			}
		}

		expect("new", t0, f1, f2, f3)
		if got := pending(t0, 2); !reflect.DeepEqual(fileIDs(got), fileIDs([]coord.SubmittedFile{f1, f2})) {
			t.Errorf("PendingArchives(limit 2) = %v", fileIDs(got))
		} else if got[0].FileID != "fid-f1.pdf" || got[0].SubmissionID != s1.ID || got[0].Seq != 1 || got[0].ArchivedAt != nil {
			t.Errorf("pending file = %+v", got[0])
		}

		next := t0.Add(10 * time.Minute)
		if err := db.MarkArchiveFailed(ctx, f1.ID, 1, next, "timeout"); err != nil {
			t.Fatal(err)
		}
		expect("failed, retry ahead", t0, f2, f3)
		expect("failed, a nanosecond early", next.Add(-time.Nanosecond).In(hanoi), f2, f3)
		expect("failed, retry due", next.In(time.FixedZone("X", -5*3600)), f1, f2, f3)
		if got := pending(next.Add(time.Minute), 1); len(got) != 1 || got[0].ID != f1.ID || got[0].Attempts != 1 || got[0].LastError != "timeout" {
			t.Errorf("retried file = %+v, want attempts 1 and last error", got)
		}

		at := t0.Add(11 * time.Minute)
		if err := db.MarkArchived(ctx, f1.ID, "e3b0c442", 1234, at); err != nil {
			t.Fatal(err)
		}
		expect("archived", next.Add(time.Hour), f2, f3)
		update(t, db, func(tx coord.Tx) error {
			got, err := tx.Submission(ctx, s1.ID)
			if err != nil {
				return err
			}
			f := got.Files[0]
			if f.SHA256 != "e3b0c442" || f.Size != 1234 || f.ArchivedAt == nil || !f.ArchivedAt.Equal(at) ||
				f.LastError != "" || f.Attempts != 1 {
				t.Errorf("archived file = %+v", f)
			}
			return nil
		})

		if err := db.MarkArchiveFailed(ctx, f2.ID, 5, time.Time{}, "file is too big"); err != nil {
			t.Fatal(err)
		}
		expect("given up", t0.AddDate(10, 0, 0), f3)
		var givenUp bool
		if err := db.x.GetContext(ctx, &givenUp, `SELECT given_up FROM submission_files WHERE id = ?`, f2.ID); err != nil {
			t.Fatal(err)
		}
		if !givenUp {
			t.Error("given_up = false after a zero next")
		}

		for name, err := range map[string]error{
			"MarkArchived":      db.MarkArchived(ctx, 9999, "x", 1, t0),
			"MarkArchiveFailed": db.MarkArchiveFailed(ctx, 9999, 1, t0, "x"),
		} {
			if !isNotFound(err) {
				t.Errorf("%s(unknown) error = %v, want ErrNotFound", name, err)
			}
		}
	})

	t.Run("Albums", func(t *testing.T) {
		db := open(t)
		part := func(updateID int64, group string, at time.Time, payload string) coord.AlbumPart {
			return coord.AlbumPart{MediaGroupID: group, ChatID: -100, UpdateID: updateID, ReceivedAt: at, Payload: payload}
		}
		p10 := part(10, "g1", t0, `{"n":10}`)
		p11 := part(11, "g2", t0.Add(500*time.Millisecond), `{"n":11}`)
		p12 := part(12, "g1", t0.Add(time.Second), `{"n":12}`)
		update(t, db, func(tx coord.Tx) error {
			for _, p := range []coord.AlbumPart{p12, p10, p11, part(10, "g1", t0.Add(time.Hour), `{"dup":true}`)} {
				if err := tx.AddAlbumPart(ctx, p); err != nil {
					return err
				}
			}
			return nil
		})
		due := func(quietSince time.Time) []int64 {
			t.Helper()
			heads, err := db.DueAlbums(ctx, quietSince)
			if err != nil {
				t.Fatal(err)
			}
			out := []int64{}
			for _, h := range heads {
				out = append(out, h.UpdateID)
			}
			return out
		}
		for _, c := range []struct {
			name  string
			quiet time.Time
			want  []int64
		}{
			{"none quiet", t0, []int64{}},
			{"newest part not before", t0.Add(500 * time.Millisecond), []int64{}},
			{"g2 quiet", t0.Add(600 * time.Millisecond), []int64{11}},
			{"both quiet", t0.Add(2 * time.Second), []int64{10, 11}},
		} {
			if got := due(c.quiet); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s: DueAlbums(%v) = %v, want %v", c.name, c.quiet, got, c.want)
			}
		}
		heads, err := db.DueAlbums(ctx, t0.Add(2*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if len(heads) != 2 || heads[0].MediaGroupID != "g1" || heads[0].ChatID != -100 || heads[0].Payload != `{"n":10}` ||
			!heads[0].ReceivedAt.Equal(t0) || heads[1].MediaGroupID != "g2" {
			t.Errorf("DueAlbums heads = %+v", heads)
		}

		var parts []coord.AlbumPart
		update(t, db, func(tx coord.Tx) (err error) {
			parts, err = tx.TakeAlbum(ctx, "g1")
			return err
		})
		if len(parts) != 2 || parts[0].UpdateID != 10 || parts[1].UpdateID != 12 {
			t.Fatalf("TakeAlbum(g1) = %+v, want parts 10 and 12", parts)
		}
		for i, want := range []coord.AlbumPart{p10, p12} {
			if got := parts[i]; got.Payload != want.Payload || got.MediaGroupID != "g1" || got.ChatID != -100 || !got.ReceivedAt.Equal(want.ReceivedAt) {
				t.Errorf("part %d = %+v, want %+v (the duplicate ignored)", i, got, want)
			}
		}
		update(t, db, func(tx coord.Tx) error {
			if again, err := tx.TakeAlbum(ctx, "g1"); err != nil || len(again) != 0 {
				t.Errorf("second TakeAlbum(g1) = %+v, %v; want nothing", again, err)
			}
			return nil
		})
		if got := due(t0.Add(time.Hour)); !reflect.DeepEqual(got, []int64{11}) {
			t.Errorf("DueAlbums after taking g1 = %v, want [11]", got)
		}
	})

	t.Run("View", func(t *testing.T) {
		db := open(t)
		s := create(t, db, newSubmission("12.1", "ca", "2027-01", t0, "a.pdf"))
		err := db.View(ctx, func(tx coord.Tx) error {
			got, err := tx.Submission(ctx, s.ID)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(got, utc(s)) {
				t.Errorf("Submission in View = %+v, want %+v", got, utc(s))
			}
			return nil
		})
		if err != nil {
			t.Fatalf("View: %v", err)
		}

		t.Run("ErrWrite", func(t *testing.T) {
			writes := map[string]func(tx coord.Tx) error{
				"CreateSubmission": func(tx coord.Tx) error {
					s2 := newSubmission("12.1", "ca", "2027-01", t0)
					return tx.CreateSubmission(ctx, &s2)
				},
				"PutUser": func(tx coord.Tx) error { return tx.PutUser(ctx, newUser(9, "ca")) },
			}
			for name, write := range writes {
				var writeErr error
				err := db.View(ctx, func(tx coord.Tx) error {
					writeErr = write(tx)
					return writeErr
				})
				if writeErr == nil {
					t.Errorf("%s inside View succeeded", name)
				} else if !errors.Is(err, writeErr) {
					t.Errorf("%s: View error = %v, want fn's error %v", name, err, writeErr)
				}
			}
			// Nothing was written, and writing works again afterwards (on
			// Memory the connection is shared with Update).
			update(t, db, func(tx coord.Tx) error {
				list, err := tx.Submissions(ctx, coord.SubmissionFilter{})
				if err != nil {
					return err
				}
				if len(list) != 1 {
					t.Errorf("%d submissions after writes in View, want 1", len(list))
				}
				if _, err := tx.User(ctx, 9); !isNotFound(err) {
					t.Errorf("user written in View: error = %v, want ErrNotFound", err)
				}
				return tx.PutUser(ctx, newUser(10, "ca"))
			})
		})

		t.Run("FnError", func(t *testing.T) {
			errBoom := coord.Errorf(coord.EInvalid, "boom")
			if err := db.View(ctx, func(coord.Tx) error { return errBoom }); !errors.Is(err, errBoom) || coord.ErrorCode(err) != coord.EInvalid {
				t.Errorf("View error = %v, want fn's error", err)
			}
		})

		t.Run("Panic", func(t *testing.T) {
			func() {
				defer func() {
					if r := recover(); r != "boom" {
						t.Errorf("recovered %v, want the panic of fn", r)
					}
				}()
				_ = db.View(ctx, func(coord.Tx) error { panic("boom") })
			}()
			// On Memory the single connection must be back and writable.
			update(t, db, func(tx coord.Tx) error { return tx.PutUser(ctx, newUser(11, "ca")) })
		})
	})

	t.Run("ViewDuringUpdate", func(t *testing.T) {
		db := open(t)
		if db.path == Memory {
			t.Skip("one connection: View waits for the Update by design")
		}
		committed := create(t, db, newSubmission("12.1", "ca", "2027-01", t0, "a.pdf"))

		holding, release := make(chan struct{}), make(chan struct{})
		done := make(chan error, 1)
		var pending coord.Submission
		go func() {
			done <- db.Update(ctx, func(tx coord.Tx) error {
				pending = newSubmission("12.1", "ca", "2027-01", t0.Add(time.Hour), "b.pdf")
				if err := tx.CreateSubmission(ctx, &pending); err != nil {
					return err
				}
				close(holding)
				<-release
				return nil
			})
		}()
		select {
		case <-holding:
		case err := <-done:
			t.Fatalf("Update ended before holding the write lock: %v", err)
		}
		// The writer holds its lock until release is closed; a View that
		// waited for it would fail with "database is locked" after the busy
		// timeout instead of returning here.
		var seen []int64
		viewErr := db.View(ctx, func(tx coord.Tx) error {
			list, err := tx.Submissions(ctx, coord.SubmissionFilter{})
			seen = ids(list)
			return err
		})
		close(release)
		if err := <-done; err != nil {
			t.Fatalf("Update: %v", err)
		}
		if viewErr != nil {
			t.Fatalf("View while an Update was open: %v", viewErr)
		}
		if !reflect.DeepEqual(seen, []int64{committed.ID}) {
			t.Errorf("View during Update saw %v, want only the committed %d", seen, committed.ID)
		}
		err := db.View(ctx, func(tx coord.Tx) error {
			list, err := tx.Submissions(ctx, coord.SubmissionFilter{})
			seen = ids(list)
			return err
		})
		if err != nil || !reflect.DeepEqual(seen, []int64{committed.ID, pending.ID}) {
			t.Errorf("View after commit saw %v, %v; want %v", seen, err, []int64{committed.ID, pending.ID})
		}
	})

	t.Run("ErrUnknownAgency", func(t *testing.T) {
		db := open(t)
		s := newSubmission("12.1", "nope", "2027-01", t0, "a.pdf")
		err := db.Update(ctx, func(tx coord.Tx) error { return tx.CreateSubmission(ctx, &s) })
		if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
			t.Errorf("submission of unknown agency: error = %v, want a foreign key failure", err)
		}
		if s.ID != 0 || s.Files[0].ID != 0 {
			t.Errorf("failed CreateSubmission set ids: %+v", s)
		}
	})

	t.Run("ErrBadKind", func(t *testing.T) {
		db := open(t)
		s := newSubmission("12.1", "ca", "2027-01", t0)
		s.Kind = "maybe"
		if err := db.Update(ctx, func(tx coord.Tx) error { return tx.CreateSubmission(ctx, &s) }); err == nil {
			t.Error("submission of kind maybe was stored")
		}
	})
}

func TestCloseBothPools(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	if db.r == nil {
		t.Fatal("file database has no read pool")
	}
	if err := db.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := db.r.PingContext(ctx); err == nil {
		t.Error("read pool still open after Close")
	}
	if err := db.x.PingContext(ctx); err == nil {
		t.Error("write pool still open after Close")
	}
}

// TestSubmittedPeriodsPlan checks that SubmittedPeriods is answered from
// the index of migration 0005 alone, seeking each period's first versions:
// with only the indexes of 0002, SQLite walks every version of every period
// of the obligation (in the benchmark's database of 1,000,000 submissions,
// up to 80,000 index entries per obligation instead of some 3,400).
func TestSubmittedPeriodsPlan(t *testing.T) {
	db := openAt(t, Memory)
	rows, err := db.x.Query(`EXPLAIN QUERY PLAN `+submittedPeriodsQuery(2), "12.1", "2027-01", "2027-02")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := "SEARCH submissions USING COVERING INDEX submissions_obligation_period (obligation=? AND period=? AND version=?)"
	if !reflect.DeepEqual(plan, []string{want}) {
		t.Errorf("query plan:\n%s\nwant:\n%s", strings.Join(plan, "\n"), want)
	}
}

package storetest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

func permitFact(row int, passport, name string, from, to coord.Date) coord.Fact {
	return coord.Fact{
		Person: &coord.PersonClaim{Passport: passport, Nationality: "KOR", Name: name, BirthDate: coord.Date{Year: 1985, Month: 4, Day: 2}, Sex: "Nam"},
		Doc:    &coord.Document{Kind: coord.DocWorkPermit, Number: "GP-" + passport, Position: "Kỹ sư", ValidFrom: from, ValidTo: to},
		Org:    &coord.Organisation{Kind: coord.OrgFDI, Name: "Công ty TNHH Điện tử Hàn Việt", TaxCode: "2400123456"},
		Source: coord.FactSource{Sheet: "Danh sách", Row: row},
	}
}

func orgFact(row int, kind coord.OrgKind, name, tax string) coord.Fact {
	return coord.Fact{Org: &coord.Organisation{Kind: kind, Name: name, TaxCode: tax, Licence: "GCN-" + tax, Address: "KCN Đình Trám", Zone: "Đình Trám"},
		Source: coord.FactSource{Sheet: "DS", Row: row}}
}

// Register checks coord.Register: facts read back whole with their
// source, a later version replaces the earlier one's rows, the three
// searches, the walk by person and the organisations of a kind.
func Register(t *testing.T, f Factory) {
	ctx := context.Background()
	date := func(y, m, day int) coord.Date { return coord.Date{Year: y, Month: time.Month(m), Day: day} }
	replace := func(t *testing.T, s coord.Store, sub coord.Submission, facts ...coord.Fact) int {
		t.Helper()
		var n int
		update(t, s, func(tx coord.Tx) (err error) {
			n, err = tx.ReplaceFacts(ctx, coord.FactSource{Submission: sub.ID, Obligation: sub.Obligation, Agency: sub.Agency,
				Period: sub.Period, Version: sub.Version}, facts, t0)
			return err
		})
		return n
	}
	find := func(t *testing.T, s coord.Store, q coord.FactQuery) []coord.Fact {
		t.Helper()
		var out []coord.Fact
		view(t, s, func(tx coord.Tx) (err error) {
			out, err = tx.Facts(ctx, q)
			return err
		})
		return out
	}

	t.Run("facts read back whole, with their source", func(t *testing.T) {
		s := open(t, f)
		sub := createSubmission(t, s, submission("6.4", agencyA, "2027-02", t0, "ds.xlsx"))
		if n := replace(t, s, sub, permitFact(5, "M12345678", "Kim Min-jun", date(2026, 3, 1), date(2028, 2, 29)),
			orgFact(6, coord.OrgFDI, "Công ty TNHH Điện tử Hàn Việt", "2400123456")); n != 0 {
			t.Errorf("replaced %d, want 0 on the first version", n)
		}
		got := find(t, s, coord.FactQuery{Passport: "M12345678"})
		if len(got) != 1 {
			t.Fatalf("found %d facts by passport, want 1: %+v", len(got), got)
		}
		g := got[0]
		want := permitFact(5, "M12345678", "Kim Min-jun", date(2026, 3, 1), date(2028, 2, 29))
		if g.ID <= 0 || *g.Person != *want.Person || *g.Doc != *want.Doc || *g.Org != *want.Org {
			t.Errorf("fact = %+v %+v %+v %+v", g, g.Person, g.Doc, g.Org)
		}
		src := coord.FactSource{Submission: sub.ID, Obligation: "6.4", Agency: agencyA, Period: "2027-02", Version: sub.Version, Sheet: "Danh sách", Row: 5}
		if g.Source != src {
			t.Errorf("source = %+v, want %+v", g.Source, src)
		}
		sameTime(t, "Imported", g.Imported, t0)
		// A row without dates reads back with zero dates.
		bare := coord.Fact{Person: &coord.PersonClaim{Passport: "E0000001", Nationality: "CHN"}, Doc: &coord.Document{Kind: coord.DocExemption}, Source: coord.FactSource{Row: 9}}
		sub2 := createSubmission(t, s, submission("7.3", agencyC, "2027-02", t0, "bql.xlsx"))
		replace(t, s, sub2, bare)
		g = find(t, s, coord.FactQuery{Passport: "E0000001"})[0]
		if g.Org != nil || !g.Person.BirthDate.IsZero() || !g.Doc.ValidFrom.IsZero() || !g.Doc.ValidTo.IsZero() {
			t.Errorf("a bare row read back as %+v %+v %+v", g.Person, g.Doc, g.Org)
		}
	})

	t.Run("a later version replaces the rows of the earlier one, not other periods'", func(t *testing.T) {
		s := open(t, f)
		v1 := createSubmission(t, s, submission("6.4", agencyA, "2027-02", t0, "v1.xlsx"))
		other := createSubmission(t, s, submission("6.4", agencyA, "2027-01", t0, "jan.xlsx"))
		replace(t, s, v1, permitFact(5, "M1", "A", date(2026, 1, 1), date(2027, 12, 31)), permitFact(6, "M2", "B", date(2026, 1, 1), date(2027, 12, 31)))
		replace(t, s, other, permitFact(5, "M3", "C", date(2026, 1, 1), date(2027, 12, 31)))
		v2 := createSubmission(t, s, submission("6.4", agencyA, "2027-02", t0, "v2.xlsx"))
		if n := replace(t, s, v2, permitFact(5, "M1", "A sửa", date(2026, 1, 1), date(2027, 12, 31))); n != 2 {
			t.Errorf("replaced %d rows, want the 2 of version 1", n)
		}
		if got := find(t, s, coord.FactQuery{Passport: "M2"}); len(got) != 0 {
			t.Errorf("a row of the corrected version survived: %+v", got)
		}
		got := find(t, s, coord.FactQuery{Passport: "M1"})
		if len(got) != 1 || got[0].Person.Name != "A sửa" || got[0].Source.Version != v2.Version || got[0].Source.Submission != v2.ID {
			t.Errorf("after the correction: %+v", got)
		}
		if got := find(t, s, coord.FactQuery{Passport: "M3"}); len(got) != 1 {
			t.Errorf("another period's row went with the correction: %+v", got)
		}
	})

	t.Run("search by tax code, by name without diacritics, limited to reports", func(t *testing.T) {
		s := open(t, f)
		sub := createSubmission(t, s, submission("6.4", agencyA, "2027-02", t0, "ds.xlsx"))
		fdi := createSubmission(t, s, submission("11.2", agencyB, "2027-Q1", t0, "fdi.xlsx"))
		replace(t, s, sub, permitFact(5, "M1", "Nguyễn Văn Đức", date(2026, 1, 1), date(2027, 12, 31)), permitFact(6, "M2", "Lê Thị Hoa", date(2026, 1, 1), date(2027, 12, 31)))
		replace(t, s, fdi, orgFact(7, coord.OrgFDI, "Công ty TNHH Điện tử Hàn Việt", "2400123456"))
		if got := find(t, s, coord.FactQuery{TaxCode: "2400123456"}); len(got) != 3 {
			t.Errorf("by tax code: %d facts, want 3 (two employees, the organisation)", len(got))
		}
		got := find(t, s, coord.FactQuery{Name: "  nguyen   DUC "})
		if len(got) != 1 || got[0].Person.Passport != "M1" {
			t.Errorf("by folded name: %+v", got)
		}
		if got := find(t, s, coord.FactQuery{Name: "dien tu han"}); len(got) != 3 {
			t.Errorf("an organisation's name: %d facts, want 3", len(got))
		}
		if got := find(t, s, coord.FactQuery{Name: "dien tu", Obligations: []string{"11.2"}}); len(got) != 1 || got[0].Source.Obligation != "11.2" {
			t.Errorf("limited to 11.2: %+v", got)
		}
		if got := find(t, s, coord.FactQuery{Name: "%"}); len(got) != 0 {
			t.Errorf("a %% in a name is a letter, not a wildcard: %d facts", len(got))
		}
		if got := find(t, s, coord.FactQuery{TaxCode: "2400123456", Limit: 2}); len(got) != 2 {
			t.Errorf("limit 2: %d", len(got))
		}
		view(t, s, func(tx coord.Tx) error {
			_, err := tx.Facts(ctx, coord.FactQuery{Name: "   "})
			wantCode(t, "a search without a key", err, coord.EInvalid)
			return nil
		})
	})

	t.Run("the walk goes one person at a time, the organisations by kind", func(t *testing.T) {
		s := open(t, f)
		sub := createSubmission(t, s, submission("6.4", agencyA, "2027-02", t0, "ds.xlsx"))
		visa := coord.Fact{Person: &coord.PersonClaim{Passport: "M1", Nationality: "KOR"}, Doc: &coord.Document{Kind: coord.DocVisa, Number: "V1", Purpose: "LĐ1",
			ValidFrom: date(2027, 1, 1), ValidTo: date(2027, 12, 31)}, Source: coord.FactSource{Row: 4}}
		replace(t, s, sub, permitFact(5, "M2", "B", date(2026, 1, 1), date(2027, 12, 31)), visa, permitFact(6, "M1", "A", date(2026, 1, 1), date(2027, 6, 30)),
			orgFact(7, coord.OrgRepOffice, "VPĐD ABC", "0100000001"), orgFact(8, coord.OrgFDI, "Công ty X", "0100000002"))
		var walked []string
		walk := func(kinds ...coord.DocKind) {
			walked = nil
			view(t, s, func(tx coord.Tx) error {
				return tx.EachFact(ctx, kinds, func(f coord.Fact) error {
					walked = append(walked, f.Person.Passport+":"+string(f.Doc.Kind))
					return nil
				})
			})
		}
		walk()
		if want := []string{"M1:visa", "M1:work_permit", "M2:work_permit"}; !slices.Equal(walked, want) {
			t.Errorf("walk = %v, want %v (by person, then as stored)", walked, want)
		}
		walk(coord.DocVisa)
		if want := []string{"M1:visa"}; !slices.Equal(walked, want) {
			t.Errorf("walk of visas = %v", walked)
		}
		stop := errors.New("stop")
		view(t, s, func(tx coord.Tx) error {
			n := 0
			err := tx.EachFact(ctx, nil, func(coord.Fact) error { n++; return stop })
			if !errors.Is(err, stop) || n != 1 {
				t.Errorf("fn's error: %v after %d", err, n)
			}
			return nil
		})
		var orgs []coord.Fact
		view(t, s, func(tx coord.Tx) (err error) {
			orgs, err = tx.Organisations(ctx, []coord.OrgKind{coord.OrgRepOffice})
			return err
		})
		if len(orgs) != 1 || orgs[0].Org.Name != "VPĐD ABC" || orgs[0].Person != nil {
			t.Errorf("representative offices: %+v", orgs)
		}
		view(t, s, func(tx coord.Tx) (err error) {
			orgs, err = tx.Organisations(ctx, nil)
			return err
		})
		if len(orgs) != 2 {
			t.Errorf("every organisation row: %d, want 2 (employers of people are not organisation rows)", len(orgs))
		}
	})

	t.Run("a fact without a person or an organisation is refused, and so is a person without a passport", func(t *testing.T) {
		s := open(t, f)
		sub := createSubmission(t, s, submission("6.4", agencyA, "2027-02", t0, "ds.xlsx"))
		for _, bad := range []coord.Fact{{Doc: &coord.Document{Kind: coord.DocVisa}}, {Person: &coord.PersonClaim{Name: "A"}}} {
			rolledBack(t, s, func(tx coord.Tx) error {
				_, err := tx.ReplaceFacts(ctx, coord.FactSource{Submission: sub.ID, Obligation: "6.4", Agency: agencyA, Period: "2027-02", Version: 1},
					[]coord.Fact{bad}, t0)
				wantCode(t, "a bad fact", err, coord.EInvalid)
				return nil
			})
		}
	})
	t.Run("a submission is pending import once its files are archived, until recorded", func(t *testing.T) {
		s := open(t, f)
		pending := func(obligations ...string) []int64 {
			t.Helper()
			var ids []int64
			view(t, s, func(tx coord.Tx) (err error) {
				ids, err = tx.PendingImports(ctx, obligations, 10)
				return err
			})
			return ids
		}
		a := createSubmission(t, s, submission("6.4", agencyA, "2027-02", t0, "ds.xlsx", "cv.pdf"))
		b := createSubmission(t, s, submission("9.4", agencyC, "2027-Q1", t0, "ngo.csv"))
		createSubmission(t, s, submission("6.6", agencyA, "2027-H1", t0, "bc.pdf")) // not a list
		if got := pending("6.4", "9.4"); len(got) != 0 {
			t.Fatalf("pending before any file is archived: %v", got)
		}
		if err := s.MarkArchived(ctx, a.Files[0].ID, "aa", 10, t0); err != nil {
			t.Fatal(err)
		}
		if got := pending("6.4", "9.4"); len(got) != 0 {
			t.Fatalf("pending with one of two files archived: %v", got)
		}
		// The other file given up on: nothing more will come.
		if err := s.MarkArchiveFailed(ctx, a.Files[1].ID, 20, time.Time{}, "too large"); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkArchived(ctx, b.Files[0].ID, "bb", 10, t0); err != nil {
			t.Fatal(err)
		}
		if got := pending("6.4", "9.4"); !slices.Equal(got, []int64{a.ID, b.ID}) {
			t.Fatalf("pending = %v, want [%d %d]", got, a.ID, b.ID)
		}
		if got := pending("9.4"); !slices.Equal(got, []int64{b.ID}) {
			t.Fatalf("pending of 9.4 = %v, want [%d]", got, b.ID)
		}
		rec := coord.ImportRecord{Submission: a.ID, State: coord.ImportDone, Entered: 118, Rejected: 3, Skipped: 1, Replaced: 7, At: t0}
		update(t, s, func(tx coord.Tx) error { return tx.RecordImport(ctx, rec) })
		if got := pending("6.4", "9.4"); !slices.Equal(got, []int64{b.ID}) {
			t.Fatalf("pending after recording %d = %v", a.ID, got)
		}
		rolledBack(t, s, func(tx coord.Tx) error {
			wantCode(t, "a second record", tx.RecordImport(ctx, rec), coord.EConflict)
			return nil
		})
		view(t, s, func(tx coord.Tx) error {
			got, err := tx.Import(ctx, a.ID)
			if err != nil {
				return err
			}
			sameTime(t, "At", got.At, t0)
			got.At = rec.At
			if got != rec {
				t.Errorf("import read back %+v, want %+v", got, rec)
			}
			_, err = tx.Import(ctx, b.ID)
			wantNotFound(t, "Import of an unread submission", err)
			return nil
		})
	})

	t.Run("a list that fails half-way leaves the register as it was", func(t *testing.T) {
		s := open(t, f)
		sub := createSubmission(t, s, submission("6.4", agencyA, "2027-02", t0, "ds.xlsx"))
		src := coord.FactSource{Submission: sub.ID, Obligation: "6.4", Agency: agencyA, Period: "2027-02", Version: 1}
		replace(t, s, sub, permitFact(2, "M0000001", "Kim", date(2027, 1, 1), date(2028, 1, 1)))
		broken := errors.New("the workbook breaks at row 300")
		update(t, s, func(tx coord.Tx) error {
			_, err := tx.ReplaceFactsFrom(ctx, src, t0, func(add func(coord.Fact) error) error {
				for i := 0; i < 300; i++ { // a batch written, and more waiting
					if err := add(permitFact(i+2, "P"+strconv.Itoa(1000000+i), "Người", date(2027, 1, 1), date(2028, 1, 1))); err != nil {
						return err
					}
				}
				return broken
			})
			if !errors.Is(err, broken) {
				t.Errorf("err = %v, want the list's own", err)
			}
			return nil // the caller goes on in the same transaction
		})
		if got := find(t, s, coord.FactQuery{Passport: "M0000001"}); len(got) != 1 {
			t.Errorf("the earlier row: %+v", got)
		}
		if got := find(t, s, coord.FactQuery{Passport: "P1000000"}); len(got) != 0 {
			t.Errorf("rows of the broken list stayed: %+v", got)
		}
	})

	t.Run("facts passed one at a time are written whole, past a batch", func(t *testing.T) {
		s := open(t, f)
		sub := createSubmission(t, s, submission("6.4", agencyA, "2027-02", t0, "ds.xlsx"))
		const n = 450 // two full batches and a part
		update(t, s, func(tx coord.Tx) error {
			_, err := tx.ReplaceFactsFrom(ctx, coord.FactSource{Submission: sub.ID, Obligation: "6.4", Agency: agencyA, Period: "2027-02", Version: 1},
				t0, func(add func(coord.Fact) error) error {
					for i := 0; i < n; i++ {
						if err := add(permitFact(i+2, "P"+strconv.Itoa(1000000+i), "Người "+strconv.Itoa(i), date(2027, 1, 1), date(2028, 1, 1))); err != nil {
							return err
						}
					}
					return nil
				})
			return err
		})
		count := 0
		view(t, s, func(tx coord.Tx) error {
			return tx.EachFact(ctx, nil, func(f coord.Fact) error {
				count++
				return nil
			})
		})
		if count != n {
			t.Errorf("%d facts written, want %d", count, n)
		}
		if got := find(t, s, coord.FactQuery{Passport: "P1000449"}); len(got) != 1 || got[0].Source.Row != 451 {
			t.Errorf("the last fact: %+v", got)
		}
	})
}

// RegisterAlerts checks coord.RegisterAlerts: once per key, read back
// whole, the guarded save, the open list.
func RegisterAlerts(t *testing.T, f Factory) {
	ctx := context.Background()
	alert := func(key string) coord.Alert {
		return coord.Alert{Key: key, Kind: coord.CheckStayWithoutPermit, Passport: "M1", Nationality: "KOR",
			Day:      coord.Date{Year: 2027, Month: time.June, Day: 1},
			Facts:    []coord.Fact{permitFact(5, "M1", "Kim", coord.Date{Year: 2026, Month: 1, Day: 1}, coord.Date{Year: 2027, Month: 5, Day: 31})},
			Agencies: []string{agencyB, agencyA}, CreatedAt: t0}
	}
	create := func(t *testing.T, s coord.Store, a coord.Alert) (coord.Alert, bool) {
		t.Helper()
		var created bool
		update(t, s, func(tx coord.Tx) (err error) {
			created, err = tx.CreateAlert(ctx, &a)
			return err
		})
		return a, created
	}
	get := func(t *testing.T, s coord.Store, id int64) coord.Alert {
		t.Helper()
		var a coord.Alert
		view(t, s, func(tx coord.Tx) (err error) {
			a, err = tx.Alert(ctx, id)
			return err
		})
		return a
	}

	t.Run("an alert is made once per key and reads back whole", func(t *testing.T) {
		s := open(t, f)
		a, created := create(t, s, alert("k1"))
		if !created || a.ID <= 0 || a.Version != 1 || a.State != coord.AlertOpen {
			t.Fatalf("created %v, alert %+v", created, a)
		}
		again, created := create(t, s, alert("k1"))
		if created || again.ID != 0 {
			t.Errorf("a second alert with the same key: created %v, id %d", created, again.ID)
		}
		got := get(t, s, a.ID)
		if got.Key != "k1" || got.Kind != coord.CheckStayWithoutPermit || got.Passport != "M1" || got.Day != a.Day ||
			!slices.Equal(got.Agencies, []string{agencyB, agencyA}) || len(got.Facts) != 1 || got.Org != nil {
			t.Errorf("alert = %+v", got)
		}
		if fact := got.Facts[0]; fact.Doc == nil || fact.Doc.ValidTo != a.Facts[0].Doc.ValidTo || fact.Person.Name != "Kim" || fact.Source.Row != 5 {
			t.Errorf("the alert's fact = %+v", fact)
		}
		sameTime(t, "CreatedAt", got.CreatedAt, t0)
		org := alert("k2")
		org.Kind, org.Passport, org.Nationality, org.Day, org.Facts = coord.CheckEmployerUnlisted, "", "", coord.Date{}, nil
		org.Org = &coord.Organisation{Kind: coord.OrgFDI, Name: "Công ty X", TaxCode: "2400000009"}
		o, _ := create(t, s, org)
		if got := get(t, s, o.ID); got.Org == nil || *got.Org != *org.Org || !got.Day.IsZero() || len(got.Facts) != 0 {
			t.Errorf("an employer's alert = %+v", got)
		}
	})

	t.Run("closing saves once, a stale copy is refused, the open list shrinks", func(t *testing.T) {
		s := open(t, f)
		a, _ := create(t, s, alert("k1"))
		b, _ := create(t, s, alert("k2"))
		stale := a
		a.State, a.Reason, a.ClosedBy, a.ClosedAgency, a.ClosedAt = coord.AlertNotViolation, "Đã có GPLĐ mới", 5001, agencyB, t0.Add(time.Hour)
		update(t, s, func(tx coord.Tx) error { return tx.SaveAlert(ctx, &a, t0.Add(time.Hour)) })
		if a.Version != 2 {
			t.Errorf("version after a save: %d", a.Version)
		}
		got := get(t, s, a.ID)
		sameTime(t, "ClosedAt", got.ClosedAt, t0.Add(time.Hour))
		if got.State != coord.AlertNotViolation || got.Reason != "Đã có GPLĐ mới" || got.ClosedBy != 5001 || got.ClosedAgency != agencyB {
			t.Errorf("closed alert = %+v", got)
		}
		rolledBack(t, s, func(tx coord.Tx) error {
			stale.State = coord.AlertHandled
			wantCode(t, "a stale save", tx.SaveAlert(ctx, &stale, t0), coord.EConflict)
			missing := coord.Alert{ID: 99, Key: "x", Kind: coord.CheckStayWithoutPermit, State: coord.AlertHandled, Version: 1}
			wantNotFound(t, "an unknown alert", tx.SaveAlert(ctx, &missing, t0))
			bad := b
			bad.State = "maybe"
			wantCode(t, "a bad state", tx.SaveAlert(ctx, &bad, t0), coord.EInvalid)
			return nil
		})
		var open []coord.Alert
		view(t, s, func(tx coord.Tx) (err error) {
			open, err = tx.OpenAlerts(ctx)
			return err
		})
		if len(open) != 1 || open[0].ID != b.ID {
			t.Errorf("open alerts %+v, want only %d", open, b.ID)
		}
		view(t, s, func(tx coord.Tx) error {
			_, err := tx.Alert(ctx, 99)
			wantNotFound(t, "an unknown alert", err)
			return nil
		})
	})
}

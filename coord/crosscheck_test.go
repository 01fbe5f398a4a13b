package coord

import (
	"slices"
	"testing"
	"time"
)

func dt(y, m, d int) Date { return Date{Year: y, Month: time.Month(m), Day: d} }

func person(agency, name string, born Date, doc *Document, org *Organisation) Fact {
	return Fact{Person: &PersonClaim{Passport: "M1", Nationality: "KOR", Name: name, BirthDate: born}, Doc: doc, Org: org,
		Source: FactSource{Agency: agency, Obligation: "6.4", Period: "2027-02", Row: 5}}
}

func permit(from, to Date) *Document {
	return &Document{Kind: DocWorkPermit, Number: "GP" + from.String(), ValidFrom: from, ValidTo: to}
}

func stay(kind DocKind, purpose string, from, to Date) *Document {
	return &Document{Kind: kind, Number: "TT-1", Purpose: purpose, ValidFrom: from, ValidTo: to}
}

func kinds(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, string(f.Kind)+"@"+f.Day.String())
	}
	return out
}

func TestPersonChecks(t *testing.T) {
	today := dt(2027, 3, 10)
	born := dt(1985, 4, 2)
	revoked := permit(dt(2026, 1, 1), dt(2028, 12, 31))
	revoked.Revoked = true
	for _, c := range []struct {
		name  string
		facts []Fact
		want  []string
	}{
		{"a work card covered by one permit", []Fact{
			person("congan", "Kim", born, stay(DocResidenceCard, "LĐ1", dt(2027, 1, 1), dt(2027, 12, 31)), nil),
			person("ldtbxh", "Kim", born, permit(dt(2026, 6, 1), dt(2028, 5, 31)), nil)}, nil},
		{"covered by two permits end to end", []Fact{
			person("congan", "Kim", born, stay(DocVisa, "LĐ2", dt(2027, 1, 1), dt(2027, 12, 31)), nil),
			person("ldtbxh", "Kim", born, permit(dt(2027, 6, 1), dt(2029, 5, 31)), nil),
			person("ldtbxh", "Kim", born, permit(dt(2025, 6, 1), dt(2027, 5, 31)), nil)}, nil},
		{"a day between two permits", []Fact{
			person("congan", "Kim", born, stay(DocVisa, "LD2", dt(2027, 1, 1), dt(2027, 12, 31)), nil),
			person("ldtbxh", "Kim", born, permit(dt(2027, 6, 2), dt(2029, 5, 31)), nil),
			person("ldtbxh", "Kim", born, permit(dt(2025, 6, 1), dt(2027, 5, 31)), nil)},
			[]string{"stay_without_permit@2027-06-01"}},
		{"the card outlasts the permit", []Fact{
			person("congan", "Kim", born, stay(DocResidenceCard, "LĐ1", dt(2027, 1, 1), dt(2028, 12, 31)), nil),
			person("ldtbxh", "Kim", born, permit(dt(2026, 1, 1), dt(2028, 6, 30)), nil)},
			[]string{"stay_without_permit@2028-07-01"}},
		{"no permit at all, and a revoked one does not count", []Fact{
			person("congan", "Kim", born, stay(DocVisa, "LĐ1", dt(2027, 2, 1), dt(2027, 4, 30)), nil),
			person("ldtbxh", "Kim", born, revoked, nil)},
			[]string{"stay_without_permit@2027-02-01"}},
		{"an exemption counts as a permit", []Fact{
			person("congan", "Kim", born, stay(DocVisa, "LĐ1", dt(2027, 2, 1), dt(2027, 4, 30)), nil),
			person("ldtbxh", "Kim", born, &Document{Kind: DocExemption, Number: "XN-1", ValidFrom: dt(2027, 1, 1), ValidTo: dt(2027, 12, 31)}, nil)}, nil},
		{"a visa for investment needs no permit", []Fact{
			person("congan", "Kim", born, stay(DocVisa, "ĐT", dt(2027, 2, 1), dt(2027, 4, 30)), nil)}, nil},
		{"a permit expiring within 45 days, not renewed", []Fact{
			person("ldtbxh", "Kim", born, permit(dt(2025, 4, 1), dt(2027, 4, 20)), nil)},
			[]string{"permit_expiring@2027-04-20"}},
		{"renewed: no finding", []Fact{
			person("ldtbxh", "Kim", born, permit(dt(2025, 4, 1), dt(2027, 4, 20)), nil),
			person("ldtbxh", "Kim", born, permit(dt(2027, 4, 21), dt(2029, 4, 20)), nil)}, nil},
		{"expiring after 45 days, or already expired: no finding", []Fact{
			person("ldtbxh", "Kim", born, permit(dt(2025, 4, 1), dt(2027, 4, 25)), nil),
			person("bqlkcn", "Kim", born, &Document{Kind: DocExemption, Number: "XN", ValidFrom: dt(2025, 1, 1), ValidTo: dt(2027, 3, 9)}, nil)}, nil},
		{"another name in another agency's list", []Fact{
			person("ldtbxh", "Kim Min-jun", born, permit(dt(2026, 1, 1), dt(2029, 1, 1)), nil),
			person("congan", "KIM  MIN-JUN", born, nil, nil),
			person("bqlkcn", "Kim Min-su", born, nil, nil)},
			[]string{"identity_mismatch@0000-00-00", "identity_mismatch@0000-00-00"}},
		{"another date of birth; a missing one is no disagreement", []Fact{
			person("ldtbxh", "Kim", born, nil, nil),
			person("congan", "Kim", dt(1985, 2, 4), nil, nil),
			person("bqlkcn", "", Date{}, nil, nil)},
			[]string{"identity_mismatch@0000-00-00"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := PersonChecks(c.facts, today, 45)
			if !slices.Equal(kinds(got), c.want) {
				t.Errorf("findings %v, want %v", kinds(got), c.want)
			}
			for _, f := range got {
				if f.Passport != "M1" || f.Nationality != "KOR" || f.Key == "" || len(f.Facts) == 0 {
					t.Errorf("finding %+v", f)
				}
			}
		})
	}
}

func TestFindingKeysAreStable(t *testing.T) {
	facts := []Fact{
		person("congan", "Kim", Date{}, stay(DocVisa, "LĐ1", dt(2027, 2, 1), dt(2027, 4, 30)), nil),
		person("ldtbxh", "Lee", Date{}, permit(dt(2025, 4, 1), dt(2027, 4, 20)), nil),
	}
	a := PersonChecks(facts, dt(2027, 3, 10), 45)
	// The next day, and with the rows re-imported in another order (new
	// ids, new rows): the same facts, the same keys.
	facts[0].ID, facts[1].ID, facts[1].Source.Row = 90, 91, 12
	b := PersonChecks([]Fact{facts[1], facts[0]}, dt(2027, 3, 11), 45)
	var ka, kb []string
	for _, f := range a {
		ka = append(ka, f.Key)
	}
	for _, f := range b {
		kb = append(kb, f.Key)
	}
	slices.Sort(ka)
	slices.Sort(kb)
	if len(ka) != 3 || !slices.Equal(ka, kb) {
		t.Errorf("keys %v then %v; want the same three", ka, kb)
	}
	mismatch := a[len(a)-1]
	if mismatch.Kind != CheckIdentityMismatch || !slices.Equal(mismatch.Agencies(), []string{"congan", "ldtbxh"}) {
		t.Errorf("the mismatch is told to %v, want both submitters", mismatch.Agencies())
	}
}

func TestEmployerChecks(t *testing.T) {
	emp := func(kind OrgKind, name, tax string) Fact {
		return person("ldtbxh", "Kim", Date{}, permit(dt(2026, 1, 1), dt(2028, 1, 1)), &Organisation{Kind: kind, Name: name, TaxCode: tax})
	}
	org := func(kind OrgKind, name, tax string) Fact {
		return Fact{Org: &Organisation{Kind: kind, Name: name, TaxCode: tax}, Source: FactSource{Agency: "khdt", Obligation: "11.2"}}
	}
	employers := []Fact{
		emp(OrgFDI, "Công ty TNHH Hàn Việt", "2400000001"),    // listed by tax code
		emp(OrgFDI, "CONG TY TNHH  MINH ANH", ""),             // listed by name, without diacritics
		emp(OrgFDI, "Công ty TNHH Không Có", "2400000009"),    // missing
		emp(OrgFDI, "Cty Không Có (chi nhánh)", "2400000009"), // the same employer: one finding
		emp(OrgRepOffice, "VPĐD Tokyo Trading", ""),           // missing from 13.3
		emp(OrgContractor, "Nhà thầu A", "0100000001"),        // listed, but as FDI: missing from 15.2
		emp(OrgEmployer, "Hộ kinh doanh B", ""),               // no list of its own
	}
	orgs := []Fact{
		org(OrgFDI, "Công ty khác tên", "2400000001"),
		org(OrgFDI, "Công ty TNHH Minh Anh", "2400000002"),
		org(OrgFDI, "Nhà thầu A", "0100000001"),
	}
	got := EmployerChecks(employers, orgs)
	var keys []string
	for _, f := range got {
		keys = append(keys, f.Key)
	}
	want := []string{
		"employer_unlisted fdi|tax:2400000009",
		"employer_unlisted rep_office|name:vpdd tokyo trading",
		"employer_unlisted contractor|tax:0100000001",
	}
	if !slices.Equal(keys, want) {
		t.Errorf("findings %v, want %v", keys, want)
	}
	if len(got) > 0 && len(got[0].Facts) != 2 {
		t.Errorf("the missing FDI employer's rows: %d, want both", len(got[0].Facts))
	}
}

func TestWorkPurpose(t *testing.T) {
	for s, want := range map[string]bool{"LĐ1": true, "LĐ2": true, "ld 1": true, "LD": true, "ĐT": false, "DL": false, "": false, "NG3": false} {
		if WorkPurpose(s) != want {
			t.Errorf("WorkPurpose(%q) = %v", s, !want)
		}
	}
}

package coord

import (
	"slices"
	"testing"
)

func TestRegisterFigures(t *testing.T) {
	r := NewRegisterFigures(dt(2027, 1, 1), dt(2027, 6, 30))
	fdi := &Organisation{Kind: OrgFDI, Name: "A", Zone: "Đình Trám"}
	worker := func(passport, nat string, docs ...*Document) []Fact {
		var out []Fact
		for _, d := range docs {
			out = append(out, Fact{Person: &PersonClaim{Passport: passport, Nationality: nat}, Doc: d, Org: fdi})
		}
		return out
	}
	revoked := permit(dt(2026, 1, 1), dt(2028, 1, 1))
	revoked.Revoked = true
	r.Add(worker("K1", "KOR", permit(dt(2025, 1, 1), dt(2027, 3, 31)), permit(dt(2027, 4, 1), dt(2029, 3, 31)))) // renewed in the period
	r.Add(worker("K2", "KOR", permit(dt(2026, 1, 1), dt(2028, 1, 1))))
	r.Add(worker("C1", "CHN", &Document{Kind: DocExemption, Number: "X", ValidFrom: dt(2027, 2, 1)})) // no end
	r.Add(worker("C2", "CHN", permit(dt(2025, 1, 1), dt(2026, 12, 31))))                              // ended before
	r.Add(worker("C3", "CHN", revoked))                                                               // revoked
	r.Add(worker("J1", "JPN", permit(dt(2027, 7, 1), dt(2029, 1, 1))))                                // starts after
	r.Add([]Fact{{Person: &PersonClaim{Passport: "V1", Nationality: "USA"}, Doc: &Document{Kind: DocVisa, ValidFrom: dt(2027, 1, 1), ValidTo: dt(2027, 12, 31), Purpose: "LĐ1"}}})
	if r.People != 3 || r.Permits != 3 || r.Exemptions != 1 || r.Granted != 1 || r.ValidAtEnd != 3 || r.ExpiredInPeriod != 1 || r.Revoked != 1 {
		t.Errorf("figures %+v", *r)
	}
	if got := Ranked(r.ByNationality); !slices.Equal(got, []Counted{{"KOR", 2}, {"CHN", 1}}) {
		t.Errorf("by nationality %v", got)
	}
	if r.ByEmployerKind[OrgFDI] != 3 || r.ByZone["Đình Trám"] != 3 {
		t.Errorf("by kind %v, by zone %v", r.ByEmployerKind, r.ByZone)
	}
}

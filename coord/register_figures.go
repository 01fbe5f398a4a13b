package coord

import "slices"

// RegisterFigures are the register's counts for a period, for the reports
// the coordinator writes (6.4, 6.6): the foreign workers who held a work
// permit or an exemption valid on some day of From..Until, by nationality,
// employer kind and industrial zone, and their permits' state at Until.
type RegisterFigures struct {
	From, Until Date
	// People counts the workers (passport and nationality) with a permit
	// or exemption valid during the period.
	People int
	// Permits and Exemptions count the papers valid during the period;
	// Granted the work permits whose validity began in it.
	Permits, Exemptions, Granted int
	// At Until: ValidAtEnd papers still valid, ExpiredInPeriod those that
	// ran out during the period; Revoked those revoked (whenever valid).
	ValidAtEnd, ExpiredInPeriod, Revoked int
	// The workers by nationality, by their employer's kind, and by zone
	// ("" outside any industrial zone); a worker with papers from two
	// employers counts once, under the paper valid last.
	ByNationality  map[string]int
	ByEmployerKind map[OrgKind]int
	ByZone         map[string]int
}

// NewRegisterFigures starts the counts of from..until.
func NewRegisterFigures(from, until Date) *RegisterFigures {
	return &RegisterFigures{From: from, Until: until, ByNationality: map[string]int{}, ByEmployerKind: map[OrgKind]int{}, ByZone: map[string]int{}}
}

// Add counts one person's facts (all with the same passport and
// nationality; papers other than permits and exemptions are ignored).
func (r *RegisterFigures) Add(person []Fact) {
	var latest *Fact
	for i, f := range person {
		d := f.Doc
		if f.Person == nil || d == nil || !d.Kind.Permits() || d.ValidFrom.IsZero() {
			continue
		}
		if d.Revoked {
			r.Revoked++
			continue
		}
		to := d.ValidTo
		if r.Until.Before(d.ValidFrom) || (!to.IsZero() && to.Before(r.From)) {
			continue // not valid on any day of the period
		}
		if d.Kind == DocWorkPermit {
			r.Permits++
			if !d.ValidFrom.Before(r.From) {
				r.Granted++
			}
		} else {
			r.Exemptions++
		}
		if to.IsZero() || !to.Before(r.Until) {
			r.ValidAtEnd++
		} else {
			r.ExpiredInPeriod++
		}
		if latest == nil || later(d, latest.Doc) {
			latest = &person[i]
		}
	}
	if latest == nil {
		return
	}
	r.People++
	r.ByNationality[latest.Person.Nationality]++
	kind, zone := OrgEmployer, ""
	if o := latest.Org; o != nil {
		if o.Kind != "" {
			kind = o.Kind
		}
		zone = o.Zone
	}
	r.ByEmployerKind[kind]++
	r.ByZone[zone]++
}

// later reports whether a runs longer than b (no end is the longest).
func later(a, b *Document) bool {
	switch {
	case a.ValidTo.IsZero():
		return !b.ValidTo.IsZero()
	case b.ValidTo.IsZero():
		return false
	}
	return b.ValidTo.Before(a.ValidTo)
}

// Counted is one line of a breakdown.
type Counted struct {
	Key   string
	Count int
}

// Ranked is a breakdown by count, largest first, then by key.
func Ranked[K ~string](m map[K]int) []Counted {
	out := make([]Counted, 0, len(m))
	for k, n := range m {
		out = append(out, Counted{string(k), n})
	}
	slices.SortFunc(out, func(a, b Counted) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		if a.Key < b.Key {
			return -1
		}
		if a.Key > b.Key {
			return 1
		}
		return 0
	})
	return out
}

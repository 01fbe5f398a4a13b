package coord

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The register's cross-checks (issue 15, Điều 3.3 and 8.2): pure rules over
// the facts of one person, or over the employers and the organisation lists.
// Each finding has a Key that names the fact it is about, so that an alert
// goes out once per fact however often the checks run.

// CheckKind names a cross-check.
type CheckKind string

// The cross-checks.
const (
	// A work visa or residence card (purpose LĐ…) valid on a day the person
	// has no valid work permit or exemption (Điều 8.2).
	CheckStayWithoutPermit CheckKind = "stay_without_permit"
	// A work permit that expires soon with no later one for the person.
	CheckPermitExpiring CheckKind = "permit_expiring"
	// An employer of a kind that has its own list (FDI 11.2, representative
	// office 13.3, contractor 15.2) missing from that list.
	CheckEmployerUnlisted CheckKind = "employer_unlisted"
	// The same passport with another name or date of birth in another
	// agency's list.
	CheckIdentityMismatch CheckKind = "identity_mismatch"
)

// Finding is one thing a cross-check found.
type Finding struct {
	Kind CheckKind
	// Key is the same for the same fact on every run: "stay_without_permit
	// M1234567|KOR|visa|V123".
	Key         string
	Passport    string
	Nationality string
	// Day is the first day without a permit (a stay), or the day a permit
	// expires.
	Day Date
	// Facts are the rows the finding is about, the subject first; their
	// sources say which lists and agencies are concerned.
	Facts []Fact
	// Org is the unlisted employer (CheckEmployerUnlisted).
	Org *Organisation
}

// Agencies are the agencies whose lists the finding is about, in order,
// without repeats.
func (f Finding) Agencies() []string {
	var out []string
	for _, fact := range f.Facts {
		if !slices.Contains(out, fact.Source.Agency) {
			out = append(out, fact.Source.Agency)
		}
	}
	return out
}

// WorkPurpose reports whether a visa or card's purpose symbol is for work
// (LĐ, LĐ1, LĐ2; written with or without the diacritic).
func WorkPurpose(symbol string) bool {
	return strings.HasPrefix(strings.ReplaceAll(FoldName(symbol), " ", ""), "ld")
}

// PersonChecks runs the checks of one person's facts (all with the same
// passport and nationality) on day today: the stays without a permit, the
// permits expiring within expiringDays with no later permit, and the
// claims of two agencies that disagree on the name or the date of birth.
func PersonChecks(facts []Fact, today Date, expiringDays int) []Finding {
	if len(facts) == 0 || facts[0].Person == nil {
		return nil
	}
	passport, nat := facts[0].Person.Passport, facts[0].Person.Nationality
	id := passport + "|" + nat
	var permits []Fact
	for _, f := range facts {
		if f.Doc != nil && f.Doc.Kind.Permits() && !f.Doc.Revoked && !f.Doc.ValidFrom.IsZero() {
			permits = append(permits, f)
		}
	}
	slices.SortFunc(permits, func(a, b Fact) int { return a.Doc.ValidFrom.Compare(b.Doc.ValidFrom) })
	var out []Finding
	seen := map[string]bool{}
	add := func(f Finding) {
		if !seen[f.Key] {
			seen[f.Key] = true
			f.Passport, f.Nationality = passport, nat
			out = append(out, f)
		}
	}
	for _, f := range facts {
		d := f.Doc
		if d == nil || !d.Kind.Stays() || !WorkPurpose(d.Purpose) || d.ValidFrom.IsZero() {
			continue
		}
		until := d.ValidTo
		if until.IsZero() {
			until = d.ValidFrom
		}
		if gap, ok := uncovered(d.ValidFrom, until, permits); ok {
			// The stay, then the permits the person has, for the alert to show.
			with := append([]Fact{f}, permits...)
			add(Finding{Kind: CheckStayWithoutPermit, Key: string(CheckStayWithoutPermit) + " " + id + "|" + docKey(f), Day: gap, Facts: with})
		}
	}
	horizon := today.AddDays(expiringDays)
	for _, p := range permits {
		d := p.Doc
		if d.Kind != DocWorkPermit || d.ValidTo.IsZero() || d.ValidTo.Before(today) || horizon.Before(d.ValidTo) {
			continue
		}
		renewed := false
		for _, q := range permits {
			if q.Doc.ValidTo.IsZero() || d.ValidTo.Before(q.Doc.ValidTo) {
				renewed = true
				break
			}
		}
		if !renewed {
			add(Finding{Kind: CheckPermitExpiring, Key: string(CheckPermitExpiring) + " " + id + "|" + docKey(p), Day: d.ValidTo, Facts: []Fact{p}})
		}
	}
	// Two agencies disagree when a row of one names the person or gives
	// the date of birth otherwise than a row of the other; one finding per
	// pair of agencies, with the first such pair of rows.
	for i, a := range facts {
		for _, b := range facts[i+1:] {
			if a.Source.Agency == b.Source.Agency {
				continue
			}
			pa, pb := a.Person, b.Person
			name := pa.Name != "" && pb.Name != "" && nameLetters(pa.Name) != nameLetters(pb.Name)
			born := !pa.BirthDate.IsZero() && !pb.BirthDate.IsZero() && pa.BirthDate != pb.BirthDate
			if !name && !born {
				continue
			}
			first, second := a, b
			if second.Source.Agency < first.Source.Agency {
				first, second = second, first
			}
			add(Finding{Kind: CheckIdentityMismatch, Key: string(CheckIdentityMismatch) + " " + id + "|" + first.Source.Agency + "|" + second.Source.Agency,
				Facts: []Fact{first, second}})
		}
	}
	return out
}

// uncovered returns the first day of from..until that no permit covers.
// permits are sorted by ValidFrom; a permit without ValidTo has no end.
func uncovered(from, until Date, permits []Fact) (Date, bool) {
	cur := from
	for _, p := range permits {
		if until.Before(cur) {
			return Date{}, false
		}
		if cur.Before(p.Doc.ValidFrom) {
			return cur, true
		}
		if p.Doc.ValidTo.IsZero() {
			return Date{}, false
		}
		if !p.Doc.ValidTo.Before(cur) {
			cur = p.Doc.ValidTo.AddDays(1)
		}
	}
	if until.Before(cur) {
		return Date{}, false
	}
	return cur, true
}

// docKey names a paper for a finding's key: its kind and number, or where
// it is when it has no number.
func docKey(f Fact) string {
	if f.Doc.Number != "" {
		return string(f.Doc.Kind) + "|" + strings.ToUpper(strings.Join(strings.Fields(f.Doc.Number), ""))
	}
	s := f.Source
	return string(f.Doc.Kind) + "|" + s.Obligation + "|" + s.Agency + "|" + s.Period + "|" + s.Sheet + "|" + strconv.Itoa(s.Row)
}

// ListedKinds are the kinds of employer that have a list of their own.
var ListedKinds = []OrgKind{OrgFDI, OrgRepOffice, OrgContractor}

// EmployerChecks finds the employers of people (employers: facts with a
// person and an Org) whose kind has its own list (ListedKinds) and that no
// organisation row of that kind names (orgs: the organisation rows), by
// tax code when both have one, else by folded name. One finding per
// employer, with every row that names it.
func EmployerChecks(employers, orgs []Fact) []Finding {
	type ref struct {
		kind OrgKind
		key  string
	}
	listed := map[ref]bool{}
	for _, o := range orgs {
		if o.Org == nil {
			continue
		}
		if o.Org.TaxCode != "" {
			listed[ref{o.Org.Kind, "tax:" + o.Org.TaxCode}] = true
		}
		listed[ref{o.Org.Kind, "name:" + FoldName(o.Org.Name)}] = true
	}
	var out []Finding
	index := map[string]int{}
	for _, f := range employers {
		o := f.Org
		if f.Person == nil || o == nil || !slices.Contains(ListedKinds, o.Kind) || (o.TaxCode == "" && FoldName(o.Name) == "") {
			continue
		}
		if (o.TaxCode != "" && listed[ref{o.Kind, "tax:" + o.TaxCode}]) || (FoldName(o.Name) != "" && listed[ref{o.Kind, "name:" + FoldName(o.Name)}]) {
			continue
		}
		who := "name:" + FoldName(o.Name)
		if o.TaxCode != "" {
			who = "tax:" + o.TaxCode
		}
		key := string(CheckEmployerUnlisted) + " " + string(o.Kind) + "|" + who
		if i, ok := index[key]; ok {
			out[i].Facts = append(out[i].Facts, f)
			continue
		}
		index[key] = len(out)
		org := *o
		out = append(out, Finding{Kind: CheckEmployerUnlisted, Key: key, Org: &org, Facts: []Fact{f}})
	}
	return out
}

// AlertState is where a cross-check alert is.
type AlertState string

// Alert states: open until an agency it went to says it was dealt with, or
// that it is not a violation (with a reason).
const (
	AlertOpen         AlertState = "open"
	AlertHandled      AlertState = "handled"
	AlertNotViolation AlertState = "not_violation"
)

// Alert is a finding as it was told to the agencies concerned: once per
// Key, with «Đã xử lý» and «Không phải vi phạm». Facts are the rows as
// they were when it was found (a later import may replace them).
type Alert struct {
	ID          int64
	Key         string
	Kind        CheckKind
	Passport    string
	Nationality string
	Day         Date
	Facts       []Fact
	Org         *Organisation
	// Agencies are the agencies told, who may close it.
	Agencies []string
	State    AlertState
	Reason   string // why it is not a violation
	ClosedBy int64
	// ClosedAgency is the agency of whoever closed it.
	ClosedAgency string
	ClosedAt     time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int
}

// AlertRef is the outbox ref of an alert's card, so that it can be
// redrawn once the alert is closed.
func AlertRef(id int64) string { return "register-alert:" + strconv.FormatInt(id, 10) }

// RegisterAlerts keeps the cross-check alerts.
type RegisterAlerts interface {
	// CreateAlert stores a as open and numbers it, unless an alert with its
	// Key exists: then created is false and a is left as it was.
	CreateAlert(ctx context.Context, a *Alert) (created bool, err error)
	// Alert returns ErrNotFound for an unknown number.
	Alert(ctx context.Context, id int64) (Alert, error)
	// SaveAlert writes a if nobody saved it since it was read (EConflict
	// otherwise), and advances its Version.
	SaveAlert(ctx context.Context, a *Alert, at time.Time) error
	// OpenAlerts are the alerts still open, oldest first.
	OpenAlerts(ctx context.Context) ([]Alert, error)
}

// nameLetters is a name as two lists' claims are compared: folded, with
// only its letters and digits, so that "Kim Min-jun" and "KIM MIN JUN"
// are the same person's name.
func nameLetters(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, FoldName(s))
}

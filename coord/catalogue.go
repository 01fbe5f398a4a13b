package coord

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// CoordGroup is the code a group is bound under to receive province-wide
// digests (spec §1); it is not an agency.
const CoordGroup = "coord"

// AgencyKind says what an agency is; external addressees receive reports but
// have no duties in the bot.
type AgencyKind string

// Agency kinds of spec §1.
const (
	KindDepartment AgencyKind = "department"
	KindBoard      AgencyKind = "board"
	KindPolice     AgencyKind = "police"
	KindDistrict   AgencyKind = "district"
	// KindCommune is a ward or commune People's Committee: since 2025 the
	// district level is gone and reports such as 16.4 come from them.
	KindCommune  AgencyKind = "commune"
	KindExternal AgencyKind = "external"
)

// Valid reports whether k is one of the known kinds.
func (k AgencyKind) Valid() bool {
	switch k {
	case KindDepartment, KindBoard, KindPolice, KindDistrict, KindCommune, KindExternal:
		return true
	}
	return false
}

// Agency is one party to the regulation.
type Agency struct {
	Code        string     `json:"code"`
	Name        string     `json:"name"`
	Kind        AgencyKind `json:"kind"`
	Coordinator bool       `json:"coordinator,omitempty"`
	// RenamedFrom are the codes this agency had, or the agencies merged
	// into it: at start their officers, groups and records become its own
	// (see Catalogue.Moves).
	RenamedFrom []string `json:"renamed_from,omitempty"`
}

// External reports whether the agency only receives reports.
func (a Agency) External() bool { return a.Kind == KindExternal }

// Cadence is how often an obligation falls due.
type Cadence string

// Cadences of spec §2. H1 is the first half-year only: the regulation pairs
// it with a yearly report instead of an H2 report.
const (
	Monthly   Cadence = "monthly"
	Quarterly Cadence = "quarterly"
	HalfYear1 Cadence = "h1"
	Yearly    Cadence = "yearly"
	OnChange  Cadence = "on_change"
)

// Valid reports whether c is a known cadence.
func (c Cadence) Valid() bool {
	switch c {
	case Monthly, Quarterly, HalfYear1, Yearly, OnChange:
		return true
	}
	return false
}

// DueRule places the deadline of a period: "trước ngày Day" of the month that
// comes MonthsAfter months after the month in which the period ends. The
// deadline is Day at 00:00 local time (spec §2).
type DueRule struct {
	Day         int `json:"day"`
	MonthsAfter int `json:"months_after"`
}

// Schedule is one cadence of an obligation with its due rule; an H1+year
// obligation has two.
type Schedule struct {
	Cadence Cadence `json:"cadence"`
	Due     DueRule `json:"due"`
}

// Obligation is a periodic (or event-driven) report the regulation requires.
type Obligation struct {
	ID         string     `json:"id"`
	Title      string     `json:"title"`
	Content    string     `json:"content"`
	From       []string   `json:"from"`
	To         []string   `json:"to"`
	Schedules  []Schedule `json:"schedules"`
	NilAllowed bool       `json:"nil_allowed,omitempty"`
	// Regulation quotes the regulation's own words for the deadline, shown
	// next to the computed date so officers can check it.
	Regulation string `json:"regulation,omitempty"`
	// DueSetByCoordinator marks a due rule the regulation leaves open (8.8):
	// the day in config was set by the coordinator, not by the text.
	DueSetByCoordinator bool `json:"due_set_by_coordinator,omitempty"`
	// OnlyIfAny marks a report the clause asks for "(nếu có)" (13.3): a
	// period with nothing to report needs no submission, so once its
	// deadline passes with nothing sent it is not late, only empty.
	OnlyIfAny bool     `json:"only_if_any,omitempty"`
	Inputs    []string `json:"inputs,omitempty"`
	// List is the template of a list report (spec §11): the columns its
	// spreadsheet has. Nil for a report that is not a list.
	List *ListTemplate `json:"list,omitempty"`
}

// EventDriven reports whether the obligation has no deadline (12.3).
func (o Obligation) EventDriven() bool {
	return len(o.Schedules) == 1 && o.Schedules[0].Cadence == OnChange
}

// ResponsibleFor reports whether agency must submit this obligation.
func (o Obligation) ResponsibleFor(agency string) bool { return slices.Contains(o.From, agency) }

// Catalogue is the configured world: agencies and obligations. It is read
// from config.yaml so that operators can adapt it without code changes.
type Catalogue struct {
	Agencies    []Agency
	Obligations []Obligation
	// Regulation is the province and the regulation the bot serves
	// (SetRegulation).
	Regulation Regulation

	// Retired are codes of agencies gone without a successor: their
	// records stay, read as history, and nothing is carried over.
	Retired []string

	requestKinds  []RequestKind
	successor     map[string]string
	agencyIdx     map[string]int
	obligationIdx map[string]int
}

// NewCatalogue validates agencies and obligations and indexes them. The error
// names the offending entry as a config key (agencies[3].code, …).
func NewCatalogue(agencies []Agency, obligations []Obligation) (*Catalogue, error) {
	c := &Catalogue{
		Agencies:      agencies,
		Obligations:   obligations,
		agencyIdx:     make(map[string]int, len(agencies)),
		obligationIdx: make(map[string]int, len(obligations)),
	}
	if len(agencies) == 0 {
		return nil, fmt.Errorf("agencies: at least one agency is required")
	}
	var coordinators []string
	for i, a := range agencies {
		key := fmt.Sprintf("agencies[%d]", i)
		if !validCode(a.Code) {
			return nil, fmt.Errorf("%s.code: %q must be lowercase letters, digits and dashes", key, a.Code)
		}
		if a.Code == CoordGroup {
			return nil, fmt.Errorf("%s.code: %q is reserved for the coordination group", key, a.Code)
		}
		if _, dup := c.agencyIdx[a.Code]; dup {
			return nil, fmt.Errorf("%s.code: duplicate agency code %q", key, a.Code)
		}
		if a.Name == "" {
			return nil, fmt.Errorf("%s.name: empty name for agency %q", key, a.Code)
		}
		if !a.Kind.Valid() {
			return nil, fmt.Errorf("%s.kind: unknown kind %q (department, board, police, district, commune, external)", key, a.Kind)
		}
		if a.Coordinator {
			coordinators = append(coordinators, a.Code)
		}
		c.agencyIdx[a.Code] = i
	}
	if err := c.indexRenames(); err != nil {
		return nil, err
	}
	switch len(coordinators) {
	case 0:
		return nil, fmt.Errorf("agencies: exactly one agency must have coordinator: true, found none")
	case 1:
	default:
		return nil, fmt.Errorf("agencies: exactly one agency must have coordinator: true, found %d: %s (keep it on one of them)",
			len(coordinators), strings.Join(coordinators, ", "))
	}
	for i, o := range obligations {
		key := fmt.Sprintf("obligations[%d]", i)
		if o.ID == "" {
			return nil, fmt.Errorf("%s.id: empty obligation id", key)
		}
		key = fmt.Sprintf("obligations[%d] (%s)", i, o.ID)
		if _, dup := c.obligationIdx[o.ID]; dup {
			return nil, fmt.Errorf("%s.id: duplicate obligation id %q", key, o.ID)
		}
		if o.Title == "" {
			return nil, fmt.Errorf("%s.title: empty title", key)
		}
		if len(o.From) == 0 {
			return nil, fmt.Errorf("%s.from: no responsible agency", key)
		}
		if len(o.To) == 0 {
			return nil, fmt.Errorf("%s.to: no recipient agency", key)
		}
		for field, list := range map[string][]string{"from": o.From, "to": o.To, "inputs": o.Inputs} {
			if j, dup := firstDuplicate(list); dup >= 0 {
				return nil, fmt.Errorf("%s.%s[%d]: %q is listed twice", key, field, dup, list[j])
			}
		}
		for j, code := range o.From {
			a, ok := c.Agency(code)
			if !ok {
				return nil, fmt.Errorf("%s.from[%d]: unknown agency %q", key, j, code)
			}
			if a.External() {
				return nil, fmt.Errorf("%s.from[%d]: external addressee %q cannot be responsible for a report", key, j, code)
			}
		}
		for j, code := range o.To {
			if _, ok := c.Agency(code); !ok {
				return nil, fmt.Errorf("%s.to[%d]: unknown agency %q", key, j, code)
			}
		}
		if len(o.Schedules) == 0 {
			return nil, fmt.Errorf("%s.schedules: at least one schedule is required", key)
		}
		seen := map[Cadence]bool{}
		for j, s := range o.Schedules {
			skey := fmt.Sprintf("%s.schedules[%d]", key, j)
			if !s.Cadence.Valid() {
				return nil, fmt.Errorf("%s.cadence: unknown cadence %q (monthly, quarterly, h1, yearly, on_change)", skey, s.Cadence)
			}
			if seen[s.Cadence] {
				return nil, fmt.Errorf("%s.cadence: cadence %q listed twice", skey, s.Cadence)
			}
			seen[s.Cadence] = true
			if s.Cadence == OnChange {
				if len(o.Schedules) != 1 {
					return nil, fmt.Errorf("%s.cadence: on_change cannot be combined with other cadences", skey)
				}
				continue
			}
			if s.Due.Day < 1 || s.Due.Day > 28 {
				return nil, fmt.Errorf("%s.due.day: %d is out of range 1..28", skey, s.Due.Day)
			}
			if s.Due.MonthsAfter < 0 || s.Due.MonthsAfter > 12 {
				return nil, fmt.Errorf("%s.due.months_after: %d is out of range 0..12", skey, s.Due.MonthsAfter)
			}
		}
		if o.List != nil {
			if err := o.List.Validate(); err != nil {
				return nil, fmt.Errorf("%s.list.%w", key, err)
			}
		}
		c.obligationIdx[o.ID] = i
	}
	for i, o := range obligations {
		for j, in := range o.Inputs {
			if _, ok := c.obligationIdx[in]; !ok || in == o.ID {
				return nil, fmt.Errorf("obligations[%d] (%s).inputs[%d]: unknown obligation %q", i, o.ID, j, in)
			}
		}
	}
	return c, nil
}

// Agency looks an agency up by code.
func (c *Catalogue) Agency(code string) (Agency, bool) {
	i, ok := c.agencyIdx[code]
	if !ok {
		return Agency{}, false
	}
	return c.Agencies[i], true
}

// Coordinator returns the coordinating agency (the one flagged coordinator).
func (c *Catalogue) Coordinator() Agency {
	for _, a := range c.Agencies {
		if a.Coordinator {
			return a
		}
	}
	panic("coord: catalogue without coordinator") // NewCatalogue guarantees one
}

// Obligation looks an obligation up by id.
func (c *Catalogue) Obligation(id string) (Obligation, bool) {
	i, ok := c.obligationIdx[id]
	if !ok {
		return Obligation{}, false
	}
	return c.Obligations[i], true
}

// ObligationsOf lists the obligations agency must submit, in config order.
func (c *Catalogue) ObligationsOf(agency string) []Obligation {
	var out []Obligation
	for _, o := range c.Obligations {
		if o.ResponsibleFor(agency) {
			out = append(out, o)
		}
	}
	return out
}

// BindableCodes lists every code a group can be bound under: each agency and
// the coordination group, sorted.
func (c *Catalogue) BindableCodes() []string {
	out := make([]string, 0, len(c.Agencies)+1)
	for _, a := range c.Agencies {
		out = append(out, a.Code)
	}
	out = append(out, CoordGroup)
	sort.Strings(out)
	return out
}

func validCode(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// firstDuplicate returns the index of the first occurrence and of its first
// repeat, or -1, -1.
func firstDuplicate(list []string) (first, dup int) {
	seen := map[string]int{}
	for i, s := range list {
		if j, ok := seen[s]; ok {
			return j, i
		}
		seen[s] = i
	}
	return -1, -1
}

// Move is one old agency code whose records become another's at start.
type Move struct {
	From, To string
}

// indexRenames checks every agency's renamed_from: a listed code is not a
// current agency, nor the coordination group, nor listed twice.
func (c *Catalogue) indexRenames() error {
	c.successor = map[string]string{}
	for i, a := range c.Agencies {
		for j, old := range a.RenamedFrom {
			key := fmt.Sprintf("agencies[%d] (%s).renamed_from[%d]", i, a.Code, j)
			switch prev, twice := c.successor[old]; {
			case !validCode(old) || old == CoordGroup:
				return fmt.Errorf("%s: %q is not an agency code (lowercase letters, digits and dashes)", key, old)
			case twice:
				return fmt.Errorf("%s: %q is already renamed to %q; an old code goes to one agency only", key, old, prev)
			}
			if _, current := c.agencyIdx[old]; current {
				return fmt.Errorf("%s: %q is still an agency of the catalogue; remove it from agencies, or from renamed_from", key, old)
			}
			c.successor[old] = a.Code
		}
	}
	return nil
}

// SetRetired records the codes of agencies gone without a successor
// (retired_agencies: in config.yaml). The error names the key.
func (c *Catalogue) SetRetired(codes []string) error {
	for i, code := range codes {
		key := fmt.Sprintf("retired_agencies[%d]", i)
		if _, current := c.agencyIdx[code]; current {
			return fmt.Errorf("%s: %q is still an agency of the catalogue; remove it from agencies, or from retired_agencies", key, code)
		}
		if to, ok := c.successor[code]; ok {
			return fmt.Errorf("%s: %q is renamed to %q (renamed_from); list it in one place only", key, code, to)
		}
		if slices.Contains(codes[:i], code) {
			return fmt.Errorf("%s: %q is listed twice", key, code)
		}
	}
	c.Retired = codes
	return nil
}

// Successor is the agency an old code was renamed or merged into.
func (c *Catalogue) Successor(old string) (string, bool) {
	to, ok := c.successor[old]
	return to, ok
}

// Current is code itself, or the agency it was renamed or merged into: a
// button sent before a reorganisation names the old code.
func (c *Catalogue) Current(code string) string {
	if to, ok := c.successor[code]; ok {
		return to
	}
	return code
}

// Moves lists every old code with the agency that takes its records, in
// catalogue order.
func (c *Catalogue) Moves() []Move {
	var out []Move
	for _, a := range c.Agencies {
		for _, old := range a.RenamedFrom {
			out = append(out, Move{From: old, To: a.Code})
		}
	}
	return out
}

// CarriedOver counts the records of one kind that a Move gave to its new
// agency at start (logged and audited).
type CarriedOver struct {
	Move
	Kind  string
	Count int64
}

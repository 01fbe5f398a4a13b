package coord

import (
	"context"
	"strconv"
	"time"
)

// InspectionKind is the clause an inspection plan is made under (spec §9).
type InspectionKind string

// Inspection kinds.
const (
	InspAnnual   InspectionKind = "annual"   // once a year, the coordinator leads
	InspThematic InspectionKind = "thematic" // 5.2, 7.4, 14.2: any agency leads
)

// Valid reports whether k is a known kind.
func (k InspectionKind) Valid() bool { return k == InspAnnual || k == InspThematic }

// InspectionState is where a plan is in its lifecycle: draft → issued →
// in_progress (a first result recorded) → concluded (every target has one).
type InspectionState string

// Plan states.
const (
	InspDraft      InspectionState = "draft"
	InspIssued     InspectionState = "issued"
	InspInProgress InspectionState = "in_progress"
	InspConcluded  InspectionState = "concluded"
)

// TargetState is where one employer of a plan is: planned → done, or
// postponed (and then planned again on its new date).
type TargetState string

// Target states.
const (
	TargetPlanned   TargetState = "planned"
	TargetDone      TargetState = "done"
	TargetPostponed TargetState = "postponed"
)

// MemberAnswer is a member agency's answer to the plan.
type MemberAnswer string

// Answers of a member agency.
const (
	AnswerNone    MemberAnswer = ""
	AnswerJoin    MemberAnswer = "join"
	AnswerDecline MemberAnswer = "decline"
)

// InspectionMember is one member agency and its answer: who takes part, or
// why it does not.
type InspectionMember struct {
	Agency string       `json:"agency"`
	Answer MemberAnswer `json:"answer,omitempty"`
	// Text is the participants' names (join) or the reason (decline).
	Text string    `json:"text,omitempty"`
	By   int64     `json:"by,omitempty"`
	At   time.Time `json:"at,omitzero"`
}

// InspectionTarget is one employer to inspect, with its result once known.
type InspectionTarget struct {
	Employer string      `json:"employer"`
	TaxCode  string      `json:"tax_code"`
	Address  string      `json:"address"`
	Zone     string      `json:"zone,omitempty"`
	Planned  Date        `json:"planned"`
	State    TargetState `json:"state"`
	// Result, when State is done.
	Violations bool      `json:"violations,omitempty"`
	Workers    int       `json:"workers,omitempty"` // foreign workers concerned
	Finding    string    `json:"finding,omitempty"` // what was found
	Files      []FileRef `json:"files,omitempty"`   // the minutes
	DoneAt     time.Time `json:"done_at,omitzero"`
}

// Inspection is one inspection plan; ID is the number officers see.
type Inspection struct {
	ID        int64
	Year      int
	Kind      InspectionKind
	Title     string
	Basis     string // legal basis
	Lead      string // agency code
	Members   []InspectionMember
	Targets   []InspectionTarget
	State     InspectionState
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
	// Version counts saves; SaveInspection refuses a stale one.
	Version int
}

// Member returns the member entry of agency, and its index (-1 if none).
func (p Inspection) Member(agency string) (InspectionMember, int) {
	for i, m := range p.Members {
		if m.Agency == agency {
			return m, i
		}
	}
	return InspectionMember{}, -1
}

// AllDone reports whether every target has a result.
func (p Inspection) AllDone() bool {
	for _, t := range p.Targets {
		if t.State != TargetDone {
			return false
		}
	}
	return len(p.Targets) > 0
}

// Tally counts the targets done and those with violations.
func (p Inspection) Tally() (done, violations int) {
	for _, t := range p.Targets {
		if t.State == TargetDone {
			done++
			if t.Violations {
				violations++
			}
		}
	}
	return done, violations
}

// InspectionAction is something done to a plan, recorded as an event.
type InspectionAction string

// Actions of a plan's history.
const (
	InspActCreate   InspectionAction = "create"
	InspActIssue    InspectionAction = "issue"
	InspActJoin     InspectionAction = "join"
	InspActDecline  InspectionAction = "decline"
	InspActResult   InspectionAction = "result"
	InspActPostpone InspectionAction = "postpone"
	InspActConclude InspectionAction = "conclude"
	InspActRemind   InspectionAction = "remind"
	// InspActNotice: a notice of the violation-handling result (Điều 5.1)
	// was sent about the target; Text names the notice.
	InspActNotice InspectionAction = "notice"
)

// InspectionEvent is one entry of a plan's history. Target is the 1-based
// target number for target events (0 for the plan). A postponement keeps
// the old and new dates in Text, so the history outlives the target's
// current date.
type InspectionEvent struct {
	ID           int64
	InspectionID int64
	Target       int
	At           time.Time
	Actor        int64
	ActorAgency  string
	Action       InspectionAction
	Text         string
	Files        []FileRef
}

// Inspections keeps inspection plans and their histories. A plan's members
// and targets are saved with it, in one write.
type Inspections interface {
	// CreateInspection stores p and sets p.ID and p.Version (1).
	CreateInspection(ctx context.Context, p *Inspection) error
	Inspection(ctx context.Context, id int64) (Inspection, error) // ErrNotFound
	// Inspections lists the plans of year (0: every year), by number.
	Inspections(ctx context.Context, year int) ([]Inspection, error)
	// SaveInspection writes p over the stored plan if the stored version is
	// still p.Version, and increments p.Version; EConflict otherwise (two
	// officers at once, a replay).
	SaveInspection(ctx context.Context, p *Inspection, at time.Time) error
	AddInspectionEvent(ctx context.Context, e *InspectionEvent) error // sets e.ID
	InspectionEvents(ctx context.Context, id int64) ([]InspectionEvent, error)
}

// InspectionRef is the OutMessage.Ref of messages about plan id.
func InspectionRef(id int64) string { return inspectionRefPrefix + strconv.FormatInt(id, 10) }

// InspectionOfRef is the plan an InspectionRef names.
func InspectionOfRef(ref string) (id int64, ok bool) { return idOfRef(ref, inspectionRefPrefix) }

const inspectionRefPrefix = "inspection:"

package coord

import (
	"context"
	"slices"
	"strings"
	"time"
)

// NoticeKind is one kind of violation a notice of violation-handling result
// (Điều 5.1) may report, with the agencies it goes to by default.
type NoticeKind struct {
	Code string
	VI   string // label in Vietnamese
	EN   string // label in English
	// To are the default recipient agencies.
	To []string
}

// Label is the kind's label in lang.
func (k NoticeKind) Label(lang Lang) string {
	if lang == LangEN && k.EN != "" {
		return k.EN
	}
	return k.VI
}

// NoticeConfig is the notices: section of config.yaml.
type NoticeConfig struct {
	Kinds []NoticeKind
	// ZoneRecipients also receive every notice about an employer in an
	// industrial zone (the Industrial Zones Board, Điều 7).
	ZoneRecipients []string
	// RemindAfterWorkingDays is when recipients that have not acknowledged
	// are reminded, once (2).
	RemindAfterWorkingDays int
}

// DefaultNoticeConfig is used when config.yaml has no notices: section:
// violations of permits go to the coordinator and the Police (the agency of
// kind police), of residence to the Police first, the rest to the
// coordinator; an employer in an industrial zone is also told to the board
// (the agency of kind board), when the catalogue has them.
func DefaultNoticeConfig(cat *Catalogue) NoticeConfig {
	co := cat.Coordinator().Code
	both, police := []string{co}, []string{co}
	if p, ok := cat.FirstOfKind(KindPolice); ok {
		both, police = []string{co, p.Code}, []string{p.Code, co}
	}
	var zone []string
	if b, ok := cat.FirstOfKind(KindBoard); ok {
		zone = []string{b.Code}
	}
	return NoticeConfig{
		Kinds: []NoticeKind{
			{Code: "work_without_permit", VI: "Làm việc không có giấy phép lao động", EN: "Working without a work permit", To: both},
			{Code: "employer_no_permit", VI: "Sử dụng người lao động nước ngoài không có giấy phép", EN: "Employing foreign workers without permits", To: both},
			{Code: "residence", VI: "Vi phạm quy định về cư trú, đi lại", EN: "Residence or travel violation", To: police},
			{Code: "no_report", VI: "Không báo cáo tình hình sử dụng lao động nước ngoài", EN: "Failure to report on foreign workers", To: []string{co}},
			{Code: "other", VI: "Vi phạm khác", EN: "Other violation", To: []string{co}},
		},
		ZoneRecipients:         zone,
		RemindAfterWorkingDays: 2,
	}
}

// Kind finds a kind by code (case-insensitive).
func (c NoticeConfig) Kind(code string) (NoticeKind, bool) {
	for _, k := range c.Kinds {
		if strings.EqualFold(k.Code, code) {
			return k, true
		}
	}
	return NoticeKind{}, false
}

// Codes lists the kinds' codes in config order.
func (c NoticeConfig) Codes() []string {
	out := make([]string, len(c.Kinds))
	for i, k := range c.Kinds {
		out[i] = k.Code
	}
	return out
}

// Recipients are the agencies a notice of kind from sender goes to: the
// kind's defaults, the zone recipients when the employer is in an
// industrial zone, then extra, each once and never the sender itself.
func (c NoticeConfig) Recipients(kind NoticeKind, from string, inZone bool, extra []string) []string {
	var out []string
	add := func(codes []string) {
		for _, a := range codes {
			if a != "" && a != from && !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	add(kind.To)
	if inZone {
		add(c.ZoneRecipients)
	}
	add(extra)
	return out
}

// Employer is the employer a notice is about.
type Employer struct {
	Name    string `json:"name"`
	TaxCode string `json:"tax_code"`
	Address string `json:"address,omitempty"`
	Zone    string `json:"zone,omitempty"` // industrial zone, if any
}

// Person is a foreign worker a notice concerns. The passport number is
// personal data: only the sender, the recipients and admins see it.
type Person struct {
	Name        string `json:"name"`
	Passport    string `json:"passport"`
	Nationality string `json:"nationality"`
}

// Sanction is what was decided.
type Sanction struct {
	FineVND       int64  `json:"fine_vnd,omitempty"`
	Expulsion     bool   `json:"expulsion,omitempty"`
	PermitRevoked bool   `json:"permit_revoked,omitempty"`
	Other         string `json:"other,omitempty"`
}

// IsZero reports whether nothing was decided.
func (s Sanction) IsZero() bool { return s == Sanction{} }

// Notice is a numbered notice of the result of handling an administrative
// violation (Điều 5.1), sent by the agency that decided the sanction.
type Notice struct {
	ID           int64 // the number officers see
	Kind         string
	From         string
	DecisionNo   string
	DecisionDate Date
	Employer     Employer
	People       []Person
	Violation    string
	Sanction     Sanction
	Files        []FileRef
	// Plan and PlanTarget (1-based) link a notice to the inspection target
	// whose violation it reports (Điều 5.1 after 6.5/5.2); 0 when none.
	Plan       int64
	PlanTarget int
	CreatedBy  int64
	ChatID     int64 // where the sender acted: acknowledgements are told there
	CreatedAt  time.Time
	Recipients []NoticeRecipient
}

// Validate checks what every notice must carry.
func (n Notice) Validate() error {
	switch {
	case n.Kind == "" || n.From == "":
		return Errorf(EInvalid, "notice without kind or sender")
	case strings.TrimSpace(n.DecisionNo) == "" || n.DecisionDate.IsZero():
		return Errorf(EInvalid, "notice without decision number or date")
	case strings.TrimSpace(n.Employer.Name) == "" || strings.TrimSpace(n.Employer.TaxCode) == "":
		return Errorf(EInvalid, "notice without employer name or tax code")
	case len(n.People) == 0:
		return Errorf(EInvalid, "notice without a foreign worker")
	case n.Sanction.IsZero():
		return Errorf(EInvalid, "notice without a sanction")
	case (n.Plan == 0) != (n.PlanTarget == 0) || n.Plan < 0 || n.PlanTarget < 0:
		return Errorf(EInvalid, "notice linked to plan %d target %d", n.Plan, n.PlanTarget)
	}
	for _, p := range n.People {
		if strings.TrimSpace(p.Name) == "" || strings.TrimSpace(p.Passport) == "" || strings.TrimSpace(p.Nationality) == "" {
			return Errorf(EInvalid, "notice person without name, passport or nationality")
		}
	}
	return nil
}

// Recipient returns the notice's recipient row for agency.
func (n Notice) Recipient(agency string) (NoticeRecipient, bool) {
	for _, r := range n.Recipients {
		if r.Agency == agency {
			return r, true
		}
	}
	return NoticeRecipient{}, false
}

// VisibleTo reports whether agency may see the notice (its personal data):
// the sender and the recipients; admins are checked by the caller.
func (n Notice) VisibleTo(agency string) bool {
	_, ok := n.Recipient(agency)
	return ok || n.From == agency
}

// NoticeRecipient is one recipient agency of a notice and its «Đã nhận».
type NoticeRecipient struct {
	ID       int64 // the button's number
	NoticeID int64
	Agency   string
	Mode     DeliveryMode
	// RemindOn is the working day on which the agency is reminded if it has
	// not acknowledged by then.
	RemindOn   Date
	AckedBy    *int64
	AckedAt    *time.Time
	RemindedAt *time.Time
}

// NoticeFilter selects notices; empty fields match everything.
type NoticeFilter struct {
	// Agency matches notices sent by it or to it.
	Agency string
	// Year matches notices created in that year (UTC+7 is not applied: the
	// caller passes the local year's bounds through From/Until instead).
	From, Until time.Time
	// Plan matches notices linked to that inspection plan.
	Plan int64
}

// Notices keeps notices of violation-handling results and their
// acknowledgements.
type Notices interface {
	// CreateNotice stores n with its recipients and sets n.ID and each
	// recipient's ID and NoticeID.
	CreateNotice(ctx context.Context, n *Notice) error
	Notice(ctx context.Context, id int64) (Notice, error) // with recipients; ErrNotFound
	// Notices lists matching notices with their recipients, oldest first.
	Notices(ctx context.Context, f NoticeFilter) ([]Notice, error)
	NoticeRecipient(ctx context.Context, id int64) (NoticeRecipient, error) // ErrNotFound
	// AckNotice records the acknowledgement of recipient id; EConflict if it
	// was acknowledged meanwhile.
	AckNotice(ctx context.Context, id, by int64, at time.Time) error
	// NoticesToRemind lists recipients neither acknowledged nor reminded
	// whose RemindOn is on or before day.
	NoticesToRemind(ctx context.Context, day Date) ([]NoticeRecipient, error)
	// MarkNoticeReminded records that recipient id was reminded.
	MarkNoticeReminded(ctx context.Context, id int64, at time.Time) error
}

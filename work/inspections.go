package work

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// InspectionsTx is what the inspection use cases read and write.
type InspectionsTx interface {
	coord.Inspections
	coord.Directory
	coord.AuditLog
}

// Callback data of a plan card's buttons (≤ 64 bytes with any number).
// Presses are authorised against the stored plan, whatever they say.
const (
	CbInspJoin    = "insp:j:"
	CbInspDecline = "insp:d:"
)

// NewInspection is what the lead agency's officer asks for.
type NewInspection struct {
	Kind    coord.InspectionKind
	Title   string
	Basis   string
	Members []string
	Targets []coord.InspectionTarget
}

// InspectionOut is the outcome of an inspection use case: the plan after
// the change and the messages to send.
type InspectionOut struct {
	Out
	Plan coord.Inspection
	// Reached counts, per member agency, the chats its card went to.
	Reached map[string]int
	// Violation is set when a result with violations was recorded: the
	// seam for a notice of violation-handling results (Điều 5.1), which can
	// be pre-filled from the plan and this target.
	Violation *TargetViolation
}

// TargetViolation is a target found in violation, for whoever follows up.
type TargetViolation struct {
	Plan   int64
	Target int // 1-based
	coord.InspectionTarget
}

// CreateInspection makes and issues a plan led by the actor's agency
// (Điều 5.2, 6.5): the annual plan is the coordinator's; members are other
// agencies. Each member's group gets the plan with Tham gia / Không tham gia.
func (s *Service) CreateInspection(ctx context.Context, tx InspectionsTx, a Actor, now time.Time, in NewInspection) (InspectionOut, error) {
	var res InspectionOut
	lang := a.Lang
	coordinator := s.Catalogue.Coordinator().Code
	if in.Kind == coord.InspAnnual && a.Agency != coordinator {
		return res, texts.Refuse(txtInspAnnualLead, texts.CiteLater(s.Catalogue, coord.ClauseAnnualInspection), texts.AgencyName(s.Catalogue, coordinator, lang))
	}
	if !in.Kind.Valid() {
		return res, texts.Refuse(txtInspUsage)
	}
	if strings.TrimSpace(in.Title) == "" || len(in.Targets) == 0 {
		return res, texts.Refuse(txtInspUsage)
	}
	var members []coord.InspectionMember
	seen := map[string]bool{}
	for _, m := range in.Members {
		if _, ok := s.Catalogue.Agency(m); !ok || m == coord.CoordGroup {
			return res, texts.Refuse(txtInspUnknownAgency, m)
		}
		if m == a.Agency || seen[m] {
			continue
		}
		seen[m] = true
		members = append(members, coord.InspectionMember{Agency: m})
	}
	if len(members) == 0 {
		return res, texts.Refuse(txtInspNoMembers, texts.Examples(s.Catalogue, 2, ","))
	}
	basis := in.Basis
	if basis == "" {
		basis = s.defaultBasis(in.Kind)
	}
	p := coord.Inspection{Year: s.Calendar.Today(now).Year, Kind: in.Kind, Title: strings.TrimSpace(in.Title), Basis: basis,
		Lead: a.Agency, Members: members, Targets: in.Targets, State: coord.InspDraft, CreatedBy: a.ID, CreatedAt: now, UpdatedAt: now}
	if err := tx.CreateInspection(ctx, &p); err != nil {
		return res, fmt.Errorf("create inspection: %w", err)
	}
	if err := s.inspEvent(ctx, tx, a, now, p.ID, 0, coord.InspActCreate, p.Title, nil); err != nil {
		return res, err
	}
	// Issued at once: the draft exists so that a plan is never seen half
	// made, and issuing is the step members answer.
	p.State = coord.InspIssued
	if err := tx.SaveInspection(ctx, &p, now); err != nil {
		return res, fmt.Errorf("issue inspection: %w", err)
	}
	if err := s.inspEvent(ctx, tx, a, now, p.ID, 0, coord.InspActIssue, "", nil); err != nil {
		return res, err
	}
	if err := Audit(ctx, tx, a, now, "inspection.create", coord.InspectionRef(p.ID), nil, map[string]any{
		"kind": p.Kind, "year": p.Year, "title": p.Title, "lead": p.Lead, "members": in.Members, "targets": len(p.Targets), "state": p.State}); err != nil {
		return res, err
	}
	res.Reached = map[string]int{}
	for _, m := range p.Members {
		rc, _, err := coord.Reach(ctx, tx, m.Agency)
		if err != nil {
			return res, err
		}
		for _, r := range rc {
			res.send(coord.OutMessage{Kind: coord.OutText, ChatID: r.ChatID, Ref: coord.InspectionRef(p.ID),
				Text: texts.InspectionCard(s.Catalogue, p, r.Lang), Buttons: InspectionButtons(p.ID, m.Agency, r.Lang)})
		}
		res.Reached[m.Agency] = len(rc)
	}
	res.Plan = p
	return res, nil
}

// InspectionButtons are member agency's two answers to plan id: the data
// names the agency, so that the card in one member's group cannot be
// answered by another member's officer ("insp:d:12:<code>", well under
// Telegram's 64 bytes for any catalogue code).
func InspectionButtons(id int64, agency string, lang coord.Lang) [][]coord.Button {
	return [][]coord.Button{{
		{Text: txtBtnJoin.In(lang), Data: fmt.Sprintf("%s%d:%s", CbInspJoin, id, agency)},
		{Text: txtBtnDecline.In(lang), Data: fmt.Sprintf("%s%d:%s", CbInspDecline, id, agency)},
	}}
}

// CanAnswer reports, as a refusal, whether the actor's agency may answer
// plan id for agency (the one the pressed card was sent to) now: what a
// button checks before asking for the text.
func (s *Service) CanAnswer(ctx context.Context, tx coord.Inspections, a Actor, id int64, agency string) error {
	p, err := s.plan(ctx, tx, id)
	if err != nil {
		return err
	}
	if agency != a.Agency {
		return texts.Refuse(txtInspOtherMember, texts.AgencyName(s.Catalogue, agency, a.Lang), p.ID)
	}
	_, err = s.answerable(p, a)
	return err
}

func (s *Service) answerable(p coord.Inspection, a Actor) (int, error) {
	_, i := p.Member(a.Agency)
	if i < 0 {
		return i, texts.Refuse(txtInspNotMember, p.ID, texts.AgencyName(s.Catalogue, a.Agency, a.Lang))
	}
	if p.State == coord.InspConcluded {
		return i, texts.Refuse(txtInspConcluded, p.ID)
	}
	return i, nil
}

// Answer records a member agency's answer: take part, naming who
// (participants, free text), or decline, with a reason (as for requests,
// Điều 4.3). An agency may change its answer while the plan is open; the
// lead is told each time.
func (s *Service) Answer(ctx context.Context, tx InspectionsTx, a Actor, now time.Time, id int64, answer coord.MemberAnswer, text string) (InspectionOut, error) {
	var res InspectionOut
	text = strings.TrimSpace(text)
	p, err := s.plan(ctx, tx, id)
	if err != nil {
		return res, err
	}
	i, err := s.answerable(p, a)
	if err != nil {
		return res, err
	}
	switch {
	case answer == coord.AnswerDecline && text == "":
		return res, texts.Refuse(txtInspDeclineNeedsReason, texts.CiteLater(s.Catalogue, coord.ClauseDeclineReason), id)
	case answer == coord.AnswerJoin && text == "":
		return res, texts.Refuse(txtInspJoinNeedsNames, id)
	}
	before := p.Members[i]
	p.Members[i] = coord.InspectionMember{Agency: a.Agency, Answer: answer, Text: text, By: a.ID, At: now}
	if err := s.savePlan(ctx, tx, &p, now); err != nil {
		return res, err
	}
	action := coord.InspActJoin
	if answer == coord.AnswerDecline {
		action = coord.InspActDecline
	}
	if err := s.inspEvent(ctx, tx, a, now, p.ID, 0, action, text, nil); err != nil {
		return res, err
	}
	if err := Audit(ctx, tx, a, now, "inspection."+string(action), coord.InspectionRef(p.ID),
		map[string]any{"answer": before.Answer, "text": before.Text}, map[string]any{"answer": answer, "text": text}); err != nil {
		return res, err
	}
	if err := s.tell(ctx, &res.Out, tx, p, []string{p.Lead}, func(l coord.Lang) string {
		return texts.InspectionAnswered(s.Catalogue, p, a.Agency, a.Name, answer, text, l)
	}); err != nil {
		return res, err
	}
	res.Plan = p
	return res, nil
}

// TargetResult is a result recorded for one target: compliant, or
// violations found (how many foreign workers, what), with the minutes.
type TargetResult struct {
	Plan       int64
	Target     int // 1-based
	Violations bool
	Workers    int
	Finding    string
	Files      []coord.FileRef
}

// RecordResult records target's result (the lead agency only). The plan
// goes in progress with its first result and concludes with its last,
// when the lead and every member are told.
func (s *Service) RecordResult(ctx context.Context, tx InspectionsTx, a Actor, now time.Time, in TargetResult) (InspectionOut, error) {
	var res InspectionOut
	p, t, err := s.leadTarget(ctx, tx, a, in.Plan, in.Target)
	if err != nil {
		return res, err
	}
	if t.State == coord.TargetDone {
		return res, texts.Refuse(txtInspTargetDone, in.Target, p.ID)
	}
	if in.Violations && (in.Workers < 0 || strings.TrimSpace(in.Finding) == "") {
		return res, texts.Refuse(TxtInspResultUsage, p.ID, in.Target, p.ID, in.Target)
	}
	t.State, t.Violations, t.DoneAt, t.Files = coord.TargetDone, in.Violations, now, in.Files
	if in.Violations {
		t.Workers, t.Finding = in.Workers, strings.TrimSpace(in.Finding)
	}
	p.Targets[in.Target-1] = t
	before := p.State
	if p.State == coord.InspIssued {
		p.State = coord.InspInProgress
	}
	concluded := p.AllDone()
	if concluded {
		p.State = coord.InspConcluded
	}
	if err := s.savePlan(ctx, tx, &p, now); err != nil {
		return res, err
	}
	text := txtInspCompliant.In(coord.LangVI)
	if in.Violations {
		text = txtInspViolationEvent.In(coord.LangVI, t.Workers, t.Finding)
	}
	if err := s.inspEvent(ctx, tx, a, now, p.ID, in.Target, coord.InspActResult, text, in.Files); err != nil {
		return res, err
	}
	if err := Audit(ctx, tx, a, now, "inspection.result", fmt.Sprintf("%s:%d", coord.InspectionRef(p.ID), in.Target),
		map[string]any{"state": before}, map[string]any{"state": p.State, "violations": t.Violations, "workers": t.Workers,
			"finding": t.Finding, "files": len(in.Files)}); err != nil {
		return res, err
	}
	if in.Violations {
		res.Violation = &TargetViolation{Plan: p.ID, Target: in.Target, InspectionTarget: t}
	}
	if concluded {
		if err := s.inspEvent(ctx, tx, a, now, p.ID, 0, coord.InspActConclude, "", nil); err != nil {
			return res, err
		}
		if err := Audit(ctx, tx, a, now, "inspection.conclude", coord.InspectionRef(p.ID), nil, map[string]any{"state": p.State}); err != nil {
			return res, err
		}
		if err := s.tell(ctx, &res.Out, tx, p, s.parties(p), func(l coord.Lang) string {
			return texts.InspectionConcluded(s.Catalogue, p, l)
		}); err != nil {
			return res, err
		}
	}
	res.Plan = p
	return res, nil
}

// Postpone moves target's planned date (the lead agency only), with a
// reason: the target is planned again on the new day, and the history
// keeps the old day and the reason. Members who take part are told.
func (s *Service) Postpone(ctx context.Context, tx InspectionsTx, a Actor, now time.Time, id int64, target int, day coord.Date, reason string) (InspectionOut, error) {
	var res InspectionOut
	reason = strings.TrimSpace(reason)
	p, t, err := s.leadTarget(ctx, tx, a, id, target)
	if err != nil {
		return res, err
	}
	if t.State == coord.TargetDone {
		return res, texts.Refuse(txtInspTargetDone, target, p.ID)
	}
	today := s.Calendar.Today(now)
	if reason == "" || day.IsZero() {
		return res, texts.Refuse(txtInspPostponeUsage, p.ID, target)
	}
	if !today.Before(day) {
		return res, texts.Refuse(txtInspPostponePast, day.VN(), today.VN())
	}
	old := t.Planned
	t.Planned, t.State = day, coord.TargetPlanned
	p.Targets[target-1] = t
	if err := s.savePlan(ctx, tx, &p, now); err != nil {
		return res, err
	}
	text := fmt.Sprintf("%s → %s: %s", old.VN(), day.VN(), reason)
	if err := s.inspEvent(ctx, tx, a, now, p.ID, target, coord.InspActPostpone, text, nil); err != nil {
		return res, err
	}
	if err := Audit(ctx, tx, a, now, "inspection.postpone", fmt.Sprintf("%s:%d", coord.InspectionRef(p.ID), target),
		map[string]any{"planned": old.String(), "state": coord.TargetPostponed}, map[string]any{"planned": day.String(), "state": t.State, "reason": reason}); err != nil {
		return res, err
	}
	if err := s.tell(ctx, &res.Out, tx, p, s.joined(p), func(l coord.Lang) string {
		return texts.InspectionPostponed(s.Catalogue, p, target, old, reason, l)
	}); err != nil {
		return res, err
	}
	res.Plan = p
	return res, nil
}

// Reminder kinds of a target.
const (
	RemindBefore = "before" // n working days before its planned day
	RemindResult = "result" // n working days after it, no result yet
)

// RemindTarget reminds of target of plan id: before its day, the lead and
// the members that did not decline; after it, the lead, to record the
// result. Nothing is sent (Sent false) once the target has a result or its
// day moved (planned is the day the reminder was computed for).
func (s *Service) RemindTarget(ctx context.Context, tx InspectionsTx, now time.Time, id int64, target int, planned coord.Date, kind string, n int) (Overdue, error) {
	var res Overdue
	p, err := tx.Inspection(ctx, id)
	if err != nil {
		return res, err
	}
	if target < 1 || target > len(p.Targets) || p.State == coord.InspConcluded {
		return res, nil
	}
	t := p.Targets[target-1]
	if t.State == coord.TargetDone || t.Planned != planned {
		return res, nil
	}
	to := []string{p.Lead}
	if kind == RemindBefore {
		to = s.parties(p)
	}
	if err := s.tell(ctx, &res.Out, tx, p, to, func(l coord.Lang) string {
		return texts.InspectionReminder(s.Catalogue, p, target, kind == RemindBefore, n, l)
	}); err != nil {
		return res, err
	}
	if err := tx.AddInspectionEvent(ctx, &coord.InspectionEvent{InspectionID: p.ID, Target: target, At: now,
		Action: coord.InspActRemind, Text: fmt.Sprintf("%s %d", kind, n)}); err != nil {
		return res, fmt.Errorf("record inspection event: %w", err)
	}
	res.Sent = len(res.Messages) > 0
	return res, nil
}

// InspectionSeen is a plan with its history.
type InspectionSeen struct {
	Plan   coord.Inspection
	Events []coord.InspectionEvent
	// Notices are the notices of violation-handling results sent about
	// the plan's targets, oldest first.
	Notices []coord.Notice
}

// InspectionSeenTx is what SeeInspection reads.
type InspectionSeenTx interface {
	coord.Inspections
	coord.Notices
}

// SeeInspection shows plan id to the lead, a member or an admin.
func (s *Service) SeeInspection(ctx context.Context, tx InspectionSeenTx, a Actor, id int64) (InspectionSeen, error) {
	p, err := s.plan(ctx, tx, id)
	if err != nil {
		return InspectionSeen{}, err
	}
	if _, i := p.Member(a.Agency); p.Lead != a.Agency && i < 0 && !a.Admin() {
		return InspectionSeen{}, texts.Refuse(txtInspNotParty, p.ID, texts.AgencyName(s.Catalogue, p.Lead, a.Lang))
	}
	events, err := tx.InspectionEvents(ctx, id)
	if err != nil {
		return InspectionSeen{}, fmt.Errorf("load inspection history: %w", err)
	}
	notices, err := tx.Notices(ctx, coord.NoticeFilter{Plan: id})
	if err != nil {
		return InspectionSeen{}, fmt.Errorf("load the plan's notices: %w", err)
	}
	return InspectionSeen{Plan: p, Events: events, Notices: notices}, nil
}

// ListInspections lists the plans of year the actor's agency leads or is
// a member of (every plan for an admin).
func (s *Service) ListInspections(ctx context.Context, tx coord.Inspections, a Actor, year int) ([]coord.Inspection, error) {
	all, err := tx.Inspections(ctx, year)
	if err != nil {
		return nil, fmt.Errorf("list inspections: %w", err)
	}
	var out []coord.Inspection
	for _, p := range all {
		if _, i := p.Member(a.Agency); a.Admin() || p.Lead == a.Agency || i >= 0 {
			out = append(out, p)
		}
	}
	return out, nil
}

// AnnualStatus is where this year's annual inspection stands (Điều 6.5),
// for the digests and the duty reminders.
type AnnualStatus struct {
	Year             int
	Exists           bool
	Concluded        bool
	Done, Total, Bad int // targets done, all targets, targets with violations
}

// Annual sums up the annual plans of year.
func Annual(ctx context.Context, tx coord.Inspections, year int) (AnnualStatus, error) {
	st := AnnualStatus{Year: year}
	ps, err := tx.Inspections(ctx, year)
	if err != nil {
		return st, fmt.Errorf("list inspections: %w", err)
	}
	for _, p := range ps {
		if p.Kind != coord.InspAnnual {
			continue
		}
		st.Exists = true
		st.Concluded = st.Concluded || p.State == coord.InspConcluded
		done, bad := p.Tally()
		st.Done, st.Total, st.Bad = st.Done+done, st.Total+len(p.Targets), st.Bad+bad
	}
	return st, nil
}

// Line is the one digest line about the annual inspection.
func (st AnnualStatus) Line(cat *coord.Catalogue, lang coord.Lang) string {
	cite := texts.Cite(cat, coord.ClauseAnnualInspection, lang)
	if !st.Exists {
		return txtAnnualNone.In(lang, st.Year, cite)
	}
	return txtAnnualLine.In(lang, st.Year, cite, st.Done, st.Total, st.Bad)
}

func (s *Service) plan(ctx context.Context, tx coord.Inspections, id int64) (coord.Inspection, error) {
	p, err := tx.Inspection(ctx, id)
	if coord.ErrorCode(err) == coord.ENotFound {
		return p, texts.Refuse(txtInspNotFound, id)
	}
	if err != nil {
		return p, fmt.Errorf("load inspection: %w", err)
	}
	return p, nil
}

// leadTarget loads plan id and its target n for a step only the lead takes.
func (s *Service) leadTarget(ctx context.Context, tx coord.Inspections, a Actor, id int64, n int) (coord.Inspection, coord.InspectionTarget, error) {
	p, err := s.plan(ctx, tx, id)
	if err != nil {
		return p, coord.InspectionTarget{}, err
	}
	if p.Lead != a.Agency {
		return p, coord.InspectionTarget{}, texts.Refuse(txtInspOnlyLead, texts.AgencyName(s.Catalogue, p.Lead, a.Lang), p.ID)
	}
	if p.State == coord.InspConcluded {
		return p, coord.InspectionTarget{}, texts.Refuse(txtInspConcluded, p.ID)
	}
	if n < 1 || n > len(p.Targets) {
		return p, coord.InspectionTarget{}, texts.Refuse(txtInspNoTarget, p.ID, n, len(p.Targets))
	}
	return p, p.Targets[n-1], nil
}

func (s *Service) savePlan(ctx context.Context, tx coord.Inspections, p *coord.Inspection, now time.Time) error {
	if err := tx.SaveInspection(ctx, p, now); err != nil {
		if coord.ErrorCode(err) == coord.EConflict {
			return texts.Refuse(texts.TxtFlowExpired)
		}
		return fmt.Errorf("save inspection: %w", err)
	}
	return nil
}

func (s *Service) inspEvent(ctx context.Context, tx coord.Inspections, a Actor, now time.Time, id int64, target int, action coord.InspectionAction, text string, files []coord.FileRef) error {
	if err := tx.AddInspectionEvent(ctx, &coord.InspectionEvent{InspectionID: id, Target: target, At: now, Actor: a.ID,
		ActorAgency: a.Agency, Action: action, Text: text, Files: files}); err != nil {
		return fmt.Errorf("record inspection event: %w", err)
	}
	return nil
}

// parties are the lead and the members that did not decline.
func (s *Service) parties(p coord.Inspection) []string {
	return append([]string{p.Lead}, s.joined(p)...)
}

// joined are the members that did not decline (yet to answer included).
func (s *Service) joined(p coord.Inspection) []string {
	var out []string
	for _, m := range p.Members {
		if m.Answer != coord.AnswerDecline {
			out = append(out, m.Agency)
		}
	}
	return out
}

// tell queues text to each agency's chats, once per chat.
func (s *Service) tell(ctx context.Context, out *Out, tx coord.Directory, p coord.Inspection, agencies []string, text func(coord.Lang) string) error {
	seen := map[int64]bool{}
	for _, code := range agencies {
		rc, _, err := coord.Reach(ctx, tx, code)
		if err != nil {
			return err
		}
		for _, r := range rc {
			if seen[r.ChatID] {
				continue
			}
			seen[r.ChatID] = true
			out.send(coord.OutMessage{Kind: coord.OutText, ChatID: r.ChatID, Text: text(r.Lang), Ref: coord.InspectionRef(p.ID)})
		}
	}
	return nil
}

// The annual inspection's duties (Điều 6.5) and where a reminder of one
// falls.
const (
	AnnualPlan     = "plan"     // the year's plan exists
	AnnualConclude = "conclude" // the year's inspection is concluded

	DutyUpcoming = "upcoming"
	DutyLastDay  = "lastday"
	DutyOverdue  = "overdue"
)

// RemindAnnual reminds the coordinator of the annual inspection of year
// while the duty is not met: no annual plan (AnnualPlan), or none
// concluded (AnnualConclude). Sent is false when it is met.
func (s *Service) RemindAnnual(ctx context.Context, tx InspectionsTx, year int, due coord.Date, what, kind string, n int) (Overdue, error) {
	var res Overdue
	st, err := Annual(ctx, tx, year)
	if err != nil {
		return res, err
	}
	if (what == AnnualPlan && st.Exists) || (what == AnnualConclude && st.Concluded) {
		return res, nil
	}
	rc, _, err := coord.Reach(ctx, tx, s.Catalogue.Coordinator().Code)
	if err != nil {
		return res, err
	}
	for _, r := range rc {
		res.send(coord.OutMessage{Kind: coord.OutText, ChatID: r.ChatID, Text: texts.AnnualDutyReminder(s.Catalogue, year, due, what == AnnualPlan, kind, n, st.Line(s.Catalogue, r.Lang), r.Lang)})
	}
	res.Sent = len(res.Messages) > 0
	return res, nil
}

package work

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// RegisterTx is what the register's cross-checks and alerts read and write.
type RegisterTx interface {
	coord.Register
	coord.RegisterAlerts
	coord.Directory
	coord.AuditLog
	coord.Outbox
}

// Callback data of an alert's card: "ra:h:12" (dealt with) and "ra:n:12"
// (not a violation: asks for the reason). Presses are authorised against
// the stored alert and the presser's agency, whatever the button says.
const (
	CbAlertHandled      = "ra:h:"
	CbAlertNotViolation = "ra:n:"
)

// DefaultExpiringDays is how far ahead a work permit about to expire is
// listed when config names no other horizon.
const DefaultExpiringDays = 45

// maxEmployerRows is how many rows naming one unlisted employer an alert
// keeps, to show where it was seen.
const maxEmployerRows = 5

// CrossChecks runs every check over the register on day today: each
// person's facts (coord.PersonChecks), one person at a time, and the
// employers against the organisation lists (coord.EmployerChecks). It
// holds one person's facts and one row per listed employer, never the
// whole register.
func (s *Service) CrossChecks(ctx context.Context, tx coord.Register, today coord.Date) ([]coord.Finding, error) {
	days := s.ExpiringDays
	if days <= 0 {
		days = DefaultExpiringDays
	}
	var (
		out       []coord.Finding
		person    []coord.Fact
		employers = map[string][]coord.Fact{}
		order     []string
	)
	flush := func() {
		if len(person) > 0 {
			out = append(out, coord.PersonChecks(person, today, days)...)
			person = person[:0]
		}
	}
	err := tx.EachFact(ctx, nil, func(f coord.Fact) error {
		if len(person) > 0 && (person[0].Person.Passport != f.Person.Passport || person[0].Person.Nationality != f.Person.Nationality) {
			flush()
		}
		person = append(person, f)
		if o := f.Org; o != nil && slices.Contains(coord.ListedKinds, o.Kind) {
			key := string(o.Kind) + "|" + o.TaxCode + "|" + coord.FoldName(o.Name)
			if _, ok := employers[key]; !ok {
				order = append(order, key)
			}
			if len(employers[key]) < maxEmployerRows {
				employers[key] = append(employers[key], f)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("walk the register: %w", err)
	}
	flush()
	orgs, err := tx.Organisations(ctx, coord.ListedKinds)
	if err != nil {
		return nil, fmt.Errorf("organisation lists: %w", err)
	}
	var rows []coord.Fact
	for _, k := range order {
		rows = append(rows, employers[k]...)
	}
	return append(out, coord.EmployerChecks(rows, orgs)...), nil
}

// alertRecipients are the agencies a finding is told to: the police and
// the coordinator for a stay without a permit, the coordinator for an
// unlisted employer, both submitters for a mismatch.
func (s *Service) alertRecipients(f coord.Finding) []string {
	coordinator := s.Catalogue.Coordinator().Code
	var to []string
	switch f.Kind {
	case coord.CheckStayWithoutPermit:
		for _, a := range s.Catalogue.Agencies {
			if a.Kind == coord.KindPolice {
				to = append(to, a.Code)
			}
		}
		to = append(to, coordinator)
	case coord.CheckEmployerUnlisted:
		to = []string{coordinator}
	default:
		to = f.Agencies()
	}
	var out []string
	for _, a := range to {
		if a != "" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// AlertsOut is what raising alerts did.
type AlertsOut struct {
	Out
	// Raised are the alerts made now; the findings already alerted are
	// not among them.
	Raised []coord.Alert
}

// RaiseAlerts makes an alert of every finding that has none yet (one per
// Key, ever), audited, and sends its card to the agencies concerned. The
// expiring permits are not alerts: they go in the weekly lists
// (ExpiringLists).
func (s *Service) RaiseAlerts(ctx context.Context, tx RegisterTx, now time.Time, findings []coord.Finding) (AlertsOut, error) {
	var res AlertsOut
	for _, f := range findings {
		if f.Kind == coord.CheckPermitExpiring {
			continue
		}
		a := coord.Alert{Key: f.Key, Kind: f.Kind, Passport: f.Passport, Nationality: f.Nationality, Day: f.Day,
			Facts: f.Facts, Org: f.Org, Agencies: s.alertRecipients(f), State: coord.AlertOpen, CreatedAt: now}
		created, err := tx.CreateAlert(ctx, &a)
		if err != nil {
			return res, fmt.Errorf("alert %s: %w", f.Key, err)
		}
		if !created {
			continue
		}
		if err := Audit(ctx, tx, Actor{}, now, "register.alert", coord.AlertRef(a.ID), nil, map[string]any{
			"kind": a.Kind, "key": a.Key, "agencies": a.Agencies}); err != nil {
			return res, err
		}
		for _, ag := range a.Agencies {
			targets, _, err := coord.Reach(ctx, tx, ag)
			if err != nil {
				return res, err
			}
			for _, t := range targets {
				res.send(coord.OutMessage{Kind: coord.OutText, ChatID: t.ChatID, Text: s.AlertCard(a, t.Lang),
					Buttons: alertButtons(a, t.Lang), Ref: coord.AlertRef(a.ID)})
			}
		}
		res.Raised = append(res.Raised, a)
	}
	return res, nil
}

func alertButtons(a coord.Alert, lang coord.Lang) [][]coord.Button {
	if a.State != coord.AlertOpen {
		return nil
	}
	id := strconv.FormatInt(a.ID, 10)
	return [][]coord.Button{{
		{Text: txtAlertBtnHandled.In(lang), Data: CbAlertHandled + id},
		{Text: txtAlertBtnNotViolation.In(lang), Data: CbAlertNotViolation + id},
	}}
}

// AlertCard is an alert as the agencies told read it, with its state.
func (s *Service) AlertCard(a coord.Alert, lang coord.Lang) string {
	var b strings.Builder
	name := func(code string) string { return texts.AgencyName(s.Catalogue, code, lang) }
	switch a.Kind {
	case coord.CheckStayWithoutPermit:
		fmt.Fprint(&b, txtAlertStayTitle.In(lang, a.ID))
		if len(a.Facts) > 0 {
			fmt.Fprint(&b, s.personLine(a.Facts[0], lang))
		}
		fmt.Fprint(&b, txtAlertStayGap.In(lang, a.Day.VN()))
		for i, f := range a.Facts {
			fmt.Fprint(&b, s.factLine(f, lang, i > 0, ""))
		}
		if len(a.Facts) < 2 {
			fmt.Fprint(&b, txtAlertNoPermit.In(lang))
		}
	case coord.CheckIdentityMismatch:
		fmt.Fprint(&b, txtAlertMismatchTitle.In(lang, a.ID, a.Passport, a.Nationality))
		for _, f := range a.Facts {
			born := "—"
			if f.Person != nil && !f.Person.BirthDate.IsZero() {
				born = f.Person.BirthDate.VN()
			}
			fmt.Fprint(&b, txtAlertMismatchLine.In(lang, name(f.Source.Agency), f.Person.Name, born, s.sourceOf(f, lang)))
		}
	case coord.CheckEmployerUnlisted:
		o := coord.Organisation{}
		if a.Org != nil {
			o = *a.Org
		}
		tax := o.TaxCode
		if tax == "" {
			tax = "—"
		}
		fmt.Fprint(&b, txtAlertEmployerTitle.In(lang, a.ID, o.Name, tax, orgKindName(o.Kind).In(lang)))
		for _, f := range a.Facts {
			line := s.factLine(f, lang, false, "")
			if p := f.Person; p != nil {
				line = strings.Replace(line, "• ", "• "+txtAlertWorker.In(lang, p.Name, p.Passport, p.Nationality), 1)
			}
			fmt.Fprint(&b, line)
		}
	default:
		fmt.Fprintf(&b, "#%d %s", a.ID, a.Kind)
	}
	switch a.State {
	case coord.AlertHandled:
		fmt.Fprint(&b, txtAlertClosedHandled.In(lang, name(a.ClosedAgency), texts.LocalTime(a.ClosedAt, s.Calendar.Location)))
	case coord.AlertNotViolation:
		fmt.Fprint(&b, txtAlertClosedNot.In(lang, name(a.ClosedAgency), texts.LocalTime(a.ClosedAt, s.Calendar.Location), a.Reason))
	default:
		fmt.Fprint(&b, txtAlertAsk.In(lang))
	}
	return b.String()
}

func (s *Service) personLine(f coord.Fact, lang coord.Lang) string {
	p := f.Person
	if p == nil {
		return ""
	}
	born := ""
	if !p.BirthDate.IsZero() {
		born = txtAlertBorn.In(lang, p.BirthDate.VN())
	}
	return txtAlertPerson.In(lang, p.Name, p.Passport, p.Nationality, born)
}

// factLine is one row of an alert or a search: the paper, its validity
// (followed by mark), the employer if asked for, and where it was read.
func (s *Service) factLine(f coord.Fact, lang coord.Lang, employer bool, mark string) string {
	var what string
	if d := f.Doc; d != nil {
		what = docKindName(d.Kind).In(lang)
		if d.Number != "" {
			what += " " + txtAlertNumber.In(lang, d.Number)
		}
		if d.Purpose != "" {
			what += txtAlertPurpose.In(lang, d.Purpose)
		}
		if !d.ValidFrom.IsZero() || !d.ValidTo.IsZero() {
			what += txtAlertValid.In(lang, dateOrDash(d.ValidFrom), dateOrDash(d.ValidTo)) + mark
		}
		if d.Revoked {
			what += txtAlertRevoked.In(lang)
		}
	}
	if o := f.Org; o != nil && employer && o.Name != "" {
		if what != "" {
			what += ", "
		}
		what += o.Name
	}
	return txtAlertFact.In(lang, what, s.sourceOf(f, lang))
}

func (s *Service) sourceOf(f coord.Fact, lang coord.Lang) string {
	src := f.Source
	return txtAlertSource.In(lang, src.Obligation, texts.AgencyName(s.Catalogue, src.Agency, lang),
		texts.PeriodPhrase(src.Period, lang), src.Version, src.Row)
}

func dateOrDash(d coord.Date) string {
	if d.IsZero() {
		return "…"
	}
	return d.VN()
}

// CanCloseAlert reports, as a refusal, whether a may close alert id now:
// what «Không phải vi phạm» checks before it asks for the reason.
func (s *Service) CanCloseAlert(ctx context.Context, tx coord.RegisterAlerts, a Actor, id int64) (coord.Alert, error) {
	al, err := tx.Alert(ctx, id)
	if coord.ErrorCode(err) == coord.ENotFound {
		return al, texts.Refuse(txtAlertNotFound, id)
	}
	if err != nil {
		return al, err
	}
	if !a.Admin() && !slices.Contains(al.Agencies, a.Agency) {
		return al, texts.Refuse(txtAlertNotYours, id)
	}
	if al.State != coord.AlertOpen {
		return al, texts.Refuse(txtAlertAlready, id, texts.AgencyName(s.Catalogue, al.ClosedAgency, a.Lang),
			texts.LocalTime(al.ClosedAt, s.Calendar.Location))
	}
	return al, nil
}

// AlertOut is the outcome of closing an alert.
type AlertOut struct {
	Out
	Alert coord.Alert
}

// CloseAlert closes alert id as dealt with, or as not a violation with
// reason, for an officer of an agency it went to (or an admin): audited,
// and every card of it is redrawn with the outcome and without buttons.
func (s *Service) CloseAlert(ctx context.Context, tx RegisterTx, a Actor, now time.Time, id int64, state coord.AlertState, reason string) (AlertOut, error) {
	var res AlertOut
	al, err := s.CanCloseAlert(ctx, tx, a, id)
	if err != nil {
		return res, err
	}
	reason = strings.TrimSpace(reason)
	switch state {
	case coord.AlertHandled:
		reason = ""
	case coord.AlertNotViolation:
		if reason == "" {
			return res, texts.Refuse(txtAlertNeedsReason, id)
		}
	default:
		return res, fmt.Errorf("close alert %d as %q", id, state)
	}
	before := al.State
	al.State, al.Reason, al.ClosedBy, al.ClosedAgency, al.ClosedAt = state, reason, a.ID, a.Agency, now
	if err := tx.SaveAlert(ctx, &al, now); err != nil {
		return res, err
	}
	if err := Audit(ctx, tx, a, now, "register.alert.close", coord.AlertRef(al.ID), map[string]any{"state": before},
		map[string]any{"state": al.State, "reason": al.Reason, "agency": al.ClosedAgency}); err != nil {
		return res, err
	}
	cards, err := tx.MessagesOfRef(ctx, coord.AlertRef(al.ID))
	if err != nil {
		return res, err
	}
	for _, m := range cards {
		res.send(coord.OutMessage{Kind: coord.OutEdit, ChatID: m.ChatID, MessageID: m.MessageID, Text: s.AlertCard(al, coord.LangVI)})
	}
	res.Alert = al
	return res, nil
}

// ExpiringLists are the weekly lists of work permits about to expire with
// no later permit, one message per issuing agency (the agency whose list
// the permit came from), to each of its chats.
func (s *Service) ExpiringLists(ctx context.Context, tx coord.Directory, findings []coord.Finding) (map[string][]coord.OutMessage, error) {
	by := map[string][]coord.Finding{}
	var agencies []string
	for _, f := range findings {
		if f.Kind != coord.CheckPermitExpiring || len(f.Facts) == 0 {
			continue
		}
		ag := f.Facts[0].Source.Agency
		if _, ok := by[ag]; !ok {
			agencies = append(agencies, ag)
		}
		by[ag] = append(by[ag], f)
	}
	days := s.ExpiringDays
	if days <= 0 {
		days = DefaultExpiringDays
	}
	out := map[string][]coord.OutMessage{}
	for _, ag := range agencies {
		list := by[ag]
		slices.SortFunc(list, func(a, b coord.Finding) int { return a.Day.Compare(b.Day) })
		targets, _, err := coord.Reach(ctx, tx, ag)
		if err != nil {
			return nil, err
		}
		for _, t := range targets {
			var b strings.Builder
			fmt.Fprint(&b, txtExpiringTitle.In(t.Lang, days, len(list)))
			for i, f := range list {
				p, d := f.Facts[0].Person, f.Facts[0].Doc
				employer := ""
				if o := f.Facts[0].Org; o != nil && o.Name != "" {
					employer = ", " + o.Name
				}
				fmt.Fprint(&b, txtExpiringLine.In(t.Lang, i+1, p.Name, p.Passport, p.Nationality, d.Number, d.ValidTo.VN(), employer))
			}
			for _, part := range coord.SplitText(b.String(), coord.MaxTextLen-96) {
				out[ag] = append(out[ag], coord.OutMessage{Kind: coord.OutText, ChatID: t.ChatID, Text: part})
			}
		}
	}
	return out, nil
}

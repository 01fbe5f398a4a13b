package work

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// ReportsTx is what submitting and acknowledging reports read and write.
type ReportsTx interface {
	coord.Submissions
	coord.Deliveries
	coord.Directory
	coord.AuditLog
}

// Obligation resolves a report code typed by an officer: it must exist and
// be one the actor's agency owes.
func (s *Service) Obligation(a Actor, id string) (coord.Obligation, error) {
	ob, ok := s.Catalogue.Obligation(id)
	if !ok {
		return ob, texts.Refuse(txtUnknownObligation, id, s.ownObligations(a.Agency, a.Lang))
	}
	if !ob.ResponsibleFor(a.Agency) {
		return ob, texts.Refuse(txtNotYourObligation, ob.ID, texts.AgencyList(s.Catalogue, ob.From, a.Lang),
			texts.AgencyName(s.Catalogue, a.Agency, a.Lang), s.ownObligations(a.Agency, a.Lang))
	}
	return ob, nil
}

func (s *Service) ownObligations(agency string, lang coord.Lang) string {
	var ids []string
	for _, o := range s.Catalogue.ObligationsOf(agency) {
		ids = append(ids, o.ID)
	}
	if len(ids) == 0 {
		return texts.TxtNone.In(lang)
	}
	return strings.Join(ids, ", ")
}

// PeriodStates lists the periods of ob that agency owes or owed since
// tracking began, oldest deadline first, with their versions. Only those
// periods' versions are read, without their files: the views judge periods
// and show no file, and an agency's history before tracking began can be
// many times larger than what they show.
func (s *Service) PeriodStates(ctx context.Context, tx coord.Submissions, ob coord.Obligation, agency string, now time.Time) ([]coord.PeriodState, error) {
	tracked := coord.Tracked(s.Calendar, ob, s.Calendar.Today(now), s.TrackFrom)
	if len(tracked) == 0 {
		return nil, nil
	}
	subs, err := tx.Submissions(ctx, coord.SubmissionFilter{Obligation: ob.ID, Agency: agency, Periods: tracked.Labels(), NoFiles: true})
	if err != nil {
		return nil, fmt.Errorf("list submissions: %w", err)
	}
	return tracked.States(subs), nil
}

// ResolvePeriod reads the period an officer named for ob, or, when arg is
// empty, picks the oldest period that is owed and not yet submitted (spec
// §3: a period left out). An event-driven report has no period and no
// deadline.
func (s *Service) ResolvePeriod(ctx context.Context, tx coord.Submissions, a Actor, now time.Time, ob coord.Obligation, arg string) (coord.Period, *coord.Deadline, error) {
	if ob.EventDriven() {
		if arg != "" {
			return coord.Period{}, nil, texts.Refuse(txtEventNoPeriod, ob.ID, ob.ID)
		}
		return coord.Period{}, nil, nil
	}
	today := s.Calendar.Today(now)
	if arg == "" {
		states, err := s.PeriodStates(ctx, tx, ob, a.Agency, now)
		if err != nil {
			return coord.Period{}, nil, err
		}
		for _, st := range states {
			if !st.Submitted() && coord.Owes(ob, st.Deadline, s.TrackFrom, now) {
				dl := st.Deadline
				return dl.Period, &dl, nil
			}
		}
		example := coord.PeriodContaining(ob.Schedules[0].Cadence, today)
		return coord.Period{}, nil, texts.Refuse(txtNoOpenPeriod, ob.ID, ob.ID, example.String())
	}
	p, err := coord.ParsePeriod(arg)
	if err != nil {
		return p, nil, texts.Refuse(txtBadPeriod, arg, ob.ID, texts.CadenceHint(ob, a.Lang))
	}
	dl, ok := s.Calendar.DeadlineOf(ob, p)
	if !ok {
		return p, nil, texts.Refuse(txtBadPeriod, arg, ob.ID, texts.CadenceHint(ob, a.Lang))
	}
	if today.Before(p.Start()) {
		return p, nil, texts.Refuse(txtPeriodNotBegun, p.String(), p.Start().VN())
	}
	// A period more than two years before tracking began is almost surely a
	// typo (2000 for 2027) and would go out to another agency.
	from := s.TrackFrom
	if from.IsZero() {
		from = today
	}
	if oldest := (coord.Date{Year: from.Year - 2, Month: time.January, Day: 1}); p.End().Before(oldest) {
		return p, nil, texts.Refuse(txtPeriodTooOld, p.String(), oldest.Year)
	}
	return p, &dl, nil
}

// NewSubmission is what an officer submits: a report of a period (its
// deadline from ResolvePeriod, nil for an event-driven report), with files
// or as a nil report, with an optional note.
type NewSubmission struct {
	Obligation coord.Obligation
	Period     coord.Period
	Deadline   *coord.Deadline
	Kind       coord.SubmissionKind
	Files      []coord.SubmittedFile
	Note       string
	// Replace says the new version replaces a wrong one, so the period is
	// judged on it (spec §3).
	Replace bool
}

// Reached is how one recipient agency got a submission.
type Reached struct {
	Agency string
	Mode   coord.DeliveryMode // coord.Unreachable when nobody could get it
	Chats  int
}

// Submitted is the outcome of Submit.
type Submitted struct {
	Out
	// Submission is the stored version; its LateDays is how the period
	// stands (the first version's, unless this one replaces a wrong one).
	Submission coord.Submission
	Recipients []Reached // in the obligation's order
}

// Submit stores a report version, judges it against the deadline, writes
// the audit row and delivers it to every recipient agency: its bound
// group, else each of its officers privately, each copy with the «Đã nhận»
// button.
func (s *Service) Submit(ctx context.Context, tx ReportsTx, a Actor, now time.Time, in NewSubmission) (Submitted, error) {
	var res Submitted
	ob, dl := in.Obligation, in.Deadline
	if in.Kind == coord.NilReport && !ob.NilAllowed {
		return res, texts.Refuse(TxtNilNotAllowed, ob.ID, ob.ID)
	}
	if err := s.notARepeat(ctx, tx, a, now, in); err != nil {
		return res, err
	}
	sub := coord.Submission{Obligation: ob.ID, Agency: a.Agency, Period: in.Period.String(), Kind: in.Kind, Note: in.Note,
		Files: in.Files, SubmittedBy: a.ID, ChatID: a.Chat, SubmittedAt: now, ReplacesWrong: in.Replace}
	if dl != nil {
		due, eff := dl.Due, dl.EffectiveDue
		sub.Due, sub.EffectiveDue, sub.LateDays = &due, &eff, coord.LateBy(ob, *dl, in.Kind, now)
	}
	if err := tx.CreateSubmission(ctx, &sub); err != nil {
		return res, fmt.Errorf("record submission: %w", err)
	}
	if err := Audit(ctx, tx, a, now, "submission.create", fmt.Sprintf("submission:%d", sub.ID), nil, map[string]any{
		"obligation": sub.Obligation, "agency": sub.Agency, "period": sub.Period, "version": sub.Version,
		"kind": sub.Kind, "files": len(sub.Files), "late_days": sub.LateDays, "replaces_wrong": sub.ReplacesWrong}); err != nil {
		return res, err
	}
	if sub.Period != "" && sub.Version > 1 && dl != nil {
		// The period keeps the status of its first version unless this one
		// replaces a wrong one (spec §3): show the period's status.
		versions, err := tx.Submissions(ctx, coord.SubmissionFilter{Obligation: sub.Obligation, Agency: sub.Agency, Period: sub.Period, NoFiles: true})
		if err != nil {
			return res, fmt.Errorf("list versions: %w", err)
		}
		if len(versions) > 0 {
			sub.LateDays = coord.PeriodState{Deadline: *dl, Versions: versions}.LateBy(ob)
		}
	}
	for _, to := range ob.To {
		targets, mode, err := coord.Reach(ctx, tx, to)
		if err != nil {
			return res, err
		}
		d := coord.Delivery{SubmissionID: sub.ID, Agency: to, CreatedAt: now, Mode: mode}
		if err := tx.CreateDelivery(ctx, &d); err != nil {
			return res, fmt.Errorf("record delivery: %w", err)
		}
		for _, t := range targets {
			res.Messages = append(res.Messages, s.DeliveryMessages(ob, sub, d.ID, t.ChatID, t.Lang)...)
		}
		res.Recipients = append(res.Recipients, Reached{Agency: to, Mode: mode, Chats: len(targets)})
	}
	res.Submission = sub
	return res, nil
}

// RepeatWindow is how long a version that repeats the submitter's previous
// one exactly (same kind, note and files) is refused instead of delivered
// again: sent twice by a double tap or a flood of /nil, it would only queue
// the same message again in every recipient's group.
const RepeatWindow = time.Hour

// notARepeat refuses a submission identical to the latest version of its
// period when the same person sent that one within RepeatWindow. A
// correction (Replace) is never a repeat.
func (s *Service) notARepeat(ctx context.Context, tx coord.Submissions, a Actor, now time.Time, in NewSubmission) error {
	if in.Replace {
		return nil
	}
	versions, err := tx.Submissions(ctx, coord.SubmissionFilter{Obligation: in.Obligation.ID, Agency: a.Agency,
		Period: in.Period.String(), Since: now.Add(-RepeatWindow)})
	if err != nil {
		return fmt.Errorf("list recent versions: %w", err)
	}
	if len(versions) == 0 {
		return nil
	}
	last := versions[len(versions)-1]
	if last.SubmittedBy != a.ID || last.Kind != in.Kind || strings.TrimSpace(last.Note) != strings.TrimSpace(in.Note) ||
		!sameFiles(last.Files, in.Files) {
		return nil
	}
	return texts.Refuse(txtRepeatSubmission, in.Obligation.ID, texts.PeriodPhrase(in.Period.String(), a.Lang), last.Version,
		last.SubmittedAt.In(s.Calendar.Location).Format("15:04 02/01/2006"))
}

// sameFiles reports whether two versions carry the same files (Telegram's
// file_unique_id is the same for the same bytes), in the same order.
func sameFiles(a, b []coord.SubmittedFile) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].FileUniqueID != b[i].FileUniqueID {
			return false
		}
	}
	return true
}

// DeliveryMessages are what one chat of a recipient agency receives: the
// files (re-sent by file_id; photos and documents in separate albums, as
// Telegram requires) with the caption, and the «Đã nhận» button of
// delivery — on the one file, or on a message of its own.
func (s *Service) DeliveryMessages(ob coord.Obligation, sub coord.Submission, delivery, chat int64, lang coord.Lang) []coord.OutMessage {
	caption := texts.DeliveryCaption(s.Catalogue, ob, sub, lang)
	ack := texts.AckButtons(delivery, lang)
	refs := make([]coord.FileRef, len(sub.Files))
	for i, f := range sub.Files {
		refs[i] = coord.FileRef{FileID: f.FileID, Photo: f.Photo, Name: f.Name}
	}
	if len(refs) == 1 {
		return []coord.OutMessage{{Kind: coord.OutFiles, ChatID: chat, Text: caption, Buttons: ack, Files: refs}}
	}
	out := FileMessages(chat, refs, caption, "")
	return append(out, coord.OutMessage{Kind: coord.OutText, ChatID: chat, Text: texts.DeliveryAskAck(ob, sub, caption, lang), Buttons: ack})
}

// AckTx is what an acknowledgement reads and writes.
type AckTx interface {
	coord.Submissions
	coord.Deliveries
	coord.People
	coord.AuditLog
}

// Acked is the outcome of Acknowledge.
type Acked struct {
	Out
	Delivery   coord.Delivery
	Submission coord.Submission
	// Already is set when someone had acknowledged it before: By (a name,
	// or the Telegram id) at Delivery.AckedAt; nothing was changed.
	Already bool
	By      string
}

// Acknowledge records «Đã nhận» of a delivery by an officer of the
// recipient agency only, and tells the submitter's chat who acknowledged
// and when. A delivery that does not exist is coord.ErrNotFound (a stale
// button).
func (s *Service) Acknowledge(ctx context.Context, tx AckTx, a Actor, now time.Time, delivery int64) (Acked, error) {
	var res Acked
	d, err := tx.Delivery(ctx, delivery)
	if err != nil {
		if coord.ErrorCode(err) == coord.ENotFound {
			return res, err
		}
		return res, fmt.Errorf("load delivery: %w", err)
	}
	res.Delivery = d
	if a.Agency != d.Agency {
		return res, texts.Refuse(txtAckNotRecipient, texts.AgencyName(s.Catalogue, d.Agency, a.Lang))
	}
	if d.AckedBy != nil {
		res.Already, res.By = true, fmt.Sprint(*d.AckedBy)
		if u, err := tx.User(ctx, *d.AckedBy); err == nil && u.Name != "" {
			res.By = u.Name
		}
		return res, nil
	}
	if err := tx.AckDelivery(ctx, d.ID, a.ID, now); err != nil {
		if coord.ErrorCode(err) == coord.EConflict {
			return res, texts.Refuse(texts.TxtFlowExpired)
		}
		return res, fmt.Errorf("acknowledge: %w", err)
	}
	by, at := a.ID, now
	res.Delivery.AckedBy, res.Delivery.AckedAt = &by, &at
	sub, err := tx.Submission(ctx, d.SubmissionID)
	if err != nil {
		return res, fmt.Errorf("load submission: %w", err)
	}
	res.Submission = sub
	if err := Audit(ctx, tx, a, now, "delivery.ack", fmt.Sprintf("delivery:%d", d.ID), nil,
		map[string]any{"submission": sub.ID, "agency": d.Agency, "by": a.ID}); err != nil {
		return res, err
	}
	notice := texts.AckNotice(s.Catalogue, d.Agency, sub, a.Name, texts.LocalTime(now, s.Calendar.Location), coord.LangVI)
	res.send(coord.OutMessage{Kind: coord.OutText, ChatID: sub.ChatID, Text: notice})
	return res, nil
}

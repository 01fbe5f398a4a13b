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

// TrainingsTx is what the training use cases read and write.
type TrainingsTx interface {
	coord.Trainings
	coord.Directory
	coord.AuditLog
}

// Callback data of a co-organiser's buttons: "trn:d:12". The answer is the
// presser's agency's, authorised against the stored activity.
const (
	CbTrainJoin    = "trn:j:"
	CbTrainDecline = "trn:d:"
)

// NewTraining is a dissemination or training activity as an officer
// records it (Điều 3.1, 6.2, clause 1 of Điều 7–16). A day ahead makes it
// planned; today or a past day records it as held.
type NewTraining struct {
	Day       coord.Date
	Title     string
	Audiences []coord.Audience
	// Attendees is how many attended (required for an activity already
	// held) or are expected (optional for a planned one); 0: not given.
	Attendees int
	// CoOrganisers are agency codes, each invited to take part.
	CoOrganisers []string
	Files        []coord.FileRef // the materials
	// Organiser is the organising agency: the actor's own; an admin or an
	// officer of the coordinator, who draws up the province's plan (Điều
	// 6.2), may name another.
	Organiser string
}

// TrainingOut is the outcome of a training use case: the activity after
// the change and the messages to send.
type TrainingOut struct {
	Out
	Training coord.Training
	// Reached counts, per co-organiser, the chats its invitation went to.
	Reached map[string]int
}

// TrainingNumber is how officers see the number of an activity: "T-12".
func TrainingNumber(id int64) string { return "T-" + strconv.FormatInt(id, 10) }

// ParseTrainingNumber reads "12", "#12", "T-12" or "t12".
func ParseTrainingNumber(s string) (int64, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(s) > 0 && (s[0] == 'T' || s[0] == 't') {
		s = strings.TrimPrefix(s[1:], "-")
	}
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}

// audienceWords are the ways an audience is written, folded (lower case,
// without diacritics, single spaces).
var audienceWords = map[string]coord.Audience{
	"1": coord.AudEmployers, "doanh nghiep": coord.AudEmployers, "doanhnghiep": coord.AudEmployers, "dn": coord.AudEmployers,
	"nguoi su dung lao dong": coord.AudEmployers, "employers": coord.AudEmployers, "employer": coord.AudEmployers,
	"2": coord.AudForeignWorkers, "nguoi lao dong nuoc ngoai": coord.AudForeignWorkers, "nldnn": coord.AudForeignWorkers,
	"lao dong nuoc ngoai": coord.AudForeignWorkers, "nguoi nuoc ngoai": coord.AudForeignWorkers,
	"foreign workers": coord.AudForeignWorkers, "foreign worker": coord.AudForeignWorkers,
	"3": coord.AudOfficers, "can bo": coord.AudOfficers, "canbo": coord.AudOfficers, "can bo cong chuc": coord.AudOfficers,
	"cong chuc": coord.AudOfficers, "officers": coord.AudOfficers, "officer": coord.AudOfficers,
}

// ParseAudiences reads "doanh nghiệp, người lao động nước ngoài, cán bộ"
// (or the codes doanhnghiep, nldnn, canbo, or 1, 2, 3), separated by
// commas, semicolons or "|"; bad is the first word not understood.
func ParseAudiences(s string) (out []coord.Audience, bad string) {
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' || r == '/' }) {
		word := strings.Join(strings.Fields(Fold(strings.ReplaceAll(part, "-", " "))), " ")
		if word == "" {
			continue
		}
		a, ok := audienceWords[word]
		if !ok {
			if a, ok = audienceWords[strings.ReplaceAll(word, " ", "")]; !ok {
				return nil, strings.TrimSpace(part)
			}
		}
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out, ""
}

// vnFold maps each Vietnamese letter with diacritics to its base letter.
var vnFold = func() *strings.Replacer {
	var pairs []string
	for base, letters := range map[string]string{
		"a": "àáạảãâầấậẩẫăằắặẳẵ", "e": "èéẹẻẽêềếệểễ", "i": "ìíịỉĩ", "o": "òóọỏõôồốộổỗơờớợởỡ",
		"u": "ùúụủũưừứựửữ", "y": "ỳýỵỷỹ", "d": "đ",
	} {
		for _, r := range letters {
			pairs = append(pairs, string(r), base)
		}
	}
	return strings.NewReplacer(pairs...)
}()

// Fold is s in lower case without Vietnamese diacritics, so that what an
// officer types on a keyboard without them is understood too.
func Fold(s string) string { return vnFold.Replace(strings.ToLower(s)) }

// AudienceName names an audience as records show it.
func AudienceName(a coord.Audience, lang coord.Lang) string {
	if m, ok := txtTrainAudiences[a]; ok {
		return m.In(lang)
	}
	return string(a)
}

func audienceList(as []coord.Audience, lang coord.Lang) string {
	names := make([]string, len(as))
	for i, a := range as {
		names[i] = AudienceName(a, lang)
	}
	return strings.Join(names, ", ")
}

// seesAllTrainings: the coordinator (which draws up the plan and writes the
// province's report from the records) and admins see every activity.
func (s *Service) seesAllTrainings(a Actor) bool {
	return a.Admin() || (a.Agency != "" && a.Agency == s.Catalogue.Coordinator().Code)
}

// trainingAgency checks that code may organise or co-organise: an agency
// of the catalogue, not an external addressee nor the coordination group.
func (s *Service) trainingAgency(code string) error {
	if ag, ok := s.Catalogue.Agency(code); !ok || ag.External() || code == coord.CoordGroup {
		return texts.Refuse(txtTrainUnknownAgency, code, texts.Examples(s.Catalogue, 2, ", "))
	}
	return nil
}

// CreateTraining records an activity. A co-organiser's group gets the
// record with the materials and the buttons «Tham gia» / «Không tham gia»;
// an organiser named by the coordinator is told of the item it was given.
func (s *Service) CreateTraining(ctx context.Context, tx TrainingsTx, a Actor, now time.Time, in NewTraining) (TrainingOut, error) {
	var res TrainingOut
	org := strings.ToLower(strings.TrimSpace(in.Organiser))
	if org == "" {
		org = a.Agency
	}
	if org != a.Agency && !s.seesAllTrainings(a) {
		return res, texts.Refuse(txtTrainOrganiserOwn, texts.AgencyName(s.Catalogue, a.Agency, a.Lang))
	}
	if err := s.trainingAgency(org); err != nil {
		return res, err
	}
	title := strings.TrimSpace(in.Title)
	if title == "" || in.Day.IsZero() {
		return res, texts.Refuse(TxtTrainUsage, texts.Examples(s.Catalogue, 2, ", "))
	}
	if err := s.CheckTrainingDay(now, in.Day); err != nil {
		return res, err
	}
	today := s.Calendar.Today(now)
	if len(in.Audiences) == 0 {
		return res, texts.Refuse(TxtTrainAudienceNeeded)
	}
	if in.Attendees < 0 {
		return res, texts.Refuse(TxtTrainAttendeesNeeded, in.Day.VN())
	}
	state := coord.TrainingPlanned
	if !today.Before(in.Day) {
		state = coord.TrainingHeld
		if in.Attendees == 0 {
			return res, texts.Refuse(TxtTrainAttendeesNeeded, in.Day.VN())
		}
	}
	var audiences []coord.Audience
	for _, au := range in.Audiences {
		if _, ok := txtTrainAudiences[au]; !ok {
			return res, texts.Refuse(TxtTrainAudienceNeeded)
		}
		if !slices.Contains(audiences, au) {
			audiences = append(audiences, au)
		}
	}
	var co []coord.InspectionMember
	for _, code := range in.CoOrganisers {
		code = strings.ToLower(strings.TrimSpace(code))
		if code == "" {
			continue
		}
		if err := s.trainingAgency(code); err != nil {
			return res, err
		}
		if code == org || slices.ContainsFunc(co, func(m coord.InspectionMember) bool { return m.Agency == code }) {
			continue
		}
		co = append(co, coord.InspectionMember{Agency: code})
	}
	t := coord.Training{Title: title, Day: in.Day, Organiser: org, CoOrganisers: co, Audiences: audiences,
		Attendees: in.Attendees, Materials: in.Files, State: state, CreatedBy: a.ID, ChatID: a.Chat, CreatedAt: now, UpdatedAt: now}
	if state == coord.TrainingHeld {
		t.HeldAt = now
	}
	if err := tx.CreateTraining(ctx, &t); err != nil {
		return res, fmt.Errorf("create training: %w", err)
	}
	if err := Audit(ctx, tx, a, now, "training.create", coord.TrainingRef(t.ID), nil, map[string]any{
		"title": t.Title, "day": t.Day.String(), "organiser": t.Organiser, "state": t.State, "audiences": t.Audiences,
		"attendees": t.Attendees, "co_organisers": agencyCodes(t.CoOrganisers), "files": len(t.Materials)}); err != nil {
		return res, err
	}
	res.Reached = map[string]int{}
	for _, v := range t.CoOrganisers {
		rc, _, err := coord.Reach(ctx, tx, v.Agency)
		if err != nil {
			return res, err
		}
		for _, r := range rc {
			res.Messages = append(res.Messages, s.trainingInvitation(t, r, "")...)
		}
		res.Reached[v.Agency] = len(rc)
	}
	if org != a.Agency {
		if err := s.tellTraining(ctx, &res.Out, tx, t, []string{org}, func(l coord.Lang) string {
			return txtTrainAssigned.In(l, texts.AgencyName(s.Catalogue, a.Agency, l)) + s.TrainingCard(t, l, false)
		}); err != nil {
			return res, err
		}
	}
	res.Training = t
	return res, nil
}

// CheckTrainingDay refuses a day an activity cannot have: more than a
// year ahead, or before the start of last year.
func (s *Service) CheckTrainingDay(now time.Time, d coord.Date) error {
	today := s.Calendar.Today(now)
	if last := today.AddDays(366); last.Before(d) {
		return texts.Refuse(txtTrainTooFar, d.VN(), last.VN())
	}
	if first := (coord.Date{Year: today.Year - 1, Month: time.January, Day: 1}); d.Before(first) {
		return texts.Refuse(txtTrainTooOld, d.VN(), first.VN())
	}
	return nil
}

// trainingInvitation is what one chat of a co-organiser gets: the
// materials, then the record with the two answers.
func (s *Service) trainingInvitation(t coord.Training, r coord.Recipient, head string) []coord.OutMessage {
	var out []coord.OutMessage
	if len(t.Materials) > 0 {
		out = FileMessages(r.ChatID, t.Materials, TrainingNumber(t.ID), coord.TrainingRef(t.ID))
	}
	return append(out, coord.OutMessage{Kind: coord.OutText, ChatID: r.ChatID, Ref: coord.TrainingRef(t.ID),
		Text: head + txtTrainInviteHead.In(r.Lang, texts.AgencyName(s.Catalogue, t.Organiser, r.Lang)) + s.TrainingCard(t, r.Lang, false) +
			txtTrainAskAnswer.In(r.Lang), Buttons: TrainingButtons(t.ID, r.Lang)})
}

// TrainingButtons are a co-organiser's two answers to activity id.
func TrainingButtons(id int64, lang coord.Lang) [][]coord.Button {
	return [][]coord.Button{{
		{Text: txtTrainBtnJoin.In(lang), Data: CbTrainJoin + strconv.FormatInt(id, 10)},
		{Text: txtTrainBtnDecline.In(lang), Data: CbTrainDecline + strconv.FormatInt(id, 10)},
	}}
}

// TrainingDay is an activity's day as officers read it: "thứ Năm,
// 02/04/2027".
func TrainingDay(d coord.Date, lang coord.Lang) string {
	return weekdayNames[d.Weekday()].In(lang) + ", " + d.VN()
}

// TrainingStateText is an activity's state in words.
func (s *Service) TrainingStateText(t coord.Training, now time.Time, lang coord.Lang) string {
	switch t.State {
	case coord.TrainingHeld:
		return txtTrainStateHeld.In(lang)
	case coord.TrainingCancelled:
		return txtTrainStateCancelled.In(lang, t.Reason)
	}
	if t.Day.Before(s.Calendar.Today(now)) {
		return txtTrainStateUnreported.In(lang)
	}
	return txtTrainStatePlanned.In(lang)
}

// TrainingCard renders an activity; answers adds each co-organiser's
// answer (every party's /training <n>).
func (s *Service) TrainingCard(t coord.Training, lang coord.Lang, answers bool) string {
	var b strings.Builder
	name := func(code string) string { return texts.AgencyName(s.Catalogue, code, lang) }
	fmt.Fprint(&b, txtTrainCard.In(lang, TrainingNumber(t.ID), t.Title, TrainingDay(t.Day, lang), name(t.Organiser),
		audienceList(t.Audiences, lang)))
	switch {
	case t.State == coord.TrainingHeld:
		fmt.Fprint(&b, txtTrainAttended.In(lang, t.Attendees))
	case t.Attendees > 0:
		fmt.Fprint(&b, txtTrainExpected.In(lang, t.Attendees))
	}
	if len(t.CoOrganisers) > 0 {
		var co []string
		for _, v := range t.CoOrganisers {
			co = append(co, name(v.Agency))
		}
		fmt.Fprint(&b, txtTrainCoOrganisers.In(lang, strings.Join(co, "; ")))
	}
	if len(t.Materials) > 0 {
		fmt.Fprint(&b, txtTrainMaterials.In(lang, len(t.Materials)))
	}
	switch t.State {
	case coord.TrainingHeld:
		fmt.Fprint(&b, txtTrainHeldLine.In(lang))
	case coord.TrainingCancelled:
		fmt.Fprint(&b, txtTrainCancelledLine.In(lang, t.Reason))
	default:
		fmt.Fprint(&b, txtTrainPlannedLine.In(lang))
	}
	if answers && len(t.CoOrganisers) > 0 {
		fmt.Fprint(&b, txtTrainAnswersHead.In(lang))
		for _, v := range t.CoOrganisers {
			fmt.Fprintf(&b, "\n• %s: %s", name(v.Agency), TrainingAnswerText(v, lang))
		}
	}
	return texts.Truncate(b.String(), coord.MaxTextLen)
}

// TrainingAnswerText is a co-organiser's answer in words.
func TrainingAnswerText(v coord.InspectionMember, lang coord.Lang) string {
	switch v.Answer {
	case coord.AnswerJoin:
		return txtTrainJoins.In(lang)
	case coord.AnswerDecline:
		return txtTrainDeclines.In(lang, v.Text)
	}
	return txtTrainNoAnswer.In(lang)
}

// training loads activity id; an unknown number is a refusal.
func (s *Service) training(ctx context.Context, tx coord.Trainings, id int64) (coord.Training, error) {
	t, err := tx.Training(ctx, id)
	if coord.ErrorCode(err) == coord.ENotFound {
		return t, texts.Refuse(txtTrainNotFound, TrainingNumber(id))
	}
	if err != nil {
		return t, fmt.Errorf("load training: %w", err)
	}
	return t, nil
}

// SeeTraining returns activity id to a party (the organiser or a
// co-organiser), the coordinator or an admin; anyone else is told it does
// not exist.
func (s *Service) SeeTraining(ctx context.Context, tx coord.Trainings, a Actor, id int64) (coord.Training, error) {
	t, err := s.training(ctx, tx, id)
	if err == nil && !s.seesAllTrainings(a) && !t.Party(a.Agency) {
		return coord.Training{}, texts.Refuse(txtTrainNotFound, TrainingNumber(id))
	}
	return t, err
}

// ListTrainings lists the activities of year the actor's agency organises
// or co-organises (every one for the coordinator and admins), by day.
func (s *Service) ListTrainings(ctx context.Context, tx coord.Trainings, a Actor, year int) ([]coord.Training, error) {
	return s.trainingsOf(ctx, tx, a, coord.Date{Year: year, Month: time.January, Day: 1}, coord.Date{Year: year, Month: time.December, Day: 31})
}

func (s *Service) trainingsOf(ctx context.Context, tx coord.Trainings, a Actor, from, until coord.Date) ([]coord.Training, error) {
	all, err := tx.TrainingsBetween(ctx, from, until)
	if err != nil {
		return nil, fmt.Errorf("list trainings: %w", err)
	}
	var out []coord.Training
	for _, t := range all {
		if s.seesAllTrainings(a) || t.Party(a.Agency) {
			out = append(out, t)
		}
	}
	return out, nil
}

// CanAnswerTraining reports, as a refusal, whether the actor's agency may
// answer activity id now.
func (s *Service) CanAnswerTraining(ctx context.Context, tx coord.Trainings, a Actor, id int64) error {
	t, err := s.training(ctx, tx, id)
	if err != nil {
		return err
	}
	_, err = s.answerableTraining(t, a)
	return err
}

func (s *Service) answerableTraining(t coord.Training, a Actor) (int, error) {
	_, i := t.CoOrganiser(a.Agency)
	if i < 0 {
		return i, texts.Refuse(txtTrainNotCoOrganiser, TrainingNumber(t.ID), texts.AgencyName(s.Catalogue, a.Agency, a.Lang))
	}
	if t.State == coord.TrainingCancelled {
		return i, texts.Refuse(txtTrainIsCancelled, TrainingNumber(t.ID))
	}
	return i, nil
}

// AnswerTraining records a co-organiser's answer: take part, or decline
// with a reason (as for requests, Điều 4.3). An agency may change its
// answer while the activity is not cancelled; the organiser is told.
func (s *Service) AnswerTraining(ctx context.Context, tx TrainingsTx, a Actor, now time.Time, id int64, answer coord.MemberAnswer, reason string) (TrainingOut, error) {
	var res TrainingOut
	if reason = strings.TrimSpace(reason); strings.Trim(reason, "-.… ") == "" {
		reason = "" // a dash says nothing
	}
	t, err := s.training(ctx, tx, id)
	if err != nil {
		return res, err
	}
	i, err := s.answerableTraining(t, a)
	if err != nil {
		return res, err
	}
	switch {
	case answer == coord.AnswerDecline && reason == "":
		return res, texts.Refuse(TxtTrainDeclineNeedsReason, TrainingNumber(id), id)
	case answer != coord.AnswerJoin && answer != coord.AnswerDecline:
		return res, texts.Refuse(TxtTrainUsage, texts.Examples(s.Catalogue, 2, ", "))
	case answer == coord.AnswerJoin:
		reason = ""
	}
	before := t.CoOrganisers[i]
	t.CoOrganisers[i] = coord.InspectionMember{Agency: a.Agency, Answer: answer, Text: reason, By: a.ID, At: now}
	if err := s.saveTraining(ctx, tx, &t, now); err != nil {
		return res, err
	}
	if err := Audit(ctx, tx, a, now, "training."+string(answer), coord.TrainingRef(t.ID),
		map[string]any{"answer": before.Answer, "text": before.Text}, map[string]any{"answer": answer, "text": reason}); err != nil {
		return res, err
	}
	v := t.CoOrganisers[i]
	if err := s.tellTraining(ctx, &res.Out, tx, t, []string{t.Organiser}, func(l coord.Lang) string {
		return txtTrainAnswered.In(l, texts.AgencyName(s.Catalogue, a.Agency, l), TrainingNumber(t.ID), t.Title, TrainingAnswerText(v, l), a.Name)
	}); err != nil {
		return res, err
	}
	res.Training = t
	return res, nil
}

// organiserAct loads activity id for a step only its organiser takes: an
// officer of the organising agency, or an admin.
func (s *Service) organiserAct(ctx context.Context, tx coord.Trainings, a Actor, id int64) (coord.Training, error) {
	t, err := s.SeeTraining(ctx, tx, a, id)
	if err != nil {
		return t, err
	}
	if a.Agency != t.Organiser && !a.Admin() {
		return t, texts.Refuse(txtTrainOrganiserOnly, texts.AgencyName(s.Catalogue, t.Organiser, a.Lang), TrainingNumber(t.ID))
	}
	switch t.State {
	case coord.TrainingCancelled:
		return t, texts.Refuse(txtTrainIsCancelled, TrainingNumber(t.ID))
	case coord.TrainingHeld:
		return t, texts.Refuse(txtTrainAlreadyHeld, TrainingNumber(t.ID), t.Attendees)
	}
	return t, nil
}

// MarkTrainingHeld records that a planned activity took place, with how
// many attended and, optionally, more materials (photos, the list of
// attendees). The co-organisers that take part are told.
func (s *Service) MarkTrainingHeld(ctx context.Context, tx TrainingsTx, a Actor, now time.Time, id int64, attendees int, files []coord.FileRef) (TrainingOut, error) {
	var res TrainingOut
	t, err := s.organiserAct(ctx, tx, a, id)
	if err != nil {
		return res, err
	}
	if today := s.Calendar.Today(now); today.Before(t.Day) {
		return res, texts.Refuse(txtTrainNotYet, TrainingNumber(t.ID), t.Day.VN())
	}
	if attendees <= 0 {
		return res, texts.Refuse(TxtTrainHeldUsage, TrainingNumber(t.ID), t.ID)
	}
	t.State, t.Attendees, t.HeldAt = coord.TrainingHeld, attendees, now
	t.Materials = append(t.Materials, files...)
	if err := s.saveTraining(ctx, tx, &t, now); err != nil {
		return res, err
	}
	if err := Audit(ctx, tx, a, now, "training.held", coord.TrainingRef(t.ID), map[string]any{"state": coord.TrainingPlanned},
		map[string]any{"state": t.State, "attendees": attendees, "files": len(files)}); err != nil {
		return res, err
	}
	var joined []string
	for _, v := range t.CoOrganisers {
		if v.Answer == coord.AnswerJoin {
			joined = append(joined, v.Agency)
		}
	}
	if err := s.tellTraining(ctx, &res.Out, tx, t, joined, func(l coord.Lang) string {
		return txtTrainHeldTold.In(l, TrainingNumber(t.ID), t.Title, t.Day.VN(), attendees)
	}); err != nil {
		return res, err
	}
	res.Training = t
	return res, nil
}

// CancelTraining cancels a planned activity, with a reason; the
// co-organisers that did not decline are told.
func (s *Service) CancelTraining(ctx context.Context, tx TrainingsTx, a Actor, now time.Time, id int64, reason string) (TrainingOut, error) {
	var res TrainingOut
	reason = strings.TrimSpace(reason)
	t, err := s.organiserAct(ctx, tx, a, id)
	if err != nil {
		return res, err
	}
	if reason == "" {
		return res, texts.Refuse(TxtTrainCancelNeedsReason, TrainingNumber(t.ID), t.ID)
	}
	t.State, t.Reason = coord.TrainingCancelled, reason
	if err := s.saveTraining(ctx, tx, &t, now); err != nil {
		return res, err
	}
	if err := Audit(ctx, tx, a, now, "training.cancel", coord.TrainingRef(t.ID), map[string]any{"state": coord.TrainingPlanned},
		map[string]any{"state": t.State, "reason": reason}); err != nil {
		return res, err
	}
	var told []string
	for _, v := range t.CoOrganisers {
		if v.Answer != coord.AnswerDecline {
			told = append(told, v.Agency)
		}
	}
	if err := s.tellTraining(ctx, &res.Out, tx, t, told, func(l coord.Lang) string {
		return txtTrainCancelledTold.In(l, TrainingNumber(t.ID), t.Title, t.Day.VN(), reason)
	}); err != nil {
		return res, err
	}
	res.Training = t
	return res, nil
}

// Kinds of training reminders.
const (
	TrainRemindBefore = "before" // 08:00 the working day before: the organiser and the co-organisers taking part
	TrainRemindAfter  = "after"  // 08:00 the working day after, if not marked held: the organiser
)

// TrainingReminder is one reminder of a planned activity: its kind, the
// day it goes out and when.
type TrainingReminder struct {
	Kind string
	Day  coord.Date
	At   time.Time
}

// TrainingReminders are when planned activity t is reminded, given the
// morning hour reminders go out at: at hh:mm on the working day before its
// day, and, should it still not be marked held, at hh:mm on the first
// working day after it. A reminder due before the activity was recorded is
// left out.
func (s *Service) TrainingReminders(t coord.Training, hour, minute int) []TrainingReminder {
	loc := s.Calendar.Location
	morning := func(d coord.Date) time.Time { return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, loc) }
	before := s.Calendar.WorkingDaysBefore(t.Day, 1)
	after := s.Calendar.NextWorkingDay(t.Day.AddDays(1))
	var out []TrainingReminder
	for _, r := range []TrainingReminder{{TrainRemindBefore, before, morning(before)}, {TrainRemindAfter, after, morning(after)}} {
		if !r.At.Before(t.CreatedAt) {
			out = append(out, r)
		}
	}
	return out
}

// TrainingReminded is the outcome of RemindTraining.
type TrainingReminded struct {
	Out
	// Nowhere: the activity no longer needs the reminder, or nobody could
	// be reached.
	Nowhere bool
}

// RemindTraining sends reminder kind of activity id if it still applies:
// the activity is still planned, on day.
func (s *Service) RemindTraining(ctx context.Context, tx TrainingsTx, now time.Time, id int64, day coord.Date, kind string) (TrainingReminded, error) {
	var res TrainingReminded
	t, err := tx.Training(ctx, id)
	if err != nil {
		return res, fmt.Errorf("load training: %w", err)
	}
	if t.State != coord.TrainingPlanned || t.Day != day {
		res.Nowhere = true
		return res, nil
	}
	agencies := []string{t.Organiser}
	if kind == TrainRemindBefore {
		for _, v := range t.CoOrganisers {
			if v.Answer == coord.AnswerJoin {
				agencies = append(agencies, v.Agency)
			}
		}
	}
	if err := s.tellTraining(ctx, &res.Out, tx, t, agencies, func(l coord.Lang) string {
		if kind == TrainRemindBefore {
			return txtTrainRemindBefore.In(l, TrainingNumber(t.ID), TrainingDay(t.Day, l)) + s.TrainingCard(t, l, false)
		}
		return txtTrainRemindAfter.In(l, TrainingNumber(t.ID), t.Title, t.Day.VN(), t.ID, t.ID)
	}); err != nil {
		return res, err
	}
	if len(res.Messages) == 0 {
		res.Nowhere = true
		return res, nil
	}
	if err := Audit(ctx, tx, Actor{}, now, "training.remind", coord.TrainingRef(t.ID), nil,
		map[string]any{"kind": kind, "agencies": agencies}); err != nil {
		return res, err
	}
	return res, nil
}

// TrainingCounts counts, per agency in the catalogue's order, the
// activities held with a day in [from, until]: those it organised, their
// attendees, and those it took part in as co-organiser. Agencies with
// nothing are left out.
func (s *Service) TrainingCounts(ctx context.Context, tx coord.Trainings, from, until coord.Date) ([]texts.TrainingCount, error) {
	all, err := tx.TrainingsBetween(ctx, from, until)
	if err != nil {
		return nil, fmt.Errorf("list trainings: %w", err)
	}
	by := map[string]*texts.TrainingCount{}
	get := func(code string) *texts.TrainingCount {
		c := by[code]
		if c == nil {
			c = &texts.TrainingCount{Code: code, Name: texts.AgencyName(s.Catalogue, code, coord.LangVI)}
			by[code] = c
		}
		return c
	}
	for _, t := range all {
		if t.State != coord.TrainingHeld {
			continue
		}
		c := get(t.Organiser)
		c.Held++
		c.Attendees += t.Attendees
		for _, v := range t.CoOrganisers {
			if v.Answer == coord.AnswerJoin {
				get(v.Agency).CoOrganised++
			}
		}
	}
	var out []texts.TrainingCount
	for _, a := range s.Catalogue.Agencies {
		if c := by[a.Code]; c != nil {
			out = append(out, *c)
		}
	}
	return out, nil
}

func (s *Service) saveTraining(ctx context.Context, tx coord.Trainings, t *coord.Training, now time.Time) error {
	if err := tx.SaveTraining(ctx, t, now); err != nil {
		if coord.ErrorCode(err) == coord.EConflict {
			return texts.Refuse(texts.TxtFlowExpired)
		}
		return fmt.Errorf("save training: %w", err)
	}
	return nil
}

// tellTraining sends text to the chats of agencies, each chat once.
func (s *Service) tellTraining(ctx context.Context, out *Out, tx coord.Directory, t coord.Training, agencies []string, text func(coord.Lang) string) error {
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
			out.send(coord.OutMessage{Kind: coord.OutText, ChatID: r.ChatID, Text: text(r.Lang), Ref: coord.TrainingRef(t.ID)})
		}
	}
	return nil
}

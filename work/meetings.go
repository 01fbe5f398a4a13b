package work

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// MeetingsTx is what the meeting use cases read and write: the meeting,
// and the coordination requests its conclusions become.
type MeetingsTx interface {
	coord.Meetings
	coord.Requests
	coord.Directory
	coord.AuditLog
}

// Callback data of an invitation's buttons: "mtg:d:12:<code>", well under
// Telegram's 64 bytes. The agency named is the one the card was sent to;
// presses are authorised against the stored meeting, whatever they say.
const (
	CbMeetAttend  = "mtg:a:"
	CbMeetDecline = "mtg:d:"
)

// NewMeeting is what the chair's officer asks for.
type NewMeeting struct {
	Title  string
	Start  time.Time
	Place  string // a room or an online link
	Agenda string
	Files  []coord.FileRef // the agenda's documents
	// Chair is the chairing agency: the actor's own, or any for an admin.
	Chair string
	// Invitees are agency codes; All invites every agency of the catalogue.
	Invitees []string
	All      bool
}

// MeetingOut is the outcome of a meeting use case: the meeting after the
// change and the messages to send.
type MeetingOut struct {
	Out
	Meeting coord.Meeting
	// Reached counts, per invited agency, the chats its invitation went to.
	Reached map[string]int
	// Requests are the conclusions' requests made by PostMinutes.
	Requests []Made
}

// CreateMeeting calls an interagency meeting (Điều 5.3): each invited
// agency's group gets the invitation, with the agenda's files, and the
// buttons «Tham dự» / «Không tham dự».
func (s *Service) CreateMeeting(ctx context.Context, tx MeetingsTx, a Actor, now time.Time, in NewMeeting) (MeetingOut, error) {
	var res MeetingOut
	chair := strings.ToLower(strings.TrimSpace(in.Chair))
	if chair == "" {
		chair = a.Agency
	}
	if chair != a.Agency && !a.Admin() {
		return res, texts.Refuse(txtMeetChairOwn, texts.AgencyName(s.Catalogue, a.Agency, a.Lang))
	}
	if ag, ok := s.Catalogue.Agency(chair); !ok || ag.External() || chair == coord.CoordGroup {
		return res, texts.Refuse(txtMeetUnknownAgency, chair, texts.Examples(s.Catalogue, 2, ", "))
	}
	if strings.TrimSpace(in.Title) == "" {
		return res, texts.Refuse(TxtMeetUsage)
	}
	if !in.Start.After(now) {
		return res, texts.Refuse(txtMeetPast, texts.LocalTime(now, s.Calendar.Location))
	}
	codes := in.Invitees
	if in.All {
		codes = nil
		for _, ag := range s.Catalogue.Agencies {
			if !ag.External() && ag.Code != coord.CoordGroup {
				codes = append(codes, ag.Code)
			}
		}
	}
	var invitees []coord.InspectionMember
	for _, code := range codes {
		code = strings.ToLower(strings.TrimSpace(code))
		if ag, ok := s.Catalogue.Agency(code); !ok || ag.External() || code == coord.CoordGroup {
			return res, texts.Refuse(txtMeetUnknownAgency, code, texts.Examples(s.Catalogue, 2, ", "))
		}
		if code == chair || slices.ContainsFunc(invitees, func(m coord.InspectionMember) bool { return m.Agency == code }) {
			continue
		}
		invitees = append(invitees, coord.InspectionMember{Agency: code})
	}
	if len(invitees) == 0 {
		return res, texts.Refuse(txtMeetNoInvitees)
	}
	m := coord.Meeting{Title: strings.TrimSpace(in.Title), Start: in.Start, Place: strings.TrimSpace(in.Place),
		Agenda: strings.TrimSpace(in.Agenda), AgendaFiles: in.Files, Chair: chair, Invitees: invitees,
		State: coord.MeetingScheduled, CreatedBy: a.ID, ChatID: a.Chat, CreatedAt: now, UpdatedAt: now}
	if err := tx.CreateMeeting(ctx, &m); err != nil {
		return res, fmt.Errorf("create meeting: %w", err)
	}
	if err := Audit(ctx, tx, a, now, "meeting.create", coord.MeetingRef(m.ID), nil, map[string]any{
		"title": m.Title, "start": m.Start, "place": m.Place, "chair": m.Chair, "invitees": agencyCodes(m.Invitees),
		"files": len(m.AgendaFiles)}); err != nil {
		return res, err
	}
	res.Reached = map[string]int{}
	for _, v := range m.Invitees {
		rc, _, err := coord.Reach(ctx, tx, v.Agency)
		if err != nil {
			return res, err
		}
		for _, r := range rc {
			res.Messages = append(res.Messages, s.invitation(m, v.Agency, r, "")...)
		}
		res.Reached[v.Agency] = len(rc)
	}
	res.Meeting = m
	return res, nil
}

// invitation is what one chat of an invited agency gets: the agenda's
// files, then the card with the two answers.
func (s *Service) invitation(m coord.Meeting, agency string, r coord.Recipient, head string) []coord.OutMessage {
	var out []coord.OutMessage
	if len(m.AgendaFiles) > 0 {
		out = FileMessages(r.ChatID, m.AgendaFiles, fmt.Sprintf("GM #%d", m.ID), coord.MeetingRef(m.ID))
	}
	return append(out, coord.OutMessage{Kind: coord.OutText, ChatID: r.ChatID, Ref: coord.MeetingRef(m.ID),
		Text: head + s.MeetingCard(m, r.Lang, false) + txtMeetAskAnswer.In(r.Lang), Buttons: MeetingButtons(m.ID, agency, r.Lang)})
}

// MeetingButtons are invited agency's two answers to meeting id.
func MeetingButtons(id int64, agency string, lang coord.Lang) [][]coord.Button {
	return [][]coord.Button{{
		{Text: txtMeetBtnAttend.In(lang), Data: fmt.Sprintf("%s%d:%s", CbMeetAttend, id, agency)},
		{Text: txtMeetBtnDecline.In(lang), Data: fmt.Sprintf("%s%d:%s", CbMeetDecline, id, agency)},
	}}
}

// MeetingTime is when a meeting starts, as officers read it: "09:00 thứ
// Ba, 05/01/2027".
func (s *Service) MeetingTime(t time.Time, lang coord.Lang) string {
	t = t.In(s.Calendar.Location)
	return fmt.Sprintf("%s %s, %s", t.Format("15:04"), weekdayNames[t.Weekday()].In(lang), coord.DateOf(t).VN())
}

var weekdayNames = map[time.Weekday]texts.Msg{
	time.Monday: {VI: "thứ Hai", EN: "Monday"}, time.Tuesday: {VI: "thứ Ba", EN: "Tuesday"},
	time.Wednesday: {VI: "thứ Tư", EN: "Wednesday"}, time.Thursday: {VI: "thứ Năm", EN: "Thursday"},
	time.Friday: {VI: "thứ Sáu", EN: "Friday"}, time.Saturday: {VI: "thứ Bảy", EN: "Saturday"},
	time.Sunday: {VI: "Chủ nhật", EN: "Sunday"},
}

// MeetingCard renders a meeting; answers adds each invitee's answer, the
// minutes and the conclusions (the chair's and an admin's view, and every
// party's /meeting <n>).
func (s *Service) MeetingCard(m coord.Meeting, lang coord.Lang, answers bool) string {
	var b strings.Builder
	name := func(code string) string { return texts.AgencyName(s.Catalogue, code, lang) }
	fmt.Fprint(&b, txtMeetCard.In(lang, m.ID, texts.Cite(s.Catalogue, coord.ClauseMeeting, lang), m.Title, s.MeetingTime(m.Start, lang), name(m.Chair)))
	if m.Place != "" {
		fmt.Fprint(&b, txtMeetPlace.In(lang, m.Place))
	}
	if m.Agenda != "" {
		fmt.Fprint(&b, txtMeetAgenda.In(lang, m.Agenda))
	}
	if len(m.AgendaFiles) > 0 {
		fmt.Fprint(&b, txtMeetAgendaFiles.In(lang, len(m.AgendaFiles)))
	}
	var invited []string
	for _, v := range m.Invitees {
		invited = append(invited, name(v.Agency))
	}
	fmt.Fprint(&b, txtMeetInvited.In(lang, strings.Join(invited, "; ")))
	switch m.State {
	case coord.MeetingCancelled:
		fmt.Fprint(&b, txtMeetCancelledLine.In(lang, m.Reason))
	case coord.MeetingHeld:
		fmt.Fprint(&b, txtMeetHeldLine.In(lang))
	}
	if !answers {
		return texts.Truncate(b.String(), coord.MaxTextLen)
	}
	fmt.Fprint(&b, txtMeetAnswersHead.In(lang))
	for _, v := range m.Invitees {
		fmt.Fprintf(&b, "\n• %s: %s", name(v.Agency), MeetingAnswerText(v, lang))
	}
	if len(m.Minutes) > 0 {
		fmt.Fprint(&b, txtMeetMinutesLine.In(lang, len(m.Minutes)))
	}
	if len(m.Conclusions) > 0 {
		fmt.Fprint(&b, txtMeetConclusionsHead.In(lang))
		for i, c := range m.Conclusions {
			fmt.Fprint(&b, txtMeetConclusionLine.In(lang, i+1, name(c.Agency), c.Text, c.Due.VN(), c.Request))
		}
	}
	return texts.Truncate(b.String(), coord.MaxTextLen)
}

// MeetingAnswerText is an invitee's answer in words.
func MeetingAnswerText(v coord.InspectionMember, lang coord.Lang) string {
	switch v.Answer {
	case coord.AnswerJoin:
		if v.Text == "" {
			return txtMeetAttends.In(lang)
		}
		return txtMeetAttendsNames.In(lang, v.Text)
	case coord.AnswerDecline:
		return txtMeetDeclines.In(lang, v.Text)
	}
	return txtMeetNoAnswer.In(lang)
}

// meeting loads meeting id; an unknown number is a refusal.
func (s *Service) meeting(ctx context.Context, tx coord.Meetings, id int64) (coord.Meeting, error) {
	m, err := tx.Meeting(ctx, id)
	if coord.ErrorCode(err) == coord.ENotFound {
		return m, texts.Refuse(txtMeetNotFound, id)
	}
	if err != nil {
		return m, fmt.Errorf("load meeting: %w", err)
	}
	return m, nil
}

// SeeMeeting returns meeting id to a party (the chair or an invited
// agency) or an admin; anyone else is told it does not exist.
func (s *Service) SeeMeeting(ctx context.Context, tx coord.Meetings, a Actor, id int64) (coord.Meeting, error) {
	m, err := s.meeting(ctx, tx, id)
	if err == nil && !a.Admin() && !m.Party(a.Agency) {
		return coord.Meeting{}, texts.Refuse(txtMeetNotFound, id)
	}
	return m, err
}

// ListMeetings lists the meetings of the last 30 days and the next 180
// that the actor's agency chairs or is invited to (every one for an
// admin), by start.
func (s *Service) ListMeetings(ctx context.Context, tx coord.Meetings, a Actor, now time.Time) ([]coord.Meeting, error) {
	all, err := tx.MeetingsBetween(ctx, now.AddDate(0, 0, -30), now.AddDate(0, 0, 180))
	if err != nil {
		return nil, fmt.Errorf("list meetings: %w", err)
	}
	var out []coord.Meeting
	for _, m := range all {
		if a.Admin() || m.Party(a.Agency) {
			out = append(out, m)
		}
	}
	return out, nil
}

// CanAnswerMeeting reports, as a refusal, whether the actor may answer
// meeting id for agency (the one the pressed card was sent to) now.
func (s *Service) CanAnswerMeeting(ctx context.Context, tx coord.Meetings, a Actor, now time.Time, id int64, agency string) error {
	m, err := s.meeting(ctx, tx, id)
	if err != nil {
		return err
	}
	if agency != a.Agency {
		return texts.Refuse(txtMeetOtherInvitee, texts.AgencyName(s.Catalogue, agency, a.Lang), m.ID)
	}
	_, err = s.answerableMeeting(m, a, now)
	return err
}

func (s *Service) answerableMeeting(m coord.Meeting, a Actor, now time.Time) (int, error) {
	_, i := m.Invitee(a.Agency)
	if i < 0 {
		return i, texts.Refuse(txtMeetNotInvited, m.ID, texts.AgencyName(s.Catalogue, a.Agency, a.Lang))
	}
	switch {
	case m.State == coord.MeetingCancelled:
		return i, texts.Refuse(txtMeetIsCancelled, m.ID)
	case m.State == coord.MeetingHeld || !now.Before(m.Start):
		return i, texts.Refuse(txtMeetIsOver, m.ID)
	}
	return i, nil
}

// AnswerMeeting records an invited agency's answer: attend, optionally
// naming who attends, or decline, with a reason (as for requests, Điều
// 4.3). An agency may change its answer until the meeting starts; the
// chair is told each time.
func (s *Service) AnswerMeeting(ctx context.Context, tx MeetingsTx, a Actor, now time.Time, id int64, answer coord.MemberAnswer, text string) (MeetingOut, error) {
	var res MeetingOut
	text = strings.TrimSpace(text)
	m, err := s.meeting(ctx, tx, id)
	if err != nil {
		return res, err
	}
	i, err := s.answerableMeeting(m, a, now)
	if err != nil {
		return res, err
	}
	if answer == coord.AnswerDecline && text == "" {
		return res, texts.Refuse(TxtMeetDeclineNeedsReason, id)
	}
	if answer != coord.AnswerJoin && answer != coord.AnswerDecline {
		return res, texts.Refuse(TxtMeetUsage)
	}
	before := m.Invitees[i]
	m.Invitees[i] = coord.InspectionMember{Agency: a.Agency, Answer: answer, Text: text, By: a.ID, At: now}
	if err := s.saveMeeting(ctx, tx, &m, now); err != nil {
		return res, err
	}
	if err := Audit(ctx, tx, a, now, "meeting."+string(answer), coord.MeetingRef(m.ID),
		map[string]any{"answer": before.Answer, "text": before.Text}, map[string]any{"answer": answer, "text": text}); err != nil {
		return res, err
	}
	v := m.Invitees[i]
	if err := s.tellMeeting(ctx, &res.Out, tx, m, []string{m.Chair}, func(l coord.Lang) string {
		return txtMeetAnswered.In(l, texts.AgencyName(s.Catalogue, a.Agency, l), m.ID, m.Title, MeetingAnswerText(v, l), a.Name)
	}); err != nil {
		return res, err
	}
	res.Meeting = m
	return res, nil
}

// chairAct loads meeting id for a step only the chair may take: an officer
// of the chairing agency, or an admin.
func (s *Service) chairAct(ctx context.Context, tx coord.Meetings, a Actor, id int64) (coord.Meeting, error) {
	m, err := s.SeeMeeting(ctx, tx, a, id)
	if err != nil {
		return m, err
	}
	if a.Agency != m.Chair && !a.Admin() {
		return m, texts.Refuse(txtMeetChairOnly, texts.AgencyName(s.Catalogue, m.Chair, a.Lang), m.ID)
	}
	if m.State == coord.MeetingCancelled {
		return m, texts.Refuse(txtMeetIsCancelled, m.ID)
	}
	return m, nil
}

// MoveMeeting moves a meeting that has not started to a new time; every
// invited agency gets the invitation again (answers stand and may be
// changed) and the reminders follow the new time.
func (s *Service) MoveMeeting(ctx context.Context, tx MeetingsTx, a Actor, now time.Time, id int64, start time.Time, reason string) (MeetingOut, error) {
	var res MeetingOut
	m, err := s.chairAct(ctx, tx, a, id)
	if err != nil {
		return res, err
	}
	if m.State == coord.MeetingHeld {
		return res, texts.Refuse(txtMeetIsOver, m.ID)
	}
	if !start.After(now) {
		return res, texts.Refuse(txtMeetPast, texts.LocalTime(now, s.Calendar.Location))
	}
	if start.Equal(m.Start) {
		return res, texts.Refuse(txtMeetSameTime, m.ID, s.MeetingTime(start, a.Lang))
	}
	old := m.Start
	m.Start, m.Moves, m.MovedAt = start, m.Moves+1, now
	if err := s.saveMeeting(ctx, tx, &m, now); err != nil {
		return res, err
	}
	reason = strings.TrimSpace(reason)
	if err := Audit(ctx, tx, a, now, "meeting.move", coord.MeetingRef(m.ID), map[string]any{"start": old},
		map[string]any{"start": m.Start, "reason": reason}); err != nil {
		return res, err
	}
	for _, v := range m.Invitees {
		rc, _, err := coord.Reach(ctx, tx, v.Agency)
		if err != nil {
			return res, err
		}
		for _, r := range rc {
			head := txtMeetMovedHead.In(r.Lang, m.ID, s.MeetingTime(old, r.Lang), s.MeetingTime(m.Start, r.Lang), reasonSuffix(reason, r.Lang))
			res.send(coord.OutMessage{Kind: coord.OutText, ChatID: r.ChatID, Ref: coord.MeetingRef(m.ID),
				Text: head + s.MeetingCard(m, r.Lang, false) + txtMeetAskAnswerAgain.In(r.Lang), Buttons: MeetingButtons(m.ID, v.Agency, r.Lang)})
		}
	}
	if err := s.tellMeeting(ctx, &res.Out, tx, m, []string{m.Chair}, func(l coord.Lang) string {
		return txtMeetMovedHead.In(l, m.ID, s.MeetingTime(old, l), s.MeetingTime(m.Start, l), reasonSuffix(reason, l)) + s.MeetingCard(m, l, false)
	}); err != nil {
		return res, err
	}
	res.Meeting = m
	return res, nil
}

func reasonSuffix(reason string, lang coord.Lang) string {
	if reason == "" {
		return ""
	}
	return txtMeetReasonSuffix.In(lang, reason)
}

// CancelMeeting cancels a meeting that was not held, with a reason; every
// party is told.
func (s *Service) CancelMeeting(ctx context.Context, tx MeetingsTx, a Actor, now time.Time, id int64, reason string) (MeetingOut, error) {
	var res MeetingOut
	reason = strings.TrimSpace(reason)
	m, err := s.chairAct(ctx, tx, a, id)
	if err != nil {
		return res, err
	}
	if m.State == coord.MeetingHeld {
		return res, texts.Refuse(txtMeetIsOver, m.ID)
	}
	if reason == "" {
		return res, texts.Refuse(TxtMeetCancelNeedsReason, m.ID)
	}
	m.State, m.Reason = coord.MeetingCancelled, reason
	if err := s.saveMeeting(ctx, tx, &m, now); err != nil {
		return res, err
	}
	if err := Audit(ctx, tx, a, now, "meeting.cancel", coord.MeetingRef(m.ID), map[string]any{"state": coord.MeetingScheduled},
		map[string]any{"state": m.State, "reason": reason}); err != nil {
		return res, err
	}
	if err := s.tellMeeting(ctx, &res.Out, tx, m, s.meetingParties(m, true), func(l coord.Lang) string {
		return txtMeetCancelledTold.In(l, m.ID, m.Title, s.MeetingTime(m.Start, l), reason)
	}); err != nil {
		return res, err
	}
	res.Meeting = m
	return res, nil
}

// Minutes is what the chair posts after the meeting: the minutes' files
// and the conclusions, each for an agency by a date.
type Minutes struct {
	Files       []coord.FileRef
	Conclusions []coord.Conclusion
}

// PostMinutes records the minutes and conclusions of a meeting that has
// started (the chair only): each conclusion becomes a tracked coordination
// request of type conclusion from the chair to the agency it names, due on
// its date, with the overdue reminders and escalation of any request.
// Every invited agency gets the minutes. The chair may post again to add
// files or conclusions.
func (s *Service) PostMinutes(ctx context.Context, tx MeetingsTx, a Actor, now time.Time, id int64, in Minutes) (MeetingOut, error) {
	var res MeetingOut
	m, err := s.chairAct(ctx, tx, a, id)
	if err != nil {
		return res, err
	}
	if now.Before(m.Start) {
		return res, texts.Refuse(txtMeetNotYet, m.ID, s.MeetingTime(m.Start, a.Lang))
	}
	if len(in.Files) == 0 && (len(m.Minutes) == 0 || len(in.Conclusions) == 0) {
		return res, texts.Refuse(TxtMeetMinutesUsage, m.ID, m.ID)
	}
	today := s.Calendar.Today(now)
	for _, c := range in.Conclusions {
		ag, ok := s.Catalogue.Agency(c.Agency)
		switch {
		case !ok || ag.External() || c.Agency == coord.CoordGroup:
			return res, texts.Refuse(txtMeetUnknownAgency, c.Agency, texts.Examples(s.Catalogue, 2, ", "))
		case c.Agency == m.Chair:
			return res, texts.Refuse(txtMeetConclusionChair, texts.AgencyName(s.Catalogue, m.Chair, a.Lang))
		case !today.Before(c.Due):
			return res, texts.Refuse(txtMeetConclusionDue, c.Due.VN(), today.VN())
		case strings.TrimSpace(c.Text) == "":
			return res, texts.Refuse(TxtMeetMinutesUsage, m.ID, m.ID)
		}
	}
	// The requests go from the chair, whoever of its officers (or an
	// admin acting for it) posts the minutes.
	chairActor := a
	chairActor.Agency = m.Chair
	for _, c := range in.Conclusions {
		made, err := s.CreateRequests(ctx, tx, chairActor, now, NewRequest{Type: coord.ReqConclusion, Targets: []string{c.Agency},
			Subject: texts.Truncate(txtMeetConclusionSubject.In(coord.LangVI, m.ID, strings.TrimSpace(c.Text)), 500),
			Body:    txtMeetConclusionBody.In(coord.LangVI, m.ID, m.Title, s.MeetingTime(m.Start, coord.LangVI)), Due: c.Due})
		if err != nil {
			return res, err
		}
		res.Messages = append(res.Messages, made.Messages...)
		res.Requests = append(res.Requests, made.Requests...)
		c.Text = strings.TrimSpace(c.Text)
		c.Request = made.Requests[0].Request.ID
		m.Conclusions = append(m.Conclusions, c)
	}
	before := m.State
	m.State = coord.MeetingHeld
	m.Minutes = append(m.Minutes, in.Files...)
	if err := s.saveMeeting(ctx, tx, &m, now); err != nil {
		return res, err
	}
	var reqs []int64
	for _, r := range res.Requests {
		reqs = append(reqs, r.Request.ID)
	}
	if err := Audit(ctx, tx, a, now, "meeting.minutes", coord.MeetingRef(m.ID), map[string]any{"state": before},
		map[string]any{"state": m.State, "files": len(in.Files), "conclusions": len(in.Conclusions), "requests": reqs}); err != nil {
		return res, err
	}
	// Everyone invited gets the minutes, declined or not.
	seen := map[int64]bool{}
	for _, code := range s.meetingParties(m, true) {
		rc, _, err := coord.Reach(ctx, tx, code)
		if err != nil {
			return res, err
		}
		for _, r := range rc {
			if seen[r.ChatID] {
				continue
			}
			seen[r.ChatID] = true
			if len(in.Files) > 0 {
				res.files(r.ChatID, in.Files, txtMeetMinutesCaption.In(r.Lang, m.ID), coord.MeetingRef(m.ID))
			}
			res.send(coord.OutMessage{Kind: coord.OutText, ChatID: r.ChatID, Ref: coord.MeetingRef(m.ID),
				Text: s.minutesText(m, in.Conclusions, r.Lang)})
		}
	}
	res.Meeting = m
	return res, nil
}

// minutesText tells a party the minutes were posted, with the
// conclusions just added.
func (s *Service) minutesText(m coord.Meeting, added []coord.Conclusion, lang coord.Lang) string {
	var b strings.Builder
	fmt.Fprint(&b, txtMeetMinutesTold.In(lang, m.ID, m.Title, s.MeetingTime(m.Start, lang)))
	first := len(m.Conclusions) - len(added)
	if len(added) > 0 {
		fmt.Fprint(&b, txtMeetConclusionsHead.In(lang))
	}
	for i, c := range m.Conclusions[first:] {
		fmt.Fprint(&b, txtMeetConclusionLine.In(lang, first+i+1, texts.AgencyName(s.Catalogue, c.Agency, lang), c.Text, c.Due.VN(), c.Request))
	}
	fmt.Fprint(&b, txtMeetSee.In(lang, m.ID))
	return texts.Truncate(b.String(), coord.MaxTextLen)
}

// Kinds of meeting reminders.
const (
	MeetRemindUnanswered = "unanswered" // two working days before: who has not answered
	MeetRemindDayBefore  = "daybefore"  // 08:00 the working day before: everyone coming
	MeetRemindHour       = "hour"       // one hour before the start: everyone coming
)

// MeetingReminder is one reminder of a meeting and when it is due.
type MeetingReminder struct {
	Kind string
	At   time.Time
}

// MeetingReminders are when meeting m is reminded, given the morning hour
// reminders go out at: agencies that have not answered at hh:mm two
// working days before the meeting's day; everyone coming at hh:mm on the
// working day before and one hour before the start. A reminder due before
// the meeting was called or last moved is left out.
func (s *Service) MeetingReminders(m coord.Meeting, hour, minute int) []MeetingReminder {
	loc := s.Calendar.Location
	day := s.Calendar.Today(m.Start)
	morning := func(d coord.Date) time.Time { return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, loc) }
	all := []MeetingReminder{
		{MeetRemindUnanswered, morning(s.Calendar.WorkingDaysBefore(day, 2))},
		{MeetRemindDayBefore, morning(s.Calendar.WorkingDaysBefore(day, 1))},
		{MeetRemindHour, m.Start.Add(-time.Hour)},
	}
	since := m.CreatedAt
	if m.MovedAt.After(since) {
		since = m.MovedAt
	}
	var out []MeetingReminder
	for _, r := range all {
		if !r.At.Before(since) && r.At.Before(m.Start) {
			out = append(out, r)
		}
	}
	return out
}

// MeetingReminded is the outcome of RemindMeeting.
type MeetingReminded struct {
	Out
	// Nowhere: nobody was left to remind, or nobody could be reached.
	Nowhere bool
}

// RemindMeeting sends reminder kind of meeting id if it still applies:
// the meeting is scheduled and starts at start (it was not moved since).
func (s *Service) RemindMeeting(ctx context.Context, tx MeetingsTx, now time.Time, id int64, start time.Time, kind string) (MeetingReminded, error) {
	var res MeetingReminded
	m, err := tx.Meeting(ctx, id)
	if err != nil {
		return res, fmt.Errorf("load meeting: %w", err)
	}
	if m.State != coord.MeetingScheduled || !m.Start.Equal(start) {
		res.Nowhere = true
		return res, nil
	}
	var agencies []string
	if kind == MeetRemindUnanswered {
		for _, v := range m.Invitees {
			if v.Answer == coord.AnswerNone {
				agencies = append(agencies, v.Agency)
			}
		}
	} else {
		agencies = s.meetingParties(m, false)
	}
	for _, code := range agencies {
		rc, _, err := coord.Reach(ctx, tx, code)
		if err != nil {
			return res, err
		}
		for _, r := range rc {
			switch kind {
			case MeetRemindUnanswered:
				res.Messages = append(res.Messages, s.invitation(m, code, r, txtMeetRemindUnanswered.In(r.Lang, m.ID))...)
			case MeetRemindDayBefore:
				res.send(coord.OutMessage{Kind: coord.OutText, ChatID: r.ChatID, Ref: coord.MeetingRef(m.ID),
					Text: txtMeetRemindTomorrow.In(r.Lang, m.ID) + s.MeetingCard(m, r.Lang, false)})
			default:
				res.send(coord.OutMessage{Kind: coord.OutText, ChatID: r.ChatID, Ref: coord.MeetingRef(m.ID),
					Text: txtMeetRemindHour.In(r.Lang, m.ID) + s.MeetingCard(m, r.Lang, false)})
			}
		}
	}
	if len(res.Messages) == 0 {
		res.Nowhere = true
		return res, nil
	}
	if err := Audit(ctx, tx, Actor{}, now, "meeting.remind", coord.MeetingRef(m.ID), nil,
		map[string]any{"kind": kind, "agencies": agencies}); err != nil {
		return res, err
	}
	return res, nil
}

// meetingParties are the chair and the invited agencies; declined ones
// only when withDeclined.
func (s *Service) meetingParties(m coord.Meeting, withDeclined bool) []string {
	out := []string{m.Chair}
	for _, v := range m.Invitees {
		if withDeclined || v.Answer != coord.AnswerDecline {
			out = append(out, v.Agency)
		}
	}
	return out
}

func (s *Service) saveMeeting(ctx context.Context, tx coord.Meetings, m *coord.Meeting, now time.Time) error {
	if err := tx.SaveMeeting(ctx, m, now); err != nil {
		if coord.ErrorCode(err) == coord.EConflict {
			return texts.Refuse(texts.TxtFlowExpired)
		}
		return fmt.Errorf("save meeting: %w", err)
	}
	return nil
}

// tellMeeting sends text to the chats of agencies, each chat once.
func (s *Service) tellMeeting(ctx context.Context, out *Out, tx coord.Directory, m coord.Meeting, agencies []string, text func(coord.Lang) string) error {
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
			out.send(coord.OutMessage{Kind: coord.OutText, ChatID: r.ChatID, Text: text(r.Lang), Ref: coord.MeetingRef(m.ID)})
		}
	}
	return nil
}

func agencyCodes(ms []coord.InspectionMember) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Agency
	}
	return out
}

package handlers

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// calendarDays is how far /calendar looks ahead.
const calendarDays = 45

// calendarCmd lists the deadlines of the next 45 days: the officer's agency,
// or every agency for admins; overdue unsubmitted periods come first.
func (h *Handlers) calendarCmd(ctx context.Context, c *bot.Context) error {
	if arg := strings.TrimSpace(c.Args); arg != "" {
		return h.reportCalendar(ctx, c, arg)
	}
	text, buttons, err := h.calendarPage(ctx, c, 0)
	if err != nil {
		return err
	}
	return c.Reply(ctx, text, buttons...)
}

// cbCalendarPage + page number turns a page of the province's calendar.
const cbCalendarPage = "calp:"

// calendarPageLen bounds a page of /calendar, under Telegram's 4,096
// characters with room for the header and the note on provisional days.
const calendarPageLen = 3300

// calendarPageButton shows another page of /calendar in the same message,
// computed anew for the presser (an officer has one page only).
func (h *Handlers) calendarPageButton(ctx context.Context, c *bot.Context) error {
	page, err := strconv.Atoi(strings.TrimPrefix(c.Callback.Data, cbCalendarPage))
	if err != nil || page < 0 {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	text, buttons, err := h.calendarPage(ctx, c, page)
	if err != nil {
		return err
	}
	if err := c.Edit(ctx, text, buttons); err != nil {
		return err
	}
	return c.Answer(ctx, "", false)
}

// calendarPage is page (0-based, clamped) of the deadlines of the next
// calendarDays days for whoever asks here: an agency's own in its group or
// an officer's private chat, every agency's for an admin, a section per
// agency, whole sections to a page, with buttons to turn the pages when
// there is more than one.
func (h *Handlers) calendarPage(ctx context.Context, c *bot.Context, page int) (string, [][]coord.Button, error) {
	lang := c.Lang()
	today := h.today(c.Now)
	to := today.AddDays(calendarDays).At(h.Calendar.Location)
	agencies := []string{c.User.Agency}
	switch {
	case !shownHere(c, c.User.Agency, coord.CoordGroup) && !c.User.Role.AtLeast(coord.RoleAdmin):
		return "", nil, refuse(txtStatusElsewhere, h.agencyLabel(c.User.Agency, lang), c.BotUsername)
	case !c.Chat.Private() && c.Binding.Code != coord.CoordGroup:
		// In an agency's group, that agency's deadlines only, whoever asks.
		agencies = []string{c.Binding.Code}
	case c.User.Role.AtLeast(coord.RoleAdmin):
		agencies = nil
		for _, a := range h.Catalogue.Agencies {
			if len(h.Catalogue.ObligationsOf(a.Code)) > 0 {
				agencies = append(agencies, a.Code)
			}
		}
	}
	var marks provisionalMarks
	var sections []string
	for _, agency := range agencies {
		type dated struct {
			due  time.Time
			line string
		}
		var overdue []string
		var upcoming []dated
		for _, ob := range h.Catalogue.ObligationsOf(agency) {
			states, err := h.Work.PeriodStates(ctx, c.Tx, ob, agency, c.Now)
			if err != nil {
				return "", nil, err
			}
			submitted := map[string]bool{}
			for _, st := range states {
				submitted[st.Deadline.Period.String()] = st.Submitted()
				if !st.Submitted() && coord.Overdue(ob, st.Deadline, h.Work.TrackFrom, c.Now) {
					overdue = append(overdue, h.calendarLine(ob, st.Deadline, false, &marks, lang)+" — "+texts.TxtLate.In(lang, st.Deadline.LateDays(c.Now)))
				}
			}
			for _, dl := range h.Calendar.Coming(ob, h.Work.TrackFrom, c.Now, to) {
				upcoming = append(upcoming, dated{dl.Due, h.calendarLine(ob, dl, submitted[dl.Period.String()], &marks, lang)})
			}
		}
		if len(overdue)+len(upcoming) == 0 {
			continue
		}
		var b strings.Builder
		if len(agencies) > 1 {
			b.WriteString(h.agencyLabel(agency, lang) + " (" + agency + ")\n")
		}
		if len(overdue) > 0 {
			b.WriteString(txtOverdueHeader.In(lang) + "\n" + strings.Join(overdue, "\n") + "\n")
		}
		if len(upcoming) > 0 {
			sort.SliceStable(upcoming, func(i, j int) bool { return upcoming[i].due.Before(upcoming[j].due) })
			b.WriteString(txtUpcomingHeader.In(lang))
			for _, u := range upcoming {
				b.WriteString("\n" + u.line)
			}
		}
		sections = append(sections, strings.TrimRight(b.String(), "\n"))
	}
	header := txtCalendarHeader.In(lang, today.VN(), today.AddDays(calendarDays-1).VN())
	if len(sections) == 0 {
		return header + "\n\n" + txtCalendarEmpty.In(lang) + h.provisionalNote(marks, lang), nil, nil
	}
	pages := packPages(sections, calendarPageLen)
	page = min(page, len(pages)-1)
	if len(pages) == 1 {
		return header + "\n\n" + pages[0] + h.provisionalNote(marks, lang), nil, nil
	}
	text := header + txtCalendarPageOf.In(lang, page+1, len(pages)) + "\n\n" + pages[page] + h.provisionalNote(marks, lang)
	var row []coord.Button
	if page > 0 {
		row = append(row, coord.Button{Text: txtCalendarPrev.In(lang, page), Data: cbCalendarPage + strconv.Itoa(page-1)})
	}
	if page < len(pages)-1 {
		row = append(row, coord.Button{Text: txtCalendarNext.In(lang, page+2), Data: cbCalendarPage + strconv.Itoa(page+1)})
	}
	return text, [][]coord.Button{row}, nil
}

// packPages joins sections, blank-line separated, into pages of at most
// limit runes each, never splitting a section (one longer than limit is
// cut at a line's end, and marked).
func packPages(sections []string, limit int) []string {
	var pages []string
	cur := ""
	for _, s := range sections {
		if utf8.RuneCountInString(s) > limit {
			s = cutAtLine(s, limit)
		}
		switch {
		case cur == "":
			cur = s
		case utf8.RuneCountInString(cur)+2+utf8.RuneCountInString(s) <= limit:
			cur += "\n\n" + s
		default:
			pages = append(pages, cur)
			cur = s
		}
	}
	return append(pages, cur)
}

// cutAtLine keeps the whole lines of s that fit in limit runes, then "…".
func cutAtLine(s string, limit int) string {
	lines := strings.Split(s, "\n")
	out, n := []string{}, 0
	for _, l := range lines {
		n += utf8.RuneCountInString(l) + 1
		if n > limit-2 {
			break
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n") + "\n…"
}

// reportDeadlinesShown is how many coming deadlines /calendar <report> lists.
const reportDeadlinesShown = 4

// reportCalendar answers "/calendar 6.4": what the report is, who sends it
// to whom, the regulation's own words for its deadline (or who set the day,
// for a clause that names none), its coming deadlines, and, for an officer
// of a responsible agency, the periods the agency still owes.
func (h *Handlers) reportCalendar(ctx context.Context, c *bot.Context, id string) error {
	lang := c.Lang()
	ob, ok := h.Catalogue.Obligation(id)
	if !ok {
		var ids []string
		for _, o := range h.Catalogue.Obligations {
			ids = append(ids, o.ID)
		}
		return refuse(txtCalendarUnknownReport, id, strings.Join(ids, ", "))
	}
	var b strings.Builder
	b.WriteString(txtReportHeader.In(lang, ob.ID, ob.Title))
	if ob.Content != "" {
		b.WriteString("\n" + ob.Content)
	}
	b.WriteString("\n\n" + txtReportParties.In(lang, texts.AgencyList(h.Catalogue, ob.From, lang), texts.AgencyList(h.Catalogue, ob.To, lang)))
	b.WriteString("\n" + txtReportCadence.In(lang, texts.CadenceHint(ob, lang)))
	if basis := texts.Basis(ob, h.Catalogue.Coordinator().Name, lang); basis != "" {
		b.WriteString("\n" + basis)
	}
	if ob.NilAllowed && !ob.OnlyIfAny {
		b.WriteString("\n" + txtReportNilAllowed.In(lang, ob.ID))
	}
	if ob.EventDriven() {
		b.WriteString("\n" + texts.Sentence(texts.TxtNoDeadline.In(lang)))
		return c.Reply(ctx, b.String())
	}
	today := h.today(c.Now)
	// A report's deadlines fall at least once a year.
	coming := h.Calendar.Coming(ob, h.Work.TrackFrom, c.Now, today.AddDays(800).At(h.Calendar.Location))
	var marks provisionalMarks
	b.WriteString("\n\n" + txtReportComing.In(lang))
	for i, dl := range coming {
		if i == reportDeadlinesShown {
			break
		}
		b.WriteString("\n• " + txtReportComingLine.In(lang, texts.Period(dl.Period, lang), texts.Deadline(dl, lang)+marks.mark(h.Calendar, dl)))
	}
	// What the officer's agency owes is its affair: not for another
	// agency's group.
	if ob.ResponsibleFor(c.User.Agency) && shownHere(c, c.User.Agency, coord.CoordGroup) {
		states, err := h.Work.PeriodStates(ctx, c.Tx, ob, c.User.Agency, c.Now)
		if err != nil {
			return err
		}
		var owed []string
		for _, st := range states {
			if !st.Submitted() && coord.Owes(ob, st.Deadline, h.Work.TrackFrom, c.Now) {
				line, err := h.statusLine(ctx, c.Tx, ob, st, c.Now, lang)
				if err != nil {
					return err
				}
				owed = append(owed, "• "+st.Deadline.Period.String()+": "+line)
			}
		}
		if len(owed) > 0 {
			b.WriteString("\n\n" + txtReportOwed.In(lang, h.agencyLabel(c.User.Agency, lang)) + "\n" + strings.Join(owed, "\n"))
		}
	}
	return c.Reply(ctx, b.String()+h.provisionalNote(marks, lang))
}

// calendarLine is "• hạn cuối 04/02/2027 (được kéo dài …) — 6.4 … kỳ
// 2027-01".
func (h *Handlers) calendarLine(ob coord.Obligation, dl coord.Deadline, submitted bool, marks *provisionalMarks, lang coord.Lang) string {
	mark := ""
	if submitted {
		mark = txtSubmittedMark.In(lang)
	}
	return txtCalendarLine.In(lang, texts.Sentence(texts.Deadline(dl, lang))+marks.mark(h.Calendar, dl), ob.ID+" "+truncate(ob.Title, 60), dl.Period.String(), mark)
}

// provisionalSign marks a deadline that rests on a provisional holiday
// list (calendar.provisional_years): the announced days could still move it.
const provisionalSign = " (*)"

// provisionalMarks marks the deadlines of one view, remembering whether it
// marked any, so that the view explains the mark.
type provisionalMarks struct{ used bool }

func (m *provisionalMarks) mark(cal *coord.WorkCalendar, dl coord.Deadline) string {
	if !cal.DependsOnProvisional(dl) {
		return ""
	}
	m.used = true
	return provisionalSign
}

// provisionalNote explains the mark, when the view used it.
func (h *Handlers) provisionalNote(marks provisionalMarks, lang coord.Lang) string {
	if !marks.used {
		return ""
	}
	var years []string
	for y := range h.Calendar.Provisional {
		years = append(years, fmt.Sprint(y))
	}
	sort.Strings(years)
	return "\n\n" + txtProvisionalNote.In(lang, strings.Join(years, ", "))
}

// statusCmd shows, per obligation of the agency, the current and overdue
// periods with their state; for the coordinator's consolidated reports it
// also shows which inputs arrived.
func (h *Handlers) statusCmd(ctx context.Context, c *bot.Context) error {
	lang := c.Lang()
	agency := c.User.Agency
	if arg := strings.ToLower(strings.TrimSpace(c.Args)); arg != "" && arg != agency {
		if !c.User.Role.AtLeast(coord.RoleAdmin) {
			return refuse(txtStatusOther, h.agencyLabel(agency, lang))
		}
		if _, ok := h.Catalogue.Agency(arg); !ok {
			return refuse(txtUnknownAgency, arg, codesList(h.agencyCodes()))
		}
		agency = arg
	}
	// The agency's own group, the coordination group (which gets the weekly
	// digest anyway) or a private chat; not another agency's group.
	if !shownHere(c, agency, coord.CoordGroup) {
		return refuse(txtStatusElsewhere, h.agencyLabel(agency, lang), c.BotUsername)
	}
	obs := h.Catalogue.ObligationsOf(agency)
	var b strings.Builder
	b.WriteString(txtStatusHeader.In(lang, h.agencyLabel(agency, lang), agency, h.today(c.Now).VN()))
	if len(obs) == 0 {
		b.WriteString("\n" + txtStatusNone.In(lang))
	}
	for _, ob := range obs {
		b.WriteString("\n\n• " + ob.ID + " — " + ob.Title)
		if ob.EventDriven() {
			subs, err := c.Tx.Submissions(ctx, coord.SubmissionFilter{Obligation: ob.ID, Agency: agency, NoFiles: true})
			if err != nil {
				return fmt.Errorf("list submissions: %w", err)
			}
			last := txtStatusNever.In(lang)
			if n := len(subs); n > 0 {
				last = h.localTime(subs[n-1].SubmittedAt)
			}
			b.WriteString("\n  " + txtStatusEvent.In(lang, last))
			continue
		}
		states, err := h.Work.PeriodStates(ctx, c.Tx, ob, agency, c.Now)
		if err != nil {
			return err
		}
		for _, st := range h.statusRows(ob, states, c.Now) {
			line, err := h.statusLine(ctx, c.Tx, ob, st, c.Now, lang)
			if err != nil {
				return err
			}
			b.WriteString("\n  – " + st.Deadline.Period.String() + ": " + line)
			if len(ob.Inputs) > 0 {
				inputs, err := h.inputsLine(ctx, c.Tx, ob, st.Deadline.Period, c.Now, lang)
				if err != nil {
					return err
				}
				if inputs != "" {
					b.WriteString("\n" + txtStatusInputs.In(lang, st.Deadline.Period.String(), inputs))
				}
			}
		}
	}
	return c.Reply(ctx, b.String())
}

// statusRows keeps the periods worth showing: overdue unsubmitted ones, the
// not-yet-due ones, and the most recently due one whatever its state.
func (h *Handlers) statusRows(ob coord.Obligation, states []coord.PeriodState, now time.Time) []coord.PeriodState {
	var out []coord.PeriodState
	lastDue := -1
	for i, st := range states {
		if now.After(st.Deadline.EffectiveDue) {
			lastDue = i
		}
	}
	for i, st := range states {
		due := !now.Before(st.Deadline.EffectiveDue)
		if !due || i == lastDue || !st.Submitted() && coord.Owes(ob, st.Deadline, h.Work.TrackFrom, now) {
			out = append(out, st)
		}
	}
	return out
}

func (h *Handlers) statusLine(ctx context.Context, tx coord.Tx, ob coord.Obligation, st coord.PeriodState, now time.Time, lang coord.Lang) (string, error) {
	dl := st.Deadline
	due := texts.Deadline(dl, lang)
	state := texts.TxtOnTime.In(lang)
	switch st.Outcome(ob, h.Work.TrackFrom, now) {
	case coord.OutcomeNothing:
		return txtStatusNothing.In(lang), nil
	case coord.OutcomeMissing:
		return txtStatusOverdue.In(lang, dl.LateDays(now), due), nil
	case coord.OutcomeNotDue, coord.OutcomeUntracked:
		return txtStatusNotDue.In(lang, due), nil
	case coord.OutcomeLate:
		state = texts.TxtLate.In(lang, st.LateBy(ob))
	}
	line := txtStatusDone.In(lang, h.localTime(st.Versions[len(st.Versions)-1].SubmittedAt), state, due)
	// "đã nhận" once every recipient of the latest version acknowledged.
	latest := st.Versions[len(st.Versions)-1]
	ds, err := tx.DeliveriesOf(ctx, latest.ID)
	if err != nil {
		return "", fmt.Errorf("list deliveries: %w", err)
	}
	var acked []string
	all := len(ds) > 0
	for _, d := range ds {
		if d.AckedBy == nil {
			all = false
		} else {
			acked = append(acked, h.agencyLabel(d.Agency, lang))
		}
	}
	if all {
		line += "; " + txtStatusAcked.In(lang, strings.Join(acked, ", "))
	}
	return line, nil
}

// inputsLine says which input reports of a consolidated report arrived for
// the matching period (7.3 for 6.4; 7.5, 10.3, 14.3, 16.4 for 6.6).
func (h *Handlers) inputsLine(ctx context.Context, tx coord.Tx, ob coord.Obligation, p coord.Period, now time.Time, lang coord.Lang) (string, error) {
	var parts []string
	for _, id := range ob.Inputs {
		in, ok := h.Catalogue.Obligation(id)
		if !ok {
			continue
		}
		dl, ok := h.Calendar.DeadlineOf(in, p)
		if !ok {
			continue
		}
		got, err := tx.SubmittedPeriods(ctx, id, []string{p.String()})
		if err != nil {
			return "", fmt.Errorf("list inputs: %w", err)
		}
		for _, from := range in.From {
			name := h.agencyLabel(from, lang)
			switch {
			case got.Has(p.String(), from):
				parts = append(parts, txtInputArrived.In(lang, id, name))
			case coord.Overdue(in, dl, h.Work.TrackFrom, now):
				parts = append(parts, txtInputLate.In(lang, id, name))
			case coord.Owes(in, dl, h.Work.TrackFrom, now): // not yet due
				parts = append(parts, txtInputMissing.In(lang, id, name))
			} // an input nobody was held to, or an empty "nếu có" one, is not awaited
		}
	}
	return strings.Join(parts, "; "), nil
}

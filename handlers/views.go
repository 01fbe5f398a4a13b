package handlers

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
)

// calendarDays is how far /calendar looks ahead.
const calendarDays = 45

// calendarCmd lists the deadlines of the next 45 days: the officer's agency,
// or every agency for admins; overdue unsubmitted periods come first.
func (h *Handlers) calendarCmd(ctx context.Context, c *bot.Context) error {
	lang := c.Lang()
	today := h.today(c.Now)
	from, to := today.At(h.Calendar.Location), today.AddDays(calendarDays).At(h.Calendar.Location)
	agencies := []string{c.User.Agency}
	if c.User.Role.AtLeast(coord.RoleAdmin) {
		agencies = nil
		for _, a := range h.Catalogue.Agencies {
			if len(h.Catalogue.ObligationsOf(a.Code)) > 0 {
				agencies = append(agencies, a.Code)
			}
		}
	}
	var b strings.Builder
	b.WriteString(txtCalendarHeader.In(lang, today.VN(), today.AddDays(calendarDays-1).VN()))
	any := false
	for _, agency := range agencies {
		type dated struct {
			due  time.Time
			line string
		}
		var overdue []string
		var upcoming []dated
		for _, ob := range h.Catalogue.ObligationsOf(agency) {
			states, err := h.periodStates(ctx, c.Tx, ob, agency, c.Now)
			if err != nil {
				return err
			}
			submitted := map[string]bool{}
			for _, st := range states {
				submitted[st.Deadline.Period.String()] = st.Submitted()
				if !st.Submitted() && !c.Now.Before(st.Deadline.EffectiveDue) {
					overdue = append(overdue, h.calendarLine(ob, st.Deadline, false, lang)+" — "+txtLate.In(lang, st.Deadline.LateDays(c.Now)))
				}
			}
			for _, dl := range h.Calendar.DeadlinesBetween(ob, from, to) {
				upcoming = append(upcoming, dated{dl.Due, h.calendarLine(ob, dl, submitted[dl.Period.String()], lang)})
			}
		}
		if len(overdue)+len(upcoming) == 0 {
			continue
		}
		any = true
		b.WriteString("\n\n")
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
			b.WriteString("\n")
		}
	}
	if !any {
		b.WriteString("\n\n" + txtCalendarEmpty.In(lang))
	}
	return c.Reply(ctx, strings.TrimRight(b.String(), "\n"))
}

// calendarLine is "• trước ngày 05/02/2027 — 6.4 … kỳ 2027-01 …".
func (h *Handlers) calendarLine(ob coord.Obligation, dl coord.Deadline, submitted bool, lang coord.Lang) string {
	due := coord.DateOf(dl.Due)
	eff := ""
	if dl.Extended() {
		eff = txtCalendarEff.In(lang, dl.LastDay().VN())
	}
	mark := ""
	if submitted {
		mark = txtSubmittedMark.In(lang)
	}
	return txtCalendarLine.In(lang, txtDueBefore.In(lang, due.VN()), ob.ID+" "+truncate(ob.Title, 60), dl.Period.String(), eff, mark)
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
		states, err := h.periodStates(ctx, c.Tx, ob, agency, c.Now)
		if err != nil {
			return err
		}
		for _, st := range h.statusRows(states, c.Now) {
			line, err := h.statusLine(ctx, c.Tx, st, c.Now, lang)
			if err != nil {
				return err
			}
			b.WriteString("\n  – " + st.Deadline.Period.String() + ": " + line)
			if len(ob.Inputs) > 0 {
				inputs, err := h.inputsLine(ctx, c.Tx, ob, st.Deadline.Period, lang)
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
func (h *Handlers) statusRows(states []coord.PeriodState, now time.Time) []coord.PeriodState {
	var out []coord.PeriodState
	lastDue := -1
	for i, st := range states {
		if now.After(st.Deadline.EffectiveDue) {
			lastDue = i
		}
	}
	for i, st := range states {
		due := !now.Before(st.Deadline.EffectiveDue)
		if !due || !st.Submitted() || i == lastDue {
			out = append(out, st)
		}
	}
	return out
}

func (h *Handlers) statusLine(ctx context.Context, tx coord.Tx, st coord.PeriodState, now time.Time, lang coord.Lang) (string, error) {
	dl := st.Deadline
	due := coord.DateOf(dl.Due).VN()
	if !st.Submitted() {
		if late := dl.LateDays(now); late > 0 {
			return txtStatusOverdue.In(lang, late, due), nil
		}
		return txtStatusNotDue.In(lang, due), nil
	}
	judged := st.JudgedAt()
	state := txtOnTime.In(lang)
	if late := dl.LateDays(judged); late > 0 {
		state = txtLate.In(lang, late)
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
func (h *Handlers) inputsLine(ctx context.Context, tx coord.Tx, ob coord.Obligation, p coord.Period, lang coord.Lang) (string, error) {
	var parts []string
	for _, id := range ob.Inputs {
		in, ok := h.Catalogue.Obligation(id)
		if !ok {
			continue
		}
		if _, ok := in.ScheduleFor(p.Cadence); !ok {
			continue
		}
		got, err := tx.SubmittedPeriods(ctx, id, []string{p.String()})
		if err != nil {
			return "", fmt.Errorf("list inputs: %w", err)
		}
		for _, from := range in.From {
			name := h.agencyLabel(from, lang)
			if got.Has(p.String(), from) {
				parts = append(parts, txtInputArrived.In(lang, id, name))
			} else {
				parts = append(parts, txtInputMissing.In(lang, id, name))
			}
		}
	}
	return strings.Join(parts, "; "), nil
}

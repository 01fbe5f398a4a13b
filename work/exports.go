package work

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// ExportKind names one export of /export.
type ExportKind string

// Exports (issue 12 item 9).
const (
	// ExportStatus is every agency, report and period of a year with its
	// outcome, as /status judges it.
	ExportStatus ExportKind = "status"
	// ExportScorecard is the on-time record of a year, per agency and per
	// month, as the monthly digest scores it.
	ExportScorecard ExportKind = "scorecard"
	// ExportRequests is the coordination requests created in a year, with
	// the times of their steps.
	ExportRequests ExportKind = "requests"
	// ExportInspections is the inspection plans of a year, one row per
	// employer with its result.
	ExportInspections ExportKind = "inspections"
)

// ExportKinds lists the exports in the order /export names them.
var ExportKinds = []ExportKind{ExportStatus, ExportScorecard, ExportRequests, ExportInspections}

// ExportTx is what an export reads, and the audit row it leaves.
type ExportTx interface {
	coord.Submissions
	coord.Requests
	coord.Inspections
	coord.AuditLog
}

// Export is a spreadsheet ready to be saved and sent, in the actor's
// language: the file name the reader sees, the caption, the sheets.
type Export struct {
	FileName string
	Caption  string
	Sheets   []coord.Sheet
}

// ExportYears are the years an export may cover at now: from the year
// tracking began to this one. Earlier years hold nothing anybody was held
// to; later ones nothing at all.
func (s *Service) ExportYears(now time.Time) (first, last int) {
	last = s.Calendar.Today(now).Year
	first = s.TrackFrom.Year
	if s.TrackFrom.IsZero() {
		first = last - 10 // tracking everything (tests): a decade back
	}
	return min(first, last), last
}

// Export builds one export of year for a: the whole province (or the
// agency an admin names), and, for anyone but an admin, their own agency
// only: its obligations, its requests from or to it. The export is
// written to the audit log: it shows an agency's affairs, and the requests
// may name people (Nghị định 13/2023: access is logged).
func (s *Service) Export(ctx context.Context, tx ExportTx, a Actor, kind ExportKind, year int, agency string, now time.Time) (Export, error) {
	if first, last := s.ExportYears(now); year < first || year > last {
		return Export{}, texts.Refuse(txtExportYear, year, first, last, kind, last)
	}
	if !a.Admin() {
		if agency != "" && agency != a.Agency {
			return Export{}, texts.Refuse(txtExportOwnAgency, texts.AgencyName(s.Catalogue, a.Agency, a.Lang), kind, year)
		}
		agency = a.Agency
	}
	loc, lang := s.Calendar.Location, a.Lang
	scope := texts.ExportScope(s.Catalogue, agency, lang)
	var ex Export
	var rows int
	switch kind {
	case ExportStatus:
		st, err := s.statusRows(ctx, tx, agency, year, now)
		if err != nil {
			return Export{}, err
		}
		for _, r := range st {
			if !r.Deadline.Due.IsZero() {
				rows++
			}
		}
		ex = Export{Sheets: []coord.Sheet{texts.StatusSheet(st, loc, lang)}, Caption: texts.StatusCaption(year, scope, rows, now, loc, lang)}
	case ExportScorecard:
		whole, months, err := s.scoreRows(ctx, tx, agency, year, now)
		if err != nil {
			return Export{}, err
		}
		rows = len(months)
		ex = Export{Sheets: texts.ScorecardSheets(year, whole, months, lang), Caption: texts.ScorecardCaption(year, scope, now, loc, lang)}
	case ExportRequests:
		rq, err := s.requestRows(ctx, tx, agency, year, now)
		if err != nil {
			return Export{}, err
		}
		rows = len(rq)
		ex = Export{Sheets: []coord.Sheet{texts.RequestsSheet(s.Catalogue, rq, loc, lang)}, Caption: texts.RequestsCaption(year, scope, rows, now, loc, lang)}
	case ExportInspections:
		// Plans the agency leads or is a member of (ListInspections).
		plans, err := s.ListInspections(ctx, tx, Actor{Agency: agency, Lang: lang}, year)
		if err != nil {
			return Export{}, err
		}
		if agency == "" {
			if plans, err = tx.Inspections(ctx, year); err != nil {
				return Export{}, fmt.Errorf("list inspections: %w", err)
			}
		}
		for _, p := range plans {
			rows += len(p.Targets)
		}
		ex = Export{Sheets: []coord.Sheet{texts.InspectionsSheet(s.Catalogue, plans, loc, lang)},
			Caption: texts.InspectionsCaption(year, scope, len(plans), rows, now, loc, lang)}
	default:
		return Export{}, coord.Errorf(coord.EInvalid, "unknown export %q", kind)
	}
	ex.FileName = texts.ExportFileName(string(kind), year, agency, lang)
	after := map[string]any{"agency": agency, "rows": rows}
	if err := Audit(ctx, tx, a, now, "export.send", "export:"+string(kind)+":"+strconv.Itoa(year), nil, after); err != nil {
		return Export{}, err
	}
	return ex, nil
}

// exportAgencies are the agencies an export lists: agency alone, or every
// agency with reports to send, in the catalogue's order.
func (s *Service) exportAgencies(agency string) []coord.Agency {
	var out []coord.Agency
	for _, a := range s.Catalogue.Agencies {
		if (agency == "" || a.Code == agency) && len(s.Catalogue.ObligationsOf(a.Code)) > 0 {
			out = append(out, a)
		}
	}
	return out
}

// versionsByAgency are the versions f selects, without files, by agency,
// oldest first: one query per report for every agency listed. A periodic
// report with no period to read (f.Periods empty) reads nothing.
func versionsByAgency(ctx context.Context, tx coord.Submissions, ob coord.Obligation, f coord.SubmissionFilter) (map[string][]coord.Submission, error) {
	out := map[string][]coord.Submission{}
	if !ob.EventDriven() && len(f.Periods) == 0 {
		return out, nil
	}
	f.Obligation, f.NoFiles = ob.ID, true
	subs, err := tx.Submissions(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list submissions: %w", err)
	}
	for _, sub := range subs {
		out[sub.Agency] = append(out[sub.Agency], sub)
	}
	return out, nil
}

// statusRows judges every tracked period of year of every report of the
// agencies listed (coord.PeriodState.Outcome, the rule of /status); an
// event-driven report gets one row with the year's submissions.
func (s *Service) statusRows(ctx context.Context, tx coord.Submissions, agency string, year int, now time.Time) ([]texts.StatusRow, error) {
	loc := s.Calendar.Location
	from, to := time.Date(year, time.January, 1, 0, 0, 0, 0, loc), time.Date(year+1, time.January, 1, 0, 0, 0, 0, loc)
	type ofReport struct {
		periods  coord.TrackedPeriods
		versions map[string][]coord.Submission
	}
	reports := map[string]*ofReport{}
	var rows []texts.StatusRow
	for _, ag := range s.exportAgencies(agency) {
		for _, ob := range s.Catalogue.ObligationsOf(ag.Code) {
			r := reports[ob.ID]
			if r == nil {
				r = &ofReport{periods: s.Calendar.PeriodsOfYear(ob, year, s.TrackFrom)}
				f := coord.SubmissionFilter{Agency: agency, Periods: r.periods.Labels()}
				if ob.EventDriven() { // no period: the versions sent since the year began
					f.Since = from
				}
				var err error
				if r.versions, err = versionsByAgency(ctx, tx, ob, f); err != nil {
					return nil, err
				}
				reports[ob.ID] = r
			}
			if ob.EventDriven() {
				row := texts.StatusRow{Agency: ag, Obligation: ob}
				for _, v := range r.versions[ag.Code] {
					if !v.SubmittedAt.Before(from) && v.SubmittedAt.Before(to) {
						row.Versions++
						row.JudgedAt, row.Nil = v.SubmittedAt, v.Kind == coord.NilReport
					}
				}
				rows = append(rows, row)
				continue
			}
			for _, st := range r.periods.States(r.versions[ag.Code]) {
				row := texts.StatusRow{Agency: ag, Obligation: ob, Deadline: st.Deadline, Versions: len(st.Versions),
					Outcome: st.Outcome(ob, s.TrackFrom, now), LateDays: st.LateBy(ob)}
				if v, ok := st.Judged(); ok {
					row.JudgedAt, row.Nil = v.SubmittedAt, v.Kind == coord.NilReport
				}
				if row.Outcome == coord.OutcomeMissing {
					row.LateDays = st.Deadline.LateDays(now)
				}
				rows = append(rows, row)
			}
		}
	}
	return rows, nil
}

// scoreRows is the on-time record of year: each tracked deadline scored in
// the month of its last on-time day (coord.WorkCalendar.ScoredIn, the rule
// of the monthly digest) and judged by coord.PeriodState.Outcome; per
// agency for the year, and per agency and month where anything fell due.
func (s *Service) scoreRows(ctx context.Context, tx coord.Submissions, agency string, year int, now time.Time) (whole, months []texts.ScoreRow, err error) {
	loc := s.Calendar.Location
	from, to := time.Date(year, time.January, 1, 0, 0, 0, 0, loc), time.Date(year+1, time.January, 1, 0, 0, 0, 0, loc)
	type ofReport struct {
		scored   coord.TrackedPeriods
		versions map[string][]coord.Submission
	}
	reports := map[string]*ofReport{}
	for _, ag := range s.exportAgencies(agency) {
		total := texts.ScoreRow{Agency: ag}
		var byMonth [12]texts.Score
		for _, ob := range s.Catalogue.ObligationsOf(ag.Code) {
			r := reports[ob.ID]
			if r == nil {
				r = &ofReport{scored: s.Calendar.ScoredIn(ob, s.TrackFrom, from, to)}
				if !ob.EventDriven() { // which has nothing to score
					f := coord.SubmissionFilter{Agency: agency, Periods: r.scored.Labels()}
					if r.versions, err = versionsByAgency(ctx, tx, ob, f); err != nil {
						return nil, nil, err
					}
				}
				reports[ob.ID] = r
			}
			for _, st := range r.scored.States(r.versions[ag.Code]) {
				o := st.Outcome(ob, s.TrackFrom, now)
				total.Add(ob.ID, st.Deadline, o)
				byMonth[st.Deadline.LastDay().Month-1].Add(ob.ID, st.Deadline, o)
			}
		}
		if total.Empty() {
			continue
		}
		total.MissingPeriods = nil // the year's sheet counts; the months' sheet names them
		whole = append(whole, total)
		for m, sc := range byMonth {
			if !sc.Empty() {
				months = append(months, texts.ScoreRow{Agency: ag, Month: time.Month(m + 1), Score: sc})
			}
		}
	}
	return whole, months, nil
}

// requestRows are the requests created in year, from or to agency (all of
// them when it is empty), with the times of their steps from their
// histories, and whether each is overdue now (coord.Request.Overdue).
func (s *Service) requestRows(ctx context.Context, tx coord.Requests, agency string, year int, now time.Time) ([]texts.RequestRow, error) {
	all, err := tx.Requests(ctx, coord.RequestFilter{Agency: agency})
	if err != nil {
		return nil, fmt.Errorf("list requests: %w", err)
	}
	today := s.Calendar.Today(now)
	var rows []texts.RequestRow
	for _, r := range all {
		if r.CreatedAt.In(s.Calendar.Location).Year() != year {
			continue
		}
		events, err := tx.RequestEvents(ctx, r.ID)
		if err != nil {
			return nil, fmt.Errorf("load history of request %d: %w", r.ID, err)
		}
		row := texts.RequestRow{Request: r, Overdue: r.Overdue(today)}
		for _, ev := range events {
			switch ev.Action {
			case coord.ActAccept:
				row.AcceptedAt = ev.At
			case coord.ActAnswer:
				row.AnsweredAt = ev.At
			case coord.ActDecline:
				row.DeclinedAt, row.DeclineReason = ev.At, ev.Text
			case coord.ActCancel:
				row.CancelledAt = ev.At
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

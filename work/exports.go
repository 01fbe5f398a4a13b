package work

import (
	"context"
	"fmt"
	"strconv"
	"strings"
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
	// ExportNotices is the notices of violation-handling results sent in a
	// year (Điều 5.1), one row per notice and one per foreign worker.
	ExportNotices ExportKind = "notices"
	// ExportTrainings is the dissemination and training activities of a
	// year (Điều 3.1, 6.2), one row per activity, and the count per agency.
	ExportTrainings ExportKind = "trainings"
	// ExportFeedback is the difficulties reported to the coordinator in a
	// year (Điều 18), one row per item with its answer or note.
	ExportFeedback ExportKind = "feedback"
	// ExportRegister is the register's figures of a year: foreign workers
	// with a valid permit or exemption, by nationality, employer kind and
	// zone (counts only; no personal data).
	ExportRegister ExportKind = "register"
)

// ExportKinds lists the exports in the order /export names them.
var ExportKinds = []ExportKind{ExportStatus, ExportScorecard, ExportRequests, ExportInspections, ExportNotices, ExportTrainings, ExportFeedback, ExportRegister}

// ExportTx is what an export reads, and the audit row it leaves.
type ExportTx interface {
	coord.Submissions
	coord.Requests
	coord.Inspections
	coord.Notices
	coord.Trainings
	coord.Feedbacks
	coord.Register
	coord.People
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
// only: its obligations, its requests and notices from or to it (plans and
// notices as ListInspections and ListNotices decide). The export is
// written to the audit log: it shows an agency's affairs, and the requests
// may name people (Nghị định 13/2023: access is logged).
func (s *Service) Export(ctx context.Context, tx ExportTx, a Actor, kind ExportKind, year int, agency string, now time.Time) (Export, error) {
	if first, last := s.ExportYears(now); year < first || year > last {
		return Export{}, texts.Refuse(txtExportYear, year, first, last, kind, last)
	}
	// The coordinator writes the province's report from every agency's
	// activities (Điều 6.2), so it exports them all, as /trainings lists.
	// So does it answer every agency's difficulties (Điều 18).
	if kind == ExportRegister {
		// Province-wide counts, for whoever may search the register.
		if _, _, ok := s.Access.Lists(a.Agency); !ok && !a.Admin() {
			return Export{}, texts.Refuse(txtFindNotAllowed, texts.AgencyName(s.Catalogue, a.Agency, a.Lang))
		}
		agency = ""
	} else if !a.Admin() && !(kind == ExportTrainings && s.seesAllTrainings(a)) && !(kind == ExportFeedback && s.seesAllFeedback(a)) {
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
	case ExportNotices:
		// Notices sent by or to the agency, every one for an admin who
		// names none (ListNotices, the rule of /notices).
		who := a
		if agency != "" {
			who = Actor{Agency: agency, Lang: lang}
		}
		ns, err := s.ListNotices(ctx, tx, who, year)
		if err != nil {
			return Export{}, err
		}
		sheets, people, err := s.noticeSheets(ctx, tx, ns, lang)
		if err != nil {
			return Export{}, err
		}
		rows = len(ns)
		ex = Export{Sheets: sheets, Caption: txtCaptionNotices.In(lang, year, scope, len(ns), people, texts.LocalTime(now, loc))}
	case ExportTrainings:
		var err error
		if ex, rows, err = s.trainingsExport(ctx, tx, agency, year, now, lang); err != nil {
			return Export{}, err
		}
	case ExportFeedback:
		var err error
		if ex, rows, err = s.feedbackExport(ctx, tx, agency, year, now, lang); err != nil {
			return Export{}, err
		}
	case ExportRegister:
		var err error
		if ex, rows, err = s.registerExport(ctx, tx, year, now, lang); err != nil {
			return Export{}, err
		}
	default:
		return Export{}, coord.Errorf(coord.EInvalid, "unknown export %q", kind)
	}
	ex.FileName = texts.ExportFileName(string(kind), year, agency, lang)
	switch kind {
	case ExportNotices:
		ex.FileName = noticesFileName(year, agency, lang)
	case ExportTrainings:
		ex.FileName = trainingsFileName(year, agency, lang)
	case ExportFeedback:
		ex.FileName = feedbackFileName(year, agency, lang)
	case ExportRegister:
		ex.FileName = txtFileRegister.In(lang, year) + ".xlsx"
	}
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

// noticeSheets lay the notices export out: «Thông báo», one row per notice
// with its recipients, who acknowledged and when, and who was reminded;
// «Người nước ngoài», one row per person of each notice. people counts the
// second sheet's rows.
func (s *Service) noticeSheets(ctx context.Context, tx coord.People, ns []coord.Notice, lang coord.Lang) (sheets []coord.Sheet, people int, err error) {
	loc, cfg := s.Calendar.Location, s.NoticeConfig()
	names := map[int64]string{}
	userName := func(id int64) (string, error) {
		if n, ok := names[id]; ok {
			return n, nil
		}
		n := strconv.FormatInt(id, 10)
		u, err := tx.User(ctx, id)
		switch {
		case err == nil && u.Name != "":
			n = u.Name
		case err != nil && coord.ErrorCode(err) != coord.ENotFound:
			return "", fmt.Errorf("load user %d: %w", id, err)
		}
		names[id] = n
		return n, nil
	}
	notices := coord.Sheet{Name: txtSheetNotices.In(lang)}
	for _, c := range noticeColumns {
		notices.Columns = append(notices.Columns, coord.Column{Header: c.m.In(lang), Width: c.w})
	}
	persons := coord.Sheet{Name: txtSheetNoticePeople.In(lang)}
	for _, c := range noticePersonColumns {
		persons.Columns = append(persons.Columns, coord.Column{Header: c.m.In(lang), Width: c.w})
	}
	for _, n := range ns {
		label := n.Kind
		if k, ok := cfg.Kind(n.Kind); ok {
			label = k.Label(lang)
		}
		var to, acked, reminded []string
		for _, r := range n.Recipients {
			name := texts.AgencyName(s.Catalogue, r.Agency, lang)
			to = append(to, name)
			if r.AckedAt != nil {
				by := ""
				if r.AckedBy != nil {
					if by, err = userName(*r.AckedBy); err != nil {
						return nil, 0, err
					}
				}
				acked = append(acked, txtNoticeAckedCell.In(lang, name, by, texts.LocalTime(*r.AckedAt, loc)))
			}
			if r.RemindedAt != nil {
				reminded = append(reminded, txtNoticeRemindedCell.In(lang, name, texts.LocalTime(*r.RemindedAt, loc)))
			}
		}
		fine := coord.Cell{}
		if n.Sanction.FineVND > 0 {
			fine = coord.IntCell(int(n.Sanction.FineVND))
		}
		notices.Rows = append(notices.Rows, []coord.Cell{coord.IntCell(int(n.ID)), coord.TimeCell(n.CreatedAt.In(loc)),
			coord.TextCell(texts.AgencyName(s.Catalogue, n.From, lang)), coord.TextCell(label), coord.TextCell(n.DecisionNo),
			coord.DateCell(n.DecisionDate), coord.TextCell(n.Employer.Name), coord.TextCell(n.Employer.TaxCode),
			coord.TextCell(n.Employer.Address), coord.TextCell(n.Employer.Zone), coord.TextCell(n.Violation),
			coord.TextCell(SanctionText(n.Sanction, lang)), fine, coord.IntCell(len(n.People)), coord.TextCell(strings.Join(to, "; ")),
			coord.TextCell(strings.Join(acked, "; ")), coord.TextCell(strings.Join(reminded, "; "))})
		for i, p := range n.People {
			persons.Rows = append(persons.Rows, []coord.Cell{coord.IntCell(int(n.ID)), coord.TextCell(n.DecisionNo), coord.IntCell(i + 1),
				coord.TextCell(p.Name), coord.TextCell(p.Passport), coord.TextCell(p.Nationality)})
			people++
		}
	}
	return []coord.Sheet{notices, persons}, people, nil
}

// noticesFileName is the name the reader sees, e.g.
// thong-bao-xu-ly-vi-pham-2027.xlsx, with the agency an export is limited
// to (texts.ExportFileName's shape).
func noticesFileName(year int, agency string, lang coord.Lang) string {
	name := txtFileNotices.In(lang, year)
	if agency != "" {
		name += "-" + agency
	}
	return name + ".xlsx"
}

// noticeCol is a column of the notices export: its header and width.
type noticeCol struct {
	m texts.Msg
	w float64
}

// The words of the notices export.
var (
	txtFileNotices       = texts.Msg{VI: "thong-bao-xu-ly-vi-pham-%d", EN: "notices-%d"}
	txtSheetNotices      = texts.Msg{VI: "Thông báo", EN: "Notices"}
	txtSheetNoticePeople = texts.Msg{VI: "Người nước ngoài", EN: "Foreign workers"}
	txtCaptionNotices    = texts.Msg{
		VI: "📄 Thông báo kết quả xử lý vi phạm năm %d (%s): %d thông báo, %d người lao động nước ngoài. Lập lúc %s.",
		EN: "📄 Notices of violation-handling results of %d (%s): %d notices, %d foreign workers. Made at %s.",
	}
	txtNoticeAckedCell    = texts.Msg{VI: "%s: %s, lúc %s", EN: "%s: %s, at %s"}
	txtNoticeRemindedCell = texts.Msg{VI: "%s: lúc %s", EN: "%s: at %s"}
	noticeColumns         = []noticeCol{
		{texts.Msg{VI: "Số TB", EN: "Notice"}, 8},
		{texts.Msg{VI: "Ngày gửi", EN: "Sent"}, 17},
		{texts.Msg{VI: "Cơ quan gửi", EN: "From"}, 32},
		{texts.Msg{VI: "Loại vi phạm", EN: "Violation kind"}, 36},
		{texts.Msg{VI: "Số quyết định", EN: "Decision no."}, 18},
		{texts.Msg{VI: "Ngày quyết định", EN: "Decision date"}, 12},
		{texts.Msg{VI: "Tên doanh nghiệp", EN: "Employer"}, 36},
		{texts.Msg{VI: "Mã số thuế", EN: "Tax code"}, 16},
		{texts.Msg{VI: "Địa chỉ", EN: "Address"}, 30},
		{texts.Msg{VI: "Khu công nghiệp", EN: "Industrial zone"}, 24},
		{texts.Msg{VI: "Hành vi vi phạm", EN: "Violation"}, 40},
		{texts.Msg{VI: "Hình thức xử phạt", EN: "Sanction"}, 40},
		{texts.Msg{VI: "Số tiền phạt (đồng)", EN: "Fine (VND)"}, 14},
		{texts.Msg{VI: "Số người", EN: "People"}, 9},
		{texts.Msg{VI: "Cơ quan nhận", EN: "Recipients"}, 40},
		{texts.Msg{VI: "Đã nhận (người, thời điểm)", EN: "Acknowledged (by, at)"}, 48},
		{texts.Msg{VI: "Đã nhắc", EN: "Reminded"}, 36},
	}
	noticePersonColumns = []noticeCol{
		{texts.Msg{VI: "Số TB", EN: "Notice"}, 8},
		{texts.Msg{VI: "Số quyết định", EN: "Decision no."}, 18},
		{texts.Msg{VI: "STT", EN: "#"}, 6},
		{texts.Msg{VI: "Họ và tên", EN: "Name"}, 30},
		{texts.Msg{VI: "Số hộ chiếu", EN: "Passport no."}, 16},
		{texts.Msg{VI: "Quốc tịch", EN: "Nationality"}, 18},
	}
)

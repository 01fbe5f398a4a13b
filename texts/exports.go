package texts

import (
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// The words of the exports (/export): the sheets' names and column
// headers, how each cell puts a fact, the file names and the captions. The
// use cases gather the facts (the rows below) and these functions lay them
// out as coord.Sheet values, in the reader's language.

// OutcomeNames name each coord.Outcome as a sheet cell (and a filter value)
// says it.
var OutcomeNames = map[coord.Outcome]Msg{
	coord.OutcomeOnTime:    {VI: "Đúng hạn", EN: "On time"},
	coord.OutcomeLate:      {VI: "Trễ hạn", EN: "Late"},
	coord.OutcomeMissing:   {VI: "Chưa nộp (quá hạn)", EN: "Not submitted (overdue)"},
	coord.OutcomeNothing:   {VI: "Không có thông báo (chỉ gửi khi có thông tin)", EN: "Nothing reported (sent only when there is something)"},
	coord.OutcomeNotDue:    {VI: "Chưa đến hạn", EN: "Not yet due"},
	coord.OutcomeUntracked: {VI: "Không theo dõi (hạn trước ngày bắt đầu theo dõi)", EN: "Not tracked (due before tracking began)"},
}

var (
	txtSheetStatus    = Msg{VI: "Trạng thái", EN: "Status"}
	txtSheetYear      = Msg{VI: "Cả năm", EN: "Year"}
	txtSheetMonths    = Msg{VI: "Theo tháng", EN: "By month"}
	txtSheetRequests  = Msg{VI: "Yêu cầu phối hợp", EN: "Requests"}
	txtColAgencyCode  = Msg{VI: "Mã cơ quan", EN: "Agency code"}
	txtColAgency      = Msg{VI: "Cơ quan", EN: "Agency"}
	txtColReport      = Msg{VI: "Báo cáo", EN: "Report"}
	txtColReportTitle = Msg{VI: "Tên báo cáo", EN: "Report title"}
	txtColPeriod      = Msg{VI: "Kỳ", EN: "Period"}
	txtColLastDay     = Msg{VI: "Hạn cuối", EN: "Last day"}
	txtColExtended    = Msg{VI: "Kéo dài đến (ngày nghỉ)", EN: "Extended to (non-working days)"}
	txtColState       = Msg{VI: "Tình trạng", EN: "Status"}
	txtColLateDays    = Msg{VI: "Số ngày trễ", EN: "Days late"}
	txtColForm        = Msg{VI: "Hình thức", EN: "Form"}
	txtColSubmittedAt = Msg{VI: "Thời điểm nộp", EN: "Submitted at"}
	txtColVersions    = Msg{VI: "Số lần nộp", EN: "Versions"}
	txtColMonth       = Msg{VI: "Tháng", EN: "Month"}
	txtColDue         = Msg{VI: "Số kỳ đã đến hạn", EN: "Periods due"}
	txtColOnTime      = Msg{VI: "Đúng hạn", EN: "On time"}
	txtColLate        = Msg{VI: "Trễ hạn", EN: "Late"}
	txtColMissing     = Msg{VI: "Chưa nộp (quá hạn)", EN: "Not submitted"}
	txtColNothing     = Msg{VI: "Không có thông báo", EN: "Nothing reported"}
	txtColNotDue      = Msg{VI: "Chưa đến hạn", EN: "Not yet due"}
	txtColRate        = Msg{VI: "Tỷ lệ đúng hạn", EN: "On-time rate"}
	txtColMissingList = Msg{VI: "Kỳ chưa nộp", EN: "Periods not submitted"}
	txtColNumber      = Msg{VI: "Số", EN: "No."}
	txtColType        = Msg{VI: "Loại", EN: "Type"}
	txtColFrom        = Msg{VI: "Cơ quan yêu cầu", EN: "Requesting agency"}
	txtColTo          = Msg{VI: "Cơ quan được yêu cầu", EN: "Agency asked"}
	txtColSubject     = Msg{VI: "Nội dung", EN: "Subject"}
	txtColCreated     = Msg{VI: "Ngày tạo", EN: "Created"}
	txtColAnswerDue   = Msg{VI: "Hạn trả lời", EN: "Answer due"}
	txtColReqState    = Msg{VI: "Trạng thái", EN: "State"}
	txtColOverdue     = Msg{VI: "Quá hạn", EN: "Overdue"}
	txtColAccepted    = Msg{VI: "Ngày nhận xử lý", EN: "Accepted"}
	txtColAnswered    = Msg{VI: "Ngày trả lời", EN: "Answered"}
	txtColDeclined    = Msg{VI: "Ngày từ chối", EN: "Declined"}
	txtColReason      = Msg{VI: "Lý do từ chối", EN: "Reason for declining"}
	txtColCancelled   = Msg{VI: "Ngày hủy", EN: "Cancelled"}

	txtFormFiles   = Msg{VI: "Có tệp", EN: "Files"}
	txtFormNil     = Msg{VI: "Không phát sinh", EN: "Nil report"}
	txtEventState  = Msg{VI: "Gửi khi có thay đổi (không có hạn)", EN: "Sent on change (no deadline)"}
	txtYes         = Msg{VI: "Có", EN: "Yes"}
	txtNo          = Msg{VI: "Không", EN: "No"}
	txtMissingItem = Msg{VI: "%s kỳ %s", EN: "%s for %s"}

	txtFileStatus    = Msg{VI: "trang-thai-%d", EN: "status-%d"}
	txtFileScorecard = Msg{VI: "ket-qua-dung-han-%d", EN: "on-time-%d"}
	txtFileRequests  = Msg{VI: "yeu-cau-phoi-hop-%d", EN: "requests-%d"}

	txtScopeProvince = Msg{VI: "toàn tỉnh", EN: "the whole province"}
	txtCaptionStatus = Msg{
		VI: "📊 Tình trạng nộp báo cáo định kỳ năm %d — %s: %d kỳ báo cáo. Lập lúc %s.",
		EN: "📊 Periodic reports of %d — %s: %d periods. Made at %s.",
	}
	txtCaptionScorecard = Msg{
		VI: "📈 Kết quả nộp báo cáo đúng hạn năm %d — %s (mỗi kỳ tính vào tháng của hạn cuối, kể cả khi được kéo dài). Lập lúc %s.",
		EN: "📈 On-time record of %d — %s (each period counts in the month of its last day, extension included). Made at %s.",
	}
	txtCaptionRequests = Msg{
		VI: "📨 Yêu cầu phối hợp tạo trong năm %d — %s: %d yêu cầu. Lập lúc %s.",
		EN: "📨 Coordination requests created in %d — %s: %d requests. Made at %s.",
	}
)

// ExportScope names what an export covers: the province, or one agency.
func ExportScope(cat *coord.Catalogue, agency string, lang coord.Lang) string {
	if agency == "" {
		return txtScopeProvince.In(lang)
	}
	return AgencyName(cat, agency, lang)
}

// ExportFileName is the name the reader sees, e.g. trang-thai-2027.xlsx,
// or trang-thai-2027-yte.xlsx for one agency's export by an admin. kind is
// "status", "scorecard" or "requests".
func ExportFileName(kind string, year int, agency string, lang coord.Lang) string {
	m := txtFileStatus
	switch kind {
	case "scorecard":
		m = txtFileScorecard
	case "requests":
		m = txtFileRequests
	case "inspections":
		m = txtFileInspections
	}
	name := m.In(lang, year)
	if agency != "" {
		name += "-" + agency
	}
	return name + ".xlsx"
}

// col is a column's header and width, in characters.
type col struct {
	m Msg
	w float64
}

func columns(lang coord.Lang, cols ...col) []coord.Column {
	out := make([]coord.Column, len(cols))
	for i, c := range cols {
		out[i] = coord.Column{Header: c.m.In(lang), Width: c.w}
	}
	return out
}

// StatusRow is one period of one agency's report in the status export,
// judged by coord.PeriodState.Outcome; for an event-driven report (12.3)
// Deadline is zero and the row counts the year's submissions.
type StatusRow struct {
	Agency     coord.Agency
	Obligation coord.Obligation
	Deadline   coord.Deadline
	Outcome    coord.Outcome
	// LateDays is how late the judged version was, or, for a period still
	// missing, how many days overdue it is when exported.
	LateDays int
	Nil      bool      // the judged version is a nil report
	JudgedAt time.Time // the judged version's time; zero when nothing was submitted
	Versions int
}

// StatusSheet lays the status export out: one row per agency, report and
// period. Times are shown in loc.
func StatusSheet(rows []StatusRow, loc *time.Location, lang coord.Lang) coord.Sheet {
	sh := coord.Sheet{Name: txtSheetStatus.In(lang), Columns: columns(lang,
		col{txtColAgencyCode, 16}, col{txtColAgency, 36}, col{txtColReport, 9}, col{txtColReportTitle, 48},
		col{txtColPeriod, 10}, col{txtColLastDay, 12}, col{txtColExtended, 14}, col{txtColState, 24},
		col{txtColLateDays, 10}, col{txtColForm, 16}, col{txtColSubmittedAt, 17}, col{txtColVersions, 10})}
	for _, r := range rows {
		cells := []coord.Cell{coord.TextCell(r.Agency.Code), coord.TextCell(r.Agency.Name),
			coord.TextCell(r.Obligation.ID), coord.TextCell(r.Obligation.Title)}
		if r.Deadline.Due.IsZero() {
			cells = append(cells, coord.Cell{}, coord.Cell{}, coord.Cell{}, coord.TextCell(txtEventState.In(lang)), coord.Cell{})
		} else {
			var extended coord.Cell
			if r.Deadline.Extended() {
				extended = coord.DateCell(r.Deadline.LastDay())
			}
			late := coord.Cell{}
			if r.Outcome == coord.OutcomeLate || r.Outcome == coord.OutcomeMissing {
				late = coord.IntCell(r.LateDays)
			}
			cells = append(cells, coord.TextCell(r.Deadline.Period.String()), coord.DateCell(RegulationLastDay(r.Deadline)),
				extended, coord.TextCell(OutcomeNames[r.Outcome].In(lang)), late)
		}
		form, at := coord.Cell{}, coord.Cell{}
		if r.Versions > 0 {
			form = coord.TextCell(txtFormFiles.In(lang))
			if r.Nil {
				form = coord.TextCell(txtFormNil.In(lang))
			}
			at = coord.TimeCell(r.JudgedAt.In(loc))
		}
		sh.Rows = append(sh.Rows, append(cells, form, at, coord.IntCell(r.Versions)))
	}
	return sh
}

// Score counts one agency's periods in the scorecard export, by outcome;
// Missing names the periods still not submitted ("6.4 kỳ 2027-02").
type Score struct {
	OnTime, Late, Missing, Nothing, NotDue int
	MissingPeriods                         []WeeklyDue // Obligation and Deadline.Period
}

// Add counts one period.
func (s *Score) Add(ob string, dl coord.Deadline, o coord.Outcome) {
	switch o {
	case coord.OutcomeOnTime:
		s.OnTime++
	case coord.OutcomeLate:
		s.Late++
	case coord.OutcomeMissing:
		s.Missing++
		s.MissingPeriods = append(s.MissingPeriods, WeeklyDue{Obligation: ob, Deadline: dl})
	case coord.OutcomeNothing:
		s.Nothing++
	case coord.OutcomeNotDue:
		s.NotDue++
	}
}

// Due is the periods already judged on or late: what the on-time rate is
// out of, as the monthly digest counts it.
func (s Score) Due() int { return s.OnTime + s.Late + s.Missing }

// Empty reports whether nothing was counted.
func (s Score) Empty() bool { return s.Due()+s.Nothing+s.NotDue == 0 }

// ScoreRow is one agency's score over the year (Month 0) or one month.
type ScoreRow struct {
	Agency coord.Agency
	Month  time.Month
	Score
}

// ScorecardSheets lay the scorecard export out: the year per agency, then
// each month per agency.
func ScorecardSheets(year int, yearRows, monthRows []ScoreRow, lang coord.Lang) []coord.Sheet {
	counts := []col{{txtColDue, 12}, {txtColOnTime, 10}, {txtColLate, 10}, {txtColMissing, 12}, {txtColNothing, 14},
		{txtColNotDue, 12}, {txtColRate, 12}}
	cells := func(s Score) []coord.Cell {
		rate := coord.Cell{}
		if s.Due() > 0 {
			rate = coord.PercentCell(float64(s.OnTime) / float64(s.Due()))
		}
		return []coord.Cell{coord.IntCell(s.Due()), coord.IntCell(s.OnTime), coord.IntCell(s.Late), coord.IntCell(s.Missing),
			coord.IntCell(s.Nothing), coord.IntCell(s.NotDue), rate}
	}
	whole := coord.Sheet{Name: txtSheetYear.In(lang), Columns: columns(lang, append([]col{{txtColAgencyCode, 16}, {txtColAgency, 36}}, counts...)...)}
	for _, r := range yearRows {
		whole.Rows = append(whole.Rows, append([]coord.Cell{coord.TextCell(r.Agency.Code), coord.TextCell(r.Agency.Name)}, cells(r.Score)...))
	}
	months := coord.Sheet{Name: txtSheetMonths.In(lang), Columns: columns(lang,
		append(append([]col{{txtColAgencyCode, 16}, {txtColAgency, 36}, {txtColMonth, 9}}, counts...), col{txtColMissingList, 40})...)}
	for _, r := range monthRows {
		missing := make([]string, len(r.MissingPeriods))
		for i, m := range r.MissingPeriods {
			missing[i] = txtMissingItem.In(lang, m.Obligation, m.Deadline.Period)
		}
		row := append([]coord.Cell{coord.TextCell(r.Agency.Code), coord.TextCell(r.Agency.Name), coord.MonthCell(year, r.Month)}, cells(r.Score)...)
		months.Rows = append(months.Rows, append(row, coord.TextCell(strings.Join(missing, ", "))))
	}
	return []coord.Sheet{whole, months}
}

// RequestRow is one coordination request in the requests export, with the
// times of its steps (zero: not taken) and whether it is overdue
// (coord.Request.Overdue) when exported.
type RequestRow struct {
	Request                                         coord.Request
	AcceptedAt, AnsweredAt, DeclinedAt, CancelledAt time.Time
	DeclineReason                                   string
	Overdue                                         bool
}

// RequestsSheet lays the requests export out, one row per request.
func RequestsSheet(cat *coord.Catalogue, rows []RequestRow, loc *time.Location, lang coord.Lang) coord.Sheet {
	sh := coord.Sheet{Name: txtSheetRequests.In(lang), Columns: columns(lang,
		col{txtColNumber, 7}, col{txtColType, 30}, col{txtColFrom, 32}, col{txtColTo, 32}, col{txtColSubject, 48},
		col{txtColCreated, 17}, col{txtColAnswerDue, 12}, col{txtColReqState, 14}, col{txtColOverdue, 9},
		col{txtColAccepted, 17}, col{txtColAnswered, 17}, col{txtColDeclined, 17}, col{txtColReason, 40}, col{txtColCancelled, 17})}
	when := func(t time.Time) coord.Cell {
		if t.IsZero() {
			return coord.Cell{}
		}
		return coord.TimeCell(t.In(loc))
	}
	for _, r := range rows {
		q := r.Request
		overdue := txtNo
		if r.Overdue {
			overdue = txtYes
		}
		sh.Rows = append(sh.Rows, []coord.Cell{coord.IntCell(int(q.ID)), coord.TextCell(RequestTypeName(cat, q.Type, lang)),
			coord.TextCell(AgencyName(cat, q.From, lang)), coord.TextCell(AgencyName(cat, q.To, lang)), coord.TextCell(q.Subject),
			when(q.CreatedAt), coord.DateCell(q.Due), coord.TextCell(Sentence(RequestStateNames[q.State].In(lang))),
			coord.TextCell(overdue.In(lang)), when(r.AcceptedAt), when(r.AnsweredAt), when(r.DeclinedAt),
			coord.TextCell(r.DeclineReason), when(r.CancelledAt)})
	}
	return sh
}

// StatusCaption, ScorecardCaption and RequestsCaption go with the file:
// what it holds, for whom, and when it was made (in loc).
func StatusCaption(year int, scope string, periods int, made time.Time, loc *time.Location, lang coord.Lang) string {
	return txtCaptionStatus.In(lang, year, scope, periods, LocalTime(made, loc))
}

// ScorecardCaption: see StatusCaption.
func ScorecardCaption(year int, scope string, made time.Time, loc *time.Location, lang coord.Lang) string {
	return txtCaptionScorecard.In(lang, year, scope, LocalTime(made, loc))
}

// RequestsCaption: see StatusCaption.
func RequestsCaption(year int, scope string, requests int, made time.Time, loc *time.Location, lang coord.Lang) string {
	return txtCaptionRequests.In(lang, year, scope, requests, LocalTime(made, loc))
}

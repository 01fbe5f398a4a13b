package texts

import (
	"strconv"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// The words of reports that more than one side says: a submission's status,
// the delivery a recipient agency receives with its «Đã nhận» button, the
// acknowledgement notice, how periods are written.

// CbAck starts the data of a delivery's «Đã nhận» button (+ delivery id).
const CbAck = "ack:"

var (
	TxtOnTime     = Msg{VI: "đúng hạn", EN: "on time"}
	TxtLate       = Msg{VI: "trễ hạn %d ngày", EN: "%d day(s) late"}
	TxtNoDeadline = Msg{VI: "không có hạn (gửi khi có thay đổi)", EN: "no deadline (sent on change)"}
	TxtNone       = Msg{VI: "(không có)", EN: "(none)"}
	// TxtNothingReported is how a "nếu có" period with nothing sent stands:
	// not late (the monthly scorecard counts such periods in these words).
	TxtNothingReported = Msg{VI: "không có thông báo (chỉ gửi khi có thông tin)", EN: "nothing reported (sent only when there is something to report)"}

	txtAndOthers = Msg{VI: "%s và %d cơ quan khác", EN: "%s and %d other agencies"}
	txtAnd       = Msg{VI: " và ", EN: " and "}

	txtDeliveryCaption = Msg{
		VI: "📥 Báo cáo %s — %s\nTừ: %s\nKỳ: %s\nTình trạng: %s\nPhiên bản %d · số hiệu %d",
		EN: "📥 Report %s — %s\nFrom: %s\nPeriod: %s\nStatus: %s\nVersion %d · number %d",
	}
	txtDeliveryNote   = Msg{VI: "\nGhi chú: %s", EN: "\nNote: %s"}
	txtDeliveryNil    = Msg{VI: "\nNội dung: báo cáo không phát sinh trong kỳ.", EN: "\nContent: nothing to report for the period."}
	txtDeliveryAskAck = Msg{VI: "\nBấm «Đã nhận» để xác nhận đã nhận báo cáo.", EN: "\nPress «Received» to acknowledge."}
	txtDeliveryRef    = Msg{VI: " (%s %s, số hiệu %d)", EN: " (%s %s, no. %d)"}
	btnAck            = Msg{VI: "Đã nhận", EN: "Received"}
	txtAckNotice      = Msg{
		VI: "📬 %s đã xác nhận nhận báo cáo %s %s (số hiệu %d) — %s, %s.",
		EN: "📬 %s acknowledged report %s %s (number %d) — %s, %s.",
	}
)

// cadenceHints say how the periods of each cadence are written.
var cadenceHints = map[coord.Cadence]Msg{
	coord.Monthly:   {VI: "hàng tháng (ví dụ 2027-01)", EN: "monthly (e.g. 2027-01)"},
	coord.Quarterly: {VI: "hàng quý (ví dụ 2027-Q1)", EN: "quarterly (e.g. 2027-Q1)"},
	coord.HalfYear1: {VI: "6 tháng đầu năm (ví dụ 2027-H1)", EN: "for the first half-year (e.g. 2027-H1)"},
	coord.Yearly:    {VI: "hàng năm (ví dụ 2027)", EN: "yearly (e.g. 2027)"},
	coord.OnChange:  {VI: "khi có thay đổi", EN: "whenever something changes"},
}

// CadenceHint says how an obligation's periods are written: "hàng tháng
// (ví dụ 2027-01)".
func CadenceHint(ob coord.Obligation, lang coord.Lang) string {
	var parts []string
	for _, s := range ob.Schedules {
		if m, ok := cadenceHints[s.Cadence]; ok {
			parts = append(parts, m.In(lang))
		}
	}
	return strings.Join(parts, txtAnd.In(lang))
}

// AgencyList names agencies: all of up to three, else the first "và N cơ
// quan khác".
func AgencyList(cat *coord.Catalogue, codes []string, lang coord.Lang) string {
	if len(codes) > 3 {
		return txtAndOthers.In(lang, AgencyName(cat, codes[0], lang), len(codes)-1)
	}
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = AgencyName(cat, c, lang)
	}
	return strings.Join(names, ", ")
}

// PeriodLabel is Period for a stored label ("2027-01"), "" being no period.
func PeriodLabel(label string, lang coord.Lang) string {
	if label == "" {
		return Period(coord.Period{}, lang)
	}
	p, err := coord.ParsePeriod(label)
	if err != nil {
		return label
	}
	return Period(p, lang)
}

// PeriodPhrase is the period as a sentence names it: "kỳ 2027-01 (tháng
// 01/2027)", or "báo cáo khi có thay đổi" for an event-driven report.
func PeriodPhrase(label string, lang coord.Lang) string {
	if label == "" {
		return periodNone.In(lang)
	}
	return periodPhrase.In(lang, PeriodLabel(label, lang))
}

var periodPhrase = Msg{VI: "kỳ %s", EN: "for %s"}

// LocalTime is t as officers read it: "15:04 02/01/2006" in loc.
func LocalTime(t time.Time, loc *time.Location) string { return t.In(loc).Format("15:04 02/01/2006") }

// SubmissionStatus is how the period of s stands: on time, late by its
// days, or without a deadline.
func SubmissionStatus(s coord.Submission, lang coord.Lang) string {
	switch {
	case s.Due == nil:
		return TxtNoDeadline.In(lang)
	case s.LateDays > 0:
		return TxtLate.In(lang, s.LateDays)
	}
	return TxtOnTime.In(lang)
}

// DeliveryCaption is what a recipient agency reads with a submission:
// which report, from whom, for which period, how it stands, its version.
func DeliveryCaption(cat *coord.Catalogue, ob coord.Obligation, s coord.Submission, lang coord.Lang) string {
	caption := txtDeliveryCaption.In(lang, ob.ID, ob.Title, AgencyName(cat, s.Agency, lang), PeriodLabel(s.Period, lang),
		SubmissionStatus(s, lang), s.Version, s.ID)
	if s.Kind == coord.NilReport {
		caption += txtDeliveryNil.In(lang)
	}
	if s.Note != "" {
		caption += txtDeliveryNote.In(lang, Truncate(s.Note, 300))
	}
	return Truncate(caption, 1000) // Telegram captions stop at 1024
}

// AckButtons is the «Đã nhận» button of delivery id.
func AckButtons(id int64, lang coord.Lang) [][]coord.Button {
	return [][]coord.Button{{{Text: btnAck.In(lang), Data: CbAck + strconv.FormatInt(id, 10)}}}
}

// DeliveryAskAck is the message that carries the «Đã nhận» button after a
// submission's files (or, for a nil report, the whole caption).
func DeliveryAskAck(ob coord.Obligation, s coord.Submission, caption string, lang coord.Lang) string {
	if len(s.Files) > 0 {
		return strings.TrimPrefix(txtDeliveryAskAck.In(lang), "\n") + txtDeliveryRef.In(lang, ob.ID, s.Period, s.ID)
	}
	return caption + txtDeliveryAskAck.In(lang)
}

// AckNotice tells the submitter that agency acknowledged s, who and when.
func AckNotice(cat *coord.Catalogue, agency string, s coord.Submission, who, when string, lang coord.Lang) string {
	return txtAckNotice.In(lang, AgencyName(cat, agency, lang), s.Obligation, PeriodPhrase(s.Period, lang), s.ID, who, when)
}

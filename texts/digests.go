package texts

import (
	"fmt"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// The words of the digests the scheduler posts (and /digest asks for): the
// weekly look ahead, last month's scorecard, and which inputs of a
// consolidated report arrived. The scheduler gathers the facts; these
// functions only put them into words.

var (
	txtWeeklyHead      = Msg{VI: "📊 Tổng hợp tuần — %s %s\nHạn nộp trong %d ngày tới, báo cáo quá hạn và yêu cầu phối hợp của từng cơ quan.", EN: "📊 Weekly summary — %s %s\nDeadlines in the next %d days, overdue reports and coordination requests of each agency."}
	txtWeeklyAgency    = Msg{VI: "• %s (%s)", EN: "• %s (%s)"}
	txtWeeklyUpcoming  = Msg{VI: "  Sắp đến hạn: ", EN: "  Coming up: "}
	txtWeeklyOverdue   = Msg{VI: "  Quá hạn: ", EN: "  Overdue: "}
	txtWeeklyAllQuiet  = Msg{VI: "Không có hạn nộp trong %d ngày tới, không có báo cáo quá hạn và không có yêu cầu phối hợp đang mở (%d cơ quan): %s.", EN: "No deadline in the next %d days, no overdue report and no open request (%d agencies): %s."}
	txtWeeklyQuiet     = Msg{VI: "  Không có hạn nộp trong %d ngày tới và không có báo cáo quá hạn.", EN: "  No deadline in the next %d days and no overdue report."}
	txtWeeklyRequests  = Msg{VI: "  Yêu cầu phối hợp: nhận %d đang mở (%d quá hạn), gửi %d đang mở (%d quá hạn)", EN: "  Coordination requests: %d open received (%d overdue), %d open sent (%d overdue)"}
	txtWeeklyDue       = Msg{VI: "%s kỳ %s — %s", EN: "%s for %s — %s"}
	txtWeeklyLate      = Msg{VI: "%s kỳ %s — trễ %d ngày", EN: "%s for %s — %d day(s) late"}
	txtMonthlyHead     = Msg{VI: "📈 Kết quả nộp báo cáo định kỳ tháng %02d/%04d (các báo cáo có hạn cuối trong tháng)", EN: "📈 Periodic reports of %02d/%04d (reports whose last on-time day fell in that month)"}
	txtMonthlyAgency   = Msg{VI: "• %s: đúng hạn %d, trễ hạn %d, chưa nộp %d", EN: "• %s: on time %d, late %d, not submitted %d"}
	txtMonthlyMissing  = Msg{VI: "%s kỳ %s", EN: "%s for %s"}
	txtMonthlyNothing  = Msg{VI: "; không có thông báo %d (chỉ gửi khi có thông tin)", EN: "; nothing reported %d (sent only when there is something to report)"}
	txtMonthlyNone     = Msg{VI: "Không có báo cáo nào đến hạn trong tháng.", EN: "No report fell due in that month."}
	txtMonthlyProvince = Msg{VI: "Tỷ lệ nộp đúng hạn toàn tỉnh: %d/%d (%.0f%%).", EN: "On time across the province: %d/%d (%.0f%%)."}
	txtInputsHeader    = Msg{VI: "📥 Đầu vào cho báo cáo %s kỳ %s (đầu vào: %s)", EN: "📥 Inputs of report %s for %s (inputs: %s)"}
	txtInputsGot       = Msg{VI: "Đã nhận (%d):", EN: "Received (%d):"}
	txtInputsMissing   = Msg{VI: "Còn thiếu (%d):", EN: "Missing (%d):"}
)

var weekdays = [...]Msg{
	{VI: "Chủ nhật", EN: "Sunday"}, {VI: "thứ Hai", EN: "Monday"}, {VI: "thứ Ba", EN: "Tuesday"},
	{VI: "thứ Tư", EN: "Wednesday"}, {VI: "thứ Năm", EN: "Thursday"}, {VI: "thứ Sáu", EN: "Friday"},
	{VI: "thứ Bảy", EN: "Saturday"},
}

// Weekday names the day of the week of d.
func Weekday(d coord.Date, lang coord.Lang) string { return weekdays[int(d.Weekday())].In(lang) }

// WeeklyDue is one period in the weekly digest: a deadline coming up (with
// whether it is already submitted) or one overdue by LateDays.
type WeeklyDue struct {
	Obligation string
	Deadline   coord.Deadline
	Submitted  bool
	LateDays   int
}

// WeeklyAgency is one agency's part of the weekly digest.
type WeeklyAgency struct {
	Name, Code        string
	Upcoming, Overdue []WeeklyDue
	Requests          coord.RequestCount
}

// WeeklyDigest is the weekly summary of day: for each agency, what falls
// due in the next horizon days (in the one deadline formatter's words),
// what is overdue, and its open coordination requests.
func WeeklyDigest(day coord.Date, horizon int, agencies []WeeklyAgency, lang coord.Lang) string {
	var b strings.Builder
	b.WriteString(txtWeeklyHead.In(lang, Weekday(day, lang), day.VN(), horizon))
	// The agencies with nothing to say share one line at the end.
	var quiet []string
	for _, a := range agencies {
		if len(a.Upcoming)+len(a.Overdue) == 0 && a.Requests.In+a.Requests.Out == 0 {
			quiet = append(quiet, a.Name+" ("+a.Code+")")
			continue
		}
		b.WriteString("\n\n" + txtWeeklyAgency.In(lang, a.Name, a.Code))
		if len(a.Upcoming) > 0 {
			items := make([]string, 0, len(a.Upcoming))
			for _, u := range a.Upcoming {
				item := txtWeeklyDue.In(lang, u.Obligation, u.Deadline.Period, Deadline(u.Deadline, lang))
				if u.Submitted {
					item += " ✅"
				}
				items = append(items, item)
			}
			b.WriteString("\n" + txtWeeklyUpcoming.In(lang) + strings.Join(items, "; "))
		}
		if len(a.Overdue) > 0 {
			items := make([]string, 0, len(a.Overdue))
			for _, o := range a.Overdue {
				items = append(items, txtWeeklyLate.In(lang, o.Obligation, o.Deadline.Period, o.LateDays))
			}
			b.WriteString("\n" + txtWeeklyOverdue.In(lang) + strings.Join(items, "; "))
		}
		if len(a.Upcoming)+len(a.Overdue) == 0 {
			b.WriteString("\n" + txtWeeklyQuiet.In(lang, horizon))
		}
		if rc := a.Requests; rc.In+rc.Out > 0 {
			b.WriteString("\n" + txtWeeklyRequests.In(lang, rc.In, rc.InOverdue, rc.Out, rc.OutOverdue))
		}
	}
	if len(quiet) > 0 {
		b.WriteString("\n\n" + txtWeeklyAllQuiet.In(lang, horizon, len(quiet), strings.Join(quiet, ", ")))
	}
	return b.String()
}

// MonthlyAgency is one agency's line in the monthly scorecard: how many of
// the periods due in the month it submitted on time, late or not at all
// (Missing names those), and how many of its "nếu có" periods had nothing
// to report.
type MonthlyAgency struct {
	Name                           string
	OnTime, Late, Missing, Nothing int
	MissingPeriods                 []WeeklyDue // Obligation and Deadline.Period
}

// MonthlyDigest is the on-time record of month (any day in it): one line
// per agency that owed something, and the province's on-time share.
func MonthlyDigest(month coord.Date, agencies []MonthlyAgency, lang coord.Lang) string {
	var b strings.Builder
	b.WriteString(txtMonthlyHead.In(lang, int(month.Month), month.Year))
	total, onTime := 0, 0
	for _, a := range agencies {
		total += a.OnTime + a.Late + a.Missing
		onTime += a.OnTime
		b.WriteString("\n" + txtMonthlyAgency.In(lang, a.Name, a.OnTime, a.Late, a.Missing))
		if len(a.MissingPeriods) > 0 {
			items := make([]string, 0, len(a.MissingPeriods))
			for _, m := range a.MissingPeriods {
				items = append(items, txtMonthlyMissing.In(lang, m.Obligation, m.Deadline.Period))
			}
			b.WriteString(" (" + strings.Join(items, ", ") + ")")
		}
		if a.Nothing > 0 {
			b.WriteString(txtMonthlyNothing.In(lang, a.Nothing))
		}
	}
	switch {
	case len(agencies) == 0:
		b.WriteString("\n" + txtMonthlyNone.In(lang))
	case total > 0:
		b.WriteString("\n\n" + txtMonthlyProvince.In(lang, onTime, total, 100*float64(onTime)/float64(total)))
	}
	return b.String()
}

// InputArrival is one input of a consolidated report: which report, from
// which agency, and when it arrived (zero: still missing).
type InputArrival struct {
	Obligation, AgencyName string
	At                     time.Time
}

// InputsDigest says which inputs of the consolidated report ob arrived for
// period p, whose inputs' last deadline is last; times are shown in loc.
func InputsDigest(ob string, p coord.Period, last coord.Deadline, inputs []InputArrival, loc *time.Location, lang coord.Lang) string {
	var got, missing []string
	for _, in := range inputs {
		if in.At.IsZero() {
			missing = append(missing, in.Obligation+" — "+in.AgencyName)
		} else {
			got = append(got, fmt.Sprintf("%s — %s (%s)", in.Obligation, in.AgencyName, coord.DateOf(in.At.In(loc)).VN()))
		}
	}
	var b strings.Builder
	b.WriteString(txtInputsHeader.In(lang, ob, Period(p, lang), Deadline(last, lang)))
	b.WriteString("\n" + txtInputsGot.In(lang, len(got)))
	for _, g := range got {
		b.WriteString("\n  ✅ " + g)
	}
	b.WriteString("\n" + txtInputsMissing.In(lang, len(missing)))
	for _, m := range missing {
		b.WriteString("\n  ⏳ " + m)
	}
	return b.String()
}

// TrainingCount is one agency's dissemination and training activities
// (Điều 3.1, 6.2, clause 1 of Điều 7–16) over a span: those it organised
// and held, how many attended them, and those of other agencies it took
// part in as co-organiser.
type TrainingCount struct {
	Code, Name                   string
	Held, Attendees, CoOrganised int
}

var (
	txtTrainYearHead   = Msg{VI: "🎓 Tuyên truyền, phổ biến pháp luật và tập huấn năm %d (đến hết %s):", EN: "🎓 Dissemination and training activities of %d (through %s):"}
	txtTrainPeriodHead = Msg{VI: "🎓 Tuyên truyền, phổ biến pháp luật và tập huấn %s (để tổng hợp báo cáo):", EN: "🎓 Dissemination and training activities of %s (for the report):"}
	txtTrainAgency     = Msg{VI: "• %s: %d hoạt động đã tổ chức, %d lượt người tham dự", EN: "• %s: %d activities held, %d attendees"}
	txtTrainCoOrg      = Msg{VI: "; phối hợp %d hoạt động của cơ quan khác", EN: "; co-organised %d of other agencies"}
	txtTrainTotal      = Msg{VI: "Cộng: %d hoạt động, %d lượt người.", EN: "Total: %d activities, %d attendees."}
	txtTrainNone       = Msg{VI: "Chưa có hoạt động nào được ghi nhận đã tổ chức.", EN: "No activity recorded as held yet."}
)

// TrainingsYear is the yearly count of activities per agency, through the
// day through, for the monthly scorecard.
func TrainingsYear(year int, through coord.Date, counts []TrainingCount, lang coord.Lang) string {
	return txtTrainYearHead.In(lang, year, through.VN()) + trainingLines(counts, lang)
}

// TrainingsOfPeriod is the count of activities per agency in period p, for
// the inputs digest of a half-year or yearly report.
func TrainingsOfPeriod(p coord.Period, counts []TrainingCount, lang coord.Lang) string {
	return txtTrainPeriodHead.In(lang, PeriodWords(p, lang)) + trainingLines(counts, lang)
}

func trainingLines(counts []TrainingCount, lang coord.Lang) string {
	var b strings.Builder
	held, attendees := 0, 0
	for _, c := range counts {
		b.WriteString("\n" + txtTrainAgency.In(lang, c.Name, c.Held, c.Attendees))
		if c.CoOrganised > 0 {
			b.WriteString(txtTrainCoOrg.In(lang, c.CoOrganised))
		}
		held, attendees = held+c.Held, attendees+c.Attendees
	}
	if held == 0 {
		b.WriteString("\n" + txtTrainNone.In(lang))
	} else {
		b.WriteString("\n" + txtTrainTotal.In(lang, held, attendees))
	}
	return b.String()
}

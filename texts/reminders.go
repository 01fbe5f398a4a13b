package texts

import (
	"strings"

	"github.com/bacgiang/fwbot/coord"
)

// The words of deadline reminders: what an agency reads before, on and
// after the last on-time day of a period it has not submitted.

var (
	txtRemOverdue  = Msg{VI: "⚠️ Báo cáo quá hạn chưa nộp", EN: "⚠️ Report overdue, not submitted"}
	txtRemLastDay  = Msg{VI: "⏰ Hôm nay là ngày cuối cùng nộp báo cáo", EN: "⏰ Today is the last day to submit this report"}
	txtRemUpcoming = Msg{VI: "🔔 Nhắc hạn nộp báo cáo", EN: "🔔 Report deadline reminder"}
	txtRemReport   = Msg{VI: "Báo cáo %s — %s\nKỳ: %s\n%s", EN: "Report %s — %s\nPeriod: %s\n%s"}
	txtRemLate     = Msg{VI: "Đã trễ hạn %d ngày.", EN: "%d day(s) late."}
	txtRemLeft     = Msg{VI: "Còn %d ngày.", EN: "%d day(s) left."}
	txtRemHow      = Msg{VI: "Cách nộp: gửi tệp báo cáo cho bot kèm chú thích /submit %s %s", EN: "To submit: send the report file to the bot with the caption /submit %s %s"}
	txtRemNil      = Msg{VI: "; nếu trong kỳ không phát sinh, gửi /nil %s %s", EN: "; if there is nothing to report, send /nil %s %s"}
	txtRemOnlyIf   = Msg{
		VI: "Báo cáo này chỉ gửi khi có thông tin (nếu có): nếu trong kỳ không có thông tin thì không bắt buộc gửi và không bị tính là trễ hạn.",
		EN: "This report is sent only when there is something to report: with nothing to report, no report is needed and the period is never late.",
	}
	txtRemOnlyIfNil = Msg{
		VI: " Muốn báo rõ là không phát sinh, gửi /nil %s %s.",
		EN: " To say so explicitly, send /nil %s %s.",
	}
)

// DeadlineReminder is the reminder of kind, sent on day, of the period of
// dl of ob: which report, the deadline in the one formatter's words, how
// late or how many days are left, and how to submit.
func DeadlineReminder(kind coord.ReminderKind, ob coord.Obligation, dl coord.Deadline, day coord.Date, lang coord.Lang) string {
	head := txtRemUpcoming
	switch kind {
	case coord.RemindOverdue:
		head = txtRemOverdue
	case coord.RemindLastDay:
		head = txtRemLastDay
	}
	lines := []string{head.In(lang), txtRemReport.In(lang, ob.ID, ob.Title, Period(dl.Period, lang), Sentence(Deadline(dl, lang)))}
	switch kind {
	case coord.RemindOverdue:
		lines = append(lines, txtRemLate.In(lang, dl.LateDays(day.At(dl.EffectiveDue.Location()).Add(12*3600e9))))
	case coord.RemindUpcoming:
		left := 0
		for d := day; d.Before(dl.LastDay()); d = d.AddDays(1) {
			left++
		}
		lines = append(lines, txtRemLeft.In(lang, left))
	}
	how := txtRemHow.In(lang, ob.ID, dl.Period)
	if ob.NilAllowed && !ob.OnlyIfAny {
		how += txtRemNil.In(lang, ob.ID, dl.Period)
	}
	lines = append(lines, how+".")
	if ob.OnlyIfAny {
		line := txtRemOnlyIf.In(lang)
		if ob.NilAllowed {
			line += txtRemOnlyIfNil.In(lang, ob.ID, dl.Period)
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

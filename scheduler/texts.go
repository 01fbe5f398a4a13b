package scheduler

import (
	"strings"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// What the scheduler posts into groups is in Vietnamese, which groups read;
// what it sends an officer privately is in that officer's language
// (coord.Recipient.Lang). Deadlines and periods are put into words by
// package texts, the same words every view of the handlers uses.

type msg = texts.Msg

var (
	txtRemOverdue  = msg{VI: "⚠️ Báo cáo quá hạn chưa nộp", EN: "⚠️ Report overdue, not submitted"}
	txtRemLastDay  = msg{VI: "⏰ Hôm nay là ngày cuối cùng nộp báo cáo", EN: "⏰ Today is the last day to submit this report"}
	txtRemUpcoming = msg{VI: "🔔 Nhắc hạn nộp báo cáo", EN: "🔔 Report deadline reminder"}
	txtRemReport   = msg{VI: "Báo cáo %s — %s\nKỳ: %s\n%s", EN: "Report %s — %s\nPeriod: %s\n%s"}
	txtRemLate     = msg{VI: "Đã trễ hạn %d ngày.", EN: "%d day(s) late."}
	txtRemLeft     = msg{VI: "Còn %d ngày.", EN: "%d day(s) left."}
	txtRemHow      = msg{VI: "Cách nộp: gửi tệp báo cáo cho bot kèm chú thích /submit %s %s", EN: "To submit: send the report file to the bot with the caption /submit %s %s"}
	txtRemNil      = msg{VI: "; nếu trong kỳ không phát sinh, gửi /nil %s %s", EN: "; if there is nothing to report, send /nil %s %s"}
	txtRemOnlyIf   = msg{
		VI: "Báo cáo này chỉ gửi khi có thông tin (nếu có): nếu trong kỳ không có thông tin thì không bắt buộc gửi và không bị tính là trễ hạn.",
		EN: "This report is sent only when there is something to report: with nothing to report, no report is needed and the period is never late.",
	}
	txtRemOnlyIfNil = msg{
		VI: " Muốn báo rõ là không phát sinh, gửi /nil %s %s.",
		EN: " To say so explicitly, send /nil %s %s.",
	}
)

// reminderText is a deadline reminder of r in lang.
func reminderText(r Reminder, ob coord.Obligation, day coord.Date, lang coord.Lang) string {
	head := txtRemUpcoming
	switch r.Kind {
	case Overdue:
		head = txtRemOverdue
	case LastDay:
		head = txtRemLastDay
	}
	dl := r.Deadline
	lines := []string{head.In(lang), txtRemReport.In(lang, ob.ID, ob.Title, texts.Period(dl.Period, lang), texts.Sentence(texts.Deadline(dl, lang)))}
	switch r.Kind {
	case Overdue:
		lines = append(lines, txtRemLate.In(lang, dl.LateDays(day.At(dl.EffectiveDue.Location()).Add(12*3600e9))))
	case Upcoming:
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

func agencyName(cat *coord.Catalogue, code string) string {
	return texts.AgencyName(cat, code, coord.LangVI)
}

var weekdayVN = map[int]string{0: "Chủ nhật", 1: "thứ Hai", 2: "thứ Ba", 3: "thứ Tư", 4: "thứ Năm", 5: "thứ Sáu", 6: "thứ Bảy"}

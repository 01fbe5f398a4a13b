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

	txtReqReminder = msg{
		VI: "⚠️ Yêu cầu phối hợp #%d đã quá hạn trả lời (hạn %s, quá %d ngày làm việc).\nTừ: %s\nNội dung: %s\nĐề nghị nhận xử lý và trả lời (/reply %d <nội dung>), hoặc từ chối có nêu lý do (/decline %d <lý do>) theo Điều 4.3 Quy chế.",
		EN: "⚠️ Coordination request #%d is overdue (due %s, %d working day(s) late).\nFrom: %s\nSubject: %s\nPlease accept and answer it (/reply %d <text>), or decline it with a reason (/decline %d <reason>), as Article 4.3 of the regulation requires.",
	}
	txtEscalation = msg{
		VI: "📣 Báo cáo cơ quan chủ trì (Điều 17.2): yêu cầu phối hợp #%d của %s gửi %s đã quá hạn %d ngày làm việc (hạn %s), trạng thái: %s.\nNội dung: %s",
		EN: "📣 For the coordinating agency (Article 17.2): coordination request #%d from %s to %s is %d working day(s) overdue (due %s), state: %s.\nSubject: %s",
	}
	// txtRemindEvent is the text of a reminder or escalation in a request's
	// history, which every side reads.
	txtRemindEvent = "quá hạn %d ngày làm việc"
)

var stateNames = map[coord.RequestState]msg{
	coord.ReqOpen:      {VI: "chờ tiếp nhận", EN: "awaiting acceptance"},
	coord.ReqAccepted:  {VI: "đang xử lý", EN: "in progress"},
	coord.ReqAnswered:  {VI: "đã trả lời", EN: "answered"},
	coord.ReqDeclined:  {VI: "đã từ chối", EN: "declined"},
	coord.ReqCancelled: {VI: "đã hủy", EN: "cancelled"},
}

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
	if a, ok := cat.Agency(code); ok {
		return a.Name
	}
	return code
}

func requestReminderText(r coord.Request, cat *coord.Catalogue, late int, lang coord.Lang) string {
	return txtReqReminder.In(lang, r.ID, r.Due.VN(), late, agencyName(cat, r.From), r.Subject, r.ID, r.ID)
}

func escalationText(r coord.Request, cat *coord.Catalogue, late int, lang coord.Lang) string {
	return txtEscalation.In(lang, r.ID, agencyName(cat, r.From), agencyName(cat, r.To), late, r.Due.VN(), stateNames[r.State].In(lang), r.Subject)
}

var weekdayVN = map[int]string{0: "Chủ nhật", 1: "thứ Hai", 2: "thứ Ba", 3: "thứ Tư", 4: "thứ Năm", 5: "thứ Sáu", 6: "thứ Bảy"}

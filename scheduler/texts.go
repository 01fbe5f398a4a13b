package scheduler

import (
	"fmt"
	"strings"

	"github.com/bacgiang/fwbot/coord"
)

// Everything the scheduler posts goes into agencies' groups, which read
// Vietnamese.

func periodName(p coord.Period) string {
	if p.IsZero() {
		return "không theo kỳ"
	}
	return p.String() + " (" + p.VN() + ")"
}

// dueText says by when: the effective due's last day, and the regulation's
// own day where they differ.
func dueText(dl coord.Deadline) string {
	text := "hết ngày " + dl.LastDay().VN()
	if dl.Extended() {
		text += fmt.Sprintf(" (theo Quy chế: trước ngày %s; được kéo dài vì trùng ngày nghỉ)", coord.DateOf(dl.Due).VN())
	}
	return text
}

func reminderText(r Reminder, ob coord.Obligation, day coord.Date) string {
	var b strings.Builder
	switch r.Kind {
	case Overdue:
		b.WriteString("⚠️ Báo cáo quá hạn chưa nộp\n")
	case LastDay:
		b.WriteString("⏰ Hôm nay là ngày cuối cùng nộp báo cáo\n")
	default:
		b.WriteString("🔔 Nhắc hạn nộp báo cáo\n")
	}
	fmt.Fprintf(&b, "Báo cáo %s — %s\nKỳ: %s\nHạn nộp: %s\n", ob.ID, ob.Title, periodName(r.Deadline.Period), dueText(r.Deadline))
	switch r.Kind {
	case Overdue:
		fmt.Fprintf(&b, "Đã trễ hạn %d ngày.\n", r.Deadline.LateDays(day.At(r.Deadline.EffectiveDue.Location()).Add(12*3600e9)))
	case Upcoming:
		left := 0
		for d := day; d.Before(r.Deadline.LastDay()); d = d.AddDays(1) {
			left++
		}
		fmt.Fprintf(&b, "Còn %d ngày.\n", left)
	}
	fmt.Fprintf(&b, "Cách nộp: gửi tệp báo cáo cho bot kèm chú thích /submit %s %s", ob.ID, r.Deadline.Period)
	if ob.NilAllowed {
		fmt.Fprintf(&b, "; nếu trong kỳ không phát sinh, gửi /nil %s %s", ob.ID, r.Deadline.Period)
	}
	b.WriteString(".")
	return b.String()
}

func agencyName(cat *coord.Catalogue, code string) string {
	if a, ok := cat.Agency(code); ok {
		return a.Name
	}
	return code
}

func requestReminderText(r coord.Request, cat *coord.Catalogue, late int) string {
	return fmt.Sprintf("⚠️ Yêu cầu phối hợp #%d đã quá hạn trả lời (%s, quá %d ngày làm việc).\nTừ: %s\nNội dung: %s\n"+
		"Đề nghị nhận xử lý và trả lời (/reply %d <nội dung>), hoặc từ chối có nêu lý do (/decline %d <lý do>) theo Điều 4.3 Quy chế.",
		r.ID, r.Due.VN(), late, agencyName(cat, r.From), r.Subject, r.ID, r.ID)
}

func escalationText(r coord.Request, cat *coord.Catalogue, late int) string {
	return fmt.Sprintf("📣 Báo cáo cơ quan chủ trì (Điều 17.2): yêu cầu phối hợp #%d của %s gửi %s đã quá hạn %d ngày làm việc (hạn %s), trạng thái: %s.\nNội dung: %s",
		r.ID, agencyName(cat, r.From), agencyName(cat, r.To), late, r.Due.VN(), stateName(r.State), r.Subject)
}

func stateName(s coord.RequestState) string {
	switch s {
	case coord.ReqOpen:
		return "chờ tiếp nhận"
	case coord.ReqAccepted:
		return "đang xử lý"
	case coord.ReqAnswered:
		return "đã trả lời"
	case coord.ReqDeclined:
		return "đã từ chối"
	}
	return "đã hủy"
}

var weekdayVN = map[int]string{0: "Chủ nhật", 1: "thứ Hai", 2: "thứ Ba", 3: "thứ Tư", 4: "thứ Năm", 5: "thứ Sáu", 6: "thứ Bảy"}

package texts

import (
	"fmt"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// InspKindName is the kind of plan with its clause ("kiểm tra chuyên đề
// (Điều 5.2)").
func InspKindName(cat *coord.Catalogue, k coord.InspectionKind, lang coord.Lang) string {
	duty := coord.ClauseThematicInspection
	if k == coord.InspAnnual {
		duty = coord.ClauseAnnualInspection
	}
	return inspKindNames[k].In(lang) + Cite(cat, duty, lang)
}

// Words of inspection plans (spec §9).
var (
	inspKindNames = map[coord.InspectionKind]Msg{
		coord.InspAnnual:   {VI: "kiểm tra liên ngành hằng năm", EN: "annual interagency inspection"},
		coord.InspThematic: {VI: "kiểm tra chuyên đề", EN: "thematic inspection"},
	}
	InspStateNames = map[coord.InspectionState]Msg{
		coord.InspDraft:      {VI: "dự thảo", EN: "draft"},
		coord.InspIssued:     {VI: "đã ban hành", EN: "issued"},
		coord.InspInProgress: {VI: "đang kiểm tra", EN: "in progress"},
		coord.InspConcluded:  {VI: "đã kết thúc", EN: "concluded"},
	}
	txtInspCard = Msg{
		VI: "📋 Kế hoạch kiểm tra số %d — %s\n«%s»\nCăn cứ: %s\nCơ quan chủ trì: %s\nCơ quan phối hợp: %s\nĐối tượng kiểm tra:\n%s\n\nĐề nghị cơ quan xác nhận tham gia và cử người tham gia đoàn, hoặc nêu lý do không tham gia.",
		EN: "📋 Inspection plan %d — %s\n«%s»\nBasis: %s\nLead: %s\nMembers: %s\nEmployers to inspect:\n%s\n\nPlease confirm your agency takes part and name its people, or give the reason it does not.",
	}
	txtInspTargetLine   = Msg{VI: "%d. %s (MST %s), %s%s — ngày %s", EN: "%d. %s (tax code %s), %s%s — on %s"}
	txtInspJoined       = Msg{VI: "✅ %s (%s) xác nhận tham gia kế hoạch kiểm tra số %d; người tham gia: %s", EN: "✅ %s (%s) takes part in inspection plan %d; people: %s"}
	txtInspDeclined     = Msg{VI: "❌ %s (%s) không tham gia kế hoạch kiểm tra số %d. Lý do: %s", EN: "❌ %s (%s) does not take part in inspection plan %d. Reason: %s"}
	txtInspConcludedMsg = Msg{
		VI: "🏁 Kế hoạch kiểm tra số %d «%s» đã kết thúc: %d doanh nghiệp đã kiểm tra, %d doanh nghiệp có vi phạm. Xem chi tiết: /inspection %d",
		EN: "🏁 Inspection plan %d «%s» is concluded: %d employers inspected, %d with violations. Details: /inspection %d",
	}
	txtInspPostponedMsg = Msg{
		VI: "📅 Kế hoạch kiểm tra số %d: hoãn kiểm tra %s từ ngày %s sang ngày %s. Lý do: %s",
		EN: "📅 Inspection plan %d: %s postponed from %s to %s. Reason: %s",
	}
	txtInspRemindBefore = Msg{
		VI: "⏰ Nhắc lịch: còn %d ngày làm việc đến ngày kiểm tra %s (%s) theo kế hoạch số %d «%s».",
		EN: "⏰ Reminder: %d working days until the inspection of %s (%s) under plan %d «%s».",
	}
	txtInspRemindResult = Msg{
		VI: "⏰ Kế hoạch kiểm tra số %[4]d: đã quá ngày kiểm tra %[2]s (%[3]s) %[1]d ngày làm việc mà chưa có kết quả. Hãy ghi kết quả: /inspection result %[4]d %[5]d ok hoặc /inspection result %[4]d %[5]d violations <số NLĐ> <mô tả>, hoặc hoãn: /inspection postpone %[4]d %[5]d <dd/mm/yyyy> <lý do>",
		EN: "⏰ Inspection plan %[4]d: %[1]d working days past the inspection of %[2]s (%[3]s) and no result. Record it: /inspection result %[4]d %[5]d ok or /inspection result %[4]d %[5]d violations <workers> <what>, or postpone: /inspection postpone %[4]d %[5]d <dd/mm/yyyy> <reason>",
	}
	txtInspNoAnswer = Msg{VI: "chưa trả lời", EN: "no answer yet"}
	txtInspJoinAns  = Msg{VI: "tham gia: %s", EN: "takes part: %s"}
	txtInspDeclAns  = Msg{VI: "không tham gia — lý do: %s", EN: "not taking part — reason: %s"}
)

// InspectionTargetLine is one target of a plan, numbered from 1.
func InspectionTargetLine(n int, t coord.InspectionTarget, lang coord.Lang) string {
	zone := ""
	if t.Zone != "" {
		zone = ", " + t.Zone
	}
	return txtInspTargetLine.In(lang, n, t.Employer, t.TaxCode, t.Address, zone, t.Planned.VN())
}

// InspectionCard is the plan as a member agency gets it.
func InspectionCard(cat *coord.Catalogue, p coord.Inspection, lang coord.Lang) string {
	var members, targets []string
	for _, m := range p.Members {
		members = append(members, AgencyName(cat, m.Agency, lang))
	}
	for i, t := range p.Targets {
		if i == 30 {
			targets = append(targets, fmt.Sprintf("… (+%d)", len(p.Targets)-30))
			break
		}
		targets = append(targets, InspectionTargetLine(i+1, t, lang))
	}
	return txtInspCard.In(lang, p.ID, InspKindName(cat, p.Kind, lang), p.Title, p.Basis, AgencyName(cat, p.Lead, lang),
		strings.Join(members, ", "), strings.Join(targets, "\n"))
}

// InspectionAnswerText is a member's answer as the plan's view shows it.
func InspectionAnswerText(m coord.InspectionMember, lang coord.Lang) string {
	switch m.Answer {
	case coord.AnswerJoin:
		return txtInspJoinAns.In(lang, m.Text)
	case coord.AnswerDecline:
		return txtInspDeclAns.In(lang, m.Text)
	}
	return txtInspNoAnswer.In(lang)
}

// InspectionAnswered tells the lead how a member answered.
func InspectionAnswered(cat *coord.Catalogue, p coord.Inspection, agency, who string, a coord.MemberAnswer, text string, lang coord.Lang) string {
	if a == coord.AnswerDecline {
		return txtInspDeclined.In(lang, AgencyName(cat, agency, lang), who, p.ID, text)
	}
	return txtInspJoined.In(lang, AgencyName(cat, agency, lang), who, p.ID, text)
}

// InspectionConcluded tells everyone the plan is over.
func InspectionConcluded(cat *coord.Catalogue, p coord.Inspection, lang coord.Lang) string {
	done, bad := p.Tally()
	return txtInspConcludedMsg.In(lang, p.ID, p.Title, done, bad, p.ID)
}

// InspectionPostponed tells the parties a target's new date.
func InspectionPostponed(cat *coord.Catalogue, p coord.Inspection, n int, old coord.Date, reason string, lang coord.Lang) string {
	t := p.Targets[n-1]
	return txtInspPostponedMsg.In(lang, p.ID, t.Employer, old.VN(), t.Planned.VN(), reason)
}

// InspectionReminder is a reminder before a target's day (before), or to
// record its result after it.
func InspectionReminder(cat *coord.Catalogue, p coord.Inspection, n int, before bool, days int, lang coord.Lang) string {
	t := p.Targets[n-1]
	if before {
		return txtInspRemindBefore.In(lang, days, t.Employer, t.Planned.VN(), p.ID, p.Title)
	}
	return txtInspRemindResult.In(lang, days, t.Employer, t.Planned.VN(), p.ID, n)
}

var (
	txtDutyPlan     = Msg{VI: "lập kế hoạch kiểm tra liên ngành năm %d%s", EN: "make the %d interagency inspection plan%s"}
	txtDutyConclude = Msg{VI: "hoàn thành kiểm tra liên ngành năm %d%s", EN: "conclude the %d interagency inspection%s"}
	txtDutyUpcoming = Msg{VI: "⏰ Còn %[3]d ngày làm việc đến hạn %[1]s (hạn %[2]s).\n%[4]s", EN: "⏰ %[3]d working days left to %[1]s (due %[2]s).\n%[4]s"}
	txtDutyLastDay  = Msg{VI: "⏰ Hôm nay là hạn cuối %[1]s (hạn %[2]s).\n%[4]s", EN: "⏰ Today is the last day to %[1]s (due %[2]s).\n%[4]s"}
	txtDutyOverdue  = Msg{VI: "⚠️ Quá hạn %[3]d ngày làm việc: chưa %[1]s (hạn %[2]s).\n%[4]s", EN: "⚠️ %[3]d working days overdue: not yet done: %[1]s (due %[2]s).\n%[4]s"}
)

// AnnualDutyReminder reminds the coordinator of the annual inspection.
func AnnualDutyReminder(cat *coord.Catalogue, year int, due coord.Date, plan bool, kind string, n int, status string, lang coord.Lang) string {
	cite := Cite(cat, coord.ClauseAnnualInspection, lang)
	what := txtDutyConclude.In(lang, year, cite)
	if plan {
		what = txtDutyPlan.In(lang, year, cite)
	}
	m := txtDutyUpcoming
	switch kind {
	case "lastday":
		m = txtDutyLastDay
	case "overdue":
		m = txtDutyOverdue
	}
	return m.In(lang, what, due.VN(), n, status)
}

var (
	txtFileInspections    = Msg{VI: "kiem-tra-%d", EN: "inspections-%d"}
	txtSheetInspections   = Msg{VI: "Kiểm tra", EN: "Inspections"}
	txtCaptionInspections = Msg{
		VI: "Kế hoạch kiểm tra năm %d (%s): %d kế hoạch, %d doanh nghiệp. Lập lúc %s.",
		EN: "Inspection plans of %d (%s): %d plans, %d employers. Made at %s.",
	}
	inspColumns = []Msg{
		{VI: "Số KH", EN: "Plan"}, {VI: "Loại", EN: "Kind"}, {VI: "Tên kế hoạch", EN: "Title"}, {VI: "Chủ trì", EN: "Lead"},
		{VI: "Trạng thái KH", EN: "Plan state"}, {VI: "Cơ quan phối hợp", EN: "Members"}, {VI: "STT DN", EN: "Employer #"},
		{VI: "Tên doanh nghiệp", EN: "Employer"}, {VI: "Mã số thuế", EN: "Tax code"}, {VI: "Địa chỉ", EN: "Address"},
		{VI: "Khu công nghiệp", EN: "Industrial zone"}, {VI: "Ngày dự kiến", EN: "Planned"}, {VI: "Kết quả", EN: "Result"},
		{VI: "Số NLĐ vi phạm", EN: "Workers concerned"}, {VI: "Nội dung vi phạm", EN: "Violation"}, {VI: "Ngày ghi kết quả", EN: "Recorded"},
	}
	txtResPlanned   = Msg{VI: "chưa kiểm tra", EN: "not yet inspected"}
	txtResCompliant = Msg{VI: "chấp hành", EN: "compliant"}
	txtResViolation = Msg{VI: "vi phạm", EN: "violations"}
)

// InspectionsSheet is one row per target of the plans, with its plan.
func InspectionsSheet(cat *coord.Catalogue, plans []coord.Inspection, loc *time.Location, lang coord.Lang) coord.Sheet {
	sh := coord.Sheet{Name: txtSheetInspections.In(lang)}
	for _, c := range inspColumns {
		sh.Columns = append(sh.Columns, coord.Column{Header: c.In(lang), Width: 18})
	}
	for _, p := range plans {
		var members []string
		for _, m := range p.Members {
			members = append(members, AgencyName(cat, m.Agency, lang)+": "+InspectionAnswerText(m, lang))
		}
		for i, t := range p.Targets {
			res, workers, finding, done := txtResPlanned.In(lang), coord.Cell{}, coord.Cell{}, coord.Cell{}
			if t.State == coord.TargetDone {
				res, done = txtResCompliant.In(lang), coord.TimeCell(t.DoneAt.In(loc))
				if t.Violations {
					res, workers, finding = txtResViolation.In(lang), coord.IntCell(t.Workers), coord.TextCell(t.Finding)
				}
			}
			sh.Rows = append(sh.Rows, []coord.Cell{coord.IntCell(int(p.ID)), coord.TextCell(InspKindName(cat, p.Kind, lang)),
				coord.TextCell(p.Title), coord.TextCell(AgencyName(cat, p.Lead, lang)), coord.TextCell(InspStateNames[p.State].In(lang)),
				coord.TextCell(strings.Join(members, "; ")), coord.IntCell(i + 1), coord.TextCell(t.Employer), coord.TextCell(t.TaxCode),
				coord.TextCell(t.Address), coord.TextCell(t.Zone), coord.DateCell(t.Planned), coord.TextCell(res), workers, finding, done})
		}
	}
	return sh
}

// InspectionsCaption is the caption of the inspections export.
func InspectionsCaption(year int, scope string, plans, targets int, made time.Time, loc *time.Location, lang coord.Lang) string {
	return txtCaptionInspections.In(lang, year, scope, plans, targets, LocalTime(made, loc))
}

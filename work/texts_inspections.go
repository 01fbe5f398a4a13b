package work

import (
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// Words of the inspection use cases.
var (
	txtInspUsage = texts.Msg{
		VI: "Cú pháp: gửi tệp danh sách doanh nghiệp (.xlsx hoặc .csv) kèm chú thích /inspection new annual|thematic <cơ quan phối hợp, cách nhau bởi dấu phẩy> <tên kế hoạch>. Mẫu tệp: /inspection template",
		EN: "Usage: send the employers file (.xlsx or .csv) captioned /inspection new annual|thematic <member agencies, comma-separated> <plan title>. Template: /inspection template",
	}
	txtInspAnnualLead = texts.Msg{
		VI: "Kế hoạch kiểm tra liên ngành hằng năm%s do %s chủ trì. Cơ quan bạn có thể lập kế hoạch kiểm tra chuyên đề (thematic).",
		EN: "The annual interagency inspection%s is led by %s. Your agency can make a thematic plan.",
	}
	txtInspUnknownAgency = texts.Msg{VI: "Không có cơ quan mã %q.", EN: "There is no agency %q."}
	txtInspNoMembers     = texts.Msg{
		VI: "Kế hoạch cần ít nhất một cơ quan phối hợp khác cơ quan chủ trì, ví dụ: %s",
		EN: "A plan needs at least one member agency besides the lead, e.g. %s",
	}
	txtInspNotFound  = texts.Msg{VI: "Không có kế hoạch kiểm tra số %d.", EN: "There is no inspection plan %d."}
	txtInspNotMember = texts.Msg{
		VI: "%[2]s không phải là cơ quan phối hợp của kế hoạch kiểm tra số %[1]d.",
		EN: "%[2]s is not a member agency of inspection plan %[1]d.",
	}
	txtInspNotParty = texts.Msg{
		VI: "Kế hoạch kiểm tra số %d do %s chủ trì; cơ quan của bạn không tham gia kế hoạch này.",
		EN: "Inspection plan %d is led by %s; your agency is not part of it.",
	}
	txtInspOtherMember = texts.Msg{
		VI: "Chỉ cán bộ của %s mới trả lời được thay cho cơ quan này về kế hoạch kiểm tra số %d.",
		EN: "Only officers of %s may answer for that agency on inspection plan %d.",
	}
	txtInspConcluded = texts.Msg{VI: "Kế hoạch kiểm tra số %d đã kết thúc.", EN: "Inspection plan %d is concluded."}
	txtInspOnlyLead  = texts.Msg{
		VI: "Chỉ cán bộ của %s (cơ quan chủ trì) mới ghi kết quả hoặc hoãn kiểm tra của kế hoạch số %d.",
		EN: "Only officers of %s (the lead agency) may record results or postpone in plan %d.",
	}
	txtInspNoTarget = texts.Msg{
		VI: "Kế hoạch số %d không có doanh nghiệp thứ %d (có %d doanh nghiệp).",
		EN: "Plan %d has no employer number %d (it has %d).",
	}
	txtInspTargetDone = texts.Msg{
		VI: "Doanh nghiệp thứ %d của kế hoạch số %d đã có kết quả kiểm tra.",
		EN: "Employer %d of plan %d already has a result.",
	}
	txtInspDeclineNeedsReason = texts.Msg{
		VI: "Không tham gia kiểm tra phải nêu rõ lý do %s. Hãy gửi: /inspection decline %d <lý do>",
		EN: "Not taking part must state a reason %s. Send: /inspection decline %d <reason>",
	}
	txtInspJoinNeedsNames = texts.Msg{
		VI: "Hãy ghi tên người tham gia đoàn kiểm tra: /inspection join %d <họ tên, chức vụ>",
		EN: "Name who takes part in the inspection team: /inspection join %d <names, titles>",
	}
	// TxtInspResultUsage is also said by the handlers on a malformed result.
	TxtInspResultUsage = texts.Msg{
		VI: "Cú pháp: /inspection result %d %d ok, hoặc /inspection result %d %d violations <số NLĐ nước ngoài> <mô tả vi phạm> (có thể gửi kèm biên bản làm tệp).",
		EN: "Usage: /inspection result %d %d ok, or /inspection result %d %d violations <number of foreign workers> <what was found> (the minutes may be attached as a file).",
	}
	txtInspPostponeUsage = texts.Msg{
		VI: "Cú pháp: /inspection postpone %d %d <dd/mm/yyyy> <lý do hoãn>",
		EN: "Usage: /inspection postpone %d %d <dd/mm/yyyy> <reason>",
	}
	txtInspPostponePast = texts.Msg{
		VI: "Ngày kiểm tra mới %s phải sau hôm nay (%s).",
		EN: "The new date %s must be after today (%s).",
	}
	txtInspCompliant      = texts.Msg{VI: "Chấp hành đúng quy định", EN: "Compliant"}
	txtInspViolationEvent = texts.Msg{VI: "Có vi phạm: %d NLĐ nước ngoài — %s", EN: "Violations: %d foreign workers — %s"}
	txtBtnJoin            = texts.Msg{VI: "Tham gia", EN: "Take part"}
	txtBtnDecline         = texts.Msg{VI: "Không tham gia", EN: "Not taking part"}
	txtAnnualNone         = texts.Msg{
		VI: "Kiểm tra liên ngành năm %d%s: chưa có kế hoạch.",
		EN: "Interagency inspection %d%s: no plan yet.",
	}
	txtAnnualLine = texts.Msg{
		VI: "Kiểm tra liên ngành năm %d%s: đã kiểm tra %d/%d doanh nghiệp, phát hiện %d doanh nghiệp vi phạm.",
		EN: "Interagency inspection %d%s: %d/%d employers inspected, %d found in violation.",
	}
)

var txtBasis = texts.Msg{VI: "Điều %s %s", EN: "Article %s of %s"}

// defaultBasis is the legal basis a plan gets when none is given: the
// clause of the regulation, as the documents cite it (in Vietnamese), from
// config.yaml.
func (s *Service) defaultBasis(k coord.InspectionKind) string {
	duty := coord.ClauseThematicInspection
	if k == coord.InspAnnual {
		duty = coord.ClauseAnnualInspection
	}
	reg := texts.RegulationName(s.Catalogue, coord.LangVI)
	if clause := s.Catalogue.Regulation.Clause(duty); clause != "" {
		return txtBasis.In(coord.LangVI, clause, reg)
	}
	return reg
}

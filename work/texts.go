package work

import "github.com/bacgiang/fwbot/texts"

// Refusals of the use cases, worded for the officer who was refused.
var (
	txtRequestSelf = texts.Msg{
		VI: "Không thể gửi yêu cầu phối hợp cho chính cơ quan mình (%s).",
		EN: "You cannot send a coordination request to your own agency (%s).",
	}
	txtRequestSendersOnly = texts.Msg{
		VI: "Chỉ %s mới gửi được yêu cầu «%s». Hãy chọn loại yêu cầu khác.",
		EN: "Only %s may send a request «%s». Choose another request type.",
	}
	txtRequestTargetsOnly = texts.Msg{
		VI: "Yêu cầu «%s» chỉ gửi được tới %s. Hãy bỏ cơ quan khác khỏi danh sách nhận, hoặc chọn loại yêu cầu khác.",
		EN: "A request «%s» can only go to %s. Remove the other agencies from the recipients, or choose another request type.",
	}
	txtRequestUnknownType = texts.Msg{
		VI: "Không có loại yêu cầu «%s». Gõ /request trong trò chuyện riêng với bot để chọn loại yêu cầu.",
		EN: "There is no request type «%s». Send /request in a private chat with the bot to choose one.",
	}
	txtEveryAgency     = texts.Msg{VI: "mọi cơ quan", EN: "every agency"}
	txtRequestExternal = texts.Msg{
		VI: "%s là cơ quan bên ngoài, chỉ nhận báo cáo; không gửi yêu cầu phối hợp tới cơ quan này qua bot được.",
		EN: "%s is an external addressee that only receives reports; coordination requests cannot be sent to it through the bot.",
	}
	txtRequestExternalOnly = texts.Msg{
		VI: "%s chỉ nhận yêu cầu «%s» của %s. Cú pháp: /request %s %s <hạn> <nội dung>",
		EN: "%s only receives requests «%s» from %s. Usage: /request %s %s <due> <subject>",
	}
	// txtActedByAdmin follows the notice of a step an admin took for an
	// external addressee that has no officers of its own.
	txtActedByAdmin = texts.Msg{
		VI: "\n(Quản trị viên %s cập nhật thay cho %s.)",
		EN: "\n(Entered by the administrator %s on behalf of %s.)",
	}
	txtRequestNotFound = texts.Msg{VI: "Không có yêu cầu #%d.", EN: "There is no request #%d."}
	txtRequestNotYours = texts.Msg{
		VI: "Yêu cầu #%d là giữa %s và %s; cơ quan của bạn không tham gia yêu cầu này.",
		EN: "Request #%d is between %s and %s; your agency is not part of it.",
	}
	txtRequestOnlyTarget = texts.Msg{
		VI: "Chỉ cán bộ của %s (cơ quan được yêu cầu) mới %s yêu cầu #%d.",
		EN: "Only officers of %s (the agency asked) may %s request #%d.",
	}
	txtRequestOnlyRequester = texts.Msg{
		VI: "Chỉ cán bộ của %s (cơ quan gửi yêu cầu) mới hủy được yêu cầu #%d.",
		EN: "Only officers of %s (the requesting agency) may cancel request #%d.",
	}
	txtRequestAlready = texts.Msg{
		VI: "Yêu cầu #%d hiện %s nên không thể %s.",
		EN: "Request #%d is %s, so it cannot be %s.",
	}
	txtDeclineNeedsReason = texts.Msg{
		VI: "Từ chối yêu cầu phải nêu rõ lý do bằng văn bản%s. Hãy gửi: /decline %d <lý do>",
		EN: "A decline must state the reason in writing%s. Send: /decline %d <reason>",
	}
	txtAnswerEmpty = texts.Msg{
		VI: "Nội dung trả lời yêu cầu #%d đang trống. Hãy gửi: /reply %d <nội dung>, hoặc gửi tệp kèm chú thích /reply %d <nội dung>.",
		EN: "The answer to request #%d is empty. Send: /reply %d <text>, or a file captioned /reply %d <text>.",
	}
)

// Refusals of submitting and acknowledging reports.
var (
	txtUnknownObligation = texts.Msg{
		VI: "Không có báo cáo mã %q. Các báo cáo của cơ quan bạn: %s.",
		EN: "There is no report %q. Your agency's reports: %s.",
	}
	txtNotYourObligation = texts.Msg{
		VI: "Báo cáo %s do %s nộp; cơ quan của bạn (%s) không có nghĩa vụ này. Các báo cáo của cơ quan bạn: %s.",
		EN: "Report %s is submitted by %s; your agency (%s) does not owe it. Your agency's reports: %s.",
	}
	txtBadPeriod = texts.Msg{
		VI: "%q không phải là kỳ báo cáo hợp lệ. Báo cáo %s nộp %s.",
		EN: "%q is not a valid period. Report %s is due %s.",
	}
	txtPeriodNotBegun = texts.Msg{
		VI: "Kỳ %s chưa bắt đầu: chỉ nộp được từ ngày %s. Hãy chọn kỳ đã bắt đầu.",
		EN: "Period %s has not begun: it can be submitted from %s. Choose a period that has begun.",
	}
	txtPeriodTooOld = texts.Msg{
		VI: "Kỳ %s quá cũ (bot chỉ nhận báo cáo từ năm %d trở đi). Hãy kiểm tra lại năm của kỳ báo cáo.",
		EN: "Period %s is too old (the bot takes reports from %d on). Check the year of the period.",
	}
	txtNoOpenPeriod = texts.Msg{
		VI: "Báo cáo %s không có kỳ nào đang chờ nộp. Nếu muốn nộp bản bổ sung, hãy ghi rõ kỳ, ví dụ: /submit %s %s",
		EN: "Report %s has no period waiting. To send a supplement, name the period, e.g. /submit %s %s",
	}
	txtEventNoPeriod = texts.Msg{
		VI: "Báo cáo %s được gửi khi có thay đổi, không theo kỳ. Hãy gửi: /submit %s (kèm tệp).",
		EN: "Report %s is sent on change, without a period. Send: /submit %s (with the file).",
	}
	// TxtNilNotAllowed is also said by the wizard before it gets this far.
	TxtNilNotAllowed = texts.Msg{
		VI: "Báo cáo %s không cho phép báo cáo «không phát sinh»; hãy nộp tệp báo cáo bằng /submit %s.",
		EN: "Report %s does not allow a nil report; submit the file with /submit %s.",
	}
	txtAckNotRecipient = texts.Msg{
		VI: "Chỉ cán bộ của %s mới xác nhận được báo cáo này.",
		EN: "Only officers of %s can acknowledge this report.",
	}
	txtExportYear = texts.Msg{
		VI: "Không xuất được năm %d: bot theo dõi từ năm %d đến năm %d. Hãy gõ, ví dụ: /export %s %d",
		EN: "Cannot export %d: the bot tracks %d to %d. Type, for example: /export %s %d",
	}
	txtExportOwnAgency = texts.Msg{
		VI: "Bạn chỉ xuất được dữ liệu của cơ quan mình (%s); quản trị viên mới xuất được của cơ quan khác hoặc toàn tỉnh. Hãy gõ: /export %s %d",
		EN: "You can export only your own agency's data (%s); administrators export other agencies' or the whole province's. Type: /export %s %d",
	}
)

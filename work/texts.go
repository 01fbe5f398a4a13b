package work

import "github.com/bacgiang/fwbot/texts"

// Refusals of the use cases, worded for the officer who was refused.
var (
	txtRequestSelf = texts.Msg{
		VI: "Không thể gửi yêu cầu phối hợp cho chính cơ quan mình (%s).",
		EN: "You cannot send a coordination request to your own agency (%s).",
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
		VI: "Từ chối yêu cầu phải nêu rõ lý do bằng văn bản (Điều 4.3 Quy chế). Hãy gửi: /decline %d <lý do>",
		EN: "A decline must state the reason in writing (Article 4.3). Send: /decline %d <reason>",
	}
	txtAnswerEmpty = texts.Msg{
		VI: "Nội dung trả lời yêu cầu #%d đang trống. Hãy gửi: /reply %d <nội dung>, hoặc gửi tệp kèm chú thích /reply %d <nội dung>.",
		EN: "The answer to request #%d is empty. Send: /reply %d <text>, or a file captioned /reply %d <text>.",
	}
)

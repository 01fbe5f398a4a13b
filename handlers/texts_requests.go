package handlers

import "github.com/bacgiang/fwbot/coord"

// Names of request types and states as officers read them.
var (
	requestTypeNames = map[coord.RequestType]Msg{
		coord.ReqInfo:     {VI: "Cung cấp thông tin, tài liệu (Điều 17.1)", EN: "Information or documents (17.1)"},
		coord.ReqRecord:   {VI: "Tra cứu lý lịch tư pháp (Điều 8.5)", EN: "Criminal-record look-up (8.5)"},
		coord.ReqVerify:   {VI: "Xác minh hồ sơ (Điều 8.7)", EN: "Dossier verification (8.7)"},
		coord.ReqWTO:      {VI: "Xác định người di chuyển trong nội bộ doanh nghiệp theo cam kết WTO (Điều 8.6, 13.1)", EN: "WTO intra-corporate transferees (8.6, 13.1)"},
		coord.ReqConsular: {VI: "Hỗ trợ hợp pháp hóa lãnh sự (Điều 9.2)", EN: "Consular legalisation support (9.2)"},
		coord.ReqOther:    {VI: "Khác", EN: "Other"},
	}
	requestStateNames = map[coord.RequestState]Msg{
		coord.ReqOpen:      {VI: "chờ tiếp nhận", EN: "waiting"},
		coord.ReqAccepted:  {VI: "đang xử lý", EN: "in progress"},
		coord.ReqAnswered:  {VI: "đã trả lời", EN: "answered"},
		coord.ReqDeclined:  {VI: "đã từ chối", EN: "declined"},
		coord.ReqCancelled: {VI: "đã hủy", EN: "cancelled"},
	}
	requestActionNames = map[coord.RequestAction]Msg{
		coord.ActCreate:   {VI: "tạo yêu cầu", EN: "created"},
		coord.ActAccept:   {VI: "nhận xử lý", EN: "accepted"},
		coord.ActDecline:  {VI: "từ chối", EN: "declined"},
		coord.ActAnswer:   {VI: "trả lời", EN: "answered"},
		coord.ActCancel:   {VI: "hủy yêu cầu", EN: "cancelled"},
		coord.ActComment:  {VI: "trao đổi", EN: "commented"},
		coord.ActRemind:   {VI: "nhắc quá hạn", EN: "overdue reminder"},
		coord.ActEscalate: {VI: "báo cáo cơ quan chủ trì", EN: "escalated to the coordinator"},
	}
)

// Texts of coordination requests.
var (
	txtRequestUsage = Msg{
		VI: "Cú pháp: /request <cơ quan>[,<cơ quan>…] <hạn> <nội dung yêu cầu>\nVí dụ: /request congan,tuphap 2027-03-15 Đề nghị tra cứu lý lịch tư pháp của ông John Smith\nHạn ghi dạng YYYY-MM-DD hoặc DD/MM/YYYY. Gửi /request để được hướng dẫn từng bước; /request <số> để xem một yêu cầu.",
		EN: "Usage: /request <agency>[,<agency>…] <due> <subject>\nExample: /request congan,tuphap 2027-03-15 Criminal-record look-up for Mr John Smith\nDue as YYYY-MM-DD or DD/MM/YYYY. Send /request for a step-by-step guide; /request <number> to see one request.",
	}
	txtRequestBadDue = Msg{
		VI: "Hạn %q không hợp lệ. Hãy ghi ngày dạng YYYY-MM-DD hoặc DD/MM/YYYY, từ hôm nay (%s) đến tối đa một năm sau.",
		EN: "The due date %q is not valid. Write YYYY-MM-DD or DD/MM/YYYY, from today (%s) to at most one year ahead.",
	}
	txtRequestSelf = Msg{
		VI: "Không thể gửi yêu cầu phối hợp cho chính cơ quan mình (%s).",
		EN: "You cannot send a coordination request to your own agency (%s).",
	}
	txtRequestCreated = Msg{
		VI: "✅ Đã gửi yêu cầu phối hợp:\n%s\nHạn trả lời: %s.",
		EN: "✅ Coordination request sent:\n%s\nAnswer due: %s.",
	}
	txtRequestCreatedLine = Msg{VI: "#%d → %s (%s)", EN: "#%d → %s (%s)"}
	txtRequestUnreachable = Msg{
		VI: "chưa gửi được: cơ quan chưa có nhóm liên kết và cán bộ ghi danh; yêu cầu vẫn được lưu",
		EN: "not delivered: the agency has no bound group and no enrolled officer; the request is stored",
	}
	txtRequestCard = Msg{
		VI: "📨 Yêu cầu phối hợp #%d\nLoại: %s\nTừ: %s\nGửi: %s\nNội dung: %s%s\nHạn trả lời: %s%s\nTrạng thái: %s",
		EN: "📨 Coordination request #%d\nType: %s\nFrom: %s\nTo: %s\nSubject: %s%s\nAnswer due: %s%s\nState: %s",
	}
	txtRequestDetails    = Msg{VI: "\nChi tiết: %s", EN: "\nDetails: %s"}
	txtRequestFiles      = Msg{VI: "\nTệp đính kèm: %d (gửi kèm ở trên)", EN: "\nAttachments: %d (sent above)"}
	txtRequestOverdue    = Msg{VI: " ⚠️ quá hạn", EN: " ⚠️ overdue"}
	txtRequestCardFooter = Msg{
		VI: "\n\nNhận xử lý, từ chối (phải nêu lý do) hoặc trả lời bằng các nút bên dưới, hoặc /accept %d, /decline %d <lý do>, /reply %d <nội dung>. Trả lời (reply) tin nhắn này để trao đổi thêm.",
		EN: "\n\nAccept, decline (with a reason) or answer with the buttons below, or /accept %d, /decline %d <reason>, /reply %d <text>. Reply to this message to comment.",
	}
	btnReqAccept  = Msg{VI: "Nhận xử lý", EN: "Accept"}
	btnReqDecline = Msg{VI: "Từ chối", EN: "Decline"}
	btnReqAnswer  = Msg{VI: "Trả lời", EN: "Answer"}

	txtRequestNotFound  = Msg{VI: "Không có yêu cầu #%d.", EN: "There is no request #%d."}
	txtRequestBadNumber = Msg{
		VI: "Hãy ghi số yêu cầu, ví dụ: /%s 12",
		EN: "Give the request number, e.g. /%s 12",
	}
	txtRequestDetailsPrivate = Msg{
		VI: "Chi tiết và tệp của yêu cầu #%d chỉ được gửi trong trò chuyện riêng với bot hoặc trong nhóm của cơ quan gửi hay cơ quan nhận yêu cầu. Hãy mở trò chuyện riêng với @%s và gửi lại lệnh ở đó.",
		EN: "The details and files of request #%d are shown only in a private chat with the bot or in the group of the requesting or requested agency. Open a private chat with @%s and send the command there.",
	}
	txtRequestsAllPrivate = Msg{
		VI: "Danh sách mọi yêu cầu đang mở chỉ xem được trong trò chuyện riêng với bot. Hãy mở trò chuyện riêng với @%s và gửi /requests all ở đó.",
		EN: "The list of every open request is shown only in a private chat with the bot. Open a private chat with @%s and send /requests all there.",
	}
	txtRequestsElsewhere = Msg{
		VI: "Danh sách yêu cầu của %s chỉ xem được trong nhóm của cơ quan mình hoặc trong trò chuyện riêng với bot (@%s), không phải trong nhóm này.",
		EN: "The requests of %s are shown only in your agency's own group or in a private chat with the bot (@%s), not in this group.",
	}
	txtRequestNotYours = Msg{
		VI: "Yêu cầu #%d là giữa %s và %s; cơ quan của bạn không tham gia yêu cầu này.",
		EN: "Request #%d is between %s and %s; your agency is not part of it.",
	}
	txtRequestOnlyTarget = Msg{
		VI: "Chỉ cán bộ của %s (cơ quan được yêu cầu) mới %s yêu cầu #%d.",
		EN: "Only officers of %s (the agency asked) may %s request #%d.",
	}
	txtRequestOnlyRequester = Msg{
		VI: "Chỉ cán bộ của %s (cơ quan gửi yêu cầu) mới hủy được yêu cầu #%d.",
		EN: "Only officers of %s (the requesting agency) may cancel request #%d.",
	}
	txtRequestAlready = Msg{
		VI: "Yêu cầu #%d hiện %s nên không thể %s.",
		EN: "Request #%d is %s, so it cannot be %s.",
	}
	txtDeclineNeedsReason = Msg{
		VI: "Từ chối yêu cầu phải nêu rõ lý do bằng văn bản (Điều 4.3 Quy chế). Hãy gửi: /decline %d <lý do>",
		EN: "A decline must state the reason in writing (Article 4.3). Send: /decline %d <reason>",
	}
	txtAskDeclineReason = Msg{
		VI: "Nhập lý do từ chối yêu cầu #%d (trả lời tin nhắn này). Theo Điều 4.3, việc từ chối phải nêu rõ lý do. Gửi /cancel để thôi.",
		EN: "Type the reason for declining request #%d (reply to this message). Article 4.3 requires a written reason. Send /cancel to stop.",
	}
	txtAskAnswer = Msg{
		VI: "Nhập nội dung trả lời yêu cầu #%d (trả lời tin nhắn này); có thể gửi kèm tệp, chú thích của tệp là nội dung trả lời. Gửi /cancel để thôi.",
		EN: "Type the answer to request #%d (reply to this message); you may attach files, their caption being the answer. Send /cancel to stop.",
	}
	txtAnswerEmpty = Msg{
		VI: "Nội dung trả lời yêu cầu #%d đang trống. Hãy gửi: /reply %d <nội dung>, hoặc gửi tệp kèm chú thích /reply %d <nội dung>.",
		EN: "The answer to request #%d is empty. Send: /reply %d <text>, or a file captioned /reply %d <text>.",
	}
	txtReqDoneActor = Msg{VI: "Đã %s yêu cầu #%d.", EN: "Request #%d: %s."}
	txtReqNotice    = Msg{
		VI: "🔔 Yêu cầu phối hợp #%d (%s): %s đã %s.%s",
		EN: "🔔 Coordination request #%d (%s): %s %s.%s",
	}
	txtReqNoticeReason  = Msg{VI: "\nLý do: %s", EN: "\nReason: %s"}
	txtReqNoticeAnswer  = Msg{VI: "\nNội dung trả lời: %s", EN: "\nAnswer: %s"}
	txtReqNoticeComment = Msg{VI: "\n%s: %s", EN: "\n%s: %s"}
	txtReqNoticeFiles   = Msg{VI: "\nTệp kèm theo: %d (gửi kèm).", EN: "\nFiles: %d (attached)."}
	txtCommentRelayed   = Msg{VI: "Đã chuyển ý kiến tới %s.", EN: "Comment passed on to %s."}

	txtRequestsHeader   = Msg{VI: "Yêu cầu phối hợp — %s", EN: "Coordination requests — %s"}
	txtRequestsIncoming = Msg{VI: "Nhận được:", EN: "Incoming:"}
	txtRequestsOutgoing = Msg{VI: "Đã gửi:", EN: "Outgoing:"}
	txtRequestsAll      = Msg{VI: "Tất cả yêu cầu chưa đóng:", EN: "All open requests:"}
	txtRequestsNone     = Msg{VI: "(không có)", EN: "(none)"}
	txtRequestLine      = Msg{VI: "#%d [%s] %s → %s, hạn %s%s — %s", EN: "#%d [%s] %s → %s, due %s%s — %s"}
	txtRequestsFooter   = Msg{VI: "Gửi /request <số> để xem chi tiết và lịch sử.", EN: "Send /request <number> for details and history."}
	txtRequestHistory   = Msg{VI: "Lịch sử:", EN: "History:"}
	txtHistoryLine      = Msg{VI: "• %s — %s (%s): %s", EN: "• %s — %s (%s): %s"}
	txtSystemActor      = Msg{VI: "hệ thống", EN: "system"}

	txtReqWizType    = Msg{VI: "Tạo yêu cầu phối hợp: chọn loại yêu cầu.", EN: "New coordination request: choose its type."}
	txtReqWizTargets = Msg{
		VI: "Chọn cơ quan được yêu cầu (có thể chọn nhiều; mỗi cơ quan nhận một yêu cầu riêng), rồi bấm «Xong».\nĐã chọn: %s",
		EN: "Choose the agencies asked (several allowed; each gets its own request), then press «Done».\nChosen: %s",
	}
	txtReqWizNeedTarget = Msg{VI: "Hãy chọn ít nhất một cơ quan.", EN: "Choose at least one agency."}
	txtReqWizSubject    = Msg{VI: "Nhập nội dung yêu cầu (một dòng ngắn gọn).", EN: "Type the subject (one short line)."}
	txtReqWizBody       = Msg{VI: "Nhập thông tin chi tiết (không bắt buộc), hoặc bấm «Bỏ qua».", EN: "Type the details (optional), or press «Skip»."}
	txtReqWizFiles      = Msg{VI: "Gửi tệp đính kèm nếu có (có thể nhiều tệp), rồi bấm «Xong».", EN: "Send attachments if any (several allowed), then press «Done»."}
	txtReqWizFilesSoFar = Msg{VI: "Đã nhận %d tệp. Gửi thêm hoặc bấm «Xong».", EN: "%d file(s) received. Send more or press «Done»."}
	txtReqWizDue        = Msg{
		VI: "Hạn trả lời: bấm để chọn mặc định %s (%d ngày làm việc), hoặc nhập ngày (YYYY-MM-DD hoặc DD/MM/YYYY).",
		EN: "Answer due: press to take the default %s (%d working days), or type a date (YYYY-MM-DD or DD/MM/YYYY).",
	}
	txtReqWizConfirm = Msg{
		VI: "Kiểm tra trước khi gửi:\nLoại: %s\nGửi tới: %s\nNội dung: %s\nChi tiết: %s\nTệp: %d\nHạn trả lời: %s\n\nBấm «Gửi yêu cầu».",
		EN: "Check before sending:\nType: %s\nTo: %s\nSubject: %s\nDetails: %s\nFiles: %d\nDue: %s\n\nPress «Send request».",
	}
	btnReqSend    = Msg{VI: "Gửi yêu cầu", EN: "Send request"}
	txtReqWizWait = Msg{VI: "nhập nội dung hoặc bấm nút ở tin nhắn trên", EN: "type the text or press a button above"}
)

// txtHistoryFiles follows a history event that carried files.
var txtHistoryFiles = Msg{VI: " [%d tệp]", EN: " [%d file(s)]"}

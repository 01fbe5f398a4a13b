package handlers

// Texts of coordination requests.
var (
	txtRequestUsage = Msg{
		VI: "Cú pháp: /request <cơ quan>[,<cơ quan>…] <hạn> <nội dung yêu cầu>\nVí dụ: /request %s 2027-03-15 Đề nghị cung cấp danh sách lao động nước ngoài của Công ty ABC\nHạn ghi dạng YYYY-MM-DD hoặc DD/MM/YYYY. Có thể ghi loại yêu cầu (mã hoặc điều khoản) trước danh sách cơ quan: /request <loại> <cơ quan> <hạn> <nội dung>; các loại: %s. Gửi /request để được hướng dẫn từng bước; /request <số> để xem một yêu cầu.",
		EN: "Usage: /request <agency>[,<agency>…] <due> <subject>\nExample: /request %s 2027-03-15 List of the foreign workers of ABC Co.\nDue as YYYY-MM-DD or DD/MM/YYYY. A request type (code or clause) may come before the agencies: /request <type> <agency> <due> <subject>; the types: %s. Send /request for a step-by-step guide; /request <number> to see one request.",
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
	txtRequestViaAdmins   = Msg{
		VI: "cơ quan bên ngoài chưa có nhóm liên kết: đã gửi riêng cho %d quản trị viên để xử lý thay",
		EN: "external addressee without a bound group: sent privately to %d administrator(s), who act for it",
	}
	txtRequestUnreachable = Msg{
		VI: "chưa gửi được: cơ quan chưa có nhóm liên kết và cán bộ ghi danh; yêu cầu vẫn được lưu",
		EN: "not delivered: the agency has no bound group and no enrolled officer; the request is stored",
	}

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
	txtAskDeclineReason = Msg{
		VI: "Nhập lý do từ chối yêu cầu #%d (trả lời tin nhắn này). Việc từ chối phải nêu rõ lý do bằng văn bản. Gửi /cancel để thôi.",
		EN: "Type the reason for declining request #%d (reply to this message). A decline must state its reason in writing. Send /cancel to stop.",
	}
	txtAskAnswer = Msg{
		VI: "Nhập nội dung trả lời yêu cầu #%d (trả lời tin nhắn này); có thể gửi kèm tệp, chú thích của tệp là nội dung trả lời. Gửi /cancel để thôi.",
		EN: "Type the answer to request #%d (reply to this message); you may attach files, their caption being the answer. Send /cancel to stop.",
	}
	txtReqDoneActor   = Msg{VI: "Đã %s yêu cầu #%d.", EN: "Request #%d: %s."}
	txtCommentRelayed = Msg{VI: "Đã chuyển ý kiến tới %s.", EN: "Comment passed on to %s."}

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

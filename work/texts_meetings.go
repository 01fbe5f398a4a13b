package work

import "github.com/bacgiang/fwbot/texts"

// The words of meetings (Điều 5.3).
var (
	// TxtMeetUsage is how to call a meeting and take its other steps.
	TxtMeetUsage = texts.Msg{
		VI: "Cú pháp:\n• /meeting <dd/mm/yyyy> <HH:MM> <all | cơ quan,…> <tên cuộc họp> — mời họp; các dòng tiếp theo (tùy chọn): «Địa điểm: …», «Chủ trì: <cơ quan>» (quản trị viên), còn lại là chương trình họp; tệp tài liệu gửi kèm với lệnh làm chú thích\n• /meeting <số> — xem cuộc họp và trả lời của các cơ quan\n• /meeting attend <số> [người dự] · /meeting decline <số> <lý do>\n• /meeting move <số> <dd/mm/yyyy> <HH:MM> [lý do] · /meeting cancel <số> <lý do>\n• /meeting minutes <số> — gửi kèm tệp biên bản; mỗi dòng tiếp theo là một kết luận: <cơ quan> <dd/mm/yyyy> <nội dung>\n• /meetings — các cuộc họp sắp tới và gần đây",
		EN: "Usage:\n• /meeting <dd/mm/yyyy> <HH:MM> <all | agency,…> <title> — call a meeting; further lines (optional): «Place: …», «Chair: <agency>» (admins), the rest is the agenda; attach the documents with the command as caption\n• /meeting <n> — see a meeting and the answers\n• /meeting attend <n> [who] · /meeting decline <n> <reason>\n• /meeting move <n> <dd/mm/yyyy> <HH:MM> [reason] · /meeting cancel <n> <reason>\n• /meeting minutes <n> — with the minutes attached; each further line is a conclusion: <agency> <dd/mm/yyyy> <what>\n• /meetings — upcoming and recent meetings",
	}
	// TxtMeetDeclineNeedsReason: a decline must say why (Điều 4.3).
	TxtMeetDeclineNeedsReason = texts.Msg{
		VI: "Không tham dự cuộc họp #%d thì phải nêu lý do. Hãy gõ: /meeting decline %[1]d <lý do>, hoặc bấm «Không tham dự» rồi trả lời bằng lý do.",
		EN: "Declining meeting #%d needs a reason. Type /meeting decline %[1]d <reason>, or press «Not attending» and reply with the reason.",
	}
	// TxtMeetCancelNeedsReason: a cancellation must say why.
	TxtMeetCancelNeedsReason = texts.Msg{
		VI: "Hủy cuộc họp #%d thì phải nêu lý do. Hãy gõ: /meeting cancel %[1]d <lý do>",
		EN: "Cancelling meeting #%d needs a reason. Type /meeting cancel %[1]d <reason>",
	}
	// TxtMeetMinutesUsage is how the chair posts the minutes.
	TxtMeetMinutesUsage = texts.Msg{
		VI: "Hãy gửi tệp biên bản cuộc họp #%d kèm chú thích /meeting minutes %d; mỗi dòng tiếp theo của chú thích là một kết luận: <cơ quan> <dd/mm/yyyy> <nội dung>, ví dụ:\ncongan 15/04/2027 Rà soát danh sách người nước ngoài tạm trú",
		EN: "Send the minutes of meeting #%d captioned /meeting minutes %d; each further line of the caption is a conclusion: <agency> <dd/mm/yyyy> <what>, for example:\ncongan 15/04/2027 Review the list of foreigners in temporary residence",
	}
	txtMeetChairOwn = texts.Msg{
		VI: "Cơ quan bạn (%s) chủ trì cuộc họp mình mời. Chỉ quản trị viên mới mời họp thay cơ quan khác.",
		EN: "Your agency (%s) chairs the meetings it calls. Only admins call meetings for another agency.",
	}
	txtMeetUnknownAgency = texts.Msg{
		VI: "Không có cơ quan «%s» để mời họp. Hãy dùng mã cơ quan như trong /help (ví dụ: %s) hoặc all để mời tất cả.",
		EN: "There is no agency «%s» to invite. Use agency codes as in /help (e.g. %s) or all to invite everyone.",
	}
	txtMeetPast         = texts.Msg{VI: "Thời gian họp phải sau bây giờ (%s).", EN: "The meeting must start after now (%s)."}
	txtMeetNoInvitees   = texts.Msg{VI: "Hãy mời ít nhất một cơ quan khác (mã cơ quan, cách nhau bởi dấu phẩy, hoặc all).", EN: "Invite at least one other agency (codes, comma-separated, or all)."}
	txtMeetNotFound     = texts.Msg{VI: "Không có cuộc họp #%d mà bạn được xem.", EN: "There is no meeting #%d you may see."}
	txtMeetOtherInvitee = texts.Msg{
		VI: "Giấy mời này là của %s: chỉ cán bộ cơ quan đó trả lời bằng nút này. Cơ quan bạn trả lời cuộc họp #%d trong nhóm của mình hoặc bằng /meeting attend|decline.",
		EN: "This invitation is %s's: only its officers answer with this button. Your agency answers meeting #%d in its own group or with /meeting attend|decline.",
	}
	txtMeetNotInvited      = texts.Msg{VI: "Cuộc họp #%d không mời %s.", EN: "Meeting #%d does not invite %s."}
	txtMeetIsCancelled     = texts.Msg{VI: "Cuộc họp #%d đã bị hủy.", EN: "Meeting #%d was cancelled."}
	txtMeetIsOver          = texts.Msg{VI: "Cuộc họp #%d đã diễn ra, không thay đổi được nữa.", EN: "Meeting #%d has taken place; it can no longer change."}
	txtMeetNotYet          = texts.Msg{VI: "Cuộc họp #%d chưa diễn ra (bắt đầu lúc %s): biên bản gửi sau cuộc họp.", EN: "Meeting #%d has not taken place yet (it starts at %s): the minutes come after it."}
	txtMeetSameTime        = texts.Msg{VI: "Cuộc họp #%d đã ở thời gian %s.", EN: "Meeting #%d is already at %s."}
	txtMeetChairOnly       = texts.Msg{VI: "Chỉ cán bộ của %s (cơ quan chủ trì) thực hiện được việc này với cuộc họp #%d.", EN: "Only officers of %s (the chair) can do this to meeting #%d."}
	txtMeetConclusionChair = texts.Msg{
		VI: "Kết luận giao cho chính cơ quan chủ trì (%s) không cần theo dõi như một yêu cầu phối hợp: hãy ghi nó trong biên bản, và chỉ liệt kê các kết luận giao cho cơ quan khác.",
		EN: "A conclusion for the chair itself (%s) is not tracked as a request: keep it in the minutes and list only the conclusions for other agencies.",
	}
	txtMeetConclusionDue = texts.Msg{VI: "Hạn thực hiện kết luận (%s) phải sau hôm nay (%s).", EN: "A conclusion's due date (%s) must be after today (%s)."}
	txtMeetBtnAttend     = texts.Msg{VI: "Tham dự", EN: "Attending"}
	txtMeetBtnDecline    = texts.Msg{VI: "Không tham dự", EN: "Not attending"}
	txtMeetCard          = texts.Msg{
		VI: "📅 Giấy mời họp liên ngành #%d%s\nNội dung: %s\nThời gian: %s\nCơ quan chủ trì: %s",
		EN: "📅 Interagency meeting #%d%s\nTitle: %s\nTime: %s\nChair: %s",
	}
	txtMeetPlace             = texts.Msg{VI: "\nĐịa điểm: %s", EN: "\nPlace: %s"}
	txtMeetAgenda            = texts.Msg{VI: "\nChương trình: %s", EN: "\nAgenda: %s"}
	txtMeetAgendaFiles       = texts.Msg{VI: "\nTài liệu kèm theo: %d tệp", EN: "\nDocuments: %d file(s)"}
	txtMeetInvited           = texts.Msg{VI: "\nCơ quan được mời: %s", EN: "\nInvited: %s"}
	txtMeetCancelledLine     = texts.Msg{VI: "\n❌ Đã hủy: %s", EN: "\n❌ Cancelled: %s"}
	txtMeetHeldLine          = texts.Msg{VI: "\n✅ Đã họp, đã có biên bản.", EN: "\n✅ Held; the minutes are posted."}
	txtMeetAskAnswer         = texts.Msg{VI: "\n\nXin bấm «Tham dự» (và ghi tên người dự) hoặc «Không tham dự» (nêu lý do).", EN: "\n\nPlease press «Attending» (and name who attends) or «Not attending» (with the reason)."}
	txtMeetAskAnswerAgain    = texts.Msg{VI: "\n\nTrả lời đã gửi vẫn giữ nguyên; nếu thay đổi, xin bấm lại.", EN: "\n\nAnswers given stand; press again to change yours."}
	txtMeetAnswersHead       = texts.Msg{VI: "\n\nTrả lời của các cơ quan:", EN: "\n\nAnswers:"}
	txtMeetAttends           = texts.Msg{VI: "tham dự", EN: "attending"}
	txtMeetAttendsNames      = texts.Msg{VI: "tham dự — %s", EN: "attending — %s"}
	txtMeetDeclines          = texts.Msg{VI: "không tham dự — lý do: %s", EN: "not attending — reason: %s"}
	txtMeetNoAnswer          = texts.Msg{VI: "chưa trả lời", EN: "no answer yet"}
	txtMeetMinutesLine       = texts.Msg{VI: "\nBiên bản: %d tệp", EN: "\nMinutes: %d file(s)"}
	txtMeetConclusionsHead   = texts.Msg{VI: "\nKết luận:", EN: "\nConclusions:"}
	txtMeetConclusionLine    = texts.Msg{VI: "\n%d. %s: %s — hạn %s (yêu cầu #%d)", EN: "\n%d. %s: %s — due %s (request #%d)"}
	txtMeetAnswered          = texts.Msg{VI: "📅 %s trả lời giấy mời họp #%d «%s»: %s (%s).", EN: "📅 %s answered the invitation to meeting #%d «%s»: %s (%s)."}
	txtMeetMovedHead         = texts.Msg{VI: "⚠️ Cuộc họp #%d dời từ %s sang %s%s.\n\n", EN: "⚠️ Meeting #%d moved from %s to %s%s.\n\n"}
	txtMeetReasonSuffix      = texts.Msg{VI: " (lý do: %s)", EN: " (reason: %s)"}
	txtMeetCancelledTold     = texts.Msg{VI: "❌ Cuộc họp #%d «%s» lúc %s đã bị hủy. Lý do: %s", EN: "❌ Meeting #%d «%s» at %s is cancelled. Reason: %s"}
	txtMeetMinutesCaption    = texts.Msg{VI: "Biên bản cuộc họp #%d", EN: "Minutes of meeting #%d"}
	txtMeetMinutesTold       = texts.Msg{VI: "📝 Biên bản cuộc họp #%d «%s» (%s).", EN: "📝 Minutes of meeting #%d «%s» (%s)."}
	txtMeetSee               = texts.Msg{VI: "\nXem: /meeting %d", EN: "\nSee: /meeting %d"}
	txtMeetConclusionSubject = texts.Msg{VI: "Kết luận cuộc họp #%d: %s", EN: "Conclusion of meeting #%d: %s"}
	txtMeetConclusionBody    = texts.Msg{VI: "Theo kết luận tại cuộc họp liên ngành #%d «%s» (%s).", EN: "As concluded at interagency meeting #%d «%s» (%s)."}
	txtMeetRemindUnanswered  = texts.Msg{
		VI: "⏰ Nhắc: cơ quan chưa trả lời giấy mời họp #%d. Xin bấm «Tham dự» hoặc «Không tham dự».\n\n",
		EN: "⏰ Reminder: your agency has not answered the invitation to meeting #%d. Please press «Attending» or «Not attending».\n\n",
	}
	txtMeetRemindTomorrow = texts.Msg{VI: "⏰ Nhắc lịch họp #%d sắp tới:\n\n", EN: "⏰ Reminder of the coming meeting #%d:\n\n"}
	txtMeetRemindHour     = texts.Msg{VI: "⏰ Cuộc họp #%d bắt đầu sau 1 giờ nữa:\n\n", EN: "⏰ Meeting #%d starts in one hour:\n\n"}
)

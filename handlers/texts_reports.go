package handlers

import "github.com/bacgiang/fwbot/texts"

// Texts of report submission, delivery, the calendar and the status view.
var (
	txtSubmitChooseObligation = Msg{VI: "Chọn báo cáo cần nộp:", EN: "Choose the report to submit:"}
	txtSubmitFileFirst        = Msg{
		VI: "Đã nhận tệp %s. Tệp này thuộc báo cáo nào? Hãy chọn bên dưới (hoặc /cancel để hủy).",
		EN: "Got the file %s. Which report is it for? Choose below (or /cancel).",
	}
	txtNoObligations = Msg{
		VI: "Cơ quan của bạn (%s) không có báo cáo định kỳ nào phải nộp theo Quy chế.",
		EN: "Your agency (%s) has no periodic report to submit under the regulation.",
	}
	txtSubmitChoosePeriod = Msg{
		VI: "Báo cáo %s. Chọn kỳ báo cáo (kỳ chưa nộp và quá hạn ở trên cùng):",
		EN: "Report %s. Choose the period (unsubmitted and overdue first):",
	}
	txtSubmitAskFiles = Msg{
		VI: "Báo cáo %s, %s.\n%s\n\nHãy gửi tệp báo cáo (PDF, Word, Excel, CSV, ODT/ODS, ZIP/RAR/7Z, ảnh JPEG/PNG); có thể gửi nhiều tệp hoặc một album. Gửi xong bấm «Xong».",
		EN: "Report %s, %s.\n%s\n\nSend the report files (PDF, Word, Excel, CSV, ODT/ODS, ZIP/RAR/7Z, JPEG/PNG); several files or an album are fine. Press «Done» when finished.",
	}
	txtSubmitFilesSoFar = Msg{
		VI: "Đã nhận %d tệp: %s.\nGửi thêm tệp, hoặc bấm «Xong».",
		EN: "%d file(s) received: %s.\nSend more, or press «Done».",
	}
	txtSubmitNeedFile = Msg{
		VI: "Chưa có tệp nào. Hãy gửi tệp báo cáo trước khi bấm «Xong»%s.",
		EN: "No file yet. Send the report file before pressing «Done»%s.",
	}
	txtSubmitOrNil   = Msg{VI: ", hoặc bấm «Không phát sinh»", EN: ", or press «Nil report»"}
	txtSubmitAskNote = Msg{
		VI: "Nhập ghi chú kèm báo cáo (không bắt buộc), hoặc bấm «Bỏ qua».",
		EN: "Type a note to go with the report (optional), or press «Skip».",
	}
	txtSubmitConfirm = Msg{
		VI: "Kiểm tra trước khi gửi:\nBáo cáo: %s\nKỳ: %s\n%s\nNội dung: %s\nGhi chú: %s\nGửi tới: %s\n\nBấm «Gửi báo cáo» để nộp.",
		EN: "Check before sending:\nReport: %s\nPeriod: %s\n%s\nContent: %s\nNote: %s\nTo: %s\n\nPress «Send report» to submit.",
	}
	txtSubmitPreviousVersion = Msg{
		VI: "\nKỳ này đã có %d phiên bản. Bản mới là bản bổ sung; nếu bản trước bị sai, bấm «Gửi thay thế bản sai» để tính hạn theo bản mới.",
		EN: "\nThis period already has %d version(s). The new one is a supplement; if the earlier one was wrong, press «Send, replacing the wrong one» so the deadline is judged on the new one.",
	}
	txtWizardWrongInput = Msg{
		VI: "Đang chờ bạn %s. Gửi /cancel để hủy.",
		EN: "Waiting for you to %s. Send /cancel to stop.",
	}
	txtStepFiles   = Msg{VI: "gửi tệp báo cáo hoặc bấm «Xong»", EN: "send the report files or press «Done»"}
	txtStepButtons = Msg{VI: "chọn một nút ở tin nhắn trên", EN: "press one of the buttons above"}
	txtStepConfirm = Msg{VI: "bấm «Gửi báo cáo»", EN: "press «Send report»"}

	btnDone    = Msg{VI: "Xong", EN: "Done"}
	btnNil     = Msg{VI: "Không phát sinh", EN: "Nil report"}
	btnSkip    = Msg{VI: "Bỏ qua", EN: "Skip"}
	btnSend    = Msg{VI: "Gửi báo cáo", EN: "Send report"}
	btnReplace = Msg{VI: "Gửi thay thế bản sai", EN: "Send, replacing the wrong one"}
	btnCancel  = Msg{VI: "Hủy", EN: "Cancel"}

	txtNilContent   = Msg{VI: "báo cáo không phát sinh", EN: "nil report (nothing to report)"}
	txtFilesContent = Msg{VI: "%d tệp: %s", EN: "%d file(s): %s"}
	txtNoNote       = Msg{VI: "(không có)", EN: "(none)"}

	txtNilUsage = Msg{
		VI: "Cú pháp: /nil <mã báo cáo> [kỳ], ví dụ: /nil 13.3 2027-01",
		EN: "Usage: /nil <report> [period], e.g. /nil 13.3 2027-01",
	}
	txtSubmitUsage = Msg{
		VI: "Cú pháp: gửi tệp kèm chú thích /submit <mã báo cáo> [kỳ], ví dụ /submit 6.4 2027-01; hoặc gửi /submit để được hướng dẫn từng bước.",
		EN: "Usage: send the file with the caption /submit <report> [period], e.g. /submit 6.4 2027-01; or send /submit for a step-by-step guide.",
	}
	txtWizardPrivateOnly = Msg{
		VI: "Hướng dẫn từng bước chỉ dùng trong trò chuyện riêng với bot. Trong nhóm, hãy gửi tệp kèm chú thích /submit <mã báo cáo> [kỳ].",
		EN: "The step-by-step guide works only in a private chat with the bot. In a group, send the file with the caption /submit <report> [period].",
	}
	txtBadFileType = Msg{
		VI: "Tệp %q không thuộc loại được chấp nhận. Bot nhận: PDF, DOC/DOCX, XLS/XLSX/CSV, ODT/ODS, ZIP/RAR/7Z, ảnh JPEG/PNG. Hãy chuyển đổi rồi gửi lại. Chưa có gì được nộp.",
		EN: "The file %q is not of an accepted type. Accepted: PDF, DOC/DOCX, XLS/XLSX/CSV, ODT/ODS, ZIP/RAR/7Z, JPEG/PNG images. Convert it and send again. Nothing was submitted.",
	}
	txtEmptyFile = Msg{
		VI: "Tệp %q trống (0 byte), không có nội dung để chuyển tới cơ quan nhận. Hãy kiểm tra lại tệp trên máy rồi gửi lại tệp có nội dung. Chưa có gì được nộp.",
		EN: "The file %q is empty (0 bytes): there is nothing to pass on to the recipients. Check the file on your computer and send again a file that has content. Nothing was submitted.",
	}
	txtFileTooBig = Msg{
		VI: "Tệp %q quá lớn (%.1f MB); giới hạn là %d MB. Hãy nén hoặc chia nhỏ tệp rồi gửi lại. Chưa có gì được nộp.",
		EN: "The file %q is too large (%.1f MB); the limit is %d MB. Compress or split it and send again. Nothing was submitted.",
	}

	txtReceipt = Msg{
		VI: "✅ Đã ghi nhận báo cáo (số hiệu %d).\nBáo cáo: %s — %s\nKỳ: %s\nTình trạng: %s\n%s\nPhiên bản: %d%s\nNội dung: %s\nGửi tới: %s",
		EN: "✅ Report recorded (number %d).\nReport: %s — %s\nPeriod: %s\nStatus: %s\n%s\nVersion: %d%s\nContent: %s\nSent to: %s",
	}
	txtReceiptUnreachable = Msg{
		VI: "\n⚠️ Chưa gửi được tới: %s — cơ quan chưa có nhóm liên kết và chưa có cán bộ ghi danh. Báo cáo đã được lưu; hãy báo quản trị viên.",
		EN: "\n⚠️ Not reachable: %s — the agency has no bound group and no enrolled officer. The report is stored; tell an administrator.",
	}
	txtReceiptUnreachableAdmin = Msg{
		VI: "\n⚠️ Chưa gửi được tới: %s — cơ quan chưa có nhóm liên kết và chưa có cán bộ ghi danh. Báo cáo đã được lưu; hãy liên kết nhóm của cơ quan (/bindgroup trong nhóm) hoặc mời cán bộ (/invite).",
		EN: "\n⚠️ Not reachable: %s — the agency has no bound group and no enrolled officer. The report is stored; bind the agency's group (/bindgroup in the group) or invite its officers (/invite).",
	}
	txtReplacing   = Msg{VI: " (thay thế bản sai)", EN: " (replaces a wrong version)"}
	txtSupplement  = Msg{VI: " (bản bổ sung)", EN: " (supplement)"}
	txtSendNowLate = Msg{VI: "gửi bây giờ là trễ hạn %d ngày", EN: "sent now, it is %d day(s) late"}
	txtViaGroup    = Msg{VI: "nhóm", EN: "group"}
	txtViaOfficers = Msg{VI: "gửi riêng %d cán bộ", EN: "privately to %d officer(s)"}

	txtAckedButton = Msg{VI: "✅ Đã nhận — %s, %s", EN: "✅ Received — %s, %s"}
	txtAckDone     = Msg{VI: "Đã ghi nhận xác nhận. Cảm ơn!", EN: "Acknowledgement recorded. Thank you!"}
	txtAckAlready  = Msg{VI: "Báo cáo này đã được %s xác nhận lúc %s.", EN: "Already acknowledged by %s at %s."}

	txtCalendarHeader        = Msg{VI: "Lịch hạn nộp báo cáo từ %s đến %s", EN: "Report deadlines from %s to %s"}
	txtCalendarPageOf        = Msg{VI: " (trang %d/%d)", EN: " (page %d of %d)"}
	txtCalendarPrev          = Msg{VI: "« Trang %d", EN: "« Page %d"}
	txtCalendarNext          = Msg{VI: "Trang %d »", EN: "Page %d »"}
	txtCalendarEmpty         = Msg{VI: "Không có hạn nộp nào trong 45 ngày tới.", EN: "No deadline in the next 45 days."}
	txtCalendarLine          = Msg{VI: "• %s — %s kỳ %s%s", EN: "• %s — %s for %s%s"}
	txtCalendarUnknownReport = Msg{
		VI: "Không có báo cáo mã %q. Các báo cáo: %s. Ví dụ: /calendar 6.4",
		EN: "There is no report %q. Reports: %s. E.g. /calendar 6.4",
	}
	txtReportHeader     = Msg{VI: "📅 Báo cáo %s — %s", EN: "📅 Report %s — %s"}
	txtReportParties    = Msg{VI: "Cơ quan gửi: %s → gửi tới: %s", EN: "Sent by: %s → to: %s"}
	txtReportCadence    = Msg{VI: "Kỳ báo cáo: %s", EN: "Periods: %s"}
	txtReportNilAllowed = Msg{VI: "Nếu trong kỳ không phát sinh, gửi /nil %s <kỳ>.", EN: "If there is nothing to report, send /nil %s <period>."}
	txtReportComing     = Msg{VI: "Các hạn sắp tới:", EN: "Coming deadlines:"}
	txtReportComingLine = Msg{VI: "kỳ %s: %s", EN: "period %s: %s"}
	txtReportOwed       = Msg{VI: "%s còn phải nộp:", EN: "Still owed by %s:"}
	txtSubmittedMark    = Msg{VI: " ✅ đã nộp", EN: " ✅ submitted"}
	txtProvisionalNote  = Msg{
		VI: "(*) Hạn này dựa trên lịch nghỉ lễ dự kiến (năm %s), chưa được Chính phủ công bố chính thức: có thể thay đổi khi có lịch chính thức.",
		EN: "(*) This deadline rests on a provisional holiday list (%s), not yet announced by the Government: it may change when the official list is out.",
	}
	txtOverdueHeader  = Msg{VI: "Quá hạn, chưa nộp:", EN: "Overdue, not submitted:"}
	txtUpcomingHeader = Msg{VI: "Sắp đến hạn:", EN: "Coming up:"}

	txtStatusHeader    = Msg{VI: "Tình hình nộp báo cáo — %s (%s), ngày %s", EN: "Report status — %s (%s), %s"}
	txtStatusNone      = Msg{VI: "Cơ quan này không có báo cáo định kỳ phải nộp.", EN: "This agency owes no periodic report."}
	txtStatusNotDue    = Msg{VI: "chưa nộp — %s", EN: "not submitted — %s"}
	txtStatusOverdue   = Msg{VI: "trễ hạn, chưa nộp — quá %d ngày; %s", EN: "overdue, not submitted — %d day(s); %s"}
	txtStatusDone      = Msg{VI: "đã nộp %s, %s; %s", EN: "submitted %s, %s; %s"}
	txtStatusNothing   = texts.TxtNothingReported
	txtStatusAcked     = Msg{VI: "đã nhận — %s", EN: "received — %s"}
	txtStatusEvent     = Msg{VI: "gửi khi có thay đổi; lần gần nhất: %s", EN: "sent on change; last: %s"}
	txtStatusNever     = Msg{VI: "chưa gửi lần nào", EN: "never sent"}
	txtStatusInputs    = Msg{VI: "    Đầu vào kỳ %s: %s", EN: "    Inputs for %s: %s"}
	txtInputArrived    = Msg{VI: "%s %s ✅", EN: "%s %s ✅"}
	txtInputMissing    = Msg{VI: "%s %s ⏳", EN: "%s %s ⏳"}
	txtInputLate       = Msg{VI: "%s %s ⚠️ quá hạn", EN: "%s %s ⚠️ overdue"}
	txtStatusElsewhere = Msg{
		VI: "Tình hình nộp báo cáo của %s chỉ xem được trong nhóm của cơ quan đó, nhóm phối hợp liên ngành hoặc trò chuyện riêng với bot (@%s).",
		EN: "The report status of %s is shown only in that agency's group, the interagency group or a private chat with the bot (@%s).",
	}
	txtStatusOther = Msg{
		VI: "Bạn chỉ xem được tình hình của cơ quan mình. Gửi /status để xem %s.",
		EN: "You can only see your own agency. Send /status to see %s.",
	}
)

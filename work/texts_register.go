package work

import (
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// The words of the register's cross-check alerts and weekly lists.
var (
	txtAlertStayTitle = texts.Msg{
		VI: "⚠️ Cảnh báo đối chiếu #%d: thị thực hoặc thẻ tạm trú mục đích lao động nhưng không có giấy phép lao động (hoặc xác nhận không thuộc diện cấp) còn hiệu lực",
		EN: "⚠️ Cross-check alert #%d: a work visa or residence card without a valid work permit (or exemption)",
	}
	txtAlertStayGap  = texts.Msg{VI: "\nKhông có giấy phép còn hiệu lực từ ngày %s.", EN: "\nNo valid permit from %s."}
	txtAlertNoPermit = texts.Msg{VI: "\n• Sổ theo dõi không có giấy phép lao động hay xác nhận miễn nào của người này.",
		EN: "\n• The register holds no work permit or exemption of this person."}
	txtAlertPerson        = texts.Msg{VI: "\nNgười nước ngoài: %s, hộ chiếu %s (%s)%s", EN: "\nForeigner: %s, passport %s (%s)%s"}
	txtAlertWorker        = texts.Msg{VI: "%s (hộ chiếu %s, %s): ", EN: "%s (passport %s, %s): "}
	txtAlertBorn          = texts.Msg{VI: ", sinh ngày %s", EN: ", born %s"}
	txtAlertFact          = texts.Msg{VI: "\n• %s — %s", EN: "\n• %s — %s"}
	txtAlertSource        = texts.Msg{VI: "báo cáo %s của %s, %s, phiên bản %d, dòng %d", EN: "report %s of %s, %s, version %d, row %d"}
	txtAlertNumber        = texts.Msg{VI: "số %s", EN: "no. %s"}
	txtAlertPurpose       = texts.Msg{VI: ", ký hiệu %s", EN: ", symbol %s"}
	txtAlertValid         = texts.Msg{VI: ", hiệu lực %s – %s", EN: ", valid %s – %s"}
	txtAlertRevoked       = texts.Msg{VI: " (đã thu hồi)", EN: " (revoked)"}
	txtAlertMismatchTitle = texts.Msg{
		VI: "⚠️ Cảnh báo đối chiếu #%d: hộ chiếu %s (%s) được ghi với họ tên hoặc ngày sinh khác nhau trong danh sách của hai cơ quan",
		EN: "⚠️ Cross-check alert #%d: passport %s (%s) has different names or dates of birth in two agencies' lists",
	}
	txtAlertMismatchLine  = texts.Msg{VI: "\n• %s: %s, sinh ngày %s — %s", EN: "\n• %s: %s, born %s — %s"}
	txtAlertEmployerTitle = texts.Msg{
		VI: "⚠️ Cảnh báo đối chiếu #%d: đơn vị sử dụng lao động «%s» (MST %s) được ghi là %[4]s nhưng không có trong danh sách %[4]s đã báo cáo",
		EN: "⚠️ Cross-check alert #%d: employer «%s» (tax code %s) is listed as a %[4]s but is missing from the reported list of them",
	}
	txtAlertAsk = texts.Msg{
		VI: "\n\nSau khi kiểm tra, bấm «Đã xử lý», hoặc «Không phải vi phạm» và ghi lý do.",
		EN: "\n\nOnce checked, press «Dealt with», or «Not a violation» and give the reason.",
	}
	txtAlertClosedHandled   = texts.Msg{VI: "\n\n✅ Đã xử lý — %s, lúc %s.", EN: "\n\n✅ Dealt with — %s, at %s."}
	txtAlertClosedNot       = texts.Msg{VI: "\n\n🚫 Không phải vi phạm — %s, lúc %s. Lý do: %s", EN: "\n\n🚫 Not a violation — %s, at %s. Reason: %s"}
	txtAlertBtnHandled      = texts.Msg{VI: "✅ Đã xử lý", EN: "✅ Dealt with"}
	txtAlertBtnNotViolation = texts.Msg{VI: "🚫 Không phải vi phạm", EN: "🚫 Not a violation"}
	txtAlertNotFound        = texts.Msg{VI: "Không có cảnh báo đối chiếu #%d.", EN: "There is no cross-check alert #%d."}
	txtAlertNotYours        = texts.Msg{
		VI: "Cảnh báo đối chiếu #%d không gửi tới cơ quan của bạn, nên bạn không xử lý được. Cán bộ của các cơ quan nhận cảnh báo hoặc quản trị viên mới xử lý được.",
		EN: "Cross-check alert #%d was not sent to your agency, so you cannot close it. Officers of the agencies it went to, or an admin, can.",
	}
	txtAlertAlready = texts.Msg{
		VI: "Cảnh báo đối chiếu #%d đã được %s xử lý lúc %s, không thay đổi được nữa.",
		EN: "Cross-check alert #%d was already closed by %s at %s; it can no longer change.",
	}
	// «Không phải vi phạm» needs the reason.
	txtAlertNeedsReason = texts.Msg{
		VI: "Xác định cảnh báo #%d không phải vi phạm thì phải ghi lý do (ví dụ: đã có giấy phép lao động mới số …). Hãy bấm «Không phải vi phạm» rồi trả lời tin nhắn của bot bằng lý do.",
		EN: "Marking alert #%d as not a violation needs the reason (e.g. a new work permit no. …). Press «Not a violation» and reply to the bot's message with the reason.",
	}
	txtExpiringTitle = texts.Msg{
		VI: "📋 Giấy phép lao động sắp hết hạn trong %d ngày tới, chưa có giấy phép mới trong sổ theo dõi (%d):",
		EN: "📋 Work permits expiring within %d days with no later permit in the register (%d):",
	}
	txtExpiringLine = texts.Msg{VI: "\n%d. %s, hộ chiếu %s (%s) — GPLĐ số %s, hết hạn %s%s", EN: "\n%d. %s, passport %s (%s) — permit no. %s, expires %s%s"}
)

var (
	txtFindUsage = texts.Msg{
		VI: "Cú pháp: /find <số hộ chiếu | mã số thuế | họ tên> — tra cứu sổ theo dõi người nước ngoài, ví dụ: /find M1234567, /find 2400123456 hoặc /find Kim Min-jun (ít nhất 3 ký tự).",
		EN: "Usage: /find <passport no. | tax code | name> — search the register of foreigners, e.g. /find M1234567, /find 2400123456 or /find Kim Min-jun (3 characters at least).",
	}
	txtFindNotAllowed = texts.Msg{
		VI: "%s chưa được phép tra cứu sổ theo dõi người nước ngoài (dữ liệu cá nhân). Nếu cơ quan cần tra cứu, hãy đề nghị quản trị viên bổ sung vào mục register.search của cấu hình.",
		EN: "%s may not search the register of foreigners (personal data). If your agency needs to, ask an admin to add it to register.search in the configuration.",
	}
	txtFindNone    = texts.Msg{VI: "Không tìm thấy «%s» trong các danh sách bạn được tra cứu.", EN: "«%s» is not in the lists you may search."}
	txtFindTitle   = texts.Msg{VI: "🔎 Kết quả tra cứu «%s» (%d dòng):", EN: "🔎 Results for «%s» (%d rows):"}
	txtFindPerson  = texts.Msg{VI: "\n\n👤 %s — hộ chiếu %s (%s)%s", EN: "\n\n👤 %s — passport %s (%s)%s"}
	txtFindOrg     = texts.Msg{VI: "\n\n🏢 %s (MST %s) — %s — %s", EN: "\n\n🏢 %s (tax code %s) — %s — %s"}
	txtFindValid   = texts.Msg{VI: " ✅ còn hiệu lực", EN: " ✅ valid"}
	txtFindExpired = texts.Msg{VI: " ⛔ hết hiệu lực", EN: " ⛔ not valid"}
	txtFindMore    = texts.Msg{VI: "\n\nChỉ hiện %d dòng đầu; hãy tra cứu cụ thể hơn (số hộ chiếu, mã số thuế).", EN: "\n\nOnly the first %d rows are shown; search more precisely (passport, tax code)."}
)

// TxtAlertAskReason is the prompt of «Không phải vi phạm».
var TxtAlertAskReason = texts.Msg{
	VI: "Nhập lý do cảnh báo đối chiếu #%d không phải vi phạm (trả lời tin nhắn này). Gõ /cancel để hủy.",
	EN: "Type why cross-check alert #%d is not a violation (reply to this message). /cancel to stop.",
}

func docKindName(k coord.DocKind) texts.Msg {
	switch k {
	case coord.DocWorkPermit:
		return texts.Msg{VI: "Giấy phép lao động", EN: "Work permit"}
	case coord.DocExemption:
		return texts.Msg{VI: "Xác nhận không thuộc diện cấp giấy phép lao động", EN: "Work permit exemption"}
	case coord.DocVisa:
		return texts.Msg{VI: "Thị thực", EN: "Visa"}
	case coord.DocResidenceCard:
		return texts.Msg{VI: "Thẻ tạm trú", EN: "Temporary residence card"}
	case coord.DocStayExtension:
		return texts.Msg{VI: "Gia hạn tạm trú", EN: "Stay extension"}
	case coord.DocCriminalRecord:
		return texts.Msg{VI: "Phiếu lý lịch tư pháp", EN: "Criminal record certificate"}
	case coord.DocLawyerLicence:
		return texts.Msg{VI: "Giấy phép hành nghề luật sư", EN: "Lawyer's licence"}
	}
	return texts.Msg{VI: string(k), EN: string(k)}
}

func orgKindName(k coord.OrgKind) texts.Msg {
	switch k {
	case coord.OrgFDI:
		return texts.Msg{VI: "tổ chức có vốn đầu tư nước ngoài", EN: "foreign-invested organisation"}
	case coord.OrgRepOffice:
		return texts.Msg{VI: "văn phòng đại diện", EN: "representative office"}
	case coord.OrgContractor:
		return texts.Msg{VI: "nhà thầu nước ngoài", EN: "foreign contractor"}
	case coord.OrgNGO:
		return texts.Msg{VI: "tổ chức phi chính phủ nước ngoài", EN: "foreign NGO"}
	case coord.OrgSchool:
		return texts.Msg{VI: "cơ sở giáo dục", EN: "education institution"}
	case coord.OrgHealthFacility:
		return texts.Msg{VI: "cơ sở khám sức khỏe", EN: "health facility"}
	}
	return texts.Msg{VI: "đơn vị sử dụng lao động", EN: "employer"}
}

// The register's figures, in the inputs digest and /export register.
var (
	txtFigTitle         = texts.Msg{VI: "📊 Số liệu sổ theo dõi người nước ngoài (%s – %s):", EN: "📊 Figures of the register of foreigners (%s – %s):"}
	txtFigNone          = texts.Msg{VI: "\n• Chưa có người lao động nước ngoài nào có giấy phép lao động hoặc xác nhận miễn còn hiệu lực trong kỳ trong sổ theo dõi.", EN: "\n• The register holds no foreign worker with a work permit or exemption valid in the period."}
	txtFigPeople        = texts.Msg{VI: "\n• Người lao động nước ngoài có giấy phép hoặc xác nhận miễn còn hiệu lực trong kỳ: %d (giấy phép lao động: %d, xác nhận miễn: %d; cấp mới trong kỳ: %d)", EN: "\n• Foreign workers with a work permit or exemption valid in the period: %d (permits: %d, exemptions: %d; granted in the period: %d)"}
	txtFigState         = texts.Msg{VI: "\n• Đến ngày %s: còn hiệu lực %d, hết hạn trong kỳ %d, đã thu hồi %d", EN: "\n• On %s: valid %d, expired in the period %d, revoked %d"}
	txtFigByNationality = texts.Msg{VI: "\n• Theo quốc tịch: %s", EN: "\n• By nationality: %s"}
	txtFigByKind        = texts.Msg{VI: "\n• Theo loại đơn vị sử dụng lao động: %s", EN: "\n• By kind of employer: %s"}
	txtFigByZone        = texts.Msg{VI: "\n• Theo khu công nghiệp: %s", EN: "\n• By industrial zone: %s"}
	txtFigNoZone        = texts.Msg{VI: "ngoài khu công nghiệp", EN: "outside the zones"}
	txtFigOthers        = texts.Msg{VI: "khác %d", EN: "others %d"}

	txtSheetFigures       = texts.Msg{VI: "Tổng hợp", EN: "Summary"}
	txtSheetByNationality = texts.Msg{VI: "Theo quốc tịch", EN: "By nationality"}
	txtSheetByKind        = texts.Msg{VI: "Theo loại đơn vị", EN: "By kind of employer"}
	txtSheetByZone        = texts.Msg{VI: "Theo khu công nghiệp", EN: "By industrial zone"}
	txtColFigure          = texts.Msg{VI: "Chỉ tiêu", EN: "Figure"}
	txtColCount           = texts.Msg{VI: "Số lượng", EN: "Count"}
	txtColPeople          = texts.Msg{VI: "Số người", EN: "People"}
	txtColNationality     = texts.Msg{VI: "Quốc tịch", EN: "Nationality"}
	txtColKind            = texts.Msg{VI: "Loại đơn vị sử dụng lao động", EN: "Kind of employer"}
	txtColZone            = texts.Msg{VI: "Khu công nghiệp", EN: "Industrial zone"}
	txtRowPeople          = texts.Msg{VI: "Người lao động nước ngoài có giấy phép hoặc xác nhận miễn còn hiệu lực trong kỳ%.0s", EN: "Foreign workers with a permit or exemption valid in the period%.0s"}
	txtRowPermits         = texts.Msg{VI: "Giấy phép lao động còn hiệu lực trong kỳ%.0s", EN: "Work permits valid in the period%.0s"}
	txtRowExemptions      = texts.Msg{VI: "Xác nhận không thuộc diện cấp giấy phép còn hiệu lực trong kỳ%.0s", EN: "Exemptions valid in the period%.0s"}
	txtRowGranted         = texts.Msg{VI: "Giấy phép lao động cấp mới trong kỳ%.0s", EN: "Work permits granted in the period%.0s"}
	txtRowValidAtEnd      = texts.Msg{VI: "Còn hiệu lực đến ngày %s", EN: "Still valid on %s"}
	txtRowExpired         = texts.Msg{VI: "Hết hạn trong kỳ%.0s", EN: "Expired in the period%.0s"}
	txtRowRevoked         = texts.Msg{VI: "Đã thu hồi%.0s", EN: "Revoked%.0s"}
	txtCaptionRegister    = texts.Msg{VI: "Số liệu sổ theo dõi người nước ngoài từ %s đến %s: %d người lao động nước ngoài có giấy phép hoặc xác nhận miễn còn hiệu lực. Xuất lúc %s.", EN: "Register figures from %s to %s: %d foreign workers with a valid permit or exemption. Exported at %s."}
	txtFileRegister       = texts.Msg{VI: "so-lieu-nguoi-nuoc-ngoai-%d", EN: "register-figures-%d"}
)

// The words of reading a list into the register (ImportList).
var (
	txtImportDone = texts.Msg{
		VI: "📋 Sổ theo dõi người nước ngoài — báo cáo %s (%s), %s, lần gửi %d: đã đưa %d dòng vào sổ theo dõi.",
		EN: "📋 Foreigners' register — report %s (%s), %s, version %d: %d rows entered the register.",
	}
	txtImportReplaced = texts.Msg{
		VI: "\nCác dòng này thay cho %d dòng của lần gửi trước.",
		EN: "\nThey replace the %d rows of the earlier version.",
	}
	txtImportSkipped = texts.Msg{
		VI: "\nĐã bỏ qua %d dòng không phải dữ liệu (dòng tổng cộng, đánh số cột, tiêu đề lặp lại, chữ ký).",
		EN: "\n%d rows that are not data were skipped (a total row, column numbers, a repeated header, signatures).",
	}
	txtImportRejected = texts.Msg{
		VI: "\n\n❗ %d dòng chưa được đưa vào sổ theo dõi:",
		EN: "\n\n❗ %d rows did not enter the register:",
	}
	txtImportRow     = texts.Msg{VI: "\n• trang «%s», dòng %d: %s", EN: "\n• sheet «%s», row %d: %s"}
	txtImportCell    = texts.Msg{VI: "cột %s: %s", EN: "column %s: %s"}
	txtImportMore    = texts.Msg{VI: "\n• … và %d dòng khác.", EN: "\n• … and %d more rows."}
	txtImportFixHint = texts.Msg{
		VI: "\n\nHãy sửa các dòng trên rồi gửi lại cả danh sách: %s (lần gửi mới sẽ thay toàn bộ các dòng của lần gửi này trong sổ theo dõi). Báo cáo vẫn được tính là đã nộp.",
		EN: "\n\nFix these rows and send the whole list again: %s (the new version replaces every row of this one in the register). The report still counts as submitted.",
	}
	txtImportNone = texts.Msg{
		VI: "📋 Sổ theo dõi người nước ngoài — báo cáo %s (%s), %s, lần gửi %d: chưa đọc được danh sách nào vào sổ theo dõi.",
		EN: "📋 Foreigners' register — report %s (%s), %s, version %d: no list could be read into the register.",
	}
	txtImportNoneHint = texts.Msg{
		VI: "\n\nBáo cáo vẫn được tính là đã nộp; sổ theo dõi giữ nguyên các dòng của lần gửi trước (nếu có). Để các cơ quan tra cứu và đối chiếu được, hãy tải tệp mẫu bằng /template %s, điền danh sách rồi gửi lại: %s",
		EN: "\n\nThe report still counts as submitted; the register keeps the earlier version's rows (if any). So that agencies can search and cross-check it, get the template with /template %s, fill the list in and send it again: %s",
	}
	txtImportFileUnread = texts.Msg{VI: "tệp «%s»: %s", EN: "file «%s»: %s"}
	txtImportNoHeader   = texts.Msg{
		VI: "không tìm thấy dòng tiêu đề của danh sách: thiếu các cột bắt buộc %s (tên cột phải như trong tệp mẫu)",
		EN: "the list's header row was not found: the required columns %s are missing (headers as in the template)",
	}
	txtImportOldExcel = texts.Msg{
		VI: "tệp Excel 97-2003 (.xls) không đọc được; hãy mở tệp và lưu lại dạng .xlsx (Tệp → Lưu thành → Sổ làm việc Excel)",
		EN: "an Excel 97-2003 file (.xls) cannot be read; open it and save it as .xlsx (File → Save as → Excel Workbook)",
	}
	txtImportODS = texts.Msg{
		VI: "bảng tính OpenDocument (.ods) chưa đọc được vào sổ theo dõi; hãy lưu lại dạng .xlsx (Tệp → Lưu thành → Excel 2007-365)",
		EN: "an OpenDocument spreadsheet (.ods) cannot be read into the register; save it as .xlsx (File → Save as → Excel 2007-365)",
	}
	txtImportNotUTF8 = texts.Msg{
		VI: "tệp CSV không ở mã UTF-8; hãy lưu lại dạng «CSV UTF-8» hoặc gửi tệp .xlsx",
		EN: "the CSV file is not in UTF-8; save it as «CSV UTF-8» or send an .xlsx file",
	}
	txtImportNotSheet = texts.Msg{
		VI: "không phải bảng tính (.xlsx hoặc .csv)",
		EN: "not a spreadsheet (.xlsx or .csv)",
	}
	txtImportDamaged = texts.Msg{
		VI: "bảng tính bị hỏng hoặc không mở được; hãy mở lại bằng Excel, lưu dạng .xlsx rồi gửi lại",
		EN: "the spreadsheet is damaged or cannot be opened; open it in Excel, save it as .xlsx and send it again",
	}
)

package work

import "github.com/bacgiang/fwbot/texts"

// What the submitter and the admins are told when the archive keeps no copy
// of a file of a report (FileGivenUp).
var (
	txtFileLostSubmitter = texts.Msg{
		VI: "⚠️ Bot không lưu trữ được tệp «%s» của báo cáo %s — %s, %s, lần gửi %d: %s.\nBáo cáo vẫn được ghi nhận là đã nộp; quản trị viên đã được báo. %s",
		EN: "⚠️ The bot could not archive the file «%s» of report %s — %s, %s, version %d: %s.\nThe report still counts as submitted; the administrators have been told. %s",
	}
	txtFileLostAdmin = texts.Msg{
		VI: "⚠️ Kho lưu trữ đã bỏ qua tệp «%s» của báo cáo #%d: %s — %s, %s, %s, lần gửi %d, do %s gửi: %s. Báo cáo vẫn được tính là đã nộp. (Tệp #%d trong cơ sở dữ liệu.)",
		EN: "⚠️ The archive gave up on the file «%s» of submission #%d: %s — %s, %s, %s, version %d, sent by %s: %s. The report still counts as submitted. (File #%d in the database.)",
	}
	txtFileLossTooLarge = texts.Msg{
		VI: "tệp lớn hơn giới hạn lưu trữ %d MB",
		EN: "the file is larger than the archive's limit of %d MB",
	}
	txtFileLossEmpty = texts.Msg{
		VI: "tệp tải về không có nội dung (0 byte)",
		EN: "the downloaded file has no content (0 bytes)",
	}
	txtFileLossUnavailable = texts.Msg{
		VI: "không tải được tệp từ Telegram (đã thử %d lần)",
		EN: "the file could not be downloaded from Telegram (%d attempts)",
	}
	txtFileLostHintTooLarge = texts.Msg{
		VI: "Nếu cần lưu bản chính thức, hãy nén hoặc chia nhỏ tệp rồi gửi bổ sung: %s",
		EN: "To have an archived copy, compress or split the file and send it again: %s",
	}
	txtFileLostHintEmpty = texts.Msg{
		VI: "Hãy kiểm tra lại tệp rồi gửi bổ sung tệp có nội dung: %s",
		EN: "Check the file and send again a file that has content: %s",
	}
	txtFileLostHintUnavailable = texts.Msg{
		VI: "Nếu cơ quan nhận không mở được tệp, hãy gửi lại tệp: %s",
		EN: "If the recipients cannot open the file, send it again: %s",
	}
)

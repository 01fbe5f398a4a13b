package work

import "github.com/bacgiang/fwbot/texts"

// The words of broadcasts with read receipts (spec §10).
var (
	// TxtBcUsage is how to send a broadcast and see its receipts.
	TxtBcUsage = texts.Msg{
		VI: "Cú pháp:\n• /broadcast all <tiêu đề> — gửi thông báo tới mọi cơ quan (quản trị viên), hoặc /broadcast <cơ quan,…> <tiêu đề> tới các cơ quan chọn; các dòng tiếp theo là nội dung; tệp văn bản gửi kèm với lệnh làm chú thích\n• /broadcast — gửi theo từng bước (trong trò chuyện riêng với bot)\n• /broadcast <số> — xem thông báo; người gửi thấy cơ quan nào đã đọc, ai đọc, lúc nào, cơ quan nào chưa đọc\n• /broadcasts — các thông báo đã gửi và đã nhận\nLãnh đạo cơ quan gửi được tới chính cơ quan mình: /broadcast <mã cơ quan mình> <tiêu đề>.",
		EN: "Usage:\n• /broadcast all <title> — send a broadcast to every agency (admins), or /broadcast <agency,…> <title> to the chosen ones; further lines are the text; attach documents with the command as caption\n• /broadcast — step by step (in the private chat with the bot)\n• /broadcast <n> — see a broadcast; its sender sees which agencies have read it, who and when, and which have not\n• /broadcasts — broadcasts sent and received\nAn agency's lead sends to their own agency: /broadcast <own agency code> <title>.",
	}
	txtBcRoleOnly = texts.Msg{
		VI: "Chỉ quản trị viên (gửi tới mọi cơ quan hoặc các cơ quan chọn) và lãnh đạo cơ quan (gửi tới cơ quan mình) mới gửi được thông báo. Nếu cần gửi, hãy đề nghị lãnh đạo cơ quan bạn hoặc quản trị viên.",
		EN: "Only admins (to every agency or chosen ones) and an agency's leads (to their own agency) send broadcasts. Ask your agency's lead or an admin to send it.",
	}
	txtBcLeadOwnOnly = texts.Msg{
		VI: "Lãnh đạo cơ quan chỉ gửi thông báo tới cơ quan mình (%s): hãy gõ /broadcast %s <tiêu đề>. Gửi tới cơ quan khác hoặc tới tất cả (all) do quản trị viên thực hiện.",
		EN: "A lead sends broadcasts to their own agency only (%s): type /broadcast %s <title>. Admins send to other agencies or to all.",
	}
	txtBcUnknownAgency = texts.Msg{
		VI: "Không có cơ quan «%s» để gửi thông báo. Hãy dùng mã cơ quan như trong /help (ví dụ: %s), cách nhau bởi dấu phẩy, hoặc all để gửi tới tất cả.",
		EN: "There is no agency «%s» to send to. Use agency codes as in /help (e.g. %s), comma-separated, or all.",
	}
	txtBcNoTargets = texts.Msg{
		VI: "Hãy chọn ít nhất một cơ quan nhận (mã cơ quan, cách nhau bởi dấu phẩy, hoặc all).",
		EN: "Choose at least one recipient agency (codes, comma-separated, or all).",
	}
	txtBcTooLong = texts.Msg{
		VI: "Tiêu đề và nội dung thông báo dài %d ký tự, quá %d ký tự của một tin nhắn. Hãy rút gọn, hoặc gửi toàn văn thành tệp đính kèm.",
		EN: "The title and text are %d characters long, over the %d of one message. Shorten them, or attach the full text as a file.",
	}
	txtBcNotFound  = texts.Msg{VI: "Không có thông báo %s mà bạn được xem.", EN: "There is no broadcast %s you may see."}
	txtBcReadOther = texts.Msg{
		VI: "Thông báo này gửi cho %s: chỉ cán bộ của cơ quan đó mới xác nhận «Đã đọc».",
		EN: "This broadcast was sent to %s: only its officers can mark it read.",
	}
	txtBcBtnRead      = texts.Msg{VI: "Đã đọc", EN: "Read"}
	txtBcFilesCaption = texts.Msg{VI: "Thông báo %s: %s", EN: "Broadcast %s: %s"}
	txtBcCard         = texts.Msg{
		VI: "📢 Thông báo %s: %s\nTừ: %s · %s",
		EN: "📢 Broadcast %s: %s\nFrom: %s · %s",
	}
	txtBcFilesLine   = texts.Msg{VI: "\n\nTài liệu kèm theo: %d tệp", EN: "\n\nDocuments: %d file(s)"}
	txtBcAskRead     = texts.Msg{VI: "\n\nXin bấm «Đã đọc» để xác nhận cơ quan đã nhận và đọc thông báo.", EN: "\n\nPlease press «Read» to confirm your agency has received and read it."}
	txtBcReadHead    = texts.Msg{VI: "\n\nĐã đọc (%d/%d cơ quan):", EN: "\n\nRead (%d of %d agencies):"}
	txtBcReadLine    = texts.Msg{VI: "\n• %s — %s, %s", EN: "\n• %s — %s, %s"}
	txtBcUnreadHead  = texts.Msg{VI: "\nChưa đọc (%d):", EN: "\nNot read yet (%d):"}
	txtBcUnreadLine  = texts.Msg{VI: "\n• %s — %s", EN: "\n• %s — %s"}
	txtBcReminded    = texts.Msg{VI: "đã nhắc lúc %s", EN: "reminded at %s"}
	txtBcRemindOn    = texts.Msg{VI: "sẽ nhắc ngày %s", EN: "to be reminded on %s"}
	txtBcUnreachable = texts.Msg{VI: "chưa gửi được (chưa có nhóm hoặc cán bộ), sẽ gửi lại khi nhắc ngày %s", EN: "not delivered (no group or officer yet); sent again with the reminder on %s"}
	txtBcYoursRead   = texts.Msg{VI: "\n\nCơ quan bạn: đã đọc — %s, %s", EN: "\n\nYour agency: read — %s, %s"}
	txtBcYoursUnread = texts.Msg{VI: "\n\nCơ quan bạn: chưa xác nhận đã đọc.", EN: "\n\nYour agency: not marked read yet."}
	txtBcReadTold    = texts.Msg{
		VI: "✅ %s đã đọc thông báo %s «%s» (%s, %s). Đã đọc: %d/%d cơ quan.",
		EN: "✅ %s has read broadcast %s «%s» (%s, %s). Read: %d of %d agencies.",
	}
	txtBcAllRead      = texts.Msg{VI: " Tất cả các cơ quan đã đọc.", EN: " Every agency has read it."}
	txtBcReminderHead = texts.Msg{
		VI: "⏰ Nhắc: cơ quan chưa xác nhận đã đọc thông báo %s (gửi ngày %s). Xin bấm «Đã đọc» sau khi đọc.\n\n",
		EN: "⏰ Reminder: your agency has not marked broadcast %s (sent on %s) read. Please press «Read» once read.\n\n",
	}
)

package handlers

import (
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// Msg is one user-visible text in Vietnamese and English (texts.Msg): the
// handlers' own texts live beside them, the shared ones in package texts.
type Msg = texts.Msg

// Texts shown to officers. Vietnamese first; plain text, no markup.
var (
	txtStranger = Msg{
		VI: "Xin lỗi, bạn chưa được ghi danh sử dụng bot này. Bot chỉ phục vụ cán bộ các cơ quan phối hợp quản lý người lao động nước ngoài%s (%s).\n\nNếu bạn là cán bộ, hãy đề nghị quản trị viên (%s) cấp mã mời, rồi mở đường link mời hoặc gửi /start <mã mời> trong trò chuyện riêng với bot.\n\nMã Telegram của bạn: %d",
		EN: "Sorry, you are not enrolled in this bot. It serves officers of the agencies coordinating the management of foreign workers%s (%s).\n\nIf you are an officer, ask an administrator (%s) for an invite code, then open the invite link or send /start <code> in a private chat with the bot.\n\nYour Telegram id: %d",
	}
	txtStrangerShort = Msg{
		VI: "Bạn chưa được ghi danh. Hãy xin mã mời từ quản trị viên rồi gửi /start <mã mời> trong trò chuyện riêng với bot.",
		EN: "You are not enrolled. Ask an administrator for an invite code, then send /start <code> in a private chat with the bot.",
	}
	txtForbiddenRole = Msg{
		VI: "Bạn không có quyền dùng %s. Chức năng này dành cho %s.",
		EN: "You may not use %s. It is reserved for %s.",
	}
	txtLeadsAndAdmins = Msg{VI: "lãnh đạo cơ quan và quản trị viên", EN: "agency leads and administrators"}
	txtUnboundGroup   = Msg{
		VI: "Nhóm này chưa được liên kết với cơ quan nào nên bot chưa hoạt động ở đây. Quản trị viên hãy gửi /bindgroup <mã cơ quan> trong nhóm này.",
		EN: "This group is not bound to an agency yet, so the bot does not act here. An administrator should send /bindgroup <agency code> in this group.",
	}
	txtPrivateOnly = Msg{
		VI: "Lệnh %s chỉ dùng trong trò chuyện riêng với bot. Hãy mở trò chuyện riêng với @%s rồi gửi lại.",
		EN: "%s works only in a private chat with the bot. Open a private chat with @%s and send it there.",
	}
	txtGroupOnly = Msg{
		VI: "Lệnh %s chỉ dùng bên trong nhóm cần liên kết. Hãy thêm bot vào nhóm của cơ quan rồi gửi lệnh trong nhóm đó.",
		EN: "%s works only inside the group to be bound. Add the bot to the agency's group and send it there.",
	}
	txtUnknownCommand = Msg{
		VI: "Không có lệnh %s. Gõ /help để xem các lệnh bạn có thể dùng.",
		EN: "There is no command %s. Send /help to see what you can do.",
	}
	txtStaleButton = Msg{
		VI: "Nút này không còn hiệu lực. Hãy gửi lại lệnh.",
		EN: "This button is no longer valid. Please send the command again.",
	}
	txtFlood = Msg{
		VI: "Bạn đang gửi quá nhiều tin nhắn trong thời gian ngắn. Vui lòng chờ một chút rồi gửi lại; các tin gửi thêm lúc này sẽ không được xử lý.",
		EN: "You are sending too many messages at once. Please wait a moment and send again; messages sent meanwhile are not handled.",
	}
	txtTooManyCodes = Msg{
		VI: "Bạn đã thử mã mời quá nhiều lần. Vui lòng thử lại sau %d phút, hoặc đề nghị quản trị viên cấp mã mới.",
		EN: "Too many invite code attempts. Please try again in %d minutes, or ask an administrator for a new code.",
	}
	txtUnavailable = Msg{
		VI: "Hệ thống tạm thời gián đoạn, vui lòng thử lại sau ít phút.",
		EN: "The service is temporarily interrupted, please try again in a few minutes.",
	}
	// txtCannotWrite answers an update the database cannot record (a full
	// disk): it is not confirmed to Telegram, which offers it again, and is
	// handled once the disk has room.
	txtCannotWrite = Msg{
		VI: "Hệ thống tạm thời gián đoạn. Tin nhắn của bạn chưa được xử lý; hệ thống sẽ tự xử lý khi hoạt động trở lại, bạn không cần gửi lại.",
		EN: "The service is temporarily interrupted. Your message has not been handled yet; it will be handled when the service is back, no need to send it again.",
	}
	txtStepNotSaved = Msg{
		VI: "Xin lỗi, hệ thống vừa gián đoạn nên bước vừa rồi của bạn chưa được ghi nhớ. Sau ít phút, hãy làm lại bước đó (gửi lại tin nhắn hoặc tệp); nếu các nút không còn tác dụng, gửi /cancel rồi bắt đầu lại.",
		EN: "Sorry, the service was briefly interrupted and your last step was not kept. In a few minutes, repeat it (send the message or file again); if the buttons no longer work, send /cancel and start over.",
	}
	txtInternal = Msg{
		VI: "Rất tiếc, đã có lỗi ngoài ý muốn khi xử lý yêu cầu của bạn. Không có thay đổi nào được lưu; vui lòng thử lại. Nếu lỗi lặp lại, hãy báo quản trị viên.",
		EN: "Sorry, something unexpected went wrong. Nothing was changed; please try again. If it happens again, tell an administrator.",
	}
	// txtInternalAdmin is txtInternal for an admin, who is the one others
	// are told to tell: where to look instead.
	txtInternalAdmin = Msg{
		VI: "Rất tiếc, đã có lỗi ngoài ý muốn khi xử lý yêu cầu của bạn. Không có thay đổi nào được lưu; vui lòng thử lại. Nếu lỗi lặp lại, hãy xem nhật ký của bot (các dòng level=ERROR) và báo bộ phận kỹ thuật vận hành máy chủ.",
		EN: "Sorry, something unexpected went wrong. Nothing was changed; please try again. If it happens again, look at the bot's log (the level=ERROR lines) and tell the technical staff who run the server.",
	}
	txtNotUnderstood = Msg{
		VI: "Tôi chưa hiểu tin nhắn này. Gõ /help để xem các lệnh bạn có thể dùng.",
		EN: "I did not understand that. Send /help to see what you can do.",
	}

	txtWelcomeBack = Msg{
		VI: "Xin chào %s! Bạn là %s của %s. Gõ /help để xem các việc bạn có thể làm.",
		EN: "Hello %s! You are %s of %s. Send /help to see what you can do.",
	}
	txtEnrolled = Msg{
		VI: "Chào mừng %s! Bạn đã được ghi danh là %s của %s.\n\nGõ /help để xem các việc bạn có thể làm.",
		EN: "Welcome %s! You are now enrolled as %s of %s.\n\nSend /help to see what you can do.",
	}
	txtReEnrolled = Msg{
		VI: "Đã cập nhật: bạn nay là %s của %s (trước đây: %s của %s).",
		EN: "Updated: you are now %s of %s (before: %s of %s).",
	}
	txtInviteInvalid = Msg{
		VI: "Mã mời không hợp lệ. Hãy kiểm tra lại mã (sao chép đầy đủ) hoặc đề nghị quản trị viên cấp mã mới.",
		EN: "This invite code is not valid. Check that you copied it whole, or ask an administrator for a new one.",
	}
	txtInviteUsed = Msg{
		VI: "Mã mời này đã được sử dụng. Mỗi mã chỉ dùng được một lần; hãy đề nghị quản trị viên cấp mã mới.",
		EN: "This invite code has already been used. Each code works once; ask an administrator for a new one.",
	}
	txtInviteIssuerGone = Msg{
		VI: "Mã mời này không còn hiệu lực vì người cấp mã không còn là quản trị viên. Hãy đề nghị một quản trị viên khác cấp mã mới.",
		EN: "This invite code is no longer valid: the person who issued it is no longer an administrator. Ask another administrator for a new code.",
	}
	txtInviteExpired = Msg{
		VI: "Mã mời này đã hết hạn (ngày %s). Hãy đề nghị quản trị viên cấp mã mới.",
		EN: "This invite code expired on %s. Ask an administrator for a new one.",
	}
	txtStartInGroup = Msg{
		VI: "Để dùng mã mời, hãy mở trò chuyện riêng với @%s và gửi /start <mã mời> ở đó. Mã chưa bị sử dụng.",
		EN: "To use an invite code, open a private chat with @%s and send /start <code> there. The code was not used.",
	}

	txtWhoami = Msg{
		VI: "Bạn: %s\nMã Telegram: %d\nCơ quan: %s (%s)\nVai trò: %s\nNgôn ngữ: %s",
		EN: "You: %s\nTelegram id: %d\nAgency: %s (%s)\nRole: %s\nLanguage: %s",
	}
	txtWhoamiGroupBound = Msg{
		VI: "\n\nNhóm này được liên kết với: %s (%s).",
		EN: "\n\nThis group is bound to: %s (%s).",
	}
	txtWhoamiTopicHere = Msg{
		VI: " Tin dành cho cơ quan được gửi vào chủ đề (topic) này.",
		EN: " Messages for the agency are posted in this topic.",
	}
	txtWhoamiTopicElsewhere = Msg{
		VI: " Tin dành cho cơ quan được gửi vào chủ đề (topic) đã dùng để liên kết nhóm, không phải nơi này.",
		EN: " Messages for the agency are posted in the topic the group was bound from, not here.",
	}
	txtWhoamiGroupUnbound = Msg{
		VI: "\n\nNhóm này chưa được liên kết với cơ quan nào.",
		EN: "\n\nThis group is not bound to any agency.",
	}

	txtHelpHeader = Msg{
		VI: "Các lệnh bạn có thể dùng (%s, %s):",
		EN: "Commands you can use (%s, %s):",
	}
	txtHelpGroupNote = Msg{
		VI: "Trong nhóm, bot chỉ phản hồi lệnh và tin nhắn trả lời tin của bot.",
		EN: "In groups the bot acts only on commands and on replies to its own messages.",
	}

	txtCancelled       = Msg{VI: "Đã hủy thao tác đang dở.", EN: "The pending action was cancelled."}
	txtNothingToCancel = Msg{
		VI: "Không có thao tác nào đang dở.",
		EN: "There is nothing to cancel.",
	}

	txtLangAsk   = Msg{VI: "Chọn ngôn ngữ hiển thị:", EN: "Choose your language:"}
	txtLangSet   = Msg{VI: "Đã chuyển sang tiếng Việt.", EN: "Language set to English."}
	txtLangUsage = Msg{
		VI: "Cú pháp: /lang vi hoặc /lang en.",
		EN: "Usage: /lang vi or /lang en.",
	}

	txtInviteUsage = Msg{
		VI: "Cú pháp: /invite <mã cơ quan> [officer|lead|admin]\nVí dụ: /invite %s officer\nMã cơ quan: %s",
		EN: "Usage: /invite <agency code> [officer|lead|admin]\nExample: /invite %s officer\nAgency codes: %s",
	}
	txtUnknownAgency = Msg{
		VI: "Không có cơ quan mã %q. Các mã hợp lệ: %s",
		EN: "There is no agency with code %q. Valid codes: %s",
	}
	txtUnknownRole = Msg{
		VI: "Vai trò %q không hợp lệ. Chọn một trong: officer (cán bộ), lead (lãnh đạo), admin (quản trị viên).",
		EN: "Role %q is not valid. Choose one of: officer, lead, admin.",
	}
	txtInviteChooseAgency = Msg{
		VI: "Cấp mã mời: chọn cơ quan của người được mời.",
		EN: "New invite: choose the invitee's agency.",
	}
	txtInviteChooseRole = Msg{
		VI: "Cấp mã mời cho %s: chọn vai trò.",
		EN: "New invite for %s: choose the role.",
	}
	txtInviteCreated = Msg{
		VI: "Đã tạo mã mời cho một %s của %s (%s).\n\nMã mời:\n%s\n\nĐường link ghi danh:\n%s\n\nMã chỉ dùng được một lần và hết hạn lúc %s. Hãy gửi riêng mã hoặc đường link cho người được mời; họ mở link (hoặc gửi /start <mã mời> cho bot) để ghi danh.",
		EN: "Invite created for one %s of %s (%s).\n\nCode:\n%s\n\nEnrolment link:\n%s\n\nThe code works once and expires at %s. Send it privately to the invitee; they open the link (or send /start <code> to the bot) to enrol.",
	}
	txtFlowExpired = texts.TxtFlowExpired

	txtBindUsage = Msg{
		VI: "Cú pháp: /bindgroup <mã cơ quan|coord>, gửi trong nhóm cần liên kết.\nMã hợp lệ: %s",
		EN: "Usage: /bindgroup <agency code|coord>, sent inside the group to bind.\nValid codes: %s",
	}
	txtBindChoose = Msg{
		VI: "Liên kết nhóm này với cơ quan nào?",
		EN: "Which agency should this group be bound to?",
	}
	txtBound = Msg{
		VI: "Đã liên kết nhóm này với %s (%s). Từ nay báo cáo, yêu cầu phối hợp và nhắc hạn dành cho %s sẽ được gửi vào nhóm này.",
		EN: "This group is now bound to %s (%s). Reports, coordination requests and reminders for %s will be posted here.",
	}
	txtBoundTopic = Msg{
		VI: "\n\nLệnh được gửi trong một chủ đề (topic), nên tin dành cho cơ quan sẽ được gửi vào chủ đề này. Muốn nhận ở mục chung của nhóm, hãy gửi lại /bindgroup %s ở đó.",
		EN: "\n\nThe command was sent in a topic, so messages for the agency will be posted in this topic. To receive them in the group's general chat, send /bindgroup %s again there.",
	}
	txtUnboundMoved = Msg{
		VI: "Nhóm này không còn được liên kết với %s (%s): quản trị viên đã liên kết cơ quan này với một nhóm khác.",
		EN: "This group is no longer bound to %s (%s): an administrator bound that agency to another group.",
	}
	txtJoined = Msg{
		VI: "Xin chào! Tôi là bot phối hợp quản lý người lao động nước ngoài%s. Để tôi hoạt động trong nhóm này, quản trị viên hãy gửi /bindgroup <mã cơ quan> (hoặc /bindgroup coord cho nhóm phối hợp liên ngành).",
		EN: "Hello! I am the foreign-worker coordination bot%s. To activate me here, an administrator should send /bindgroup <agency code> (or /bindgroup coord for the interagency group).",
	}
	txtMigrated = Msg{
		VI: "Nhóm đã được Telegram nâng cấp thành siêu nhóm; liên kết với %s (%s) được giữ nguyên.",
		EN: "Telegram upgraded this group to a supergroup; its binding to %s (%s) is kept.",
	}
	txtCoordGroupName = Msg{VI: "Nhóm phối hợp liên ngành", EN: "Interagency coordination group"}
)

// Role names as officers read them.
var roleNames = map[coord.Role]Msg{
	coord.RoleOfficer: {VI: "cán bộ", EN: "officer"},
	coord.RoleLead:    {VI: "lãnh đạo cơ quan", EN: "agency lead"},
	coord.RoleAdmin:   {VI: "quản trị viên", EN: "administrator"},
}

var langNames = map[coord.Lang]string{coord.LangVI: "Tiếng Việt", coord.LangEN: "English"}

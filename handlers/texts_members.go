package handlers

// Texts of /members, /revoke, /role and /unbind.
var (
	txtMembersHeader = Msg{
		VI: "Người đã ghi danh của %s (%s): %d người.",
		EN: "People enrolled in %s (%s): %d.",
	}
	txtMembersGroup   = Msg{VI: "Nhóm liên kết: %s", EN: "Bound group: %s"}
	txtMembersNoGroup = Msg{
		VI: "Chưa liên kết nhóm nào: tin dành cho cơ quan được gửi riêng cho từng người.",
		EN: "No bound group: the agency's messages go to each person privately.",
	}
	// name, " (@username)", Telegram id, role, date, language.
	txtMemberLine = Msg{
		VI: "• %s%s — mã %d — %s — ghi danh từ %s — %s",
		EN: "• %s%s — id %d — %s — enrolled since %s — %s",
	}
	txtMemberNoName    = Msg{VI: "(chưa có tên)", EN: "(no name yet)"}
	txtMemberBootstrap = Msg{VI: " (khởi tạo, BOT_ADMIN_IDS)", EN: " (bootstrap, BOT_ADMIN_IDS)"}
	txtMembersNone     = Msg{
		VI: "Chưa có ai ghi danh cho %s (%s).",
		EN: "Nobody is enrolled in %s (%s).",
	}
	txtMembersInviteHint = Msg{
		VI: "Cấp mã mời: /invite %s",
		EN: "To invite someone: /invite %s",
	}
	txtMembersAllHeader = Msg{
		VI: "Người đã ghi danh: %d người ở %d cơ quan.",
		EN: "Enrolled: %d people in %d agencies.",
	}
	txtMembersAllNobody = Msg{
		VI: "Chưa có ai ghi danh: %s",
		EN: "Nobody enrolled yet: %s",
	}
	txtMembersAdminHint = Msg{
		VI: "Thu hồi quyền: /revoke <mã Telegram>. Đổi vai trò: /role <mã Telegram> officer|lead|admin.",
		EN: "Revoke access: /revoke <Telegram id>. Change a role: /role <Telegram id> officer|lead|admin.",
	}
	txtMembersOther = Msg{
		VI: "Bạn chỉ xem được danh sách người của cơ quan mình, %s: gửi /members. Danh sách của cơ quan khác do quản trị viên xem.",
		EN: "You can only see the people of your own agency, %s: send /members. Other agencies' lists are for administrators.",
	}

	txtPersonUnknown = Msg{
		VI: "Không có ai đã ghi danh với mã Telegram %d. Hãy kiểm tra lại mã trong /members.",
		EN: "Nobody is enrolled with Telegram id %d. Check the id in /members.",
	}
	txtPersonRevoked = Msg{
		VI: "%s (mã %d) đã bị thu hồi quyền từ ngày %s nên không còn là người đã ghi danh. Để cho người này dùng lại bot, hãy cấp mã mời mới bằng /invite.",
		EN: "%s (id %d) had their access revoked on %s and is no longer enrolled. To let them use the bot again, issue a new invite with /invite.",
	}
	txtConfirmCancelled = Msg{VI: "Đã hủy, không có thay đổi nào.", EN: "Cancelled; nothing was changed."}
	txtCancelButton     = Msg{VI: "Hủy", EN: "Cancel"}

	txtRevokeUsage = Msg{
		VI: "Cú pháp: /revoke <mã Telegram>\nVí dụ: /revoke 123456789\nMã Telegram của từng người có trong /members.",
		EN: "Usage: /revoke <Telegram id>\nExample: /revoke 123456789\nEveryone's Telegram id is in /members.",
	}
	txtRevokeSelf = Msg{
		VI: "Bạn không thể tự thu hồi quyền của chính mình. Nếu cần, hãy nhờ một quản trị viên khác làm việc này.",
		EN: "You cannot revoke your own access. If it must be done, ask another administrator.",
	}
	txtRevokeBootstrap = Msg{
		VI: "Mã %d là quản trị viên khởi tạo (BOT_ADMIN_IDS), được đặt lại mỗi lần bot khởi động, nên không thu hồi được bằng lệnh. Hãy xóa mã này khỏi BOT_ADMIN_IDS (hoặc admin_ids trong config.yaml), khởi động lại bot, rồi gửi lại /revoke %d.",
		EN: "%d is a bootstrap administrator (BOT_ADMIN_IDS), restored at every start, so a command cannot revoke them. Remove the id from BOT_ADMIN_IDS (or admin_ids in config.yaml), restart the bot, then send /revoke %d again.",
	}
	txtRevokeConfirm = Msg{
		VI: "Thu hồi quyền sử dụng bot của:\n%s (mã %d)\nCơ quan: %s (%s)\nVai trò: %s\n\nTừ tin nhắn tiếp theo, người này bị từ chối như người chưa ghi danh, không còn nhận báo cáo, yêu cầu hay nhắc hạn, và các thao tác đang dở của họ bị hủy. Các nhóm đã liên kết giữ nguyên; tên của họ vẫn hiện trong lịch sử. Có thể ghi danh lại bằng mã mời mới.",
		EN: "Revoke the access of:\n%s (id %d)\nAgency: %s (%s)\nRole: %s\n\nFrom their next message on they are refused as not enrolled, receive no more reports, requests or reminders, and their pending actions are dropped. Bound groups stay as they are; their name still shows in histories. A new invite enrols them again.",
	}
	txtRevokeYes  = Msg{VI: "Xác nhận thu hồi", EN: "Revoke"}
	txtRevokeDone = Msg{
		VI: "Đã thu hồi quyền sử dụng bot của %s (mã %d, %s của %s). Để cho người này dùng lại, hãy cấp mã mời mới bằng /invite.",
		EN: "The access of %s (id %d, %s of %s) is revoked. To let them back in, issue a new invite with /invite.",
	}
	txtRevokedNotice = Msg{
		VI: "Quyền sử dụng bot phối hợp của bạn đã được quản trị viên thu hồi. Nếu bạn vẫn cần dùng bot, hãy liên hệ quản trị viên (%s) để được cấp mã mời mới.",
		EN: "An administrator has revoked your access to the coordination bot. If you still need it, ask an administrator (%s) for a new invite.",
	}

	txtRoleUsage = Msg{
		VI: "Cú pháp: /role <mã Telegram> officer|lead|admin\nVí dụ: /role 123456789 lead\nMã Telegram của từng người có trong /members.",
		EN: "Usage: /role <Telegram id> officer|lead|admin\nExample: /role 123456789 lead\nEveryone's Telegram id is in /members.",
	}
	txtRoleSelf = Msg{
		VI: "Bạn không thể tự hạ vai trò của chính mình (để không ai vô tình mất quyền quản trị). Nếu cần, hãy nhờ một quản trị viên khác.",
		EN: "You cannot demote yourself (so that no one loses administration by accident). If it must be done, ask another administrator.",
	}
	txtRoleBootstrap = Msg{
		VI: "Mã %d là quản trị viên khởi tạo (BOT_ADMIN_IDS): vai trò này được đặt lại mỗi lần bot khởi động. Để đổi, hãy xóa mã khỏi BOT_ADMIN_IDS (hoặc admin_ids trong config.yaml), khởi động lại bot, rồi gửi lại lệnh.",
		EN: "%d is a bootstrap administrator (BOT_ADMIN_IDS): that role is restored at every start. To change it, remove the id from BOT_ADMIN_IDS (or admin_ids in config.yaml), restart the bot, then send the command again.",
	}
	txtRoleSame = Msg{
		VI: "%s (mã %d) đã là %s; không có gì thay đổi.",
		EN: "%s (id %d) is already %s; nothing changed.",
	}
	txtRoleDone = Msg{
		VI: "Đã đổi vai trò của %s (mã %d, %s): %s → %s. Người này đã được thông báo.",
		EN: "Role of %s (id %d, %s) changed: %s → %s. They have been told.",
	}
	txtRoleNotice = Msg{
		VI: "Quản trị viên đã đổi vai trò của bạn: nay bạn là %s của %s (trước đây: %s). Gõ /help để xem các việc bạn có thể làm.",
		EN: "An administrator changed your role: you are now %s of %s (before: %s). Send /help to see what you can do.",
	}

	txtUnbindUsage = Msg{
		VI: "Cú pháp: /unbind <mã cơ quan|coord>, hoặc gửi /unbind bên trong nhóm cần hủy liên kết.\nMã hợp lệ: %s",
		EN: "Usage: /unbind <agency code|coord>, or send /unbind inside the group to unbind.\nValid codes: %s",
	}
	txtUnbindNotBoundHere = Msg{
		VI: "Nhóm này chưa được liên kết với cơ quan nào; không có gì để hủy.",
		EN: "This group is not bound to any agency; there is nothing to unbind.",
	}
	txtUnbindNothing = Msg{
		VI: "%s (%s) chưa được liên kết với nhóm nào; không có gì để hủy.",
		EN: "%s (%s) is not bound to any group; there is nothing to unbind.",
	}
	txtUnbindConfirm = Msg{
		VI: "Hủy liên kết nhóm «%s» với %s (%s)?\n\n%s",
		EN: "Unbind the group «%s» from %s (%s)?\n\n%s",
	}
	txtUnbindAfterAgency = Msg{
		VI: "Sau khi hủy, báo cáo, yêu cầu phối hợp và nhắc hạn dành cho %s sẽ được gửi riêng cho từng người đã ghi danh của cơ quan (nếu chưa có ai thì không gửi được). Có thể liên kết lại bằng /bindgroup %s.",
		EN: "Afterwards, reports, coordination requests and reminders for %s go to each of its enrolled people privately (nowhere, if nobody is enrolled). /bindgroup %s binds a group again.",
	}
	txtUnbindAfterCoord = Msg{
		VI: "Sau khi hủy, bản tổng hợp và các yêu cầu quá hạn báo cáo cơ quan chủ trì sẽ không được đăng vào nhóm nào cho đến khi một nhóm khác được liên kết bằng /bindgroup coord.",
		EN: "Afterwards, digests and overdue requests escalated to the coordinator are posted nowhere until another group is bound with /bindgroup coord.",
	}
	txtUnbindYes     = Msg{VI: "Xác nhận hủy liên kết", EN: "Unbind"}
	txtUnbindChanged = Msg{
		VI: "Liên kết của %s (%s) đã thay đổi kể từ khi bạn gửi lệnh. Hãy gửi lại /unbind để xem tình trạng hiện tại.",
		EN: "The binding of %s (%s) changed since you sent the command. Send /unbind again to see how it stands now.",
	}
	// Told to the group (in Vietnamese, as groups read).
	txtUnboundByAdmin = Msg{
		VI: "Nhóm này không còn được liên kết với %s (%s): quản trị viên đã hủy liên kết. %s Bot không còn hoạt động trong nhóm này cho đến khi được liên kết lại bằng /bindgroup.",
		EN: "This group is no longer bound to %s (%s): an administrator unbound it. %s The bot no longer acts here until the group is bound again with /bindgroup.",
	}
	txtUnboundNowAgency = Msg{
		VI: "Từ nay báo cáo, yêu cầu phối hợp và nhắc hạn dành cho %s được gửi riêng cho từng người đã ghi danh của cơ quan.",
		EN: "From now on, reports, coordination requests and reminders for %s go to each of its enrolled people privately.",
	}
	txtUnboundNowCoord = Msg{
		VI: "Từ nay bản tổng hợp và các yêu cầu quá hạn không được đăng vào nhóm nào cho đến khi một nhóm được liên kết bằng /bindgroup coord.",
		EN: "From now on, digests and overdue requests are posted nowhere until a group is bound with /bindgroup coord.",
	}
	txtUnbindDone = Msg{
		VI: "Đã hủy liên kết nhóm «%s» với %s (%s). Nhóm đã được thông báo.",
		EN: "The group «%s» is no longer bound to %s (%s). The group has been told.",
	}
	txtGroupNoTitle = Msg{VI: "mã nhóm %d", EN: "group id %d"}
)

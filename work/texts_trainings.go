package work

import (
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// The words of dissemination and training activities (Điều 3.1, 6.2,
// clause 1 of Điều 7–16).
var (
	// TxtTrainUsage is how to record an activity and take its other steps.
	TxtTrainUsage = texts.Msg{
		VI: "Cú pháp:\n• /training <dd/mm/yyyy> <tên hoạt động> — ghi nhận hoạt động tuyên truyền, phổ biến pháp luật, tập huấn (ngày sắp tới là kế hoạch); các dòng tiếp theo: «Đối tượng: doanh nghiệp, người lao động nước ngoài, cán bộ» (một hoặc nhiều, bắt buộc), «Số người: n» (bắt buộc nếu đã tổ chức), «Phối hợp: %s» (tùy chọn); tệp tài liệu gửi kèm với lệnh làm chú thích. Gõ /training một mình trong trò chuyện riêng để được hỏi từng bước.\n• /training <số> — xem hoạt động\n• /training <số> held <số người> — ghi nhận đã tổ chức (kèm tài liệu, ảnh nếu có)\n• /training <số> cancel <lý do> — hủy hoạt động đã lên kế hoạch\n• /training <số> join · /training <số> decline <lý do> — cơ quan phối hợp trả lời\n• /training plan [năm] — kế hoạch tuyên truyền, tập huấn của năm\n• /trainings [năm] — danh sách hoạt động",
		EN: "Usage:\n• /training <dd/mm/yyyy> <title> — record a dissemination or training activity (a day ahead makes it planned); further lines: «Audience: employers, foreign workers, officers» (one or more, required), «Attendees: n» (required once held), «Co-organisers: %s» (optional); attach the materials with the command as caption. Send /training alone in the private chat to be asked step by step.\n• /training <n> — see an activity\n• /training <n> held <attendees> — record that it took place (with materials, photos if any)\n• /training <n> cancel <reason> — cancel a planned activity\n• /training <n> join · /training <n> decline <reason> — a co-organiser answers\n• /training plan [year] — the year's plan\n• /trainings [year] — the list of activities",
	}
	// TxtTrainAudienceNeeded: every record says who it was for.
	TxtTrainAudienceNeeded = texts.Msg{
		VI: "Hãy ghi đối tượng của hoạt động, một hoặc nhiều: doanh nghiệp, người lao động nước ngoài, cán bộ — ví dụ dòng «Đối tượng: doanh nghiệp, người lao động nước ngoài».",
		EN: "Say who the activity is for, one or more of: employers, foreign workers, officers — e.g. a line «Audience: employers, foreign workers».",
	}
	// TxtTrainAttendeesNeeded: an activity already held says how many came.
	TxtTrainAttendeesNeeded = texts.Msg{
		VI: "Hoạt động ngày %s đã diễn ra: hãy ghi số người tham dự, ví dụ dòng «Số người: 120».",
		EN: "The activity of %s has taken place: give the number of attendees, e.g. a line «Attendees: 120».",
	}
	// TxtTrainDeclineNeedsReason: a decline must say why (Điều 4.3).
	TxtTrainDeclineNeedsReason = texts.Msg{
		VI: "Không tham gia phối hợp hoạt động %s thì phải nêu lý do. Hãy gõ: /training %d decline <lý do>, hoặc bấm «Không tham gia» rồi trả lời bằng lý do.",
		EN: "Declining to co-organise %s needs a reason. Type /training %d decline <reason>, or press «Not taking part» and reply with the reason.",
	}
	// TxtTrainCancelNeedsReason: a cancellation must say why.
	TxtTrainCancelNeedsReason = texts.Msg{
		VI: "Hủy hoạt động %s thì phải nêu lý do. Hãy gõ: /training %d cancel <lý do>",
		EN: "Cancelling %s needs a reason. Type /training %d cancel <reason>",
	}
	// TxtTrainHeldUsage is how the organiser records that it took place.
	TxtTrainHeldUsage = texts.Msg{
		VI: "Hãy ghi số người tham dự hoạt động %s: /training %d held <số người>, ví dụ /training %[2]d held 120 (gửi kèm tài liệu, ảnh nếu có).",
		EN: "Give the number of attendees of %s: /training %d held <attendees>, e.g. /training %[2]d held 120 (attach materials, photos if any).",
	}
	txtTrainOrganiserOwn = texts.Msg{
		VI: "Cơ quan bạn (%s) là cơ quan tổ chức các hoạt động mình ghi nhận. Chỉ cơ quan chủ trì kế hoạch và quản trị viên mới ghi cho cơ quan khác.",
		EN: "Your agency (%s) organises the activities it records. Only the coordinator and admins record them for another agency.",
	}
	txtTrainUnknownAgency = texts.Msg{
		VI: "Không có cơ quan «%s» để tổ chức hoặc phối hợp. Hãy dùng mã cơ quan như trong /help (ví dụ: %s).",
		EN: "There is no agency «%s» to organise or co-organise. Use agency codes as in /help (e.g. %s).",
	}
	txtTrainTooFar         = texts.Msg{VI: "Ngày %s quá xa: kế hoạch chỉ ghi đến %s.", EN: "%s is too far ahead: plans go up to %s."}
	txtTrainTooOld         = texts.Msg{VI: "Ngày %s quá cũ: chỉ ghi nhận hoạt động từ %s.", EN: "%s is too long ago: activities are recorded from %s."}
	txtTrainNotFound       = texts.Msg{VI: "Không có hoạt động %s mà bạn được xem.", EN: "There is no activity %s you may see."}
	txtTrainNotCoOrganiser = texts.Msg{VI: "Hoạt động %s không mời %s phối hợp.", EN: "Activity %s does not ask %s to co-organise."}
	txtTrainIsCancelled    = texts.Msg{VI: "Hoạt động %s đã bị hủy.", EN: "Activity %s was cancelled."}
	txtTrainAlreadyHeld    = texts.Msg{VI: "Hoạt động %s đã được ghi nhận là đã tổ chức (%d người tham dự).", EN: "Activity %s is already recorded as held (%d attendees)."}
	txtTrainNotYet         = texts.Msg{VI: "Hoạt động %s chưa đến ngày tổ chức (%s): ghi nhận kết quả sau khi tổ chức.", EN: "Activity %s is not due yet (%s): record it once it took place."}
	txtTrainOrganiserOnly  = texts.Msg{VI: "Chỉ cán bộ của %s (cơ quan tổ chức) thực hiện được việc này với hoạt động %s.", EN: "Only officers of %s (the organiser) can do this to activity %s."}
	txtTrainBtnJoin        = texts.Msg{VI: "Tham gia", EN: "Taking part"}
	txtTrainBtnDecline     = texts.Msg{VI: "Không tham gia", EN: "Not taking part"}
	txtTrainAudiences      = map[coord.Audience]texts.Msg{
		coord.AudEmployers:      {VI: "doanh nghiệp", EN: "employers"},
		coord.AudForeignWorkers: {VI: "người lao động nước ngoài", EN: "foreign workers"},
		coord.AudOfficers:       {VI: "cán bộ", EN: "officers"},
	}
	txtTrainCard = texts.Msg{
		VI: "🎓 Hoạt động tuyên truyền, phổ biến pháp luật, tập huấn %s\nNội dung: %s\nNgày: %s\nCơ quan tổ chức: %s\nĐối tượng: %s",
		EN: "🎓 Dissemination / training activity %s\nTitle: %s\nDay: %s\nOrganiser: %s\nAudience: %s",
	}
	txtTrainAttended        = texts.Msg{VI: "\nSố người tham dự: %d", EN: "\nAttendees: %d"}
	txtTrainExpected        = texts.Msg{VI: "\nSố người dự kiến: %d", EN: "\nExpected attendees: %d"}
	txtTrainCoOrganisers    = texts.Msg{VI: "\nCơ quan phối hợp: %s", EN: "\nCo-organisers: %s"}
	txtTrainMaterials       = texts.Msg{VI: "\nTài liệu: %d tệp", EN: "\nMaterials: %d file(s)"}
	txtTrainHeldLine        = texts.Msg{VI: "\n✅ Đã tổ chức.", EN: "\n✅ Held."}
	txtTrainPlannedLine     = texts.Msg{VI: "\n🗓 Kế hoạch, chưa tổ chức.", EN: "\n🗓 Planned, not yet held."}
	txtTrainCancelledLine   = texts.Msg{VI: "\n❌ Đã hủy: %s", EN: "\n❌ Cancelled: %s"}
	txtTrainStateHeld       = texts.Msg{VI: "đã tổ chức", EN: "held"}
	txtTrainStatePlanned    = texts.Msg{VI: "kế hoạch", EN: "planned"}
	txtTrainStateUnreported = texts.Msg{VI: "đã qua ngày, chưa báo kết quả", EN: "past its day, not reported"}
	txtTrainStateCancelled  = texts.Msg{VI: "đã hủy (%s)", EN: "cancelled (%s)"}
	txtTrainInviteHead      = texts.Msg{VI: "📨 %s mời cơ quan phối hợp tổ chức:\n\n", EN: "📨 %s asks your agency to co-organise:\n\n"}
	txtTrainAssigned        = texts.Msg{VI: "🗓 %s giao cơ quan bạn tổ chức hoạt động trong kế hoạch tuyên truyền, tập huấn (Điều 6.2):\n\n", EN: "🗓 %s gives your agency an activity of the dissemination and training plan (Art. 6.2):\n\n"}
	txtTrainAskAnswer       = texts.Msg{VI: "\n\nXin bấm «Tham gia» hoặc «Không tham gia» (nêu lý do).", EN: "\n\nPlease press «Taking part» or «Not taking part» (with the reason)."}
	txtTrainAnswersHead     = texts.Msg{VI: "\n\nTrả lời của cơ quan phối hợp:", EN: "\n\nCo-organisers' answers:"}
	txtTrainJoins           = texts.Msg{VI: "tham gia", EN: "taking part"}
	txtTrainDeclines        = texts.Msg{VI: "không tham gia — lý do: %s", EN: "not taking part — reason: %s"}
	txtTrainNoAnswer        = texts.Msg{VI: "chưa trả lời", EN: "no answer yet"}
	txtTrainAnswered        = texts.Msg{VI: "🎓 %s trả lời lời mời phối hợp hoạt động %s «%s»: %s (%s).", EN: "🎓 %s answered the invitation to co-organise %s «%s»: %s (%s)."}
	txtTrainHeldTold        = texts.Msg{VI: "✅ Hoạt động %s «%s» ngày %s đã tổ chức, %d người tham dự.", EN: "✅ Activity %s «%s» of %s took place, %d attendees."}
	txtTrainCancelledTold   = texts.Msg{VI: "❌ Hoạt động %s «%s» ngày %s đã bị hủy. Lý do: %s", EN: "❌ Activity %s «%s» of %s is cancelled. Reason: %s"}
	txtTrainRemindBefore    = texts.Msg{VI: "⏰ Nhắc lịch: hoạt động %s diễn ra %s.\n\n", EN: "⏰ Reminder: activity %s takes place on %s.\n\n"}
	txtTrainRemindAfter     = texts.Msg{
		VI: "⏰ Hoạt động %s «%s» (ngày %s) chưa được ghi nhận kết quả. Nếu đã tổ chức, hãy gõ /training %d held <số người> (kèm tài liệu, ảnh nếu có); nếu không tổ chức được, gõ /training %d cancel <lý do>.",
		EN: "⏰ Activity %s «%s» (%s) has no result recorded. If it took place, type /training %d held <attendees> (with materials, photos if any); if not, type /training %d cancel <reason>.",
	}
)

package work

import "github.com/bacgiang/fwbot/texts"

// The words of difficulties reported to the coordinator (Điều 18).
var (
	// TxtFbUsage is how to report a difficulty and take the coordinator's
	// steps; its argument is the coordinator's name.
	TxtFbUsage = texts.Msg{
		VI: "Cú pháp:\n• /feedback <tiêu đề>: <nội dung> — phản ánh khó khăn, vướng mắc tới %[1]s (Điều 18); các dòng tiếp theo cũng là nội dung; tệp tài liệu gửi kèm với lệnh làm chú thích; gõ /feedback một mình trong trò chuyện riêng với bot để nhập từng bước\n• /feedback <số> — xem một phản ánh\n• /feedback <số> answer <nội dung> — trả lời cơ quan gửi (cán bộ %[1]s)\n• /feedback <số> compile <ghi chú> — đưa vào tổng hợp báo cáo UBND tỉnh (cán bộ %[1]s)\n• /feedbacks — các phản ánh chưa trả lời và gần đây",
		EN: "Usage:\n• /feedback <subject>: <text> — report a difficulty to %[1]s (Art. 18); further lines are text too; attach documents with the command as caption; send /feedback alone in the private chat with the bot to go step by step\n• /feedback <n> — see an item\n• /feedback <n> answer <text> — answer the sender (officers of %[1]s)\n• /feedback <n> compile <note> — include it in the report to the provincial People's Committee (officers of %[1]s)\n• /feedbacks — items not answered yet and recent ones",
	}
	// TxtFbAnswerNeedsText: an answer must say something.
	TxtFbAnswerNeedsText = texts.Msg{
		VI: "Trả lời phản ánh #%d thì phải có nội dung. Hãy gõ: /feedback %[1]d answer <nội dung>, hoặc bấm «Trả lời» rồi trả lời tin nhắn của bot bằng nội dung.",
		EN: "Answering item #%d needs a text. Type /feedback %[1]d answer <text>, or press «Answer» and reply to the bot's message with the text.",
	}
	// TxtFbCompileNeedsNote: compiling must say how it goes into the report.
	TxtFbCompileNeedsNote = texts.Msg{
		VI: "Đưa phản ánh #%d vào tổng hợp báo cáo UBND tỉnh thì phải có ghi chú (ví dụ: đưa vào báo cáo 6 tháng, kiến nghị gì). Hãy gõ: /feedback %[1]d compile <ghi chú>, hoặc bấm «Tổng hợp báo cáo UBND tỉnh» rồi trả lời tin nhắn của bot bằng ghi chú.",
		EN: "Including item #%d in the report to the provincial People's Committee needs a note (e.g. which report, what is proposed). Type /feedback %[1]d compile <note>, or press «Compile for the People's Committee» and reply to the bot's message with the note.",
	}
	txtFbSubjectLong = texts.Msg{
		VI: "Tiêu đề phản ánh dài quá %d ký tự. Hãy viết tiêu đề ngắn trước dấu hai chấm, nội dung sau dấu hai chấm, ví dụ: /feedback Vướng mắc xác minh lý lịch: <nội dung>",
		EN: "The subject is longer than %d characters. Put a short subject before the colon and the text after it, e.g. /feedback Record checks: <text>",
	}
	txtFbNotFound  = texts.Msg{VI: "Không có phản ánh #%d mà bạn được xem.", EN: "There is no item #%d you may see."}
	txtFbCoordOnly = texts.Msg{
		VI: "Chỉ cán bộ của %s (cơ quan đầu mối tiếp nhận phản ánh, Điều 18) mới trả lời hoặc tổng hợp được phản ánh #%d.",
		EN: "Only officers of %s (which receives the difficulties, Art. 18) can answer or compile item #%d.",
	}
	txtFbAlready = texts.Msg{
		VI: "Phản ánh #%d đã được xử lý (%s, lúc %s), không thay đổi được nữa. Xem: /feedback %[1]d",
		EN: "Item #%d was already dealt with (%s, at %s); it can no longer change. See: /feedback %[1]d",
	}
	txtFbBtnAnswer  = texts.Msg{VI: "Trả lời", EN: "Answer"}
	txtFbBtnCompile = texts.Msg{VI: "Tổng hợp báo cáo UBND tỉnh", EN: "Compile for the People's Committee"}
	txtFbCard       = texts.Msg{
		VI: "📮 Phản ánh khó khăn, vướng mắc #%d (Điều 18)\nCơ quan gửi: %s\nNgười gửi: %s\nNgày gửi: %s\nTiêu đề: %s",
		EN: "📮 Difficulty reported #%d (Art. 18)\nFrom: %s\nSent by: %s\nSent on: %s\nSubject: %s",
	}
	txtFbCardText     = texts.Msg{VI: "\nNội dung: %s", EN: "\nText: %s"}
	txtFbCardFiles    = texts.Msg{VI: "\nTệp kèm theo: %d tệp", EN: "\nAttached: %d file(s)"}
	txtFbCardState    = texts.Msg{VI: "\nTình trạng: %s", EN: "\nState: %s"}
	txtFbCardAnswer   = texts.Msg{VI: "\nTrả lời của %s (%s, %s): %s", EN: "\nAnswer of %s (%s, %s): %s"}
	txtFbCardNote     = texts.Msg{VI: "\nGhi chú của %s (%s, %s): %s", EN: "\nNote of %s (%s, %s): %s"}
	txtFbCardRespFile = texts.Msg{VI: "\nTệp trả lời: %d tệp", EN: "\nFiles of the answer: %d"}
	txtFbAskRespond   = texts.Msg{
		VI: "\n\nXin bấm «Trả lời» để trả lời cơ quan gửi, hoặc «Tổng hợp báo cáo UBND tỉnh» để đưa vào báo cáo gửi UBND tỉnh (kèm ghi chú).",
		EN: "\n\nPress «Answer» to answer the sender, or «Compile for the People's Committee» to include it in the report to the provincial People's Committee (with a note).",
	}
	txtFbFilesCaption  = texts.Msg{VI: "Phản ánh #%d — tài liệu kèm theo", EN: "Item #%d — attached documents"}
	txtFbAnswerCaption = texts.Msg{VI: "Trả lời phản ánh #%d", EN: "Answer to item #%d"}
	txtFbSentTold      = texts.Msg{VI: "📮 %s đã gửi phản ánh #%d «%s» tới %s.", EN: "📮 %s sent item #%d «%s» to %s."}
	txtFbAnsweredTold  = texts.Msg{VI: "📮 %s đã trả lời phản ánh #%d «%s» (%s gửi ngày %s):\n%s", EN: "📮 %s answered item #%d «%s» (sent by %s on %s):\n%s"}
	txtFbCompiledTold  = texts.Msg{
		VI: "📮 Phản ánh #%d «%s» (%s gửi ngày %s) được %s đưa vào tổng hợp báo cáo UBND tỉnh.\nGhi chú: %s",
		EN: "📮 Item #%d «%s» (sent by %s on %s) is to be included by %s in the report to the provincial People's Committee.\nNote: %s",
	}
	txtFbSee = texts.Msg{VI: "\nXem: /feedback %d", EN: "\nSee: /feedback %d"}
)

package handlers

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/work"
)

// Exports keeps an export's sheets as a file until the outbox has uploaded
// it (xlsx.Spool): the file is on disk before its outbox item is queued.
type Exports interface {
	Save(ctx context.Context, sheets []coord.Sheet) (path string, err error)
	// SaveTemplate writes the workbook of a list's template (/template).
	SaveTemplate(ctx context.Context, b coord.TemplateBook) (path string, err error)
}

var (
	txtExportUsage = Msg{
		VI: "Cú pháp: /export status|scorecard|requests|inspections|notices|trainings|feedback|register [năm]\n" +
			"• /export status %d — tình trạng từng kỳ báo cáo của năm: đúng hạn, trễ hạn, không phát sinh, chưa nộp, chưa đến hạn\n" +
			"• /export scorecard %d — kết quả nộp đúng hạn theo cơ quan, cả năm và từng tháng\n" +
			"• /export requests %d — các yêu cầu phối hợp tạo trong năm, với ngày trả lời, từ chối và lý do\n" +
			"• /export inspections — các kế hoạch kiểm tra của năm, mỗi dòng một doanh nghiệp với kết quả\n" +
			"• /export notices %d — các thông báo kết quả xử lý vi phạm gửi trong năm, với cơ quan nhận và người đã nhận; một trang riêng liệt kê người lao động nước ngoài\n" +
			"• /export trainings %d — các hoạt động tuyên truyền, phổ biến pháp luật, tập huấn của năm (cơ quan chủ trì nhận của mọi cơ quan); một trang riêng tổng hợp số hoạt động và lượt người theo cơ quan\n" +
			"• /export feedback %d — các phản ánh khó khăn, vướng mắc gửi cơ quan đầu mối trong năm, với tình trạng và nội dung trả lời hoặc ghi chú (cơ quan đầu mối nhận của mọi cơ quan)\n" +
			"• /export register %d — số liệu sổ theo dõi người nước ngoài của năm: số người có giấy phép hoặc xác nhận miễn còn hiệu lực, theo quốc tịch, loại đơn vị và khu công nghiệp (cơ quan được tra cứu sổ theo dõi)\n" +
			"Bỏ trống năm thì lấy năm nay. Cán bộ và lãnh đạo nhận dữ liệu của cơ quan mình; quản trị viên nhận dữ liệu toàn tỉnh, hoặc thêm mã cơ quan để chỉ lấy một cơ quan (ví dụ /export status %d %s). Bot gửi tệp Excel (.xlsx) vào trò chuyện này.",
		EN: "Usage: /export status|scorecard|requests|inspections|notices|trainings|feedback|register [year]\n" +
			"• /export status %d — every report period of the year: on time, late, nil report, not submitted, not yet due\n" +
			"• /export scorecard %d — the on-time record by agency, for the year and each month\n" +
			"• /export requests %d — the coordination requests created in the year, with answers, declines and reasons\n" +
			"• /export inspections — the inspection plans of the year, one row per employer with its result\n" +
			"• /export notices %d — the notices of violation-handling results sent in the year, with recipients and who acknowledged; a second sheet lists the foreign workers\n" +
			"• /export trainings %d — the dissemination and training activities of the year (the coordinator gets every agency's); a second sheet counts activities and attendees per agency\n" +
			"• /export feedback %d — the difficulties reported to the coordinator in the year, with their state and the answer or note (the coordinator gets every agency's)\n" +
			"• /export register %d — the register's figures of the year: workers with a valid permit or exemption, by nationality, kind of employer and zone (agencies that may search the register)\n" +
			"Without a year, this year. Officers and leads get their own agency's data; administrators get the whole province's, or add an agency code for one agency (e.g. /export status %d %s). The bot sends an Excel file (.xlsx) in this chat.",
	}
	txtExportBadArg = Msg{
		VI: "Không hiểu «%s»: năm viết đủ 4 chữ số (ví dụ %d).\n\n%s",
		EN: "«%s» is not understood: write the year with 4 digits (e.g. %d).\n\n%s",
	}
	txtExportUnavailableAdmin = Msg{
		VI: "Chức năng xuất tệp chưa được bật trên máy chủ này: bot được khởi động không có thư mục xuất tệp. Hãy khởi động bot bằng lệnh chạy chuẩn (xem README) để bật chức năng này.",
		EN: "Exports are not enabled on this server: the bot was started without an export folder. Start it the standard way (see the README) to enable them.",
	}
	txtExportUnavailable = Msg{
		VI: "Chức năng xuất tệp chưa được bật trên máy chủ này. Hãy báo quản trị viên.",
		EN: "Exports are not enabled on this server. Please tell an administrator.",
	}
)

// exportCmd answers "/export status 2027" (or "/export notices 2027") with the spreadsheet as a
// document in this chat: work.Export gathers and lays out the rows (and
// decides who may see which), Exports writes the file, and the outbox
// uploads it after the update commits.
func (h *Handlers) exportCmd(ctx context.Context, c *bot.Context) error {
	year := h.today(c.Now).Year
	fields := strings.Fields(strings.ToLower(c.Args))
	if len(fields) == 0 || !slices.Contains(work.ExportKinds, work.ExportKind(fields[0])) {
		return refuse(txtExportUsage, year, year, year, year, year, year, year, year, h.examples(1))
	}
	kind, agency := work.ExportKind(fields[0]), ""
	for _, f := range fields[1:] {
		if y, err := strconv.Atoi(f); err == nil && len(f) == 4 {
			year = y
			continue
		}
		if _, ok := h.Catalogue.Agency(f); ok && agency == "" {
			agency = f
			continue
		}
		return refuse(txtExportBadArg, f, year, txtExportUsage.In(c.Lang(), year, year, year, year, year, year, year, year, h.examples(1)))
	}
	if h.Exports == nil {
		return exportsUnavailable(c)
	}
	ex, err := h.Work.Export(ctx, c.Tx, actor(c), kind, year, agency, c.Now)
	if err != nil {
		return err
	}
	path, err := h.Exports.Save(ctx, ex.Sheets)
	if err != nil {
		return err
	}
	return c.Send(ctx, coord.OutMessage{Kind: coord.OutUpload, ChatID: c.Chat.ID, Text: ex.Caption,
		Upload: &coord.LocalFile{Path: path, Name: ex.FileName}})
}

// exportsUnavailable refuses an export on a bot started without its
// spool: "tell an admin", or to an admin, what is missing.
func exportsUnavailable(c *bot.Context) error {
	if isAdmin(c) {
		return refuse(txtExportUnavailableAdmin)
	}
	return refuse(txtExportUnavailable)
}

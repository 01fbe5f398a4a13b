package handlers

import (
	"context"
	"strings"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
)

// /template <report> sends the Excel template of a list report (spec §11),
// made on the fly from the columns config gives it. Any enrolled person
// may fetch any list's template, in a private chat or their agency's
// group: a template holds no data, and an officer often fills in a list
// another agency sends (7.3 feeds 6.4).

var (
	txtTemplateUsage = Msg{
		VI: "Cú pháp: /template <báo cáo>, ví dụ /template %s. Các báo cáo dạng danh sách có tệp mẫu:\n%s",
		EN: "Usage: /template <report>, e.g. /template %s. The list reports that have a template:\n%s",
	}
	txtTemplateUnknown = Msg{
		VI: "Không có báo cáo «%s». Các báo cáo dạng danh sách có tệp mẫu:\n%s",
		EN: "There is no report «%s». The list reports that have a template:\n%s",
	}
	txtTemplateNotList = Msg{
		VI: "Báo cáo %s (%s) không phải dạng danh sách nên không có tệp mẫu; gửi báo cáo theo mẫu văn bản thường dùng. Các báo cáo dạng danh sách có tệp mẫu:\n%s",
		EN: "Report %s (%s) is not a list, so it has no template; send it in the usual document form. The list reports that have a template:\n%s",
	}
	txtTemplateNone = Msg{
		VI: "Chưa có báo cáo dạng danh sách nào được khai báo tệp mẫu. Hãy báo quản trị viên.",
		EN: "No list report has a template configured. Please tell an administrator.",
	}
	txtTemplateSent = Msg{
		VI: "Tệp mẫu danh sách %s — %s.\nĐiền từ dòng 2, mỗi dòng một %s, giữ nguyên dòng tiêu đề; cột có dấu * là bắt buộc; cách điền từng cột xem ở trang «Hướng dẫn». Điền xong, gửi tệp kèm chú thích /submit %s <kỳ báo cáo>.",
		EN: "Template of list %s — %s.\nFill it in from row 2, one %s a row, keeping the header row; columns marked * are required; the «Hướng dẫn» sheet explains every column. Then send the file captioned /submit %s <period>.",
	}
	txtTemplateRowPerson = Msg{VI: "người", EN: "person"}
	txtTemplateRowOrg    = Msg{VI: "tổ chức", EN: "organisation"}

	txtTemplateGuideSheet   = Msg{VI: "Hướng dẫn", EN: "Hướng dẫn"}
	txtTemplateValuesSheet  = Msg{VI: "Danh mục", EN: "Danh mục"}
	txtTemplateGuideColumns = Msg{VI: "Cột|Bắt buộc|Kiểu dữ liệu|Giá trị cho phép|Ghi chú", EN: "Column|Required|Type|Allowed values|Note"}
	txtTemplateYes          = Msg{VI: "Bắt buộc", EN: "Required"}
	txtTemplateNo           = Msg{VI: "Không bắt buộc", EN: "Optional"}
	txtTemplateGuideNotes   = Msg{
		VI: "Lưu ý:\n" +
			"• Giữ nguyên dòng tiêu đề (dòng 1), không đổi tên cột; có thể bỏ cột không bắt buộc.\n" +
			"• Mỗi dòng một %s; không để dòng trống xen giữa, không thêm dòng tổng cộng.\n" +
			"• Ngày ghi theo dạng ngày/tháng/năm (05/03/2027); mã số thuế và số hộ chiếu ghi đủ, kể cả số 0 ở đầu.\n" +
			"• Cột có danh sách chọn: chọn giá trị trong danh sách, không gõ khác đi.\n" +
			"• Bot đọc tệp khi nhận báo cáo và báo lại từng dòng, từng cột chưa đúng để sửa.",
		EN: "Notes:\n" +
			"• Keep the header row (row 1) and the column names; optional columns may be left out.\n" +
			"• One %s a row; no empty rows in between, no total row.\n" +
			"• Dates as day/month/year (05/03/2027); tax codes and passport numbers in full, leading zeros included.\n" +
			"• Columns with a drop-down: pick a value from the list, do not type another.\n" +
			"• The bot reads the file when the report arrives and tells you each row and column to correct.",
	}

	// The type of a column in words, for the instructions sheet.
	txtColumnType = map[coord.ColumnType]Msg{
		coord.ColText:     {VI: "Chữ", EN: "Text"},
		coord.ColDate:     {VI: "Ngày, ghi theo dạng ngày/tháng/năm (ví dụ 05/03/2027)", EN: "A date, as day/month/year (e.g. 05/03/2027)"},
		coord.ColNumber:   {VI: "Số; dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân (ví dụ 1.234 hoặc 1,5)", EN: "A number; dots group thousands, a comma starts the decimals (e.g. 1.234 or 1,5)"},
		coord.ColEnum:     {VI: "Chọn một trong các giá trị cho phép", EN: "One of the allowed values"},
		coord.ColPassport: {VI: "Số hộ chiếu: 6 đến 12 chữ cái hoặc chữ số, có ít nhất một chữ số (ví dụ C1234567)", EN: "A passport number: 6 to 12 letters or digits, at least one a digit (e.g. C1234567)"},
		coord.ColTaxCode:  {VI: "Mã số thuế: 10 chữ số (0101234567); chi nhánh: 10 chữ số, gạch ngang, 3 chữ số (0101234567-001); cá nhân: 12 chữ số", EN: "A tax code: 10 digits (0101234567); a branch: 10 digits, a dash, 3 digits (0101234567-001); a person: 12 digits"},
	}
	// What the spreadsheet says on a selected cell, and on a refused entry.
	txtColumnHint = map[coord.ColumnType][3]Msg{
		coord.ColDate: {{VI: "Ngày", EN: "Date"}, {VI: "Ghi theo dạng ngày/tháng/năm, ví dụ 05/03/2027", EN: "Write day/month/year, e.g. 05/03/2027"},
			{VI: "Không phải ngày hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 05/03/2027", EN: "Not a valid date: write day/month/year, e.g. 05/03/2027"}},
		coord.ColNumber: {{VI: "Số", EN: "Number"}, {VI: "Chỉ ghi số, ví dụ 1.234 hoặc 1,5", EN: "A number only, e.g. 1.234 or 1,5"},
			{VI: "Không phải số hợp lệ", EN: "Not a valid number"}},
		coord.ColEnum: {{VI: "Chọn giá trị", EN: "Pick a value"}, {VI: "Chọn một giá trị trong danh sách", EN: "Pick a value from the list"},
			{VI: "Giá trị không thuộc danh sách cho phép: hãy chọn trong danh sách", EN: "Not an allowed value: pick one from the list"}},
		coord.ColPassport: {{VI: "Số hộ chiếu", EN: "Passport"}, {VI: "6 đến 12 chữ cái hoặc chữ số, không dấu cách", EN: "6 to 12 letters or digits, no spaces"}, {}},
		coord.ColTaxCode:  {{VI: "Mã số thuế", EN: "Tax code"}, {VI: "10 chữ số, chi nhánh 10 chữ số-3 chữ số, cá nhân 12 chữ số; ghi đủ số 0 ở đầu", EN: "10 digits, a branch 10 digits-3 digits, a person 12 digits; keep leading zeros"}, {}},
	}
)

// personLists are the list kinds whose rows are people.
var personLists = map[coord.ListKind]bool{coord.ListWorkPermits: true, coord.ListExemptions: true, coord.ListVisas: true,
	coord.ListResidenceCards: true, coord.ListCriminalRecords: true, coord.ListLawyers: true, coord.ListSchools: true}

func (h *Handlers) templateCmd(ctx context.Context, c *bot.Context) error {
	lists := h.Catalogue.ListObligations()
	if len(lists) == 0 {
		return refuse(txtTemplateNone)
	}
	lang := c.Lang()
	var menu []string
	for _, o := range lists {
		menu = append(menu, "• "+o.ID+" — "+o.Title)
	}
	listing := strings.Join(menu, "\n")
	id := strings.TrimSpace(c.Args)
	if id == "" {
		return c.Reply(ctx, txtTemplateUsage.In(lang, lists[0].ID, listing))
	}
	o, ok := h.Catalogue.Obligation(id)
	if !ok {
		return refuse(txtTemplateUnknown, id, listing)
	}
	if o.List == nil {
		return refuse(txtTemplateNotList, o.ID, o.Title, listing)
	}
	if h.Exports == nil {
		return exportsUnavailable(c)
	}
	row := txtTemplateRowOrg.In(lang)
	if personLists[o.List.Kind] {
		row = txtTemplateRowPerson.In(lang)
	}
	path, err := h.Exports.SaveTemplate(ctx, templateBook(o, lang, row))
	if err != nil {
		return err
	}
	return c.Send(ctx, coord.OutMessage{Kind: coord.OutUpload, ChatID: c.Chat.ID,
		Text:   txtTemplateSent.In(lang, o.ID, o.Title, row, o.ID),
		Upload: &coord.LocalFile{Path: path, Name: "mau-danh-sach-" + o.ID + ".xlsx"}})
}

// templateBook lays a list's template out in lang's words: the sheet to
// fill in, the hints on its cells, and the instructions.
func templateBook(o coord.Obligation, lang coord.Lang, row string) coord.TemplateBook {
	b := coord.TemplateBook{
		Sheet: "Danh sách " + o.ID, List: *o.List, RequiredMark: "*",
		Hints:       map[coord.ColumnType]coord.CellHint{},
		ValuesSheet: txtTemplateValuesSheet.In(lang),
	}
	for t, m := range txtColumnHint {
		b.Hints[t] = coord.CellHint{Title: m[0].In(lang), Text: m[1].In(lang), Error: m[2].In(lang)}
	}
	widths := []float64{32, 16, 40, 40, 50}
	for i, hdr := range strings.Split(txtTemplateGuideColumns.In(lang), "|") {
		b.Guide.Columns = append(b.Guide.Columns, coord.Column{Header: hdr, Width: widths[i]})
	}
	b.Guide.Name = txtTemplateGuideSheet.In(lang)
	for _, col := range o.List.Columns {
		req := txtTemplateNo.In(lang)
		if col.Required {
			req = txtTemplateYes.In(lang)
		}
		b.Guide.Rows = append(b.Guide.Rows, []coord.Cell{coord.TextCell(col.Header), coord.TextCell(req),
			coord.TextCell(txtColumnType[col.Type].In(lang)), coord.TextCell(strings.Join(col.Values, "; ")), coord.TextCell(col.Note)})
	}
	empty := make([]coord.Cell, len(b.Guide.Columns))
	b.Guide.Rows = append(b.Guide.Rows, empty)
	for _, line := range strings.Split(txtTemplateGuideNotes.In(lang, row), "\n") {
		r := make([]coord.Cell, len(b.Guide.Columns))
		r[0] = coord.TextCell(line)
		b.Guide.Rows = append(b.Guide.Rows, r)
	}
	return b
}

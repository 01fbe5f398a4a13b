package work

import (
	"context"
	"fmt"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// feedbackExport lists the difficulties reported to the coordinator in
// year (Điều 18), those of agency if one is given, one row per item with
// its state and the answer or note.
func (s *Service) feedbackExport(ctx context.Context, tx FeedbackExportTx, agency string, year int, now time.Time, lang coord.Lang) (Export, int, error) {
	loc := s.Calendar.Location
	from := coord.Date{Year: year, Month: time.January, Day: 1}.At(loc)
	fs, err := tx.FeedbacksBetween(ctx, from, from.AddDate(1, 0, 0))
	if err != nil {
		return Export{}, 0, fmt.Errorf("list feedback: %w", err)
	}
	sheet := coord.Sheet{Name: txtSheetFeedback.In(lang)}
	for _, c := range feedbackColumns {
		sheet.Columns = append(sheet.Columns, coord.Column{Header: c.m.In(lang), Width: c.w})
	}
	n, open := 0, 0
	for _, f := range fs {
		if agency != "" && f.Agency != agency {
			continue
		}
		n++
		if f.State == coord.FeedbackOpen {
			open++
		}
		responder, at := coord.Cell{}, coord.Cell{}
		if f.RespondedBy != 0 {
			responder = coord.TextCell(s.personName(ctx, tx, &f.RespondedBy))
			at = coord.TimeCell(f.RespondedAt.In(loc))
		}
		sheet.Rows = append(sheet.Rows, []coord.Cell{coord.TextCell(fmt.Sprintf("#%d", f.ID)), coord.TimeCell(f.CreatedAt.In(loc)),
			coord.TextCell(texts.AgencyName(s.Catalogue, f.Agency, lang)), coord.TextCell(s.personName(ctx, tx, &f.CreatedBy)),
			coord.TextCell(f.Subject), coord.TextCell(f.Text), coord.IntCell(len(f.Files)),
			coord.TextCell(texts.FeedbackState(f.State, lang)), coord.TextCell(f.Response), responder, at})
	}
	scope := texts.ExportScope(s.Catalogue, agency, lang)
	return Export{Sheets: []coord.Sheet{sheet}, Caption: txtCaptionFeedback.In(lang, year, scope, n, open, texts.LocalTime(now, loc))}, n, nil
}

// FeedbackExportTx is what the feedback export reads.
type FeedbackExportTx interface {
	coord.Feedbacks
	coord.People
}

// feedbackFileName is the name the reader sees, e.g. phan-anh-2027.xlsx.
func feedbackFileName(year int, agency string, lang coord.Lang) string {
	name := txtFileFeedback.In(lang, year)
	if agency != "" {
		name += "-" + agency
	}
	return name + ".xlsx"
}

// The words of the feedback export.
var (
	txtFileFeedback    = texts.Msg{VI: "phan-anh-%d", EN: "difficulties-%d"}
	txtSheetFeedback   = texts.Msg{VI: "Phản ánh", EN: "Difficulties"}
	txtCaptionFeedback = texts.Msg{
		VI: "📮 Phản ánh khó khăn, vướng mắc năm %d (%s, Điều 18): %d phản ánh, trong đó %d chưa trả lời. Lập lúc %s.",
		EN: "📮 Difficulties reported in %d (%s, Art. 18): %d items, %d not answered yet. Made at %s.",
	}
	feedbackColumns = []noticeCol{
		{texts.Msg{VI: "Số", EN: "No."}, 8},
		{texts.Msg{VI: "Nhận lúc", EN: "Received at"}, 17},
		{texts.Msg{VI: "Cơ quan gửi", EN: "From"}, 32},
		{texts.Msg{VI: "Người gửi", EN: "Sent by"}, 22},
		{texts.Msg{VI: "Tiêu đề", EN: "Subject"}, 40},
		{texts.Msg{VI: "Nội dung", EN: "Text"}, 60},
		{texts.Msg{VI: "Số tệp kèm theo", EN: "Files"}, 10},
		{texts.Msg{VI: "Tình trạng", EN: "State"}, 24},
		{texts.Msg{VI: "Trả lời hoặc ghi chú", EN: "Answer or note"}, 60},
		{texts.Msg{VI: "Người xử lý", EN: "Dealt with by"}, 22},
		{texts.Msg{VI: "Xử lý lúc", EN: "Dealt with at"}, 17},
	}
)

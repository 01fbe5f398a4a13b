package work

import (
	"context"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// trainingsExport lays out the activities of year with a day in it, of
// agency (organised or co-organised) or of every agency when it is empty:
// «Hoạt động», one row per activity; «Tổng hợp», the count per agency of
// the activities held (TrainingCounts, the count of the digests).
func (s *Service) trainingsExport(ctx context.Context, tx coord.Trainings, agency string, year int, now time.Time, lang coord.Lang) (Export, int, error) {
	loc := s.Calendar.Location
	from, until := coord.Date{Year: year, Month: time.January, Day: 1}, coord.Date{Year: year, Month: time.December, Day: 31}
	who := Actor{Agency: agency, Role: coord.RoleOfficer}
	if agency == "" {
		who.Role = coord.RoleAdmin
	}
	ts, err := s.trainingsOf(ctx, tx, who, from, until)
	if err != nil {
		return Export{}, 0, err
	}
	list := coord.Sheet{Name: txtSheetTrainings.In(lang)}
	for _, c := range trainingColumns {
		list.Columns = append(list.Columns, coord.Column{Header: c.m.In(lang), Width: c.w})
	}
	for _, t := range ts {
		var co []string
		for _, v := range t.CoOrganisers {
			co = append(co, texts.AgencyName(s.Catalogue, v.Agency, lang)+": "+TrainingAnswerText(v, lang))
		}
		attendees, held := coord.Cell{}, coord.Cell{}
		if t.Attendees > 0 {
			attendees = coord.IntCell(t.Attendees)
		}
		if !t.HeldAt.IsZero() {
			held = coord.TimeCell(t.HeldAt.In(loc))
		}
		planned := txtTrainNo
		if t.Planned(loc) {
			planned = txtTrainYes
		}
		list.Rows = append(list.Rows, []coord.Cell{coord.TextCell(TrainingNumber(t.ID)), coord.DateCell(t.Day),
			coord.TextCell(texts.AgencyName(s.Catalogue, t.Organiser, lang)), coord.TextCell(t.Title),
			coord.TextCell(audienceList(t.Audiences, lang)), coord.TextCell(texts.Sentence(s.TrainingStateText(t, now, lang))),
			attendees, coord.TextCell(strings.Join(co, "; ")), coord.IntCell(len(t.Materials)), coord.TextCell(planned.In(lang)),
			coord.TimeCell(t.CreatedAt.In(loc)), held})
	}
	counts, err := s.TrainingCounts(ctx, tx, from, until)
	if err != nil {
		return Export{}, 0, err
	}
	tally := coord.Sheet{Name: txtSheetTrainingCounts.In(lang)}
	for _, c := range trainingCountColumns {
		tally.Columns = append(tally.Columns, coord.Column{Header: c.m.In(lang), Width: c.w})
	}
	held, attendees := 0, 0
	for _, c := range counts {
		if agency != "" && c.Code != agency {
			continue
		}
		tally.Rows = append(tally.Rows, []coord.Cell{coord.TextCell(c.Code), coord.TextCell(c.Name), coord.IntCell(c.Held), coord.IntCell(c.Attendees),
			coord.IntCell(c.CoOrganised)})
		held, attendees = held+c.Held, attendees+c.Attendees
	}
	scope := texts.ExportScope(s.Catalogue, agency, lang)
	return Export{Sheets: []coord.Sheet{list, tally},
		Caption: txtCaptionTrainings.In(lang, year, scope, len(ts), held, attendees, texts.LocalTime(now, loc))}, len(ts), nil
}

// trainingsFileName is the name the reader sees, e.g.
// tuyen-truyen-tap-huan-2027.xlsx (texts.ExportFileName's shape).
func trainingsFileName(year int, agency string, lang coord.Lang) string {
	name := txtFileTrainings.In(lang, year)
	if agency != "" {
		name += "-" + agency
	}
	return name + ".xlsx"
}

// The words of the trainings export.
var (
	txtFileTrainings       = texts.Msg{VI: "tuyen-truyen-tap-huan-%d", EN: "trainings-%d"}
	txtSheetTrainings      = texts.Msg{VI: "Hoạt động", EN: "Activities"}
	txtSheetTrainingCounts = texts.Msg{VI: "Tổng hợp theo cơ quan", EN: "By agency"}
	txtCaptionTrainings    = texts.Msg{
		VI: "🎓 Hoạt động tuyên truyền, phổ biến pháp luật, tập huấn năm %d (%s): %d hoạt động, trong đó %d đã tổ chức với %d lượt người tham dự. Lập lúc %s.",
		EN: "🎓 Dissemination and training activities of %d (%s): %d activities, %d held with %d attendees. Made at %s.",
	}
	txtTrainYes     = texts.Msg{VI: "Có", EN: "Yes"}
	txtTrainNo      = texts.Msg{VI: "Không", EN: "No"}
	trainingColumns = []noticeCol{
		{texts.Msg{VI: "Số", EN: "No."}, 8},
		{texts.Msg{VI: "Ngày tổ chức", EN: "Day"}, 12},
		{texts.Msg{VI: "Cơ quan tổ chức", EN: "Organiser"}, 32},
		{texts.Msg{VI: "Nội dung", EN: "Title"}, 48},
		{texts.Msg{VI: "Đối tượng", EN: "Audience"}, 36},
		{texts.Msg{VI: "Trạng thái", EN: "State"}, 24},
		{texts.Msg{VI: "Số người tham dự", EN: "Attendees"}, 12},
		{texts.Msg{VI: "Cơ quan phối hợp", EN: "Co-organisers"}, 44},
		{texts.Msg{VI: "Số tệp tài liệu", EN: "Materials (files)"}, 10},
		{texts.Msg{VI: "Trong kế hoạch", EN: "Planned ahead"}, 10},
		{texts.Msg{VI: "Ghi nhận lúc", EN: "Recorded at"}, 17},
		{texts.Msg{VI: "Báo kết quả lúc", EN: "Reported held at"}, 17},
	}
	trainingCountColumns = []noticeCol{
		{texts.Msg{VI: "Mã cơ quan", EN: "Agency code"}, 16},
		{texts.Msg{VI: "Cơ quan", EN: "Agency"}, 36},
		{texts.Msg{VI: "Số hoạt động đã tổ chức", EN: "Activities held"}, 14},
		{texts.Msg{VI: "Lượt người tham dự", EN: "Attendees"}, 14},
		{texts.Msg{VI: "Phối hợp với cơ quan khác", EN: "Co-organised"}, 14},
	}
)

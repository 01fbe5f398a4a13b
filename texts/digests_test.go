package texts_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// The digests say the same facts in either language, with the deadline in
// the one formatter's words and the quiet line naming the real horizon.
func TestDigestWords(t *testing.T) {
	day := coord.Date{Year: 2027, Month: time.February, Day: 1} // a Monday
	p, err := coord.ParsePeriod("2027-01")
	if err != nil {
		t.Fatal(err)
	}
	dl := coord.Deadline{Period: p, Due: time.Date(2027, 2, 5, 0, 0, 0, 0, time.UTC), EffectiveDue: time.Date(2027, 2, 5, 0, 0, 0, 0, time.UTC)}
	agencies := []texts.WeeklyAgency{
		{Name: "Công an tỉnh", Code: "congan", Upcoming: []texts.WeeklyDue{{Obligation: "6.4", Deadline: dl, Submitted: true}},
			Requests: coord.RequestCount{In: 2, InOverdue: 1}},
		{Name: "Sở Y tế", Code: "syt"},
		{Name: "Sở Tư pháp", Code: "tuphap"},
		{Name: "Sở Xây dựng", Code: "xaydung", Requests: coord.RequestCount{Out: 1}},
	}
	vi := texts.WeeklyDigest(day, 10, agencies, coord.LangVI)
	for _, want := range []string{"📊 Tổng hợp tuần — thứ Hai 01/02/2027", "Sắp đến hạn: 6.4 kỳ 2027-01 — " + texts.Deadline(dl, coord.LangVI) + " ✅",
		"Yêu cầu phối hợp: nhận 2 đang mở (1 quá hạn)", "• Sở Xây dựng (xaydung)\n  Không có hạn nộp trong 10 ngày tới",
		"Không có hạn nộp trong 10 ngày tới, không có báo cáo quá hạn và không có yêu cầu phối hợp đang mở (2 cơ quan): Sở Y tế (syt), Sở Tư pháp (tuphap)."} {
		if !strings.Contains(vi, want) {
			t.Errorf("Vietnamese weekly digest lacks %q:\n%s", want, vi)
		}
	}
	// The agencies with nothing to say take one line, not a block each.
	if strings.Count(vi, "Sở Y tế") != 1 || !strings.HasSuffix(vi, "Sở Tư pháp (tuphap).") {
		t.Errorf("quiet agencies are not grouped into one line:\n%s", vi)
	}
	en := texts.WeeklyDigest(day, 10, agencies, coord.LangEN)
	for _, want := range []string{"📊 Weekly summary — Monday 01/02/2027", "Coming up: 6.4 for 2027-01 — " + texts.Deadline(dl, coord.LangEN) + " ✅",
		"No deadline in the next 10 days"} {
		if !strings.Contains(en, want) {
			t.Errorf("English weekly digest lacks %q:\n%s", want, en)
		}
	}
	month := texts.MonthlyDigest(day, []texts.MonthlyAgency{{Name: "Sở Công Thương", OnTime: 1, Missing: 1, Nothing: 1,
		MissingPeriods: []texts.WeeklyDue{{Obligation: "13.3", Deadline: dl}}}}, coord.LangVI)
	for _, want := range []string{"tháng 02/2027", "• Sở Công Thương: đúng hạn 1, trễ hạn 0, chưa nộp 1 (13.3 kỳ 2027-01)",
		"không có thông báo 1 (chỉ gửi khi có thông tin)", "Tỷ lệ nộp đúng hạn toàn tỉnh: 1/2 (50%)."} {
		if !strings.Contains(month, want) {
			t.Errorf("monthly scorecard lacks %q:\n%s", want, month)
		}
	}
	if got := texts.MonthlyDigest(day, nil, coord.LangVI); !strings.HasSuffix(got, "Không có báo cáo nào đến hạn trong tháng.") {
		t.Errorf("an empty month says:\n%s", got)
	}
}

// TestOpenFeedbacksNamesTheOldest: the weekly line names the five oldest
// open difficulties and counts the others.
func TestOpenFeedbacksNamesTheOldest(t *testing.T) {
	if got := texts.OpenFeedbacks(nil, coord.LangVI); got != "" {
		t.Errorf("no open item: %q", got)
	}
	var items []texts.FeedbackItem
	for i := 1; i <= 7; i++ {
		items = append(items, texts.FeedbackItem{ID: int64(i), AgencyName: "Công an tỉnh", Subject: "Vướng mắc",
			Received: coord.Date{Year: 2027, Month: 3, Day: i}})
	}
	got := texts.OpenFeedbacks(items, coord.LangVI)
	for _, want := range []string{"Phản ánh chưa trả lời: 7 — #1 Công an tỉnh «Vướng mắc» (01/03/2027)", "#5 Công an tỉnh", "; và 2 phản ánh khác\nXem và trả lời: /feedbacks"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "#6") {
		t.Errorf("names more than five:\n%s", got)
	}
}

package texts

import (
	"strings"

	"github.com/bacgiang/fwbot/coord"
)

// The words of difficulties reported to the coordinator (Điều 18) that the
// digests and the use cases share: the state of an item, the weekly
// digest's line of the open ones, and the list of a half-year or a year
// that goes with the inputs digest of the consolidated report.

var (
	txtFbStateOpen     = Msg{VI: "chưa trả lời", EN: "not answered yet"}
	txtFbStateAnswered = Msg{VI: "đã trả lời", EN: "answered"}
	txtFbStateCompiled = Msg{VI: "đưa vào tổng hợp báo cáo UBND tỉnh", EN: "to be included in the report to the provincial People's Committee"}
	txtFbOpenHead      = Msg{VI: "📮 Phản ánh chưa trả lời: %d — ", EN: "📮 Difficulties not answered yet: %d — "}
	txtFbOpenItem      = Msg{VI: "#%d %s «%s» (%s)", EN: "#%d %s «%s» (%s)"}
	txtFbOpenMore      = Msg{VI: "; và %d phản ánh khác", EN: "; and %d more"}
	txtFbOpenSee       = Msg{VI: "\nXem và trả lời: /feedbacks", EN: "\nSee and answer: /feedbacks"}
	txtFbPeriodHead    = Msg{VI: "📮 Phản ánh khó khăn, vướng mắc nhận trong %s (Điều 18): %d", EN: "📮 Difficulties reported in %s (Art. 18): %d"}
	txtFbPeriodNone    = Msg{VI: "📮 Không có phản ánh khó khăn, vướng mắc nào nhận trong %s (Điều 18).", EN: "📮 No difficulty was reported in %s (Art. 18)."}
	txtFbPeriodItem    = Msg{VI: "\n  • #%d %s — «%s» (%s): %s", EN: "\n  • #%d %s — «%s» (%s): %s"}
	txtFbPeriodNote    = Msg{VI: " — %s", EN: " — %s"}
)

// FeedbackState is the state of a difficulty in words.
func FeedbackState(s coord.FeedbackState, lang coord.Lang) string {
	switch s {
	case coord.FeedbackAnswered:
		return txtFbStateAnswered.In(lang)
	case coord.FeedbackCompiled:
		return txtFbStateCompiled.In(lang)
	}
	return txtFbStateOpen.In(lang)
}

// FeedbackItem is one difficulty as a digest lists it.
type FeedbackItem struct {
	ID         int64
	AgencyName string
	Subject    string
	Received   coord.Date
	State      coord.FeedbackState
	// Response is the answer or the compiling note.
	Response string
}

// MaxOpenFeedbacksListed is how many of the oldest open difficulties the
// weekly digest names; the others are counted.
const MaxOpenFeedbacksListed = 5

// OpenFeedbacks is the weekly digest's line of the difficulties still
// waiting for the coordinator, oldest first (items come by number); ""
// when there are none.
func OpenFeedbacks(items []FeedbackItem, lang coord.Lang) string {
	if len(items) == 0 {
		return ""
	}
	parts := make([]string, 0, len(items))
	for _, it := range items[:min(len(items), MaxOpenFeedbacksListed)] {
		parts = append(parts, txtFbOpenItem.In(lang, it.ID, it.AgencyName, Truncate(it.Subject, 60), it.Received.VN()))
	}
	more := ""
	if n := len(items) - MaxOpenFeedbacksListed; n > 0 {
		more = txtFbOpenMore.In(lang, n)
	}
	return txtFbOpenHead.In(lang, len(items)) + strings.Join(parts, "; ") + more + txtFbOpenSee.In(lang)
}

// FeedbacksOfPeriod lists the difficulties received in period p with
// their state, for the coordinator writing the report of p.
func FeedbacksOfPeriod(p coord.Period, items []FeedbackItem, lang coord.Lang) string {
	if len(items) == 0 {
		return txtFbPeriodNone.In(lang, PeriodWords(p, lang))
	}
	var b strings.Builder
	b.WriteString(txtFbPeriodHead.In(lang, PeriodWords(p, lang), len(items)))
	for _, it := range items {
		b.WriteString(txtFbPeriodItem.In(lang, it.ID, it.AgencyName, Truncate(it.Subject, 80), it.Received.VN(), FeedbackState(it.State, lang)))
		if it.Response != "" {
			b.WriteString(txtFbPeriodNote.In(lang, Truncate(it.Response, 120)))
		}
	}
	return b.String()
}

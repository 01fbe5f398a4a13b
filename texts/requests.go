package texts

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bacgiang/fwbot/coord"
)

// The words of coordination requests that more than one side says: the
// card an agency receives, the notice of each step, the scheduler's
// reminder and escalation, and the names of types, states and actions.

// Names of request types, states and actions as officers read them.
var (
	RequestStateNames = map[coord.RequestState]Msg{
		coord.ReqOpen:      {VI: "chờ tiếp nhận", EN: "waiting"},
		coord.ReqAccepted:  {VI: "đang xử lý", EN: "in progress"},
		coord.ReqAnswered:  {VI: "đã trả lời", EN: "answered"},
		coord.ReqDeclined:  {VI: "đã từ chối", EN: "declined"},
		coord.ReqCancelled: {VI: "đã hủy", EN: "cancelled"},
	}
	RequestActionNames = map[coord.RequestAction]Msg{
		coord.ActCreate:   {VI: "tạo yêu cầu", EN: "created"},
		coord.ActAccept:   {VI: "nhận xử lý", EN: "accepted"},
		coord.ActDecline:  {VI: "từ chối", EN: "declined"},
		coord.ActAnswer:   {VI: "trả lời", EN: "answered"},
		coord.ActCancel:   {VI: "hủy yêu cầu", EN: "cancelled"},
		coord.ActComment:  {VI: "trao đổi", EN: "commented"},
		coord.ActRemind:   {VI: "nhắc quá hạn", EN: "overdue reminder"},
		coord.ActEscalate: {VI: "báo cáo cơ quan chủ trì", EN: "escalated to the coordinator"},
	}
)

// Callback data of a request card's buttons. The router registers them;
// every press is authorised again against the stored request.
const (
	CbReqAccept  = "rq:a:"
	CbReqDecline = "rq:d:"
	CbReqAnswer  = "rq:r:"
)

var (
	txtRequestCard = Msg{
		VI: "📨 Yêu cầu phối hợp #%d\nLoại: %s\nTừ: %s\nGửi: %s\nNội dung: %s%s\nHạn trả lời: %s%s\nTrạng thái: %s",
		EN: "📨 Coordination request #%d\nType: %s\nFrom: %s\nTo: %s\nSubject: %s%s\nAnswer due: %s%s\nState: %s",
	}
	txtRequestDetails    = Msg{VI: "\nChi tiết: %s", EN: "\nDetails: %s"}
	txtRequestFiles      = Msg{VI: "\nTệp đính kèm: %d (gửi kèm ở trên)", EN: "\nAttachments: %d (sent above)"}
	TxtRequestOverdue    = Msg{VI: " ⚠️ quá hạn", EN: " ⚠️ overdue"}
	txtRequestCardFooter = Msg{
		VI: "\n\nNhận xử lý, từ chối (phải nêu lý do) hoặc trả lời bằng các nút bên dưới, hoặc /accept %d, /decline %d <lý do>, /reply %d <nội dung>. Trả lời (reply) tin nhắn này để trao đổi thêm.",
		EN: "\n\nAccept, decline (with a reason) or answer with the buttons below, or /accept %d, /decline %d <reason>, /reply %d <text>. Reply to this message to comment.",
	}
	btnReqAccept  = Msg{VI: "Nhận xử lý", EN: "Accept"}
	btnReqDecline = Msg{VI: "Từ chối", EN: "Decline"}
	btnReqAnswer  = Msg{VI: "Trả lời", EN: "Answer"}

	txtReqNotice = Msg{
		VI: "🔔 Yêu cầu phối hợp #%d (%s): %s đã %s.%s",
		EN: "🔔 Coordination request #%d (%s): %s %s.%s",
	}
	txtReqNoticeReason  = Msg{VI: "\nLý do: %s", EN: "\nReason: %s"}
	txtReqNoticeAnswer  = Msg{VI: "\nNội dung trả lời: %s", EN: "\nAnswer: %s"}
	txtReqNoticeComment = Msg{VI: "\n%s: %s", EN: "\n%s: %s"}
	txtReqNoticeFiles   = Msg{VI: "\nTệp kèm theo: %d (gửi kèm).", EN: "\nFiles: %d (attached)."}

	txtReqReminder = Msg{
		VI: "⚠️ Yêu cầu phối hợp #%d đã quá hạn trả lời (hạn %s, quá %d ngày làm việc).\nTừ: %s\nNội dung: %s\nĐề nghị nhận xử lý và trả lời (/reply %d <nội dung>), hoặc từ chối có nêu lý do (/decline %d <lý do>)%s.",
		EN: "⚠️ Coordination request #%d is overdue (due %s, %d working day(s) late).\nFrom: %s\nSubject: %s\nPlease accept and answer it (/reply %d <text>), or decline it with a reason (/decline %d <reason>)%s.",
	}
	txtEscalation = Msg{
		VI: "📣 Báo cáo cơ quan chủ trì%s: yêu cầu phối hợp #%d của %s gửi %s đã quá hạn %d ngày làm việc (hạn %s), trạng thái: %s.\nNội dung: %s",
		EN: "📣 For the coordinating agency%s: coordination request #%d from %s to %s is %d working day(s) overdue (due %s), state: %s.\nSubject: %s",
	}
	// TxtOverdueEvent is the text of a reminder or an escalation in a
	// request's history, which every side reads.
	TxtOverdueEvent = "quá hạn %d ngày làm việc"

	txtCoordGroupName = Msg{VI: "Nhóm phối hợp liên ngành", EN: "Interagency coordination group"}
)

// AgencyName is "Sở Y tế" for a code, the coordination group's name for
// coord, or the code itself when the catalogue does not know it.
func AgencyName(cat *coord.Catalogue, code string, lang coord.Lang) string {
	if code == coord.CoordGroup {
		return txtCoordGroupName.In(lang)
	}
	if a, ok := cat.Agency(code); ok {
		return a.Name
	}
	return code
}

// Truncate cuts s to n runes, ending with "…" when it cut.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// RequestCard describes request r as an agency reads it on today; footer
// adds how to act on it (the card the target receives).
func RequestCard(cat *coord.Catalogue, r coord.Request, today coord.Date, lang coord.Lang, footer bool) string {
	details := ""
	if r.Body != "" {
		details = txtRequestDetails.In(lang, r.Body)
	}
	if len(r.Files) > 0 {
		details += txtRequestFiles.In(lang, len(r.Files))
	}
	overdue := ""
	if r.Overdue(today) {
		overdue = TxtRequestOverdue.In(lang)
	}
	text := txtRequestCard.In(lang, r.ID, RequestTypeName(cat, r.Type, lang), AgencyName(cat, r.From, lang), AgencyName(cat, r.To, lang),
		r.Subject, details, r.Due.VN(), overdue, RequestStateNames[r.State].In(lang))
	if footer {
		text += txtRequestCardFooter.In(lang, r.ID, r.ID, r.ID)
	}
	return text
}

// WithState rewrites the state line of a request card (or of any message
// that quotes one, such as an overdue reminder) to state, in the card's own
// language; ok is false when text has no state line.
func WithState(text string, state coord.RequestState) (string, bool) {
	lines := strings.Split(text, "\n")
	names := RequestStateNames[state]
	for i, line := range lines {
		switch {
		case strings.HasPrefix(line, stateLineVI):
			lines[i] = stateLineVI + names.VI
		case strings.HasPrefix(line, stateLineEN):
			lines[i] = stateLineEN + names.EN
		default:
			continue
		}
		return strings.Join(lines, "\n"), true
	}
	return text, false
}

// The state lines of txtRequestCard.
const (
	stateLineVI = "Trạng thái: "
	stateLineEN = "State: "
)

// CardButtons are the actions still open to the target of r.
func CardButtons(r coord.Request, lang coord.Lang) [][]coord.Button {
	id := strconv.FormatInt(r.ID, 10)
	switch r.State {
	case coord.ReqOpen:
		return [][]coord.Button{{{Text: btnReqAccept.In(lang), Data: CbReqAccept + id},
			{Text: btnReqDecline.In(lang), Data: CbReqDecline + id}, {Text: btnReqAnswer.In(lang), Data: CbReqAnswer + id}}}
	case coord.ReqAccepted:
		return [][]coord.Button{{{Text: btnReqDecline.In(lang), Data: CbReqDecline + id}, {Text: btnReqAnswer.In(lang), Data: CbReqAnswer + id}}}
	}
	return nil
}

// RequestNotice tells the other side of r that actor (of agency) did
// action, with the reason, answer or comment text and how many files came
// with it.
func RequestNotice(cat *coord.Catalogue, r coord.Request, agency, actor string, action coord.RequestAction, text string, files int, lang coord.Lang) string {
	extra := ""
	switch action {
	case coord.ActDecline:
		extra = txtReqNoticeReason.In(lang, text)
	case coord.ActAnswer:
		if text != "" {
			extra = txtReqNoticeAnswer.In(lang, text)
		}
	case coord.ActComment:
		extra = txtReqNoticeComment.In(lang, actor, text)
	}
	if files > 0 {
		extra += txtReqNoticeFiles.In(lang, files)
	}
	return txtReqNotice.In(lang, r.ID, Truncate(r.Subject, 80), AgencyName(cat, agency, lang), RequestActionNames[action].In(lang), extra)
}

// RequestReminder urges the target of an overdue request, late working
// days past its due.
func RequestReminder(cat *coord.Catalogue, r coord.Request, late int, lang coord.Lang) string {
	return txtReqReminder.In(lang, r.ID, r.Due.VN(), late, AgencyName(cat, r.From, lang), r.Subject, r.ID, r.ID,
		Cite(cat, coord.ClauseDeclineReason, lang))
}

// Escalation tells the coordinating agency that r is late working days
// overdue (the clause of coord.ClauseEscalation).
func Escalation(cat *coord.Catalogue, r coord.Request, late int, lang coord.Lang) string {
	return txtEscalation.In(lang, Cite(cat, coord.ClauseEscalation, lang), r.ID, AgencyName(cat, r.From, lang), AgencyName(cat, r.To, lang), late, r.Due.VN(),
		RequestStateNames[r.State].In(lang), r.Subject)
}

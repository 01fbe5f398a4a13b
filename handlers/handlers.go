// Package handlers says what each command, button and conversation step
// does, in the domain's terms. It reaches the outside only through the
// interfaces of coord and the reply API of bot.Context.
package handlers

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

// Handlers holds what the commands need. Fields are interfaces or plain
// values, so tests can build one with fakes.
type Handlers struct {
	// Work is the use cases the commands call, and the first due date the
	// bot tracks (Work.TrackFrom: earlier periods are never owed); Register
	// builds one from Catalogue and Calendar, tracking everything, when it
	// is nil.
	Work      *work.Service
	Catalogue *coord.Catalogue
	InviteTTL time.Duration
	// AdminIDs are the bootstrap admins (BOT_ADMIN_IDS); they stay admins
	// whatever invite they use.
	AdminIDs []int64
	Log      *slog.Logger
	// Calendar computes deadlines.
	Calendar *coord.WorkCalendar
	// MaxFileSize is the largest file accepted (bytes; 0: no limit).
	MaxFileSize int64
	// ArchiveNotify wakes the archiver after a submission with files.
	ArchiveNotify func()
	// RequestDueWorkingDays is the default due of a request (5).
	RequestDueWorkingDays int
	// Digester builds digests for /digest (the scheduler).
	Digester coord.Digester
	// Random is the source of invite codes; crypto/rand by default.
	Random io.Reader
	// Exports keeps the files of /export until they are uploaded; without
	// it /export says it is not enabled.
	Exports Exports
}

// command is one entry of the surface: the router, /help and Telegram's
// command menu are all generated from this table.
type command struct {
	name   string
	args   string
	desc   Msg
	access bot.Access
	where  bot.Where
	run    bot.HandlerFunc
}

func (h *Handlers) commands() []command {
	return []command{
		{"start", "[mã mời]", Msg{VI: "bắt đầu, hoặc ghi danh bằng mã mời", EN: "start, or enrol with an invite code"}, bot.Anyone, bot.BoundGroupOK, h.start},
		{"help", "", Msg{VI: "danh sách lệnh bạn có thể dùng", EN: "the commands you can use"}, bot.Anyone, bot.BoundGroupOK, h.help},
		{"whoami", "", Msg{VI: "bạn là ai, thuộc cơ quan nào", EN: "who you are and your agency"}, bot.Enrolled, bot.BoundGroupOK, h.whoami},
		{"cancel", "", Msg{VI: "hủy thao tác đang dở", EN: "cancel the pending action"}, bot.Enrolled, bot.Everywhere, h.cancel},
		{"lang", "vi|en", Msg{VI: "đổi ngôn ngữ (tiếng Việt / English)", EN: "change language (Vietnamese / English)"}, bot.Enrolled, bot.PrivateOnly, h.lang},
		{"invite", "<cơ quan> [officer|lead|admin]", Msg{VI: "cấp mã mời ghi danh cán bộ", EN: "issue an enrolment invite"}, bot.Admin, bot.PrivateOnly, h.invite},
		{"bindgroup", "<cơ quan|coord>", Msg{VI: "liên kết nhóm này với một cơ quan", EN: "bind this group to an agency"}, bot.Admin, bot.GroupOnly, h.bindGroup},
		{"unbind", "[cơ quan|coord]", Msg{VI: "hủy liên kết nhóm với cơ quan (có xác nhận)", EN: "unbind a group from its agency (with confirmation)"}, bot.Admin, bot.BoundGroupOK, h.unbindCmd},
		{"members", "[cơ quan|all]", Msg{VI: "danh sách người đã ghi danh của cơ quan", EN: "who is enrolled in an agency"}, bot.Lead, bot.PrivateOnly, h.membersCmd},
		{"revoke", "<mã Telegram>", Msg{VI: "thu hồi quyền sử dụng bot của một người (có xác nhận)", EN: "take a person's access back (with confirmation)"}, bot.Admin, bot.PrivateOnly, h.revokeCmd},
		{"role", "<mã Telegram> officer|lead|admin", Msg{VI: "đổi vai trò của một người", EN: "change a person's role"}, bot.Admin, bot.PrivateOnly, h.roleCmd},
		{"submit", "[báo cáo] [kỳ]", Msg{VI: "nộp báo cáo (gửi tệp kèm chú thích, hoặc theo từng bước)", EN: "submit a report (file with caption, or step by step)"}, bot.Enrolled, bot.Everywhere, h.submitCmd},
		{"nil", "<báo cáo> [kỳ]", Msg{VI: "báo cáo không phát sinh (nếu được phép)", EN: "nil report (where allowed)"}, bot.Enrolled, bot.Everywhere, h.nilCmd},
		{"template", "<báo cáo>", Msg{VI: "tệp Excel mẫu của một báo cáo dạng danh sách (ví dụ /template 6.4)", EN: "the Excel template of a list report (e.g. /template 6.4)"}, bot.Enrolled, bot.Everywhere, h.templateCmd},
		{"calendar", "[báo cáo]", Msg{VI: "lịch hạn nộp 45 ngày tới, hoặc hạn và căn cứ của một báo cáo", EN: "deadlines of the next 45 days, or one report's deadlines and their basis"}, bot.Enrolled, bot.Everywhere, h.calendarCmd},
		{"status", "[cơ quan]", Msg{VI: "tình hình nộp báo cáo của cơ quan", EN: "the agency's report status"}, bot.Enrolled, bot.Everywhere, h.statusCmd},
		{"request", "[cơ quan,… hạn nội dung | số]", Msg{VI: "gửi yêu cầu phối hợp, hoặc xem yêu cầu #số", EN: "send a coordination request, or see request #n"}, bot.Enrolled, bot.Everywhere, h.requestCmd},
		{"requests", "[số]", Msg{VI: "danh sách yêu cầu phối hợp nhận và gửi", EN: "incoming and outgoing requests"}, bot.Enrolled, bot.Everywhere, h.requestsCmd},
		{"accept", "<số>", Msg{VI: "nhận xử lý yêu cầu", EN: "accept a request"}, bot.Enrolled, bot.Everywhere, h.acceptCmd},
		{"decline", "<số> <lý do>", Msg{VI: "từ chối yêu cầu (bắt buộc nêu lý do)", EN: "decline a request (with a reason)"}, bot.Enrolled, bot.Everywhere, h.declineCmd},
		{"reply", "<số> <nội dung>", Msg{VI: "trả lời yêu cầu (có thể kèm tệp)", EN: "answer a request (files allowed)"}, bot.Enrolled, bot.Everywhere, h.replyCmd},
		{"digest", "[weekly|inputs|monthly]", Msg{VI: "gửi bản tổng hợp ngay", EN: "post a digest now"}, bot.Admin, bot.Everywhere, h.digestCmd},
		{"export", "status|scorecard|requests|inspections|notices|trainings|feedback|register [năm]", Msg{VI: "xuất tệp Excel: tình trạng báo cáo, kết quả đúng hạn, yêu cầu phối hợp, kiểm tra, thông báo xử lý vi phạm, tuyên truyền, tập huấn hoặc phản ánh khó khăn, vướng mắc của một năm", EN: "export an Excel file: report status, on-time record, requests, inspections, violation notices, trainings or reported difficulties of a year"}, bot.Enrolled, bot.PrivateOnly, h.exportCmd},
		{"inspection", "new|template|join|decline|result|postpone|<số> …", Msg{VI: "kế hoạch kiểm tra liên ngành: lập, trả lời, ghi kết quả, xem", EN: "joint inspection plans: make, answer, record results, see"}, bot.Enrolled, bot.Everywhere, h.inspectionCmd},
		{"inspections", "[năm]", Msg{VI: "danh sách kế hoạch kiểm tra của năm", EN: "the inspection plans of a year"}, bot.Enrolled, bot.Everywhere, h.inspectionsCmd},
		{"notice", "[new [kế hoạch DN] | số | loại số-QĐ ngày MST tên DN | người… | xử phạt]", Msg{VI: "gửi thông báo kết quả xử lý vi phạm (từng bước với new, hoặc tệp quyết định kèm chú thích), hoặc xem thông báo #số", EN: "send a notice of a violation-handling result (step by step with new, or the decision file with a caption), or see notice #n"}, bot.Enrolled, bot.Everywhere, h.noticeCmd},
		{"notices", "[năm]", Msg{VI: "danh sách thông báo kết quả xử lý vi phạm gửi và nhận", EN: "notices of violation-handling results sent and received"}, bot.Enrolled, bot.Everywhere, h.noticesCmd},
		{"meeting", "<dd/mm/yyyy HH:MM cơ quan,…|all tên> | <số> | attend|decline|move|cancel|minutes <số> …", Msg{VI: "họp liên ngành: mời họp, trả lời giấy mời, dời, hủy, gửi biên bản và kết luận, xem", EN: "interagency meetings: call, answer, move, cancel, post the minutes and conclusions, see"}, bot.Enrolled, bot.Everywhere, h.meetingCmd},
		{"meetings", "", Msg{VI: "các cuộc họp liên ngành sắp tới và gần đây", EN: "upcoming and recent interagency meetings"}, bot.Enrolled, bot.Everywhere, h.meetingsCmd},
		{"broadcast", "<all|cơ quan,…> <tiêu đề> | <số>", Msg{VI: "gửi thông báo (văn bản mới, hướng dẫn, thông báo khẩn) kèm tệp tới các cơ quan, có xác nhận «Đã đọc»; hoặc xem thông báo B-số và ai đã đọc", EN: "send a broadcast (a new decree, a guideline, an urgent notice) with files to agencies, with «Read» receipts; or see broadcast B-n and who has read it"}, bot.Enrolled, bot.Everywhere, h.broadcastCmd},
		{"broadcasts", "", Msg{VI: "các thông báo đã gửi và đã nhận", EN: "broadcasts sent and received"}, bot.Enrolled, bot.Everywhere, h.broadcastsCmd},
		{"training", "[<dd/mm/yyyy> tên | <số> [held|join|decline|cancel …] | plan [năm]]", Msg{VI: "tuyên truyền, phổ biến pháp luật, tập huấn: ghi nhận (từng bước nếu gõ một mình), lên kế hoạch, báo kết quả, trả lời lời mời phối hợp, xem", EN: "dissemination and training: record (step by step when sent alone), plan, report held, answer a co-organiser invitation, see"}, bot.Enrolled, bot.Everywhere, h.trainingCmd},
		{"trainings", "[năm]", Msg{VI: "danh sách hoạt động tuyên truyền, tập huấn của năm", EN: "the dissemination and training activities of a year"}, bot.Enrolled, bot.Everywhere, h.trainingsCmd},
		{"feedback", "[<tiêu đề>: <nội dung> | <số> [answer|compile …]]", Msg{VI: "phản ánh khó khăn, vướng mắc tới cơ quan đầu mối (Điều 18), kèm tệp (từng bước nếu gõ một mình); xem, trả lời hoặc đưa vào tổng hợp báo cáo UBND tỉnh", EN: "report a difficulty to the coordinator (Art. 18), with files (step by step when sent alone); see, answer or compile it for the provincial People's Committee"}, bot.Enrolled, bot.Everywhere, h.feedbackCmd},
		{"feedbacks", "", Msg{VI: "các phản ánh chưa trả lời và gần đây", EN: "difficulties not answered yet and recent ones"}, bot.Enrolled, bot.Everywhere, h.feedbacksCmd},
		{"find", "<số hộ chiếu | mã số thuế | họ tên>", Msg{VI: "tra cứu sổ theo dõi người nước ngoài: giấy phép, thị thực, thẻ tạm trú, đơn vị sử dụng lao động (chỉ trong trò chuyện riêng; mỗi lần tra cứu đều được ghi nhật ký)", EN: "search the register of foreigners: permits, visas, residence cards, employers (private chat only; every search is logged)"}, bot.Enrolled, bot.PrivateOnly, h.findCmd},
		{"cancelrequest", "<số>", Msg{VI: "hủy yêu cầu do cơ quan mình gửi", EN: "cancel your agency's request"}, bot.Enrolled, bot.Everywhere, h.cancelRequestCmd},
	}
}

// Register puts the whole surface on the router.
func (h *Handlers) Register(r *bot.Router) {
	if h.Work == nil {
		h.Work = &work.Service{Catalogue: h.Catalogue, Calendar: h.Calendar}
	}
	if h.Random == nil {
		h.Random = rand.Reader
	}
	if h.Log == nil {
		h.Log = slog.Default()
	}
	for _, c := range h.commands() {
		r.Command(c.name, c.run, c.access, c.where)
	}
	// Guessing codes is hopeless at 128 bits, but attempts are limited all
	// the same: counted in Redis before the update's transaction begins.
	r.LimitCommand("start", bot.Limit{Window: inviteWindow, Key: func(u *bot.Update) string {
		if strings.TrimSpace(u.Args) == "" || !u.Chat.Private() {
			return ""
		}
		return "invite:" + strconv.FormatInt(u.From.ID, 10)
	}})
	// Two commands need no conversation, so they work while Redis is down:
	// /start (with an invite code or without), and a file whose caption
	// names the report. Everything else then answers "tạm thời gián đoạn".
	r.WithoutState("start", func(*bot.Update) bool { return true })
	r.WithoutState("submit", oneMessageSubmit)
	r.Callback(cbLang, h.langButton, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbInviteAgency, h.inviteAgencyButton, bot.Admin, bot.PrivateOnly)
	r.Callback(cbInviteRole, h.inviteRoleButton, bot.Admin, bot.PrivateOnly)
	r.Callback(cbBind, h.bindButton, bot.Admin, bot.GroupOnly)
	r.Callback(cbUnbindOK, h.unbindButton, bot.Admin, bot.BoundGroupOK)
	r.Callback(cbUnbindNo, h.cancelButton(flowUnbind), bot.Admin, bot.BoundGroupOK)
	r.Callback(cbRevokeOK, h.revokeButton, bot.Admin, bot.PrivateOnly)
	r.Callback(cbRevokeNo, h.cancelButton(flowRevoke), bot.Admin, bot.PrivateOnly)
	r.Callback(cbSubObligation, h.submitObligationButton, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbSubPeriod, h.submitPeriodButton, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbSubDone, h.submitDoneButton, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbSubNil, h.submitDoneButton, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbSubSkip, h.submitSkipButton, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbSubReplace, h.submitSendButton, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbSubSend, h.submitSendButton, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbSubCancel, h.submitCancelButton, bot.Enrolled, bot.PrivateOnly)
	r.Callback(texts.CbAck, h.ackButton, bot.Enrolled, bot.Everywhere)
	r.Callback(cbCalendarPage, h.calendarPageButton, bot.Enrolled, bot.Everywhere)
	r.Callback(work.CbNoticeAck, h.noticeAckButton, bot.Enrolled, bot.Everywhere)
	r.Callback(work.CbMeetAttend, h.meetAttendButton, bot.Enrolled, bot.Everywhere)
	r.Callback(work.CbMeetDecline, h.meetDeclineButton, bot.Enrolled, bot.Everywhere)
	r.Callback(work.CbBroadcastRead, h.broadcastReadButton, bot.Enrolled, bot.Everywhere)
	r.Callback(work.CbTrainJoin, h.trainJoinButton, bot.Enrolled, bot.Everywhere)
	r.Callback(work.CbTrainDecline, h.trainDeclineButton, bot.Enrolled, bot.Everywhere)
	r.Callback(work.CbFbAnswer, h.fbAnswerButton, bot.Enrolled, bot.Everywhere)
	r.Callback(work.CbFbCompile, h.fbCompileButton, bot.Enrolled, bot.Everywhere)
	r.Callback(work.CbAlertHandled, h.alertHandledButton, bot.Enrolled, bot.Everywhere)
	r.Callback(work.CbAlertNotViolation, h.alertNotViolationButton, bot.Enrolled, bot.Everywhere)
	r.Callback(cbNoticeFromTarget, h.noticeFromTargetButton, bot.Enrolled, bot.Everywhere)
	r.Callback(cbNoticeKind, h.noticeKindButton, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbNoticeNoExtra, h.noticeNoExtraButton, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbReqAccept, h.acceptButton, bot.Enrolled, bot.Everywhere)
	r.Callback(cbReqDecline, h.declineButton, bot.Enrolled, bot.Everywhere)
	r.Callback(cbReqAnswer, h.answerButton, bot.Enrolled, bot.Everywhere)
	r.Callback(cbReqWizType, h.reqWizTypeButton, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbReqWizTarget, h.reqWizTargetButton, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbReqWizTgDone, h.reqWizTargetsDone, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbReqWizSkip, h.reqWizSkip, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbReqWizFiles, h.reqWizFilesDone, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbReqWizDue, h.reqWizDefaultDue, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbReqWizSend, h.reqWizSend, bot.Enrolled, bot.PrivateOnly)
	r.Callback(cbReqWizCancel, h.submitCancelButton, bot.Enrolled, bot.PrivateOnly)
	r.Callback(work.CbInspJoin, h.inspJoinButton, bot.Enrolled, bot.Everywhere)
	r.Callback(work.CbInspDecline, h.inspDeclineButton, bot.Enrolled, bot.Everywhere)
	r.Callback(cbInspWizKind, h.inspWizKindButton, bot.Enrolled, bot.PrivateOnly)
	r.Text(h.text, bot.Enrolled)
	r.Joined(h.joined)
	r.Migrated(h.migrated)
	r.Removed(h.removed)
	r.Errors = h.reportError
}

// Callback data prefixes; each button's data is validated again on press.
const (
	cbLang         = "lang:"
	cbInviteAgency = "inv:a:"
	cbInviteRole   = "inv:r:"
	cbBind         = "bind:"
)

// Menus lists the commands Telegram shows in its menu, for private chats and
// for groups (setMyCommands with scopes).
func (h *Handlers) Menus() (private, group []bot.CommandInfo) {
	for _, c := range h.commands() {
		ci := bot.CommandInfo{Command: c.name, Description: c.desc.In(coord.LangVI)}
		if c.where != bot.GroupOnly {
			private = append(private, ci)
		}
		if c.where != bot.PrivateOnly {
			group = append(group, ci)
		}
	}
	return private, group
}

// refuse is a polite refusal worded for the officer (texts.Refusal).
func refuse(m Msg, args ...any) error { return texts.Refuse(m, args...) }

// reportError is the one sink that turns any handler error into a polite
// reply; internal details go to the log only (the dispatcher logged them).
func (h *Handlers) reportError(ctx context.Context, c *bot.Context, err error) {
	lang := c.Lang()
	var text string
	var ue *texts.Refusal
	var rf *bot.Refusal
	switch {
	case coord.CannotWrite(err):
		text = txtCannotWrite.In(lang)
	case errors.Is(err, bot.ErrStateNotSaved):
		text = txtStepNotSaved.In(lang)
	case errors.As(err, &ue):
		text = ue.Msg.In(lang, ue.Args...)
	case errors.As(err, &rf):
		switch rf.Reason {
		case bot.RefusedStranger:
			text = h.strangerText(lang, c.From.ID)
			if c.Callback != nil || !c.Chat.Private() {
				text = txtStrangerShort.In(lang)
			}
		case bot.RefusedRole:
			who := roleNames[coord.RoleAdmin].In(lang)
			if rf.Need == bot.Lead {
				who = txtLeadsAndAdmins.In(lang)
			}
			text = txtForbiddenRole.In(lang, rf.Route, who)
		case bot.RefusedUnboundGroup:
			text = txtUnboundGroup.In(lang)
		case bot.RefusedNotPrivate:
			text = txtPrivateOnly.In(lang, rf.Route, c.BotUsername)
		case bot.RefusedNotGroup:
			text = txtGroupOnly.In(lang, rf.Route)
		case bot.RefusedUnknownCmd:
			text = txtUnknownCommand.In(lang, rf.Route)
		case bot.RefusedStaleButton:
			text = txtStaleButton.In(lang)
		case bot.RefusedFlood:
			text = txtFlood.In(lang)
		default: // a reason added to bot without a text here
			text = internalText(c, lang)
		}
	default:
		switch coord.ErrorCode(err) {
		case coord.EUnavailable:
			text = txtUnavailable.In(lang)
		default:
			text = internalText(c, lang)
		}
	}
	if c.Callback != nil {
		// A toast under the button; Telegram shows at most 200 characters.
		if err := c.Answer(ctx, truncate(text, 200), true); err != nil {
			h.Log.Error("queue error reply", "err", err)
		}
		return
	}
	if err := c.Reply(ctx, text); err != nil {
		h.Log.Error("queue error reply", "err", err)
	}
}

// isAdmin reports whether the person acting is an admin.
func isAdmin(c *bot.Context) bool { return c.User != nil && c.User.Role.AtLeast(coord.RoleAdmin) }

// internalText is the apology for the bot's own fault: "tell an admin",
// except to an admin, who is told where to look.
func internalText(c *bot.Context, lang coord.Lang) string {
	if isAdmin(c) {
		return txtInternalAdmin.In(lang)
	}
	return txtInternal.In(lang)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// actor is the person of the update, as the use cases know them.
func actor(c *bot.Context) work.Actor {
	return work.Actor{ID: c.From.ID, Name: displayName(c), Agency: c.User.Agency, Role: c.User.Role, Lang: c.Lang(), Chat: c.Chat.ID}
}

// audit writes one audit row of the person's change (work.Audit).
func audit(ctx context.Context, c *bot.Context, action, subject string, before, after any) error {
	return work.Audit(ctx, c.Tx, work.Actor{ID: c.From.ID}, c.Now, action, subject, before, after)
}

// agencyLabel is "Sở Y tế" for a code, or the coordination group's name.
func (h *Handlers) agencyLabel(code string, lang coord.Lang) string {
	if code == coord.CoordGroup {
		return txtCoordGroupName.In(lang)
	}
	if a, ok := h.Catalogue.Agency(code); ok {
		return a.Name
	}
	return code
}

func (h *Handlers) isBootstrapAdmin(id int64) bool {
	for _, a := range h.AdminIDs {
		if a == id {
			return true
		}
	}
	return false
}

// conversation is the wizard state kept in Redis. Flow names the wizard;
// Step is its typed position; the rest is what was collected so far.
type conversation struct {
	Flow   string `json:"flow"`
	Step   string `json:"step"`
	Agency string `json:"agency,omitempty"`
	// Submit wizard.
	Obligation string       `json:"obligation,omitempty"`
	Period     string       `json:"period,omitempty"`
	Files      []wizardFile `json:"files,omitempty"`
	Nil        bool         `json:"nil,omitempty"`
	Note       string       `json:"note,omitempty"`
	// Request wizard and prompts.
	Request int64    `json:"request,omitempty"`
	Type    string   `json:"type,omitempty"`
	Targets []string `json:"targets,omitempty"`
	Subject string   `json:"subject,omitempty"`
	Body    string   `json:"body,omitempty"`
	Due     string   `json:"due,omitempty"`
	// Notice is the draft of the guided notice.
	Notice *work.NewNotice `json:"notice,omitempty"`
	// Card is the message whose buttons drive the wizard, so a press on an
	// older card is recognised as stale.
	Card int `json:"card,omitempty"`
	// CardText is the text of the request card whose button asked for a
	// reason or an answer, so that the step can update it.
	CardText string `json:"card_text,omitempty"`
}

func codesList(codes []string) string { return strings.Join(codes, ", ") }

// strangerText tells a stranger whom the bot serves and how to enrol: the
// province, the regulation and the coordinator are config.yaml's.
func (h *Handlers) strangerText(lang coord.Lang, id int64) string {
	return txtStranger.In(lang, texts.InProvince(h.Catalogue, lang), texts.RegulationName(h.Catalogue, lang),
		h.Catalogue.Coordinator().Name, id)
}

package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

// Conversation flows of invitation answers (after a button).
const (
	flowMeetAttend  = "meet_attend"
	flowMeetDecline = "meet_decline"
)

var (
	txtMeetBadTime = Msg{
		VI: "Không hiểu thời gian «%s». Hãy viết ngày dd/mm/yyyy và giờ HH:MM, ví dụ: /meeting 15/03/2027 09:00 %s Họp liên ngành quý I",
		EN: "Cannot read the time «%s». Write the day as dd/mm/yyyy and the hour as HH:MM, e.g. /meeting 15/03/2027 09:00 %s Quarterly meeting",
	}
	txtMeetBadConclusion = Msg{
		VI: "Không hiểu kết luận «%s». Mỗi kết luận một dòng: <cơ quan> <dd/mm/yyyy> <nội dung>, ví dụ: %s 15/04/2027 Rà soát danh sách",
		EN: "Cannot read the conclusion «%s». One a line: <agency> <dd/mm/yyyy> <what>, e.g. %s 15/04/2027 Review the list",
	}
	txtMeetCreated = Msg{
		VI: "Đã gửi giấy mời họp #%d «%s» (%s) tới: %s.\nXem trả lời: /meeting %d",
		EN: "Invitation to meeting #%d «%s» (%s) sent to: %s.\nSee the answers: /meeting %d",
	}
	txtMeetNowhere     = Msg{VI: "chưa gửi được: chưa có nhóm hoặc cán bộ", EN: "not delivered: no group or officer yet"}
	txtMeetAnsweredYou = Msg{VI: "Đã ghi nhận trả lời của cơ quan bạn cho cuộc họp #%d.", EN: "Your agency's answer to meeting #%d is recorded."}
	txtMeetMovedYou    = Msg{VI: "Đã dời cuộc họp #%d sang %s và báo cho các cơ quan được mời.", EN: "Meeting #%d moved to %s; the invited agencies are told."}
	txtMeetCancelYou   = Msg{VI: "Đã hủy cuộc họp #%d và báo cho các cơ quan được mời.", EN: "Meeting #%d cancelled; the invited agencies are told."}
	txtMeetMinutesYou  = Msg{VI: "Đã gửi biên bản cuộc họp #%d tới các cơ quan được mời.", EN: "The minutes of meeting #%d are sent to the invited agencies."}
	txtMeetRequestsYou = Msg{VI: "\nCác kết luận được theo dõi như yêu cầu phối hợp: %s (xem /requests).", EN: "\nThe conclusions are tracked as requests: %s (see /requests)."}
	txtMeetAskAttend   = Msg{
		VI: "Cuộc họp #%d: hãy trả lời tin nhắn này bằng họ tên, chức vụ người dự họp (gõ - nếu chưa cử được người).",
		EN: "Meeting #%d: reply to this message with the names and titles of who attends (type - if not decided yet).",
	}
	txtMeetAskDecline = Msg{
		VI: "Cuộc họp #%d: hãy trả lời tin nhắn này bằng lý do không tham dự (bắt buộc).",
		EN: "Meeting #%d: reply to this message with the reason your agency does not attend (required).",
	}
	txtMeetingsNone = Msg{VI: "Không có cuộc họp nào của cơ quan bạn trong 30 ngày qua và sắp tới.", EN: "No meetings of your agency in the last 30 days or coming."}
	txtMeetingsHead = Msg{VI: "Cuộc họp liên ngành:", EN: "Interagency meetings:"}
	txtMeetingsLine = Msg{VI: "\n#%d · %s · «%s» · chủ trì: %s · %s", EN: "\n#%d · %s · «%s» · chair: %s · %s"}
	txtMeetStates   = map[coord.MeetingState]Msg{
		coord.MeetingScheduled: {VI: "đã mời, %d/%d cơ quan trả lời", EN: "invited, %d/%d answered"},
		coord.MeetingHeld:      {VI: "đã họp", EN: "held"},
		coord.MeetingCancelled: {VI: "đã hủy", EN: "cancelled"},
	}
)

// meetingCmd routes "/meeting …" by its first word.
func (h *Handlers) meetingCmd(ctx context.Context, c *bot.Context) error {
	args := strings.TrimSpace(c.Args)
	first, _, _ := strings.Cut(args, "\n")
	fields := strings.Fields(first)
	if len(fields) == 0 || (len(fields) == 1 && strings.EqualFold(fields[0], "new") && !strings.Contains(args, "\n")) {
		if c.Chat.Private() && len(c.Files) == 0 {
			return h.startMeetingWizard(ctx, c)
		}
		return refuse(work.TxtMeetUsage)
	}
	if n, ok := parseNumber(fields[0]); ok && len(fields) == 1 && !strings.Contains(args, "\n") {
		return h.showMeeting(ctx, c, n)
	}
	rest := strings.TrimSpace(strings.TrimPrefix(args, fields[0]))
	switch strings.ToLower(fields[0]) {
	case "attend", "decline":
		answer := coord.AnswerJoin
		if strings.EqualFold(fields[0], "decline") {
			answer = coord.AnswerDecline
		}
		n, text, ok := splitNumber(rest)
		if !ok {
			return refuse(work.TxtMeetUsage)
		}
		return h.answerMeeting(ctx, c, n, answer, text)
	case "move":
		return h.moveMeeting(ctx, c, rest)
	case "cancel":
		n, reason, ok := splitNumber(rest)
		if !ok {
			return refuse(work.TxtMeetUsage)
		}
		return h.cancelMeeting(ctx, c, n, reason)
	case "minutes":
		return h.meetingMinutes(ctx, c, rest)
	}
	return h.newMeeting(ctx, c, args)
}

// parseStart reads "dd/mm/yyyy HH:MM" (or "YYYY-MM-DD HH:MM") in the
// calendar's zone.
func (h *Handlers) parseStart(day, clock string) (time.Time, bool) {
	d, ok := work.ParseDayVN(day)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse("15:04", strings.Replace(strings.ToLower(clock), "h", ":", 1))
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(d.Year, d.Month, d.Day, t.Hour(), t.Minute(), 0, 0, h.Calendar.Location), true
}

// newMeeting: "/meeting 15/03/2027 09:00 <code>,<code> Họp liên ngành quý
// I", then optional lines "Địa điểm: …", "Chủ trì: …" and the agenda; the
// message's files are the agenda's documents.
func (h *Handlers) newMeeting(ctx context.Context, c *bot.Context, args string) error {
	first, more, _ := strings.Cut(args, "\n")
	f := strings.Fields(first)
	if len(f) < 4 {
		return refuse(work.TxtMeetUsage)
	}
	start, ok := h.parseStart(f[0], f[1])
	if !ok {
		return refuse(txtMeetBadTime, f[0]+" "+f[1], h.examples(2))
	}
	in := work.NewMeeting{Start: start, Files: fileRefs(c.Files)}
	in.Invitees, in.All = parseInvitees(f[2])
	in.Title = strings.TrimSpace(first[strings.Index(first, f[2])+len(f[2]):])
	var agenda []string
	for _, line := range strings.Split(more, "\n") {
		line = strings.TrimSpace(line)
		key, value, found := strings.Cut(line, ":")
		switch k := strings.ToLower(strings.TrimSpace(key)); {
		case line == "":
		case found && (k == "địa điểm" || k == "place" || k == "link"):
			in.Place = strings.TrimSpace(value)
		case found && (k == "chủ trì" || k == "chair"):
			in.Chair = strings.TrimSpace(value)
		default:
			agenda = append(agenda, line)
		}
	}
	in.Agenda = strings.Join(agenda, "\n")
	return h.callMeeting(ctx, c, in)
}

// parseInvitees reads "<code>,<code>" or "all".
func parseInvitees(list string) (codes []string, all bool) {
	if strings.EqualFold(strings.TrimSpace(list), "all") {
		return nil, true
	}
	for _, code := range strings.Split(strings.ToLower(list), ",") {
		if code = strings.TrimSpace(code); code != "" {
			codes = append(codes, code)
		}
	}
	return codes, false
}

// callMeeting creates the meeting, queues the invitations and tells the
// chair's officer where they went: the end of both the one-message form
// and the wizard.
func (h *Handlers) callMeeting(ctx context.Context, c *bot.Context, in work.NewMeeting) error {
	if err := h.checkFiles(c.Files); err != nil {
		return err
	}
	res, err := h.Work.CreateMeeting(ctx, c.Tx, actor(c), c.Now, in)
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	lang := c.Lang()
	var sent []string
	for _, v := range res.Meeting.Invitees {
		how := txtMeetNowhere.In(lang)
		if res.Reached[v.Agency] > 0 {
			how = strconv.Itoa(res.Reached[v.Agency]) + " chat"
		}
		sent = append(sent, h.agencyLabel(v.Agency, lang)+" ("+how+")")
	}
	m := res.Meeting
	return c.Reply(ctx, truncate(txtMeetCreated.In(lang, m.ID, m.Title, h.Work.MeetingTime(m.Start, lang), strings.Join(sent, ", "), m.ID), 4000))
}

func (h *Handlers) showMeeting(ctx context.Context, c *bot.Context, n int64) error {
	m, err := h.Work.SeeMeeting(ctx, c.Tx, actor(c), n)
	if err != nil {
		return err
	}
	return c.Reply(ctx, h.Work.MeetingCard(m, c.Lang(), true))
}

func (h *Handlers) answerMeeting(ctx context.Context, c *bot.Context, n int64, answer coord.MemberAnswer, text string) error {
	if answer == coord.AnswerJoin && strings.TrimSpace(text) == "-" {
		text = ""
	}
	res, err := h.Work.AnswerMeeting(ctx, c.Tx, actor(c), c.Now, n, answer, text)
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	return c.Reply(ctx, txtMeetAnsweredYou.In(c.Lang(), n))
}

// "/meeting move 3 20/03/2027 14:00 lý do".
func (h *Handlers) moveMeeting(ctx context.Context, c *bot.Context, args string) error {
	f := strings.Fields(args)
	if len(f) < 3 {
		return refuse(work.TxtMeetUsage)
	}
	n, ok := parseNumber(f[0])
	if !ok {
		return refuse(work.TxtMeetUsage)
	}
	start, ok := h.parseStart(f[1], f[2])
	if !ok {
		return refuse(txtMeetBadTime, f[1]+" "+f[2], h.examples(2))
	}
	reason := strings.TrimSpace(args[strings.Index(args, f[2])+len(f[2]):])
	res, err := h.Work.MoveMeeting(ctx, c.Tx, actor(c), c.Now, n, start, reason)
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	return c.Reply(ctx, txtMeetMovedYou.In(c.Lang(), n, h.Work.MeetingTime(res.Meeting.Start, c.Lang())))
}

func (h *Handlers) cancelMeeting(ctx context.Context, c *bot.Context, n int64, reason string) error {
	res, err := h.Work.CancelMeeting(ctx, c.Tx, actor(c), c.Now, n, reason)
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	return c.Reply(ctx, txtMeetCancelYou.In(c.Lang(), n))
}

// "/meeting minutes 3" with the minutes attached; each further line of the
// caption is a conclusion "<agency> <dd/mm/yyyy> <what>".
func (h *Handlers) meetingMinutes(ctx context.Context, c *bot.Context, args string) error {
	first, more, _ := strings.Cut(args, "\n")
	n, rest, ok := splitNumber(first)
	if !ok {
		return refuse(work.TxtMeetUsage)
	}
	var in work.Minutes
	lines := strings.Split(more, "\n")
	if rest != "" {
		lines = append([]string{rest}, lines...)
	}
	for _, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 {
			return refuse(txtMeetBadConclusion, line, h.examples(1))
		}
		day, ok := work.ParseDayVN(f[1])
		if !ok {
			return refuse(txtMeetBadConclusion, line, h.examples(1))
		}
		text := strings.TrimSpace(line[strings.Index(line, f[1])+len(f[1]):])
		in.Conclusions = append(in.Conclusions, coord.Conclusion{Agency: strings.ToLower(strings.TrimRight(f[0], ":")), Due: day, Text: text})
	}
	if err := h.checkFiles(c.Files); err != nil {
		return err
	}
	in.Files = fileRefs(c.Files)
	res, err := h.Work.PostMinutes(ctx, c.Tx, actor(c), c.Now, n, in)
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	text := txtMeetMinutesYou.In(c.Lang(), n)
	if len(res.Requests) > 0 {
		var nums []string
		for _, r := range res.Requests {
			nums = append(nums, fmt.Sprintf("#%d", r.Request.ID))
		}
		text += txtMeetRequestsYou.In(c.Lang(), strings.Join(nums, ", "))
	}
	return c.Reply(ctx, text)
}

// meetingsCmd: "/meetings", the meetings of the last 30 days and coming.
func (h *Handlers) meetingsCmd(ctx context.Context, c *bot.Context) error {
	lang := c.Lang()
	ms, err := h.Work.ListMeetings(ctx, c.Tx, actor(c), c.Now)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		return c.Reply(ctx, txtMeetingsNone.In(lang))
	}
	var b strings.Builder
	fmt.Fprint(&b, txtMeetingsHead.In(lang))
	for _, m := range ms {
		answered := 0
		for _, v := range m.Invitees {
			if v.Answer != coord.AnswerNone {
				answered++
			}
		}
		fmt.Fprint(&b, txtMeetingsLine.In(lang, m.ID, h.Work.MeetingTime(m.Start, lang), m.Title, h.agencyLabel(m.Chair, lang),
			txtMeetStates[m.State].In(lang, answered, len(m.Invitees))))
	}
	return c.Reply(ctx, truncate(b.String(), 4000))
}

// meetAttendButton and meetDeclineButton ask for the names or the reason
// with a ForceReply; the reply records the answer.
func (h *Handlers) meetAttendButton(ctx context.Context, c *bot.Context) error {
	return h.meetPrompt(ctx, c, work.CbMeetAttend, flowMeetAttend, txtMeetAskAttend)
}

func (h *Handlers) meetDeclineButton(ctx context.Context, c *bot.Context) error {
	return h.meetPrompt(ctx, c, work.CbMeetDecline, flowMeetDecline, txtMeetAskDecline)
}

func (h *Handlers) meetPrompt(ctx context.Context, c *bot.Context, prefix, flow string, prompt Msg) error {
	num, agency, _ := strings.Cut(strings.TrimPrefix(c.Callback.Data, prefix), ":")
	agency = h.Catalogue.Current(agency) // a button sent before the agency was renamed
	n, ok := parseNumber(num)
	if !ok || agency == "" {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	if err := h.Work.CanAnswerMeeting(ctx, c.Tx, actor(c), c.Now, n, agency); err != nil {
		return err
	}
	return askReply(ctx, c, n, flow, prompt, coord.MeetingRef(n))
}

// meetReply handles the message that follows an attend or decline prompt;
// an empty decline is refused and the prompt stays.
func (h *Handlers) meetReply(ctx context.Context, c *bot.Context, conv conversation) error {
	answer := coord.AnswerJoin
	if conv.Flow == flowMeetDecline {
		answer = coord.AnswerDecline
	}
	if err := h.answerMeeting(ctx, c, conv.Request, answer, c.Text); err != nil {
		var no *texts.Refusal
		if answer == coord.AnswerDecline && errors.As(err, &no) && no.Msg == work.TxtMeetDeclineNeedsReason {
			return err
		}
		c.ClearConversation()
		return err
	}
	c.ClearConversation()
	return nil
}

// The /meeting wizard, in the private chat: the time, the invited, the
// title, the place, then the agenda (text, files, or "-"). The state is the
// conversation in Redis, as for the other wizards; /cancel ends it.
const (
	flowMeetNew = "meet_new"

	stepMeetStart    = "start"
	stepMeetInvitees = "invitees"
	stepMeetTitle    = "title"
	stepMeetPlace    = "place"
	stepMeetAgenda   = "agenda"
)

var (
	txtMeetWizStart = Msg{
		VI: "Mời họp liên ngành (bước 1/5): gõ ngày và giờ họp, ví dụ: 15/03/2027 09:00. Gõ /cancel để hủy.",
		EN: "New interagency meeting (step 1/5): type the day and hour, e.g. 15/03/2027 09:00. /cancel to stop.",
	}
	txtMeetWizInvitees = Msg{
		VI: "Bước 2/5: gõ mã các cơ quan được mời, cách nhau bởi dấu phẩy (ví dụ: %s), hoặc all để mời tất cả.",
		EN: "Step 2/5: type the invited agencies' codes, comma-separated (e.g. %s), or all.",
	}
	txtMeetWizTitle  = Msg{VI: "Bước 3/5: gõ tên (nội dung) cuộc họp.", EN: "Step 3/5: type the meeting's title."}
	txtMeetWizPlace  = Msg{VI: "Bước 4/5: gõ địa điểm họp, hoặc đường dẫn họp trực tuyến.", EN: "Step 4/5: type the place, or the online meeting link."}
	txtMeetWizAgenda = Msg{
		VI: "Bước 5/5: gõ chương trình họp, hoặc gửi tệp tài liệu (chú thích là chương trình), hoặc gõ - nếu không có.",
		EN: "Step 5/5: type the agenda, or send the documents (the caption is the agenda), or type - for none.",
	}
)

func (h *Handlers) startMeetingWizard(ctx context.Context, c *bot.Context) error {
	if err := c.SaveConversation(conversation{Flow: flowMeetNew, Step: stepMeetStart}); err != nil {
		return err
	}
	return c.Reply(ctx, txtMeetWizStart.In(c.Lang()))
}

// meetWizardStep takes each answer in turn; a bad one is refused and the
// step stays.
func (h *Handlers) meetWizardStep(ctx context.Context, c *bot.Context, conv conversation) error {
	text := strings.TrimSpace(c.Text)
	lang := c.Lang()
	next := func(step string, prompt Msg, args ...any) error {
		conv.Step = step
		if err := c.SaveConversation(conv); err != nil {
			return err
		}
		return c.Reply(ctx, prompt.In(lang, args...))
	}
	switch conv.Step {
	case stepMeetStart:
		f := strings.Fields(text)
		if len(f) != 2 {
			return refuse(txtMeetBadTime, text, h.examples(2))
		}
		start, ok := h.parseStart(f[0], f[1])
		if !ok {
			return refuse(txtMeetBadTime, text, h.examples(2))
		}
		if !start.After(c.Now) {
			return refuse(txtMeetBadTime, text, h.examples(2))
		}
		conv.Due = start.Format(time.RFC3339)
		return next(stepMeetInvitees, txtMeetWizInvitees, h.examples(2))
	case stepMeetInvitees:
		codes, all := parseInvitees(text)
		for _, code := range codes {
			if _, ok := h.Catalogue.Agency(code); !ok {
				return refuse(txtUnknownAgency, code, codesList(h.agencyCodes()))
			}
		}
		if !all && len(codes) == 0 {
			return refuse(txtMeetWizInvitees, h.examples(2))
		}
		conv.Targets = codes
		if all {
			conv.Targets = []string{"all"}
		}
		return next(stepMeetTitle, txtMeetWizTitle)
	case stepMeetTitle:
		if text == "" {
			return refuse(txtMeetWizTitle)
		}
		conv.Subject = text
		return next(stepMeetPlace, txtMeetWizPlace)
	case stepMeetPlace:
		if text == "" {
			return refuse(txtMeetWizPlace)
		}
		conv.Body = text
		return next(stepMeetAgenda, txtMeetWizAgenda)
	case stepMeetAgenda:
		if text == "" && len(c.Files) == 0 {
			return refuse(txtMeetWizAgenda)
		}
		if text == "-" {
			text = ""
		}
		start, err := time.Parse(time.RFC3339, conv.Due)
		if err != nil {
			c.ClearConversation()
			return refuse(texts.TxtFlowExpired)
		}
		in := work.NewMeeting{Title: conv.Subject, Start: start, Place: conv.Body, Agenda: text, Files: fileRefs(c.Files)}
		if len(conv.Targets) == 1 && conv.Targets[0] == "all" {
			in.All = true
		} else {
			in.Invitees = conv.Targets
		}
		if err := h.callMeeting(ctx, c, in); err != nil {
			return err
		}
		c.ClearConversation()
		return nil
	}
	c.ClearConversation()
	return refuse(texts.TxtFlowExpired)
}

// examples are n agency codes of the catalogue for a usage text.
func (h *Handlers) examples(n int) string { return texts.Examples(h.Catalogue, n, ",") }

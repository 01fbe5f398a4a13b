package handlers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

// Callback data of request cards and of the request wizard. Presses are
// authorised again against the stored request, whatever the button said.
const (
	cbReqAccept  = texts.CbReqAccept
	cbReqDecline = texts.CbReqDecline
	cbReqAnswer  = texts.CbReqAnswer

	cbReqWizType   = "rqw:t:"
	cbReqWizTarget = "rqw:g:"
	cbReqWizTgDone = "rqw:gd"
	cbReqWizSkip   = "rqw:skip"
	cbReqWizFiles  = "rqw:fd"
	cbReqWizDue    = "rqw:due"
	cbReqWizSend   = "rqw:ok"
	cbReqWizCancel = "rqw:x"
)

// Conversation flows of requests.
const (
	flowRequest = "request"
	flowDecline = "rq_decline"
	flowAnswer  = "rq_answer"

	stepType    = "type"
	stepTargets = "targets"
	stepSubject = "subject"
	stepBody    = "body"
	stepAttach  = "attach"
	stepDue     = "due"
)

// parseNumber reads "12" or "#12".
func parseNumber(s string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	return n, err == nil && n > 0
}

// parseDue reads YYYY-MM-DD or DD/MM/YYYY and keeps it within [today,
// today + 1 year].
func parseDue(s string, today coord.Date) (coord.Date, error) {
	d, err := coord.ParseDate(s)
	if err != nil {
		t, err2 := time.Parse("02/01/2006", s)
		if err2 != nil {
			t, err2 = time.Parse("2/1/2006", s)
		}
		if err2 != nil {
			return d, refuse(txtRequestBadDue, s, today.VN())
		}
		d = coord.DateOf(t)
	}
	limit := coord.DateOf(today.At(time.UTC).AddDate(1, 0, 0))
	if d.Before(today) || limit.Before(d) {
		return d, refuse(txtRequestBadDue, s, today.VN())
	}
	return d, nil
}

// requestCmd: "/request" (wizard), "/request 12" (show one), or
// "/request congan,tuphap 2027-03-15 subject…" (one line, a file may be
// attached).
func (h *Handlers) requestCmd(ctx context.Context, c *bot.Context) error {
	args := strings.TrimSpace(c.Args)
	if args == "" {
		if !c.Chat.Private() {
			return refuse(txtRequestUsage)
		}
		return h.startRequestWizard(ctx, c)
	}
	if n, ok := parseNumber(args); ok {
		return h.showRequest(ctx, c, n)
	}
	fields := strings.Fields(args)
	if len(fields) < 3 {
		return refuse(txtRequestUsage)
	}
	targets, err := h.parseTargets(c, fields[0])
	if err != nil {
		return err
	}
	due, err := parseDue(fields[1], h.today(c.Now))
	if err != nil {
		return err
	}
	subject := strings.TrimSpace(strings.SplitN(args, fields[1], 2)[1])
	if err := h.checkFiles(c.Files); err != nil {
		return err
	}
	return h.createRequests(ctx, c, coord.ReqOther, targets, subject, "", fileRefs(c.Files), due)
}

func (h *Handlers) parseTargets(c *bot.Context, list string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, code := range strings.Split(strings.ToLower(list), ",") {
		code = strings.TrimSpace(code)
		if code == "" || seen[code] {
			continue
		}
		if _, ok := h.Catalogue.Agency(code); !ok {
			return nil, refuse(txtUnknownAgency, code, codesList(h.agencyCodes()))
		}
		if code == c.User.Agency {
			return nil, refuse(txtRequestSelf, h.agencyLabel(code, c.Lang()))
		}
		seen[code] = true
		out = append(out, code)
	}
	if len(out) == 0 {
		return nil, refuse(txtRequestUsage)
	}
	return out, nil
}

func fileRefs(files []bot.File) []coord.FileRef {
	out := make([]coord.FileRef, len(files))
	for i, f := range files {
		out[i] = coord.FileRef{FileID: f.FileID, Photo: f.Photo, Name: f.Name}
	}
	return out
}

// createRequests makes one request per target (work.CreateRequests) and
// tells the requester the numbers and where each card went.
func (h *Handlers) createRequests(ctx context.Context, c *bot.Context, typ coord.RequestType, targets []string,
	subject, body string, files []coord.FileRef, due coord.Date) error {
	res, err := h.Work.CreateRequests(ctx, c.Tx, actor(c), c.Now, work.NewRequest{Type: typ, Targets: targets,
		Subject: subject, Body: body, Files: files, Due: due})
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	lang := c.Lang()
	var lines []string
	for _, m := range res.Requests {
		how := howReached(m.Mode, m.Reached, lang)
		if how == "" {
			how = txtRequestUnreachable.In(lang)
		}
		lines = append(lines, txtRequestCreatedLine.In(lang, m.Request.ID, h.agencyLabel(m.Request.To, lang), how))
	}
	return c.Reply(ctx, txtRequestCreated.In(lang, strings.Join(lines, "\n"), due.VN()))
}

// act takes one step on request n for the caller (work.Act), then says so
// to the caller and narrows the pressed card's buttons to what is still
// possible.
func (h *Handlers) act(ctx context.Context, c *bot.Context, n int64, action coord.RequestAction, text string, files []coord.FileRef) error {
	res, err := h.Work.Act(ctx, c.Tx, actor(c), c.Now, work.Step{Request: n, Action: action, Text: text, Files: files})
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	lang := c.Lang()
	if c.Callback != nil && action != coord.ActComment {
		if err := c.SetButtons(ctx, texts.CardButtons(res.Request, lang)); err != nil {
			return err
		}
	}
	if action == coord.ActComment {
		return c.Reply(ctx, txtCommentRelayed.In(lang, h.agencyLabel(res.Other, lang)))
	}
	return c.Reply(ctx, txtReqDoneActor.In(lang, texts.RequestActionNames[action].In(lang), res.Request.ID))
}

// numberArg splits "12 rest of text".
func numberArg(c *bot.Context, cmd string) (int64, string, error) {
	// The number ends at any whitespace: "/reply 12\nlong answer" is usual.
	args := strings.TrimSpace(c.Args)
	head, rest := args, ""
	if i := strings.IndexFunc(args, unicode.IsSpace); i >= 0 {
		head, rest = args[:i], args[i:]
	}
	n, ok := parseNumber(head)
	if !ok {
		return 0, "", refuse(txtRequestBadNumber, cmd)
	}
	return n, strings.TrimSpace(rest), nil
}

func (h *Handlers) acceptCmd(ctx context.Context, c *bot.Context) error {
	n, _, err := numberArg(c, "accept")
	if err != nil {
		return err
	}
	return h.act(ctx, c, n, coord.ActAccept, "", nil)
}

func (h *Handlers) declineCmd(ctx context.Context, c *bot.Context) error {
	n, reason, err := numberArg(c, "decline")
	if err != nil {
		return err
	}
	return h.act(ctx, c, n, coord.ActDecline, reason, nil)
}

func (h *Handlers) replyCmd(ctx context.Context, c *bot.Context) error {
	n, text, err := numberArg(c, "reply")
	if err != nil {
		return err
	}
	if err := h.checkFiles(c.Files); err != nil {
		return err
	}
	return h.act(ctx, c, n, coord.ActAnswer, text, fileRefs(c.Files))
}

func (h *Handlers) cancelRequestCmd(ctx context.Context, c *bot.Context) error {
	n, _, err := numberArg(c, "cancelrequest")
	if err != nil {
		return err
	}
	return h.act(ctx, c, n, coord.ActCancel, "", nil)
}

func (h *Handlers) acceptButton(ctx context.Context, c *bot.Context) error {
	n, ok := parseNumber(strings.TrimPrefix(c.Callback.Data, cbReqAccept))
	if !ok {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	return h.act(ctx, c, n, coord.ActAccept, "", nil)
}

// declineButton and answerButton ask for the text with a ForceReply and
// remember which request it is for; the reply does the transition.
func (h *Handlers) declineButton(ctx context.Context, c *bot.Context) error {
	return h.promptFor(ctx, c, strings.TrimPrefix(c.Callback.Data, cbReqDecline), coord.ActDecline, flowDecline, txtAskDeclineReason)
}

func (h *Handlers) answerButton(ctx context.Context, c *bot.Context) error {
	return h.promptFor(ctx, c, strings.TrimPrefix(c.Callback.Data, cbReqAnswer), coord.ActAnswer, flowAnswer, txtAskAnswer)
}

func (h *Handlers) promptFor(ctx context.Context, c *bot.Context, num string, action coord.RequestAction, flow string, prompt Msg) error {
	n, ok := parseNumber(num)
	if !ok {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	if err := h.Work.CanAct(ctx, c.Tx, actor(c), n, action); err != nil {
		return err
	}
	if err := c.SaveConversation(conversation{Flow: flow, Request: n}); err != nil {
		return err
	}
	text := prompt.In(c.Lang(), n)
	if !c.Chat.Private() && c.From.Username != "" {
		text = "@" + c.From.Username + " " + text
	}
	return c.Send(ctx, coord.OutMessage{Kind: coord.OutText, ChatID: c.Chat.ID, Text: text, ForceReply: true, Ref: coord.RequestRef(n)})
}

// promptLive reports whether a decline or answer prompt still asks for
// something the person may do: its request still allows the action from
// their side.
func (h *Handlers) promptLive(ctx context.Context, c *bot.Context, conv conversation) (bool, error) {
	action := coord.ActDecline
	if conv.Flow == flowAnswer {
		action = coord.ActAnswer
	}
	err := h.Work.CanAct(ctx, c.Tx, actor(c), conv.Request, action)
	var no *texts.Refusal
	if errors.As(err, &no) {
		return false, nil
	}
	return err == nil, err
}

// requestReply handles the message that follows a decline or answer prompt.
func (h *Handlers) requestReply(ctx context.Context, c *bot.Context, conv conversation) error {
	text := strings.TrimSpace(c.Text)
	if err := h.checkFiles(c.Files); err != nil {
		return err
	}
	action := coord.ActDecline
	if conv.Flow == flowAnswer {
		action = coord.ActAnswer
	}
	if err := h.act(ctx, c, conv.Request, action, text, fileRefs(c.Files)); err != nil {
		return err
	}
	c.ClearConversation()
	return nil
}

// commentOnReply relays a Telegram reply to a message about a request to
// the other side. ok is false when the replied-to message is not about a
// request.
func (h *Handlers) commentOnReply(ctx context.Context, c *bot.Context) (bool, error) {
	if c.ReplyTo == nil || !c.ReplyTo.FromBot {
		return false, nil
	}
	ref, err := c.Tx.MessageRef(ctx, c.Chat.ID, c.ReplyTo.MessageID)
	if coord.ErrorCode(err) == coord.ENotFound {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("find replied message: %w", err)
	}
	n, ok := coord.RequestOfRef(ref)
	if !ok {
		return false, nil
	}
	if err := h.checkFiles(c.Files); err != nil {
		return true, err
	}
	return true, h.act(ctx, c, n, coord.ActComment, strings.TrimSpace(c.Text), fileRefs(c.Files))
}

// requestsCmd lists the agency's incoming and outgoing requests, open ones
// first; "/requests 12" shows one; admins may ask "/requests all".
func (h *Handlers) requestsCmd(ctx context.Context, c *bot.Context) error {
	args := strings.TrimSpace(c.Args)
	if n, ok := parseNumber(args); ok {
		return h.showRequest(ctx, c, n)
	}
	lang := c.Lang()
	today := h.today(c.Now)
	var b strings.Builder
	if args == "all" && c.User.Role.AtLeast(coord.RoleAdmin) {
		if !c.Chat.Private() {
			return refuse(txtRequestsAllPrivate, c.BotUsername)
		}
		all, err := c.Tx.Requests(ctx, coord.RequestFilter{States: coord.OpenStates})
		if err != nil {
			return fmt.Errorf("list requests: %w", err)
		}
		b.WriteString(txtRequestsAll.In(lang))
		h.writeRequestLines(&b, sortRequests(all), today, lang, 200)
		b.WriteString("\n\n" + txtRequestsFooter.In(lang))
		return c.Reply(ctx, b.String())
	}
	agency := c.User.Agency
	if !shownHere(c, agency) {
		return refuse(txtRequestsElsewhere, h.agencyLabel(agency, lang), c.BotUsername)
	}
	b.WriteString(txtRequestsHeader.In(lang, h.agencyLabel(agency, lang)))
	for _, part := range []struct {
		title Msg
		f     coord.RequestFilter
	}{{txtRequestsIncoming, coord.RequestFilter{To: agency}}, {txtRequestsOutgoing, coord.RequestFilter{From: agency}}} {
		list, err := c.Tx.Requests(ctx, part.f)
		if err != nil {
			return fmt.Errorf("list requests: %w", err)
		}
		b.WriteString("\n\n" + part.title.In(lang))
		h.writeRequestLines(&b, sortRequests(list), today, lang, 30)
	}
	b.WriteString("\n\n" + txtRequestsFooter.In(lang))
	return c.Reply(ctx, b.String())
}

// sortRequests puts open ones first (most urgent due first), then closed
// ones, newest first; list comes oldest first.
func sortRequests(list []coord.Request) []coord.Request {
	var open, closed []coord.Request
	for _, r := range list {
		if r.State.Closed() {
			closed = append(closed, r)
		} else {
			open = append(open, r)
		}
	}
	slices.SortStableFunc(open, func(a, b coord.Request) int {
		switch {
		case a.Due.Before(b.Due):
			return -1
		case b.Due.Before(a.Due):
			return 1
		}
		return 0
	})
	slices.Reverse(closed)
	return append(open, closed...)
}

func (h *Handlers) writeRequestLines(b *strings.Builder, list []coord.Request, today coord.Date, lang coord.Lang, max int) {
	if len(list) == 0 {
		b.WriteString("\n" + txtRequestsNone.In(lang))
		return
	}
	for i, r := range list {
		if i == max {
			break
		}
		overdue := ""
		if r.Overdue(today) {
			overdue = texts.TxtRequestOverdue.In(lang)
		}
		b.WriteString("\n" + txtRequestLine.In(lang, r.ID, texts.RequestStateNames[r.State].In(lang), r.From, r.To, r.Due.VN(), overdue, truncate(r.Subject, 80)))
	}
}

// shownHere reports whether a view about the affairs of agencies may be
// posted in this chat: a private chat (whose reader the caller authorised),
// or the group bound to one of those agencies. A request's history and
// files, or an agency's list of requests, never go into the shared
// coordination group or another agency's group because someone typed the
// command there.
func shownHere(c *bot.Context, agencies ...string) bool {
	if c.Chat.Private() {
		return true
	}
	return c.Binding != nil && slices.Contains(agencies, c.Binding.Code)
}

// showRequest prints one request and its history (work.See: either side,
// or an admin), with its files re-sent so the history is complete in the
// chat: only where the parties' affairs may be shown.
func (h *Handlers) showRequest(ctx context.Context, c *bot.Context, n int64) error {
	lang := c.Lang()
	seen, err := h.Work.See(ctx, c.Tx, actor(c), n)
	if err != nil {
		return err
	}
	r := seen.Request
	// The history and its files may be for the parties only: never into
	// the shared coordination group or a third agency's group.
	if !shownHere(c, r.From, r.To) {
		return refuse(txtRequestDetailsPrivate, r.ID, c.BotUsername)
	}
	var b strings.Builder
	b.WriteString(texts.RequestCard(h.Catalogue, r, h.today(c.Now), lang, false))
	b.WriteString("\n\n" + txtRequestHistory.In(lang))
	var files []coord.FileRef
	for _, ev := range seen.Events {
		who := txtSystemActor.In(lang)
		if ev.Actor != 0 {
			who = seen.Names[ev.Actor]
		}
		agency := ev.ActorAgency
		if agency == "" {
			agency = "—"
		}
		what := texts.RequestActionNames[ev.Action].In(lang)
		if ev.Text != "" && ev.Action != coord.ActCreate {
			what += ": " + ev.Text
		}
		if len(ev.Files) > 0 {
			what += txtHistoryFiles.In(lang, len(ev.Files))
		}
		b.WriteString("\n" + txtHistoryLine.In(lang, h.localTime(ev.At), h.agencyLabel(agency, lang), who, what))
		files = append(files, ev.Files...)
	}
	if len(files) > 0 {
		if err := sendFiles(c, ctx, c.Chat.ID, files, fmt.Sprintf("#%d", r.ID), coord.RequestRef(r.ID)); err != nil {
			return err
		}
	}
	var buttons [][]coord.Button
	if seen.Side == coord.Target {
		buttons = texts.CardButtons(r, lang)
	}
	return c.Send(ctx, coord.OutMessage{Kind: coord.OutText, ChatID: c.Chat.ID, Text: b.String(), Buttons: buttons, Ref: coord.RequestRef(r.ID)})
}

// The request wizard: type, targets, subject, details, files, due, confirm.

func (h *Handlers) startRequestWizard(ctx context.Context, c *bot.Context) error {
	if err := c.SaveConversation(conversation{Flow: flowRequest, Step: stepType}); err != nil {
		return err
	}
	lang := c.Lang()
	var rows [][]coord.Button
	for _, t := range coord.RequestTypes {
		rows = append(rows, []coord.Button{{Text: truncate(texts.RequestTypeNames[t].In(lang), 60), Data: cbReqWizType + string(t)}})
	}
	rows = append(rows, []coord.Button{{Text: btnCancel.In(lang), Data: cbReqWizCancel}})
	return c.Reply(ctx, txtReqWizType.In(lang), rows...)
}

func (h *Handlers) reqWizTypeButton(ctx context.Context, c *bot.Context) error {
	conv, err := h.loadFlow(ctx, c, flowRequest, stepType)
	if err != nil {
		return err
	}
	t := coord.RequestType(strings.TrimPrefix(c.Callback.Data, cbReqWizType))
	if !t.Valid() {
		return refuse(txtFlowExpired)
	}
	conv.Type, conv.Step = string(t), stepTargets
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	return h.editTargets(ctx, c, conv)
}

func (h *Handlers) editTargets(ctx context.Context, c *bot.Context, conv conversation) error {
	lang := c.Lang()
	chosen := map[string]bool{}
	var names []string
	for _, t := range conv.Targets {
		chosen[t] = true
		names = append(names, h.agencyLabel(t, lang))
	}
	if len(names) == 0 {
		names = []string{txtRequestsNone.In(lang)}
	}
	var rows [][]coord.Button
	var row []coord.Button
	for _, a := range h.Catalogue.Agencies {
		if a.Code == c.User.Agency || a.External() {
			continue
		}
		label := a.Name
		if chosen[a.Code] {
			label = "✅ " + label
		}
		row = append(row, coord.Button{Text: label, Data: cbReqWizTarget + a.Code})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	rows = append(rows, []coord.Button{{Text: btnDone.In(lang), Data: cbReqWizTgDone}, {Text: btnCancel.In(lang), Data: cbReqWizCancel}})
	return c.Edit(ctx, txtReqWizTargets.In(lang, strings.Join(names, ", ")), rows)
}

func (h *Handlers) reqWizTargetButton(ctx context.Context, c *bot.Context) error {
	conv, err := h.loadFlow(ctx, c, flowRequest, stepTargets)
	if err != nil {
		return err
	}
	code := strings.TrimPrefix(c.Callback.Data, cbReqWizTarget)
	if a, ok := h.Catalogue.Agency(code); !ok || a.External() || code == c.User.Agency {
		return refuse(txtFlowExpired)
	}
	var next []string
	found := false
	for _, t := range conv.Targets {
		if t == code {
			found = true
			continue
		}
		next = append(next, t)
	}
	if !found {
		next = append(next, code)
	}
	conv.Targets = next
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	return h.editTargets(ctx, c, conv)
}

func (h *Handlers) reqWizTargetsDone(ctx context.Context, c *bot.Context) error {
	conv, err := h.loadFlow(ctx, c, flowRequest, stepTargets)
	if err != nil {
		return err
	}
	if len(conv.Targets) == 0 {
		return refuse(txtReqWizNeedTarget)
	}
	conv.Step = stepSubject
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	if err := c.ClearButtons(ctx); err != nil {
		return err
	}
	return c.Reply(ctx, txtReqWizSubject.In(c.Lang()))
}

// requestWizardStep handles typed text and files in the request wizard.
func (h *Handlers) requestWizardStep(ctx context.Context, c *bot.Context, conv conversation) error {
	lang := c.Lang()
	text := strings.TrimSpace(c.Text)
	switch conv.Step {
	case stepSubject:
		if text == "" {
			return refuse(txtReqWizSubject)
		}
		conv.Subject, conv.Step = text, stepBody
		if err := c.SaveConversation(conv); err != nil {
			return err
		}
		return c.Reply(ctx, txtReqWizBody.In(lang), []coord.Button{{Text: btnSkip.In(lang), Data: cbReqWizSkip}})
	case stepBody:
		if text == "" {
			return refuse(txtReqWizBody)
		}
		conv.Body = text
		return h.reqWizAskFiles(ctx, c, conv)
	case stepAttach:
		if len(c.Files) == 0 {
			return refuse(txtReqWizFiles)
		}
		if err := h.checkFiles(c.Files); err != nil {
			return err
		}
		conv.Files = append(conv.Files, toWizardFiles(c.Files)...)
		if err := c.SaveConversation(conv); err != nil {
			return err
		}
		return c.Reply(ctx, txtReqWizFilesSoFar.In(lang, len(conv.Files)), []coord.Button{{Text: btnDone.In(lang), Data: cbReqWizFiles}})
	case stepDue:
		due, err := parseDue(text, h.today(c.Now))
		if err != nil {
			return err
		}
		conv.Due = due.String()
		return h.reqWizConfirm(ctx, c, conv)
	}
	return refuse(txtWizardWrongInput, txtReqWizWait.In(lang))
}

func (h *Handlers) reqWizSkip(ctx context.Context, c *bot.Context) error {
	conv, err := h.loadFlow(ctx, c, flowRequest, stepBody)
	if err != nil {
		return err
	}
	return h.reqWizAskFiles(ctx, c, conv)
}

func (h *Handlers) reqWizAskFiles(ctx context.Context, c *bot.Context, conv conversation) error {
	conv.Step = stepAttach
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	lang := c.Lang()
	return c.Reply(ctx, txtReqWizFiles.In(lang), []coord.Button{{Text: btnDone.In(lang), Data: cbReqWizFiles}})
}

func (h *Handlers) reqWizFilesDone(ctx context.Context, c *bot.Context) error {
	conv, err := h.loadFlow(ctx, c, flowRequest, stepAttach)
	if err != nil {
		return err
	}
	// The default is fixed now, with the date on its button: pressed
	// later, the button still means the date it shows.
	def := h.Calendar.AddWorkingDays(h.today(c.Now), h.RequestDueWorkingDays)
	conv.Step, conv.Due = stepDue, def.String()
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	lang := c.Lang()
	return c.Reply(ctx, txtReqWizDue.In(lang, def.VN(), h.RequestDueWorkingDays), []coord.Button{{Text: def.VN(), Data: cbReqWizDue}})
}

// reqWizDefaultDue takes the default offered at the due step (conv.Due);
// sending checks it is still a valid due date.
func (h *Handlers) reqWizDefaultDue(ctx context.Context, c *bot.Context) error {
	conv, err := h.loadFlow(ctx, c, flowRequest, stepDue)
	if err != nil {
		return err
	}
	return h.reqWizConfirm(ctx, c, conv)
}

func (h *Handlers) reqWizConfirm(ctx context.Context, c *bot.Context, conv conversation) error {
	conv.Step = stepConfirm
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	lang := c.Lang()
	var names []string
	for _, t := range conv.Targets {
		names = append(names, h.agencyLabel(t, lang))
	}
	due, _ := coord.ParseDate(conv.Due)
	body := conv.Body
	if body == "" {
		body = txtNoNote.In(lang)
	}
	text := txtReqWizConfirm.In(lang, texts.RequestTypeNames[coord.RequestType(conv.Type)].In(lang), strings.Join(names, ", "),
		conv.Subject, body, len(conv.Files), due.VN())
	return c.Reply(ctx, text, []coord.Button{{Text: btnReqSend.In(lang), Data: cbReqWizSend}, {Text: btnCancel.In(lang), Data: cbReqWizCancel}})
}

func (h *Handlers) reqWizSend(ctx context.Context, c *bot.Context) error {
	conv, err := h.loadFlow(ctx, c, flowRequest, stepConfirm)
	if err != nil {
		return err
	}
	due, err := parseDue(conv.Due, h.today(c.Now))
	if err != nil {
		return err
	}
	if err := c.ClearButtons(ctx); err != nil {
		return err
	}
	c.ClearConversation()
	files := make([]coord.FileRef, len(conv.Files))
	for i, f := range conv.Files {
		files[i] = coord.FileRef{FileID: f.FileID, Photo: f.Photo, Name: f.Name}
	}
	return h.createRequests(ctx, c, coord.RequestType(conv.Type), conv.Targets, conv.Subject, conv.Body, files, due)
}

package handlers

import (
	"context"
	"errors"
	"fmt"
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
// "/request <code>,<code> 2027-03-15 subject…" (one line, a file may be
// attached).
func (h *Handlers) requestCmd(ctx context.Context, c *bot.Context) error {
	args := strings.TrimSpace(c.Args)
	if args == "" {
		if !c.Chat.Private() {
			return refuse(txtRequestUsage, texts.Examples(h.Catalogue, 2, ","), h.requestTypeCodes())
		}
		return h.startRequestWizard(ctx, c)
	}
	if n, ok := parseNumber(args); ok {
		return h.showRequest(ctx, c, n)
	}
	fields := strings.Fields(args)
	typ := coord.ReqOther
	if t, ok := h.parseRequestType(fields[0]); ok {
		// "/request 8.4 <addressee> <due> <subject>": a type first.
		typ, args = t, strings.TrimSpace(args[len(fields[0]):])
		fields = fields[1:]
	}
	if len(fields) < 3 {
		return refuse(txtRequestUsage, texts.Examples(h.Catalogue, 2, ","), h.requestTypeCodes())
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
	return h.createRequests(ctx, c, typ, targets, subject, "", fileRefs(c.Files), due)
}

// parseRequestType reads the optional type that may open the one-line
// form: a type's code (request_types in config.yaml) or its first clause
// ("/request 8.4 …"). An agency code is never a type, and a meeting's
// conclusions become requests when the chair posts the minutes, never by
// hand.
func (h *Handlers) parseRequestType(word string) (coord.RequestType, bool) {
	word = strings.ToLower(word)
	if _, isAgency := h.Catalogue.Agency(word); isAgency {
		return "", false
	}
	for _, k := range h.Catalogue.RequestKinds() {
		if !k.Internal && (string(k.Code) == word || k.FirstClause() == word) {
			return k.Code, true
		}
	}
	return "", false
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
		return nil, refuse(txtRequestUsage, texts.Examples(h.Catalogue, 2, ","), h.requestTypeCodes())
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
		if m.Mode == coord.ToAdmins {
			how = txtRequestViaAdmins.In(lang, m.Reached)
		}
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
	_, err := h.actOn(ctx, c, n, action, text, files)
	return err
}

// actOn takes the step and returns the request after it.
func (h *Handlers) actOn(ctx context.Context, c *bot.Context, n int64, action coord.RequestAction, text string, files []coord.FileRef) (coord.Request, error) {
	res, err := h.Work.Act(ctx, c.Tx, actor(c), c.Now, work.Step{Request: n, Action: action, Text: text, Files: files})
	if err != nil {
		return res.Request, err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return res.Request, err
	}
	lang := c.Lang()
	if c.Callback != nil && action != coord.ActComment {
		if err := h.refreshCard(ctx, c, c.Callback.MessageID, c.Callback.Text, res.Request); err != nil {
			return res.Request, err
		}
	}
	if action == coord.ActComment {
		return res.Request, c.Reply(ctx, txtCommentRelayed.In(lang, h.agencyLabel(res.Other, lang)))
	}
	return res.Request, c.Reply(ctx, txtReqDoneActor.In(lang, texts.RequestActionNames[action].In(lang), res.Request.ID))
}

// refreshCard makes the card (message id, whose text was text) say the
// state r is in now, with the buttons still open: a card must never show
// a state its request has left. A message without a state line keeps its
// text and only changes its buttons.
func (h *Handlers) refreshCard(ctx context.Context, c *bot.Context, id int, text string, r coord.Request) error {
	buttons := texts.CardButtons(r, c.Lang())
	if updated, ok := texts.WithState(text, r.State); ok {
		return c.Send(ctx, coord.OutMessage{Kind: coord.OutEdit, ChatID: c.Chat.ID, MessageID: id, Text: updated, Buttons: buttons})
	}
	return c.Send(ctx, coord.OutMessage{Kind: coord.OutEditButtons, ChatID: c.Chat.ID, MessageID: id, Buttons: buttons})
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
	// The card pressed is remembered, so that the reply's step can make it
	// show the new state.
	return ask(ctx, c, conversation{Flow: flow, Request: n, Card: c.Callback.MessageID, CardText: c.Callback.Text}, prompt, coord.RequestRef(n))
}

// askReply starts flow about number n and asks the presser for its text
// with a ForceReply prompt (naming them in a group, where several may
// press), routed back by ref.
func askReply(ctx context.Context, c *bot.Context, n int64, flow string, prompt Msg, ref string) error {
	return ask(ctx, c, conversation{Flow: flow, Request: n}, prompt, ref)
}

// ask saves conv and sends prompt (about conv.Request) as a ForceReply.
func ask(ctx context.Context, c *bot.Context, conv conversation, prompt Msg, ref string) error {
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	text := prompt.In(c.Lang(), conv.Request)
	if !c.Chat.Private() && c.From.Username != "" {
		text = "@" + c.From.Username + " " + text
	}
	return c.Send(ctx, coord.OutMessage{Kind: coord.OutText, ChatID: c.Chat.ID, Text: text, ForceReply: true, Ref: ref})
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
	r, err := h.actOn(ctx, c, conv.Request, action, text, fileRefs(c.Files))
	if err != nil {
		return err
	}
	c.ClearConversation()
	if conv.Card != 0 {
		return h.refreshCard(ctx, c, conv.Card, conv.CardText, r)
	}
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

// requestTypeCodes lists the request types /request accepts, each as its
// code and clause ("record (8.5)"), for the usage text.
func (h *Handlers) requestTypeCodes() string {
	var out []string
	for _, k := range h.Catalogue.RequestKinds() {
		if k.Internal {
			continue
		}
		if c := k.FirstClause(); c != "" {
			out = append(out, string(k.Code)+" ("+c+")")
		} else {
			out = append(out, string(k.Code))
		}
	}
	return strings.Join(out, ", ")
}

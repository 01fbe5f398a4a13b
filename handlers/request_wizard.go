package handlers

import (
	"context"
	"strings"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// The request wizard: type, targets, subject, details, files, due, confirm.

func (h *Handlers) startRequestWizard(ctx context.Context, c *bot.Context) error {
	if err := c.SaveConversation(conversation{Flow: flowRequest, Step: stepType}); err != nil {
		return err
	}
	lang := c.Lang()
	var rows [][]coord.Button
	for _, k := range h.Catalogue.RequestKinds() {
		if k.Internal || !k.MaySend(c.User.Agency) || !h.anyTarget(k, c.User.Agency) {
			continue // offered only where it fits: its senders, with someone to receive it
		}
		rows = append(rows, []coord.Button{{Text: truncate(texts.RequestTypeName(h.Catalogue, k.Code, lang), 60), Data: cbReqWizType + string(k.Code)}})
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
	if k, ok := h.Catalogue.RequestKind(t); !ok || k.Internal || !k.MaySend(c.User.Agency) {
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
	kind, _ := h.Catalogue.RequestKind(coord.RequestType(conv.Type))
	var rows [][]coord.Button
	var row []coord.Button
	for _, a := range h.Catalogue.Agencies {
		if a.Code == c.User.Agency || !kind.MayTarget(a) {
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
	kind, _ := h.Catalogue.RequestKind(coord.RequestType(conv.Type))
	if a, ok := h.Catalogue.Agency(code); !ok || !kind.MayTarget(a) || code == c.User.Agency {
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
	text := txtReqWizConfirm.In(lang, texts.RequestTypeName(h.Catalogue, coord.RequestType(conv.Type), lang), strings.Join(names, ", "),
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

// anyTarget reports whether a request of kind k from agency from has
// anyone to go to.
func (h *Handlers) anyTarget(k coord.RequestKind, from string) bool {
	for _, a := range h.Catalogue.Agencies {
		if a.Code != from && k.MayTarget(a) {
			return true
		}
	}
	return false
}

package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

// The submission wizard: report, period, files, note, confirm. Each step is
// checked again against the stored conversation and the catalogue; the last
// one hands over to record, which is the same path as /submit and /nil.

func (h *Handlers) startSubmitWizard(ctx context.Context, c *bot.Context, files []wizardFile) error {
	lang := c.Lang()
	obs := h.Catalogue.ObligationsOf(c.User.Agency)
	if len(obs) == 0 {
		return refuse(txtNoObligations, h.agencyLabel(c.User.Agency, lang))
	}
	conv := conversation{Flow: flowSubmit, Step: stepObligation, Files: files}
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	var rows [][]coord.Button
	for _, o := range obs {
		rows = append(rows, []coord.Button{{Text: truncate(o.ID+" — "+o.Title, 60), Data: cbSubObligation + o.ID}})
	}
	rows = append(rows, []coord.Button{{Text: btnCancel.In(lang), Data: cbSubCancel}})
	text := txtSubmitChooseObligation.In(lang)
	if len(files) > 0 {
		text = txtSubmitFileFirst.In(lang, fileNames(files))
	}
	return c.Reply(ctx, text, rows...)
}

// loadFlow loads the person's conversation in this chat, refusing with
// "expired" unless it is of flow and at one of steps: a button or message
// from an older or another wizard must not act on this one.
func (h *Handlers) loadFlow(ctx context.Context, c *bot.Context, flow string, steps ...string) (conversation, error) {
	var conv conversation
	ok, err := c.Conversation(&conv)
	if err != nil {
		return conv, err
	}
	if !ok || conv.Flow != flow || !slices.Contains(steps, conv.Step) {
		return conv, refuse(txtFlowExpired)
	}
	return conv, nil
}

func (h *Handlers) submitObligationButton(ctx context.Context, c *bot.Context) error {
	conv, err := h.loadFlow(ctx, c, flowSubmit, stepObligation)
	if err != nil {
		return err
	}
	ob, err := h.obligationFor(c, strings.TrimPrefix(c.Callback.Data, cbSubObligation))
	if err != nil {
		return err
	}
	conv.Obligation = ob.ID
	if ob.EventDriven() {
		return h.askFiles(ctx, c, conv)
	}
	states, err := h.Work.PeriodStates(ctx, c.Tx, ob, c.User.Agency, c.Now)
	if err != nil {
		return err
	}
	// Unsubmitted periods (overdue first, as the list is oldest first), then
	// the latest submitted ones for corrections.
	lang := c.Lang()
	var rows [][]coord.Button
	today := h.today(c.Now)
	var empty []coord.Deadline // past periods of a "nếu có" report, nothing sent
	for _, st := range states {
		dl := st.Deadline
		switch {
		case st.Submitted():
			continue
		case !coord.Owes(ob, dl, h.Work.TrackFrom, c.Now):
			empty = append(empty, dl)
			continue
		}
		when := texts.DeadlineShort(dl, lang)
		if late := dl.LateDays(c.Now); late > 0 {
			when = texts.TxtLate.In(lang, late)
		}
		label := dl.Period.String() + " — " + when
		rows = append(rows, []coord.Button{{Text: label, Data: cbSubPeriod + dl.Period.String()}})
	}
	// Then the latest empty periods, newest first, in case something is to
	// be reported late after all.
	for i := len(empty) - 1; i >= 0 && len(rows) < 6; i-- {
		rows = append(rows, []coord.Button{{Text: empty[i].Period.String() + " — " + txtStatusNothing.In(lang),
			Data: cbSubPeriod + empty[i].Period.String()}})
	}
	for i := len(states) - 1; i >= 0 && len(rows) < 8; i-- {
		if st := states[i]; st.Submitted() {
			rows = append(rows, []coord.Button{{Text: st.Deadline.Period.String() + " — " + strings.TrimSpace(txtSubmittedMark.In(lang)),
				Data: cbSubPeriod + st.Deadline.Period.String()}})
		}
	}
	if len(rows) == 0 { // nothing tracked yet: offer the current period
		p := coord.PeriodContaining(ob.Schedules[0].Cadence, today)
		rows = append(rows, []coord.Button{{Text: p.String(), Data: cbSubPeriod + p.String()}})
	}
	if len(rows) > 8 {
		rows = rows[:8]
	}
	rows = append(rows, []coord.Button{{Text: btnCancel.In(lang), Data: cbSubCancel}})
	conv.Step = stepPeriod
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	return c.Edit(ctx, txtSubmitChoosePeriod.In(lang, ob.ID+" — "+ob.Title), rows)
}

func (h *Handlers) submitPeriodButton(ctx context.Context, c *bot.Context) error {
	conv, err := h.loadFlow(ctx, c, flowSubmit, stepPeriod)
	if err != nil {
		return err
	}
	ob, err := h.obligationFor(c, conv.Obligation)
	if err != nil {
		return err
	}
	period, _, err := h.resolvePeriod(ctx, c, ob, strings.TrimPrefix(c.Callback.Data, cbSubPeriod))
	if err != nil {
		return err
	}
	conv.Period = period.String()
	if err := c.ClearButtons(ctx); err != nil {
		return err
	}
	return h.askFiles(ctx, c, conv)
}

// askFiles moves the wizard to the files step.
func (h *Handlers) askFiles(ctx context.Context, c *bot.Context, conv conversation) error {
	conv.Step = stepFiles
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	ob, _ := h.Catalogue.Obligation(conv.Obligation)
	lang := c.Lang()
	text := txtSubmitAskFiles.In(lang, ob.ID+" — "+ob.Title, texts.PeriodPhrase(conv.Period, lang), h.reportCard(ob, conv.Period, c.Now, lang))
	if len(conv.Files) > 0 {
		text += "\n\n" + txtSubmitFilesSoFar.In(lang, len(conv.Files), fileNames(conv.Files))
	}
	return c.Reply(ctx, text, h.filesButtons(ob, lang))
}

func (h *Handlers) filesButtons(ob coord.Obligation, lang coord.Lang) []coord.Button {
	row := []coord.Button{{Text: btnDone.In(lang), Data: cbSubDone}}
	if ob.NilAllowed {
		row = append(row, coord.Button{Text: btnNil.In(lang), Data: cbSubNil})
	}
	return append(row, coord.Button{Text: btnCancel.In(lang), Data: cbSubCancel})
}

// reportCard says, for the report an officer is about to send, by when it
// is due and on what basis: the deadline (one formatter for every view),
// the regulation's own words or who set the day, and whether sending it now
// is late.
func (h *Handlers) reportCard(ob coord.Obligation, label string, now time.Time, lang coord.Lang) string {
	lines := []string{h.deadlineLine(ob, label, now, lang)}
	if basis := texts.Basis(ob, h.Catalogue.Coordinator().Name, lang); basis != "" {
		lines = append(lines, basis)
	}
	return strings.Join(lines, "\n")
}

// submitStep handles a message while the submit wizard waits for files or
// a note.
func (h *Handlers) submitStep(ctx context.Context, c *bot.Context, conv conversation) error {
	lang := c.Lang()
	switch conv.Step {
	case stepFiles:
		if len(c.Files) == 0 {
			return refuse(txtWizardWrongInput, txtStepFiles.In(lang))
		}
		if err := h.checkFiles(c.Files); err != nil {
			return err
		}
		conv.Files = append(conv.Files, toWizardFiles(c.Files)...)
		if err := c.SaveConversation(conv); err != nil {
			return err
		}
		ob, _ := h.Catalogue.Obligation(conv.Obligation)
		return c.Reply(ctx, txtSubmitFilesSoFar.In(lang, len(conv.Files), fileNames(conv.Files)), h.filesButtons(ob, lang))
	case stepNote:
		if len(c.Files) > 0 || strings.TrimSpace(c.Text) == "" {
			return refuse(txtWizardWrongInput, txtSubmitAskNote.In(lang))
		}
		conv.Note = strings.TrimSpace(c.Text)
		return h.askConfirm(ctx, c, conv)
	case stepConfirm:
		return refuse(txtWizardWrongInput, txtStepConfirm.In(lang))
	}
	return refuse(txtWizardWrongInput, txtStepButtons.In(lang))
}

func (h *Handlers) submitDoneButton(ctx context.Context, c *bot.Context) error {
	conv, err := h.loadFlow(ctx, c, flowSubmit, stepFiles)
	if err != nil {
		return err
	}
	lang := c.Lang()
	nilReport := c.Callback.Data == cbSubNil
	ob, _ := h.Catalogue.Obligation(conv.Obligation)
	if nilReport {
		if !ob.NilAllowed {
			return refuse(work.TxtNilNotAllowed, ob.ID, ob.ID)
		}
		conv.Nil, conv.Files = true, nil
	} else if len(conv.Files) == 0 {
		hint := ""
		if ob.NilAllowed {
			hint = txtSubmitOrNil.In(lang)
		}
		return refuse(txtSubmitNeedFile, hint)
	}
	conv.Step = stepNote
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	if err := c.ClearButtons(ctx); err != nil {
		return err
	}
	return c.Reply(ctx, txtSubmitAskNote.In(lang), []coord.Button{{Text: btnSkip.In(lang), Data: cbSubSkip}})
}

func (h *Handlers) submitSkipButton(ctx context.Context, c *bot.Context) error {
	conv, err := h.loadFlow(ctx, c, flowSubmit, stepNote)
	if err != nil {
		return err
	}
	if err := c.ClearButtons(ctx); err != nil {
		return err
	}
	return h.askConfirm(ctx, c, conv)
}

func (h *Handlers) askConfirm(ctx context.Context, c *bot.Context, conv conversation) error {
	lang := c.Lang()
	ob, err := h.obligationFor(c, conv.Obligation)
	if err != nil {
		return err
	}
	conv.Step = stepConfirm
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	content := txtNilContent.In(lang)
	if !conv.Nil {
		content = txtFilesContent.In(lang, len(conv.Files), fileNames(conv.Files))
	}
	note := conv.Note
	if note == "" {
		note = txtNoNote.In(lang)
	}
	text := txtSubmitConfirm.In(lang, ob.ID+" — "+ob.Title, texts.PeriodLabel(conv.Period, lang), h.deadlineLine(ob, conv.Period, c.Now, lang),
		content, note, texts.AgencyList(h.Catalogue, ob.To, lang))
	row := []coord.Button{{Text: btnSend.In(lang), Data: cbSubSend}}
	var prev []coord.Submission
	if !ob.EventDriven() { // an event-driven report has no period to replace
		if prev, err = c.Tx.Submissions(ctx, coord.SubmissionFilter{Obligation: ob.ID, Agency: c.User.Agency, Period: conv.Period, NoFiles: true}); err != nil {
			return fmt.Errorf("list versions: %w", err)
		}
	}
	if len(prev) > 0 {
		text += txtSubmitPreviousVersion.In(lang, len(prev))
		row = append(row, coord.Button{Text: btnReplace.In(lang), Data: cbSubReplace})
	}
	row = append(row, coord.Button{Text: btnCancel.In(lang), Data: cbSubCancel})
	return c.Reply(ctx, text, row)
}

func (h *Handlers) submitSendButton(ctx context.Context, c *bot.Context) error {
	conv, err := h.loadFlow(ctx, c, flowSubmit, stepConfirm)
	if err != nil {
		return err
	}
	ob, err := h.obligationFor(c, conv.Obligation)
	if err != nil {
		return err
	}
	period, dl, err := h.resolvePeriod(ctx, c, ob, conv.Period)
	if err != nil {
		return err
	}
	kind := coord.WithFiles
	if conv.Nil {
		kind = coord.NilReport
	}
	if err := c.ClearButtons(ctx); err != nil {
		return err
	}
	c.ClearConversation()
	err = h.record(ctx, c, ob, period, dl, kind, conv.Files, conv.Note, c.Callback.Data == cbSubReplace)
	return err
}

func (h *Handlers) submitCancelButton(ctx context.Context, c *bot.Context) error {
	c.ClearConversation()
	if err := c.ClearButtons(ctx); err != nil {
		return err
	}
	return c.Reply(ctx, txtCancelled.In(c.Lang()))
}

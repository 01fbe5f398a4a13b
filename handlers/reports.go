package handlers

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

// Callback data of the submission wizard and of acknowledgements. Every
// press is checked against the stored wizard state and the catalogue.
const (
	cbSubObligation = "sub:o:"
	cbSubPeriod     = "sub:p:"
	cbSubDone       = "sub:done"
	cbSubNil        = "sub:nil"
	cbSubSkip       = "sub:skip"
	cbSubSend       = "sub:ok"
	cbSubReplace    = "sub:okr"
	cbSubCancel     = "sub:x"
)

// Wizard steps of the submit flow.
const (
	flowSubmit     = "submit"
	stepObligation = "obligation"
	stepPeriod     = "period"
	stepFiles      = "files"
	stepNote       = "note"
	stepConfirm    = "confirm"
)

// acceptedExt are the file types of spec §3.
var acceptedExt = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true,
	".odt": true, ".ods": true, ".zip": true, ".rar": true, ".7z": true,
	".jpg": true, ".jpeg": true, ".png": true,
}

var acceptedMIME = map[string]bool{
	"application/pdf": true, "application/msword": true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": true,
	"application/vnd.ms-excel": true,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": true,
	"application/vnd.oasis.opendocument.text":                           true,
	"application/vnd.oasis.opendocument.spreadsheet":                    true,
	"application/zip": true, "application/x-zip-compressed": true, "application/vnd.rar": true,
	"application/x-rar-compressed": true, "application/x-7z-compressed": true,
	"image/jpeg": true, "image/png": true,
}

// checkFiles refuses a file of the wrong type or size before anything is
// recorded.
func (h *Handlers) checkFiles(files []bot.File) error {
	for _, f := range files {
		ext := strings.ToLower(path.Ext(f.Name))
		if !f.Photo && !acceptedExt[ext] && !(ext == "" && acceptedMIME[strings.ToLower(f.MIME)]) {
			return refuse(txtBadFileType, f.Name)
		}
		if h.MaxFileSize > 0 && f.Size > h.MaxFileSize {
			return refuse(txtFileTooBig, f.Name, float64(f.Size)/(1<<20), h.MaxFileSize>>20)
		}
	}
	return nil
}

// wizardFile is a file kept in the wizard state until the submission.
type wizardFile struct {
	FileID   string `json:"id"`
	UniqueID string `json:"uid,omitempty"`
	Name     string `json:"name"`
	MIME     string `json:"mime,omitempty"`
	Size     int64  `json:"size,omitempty"`
	Photo    bool   `json:"photo,omitempty"`
}

func toWizardFiles(files []bot.File) []wizardFile {
	out := make([]wizardFile, len(files))
	for i, f := range files {
		out[i] = wizardFile{FileID: f.FileID, UniqueID: f.FileUniqueID, Name: f.Name, MIME: f.MIME, Size: f.Size, Photo: f.Photo}
	}
	return out
}

func submittedFiles(files []wizardFile) []coord.SubmittedFile {
	out := make([]coord.SubmittedFile, len(files))
	for i, f := range files {
		out[i] = coord.SubmittedFile{FileID: f.FileID, FileUniqueID: f.UniqueID, Name: f.Name, MIME: f.MIME, Size: f.Size, Photo: f.Photo}
	}
	return out
}

func fileNames(files []wizardFile) string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

// obligationFor resolves an obligation code typed by an officer of agency.
func (h *Handlers) obligationFor(c *bot.Context, id string) (coord.Obligation, error) {
	return h.Work.Obligation(actor(c), id)
}

func (h *Handlers) today(now time.Time) coord.Date { return h.Calendar.Today(now) }

// resolvePeriod reads the period argument, or picks the oldest period owed
// and not yet submitted (work.ResolvePeriod).
func (h *Handlers) resolvePeriod(ctx context.Context, c *bot.Context, ob coord.Obligation, arg string) (coord.Period, *coord.Deadline, error) {
	return h.Work.ResolvePeriod(ctx, c.Tx, actor(c), c.Now, ob, arg)
}

// submitCmd: "/submit" (wizard), "/submit 6.4 [period]" (wizard from the
// files step), or a file captioned "/submit 6.4 [period] [thay-the]" (one
// message).
func (h *Handlers) submitCmd(ctx context.Context, c *bot.Context) error {
	fields := strings.Fields(c.Args)
	replace := false
	if n := len(fields); n > 0 && isReplaceWord(fields[n-1]) {
		replace, fields = true, fields[:n-1]
	}
	if len(fields) == 0 {
		if !c.Chat.Private() {
			return refuse(txtWizardPrivateOnly)
		}
		if err := h.checkFiles(c.Files); err != nil {
			return err
		}
		return h.startSubmitWizard(ctx, c, toWizardFiles(c.Files))
	}
	if len(fields) > 2 {
		return refuse(txtSubmitUsage)
	}
	ob, err := h.obligationFor(c, fields[0])
	if err != nil {
		return err
	}
	arg := ""
	if len(fields) == 2 {
		arg = fields[1]
	}
	period, dl, err := h.resolvePeriod(ctx, c, ob, arg)
	if err != nil {
		return err
	}
	if err := h.checkFiles(c.Files); err != nil {
		return err
	}
	if len(c.Files) > 0 {
		err := h.record(ctx, c, ob, period, dl, coord.WithFiles, toWizardFiles(c.Files), "", replace)
		return err
	}
	if !c.Chat.Private() {
		return refuse(txtSubmitUsage)
	}
	conv := conversation{Flow: flowSubmit, Step: stepFiles, Obligation: ob.ID, Period: period.String()}
	return h.askFiles(ctx, c, conv)
}

func isReplaceWord(s string) bool {
	switch strings.ToLower(s) {
	case "thay-the", "thaythe", "thay-thế", "replace":
		return true
	}
	return false
}

// nilCmd records "không phát sinh" where the obligation allows it (13.3).
func (h *Handlers) nilCmd(ctx context.Context, c *bot.Context) error {
	fields := strings.Fields(c.Args)
	if len(fields) == 0 || len(fields) > 2 {
		return refuse(txtNilUsage)
	}
	ob, err := h.obligationFor(c, fields[0])
	if err != nil {
		return err
	}
	if !ob.NilAllowed {
		return refuse(work.TxtNilNotAllowed, ob.ID, ob.ID)
	}
	arg := ""
	if len(fields) == 2 {
		arg = fields[1]
	}
	period, dl, err := h.resolvePeriod(ctx, c, ob, arg)
	if err != nil {
		return err
	}
	err = h.record(ctx, c, ob, period, dl, coord.NilReport, nil, "", false)
	return err
}

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
	text := txtSubmitAskFiles.In(lang, ob.ID+" — "+ob.Title, texts.PeriodLabel(conv.Period, lang), h.reportCard(ob, conv.Period, c.Now, lang))
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

// record submits (work.Submit), queues the deliveries, and answers with
// the receipt — all in the update's transaction.
func (h *Handlers) record(ctx context.Context, c *bot.Context, ob coord.Obligation, period coord.Period, dl *coord.Deadline,
	kind coord.SubmissionKind, files []wizardFile, note string, replace bool) error {
	res, err := h.Work.Submit(ctx, c.Tx, actor(c), c.Now, work.NewSubmission{Obligation: ob, Period: period, Deadline: dl,
		Kind: kind, Files: submittedFiles(files), Note: note, Replace: replace})
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	if len(res.Submission.Files) > 0 && h.ArchiveNotify != nil {
		c.OnCommit(h.ArchiveNotify)
	}
	return h.receipt(ctx, c, ob, res, dl)
}

func (h *Handlers) deadlineText(dl *coord.Deadline, lang coord.Lang) string {
	if dl == nil {
		return texts.Sentence(texts.TxtNoDeadline.In(lang))
	}
	return texts.Sentence(texts.Deadline(*dl, lang))
}

// deadlineLine is the deadline of period label of ob as a line (the one
// formatter's words), with how late sending it now would be; "no deadline"
// for an event-driven report.
func (h *Handlers) deadlineLine(ob coord.Obligation, label string, now time.Time, lang coord.Lang) string {
	if ob.EventDriven() {
		return h.deadlineText(nil, lang)
	}
	p, err := coord.ParsePeriod(label)
	if err != nil {
		return ""
	}
	dl, ok := h.Calendar.DeadlineOf(ob, p)
	if !ok {
		return ""
	}
	line := h.deadlineText(&dl, lang)
	if late := dl.LateDays(now); late > 0 {
		line += " — " + txtSendNowLate.In(lang, late)
	}
	return line
}

func (h *Handlers) receipt(ctx context.Context, c *bot.Context, ob coord.Obligation, res work.Submitted, dl *coord.Deadline) error {
	lang, s := c.Lang(), res.Submission
	var reached, unreachable []string
	for _, r := range res.Recipients {
		if how := howReached(r.Mode, r.Chats, lang); how != "" {
			reached = append(reached, h.agencyLabel(r.Agency, lang)+" ("+how+")")
		} else {
			unreachable = append(unreachable, h.agencyLabel(r.Agency, lang))
		}
	}
	version := ""
	if s.Version > 1 {
		version = txtSupplement.In(lang)
		if s.ReplacesWrong {
			version = txtReplacing.In(lang)
		}
	}
	content := txtNilContent.In(lang)
	if s.Kind == coord.WithFiles {
		names := make([]string, len(s.Files))
		for i, f := range s.Files {
			names[i] = f.Name
		}
		content = txtFilesContent.In(lang, len(s.Files), strings.Join(names, ", "))
	}
	to := strings.Join(reached, "; ")
	if to == "" {
		to = texts.TxtNone.In(lang)
	}
	text := txtReceipt.In(lang, s.ID, ob.ID, ob.Title, texts.PeriodLabel(s.Period, lang), texts.SubmissionStatus(s, lang),
		h.deadlineText(dl, lang), s.Version, version, content, to)
	if len(unreachable) > 0 {
		text += txtReceiptUnreachable.In(lang, strings.Join(unreachable, ", "))
	}
	return c.Reply(ctx, text)
}

// ackButton records "Đã nhận" (work.Acknowledge) and marks the button.
func (h *Handlers) ackButton(ctx context.Context, c *bot.Context) error {
	lang := c.Lang()
	id, err := strconv.ParseInt(strings.TrimPrefix(c.Callback.Data, texts.CbAck), 10, 64)
	if err != nil {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	a := actor(c)
	res, err := h.Work.Acknowledge(ctx, c.Tx, a, c.Now, id)
	switch {
	case coord.ErrorCode(err) == coord.ENotFound:
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	case err != nil:
		return err
	case res.Already:
		return c.Answer(ctx, txtAckAlready.In(lang, res.By, h.localTime(*res.Delivery.AckedAt)), true)
	}
	if err := c.SetButtons(ctx, [][]coord.Button{{{Text: txtAckedButton.In(lang, a.Name, h.localTime(c.Now)), Data: c.Callback.Data}}}); err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	return c.Answer(ctx, txtAckDone.In(lang), false)
}

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
	cbAck           = "ack:"
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
	lang := c.Lang()
	own := h.ownObligations(c.User.Agency, lang)
	ob, ok := h.Catalogue.Obligation(id)
	if !ok {
		return ob, refuse(txtUnknownObligation, id, own)
	}
	if !ob.ResponsibleFor(c.User.Agency) {
		return ob, refuse(txtNotYourObligation, ob.ID, h.agencyList(ob.From, lang), h.agencyLabel(c.User.Agency, lang), own)
	}
	return ob, nil
}

func (h *Handlers) ownObligations(agency string, lang coord.Lang) string {
	var ids []string
	for _, o := range h.Catalogue.ObligationsOf(agency) {
		ids = append(ids, o.ID)
	}
	if len(ids) == 0 {
		return txtNoneOwed.In(lang)
	}
	return strings.Join(ids, ", ")
}

func (h *Handlers) agencyList(codes []string, lang coord.Lang) string {
	if len(codes) > 3 {
		return txtAndOthers.In(lang, h.agencyLabel(codes[0], lang), len(codes)-1)
	}
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = h.agencyLabel(c, lang)
	}
	return strings.Join(names, ", ")
}

// cadenceHint says how an obligation's periods are written.
func cadenceHint(ob coord.Obligation, lang coord.Lang) string {
	var parts []string
	for _, s := range ob.Schedules {
		if m, ok := cadenceHints[s.Cadence]; ok {
			parts = append(parts, m.In(lang))
		}
	}
	return strings.Join(parts, txtAnd.In(lang))
}

func (h *Handlers) today(now time.Time) coord.Date { return h.Calendar.Today(now) }

// periodStates lists the periods of ob that agency owes or owed since
// tracking began, oldest deadline first, with their versions. Only those
// periods' versions are read, without their files: the views judge periods
// and show no file, and an agency's history before tracking began can be
// many times larger than what they show.
func (h *Handlers) periodStates(ctx context.Context, tx coord.Tx, ob coord.Obligation, agency string, now time.Time) ([]coord.PeriodState, error) {
	tracked := coord.Tracked(h.Calendar, ob, h.today(now), h.TrackFrom)
	if len(tracked) == 0 {
		return nil, nil
	}
	subs, err := tx.Submissions(ctx, coord.SubmissionFilter{Obligation: ob.ID, Agency: agency, Periods: tracked.Labels(), NoFiles: true})
	if err != nil {
		return nil, fmt.Errorf("list submissions: %w", err)
	}
	return tracked.States(subs), nil
}

// resolvePeriod reads the period argument, or picks the oldest period that
// is due or overdue and not yet submitted (spec: a period left out).
func (h *Handlers) resolvePeriod(ctx context.Context, c *bot.Context, ob coord.Obligation, arg string) (coord.Period, *coord.Deadline, error) {
	if ob.EventDriven() {
		if arg != "" {
			return coord.Period{}, nil, refuse(txtEventNoPeriod, ob.ID, ob.ID)
		}
		return coord.Period{}, nil, nil
	}
	if arg == "" {
		states, err := h.periodStates(ctx, c.Tx, ob, c.User.Agency, c.Now)
		if err != nil {
			return coord.Period{}, nil, err
		}
		for _, st := range states {
			if !st.Submitted() && coord.Owes(ob, st.Deadline, h.TrackFrom, c.Now) {
				dl := st.Deadline
				return dl.Period, &dl, nil
			}
		}
		example := coord.PeriodContaining(ob.Schedules[0].Cadence, h.today(c.Now))
		return coord.Period{}, nil, refuse(txtNoOpenPeriod, ob.ID, ob.ID, example.String())
	}
	p, err := coord.ParsePeriod(arg)
	if err != nil {
		return p, nil, refuse(txtBadPeriod, arg, ob.ID, cadenceHint(ob, c.Lang()))
	}
	dl, ok := h.Calendar.DeadlineOf(ob, p)
	if !ok {
		return p, nil, refuse(txtBadPeriod, arg, ob.ID, cadenceHint(ob, c.Lang()))
	}
	if h.today(c.Now).Before(p.Start()) {
		return p, nil, refuse(txtPeriodNotBegun, p.String(), p.Start().VN())
	}
	// A period more than two years before tracking began is almost surely a
	// typo (2000 for 2027) and would go out to another agency.
	oldest := coord.Date{Year: h.TrackFrom.Year - 2, Month: time.January, Day: 1}
	if h.TrackFrom.IsZero() {
		oldest = coord.Date{Year: h.today(c.Now).Year - 2, Month: time.January, Day: 1}
	}
	if p.End().Before(oldest) {
		return p, nil, refuse(txtPeriodTooOld, p.String(), oldest.Year)
	}
	return p, &dl, nil
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
		return refuse(txtNilNotAllowed, ob.ID, ob.ID)
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
	states, err := h.periodStates(ctx, c.Tx, ob, c.User.Agency, c.Now)
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
		case !coord.Owes(ob, dl, h.TrackFrom, c.Now):
			empty = append(empty, dl)
			continue
		}
		when := texts.DeadlineShort(dl, lang)
		if late := dl.LateDays(c.Now); late > 0 {
			when = txtLate.In(lang, late)
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
	text := txtSubmitAskFiles.In(lang, ob.ID+" — "+ob.Title, h.periodName(conv.Period, lang), h.reportCard(ob, conv.Period, c.Now, lang))
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

func (h *Handlers) periodName(label string, lang coord.Lang) string {
	if label == "" {
		return texts.Period(coord.Period{}, lang)
	}
	p, err := coord.ParsePeriod(label)
	if err != nil {
		return label
	}
	return texts.Period(p, lang)
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
			return refuse(txtNilNotAllowed, ob.ID, ob.ID)
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
	text := txtSubmitConfirm.In(lang, ob.ID+" — "+ob.Title, h.periodName(conv.Period, lang), h.deadlineLine(ob, conv.Period, c.Now, lang),
		content, note, h.agencyList(ob.To, lang))
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

// record stores the submission, delivers it to every recipient agency and
// answers with the receipt — all in the update's transaction.
func (h *Handlers) record(ctx context.Context, c *bot.Context, ob coord.Obligation, period coord.Period, dl *coord.Deadline,
	kind coord.SubmissionKind, files []wizardFile, note string, replace bool) error {
	s := coord.Submission{Obligation: ob.ID, Agency: c.User.Agency, Period: period.String(), Kind: kind, Note: note,
		Files: submittedFiles(files), SubmittedBy: c.From.ID, ChatID: c.Chat.ID, SubmittedAt: c.Now, ReplacesWrong: replace}
	if dl != nil {
		due, eff := dl.Due, dl.EffectiveDue
		s.Due, s.EffectiveDue, s.LateDays = &due, &eff, coord.LateBy(ob, *dl, kind, c.Now)
	}
	if err := c.Tx.CreateSubmission(ctx, &s); err != nil {
		return fmt.Errorf("record submission: %w", err)
	}
	if err := audit(ctx, c, "submission.create", fmt.Sprintf("submission:%d", s.ID), nil, map[string]any{
		"obligation": s.Obligation, "agency": s.Agency, "period": s.Period, "version": s.Version,
		"kind": s.Kind, "files": len(s.Files), "late_days": s.LateDays, "replaces_wrong": s.ReplacesWrong}); err != nil {
		return err
	}
	if s.Period != "" && s.Version > 1 {
		// The period keeps the status of its first version unless this one
		// replaces a wrong one (spec §3): show the period's status.
		versions, err := c.Tx.Submissions(ctx, coord.SubmissionFilter{Obligation: s.Obligation, Agency: s.Agency, Period: s.Period, NoFiles: true})
		if err != nil {
			return fmt.Errorf("list versions: %w", err)
		}
		if dl != nil && len(versions) > 0 {
			s.LateDays = coord.PeriodState{Deadline: *dl, Versions: versions}.LateBy(ob)
		}
	}
	var reached, unreachable []string
	for _, to := range ob.To {
		how, err := h.deliver(ctx, c, ob, s, to)
		if err != nil {
			return err
		}
		if how == "" {
			unreachable = append(unreachable, h.agencyLabel(to, c.Lang()))
		} else {
			reached = append(reached, h.agencyLabel(to, c.Lang())+" ("+how+")")
		}
	}
	if len(s.Files) > 0 && h.ArchiveNotify != nil {
		c.OnCommit(h.ArchiveNotify)
	}
	return h.receipt(ctx, c, ob, s, dl, reached, unreachable)
}

func (h *Handlers) statusText(s coord.Submission, lang coord.Lang) string {
	switch {
	case s.Due == nil:
		return txtNoDeadline.In(lang)
	case s.LateDays > 0:
		return txtLate.In(lang, s.LateDays)
	}
	return txtOnTime.In(lang)
}

func (h *Handlers) deadlineText(dl *coord.Deadline, lang coord.Lang) string {
	if dl == nil {
		return texts.Sentence(txtNoDeadline.In(lang))
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

func (h *Handlers) receipt(ctx context.Context, c *bot.Context, ob coord.Obligation, s coord.Submission, dl *coord.Deadline, reached, unreachable []string) error {
	lang := c.Lang()
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
		to = txtNoneOwed.In(lang)
	}
	text := txtReceipt.In(lang, s.ID, ob.ID, ob.Title, h.periodName(s.Period, lang), h.statusText(s, lang),
		h.deadlineText(dl, lang), s.Version, version, content, to)
	if len(unreachable) > 0 {
		text += txtReceiptUnreachable.In(lang, strings.Join(unreachable, ", "))
	}
	return c.Reply(ctx, text)
}

// deliver sends the submission to one recipient agency: its bound group,
// else each of its officers privately. It returns how ("" if unreachable).
func (h *Handlers) deliver(ctx context.Context, c *bot.Context, ob coord.Obligation, s coord.Submission, to string) (string, error) {
	targets, mode, err := coord.Reach(ctx, c.Tx, to)
	if err != nil {
		return "", err
	}
	d := coord.Delivery{SubmissionID: s.ID, Agency: to, CreatedAt: c.Now, Mode: mode}
	if err := c.Tx.CreateDelivery(ctx, &d); err != nil {
		return "", fmt.Errorf("record delivery: %w", err)
	}
	for _, t := range targets {
		if err := h.sendReport(ctx, c, ob, s, d, t.ChatID, t.Lang); err != nil {
			return "", err
		}
	}
	return howReached(mode, len(targets), c.Lang()), nil
}

// sendReport queues the files (re-sent by file_id; photos and documents in
// separate albums, as Telegram requires) and the "Đã nhận" button.
func (h *Handlers) sendReport(ctx context.Context, c *bot.Context, ob coord.Obligation, s coord.Submission, d coord.Delivery, chat int64, lang coord.Lang) error {
	caption := txtDeliveryCaption.In(lang, ob.ID, ob.Title, h.agencyLabel(s.Agency, lang), h.periodName(s.Period, lang),
		h.statusText(s, lang), s.Version, s.ID)
	if s.Kind == coord.NilReport {
		caption += txtDeliveryNil.In(lang)
	}
	if s.Note != "" {
		caption += txtDeliveryNote.In(lang, truncate(s.Note, 300))
	}
	caption = truncate(caption, 1000) // Telegram captions stop at 1024
	ack := [][]coord.Button{{{Text: btnAck.In(lang), Data: cbAck + strconv.FormatInt(d.ID, 10)}}}
	if len(s.Files) == 1 {
		f := s.Files[0]
		return c.Send(ctx, coord.OutMessage{Kind: coord.OutFiles, ChatID: chat, Text: caption, Buttons: ack,
			Files: []coord.FileRef{{FileID: f.FileID, Photo: f.Photo, Name: f.Name}}})
	}
	refs := make([]coord.FileRef, len(s.Files))
	for i, f := range s.Files {
		refs[i] = coord.FileRef{FileID: f.FileID, Photo: f.Photo, Name: f.Name}
	}
	if err := sendFiles(c, ctx, chat, refs, caption, ""); err != nil {
		return err
	}
	text := caption + txtDeliveryAskAck.In(lang)
	if len(s.Files) > 0 {
		text = strings.TrimPrefix(txtDeliveryAskAck.In(lang), "\n") + txtDeliveryRef.In(lang, ob.ID, s.Period, s.ID)
	}
	return c.Send(ctx, coord.OutMessage{Kind: coord.OutText, ChatID: chat, Text: text, Buttons: ack})
}

// ackButton records "Đã nhận" by an officer of the recipient agency only.
func (h *Handlers) ackButton(ctx context.Context, c *bot.Context) error {
	lang := c.Lang()
	id, err := strconv.ParseInt(strings.TrimPrefix(c.Callback.Data, cbAck), 10, 64)
	if err != nil {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	d, err := c.Tx.Delivery(ctx, id)
	if coord.ErrorCode(err) == coord.ENotFound {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	if err != nil {
		return fmt.Errorf("load delivery: %w", err)
	}
	if c.User.Agency != d.Agency {
		return refuse(txtAckNotRecipient, h.agencyLabel(d.Agency, lang))
	}
	if d.AckedBy != nil {
		who := fmt.Sprint(*d.AckedBy)
		if u, err := c.Tx.User(ctx, *d.AckedBy); err == nil && u.Name != "" {
			who = u.Name
		}
		return c.Answer(ctx, txtAckAlready.In(lang, who, h.localTime(*d.AckedAt)), true)
	}
	if err := c.Tx.AckDelivery(ctx, d.ID, c.From.ID, c.Now); err != nil {
		if coord.ErrorCode(err) == coord.EConflict {
			return refuse(txtFlowExpired)
		}
		return fmt.Errorf("acknowledge: %w", err)
	}
	s, err := c.Tx.Submission(ctx, d.SubmissionID)
	if err != nil {
		return fmt.Errorf("load submission: %w", err)
	}
	if err := audit(ctx, c, "delivery.ack", fmt.Sprintf("delivery:%d", d.ID), nil,
		map[string]any{"submission": s.ID, "agency": d.Agency, "by": c.From.ID}); err != nil {
		return err
	}
	name := displayName(c)
	when := h.localTime(c.Now)
	if err := c.SetButtons(ctx, [][]coord.Button{{{Text: txtAckedButton.In(lang, name, when), Data: c.Callback.Data}}}); err != nil {
		return err
	}
	notice := txtAckNotice.In(coord.LangVI, h.agencyLabel(d.Agency, coord.LangVI), s.Obligation, h.periodName(s.Period, coord.LangVI), s.ID, name, when)
	if err := c.Send(ctx, coord.OutMessage{Kind: coord.OutText, ChatID: s.ChatID, Text: notice}); err != nil {
		return err
	}
	return c.Answer(ctx, txtAckDone.In(lang), false)
}

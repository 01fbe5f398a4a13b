package handlers

import (
	"context"
	"path"
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
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".csv": true,
	".odt": true, ".ods": true, ".zip": true, ".rar": true, ".7z": true,
	".jpg": true, ".jpeg": true, ".png": true,
}

var acceptedMIME = map[string]bool{
	"application/pdf": true, "application/msword": true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": true,
	"application/vnd.ms-excel": true, "text/csv": true,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": true,
	"application/vnd.oasis.opendocument.text":                           true,
	"application/vnd.oasis.opendocument.spreadsheet":                    true,
	"application/zip": true, "application/x-zip-compressed": true, "application/vnd.rar": true,
	"application/x-rar-compressed": true, "application/x-7z-compressed": true,
	"image/jpeg": true, "image/png": true,
}

// checkFiles refuses a file of the wrong type or size, or an empty one,
// before anything is recorded. Telegram gives a document's size as it
// received it; a file of 0 bytes would reach the recipients as an empty
// report and count as submitted.
func (h *Handlers) checkFiles(files []bot.File) error {
	for _, f := range files {
		ext := strings.ToLower(path.Ext(f.Name))
		if !f.Photo && !acceptedExt[ext] && !(ext == "" && acceptedMIME[strings.ToLower(f.MIME)]) {
			return refuse(txtBadFileType, f.Name)
		}
		if f.Size == 0 {
			return refuse(txtEmptyFile, f.Name)
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

// oneMessageSubmit reports whether u is a /submit that says everything in
// one message: files, and a caption naming the report (submitCmd records
// it without a wizard).
func oneMessageSubmit(u *bot.Update) bool {
	fields := strings.Fields(u.Args)
	if n := len(fields); n > 0 && isReplaceWord(fields[n-1]) {
		fields = fields[:n-1]
	}
	return len(u.Files) > 0 && len(fields) > 0
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
		note := txtReceiptUnreachable
		if isAdmin(c) {
			note = txtReceiptUnreachableAdmin
		}
		text += note.In(lang, strings.Join(unreachable, ", "))
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

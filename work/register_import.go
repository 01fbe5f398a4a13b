package work

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// Reading a submitted list into the register (issue 15): the submission is
// already the report (the legal duty is met by the file); once its files
// are archived, each spreadsheet among them is read row by row against the
// list's template, its rows replace those of the version it corrects, the
// submitter is told in one message how many rows entered and why each
// refused row was refused, and the cross-checks run over the register as
// it now is.

// ImportTx is what reading a list into the register reads and writes.
type ImportTx interface {
	RegisterTx
	coord.Submissions
}

// ListOpener opens an archived file of a submission as rows, and returns
// what closes it.
type ListOpener func(f coord.SubmittedFile) (coord.RowSource, func() error, error)

// MaxShownProblems is how many refused rows the reply spells out; the rest
// are counted.
const MaxShownProblems = 25

// ImportOut is what reading a list did.
type ImportOut struct {
	Out
	Record coord.ImportRecord
	Raised []coord.Alert
}

// errNoList stops a replace whose files have no list in them, so that the
// earlier version's rows stay.
var errNoList = errors.New("no sheet has the list's header row")

// ListObligations are the reports whose files the register reads.
func (s *Service) ListObligations() []string {
	var ids []string
	for _, o := range s.Catalogue.ListObligations() {
		ids = append(ids, o.ID)
	}
	return ids
}

// ImportList reads submission id into the register (see above) and
// records that it did, so that it is read once. A version that a later one
// already superseded is not read; neither is one whose report is no
// longer a list. A version with no readable list keeps the earlier
// version's rows, and the submitter is told why.
func (s *Service) ImportList(ctx context.Context, tx ImportTx, now time.Time, id int64, open ListOpener) (ImportOut, error) {
	var out ImportOut
	sub, err := tx.Submission(ctx, id)
	if err != nil {
		return out, fmt.Errorf("load submission %d: %w", id, err)
	}
	out.Record = coord.ImportRecord{Submission: id, State: coord.ImportSuperseded, At: now}
	ob, ok := s.Catalogue.Obligation(sub.Obligation)
	if !ok || ob.List == nil {
		return out, tx.RecordImport(ctx, out.Record)
	}
	versions, err := tx.Submissions(ctx, coord.SubmissionFilter{Obligation: sub.Obligation, Agency: sub.Agency, Period: sub.Period, NoFiles: true})
	if err != nil {
		return out, fmt.Errorf("versions of submission %d: %w", id, err)
	}
	for _, v := range versions {
		if v.Version > sub.Version {
			return out, tx.RecordImport(ctx, out.Record)
		}
	}

	lang := coord.LangVI
	submitter, err := tx.User(ctx, sub.SubmittedBy)
	switch {
	case err == nil:
		lang = submitter.Lang
	case coord.ErrorCode(err) != coord.ENotFound:
		return out, fmt.Errorf("load submitter: %w", err)
	}

	// Open what can be opened; say why the rest cannot.
	type list struct {
		file coord.SubmittedFile
		src  coord.RowSource
	}
	var lists []list
	// unread are the files that should have been lists; others are not
	// spreadsheets at all (the signed report as a PDF), named only when
	// no list was read.
	var unread, others []string
	lost := 0
	for _, f := range sub.Files {
		if f.ArchivedAt == nil || f.SHA256 == "" {
			// Given up on by the archive: the submitter was told then.
			lost++
			continue
		}
		src, closeFn, err := open(f)
		if err != nil {
			if errors.Is(err, coord.ErrNotSpreadsheet) {
				others = append(others, txtImportFileUnread.In(lang, f.Name, unreadReason(err, lang)))
			} else {
				unread = append(unread, txtImportFileUnread.In(lang, f.Name, unreadReason(err, lang)))
			}
			continue
		}
		defer closeFn()
		lists = append(lists, list{f, src})
	}

	reader := coord.NewListReader(*ob.List)
	shown := newProblemList(MaxShownProblems)
	var sum coord.ListSummary
	src := coord.FactSource{Submission: sub.ID, Obligation: sub.Obligation, Agency: sub.Agency, Period: sub.Period, Version: sub.Version}
	replaced := 0
	if len(lists) > 0 {
		replaced, err = tx.ReplaceFactsFrom(ctx, src, now, func(add func(coord.Fact) error) error {
			for _, l := range lists {
				prefix := ""
				if len(lists) > 1 {
					prefix = l.file.Name + " / "
				}
				err := l.src.Each(func(sheet string, row int, cells []string) error {
					return reader.ReadRow(prefix+sheet, row, cells, func(f coord.Fact) error {
						if err := add(f); err != nil {
							return storeError{err}
						}
						return nil
					}, shown.add)
				})
				var se storeError
				switch {
				case errors.As(err, &se):
					return se.err
				case err != nil:
					return fileReadError{name: l.file.Name, err: err}
				}
			}
			sum = reader.End()
			if len(sum.Sheets) == 0 {
				return errNoList
			}
			return nil
		})
		var fe fileReadError
		switch {
		case errors.Is(err, errNoList):
			unread = append(unread, txtImportNoHeader.In(lang, missingColumns(sum)))
			lists = nil
		case errors.As(err, &fe):
			// A file that breaks mid-way (a damaged workbook): nothing
			// replaced, the officer told which file.
			unread = append(unread, txtImportFileUnread.In(lang, fe.name, unreadReason(fe.err, lang)))
			lists = nil
		case err != nil:
			return out, err
		}
	}

	title := ob.Title
	period := texts.PeriodPhrase(sub.Period, lang)
	resend := strings.TrimSpace("/submit " + sub.Obligation + " " + sub.Period)
	var text strings.Builder
	if len(lists) == 0 {
		out.Record.State = coord.ImportUnreadable
		fmt.Fprint(&text, txtImportNone.In(lang, sub.Obligation, title, period, sub.Version))
		for _, u := range append(unread, others...) {
			text.WriteString("\n• " + u)
		}
		text.WriteString(txtImportNoneHint.In(lang, sub.Obligation, resend))
	} else {
		out.Record = coord.ImportRecord{Submission: id, State: coord.ImportDone, Entered: sum.Entered, Rejected: sum.Rejected,
			Skipped: sum.Skipped, Replaced: replaced, At: now}
		fmt.Fprint(&text, txtImportDone.In(lang, sub.Obligation, title, period, sub.Version, sum.Entered))
		if replaced > 0 {
			text.WriteString(txtImportReplaced.In(lang, replaced))
		}
		if sum.Skipped > 0 {
			text.WriteString(txtImportSkipped.In(lang, sum.Skipped))
		}
		if sum.Rejected > 0 {
			text.WriteString(txtImportRejected.In(lang, sum.Rejected))
			text.WriteString(shown.text(lang))
			if more := sum.Rejected - len(shown.rows); more > 0 {
				text.WriteString(txtImportMore.In(lang, more))
			}
			text.WriteString(txtImportFixHint.In(lang, resend))
		}
		for _, u := range unread {
			text.WriteString("\n• " + u)
		}
	}
	if err := tx.RecordImport(ctx, out.Record); err != nil {
		return out, err
	}
	if err := Audit(ctx, tx, Actor{}, now, "register.import", fmt.Sprintf("submission:%d", sub.ID), nil,
		map[string]any{"state": out.Record.State, "entered": out.Record.Entered, "rejected": out.Record.Rejected,
			"skipped": out.Record.Skipped, "replaced": replaced, "lost_files": lost}); err != nil {
		return out, err
	}
	told := len(lists) > 0 || len(unread)+len(others) > 0 // not when every file was lost, and told so
	if told && sub.SubmittedBy != 0 && submitter.Enrolled() {
		out.send(coord.OutMessage{Kind: coord.OutText, ChatID: sub.SubmittedBy, Text: text.String(),
			Ref: fmt.Sprintf("submission:%d", sub.ID)})
	}
	if out.Record.State != coord.ImportDone {
		return out, nil
	}
	findings, err := s.CrossChecks(ctx, tx, s.Calendar.Today(now))
	if err != nil {
		return out, err
	}
	raised, err := s.RaiseAlerts(ctx, tx, now, findings)
	if err != nil {
		return out, err
	}
	out.Raised = raised.Raised
	out.Messages = append(out.Messages, raised.Messages...)
	return out, nil
}

// storeError is the register's own failure while a file is read: it is
// the transaction's error, not the file's.
type storeError struct{ err error }

func (e storeError) Error() string { return e.err.Error() }

// fileReadError is a file that failed while its rows were read.
type fileReadError struct {
	name string
	err  error
}

func (e fileReadError) Error() string { return e.name + ": " + e.err.Error() }
func (e fileReadError) Unwrap() error { return e.err }

// unreadReason says in words why a file is not a list the bot can read.
func unreadReason(err error, lang coord.Lang) string {
	switch {
	case errors.Is(err, coord.ErrOldExcel):
		return txtImportOldExcel.In(lang)
	case errors.Is(err, coord.ErrOpenDocument):
		return txtImportODS.In(lang)
	case errors.Is(err, coord.ErrNotUTF8):
		return txtImportNotUTF8.In(lang)
	case errors.Is(err, coord.ErrNotSpreadsheet):
		return txtImportNotSheet.In(lang)
	}
	return txtImportDamaged.In(lang)
}

// missingColumns names the required columns the closest header row lacked.
func missingColumns(sum coord.ListSummary) string {
	names := make([]string, 0, len(sum.Missing))
	for _, c := range sum.Missing {
		names = append(names, "«"+c.Header+"»")
	}
	return strings.Join(names, ", ")
}

// problemList keeps the first rows' problems for the reply.
type problemList struct {
	max   int
	rows  []problemRow
	index map[string]int
}

type problemRow struct {
	sheet string
	row   int
	cells []coord.RowProblem
}

func newProblemList(max int) *problemList { return &problemList{max: max, index: map[string]int{}} }

func (p *problemList) add(rp coord.RowProblem) {
	key := fmt.Sprintf("%s\x00%d", rp.Sheet, rp.Row)
	if i, ok := p.index[key]; ok {
		p.rows[i].cells = append(p.rows[i].cells, rp)
		return
	}
	if len(p.rows) >= p.max {
		return
	}
	p.index[key] = len(p.rows)
	p.rows = append(p.rows, problemRow{sheet: rp.Sheet, row: rp.Row, cells: []coord.RowProblem{rp}})
}

// text is one line per refused row ("trang «DS», dòng 12, cột Ngày cấp:
// '31/02/2027' không phải ngày hợp lệ"), the sheet named on every line.
func (p *problemList) text(lang coord.Lang) string {
	var b strings.Builder
	for _, r := range p.rows {
		parts := make([]string, 0, len(r.cells))
		for _, c := range r.cells {
			if c.Column == "" {
				parts = append(parts, c.Reason)
				continue
			}
			parts = append(parts, txtImportCell.In(lang, c.Column, c.Reason))
		}
		b.WriteString(txtImportRow.In(lang, r.sheet, r.row, strings.Join(parts, "; ")))
	}
	return b.String()
}

// RetentionTx is what the register's retention reads and writes.
type RetentionTx interface {
	coord.Register
	coord.AuditLog
}

// PruneRegister deletes the register's rows past its retention
// (KeepMonths after the paper's validity ended, or after the import for a
// row without one) and writes how many to the audit log.
func (s *Service) PruneRegister(ctx context.Context, tx RetentionTx, now time.Time) (int, error) {
	if s.KeepMonths <= 0 {
		return 0, nil
	}
	cut := now.In(s.Calendar.Location).AddDate(0, -s.KeepMonths, 0)
	n, err := tx.PruneFacts(ctx, coord.DateOf(cut), cut)
	if err != nil || n == 0 {
		return n, err
	}
	return n, Audit(ctx, tx, Actor{}, now, "register.retention", "register", nil,
		map[string]any{"deleted": n, "keep_months": s.KeepMonths, "valid_before": coord.DateOf(cut).String()})
}

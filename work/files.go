package work

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// FileLoss is why the archive gave up on a submitted file.
type FileLoss string

// Reasons the archive gives up on a file for good.
const (
	FileTooLarge    FileLoss = "too_large"   // over the archive's size limit
	FileEmpty       FileLoss = "empty"       // the download had no bytes
	FileUnavailable FileLoss = "unavailable" // Telegram refused it, or every attempt failed
)

// LostFile is a submitted file the archive gave up on.
type LostFile struct {
	File coord.SubmittedFile
	Loss FileLoss
	// Limit is the archive's size limit in bytes (for FileTooLarge);
	// Attempts how many downloads were tried.
	Limit    int64
	Attempts int
}

// FileLostTx is what telling of a lost file reads and writes.
type FileLostTx interface {
	coord.Marks
	coord.Submissions
	coord.People
	coord.AuditLog
}

// FileGivenUp tells the submitter (privately) and the admins that the
// archive keeps no copy of a file of a report, naming the report, the
// period and the reason, and writes the audit row. The submission is left
// as it is: it stays counted, and the recipients had the file through
// Telegram. It tells once per file (a Once mark), so the archiver may call
// it again after a crash.
func (s *Service) FileGivenUp(ctx context.Context, tx FileLostTx, now time.Time, in LostFile) (Out, error) {
	var out Out
	first, err := tx.Once(ctx, fmt.Sprintf("archive.given_up:%d", in.File.ID), now)
	if err != nil {
		return out, fmt.Errorf("mark file given up: %w", err)
	}
	if !first {
		return out, nil
	}
	sub, err := tx.Submission(ctx, in.File.SubmissionID)
	if err != nil {
		return out, fmt.Errorf("load submission: %w", err)
	}
	if err := Audit(ctx, tx, Actor{}, now, "submission.file_given_up", fmt.Sprintf("submission:%d", sub.ID), nil,
		map[string]any{"file": in.File.ID, "name": in.File.Name, "loss": in.Loss, "attempts": in.Attempts}); err != nil {
		return out, err
	}
	ob, _ := s.Catalogue.Obligation(sub.Obligation)
	title := ob.Title
	if title == "" {
		title = sub.Obligation
	}
	submitter, err := tx.User(ctx, sub.SubmittedBy)
	switch {
	case coord.ErrorCode(err) == coord.ENotFound:
		submitter = coord.User{TelegramID: sub.SubmittedBy, Name: fmt.Sprint(sub.SubmittedBy)}
	case err != nil:
		return out, fmt.Errorf("load submitter: %w", err)
	}
	if sub.SubmittedBy != 0 && submitter.Enrolled() {
		lang := submitter.Lang
		resend := strings.TrimSpace("/submit " + sub.Obligation + " " + sub.Period)
		out.send(coord.OutMessage{Kind: coord.OutText, ChatID: sub.SubmittedBy, Text: txtFileLostSubmitter.In(lang,
			in.File.Name, sub.Obligation, title, texts.PeriodPhrase(sub.Period, lang), sub.Version,
			s.fileLossReason(in, lang), txtFileLostHint(in.Loss).In(lang, resend)), Ref: fmt.Sprintf("submission:%d", sub.ID)})
	}
	admins, err := s.admins(ctx, tx)
	if err != nil {
		return out, err
	}
	who := submitter.Name
	if who == "" {
		who = fmt.Sprint(sub.SubmittedBy)
	}
	for _, u := range admins {
		if u.TelegramID == sub.SubmittedBy {
			continue // told above, as the submitter
		}
		lang := u.Lang
		out.send(coord.OutMessage{Kind: coord.OutText, ChatID: u.TelegramID, Text: txtFileLostAdmin.In(lang,
			in.File.Name, sub.ID, sub.Obligation, title, texts.AgencyName(s.Catalogue, sub.Agency, lang),
			texts.PeriodPhrase(sub.Period, lang), sub.Version, who, s.fileLossReason(in, lang), in.File.ID)})
	}
	return out, nil
}

// fileLossReason says in words why the archive gave up on the file.
func (s *Service) fileLossReason(in LostFile, lang coord.Lang) string {
	switch in.Loss {
	case FileTooLarge:
		return txtFileLossTooLarge.In(lang, max(in.Limit>>20, 1))
	case FileEmpty:
		return txtFileLossEmpty.In(lang)
	}
	return txtFileLossUnavailable.In(lang, max(in.Attempts, 1))
}

func txtFileLostHint(l FileLoss) texts.Msg {
	switch l {
	case FileTooLarge:
		return txtFileLostHintTooLarge
	case FileEmpty:
		return txtFileLostHintEmpty
	}
	return txtFileLostHintUnavailable
}

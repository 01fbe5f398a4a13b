package work

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// FeedbackTx is what the feedback use cases read and write.
type FeedbackTx interface {
	coord.Feedbacks
	coord.Directory
	coord.AuditLog
}

// Callback data of the coordinator's card: "fb:a:12" (answer) and
// "fb:c:12" (compile for the provincial People's Committee). Presses are
// authorised against the stored item and the presser's agency, whatever
// the button says.
const (
	CbFbAnswer  = "fb:a:"
	CbFbCompile = "fb:c:"
)

// MaxFeedbackSubject is the longest subject, in characters.
const MaxFeedbackSubject = 200

// NewFeedback is what an officer reports to the coordinator.
type NewFeedback struct {
	Subject string
	Text    string
	Files   []coord.FileRef
}

// FeedbackOut is the outcome of a feedback use case: the item after the
// change and the messages to send.
type FeedbackOut struct {
	Out
	Feedback coord.Feedback
	// Reached counts the chats the step went to: the coordinator's for a
	// new item, the sender's side for an answer or a note.
	Reached int
}

// Coordinator is the agency difficulties are reported to (Điều 18): the
// catalogue's coordinator.
func (s *Service) Coordinator() string { return s.Catalogue.Coordinator().Code }

// FeedbackUsage is the usage refusal, naming the coordinator.
func (s *Service) FeedbackUsage(lang coord.Lang) error {
	return texts.Refuse(TxtFbUsage, texts.AgencyName(s.Catalogue, s.Coordinator(), lang))
}

// SendFeedback records a difficulty an officer of any agency reports to
// the coordinator: the coordinator's group gets the files and a card with
// «Trả lời» and «Tổng hợp báo cáo UBND tỉnh»; the sender's agency group is
// told (the sender gets the handler's reply where they wrote).
func (s *Service) SendFeedback(ctx context.Context, tx FeedbackTx, a Actor, now time.Time, in NewFeedback) (FeedbackOut, error) {
	var res FeedbackOut
	subject, text := strings.TrimSpace(in.Subject), strings.TrimSpace(in.Text)
	if subject == "" || text == "" {
		return res, s.FeedbackUsage(a.Lang)
	}
	if err := s.CheckFeedbackSubject(subject); err != nil {
		return res, err
	}
	f := coord.Feedback{Agency: a.Agency, Subject: subject, Text: text, Files: in.Files, State: coord.FeedbackOpen,
		CreatedBy: a.ID, ChatID: a.Chat, CreatedAt: now, UpdatedAt: now}
	if err := tx.CreateFeedback(ctx, &f); err != nil {
		return res, fmt.Errorf("create feedback: %w", err)
	}
	if err := Audit(ctx, tx, a, now, "feedback.create", coord.FeedbackRef(f.ID), nil, map[string]any{
		"agency": f.Agency, "subject": f.Subject, "files": len(f.Files)}); err != nil {
		return res, err
	}
	coordinator := s.Coordinator()
	rc, _, err := coord.Reach(ctx, tx, coordinator)
	if err != nil {
		return res, err
	}
	seen := map[int64]bool{}
	for _, r := range rc {
		seen[r.ChatID] = true
		if len(f.Files) > 0 {
			res.files(r.ChatID, f.Files, txtFbFilesCaption.In(r.Lang, f.ID), coord.FeedbackRef(f.ID))
		}
		res.send(coord.OutMessage{Kind: coord.OutText, ChatID: r.ChatID, Ref: coord.FeedbackRef(f.ID),
			Text: s.FeedbackCard(f, a.Name, "", r.Lang) + txtFbAskRespond.In(r.Lang), Buttons: FeedbackButtons(f.ID, r.Lang)})
	}
	res.Reached = len(rc)
	// The sender's agency hears of it, but not twice in the chat the sender
	// wrote in (the reply goes there) nor where the card went.
	seen[a.Chat] = true
	if err := s.tellFeedback(ctx, &res.Out, tx, f.ID, []string{f.Agency}, 0, seen, func(l coord.Lang) string {
		return txtFbSentTold.In(l, a.Name, f.ID, f.Subject, texts.AgencyName(s.Catalogue, coordinator, l)) + txtFbSee.In(l, f.ID)
	}); err != nil {
		return res, err
	}
	res.Feedback = f
	return res, nil
}

// CheckFeedbackSubject refuses a subject that is too long (the wizard
// asks it before the text).
func (s *Service) CheckFeedbackSubject(subject string) error {
	if utf8.RuneCountInString(strings.TrimSpace(subject)) > MaxFeedbackSubject {
		return texts.Refuse(txtFbSubjectLong, MaxFeedbackSubject)
	}
	return nil
}

// FeedbackButtons are the coordinator's two steps on item id.
func FeedbackButtons(id int64, lang coord.Lang) [][]coord.Button {
	return [][]coord.Button{{
		{Text: txtFbBtnAnswer.In(lang), Data: fmt.Sprintf("%s%d", CbFbAnswer, id)},
		{Text: txtFbBtnCompile.In(lang), Data: fmt.Sprintf("%s%d", CbFbCompile, id)},
	}}
}

// FeedbackView renders item f with the names of its sender and of who
// answered or compiled it.
func (s *Service) FeedbackView(ctx context.Context, tx coord.People, f coord.Feedback, lang coord.Lang) string {
	responder := ""
	if f.RespondedBy != 0 {
		responder = s.personName(ctx, tx, &f.RespondedBy)
	}
	return s.FeedbackCard(f, s.personName(ctx, tx, &f.CreatedBy), responder, lang)
}

// FeedbackCard renders item f, sent by sender and answered or compiled by
// responder.
func (s *Service) FeedbackCard(f coord.Feedback, sender, responder string, lang coord.Lang) string {
	var b strings.Builder
	name := func(code string) string { return texts.AgencyName(s.Catalogue, code, lang) }
	fmt.Fprint(&b, txtFbCard.In(lang, f.ID, name(f.Agency), sender, s.Calendar.Today(f.CreatedAt).VN(), f.Subject))
	fmt.Fprint(&b, txtFbCardText.In(lang, f.Text))
	if len(f.Files) > 0 {
		fmt.Fprint(&b, txtFbCardFiles.In(lang, len(f.Files)))
	}
	fmt.Fprint(&b, txtFbCardState.In(lang, texts.FeedbackState(f.State, lang)))
	when := texts.LocalTime(f.RespondedAt, s.Calendar.Location)
	switch f.State {
	case coord.FeedbackAnswered:
		fmt.Fprint(&b, txtFbCardAnswer.In(lang, name(s.Coordinator()), responder, when, f.Response))
	case coord.FeedbackCompiled:
		fmt.Fprint(&b, txtFbCardNote.In(lang, name(s.Coordinator()), responder, when, f.Response))
	}
	if len(f.ResponseFiles) > 0 {
		fmt.Fprint(&b, txtFbCardRespFile.In(lang, len(f.ResponseFiles)))
	}
	return texts.Truncate(b.String(), coord.MaxTextLen)
}

// feedback loads item id; an unknown number is a refusal.
func (s *Service) feedback(ctx context.Context, tx coord.Feedbacks, id int64) (coord.Feedback, error) {
	f, err := tx.Feedback(ctx, id)
	if coord.ErrorCode(err) == coord.ENotFound {
		return f, texts.Refuse(txtFbNotFound, id)
	}
	if err != nil {
		return f, fmt.Errorf("load feedback: %w", err)
	}
	return f, nil
}

// seesAllFeedback: the coordinator's people and admins see every item;
// others their agency's.
func (s *Service) seesAllFeedback(a Actor) bool { return a.Admin() || a.Agency == s.Coordinator() }

// SeeFeedback returns item id to the coordinator, an admin or the
// sender's agency; anyone else is told it does not exist.
func (s *Service) SeeFeedback(ctx context.Context, tx coord.Feedbacks, a Actor, id int64) (coord.Feedback, error) {
	f, err := s.feedback(ctx, tx, id)
	if err == nil && !s.seesAllFeedback(a) && f.Agency != a.Agency {
		return coord.Feedback{}, texts.Refuse(txtFbNotFound, id)
	}
	return f, err
}

// FeedbackList is what /feedbacks shows: the items still open and those
// answered or compiled that were received in the last 90 days.
type FeedbackList struct{ Open, Recent []coord.Feedback }

// ListFeedbacks lists the items the actor may see (all of them for the
// coordinator and admins, their agency's for others).
func (s *Service) ListFeedbacks(ctx context.Context, tx coord.Feedbacks, a Actor, now time.Time) (FeedbackList, error) {
	var out FeedbackList
	open, err := tx.OpenFeedbacks(ctx)
	if err != nil {
		return out, fmt.Errorf("list open feedback: %w", err)
	}
	recent, err := tx.FeedbacksBetween(ctx, now.AddDate(0, 0, -90), now.Add(time.Second))
	if err != nil {
		return out, fmt.Errorf("list recent feedback: %w", err)
	}
	mine := func(f coord.Feedback) bool { return s.seesAllFeedback(a) || f.Agency == a.Agency }
	for _, f := range open {
		if mine(f) {
			out.Open = append(out.Open, f)
		}
	}
	for _, f := range recent {
		if f.State != coord.FeedbackOpen && mine(f) {
			out.Recent = append(out.Recent, f)
		}
	}
	return out, nil
}

// CanRespondFeedback reports, as a refusal, whether the actor may answer
// or compile item id now: an officer of the coordinator (or an admin), and
// the item still open.
func (s *Service) CanRespondFeedback(ctx context.Context, tx coord.Feedbacks, a Actor, id int64) error {
	_, err := s.respondable(ctx, tx, a, id)
	return err
}

func (s *Service) respondable(ctx context.Context, tx coord.Feedbacks, a Actor, id int64) (coord.Feedback, error) {
	if a.Agency != s.Coordinator() && !a.Admin() {
		// Not even whether the number exists is told to another agency.
		f, err := s.SeeFeedback(ctx, tx, a, id)
		if err != nil {
			return f, err
		}
		return f, texts.Refuse(txtFbCoordOnly, texts.AgencyName(s.Catalogue, s.Coordinator(), a.Lang), id)
	}
	f, err := s.feedback(ctx, tx, id)
	if err != nil {
		return f, err
	}
	if f.State != coord.FeedbackOpen {
		return f, texts.Refuse(txtFbAlready, f.ID, texts.FeedbackState(f.State, a.Lang),
			texts.LocalTime(f.RespondedAt, s.Calendar.Location))
	}
	return f, nil
}

// RespondFeedback takes the coordinator's step on an open item: answer it
// (state answered, a text and possibly files), or mark it to be included
// in the next report to the provincial People's Committee (state
// compiled, with a note). The sender's agency group and the sender
// privately are told.
func (s *Service) RespondFeedback(ctx context.Context, tx FeedbackTx, a Actor, now time.Time, id int64, state coord.FeedbackState, text string, files []coord.FileRef) (FeedbackOut, error) {
	var res FeedbackOut
	text = strings.TrimSpace(text)
	f, err := s.respondable(ctx, tx, a, id)
	if err != nil {
		return res, err
	}
	switch {
	case state == coord.FeedbackAnswered && text == "":
		return res, texts.Refuse(TxtFbAnswerNeedsText, id)
	case state == coord.FeedbackCompiled && text == "":
		return res, texts.Refuse(TxtFbCompileNeedsNote, id)
	case state != coord.FeedbackAnswered && state != coord.FeedbackCompiled:
		return res, s.FeedbackUsage(a.Lang)
	}
	f.State, f.Response, f.ResponseFiles, f.RespondedBy, f.RespondedAt = state, text, files, a.ID, now
	if err := tx.SaveFeedback(ctx, &f, now); err != nil {
		if coord.ErrorCode(err) == coord.EConflict {
			return res, texts.Refuse(texts.TxtFlowExpired)
		}
		return res, fmt.Errorf("save feedback: %w", err)
	}
	action := "feedback.answer"
	if state == coord.FeedbackCompiled {
		action = "feedback.compile"
	}
	if err := Audit(ctx, tx, a, now, action, coord.FeedbackRef(f.ID), map[string]any{"state": coord.FeedbackOpen},
		map[string]any{"state": f.State, "text": text, "files": len(files)}); err != nil {
		return res, err
	}
	sender := s.personName(ctx, tx, &f.CreatedBy)
	coordinator := s.Coordinator()
	told := func(l coord.Lang) string {
		sent := s.Calendar.Today(f.CreatedAt).VN()
		if state == coord.FeedbackCompiled {
			return txtFbCompiledTold.In(l, f.ID, f.Subject, sender, sent, texts.AgencyName(s.Catalogue, coordinator, l), text) + txtFbSee.In(l, f.ID)
		}
		return txtFbAnsweredTold.In(l, texts.AgencyName(s.Catalogue, coordinator, l), f.ID, f.Subject, sender, sent, text) + txtFbSee.In(l, f.ID)
	}
	before := len(res.Messages)
	seen := map[int64]bool{a.Chat: true}
	if err := s.tellFeedback(ctx, &res.Out, tx, f.ID, []string{f.Agency}, f.CreatedBy, seen, told, func(chat int64, l coord.Lang) {
		if len(files) > 0 {
			res.files(chat, files, txtFbAnswerCaption.In(l, f.ID), coord.FeedbackRef(f.ID))
		}
	}); err != nil {
		return res, err
	}
	for _, m := range res.Messages[before:] {
		if m.Kind == coord.OutText {
			res.Reached++
		}
	}
	res.Feedback = f
	return res, nil
}

// tellFeedback sends text to the chats of agencies and, if sender is not
// 0, to the sender's private chat while they are enrolled; each chat once,
// none of those in seen. before, if given, queues what goes ahead of the
// text in each chat (the answer's files).
func (s *Service) tellFeedback(ctx context.Context, out *Out, tx coord.Directory, id int64, agencies []string, sender int64,
	seen map[int64]bool, text func(coord.Lang) string, before ...func(chat int64, l coord.Lang)) error {
	var rcs []coord.Recipient
	for _, code := range agencies {
		rc, _, err := coord.Reach(ctx, tx, code)
		if err != nil {
			return err
		}
		rcs = append(rcs, rc...)
	}
	if sender != 0 {
		u, err := tx.User(ctx, sender)
		switch {
		case err == nil && u.Enrolled():
			rcs = append(rcs, coord.Recipient{ChatID: sender, Lang: u.Lang})
		case err != nil && coord.ErrorCode(err) != coord.ENotFound:
			return fmt.Errorf("find sender %d: %w", sender, err)
		}
	}
	for _, r := range rcs {
		if seen[r.ChatID] {
			continue
		}
		seen[r.ChatID] = true
		for _, b := range before {
			b(r.ChatID, r.Lang)
		}
		out.send(coord.OutMessage{Kind: coord.OutText, ChatID: r.ChatID, Text: texts.Truncate(text(r.Lang), coord.MaxTextLen), Ref: coord.FeedbackRef(id)})
	}
	return nil
}

package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

// Difficulties reported to the coordinator (Điều 18): /feedback sends one
// (in one message, or step by step in the private chat), shows one, or
// takes the coordinator's step on it; /feedbacks lists them; «Trả lời»
// and «Tổng hợp báo cáo UBND tỉnh» on the coordinator's card ask for the
// text with a ForceReply.

var (
	txtFbSent = Msg{
		VI: "Đã gửi phản ánh #%d «%s» tới %s (%s). Bạn sẽ được báo khi có trả lời. Xem: /feedback %[1]d",
		EN: "Item #%d «%s» sent to %s (%s). You will be told of the answer. See: /feedback %[1]d",
	}
	txtFbReached   = Msg{VI: "%d chat", EN: "%d chat(s)"}
	txtFbNowhere   = Msg{VI: "chưa gửi được: chưa có nhóm hoặc cán bộ; phản ánh vẫn được lưu", EN: "not delivered: no group or officer yet; the item is kept"}
	txtFbAnswered  = Msg{VI: "Đã trả lời phản ánh #%d; đã báo cho %s (%d chat).", EN: "Item #%d answered; %s told (%d chat(s))."}
	txtFbCompiled  = Msg{VI: "Đã đưa phản ánh #%d vào tổng hợp báo cáo UBND tỉnh; đã báo cho %s (%d chat).", EN: "Item #%d is to be included in the report to the provincial People's Committee; %s told (%d chat(s))."}
	txtFbAskAnswer = Msg{
		VI: "Nhập nội dung trả lời phản ánh #%d (trả lời tin nhắn này; có thể gửi kèm tệp với nội dung làm chú thích). Gõ /cancel để hủy.",
		EN: "Type the answer to item #%d (reply to this message; documents may go with it, the text as caption). /cancel to stop.",
	}
	txtFbAskCompile = Msg{
		VI: "Nhập ghi chú để đưa phản ánh #%d vào tổng hợp báo cáo UBND tỉnh (ví dụ: đưa vào báo cáo 6 tháng, kiến nghị gì) — trả lời tin nhắn này. Gõ /cancel để hủy.",
		EN: "Type the note to include item #%d in the report to the provincial People's Committee (e.g. which report, what is proposed) — reply to this message. /cancel to stop.",
	}
	txtFbViewFiles   = Msg{VI: "Phản ánh #%d — tài liệu kèm theo", EN: "Item #%d — attached documents"}
	txtFbViewAnswer  = Msg{VI: "Trả lời phản ánh #%d", EN: "Answer to item #%d"}
	txtFbListNone    = Msg{VI: "Không có phản ánh nào chưa trả lời hay được xử lý trong 90 ngày qua mà bạn được xem.", EN: "No item open or dealt with in the last 90 days that you may see."}
	txtFbListOpen    = Msg{VI: "📮 Phản ánh chưa trả lời (%d):", EN: "📮 Items not answered yet (%d):"}
	txtFbListRecent  = Msg{VI: "📮 Đã xử lý (90 ngày qua):", EN: "📮 Dealt with (last 90 days):"}
	txtFbListItem    = Msg{VI: "\n#%d · %s · %s · «%s»", EN: "\n#%d · %s · %s · «%s»"}
	txtFbListState   = Msg{VI: " · %s", EN: " · %s"}
	txtFbListSee     = Msg{VI: "\n\nXem: /feedback <số>", EN: "\n\nSee one: /feedback <n>"}
	txtFbWizSubject  = Msg{VI: "Phản ánh khó khăn, vướng mắc tới %s (bước 1/3): gõ tiêu đề ngắn gọn (ví dụ: Vướng mắc xác minh lý lịch tư pháp). Gõ /cancel để hủy.", EN: "Report a difficulty to %s (step 1/3): type a short subject. /cancel to stop."}
	txtFbWizText     = Msg{VI: "Bước 2/3: gõ nội dung phản ánh (khó khăn, vướng mắc gì, đề xuất gì).", EN: "Step 2/3: type the text (what the difficulty is, what you propose)."}
	txtFbWizFiles    = Msg{VI: "Bước 3/3: gửi tệp tài liệu kèm theo (có thể gửi nhiều tệp hoặc một album), gõ «xong» để gửi phản ánh.", EN: "Step 3/3: send the documents that go with it (several files or an album), or type «xong» (done) to send."}
	txtFbWizSoFar    = Msg{VI: "Đã nhận %d tệp. Gửi thêm tệp, hoặc gõ «xong» để gửi phản ánh.", EN: "%d file(s) so far. Send more, or type «xong» (done) to send."}
	txtFbWizFilesBad = Msg{VI: "Ở bước này hãy gửi tệp tài liệu, hoặc gõ «xong» để gửi phản ánh (gõ /cancel để hủy).", EN: "At this step send documents, or type «xong» (done) to send (/cancel to stop)."}
)

// Flows of /feedback: the wizard, and the ForceReply prompts of the
// coordinator's two buttons.
const (
	flowFbNew     = "fb_new"
	flowFbAnswer  = "fb_answer"
	flowFbCompile = "fb_compile"

	stepFbSubject = "subject"
	stepFbText    = "text"
	stepFbFiles   = "files"
)

// feedbackCmd routes "/feedback …": a number alone is the view, a number
// with answer|compile the coordinator's step, anything else a new item
// ("subject: text", or the subject on the first line and the text on the
// others); alone in the private chat, the wizard.
func (h *Handlers) feedbackCmd(ctx context.Context, c *bot.Context) error {
	args := strings.TrimSpace(c.Args)
	first, more, _ := strings.Cut(args, "\n")
	first, more = strings.TrimSpace(first), strings.TrimSpace(more)
	fields := strings.Fields(first)
	if len(fields) == 0 {
		if c.Chat.Private() && len(c.Files) == 0 && more == "" {
			return h.startFeedbackWizard(ctx, c)
		}
		return h.Work.FeedbackUsage(c.Lang())
	}
	if n, ok := parseNumber(fields[0]); ok {
		if len(fields) == 1 && more == "" && len(c.Files) == 0 {
			return h.showFeedback(ctx, c, n)
		}
		if len(fields) > 1 {
			if state, ok := feedbackVerb(fields[1]); ok {
				text := strings.TrimSpace(first[strings.Index(first, fields[1])+len(fields[1]):])
				if more != "" {
					text = strings.TrimSpace(text + "\n" + more)
				}
				return h.respondFeedback(ctx, c, n, state, text, c.Files, 0)
			}
		}
		// A subject that begins with a number: a new item.
	}
	subject, text := first, more
	if s, t, ok := strings.Cut(first, ":"); ok {
		subject, text = s, strings.TrimSpace(t+"\n"+more)
	}
	return h.sendFeedback(ctx, c, work.NewFeedback{Subject: subject, Text: text, Files: fileRefs(c.Files)})
}

// feedbackVerb reads the coordinator's step: answer or compile (also in
// Vietnamese without diacritics).
func feedbackVerb(s string) (coord.FeedbackState, bool) {
	switch strings.ToLower(s) {
	case "answer", "reply", "traloi":
		return coord.FeedbackAnswered, true
	case "compile", "tonghop":
		return coord.FeedbackCompiled, true
	}
	return "", false
}

// sendFeedback sends the item and tells the sender where it went: the end
// of both the one-message form and the wizard.
func (h *Handlers) sendFeedback(ctx context.Context, c *bot.Context, in work.NewFeedback) error {
	if err := h.checkFiles(c.Files); err != nil {
		return err
	}
	res, err := h.Work.SendFeedback(ctx, c.Tx, actor(c), c.Now, in)
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	lang := c.Lang()
	how := txtFbNowhere.In(lang)
	if res.Reached > 0 {
		how = txtFbReached.In(lang, res.Reached)
	}
	f := res.Feedback
	return c.Reply(ctx, truncate(txtFbSent.In(lang, f.ID, f.Subject, h.agencyLabel(h.Work.Coordinator(), lang), how), 4000))
}

// showFeedback shows item n to whoever may see it, with its files and
// those of the answer; the coordinator's officers get the two buttons
// while it is open.
func (h *Handlers) showFeedback(ctx context.Context, c *bot.Context, n int64) error {
	a, lang := actor(c), c.Lang()
	f, err := h.Work.SeeFeedback(ctx, c.Tx, a, n)
	if err != nil {
		return err
	}
	if len(f.Files) > 0 {
		if err := c.SendAll(ctx, work.FileMessages(c.Chat.ID, f.Files, txtFbViewFiles.In(lang, f.ID), coord.FeedbackRef(f.ID))); err != nil {
			return err
		}
	}
	if len(f.ResponseFiles) > 0 {
		if err := c.SendAll(ctx, work.FileMessages(c.Chat.ID, f.ResponseFiles, txtFbViewAnswer.In(lang, f.ID), coord.FeedbackRef(f.ID))); err != nil {
			return err
		}
	}
	var buttons [][]coord.Button
	if h.Work.CanRespondFeedback(ctx, c.Tx, a, f.ID) == nil {
		buttons = work.FeedbackButtons(f.ID, lang)
	}
	return c.Reply(ctx, h.Work.FeedbackView(ctx, c.Tx, f, lang), buttons...)
}

// respondFeedback takes the coordinator's step on item n and says whom it
// told; card, if not 0, is the coordinator's card in this chat, which then
// shows the new state without its buttons.
func (h *Handlers) respondFeedback(ctx context.Context, c *bot.Context, n int64, state coord.FeedbackState, text string, files []bot.File, card int) error {
	if err := h.checkFiles(files); err != nil {
		return err
	}
	res, err := h.Work.RespondFeedback(ctx, c.Tx, actor(c), c.Now, n, state, text, fileRefs(files))
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	lang := c.Lang()
	f := res.Feedback
	if card != 0 {
		if err := c.Send(ctx, coord.OutMessage{Kind: coord.OutEdit, ChatID: c.Chat.ID, MessageID: card,
			Text: h.Work.FeedbackView(ctx, c.Tx, f, lang), Ref: coord.FeedbackRef(f.ID)}); err != nil {
			return err
		}
	}
	done := txtFbAnswered
	if state == coord.FeedbackCompiled {
		done = txtFbCompiled
	}
	return c.Reply(ctx, done.In(lang, f.ID, h.agencyLabel(f.Agency, lang), res.Reached))
}

// feedbacksCmd: "/feedbacks", the open items and those dealt with in the
// last 90 days that the asker may see.
func (h *Handlers) feedbacksCmd(ctx context.Context, c *bot.Context) error {
	lang := c.Lang()
	l, err := h.Work.ListFeedbacks(ctx, c.Tx, actor(c), c.Now)
	if err != nil {
		return err
	}
	if len(l.Open) == 0 && len(l.Recent) == 0 {
		return c.Reply(ctx, txtFbListNone.In(lang))
	}
	var sb strings.Builder
	item := func(f coord.Feedback) {
		day := coord.DateOf(f.CreatedAt.In(h.Calendar.Location)).VN()
		fmt.Fprint(&sb, txtFbListItem.In(lang, f.ID, day, h.agencyLabel(f.Agency, lang), truncate(f.Subject, 80)))
	}
	if len(l.Open) > 0 {
		fmt.Fprint(&sb, txtFbListOpen.In(lang, len(l.Open)))
		for _, f := range l.Open {
			item(f)
		}
	}
	if len(l.Recent) > 0 {
		if sb.Len() > 0 {
			sb.WriteString("\n\n")
		}
		fmt.Fprint(&sb, txtFbListRecent.In(lang))
		for _, f := range l.Recent {
			item(f)
			fmt.Fprint(&sb, txtFbListState.In(lang, texts.FeedbackState(f.State, lang)))
		}
	}
	fmt.Fprint(&sb, txtFbListSee.In(lang))
	return c.Reply(ctx, truncate(sb.String(), 4000))
}

// fbAnswerButton and fbCompileButton ("fb:a:<n>", "fb:c:<n>") ask for the
// answer or the note with a ForceReply, once the use case agrees that the
// presser may take that step on the stored item (whatever the button says).
func (h *Handlers) fbAnswerButton(ctx context.Context, c *bot.Context) error {
	return h.fbPrompt(ctx, c, work.CbFbAnswer, flowFbAnswer, txtFbAskAnswer)
}

func (h *Handlers) fbCompileButton(ctx context.Context, c *bot.Context) error {
	return h.fbPrompt(ctx, c, work.CbFbCompile, flowFbCompile, txtFbAskCompile)
}

func (h *Handlers) fbPrompt(ctx context.Context, c *bot.Context, prefix, flow string, prompt Msg) error {
	n, ok := parseNumber(strings.TrimPrefix(c.Callback.Data, prefix))
	if !ok {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	if err := h.Work.CanRespondFeedback(ctx, c.Tx, actor(c), n); err != nil {
		return err
	}
	return ask(ctx, c, conversation{Flow: flow, Request: n, Card: c.Callback.MessageID}, prompt, coord.FeedbackRef(n))
}

// fbPromptLive reports whether an answer or compile prompt still asks for
// something the person may do: the item is still open (someone else may
// have answered it meanwhile).
func (h *Handlers) fbPromptLive(ctx context.Context, c *bot.Context, conv conversation) (bool, error) {
	err := h.Work.CanRespondFeedback(ctx, c.Tx, actor(c), conv.Request)
	var no *texts.Refusal
	if errors.As(err, &no) {
		return false, nil
	}
	return err == nil, err
}

// fbReply handles the message that follows an answer or compile prompt;
// an empty one is refused and the prompt stays.
func (h *Handlers) fbReply(ctx context.Context, c *bot.Context, conv conversation) error {
	state := coord.FeedbackAnswered
	if conv.Flow == flowFbCompile {
		state = coord.FeedbackCompiled
	}
	if err := h.respondFeedback(ctx, c, conv.Request, state, c.Text, c.Files, conv.Card); err != nil {
		var no *texts.Refusal
		if errors.As(err, &no) && (no.Msg == work.TxtFbAnswerNeedsText || no.Msg == work.TxtFbCompileNeedsNote) {
			return err
		}
		c.ClearConversation()
		return err
	}
	c.ClearConversation()
	return nil
}

// The /feedback wizard, in the private chat: the subject, the text (or a
// document with the text as caption), then files until «xong». The state
// is the conversation in Redis, as for the other wizards; /cancel ends it.
func (h *Handlers) startFeedbackWizard(ctx context.Context, c *bot.Context) error {
	if err := c.SaveConversation(conversation{Flow: flowFbNew, Step: stepFbSubject}); err != nil {
		return err
	}
	lang := c.Lang()
	return c.Reply(ctx, txtFbWizSubject.In(lang, h.agencyLabel(h.Work.Coordinator(), lang)))
}

// isDone reads «xong» (or "done", "-") at the files step.
func isDone(s string) bool {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(s), "«»\"'.!")) {
	case "xong", "done", "-", "gửi", "gui":
		return true
	}
	return false
}

// fbWizardStep takes each answer in turn; a bad one is refused and the
// step stays.
func (h *Handlers) fbWizardStep(ctx context.Context, c *bot.Context, conv conversation) error {
	text := strings.TrimSpace(c.Text)
	lang := c.Lang()
	save := func(step string, reply string) error {
		conv.Step = step
		if err := c.SaveConversation(conv); err != nil {
			return err
		}
		return c.Reply(ctx, reply)
	}
	addFiles := func() error {
		if err := h.checkFiles(c.Files); err != nil {
			return err
		}
		conv.Files = append(conv.Files, toWizardFiles(c.Files)...)
		return nil
	}
	switch conv.Step {
	case stepFbSubject:
		if text == "" {
			return refuse(txtFbWizSubject, h.agencyLabel(h.Work.Coordinator(), lang))
		}
		// The use case's own checks (the subject's length) apply now, not
		// after the text has been typed.
		if err := h.Work.CheckFeedbackSubject(text); err != nil {
			return err
		}
		conv.Subject = text
		return save(stepFbText, txtFbWizText.In(lang))
	case stepFbText:
		if text == "" {
			return refuse(txtFbWizText)
		}
		conv.Body = text
		if len(c.Files) > 0 {
			if err := addFiles(); err != nil {
				return err
			}
			return save(stepFbFiles, txtFbWizSoFar.In(lang, len(conv.Files)))
		}
		return save(stepFbFiles, txtFbWizFiles.In(lang))
	case stepFbFiles:
		if len(c.Files) > 0 {
			if err := addFiles(); err != nil {
				return err
			}
			return save(stepFbFiles, txtFbWizSoFar.In(lang, len(conv.Files)))
		}
		if !isDone(text) {
			return refuse(txtFbWizFilesBad)
		}
		files := make([]coord.FileRef, len(conv.Files))
		for i, f := range conv.Files {
			files[i] = coord.FileRef{FileID: f.FileID, Photo: f.Photo, Name: f.Name}
		}
		if err := h.sendFeedback(ctx, c, work.NewFeedback{Subject: conv.Subject, Text: conv.Body, Files: files}); err != nil {
			return err
		}
		c.ClearConversation()
		return nil
	}
	c.ClearConversation()
	return refuse(texts.TxtFlowExpired)
}

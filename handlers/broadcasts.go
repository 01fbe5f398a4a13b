package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

var (
	txtBcSent = Msg{
		VI: "Đã gửi thông báo %s «%s» tới: %s.\nCơ quan chưa đọc sẽ được nhắc một lần ngày %s. Xem cơ quan nào đã đọc: /broadcast %d",
		EN: "Broadcast %s «%s» sent to: %s.\nAgencies that have not read it are reminded once on %s. See who has read it: /broadcast %d",
	}
	txtBcNowhere    = Msg{VI: "chưa gửi được: chưa có nhóm hoặc cán bộ", EN: "not delivered: no group or officer yet"}
	txtBcReadDone   = Msg{VI: "Đã ghi nhận: cơ quan bạn đã đọc thông báo. Cảm ơn!", EN: "Recorded: your agency has read the broadcast. Thank you!"}
	txtBcAlready    = Msg{VI: "Cơ quan bạn đã xác nhận đọc thông báo %s rồi (%s, %s).", EN: "Your agency already marked broadcast %s read (%s, %s)."}
	txtBcReadButton = Msg{VI: "✅ Đã đọc — %s, %s", EN: "✅ Read — %s, %s"}
	txtBcListNone   = Msg{VI: "Không có thông báo nào của cơ quan bạn trong 180 ngày qua.", EN: "No broadcasts of your agency in the last 180 days."}
	txtBcListHead   = Msg{VI: "Thông báo (180 ngày qua, mới nhất trước):", EN: "Broadcasts (last 180 days, newest first):"}
	txtBcListSent   = Msg{VI: "\n%s · %s · «%s» · đã đọc %d/%d", EN: "\n%s · %s · «%s» · read %d/%d"}
	txtBcListGot    = Msg{VI: "\n%s · %s · «%s» · từ %s · %s", EN: "\n%s · %s · «%s» · from %s · %s"}
	txtBcListRead   = Msg{VI: "cơ quan bạn đã đọc", EN: "your agency has read it"}
	txtBcListUnread = Msg{VI: "cơ quan bạn chưa đọc", EN: "your agency has not read it"}
	txtBcListSee    = Msg{VI: "\n\nXem: /broadcast <số>", EN: "\n\nSee one: /broadcast <n>"}
)

// broadcastCmd routes "/broadcast …": a number is the view, anything else
// a new broadcast; alone, in the private chat, the wizard.
func (h *Handlers) broadcastCmd(ctx context.Context, c *bot.Context) error {
	args := strings.TrimSpace(c.Args)
	first, more, _ := strings.Cut(args, "\n")
	fields := strings.Fields(first)
	if len(fields) == 0 {
		if c.Chat.Private() && len(c.Files) == 0 && strings.TrimSpace(more) == "" {
			return h.startBroadcastWizard(ctx, c)
		}
		return refuse(work.TxtBcUsage)
	}
	if n, ok := parseBroadcastNumber(fields[0]); ok {
		if len(fields) > 1 || strings.TrimSpace(more) != "" || len(c.Files) > 0 {
			return refuse(work.TxtBcUsage)
		}
		return h.showBroadcast(ctx, c, n)
	}
	if len(fields) < 2 {
		return refuse(work.TxtBcUsage)
	}
	in := work.NewBroadcast{Title: strings.TrimSpace(first[strings.Index(first, fields[0])+len(fields[0]):]),
		Text: strings.TrimSpace(more), Files: fileRefs(c.Files)}
	in.Targets, in.All = parseInvitees(fields[0])
	return h.sendBroadcast(ctx, c, in)
}

// parseBroadcastNumber reads "B-3", "b3", "#3" or "3".
func parseBroadcastNumber(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 1 && (s[0] == 'B' || s[0] == 'b') {
		s = strings.TrimPrefix(s[1:], "-")
	}
	return parseNumber(s)
}

// sendBroadcast sends it and tells the sender where it went: the end of
// both the one-message form and the wizard.
func (h *Handlers) sendBroadcast(ctx context.Context, c *bot.Context, in work.NewBroadcast) error {
	if err := h.Work.CanBroadcast(actor(c)); err != nil {
		return err
	}
	if err := h.checkFiles(c.Files); err != nil {
		return err
	}
	res, err := h.Work.CreateBroadcast(ctx, c.Tx, actor(c), c.Now, in)
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	lang := c.Lang()
	b := res.Broadcast
	var sent []string
	for _, t := range b.Targets {
		how := txtBcNowhere.In(lang)
		if n := res.Reached[t.Agency]; n > 0 {
			how = strconv.Itoa(n) + " chat"
		}
		sent = append(sent, h.agencyLabel(t.Agency, lang)+" ("+how+")")
	}
	return c.Reply(ctx, truncate(txtBcSent.In(lang, b.Number(), b.Title, strings.Join(sent, ", "), b.Targets[0].RemindOn.VN(), b.ID), 4000))
}

// showBroadcast: the sender's side sees the receipts; an officer of a
// target agency the broadcast again, its files, and «Đã đọc» while the
// agency has not read it.
func (h *Handlers) showBroadcast(ctx context.Context, c *bot.Context, n int64) error {
	a := actor(c)
	v, err := h.Work.SeeBroadcast(ctx, c.Tx, a, n)
	if err != nil {
		return err
	}
	b, lang := v.Broadcast, c.Lang()
	t, target := b.Target(a.Agency)
	var buttons [][]coord.Button
	if target && t.ReadAt == nil {
		buttons = work.BroadcastButtons(b.ID, a.Agency, lang)
	}
	if v.Sender {
		return c.Reply(ctx, h.Work.BroadcastReceipts(ctx, c.Tx, b, lang), buttons...)
	}
	if err := c.SendAll(ctx, h.Work.BroadcastFiles(b, c.Chat.ID, lang)); err != nil {
		return err
	}
	return c.Reply(ctx, h.Work.TargetView(ctx, c.Tx, b, a.Agency, lang), buttons...)
}

// broadcastsCmd: "/broadcasts", those sent by and to the agency.
func (h *Handlers) broadcastsCmd(ctx context.Context, c *bot.Context) error {
	a, lang := actor(c), c.Lang()
	bs, err := h.Work.ListBroadcasts(ctx, c.Tx, a, c.Now)
	if err != nil {
		return err
	}
	if len(bs) == 0 {
		return c.Reply(ctx, txtBcListNone.In(lang))
	}
	var sb strings.Builder
	fmt.Fprint(&sb, txtBcListHead.In(lang))
	for _, b := range bs {
		day := coord.DateOf(b.CreatedAt.In(h.Calendar.Location)).VN()
		if h.Work.BroadcastSender(a, b) {
			fmt.Fprint(&sb, txtBcListSent.In(lang, b.Number(), day, b.Title, b.ReadCount(), len(b.Targets)))
			continue
		}
		state := txtBcListUnread.In(lang)
		if t, _ := b.Target(a.Agency); t.ReadAt != nil {
			state = txtBcListRead.In(lang)
		}
		fmt.Fprint(&sb, txtBcListGot.In(lang, b.Number(), day, b.Title, h.agencyLabel(b.From, lang), state))
	}
	fmt.Fprint(&sb, txtBcListSee.In(lang))
	return c.Reply(ctx, truncate(sb.String(), 4000))
}

// broadcastReadButton is «Đã đọc» ("bc:r:<n>:<agency>"): the use case
// checks that the presser is an officer of that agency.
func (h *Handlers) broadcastReadButton(ctx context.Context, c *bot.Context) error {
	num, agency, _ := strings.Cut(strings.TrimPrefix(c.Callback.Data, work.CbBroadcastRead), ":")
	n, ok := parseNumber(num)
	if !ok || agency == "" {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	lang := c.Lang()
	a := actor(c)
	res, err := h.Work.ReadBroadcast(ctx, c.Tx, a, c.Now, n, agency)
	switch {
	case coord.ErrorCode(err) == coord.ENotFound:
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	case err != nil:
		return err
	case res.Already:
		return c.Answer(ctx, txtBcAlready.In(lang, res.Broadcast.Number(), res.By, h.localTime(*res.Target.ReadAt)), true)
	}
	if err := c.SetButtons(ctx, [][]coord.Button{{{Text: txtBcReadButton.In(lang, a.Name, h.localTime(c.Now)), Data: c.Callback.Data}}}); err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	return c.Answer(ctx, txtBcReadDone.In(lang), false)
}

// The /broadcast wizard, in the private chat of an admin or a lead: the
// targets, the title, then the text or the files (or "-" for a title
// alone). The state is the conversation in Redis; /cancel ends it.
const (
	flowBcNew = "bc_new"

	stepBcTargets = "targets"
	stepBcTitle   = "title"
	stepBcContent = "content"
)

var (
	txtBcWizTargets = Msg{
		VI: "Gửi thông báo (bước 1/3): gõ all để gửi tới mọi cơ quan, hoặc mã các cơ quan nhận, cách nhau bởi dấu phẩy (ví dụ: %s). Lãnh đạo cơ quan gõ mã cơ quan mình. Gõ /cancel để hủy.",
		EN: "New broadcast (step 1/3): type all for every agency, or the recipients' codes, comma-separated (e.g. %s). A lead types their own agency's code. /cancel to stop.",
	}
	txtBcWizTitle   = Msg{VI: "Bước 2/3: gõ tiêu đề thông báo (ví dụ: Nghị định 219/2025/NĐ-CP về lao động nước ngoài).", EN: "Step 2/3: type the broadcast's title."}
	txtBcWizContent = Msg{
		VI: "Bước 3/3: gõ nội dung thông báo, hoặc gửi tệp văn bản (chú thích là nội dung), hoặc gõ - nếu chỉ gửi tiêu đề.",
		EN: "Step 3/3: type the text, or send the documents (the caption is the text), or type - to send the title alone.",
	}
)

func (h *Handlers) startBroadcastWizard(ctx context.Context, c *bot.Context) error {
	if err := h.Work.CanBroadcast(actor(c)); err != nil {
		return err
	}
	if err := c.SaveConversation(conversation{Flow: flowBcNew, Step: stepBcTargets}); err != nil {
		return err
	}
	return c.Reply(ctx, txtBcWizTargets.In(c.Lang(), texts.Examples(h.Catalogue, 2, ",")))
}

// bcWizardStep takes each answer in turn; a bad one is refused and the
// step stays.
func (h *Handlers) bcWizardStep(ctx context.Context, c *bot.Context, conv conversation) error {
	text := strings.TrimSpace(c.Text)
	lang := c.Lang()
	next := func(step string, prompt Msg) error {
		conv.Step = step
		if err := c.SaveConversation(conv); err != nil {
			return err
		}
		return c.Reply(ctx, prompt.In(lang))
	}
	switch conv.Step {
	case stepBcTargets:
		codes, all := parseInvitees(text)
		if err := h.Work.CheckBroadcastTargets(actor(c), work.NewBroadcast{Targets: codes, All: all}); err != nil {
			return err
		}
		conv.Targets = codes
		if all {
			conv.Targets = []string{"all"}
		}
		return next(stepBcTitle, txtBcWizTitle)
	case stepBcTitle:
		if text == "" {
			return refuse(txtBcWizTitle)
		}
		conv.Subject = text
		return next(stepBcContent, txtBcWizContent)
	case stepBcContent:
		if text == "" && len(c.Files) == 0 {
			return refuse(txtBcWizContent)
		}
		if text == "-" {
			text = ""
		}
		in := work.NewBroadcast{Title: conv.Subject, Text: text, Files: fileRefs(c.Files)}
		if len(conv.Targets) == 1 && conv.Targets[0] == "all" {
			in.All = true
		} else {
			in.Targets = conv.Targets
		}
		if err := h.sendBroadcast(ctx, c, in); err != nil {
			return err
		}
		c.ClearConversation()
		return nil
	}
	c.ClearConversation()
	return refuse(texts.TxtFlowExpired)
}

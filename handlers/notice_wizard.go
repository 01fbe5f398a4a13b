package handlers

import (
	"context"
	"strconv"
	"strings"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

// The guided notice: "/notice new" from scratch, or "/notice new <plan>
// <target>" and the «Lập thông báo xử lý vi phạm» button under a violation
// recorded at an inspection, pre-filled from the target (work.NoticeDraft)
// and linked to the plan. One question per message, the draft kept in the
// conversation (Redis) as the other wizards do; /cancel ends it. It runs in
// the private chat only: the passports typed into it stay between the
// officer and the bot.
const (
	flowNotice = "notice_new"
	// cbNoticeFromTarget + "<plan>:<target>" starts the guided notice of a
	// violation found at an inspection target.
	cbNoticeFromTarget = "nfi:"
	// cbNoticeKind + kind code answers the first step.
	cbNoticeKind = "nwk:"
	// cbNoticeNoExtra answers the recipients step with "no one else".
	cbNoticeNoExtra = "nwx"

	stepNtcKind     = "kind"
	stepNtcDecision = "decision"
	stepNtcEmployer = "employer"
	stepNtcPeople   = "people"
	stepNtcSanction = "sanction"
	stepNtcExtra    = "extra"
	stepNtcFile     = "file"
)

// noticeSteps are the wizard's steps for draft: the employer is asked only
// when the draft does not come from an inspection target (whose tax code
// the targets file required).
func noticeSteps(draft *work.NewNotice) []string {
	steps := []string{stepNtcKind, stepNtcDecision}
	if draft.Plan == 0 {
		steps = append(steps, stepNtcEmployer)
	}
	return append(steps, stepNtcPeople, stepNtcSanction, stepNtcExtra, stepNtcFile)
}

// noticeNew answers "/notice new [<plan> <target>]".
func (h *Handlers) noticeNew(ctx context.Context, c *bot.Context, args string) error {
	if !c.Chat.Private() {
		return refuse(txtNoticeNewPrivate)
	}
	draft := work.NewNotice{}
	if f := strings.Fields(args); len(f) > 0 {
		plan, pok := parseNumber(f[0])
		target, err := 0, error(nil)
		if len(f) == 2 {
			target, err = strconv.Atoi(f[1])
		}
		if !pok || len(f) != 2 || err != nil {
			return refuse(txtNoticeNewUsage)
		}
		if draft, err = h.Work.NoticeDraft(ctx, c.Tx, actor(c), plan, target); err != nil {
			return err
		}
	}
	return h.startNoticeWizard(ctx, c, draft)
}

// noticeFromTargetButton starts the guided notice from the button under a
// violation; who may is checked again by NoticeDraft, whatever the button.
func (h *Handlers) noticeFromTargetButton(ctx context.Context, c *bot.Context) error {
	num, tgt, _ := strings.Cut(strings.TrimPrefix(c.Callback.Data, cbNoticeFromTarget), ":")
	plan, ok := parseNumber(num)
	target, err := strconv.Atoi(tgt)
	if !ok || err != nil {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	if !c.Chat.Private() {
		return c.Answer(ctx, txtNoticePrivate.In(c.Lang(), plan, target), true)
	}
	draft, err := h.Work.NoticeDraft(ctx, c.Tx, actor(c), plan, target)
	if err != nil {
		return err
	}
	if err := c.Answer(ctx, "", false); err != nil {
		return err
	}
	return h.startNoticeWizard(ctx, c, draft)
}

func (h *Handlers) startNoticeWizard(ctx context.Context, c *bot.Context, draft work.NewNotice) error {
	lang := c.Lang()
	conv := conversation{Flow: flowNotice, Step: stepNtcKind, Notice: &draft}
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	head := txtNoticeWizStart.In(lang, texts.Cite(h.Catalogue, coord.ClauseNotice, lang))
	if draft.Plan != 0 {
		head = txtNoticeWizFromPlan.In(lang, draft.Plan, draft.PlanTarget, draft.Employer.Name, draft.Employer.TaxCode, draft.Violation)
	}
	return c.Reply(ctx, head+"\n\n"+h.noticeStepPrompt(c, conv), h.noticeKindButtons(lang)...)
}

func (h *Handlers) noticeKindButtons(lang coord.Lang) [][]coord.Button {
	var rows [][]coord.Button
	for _, k := range h.Work.NoticeConfig().Kinds {
		rows = append(rows, []coord.Button{{Text: k.Label(lang), Data: cbNoticeKind + k.Code}})
	}
	return rows
}

// noticeStepPrompt is the question of conv's step, numbered.
func (h *Handlers) noticeStepPrompt(c *bot.Context, conv conversation) string {
	lang := c.Lang()
	steps := noticeSteps(conv.Notice)
	i := 0
	for j, s := range steps {
		if s == conv.Step {
			i = j
		}
	}
	var q string
	switch conv.Step {
	case stepNtcKind:
		q = txtNoticeAskKind.In(lang)
	case stepNtcDecision:
		q = txtNoticeAskDecision.In(lang)
	case stepNtcEmployer:
		q = txtNoticeAskEmployer.In(lang)
	case stepNtcPeople:
		q = txtNoticeAskPeople.In(lang)
	case stepNtcSanction:
		q = txtNoticeAskSanction.In(lang)
	case stepNtcExtra:
		var names []string
		for _, code := range h.noticeRecipients(c.User.Agency, conv.Notice) {
			names = append(names, texts.AgencyName(h.Catalogue, code, lang))
		}
		q = txtNoticeAskExtra.In(lang, strings.Join(names, "; "), texts.Examples(h.Catalogue, 2, ","))
	case stepNtcFile:
		q = txtNoticeAskFile.In(lang)
	}
	return txtNoticeStep.In(lang, i+1, len(steps)) + q
}

// noticeRecipients are the agencies the draft goes to by default.
func (h *Handlers) noticeRecipients(from string, d *work.NewNotice) []string {
	cfg := h.Work.NoticeConfig()
	kind, _ := cfg.Kind(d.Kind)
	return cfg.Recipients(kind, from, strings.TrimSpace(d.Employer.Zone) != "", d.Extra)
}

// nextNoticeStep moves conv past its step, saves it and asks the next
// question.
func (h *Handlers) nextNoticeStep(ctx context.Context, c *bot.Context, conv conversation) error {
	steps := noticeSteps(conv.Notice)
	for i, s := range steps {
		if s == conv.Step && i+1 < len(steps) {
			conv.Step = steps[i+1]
			break
		}
	}
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	lang := c.Lang()
	if conv.Step == stepNtcExtra {
		return c.Reply(ctx, h.noticeStepPrompt(c, conv), []coord.Button{{Text: txtNoticeNoExtraButton.In(lang), Data: cbNoticeNoExtra}})
	}
	return c.Reply(ctx, h.noticeStepPrompt(c, conv))
}

func (h *Handlers) noticeConversation(c *bot.Context) (conversation, error) {
	var conv conversation
	ok, err := c.Conversation(&conv)
	if err != nil {
		return conv, err
	}
	if !ok || conv.Flow != flowNotice || conv.Notice == nil {
		return conv, refuse(texts.TxtFlowExpired)
	}
	return conv, nil
}

// noticeKindButton answers the first step.
func (h *Handlers) noticeKindButton(ctx context.Context, c *bot.Context) error {
	conv, err := h.noticeConversation(c)
	if err != nil {
		return err
	}
	if conv.Step != stepNtcKind {
		return refuse(texts.TxtFlowExpired)
	}
	kind, ok := h.Work.NoticeConfig().Kind(strings.TrimPrefix(c.Callback.Data, cbNoticeKind))
	if !ok {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	conv.Notice.Kind = kind.Code
	if err := c.ClearButtons(ctx); err != nil {
		return err
	}
	return h.nextNoticeStep(ctx, c, conv)
}

// noticeNoExtraButton answers the recipients step with "no one else".
func (h *Handlers) noticeNoExtraButton(ctx context.Context, c *bot.Context) error {
	conv, err := h.noticeConversation(c)
	if err != nil {
		return err
	}
	if conv.Step != stepNtcExtra {
		return refuse(texts.TxtFlowExpired)
	}
	if err := c.ClearButtons(ctx); err != nil {
		return err
	}
	return h.nextNoticeStep(ctx, c, conv)
}

// noticeWizardStep takes the answer to the current question; a bad answer
// is refused with what to write, and the question stays.
func (h *Handlers) noticeWizardStep(ctx context.Context, c *bot.Context, conv conversation) error {
	if conv.Notice == nil {
		c.ClearConversation()
		return refuse(texts.TxtFlowExpired)
	}
	d := conv.Notice
	text := strings.TrimSpace(c.Text)
	if conv.Step != stepNtcFile && text == "" {
		return refuse(txtNoticeWizText, h.noticeStepPrompt(c, conv))
	}
	switch conv.Step {
	case stepNtcKind:
		kind, ok := h.Work.NoticeConfig().Kind(text)
		if !ok {
			return refuse(txtNoticeWizKind, text, strings.Join(h.Work.NoticeConfig().Codes(), ", "))
		}
		d.Kind = kind.Code
	case stepNtcDecision:
		f := strings.Fields(text)
		if len(f) != 2 {
			return refuse(txtNoticeAskDecision)
		}
		day, err := parseDecisionDate(f[1])
		if err != nil {
			return err
		}
		d.DecisionNo, d.DecisionDate = f[0], day
	case stepNtcEmployer:
		f := strings.Fields(text)
		if len(f) < 2 {
			return refuse(txtNoticeAskEmployer)
		}
		if !taxCode(f[0]) {
			return refuse(txtNoticeBadTaxCode, f[0])
		}
		d.Employer = coord.Employer{TaxCode: f[0], Name: strings.Join(f[1:], " ")}
	case stepNtcPeople:
		people, err := parsePeople(text)
		if err != nil {
			return err
		}
		d.People = people
	case stepNtcSanction:
		sanction, err := parseSanction(text)
		if err != nil {
			return err
		}
		d.Sanction = sanction
	case stepNtcExtra:
		switch strings.ToLower(text) {
		case "không", "khong", "-", "no", "none":
		default:
			d.Extra = nil
			for _, code := range splitCodes(text) {
				if _, ok := h.Catalogue.Agency(code); !ok {
					return refuse(txtUnknownAgency, code, codesList(h.agencyCodes()))
				}
				d.Extra = append(d.Extra, code)
			}
		}
	case stepNtcFile:
		if len(c.Files) == 0 {
			return refuse(txtNoticeAskFile)
		}
		if err := h.checkFiles(c.Files); err != nil {
			return err
		}
		d.Files = fileRefs(c.Files)
		if err := h.sendNotice(ctx, c, *d); err != nil {
			return err
		}
		c.ClearConversation()
		return nil
	default:
		c.ClearConversation()
		return refuse(texts.TxtFlowExpired)
	}
	return h.nextNoticeStep(ctx, c, conv)
}

// The words of the guided notice.
var (
	txtNoticeNewUsage = Msg{
		VI: "Để lập thông báo từng bước, gõ /notice new; để lập thông báo theo kết quả kiểm tra có vi phạm, gõ /notice new <số kế hoạch> <thứ tự doanh nghiệp>, ví dụ: /notice new 1 2",
		EN: "To make a notice step by step, type /notice new; for a violation found at an inspection, /notice new <plan> <employer #>, for example: /notice new 1 2",
	}
	txtNoticeNewPrivate = Msg{
		VI: "Để giữ kín số hộ chiếu, thông báo được lập trong chat riêng với bot: hãy mở chat riêng và gõ lại lệnh ở đó.",
		EN: "To keep passport numbers private, notices are made in the private chat with the bot: open it and type the command there.",
	}
	txtNoticePrivate = Msg{
		VI: "Để giữ kín số hộ chiếu, thông báo được lập trong chat riêng với bot: hãy mở chat riêng và gõ /notice new %d %d",
		EN: "To keep passport numbers private, notices are made in the private chat with the bot: open it and type /notice new %d %d",
	}
	txtNoticeWizStart = Msg{
		VI: "📄 Lập thông báo kết quả xử lý vi phạm hành chính%s. Gõ /cancel để hủy.",
		EN: "📄 New notice of a violation-handling result%s. /cancel to stop.",
	}
	txtNoticeWizFromPlan = Msg{
		VI: "📄 Lập thông báo kết quả xử lý vi phạm theo kết quả kiểm tra (kế hoạch số %d, doanh nghiệp thứ %d). Gõ /cancel để hủy.\nĐã điền sẵn: %s (MST %s); vi phạm: %s",
		EN: "📄 New notice of a violation-handling result from an inspection (plan %d, employer %d). /cancel to stop.\nFilled in: %s (tax code %s); violation: %s",
	}
	txtNoticeStep        = Msg{VI: "Bước %d/%d: ", EN: "Step %d/%d: "}
	txtNoticeAskKind     = Msg{VI: "chọn loại vi phạm (hoặc gõ mã loại).", EN: "choose the violation kind (or type its code)."}
	txtNoticeAskDecision = Msg{
		VI: "gõ số và ngày quyết định xử phạt, ví dụ: 15/QĐ-XPHC 26/02/2027",
		EN: "type the decision's number and date, for example: 15/QĐ-XPHC 26/02/2027",
	}
	txtNoticeAskEmployer = Msg{
		VI: "gõ mã số thuế và tên doanh nghiệp, ví dụ: 2400123456 Công ty TNHH ABC",
		EN: "type the employer's tax code and name, for example: 2400123456 ABC Co., Ltd",
	}
	txtNoticeAskPeople = Msg{
		VI: "gõ người lao động nước ngoài bị xử lý: tên, số hộ chiếu, quốc tịch; nhiều người cách nhau bằng dấu chấm phẩy, ví dụ: LI WEI, E12345678, Trung Quốc; KIM MIN, M7654321, Hàn Quốc",
		EN: "type the foreign workers concerned: name, passport number, nationality; several separated by semicolons, for example: LI WEI, E12345678, China",
	}
	txtNoticeAskSanction = Msg{
		VI: "gõ hình thức xử phạt, ví dụ: phạt 15000000, trục xuất (hoặc thu hồi GP, hoặc nội dung khác).",
		EN: "type the sanction, for example: phạt 15000000, trục xuất (or thu hồi GP, or any other text).",
	}
	txtNoticeAskExtra = Msg{
		VI: "thông báo sẽ gửi tới: %s. Gõ mã cơ quan nhận thêm (cách nhau bằng dấu phẩy, ví dụ: %s), hoặc bấm «Không thêm».",
		EN: "the notice goes to: %s. Type the codes of more recipients (comma-separated, e.g. %s), or press «No one else».",
	}
	txtNoticeNoExtraButton = Msg{VI: "Không thêm", EN: "No one else"}
	txtNoticeAskFile       = Msg{
		VI: "gửi tệp quyết định xử phạt (PDF hoặc ảnh); thông báo được gửi ngay khi nhận được tệp.",
		EN: "send the decision file (PDF or photo); the notice goes out as soon as the file arrives.",
	}
	txtNoticeWizText = Msg{VI: "Bot đang chờ câu trả lời cho câu hỏi:\n%s\n(Gõ /cancel để hủy.)", EN: "The bot is waiting for the answer to:\n%s\n(/cancel to stop.)"}
	txtNoticeWizKind = Msg{VI: "Không có loại vi phạm «%s». Hãy bấm một nút, hoặc gõ một trong các mã: %s.", EN: "There is no violation kind «%s». Press a button, or type one of: %s."}
)

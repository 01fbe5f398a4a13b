package handlers

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
	"github.com/bacgiang/fwbot/xlsx"
)

// maxTargetsFile bounds the targets file the bot downloads and parses.
const maxTargetsFile = 2 << 20

// Conversation flows of inspection answers (after a button).
const (
	flowInspJoin    = "insp_join"
	flowInspDecline = "insp_decline"
)

var (
	txtInspCmdUsage = Msg{
		VI: "Cú pháp:\n• gửi tệp .xlsx/.csv danh sách doanh nghiệp kèm chú thích /inspection new annual|thematic <cơ quan phối hợp,…> <tên kế hoạch>\n• /inspection template — tệp mẫu\n• /inspection <số> — xem kế hoạch\n• /inspection join <số> <người tham gia> · /inspection decline <số> <lý do>\n• /inspection result <số> <thứ tự DN> ok | violations <số NLĐ> <mô tả> (kèm biên bản)\n• /inspection postpone <số> <thứ tự DN> <dd/mm/yyyy> <lý do>\n• /inspections [năm] — danh sách",
		EN: "Usage:\n• send an .xlsx/.csv list of employers captioned /inspection new annual|thematic <members,…> <plan title>\n• /inspection template — the template\n• /inspection <n> — see a plan\n• /inspection join <n> <people> · /inspection decline <n> <reason>\n• /inspection result <n> <employer #> ok | violations <workers> <what> (minutes attached)\n• /inspection postpone <n> <employer #> <dd/mm/yyyy> <reason>\n• /inspections [year] — the list",
	}
	txtInspNeedFile = Msg{
		VI: "Hãy gửi tệp danh sách doanh nghiệp (.xlsx hoặc .csv, theo mẫu /inspection template) kèm chú thích lệnh này.",
		EN: "Send the employers file (.xlsx or .csv, as /inspection template) with this command as its caption.",
	}
	txtInspBadFile = Msg{
		VI: "Không đọc được tệp «%s»: chỉ nhận .xlsx hoặc .csv, tối đa 2 MB, theo mẫu /inspection template.",
		EN: "Cannot read «%s»: only .xlsx or .csv up to 2 MB, as /inspection template.",
	}
	txtInspBadRows = Msg{
		VI: "Chưa tạo kế hoạch: tệp có lỗi, hãy sửa rồi gửi lại.\n%s",
		EN: "No plan was made: the file has errors; fix them and send it again.\n%s",
	}
	txtInspCreated = Msg{
		VI: "Đã ban hành kế hoạch kiểm tra số %d «%s» với %d doanh nghiệp. Đã gửi đến: %s. Xem: /inspection %d",
		EN: "Inspection plan %d «%s» issued with %d employers. Sent to: %s. See: /inspection %d",
	}
	txtInspSentNowhere = Msg{VI: "chưa gửi được: chưa có nhóm hoặc cán bộ", EN: "not delivered: no group or officer yet"}
	txtInspAnswered    = Msg{VI: "Đã ghi nhận trả lời của cơ quan bạn cho kế hoạch kiểm tra số %d.", EN: "Your agency's answer to inspection plan %d is recorded."}
	txtInspResultDone  = Msg{VI: "Đã ghi kết quả kiểm tra doanh nghiệp thứ %d của kế hoạch số %d (%s).", EN: "Result recorded for employer %d of plan %d (%s)."}
	txtInspPostponed   = Msg{VI: "Đã hoãn kiểm tra doanh nghiệp thứ %d của kế hoạch số %d sang ngày %s.", EN: "Employer %d of plan %d postponed to %s."}
	txtInspAskJoin     = Msg{VI: "Kế hoạch kiểm tra số %d: hãy trả lời tin nhắn này bằng họ tên, chức vụ người tham gia đoàn kiểm tra.", EN: "Inspection plan %d: reply to this message with the names and titles of your people on the team."}
	txtInspAskDecline  = Msg{VI: "Kế hoạch kiểm tra số %d: hãy trả lời tin nhắn này bằng lý do không tham gia (bắt buộc).", EN: "Inspection plan %d: reply to this message with the reason your agency does not take part (required)."}
	txtInspView        = Msg{
		VI: "%s\n\nTrạng thái: %s\nTrả lời của cơ quan phối hợp:\n%s\nKết quả:\n%s",
		EN: "%s\n\nState: %s\nMembers' answers:\n%s\nResults:\n%s",
	}
	txtInspListEmpty   = Msg{VI: "Năm %d chưa có kế hoạch kiểm tra nào của cơ quan bạn.", EN: "No inspection plan of your agency in %d."}
	txtInspListHead    = Msg{VI: "Kế hoạch kiểm tra năm %d:", EN: "Inspection plans of %d:"}
	txtInspListLine    = Msg{VI: "#%d %s «%s» — %s, %d/%d doanh nghiệp đã kiểm tra, %d vi phạm", EN: "#%d %s «%s» — %s, %d/%d employers inspected, %d with violations"}
	txtInspPlanned     = Msg{VI: "chưa kiểm tra", EN: "not yet inspected"}
	txtInspOK          = Msg{VI: "chấp hành đúng quy định", EN: "compliant"}
	txtInspOfferNotice = Msg{
		VI: "\nKhi đã có quyết định xử phạt, bấm «Lập thông báo xử lý vi phạm» (hoặc gõ /notice new %d %d trong chat riêng) để gửi thông báo kết quả xử lý vi phạm (Điều 5.1), đã điền sẵn doanh nghiệp và hành vi vi phạm.",
		EN: "\nOnce a sanction is decided, press «Make the violation notice» (or type /notice new %d %d in the private chat) to send the notice of its handling result (Art. 5.1), with the employer and the violation filled in.",
	}
	txtInspNoticeButton = Msg{VI: "Lập thông báo xử lý vi phạm", EN: "Make the violation notice"}
	txtInspNoticeLink   = Msg{VI: " → thông báo #%d (QĐ số %s)", EN: " → notice #%d (decision %s)"}
	txtInspBad          = Msg{VI: "vi phạm: %d NLĐ — %s", EN: "violations: %d workers — %s"}
	txtInspTemplate     = Msg{VI: "Mẫu danh sách doanh nghiệp cần kiểm tra. Điền mỗi dòng một doanh nghiệp rồi gửi lại kèm chú thích /inspection new annual <mã cơ quan phối hợp> <tên kế hoạch>", EN: "Template of the employers to inspect. One employer a row, then send it back captioned /inspection new annual <member agencies> <plan title>"}
	txtInspGuide        = Msg{
		VI: "Cột A: tên doanh nghiệp (bắt buộc)\nCột B: mã số thuế, 10 hoặc 13 chữ số (bắt buộc)\nCột C: địa chỉ (bắt buộc)\nCột D: khu công nghiệp (nếu có)\nCột E: ngày dự kiến kiểm tra, dd/mm/yyyy (bắt buộc)",
		EN: "Column A: employer name (required)\nColumn B: tax code, 10 or 13 digits (required)\nColumn C: address (required)\nColumn D: industrial zone (if any)\nColumn E: planned date, dd/mm/yyyy (required)",
	}
)

// inspectionCmd routes "/inspection …" by its first word.
func (h *Handlers) inspectionCmd(ctx context.Context, c *bot.Context) error {
	fields := strings.Fields(c.Args)
	if len(fields) == 0 {
		return refuse(txtInspCmdUsage)
	}
	if n, ok := parseNumber(fields[0]); ok && len(fields) == 1 {
		return h.showInspection(ctx, c, n)
	}
	rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(c.Args), fields[0]))
	switch strings.ToLower(fields[0]) {
	case "new":
		return h.newInspection(ctx, c, rest)
	case "template":
		return h.inspectionTemplate(ctx, c)
	case "join", "decline":
		answer := coord.AnswerJoin
		if strings.ToLower(fields[0]) == "decline" {
			answer = coord.AnswerDecline
		}
		n, text, ok := splitNumber(rest)
		if !ok {
			return refuse(txtInspCmdUsage)
		}
		return h.answerInspection(ctx, c, n, answer, text)
	case "result":
		return h.inspectionResult(ctx, c, rest)
	case "postpone":
		return h.inspectionPostpone(ctx, c, rest)
	}
	return refuse(txtInspCmdUsage)
}

// splitNumber splits "12 rest".
func splitNumber(s string) (int64, string, bool) {
	head, rest, _ := strings.Cut(strings.TrimSpace(s), " ")
	n, ok := parseNumber(head)
	return n, strings.TrimSpace(rest), ok
}

func (h *Handlers) newInspection(ctx context.Context, c *bot.Context, args string) error {
	fields := strings.Fields(args)
	if len(fields) == 0 && c.Chat.Private() && len(c.Files) == 0 {
		return h.startInspectionWizard(ctx, c)
	}
	if len(fields) < 3 {
		return refuse(txtInspCmdUsage)
	}
	kind := coord.InspectionKind(strings.ToLower(fields[0]))
	if !kind.Valid() {
		return refuse(txtInspCmdUsage)
	}
	members := strings.Split(strings.ToLower(fields[1]), ",")
	for i := range members {
		members[i] = strings.TrimSpace(members[i])
	}
	title := strings.TrimSpace(strings.SplitN(args, fields[1], 2)[1])
	return h.inspectionFromFile(ctx, c, kind, members, title)
}

// inspectionFromFile makes the plan from the message's targets file: the
// end of both the one-message form and the wizard.
func (h *Handlers) inspectionFromFile(ctx context.Context, c *bot.Context, kind coord.InspectionKind, members []string, title string) error {
	if len(c.Files) != 1 || c.Files[0].Photo {
		return refuse(txtInspNeedFile)
	}
	f := c.Files[0]
	ext := strings.ToLower(path.Ext(f.Name))
	if (ext != ".xlsx" && ext != ".csv") || f.Size > maxTargetsFile {
		return refuse(txtInspBadFile, f.Name)
	}
	// Downloaded before the update's transaction (see bot.Context.Download):
	// the plan must not exist without its targets, and the database writer
	// must not wait on Telegram.
	data, err := c.Download(f.FileID, maxTargetsFile)
	switch {
	case errors.Is(err, bot.ErrFileTooBig), errors.Is(err, bot.ErrNoDownloads):
		return refuse(txtInspBadFile, f.Name)
	case err != nil:
		return fmt.Errorf("targets file: %w", err)
	}
	today := h.today(c.Now)
	var targets []coord.InspectionTarget
	var problems []work.TargetProblem
	if ext == ".csv" {
		targets, problems = work.ParseTargetsCSV(data, today)
	} else {
		rows, err := xlsx.ReadRows(data, work.MaxTargetRows, 10)
		if err != nil {
			return refuse(txtInspBadFile, f.Name)
		}
		targets, problems = work.ParseTargets(rows, today)
	}
	lang := c.Lang()
	if len(problems) > 0 {
		var lines []string
		for i, p := range problems {
			if i == 40 {
				lines = append(lines, fmt.Sprintf("… (+%d)", len(problems)-40))
				break
			}
			lines = append(lines, p.In(lang))
		}
		return refuse(txtInspBadRows, strings.Join(lines, "\n"))
	}
	res, err := h.Work.CreateInspection(ctx, c.Tx, actor(c), c.Now, work.NewInspection{Kind: kind, Title: title, Members: members, Targets: targets})
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	var sent []string
	for _, m := range res.Plan.Members {
		how := txtInspSentNowhere.In(lang)
		if res.Reached[m.Agency] > 0 {
			how = strconv.Itoa(res.Reached[m.Agency]) + " chat"
		}
		sent = append(sent, h.agencyLabel(m.Agency, lang)+" ("+how+")")
	}
	p := res.Plan
	return c.Reply(ctx, txtInspCreated.In(lang, p.ID, p.Title, len(p.Targets), strings.Join(sent, ", "), p.ID))
}

func (h *Handlers) inspectionTemplate(ctx context.Context, c *bot.Context) error {
	if h.Exports == nil {
		return exportsUnavailable(c)
	}
	lang := c.Lang()
	var cols []coord.Column
	for _, m := range work.TargetColumns {
		cols = append(cols, coord.Column{Header: m.In(lang), Width: 28})
	}
	sample := []coord.Cell{coord.TextCell("Công ty TNHH ABC"), coord.TextCell("0101234567"), coord.TextCell("Số 1 đường Lê Lợi, phường Trung tâm"),
		coord.TextCell("KCN Quang Châu"), coord.TextCell(h.today(c.Now).AddDays(30).VN())}
	var guide [][]coord.Cell
	for _, line := range strings.Split(txtInspGuide.In(lang), "\n") {
		guide = append(guide, []coord.Cell{coord.TextCell(line)})
	}
	path, err := h.Exports.Save(ctx, []coord.Sheet{
		{Name: "Doanh nghiệp", Columns: cols, Rows: [][]coord.Cell{sample}},
		{Name: "Hướng dẫn", Columns: []coord.Column{{Header: "Hướng dẫn", Width: 80}}, Rows: guide},
	})
	if err != nil {
		return err
	}
	return c.Send(ctx, coord.OutMessage{Kind: coord.OutUpload, ChatID: c.Chat.ID, Text: txtInspTemplate.In(lang),
		Upload: &coord.LocalFile{Path: path, Name: "mau-doi-tuong-kiem-tra.xlsx"}})
}

func (h *Handlers) answerInspection(ctx context.Context, c *bot.Context, n int64, answer coord.MemberAnswer, text string) error {
	res, err := h.Work.Answer(ctx, c.Tx, actor(c), c.Now, n, answer, text)
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	return c.Reply(ctx, txtInspAnswered.In(c.Lang(), n))
}

// "/inspection result 3 2 ok" or "… violations 4 mô tả", minutes attached.
func (h *Handlers) inspectionResult(ctx context.Context, c *bot.Context, args string) error {
	f := strings.Fields(args)
	usage := func() error {
		n, t := int64(0), 0
		if len(f) > 0 {
			n, _ = parseNumber(f[0])
		}
		if len(f) > 1 {
			t, _ = strconv.Atoi(f[1])
		}
		return refuse(work.TxtInspResultUsage, n, t, n, t)
	}
	if len(f) < 3 {
		return usage()
	}
	n, ok := parseNumber(f[0])
	t, err := strconv.Atoi(f[1])
	if !ok || err != nil {
		return usage()
	}
	in := work.TargetResult{Plan: n, Target: t, Files: fileRefs(c.Files)}
	if err := h.checkFiles(c.Files); err != nil {
		return err
	}
	switch strings.ToLower(f[2]) {
	case "ok":
	case "violations", "vipham":
		if len(f) < 5 {
			return usage()
		}
		workers, err := strconv.Atoi(f[3])
		if err != nil || workers < 0 {
			return usage()
		}
		in.Violations, in.Workers = true, workers
		in.Finding = strings.TrimSpace(strings.SplitN(args, f[3], 2)[1])
	default:
		return usage()
	}
	res, err := h.Work.RecordResult(ctx, c.Tx, actor(c), c.Now, in)
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	lang := c.Lang()
	text := txtInspResultDone.In(lang, t, n, targetResult(res.Plan.Targets[t-1], lang))
	if v := res.Violation; v != nil {
		// A violation offers the notice of its handling result (Điều 5.1),
		// pre-filled from the target and linked to the plan.
		text += txtInspOfferNotice.In(lang, v.Plan, v.Target)
		return c.Reply(ctx, text, []coord.Button{{Text: txtInspNoticeButton.In(lang),
			Data: cbNoticeFromTarget + strconv.FormatInt(v.Plan, 10) + ":" + strconv.Itoa(v.Target)}})
	}
	return c.Reply(ctx, text)
}

func (h *Handlers) inspectionPostpone(ctx context.Context, c *bot.Context, args string) error {
	f := strings.Fields(args)
	if len(f) < 4 {
		return refuse(txtInspCmdUsage)
	}
	n, ok := parseNumber(f[0])
	t, err := strconv.Atoi(f[1])
	day, dok := work.ParseDayVN(f[2])
	if !ok || err != nil || !dok {
		return refuse(txtInspCmdUsage)
	}
	reason := strings.TrimSpace(strings.SplitN(args, f[2], 2)[1])
	res, err := h.Work.Postpone(ctx, c.Tx, actor(c), c.Now, n, t, day, reason)
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	return c.Reply(ctx, txtInspPostponed.In(c.Lang(), t, n, day.VN()))
}

func targetResult(t coord.InspectionTarget, lang coord.Lang) string {
	switch {
	case t.State != coord.TargetDone:
		return txtInspPlanned.In(lang)
	case t.Violations:
		return txtInspBad.In(lang, t.Workers, t.Finding)
	}
	return txtInspOK.In(lang)
}

func (h *Handlers) showInspection(ctx context.Context, c *bot.Context, n int64) error {
	seen, err := h.Work.SeeInspection(ctx, c.Tx, actor(c), n)
	if err != nil {
		return err
	}
	lang := c.Lang()
	p := seen.Plan
	var answers, results []string
	for _, m := range p.Members {
		answers = append(answers, "• "+h.agencyLabel(m.Agency, lang)+": "+texts.InspectionAnswerText(m, lang))
	}
	for i, t := range p.Targets {
		line := fmt.Sprintf("%d. %s — %s", i+1, t.Employer, targetResult(t, lang))
		for _, nt := range seen.Notices {
			if nt.PlanTarget == i+1 {
				line += txtInspNoticeLink.In(lang, nt.ID, nt.DecisionNo)
			}
		}
		results = append(results, line)
	}
	text := txtInspView.In(lang, texts.InspectionCard(h.Catalogue, p, lang), texts.InspStateNames[p.State].In(lang),
		strings.Join(answers, "\n"), strings.Join(results, "\n"))
	return c.Reply(ctx, truncate(text, 4000))
}

// inspectionsCmd: "/inspections [year]".
func (h *Handlers) inspectionsCmd(ctx context.Context, c *bot.Context) error {
	year := h.today(c.Now).Year
	if a := strings.TrimSpace(c.Args); a != "" {
		y, err := strconv.Atoi(a)
		if err != nil || len(a) != 4 {
			return refuse(txtInspCmdUsage)
		}
		year = y
	}
	ps, err := h.Work.ListInspections(ctx, c.Tx, actor(c), year)
	if err != nil {
		return err
	}
	lang := c.Lang()
	if len(ps) == 0 {
		return c.Reply(ctx, txtInspListEmpty.In(lang, year))
	}
	lines := []string{txtInspListHead.In(lang, year)}
	for _, p := range ps {
		done, bad := p.Tally()
		lines = append(lines, txtInspListLine.In(lang, p.ID, texts.InspKindName(h.Catalogue, p.Kind, lang), p.Title,
			texts.InspStateNames[p.State].In(lang), done, len(p.Targets), bad))
	}
	return c.Reply(ctx, truncate(strings.Join(lines, "\n"), 4000))
}

// inspJoinButton and inspDeclineButton ask for the names or the reason
// with a ForceReply; the reply records the answer.
func (h *Handlers) inspJoinButton(ctx context.Context, c *bot.Context) error {
	return h.inspPrompt(ctx, c, work.CbInspJoin, flowInspJoin, txtInspAskJoin)
}

func (h *Handlers) inspDeclineButton(ctx context.Context, c *bot.Context) error {
	return h.inspPrompt(ctx, c, work.CbInspDecline, flowInspDecline, txtInspAskDecline)
}

func (h *Handlers) inspPrompt(ctx context.Context, c *bot.Context, prefix, flow string, prompt Msg) error {
	num, agency, _ := strings.Cut(strings.TrimPrefix(c.Callback.Data, prefix), ":")
	agency = h.Catalogue.Current(agency) // a button sent before the agency was renamed
	n, ok := parseNumber(num)
	if !ok || agency == "" {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	if err := h.Work.CanAnswer(ctx, c.Tx, actor(c), n, agency); err != nil {
		return err
	}
	return askReply(ctx, c, n, flow, prompt, coord.InspectionRef(n))
}

// inspReply handles the message that follows a join or decline prompt; an
// empty decline is refused and the prompt stays.
func (h *Handlers) inspReply(ctx context.Context, c *bot.Context, conv conversation) error {
	answer := coord.AnswerJoin
	if conv.Flow == flowInspDecline {
		answer = coord.AnswerDecline
	}
	if err := h.answerInspection(ctx, c, conv.Request, answer, c.Text); err != nil {
		return err
	}
	c.ClearConversation()
	return nil
}

// The /inspection new wizard: kind (buttons), members, title, then the
// targets file. The state is the conversation in Redis, as for the other
// wizards; /cancel ends it.
const (
	flowInspNew   = "insp_new"
	cbInspWizKind = "inw:k:"

	stepInspKind    = "kind"
	stepInspMembers = "members"
	stepInspTitle   = "title"
	stepInspFile    = "file"
)

var (
	txtInspWizKind    = Msg{VI: "Lập kế hoạch kiểm tra (bước 1/4): chọn loại kiểm tra. Gõ /cancel để hủy.", EN: "New inspection plan (step 1/4): choose the kind. /cancel to stop."}
	txtInspWizMembers = Msg{
		VI: "Bước 2/4: gõ mã các cơ quan phối hợp, cách nhau bởi dấu phẩy (ví dụ: %s).",
		EN: "Step 2/4: type the member agencies' codes, comma-separated (e.g. %s).",
	}
	txtInspWizTitle = Msg{VI: "Bước 3/4: gõ tên kế hoạch kiểm tra.", EN: "Step 3/4: type the plan's title."}
	txtInspWizFile  = Msg{
		VI: "Bước 4/4: gửi tệp danh sách doanh nghiệp (.xlsx hoặc .csv, theo mẫu /inspection template).",
		EN: "Step 4/4: send the employers file (.xlsx or .csv, as /inspection template).",
	}
	txtBtnAnnual   = Msg{VI: "Liên ngành hằng năm (6.5)", EN: "Annual interagency (6.5)"}
	txtBtnThematic = Msg{VI: "Chuyên đề (5.2)", EN: "Thematic (5.2)"}
)

func (h *Handlers) startInspectionWizard(ctx context.Context, c *bot.Context) error {
	if err := c.SaveConversation(conversation{Flow: flowInspNew, Step: stepInspKind}); err != nil {
		return err
	}
	lang := c.Lang()
	return c.Reply(ctx, txtInspWizKind.In(lang), []coord.Button{
		{Text: txtBtnAnnual.In(lang), Data: cbInspWizKind + string(coord.InspAnnual)},
		{Text: txtBtnThematic.In(lang), Data: cbInspWizKind + string(coord.InspThematic)}})
}

func (h *Handlers) inspWizKindButton(ctx context.Context, c *bot.Context) error {
	var conv conversation
	ok, err := c.Conversation(&conv)
	if err != nil {
		return err
	}
	kind := coord.InspectionKind(strings.TrimPrefix(c.Callback.Data, cbInspWizKind))
	if !ok || conv.Flow != flowInspNew || conv.Step != stepInspKind || !kind.Valid() {
		return refuse(texts.TxtFlowExpired)
	}
	conv.Type, conv.Step = string(kind), stepInspMembers
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	if err := c.ClearButtons(ctx); err != nil {
		return err
	}
	return c.Reply(ctx, txtInspWizMembers.In(c.Lang(), texts.Examples(h.Catalogue, 2, ",")))
}

// inspWizardStep takes the members, the title, then the file.
func (h *Handlers) inspWizardStep(ctx context.Context, c *bot.Context, conv conversation) error {
	text := strings.TrimSpace(c.Text)
	switch conv.Step {
	case stepInspMembers:
		var members []string
		for _, m := range strings.Split(strings.ToLower(text), ",") {
			m = strings.TrimSpace(m)
			if m == "" {
				continue
			}
			if _, ok := h.Catalogue.Agency(m); !ok {
				return refuse(txtUnknownAgency, m, codesList(h.agencyCodes()))
			}
			members = append(members, m)
		}
		if len(members) == 0 {
			return refuse(txtInspWizMembers, texts.Examples(h.Catalogue, 2, ","))
		}
		conv.Targets, conv.Step = members, stepInspTitle
		if err := c.SaveConversation(conv); err != nil {
			return err
		}
		return c.Reply(ctx, txtInspWizTitle.In(c.Lang()))
	case stepInspTitle:
		if text == "" {
			return refuse(txtInspWizTitle)
		}
		conv.Subject, conv.Step = text, stepInspFile
		if err := c.SaveConversation(conv); err != nil {
			return err
		}
		return c.Reply(ctx, txtInspWizFile.In(c.Lang()))
	case stepInspFile:
		if err := h.inspectionFromFile(ctx, c, coord.InspectionKind(conv.Type), conv.Targets, conv.Subject); err != nil {
			return err
		}
		c.ClearConversation()
		return nil
	}
	c.ClearConversation()
	return refuse(texts.TxtFlowExpired)
}

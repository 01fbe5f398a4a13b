package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

// Conversation flows of trainings: the wizard, and the reason of a
// co-organiser's decline (after the button).
const (
	flowTrainNew     = "train_new"
	flowTrainDecline = "train_decline"
)

var (
	txtTrainBadDay = Msg{
		VI: "Không hiểu ngày «%s». Hãy viết ngày dd/mm/yyyy, ví dụ: /training 15/04/2027 Tập huấn pháp luật lao động cho doanh nghiệp",
		EN: "Cannot read the day «%s». Write it as dd/mm/yyyy, e.g. /training 15/04/2027 Labour law training for employers",
	}
	txtTrainBadAudience = Msg{
		VI: "Không hiểu đối tượng «%s». Hãy chọn một hoặc nhiều, cách nhau bởi dấu phẩy: doanh nghiệp, người lao động nước ngoài, cán bộ.",
		EN: "Cannot read the audience «%s». Choose one or more, comma-separated: employers, foreign workers, officers.",
	}
	txtTrainBadCount = Msg{
		VI: "Không hiểu số người «%s». Hãy viết một số, ví dụ: Số người: 120",
		EN: "Cannot read the number of attendees «%s». Write a number, e.g. Attendees: 120",
	}
	txtTrainBadLine = Msg{
		VI: "Không hiểu dòng «%s». Các dòng sau dòng đầu là: «Đối tượng: …», «Số người: …», «Phối hợp: …» (và «Cơ quan tổ chức: …» cho kế hoạch giao cơ quan khác).",
		EN: "Cannot read the line «%s». The lines after the first are: «Audience: …», «Attendees: …», «Co-organisers: …» (and «Organiser: …» for a plan item given to another agency).",
	}
	txtTrainRecorded  = Msg{VI: "Đã ghi nhận hoạt động %s «%s» (%s): %s.", EN: "Activity %s «%s» (%s) recorded: %s."}
	txtTrainHeldState = Msg{VI: "đã tổ chức, %d người tham dự", EN: "held, %d attendees"}
	txtTrainPlanState = Msg{
		VI: "kế hoạch — cơ quan tổ chức được nhắc lúc 08:00 ngày làm việc trước đó; sau ngày tổ chức, hãy ghi kết quả: /training %d held <số người>",
		EN: "planned — the organiser is reminded at 08:00 the working day before; afterwards record the result: /training %d held <attendees>",
	}
	txtTrainSentTo     = Msg{VI: "\nĐã mời phối hợp: %s.", EN: "\nCo-organisers asked: %s."}
	txtTrainNowhere    = Msg{VI: "chưa gửi được: chưa có nhóm hoặc cán bộ", EN: "not delivered: no group or officer yet"}
	txtTrainSee        = Msg{VI: "\nXem: /training %d", EN: "\nSee: /training %d"}
	txtTrainAnsweredMe = Msg{VI: "Đã ghi nhận trả lời của cơ quan bạn cho hoạt động %s.", EN: "Your agency's answer to activity %s is recorded."}
	txtTrainJoinedMe   = Msg{VI: "Đã ghi nhận: cơ quan bạn tham gia phối hợp hoạt động %s.", EN: "Recorded: your agency takes part in activity %s."}
	txtTrainHeldMe     = Msg{VI: "Đã ghi nhận hoạt động %s đã tổ chức, %d người tham dự.", EN: "Activity %s recorded as held, %d attendees."}
	txtTrainCancelMe   = Msg{VI: "Đã hủy hoạt động %s.", EN: "Activity %s cancelled."}
	txtTrainAskDecline = Msg{
		VI: "Hoạt động T-%d: hãy trả lời tin nhắn này bằng lý do cơ quan không tham gia phối hợp (bắt buộc).",
		EN: "Activity T-%d: reply to this message with the reason your agency does not take part (required).",
	}
	txtTrainBadYear   = Msg{VI: "Năm «%s» không đúng. Hãy gõ, ví dụ: %s %d", EN: "«%s» is not a year. Type, for example: %s %d"}
	txtTrainingsNone  = Msg{VI: "Không có hoạt động tuyên truyền, tập huấn nào của cơ quan bạn trong năm %d. Ghi nhận: /training", EN: "No dissemination or training activities of your agency in %d. Record one: /training"}
	txtTrainingsHead  = Msg{VI: "Hoạt động tuyên truyền, phổ biến pháp luật, tập huấn năm %d (%d):", EN: "Dissemination and training activities of %d (%d):"}
	txtTrainPlanNone  = Msg{VI: "Chưa có hoạt động nào trong kế hoạch năm %d. Mỗi hoạt động dự kiến ghi một lần: /training <ngày sắp tới> <tên hoạt động>, với «Cơ quan tổ chức: …» nếu giao cơ quan khác.", EN: "Nothing planned for %d yet. Record each planned activity: /training <day ahead> <title>, with «Organiser: …» to give it to another agency."}
	txtTrainPlanHead  = Msg{VI: "🗓 Kế hoạch tuyên truyền, phổ biến pháp luật, tập huấn năm %d (Điều 6.2) — %d hoạt động:", EN: "🗓 Dissemination and training plan of %d (Art. 6.2) — %d activities:"}
	txtTrainingsLine  = Msg{VI: "\n%s · %s · «%s» · %s · %s", EN: "\n%s · %s · «%s» · %s · %s"}
	txtTrainLineCount = Msg{VI: " (%d người)", EN: " (%d attendees)"}
)

// trainingCmd routes "/training …": a number and a verb, "plan", or a new
// record (one line and its further lines, or the wizard).
func (h *Handlers) trainingCmd(ctx context.Context, c *bot.Context) error {
	args := strings.TrimSpace(c.Args)
	first, more, _ := strings.Cut(args, "\n")
	f := strings.Fields(first)
	if len(f) == 0 {
		if c.Chat.Private() && len(c.Files) == 0 && strings.TrimSpace(more) == "" {
			return h.startTrainingWizard(ctx, c)
		}
		return refuse(work.TxtTrainUsage, texts.Examples(h.Catalogue, 2, ", "))
	}
	if strings.EqualFold(f[0], "plan") {
		return h.trainingList(ctx, c, f[1:], true)
	}
	n, ok := work.ParseTrainingNumber(f[0])
	if !ok {
		return h.newTraining(ctx, c, first, more)
	}
	if len(f) == 1 {
		if strings.TrimSpace(more) != "" || len(c.Files) > 0 {
			return refuse(work.TxtTrainUsage, texts.Examples(h.Catalogue, 2, ", "))
		}
		return h.showTraining(ctx, c, n)
	}
	rest := strings.TrimSpace(strings.TrimSpace(args[strings.Index(args, f[1])+len(f[1]):]))
	switch strings.ToLower(f[1]) {
	case "held":
		return h.trainingHeld(ctx, c, n, f[2:])
	case "join":
		return h.answerTraining(ctx, c, n, coord.AnswerJoin, "")
	case "decline":
		return h.answerTraining(ctx, c, n, coord.AnswerDecline, rest)
	case "cancel":
		return h.cancelTraining(ctx, c, n, rest)
	}
	return refuse(work.TxtTrainUsage, texts.Examples(h.Catalogue, 2, ", "))
}

// parseCount reads "120" or "120 người".
func parseCount(s string) (int, bool) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return 0, false
	}
	n, err := strconv.Atoi(strings.ReplaceAll(strings.ReplaceAll(f[0], ".", ""), ",", ""))
	return n, err == nil && n >= 0
}

// parseAgencyList reads "a, b" (agency codes); "-" or "không" is none.
func parseAgencyList(s string) []string {
	if t := work.Fold(strings.TrimSpace(s)); t == "-" || t == "khong" || t == "none" {
		return nil
	}
	var out []string
	for _, code := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		if code = strings.TrimSpace(code); code != "" {
			out = append(out, code)
		}
	}
	return out
}

// newTraining: "/training 15/04/2027 Tập huấn …", then the lines
// "Đối tượng: …", "Số người: …", "Phối hợp: …", "Cơ quan tổ chức: …"; the
// message's files are the materials.
func (h *Handlers) newTraining(ctx context.Context, c *bot.Context, first, more string) error {
	f := strings.Fields(first)
	d, ok := work.ParseDayVN(f[0])
	if !ok {
		return refuse(txtTrainBadDay, f[0])
	}
	in := work.NewTraining{Day: d, Title: strings.TrimSpace(first[strings.Index(first, f[0])+len(f[0]):]), Files: fileRefs(c.Files)}
	for _, line := range strings.Split(more, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		key, value, found := strings.Cut(line, ":")
		if !found {
			return refuse(txtTrainBadLine, line)
		}
		value = strings.TrimSpace(value)
		switch strings.Join(strings.Fields(work.Fold(key)), " ") {
		case "doi tuong", "audience", "audiences":
			aud, bad := work.ParseAudiences(value)
			if bad != "" {
				return refuse(txtTrainBadAudience, bad)
			}
			in.Audiences = append(in.Audiences, aud...)
		case "so nguoi", "so nguoi tham du", "so nguoi du kien", "attendees":
			n, ok := parseCount(value)
			if !ok {
				return refuse(txtTrainBadCount, value)
			}
			in.Attendees = n
		case "phoi hop", "co quan phoi hop", "co-organisers", "co-organizers", "co-organiser", "co-organizer":
			in.CoOrganisers = append(in.CoOrganisers, parseAgencyList(value)...)
		case "co quan to chuc", "to chuc", "organiser", "organizer":
			in.Organiser = value
		default:
			return refuse(txtTrainBadLine, line)
		}
	}
	return h.recordTraining(ctx, c, in)
}

// recordTraining creates the record, queues the invitations and tells the
// officer what was recorded: the end of both the one-message form and the
// wizard.
func (h *Handlers) recordTraining(ctx context.Context, c *bot.Context, in work.NewTraining) error {
	if err := h.checkFiles(c.Files); err != nil {
		return err
	}
	res, err := h.Work.CreateTraining(ctx, c.Tx, actor(c), c.Now, in)
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	lang := c.Lang()
	t := res.Training
	state := txtTrainPlanState.In(lang, t.ID)
	if t.State == coord.TrainingHeld {
		state = txtTrainHeldState.In(lang, t.Attendees)
	}
	text := txtTrainRecorded.In(lang, work.TrainingNumber(t.ID), t.Title, work.TrainingDay(t.Day, lang), state)
	if len(t.CoOrganisers) > 0 {
		var sent []string
		for _, v := range t.CoOrganisers {
			how := txtTrainNowhere.In(lang)
			if res.Reached[v.Agency] > 0 {
				how = strconv.Itoa(res.Reached[v.Agency]) + " chat"
			}
			sent = append(sent, h.agencyLabel(v.Agency, lang)+" ("+how+")")
		}
		text += txtTrainSentTo.In(lang, strings.Join(sent, ", "))
	}
	return c.Reply(ctx, truncate(text+txtTrainSee.In(lang, t.ID), 4000))
}

func (h *Handlers) showTraining(ctx context.Context, c *bot.Context, n int64) error {
	t, err := h.Work.SeeTraining(ctx, c.Tx, actor(c), n)
	if err != nil {
		return err
	}
	return c.Reply(ctx, h.Work.TrainingCard(t, c.Lang(), true))
}

// "/training 3 held 120", with more materials attached if any.
func (h *Handlers) trainingHeld(ctx context.Context, c *bot.Context, n int64, f []string) error {
	attendees, ok := parseCount(strings.Join(f, " "))
	if !ok {
		return refuse(work.TxtTrainHeldUsage, work.TrainingNumber(n), n)
	}
	if err := h.checkFiles(c.Files); err != nil {
		return err
	}
	res, err := h.Work.MarkTrainingHeld(ctx, c.Tx, actor(c), c.Now, n, attendees, fileRefs(c.Files))
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	return c.Reply(ctx, txtTrainHeldMe.In(c.Lang(), work.TrainingNumber(n), attendees))
}

func (h *Handlers) answerTraining(ctx context.Context, c *bot.Context, n int64, answer coord.MemberAnswer, reason string) error {
	res, err := h.Work.AnswerTraining(ctx, c.Tx, actor(c), c.Now, n, answer, reason)
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	return c.Reply(ctx, txtTrainAnsweredMe.In(c.Lang(), work.TrainingNumber(n)))
}

func (h *Handlers) cancelTraining(ctx context.Context, c *bot.Context, n int64, reason string) error {
	res, err := h.Work.CancelTraining(ctx, c.Tx, actor(c), c.Now, n, reason)
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	return c.Reply(ctx, txtTrainCancelMe.In(c.Lang(), work.TrainingNumber(n)))
}

// trainingsCmd: "/trainings [năm]", the activities of the agency (every
// agency's for the coordinator and admins).
func (h *Handlers) trainingsCmd(ctx context.Context, c *bot.Context) error {
	return h.trainingList(ctx, c, strings.Fields(c.Args), false)
}

// trainingList lists the year's activities the actor sees; plan keeps
// those recorded ahead of their day (the plan, Điều 6.2).
func (h *Handlers) trainingList(ctx context.Context, c *bot.Context, args []string, plan bool) error {
	lang := c.Lang()
	year := h.today(c.Now).Year
	if len(args) > 0 {
		y, err := strconv.Atoi(args[0])
		if err != nil || len(args[0]) != 4 || len(args) > 1 {
			cmd := "/trainings"
			if plan {
				cmd = "/training plan"
			}
			return refuse(txtTrainBadYear, strings.Join(args, " "), cmd, year)
		}
		year = y
	}
	all, err := h.Work.ListTrainings(ctx, c.Tx, actor(c), year)
	if err != nil {
		return err
	}
	var ts []coord.Training
	for _, t := range all {
		if !plan || t.Planned(h.Calendar.Location) {
			ts = append(ts, t)
		}
	}
	if len(ts) == 0 {
		if plan {
			return c.Reply(ctx, txtTrainPlanNone.In(lang, year))
		}
		return c.Reply(ctx, txtTrainingsNone.In(lang, year))
	}
	var b strings.Builder
	if plan {
		fmt.Fprint(&b, txtTrainPlanHead.In(lang, year, len(ts)))
	} else {
		fmt.Fprint(&b, txtTrainingsHead.In(lang, year, len(ts)))
	}
	for _, t := range ts {
		state := h.Work.TrainingStateText(t, c.Now, lang)
		if t.State == coord.TrainingHeld {
			state += txtTrainLineCount.In(lang, t.Attendees)
		}
		fmt.Fprint(&b, txtTrainingsLine.In(lang, work.TrainingNumber(t.ID), t.Day.VN(), t.Title, h.agencyLabel(t.Organiser, lang), state))
	}
	return c.Reply(ctx, truncate(b.String(), 4000))
}

// trainingButtonID reads the number of a training button's data.
func trainingButtonID(c *bot.Context, prefix string) (int64, error) {
	n, ok := work.ParseTrainingNumber(strings.TrimPrefix(c.Callback.Data, prefix))
	if !ok {
		return 0, &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	return n, nil
}

// trainJoinButton records that the presser's agency takes part.
func (h *Handlers) trainJoinButton(ctx context.Context, c *bot.Context) error {
	n, err := trainingButtonID(c, work.CbTrainJoin)
	if err != nil {
		return err
	}
	res, err := h.Work.AnswerTraining(ctx, c.Tx, actor(c), c.Now, n, coord.AnswerJoin, "")
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	return c.Answer(ctx, txtTrainJoinedMe.In(c.Lang(), work.TrainingNumber(n)), false)
}

// trainDeclineButton asks for the reason with a ForceReply; the reply
// records the decline.
func (h *Handlers) trainDeclineButton(ctx context.Context, c *bot.Context) error {
	n, err := trainingButtonID(c, work.CbTrainDecline)
	if err != nil {
		return err
	}
	if err := h.Work.CanAnswerTraining(ctx, c.Tx, actor(c), n); err != nil {
		return err
	}
	return askReply(ctx, c, n, flowTrainDecline, txtTrainAskDecline, coord.TrainingRef(n))
}

// trainDeclineReply handles the message that follows the decline prompt;
// an empty reason is refused and the prompt stays.
func (h *Handlers) trainDeclineReply(ctx context.Context, c *bot.Context, conv conversation) error {
	if err := h.answerTraining(ctx, c, conv.Request, coord.AnswerDecline, c.Text); err != nil {
		var no *texts.Refusal
		if errors.As(err, &no) && no.Msg == work.TxtTrainDeclineNeedsReason {
			return err
		}
		c.ClearConversation()
		return err
	}
	c.ClearConversation()
	return nil
}

// The /training wizard, in the private chat: the day, the title, the
// audience, the attendance, the co-organisers, then the materials (files,
// or "-"). The state is the conversation in Redis, as for the other
// wizards; /cancel ends it.
const (
	stepTrainDay      = "day"
	stepTrainTitle    = "title"
	stepTrainAudience = "audience"
	stepTrainCount    = "count"
	stepTrainCo       = "co"
	stepTrainFiles    = "files"
)

var (
	txtTrainWizDay = Msg{
		VI: "Ghi nhận hoạt động tuyên truyền, phổ biến pháp luật, tập huấn (bước 1/6): gõ ngày tổ chức dd/mm/yyyy — ngày sắp tới là kế hoạch, hôm nay hoặc đã qua là đã tổ chức. Gõ /cancel để hủy.",
		EN: "New dissemination or training activity (step 1/6): type its day as dd/mm/yyyy — a day ahead is a plan, today or past is held. /cancel to stop.",
	}
	txtTrainWizTitle    = Msg{VI: "Bước 2/6: gõ tên (nội dung) hoạt động.", EN: "Step 2/6: type the activity's title."}
	txtTrainWizAudience = Msg{
		VI: "Bước 3/6: đối tượng — gõ một hoặc nhiều, cách nhau bởi dấu phẩy: 1 doanh nghiệp, 2 người lao động nước ngoài, 3 cán bộ (ví dụ: 1,2).",
		EN: "Step 3/6: the audience — one or more, comma-separated: 1 employers, 2 foreign workers, 3 officers (e.g. 1,2).",
	}
	txtTrainWizCountHeld = Msg{VI: "Bước 4/6: gõ số người tham dự.", EN: "Step 4/6: type the number of attendees."}
	txtTrainWizCountPlan = Msg{VI: "Bước 4/6: gõ số người dự kiến, hoặc - nếu chưa rõ.", EN: "Step 4/6: type the expected number of attendees, or - if not known."}
	txtTrainWizCo        = Msg{
		VI: "Bước 5/6: gõ mã các cơ quan phối hợp, cách nhau bởi dấu phẩy (ví dụ: %s), hoặc - nếu không có.",
		EN: "Step 5/6: type the co-organising agencies' codes, comma-separated (e.g. %s), or - for none.",
	}
	txtTrainWizFiles = Msg{
		VI: "Bước 6/6: gửi tệp tài liệu (tài liệu tuyên truyền, ảnh, danh sách người dự), hoặc gõ - nếu không có.",
		EN: "Step 6/6: send the materials (documents, photos, the list of attendees), or type - for none.",
	}
)

func (h *Handlers) startTrainingWizard(ctx context.Context, c *bot.Context) error {
	if err := c.SaveConversation(conversation{Flow: flowTrainNew, Step: stepTrainDay}); err != nil {
		return err
	}
	return c.Reply(ctx, txtTrainWizDay.In(c.Lang()))
}

// trainWizardStep takes each answer in turn; a bad one is refused and the
// step stays.
func (h *Handlers) trainWizardStep(ctx context.Context, c *bot.Context, conv conversation) error {
	text := strings.TrimSpace(c.Text)
	lang := c.Lang()
	next := func(step string, prompt Msg, args ...any) error {
		conv.Step = step
		if err := c.SaveConversation(conv); err != nil {
			return err
		}
		return c.Reply(ctx, prompt.In(lang, args...))
	}
	day, dayOK := coord.ParseDate(conv.Due)
	planned := dayOK == nil && h.today(c.Now).Before(day)
	switch conv.Step {
	case stepTrainDay:
		d, ok := work.ParseDayVN(text)
		if !ok {
			return refuse(txtTrainBadDay, text)
		}
		if err := h.Work.CheckTrainingDay(c.Now, d); err != nil {
			return err
		}
		conv.Due = d.String()
		return next(stepTrainTitle, txtTrainWizTitle)
	case stepTrainTitle:
		if text == "" {
			return refuse(txtTrainWizTitle)
		}
		conv.Subject = text
		return next(stepTrainAudience, txtTrainWizAudience)
	case stepTrainAudience:
		aud, bad := work.ParseAudiences(text)
		if bad != "" {
			return refuse(txtTrainBadAudience, bad)
		}
		if len(aud) == 0 {
			return refuse(txtTrainWizAudience)
		}
		conv.Type = ""
		for i, a := range aud {
			if i > 0 {
				conv.Type += ","
			}
			conv.Type += string(a)
		}
		if planned {
			return next(stepTrainCount, txtTrainWizCountPlan)
		}
		return next(stepTrainCount, txtTrainWizCountHeld)
	case stepTrainCount:
		n, ok := parseCount(text)
		switch {
		case planned && text == "-":
			n, ok = 0, true
		case !planned && ok && n == 0:
			ok = false
		}
		if !ok {
			return refuse(txtTrainBadCount, text)
		}
		conv.Note = strconv.Itoa(n)
		return next(stepTrainCo, txtTrainWizCo, texts.Examples(h.Catalogue, 2, ","))
	case stepTrainCo:
		codes := parseAgencyList(text)
		for _, code := range codes {
			if _, ok := h.Catalogue.Agency(code); !ok {
				return refuse(txtUnknownAgency, code, codesList(h.agencyCodes()))
			}
		}
		if len(codes) == 0 && text != "-" && work.Fold(text) != "khong" {
			return refuse(txtTrainWizCo, texts.Examples(h.Catalogue, 2, ","))
		}
		conv.Targets = codes
		return next(stepTrainFiles, txtTrainWizFiles)
	case stepTrainFiles:
		if text != "-" && len(c.Files) == 0 {
			return refuse(txtTrainWizFiles)
		}
		if dayOK != nil {
			c.ClearConversation()
			return refuse(texts.TxtFlowExpired)
		}
		n, _ := strconv.Atoi(conv.Note)
		aud, _ := work.ParseAudiences(conv.Type)
		in := work.NewTraining{Day: day, Title: conv.Subject, Audiences: aud, Attendees: n, CoOrganisers: conv.Targets, Files: fileRefs(c.Files)}
		if err := h.recordTraining(ctx, c, in); err != nil {
			return err
		}
		c.ClearConversation()
		return nil
	}
	c.ClearConversation()
	return refuse(texts.TxtFlowExpired)
}

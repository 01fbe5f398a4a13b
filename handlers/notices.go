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

// noticeCmd: "/notice <n>" shows a notice with who acknowledged it; a file
// captioned "/notice <loại> …" (ParseNotice) sends one; "/notice" alone
// says how.
func (h *Handlers) noticeCmd(ctx context.Context, c *bot.Context) error {
	args := strings.TrimSpace(c.Args)
	if args == "" {
		return c.Reply(ctx, txtNoticeUsage.In(c.Lang()))
	}
	if f := strings.Fields(args); strings.EqualFold(f[0], "new") {
		return h.noticeNew(ctx, c, strings.TrimSpace(args[len(f[0]):]))
	}
	if id, err := strconv.ParseInt(strings.TrimPrefix(args, "#"), 10, 64); err == nil {
		n, err := h.Work.SeeNotice(ctx, c.Tx, actor(c), id)
		if err != nil {
			return err
		}
		// Passport numbers are shown in the private chat and in the groups
		// of the notice's own agencies only.
		mask := !c.Chat.Private() && (c.Binding == nil || !n.VisibleTo(c.Binding.Code))
		return c.Reply(ctx, h.Work.NoticeCard(n, c.Lang(), work.NoticeView{Acks: true, MaskPassports: mask}))
	}
	in, err := ParseNotice(args)
	if err != nil {
		return err
	}
	if len(c.Files) == 0 {
		return refuse(txtNoticeNoFile)
	}
	if err := h.checkFiles(c.Files); err != nil {
		return err
	}
	for _, f := range c.Files {
		in.Files = append(in.Files, coord.FileRef{FileID: f.FileID, Photo: f.Photo, Name: f.Name})
	}
	return h.sendNotice(ctx, c, in)
}

// sendNotice creates the notice, queues its deliveries and gives the
// sender a receipt naming who got it.
func (h *Handlers) sendNotice(ctx context.Context, c *bot.Context, in work.NewNotice) error {
	lang := c.Lang()
	res, err := h.Work.CreateNotice(ctx, c.Tx, actor(c), c.Now, in)
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	var reached, nowhere []string
	for _, r := range res.Notice.Recipients {
		name := texts.AgencyName(h.Catalogue, r.Agency, lang)
		if r.Mode == coord.Unreachable {
			nowhere = append(nowhere, name)
			continue
		}
		reached = append(reached, name)
	}
	text := txtNoticeReceipt.In(lang, res.Notice.ID, res.Notice.DecisionNo, strings.Join(reached, "; "), res.Notice.ID)
	if len(nowhere) > 0 {
		text += txtNoticeUnreachable.In(lang, strings.Join(nowhere, ", "))
	}
	return c.Reply(ctx, text)
}

// noticesCmd: "/notices [năm]", the notices sent by or to my agency (all of
// them for admins).
func (h *Handlers) noticesCmd(ctx context.Context, c *bot.Context) error {
	lang := c.Lang()
	year := h.Calendar.Today(c.Now).Year
	if a := strings.TrimSpace(c.Args); a != "" {
		y, err := strconv.Atoi(a)
		if err != nil || y < 2000 || y > 2100 {
			return refuse(txtNoticesBadYear, a, year)
		}
		year = y
	}
	ns, err := h.Work.ListNotices(ctx, c.Tx, actor(c), year)
	if err != nil {
		return err
	}
	if len(ns) == 0 {
		return c.Reply(ctx, txtNoticesNone.In(lang, year))
	}
	var b strings.Builder
	fmt.Fprint(&b, txtNoticesHead.In(lang, year, len(ns)))
	for _, n := range ns {
		acked := 0
		for _, r := range n.Recipients {
			if r.AckedAt != nil {
				acked++
			}
		}
		fmt.Fprint(&b, txtNoticesLine.In(lang, n.ID, n.DecisionNo, n.DecisionDate.VN(), texts.AgencyName(h.Catalogue, n.From, lang),
			n.Employer.Name, acked, len(n.Recipients)))
	}
	return c.Reply(ctx, b.String())
}

// noticeAckButton records «Đã nhận» of a notice (work.AckNotice): only an
// officer of the recipient agency may, whatever chat the button is in.
func (h *Handlers) noticeAckButton(ctx context.Context, c *bot.Context) error {
	lang := c.Lang()
	id, err := strconv.ParseInt(strings.TrimPrefix(c.Callback.Data, work.CbNoticeAck), 10, 64)
	if err != nil {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	a := actor(c)
	res, err := h.Work.AckNotice(ctx, c.Tx, a, c.Now, id)
	switch {
	case coord.ErrorCode(err) == coord.ENotFound:
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	case err != nil:
		return err
	case res.Already:
		return c.Answer(ctx, txtAckAlready.In(lang, res.By, h.localTime(*res.Recipient.AckedAt)), true)
	}
	if err := c.SetButtons(ctx, [][]coord.Button{{{Text: txtAckedButton.In(lang, a.Name, h.localTime(c.Now)), Data: c.Callback.Data}}}); err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	return c.Answer(ctx, txtAckDone.In(lang), false)
}

var (
	txtNoticeNoFile = Msg{
		VI: "Hãy gửi kèm tệp quyết định xử phạt: đính kèm tệp (PDF, ảnh…) và viết lệnh /notice … vào phần chú thích của tệp.",
		EN: "Attach the decision: send the file (PDF, photo…) with the /notice … command as its caption.",
	}
	txtNoticeReceipt = Msg{
		VI: "Đã gửi thông báo #%d (QĐ số %s) tới: %s.\nXem ai đã nhận: /notice %d",
		EN: "Notice #%d (decision %s) sent to: %s.\nSee who acknowledged: /notice %d",
	}
	txtNoticeUnreachable = Msg{
		VI: "\n⚠️ Chưa gửi được tới %s: cơ quan chưa có nhóm liên kết và chưa có cán bộ ghi danh.",
		EN: "\n⚠️ Could not reach %s: no bound group and no enrolled officer yet.",
	}
	txtNoticesBadYear = Msg{VI: "Năm «%s» không đúng. Hãy gõ, ví dụ: /notices %d", EN: "«%s» is not a year. Type, for example: /notices %d"}
	txtNoticesNone    = Msg{VI: "Không có thông báo kết quả xử lý vi phạm nào trong năm %d.", EN: "No notices of violation-handling results in %d."}
	txtNoticesHead    = Msg{VI: "Thông báo kết quả xử lý vi phạm năm %d (%d):", EN: "Notices of violation-handling results in %d (%d):"}
	txtNoticesLine    = Msg{
		VI: "\n#%d · QĐ %s ngày %s · %s · %s · đã nhận %d/%d",
		EN: "\n#%d · decision %s of %s · %s · %s · acknowledged %d/%d",
	}
)

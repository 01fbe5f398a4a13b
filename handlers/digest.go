package handlers

import (
	"context"
	"errors"
	"strings"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
)

var (
	txtDigestUsage = Msg{
		VI: "Cú pháp: /digest [weekly|inputs|monthly] — tổng hợp tuần (mặc định), đầu vào báo cáo tổng hợp, hoặc kết quả tháng trước.",
		EN: "Usage: /digest [weekly|inputs|monthly] — the weekly digest (default), the inputs of consolidated reports, or last month's record.",
	}
	txtDigestPosted  = Msg{VI: "Đã gửi bản tổng hợp (%s) vào %d nhóm/cuộc trò chuyện.", EN: "Digest (%s) posted to %d chat(s)."}
	txtDigestNothing = Msg{
		VI: "Chưa có gì để tổng hợp: các báo cáo đầu vào gần nhất có hạn trước ngày bot bắt đầu theo dõi, nên không cơ quan nào bị coi là còn thiếu.",
		EN: "Nothing to digest: the latest input reports were due before the bot began tracking, so no agency counts as missing one.",
	}
	txtDigestNowhere = Msg{
		VI: "Chưa gửi được: chưa có nhóm nhận bản tổng hợp. Hãy liên kết nhóm phối hợp bằng /bindgroup coord (và nhóm của %s bằng /bindgroup %s).",
		EN: "Not posted: no group receives it yet. Bind the interagency group with /bindgroup coord (and that of %s with /bindgroup %s).",
	}
)

// digestCmd lets an admin post a digest now.
func (h *Handlers) digestCmd(ctx context.Context, c *bot.Context) error {
	kind := strings.ToLower(strings.TrimSpace(c.Args))
	if kind == "" {
		kind = coord.DigestWeekly
	}
	if kind != coord.DigestWeekly && kind != coord.DigestInputs && kind != coord.DigestMonthly {
		return refuse(txtDigestUsage)
	}
	if h.Digester == nil {
		return refuse(txtDigestNowhere, h.Catalogue.Coordinator().Name, h.Catalogue.Coordinator().Code)
	}
	chats, err := h.Digester.Digest(ctx, c.Tx, kind, c.Now)
	if errors.Is(err, coord.ErrNothingToDigest) {
		return refuse(txtDigestNothing)
	}
	if err != nil {
		return err
	}
	if len(chats) == 0 {
		return refuse(txtDigestNowhere, h.Catalogue.Coordinator().Name, h.Catalogue.Coordinator().Code)
	}
	if err := audit(ctx, c, "digest.post", "digest:"+kind, nil, map[string]any{"chats": chats}); err != nil {
		return err
	}
	// The digest may be posted in this very chat; say so only elsewhere.
	for _, chat := range chats {
		if chat == c.Chat.ID {
			return nil
		}
	}
	return c.Reply(ctx, txtDigestPosted.In(c.Lang(), kind, len(chats)))
}

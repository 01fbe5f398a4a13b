package handlers

import (
	"context"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/work"
)

// howReached names a delivery mode for a receipt; "" when unreachable.
func howReached(mode coord.DeliveryMode, n int, lang coord.Lang) string {
	switch mode {
	case coord.ToGroup:
		return txtViaGroup.In(lang)
	case coord.ToOfficers:
		return txtViaOfficers.In(lang, n)
	}
	return ""
}

// sendFiles queues the messages that re-send files to chat
// (work.FileMessages).
func sendFiles(c *bot.Context, ctx context.Context, chat int64, files []coord.FileRef, caption, ref string) error {
	return c.SendAll(ctx, work.FileMessages(chat, files, caption, ref))
}

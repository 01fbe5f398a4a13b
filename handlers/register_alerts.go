package handlers

import (
	"context"
	"errors"
	"strings"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

// The register's cross-check alerts: «Đã xử lý» closes one at once;
// «Không phải vi phạm» asks for the reason with a ForceReply. The use case
// checks, on the stored alert, that the presser's agency was told of it.

var (
	txtAlertDone    = Msg{VI: "Đã ghi nhận: cảnh báo #%d đã xử lý.", EN: "Noted: alert #%d dealt with."}
	txtAlertNotDone = Msg{VI: "Đã ghi nhận: cảnh báo #%d không phải vi phạm. Lý do: %s", EN: "Noted: alert #%d is not a violation. Reason: %s"}
)

// flowAlertReason is the ForceReply prompt of «Không phải vi phạm».
const flowAlertReason = "alert_reason"

// alertHandledButton is «Đã xử lý» ("ra:h:<n>").
func (h *Handlers) alertHandledButton(ctx context.Context, c *bot.Context) error {
	n, ok := parseNumber(strings.TrimPrefix(c.Callback.Data, work.CbAlertHandled))
	if !ok {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	res, err := h.Work.CloseAlert(ctx, c.Tx, actor(c), c.Now, n, coord.AlertHandled, "")
	if err != nil {
		return err
	}
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	return c.Answer(ctx, txtAlertDone.In(c.Lang(), n), false)
}

// alertNotViolationButton is «Không phải vi phạm» ("ra:n:<n>"): it asks
// for the reason once the use case agrees the presser may close it.
func (h *Handlers) alertNotViolationButton(ctx context.Context, c *bot.Context) error {
	n, ok := parseNumber(strings.TrimPrefix(c.Callback.Data, work.CbAlertNotViolation))
	if !ok {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	if _, err := h.Work.CanCloseAlert(ctx, c.Tx, actor(c), n); err != nil {
		return err
	}
	return ask(ctx, c, conversation{Flow: flowAlertReason, Request: n, Card: c.Callback.MessageID}, work.TxtAlertAskReason, coord.AlertRef(n))
}

// alertPromptLive reports whether the reason prompt still asks for
// something: the alert is still open (someone may have closed it).
func (h *Handlers) alertPromptLive(ctx context.Context, c *bot.Context, conv conversation) (bool, error) {
	_, err := h.Work.CanCloseAlert(ctx, c.Tx, actor(c), conv.Request)
	var no *texts.Refusal
	if errors.As(err, &no) {
		return false, nil
	}
	return err == nil, err
}

// alertReply takes the message after the prompt as the reason; an empty
// one is refused and the prompt stays.
func (h *Handlers) alertReply(ctx context.Context, c *bot.Context, conv conversation) error {
	res, err := h.Work.CloseAlert(ctx, c.Tx, actor(c), c.Now, conv.Request, coord.AlertNotViolation, c.Text)
	if err != nil {
		return err
	}
	c.ClearConversation()
	if err := c.SendAll(ctx, res.Messages); err != nil {
		return err
	}
	return c.Reply(ctx, txtAlertNotDone.In(c.Lang(), conv.Request, res.Alert.Reason))
}

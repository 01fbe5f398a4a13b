package handlers

import (
	"context"

	"github.com/bacgiang/fwbot/bot"
)

// findCmd: "/find <passport | tax code | name>", in the private chat only
// (the register is personal data: its rows are never posted in a group).
// The use case checks the lists the asker's agency may search and writes
// the search to the audit log.
func (h *Handlers) findCmd(ctx context.Context, c *bot.Context) error {
	res, err := h.Work.Find(ctx, c.Tx, actor(c), c.Now, c.Args)
	if err != nil {
		return err
	}
	return c.Reply(ctx, truncate(res.Text, 4000))
}

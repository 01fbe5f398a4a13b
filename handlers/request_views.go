package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// requestsCmd lists the agency's incoming and outgoing requests, open ones
// first; "/requests 12" shows one; admins may ask "/requests all".
func (h *Handlers) requestsCmd(ctx context.Context, c *bot.Context) error {
	args := strings.TrimSpace(c.Args)
	if n, ok := parseNumber(args); ok {
		return h.showRequest(ctx, c, n)
	}
	lang := c.Lang()
	today := h.today(c.Now)
	var b strings.Builder
	if args == "all" && c.User.Role.AtLeast(coord.RoleAdmin) {
		if !c.Chat.Private() {
			return refuse(txtRequestsAllPrivate, c.BotUsername)
		}
		all, err := c.Tx.Requests(ctx, coord.RequestFilter{States: coord.OpenStates})
		if err != nil {
			return fmt.Errorf("list requests: %w", err)
		}
		b.WriteString(txtRequestsAll.In(lang))
		h.writeRequestLines(&b, sortRequests(all), today, lang, 200)
		b.WriteString("\n\n" + txtRequestsFooter.In(lang))
		return c.Reply(ctx, b.String())
	}
	agency := c.User.Agency
	if !shownHere(c, agency) {
		return refuse(txtRequestsElsewhere, h.agencyLabel(agency, lang), c.BotUsername)
	}
	b.WriteString(txtRequestsHeader.In(lang, h.agencyLabel(agency, lang)))
	for _, part := range []struct {
		title Msg
		f     coord.RequestFilter
	}{{txtRequestsIncoming, coord.RequestFilter{To: agency}}, {txtRequestsOutgoing, coord.RequestFilter{From: agency}}} {
		list, err := c.Tx.Requests(ctx, part.f)
		if err != nil {
			return fmt.Errorf("list requests: %w", err)
		}
		b.WriteString("\n\n" + part.title.In(lang))
		h.writeRequestLines(&b, sortRequests(list), today, lang, 30)
	}
	b.WriteString("\n\n" + txtRequestsFooter.In(lang))
	return c.Reply(ctx, b.String())
}

// sortRequests puts open ones first (most urgent due first), then closed
// ones, newest first; list comes oldest first.
func sortRequests(list []coord.Request) []coord.Request {
	var open, closed []coord.Request
	for _, r := range list {
		if r.State.Closed() {
			closed = append(closed, r)
		} else {
			open = append(open, r)
		}
	}
	slices.SortStableFunc(open, func(a, b coord.Request) int {
		switch {
		case a.Due.Before(b.Due):
			return -1
		case b.Due.Before(a.Due):
			return 1
		}
		return 0
	})
	slices.Reverse(closed)
	return append(open, closed...)
}

func (h *Handlers) writeRequestLines(b *strings.Builder, list []coord.Request, today coord.Date, lang coord.Lang, max int) {
	if len(list) == 0 {
		b.WriteString("\n" + txtRequestsNone.In(lang))
		return
	}
	for i, r := range list {
		if i == max {
			break
		}
		overdue := ""
		if r.Overdue(today) {
			overdue = texts.TxtRequestOverdue.In(lang)
		}
		b.WriteString("\n" + txtRequestLine.In(lang, r.ID, texts.RequestStateNames[r.State].In(lang), r.From, r.To, r.Due.VN(), overdue, truncate(r.Subject, 80)))
	}
}

// shownHere reports whether a view about the affairs of agencies may be
// posted in this chat: a private chat (whose reader the caller authorised),
// or the group bound to one of those agencies. A request's history and
// files, or an agency's list of requests, never go into the shared
// coordination group or another agency's group because someone typed the
// command there.
func shownHere(c *bot.Context, agencies ...string) bool {
	if c.Chat.Private() {
		return true
	}
	return c.Binding != nil && slices.Contains(agencies, c.Binding.Code)
}

// showRequest prints one request and its history (work.See: either side,
// or an admin), with its files re-sent so the history is complete in the
// chat: only where the parties' affairs may be shown.
func (h *Handlers) showRequest(ctx context.Context, c *bot.Context, n int64) error {
	lang := c.Lang()
	seen, err := h.Work.See(ctx, c.Tx, actor(c), n)
	if err != nil {
		return err
	}
	r := seen.Request
	// The history and its files may be for the parties only: never into
	// the shared coordination group or a third agency's group.
	if !shownHere(c, r.From, r.To) {
		return refuse(txtRequestDetailsPrivate, r.ID, c.BotUsername)
	}
	var b strings.Builder
	b.WriteString(texts.RequestCard(h.Catalogue, r, h.today(c.Now), lang, false))
	b.WriteString("\n\n" + txtRequestHistory.In(lang))
	var files []coord.FileRef
	for _, ev := range seen.Events {
		who := txtSystemActor.In(lang)
		if ev.Actor != 0 {
			who = seen.Names[ev.Actor]
		}
		agency := ev.ActorAgency
		if agency == "" {
			agency = "—"
		}
		what := texts.RequestActionNames[ev.Action].In(lang)
		if ev.Text != "" && ev.Action != coord.ActCreate {
			what += ": " + ev.Text
		}
		if len(ev.Files) > 0 {
			what += txtHistoryFiles.In(lang, len(ev.Files))
		}
		b.WriteString("\n" + txtHistoryLine.In(lang, h.localTime(ev.At), h.agencyLabel(agency, lang), who, what))
		files = append(files, ev.Files...)
	}
	if len(files) > 0 {
		if err := sendFiles(c, ctx, c.Chat.ID, files, fmt.Sprintf("#%d", r.ID), coord.RequestRef(r.ID)); err != nil {
			return err
		}
	}
	var buttons [][]coord.Button
	if seen.Side == coord.Target {
		buttons = texts.CardButtons(r, lang)
	}
	return c.Send(ctx, coord.OutMessage{Kind: coord.OutText, ChatID: c.Chat.ID, Text: b.String(), Buttons: buttons, Ref: coord.RequestRef(r.ID)})
}

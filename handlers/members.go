package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
)

// Access that can be taken back: who is enrolled (/members), revoking a
// person (/revoke), changing a role (/role) and unbinding a group
// (/unbind). Revoking and unbinding ask first, with a card whose confirming
// button is tied to a conversation of the admin who asked; the press is
// authorised again on the server and every check is made again, against
// the records as they stand at the press.

// Callback data. The confirming buttons carry their target (a Telegram id,
// an agency code), which must match the asking admin's conversation in
// this chat: a card of an earlier question, or a forged one, is refused.
const (
	cbRevokeOK = "rv:ok:" // + Telegram id
	cbRevokeNo = "rv:no"
	cbUnbindOK = "ub:ok:" // + agency code or coord
	cbUnbindNo = "ub:no"
)

// Flows of the confirmation cards.
const (
	flowRevoke = "revoke"
	flowUnbind = "unbind"
	stepAsked  = "asked" // the card is shown; the next press decides
)

// accessConv is the conversation behind a confirmation card. It shares
// flow, step and agency with conversation, so the other wizards (and
// /cancel) read it as a flow of no concern to them.
type accessConv struct {
	Flow   string `json:"flow"`
	Step   string `json:"step"`
	Target int64  `json:"target,omitempty"` // revoke: the person
	Agency string `json:"agency,omitempty"` // unbind: the agency code or coord
	Chat   int64  `json:"chat,omitempty"`   // unbind: the group bound when asked
}

// membersCmd lists who is enrolled, with role, since when and language:
// a lead their own agency, an admin any agency, their own by default, or
// every agency with "all".
func (h *Handlers) membersCmd(ctx context.Context, c *bot.Context) error {
	lang := c.Lang()
	own := c.User.Agency
	admin := c.User.Role.AtLeast(coord.RoleAdmin)
	arg := strings.ToLower(strings.TrimSpace(c.Args))
	switch {
	case arg == "" || arg == own:
		return h.membersOf(ctx, c, []string{own}, false)
	case !admin:
		return refuse(txtMembersOther, h.agencyLabel(own, lang)+" ("+own+")")
	case arg == "all":
		codes := make([]string, 0, len(h.Catalogue.Agencies))
		for _, a := range h.Catalogue.Agencies {
			codes = append(codes, a.Code)
		}
		return h.membersOf(ctx, c, codes, true)
	}
	if _, ok := h.Catalogue.Agency(arg); !ok {
		return refuse(txtUnknownAgency, arg, codesList(append(h.agencyCodes(), "all")))
	}
	return h.membersOf(ctx, c, []string{arg}, false)
}

func (h *Handlers) membersOf(ctx context.Context, c *bot.Context, codes []string, all bool) error {
	lang := c.Lang()
	admin := c.User.Role.AtLeast(coord.RoleAdmin)
	var b strings.Builder
	var nobody []string
	people, agencies := 0, 0
	for _, code := range codes {
		users, err := c.Tx.UsersOf(ctx, code)
		if err != nil {
			return fmt.Errorf("list members of %s: %w", code, err)
		}
		label := h.agencyLabel(code, lang)
		if len(users) == 0 {
			if all {
				nobody = append(nobody, code)
				continue
			}
			b.WriteString(txtMembersNone.In(lang, label, code))
			if admin {
				b.WriteString("\n" + txtMembersInviteHint.In(lang, code))
			}
			continue
		}
		people += len(users)
		agencies++
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(txtMembersHeader.In(lang, label, code, len(users)))
		switch g, err := c.Tx.BindingOf(ctx, code); {
		case err == nil:
			b.WriteString("\n" + txtMembersGroup.In(lang, groupName(g, lang)))
		case coord.ErrorCode(err) == coord.ENotFound:
			b.WriteString("\n" + txtMembersNoGroup.In(lang))
		default:
			return fmt.Errorf("find group of %s: %w", code, err)
		}
		for _, u := range users {
			b.WriteString("\n" + h.memberLine(u, lang))
		}
	}
	text := b.String()
	if all {
		head := txtMembersAllHeader.In(lang, people, agencies)
		if len(nobody) > 0 {
			head += "\n" + txtMembersAllNobody.In(lang, codesList(nobody))
		}
		text = head + "\n\n" + text
	}
	if admin {
		text = strings.TrimRight(text, "\n") + "\n\n" + txtMembersAdminHint.In(lang)
	}
	return c.Reply(ctx, strings.TrimSpace(text))
}

// memberLine is "• Lan Nguyễn (@lan) — mã 201 — cán bộ — ghi danh từ
// 01/03/2027 — Tiếng Việt".
func (h *Handlers) memberLine(u coord.User, lang coord.Lang) string {
	handle := ""
	if u.Username != "" {
		handle = " (@" + u.Username + ")"
	}
	role := roleNames[u.Role].In(lang)
	if h.isBootstrapAdmin(u.TelegramID) {
		role += txtMemberBootstrap.In(lang)
	}
	return txtMemberLine.In(lang, personName(u, lang), handle, u.TelegramID, role, h.localDate(u.CreatedAt), langNames[u.Lang])
}

func personName(u coord.User, lang coord.Lang) string {
	if u.Name != "" {
		return u.Name
	}
	if u.Username != "" {
		return "@" + u.Username
	}
	return txtMemberNoName.In(lang)
}

func groupName(b coord.ChatBinding, lang coord.Lang) string {
	if b.Title != "" {
		return b.Title
	}
	return txtGroupNoTitle.In(lang, b.ChatID)
}

func (h *Handlers) localDate(t time.Time) string {
	return t.In(h.Calendar.Location).Format("02/01/2006")
}

// parseTelegramID reads a Telegram user id: a positive integer.
func parseTelegramID(s string) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return id, err == nil && id > 0
}

// enrolledPerson loads the person with Telegram id id, refusing one who
// never enrolled or whose access was revoked already.
func (h *Handlers) enrolledPerson(ctx context.Context, c *bot.Context, id int64) (coord.User, error) {
	u, err := c.Tx.User(ctx, id)
	switch {
	case coord.ErrorCode(err) == coord.ENotFound:
		return u, refuse(txtPersonUnknown, id)
	case err != nil:
		return u, fmt.Errorf("load user %d: %w", id, err)
	case !u.Enrolled():
		return u, refuse(txtPersonRevoked, personName(u, c.Lang()), id, h.localDate(*u.RevokedAt))
	}
	return u, nil
}

// revocable loads the person an admin asks to revoke, if that may be done:
// never oneself (an admin could lock the last door behind them) nor a
// bootstrap admin (EnsureAdmins would restore them at the next start).
func (h *Handlers) revocable(ctx context.Context, c *bot.Context, id int64) (coord.User, error) {
	switch {
	case id == c.From.ID:
		return coord.User{}, refuse(txtRevokeSelf)
	case h.isBootstrapAdmin(id):
		return coord.User{}, refuse(txtRevokeBootstrap, id, id)
	}
	return h.enrolledPerson(ctx, c, id)
}

// revokeCmd shows who would lose access, with a confirming button.
func (h *Handlers) revokeCmd(ctx context.Context, c *bot.Context) error {
	id, ok := parseTelegramID(c.Args)
	if !ok {
		return refuse(txtRevokeUsage)
	}
	u, err := h.revocable(ctx, c, id)
	if err != nil {
		return err
	}
	if err := c.SaveConversation(accessConv{Flow: flowRevoke, Step: stepAsked, Target: id}); err != nil {
		return err
	}
	lang := c.Lang()
	return c.Reply(ctx, txtRevokeConfirm.In(lang, personName(u, lang), id, h.agencyLabel(u.Agency, lang), u.Agency, roleNames[u.Role].In(lang)),
		[]coord.Button{{Text: txtRevokeYes.In(lang), Data: cbRevokeOK + strconv.FormatInt(id, 10)}, {Text: txtCancelButton.In(lang), Data: cbRevokeNo}})
}

// confirmation returns the presser's pending confirmation of flow in this
// chat, or refuses the press as expired.
func confirmation(c *bot.Context, flow string) (accessConv, error) {
	var conv accessConv
	ok, err := c.Conversation(&conv)
	if err != nil {
		return conv, err
	}
	if !ok || conv.Flow != flow || conv.Step != stepAsked {
		return conv, refuse(txtFlowExpired)
	}
	return conv, nil
}

// revokeButton revokes, once every check passes again: the router saw an
// admin; the card is this admin's latest question about this person; the
// person is still enrolled and still revocable.
func (h *Handlers) revokeButton(ctx context.Context, c *bot.Context) error {
	conv, err := confirmation(c, flowRevoke)
	if err != nil {
		return err
	}
	id, ok := parseTelegramID(strings.TrimPrefix(c.Callback.Data, cbRevokeOK))
	if !ok || id != conv.Target {
		return refuse(txtFlowExpired)
	}
	before, err := h.revocable(ctx, c, id)
	if err != nil {
		return err
	}
	u := before
	at := c.Now
	u.RevokedAt, u.UpdatedAt = &at, at
	if err := c.Tx.PutUser(ctx, u); err != nil {
		return fmt.Errorf("revoke user: %w", err)
	}
	if err := audit(ctx, c, "user.revoke", fmt.Sprintf("user:%d", id), before, u); err != nil {
		return err
	}
	c.ForgetConversations(id)
	c.ClearConversation()
	if err := c.Send(ctx, coord.OutMessage{Kind: coord.OutText, ChatID: id, Text: txtRevokedNotice.In(before.Lang, h.Catalogue.Coordinator().Name)}); err != nil {
		return err
	}
	lang := c.Lang()
	return c.Edit(ctx, txtRevokeDone.In(lang, personName(before, lang), id, roleNames[before.Role].In(lang), h.agencyLabel(before.Agency, lang)), nil)
}

// cancelButton answers a card's «Hủy»: the pending question of flow, if
// any, is dropped and the card loses its buttons. Nothing else changes: a
// «Hủy» on an older card also drops the newer question of the same kind,
// which fails safe (the admin asks again).
func (h *Handlers) cancelButton(flow string) bot.HandlerFunc {
	return func(ctx context.Context, c *bot.Context) error {
		var conv accessConv
		ok, err := c.Conversation(&conv)
		if err != nil {
			return err
		}
		if ok && conv.Flow == flow {
			c.ClearConversation()
		}
		if err := c.ClearButtons(ctx); err != nil {
			return err
		}
		return c.Answer(ctx, txtConfirmCancelled.In(c.Lang()), false)
	}
}

// roleCmd changes a person's role: "/role 123456789 lead".
func (h *Handlers) roleCmd(ctx context.Context, c *bot.Context) error {
	fields := strings.Fields(strings.ToLower(c.Args))
	if len(fields) != 2 {
		return refuse(txtRoleUsage)
	}
	id, ok := parseTelegramID(fields[0])
	if !ok {
		return refuse(txtRoleUsage)
	}
	role, ok := coord.ParseRole(fields[1])
	if !ok {
		return refuse(txtUnknownRole, fields[1])
	}
	if h.isBootstrapAdmin(id) {
		return refuse(txtRoleBootstrap, id)
	}
	before, err := h.enrolledPerson(ctx, c, id)
	if err != nil {
		return err
	}
	lang := c.Lang()
	if before.Role == role {
		return refuse(txtRoleSame, personName(before, lang), id, roleNames[role].In(lang))
	}
	if id == c.From.ID {
		return refuse(txtRoleSelf) // an admin's only change is down
	}
	u := before
	u.Role, u.UpdatedAt = role, c.Now
	if err := c.Tx.PutUser(ctx, u); err != nil {
		return fmt.Errorf("change role: %w", err)
	}
	if err := audit(ctx, c, "user.role", fmt.Sprintf("user:%d", id), map[string]any{"role": before.Role}, map[string]any{"role": role}); err != nil {
		return err
	}
	tl := u.Lang
	if err := c.Send(ctx, coord.OutMessage{Kind: coord.OutText, ChatID: id,
		Text: txtRoleNotice.In(tl, roleNames[role].In(tl), h.agencyLabel(u.Agency, tl), roleNames[before.Role].In(tl))}); err != nil {
		return err
	}
	return c.Reply(ctx, txtRoleDone.In(lang, personName(u, lang), id, h.agencyLabel(u.Agency, lang), roleNames[before.Role].In(lang), roleNames[role].In(lang)))
}

// unbindCmd asks to unbind the group it is sent in, or the group of an
// agency named anywhere: "/unbind", "/unbind <code>", "/unbind coord".
func (h *Handlers) unbindCmd(ctx context.Context, c *bot.Context) error {
	lang := c.Lang()
	code := strings.ToLower(strings.TrimSpace(c.Args))
	if code == "" {
		switch {
		case c.Chat.Private():
			return refuse(txtUnbindUsage, codesList(h.Catalogue.BindableCodes()))
		case c.Binding == nil:
			return refuse(txtUnbindNotBoundHere)
		}
		code = c.Binding.Code
	}
	if !h.bindable(code) {
		return refuse(txtUnbindUsage, codesList(h.Catalogue.BindableCodes()))
	}
	b, err := h.boundGroup(ctx, c, code)
	if err != nil {
		return err
	}
	if err := c.SaveConversation(accessConv{Flow: flowUnbind, Step: stepAsked, Agency: code, Chat: b.ChatID}); err != nil {
		return err
	}
	label := h.agencyLabel(code, lang)
	after := txtUnbindAfterAgency.In(lang, label, code)
	if code == coord.CoordGroup {
		after = txtUnbindAfterCoord.In(lang)
	}
	return c.Reply(ctx, txtUnbindConfirm.In(lang, groupName(b, lang), label, code, after),
		[]coord.Button{{Text: txtUnbindYes.In(lang), Data: cbUnbindOK + code}, {Text: txtCancelButton.In(lang), Data: cbUnbindNo}})
}

// boundGroup is the binding of code, or a refusal saying nothing is bound.
func (h *Handlers) boundGroup(ctx context.Context, c *bot.Context, code string) (coord.ChatBinding, error) {
	b, err := c.Tx.BindingOf(ctx, code)
	switch {
	case coord.ErrorCode(err) == coord.ENotFound:
		return b, refuse(txtUnbindNothing, h.agencyLabel(code, c.Lang()), code)
	case err != nil:
		return b, fmt.Errorf("find group of %s: %w", code, err)
	}
	return b, nil
}

// unbindButton unbinds, if the binding is still the one the card showed,
// and tells the group what happens now.
func (h *Handlers) unbindButton(ctx context.Context, c *bot.Context) error {
	conv, err := confirmation(c, flowUnbind)
	if err != nil {
		return err
	}
	code := strings.TrimPrefix(c.Callback.Data, cbUnbindOK)
	if code != conv.Agency || !h.bindable(code) {
		return refuse(txtFlowExpired)
	}
	lang := c.Lang()
	if b, err := h.boundGroup(ctx, c, code); err != nil {
		return err
	} else if b.ChatID != conv.Chat {
		return refuse(txtUnbindChanged, h.agencyLabel(code, lang), code)
	}
	b, err := c.Tx.Unbind(ctx, code)
	if err != nil {
		return fmt.Errorf("unbind %s: %w", code, err)
	}
	if err := audit(ctx, c, "chat.unbind", fmt.Sprintf("chat:%d", b.ChatID), b, nil); err != nil {
		return err
	}
	c.ClearConversation()
	vi := coord.LangVI
	now := txtUnboundNowAgency.In(vi, h.agencyLabel(code, vi))
	if code == coord.CoordGroup {
		now = txtUnboundNowCoord.In(vi)
	}
	notice := txtUnboundByAdmin.In(vi, h.agencyLabel(code, vi), code, now)
	if b.ChatID == c.Chat.ID {
		// Confirmed inside the group: the card becomes the notice.
		return c.Edit(ctx, notice, nil)
	}
	if err := c.Send(ctx, coord.OutMessage{Kind: coord.OutText, ChatID: b.ChatID, ThreadID: b.ThreadID, Text: notice}); err != nil {
		return err
	}
	return c.Edit(ctx, txtUnbindDone.In(lang, groupName(b, lang), h.agencyLabel(code, lang), code), nil)
}

package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

// Invite code attempts allowed per person and window.
const (
	inviteAttempts = 5
	inviteWindow   = 15 * time.Minute
)

// start greets, or enrols with an invite code (deep link /start <code>).
func (h *Handlers) start(ctx context.Context, c *bot.Context) error {
	code := strings.TrimSpace(c.Args)
	if code == "" {
		if c.User == nil {
			return c.Reply(ctx, h.strangerText(c.Lang(), c.From.ID))
		}
		return c.Reply(ctx, txtWelcomeBack.In(c.Lang(), displayName(c), roleNames[c.User.Role].In(c.Lang()), h.agencyLabel(c.User.Agency, c.Lang())))
	}
	if !c.Chat.Private() {
		return refuse(txtStartInGroup, c.BotUsername)
	}
	if c.Hits > inviteAttempts { // counted by the router's Limit (Register)
		return refuse(txtTooManyCodes, int(inviteWindow/time.Minute))
	}
	inv, err := c.Tx.InviteByHash(ctx, hashCode(code))
	switch {
	case coord.ErrorCode(err) == coord.ENotFound:
		return refuse(txtInviteInvalid)
	case err != nil:
		return fmt.Errorf("find invite: %w", err)
	case inv.UsedBy != nil:
		return refuse(txtInviteUsed)
	case !c.Now.Before(inv.ExpiresAt):
		return refuse(txtInviteExpired, h.localTime(inv.ExpiresAt))
	}
	// An invite is only as good as its issuer: one issued by an admin who
	// has since been revoked or demoted would let them (or anyone holding
	// it) back in.
	if ok, err := h.stillAdmin(ctx, c.Tx, inv.CreatedBy); err != nil {
		return err
	} else if !ok {
		return refuse(txtInviteIssuerGone)
	}
	if err := c.Tx.MarkInviteUsed(ctx, inv.ID, c.From.ID, c.Now); err != nil {
		if coord.ErrorCode(err) == coord.EConflict {
			return refuse(txtInviteUsed)
		}
		return fmt.Errorf("use invite: %w", err)
	}
	role := inv.Role
	if h.isBootstrapAdmin(c.From.ID) {
		role = coord.RoleAdmin
	}
	before := c.User
	u := coord.User{TelegramID: c.From.ID, Agency: inv.Agency, Role: role, Lang: coord.LangVI,
		Name: c.From.Name(), Username: c.From.Username, CreatedAt: c.Now, UpdatedAt: c.Now}
	if before != nil {
		u.Lang, u.CreatedAt = before.Lang, before.CreatedAt
	}
	// A revoked person is a stranger to the router, but their record is
	// kept: re-enrolling keeps their language, enrols them anew from now,
	// and the audit row shows what was there.
	var audited any = before
	if before == nil {
		switch old, err := c.Tx.User(ctx, c.From.ID); {
		case err == nil:
			u.Lang, audited = old.Lang, old
		case coord.ErrorCode(err) != coord.ENotFound:
			return fmt.Errorf("load revoked user: %w", err)
		}
	}
	if err := c.Tx.PutUser(ctx, u); err != nil {
		return fmt.Errorf("enrol user: %w", err)
	}
	// A wizard left from before a revoke (written back by an update that
	// raced it) must not resume in the new enrolment.
	c.ForgetConversations(c.From.ID)
	if err := audit(ctx, c, "user.enrol", fmt.Sprintf("user:%d", u.TelegramID), audited, map[string]any{"user": u, "invite": inv.ID}); err != nil {
		return err
	}
	c.User = &u
	lang := u.Lang
	if before != nil && (before.Agency != u.Agency || before.Role != u.Role) {
		return c.Reply(ctx, txtReEnrolled.In(lang, roleNames[u.Role].In(lang), h.agencyLabel(u.Agency, lang),
			roleNames[before.Role].In(lang), h.agencyLabel(before.Agency, lang)))
	}
	return c.Reply(ctx, txtEnrolled.In(lang, displayName(c), roleNames[u.Role].In(lang), h.agencyLabel(u.Agency, lang)))
}

// stillAdmin reports whether the person who issued an invite may still
// issue one: a bootstrap admin, or an enrolled admin.
func (h *Handlers) stillAdmin(ctx context.Context, tx coord.People, id int64) (bool, error) {
	if h.isBootstrapAdmin(id) {
		return true, nil
	}
	u, err := tx.User(ctx, id)
	switch {
	case coord.ErrorCode(err) == coord.ENotFound:
		return false, nil
	case err != nil:
		return false, fmt.Errorf("load the invite's issuer: %w", err)
	}
	return u.Enrolled() && u.Role.AtLeast(coord.RoleAdmin), nil
}

func displayName(c *bot.Context) string {
	if n := c.From.Name(); n != "" {
		return n
	}
	if c.From.Username != "" {
		return "@" + c.From.Username
	}
	return fmt.Sprint(c.From.ID)
}

// help lists what this person may do here, from the same table the router
// is built from.
func (h *Handlers) help(ctx context.Context, c *bot.Context) error {
	if c.User == nil {
		return c.Reply(ctx, h.strangerText(c.Lang(), c.From.ID))
	}
	lang := c.Lang()
	var b strings.Builder
	b.WriteString(txtHelpHeader.In(lang, roleNames[c.User.Role].In(lang), h.agencyLabel(c.User.Agency, lang)))
	for _, cmd := range h.commands() {
		visible := bot.Allows(c, cmd.access, cmd.where)
		if !visible && c.Chat.Private() && cmd.where == bot.GroupOnly && cmd.access == bot.Admin {
			// An admin's group command is shown in private too, so admins
			// know it exists.
			visible = c.User.Role.AtLeast(coord.RoleAdmin)
		}
		if !visible {
			continue
		}
		b.WriteString("\n/" + cmd.name)
		if cmd.args != "" {
			b.WriteString(" " + cmd.args)
		}
		b.WriteString(" — " + cmd.desc.In(lang))
	}
	if !c.Chat.Private() {
		b.WriteString("\n\n" + txtHelpGroupNote.In(lang))
	}
	return c.Reply(ctx, b.String())
}

func (h *Handlers) whoami(ctx context.Context, c *bot.Context) error {
	lang := c.Lang()
	u := c.User
	text := txtWhoami.In(lang, displayName(c), u.TelegramID, h.agencyLabel(u.Agency, lang), u.Agency,
		roleNames[u.Role].In(lang), langNames[lang])
	if !c.Chat.Private() {
		if c.Binding != nil {
			text += txtWhoamiGroupBound.In(lang, h.agencyLabel(c.Binding.Code, lang), c.Binding.Code)
			switch t := c.Binding.ThreadID; {
			case t != 0 && t == c.ThreadID:
				text += txtWhoamiTopicHere.In(lang)
			case t != 0:
				text += txtWhoamiTopicElsewhere.In(lang)
			}
		} else {
			text += txtWhoamiGroupUnbound.In(lang)
		}
	}
	return c.Reply(ctx, text)
}

// cancel ends any wizard of this person in this chat.
func (h *Handlers) cancel(ctx context.Context, c *bot.Context) error {
	var conv conversation
	ok, err := c.Conversation(&conv)
	if err != nil {
		return err
	}
	if !ok {
		return c.Reply(ctx, txtNothingToCancel.In(c.Lang()))
	}
	c.ClearConversation()
	return c.Reply(ctx, txtCancelled.In(c.Lang()))
}

// text handles a message that is not a command: the next step of a wizard,
// when there is one.
func (h *Handlers) text(ctx context.Context, c *bot.Context) error {
	var conv conversation
	ok, err := c.Conversation(&conv)
	if err != nil {
		return err
	}
	switch {
	case ok && conv.Flow == flowSubmit:
		return h.submitStep(ctx, c, conv)
	case ok && conv.Flow == flowRequest:
		return h.requestWizardStep(ctx, c, conv)
	case ok && conv.Flow == flowInspNew:
		return h.inspWizardStep(ctx, c, conv)
	case ok && conv.Flow == flowNotice:
		return h.noticeWizardStep(ctx, c, conv)
	case ok && (conv.Flow == flowInspJoin || conv.Flow == flowInspDecline):
		return h.inspReply(ctx, c, conv)
	case ok && conv.Flow == flowMeetNew:
		return h.meetWizardStep(ctx, c, conv)
	case ok && (conv.Flow == flowMeetAttend || conv.Flow == flowMeetDecline):
		return h.meetReply(ctx, c, conv)
	case ok && conv.Flow == flowBcNew:
		return h.bcWizardStep(ctx, c, conv)
	case ok && conv.Flow == flowTrainNew:
		return h.trainWizardStep(ctx, c, conv)
	case ok && conv.Flow == flowTrainDecline:
		return h.trainDeclineReply(ctx, c, conv)
	case ok && conv.Flow == flowFbNew:
		return h.fbWizardStep(ctx, c, conv)
	case ok && (conv.Flow == flowFbAnswer || conv.Flow == flowFbCompile):
		live, err := h.fbPromptLive(ctx, c, conv)
		if err != nil {
			return err
		}
		if live {
			return h.fbReply(ctx, c, conv)
		}
		c.ClearConversation() // dealt with meanwhile: the message is what it is
	case ok && conv.Flow == flowAlertReason:
		live, err := h.alertPromptLive(ctx, c, conv)
		if err != nil {
			return err
		}
		if live {
			return h.alertReply(ctx, c, conv)
		}
		c.ClearConversation() // closed meanwhile: the message is what it is
	case ok && (conv.Flow == flowDecline || conv.Flow == flowAnswer):
		live, err := h.promptLive(ctx, c, conv)
		if err != nil {
			return err
		}
		if live {
			return h.requestReply(ctx, c, conv)
		}
		// The prompt outlived what it asked for (its clear was lost, or
		// someone else declined meanwhile): forget it and take the message
		// for what it is.
		c.ClearConversation()
	}
	if handled, err := h.commentOnReply(ctx, c); handled || err != nil {
		return err
	}
	switch {
	case !c.Chat.Private():
		return nil // chatter in a group is not for the bot
	case len(c.Files) > 0:
		// A file sent without a command starts the submit wizard with it.
		if err := h.checkFiles(c.Files); err != nil {
			return err
		}
		return h.startSubmitWizard(ctx, c, toWizardFiles(c.Files))
	}
	return c.Reply(ctx, txtNotUnderstood.In(c.Lang()))
}

func (h *Handlers) lang(ctx context.Context, c *bot.Context) error {
	if c.Args == "" {
		return c.Reply(ctx, txtLangAsk.In(c.Lang()), []coord.Button{
			{Text: "Tiếng Việt", Data: cbLang + "vi"}, {Text: "English", Data: cbLang + "en"}})
	}
	l, ok := coord.ParseLang(strings.ToLower(c.Args))
	if !ok {
		return refuse(txtLangUsage)
	}
	return h.setLang(ctx, c, l)
}

func (h *Handlers) langButton(ctx context.Context, c *bot.Context) error {
	l, ok := coord.ParseLang(strings.TrimPrefix(c.Callback.Data, cbLang))
	if !ok {
		return &bot.Refusal{Reason: bot.RefusedStaleButton, Route: c.Callback.Data}
	}
	if err := h.setLang(ctx, c, l); err != nil {
		return err
	}
	return c.ClearButtons(ctx)
}

func (h *Handlers) setLang(ctx context.Context, c *bot.Context, l coord.Lang) error {
	before := *c.User
	u := before
	u.Lang, u.UpdatedAt = l, c.Now
	if err := c.Tx.PutUser(ctx, u); err != nil {
		return fmt.Errorf("set language: %w", err)
	}
	if err := audit(ctx, c, "user.lang", fmt.Sprintf("user:%d", u.TelegramID), map[string]any{"lang": before.Lang}, map[string]any{"lang": l}); err != nil {
		return err
	}
	c.User = &u
	return c.Reply(ctx, txtLangSet.In(l))
}

// bindGroup binds the group it is sent in: "/bindgroup <code>" or buttons.
func (h *Handlers) bindGroup(ctx context.Context, c *bot.Context) error {
	code := strings.ToLower(strings.TrimSpace(c.Args))
	if code == "" {
		return c.Reply(ctx, txtBindChoose.In(c.Lang()), h.agencyButtons(cbBind, true)...)
	}
	if !h.bindable(code) {
		return refuse(txtBindUsage, codesList(h.Catalogue.BindableCodes()))
	}
	return h.bind(ctx, c, code)
}

func (h *Handlers) bindButton(ctx context.Context, c *bot.Context) error {
	code := strings.TrimPrefix(c.Callback.Data, cbBind)
	if c.Chat.Private() || !h.bindable(code) {
		return refuse(txtFlowExpired)
	}
	if err := c.ClearButtons(ctx); err != nil {
		return err
	}
	return h.bind(ctx, c, code)
}

func (h *Handlers) bindable(code string) bool {
	if code == coord.CoordGroup {
		return true
	}
	_, ok := h.Catalogue.Agency(code)
	return ok
}

func (h *Handlers) bind(ctx context.Context, c *bot.Context, code string) error {
	// Sent in a forum topic, the binding keeps the topic: deliveries go
	// there (coord.OutMessage.ThreadID); from the general chat it is 0.
	b := coord.ChatBinding{ChatID: c.Chat.ID, Code: code, Title: c.Chat.Title, BoundBy: c.From.ID, BoundAt: c.Now,
		ThreadID: c.ThreadID}
	replaced, err := c.Tx.Bind(ctx, b)
	if err != nil {
		return fmt.Errorf("bind group: %w", err)
	}
	var before any
	if len(replaced) > 0 {
		before = replaced
	}
	if err := audit(ctx, c, "chat.bind", fmt.Sprintf("chat:%d", c.Chat.ID), before, b); err != nil {
		return err
	}
	for _, old := range replaced {
		if old.ChatID != c.Chat.ID {
			// The agency moved to this group: tell the old group.
			if err := c.Send(ctx, coord.OutMessage{Kind: coord.OutText, ChatID: old.ChatID, ThreadID: old.ThreadID,
				Text: txtUnboundMoved.In(coord.LangVI, h.agencyLabel(old.Code, coord.LangVI), old.Code)}); err != nil {
				return err
			}
		}
	}
	c.Binding = &b
	lang := c.Lang()
	label := h.agencyLabel(code, lang)
	text := txtBound.In(lang, label, code, label)
	if b.ThreadID != 0 {
		text += txtBoundTopic.In(lang, code)
	}
	return c.Reply(ctx, text)
}

// migrated keeps a group's binding when Telegram upgrades it to a
// supergroup, which gives it a new chat id; without this, reports and
// reminders would go to a chat that no longer exists.
func (h *Handlers) migrated(ctx context.Context, c *bot.Context) error {
	if c.Binding == nil {
		return nil
	}
	b := *c.Binding
	b.ChatID, b.BoundAt = c.MigratedTo, c.Now
	if _, err := c.Tx.Bind(ctx, b); err != nil {
		return fmt.Errorf("move binding: %w", err)
	}
	if err := audit(ctx, c, "chat.migrate", fmt.Sprintf("chat:%d", c.Chat.ID), c.Binding, b); err != nil {
		return err
	}
	return c.Send(ctx, coord.OutMessage{Kind: coord.OutText, ChatID: b.ChatID,
		Text: txtMigrated.In(coord.LangVI, h.agencyLabel(b.Code, coord.LangVI), b.Code)})
}

// removed handles the bot being removed from a group (work.GroupLost):
// the group is unbound, what was waiting for it goes to the agency's
// officers privately, submitters whose report was on its way are told
// where it went, and the admins are told. Nothing is said in the group,
// which no longer hears the bot.
func (h *Handlers) removed(ctx context.Context, c *bot.Context) error {
	a := work.Actor{ID: c.From.ID, Name: c.From.Name(), Chat: c.Chat.ID}
	if c.User != nil {
		a = actor(c)
	}
	res, err := h.Work.GroupLost(ctx, c.Tx, a, c.Now, work.LostChat{Chat: c.Chat.ID, Loss: coord.GroupRemovedBot,
		Reason: "my_chat_member: " + c.BotRemoved})
	if err != nil {
		return err
	}
	return c.SendAll(ctx, res.Messages)
}

// joined greets a group the bot was added to and says how to bind it.
func (h *Handlers) joined(ctx context.Context, c *bot.Context) error {
	if c.Binding != nil {
		return nil
	}
	return c.Reply(ctx, txtJoined.In(coord.LangVI, texts.InProvince(h.Catalogue, coord.LangVI)))
}

// agencyButtons lays the agencies out two per row; withCoord adds the
// coordination group.
func (h *Handlers) agencyButtons(prefix string, withCoord bool) [][]coord.Button {
	var rows [][]coord.Button
	var row []coord.Button
	add := func(text, code string) {
		row = append(row, coord.Button{Text: text, Data: prefix + code})
		if len(row) == 2 {
			rows = append(rows, row)
			row = nil
		}
	}
	for _, a := range h.Catalogue.Agencies {
		add(a.Name, a.Code)
	}
	if withCoord {
		add(txtCoordGroupName.In(coord.LangVI), coord.CoordGroup)
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

func (h *Handlers) agencyCodes() []string {
	out := make([]string, 0, len(h.Catalogue.Agencies))
	for _, a := range h.Catalogue.Agencies {
		out = append(out, a.Code)
	}
	return out
}

// EnsureAdmins makes every bootstrap admin (BOT_ADMIN_IDS) an admin of the
// coordinating agency, auditing each change. It runs once at start-up.
func (h *Handlers) EnsureAdmins(ctx context.Context, store coord.Store, now time.Time) error {
	coordinator := h.Catalogue.Coordinator().Code
	return store.Update(ctx, func(tx coord.Tx) error {
		for _, id := range h.AdminIDs {
			before, err := tx.User(ctx, id)
			exists := err == nil
			if err != nil && coord.ErrorCode(err) != coord.ENotFound {
				return fmt.Errorf("load admin %d: %w", id, err)
			}
			if exists && before.Role == coord.RoleAdmin && before.Enrolled() {
				continue
			}
			u := coord.User{TelegramID: id, Agency: coordinator, Role: coord.RoleAdmin, Lang: coord.LangVI, CreatedAt: now, UpdatedAt: now}
			var b any
			if exists {
				u.Agency, u.Lang, u.Name, u.Username, u.CreatedAt = before.Agency, before.Lang, before.Name, before.Username, before.CreatedAt
				b = before
			}
			if err := tx.PutUser(ctx, u); err != nil {
				return fmt.Errorf("bootstrap admin %d: %w", id, err)
			}
			if err := work.Audit(ctx, tx, work.Actor{}, now, "user.bootstrap_admin", fmt.Sprintf("user:%d", id), b, u); err != nil {
				return err
			}
		}
		return nil
	})
}

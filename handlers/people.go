package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
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
			return c.Reply(ctx, txtStranger.In(c.Lang(), c.From.ID))
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
		return c.Reply(ctx, txtStranger.In(c.Lang(), c.From.ID))
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

// invite issues a single-use enrolment code: "/invite yte officer", or a
// wizard with buttons when arguments are missing.
func (h *Handlers) invite(ctx context.Context, c *bot.Context) error {
	fields := strings.Fields(strings.ToLower(c.Args))
	if len(fields) == 0 {
		conv := conversation{Flow: flowInvite, Step: stepAgency}
		if err := c.SaveConversation(conv); err != nil {
			return err
		}
		return c.Reply(ctx, txtInviteChooseAgency.In(c.Lang()), h.agencyButtons(cbInviteAgency, false)...)
	}
	if len(fields) > 2 {
		return refuse(txtInviteUsage, codesList(h.agencyCodes()))
	}
	if _, ok := h.Catalogue.Agency(fields[0]); !ok {
		return refuse(txtUnknownAgency, fields[0], codesList(h.agencyCodes()))
	}
	role := coord.RoleOfficer
	if len(fields) == 2 {
		r, ok := coord.ParseRole(fields[1])
		if !ok {
			return refuse(txtUnknownRole, fields[1])
		}
		role = r
	}
	return h.issueInvite(ctx, c, fields[0], role)
}

// Steps of the invite wizard.
const (
	flowInvite = "invite"
	stepAgency = "agency"
	stepRole   = "role"
)

func (h *Handlers) inviteAgencyButton(ctx context.Context, c *bot.Context) error {
	conv, err := h.loadFlow(ctx, c, flowInvite, stepAgency)
	if err != nil {
		return err
	}
	code := strings.TrimPrefix(c.Callback.Data, cbInviteAgency)
	if _, known := h.Catalogue.Agency(code); !known {
		return refuse(txtFlowExpired)
	}
	conv.Step, conv.Agency, conv.Card = stepRole, code, c.Callback.MessageID
	if err := c.SaveConversation(conv); err != nil {
		return err
	}
	lang := c.Lang()
	var row []coord.Button
	for _, r := range []coord.Role{coord.RoleOfficer, coord.RoleLead, coord.RoleAdmin} {
		row = append(row, coord.Button{Text: roleNames[r].In(lang), Data: cbInviteRole + string(r)})
	}
	return c.Edit(ctx, txtInviteChooseRole.In(lang, h.agencyLabel(code, lang)), [][]coord.Button{row})
}

func (h *Handlers) inviteRoleButton(ctx context.Context, c *bot.Context) error {
	conv, err := h.loadFlow(ctx, c, flowInvite, stepRole)
	if err != nil {
		return err
	}
	role, valid := coord.ParseRole(strings.TrimPrefix(c.Callback.Data, cbInviteRole))
	if !valid || conv.Card != c.Callback.MessageID {
		return refuse(txtFlowExpired)
	}
	c.ClearConversation()
	if err := c.ClearButtons(ctx); err != nil {
		return err
	}
	return h.issueInvite(ctx, c, conv.Agency, role)
}

func (h *Handlers) issueInvite(ctx context.Context, c *bot.Context, agency string, role coord.Role) error {
	code, err := newCode(h.Random)
	if err != nil {
		return err
	}
	inv := coord.Invite{CodeHash: hashCode(code), Agency: agency, Role: role, CreatedBy: c.From.ID,
		CreatedAt: c.Now, ExpiresAt: c.Now.Add(h.InviteTTL)}
	if err := c.Tx.CreateInvite(ctx, &inv); err != nil {
		return fmt.Errorf("create invite: %w", err)
	}
	if err := audit(ctx, c, "invite.create", fmt.Sprintf("invite:%d", inv.ID), nil, inv); err != nil {
		return err
	}
	lang := c.Lang()
	link := "https://t.me/" + c.BotUsername + "?start=" + url.QueryEscape(code)
	// Secret: only the hash is stored in invites, so the outbox must not
	// keep the code either once the admin has it.
	return c.Send(ctx, coord.OutMessage{Kind: coord.OutText, ChatID: c.Chat.ID, Secret: true,
		Text: txtInviteCreated.In(lang, roleNames[role].In(lang), h.agencyLabel(agency, lang), agency,
			code, link, h.localTime(inv.ExpiresAt))})
}

// newCode returns 128 random bits as 22 URL-safe characters: valid as a
// Telegram deep-link parameter ([A-Za-z0-9_-], at most 64).
func newCode(r io.Reader) (string, error) {
	b := make([]byte, 16)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("invite code: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashCode is how invite codes are stored: only their SHA-256.
func hashCode(code string) string {
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])
}

func (h *Handlers) localTime(t time.Time) string {
	return t.In(h.Calendar.Location).Format("15:04 02/01/2006")
}

// bindGroup binds the group it is sent in: "/bindgroup yte" or buttons.
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
	b := coord.ChatBinding{ChatID: c.Chat.ID, Code: code, Title: c.Chat.Title, BoundBy: c.From.ID, BoundAt: c.Now}
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
			if err := c.Send(ctx, coord.OutMessage{Kind: coord.OutText, ChatID: old.ChatID,
				Text: txtUnboundMoved.In(coord.LangVI, h.agencyLabel(old.Code, coord.LangVI), old.Code)}); err != nil {
				return err
			}
		}
	}
	c.Binding = &b
	lang := c.Lang()
	label := h.agencyLabel(code, lang)
	return c.Reply(ctx, txtBound.In(lang, label, code, label))
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

// joined greets a group the bot was added to and says how to bind it.
func (h *Handlers) joined(ctx context.Context, c *bot.Context) error {
	if c.Binding != nil {
		return nil
	}
	return c.Reply(ctx, txtJoined.In(coord.LangVI))
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

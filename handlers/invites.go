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
	"github.com/bacgiang/fwbot/texts"
)

// invite issues a single-use enrolment code: "/invite <code> officer", or a
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
		return refuse(txtInviteUsage, texts.Examples(h.Catalogue, 1, ""), codesList(h.agencyCodes()))
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

package work

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// BroadcastsTx is what the broadcast use cases read and write.
type BroadcastsTx interface {
	coord.Broadcasts
	coord.Directory
	coord.AuditLog
}

// CbBroadcastRead is the callback data prefix of «Đã đọc»:
// "bc:r:12:<agency>", the broadcast and the agency whose chat the card went
// to. A press is authorised against the stored broadcast and the presser's
// own agency, whatever the data says.
const CbBroadcastRead = "bc:r:"

// BroadcastRemindAfterWorkingDays is when a target agency that has not
// read a broadcast is reminded, once: on the second working day after the
// day it was sent, as for a notice of violation-handling result.
const BroadcastRemindAfterWorkingDays = 2

// MaxBroadcastText is the longest text a broadcast carries, so that its
// card fits one Telegram message; longer documents go as files.
const MaxBroadcastText = 3500

// NewBroadcast is what the sender asks for.
type NewBroadcast struct {
	Title string
	Text  string
	Files []coord.FileRef
	// Targets are agency codes; All sends to every agency of the
	// catalogue but the sender's own (admins only).
	Targets []string
	All     bool
}

// BroadcastOut is the outcome of a broadcast use case.
type BroadcastOut struct {
	Out
	Broadcast coord.Broadcast
	// Reached counts, per target agency, the chats the broadcast went to.
	Reached map[string]int
}

// CanBroadcast refuses anyone but an admin or an agency's lead: only they
// send broadcasts.
func (s *Service) CanBroadcast(a Actor) error {
	if a.Admin() || a.Role == coord.RoleLead {
		return nil
	}
	return texts.Refuse(txtBcRoleOnly)
}

// CheckBroadcastTargets refuses targets the actor may not send to (the
// wizard checks them at their step).
func (s *Service) CheckBroadcastTargets(a Actor, in NewBroadcast) error {
	if err := s.CanBroadcast(a); err != nil {
		return err
	}
	_, err := s.broadcastTargets(a, in)
	return err
}

// broadcastTargets resolves what the sender named into target agencies:
// an admin sends to any agencies of the province, or all of them (but
// their own, which wrote it); a lead to their own agency only.
func (s *Service) broadcastTargets(a Actor, in NewBroadcast) ([]string, error) {
	own := texts.AgencyName(s.Catalogue, a.Agency, a.Lang)
	if !a.Admin() {
		if in.All {
			return nil, texts.Refuse(txtBcLeadOwnOnly, own, a.Agency)
		}
		for _, code := range in.Targets {
			if c := strings.ToLower(strings.TrimSpace(code)); c != "" && c != a.Agency {
				return nil, texts.Refuse(txtBcLeadOwnOnly, own, a.Agency)
			}
		}
	}
	codes := in.Targets
	if in.All {
		codes = nil
		for _, ag := range s.Catalogue.Agencies {
			if !ag.External() && ag.Code != coord.CoordGroup && ag.Code != a.Agency {
				codes = append(codes, ag.Code)
			}
		}
	}
	var out []string
	for _, code := range codes {
		code = strings.ToLower(strings.TrimSpace(code))
		if code == "" {
			continue
		}
		if ag, ok := s.Catalogue.Agency(code); !ok || ag.External() || code == coord.CoordGroup {
			return nil, texts.Refuse(txtBcUnknownAgency, code, texts.Examples(s.Catalogue, 2, ", "))
		}
		if !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	if len(out) == 0 {
		return nil, texts.Refuse(txtBcNoTargets)
	}
	return out, nil
}

// CreateBroadcast sends a broadcast (spec §10): each target agency's group
// (or, without one, each of its officers privately) gets the files, then
// the card with «Đã đọc». Who may send to whom is CanBroadcast and
// broadcastTargets.
func (s *Service) CreateBroadcast(ctx context.Context, tx BroadcastsTx, a Actor, now time.Time, in NewBroadcast) (BroadcastOut, error) {
	var res BroadcastOut
	if err := s.CanBroadcast(a); err != nil {
		return res, err
	}
	title, text := strings.TrimSpace(in.Title), strings.TrimSpace(in.Text)
	if title == "" {
		return res, texts.Refuse(TxtBcUsage)
	}
	if n := utf8.RuneCountInString(title) + utf8.RuneCountInString(text); n > MaxBroadcastText {
		return res, texts.Refuse(txtBcTooLong, n, MaxBroadcastText)
	}
	codes, err := s.broadcastTargets(a, in)
	if err != nil {
		return res, err
	}
	remindOn := s.Calendar.AddWorkingDays(s.Calendar.Today(now), BroadcastRemindAfterWorkingDays)
	b := coord.Broadcast{Title: title, Text: text, Files: in.Files, From: a.Agency, CreatedBy: a.ID, ChatID: a.Chat, CreatedAt: now}
	reached := make([][]coord.Recipient, len(codes))
	for i, code := range codes {
		rc, mode, err := coord.Reach(ctx, tx, code)
		if err != nil {
			return res, err
		}
		reached[i] = rc
		b.Targets = append(b.Targets, coord.BroadcastTarget{Agency: code, Mode: mode, RemindOn: remindOn})
	}
	if err := tx.CreateBroadcast(ctx, &b); err != nil {
		return res, fmt.Errorf("create broadcast: %w", err)
	}
	if err := Audit(ctx, tx, a, now, "broadcast.create", coord.BroadcastRef(b.ID), nil, map[string]any{
		"title": b.Title, "targets": codes, "files": len(b.Files), "remind_on": remindOn.String()}); err != nil {
		return res, err
	}
	res.Reached = map[string]int{}
	for i, t := range b.Targets {
		for _, r := range reached[i] {
			res.Messages = append(res.Messages, s.broadcastDelivery(b, t.Agency, r, "", true)...)
		}
		res.Reached[t.Agency] = len(reached[i])
	}
	res.Broadcast = b
	return res, nil
}

// broadcastDelivery is what one chat of a target agency gets: the files
// (when withFiles), then the card with «Đã đọc».
func (s *Service) broadcastDelivery(b coord.Broadcast, agency string, r coord.Recipient, head string, withFiles bool) []coord.OutMessage {
	var out []coord.OutMessage
	if withFiles {
		out = s.BroadcastFiles(b, r.ChatID, r.Lang)
	}
	return append(out, coord.OutMessage{Kind: coord.OutText, ChatID: r.ChatID, Ref: coord.BroadcastRef(b.ID),
		Text:    texts.Truncate(head+s.BroadcastCard(b, r.Lang)+txtBcAskRead.In(r.Lang), coord.MaxTextLen),
		Buttons: BroadcastButtons(b.ID, agency, r.Lang)})
}

// BroadcastButtons is «Đã đọc» of agency's card of broadcast id.
func BroadcastButtons(id int64, agency string, lang coord.Lang) [][]coord.Button {
	return [][]coord.Button{{{Text: txtBcBtnRead.In(lang), Data: fmt.Sprintf("%s%d:%s", CbBroadcastRead, id, agency)}}}
}

// BroadcastCard renders the broadcast itself: number, title, sender, time,
// text and how many files.
func (s *Service) BroadcastCard(b coord.Broadcast, lang coord.Lang) string {
	var sb strings.Builder
	fmt.Fprint(&sb, txtBcCard.In(lang, b.Number(), b.Title, texts.AgencyName(s.Catalogue, b.From, lang),
		texts.LocalTime(b.CreatedAt, s.Calendar.Location)))
	if b.Text != "" {
		fmt.Fprint(&sb, "\n\n"+b.Text)
	}
	if len(b.Files) > 0 {
		fmt.Fprint(&sb, txtBcFilesLine.In(lang, len(b.Files)))
	}
	return sb.String()
}

// BroadcastReceipts is the sender's view: the card, then which agencies
// have read it (by whom, when) and which have not (reminded or when they
// will be, or that nobody could be reached).
func (s *Service) BroadcastReceipts(ctx context.Context, tx coord.People, b coord.Broadcast, lang coord.Lang) string {
	var sb strings.Builder
	fmt.Fprint(&sb, s.BroadcastCard(b, lang))
	name := func(code string) string { return texts.AgencyName(s.Catalogue, code, lang) }
	var read, unread []coord.BroadcastTarget
	for _, t := range b.Targets {
		if t.ReadAt != nil {
			read = append(read, t)
		} else {
			unread = append(unread, t)
		}
	}
	fmt.Fprint(&sb, txtBcReadHead.In(lang, len(read), len(b.Targets)))
	for _, t := range read {
		fmt.Fprint(&sb, txtBcReadLine.In(lang, name(t.Agency), s.personName(ctx, tx, t.ReadBy), texts.LocalTime(*t.ReadAt, s.Calendar.Location)))
	}
	if len(unread) > 0 {
		fmt.Fprint(&sb, txtBcUnreadHead.In(lang, len(unread)))
	}
	for _, t := range unread {
		var state string
		switch {
		case t.RemindedAt != nil:
			state = txtBcReminded.In(lang, texts.LocalTime(*t.RemindedAt, s.Calendar.Location))
		case t.Mode == coord.Unreachable:
			state = txtBcUnreachable.In(lang, t.RemindOn.VN())
		default:
			state = txtBcRemindOn.In(lang, t.RemindOn.VN())
		}
		fmt.Fprint(&sb, txtBcUnreadLine.In(lang, name(t.Agency), state))
	}
	return texts.Truncate(sb.String(), coord.MaxTextLen)
}

// personName is the enrolled person's name, or their Telegram id.
func (s *Service) personName(ctx context.Context, tx coord.People, id *int64) string {
	if id == nil {
		return ""
	}
	if u, err := tx.User(ctx, *id); err == nil && u.Name != "" {
		return u.Name
	}
	return fmt.Sprint(*id)
}

// BroadcastView is what /broadcast <n> shows the actor.
type BroadcastView struct {
	Broadcast coord.Broadcast
	// Sender: the actor sees the receipts (BroadcastSender). Otherwise the
	// actor's agency is a target and sees the broadcast and its own
	// agency's receipt only.
	Sender bool
}

// SeeBroadcast returns broadcast id to its sender's side or to an officer
// of a target agency; anyone else is told it does not exist.
func (s *Service) SeeBroadcast(ctx context.Context, tx coord.Broadcasts, a Actor, id int64) (BroadcastView, error) {
	b, err := tx.Broadcast(ctx, id)
	if coord.ErrorCode(err) == coord.ENotFound {
		return BroadcastView{}, texts.Refuse(txtBcNotFound, coord.BroadcastNumber(id))
	}
	if err != nil {
		return BroadcastView{}, fmt.Errorf("load broadcast: %w", err)
	}
	v := BroadcastView{Broadcast: b, Sender: s.BroadcastSender(a, b)}
	if _, target := b.Target(a.Agency); !v.Sender && !target {
		return BroadcastView{}, texts.Refuse(txtBcNotFound, b.Number())
	}
	return v, nil
}

// BroadcastSender reports whether the actor sees broadcast b's receipts:
// an admin, the sender, or anyone of the sending agency (as for a
// notice's acknowledgements).
func (s *Service) BroadcastSender(a Actor, b coord.Broadcast) bool {
	return a.Admin() || (a.ID != 0 && a.ID == b.CreatedBy) || (a.Agency != "" && a.Agency == b.From)
}

// BroadcastFiles re-sends broadcast b's files to chat.
func (s *Service) BroadcastFiles(b coord.Broadcast, chat int64, lang coord.Lang) []coord.OutMessage {
	if len(b.Files) == 0 {
		return nil
	}
	return FileMessages(chat, b.Files, txtBcFilesCaption.In(lang, b.Number(), b.Title), coord.BroadcastRef(b.ID))
}

// TargetView is what an officer of a target agency sees: the card and
// whether their agency has read it.
func (s *Service) TargetView(ctx context.Context, tx coord.People, b coord.Broadcast, agency string, lang coord.Lang) string {
	t, _ := b.Target(agency)
	text := s.BroadcastCard(b, lang)
	if t.ReadAt != nil {
		text += txtBcYoursRead.In(lang, s.personName(ctx, tx, t.ReadBy), texts.LocalTime(*t.ReadAt, s.Calendar.Location))
	} else {
		text += txtBcYoursUnread.In(lang)
	}
	return texts.Truncate(text, coord.MaxTextLen)
}

// broadcastListDays is how far back /broadcasts looks.
const broadcastListDays = 180

// ListBroadcasts lists the broadcasts of the last 180 days sent by or to
// the actor's agency (every one for an admin), newest first.
func (s *Service) ListBroadcasts(ctx context.Context, tx coord.Broadcasts, a Actor, now time.Time) ([]coord.Broadcast, error) {
	f := coord.BroadcastFilter{From: now.AddDate(0, 0, -broadcastListDays)}
	if !a.Admin() {
		f.Agency = a.Agency
	}
	bs, err := tx.Broadcasts(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list broadcasts: %w", err)
	}
	slices.Reverse(bs)
	return bs, nil
}

// BroadcastRead is the outcome of ReadBroadcast.
type BroadcastRead struct {
	Out
	Broadcast coord.Broadcast
	Target    coord.BroadcastTarget
	// Already: the agency had read it before (By, at Target.ReadAt);
	// nothing changed.
	Already bool
	By      string
}

// ReadBroadcast records «Đã đọc» of agency (the one whose card was
// pressed) by an officer of that agency only; the first press counts. The
// sender is told, privately, which agency read it and how many have. An
// unknown broadcast, or an agency it was not sent to, is coord.ErrNotFound
// (a stale or forged button).
func (s *Service) ReadBroadcast(ctx context.Context, tx BroadcastsTx, a Actor, now time.Time, id int64, agency string) (BroadcastRead, error) {
	var res BroadcastRead
	b, err := tx.Broadcast(ctx, id)
	if err != nil {
		if coord.ErrorCode(err) == coord.ENotFound {
			return res, err
		}
		return res, fmt.Errorf("load broadcast: %w", err)
	}
	t, ok := b.Target(agency)
	if !ok {
		return res, coord.ErrNotFound
	}
	res.Broadcast, res.Target = b, t
	if a.Agency != agency {
		return res, texts.Refuse(txtBcReadOther, texts.AgencyName(s.Catalogue, agency, a.Lang))
	}
	already := func(t coord.BroadcastTarget) (BroadcastRead, error) {
		res.Target, res.Already, res.By = t, true, s.personName(ctx, tx, t.ReadBy)
		return res, nil
	}
	if t.ReadAt != nil {
		return already(t)
	}
	if err := tx.MarkBroadcastRead(ctx, id, agency, a.ID, now); err != nil {
		if coord.ErrorCode(err) != coord.EConflict {
			return res, fmt.Errorf("mark broadcast read: %w", err)
		}
		if b, err = tx.Broadcast(ctx, id); err != nil {
			return res, fmt.Errorf("load broadcast: %w", err)
		}
		t, _ = b.Target(agency)
		return already(t)
	}
	by, at := a.ID, now
	for i := range b.Targets {
		if b.Targets[i].Agency == agency {
			b.Targets[i].ReadBy, b.Targets[i].ReadAt = &by, &at
			res.Target = b.Targets[i]
		}
	}
	res.Broadcast = b
	if err := Audit(ctx, tx, a, now, "broadcast.read", coord.BroadcastRef(b.ID), nil,
		map[string]any{"agency": agency, "by": a.ID}); err != nil {
		return res, err
	}
	// The sender is told in their private chat, in their language, unless
	// their access was taken back since.
	lang := coord.LangVI
	if u, err := tx.User(ctx, b.CreatedBy); err == nil {
		if !u.Enrolled() {
			return res, nil
		}
		if u.Lang != "" {
			lang = u.Lang
		}
	}
	text := txtBcReadTold.In(lang, texts.AgencyName(s.Catalogue, agency, lang), b.Number(), b.Title, a.Name,
		texts.LocalTime(now, s.Calendar.Location), b.ReadCount(), len(b.Targets))
	if b.ReadCount() == len(b.Targets) {
		text += txtBcAllRead.In(lang)
	}
	res.send(coord.OutMessage{Kind: coord.OutText, ChatID: b.CreatedBy, Ref: coord.BroadcastRef(b.ID), Text: text})
	return res, nil
}

// BroadcastReminded is the outcome of RemindBroadcast.
type BroadcastReminded struct {
	Out
	// Nowhere: the agency has no group and no officer; nothing was
	// recorded, so it is tried again later.
	Nowhere bool
}

// RemindBroadcast reminds a target agency that has not read broadcast id,
// once: the card again with «Đã đọc» (and the files, if the agency could
// not be reached when it was sent), and the reminder recorded. It does
// nothing to an agency that has read it or was reminded.
func (s *Service) RemindBroadcast(ctx context.Context, tx BroadcastsTx, now time.Time, id int64, agency string) (BroadcastReminded, error) {
	var res BroadcastReminded
	b, err := tx.Broadcast(ctx, id)
	if err != nil {
		return res, fmt.Errorf("load broadcast: %w", err)
	}
	t, ok := b.Target(agency)
	if !ok {
		return res, fmt.Errorf("broadcast %d has no target %s: %w", id, agency, coord.ErrNotFound)
	}
	if t.ReadAt != nil || t.RemindedAt != nil {
		return res, nil
	}
	chats, _, err := coord.Reach(ctx, tx, agency)
	if err != nil {
		return res, err
	}
	if len(chats) == 0 {
		res.Nowhere = true
		return res, nil
	}
	if err := tx.MarkBroadcastReminded(ctx, id, agency, now); err != nil {
		return res, fmt.Errorf("mark broadcast reminded: %w", err)
	}
	if err := Audit(ctx, tx, Actor{}, now, "broadcast.remind", coord.BroadcastRef(b.ID), nil,
		map[string]any{"agency": agency}); err != nil {
		return res, err
	}
	sent := coord.DateOf(b.CreatedAt.In(s.Calendar.Location)).VN()
	for _, r := range chats {
		res.Messages = append(res.Messages, s.broadcastDelivery(b, agency, r, txtBcReminderHead.In(r.Lang, b.Number(), sent),
			t.Mode == coord.Unreachable)...)
	}
	return res, nil
}

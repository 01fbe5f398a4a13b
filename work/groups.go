package work

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// GroupLostTx is what handling a lost group reads and writes.
type GroupLostTx interface {
	coord.Directory
	coord.Outbox
	coord.Submissions
	coord.Deliveries
	coord.AuditLog
}

// LostChat is a group that will never take a message from the bot again:
// the bot was removed (Telegram's my_chat_member), or Telegram refused a
// send to it for good (Reason: its words).
type LostChat struct {
	Chat   int64
	Loss   coord.GroupLoss
	Reason string
}

// LostGroup is the outcome of GroupLost.
type LostGroup struct {
	Out
	// Unbound is false when the chat was bound to nothing: nothing was done.
	Unbound bool
	Binding coord.ChatBinding
	// Taken are the outbox items that were still pending for the group,
	// now given up there; Rerouted counts the copies queued instead.
	Taken []int64
	// Moved counts the taken messages worth sending elsewhere (not edits
	// of the group's messages); Rerouted the copies queued of them.
	Moved    int
	Rerouted int
	// Mode and Reached say where the agency's messages go now.
	Mode    coord.DeliveryMode
	Reached int
}

// GroupLost unbinds a group that lost the bot (audited as chat.unbind, with
// the reason), gives up what was pending for it and sends each of those
// messages to where the agency is reached now: its officers privately (or,
// for the coordination group, the admins), or nowhere. Every submission
// whose delivery to the group was pending is recorded as delivered the new
// way and its submitter told where the report really went; the admins are
// told, privately, which group removed the bot and what happens now.
func (s *Service) GroupLost(ctx context.Context, tx GroupLostTx, a Actor, now time.Time, in LostChat) (LostGroup, error) {
	var res LostGroup
	b, err := tx.Binding(ctx, in.Chat)
	switch {
	case coord.ErrorCode(err) == coord.ENotFound:
		return res, nil
	case err != nil:
		return res, fmt.Errorf("load binding: %w", err)
	}
	if _, err := tx.Unbind(ctx, b.Code); err != nil {
		return res, fmt.Errorf("unbind %s: %w", b.Code, err)
	}
	res.Unbound, res.Binding = true, b
	if err := Audit(ctx, tx, a, now, "chat.unbind", fmt.Sprintf("chat:%d", b.ChatID), b,
		map[string]any{"loss": in.Loss, "reason": in.Reason}); err != nil {
		return res, err
	}
	items, err := tx.TakePending(ctx, in.Chat, "re-routed, the group lost the bot: "+in.Reason, now)
	if err != nil {
		return res, fmt.Errorf("take pending of chat %d: %w", in.Chat, err)
	}
	var recipients []coord.Recipient
	if b.Code == coord.CoordGroup {
		// The coordinator's staff read that group: what was owed to it
		// goes to them; later digests wait for a new group.
		admins, err := s.admins(ctx, tx)
		if err != nil {
			return res, err
		}
		for _, u := range admins {
			recipients = append(recipients, coord.Recipient{ChatID: u.TelegramID, Lang: u.Lang})
		}
		res.Mode = coord.Unreachable
	} else {
		recipients, res.Mode, err = coord.Reach(ctx, tx, b.Code)
		if err != nil {
			return res, err
		}
		res.Reached = len(recipients)
	}
	var deliveries []int64
	var copies []coord.OutMessage
	for _, it := range items {
		res.Taken = append(res.Taken, it.ID)
		if id, ok := deliveryOf(it.Msg); ok {
			deliveries = append(deliveries, id)
		}
		if _, ok := rerouted(it.Msg, 0); ok {
			copies = append(copies, it.Msg)
		}
	}
	res.Moved = len(copies)
	if len(copies) > 0 {
		for _, rc := range recipients {
			// Said first, so that what follows reads as the group's.
			res.send(coord.OutMessage{Kind: coord.OutText, ChatID: rc.ChatID,
				Text: txtReroutedLead.In(rc.Lang, len(copies), groupTitle(b), texts.AgencyName(s.Catalogue, b.Code, rc.Lang), txtLossOf(in.Loss).In(rc.Lang))})
			for _, m := range copies {
				m, _ = rerouted(m, rc.ChatID)
				res.send(m)
			}
			res.Rerouted += len(copies)
		}
	}
	for _, id := range deliveries {
		if err := s.redirected(ctx, tx, &res, id, b.Code, in.Loss); err != nil {
			return res, err
		}
	}
	admins, err := s.admins(ctx, tx)
	if err != nil {
		return res, err
	}
	for _, u := range admins {
		res.send(coord.OutMessage{Kind: coord.OutText, ChatID: u.TelegramID, Text: s.groupLostNotice(res, a, in.Loss, u.Lang)})
	}
	return res, nil
}

// rerouted is m addressed to chat instead of the lost group, or ok false
// for what only made sense there: edits and button answers of its
// messages, and uploads (a file the bot made belongs to one message).
func rerouted(m coord.OutMessage, chat int64) (coord.OutMessage, bool) {
	switch m.Kind {
	case coord.OutText, coord.OutFiles:
	default:
		return m, false
	}
	m.ChatID, m.ReplyTo, m.ForceReply, m.ThreadID = chat, 0, false, 0 // the group's topic means nothing elsewhere
	return m, true
}

// deliveryOf is the delivery whose «Đã nhận» button m carries.
func deliveryOf(m coord.OutMessage) (int64, bool) {
	for _, row := range m.Buttons {
		for _, b := range row {
			if rest, ok := strings.CutPrefix(b.Data, texts.CbAck); ok {
				if id, err := strconv.ParseInt(rest, 10, 64); err == nil {
					return id, true
				}
			}
		}
	}
	return 0, false
}

// redirected records that delivery id, meant for agency's lost group, went
// res.Mode instead, and tells the submitter.
func (s *Service) redirected(ctx context.Context, tx GroupLostTx, res *LostGroup, id int64, agency string, loss coord.GroupLoss) error {
	d, err := tx.Delivery(ctx, id)
	switch {
	case coord.ErrorCode(err) == coord.ENotFound:
		return nil
	case err != nil:
		return fmt.Errorf("load delivery: %w", err)
	}
	if d.Agency != agency || d.Mode != coord.ToGroup {
		return nil
	}
	if err := tx.RedirectDelivery(ctx, d.ID, res.Mode); err != nil {
		return fmt.Errorf("redirect delivery: %w", err)
	}
	sub, err := tx.Submission(ctx, d.SubmissionID)
	if err != nil {
		return fmt.Errorf("load submission: %w", err)
	}
	lang := coord.LangVI
	if u, err := tx.User(ctx, sub.SubmittedBy); err == nil && u.Lang != "" {
		lang = u.Lang
	}
	name := texts.AgencyName(s.Catalogue, agency, lang)
	now := txtRedirectedNowhere.In(lang, name)
	if res.Mode == coord.ToOfficers {
		now = txtRedirectedOfficers.In(lang, res.Reached, name)
	}
	title := sub.Obligation
	if ob, ok := s.Catalogue.Obligation(sub.Obligation); ok {
		title += " — " + ob.Title
	}
	res.send(coord.OutMessage{Kind: coord.OutText, ChatID: sub.ChatID, Text: txtRedirected.In(lang, sub.ID, title,
		texts.PeriodLabel(sub.Period, lang), name, txtLossOf(loss).In(lang), now)})
	return nil
}

// groupLostNotice tells an admin which group was lost and what now.
func (s *Service) groupLostNotice(res LostGroup, a Actor, loss coord.GroupLoss, lang coord.Lang) string {
	b := res.Binding
	name := texts.AgencyName(s.Catalogue, b.Code, lang)
	text := txtGroupLost.In(lang, name, b.Code, txtLossOf(loss).In(lang), groupTitle(b))
	if a.ID != 0 {
		who := a.Name
		if who == "" {
			who = strconv.FormatInt(a.ID, 10)
		}
		text += txtGroupLostBy.In(lang, who, a.ID)
	}
	switch {
	case b.Code == coord.CoordGroup:
		text += txtGroupLostCoord.In(lang)
	case res.Mode == coord.ToOfficers:
		text += txtGroupLostOfficers.In(lang, name, res.Reached, b.Code)
	default:
		text += txtGroupLostNobody.In(lang, name, b.Code, b.Code)
	}
	if res.Rerouted > 0 {
		text += txtGroupLostRerouted.In(lang, res.Moved)
	} else if res.Moved > 0 {
		text += txtGroupLostDropped.In(lang, res.Moved)
	}
	return text
}

// groupTitle names a group by its title, or its id when it has none.
func groupTitle(b coord.ChatBinding) string {
	if b.Title != "" {
		return b.Title
	}
	return strconv.FormatInt(b.ChatID, 10)
}

func txtLossOf(loss coord.GroupLoss) texts.Msg {
	switch loss {
	case coord.GroupGone:
		return txtLossGone
	case coord.GroupMuted:
		return txtLossMuted
	}
	return txtLossRemoved
}

var (
	txtLossRemoved = texts.Msg{VI: "bot đã bị xóa khỏi nhóm", EN: "the bot was removed from the group"}
	txtLossGone    = texts.Msg{VI: "nhóm không còn tồn tại", EN: "the group no longer exists"}
	txtLossMuted   = texts.Msg{VI: "bot không còn quyền gửi tin trong nhóm", EN: "the bot may no longer post in the group"}

	txtGroupLost = texts.Msg{
		VI: "⚠️ Nhóm của %s (%s): %s «%s». Nhóm đã được tự động hủy liên kết.",
		EN: "⚠️ The group of %s (%s): %s «%s». The group was unbound automatically.",
	}
	txtGroupLostBy       = texts.Msg{VI: " Người thực hiện: %s (mã %d).", EN: " Done by: %s (id %d)."}
	txtGroupLostOfficers = texts.Msg{
		VI: "\nTừ nay báo cáo, yêu cầu phối hợp và nhắc hạn dành cho %s được gửi riêng cho %d cán bộ đã ghi danh của cơ quan, cho đến khi một nhóm mới được liên kết bằng /bindgroup %s (gửi lệnh trong nhóm mới).",
		EN: "\nFrom now on, reports, coordination requests and reminders for %s go privately to its %d enrolled officer(s), until a new group is bound with /bindgroup %s (sent in the new group).",
	}
	txtGroupLostNobody = texts.Msg{
		VI: "\n%s chưa có cán bộ nào ghi danh, nên hiện không gửi được gì cho cơ quan: hãy mời cán bộ (/invite %s) hoặc liên kết một nhóm mới bằng /bindgroup %s.",
		EN: "\n%s has no enrolled officer, so nothing reaches it now: invite its officers (/invite %s) or bind a new group with /bindgroup %s.",
	}
	txtGroupLostCoord = texts.Msg{
		VI: "\nCác tin đang chờ gửi vào nhóm đã được gửi riêng cho quản trị viên; bản tổng hợp và các yêu cầu quá hạn sau này không được đăng vào nhóm nào cho đến khi một nhóm được liên kết bằng /bindgroup coord.",
		EN: "\nWhat was waiting for the group went to the administrators privately; later digests and overdue requests are posted nowhere until a group is bound with /bindgroup coord.",
	}
	txtGroupLostRerouted = texts.Msg{VI: "\n%d tin đang chờ gửi vào nhóm đã được chuyển đi theo cách trên.", EN: "\n%d message(s) waiting for the group were sent that way instead."}
	txtReroutedLead      = texts.Msg{
		VI: "📨 %d tin sau đây vốn gửi vào nhóm «%s» của %s; %s nên bot gửi riêng cho bạn.",
		EN: "📨 The %d message(s) below were meant for the group «%s» of %s; %s, so the bot sends them to you privately.",
	}
	txtGroupLostDropped = texts.Msg{VI: "\n%d tin đang chờ gửi vào nhóm không gửi được cho ai.", EN: "\n%d message(s) waiting for the group could not be sent to anyone."}

	txtRedirected = texts.Msg{
		VI: "⚠️ Báo cáo số hiệu %d (%s, kỳ %s) chưa tới được nhóm của %s: %s, nên nhóm đã được hủy liên kết. %s",
		EN: "⚠️ Report number %d (%s, period %s) did not reach the group of %s: %s, so the group was unbound. %s",
	}
	txtRedirectedOfficers = texts.Msg{
		VI: "Báo cáo đã được gửi riêng cho %d cán bộ của %s thay cho nhóm.",
		EN: "It was sent privately to %d officer(s) of %s instead.",
	}
	txtRedirectedNowhere = texts.Msg{
		VI: "%s chưa có cán bộ nào ghi danh nên báo cáo chưa gửi được cho cơ quan; báo cáo đã được lưu và quản trị viên đã được báo.",
		EN: "%s has no enrolled officer, so the report has not reached it; it is stored and the administrators have been told.",
	}
)

package work

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// NoticesTx is what the notice use cases read and write.
type NoticesTx interface {
	coord.Notices
	coord.Inspections
	coord.Directory
	coord.AuditLog
}

// CbNoticeAck starts the data of a notice's «Đã nhận» button (+ recipient
// id): at most 5+19 bytes, well under Telegram's 64.
const CbNoticeAck = "nack:"

// NoticeConfig is the configured notices: section, or the defaults.
func (s *Service) NoticeConfig() coord.NoticeConfig {
	if len(s.Notices.Kinds) == 0 {
		return coord.DefaultNoticeConfig(s.Catalogue)
	}
	return s.Notices
}

// NewNotice is what the sender fills in (the wizard, the one-message
// command, or a later use case such as an inspection result, pre-filled).
type NewNotice struct {
	Kind         string
	DecisionNo   string
	DecisionDate coord.Date
	Employer     coord.Employer
	People       []coord.Person
	Violation    string
	Sanction     coord.Sanction
	Files        []coord.FileRef
	// Extra are recipients the sender adds to the kind's defaults.
	Extra []string
	// Plan and PlanTarget (1-based) link the notice to the inspection
	// target whose violation it reports (NoticeDraft); 0 when none.
	Plan       int64
	PlanTarget int
}

// NoticeDraft is the notice of the violation found at target (1-based) of
// plan id, pre-filled from the plan: the employer and the finding, linked
// to the plan. Only officers of the lead or of a member that did not
// decline may draft it, and only for a target recorded with violations.
func (s *Service) NoticeDraft(ctx context.Context, tx coord.Inspections, a Actor, id int64, target int) (NewNotice, error) {
	p, err := s.plan(ctx, tx, id)
	if err != nil {
		return NewNotice{}, err
	}
	if !slices.Contains(s.parties(p), a.Agency) {
		return NewNotice{}, texts.Refuse(txtInspNotParty, p.ID, texts.AgencyName(s.Catalogue, p.Lead, a.Lang))
	}
	if target < 1 || target > len(p.Targets) {
		return NewNotice{}, texts.Refuse(txtInspNoTarget, p.ID, target, len(p.Targets))
	}
	t := p.Targets[target-1]
	if t.State != coord.TargetDone || !t.Violations {
		return NewNotice{}, texts.Refuse(txtNoticeTargetClean, target, p.ID, t.Employer)
	}
	return NewNotice{Employer: coord.Employer{Name: t.Employer, TaxCode: t.TaxCode, Address: t.Address, Zone: t.Zone},
		Violation: t.Finding, Plan: p.ID, PlanTarget: target}, nil
}

// NoticeSent is the outcome of CreateNotice.
type NoticeSent struct {
	Out
	Notice coord.Notice
}

// CreateNotice makes a numbered notice of a violation-handling result
// (Điều 5.1) from the actor's agency, to the kind's default recipients (the
// zone recipients too for an employer in an industrial zone) and the ones
// the sender added, and delivers it to each with the «Đã nhận» button.
func (s *Service) CreateNotice(ctx context.Context, tx NoticesTx, a Actor, now time.Time, in NewNotice) (NoticeSent, error) {
	var res NoticeSent
	cfg := s.NoticeConfig()
	kind, ok := cfg.Kind(in.Kind)
	if !ok {
		return res, texts.Refuse(txtNoticeUnknownKind, in.Kind, strings.Join(cfg.Codes(), ", "))
	}
	for _, e := range in.Extra {
		if e == a.Agency {
			return res, texts.Refuse(txtNoticeSelf, texts.AgencyName(s.Catalogue, e, a.Lang))
		}
		if ag, ok := s.Catalogue.Agency(e); !ok || ag.Kind == coord.KindExternal {
			return res, texts.Refuse(txtNoticeUnknownAgency, e, texts.Examples(s.Catalogue, 3, ", "))
		}
	}
	to := cfg.Recipients(kind, a.Agency, strings.TrimSpace(in.Employer.Zone) != "", in.Extra)
	if len(to) == 0 {
		return res, texts.Refuse(txtNoticeNoRecipients)
	}
	after := cfg.RemindAfterWorkingDays
	if after <= 0 {
		after = 2
	}
	remindOn := s.Calendar.AddWorkingDays(s.Calendar.Today(now), after)
	if in.Plan != 0 {
		// The link is checked again at creation: the draft may be old.
		if _, err := s.NoticeDraft(ctx, tx, a, in.Plan, in.PlanTarget); err != nil {
			return res, err
		}
	}
	n := coord.Notice{Kind: kind.Code, From: a.Agency, DecisionNo: strings.TrimSpace(in.DecisionNo), DecisionDate: in.DecisionDate,
		Employer: in.Employer, People: in.People, Violation: strings.TrimSpace(in.Violation), Sanction: in.Sanction,
		Files: in.Files, Plan: in.Plan, PlanTarget: in.PlanTarget, CreatedBy: a.ID, ChatID: a.Chat, CreatedAt: now}
	if err := n.Validate(); err != nil {
		return res, texts.Refuse(txtNoticeIncomplete)
	}
	type reach struct {
		chats []coord.Recipient
	}
	var reaches []reach
	for _, code := range to {
		chats, mode, err := coord.Reach(ctx, tx, code)
		if err != nil {
			return res, err
		}
		n.Recipients = append(n.Recipients, coord.NoticeRecipient{Agency: code, Mode: mode, RemindOn: remindOn})
		reaches = append(reaches, reach{chats})
	}
	if err := tx.CreateNotice(ctx, &n); err != nil {
		return res, fmt.Errorf("create notice: %w", err)
	}
	if err := Audit(ctx, tx, a, now, "notice.create", fmt.Sprintf("notice:%d", n.ID), nil, map[string]any{
		"kind": n.Kind, "from": n.From, "decision": n.DecisionNo, "decision_date": n.DecisionDate.String(),
		"employer_tax_code": n.Employer.TaxCode, "people": len(n.People), "to": to, "files": len(n.Files),
		"plan": n.Plan, "plan_target": n.PlanTarget}); err != nil {
		return res, err
	}
	if n.Plan != 0 {
		if err := s.inspEvent(ctx, tx, a, now, n.Plan, n.PlanTarget, coord.InspActNotice,
			txtNoticeEvent.In(coord.LangVI, n.ID, n.DecisionNo), n.Files); err != nil {
			return res, err
		}
	}
	for i, r := range n.Recipients {
		for _, c := range reaches[i].chats {
			res.Messages = append(res.Messages, s.noticeDelivery(n, r, c.ChatID, c.Lang, "")...)
		}
	}
	res.Notice = n
	return res, nil
}

// noticeDelivery is what one chat of a recipient gets: the decision files,
// then the card with the «Đã nhận» button.
func (s *Service) noticeDelivery(n coord.Notice, r coord.NoticeRecipient, chat int64, lang coord.Lang, head string) []coord.OutMessage {
	var out []coord.OutMessage
	if len(n.Files) > 0 {
		out = FileMessages(chat, n.Files, fmt.Sprintf("TB #%d", n.ID), "")
	}
	buttons := [][]coord.Button{{{Text: txtNoticeAckButton.In(lang), Data: CbNoticeAck + strconv.FormatInt(r.ID, 10)}}}
	return append(out, coord.OutMessage{Kind: coord.OutText, ChatID: chat, Text: head + s.NoticeCard(n, lang, NoticeView{}), Buttons: buttons})
}

// NoticeView says how much of a notice a card shows.
type NoticeView struct {
	// Acks lists who acknowledged.
	Acks bool
	// MaskPassports hides all but the first two and last two characters
	// of each passport number: for a chat where people outside the
	// notice's agencies may read.
	MaskPassports bool
}

// MaskPassport keeps the first two and last two characters of p.
func MaskPassport(p string) string {
	r := []rune(p)
	if len(r) <= 4 {
		return strings.Repeat("•", len(r))
	}
	return string(r[:2]) + strings.Repeat("•", len(r)-4) + string(r[len(r)-2:])
}

// NoticeCard renders a notice, personal data included unless v masks it:
// the caller has checked that the reader may see it.
func (s *Service) NoticeCard(n coord.Notice, lang coord.Lang, v NoticeView) string {
	var b strings.Builder
	kind, _ := s.NoticeConfig().Kind(n.Kind)
	label := kind.Label(lang)
	if label == "" {
		label = n.Kind
	}
	fmt.Fprint(&b, txtNoticeCard.In(lang, n.ID, texts.Cite(s.Catalogue, coord.ClauseNotice, lang), texts.AgencyName(s.Catalogue, n.From, lang), n.DecisionNo, n.DecisionDate.VN(), label,
		n.Employer.Name, n.Employer.TaxCode))
	if n.Employer.Address != "" {
		fmt.Fprint(&b, txtNoticeAddress.In(lang, n.Employer.Address))
	}
	if n.Employer.Zone != "" {
		fmt.Fprint(&b, txtNoticeZone.In(lang, n.Employer.Zone))
	}
	if n.Plan != 0 {
		fmt.Fprint(&b, txtNoticePlan.In(lang, n.Plan, n.PlanTarget))
	}
	fmt.Fprint(&b, txtNoticePeople.In(lang, len(n.People)))
	for i, p := range n.People {
		pass := p.Passport
		if v.MaskPassports {
			pass = MaskPassport(pass)
		}
		fmt.Fprintf(&b, "\n  %d. %s — %s — %s", i+1, p.Name, pass, p.Nationality)
	}
	if n.Violation != "" {
		fmt.Fprint(&b, txtNoticeViolation.In(lang, n.Violation))
	}
	fmt.Fprint(&b, txtNoticeSanction.In(lang, SanctionText(n.Sanction, lang)))
	if v.Acks {
		fmt.Fprint(&b, txtNoticeRecipients.In(lang))
		for _, r := range n.Recipients {
			state := txtNoticeNotAcked.In(lang)
			if r.AckedAt != nil {
				state = txtNoticeAckedAt.In(lang, texts.LocalTime(*r.AckedAt, s.Calendar.Location))
			}
			fmt.Fprintf(&b, "\n  • %s: %s", texts.AgencyName(s.Catalogue, r.Agency, lang), state)
		}
	}
	return texts.Truncate(b.String(), coord.MaxTextLen)
}

// SanctionText puts a sanction into words.
func SanctionText(s coord.Sanction, lang coord.Lang) string {
	var parts []string
	if s.FineVND > 0 {
		parts = append(parts, txtSanctionFine.In(lang, FormatVND(s.FineVND)))
	}
	if s.Expulsion {
		parts = append(parts, txtSanctionExpulsion.In(lang))
	}
	if s.PermitRevoked {
		parts = append(parts, txtSanctionRevoked.In(lang))
	}
	if s.Other != "" {
		parts = append(parts, s.Other)
	}
	return strings.Join(parts, "; ")
}

// FormatVND writes an amount the Vietnamese way: 15.000.000.
func FormatVND(v int64) string {
	s := strconv.FormatInt(v, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SeeNotice returns notice id if the actor may see it: an officer of the
// sender or of a recipient, or an admin. Anyone else is told it does not
// exist, so numbers do not leak whose notices they are.
func (s *Service) SeeNotice(ctx context.Context, tx coord.Notices, a Actor, id int64) (coord.Notice, error) {
	n, err := tx.Notice(ctx, id)
	if coord.ErrorCode(err) == coord.ENotFound || (err == nil && !a.Admin() && !n.VisibleTo(a.Agency)) {
		return n, texts.Refuse(txtNoticeNotFound, id)
	}
	if err != nil {
		return n, fmt.Errorf("load notice: %w", err)
	}
	return n, nil
}

// ListNotices lists the notices of year sent by or to the actor's agency,
// every notice for an admin.
func (s *Service) ListNotices(ctx context.Context, tx coord.Notices, a Actor, year int) ([]coord.Notice, error) {
	loc := s.Calendar.Location
	f := coord.NoticeFilter{From: time.Date(year, time.January, 1, 0, 0, 0, 0, loc), Until: time.Date(year+1, time.January, 1, 0, 0, 0, 0, loc)}
	if !a.Admin() {
		f.Agency = a.Agency
	}
	ns, err := tx.Notices(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list notices: %w", err)
	}
	return ns, nil
}

// NoticeAcked is the outcome of AckNotice.
type NoticeAcked struct {
	Out
	Notice    coord.Notice
	Recipient coord.NoticeRecipient
	// Already: acknowledged before, by By; nothing changed.
	Already bool
	By      string
}

// AckNotice records «Đã nhận» of a notice by an officer of the recipient
// agency only, and tells the sender's chat who acknowledged and when. An
// unknown recipient is coord.ErrNotFound (a stale button).
func (s *Service) AckNotice(ctx context.Context, tx NoticesTx, a Actor, now time.Time, recipient int64) (NoticeAcked, error) {
	var res NoticeAcked
	r, err := tx.NoticeRecipient(ctx, recipient)
	if err != nil {
		if coord.ErrorCode(err) == coord.ENotFound {
			return res, err
		}
		return res, fmt.Errorf("load notice recipient: %w", err)
	}
	res.Recipient = r
	if a.Agency != r.Agency {
		return res, texts.Refuse(txtNoticeAckNotRecipient, texts.AgencyName(s.Catalogue, r.Agency, a.Lang))
	}
	if r.AckedBy != nil {
		res.Already, res.By = true, fmt.Sprint(*r.AckedBy)
		if u, err := tx.User(ctx, *r.AckedBy); err == nil && u.Name != "" {
			res.By = u.Name
		}
		return res, nil
	}
	if err := tx.AckNotice(ctx, r.ID, a.ID, now); err != nil {
		if coord.ErrorCode(err) == coord.EConflict {
			return res, texts.Refuse(texts.TxtFlowExpired)
		}
		return res, fmt.Errorf("acknowledge notice: %w", err)
	}
	by, at := a.ID, now
	res.Recipient.AckedBy, res.Recipient.AckedAt = &by, &at
	n, err := tx.Notice(ctx, r.NoticeID)
	if err != nil {
		return res, fmt.Errorf("load notice: %w", err)
	}
	res.Notice = n
	if err := Audit(ctx, tx, a, now, "notice.ack", fmt.Sprintf("notice_recipient:%d", r.ID), nil,
		map[string]any{"notice": n.ID, "agency": r.Agency, "by": a.ID}); err != nil {
		return res, err
	}
	res.send(coord.OutMessage{Kind: coord.OutText, ChatID: n.ChatID, Text: txtNoticeAckTold.In(coord.LangVI,
		texts.AgencyName(s.Catalogue, r.Agency, coord.LangVI), n.ID, n.DecisionNo, a.Name, texts.LocalTime(now, s.Calendar.Location))})
	return res, nil
}

// NoticeReminder is the outcome of RemindNotice.
type NoticeReminder struct {
	Out
	// Nowhere: the agency has no group and no officer; nothing was recorded.
	Nowhere bool
}

// RemindNotice reminds a recipient that has not acknowledged, once: the
// card again with its button, and the reminder recorded.
func (s *Service) RemindNotice(ctx context.Context, tx NoticesTx, now time.Time, recipient int64) (NoticeReminder, error) {
	var res NoticeReminder
	r, err := tx.NoticeRecipient(ctx, recipient)
	if err != nil {
		return res, fmt.Errorf("load notice recipient: %w", err)
	}
	if r.AckedAt != nil || r.RemindedAt != nil {
		return res, nil
	}
	n, err := tx.Notice(ctx, r.NoticeID)
	if err != nil {
		return res, fmt.Errorf("load notice: %w", err)
	}
	chats, _, err := coord.Reach(ctx, tx, r.Agency)
	if err != nil {
		return res, err
	}
	if len(chats) == 0 {
		res.Nowhere = true
		return res, nil
	}
	if err := tx.MarkNoticeReminded(ctx, r.ID, now); err != nil {
		return res, fmt.Errorf("mark notice reminded: %w", err)
	}
	if err := Audit(ctx, tx, Actor{}, now, "notice.remind", fmt.Sprintf("notice_recipient:%d", r.ID), nil,
		map[string]any{"notice": n.ID, "agency": r.Agency}); err != nil {
		return res, err
	}
	for _, c := range chats {
		res.Messages = append(res.Messages, s.noticeDelivery(n, r, c.ChatID, c.Lang, txtNoticeReminderHead.In(c.Lang, n.ID))...)
	}
	return res, nil
}

// The words of notices.
var (
	txtNoticeUnknownKind = texts.Msg{
		VI: "Không có loại vi phạm «%s». Các loại hiện có: %s.",
		EN: "There is no violation kind «%s». The kinds are: %s.",
	}
	txtNoticeSelf = texts.Msg{
		VI: "Không cần gửi thông báo cho chính cơ quan mình (%s).",
		EN: "There is no need to send the notice to your own agency (%s).",
	}
	txtNoticeUnknownAgency = texts.Msg{
		VI: "Không có cơ quan «%s» nhận được thông báo. Hãy dùng mã cơ quan như trong /help, ví dụ: %s.",
		EN: "There is no agency «%s» that can receive notices. Use agency codes such as %s.",
	}
	txtNoticeNoRecipients = texts.Msg{
		VI: "Thông báo này không có cơ quan nhận. Hãy thêm ít nhất một cơ quan nhận.",
		EN: "This notice has no recipient. Add at least one recipient agency.",
	}
	txtNoticeIncomplete = texts.Msg{
		VI: "Thông báo còn thiếu thông tin: cần số và ngày quyết định, tên và mã số thuế doanh nghiệp, ít nhất một người lao động nước ngoài (tên, số hộ chiếu, quốc tịch) và hình thức xử phạt.",
		EN: "The notice is incomplete: it needs the decision number and date, the employer's name and tax code, at least one foreign worker (name, passport number, nationality) and the sanction.",
	}
	txtNoticeAckNotRecipient = texts.Msg{
		VI: "Chỉ cán bộ của %s mới xác nhận đã nhận được thông báo này.",
		EN: "Only officers of %s can acknowledge this notice.",
	}
	txtNoticeNotFound  = texts.Msg{VI: "Không có thông báo #%d mà bạn được xem.", EN: "There is no notice #%d you may see."}
	txtNoticeAckButton = texts.Msg{VI: "Đã nhận", EN: "Received"}
	txtNoticeCard      = texts.Msg{
		VI: "📄 Thông báo kết quả xử lý vi phạm hành chính #%d%s\nCơ quan gửi: %s\nQuyết định số %s ngày %s\nLoại vi phạm: %s\nDoanh nghiệp: %s (MST %s)",
		EN: "📄 Notice of violation-handling result #%d%s\nFrom: %s\nDecision no. %s of %s\nViolation kind: %s\nEmployer: %s (tax code %s)",
	}
	txtNoticeAddress     = texts.Msg{VI: "\nĐịa chỉ: %s", EN: "\nAddress: %s"}
	txtNoticePlan        = texts.Msg{VI: "\nKết quả kiểm tra: kế hoạch số %d, doanh nghiệp thứ %d (xem /inspection %[1]d)", EN: "\nInspection finding: plan %d, employer %d (see /inspection %[1]d)"}
	txtNoticeEvent       = texts.Msg{VI: "Thông báo kết quả xử lý vi phạm #%d (QĐ số %s)", EN: "Notice of violation-handling result #%d (decision %s)"}
	txtNoticeTargetClean = texts.Msg{
		VI: "Doanh nghiệp thứ %d của kế hoạch kiểm tra số %d (%s) chưa được ghi kết quả có vi phạm, nên chưa lập thông báo xử lý vi phạm theo kết quả kiểm tra được. Cơ quan chủ trì ghi kết quả bằng /inspection result.",
		EN: "Employer %d of inspection plan %d (%s) has no result with violations, so no notice can be drafted from it yet. The lead agency records results with /inspection result.",
	}
	txtNoticeZone        = texts.Msg{VI: "\nKhu công nghiệp: %s", EN: "\nIndustrial zone: %s"}
	txtNoticePeople      = texts.Msg{VI: "\nNgười lao động nước ngoài (%d):", EN: "\nForeign workers (%d):"}
	txtNoticeViolation   = texts.Msg{VI: "\nHành vi vi phạm: %s", EN: "\nViolation: %s"}
	txtNoticeSanction    = texts.Msg{VI: "\nHình thức xử phạt: %s", EN: "\nSanction: %s"}
	txtNoticeRecipients  = texts.Msg{VI: "\nCơ quan nhận:", EN: "\nRecipients:"}
	txtNoticeNotAcked    = texts.Msg{VI: "chưa xác nhận", EN: "not acknowledged"}
	txtNoticeAckedAt     = texts.Msg{VI: "đã nhận lúc %s", EN: "received at %s"}
	txtSanctionFine      = texts.Msg{VI: "phạt tiền %s đồng", EN: "fine of %s VND"}
	txtSanctionExpulsion = texts.Msg{VI: "trục xuất", EN: "expulsion"}
	txtSanctionRevoked   = texts.Msg{VI: "thu hồi giấy phép lao động", EN: "work permit revoked"}
	txtNoticeAckTold     = texts.Msg{
		VI: "✅ %s đã nhận thông báo #%d (QĐ số %s): %s, lúc %s.",
		EN: "✅ %s acknowledged notice #%d (decision %s): %s, at %s.",
	}
	txtNoticeReminderHead = texts.Msg{
		VI: "⏰ Nhắc: cơ quan chưa xác nhận đã nhận thông báo #%d. Xin bấm «Đã nhận».\n\n",
		EN: "⏰ Reminder: your agency has not acknowledged notice #%d yet. Please press «Received».\n\n",
	}
)

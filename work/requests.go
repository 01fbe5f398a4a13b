package work

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// RequestsTx is what the request use cases read and write.
type RequestsTx interface {
	coord.Requests
	coord.Directory
	coord.AuditLog
}

// NewRequest is what a requester asks: one request is made per target.
type NewRequest struct {
	Type    coord.RequestType
	Targets []string
	Subject string
	Body    string
	Files   []coord.FileRef
	Due     coord.Date
}

// Made is one request made for one target, and how its card went.
type Made struct {
	Request coord.Request
	Mode    coord.DeliveryMode
	Reached int // chats the card went to
}

// Created is the outcome of CreateRequests.
type Created struct {
	Out
	Requests []Made
}

// CreateRequests makes one numbered request per target (Điều 4, spec §4),
// records the first event of each and sends each target its card with the
// buttons it may press. The targets are agency codes already checked by the
// caller's parsing; the requester's own agency is refused.
func (s *Service) CreateRequests(ctx context.Context, tx RequestsTx, a Actor, now time.Time, in NewRequest) (Created, error) {
	var res Created
	if err := s.mayRequest(a, in); err != nil {
		return res, err
	}
	for _, to := range in.Targets {
		r := coord.Request{Type: in.Type, From: a.Agency, To: to, Subject: in.Subject, Body: in.Body, Due: in.Due,
			State: coord.ReqOpen, CreatedBy: a.ID, CreatedAt: now, UpdatedAt: now, Files: in.Files}
		if err := tx.CreateRequest(ctx, &r); err != nil {
			return res, fmt.Errorf("create request: %w", err)
		}
		ev := coord.RequestEvent{RequestID: r.ID, At: now, Actor: a.ID, ActorAgency: a.Agency,
			Action: coord.ActCreate, Text: in.Subject, Files: in.Files}
		if err := tx.AddRequestEvent(ctx, &ev); err != nil {
			return res, fmt.Errorf("record request event: %w", err)
		}
		if err := Audit(ctx, tx, a, now, "request.create", fmt.Sprintf("request:%d", r.ID), nil, map[string]any{
			"type": r.Type, "from": r.From, "to": r.To, "due": r.Due.String(), "subject": r.Subject, "files": len(in.Files)}); err != nil {
			return res, err
		}
		recipients, mode, err := s.reachParty(ctx, tx, to)
		if err != nil {
			return res, err
		}
		today := s.Calendar.Today(now)
		for _, t := range recipients {
			if len(r.Files) > 0 {
				res.files(t.ChatID, r.Files, fmt.Sprintf("#%d", r.ID), coord.RequestRef(r.ID))
			}
			res.send(coord.OutMessage{Kind: coord.OutText, ChatID: t.ChatID, Text: texts.RequestCard(s.Catalogue, r, today, t.Lang, true),
				Buttons: texts.CardButtons(r, t.Lang), Ref: coord.RequestRef(r.ID)})
		}
		res.Requests = append(res.Requests, Made{Request: r, Mode: mode, Reached: len(recipients)})
	}
	return res, nil
}

// mayRequest checks, before anything is made, that the actor's agency may
// send a request of this type to every target: not to itself; only from
// the agencies the type lists (request_types[].from); only to those it
// lists (.to), and to an external addressee only when it is listed.
func (s *Service) mayRequest(a Actor, in NewRequest) error {
	name := func(code string) string { return texts.AgencyName(s.Catalogue, code, a.Lang) }
	kind, ok := s.Catalogue.RequestKind(in.Type)
	if !ok {
		return texts.Refuse(txtRequestUnknownType, in.Type)
	}
	typeName := func(k coord.RequestKind) string { return texts.RequestTypeName(s.Catalogue, k.Code, a.Lang) }
	if !kind.MaySend(a.Agency) {
		return texts.Refuse(txtRequestSendersOnly, s.names(kind.From, a.Lang), typeName(kind))
	}
	for _, to := range in.Targets {
		if to == a.Agency {
			return texts.Refuse(txtRequestSelf, name(to))
		}
		ag, ok := s.Catalogue.Agency(to)
		if !ok || kind.MayTarget(ag) {
			continue
		}
		if !ag.External() {
			return texts.Refuse(txtRequestTargetsOnly, typeName(kind), s.names(kind.To, a.Lang))
		}
		for _, k := range s.Catalogue.RequestKinds() {
			if !k.Internal && slices.Contains(k.To, to) {
				word := k.FirstClause()
				if word == "" {
					word = string(k.Code)
				}
				return texts.Refuse(txtRequestExternalOnly, name(to), typeName(k), s.names(k.From, a.Lang), word, to)
			}
		}
		return texts.Refuse(txtRequestExternal, name(to))
	}
	return nil
}

// names joins the names of codes, "mọi cơ quan" for none (a type open to
// every agency).
func (s *Service) names(codes []string, lang coord.Lang) string {
	if len(codes) == 0 {
		return txtEveryAgency.In(lang)
	}
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = texts.AgencyName(s.Catalogue, c, lang)
	}
	return strings.Join(out, ", ")
}

// reachParty is coord.Reach for a side of a request, with one addition: an
// external addressee (the provincial People's Committee under 8.4) with
// neither a bound group nor officers of its own is reached through the
// admins, each privately (coord.ToAdmins), who may act for it.
func (s *Service) reachParty(ctx context.Context, tx coord.Directory, code string) ([]coord.Recipient, coord.DeliveryMode, error) {
	recipients, mode, err := coord.Reach(ctx, tx, code)
	if err != nil || mode != coord.Unreachable || !s.external(code) {
		return recipients, mode, err
	}
	admins, err := s.admins(ctx, tx)
	if err != nil || len(admins) == 0 {
		return nil, coord.Unreachable, err
	}
	out := make([]coord.Recipient, len(admins))
	for i, u := range admins {
		out[i] = coord.Recipient{ChatID: u.TelegramID, Lang: u.Lang}
	}
	return out, coord.ToAdmins, nil
}

// external reports whether code is an external addressee.
func (s *Service) external(code string) bool {
	ag, ok := s.Catalogue.Agency(code)
	return ok && ag.External()
}

// admins are the enrolled admins of every agency (the bootstrap admins of
// BOT_ADMIN_IDS are enrolled at start-up), in catalogue order.
func (s *Service) admins(ctx context.Context, tx coord.People) ([]coord.User, error) {
	var out []coord.User
	seen := map[int64]bool{}
	for _, ag := range s.Catalogue.Agencies {
		users, err := tx.UsersOf(ctx, ag.Code)
		if err != nil {
			return nil, fmt.Errorf("find admins: %w", err)
		}
		for _, u := range users {
			if u.Role == coord.RoleAdmin && u.Enrolled() && !seen[u.TelegramID] {
				seen[u.TelegramID] = true
				out = append(out, u)
			}
		}
	}
	return out, nil
}

// standsIn reports whether the actor, an admin of neither side, acts for
// the target of r: an external addressee with no enrolled officer of its
// own, which the admins answer for (8.4). Nothing else lets an admin act.
func (s *Service) standsIn(ctx context.Context, tx coord.People, a Actor, r coord.Request) (bool, error) {
	if !a.Admin() || r.SideOf(a.Agency) != coord.NoSide || !s.external(r.To) {
		return false, nil
	}
	officers, err := tx.UsersOf(ctx, r.To)
	if err != nil {
		return false, fmt.Errorf("find officers of %s: %w", r.To, err)
	}
	return len(officers) == 0, nil
}

// Step is one step taken on a request by an actor: an action with its
// text (the reason of a decline, the answer, the comment) and files.
type Step struct {
	Request int64
	Action  coord.RequestAction
	Text    string
	Files   []coord.FileRef
}

// Acted is the outcome of Act.
type Acted struct {
	Out
	// Request is the request after the step; Before its state before.
	Request coord.Request
	Before  coord.RequestState
	// Other is the agency on the other side, which was told.
	Other string
}

// Act takes one step on a request for the actor's agency: accept, decline
// (only with a reason, Điều 4.3), answer (text or files), cancel (the
// requester only), or comment (either side). The state machine of
// coord.Request decides what is allowed; the step is recorded in the
// request's history and the audit log, and the other side is told, with
// the reason, answer or comment and the files.
func (s *Service) Act(ctx context.Context, tx RequestsTx, a Actor, now time.Time, st Step) (Acted, error) {
	var res Acted
	r, side, err := s.request(ctx, tx, a, st.Request)
	if err != nil {
		return res, err
	}
	// An admin acting for an external target acts as that agency.
	agency, standIn := a.Agency, side == coord.Target && r.To != a.Agency
	if standIn {
		agency = r.To
	}
	next, err := r.Transition(st.Action, side)
	if err != nil {
		return res, s.transitionRefusal(r, st.Action, side, err, a.Lang)
	}
	switch {
	case st.Action == coord.ActDecline && strings.TrimSpace(st.Text) == "":
		return res, texts.Refuse(txtDeclineNeedsReason, texts.CiteLater(s.Catalogue, coord.ClauseDeclineReason), r.ID)
	case st.Action == coord.ActAnswer && strings.TrimSpace(st.Text) == "" && len(st.Files) == 0:
		return res, texts.Refuse(txtAnswerEmpty, r.ID, r.ID, r.ID)
	}
	if next != r.State {
		if err := tx.SetRequestState(ctx, r.ID, r.State, next, now); err != nil {
			if coord.ErrorCode(err) == coord.EConflict {
				return res, texts.Refuse(txtRequestAlready, r.ID, texts.RequestStateNames[r.State].In(a.Lang), texts.RequestActionNames[st.Action].In(a.Lang))
			}
			return res, fmt.Errorf("set request state: %w", err)
		}
	}
	res.Before = r.State
	r.State = next
	ev := coord.RequestEvent{RequestID: r.ID, At: now, Actor: a.ID, ActorAgency: agency, Action: st.Action, Text: st.Text, Files: st.Files}
	if err := tx.AddRequestEvent(ctx, &ev); err != nil {
		return res, fmt.Errorf("record request event: %w", err)
	}
	after := map[string]any{"state": next, "text": st.Text, "files": len(st.Files)}
	if standIn {
		after["on_behalf_of"] = agency
	}
	if err := Audit(ctx, tx, a, now, "request."+string(st.Action), fmt.Sprintf("request:%d", r.ID),
		map[string]any{"state": res.Before}, after); err != nil {
		return res, err
	}
	res.Request, res.Other = r, r.From
	if side == coord.Requester {
		res.Other = r.To
	}
	recipients, _, err := s.reachParty(ctx, tx, res.Other)
	if err != nil {
		return res, err
	}
	for _, t := range recipients {
		if len(st.Files) > 0 {
			res.files(t.ChatID, st.Files, fmt.Sprintf("#%d", r.ID), coord.RequestRef(r.ID))
		}
		text := texts.RequestNotice(s.Catalogue, r, agency, a.Name, st.Action, st.Text, len(st.Files), t.Lang)
		if standIn {
			text += txtActedByAdmin.In(t.Lang, a.Name, texts.AgencyName(s.Catalogue, agency, t.Lang))
		}
		res.send(coord.OutMessage{Kind: coord.OutText, ChatID: t.ChatID, Ref: coord.RequestRef(r.ID), Text: text})
	}
	return res, nil
}

// CanAct reports, as a refusal, whether the actor's agency could take
// action on request id now: what a button that asks for the text first
// (decline, answer) checks before asking.
func (s *Service) CanAct(ctx context.Context, tx interface {
	coord.Requests
	coord.People
}, a Actor, id int64, action coord.RequestAction) error {
	r, side, err := s.request(ctx, tx, a, id)
	if err != nil {
		return err
	}
	if _, err := r.Transition(action, side); err != nil {
		return s.transitionRefusal(r, action, side, err, a.Lang)
	}
	return nil
}

// Seen is a request with its history, for a party or an admin.
type Seen struct {
	Request coord.Request
	Side    coord.Side
	Events  []coord.RequestEvent
	// Names are the actors' names, by Telegram id.
	Names map[int64]string
}

// See shows request id to the actor: either side, or an admin.
func (s *Service) See(ctx context.Context, tx interface {
	coord.Requests
	coord.People
}, a Actor, id int64) (Seen, error) {
	r, side, err := s.request(ctx, tx, a, id)
	if err != nil {
		return Seen{}, err
	}
	if side == coord.NoSide && !a.Admin() {
		return Seen{}, texts.Refuse(txtRequestNotYours, r.ID, texts.AgencyName(s.Catalogue, r.From, a.Lang), texts.AgencyName(s.Catalogue, r.To, a.Lang))
	}
	events, err := tx.RequestEvents(ctx, id)
	if err != nil {
		return Seen{}, fmt.Errorf("load history: %w", err)
	}
	names := map[int64]string{} // a request's history repeats its few actors
	for _, ev := range events {
		if _, known := names[ev.Actor]; known || ev.Actor == 0 {
			continue
		}
		names[ev.Actor] = fmt.Sprint(ev.Actor)
		if u, err := tx.User(ctx, ev.Actor); err == nil && u.Name != "" {
			names[ev.Actor] = u.Name
		}
	}
	return Seen{Request: r, Side: side, Events: events, Names: names}, nil
}

// request loads request id and the side of the actor's agency: the
// target's for an admin who stands in for an external target (standsIn).
func (s *Service) request(ctx context.Context, tx interface {
	coord.Requests
	coord.People
}, a Actor, id int64) (coord.Request, coord.Side, error) {
	r, err := tx.Request(ctx, id)
	if coord.ErrorCode(err) == coord.ENotFound {
		return r, coord.NoSide, texts.Refuse(txtRequestNotFound, id)
	}
	if err != nil {
		return r, coord.NoSide, fmt.Errorf("load request: %w", err)
	}
	standIn, err := s.standsIn(ctx, tx, a, r)
	if err != nil {
		return r, coord.NoSide, err
	}
	if standIn {
		return r, coord.Target, nil
	}
	return r, r.SideOf(a.Agency), nil
}

func (s *Service) transitionRefusal(r coord.Request, action coord.RequestAction, side coord.Side, err error, lang coord.Lang) error {
	name := func(code string) string { return texts.AgencyName(s.Catalogue, code, lang) }
	switch coord.ErrorCode(err) {
	case coord.EForbidden:
		switch {
		case side == coord.NoSide:
			return texts.Refuse(txtRequestNotYours, r.ID, name(r.From), name(r.To))
		case action == coord.ActCancel:
			return texts.Refuse(txtRequestOnlyRequester, name(r.From), r.ID)
		default:
			return texts.Refuse(txtRequestOnlyTarget, name(r.To), texts.RequestActionNames[action].In(lang), r.ID)
		}
	case coord.EConflict:
		return texts.Refuse(txtRequestAlready, r.ID, texts.RequestStateNames[r.State].In(lang), texts.RequestActionNames[action].In(lang))
	}
	return err
}

// Overdue is the outcome of RemindOverdue and Escalate: nothing when the
// request was closed meanwhile.
type Overdue struct {
	Out
	Request coord.Request
	Sent    bool
}

// RemindOverdue urges the target of request id, late working days past its
// due, in its group or its officers' chats, and records the reminder in the
// request's history (spec §4: daily on working days).
func (s *Service) RemindOverdue(ctx context.Context, tx RequestsTx, now time.Time, id int64, late int) (Overdue, error) {
	return s.overdue(ctx, tx, now, id, late, coord.ActRemind)
}

// Escalate tells the coordinating agency that request id is late working
// days overdue (Điều 17.2: the coordinator monitors and urges): into the
// coordination group, else the coordinator's group or officers.
func (s *Service) Escalate(ctx context.Context, tx RequestsTx, now time.Time, id int64, late int) (Overdue, error) {
	return s.overdue(ctx, tx, now, id, late, coord.ActEscalate)
}

func (s *Service) overdue(ctx context.Context, tx RequestsTx, now time.Time, id int64, late int, action coord.RequestAction) (Overdue, error) {
	var res Overdue
	r, err := tx.Request(ctx, id)
	if err != nil || r.State.Closed() {
		return res, err
	}
	res.Request = r
	var recipients []coord.Recipient
	if action == coord.ActRemind {
		recipients, _, err = s.reachParty(ctx, tx, r.To)
	} else {
		var mode coord.DeliveryMode
		recipients, mode, err = coord.Reach(ctx, tx, coord.CoordGroup)
		if err == nil && mode == coord.Unreachable {
			recipients, _, err = coord.Reach(ctx, tx, s.Catalogue.Coordinator().Code)
		}
	}
	if err != nil {
		return res, err
	}
	for _, rc := range recipients {
		text := texts.RequestReminder(s.Catalogue, r, late, rc.Lang)
		if action == coord.ActEscalate {
			text = texts.Escalation(s.Catalogue, r, late, rc.Lang)
		}
		res.send(coord.OutMessage{Kind: coord.OutText, ChatID: rc.ChatID, Text: text, Ref: coord.RequestRef(r.ID)})
	}
	if err := tx.AddRequestEvent(ctx, &coord.RequestEvent{RequestID: r.ID, At: now, Action: action,
		Text: fmt.Sprintf(texts.TxtOverdueEvent, late)}); err != nil {
		return res, fmt.Errorf("record request event: %w", err)
	}
	res.Sent = true
	return res, nil
}

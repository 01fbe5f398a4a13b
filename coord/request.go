package coord

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// RequestType is what a coordination request asks for (spec §4).
type RequestType string

// The request types the code itself knows: the one a one-line /request
// without a type gets, and the one a meeting's minutes make. Every other
// type, with its labels, clause and who may send and receive it, is listed
// in config.yaml (request_types; Catalogue.RequestKinds).
const (
	ReqOther RequestType = "other"
	// ReqConclusion is a conclusion of an interagency meeting: made when the
	// chair posts the minutes, never offered by /request.
	ReqConclusion RequestType = "conclusion"
)

// ToAdmins is how a request reaches an external addressee that has neither
// a bound group nor officers of its own: each admin privately, who may act
// for it.
const ToAdmins DeliveryMode = "admins"

// RequestState is where a request is in its lifecycle.
type RequestState string

// States: open → accepted → answered; open/accepted → declined (with a
// reason) or cancelled (by the requester).
const (
	ReqOpen      RequestState = "open"
	ReqAccepted  RequestState = "accepted"
	ReqAnswered  RequestState = "answered"
	ReqDeclined  RequestState = "declined"
	ReqCancelled RequestState = "cancelled"
)

// OpenStates are the states of a request still waiting for its target:
// what /requests all lists, reminders nudge and digests count.
var OpenStates = []RequestState{ReqOpen, ReqAccepted}

// Closed reports whether nothing more can happen to the request.
func (s RequestState) Closed() bool {
	return s == ReqAnswered || s == ReqDeclined || s == ReqCancelled
}

// RequestAction is something done to a request.
type RequestAction string

// Actions recorded in a request's history.
const (
	ActCreate   RequestAction = "create"
	ActAccept   RequestAction = "accept"
	ActDecline  RequestAction = "decline"
	ActAnswer   RequestAction = "answer"
	ActCancel   RequestAction = "cancel"
	ActComment  RequestAction = "comment"
	ActRemind   RequestAction = "remind"
	ActEscalate RequestAction = "escalate"
)

// Side says which end of a request an agency is on.
type Side int

// Sides of a request.
const (
	NoSide    Side = iota // a third agency
	Requester             // the agency that asked
	Target                // the agency asked
)

// Request is one coordination request to one target agency; a request to
// several agencies is several requests, each with its own number.
type Request struct {
	ID        int64 // the number officers see as #ID
	Type      RequestType
	From      string // requesting agency
	To        string // target agency
	Subject   string
	Body      string
	Due       Date // answer expected by the end of this day
	State     RequestState
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
	Files     []FileRef // attached at creation
}

// SideOf says which side agency is on.
func (r Request) SideOf(agency string) Side {
	switch agency {
	case r.From:
		return Requester
	case r.To:
		return Target
	}
	return NoSide
}

// Overdue reports whether the request is still awaited after its due day.
func (r Request) Overdue(today Date) bool { return !r.State.Closed() && r.Due.Before(today) }

// Transition checks that action may move the request from its state by
// someone on side, and returns the new state. Comments, reminders and
// escalations leave the state as it is. The error has code EForbidden for
// the wrong side and EConflict for the wrong state.
func (r Request) Transition(action RequestAction, side Side) (RequestState, error) {
	switch action {
	case ActAccept, ActDecline, ActAnswer:
		if side != Target {
			return r.State, Errorf(EForbidden, "only the target agency may %s request %d", action, r.ID)
		}
	case ActCancel:
		if side != Requester {
			return r.State, Errorf(EForbidden, "only the requesting agency may cancel request %d", r.ID)
		}
	case ActComment:
		if side == NoSide {
			return r.State, Errorf(EForbidden, "a third agency may not comment on request %d", r.ID)
		}
		return r.State, nil
	case ActRemind, ActEscalate:
		return r.State, nil
	}
	if r.State.Closed() {
		return r.State, Errorf(EConflict, "request %d is already %s", r.ID, r.State)
	}
	switch action {
	case ActAccept:
		if r.State != ReqOpen {
			return r.State, Errorf(EConflict, "request %d is already %s", r.ID, r.State)
		}
		return ReqAccepted, nil
	case ActDecline:
		return ReqDeclined, nil
	case ActAnswer:
		return ReqAnswered, nil
	case ActCancel:
		return ReqCancelled, nil
	}
	return r.State, Errorf(EInvalid, "unknown action %q", action)
}

// RequestEvent is one entry of a request's history: who did what, when, with
// which text and files.
type RequestEvent struct {
	ID          int64
	RequestID   int64
	At          time.Time
	Actor       int64 // Telegram user id; 0 for the scheduler
	ActorAgency string
	Action      RequestAction
	Text        string
	Files       []FileRef
}

// RequestFilter selects requests; empty fields match everything.
type RequestFilter struct {
	// Agency matches requests on either side.
	Agency string
	From   string
	To     string
	States []RequestState
	// DueBefore keeps requests due strictly before this day (zero: any).
	DueBefore Date
}

// RequestCount is one agency's open requests.
type RequestCount struct {
	In, InOverdue, Out, OutOverdue int
}

// Requests keeps coordination requests and their histories.
type Requests interface {
	// CreateRequest stores r (with its files) and sets r.ID.
	CreateRequest(ctx context.Context, r *Request) error
	Request(ctx context.Context, id int64) (Request, error) // ErrNotFound
	Requests(ctx context.Context, f RequestFilter) ([]Request, error)
	// SetRequestState moves the request from one state to another; it fails
	// with EConflict if the request is no longer in from (a race, a replay).
	SetRequestState(ctx context.Context, id int64, from, to RequestState, at time.Time) error
	AddRequestEvent(ctx context.Context, e *RequestEvent) error // sets e.ID
	RequestEvents(ctx context.Context, requestID int64) ([]RequestEvent, error)
	// RequestCounts counts each agency's open requests (open or accepted),
	// incoming and outgoing, and how many of them are past due on today.
	// The weekly digest needs only these numbers, not the requests.
	RequestCounts(ctx context.Context, today Date) (map[string]RequestCount, error)
}

// RequestRef is the OutMessage.Ref of every message about request id, so a
// reply to any of them is routed to the request (RequestOfRef).
func RequestRef(id int64) string { return requestRefPrefix + strconv.FormatInt(id, 10) }

// RequestOfRef is the request a RequestRef names; ok is false for any
// other ref.
func RequestOfRef(ref string) (id int64, ok bool) { return idOfRef(ref, requestRefPrefix) }

// idOfRef is the positive number after prefix in ref (a Ref such as
// "request:12"); ok is false for a ref of anything else.
func idOfRef(ref, prefix string) (id int64, ok bool) {
	rest, found := strings.CutPrefix(ref, prefix)
	if !found {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

const requestRefPrefix = "request:"

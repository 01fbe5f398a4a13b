package coord

import (
	"context"
	"strconv"
	"time"
)

// Broadcast is a document or a text sent to many agencies at once — a new
// decree, a guideline, an urgent notice — with a read receipt per agency
// (spec §10). ID is the number officers see, written B-n (Number). An
// admin sends to every agency or a chosen list; an agency's lead sends to
// their own agency only.
type Broadcast struct {
	ID    int64
	Title string
	Text  string
	Files []FileRef
	// From is the sender's agency.
	From      string
	CreatedBy int64
	ChatID    int64 // where the sender acted
	CreatedAt time.Time
	Targets   []BroadcastTarget
}

// BroadcastTarget is one agency a broadcast went to and its «Đã đọc»: the
// first press by one of its officers marks it read.
type BroadcastTarget struct {
	BroadcastID int64
	Agency      string
	// Mode is how the agency was reached when the broadcast was sent.
	Mode DeliveryMode
	// RemindOn is the working day on which the agency is reminded, once,
	// if it has not read the broadcast by then.
	RemindOn   Date
	ReadBy     *int64
	ReadAt     *time.Time
	RemindedAt *time.Time
}

// Target returns the broadcast's target row for agency.
func (b Broadcast) Target(agency string) (BroadcastTarget, bool) {
	for _, t := range b.Targets {
		if t.Agency == agency {
			return t, true
		}
	}
	return BroadcastTarget{}, false
}

// ReadCount is how many target agencies have read the broadcast.
func (b Broadcast) ReadCount() int {
	n := 0
	for _, t := range b.Targets {
		if t.ReadAt != nil {
			n++
		}
	}
	return n
}

// Number is the broadcast's number as officers write it: "B-3".
func (b Broadcast) Number() string { return BroadcastNumber(b.ID) }

// BroadcastNumber is "B-<id>".
func BroadcastNumber(id int64) string { return "B-" + strconv.FormatInt(id, 10) }

// BroadcastRef is the OutMessage.Ref of messages about broadcast id.
func BroadcastRef(id int64) string { return "broadcast:" + strconv.FormatInt(id, 10) }

// BroadcastFilter selects broadcasts; empty fields match everything.
type BroadcastFilter struct {
	// Agency matches broadcasts sent by it or to it.
	Agency string
	// From and Until bound the creation time: [From, Until).
	From, Until time.Time
}

// Broadcasts keeps broadcasts and their read receipts.
type Broadcasts interface {
	// CreateBroadcast stores b with its targets and sets b.ID and each
	// target's BroadcastID.
	CreateBroadcast(ctx context.Context, b *Broadcast) error
	Broadcast(ctx context.Context, id int64) (Broadcast, error) // with targets; ErrNotFound
	// Broadcasts lists the matching broadcasts with their targets, by
	// number.
	Broadcasts(ctx context.Context, f BroadcastFilter) ([]Broadcast, error)
	// MarkBroadcastRead records that agency read broadcast id: ErrNotFound
	// if the agency is not a target, EConflict if it was marked read
	// meanwhile (the first press counts).
	MarkBroadcastRead(ctx context.Context, id int64, agency string, by int64, at time.Time) error
	// BroadcastsToRemind lists the targets neither read nor reminded whose
	// RemindOn is on or before day.
	BroadcastsToRemind(ctx context.Context, day Date) ([]BroadcastTarget, error)
	// MarkBroadcastReminded records that agency was reminded of broadcast
	// id; ErrNotFound if it is not a target.
	MarkBroadcastReminded(ctx context.Context, id int64, agency string, at time.Time) error
}

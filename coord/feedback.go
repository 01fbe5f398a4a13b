package coord

import (
	"context"
	"strconv"
	"time"
)

// FeedbackState is where a difficulty reported to the coordinator (Điều 18:
// phản ánh khó khăn, vướng mắc) is: open (waiting for the coordinator),
// answered (the coordinator replied to the sender), or compiled (to be
// included in the next report to the provincial People's Committee, with
// a note). Answered and compiled are final.
type FeedbackState string

// Feedback states.
const (
	FeedbackOpen     FeedbackState = "open"
	FeedbackAnswered FeedbackState = "answered"
	FeedbackCompiled FeedbackState = "compiled"
)

// Valid reports whether s is one of the feedback states.
func (s FeedbackState) Valid() bool {
	return s == FeedbackOpen || s == FeedbackAnswered || s == FeedbackCompiled
}

// Feedback is one difficulty an agency reported to the coordinator; ID is
// the number officers see.
type Feedback struct {
	ID      int64
	Agency  string // the sender's agency
	Subject string
	Text    string
	Files   []FileRef
	State   FeedbackState
	// Response is the coordinator's answer (answered) or its note
	// (compiled), with the files of the answer; RespondedBy and
	// RespondedAt say who and when.
	Response      string
	ResponseFiles []FileRef
	RespondedBy   int64
	RespondedAt   time.Time
	CreatedBy     int64 // the sender, told privately of each step
	ChatID        int64 // where it was sent from
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// Version counts saves; SaveFeedback refuses a stale one.
	Version int
}

// Feedbacks keeps the difficulties reported to the coordinator, each read
// and written whole.
type Feedbacks interface {
	// CreateFeedback stores f and sets f.ID and f.Version (1).
	CreateFeedback(ctx context.Context, f *Feedback) error
	Feedback(ctx context.Context, id int64) (Feedback, error) // ErrNotFound
	// FeedbacksBetween lists the items received in [from, until), by number.
	FeedbacksBetween(ctx context.Context, from, until time.Time) ([]Feedback, error)
	// OpenFeedbacks lists the items still open, by number.
	OpenFeedbacks(ctx context.Context) ([]Feedback, error)
	// SaveFeedback writes f over the stored item if the stored version is
	// still f.Version, and increments f.Version; EConflict otherwise.
	SaveFeedback(ctx context.Context, f *Feedback, at time.Time) error
}

// FeedbackRef is the OutMessage.Ref of messages about feedback id.
func FeedbackRef(id int64) string { return feedbackRefPrefix + strconv.FormatInt(id, 10) }

const feedbackRefPrefix = "feedback:"

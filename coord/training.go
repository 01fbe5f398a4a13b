package coord

import (
	"context"
	"strconv"
	"time"
)

// TrainingState is where a dissemination or training activity (Điều 3.1,
// 6.2, clause 1 of Điều 7–16) is: planned (its day is ahead, or it was not
// yet marked as held), held (with how many attended) or cancelled (with a
// reason).
type TrainingState string

// Training states.
const (
	TrainingPlanned   TrainingState = "planned"
	TrainingHeld      TrainingState = "held"
	TrainingCancelled TrainingState = "cancelled"
)

// Audience is who an activity is for.
type Audience string

// Audiences of an activity: employers, foreign workers, officers.
const (
	AudEmployers      Audience = "doanhnghiep"
	AudForeignWorkers Audience = "nldnn"
	AudOfficers       Audience = "canbo"
)

// Audiences lists every audience, in the order records show them.
var Audiences = []Audience{AudEmployers, AudForeignWorkers, AudOfficers}

// Training is one dissemination or training activity; ID is the number
// officers see (T-n). The co-organisers' answers reuse the inspection
// members' shape: take part (AnswerJoin) or decline with a reason.
type Training struct {
	ID           int64
	Title        string
	Day          Date
	Organiser    string // agency code
	CoOrganisers []InspectionMember
	Audiences    []Audience
	// Attendees is how many attended (held), or how many are expected.
	Attendees int
	Materials []FileRef
	State     TrainingState
	// Reason is why it was cancelled.
	Reason string
	// HeldAt is when it was marked held (or recorded as held).
	HeldAt    time.Time
	CreatedBy int64
	ChatID    int64 // where it was recorded from
	CreatedAt time.Time
	UpdatedAt time.Time
	// Version counts saves; SaveTraining refuses a stale one.
	Version int
}

// CoOrganiser returns the entry of agency, and its index (-1 if not a
// co-organiser).
func (t Training) CoOrganiser(agency string) (InspectionMember, int) {
	for i, v := range t.CoOrganisers {
		if v.Agency == agency {
			return v, i
		}
	}
	return InspectionMember{}, -1
}

// Party reports whether agency organises the activity or is asked to
// co-organise it.
func (t Training) Party(agency string) bool {
	_, i := t.CoOrganiser(agency)
	return agency == t.Organiser || i >= 0
}

// Planned reports whether the record was made ahead of its day: an item
// of a plan (Điều 6.2), whatever became of it.
func (t Training) Planned(loc *time.Location) bool {
	return DateOf(t.CreatedAt.In(loc)).Before(t.Day)
}

// Trainings keeps the activities, each read and written whole.
type Trainings interface {
	// CreateTraining stores t and sets t.ID and t.Version (1).
	CreateTraining(ctx context.Context, t *Training) error
	Training(ctx context.Context, id int64) (Training, error) // ErrNotFound
	// TrainingsBetween lists the activities whose day is in [from, until],
	// by day then number.
	TrainingsBetween(ctx context.Context, from, until Date) ([]Training, error)
	// SaveTraining writes t over the stored one if the stored version is
	// still t.Version, and increments t.Version; EConflict otherwise.
	SaveTraining(ctx context.Context, t *Training, at time.Time) error
}

// TrainingRef is the OutMessage.Ref of messages about activity id.
func TrainingRef(id int64) string { return trainingRefPrefix + strconv.FormatInt(id, 10) }

const trainingRefPrefix = "training:"

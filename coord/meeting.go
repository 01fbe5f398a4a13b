package coord

import (
	"context"
	"strconv"
	"time"
)

// MeetingState is where an interagency meeting (Điều 5.3) is: scheduled
// (invitations out, answers coming in, possibly moved), held (the chair
// posted the minutes) or cancelled (with a reason).
type MeetingState string

// Meeting states.
const (
	MeetingScheduled MeetingState = "scheduled"
	MeetingHeld      MeetingState = "held"
	MeetingCancelled MeetingState = "cancelled"
)

// Conclusion is one conclusion of a meeting: what an agency must do by a
// date. Each becomes a tracked coordination request of type conclusion
// (Request is its number) from the chair to that agency.
type Conclusion struct {
	Agency  string `json:"agency"`
	Due     Date   `json:"due"`
	Text    string `json:"text"`
	Request int64  `json:"request,omitempty"`
}

// Meeting is one interagency meeting; ID is the number officers see. The
// invitees' answers reuse the inspection members' shape: attend (with the
// names of who attends, AnswerJoin) or decline with a reason.
type Meeting struct {
	ID          int64
	Title       string
	Start       time.Time
	Place       string // a room, or an online link
	Agenda      string
	AgendaFiles []FileRef
	Chair       string // agency code
	Invitees    []InspectionMember
	State       MeetingState
	// Reason is why it was cancelled.
	Reason      string
	Minutes     []FileRef
	Conclusions []Conclusion
	// Moves counts how often the start was moved: reminder keys carry the
	// start, so a moved meeting is reminded again.
	Moves int
	// MovedAt is when it was last moved: reminders due before then are
	// not sent late.
	MovedAt   time.Time
	CreatedBy int64
	ChatID    int64 // where the meeting was called from: answers are told there
	CreatedAt time.Time
	UpdatedAt time.Time
	// Version counts saves; SaveMeeting refuses a stale one.
	Version int
}

// Invitee returns the entry of agency, and its index (-1 if not invited).
func (m Meeting) Invitee(agency string) (InspectionMember, int) {
	for i, v := range m.Invitees {
		if v.Agency == agency {
			return v, i
		}
	}
	return InspectionMember{}, -1
}

// Party reports whether agency chairs the meeting or is invited to it.
func (m Meeting) Party(agency string) bool {
	_, i := m.Invitee(agency)
	return agency == m.Chair || i >= 0
}

// Meetings keeps meetings, each read and written whole.
type Meetings interface {
	// CreateMeeting stores m and sets m.ID and m.Version (1).
	CreateMeeting(ctx context.Context, m *Meeting) error
	Meeting(ctx context.Context, id int64) (Meeting, error) // ErrNotFound
	// MeetingsBetween lists the meetings starting in [from, until), by start.
	MeetingsBetween(ctx context.Context, from, until time.Time) ([]Meeting, error)
	// SaveMeeting writes m over the stored meeting if the stored version is
	// still m.Version, and increments m.Version; EConflict otherwise.
	SaveMeeting(ctx context.Context, m *Meeting, at time.Time) error
}

// MeetingRef is the OutMessage.Ref of messages about meeting id.
func MeetingRef(id int64) string { return meetingRefPrefix + strconv.FormatInt(id, 10) }

const meetingRefPrefix = "meeting:"

// WorkingDaysBefore is the n-th working day before d.
func (c *WorkCalendar) WorkingDaysBefore(d Date, n int) Date {
	for ; n > 0; n-- {
		d = d.AddDays(-1)
		for !c.IsWorkingDay(d) {
			d = d.AddDays(-1)
		}
	}
	return d
}

package coord

import (
	"context"
	"io"
	"slices"
	"time"
)

// FileSource streams a file Telegram holds; the archiver reads through it so
// that it never needs to know the Bot API. size is -1 when unknown.
type FileSource interface {
	Download(ctx context.Context, fileID string) (body io.ReadCloser, size int64, err error)
}

// SubmissionKind says whether a submission carries files or is a nil report.
type SubmissionKind string

// Submission kinds (spec §3).
const (
	WithFiles SubmissionKind = "files"
	NilReport SubmissionKind = "nil" // "không phát sinh", where the obligation allows it
)

// Submission is one version of an agency's report for one period. A later
// submission for the same (obligation, agency, period) is a new version; the
// history is kept and the latest version counts.
type Submission struct {
	ID         int64
	Obligation string
	Agency     string
	// Period is the period label ("2027-01", "2027-Q1", "2027-H1", "2027");
	// empty for an event-driven obligation (12.3).
	Period  string
	Version int // 1, 2, … per (obligation, agency, period); set by the store
	Kind    SubmissionKind
	Note    string
	Files   []SubmittedFile

	SubmittedBy int64
	ChatID      int64 // where it was submitted: receipts and acknowledgements go there
	SubmittedAt time.Time
	// ReplacesWrong marks a correction that replaces a wrong version: the
	// period is then judged on this version's time, not the first one's.
	ReplacesWrong bool
	// Due and EffectiveDue are copied from the deadline when submitted (nil
	// for event-driven obligations); LateDays is 0 when on time.
	Due          *time.Time
	EffectiveDue *time.Time
	LateDays     int
}

// SubmittedFile is one file of a submission and its archive state.
type SubmittedFile struct {
	ID           int64
	SubmissionID int64
	Seq          int
	FileID       string // Telegram's file_id, to re-send without re-uploading
	FileUniqueID string
	Name         string // as the officer sent it; never used as a path
	MIME         string
	Size         int64
	Photo        bool
	// Archive state: SHA256 and ArchivedAt are set once the bytes are in
	// the archive directory.
	SHA256     string
	ArchivedAt *time.Time
	Attempts   int
	LastError  string
}

// DeliveryMode is how a recipient agency was reached.
type DeliveryMode string

// Delivery modes (spec §3).
const (
	ToGroup     DeliveryMode = "group"       // the agency's bound group
	ToOfficers  DeliveryMode = "private"     // each enrolled officer privately
	Unreachable DeliveryMode = "unreachable" // neither: named in the receipt
)

// Delivery is a submission's way to one recipient agency, and its
// acknowledgement ("Đã nhận").
type Delivery struct {
	ID           int64
	SubmissionID int64
	Agency       string
	Mode         DeliveryMode
	CreatedAt    time.Time
	AckedBy      *int64
	AckedAt      *time.Time
}

// SubmissionFilter selects submissions; empty fields match everything.
type SubmissionFilter struct {
	Obligation string
	Agency     string
	Period     string
	// Periods, when not empty, keeps submissions for one of these periods:
	// views ask for the periods they track (TrackedPeriods.Labels) rather
	// than every period since the bot began.
	Periods []string
	// Since keeps submissions made at or after it (zero: all).
	Since time.Time
	// NoFiles leaves each submission's Files empty, for callers that judge
	// or count versions and show no file.
	NoFiles bool
}

// SubmittedPeriods says which agencies submitted at least one version of
// which periods of one obligation: period label → agency codes, each once,
// in no particular order.
type SubmittedPeriods map[string][]string

// Has reports whether agency submitted any version for period.
func (s SubmittedPeriods) Has(period, agency string) bool { return slices.Contains(s[period], agency) }

// AlbumPart is one message of a Telegram album (media group), kept until the
// album is complete so that its files are handled as one submission.
type AlbumPart struct {
	MediaGroupID string
	ChatID       int64
	UpdateID     int64
	ReceivedAt   time.Time
	// Payload is the transport's own encoding of the message.
	Payload string
}

// Submissions keeps the reports agencies submit, version by version.
type Submissions interface {
	// CreateSubmission stores s with its files, numbering the version; it
	// sets s.ID, s.Version and each file's ID and SubmissionID.
	CreateSubmission(ctx context.Context, s *Submission) error
	Submission(ctx context.Context, id int64) (Submission, error) // with files; ErrNotFound
	// Submissions lists matching submissions with their files (unless
	// f.NoFiles), oldest first (by submission time, then id).
	Submissions(ctx context.Context, f SubmissionFilter) ([]Submission, error)
	// SubmittedPeriods says which agencies submitted which of periods of
	// obligation, reading no version: for views that need only that (the
	// weekly digest, the inputs of a consolidated report). Periods nobody
	// submitted are absent; no periods give an empty answer.
	SubmittedPeriods(ctx context.Context, obligation string, periods []string) (SubmittedPeriods, error)
}

// Deliveries keeps how a submission reached each recipient agency, and its
// acknowledgement.
type Deliveries interface {
	CreateDelivery(ctx context.Context, d *Delivery) error // sets d.ID
	Delivery(ctx context.Context, id int64) (Delivery, error)
	DeliveriesOf(ctx context.Context, submissionID int64) ([]Delivery, error)
	// AckDelivery records who acknowledged; EConflict if already acknowledged.
	AckDelivery(ctx context.Context, id, by int64, at time.Time) error
	// RedirectDelivery records that the delivery went another way than
	// first recorded (the group removed the bot: its officers got it
	// privately); ErrNotFound for an unknown id.
	RedirectDelivery(ctx context.Context, id int64, mode DeliveryMode) error
}

// Albums keeps the parts of an album until it is complete.
type Albums interface {
	// AddAlbumPart keeps one album message; TakeAlbum returns the parts of
	// an album in update order and forgets them.
	AddAlbumPart(ctx context.Context, p AlbumPart) error
	TakeAlbum(ctx context.Context, mediaGroupID string) ([]AlbumPart, error)
}

// ArchiveStore is what the archiver needs: files still to download, and
// where to record the outcome.
type ArchiveStore interface {
	// PendingArchives lists files not yet archived whose next attempt is due
	// at now, oldest first.
	PendingArchives(ctx context.Context, now time.Time, limit int) ([]SubmittedFile, error)
	MarkArchived(ctx context.Context, fileID int64, sha256 string, size int64, at time.Time) error
	// MarkArchiveFailed records a failed attempt; a zero next gives up.
	MarkArchiveFailed(ctx context.Context, fileID int64, attempts int, next time.Time, lastErr string) error
}

// AlbumStore lists albums whose last part arrived before quietSince, so the
// transport can handle them as one message. Each album is named by its
// first part (lowest update id), which also says the chat.
type AlbumStore interface {
	DueAlbums(ctx context.Context, quietSince time.Time) ([]AlbumPart, error)
}

// PeriodState is one period an agency owes (or owed) with the versions it
// submitted for it.
type PeriodState struct {
	Deadline Deadline
	Versions []Submission // oldest first
}

// Submitted reports whether any version exists.
func (p PeriodState) Submitted() bool { return len(p.Versions) > 0 }

// Judged is the version the period is judged on (spec §3): the first,
// unless a later version replaced a wrong one; ok is false when nothing was
// submitted.
func (p PeriodState) Judged() (v Submission, ok bool) {
	if len(p.Versions) == 0 {
		return Submission{}, false
	}
	v = p.Versions[0]
	for _, later := range p.Versions[1:] {
		if later.ReplacesWrong {
			v = later
		}
	}
	return v, true
}

// LateBy is how many days late a submission of kind, made at at, is for
// deadline dl of o: 0 when on time, and always 0 for a nil report of a
// report sent only when there is something to report (only_if_any), since
// saying that nothing happened cannot be late where nothing had to be
// said. Receipts, /status and the scorecard judge with it.
func LateBy(o Obligation, dl Deadline, kind SubmissionKind, at time.Time) int {
	if o.OnlyIfAny && kind == NilReport {
		return 0
	}
	return dl.LateDays(at)
}

// LateBy is how many days late the period is, judged on its judged version
// (0 when nothing was submitted: see Overdue for that).
func (p PeriodState) LateBy(o Obligation) int {
	v, ok := p.Judged()
	if !ok {
		return 0
	}
	return LateBy(o, p.Deadline, v.Kind, v.SubmittedAt)
}

// JudgedAt is the time of the judged version; zero when nothing was
// submitted.
func (p PeriodState) JudgedAt() time.Time {
	v, _ := p.Judged()
	return v.SubmittedAt
}

// Outcome is how one period of an agency stands: the one judgement that
// /status, the monthly scorecard and the exports share, built from Owes,
// Overdue, NothingToReport and LateBy, so none of them words a rule of its
// own.
type Outcome string

// Outcomes of a period (PeriodState.Outcome).
const (
	OutcomeOnTime  Outcome = "on_time" // submitted before the effective due (a nil "nếu có" report always is)
	OutcomeLate    Outcome = "late"    // submitted after it
	OutcomeMissing Outcome = "missing" // nothing submitted, owed, effective due passed (Overdue)
	OutcomeNothing Outcome = "nothing" // a "nếu có" period that closed empty (NothingToReport)
	OutcomeNotDue  Outcome = "not_due" // nothing submitted yet, the effective due still ahead
	// OutcomeUntracked is a period due before tracking began with nothing
	// submitted: never owed, never scored.
	OutcomeUntracked Outcome = "untracked"
)

// Outcome judges the period at instant at, with the tracking start
// trackFrom: a submitted period on its judged version (LateBy), an empty
// one by what is owed (Owes, Overdue, NothingToReport).
func (p PeriodState) Outcome(o Obligation, trackFrom Date, at time.Time) Outcome {
	if p.Submitted() {
		if p.LateBy(o) > 0 {
			return OutcomeLate
		}
		return OutcomeOnTime
	}
	dl := p.Deadline
	switch {
	case NothingToReport(o, dl, trackFrom, at):
		return OutcomeNothing
	case Overdue(o, dl, trackFrom, at):
		return OutcomeMissing
	case Owes(o, dl, trackFrom, at):
		return OutcomeNotDue
	}
	return OutcomeUntracked
}

// Tracks reports whether the bot holds agencies to dl at all: its due date
// (the regulation's day D) is on or after trackFrom, the tracking start
// (calendar.tracking_start, or the month the database was created). Periods
// due earlier can still be submitted by naming them, but are never owed,
// reminded, listed as overdue or scored. A zero trackFrom tracks everything.
func Tracks(dl Deadline, trackFrom Date) bool {
	return !DateOf(dl.Due).Before(trackFrom)
}

// Owes is the one rule of what an agency owes (issue 10): at instant at, a
// period of o for which the agency has submitted nothing is owed when the
// bot tracks its deadline and, for a report sent only when there is
// something to report (Obligation.OnlyIfAny), only until its effective due
// — after that the period simply had nothing to report. Reminders, /status,
// /calendar, the submit wizard's default period and every digest decide
// with it.
func Owes(o Obligation, dl Deadline, trackFrom Date, at time.Time) bool {
	if !Tracks(dl, trackFrom) {
		return false
	}
	return !o.OnlyIfAny || at.Before(dl.EffectiveDue)
}

// Overdue reports whether an agency that submitted nothing for dl's period
// is late at at: it owes the period and its effective due has passed.
func Overdue(o Obligation, dl Deadline, trackFrom Date, at time.Time) bool {
	return Owes(o, dl, trackFrom, at) && !at.Before(dl.EffectiveDue)
}

// NothingToReport reports whether dl's period of an OnlyIfAny report, with
// nothing submitted, closed empty: tracked, and past its effective due.
func NothingToReport(o Obligation, dl Deadline, trackFrom Date, at time.Time) bool {
	return o.OnlyIfAny && Tracks(dl, trackFrom) && !at.Before(dl.EffectiveDue)
}

// TrackedPeriods are the periods of one obligation that agencies owe or
// owed on one day: begun by then and due on or after the tracking start
// (WorkCalendar.PeriodsBegun), oldest deadline first. They are the same for
// every agency responsible for the obligation, so views compute them once
// per obligation, ask the store only for these periods (Labels) and pair
// them with each agency's versions (States).
type TrackedPeriods []Deadline

// Tracked lists the periods of o agencies are held to on today, counting
// from trackFrom.
func Tracked(cal *WorkCalendar, o Obligation, today, trackFrom Date) TrackedPeriods {
	return cal.PeriodsBegun(o, today, trackFrom)
}

// Labels are the periods as the store keeps them ("2027-01", "2027-Q1", …),
// for SubmissionFilter.Periods and SubmittedPeriods.
func (t TrackedPeriods) Labels() []string {
	out := make([]string, len(t))
	for i, dl := range t {
		out[i] = dl.Period.String()
	}
	return out
}

// States pairs the periods with subs, one agency's submissions of the
// obligation, oldest first; submissions for other periods are ignored, so
// subs may be limited to the tracked periods (or to the ones the caller
// reads).
func (t TrackedPeriods) States(subs []Submission) []PeriodState {
	byPeriod := map[string][]Submission{}
	for _, s := range subs {
		byPeriod[s.Period] = append(byPeriod[s.Period], s)
	}
	var out []PeriodState
	for _, dl := range t {
		out = append(out, PeriodState{Deadline: dl, Versions: byPeriod[dl.Period.String()]})
	}
	return out
}

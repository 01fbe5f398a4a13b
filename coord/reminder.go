package coord

// ReminderKind is which deadline reminder an agency receives (spec §5); it
// decides the wording.
type ReminderKind string

// Reminder kinds of spec §5.
const (
	// RemindUpcoming is a pre-due reminder before the last on-time day.
	RemindUpcoming ReminderKind = "upcoming"
	// RemindLastDay is sent on the last on-time day itself.
	RemindLastDay ReminderKind = "last_day"
	// RemindOverdue is sent after it while the period is still not submitted.
	RemindOverdue ReminderKind = "overdue"
)

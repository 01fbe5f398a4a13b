package coord

import "time"

// Role is what a person may do in the bot (spec §6).
type Role string

// Roles, from least to most powerful.
const (
	RoleOfficer Role = "officer" // submits for its agency, makes and handles its requests
	RoleLead    Role = "lead"    // an agency's leader: also sees the agency's overview
	RoleAdmin   Role = "admin"   // coordinator staff: invites, binds groups, sees everything
)

// ParseRole accepts the role names of the /invite command.
func ParseRole(s string) (Role, bool) {
	switch r := Role(s); r {
	case RoleOfficer, RoleLead, RoleAdmin:
		return r, true
	}
	return "", false
}

func (r Role) rank() int {
	switch r {
	case RoleOfficer:
		return 1
	case RoleLead:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// AtLeast reports whether r includes the powers of min.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() && r.rank() > 0 }

// Lang is the language a person reads replies in.
type Lang string

// Languages offered by /lang.
const (
	LangVI Lang = "vi"
	LangEN Lang = "en"
)

// ParseLang accepts "vi" and "en".
func ParseLang(s string) (Lang, bool) {
	switch l := Lang(s); l {
	case LangVI, LangEN:
		return l, true
	}
	return "", false
}

// User is an enrolled officer, lead or admin, or one whose access was
// revoked: the record is kept so that names still show in histories, but a
// revoked person is a stranger to the bot and is reached by nothing.
type User struct {
	TelegramID int64     `db:"telegram_id" json:"telegram_id"`
	Agency     string    `db:"agency" json:"agency"`
	Role       Role      `db:"role" json:"role"`
	Lang       Lang      `db:"lang" json:"lang"`
	Name       string    `db:"name" json:"name"`
	Username   string    `db:"username" json:"username,omitempty"`
	CreatedAt  time.Time `db:"created_at" json:"created_at"`
	UpdatedAt  time.Time `db:"updated_at" json:"updated_at"`
	// RevokedAt is when an admin took the person's access back (/revoke);
	// nil while enrolled. A new invite clears it.
	RevokedAt *time.Time `db:"revoked_at" json:"revoked_at,omitempty"`
}

// Enrolled reports whether the person may use the bot: they were enrolled
// and their access was not revoked since.
func (u User) Enrolled() bool { return u.RevokedAt == nil }

// Invite is a single-use enrolment code. Only the SHA-256 of the code is
// kept, so a copy of the database does not let anyone enrol.
type Invite struct {
	ID        int64      `db:"id" json:"id"`
	CodeHash  string     `db:"code_hash" json:"-"`
	Agency    string     `db:"agency" json:"agency"`
	Role      Role       `db:"role" json:"role"`
	CreatedBy int64      `db:"created_by" json:"created_by"`
	CreatedAt time.Time  `db:"created_at" json:"created_at"`
	ExpiresAt time.Time  `db:"expires_at" json:"expires_at"`
	UsedBy    *int64     `db:"used_by" json:"used_by,omitempty"`
	UsedAt    *time.Time `db:"used_at" json:"used_at,omitempty"`
}

// ChatBinding ties a Telegram group to an agency (or to the coordination
// group): the bot acts in a group only once it is bound.
type ChatBinding struct {
	ChatID  int64     `db:"chat_id" json:"chat_id"`
	Code    string    `db:"code" json:"code"`
	Title   string    `db:"title" json:"title"`
	BoundBy int64     `db:"bound_by" json:"bound_by"`
	BoundAt time.Time `db:"bound_at" json:"bound_at"`
	// ThreadID is the forum topic the group was bound from (/bindgroup
	// sent in that topic): the agency's deliveries go there. 0: the
	// general chat, and every group that is not a forum.
	ThreadID int `db:"thread_id" json:"thread_id,omitempty"`
}

// AuditEntry records one change of state: who, when, what, before and after
// (JSON documents, empty when there was nothing before or after).
type AuditEntry struct {
	ID      int64     `db:"id"`
	At      time.Time `db:"at"`
	Actor   int64     `db:"actor"`
	Action  string    `db:"action"`
	Subject string    `db:"subject"`
	Before  string    `db:"before_json"`
	After   string    `db:"after_json"`
}

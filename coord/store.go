package coord

import (
	"context"
	"time"
)

// Clock tells the time. Everything that depends on "now" takes one, so tests
// can run a whole year in fake time.
type Clock interface{ Now() time.Time }

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// SystemClock is the real wall clock.
var SystemClock Clock = ClockFunc(time.Now)

// Store keeps every durable record. Everything one update does — its changes,
// its audit rows, the messages it sends and the mark that the update was
// handled — happens inside one Update call, so a crash leaves either all of
// it or none of it.
type Store interface {
	// Update runs fn in one write transaction; fn's error rolls it back.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn in a read-only transaction: a consistent snapshot that
	// does not wait for writers (WAL). fn must not write.
	View(ctx context.Context, fn func(Tx) error) error
	OutboxStore
	ArchiveStore
	AlbumStore
	// Setting and SetSetting keep small values that must survive restarts
	// (the Telegram update offset).
	Setting(ctx context.Context, key string) (string, bool, error)
	SetSetting(ctx context.Context, key, value string) error
	// SyncAgencies makes the agencies table match the catalogue.
	SyncAgencies(ctx context.Context, agencies []Agency) error
	// PruneHandledUpdates forgets handled update ids older than before;
	// Telegram keeps undelivered updates for 24 hours only.
	PruneHandledUpdates(ctx context.Context, before time.Time) error
	// PruneOnceKeys forgets Once keys recorded before before.
	PruneOnceKeys(ctx context.Context, before time.Time) error
	// PruneOutbox deletes delivered outbox items sent before before, so the
	// table does not grow forever. Pending and failed items stay, and so do
	// the message refs that route replies (Tx.MessageRef).
	PruneOutbox(ctx context.Context, before time.Time) error
	Close() error
}

// Tx is the view of the store inside one transaction: the narrow
// interfaces below, each with its conformance suite (storage/storetest).
// A use case asks for the ones it needs.
type Tx interface {
	Marks
	People
	Invites
	Bindings
	AuditLog
	Submissions
	Deliveries
	Albums
	Requests
	Inspections
	Notices
	Meetings
	Feedbacks
	Broadcasts
	Trainings
	Register
	RegisterAlerts
	Outbox
}

// Marks are the bot's own bookkeeping of what happened once.
type Marks interface {
	// MarkUpdateHandled records update id as handled; first is false when it
	// already was, and then the caller must not handle it again.
	MarkUpdateHandled(ctx context.Context, updateID int64, at time.Time) (first bool, err error)
	// Once records key and reports whether this is the first time: a
	// reminder, a digest or an escalation happens at most once, across
	// restarts and across two bot processes.
	Once(ctx context.Context, key string, at time.Time) (first bool, err error)
}

// People keeps the enrolled officers, leads and admins.
type People interface {
	// User returns the person's record, revoked or not (User.Enrolled
	// tells): names in histories outlive access. ErrNotFound if never
	// enrolled.
	User(ctx context.Context, telegramID int64) (User, error)
	PutUser(ctx context.Context, u User) error // insert or replace, RevokedAt included
	// UsersOf lists the agency's enrolled people; revoked ones are left out,
	// so nothing reaches them.
	UsersOf(ctx context.Context, agency string) ([]User, error)
}

// Invites keeps single-use enrolment codes, by hash only.
type Invites interface {
	CreateInvite(ctx context.Context, inv *Invite) error // sets inv.ID
	InviteByHash(ctx context.Context, codeHash string) (Invite, error)
	// MarkInviteUsed fails with EConflict if the invite was used meanwhile.
	MarkInviteUsed(ctx context.Context, id, usedBy int64, at time.Time) error
}

// Bindings ties group chats to agencies (or the coordination group).
type Bindings interface {
	Binding(ctx context.Context, chatID int64) (ChatBinding, error)  // ErrNotFound
	BindingOf(ctx context.Context, code string) (ChatBinding, error) // ErrNotFound
	// Bind stores b, replacing any binding of the same chat or the same code;
	// it returns the bindings it replaced.
	Bind(ctx context.Context, b ChatBinding) (replaced []ChatBinding, err error)
	// Unbind removes the binding of code (an agency or CoordGroup) and
	// returns it; ErrNotFound when no group is bound under code.
	Unbind(ctx context.Context, code string) (ChatBinding, error)
}

// AuditLog records every change of state; nothing prunes it.
type AuditLog interface {
	Audit(ctx context.Context, e AuditEntry) error
}

// Outbox queues what the bot sends, in the transaction of the change that
// sends it, and remembers what each sent message was about.
type Outbox interface {
	// Enqueue queues m for delivery. A non-empty key makes it idempotent: a
	// second Enqueue with the same key does nothing and returns queued=false.
	Enqueue(ctx context.Context, key string, m OutMessage, at time.Time) (id int64, queued bool, err error)
	// MessageRef says what a message the bot sent is about (the Ref of the
	// OutMessage that produced it), so replies to it can be routed.
	MessageRef(ctx context.Context, chatID int64, messageID int) (string, error) // ErrNotFound
	// TakePending gives up, with reason, every item still pending for chat
	// and returns them oldest first, for the caller to send elsewhere: a
	// group that removed the bot will never take them.
	TakePending(ctx context.Context, chatID int64, reason string, at time.Time) ([]OutboxItem, error)
	// MessagesOfRef lists the messages sent with Ref ref, oldest first.
	MessagesOfRef(ctx context.Context, ref string) ([]SentMessage, error)
}

// SentMessage is one message the bot sent, by chat and Telegram id.
type SentMessage struct {
	ChatID    int64 `db:"chat_id"`
	MessageID int   `db:"message_id"`
}

// OutboxStore is what the paced sender needs from the store.
type OutboxStore interface {
	// PendingOutbox lists undelivered items with ID > afterID, oldest first.
	PendingOutbox(ctx context.Context, afterID int64, limit int) ([]OutboxItem, error)
	// MarkSent records delivery and the Telegram message ids it produced.
	// A Secret item keeps only its Scrubbed form from then on.
	MarkSent(ctx context.Context, id int64, messageIDs []int, at time.Time) error
	// MarkRetry records a failed attempt and when to try again.
	MarkRetry(ctx context.Context, id int64, attempts int, notBefore time.Time, lastErr string) error
	// MarkFailed gives up on an item; it stays in the table for inspection,
	// scrubbed if it is Secret.
	MarkFailed(ctx context.Context, id int64, attempts int, lastErr string, at time.Time) error
}

// ConvKey names one conversation: a person in a chat.
type ConvKey struct {
	ChatID int64
	UserID int64
}

// StateStore keeps short-lived conversation state (wizards) and the update
// de-duplication marks. It is Redis in production; every method returns an
// error wrapping ErrUnavailable (code EUnavailable) while Redis is down.
type StateStore interface {
	// LoadConversation decodes the conversation's JSON into dst; ok is false
	// when there is none (or it expired).
	LoadConversation(ctx context.Context, key ConvKey, dst any) (ok bool, err error)
	// SaveConversation stores v as JSON and (re)starts its time to live.
	// LoadConversations returns the JSON of each key's conversation, nil
	// where there is none: one round trip for a whole getUpdates batch.
	LoadConversations(ctx context.Context, keys []ConvKey) ([][]byte, error)
	SaveConversation(ctx context.Context, key ConvKey, v any) error
	ClearConversation(ctx context.Context, key ConvKey) error
	// ClearConversationsOf forgets every conversation of the person, in
	// every chat (a revoked officer's wizards).
	ClearConversationsOf(ctx context.Context, userID int64) error
	// SeenUpdates reports, for each update id, whether it was marked
	// handled. The batch methods serve a whole getUpdates batch at once.
	SeenUpdates(ctx context.Context, updateIDs []int64) ([]bool, error)
	MarkUpdates(ctx context.Context, updateIDs []int64) error
	// Hit counts one event under key in a window that starts with the first
	// event and lasts window; it returns the count so far. Rate limits
	// (invite attempts, floods) are built on it.
	Hit(ctx context.Context, key string, window time.Duration) (int64, error)
	// Hits is Hit for each key in turn (a key may repeat), counts in order.
	Hits(ctx context.Context, keys []string, window time.Duration) ([]int64, error)
	Ping(ctx context.Context) error
}

// Locker grants a named lease to one process at a time, so that only one of
// several bot processes sharing Redis and the database runs the scheduler.
type Locker interface {
	// Hold takes the lease or extends it if this process holds it; held is
	// false while another process does. A lease not extended within ttl
	// lapses, so a dead holder is replaced.
	Hold(ctx context.Context, name string, ttl time.Duration) (held bool, err error)
	Release(ctx context.Context, name string) error
}

// Digest kinds.
const (
	DigestWeekly  = "weekly"  // every agency's deadlines, overdue reports and requests, into coord
	DigestInputs  = "inputs"  // inputs of the consolidated reports, into the coordinator's group
	DigestMonthly = "monthly" // last month's on-time record, into coord
)

// ErrNothingToDigest is what a Digester returns when the digest would say
// nothing: the inputs digest when every input deadline it could report on
// was due before tracking began.
var ErrNothingToDigest = &Error{Code: ENotFound, Message: "nothing to digest"}

// Digester builds and queues a digest inside tx; the scheduler implements
// it and /digest calls it. It returns the chats it queued to.
type Digester interface {
	Digest(ctx context.Context, tx Tx, kind string, now time.Time) (chats []int64, err error)
}

// Package work holds the bot's use cases: submitting and acknowledging a
// report, creating a coordination request and every step of its life,
// reminding and escalating what is overdue. Each is a function of a
// transaction (the narrow store interfaces it needs), an actor, the time
// and its input; it changes state, writes the audit rows, and returns what
// happened with the messages to send as values (recipients and texts, not
// Telegram calls). The chat handlers parse, call and render; the scheduler
// calls the same functions; a web sandbox or an API could too.
//
// It depends on coord (the domain) and texts (the words of domain facts)
// only: no Telegram, SQL or Redis.
package work

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// Service holds what the use cases need besides the transaction: the
// configured world. It keeps no state of its own.
type Service struct {
	Catalogue *coord.Catalogue
	Calendar  *coord.WorkCalendar
	// TrackFrom is the first due date agencies are held to (coord.Owes).
	TrackFrom coord.Date
	// Notices is the notices: section of config.yaml (zero: the defaults).
	Notices coord.NoticeConfig
	// ExpiringDays is how far ahead the register lists the work permits
	// about to expire (register.expiring_days; 0: DefaultExpiringDays).
	ExpiringDays int
	// KeepMonths is the register's retention (register.keep_months; 0
	// keeps every row).
	KeepMonths int
	// Access is who may search which lists of the register
	// (register.search).
	Access coord.RegisterAccess
}

// Actor is who acts: an enrolled person of an agency, in a chat. The zero
// Actor is the scheduler.
type Actor struct {
	ID     int64 // Telegram user id; 0 for the scheduler
	Name   string
	Agency string
	Role   coord.Role
	Lang   coord.Lang
	Chat   int64 // where they act: receipts and acknowledgements go there
}

// Admin reports whether the actor is coordinator staff.
func (a Actor) Admin() bool { return a.Role.AtLeast(coord.RoleAdmin) }

// Out collects the messages a use case sends, in the order they go.
type Out struct{ Messages []coord.OutMessage }

func (o *Out) send(m coord.OutMessage) { o.Messages = append(o.Messages, m) }

// files queues files for chat (FileMessages).
func (o *Out) files(chat int64, files []coord.FileRef, caption, ref string) {
	o.Messages = append(o.Messages, FileMessages(chat, files, caption, ref)...)
}

// FileMessages are the messages that re-send files to chat by file_id:
// documents and photos in separate albums of at most ten (Telegram's
// rules), the first carrying caption, each with ref.
func FileMessages(chat int64, files []coord.FileRef, caption, ref string) []coord.OutMessage {
	var photos, docs []coord.FileRef
	for _, f := range files {
		if f.Photo {
			photos = append(photos, f)
		} else {
			docs = append(docs, f)
		}
	}
	var out []coord.OutMessage
	first := true
	for _, group := range [][]coord.FileRef{docs, photos} {
		for len(group) > 0 {
			n := min(len(group), 10)
			text := ""
			if first {
				text, first = caption, false
			}
			out = append(out, coord.OutMessage{Kind: coord.OutFiles, ChatID: chat, Text: text, Files: group[:n], Ref: ref})
			group = group[n:]
		}
	}
	return out
}

// Audit writes one audit row of the actor's change, with before and after
// as JSON (empty when there was nothing).
func Audit(ctx context.Context, tx coord.AuditLog, a Actor, now time.Time, action, subject string, before, after any) error {
	e := coord.AuditEntry{At: now, Actor: a.ID, Action: action, Subject: subject, Before: jsonOrEmpty(before), After: jsonOrEmpty(after)}
	if err := tx.Audit(ctx, e); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// jsonOrEmpty is v as JSON, "" for nothing.
func jsonOrEmpty(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return ""
	}
	return string(b)
}

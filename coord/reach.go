package coord

import (
	"context"
	"fmt"
	"time"
)

// Recipient is one chat an agency's messages go to, in the language its
// reader chose (groups read Vietnamese).
type Recipient struct {
	ChatID int64
	Lang   Lang
}

// Directory is what Reach reads: who is bound and who is enrolled.
type Directory interface {
	Bindings
	People
}

// Reach says where messages for an agency (or the coordination group) go:
// its bound group, else each of its enrolled officers privately, else
// nowhere (Unreachable). Handlers and the scheduler share this rule.
func Reach(ctx context.Context, tx Directory, code string) ([]Recipient, DeliveryMode, error) {
	b, err := tx.BindingOf(ctx, code)
	switch {
	case err == nil:
		return []Recipient{{b.ChatID, LangVI}}, ToGroup, nil
	case ErrorCode(err) != ENotFound:
		return nil, "", fmt.Errorf("find group of %s: %w", code, err)
	}
	if code == CoordGroup {
		return nil, Unreachable, nil
	}
	officers, err := tx.UsersOf(ctx, code)
	if err != nil {
		return nil, "", fmt.Errorf("find officers of %s: %w", code, err)
	}
	var out []Recipient
	for _, u := range officers {
		out = append(out, Recipient{u.TelegramID, u.Lang})
	}
	if len(out) == 0 {
		return nil, Unreachable, nil
	}
	return out, ToOfficers, nil
}

// EnqueueText queues a possibly long text for chat, split under Telegram's
// limit, every part with ref (OutMessage.Ref; may be empty).
func EnqueueText(ctx context.Context, tx Outbox, chat int64, text, ref string, at time.Time) error {
	for _, part := range SplitText(text, MaxTextLen) {
		if _, _, err := tx.Enqueue(ctx, "", OutMessage{Kind: OutText, ChatID: chat, Text: part, Ref: ref}, at); err != nil {
			return fmt.Errorf("enqueue: %w", err)
		}
	}
	return nil
}

// EnqueueAll queues msgs in order, each text split under Telegram's limit
// (buttons and ForceReply go with the last part): the messages a use case
// returned, queued by a caller outside a chat (the scheduler).
func EnqueueAll(ctx context.Context, tx Outbox, msgs []OutMessage, at time.Time) error {
	for _, m := range msgs {
		if m.Kind != OutText {
			if _, _, err := tx.Enqueue(ctx, "", m, at); err != nil {
				return fmt.Errorf("enqueue: %w", err)
			}
			continue
		}
		parts := SplitText(m.Text, MaxTextLen)
		for i, p := range parts {
			mm := m
			mm.Text = p
			if i < len(parts)-1 {
				mm.Buttons, mm.ForceReply = nil, false
			}
			if _, _, err := tx.Enqueue(ctx, "", mm, at); err != nil {
				return fmt.Errorf("enqueue: %w", err)
			}
		}
	}
	return nil
}

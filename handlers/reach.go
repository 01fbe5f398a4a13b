package handlers

import (
	"context"
	"fmt"

	"github.com/bacgiang/fwbot/coord"
)

// recipient is one chat an agency's messages go to, in the language its
// reader chose (groups read Vietnamese).
type recipient struct {
	chat int64
	lang coord.Lang
}

// reach says where messages for an agency go: its bound group, else each of
// its enrolled officers privately, else nowhere (Unreachable).
func (h *Handlers) reach(ctx context.Context, tx coord.Tx, agency string) ([]recipient, coord.DeliveryMode, error) {
	b, err := tx.BindingOf(ctx, agency)
	switch {
	case err == nil:
		return []recipient{{b.ChatID, coord.LangVI}}, coord.ToGroup, nil
	case coord.ErrorCode(err) != coord.ENotFound:
		return nil, "", fmt.Errorf("find group of %s: %w", agency, err)
	}
	officers, err := tx.UsersOf(ctx, agency)
	if err != nil {
		return nil, "", fmt.Errorf("find officers of %s: %w", agency, err)
	}
	var out []recipient
	for _, u := range officers {
		out = append(out, recipient{u.TelegramID, u.Lang})
	}
	if len(out) == 0 {
		return nil, coord.Unreachable, nil
	}
	return out, coord.ToOfficers, nil
}

// howReached names a delivery mode for a receipt; "" when unreachable.
func howReached(mode coord.DeliveryMode, n int, lang coord.Lang) string {
	switch mode {
	case coord.ToGroup:
		return txtViaGroup.In(lang)
	case coord.ToOfficers:
		return txtViaOfficers.In(lang, n)
	}
	return ""
}

// sendFiles queues files for chat: documents and photos in separate albums
// of at most ten (Telegram's rules), the first carrying caption.
func sendFiles(c interface {
	Send(context.Context, coord.OutMessage) error
}, ctx context.Context, chat int64, files []coord.FileRef, caption, ref string) error {
	var photos, docs []coord.FileRef
	for _, f := range files {
		if f.Photo {
			photos = append(photos, f)
		} else {
			docs = append(docs, f)
		}
	}
	first := true
	for _, group := range [][]coord.FileRef{docs, photos} {
		for len(group) > 0 {
			n := min(len(group), 10)
			text := ""
			if first {
				text, first = caption, false
			}
			if err := c.Send(ctx, coord.OutMessage{Kind: coord.OutFiles, ChatID: chat, Text: text, Files: group[:n], Ref: ref}); err != nil {
				return err
			}
			group = group[n:]
		}
	}
	return nil
}

package handlers

import (
	"context"

	"github.com/bacgiang/fwbot/coord"
)

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

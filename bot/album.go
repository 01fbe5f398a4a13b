package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// Telegram delivers an album (several photos or documents sent together) as
// separate messages sharing a media_group_id, with the caption on one of
// them. The dispatcher keeps the parts in the store as they arrive and, once
// no new part has come for a quiet period, handles the album as one update
// with all its files — inside one transaction that also forgets the parts, so
// an album is neither lost nor handled twice across a crash.

// keepAlbumPart stores one album message and marks its update handled.
func (d *Dispatcher) keepAlbumPart(ctx context.Context, u Update) error {
	payload, err := json.Marshal(u)
	if err != nil {
		return fmt.Errorf("encode album part: %w", err)
	}
	unlock := d.locks.lock(u.Chat.ID)
	defer unlock()
	err = d.store.Update(ctx, func(tx coord.Tx) error {
		first, err := tx.MarkUpdateHandled(ctx, u.ID, d.now())
		if err != nil || !first {
			return err
		}
		return tx.AddAlbumPart(ctx, coord.AlbumPart{MediaGroupID: u.MediaGroupID, ChatID: u.Chat.ID,
			UpdateID: u.ID, ReceivedAt: d.now(), Payload: string(payload)})
	})
	if err != nil {
		if coord.CannotWrite(err) {
			d.tellUnwritable(ctx, u, err)
		}
		d.Outage.Error(d.log, "dispatch", "album part not recorded; it will be retried", err, "update", u.ID, "chat", u.Chat.ID)
		return err
	}
	d.wakeAlbums()
	return nil
}

func (d *Dispatcher) wakeAlbums() {
	select {
	case d.albumWake <- struct{}{}:
	default:
	}
}

// RunAlbums handles complete albums until ctx ends: an album is complete when
// no part arrived for quiet (Telegram sends the parts within a second).
func (d *Dispatcher) RunAlbums(ctx context.Context, albums coord.AlbumStore, quiet time.Duration) {
	tick := time.NewTicker(quiet / 2)
	defer tick.Stop()
	// Poll while parts may be pending; at start, for albums a crash left.
	activeUntil := d.now().Add(3 * quiet)
	for {
		now := d.now()
		if !activeUntil.IsZero() {
			d.flushAlbums(ctx, albums, now.Add(-quiet))
			if now.After(activeUntil) {
				activeUntil = time.Time{}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-d.albumWake:
			activeUntil = d.now().Add(3 * quiet)
		case <-tick.C:
		}
	}
}

// flushAlbums handles every album whose last part is older than quietSince;
// RunAlbums calls it, also at start for albums a crash left.
func (d *Dispatcher) flushAlbums(ctx context.Context, albums coord.AlbumStore, quietSince time.Time) {
	heads, err := albums.DueAlbums(ctx, quietSince)
	if err != nil {
		d.log.Error("list complete albums", "err", err)
		return
	}
	for _, h := range heads {
		mgid := h.MediaGroupID
		u := Update{ID: -h.UpdateID, Chat: Chat{ID: h.ChatID}}
		take := func(ctx context.Context, tx coord.Tx) (Update, bool, error) {
			parts, err := tx.TakeAlbum(ctx, mgid)
			if err != nil || len(parts) == 0 {
				return Update{}, false, err
			}
			return combineAlbum(-h.UpdateID, parts)
		}
		if err := d.handleOne(ctx, u, take); err != nil {
			d.Outage.Error(d.log, "dispatch", "album not handled; it will be retried", err, "album", mgid)
		}
	}
}

// combineAlbum makes one update of an album's parts: the files in order, and
// the text (a /submit caption) of whichever part carried one.
func combineAlbum(id int64, parts []coord.AlbumPart) (Update, bool, error) {
	var out Update
	for i, p := range parts {
		var u Update
		if err := json.Unmarshal([]byte(p.Payload), &u); err != nil {
			return Update{}, false, fmt.Errorf("decode album part: %w", err)
		}
		if i == 0 {
			out = u
			out.Files = nil
			out.Text, out.Command, out.Args = "", "", ""
		}
		if out.Text == "" && u.Text != "" {
			out.Text, out.Command, out.Args, out.MessageID = u.Text, u.Command, u.Args, u.MessageID
		}
		out.Files = append(out.Files, u.Files...)
	}
	out.ID = id
	return out, true, nil
}

package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// broadcastReminders reminds, once, each target agency of a broadcast that
// has not pressed «Đã đọc» by its reminder day (the second working day
// after the broadcast); a day the scheduler missed is caught up on the
// next. An agency with nowhere to be told (no group, no officer) is left
// for a later tick, without a write, and is reminded once it binds a group
// or enrols an officer; RemindBroadcast records the reminder, so that it
// is never sent twice.
func (s *Scheduler) broadcastReminders(ctx context.Context, day coord.Date, now time.Time) error {
	var due []coord.BroadcastTarget
	err := s.opt.Store.View(ctx, func(tx coord.Tx) error {
		all, err := tx.BroadcastsToRemind(ctx, day)
		if err != nil {
			return err
		}
		for _, t := range all {
			chats, _, err := coord.Reach(ctx, tx, t.Agency)
			if err != nil {
				return err
			}
			if len(chats) > 0 {
				due = append(due, t)
			} else if s.firstWarning(fmt.Sprintf("bcrem:%d:%s", t.BroadcastID, t.Agency)) {
				s.log.Warn("broadcast reminder has nowhere to go yet: no group and no officer", "broadcast", t.BroadcastID, "agency", t.Agency)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("list broadcasts to remind: %w", err)
	}
	var errs []error
	for _, t := range due {
		errs = append(errs, s.once(ctx, fmt.Sprintf("bcrem:%d:%s", t.BroadcastID, t.Agency), now, func(tx coord.Tx) error {
			res, err := s.work.RemindBroadcast(ctx, tx, now, t.BroadcastID, t.Agency)
			if err != nil {
				return err
			}
			if res.Nowhere {
				return errNowhere // unbound meanwhile: not recorded, tried again
			}
			return coord.EnqueueAll(ctx, tx, res.Messages, now)
		}))
	}
	return errors.Join(errs...)
}

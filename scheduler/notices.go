package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// noticeReminders reminds, once, each recipient of a notice of a
// violation-handling result (Điều 5.1) that has not pressed «Đã nhận» by
// its reminder day; a day the scheduler missed is caught up on the next.
// The once key is per day: a recipient with nowhere to be told today (no
// group, no officer) is tried again tomorrow, and RemindNotice records the
// reminder so that it is never sent twice.
func (s *Scheduler) noticeReminders(ctx context.Context, day coord.Date, now time.Time) error {
	var due []coord.NoticeRecipient
	err := s.opt.Store.View(ctx, func(tx coord.Tx) error {
		var err error
		due, err = tx.NoticesToRemind(ctx, day)
		return err
	})
	if err != nil {
		return fmt.Errorf("list notices to remind: %w", err)
	}
	var errs []error
	for _, r := range due {
		errs = append(errs, s.once(ctx, fmt.Sprintf("notrem:%d:%s", r.ID, day), now, func(tx coord.Tx) error {
			res, err := s.work.RemindNotice(ctx, tx, now, r.ID)
			if err != nil {
				return err
			}
			return coord.EnqueueAll(ctx, tx, res.Messages, now)
		}))
	}
	return errors.Join(errs...)
}

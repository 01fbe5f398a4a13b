package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// meetingHorizon is how far ahead the scheduler looks for meetings to
// remind: past the longest run of non-working days (Tết) before a meeting.
const meetingHorizon = 21 * 24 * time.Hour

// meetingReminders sends the reminders of scheduled meetings that are due
// (work.MeetingReminders): who has not answered, two working days before;
// everyone coming, on the working day before and one hour before the
// start. Each is sent once per start (a moved meeting is reminded again for
// its new time), on its own day only: a reminder whose day has passed is
// not replayed.
func (s *Scheduler) meetingReminders(ctx context.Context, day coord.Date, now time.Time) error {
	var ms []coord.Meeting
	err := s.opt.Store.View(ctx, func(tx coord.Tx) error {
		var err error
		ms, err = tx.MeetingsBetween(ctx, now, now.Add(meetingHorizon))
		return err
	})
	if err != nil {
		return fmt.Errorf("list meetings to remind: %w", err)
	}
	var errs []error
	for _, m := range ms {
		if m.State != coord.MeetingScheduled {
			continue
		}
		for _, r := range s.work.MeetingReminders(m, s.opt.Hour, s.opt.Minute) {
			if now.Before(r.At) || s.opt.Calendar.Today(r.At) != day {
				continue
			}
			key := fmt.Sprintf("mtgrem:%s:%d:%d", r.Kind, m.ID, m.Start.Unix())
			errs = append(errs, s.once(ctx, key, now, func(tx coord.Tx) error {
				res, err := s.work.RemindMeeting(ctx, tx, now, m.ID, m.Start, r.Kind)
				if err != nil {
					return err
				}
				if res.Nowhere {
					return nil
				}
				return coord.EnqueueAll(ctx, tx, res.Messages, now)
			}))
		}
	}
	return errors.Join(errs...)
}

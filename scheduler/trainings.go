package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// trainingWindow is how far on either side of today the scheduler looks for
// planned activities to remind: past the longest run of non-working days
// (Tết) between an activity and its working day before or after.
const trainingWindow = 21

// trainingReminders sends the reminders of planned activities that are due
// today (work.TrainingReminders): the working day before, to the organiser
// and the co-organisers taking part; the first working day after, to the
// organiser, if it was still not marked held. Each is sent once
// ("trnrem:<id>:<day it goes out>"), on its own day only.
func (s *Scheduler) trainingReminders(ctx context.Context, day coord.Date, now time.Time) error {
	var ts []coord.Training
	err := s.opt.Store.View(ctx, func(tx coord.Tx) error {
		var err error
		ts, err = tx.TrainingsBetween(ctx, day.AddDays(-trainingWindow), day.AddDays(trainingWindow))
		return err
	})
	if err != nil {
		return fmt.Errorf("list trainings to remind: %w", err)
	}
	var errs []error
	for _, t := range ts {
		if t.State != coord.TrainingPlanned {
			continue
		}
		for _, r := range s.work.TrainingReminders(t, s.opt.Hour, s.opt.Minute) {
			if r.Day != day || now.Before(r.At) {
				continue
			}
			key := fmt.Sprintf("trnrem:%d:%s", t.ID, r.Day)
			errs = append(errs, s.once(ctx, key, now, func(tx coord.Tx) error {
				res, err := s.work.RemindTraining(ctx, tx, now, t.ID, t.Day, r.Kind)
				if err != nil || res.Nowhere {
					return err
				}
				return coord.EnqueueAll(ctx, tx, res.Messages, now)
			}))
		}
	}
	return errors.Join(errs...)
}

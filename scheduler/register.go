package scheduler

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// registerChecks runs the register's cross-checks once a day, at the
// reminders' hour, and raises the alerts not raised before (each finding
// once, ever: work.RaiseAlerts); on the weekly digest's day it also sends
// each issuing agency its list of work permits about to expire
// ("regexp:<agency>:<day>"). The walk is a read; only the new alerts take
// the writer.
func (s *Scheduler) registerChecks(ctx context.Context, day coord.Date, now time.Time) error {
	key := "regchk:" + day.String()
	s.mu.Lock()
	known := s.done[key]
	s.mu.Unlock()
	if known {
		return nil
	}
	var findings []coord.Finding
	err := s.opt.Store.View(ctx, func(tx coord.Tx) (err error) {
		findings, err = s.work.CrossChecks(ctx, tx, day)
		return err
	})
	if err != nil {
		return fmt.Errorf("register cross-checks: %w", err)
	}
	err = s.once(ctx, key, now, func(tx coord.Tx) error {
		res, err := s.work.RaiseAlerts(ctx, tx, now, findings)
		if err != nil {
			return err
		}
		if len(res.Raised) > 0 {
			s.log.Info("register: alerts raised", "count", len(res.Raised))
		}
		return coord.EnqueueAll(ctx, tx, res.Messages, now)
	})
	if err != nil || day.Weekday() != s.opt.WeeklyDay {
		return err
	}
	var lists map[string][]coord.OutMessage
	err = s.opt.Store.View(ctx, func(tx coord.Tx) (err error) {
		lists, err = s.work.ExpiringLists(ctx, tx, findings)
		return err
	})
	if err != nil {
		return fmt.Errorf("expiring permits: %w", err)
	}
	agencies := make([]string, 0, len(lists))
	for ag := range lists {
		agencies = append(agencies, ag)
	}
	slices.Sort(agencies)
	var errs []error
	for _, ag := range agencies {
		msgs := lists[ag]
		errs = append(errs, s.once(ctx, "regexp:"+ag+":"+day.String(), now, func(tx coord.Tx) error {
			return coord.EnqueueAll(ctx, tx, msgs, now)
		}))
	}
	return errors.Join(errs...)
}

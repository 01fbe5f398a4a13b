package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/outage"
	"github.com/bacgiang/fwbot/work"
)

// lockName is the lease that makes one bot process the only sender of
// reminders and digests.
const lockName = "scheduler"

// Options configure the scheduler; New checks them.
type Options struct {
	Store     coord.Store
	Catalogue *coord.Catalogue
	Calendar  *coord.WorkCalendar
	Policy    Policy
	// Hour and Minute are when reminders go out (08:00 local).
	Hour, Minute int
	// TrackFrom is the first due date agencies are held to: periods due
	// earlier are never reminded, listed as overdue or scored.
	TrackFrom coord.Date
	// EscalateAfterWorkingDays: an overdue request goes to the coordinator
	// after this many working days past its due.
	EscalateAfterWorkingDays int
	WeeklyDay                time.Weekday
	WeeklyHour, WeeklyMinute int
	MonthlyHour, MonthlyMin  int
	// AdminIDs are the bootstrap admins: they are told privately that next
	// year has no holidays when the coordinator agency has no group.
	AdminIDs []int64
	// KeepDelivered is how long delivered outbox items are kept before the
	// daily prune deletes them (outbox.keep_delivered); 0 keeps them for
	// good. Pending and failed items, and the audit log, are never pruned.
	KeepDelivered time.Duration
	// Work is the use cases the scheduler shares with the chat handlers;
	// New builds it from Catalogue, Calendar and TrackFrom when it is nil.
	Work *work.Service
	// Lock keeps a second bot process from sending too; nil runs unlocked.
	Lock coord.Locker
	// Notify wakes the outbox sender after messages were queued.
	Notify func()
	Clock  coord.Clock
	Log    *slog.Logger
	// TickEvery is how often Run looks at the clock (20 s); LeaseTTL how
	// long the lease lasts without renewal (45 s), so a successor takes
	// over within a minute.
	TickEvery, LeaseTTL time.Duration
	// Wake, when set, makes Run look at the clock at once: the sandbox
	// sends on it after moving its clock forward, so that the morning it
	// jumped to is played without waiting for the next tick.
	Wake <-chan struct{}
	// Metrics counts the reminders and digests queued; nil counts nothing.
	Metrics Metrics
	// Inspections times the inspection reminders; the zero value sends none.
	Inspections InspectionOptions
	// Outage keeps a database that cannot write to one ERROR line a
	// minute, shared with the other writers; nil logs every failed tick.
	Outage *outage.Watch
}

// Metrics is where the scheduler reports what it queued (ops.Metrics
// implements it). Each call follows a commit: what is counted was queued
// to the outbox, once.
type Metrics interface {
	// ReminderSent: kind is deadline, request_overdue,
	// request_escalation or missing_holidays.
	ReminderSent(kind string)
	// DigestSent: kind is weekly, monthly or inputs.
	DigestSent(kind string)
}

// Scheduler sends what is due at a time of day without being asked:
// deadline reminders, overdue-request reminders and escalations, digests.
// Everything it sends is recorded with a once-key in the same transaction,
// so a restart or a second process never sends it twice, and a bot that was
// down at 08:00 catches up the same day (earlier days are not replayed).
type Scheduler struct {
	opt  Options
	work *work.Service
	log  *slog.Logger

	mu     sync.Mutex
	day    coord.Date      // the day of the last Tick; the maps below are that day's
	warned map[string]bool // reminders already reported as undeliverable
	done   map[string]bool // once keys known recorded, so later ticks skip them

	pruned coord.Date // the day the store was last pruned
}

// Marks the store no longer needs: Telegram redelivers an update for 24
// hours at most, and the scheduler consults only today's once keys (a
// missed day is never replayed), so a week and three months leave a wide
// margin.
const (
	keepHandledUpdates = 7 * 24 * time.Hour
	keepOnceKeys       = 90 * 24 * time.Hour
)

// firstWarning reports whether key is warned about for the first time, so
// an undeliverable reminder is logged once, not at every tick.
func (s *Scheduler) firstWarning(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.warned == nil {
		s.warned = map[string]bool{}
	}
	if s.warned[key] {
		return false
	}
	s.warned[key] = true
	return true
}

var _ coord.Digester = (*Scheduler)(nil)

// New validates opt; like a good cron library it refuses a nil clock rather
// than silently using the wall clock.
func New(opt Options) (*Scheduler, error) {
	switch {
	case opt.Store == nil:
		return nil, errors.New("scheduler: nil store")
	case opt.Catalogue == nil || opt.Calendar == nil:
		return nil, errors.New("scheduler: nil catalogue or calendar")
	case opt.Clock == nil:
		return nil, errors.New("scheduler: nil clock")
	case opt.Hour < 0 || opt.Hour > 23 || opt.Minute < 0 || opt.Minute > 59:
		return nil, fmt.Errorf("scheduler: bad time %02d:%02d", opt.Hour, opt.Minute)
	case opt.KeepDelivered < 0:
		return nil, fmt.Errorf("scheduler: negative keep delivered %s", opt.KeepDelivered)
	}
	if opt.TickEvery <= 0 {
		opt.TickEvery = 20 * time.Second
	}
	if opt.LeaseTTL <= 0 {
		opt.LeaseTTL = 45 * time.Second
	}
	if opt.Notify == nil {
		opt.Notify = func() {}
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	switch {
	case opt.Work == nil:
		opt.Work = &work.Service{Catalogue: opt.Catalogue, Calendar: opt.Calendar, TrackFrom: opt.TrackFrom}
	case opt.Work.Catalogue != opt.Catalogue || opt.Work.Calendar != opt.Calendar:
		return nil, errors.New("scheduler: Work has another catalogue or calendar than the scheduler")
	case opt.TrackFrom != opt.Work.TrackFrom:
		// One bound of what is owed for the chat and the scheduler alike.
		return nil, fmt.Errorf("scheduler: TrackFrom %s disagrees with Work.TrackFrom %s", opt.TrackFrom, opt.Work.TrackFrom)
	}
	return &Scheduler{opt: opt, work: opt.Work, log: opt.Log.With("component", "scheduler")}, nil
}

// Run ticks until ctx ends, sending only while it holds the lease.
func (s *Scheduler) Run(ctx context.Context) error {
	defer func() {
		if s.opt.Lock != nil {
			_ = s.opt.Lock.Release(context.WithoutCancel(ctx), lockName)
		}
	}()
	leading := false
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		held := true
		if s.opt.Lock != nil {
			var err error
			held, err = s.opt.Lock.Hold(ctx, lockName, s.opt.LeaseTTL)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				s.log.Warn("cannot reach the scheduler lock; not sending this tick", "err", err)
				held = false
			}
		}
		if held != leading {
			s.log.Info("scheduler lease", "held", held)
			leading = held
		}
		if held {
			if err := s.Tick(ctx, s.opt.Clock.Now()); err != nil && ctx.Err() == nil {
				s.opt.Outage.Error(s.log, "scheduler", "scheduler tick", err)
			}
		}
		// Wake at the next tick, or exactly at 08:00 if that comes sooner,
		// so the morning's reminders do not wait for a tick.
		wait := s.opt.TickEvery
		now := s.opt.Clock.Now()
		for _, at := range []time.Time{s.at(s.opt.Calendar.Today(now), s.opt.Hour, s.opt.Minute),
			s.at(s.opt.Calendar.Today(now), s.opt.WeeklyHour, s.opt.WeeklyMinute),
			s.at(s.opt.Calendar.Today(now), s.opt.MonthlyHour, s.opt.MonthlyMin)} {
			if d := at.Sub(now); d > 0 && d < wait {
				wait = d
			}
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		case <-s.opt.Wake:
			if !timer.Stop() {
				<-timer.C
			}
		}
	}
}

// at is the instant of hh:mm on day.
func (s *Scheduler) at(day coord.Date, hour, minute int) time.Time {
	return time.Date(day.Year, day.Month, day.Day, hour, minute, 0, 0, s.opt.Calendar.Location)
}

// Tick sends everything due by now today that was not sent yet. It is
// idempotent: calling it again (or from another process) sends nothing new.
func (s *Scheduler) Tick(ctx context.Context, now time.Time) error {
	day := s.opt.Calendar.Today(now)
	s.mu.Lock()
	if day != s.day {
		s.day, s.warned, s.done = day, nil, nil
	}
	s.mu.Unlock()
	var errs []error
	if !now.Before(s.at(day, s.opt.Hour, s.opt.Minute)) {
		errs = append(errs, s.sendReminders(ctx, day, now))
		if s.opt.Calendar.IsWorkingDay(day) {
			errs = append(errs, s.requestReminders(ctx, day, now))
			errs = append(errs, s.inspectionReminders(ctx, day, now))
			errs = append(errs, s.noticeReminders(ctx, day, now))
			errs = append(errs, s.broadcastReminders(ctx, day, now))
			errs = append(errs, s.trainingReminders(ctx, day, now))
		}
		errs = append(errs, s.inputsDigests(ctx, day, now))
		errs = append(errs, s.registerChecks(ctx, day, now))
		errs = append(errs, s.warnMissingHolidays(ctx, day, now))
		errs = append(errs, s.prune(ctx, day, now))
	}
	// A meeting's last reminder comes an hour before its start, whatever
	// the hour: looked at on every tick.
	errs = append(errs, s.meetingReminders(ctx, day, now))
	if day.Weekday() == s.opt.WeeklyDay && !now.Before(s.at(day, s.opt.WeeklyHour, s.opt.WeeklyMinute)) {
		errs = append(errs, s.once(ctx, "digest:weekly:"+day.String(), now, func(tx coord.Tx) error {
			_, err := s.Digest(ctx, tx, coord.DigestWeekly, now)
			return err
		}))
	}
	if day == s.opt.Calendar.NextWorkingDay(coord.Date{Year: day.Year, Month: day.Month, Day: 1}) && !now.Before(s.at(day, s.opt.MonthlyHour, s.opt.MonthlyMin)) {
		errs = append(errs, s.once(ctx, fmt.Sprintf("digest:monthly:%04d-%02d", day.Year, int(day.Month)), now, func(tx coord.Tx) error {
			_, err := s.Digest(ctx, tx, coord.DigestMonthly, now)
			return err
		}))
	}
	return errors.Join(errs...)
}

// prune forgets, once a day, the marks the store no longer needs and the
// delivered messages older than KeepDelivered; these tables would otherwise
// only grow.
func (s *Scheduler) prune(ctx context.Context, day coord.Date, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pruned == day {
		return nil
	}
	err := errors.Join(s.opt.Store.PruneHandledUpdates(ctx, now.Add(-keepHandledUpdates)),
		s.opt.Store.PruneOnceKeys(ctx, now.Add(-keepOnceKeys)))
	if s.opt.KeepDelivered > 0 {
		err = errors.Join(err, s.opt.Store.PruneOutbox(ctx, now.Add(-s.opt.KeepDelivered)))
	}
	// The register's retention (personal data): rows past it go, audited.
	err = errors.Join(err, s.opt.Store.Update(ctx, func(tx coord.Tx) error {
		n, err := s.work.PruneRegister(ctx, tx, now)
		if n > 0 {
			s.log.Info("register: rows past retention deleted", "count", n)
		}
		return err
	}))
	if err == nil {
		s.pruned = day
	}
	return err
}

// errNowhere rolls back a send that found no recipient, so it is retried.
var errNowhere = errors.New("no recipient yet")

// once runs fn in a transaction that first records key; it does nothing
// when key was recorded before. A key once seen recorded is remembered for
// the day, so that the ticks after 08:00 do not each open a write
// transaction per reminder only to find it sent.
func (s *Scheduler) once(ctx context.Context, key string, now time.Time, fn func(tx coord.Tx) error) error {
	s.mu.Lock()
	known := s.done[key]
	s.mu.Unlock()
	if known {
		return nil
	}
	sent := false
	err := s.opt.Store.Update(ctx, func(tx coord.Tx) error {
		first, err := tx.Once(ctx, key, now)
		if err != nil || !first {
			return err
		}
		sent = true
		return fn(tx)
	})
	if errors.Is(err, errNowhere) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	s.mu.Lock()
	if s.done == nil {
		s.done = map[string]bool{}
	}
	s.done[key] = true
	s.mu.Unlock()
	if sent {
		s.log.Info("sent", "key", key)
		s.count(key)
		s.opt.Notify()
	}
	return nil
}

// count reports what the once key says was queued. The keys are the
// scheduler's own (and stay as they are: they are stored), so their first
// words say what each one is.
func (s *Scheduler) count(key string) {
	m := s.opt.Metrics
	if m == nil {
		return
	}
	head, rest, _ := strings.Cut(key, ":")
	switch head {
	case "rem":
		m.ReminderSent("deadline")
	case "reqrem":
		m.ReminderSent("request_overdue")
	case "reqesc":
		m.ReminderSent("request_escalation")
	case "warn":
		m.ReminderSent("missing_holidays")
	case "insprem":
		m.ReminderSent("inspection")
	case "inspduty":
		m.ReminderSent("inspection_duty")
	case "notrem":
		m.ReminderSent("notice_unacknowledged")
	case "mtgrem":
		m.ReminderSent("meeting")
	case "bcrem":
		m.ReminderSent("broadcast")
	case "trnrem":
		m.ReminderSent("training")
	case "regexp":
		m.ReminderSent("permits_expiring")
	case "regchk":
		// The day's cross-check run: its alerts are not reminders.
	case "digest":
		kind, _, _ := strings.Cut(rest, ":")
		m.DigestSent(kind)
	default:
		m.ReminderSent("other")
	}
}

// sendReminders sends today's deadline reminders that still apply.
func (s *Scheduler) sendReminders(ctx context.Context, day coord.Date, now time.Time) error {
	var errs []error
	for _, r := range Plan(s.opt.Catalogue, s.opt.Calendar, s.opt.Policy, s.opt.TrackFrom, nil, day) {
		ob, _ := s.opt.Catalogue.Obligation(r.Obligation)
		errs = append(errs, s.once(ctx, r.Key(), now, func(tx coord.Tx) error {
			res, err := s.work.RemindDeadline(ctx, tx, now, work.Due{Kind: r.Kind, Obligation: ob, Agency: r.Agency, Deadline: r.Deadline})
			switch {
			case err != nil:
				return err
			case res.Nowhere:
				// Not recorded as sent: if the agency binds a group or enrols
				// an officer later today, the next tick delivers it.
				if s.firstWarning(r.Key()) {
					s.log.Warn("reminder has nowhere to go yet: no group and no officer", "agency", r.Agency, "obligation", r.Obligation, "period", r.Deadline.Period.String())
				}
				return errNowhere
			}
			return coord.EnqueueAll(ctx, tx, res.Messages, now)
		}))
	}
	return errors.Join(errs...)
}

// requestReminders reminds the target of every overdue request each working
// day, and escalates to the coordination group once it is late enough.
func (s *Scheduler) requestReminders(ctx context.Context, day coord.Date, now time.Time) error {
	var overdue []coord.Request
	err := s.opt.Store.View(ctx, func(tx coord.Tx) error {
		var err error
		overdue, err = tx.Requests(ctx, coord.RequestFilter{States: coord.OpenStates, DueBefore: day})
		return err
	})
	if err != nil {
		return fmt.Errorf("list overdue requests: %w", err)
	}
	var errs []error
	for _, r := range overdue {
		late := s.opt.Calendar.WorkingDaysBetween(r.Due, day)
		errs = append(errs, s.once(ctx, fmt.Sprintf("reqrem:%d:%s", r.ID, day), now, func(tx coord.Tx) error {
			res, err := s.work.RemindOverdue(ctx, tx, now, r.ID, late)
			if err != nil {
				return err
			}
			return coord.EnqueueAll(ctx, tx, res.Messages, now)
		}))
		if s.opt.EscalateAfterWorkingDays > 0 && late >= s.opt.EscalateAfterWorkingDays {
			errs = append(errs, s.once(ctx, fmt.Sprintf("reqesc:%d", r.ID), now, func(tx coord.Tx) error {
				res, err := s.work.Escalate(ctx, tx, now, r.ID, late)
				if err != nil {
					return err
				}
				return coord.EnqueueAll(ctx, tx, res.Messages, now)
			}))
		}
	}
	return errors.Join(errs...)
}

package scheduler

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

// weeklyHorizon is how far ahead the weekly digest looks.
const weeklyHorizon = 14

// Digest builds and queues one digest now (coord.Digester): the scheduler
// calls it on its days and /digest calls it on demand.
func (s *Scheduler) Digest(ctx context.Context, tx coord.Tx, kind string, now time.Time) ([]int64, error) {
	day := s.opt.Calendar.Today(now)
	switch kind {
	case coord.DigestWeekly:
		text, err := s.weeklyText(ctx, tx, day, now)
		if err != nil {
			return nil, err
		}
		return s.post(ctx, tx, coord.CoordGroup, text, now)
	case coord.DigestMonthly:
		text, err := s.monthlyText(ctx, tx, day, now)
		if err != nil {
			return nil, err
		}
		return s.post(ctx, tx, coord.CoordGroup, text, now)
	case coord.DigestInputs:
		var chats []int64
		said := false
		for _, ob := range s.opt.Catalogue.Obligations {
			if len(ob.Inputs) == 0 {
				continue
			}
			p, ok := s.latestInputsPeriod(ob, day)
			if !ok {
				continue
			}
			text, err := s.inputsText(ctx, tx, ob, p, now)
			if err != nil {
				return nil, err
			}
			if text == nil {
				continue
			}
			c, err := s.post(ctx, tx, s.opt.Catalogue.Coordinator().Code, text, now)
			if err != nil {
				return nil, err
			}
			chats = append(chats, c...)
			said = true
		}
		if !said {
			return nil, coord.ErrNothingToDigest
		}
		return chats, nil
	}
	return nil, coord.Errorf(coord.EInvalid, "unknown digest %q", kind)
}

// post queues text, rendered in each reader's language, for code's group
// (or its officers).
func (s *Scheduler) post(ctx context.Context, tx coord.Tx, code string, text func(coord.Lang) string, now time.Time) ([]int64, error) {
	recipients, mode, err := coord.Reach(ctx, tx, code)
	if err != nil {
		return nil, err
	}
	if mode == coord.Unreachable {
		s.log.Warn("digest has nowhere to go", "to", code)
	}
	var chats []int64
	for _, r := range recipients {
		if err := coord.EnqueueText(ctx, tx, r.ChatID, text(r.Lang), "", now); err != nil {
			return nil, err
		}
		chats = append(chats, r.ChatID)
	}
	return chats, nil
}

// weeklyObligation is what the weekly digest needs of one obligation, the
// same for every agency responsible for it, so it is computed and read once
// per obligation rather than once per agency: the periods tracked
// (coord.Tracked, the periods /status and the monthly digest judge), which
// agencies submitted each, and the deadlines of the coming days. The digest
// only says whether a period was submitted, so it asks the store no more
// than that: reading every version of every tracked period of every agency
// would take far longer than the digest may.
type weeklyObligation struct {
	tracked coord.TrackedPeriods
	index   map[string]int // period label → its index in tracked
	// submitted[agency][i] says whether agency submitted tracked[i]; nil
	// for an agency that submitted none of them.
	submitted map[string][]bool
	upcoming  []coord.Deadline
}

func (s *Scheduler) weeklyObligation(ctx context.Context, tx coord.Tx, ob coord.Obligation, day coord.Date, now, to time.Time) (*weeklyObligation, error) {
	w := &weeklyObligation{tracked: coord.Tracked(s.opt.Calendar, ob, day, s.opt.TrackFrom),
		upcoming: s.opt.Calendar.Coming(ob, s.opt.TrackFrom, now, to), submitted: map[string][]bool{}}
	labels := w.tracked.Labels()
	w.index = make(map[string]int, len(labels))
	for i, l := range labels {
		w.index[l] = i
	}
	sub, err := tx.SubmittedPeriods(ctx, ob.ID, labels)
	if err != nil {
		return nil, err
	}
	for i, l := range labels {
		for _, a := range sub[l] {
			got := w.submitted[a]
			if got == nil {
				got = make([]bool, len(labels))
				w.submitted[a] = got
			}
			got[i] = true
		}
	}
	return w, nil
}

// weeklyText is the weekly digest of day: the facts per agency, put into
// words by texts.WeeklyDigest in each reader's language.
func (s *Scheduler) weeklyText(ctx context.Context, tx coord.Tx, day coord.Date, now time.Time) (func(coord.Lang) string, error) {
	loc := s.opt.Calendar.Location
	to := day.AddDays(weeklyHorizon).At(loc)
	counts, err := tx.RequestCounts(ctx, day)
	if err != nil {
		return nil, err
	}
	obligations := map[string]*weeklyObligation{}
	var agencies []texts.WeeklyAgency
	for _, a := range s.opt.Catalogue.Agencies {
		if a.External() {
			continue
		}
		wa := texts.WeeklyAgency{Name: a.Name, Code: a.Code, Requests: counts[a.Code]}
		for _, ob := range s.opt.Catalogue.ObligationsOf(a.Code) {
			w := obligations[ob.ID]
			if w == nil {
				if w, err = s.weeklyObligation(ctx, tx, ob, day, now, to); err != nil {
					return nil, err
				}
				obligations[ob.ID] = w
			}
			got := w.submitted[a.Code]
			for i, dl := range w.tracked {
				if (got == nil || !got[i]) && coord.Overdue(ob, dl, s.opt.TrackFrom, now) {
					wa.Overdue = append(wa.Overdue, texts.WeeklyDue{Obligation: ob.ID, Deadline: dl, LateDays: dl.LateDays(now)})
				}
			}
			for _, dl := range w.upcoming {
				i, ok := w.index[dl.Period.String()]
				wa.Upcoming = append(wa.Upcoming, texts.WeeklyDue{Obligation: ob.ID, Deadline: dl, Submitted: ok && got != nil && got[i]})
			}
		}
		agencies = append(agencies, wa)
	}
	annual, err := work.Annual(ctx, tx, day.Year)
	if err != nil {
		return nil, err
	}
	open, err := s.openFeedbacks(ctx, tx)
	if err != nil {
		return nil, err
	}
	return func(lang coord.Lang) string {
		text := texts.WeeklyDigest(day, weeklyHorizon, agencies, lang) + "\n\n" + annual.Line(s.opt.Catalogue, lang)
		if line := texts.OpenFeedbacks(open, lang); line != "" {
			text += "\n\n" + line
		}
		return text
	}, nil
}

// inputsDay is when the inputs digest of (ob, p) goes out: the first working
// day after the last input's last on-time day.
func (s *Scheduler) inputsDay(ob coord.Obligation, p coord.Period) (coord.Date, bool) {
	var last coord.Date
	found := false
	for _, id := range ob.Inputs {
		in, ok := s.opt.Catalogue.Obligation(id)
		if !ok {
			continue
		}
		dl, ok := s.opt.Calendar.DeadlineOf(in, p)
		if !ok {
			continue
		}
		if !found || last.Before(dl.LastDay()) {
			last, found = dl.LastDay(), true
		}
	}
	if !found {
		return coord.Date{}, false
	}
	return s.opt.Calendar.NextWorkingDay(last.AddDays(1)), true
}

// latestInputsPeriod is the most recent period of ob whose inputs digest
// day is on or before day.
func (s *Scheduler) latestInputsPeriod(ob coord.Obligation, day coord.Date) (coord.Period, bool) {
	var best coord.Period
	var bestDay coord.Date
	found := false
	for _, sc := range ob.Schedules {
		p := coord.PeriodContaining(sc.Cadence, day.AddDays(-800))
		for !day.Before(p.Start()) {
			if d, ok := s.inputsDay(ob, p); ok && !day.Before(d) && (!found || bestDay.Before(d)) {
				best, bestDay, found = p, d, true
			}
			p = p.Next()
		}
	}
	return best, found
}

// inputsDigests sends, on its day, which inputs of each consolidated report
// arrived, into the coordinator's group.
func (s *Scheduler) inputsDigests(ctx context.Context, day coord.Date, now time.Time) error {
	for _, ob := range s.opt.Catalogue.Obligations {
		if len(ob.Inputs) == 0 {
			continue
		}
		for _, sc := range ob.Schedules {
			// The periods whose inputs were due within the last weeks.
			for p := coord.PeriodContaining(sc.Cadence, day.AddDays(-400)); !day.Before(p.Start()); p = p.Next() {
				if d, ok := s.inputsDay(ob, p); !ok || d != day {
					continue
				}
				ob, p := ob, p
				key := fmt.Sprintf("digest:inputs:%s:%s", ob.ID, p)
				if err := s.once(ctx, key, now, func(tx coord.Tx) error {
					text, err := s.inputsText(ctx, tx, ob, p, now)
					if err != nil || text == nil {
						return err
					}
					_, err = s.post(ctx, tx, s.opt.Catalogue.Coordinator().Code, text, now)
					return err
				}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// inputsText says which inputs of the consolidated report ob arrived for
// period p, in each reader's language; nil when the bot tracks none of the
// inputs' deadlines (they were all due before tracking began), since an
// input nobody was held to cannot be missing.
func (s *Scheduler) inputsText(ctx context.Context, tx coord.Tx, ob coord.Obligation, p coord.Period, now time.Time) (func(coord.Lang) string, error) {
	type input struct {
		id, agency string
		at         time.Time // zero: missing
	}
	var inputs []input
	var last coord.Deadline
	tracked := false
	for _, id := range ob.Inputs {
		in, ok := s.opt.Catalogue.Obligation(id)
		if !ok {
			continue
		}
		dl, ok := s.opt.Calendar.DeadlineOf(in, p)
		if !ok {
			continue
		}
		track := coord.Tracks(dl, s.opt.TrackFrom)
		if track {
			tracked = true
			if last.Due.IsZero() || last.EffectiveDue.Before(dl.EffectiveDue) {
				last = dl
			}
		}
		subs, err := tx.Submissions(ctx, coord.SubmissionFilter{Obligation: id, Period: p.String(), NoFiles: true})
		if err != nil {
			return nil, err
		}
		arrived := map[string]time.Time{}
		for _, sub := range subs {
			if _, ok := arrived[sub.Agency]; !ok {
				arrived[sub.Agency] = sub.SubmittedAt
			}
		}
		for _, from := range in.From {
			// Missing: still owed (an empty month of a "nếu có" input, or
			// one due before tracking began, is not).
			if t, ok := arrived[from]; ok || coord.Owes(in, dl, s.opt.TrackFrom, now) {
				inputs = append(inputs, input{id, from, t})
			}
		}
	}
	if !tracked {
		return nil, nil
	}
	arrivals := make([]texts.InputArrival, 0, len(inputs))
	for _, in := range inputs {
		arrivals = append(arrivals, texts.InputArrival{Obligation: in.id, AgencyName: agencyName(s.opt.Catalogue, in.agency), At: in.at})
	}
	// The coordinator's half-year and yearly report (6.6) also tells of the
	// period's dissemination and training activities, counted per agency.
	var trainings []texts.TrainingCount
	withTrainings := (p.Cadence == coord.HalfYear1 || p.Cadence == coord.Yearly) && slices.Contains(ob.From, s.opt.Catalogue.Coordinator().Code)
	if withTrainings {
		var err error
		if trainings, err = s.work.TrainingCounts(ctx, tx, p.Start(), p.End()); err != nil {
			return nil, err
		}
	}
	// And of the difficulties the agencies reported in it (Điều 18).
	var feedbacks []texts.FeedbackItem
	if withTrainings {
		var err error
		if feedbacks, err = s.periodFeedbacks(ctx, tx, p); err != nil {
			return nil, err
		}
	}
	// The coordinator's own reports (6.4, 6.6) are written from the
	// register's figures of the period too.
	var figures *coord.RegisterFigures
	if slices.Contains(ob.From, s.opt.Catalogue.Coordinator().Code) {
		var err error
		if figures, err = s.work.RegisterFigures(ctx, tx, p.Start(), p.End()); err != nil {
			return nil, err
		}
	}
	return func(lang coord.Lang) string {
		text := texts.InputsDigest(ob.ID, p, last, arrivals, s.opt.Calendar.Location, lang)
		if withTrainings {
			text += "\n\n" + texts.TrainingsOfPeriod(p, trainings, lang) + "\n\n" + texts.FeedbacksOfPeriod(p, feedbacks, lang)
		}
		if figures != nil {
			text += "\n\n" + s.work.RegisterFiguresText(figures, lang)
		}
		return text
	}, nil
}

// monthlyObligation is what the monthly digest needs of one obligation,
// read once for every agency responsible for it: the deadlines due last
// month since tracking began, and the versions of those periods by agency,
// without files, which TrackedPeriods.States judges by the rule /status
// uses.
type monthlyObligation struct {
	due      coord.TrackedPeriods
	versions map[string][]coord.Submission // by agency, oldest first
}

func (s *Scheduler) monthlyObligation(ctx context.Context, tx coord.Tx, ob coord.Obligation, from, to time.Time) (*monthlyObligation, error) {
	// The month's deadlines are those whose last on-time day (extension
	// included) fell in it (coord.WorkCalendar.ScoredIn).
	m := &monthlyObligation{due: s.opt.Calendar.ScoredIn(ob, s.opt.TrackFrom, from, to), versions: map[string][]coord.Submission{}}
	if len(m.due) == 0 {
		return m, nil
	}
	subs, err := tx.Submissions(ctx, coord.SubmissionFilter{Obligation: ob.ID, Periods: m.due.Labels(), NoFiles: true})
	if err != nil {
		return nil, err
	}
	for _, sub := range subs {
		m.versions[sub.Agency] = append(m.versions[sub.Agency], sub)
	}
	return m, nil
}

// monthlyText is last month's on-time record: every deadline due in that
// month, per agency, judged against its effective due.
func (s *Scheduler) monthlyText(ctx context.Context, tx coord.Tx, day coord.Date, now time.Time) (func(coord.Lang) string, error) {
	loc := s.opt.Calendar.Location
	first := coord.Date{Year: day.Year, Month: day.Month, Day: 1}
	prev := first.AddDays(-1)
	monthStart := coord.Date{Year: prev.Year, Month: prev.Month, Day: 1}
	obligations := map[string]*monthlyObligation{}
	var agencies []texts.MonthlyAgency
	for _, a := range s.opt.Catalogue.Agencies {
		obs := s.opt.Catalogue.ObligationsOf(a.Code)
		if len(obs) == 0 {
			continue
		}
		ma := texts.MonthlyAgency{Name: a.Name}
		for _, ob := range obs {
			m := obligations[ob.ID]
			if m == nil {
				var err error
				if m, err = s.monthlyObligation(ctx, tx, ob, monthStart.At(loc), first.At(loc)); err != nil {
					return nil, err
				}
				obligations[ob.ID] = m
			}
			for _, p := range m.due.States(m.versions[a.Code]) {
				switch p.Outcome(ob, s.opt.TrackFrom, now) {
				case coord.OutcomeOnTime:
					ma.OnTime++
				case coord.OutcomeLate:
					ma.Late++
				case coord.OutcomeNothing:
					ma.Nothing++
				default: // the month is over: whatever was not sent is missing
					ma.Missing++
					ma.MissingPeriods = append(ma.MissingPeriods, texts.WeeklyDue{Obligation: ob.ID, Deadline: p.Deadline})
				}
			}
		}
		if ma.OnTime+ma.Late+ma.Missing+ma.Nothing > 0 {
			agencies = append(agencies, ma)
		}
	}
	// The annual inspection of the year the scored month belongs to.
	annual, err := work.Annual(ctx, tx, prev.Year)
	if err != nil {
		return nil, err
	}
	// The year's dissemination and training activities, through the scored
	// month (Điều 3.1, 6.2).
	trainings, err := s.work.TrainingCounts(ctx, tx, coord.Date{Year: prev.Year, Month: time.January, Day: 1}, prev)
	if err != nil {
		return nil, err
	}
	return func(lang coord.Lang) string {
		return texts.MonthlyDigest(prev, agencies, lang) + "\n\n" + annual.Line(s.opt.Catalogue, lang) + "\n\n" +
			texts.TrainingsYear(prev.Year, prev, trainings, lang)
	}, nil
}

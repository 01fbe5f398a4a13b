package scheduler_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/scheduler"
)

// Days below were checked with `date -d`: 01/10/2027 is a Friday, so the
// 7-day windows of 2027 start on Fridays (01/10, 08/10, …, 24/12, 31/12),
// and October–December 2027 have no holiday, so each window's warning goes
// out on its Friday. 01/10/2028 is a Sunday: the windows of 2028 start on
// Sundays and their first working day is the Monday after.

// withoutYear is cal as if config.yaml had no list for year.
func withoutYear(cal *coord.WorkCalendar, year int) *coord.WorkCalendar {
	c := *cal
	c.Holidays, c.ExtraWorkingDays, c.Provisional = map[coord.Date]string{}, map[coord.Date]string{}, map[int]bool{}
	for d, name := range cal.Holidays {
		if d.Year != year {
			c.Holidays[d] = name
		}
	}
	for d, name := range cal.ExtraWorkingDays {
		if d.Year != year {
			c.ExtraWorkingDays[d] = name
		}
	}
	for y := range cal.Provisional {
		if y != year {
			c.Provisional[y] = true
		}
	}
	return &c
}

// holidayWarnings keeps the warnings about a missing holiday list.
func holidayWarnings(msgs []coord.OutMessage) []coord.OutMessage {
	var out []coord.OutMessage
	for _, m := range msgs {
		if strings.HasPrefix(m.Text, "📅") {
			out = append(out, m)
		}
	}
	return out
}

// warningsAt ticks s at t and returns the holiday warnings it queued.
func (w *world) warningsAt(s *scheduler.Scheduler, t time.Time) []coord.OutMessage {
	w.t.Helper()
	return holidayWarnings(w.tick(s, t))
}

// checkNamesKeys fails unless text names the keys to fill for year.
func checkNamesKeys(t *testing.T, text string, year string) {
	t.Helper()
	for _, want := range []string{"config.yaml", "calendar.holidays → " + year + ":", "calendar.extra_working_days → " + year + ":", "calendar.provisional_years"} {
		if !strings.Contains(text, want) {
			t.Errorf("warning does not name %q:\n%s", want, text)
		}
	}
}

// onceRecorded reports whether key was in the store's once log (it is from
// now on: callers fail when it was not).
func (w *world) onceRecorded(key string) bool {
	w.t.Helper()
	recorded := false
	err := w.store.Update(context.Background(), func(tx coord.Tx) error {
		first, err := tx.Once(context.Background(), key, w.clock())
		recorded = !first
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return recorded
}

func TestHolidayWarning(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		w := newWorld(t)
		cal := withoutYear(w.cfg.Calendar, 2028)
		opts := func(o *scheduler.Options) { o.Calendar, o.AdminIDs = cal, []int64{501} }
		s := w.scheduler(opts)
		group := w.group[w.cfg.Catalogue.Coordinator().Code]

		if got := w.warningsAt(s, w.at(2027, 9, 30, 8, 0)); len(got) != 0 {
			t.Fatalf("30/09/2027: %d warnings, want none before October", len(got))
		}
		if got := w.warningsAt(s, w.at(2027, 10, 1, 7, 59)); len(got) != 0 {
			t.Fatalf("01/10/2027 07:59: %d warnings, want none before reminders.time", len(got))
		}
		got := w.warningsAt(s, w.at(2027, 10, 1, 8, 0))
		if len(got) != 1 || got[0].ChatID != group {
			t.Fatalf("01/10/2027 08:00: %+v, want one warning in the coordinator's group %d", got, group)
		}
		checkNamesKeys(t, got[0].Text, "2028")
		if !strings.Contains(got[0].Text, "Chưa có lịch nghỉ lễ năm 2028") {
			t.Errorf("the group's warning is not in Vietnamese:\n%s", got[0].Text)
		}
		if !w.onceRecorded("warn:holidays:2028:2027-10-01") {
			t.Error("once key warn:holidays:2028:2027-10-01 not recorded")
		}

		if got := w.warningsAt(s, w.at(2027, 10, 1, 15, 0)); len(got) != 0 {
			t.Errorf("01/10/2027 15:00: %d warnings sent again", len(got))
		}
		if got := w.warningsAt(w.scheduler(opts), w.at(2027, 10, 1, 15, 0)); len(got) != 0 {
			t.Errorf("01/10/2027 15:00 after a restart: %d warnings sent again", len(got))
		}
		for d := 2; d <= 7; d++ {
			if got := w.warningsAt(s, w.at(2027, 10, d, 8, 0)); len(got) != 0 {
				t.Errorf("%02d/10/2027: %d warnings within the first week", d, len(got))
			}
		}
		got = w.warningsAt(s, w.at(2027, 10, 8, 8, 0))
		if len(got) != 1 || got[0].ChatID != group {
			t.Fatalf("08/10/2027: %+v, want one warning in the coordinator's group", got)
		}
		checkNamesKeys(t, got[0].Text, "2028")
	})

	t.Run("WeeklyOverTheQuarter", func(t *testing.T) {
		w := newWorld(t)
		s := w.scheduler(func(o *scheduler.Options) { o.Calendar = withoutYear(w.cfg.Calendar, 2028) })
		var days []string
		for d := (coord.Date{Year: 2027, Month: time.September, Day: 25}); d.Before(coord.Date{Year: 2028, Month: time.January, Day: 10}); d = d.AddDays(1) {
			for _, hour := range []int{8, 15} {
				for range w.warningsAt(s, w.at(d.Year, d.Month, d.Day, hour, 0)) {
					days = append(days, d.String())
				}
			}
		}
		want := []string{
			"2027-10-01", "2027-10-08", "2027-10-15", "2027-10-22", "2027-10-29",
			"2027-11-05", "2027-11-12", "2027-11-19", "2027-11-26",
			"2027-12-03", "2027-12-10", "2027-12-17", "2027-12-24", "2027-12-31",
			// 2028 began without a list: warned from 1 January on, in
			// windows from 01/01 (Sat); Mon 03/01 is the first working day.
			"2028-01-03",
		}
		if !slices.Equal(days, want) {
			t.Errorf("warnings on\n\t%v\nwant\n\t%v", days, want)
		}
	})

	t.Run("ListConfigured", func(t *testing.T) {
		w := newWorld(t)
		s := w.scheduler() // config.yaml lists 2028
		for d := (coord.Date{Year: 2027, Month: time.October, Day: 1}); d.Year == 2027; d = d.AddDays(1) {
			if got := w.warningsAt(s, w.at(d.Year, d.Month, d.Day, 8, 0)); len(got) != 0 {
				t.Fatalf("%s: %d warnings although 2028 is configured", d, len(got))
			}
		}
	})

	// 2029 has no list in config.yaml. 01/10/2028 is a Sunday: the first
	// window's warning goes out on Monday 02/10, the second's on Monday
	// 09/10, both keyed by the window's Sunday.
	t.Run("FirstWorkingDayOfTheWindow", func(t *testing.T) {
		w := newWorld(t)
		s := w.scheduler()
		if got := w.warningsAt(s, w.at(2028, 10, 1, 8, 0)); len(got) != 0 {
			t.Fatalf("Sunday 01/10/2028: %d warnings", len(got))
		}
		got := w.warningsAt(s, w.at(2028, 10, 2, 8, 0))
		if len(got) != 1 {
			t.Fatalf("Monday 02/10/2028: %d warnings, want 1", len(got))
		}
		checkNamesKeys(t, got[0].Text, "2029")
		if !w.onceRecorded("warn:holidays:2029:2028-10-01") {
			t.Error("once key warn:holidays:2029:2028-10-01 not recorded")
		}
		for _, d := range []int{3, 8} {
			if got := w.warningsAt(s, w.at(2028, 10, d, 8, 0)); len(got) != 0 {
				t.Errorf("%02d/10/2028: %d warnings", d, len(got))
			}
		}
		if got := w.warningsAt(s, w.at(2028, 10, 9, 8, 0)); len(got) != 1 {
			t.Errorf("Monday 09/10/2028: %d warnings, want 1", len(got))
		}
	})

	// A bot down on the whole first working day of a window does not send
	// that window's warning later in the week (a missed day is never
	// replayed); the next window's comes on time.
	t.Run("MissedDayNotReplayed", func(t *testing.T) {
		w := newWorld(t)
		s := w.scheduler()
		if got := w.warningsAt(s, w.at(2028, 10, 3, 8, 0)); len(got) != 0 {
			t.Errorf("Tuesday 03/10/2028: %d warnings, want none (Monday 02/10 was missed)", len(got))
		}
		if got := w.warningsAt(s, w.at(2028, 10, 9, 9, 30)); len(got) != 1 {
			t.Errorf("Monday 09/10/2028 09:30: %d warnings, want 1", len(got))
		}
	})

	t.Run("TwoProcesses", func(t *testing.T) {
		w := newWorld(t)
		cal := withoutYear(w.cfg.Calendar, 2028)
		opts := func(o *scheduler.Options) { o.Calendar = cal }
		a, b := w.scheduler(opts), w.scheduler(opts)
		at := w.at(2027, 10, 1, 8, 0)
		w.setNow(at)
		var wg sync.WaitGroup
		for _, s := range []*scheduler.Scheduler{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := s.Tick(context.Background(), at); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if got := holidayWarnings(w.sent()); len(got) != 1 {
			t.Errorf("%d warnings from two processes, want 1", len(got))
		}
	})

	t.Run("NoCoordinatorGroupToBootstrapAdmins", func(t *testing.T) {
		w := bareWorld(t)
		coordinator := w.cfg.Catalogue.Coordinator().Code
		w.putUsers(
			coord.User{TelegramID: 501, Agency: coordinator, Role: coord.RoleAdmin, Lang: coord.LangEN},
			coord.User{TelegramID: 502, Agency: coordinator, Role: coord.RoleAdmin, Lang: coord.LangVI},
			// Not an admin: the warning is for those who edit config.yaml.
			coord.User{TelegramID: 601, Agency: coordinator, Role: coord.RoleOfficer, Lang: coord.LangEN},
		)
		// 503 never wrote to the bot: Vietnamese.
		s := w.scheduler(func(o *scheduler.Options) {
			o.Calendar, o.AdminIDs = withoutYear(w.cfg.Calendar, 2028), []int64{501, 502, 503}
		})
		got := map[int64]string{}
		for _, m := range w.warningsAt(s, w.at(2027, 10, 1, 8, 0)) {
			if _, dup := got[m.ChatID]; dup {
				t.Errorf("chat %d warned twice", m.ChatID)
			}
			got[m.ChatID] = m.Text
		}
		if len(got) != 3 {
			t.Fatalf("warned %d chats (%v), want the 3 bootstrap admins", len(got), got)
		}
		for id, lang := range map[int64]coord.Lang{501: coord.LangEN, 502: coord.LangVI, 503: coord.LangVI} {
			text := got[id]
			checkNamesKeys(t, text, "2028")
			heading := "Chưa có lịch nghỉ lễ năm 2028"
			if lang == coord.LangEN {
				heading = "No public holidays configured for 2028"
			}
			if !strings.Contains(text, heading) {
				t.Errorf("admin %d (%s): got\n%s\nwant it to contain %q", id, lang, text, heading)
			}
		}
		if got := w.warningsAt(s, w.at(2027, 10, 1, 15, 0)); len(got) != 0 {
			t.Errorf("01/10/2027 15:00: %d warnings sent again", len(got))
		}
	})

	// Without a group and without bootstrap admins the coordinator's
	// officers are told; with nobody at all nothing is recorded, so a
	// group bound later the same day still gets the warning.
	t.Run("NoGroupNoAdmins", func(t *testing.T) {
		w := bareWorld(t)
		coordinator := w.cfg.Catalogue.Coordinator().Code
		s := w.scheduler(func(o *scheduler.Options) { o.Calendar = withoutYear(w.cfg.Calendar, 2028) })
		if got := w.warningsAt(s, w.at(2027, 10, 1, 8, 0)); len(got) != 0 {
			t.Fatalf("%d warnings with nobody to reach", len(got))
		}
		w.putUsers(coord.User{TelegramID: 601, Agency: coordinator, Role: coord.RoleOfficer, Lang: coord.LangEN})
		got := w.warningsAt(s, w.at(2027, 10, 1, 9, 0))
		if len(got) != 1 || got[0].ChatID != 601 || !strings.Contains(got[0].Text, "No public holidays configured for 2028") {
			t.Fatalf("%+v, want one English warning to officer 601", got)
		}
	})
}

// bareWorld is a world where no chat is bound and nobody is enrolled.
func bareWorld(t *testing.T) *world { return baseWorld(t) }

// putUsers enrols us.
func (w *world) putUsers(us ...coord.User) {
	w.t.Helper()
	err := w.store.Update(context.Background(), func(tx coord.Tx) error {
		for _, u := range us {
			u.CreatedAt, u.UpdatedAt = time.Now(), time.Now()
			if err := tx.PutUser(context.Background(), u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

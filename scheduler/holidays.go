package scheduler

import (
	"context"
	"fmt"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// The Government announces each year's days off late in the year before,
// and config.yaml holds them by hand: a year without a list makes every
// deadline in it skip weekends only. From 1 October of year Y the admins are
// told, once a week, while Y+1 has no list.
const (
	holidayWarningFrom = time.October
	holidayWarningDays = 7 // a window; one warning each
)

// holidayWindow is the 7-day window, counted from 1 October of day's year,
// that day falls in, and whether day is the window's first working day: the
// one day its warning goes out. A window that ends the year may be shorter;
// one without a working day in the year sends nothing.
func holidayWindow(cal *coord.WorkCalendar, from, day coord.Date) (start coord.Date, sendToday bool) {
	start = from
	for next := start.AddDays(holidayWarningDays); !day.Before(next); next = next.AddDays(holidayWarningDays) {
		start = next
	}
	for i := 0; i < holidayWarningDays; i++ {
		d := start.AddDays(i)
		if d.Year != day.Year {
			break
		}
		if cal.IsWorkingDay(d) {
			return start, d == day
		}
	}
	return start, false
}

// warnMissingHolidays tells the admins, from 1 October, that next year has
// no holidays in config.yaml, once per window (across restarts and
// processes: the once key names the year and the window).
func (s *Scheduler) warnMissingHolidays(ctx context.Context, day coord.Date, now time.Time) error {
	// The year under way without a list is the more urgent (its deadlines
	// are being computed now): warned from 1 January; next year from 1
	// October.
	year, from := day.Year, coord.Date{Year: day.Year, Month: time.January, Day: 1}
	if s.opt.Calendar.HasHolidays(year) {
		year, from = day.Year+1, coord.Date{Year: day.Year, Month: holidayWarningFrom, Day: 1}
		if day.Before(from) || s.opt.Calendar.HasHolidays(year) {
			return nil
		}
	}
	start, today := holidayWindow(s.opt.Calendar, from, day)
	if !today {
		return nil
	}
	key := fmt.Sprintf("warn:holidays:%d:%s", year, start)
	return s.once(ctx, key, now, func(tx coord.Tx) error {
		recipients, err := s.adminRecipients(ctx, tx)
		if err != nil {
			return err
		}
		if len(recipients) == 0 {
			// Not recorded: a group bound or an admin enrolled later
			// today still gets it.
			if s.firstWarning(key) {
				s.log.Warn("holiday warning has nowhere to go: the coordinator has no group, no admin and no officer", "year", year)
			}
			return errNowhere
		}
		for _, rc := range recipients {
			if err := coord.EnqueueText(ctx, tx, rc.ChatID, txtMissingHolidays.In(rc.Lang, year), "", now); err != nil {
				return err
			}
		}
		return nil
	})
}

// adminRecipients are where the people who edit config.yaml read: the
// coordinator agency's group; without one, each bootstrap admin privately in
// the language they chose (Vietnamese if they never wrote to the bot);
// without bootstrap admins, the coordinator's officers privately.
func (s *Scheduler) adminRecipients(ctx context.Context, tx coord.Tx) ([]coord.Recipient, error) {
	recipients, mode, err := coord.Reach(ctx, tx, s.opt.Catalogue.Coordinator().Code)
	if err != nil || mode == coord.ToGroup || len(s.opt.AdminIDs) == 0 {
		return recipients, err
	}
	out := make([]coord.Recipient, 0, len(s.opt.AdminIDs))
	for _, id := range s.opt.AdminIDs {
		rc := coord.Recipient{ChatID: id, Lang: coord.LangVI}
		u, err := tx.User(ctx, id)
		switch {
		case err == nil && u.Lang != "":
			rc.Lang = u.Lang
		case err != nil && coord.ErrorCode(err) != coord.ENotFound:
			return nil, fmt.Errorf("find admin %d: %w", id, err)
		}
		out = append(out, rc)
	}
	return out, nil
}

// txtMissingHolidays names the keys of config.yaml to fill for a year.
var txtMissingHolidays = msg{
	VI: "📅 Chưa có lịch nghỉ lễ năm %[1]d\n" +
		"Tệp config.yaml chưa khai báo ngày nghỉ lễ nào cho năm %[1]d, nên bot đang tính hạn nộp báo cáo năm %[1]d như thể chỉ nghỉ thứ Bảy và Chủ nhật.\n" +
		"Đề nghị quản trị viên bổ sung trong config.yaml:\n" +
		"• calendar.holidays → %[1]d: các ngày nghỉ lễ, Tết rơi vào thứ Hai đến thứ Sáu (kể cả ngày nghỉ bù, nghỉ hoán đổi);\n" +
		"• calendar.extra_working_days → %[1]d: các ngày làm bù ([] nếu không có)\n" +
		"theo thông báo của Chính phủ / Bộ Nội vụ, rồi khởi động lại bot. Khi chưa có thông báo, có thể ghi tạm các ngày theo Điều 112 Bộ luật Lao động 2019 và thêm %[1]d vào calendar.provisional_years.\n" +
		"Tin nhắn này được nhắc lại hằng tuần cho đến khi có lịch nghỉ năm %[1]d.",
	EN: "📅 No public holidays configured for %[1]d\n" +
		"config.yaml lists no holiday for %[1]d, so the bot computes the %[1]d report deadlines as if only Saturdays and Sundays were days off.\n" +
		"Please add to config.yaml:\n" +
		"• calendar.holidays → %[1]d: the holidays falling Monday to Friday (make-up and swapped days off included);\n" +
		"• calendar.extra_working_days → %[1]d: the make-up working days ([] if none)\n" +
		"from the Government's / Ministry of Home Affairs' announcement, then restart the bot. Until it is announced, list the days fixed by the Labour Code 2019, Article 112, and add %[1]d to calendar.provisional_years.\n" +
		"This reminder repeats every week until %[1]d has holidays.",
}

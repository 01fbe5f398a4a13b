// Package texts holds the words the bot says that more than one part of it
// says: the Msg type of every user-visible text, and the one way a deadline,
// a period and the basis of a deadline are put into words. Handlers and the
// scheduler both render through it, so a view can never call a different day
// the deadline than a reminder does.
//
// It depends on coord only; nothing here knows Telegram, SQL or Redis.
package texts

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/bacgiang/fwbot/coord"
)

// Msg is one user-visible text in Vietnamese (the default) and English
// (/lang en). Keeping both in one value makes a missing translation a
// matter of an empty field, checked by a test.
type Msg struct{ VI, EN string }

// In renders the text in lang with fmt-style args.
func (m Msg) In(lang coord.Lang, args ...any) string {
	f := m.VI
	if lang == coord.LangEN && m.EN != "" {
		f = m.EN
	}
	if len(args) == 0 {
		return f
	}
	for i, a := range args {
		if l, ok := a.(Lazy); ok {
			args = append([]any(nil), args...)
			args[i] = l(lang)
		}
	}
	return fmt.Sprintf(f, args...)
}

// Lazy is an argument rendered in the language of the text it goes into,
// for a refusal made before the language of its reader is known.
type Lazy func(coord.Lang) string

// Sentence starts s with a capital letter, for a phrase that begins a line.
func Sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

var (
	deadlineLast     = Msg{VI: "hạn cuối %s", EN: "last day %s"}
	deadlineExtended = Msg{
		VI: " (được kéo dài đến hết %s vì trùng ngày nghỉ)",
		EN: " (extended to the end of %s: the last day is a non-working day)",
	}
	deadlineExtendedShort = Msg{VI: ", kéo dài đến %s", EN: ", extended to %s"}
)

// Deadline says when dl is due, the one way every view says it (issue 10):
// the last on-time day of the regulation's "trước ngày D" (D − 1), and,
// where Bộ luật Dân sự 2015 Điều 148.5 extends it past non-working days, the
// extended last day beside it:
//
//	hạn cuối 04/02/2027 (được kéo dài đến hết 11/02/2027 vì trùng ngày nghỉ)
func Deadline(dl coord.Deadline, lang coord.Lang) string {
	s := deadlineLast.In(lang, RegulationLastDay(dl).VN())
	if dl.Extended() {
		s += deadlineExtended.In(lang, dl.LastDay().VN())
	}
	return s
}

// DeadlineShort is Deadline for a button: "hạn cuối 04/02/2027, kéo dài
// đến 11/02/2027".
func DeadlineShort(dl coord.Deadline, lang coord.Lang) string {
	s := deadlineLast.In(lang, RegulationLastDay(dl).VN())
	if dl.Extended() {
		s += deadlineExtendedShort.In(lang, dl.LastDay().VN())
	}
	return s
}

// RegulationLastDay is the last day "trước ngày D" leaves: D − 1, before
// any extension.
func RegulationLastDay(dl coord.Deadline) coord.Date {
	return coord.DateOf(dl.Due).AddDays(-1)
}

var (
	basisRegulation  = Msg{VI: "Quy chế quy định: «%s».", EN: "The regulation says: «%s»."}
	basisCoordinator = Msg{
		VI: "Quy chế không ấn định ngày («%s»); ngày hạn do cơ quan chủ trì phối hợp (%s) ấn định.",
		EN: "The regulation sets no day («%s»); the day was set by the coordinating agency (%s).",
	}
	basisOnlyIfAny = Msg{
		VI: "Báo cáo chỉ gửi khi có thông tin (nếu có): kỳ không có thông tin thì không phải gửi và không bị tính là trễ hạn.",
		EN: "Sent only when there is something to report: a period with nothing needs no report and is never late.",
	}
	basisOnlyIfAnyNil = Msg{
		VI: " Có thể gửi báo cáo không phát sinh bằng /nil %s <kỳ>.",
		EN: " A nil report can be sent with /nil %s <period>.",
	}
)

// Basis says where o's deadline comes from: the regulation's own words, or,
// for a clause that names no day (8.8), that the coordinating agency set
// it; and, for a report sent only when there is something to report, what
// that means. coordinator is the coordinating agency's name.
func Basis(o coord.Obligation, coordinator string, lang coord.Lang) string {
	var s string
	switch {
	case o.DueSetByCoordinator:
		s = basisCoordinator.In(lang, o.Regulation, coordinator)
	case o.Regulation != "":
		s = basisRegulation.In(lang, o.Regulation)
	}
	if o.OnlyIfAny {
		if s != "" {
			s += "\n"
		}
		s += basisOnlyIfAny.In(lang)
		if o.NilAllowed {
			s += basisOnlyIfAnyNil.In(lang, o.ID)
		}
	}
	return s
}

var (
	periodMonth   = Msg{VI: "tháng %02d/%04d", EN: "month %02d/%04d"}
	periodQuarter = Msg{VI: "quý %s/%04d", EN: "quarter %s/%04d"}
	periodH1      = Msg{VI: "6 tháng đầu năm %04d", EN: "first half of %04d"}
	periodYear    = Msg{VI: "năm %04d", EN: "year %04d"}
	periodNone    = Msg{VI: "báo cáo khi có thay đổi", EN: "report on change"}
)

var romanQuarter = [...]string{"", "I", "II", "III", "IV"}

// PeriodWords names p the way reports do: "tháng 01/2027", "quý I/2027".
func PeriodWords(p coord.Period, lang coord.Lang) string {
	switch p.Cadence {
	case coord.Monthly:
		return periodMonth.In(lang, p.N, p.Year)
	case coord.Quarterly:
		return periodQuarter.In(lang, romanQuarter[p.N], p.Year)
	case coord.HalfYear1:
		return periodH1.In(lang, p.Year)
	case coord.Yearly:
		return periodYear.In(lang, p.Year)
	}
	return periodNone.In(lang)
}

// Period is the label with its words: "2027-01 (tháng 01/2027)"; an
// event-driven report's empty period is "báo cáo khi có thay đổi".
func Period(p coord.Period, lang coord.Lang) string {
	if p.IsZero() {
		return periodNone.In(lang)
	}
	return p.String() + " (" + PeriodWords(p, lang) + ")"
}

// Refusal is a polite no, worded for the officer: bad input, a used code,
// an action the state of a record no longer allows. It rolls the update's
// transaction back like any error; the error sink renders Msg with Args in
// the reader's language, and logs nothing, since nothing went wrong.
type Refusal struct {
	Msg  Msg
	Args []any
}

// Error is the refusal in English with its values, for the log.
func (e *Refusal) Error() string { return "refused: " + e.Msg.In(coord.LangEN, e.Args...) }

// ErrorCode classes a refusal as the person's mistake (coord.ERefused): the
// dispatcher logs it at INFO, never as a fault of the bot.
func (e *Refusal) ErrorCode() coord.Code { return coord.ERefused }

// Refuse is a Refusal of m with args.
func Refuse(m Msg, args ...any) error { return &Refusal{Msg: m, Args: args} }

// TxtFlowExpired answers a button or step that no longer matches what is
// stored: a finished wizard, or a change someone else made first.
var TxtFlowExpired = Msg{
	VI: "Thao tác này đã hết hạn hoặc đã hoàn tất. Hãy gửi lại lệnh.",
	EN: "This action has expired or is already done. Please send the command again.",
}

package work

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// RegisterFigures counts the register for from..until (coord.RegisterFigures),
// one person at a time.
func (s *Service) RegisterFigures(ctx context.Context, tx coord.Register, from, until coord.Date) (*coord.RegisterFigures, error) {
	fig := coord.NewRegisterFigures(from, until)
	var person []coord.Fact
	err := tx.EachFact(ctx, []coord.DocKind{coord.DocWorkPermit, coord.DocExemption}, func(f coord.Fact) error {
		if len(person) > 0 && (person[0].Person.Passport != f.Person.Passport || person[0].Person.Nationality != f.Person.Nationality) {
			fig.Add(person)
			person = person[:0]
		}
		person = append(person, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count the register: %w", err)
	}
	fig.Add(person)
	return fig, nil
}

// maxBreakdown is how many lines of a breakdown a digest shows.
const maxBreakdown = 8

// RegisterFiguresText is the figures as the inputs digest gives them.
func (s *Service) RegisterFiguresText(fig *coord.RegisterFigures, lang coord.Lang) string {
	var b strings.Builder
	fmt.Fprint(&b, txtFigTitle.In(lang, fig.From.VN(), fig.Until.VN()))
	if fig.People == 0 {
		fmt.Fprint(&b, txtFigNone.In(lang))
		return b.String()
	}
	fmt.Fprint(&b, txtFigPeople.In(lang, fig.People, fig.Permits, fig.Exemptions, fig.Granted))
	fmt.Fprint(&b, txtFigState.In(lang, fig.Until.VN(), fig.ValidAtEnd, fig.ExpiredInPeriod, fig.Revoked))
	line := func(title texts.Msg, items []coord.Counted, name func(string) string) {
		var parts []string
		for i, c := range items {
			if i == maxBreakdown {
				rest := 0
				for _, r := range items[i:] {
					rest += r.Count
				}
				parts = append(parts, txtFigOthers.In(lang, rest))
				break
			}
			parts = append(parts, fmt.Sprintf("%s %d", name(c.Key), c.Count))
		}
		fmt.Fprint(&b, title.In(lang, strings.Join(parts, ", ")))
	}
	line(txtFigByNationality, coord.Ranked(fig.ByNationality), func(k string) string { return k })
	line(txtFigByKind, coord.Ranked(fig.ByEmployerKind), func(k string) string { return orgKindName(coord.OrgKind(k)).In(lang) })
	line(txtFigByZone, coord.Ranked(fig.ByZone), func(k string) string {
		if k == "" {
			return txtFigNoZone.In(lang)
		}
		return k
	})
	return b.String()
}

// registerExport is /export register: the year's figures, and a sheet per
// breakdown.
func (s *Service) registerExport(ctx context.Context, tx coord.Register, year int, now time.Time, lang coord.Lang) (Export, int, error) {
	from, until := coord.Date{Year: year, Month: time.January, Day: 1}, coord.Date{Year: year, Month: time.December, Day: 31}
	if today := s.Calendar.Today(now); today.Before(until) {
		until = today
	}
	fig, err := s.RegisterFigures(ctx, tx, from, until)
	if err != nil {
		return Export{}, 0, err
	}
	sum := coord.Sheet{Name: txtSheetFigures.In(lang), Columns: []coord.Column{{Header: txtColFigure.In(lang), Width: 60}, {Header: txtColCount.In(lang), Width: 12}}}
	for _, r := range []struct {
		m texts.Msg
		n int
	}{{txtRowPeople, fig.People}, {txtRowPermits, fig.Permits}, {txtRowExemptions, fig.Exemptions}, {txtRowGranted, fig.Granted},
		{txtRowValidAtEnd, fig.ValidAtEnd}, {txtRowExpired, fig.ExpiredInPeriod}, {txtRowRevoked, fig.Revoked}} {
		sum.Rows = append(sum.Rows, []coord.Cell{coord.TextCell(r.m.In(lang, until.VN())), coord.IntCell(r.n)})
	}
	breakdown := func(name, header texts.Msg, items []coord.Counted, label func(string) string) coord.Sheet {
		sh := coord.Sheet{Name: name.In(lang), Columns: []coord.Column{{Header: header.In(lang), Width: 40}, {Header: txtColPeople.In(lang), Width: 14}}}
		for _, c := range items {
			sh.Rows = append(sh.Rows, []coord.Cell{coord.TextCell(label(c.Key)), coord.IntCell(c.Count)})
		}
		return sh
	}
	sheets := []coord.Sheet{sum,
		breakdown(txtSheetByNationality, txtColNationality, coord.Ranked(fig.ByNationality), func(k string) string { return k }),
		breakdown(txtSheetByKind, txtColKind, coord.Ranked(fig.ByEmployerKind), func(k string) string { return orgKindName(coord.OrgKind(k)).In(lang) }),
		breakdown(txtSheetByZone, txtColZone, coord.Ranked(fig.ByZone), func(k string) string {
			if k == "" {
				return txtFigNoZone.In(lang)
			}
			return k
		}),
	}
	return Export{Sheets: sheets, Caption: txtCaptionRegister.In(lang, from.VN(), until.VN(), fig.People, texts.LocalTime(now, s.Calendar.Location))}, fig.People, nil
}

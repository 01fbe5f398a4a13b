package work

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// FindTx is what a register search reads and writes (the audit row).
type FindTx interface {
	coord.Register
	coord.AuditLog
}

// maxFound is how many rows one search shows; the reply says when there
// were more.
const maxFound = 40

var (
	passportLike = regexp.MustCompile(`^[A-Za-z]{0,3}[0-9][A-Za-z0-9]{4,11}$`)
	taxCodeLike  = regexp.MustCompile(`^[0-9]{10}(-[0-9]{3})?$|^[0-9]{12}$`)
)

// FindOut is a search's answer: the text, and how many rows it found.
type FindOut struct {
	Text  string
	Found int
}

// Find searches the register for q — a passport number, a tax code, or
// words of a name — within the lists the actor's agency may search
// (Access; an admin may search all), and writes who asked what, and how
// much they saw, to the audit log: the register holds personal data.
func (s *Service) Find(ctx context.Context, tx FindTx, a Actor, now time.Time, q string) (FindOut, error) {
	var res FindOut
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) < 3 {
		return res, texts.Refuse(txtFindUsage)
	}
	query := coord.FactQuery{Limit: maxFound + 1}
	compact := strings.ToUpper(strings.Join(strings.Fields(q), ""))
	switch {
	case taxCodeLike.MatchString(strings.ReplaceAll(compact, ".", "")):
		query.TaxCode = strings.ReplaceAll(compact, ".", "")
	case passportLike.MatchString(compact):
		query.Passport = compact
	default:
		query.Name = q
	}
	if !a.Admin() {
		all, lists, ok := s.Access.Lists(a.Agency)
		if !ok {
			return res, texts.Refuse(txtFindNotAllowed, texts.AgencyName(s.Catalogue, a.Agency, a.Lang))
		}
		if !all {
			query.Obligations = lists
		}
	}
	facts, err := tx.Facts(ctx, query)
	if err != nil {
		return res, fmt.Errorf("search the register: %w", err)
	}
	more := len(facts) > maxFound
	if more {
		facts = facts[:maxFound]
	}
	res.Found = len(facts)
	by := "name"
	switch {
	case query.Passport != "":
		by = "passport"
	case query.TaxCode != "":
		by = "tax_code"
	}
	if err := Audit(ctx, tx, a, now, "register.search", "register", nil, map[string]any{
		"query": q, "by": by, "agency": a.Agency, "rows": res.Found, "more": more, "lists": query.Obligations}); err != nil {
		return res, err
	}
	if len(facts) == 0 {
		res.Text = txtFindNone.In(a.Lang, q)
		return res, nil
	}
	res.Text = s.renderFound(facts, s.Calendar.Today(now), a.Lang, q, more)
	return res, nil
}

// renderFound lists the rows found, people by passport and nationality
// first (each paper with whether it is valid today), then organisations.
func (s *Service) renderFound(facts []coord.Fact, today coord.Date, lang coord.Lang, q string, more bool) string {
	var b strings.Builder
	fmt.Fprint(&b, txtFindTitle.In(lang, q, len(facts)))
	last := ""
	for _, f := range facts {
		if p := f.Person; p != nil {
			if id := p.Passport + "|" + p.Nationality; id != last {
				last = id
				born := ""
				if !p.BirthDate.IsZero() {
					born = txtAlertBorn.In(lang, p.BirthDate.VN())
				}
				fmt.Fprint(&b, txtFindPerson.In(lang, p.Name, p.Passport, p.Nationality, born))
			}
			mark := ""
			if d := f.Doc; d != nil && !d.ValidTo.IsZero() {
				mark = validMark(!d.Revoked && !d.ValidTo.Before(today) && !today.Before(d.ValidFrom), lang)
			}
			fmt.Fprint(&b, s.factLine(f, lang, true, mark))
			continue
		}
		last = ""
		o := f.Org
		tax := o.TaxCode
		if tax == "" {
			tax = "—"
		}
		fmt.Fprint(&b, txtFindOrg.In(lang, o.Name, tax, orgKindName(o.Kind).In(lang), s.sourceOf(f, lang)))
	}
	if more {
		fmt.Fprint(&b, txtFindMore.In(lang, maxFound))
	}
	return b.String()
}

func validMark(valid bool, lang coord.Lang) string {
	if valid {
		return txtFindValid.In(lang)
	}
	return txtFindExpired.In(lang)
}

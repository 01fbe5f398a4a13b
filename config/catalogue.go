package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// agencyEntry is one item of agencies: in config.yaml.
type agencyEntry struct {
	Code        string           `yaml:"code"`
	Name        string           `yaml:"name"`
	Kind        coord.AgencyKind `yaml:"kind"`
	Coordinator bool             `yaml:"coordinator"`
	RenamedFrom []string         `yaml:"renamed_from"`
}

// obligationEntry is one item of obligations: in config.yaml.
type obligationEntry struct {
	ID                  string          `yaml:"id"`
	Title               string          `yaml:"title"`
	Content             string          `yaml:"content"`
	From                []string        `yaml:"from"`
	To                  []string        `yaml:"to"`
	Schedules           []scheduleEntry `yaml:"schedules"`
	NilAllowed          bool            `yaml:"nil_allowed"`
	DueSetByCoordinator bool            `yaml:"due_set_by_coordinator"`
	OnlyIfAny           bool            `yaml:"only_if_any"`
	Inputs              []string        `yaml:"inputs"`
	Regulation          string          `yaml:"regulation"`
	List                *listEntry      `yaml:"list"`
}

// listEntry is the list: block of a list obligation, its template.
type listEntry struct {
	Kind    coord.ListKind `yaml:"kind"`
	Columns []columnEntry  `yaml:"columns"`
}

// columnEntry is one item of list.columns.
type columnEntry struct {
	Key      string           `yaml:"key"`
	Header   string           `yaml:"header"`
	Type     coord.ColumnType `yaml:"type"`
	Required bool             `yaml:"required"`
	Values   []string         `yaml:"values"`
	Note     string           `yaml:"note"`
	Aliases  []string         `yaml:"aliases"`
}

// template is the coord.ListTemplate of the block, trimmed; nil without a
// block. coord.NewCatalogue checks it.
func (l *listEntry) template() *coord.ListTemplate {
	if l == nil {
		return nil
	}
	t := &coord.ListTemplate{Kind: coord.ListKind(strings.TrimSpace(string(l.Kind))), Columns: make([]coord.ListColumn, len(l.Columns))}
	for i, c := range l.Columns {
		values := make([]string, len(c.Values))
		for j, v := range c.Values {
			values[j] = strings.TrimSpace(v)
		}
		if len(values) == 0 {
			values = nil
		}
		var aliases []string
		for _, a := range c.Aliases {
			aliases = append(aliases, strings.Join(strings.Fields(a), " "))
		}
		t.Columns[i] = coord.ListColumn{Key: strings.TrimSpace(c.Key), Header: strings.Join(strings.Fields(c.Header), " "),
			Type: coord.ColumnType(strings.TrimSpace(string(c.Type))), Required: c.Required, Values: values, Note: strings.TrimSpace(c.Note),
			Aliases: aliases}
	}
	return t
}

// regulationSection is regulation: in config.yaml.
type regulationSection struct {
	Title   string            `yaml:"title"`
	Number  string            `yaml:"number"`
	Clauses map[string]string `yaml:"clauses"`
}

// requestTypeEntry is one item of request_types: in config.yaml.
type requestTypeEntry struct {
	Code   string   `yaml:"code"`
	VI     string   `yaml:"vi"`
	EN     string   `yaml:"en"`
	Clause string   `yaml:"clause"`
	From   []string `yaml:"from"`
	To     []string `yaml:"to"`
}

// regulation records the province, the regulation and the request types on
// the catalogue (coord.Catalogue.SetRegulation, SetRequestKinds).
func (f *file) regulation(cat *coord.Catalogue, p *problems) {
	r := coord.Regulation{Province: strings.TrimSpace(f.Province), Title: strings.TrimSpace(f.Regulation.Title),
		Number: strings.TrimSpace(f.Regulation.Number), Clauses: f.Regulation.Clauses}
	if err := cat.SetRegulation(r); err != nil {
		p.add("", "%v", err)
	}
	kinds := make([]coord.RequestKind, len(f.RequestTypes))
	for i, t := range f.RequestTypes {
		kinds[i] = coord.RequestKind{Code: coord.RequestType(strings.ToLower(strings.TrimSpace(t.Code))),
			VI: strings.TrimSpace(t.VI), EN: strings.TrimSpace(t.EN), Clause: strings.TrimSpace(t.Clause), From: t.From, To: t.To}
	}
	if err := cat.SetRequestKinds(kinds); err != nil {
		p.add("", "%v", err)
	}
	if err := cat.SetRetired(f.RetiredAgencies); err != nil {
		p.add("", "%v", err)
	}
}

type scheduleEntry struct {
	Cadence coord.Cadence `yaml:"cadence"`
	Due     *dueEntry     `yaml:"due"` // a pointer, to tell a forgotten due from day 0
}

type dueEntry struct {
	Day         int `yaml:"day"`
	MonthsAfter int `yaml:"months_after"`
}

// catalogue turns the agencies and obligations sections into a validated
// coord.Catalogue; coord.NewCatalogue does the checking and names the key.
func (f *file) catalogue(p *problems) *coord.Catalogue {
	agencies := make([]coord.Agency, len(f.Agencies))
	for i, a := range f.Agencies {
		agencies[i] = coord.Agency{Code: a.Code, Name: a.Name, Kind: a.Kind, Coordinator: a.Coordinator, RenamedFrom: a.RenamedFrom}
	}
	obligations := make([]coord.Obligation, len(f.Obligations))
	shapeOK := true
	for i, o := range f.Obligations {
		key := fmt.Sprintf("obligations[%d] (%s)", i, o.ID)
		if o.ID == "" {
			key = fmt.Sprintf("obligations[%d]", i)
		}
		schedules := make([]coord.Schedule, len(o.Schedules))
		for j, s := range o.Schedules {
			schedules[j].Cadence = s.Cadence
			skey := fmt.Sprintf("%s.schedules[%d].due", key, j)
			switch {
			case s.Cadence == coord.OnChange && s.Due != nil:
				p.add(skey, "on_change has no deadline; remove due")
				shapeOK = false
			case s.Cadence != coord.OnChange && s.Cadence.Valid() && s.Due == nil:
				p.add(skey, "missing; cadence %s needs {day, months_after}", s.Cadence)
				shapeOK = false
			case s.Due != nil:
				schedules[j].Due = coord.DueRule{Day: s.Due.Day, MonthsAfter: s.Due.MonthsAfter}
			}
		}
		obligations[i] = coord.Obligation{
			ID: o.ID, Title: o.Title, Content: o.Content, From: o.From, To: o.To,
			Schedules: schedules, NilAllowed: o.NilAllowed, DueSetByCoordinator: o.DueSetByCoordinator,
			OnlyIfAny: o.OnlyIfAny, Inputs: o.Inputs, Regulation: o.Regulation, List: o.List.template(),
		}
	}
	if !shapeOK {
		return nil
	}
	cat, err := coord.NewCatalogue(agencies, obligations)
	if err != nil {
		p.add("", "%v", err) // already "obligations[2] (7.3).to[0]: unknown agency …"
		return nil
	}
	return cat
}

// calendarSection is calendar: in config.yaml. Days are keyed by year so
// that the operator's yearly update is one block to add.
type calendarSection struct {
	ExtendPastNonWorkingDays bool               `yaml:"extend_past_non_working_days"`
	TrackingStart            string             `yaml:"tracking_start"`
	Holidays                 map[int][]dayEntry `yaml:"holidays"`
	ExtraWorkingDays         map[int][]dayEntry `yaml:"extra_working_days"`
	// ProvisionalYears are the years whose lists the operator estimated
	// before the Government announced them.
	ProvisionalYears []int `yaml:"provisional_years"`
}

type dayEntry struct {
	Date string `yaml:"date"`
	Name string `yaml:"name"`
}

// build checks every listed day and returns the working-day calendar.
func (s calendarSection) build(loc *time.Location, p *problems) *coord.WorkCalendar {
	cal := &coord.WorkCalendar{
		Location:                 loc,
		Holidays:                 map[coord.Date]string{},
		ExtraWorkingDays:         map[coord.Date]string{},
		Provisional:              map[int]bool{},
		ExtendPastNonWorkingDays: s.ExtendPastNonWorkingDays,
	}
	collect := func(section string, byYear map[int][]dayEntry, into map[coord.Date]string, check func(coord.Date) string) {
		for _, year := range slices.Sorted(maps.Keys(byYear)) {
			for i, e := range byYear[year] {
				key := fmt.Sprintf("calendar.%s[%d][%d]", section, year, i)
				d, err := coord.ParseDate(e.Date)
				switch {
				case err != nil:
					p.add(key+".date", "%v", err)
				case d.Year != year:
					p.add(key+".date", "%s is not in year %d", d, year)
				case into[d] != "":
					p.add(key+".date", "%s is listed twice", d)
				case check(d) != "":
					p.add(key+".date", "%s", check(d))
				case e.Name == "":
					p.add(key+".name", "empty; say what the day is")
				default:
					into[d] = e.Name
				}
			}
		}
	}
	collect("holidays", s.Holidays, cal.Holidays, func(coord.Date) string { return "" })
	collect("extra_working_days", s.ExtraWorkingDays, cal.ExtraWorkingDays, func(d coord.Date) string {
		if _, ok := cal.Holidays[d]; ok {
			return fmt.Sprintf("%s is also listed as a holiday", d)
		}
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			return fmt.Sprintf("%s is a %s, a working day anyway", d, wd)
		}
		return ""
	})
	// A provisional mark on a year without a list would claim an estimate
	// that does not exist: the year has no holidays at all.
	for i, year := range s.ProvisionalYears {
		key := fmt.Sprintf("calendar.provisional_years[%d]", i)
		switch {
		case cal.Provisional[year]:
			p.add(key, "%d is listed twice", year)
		case len(s.Holidays[year]) == 0:
			p.add(key, "%d has no calendar.holidays entry; list its days there first", year)
		default:
			cal.Provisional[year] = true
		}
	}
	return cal
}

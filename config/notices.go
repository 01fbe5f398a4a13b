package config

import (
	"fmt"
	"strings"

	"github.com/bacgiang/fwbot/coord"
)

// noticesSection is notices: in config.yaml, the notices of
// violation-handling results (Điều 5.1, spec §9). Every key may be left
// out: the defaults are coord.DefaultNoticeConfig.
type noticesSection struct {
	// Kinds replaces the default list of violation kinds when given.
	Kinds []noticeKindEntry `yaml:"kinds"`
	// ZoneRecipients replaces the default (the agency of kind board) when given; [] sends
	// notices about employers in a zone to nobody more.
	ZoneRecipients *[]string `yaml:"zone_recipients"`
	// RemindAfterWorkingDays: recipients that have not acknowledged are
	// reminded once, this many working days after the notice.
	RemindAfterWorkingDays *int `yaml:"remind_after_working_days"`
}

type noticeKindEntry struct {
	Code string   `yaml:"code"`
	VI   string   `yaml:"vi"`
	EN   string   `yaml:"en"`
	To   []string `yaml:"to"`
}

// build checks the section against the catalogue and returns the
// notices configuration; cat is nil when the catalogue itself was wrong,
// and the agency codes are then not checked.
func (s noticesSection) build(cat *coord.Catalogue, p *problems) coord.NoticeConfig {
	var cfg coord.NoticeConfig
	if cat != nil {
		cfg = coord.DefaultNoticeConfig(cat)
	}
	agency := func(key, code string) {
		if cat == nil {
			return
		}
		a, ok := cat.Agency(code)
		switch {
		case !ok:
			p.add(key, "unknown agency %q", code)
		case a.External():
			p.add(key, "%q is an external addressee; notices go to agencies of the province", code)
		}
	}
	if s.Kinds != nil {
		cfg.Kinds = nil
		if len(s.Kinds) == 0 {
			p.add("notices.kinds", "must list at least one kind (or be left out for the defaults)")
		}
		seen := map[string]bool{}
		for i, k := range s.Kinds {
			key := fmt.Sprintf("notices.kinds[%d]", i)
			code := strings.ToLower(strings.TrimSpace(k.Code))
			switch {
			case code == "":
				p.add(key+".code", "missing")
			case strings.ContainsAny(code, " |,;"):
				p.add(key+".code", "%q must be one word (letters, digits, _ or -)", k.Code)
			case seen[code]:
				p.add(key+".code", "%q is listed twice", code)
			}
			seen[code] = true
			if strings.TrimSpace(k.VI) == "" {
				p.add(key+".vi", "missing: the label officers see")
			}
			for j, a := range k.To {
				agency(fmt.Sprintf("%s.to[%d]", key, j), a)
			}
			cfg.Kinds = append(cfg.Kinds, coord.NoticeKind{Code: code, VI: strings.TrimSpace(k.VI), EN: strings.TrimSpace(k.EN), To: k.To})
		}
	}
	if s.ZoneRecipients != nil {
		cfg.ZoneRecipients = *s.ZoneRecipients
		for j, a := range cfg.ZoneRecipients {
			agency(fmt.Sprintf("notices.zone_recipients[%d]", j), a)
		}
	}
	if s.RemindAfterWorkingDays != nil {
		cfg.RemindAfterWorkingDays = *s.RemindAfterWorkingDays
		positive(p, "notices.remind_after_working_days", cfg.RemindAfterWorkingDays)
	}
	return cfg
}

// known keeps the codes of agencies in cat.
func known(cat *coord.Catalogue, codes []string) []string {
	out := []string{}
	for _, c := range codes {
		if a, ok := cat.Agency(c); ok && !a.External() {
			out = append(out, c)
		}
	}
	return out
}

package config

import (
	"slices"

	"github.com/bacgiang/fwbot/coord"
)

// registerAccess checks register.search against the catalogue (cat is nil
// when the catalogue itself was wrong: the codes are then not checked).
// Absent, the coordinator may search every list.
func registerAccess(search map[string][]string, cat *coord.Catalogue, p *problems) coord.RegisterAccess {
	if search == nil {
		if cat == nil {
			return nil
		}
		return coord.RegisterAccess{cat.Coordinator().Code: {coord.AllLists}}
	}
	access := coord.RegisterAccess{}
	codes := make([]string, 0, len(search))
	for code := range search {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		key := "register.search." + code
		if cat != nil {
			if _, ok := cat.Agency(code); !ok {
				p.add(key, "there is no agency with code %q in agencies", code)
				continue
			}
		}
		lists := search[code]
		if len(lists) == 0 {
			p.add(key, `name the reports whose lists it may search, or [all]`)
			continue
		}
		for _, id := range lists {
			if id == coord.AllLists {
				continue
			}
			if cat != nil {
				if _, ok := cat.Obligation(id); !ok {
					p.add(key, "there is no report %q in obligations", id)
				}
			}
		}
		access[code] = lists
	}
	return access
}

package texts

import (
	"strings"

	"github.com/bacgiang/fwbot/coord"
)

// The province, the regulation and its clauses as texts quote them, all
// from config.yaml (coord.Regulation): a text never names them itself.

var (
	txtCite          = Msg{VI: " (Điều %s)", EN: " (Article %s)"}
	txtProvince      = Msg{VI: "tỉnh %s", EN: "%s province"}
	txtInProvince    = Msg{VI: " tỉnh %s", EN: " in %s province"}
	txtRegulation    = Msg{VI: "%s (ban hành kèm theo Quyết định số %s)", EN: "%s (issued with Decision %s)"}
	txtRegulationNo  = Msg{VI: "Quy chế ban hành kèm theo Quyết định số %s", EN: "the regulation issued with Decision %s"}
	txtTheRegulation = Msg{VI: "Quy chế phối hợp", EN: "the coordination regulation"}
)

// Cite is " (Điều 4.3)" for the clause of duty (a coord.Clause… key), or
// "" when config.yaml names none.
func Cite(cat *coord.Catalogue, duty string, lang coord.Lang) string {
	return CiteClause(cat.Regulation.Clause(duty), lang)
}

// CiteLater is Cite in the language of the text it goes into (Lazy).
func CiteLater(cat *coord.Catalogue, duty string) Lazy {
	return func(lang coord.Lang) string { return Cite(cat, duty, lang) }
}

// CiteClause is " (Điều 8.6, 13.1)" for clause, "" for none.
func CiteClause(clause string, lang coord.Lang) string {
	if clause = strings.TrimSpace(clause); clause == "" {
		return ""
	}
	return txtCite.In(lang, clause)
}

// Province is "tỉnh Hà Nam" (or "Hà Nam province"), "" when
// config.yaml names no province.
func Province(cat *coord.Catalogue, lang coord.Lang) string {
	if p := cat.Regulation.Province; p != "" {
		return txtProvince.In(lang, p)
	}
	return ""
}

// InProvince is " tỉnh Hà Nam" (or " in Hà Nam province") to follow
// what the bot does, "" when config.yaml names no province.
func InProvince(cat *coord.Catalogue, lang coord.Lang) string {
	if p := cat.Regulation.Province; p != "" {
		return txtInProvince.In(lang, p)
	}
	return ""
}

// RegulationName is the regulation's title with the decision issuing it,
// as far as config.yaml names them.
func RegulationName(cat *coord.Catalogue, lang coord.Lang) string {
	r := cat.Regulation
	switch {
	case r.Title != "" && r.Number != "":
		return txtRegulation.In(lang, r.Title, r.Number)
	case r.Title != "":
		return r.Title
	case r.Number != "":
		return txtRegulationNo.In(lang, r.Number)
	}
	return txtTheRegulation.In(lang)
}

// RequestTypeName is how officers read a request type: its label in lang
// and its clause ("Xác minh hồ sơ (Điều 8.7)"). A type no longer in
// config.yaml reads as its code.
func RequestTypeName(cat *coord.Catalogue, t coord.RequestType, lang coord.Lang) string {
	k, ok := cat.RequestKind(t)
	if !ok {
		return string(t)
	}
	label := k.VI
	if lang == coord.LangEN && k.EN != "" {
		label = k.EN
	}
	clause := k.Clause
	if t == coord.ReqConclusion && clause == "" {
		clause = cat.Regulation.Clause(coord.ClauseMeeting)
	}
	return label + CiteClause(clause, lang)
}

// Examples joins up to n agency codes of the catalogue for a usage text's
// example ("a,b": codes of agencies the catalogue has).
func Examples(cat *coord.Catalogue, n int, sep string) string {
	return strings.Join(cat.ExampleCodes(n), sep)
}

package coord

import (
	"fmt"
	"slices"
	"strings"
)

// Regulation is the instrument the bot serves and the province it serves,
// as config.yaml names them: nothing about one province or one regulation
// is written in code (spec §12). Every field may be empty; the texts then
// leave the mention out.
type Regulation struct {
	// Province is the province's name without its title ("Hà Nam"): the
	// texts say "tỉnh …" and "… province".
	Province string
	// Title is the regulation's title, as the decision issuing it names it
	// ("Quy chế phối hợp quản lý …").
	Title string
	// Number is the number of the decision issuing it ("608/2015/QĐ-UBND").
	Number string
	// Clauses maps a duty the bot quotes (the Clause… constants) to its
	// clause in the regulation ("4.3"); a duty left out is quoted without.
	Clauses map[string]string
}

// The duties whose clause texts quote, by the key config.yaml gives them
// under regulation.clauses.
const (
	ClauseDeclineReason      = "decline_reason"      // a request is declined in writing, with a reason
	ClauseEscalation         = "escalation"          // overdue requests reported to the coordinator
	ClauseMeeting            = "meeting"             // interagency meetings and their conclusions
	ClauseNotice             = "notice"              // notices of violation-handling results
	ClauseAnnualInspection   = "annual_inspection"   // the coordinator's yearly interagency inspection
	ClauseThematicInspection = "thematic_inspection" // thematic inspections by any agency
)

// ClauseKeys lists the keys regulation.clauses accepts.
var ClauseKeys = []string{ClauseDeclineReason, ClauseEscalation, ClauseMeeting, ClauseNotice,
	ClauseAnnualInspection, ClauseThematicInspection}

// Clause is the clause of duty, "" when the configuration names none.
func (r Regulation) Clause(duty string) string { return r.Clauses[duty] }

// RequestKind is one type of coordination request as config.yaml lists it
// (request_types): its labels, the clause that provides for it, and which
// agencies may send and receive it.
type RequestKind struct {
	Code   RequestType
	VI, EN string
	// Clause is where the regulation provides for it ("8.6, 13.1"); its
	// first clause may also open the one-line /request ("/request 8.4 …").
	Clause string
	// From lists the agencies that may send it; empty: every agency.
	From []string
	// To lists the only agencies that may receive it, external ones
	// included; empty: every agency with duties in the bot.
	To []string
	// Internal types are made by the bot itself (a meeting's conclusions),
	// never offered or accepted by /request.
	Internal bool
}

// MaySend reports whether agency from may send requests of kind k.
func (k RequestKind) MaySend(from string) bool {
	return len(k.From) == 0 || slices.Contains(k.From, from)
}

// MayTarget reports whether a request of kind k may go to agency to.
// External addressees have no duties in the bot and receive only the kinds
// that name them.
func (k RequestKind) MayTarget(to Agency) bool {
	if len(k.To) > 0 {
		return slices.Contains(k.To, to.Code)
	}
	return !to.External()
}

// FirstClause is the first clause of k ("8.6" of "8.6, 13.1").
func (k RequestKind) FirstClause() string {
	c, _, _ := strings.Cut(k.Clause, ",")
	return strings.TrimSpace(c)
}

// conclusionKind is the built-in type of a meeting's conclusions.
var conclusionKind = RequestKind{Code: ReqConclusion, VI: "Thực hiện kết luận cuộc họp liên ngành",
	EN: "Meeting conclusion to carry out", Internal: true}

// otherKind is the type of a one-line /request that names none.
var otherKind = RequestKind{Code: ReqOther, VI: "Khác", EN: "Other"}

// SetRegulation records the province and regulation of config.yaml after
// checking that every clause key is known. The error names the key.
func (c *Catalogue) SetRegulation(r Regulation) error {
	for k := range r.Clauses {
		if !slices.Contains(ClauseKeys, k) {
			return fmt.Errorf("regulation.clauses.%s: unknown duty (one of %s)", k, strings.Join(ClauseKeys, ", "))
		}
	}
	c.Regulation = r
	return nil
}

// SetRequestKinds records the request types of config.yaml, in the order
// the wizard offers them, after checking codes and agencies. "other" is
// added when the list has none, and a meeting's conclusions are always a
// type (its labels and clause may be set by listing "conclusion"). The
// error names the key.
func (c *Catalogue) SetRequestKinds(kinds []RequestKind) error {
	seen := map[RequestType]bool{}
	var out []RequestKind
	for i, k := range kinds {
		key := fmt.Sprintf("request_types[%d]", i)
		switch {
		case k.Code == "" || strings.ContainsAny(string(k.Code), " ,;|:"):
			return fmt.Errorf("%s.code: %q must be one word (letters, digits, _ or -)", key, k.Code)
		case seen[k.Code]:
			return fmt.Errorf("%s.code: %q is listed twice", key, k.Code)
		case strings.TrimSpace(k.VI) == "":
			return fmt.Errorf("%s.vi: missing: the label officers see", key)
		}
		if _, isAgency := c.Agency(string(k.Code)); isAgency {
			return fmt.Errorf("%s.code: %q is an agency code; a type needs a code of its own", key, k.Code)
		}
		for j, a := range k.From {
			if _, ok := c.Agency(a); !ok {
				return fmt.Errorf("%s.from[%d]: unknown agency %q", key, j, a)
			}
		}
		for j, a := range k.To {
			if _, ok := c.Agency(a); !ok {
				return fmt.Errorf("%s.to[%d]: unknown agency %q", key, j, a)
			}
		}
		seen[k.Code] = true
		k.Internal = k.Code == ReqConclusion
		out = append(out, k)
	}
	if !seen[ReqOther] {
		out = append(out, otherKind)
	}
	if !seen[ReqConclusion] {
		out = append(out, conclusionKind)
	}
	c.requestKinds = out
	return nil
}

// RequestKinds lists the request types in the order the wizard offers
// them, the internal ones last.
func (c *Catalogue) RequestKinds() []RequestKind {
	if c.requestKinds == nil {
		return []RequestKind{otherKind, conclusionKind}
	}
	return c.requestKinds
}

// RequestKind finds a type by code.
func (c *Catalogue) RequestKind(t RequestType) (RequestKind, bool) {
	for _, k := range c.RequestKinds() {
		if k.Code == t {
			return k, true
		}
	}
	return RequestKind{}, false
}

// FirstOfKind is the first agency of kind k in the catalogue.
func (c *Catalogue) FirstOfKind(k AgencyKind) (Agency, bool) {
	for _, a := range c.Agencies {
		if a.Kind == k {
			return a, true
		}
	}
	return Agency{}, false
}

// ExampleCodes are up to n agency codes for the examples in usage texts:
// agencies with duties in the bot other than the coordinator, in
// catalogue order, so that an example names agencies that exist.
func (c *Catalogue) ExampleCodes(n int) []string {
	var out []string
	for _, a := range c.Agencies {
		if len(out) == n {
			break
		}
		if !a.Coordinator && !a.External() {
			out = append(out, a.Code)
		}
	}
	if len(out) == 0 {
		out = append(out, c.Coordinator().Code)
	}
	return out
}

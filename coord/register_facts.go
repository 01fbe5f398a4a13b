package coord

import (
	"context"
	"time"
)

// The province register (Điều 3.3): what the submitted lists say about
// foreign workers, the papers they hold and the organisations that employ
// them. Each row of an accepted list becomes one Fact that keeps its source
// (submission, version, sheet, row); a later version of the same report
// and period replaces the facts of the earlier one.

// DocKind is the kind of paper a fact records.
type DocKind string

// Papers of the lists (spec §11).
const (
	DocWorkPermit     DocKind = "work_permit"     // giấy phép lao động (6.4, 7.3)
	DocExemption      DocKind = "exemption"       // xác nhận không thuộc diện cấp giấy phép lao động
	DocVisa           DocKind = "visa"            // thị thực (8.8)
	DocResidenceCard  DocKind = "residence_card"  // thẻ tạm trú
	DocStayExtension  DocKind = "stay_extension"  // gia hạn tạm trú
	DocCriminalRecord DocKind = "criminal_record" // phiếu lý lịch tư pháp (10.3)
	DocLawyerLicence  DocKind = "lawyer_licence"  // giấy phép hành nghề luật sư (10.3)
)

// Permits are the papers that allow a foreigner to work (Điều 8.2).
func (k DocKind) Permits() bool { return k == DocWorkPermit || k == DocExemption }

// Stays are the papers that let a foreigner stay, whose purpose symbol
// says whether it is for work.
func (k DocKind) Stays() bool {
	return k == DocVisa || k == DocResidenceCard || k == DocStayExtension
}

// OrgKind is the kind of an organisation in the lists.
type OrgKind string

// Organisations of the lists (spec §11).
const (
	OrgFDI            OrgKind = "fdi"             // tổ chức có vốn đầu tư nước ngoài (11.2)
	OrgRepOffice      OrgKind = "rep_office"      // văn phòng đại diện (13.3)
	OrgContractor     OrgKind = "contractor"      // nhà thầu nước ngoài (15.2)
	OrgNGO            OrgKind = "ngo"             // tổ chức phi chính phủ (9.4)
	OrgSchool         OrgKind = "school"          // cơ sở giáo dục (14.3)
	OrgHealthFacility OrgKind = "health_facility" // cơ sở khám sức khỏe (12.3)
	OrgEmployer       OrgKind = "employer"        // an employer of another kind, or of none given
)

// PersonClaim is what one row says about a person. Passport and
// Nationality are the identity; the rest may differ between lists, which is
// one of the cross-checks.
type PersonClaim struct {
	Passport    string
	Nationality string
	Name        string
	BirthDate   Date
	Sex         string
}

// Document is a paper one row records.
type Document struct {
	Kind   DocKind
	Number string
	// Purpose is the symbol of a visa or residence card (LĐ1, LĐ2, ĐT…).
	Purpose   string
	Position  string // the job, on a work permit
	ValidFrom Date
	ValidTo   Date
	// Revoked: the permit was revoked (thu hồi); it no longer counts.
	Revoked bool
}

// Organisation is an organisation one row records: the row's subject in
// the lists of organisations, or the employer of the person in the others.
type Organisation struct {
	Kind    OrgKind
	Name    string
	TaxCode string
	Licence string // registration, licence or certificate number
	Address string
	Zone    string // the industrial zone, if any
}

// FactSource is where a fact came from: which version of which report,
// and the sheet and row (numbered as the spreadsheet shows them).
type FactSource struct {
	Submission int64
	Obligation string
	Agency     string
	Period     string
	Version    int
	Sheet      string
	Row        int
}

// Fact is one row of a list as the register keeps it. A person's row has
// Person and usually Doc, with Org its employer; an organisation's row has
// Org only.
type Fact struct {
	ID       int64
	Person   *PersonClaim
	Doc      *Document
	Org      *Organisation
	Source   FactSource
	Imported time.Time
}

// FactQuery selects facts. Exactly one of the keys is used, in this order;
// Obligations, when set, keeps only facts from those reports (the lists an
// agency may search).
type FactQuery struct {
	Passport string // the passport number, any nationality
	TaxCode  string
	// Name matches people's and organisations' names ignoring case,
	// diacritics and spacing (FoldName); every word must appear.
	Name        string
	Obligations []string
	Limit       int // at most this many facts (0: no limit)
}

// Register is the store of the province register.
type Register interface {
	// ReplaceFacts makes facts the register's rows for src's report, agency
	// and period: the rows of any earlier version go (each fact's Source is
	// set from src with its own Sheet and Row). It returns how many rows
	// the earlier versions had.
	ReplaceFacts(ctx context.Context, src FactSource, facts []Fact, at time.Time) (replaced int, err error)
	// ReplaceFactsFrom is ReplaceFacts for a list too long to hold: each
	// is called once and passes every fact to add, which writes them in
	// batches as they come. When each fails, its error is returned and the
	// register is left as it was (the earlier rows kept, none added).
	ReplaceFactsFrom(ctx context.Context, src FactSource, at time.Time, each func(add func(Fact) error) error) (replaced int, err error)
	// Facts returns the facts q selects, by passport, then source, then row.
	Facts(ctx context.Context, q FactQuery) ([]Fact, error)
	// EachFact calls fn for every fact that has a person and a paper of one
	// of kinds (all when none), ordered by passport and nationality, so a
	// cross-check can walk one person at a time without holding the whole
	// register. fn's error stops the walk.
	EachFact(ctx context.Context, kinds []DocKind, fn func(Fact) error) error
	// Organisations returns the organisation rows (not employers of people)
	// of the given kinds.
	Organisations(ctx context.Context, kinds []OrgKind) ([]Fact, error)
	// PruneFacts deletes the rows whose paper's validity ended before
	// validBefore, and those without a validity imported before
	// importedBefore (the register's retention); it returns how many.
	PruneFacts(ctx context.Context, validBefore Date, importedBefore time.Time) (int, error)
	// PendingImports lists the submissions (ids, oldest first) of the
	// given obligations, with files, not yet read into the register
	// (RecordImport), whose files are all archived or given up.
	PendingImports(ctx context.Context, obligations []string, limit int) ([]int64, error)
	// RecordImport records what reading a submission into the register
	// did; recording one twice is EConflict.
	RecordImport(ctx context.Context, r ImportRecord) error
	// Import is what reading the submission did; ErrNotFound if not read.
	Import(ctx context.Context, submission int64) (ImportRecord, error)
}

// ImportState is what became of a submission of a list report in the
// register.
type ImportState string

// Import states.
const (
	ImportDone       ImportState = "done"       // read: its rows are the register's for its period
	ImportSuperseded ImportState = "superseded" // a later version came first: not read
	ImportUnreadable ImportState = "unreadable" // no file could be read as a list
)

// ImportRecord is what reading one submission into the register did.
type ImportRecord struct {
	Submission int64
	State      ImportState
	Entered    int // rows that entered the register
	Rejected   int
	Skipped    int // rows that are not data
	Replaced   int // rows of earlier versions it replaced
	At         time.Time
}

// AllLists, in RegisterAccess, is every list of the register.
const AllLists = "all"

// RegisterAccess says which lists each agency may search (personal data:
// access is purpose-bound): agency code → the reports (obligation ids)
// whose rows its officers may find, or [AllLists]. An agency not named may
// search nothing; an admin may search everything.
type RegisterAccess map[string][]string

// Lists says what agency may search: every list, or those reports; ok is
// false when it may search nothing.
func (r RegisterAccess) Lists(agency string) (all bool, lists []string, ok bool) {
	l, found := r[agency]
	if !found || len(l) == 0 {
		return false, nil, false
	}
	for _, o := range l {
		if o == AllLists {
			return true, nil, true
		}
	}
	return false, l, true
}

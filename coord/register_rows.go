package coord

import (
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// Reading a submitted list into the register: a ListReader takes the rows
// of a spreadsheet one at a time (RowSource), finds each sheet's header row
// under its title rows, skips what is not data (blank rows, the row that
// numbers the columns "(1) (2) (3)", a header repeated after a page break,
// the total row, the signature lines), and turns every other row into a
// Fact or into the reasons it was refused, cell by cell. It holds only the
// few rows above a header and a hash per accepted row (to tell a row given
// twice), so a 100,000-row list is read in bounded memory.

// RowSource is a spreadsheet read row by row: Each calls fn for every row
// of every sheet that is shown (hidden sheets, such as a template's list
// of allowed values, are left out), in order, with the row's number as the
// spreadsheet shows it (1 for the first) and its cells as written (dates
// may come as Excel serial numbers). fn's error stops the walk and is
// returned. cells may be reused once fn returns.
type RowSource interface {
	Each(fn func(sheet string, row int, cells []string) error) error
}

// RowProblem is why a row of a list did not enter the register: Column is
// the header of the cell at fault ("" when the row as a whole is), Reason
// the Vietnamese sentence the officer reads.
type RowProblem struct {
	Sheet  string
	Row    int
	Column string
	Reason string
}

// ListSummary is what reading a list did.
type ListSummary struct {
	Entered  int // rows that became facts
	Rejected int // rows refused, each with its problems
	Skipped  int // rows that are not data: a total row, a signature, column numbers
	// Sheets are the sheets where a header row was found, in order.
	Sheets []string
	// Missing, when no sheet had a header row, are the required columns
	// that the closest row lacked (every required column when no row came
	// close); Closest names where that row is.
	Missing []ListColumn
	Closest RowProblem
}

// HeaderScan is how many rows at the top of a sheet may hold titles before
// the header row.
const HeaderScan = 15

// ListReader reads one list (one version of a list report, its files one
// after the other) against its template.
type ListReader struct {
	list   ListTemplate
	sheets map[string]*sheetRead
	seen   map[uint64]rowRef // identity hash of each accepted row
	names  []string          // the sheets seen, by rowRef.sheet
	sum    ListSummary
	// closest row to a header among sheets that had none
	closestFound int
	required     int // how many columns are required
}

type sheetRead struct {
	index   int32 // in ListReader.names
	header  *HeaderRow
	above   [][]string // the rows before the header is found (copies)
	aboveAt []int
	given   bool // no header in the first HeaderScan rows: not a list
}

// rowRef is where an accepted row is: 8 bytes, as a list may hold
// 100,000 of them.
type rowRef struct {
	sheet int32 // index in ListReader.names
	row   int32
}

// NewListReader reads rows against t.
func NewListReader(t ListTemplate) *ListReader {
	r := &ListReader{list: t, sheets: map[string]*sheetRead{}, seen: map[uint64]rowRef{}, closestFound: -1}
	for _, c := range t.Columns {
		if c.Required {
			r.required++
		}
	}
	return r
}

// ReadRow takes one row (RowSource order). A data row becomes a fact,
// passed to fact (whose error stops the reading and is returned), or
// problems, passed to problem; other rows are counted as skipped. Two
// files of one version are told apart by their sheets' names (the caller
// prefixes them).
func (r *ListReader) ReadRow(sheet string, row int, cells []string, fact func(Fact) error, problem func(RowProblem)) error {
	s := r.sheets[sheet]
	if s == nil {
		s = &sheetRead{index: int32(len(r.names))}
		r.sheets[sheet] = s
		r.names = append(r.names, sheet)
	}
	if s.given {
		return nil
	}
	if s.header == nil {
		// The rows above did not qualify: only this one can. The rows are
		// kept (copied: a source may reuse its slice) to name the closest
		// one if none does.
		if h, _, ok := FindHeaderRow([][]string{cells}, r.list.Columns, 1); ok {
			s.header = &h
			r.sum.Sheets = append(r.sum.Sheets, sheet)
			s.above, s.aboveAt = nil, nil
			return nil
		}
		s.above = append(s.above, slices.Clone(cells))
		s.aboveAt = append(s.aboveAt, row)
		if len(s.above) >= HeaderScan {
			r.giveUpSheet(sheet, s)
		}
		return nil
	}
	return r.dataRow(sheet, row, s, cells, fact, problem)
}

// giveUpSheet: a sheet without a header row in its first rows is not a
// list (a cover page, the template's instructions); the closest row is kept
// to tell the officer what was missing if no sheet had one.
func (r *ListReader) giveUpSheet(sheet string, s *sheetRead) {
	h, missing, _ := FindHeaderRow(s.above, r.list.Columns, HeaderScan)
	s.given = true
	found := 0
	for _, at := range h.At {
		if at >= 0 {
			found++
		}
	}
	if found > r.closestFound {
		r.closestFound = found
		r.sum.Missing = missing
		r.sum.Closest = RowProblem{Sheet: sheet}
		if h.Row >= 0 {
			r.sum.Closest.Row = s.aboveAt[h.Row]
		}
	}
	s.above, s.aboveAt = nil, nil
}

// End finishes the reading: a sheet too short to have given up on counts
// as one without a header (in the order the sheets came, so that the
// closest row named is the same on every run).
func (r *ListReader) End() ListSummary {
	for _, name := range r.names {
		if s := r.sheets[name]; s.header == nil && !s.given {
			r.giveUpSheet(name, s)
		}
	}
	if len(r.sum.Sheets) > 0 {
		r.sum.Missing, r.sum.Closest = nil, RowProblem{}
	} else if r.closestFound < 0 {
		for _, c := range r.list.Columns {
			if c.Required {
				r.sum.Missing = append(r.sum.Missing, c)
			}
		}
	}
	return r.sum
}

// Read reads every row of src (ReadRow) and finishes (End).
func (r *ListReader) Read(src RowSource, fact func(Fact) error, problem func(RowProblem)) (ListSummary, error) {
	err := src.Each(func(sheet string, row int, cells []string) error {
		return r.ReadRow(sheet, row, cells, fact, problem)
	})
	if err != nil {
		return ListSummary{}, err
	}
	return r.End(), nil
}

// totalLabels are the words a total row starts with, folded.
var totalLabels = []string{"tong cong", "tong so", "tong", "cong", "total", "sum"}

func isTotalLabel(s string) bool {
	f := strings.TrimRight(FoldName(s), " :.")
	for _, l := range totalLabels {
		if f == l || strings.HasPrefix(f, l+" ") || strings.HasPrefix(f, l+":") {
			return true
		}
	}
	return false
}

// columnNumbers says whether the row numbers the columns: "1 2 3 …" or
// "(1) (2) (3) …", as forms print under their header.
func columnNumbers(cells []string) bool {
	n, prev := 0, 0
	for _, c := range cells {
		c = trimCell(c)
		if c == "" {
			continue
		}
		c = strings.TrimSuffix(strings.TrimPrefix(c, "("), ")")
		v, err := strconv.Atoi(c)
		if err != nil || (n > 0 && v != prev+1) {
			return false
		}
		prev = v
		n++
	}
	return n >= 3
}

func (r *ListReader) dataRow(sheet string, row int, s *sheetRead, cells []string, fact func(Fact) error, problem func(RowProblem)) error {
	cols := r.list.Columns
	filled := 0
	for i := range cols {
		if at := s.header.At[i]; at >= 0 && at < len(cells) && trimCell(cells[at]) != "" {
			filled++
		}
	}
	if filled == 0 && !r.labelled(cells) {
		return nil // a blank row, or one with cells outside the list (STT alone)
	}
	if columnNumbers(cells) {
		r.sum.Skipped++
		return nil
	}
	vals := make(map[string]CellValue, len(cols))
	var probs []RowProblem
	for i, c := range cols {
		raw := ""
		if at := s.header.At[i]; at >= 0 && at < len(cells) {
			raw = cells[at]
		}
		v, err := ParseCell(c, raw)
		if err != nil {
			probs = append(probs, RowProblem{Sheet: sheet, Row: row, Column: c.Header, Reason: err.Error()})
			continue
		}
		vals[c.Key] = v
	}
	// A row that does not read may be no data at all: the header again
	// after a page break, the total row, a signature or a note under the
	// list. Only such rows are looked at this closely.
	if len(probs) > 0 && r.notData(s, cells, filled) {
		r.sum.Skipped++
		return nil
	}
	if len(probs) == 0 {
		if p := r.crossCells(vals); p != nil {
			p.Sheet, p.Row = sheet, row
			probs = append(probs, *p)
		}
	}
	var f Fact
	if len(probs) == 0 {
		f = FactOf(r.list.Kind, vals)
		if f.Person == nil && f.Org == nil {
			probs = append(probs, RowProblem{Sheet: sheet, Row: row, Reason: "không có thông tin về người hoặc tổ chức (cần số hộ chiếu hoặc tên tổ chức)"})
		}
	}
	if len(probs) == 0 {
		key := identityHash(f)
		if prev, dup := r.seen[key]; dup {
			where := fmt.Sprintf("dòng %d", prev.row)
			if prev.sheet != s.index {
				where = fmt.Sprintf("dòng %d trang «%s»", prev.row, r.names[prev.sheet])
			}
			probs = append(probs, RowProblem{Sheet: sheet, Row: row, Reason: "trùng với " + where + " (cùng người, cùng giấy tờ): chỉ giữ dòng đầu"})
		} else {
			r.seen[key] = rowRef{s.index, int32(row)}
		}
	}
	if len(probs) > 0 {
		r.sum.Rejected++
		for _, p := range probs {
			problem(p)
		}
		return nil
	}
	f.Source.Sheet, f.Source.Row = sheet, row
	r.sum.Entered++
	return fact(f)
}

// labelled: one of the first cells is the label of a total row.
func (r *ListReader) labelled(cells []string) bool {
	for j, c := range cells {
		if j >= 3 {
			break
		}
		if isTotalLabel(c) {
			return true
		}
	}
	return false
}

// notData says whether a row that does not read is not meant as data: the
// header repeated, a total row ("Tổng cộng: 118 người"), or a row with a
// single cell filled (a signature, a place and date, a note) where the
// list has three required columns or more.
func (r *ListReader) notData(s *sheetRead, cells []string, filled int) bool {
	headers := 0
	for i, c := range r.list.Columns {
		if at := s.header.At[i]; at >= 0 && at < len(cells) && trimCell(cells[at]) != "" && FoldHeader(cells[at]) == FoldHeader(c.Header) {
			headers++
		}
	}
	return (headers > 0 && headers*2 >= filled) || r.labelled(cells) || (filled <= 1 && r.required >= 3)
}

// crossCells checks what no single cell can: a validity that ends before
// it starts.
func (r *ListReader) crossCells(vals map[string]CellValue) *RowProblem {
	from, to := vals["valid_from"], vals["valid_to"]
	if from.Empty || to.Empty || from.Date.IsZero() || to.Date.IsZero() || !to.Date.Before(from.Date) {
		return nil
	}
	col, _ := r.list.Column("valid_to")
	fromCol, _ := r.list.Column("valid_from")
	return &RowProblem{Column: col.Header, Reason: fmt.Sprintf("'%s' trước ngày ở cột %s ('%s')", to.Date.VN(), fromCol.Header, from.Date.VN())}
}

// identityHash is a row's identity (spec §11): the person and the paper,
// or the organisation and its licence.
func identityHash(f Fact) uint64 {
	h := fnv.New64a()
	w := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	if p := f.Person; p != nil {
		w("p")
		w(p.Passport)
		w(FoldName(p.Nationality))
		if d := f.Doc; d != nil {
			w(string(d.Kind))
			w(strings.ToUpper(strings.Join(strings.Fields(d.Number), "")))
		} else if f.Org != nil {
			w(FoldName(f.Org.Name))
		}
		return h.Sum64()
	}
	o := f.Org
	w("o")
	w(string(o.Kind))
	if o.TaxCode != "" {
		w(o.TaxCode)
	} else {
		w(FoldName(o.Name))
		w(FoldName(o.Address))
	}
	w(strings.ToUpper(strings.Join(strings.Fields(o.Licence), "")))
	return h.Sum64()
}

// personLists are the kinds of list whose rows are people.
var personLists = map[ListKind]bool{ListWorkPermits: true, ListExemptions: true, ListVisas: true,
	ListResidenceCards: true, ListCriminalRecords: true, ListLawyers: true, ListSchools: true}

// orgKindOfList is the kind of the organisations a list of organisations
// is about.
var orgKindOfList = map[ListKind]OrgKind{ListFDI: OrgFDI, ListRepOffices: OrgRepOffice, ListContractors: OrgContractor,
	ListNGOs: OrgNGO, ListHealthFacilities: OrgHealthFacility}

// docKindOfList is the paper a list of people records when its rows do
// not say (no "Loại giấy tờ" column).
var docKindOfList = map[ListKind]DocKind{ListWorkPermits: DocWorkPermit, ListExemptions: DocExemption, ListVisas: DocVisa,
	ListResidenceCards: DocResidenceCard, ListCriminalRecords: DocCriminalRecord, ListLawyers: DocLawyerLicence}

// DocKindOf reads a "Loại giấy tờ" value (folded words, so an operator may
// reword the allowed values).
func DocKindOf(value string, def DocKind) DocKind {
	f := FoldName(value)
	switch {
	case f == "":
		return def
	case strings.Contains(f, "khong thuoc dien"):
		return DocExemption
	case strings.Contains(f, "gia han tam tru"):
		return DocStayExtension
	case strings.Contains(f, "the tam tru"):
		return DocResidenceCard
	case strings.Contains(f, "thi thuc"):
		return DocVisa
	case strings.Contains(f, "ly lich tu phap"):
		return DocCriminalRecord
	case strings.Contains(f, "luat su"):
		return DocLawyerLicence
	case strings.Contains(f, "giay phep lao dong"):
		return DocWorkPermit
	}
	return def
}

// OrgKindOf reads a "Loại đơn vị" value: the kind of an employer.
func OrgKindOf(value string) OrgKind {
	f := FoldName(value)
	switch {
	case strings.Contains(f, "von dau tu nuoc ngoai"), strings.Contains(f, "fdi"):
		return OrgFDI
	case strings.Contains(f, "van phong dai dien"):
		return OrgRepOffice
	case strings.Contains(f, "nha thau"):
		return OrgContractor
	case strings.Contains(f, "phi chinh phu"):
		return OrgNGO
	case strings.Contains(f, "giao duc"), strings.Contains(f, "truong"):
		return OrgSchool
	}
	return OrgEmployer
}

// FactOf makes a fact of a row's values by their column keys (the keys of
// the shipped templates: passport, nationality, name, birth_date, sex,
// doc_type, number, purpose, position, job_title, issued, valid_from,
// valid_to, employer, employer_kind, tax_code, address, zone, school,
// law_firm, registration, licence, decision). A key the template does not
// have reads as empty.
func FactOf(kind ListKind, vals map[string]CellValue) Fact {
	text := func(keys ...string) string {
		for _, k := range keys {
			if v, ok := vals[k]; ok && !v.Empty && v.Text != "" {
				return v.Text
			}
		}
		return ""
	}
	date := func(keys ...string) Date {
		for _, k := range keys {
			if v, ok := vals[k]; ok && !v.Empty && !v.Date.IsZero() {
				return v.Date
			}
		}
		return Date{}
	}
	var f Fact
	if ok := orgKindOfList[kind]; ok != "" {
		name := text("name")
		if name == "" && text("tax_code") == "" {
			return f
		}
		f.Org = &Organisation{Kind: ok, Name: name, TaxCode: text("tax_code"),
			Licence: text("registration", "licence", "decision"), Address: text("address"), Zone: text("zone")}
		return f
	}
	if !personLists[kind] || text("passport") == "" {
		return f
	}
	f.Person = &PersonClaim{Passport: text("passport"), Nationality: Nationality(text("nationality")), Name: text("name"),
		BirthDate: date("birth_date"), Sex: text("sex")}
	if dk, ok := docKindOfList[kind]; ok {
		f.Doc = &Document{Kind: DocKindOf(text("doc_type"), dk), Number: text("number"), Purpose: text("purpose"),
			Position: text("position", "job_title"), ValidFrom: date("valid_from", "issued"), ValidTo: date("valid_to")}
	}
	switch {
	case kind == ListSchools && text("school") != "":
		f.Org = &Organisation{Kind: OrgSchool, Name: text("school"), Address: text("address")}
	case text("law_firm") != "":
		f.Org = &Organisation{Kind: OrgEmployer, Name: text("law_firm")}
	case text("employer") != "" || text("tax_code") != "":
		f.Org = &Organisation{Kind: OrgKindOf(text("employer_kind")), Name: text("employer"), TaxCode: text("tax_code"),
			Address: text("address"), Zone: text("zone")}
	}
	return f
}

// Why a submitted file could not be read as a list; a RowSource opener
// wraps one of these, so the officer is told what to do.
var (
	ErrNotSpreadsheet = errors.New("not a spreadsheet (xlsx or csv)")
	ErrOldExcel       = errors.New("an Excel 97-2003 workbook (xls)")
	ErrNotUTF8        = errors.New("a csv file not in UTF-8")
	ErrOpenDocument   = errors.New("an OpenDocument spreadsheet (ods)")
)

// Nationality is a nationality as the register keeps it, part of a
// person's identity: each word capitalised ("HÀN QUỐC" and "hàn quốc" are
// "Hàn Quốc"), so that two lists that write it differently name the same
// person.
func Nationality(s string) string {
	c := titlers.Get().(cases.Caser)
	defer titlers.Put(c)
	return c.String(strings.ToLower(strings.Join(strings.Fields(s), " ")))
}

// titlers are Vietnamese title casers; one is not safe for two goroutines
// at once.
var titlers = sync.Pool{New: func() any { return cases.Title(language.Vietnamese) }}

package coord

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// permitList is a work-permit list as config ships it, shortened.
var permitList = ListTemplate{Kind: ListWorkPermits, Columns: []ListColumn{
	{Key: "doc_type", Header: "Loại giấy tờ", Type: ColEnum, Required: true, Values: []string{"Cấp giấy phép lao động", "Xác nhận không thuộc diện cấp giấy phép lao động"}},
	{Key: "name", Header: "Họ và tên", Type: ColText, Required: true},
	{Key: "birth_date", Header: "Ngày sinh", Type: ColDate, Required: true},
	{Key: "nationality", Header: "Quốc tịch", Type: ColText, Required: true},
	{Key: "passport", Header: "Số hộ chiếu", Type: ColPassport, Required: true},
	{Key: "number", Header: "Số giấy phép lao động", Type: ColText, Required: true},
	{Key: "valid_from", Header: "Có giá trị từ", Type: ColDate},
	{Key: "valid_to", Header: "Có giá trị đến", Type: ColDate, Required: true},
	{Key: "employer", Header: "Tên doanh nghiệp", Type: ColText, Required: true},
	{Key: "employer_kind", Header: "Loại đơn vị sử dụng lao động", Type: ColEnum, Values: []string{"Doanh nghiệp có vốn đầu tư nước ngoài", "Khác"}},
	{Key: "tax_code", Header: "Mã số thuế", Type: ColTaxCode, Required: true},
}}

type rowsOf map[string][][]string

// Each walks the sheets in name order of the keys given to sheetsInOrder.
type sheetsInOrder struct {
	order []string
	rows  rowsOf
}

func (s sheetsInOrder) Each(fn func(sheet string, row int, cells []string) error) error {
	for _, name := range s.order {
		for i, r := range s.rows[name] {
			if err := fn(name, i+1, r); err != nil {
				return err
			}
		}
	}
	return nil
}

func readList(t *testing.T, l ListTemplate, src RowSource) ([]Fact, []RowProblem, ListSummary) {
	t.Helper()
	var facts []Fact
	var probs []RowProblem
	sum, err := NewListReader(l).Read(src, func(f Fact) error { facts = append(facts, f); return nil },
		func(p RowProblem) { probs = append(probs, p) })
	if err != nil {
		t.Fatal(err)
	}
	return facts, probs, sum
}

// TestListReaderReadsAnOfficeSheet: a sheet as an office makes it — two
// merged title rows, "STT" first, headers without diacritics and with the
// required mark, the column numbers under them, trailing spaces, dates as
// text and as Excel serials, a total row and a signature — gives its data
// rows as facts with their row numbers, and each bad row its reasons.
func TestListReaderReadsAnOfficeSheet(t *testing.T) {
	sheet := [][]string{
		{"UBND TỈNH BẮC GIANG"},
		{"", "DANH SÁCH NGƯỜI LAO ĐỘNG NƯỚC NGOÀI ĐƯỢC CẤP GIẤY PHÉP LAO ĐỘNG THÁNG 02/2027"},
		{},
		{"STT", "Loai giay to *", "HỌ VÀ TÊN", "Ngày sinh", "Quốc tịch", "Số hộ chiếu (*)", "Số giấy phép lao động", "Có giá trị từ", "Có giá trị đến", "Tên doanh nghiệp", "Loại đơn vị sử dụng lao động", "Mã số thuế"},
		{"(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)", "(12)"},
		{"1", "Cấp giấy phép lao động ", "KIM MIN JUN  ", "12/04/1985", "Hàn Quốc", " m 1234 5678", "BG-0001", "15/02/2027", "46797", "Công ty TNHH Sao Mai", "Doanh nghiệp có vốn đầu tư nước ngoài", "2400123456"},
		{"2", "Xác nhận không thuộc diện cấp giấy phép lao động", "LI WEI", "31121990", "Trung Quốc", "E12345678", "XN-0002", "", "31/02/2027", "Công ty TNHH Sao Mai", "", "2400123456"},
		{"3", "Cấp giấy phép lao động", "", "01/01/1980", "Nhật Bản", "TK1234567", "BG-0003", "01/03/2027", "28/02/2029", "Công ty Kaito", "Khác", "2400999999"},
		{"4", "Cấp giấy phép lao động", "KIM MIN JUN", "12/04/1985", "Hàn Quốc", "M12345678", "BG-0001", "15/02/2027", "14/02/2029", "Công ty TNHH Sao Mai", "", "2400123456"},
		{"5", "Cấp giấy phép lao động", "TANAKA HIRO", "01/01/1980", "Nhật Bản", "TK7654321", "BG-0005", "01/03/2027", "01/01/2027", "Công ty Kaito", "Khác", "2400999999"},
		{"", "Tổng cộng", "5 người"},
		{},
		{"", "", "", "", "", "", "", "", "Người lập biểu"},
	}
	facts, probs, sum := readList(t, permitList, sheetsInOrder{[]string{"DS"}, rowsOf{"DS": sheet}})
	if sum.Entered != 1 || sum.Rejected != 4 || sum.Skipped != 3 || len(sum.Sheets) != 1 {
		t.Fatalf("summary %+v; want 1 entered, 4 rejected, 3 skipped (column numbers, total, signature)\nproblems: %+v", sum, probs)
	}
	f := facts[0]
	if f.Source.Sheet != "DS" || f.Source.Row != 6 {
		t.Errorf("source %+v, want DS row 6", f.Source)
	}
	if f.Person.Passport != "M12345678" || f.Person.Name != "KIM MIN JUN" || f.Person.BirthDate != (Date{1985, 4, 12}) {
		t.Errorf("person %+v", f.Person)
	}
	if f.Doc.Kind != DocWorkPermit || f.Doc.Number != "BG-0001" || f.Doc.ValidFrom != (Date{2027, 2, 15}) || f.Doc.ValidTo != (Date{2028, 2, 14}) {
		t.Errorf("document %+v (46797 is 14/02/2028)", f.Doc)
	}
	if f.Org.Kind != OrgFDI || f.Org.TaxCode != "2400123456" || f.Org.Name != "Công ty TNHH Sao Mai" {
		t.Errorf("employer %+v", f.Org)
	}
	byRow := map[int][]string{}
	for _, p := range probs {
		byRow[p.Row] = append(byRow[p.Row], p.Column+": "+p.Reason)
	}
	want := map[int][]string{
		7:  {"Ngày sinh: '31121990' không phải ngày hợp lệ", "Có giá trị đến: '31/02/2027' không phải ngày hợp lệ"},
		8:  {"Họ và tên: bỏ trống"},
		9:  {": trùng với dòng 6"},
		10: {"Có giá trị đến: '01/01/2027' trước ngày ở cột Có giá trị từ ('01/03/2027')"},
	}
	for row, reasons := range want {
		got := byRow[row]
		if len(got) != len(reasons) {
			t.Errorf("row %d: problems %q, want %q", row, got, reasons)
			continue
		}
		for i, r := range reasons {
			if !strings.HasPrefix(got[i], r) {
				t.Errorf("row %d: problem %q, want it to start with %q", row, got[i], r)
			}
		}
	}
	if len(byRow) != len(want) {
		t.Errorf("problems on rows %v, want only %v", byRow, want)
	}
}

// TestListReaderWithoutHeader: a workbook whose sheets have no header row
// (a cover page, the wrong template) enters nothing and names the required
// columns the closest row lacked; a hidden-sheet-like sheet of values
// beside a real list does not count against it.
func TestListReaderWithoutHeader(t *testing.T) {
	wrong := [][]string{{"Báo cáo"}, {"STT", "Họ và tên", "Số hộ chiếu", "Quốc tịch"}, {"1", "A", "B1234567", "Hàn Quốc"}}
	_, _, sum := readList(t, permitList, sheetsInOrder{[]string{"Bìa", "DS"}, rowsOf{"Bìa": {{"CÔNG VĂN"}}, "DS": wrong}})
	if sum.Entered != 0 || len(sum.Sheets) != 0 || sum.Closest.Sheet != "DS" || sum.Closest.Row != 2 {
		t.Fatalf("summary %+v", sum)
	}
	var missing []string
	for _, c := range sum.Missing {
		missing = append(missing, c.Key)
	}
	if strings.Join(missing, ",") != "doc_type,birth_date,number,valid_to,employer,tax_code" {
		t.Errorf("missing %v", missing)
	}
	good := [][]string{permitHeader(), {"Cấp giấy phép lao động", "A", "01/01/1980", "Hàn Quốc", "B1234567", "GP1", "", "01/01/2029", "Cty", "", "2400123456"}}
	_, _, sum = readList(t, permitList, sheetsInOrder{[]string{"Bìa", "DS"}, rowsOf{"Bìa": {{"CÔNG VĂN"}}, "DS": good}})
	if sum.Entered != 1 || len(sum.Missing) != 0 || len(sum.Sheets) != 1 {
		t.Errorf("summary %+v", sum)
	}
}

func permitHeader() []string {
	var h []string
	for _, c := range permitList.Columns {
		h = append(h, c.Header)
	}
	return h
}

// TestListReaderStopsOnTheStoresError: the fact callback's error stops the
// reading and comes back as it is.
func TestListReaderStopsOnTheStoresError(t *testing.T) {
	boom := errors.New("disk full")
	rows := [][]string{permitHeader(), {"Cấp giấy phép lao động", "A", "01/01/1980", "Hàn Quốc", "B1234567", "GP1", "", "01/01/2029", "Cty", "", "2400123456"}}
	_, err := NewListReader(permitList).Read(sheetsInOrder{[]string{"DS"}, rowsOf{"DS": rows}}, func(Fact) error { return boom }, func(RowProblem) {})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v", err)
	}
}

// TestFactOfOrganisationLists: a row of an organisation list is the
// organisation, of the list's kind.
func TestFactOfOrganisationLists(t *testing.T) {
	f := FactOf(ListContractors, map[string]CellValue{"name": {Text: "China Railway No.5"}, "tax_code": {Text: "2400777777"}, "licence": {Text: "GP-XD-12"}})
	if f.Person != nil || f.Org == nil || f.Org.Kind != OrgContractor || f.Org.Licence != "GP-XD-12" {
		t.Errorf("contractor %+v %+v", f.Person, f.Org)
	}
	f = FactOf(ListVisas, map[string]CellValue{"passport": {Text: "M1"}, "doc_type": {Text: "Thẻ tạm trú"}, "purpose": {Text: "LĐ2"}})
	if f.Doc == nil || f.Doc.Kind != DocResidenceCard || f.Doc.Purpose != "LĐ2" {
		t.Errorf("visa list row %+v", f.Doc)
	}
}

// FuzzListReader: whatever the cells, reading never panics, and every row
// is entered, refused with a reason, or skipped.
func FuzzListReader(f *testing.F) {
	f.Add("Cấp giấy phép lao động", "KIM", "12/04/1985", "Hàn Quốc", "M12345678", "GP1", "45000", "46797", "Cty", "Khác", "2400123456")
	f.Add("", "Tổng cộng", "", "", "", "", "", "", "", "", "")
	f.Add("(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)")
	f.Fuzz(func(t *testing.T, a, b, c, d, e, g, h, i, j, k, l string) {
		rows := [][]string{permitHeader(), {a, b, c, d, e, g, h, i, j, k, l}}
		var facts, probs int
		sum, err := NewListReader(permitList).Read(sheetsInOrder{[]string{"DS"}, rowsOf{"DS": rows}},
			func(Fact) error { facts++; return nil },
			func(p RowProblem) {
				if p.Reason == "" {
					t.Errorf("a problem without a reason: %+v", p)
				}
				probs++
			})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Entered != facts || (sum.Rejected > 0) != (probs > 0) || sum.Entered+sum.Rejected+sum.Skipped > 1 {
			t.Errorf("summary %+v with %d facts and %d problems", sum, facts, probs)
		}
	})
}

// TestNationalityAndNamesCompareAsPeopleWrite: a nationality in capitals
// and one in lower case are the same, and so are a name with a hyphen and
// one without: no mismatch alert for either.
func TestNationalityAndNamesCompareAsPeopleWrite(t *testing.T) {
	for _, s := range []string{"HÀN QUỐC", "hàn  quốc", "Hàn Quốc "} {
		if got := Nationality(s); got != "Hàn Quốc" {
			t.Errorf("Nationality(%q) = %q", s, got)
		}
	}
	claim := func(agency, name string) Fact {
		return Fact{Person: &PersonClaim{Passport: "M1", Nationality: "Hàn Quốc", Name: name, BirthDate: Date{1985, 4, 12}},
			Doc: &Document{Kind: DocWorkPermit, Number: agency}, Source: FactSource{Agency: agency}}
	}
	if f := PersonChecks([]Fact{claim("bqlkcn", "Kim Min-jun"), claim("congan", "KIM MIN JUN")}, Date{2027, 3, 1}, 45); len(f) != 0 {
		t.Errorf("findings %+v for the same name written two ways", f)
	}
	if f := PersonChecks([]Fact{claim("bqlkcn", "Kim Min-jun"), claim("congan", "KIM MIN SU")}, Date{2027, 3, 1}, 45); len(f) != 1 {
		t.Errorf("findings %+v for two names", f)
	}
}

// TestMismatchOnAnyRowOfAnAgency: the Board's second row of a person
// disagrees with the police's row although its first agrees: one finding
// for the pair of agencies, with the rows that disagree.
func TestMismatchOnAnyRowOfAnAgency(t *testing.T) {
	row := func(agency string, n int, born Date) Fact {
		return Fact{Person: &PersonClaim{Passport: "M1", Nationality: "Hàn Quốc", Name: "KIM MIN JUN", BirthDate: born},
			Doc: &Document{Kind: DocWorkPermit, Number: fmt.Sprint(agency, n)}, Source: FactSource{Agency: agency, Row: n}}
	}
	f := PersonChecks([]Fact{row("bqlkcn", 1, Date{1985, 4, 12}), row("bqlkcn", 2, Date{1985, 4, 13}), row("congan", 3, Date{1985, 4, 12}),
		row("congan", 4, Date{1985, 4, 12})}, Date{2027, 3, 1}, 45)
	if len(f) != 1 || f[0].Kind != CheckIdentityMismatch || f[0].Facts[0].Source.Row != 2 || f[0].Facts[1].Source.Row != 3 {
		t.Errorf("findings %+v", f)
	}
}

// reusing hands every row in the same slice, as a CSV reader with
// ReuseRecord does.
type reusing [][]string

func (r reusing) Each(fn func(sheet string, row int, cells []string) error) error {
	buf := make([]string, 8)
	for i, c := range r {
		buf = append(buf[:0], c...)
		if err := fn("DS", i+1, buf); err != nil {
			return err
		}
	}
	return nil
}

// TestListReaderKeepsTheRowsAboveItsOwn: with a source that reuses its
// slice, the row named as closest to a header is still the right one.
func TestListReaderKeepsTheRowsAboveItsOwn(t *testing.T) {
	_, _, sum := readList(t, permitList, reusing{{"Báo cáo"}, {"STT", "Họ và tên", "Số hộ chiếu", "Quốc tịch"}, {"1", "A", "B1234567", "Hàn Quốc"}})
	if sum.Closest.Row != 2 || len(sum.Missing) != 6 {
		t.Errorf("closest %+v, missing %d", sum.Closest, len(sum.Missing))
	}
}

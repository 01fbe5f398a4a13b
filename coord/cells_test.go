package coord_test

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fuzzseed"
)

func TestParseCellDate(t *testing.T) {
	ok := []struct {
		in   string
		want coord.Date
	}{
		{"05/03/2027", coord.Date{Year: 2027, Month: time.March, Day: 5}},
		{"5/3/2027", coord.Date{Year: 2027, Month: time.March, Day: 5}},
		{" 05-03-2027 ", coord.Date{Year: 2027, Month: time.March, Day: 5}},
		{"05.03.2027", coord.Date{Year: 2027, Month: time.March, Day: 5}},
		{"2027-03-05", coord.Date{Year: 2027, Month: time.March, Day: 5}},
		{"29/02/2028", coord.Date{Year: 2028, Month: time.February, Day: 29}},
		{"31/12/2199", coord.Date{Year: 2199, Month: time.December, Day: 31}},
		{"\u00a001/01/1900", coord.Date{Year: 1900, Month: time.January, Day: 1}},
		// Excel serials: 46451 is 05/03/2027; 1 is 01/01/1900; 59 is
		// 28/02/1900 and 61 is 01/03/1900, Excel's phantom 29/02 between.
		{"46451", coord.Date{Year: 2027, Month: time.March, Day: 5}},
		{"46451.0", coord.Date{Year: 2027, Month: time.March, Day: 5}},
		{"46451.75", coord.Date{Year: 2027, Month: time.March, Day: 5}},
		{"46451,0", coord.Date{Year: 2027, Month: time.March, Day: 5}},
		{"45123", coord.Date{Year: 2023, Month: time.July, Day: 16}},
		{"1", coord.Date{Year: 1900, Month: time.January, Day: 1}},
		{"59", coord.Date{Year: 1900, Month: time.February, Day: 28}},
		{"61", coord.Date{Year: 1900, Month: time.March, Day: 1}},
		{"25569", coord.Date{Year: 1970, Month: time.January, Day: 1}},
	}
	for _, c := range ok {
		got, err := coord.ParseCellDate(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseCellDate(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	bad := []string{"31/02/2027", "29/02/2027", "32/01/2027", "00/01/2027", "05/13/2027", "05/03/27",
		"2027-3-5", "2027/03/05", "05/03-2027", "5 tháng 3 năm 2027", "", " ", "60", "0", "-1", "2027", "1900",
		"46451.x", "4645100000", "1e4", "05/03/1899", "01/01/2200", "０５/03/2027", "05//2027", "/03/2027"}
	for _, in := range bad {
		if d, err := coord.ParseCellDate(in); err == nil {
			t.Errorf("ParseCellDate(%q) = %v, want an error", in, d)
		}
	}
	_, err := coord.ParseCellDate("31/02/2027")
	want := "'31/02/2027' không phải ngày hợp lệ (ghi theo dạng ngày/tháng/năm, ví dụ 05/03/2027)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
	var ce *coord.CellError
	if !errors.As(err, &ce) || ce.Type != coord.ColDate || coord.ErrorCode(err) != coord.ERefused {
		t.Errorf("want a refused CellError of a date, got %#v", err)
	}
}

func TestParsePassport(t *testing.T) {
	ok := map[string]string{
		"C1234567":       "C1234567",
		" c 123 4567 ":   "C1234567",
		"e12345678":      "E12345678",
		"123456":         "123456",
		"AB1234567890":   "AB1234567890",
		"ej\u00a0123456": "EJ123456",
	}
	for in, want := range ok {
		if got, err := coord.ParsePassport(in); err != nil || got != want {
			t.Errorf("ParsePassport(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "12345", "ABCDEFGH", "AB12345678901", "C-1234567", "Đ1234567", "ı1234567", "C１234567", "C1234567."} {
		if got, err := coord.ParsePassport(in); err == nil {
			t.Errorf("ParsePassport(%q) = %q, want an error", in, got)
		}
	}
	_, err := coord.ParsePassport("AB 12")
	if err == nil || !strings.HasPrefix(err.Error(), "'AB 12' không phải số hộ chiếu hợp lệ") {
		t.Errorf("got %v", err)
	}
}

func TestParseTaxCode(t *testing.T) {
	ok := map[string]string{
		"0101234567":         "0101234567",
		" 0101 234 567 ":     "0101234567",
		"0101.234.567":       "0101234567",
		"0101234567-001":     "0101234567-001",
		"0101234567 - 001":   "0101234567-001",
		"0101234567001":      "0101234567-001",
		"001087012345":       "001087012345",
		"001.087.012.345":    "001087012345",
		"\u00a00101234567\t": "0101234567",
		"101234567":          "0101234567", // a number cell: Excel dropped the leading zero
	}
	for in, want := range ok {
		if got, err := coord.ParseTaxCode(in); err != nil || got != want {
			t.Errorf("ParseTaxCode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "12345", "010123456", "01012345678", "0101234567-01", "0101234567-0011", "0101234567--001",
		"-0101234567", "0101234567-", "01012345A7", "0101234567/001", "001087012345-001", "MST 0101234567"} {
		if got, err := coord.ParseTaxCode(in); err == nil {
			t.Errorf("ParseTaxCode(%q) = %q, want an error", in, got)
		}
	}
	if _, err := coord.ParseTaxCode("12345"); err == nil || !strings.HasPrefix(err.Error(), "'12345' không phải mã số thuế hợp lệ") {
		t.Errorf("got %v", err)
	}
}

func TestParseNumber(t *testing.T) {
	ok := map[string]float64{
		"1234": 1234, "1.234": 1234, "1.234.567": 1234567, "1,5": 1.5, "1.234,5": 1234.5,
		"1 234": 1234, "0,25": 0.25, "-3": -3, "-1.234,5": -1234.5, "1.5": 1.5, "1234.56": 1234.56,
		"1,234,567": 1234567, "1,234.5": 1234.5, " 12 ": 12, "0": 0, "007": 7,
	}
	for in, want := range ok {
		if got, err := coord.ParseNumber(in); err != nil || got != want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-", "abc", "1.2.3", "1.2,5", "1,2,3", "1,5,", "1.", ",5", ".5", "1e5", "NaN", "Inf",
		"1,5.3,2", "--1", "+1", "1.234,5,6", "12.34.567", "1 234 mười"} {
		if got, err := coord.ParseNumber(in); err == nil {
			t.Errorf("ParseNumber(%q) = %v, want an error", in, got)
		}
	}
	if _, err := coord.ParseNumber("mười"); err == nil || err.Error() != "'mười' không phải số hợp lệ (ví dụ 1.234 hoặc 1,5)" {
		t.Errorf("got %v", err)
	}
}

func TestMatchEnum(t *testing.T) {
	allowed := []string{"LĐ1", "LĐ2", "ĐT", "Cấp mới"}
	ok := map[string]string{"LĐ1": "LĐ1", "ld1": "LĐ1", " Lđ2 ": "LĐ2", "dt": "ĐT", "CAP  MOI": "Cấp mới", "cấp mới": "Cấp mới"}
	for in, want := range ok {
		if got, err := coord.MatchEnum(in, allowed); err != nil || got != want {
			t.Errorf("MatchEnum(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "LĐ3", "LĐ", "LĐ1,LĐ2"} {
		if got, err := coord.MatchEnum(in, allowed); err == nil {
			t.Errorf("MatchEnum(%q) = %q, want an error", in, got)
		}
	}
	_, err := coord.MatchEnum("LĐ3", allowed)
	if err == nil || err.Error() != "'LĐ3' không thuộc các giá trị cho phép: LĐ1, LĐ2, ĐT, Cấp mới" {
		t.Errorf("got %v", err)
	}
}

func TestMatchHeader(t *testing.T) {
	cols := []coord.ListColumn{{Key: "passport", Header: "Số hộ chiếu"}, {Key: "issued", Header: "Ngày cấp"}, {Key: "employer", Header: "Tên doanh nghiệp"}}
	ok := map[string]int{
		"Số hộ chiếu": 0, "SO HO CHIEU": 0, "Số  hộ\nchiếu *": 0, "số hộ chiếu(*)": 0, " so ho chieu (*) ": 0,
		"NGÀY CẤP*": 1, "Ngay cap": 1, "Tên Doanh Nghiệp": 2, "Ten doanh nghiep **": 2,
	}
	for in, want := range ok {
		if got := coord.MatchHeader(in, cols); got != want {
			t.Errorf("MatchHeader(%q) = %d, want %d", in, got, want)
		}
	}
	for _, in := range []string{"", "*", "STT", "Số hộ", "Ngày cấp giấy phép"} {
		if got := coord.MatchHeader(in, cols); got != -1 {
			t.Errorf("MatchHeader(%q) = %d, want -1", in, got)
		}
	}
}

func TestParseCell(t *testing.T) {
	req := coord.ListColumn{Key: "issued", Header: "Ngày cấp", Type: coord.ColDate, Required: true}
	if _, err := coord.ParseCell(req, "  "); err == nil || !strings.Contains(err.Error(), "bắt buộc") {
		t.Errorf("an empty required cell: got %v", err)
	}
	req.Required = false
	if v, err := coord.ParseCell(req, ""); err != nil || !v.Empty {
		t.Errorf("an empty optional cell: got %+v, %v", v, err)
	}
	if v, err := coord.ParseCell(req, "46451"); err != nil || v.Text != "05/03/2027" {
		t.Errorf("a serial date: got %+v, %v", v, err)
	}
	enum := coord.ListColumn{Key: "purpose", Header: "Ký hiệu", Type: coord.ColEnum, Values: []string{"LĐ1", "LĐ2"}}
	if v, err := coord.ParseCell(enum, "ld2"); err != nil || v.Text != "LĐ2" {
		t.Errorf("an enum: got %+v, %v", v, err)
	}
	text := coord.ListColumn{Key: "name", Header: "Họ và tên", Type: coord.ColText}
	if v, err := coord.ParseCell(text, " Nguyễn   Văn  A "); err != nil || v.Text != "Nguyễn Văn A" {
		t.Errorf("a text: got %+v, %v", v, err)
	}
}

func TestListTemplateValidate(t *testing.T) {
	good := func() coord.ListTemplate {
		return coord.ListTemplate{Kind: coord.ListVisas, Columns: []coord.ListColumn{
			{Key: "passport", Header: "Số hộ chiếu", Type: coord.ColPassport, Required: true},
			{Key: "purpose", Header: "Ký hiệu mục đích", Type: coord.ColEnum, Values: []string{"LĐ1", "LĐ2"}},
		}}
	}
	if err := good().Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(*coord.ListTemplate)
		want string
	}{
		{"ErrKind", func(l *coord.ListTemplate) { l.Kind = "visa" }, `kind: "visa" is not one of work_permits, `},
		{"ErrNoColumns", func(l *coord.ListTemplate) { l.Columns = nil }, "columns: a list needs at least one column"},
		{"ErrType", func(l *coord.ListTemplate) { l.Columns[0].Type = "datee" }, `columns[0].type: "datee" is not one of text, date, number, enum, passport, tax_code`},
		{"ErrKey", func(l *coord.ListTemplate) { l.Columns[1].Key = "Mục đích" }, `columns[1].key: "Mục đích" must be lower-case`},
		{"ErrDuplicateKey", func(l *coord.ListTemplate) { l.Columns[1].Key = "passport" }, `columns[1].key: "passport" is already the key of columns[0]`},
		{"ErrDuplicateHeader", func(l *coord.ListTemplate) { l.Columns[1].Header = "SO HO CHIEU *" }, `columns[1].header: "SO HO CHIEU *" reads like the header of columns[0]`},
		{"ErrEmptyHeader", func(l *coord.ListTemplate) { l.Columns[1].Header = " " }, "columns[1].header: empty"},
		{"ErrEnumWithoutValues", func(l *coord.ListTemplate) { l.Columns[1].Values = nil }, "columns[1].values: an enum column needs its allowed values"},
		{"ErrValuesOnText", func(l *coord.ListTemplate) { l.Columns[0].Values = []string{"x"} }, "columns[0].values: only an enum column has allowed values"},
		{"ErrDuplicateValue", func(l *coord.ListTemplate) { l.Columns[1].Values = []string{"LĐ1", "ld1"} }, `columns[1].values[1]: "ld1" reads like values[0]`},
		{"ErrNothingRequired", func(l *coord.ListTemplate) { l.Columns[0].Required = false }, "columns: no column is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := good()
			tt.edit(&l)
			err := l.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// The seeds of the cell fuzz targets, committed under testdata/fuzz.
var (
	cellDateSeeds = []string{"05/03/2027", "5/3/2027", "05-03-2027", "05.03.2027", "2027-03-05", "31/02/2027", "29/02/2028",
		"46451", "46451.0", "45123.0", "60", "59", "61", "1", "0", "2027", "9999999", "1.5", "05/03/27", " 05/03/2027 ",
		"٠٥/٠٣/٢٠٢٧", "05/03/2027\x00", "31/12/2199", "01/01/1900", "2958465", "\xff"}
	passportSeeds = []string{"C1234567", " c 123 4567 ", "ABCDEFGH", "12345", "ı1234567", "Ｃ1234567", "AB1234567890", "\xff1234567"}
	taxCodeSeeds  = []string{"0101234567", "0101.234.567", "0101234567-001", "0101234567001", "001087012345", "12345", "--", "0101234567-"}
	numberSeeds   = []string{"1.234", "1,5", "1.234,5", "1 234", "-3", "1.5", "1,234.5", "1e5", "", "-", "99999999999999999999999999999999999999"}
)

func TestCellFuzzSeedCorpus(t *testing.T) {
	for _, s := range cellDateSeeds {
		fuzzseed.Check(t, "FuzzParseCellDate", s)
	}
	for _, s := range passportSeeds {
		fuzzseed.Check(t, "FuzzParsePassport", s)
	}
	for _, s := range taxCodeSeeds {
		fuzzseed.Check(t, "FuzzParseTaxCode", s)
	}
	for _, s := range numberSeeds {
		fuzzseed.Check(t, "FuzzParseNumber", s)
	}
}

// FuzzParseCellDate: never a panic; an accepted date exists and reads back
// from its dd/mm/yyyy form as itself; a refusal is a CellError.
func FuzzParseCellDate(f *testing.F) {
	for _, s := range cellDateSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := coord.ParseCellDate(s)
		if err != nil {
			var ce *coord.CellError
			if !errors.As(err, &ce) || d != (coord.Date{}) || !strings.Contains(err.Error(), "không phải ngày hợp lệ") {
				t.Fatalf("ParseCellDate(%q): %v, %v", s, d, err)
			}
			return
		}
		if tm := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC); coord.DateOf(tm) != d {
			t.Fatalf("ParseCellDate(%q) = %+v, which is not a day", s, d)
		}
		back, err := coord.ParseCellDate(d.VN())
		if err != nil || back != d {
			t.Fatalf("ParseCellDate(%q) = %v, but %q reads back as %v, %v", s, d, d.VN(), back, err)
		}
	})
}

// FuzzParsePassport: an accepted passport is 6–12 of A–Z and 0–9 with a
// digit, and parses to itself.
func FuzzParsePassport(f *testing.F) {
	for _, s := range passportSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := coord.ParsePassport(s)
		if err != nil {
			return
		}
		if len(p) < 6 || len(p) > 12 || strings.Trim(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" || !strings.ContainsAny(p, "0123456789") {
			t.Fatalf("ParsePassport(%q) = %q", s, p)
		}
		if again, err := coord.ParsePassport(p); err != nil || again != p {
			t.Fatalf("ParsePassport(%q) = %q, which parses as %q, %v", s, p, again, err)
		}
	})
}

// FuzzParseTaxCode: an accepted code has one of the three shapes and
// parses to itself.
func FuzzParseTaxCode(f *testing.F) {
	for _, s := range taxCodeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := coord.ParseTaxCode(s)
		if err != nil {
			return
		}
		main, branch, dashed := strings.Cut(c, "-")
		okShape := (len(main) == 10 || len(main) == 12 && !dashed) && (!dashed || len(branch) == 3) &&
			strings.Trim(main+branch, "0123456789") == ""
		if !okShape {
			t.Fatalf("ParseTaxCode(%q) = %q", s, c)
		}
		if again, err := coord.ParseTaxCode(c); err != nil || again != c {
			t.Fatalf("ParseTaxCode(%q) = %q, which parses as %q, %v", s, c, again, err)
		}
	})
}

// FuzzParseNumber: an accepted number is finite, and its Vietnamese
// writing (decimal comma) reads back as the same number.
func FuzzParseNumber(f *testing.F) {
	for _, s := range numberSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := coord.ParseNumber(s)
		if err != nil {
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
		vn := strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
		if len(vn) > 40 {
			return
		}
		if back, err := coord.ParseNumber(vn); err != nil || back != v {
			t.Fatalf("ParseNumber(%q) = %v, but %q reads back as %v, %v", s, v, vn, back, err)
		}
	})
}

var headerSeeds = []string{"Số hộ chiếu", "SO HO CHIEU *", "số hộ chiếu (*)", "*", "(*)", "Ngày  cấp\n*", "\xff*", "Đ**"}

func TestHeaderFuzzSeedCorpus(t *testing.T) {
	for _, s := range headerSeeds {
		fuzzseed.Check(t, "FuzzMatchHeader", s)
	}
}

// FuzzMatchHeader: folding a header is idempotent, a header matches its
// own column, and the mark of a required column changes nothing.
func FuzzMatchHeader(f *testing.F) {
	for _, s := range headerSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h := coord.FoldHeader(s)
		if coord.FoldHeader(h) != h {
			t.Fatalf("FoldHeader(%q) = %q, which folds to %q", s, h, coord.FoldHeader(h))
		}
		cols := []coord.ListColumn{{Key: "a", Header: "Số hộ chiếu"}, {Key: "b", Header: s}}
		want := 1
		if h == "" {
			want = -1
		} else if h == "so ho chieu" {
			want = 0
		}
		if got := coord.MatchHeader(s+" *", cols); got != want {
			t.Fatalf("MatchHeader(%q) = %d, want %d", s+" *", got, want)
		}
	})
}

func TestFindHeaderRow(t *testing.T) {
	cols := []coord.ListColumn{{Key: "name", Header: "Họ và tên", Required: true}, {Key: "passport", Header: "Số hộ chiếu", Required: true},
		{Key: "note", Header: "Ghi chú"}}
	t.Run("OK", func(t *testing.T) {
		rows := [][]string{
			{"DANH SÁCH NGƯỜI LAO ĐỘNG NƯỚC NGOÀI ĐƯỢC CẤP GIẤY PHÉP LAO ĐỘNG"},
			{"(Kèm theo Công văn số 123/SLĐ)"},
			{"STT", "HO VA TEN *", "Số  hộ chiếu*", "Họ và tên"},
			{"1", "KIM MIN JUN", "M12345678"},
		}
		h, missing, ok := coord.FindHeaderRow(rows, cols, 10)
		if !ok || h.Row != 2 || len(missing) != 0 || h.At[0] != 1 || h.At[1] != 2 || h.At[2] != -1 {
			t.Errorf("got %+v, %v, %v", h, missing, ok)
		}
	})
	t.Run("ErrMissingRequired", func(t *testing.T) {
		rows := [][]string{{"Danh sách"}, {"STT", "Họ và tên", "Ghi chú"}, {"1", "A", ""}}
		h, missing, ok := coord.FindHeaderRow(rows, cols, 10)
		if ok || h.Row != 1 || len(missing) != 1 || missing[0].Key != "passport" {
			t.Errorf("got %+v, %v, %v", h, missing, ok)
		}
	})
	t.Run("ErrNoHeader", func(t *testing.T) {
		h, missing, ok := coord.FindHeaderRow([][]string{{"x"}, {"Họ và tên", "Số hộ chiếu"}}, cols, 1)
		if ok || h.Row != -1 || len(missing) != 2 {
			t.Errorf("got %+v, %v, %v", h, missing, ok)
		}
	})
}

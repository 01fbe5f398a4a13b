package coord

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The readers of a list's cells, as Vietnamese offices fill them in: dates
// as dd/mm/yyyy text or Excel serial numbers, passports with stray spaces,
// tax codes with dots, numbers with thousands dots and decimal commas,
// headers with or without diacritics. Each refusal is a CellError whose
// text is shown to the officer as it is.

// CellError is a cell that could not be read. Its Error is Vietnamese and
// meant for the officer who filled the sheet in; the import prefixes the
// sheet, row and column.
type CellError struct {
	Value  string     // the cell as written (trimmed)
	Type   ColumnType // what it should have been
	Reason string     // the Vietnamese sentence
}

func (e *CellError) Error() string { return e.Reason }

// ErrorCode makes a cell error the officer's mistake, told in their words.
func (*CellError) ErrorCode() Code { return ERefused }

// quoted is a cell value as a refusal shows it: in single quotes, on one
// line, cut after 40 characters so a pasted paragraph does not flood the
// reply.
func quoted(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 40 {
		r := []rune(s)
		s = string(r[:40]) + "…"
	}
	return "'" + s + "'"
}

func cellErr(value string, t ColumnType, format string, args ...any) *CellError {
	return &CellError{Value: value, Type: t, Reason: quoted(value) + " " + fmt.Sprintf(format, args...)}
}

// Dates a list may hold: from the first day Excel counts to far enough
// ahead for any validity.
const (
	minCellYear = 1900
	maxCellYear = 2199
)

// trimCell drops the spaces around a cell, the no-break space included.
func trimCell(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' || r == '\ufeff' })
}

// ParseCellDate reads a date cell: dd/mm/yyyy and d/m/yyyy, with '-' or '.'
// instead of '/', yyyy-mm-dd, and the serial number Excel stores a date as
// (45356, also "45356.0"; a fraction, the time of day, is dropped). Days
// that do not exist (31/02/2027, and Excel's 29/02/1900) are refused, and
// so is a bare year such as 2027, which Excel would read as a day of 1905.
func ParseCellDate(s string) (Date, error) {
	s = trimCell(s)
	bad := func() (Date, error) {
		return Date{}, cellErr(s, ColDate, "không phải ngày hợp lệ (ghi theo dạng ngày/tháng/năm, ví dụ 05/03/2027)")
	}
	if d, ok := excelSerial(s); ok {
		return d, nil
	}
	var parts []string
	for _, sep := range []string{"/", "-", "."} {
		if strings.Count(s, sep) == 2 {
			parts = strings.Split(s, sep)
			break
		}
	}
	if len(parts) != 3 {
		return bad()
	}
	day, month, year := parts[0], parts[1], parts[2]
	if len(day) == 4 { // yyyy-mm-dd, ISO order
		if s[4] != '-' {
			return bad()
		}
		year, day = parts[0], parts[2]
		if len(month) != 2 || len(day) != 2 {
			return bad()
		}
	}
	if len(year) != 4 || len(day) < 1 || len(day) > 2 || len(month) < 1 || len(month) > 2 {
		return bad()
	}
	y, ok1 := digits(year)
	m, ok2 := digits(month)
	d, ok3 := digits(day)
	if !ok1 || !ok2 || !ok3 {
		return bad()
	}
	date, ok := makeDate(y, m, d)
	if !ok {
		return bad()
	}
	return date, nil
}

// digits reads a string of ASCII digits only (no sign, no spaces).
func digits(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// makeDate is the day y-m-d if it exists and lies in the years a list may
// hold.
func makeDate(y, m, d int) (Date, bool) {
	if y < minCellYear || y > maxCellYear || m < 1 || m > 12 || d < 1 || d > 31 {
		return Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return Date{}, false
	}
	return Date{y, time.Month(m), d}, true
}

// excelSerial reads Excel's day number: 1 is 01/01/1900, and Excel counts
// a 29/02/1900 that never was (serial 60, refused), so from 61 on the day
// is one fewer than the count from 31/12/1899.
func excelSerial(s string) (Date, bool) {
	whole, frac, hasFrac := strings.Cut(s, ".")
	if !hasFrac {
		whole, frac, hasFrac = strings.Cut(s, ",")
	}
	n, ok := digits(whole)
	if !ok || len(whole) > 6 {
		return Date{}, false
	}
	if hasFrac {
		if _, ok := digits(frac); !ok {
			return Date{}, false
		}
	}
	if !hasFrac && len(whole) == 4 && n >= minCellYear && n <= maxCellYear {
		return Date{}, false // a year alone, not a day of 1905
	}
	var base time.Time
	switch {
	case n < 1 || n == 60:
		return Date{}, false
	case n < 60:
		base = time.Date(1899, 12, 31, 12, 0, 0, 0, time.UTC)
	default:
		base = time.Date(1899, 12, 30, 12, 0, 0, 0, time.UTC)
	}
	d := DateOf(base.AddDate(0, 0, n))
	if d.Year > maxCellYear {
		return Date{}, false
	}
	return d, true
}

// ParsePassport reads a passport number: spaces anywhere are dropped and
// letters upper-cased; what remains is 6 to 12 Latin letters and digits,
// at least one of them a digit ("c 123 4567" is C1234567).
func ParsePassport(s string) (string, error) {
	s = trimCell(s)
	var b strings.Builder
	ok := true
	hasDigit := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u00a0':
		case r >= '0' && r <= '9':
			hasDigit = true
			b.WriteRune(r)
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		default:
			ok = false
		}
	}
	p := b.String()
	if !ok || !hasDigit || len(p) < 6 || len(p) > 12 {
		return "", cellErr(s, ColPassport, "không phải số hộ chiếu hợp lệ (6 đến 12 chữ cái hoặc chữ số, có ít nhất một chữ số, ví dụ C1234567)")
	}
	return p, nil
}

// ParseTaxCode reads a tax code (mã số thuế): 10 digits for an
// organisation, 10 digits, a dash and 3 digits for its branch (also written
// as 13 digits in a row), or 12 digits for a person's code, which is the
// citizen identity number. Spaces and dots are dropped. The result is the
// code as written on papers: 0101234567 or 0101234567-001.
func ParseTaxCode(s string) (string, error) {
	s = trimCell(s)
	clean := strings.Map(func(r rune) rune {
		if r == '.' || unicode.IsSpace(r) || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
	bad := func() (string, error) {
		return "", cellErr(s, ColTaxCode, "không phải mã số thuế hợp lệ (10 chữ số, ví dụ 0101234567; chi nhánh: 10 chữ số, gạch ngang và 3 chữ số, ví dụ 0101234567-001; cá nhân: 12 chữ số)")
	}
	main, branch, dashed := strings.Cut(clean, "-")
	if !onlyDigits(main) {
		return bad()
	}
	switch {
	case dashed:
		if len(main) != 10 || len(branch) != 3 || !onlyDigits(branch) {
			return bad()
		}
		return main + "-" + branch, nil
	case len(main) == 10, len(main) == 12:
		return main, nil
	case len(main) == 9 && s == clean && main[0] != '0':
		// Typed as a number, Excel drops the leading zero of the codes
		// that begin 0 (0101234567, Hà Nội): put it back.
		return "0" + main, nil
	case len(main) == 13:
		return main[:10] + "-" + main[10:], nil
	}
	return bad()
}

func onlyDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ParseNumber reads a number as Vietnamese offices write it: dots group
// thousands and a comma starts the decimals ("1.234.567", "1,5",
// "1.234,5"); spaces between groups are dropped. A lone dot that does not
// group thousands ("1.5", "1234.56", as Excel stores a number) is a decimal
// point, and so is the last of a dot and a comma when the other groups
// thousands ("1,234.5"). A leading minus is allowed.
func ParseNumber(s string) (float64, error) {
	s = trimCell(s)
	bad := func() (float64, error) {
		return 0, cellErr(s, ColNumber, "không phải số hợp lệ (ví dụ 1.234 hoặc 1,5)")
	}
	t := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	if t == "" || len(t) > 40 {
		return bad()
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; !(c >= '0' && c <= '9' || c == '.' || c == ',') {
			return bad()
		}
	}
	dots, commas := strings.Count(t, "."), strings.Count(t, ",")
	var intPart, frac string
	var group string // the thousands separator, if any
	switch {
	case dots > 0 && commas > 0:
		lastDot, lastComma := strings.LastIndex(t, "."), strings.LastIndex(t, ",")
		dec := ","
		group = "."
		if lastDot > lastComma {
			dec, group = ".", ","
		}
		if strings.Count(t, dec) != 1 {
			return bad()
		}
		intPart, frac, _ = strings.Cut(t, dec)
	case commas == 1:
		intPart, frac, _ = strings.Cut(t, ",")
	case commas > 1:
		intPart, group = t, ","
	case dots == 1 && !groupedBy3(t, "."):
		intPart, frac, _ = strings.Cut(t, ".")
	case dots >= 1:
		intPart, group = t, "."
	default:
		intPart = t
	}
	if group != "" {
		if !groupedBy3(intPart, group) {
			return bad()
		}
		intPart = strings.ReplaceAll(intPart, group, "")
	}
	if !onlyDigits(intPart) || strings.ContainsAny(frac, ".,") || (frac == "" && strings.ContainsAny(t[len(t)-1:], ".,")) {
		return bad()
	}
	num := intPart
	if frac != "" {
		if !onlyDigits(frac) {
			return bad()
		}
		num += "." + frac
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return bad()
	}
	if neg {
		v = -v
	}
	return v, nil
}

// groupedBy3 reports whether s is digits grouped in threes by sep after a
// first group of one to three digits: 1.234 and 12.345.678, not 1.5 or
// 1234.567.
func groupedBy3(s, sep string) bool {
	parts := strings.Split(s, sep)
	if len(parts) < 2 || len(parts[0]) < 1 || len(parts[0]) > 3 || !onlyDigits(parts[0]) {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 || !onlyDigits(p) {
			return false
		}
	}
	return true
}

// MatchEnum finds value among the allowed values ignoring case, the spaces
// around and between words and Vietnamese diacritics ("ld1" is LĐ1), and
// returns the allowed value as configured.
func MatchEnum(value string, allowed []string) (string, error) {
	v := trimCell(value)
	for _, a := range allowed {
		if v == a { // as a drop-down writes it: no folding needed
			return a, nil
		}
	}
	f := FoldName(v)
	for _, a := range allowed {
		if f != "" && FoldName(a) == f {
			return a, nil
		}
	}
	return "", cellErr(v, ColEnum, "không thuộc các giá trị cho phép: %s", strings.Join(allowed, ", "))
}

// FoldHeader is a header cell as MatchHeader compares it: FoldName without
// the mark of a required column (a trailing '*' or "(*)").
func FoldHeader(s string) string {
	f := FoldName(s)
	for {
		g := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(f, "(*)"), "*"))
		if g == f {
			return f
		}
		f = g
	}
}

// MatchHeader finds the column whose header cell reads like header:
// "SO HO CHIEU *" and "Số  hộ chiếu" match "Số hộ chiếu". It returns the
// column's index, or -1.
func MatchHeader(header string, cols []ListColumn) int {
	f := FoldHeader(header)
	if f == "" {
		return -1
	}
	for i, c := range cols {
		if FoldHeader(c.Header) == f {
			return i
		}
	}
	for i, c := range cols {
		for _, a := range c.Aliases {
			if FoldHeader(a) == f {
				return i
			}
		}
	}
	return -1
}

// CellValue is one cell read as its column's type says: Text for text,
// enum (the allowed value), passport and tax code; Date; Number.
type CellValue struct {
	Empty  bool
	Text   string
	Date   Date
	Number float64
}

// ParseCell reads one cell of column c. An empty cell is Empty, or refused
// if the column is required.
func ParseCell(c ListColumn, s string) (CellValue, error) {
	s = trimCell(s)
	if s == "" {
		if c.Required {
			return CellValue{}, &CellError{Type: c.Type, Reason: "bỏ trống, nhưng cột này bắt buộc phải điền"}
		}
		return CellValue{Empty: true}, nil
	}
	var v CellValue
	var err error
	switch c.Type {
	case ColDate:
		v.Date, err = ParseCellDate(s)
		v.Text = v.Date.VN()
	case ColNumber:
		v.Number, err = ParseNumber(s)
		v.Text = s
	case ColEnum:
		v.Text, err = MatchEnum(s, c.Values)
	case ColPassport:
		v.Text, err = ParsePassport(s)
	case ColTaxCode:
		v.Text, err = ParseTaxCode(s)
	default:
		v.Text = strings.Join(strings.Fields(s), " ")
	}
	if err != nil {
		return CellValue{}, err
	}
	return v, nil
}

// HeaderRow is where a list's header row was found in a sheet: Row is its
// index in the rows given, and At[i] the index of the cell under
// cols[i]'s header (-1 for a column the sheet leaves out).
type HeaderRow struct {
	Row int
	At  []int
}

// FindHeaderRow finds the header row among the first scan rows of a sheet,
// as office spreadsheets have a merged title row or two above it: the
// first row where every required column's header appears (MatchHeader:
// case, diacritics, spacing and the '*' mark aside). Cells that match no
// column, such as "STT", are ignored; a header given twice counts where it
// is first. Without such a row it returns the row that came closest, and
// the required columns it lacks, for the officer to be told.
func FindHeaderRow(rows [][]string, cols []ListColumn, scan int) (HeaderRow, []ListColumn, bool) {
	best, bestMissing := HeaderRow{Row: -1}, []ListColumn(nil)
	bestFound := -1
	for r := 0; r < len(rows) && r < scan; r++ {
		at := make([]int, len(cols))
		for i := range at {
			at[i] = -1
		}
		found := 0
		for j, cell := range rows[r] {
			if i := MatchHeader(cell, cols); i >= 0 && at[i] < 0 {
				at[i] = j
				found++
			}
		}
		var missing []ListColumn
		for i, c := range cols {
			if c.Required && at[i] < 0 {
				missing = append(missing, c)
			}
		}
		if found > 0 && len(missing) == 0 {
			return HeaderRow{Row: r, At: at}, nil, true
		}
		if found > bestFound {
			best, bestMissing, bestFound = HeaderRow{Row: r, At: at}, missing, found
		}
	}
	if bestFound <= 0 {
		var missing []ListColumn
		for _, c := range cols {
			if c.Required {
				missing = append(missing, c)
			}
		}
		return HeaderRow{Row: -1}, missing, false
	}
	return best, bestMissing, false
}

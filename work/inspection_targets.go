package work

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// Bounds of a targets file: what one plan may list, and how long a cell
// may be.
const (
	MaxTargets    = 500
	MaxTargetRows = MaxTargets + 50 // header and blank lines
	maxCellRunes  = 300
)

// TargetColumns are the columns of a targets file, in order, as the
// template names them.
var TargetColumns = []texts.Msg{
	{VI: "Tên doanh nghiệp", EN: "Employer name"},
	{VI: "Mã số thuế", EN: "Tax code"},
	{VI: "Địa chỉ", EN: "Address"},
	{VI: "Khu công nghiệp", EN: "Industrial zone"},
	{VI: "Ngày dự kiến (dd/mm/yyyy)", EN: "Planned date (dd/mm/yyyy)"},
}

// TargetProblem is one bad row of a targets file, worded for the officer.
type TargetProblem struct {
	Row  int // 1-based, as the spreadsheet numbers it; 0 for the file
	Msg  texts.Msg
	Args []any
}

// In renders the problem as "dòng 4: …".
func (p TargetProblem) In(lang coord.Lang) string {
	if p.Row == 0 {
		return p.Msg.In(lang, p.Args...)
	}
	return txtTargetRow.In(lang, p.Row) + p.Msg.In(lang, p.Args...)
}

var (
	txtTargetRow      = texts.Msg{VI: "dòng %d: ", EN: "row %d: "}
	txtTargetNoName   = texts.Msg{VI: "thiếu tên doanh nghiệp", EN: "the employer name is missing"}
	txtTargetTax      = texts.Msg{VI: "mã số thuế '%s' không hợp lệ — 10 hoặc 13 chữ số", EN: "tax code '%s' is not valid — 10 or 13 digits"}
	txtTargetTaxTwice = texts.Msg{VI: "mã số thuế %s đã có ở dòng %d", EN: "tax code %s is already on row %d"}
	txtTargetNoAddr   = texts.Msg{VI: "thiếu địa chỉ", EN: "the address is missing"}
	txtTargetDate     = texts.Msg{VI: "ngày dự kiến '%s' không hợp lệ — viết dd/mm/yyyy, ví dụ 20/03/2027", EN: "planned date '%s' is not valid — write dd/mm/yyyy, e.g. 20/03/2027"}
	txtTargetPast     = texts.Msg{VI: "ngày dự kiến %s đã qua (hôm nay %s)", EN: "planned date %s has passed (today is %s)"}
	txtTargetFar      = texts.Msg{VI: "ngày dự kiến %s quá xa (tối đa 2 năm kể từ hôm nay)", EN: "planned date %s is too far (at most 2 years from today)"}
	txtTargetLong     = texts.Msg{VI: "ô quá dài (tối đa %d ký tự)", EN: "a cell is too long (at most %d characters)"}
	txtTargetTooMany  = texts.Msg{VI: "tệp có quá nhiều dòng (tối đa %d doanh nghiệp)", EN: "the file has too many rows (at most %d employers)"}
	txtTargetNone     = texts.Msg{VI: "tệp không có doanh nghiệp nào (mỗi dòng một doanh nghiệp, sau dòng tiêu đề)", EN: "the file lists no employer (one per row, after the header row)"}
	txtTargetBadCSV   = texts.Msg{VI: "không đọc được tệp CSV (%s)", EN: "the CSV file cannot be read (%s)"}
)

// ParseTargetsCSV reads a CSV targets file (comma or semicolon separated,
// UTF-8 with or without BOM) and parses its rows (ParseTargets).
func ParseTargetsCSV(data []byte, today coord.Date) ([]coord.InspectionTarget, []TargetProblem) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord, r.LazyQuotes, r.ReuseRecord = -1, true, false
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, []TargetProblem{{Msg: txtTargetBadCSV, Args: []any{err.Error()}}}
		}
		if len(rows) >= MaxTargetRows {
			return nil, []TargetProblem{{Msg: txtTargetTooMany, Args: []any{MaxTargets}}}
		}
		rows = append(rows, rec)
	}
	return ParseTargets(rows, today)
}

// ParseTargets reads the rows of a targets file: an optional header row,
// then one employer a row (name, tax code, address, industrial zone,
// planned date). It returns either the targets or every problem found,
// never both, so a plan is never made from half a file.
func ParseTargets(rows [][]string, today coord.Date) ([]coord.InspectionTarget, []TargetProblem) {
	var out []coord.InspectionTarget
	var problems []TargetProblem
	seenTax := map[string]int{}
	limit := coord.DateOf(today.At(time.UTC).AddDate(2, 0, 0))
	for i, row := range rows {
		n := i + 1
		cells := make([]string, 5)
		for j := 0; j < len(row) && j < 5; j++ {
			cells[j] = strings.TrimSpace(strings.ToValidUTF8(row[j], ""))
		}
		if strings.Join(cells, "") == "" {
			continue
		}
		if i == 0 && isHeader(cells) {
			continue
		}
		if len(out) >= MaxTargets {
			return nil, []TargetProblem{{Msg: txtTargetTooMany, Args: []any{MaxTargets}}}
		}
		bad := func(m texts.Msg, args ...any) { problems = append(problems, TargetProblem{Row: n, Msg: m, Args: args}) }
		long := false
		for _, c := range cells {
			if utf8.RuneCountInString(c) > maxCellRunes {
				long = true
			}
		}
		if long {
			bad(txtTargetLong, maxCellRunes)
			continue
		}
		t := coord.InspectionTarget{Employer: cells[0], Address: cells[2], Zone: cells[3], State: coord.TargetPlanned}
		if t.Employer == "" {
			bad(txtTargetNoName)
		}
		if tax, ok := taxCode(cells[1]); !ok {
			bad(txtTargetTax, cells[1])
		} else if prev, twice := seenTax[tax]; twice {
			bad(txtTargetTaxTwice, tax, prev)
		} else {
			t.TaxCode, seenTax[tax] = tax, n
		}
		if t.Address == "" {
			bad(txtTargetNoAddr)
		}
		d, ok := ParseDayVN(cells[4])
		switch {
		case !ok:
			bad(txtTargetDate, cells[4])
		case d.Before(today):
			bad(txtTargetPast, d.VN(), today.VN())
		case limit.Before(d):
			bad(txtTargetFar, d.VN())
		default:
			t.Planned = d
		}
		out = append(out, t)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	if len(out) == 0 {
		return nil, []TargetProblem{{Msg: txtTargetNone}}
	}
	return out, nil
}

// isHeader tells the template's header row (or one like it) from data.
func isHeader(cells []string) bool {
	h := strings.ToLower(cells[0] + " " + cells[1])
	return strings.Contains(h, "tên") || strings.Contains(h, "mã số") || strings.Contains(h, "name") || strings.Contains(h, "tax")
}

// taxCode accepts a Vietnamese tax code: 10 digits, or 13 written as
// 10 digits, a hyphen and 3 digits (a branch), or 13 digits in a row.
func taxCode(s string) (string, bool) {
	digits := strings.ReplaceAll(s, "-", "")
	if strings.Count(s, "-") > 1 || (strings.Contains(s, "-") && strings.Index(s, "-") != 10) {
		return "", false
	}
	if len(digits) != 10 && len(digits) != 13 {
		return "", false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	if len(digits) == 13 {
		return digits[:10] + "-" + digits[10:], true
	}
	return digits, true
}

// ParseDayVN reads a day as officers write it: dd/mm/yyyy (or d/m/yyyy,
// with - or . too), yyyy-mm-dd, or a spreadsheet's date serial number.
func ParseDayVN(s string) (coord.Date, bool) {
	s = strings.TrimSpace(s)
	if d, err := coord.ParseDate(s); err == nil {
		return d, true
	}
	if n, err := strconv.Atoi(s); err == nil && n > 20000 && n < 80000 {
		// Excel serial: days since 1899-12-30.
		return coord.DateOf(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)), true
	}
	norm := strings.NewReplacer("-", "/", ".", "/").Replace(s)
	t, err := time.Parse("2/1/2006", norm)
	if err != nil {
		return coord.Date{}, false
	}
	return coord.DateOf(t), true
}

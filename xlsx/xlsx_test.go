package xlsx_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/xlsx"
)

var ict = time.FixedZone("ICT", 7*3600)

func sample() []coord.Sheet {
	return []coord.Sheet{{
		Name: "Trạng thái",
		Columns: []coord.Column{
			{Header: "Cơ quan", Width: 30}, {Header: "Hạn cuối", Width: 12}, {Header: "Thời điểm nộp"},
			{Header: "Số ngày trễ"}, {Header: "Tỷ lệ"}, {Header: "Tháng"},
		},
		Rows: [][]coord.Cell{
			{coord.TextCell("Sở Lao động - Thương binh và Xã hội"), coord.DateCell(coord.Date{Year: 2027, Month: time.March, Day: 4}),
				coord.TimeCell(time.Date(2027, 3, 2, 9, 30, 0, 0, ict)), coord.IntCell(0), coord.PercentCell(0.75), coord.MonthCell(2027, time.March)},
			{coord.TextCell("=HYPERLINK(\"x\")"), coord.DateCell(coord.Date{}), coord.TimeCell(time.Time{}), coord.IntCell(3), coord.PercentCell(1), coord.Cell{}},
		},
	}, {
		Name:    "Theo/tháng: [2027]*?",
		Columns: []coord.Column{{Header: "Tháng"}},
	}}
}

func open(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func encode(t *testing.T, sheets []coord.Sheet) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.Encode(&buf, sheets); err != nil {
		t.Fatal(err)
	}
	return open(t, buf.Bytes())
}

func TestEncode(t *testing.T) {
	f := encode(t, sample())
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Trạng thái" || got[1] != "Theo-tháng- -2027---" {
		t.Fatalf("sheets %q", got)
	}
	const sh = "Trạng thái"
	t.Run("header", func(t *testing.T) {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(rows[0], "|") != "Cơ quan|Hạn cuối|Thời điểm nộp|Số ngày trễ|Tỷ lệ|Tháng" {
			t.Errorf("header %q", rows[0])
		}
		id, err := f.GetCellStyle(sh, "C1")
		if err != nil {
			t.Fatal(err)
		}
		style, err := f.GetStyle(id)
		if err != nil || style.Font == nil || !style.Font.Bold || len(style.Fill.Color) == 0 {
			t.Errorf("header style %+v, %v: want bold on a fill", style, err)
		}
		panes, err := f.GetPanes(sh)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("panes %+v, %v: want the first row frozen", panes, err)
		}
		filter := false
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm._FilterDatabase" && dn.Scope == sh && strings.Contains(dn.RefersTo, "$A$1:$F$3") {
				filter = true
			}
		}
		if !filter {
			t.Errorf("no autofilter over A1:F3: %+v", f.GetDefinedName())
		}
		if w, err := f.GetColWidth(sh, "A"); err != nil || w != 30 {
			t.Errorf("width of A = %v, %v; want 30", w, err)
		}
		if w, err := f.GetColWidth(sh, "C"); err != nil || w < 10 {
			t.Errorf("width of C = %v, %v; want a default", w, err)
		}
	})
	t.Run("dates are dates", func(t *testing.T) {
		raw, err := f.GetCellValue(sh, "B2", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		// 4 March 2027 is day 46450 of Excel's 1900 system.
		if raw != "46450" {
			t.Errorf("B2 raw %q, want the serial 46450", raw)
		}
		if shown, _ := f.GetCellValue(sh, "B2"); shown != "04/03/2027" {
			t.Errorf("B2 shown as %q, want 04/03/2027", shown)
		}
		if got := numFmt(t, f, sh, "B2"); got != xlsx.DateFormat {
			t.Errorf("B2 format %q", got)
		}
		v, err := f.GetCellValue(sh, "C2", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		serial, err := strconv.ParseFloat(v, 64)
		if err != nil || serial < 46448.39 || serial > 46448.40 { // 02/03/2027 09:30 local
			t.Errorf("C2 raw %q: want 46448.396 (the local wall clock, 09:30)", v)
		}
		if shown, _ := f.GetCellValue(sh, "C2"); shown != "02/03/2027 09:30" {
			t.Errorf("C2 shown as %q", shown)
		}
		if shown, _ := f.GetCellValue(sh, "F2"); shown != "03/2027" || numFmt(t, f, sh, "F2") != xlsx.MonthFormat {
			t.Errorf("F2 shown as %q, want the month 03/2027 as a date", shown)
		}
		if typ, _ := f.GetCellType(sh, "B2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("B2 is text, not a number")
		}
	})
	t.Run("numbers, percentages, text and empty cells", func(t *testing.T) {
		if v, _ := f.GetCellValue(sh, "D3", excelize.Options{RawCellValue: true}); v != "3" {
			t.Errorf("D3 %q", v)
		}
		if v, _ := f.GetCellValue(sh, "E2"); v != "75%" {
			t.Errorf("E2 shown as %q, want 75%%", v)
		}
		// Text typed by an officer stays text, never a formula.
		if formula, _ := f.GetCellFormula(sh, "A3"); formula != "" {
			t.Errorf("A3 became a formula %q", formula)
		}
		if v, _ := f.GetCellValue(sh, "A3"); v != `=HYPERLINK("x")` {
			t.Errorf("A3 %q", v)
		}
		for _, ref := range []string{"B3", "C3"} {
			if v, _ := f.GetCellValue(sh, ref); v != "" {
				t.Errorf("%s = %q, want empty", ref, v)
			}
		}
	})
}

func numFmt(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	style, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if style.CustomNumFmt == nil {
		return ""
	}
	return *style.CustomNumFmt
}

func TestEncodeRefusesWhatItCannotWrite(t *testing.T) {
	var buf bytes.Buffer
	if err := xlsx.Encode(&buf, nil); err == nil {
		t.Error("no sheet: no error")
	}
	bad := []coord.Sheet{{Name: "x", Columns: []coord.Column{{Header: "a"}, {Header: "b"}}, Rows: [][]coord.Cell{{coord.TextCell("only one")}}}}
	if err := xlsx.Encode(&buf, bad); err == nil {
		t.Error("a short row: no error")
	}
}

func TestSpool(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "exports")
	now := time.Now()
	s, err := xlsx.NewSpool(dir, xlsx.SpoolOptions{Keep: time.Hour, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("folder %v, %v: want mode 0700", info, err)
	}
	a, err := s.Save(ctx, sample())
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Save(ctx, sample())
	if err != nil {
		t.Fatal(err)
	}
	name := regexp.MustCompile(`^export-[a-z2-7]{26}\.xlsx$`)
	for _, p := range []string{a, b} {
		if !filepath.IsAbs(p) || filepath.Dir(p) != s.Dir() || !name.MatchString(filepath.Base(p)) {
			t.Errorf("path %s: want an absolute path in %s named export-<128 random bits>.xlsx", p, s.Dir())
		}
		info, err := os.Stat(p)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want mode 0600", p, info, err)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := open(t, data).GetSheetList(); len(got) != 2 {
			t.Errorf("%s holds sheets %q", p, got)
		}
	}
	if a == b {
		t.Fatal("two exports got one name")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("the folder holds %d entries, want the two exports (no temporary file left)", len(entries))
	}

	// A leftover older than Keep (and a crashed write's temporary file) is
	// swept by the next Save; a younger one stays.
	old := now.Add(-2 * time.Hour)
	tmp := filepath.Join(dir, ".tmp-123")
	if err := os.WriteFile(tmp, []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(other, []byte("not ours"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{a, tmp, other} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Save(ctx, sample()); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]bool{a: false, tmp: false, b: true, other: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s exists = %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
}

func TestReadRows(t *testing.T) {
	var buf bytes.Buffer
	sheets := []coord.Sheet{{Name: "Đối tượng", Columns: []coord.Column{{Header: "Tên"}, {Header: "Ngày"}},
		Rows: [][]coord.Cell{{coord.TextCell("Công ty A"), coord.TextCell("20/03/2027")}, {coord.TextCell("Công ty B"), {}}}}}
	if err := xlsx.Encode(&buf, sheets); err != nil {
		t.Fatal(err)
	}
	rows, err := xlsx.ReadRows(buf.Bytes(), 10, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "Tên" || rows[1][1] != "20/03/2027" || rows[2][0] != "Công ty B" {
		t.Errorf("rows = %q", rows)
	}
	if _, err := xlsx.ReadRows(buf.Bytes(), 2, 5); err == nil {
		t.Error("3 rows read under a bound of 2")
	}
	if _, err := xlsx.ReadRows([]byte("not a zip"), 10, 5); err == nil {
		t.Error("garbage read as xlsx")
	}
}

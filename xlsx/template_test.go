package xlsx_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/xlsx"
)

func sampleBook() coord.TemplateBook {
	return coord.TemplateBook{
		Sheet: "Danh sách 8.8",
		List: coord.ListTemplate{Kind: coord.ListVisas, Columns: []coord.ListColumn{
			{Key: "name", Header: "Họ và tên", Type: coord.ColText, Required: true},
			{Key: "birth_date", Header: "Ngày sinh", Type: coord.ColDate, Required: true},
			{Key: "sex", Header: "Giới tính", Type: coord.ColEnum, Values: []string{"Nam", "Nữ"}},
			{Key: "passport", Header: "Số hộ chiếu", Type: coord.ColPassport, Required: true},
			{Key: "purpose", Header: "Ký hiệu mục đích", Type: coord.ColEnum, Required: true, Values: []string{"LĐ1", "LĐ2", "ĐT1"}},
			{Key: "staff", Header: "Số người", Type: coord.ColNumber},
			{Key: "tax_code", Header: "Mã số thuế", Type: coord.ColTaxCode},
		}},
		RequiredMark: "*",
		Hints: map[coord.ColumnType]coord.CellHint{
			coord.ColDate:     {Title: "Ngày", Text: "Ghi theo dạng ngày/tháng/năm, ví dụ 05/03/2027", Error: "Không phải ngày hợp lệ"},
			coord.ColEnum:     {Title: "Chọn giá trị", Text: "Chọn trong danh sách", Error: "Giá trị không thuộc danh sách"},
			coord.ColNumber:   {Title: "Số", Text: "Chỉ ghi số", Error: "Không phải số"},
			coord.ColPassport: {Title: "Số hộ chiếu", Text: "6 đến 12 chữ cái hoặc chữ số"},
		},
		ValuesSheet: "Danh mục",
		Guide: coord.Sheet{Name: "Hướng dẫn", Columns: []coord.Column{{Header: "Cột"}, {Header: "Bắt buộc"}},
			Rows: [][]coord.Cell{{coord.TextCell("Họ và tên"), coord.TextCell("có")}}},
	}
}

func encodeTemplate(t *testing.T, b coord.TemplateBook) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.EncodeTemplate(&buf, b); err != nil {
		t.Fatal(err)
	}
	return open(t, buf.Bytes())
}

func TestEncodeTemplate(t *testing.T) {
	f := encodeTemplate(t, sampleBook())
	if got := f.GetSheetList(); strings.Join(got, "|") != "Danh sách 8.8|Hướng dẫn|Danh mục" {
		t.Fatalf("sheets %q", got)
	}
	t.Run("Headers", func(t *testing.T) {
		rows, err := f.GetRows("Danh sách 8.8")
		if err != nil || len(rows) != 1 {
			t.Fatalf("rows %q, %v", rows, err)
		}
		want := "Họ và tên *|Ngày sinh *|Giới tính|Số hộ chiếu *|Ký hiệu mục đích *|Số người|Mã số thuế"
		if got := strings.Join(rows[0], "|"); got != want {
			t.Errorf("header %q, want %q", got, want)
		}
		panes, err := f.GetPanes("Danh sách 8.8")
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("the header row is not frozen: %+v, %v", panes, err)
		}
		if w, _ := f.GetColWidth("Danh sách 8.8", "E"); w < 18 {
			t.Errorf("column E is %v wide", w)
		}
	})
	t.Run("Formats", func(t *testing.T) {
		if got := numFmt(t, f, "Danh sách 8.8", "B2"); got != "dd/mm/yyyy" {
			t.Errorf("date column format %q", got)
		}
		for _, ref := range []string{"D2", "G2"} {
			id, _ := f.GetCellStyle("Danh sách 8.8", ref)
			if st, err := f.GetStyle(id); err != nil || st.NumFmt != 49 {
				t.Errorf("%s is not a text cell: %+v, %v", ref, st, err)
			}
		}
	})
	t.Run("Validations", func(t *testing.T) {
		dvs, err := f.GetDataValidations("Danh sách 8.8")
		if err != nil {
			t.Fatal(err)
		}
		by := map[string]*excelize.DataValidation{}
		for _, dv := range dvs {
			by[strings.SplitN(dv.Sqref, ":", 2)[0]] = dv
		}
		if dv := by["B2"]; dv == nil || dv.Type != "date" || dv.Operator != "between" || !dv.AllowBlank ||
			dv.Prompt == nil || !strings.Contains(*dv.Prompt, "ngày/tháng/năm") || dv.ErrorStyle == nil {
			t.Errorf("date validation %+v", dv)
		}
		if dv := by["C2"]; dv == nil || dv.Type != "list" || dv.Formula1 != "'Danh mục'!$A$2:$A$3" || !dv.AllowBlank {
			t.Errorf("sex validation %+v", dv)
		}
		if dv := by["E2"]; dv == nil || dv.Type != "list" || dv.Formula1 != "'Danh mục'!$B$2:$B$4" {
			t.Errorf("purpose validation %+v", dv)
		}
		if dv := by["F2"]; dv == nil || dv.Type != "decimal" {
			t.Errorf("number validation %+v", dv)
		}
		if dv := by["D2"]; dv == nil || dv.Prompt == nil || *dv.Prompt == "" {
			t.Errorf("passport hint %+v", dv)
		}
		if dv := by["A2"]; dv != nil {
			t.Errorf("a text column without a hint has a validation: %+v", dv)
		}
		if dv := by["B2"]; dv != nil && !strings.HasSuffix(dv.Sqref, "B5001") {
			t.Errorf("the date validation covers %s", dv.Sqref)
		}
	})
	t.Run("AllowedValues", func(t *testing.T) {
		rows, err := f.GetRows("Danh mục")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 4 || strings.Join(rows[0], "|") != "Giới tính|Ký hiệu mục đích" || rows[3][1] != "ĐT1" {
			t.Errorf("values sheet %q", rows)
		}
		if visible, _ := f.GetSheetVisible("Danh mục"); visible {
			t.Error("the values sheet is visible")
		}
	})
	t.Run("Guide", func(t *testing.T) {
		rows, err := f.GetRows("Hướng dẫn")
		if err != nil || len(rows) != 2 || rows[1][0] != "Họ và tên" {
			t.Errorf("guide %q, %v", rows, err)
		}
	})
}

func TestEncodeTemplateWithoutEnums(t *testing.T) {
	b := sampleBook()
	b.List.Columns = []coord.ListColumn{{Key: "name", Header: "Tên", Type: coord.ColText, Required: true}}
	f := encodeTemplate(t, b)
	if got := strings.Join(f.GetSheetList(), "|"); got != "Danh sách 8.8|Hướng dẫn" {
		t.Errorf("sheets %q", got)
	}
	var buf bytes.Buffer
	if err := xlsx.EncodeTemplate(&buf, coord.TemplateBook{Sheet: "x"}); err == nil {
		t.Error("a template without columns was written")
	}
}

func TestSpoolSaveTemplate(t *testing.T) {
	s, err := xlsx.NewSpool(t.TempDir(), xlsx.SpoolOptions{})
	if err != nil {
		t.Fatal(err)
	}
	path, err := s.SaveTemplate(context.Background(), sampleBook())
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", info.Mode().Perm())
	}
	f := open(t, data)
	if f.GetSheetName(0) != "Danh sách 8.8" {
		t.Errorf("first sheet %q", f.GetSheetName(0))
	}
}

// TestTemplateDatesReadBack: a date typed into a template's date column is
// stored as Excel stores it, a serial number under the column's format, and
// comes back through ReadSheet as dd/mm/yyyy text that ParseCellDate reads.
func TestTemplateDatesReadBack(t *testing.T) {
	f := encodeTemplate(t, sampleBook())
	if err := f.SetCellFloat("Danh sách 8.8", "B2", 46451, 0, 64); err != nil { // 05/03/2027 typed in
		t.Fatal(err)
	}
	if err := f.SetCellStr("Danh sách 8.8", "A2", "KIM MIN JUN"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := xlsx.ReadSheet(buf.Bytes(), "Danh sách 8.8", 10, 10)
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %q, %v", rows, err)
	}
	if rows[1][1] != "05/03/2027" {
		t.Errorf("the date reads back as %q", rows[1][1])
	}
	d, err := coord.ParseCellDate(rows[1][1])
	if err != nil || d.VN() != "05/03/2027" {
		t.Errorf("ParseCellDate(%q) = %v, %v", rows[1][1], d, err)
	}
}

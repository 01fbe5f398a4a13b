package xlsx

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/bacgiang/fwbot/coord"
)

// templateRows is how far down the validations and formats of a template
// reach: more rows than any monthly list has.
const templateRows = 5000

// textFormat is Excel's built-in "@": a tax code typed as 0101234567 keeps
// its leading zero, a passport number is not read as a number.
const textFormat = 49

// Widths of the template's columns, in characters.
const (
	minTemplateWidth = 14
	maxTemplateWidth = 40
)

// EncodeTemplate writes the workbook of a list's template to w: the sheet
// to fill in (a styled, frozen header row, required headers marked, column
// widths, date columns formatted dd/mm/yyyy, tax codes and passports as
// text, and data validation: drop-down lists of the allowed values, dates,
// decimal numbers), the instructions sheet, and the hidden sheet of allowed
// values the drop-downs read.
func EncodeTemplate(w io.Writer, b coord.TemplateBook) error {
	if len(b.List.Columns) == 0 {
		return fmt.Errorf("xlsx: template without columns")
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	name := sheetName(b.Sheet, 0, seen)
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return fmt.Errorf("xlsx: sheet %q: %w", name, err)
	}
	values := ""
	if hasEnum(b.List) {
		values = sheetName(b.ValuesSheet, 2, seen)
	}
	if err := writeTemplateSheet(f, name, values, b, st); err != nil {
		return fmt.Errorf("xlsx: sheet %q: %w", name, err)
	}
	if len(b.Guide.Columns) > 0 {
		guide := sheetName(b.Guide.Name, 1, seen)
		if _, err := f.NewSheet(guide); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", guide, err)
		}
		if err := writeSheet(f, guide, b.Guide, st); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", guide, err)
		}
	}
	if values != "" {
		if err := writeValuesSheet(f, values, b.List, st); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", values, err)
		}
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write workbook: %w", err)
	}
	return nil
}

func hasEnum(l coord.ListTemplate) bool {
	for _, c := range l.Columns {
		if c.Type == coord.ColEnum {
			return true
		}
	}
	return false
}

func writeTemplateSheet(f *excelize.File, name, values string, b coord.TemplateBook, st styles) error {
	textID, err := f.NewStyle(&excelize.Style{NumFmt: textFormat})
	if err != nil {
		return err
	}
	enumIdx := 0
	for i, c := range b.List.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		header := c.Header
		if c.Required && b.RequiredMark != "" {
			header += " " + b.RequiredMark
		}
		if err := f.SetColWidth(name, col, col, templateWidth(c, header)); err != nil {
			return err
		}
		switch c.Type {
		case coord.ColDate:
			err = f.SetColStyle(name, col, st.date)
		case coord.ColPassport, coord.ColTaxCode, coord.ColText, coord.ColEnum:
			err = f.SetColStyle(name, col, textID)
		}
		if err != nil {
			return err
		}
		if err := f.SetCellStr(name, col+"1", header); err != nil {
			return err
		}
		dv, err := validation(c, b.Hints[c.Type], values, enumIdx)
		if err != nil {
			return fmt.Errorf("column %q: %w", c.Key, err)
		}
		if c.Type == coord.ColEnum {
			enumIdx++
		}
		if dv == nil {
			continue
		}
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", col, col, templateRows+1))
		if err := f.AddDataValidation(name, dv); err != nil {
			return fmt.Errorf("column %q: %w", c.Key, err)
		}
	}
	last := cellRef(len(b.List.Columns)-1, 1)
	if err := f.SetCellStyle(name, "A1", last, st.header); err != nil {
		return err
	}
	if err := f.SetRowHeight(name, 1, 32); err != nil {
		return err
	}
	return f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
}

// validation is the data validation of a column's cells, or nil where the
// format allows none (text, passports and tax codes: the bot checks those
// on import).
func validation(c coord.ListColumn, hint coord.CellHint, values string, enumIdx int) (*excelize.DataValidation, error) {
	// Blank cells always pass: a required cell left empty is for the
	// import to report, and clearing a cell must not raise an error box.
	dv := excelize.NewDataValidation(true)
	switch c.Type {
	case coord.ColEnum:
		col, _ := excelize.ColumnNumberToName(enumIdx + 1)
		sheet := strings.ReplaceAll(values, "'", "''")
		dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$2:$%s$%d", sheet, col, col, len(c.Values)+1))
	case coord.ColDate:
		lo := 1 // 01/01/1900, Excel's first day
		hi := int(DateSerial(coord.Date{Year: 2199, Month: 12, Day: 31}))
		if err := dv.SetRange(lo, hi, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
			return nil, err
		}
	case coord.ColNumber:
		const big = 999_999_999_999_999
		if err := dv.SetRange(-big, big, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
			return nil, err
		}
	default:
		if hint.Text == "" {
			return nil, nil
		}
		// No rule, only the hint when the cell is selected.
		dv.Type = "custom"
		dv.Formula1 = "TRUE"
	}
	if hint.Text != "" {
		dv.SetInput(clip(hint.Title, 32), clip(hint.Text, 255))
	}
	if hint.Error != "" {
		dv.SetError(excelize.DataValidationErrorStyleStop, clip(hint.Title, 32), clip(hint.Error, 255))
	}
	return dv, nil
}

// clip cuts s to Excel's limits of a validation's title and message.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func templateWidth(c coord.ListColumn, header string) float64 {
	w := utf8.RuneCountInString(header) + 4
	for _, v := range c.Values {
		w = max(w, utf8.RuneCountInString(v)+4)
	}
	return float64(min(max(w, minTemplateWidth), maxTemplateWidth))
}

// writeValuesSheet lists each enum column's allowed values in a column of
// its own, under the column's header, and hides the sheet.
func writeValuesSheet(f *excelize.File, name string, l coord.ListTemplate, st styles) error {
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	i := 0
	for _, c := range l.Columns {
		if c.Type != coord.ColEnum {
			continue
		}
		if err := f.SetCellStr(name, cellRef(i, 1), c.Header); err != nil {
			return err
		}
		for r, v := range c.Values {
			if err := f.SetCellStr(name, cellRef(i, r+2), v); err != nil {
				return err
			}
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, templateWidth(c, c.Header)); err != nil {
			return err
		}
		i++
	}
	if err := f.SetCellStyle(name, "A1", cellRef(i-1, 1), st.header); err != nil {
		return err
	}
	return f.SetSheetVisible(name, false)
}

// Package xlsx writes the bot's exports as Excel workbooks (excelize): the
// sheets the use cases fill as data (coord.Sheet), with a styled, frozen
// header row, an autofilter, column widths, and dates as real date cells,
// and the folder where the finished files wait for the outbox to upload
// them (Spool). It is the only importer of excelize.
package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bacgiang/fwbot/coord"
)

// Number formats of the typed cells, as Vietnamese offices write dates.
const (
	DateFormat     = "dd/mm/yyyy"
	MonthFormat    = "mm/yyyy"
	DateTimeFormat = "dd/mm/yyyy hh:mm"
	percentFormat  = 9 // Excel's built-in "0%"
)

// defaultWidth is a column's width when the sheet names none, in
// characters.
const defaultWidth = 14

// Encode writes sheets as one workbook to w, in order; a workbook needs at
// least one sheet.
func Encode(w io.Writer, sheets []coord.Sheet) error {
	if len(sheets) == 0 {
		return fmt.Errorf("xlsx: no sheet to write")
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	first := f.GetSheetName(0)
	seen := map[string]bool{}
	for i, sh := range sheets {
		name := sheetName(sh.Name, i, seen)
		if i == 0 {
			err = f.SetSheetName(first, name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", name, err)
		}
		if err := writeSheet(f, name, sh, st); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", name, err)
		}
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write workbook: %w", err)
	}
	return nil
}

// styles are the workbook's cell styles, by what they show.
type styles struct {
	header, text, date, month, dateTime, percent int
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	dateFmt, monthFmt, dateTimeFmt := DateFormat, MonthFormat, DateTimeFormat
	top := &excelize.Alignment{Vertical: "top"}
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&st.header, excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
			Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		}},
		{&st.text, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&st.date, excelize.Style{CustomNumFmt: &dateFmt, Alignment: top}},
		{&st.month, excelize.Style{CustomNumFmt: &monthFmt, Alignment: top}},
		{&st.dateTime, excelize.Style{CustomNumFmt: &dateTimeFmt, Alignment: top}},
		{&st.percent, excelize.Style{NumFmt: percentFormat, Alignment: top}},
	} {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return st, fmt.Errorf("xlsx: style: %w", err)
		}
		*s.id = id
	}
	return st, nil
}

func writeSheet(f *excelize.File, name string, sh coord.Sheet, st styles) error {
	cols := len(sh.Columns)
	if cols == 0 {
		return fmt.Errorf("no columns")
	}
	for i, c := range sh.Columns {
		ref := cellRef(i, 1)
		if err := f.SetCellStr(name, ref, c.Header); err != nil {
			return err
		}
		w := c.Width
		if w <= 0 {
			w = defaultWidth
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	last := cellRef(cols-1, 1)
	if err := f.SetCellStyle(name, "A1", last, st.header); err != nil {
		return err
	}
	for r, row := range sh.Rows {
		if len(row) != cols {
			return fmt.Errorf("row %d has %d cells for %d columns", r+1, len(row), cols)
		}
		for i, c := range row {
			if err := writeCell(f, name, cellRef(i, r+2), c, st); err != nil {
				return fmt.Errorf("row %d, column %d: %w", r+1, i+1, err)
			}
		}
	}
	// The header stays in view while scrolling, and filters every column.
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	return f.AutoFilter(name, "A1:"+cellRef(cols-1, max(len(sh.Rows)+1, 2)), nil)
}

func writeCell(f *excelize.File, sheet, ref string, c coord.Cell, st styles) error {
	var style int
	var err error
	switch c.Kind {
	case coord.CellEmpty:
		return nil
	case coord.CellText:
		style, err = st.text, f.SetCellStr(sheet, ref, c.Text)
	case coord.CellInt:
		err = f.SetCellInt(sheet, ref, int64(c.Int))
	case coord.CellDate:
		style, err = st.date, f.SetCellFloat(sheet, ref, DateSerial(c.Date), -1, 64)
	case coord.CellMonth:
		style, err = st.month, f.SetCellFloat(sheet, ref, DateSerial(c.Date), -1, 64)
	case coord.CellTime:
		style, err = st.dateTime, f.SetCellFloat(sheet, ref, TimeSerial(c.Time), -1, 64)
	case coord.CellPercent:
		style, err = st.percent, f.SetCellFloat(sheet, ref, c.Float, -1, 64)
	default:
		return fmt.Errorf("unknown cell kind %d", c.Kind)
	}
	if err != nil || style == 0 {
		return err
	}
	return f.SetCellStyle(sheet, ref, ref, style)
}

// epoch is day 0 of Excel's 1900 date system as it counts from March 1900
// on (it believes 1900 was a leap year, so its day 60 does not exist).
var epoch = time.Date(1899, time.December, 30, 0, 0, 0, 0, time.UTC)

// DateSerial is d as an Excel date: days since the 1900 epoch.
func DateSerial(d coord.Date) float64 {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Sub(epoch).Hours() / 24
}

// TimeSerial is t's wall clock in its own location as an Excel date and
// time (a spreadsheet has no time zones), to the second.
func TimeSerial(t time.Time) float64 {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	return float64(wall.Sub(epoch)/time.Second) / 86400
}

func cellRef(col, row int) string {
	ref, _ := excelize.CoordinatesToCellName(col+1, row)
	return ref
}

// sheetName makes name a valid, unique sheet name: Excel allows 31
// characters and none of : \ / ? * [ ].
func sheetName(name string, i int, seen map[string]bool) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(name))
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	if name == "" || seen[strings.ToLower(name)] {
		name = fmt.Sprintf("Sheet%d", i+1)
	}
	seen[strings.ToLower(name)] = true
	return name
}

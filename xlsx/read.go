package xlsx

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"
)

// ReadRows reads the first sheet of an XLSX file as text rows with the
// streaming row iterator, so a large file is never held as a whole
// worksheet; it stops with an error after maxRows rows (a bound on what an
// officer's attachment can make the bot parse).
func ReadRows(data []byte, maxRows, maxCols int) ([][]string, error) {
	return ReadSheet(data, "", maxRows, maxCols)
}

// ReadSheet is ReadRows of the sheet named sheet; "" is the first sheet.
// Cells are read as they are shown (a date as dd/mm/yyyy).
func ReadSheet(data []byte, sheet string, maxRows, maxCols int) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("open xlsx: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("xlsx has no sheet")
	}
	if sheet == "" {
		sheet = sheets[0]
	} else if !slices.Contains(sheets, sheet) {
		return nil, fmt.Errorf("xlsx has no sheet %q", sheet)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("read sheet: %w", err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		if len(out) >= maxRows {
			return nil, fmt.Errorf("more than %d rows", maxRows)
		}
		cols, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("read row %d: %w", len(out)+1, err)
		}
		if len(cols) > maxCols {
			cols = cols[:maxCols]
		}
		out = append(out, cols)
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("read rows: %w", err)
	}
	return out, nil
}

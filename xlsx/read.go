package xlsx

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// ReadRows reads the first sheet of an XLSX file as text rows with the
// streaming row iterator, so a large file is never held as a whole
// worksheet; it stops with an error after maxRows rows (a bound on what an
// officer's attachment can make the bot parse).
func ReadRows(data []byte, maxRows, maxCols int) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("open xlsx: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("xlsx has no sheet")
	}
	rows, err := f.Rows(sheets[0])
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

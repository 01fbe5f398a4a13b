package coord

import "time"

// Sheet is one worksheet of a spreadsheet the bot makes (an export), as
// data: the use cases fill it in domain terms and the words of texts, and
// an encoder elsewhere (xlsx/) turns it into a file, as bot/ turns an
// OutMessage into a Bot API call. Every row has one cell per column.
type Sheet struct {
	Name    string // at most 31 characters, none of : \ / ? * [ ]
	Columns []Column
	Rows    [][]Cell
}

// Column is one column of a Sheet: its header and its width in characters
// (0: the encoder's default).
type Column struct {
	Header string
	Width  float64
}

// CellKind says what a cell holds, so that the encoder writes numbers and
// dates as numbers and dates a spreadsheet can sort, filter and sum, not
// as text.
type CellKind int

// Cell kinds.
const (
	CellEmpty   CellKind = iota
	CellText             // Text
	CellInt              // Int
	CellDate             // Date: a calendar day
	CellMonth            // Date: the month it falls in, shown as 03/2027
	CellTime             // Time: a local instant, shown to the minute
	CellPercent          // Float: a fraction, 0.5 shown as 50%
)

// Cell is one value of a Sheet.
type Cell struct {
	Kind  CellKind
	Text  string
	Int   int
	Float float64
	Date  Date
	// Time is shown as the wall clock of its own location: the caller puts
	// it in the calendar's time zone.
	Time time.Time
}

// TextCell is a text cell; an empty string is an empty cell.
func TextCell(s string) Cell {
	if s == "" {
		return Cell{}
	}
	return Cell{Kind: CellText, Text: s}
}

// IntCell is a number cell.
func IntCell(n int) Cell { return Cell{Kind: CellInt, Int: n} }

// DateCell is a date cell; the zero Date is an empty cell.
func DateCell(d Date) Cell {
	if d.IsZero() {
		return Cell{}
	}
	return Cell{Kind: CellDate, Date: d}
}

// MonthCell is a month cell (the first of the month, shown as mm/yyyy): a
// date a spreadsheet can sort and filter, not the text "03/2027".
func MonthCell(year int, month time.Month) Cell {
	return Cell{Kind: CellMonth, Date: Date{Year: year, Month: month, Day: 1}}
}

// TimeCell is a date-and-time cell; the zero time is an empty cell.
func TimeCell(t time.Time) Cell {
	if t.IsZero() {
		return Cell{}
	}
	return Cell{Kind: CellTime, Time: t}
}

// PercentCell is a fraction shown as a percentage.
func PercentCell(f float64) Cell { return Cell{Kind: CellPercent, Float: f} }

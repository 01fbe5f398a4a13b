package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/bacgiang/fwbot/coord"
)

// Reading a submitted list (the register's import): an XLSX workbook with
// excelize's streaming row iterator, or a CSV file, as a coord.RowSource.
// Memory stays bounded whatever the length: a worksheet or shared-strings
// part larger than unzipInMemory is unpacked to a temporary file and read
// from there.

const (
	// unzipInMemory is the largest part of a workbook unpacked in memory.
	unzipInMemory = 4 << 20
	// maxListCells is the widest row read; the rest is dropped.
	maxListCells = 200
)

// List is a submitted spreadsheet opened for reading.
type List struct {
	path string
	name string // the file name the officer gave, for a CSV's sheet
	xlsx *excelize.File
}

// OpenList opens the file at path (its bytes decide its format; name is
// the officer's file name, used only in messages). A file that is neither
// a workbook nor a text table wraps coord.ErrNotSpreadsheet; an Excel
// 97-2003 file, coord.ErrOldExcel. tmpDir is where large parts are
// unpacked ("" for the system's).
func OpenList(path, name, tmpDir string) (*List, error) {
	head, err := readHead(path, 4096)
	if err != nil {
		return nil, err
	}
	l := &List{path: path, name: name}
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		if err := isWorkbook(path, name); err != nil {
			return nil, err
		}
		f, err := excelize.OpenFile(path, excelize.Options{UnzipXMLSizeLimit: unzipInMemory, TmpDir: tmpDir})
		if err != nil {
			return nil, fmt.Errorf("open workbook: %w", err)
		}
		l.xlsx = f
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return nil, fmt.Errorf("%s: %w", name, coord.ErrOldExcel)
	case looksLikeText(head):
		if !utf8.Valid(trimPartialRune(head)) {
			return nil, fmt.Errorf("%s: %w", name, coord.ErrNotUTF8)
		}
	default:
		return nil, fmt.Errorf("%s: %w", name, coord.ErrNotSpreadsheet)
	}
	return l, nil
}

// Close releases the workbook and its temporary files.
func (l *List) Close() error {
	if l.xlsx != nil {
		return l.xlsx.Close()
	}
	return nil
}

// isWorkbook tells an XLSX workbook from the other zip files a report
// may come as (a Word document, an OpenDocument sheet, an archive) by its
// entries.
func isWorkbook(path, name string) error {
	z, err := zip.OpenReader(path)
	if err != nil {
		return fmt.Errorf("open zip: %w", err)
	}
	defer z.Close()
	ods := false
	for _, f := range z.File {
		switch f.Name {
		case "xl/workbook.xml", "xl/workbook.bin":
			return nil
		case "mimetype":
			if r, err := f.Open(); err == nil {
				b, _ := io.ReadAll(io.LimitReader(r, 100))
				r.Close()
				ods = strings.Contains(string(b), "opendocument.spreadsheet")
			}
		}
	}
	if ods {
		return fmt.Errorf("%s: %w", name, coord.ErrOpenDocument)
	}
	return fmt.Errorf("%s: %w", name, coord.ErrNotSpreadsheet)
}

func readHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	k, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf[:k], nil
}

// looksLikeText: no NUL byte and a separator in the first line.
func looksLikeText(b []byte) bool {
	if len(b) == 0 || bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	line := b
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		line = b[:i]
	}
	return bytes.ContainsAny(line, ",;\t")
}

// trimPartialRune drops a rune cut by the end of a head read.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}

// Each calls fn for every row of every visible sheet (coord.RowSource).
// Dates come as Excel stores them (serial numbers) unless typed as text.
func (l *List) Each(fn func(sheet string, row int, cells []string) error) error {
	if l.xlsx == nil {
		return l.eachCSV(fn)
	}
	for _, sheet := range l.xlsx.GetSheetList() {
		if visible, err := l.xlsx.GetSheetVisible(sheet); err == nil && !visible {
			continue
		}
		if err := l.eachRow(sheet, fn); err != nil {
			return err
		}
	}
	return nil
}

func (l *List) eachRow(sheet string, fn func(sheet string, row int, cells []string) error) error {
	rows, err := l.xlsx.Rows(sheet)
	if err != nil {
		return fmt.Errorf("read sheet %q: %w", sheet, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return fmt.Errorf("read sheet %q row %d: %w", sheet, n, err)
		}
		if len(cells) > maxListCells {
			cells = cells[:maxListCells]
		}
		if err := fn(sheet, n, cells); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return fmt.Errorf("read sheet %q: %w", sheet, err)
	}
	return nil
}

// eachCSV reads a CSV file as one sheet named after the file: the
// separator is the one of , ; and tab the first line has most of (Excel
// writes ; where the decimal mark is a comma), a UTF-8 byte-order mark is
// dropped.
func (l *List) eachCSV(fn func(sheet string, row int, cells []string) error) error {
	f, err := os.Open(l.path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	first, _ := br.Peek(4096)
	if i := bytes.IndexAny(first, "\r\n"); i >= 0 {
		first = first[:i]
	}
	sep, most := ',', -1
	for _, c := range []rune{',', ';', '\t'} {
		if k := bytes.Count(first, []byte(string(c))); k > most {
			sep, most = c, k
		}
	}
	r := csv.NewReader(br)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord, r.ReuseRecord = sep, true, -1, true
	sheet := strings.TrimSuffix(filepath.Base(l.name), filepath.Ext(l.name))
	for n := 1; ; n++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read csv row %d: %w", n, err)
		}
		for i, c := range rec {
			if !utf8.ValidString(c) {
				return fmt.Errorf("csv row %d column %d: %w", n, i+1, coord.ErrNotUTF8)
			}
		}
		if len(rec) > maxListCells {
			rec = rec[:maxListCells]
		}
		if err := fn(sheet, n, rec); err != nil {
			return err
		}
	}
}

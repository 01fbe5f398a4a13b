package xlsx

import (
	"archive/zip"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bacgiang/fwbot/coord"
)

type seenRow struct {
	sheet string
	row   int
	cells []string
}

func eachOf(t *testing.T, path, name string) []seenRow {
	t.Helper()
	l, err := OpenList(path, name, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var out []seenRow
	if err := l.Each(func(sheet string, row int, cells []string) error {
		out = append(out, seenRow{sheet, row, slices.Clone(cells)})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOpenListReadsAWorkbook: visible sheets in order with rows numbered
// as Excel shows them (a gap kept), a date cell as its serial number, a
// merged title as its first cell; the hidden sheet of allowed values is
// left out.
func TestOpenListReadsAWorkbook(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "DS")
	f.SetCellValue("DS", "A1", "DANH SÁCH")
	f.MergeCell("DS", "A1", "D1")
	f.SetSheetRow("DS", "A3", &[]any{"STT", "Họ và tên", "Ngày cấp"})
	f.SetSheetRow("DS", "A4", &[]any{1, "KIM", time.Date(2027, 2, 15, 0, 0, 0, 0, time.UTC)})
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle("DS", "C4", "C4", style)
	f.NewSheet("Danh mục")
	f.SetCellValue("Danh mục", "A1", "Nam")
	f.SetSheetVisible("Danh mục", false)
	f.NewSheet("Thêm")
	f.SetCellValue("Thêm", "B2", "x")
	// The archive keeps blobs under their hash, without an extension.
	path := filepath.Join(t.TempDir(), "blob")
	if err := f.SaveAs(path + ".xlsx"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".xlsx", path); err != nil {
		t.Fatal(err)
	}
	rows := eachOf(t, path, "ds.xlsx")
	var got []string
	for _, r := range rows {
		got = append(got, r.sheet+"!"+string(rune('0'+r.row)))
	}
	if !slices.Equal(got, []string{"DS!1", "DS!2", "DS!3", "DS!4", "Thêm!1", "Thêm!2"}) {
		t.Fatalf("rows %v", got)
	}
	if rows[0].cells[0] != "DANH SÁCH" || len(rows[1].cells) != 0 {
		t.Errorf("title %q, gap %q", rows[0].cells, rows[1].cells)
	}
	if d, err := coord.ParseCellDate(rows[3].cells[2]); err != nil || d != (coord.Date{Year: 2027, Month: 2, Day: 15}) {
		t.Errorf("the date cell read as %q: %v %v", rows[3].cells[2], d, err)
	}
}

// TestOpenListReadsCSV: a CSV file that Excel saved with ';' and a
// byte-order mark is one sheet named after the file.
func TestOpenListReadsCSV(t *testing.T) {
	path := filepath.Join(t.TempDir(), "blob")
	os.WriteFile(path, []byte("\xef\xbb\xbfSTT;Họ và tên;Ngày cấp\r\n1;\"KIM; MIN\";15/02/2027\r\n"), 0o600)
	rows := eachOf(t, path, "ds-02.csv")
	if len(rows) != 2 || rows[0].sheet != "ds-02" || rows[0].cells[0] != "STT" || rows[1].cells[1] != "KIM; MIN" || rows[1].row != 2 {
		t.Errorf("rows %+v", rows)
	}
}

// TestOpenListRefusesWhatItCannotRead: an old .xls, a PDF and a CSV in a
// legacy code page each say why.
func TestOpenListRefusesWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	for name, c := range map[string]struct {
		data string
		want error
	}{
		"old.xls": {"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", coord.ErrOldExcel},
		"bc.pdf":  {"%PDF-1.7\n%\xe2\xe3", coord.ErrNotSpreadsheet},
		"cp.csv":  {"STT;H\xd5 v\xe0 t\xean\n", coord.ErrNotUTF8},
		"empty.x": {"", coord.ErrNotSpreadsheet},
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(c.data), 0o600)
		if strings.HasPrefix(c.data, "zip:") {
			writeZip(t, path, strings.TrimPrefix(c.data, "zip:"))
		}
		if _, err := OpenList(path, name, dir); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}

// writeZip writes a zip with one entry; "mimetype" holds an OpenDocument
// spreadsheet's type.
func writeZip(t *testing.T, path, entry string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z := zip.NewWriter(f)
	w, _ := z.Create(entry)
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
}

package work_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/work"
)

// rowsFile is an archived file as the opener gives it: its rows, or the
// error opening it gives.
type rowsFile struct {
	rows [][]string
	err  error
}

func (r rowsFile) Each(fn func(sheet string, row int, cells []string) error) error {
	for i, c := range r.rows {
		if err := fn("DS", i+1, c); err != nil {
			return err
		}
	}
	return nil
}

// submitList stores lan's next version of 6.4 for February with files of
// these names, archived, and returns its id.
func (w *world) submitList(names ...string) int64 {
	w.t.Helper()
	ctx := context.Background()
	var sub coord.Submission
	w.update(func(tx coord.Tx) error {
		sub = coord.Submission{Obligation: "6.4", Agency: "ldtbxh", Period: "2027-02", Kind: coord.WithFiles, SubmittedBy: lan.ID, ChatID: lan.ID, SubmittedAt: w.now}
		for i, n := range names {
			sub.Files = append(sub.Files, coord.SubmittedFile{FileID: fmt.Sprintf("F%d-%s", i, n), FileUniqueID: fmt.Sprintf("U%d-%s-%d", i, n, w.now.UnixNano()), Name: n, Size: 10})
		}
		return tx.CreateSubmission(ctx, &sub)
	})
	for _, f := range sub.Files {
		if err := w.db.MarkArchived(ctx, f.ID, "ab"+f.FileID, 10, w.now); err != nil {
			w.t.Fatal(err)
		}
	}
	return sub.ID
}

// header64 is 6.4's header row as its template has it.
func (w *world) header64() []string {
	o, _ := w.s.Catalogue.Obligation("6.4")
	var h []string
	for _, c := range o.List.Columns {
		h = append(h, c.Header)
	}
	return h
}

// row64 is a row of 6.4 with its cells by key.
func (w *world) row64(cells map[string]string) []string {
	o, _ := w.s.Catalogue.Obligation("6.4")
	out := make([]string, len(o.List.Columns))
	for i, c := range o.List.Columns {
		out[i] = cells[c.Key]
	}
	return out
}

func kimRow(passport, number, validTo string) map[string]string {
	return map[string]string{"doc_type": "Cấp giấy phép lao động", "name": "KIM MIN JUN", "birth_date": "12/04/1985", "nationality": "Hàn Quốc",
		"passport": passport, "number": number, "issued": "01/02/2027", "valid_to": validTo, "employer": "Công ty TNHH Sao Mai",
		"employer_kind": "Doanh nghiệp có vốn đầu tư nước ngoài", "tax_code": "2400123456"}
}

func (w *world) importList(id int64, files map[string]rowsFile) work.ImportOut {
	w.t.Helper()
	var out work.ImportOut
	w.update(func(tx coord.Tx) (err error) {
		out, err = w.s.ImportList(context.Background(), tx, w.now, id, func(f coord.SubmittedFile) (coord.RowSource, func() error, error) {
			r, ok := files[f.Name]
			if !ok {
				w.t.Fatalf("opened %q, which the test does not know", f.Name)
			}
			if r.err != nil {
				return nil, nil, r.err
			}
			return r, func() error { return nil }, nil
		})
		return err
	})
	return out
}

// TestImportList: a version of 6.4 with a bad row enters its good rows and
// tells lan, once, each bad row's sheet, row, column and reason; its
// correction replaces the rows; the cross-checks run after it (the FDI
// employer missing from 11.2); a version superseded before it was read is
// not read; a PDF alone is told, and the earlier rows stay.
func TestImportList(t *testing.T) {
	w := newWorld(t)
	first := w.submitList("ds.xlsx", "cong-van.pdf")
	files := map[string]rowsFile{
		"cong-van.pdf": {err: fmt.Errorf("cong-van.pdf: %w", coord.ErrNotSpreadsheet)},
		"ds.xlsx": {rows: [][]string{{"DANH SÁCH THÁNG 02/2027"}, w.header64(),
			w.row64(kimRow("M12345678", "GP-1", "31/01/2029")),
			w.row64(kimRow("M7654321", "GP-2", "31/02/2029")),
			{"", "Tổng cộng: 2"}}},
	}
	out := w.importList(first, files)
	if out.Record.State != coord.ImportDone || out.Record.Entered != 1 || out.Record.Rejected != 1 || out.Record.Skipped != 1 {
		t.Fatalf("record %+v", out.Record)
	}
	var reply string
	for _, m := range out.Messages {
		if m.ChatID == lan.ID && strings.HasPrefix(m.Text, "📋") {
			reply = m.Text
		}
	}
	for _, want := range []string{"báo cáo 6.4", "đã đưa 1 dòng vào sổ theo dõi", "bỏ qua 1 dòng", "1 dòng chưa được đưa vào sổ theo dõi",
		"trang «DS», dòng 4: cột Có giá trị đến: '31/02/2029' không phải ngày hợp lệ", "/submit 6.4 2027-02"} {
		if !strings.Contains(reply, want) {
			t.Errorf("the reply lacks %q:\n%s", want, reply)
		}
	}
	if strings.Contains(reply, "cong-van.pdf") {
		t.Errorf("the signed PDF beside the list is named:\n%s", reply)
	}
	if len(out.Raised) != 1 || out.Raised[0].Kind != coord.CheckEmployerUnlisted {
		t.Errorf("alerts raised %+v; want the FDI employer missing from 11.2", out.Raised)
	}

	// The correction replaces the rows; a version superseded before it was
	// read is left.
	stale := w.submitList("ds.xlsx")
	fix := w.submitList("ds.xlsx")
	files["ds.xlsx"] = rowsFile{rows: [][]string{w.header64(), w.row64(kimRow("M12345678", "GP-1", "31/01/2029")), w.row64(kimRow("M7654321", "GP-2", "28/02/2029"))}}
	if out := w.importList(stale, files); out.Record.State != coord.ImportSuperseded || len(out.Messages) != 0 {
		t.Errorf("a superseded version: %+v", out)
	}
	out = w.importList(fix, files)
	if out.Record.Entered != 2 || out.Record.Replaced != 1 || out.Record.Rejected != 0 || len(out.Raised) != 0 {
		t.Errorf("the correction: %+v, raised %d", out.Record, len(out.Raised))
	}
	if !strings.Contains(out.Messages[0].Text, "thay cho 1 dòng của lần gửi trước") {
		t.Errorf("the correction's reply: %s", out.Messages[0].Text)
	}

	// A PDF alone: told, and the two rows stay.
	pdf := w.submitList("cong-van.pdf")
	out = w.importList(pdf, files)
	if out.Record.State != coord.ImportUnreadable || len(out.Messages) != 1 {
		t.Fatalf("a PDF alone: %+v", out)
	}
	for _, want := range []string{"chưa đọc được danh sách nào", "«cong-van.pdf»: không phải bảng tính", "/template 6.4", "giữ nguyên các dòng của lần gửi trước"} {
		if !strings.Contains(out.Messages[0].Text, want) {
			t.Errorf("the PDF's reply lacks %q:\n%s", want, out.Messages[0].Text)
		}
	}
	var n int
	w.db.View(context.Background(), func(tx coord.Tx) error {
		facts, err := tx.Facts(context.Background(), coord.FactQuery{Name: "kim min jun"})
		n = len(facts)
		return err
	})
	if n != 2 {
		t.Errorf("%d rows in the register after the PDF, want the correction's 2", n)
	}
}

// TestImportListOfAnOfficesOwnSheet: a 7.3 list an office made itself,
// not from the template — two title rows, its own wording of the headers
// ("Họ tên", "Số GPLĐ", "Thời hạn đến", "MST", "KCN"), no «Loại giấy tờ»
// column, trailing spaces, a total row — enters the register through the
// columns' aliases in config.
func TestImportListOfAnOfficesOwnSheet(t *testing.T) {
	w := newWorld(t)
	var sub coord.Submission
	ctx := context.Background()
	w.update(func(tx coord.Tx) error {
		sub = coord.Submission{Obligation: "7.3", Agency: "bqlkcn", Period: "2027-02", Kind: coord.WithFiles, SubmittedBy: lan.ID, ChatID: lan.ID, SubmittedAt: w.now,
			Files: []coord.SubmittedFile{{FileID: "F", FileUniqueID: "U", Name: "ds.xlsx", Size: 10}}}
		return tx.CreateSubmission(ctx, &sub)
	})
	if err := w.db.MarkArchived(ctx, sub.Files[0].ID, "abcd", 10, w.now); err != nil {
		t.Fatal(err)
	}
	rows := rowsFile{rows: [][]string{
		{"BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH BẮC GIANG"},
		{"DANH SÁCH NGƯỜI LAO ĐỘNG NƯỚC NGOÀI ĐƯỢC CẤP GIẤY PHÉP LAO ĐỘNG THÁNG 02/2027"},
		{"STT", "Họ tên", "Ngày, tháng, năm sinh", "Giới tính", "Quốc tịch", "Số hộ chiếu", "Số GPLĐ", "Ngày cấp", "Thời hạn đến", "Tên công ty", "MST", "KCN"},
		{"1", "KIM MIN JUN ", "12/04/1985", "Nam", "Hàn Quốc ", "M12345678", "BG-01", "15/02/2027", "14/02/2029", "Công ty TNHH Sao Mai ", "2400123456", "KCN Quang Châu"},
		{"", "Tổng cộng", "", "", "", "", "1"},
	}}
	var out work.ImportOut
	w.update(func(tx coord.Tx) (err error) {
		out, err = w.s.ImportList(ctx, tx, w.now, sub.ID, func(coord.SubmittedFile) (coord.RowSource, func() error, error) {
			return rows, func() error { return nil }, nil
		})
		return err
	})
	if out.Record.Entered != 1 || out.Record.Rejected != 0 || out.Record.Skipped != 1 {
		t.Fatalf("record %+v; messages %+v", out.Record, out.Messages)
	}
	var facts []coord.Fact
	w.db.View(ctx, func(tx coord.Tx) (err error) {
		facts, err = tx.Facts(ctx, coord.FactQuery{Passport: "M12345678"})
		return err
	})
	if len(facts) != 1 || facts[0].Doc.Kind != coord.DocWorkPermit || facts[0].Doc.ValidTo != (coord.Date{Year: 2029, Month: 2, Day: 14}) ||
		facts[0].Org.Name != "Công ty TNHH Sao Mai" || facts[0].Org.Zone != "KCN Quang Châu" || facts[0].Source.Row != 4 {
		t.Errorf("facts %+v", facts)
	}
}

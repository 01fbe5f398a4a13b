package handlers_test

import (
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/xlsx"
)

// withSpool gives e's handlers an export folder (newEnv has none, as a
// bot started without one).
func withSpool(e *env) *env {
	e.t.Helper()
	spool, err := xlsx.NewSpool(e.t.TempDir(), xlsx.SpoolOptions{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		e.t.Fatal(err)
	}
	e.h.Exports = spool
	return e
}

func TestTemplate(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		e := withSpool(newEnv(t))
		e.enrol(officerCA, "congan")
		msgs := e.text(officerCA, private(officerCA), "/template 8.8")
		m := only(t, msgs, officerCA.ID, "Tệp mẫu danh sách 8.8", "/submit 8.8", "dấu *")
		if m.Kind != coord.OutUpload || m.Upload == nil || m.Upload.Name != "mau-danh-sach-8.8.xlsx" {
			t.Fatalf("want the workbook as an upload, got %+v", m)
		}
		data, err := os.ReadFile(m.Upload.Path)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := xlsx.ReadSheet(data, "Danh sách 8.8", 10, 40)
		if err != nil {
			t.Fatal(err)
		}
		o, _ := e.h.Catalogue.Obligation("8.8")
		if len(rows) != 1 || len(rows[0]) != len(o.List.Columns) {
			t.Fatalf("header rows %q", rows)
		}
		for i, c := range o.List.Columns {
			want := c.Header
			if c.Required {
				want += " *"
			}
			if rows[0][i] != want {
				t.Errorf("column %d: %q, want %q", i, rows[0][i], want)
			}
		}
		guide, err := xlsx.ReadSheet(data, "Hướng dẫn", 100, 10)
		if err != nil {
			t.Fatal(err)
		}
		text := ""
		for _, r := range guide {
			text += strings.Join(r, "|") + "\n"
		}
		for _, want := range []string{"Cột|Bắt buộc|Kiểu dữ liệu|Giá trị cho phép|Ghi chú", "Ký hiệu mục đích|Bắt buộc|Chọn một trong các giá trị cho phép|LĐ1; LĐ2;",
			"Ngày sinh|Bắt buộc|Ngày, ghi theo dạng ngày/tháng/năm", "Số hộ chiếu|Bắt buộc|Số hộ chiếu: 6 đến 12", "Giới tính|Không bắt buộc|", "Mỗi dòng một người"} {
			if !strings.Contains(text, want) {
				t.Errorf("the guide lacks %q:\n%s", want, text)
			}
		}
	})
	t.Run("EveryList", func(t *testing.T) {
		e := withSpool(newEnv(t))
		e.enrol(officerA, "ldtbxh")
		for _, o := range e.h.Catalogue.ListObligations() {
			m := only(t, e.text(officerA, private(officerA), "/template "+o.ID), officerA.ID, "Tệp mẫu danh sách "+o.ID)
			data, err := os.ReadFile(m.Upload.Path)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := xlsx.ReadSheet(data, "Danh sách "+o.ID, 10, 60)
			if err != nil || len(rows) != 1 || len(rows[0]) != len(o.List.Columns) {
				t.Errorf("%s: header %q, %v", o.ID, rows, err)
			}
		}
	})
	t.Run("OrganisationsInGroup", func(t *testing.T) {
		e := withSpool(newEnv(t))
		e.enrol(officerCA, "congan")
		e.text(admin, group(groupCongAn), "/bindgroup congan")
		msgs := e.text(officerCA, group(groupCongAn), "/template 15.2")
		m := only(t, msgs, groupCongAn, "Tệp mẫu danh sách 15.2", "mỗi dòng một tổ chức")
		if m.Upload == nil || m.Upload.Name != "mau-danh-sach-15.2.xlsx" {
			t.Fatalf("got %+v", m)
		}
	})
	t.Run("List", func(t *testing.T) {
		e := withSpool(newEnv(t))
		e.enrol(officerA, "ldtbxh")
		m := only(t, e.text(officerA, private(officerA), "/template"), officerA.ID, "/template <báo cáo>", "• 6.4 — ", "• 15.2 — ")
		if strings.Contains(m.Text, "• 6.6 ") || m.Upload != nil {
			t.Errorf("the list names a report that is not a list, or sends a file:\n%s", m.Text)
		}
	})
	t.Run("ErrUnknownReport", func(t *testing.T) {
		e := withSpool(newEnv(t))
		e.enrol(officerA, "ldtbxh")
		only(t, e.text(officerA, private(officerA), "/template 6.9"), officerA.ID, "Không có báo cáo «6.9»", "• 8.8 — ")
	})
	t.Run("ErrNotAList", func(t *testing.T) {
		e := withSpool(newEnv(t))
		e.enrol(officerA, "ldtbxh")
		m := only(t, e.text(officerA, private(officerA), "/template 6.6"), officerA.ID, "Báo cáo 6.6", "không phải dạng danh sách", "• 6.4 — ")
		if m.Upload != nil {
			t.Error("a file was sent for a report that is not a list")
		}
	})
	t.Run("ErrNoSpool", func(t *testing.T) {
		e := newEnv(t)
		e.enrol(officerA, "ldtbxh")
		only(t, e.text(officerA, private(officerA), "/template 6.4"), officerA.ID, "Hãy báo quản trị viên")
	})
	t.Run("English", func(t *testing.T) {
		e := withSpool(newEnv(t))
		e.enrol(officerA, "ldtbxh")
		e.text(officerA, private(officerA), "/lang en")
		only(t, e.text(officerA, private(officerA), "/template 6.4"), officerA.ID, "Template of list 6.4")
	})
}

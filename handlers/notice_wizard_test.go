package handlers_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestNoticeWizardFromScratch: "/notice new" asks one thing at a time —
// the kind, the decision, the employer, the people, the sanction, more
// recipients, the file — refuses a bad answer without losing the others,
// and sends the notice to the kind's recipients and the added one.
func TestNoticeWizardFromScratch(t *testing.T) {
	e := newEnv(t)
	e.enrol(officerA, "ldtbxh")
	e.enrol(officerCA, "congan")
	me := private(officerCA)
	step := func(msgs any, want string) {
		t.Helper()
		if !strings.Contains(fmt.Sprint(msgs), want) {
			t.Fatalf("want %q in %+v", want, msgs)
		}
	}
	step(e.text(officerCA, me, "/notice new"), "Bước 1/7: chọn loại vi phạm")
	step(e.press(officerCA, me, 50, "nwk:residence"), "Bước 2/7: gõ số và ngày quyết định")
	step(e.text(officerCA, me, "15/QĐ-XPHC 26/02/2027"), "Bước 3/7: gõ mã số thuế và tên doanh nghiệp")
	step(e.text(officerCA, me, "24001 Công ty TNHH ABC"), "Mã số thuế «24001» không đúng")
	step(e.text(officerCA, me, "2400123456 Công ty TNHH ABC"), "Bước 4/7")
	step(e.text(officerCA, me, "LI WEI, E12345678, Trung Quốc"), "Bước 5/7")
	step(e.text(officerCA, me, "cảnh cáo"), "Bước 6/7: thông báo sẽ gửi tới: Sở Lao động - Thương binh và Xã hội.")
	step(e.text(officerCA, me, "ngoaivu,khong-co"), "Không có cơ quan")
	step(e.text(officerCA, me, "ngoaivu"), "Bước 7/7: gửi tệp quyết định")
	step(e.text(officerCA, me, "đây"), "gửi tệp quyết định xử phạt")
	msgs := e.file(officerCA, me, "", pdf("QD-15", "qd.pdf"))
	step(msgs, "Đã gửi thông báo #1 (QĐ số 15/QĐ-XPHC) tới: Sở Lao động - Thương binh và Xã hội.")
	step(msgs, "Chưa gửi được tới Sở Ngoại vụ") // added, but it has no group or officer yet
	step(msgs, "Hình thức xử phạt: cảnh cáo")
	step(e.text(officerCA, me, "/notice 1"), "Vi phạm quy định về cư trú, đi lại")
	step(e.text(officerCA, me, "/cancel"), "Không có thao tác nào") // the wizard ended with the notice
}

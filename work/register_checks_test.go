package work_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

func d(y, m, day int) coord.Date { return coord.Date{Year: y, Month: time.Month(m), Day: day} }

// refusalText is err as the officer reads it, "" when it is no refusal.
func refusalText(err error) string {
	var r *texts.Refusal
	if !errors.As(err, &r) {
		return ""
	}
	return r.Msg.In(coord.LangVI, r.Args...)
}

// listed stores a submission of obligation by agency with facts as its
// register rows.
func (w *world) listed(obligation, agency, period string, facts ...coord.Fact) {
	w.t.Helper()
	ctx := context.Background()
	w.update(func(tx coord.Tx) error {
		sub := coord.Submission{Obligation: obligation, Agency: agency, Period: period, Kind: coord.WithFiles, SubmittedBy: 1, ChatID: 1,
			SubmittedAt: w.now, Files: []coord.SubmittedFile{{FileID: "F-" + obligation, FileUniqueID: "U-" + obligation + agency, Name: "ds.xlsx", Size: 10}}}
		if err := tx.CreateSubmission(ctx, &sub); err != nil {
			return err
		}
		for i := range facts {
			facts[i].Source.Row = 5 + i
		}
		_, err := tx.ReplaceFacts(ctx, coord.FactSource{Submission: sub.ID, Obligation: obligation, Agency: agency, Period: period, Version: sub.Version}, facts, w.now)
		return err
	})
}

func kim(name string, doc *coord.Document, org *coord.Organisation) coord.Fact {
	return coord.Fact{Person: &coord.PersonClaim{Passport: "M1234567", Nationality: "KOR", Name: name, BirthDate: d(1985, 4, 2)}, Doc: doc, Org: org}
}

// registerWorld has ldtbxh's permit list (Kim's permit ends 31/03/2027, his
// employer is an FDI company missing from 11.2) and the police's list of
// residence cards (Kim's LĐ1 card runs to the end of 2027, under another
// name).
func registerWorld(t *testing.T) *world {
	w := newWorld(t)
	employer := &coord.Organisation{Kind: coord.OrgFDI, Name: "Công ty TNHH Không Có", TaxCode: "2400000009"}
	w.listed("6.4", "ldtbxh", "2027-02",
		kim("Kim Min-jun", &coord.Document{Kind: coord.DocWorkPermit, Number: "GP-01", ValidFrom: d(2025, 4, 1), ValidTo: d(2027, 3, 31)}, employer))
	w.listed("8.8", "congan", "2027-Q1",
		kim("Kim Min-su", &coord.Document{Kind: coord.DocResidenceCard, Number: "TT-9", Purpose: "LĐ1", ValidFrom: d(2027, 1, 1), ValidTo: d(2027, 12, 31)}, nil))
	w.listed("11.2", "khdt", "2027-Q1", coord.Fact{Org: &coord.Organisation{Kind: coord.OrgFDI, Name: "Công ty TNHH Hàn Việt", TaxCode: "2400000001"}})
	return w
}

func (w *world) checks() []coord.Finding {
	w.t.Helper()
	var out []coord.Finding
	err := w.db.View(context.Background(), func(tx coord.Tx) (err error) {
		out, err = w.s.CrossChecks(context.Background(), tx, coord.DateOf(w.now))
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}

func (w *world) raise(findings []coord.Finding) work.AlertsOut {
	w.t.Helper()
	var res work.AlertsOut
	w.update(func(tx coord.Tx) (err error) {
		res, err = w.s.RaiseAlerts(context.Background(), tx, w.now, findings)
		return err
	})
	return res
}

func (w *world) closeAlert(a work.Actor, id int64, state coord.AlertState, reason string) (work.AlertOut, error) {
	var res work.AlertOut
	err := w.db.Update(context.Background(), func(tx coord.Tx) (err error) {
		res, err = w.s.CloseAlert(context.Background(), tx, a, w.now, id, state, reason)
		return err
	})
	return res, err
}

func TestCrossChecksRaiseEachAlertOnce(t *testing.T) {
	w := registerWorld(t)
	findings := w.checks()
	kinds := map[coord.CheckKind]int{}
	for _, f := range findings {
		kinds[f.Kind]++
	}
	want := map[coord.CheckKind]int{coord.CheckStayWithoutPermit: 1, coord.CheckPermitExpiring: 1, coord.CheckIdentityMismatch: 1, coord.CheckEmployerUnlisted: 1}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%s: %d findings, want %d (all: %v)", k, kinds[k], n, kinds)
		}
	}
	res := w.raise(findings)
	if len(res.Raised) != 3 {
		t.Fatalf("raised %d alerts, want 3 (the expiring permit goes in the weekly list)", len(res.Raised))
	}
	// The police (bound group) get the stay and the mismatch; ldtbxh (no
	// group: its officer lan) all three.
	police, coordinator := messagesTo(res.Messages, policeGroup), messagesTo(res.Messages, lan.ID)
	if len(police) != 2 || len(coordinator) != 3 {
		t.Fatalf("cards: %d to the police, %d to ldtbxh; want 2 and 3", len(police), len(coordinator))
	}
	stay := police[0]
	for _, want := range []string{"Cảnh báo đối chiếu #1", "không có giấy phép lao động", "Kim Min-su, hộ chiếu M1234567 (KOR)",
		"từ ngày 01/04/2027", "Thẻ tạm trú số TT-9, ký hiệu LĐ1, hiệu lực 01/01/2027 – 31/12/2027", "Giấy phép lao động số GP-01",
		"báo cáo 8.8 của Công an tỉnh", "dòng 5", "«Đã xử lý»"} {
		if !strings.Contains(stay.Text, want) {
			t.Errorf("the stay alert lacks %q:\n%s", want, stay.Text)
		}
	}
	if len(stay.Buttons) != 1 || len(stay.Buttons[0]) != 2 || stay.Buttons[0][0].Data != work.CbAlertHandled+"1" ||
		stay.Buttons[0][1].Data != work.CbAlertNotViolation+"1" || stay.Ref != coord.AlertRef(1) {
		t.Errorf("buttons %+v ref %q", stay.Buttons, stay.Ref)
	}
	if !strings.Contains(police[1].Text, "Kim Min-jun") || !strings.Contains(police[1].Text, "Kim Min-su") {
		t.Errorf("the mismatch shows both names:\n%s", police[1].Text)
	}
	if !strings.Contains(coordinator[2].Text, "«Công ty TNHH Không Có» (MST 2400000009) được ghi là tổ chức có vốn đầu tư nước ngoài nhưng không có trong danh sách tổ chức có vốn đầu tư nước ngoài đã báo cáo") {
		t.Errorf("the employer alert:\n%s", coordinator[2].Text)
	}
	// The next day the same facts raise nothing.
	w.now = w.now.AddDate(0, 0, 1)
	if again := w.raise(w.checks()); len(again.Raised) != 0 || len(again.Messages) != 0 {
		t.Errorf("the second run raised %d alerts and %d messages, want none", len(again.Raised), len(again.Messages))
	}
}

func TestCloseAlert(t *testing.T) {
	w := registerWorld(t)
	w.raise(w.checks()) // #1 stay (police, ldtbxh), #2 mismatch (ldtbxh, police), #3 employer (ldtbxh)
	refusal := func(err error, want string) {
		t.Helper()
		if err == nil || !strings.Contains(refusalText(err), want) {
			t.Errorf("err = %v, want a refusal with %q", err, want)
		}
	}
	_, err := w.closeAlert(hung, 3, coord.AlertHandled, "")
	refusal(err, "không gửi tới cơ quan của bạn")
	_, err = w.closeAlert(hung, 1, coord.AlertNotViolation, "   ")
	refusal(err, "phải ghi lý do")
	_, err = w.closeAlert(hung, 99, coord.AlertHandled, "")
	refusal(err, "Không có cảnh báo đối chiếu #99")
	res, err := w.closeAlert(hung, 1, coord.AlertNotViolation, "Đã cấp GPLĐ mới số GP-02 từ 01/04/2027")
	if err != nil {
		t.Fatal(err)
	}
	if a := res.Alert; a.State != coord.AlertNotViolation || a.ClosedAgency != "congan" || a.ClosedBy != hung.ID || !strings.HasPrefix(a.Reason, "Đã cấp") {
		t.Errorf("closed alert %+v", a)
	}
	_, err = w.closeAlert(lan, 1, coord.AlertHandled, "")
	refusal(err, "đã được Công an tỉnh xử lý")
	if res, err := w.closeAlert(lan, 3, coord.AlertHandled, ""); err != nil || res.Alert.State != coord.AlertHandled {
		t.Errorf("ldtbxh closes its employer alert: %+v %v", res.Alert, err)
	}
}

func TestExpiringLists(t *testing.T) {
	w := registerWorld(t)
	var lists map[string][]coord.OutMessage
	findings := w.checks()
	w.update(func(tx coord.Tx) (err error) {
		lists, err = w.s.ExpiringLists(context.Background(), tx, findings)
		return err
	})
	msgs := lists["ldtbxh"]
	if len(lists) != 1 || len(msgs) != 1 || msgs[0].ChatID != lan.ID {
		t.Fatalf("lists %+v, want one to ldtbxh's officer", lists)
	}
	for _, want := range []string{"sắp hết hạn trong 45 ngày tới", "(1):", "1. Kim Min-jun, hộ chiếu M1234567 (KOR) — GPLĐ số GP-01, hết hạn 31/03/2027, Công ty TNHH Không Có"} {
		if !strings.Contains(msgs[0].Text, want) {
			t.Errorf("the list lacks %q:\n%s", want, msgs[0].Text)
		}
	}
}

// TestRegisterExport: /export register counts the year's workers with a
// valid permit, for an agency that may search the register; one that may
// not is refused, and the export is audited like every other.
func TestRegisterExport(t *testing.T) {
	w := registerWorld(t)
	var ex work.Export
	err := w.db.Update(context.Background(), func(tx coord.Tx) (err error) {
		ex, err = w.s.Export(context.Background(), tx, lan, work.ExportRegister, 2027, "", w.now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Sheets) != 4 || ex.FileName != "so-lieu-nguoi-nuoc-ngoai-2027.xlsx" || !strings.Contains(ex.Caption, "1 người lao động nước ngoài") {
		t.Fatalf("export %q %q with %d sheets", ex.FileName, ex.Caption, len(ex.Sheets))
	}
	if rows := ex.Sheets[1].Rows; len(rows) != 1 || rows[0][0].Text != "KOR" || rows[0][1].Int != 1 {
		t.Errorf("by nationality: %+v", rows)
	}
	yte := work.Actor{ID: 501, Agency: "yte", Role: coord.RoleOfficer, Lang: coord.LangVI, Chat: 501}
	err = w.db.Update(context.Background(), func(tx coord.Tx) error {
		_, err := w.s.Export(context.Background(), tx, yte, work.ExportRegister, 2027, "", w.now)
		return err
	})
	if !strings.Contains(refusalText(err), "chưa được phép tra cứu") {
		t.Errorf("yte's export: %v", err)
	}
}

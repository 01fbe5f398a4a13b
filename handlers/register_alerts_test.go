package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/work"
)

// raiseAlerts puts ldtbxh's permit list and the police's list of residence
// cards in the register and raises the cross-check alerts: #1 Kim's LĐ1
// card outlasts his permit (to the police and ldtbxh), #2 his name differs
// between the lists (both), #3 his FDI employer is in no 11.2 list
// (ldtbxh alone).
func (e *env) raiseAlerts() work.AlertsOut {
	e.t.Helper()
	ctx := context.Background()
	day := func(y, m, d int) coord.Date { return coord.Date{Year: y, Month: time.Month(m), Day: d} }
	kim := func(name string, doc *coord.Document, org *coord.Organisation) coord.Fact {
		return coord.Fact{Person: &coord.PersonClaim{Passport: "M1234567", Nationality: "KOR", Name: name}, Doc: doc, Org: org,
			Source: coord.FactSource{Sheet: "DS", Row: 5}}
	}
	lists := []struct {
		obligation, agency, period string
		fact                       coord.Fact
	}{
		{"6.4", "ldtbxh", "2027-01", kim("Kim Min-jun", &coord.Document{Kind: coord.DocWorkPermit, Number: "GP-01", ValidFrom: day(2025, 4, 1), ValidTo: day(2027, 3, 31)},
			&coord.Organisation{Kind: coord.OrgFDI, Name: "Công ty TNHH Không Có", TaxCode: "2400000009"})},
		{"8.8", "congan", "2026-Q4", kim("Kim Min-su", &coord.Document{Kind: coord.DocResidenceCard, Number: "TT-9", Purpose: "LĐ1", ValidFrom: day(2027, 1, 1), ValidTo: day(2027, 12, 31)}, nil)},
	}
	var res work.AlertsOut
	err := e.store.Update(ctx, func(tx coord.Tx) error {
		for _, l := range lists {
			sub := coord.Submission{Obligation: l.obligation, Agency: l.agency, Period: l.period, Kind: coord.WithFiles, SubmittedBy: 1, ChatID: 1, SubmittedAt: e.now,
				Files: []coord.SubmittedFile{{FileID: "F" + l.obligation, FileUniqueID: "U" + l.obligation, Name: "ds.xlsx", Size: 10}}}
			if err := tx.CreateSubmission(ctx, &sub); err != nil {
				return err
			}
			if _, err := tx.ReplaceFacts(ctx, coord.FactSource{Submission: sub.ID, Obligation: l.obligation, Agency: l.agency, Period: l.period, Version: sub.Version},
				[]coord.Fact{l.fact}, e.now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	var findings []coord.Finding
	if err := e.store.View(ctx, func(tx coord.Tx) (err error) {
		findings, err = e.h.Work.CrossChecks(ctx, tx, coord.DateOf(e.now))
		return err
	}); err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.Update(ctx, func(tx coord.Tx) (err error) {
		res, err = e.h.Work.RaiseAlerts(ctx, tx, e.now, findings)
		if err != nil {
			return err
		}
		for _, m := range res.Messages {
			if _, _, err := tx.Enqueue(ctx, "", m, e.now); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		e.t.Fatal(err)
	}
	e.newMessages()
	return res
}

// TestAlertButtons: in the police group, «Không phải vi phạm» asks for the
// reason, an empty one is refused and the prompt stays, the reason closes
// the alert and its card shows who closed it and why; after that, neither
// button changes it; an agency the alert did not go to cannot close it.
func TestAlertButtons(t *testing.T) {
	e := newEnv(t)
	e.enrol(officerA, "ldtbxh")
	e.enrol(officerCA, "congan")
	e.text(admin, group(groupCongAn), "/bindgroup congan")
	yte := officerB
	e.enrol(yte, "yte")
	if res := e.raiseAlerts(); len(res.Raised) != 3 {
		t.Fatalf("raised %d alerts, want 3", len(res.Raised))
	}
	g := group(groupCongAn)
	only(t, e.press(yte, private(yte), 70, work.CbAlertHandled+"1"), yte.ID, "không gửi tới cơ quan của bạn")
	only(t, e.press(officerCA, g, 50, work.CbAlertHandled+"3"), groupCongAn, "không gửi tới cơ quan của bạn")
	prompt := only(t, e.press(officerCA, g, 50, work.CbAlertNotViolation+"1")[:1], groupCongAn, "Nhập lý do cảnh báo đối chiếu #1 không phải vi phạm")
	if !prompt.ForceReply {
		t.Fatalf("prompt without ForceReply: %+v", prompt)
	}
	// In a group the bot hears a reply to its prompt (privacy mode).
	reply := func(text string) []coord.OutMessage {
		return e.handle(bot.Update{Chat: g, From: officerCA, MessageID: 81, Text: text, ReplyTo: &bot.Reply{MessageID: 51, FromBot: true}})
	}
	only(t, reply("  "), groupCongAn, "phải ghi lý do")
	msgs := reply("Đã cấp GPLĐ mới số GP-02 từ 01/04/2027")
	// The cards were queued here, never sent: there is nothing to redraw
	// yet (the end-to-end test sees the edits), only the receipt.
	only(t, msgs, groupCongAn, "cảnh báo #1 không phải vi phạm. Lý do: Đã cấp GPLĐ mới")
	only(t, e.press(officerA, private(officerA), 71, work.CbAlertHandled+"1"), officerA.ID, "đã được Công an tỉnh xử lý")
	// ldtbxh closes its own employer alert with one press.
	msgs = e.press(officerA, private(officerA), 72, work.CbAlertHandled+"3")
	if len(msgs) != 1 || msgs[0].Kind != coord.OutCallbackAnswer || !strings.Contains(msgs[0].Text, "cảnh báo #3 đã xử lý") {
		t.Errorf("«Đã xử lý»: %+v", msgs)
	}
}

// TestFind: each agency finds the rows of the lists config lets it search,
// in the private chat only, and every search is in the audit log.
func TestFind(t *testing.T) {
	e := newEnv(t)
	e.enrol(officerA, "ldtbxh")  // every list
	e.enrol(officerB, "bqlkcn")  // 6.4, 7.3, 11.2, 13.3, 15.2
	e.enrol(officerCT, "yte")    // none
	e.enrol(officerCA, "congan") // every list
	e.raiseAlerts()
	me := private(officerA)
	only(t, e.text(officerA, me, "/find m 1234567"), me.ID, "Kết quả tra cứu «m 1234567» (2 dòng)",
		"👤 Kim Min-jun — hộ chiếu M1234567 (KOR)", "Giấy phép lao động số GP-01, hiệu lực 01/04/2025 – 31/03/2027 ✅ còn hiệu lực",
		"Công ty TNHH Không Có — báo cáo 6.4", "Thẻ tạm trú số TT-9, ký hiệu LĐ1")
	board := private(officerB)
	got := only(t, e.text(officerB, board, "/find M1234567"), board.ID, "(1 dòng)", "GP-01")
	if strings.Contains(got.Text, "TT-9") {
		t.Errorf("the Board sees the police's list:\n%s", got.Text)
	}
	only(t, e.text(officerB, board, "/find kim min jun"), board.ID, "Kim Min-jun")
	only(t, e.text(officerA, me, "/find 2400000009"), me.ID, "(1 dòng)", "Công ty TNHH Không Có")
	only(t, e.text(officerA, me, "/find Nguyễn Không Ai"), me.ID, "Không tìm thấy «Nguyễn Không Ai»")
	only(t, e.text(officerA, me, "/find ab"), me.ID, "Cú pháp: /find")
	only(t, e.text(officerCT, private(officerCT), "/find M1234567"), officerCT.ID, "Sở Y tế chưa được phép tra cứu")
	if msgs := e.text(officerCA, group(groupCongAn), "/find M1234567"); len(msgs) != 1 || strings.Contains(msgs[0].Text, "M1234567 (KOR)") {
		t.Errorf("a search in a group: %+v", msgs)
	}
	searches := e.audit("register.search")
	if len(searches) != 5 {
		t.Fatalf("%d searches in the audit log, want 5 (the refused ones change nothing)", len(searches))
	}
	if s := searches[len(searches)-1]; s.Actor != officerA.ID || !strings.Contains(s.After, `"query":"m 1234567"`) || !strings.Contains(s.After, `"rows":2`) || !strings.Contains(s.After, `"by":"passport"`) {
		t.Errorf("the first search's audit row: %+v", s)
	}
}

package work_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

func sampleNotice() work.NewNotice {
	return work.NewNotice{Kind: "work_without_permit", DecisionNo: "15/QĐ-XPHC", DecisionDate: coord.Date{Year: 2027, Month: 2, Day: 26},
		Employer:  coord.Employer{Name: "Công ty TNHH ABC", TaxCode: "2400123456", Zone: "KCN Quang Châu"},
		People:    []coord.Person{{Name: "LI WEI", Passport: "E12345678", Nationality: "Trung Quốc"}},
		Violation: "Làm việc không có giấy phép lao động", Sanction: coord.Sanction{FineVND: 15_000_000, Expulsion: true},
		Files: []coord.FileRef{{FileID: "F-QD", Name: "qd.pdf"}}}
}

func TestCreateNotice(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		w := newWorld(t)
		var res work.NoticeSent
		w.update(func(tx coord.Tx) (err error) {
			res, err = w.s.CreateNotice(ctx, tx, hung, w.now, sampleNotice())
			return err
		})
		n := res.Notice
		var to []string
		for _, r := range n.Recipients {
			to = append(to, r.Agency)
			if want := (coord.Date{Year: 2027, Month: 3, Day: 3}); r.RemindOn != want {
				t.Errorf("%s reminded on %v, want %v (2 working days)", r.Agency, r.RemindOn, want)
			}
		}
		// congan is the sender, so the kind's default [ldtbxh congan] loses
		// it, and the zone adds bqlkcn.
		if !slices.Equal(to, []string{"ldtbxh", "bqlkcn"}) {
			t.Fatalf("recipients %v", to)
		}
		var card *coord.OutMessage
		for i, m := range res.Messages {
			if m.ChatID == lan.ID && len(m.Buttons) > 0 {
				card = &res.Messages[i]
			}
		}
		if card == nil || !strings.Contains(card.Text, "E12345678") || !strings.Contains(card.Text, "15.000.000") {
			t.Fatalf("no card with the passport and the fine to lan: %+v", res.Messages)
		}
		if d := card.Buttons[0][0].Data; len(d) > 64 || !strings.HasPrefix(d, work.CbNoticeAck) {
			t.Errorf("button data %q", d)
		}
	})
	t.Run("ErrUnknownKind", func(t *testing.T) {
		w := newWorld(t)
		in := sampleNotice()
		in.Kind = "nope"
		err := w.db.Update(ctx, func(tx coord.Tx) error { _, err := w.s.CreateNotice(ctx, tx, hung, w.now, in); return err })
		var rf *texts.Refusal
		if !asRefusal(err, &rf) {
			t.Fatalf("err %v, want a refusal", err)
		}
	})
	t.Run("ErrSelfAsExtra", func(t *testing.T) {
		w := newWorld(t)
		in := sampleNotice()
		in.Extra = []string{"congan"}
		err := w.db.Update(ctx, func(tx coord.Tx) error { _, err := w.s.CreateNotice(ctx, tx, hung, w.now, in); return err })
		var rf *texts.Refusal
		if !asRefusal(err, &rf) {
			t.Fatalf("err %v, want a refusal", err)
		}
	})
}

func TestAckNotice(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	var n coord.Notice
	w.update(func(tx coord.Tx) error {
		res, err := w.s.CreateNotice(ctx, tx, hung, w.now, sampleNotice())
		n = res.Notice
		return err
	})
	ldtbxh, _ := n.Recipient("ldtbxh")
	bqlkcn, _ := n.Recipient("bqlkcn")
	t.Run("ErrOtherAgency", func(t *testing.T) {
		err := w.db.Update(ctx, func(tx coord.Tx) error { _, err := w.s.AckNotice(ctx, tx, mai, w.now, ldtbxh.ID); return err })
		var rf *texts.Refusal
		if !asRefusal(err, &rf) {
			t.Fatalf("err %v, want a refusal", err)
		}
	})
	t.Run("ErrSeeOtherAgency", func(t *testing.T) {
		err := w.db.View(ctx, func(tx coord.Tx) error { _, err := w.s.SeeNotice(ctx, tx, mai, n.ID); return err })
		var rf *texts.Refusal
		if !asRefusal(err, &rf) {
			t.Fatalf("err %v, want a refusal", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		var res work.NoticeAcked
		w.update(func(tx coord.Tx) (err error) {
			res, err = w.s.AckNotice(ctx, tx, lan, w.now, ldtbxh.ID)
			return err
		})
		if len(res.Messages) != 1 || res.Messages[0].ChatID != policeGroup || !strings.Contains(res.Messages[0].Text, "Lan Nguyễn") {
			t.Fatalf("sender not told: %+v", res.Messages)
		}
		w.update(func(tx coord.Tx) (err error) {
			res, err = w.s.AckNotice(ctx, tx, lan, w.now, ldtbxh.ID)
			return err
		})
		if !res.Already {
			t.Error("second press not seen as already acknowledged")
		}
		var seen coord.Notice
		w.update(func(tx coord.Tx) (err error) {
			seen, err = w.s.SeeNotice(ctx, tx, hung, n.ID)
			return err
		})
		if card := w.s.NoticeCard(seen, coord.LangVI, work.NoticeView{Acks: true}); !strings.Contains(card, "đã nhận lúc") || !strings.Contains(card, "chưa xác nhận") {
			t.Errorf("card without acknowledgements:\n%s", card)
		}
	})
	t.Run("Remind", func(t *testing.T) {
		var res work.NoticeReminder
		w.update(func(tx coord.Tx) (err error) {
			res, err = w.s.RemindNotice(ctx, tx, w.now, ldtbxh.ID)
			return err
		})
		if len(res.Messages) != 0 {
			t.Errorf("acknowledged recipient reminded: %+v", res.Messages)
		}
		w.update(func(tx coord.Tx) (err error) {
			res, err = w.s.RemindNotice(ctx, tx, w.now, bqlkcn.ID)
			return err
		})
		if !res.Nowhere {
			t.Errorf("bqlkcn has nobody, want Nowhere: %+v", res)
		}
	})
}

func TestFormatVND(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 999: "999", 1000: "1.000", 15000000: "15.000.000", 123456789: "123.456.789"} {
		if got := work.FormatVND(in); got != want {
			t.Errorf("FormatVND(%d) = %q, want %q", in, got, want)
		}
	}
}

func asRefusal(err error, rf **texts.Refusal) bool { return errors.As(err, rf) }

// TestNoticeFromInspection: a violation recorded at an inspection target
// becomes a notice pre-filled from the plan and linked to it; a compliant
// target, a party outside the plan and a member that declined are refused.
func TestNoticeFromInspection(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	p := w.plan().Plan
	if _, err := w.insp(func(tx coord.Tx) (work.InspectionOut, error) {
		return w.s.RecordResult(ctx, tx, lan, w.now, work.TargetResult{Plan: p.ID, Target: 1})
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.insp(func(tx coord.Tx) (work.InspectionOut, error) {
		return w.s.RecordResult(ctx, tx, lan, w.now, work.TargetResult{Plan: p.ID, Target: 2, Violations: true, Workers: 2,
			Finding: "2 NLĐ không có giấy phép lao động"})
	}); err != nil {
		t.Fatal(err)
	}
	draft := func(a work.Actor, target int) (work.NewNotice, error) {
		var d work.NewNotice
		err := w.db.View(ctx, func(tx coord.Tx) (err error) {
			d, err = w.s.NoticeDraft(ctx, tx, a, p.ID, target)
			return err
		})
		return d, err
	}
	if _, err := draft(hung, 1); !strings.Contains(refusal(err), "chưa được ghi kết quả có vi phạm") {
		t.Errorf("draft from the compliant target: %q", refusal(err))
	}
	justice := work.Actor{ID: 901, Name: "Tư pháp", Agency: "tuphap", Role: coord.RoleOfficer, Lang: coord.LangVI, Chat: 901}
	if _, err := draft(justice, 2); !strings.Contains(refusal(err), "không tham gia kế hoạch") {
		t.Errorf("draft by an agency outside the plan: %q", refusal(err))
	}
	d, err := draft(hung, 2)
	if err != nil {
		t.Fatalf("the police, a member, draft from the violation: %v", err)
	}
	if d.Employer.Name != "Công ty B" || d.Employer.TaxCode != "0101234568" || d.Employer.Address != "Yên Dũng" ||
		d.Violation != "2 NLĐ không có giấy phép lao động" || d.Plan != p.ID || d.PlanTarget != 2 {
		t.Fatalf("draft not pre-filled from the target: %+v", d)
	}
	in := sampleNotice()
	in.Employer, in.Violation, in.Plan, in.PlanTarget = d.Employer, d.Violation, d.Plan, d.PlanTarget
	var sent work.NoticeSent
	w.update(func(tx coord.Tx) (err error) {
		sent, err = w.s.CreateNotice(ctx, tx, hung, w.now, in)
		return err
	})
	var seen work.InspectionSeen
	w.update(func(tx coord.Tx) (err error) {
		seen, err = w.s.SeeInspection(ctx, tx, lan, p.ID)
		return err
	})
	if len(seen.Notices) != 1 || seen.Notices[0].ID != sent.Notice.ID || seen.Notices[0].PlanTarget != 2 {
		t.Errorf("the plan does not show its notice: %+v", seen.Notices)
	}
	last := seen.Events[len(seen.Events)-1]
	if last.Action != coord.InspActNotice || last.Target != 2 || !strings.Contains(last.Text, "15/QĐ-XPHC") {
		t.Errorf("the plan's history does not record the notice: %+v", last)
	}
	if card := w.s.NoticeCard(sent.Notice, coord.LangVI, work.NoticeView{}); !strings.Contains(card, "kế hoạch số 1, doanh nghiệp thứ 2") {
		t.Errorf("the card does not name the plan:\n%s", card)
	}
	// A link forged to the compliant target is refused at creation too.
	in.PlanTarget = 1
	err = w.db.Update(ctx, func(tx coord.Tx) error { _, err := w.s.CreateNotice(ctx, tx, hung, w.now, in); return err })
	if !strings.Contains(refusal(err), "chưa được ghi kết quả có vi phạm") {
		t.Errorf("notice linked to the compliant target: %q", refusal(err))
	}
}

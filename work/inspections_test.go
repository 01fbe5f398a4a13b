package work_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
	"github.com/bacgiang/fwbot/work"
)

// plan has lan (ldtbxh) issue the annual plan with the police and the
// industrial zones board as members, two targets.
func (w *world) plan() work.InspectionOut {
	w.t.Helper()
	var res work.InspectionOut
	w.update(func(tx coord.Tx) error {
		var err error
		res, err = w.s.CreateInspection(context.Background(), tx, lan, w.now, work.NewInspection{Kind: coord.InspAnnual,
			Title: "Kiểm tra năm 2027", Members: []string{"congan", "bqlkcn"}, Targets: []coord.InspectionTarget{
				{Employer: "Công ty A", TaxCode: "0101234567", Address: "Việt Yên", Planned: coord.Date{Year: 2027, Month: 3, Day: 10}, State: coord.TargetPlanned},
				{Employer: "Công ty B", TaxCode: "0101234568", Address: "Yên Dũng", Planned: coord.Date{Year: 2027, Month: 3, Day: 12}, State: coord.TargetPlanned},
			}})
		return err
	})
	return res
}

func (w *world) insp(fn func(tx coord.Tx) (work.InspectionOut, error)) (work.InspectionOut, error) {
	var res work.InspectionOut
	err := w.db.Update(context.Background(), func(tx coord.Tx) error {
		var err error
		res, err = fn(tx)
		return err
	})
	return res, err
}

func refusal(err error) string {
	if r, ok := err.(*texts.Refusal); ok {
		return r.Msg.In(coord.LangVI, r.Args...)
	}
	if err == nil {
		return ""
	}
	return "error: " + err.Error()
}

func TestInspectionLifecycle(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	res := w.plan()
	p := res.Plan
	if p.ID == 0 || p.State != coord.InspIssued || p.Lead != "ldtbxh" {
		t.Fatalf("plan %+v", p)
	}
	// The police group gets the card with the two buttons; the board is
	// unreachable (no group, no officer).
	if len(res.Messages) != 1 || res.Messages[0].ChatID != policeGroup || len(res.Messages[0].Buttons) != 1 ||
		res.Messages[0].Buttons[0][0].Data != "insp:j:1:congan" || res.Reached["bqlkcn"] != 0 {
		t.Fatalf("messages %+v reached %v", res.Messages, res.Reached)
	}
	if !strings.Contains(res.Messages[0].Text, "Công ty A") {
		t.Errorf("card %q", res.Messages[0].Text)
	}

	t.Run("ErrDeclineWithoutReason", func(t *testing.T) {
		_, err := w.insp(func(tx coord.Tx) (work.InspectionOut, error) {
			return w.s.Answer(ctx, tx, hung, w.now, p.ID, coord.AnswerDecline, "  ")
		})
		if !strings.Contains(refusal(err), "phải nêu rõ lý do") {
			t.Errorf("err = %v", refusal(err))
		}
	})
	t.Run("ErrNotMember", func(t *testing.T) {
		_, err := w.insp(func(tx coord.Tx) (work.InspectionOut, error) {
			return w.s.Answer(ctx, tx, mai, w.now, p.ID, coord.AnswerJoin, "Mai")
		})
		if !strings.Contains(refusal(err), "không phải là cơ quan phối hợp") {
			t.Errorf("err = %v", refusal(err))
		}
	})
	t.Run("JoinTellsTheLead", func(t *testing.T) {
		res, err := w.insp(func(tx coord.Tx) (work.InspectionOut, error) {
			return w.s.Answer(ctx, tx, hung, w.now, p.ID, coord.AnswerJoin, "Đại úy Phạm Hùng")
		})
		if err != nil {
			t.Fatal(err)
		}
		if m, _ := res.Plan.Member("congan"); m.Answer != coord.AnswerJoin || m.Text != "Đại úy Phạm Hùng" {
			t.Errorf("member %+v", m)
		}
		if len(res.Messages) != 1 || res.Messages[0].ChatID != lan.ID || !strings.Contains(res.Messages[0].Text, "Đại úy Phạm Hùng") {
			t.Errorf("messages %+v", res.Messages)
		}
	})
	t.Run("ErrOnlyLeadRecords", func(t *testing.T) {
		_, err := w.insp(func(tx coord.Tx) (work.InspectionOut, error) {
			return w.s.RecordResult(ctx, tx, hung, w.now, work.TargetResult{Plan: p.ID, Target: 1})
		})
		if !strings.Contains(refusal(err), "cơ quan chủ trì") {
			t.Errorf("err = %v", refusal(err))
		}
	})
	t.Run("PostponeKeepsTheHistory", func(t *testing.T) {
		res, err := w.insp(func(tx coord.Tx) (work.InspectionOut, error) {
			return w.s.Postpone(ctx, tx, lan, w.now, p.ID, 2, coord.Date{Year: 2027, Month: 3, Day: 19}, "Doanh nghiệp nghỉ sửa chữa")
		})
		if err != nil {
			t.Fatal(err)
		}
		if tg := res.Plan.Targets[1]; tg.State != coord.TargetPlanned || tg.Planned.Day != 19 {
			t.Errorf("target %+v", tg)
		}
	})
	t.Run("ResultsConcludeThePlan", func(t *testing.T) {
		res, err := w.insp(func(tx coord.Tx) (work.InspectionOut, error) {
			return w.s.RecordResult(ctx, tx, lan, w.now, work.TargetResult{Plan: p.ID, Target: 1})
		})
		if err != nil || res.Plan.State != coord.InspInProgress || res.Violation != nil {
			t.Fatalf("after first result %+v, %v", res.Plan, err)
		}
		res, err = w.insp(func(tx coord.Tx) (work.InspectionOut, error) {
			return w.s.RecordResult(ctx, tx, lan, w.now, work.TargetResult{Plan: p.ID, Target: 2, Violations: true, Workers: 3,
				Finding: "Sử dụng NLĐ nước ngoài không có giấy phép lao động", Files: []coord.FileRef{{FileID: "bb"}}})
		})
		if err != nil || res.Plan.State != coord.InspConcluded {
			t.Fatalf("after last result %+v, %v", res.Plan, err)
		}
		if res.Violation == nil || res.Violation.Target != 2 || res.Violation.Workers != 3 {
			t.Errorf("violation seam %+v", res.Violation)
		}
		told := map[int64]bool{}
		for _, m := range res.Messages {
			if strings.Contains(m.Text, "đã kết thúc") {
				told[m.ChatID] = true
			}
		}
		if !told[lan.ID] || !told[policeGroup] {
			t.Errorf("concluded told %v", told)
		}
		_, err = w.insp(func(tx coord.Tx) (work.InspectionOut, error) {
			return w.s.RecordResult(ctx, tx, lan, w.now, work.TargetResult{Plan: p.ID, Target: 2})
		})
		if !strings.Contains(refusal(err), "đã kết thúc") {
			t.Errorf("result after conclusion: %v", refusal(err))
		}
	})
	var seen work.InspectionSeen
	var st work.AnnualStatus
	w.update(func(tx coord.Tx) (err error) {
		if seen, err = w.s.SeeInspection(ctx, tx, lan, p.ID); err != nil {
			return err
		}
		st, err = work.Annual(ctx, tx, 2027)
		return err
	})
	var actions []string
	for _, e := range seen.Events {
		actions = append(actions, string(e.Action))
	}
	if got := strings.Join(actions, " "); got != "create issue join postpone result result conclude" {
		t.Errorf("history %s", got)
	}
	if !st.Exists || !st.Concluded || st.Done != 2 || st.Total != 2 || st.Bad != 1 {
		t.Errorf("annual %+v", st)
	}
	if line := st.Line(w.s.Catalogue, coord.LangVI); !strings.Contains(line, "2/2") {
		t.Errorf("line %q", line)
	}
}

func TestAnnualPlanIsTheCoordinators(t *testing.T) {
	w := newWorld(t)
	_, err := w.insp(func(tx coord.Tx) (work.InspectionOut, error) {
		return w.s.CreateInspection(context.Background(), tx, hung, w.now, work.NewInspection{Kind: coord.InspAnnual, Title: "x",
			Members: []string{"ldtbxh"}, Targets: []coord.InspectionTarget{{Employer: "A"}}})
	})
	if !strings.Contains(refusal(err), "Điều 6.5") {
		t.Errorf("err = %v", refusal(err))
	}
}

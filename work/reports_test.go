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

// submit has actor a submit one file of report id for period at now.
func (w *world) submit(a work.Actor, id, period string, now time.Time, replace bool) (work.Submitted, error) {
	w.t.Helper()
	ob, err := w.s.Obligation(a, id)
	if err != nil {
		return work.Submitted{}, err
	}
	var res work.Submitted
	err = w.db.Update(context.Background(), func(tx coord.Tx) error {
		p, dl, err := w.s.ResolvePeriod(context.Background(), tx, a, now, ob, period)
		if err != nil {
			return err
		}
		res, err = w.s.Submit(context.Background(), tx, a, now, work.NewSubmission{Obligation: ob, Period: p, Deadline: dl,
			Kind: coord.WithFiles, Files: []coord.SubmittedFile{{FileID: "F1", Name: "ds.xlsx"}}, Replace: replace})
		return err
	})
	return res, err
}

func TestSubmitDeliversToEachRecipientAsData(t *testing.T) {
	w := newWorld(t)
	res, err := w.submit(lan, "6.4", "2027-01", w.now, false)
	if err != nil {
		t.Fatal(err)
	}
	// 6.4 goes to the police (a group) and foreign affairs (nobody yet).
	want := []work.Reached{{Agency: "congan", Mode: coord.ToGroup, Chats: 1}, {Agency: "ngoaivu", Mode: coord.Unreachable}}
	if len(res.Recipients) != 2 || res.Recipients[0] != want[0] || res.Recipients[1] != want[1] {
		t.Fatalf("recipients %+v, want %+v", res.Recipients, want)
	}
	if len(res.Messages) != 1 {
		t.Fatalf("messages %+v, want the one file with its caption and button", res.Messages)
	}
	m := res.Messages[0]
	if m.ChatID != policeGroup || m.Kind != coord.OutFiles || len(m.Files) != 1 || m.Files[0].FileID != "F1" ||
		!strings.Contains(m.Text, "Tình trạng: trễ hạn") || len(m.Buttons) != 1 || !strings.HasPrefix(m.Buttons[0][0].Data, texts.CbAck) {
		t.Fatalf("delivery %+v", m)
	}
	if res.Submission.LateDays <= 0 || res.Submission.ChatID != lan.Chat {
		t.Fatalf("submission %+v: 2027-01 is late on 01/03/2027 and the receipt goes to the submitter's chat", res.Submission)
	}
}

func TestASupplementKeepsThePeriodsStatusAReplacementDoesNot(t *testing.T) {
	w := newWorld(t)
	if res, err := w.submit(lan, "6.4", "2027-02", w.now, false); err != nil || res.Submission.LateDays != 0 {
		t.Fatalf("first version on 01/03 for a deadline of 04/03: %+v, %v", res.Submission, err)
	}
	later := w.now.AddDate(0, 0, 10)
	if res, err := w.submit(lan, "6.4", "2027-02", later, false); err != nil || res.Submission.LateDays != 0 || res.Submission.Version != 2 {
		t.Fatalf("a late supplement leaves the period on time: %+v, %v", res.Submission, err)
	}
	if res, err := w.submit(lan, "6.4", "2027-02", later, true); err != nil || res.Submission.LateDays == 0 {
		t.Fatalf("a late replacement of a wrong version makes the period late: %+v, %v", res.Submission, err)
	}
}

func TestSubmitRefusesWhatTheAgencyDoesNotOwe(t *testing.T) {
	w := newWorld(t)
	var ref *texts.Refusal
	if _, err := w.submit(lan, "13.3", "2027-01", w.now, false); !errors.As(err, &ref) || !strings.Contains(ref.Msg.VI, "không có nghĩa vụ") {
		t.Fatalf("ldtbxh submitting 13.3: %v", err)
	}
	if _, err := w.submit(lan, "6.4", "2027-09", w.now, false); !errors.As(err, &ref) || !strings.Contains(ref.Msg.VI, "chưa bắt đầu") {
		t.Fatalf("a period not begun: %v", err)
	}
	ob, _ := w.s.Obligation(lan, "6.4")
	err := w.db.Update(context.Background(), func(tx coord.Tx) error {
		_, err := w.s.Submit(context.Background(), tx, lan, w.now, work.NewSubmission{Obligation: ob, Kind: coord.NilReport})
		return err
	})
	if !errors.As(err, &ref) || !strings.Contains(ref.Msg.VI, "không cho phép báo cáo «không phát sinh»") {
		t.Fatalf("a nil report of 6.4: %v", err)
	}
}

func TestAcknowledgeOnlyByTheRecipientOnceAndTheSubmitterIsTold(t *testing.T) {
	w := newWorld(t)
	if _, err := w.submit(lan, "6.4", "2027-01", w.now, false); err != nil {
		t.Fatal(err)
	}
	var deliveries []coord.Delivery
	w.update(func(tx coord.Tx) error {
		var err error
		deliveries, err = tx.DeliveriesOf(context.Background(), 1)
		return err
	})
	police := deliveries[0].ID
	if deliveries[0].Agency != "congan" {
		t.Fatalf("deliveries %+v", deliveries)
	}
	ack := func(a work.Actor, id int64) (work.Acked, error) {
		var res work.Acked
		err := w.db.Update(context.Background(), func(tx coord.Tx) error {
			var err error
			res, err = w.s.Acknowledge(context.Background(), tx, a, w.now, id)
			return err
		})
		return res, err
	}
	var ref *texts.Refusal
	if _, err := ack(mai, police); !errors.As(err, &ref) {
		t.Fatalf("an officer of another agency acknowledged the police's copy: %v", err)
	}
	res, err := ack(hung, police)
	if err != nil || res.Already {
		t.Fatalf("ack: %+v, %v", res, err)
	}
	if len(res.Messages) != 1 || res.Messages[0].ChatID != lan.Chat ||
		!strings.Contains(res.Messages[0].Text, "Công an tỉnh đã xác nhận nhận báo cáo 6.4") || !strings.Contains(res.Messages[0].Text, hung.Name) {
		t.Fatalf("notice to the submitter: %+v", res.Messages)
	}
	again, err := ack(hung, police)
	if err != nil || !again.Already || len(again.Messages) != 0 {
		t.Fatalf("second ack: %+v, %v", again, err)
	}
	if _, err := ack(hung, 999); coord.ErrorCode(err) != coord.ENotFound {
		t.Fatalf("a delivery that does not exist: %v", err)
	}
}

func TestRemindDeadlineStopsWhenSubmittedAndSaysWhenNowhere(t *testing.T) {
	w := newWorld(t)
	ob, _ := w.s.Obligation(lan, "6.4")
	dl, _ := w.s.Calendar.DeadlineOf(ob, mustPeriod(t, "2027-02"))
	remind := func(agency string) work.Reminded {
		var res work.Reminded
		w.update(func(tx coord.Tx) error {
			var err error
			res, err = w.s.RemindDeadline(context.Background(), tx, w.now, work.Due{Kind: coord.RemindUpcoming, Obligation: ob, Agency: agency, Deadline: dl})
			return err
		})
		return res
	}
	res := remind("ldtbxh")
	if len(res.Messages) != 1 || res.Messages[0].ChatID != lan.Chat || !strings.Contains(res.Messages[0].Text, "Hạn cuối 04/03/2027") {
		t.Fatalf("reminder to ldtbxh's officer: %+v", res)
	}
	if res := remind("ngoaivu"); !res.Nowhere || len(res.Messages) != 0 {
		t.Fatalf("an agency with nobody: %+v", res)
	}
	if _, err := w.submit(lan, "6.4", "2027-02", w.now, false); err != nil {
		t.Fatal(err)
	}
	if res := remind("ldtbxh"); !res.Submitted || len(res.Messages) != 0 {
		t.Fatalf("after the submission: %+v", res)
	}
}

func mustPeriod(t *testing.T, s string) coord.Period {
	t.Helper()
	p, err := coord.ParsePeriod(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

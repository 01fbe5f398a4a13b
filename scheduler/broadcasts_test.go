package scheduler_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/testkit"
	"github.com/bacgiang/fwbot/scheduler"
	"github.com/bacgiang/fwbot/work"
)

// TestBroadcastRemindersAroundTheMayHolidays: an admin's broadcast of
// Wednesday 28/04/2027 to the police, health and foreign affairs (which
// has no group and nobody enrolled) is to be read within two working days:
// Thursday 29/04 and Tuesday 04/05 (30/04 is a holiday, 01–02/05 a
// weekend, 03/05 the day off for 01/05). The police read it on 29/04;
// health is reminded on 04/05, once, however often two schedulers tick;
// foreign affairs, unreachable, is reminded on the day it binds a group,
// with the files it never got; each reminder is counted once.
func TestBroadcastRemindersAroundTheMayHolidays(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "ngoaivu")
	admin := work.Actor{ID: 111, Agency: "ldtbxh", Role: coord.RoleAdmin, Chat: 111}
	err := w.store.Update(ctx, func(tx coord.Tx) error {
		_, err := testkit.Work(w.cfg).CreateBroadcast(ctx, tx, admin, w.at(2027, time.April, 28, 10, 0), work.NewBroadcast{
			Title: "Nghị định 219/2025/NĐ-CP", Files: []coord.FileRef{{FileID: "ND219"}}, Targets: []string{"congan", "yte", "ngoaivu"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	w.sent() // the deliveries
	m := &countingMetrics{reminders: map[string]int{}, digests: map[string]int{}}
	reminded := map[string][]string{}
	files := 0
	for d := w.at(2027, time.April, 28, 8, 30); d.Before(w.at(2027, time.May, 10, 0, 0)); d = d.AddDate(0, 0, 1) {
		switch d.Day() {
		case 29:
			err := w.store.Update(ctx, func(tx coord.Tx) error { return tx.MarkBroadcastRead(ctx, 1, "congan", 301, d) })
			if err != nil {
				t.Fatal(err)
			}
		case 6:
			err := w.store.Update(ctx, func(tx coord.Tx) error {
				w.group["ngoaivu"], w.code[-7000] = -7000, "ngoaivu"
				_, err := tx.Bind(ctx, coord.ChatBinding{ChatID: -7000, Code: "ngoaivu", BoundAt: d})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, at := range []time.Time{d, d.Add(3 * time.Hour)} {
			for _, s := range []*scheduler.Scheduler{w.scheduler(func(o *scheduler.Options) { o.Metrics = m }), w.scheduler()} {
				for _, msg := range w.tick(s, at) {
					if strings.HasPrefix(msg.Text, "⏰ Nhắc: cơ quan chưa xác nhận đã đọc thông báo B-1 (gửi ngày 28/04/2027)") {
						reminded[w.code[msg.ChatID]] = append(reminded[w.code[msg.ChatID]], at.Format("01-02"))
						if len(msg.Buttons) == 0 || msg.Buttons[0][0].Data != "bc:r:1:"+w.code[msg.ChatID] {
							t.Errorf("reminder without its «Đã đọc»: %+v", msg)
						}
					}
					if msg.Kind == coord.OutFiles && msg.Files[0].FileID == "ND219" {
						files++
						if w.code[msg.ChatID] != "ngoaivu" {
							t.Errorf("files sent again to %s, which had them", w.code[msg.ChatID])
						}
					}
				}
			}
		}
	}
	if got := strings.Join(reminded["yte"], " "); got != "05-04" {
		t.Errorf("health reminded on %q, want once on 05-04", got)
	}
	if got := strings.Join(reminded["ngoaivu"], " "); got != "05-06" {
		t.Errorf("foreign affairs reminded on %q, want once on 05-06, when it bound its group", got)
	}
	if len(reminded) != 2 || files != 1 {
		t.Errorf("reminded %v with %d file messages; want health and foreign affairs only (the police read it), files once", reminded, files)
	}
	// The counting scheduler ticks first each time, so it sends (and
	// counts) both reminders; the other finds them sent.
	if m.reminders["broadcast"] != 2 {
		t.Errorf("broadcast reminders counted %d, want 2 (%v)", m.reminders["broadcast"], m.reminders)
	}
}

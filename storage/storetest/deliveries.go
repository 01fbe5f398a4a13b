package storetest

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// Deliveries checks coord.Deliveries: one delivery per recipient, each
// acknowledged once.
func Deliveries(t *testing.T, f Factory) {
	ctx := context.Background()
	deliver := func(t *testing.T, s coord.Store, subID int64, agency string, mode coord.DeliveryMode) coord.Delivery {
		t.Helper()
		d := coord.Delivery{SubmissionID: subID, Agency: agency, Mode: mode, CreatedAt: t0}
		update(t, s, func(tx coord.Tx) error { return tx.CreateDelivery(ctx, &d) })
		return d
	}
	get := func(t *testing.T, s coord.Store, id int64) coord.Delivery {
		t.Helper()
		var d coord.Delivery
		view(t, s, func(tx coord.Tx) (err error) {
			d, err = tx.Delivery(ctx, id)
			return err
		})
		return d
	}
	deliveriesOf := func(t *testing.T, s coord.Store, subID int64) []coord.Delivery {
		t.Helper()
		var ds []coord.Delivery
		view(t, s, func(tx coord.Tx) (err error) {
			ds, err = tx.DeliveriesOf(ctx, subID)
			return err
		})
		return ds
	}
	ack := func(s coord.Store, id, by int64, at time.Time) error {
		return s.Update(ctx, func(tx coord.Tx) error { return tx.AckDelivery(ctx, id, by, at) })
	}
	report := func(t *testing.T, s coord.Store) int64 {
		t.Helper()
		return createSubmission(t, s, submission("8.1", agencyA, "2027-02", t0, "a.pdf")).ID
	}

	t.Run("creating deliveries gives each its own id", func(t *testing.T) {
		s := open(t, f)
		sub := report(t, s)
		a := deliver(t, s, sub, agencyB, coord.ToGroup)
		b := deliver(t, s, sub, agencyC, coord.ToOfficers)
		if a.ID == 0 || b.ID == 0 || a.ID == b.ID {
			t.Errorf("delivery ids %d, %d; want two distinct non-zero ids", a.ID, b.ID)
		}
	})

	t.Run("a delivery reads back unacknowledged, field by field", func(t *testing.T) {
		s := open(t, f)
		sub := report(t, s)
		d := deliver(t, s, sub, agencyB, coord.Unreachable)
		got := get(t, s, d.ID)
		if got.ID != d.ID || got.SubmissionID != sub || got.Agency != agencyB || got.Mode != coord.Unreachable {
			t.Errorf("delivery = %+v, want %+v", got, d)
		}
		sameTime(t, "CreatedAt", got.CreatedAt, t0)
		if got.AckedBy != nil || got.AckedAt != nil {
			t.Errorf("a new delivery reads back acknowledged: %v at %v", got.AckedBy, got.AckedAt)
		}
	})

	t.Run("an unknown delivery is not found", func(t *testing.T) {
		s := open(t, f)
		view(t, s, func(tx coord.Tx) error {
			_, err := tx.Delivery(ctx, 404)
			wantNotFound(t, "Delivery(404)", err)
			return nil
		})
	})

	t.Run("DeliveriesOf lists a submission's own deliveries in the order they were made", func(t *testing.T) {
		s := open(t, f)
		sub, other := report(t, s), report(t, s)
		c := deliver(t, s, sub, agencyC, coord.ToGroup)
		deliver(t, s, other, agencyB, coord.ToGroup)
		b := deliver(t, s, sub, agencyB, coord.ToOfficers)
		var ids []int64
		for _, d := range deliveriesOf(t, s, sub) {
			ids = append(ids, d.ID)
		}
		if !slices.Equal(ids, []int64{c.ID, b.ID}) {
			t.Errorf("DeliveriesOf = %v, want %v", ids, []int64{c.ID, b.ID})
		}
	})

	t.Run("a submission delivered nowhere has no deliveries", func(t *testing.T) {
		s := open(t, f)
		if ds := deliveriesOf(t, s, report(t, s)); len(ds) != 0 {
			t.Errorf("DeliveriesOf = %+v, want none", ds)
		}
	})

	t.Run("a second delivery of a submission to the same agency is refused", func(t *testing.T) {
		s := open(t, f)
		sub := report(t, s)
		deliver(t, s, sub, agencyB, coord.ToGroup)
		err := s.Update(ctx, func(tx coord.Tx) error {
			return tx.CreateDelivery(ctx, &coord.Delivery{SubmissionID: sub, Agency: agencyB, Mode: coord.ToOfficers, CreatedAt: t0})
		})
		if err == nil {
			t.Error("a second delivery to the same agency was stored")
		}
		if ds := deliveriesOf(t, s, sub); len(ds) != 1 || ds[0].Mode != coord.ToGroup {
			t.Errorf("deliveries = %+v, want the first one only", ds)
		}
	})

	t.Run("a redirected delivery reads back with its new mode", func(t *testing.T) {
		s := open(t, f)
		d := deliver(t, s, report(t, s), agencyB, coord.ToGroup)
		update(t, s, func(tx coord.Tx) error { return tx.RedirectDelivery(ctx, d.ID, coord.ToOfficers) })
		if got := get(t, s, d.ID); got.Mode != coord.ToOfficers || got.Agency != agencyB {
			t.Errorf("got %+v, want mode private", got)
		}
		wantNotFound(t, "RedirectDelivery(404)", s.Update(ctx, func(tx coord.Tx) error { return tx.RedirectDelivery(ctx, 404, coord.ToOfficers) }))
	})

	t.Run("acknowledging records who and when", func(t *testing.T) {
		s := open(t, f)
		d := deliver(t, s, report(t, s), agencyB, coord.ToGroup)
		if err := ack(s, d.ID, 6001, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		got := get(t, s, d.ID)
		if got.AckedBy == nil || *got.AckedBy != 6001 {
			t.Errorf("AckedBy = %v, want 6001", got.AckedBy)
		}
		sameTimePtr(t, "AckedAt", got.AckedAt, ptr(t0.Add(time.Hour)))
	})

	t.Run("a second acknowledgement is a conflict and keeps the first", func(t *testing.T) {
		s := open(t, f)
		d := deliver(t, s, report(t, s), agencyB, coord.ToGroup)
		if err := ack(s, d.ID, 6001, t0); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "second ack", ack(s, d.ID, 6002, t0.Add(time.Minute)), coord.EConflict)
		if got := get(t, s, d.ID); got.AckedBy == nil || *got.AckedBy != 6001 {
			t.Errorf("AckedBy after a second ack = %v, want 6001", got.AckedBy)
		}
	})

	t.Run("acknowledging one delivery leaves the others unacknowledged", func(t *testing.T) {
		s := open(t, f)
		sub := report(t, s)
		a := deliver(t, s, sub, agencyB, coord.ToGroup)
		b := deliver(t, s, sub, agencyC, coord.ToGroup)
		if err := ack(s, a.ID, 6001, t0); err != nil {
			t.Fatal(err)
		}
		if got := get(t, s, b.ID); got.AckedBy != nil {
			t.Errorf("the other delivery is acknowledged by %d", *got.AckedBy)
		}
	})

	t.Run("acknowledging an unknown delivery is not found", func(t *testing.T) {
		s := open(t, f)
		wantNotFound(t, "AckDelivery(404)", ack(s, 404, 6001, t0))
	})

	t.Run("of concurrent acknowledgements exactly one is recorded", func(t *testing.T) {
		s := open(t, f)
		d := deliver(t, s, report(t, s), agencyB, coord.ToGroup)
		const n = 6
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = ack(s, d.ID, int64(100+i), t0)
			}()
		}
		wg.Wait()
		wins := 0
		for i, err := range errs {
			switch {
			case err == nil:
				wins++
			case coord.ErrorCode(err) != coord.EConflict:
				t.Errorf("ack %d: %v, want a conflict", i, err)
			}
		}
		if wins != 1 {
			t.Errorf("%d of %d concurrent acks won, want 1", wins, n)
		}
	})
}

// Package storetest holds the conformance suites of the store interfaces of
// package coord: one suite per interface (Marks, People, Invites, Bindings,
// AuditLog, Submissions, Deliveries, Albums, Requests, Inspections, Notices, Meetings, Feedbacks, Outbox), one for the
// AuditLog, Submissions, Deliveries, Albums, Requests, Inspections, Notices, Meetings, Broadcasts, Outbox), one for the
// archiver's ArchiveStore, and store-level ones (transactions, settings,
// agencies, pruning). Each suite checks the documented contract of its
// interface through the interface alone, so any implementation can run it.
//
// An implementation runs every suite from one test of its own package:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) coord.Store {
//			s, err := mystore.Open(…) // a fresh, empty store
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { _ = s.Close() })
//			return s
//		})
//	}
//
// The factory is called once per test and must return an empty, migrated
// store; the suites sync the agencies they need (Store.SyncAgencies) before
// using it. A store may also implement AuditReader and OutboxInspector:
// the checks that need to read the audit log or a delivered outbox item back
// run only then, and are skipped otherwise.
//
// Suites never call a Store method from inside an Update or View, so they
// also run against stores that have a single connection (SQLite :memory:).
// Times are compared as instants, at whole seconds, so an implementation
// may return them in any location and at microsecond precision.
//
// A later issue that adds a table to the store adds its interface to
// coord.Tx (or Store) together with its suite here, called from Run, so
// that every implementation is held to it from the start.
package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// Factory returns a fresh, empty store for one test; it registers its own
// t.Cleanup to close it.
type Factory func(t *testing.T) coord.Store

// AuditReader is implemented by stores that can list their audit log,
// newest first (all of it when limit <= 0). The AuditLog suite reads the
// log back through it when the store offers it.
type AuditReader interface {
	AuditLog(ctx context.Context, limit int) ([]coord.AuditEntry, error)
}

// OutboxInspector is implemented by stores that can show an outbox item
// whatever its state ("pending", "sent" or "failed") with the message ids
// it produced. The Outbox suite checks scrubbing of delivered secrets
// through it when the store offers it.
type OutboxInspector interface {
	OutboxItemByKey(ctx context.Context, key string) (item coord.OutboxItem, state string, messageIDs []int, err error)
}

// Run runs every suite against the stores f makes.
func Run(t *testing.T, f Factory) {
	t.Run("Transactions", func(t *testing.T) { Transactions(t, f) })
	t.Run("Settings", func(t *testing.T) { Settings(t, f) })
	t.Run("Agencies", func(t *testing.T) { Agencies(t, f) })
	t.Run("Prune", func(t *testing.T) { Prune(t, f) })
	t.Run("Marks", func(t *testing.T) { Marks(t, f) })
	t.Run("People", func(t *testing.T) { People(t, f) })
	t.Run("Invites", func(t *testing.T) { Invites(t, f) })
	t.Run("Bindings", func(t *testing.T) { Bindings(t, f) })
	t.Run("AuditLog", func(t *testing.T) { AuditLog(t, f) })
	t.Run("Submissions", func(t *testing.T) { Submissions(t, f) })
	t.Run("Archive", func(t *testing.T) { Archive(t, f) })
	t.Run("Deliveries", func(t *testing.T) { Deliveries(t, f) })
	t.Run("Albums", func(t *testing.T) { Albums(t, f) })
	t.Run("Requests", func(t *testing.T) { Requests(t, f) })
	t.Run("Inspections", func(t *testing.T) { Inspections(t, f) })
	t.Run("Notices", func(t *testing.T) { Notices(t, f) })
	t.Run("Meetings", func(t *testing.T) { Meetings(t, f) })
	t.Run("Feedbacks", func(t *testing.T) { Feedbacks(t, f) })
	t.Run("Broadcasts", func(t *testing.T) { Broadcasts(t, f) })
	t.Run("Trainings", func(t *testing.T) { Trainings(t, f) })
	t.Run("Register", func(t *testing.T) { Register(t, f) })
	t.Run("RegisterAlerts", func(t *testing.T) { RegisterAlerts(t, f) })
	t.Run("Outbox", func(t *testing.T) { Outbox(t, f) })
}

// t0 is the suites' "now": a whole second, in a zone other than UTC, so a
// store that loses the instant when it changes the location is caught.
var t0 = time.Date(2027, time.March, 10, 9, 30, 0, 0, time.FixedZone("ICT", 7*3600))

// The agencies every store is opened with.
const (
	agencyA = "soldtbxh"
	agencyB = "ca-tinh"
	agencyC = "bqlkcn"
)

var testAgencies = []coord.Agency{
	{Code: agencyA, Name: "Sở LĐ-TB&XH", Kind: coord.KindDepartment, Coordinator: true},
	{Code: agencyB, Name: "Công an tỉnh", Kind: coord.KindPolice},
	{Code: agencyC, Name: "Ban Quản lý các KCN", Kind: coord.KindBoard},
}

// open makes a store with the test agencies synced.
func open(t *testing.T, f Factory) coord.Store {
	t.Helper()
	s := f(t)
	if err := s.SyncAgencies(context.Background(), testAgencies); err != nil {
		t.Fatalf("sync agencies: %v", err)
	}
	return s
}

// update runs fn in a write transaction and fails the test on error.
func update(t *testing.T, s coord.Store, fn func(tx coord.Tx) error) {
	t.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		t.Fatalf("update: %v", err)
	}
}

// view runs fn in a read transaction and fails the test on error.
func view(t *testing.T, s coord.Store, fn func(tx coord.Tx) error) {
	t.Helper()
	if err := s.View(context.Background(), fn); err != nil {
		t.Fatalf("view: %v", err)
	}
}

// errRollback is what a failing Update's fn returns.
var errRollback = errors.New("storetest: roll back")

// rolledBack runs fn in an Update that then fails, and checks that the
// Update returned fn's error.
func rolledBack(t *testing.T, s coord.Store, fn func(tx coord.Tx) error) {
	t.Helper()
	err := s.Update(context.Background(), func(tx coord.Tx) error {
		if err := fn(tx); err != nil {
			t.Errorf("inside the failing update: %v", err)
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatalf("failing update returned %v, want its fn's error", err)
	}
}

// wantCode checks that err carries code.
func wantCode(t *testing.T, what string, err error, code coord.Code) {
	t.Helper()
	if err == nil {
		t.Errorf("%s succeeded, want an error with code %s", what, code)
		return
	}
	if got := coord.ErrorCode(err); got != code {
		t.Errorf("%s: error %v has code %s, want %s", what, err, got, code)
	}
}

// wantNotFound checks that err is coord.ErrNotFound.
func wantNotFound(t *testing.T, what string, err error) {
	t.Helper()
	wantCode(t, what, err, coord.ENotFound)
	if err != nil && !errors.Is(err, coord.ErrNotFound) {
		t.Errorf("%s: error %v is not coord.ErrNotFound", what, err)
	}
}

// sameTime checks that got is the instant want.
func sameTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// sameTimePtr checks optional instants.
func sameTimePtr(t *testing.T, what string, got, want *time.Time) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		t.Errorf("%s = %v, want %v", what, got, want)
	default:
		sameTime(t, what, *got, *want)
	}
}

func ptr[T any](v T) *T { return &v }

package regimport_test

import (
	"context"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/testkit"
	"github.com/bacgiang/fwbot/regimport"
)

type rows [][]string

func (r rows) Each(fn func(sheet string, row int, cells []string) error) error {
	for i, c := range r {
		if err := fn("DS", i+1, c); err != nil {
			return err
		}
	}
	return nil
}

// TestImporterReadsEachVersionOnceItsFilesAreArchived: a version of a list
// report is not read while its file waits for the archive; once archived,
// Drain reads it (the submitter's message queued, the sender woken, the
// record kept) and a second Drain, as after a restart, reads nothing again.
func TestImporterReadsEachVersionOnceItsFilesAreArchived(t *testing.T) {
	cfg := testkit.Config(t)
	db := testkit.MemoryStore(t, cfg)
	w := testkit.Work(cfg)
	ctx := context.Background()
	now := time.Date(2027, 3, 2, 9, 0, 0, 0, cfg.Location)
	o, _ := cfg.Catalogue.Obligation("6.4")
	header := make([]string, len(o.List.Columns))
	row := make([]string, len(o.List.Columns))
	cells := map[string]string{"name": "KIM MIN JUN", "birth_date": "12/04/1985", "nationality": "Hàn Quốc", "passport": "M12345678",
		"number": "GP-1", "issued": "01/02/2027", "valid_to": "31/01/2029", "employer": "Công ty TNHH Sao Mai", "tax_code": "2400123456"}
	for i, c := range o.List.Columns {
		header[i], row[i] = c.Header, cells[c.Key]
	}
	sub := coord.Submission{Obligation: "6.4", Agency: "ldtbxh", Period: "2027-02", Kind: coord.WithFiles, SubmittedBy: 201, ChatID: 201, SubmittedAt: now,
		Files: []coord.SubmittedFile{{FileID: "F", FileUniqueID: "U", Name: "ds.xlsx", Size: 10}}}
	if err := db.Update(ctx, func(tx coord.Tx) error {
		if err := tx.PutUser(ctx, coord.User{TelegramID: 201, Agency: "ldtbxh", Role: coord.RoleOfficer, Lang: coord.LangVI, CreatedAt: now, UpdatedAt: now}); err != nil {
			return err
		}
		return tx.CreateSubmission(ctx, &sub)
	}); err != nil {
		t.Fatal(err)
	}
	var opened, notified int
	var records []coord.ImportRecord
	im, err := regimport.New(regimport.Options{Store: db, Work: w, Clock: coord.ClockFunc(func() time.Time { return now }),
		Open: func(coord.SubmittedFile) (coord.RowSource, func() error, error) {
			opened++
			return rows{header, row}, func() error { return nil }, nil
		},
		Notify:   func() { notified++ },
		OnImport: func(r coord.ImportRecord) { records = append(records, r) }})
	if err != nil {
		t.Fatal(err)
	}
	if n := im.Drain(ctx); n != 0 || opened != 0 {
		t.Fatalf("read %d versions (opened %d files) before the archive had the file", n, opened)
	}
	if err := db.MarkArchived(ctx, sub.Files[0].ID, "ab", 10, now); err != nil {
		t.Fatal(err)
	}
	if n := im.Drain(ctx); n != 1 || opened != 1 || notified != 1 {
		t.Fatalf("read %d, opened %d, notified %d; want 1 each", n, opened, notified)
	}
	if len(records) != 1 || records[0].State != coord.ImportDone || records[0].Entered != 1 {
		t.Errorf("records %+v", records)
	}
	if n := im.Drain(ctx); n != 0 || opened != 1 {
		t.Errorf("a second drain read %d versions again", n)
	}
	items, err := db.PendingOutbox(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	told := false
	for _, it := range items {
		told = told || (it.Msg.ChatID == 201 && len(it.Msg.Text) > 0 && it.Msg.Text[:4] == "📋")
	}
	if !told {
		t.Errorf("the submitter's message is not in the outbox: %+v", items)
	}
}

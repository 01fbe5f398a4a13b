package main

// Benchmarks of issue 15 item 7, the province register: importing a
// 100,000-row XLSX list (its peak resident memory, in a process of its own,
// and its time, against a bare excelize read of the same file in the same
// run); /find over a register of 200,000 people (p50 and p99, against a
// bare indexed lookup of one row by passport in the same database); the full cross-check
// run over that register (against the bare walk of the same rows).
// scripts/bench.sh runs them and writes BENCHMARKS.md; plain `go test`
// never runs them.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/testkit"
	"github.com/bacgiang/fwbot/storage/sqlite"
	"github.com/bacgiang/fwbot/work"
	"github.com/bacgiang/fwbot/xlsx"
)

const (
	importRows   = 100_000
	registerSize = 200_000
	findQueries  = 400
)

// benchList writes a 7.3 list of n rows as an office would: a title row
// above the header, text dates and serial dates, one row in a hundred with
// a mistake, a total row. It streams the workbook, so writing it does not
// hold it either.
func benchList(tb testing.TB, path string, n int) {
	tb.Helper()
	cfg := testkit.Config(tb)
	o, _ := cfg.Catalogue.Obligation("7.3")
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"DANH SÁCH NGƯỜI LAO ĐỘNG NƯỚC NGOÀI ĐƯỢC CẤP GIẤY PHÉP LAO ĐỘNG"}); err != nil {
		tb.Fatal(err)
	}
	header := make([]any, len(o.List.Columns))
	for i, c := range o.List.Columns {
		header[i] = c.Header
	}
	if err := sw.SetRow("A2", header); err != nil {
		tb.Fatal(err)
	}
	nations := []string{"Hàn Quốc", "Trung Quốc", "Nhật Bản", "Đài Loan", "Ấn Độ"}
	for r := 0; r < n; r++ {
		cells := map[string]any{"doc_type": "Cấp giấy phép lao động", "name": fmt.Sprintf("NGUOI LAO DONG %06d ", r),
			"birth_date": fmt.Sprintf("%02d/%02d/19%02d", 1+r%28, 1+r%12, 60+r%40), "sex": "Nam", "nationality": nations[r%len(nations)],
			"passport": fmt.Sprintf("P%07d", r), "number": fmt.Sprintf("BG-%06d", r), "issued": 45700 + r%300,
			"valid_to": "14/02/2029", "employer": fmt.Sprintf("Công ty TNHH số %d", r%500),
			"employer_kind": "Doanh nghiệp có vốn đầu tư nước ngoài", "tax_code": fmt.Sprintf("24%08d", r%500), "zone": "KCN Quang Châu"}
		if r%100 == 99 {
			cells["valid_to"] = "31/02/2029"
		}
		row := make([]any, len(o.List.Columns))
		for i, c := range o.List.Columns {
			row[i] = cells[c.Key]
		}
		ref, _ := excelize.CoordinatesToCellName(1, r+3)
		if err := sw.SetRow(ref, row); err != nil {
			tb.Fatal(err)
		}
	}
	ref, _ := excelize.CoordinatesToCellName(1, n+3)
	if err := sw.SetRow(ref, []any{"Tổng cộng", n}); err != nil {
		tb.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
}

var childFigures = regexp.MustCompile(`register-child seconds=([0-9.]+) hwm_kb=([0-9]+) rows=([0-9]+)`)

// BenchmarkRegisterImport: the import (xlsx.OpenList, work.ImportList into a
// SQLite file, the cross-checks after it) and the bare excelize read of
// the same 100,000-row file, each in a child process of its own so that
// its peak resident memory (VmHWM) is its own.
func BenchmarkRegisterImport(b *testing.B) {
	dir := b.TempDir()
	if d := os.Getenv("FWBOT_BENCH_DIR"); d != "" {
		dir = d
	}
	path := filepath.Join(dir, "list-100k.xlsx")
	if _, err := os.Stat(path); err != nil {
		benchList(b, path, importRows)
	}
	for _, mode := range []string{"import", "excelize"} {
		b.Run(mode, func(b *testing.B) {
			var secs, hwm float64
			for i := 0; i < b.N; i++ {
				cmd := exec.Command(os.Args[0], "-test.run=^TestRegisterImportChild$", "-test.v")
				cmd.Env = append(os.Environ(), "FWBOT_REGISTER_CHILD="+mode, "FWBOT_REGISTER_LIST="+path)
				out, err := cmd.CombinedOutput()
				if err != nil {
					b.Fatalf("child %s: %v\n%s", mode, err, out)
				}
				m := childFigures.FindSubmatch(out)
				if m == nil {
					b.Fatalf("child %s said no figures:\n%s", mode, out)
				}
				s, _ := strconv.ParseFloat(string(m[1]), 64)
				kb, _ := strconv.ParseFloat(string(m[2]), 64)
				rows, _ := strconv.Atoi(string(m[3]))
				if rows < importRows*98/100 {
					b.Fatalf("child %s read %d rows of %d", mode, rows, importRows)
				}
				secs += s
				hwm = max(hwm, kb/1024)
			}
			b.ReportMetric(secs/float64(b.N), "s/import")
			b.ReportMetric(hwm, "peak-MB")
		})
	}
}

// TestRegisterImportChild is BenchmarkRegisterImport's child: it does one
// thing and prints its time and peak memory. Without the variables it is
// skipped.
func TestRegisterImportChild(t *testing.T) {
	mode, path := os.Getenv("FWBOT_REGISTER_CHILD"), os.Getenv("FWBOT_REGISTER_LIST")
	if mode == "" {
		t.Skip("run by BenchmarkRegisterImport")
	}
	var rows int
	var took time.Duration
	switch mode {
	case "excelize":
		start := time.Now()
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		it, err := f.Rows(f.GetSheetList()[0])
		if err != nil {
			t.Fatal(err)
		}
		for it.Next() {
			if _, err := it.Columns(); err != nil {
				t.Fatal(err)
			}
			rows++
		}
		it.Close()
		f.Close()
		took = time.Since(start)
	case "import":
		cfg := testkit.Config(t)
		db := testkit.Store(t, cfg)
		s := testkit.Work(cfg)
		now := time.Date(2027, 3, 2, 9, 0, 0, 0, cfg.Location)
		ctx := context.Background()
		sub := coord.Submission{Obligation: "7.3", Agency: "bqlkcn", Period: "2027-02", Kind: coord.WithFiles, SubmittedBy: 204, ChatID: 204,
			SubmittedAt: now, Files: []coord.SubmittedFile{{FileID: "F", FileUniqueID: "U", Name: "ds.xlsx", Size: 1}}}
		if err := db.Update(ctx, func(tx coord.Tx) error { return tx.CreateSubmission(ctx, &sub) }); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkArchived(ctx, sub.Files[0].ID, strings.Repeat("a", 64), 1, now); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		var out work.ImportOut
		err := db.Update(ctx, func(tx coord.Tx) (err error) {
			out, err = s.ImportList(ctx, tx, now, sub.ID, func(coord.SubmittedFile) (coord.RowSource, func() error, error) {
				l, err := xlsx.OpenList(path, "ds.xlsx", t.TempDir())
				if err != nil {
					return nil, nil, err
				}
				return l, l.Close, nil
			})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		took = time.Since(start)
		rows = out.Record.Entered + out.Record.Rejected
		if out.Record.Rejected != importRows/100 {
			t.Errorf("rejected %d rows, want %d", out.Record.Rejected, importRows/100)
		}
	default:
		t.Fatalf("unknown child %q", mode)
	}
	fmt.Printf("register-child seconds=%.3f hwm_kb=%d rows=%d\n", took.Seconds(), peakKB(t), rows)
}

// peakKB is the process's peak resident size (VmHWM), in kB.
func peakKB(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// bigRegister is a register of registerSize people in a SQLite file: each
// with a work permit in 7.3, and every other one with a residence card in
// 8.8 (one in fifty of those without a valid permit that day), under 500
// employers of which 450 are in 11.2.
func bigRegister(b *testing.B) (*sqlite.DB, *work.Service, time.Time) {
	b.Helper()
	cfg := testkit.Config(b)
	db := testkit.Store(b, cfg)
	s := testkit.Work(cfg)
	now := time.Date(2027, 3, 2, 9, 0, 0, 0, cfg.Location)
	ctx := context.Background()
	d := func(y, m, day int) coord.Date { return coord.Date{Year: y, Month: time.Month(m), Day: day} }
	put := func(obligation, agency, period string, each func(add func(coord.Fact) error) error) {
		sub := coord.Submission{Obligation: obligation, Agency: agency, Period: period, Kind: coord.WithFiles, SubmittedBy: 1, ChatID: 1,
			SubmittedAt: now, Files: []coord.SubmittedFile{{FileID: "F" + obligation, FileUniqueID: "U" + obligation, Name: "ds.xlsx", Size: 1}}}
		err := db.Update(ctx, func(tx coord.Tx) error {
			if err := tx.CreateSubmission(ctx, &sub); err != nil {
				return err
			}
			_, err := tx.ReplaceFactsFrom(ctx, coord.FactSource{Submission: sub.ID, Obligation: obligation, Agency: agency, Period: period, Version: 1}, now, each)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	person := func(i int) *coord.PersonClaim {
		return &coord.PersonClaim{Passport: fmt.Sprintf("P%07d", i), Nationality: "Hàn Quốc", Name: fmt.Sprintf("NGUOI LAO DONG %06d", i), BirthDate: d(1980, 1+i%12, 1+i%28)}
	}
	employer := func(i int) *coord.Organisation {
		return &coord.Organisation{Kind: coord.OrgFDI, Name: fmt.Sprintf("Công ty TNHH số %d", i%500), TaxCode: fmt.Sprintf("24%08d", i%500)}
	}
	put("7.3", "bqlkcn", "2027-02", func(add func(coord.Fact) error) error {
		for i := 0; i < registerSize; i++ {
			f := coord.Fact{Person: person(i), Org: employer(i), Source: coord.FactSource{Sheet: "DS", Row: i + 3},
				Doc: &coord.Document{Kind: coord.DocWorkPermit, Number: fmt.Sprintf("BG-%06d", i), ValidFrom: d(2025, 6, 1), ValidTo: d(2029, 2, 14)}}
			if i%100 == 1 {
				f.Doc.ValidTo = d(2027, 1, 31) // expired: the card below is uncovered
			}
			if err := add(f); err != nil {
				return err
			}
		}
		return nil
	})
	put("8.8", "congan", "2027-Q1", func(add func(coord.Fact) error) error {
		for i := 1; i < registerSize; i += 2 {
			if err := add(coord.Fact{Person: person(i), Source: coord.FactSource{Sheet: "DS", Row: i + 2},
				Doc: &coord.Document{Kind: coord.DocResidenceCard, Number: fmt.Sprintf("TT-%06d", i), Purpose: "LĐ1", ValidFrom: d(2026, 1, 1), ValidTo: d(2027, 12, 31)}}); err != nil {
				return err
			}
		}
		return nil
	})
	put("11.2", "khdt", "2027-Q1", func(add func(coord.Fact) error) error {
		for i := 0; i < 450; i++ {
			if err := add(coord.Fact{Org: employer(i), Source: coord.FactSource{Sheet: "DS", Row: i + 2}}); err != nil {
				return err
			}
		}
		return nil
	})
	return db, s, now
}

// BenchmarkRegisterSearch: /find (work.Find in its write transaction, the
// audit row included) by passport, tax code and name over 200,000 people,
// and the bare indexed lookup of one register row by passport (the
// sub-benchmark keeps its first name, bare-by-id, which BENCHMARKS.md
// reads); p50 and p99 of each.
func BenchmarkRegisterSearch(b *testing.B) {
	db, s, now := bigRegister(b)
	ctx := context.Background()
	lan := work.Actor{ID: 201, Agency: "ldtbxh", Role: coord.RoleOfficer, Lang: coord.LangVI, Chat: 201}
	rng := rand.New(rand.NewPCG(1, 2))
	queries := map[string]func() string{
		"passport": func() string { return fmt.Sprintf("P%07d", rng.IntN(registerSize)) },
		"tax-code": func() string { return fmt.Sprintf("24%08d", rng.IntN(500)) },
		"name":     func() string { return fmt.Sprintf("nguoi lao dong %06d", rng.IntN(registerSize)) },
	}
	for _, kind := range []string{"passport", "tax-code", "name"} {
		b.Run(kind, func(b *testing.B) {
			var took []time.Duration
			for i := 0; i < b.N; i++ {
				for q := 0; q < findQueries; q++ {
					query := queries[kind]()
					start := time.Now()
					err := db.Update(ctx, func(tx coord.Tx) error {
						res, err := s.Find(ctx, tx, lan, now, query)
						if err == nil && res.Found == 0 {
							err = fmt.Errorf("nothing found for %q", query)
						}
						return err
					})
					took = append(took, time.Since(start))
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			reportPercentiles(b, took)
		})
	}
	b.Run("bare-by-id", func(b *testing.B) {
		var took []time.Duration
		for i := 0; i < b.N; i++ {
			for q := 0; q < findQueries; q++ {
				passport := fmt.Sprintf("P%07d", rng.IntN(registerSize))
				start := time.Now()
				err := db.View(ctx, func(tx coord.Tx) error {
					_, err := tx.Facts(ctx, coord.FactQuery{Passport: passport, Limit: 1})
					return err
				})
				took = append(took, time.Since(start))
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		reportPercentiles(b, took)
	})
}

func reportPercentiles(b *testing.B, took []time.Duration) {
	slices.Sort(took)
	at := func(p float64) float64 {
		return float64(took[min(len(took)-1, int(p*float64(len(took))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// BenchmarkRegisterCrossChecks: work.CrossChecks over the register of
// 200,000 people (300,450 rows), and the bare walk of the same rows.
func BenchmarkRegisterCrossChecks(b *testing.B) {
	db, s, now := bigRegister(b)
	ctx := context.Background()
	b.Run("checks", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var n int
			err := db.View(ctx, func(tx coord.Tx) error {
				f, err := s.CrossChecks(ctx, tx, coord.DateOf(now))
				n = len(f)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			if n < registerSize/200 {
				b.Fatalf("%d findings; the register has %d uncovered cards and 50 unlisted employers", n, registerSize/200)
			}
		}
	})
	b.Run("bare-walk", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			n := 0
			err := db.View(ctx, func(tx coord.Tx) error {
				return tx.EachFact(ctx, nil, func(coord.Fact) error { n++; return nil })
			})
			if err != nil {
				b.Fatal(err)
			}
			if n < registerSize {
				b.Fatalf("walked %d rows", n)
			}
		}
	})
}

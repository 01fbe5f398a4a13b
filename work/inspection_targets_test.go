package work_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/work"
)

var inspToday = coord.Date{Year: 2027, Month: time.March, Day: 1}

func TestParseTargets(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		csv := "\xef\xbb\xbfTên doanh nghiệp,Mã số thuế,Địa chỉ,Khu công nghiệp,Ngày dự kiến\n" +
			"Công ty TNHH Hồng Hải,0101234567,\"Việt Yên, Bắc Giang\",KCN Quang Châu,20/03/2027\n" +
			",,,,\n" +
			"Công ty CP Minh Anh,0107654321-001,Yên Dũng,,2027-04-02\n"
		got, problems := work.ParseTargetsCSV([]byte(csv), inspToday)
		if len(problems) > 0 {
			t.Fatalf("problems %v", problems)
		}
		if len(got) != 2 || got[0].Address != "Việt Yên, Bắc Giang" || got[0].Zone != "KCN Quang Châu" ||
			got[0].Planned != (coord.Date{Year: 2027, Month: 3, Day: 20}) || got[1].TaxCode != "0107654321-001" || got[1].State != coord.TargetPlanned {
			t.Errorf("targets %+v", got)
		}
	})
	t.Run("ErrBadRows", func(t *testing.T) {
		rows := [][]string{
			{"Tên doanh nghiệp", "Mã số thuế", "Địa chỉ", "Khu công nghiệp", "Ngày dự kiến"},
			{"Công ty A", "0101234567", "Việt Yên", "", "20/03/2027"},
			{"Công ty B", "0101234567", "Việt Yên", "", "20/03/2027"},
			{"Công ty C", "12ab", "Lạng Giang", "", "31/02/2027"},
			{"", "0109999999", "", "", "01/01/2026"},
		}
		got, problems := work.ParseTargets(rows, inspToday)
		if got != nil {
			t.Errorf("targets %+v made from a file with bad rows", got)
		}
		var lines []string
		for _, p := range problems {
			lines = append(lines, p.In(coord.LangVI))
		}
		all := strings.Join(lines, "\n")
		for _, want := range []string{
			"dòng 3: mã số thuế 0101234567 đã có ở dòng 2",
			"dòng 4: mã số thuế '12ab' không hợp lệ — 10 hoặc 13 chữ số",
			"dòng 4: ngày dự kiến '31/02/2027' không hợp lệ",
			"dòng 5: thiếu tên doanh nghiệp",
			"dòng 5: thiếu địa chỉ",
			"dòng 5: ngày dự kiến 01/01/2026 đã qua",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("problems lack %q:\n%s", want, all)
			}
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		if _, problems := work.ParseTargets([][]string{{"Tên doanh nghiệp", "Mã số thuế"}}, inspToday); len(problems) != 1 {
			t.Errorf("problems %v, want one (no employer)", problems)
		}
	})
}

// FuzzParseTargets: whatever the file, the parser returns targets or
// problems, never both, never panics, and every target it returns is
// complete.
func FuzzParseTargets(f *testing.F) {
	f.Add([]byte("Tên,MST,Địa chỉ,KCN,Ngày\nCông ty A,0101234567,Việt Yên,,20/03/2027\n"))
	f.Add([]byte("a;b;c\n\"x\";0101234567001;y;;46101\n"))
	f.Add([]byte("\"unterminated\n,,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, problems := work.ParseTargetsCSV(data, inspToday)
		if (got == nil) == (problems == nil) {
			t.Fatalf("targets %v and problems %v", got, problems)
		}
		if len(got) > work.MaxTargets {
			t.Fatalf("%d targets", len(got))
		}
		for _, tg := range got {
			if tg.Employer == "" || tg.Address == "" || tg.Planned.Before(inspToday) || (len(tg.TaxCode) != 10 && len(tg.TaxCode) != 14) {
				t.Fatalf("incomplete target %+v", tg)
			}
		}
		for _, p := range problems {
			_ = p.In(coord.LangVI)
			_ = p.In(coord.LangEN)
		}
	})
}

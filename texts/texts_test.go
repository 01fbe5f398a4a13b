package texts_test

import (
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/config"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/testkit"
	"github.com/bacgiang/fwbot/texts"
)

func load(t *testing.T) *config.Config { return testkit.Config(t) }

func deadline(t *testing.T, cfg *config.Config, ob, period string) (coord.Obligation, coord.Deadline) {
	t.Helper()
	o, ok := cfg.Catalogue.Obligation(ob)
	if !ok {
		t.Fatalf("no obligation %s", ob)
	}
	p, err := coord.ParsePeriod(period)
	if err != nil {
		t.Fatal(err)
	}
	dl, ok := cfg.Calendar.DeadlineOf(o, p)
	if !ok {
		t.Fatalf("no deadline for %s %s", ob, period)
	}
	return o, dl
}

// TestDeadline: the last on-time day of "trước ngày D" is D − 1, and an
// extension past non-working days is named beside it (hand-computed with the
// 2027 holidays of config.yaml: Tết from Thu 04/02 to Wed 10/02).
func TestDeadline(t *testing.T) {
	cfg := load(t)
	cases := []struct {
		ob, period string
		lang       coord.Lang
		want       string
		short      string
	}{
		// 6.4 for January: due 05/02; 04/02 … 10/02 are Tết and a weekend.
		{"6.4", "2027-01", coord.LangVI, "hạn cuối 04/02/2027 (được kéo dài đến hết 11/02/2027 vì trùng ngày nghỉ)",
			"hạn cuối 04/02/2027, kéo dài đến 11/02/2027"},
		{"6.4", "2027-01", coord.LangEN, "last day 04/02/2027 (extended to the end of 11/02/2027: the last day is a non-working day)",
			"last day 04/02/2027, extended to 11/02/2027"},
		// 7.3 for January: due Thu 28/01; Wed 27/01 is a working day.
		{"7.3", "2027-01", coord.LangVI, "hạn cuối 27/01/2027", "hạn cuối 27/01/2027"},
		// 6.4 for March: due Mon 05/04; Sun 04/04 moves to Mon 05/04.
		{"6.4", "2027-03", coord.LangVI, "hạn cuối 04/04/2027 (được kéo dài đến hết 05/04/2027 vì trùng ngày nghỉ)",
			"hạn cuối 04/04/2027, kéo dài đến 05/04/2027"},
	}
	for _, c := range cases {
		_, dl := deadline(t, cfg, c.ob, c.period)
		if got := texts.Deadline(dl, c.lang); got != c.want {
			t.Errorf("Deadline(%s %s, %s) = %q\nwant %q", c.ob, c.period, c.lang, got, c.want)
		}
		if got := texts.DeadlineShort(dl, c.lang); got != c.short {
			t.Errorf("DeadlineShort(%s %s, %s) = %q, want %q", c.ob, c.period, c.lang, got, c.short)
		}
	}
}

// TestBasis: "theo Quy chế" words only where the regulation sets the day.
func TestBasis(t *testing.T) {
	cfg := load(t)
	coordinator := cfg.Catalogue.Coordinator().Name
	o, _ := deadline(t, cfg, "8.8", "2027-Q1")
	got := texts.Basis(o, coordinator, coord.LangVI)
	if !strings.Contains(got, "không ấn định ngày") || !strings.Contains(got, coordinator) || strings.Contains(got, "Quy chế quy định") {
		t.Errorf("8.8's basis must say the coordinating agency set the day: %q", got)
	}
	o, _ = deadline(t, cfg, "6.4", "2027-01")
	if got := texts.Basis(o, coordinator, coord.LangVI); got != "Quy chế quy định: «trước ngày 05 hàng tháng»." {
		t.Errorf("6.4's basis = %q", got)
	}
	o, _ = deadline(t, cfg, "13.3", "2027-01")
	got = texts.Basis(o, coordinator, coord.LangVI)
	if !strings.Contains(got, "«trước ngày 05 hàng tháng (nếu có)»") || !strings.Contains(got, "không bị tính là trễ hạn") || !strings.Contains(got, "/nil 13.3") {
		t.Errorf("13.3's basis = %q", got)
	}
}

func TestPeriod(t *testing.T) {
	for _, c := range []struct {
		label string
		lang  coord.Lang
		want  string
	}{
		{"2027-01", coord.LangVI, "2027-01 (tháng 01/2027)"},
		{"2027-Q3", coord.LangVI, "2027-Q3 (quý III/2027)"},
		{"2027-Q3", coord.LangEN, "2027-Q3 (quarter III/2027)"},
		{"2027-H1", coord.LangVI, "2027-H1 (6 tháng đầu năm 2027)"},
		{"2027", coord.LangEN, "2027 (year 2027)"},
	} {
		p, err := coord.ParsePeriod(c.label)
		if err != nil {
			t.Fatal(err)
		}
		if got := texts.Period(p, c.lang); got != c.want {
			t.Errorf("Period(%s, %s) = %q, want %q", c.label, c.lang, got, c.want)
		}
	}
	if got := texts.Period(coord.Period{}, coord.LangVI); got != "báo cáo khi có thay đổi" {
		t.Errorf("no period = %q", got)
	}
	// Inline, an event-driven report reads as what it is, never "kỳ không theo kỳ".
	if got := texts.PeriodPhrase("", coord.LangVI); got != "báo cáo khi có thay đổi" {
		t.Errorf("PeriodPhrase(no period) = %q", got)
	}
	if got := texts.PeriodPhrase("2027-01", coord.LangVI); got != "kỳ 2027-01 (tháng 01/2027)" {
		t.Errorf("PeriodPhrase(2027-01) = %q", got)
	}
}

package coord

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func testAgencies() []Agency {
	return []Agency{
		{Code: "ldtbxh", Name: "Sở Lao động - Thương binh và Xã hội", Kind: KindDepartment, Coordinator: true},
		{Code: "congan", Name: "Công an tỉnh", Kind: KindPolice},
		{Code: "bo-ldtbxh", Name: "Bộ Lao động - Thương binh và Xã hội", Kind: KindExternal},
	}
}

func monthly() []Schedule {
	return []Schedule{{Cadence: Monthly, Due: DueRule{Day: 5, MonthsAfter: 1}}}
}

func TestNewCatalogueNamesTheBadKey(t *testing.T) {
	ok := Obligation{ID: "6.4", Title: "t", From: []string{"ldtbxh"}, To: []string{"congan"}, Schedules: monthly()}
	cases := []struct {
		name     string
		agencies []Agency
		obl      func(o *Obligation)
		want     string
	}{
		{"OK", testAgencies(), func(*Obligation) {}, ""},
		{"ErrUnknownRecipient", testAgencies(), func(o *Obligation) { o.To = []string{"congan", "ngoaivu"} }, `obligations[0] (6.4).to[1]: unknown agency "ngoaivu"`},
		{"ErrExternalResponsible", testAgencies(), func(o *Obligation) { o.From = []string{"bo-ldtbxh"} }, `.from[0]: external addressee`},
		{"ErrDuplicateRecipient", testAgencies(), func(o *Obligation) { o.To = []string{"congan", "congan"} }, `.to[1]: "congan" is listed twice`},
		{"ErrDueDay", testAgencies(), func(o *Obligation) { o.Schedules[0].Due.Day = 31 }, `schedules[0].due.day: 31 is out of range`},
		{"ErrUnknownInput", testAgencies(), func(o *Obligation) { o.Inputs = []string{"7.3"} }, `.inputs[0]: unknown obligation "7.3"`},
		{"ErrOnChangeMixed", testAgencies(), func(o *Obligation) { o.Schedules = append(o.Schedules, Schedule{Cadence: OnChange}) }, "on_change cannot be combined"},
		{"ErrDuplicateAgency", append(testAgencies(), Agency{Code: "congan", Name: "x", Kind: KindPolice}), func(*Obligation) {}, `agencies[3].code: duplicate agency code "congan"`},
		{"ErrReservedCode", append(testAgencies(), Agency{Code: "coord", Name: "x", Kind: KindBoard}), func(*Obligation) {}, `agencies[3].code: "coord" is reserved`},
		{"ErrTwoCoordinators", append(testAgencies(), Agency{Code: "yte", Name: "Sở Y tế", Kind: KindDepartment, Coordinator: true}), func(*Obligation) {}, "exactly one agency must have coordinator"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := ok
			o.Schedules = monthly()
			c.obl(&o)
			_, err := NewCatalogue(c.agencies, []Obligation{o})
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestCatalogueLookups(t *testing.T) {
	c, err := NewCatalogue(testAgencies(), []Obligation{{ID: "6.4", Title: "t", From: []string{"ldtbxh"}, To: []string{"congan"}, Schedules: monthly()}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Coordinator().Code != "ldtbxh" {
		t.Errorf("coordinator %q", c.Coordinator().Code)
	}
	if got := c.ObligationsOf("ldtbxh"); len(got) != 1 || got[0].ID != "6.4" {
		t.Errorf("ObligationsOf(ldtbxh) = %v", got)
	}
	if got := c.ObligationsOf("congan"); len(got) != 0 {
		t.Errorf("a recipient is not responsible: %v", got)
	}
	codes := strings.Join(c.BindableCodes(), ",")
	if codes != "bo-ldtbxh,congan,coord,ldtbxh" {
		t.Errorf("BindableCodes = %s", codes)
	}
}

func TestDates(t *testing.T) {
	d, err := ParseDate("2028-02-28")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.AddDays(1).String(); got != "2028-02-29" {
		t.Errorf("leap day: %s", got)
	}
	if got := d.AddDays(2).VN(); got != "01/03/2028" {
		t.Errorf("VN: %s", got)
	}
	if _, err := ParseDate("2027-02-29"); err == nil {
		t.Error("2027-02-29 accepted")
	}
	if got := (Date{2026, 12, 31}).AddDays(1); got != (Date{2027, 1, 1}) {
		t.Errorf("year end: %v", got)
	}
	loc := time.FixedZone("ICT", 7*3600)
	if got := (Date{2027, 2, 5}).At(loc).Format(time.RFC3339); got != "2027-02-05T00:00:00+07:00" {
		t.Errorf("At: %s", got)
	}
	if !(Date{2027, 1, 31}).Before(Date{2027, 2, 1}) || (Date{2027, 2, 1}).Before(Date{2027, 2, 1}) {
		t.Error("Before")
	}
}

func TestWorkCalendar(t *testing.T) {
	c := &WorkCalendar{
		Holidays:         map[Date]string{{2027, 4, 30}: "Ngày Giải phóng miền Nam"},
		ExtraWorkingDays: map[Date]string{{2027, 5, 8}: "làm bù"},
	}
	for d, want := range map[Date]bool{
		{2027, 4, 29}: true,  // Thursday
		{2027, 4, 30}: false, // holiday
		{2027, 5, 1}:  false, // Saturday
		{2027, 5, 2}:  false, // Sunday
		{2027, 5, 8}:  true,  // make-up Saturday
	} {
		if got := c.IsWorkingDay(d); got != want {
			t.Errorf("IsWorkingDay(%v) = %v", d, got)
		}
	}
	for d, want := range map[Date]Date{
		{2027, 4, 29}: {2027, 4, 29}, // a working day is its own
		{2027, 4, 30}: {2027, 5, 3},  // holiday, weekend: Monday
		{2027, 5, 8}:  {2027, 5, 8},  // make-up Saturday
	} {
		if got := c.NextWorkingDay(d); got != want {
			t.Errorf("NextWorkingDay(%v) = %v, want %v", d, got, want)
		}
	}
	// From Thursday 29/4: Mon 3, Tue 4 … Fri 7, then the make-up Saturday 8.
	if got := c.AddWorkingDays(Date{2027, 4, 29}, 6); got != (Date{2027, 5, 8}) {
		t.Errorf("AddWorkingDays(29/4, 6) = %v, want 2027-05-08", got)
	}
	if got := c.AddWorkingDays(Date{2027, 4, 29}, 0); got != (Date{2027, 4, 29}) {
		t.Errorf("AddWorkingDays(29/4, 0) = %v", got)
	}
	if got := c.WorkingDaysBetween(Date{2027, 4, 29}, Date{2027, 5, 8}); got != 6 {
		t.Errorf("WorkingDaysBetween(29/4, 8/5) = %d, want 6", got)
	}
	if got := c.WorkingDaysBetween(Date{2027, 5, 8}, Date{2027, 4, 29}); got != 0 {
		t.Errorf("WorkingDaysBetween backwards = %d, want 0", got)
	}
}

func TestSplitText(t *testing.T) {
	line := strings.Repeat("Báo cáo tình hình lao động nước ngoài. ", 10) + "\n"
	text := strings.Repeat(line, 30)
	parts := SplitText(text, MaxTextLen)
	if len(parts) < 2 {
		t.Fatalf("%d parts", len(parts))
	}
	total := 0
	for _, p := range parts {
		if n := utf8.RuneCountInString(p); n > MaxTextLen {
			t.Errorf("part of %d runes", n)
		}
		if !utf8.ValidString(p) {
			t.Error("a part cuts a character in two")
		}
		total += utf8.RuneCountInString(p)
	}
	if total+len(parts)-1 != utf8.RuneCountInString(text) {
		t.Errorf("text lost in splitting: %d of %d runes", total, utf8.RuneCountInString(text))
	}
	if got := SplitText("ngắn", 10); len(got) != 1 || got[0] != "ngắn" {
		t.Errorf("short text: %v", got)
	}
	if got := SplitText(strings.Repeat("ă", 25), 10); len(got) != 3 {
		t.Errorf("no line breaks: %v", got)
	}
}

func TestRoles(t *testing.T) {
	if !RoleAdmin.AtLeast(RoleLead) || RoleOfficer.AtLeast(RoleLead) || Role("").AtLeast(RoleOfficer) {
		t.Error("role order")
	}
	if _, ok := ParseRole("boss"); ok {
		t.Error("unknown role parsed")
	}
}

func TestPeriodStateJudgedAt(t *testing.T) {
	t1 := time.Date(2027, 2, 3, 9, 0, 0, 0, time.UTC)
	t2, t3 := t1.Add(24*time.Hour), t1.Add(48*time.Hour)
	cases := []struct {
		name     string
		versions []Submission
		want     time.Time
	}{
		{"None", nil, time.Time{}},
		{"FirstVersionCounts", []Submission{{SubmittedAt: t1}, {SubmittedAt: t2}}, t1},
		{"ReplacementCounts", []Submission{{SubmittedAt: t1}, {SubmittedAt: t2, ReplacesWrong: true}, {SubmittedAt: t3}}, t2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := (PeriodState{Versions: c.versions}).JudgedAt(); !got.Equal(c.want) {
				t.Fatalf("JudgedAt = %v, want %v", got, c.want)
			}
		})
	}
}

func TestRequestRef(t *testing.T) {
	if id, ok := RequestOfRef(RequestRef(42)); !ok || id != 42 {
		t.Errorf("RequestOfRef(RequestRef(42)) = %d, %v", id, ok)
	}
	for _, ref := range []string{"", "request:", "request:x", "request:0", "submission:42", "request:-1"} {
		if id, ok := RequestOfRef(ref); ok {
			t.Errorf("RequestOfRef(%q) = %d, true; want not a request", ref, id)
		}
	}
}

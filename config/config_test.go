package config

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

const repoConfig = "../config.yaml"

// env is a getenv over a fixed map, so that tests never see the real
// environment.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func loadRepo(t *testing.T, vars map[string]string) *Config {
	t.Helper()
	c, err := Load(repoConfig, env(vars))
	if err != nil {
		t.Fatalf("Load(%s): %v", repoConfig, err)
	}
	return c
}

func repoText(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(repoConfig)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

var districts = []string{
	"ubnd-tpbacgiang", "ubnd-yenthe", "ubnd-tanyen", "ubnd-langgiang", "ubnd-lucnam",
	"ubnd-lucngan", "ubnd-sondong", "ubnd-yendung", "ubnd-vietyen", "ubnd-hiephoa",
}

func TestLoadRepoConfig(t *testing.T) {
	c := loadRepo(t, nil)
	cat := c.Catalogue

	if got := len(cat.Agencies); got != 22 {
		t.Errorf("agencies: got %d, want 22", got)
	}
	var coordinators []string
	for _, a := range cat.Agencies {
		if a.Coordinator {
			coordinators = append(coordinators, a.Code)
		}
	}
	if !slices.Equal(coordinators, []string{"ldtbxh"}) {
		t.Errorf("coordinators: got %v, want [ldtbxh]", coordinators)
	}
	if got := len(cat.Obligations); got != 13 {
		t.Errorf("obligations: got %d, want 13", got)
	}

	mustObligation := func(id string) coord.Obligation {
		t.Helper()
		o, ok := cat.Obligation(id)
		if !ok {
			t.Fatalf("obligation %s missing", id)
		}
		return o
	}
	if got := mustObligation("16.4").From; !slices.Equal(got, districts) {
		t.Errorf("16.4 from: got %v, want the ten districts %v", got, districts)
	}
	if !mustObligation("13.3").NilAllowed {
		t.Error("13.3 must allow a nil report (nếu có)")
	}
	if !mustObligation("12.3").EventDriven() {
		t.Error("12.3 must be event-driven")
	}
	if got, want := mustObligation("6.6").Inputs, []string{"7.5", "10.3", "14.3", "16.4"}; !slices.Equal(got, want) {
		t.Errorf("6.6 inputs: got %v, want %v", got, want)
	}
	if got := mustObligation("6.4").Inputs; !slices.Equal(got, []string{"7.3"}) {
		t.Errorf("6.4 inputs: got %v, want [7.3]", got)
	}
	for _, o := range cat.Obligations {
		if o.NilAllowed != (o.ID == "13.3") {
			t.Errorf("%s nil_allowed = %v; only 13.3 allows a nil report", o.ID, o.NilAllowed)
		}
		if o.DueSetByCoordinator != (o.ID == "8.8") {
			t.Errorf("%s due_set_by_coordinator = %v; only 8.8's day is set by the coordinator", o.ID, o.DueSetByCoordinator)
		}
		if o.Regulation == "" {
			t.Errorf("%s has no regulation text", o.ID)
		}
	}

	for _, year := range []int{2026, 2027, 2028} {
		n := 0
		for d := range c.Calendar.Holidays {
			if d.Year == year {
				n++
			}
		}
		if n == 0 {
			t.Errorf("no holidays for %d", year)
		}
	}
	if got, want := c.Calendar.Provisional, map[int]bool{2027: true, 2028: true}; !maps.Equal(got, want) {
		t.Errorf("calendar.provisional_years: got %v, want %v", got, want)
	}
	if !c.Calendar.ExtendPastNonWorkingDays {
		t.Error("calendar.extend_past_non_working_days: want true (BLDS 2015 Điều 148.5)")
	}
	if c.Calendar.Location == nil || c.Calendar.Location.String() != "Asia/Ho_Chi_Minh" {
		t.Errorf("calendar location: got %v", c.Calendar.Location)
	}
	if got := c.Reminders.BeforeDays; !slices.Equal(got, []int{7, 3, 1, 0}) {
		t.Errorf("reminders.before_days: got %v, want [7 3 1 0]", got)
	}
	if got := c.Reminders.Time; got != (TimeOfDay{8, 0}) {
		t.Errorf("reminders.time: got %v, want 08:00", got)
	}
	if got := c.Backup; got.Dir != "" || got.Time != (TimeOfDay{2, 0}) || got.Keep != 7 {
		t.Errorf("backup: got %+v, want off, 02:00, keep 7", got)
	}
	if got := time.Weekday(c.Digests.Weekly.Weekday); got != time.Monday {
		t.Errorf("digests.weekly.weekday: got %v, want Monday", got)
	}
	if c.Telegram.Token != "" || len(c.AdminIDs) != 0 || c.Redis.Addr != "" {
		t.Error("the repository's config must carry no token, no admin ids and no Redis address")
	}
	if got := c.Storage.MaxFileSize(); got != 20<<20 {
		t.Errorf("MaxFileSize: got %d, want %d", got, 20<<20)
	}
}

// The names are those of spec §1, with their diacritics: officers read them
// in every reply, and a name typed without its accents looks careless.
func TestRepoConfigAgencyNames(t *testing.T) {
	want := []struct {
		code, name string
		kind       coord.AgencyKind
	}{
		{"ldtbxh", "Sở Lao động - Thương binh và Xã hội", coord.KindDepartment},
		{"bqlkcn", "Ban Quản lý các khu công nghiệp tỉnh", coord.KindBoard},
		{"congan", "Công an tỉnh", coord.KindPolice},
		{"ngoaivu", "Sở Ngoại vụ", coord.KindDepartment},
		{"tuphap", "Sở Tư pháp", coord.KindDepartment},
		{"yte", "Sở Y tế", coord.KindDepartment},
		{"congthuong", "Sở Công Thương", coord.KindDepartment},
		{"gddt", "Sở Giáo dục và Đào tạo", coord.KindDepartment},
		{"khdt", "Sở Kế hoạch và Đầu tư", coord.KindDepartment},
		{"xaydung", "Sở Xây dựng", coord.KindDepartment},
		{"ubnd-tpbacgiang", "UBND thành phố Bắc Giang", coord.KindDistrict},
		{"ubnd-yenthe", "UBND huyện Yên Thế", coord.KindDistrict},
		{"ubnd-tanyen", "UBND huyện Tân Yên", coord.KindDistrict},
		{"ubnd-langgiang", "UBND huyện Lạng Giang", coord.KindDistrict},
		{"ubnd-lucnam", "UBND huyện Lục Nam", coord.KindDistrict},
		{"ubnd-lucngan", "UBND huyện Lục Ngạn", coord.KindDistrict},
		{"ubnd-sondong", "UBND huyện Sơn Động", coord.KindDistrict},
		{"ubnd-yendung", "UBND huyện Yên Dũng", coord.KindDistrict},
		{"ubnd-vietyen", "UBND huyện Việt Yên", coord.KindDistrict},
		{"ubnd-hiephoa", "UBND huyện Hiệp Hòa", coord.KindDistrict},
		{"bo-ldtbxh", "Bộ Lao động - Thương binh và Xã hội", coord.KindExternal},
		{"ubnd-tinh", "Ủy ban nhân dân tỉnh", coord.KindExternal},
	}
	agencies := loadRepo(t, nil).Catalogue.Agencies
	if len(agencies) != len(want) {
		t.Fatalf("got %d agencies, want %d", len(agencies), len(want))
	}
	for i, w := range want {
		a := agencies[i]
		if a.Code != w.code || a.Name != w.name || a.Kind != w.kind {
			t.Errorf("agencies[%d]: got {%s %q %s}, want {%s %q %s}", i, a.Code, a.Name, a.Kind, w.code, w.name, w.kind)
		}
	}
}

// The due rules encode spec §2's deadline table; a slip here moves every
// deadline of an obligation.
func TestRepoConfigObligations(t *testing.T) {
	due := func(c coord.Cadence, day, after int) coord.Schedule {
		return coord.Schedule{Cadence: c, Due: coord.DueRule{Day: day, MonthsAfter: after}}
	}
	halfAndYear := func(day int) []coord.Schedule {
		return []coord.Schedule{due(coord.HalfYear1, day, 1), due(coord.Yearly, day, 1)}
	}
	quarterly := []coord.Schedule{due(coord.Quarterly, 5, 1)}
	want := []struct {
		id        string
		from, to  []string
		schedules []coord.Schedule
	}{
		{"6.4", []string{"ldtbxh"}, []string{"congan", "ngoaivu"}, []coord.Schedule{due(coord.Monthly, 5, 1)}},
		{"6.6", []string{"ldtbxh"}, []string{"bo-ldtbxh", "ubnd-tinh"}, halfAndYear(15)},
		{"7.3", []string{"bqlkcn"}, []string{"ldtbxh"}, []coord.Schedule{due(coord.Monthly, 28, 0)}},
		{"7.5", []string{"bqlkcn"}, []string{"ldtbxh"}, halfAndYear(10)},
		{"8.8", []string{"congan"}, []string{"ldtbxh", "ngoaivu", "bqlkcn"}, quarterly},
		{"9.4", []string{"ngoaivu"}, []string{"ldtbxh", "bqlkcn", "congan"}, quarterly},
		{"10.3", []string{"tuphap"}, []string{"ldtbxh"}, halfAndYear(10)},
		{"11.2", []string{"khdt"}, []string{"ldtbxh", "congan"}, quarterly},
		{"12.3", []string{"yte"}, []string{"ldtbxh", "bqlkcn"}, []coord.Schedule{{Cadence: coord.OnChange}}},
		{"13.3", []string{"congthuong"}, []string{"ldtbxh", "congan"}, []coord.Schedule{due(coord.Monthly, 5, 1)}},
		{"14.3", []string{"gddt"}, []string{"ldtbxh", "congan"}, halfAndYear(10)},
		{"15.2", []string{"xaydung"}, []string{"ldtbxh", "bqlkcn"}, quarterly},
		{"16.4", districts, []string{"ldtbxh"}, halfAndYear(10)},
	}
	obligations := loadRepo(t, nil).Catalogue.Obligations
	if len(obligations) != len(want) {
		t.Fatalf("got %d obligations, want %d", len(obligations), len(want))
	}
	for i, w := range want {
		o := obligations[i]
		if o.ID != w.id || !slices.Equal(o.From, w.from) || !slices.Equal(o.To, w.to) || !reflect.DeepEqual(o.Schedules, w.schedules) {
			t.Errorf("obligations[%d]:\n got %s from %v to %v %+v\nwant %s from %v to %v %+v",
				i, o.ID, o.From, o.To, o.Schedules, w.id, w.from, w.to, w.schedules)
		}
		if o.Title == "" || o.Content == "" {
			t.Errorf("%s: empty title or content", o.ID)
		}
	}
}

// Only weekdays are listed (weekends are days off anyway), and each listed
// date must be the one announced; a typo would silently move deadlines.
func TestRepoConfigHolidays(t *testing.T) {
	want := []string{
		"2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
		"2026-04-27", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02",
		"2027-01-01", "2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10",
		"2027-04-16", "2027-04-30", "2027-05-03", "2027-09-02", "2027-09-03",
		"2028-01-03", "2028-01-24", "2028-01-25", "2028-01-26", "2028-01-27", "2028-01-28",
		"2028-04-04", "2028-05-01", "2028-05-02", "2028-09-01", "2028-09-04",
	}
	cal := loadRepo(t, nil).Calendar
	var got []string
	for d, name := range cal.Holidays {
		got = append(got, d.String())
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("holiday %s (%s) falls on a %s", d, name, wd)
		}
		if cal.IsWorkingDay(d) {
			t.Errorf("holiday %s is a working day", d)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("holidays:\n got %v\nwant %v", got, want)
	}
	var extra []string
	for d, name := range cal.ExtraWorkingDays {
		extra = append(extra, d.String())
		if !cal.IsWorkingDay(d) {
			t.Errorf("make-up day %s (%s) is not a working day", d, name)
		}
	}
	slices.Sort(extra)
	if want := []string{"2026-01-10"}; !slices.Equal(extra, want) {
		t.Errorf("extra working days:\n got %v\nwant %v", extra, want)
	}
	if name := cal.Holidays[coord.Date{Year: 2026, Month: time.January, Day: 2}]; !strings.Contains(name, "12729/VPCP-KGVX") {
		t.Errorf("2026-01-02: got %q, want the swap of Văn bản 12729/VPCP-KGVX", name)
	}
	if name := cal.Holidays[coord.Date{Year: 2026, Month: time.April, Day: 27}]; !strings.HasPrefix(name, "Giỗ Tổ Hùng Vương") {
		t.Errorf("2026-04-27: got %q, want Giỗ Tổ Hùng Vương", name)
	}
}

// minimal is the smallest valid configuration: a catalogue and nothing else.
const minimal = `
agencies:
  - {code: a, name: A, kind: department, coordinator: true}
  - {code: b, name: B, kind: district}
obligations:
  - id: "1.1"
    title: T
    from: [b]
    to: [a]
    schedules: [{cadence: monthly, due: {day: 5, months_after: 1}}]
`

// The repository's config.yaml spells out the spec's defaults; a file that
// leaves the keys out must get the same settings.
func TestDefaultsMatchRepoConfig(t *testing.T) {
	c, err := Parse([]byte(minimal), "minimal.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	repo := loadRepo(t, nil)
	if !c.Calendar.ExtendPastNonWorkingDays {
		t.Error("calendar.extend_past_non_working_days: want true by default")
	}
	settings := func(c *Config) Config {
		s := *c
		s.Location, s.Catalogue, s.Calendar = nil, nil, nil
		s.Notices = coord.NoticeConfig{}                // names agencies minimal lacks: TestNoticesDefaults
		s.Register.Search, s.Register.Access = nil, nil // likewise: TestRegisterSearch
		if len(s.AdminIDs) == 0 {
			s.AdminIDs = nil // [] in the file, absent in minimal
		}
		return s
	}
	if got, want := settings(c), settings(repo); !reflect.DeepEqual(got, want) {
		t.Errorf("defaults differ from config.yaml:\n got %#v\nwant %#v", got, want)
	}
}

// The notices: section of config.yaml spells out the defaults too: the
// repository's file without it must give the same recipients, and a
// province lacking the default agencies gets its coordinator instead.
// TestRegisterSearch: the shipped search rules, the coordinator's default
// when the key is absent, and the codes checked against the catalogue.
func TestRegisterSearch(t *testing.T) {
	repo := loadRepo(t, nil)
	if all, _, ok := repo.Register.Access.Lists("congan"); !ok || !all {
		t.Errorf("congan: %v", repo.Register.Access)
	}
	if all, lists, ok := repo.Register.Access.Lists("bqlkcn"); !ok || all || !slices.Contains(lists, "7.3") || slices.Contains(lists, "8.8") {
		t.Errorf("bqlkcn may search %v (all %v)", lists, all)
	}
	if _, _, ok := repo.Register.Access.Lists("yte"); ok {
		t.Error("yte, not named, may search")
	}
	c, err := Parse([]byte(minimal), "minimal.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	coordinator := c.Catalogue.Coordinator().Code
	if all, _, ok := c.Register.Access.Lists(coordinator); !ok || !all || len(c.Register.Access) != 1 {
		t.Errorf("without register.search: %v, want the coordinator alone, every list", c.Register.Access)
	}
	_, err = Parse([]byte(minimal+"register:\n  search:\n    nosuch: [all]\n    "+coordinator+": [\"99.9\"]\n"), "bad.yaml", nil)
	for _, want := range []string{`register.search.nosuch: there is no agency with code "nosuch"`, `register.search.` + coordinator + `: there is no report "99.9"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want %q", err, want)
		}
	}
}

func TestNoticesDefaults(t *testing.T) {
	text := repoText(t)
	start, end := strings.Index(text, "notices:\n"), strings.Index(text, "# Digests posted")
	if start < 0 || end < start {
		t.Fatal("config.yaml has no notices: section before the digests")
	}
	without, err := Parse([]byte(text[:start]+text[end:]), "config.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	repo := loadRepo(t, nil)
	if !reflect.DeepEqual(without.Notices, repo.Notices) {
		t.Errorf("defaults differ from config.yaml notices:\n got %#v\nwant %#v", without.Notices, repo.Notices)
	}
	if k, ok := repo.Notices.Kind("residence"); !ok || !slices.Equal(k.To, []string{"congan", "ldtbxh"}) {
		t.Errorf("residence kind: got %+v, %v", k, ok)
	}
	small, err := Parse([]byte(minimal), "minimal.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range small.Notices.Kinds {
		if !slices.Equal(k.To, []string{"a"}) {
			t.Errorf("minimal config, kind %s: to %v, want the coordinator [a]", k.Code, k.To)
		}
	}
	if len(small.Notices.ZoneRecipients) != 0 {
		t.Errorf("minimal config: zone recipients %v, want none (it has no bqlkcn)", small.Notices.ZoneRecipients)
	}
	custom, err := Parse([]byte(minimal+`
notices:
  kinds:
    - {code: Fine, vi: "Phạt", to: [b]}
  remind_after_working_days: 4
`), "custom.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if k, ok := custom.Notices.Kind("fine"); len(custom.Notices.Kinds) != 1 || !ok || k.Code != "fine" || !slices.Equal(k.To, []string{"b"}) || custom.Notices.RemindAfterWorkingDays != 4 {
		t.Errorf("custom notices: got %+v", custom.Notices)
	}
}

func TestEnvOverrides(t *testing.T) {
	tests := []struct {
		name  string
		vars  map[string]string
		check func(*Config) bool
	}{
		{"TELEGRAM_BOT_TOKEN", map[string]string{"TELEGRAM_BOT_TOKEN": " 123:abc\n"},
			func(c *Config) bool { return c.Telegram.Token.Reveal() == "123:abc" }},
		{"TELEGRAM_API_ENDPOINT", map[string]string{"TELEGRAM_API_ENDPOINT": "http://localhost:8081/"},
			func(c *Config) bool { return c.Telegram.APIEndpoint == "http://localhost:8081" }},
		{"REDIS_ADDR", map[string]string{"REDIS_ADDR": "127.0.0.1:6379"},
			func(c *Config) bool { return c.Redis.Addr == "127.0.0.1:6379" }},
		{"REDIS_ADDR_URL", map[string]string{"REDIS_ADDR": "redis://:pw@redis:6379/0"},
			func(c *Config) bool { return c.Redis.Addr == "redis://:pw@redis:6379/0" }},
		{"REDIS_ADDR_Empty", map[string]string{"REDIS_ADDR": ""},
			func(c *Config) bool { return c.Redis.Addr == "" }},
		{"BOT_DB_PATH", map[string]string{"BOT_DB_PATH": "/var/lib/fwbot/fwbot.db"},
			func(c *Config) bool { return c.Storage.DBPath == "/var/lib/fwbot/fwbot.db" }},
		{"BOT_FILES_DIR", map[string]string{"BOT_FILES_DIR": "/var/lib/fwbot/files"},
			func(c *Config) bool { return c.Storage.FilesDir == "/var/lib/fwbot/files" }},
		{"BOT_BACKUP_DIR", map[string]string{"BOT_BACKUP_DIR": "/srv/backup/fwbot"},
			func(c *Config) bool { return c.Backup.Dir == "/srv/backup/fwbot" }},
		{"BOT_ADMIN_IDS", map[string]string{"BOT_ADMIN_IDS": " 111, 222 ,333,"},
			func(c *Config) bool { return slices.Equal(c.AdminIDs, []int64{111, 222, 333}) }},
		{"BOT_METRICS_LISTEN", map[string]string{"BOT_METRICS_LISTEN": " 0.0.0.0:9100\n"},
			func(c *Config) bool { return c.Metrics.Listen == "0.0.0.0:9100" && c.Metrics.Enabled() }},
		{"BOT_METRICS_LISTEN_Off", map[string]string{"BOT_METRICS_LISTEN": "OFF"},
			func(c *Config) bool { return c.Metrics.Listen == MetricsOff && !c.Metrics.Enabled() }},
		{"Blank", map[string]string{"BOT_DB_PATH": "  ", "BOT_ADMIN_IDS": ""},
			func(c *Config) bool { return c.Storage.DBPath == "data/fwbot.db" && len(c.AdminIDs) == 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c := loadRepo(t, tt.vars); !tt.check(c) {
				t.Errorf("override not applied: %v", c)
			}
		})
	}

	t.Run("EnvWinsOverFile", func(t *testing.T) {
		text := strings.Replace(repoText(t), "  poll_timeout: 50s\n", "  poll_timeout: 50s\n  token: \"999:fromfile\"\n", 1)
		text = strings.Replace(text, "admin_ids: []", "admin_ids: [5, 6]", 1)
		c, err := Parse([]byte(text), "config.yaml", env(map[string]string{"TELEGRAM_BOT_TOKEN": "123:fromenv", "BOT_ADMIN_IDS": "7"}))
		if err != nil {
			t.Fatal(err)
		}
		if c.Telegram.Token.Reveal() != "123:fromenv" || !slices.Equal(c.AdminIDs, []int64{7}) {
			t.Errorf("got token %q, admin ids %v; want the environment's", c.Telegram.Token.Reveal(), c.AdminIDs)
		}
		c, err = Parse([]byte(text), "config.yaml", nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.Telegram.Token.Reveal() != "999:fromfile" || !slices.Equal(c.AdminIDs, []int64{5, 6}) {
			t.Errorf("got token %q, admin ids %v; want the file's", c.Telegram.Token.Reveal(), c.AdminIDs)
		}
	})
}

func TestBadConfigs(t *testing.T) {
	tests := []struct {
		name     string
		old, new string            // an edit of the repository's config.yaml; old must occur once
		vars     map[string]string // the environment
		want     string            // a part of the error
	}{
		{name: "ErrUnknownTopLevelKey",
			old: "timezone: Asia/Ho_Chi_Minh\n", new: "timezone: Asia/Ho_Chi_Minh\ntimezon: UTC\n",
			want: "config.yaml: timezon: unknown key (line "},
		{name: "ErrUnknownNestedKey",
			old: "  poll_timeout: 50s\n", new: "  poll_timeout: 50s\n  tokn: x\n",
			want: "config.yaml: telegram.tokn: unknown key"},
		{name: "ErrUnknownObligationKey",
			old: "    inputs: [\"7.3\"]\n", new: "    input: [\"7.3\"]\n",
			want: "config.yaml: obligations[0] (6.4).input: unknown key"},
		{name: "ErrWebhookMaxConnections",
			old: "  webhook_max_connections: 1\n", new: "  webhook_max_connections: 0\n",
			want: "config.yaml: telegram.webhook_max_connections: 0 is out of range: Telegram accepts 1 to 100"},
		{name: "ErrKeyTwice",
			old: "  state_ttl: 30m\n", new: "  state_ttl: 30m\n  state_ttl: 1h\n",
			want: "config.yaml: redis.state_ttl: key given twice"},
		{name: "ErrUnknownAgencyInTo",
			old:  "to: [ldtbxh]\n    schedules:\n      - {cadence: monthly, due: {day: 28",
			new:  "to: [ldtbxhh]\n    schedules:\n      - {cadence: monthly, due: {day: 28",
			want: `config.yaml: obligations[2] (7.3).to[0]: unknown agency "ldtbxhh"`},
		{name: "ErrUnknownAgencyInFrom",
			old: "    from: [tuphap]\n", new: "    from: [tuphap, ubnd-bacninh]\n",
			want: `config.yaml: obligations[6] (10.3).from[1]: unknown agency "ubnd-bacninh"`},
		{name: "ErrExternalResponsible",
			old: "from: [khdt]", new: "from: [ubnd-tinh]",
			want: `config.yaml: obligations[7] (11.2).from[0]: external addressee "ubnd-tinh"`},
		{name: "ErrUnknownInput",
			old: `inputs: ["7.3"]`, new: `inputs: ["7.4"]`,
			want: `config.yaml: obligations[0] (6.4).inputs[0]: unknown obligation "7.4"`},
		{name: "ErrDuplicateAgencyCode",
			old: "{code: yte,", new: "{code: ldtbxh,",
			want: `config.yaml: agencies[5].code: duplicate agency code "ldtbxh"`},
		{name: "ErrNoCoordinator",
			old: ", coordinator: true}", new: "}",
			want: "config.yaml: agencies: exactly one agency must have coordinator: true, found none"},
		{name: "ErrTwoCoordinators",
			old: "{code: congan, name: \"Công an tỉnh\", kind: police}", new: "{code: congan, name: \"Công an tỉnh\", kind: police, coordinator: true}",
			want: "config.yaml: agencies: exactly one agency must have coordinator: true, found 2: ldtbxh, congan (keep it on one of them)"},
		{name: "ErrBadKind",
			old: "{code: congan, name: \"Công an tỉnh\", kind: police}", new: "{code: congan, name: \"Công an tỉnh\", kind: polise}",
			want: `config.yaml: agencies[2].kind: unknown kind "polise"`},
		{name: "ErrDuplicateObligationID",
			old: `- id: "9.4"`, new: `- id: "6.4"`,
			want: `config.yaml: obligations[5] (6.4).id: duplicate obligation id "6.4"`},
		{name: "ErrMissingDue",
			old: "{cadence: monthly, due: {day: 28, months_after: 0}}", new: "{cadence: monthly}",
			want: "config.yaml: obligations[2] (7.3).schedules[0].due: missing"},
		{name: "ErrOnChangeWithDue",
			old: "{cadence: on_change}", new: "{cadence: on_change, due: {day: 1, months_after: 0}}",
			want: "config.yaml: obligations[8] (12.3).schedules[0].due: on_change has no deadline"},
		{name: "ErrDueDay",
			old: "{day: 28, months_after: 0}", new: "{day: 31, months_after: 0}",
			want: "config.yaml: obligations[2] (7.3).schedules[0].due.day: 31 is out of range 1..28"},
		{name: "ErrListKind",
			old: "      kind: ngos\n", new: "      kind: ngo\n",
			want: `config.yaml: obligations[5] (9.4).list.kind: "ngo" is not one of work_permits, exemptions, visas`},
		{name: "ErrListColumnType",
			old: `{key: name, header: "Tên cơ sở y tế", type: text,`, new: `{key: name, header: "Tên cơ sở y tế", type: textt,`,
			want: `config.yaml: obligations[8] (12.3).list.columns[0].type: "textt" is not one of text, date, number, enum, passport, tax_code`},
		{name: "ErrListDuplicateColumnKey",
			old: `{key: address, header: "Địa chỉ", type: text, required: true}`, new: `{key: name, header: "Địa chỉ", type: text, required: true}`,
			want: `config.yaml: obligations[8] (12.3).list.columns[1].key: "name" is already the key of columns[0]`},
		{name: "ErrListDuplicateHeader",
			old: `{key: phone, header: "Điện thoại"`, new: `{key: phone, header: "TEN CO SO Y TE *"`,
			want: `config.yaml: obligations[8] (12.3).list.columns[5].header: "TEN CO SO Y TE *" reads like the header of columns[0]`},
		{name: "ErrListEnumWithoutValues",
			old: `type: enum, required: true, values: ["Đủ điều kiện", "Không còn đủ điều kiện"]}`, new: `type: enum, required: true}`,
			want: "config.yaml: obligations[8] (12.3).list.columns[2].values: an enum column needs its allowed values"},
		{name: "ErrListValuesOnDate",
			old: `{key: issued, header: "Ngày công bố", type: date}`, new: `{key: issued, header: "Ngày công bố", type: date, values: [x]}`,
			want: "config.yaml: obligations[8] (12.3).list.columns[4].values: only an enum column has allowed values (this one is date)"},
		{name: "ErrListUnknownColumnKey",
			old: `{key: phone, header: "Điện thoại", type: text}`, new: `{key: phone, header: "Điện thoại", type: text, requred: true}`,
			want: "config.yaml: obligations[8] (12.3).list.columns[5].requred: unknown key"},
		{name: "ErrListNothingRequired",
			old: `{key: name, header: "Tên cơ sở y tế", type: text, required: true}
        - {key: address, header: "Địa chỉ", type: text, required: true}
        - {key: status, header: "Tình trạng", type: enum, required: true,`, new: `{key: name, header: "Tên cơ sở y tế", type: text}
        - {key: address, header: "Địa chỉ", type: text}
        - {key: status, header: "Tình trạng", type: enum,`,
			want: "config.yaml: obligations[8] (12.3).list.columns: no column is required"},
		{name: "ErrBadDate",
			old: "{date: 2026-02-16,", new: "{date: 2026-02-30,",
			want: `config.yaml: calendar.holidays[2026][2].date: "2026-02-30" is not a date of the form YYYY-MM-DD`},
		{name: "ErrHolidayInWrongYear",
			old: "{date: 2027-01-01,", new: "{date: 2026-01-01,",
			want: "config.yaml: calendar.holidays[2027][0].date: 2026-01-01 is not in year 2027"},
		{name: "ErrHolidayTwice",
			old: "{date: 2026-02-17,", new: "{date: 2026-02-16,",
			want: "config.yaml: calendar.holidays[2026][3].date: 2026-02-16 is listed twice"},
		{name: "ErrHolidayWithoutName",
			old: `{date: 2026-01-01, name: "Tết Dương lịch"}`, new: `{date: 2026-01-01}`,
			want: "config.yaml: calendar.holidays[2026][0].name: empty"},
		{name: "ErrYearNotANumber",
			old: "    2026:\n      - {date: 2026-01-01", new: "    năm2026:\n      - {date: 2026-01-01",
			want: `config.yaml: calendar.holidays.năm2026: expected a whole number, found "năm2026"`},
		{name: "ErrExtraWorkingDayIsHoliday",
			old: "    2027: []", new: "    2027: [{date: 2027-04-30, name: x}]",
			want: "config.yaml: calendar.extra_working_days[2027][0].date: 2027-04-30 is also listed as a holiday"},
		{name: "ErrExtraWorkingDayIsWeekday",
			old: "{date: 2026-01-10,", new: "{date: 2026-05-05,",
			want: "config.yaml: calendar.extra_working_days[2026][0].date: 2026-05-05 is a Tuesday"},
		{name: "ErrProvisionalYearWithoutHolidays",
			old: "provisional_years: [2027, 2028]", new: "provisional_years: [2027, 2029]",
			want: "config.yaml: calendar.provisional_years[1]: 2029 has no calendar.holidays entry"},
		{name: "ErrProvisionalYearTwice",
			old: "provisional_years: [2027, 2028]", new: "provisional_years: [2028, 2027, 2028]",
			want: "config.yaml: calendar.provisional_years[2]: 2028 is listed twice"},
		{name: "ErrProvisionalYearNotANumber",
			old: "provisional_years: [2027, 2028]", new: "provisional_years: [2027, năm2028]",
			want: `config.yaml: calendar.provisional_years[1]: expected a whole number, found "năm2028"`},
		{name: "ErrBadTimezone",
			old: "timezone: Asia/Ho_Chi_Minh", new: "timezone: Asia/Hanoi2",
			want: `config.yaml: timezone: unknown time zone "Asia/Hanoi2"`},
		{name: "ErrLocalTimezone",
			old: "timezone: Asia/Ho_Chi_Minh", new: "timezone: Local",
			want: "config.yaml: timezone: Local depends on the host"},
		{name: "ErrBadReminderTime",
			old: `  time: "08:00"`, new: `  time: "25:00"`,
			want: `config.yaml: reminders.time: "25:00" is not a time of day of the form HH:MM`},
		{name: "ErrBadDigestTimeOnSharedLine",
			old: `weekly: {weekday: monday, time: "08:00"}`, new: `weekly: {weekday: monday, time: "8h"}`,
			want: `config.yaml: digests.weekly.time: "8h" is not a time of day`},
		{name: "ErrBadWeekday",
			old: "weekday: monday", new: "weekday: thứ hai",
			want: `config.yaml: digests.weekly.weekday: "thứ hai" is not a day of the week`},
		{name: "ErrBeforeDays",
			old: "before_days: [7, 3, 1, 0]", new: "before_days: [7, 3, 3, -1]",
			want: "config.yaml: reminders.before_days[2]: 3 is listed twice"},
		{name: "ErrDurationWithoutUnit",
			old: "state_ttl: 30m", new: "state_ttl: 30",
			want: `config.yaml: redis.state_ttl: expected a duration such as 50s, 30m or 168h, found "30"`},
		{name: "ErrNotANumber",
			old: "group_per_minute: 20", new: "group_per_minute: twenty",
			want: `config.yaml: outbox.group_per_minute: expected a whole number, found "twenty"`},
		{name: "ErrZeroLimit",
			old: "max_attempts: 12", new: "max_attempts: 0",
			want: "config.yaml: outbox.max_attempts: must be positive, got 0"},
		{name: "ErrNegativeDuration",
			old: "drain_timeout: 10s", new: "drain_timeout: -1s",
			want: "config.yaml: outbox.drain_timeout: must be positive, got -1s"},
		{name: "ErrBackupKeepZero",
			old: "keep: 7", new: "keep: 0",
			want: "config.yaml: backup.keep: 0 is out of range 1..3650"},
		{name: "ErrExpiringDaysZero",
			old: "expiring_days: 45", new: "expiring_days: 0",
			want: "config.yaml: register.expiring_days: 0 is not a number of days from 1 to 366"},
		{name: "ErrKeepMonthsZero",
			old: "keep_months: 60", new: "keep_months: 0",
			want: "config.yaml: register.keep_months: 0 is not a number of months from 1 to 1200"},
		{name: "ErrBadBackupTime",
			old: `  time: "02:00"`, new: `  time: "2h"`,
			want: `config.yaml: backup.time: "2h" is not a time of day`},
		{name: "ErrBackupInsideArchive",
			old: `  dir: ""
  # Local time of the daily backup.`, new: `  dir: data/files/backups
  # Local time of the daily backup.`,
			want: `config.yaml: backup.dir: "data/files/backups" overlaps storage.files_dir "data/files"`},
		{name: "ErrNegativeKeepDelivered",
			old: "keep_delivered: 2160h", new: "keep_delivered: -24h",
			want: "config.yaml: outbox.keep_delivered: must not be negative (0s keeps delivered messages for good), got -24h0m0s"},
		{name: "ErrMaxFileSize",
			old: "max_file_size_mb: 20", new: "max_file_size_mb: 0",
			want: "config.yaml: storage.max_file_size_mb: 0 is out of range 1..2000"},
		{name: "ErrAdminIDs",
			old: "admin_ids: []", new: "admin_ids: [42, 42]",
			want: "config.yaml: admin_ids[1]: 42 is listed twice"},
		{name: "ErrBadAPIEndpoint",
			old: "api_endpoint: https://api.telegram.org", new: "api_endpoint: ftp://api.telegram.org/",
			want: `config.yaml: telegram.api_endpoint: "ftp://api.telegram.org" is not an http(s) URL`},
		{name: "ErrAPIEndpointWithoutScheme",
			vars: map[string]string{"TELEGRAM_API_ENDPOINT": "api.telegram.org"},
			want: `environment: TELEGRAM_API_ENDPOINT: "api.telegram.org" is not an http(s) URL`},
		{name: "ErrBadAdminIDsEnv",
			vars: map[string]string{"BOT_ADMIN_IDS": "12, abc"},
			want: `environment: BOT_ADMIN_IDS: "abc" is not a Telegram user id`},
		{name: "ErrNegativeAdminIDEnv",
			vars: map[string]string{"BOT_ADMIN_IDS": "-12"},
			want: "environment: BOT_ADMIN_IDS: -12 is not a Telegram user id"},
		{name: "ErrEmptyAdminIDsEnv",
			vars: map[string]string{"BOT_ADMIN_IDS": " , "},
			want: "environment: BOT_ADMIN_IDS: lists no user id"},
		{name: "ErrBadRedisAddr",
			vars: map[string]string{"REDIS_ADDR": "redis-host"},
			want: `environment: REDIS_ADDR: "redis-host" is not host:port`},
		{name: "ErrBadMetricsListen",
			vars: map[string]string{"BOT_METRICS_LISTEN": "9090"},
			want: `environment: BOT_METRICS_LISTEN: "9090" is not host:port (such as 127.0.0.1:9090), or off`},
		{name: "ErrMetricsOnTheWebhookListener",
			old: `  listen: "127.0.0.1:9090"`, new: `  listen: ":8443"`,
			vars: map[string]string{"TELEGRAM_WEBHOOK_URL": "https://bot.example.gov.vn/hook"},
			want: `config.yaml: metrics.listen: ":8443" is telegram.webhook_listen too`},
		{name: "ErrNegativePollStaleAfter",
			old: "  # poll_stale_after: 130s", new: "  poll_stale_after: -1s",
			want: "config.yaml: metrics.poll_stale_after: must not be negative"},
		{name: "ErrSecondDocument",
			old: "timezone: Asia/Ho_Chi_Minh\n", new: "timezone: Asia/Ho_Chi_Minh\n---\ntimezone: UTC\n",
			want: "config.yaml: only one YAML document is allowed"},
		{name: "ErrNoticeUnknownAgency",
			old: "zone_recipients: [bqlkcn]", new: "zone_recipients: [bqlkcnn]",
			want: `config.yaml: notices.zone_recipients[0]: unknown agency "bqlkcnn"`},
		{name: "ErrNoticeExternalRecipient",
			old: "to: [ldtbxh]}\n  # Also told", new: "to: [ubnd-tinh]}\n  # Also told",
			want: `config.yaml: notices.kinds[4].to[0]: "ubnd-tinh" is an external addressee`},
		{name: "ErrNoticeKindTwice",
			old: "{code: no_report,", new: "{code: residence,",
			want: `config.yaml: notices.kinds[3].code: "residence" is listed twice`},
		{name: "ErrNoticeNoLabel",
			old: `{code: other, vi: "Vi phạm khác",`, new: `{code: other, vi: "",`,
			want: `config.yaml: notices.kinds[4].vi: missing`},
		{name: "ErrNoticeRemindZero",
			old: "remind_after_working_days: 2", new: "remind_after_working_days: 0",
			want: `config.yaml: notices.remind_after_working_days: `},
		{name: "ErrRequestTypeUnknownAgency",
			old: "from: [tuphap], to: [congan]}", new: "from: [tuphap], to: [congan-tinh]}",
			want: `config.yaml: request_types[1].to[0]: unknown agency "congan-tinh"`},
		{name: "ErrRequestTypeTwice",
			old: "{code: verify,", new: "{code: info,",
			want: `config.yaml: request_types[2].code: "info" is listed twice`},
		{name: "ErrUnknownClauseKey",
			old: "    escalation: \"17.2\"\n", new: "    escalaton: \"17.2\"\n",
			want: "config.yaml: regulation.clauses.escalaton: unknown duty"},
		{name: "ErrRenamedFromCurrentAgency",
			old:  "{code: bqlkcn, name: \"Ban Quản lý các khu công nghiệp tỉnh\", kind: board}",
			new:  "{code: bqlkcn, name: \"Ban Quản lý các khu công nghiệp tỉnh\", kind: board, renamed_from: [congan]}",
			want: `config.yaml: agencies[1] (bqlkcn).renamed_from[0]: "congan" is still an agency of the catalogue`},
		{name: "ErrRenamedFromTwice",
			old:  "{code: bqlkcn, name: \"Ban Quản lý các khu công nghiệp tỉnh\", kind: board}",
			new:  "{code: bqlkcn, name: \"Ban Quản lý các khu công nghiệp tỉnh\", kind: board, renamed_from: [kcn, kcn]}",
			want: `config.yaml: agencies[1] (bqlkcn).renamed_from[1]: "kcn" is already renamed to "bqlkcn"`},
		{name: "ErrRetiredStillCurrent",
			old: "admin_ids: []", new: "admin_ids: []\nretired_agencies: [congan]",
			want: `config.yaml: retired_agencies[0]: "congan" is still an agency of the catalogue`},
		{name: "ErrSyntax",
			old: "admin_ids: []", new: "admin_ids: [",
			want: "config.yaml: line "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := repoText(t)
			if n := strings.Count(text, tt.old); tt.old != "" && n != 1 {
				t.Fatalf("%q occurs %d times in config.yaml, want once", tt.old, n)
			}
			text = strings.Replace(text, tt.old, tt.new, 1)
			c, err := Parse([]byte(text), "config.yaml", env(tt.vars))
			if err == nil {
				t.Fatalf("no error, want %q; got %v", tt.want, c)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}

// TestKeepDeliveredZeroKeepsEverything checks that outbox.keep_delivered
// may be 0s, which turns the pruning of delivered messages off, and that an
// omitted key means 90 days.
func TestKeepDeliveredZeroKeepsEverything(t *testing.T) {
	for _, tt := range []struct {
		name, old, new string
		want           time.Duration
	}{
		{name: "Zero", old: "keep_delivered: 2160h", new: "keep_delivered: 0s", want: 0},
		{name: "Omitted", old: "  keep_delivered: 2160h\n", new: "", want: 90 * 24 * time.Hour},
	} {
		t.Run(tt.name, func(t *testing.T) {
			text := repoText(t)
			if n := strings.Count(text, tt.old); n != 1 {
				t.Fatalf("%q occurs %d times in config.yaml, want once", tt.old, n)
			}
			c, err := Parse([]byte(strings.Replace(text, tt.old, tt.new, 1)), "config.yaml", nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.Outbox.KeepDelivered != tt.want {
				t.Errorf("outbox.keep_delivered = %s, want %s", c.Outbox.KeepDelivered, tt.want)
			}
		})
	}
}

// TestMetricsSettings: the endpoints are on loopback by default, "" turns
// them off, and the readiness bound follows the poll timeout unless set.
func TestMetricsSettings(t *testing.T) {
	c := loadRepo(t, nil)
	if c.Metrics.Listen != DefaultMetricsListen || !c.Metrics.Enabled() {
		t.Errorf("metrics.listen = %q, want %s and on", c.Metrics.Listen, DefaultMetricsListen)
	}
	if c.Metrics.PollStaleAfter != 130*time.Second {
		t.Errorf("metrics.poll_stale_after = %s, want 2 × 50s + 30s", c.Metrics.PollStaleAfter)
	}
	for _, tt := range []struct {
		name, old, new string
		check          func(c *Config) bool
	}{
		{"EmptyIsOff", `  listen: "127.0.0.1:9090"`, `  listen: ""`, func(c *Config) bool { return !c.Metrics.Enabled() }},
		{"PollStaleAfterSet", "  # poll_stale_after: 130s", "  poll_stale_after: 10m",
			func(c *Config) bool { return c.Metrics.PollStaleAfter == 10*time.Minute }},
		{"FollowsPollTimeout", "  poll_timeout: 50s", "  poll_timeout: 20s",
			func(c *Config) bool { return c.Metrics.PollStaleAfter == 70*time.Second }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			text := repoText(t)
			if n := strings.Count(text, tt.old); n != 1 {
				t.Fatalf("%q occurs %d times in config.yaml, want once", tt.old, n)
			}
			c, err := Parse([]byte(strings.Replace(text, tt.old, tt.new, 1)), "config.yaml", nil)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(c) {
				t.Errorf("got %+v", c.Metrics)
			}
		})
	}
}

func TestEmptyFile(t *testing.T) {
	_, err := Parse(nil, "empty.yaml", nil)
	if err == nil || !strings.Contains(err.Error(), "empty.yaml: agencies: at least one agency is required") {
		t.Errorf("got %v, want the missing catalogue named", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(t.TempDir()+"/none.yaml", nil)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v, want a not-exist error", err)
	}
}

func TestTimeOfDayOn(t *testing.T) {
	c := loadRepo(t, nil)
	got := c.Reminders.Time.On(coord.Date{Year: 2027, Month: time.February, Day: 4}, c.Location)
	if want := "2027-02-04T08:00:00+07:00"; got.Format(time.RFC3339) != want {
		t.Errorf("got %s, want %s", got.Format(time.RFC3339), want)
	}
}

// TestCommuneKind: a ward or commune People's Committee is an agency kind of
// its own (issue 16), so a province without districts can list its communes.
func TestCommuneKind(t *testing.T) {
	old := `{code: ubnd-yenthe, name: "UBND huyện Yên Thế", kind: district}`
	text := repoText(t)
	if n := strings.Count(text, old); n != 1 {
		t.Fatalf("%q occurs %d times in config.yaml, want once", old, n)
	}
	text = strings.Replace(text, old, `{code: ubnd-phuongbacgiang, name: "UBND phường Bắc Giang", kind: commune}`, 1)
	text = strings.Replace(text, "      - ubnd-yenthe\n", "      - ubnd-phuongbacgiang\n", 1)
	c, err := Parse([]byte(text), "config.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := c.Catalogue.Agency("ubnd-phuongbacgiang")
	if !ok || a.Kind != coord.KindCommune {
		t.Errorf("got %+v, %v; want the commune kind", a, ok)
	}
	if ob, ok := c.Catalogue.Obligation("16.4"); !ok || !slices.Contains(ob.From, "ubnd-phuongbacgiang") {
		t.Errorf("16.4 from = %v, want the commune among the senders", ob.From)
	}
}

// TestListTemplates: every list report of spec §11 has its template, in the
// repository's config and in the reorganised province's example, and the
// others have none.
func TestListTemplates(t *testing.T) {
	lists := map[string]coord.ListKind{"6.4": coord.ListWorkPermits, "7.3": coord.ListWorkPermits, "8.8": coord.ListVisas,
		"9.4": coord.ListNGOs, "10.3": coord.ListCriminalRecords, "11.2": coord.ListFDI, "12.3": coord.ListHealthFacilities,
		"13.3": coord.ListRepOffices, "14.3": coord.ListSchools, "15.2": coord.ListContractors}
	for _, path := range []string{repoConfig, "../configs/bac-ninh-2025.yaml"} {
		t.Run(path, func(t *testing.T) {
			c, err := Load(path, env(nil))
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range c.Catalogue.Obligations {
				kind, want := lists[o.ID]
				switch {
				case !want && o.List != nil:
					t.Errorf("%s is not a list report but has a template", o.ID)
				case want && o.List == nil:
					t.Errorf("%s has no list template", o.ID)
				case want && o.List.Kind != kind:
					t.Errorf("%s: kind %s, want %s", o.ID, o.List.Kind, kind)
				}
			}
			o, _ := c.Catalogue.Obligation("8.8")
			purpose, ok := o.List.Column("purpose")
			if !ok || purpose.Header != "Ký hiệu mục đích" || purpose.Type != coord.ColEnum || !slices.Contains(purpose.Values, "LĐ1") {
				t.Errorf("8.8's purpose column: %+v", purpose)
			}
			o, _ = c.Catalogue.Obligation("6.4")
			passport, ok := o.List.Column("passport")
			if !ok || passport.Header != "Số hộ chiếu" || passport.Type != coord.ColPassport || !passport.Required {
				t.Errorf("6.4's passport column: %+v", passport)
			}
			if got := len(c.Catalogue.ListObligations()); got != len(lists) {
				t.Errorf("ListObligations: %d, want %d", got, len(lists))
			}
		})
	}
}

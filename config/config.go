// Package config reads config.yaml and the environment into one validated
// Config. Every other package can then trust its settings, and an operator
// who mistypes a key or a date learns it at start-up, with the key named,
// rather than from a reminder that never went out.
package config

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/redact"
)

// Config is everything the bot is told by its operator. The settings mirror
// config.yaml key by key; the catalogue (agencies, obligations) and the
// working-day calendar are built from it and validated, so that callers get
// domain values instead of YAML shapes.
type Config struct {
	// TimeZone is the IANA zone in which deadlines and reminders fall.
	TimeZone string `yaml:"timezone"`
	// Location is TimeZone loaded, so that nobody has to load it again or
	// handle an error that Parse has already ruled out.
	Location *time.Location `yaml:"-"`

	Telegram    Telegram    `yaml:"telegram"`
	Redis       Redis       `yaml:"redis"`
	Storage     Storage     `yaml:"storage"`
	Invites     Invites     `yaml:"invites"`
	Outbox      Outbox      `yaml:"outbox"`
	Reminders   Reminders   `yaml:"reminders"`
	Requests    Requests    `yaml:"requests"`
	Inspections Inspections `yaml:"inspections"`
	Digests     Digests     `yaml:"digests"`
	Metrics     Metrics     `yaml:"metrics"`
	Backup      Backup      `yaml:"backup"`
	Register    Register    `yaml:"register"`

	// AdminIDs are the Telegram user ids that are admins from the first
	// start, before anyone can issue an invite (spec §6).
	AdminIDs []int64 `yaml:"admin_ids"`

	// Catalogue holds the agencies and obligations of config.yaml, checked by
	// coord.NewCatalogue.
	Catalogue *coord.Catalogue `yaml:"-"`
	// Calendar is the province's working-day calendar in Location, with the
	// configured holidays and make-up working days.
	Calendar *coord.WorkCalendar `yaml:"-"`
	// Notices is the notices: section (Điều 5.1), checked against the
	// catalogue; coord.DefaultNoticeConfig where keys are left out.
	Notices coord.NoticeConfig `yaml:"-"`
	// TrackingStart is the first due date the bot holds agencies to
	// (calendar.tracking_start); zero means "the first day of the month the
	// database was created", which main resolves.
	TrackingStart coord.Date `yaml:"-"`
}

// Register tunes the province register's cross-checks.
type Register struct {
	// ExpiringDays is how far ahead the weekly list of work permits about
	// to expire (with no later permit) looks.
	ExpiringDays int `yaml:"expiring_days"`
	// KeepMonths is how long the register keeps a row (personal data,
	// Nghị định 13/2023/NĐ-CP): until this many months after its paper's
	// validity ended, or, for a row without one, after it was imported.
	KeepMonths int `yaml:"keep_months"`
	// Search names, per agency, the reports whose rows its officers may
	// find with /find ("all" for every list); checked against the
	// catalogue into Access. Absent: the coordinator alone, every list.
	Search map[string][]string `yaml:"search"`
	// Access is Search checked, with the default applied.
	Access coord.RegisterAccess `yaml:"-"`
}

// Telegram says how to reach the Bot API.
type Telegram struct {
	// Token normally comes from TELEGRAM_BOT_TOKEN; it is a Secret so that it
	// cannot be printed by accident.
	Token Secret `yaml:"token"`
	// APIEndpoint is the Bot API base URL without a trailing slash, so that a
	// local Bot API server can replace api.telegram.org.
	APIEndpoint string `yaml:"api_endpoint"`
	// PollTimeout is the long-polling timeout of getUpdates.
	PollTimeout time.Duration `yaml:"poll_timeout"`
	// WebhookURL switches from long polling to a webhook: the public https
	// URL Telegram posts updates to (usually behind a TLS proxy).
	WebhookURL string `yaml:"webhook_url"`
	// WebhookListen is the local address the webhook server listens on.
	WebhookListen string `yaml:"webhook_listen"`
	// WebhookSecret is checked on every webhook request (Telegram's
	// secret_token); empty generates one at each start.
	WebhookSecret Secret `yaml:"webhook_secret"`
	// WebhookMaxConnections is how many connections Telegram may open to
	// the webhook at once (1 to 100). 1, the default, keeps every chat's
	// updates in the order they were sent, even across a failed delivery.
	WebhookMaxConnections int `yaml:"webhook_max_connections"`
}

// Redis says where conversation state lives.
type Redis struct {
	// Addr is host:port or a redis://, rediss:// or unix:// URL; empty means
	// an embedded in-process Redis, enough for a single instance. A URL may
	// carry a password, so Addr is shown only redacted (RedactedAddr).
	Addr string `yaml:"addr"`
	// Password normally comes from REDIS_PASSWORD. It wins over a password
	// in Addr, so that the secret can be kept out of a shared address; it
	// is a Secret so that it cannot be printed by accident.
	Password Secret `yaml:"password"`
	// CAFile is a PEM bundle trusted, besides the system roots, for the
	// certificate of a rediss:// server with a private or self-signed CA.
	CAFile string `yaml:"ca_file"`
	// StateTTL is how long an unfinished conversation is kept.
	StateTTL time.Duration `yaml:"state_ttl"`
}

// LogValue shows the address redacted, and the password as [redacted]
// when it is set.
func (r Redis) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("addr", r.RedactedAddr())}
	if r.Addr == "" {
		attrs[0] = slog.String("addr", "embedded")
	}
	if r.Password != "" {
		attrs = append(attrs, slog.Any("password", r.Password))
	}
	if r.CAFile != "" {
		attrs = append(attrs, slog.String("ca_file", r.CAFile))
	}
	return slog.GroupValue(append(attrs, slog.Duration("state_ttl", r.StateTTL))...)
}

// Format prints the LogValue on one line in every fmt verb: printed field
// by field, a Redis would show a password in Addr (%d prints the string
// itself, as %!d(string=…)).
func (r Redis) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, oneLine(r.LogValue())) }

// RedactedAddr is Addr fit for a log line or an error: a URL's password
// shows as xxxxx (redis://:xxxxx@host:6379/0); host:port is unchanged.
func (r Redis) RedactedAddr() string { return redact.Addr(r.Addr) }

// Storage says where durable records and archived files go.
type Storage struct {
	DBPath   string `yaml:"db_path"`
	FilesDir string `yaml:"files_dir"`
	// MaxFileSizeMB caps downloads into the archive; Telegram's cloud Bot
	// API serves at most 20 MB, a local Bot API server more.
	MaxFileSizeMB int `yaml:"max_file_size_mb"`
}

// MaxFileSize is MaxFileSizeMB in bytes (MiB, as Telegram counts), the unit
// the downloader compares file sizes in.
func (s Storage) MaxFileSize() int64 { return int64(s.MaxFileSizeMB) << 20 }

// Invites configures enrolment codes.
type Invites struct {
	// TTL is how long an unused invite stays valid (spec §6: 7 days).
	TTL time.Duration `yaml:"ttl"`
}

// Outbox paces outgoing messages under Telegram's flood limits and bounds
// how long a failing message is retried.
type Outbox struct {
	GlobalPerSecond  int `yaml:"global_per_second"`
	PrivatePerSecond int `yaml:"private_per_second"`
	PrivateBurst     int `yaml:"private_burst"`
	GroupPerMinute   int `yaml:"group_per_minute"`
	MaxAttempts      int `yaml:"max_attempts"`
	// GiveUpAfter is counted from when the message was queued.
	GiveUpAfter time.Duration `yaml:"give_up_after"`
	// DrainTimeout bounds delivery of what is queued at shutdown.
	DrainTimeout time.Duration `yaml:"drain_timeout"`
	// KeepDelivered is how long a delivered message stays in the outbox
	// table before the daily prune deletes it; 0 ("0s") keeps it for good.
	KeepDelivered time.Duration `yaml:"keep_delivered"`
}

// Reminders configures when deadline reminders go out (spec §5).
type Reminders struct {
	// Time is the local time of day at which reminders are sent.
	Time TimeOfDay `yaml:"time"`
	// BeforeDays are the pre-due offsets before L, the last on-time day,
	// sorted from the earliest reminder (largest offset) to L itself (0).
	BeforeDays []int `yaml:"before_days"`
	// OverdueEveryDays and OverdueForDays space overdue reminders: on L+1,
	// then every OverdueEveryDays days, up to OverdueForDays days after L.
	OverdueEveryDays int `yaml:"overdue_every_days"`
	OverdueForDays   int `yaml:"overdue_for_days"`
}

// Requests configures coordination requests (spec §4).
type Requests struct {
	// DefaultDueWorkingDays is the due date of a request whose requester
	// names none, in working days after creation.
	DefaultDueWorkingDays int `yaml:"default_due_working_days"`
	// EscalateAfterWorkingDays is how long an overdue request waits before
	// the coordinator is told (Điều 17.2).
	EscalateAfterWorkingDays int `yaml:"escalate_after_working_days"`
}

// Inspections configures the reminders of joint inspections (spec §9).
type Inspections struct {
	// RemindBeforeWorkingDays: the lead and the members are reminded this
	// many working days before each target's planned day (3 and 1).
	RemindBeforeWorkingDays []int `yaml:"remind_before_working_days"`
	// ResultReminderWorkingDays: after a target's day with no result, the
	// lead is reminded each working day for this many working days (5).
	ResultReminderWorkingDays int `yaml:"result_reminder_working_days"`
	// AnnualDue is the day ("MM-DD") by which the year's annual inspection
	// (Điều 6.5) is concluded: "12-31". PlanDue, optional, the day by
	// which its plan exists.
	AnnualDue string `yaml:"annual_due"`
	PlanDue   string `yaml:"plan_due"`
}

// ParseMonthDay reads "MM-DD" (any year's day: 02-29 is refused); ok is
// false for anything else, and for "".
func ParseMonthDay(s string) (month time.Month, day int, ok bool) {
	t, err := time.Parse("01-02", strings.TrimSpace(s))
	if err != nil || (t.Month() == time.February && t.Day() == 29) {
		return 0, 0, false
	}
	return t.Month(), t.Day(), true
}

// Digests configures the summaries posted into the coordination group.
type Digests struct {
	Weekly WeeklyDigest `yaml:"weekly"`
	// Monthly is sent on the first working day of each month.
	Monthly MonthlyDigest `yaml:"monthly"`
}

// WeeklyDigest is the weekly status of every agency.
type WeeklyDigest struct {
	Weekday Weekday   `yaml:"weekday"`
	Time    TimeOfDay `yaml:"time"`
}

// MonthlyDigest is the monthly on-time scorecard.
type MonthlyDigest struct {
	Time TimeOfDay `yaml:"time"`
}

// Metrics configures the operator's endpoints: /healthz, /readyz and
// /metrics, on a listener of their own.
type Metrics struct {
	// Listen is the local address they are served on (BOT_METRICS_LISTEN),
	// 127.0.0.1:9090 by default; "" or "off" serves none. Keep it off the
	// public interface and apart from telegram.webhook_listen.
	Listen string `yaml:"listen"`
	// PollStaleAfter fails /readyz when the last successful getUpdates is
	// older than this; 0 in the file means 2 × telegram.poll_timeout + 30s,
	// which Parse fills in. Webhook mode does not use it.
	PollStaleAfter time.Duration `yaml:"poll_stale_after"`
}

// Enabled reports whether the endpoints are served.
func (m Metrics) Enabled() bool { return m.Listen != "" && m.Listen != MetricsOff }

// MetricsOff is the metrics.listen (BOT_METRICS_LISTEN) that serves no
// endpoint; the environment cannot say "" (an empty variable is unset).
const MetricsOff = "off"

// DefaultMetricsListen is where the endpoints are served by default:
// loopback only, a port of its own.
const DefaultMetricsListen = "127.0.0.1:9090"

// Backup configures the daily automatic backup of the running bot.
type Backup struct {
	// Dir is where backups go (BOT_BACKUP_DIR); empty turns the daily
	// backup off. `fwbot backup` writes there too unless given --to.
	Dir string `yaml:"dir"`
	// Time is the local time of day of the daily backup.
	Time TimeOfDay `yaml:"time"`
	// Keep is how many daily backups are kept; older ones are deleted
	// after each new one. Backups made by hand are never deleted.
	Keep int `yaml:"keep"`
}

// defaults are the values of spec §5 and §8 for keys that config.yaml leaves
// out; the catalogue and holidays have none, since they must be written down.
func defaults() Config {
	return Config{
		TimeZone: "Asia/Ho_Chi_Minh",
		Telegram: Telegram{APIEndpoint: "https://api.telegram.org", PollTimeout: 50 * time.Second, WebhookListen: ":8443",
			WebhookMaxConnections: 1},
		Redis:   Redis{StateTTL: 30 * time.Minute},
		Storage: Storage{DBPath: "data/fwbot.db", FilesDir: "data/files", MaxFileSizeMB: 20},
		Invites: Invites{TTL: 7 * 24 * time.Hour},
		Outbox: Outbox{
			GlobalPerSecond: 30, PrivatePerSecond: 1, PrivateBurst: 3, GroupPerMinute: 20,
			MaxAttempts: 12, GiveUpAfter: 24 * time.Hour, DrainTimeout: 10 * time.Second,
			KeepDelivered: 90 * 24 * time.Hour,
		},
		Reminders: Reminders{
			Time:       TimeOfDay{Hour: 8},
			BeforeDays: []int{7, 3, 1, 0}, OverdueEveryDays: 3, OverdueForDays: 30,
		},
		Requests:    Requests{DefaultDueWorkingDays: 5, EscalateAfterWorkingDays: 3},
		Inspections: Inspections{RemindBeforeWorkingDays: []int{3, 1}, ResultReminderWorkingDays: 5, AnnualDue: "12-31"},
		Metrics:     Metrics{Listen: DefaultMetricsListen},
		Digests: Digests{
			Weekly:  WeeklyDigest{Weekday: Weekday(time.Monday), Time: TimeOfDay{Hour: 8}},
			Monthly: MonthlyDigest{Time: TimeOfDay{Hour: 8}},
		},
		Backup:   Backup{Time: TimeOfDay{Hour: 2}, Keep: 7},
		Register: Register{ExpiringDays: 45, KeepMonths: 60},
	}
}

// Load reads the file at path and parses it; see Parse.
func Load(path string, getenv func(string) string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return Parse(data, path, getenv)
}

// Parse decodes config.yaml strictly (an unknown key is an error), fills in
// defaults for absent keys, applies the environment overrides of spec §8
// through getenv (an empty value counts as unset; nil means no environment)
// and validates the result. Every problem found is reported, each as
// "<source>: <key>: <problem>" so that the operator can fix them in one go.
func Parse(data []byte, source string, getenv func(string) string) (*Config, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	p := &problems{source: source, env: map[string]string{}}
	f := file{Config: defaults(), CalendarSection: calendarSection{ExtendPastNonWorkingDays: true}}
	if !decode(data, &f, p) {
		return nil, p.err()
	}
	c := &f.Config
	c.applyEnv(getenv, p)
	c.check(p)
	c.Catalogue = f.catalogue(p)
	if c.Catalogue != nil {
		f.regulation(c.Catalogue, p)
	}
	c.Calendar = f.CalendarSection.build(c.Location, p)
	c.Notices = f.NoticesSection.build(c.Catalogue, p)
	c.Register.Access = registerAccess(c.Register.Search, c.Catalogue, p)
	if ts := f.CalendarSection.TrackingStart; ts != "" {
		d, err := coord.ParseDate(ts)
		if err != nil {
			p.add("calendar.tracking_start", "%v", err)
		}
		c.TrackingStart = d
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// LogValue summarises the configuration for the start-up log line; the token
// and the Redis password show as [redacted] when set, and the Redis address
// with its password as xxxxx.
func (c Config) LogValue() slog.Value {
	agencies, obligations := 0, 0
	if c.Catalogue != nil {
		agencies, obligations = len(c.Catalogue.Agencies), len(c.Catalogue.Obligations)
	}
	token := slog.String("token", "")
	if c.Telegram.Token != "" {
		token = slog.Any("token", c.Telegram.Token)
	}
	return slog.GroupValue(
		slog.String("timezone", c.TimeZone),
		slog.Group("telegram", slog.String("api_endpoint", c.Telegram.APIEndpoint), token,
			slog.Duration("poll_timeout", c.Telegram.PollTimeout)),
		slog.Any("redis", c.Redis),
		slog.String("db_path", c.Storage.DBPath),
		slog.String("files_dir", c.Storage.FilesDir),
		slog.Int("max_file_size_mb", c.Storage.MaxFileSizeMB),
		slog.Any("admin_ids", c.AdminIDs),
		slog.Int("agencies", agencies),
		slog.Int("obligations", obligations),
		slog.String("reminders", fmt.Sprintf("%s, %v days before", c.Reminders.Time, c.Reminders.BeforeDays)),
		slog.String("metrics_listen", c.Metrics.Listen),
	)
}

// String is the LogValue summary on one line, so that printing a Config with
// fmt shows what matters and never the token or the Redis password.
func (c Config) String() string { return oneLine(c.LogValue()) }

// oneLine writes a LogValue group as key=value pairs, nested groups as
// group.key=value.
func oneLine(v slog.Value) string {
	var b strings.Builder
	var walk func(prefix string, attrs []slog.Attr)
	walk = func(prefix string, attrs []slog.Attr) {
		for _, a := range attrs {
			if v := a.Value.Resolve(); v.Kind() == slog.KindGroup {
				walk(prefix+a.Key+".", v.Group())
				continue
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%s%s=%v", prefix, a.Key, a.Value.Resolve())
		}
	}
	walk("", v.Resolve().Group())
	return b.String()
}

package config

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh must load on hosts without a zoneinfo database (scratch images)

	"github.com/bacgiang/fwbot/internal/fsutil"
)

// problems collects what is wrong with the configuration, each named by the
// key an operator edits, or by the environment variable that set its value.
type problems struct {
	source string
	env    map[string]string // key → the environment variable that overrode it
	errs   []error
}

// add records a problem with key ("" for the file as a whole).
func (p *problems) add(key, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	root, _, _ := strings.Cut(key, "[")
	switch env, ok := p.env[root]; {
	case ok:
		p.errs = append(p.errs, fmt.Errorf("environment: %s: %s", env, msg))
	case key == "":
		p.errs = append(p.errs, fmt.Errorf("%s: %s", p.source, msg))
	default:
		p.errs = append(p.errs, fmt.Errorf("%s: %s: %s", p.source, key, msg))
	}
}

func (p *problems) err() error { return errors.Join(p.errs...) }

// override replaces *dst with the environment variable env when it is set
// (non-empty after trimming stray spaces and newlines of env files).
func override[T ~string](p *problems, getenv func(string) string, env, key string, dst *T) {
	if v := strings.TrimSpace(getenv(env)); v != "" {
		*dst = T(v)
		p.env[key] = env
	}
}

// applyEnv applies the overrides of spec §8. The environment wins over the
// file so that a deployment can keep one shared config.yaml.
func (c *Config) applyEnv(getenv func(string) string, p *problems) {
	override(p, getenv, "TELEGRAM_BOT_TOKEN", "telegram.token", &c.Telegram.Token)
	override(p, getenv, "TELEGRAM_API_ENDPOINT", "telegram.api_endpoint", &c.Telegram.APIEndpoint)
	override(p, getenv, "TELEGRAM_WEBHOOK_URL", "telegram.webhook_url", &c.Telegram.WebhookURL)
	override(p, getenv, "TELEGRAM_WEBHOOK_LISTEN", "telegram.webhook_listen", &c.Telegram.WebhookListen)
	override(p, getenv, "TELEGRAM_WEBHOOK_SECRET", "telegram.webhook_secret", &c.Telegram.WebhookSecret)
	override(p, getenv, "REDIS_ADDR", "redis.addr", &c.Redis.Addr)
	override(p, getenv, "REDIS_PASSWORD", "redis.password", &c.Redis.Password)
	override(p, getenv, "REDIS_CA_FILE", "redis.ca_file", &c.Redis.CAFile)
	override(p, getenv, "BOT_DB_PATH", "storage.db_path", &c.Storage.DBPath)
	override(p, getenv, "BOT_FILES_DIR", "storage.files_dir", &c.Storage.FilesDir)
	override(p, getenv, "BOT_METRICS_LISTEN", "metrics.listen", &c.Metrics.Listen)
	override(p, getenv, "BOT_BACKUP_DIR", "backup.dir", &c.Backup.Dir)
	var ids string
	override(p, getenv, "BOT_ADMIN_IDS", "admin_ids", &ids)
	if ids == "" {
		return
	}
	c.AdminIDs = c.AdminIDs[:0:0]
	for part := range strings.SplitSeq(ids, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			p.add("admin_ids", "%q is not a Telegram user id", part)
			continue
		}
		c.AdminIDs = append(c.AdminIDs, id)
	}
	if len(c.AdminIDs) == 0 {
		p.add("admin_ids", "lists no user id")
	}
}

// tokenPath spots a token pasted into the endpoint URL, which would then be
// printed wherever the endpoint is.
var tokenPath = regexp.MustCompile(`/bot\d+:`)

// check validates the settings and derives Location.
func (c *Config) check(p *problems) {
	switch c.TimeZone {
	case "":
		p.add("timezone", "empty; name an IANA zone such as Asia/Ho_Chi_Minh")
	case "Local":
		p.add("timezone", "Local depends on the host; name an IANA zone such as Asia/Ho_Chi_Minh")
	default:
		loc, err := time.LoadLocation(c.TimeZone)
		if err != nil {
			p.add("timezone", "unknown time zone %q", c.TimeZone)
		}
		c.Location = loc
	}

	if strings.ContainsFunc(c.Telegram.Token.Reveal(), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == ':' || r == '_' || r == '-')
	}) {
		p.add("telegram.token", "has characters a bot token cannot have") // never print it
	}
	c.Telegram.APIEndpoint = strings.TrimRight(c.Telegram.APIEndpoint, "/")
	switch u, err := url.Parse(c.Telegram.APIEndpoint); {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		p.add("telegram.api_endpoint", "%q is not an http(s) URL", c.Telegram.APIEndpoint)
	case u.User != nil || tokenPath.MatchString(u.Path):
		p.add("telegram.api_endpoint", "give the bare base URL without credentials; the bot adds /bot<token> itself")
	case u.RawQuery != "" || u.Fragment != "":
		p.add("telegram.api_endpoint", "%q must not have a query or a fragment", c.Telegram.APIEndpoint)
	}
	positiveDuration(p, "telegram.poll_timeout", c.Telegram.PollTimeout)
	if w := c.Telegram.WebhookURL; w != "" {
		if u, err := url.Parse(w); err != nil || u.Scheme != "https" || u.Host == "" {
			p.add("telegram.webhook_url", "%q is not an https URL (Telegram posts only to https)", w)
		}
	}
	if n := c.Telegram.WebhookMaxConnections; n < 1 || n > 100 {
		p.add("telegram.webhook_max_connections", "%d is out of range: Telegram accepts 1 to 100", n)
	}
	if n := c.Register.ExpiringDays; n < 1 || n > 366 {
		p.add("register.expiring_days", "%d is not a number of days from 1 to 366", n)
	}
	if n := c.Register.KeepMonths; n < 1 || n > 1200 {
		p.add("register.keep_months", "%d is not a number of months from 1 to 1200", n)
	}

	c.Redis.check(p)

	if c.Storage.DBPath == "" {
		p.add("storage.db_path", "empty")
	}
	if c.Storage.FilesDir == "" {
		p.add("storage.files_dir", "empty")
	}
	if n := c.Storage.MaxFileSizeMB; n < 1 || n > 2000 {
		p.add("storage.max_file_size_mb", "%d is out of range 1..2000 (2000 MB is a local Bot API server's limit)", n)
	}

	for i, id := range c.AdminIDs {
		key := fmt.Sprintf("admin_ids[%d]", i)
		switch {
		case id <= 0:
			p.add(key, "%d is not a Telegram user id", id)
		case slices.Index(c.AdminIDs, id) < i:
			p.add(key, "%d is listed twice", id)
		}
	}

	positiveDuration(p, "invites.ttl", c.Invites.TTL)

	positive(p, "outbox.global_per_second", c.Outbox.GlobalPerSecond)
	positive(p, "outbox.private_per_second", c.Outbox.PrivatePerSecond)
	positive(p, "outbox.private_burst", c.Outbox.PrivateBurst)
	positive(p, "outbox.group_per_minute", c.Outbox.GroupPerMinute)
	positive(p, "outbox.max_attempts", c.Outbox.MaxAttempts)
	positiveDuration(p, "outbox.give_up_after", c.Outbox.GiveUpAfter)
	positiveDuration(p, "outbox.drain_timeout", c.Outbox.DrainTimeout)
	if d := c.Outbox.KeepDelivered; d < 0 {
		p.add("outbox.keep_delivered", "must not be negative (0s keeps delivered messages for good), got %s", d)
	}

	for i, d := range c.Reminders.BeforeDays {
		key := fmt.Sprintf("reminders.before_days[%d]", i)
		switch {
		case d < 0 || d > 365:
			p.add(key, "%d is out of range 0..365", d)
		case slices.Index(c.Reminders.BeforeDays, d) < i:
			p.add(key, "%d is listed twice", d)
		}
	}
	slices.SortFunc(c.Reminders.BeforeDays, func(a, b int) int { return b - a })
	positive(p, "reminders.overdue_every_days", c.Reminders.OverdueEveryDays)
	positive(p, "reminders.overdue_for_days", c.Reminders.OverdueForDays)

	positive(p, "requests.default_due_working_days", c.Requests.DefaultDueWorkingDays)
	positive(p, "requests.escalate_after_working_days", c.Requests.EscalateAfterWorkingDays)

	for _, n := range c.Inspections.RemindBeforeWorkingDays {
		positive(p, "inspections.remind_before_working_days", n)
	}
	positive(p, "inspections.result_reminder_working_days", c.Inspections.ResultReminderWorkingDays)
	if _, _, ok := ParseMonthDay(c.Inspections.AnnualDue); !ok {
		p.add("inspections.annual_due", "must be a day of the year as MM-DD (e.g. 12-31), got %q", c.Inspections.AnnualDue)
	}
	if c.Inspections.PlanDue != "" {
		if _, _, ok := ParseMonthDay(c.Inspections.PlanDue); !ok {
			p.add("inspections.plan_due", "must be a day of the year as MM-DD (e.g. 03-31), got %q", c.Inspections.PlanDue)
		}
	}

	c.Metrics.Listen = strings.TrimSpace(c.Metrics.Listen)
	if strings.EqualFold(c.Metrics.Listen, MetricsOff) {
		c.Metrics.Listen = MetricsOff
	}
	if c.Metrics.Enabled() {
		_, port, err := net.SplitHostPort(c.Metrics.Listen)
		if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
			p.add("metrics.listen", "%q is not host:port (such as 127.0.0.1:9090), or off", c.Metrics.Listen)
		} else if c.Telegram.WebhookURL != "" && c.Metrics.Listen == c.Telegram.WebhookListen {
			p.add("metrics.listen", "%q is telegram.webhook_listen too; the operator's endpoints need a listener of their own", c.Metrics.Listen)
		}
	}
	switch d := c.Metrics.PollStaleAfter; {
	case d < 0:
		p.add("metrics.poll_stale_after", "must not be negative (0s means 2 × telegram.poll_timeout + 30s), got %s", d)
	case d == 0:
		c.Metrics.PollStaleAfter = 2*c.Telegram.PollTimeout + 30*time.Second
	}
	if n := c.Backup.Keep; n < 1 || n > 3650 {
		p.add("backup.keep", "%d is out of range 1..3650", n)
	}
	if d := c.Backup.Dir; d != "" && c.Storage.FilesDir != "" {
		if fsutil.Overlap(d, c.Storage.FilesDir) {
			p.add("backup.dir", "%q overlaps storage.files_dir %q: keep backups outside the file archive (and the archive outside them)", d, c.Storage.FilesDir)
		}
	}
}

func positive(p *problems, key string, n int) {
	if n <= 0 {
		p.add(key, "must be positive, got %d", n)
	}
}

func positiveDuration(p *problems, key string, d time.Duration) {
	if d <= 0 {
		p.add(key, "must be positive, got %s", d)
	}
}

// check validates the Redis settings. Problems with the address show it
// redacted, never its password.
func (r *Redis) check(p *problems) {
	if r.Addr != "" {
		if problem := redisAddrProblem(r.Addr); problem != "" {
			p.add("redis.addr", "%s %s", strconv.Quote(r.RedactedAddr()), problem)
		}
	}
	if r.Password != "" && r.Addr == "" {
		// The embedded Redis has no password: the operator meant a server.
		p.add("redis.password", "is set, but redis.addr is empty (the embedded Redis takes no password); set REDIS_ADDR to the server that wants it")
	}
	if r.CAFile != "" {
		if u, err := url.Parse(r.Addr); err != nil || u.Scheme != "rediss" {
			p.add("redis.ca_file", "is for TLS, but redis.addr is not a rediss:// URL")
		}
		if problem := caFileProblem(r.CAFile); problem != "" {
			p.add("redis.ca_file", "%s", problem)
		}
	}
	positiveDuration(p, "redis.state_ttl", r.StateTTL)
}

// redisAddrProblem checks the syntax of the forms storage/redis accepts:
// host:port, redis://[user:password@]host[:port][/db],
// rediss://… and unix://[user:password@]/path[?db=N]. It is a light check,
// so that an operator learns of a typo with the key named; storage/redis
// parses the address for real (with go-redis, which this package does not
// import). The problem never quotes the address, which may hold a password.
func redisAddrProblem(addr string) string {
	if !strings.Contains(addr, "://") {
		_, port, err := net.SplitHostPort(addr)
		if n, perr := strconv.Atoi(port); err != nil || perr != nil || n <= 0 || n > 65535 {
			return "is not host:port or a redis://, rediss:// or unix:// URL"
		}
		return ""
	}
	u, err := url.Parse(addr)
	if err != nil || u.Fragment != "" {
		return "is not a valid URL (percent-encode @ / ? # % in a password: # as %23, / as %2F)"
	}
	for k, vs := range u.Query() {
		if k != "db" {
			return fmt.Sprintf("has the option %q; only db is supported", k)
		}
		for _, v := range vs {
			if n, err := strconv.Atoi(v); err != nil || n < 0 {
				return fmt.Sprintf("has db=%q, not a database number", v)
			}
		}
	}
	switch u.Scheme {
	case "redis", "rediss":
		if port := u.Port(); port != "" {
			if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
				return fmt.Sprintf("has port %q, not a port number", port)
			}
		}
		if db := strings.Trim(u.Path, "/"); db != "" {
			if n, err := strconv.Atoi(db); err != nil || n < 0 {
				return fmt.Sprintf("has path %q; the path is a database number such as /0", u.Path)
			}
		}
	case "unix":
		if u.Host != "" || u.Path == "" {
			return "does not name a socket, as in unix:///run/redis/redis.sock"
		}
	default:
		return fmt.Sprintf("has the scheme %q; use redis://, rediss:// (TLS) or unix://", u.Scheme)
	}
	return ""
}

// caFileProblem checks that path is a readable PEM file of certificates, so
// that a wrong path or a key pasted instead of a certificate stops the bot
// at start rather than failing every TLS handshake later.
func caFileProblem(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("cannot be read: %v", err)
	}
	n := 0
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return fmt.Sprintf("%s holds a %s block; only CERTIFICATE blocks belong in a CA file", path, block.Type)
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return fmt.Sprintf("%s: certificate %d does not parse: %v", path, n+1, err)
		}
		n++
	}
	if n == 0 {
		return fmt.Sprintf("%s holds no PEM certificate", path)
	}
	return ""
}

package redis

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"

	goredis "github.com/redis/go-redis/v9"

	"github.com/bacgiang/fwbot/internal/redact"
)

// hidden replaces a password wherever an address or an error would show it.
const hidden = redact.Hidden

// ErrAuth marks a Redis that refused the credentials (no password given, a
// wrong one, or one given to a server without a password), so that main can
// tell the operator which settings to check instead of "Redis is down".
var ErrAuth = errors.New("redis refused the credentials")

// RedactAddr returns addr as it may appear in a log line or an error:
// redis://:xxxxx@host:6379/0 (see redact.Addr).
func RedactAddr(addr string) string { return redact.Addr(addr) }

// AddrPassword returns the password a redis://, rediss:// or unix:// URL
// carries, or "" for host:port; main hands it to the log's redactor next to
// the token. A bare user part (redis://secret@host) counts as a password
// only when bareUserIsPassword, that is when no password is configured
// elsewhere: with REDIS_PASSWORD set, it is an ACL user name, which must not
// be scrubbed from every log line.
func AddrPassword(addr string, bareUserIsPassword bool) string {
	return redact.Password(addr, bareUserIsPassword)
}

// clientOptions turns Options into go-redis options. A URL is parsed by
// go-redis itself, so that every form it documents is understood the way it
// documents it; Password, DB and CAFile then apply on top, and the caller
// sets the timeouts and pool.
func clientOptions(o Options) (*goredis.Options, error) {
	shown := RedactAddr(o.Addr)
	co := &goredis.Options{Network: "tcp", Addr: o.Addr}
	if strings.Contains(o.Addr, "://") {
		if err := checkQuery(o.Addr); err != nil {
			return nil, fmt.Errorf("redis: address %s: %w", shown, err)
		}
		parsed, err := goredis.ParseURL(o.Addr)
		if err != nil {
			return nil, fmt.Errorf("redis: address %s: %w", shown, parseError(err, o.Addr))
		}
		co = parsed
	} else if _, _, err := net.SplitHostPort(o.Addr); err != nil {
		return nil, fmt.Errorf("redis: address %s is not host:port or a redis://, rediss:// or unix:// URL", shown)
	}
	if o.Password != "" {
		co.Password = o.Password // wins over a password in the URL
	}
	if o.DB != 0 {
		co.DB = o.DB
	}
	if o.CAFile != "" {
		if co.TLSConfig == nil {
			return nil, fmt.Errorf("redis: a CA file is for rediss:// addresses, not %s", shown)
		}
		pool, err := loadCAs(o.CAFile)
		if err != nil {
			return nil, err
		}
		co.TLSConfig.RootCAs = pool
	}
	return co, nil
}

// checkQuery refuses URL options other than db. go-redis would accept
// dial_timeout, pool_size and the like, but New sets those itself (they are
// chosen so that an officer never waits on a dead Redis), so an option in
// the URL would be silently overridden; skip_verify would turn off the
// certificate check that CAFile exists to make possible.
func checkQuery(addr string) error {
	u, err := url.Parse(addr)
	if err != nil {
		return parseError(err, addr)
	}
	for k := range u.Query() {
		if k != "db" {
			return fmt.Errorf("option %q is not supported (only db is)", k)
		}
	}
	return nil
}

// errNotURL replaces net/url's errors, which quote the URL or a piece of it
// (an invalid escape is three characters of what may be the password).
var errNotURL = errors.New("not a valid URL (percent-encode @ / ? # % in a password)")

// parseError keeps go-redis's own parse errors (scheme, database number),
// scrubbed, and replaces net/url's.
func parseError(err error, addr string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return errNotURL
	}
	return scrub(err, AddrPassword(addr, true))
}

// loadCAs returns the system roots plus the PEM certificates in path, so
// that a private CA can be trusted without distrusting the public ones.
func loadCAs(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("redis: read ca file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool() // no system roots (scratch image): the file alone
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("redis: ca file %s holds no PEM certificate", path)
	}
	return pool, nil
}

// isAuthError reports whether Redis refused the credentials, by the error
// prefixes of Redis 5 to 7 and miniredis.
func isAuthError(err error) bool {
	var re goredis.Error
	if !errors.As(err, &re) {
		return false
	}
	msg := re.Error()
	for _, p := range []string{"NOAUTH", "WRONGPASS", "ERR invalid password", "ERR AUTH", "ERR Client sent AUTH"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// scrubbed is an error whose text has secrets replaced, and which still
// unwraps to the original so that errors.Is and coord.ErrorCode work.
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }

// scrub hides every secret in err's text, raw or percent-encoded as it
// would appear in a URL. Nothing go-redis or Redis says is known to contain
// the password, but an error that quotes an address or a command would.
func scrub(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	redacted := msg
	for _, s := range secrets {
		redacted = scrubString(redacted, s)
	}
	if redacted == msg {
		return err
	}
	return &scrubbed{msg: redacted, err: err}
}

// scrubString replaces secret in s, in the raw form and in the percent-encoded
// forms a URL gives it, with xxxxx; an empty secret changes nothing.
func scrubString(s, secret string) string {
	return redact.Replace(s, redact.Forms(secret), hidden)
}

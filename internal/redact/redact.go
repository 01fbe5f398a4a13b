// Package redact hides the password of a Redis address: config (checking
// and printing the configuration) and storage/redis (its errors) both show
// addresses, and must hide them the same way, without config depending on
// the Redis client.
package redact

import (
	"net/url"
	"strings"
)

// Hidden replaces a password wherever an address or an error would show it.
const Hidden = "xxxxx"

// Addr returns addr as it may appear in a log line or an error: the
// password of a redis://, rediss:// or unix:// URL shows as xxxxx
// (redis://:xxxxx@host:6379/0), and host:port is returned as it is. A user
// part without a password (redis://secret@host) is hidden too: go-redis
// takes it for a user name, but the operator most likely meant a password.
// An address too malformed to parse loses everything before its last @,
// since that is where a password would be.
func Addr(addr string) string {
	if !strings.Contains(addr, "@") {
		return addr // no userinfo, hence no password
	}
	switch u, err := url.Parse(addr); {
	case err != nil || u.Opaque != "":
		// Not scheme://…; "user:pw@host:6379" parses as scheme "user".
	case u.User == nil:
		return addr // the @ is in the path or the query
	default:
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), Hidden)
		} else {
			u.User = url.User(Hidden)
		}
		return u.String()
	}
	at := strings.LastIndex(addr, "@")
	prefix := ""
	if scheme, _, ok := strings.Cut(addr[:at], "://"); ok {
		prefix = scheme + "://"
	}
	return prefix + Hidden + addr[at:]
}

// Package redact hides secrets where an address, an error or a log line
// would show them: the password of a Redis address (config checks and
// prints the configuration, storage/redis reports errors, and both must
// hide it the same way without config depending on the Redis client), and
// any secret in the forms a URL gives it (the log's redactor, the Redis
// store's errors).
package redact

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
)

// Hidden replaces a password wherever an address or an error would show it.
const Hidden = "xxxxx"

// userinfo splits addr ("scheme://user:password@host…") around its user
// part: everything between "://" and the last "@" before the host. It is
// found by position, not by url.Parse, which takes a password holding an
// unescaped "/", "?" or "#" for the start of the path, query or fragment and
// would then see no user part to hide. ok is false when addr has none. A
// Redis address never has an "@" in its path or query, so the last "@" is
// the end of the user part.
func userinfo(addr string) (prefix, info, rest string, ok bool) {
	i := strings.Index(addr, "://")
	if i < 0 {
		return "", "", "", false
	}
	at := strings.LastIndex(addr, "@")
	if at < i+3 {
		return "", "", "", false
	}
	info = addr[i+3 : at]
	if strings.EqualFold(addr[:i], "unix") && strings.HasPrefix(info, "/") {
		return "", "", "", false // unix:///run/a@b.sock: the @ is in the socket's path
	}
	return addr[:i+3], info, addr[at:], true
}

// Addr returns addr as it may appear in a log line or an error: the
// password of a redis://, rediss:// or unix:// URL shows as xxxxx
// (redis://:xxxxx@host:6379/0, redis://user:xxxxx@host), and host:port is
// returned as it is. A user part without a password (redis://secret@host)
// is hidden too: go-redis takes it for a user name, but the operator may
// have meant a password. An address that is not a URL but has an "@" loses
// everything before its last "@", since that is where a password would be.
func Addr(addr string) string {
	if !strings.Contains(addr, "@") {
		return addr // no user part, hence no password
	}
	prefix, info, rest, ok := userinfo(addr)
	switch {
	case !ok && strings.Contains(addr, "://"):
		return addr // the @ is in a unix socket's path
	case !ok:
		return Hidden + addr[strings.LastIndex(addr, "@"):]
	}
	if user, _, hasPassword := strings.Cut(info, ":"); hasPassword {
		return prefix + user + ":" + Hidden + rest
	}
	return prefix + Hidden + rest
}

// Password returns the password in addr's user part ("" for host:port or
// a URL without one). bareUserIsPassword says what to do with a user part
// that has no ":": treat it as a password (true: no password was given
// elsewhere, so the operator probably meant it as one) or as a user name.
func Password(addr string, bareUserIsPassword bool) string {
	_, info, _, ok := userinfo(addr)
	if !ok {
		return ""
	}
	user, password, hasPassword := strings.Cut(info, ":")
	switch {
	case hasPassword:
		return decoded(password)
	case bareUserIsPassword:
		return decoded(user)
	}
	return ""
}

// decoded undoes the percent-encoding a URL's user part may carry.
func decoded(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

// Forms lists every way secret may appear in text: raw, and in the
// percent-encoded forms of a URL's path, query and user part; longest
// first, so that a form containing another is replaced whole. An empty
// secret has none.
func Forms(secrets ...string) []string {
	var forms []string
	for _, s := range secrets {
		if s == "" {
			continue
		}
		forms = append(forms, s, url.PathEscape(s), url.QueryEscape(s),
			strings.TrimPrefix(url.UserPassword("", s).String(), ":"))
	}
	slices.SortFunc(forms, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b)) })
	return slices.Compact(forms)
}

// Replace replaces every form in s with with.
func Replace(s string, forms []string, with string) string {
	for _, f := range forms {
		s = strings.ReplaceAll(s, f, with)
	}
	return s
}

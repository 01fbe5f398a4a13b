// Package redact hides secrets where an address, an error or a log line
// would show them: the password of a Redis address (config checks and
// prints the configuration, storage/redis reports errors, and both must
// hide it the same way without config depending on the Redis client), and
// any secret in the forms a URL gives it (the log's redactor, the Redis
// store's errors).
package redact

import (
	"cmp"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
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

// Forms lists every way secret may appear in text: raw; in the
// percent-encoded forms of a URL's path, query and user part, with upper- or
// lowercase hex, and encoded twice (a URL carried in another URL's query);
// and escaped as in a JSON or Go string. A bot token (<bot id>:<key>) is
// also hidden by its key alone, the part that grants access, so that any
// encoding of the ":" between them (123456%3A…, 123456%3a…) cannot show it.
// Longest first, so that a form containing another is replaced whole. An
// empty secret has none.
func Forms(secrets ...string) []string {
	var forms []string
	for _, s := range secrets {
		if s == "" {
			continue
		}
		cores := []string{s}
		if key, ok := tokenKey(s); ok {
			cores = append(cores, key)
		}
		for _, c := range cores {
			quoted, _ := json.Marshal(c)
			for _, f := range []string{c, url.PathEscape(c), url.QueryEscape(c),
				strings.TrimPrefix(url.UserPassword("", c).String(), ":"),
				strings.Trim(string(quoted), `"`), strings.Trim(strconv.Quote(c), `"`)} {
				forms = append(forms, f, lowerHex(f), url.QueryEscape(f), lowerHex(url.QueryEscape(f)))
			}
		}
	}
	slices.SortFunc(forms, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b)) })
	return slices.Compact(forms)
}

// minTokenKey is the shortest key part taken for a bot token's: BotFather's
// are 35 characters; a shorter one could be a word of an ordinary message.
const minTokenKey = 20

// tokenKey returns the key of a Telegram bot token (digits, ":", then
// letters, digits, "_" and "-"); ok is false for any other secret.
func tokenKey(s string) (key string, ok bool) {
	id, key, found := strings.Cut(s, ":")
	if !found || id == "" || len(key) < minTokenKey {
		return "", false
	}
	for _, c := range id {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	for _, c := range key {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-') {
			return "", false
		}
	}
	return key, true
}

// lowerHex is s with the hex digits of its percent-escapes in lowercase,
// as some encoders write them.
func lowerHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			for j := i + 1; j <= i+2; j++ {
				if b[j] >= 'A' && b[j] <= 'F' {
					b[j] += 'a' - 'A'
				}
			}
			i += 2
		}
	}
	return string(b)
}

// Replace replaces every form in s with with.
func Replace(s string, forms []string, with string) string {
	for _, f := range forms {
		s = strings.ReplaceAll(s, f, with)
	}
	return s
}

package redact

import (
	"strings"
	"testing"
)

// TestAddrHidesEveryPassword: the password is hidden whatever characters it
// has, including the unescaped / ? # that net/url takes for the path, the
// query or the fragment (one base64 password in 64 starts with /).
func TestAddrHidesEveryPassword(t *testing.T) {
	for _, tt := range []struct{ in, want, secret string }{
		{"redis://:/Secret@redis:6379/0", "redis://:xxxxx@redis:6379/0", "Secret"},
		{"redis://:12?Secret@redis:6379", "redis://:xxxxx@redis:6379", "Secret"},
		{"redis://:#Secret@redis:6379", "redis://:xxxxx@redis:6379", "Secret"},
		{"redis://fwbot:a@b/c?d#e@redis:6379/1", "redis://fwbot:xxxxx@redis:6379/1", "b/c?d"},
		{"unix://:pw@/run/redis.sock", "unix://:xxxxx@/run/redis.sock", "pw"},
		{"unix:///run/a@b.sock", "unix:///run/a@b.sock", ""},
		{"127.0.0.1:6379", "127.0.0.1:6379", ""},
	} {
		got := Addr(tt.in)
		if got != tt.want {
			t.Errorf("Addr(%q) = %q; want %q", tt.in, got, tt.want)
		}
		if tt.secret != "" && strings.Contains(got, tt.secret) {
			t.Errorf("Addr(%q) = %q shows the password", tt.in, got)
		}
	}
}

func TestPassword(t *testing.T) {
	for _, tt := range []struct {
		in   string
		bare bool
		want string
	}{
		{"redis://:/Secret@redis:6379/0", true, "/Secret"},
		{"redis://user:p%40ss@redis", false, "p@ss"},
		{"redis://user@redis", true, "user"},
		{"redis://user@redis", false, ""},
		{"unix:///run/a@b.sock", true, ""},
		{"redis:6379", true, ""},
	} {
		if got := Password(tt.in, tt.bare); got != tt.want {
			t.Errorf("Password(%q, %v) = %q; want %q", tt.in, tt.bare, got, tt.want)
		}
	}
}

func TestForms(t *testing.T) {
	got := Replace("a p@ss/w p%40ss%2Fw p@ss%2Fw b", Forms("p@ss/w", ""), "X")
	if got != "a X X X b" {
		t.Errorf("Replace = %q", got)
	}
}

// TestFormsOfATokenAnyEncoding: issue 17 item 7. Whatever an upstream error
// echoes — the token query-escaped with upper- or lowercase hex, escaped
// twice, inside JSON — neither the token nor its key is left.
func TestFormsOfATokenAnyEncoding(t *testing.T) {
	const token = "7000001:AAH-test_TOKEN_do-not-log-0123456"
	const key = "AAH-test_TOKEN_do-not-log-0123456"
	forms := Forms(token)
	for _, in := range []string{
		"GET https://api.telegram.org/bot" + token + "/getMe",
		"next=%2Fbot7000001%3AAAH-test_TOKEN_do-not-log-0123456%2FgetMe",
		"next=%2fbot7000001%3aAAH-test_TOKEN_do-not-log-0123456%2fgetMe",
		"u=7000001%253AAAH-test_TOKEN_do-not-log-0123456",
		`{"url":"https:\/\/x\/bot7000001:AAH-test_TOKEN_do-not-log-0123456\/x"}`,
		"7000001\\u003aAAH-test_TOKEN_do-not-log-0123456",
		"key " + key + " only",
	} {
		got := Replace(in, forms, "X")
		if strings.Contains(got, key) || strings.Contains(got, token) {
			t.Errorf("Replace(%q) = %q shows the token", in, got)
		}
		if !strings.Contains(got, "X") {
			t.Errorf("Replace(%q) = %q: nothing replaced", in, got)
		}
	}
}

// TestFormsOfAPasswordAnyEncoding: a password needing escapes is hidden in
// lowercase hex, escaped twice, and JSON-escaped.
func TestFormsOfAPasswordAnyEncoding(t *testing.T) {
	const pw = `p@ss/w:"rd"<42>`
	forms := Forms(pw)
	for _, in := range []string{
		"a=p%40ss%2Fw%3A%22rd%22%3C42%3E",
		"a=p%40ss%2fw%3a%22rd%22%3c42%3e",
		"a=p%2540ss%252Fw%253A%2522rd%2522%253C42%253E",
		`{"a":"p@ss/w:\"rd\"\u003c42\u003e"}`,
	} {
		if got := Replace(in, forms, "X"); got == in || strings.Contains(got, "42") {
			t.Errorf("Replace(%q) = %q shows the password", in, got)
		}
	}
	if _, ok := tokenKey(pw); ok {
		t.Errorf("a password taken for a bot token")
	}
	if _, ok := tokenKey("12:short"); ok {
		t.Errorf("a short key taken for a bot token")
	}
}

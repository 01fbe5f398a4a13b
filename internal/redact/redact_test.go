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

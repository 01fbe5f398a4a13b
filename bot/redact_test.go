package bot

import (
	"bytes"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"testing"
)

func TestRedactingHandlerSeveralSecrets(t *testing.T) {
	const password = "p@ss/w:rd#42 ok"
	inURL := (&url.URL{Scheme: "redis", User: url.UserPassword("", password), Host: "redis:6379", Path: "/0"}).String()
	tests := []struct {
		name string
		log  func(*slog.Logger)
	}{
		{"Message", func(l *slog.Logger) { l.Info("auth " + password) }},
		{"URLInError", func(l *slog.Logger) { l.Error("redis down", "err", errors.New("dial "+inURL+": refused")) }},
		{"QueryEscaped", func(l *slog.Logger) { l.Info("x", "q", "pw="+url.QueryEscape(password)) }},
		{"PathEscaped", func(l *slog.Logger) { l.Info("x", "p", "/"+url.PathEscape(password)) }},
		{"WithAttrs", func(l *slog.Logger) { l.With("addr", inURL).Info("connected") }},
		{"Group", func(l *slog.Logger) { l.Info("x", slog.Group("redis", "addr", inURL, "token", testToken)) }},
		{"Token", func(l *slog.Logger) { l.Info("getMe", "url", "https://api.telegram.org/bot"+testToken+"/getMe") }},
		// Issue 17 item 7: the token as an upstream error may echo it.
		{"TokenQueryEscaped", func(l *slog.Logger) { l.Warn("send", "err", errors.New("bad path /bot"+url.QueryEscape(testToken))) }},
		{"TokenLowerHex", func(l *slog.Logger) {
			l.Warn("send", "err", errors.New("bad path "+strings.ReplaceAll(url.QueryEscape("/bot"+testToken), "%3A", "%3a")))
		}},
		{"TokenTwiceEscaped", func(l *slog.Logger) { l.Warn("send", "err", url.QueryEscape(url.QueryEscape(testToken))) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			tt.log(slog.New(NewRedactingHandler(slog.NewTextHandler(&buf, nil), testToken, "", password)))
			out := buf.String()
			_, key, _ := strings.Cut(testToken, ":")
			for _, leak := range []string{password, "42 ok", "42+ok", "42%20ok", testToken, key} {
				if strings.Contains(out, leak) {
					t.Errorf("log shows %q: %s", leak, out)
				}
			}
			if !strings.Contains(out, "[redacted]") {
				t.Errorf("nothing redacted: %s", out)
			}
		})
	}

	t.Run("NoSecrets", func(t *testing.T) {
		var buf bytes.Buffer
		slog.New(NewRedactingHandler(slog.NewTextHandler(&buf, nil), "", "")).Info("nothing to hide", "addr", "redis:6379")
		if out := buf.String(); strings.Contains(out, "[redacted]") || !strings.Contains(out, "nothing to hide") || !strings.Contains(out, "redis:6379") {
			t.Errorf("log changed without a secret: %s", out)
		}
	})
}

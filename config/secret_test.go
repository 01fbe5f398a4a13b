package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const token = "123456789:AAHsecretTOKENvalue_x-y"

// The token must not leak through any way a Config or its parts might be
// printed: fmt verbs, slog (JSON and text), JSON, YAML, or an error.
func TestTokenNeverPrinted(t *testing.T) {
	c := loadRepo(t, map[string]string{"TELEGRAM_BOT_TOKEN": token})
	if c.Telegram.Token.Reveal() != token {
		t.Fatalf("Reveal: got %q", c.Telegram.Token.Reveal())
	}

	var outputs = map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		outputs["*Config "+verb] = fmt.Sprintf(verb, c)
		outputs["Config "+verb] = fmt.Sprintf(verb, *c)
		outputs["Telegram "+verb] = fmt.Sprintf(verb, c.Telegram)
		outputs["Token "+verb] = fmt.Sprintf(verb, c.Telegram.Token)
	}
	outputs["Token.String"] = c.Telegram.Token.String()
	outputs["Token.GoString"] = c.Telegram.Token.GoString()

	for name, h := range map[string]func(*bytes.Buffer) slog.Handler{
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		var buf bytes.Buffer
		slog.New(h(&buf)).Info("start", "config", c, "telegram", c.Telegram, "token", c.Telegram.Token)
		outputs["slog "+name] = buf.String()
	}

	j, err := json.Marshal(c.Telegram)
	if err != nil {
		t.Fatal(err)
	}
	outputs["json"] = string(j)
	y, err := yaml.Marshal(c.Telegram)
	if err != nil {
		t.Fatal(err)
	}
	outputs["yaml"] = string(y)

	for name, out := range outputs {
		if strings.Contains(out, token) || strings.Contains(out, "AAHsecret") {
			t.Errorf("%s shows the token: %s", name, out)
		}
	}
	for _, name := range []string{"Config %v", "Token %#v", "slog json", "slog text", "json", "yaml"} {
		if !strings.Contains(outputs[name], "[redacted]") {
			t.Errorf("%s: want [redacted] in %s", name, outputs[name])
		}
	}
}

// A token rejected by validation must not be echoed in the error either.
func TestBadTokenNotInError(t *testing.T) {
	for _, vars := range []map[string]string{
		{"TELEGRAM_BOT_TOKEN": "123:AAHsecret token"},
		{"TELEGRAM_API_ENDPOINT": "https://api.telegram.org/bot123:AAHsecret"},
	} {
		_, err := Parse([]byte(repoText(t)), "config.yaml", env(vars))
		if err == nil {
			t.Fatalf("%v: no error", vars)
		}
		if strings.Contains(err.Error(), "AAHsecret") {
			t.Errorf("%v: the error shows the token: %v", vars, err)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestWebhookModeEndToEnd runs Main in webhook mode: it registers the
// webhook with its secret, answers an update posted with the secret, and
// refuses one posted without it.
func TestWebhookModeEndToEnd(t *testing.T) {
	e := newE2E(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // Main listens on it itself
	const secret = "webhook-secret_for-the-test-0123456789"
	e.env["TELEGRAM_WEBHOOK_URL"] = "https://bot.example.gov.vn/telegram/hook-7f3a"
	e.env["TELEGRAM_WEBHOOK_LISTEN"] = addr
	e.env["TELEGRAM_WEBHOOK_SECRET"] = secret
	e.start()
	reg := e.api.WaitFor(t, wait, "setWebhook", func(c fakeapi.Call) bool { return c.Method == "setWebhook" })
	if reg.Params["secret_token"] != secret || reg.Params["url"] != e.env["TELEGRAM_WEBHOOK_URL"] {
		t.Fatalf("setWebhook %v", reg.Params)
	}
	// Registered and listening is ready, before any update has come.
	eventually(t, e.metricsAddr()+"/readyz", "/readyz 200 in webhook mode", func(code int, _ string) bool { return code == http.StatusOK })
	update := func(id int, text string) []byte {
		b, _ := json.Marshal(map[string]any{"update_id": id, "message": map[string]any{
			"message_id": id, "date": time.Now().Unix(), "text": text,
			"from":     map[string]any{"id": adminID, "is_bot": false, "first_name": "Quản"},
			"chat":     map[string]any{"id": adminID, "type": "private"},
			"entities": []map[string]any{{"type": "bot_command", "offset": 0, "length": len(text)}},
		}})
		return b
	}
	post := func(secretHeader string, body []byte) int {
		t.Helper()
		url := "http://" + addr + "/telegram/hook-7f3a"
		// The server listens before it calls setWebhook, which we waited for.
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, url, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if secretHeader != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secretHeader)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("wrong-secret", update(900001, "/whoami")); code != http.StatusUnauthorized {
		t.Fatalf("wrong secret: %d", code)
	}
	if code := post("", update(900001, "/whoami")); code != http.StatusUnauthorized {
		t.Fatalf("no secret: %d", code)
	}
	after := e.lastSeq()
	if code := post(secret, update(900002, "/whoami")); code != http.StatusOK {
		t.Fatalf("right secret: %d", code)
	}
	e.waitSent(after, "sendMessage", adminID, "quản trị viên")
	// A refused update handled anyway would have been answered before the
	// accepted one (one chat's messages leave in order): one answer only.
	if n := count(e.api.Sent(), adminID, "Mã Telegram"); n != 1 {
		t.Fatalf("/whoami answered %d times; the refused updates must not be handled", n)
	}
	if strings.Contains(e.logs.String(), secret) {
		t.Error("the webhook secret appears in the log")
	}
}

package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestATypoIsNotAnError: an officer's mistake is answered politely and
// logged at INFO with the values typed; ERROR is kept for the bot's own
// faults, so an operator's alert on ERROR lines never fires for a typo.
func TestATypoIsNotAnError(t *testing.T) {
	e := newE2E(t)
	e.start()
	e.say(admin, fakeapi.Private(admin), "/invite congann", "congann")
	e.logs.WaitFor(t, wait, `msg="handler refused"`)
	logs := e.logs.String()
	if strings.Contains(logs, "level=ERROR") {
		t.Errorf("a typo was logged at ERROR:\n%s", logs)
	}
	var line string
	for _, l := range strings.Split(logs, "\n") {
		if strings.Contains(l, `msg="handler refused"`) {
			line = l
		}
	}
	if !strings.Contains(line, "level=INFO") || !strings.Contains(line, `\"congann\"`) || strings.Contains(line, "%q") || strings.Contains(line, "%s") {
		t.Errorf("the refusal's log line should be INFO with the code typed filled in, got:\n%s", line)
	}
}

// TestJSONLogs: BOT_LOG_FORMAT=json makes every log line one JSON object,
// for a log collector.
func TestJSONLogs(t *testing.T) {
	e := newE2E(t)
	e.env["BOT_LOG_FORMAT"] = "json"
	e.start()
	e.say(admin, fakeapi.Private(admin), "/invite congann", "congann")
	e.logs.WaitFor(t, wait, `"msg":"handler refused"`)
	lines := 0
	for _, l := range strings.Split(strings.TrimSpace(e.logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("a log line is not JSON: %v\n%s", err, l)
		}
		if rec["level"] == nil || rec["msg"] == nil {
			t.Errorf("a JSON log line has no level or msg: %s", l)
		}
		lines++
	}
	if lines < 3 {
		t.Errorf("only %d log lines", lines)
	}
}

package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestStrangerRefusedOnceAnHourInAGroup: a stranger typing commands in a
// bound group is told once; the rest are dropped (counted in the metrics),
// so the group's 20 messages a minute stay for its reports. In the private
// chat every command still gets its answer.
func TestStrangerRefusedOnceAnHourInAGroup(t *testing.T) {
	e := newE2E(t)
	e.start()
	e.say(minh, fakeapi.Private(minh), "/start "+e.invite("congan"), "Chào mừng")
	e.say(admin, groupCA, "/bindgroup congan", "Đã liên kết")
	refusal := "Bạn chưa được ghi danh"
	e.say(stranger, groupCA, "/status", refusal)
	for range 20 {
		e.api.SendText(stranger, groupCA, "/status")
	}
	// Updates of one chat are handled in order: once the officer's reply
	// is out, the stranger's twenty were handled.
	e.say(minh, groupCA, "/whoami", "Công an tỉnh")
	n := 0
	for _, text := range e.api.TextsTo(groupCA.ID) {
		if strings.Contains(text, refusal) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the stranger was refused %d times in the group, want once", n)
	}
	// The private chat is not the group's budget: each gets its answer.
	e.say(stranger, fakeapi.Private(stranger), "/status", "chưa được ghi danh")
	e.say(stranger, fakeapi.Private(stranger), "/status", "chưa được ghi danh")
	_, body := eventually(t, e.metricsAddr()+"/metrics", "the dropped refusals counted", func(code int, body string) bool {
		return code == http.StatusOK && sample(body, `fwbot_refusals_total{reason="stranger_quiet"}`) == 20
	})
	if got := sample(body, `fwbot_refusals_total{reason="stranger"}`); got != 3 {
		t.Errorf("stranger refusals answered: %v, want 3 (one in the group, two in private)", got)
	}
}

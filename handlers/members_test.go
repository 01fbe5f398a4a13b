package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
)

// answer is the toast of a press among msgs ("" if none).
func answer(msgs []coord.OutMessage) string {
	for _, m := range msgs {
		if m.Kind == coord.OutCallbackAnswer {
			return m.Text
		}
	}
	return ""
}

// TestRevokedPersonIsAStranger revokes through the store, as /revoke does,
// and checks the router's side: every kind of update is refused as a
// stranger's, and a new invite gives access back.
func TestRevokedPersonIsAStranger(t *testing.T) {
	e := newEnv(t)
	e.enrol(officerA, "yte")
	e.text(officerA, private(officerA), "/lang en")
	e.text(admin, group(groupYTE), "/bindgroup yte")
	e.newMessages()
	err := e.store.Update(context.Background(), func(tx coord.Tx) error {
		u, err := tx.User(context.Background(), officerA.ID)
		if err != nil {
			return err
		}
		at := e.now
		u.RevokedAt = &at
		return tx.PutUser(context.Background(), u)
	})
	if err != nil {
		t.Fatal(err)
	}
	only(t, e.text(officerA, private(officerA), "/whoami"), officerA.ID, "chưa được ghi danh", "Mã Telegram của bạn: 201")
	only(t, e.text(officerA, group(groupYTE), "/status"), groupYTE, "Bạn chưa được ghi danh")
	if a := answer(e.press(officerA, private(officerA), 5, "lang:vi")); !strings.Contains(a, "chưa được ghi danh") {
		t.Errorf("a revoked person's press: %q", a)
	}
	reply := bot.Update{Chat: group(groupYTE), From: officerA, MessageID: 90, Text: "bổ sung", ReplyTo: &bot.Reply{MessageID: 70, FromBot: true}}
	only(t, e.handle(reply), groupYTE, "Bạn chưa được ghi danh")
	for _, a := range e.audit("user.lang") {
		if strings.Contains(a.After, `"vi"`) {
			t.Errorf("a revoked person changed their language: %+v", a)
		}
	}

	code := e.invite("yte")
	only(t, e.text(officerA, private(officerA), "/start "+code), officerA.ID, "Welcome Lan Nguyễn")
	only(t, e.text(officerA, private(officerA), "/whoami"), officerA.ID, "Agency: Sở Y tế")
	enrol := e.audit("user.enrol") // newest first
	if !strings.Contains(enrol[0].Before, "revoked_at") || strings.Contains(enrol[0].After, "revoked_at") {
		t.Errorf("re-enrolment audit %+v: want the revoked record before, none after", enrol[0])
	}
}

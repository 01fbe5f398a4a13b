package handlers_test

import (
	"context"
	"strings"
	"testing"
)

// TestInviteMessageIsSecret checks that the one message showing an invite
// code asks the store to erase it after delivery, and that the audit row of
// the invite holds no code either. The end-to-end test reads the database.
func TestInviteMessageIsSecret(t *testing.T) {
	e := newEnv(t)
	msgs := e.text(admin, private(admin), "/invite yte officer")
	m := only(t, msgs, adminID, "https://t.me/"+botName+"?start=")
	if !m.Secret {
		t.Errorf("the invite message is not marked secret: %+v", m)
	}
	code := codeRe.FindStringSubmatch(m.Text)[1]
	for _, a := range e.audit("invite.create") {
		if strings.Contains(a.Before+a.After, code) {
			t.Errorf("the audit row holds the code: %+v", a)
		}
	}
	// Delivered and scrubbed, the code still enrols: only its hash counts.
	if err := e.store.MarkSent(context.Background(), e.seen, []int{77}, e.now); err != nil {
		t.Fatal(err)
	}
	only(t, e.text(officerA, private(officerA), "/start "+code), officerA.ID, "Chào mừng")
	// Other replies are not secret.
	for _, m := range e.text(officerA, private(officerA), "/whoami") {
		if m.Secret {
			t.Errorf("an ordinary reply is marked secret: %+v", m)
		}
	}
}

package bot

import (
	"context"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestSenderThroughFaults drives the real Client against the fake Bot API:
// a call that hangs past the call timeout, a dropped connection and a
// response lost after Telegram handled the message are all retried; the
// message arrives (at least once: a lost response may duplicate it, which
// Telegram gives no way to avoid).
func TestSenderThroughFaults(t *testing.T) {
	api := fakeapi.New()
	t.Cleanup(api.Close)
	client, err := NewClient(context.Background(), api.URL(), testToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	store := &memOutbox{}
	store.add(coord.OutMessage{Kind: coord.OutText, ChatID: 42, Text: "sau khi treo"})
	store.add(coord.OutMessage{Kind: coord.OutText, ChatID: 43, Text: "sau khi rớt kết nối"})
	api.FailNext("sendMessage", 1, fakeapi.Fault{Kind: fakeapi.Hang, Delay: 30 * time.Second})
	api.FailNext("sendMessage", 1, fakeapi.Fault{Kind: fakeapi.Drop})
	api.FailNext("sendMessage", 1, fakeapi.Fault{Kind: fakeapi.LoseResponse})
	_, stop := runSender(t, store, client, SenderOptions{CallTimeout: 300 * time.Millisecond})
	stop()
	for id, st := range store.states() {
		if st != "sent" {
			t.Errorf("item %d is %s", id, st)
		}
	}
	for chat, text := range map[int64]string{42: "sau khi treo", 43: "sau khi rớt kết nối"} {
		got := api.TextsTo(chat)
		if len(got) == 0 || got[len(got)-1] != text {
			t.Errorf("chat %d got %q", chat, got)
		}
	}
}

package bot

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fakeapi"
)

func TestBotRemovedFromAGroup(t *testing.T) {
	c := &Client{Username: "fwbot_test_bot", ID: 1000}
	bot := &tgbotapi.User{ID: 1000, IsBot: true}
	update := func(chat tgbotapi.Chat, who *tgbotapi.User, status string) tgbotapi.Update {
		return tgbotapi.Update{UpdateID: 7, MyChatMember: &tgbotapi.ChatMemberUpdated{Chat: chat, From: tgbotapi.User{ID: 5, FirstName: "Lan"},
			OldChatMember: tgbotapi.ChatMember{User: who, Status: "member"}, NewChatMember: tgbotapi.ChatMember{User: who, Status: status}}}
	}
	group := tgbotapi.Chat{ID: -100222, Type: "supergroup", Title: "Công an"}
	for _, status := range []string{"kicked", "left"} {
		u, ok := c.convert(update(group, bot, status))
		if !ok || u.BotRemoved != status || u.Chat.ID != group.ID || u.From.ID != 5 {
			t.Errorf("%s: got %+v ok %v", status, u, ok)
		}
		rt, err := (&Router{removed: &route{name: "removed"}}).find(&u)
		if err != nil || rt == nil || rt.name != "removed" {
			t.Errorf("%s routed to %v (%v), want the removed route", status, rt, err)
		}
	}
	for name, tu := range map[string]tgbotapi.Update{
		"promoted":       update(group, bot, "administrator"),
		"someone else":   update(group, &tgbotapi.User{ID: 6}, "kicked"),
		"private blocks": update(tgbotapi.Chat{ID: 5, Type: "private"}, bot, "kicked"),
	} {
		if u, ok := c.convert(tu); ok {
			t.Errorf("%s: handled as %+v, want ignored", name, u)
		}
	}
}

// TestPollerAsksForMembershipUpdates: Telegram sends my_chat_member only to
// a bot that asks for it, and the fake drops what was not asked for.
func TestPollerAsksForMembershipUpdates(t *testing.T) {
	api := fakeapi.New()
	t.Cleanup(api.Close)
	client, err := NewClient(context.Background(), api.URL(), testToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	group := fakeapi.Chat{ID: -100222, Type: "supergroup", Title: "Công an"}
	id := api.RemoveBot(fakeapi.User{ID: 5, FirstName: "Lan"}, group, "kicked")
	ups, err := client.GetUpdates(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ups) != 1 || ups[0].ID != id || ups[0].BotRemoved != "kicked" || ups[0].Chat.ID != group.ID {
		t.Fatalf("got %+v, want the removal of the bot", ups)
	}
	_, err = client.Send(context.Background(), coord.OutMessage{Kind: coord.OutText, ChatID: group.ID, Text: "báo cáo"})
	var ae *APIError
	if !errors.As(err, &ae) || !ae.ChatGone() || ae.Temporary {
		t.Fatalf("send to the group after the removal: %v, want a permanent chat-gone error", err)
	}
}

func TestChatGone(t *testing.T) {
	for _, c := range []struct {
		code int
		desc string
		want bool
	}{
		{403, "Forbidden: bot was kicked from the group chat", true},
		{403, "Forbidden: bot was kicked from the supergroup chat", true},
		{403, "Forbidden: bot is not a member of the supergroup chat", true},
		{400, "Bad Request: chat not found", true},
		{403, "Forbidden: the group chat was deactivated", true},
		{400, "Bad Request: have no rights to send a message", true},
		{400, "Bad Request: not enough rights to send documents to the chat", true},
		{400, "Bad Request: message to reply not found", false},
		{400, "Bad Request: group chat was upgraded to a supergroup chat", false},
		{500, "Internal Server Error: chat not found", false},
	} {
		if got := (&APIError{Code: c.code, Description: c.desc}).ChatGone(); got != c.want {
			t.Errorf("%d %q: ChatGone %v, want %v", c.code, c.desc, got, c.want)
		}
	}
}

// lostHook records ChatLost calls and takes, like the use case, the
// chat's pending items of the store.
type lostHook struct {
	mu    sync.Mutex
	store *memOutbox
	calls []int64
	take  bool
}

func (h *lostHook) lost(_ context.Context, chat, item int64, loss coord.GroupLoss, reason string) ([]int64, error) {
	if loss != coord.GroupRemovedBot {
		return nil, errors.New("wrong loss " + string(loss))
	}
	h.mu.Lock()
	h.calls = append(h.calls, item)
	h.mu.Unlock()
	if !h.take {
		return nil, nil
	}
	h.store.mu.Lock()
	defer h.store.mu.Unlock()
	var taken []int64
	for _, it := range h.store.items {
		if it.Msg.ChatID == chat && it.state == "pending" {
			it.state, it.err = "failed", "re-routed: "+reason
			taken = append(taken, it.ID)
		}
	}
	return taken, nil
}

func TestSenderHandsALostGroupToChatLost(t *testing.T) {
	kicked := &APIError{Method: "sendDocument", Code: 403, Description: "Forbidden: bot was kicked from the group chat"}
	setup := func() (*memOutbox, *scriptedDeliverer) {
		store := &memOutbox{}
		store.add(coord.OutMessage{Kind: coord.OutFiles, ChatID: -5, Text: "report"})
		store.add(coord.OutMessage{Kind: coord.OutText, ChatID: -5, Text: "reminder"})
		store.add(coord.OutMessage{Kind: coord.OutText, ChatID: 7, Text: "receipt"})
		d := newScripted()
		d.script["report"] = []error{kicked}
		d.script["reminder"] = []error{kicked}
		return store, d
	}
	t.Run("Taken", func(t *testing.T) {
		store, d := setup()
		h := &lostHook{store: store, take: true}
		_, stop := runSender(t, store, d, SenderOptions{ChatLost: h.lost, Logger: slog.New(slog.DiscardHandler)})
		stop()
		if len(h.calls) != 1 || h.calls[0] != 1 {
			t.Errorf("ChatLost calls %v, want one for item 1", h.calls)
		}
		if d.attempts["reminder"] != 0 {
			t.Errorf("the group's next item was tried %d times after the group was lost", d.attempts["reminder"])
		}
		if st := store.states(); st[1] != "failed" || st[2] != "failed" || st[3] != "sent" {
			t.Errorf("states %v", st)
		}
		if e := store.get(1).err; e != "re-routed: "+kicked.Error() {
			t.Errorf("item 1 recorded %q, want the hook's reason", e)
		}
	})
	t.Run("NotBound", func(t *testing.T) {
		store, d := setup()
		h := &lostHook{store: store}
		_, stop := runSender(t, store, d, SenderOptions{ChatLost: h.lost, Logger: slog.New(slog.DiscardHandler)})
		stop()
		if len(h.calls) != 2 || d.attempts["reminder"] != 1 {
			t.Errorf("ChatLost calls %v, reminder attempts %d: each item fails on its own", h.calls, d.attempts["reminder"])
		}
		if st := store.states(); st[1] != "failed" || st[2] != "failed" || st[3] != "sent" {
			t.Errorf("states %v", st)
		}
	})
	t.Run("PrivateChatsAndOtherErrorsNeverAsk", func(t *testing.T) {
		store := &memOutbox{}
		store.add(coord.OutMessage{Kind: coord.OutText, ChatID: 9, Text: "blocked"})
		store.add(coord.OutMessage{Kind: coord.OutText, ChatID: -9, Text: "bad"})
		d := newScripted()
		d.script["blocked"] = []error{&APIError{Code: 403, Description: "Forbidden: bot was blocked by the user"}}
		d.script["bad"] = []error{&APIError{Code: 400, Description: "Bad Request: message is too long"}}
		h := &lostHook{store: store, take: true}
		_, stop := runSender(t, store, d, SenderOptions{ChatLost: h.lost, Logger: slog.New(slog.DiscardHandler)})
		stop()
		if len(h.calls) != 0 {
			t.Errorf("ChatLost called for %v", h.calls)
		}
	})
}

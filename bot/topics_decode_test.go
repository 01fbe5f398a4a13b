package bot

import (
	"context"
	"testing"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

var (
	forum  = fakeapi.Chat{ID: -100500, Type: "supergroup", Title: "Diễn đàn liên ngành"}
	member = fakeapi.User{ID: 5, FirstName: "Lan"}
)

// lastUpdate polls once and returns the last update.
func lastUpdate(t *testing.T, c *Client) Update {
	t.Helper()
	us, err := c.GetUpdates(context.Background(), -1, 0)
	if err != nil || len(us) == 0 {
		t.Fatalf("GetUpdates: %v, %d updates", err, len(us))
	}
	return us[len(us)-1]
}

// TestTopicOfAnUpdate: message_thread_id, which the library does not
// decode, is read from the wire, and only when is_topic_message says it is
// a topic (in an ordinary supergroup a reply has a thread id too).
func TestTopicOfAnUpdate(t *testing.T) {
	api, client := fakeClient(t)

	t.Run("CommandInTopic", func(t *testing.T) {
		api.SendText(member, forum.InTopic(7), "/whoami")
		if u := lastUpdate(t, client); u.ThreadID != 7 || u.Command != "whoami" || u.Chat.ID != forum.ID {
			t.Fatalf("update %+v, want /whoami in topic 7", u)
		}
	})
	t.Run("GeneralChat", func(t *testing.T) {
		api.SendText(member, forum, "/whoami")
		if u := lastUpdate(t, client); u.ThreadID != 0 || u.Command != "whoami" {
			t.Fatalf("update %+v, want /whoami outside any topic", u)
		}
	})
	t.Run("ReplyThreadIsNoTopic", func(t *testing.T) {
		api.PushUpdate(map[string]any{"message": map[string]any{
			"message_id": 90, "date": 1700000000, "message_thread_id": 55,
			"from": map[string]any{"id": 5, "is_bot": false, "first_name": "Lan"},
			"chat": map[string]any{"id": -100600, "type": "supergroup", "title": "Nhóm thường"},
			"text": "/whoami", "entities": []any{map[string]any{"type": "bot_command", "offset": 0, "length": 7}},
		}})
		if u := lastUpdate(t, client); u.ThreadID != 0 || u.Command != "whoami" {
			t.Fatalf("update %+v, want no topic for a reply thread", u)
		}
	})
}

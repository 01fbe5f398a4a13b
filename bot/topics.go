package bot

import (
	"encoding/json"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Forum topics (Bot API 6.3) are newer than the library (Bot API 5.5),
// which neither decodes message_thread_id nor sends it. wireUpdate reads
// an update in one pass: the library's types, with the message (and the
// message under a pressed button) shadowed by wireMessage, which adds the
// topic fields. Sending is in Client.Send (see sendIn).

// wireUpdate is an update as Telegram sends it.
type wireUpdate struct {
	tgbotapi.Update
	Message       *wireMessage  `json:"message,omitempty"`
	CallbackQuery *wireCallback `json:"callback_query,omitempty"`
}

// wireMessage is a message with the forum fields the library lacks.
type wireMessage struct {
	tgbotapi.Message
	// ThreadID is message_thread_id: the topic of a forum message, but
	// also, in an ordinary supergroup, the reply thread a reply belongs
	// to; only IsTopic tells a topic apart.
	ThreadID int  `json:"message_thread_id,omitempty"`
	IsTopic  bool `json:"is_topic_message,omitempty"`
}

// wireCallback is a button press whose message carries the forum fields.
type wireCallback struct {
	tgbotapi.CallbackQuery
	Message *wireMessage `json:"message,omitempty"`
}

// library is the update as the library types it, for convert.
func (w *wireUpdate) library() tgbotapi.Update {
	tu := w.Update
	if w.Message != nil {
		tu.Message = &w.Message.Message
	}
	if w.CallbackQuery != nil {
		cq := w.CallbackQuery.CallbackQuery
		if w.CallbackQuery.Message != nil {
			cq.Message = &w.CallbackQuery.Message.Message
		}
		tu.CallbackQuery = &cq
	}
	return tu
}

// topic is the forum topic the update happened in, 0 for the general chat
// and for chats that are not forums.
func (w *wireUpdate) topic() int {
	m := w.Message
	if w.CallbackQuery != nil {
		m = w.CallbackQuery.Message
	}
	if m == nil || !m.IsTopic {
		return 0
	}
	return m.ThreadID
}

// convertWire maps an update as Telegram sent it to ours (see convert).
func (c *Client) convertWire(w *wireUpdate) (Update, bool) {
	u, ok := c.convert(w.library())
	if ok {
		u.ThreadID = w.topic()
	}
	return u, ok
}

// decodeUpdates reads getUpdates' result.
func decodeUpdates(raw json.RawMessage) ([]wireUpdate, error) {
	var out []wireUpdate
	err := json.Unmarshal(raw, &out)
	return out, err
}

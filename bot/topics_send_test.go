package bot

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestButtonUnderAMessageInTopic: a press comes from the topic of the
// message it is under, which the bot posted there.
func TestButtonUnderAMessageInTopic(t *testing.T) {
	api, client := fakeClient(t)
	ids, err := client.Send(context.Background(), coord.OutMessage{Kind: coord.OutText, ChatID: forum.ID, ThreadID: 7,
		Text: "Báo cáo 6.4", Buttons: [][]coord.Button{{{Text: "Đã nhận", Data: "ack:1"}}}})
	if err != nil {
		t.Fatal(err)
	}
	api.PressButton(member, forum, ids[0], "ack:1")
	if u := lastUpdate(t, client); u.Callback == nil || u.ThreadID != 7 {
		t.Fatalf("update %+v, want a press in topic 7", u)
	}
}

// TestWebhookReadsTheTopic: the webhook decodes the topic as polling does,
// and the answer goes back to it.
func TestWebhookReadsTheTopic(t *testing.T) {
	e := newHookEnv(t, nil, WebhookOptions{Secret: hookSecret})
	body := fmt.Sprintf(`{"update_id":3,"message":{"message_id":3,"date":1700000000,"message_thread_id":7,"is_topic_message":true,`+
		`"from":{"id":5,"is_bot":false,"first_name":"Lan"},"chat":{"id":%d,"type":"supergroup","title":"x","is_forum":true},`+
		`"text":"/ping","entities":[{"type":"bot_command","offset":0,"length":5}]}}`, forum.ID)
	if code := e.post(http.MethodPost, hookPath, hookSecret, body); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	items, err := e.store.PendingOutbox(context.Background(), 0, 0)
	if err != nil || len(items) != 1 {
		t.Fatalf("pending %+v, %v", items, err)
	}
	if m := items[0].Msg; m.Text != "pong" || m.ChatID != forum.ID || m.ThreadID != 7 {
		t.Fatalf("reply %+v, want pong in topic 7", m)
	}
}

// TestSendsInTopic: every kind that posts carries message_thread_id; edits
// and the general chat do not.
func TestSendsInTopic(t *testing.T) {
	api, client := fakeClient(t)
	ctx := context.Background()
	doc := api.AddFile(fakeapi.File{Name: "bao-cao.pdf", Data: []byte("%PDF")})
	photo := api.AddFile(fakeapi.File{Name: "anh.jpg", MIME: "image/jpeg", Data: []byte("jpg")})
	text := coord.OutMessage{Kind: coord.OutText, ChatID: forum.ID, ThreadID: 7, Text: "Nhắc hạn"}
	cases := []struct {
		name   string
		m      coord.OutMessage
		method string
		thread int
	}{
		{"Text", text, "sendMessage", 7},
		{"Document", coord.OutMessage{Kind: coord.OutFiles, ChatID: forum.ID, ThreadID: 7, Text: "6.4",
			Files: []coord.FileRef{{FileID: doc.FileID}}}, "sendDocument", 7},
		{"Photo", coord.OutMessage{Kind: coord.OutFiles, ChatID: forum.ID, ThreadID: 7,
			Files: []coord.FileRef{{FileID: photo.FileID, Photo: true}}}, "sendPhoto", 7},
		{"Album", coord.OutMessage{Kind: coord.OutFiles, ChatID: forum.ID, ThreadID: 7, Text: "hai tệp",
			Files: []coord.FileRef{{FileID: doc.FileID}, {FileID: doc.FileID}}}, "sendMediaGroup", 7},
		{"Upload", func() coord.OutMessage {
			m := uploadMsg(forum.ID, export(t, []byte("PK")))
			m.ThreadID = 7
			return m
		}(), "sendDocument", 7},
		{"GeneralChat", coord.OutMessage{Kind: coord.OutText, ChatID: forum.ID, ThreadID: coord.GeneralTopic, Text: "chung"}, "sendMessage", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := client.Send(ctx, c.m); err != nil {
				t.Fatal(err)
			}
			calls := api.CallsTo(c.method)
			last := calls[len(calls)-1]
			if !last.OK() || last.Thread() != c.thread {
				t.Fatalf("%s: %v, want topic %d", c.method, last, c.thread)
			}
			if _, set := last.Params["message_thread_id"]; set != (c.thread != 0) {
				t.Fatalf("message_thread_id sent: %v", last.Params)
			}
		})
	}
	t.Run("EditStaysWhereItsMessageIs", func(t *testing.T) {
		ids, err := client.Send(ctx, text)
		if err != nil {
			t.Fatal(err)
		}
		edit := coord.OutMessage{Kind: coord.OutEdit, ChatID: forum.ID, ThreadID: 7, MessageID: ids[0], Text: "Đã sửa"}
		if _, err := client.Send(ctx, edit); err != nil {
			t.Fatal(err)
		}
		calls := api.CallsTo("editMessageText")
		if _, set := calls[len(calls)-1].Params["message_thread_id"]; set {
			t.Fatalf("an edit carried a topic: %v", calls[len(calls)-1])
		}
	})
}

// TestGoneTopicFallsBackToTheGeneralChat: a topic deleted (or closed to
// the bot) after the binding must not lose what was meant for it.
func TestGoneTopicFallsBackToTheGeneralChat(t *testing.T) {
	api, client := fakeClient(t)
	ctx := context.Background()
	api.DeleteTopic(forum.ID, 7)
	api.CloseTopic(forum.ID, 8)
	for _, c := range []struct {
		name string
		m    coord.OutMessage
	}{
		{"Deleted", coord.OutMessage{Kind: coord.OutText, ChatID: forum.ID, ThreadID: 7, Text: "Báo cáo 6.4"}},
		{"ClosedUpload", func() coord.OutMessage {
			m := uploadMsg(forum.ID, export(t, []byte("PK")))
			m.ThreadID = 8
			return m
		}()},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := len(api.Calls())
			ids, err := client.Send(ctx, c.m)
			if err != nil || len(ids) != 1 {
				t.Fatalf("Send = %v, %v; want the message posted", ids, err)
			}
			calls := api.Calls()[before:]
			if len(calls) != 2 || calls[0].OK() || calls[0].Thread() != c.m.ThreadID || !calls[1].OK() || calls[1].Thread() != 0 {
				t.Fatalf("calls %v, want a refusal in the topic, then the general chat", calls)
			}
		})
	}
	t.Run("OtherRefusalsAreNotRetried", func(t *testing.T) {
		api.Forbid(-100700)
		before := len(api.Calls())
		_, err := client.Send(ctx, coord.OutMessage{Kind: coord.OutText, ChatID: -100700, ThreadID: 7, Text: "x"})
		if err == nil || len(api.Calls())-before != 1 {
			t.Fatalf("err %v after %d calls, want one refused call", err, len(api.Calls())-before)
		}
	})
}

// TestRepliesStayInTheirTopic: an answer goes to the topic the command
// came from; in the general chat of a group bound from a topic it stays in
// the general chat instead of following the binding.
func TestRepliesStayInTheirTopic(t *testing.T) {
	e := newDispatchEnv(t, nil)
	e.r.Command("ping", func(ctx context.Context, c *Context) error { return c.Reply(ctx, "pong") }, Anyone, Everywhere)
	ctx := context.Background()
	group := Chat{ID: forum.ID, Type: "supergroup", Title: forum.Title}
	ping := func(id int64, thread int) coord.OutMessage {
		t.Helper()
		u := Update{ID: id, Chat: group, From: Person{ID: 5}, Text: "/ping", Command: "ping", ThreadID: thread}
		if err := e.d.Handle(ctx, u); err != nil {
			t.Fatal(err)
		}
		items, err := e.store.PendingOutbox(ctx, e.seen, 0)
		if err != nil || len(items) != 1 {
			t.Fatalf("pending %+v, %v", items, err)
		}
		e.seen = items[0].ID
		return items[0].Msg
	}
	if m := ping(1, 7); m.ThreadID != 7 {
		t.Errorf("unbound group, topic 7: answered in %d", m.ThreadID)
	}
	if m := ping(2, 0); m.ThreadID != 0 {
		t.Errorf("unbound group, general chat: answered in %d", m.ThreadID)
	}
	if err := e.store.Update(ctx, func(tx coord.Tx) error {
		_, err := tx.Bind(ctx, coord.ChatBinding{ChatID: group.ID, Code: "yte", BoundBy: 1, BoundAt: e.d.now(), ThreadID: 9})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if m := ping(3, 7); m.ThreadID != 7 {
		t.Errorf("group bound from topic 9, command in topic 7: answered in %d", m.ThreadID)
	}
	if m := ping(4, 0); m.ThreadID != coord.GeneralTopic {
		t.Errorf("group bound from topic 9, command in the general chat: answered in %d, want the general chat", m.ThreadID)
	}
}

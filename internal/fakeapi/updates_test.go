package fakeapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestGetUpdatesLongPoll(t *testing.T) {
	t.Run("ReturnsWhenPushed", func(t *testing.T) {
		s := newServer(t)
		got := pollAsync(t, s, map[string]string{"timeout": "30"})
		until(t, s, "the poll to start", func() bool { return s.pollGen == 1 })
		select {
		case p := <-got:
			t.Fatalf("poll returned before any update: %+v", p)
		default:
		}

		u := User{ID: 42, FirstName: "Lan"}
		id, msgID := s.SendText(u, Private(u), "xin chào")

		select {
		case p := <-got:
			if p.err != nil {
				t.Fatal(p.err)
			}
			ups := p.ups
			if len(ups) != 1 || ups[0].UpdateID != id || ups[0].Message.MessageID != msgID || ups[0].Message.Text != "xin chào" {
				t.Fatalf("got %+v, want update %d with message %d", ups, id, msgID)
			}
		case <-time.After(wait):
			t.Fatal("long poll did not return after an update was pushed")
		}
	})

	t.Run("TimeoutReturnsEmpty", func(t *testing.T) {
		s := newServer(t)
		start := time.Now()
		ups := getUpdates(t, s, map[string]string{"timeout": "1"})
		if len(ups) != 0 {
			t.Fatalf("got %d updates, want none", len(ups))
		}
		if d := time.Since(start); d < 900*time.Millisecond {
			t.Fatalf("poll returned after %v, before its 1 s timeout", d)
		}
	})

	t.Run("ClientCancelEndsPoll", func(t *testing.T) {
		s := newServer(t)
		ctx, cancel := context.WithCancel(context.Background())
		req := formRequest(t, ctx, s, "getUpdates", map[string]string{"timeout": "30"})
		errc := make(chan error, 1)
		go func() {
			_, err := http.DefaultClient.Do(req)
			errc <- err
		}()
		until(t, s, "the poll to start", func() bool { return s.pollGen == 1 })
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Fatalf("client error = %v, want context.Canceled", err)
		}
		until(t, s, "the cancelled poll to be recorded", func() bool { return len(s.records) == 1 })
		if c := s.CallsTo("getUpdates")[0]; c.Status != 0 {
			t.Fatalf("cancelled poll recorded with status %d, want 0", c.Status)
		}
	})

	t.Run("NewerPollTerminatesOlder", func(t *testing.T) {
		s := newServer(t)
		older := pollAsync(t, s, map[string]string{"timeout": "30"})
		until(t, s, "the first poll", func() bool { return s.pollGen == 1 })
		newer := pollAsync(t, s, map[string]string{"timeout": "30"})

		p := <-older
		if p.err != nil || p.status != http.StatusConflict || !strings.Contains(p.reply.Description, "terminated by other getUpdates") {
			t.Fatalf("older poll got %+v, want 409 conflict", p)
		}
		until(t, s, "the second poll", func() bool { return s.pollGen == 2 })
		u := User{ID: 7}
		s.SendText(u, Private(u), "hi")
		if p := <-newer; p.err != nil || len(p.ups) != 1 {
			t.Fatalf("newer poll got %+v, want 1 update", p)
		}
	})

	t.Run("CloseReleasesPoll", func(t *testing.T) {
		s := New()
		done := pollAsync(t, s, map[string]string{"timeout": "50"})
		until(t, s, "the poll to start", func() bool { return s.pollGen == 1 })
		s.Close()
		select {
		case <-done:
		case <-time.After(wait):
			t.Fatal("Close did not release the long poll")
		}
	})
}

func TestOffsetConfirmation(t *testing.T) {
	s := newServer(t)
	u := User{ID: 42, FirstName: "Lan"}
	id1, _ := s.SendText(u, Private(u), "one")
	id2, _ := s.SendText(u, Private(u), "two")
	id3, _ := s.SendText(u, Private(u), "three")
	if id1 != 1 || id2 != 2 || id3 != 3 {
		t.Fatalf("update ids %d %d %d, want 1 2 3", id1, id2, id3)
	}

	ups := getUpdates(t, s, nil)
	if len(ups) != 3 || s.Pending() != 3 {
		t.Fatalf("first poll: %d updates, %d pending; want 3 and 3 (nothing confirmed yet)", len(ups), s.Pending())
	}
	if again := getUpdates(t, s, map[string]string{"limit": "2"}); len(again) != 2 || again[0].UpdateID != id1 {
		t.Fatalf("unconfirmed updates must be offered again, limited to 2: got %+v", again)
	}

	confirmed := make(chan struct{})
	waiter := &fakeTB{} // t.Fatal must not run on another goroutine
	go func() {
		s.WaitConfirmed(waiter, wait, id2)
		close(confirmed)
	}()
	select {
	case <-confirmed:
		t.Fatal("WaitConfirmed returned before any offset")
	default:
	}

	ups = getUpdates(t, s, map[string]string{"offset": "3"})
	if len(ups) != 1 || ups[0].UpdateID != id3 {
		t.Fatalf("poll with offset 3: %+v, want only update 3", ups)
	}
	select {
	case <-confirmed:
	case <-time.After(2 * wait):
		t.Fatal("WaitConfirmed did not return after offset 3")
	}
	if waiter.failed {
		t.Fatal(waiter.msg)
	}
	if s.Pending() != 1 {
		t.Fatalf("pending = %d, want 1", s.Pending())
	}
	if ups := getUpdates(t, s, nil); len(ups) != 1 || ups[0].UpdateID != id3 {
		t.Fatalf("confirmed updates came back: %+v", ups)
	}

	t.Run("NegativeOffsetKeepsLast", func(t *testing.T) {
		s.SendText(u, Private(u), "four")
		s.SendText(u, Private(u), "five")
		ups := getUpdates(t, s, map[string]string{"offset": "-1"})
		if len(ups) != 1 || ups[0].Message.Text != "five" {
			t.Fatalf("offset -1 gave %+v, want only the last update", ups)
		}
		s.WaitConfirmed(t, wait, 4)
	})

	t.Run("WaitConfirmedTimeout", func(t *testing.T) {
		ft := &fakeTB{}
		s.WaitConfirmed(ft, 20*time.Millisecond, 99)
		if !ft.failed || !strings.Contains(ft.msg, "update 99 not confirmed") {
			t.Fatalf("failure = %v %q", ft.failed, ft.msg)
		}
	})
}

func TestWebhookBlocksPolling(t *testing.T) {
	s := newServer(t)
	status, r := postForm(t, s, "setWebhook", map[string]string{"url": "http://insecure"})
	mustFail(t, status, r, http.StatusBadRequest, "HTTPS")
	status, r = postForm(t, s, "setWebhook", map[string]string{"url": "https://example.test/hook"})
	mustOK(t, status, r, nil)
	status, r = postForm(t, s, "getUpdates", nil)
	mustFail(t, status, r, http.StatusConflict, "webhook is active")

	var info struct {
		URL     string `json:"url"`
		Pending int    `json:"pending_update_count"`
	}
	u := User{ID: 5}
	s.SendText(u, Private(u), "queued")
	status, r = postForm(t, s, "getWebhookInfo", nil)
	mustOK(t, status, r, &info)
	if info.URL != "https://example.test/hook" || info.Pending != 1 {
		t.Fatalf("webhook info %+v", info)
	}

	status, r = postForm(t, s, "deleteWebhook", map[string]string{"drop_pending_updates": "true"})
	mustOK(t, status, r, nil)
	if ups := getUpdates(t, s, nil); len(ups) != 0 || s.Pending() != 0 {
		t.Fatalf("drop_pending_updates left %d updates", len(ups))
	}
}

func TestUpdateHelpers(t *testing.T) {
	s := newServer(t)
	officer := User{ID: 42, FirstName: "Lan", Username: "lan"}
	group := Chat{ID: -1001234567890, Title: "Tổ công tác"}

	t.Run("CommandEntity", func(t *testing.T) {
		_, msgID := s.SendText(officer, group, "/nop@fwbot_test_bot báo cáo")
		ups := getUpdates(t, s, nil)
		m := ups[len(ups)-1].Message
		if m.MessageID != msgID || m.Chat.Type != "supergroup" {
			t.Fatalf("message %+v", m)
		}
		want := entity{Type: "bot_command", Offset: 0, Length: len("/nop@fwbot_test_bot")}
		if len(m.Entities) != 1 || m.Entities[0] != want {
			t.Fatalf("entities %+v, want %+v", m.Entities, want)
		}
		s.SendText(officer, group, "no command")
		ups = getUpdates(t, s, nil)
		if e := ups[len(ups)-1].Message.Entities; len(e) != 0 {
			t.Fatalf("plain text got entities %+v", e)
		}
	})

	t.Run("DocumentAndGetFile", func(t *testing.T) {
		doc := File{FileID: "doc-1", Name: "bao cao.xlsx", Data: []byte("PK\x03\x04 xlsx")}
		_, msgID := s.SendDocument(officer, Private(officer), "/nop quý 1", doc)
		ups := getUpdates(t, s, nil)
		m := ups[len(ups)-1].Message
		if m.MessageID != msgID || m.Document == nil || m.Document.FileID != "doc-1" || m.Document.FileName != "bao cao.xlsx" ||
			m.Document.MimeType != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || m.Document.FileSize != int64(len(doc.Data)) {
			t.Fatalf("document message %+v", m)
		}
		if len(m.CaptionEntities) != 1 || m.CaptionEntities[0].Length != len("/nop") {
			t.Fatalf("caption entities %+v", m.CaptionEntities)
		}
		var f struct {
			FilePath string `json:"file_path"`
		}
		status, r := postForm(t, s, "getFile", map[string]string{"file_id": "doc-1"})
		mustOK(t, status, r, &f)
		if f.FilePath != "documents/bao_cao.xlsx" {
			t.Fatalf("file_path %q", f.FilePath)
		}
	})

	t.Run("PhotoSizes", func(t *testing.T) {
		s.SendPhoto(officer, Private(officer), "", File{FileID: "photo-1", Name: "scan.jpg", MIME: "image/jpeg", Data: make([]byte, 1600)})
		ups := getUpdates(t, s, nil)
		p := ups[len(ups)-1].Message.Photo
		if len(p) != 3 || p[2].FileID != "photo-1" || p[0].Width >= p[2].Width {
			t.Fatalf("photo sizes %+v, want 3 with the original largest and last", p)
		}
	})

	t.Run("Album", func(t *testing.T) {
		files := []File{{Name: "a.pdf", Data: []byte("a")}, {Name: "b.pdf", Data: []byte("b")}, {Name: "c.pdf", Data: []byte("c")}}
		ids, msgIDs := s.SendAlbum(officer, group, files, "ba văn bản")
		if len(ids) != 3 || len(msgIDs) != 3 {
			t.Fatalf("album gave %v %v", ids, msgIDs)
		}
		ups := getUpdates(t, s, nil)
		ups = ups[len(ups)-3:]
		for i, u := range ups {
			m := u.Message
			if m.MediaGroupID == "" || m.MediaGroupID != ups[0].Message.MediaGroupID || m.Document == nil || m.MessageID != msgIDs[i] {
				t.Fatalf("album message %d: %+v", i, m)
			}
			if (i == 0) != (m.Caption == "ba văn bản") {
				t.Fatalf("caption on message %d: %q", i, m.Caption)
			}
		}
	})

	t.Run("PressButtonAndAnswer", func(t *testing.T) {
		status, r := postForm(t, s, "sendMessage", map[string]string{
			"chat_id":      "42",
			"text":         "Chọn kỳ",
			"reply_markup": `{"inline_keyboard":[[{"text":"Q1","callback_data":"p:q1"}]]}`,
		})
		var sent message
		mustOK(t, status, r, &sent)
		_, cbID := s.PressButton(officer, Private(officer), sent.MessageID, "p:q1")
		ups := getUpdates(t, s, nil)
		cq := ups[len(ups)-1].CallbackQuery
		if cq == nil || cq.ID != cbID || cq.Data != "p:q1" || cq.From.ID != 42 || cq.Message.MessageID != sent.MessageID ||
			cq.Message.Text != "Chọn kỳ" || !cq.Message.From.IsBot || !strings.Contains(string(cq.Message.ReplyMarkup), "p:q1") {
			t.Fatalf("callback query %+v", cq)
		}
		status, r = postForm(t, s, "answerCallbackQuery", map[string]string{"callback_query_id": cbID, "text": "OK"})
		mustOK(t, status, r, nil)
		status, r = postForm(t, s, "answerCallbackQuery", map[string]string{"callback_query_id": "nope"})
		mustFail(t, status, r, http.StatusBadRequest, "query ID is invalid")
	})

	t.Run("ReplyTo", func(t *testing.T) {
		prompt := sendText(t, s, 42, "Lý do từ chối?")
		s.ReplyTo(officer, Private(officer), prompt.MessageID, "Thiếu chữ ký")
		ups := getUpdates(t, s, nil)
		m := ups[len(ups)-1].Message
		if m.ReplyTo == nil || m.ReplyTo.MessageID != prompt.MessageID || !m.ReplyTo.From.IsBot || m.ReplyTo.Text != "Lý do từ chối?" {
			t.Fatalf("reply %+v", m)
		}
		if m.MessageID != prompt.MessageID+1 {
			t.Fatalf("reply id %d, want the chat's next id %d", m.MessageID, prompt.MessageID+1)
		}
	})

	t.Run("PushUpdateRaw", func(t *testing.T) {
		raw := map[string]any{"my_chat_member": map[string]any{"chat": map[string]any{"id": 9, "type": "private"}}}
		id := s.PushUpdate(raw)
		raw["my_chat_member"] = "changed after push"
		ups := getUpdates(t, s, nil)
		if ups[len(ups)-1].UpdateID != id {
			t.Fatalf("last update %d, want %d", ups[len(ups)-1].UpdateID, id)
		}
	})

	t.Run("AllowedUpdatesFilter", func(t *testing.T) {
		last := getUpdates(t, s, nil)
		offset := last[len(last)-1].UpdateID + 1
		s.PushUpdate(map[string]any{"poll": map[string]any{"id": "1"}})
		id, _ := s.SendText(officer, Private(officer), "kept")
		ups := getUpdates(t, s, map[string]string{"offset": strconv.FormatInt(offset, 10), "allowed_updates": `["message","callback_query"]`})
		if len(ups) != 1 || ups[0].UpdateID != id {
			t.Fatalf("allowed_updates let through %+v", ups)
		}
	})
}

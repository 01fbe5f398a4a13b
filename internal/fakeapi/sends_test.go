package fakeapi

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

const keyboardJSON = `{"inline_keyboard":[[{"text":"Duyệt","callback_data":"ok:17"},{"text":"Từ chối","callback_data":"no:17"}]]}`

func TestSendMessage(t *testing.T) {
	t.Run("Form", func(t *testing.T) {
		s := newServer(t)
		status, r := postForm(t, s, "sendMessage", map[string]string{
			"chat_id":                  "42",
			"text":                     "Hạn nộp: 25/04",
			"reply_markup":             keyboardJSON,
			"disable_web_page_preview": "true",
		})
		var m message
		mustOK(t, status, r, &m)
		if m.MessageID != 1 || m.Chat.ID != 42 || m.Chat.Type != "private" || m.From.ID != BotID || !m.From.IsBot || m.Text != "Hạn nộp: 25/04" || m.Date == 0 {
			t.Fatalf("message %+v", m)
		}
		var km, want any
		_ = json.Unmarshal(m.ReplyMarkup, &km)
		_ = json.Unmarshal([]byte(keyboardJSON), &want)
		if !reflect.DeepEqual(km, want) {
			t.Fatalf("reply_markup %s, want %s", m.ReplyMarkup, keyboardJSON)
		}

		c := s.WaitFor(t, wait, "the sendMessage", func(c Call) bool { return c.Method == "sendMessage" })
		wantParams := map[string]string{"chat_id": "42", "text": "Hạn nộp: 25/04", "reply_markup": keyboardJSON, "disable_web_page_preview": "true"}
		if !reflect.DeepEqual(c.Params, wantParams) || c.Status != http.StatusOK || !reflect.DeepEqual(c.MessageIDs, []int{1}) || c.Seq != 1 {
			t.Fatalf("call %+v", c)
		}
		if got := s.Tokens(); !reflect.DeepEqual(got, []string{testToken}) {
			t.Fatalf("tokens %v", got)
		}
	})

	t.Run("JSON", func(t *testing.T) {
		s := newServer(t)
		status, r := postJSON(t, s, "sendMessage", map[string]any{
			"chat_id":      -100777,
			"text":         "Nhắc hạn",
			"reply_markup": json.RawMessage(keyboardJSON),
			"entities":     nil,
		})
		var m message
		mustOK(t, status, r, &m)
		if m.Chat.ID != -100777 || m.Chat.Type != "group" {
			t.Fatalf("chat %+v", m.Chat)
		}
		c := s.Sent()[0]
		if c.Params["chat_id"] != "-100777" || c.Params["text"] != "Nhắc hạn" || c.Params["reply_markup"] != keyboardJSON {
			t.Fatalf("params %q", c.Params)
		}
		if _, ok := c.Params["entities"]; ok {
			t.Fatal("a JSON null parameter was recorded")
		}
	})

	t.Run("QueryAndGET", func(t *testing.T) {
		s := newServer(t)
		resp, err := http.Get(methodURL(s, "sendMessage") + "?chat_id=5&text=hello")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !reflect.DeepEqual(s.TextsTo(5), []string{"hello"}) {
			t.Fatalf("GET with query: %d %v", resp.StatusCode, s.TextsTo(5))
		}
	})

	t.Run("IDsIncreasePerChat", func(t *testing.T) {
		s := newServer(t)
		u := User{ID: 42, FirstName: "Lan"}
		got := []int{sendText(t, s, 42, "a").MessageID, sendText(t, s, 42, "b").MessageID, sendText(t, s, 7, "c").MessageID}
		_, userMsg := s.SendText(u, Private(u), "d")
		got = append(got, userMsg, sendText(t, s, 42, "e").MessageID)
		if want := []int{1, 2, 1, 3, 4}; !reflect.DeepEqual(got, want) {
			t.Fatalf("message ids %v, want %v (one sequence per chat, shared with the user)", got, want)
		}
	})

	t.Run("Validation", func(t *testing.T) {
		s := newServer(t)
		status, r := postForm(t, s, "sendMessage", map[string]string{"text": "x"})
		mustFail(t, status, r, http.StatusBadRequest, "chat_id is empty")
		status, r = postForm(t, s, "sendMessage", map[string]string{"chat_id": "1", "text": " "})
		mustFail(t, status, r, http.StatusBadRequest, "message text is empty")
		status, r = postForm(t, s, "sendMessage", map[string]string{"chat_id": "1", "text": strings.Repeat("á", 4097)})
		mustFail(t, status, r, http.StatusBadRequest, "message is too long")
		status, r = postForm(t, s, "sendMessage", map[string]string{"chat_id": "1", "text": "x", "reply_markup": "{"})
		mustFail(t, status, r, http.StatusBadRequest, "reply keyboard markup")
		status, r = postForm(t, s, "sendMessage", map[string]string{"chat_id": "1", "text": "x",
			"reply_markup": `{"inline_keyboard":[[{"text":"t","callback_data":"` + strings.Repeat("x", 65) + `"}]]}`})
		mustFail(t, status, r, http.StatusBadRequest, "BUTTON_DATA_INVALID")
		status, r = postForm(t, s, "sendMessage", map[string]string{"chat_id": "1", "text": "x", "reply_to_message_id": "99"})
		mustFail(t, status, r, http.StatusBadRequest, "message to be replied not found")
		status, r = postForm(t, s, "sendMessage", map[string]string{"chat_id": "1", "text": "x", "reply_to_message_id": "99", "allow_sending_without_reply": "true"})
		mustOK(t, status, r, nil)
		if n := len(s.Sent()); n != 1 {
			t.Fatalf("refused sends counted as sent: %d", n)
		}
	})

	t.Run("UnknownMethod", func(t *testing.T) {
		s := newServer(t)
		resp, err := http.Post(methodURL(s, "sendTelepathy"), "application/x-www-form-urlencoded", strings.NewReader("chat_id=1"))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || string(body) != `{"ok":false,"error_code":404,"description":"Not Found"}` {
			t.Fatalf("unknown method: %d %s", resp.StatusCode, body)
		}
		if c := s.CallsTo("sendTelepathy"); len(c) != 1 || c[0].Status != http.StatusNotFound {
			t.Fatalf("unknown method recorded as %+v", c)
		}
		status, r := postForm(t, s, "SENDMESSAGE", map[string]string{"chat_id": "1", "text": "x"})
		mustOK(t, status, r, nil)
		if len(s.CallsTo("sendMessage")) != 1 {
			t.Fatal("method names must match case-insensitively, recorded canonically")
		}
	})

	t.Run("RequireToken", func(t *testing.T) {
		s := newServer(t)
		s.RequireToken("other:token")
		status, r := postForm(t, s, "getMe", nil)
		mustFail(t, status, r, http.StatusUnauthorized, "Unauthorized")
	})
}

func TestTextsToOrder(t *testing.T) {
	s := newServer(t)
	sendText(t, s, 1, "một")
	sendText(t, s, 2, "other chat")
	status, r := postMultipart(t, s, "sendDocument", map[string]string{"chat_id": "1", "caption": "hai"},
		upload{field: "document", name: "/tmp/x/bao-cao.xlsx", data: []byte("xlsx bytes")})
	var doc message
	mustOK(t, status, r, &doc)
	sendText(t, s, 1, "ba")
	status, r = postForm(t, s, "editMessageText", map[string]string{"chat_id": "1", "message_id": "1", "text": "một (sửa)"})
	mustOK(t, status, r, nil)

	if got, want := s.TextsTo(1), []string{"một", "hai", "ba", "một (sửa)"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("TextsTo(1) = %q, want %q", got, want)
	}
	if doc.Document == nil || doc.Document.FileName != "bao-cao.xlsx" || doc.Document.FileSize != int64(len("xlsx bytes")) ||
		doc.Document.MimeType != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("uploaded document %+v", doc.Document)
	}
	c := s.CallsTo("sendDocument")[0]
	if up := c.Uploads["document"]; up.Name != "bao-cao.xlsx" || string(up.Data) != "xlsx bytes" || c.Params["document"] != "bao-cao.xlsx" {
		t.Fatalf("upload recorded as %+v / %q", up, c.Params["document"])
	}

	// The uploaded file's id works for a second send without uploading.
	status, r = postForm(t, s, "sendDocument", map[string]string{"chat_id": "3", "document": doc.Document.FileID})
	mustOK(t, status, r, nil)
	status, r = postForm(t, s, "sendDocument", map[string]string{"chat_id": "3", "document": "no-such-id"})
	mustFail(t, status, r, http.StatusBadRequest, "wrong file identifier")
}

func TestEditsAndDeletes(t *testing.T) {
	s := newServer(t)
	status, r := postForm(t, s, "sendMessage", map[string]string{"chat_id": "42", "text": "Chờ duyệt", "reply_markup": keyboardJSON})
	mustOK(t, status, r, nil)

	edit := map[string]string{"chat_id": "42", "message_id": "1", "text": "Chờ duyệt", "reply_markup": keyboardJSON}
	status, r = postForm(t, s, "editMessageText", edit)
	mustFail(t, status, r, http.StatusBadRequest, "message is not modified")

	edit["text"] = "Đã duyệt"
	delete(edit, "reply_markup")
	status, r = postForm(t, s, "editMessageText", edit)
	var m message
	mustOK(t, status, r, &m)
	if m.Text != "Đã duyệt" || len(m.ReplyMarkup) != 0 {
		t.Fatalf("edited message %+v (editing text without reply_markup drops the keyboard)", m)
	}

	status, r = postForm(t, s, "editMessageReplyMarkup", map[string]string{"chat_id": "42", "message_id": "1", "reply_markup": keyboardJSON})
	mustOK(t, status, r, &m)
	if len(m.ReplyMarkup) == 0 {
		t.Fatal("editMessageReplyMarkup did not set the keyboard")
	}
	status, r = postForm(t, s, "editMessageText", map[string]string{"chat_id": "42", "message_id": "9", "text": "x"})
	mustFail(t, status, r, http.StatusBadRequest, "message to edit not found")

	u := User{ID: 42}
	_, userMsg := s.SendText(u, Private(u), "tin của cán bộ")
	status, r = postForm(t, s, "editMessageText", map[string]string{"chat_id": "42", "message_id": itoa(userMsg), "text": "x"})
	mustFail(t, status, r, http.StatusBadRequest, "message can't be edited")

	status, r = postForm(t, s, "deleteMessage", map[string]string{"chat_id": "42", "message_id": "1"})
	mustOK(t, status, r, nil)
	status, r = postForm(t, s, "deleteMessage", map[string]string{"chat_id": "42", "message_id": "1"})
	mustFail(t, status, r, http.StatusBadRequest, "message to delete not found")
}

func TestMediaGroupCopyForward(t *testing.T) {
	s := newServer(t)
	officer := User{ID: 42, FirstName: "Lan"}
	_, srcID := s.SendDocument(officer, Private(officer), "Báo cáo tháng", File{FileID: "doc-a", Name: "a.pdf", Data: []byte("%PDF")})

	media := `[{"type":"document","media":"attach://file-0","caption":"Hồ sơ"},{"type":"document","media":"doc-a"}]`
	status, r := postMultipart(t, s, "sendMediaGroup", map[string]string{"chat_id": "-100500", "media": media},
		upload{field: "file-0", name: "b.pdf", data: []byte("%PDF-b")})
	var msgs []message
	mustOK(t, status, r, &msgs)
	if len(msgs) != 2 || msgs[0].MediaGroupID == "" || msgs[0].MediaGroupID != msgs[1].MediaGroupID ||
		msgs[0].Document.FileName != "b.pdf" || msgs[1].Document.FileID != "doc-a" || msgs[0].Caption != "Hồ sơ" {
		t.Fatalf("media group %+v", msgs)
	}
	if c := s.CallsTo("sendMediaGroup")[0]; !reflect.DeepEqual(c.MessageIDs, []int{1, 2}) {
		t.Fatalf("media group ids %v", c.MessageIDs)
	}

	status, r = postForm(t, s, "copyMessage", map[string]string{"chat_id": "-100500", "from_chat_id": "42", "message_id": itoa(srcID)})
	var id struct {
		MessageID int `json:"message_id"`
	}
	mustOK(t, status, r, &id)
	if id.MessageID != 3 || string(r.Result) != `{"message_id":3}` {
		t.Fatalf("copyMessage result %s, want a MessageId", r.Result)
	}

	status, r = postForm(t, s, "forwardMessage", map[string]string{"chat_id": "-100500", "from_chat_id": "42", "message_id": itoa(srcID)})
	var fwd message
	mustOK(t, status, r, &fwd)
	if fwd.ForwardFrom == nil || fwd.Document == nil || fwd.Caption != "Báo cáo tháng" {
		t.Fatalf("forwarded %+v", fwd)
	}
	status, r = postForm(t, s, "copyMessage", map[string]string{"chat_id": "1", "from_chat_id": "42", "message_id": "999"})
	mustFail(t, status, r, http.StatusBadRequest, "message to copy not found")

	if got, want := s.TextsTo(-100500), []string{"Hồ sơ", "Báo cáo tháng", "Báo cáo tháng"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("TextsTo = %q, want %q", got, want)
	}
	if n := len(s.Sent()); n != 3 {
		t.Fatalf("Sent() has %d calls, want 3", n)
	}
}

func TestCommands(t *testing.T) {
	s := newServer(t)
	cmds := `[{"command":"nop","description":"Nộp báo cáo"},{"command":"huy","description":"Huỷ"}]`
	scope := `{"type":"all_private_chats"}`
	status, r := postForm(t, s, "setMyCommands", map[string]string{"commands": cmds, "scope": scope})
	mustOK(t, status, r, nil)

	status, r = postJSON(t, s, "getMyCommands", map[string]any{"scope": map[string]string{"type": "all_private_chats"}})
	mustOK(t, status, r, nil)
	if string(r.Result) != cmds {
		t.Fatalf("getMyCommands = %s, want %s", r.Result, cmds)
	}
	status, r = postForm(t, s, "getMyCommands", nil)
	mustOK(t, status, r, nil)
	if string(r.Result) != "[]" {
		t.Fatalf("default scope = %s, want []", r.Result)
	}
	status, r = postForm(t, s, "setMyCommands", map[string]string{"commands": `[{"command":"Nop","description":"x"}]`})
	mustFail(t, status, r, http.StatusBadRequest, "BOT_COMMAND_INVALID")

	status, r = postForm(t, s, "deleteMyCommands", map[string]string{"scope": scope})
	mustOK(t, status, r, nil)
	status, r = postForm(t, s, "getMyCommands", map[string]string{"scope": scope})
	mustOK(t, status, r, nil)
	if string(r.Result) != "[]" {
		t.Fatalf("after delete = %s", r.Result)
	}
	if c := s.CallsTo("setMyCommands")[0]; c.Params["commands"] != cmds || c.Params["scope"] != scope {
		t.Fatalf("recorded %q", c.Params)
	}
}

func TestGetMe(t *testing.T) {
	s := newServer(t)
	s.SetBotUsername("other_bot")
	var me struct {
		ID       int64  `json:"id"`
		IsBot    bool   `json:"is_bot"`
		Username string `json:"username"`
	}
	status, r := postForm(t, s, "getMe", nil)
	mustOK(t, status, r, &me)
	if me.ID != 1000 || !me.IsBot || me.Username != "other_bot" || s.BotUsername() != "other_bot" {
		t.Fatalf("getMe %+v", me)
	}
}

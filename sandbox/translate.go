package sandbox

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// translate turns one successful Bot API call into what the page shows.
func (s *Server) translate(c fakeapi.Call) {
	p := c.Params
	chat := c.ChatID()
	first := 0
	if len(c.MessageIDs) > 0 {
		first = c.MessageIDs[0]
	}
	switch c.Method {
	case "sendMessage":
		buttons, force := markup(p["reply_markup"])
		s.add(Event{Type: "message", Chat: chat, ID: first, Text: p["text"], Buttons: buttons, ForceReply: force, ReplyTo: replyTo(p)})
	case "sendDocument", "sendPhoto":
		field := strings.TrimPrefix(strings.ToLower(c.Method), "send")
		buttons, force := markup(p["reply_markup"])
		f := s.fileOf(c, field, p[field])
		f.Photo = field == "photo"
		s.add(Event{Type: "message", Chat: chat, ID: first, Text: p["caption"], Buttons: buttons, ForceReply: force,
			ReplyTo: replyTo(p), Files: []FileView{f}})
	case "sendMediaGroup":
		var media []struct {
			Type, Media, Caption string
		}
		_ = json.Unmarshal([]byte(p["media"]), &media)
		e := Event{Type: "message", Chat: chat, ID: first}
		for _, m := range media {
			f := s.fileOf(c, strings.TrimPrefix(m.Media, "attach://"), m.Media)
			f.Photo = m.Type == "photo"
			e.Files = append(e.Files, f)
			if m.Caption != "" && e.Text == "" {
				e.Text = m.Caption
			}
		}
		s.add(e)
	case "editMessageText", "editMessageCaption", "editMessageReplyMarkup":
		id, _ := strconv.Atoi(p["message_id"])
		buttons, _ := markup(p["reply_markup"])
		e := Event{Type: "edit", Chat: chat, ID: id, Buttons: buttons}
		switch c.Method {
		case "editMessageText":
			e.Text, e.HasText = p["text"], true
		case "editMessageCaption":
			e.Text, e.HasText = p["caption"], true
		}
		s.add(e)
	case "deleteMessage":
		id, _ := strconv.Atoi(p["message_id"])
		s.add(Event{Type: "delete", Chat: chat, ID: id})
	case "answerCallbackQuery":
		s.mu.Lock()
		who, ok := s.callbacks[p["callback_query_id"]]
		delete(s.callbacks, p["callback_query_id"])
		s.mu.Unlock()
		if ok && p["text"] != "" {
			s.add(Event{Type: "toast", Chat: who.chat, From: who.persona, Text: p["text"], Alert: p["show_alert"] == "true"})
		}
	}
}

// fileOf is the file a call sent under field: an upload the call carried,
// or a file id the Bot API knows.
func (s *Server) fileOf(c fakeapi.Call, field, value string) FileView {
	if up, ok := c.Uploads[field]; ok {
		key := fmt.Sprintf("%d-%s", c.Seq, field)
		s.mu.Lock()
		s.uploads[key] = up
		s.mu.Unlock()
		return FileView{Name: up.Name, URL: "/api/file?upload=" + key}
	}
	name := value
	if f, ok := s.opt.API.FileByID(value); ok {
		name = f.Name
	}
	return FileView{Name: name, URL: "/api/file?id=" + value}
}

// markup reads an inline keyboard or a ForceReply from reply_markup.
func markup(raw string) ([][]Button, bool) {
	if raw == "" {
		return nil, false
	}
	var m struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
			URL          string `json:"url"`
		} `json:"inline_keyboard"`
		ForceReply bool `json:"force_reply"`
	}
	if json.Unmarshal([]byte(raw), &m) != nil {
		return nil, false
	}
	var rows [][]Button
	for _, row := range m.InlineKeyboard {
		var r []Button
		for _, b := range row {
			r = append(r, Button{Text: b.Text, Data: b.CallbackData, URL: b.URL})
		}
		rows = append(rows, r)
	}
	return rows, m.ForceReply
}

// replyTo is the message a sent message answers, however the bot said it.
func replyTo(p map[string]string) int {
	if v, err := strconv.Atoi(p["reply_to_message_id"]); err == nil {
		return v
	}
	var rp struct {
		MessageID int `json:"message_id"`
	}
	if json.Unmarshal([]byte(p["reply_parameters"]), &rp) == nil {
		return rp.MessageID
	}
	return 0
}

func parseID(s string) (int64, error) { return strconv.ParseInt(strings.TrimSpace(s), 10, 64) }

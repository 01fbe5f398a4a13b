package sandbox

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// maxUpload bounds a file sent from the page, as Telegram's cloud API
// bounds what a bot may download.
const maxUpload = 20 << 20

// Refusals of the page, in Vietnamese.
var (
	errUnknownPersona = problem{"Không có người dùng này trong hộp cát. Hãy chọn một người trong danh sách."}
	errUnknownChat    = problem{"Không có cuộc trò chuyện này trong hộp cát. Hãy chọn một cuộc trò chuyện trong danh sách."}
	errNotYourChat    = problem{"Đây là cuộc trò chuyện riêng của người khác với bot: chỉ chủ cuộc trò chuyện mới gõ được ở đây. Hãy chọn đúng người, hoặc một nhóm."}
	errEmpty          = problem{"Tin nhắn trống: hãy gõ nội dung hoặc chọn một tệp."}
	errNoFile         = problem{"Chưa chọn tệp nào để gửi."}
	errTooBig         = problem{"Tệp quá lớn: hộp cát nhận tệp đến 20 MB, như Telegram."}
	errBadDate        = problem{"Ngày không hợp lệ: hãy chọn một ngày (YYYY-MM-DD)."}
	errBackwards      = problem{"Đồng hồ của hộp cát chỉ tiến về phía trước: hãy chọn một thời điểm sau thời điểm hiện tại của hộp cát."}
)

// where checks that persona may type in chat and returns both as the Bot
// API sees them.
func (s *Server) where(persona, chat int64) (fakeapi.User, fakeapi.Chat, error) {
	p, ok := s.personas[persona]
	if !ok {
		return fakeapi.User{}, fakeapi.Chat{}, errUnknownPersona
	}
	c, ok := s.chats[chat]
	if !ok {
		return fakeapi.User{}, fakeapi.Chat{}, errUnknownChat
	}
	if !c.Group && c.Owner != p.ID {
		return fakeapi.User{}, fakeapi.Chat{}, errNotYourChat
	}
	u := fakeapi.User{ID: p.ID, FirstName: p.Name, LanguageCode: "vi"}
	fc := fakeapi.Private(u)
	if c.Group {
		fc = fakeapi.Chat{ID: c.ID, Type: "supergroup", Title: c.Title}
	}
	return u, fc, nil
}

// Say sends text from persona in chat (a reply to replyTo when it is not
// 0) and returns the update id the bot will confirm.
func (s *Server) Say(persona, chat int64, text string, replyTo int) (int64, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0, errEmpty
	}
	u, c, err := s.where(persona, chat)
	if err != nil {
		return 0, err
	}
	var id int64
	var msg int
	if replyTo > 0 {
		id, msg = s.opt.API.ReplyTo(u, c, replyTo, text)
	} else {
		id, msg = s.opt.API.SendText(u, c, text)
	}
	s.add(Event{Type: "message", Chat: chat, ID: msg, From: persona, Text: text, ReplyTo: replyTo})
	return id, nil
}

// Press taps the button with data under message msg of chat as persona.
func (s *Server) Press(persona, chat int64, msg int, data string) (int64, error) {
	u, c, err := s.where(persona, chat)
	if err != nil {
		return 0, err
	}
	id, cb := s.opt.API.PressButton(u, c, msg, data)
	s.mu.Lock()
	s.callbacks[cb] = press{persona: persona, chat: chat}
	s.mu.Unlock()
	return id, nil
}

// Send sends a file from persona in chat with caption: a photo when it is
// an image, else a document, as the Telegram apps do.
func (s *Server) Send(persona, chat int64, name string, data []byte, caption string) (int64, error) {
	u, c, err := s.where(persona, chat)
	if err != nil {
		return 0, err
	}
	typ := mime.TypeByExtension(strings.ToLower(filepath.Ext(name)))
	f := s.opt.API.AddFile(fakeapi.File{Name: filepath.Base(name), MIME: typ, Data: data})
	photo := strings.HasPrefix(typ, "image/")
	var id int64
	var msg int
	if photo {
		id, msg = s.opt.API.SendPhoto(u, c, caption, f)
	} else {
		id, msg = s.opt.API.SendDocument(u, c, caption, f)
	}
	s.add(Event{Type: "message", Chat: chat, ID: msg, From: persona, Text: caption,
		Files: []FileView{{Name: f.Name, URL: "/api/file?id=" + f.FileID, Photo: photo}}})
	return id, nil
}

// JumpTo moves the sandbox clock to hour:00 of day (YYYY-MM-DD) in the
// bot's time zone.
func (s *Server) JumpTo(day string, hour, minute int) (time.Time, error) {
	d, err := time.ParseInLocation("2006-01-02", day, s.opt.Location)
	if err != nil {
		return time.Time{}, errBadDate
	}
	t := time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, s.opt.Location)
	if err := s.opt.Clock.JumpTo(t); err != nil {
		return time.Time{}, errBackwards
	}
	s.opt.Log.Info("sandbox clock moved", "component", "sandbox", "now", t.Format(time.RFC3339))
	return t, nil
}

func (s *Server) sendHTTP(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Persona, Chat int64
		Text          string
		ReplyTo       int `json:"reply_to"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&in); err != nil {
		s.writeErr(w, problem{"Yêu cầu không hợp lệ."})
		return
	}
	id, err := s.Say(in.Persona, in.Chat, in.Text, in.ReplyTo)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int64{"update": id})
}

func (s *Server) pressHTTP(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Persona, Chat int64
		Message       int
		Data          string
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&in); err != nil {
		s.writeErr(w, problem{"Yêu cầu không hợp lệ."})
		return
	}
	id, err := s.Press(in.Persona, in.Chat, in.Message, in.Data)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int64{"update": id})
}

func (s *Server) uploadHTTP(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+1<<20)
	if err := r.ParseMultipartForm(maxUpload + 1<<20); err != nil {
		s.writeErr(w, errTooBig)
		return
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		s.writeErr(w, errNoFile)
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxUpload+1))
	if err != nil {
		s.writeErr(w, err)
		return
	}
	if len(data) > maxUpload {
		s.writeErr(w, errTooBig)
		return
	}
	persona, _ := parseID(r.FormValue("persona"))
	chat, _ := parseID(r.FormValue("chat"))
	id, err := s.Send(persona, chat, hdr.Filename, data, strings.TrimSpace(r.FormValue("caption")))
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int64{"update": id})
}

func (s *Server) clockHTTP(w http.ResponseWriter, r *http.Request) {
	var in struct{ Date string }
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&in); err != nil {
		s.writeErr(w, errBadDate)
		return
	}
	t, err := s.JumpTo(in.Date, 8, 0)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"now": t.Format(time.RFC3339)})
}

// fileHTTP downloads a file of a message: one a persona sent or the bot
// re-sent by file id (?id=), or one the bot uploaded (?upload=).
func (s *Server) fileHTTP(w http.ResponseWriter, r *http.Request) {
	var name, typ string
	var data []byte
	if key := r.URL.Query().Get("upload"); key != "" {
		s.mu.Lock()
		up, ok := s.uploads[key]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		name, typ, data = up.Name, up.MIME, up.Data
	} else {
		f, ok := s.opt.API.FileByID(r.URL.Query().Get("id"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		name, typ, data = f.Name, f.MIME, f.Data
	}
	if typ == "" {
		typ = "application/octet-stream"
	}
	w.Header().Set("Content-Type", typ)
	disp := "attachment"
	if strings.HasPrefix(typ, "image/") {
		disp = "inline"
	}
	w.Header().Set("Content-Disposition", mime.FormatMediaType(disp, map[string]string{"filename": name}))
	_, _ = w.Write(data)
}

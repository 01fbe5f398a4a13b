package fakeapi

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// methods maps each served method (getUpdates aside, which waits outside
// the lock) to its handler; handlers run with s.mu held.
var methods map[string]func(*Server, *request) reply

func init() {
	methods = map[string]func(*Server, *request) reply{
		"getMe":                  getMe,
		"sendMessage":            sendMessage,
		"sendDocument":           sendDocument,
		"sendPhoto":              sendPhoto,
		"sendMediaGroup":         sendMediaGroup,
		"copyMessage":            copyMessage,
		"forwardMessage":         forwardMessage,
		"editMessageText":        editMessageText,
		"editMessageReplyMarkup": editMessageReplyMarkup,
		"deleteMessage":          deleteMessage,
		"answerCallbackQuery":    answerCallbackQuery,
		"sendChatAction":         sendChatAction,
		"setMyCommands":          setMyCommands,
		"deleteMyCommands":       deleteMyCommands,
		"getMyCommands":          getMyCommands,
		"getFile":                getFile,
		"setWebhook":             setWebhook,
		"deleteWebhook":          deleteWebhook,
		"getWebhookInfo":         getWebhookInfo,
	}
	for name := range methods {
		methodNames[strings.ToLower(name)] = name
	}
}

// methodNames maps lower-case method names to canonical ones: Telegram
// matches method names case-insensitively.
var methodNames = map[string]string{"getupdates": "getUpdates"}

// canonicalMethod maps a requested method name to its canonical spelling.
func canonicalMethod(name string) (string, bool) {
	if c, ok := methodNames[strings.ToLower(name)]; ok {
		return c, true
	}
	return name, false
}

// Telegram's text limits, in characters.
const (
	maxText    = 4096
	maxCaption = 1024
)

func getMe(s *Server, _ *request) reply {
	u := s.botJSONLocked()
	u["can_join_groups"] = true
	u["can_read_all_group_messages"] = false
	u["supports_inline_queries"] = false
	return okReply(u)
}

func sendMessage(s *Server, r *request) reply {
	chatID, bad := r.chatID("chat_id")
	if bad != nil {
		return *bad
	}
	text := r.params["text"]
	if strings.TrimSpace(text) == "" {
		return badRequest("message text is empty")
	}
	if utf8.RuneCountInString(text) > maxText {
		return badRequest("message is too long")
	}
	content := map[string]any{"text": text}
	if bad := r.copyJSON(content, "entities", "can't parse entities"); bad != nil {
		return *bad
	}
	return s.sendLocked(r, chatID, []map[string]any{content}, false)
}

func sendDocument(s *Server, r *request) reply {
	chatID, bad := r.chatID("chat_id")
	if bad != nil {
		return *bad
	}
	sf, bad := s.fileParamLocked(r, "document", "documents")
	if bad != nil {
		return *bad
	}
	content := map[string]any{"document": sf.documentJSON()}
	if bad := r.caption(content); bad != nil {
		return *bad
	}
	return s.sendLocked(r, chatID, []map[string]any{content}, false)
}

func sendPhoto(s *Server, r *request) reply {
	chatID, bad := r.chatID("chat_id")
	if bad != nil {
		return *bad
	}
	sf, bad := s.fileParamLocked(r, "photo", "photos")
	if bad != nil {
		return *bad
	}
	content := map[string]any{"photo": s.photoSizesLocked(File{FileID: sf.id})}
	if bad := r.caption(content); bad != nil {
		return *bad
	}
	return s.sendLocked(r, chatID, []map[string]any{content}, false)
}

// inputMedia is one element of sendMediaGroup's media parameter.
type inputMedia struct {
	Type            string          `json:"type"`
	Media           string          `json:"media"`
	Caption         string          `json:"caption"`
	ParseMode       string          `json:"parse_mode"`
	CaptionEntities json.RawMessage `json:"caption_entities"`
}

func sendMediaGroup(s *Server, r *request) reply {
	chatID, bad := r.chatID("chat_id")
	if bad != nil {
		return *bad
	}
	var items []inputMedia
	if err := decodeJSON(r.params["media"], &items); err != nil {
		return badRequest("can't parse media JSON object")
	}
	if len(items) < 2 || len(items) > 10 {
		return badRequest("wrong number of media files specified; must be 2-10")
	}
	docs := 0
	for _, it := range items {
		if it.Type == "document" {
			docs++
		}
	}
	if docs > 0 && docs < len(items) {
		return badRequest("document can't be mixed with other media types")
	}
	s.nextGroup++
	group := strconv.FormatInt(13000000000000000+s.nextGroup, 10)
	contents := make([]map[string]any, 0, len(items))
	for _, it := range items {
		dir := "documents"
		if it.Type == "photo" {
			dir = "photos"
		}
		sf, bad := s.fileRefLocked(r, it.Media, dir)
		if bad != nil {
			return *bad
		}
		content := map[string]any{"media_group_id": group}
		switch it.Type {
		case "photo":
			content["photo"] = s.photoSizesLocked(File{FileID: sf.id})
		case "document", "audio", "video":
			content[it.Type] = sf.documentJSON()
		default:
			return badRequest("unsupported media type \"" + it.Type + "\"")
		}
		if utf8.RuneCountInString(it.Caption) > maxCaption {
			return badRequest("message caption is too long")
		}
		if it.Caption != "" {
			content["caption"] = it.Caption
			if len(it.CaptionEntities) > 0 && string(it.CaptionEntities) != "null" {
				content["caption_entities"] = it.CaptionEntities
			}
		}
		contents = append(contents, content)
	}
	return s.sendLocked(r, chatID, contents, true)
}

// copied are the content fields copyMessage and forwardMessage carry over.
var copied = []string{"text", "entities", "document", "photo", "video", "audio", "voice", "sticker", "caption", "caption_entities"}

func copyMessage(s *Server, r *request) reply {
	chatID, src, bad := s.sourceLocked(r, "message to copy not found")
	if bad != nil {
		return *bad
	}
	content := map[string]any{}
	for _, k := range copied {
		if v, ok := src[k]; ok {
			content[k] = v
		}
	}
	if _, isText := src["text"]; !isText && r.has("caption") {
		delete(content, "caption_entities")
		delete(content, "caption")
		if bad := r.caption(content); bad != nil {
			return *bad
		}
	}
	rep := s.sendLocked(r, chatID, []map[string]any{content}, false)
	if rep.status == http.StatusOK {
		rep.result = map[string]any{"message_id": rep.msgIDs[0]}
	}
	return rep
}

func forwardMessage(s *Server, r *request) reply {
	chatID, src, bad := s.sourceLocked(r, "message to forward not found")
	if bad != nil {
		return *bad
	}
	content := map[string]any{"forward_date": src["date"]}
	if from, ok := src["from"]; ok {
		content["forward_from"] = from
	}
	for _, k := range copied {
		if v, ok := src[k]; ok {
			content[k] = v
		}
	}
	r = &request{params: withoutKeys(r.params, "reply_markup"), uploads: r.uploads}
	return s.sendLocked(r, chatID, []map[string]any{content}, false)
}

// sourceLocked resolves chat_id and the message named by from_chat_id and
// message_id for copyMessage and forwardMessage.
func (s *Server) sourceLocked(r *request, notFound string) (int64, map[string]any, *reply) {
	chatID, bad := r.chatID("chat_id")
	if bad != nil {
		return 0, nil, bad
	}
	fromChat, bad := r.chatID("from_chat_id")
	if bad != nil {
		return 0, nil, bad
	}
	msgID, bad := r.messageID("message_id")
	if bad != nil {
		return 0, nil, bad
	}
	cs, ok := s.chats[fromChat]
	if !ok {
		return 0, nil, ptr(badRequest(notFound))
	}
	src, ok := cs.msgs[msgID]
	if !ok {
		return 0, nil, ptr(badRequest(notFound))
	}
	return chatID, src, nil
}

// sendLocked is the common tail of every send: reply target, keyboard,
// blocked chats, flood limits, then one stored message per content.
func (s *Server) sendLocked(r *request, chatID int64, contents []map[string]any, array bool) reply {
	cs := s.chatLocked(chatID)
	markup, bad := r.markup()
	if bad != nil {
		return *bad
	}
	var quote map[string]any
	if id, ok, err := r.int64Param("reply_to_message_id"); ok {
		if _, found := cs.msgs[int(id)]; err == nil && found {
			quote = s.quoteLocked(cs, int(id))
		} else if r.params["allow_sending_without_reply"] != "true" {
			return badRequest("message to be replied not found")
		}
	}
	if f := s.forbiddenLocked(chatID); f != nil {
		return *f
	}
	thread, bad := s.threadLocked(r, cs)
	if bad != nil {
		return *bad
	}
	if l := s.admitLocked(chatID, len(contents)); l != nil {
		return *l
	}
	rep := okReply(nil)
	msgs := make([]map[string]any, 0, len(contents))
	for _, c := range contents {
		if quote != nil {
			c["reply_to_message"] = quote
		}
		if thread != 0 {
			c["message_thread_id"] = thread
			c["is_topic_message"] = true
		}
		if markup != nil && !array {
			c["reply_markup"] = markup
		}
		m := s.storeMessageLocked(cs, s.botJSONLocked(), c)
		msgs = append(msgs, m)
		rep.msgIDs = append(rep.msgIDs, m["message_id"].(int))
		rep.texts = appendText(rep.texts, m)
	}
	if array {
		rep.result = msgs
	} else {
		rep.result = msgs[0]
	}
	return rep
}

// appendText appends a message's text or caption, if any.
func appendText(texts []string, m map[string]any) []string {
	if t, _ := m["text"].(string); t != "" {
		return append(texts, t)
	}
	if c, _ := m["caption"].(string); c != "" {
		return append(texts, c)
	}
	return texts
}

func editMessageText(s *Server, r *request) reply {
	text := r.params["text"]
	if strings.TrimSpace(text) == "" {
		return badRequest("message text is empty")
	}
	if utf8.RuneCountInString(text) > maxText {
		return badRequest("message is too long")
	}
	if r.params["inline_message_id"] != "" {
		return okReply(true)
	}
	cs, old, bad := s.editTargetLocked(r)
	if bad != nil {
		return *bad
	}
	if _, ok := old["text"]; !ok {
		return badRequest("there is no text in the message to edit")
	}
	markup, bad := r.markup()
	if bad != nil {
		return *bad
	}
	if old["text"] == text && sameJSON(old["reply_markup"], markup) {
		return badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	if l := s.admitLocked(cs.chat.ID, 1); l != nil {
		return *l
	}
	msg := withoutKeys(old, "entities", "reply_markup")
	msg["text"] = text
	if bad := r.copyJSON(msg, "entities", "can't parse entities"); bad != nil {
		return *bad
	}
	return s.replaceLocked(cs, msg, markup)
}

func editMessageReplyMarkup(s *Server, r *request) reply {
	if r.params["inline_message_id"] != "" {
		return okReply(true)
	}
	cs, old, bad := s.editTargetLocked(r)
	if bad != nil {
		return *bad
	}
	markup, bad := r.markup()
	if bad != nil {
		return *bad
	}
	if sameJSON(old["reply_markup"], markup) {
		return badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	return s.replaceLocked(cs, withoutKeys(old, "reply_markup"), markup)
}

// editTargetLocked finds the bot message an edit names.
func (s *Server) editTargetLocked(r *request) (*chatState, map[string]any, *reply) {
	chatID, bad := r.chatID("chat_id")
	if bad != nil {
		return nil, nil, bad
	}
	msgID, bad := r.messageID("message_id")
	if bad != nil {
		return nil, nil, bad
	}
	if f := s.forbiddenLocked(chatID); f != nil {
		return nil, nil, f
	}
	cs := s.chatLocked(chatID)
	old, ok := cs.msgs[msgID]
	if !ok {
		return nil, nil, ptr(badRequest("message to edit not found"))
	}
	if from, _ := old["from"].(map[string]any); from == nil || !sameJSON(from["id"], BotID) {
		return nil, nil, ptr(badRequest("message can't be edited"))
	}
	return cs, old, nil
}

// replaceLocked stores an edited message and answers with it.
func (s *Server) replaceLocked(cs *chatState, msg map[string]any, markup map[string]any) reply {
	if markup != nil {
		msg["reply_markup"] = markup
	}
	msg["edit_date"] = s.now().Unix()
	id, _ := asInt64(msg["message_id"])
	cs.msgs[int(id)] = msg
	rep := okReply(msg)
	rep.msgIDs = []int{int(id)}
	rep.texts = appendText(nil, msg)
	return rep
}

func deleteMessage(s *Server, r *request) reply {
	chatID, bad := r.chatID("chat_id")
	if bad != nil {
		return *bad
	}
	msgID, bad := r.messageID("message_id")
	if bad != nil {
		return *bad
	}
	if f := s.forbiddenLocked(chatID); f != nil {
		return *f
	}
	cs := s.chatLocked(chatID)
	if _, ok := cs.msgs[msgID]; !ok {
		return badRequest("message to delete not found")
	}
	delete(cs.msgs, msgID)
	rep := okReply(true)
	rep.msgIDs = []int{msgID}
	return rep
}

func answerCallbackQuery(s *Server, r *request) reply {
	if !s.callbacks[r.params["callback_query_id"]] {
		return badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	return okReply(true)
}

func sendChatAction(s *Server, r *request) reply {
	chatID, bad := r.chatID("chat_id")
	if bad != nil {
		return *bad
	}
	if r.params["action"] == "" {
		return badRequest("wrong parameter action in request")
	}
	if f := s.forbiddenLocked(chatID); f != nil {
		return *f
	}
	return okReply(true)
}

// botCommand is one entry of setMyCommands' commands.
type botCommand struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

var commandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

func setMyCommands(s *Server, r *request) reply {
	var cmds []botCommand
	if err := decodeJSON(r.params["commands"], &cmds); err != nil {
		return badRequest("can't parse commands JSON object")
	}
	for _, c := range cmds {
		if !commandName.MatchString(c.Command) {
			return badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf8.RuneCountInString(c.Description); n < 1 || n > 256 {
			return badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	key, bad := r.commandsKey()
	if bad != nil {
		return *bad
	}
	if len(cmds) == 0 {
		delete(s.commands, key)
		return okReply(true)
	}
	raw, _ := json.Marshal(cmds)
	s.commands[key] = raw
	return okReply(true)
}

func deleteMyCommands(s *Server, r *request) reply {
	key, bad := r.commandsKey()
	if bad != nil {
		return *bad
	}
	delete(s.commands, key)
	return okReply(true)
}

func getMyCommands(s *Server, r *request) reply {
	key, bad := r.commandsKey()
	if bad != nil {
		return *bad
	}
	if raw, ok := s.commands[key]; ok {
		return okReply(raw)
	}
	return okReply(json.RawMessage("[]"))
}

// commandsKey identifies a command list by scope and language; the scope
// is re-encoded so key order in the client's JSON does not matter.
func (r *request) commandsKey() (string, *reply) {
	scope := map[string]any{"type": "default"}
	if raw := r.params["scope"]; raw != "" {
		scope = nil
		if err := decodeJSON(raw, &scope); err != nil || scope["type"] == nil {
			return "", ptr(badRequest("can't parse BotCommandScope JSON object"))
		}
	}
	b, _ := json.Marshal(scope)
	return string(b) + "|" + r.params["language_code"], nil
}

func setWebhook(s *Server, r *request) reply {
	u := r.params["url"]
	if u != "" && !strings.HasPrefix(u, "https://") {
		return badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	maxConn, _, _ := r.int64Param("max_connections")
	if u != "" && maxConn == 0 {
		maxConn = 40
	}
	s.webhook = webhookState{url: u, maxConnections: int(maxConn)}
	if raw := r.params["allowed_updates"]; raw != "" && json.Valid([]byte(raw)) {
		s.webhook.allowedUpdates = json.RawMessage(raw)
	}
	if r.params["drop_pending_updates"] == "true" {
		s.dropPendingLocked()
	}
	return okReply(true)
}

func deleteWebhook(s *Server, r *request) reply {
	s.webhook = webhookState{}
	if r.params["drop_pending_updates"] == "true" {
		s.dropPendingLocked()
	}
	return okReply(true)
}

func getWebhookInfo(s *Server, _ *request) reply {
	info := map[string]any{
		"url":                    s.webhook.url,
		"has_custom_certificate": false,
		"pending_update_count":   len(s.queue),
	}
	if s.webhook.url != "" {
		info["max_connections"] = s.webhook.maxConnections
		if s.webhook.allowedUpdates != nil {
			info["allowed_updates"] = s.webhook.allowedUpdates
		}
	}
	return okReply(info)
}

// dropPendingLocked forgets every queued update, as drop_pending_updates
// does.
func (s *Server) dropPendingLocked() {
	if len(s.queue) == 0 {
		return
	}
	s.confirmed = max(s.confirmed, s.queue[len(s.queue)-1].id)
	s.queue = nil
	s.notifyLocked()
}

// markup decodes reply_markup. Only a non-empty inline keyboard is
// returned, because only those appear in the Message Telegram answers
// with; other keyboards are validated and recorded in Params only.
func (r *request) markup() (map[string]any, *reply) {
	raw := r.params["reply_markup"]
	if raw == "" {
		return nil, nil
	}
	var m map[string]any
	if err := decodeJSON(raw, &m); err != nil || m == nil {
		return nil, ptr(badRequest("can't parse reply keyboard markup JSON object"))
	}
	kb, ok := m["inline_keyboard"]
	if !ok {
		return nil, nil
	}
	rows, ok := kb.([]any)
	if !ok {
		return nil, ptr(badRequest("can't parse inline keyboard button: InlineKeyboardMarkup must be an Array of Arrays"))
	}
	buttons := 0
	for _, row := range rows {
		cells, ok := row.([]any)
		if !ok {
			return nil, ptr(badRequest("can't parse inline keyboard button: InlineKeyboardMarkup must be an Array of Arrays"))
		}
		for _, cell := range cells {
			b, _ := cell.(map[string]any)
			if text, _ := b["text"].(string); text == "" {
				return nil, ptr(badRequest("can't parse inline keyboard button: Text must be non-empty"))
			}
			data, hasData := b["callback_data"].(string)
			if hasData && len(data) > 64 {
				return nil, ptr(badRequest("BUTTON_DATA_INVALID"))
			}
			if len(b) < 2 {
				return nil, ptr(badRequest("text buttons are unallowed in the inline keyboard"))
			}
			buttons++
		}
	}
	if buttons == 0 {
		return nil, nil
	}
	return map[string]any{"inline_keyboard": rows}, nil
}

// caption validates and copies caption and caption_entities into content.
func (r *request) caption(content map[string]any) *reply {
	c := r.params["caption"]
	if c == "" {
		return nil
	}
	if utf8.RuneCountInString(c) > maxCaption {
		return ptr(badRequest("message caption is too long"))
	}
	content["caption"] = c
	return r.copyJSON(content, "caption_entities", "can't parse caption entities")
}

// copyJSON copies a JSON-valued parameter into content, decoded.
func (r *request) copyJSON(content map[string]any, key, errDesc string) *reply {
	raw := r.params[key]
	if raw == "" || raw == "null" { // tgbotapi sends "null" for a nil slice
		return nil
	}
	var v any
	if err := decodeJSON(raw, &v); err != nil {
		return ptr(badRequest(errDesc))
	}
	content[key] = v
	return nil
}

// sameJSON compares two values by their JSON encoding, which is how a
// stored keyboard and a newly sent one can be told apart or not.
func sameJSON(a, b any) bool {
	if isNil(a) && isNil(b) {
		return true
	}
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	m, ok := v.(map[string]any)
	return ok && m == nil
}

// withoutKeys returns a shallow copy of m without keys.
func withoutKeys[V any](m map[string]V, keys ...string) map[string]V {
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

package fakeapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf16"
)

// User is a Telegram user as tests describe them; the server turns it into
// the JSON Telegram sends.
type User struct {
	ID           int64
	FirstName    string
	LastName     string
	Username     string
	LanguageCode string
}

// Chat is the chat an update comes from. Type is "private", "group" or
// "supergroup"; left empty it is inferred from the id (positive: private,
// -100…: supergroup, other negative: group), as Telegram's ids encode it.
// Topic is the forum topic a user's message is sent in (its
// message_thread_id, with is_topic_message); 0 is the general chat. A
// chat that ever had a Topic is a forum (is_forum) from then on.
type Chat struct {
	ID    int64
	Type  string
	Title string
	Topic int
}

// InTopic is c seen from inside forum topic thread.
func (c Chat) InTopic(thread int) Chat { c.Topic = thread; return c }

// Private is the private chat with u, whose id is the user's id.
func Private(u User) Chat { return Chat{ID: u.ID, Type: "private"} }

// queuedUpdate is an update waiting for the bot to confirm it.
type queuedUpdate struct {
	id   int64
	kind string
	body json.RawMessage
}

// chatState holds a chat's messages so replies, button presses, copies and
// edits can refer to them as Telegram does.
type chatState struct {
	chat   Chat
	lastID int
	msgs   map[int]map[string]any
	// forum is set once a message came from one of the chat's topics;
	// gone holds the topics DeleteTopic and CloseTopic made refuse sends,
	// with the description Telegram answers.
	forum bool
	gone  map[int]string
}

// PushUpdate queues a raw update (for kinds the helpers do not build) and
// returns the update_id it was given; ids start at 1 and increase. A
// "message" in it is remembered, so the bot can reply to it. It panics if
// raw cannot be encoded as JSON, which is a bug in the test.
func (s *Server) PushUpdate(raw map[string]any) int64 {
	// A JSON round trip gives the server its own copy: the test may reuse
	// or change raw afterwards.
	b, err := json.Marshal(raw)
	if err != nil {
		panic(fmt.Sprintf("fakeapi: encode update: %v", err))
	}
	var own map[string]any
	if err := decodeJSON(string(b), &own); err != nil {
		panic(fmt.Sprintf("fakeapi: decode update: %v", err))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	kind := ""
	var payload any
	for k, v := range own {
		if k != "update_id" {
			kind, payload = k, v
		}
	}
	if msg, ok := payload.(map[string]any); ok && (kind == "message" || kind == "channel_post") {
		s.rememberMessageLocked(msg)
	}
	return s.pushLocked(kind, payload)
}

// pushLocked encodes and queues one update; the caller holds s.mu.
func (s *Server) pushLocked(kind string, payload any) int64 {
	s.lastUpdateID++
	id := s.lastUpdateID
	body, err := json.Marshal(map[string]any{"update_id": id, kind: payload})
	if err != nil {
		panic(fmt.Sprintf("fakeapi: encode update: %v", err))
	}
	s.queue = append(s.queue, queuedUpdate{id: id, kind: kind, body: body})
	s.notifyLocked()
	return id
}

// rememberMessageLocked stores a message from a raw update when it has a
// chat id and a message id, and keeps the chat's id counter ahead of it.
func (s *Server) rememberMessageLocked(msg map[string]any) {
	chat, _ := msg["chat"].(map[string]any)
	chatID, ok1 := asInt64(chat["id"])
	msgID, ok2 := asInt64(msg["message_id"])
	if !ok1 || !ok2 {
		return
	}
	cs := s.chatLocked(chatID)
	if t, _ := chat["type"].(string); t != "" {
		cs.chat.Type = t
	}
	if int(msgID) > cs.lastID {
		cs.lastID = int(msgID)
	}
	cs.msgs[int(msgID)] = msg
}

// Pending counts updates queued but not yet confirmed by an offset.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// WaitConfirmed blocks until the bot called getUpdates with an offset above
// updateID, which is how Telegram learns an update was handled; it fails
// the test on timeout.
func (s *Server) WaitConfirmed(t testing.TB, timeout time.Duration, updateID int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for {
		s.mu.Lock()
		done, confirmed := s.confirmed >= updateID, s.confirmed
		ch := s.changed
		s.mu.Unlock()
		if done {
			return
		}
		if err := s.waitChange(ctx, ch); err != nil {
			t.Fatalf("fakeapi: update %d not confirmed (%v; confirmed up to %d)\nlast calls:\n%s", updateID, err, confirmed, s.Dump(20))
			return
		}
	}
}

// getUpdates implements offset confirmation and long polling. It records
// the call itself because it waits outside the lock.
func (s *Server) getUpdates(ctx context.Context, call Call) reply {
	req := &request{params: call.Params}
	offset, _, err1 := req.int64Param("offset")
	limit, hasLimit, err2 := req.int64Param("limit")
	timeout, _, err3 := req.int64Param("timeout")
	var allowed []string
	err4 := error(nil)
	raw, setAllowed := call.Params["allowed_updates"]
	if raw == "" || raw == "null" { // tgbotapi sends "null" when unset: keep the setting
		setAllowed = false
	} else {
		err4 = decodeJSON(raw, &allowed)
	}
	if !hasLimit || limit > 100 {
		limit = 100
	}
	if limit < 1 {
		limit = 1
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	finish := func(rep reply) reply {
		s.recordLocked(call, rep)
		return rep
	}
	for _, err := range []error{err1, err2, err3, err4} {
		if err != nil {
			return finish(badRequest("can't parse parameters"))
		}
	}
	if s.webhook.url != "" {
		return finish(errReply(http.StatusConflict, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"))
	}
	if setAllowed {
		s.allowedUpdates = nil
		if len(allowed) > 0 {
			s.allowedUpdates = map[string]bool{}
			for _, a := range allowed {
				s.allowedUpdates[a] = true
			}
		}
	}
	s.confirmLocked(offset)
	s.pollGen++
	gen := s.pollGen
	s.notifyLocked() // a poll already waiting is now superseded

	var expired <-chan time.Time
	if timeout > 0 {
		timer := time.NewTimer(time.Duration(timeout) * time.Second)
		defer timer.Stop()
		expired = timer.C
	}
	for {
		batch := s.batchLocked(int(limit))
		if len(batch) > 0 || expired == nil {
			return finish(okReply(batch))
		}
		if s.pollGen != gen {
			return finish(errReply(http.StatusConflict, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"))
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-expired:
			expired = nil // one last look, then answer
		case <-ctx.Done():
			s.mu.Lock()
			return finish(reply{})
		case <-s.closed:
			expired = nil
		}
		s.mu.Lock()
	}
}

// confirmLocked drops the updates an offset confirms: ids below a positive
// offset, or all but the last -offset ones for a negative offset.
func (s *Server) confirmLocked(offset int64) {
	drop := 0
	switch {
	case offset > 0:
		for drop < len(s.queue) && s.queue[drop].id < offset {
			drop++
		}
		if offset-1 > s.confirmed {
			s.confirmed = offset - 1
			s.notifyLocked()
		}
	case offset < 0:
		if keep := int(-offset); len(s.queue) > keep {
			drop = len(s.queue) - keep
		}
	}
	if drop == 0 {
		return
	}
	if last := s.queue[drop-1].id; last > s.confirmed {
		s.confirmed = last
	}
	// Drop the confirmed prefix without copying the rest: a bot working
	// through a backlog confirms often, and copying the whole queue each
	// time made the fake's garbage, in the bot's process, grow with the
	// square of the backlog.
	clear(s.queue[:drop])
	s.queue = s.queue[drop:]
	s.notifyLocked()
}

// batchLocked returns up to limit queued updates. Updates of kinds the bot
// excluded with allowed_updates are dropped, as Telegram never stores them.
func (s *Server) batchLocked(limit int) []json.RawMessage {
	if s.allowedUpdates != nil && slices.ContainsFunc(s.queue, func(u queuedUpdate) bool { return !s.allowedUpdates[u.kind] }) {
		// Filtered in place, and only when something is dropped: this runs
		// on every getUpdates, over the whole backlog.
		s.queue = slices.DeleteFunc(s.queue, func(u queuedUpdate) bool { return !s.allowedUpdates[u.kind] })
	}
	batch := make([]json.RawMessage, 0, min(limit, len(s.queue)))
	for _, u := range s.queue {
		if len(batch) == limit {
			break
		}
		batch = append(batch, u.body)
	}
	return batch
}

// SendText queues a text message from a user and returns its update id and
// message id. A leading /command gets its bot_command entity, which is what
// command routers look at.
func (s *Server) SendText(from User, chat Chat, text string) (updateID int64, messageID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	content := map[string]any{"text": text}
	if e := commandEntities(text); e != nil {
		content["entities"] = e
	}
	msg := s.userMessageLocked(from, chat, content)
	return s.pushLocked("message", msg), msg["message_id"].(int)
}

// ReplyTo queues a user's text reply to a message (usually the bot's), with
// reply_to_message filled in from what the server recorded, which is how
// the bot sees answers to its ForceReply prompts.
func (s *Server) ReplyTo(from User, chat Chat, replyToMessageID int, text string) (updateID int64, messageID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	content := map[string]any{"text": text}
	if e := commandEntities(text); e != nil {
		content["entities"] = e
	}
	content["reply_to_message"] = s.quoteLocked(s.useChatLocked(chat), replyToMessageID)
	msg := s.userMessageLocked(from, chat, content)
	return s.pushLocked("message", msg), msg["message_id"].(int)
}

// SendDocument queues a document message. doc is registered for getFile
// and download; a doc without Data whose FileID is already registered (for
// example by AddFileFunc) keeps the registered content.
func (s *Server) SendDocument(from User, chat Chat, caption string, doc File) (updateID int64, messageID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sf := s.registerLocked(doc, "documents")
	content := map[string]any{"document": sf.documentJSON()}
	addCaption(content, caption)
	msg := s.userMessageLocked(from, chat, content)
	return s.pushLocked("message", msg), msg["message_id"].(int)
}

// SendPhoto queues a photo message whose photo array holds three sizes with
// f as the largest, last, as Telegram sends them.
func (s *Server) SendPhoto(from User, chat Chat, caption string, f File) (updateID int64, messageID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	content := map[string]any{"photo": s.photoSizesLocked(f)}
	addCaption(content, caption)
	msg := s.userMessageLocked(from, chat, content)
	return s.pushLocked("message", msg), msg["message_id"].(int)
}

// SendAlbum queues an album: one update per file, all sharing a
// media_group_id, the caption on the first, as Telegram delivers albums.
// It is a photo album when every file has an image/ MIME type, otherwise a
// document album.
func (s *Server) SendAlbum(from User, chat Chat, files []File, caption string) (updateIDs []int64, messageIDs []int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	photos := len(files) > 0
	for _, f := range files {
		if !strings.HasPrefix(f.MIME, "image/") {
			photos = false
		}
	}
	s.nextGroup++
	group := strconv.FormatInt(13000000000000000+s.nextGroup, 10)
	for i, f := range files {
		content := map[string]any{"media_group_id": group}
		if photos {
			content["photo"] = s.photoSizesLocked(f)
		} else {
			content["document"] = s.registerLocked(f, "documents").documentJSON()
		}
		if i == 0 {
			addCaption(content, caption)
		}
		msg := s.userMessageLocked(from, chat, content)
		updateIDs = append(updateIDs, s.pushLocked("message", msg))
		messageIDs = append(messageIDs, msg["message_id"].(int))
	}
	return updateIDs, messageIDs
}

// PressButton queues a callback_query as if the user tapped an inline
// button with data under the bot's message messageID. The message is the
// one the server recorded (current text and keyboard); if it is unknown a
// minimal one is built. It returns the update id and the query id the bot
// must answer.
func (s *Server) PressButton(from User, chat Chat, messageID int, data string) (updateID int64, callbackID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.useChatLocked(chat)
	s.rememberUserLocked(from)
	s.nextCallback++
	callbackID = strconv.FormatInt(4_000_000_000_000_000_000+s.nextCallback, 10)
	s.callbacks[callbackID] = true
	msg := s.quoteLocked(cs, messageID)
	if reply, ok := cs.msgs[messageID]["reply_to_message"]; ok {
		msg["reply_to_message"] = reply
	}
	q := map[string]any{
		"id":            callbackID,
		"from":          userJSON(from),
		"message":       msg,
		"chat_instance": strconv.FormatInt(-cs.chat.ID*7919-1, 10),
		"data":          data,
	}
	return s.pushLocked("callback_query", q), callbackID
}

// RemoveBot queues the my_chat_member update Telegram sends when by takes
// the bot out of chat: status is "kicked" (removed by an admin) or "left".
// From then on the chat refuses the bot's messages with 403, as Forbid
// does. It returns the update id.
func (s *Server) RemoveBot(by User, chat Chat, status string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.useChatLocked(chat)
	s.rememberUserLocked(by)
	s.forbidden[chat.ID] = true
	bot := s.botJSONLocked()
	upd := map[string]any{
		"chat":            s.chatJSONLocked(cs),
		"from":            userJSON(by),
		"date":            s.now().Unix(),
		"old_chat_member": map[string]any{"user": bot, "status": "member"},
		"new_chat_member": map[string]any{"user": bot, "status": status},
	}
	return s.pushLocked("my_chat_member", upd)
}

// userMessageLocked builds and stores a message from a user.
func (s *Server) userMessageLocked(from User, chat Chat, content map[string]any) map[string]any {
	cs := s.useChatLocked(chat)
	s.rememberUserLocked(from)
	if chat.Topic != 0 {
		cs.forum = true
		content["message_thread_id"] = chat.Topic
		content["is_topic_message"] = true
	}
	return s.storeMessageLocked(cs, userJSON(from), content)
}

// storeMessageLocked gives content the next id in the chat, the sender,
// chat and date, and stores it.
func (s *Server) storeMessageLocked(cs *chatState, from map[string]any, content map[string]any) map[string]any {
	cs.lastID++
	msg := map[string]any{
		"message_id": cs.lastID,
		"from":       from,
		"chat":       s.chatJSONLocked(cs),
		"date":       s.now().Unix(),
	}
	for k, v := range content {
		msg[k] = v
	}
	cs.msgs[cs.lastID] = msg
	return msg
}

// quoteLocked returns a copy of a stored message as it appears inside
// another (reply_to_message, callback message): without its own reply.
// An unknown id gives a minimal message from the bot.
func (s *Server) quoteLocked(cs *chatState, messageID int) map[string]any {
	stored, ok := cs.msgs[messageID]
	if !ok {
		return map[string]any{
			"message_id": messageID,
			"from":       s.botJSONLocked(),
			"chat":       s.chatJSONLocked(cs),
			"date":       s.now().Unix(),
		}
	}
	out := make(map[string]any, len(stored))
	for k, v := range stored {
		if k != "reply_to_message" {
			out[k] = v
		}
	}
	return out
}

// chatLocked returns the state of a chat, creating it with a type inferred
// from the id.
func (s *Server) chatLocked(id int64) *chatState {
	cs, ok := s.chats[id]
	if !ok {
		cs = &chatState{chat: Chat{ID: id, Type: inferChatType(id)}, msgs: map[int]map[string]any{}}
		s.chats[id] = cs
	}
	return cs
}

// useChatLocked returns a chat's state, taking type and title from c.
func (s *Server) useChatLocked(c Chat) *chatState {
	cs := s.chatLocked(c.ID)
	if c.Type != "" {
		cs.chat.Type = c.Type
	}
	if c.Title != "" {
		cs.chat.Title = c.Title
	}
	return cs
}

func (s *Server) rememberUserLocked(u User) { s.users[u.ID] = u }

func inferChatType(id int64) string {
	switch {
	case id > 0:
		return "private"
	case id <= -1_000_000_000_000:
		return "supergroup"
	default:
		return "group"
	}
}

// chatJSONLocked encodes a chat as Telegram does: private chats carry the
// user's names, groups their title.
func (s *Server) chatJSONLocked(cs *chatState) map[string]any {
	c := cs.chat
	out := map[string]any{"id": c.ID, "type": c.Type}
	if c.Type == "private" {
		u, ok := s.users[c.ID]
		if !ok {
			u = User{ID: c.ID}
		}
		out["first_name"] = firstName(u)
		putNonEmpty(out, "last_name", u.LastName)
		putNonEmpty(out, "username", u.Username)
		return out
	}
	title := c.Title
	if title == "" {
		title = fmt.Sprintf("Test %s %d", c.Type, c.ID)
	}
	out["title"] = title
	if cs.forum {
		out["is_forum"] = true
	}
	return out
}

func (s *Server) botJSONLocked() map[string]any {
	return map[string]any{"id": BotID, "is_bot": true, "first_name": "FW Bot", "username": s.botUsername}
}

func userJSON(u User) map[string]any {
	out := map[string]any{"id": u.ID, "is_bot": false, "first_name": firstName(u)}
	putNonEmpty(out, "last_name", u.LastName)
	putNonEmpty(out, "username", u.Username)
	putNonEmpty(out, "language_code", u.LanguageCode)
	return out
}

func firstName(u User) string {
	if u.FirstName == "" {
		return fmt.Sprintf("User%d", u.ID)
	}
	return u.FirstName
}

func putNonEmpty(m map[string]any, key, value string) {
	if value != "" {
		m[key] = value
	}
}

// addCaption sets a user's caption and, for a leading command, the
// caption_entities Telegram adds.
func addCaption(content map[string]any, caption string) {
	if caption == "" {
		return
	}
	content["caption"] = caption
	if e := commandEntities(caption); e != nil {
		content["caption_entities"] = e
	}
}

// commandEntities returns the bot_command entity for text starting with a
// command (its length, in UTF-16 units as Telegram counts, includes any
// @botname), or nil.
func commandEntities(text string) []any {
	if !strings.HasPrefix(text, "/") {
		return nil
	}
	cmd := text
	if i := strings.IndexFunc(text, unicode.IsSpace); i >= 0 {
		cmd = text[:i]
	}
	if len(cmd) < 2 {
		return nil
	}
	return []any{map[string]any{"type": "bot_command", "offset": 0, "length": utf16Len(cmd)}}
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// asInt64 reads an integer from a decoded JSON or Go value.
func asInt64(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case int32:
		return int64(n), true
	case float64:
		return int64(n), n == float64(int64(n))
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	}
	return 0, false
}

// Confirmed blocks until the bot has confirmed updateID (see
// WaitConfirmed), for code that has a context rather than a testing.TB:
// the sandbox plays one step after the other this way.
func (s *Server) Confirmed(ctx context.Context, updateID int64) error {
	for {
		s.mu.Lock()
		done := s.confirmed >= updateID
		ch := s.changed
		s.mu.Unlock()
		if done {
			return nil
		}
		if err := s.waitChange(ctx, ch); err != nil {
			return err
		}
	}
}

package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/bacgiang/fwbot/coord"

	hide "github.com/bacgiang/fwbot/internal/redact"
)

// Client is the one place that talks to the Bot API. It wraps tgbotapi for
// request encoding but adds what the library lacks: a context on every call,
// a configurable base URL for downloads too, typed errors with retry_after,
// and the token scrubbed from every error.
type Client struct {
	base     string // e.g. https://api.telegram.org, no trailing slash
	token    string
	http     *http.Client
	api      *tgbotapi.BotAPI
	Username string // the bot's @username, from getMe
	ID       int64
	// Log, when set, hears what the client decided on its own: a message
	// posted in a group's general chat because its forum topic is gone.
	Log *slog.Logger
}

// APIError is a failed Bot API call, classified for the retry logic.
type APIError struct {
	Method      string
	Code        int    // Telegram's error_code (HTTP status), 0 when there was no answer
	Description string // already redacted
	RetryAfter  time.Duration
	// Temporary is true when trying again later may succeed (5xx, network
	// failures, an HTML page from a proxy instead of JSON).
	Temporary bool
}

// Permanent reports whether retrying cannot help; the archiver asks this
// through an interface, without importing bot.
func (e *APIError) Permanent() bool { return !e.Temporary }

// chatGoneSigns are the descriptions with which Telegram refuses, for good,
// every message to a chat: the bot was removed from the group, the group
// is gone, or the bot may no longer write in it.
var chatGoneSigns = []struct {
	desc string
	loss coord.GroupLoss
}{
	{"bot was kicked", coord.GroupRemovedBot},
	{"bot is not a member", coord.GroupRemovedBot},
	{"bot was blocked by the user", coord.GroupRemovedBot},
	{"chat not found", coord.GroupGone},
	{"group chat was deactivated", coord.GroupGone},
	{"have no rights to send", coord.GroupMuted},
	{"not enough rights to send", coord.GroupMuted},
}

// ChatGone reports whether the error says the chat will never take a
// message from the bot again (a 403, or a 400 naming the chat), as opposed
// to a refusal of this one message.
func (e *APIError) ChatGone() bool { _, ok := e.Loss(); return ok }

// Loss says why the chat will never take a message again; ok is false when
// the error does not say so (ChatGone).
func (e *APIError) Loss() (loss coord.GroupLoss, ok bool) {
	if e.Code != 403 && e.Code != 400 {
		return "", false
	}
	d := strings.ToLower(e.Description)
	for _, s := range chatGoneSigns {
		if strings.Contains(d, s.desc) {
			return s.loss, true
		}
	}
	return "", false
}

func (e *APIError) Error() string {
	if e.Code != 0 {
		return fmt.Sprintf("telegram %s: %d %s", e.Method, e.Code, e.Description)
	}
	return fmt.Sprintf("telegram %s: %s", e.Method, e.Description)
}

// ctxClient binds a context to tgbotapi's context-free requests.
type ctxClient struct {
	ctx context.Context
	c   *http.Client
}

func (c ctxClient) Do(req *http.Request) (*http.Response, error) {
	return c.c.Do(req.WithContext(c.ctx))
}

// NewClient connects to the Bot API at base with token and asks getMe who the
// bot is. base is TELEGRAM_API_ENDPOINT, e.g. https://api.telegram.org.
func NewClient(ctx context.Context, base, token string, hc *http.Client) (*Client, error) {
	if hc == nil {
		hc = &http.Client{Timeout: 90 * time.Second}
	}
	c := &Client{base: strings.TrimRight(base, "/"), token: token, http: hc}
	// tgbotapi's constructor calls getMe without a context; build the struct
	// through it only once we know getMe works, via our own call first.
	api := &tgbotapi.BotAPI{Token: token, Client: ctxClient{ctx, hc}, Buffer: 100}
	api.SetAPIEndpoint(c.base + "/bot%s/%s")
	c.api = api
	me, err := c.with(ctx).GetMe()
	if err != nil {
		return nil, c.classify("getMe", err)
	}
	c.Username, c.ID = me.UserName, me.ID
	return c, nil
}

// with returns a shallow copy of the library client whose HTTP requests carry ctx.
func (c *Client) with(ctx context.Context) *tgbotapi.BotAPI {
	cp := *c.api
	cp.Client = ctxClient{ctx, c.http}
	return &cp
}

// Redact removes the token from s. Every error and log line passes through it.
func (c *Client) Redact(s string) string { return redact(s, c.token) }

func redact(s, token string) string { return hide.Replace(s, hide.Forms(token), "[redacted]") }

// classify turns a library or transport error into an *APIError with the
// token removed. Context cancellation is passed through unchanged.
func (c *Client) classify(method string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		var ue *url.Error
		if !errors.As(err, &ue) || !ue.Timeout() {
			return err
		}
	}
	out := &APIError{Method: method, Description: c.Redact(err.Error())}
	var te *tgbotapi.Error
	var se *json.SyntaxError
	var ne net.Error
	switch {
	case errors.As(err, &te):
		out.Code = te.Code
		out.Description = c.Redact(te.Message)
		if te.RetryAfter > 0 {
			out.RetryAfter = time.Duration(te.RetryAfter) * time.Second
		}
		out.Temporary = te.Code == 429 || te.Code >= 500 || te.Code == 0
	case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		// A proxy's HTML error page (502 Bad Gateway) or a cut answer.
		out.Description = "invalid response (not JSON): " + out.Description
		out.Temporary = true
	case errors.As(err, &ne):
		out.Temporary = true
	default:
		var ue *url.Error
		out.Temporary = errors.As(err, &ue)
	}
	return out
}

// Update is an incoming update in the bot's own terms, so that handlers
// never see the Telegram library's types.
type Update struct {
	ID        int64
	Chat      Chat
	From      Person
	MessageID int
	// Text is the message text or the caption of a file.
	Text string
	// Command is the lowercased command without '/' and '@botname'; Args is
	// the rest of the text, trimmed.
	Command      string
	Args         string
	Files        []File
	MediaGroupID string
	ReplyTo      *Reply
	Callback     *Callback
	// BotAdded is set when the bot was added to a group.
	BotAdded bool
	// MigratedTo is the new id of a group Telegram upgraded to a
	// supergroup; the update comes from the old chat.
	MigratedTo int64
	// BotRemoved is the bot's new status ("left" or "kicked") when it was
	// removed from the group (a my_chat_member update); From is who did it.
	BotRemoved string
	// ThreadID is the forum topic (message_thread_id) the message was sent
	// in, or the topic of the message whose button was pressed; 0 in the
	// general chat and in chats that are not forums. Replies go there.
	ThreadID int `json:",omitempty"`
}

// Chat is where an update happened.
type Chat struct {
	ID    int64
	Type  string // private, group, supergroup, channel
	Title string
}

// Private reports whether the chat is a one-to-one chat with the bot.
func (c Chat) Private() bool { return c.Type == "private" }

// Person is who sent an update.
type Person struct {
	ID           int64
	FirstName    string
	LastName     string
	Username     string
	LanguageCode string
	IsBot        bool
}

// Name is the person's display name.
func (p Person) Name() string { return strings.TrimSpace(p.FirstName + " " + p.LastName) }

// File is a document or photo attached to a message.
type File struct {
	FileID       string
	FileUniqueID string
	Name         string
	MIME         string
	Size         int64
	Photo        bool
}

// Reply describes the message an update answers.
type Reply struct {
	MessageID int
	FromBot   bool
	Text      string
}

// Callback is a button press.
type Callback struct {
	ID        string
	Data      string
	MessageID int
	// Text is the pressed message's text as Telegram holds it now.
	Text string
}

// convert maps a library update to ours; ok is false for kinds the bot
// ignores (edited messages, channel posts, …).
func (c *Client) convert(tu tgbotapi.Update) (Update, bool) {
	u := Update{ID: int64(tu.UpdateID)}
	switch {
	case tu.Message != nil:
		m := tu.Message
		if m.Chat == nil || m.From == nil {
			return u, false
		}
		u.Chat = Chat{ID: m.Chat.ID, Type: m.Chat.Type, Title: m.Chat.Title}
		u.From = person(m.From)
		u.MessageID = m.MessageID
		u.MediaGroupID = m.MediaGroupID
		u.Text = m.Text
		if u.Text == "" {
			u.Text = m.Caption
		}
		if m.Document != nil {
			d := m.Document
			u.Files = append(u.Files, File{FileID: d.FileID, FileUniqueID: d.FileUniqueID, Name: d.FileName, MIME: d.MimeType, Size: int64(d.FileSize)})
		}
		if n := len(m.Photo); n > 0 {
			p := m.Photo[n-1] // the largest size comes last
			u.Files = append(u.Files, File{FileID: p.FileID, FileUniqueID: p.FileUniqueID, Name: "photo.jpg", MIME: "image/jpeg", Size: int64(p.FileSize), Photo: true})
		}
		if r := m.ReplyToMessage; r != nil {
			u.ReplyTo = &Reply{MessageID: r.MessageID, FromBot: r.From != nil && r.From.ID == c.ID, Text: r.Text}
		}
		for _, nm := range m.NewChatMembers {
			if nm.ID == c.ID {
				u.BotAdded = true
			}
		}
		if m.GroupChatCreated || m.SuperGroupChatCreated {
			u.BotAdded = true
		}
		u.MigratedTo = m.MigrateToChatID
		var ok bool
		u.Command, u.Args, ok = parseCommand(u.Text, c.Username)
		if !ok {
			return u, false // a command addressed to another bot
		}
	case tu.MyChatMember != nil:
		m := tu.MyChatMember
		nm := m.NewChatMember
		// Only the bot leaving a group matters: a private chat's status
		// changes when a person blocks the bot, which needs no handling.
		if nm.User == nil || nm.User.ID != c.ID || m.Chat.IsPrivate() || (nm.Status != "left" && nm.Status != "kicked") {
			return u, false
		}
		u.Chat = Chat{ID: m.Chat.ID, Type: m.Chat.Type, Title: m.Chat.Title}
		u.From = person(&m.From)
		u.BotRemoved = nm.Status
	case tu.CallbackQuery != nil:
		q := tu.CallbackQuery
		if q.From == nil || q.Message == nil || q.Message.Chat == nil {
			return u, false
		}
		u.From = person(q.From)
		u.Chat = Chat{ID: q.Message.Chat.ID, Type: q.Message.Chat.Type, Title: q.Message.Chat.Title}
		u.MessageID = q.Message.MessageID
		u.Callback = &Callback{ID: q.ID, Data: q.Data, MessageID: q.Message.MessageID, Text: q.Message.Text}
	default:
		return u, false
	}
	return u, true
}

func person(u *tgbotapi.User) Person {
	return Person{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.UserName, LanguageCode: u.LanguageCode, IsBot: u.IsBot}
}

// parseCommand splits "/cmd@bot args". ok is false when the command names
// another bot, so that in groups the bot stays out of other bots' commands.
func parseCommand(text, botUsername string) (cmd, args string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", true
	}
	// The command ends at any whitespace: officers paste commands from
	// documents, with non-breaking spaces and Windows line ends.
	head, rest := text[1:], ""
	if i := strings.IndexFunc(head, unicode.IsSpace); i >= 0 {
		_, size := utf8.DecodeRuneInString(head[i:])
		head, rest = head[:i], head[i+size:]
	}
	if name, target, found := strings.Cut(head, "@"); found {
		if !strings.EqualFold(target, botUsername) {
			return "", "", false
		}
		head = name
	}
	if head == "" {
		return "", "", true
	}
	return strings.ToLower(head), strings.TrimSpace(rest), true
}

// GetUpdates long-polls for updates after offset.
func (c *Client) GetUpdates(ctx context.Context, offset int64, timeout time.Duration) ([]Update, error) {
	cfg := tgbotapi.UpdateConfig{Offset: int(offset), Limit: 100, Timeout: int(timeout / time.Second),
		AllowedUpdates: allowedUpdates}
	// Request and our own decoding rather than the library's GetUpdates,
	// which drops the fields it does not know (forum topics).
	resp, err := c.with(ctx).Request(cfg)
	if err != nil {
		return nil, c.classify("getUpdates", err)
	}
	raw, err := decodeUpdates(resp.Result)
	if err != nil {
		return nil, c.classify("getUpdates", err)
	}
	out := make([]Update, 0, len(raw))
	for i := range raw {
		u, ok := c.convertWire(&raw[i])
		if !ok {
			u = Update{ID: int64(raw[i].UpdateID)} // still advances the offset
		}
		out = append(out, u)
	}
	return out, nil
}

// DeleteWebhook makes long polling possible if a webhook was set before.
func (c *Client) DeleteWebhook(ctx context.Context) error {
	_, err := c.with(ctx).Request(tgbotapi.DeleteWebhookConfig{})
	return c.classify("deleteWebhook", err)
}

// CommandInfo is one entry of the command menu Telegram shows.
type CommandInfo struct {
	Command     string
	Description string
}

// SetCommands publishes the command menus for private chats and for groups.
func (c *Client) SetCommands(ctx context.Context, private, group []CommandInfo) error {
	conv := func(in []CommandInfo) []tgbotapi.BotCommand {
		out := make([]tgbotapi.BotCommand, len(in))
		for i, ci := range in {
			out[i] = tgbotapi.BotCommand{Command: ci.Command, Description: ci.Description}
		}
		return out
	}
	api := c.with(ctx)
	if _, err := api.Request(tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeAllPrivateChats(), conv(private)...)); err != nil {
		return c.classify("setMyCommands", err)
	}
	if _, err := api.Request(tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeAllGroupChats(), conv(group)...)); err != nil {
		return c.classify("setMyCommands", err)
	}
	return nil
}

// Send performs one outgoing item and returns the ids of the messages it
// produced (none for callback answers and edits).
func (c *Client) Send(ctx context.Context, m coord.OutMessage) ([]int, error) {
	api := c.with(ctx)
	switch m.Kind {
	case coord.OutText:
		// Params rather than the library's MessageConfig, which cannot
		// carry message_thread_id (see sendIn).
		p := chatParams(m)
		p.AddNonEmpty("text", m.Text)
		p.AddBool("disable_web_page_preview", true)
		p.AddBool("allow_sending_without_reply", true)
		var markup any
		switch {
		case m.ForceReply:
			// Selective only works for a message that replies to the person or
			// mentions them; otherwise the prompt must show to everyone (the
			// conversation state still accepts only that person's answer).
			markup = tgbotapi.ForceReply{ForceReply: true, Selective: m.ReplyTo != 0 || strings.HasPrefix(m.Text, "@")}
		case len(m.Buttons) > 0:
			markup = keyboard(m.Buttons)
		}
		if err := p.AddInterface("reply_markup", markup); err != nil {
			return nil, c.classify("sendMessage", err)
		}
		return c.sendOne(api, "sendMessage", m, p)
	case coord.OutEdit:
		edit := tgbotapi.NewEditMessageTextAndMarkup(m.ChatID, m.MessageID, m.Text, keyboard(m.Buttons))
		edit.DisableWebPagePreview = true
		_, err := api.Request(edit)
		return nil, c.notModifiedOK("editMessageText", err)
	case coord.OutEditButtons:
		_, err := api.Request(tgbotapi.NewEditMessageReplyMarkup(m.ChatID, m.MessageID, keyboard(m.Buttons)))
		return nil, c.notModifiedOK("editMessageReplyMarkup", err)
	case coord.OutCallbackAnswer:
		cb := tgbotapi.NewCallback(m.CallbackID, m.Text)
		cb.ShowAlert = m.Alert
		_, err := api.Request(cb)
		if err != nil {
			err = c.classify("answerCallbackQuery", err)
			var ae *APIError
			if errors.As(err, &ae) && ae.Code == 400 {
				return nil, nil // the query expired: nothing left to answer
			}
		}
		return nil, err
	case coord.OutFiles:
		return c.sendFiles(api, m)
	case coord.OutUpload:
		return c.upload(api, m)
	}
	return nil, &APIError{Method: string(m.Kind), Description: "unknown outgoing kind"}
}

func (c *Client) sendFiles(api *tgbotapi.BotAPI, m coord.OutMessage) ([]int, error) {
	switch len(m.Files) {
	case 0:
		return nil, &APIError{Method: "sendDocument", Description: "no files"}
	case 1:
		f := m.Files[0]
		method, field := "sendDocument", "document"
		if f.Photo {
			method, field = "sendPhoto", "photo"
		}
		p := chatParams(m)
		p[field] = f.FileID
		p.AddNonEmpty("caption", m.Text)
		if len(m.Buttons) > 0 {
			if err := p.AddInterface("reply_markup", keyboard(m.Buttons)); err != nil {
				return nil, c.classify(method, err)
			}
		}
		return c.sendOne(api, method, m, p)
	}
	const method = "sendMediaGroup"
	if len(m.Buttons) > 0 {
		return nil, &APIError{Method: method, Description: "an album cannot carry buttons"}
	}
	media := make([]interface{}, len(m.Files))
	for i, f := range m.Files {
		if f.Photo {
			p := tgbotapi.NewInputMediaPhoto(tgbotapi.FileID(f.FileID))
			if i == 0 {
				p.Caption = m.Text
			}
			media[i] = p
		} else {
			d := tgbotapi.NewInputMediaDocument(tgbotapi.FileID(f.FileID))
			if i == 0 {
				d.Caption = m.Text
			}
			media[i] = d
		}
	}
	p := chatParams(m)
	if err := p.AddInterface("media", media); err != nil {
		return nil, c.classify(method, err)
	}
	resp, err := c.sendIn(m, p, func(p tgbotapi.Params) (*tgbotapi.APIResponse, error) { return api.MakeRequest(method, p) })
	if err != nil {
		return nil, c.classify(method, err)
	}
	var sent []tgbotapi.Message
	if err := json.Unmarshal(resp.Result, &sent); err != nil {
		return nil, c.classify(method, err)
	}
	ids := make([]int, len(sent))
	for i, s := range sent {
		ids[i] = s.MessageID
	}
	return ids, nil
}

// chatParams are the parameters every send of m starts with.
func chatParams(m coord.OutMessage) tgbotapi.Params {
	p := tgbotapi.Params{}
	p.AddNonZero64("chat_id", m.ChatID)
	p.AddNonZero("reply_to_message_id", m.ReplyTo)
	return p
}

// sendOne posts a send that produces one message and returns its id.
func (c *Client) sendOne(api *tgbotapi.BotAPI, method string, m coord.OutMessage, p tgbotapi.Params) ([]int, error) {
	resp, err := c.sendIn(m, p, func(p tgbotapi.Params) (*tgbotapi.APIResponse, error) { return api.MakeRequest(method, p) })
	if err != nil {
		return nil, c.classify(method, err)
	}
	var sent tgbotapi.Message
	if err := json.Unmarshal(resp.Result, &sent); err != nil {
		return nil, c.classify(method, err)
	}
	return []int{sent.MessageID}, nil
}

// sendIn posts a send with params p, in m's forum topic when it has one.
// When Telegram answers that the topic is gone (deleted, or closed to a
// bot that may not manage topics), the message is posted again without
// the topic, in the group's general chat, rather than lost: a refused send
// posted nothing, so nothing is duplicated. post must not keep p.
func (c *Client) sendIn(m coord.OutMessage, p tgbotapi.Params, post func(tgbotapi.Params) (*tgbotapi.APIResponse, error)) (*tgbotapi.APIResponse, error) {
	if m.ThreadID <= 0 || !m.Posts() {
		return post(p)
	}
	general := maps.Clone(p) // a fresh map: the multipart path writes p from its own goroutine
	p["message_thread_id"] = strconv.Itoa(m.ThreadID)
	resp, err := post(p)
	if err == nil || !topicGone(err) {
		return resp, err
	}
	if c.Log != nil {
		c.Log.Warn("forum topic gone; message posted in the group's general chat instead",
			"chat", m.ChatID, "thread", m.ThreadID, "reason", c.Redact(err.Error()))
	}
	return post(general)
}

// topicGoneSigns are the descriptions with which Telegram refuses a send
// to a forum topic that is gone, or closed to the bot.
var topicGoneSigns = []string{"message thread not found", "topic_deleted", "topic_closed"}

// topicGone reports whether err is Telegram refusing a send's topic (see
// sendIn). The description is enough: the multipart path leaves the code 0.
func topicGone(err error) bool {
	var te *tgbotapi.Error
	if !errors.As(err, &te) || (te.Code != 0 && te.Code != 400) {
		return false
	}
	d := strings.ToLower(te.Message)
	for _, s := range topicGoneSigns {
		if strings.Contains(d, s) {
			return true
		}
	}
	return false
}

// upload sends a file the bot made (m.Upload) as a document, by multipart
// upload, named as the recipient should see it rather than by its spool
// name (tgbotapi's FilePath would send the path's last element).
func (c *Client) upload(api *tgbotapi.BotAPI, m coord.OutMessage) ([]int, error) {
	const method = "sendDocument"
	if m.Upload == nil {
		return nil, &APIError{Method: method, Description: "no file to upload"}
	}
	p := chatParams(m)
	p.AddNonEmpty("caption", m.Text)
	if len(m.Buttons) > 0 {
		if err := p.AddInterface("reply_markup", keyboard(m.Buttons)); err != nil {
			return nil, c.classify(method, err)
		}
	}
	var openErr error
	post := func(p tgbotapi.Params) (*tgbotapi.APIResponse, error) {
		f, err := os.Open(m.Upload.Path)
		if err != nil {
			openErr = err
			return nil, err
		}
		defer f.Close() // the library closes it too once sent; a second Close is harmless
		return api.UploadFiles(method, p, []tgbotapi.RequestFile{{Name: "document",
			Data: tgbotapi.FileReader{Name: m.Upload.Name, Reader: f}}})
	}
	resp, err := c.sendIn(m, p, post)
	if openErr != nil {
		// Gone (swept after a very long outage): retrying cannot bring it
		// back, so the item is given up and logged.
		return nil, &APIError{Method: method, Description: "file to upload: " + c.Redact(openErr.Error())}
	}
	if err != nil {
		// On the multipart path the library leaves the error's Code at 0,
		// which classify would take for a network failure and retry; the
		// response it returns beside the error has it.
		var te *tgbotapi.Error
		if errors.As(err, &te) && te.Code == 0 && resp != nil {
			te.Code = resp.ErrorCode
		}
		return nil, c.classify(method, err)
	}
	var sent tgbotapi.Message
	if err := json.Unmarshal(resp.Result, &sent); err != nil {
		return nil, c.classify(method, err)
	}
	return []int{sent.MessageID}, nil
}

// notModifiedOK treats Telegram's "message is not modified" as success: the
// edit we wanted is already what the officer sees.
func (c *Client) notModifiedOK(method string, err error) error {
	if err == nil {
		return nil
	}
	err = c.classify(method, err)
	var ae *APIError
	if errors.As(err, &ae) && ae.Code == 400 && strings.Contains(ae.Description, "not modified") {
		return nil
	}
	return err
}

func keyboard(rows [][]coord.Button) tgbotapi.InlineKeyboardMarkup {
	kb := tgbotapi.InlineKeyboardMarkup{InlineKeyboard: make([][]tgbotapi.InlineKeyboardButton, 0, len(rows))}
	for _, row := range rows {
		r := make([]tgbotapi.InlineKeyboardButton, 0, len(row))
		for _, b := range row {
			if b.URL != "" {
				r = append(r, tgbotapi.NewInlineKeyboardButtonURL(b.Text, b.URL))
			} else {
				r = append(r, tgbotapi.NewInlineKeyboardButtonData(b.Text, b.Data))
			}
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, r)
	}
	return kb
}

// Download streams a Telegram file: getFile, then GET <base>/file/bot<token>/<path>
// (tgbotapi's own helper always uses api.telegram.org). The caller closes
// the body.
func (c *Client) Download(ctx context.Context, fileID string) (io.ReadCloser, int64, error) {
	f, err := c.with(ctx).GetFile(tgbotapi.FileConfig{FileID: fileID})
	if err != nil {
		return nil, 0, c.classify("getFile", err)
	}
	u := c.base + "/file/bot" + c.token + "/" + f.FilePath
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, c.classify("download", err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, 0, c.classify("download", err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, 0, &APIError{Method: "download", Code: resp.StatusCode, Description: resp.Status, Temporary: resp.StatusCode >= 500 || resp.StatusCode == 429}
	}
	return resp.Body, resp.ContentLength, nil
}

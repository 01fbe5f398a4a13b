package coord

import (
	"context"
	"time"
	"unicode/utf8"
)

// OutKind is what an outgoing item asks Telegram to do.
type OutKind string

// Outgoing kinds. Every message the bot sends is one of these, queued in the
// durable outbox and delivered by the paced sender in bot/.
const (
	OutText           OutKind = "text"            // sendMessage
	OutEdit           OutKind = "edit"            // editMessageText (text and buttons) of MessageID
	OutEditButtons    OutKind = "edit_buttons"    // editMessageReplyMarkup of MessageID
	OutCallbackAnswer OutKind = "callback_answer" // answerCallbackQuery: a toast under the button
	OutFiles          OutKind = "files"           // sendDocument / sendPhoto / sendMediaGroup by file_id
	OutUpload         OutKind = "upload"          // sendDocument uploading a file the bot made (Upload)
)

// MaxTextLen is Telegram's limit for one message, in UTF-16 code units; we
// count runes, which is never more than that for Vietnamese text.
const MaxTextLen = 4096

// MaxCallbackData is Telegram's limit for a button's callback data, in bytes.
const MaxCallbackData = 64

// Button is an inline keyboard button: Data for a callback, or URL for a link.
type Button struct {
	Text string `json:"text"`
	Data string `json:"data,omitempty"`
	URL  string `json:"url,omitempty"`
}

// FileRef names a file Telegram already holds, so it can be re-sent by id.
type FileRef struct {
	FileID string `json:"file_id"`
	Photo  bool   `json:"photo,omitempty"`
	Name   string `json:"name,omitempty"`
}

// LocalFile is a document the bot made itself (an export), waiting on the
// bot's own disk to be uploaded: Path is where it lies, Name what the
// recipient sees. Telegram has no id for it yet, so it goes up as a
// multipart upload. The message owns the file: the sender removes it once
// the message is delivered or given up, and the file is written before the
// message is queued, so a restart in between still sends it.
type LocalFile struct {
	Path string `json:"path"`
	Name string `json:"name"`
}

// OutMessage is one outgoing item in domain terms; bot/ turns it into a Bot
// API call. Text is plain text (no parse mode), so user input needs no
// escaping.
type OutMessage struct {
	Kind       OutKind    `json:"kind"`
	ChatID     int64      `json:"chat_id"`
	Text       string     `json:"text,omitempty"`
	Buttons    [][]Button `json:"buttons,omitempty"`
	ForceReply bool       `json:"force_reply,omitempty"`
	ReplyTo    int        `json:"reply_to,omitempty"`
	MessageID  int        `json:"message_id,omitempty"`
	CallbackID string     `json:"callback_id,omitempty"`
	Alert      bool       `json:"alert,omitempty"`
	Files      []FileRef  `json:"files,omitempty"`
	// Upload is the file an OutUpload sends, with Text as its caption.
	Upload *LocalFile `json:"upload,omitempty"`
	// Ref names what the message is about ("request:12"); once it is sent,
	// Tx.MessageRef finds it from the Telegram message id, so that a reply
	// to it can be routed.
	Ref string `json:"ref,omitempty"`
	// Secret marks a message whose content must not outlive its delivery
	// (an invite code works for whoever holds it): once the message is sent
	// or given up, the store keeps only Scrubbed, so a copy of the database
	// cannot be used to enrol.
	Secret bool `json:"secret,omitempty"`
	// Lane is who caused the message ("u:201" for an officer's update, ""
	// for the scheduler and everything else). In one chat the sender keeps
	// each lane's order and takes the lanes in turn, so one person's
	// backlog in a group does not hold back another agency's report. The
	// store fills it from the context (WithLane) when it is empty.
	Lane string `json:"lane,omitempty"`
	// ThreadID is the forum topic (message_thread_id) a new message goes
	// to. 0 leaves it to the group's binding: when the message is queued,
	// the store fills in the topic the group was bound from
	// (ChatBinding.ThreadID), so that every delivery to an agency's group
	// reaches its topic. GeneralTopic posts in the general chat whatever
	// the binding says: the answer to a command typed there. Only kinds
	// that post (Posts) use it.
	ThreadID int `json:"thread,omitempty"`
}

// GeneralTopic is the ThreadID of a message that goes to a forum's general
// chat even when the group was bound from one of its topics.
const GeneralTopic = -1

// Posts reports whether m posts a new message in its chat, so that it can
// go to a forum topic: edits stay where their message is, and a button's
// answer is no message.
func (m OutMessage) Posts() bool {
	switch m.Kind {
	case OutText, OutFiles, OutUpload:
		return true
	}
	return false
}

type laneKey struct{}

// WithLane returns ctx carrying lane, which messages queued under it get
// (see OutMessage.Lane).
func WithLane(ctx context.Context, lane string) context.Context {
	return context.WithValue(ctx, laneKey{}, lane)
}

// LaneOf is the lane ctx carries, "" when none.
func LaneOf(ctx context.Context) string {
	l, _ := ctx.Value(laneKey{}).(string)
	return l
}

// ScrubbedText replaces the text of a secret message once it is delivered
// or given up; an operator inspecting the outbox sees why the text is gone.
const ScrubbedText = "(nội dung bảo mật đã được xóa sau khi gửi)"

// Scrubbed is what the store keeps of a secret message after delivery: its
// kind, chat and bookkeeping, with the text replaced by ScrubbedText and the
// buttons and files (a deep link can carry the secret too) dropped.
func (m OutMessage) Scrubbed() OutMessage {
	m.Text, m.Buttons, m.Files = ScrubbedText, nil, nil
	return m
}

// Paced reports whether the item counts against Telegram's per-chat message
// limits. Callback answers do not: they are not messages and must be quick.
func (m OutMessage) Paced() bool { return m.Kind != OutCallbackAnswer }

// GroupLoss says why a group will never take a message from the bot again.
type GroupLoss string

// Group losses.
const (
	GroupRemovedBot GroupLoss = "removed" // the bot was kicked, or left
	GroupGone       GroupLoss = "gone"    // the group was deleted or deactivated
	GroupMuted      GroupLoss = "muted"   // the bot may no longer write there
)

// OutboxItem is a queued OutMessage with its delivery bookkeeping.
type OutboxItem struct {
	ID        int64
	Key       string
	Msg       OutMessage
	Attempts  int
	NotBefore time.Time
	CreatedAt time.Time
}

// SplitText cuts text into pieces of at most max runes, preferring line
// breaks, so that long digests stay under Telegram's limit. It walks the
// text once.
func SplitText(text string, max int) []string {
	if utf8.RuneCountInString(text) <= max {
		return []string{text}
	}
	var parts []string
	for text != "" {
		// Find the byte offset after max runes, and the last line break
		// before it.
		cut, n, nl := len(text), 0, -1
		for i, r := range text {
			if n == max {
				cut = i
				break
			}
			if r == '\n' {
				nl = i
			}
			n++
		}
		switch {
		case cut == len(text):
			parts = append(parts, text)
			text = ""
		case nl > 0:
			parts = append(parts, text[:nl])
			text = text[nl+1:]
		default:
			parts = append(parts, text[:cut])
			text = text[cut:]
		}
	}
	return parts
}

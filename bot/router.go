package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// HandlerFunc handles one update. It changes state through c.Tx and answers
// through c.Reply; both commit together or not at all.
type HandlerFunc func(ctx context.Context, c *Context) error

// Access is who may reach a route; the router checks it on the server side
// before the handler runs, whatever a button claimed.
type Access int

// Access levels.
const (
	Anyone   Access = iota // strangers too (/start, /help)
	Enrolled               // any enrolled officer
	Lead                   // leads and admins
	Admin                  // admins only
)

// Where a route may be used.
type Where int

// Chat kinds a route accepts.
const (
	Everywhere   Where = iota
	PrivateOnly        // one-to-one chat with the bot
	GroupOnly          // a group or supergroup
	BoundGroupOK       // anywhere, and in groups even before they are bound
)

type route struct {
	name    string
	handler HandlerFunc
	access  Access
	where   Where
	limit   *Limit
	// stateless says which of the route's updates need no conversation
	// (WithoutState); nil: all of them need Redis.
	stateless func(u *Update) bool
}

// Limit counts a route's updates per person in Redis before the update's
// transaction begins, so that the handler can refuse past a threshold (invite
// code attempts) without a Redis round trip while it holds the database
// writer. The handler reads the count as Context.Hits.
type Limit struct {
	// Key names the counter of u; "" leaves u uncounted.
	Key    func(u *Update) string
	Window time.Duration
}

// Router maps updates to handlers. Every command and button is registered in
// one place (handlers.Register), so the whole surface reads on one screen.
type Router struct {
	commands  map[string]route
	callbacks []route // matched by prefix of the callback data
	text      *route  // plain messages and files (conversation steps)
	joined    *route  // the bot was added to a group
	migrated  *route  // a group became a supergroup with a new id
	removed   *route  // the bot was removed from a group
	// Errors renders a handler error (or a refusal the router decides) as a
	// reply. It runs in a fresh transaction after the failed one rolled back.
	Errors func(ctx context.Context, c *Context, err error)
}

// NewRouter returns an empty router.
func NewRouter() *Router { return &Router{commands: map[string]route{}} }

// Command registers /name.
func (r *Router) Command(name string, h HandlerFunc, a Access, w Where) {
	r.commands[name] = route{name: "/" + name, handler: h, access: a, where: w}
}

// LimitCommand counts the updates of /name as l says (see Limit).
func (r *Router) LimitCommand(name string, l Limit) {
	rt, ok := r.commands[name]
	if !ok {
		panic("bot: LimitCommand of unregistered command /" + name)
	}
	rt.limit = &l
	r.commands[name] = rt
}

// Callback registers button data starting with prefix (e.g. "lang:").
func (r *Router) Callback(prefix string, h HandlerFunc, a Access, w Where) {
	r.callbacks = append(r.callbacks, route{name: prefix, handler: h, access: a, where: w})
	sort.SliceStable(r.callbacks, func(i, j int) bool { return len(r.callbacks[i].name) > len(r.callbacks[j].name) })
}

// Text registers the handler for messages that are not commands: the next
// step of a conversation, or a file sent without a command.
func (r *Router) Text(h HandlerFunc, a Access) {
	r.text = &route{name: "text", handler: h, access: a, where: Everywhere}
}

// Joined registers the handler for the bot being added to a group.
func (r *Router) Joined(h HandlerFunc) {
	r.joined = &route{name: "joined", handler: h, access: Anyone, where: GroupOnly}
}

// Migrated registers the handler for a group upgraded to a supergroup.
func (r *Router) Migrated(h HandlerFunc) {
	r.migrated = &route{name: "migrated", handler: h, access: Anyone, where: GroupOnly}
}

// Removed registers the handler for the bot being removed from a group
// (Update.BotRemoved): nothing can be said in that group any more.
func (r *Router) Removed(h HandlerFunc) {
	r.removed = &route{name: "removed", handler: h, access: Anyone, where: GroupOnly}
}

// Refusal is an error the router returns when it refuses an update before
// any handler runs; the error sink renders it.
type Refusal struct {
	Reason RefusalReason
	Route  string
	Need   Access // for RefusedRole: the access the route requires
}

// RefusalReason says why the router refused.
type RefusalReason int

// Refusal reasons.
const (
	RefusedStranger     RefusalReason = iota + 1 // not enrolled
	RefusedRole                                  // enrolled, but the role is too low
	RefusedUnboundGroup                          // the group is not bound yet
	RefusedNotPrivate                            // only in the private chat with the bot
	RefusedNotGroup                              // only inside a group
	RefusedUnknownCmd                            // no such command
	RefusedStaleButton                           // a button this bot does not know
	RefusedFlood                                 // too many updates from one person at once
)

func (r *Refusal) Error() string { return fmt.Sprintf("refused %s: reason %d", r.Route, r.Reason) }

// find picks the route for u, or nil when the update needs no answer (a
// plain message in a group, an update kind the bot ignores).
func (r *Router) find(u *Update) (*route, error) {
	switch {
	case u.Callback != nil:
		for i := range r.callbacks {
			if strings.HasPrefix(u.Callback.Data, r.callbacks[i].name) {
				return &r.callbacks[i], nil
			}
		}
		return nil, &Refusal{Reason: RefusedStaleButton, Route: u.Callback.Data}
	case u.Command != "":
		rt, ok := r.commands[u.Command]
		if !ok {
			if !u.Chat.Private() {
				return nil, nil // perhaps another bot's command; stay quiet in groups
			}
			return nil, &Refusal{Reason: RefusedUnknownCmd, Route: "/" + u.Command}
		}
		return &rt, nil
	case u.Chat.ID == 0:
		return nil, nil // an update kind we ignore
	case u.BotRemoved != "":
		return r.removed, nil
	case u.MigratedTo != 0:
		return r.migrated, nil
	case u.BotAdded:
		return r.joined, nil
	case u.Chat.Private() || (u.ReplyTo != nil && u.ReplyTo.FromBot):
		if r.text == nil || (u.Text == "" && len(u.Files) == 0) {
			return nil, nil
		}
		return r.text, nil
	}
	return nil, nil
}

// Allows reports whether the router would let c through to a route of
// access a registered for where w: what /help may offer.
func Allows(c *Context, a Access, w Where) bool {
	rt := route{access: a, where: w}
	return rt.authorize(c) == nil
}

// authorize applies the route's access and place rules.
func (rt *route) authorize(c *Context) error {
	refuse := func(reason RefusalReason) error { return &Refusal{Reason: reason, Route: rt.name, Need: rt.access} }
	if rt.access > Anyone && c.User == nil {
		return refuse(RefusedStranger)
	}
	switch rt.where {
	case PrivateOnly:
		if !c.Chat.Private() {
			return refuse(RefusedNotPrivate)
		}
	case GroupOnly:
		if c.Chat.Private() {
			return refuse(RefusedNotGroup)
		}
	}
	if rt.access > Anyone && !c.Chat.Private() && c.Binding == nil && rt.where != BoundGroupOK && rt.where != GroupOnly {
		return refuse(RefusedUnboundGroup)
	}
	switch rt.access {
	case Lead:
		if !c.User.Role.AtLeast(coord.RoleLead) {
			return refuse(RefusedRole)
		}
	case Admin:
		if !c.User.Role.AtLeast(coord.RoleAdmin) {
			return refuse(RefusedRole)
		}
	}
	return nil
}

// Context is what a handler sees of one update: who, where, what, the open
// transaction, and the reply API.
type Context struct {
	Update
	Tx      coord.Tx
	User    *coord.User        // nil for a stranger
	Binding *coord.ChatBinding // the group's binding, nil in private chats and unbound groups
	Now     time.Time
	// BotUsername is the bot's @username, for deep links.
	BotUsername string
	// Hits is the person's count under the route's Limit, this update
	// included; 0 when the route has none.
	Hits int64

	queued   int
	onCommit []func()

	// What Download has: the files downloaded for this update before its
	// transaction began.
	downloads bool
	fetched   map[string]fetched

	// conv is this person's conversation in this chat as it stood before
	// the update (nil: none), read from the state store before the
	// transaction began; convOp is the change to make once it commits.
	conv   json.RawMessage
	convOp convOp
	// forget lists people whose every conversation is to be dropped once
	// the transaction commits (a revoked officer).
	forget []int64
	// direct, when set, collects what the context sends instead of
	// queueing it in the outbox: the answer to an update the database
	// cannot record, which the dispatcher sends itself (tellUnwritable).
	direct *[]coord.OutMessage
}

// convOp is what happens to the conversation after the commit.
type convOp int

const (
	convKeep convOp = iota
	convSave
	convClear
)

// Conversation decodes the person's conversation in this chat into dst;
// ok is false when there is none. It sees the changes this update made.
func (c *Context) Conversation(dst any) (ok bool, err error) {
	if c.conv == nil {
		return false, nil
	}
	if err := json.Unmarshal(c.conv, dst); err != nil {
		return false, coord.Wrap(coord.EInternal, err, "decode conversation")
	}
	return true, nil
}

// SaveConversation makes v the conversation once the update's transaction
// commits: a wizard step takes effect with its replies, or not at all.
func (c *Context) SaveConversation(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return coord.Wrap(coord.EInternal, err, "encode conversation")
	}
	c.conv, c.convOp = data, convSave
	return nil
}

// ClearConversation ends the conversation once the update's transaction
// commits.
func (c *Context) ClearConversation() { c.conv, c.convOp = nil, convClear }

// ForgetConversations drops every conversation of the person, in any chat,
// once the update's transaction commits.
func (c *Context) ForgetConversations(userID int64) { c.forget = append(c.forget, userID) }

// OnCommit runs f after the update's transaction committed, e.g. to wake a
// background worker for work the handler just recorded.
func (c *Context) OnCommit(f func()) { c.onCommit = append(c.onCommit, f) }

// Lang is the language replies should use.
func (c *Context) Lang() coord.Lang {
	if c.User != nil && c.User.Lang != "" {
		return c.User.Lang
	}
	return coord.LangVI
}

// Send queues m in the outbox inside the update's transaction. A message
// to the update's own chat goes to the forum topic the update came from
// (the general chat when it came from there), unless m names a topic.
func (c *Context) Send(ctx context.Context, m coord.OutMessage) error {
	if m.ChatID == c.Chat.ID && m.ThreadID == 0 && m.Posts() {
		m.ThreadID = c.topic()
	}
	if m.Kind == coord.OutText {
		parts := coord.SplitText(m.Text, coord.MaxTextLen)
		for i, p := range parts {
			mm := m
			mm.Text = p
			if i < len(parts)-1 {
				mm.Buttons, mm.ForceReply = nil, false // buttons go with the last part
			}
			if err := c.enqueue(ctx, mm); err != nil {
				return err
			}
		}
		return nil
	}
	return c.enqueue(ctx, m)
}

// topic is the ThreadID of an answer in the update's chat: the update's
// topic; in the general chat of a group bound from a topic,
// coord.GeneralTopic, so that the answer is not taken to the bound topic
// (see coord.OutMessage.ThreadID).
func (c *Context) topic() int {
	switch {
	case c.ThreadID != 0:
		return c.ThreadID
	case c.Binding != nil && c.Binding.ThreadID != 0:
		return coord.GeneralTopic
	}
	return 0
}

// SendAll queues msgs in order: the messages a use case returned.
func (c *Context) SendAll(ctx context.Context, msgs []coord.OutMessage) error {
	for _, m := range msgs {
		if err := c.Send(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

func (c *Context) enqueue(ctx context.Context, m coord.OutMessage) error {
	for _, row := range m.Buttons {
		for _, b := range row {
			if len(b.Data) > coord.MaxCallbackData {
				return fmt.Errorf("button %q: callback data over %d bytes", b.Text, coord.MaxCallbackData)
			}
		}
	}
	if c.direct != nil {
		*c.direct = append(*c.direct, m)
		return nil
	}
	if _, _, err := c.Tx.Enqueue(ctx, "", m, c.Now); err != nil {
		return fmt.Errorf("enqueue reply: %w", err)
	}
	c.queued++
	return nil
}

// Reply sends text to the chat of the update.
func (c *Context) Reply(ctx context.Context, text string, buttons ...[]coord.Button) error {
	return c.Send(ctx, coord.OutMessage{Kind: coord.OutText, ChatID: c.Chat.ID, Text: text, Buttons: buttons})
}

// ClearButtons removes the buttons of the message whose button was
// pressed, so it cannot be pressed again; without a press it does nothing.
func (c *Context) ClearButtons(ctx context.Context) error { return c.SetButtons(ctx, nil) }

// SetButtons replaces the buttons of the message whose button was pressed,
// leaving its text; without a press it does nothing.
func (c *Context) SetButtons(ctx context.Context, buttons [][]coord.Button) error {
	if c.Callback == nil {
		return nil
	}
	return c.Send(ctx, coord.OutMessage{Kind: coord.OutEditButtons, ChatID: c.Chat.ID, MessageID: c.Callback.MessageID, Buttons: buttons})
}

// Edit replaces the text and buttons of the message whose button was
// pressed (a wizard moving to its next step); without a press it does
// nothing.
func (c *Context) Edit(ctx context.Context, text string, buttons [][]coord.Button) error {
	if c.Callback == nil {
		return nil
	}
	return c.Send(ctx, coord.OutMessage{Kind: coord.OutEdit, ChatID: c.Chat.ID, MessageID: c.Callback.MessageID, Text: text, Buttons: buttons})
}

// Answer answers the button press (a short toast); every callback query must
// be answered or the officer's app shows a spinner.
func (c *Context) Answer(ctx context.Context, text string, alert bool) error {
	if c.Callback == nil || c.Callback.ID == "" {
		return nil
	}
	err := c.Send(ctx, coord.OutMessage{Kind: coord.OutCallbackAnswer, ChatID: c.Chat.ID, CallbackID: c.Callback.ID, Text: text, Alert: alert})
	c.Callback.ID = "" // answered once
	return err
}

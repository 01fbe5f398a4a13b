package bot

import (
	"context"
	"sync"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// A database that cannot write (a full disk, a file system gone read-only)
// records nothing: not the update, not its handled mark, not the answer
// queued in the outbox, which lives in the same database. Such an update is
// not confirmed to Telegram, so it is offered again and handled once the
// disk has room (the poller retries with backoff up to a minute; a webhook
// answers 500). Meanwhile its sender is told once, directly through the Bot
// API rather than the outbox, what the error sink says for it (a
// "temporarily interrupted" that also says the message will be handled),
// at most once per update and once a minute per chat.

// Bounds of the direct answers while the database cannot write.
const (
	unwritableChatEvery = time.Minute // one answer per chat in this time
	unwritablePerSecond = 20          // all chats together, under Telegram's 30/s
	unwritableCallTime  = 10 * time.Second
	unwritableRemember  = 10000 // update ids remembered as told
)

// unwritableLog remembers which updates and chats were told that the
// database cannot write.
type unwritableLog struct {
	mu      sync.Mutex
	updates map[int64]bool
	chats   quietLog
	global  *window
}

// admit reports whether the sender of update id in chat is to be told now,
// and if so records it; a button press (toast) costs the chat nothing and
// is told whatever the chat heard.
func (l *unwritableLog) admit(id, chat int64, toast bool, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.updates[id] {
		return false
	}
	if l.global == nil {
		l.global = newWindow(unwritablePerSecond, time.Second)
	}
	if l.global.earliest(now).After(now) {
		return false // told at the next offer, if the disk is still full
	}
	if !toast && !l.chats.first(chat, 0, now, unwritableChatEvery) {
		l.remember(id) // the chat heard it within the minute: not again for this one
		return false
	}
	l.global.add(now)
	l.remember(id)
	return true
}

func (l *unwritableLog) remember(id int64) {
	if l.updates == nil || len(l.updates) >= unwritableRemember {
		l.updates = map[int64]bool{}
	}
	l.updates[id] = true
}

// tellUnwritable answers, directly, an update that could not be recorded
// because the database cannot write (cause): the error sink renders it in a
// context read in a read-only transaction (the sender's language, their
// role), and what it says is sent through d.Direct instead of the outbox.
// An update that needs no answer (a plain message in a group, the bot
// added to or removed from a group) is not answered.
func (d *Dispatcher) tellUnwritable(ctx context.Context, u Update, cause error) {
	if d.Direct == nil || d.router.Errors == nil || u.BotRemoved != "" || u.BotAdded || u.MigratedTo != 0 {
		return
	}
	if rt, err := d.router.find(&u); rt == nil && err == nil {
		return
	}
	if !d.unwritable.admit(u.ID, u.Chat.ID, u.Callback != nil, d.now()) {
		return
	}
	var msgs []coord.OutMessage
	render := func(c *Context) {
		c.direct = &msgs
		d.router.Errors(ctx, c, cause)
		_ = c.Answer(ctx, "", false) // a press the sink did not answer
	}
	err := d.store.View(ctx, func(tx coord.Tx) error {
		c, err := d.newContext(ctx, tx, u)
		if err != nil {
			return err
		}
		render(c)
		return nil
	})
	if err != nil {
		// Not even readable: answered in the default language.
		msgs = nil
		c := &Context{Update: u, Now: d.now(), BotUsername: d.botUsername}
		if u.Callback != nil {
			cb := *u.Callback
			c.Callback = &cb
		}
		render(c)
	}
	for _, m := range msgs {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), unwritableCallTime)
		_, err := d.Direct.Send(cctx, m)
		cancel()
		if err != nil {
			d.log.Warn("cannot tell that the database cannot write", "update", u.ID, "chat", u.Chat.ID, "err", err)
		}
	}
}

// Package redis keeps the bot's short-lived state in Redis: the officers'
// half-finished conversations (wizards) and the marks that stop one Telegram
// update from being handled twice. Losing this state costs an officer a
// restarted wizard, never a record, so everything here has a time to live and
// the durable records stay in storage/sqlite.
package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/bacgiang/fwbot/coord"
)

var _ coord.StateStore = (*Store)(nil)

// Defaults of Options, chosen for officers who fill a wizard in one sitting
// but may be called away (30 minutes), and for Telegram, which re-delivers an
// unconfirmed update for up to 24 hours (48 hours of dedupe marks cover it
// with room to spare).
const (
	DefaultStateTTL  = 30 * time.Minute
	DefaultDedupeTTL = 48 * time.Hour
	DefaultPrefix    = "fwbot:"
)

// Timeouts of the client. They are short on purpose: the officer is waiting
// for a reply while we talk to Redis, and a Redis that does not answer within
// a second is treated as down (EUnavailable) rather than waited for.
const (
	dialTimeout = time.Second
	ioTimeout   = time.Second
	poolTimeout = time.Second
	poolSize    = 10
)

// Options configures a Store. Zero values take the defaults, so that main
// only has to set what the operator configured.
type Options struct {
	// Owner names this process for locks (default: random per process);
	// tests give two stores different owners to play two processes.
	Owner string
	// Addr is where Redis listens, required: host:port, or a URL
	// redis://[user:password@]host:port[/db], rediss://… for TLS, or
	// unix://[user:password@]/path/to.sock[?db=N]. Show it only through
	// RedactAddr, since a URL may carry the password.
	Addr string
	// Password is the AUTH password; empty when Redis has none. When set it
	// wins over a password in Addr, so that the secret can live in its own
	// variable while the address sits in a shared file.
	Password string
	// DB is the logical database number; when non-zero it wins over the
	// database of Addr.
	DB int
	// CAFile is a PEM bundle of the CAs that sign a rediss:// server's
	// certificate, trusted besides the system roots; for a Redis with a
	// private or self-signed certificate. An error with any other address.
	CAFile string

	// StateTTL is how long an untouched conversation is kept; every save
	// restarts it. Default DefaultStateTTL.
	StateTTL time.Duration
	// DedupeTTL is how long an update id stays marked as handled. Default
	// DefaultDedupeTTL.
	DedupeTTL time.Duration
	// Prefix starts every key, so that several bots (or tests) can share one
	// Redis without colliding. Default DefaultPrefix.
	Prefix string
}

func (o *Options) setDefaults() error {
	if o.Addr == "" {
		return errors.New("redis: addr is empty")
	}
	switch {
	case o.StateTTL == 0:
		o.StateTTL = DefaultStateTTL
	case o.StateTTL < time.Millisecond:
		return fmt.Errorf("redis: state ttl %v is below 1ms", o.StateTTL)
	}
	switch {
	case o.DedupeTTL == 0:
		o.DedupeTTL = DefaultDedupeTTL
	case o.DedupeTTL < time.Millisecond:
		return fmt.Errorf("redis: dedupe ttl %v is below 1ms", o.DedupeTTL)
	}
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	return nil
}

// Store is the Redis implementation of coord.StateStore. It keeps no state of
// its own besides the go-redis client, which reconnects by itself, so one
// Store serves across Redis outages: calls fail with EUnavailable while Redis
// is down and succeed again once it is back.
type Store struct {
	client *goredis.Client
	opts   Options

	closeOnce sync.Once
	closeErr  error
}

// New connects to Redis and pings it once, so that a wrong address or
// password is reported to the operator at start instead of at the first
// officer's message; credentials Redis refuses are reported as ErrAuth.
// After that, outages are reported per call.
func New(ctx context.Context, opts Options) (*Store, error) {
	if err := opts.setDefaults(); err != nil {
		return nil, err
	}
	co, err := clientOptions(opts)
	if err != nil {
		return nil, err
	}
	// The settings below replace whatever the address said: URLs with other
	// options are refused (checkQuery), so nothing is lost silently.
	co.DialTimeout = dialTimeout
	co.ReadTimeout = ioTimeout
	co.WriteTimeout = ioTimeout
	// One retry hides a connection that Redis closed while it was idle;
	// more would only make an officer wait longer during an outage.
	co.MaxRetries = 1
	// go-redis dials up to five times per attempt by default; with one dial
	// per attempt an unreachable Redis costs at most two dial timeouts per
	// call.
	co.DialerRetries = 1
	// Honour the caller's deadline when it is shorter than ours.
	co.ContextTimeoutEnabled = true

	// A bot handles a handful of updates at once. A small pool also trips
	// go-redis's dial circuit breaker quickly during an outage, so further
	// calls fail at once; it probes in the background and closes again as
	// soon as Redis answers.
	co.PoolSize = poolSize
	co.PoolTimeout = poolTimeout
	co.MinIdleConns = 0 // no background dialling while Redis is down
	co.ConnMaxIdleTime = 5 * time.Minute

	// CLIENT SETINFO and maintenance notifications are for managed
	// clusters; skipping them keeps the handshake to what every Redis (and
	// miniredis) understands.
	co.DisableIdentity = true
	co.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}

	client := goredis.NewClient(co)
	kept := opts
	kept.Password, kept.Addr = "", RedactAddr(opts.Addr) // the client holds them; a printed Store must not
	s := &Store{client: client, opts: kept}
	if err := client.Ping(ctx).Err(); err != nil {
		_ = client.Close()
		if isAuthError(err) {
			err = fmt.Errorf("%w: %w", ErrAuth, err) // a setting to fix, not an outage
		} else {
			err = unavailable("ping", err)
		}
		err = scrub(err, opts.Password, AddrPassword(opts.Addr, opts.Password == ""))
		return nil, fmt.Errorf("connect to redis at %s: %w", RedactAddr(opts.Addr), err)
	}
	return s, nil
}

// Close releases the connections. It is safe to call more than once, so that
// both a deferred Close and an explicit shutdown path can call it.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.client.Close() })
	return s.closeErr
}

// LoadConversation decodes the conversation's JSON into dst; ok is false
// when there is none or it expired.
func (s *Store) LoadConversation(ctx context.Context, key coord.ConvKey, dst any) (bool, error) {
	data, err := s.client.Get(ctx, s.convKey(key)).Bytes()
	if errors.Is(err, goredis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, unavailable("load conversation", err)
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return false, coord.Wrap(coord.EInternal, err, "decode conversation")
	}
	return true, nil
}

// LoadConversations reads the conversations of keys in one round trip
// (MGET): nil for a key with none.
func (s *Store) LoadConversations(ctx context.Context, keys []coord.ConvKey) ([][]byte, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = s.convKey(k)
	}
	vals, err := s.client.MGet(ctx, names...).Result()
	if err != nil {
		return nil, unavailable("load conversations", err)
	}
	out := make([][]byte, len(keys))
	for i, v := range vals {
		if str, ok := v.(string); ok {
			out[i] = []byte(str)
		}
	}
	return out, nil
}

// SaveConversation stores v as JSON and restarts its time to live, so an
// officer who keeps answering is never cut off mid-wizard.
func (s *Store) SaveConversation(ctx context.Context, key coord.ConvKey, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return coord.Wrap(coord.EInternal, err, "encode conversation")
	}
	if err := s.client.Set(ctx, s.convKey(key), data, s.opts.StateTTL).Err(); err != nil {
		return unavailable("save conversation", err)
	}
	return nil
}

// ClearConversation forgets the conversation; clearing one that does not
// exist is not an error, so /cancel always works.
func (s *Store) ClearConversation(ctx context.Context, key coord.ConvKey) error {
	if err := s.client.Del(ctx, s.convKey(key)).Err(); err != nil {
		return unavailable("clear conversation", err)
	}
	return nil
}

// ClearConversationsOf forgets the person's conversations in every chat. It
// scans the conversation keys, which are few (one per unfinished wizard,
// each with a time to live): it runs when an officer is revoked, rarely.
func (s *Store) ClearConversationsOf(ctx context.Context, userID int64) error {
	pattern := s.opts.Prefix + "conv:*:" + strconv.FormatInt(userID, 10)
	iter := s.client.Scan(ctx, 0, pattern, 256).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		return unavailable("find conversations", err)
	}
	if len(keys) == 0 {
		return nil
	}
	if err := s.client.Del(ctx, keys...).Err(); err != nil {
		return unavailable("clear conversations", err)
	}
	return nil
}

// Update ids are kept in sets of dedupeBucket consecutive ids, one key per
// set: a busy bot marks thousands of updates a day, and one key each made
// the embedded Redis (which scans its keys on every command) slower with
// every update. A set expires DedupeTTL after its last mark.
const dedupeBucket = 1024

// SeenUpdates reports, for each id, whether it was marked handled: one
// round trip for a whole getUpdates batch.
func (s *Store) SeenUpdates(ctx context.Context, ids []int64) ([]bool, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cmds := make([]*goredis.BoolCmd, len(ids))
	_, err := s.client.Pipelined(ctx, func(p goredis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.SIsMember(ctx, s.updateKey(id), id)
		}
		return nil
	})
	if err != nil {
		return nil, unavailable("seen updates", err)
	}
	out := make([]bool, len(ids))
	for i, c := range cmds {
		out[i] = c.Val()
	}
	return out, nil
}

// MarkUpdates marks the ids as handled for (at least) DedupeTTL, in one
// round trip.
func (s *Store) MarkUpdates(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	byKey := map[string][]any{}
	var keys []string
	for _, id := range ids {
		k := s.updateKey(id)
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], id)
	}
	_, err := s.client.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		for _, k := range keys {
			p.SAdd(ctx, k, byKey[k]...)
			p.PExpire(ctx, k, s.opts.DedupeTTL)
		}
		return nil
	})
	if err != nil {
		return unavailable("mark updates", err)
	}
	return nil
}

// Hit counts an event in a fixed window (coord.StateStore).
func (s *Store) Hit(ctx context.Context, key string, window time.Duration) (int64, error) {
	n, err := s.Hits(ctx, []string{key}, window)
	if err != nil {
		return 0, err
	}
	return n[0], nil
}

// Hits counts one event per key, in order, in one round trip, atomic
// (MULTI): SET NX creates a counter with its expiry if it is missing, INCR
// counts; a counter therefore never lives without an expiry. (No Lua: the
// embedded Redis runs scripts in an interpreter, many times slower, and
// this runs for every batch of updates.)
func (s *Store) Hits(ctx context.Context, keys []string, window time.Duration) ([]int64, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	incr := make([]*goredis.IntCmd, len(keys))
	_, err := s.client.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		for i, key := range keys {
			k := s.opts.Prefix + "hit:" + key
			p.SetNX(ctx, k, 0, window)
			incr[i] = p.Incr(ctx, k)
		}
		return nil
	})
	if err != nil {
		return nil, unavailable("count "+keys[0], err)
	}
	out := make([]int64, len(keys))
	for i, c := range incr {
		out[i] = c.Val()
	}
	return out, nil
}

// Ping checks that Redis answers, for the health check and for New.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx).Err(); err != nil {
		return unavailable("ping", err)
	}
	return nil
}

// convKey is <prefix>conv:<chatID>:<userID>.
func (s *Store) convKey(k coord.ConvKey) string {
	b := make([]byte, 0, len(s.opts.Prefix)+5+2*20+1)
	b = append(b, s.opts.Prefix...)
	b = append(b, "conv:"...)
	b = strconv.AppendInt(b, k.ChatID, 10)
	b = append(b, ':')
	b = strconv.AppendInt(b, k.UserID, 10)
	return string(b)
}

// updateKey is <prefix>upd:<updateID>.
func (s *Store) updateKey(id int64) string {
	return s.opts.Prefix + "upd:" + strconv.FormatInt(id/dedupeBucket, 10)
}

// unavailable marks a failed Redis call as EUnavailable. The error wraps both
// coord.ErrUnavailable (for errors.Is) and the cause (for the log). Every
// failure of a call counts: the keys are plain strings under our own prefix,
// so a failure means Redis is down, slow, loading or out of memory, never a
// wrong request of ours.
func unavailable(op string, cause error) error {
	return &coord.Error{
		Code:    coord.EUnavailable,
		Message: "redis",
		Err:     fmt.Errorf("%s: %w: %w", op, coord.ErrUnavailable, cause),
	}
}

// slogAdapter routes go-redis's own messages (failed dials while Redis is
// down) into the bot's structured log instead of bare stderr lines.
type slogAdapter struct{ log *slog.Logger }

func (a slogAdapter) Printf(ctx context.Context, format string, v ...any) {
	a.log.WarnContext(ctx, fmt.Sprintf(format, v...))
}

// SetLogger sends go-redis's internal messages to log. go-redis keeps one
// global logger, so this is process-wide; main calls it once.
func SetLogger(log *slog.Logger) {
	goredis.SetLogger(slogAdapter{log: log.With("component", "redis")})
}

package redis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/bacgiang/fwbot/coord"
)

var _ coord.Locker = (*Store)(nil)

// holdScript takes the lease if it is free, or extends it if this owner
// holds it, atomically.
var holdScript = goredis.NewScript(`
local v = redis.call("GET", KEYS[1])
if v == ARGV[1] then
  redis.call("PEXPIRE", KEYS[1], ARGV[2])
  return 1
end
if v == false then
  redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
  return 1
end
return 0`)

// releaseScript deletes the lease only if this owner holds it.
var releaseScript = goredis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0`)

var (
	ownerOnce sync.Once
	owner     string
)

// lockOwner identifies this process; two Stores in one process share it,
// two processes never do.
func lockOwner() string {
	ownerOnce.Do(func() {
		b := make([]byte, 12)
		_, _ = rand.Read(b)
		owner = hex.EncodeToString(b)
	})
	return owner
}

func (s *Store) lockKey(name string) string { return s.opts.Prefix + "lock:" + name }

// Hold takes or extends the named lease for ttl (see coord.Locker).
func (s *Store) Hold(ctx context.Context, name string, ttl time.Duration) (bool, error) {
	n, err := holdScript.Run(ctx, s.client, []string{s.lockKey(name)}, s.owner(), ttl.Milliseconds()).Int()
	if err != nil {
		return false, unavailable("hold lock", err)
	}
	return n == 1, nil
}

// Release gives the lease up at shutdown so another process need not wait
// for it to lapse.
func (s *Store) Release(ctx context.Context, name string) error {
	if err := releaseScript.Run(ctx, s.client, []string{s.lockKey(name)}, s.owner()).Err(); err != nil && err != goredis.Nil {
		return unavailable("release lock", err)
	}
	return nil
}

func (s *Store) owner() string {
	if s.opts.Owner != "" {
		return s.opts.Owner
	}
	return lockOwner()
}

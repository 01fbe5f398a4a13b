package sandbox

import (
	"errors"
	"sync"
	"time"
)

// Clock is the sandbox's time: it runs at the speed of the wall clock from
// an instant the sandbox chose, and jumps forward on request so that a
// deadline morning can be watched. It never goes back: what the bot sent
// once (a reminder, a digest) it remembers having sent, so an earlier
// morning played again would show nothing and mislead.
type Clock struct {
	mu    sync.Mutex
	base  time.Time // sandbox time at real
	real  time.Time
	wake  chan struct{}
	moved []func(time.Time)
}

// NewClock starts a clock showing start now.
func NewClock(start time.Time) *Clock {
	return &Clock{base: start, real: time.Now(), wake: make(chan struct{}, 1)}
}

// Now is the sandbox time (coord.Clock).
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base.Add(time.Since(c.real))
}

// ErrBackwards is JumpTo's answer to an instant that is not ahead.
var ErrBackwards = errors.New("the sandbox clock only moves forward")

// JumpTo moves the clock to t, which must be ahead of Now, and wakes the
// scheduler.
func (c *Clock) JumpTo(t time.Time) error {
	c.mu.Lock()
	if !t.After(c.base.Add(time.Since(c.real))) {
		c.mu.Unlock()
		return ErrBackwards
	}
	c.base, c.real = t, time.Now()
	moved := append([]func(time.Time){}, c.moved...)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
	for _, f := range moved {
		f(t)
	}
	return nil
}

// Wake is signalled after every jump (scheduler.Options.Wake).
func (c *Clock) Wake() <-chan struct{} { return c.wake }

// OnJump adds a function told of every jump, after the clock moved.
func (c *Clock) OnJump(f func(time.Time)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.moved = append(c.moved, f)
}

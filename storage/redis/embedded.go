package redis

import (
	"fmt"

	"github.com/alicebob/miniredis/v2"
)

// Embedded is an in-process Redis (miniredis) for a single-machine deployment
// without a Redis server, and for development. Connect a Store to Addr().
//
// Its state lives in this process's memory only: it does not survive a
// restart, so after one every officer's open wizard is gone and the dedupe
// marks are lost (the durable store's own mark still stops an update from
// being handled twice).
// Use a real Redis where officers must resume after a restart.
type Embedded struct {
	mr *miniredis.Miniredis
}

// StartEmbedded starts an in-process Redis on a free localhost port.
//
// miniredis only expires keys when told to, because it is built for tests; we
// let its TTLs follow the wall clock, otherwise conversations would never
// time out and dedupe marks would pile up for as long as the bot runs.
func StartEmbedded() (*Embedded, error) {
	mr, err := miniredis.Run()
	if err != nil {
		return nil, fmt.Errorf("start embedded redis: %w", err)
	}
	mr.ClockTTL(true)
	return &Embedded{mr: mr}, nil
}

// Addr is the host:port to pass as Options.Addr.
func (e *Embedded) Addr() string { return e.mr.Addr() }

// Close stops the server and drops its state; calling it again does nothing.
func (e *Embedded) Close() { e.mr.Close() }

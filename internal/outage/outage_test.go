package outage

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

// full is what the store returns on a full disk.
var full = fmt.Errorf("insert handled update: %w", errors.Join(errors.New("database or disk is full"), coord.ErrCannotWrite))

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestWatch(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, nil))
		c := &clock{t: time.Date(2027, 1, 4, 8, 0, 0, 0, time.UTC)}
		counted := map[string]int{}
		w := &Watch{Now: c.now, Suppressed: func(comp string) { counted[comp]++ }}
		// Three updates a second for three minutes, and the poller once a
		// second: 720 failures, three lines.
		for s := 0; s < 180; s++ {
			for i := 0; i < 3; i++ {
				w.Error(log, "dispatch", "update not recorded", full, "update", s*3+i)
			}
			w.Error(log, "poll", "updates not recorded", full)
			c.t = c.t.Add(time.Second)
		}
		if !w.Down() {
			t.Error("the watch does not know the database is down")
		}
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		if len(lines) != 3 {
			t.Fatalf("%d lines in three minutes, want 3:\n%s", len(lines), buf.String())
		}
		if !strings.Contains(lines[0], "suppressed=0") || !strings.Contains(lines[1], "suppressed=239") {
			t.Errorf("the lines do not count what they kept back:\n%s", buf.String())
		}
		for _, l := range lines {
			if !strings.Contains(l, "level=ERROR") || !strings.Contains(l, "database or disk is full") {
				t.Errorf("line %q: want ERROR with the cause", l)
			}
		}
		if counted["dispatch"]+counted["poll"] != 720-3 {
			t.Errorf("counted %v; want 717 kept back", counted)
		}
		buf.Reset()
		w.Wrote(log)
		w.Wrote(log)
		if n := strings.Count(buf.String(), "database writes again"); n != 1 || !strings.Contains(buf.String(), "failures=720") {
			t.Errorf("recovery logged %d times:\n%s", n, buf.String())
		}
		if w.Down() {
			t.Error("still down after a write")
		}
		// The next outage is logged at once.
		buf.Reset()
		w.Error(log, "outbox", "record sent", full)
		if !strings.Contains(buf.String(), "record sent") {
			t.Error("the first failure of a new outage was kept back")
		}
		// A nearly full disk: a write fits, the next does not, within the
		// minute of that line: kept back, as a flap is the same outage to
		// whoever reads the log.
		buf.Reset()
		c.t = c.t.Add(time.Second)
		w.Wrote(log)
		c.t = c.t.Add(time.Second)
		w.Error(log, "dispatch", "update not recorded", full)
		if strings.Contains(buf.String(), "level=ERROR") {
			t.Errorf("a flap within the minute logged again:\n%s", buf.String())
		}
	})
	t.Run("OtherErrorsPassThrough", func(t *testing.T) {
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, nil))
		w := &Watch{}
		for range 5 {
			w.Warn(log, "dispatch", "update not recorded", errors.New("database is locked"))
		}
		if n := strings.Count(buf.String(), "level=WARN"); n != 5 {
			t.Errorf("%d of 5 other failures logged", n)
		}
		var nilWatch *Watch
		nilWatch.Error(log, "poll", "nil watch", full)
		nilWatch.Wrote(log)
		if !strings.Contains(buf.String(), "nil watch") {
			t.Error("a nil watch kept a line back")
		}
	})
}

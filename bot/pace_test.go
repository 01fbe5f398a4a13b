package bot

import (
	"testing"
	"time"
)

// simulate sends n messages as early as the pacers allow and returns the
// send times.
func simulate(l Limits, chats []int64, perChat int) []time.Time {
	start := time.Date(2027, 1, 4, 8, 0, 0, 0, time.UTC)
	global := newWindow(l.GlobalPerSecond, time.Second)
	pacers := map[int64]pacer{}
	left := map[int64]int{}
	for _, c := range chats {
		pacers[c] = newPacer(l, c)
		left[c] = perChat
	}
	var out []time.Time
	now := start
	for remaining := len(chats) * perChat; remaining > 0; {
		best, bestAt := int64(0), time.Time{}
		for _, c := range chats {
			if left[c] == 0 {
				continue
			}
			at := pacers[c].earliest(now)
			if g := global.earliest(now); g.After(at) {
				at = g
			}
			if bestAt.IsZero() || at.Before(bestAt) {
				best, bestAt = c, at
			}
		}
		now = bestAt
		pacers[best].add(now)
		global.add(now)
		left[best]--
		remaining--
		out = append(out, now)
	}
	return out
}

func TestPacingGroupNeverExceeds20PerMinute(t *testing.T) {
	times := simulate(DefaultLimits, []int64{-100}, 100)
	for i := 20; i < len(times); i++ {
		if d := times[i].Sub(times[i-20]); d < time.Minute {
			t.Fatalf("messages %d and %d are %v apart: 21 messages within a minute", i-20, i, d)
		}
	}
	for i := 1; i < len(times); i++ {
		if d := times[i].Sub(times[i-1]); d < time.Second {
			t.Fatalf("messages %d and %d are %v apart in one group", i-1, i, d)
		}
	}
	// 100 messages: 5 windows of 20, the last starting after 4 minutes; the
	// safety margin may add at most 3 %.
	min := 4*time.Minute + 19*time.Second
	if got := times[99].Sub(times[0]); got < min || got > min*103/100 {
		t.Fatalf("last message after %v, want within 3 %% above %v", got, min)
	}
}

func TestPacingPrivateBurstThenOnePerSecond(t *testing.T) {
	times := simulate(DefaultLimits, []int64{42}, 6)
	start := times[0]
	var offs []time.Duration
	for _, tm := range times {
		offs = append(offs, tm.Sub(start))
	}
	// A burst of 3 at once, then the next 3 after the 3 s window (plus its
	// margin).
	w := 3*time.Second + margin(3*time.Second)
	want := []time.Duration{0, 0, 0, w, w, w}
	for i := range want {
		if offs[i] != want[i] {
			t.Fatalf("send offsets %v, want %v", offs, want)
		}
	}
}

func TestPacingGlobal30PerSecond(t *testing.T) {
	chats := make([]int64, 60)
	for i := range chats {
		chats[i] = int64(i + 1)
	}
	times := simulate(DefaultLimits, chats, 1)
	for i := 30; i < len(times); i++ {
		if d := times[i].Sub(times[i-30]); d < time.Second {
			t.Fatalf("31 messages within %v", d)
		}
	}
}

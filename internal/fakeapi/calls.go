package fakeapi

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Call is one recorded API call, kept so tests assert on what the bot
// actually put on the wire rather than on what it meant to send.
type Call struct {
	// Seq numbers calls from 1 in the order they were recorded.
	Seq int
	// Method is the canonical method name (or DownloadMethod).
	Method string
	// Params holds every parameter as a string; JSON-valued ones
	// (reply_markup, commands, scope, media, entities) stay JSON text, and
	// an uploaded file's parameter holds the uploaded file name.
	Params map[string]string
	// At is when the request arrived, on the server's clock (SetNow).
	At time.Time
	// Status is the HTTP status answered; 0 when no answer was sent
	// (Drop, a Hang or long poll ended by the client). For LoseResponse it
	// is the status the client never saw.
	Status int
	// MessageIDs are the ids of the messages the call produced, or the
	// message it edited or deleted.
	MessageIDs []int
	// Uploads are the files sent in a multipart body, by parameter name,
	// so a test can open the report the bot generated.
	Uploads map[string]Upload
}

// Upload is a file the bot uploaded in a multipart request.
type Upload struct {
	// Name is the file name without directories, as Telegram keeps it.
	Name string
	// MIME is the part's type, or one guessed from the name when the
	// client sent application/octet-stream.
	MIME string
	// Data is the content; treat it as read-only.
	Data []byte
}

// ChatID is the call's chat_id parameter, 0 if absent or not numeric; it
// saves tests from parsing Params for the most common filter.
func (c Call) ChatID() int64 {
	v, _ := strconv.ParseInt(c.Params["chat_id"], 10, 64)
	return v
}

// Thread is the call's message_thread_id parameter (the forum topic it
// posts in), 0 if absent or not numeric.
func (c Call) Thread() int {
	v, _ := strconv.Atoi(c.Params["message_thread_id"])
	return v
}

// OK reports whether the call was answered with HTTP 200.
func (c Call) OK() bool { return c.Status == http.StatusOK }

// String formats the call on one line for failure messages and dumps.
func (c Call) String() string {
	s := fmt.Sprintf("#%d %s %d %s", c.Seq, c.Method, c.Status, describe(c.Params))
	if len(c.MessageIDs) > 0 {
		s += fmt.Sprintf(" → messages %v", c.MessageIDs)
	}
	return s
}

// clone copies the mutable parts, so callers can never race with the
// server or with each other through a shared map.
func (c Call) clone() Call {
	c.Params = maps.Clone(c.Params)
	c.Uploads = maps.Clone(c.Uploads)
	c.MessageIDs = append([]int(nil), c.MessageIDs...)
	return c
}

// record is a Call plus what TextsTo needs.
type record struct {
	call  Call
	texts []string
}

// sentMethods are the message-producing methods: they count for Sent,
// TextsTo and rate limits.
var sentMethods = map[string]bool{
	"sendMessage":     true,
	"sendDocument":    true,
	"sendPhoto":       true,
	"sendMediaGroup":  true,
	"copyMessage":     true,
	"forwardMessage":  true,
	"editMessageText": true,
}

// recordLocked appends a call with rep's outcome; the caller holds s.mu.
func (s *Server) recordLocked(call Call, rep reply) {
	s.seq++
	call.Seq = s.seq
	call.Status = rep.status
	call.MessageIDs = rep.msgIDs
	s.records = append(s.records, record{call: call, texts: rep.texts})
	s.notifyLocked()
}

// Calls returns every recorded call in order.
func (s *Server) Calls() []Call {
	return s.filter(func(Call) bool { return true })
}

// CallsTo returns the recorded calls of one method, answered or not, so a
// test can count retries.
func (s *Server) CallsTo(method string) []Call {
	return s.filter(func(c Call) bool { return strings.EqualFold(c.Method, method) })
}

// Sent returns the successful message-producing calls (sendMessage,
// sendDocument, sendPhoto, sendMediaGroup, copyMessage, forwardMessage,
// editMessageText) in order: what a user could see.
func (s *Server) Sent() []Call {
	return s.filter(func(c Call) bool { return c.OK() && sentMethods[c.Method] })
}

func (s *Server) filter(keep func(Call) bool) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, r := range s.records {
		if keep(r.call) {
			out = append(out, r.call.clone())
		}
	}
	return out
}

// TextsTo returns, in order, the texts and captions of successful sends to
// chatID, edits included (an edited menu is what the user reads next); it
// is the shortest way to assert on a conversation.
func (s *Server) TextsTo(chatID int64) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.records {
		if r.call.OK() && sentMethods[r.call.Method] && r.call.ChatID() == chatID {
			out = append(out, r.texts...)
		}
	}
	return out
}

// Wait blocks until a successful call matching pred is recorded (calls
// already recorded count), for code that has a context rather than a
// testing.TB. pred runs without the server's lock and may call it.
func (s *Server) Wait(ctx context.Context, pred func(Call) bool) (Call, error) {
	calls, err := s.waitMatches(ctx, pred, 1)
	if err != nil {
		return Call{}, err
	}
	return calls[0], nil
}

// WaitFor blocks until a successful call matching pred is recorded and
// returns it; on timeout it fails the test with desc and the last calls,
// which is usually enough to see what the bot did instead.
func (s *Server) WaitFor(t testing.TB, timeout time.Duration, desc string, pred func(Call) bool) Call {
	t.Helper()
	calls := s.WaitCount(t, timeout, desc, pred, 1)
	if len(calls) == 0 {
		return Call{}
	}
	return calls[0]
}

// WaitCount blocks until n successful calls match pred and returns the
// first n, failing the test like WaitFor when they do not come in time.
func (s *Server) WaitCount(t testing.TB, timeout time.Duration, desc string, pred func(Call) bool, n int) []Call {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	calls, err := s.waitMatches(ctx, pred, n)
	if err != nil {
		what := "timed out after " + timeout.String()
		if err == errClosed {
			what = "server closed"
		}
		t.Fatalf("fakeapi: %s waiting for %s (%d of %d matched)\nlast calls:\n%s", what, desc, len(calls), n, s.Dump(20))
		return nil
	}
	return calls
}

// waitMatches scans recorded calls, then each new one, until n successful
// calls match. It returns the matches found so far with the error.
func (s *Server) waitMatches(ctx context.Context, pred func(Call) bool, n int) ([]Call, error) {
	if n <= 0 {
		return nil, nil
	}
	var found []Call
	next := 0
	for {
		s.mu.Lock()
		fresh := make([]Call, 0, len(s.records)-next)
		for _, r := range s.records[next:] {
			if r.call.OK() {
				fresh = append(fresh, r.call.clone())
			}
		}
		next = len(s.records)
		ch := s.changed
		s.mu.Unlock()

		for _, c := range fresh {
			if pred(c) {
				found = append(found, c)
				if len(found) == n {
					return found, nil
				}
			}
		}
		if err := s.waitChange(ctx, ch); err != nil {
			return found, err
		}
	}
}

// Dump formats the last n recorded calls, one a line, with runs of
// getUpdates folded into one line so polling does not hide the rest.
func (s *Server) Dump(n int) string {
	s.mu.Lock()
	recs := append([]record(nil), s.records...)
	s.mu.Unlock()

	var lines []string
	for i := 0; i < len(recs); i++ {
		c := recs[i].call
		if c.Method != "getUpdates" {
			lines = append(lines, "  "+c.String())
			continue
		}
		j := i
		for j+1 < len(recs) && recs[j+1].call.Method == "getUpdates" {
			j++
		}
		if j == i {
			lines = append(lines, "  "+c.String())
		} else {
			last := recs[j].call
			lines = append(lines, fmt.Sprintf("  #%d..#%d getUpdates ×%d (last: %d %s)", c.Seq, last.Seq, j-i+1, last.Status, describe(last.Params)))
		}
		i = j
	}
	if len(lines) == 0 {
		return "  (no calls)"
	}
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("  … %d earlier lines", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

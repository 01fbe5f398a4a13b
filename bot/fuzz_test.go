package bot

import (
	"github.com/bacgiang/fwbot/internal/fuzzseed"

	"encoding/json"
	"strings"
	"testing"
	"unicode"
)

const fuzzBotName = "fwbot_test_bot"

// commandSeeds are the starting inputs of FuzzParseCommand: commands with
// and without a bot name, arguments after a space, a newline or a tab,
// other bots, empty heads and text that is no command at all.
var commandSeeds = []string{
	"/start", "/start abc", "/Start@FwBot_Test_Bot  code ", "/START@FWBOT_TEST_BOT", "/whoami@other_bot",
	"/whoami@other_bot args", "/submit 6.4 2027-01\nghi chú", "/help\nthêm", "/submit\t6.4", "/submit\n\n6.4",
	"/", "/ ", "/@fwbot_test_bot", "/@other_bot x", "//", "/a@b@c", "/cmd@", "/cmd@ x", "/cmd@fwbot_test_bot@x",
	"xin chào", "", " /start", "start", "@fwbot_test_bot /start",
	"/lệnh tiếng việt", "/ĐĂNGKÝ", "/start\u00a0code", "/start\rcode", "/start\vcode", "/start\u3000code", "/start\u2028code",
	"/submit 6.4 2027-01 thay-the   ", "/\xff\xfe", "/cmd\x00arg", "/" + strings.Repeat("a", 300),
	"/cmd " + strings.Repeat(" ", 64) + "x",
}

// FuzzParseCommand checks parseCommand's promises: it never panics; text
// that does not start with "/" is no command; a command is lowercase, with
// no '@' and no whitespace; the arguments are trimmed; a command addressed
// to another bot is refused, and one addressed to this bot in any case is
// accepted.
func FuzzParseCommand(f *testing.F) {
	for _, s := range commandSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		cmd, args, ok := parseCommand(text, fuzzBotName)
		if !strings.HasPrefix(text, "/") {
			if cmd != "" || args != "" || !ok {
				t.Fatalf("parseCommand(%q) = %q, %q, %v for text that is no command", text, cmd, args, ok)
			}
			return
		}
		if !ok {
			if cmd != "" || args != "" || !strings.Contains(text, "@") {
				t.Fatalf("parseCommand(%q) = %q, %q, false", text, cmd, args)
			}
			return
		}
		if cmd != strings.ToLower(cmd) || strings.Contains(cmd, "@") {
			t.Fatalf("parseCommand(%q): command %q is not lowercase or names a bot", text, cmd)
		}
		if strings.IndexFunc(cmd, unicode.IsSpace) >= 0 {
			t.Fatalf("parseCommand(%q): command %q contains whitespace", text, cmd)
		}
		if args != strings.TrimSpace(args) {
			t.Fatalf("parseCommand(%q): arguments %q are not trimmed", text, args)
		}
		if cmd == "" {
			return
		}
		// The same command addressed to another bot is not ours; addressed
		// to this bot in another case it is.
		if c, a, ok := parseCommand("/"+cmd+"@other_bot "+args, fuzzBotName); ok || c != "" || a != "" {
			t.Fatalf("/%s@other_bot %s = %q, %q, %v; want it refused", cmd, args, c, a, ok)
		}
		if !isASCII(cmd) {
			return // strings.ToUpper then ToLower need not give cmd back
		}
		again := "/" + strings.ToUpper(cmd) + "@FwBot_Test_Bot " + args
		if c, a, ok := parseCommand(again, fuzzBotName); !ok || c != cmd || a != args {
			t.Fatalf("parseCommand(%q) = %q, %q, %v; want %q, %q, true", again, c, a, ok, cmd, args)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// updateSeeds are the starting inputs of FuzzConvert: Bot API updates of
// every kind the bot reads, and the half-empty ones Telegram never sends
// but a broken proxy might.
var updateSeeds = []string{
	`{"update_id":1,"message":{"message_id":10,"from":{"id":201,"first_name":"Lan"},"chat":{"id":201,"type":"private"},"date":1,"text":"/start abc"}}`,
	`{"update_id":2,"message":{"message_id":11,"from":{"id":201},"chat":{"id":-1001,"type":"supergroup","title":"Nhóm"},"text":"/bindgroup@fwbot_test_bot yte"}}`,
	`{"update_id":3,"message":{"message_id":12,"from":{"id":201},"chat":{"id":-1001,"type":"group"},"text":"/weather@other_bot"}}`,
	`{"update_id":4,"message":{"message_id":13,"from":{"id":201},"chat":{"id":201,"type":"private"},"caption":"/submit 6.4 2027-01","document":{"file_id":"F1","file_unique_id":"U1","file_name":"a.pdf","mime_type":"application/pdf","file_size":1000}}}`,
	`{"update_id":5,"message":{"message_id":14,"from":{"id":201},"chat":{"id":201,"type":"private"},"media_group_id":"G1","photo":[{"file_id":"P1","file_unique_id":"p1","width":90,"height":90,"file_size":10},{"file_id":"P2","file_unique_id":"p2","width":900,"height":900,"file_size":1000}]}}`,
	`{"update_id":6,"message":{"message_id":15,"from":{"id":301},"chat":{"id":-2001,"type":"supergroup"},"text":"đồng ý","reply_to_message":{"message_id":500,"from":{"id":1000,"is_bot":true},"text":"#1"}}}`,
	`{"update_id":7,"message":{"message_id":16,"from":{"id":111},"chat":{"id":-1001,"type":"group"},"new_chat_members":[{"id":5},{"id":1000,"is_bot":true}]}}`,
	`{"update_id":8,"message":{"message_id":17,"from":{"id":111},"chat":{"id":-1001,"type":"group"},"group_chat_created":true}}`,
	`{"update_id":9,"callback_query":{"id":"cb1","from":{"id":201},"message":{"message_id":50,"chat":{"id":201,"type":"private"}},"data":"sub:o:6.4"}}`,
	`{"update_id":10,"callback_query":{"id":"cb2","from":{"id":201},"data":"ack:1"}}`,
	`{"update_id":11,"callback_query":{"id":"cb3","from":{"id":201},"message":{"message_id":50},"data":"ack:1"}}`,
	`{"update_id":12,"callback_query":{"id":"cb4","message":{"message_id":50,"chat":{"id":1}},"data":"x"}}`,
	`{"update_id":13,"message":{"message_id":18,"chat":{"id":201,"type":"private"},"text":"no sender"}}`,
	`{"update_id":14,"message":{"message_id":19,"from":{"id":201},"text":"no chat"}}`,
	`{"update_id":15,"message":{"from":{},"chat":{},"reply_to_message":{},"document":{},"photo":[{}],"new_chat_members":[{}]}}`,
	`{"update_id":16,"edited_message":{"message_id":1,"from":{"id":1},"chat":{"id":1,"type":"private"},"text":"/start"}}`,
	`{"update_id":17,"channel_post":{"message_id":1,"chat":{"id":-100,"type":"channel"},"text":"/start"}}`,
	`{"update_id":18,"message":null,"callback_query":null}`,
	`{"update_id":19,"message":{"from":{"id":1},"chat":{"id":1},"text":"/x@other","caption":"/y"},"callback_query":{"id":"c","from":{"id":1},"message":{"chat":{"id":1}}}}`,
	`{"update_id":-1,"message":{"message_id":-5,"from":{"id":-9223372036854775808},"chat":{"id":9223372036854775807,"type":"private"},"text":"/\u0000"}}`,
	`{}`, `null`, `[]`, `""`, `{"update_id":1e30}`, `{"message":{"text":"\ud800"}}`,
	`{"update_id":20,"message":{"message_id":3,"message_thread_id":7,"is_topic_message":true,"from":{"id":1},"chat":{"id":-100,"type":"supergroup","is_forum":true},"text":"/whoami"}}`,
	`{"update_id":21,"callback_query":{"id":"c","from":{"id":1},"data":"ack:1","message":{"message_id":4,"message_thread_id":7,"is_topic_message":true,"chat":{"id":-100,"type":"supergroup"}}}}`,
	`{"update_id":22,"message":{"message_id":5,"message_thread_id":-3,"is_topic_message":"yes","from":{"id":1},"chat":{"id":-100,"type":"supergroup"}}}`,
}

// FuzzConvert feeds convert any update that decodes from JSON (through
// wireUpdate, as polling and the webhook decode them): it must never
// panic, and what it returns must be consistent with the update.
func FuzzConvert(f *testing.F) {
	for _, s := range updateSeeds {
		f.Add([]byte(s))
	}
	c := &Client{Username: fuzzBotName, ID: 1000}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var w wireUpdate
		if err := json.Unmarshal(raw, &w); err != nil {
			t.Skip("not an update")
		}
		tu := w.library()
		u, ok := c.convertWire(&w)
		if u.ID != int64(tu.UpdateID) {
			t.Fatalf("update id %d became %d", tu.UpdateID, u.ID)
		}
		if !ok {
			return
		}
		if u.ThreadID != 0 && (w.topic() != u.ThreadID || (w.Message == nil || !w.Message.IsTopic) && (w.CallbackQuery == nil || w.CallbackQuery.Message == nil || !w.CallbackQuery.Message.IsTopic)) {
			t.Fatalf("topic %d from an update that is in no topic: %s", u.ThreadID, raw)
		}
		switch {
		case tu.Message != nil:
			m := tu.Message
			if u.Callback != nil || u.Chat.ID != m.Chat.ID || u.From.ID != m.From.ID {
				t.Fatalf("message %+v converted to %+v", m, u)
			}
			if u.Command != strings.ToLower(u.Command) || strings.Contains(u.Command, "@") || u.Args != strings.TrimSpace(u.Args) {
				t.Fatalf("text %q gave command %q, args %q", u.Text, u.Command, u.Args)
			}
			if u.Command != "" && !strings.HasPrefix(u.Text, "/") {
				t.Fatalf("text %q gave command %q", u.Text, u.Command)
			}
		case tu.CallbackQuery != nil:
			q := tu.CallbackQuery
			if u.Callback == nil || u.Callback.Data != q.Data || u.Callback.ID != q.ID || u.Chat.ID != q.Message.Chat.ID || u.From.ID != q.From.ID {
				t.Fatalf("callback %+v converted to %+v", q, u)
			}
		default:
			t.Fatalf("an update with neither message nor callback was accepted: %+v", u)
		}
	})
}

// TestFuzzSeedCorpus keeps testdata/fuzz in step with the seed lists above,
// so that the seeds are committed as files too. After changing a list, run
// FWBOT_WRITE_FUZZ_SEEDS=1 go test -run TestFuzzSeedCorpus ./bot/
func TestFuzzSeedCorpus(t *testing.T) {
	for _, s := range commandSeeds {
		fuzzseed.Check(t, "FuzzParseCommand", s)
	}
	for _, s := range updateSeeds {
		fuzzseed.Check(t, "FuzzConvert", []byte(s))
	}
}

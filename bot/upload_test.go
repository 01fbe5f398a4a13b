package bot

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fakeapi"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

// export is a file the bot made, waiting in a spool folder to be uploaded.
func export(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "export-k2b7x5q.xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func uploadMsg(chat int64, path string) coord.OutMessage {
	return coord.OutMessage{Kind: coord.OutUpload, ChatID: chat, Text: "📊 Tình trạng nộp báo cáo năm 2027",
		Upload: &coord.LocalFile{Path: path, Name: "trang-thai-2027.xlsx"}}
}

func fakeClient(t *testing.T) (*fakeapi.Server, *Client) {
	t.Helper()
	api := fakeapi.New()
	t.Cleanup(api.Close)
	client, err := NewClient(context.Background(), api.URL(), testToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	return api, client
}

func gone(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("%s is still on disk (%v): the sender must remove an upload's file once done with it", filepath.Base(path), err)
	}
}

// TestUploadSendsTheFileUnderItsName: the file goes up as a multipart
// sendDocument under the name the officer should see, not its spool name;
// a failed attempt keeps the file for the retry; once delivered it is
// removed.
func TestUploadSendsTheFileUnderItsName(t *testing.T) {
	api, client := fakeClient(t)
	data := []byte("PK\x03\x04 một bảng tính")
	path := export(t, data)
	store := &memOutbox{}
	store.add(uploadMsg(42, path))
	api.FailNext("sendDocument", 1, fakeapi.Fault{Kind: fakeapi.ServerError})
	_, stop := runSender(t, store, client, SenderOptions{})
	stop()
	if st := store.states()[1]; st != "sent" {
		t.Fatalf("the upload is %s", st)
	}
	calls := api.CallsTo("sendDocument")
	if len(calls) != 2 || calls[0].OK() || !calls[1].OK() {
		t.Fatalf("sendDocument calls %v: want a failure, then the retry delivered", calls)
	}
	c := calls[1]
	up, ok := c.Uploads["document"]
	if !ok || up.Name != "trang-thai-2027.xlsx" || !bytes.Equal(up.Data, data) {
		t.Errorf("uploaded %+v: want the file's bytes named trang-thai-2027.xlsx", up)
	}
	if c.ChatID() != 42 || c.Params["caption"] != "📊 Tình trạng nộp báo cáo năm 2027" {
		t.Errorf("call %s", c)
	}
	if ids := store.get(1).ids; len(ids) != 1 || ids[0] != c.MessageIDs[0] {
		t.Errorf("recorded message ids %v, want %v", ids, c.MessageIDs)
	}
	gone(t, path)
}

// TestUploadRefusedIsGivenUp: Telegram's refusal of an upload (403, the
// officer blocked the bot) is final at once, though the library reports it
// without a code on the multipart path; the file is removed with it.
func TestUploadRefusedIsGivenUp(t *testing.T) {
	api, client := fakeClient(t)
	path := export(t, []byte("xlsx"))
	api.Forbid(42)
	store := &memOutbox{}
	store.add(uploadMsg(42, path))
	_, stop := runSender(t, store, client, SenderOptions{Logger: slog.New(slog.DiscardHandler)})
	stop()
	it := store.get(1)
	if it.state != "failed" || it.Attempts != 1 {
		t.Errorf("item %s after %d attempts (%s): want failed after one", it.state, it.Attempts, it.err)
	}
	if n := len(api.CallsTo("sendDocument")); n != 1 {
		t.Errorf("%d sendDocument calls, want 1", n)
	}
	gone(t, path)
}

// TestUploadOfAMissingFile is given up without calling Telegram: nothing
// can bring the file back.
func TestUploadOfAMissingFile(t *testing.T) {
	api, client := fakeClient(t)
	store := &memOutbox{}
	store.add(uploadMsg(42, filepath.Join(t.TempDir(), "export-gone.xlsx")))
	_, stop := runSender(t, store, client, SenderOptions{Logger: slog.New(slog.DiscardHandler)})
	stop()
	if it := store.get(1); it.state != "failed" || it.Attempts != 1 {
		t.Errorf("item %s after %d attempts: want failed after one", it.state, it.Attempts)
	}
	if n := len(api.CallsTo("sendDocument")); n != 0 {
		t.Errorf("%d sendDocument calls, want none", n)
	}
}

// TestUploadSurvivesARestart: the item is committed to SQLite with its
// file on disk, and the bot stops before any sender ran (a crash right
// after the commit); the next start delivers it from the same path.
func TestUploadSurvivesARestart(t *testing.T) {
	ctx := context.Background()
	api, client := fakeClient(t)
	dbPath := filepath.Join(t.TempDir(), "bot.db")
	data := []byte("PK\x03\x04 bảng tính sau khi khởi động lại")
	path := export(t, data)
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(ctx, func(tx coord.Tx) error {
		_, _, err := tx.Enqueue(ctx, "export:1", uploadMsg(42, path), time.Now())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	_, stop := runSender(t, db, client, SenderOptions{})
	c := api.WaitFor(t, 10*time.Second, "the upload after the restart", func(c fakeapi.Call) bool { return c.Method == "sendDocument" })
	stop()
	if up := c.Uploads["document"]; !bytes.Equal(up.Data, data) || up.Name != "trang-thai-2027.xlsx" {
		t.Errorf("uploaded %q as %q", up.Data, up.Name)
	}
	_, state, ids, err := db.OutboxItemByKey(ctx, "export:1")
	if err != nil || state != "sent" || len(ids) != 1 {
		t.Errorf("outbox item %s %v, %v: want sent with its message id", state, ids, err)
	}
	gone(t, path)
}

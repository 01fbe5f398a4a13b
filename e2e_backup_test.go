package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/backup"
	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestBackupWhileRunningThenRestore backs the bot up with `fwbot backup`
// while it runs, restores the backup with `fwbot restore` into an empty
// place and starts the bot there: the officers enrolled and the report
// submitted before the backup are there, the file archive too, and the
// person enrolled after it is not.
func TestBackupWhileRunningThenRestore(t *testing.T) {
	e := reportsE2E(t)
	after := e.lastSeq()
	// 6.4 for November 2026 was due before 05/12: /status shows it.
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-11", reportPDF)
	e.waitSent(after, "sendMessage", lan.ID, "Đã ghi nhận báo cáo")
	e.waitArchived(reportPDF.Data)
	e.say(lan, fakeapi.Private(lan), "/status", "đã nộp")

	dir := filepath.Join(t.TempDir(), "backups")
	var out, errOut bytes.Buffer
	if code := Main(context.Background(), []string{"backup", "--to", dir}, e.getenv, &out, &errOut); code != 0 {
		t.Fatalf("backup: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	for _, want := range []string{"backup made: " + dir, "integrity ok", "1 copied now", "submissions"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("backup summary lacks %q:\n%s", want, out.String())
		}
	}
	// After the backup: someone new, who is not in it.
	e.say(hoa, fakeapi.Private(hoa), "/start "+e.invite("yte"), "Chào mừng")
	if code := e.stop(); code != 0 {
		t.Fatalf("bot exit %d", code)
	}

	list, err := backup.List(dir)
	if err != nil || len(list) != 1 {
		t.Fatalf("backups %v, %v", list, err)
	}
	if m := list[0].Manifest; m.Trigger != backup.Manual || m.Tables["users"] < 5 || len(m.Files.Referenced) != 1 {
		t.Errorf("manifest %+v", m)
	}

	// Restore into an empty folder, named by the environment as the bot's.
	place := t.TempDir()
	e.env["BOT_DB_PATH"] = filepath.Join(place, "data", "fwbot.db")
	e.env["BOT_FILES_DIR"] = filepath.Join(place, "data", "files")
	out.Reset()
	errOut.Reset()
	if code := Main(context.Background(), []string{"restore", "--from", list[0].Path}, e.getenv, &out, &errOut); code != 0 {
		t.Fatalf("restore: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "1 copied into "+e.env["BOT_FILES_DIR"]) {
		t.Errorf("restore summary:\n%s", out.String())
	}
	// A second restore onto it is refused with what to do.
	out.Reset()
	errOut.Reset()
	if code := Main(context.Background(), []string{"restore", "--from", list[0].Path}, e.getenv, &out, &errOut); code != 1 {
		t.Fatalf("second restore: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	for _, want := range []string{"never overwrites", "mv " + e.env["BOT_DB_PATH"], "Nothing was changed"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("refusal lacks %q:\n%s", want, errOut.String())
		}
	}

	sum := sha256.Sum256(reportPDF.Data)
	sha := hex.EncodeToString(sum[:])
	if got, err := os.ReadFile(filepath.Join(e.env["BOT_FILES_DIR"], sha[:2], sha)); err != nil || !bytes.Equal(got, reportPDF.Data) {
		t.Errorf("the archived report was not restored: %v", err)
	}

	e.start()
	e.say(lan, fakeapi.Private(lan), "/whoami", "Cơ quan: Sở Lao động - Thương binh và Xã hội (ldtbxh)")
	e.say(minh, fakeapi.Private(minh), "/whoami", "Cơ quan: Công an tỉnh (congan)")
	e.say(lan, fakeapi.Private(lan), "/status", "đã nộp")
	e.say(hoa, fakeapi.Private(hoa), "/whoami", "chưa được ghi danh")
}

// TestRestoreRefusesTheRunningBotsDatabase: restoring onto the database the
// bot uses is refused, and the bot goes on as before.
func TestRestoreRefusesTheRunningBotsDatabase(t *testing.T) {
	e := newE2E(t)
	e.start()
	e.say(lan, fakeapi.Private(lan), "/start "+e.invite("yte"), "Chào mừng")
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	if code := Main(context.Background(), []string{"backup", "--to", dir}, e.getenv, &out, &errOut); code != 0 {
		t.Fatalf("backup: exit %d\n%s", code, errOut.String())
	}
	list, _ := backup.List(dir)
	if len(list) != 1 {
		t.Fatalf("backups %v", list)
	}
	errOut.Reset()
	if code := Main(context.Background(), []string{"restore", "--from", list[0].Path}, e.getenv, &out, &errOut); code != 1 ||
		!strings.Contains(errOut.String(), "Restore never overwrites") {
		t.Fatalf("exit %d:\n%s", code, errOut.String())
	}
	// --from naming the backup directory instead of one backup: told which.
	errOut.Reset()
	if code := Main(context.Background(), []string{"restore", "--from", dir, "--to-db", filepath.Join(t.TempDir(), "x.db")}, e.getenv, &out, &errOut); code != 1 ||
		!strings.Contains(errOut.String(), "--from "+list[0].Path) {
		t.Fatalf("exit %d:\n%s", code, errOut.String())
	}
	e.say(lan, fakeapi.Private(lan), "/whoami", "Sở Y tế")
}

// TestDailyBackupInTheRunningBot: with backup.dir set, the bot started at
// 02:30 on its clock makes the day's backup by itself and logs it.
func TestDailyBackupInTheRunningBot(t *testing.T) {
	e := newE2E(t)
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(time.Date(2026, 12, 15, 2, 30, 0, 0, loc))
	dir := filepath.Join(t.TempDir(), "backups")
	e.env["BOT_BACKUP_DIR"] = dir
	e.start()
	e.logs.WaitFor(t, wait, "daily backup made")
	list, err := backup.List(dir)
	if err != nil || len(list) != 1 {
		t.Fatalf("backups %v, %v", list, err)
	}
	if m := list[0].Manifest; m.Trigger != backup.Daily || !strings.HasPrefix(list[0].Name, "fwbot-20261215T0230") || m.DB.Integrity != "ok" {
		t.Errorf("backup %s: %+v", list[0].Name, m)
	}
	e.say(admin, fakeapi.Private(admin), "/whoami", "quản trị viên")
}

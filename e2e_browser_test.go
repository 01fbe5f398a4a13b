package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bacgiang/fwbot/internal/ci"
)

// chromium finds a Chromium or Chrome to drive; .ci/run installs Debian's
// chromium package when none is there.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	ci.Skip(t, "no Chromium here (apt-get install chromium)")
	return ""
}

// TestSandboxInABrowser plays the sandbox page in a real headless Chromium
// as a trainer would: the admin invites an officer of the Industrial Zones
// Board, the officer enrols with the code, the admin binds the ldtbxh
// group, the clock is jumped to a deadline morning, the officer uploads a
// PDF with /submit in the caption, the report arrives in the ldtbxh group,
// the admin presses «Đã nhận» and the officer is told.
func TestSandboxInABrowser(t *testing.T) {
	t.Parallel()
	exe := chromium(t)
	s := startSandbox(t, "--dir", t.TempDir(), "--empty")

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900), chromedp.Flag("lang", "vi-VN"))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	ctx, cancel := context.WithTimeout(bctx, 45*time.Second)
	defer cancel()

	shot := filepath.Join(t.ArtifactDir(), "sandbox.png")
	defer func() {
		// The page as it was at the end (or where it failed), to look at.
		sctx, scancel := context.WithTimeout(bctx, 5*time.Second)
		defer scancel()
		if png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100)); err == nil {
			_ = os.WriteFile(shot, png, 0o644)
			t.Logf("screenshot: %s (kept with go test -artifacts)", shot)
		}
	}()

	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	// botSaid waits for a message from the bot in the open chat containing
	// text (XPath over the rendered page, as a user reads it).
	botSaid := func(text string) chromedp.Action[chromedp.Void] {
		return chromedp.WaitVisible(fmt.Sprintf(`//div[@id="messages"]/div[contains(@class,"msg") and @data-from="bot"][contains(., %q)]`, text))
	}
	typeAndSend := func(text string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			chromedp.SendKeys(chromedp.ID("text"), text),
			chromedp.Click(chromedp.ID("send")),
		)
	}
	persona := func(id int64) chromedp.Action[chromedp.Void] {
		return chromedp.Click(chromedp.CSS(fmt.Sprintf(`#personas button[data-persona="%d"]`, id)))
	}
	chat := func(id int64) chromedp.Action[chromedp.Void] {
		return chromedp.Click(chromedp.CSS(fmt.Sprintf(`#chats button[data-chat="%d"]`, id)))
	}
	const admin, mai = 1001, 2003

	run("open the page",
		chromedp.Navigate(s.url),
		chromedp.WaitVisible(`//span[@id="ready" and text()="Sẵn sàng"]`),
		chromedp.WaitVisible(`//div[@id="banner" and contains(., "Không có gì được gửi tới Telegram")]`),
	)

	run("the admin invites an officer of bqlkcn",
		persona(admin), chat(admin),
		typeAndSend("/invite bqlkcn"),
		botSaid("Mã mời:"),
	)
	invite, err := chromedp.Run(ctx, chromedp.Text(`//div[@id="messages"]/div[@data-from="bot"][contains(., "Mã mời:")][last()]`))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`\?start=([A-Za-z0-9_-]+)`).FindStringSubmatch(invite)
	if m == nil {
		t.Fatalf("no invite code in %q", invite)
	}
	run("Mai enrols with the code",
		persona(mai), chat(mai),
		typeAndSend("/start "+m[1]),
		botSaid("Chào mừng Đỗ Thị Mai"),
	)
	run("the admin binds the ldtbxh group",
		persona(admin), chat(sbLdtbxhGroup),
		typeAndSend("/bindgroup ldtbxh"),
		botSaid("Đã liên kết nhóm này với Sở Lao động"),
	)
	run("the clock jumps to 08:00 of 2 February 2027",
		chromedp.SetValue(chromedp.ID("clock-date"), "2027-02-02"),
		chromedp.Click(chromedp.ID("jump")),
		chromedp.WaitVisible(`//div[@id="messages"]/div[@class="clockline"][contains(., "02/02/2027")]`),
		chromedp.WaitVisible(`//span[@id="now"][contains(., "02/02/2027")]`),
	)
	pdf := filepath.Join(t.TempDir(), "bao-cao-7.3-thang-01.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n% báo cáo thử\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run("Mai uploads the PDF with /submit in the caption",
		chat(mai),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{pdf}),
		typeAndSend("/submit 7.3 2027-01"),
		botSaid("Đã ghi nhận báo cáo"),
	)
	run("the report arrives in the ldtbxh group and the admin presses «Đã nhận»",
		persona(admin), chat(sbLdtbxhGroup),
		botSaid("📥 Báo cáo 7.3"),
		chromedp.WaitVisible(`//div[@id="messages"]//a[contains(@class,"file")][contains(., "bao-cao-7.3-thang-01.pdf")]`),
		chromedp.Click(`//div[@id="messages"]//button[contains(@class,"kb-btn") and text()="Đã nhận"]`),
	)
	run("Mai is told that ldtbxh acknowledged",
		chat(mai),
		botSaid("đã xác nhận nhận báo cáo 7.3"),
	)
}

package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestREADMETablesHaveHeaders: a blank line inside a Markdown table ends it,
// and the rows after it render as plain text without a header (seen in the
// commands table). Every table must start with a header and its |---| line.
func TestREADMETablesHaveHeaders(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	sep := regexp.MustCompile(`^\|(\s*:?-{3,}:?\s*\|)+$`)
	lines := strings.Split(string(b), "\n")
	fence := false
	for i, l := range lines {
		if strings.HasPrefix(l, "```") {
			fence = !fence
		}
		if fence || !strings.HasPrefix(l, "|") || (i > 0 && strings.HasPrefix(lines[i-1], "|")) {
			continue
		}
		if i+1 >= len(lines) || !sep.MatchString(strings.TrimSpace(lines[i+1])) {
			t.Errorf("README.md line %d starts a table without a header row and |---| line (a blank line splitting a table?): %.60s", i+1, l)
		}
	}
}

// TestREADMERunExampleHasAPlaceholder: the run command a newcomer pastes
// must not carry a token-like value that the bot then refuses.
func TestREADMERunExampleHasAPlaceholder(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	tokenish := regexp.MustCompile(`TELEGRAM_BOT_TOKEN=[0-9]+:`)
	if m := tokenish.FindString(string(b)); m != "" {
		t.Errorf("README.md shows %q…: a made-up token fails when pasted; show a placeholder such as <token from @BotFather>", m)
	}
}

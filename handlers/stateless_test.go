package handlers

import (
	"testing"

	"github.com/bacgiang/fwbot/bot"
)

// TestOneMessageSubmit: only a /submit that names the report and carries
// its files needs no wizard, so only it is handled while Redis is down.
func TestOneMessageSubmit(t *testing.T) {
	file := []bot.File{{FileID: "F1", Name: "bao-cao.pdf"}}
	tests := []struct {
		name  string
		args  string
		files []bot.File
		want  bool
	}{
		{"OK", "6.4 2027-01", file, true},
		{"OKReportOnly", "6.4", file, true},
		{"OKReplace", "6.4 2027-01 thay-the", file, true},
		{"ErrNoFiles", "6.4 2027-01", nil, false},
		{"ErrNoCaption", "", file, false},
		{"ErrOnlyReplace", "thay-the", file, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := &bot.Update{Command: "submit", Args: tt.args, Files: tt.files}
			if got := oneMessageSubmit(u); got != tt.want {
				t.Errorf("oneMessageSubmit(%q, %d files) = %v, want %v", tt.args, len(tt.files), got, tt.want)
			}
		})
	}
}

// Package ci lets a test that needs something only CI provides (a real
// redis-server, one with a password) skip on a developer's machine but fail
// in CI, where a renamed variable or a missing server would otherwise turn
// the test silently green. .ci/run sets FWBOT_CI=1.
package ci

import (
	"os"
	"testing"
)

// Skip skips the test with reason, or fails it when running under .ci/run.
func Skip(t testing.TB, reason string) {
	t.Helper()
	if os.Getenv("FWBOT_CI") == "1" {
		t.Fatalf("required in CI (FWBOT_CI=1): %s", reason)
	}
	t.Skip(reason)
}

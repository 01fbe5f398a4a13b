package bot

import (
	"context"
	"log/slog"

	hide "github.com/bacgiang/fwbot/internal/redact"
)

// RedactingHandler wraps a slog.Handler and removes secrets (the bot token,
// the Redis password) from every message and attribute, so that no error
// text that happened to include a Bot API URL or a redis:// address can leak
// them into the logs.
type RedactingHandler struct {
	next  slog.Handler
	forms []string // every secret as it may appear, longest first
}

// NewRedactingHandler wraps next; empty secrets are ignored. Each secret is
// also removed in the percent-encoded forms a URL path, query or user part
// gives it, since that is how a password shows inside an address.
func NewRedactingHandler(next slog.Handler, secrets ...string) *RedactingHandler {
	return &RedactingHandler{next: next, forms: hide.Forms(secrets...)}
}

// redact replaces every form of every secret in s.
func (h *RedactingHandler) redact(s string) string { return hide.Replace(s, h.forms, "[redacted]") }

// Enabled defers to the wrapped handler.
func (h *RedactingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

// Handle scrubs the record, then passes it on.
func (h *RedactingHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.redact(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *RedactingHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.redact(v.String()))
	case slog.KindGroup:
		attrs := v.Group()
		out := make([]any, len(attrs))
		for i, g := range attrs {
			out[i] = h.attr(g)
		}
		return slog.Group(a.Key, out...)
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, h.redact(err.Error()))
		}
		return slog.String(a.Key, h.redact(v.String()))
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// WithAttrs scrubs the attributes once, when they are attached.
func (h *RedactingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	out := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		out[i] = h.attr(a)
	}
	return &RedactingHandler{next: h.next.WithAttrs(out), forms: h.forms}
}

// WithGroup defers to the wrapped handler.
func (h *RedactingHandler) WithGroup(name string) slog.Handler {
	return &RedactingHandler{next: h.next.WithGroup(name), forms: h.forms}
}

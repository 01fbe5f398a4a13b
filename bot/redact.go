package bot

import (
	"context"
	"log/slog"
)

// RedactingHandler wraps a slog.Handler and removes a secret (the bot token)
// from every message and attribute, so that no error text that happened to
// include a Bot API URL can leak it into the logs.
type RedactingHandler struct {
	next   slog.Handler
	secret string
}

// NewRedactingHandler wraps next; an empty secret disables redaction.
func NewRedactingHandler(next slog.Handler, secret string) *RedactingHandler {
	return &RedactingHandler{next: next, secret: secret}
}

// Enabled defers to the wrapped handler.
func (h *RedactingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

// Handle scrubs the record, then passes it on.
func (h *RedactingHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, redact(r.Message, h.secret), r.PC)
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
		return slog.String(a.Key, redact(v.String(), h.secret))
	case slog.KindGroup:
		attrs := v.Group()
		out := make([]any, len(attrs))
		for i, g := range attrs {
			out[i] = h.attr(g)
		}
		return slog.Group(a.Key, out...)
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, redact(err.Error(), h.secret))
		}
		return slog.String(a.Key, redact(v.String(), h.secret))
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// WithAttrs scrubs the attributes once, when they are attached.
func (h *RedactingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	out := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		out[i] = h.attr(a)
	}
	return &RedactingHandler{next: h.next.WithAttrs(out), secret: h.secret}
}

// WithGroup defers to the wrapped handler.
func (h *RedactingHandler) WithGroup(name string) slog.Handler {
	return &RedactingHandler{next: h.next.WithGroup(name), secret: h.secret}
}

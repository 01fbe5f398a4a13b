package ops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Check is one readiness condition: Func returns nil when it holds.
type Check struct {
	Name string
	Func func(ctx context.Context) error
}

// DefaultCheckTimeout bounds each readiness check: a check that has not
// answered by then fails, named, so that /readyz answers within it even
// when a dependency hangs.
const DefaultCheckTimeout = 2 * time.Second

// Server serves /healthz, /readyz and /metrics.
type Server struct {
	m   *Metrics
	log *slog.Logger
	// CheckTimeout bounds each readiness check (DefaultCheckTimeout).
	CheckTimeout time.Duration

	mu     sync.Mutex
	checks []Check // nil until SetChecks: the bot is still starting
}

// NewServer serves m's registry; log gets the scrape errors.
func NewServer(m *Metrics, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{m: m, log: log}
}

// SetChecks sets what /readyz checks; until it is called /readyz answers
// 503 "starting".
func (s *Server) SetChecks(checks ...Check) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checks = append([]Check{}, checks...)
}

// Handler routes the three endpoints.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		plain(w, http.StatusOK, "ok\n")
	})
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.m.Registry(), promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		ErrorHandling: promhttp.ContinueOnError,
		Registry:      s.m.Registry(), // counts its own scrapes and errors
	}))
	return mux
}

func plain(w http.ResponseWriter, code int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write([]byte(body))
}

// readyz runs every check at once and answers 200 "ok" when all hold, else
// 503 with one line per failed check: "<name>: <why>".
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	checks := s.checks
	s.mu.Unlock()
	if checks == nil {
		plain(w, http.StatusServiceUnavailable, "starting: the bot is not running yet\n")
		return
	}
	timeout := s.CheckTimeout
	if timeout <= 0 {
		timeout = DefaultCheckTimeout
	}
	failed := Run(r.Context(), checks, timeout)
	if len(failed) == 0 {
		plain(w, http.StatusOK, "ok\n")
		return
	}
	var b strings.Builder
	for _, f := range failed {
		// "redis: redis: ping: …" says redis once.
		why := strings.TrimPrefix(oneLine(f.Err.Error()), f.Name+": ")
		fmt.Fprintf(&b, "%s: %s\n", f.Name, why)
	}
	plain(w, http.StatusServiceUnavailable, b.String())
}

// Failure is a check that did not hold, and why.
type Failure struct {
	Name string
	Err  error
}

// Run runs checks concurrently, each within timeout, and returns the
// failures in the order the checks were given. A check still running at
// its timeout is reported as timed out and left to finish on its own.
func Run(ctx context.Context, checks []Check, timeout time.Duration) []Failure {
	errs := make([]error, len(checks))
	var wg sync.WaitGroup
	for i, c := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- c.Func(cctx) }()
			select {
			case errs[i] = <-done:
			case <-cctx.Done():
				errs[i] = fmt.Errorf("no answer within %s", timeout)
			}
		}()
	}
	wg.Wait()
	var out []Failure
	for i, err := range errs {
		if err != nil {
			out = append(out, Failure{Name: checks[i].Name, Err: err})
		}
	}
	return out
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// TelegramCheck holds while updates can arrive. With long polling: the
// poll loop runs and getUpdates last answered (or the loop started) within
// staleAfter; a long poll returns at least every poll timeout, so 2 × the
// poll timeout + 30 s is a fair bound. With a webhook: the webhook is
// registered and its listener is up; updates may simply be rare (a quiet
// weekend), so how long ago the last one came is not held against it.
func (m *Metrics) TelegramCheck(staleAfter time.Duration) Check {
	return Check{Name: "telegram", Func: func(context.Context) error {
		m.recv.mu.Lock()
		mode, since, last := m.recv.mode, m.recv.since, m.recv.last
		m.recv.mu.Unlock()
		switch mode {
		case "":
			return errors.New("not receiving updates (starting, or the poll loop or webhook server stopped)")
		case "webhook":
			return nil
		}
		ref := since
		if last.After(ref) {
			ref = last
		}
		if age := m.now().Sub(ref); age > staleAfter {
			if last.IsZero() {
				return fmt.Errorf("no successful getUpdates in the %s since the poll loop started (bound %s)", age.Round(time.Second), staleAfter)
			}
			return fmt.Errorf("last successful getUpdates %s ago (bound %s)", age.Round(time.Second), staleAfter)
		}
		return nil
	}}
}

// Listen binds addr for Serve.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("health and metrics listener %s: %w", addr, err)
	}
	return ln, nil
}

// Serve serves s on ln (which it closes) until ctx ends.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		_ = srv.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

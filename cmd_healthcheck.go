package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

const healthcheckUsage = `Usage: fwbot healthcheck [--url http://127.0.0.1:9090/healthz] [--timeout 5s]

Asks a running bot's /healthz (or --url) once and exits 0 if it answers 200,
else 1, printing why. It is the container's HEALTHCHECK: the runtime image
has no curl. Without --url the address is metrics.listen (BOT_METRICS_LISTEN)
of the configuration the bot reads, a wildcard host (0.0.0.0, ::, none) asked
on loopback. Needs neither TELEGRAM_BOT_TOKEN nor Redis.

Flags:
`

// runHealthcheck is the `healthcheck` subcommand. Every failure, a bad flag
// included, exits 1: Docker reads 0 as healthy and 1 as unhealthy, and
// reserves 2.
func runHealthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, healthcheckUsage)
		fs.PrintDefaults()
	}
	urlFlag := fs.String("url", "", "`URL` to GET (default: /healthz on metrics.listen)")
	timeout := fs.Duration("timeout", 5*time.Second, "give up after this `duration`")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		if code == 0 {
			return 0 // --help
		}
		return 1
	}
	url := *urlFlag
	if url == "" {
		cfg, err := loadConfig(getenv)
		if err != nil {
			fmt.Fprintf(stderr, "healthcheck: configuration error: %v\n", err)
			return 1
		}
		if !cfg.Metrics.Enabled() {
			fmt.Fprint(stderr, "healthcheck: the health endpoints are off (metrics.listen, BOT_METRICS_LISTEN); nothing to ask\n")
			return 1
		}
		url = healthzURL(cfg.Metrics.Listen)
	}
	if err := checkHealth(ctx, url, *timeout); err != nil {
		fmt.Fprintf(stderr, "healthcheck: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: ok\n", url)
	return 0
}

// healthzURL is the /healthz URL of a bot listening on listen (host:port).
// A wildcard or missing host is asked on loopback, where the listener also
// answers.
func healthzURL(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		host, port = listen, "" // not host:port; let the request say what is wrong
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	if port == "" {
		return "http://" + host + "/healthz"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz"
}

// checkHealth GETs url directly (never through a proxy from the
// environment) and wants a 200.
func checkHealth(ctx context.Context, url string, timeout time.Duration) error {
	client := &http.Client{
		Timeout:   timeout,
		Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
		// The endpoint answers itself; a redirect is not a healthy bot.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s: %s", url, resp.Status, strings.TrimSpace(string(body)))
	}
	return nil
}

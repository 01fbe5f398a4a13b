// Package ops is what an operator's monitoring sees of the bot: /healthz,
// /readyz and /metrics on a listener of their own, and the Prometheus
// registry behind /metrics.
//
// It imports nothing of the bot. The packages that count (bot, scheduler,
// archive) each declare the small interface they report to, and *Metrics
// implements all of them, so none of them imports Prometheus; main hands
// ops the readiness checks and the outbox query as functions.
package ops

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics holds the bot's counters in a registry of its own (never the
// global one, so that tests running several bots in one process each see
// their own). Every method is safe for concurrent use and on a nil
// *Metrics, which counts nothing.
type Metrics struct {
	reg *prometheus.Registry

	updates      *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	notRecorded  *prometheus.CounterVec
	refusals     *prometheus.CounterVec
	panics       prometheus.Counter
	api          *prometheus.CounterVec
	reminders    *prometheus.CounterVec
	digests      *prometheus.CounterVec
	archived     prometheus.Counter
	archiveFail  *prometheus.CounterVec
	lastRecv     prometheus.Gauge
	suppressed   *prometheus.CounterVec
	registerRows *prometheus.CounterVec

	// now is the wall clock of the receiving state (time.Now; tests move it).
	now  func() time.Time
	recv receiving
	// outboxOnce guards WatchOutbox's registration.
	outboxOnce sync.Once
}

// receiving is how updates arrive, for the readiness check: the receiver
// that is up ("poll" or "webhook", "" when none), since when, and when it
// last received (a getUpdates answered, a webhook delivery handled).
type receiving struct {
	mu    sync.Mutex
	mode  string
	since time.Time
	last  time.Time
}

// NewMetrics builds the registry with the Go runtime's and the process's
// collectors and the bot's own metrics (see README, "Health and metrics").
func NewMetrics() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), now: time.Now}
	m.updates = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "fwbot_updates_handled_total",
		Help: "Updates recorded as handled, by kind (message, callback_query, album): answered, refused or dropped by the flood limit; duplicates are not counted.",
	}, []string{"kind"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "fwbot_update_handling_seconds",
		Help:    "Time from an update's admission to its commit (the handler, its transaction and its answer), by kind.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"kind"})
	m.notRecorded = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "fwbot_updates_not_recorded_total",
		Help: "Updates that could not be recorded (the database failed) and are offered again, by kind.",
	}, []string{"kind"})
	m.refusals = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "fwbot_refusals_total",
		Help: "Updates the bot refused before any handler ran, by reason (stranger, role, unbound_group, not_private, not_group, unknown_command, stale_button, flood, flood_dropped, state_unavailable).",
	}, []string{"reason"})
	m.panics = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "fwbot_handler_panics_total",
		Help: "Handler panics, recovered and answered as internal errors.",
	})
	m.api = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "fwbot_telegram_api_responses_total",
		Help: "Bot API answers by method and HTTP status (429: flood control; none: no answer, a network failure).",
	}, []string{"method", "code"})
	m.reminders = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "fwbot_scheduler_reminders_sent_total",
		Help: "Reminders the scheduler queued, by kind (deadline, request_overdue, request_escalation, missing_holidays, inspection, inspection_duty, notice_unacknowledged, meeting, broadcast, training).",
	}, []string{"kind"})
	m.digests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "fwbot_scheduler_digests_sent_total",
		Help: "Digests the scheduler queued on their days, by kind (weekly, monthly, inputs); /digest on demand is not counted.",
	}, []string{"kind"})
	m.archived = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "fwbot_archive_files_archived_total",
		Help: "Submitted files downloaded into the archive.",
	})
	m.archiveFail = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "fwbot_archive_downloads_failed_total",
		Help: "Failed archive downloads, by outcome: retrying (tried again later) or given_up (permanent, too large, or out of attempts).",
	}, []string{"outcome"})
	m.lastRecv = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "fwbot_telegram_last_receive_timestamp_seconds",
		Help: "Unix time of the last successful getUpdates answer or webhook delivery (0: none yet).",
	})
	m.suppressed = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "fwbot_log_lines_suppressed_total",
		Help: "ERROR lines about a database that cannot write (disk full, read-only, I/O error) kept out of the log, which says it at most once a minute, by component (dispatch, poll, webhook, outbox, scheduler, archive, register).",
	}, []string{"component"})
	m.registerRows = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "fwbot_register_rows_total",
		Help: "Rows of submitted lists read into the register, by outcome: entered, rejected (told to the submitter) or skipped (not data: totals, signatures).",
	}, []string{"outcome"})
	m.reg.MustRegister(m.registerRows)
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.updates, m.latency, m.notRecorded, m.refusals, m.panics, m.api,
		m.reminders, m.digests, m.archived, m.archiveFail, m.lastRecv, m.suppressed,
	)
	// The outcomes every dashboard asks about exist from the start, at 0.
	for _, o := range []string{"retrying", "given_up"} {
		m.archiveFail.WithLabelValues(o)
	}
	return m
}

// Registry is the registry /metrics serves.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// UpdateHandled counts an update recorded as handled after took.
func (m *Metrics) UpdateHandled(kind string, took time.Duration) {
	if m == nil {
		return
	}
	m.updates.WithLabelValues(kind).Inc()
	m.latency.WithLabelValues(kind).Observe(took.Seconds())
}

// UpdateNotRecorded counts an update the database could not record.
func (m *Metrics) UpdateNotRecorded(kind string) {
	if m != nil {
		m.notRecorded.WithLabelValues(kind).Inc()
	}
}

// Refused counts a refusal by its reason.
func (m *Metrics) Refused(reason string) {
	if m != nil {
		m.refusals.WithLabelValues(reason).Inc()
	}
}

// HandlerPanicked counts a recovered handler panic.
func (m *Metrics) HandlerPanicked() {
	if m != nil {
		m.panics.Inc()
	}
}

// APIAnswered counts a Bot API answer; code 0 means none came.
func (m *Metrics) APIAnswered(method string, code int) {
	if m == nil {
		return
	}
	c := "none"
	if code != 0 {
		c = strconv.Itoa(code)
	}
	m.api.WithLabelValues(method, c).Inc()
}

// Receiving records that the receiver (mode "poll" or "webhook") is up.
func (m *Metrics) Receiving(mode string) {
	if m == nil {
		return
	}
	m.recv.mu.Lock()
	defer m.recv.mu.Unlock()
	m.recv.mode, m.recv.since = mode, m.now()
}

// Received records a successful getUpdates answer or webhook delivery.
func (m *Metrics) Received() {
	if m == nil {
		return
	}
	now := m.now()
	m.recv.mu.Lock()
	m.recv.last = now
	m.recv.mu.Unlock()
	m.lastRecv.Set(float64(now.UnixNano()) / 1e9)
}

// StoppedReceiving records that the receiver stopped.
func (m *Metrics) StoppedReceiving() {
	if m == nil {
		return
	}
	m.recv.mu.Lock()
	defer m.recv.mu.Unlock()
	m.recv.mode = ""
}

// ReminderSent counts a reminder the scheduler queued.
func (m *Metrics) ReminderSent(kind string) {
	if m != nil {
		m.reminders.WithLabelValues(kind).Inc()
	}
}

// DigestSent counts a digest the scheduler queued.
func (m *Metrics) DigestSent(kind string) {
	if m != nil {
		m.digests.WithLabelValues(kind).Inc()
	}
}

// FileArchived counts a file downloaded into the archive.
func (m *Metrics) FileArchived() {
	if m != nil {
		m.archived.Inc()
	}
}

// ArchiveFailed counts a failed archive download; final says the archiver
// gave up on the file.
func (m *Metrics) ArchiveFailed(final bool) {
	if m == nil {
		return
	}
	outcome := "retrying"
	if final {
		outcome = "given_up"
	}
	m.archiveFail.WithLabelValues(outcome).Inc()
}

// ListRead counts the rows of one version of a list read into the
// register (regimport.Metrics).
func (m *Metrics) ListRead(entered, rejected, skipped int) {
	if m == nil {
		return
	}
	m.registerRows.WithLabelValues("entered").Add(float64(entered))
	m.registerRows.WithLabelValues("rejected").Add(float64(rejected))
	m.registerRows.WithLabelValues("skipped").Add(float64(skipped))
}

// LogSuppressed counts a line about a database that cannot write that the
// log kept back (outage.Watch's Suppressed).
func (m *Metrics) LogSuppressed(component string) {
	if m != nil {
		m.suppressed.WithLabelValues(component).Inc()
	}
}

// OutboxStats is the outbox's backlog: how many messages wait to be sent
// and when the oldest of them was queued (zero when none waits).
type OutboxStats struct {
	Pending int
	Oldest  time.Time
}

// statsTimeout bounds the outbox query of one scrape.
const statsTimeout = 2 * time.Second

// WatchOutbox makes every scrape ask stats for the outbox's backlog, as
// fwbot_outbox_pending and fwbot_outbox_oldest_pending_age_seconds (age
// measured on now, the clock the outbox rows are stamped with). Only the
// first call registers.
func (m *Metrics) WatchOutbox(stats func(context.Context) (OutboxStats, error), now func() time.Time) {
	if m == nil {
		return
	}
	m.outboxOnce.Do(func() {
		m.reg.MustRegister(&outboxCollector{stats: stats, now: now,
			pending: prometheus.NewDesc("fwbot_outbox_pending",
				"Messages in the outbox not yet delivered (read from the database at scrape time).", nil, nil),
			age: prometheus.NewDesc("fwbot_outbox_oldest_pending_age_seconds",
				"Age of the oldest undelivered outbox message (0 when none waits).", nil, nil),
		})
	})
}

// outboxCollector reads the backlog from the database at each scrape, so
// the figures are the table's, not a count kept beside it.
type outboxCollector struct {
	stats        func(context.Context) (OutboxStats, error)
	now          func() time.Time
	pending, age *prometheus.Desc
}

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.pending
	ch <- c.age
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), statsTimeout)
	defer cancel()
	st, err := c.stats(ctx)
	if err != nil {
		// The scrape goes on without these two (promhttp ContinueOnError).
		ch <- prometheus.NewInvalidMetric(c.pending, err)
		return
	}
	age := 0.0
	if st.Pending > 0 && !st.Oldest.IsZero() {
		age = max(c.now().Sub(st.Oldest).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(c.pending, prometheus.GaugeValue, float64(st.Pending))
	ch <- prometheus.MustNewConstMetric(c.age, prometheus.GaugeValue, age)
}

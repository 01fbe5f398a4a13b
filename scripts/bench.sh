#!/usr/bin/env bash
# Runs the performance benchmarks of the bot (items 10–13 of the performance
# issue) and writes BENCHMARKS.md: the machine, the command to rerun, and
# every figure next to its baseline measured in the same run, with the
# target and whether it was met.
#
#   scripts/bench.sh            run everything, then write BENCHMARKS.md
#   scripts/bench.sh --report   only rewrite BENCHMARKS.md from the last run
#                               (.bench/raw.txt and .bench/meta.txt)
#
# Takes about 6 minutes on 2 cores; the outbox pacing alone paces 100
# messages to one group in real time (over 4 minutes). The first run also
# generates a SQLite database of 1,000,000 submissions into .bench/
# (git-ignored, about 550 MB), which later runs reuse. If redis-server is
# installed, one is started on a free loopback port for the bot-redis
# figures and stopped at the end.
#
# The benchmarks themselves are ordinary `go test -bench` benchmarks
# (updates_bench_test.go, scale_bench_test.go, memory_bench_test.go,
# bot/outbox_bench_test.go); `go test ./...` never runs them.
set -euo pipefail
cd "$(dirname "$0")/.."

bench_dir=.bench
mkdir -p "$bench_dir"
raw="$bench_dir/raw.txt"
meta="$bench_dir/meta.txt"
commands_file="$bench_dir/commands.txt"
summary="$bench_dir/summary.txt"
out=BENCHMARKS.md
commands=()

# The script's own redis-server, if any, is stopped however the script ends.
redis_port=""
redis_dir=""
cleanup() {
  if [ -n "$redis_port" ]; then redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true; fi
  if [ -n "$redis_dir" ]; then rm -rf "$redis_dir"; fi
}
trap cleanup EXIT

# run_benchmarks runs every benchmark, appending its output to $raw, and
# records the commands and the circumstances in $commands_file and $meta.
run_benchmarks() {
  : >"$raw"
  local redis_addr="" candidate
  # A redis-server of our own, as production runs with REDIS_ADDR set.
  if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
    redis_dir=$(mktemp -d)
    for candidate in $(shuf -i 20000-60000 -n 20); do
      if redis-server --port "$candidate" --bind 127.0.0.1 --save '' --appendonly no \
          --daemonize yes --dir "$redis_dir" --pidfile "$redis_dir/redis.pid" \
          --logfile "$redis_dir/redis.log" >/dev/null 2>&1; then
        for _ in $(seq 1 50); do
          if redis-cli -p "$candidate" ping 2>/dev/null | grep -q PONG; then redis_port=$candidate; break; fi
          sleep 0.1
        done
        [ -n "$redis_port" ] && break
      fi
    done
  fi
  if [ -n "$redis_port" ]; then redis_addr="127.0.0.1:$redis_port"; fi

  local started took
  started=$(date -u +%s)
  go build ./...
  go vet ./...

  # 10. Updates through the whole bot, and the bare tgbotapi echo loop.
  bench "FWBOT_BENCH_REDIS_ADDR=$redis_addr" . -bench '^BenchmarkUpdates$/^(bot|bot-redis|echo)$' -benchtime 10000x -count 3

  # 11. Outbox pacing. Both cases wait on the wall clock and use little CPU,
  # each against its own fake server: they run side by side.
  local group_cmd="go test -run '^\$' -bench '^BenchmarkOutboxPacing\$/^group100\$' -benchtime 1x ./bot"
  echo "+ $group_cmd  (in the background)" >&2
  go test -run '^$' -bench '^BenchmarkOutboxPacing$/^group100$' -benchtime 1x ./bot >"$bench_dir/pacing-group.txt" &
  local group_pid=$!
  bench "" ./bot -bench '^BenchmarkOutboxPacing$/^groups30x20$' -benchtime 1x
  # Fairness in one group (issue 17 item 3): also waits on the wall clock.
  bench "" ./bot -bench '^BenchmarkGroupFairness$' -benchtime 1x
  wait "$group_pid"
  tee -a "$raw" <"$bench_dir/pacing-group.txt"
  commands+=("$group_cmd")

  # 12. Deadline planning; /status and the weekly digest over 1M submissions.
  bench "" . -bench '^BenchmarkPlan$' -benchtime 1096x
  bench "FWBOT_BENCH_DIR=$bench_dir" . -bench '^BenchmarkStatusDigest$/^(status|pair|counts)$' -benchtime 100x
  bench "FWBOT_BENCH_DIR=$bench_dir" . -bench '^BenchmarkStatusDigest$/^weekly$' -benchtime 5x

  # 13. Resident size of the binary, and of a minimal tgbotapi bot.
  bench "" . -bench '^BenchmarkMemory$' -benchtime 1x

  # 15. The register (issue 15): a 100,000-row import against a bare
  # excelize read; /find and the cross-checks over 200,000 people.
  bench "FWBOT_BENCH_DIR=$bench_dir" . -bench '^BenchmarkRegisterImport$' -benchtime 1x -count 3
  bench "" . -bench '^BenchmarkRegister(Search|CrossChecks)$' -benchtime 1x

  took=$(($(date -u +%s) - started))
  printf '%s\n' "${commands[@]}" >"$commands_file"
  local commit redis_version="not installed, figures not run"
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git status --porcelain 2>/dev/null)" ]; then commit="$commit (with uncommitted changes)"; fi
  if [ -n "$redis_addr" ]; then redis_version=$(redis-server --version | awk '{ sub(/^v=/, "", $3); print $3 }'); fi
  {
    echo "run_at=$(date -u -d "@$started" '+%Y-%m-%d %H:%M UTC')"
    echo "took=$took"
    echo "commit=$commit"
    echo "redis=$redis_version"
    echo "go=$(go version)"
  } >"$meta"
}

# bench ENV PKG ARGS…: one `go test -bench` run with the variable
# assignments in ENV (may be empty); its output goes to stdout and $raw, the
# command, quoted for a shell, into commands.
bench() {
  local envs=$1 pkg=$2 a cmd
  shift 2
  cmd="${envs:+$envs }go test -run '^\$'"
  for a in "$@" "$pkg"; do
    case $a in
      *[!A-Za-z0-9_./=-]*) cmd+=" '$a'" ;;
      *) cmd+=" $a" ;;
    esac
  done
  echo "+ $cmd" >&2
  commands+=("$cmd")
  # shellcheck disable=SC2086 # ENV is a list of assignments
  env $envs go test -run '^$' "$@" "$pkg" | tee -a "$raw"
}

if [ "${1:-}" != "--report" ]; then
  run_benchmarks
fi

# meta KEY: a value recorded by the last run.
meta() { sed -n "s/^$1=//p" "$meta"; }
if [ ! -s "$raw" ] || [ ! -s "$meta" ]; then
  echo "no benchmark output in $bench_dir: run scripts/bench.sh first" >&2
  exit 1
fi
mapfile -t commands <"$commands_file"
took=$(meta took)

# summary: "name metric median min max runs" for every reported metric;
# the name loses its -GOMAXPROCS suffix.
awk '
/^Benchmark/ {
  name = $1
  sub(/-[0-9]+$/, "", name)
  for (i = 3; i + 1 <= NF; i += 2) {
    key = name " " $(i + 1)
    n[key]++
    v[key, n[key]] = $i + 0
  }
}
END {
  for (key in n) {
    c = n[key]
    for (i = 1; i <= c; i++) s[i] = v[key, i]
    for (i = 2; i <= c; i++) {
      x = s[i]
      for (j = i - 1; j >= 1 && s[j] > x; j--) s[j + 1] = s[j]
      s[j + 1] = x
    }
    med = (c % 2) ? s[(c + 1) / 2] : (s[c / 2] + s[c / 2 + 1]) / 2
    print key, med, s[1], s[c], c
  }
}' "$raw" | sort >"$summary"

# val NAME METRIC [med|min|max|runs]: a figure from the summary, or "".
val() {
  awk -v n="$1" -v m="$2" -v f="${3:-med}" '$1 == n && $2 == m {
    print (f == "med" ? $3 : f == "min" ? $4 : f == "max" ? $5 : $6) }' "$summary"
}
# num X [DECIMALS]: X rounded, or "not run".
num() {
  awk -v x="$1" -v d="${2:-1}" 'BEGIN { if (x == "") print "not run"; else printf("%." d "f\n", x) }'
}
# msec X: a duration in ms, two decimals below 10 ms, one above.
msec() {
  awk -v x="$1" 'BEGIN { if (x == "") print "not run"; else printf((x < 10 ? "%.2f\n" : "%.1f\n"), x) }'
}
# ratio A B: A/B as "0.12×", "12.3×" or "123×".
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    if (a == "" || b == "" || b + 0 == 0) { print "—"; exit }
    r = a / b
    printf((r < 10 ? "%.2f×\n" : r < 100 ? "%.1f×\n" : "%.0f×\n"), r) }'
}
# met X OP T: whether X OP T holds.
met() {
  awk -v x="$1" -v op="$2" -v t="$3" 'BEGIN {
    if (x == "") { print "not run"; exit }
    ok = (op == "<") ? (x + 0 < t + 0) : (op == "<=") ? (x + 0 <= t + 0) : (op == ">=") ? (x + 0 >= t + 0) : (x + 0 == t + 0)
    print (ok ? "met" : "**missed**") }'
}
# spread NAME METRIC: "(min–max of N runs)" when there were several runs.
spread() {
  local runs
  runs=$(val "$1" "$2" runs)
  if [ -n "$runs" ] && [ "$runs" -gt 1 ]; then
    echo " ($(num "$(val "$1" "$2" min)" "${3:-0}")–$(num "$(val "$1" "$2" max)" "${3:-0}"), median of $runs)"
  fi
}
row() { local IFS='|'; echo "| $* |"; }

U=BenchmarkUpdates
P=BenchmarkOutboxPacing
F=BenchmarkGroupFairness
S=BenchmarkStatusDigest
L=BenchmarkPlan
M=BenchmarkMemory
R=BenchmarkRegister

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf("%.1f GiB\n", $2 / 1048576) }' /proc/meminfo)

{
  echo "# Benchmarks"
  echo
  echo "Generated by \`scripts/bench.sh\`; the benchmarks ran on $(meta run_at) and took $((took / 60)) min $((took % 60)) s."
  echo "Every figure is measured in the same run as its baseline; the ratio is figure ÷ baseline."
  echo
  echo "## Machine"
  echo
  echo "- CPU: ${cpu:-unknown}, $(nproc) cores (\`nproc\`)"
  echo "- Memory: $mem"
  echo "- $(meta go), $(uname -sr)"
  echo "- Commit: $(meta commit)"
  echo "- redis-server for the bot-redis figures: $(meta redis | sed 's/^v=//')"
  echo
  echo "## Rerun"
  echo
  echo '```sh'
  echo "scripts/bench.sh"
  echo '```'
  echo
  echo "which runs:"
  echo
  echo '```sh'
  for c in "${commands[@]}"; do echo "$c"; done
  echo '```'
  echo
  echo "(\`FWBOT_BENCH_REDIS_ADDR\` names the script's own redis-server; group100 runs beside groups30x20.)"
  echo

  echo "## 10. Updates through the full handler path"
  echo
  echo "Updates are /whoami and /cancel in turn from 1,000 enrolled officers, pushed into the in-process fake Bot API."
  echo "**bot** is the real \`Main\` (long polling, de-duplication and flood count in Redis once per getUpdates batch,"
  echo "routing, access check, handler, a SQLite transaction, shared by the updates that queue for the writer, that also"
  echo "writes the reply into the outbox) with the embedded Redis, the binary's default;"
  echo "**bot-redis** is the same with a redis-server (\`REDIS_ADDR\`), as production should run."
  echo "The **baseline** is a bare tgbotapi loop, getUpdates then one sendMessage echo per update, against the same fake."
  echo "Latency runs from the push to the arrival of the getUpdates whose offset confirms the update (for the bot its"
  echo "transaction and its reply are committed by then; the reply itself leaves at the outbox's 30 messages/s)."
  echo "Throughput: 10,000 updates queued at once until the last is confirmed. Latency at 2,000/s: updates pushed at"
  echo "that rate for two seconds; one at a time: 500 updates, each pushed once the last was confirmed (the path without"
  echo "a queue). Each of the three ran three times: the figure is the median, with min–max."
  echo
  row " figure " " measured " " baseline (echo loop) " " ratio " " target " " target met "
  row "---" "---:" "---:" "---:" "---" "---"
  e_tp=$(val "$U/echo" updates/s)
  e_p50=$(val "$U/echo" p50-ms)
  e_p99=$(val "$U/echo" p99-ms)
  e_s50=$(val "$U/echo" seq-p50-ms)
  e_s99=$(val "$U/echo" seq-p99-ms)
  for t in bot bot-redis; do
    tp=$(val "$U/$t" updates/s)
    p50=$(val "$U/$t" p50-ms)
    p99=$(val "$U/$t" p99-ms)
    s50=$(val "$U/$t" seq-p50-ms)
    s99=$(val "$U/$t" seq-p99-ms)
    row " $t: throughput, updates/s " " $(num "$tp" 0)$(spread "$U/$t" updates/s) " " $(num "$e_tp" 0)$(spread "$U/echo" updates/s) " " $(ratio "$tp" "$e_tp") " " ≥ 2,000 " " $(met "$tp" '>=' 2000) "
    row " $t: p99 latency at 2,000 updates/s pushed, ms " " $(num "$p99" 1)$(spread "$U/$t" p99-ms 1) " " $(num "$e_p99" 1)$(spread "$U/echo" p99-ms 1) " " $(ratio "$p99" "$e_p99") " " < 10 " " $(met "$p99" '<' 10) "
    row " $t: p50 latency at 2,000 updates/s pushed, ms " " $(num "$p50" 1)$(spread "$U/$t" p50-ms 1) " " $(num "$e_p50" 1)$(spread "$U/echo" p50-ms 1) " " $(ratio "$p50" "$e_p50") " " — " " "
    row " $t: p99 latency one update at a time, ms " " $(num "$s99" 2)$(spread "$U/$t" seq-p99-ms 2) " " $(num "$e_s99" 2)$(spread "$U/echo" seq-p99-ms 2) " " $(ratio "$s99" "$e_s99") " " < 10 " " $(met "$s99" '<' 10) "
    row " $t: p50 latency one update at a time, ms " " $(num "$s50" 2)$(spread "$U/$t" seq-p50-ms 2) " " $(num "$e_s50" 2)$(spread "$U/echo" seq-p50-ms 2) " " $(ratio "$s50" "$e_s50") " " — " " "
  done
  echo

  echo "## 11. Outbox pacing"
  echo
  echo "The real \`bot.Sender\` and \`bot.Client\` deliver a burst committed in the SQLite outbox to the fake Bot API, which"
  echo "answers 429 (with retry_after) to any message over Telegram's limits: 30 messages/s overall, 1/s in a chat,"
  echo "20/min in a group (\`fakeapi.EnforceLimits\`). The figure is the time from the first to the last delivery; the"
  echo "baseline is the shortest time those limits allow:"
  echo
  echo "- one group, m messages: 60·⌊(m−1)/20⌋ + (m−1) mod 20 s, so 100 messages: 60·4 + 19 = **259 s** (4 min 19 s);"
  echo "- N messages overall: ⌈N/30⌉ − 1 s; 600 over 30 groups (20 each, well within 20/min): max(19, ⌈600/30⌉ − 1) = **19 s**,"
  echo "  reached by one message a second to each group, 30 a second in all."
  echo
  row " figure " " measured " " baseline (theoretical minimum) " " ratio " " target " " target met "
  row "---" "---:" "---:" "---:" "---" "---"
  for c in group100 groups30x20; do
    label="100 messages to one group"
    [ "$c" = groups30x20 ] && label="600 messages over 30 groups"
    last=$(val "$P/$c" last-s)
    least=$(val "$P/$c" min-s)
    r=$(val "$P/$c" ratio)
    n429=$(val "$P/$c" 429s)
    row " $label: first to last delivery, s " " $(num "$last" 1) " " $(num "$least" 0) " " $(ratio "$last" "$least") " " ≤ 1.10× " " $(met "$r" '<=' 1.10) "
    row " $label: 429 answers " " $(num "$n429" 0) " " 0 " " — " " 0 " " $(met "$n429" '==' 0) "
  done
  echo

  echo "### Fairness in one group"
  echo
  echo "One officer queues 30 messages to a group; when 5 are delivered, another agency's report is queued. The figure is"
  echo "the report's time from queue to Telegram; the baseline is the same report in an idle group, and the comparison the"
  echo "same flood with the report in the flood's own lane (first in, first out, as before the sender took lanes in turn)."
  echo
  row " figure " " measured " " baseline " " ratio " " target " " target met "
  row "---" "---:" "---:" "---:" "---" "---"
  f_idle=$(val "$F" idle-ms)
  f_fair=$(val "$F" flood-s)
  f_fifo=$(val "$F" one-lane-s)
  row " report behind a 30-message flood, s (baseline: idle group, ms) " " $(num "$f_fair" 2) " " $(num "$f_idle" 1) ms " " $(num "$(val "$F" flood/idle)" 0)× " " ≤ 2 s " " $(met "$f_fair" '<=' 2) "
  row " the same in one lane (first in, first out), s " " $(num "$f_fifo" 1) " " $(num "$f_fair" 2) (with turns) " " $(num "$(val "$F" one-lane/flood)" 0)× " " — " " "
  echo

  echo "## 12. Deadline planning, /status and the weekly digest"
  echo
  echo "The synthetic province has 100 agencies, each responsible for 20 obligations (10 monthly, 6 quarterly,"
  echo "2 first-half-year and yearly, 2 yearly); the baseline for planning is the shipped catalogue (22 agencies,"
  echo "13 obligations). **Plan, one day**: \`scheduler.Plan\` of one day's reminders, for every day of 2026–2028"
  echo "(1,096 days, half the periods submitted). **Deadline table**: every deadline of the three years for every"
  echo "responsible agency (what \`fwbot calendar\` prints)."
  echo
  echo "The databases hold the synthetic province's submissions (periods since 2008, one in twenty missing in the three"
  echo "tracked years, each with a file and a delivery), 1,000,000 of them and 100,000 requests; the baseline is the same"
  echo "catalogue with 1,000 submissions and 100 requests. **/status** is \`/status <agency>\` asked by an admin through the"
  echo "dispatcher and the real handlers, reply into the outbox; **weekly digest** is \`Scheduler.Digest(weekly)\` as the"
  echo "scheduler and /digest run it. The two queries are store calls behind them: one agency's versions of the tracked"
  echo "periods of one obligation (without files), which /status repeats per obligation, and the digest's count of each"
  echo "agency's open requests."
  echo
  row " figure " " measured p50 / p99, ms " " baseline p50 / p99, ms " " ratio (p99) " " target " " target met "
  row "---" "---:" "---:" "---:" "---" "---"
  for c in day table; do
    label="Plan, one day"
    [ "$c" = table ] && label="Deadline table, three years"
    a50=$(val "$L/$c/synthetic" p50-ms)
    a99=$(val "$L/$c/synthetic" p99-ms)
    b50=$(val "$L/$c/shipped" p50-ms)
    b99=$(val "$L/$c/shipped" p99-ms)
    row " $label: 100 × 20 vs shipped (1,096 ops) " " $(msec "$a50") / $(msec "$a99") " " $(msec "$b50") / $(msec "$b99") " " $(ratio "$a99" "$b99") " " p99 < 50 " " $(met "$a99" '<' 50) "
  done
  for c in status weekly pair counts; do
    case $c in
      status) label="/status of one agency" ;;
      weekly) label="weekly digest" ;;
      pair) label="query: one agency's versions of one obligation's tracked periods" ;;
      counts) label="query: open requests counted per agency" ;;
    esac
    a50=$(val "$S/$c/1M" p50-ms)
    a99=$(val "$S/$c/1M" p99-ms)
    b50=$(val "$S/$c/1k" p50-ms)
    b99=$(val "$S/$c/1k" p99-ms)
    n=$(val "$S/$c/1M" runs)
    iters=$(awk -v n="$S/$c/1M" '$1 ~ "^"n"-[0-9]+$" { print $2; exit }' "$raw")
    sizes="1M vs 1k submissions"
    [ "$c" = counts ] && sizes="100,000 vs 100 requests"
    row " $label: $sizes (${iters:-?} ops) " " $(msec "$a50") / $(msec "$a99") " " $(msec "$b50") / $(msec "$b99") " " $(ratio "$a99" "$b99") " " p99 < 50 " " $(met "$a99" '<' 50) "
  done
  echo
  echo "Rows per query at 1M: $(num "$(val "$S/pair/1M" rows/op)" 0) versions for one agency and obligation;"
  echo "open requests counted for $(num "$(val "$S/counts/1M" agencies/op)" 0) agencies. Reminders planned per day: $(num "$(val "$L/day/synthetic" reminders/day)" 0)"
  echo "(shipped: $(num "$(val "$L/day/shipped" reminders/day)" 1)); deadline-table rows: $(num "$(val "$L/table/synthetic" rows)" 0) (shipped: $(num "$(val "$L/table/shipped" rows)" 0))."
  echo

  echo "## 13. Memory"
  echo
  echo "Resident size (VmRSS from /proc, MiB) of the real binary (\`go build\`) with its defaults (embedded Redis, SQLite file),"
  echo "run as a child process against the in-process fake Bot API. The **baseline** is a minimal tgbotapi bot built in the"
  echo "same run (\`miniBot\` in memory_bench_test.go) that answers every text and streams every document to disk."
  echo "The 1 GiB file goes through the download path of a local Bot API server (no 20 MB limit;"
  echo "\`storage.max_file_size_mb: 2000\`) into the archive, and is checked by its size and SHA-256 afterwards."
  echo
  row " figure " " fwbot " " baseline (minimal tgbotapi bot) " " ratio " " target " " target met "
  row "---" "---:" "---:" "---:" "---" "---"
  for m in idle-MB after10k-MB archive-peak-MB peak10k-MB after10k-file-MB after10k-anon-MB heap-live-MB heap-goal-MB sqlite-conns archive-delta-MB archive-s; do
    a=$(val "$M/bot" "$m")
    b=$(val "$M/baseline" "$m")
    d=1
    r=$(ratio "$a" "$b")
    case $m in
      idle-MB) label="resident, idle (connected, polling), MiB"; target="< 40"; ok=$(met "$a" '<' 40) ;;
      after10k-MB) label="resident after 10,000 updates, MiB"; target="< 40"; ok=$(met "$a" '<' 40) ;;
      archive-peak-MB) label="peak resident while archiving 1 GiB, MiB"; target="< 64"; ok=$(met "$a" '<' 64) ;;
      peak10k-MB) label="peak resident up to 10,000 updates (VmHWM), MiB"; target="—"; ok="" ;;
      after10k-file-MB) label="of the resident after 10,000 updates: binary and library pages (RssFile), MiB"; target="—"; ok="" ;;
      after10k-anon-MB) label="of the resident after 10,000 updates: anonymous memory (RssAnon), MiB"; target="—"; ok="" ;;
      archive-delta-MB) label="growth while archiving 1 GiB, MiB"; target="—"; ok=""; d=2; r="—" ;;
      heap-live-MB) label="Go heap live after 10,000 updates (gctrace, whole MB), MB"; target="—"; ok=""; d=0; r="—" ;;
      heap-goal-MB) label="Go heap goal after 10,000 updates (gctrace, whole MB), MB"; target="—"; ok=""; d=0; r="—" ;;
      sqlite-conns) label="SQLite connections open after 10,000 updates"; target="—"; ok=""; d=0; r="—" ;;
      archive-s) label="time to archive 1 GiB, s"; target="—"; ok="" ;;
    esac
    row " $label " " $(num "$a" "$d") " " $(num "$b" "$d") " " $r " " $target " " $ok "
  done
  echo

  echo "## 15. The register"
  echo
  echo "Issue 15 item 7. **Import**: a 7.3 list of 100,000 rows as an office makes it (a title row, text and serial dates,"
  echo "one row in a hundred with an impossible date, a total row; \`benchList\` in register_bench_test.go, 6.7 MB), read by"
  echo "\`xlsx.OpenList\` and \`work.ImportList\` into a SQLite file, the cross-checks after it included, in a child process"
  echo "of its own (the test binary) whose peak resident size (VmHWM) is its own. The **baseline** is the same file read"
  echo "row by row by excelize alone (\`OpenFile\`, \`Rows\`, \`Columns\`), in its own child process of the same binary."
  echo "**Search and cross-checks**: a register of 200,000 people (a work permit each in 7.3, a residence card for every"
  echo "other one in 8.8, 500 employers of which 450 are in 11.2: 300,450 rows). /find is \`work.Find\` in its write"
  echo "transaction (its audit row included), 400 queries of each kind; the baseline is one indexed lookup of a row by"
  echo "passport in a read transaction. The cross-checks are \`work.CrossChecks\` over the whole register; the baseline is"
  echo "the bare walk of the same rows (\`EachFact\`)."
  echo
  row " figure " " fwbot " " baseline " " ratio " " target " " target met "
  row "---" "---:" "---:" "---:" "---" "---"
  ri=$(val "$R"Import/import s/import)
  rb=$(val "$R"Import/excelize s/import)
  row " 100,000-row import, s (baseline: bare excelize read)$(spread "$R"Import/import s/import 1) " " $(num "$ri" 1) " " $(num "$rb" 1) " " $(ratio "$ri" "$rb") " " — " " "
  rm=$(val "$R"Import/import peak-MB max)
  row " peak resident during the import, MiB (baseline: bare excelize read) " " $(num "$rm" 1) " " $(num "$(val "$R"Import/excelize peak-MB max)" 1) " " $(ratio "$rm" "$(val "$R"Import/excelize peak-MB max)") " " < 64 " " $(met "$rm" '<' 64) "
  bare=$(val "$R"Search/bare-by-id p99-ms)
  for k in passport tax-code name; do
    p99=$(val "$R"Search/$k p99-ms)
    target="—"; ok=""
    if [ "$k" = passport ]; then target="< 50 ms"; ok=$(met "$p99" '<' 50); fi
    row " /find by $k over 200,000 people: p99, ms (p50 $(msec "$(val "$R"Search/$k p50-ms)")) " " $(msec "$p99") " " $(msec "$bare") " " $(ratio "$p99" "$bare") " " $target " " $ok "
  done

  cc=$(val "$R"CrossChecks/checks ns/op)
  cw=$(val "$R"CrossChecks/bare-walk ns/op)
  row " full cross-check run over 300,450 rows, s (baseline: bare walk) " " $(num "$(awk -v x="$cc" 'BEGIN { if (x != "") print x / 1e9 }')" 2) " " $(num "$(awk -v x="$cw" 'BEGIN { if (x != "") print x / 1e9 }')" 2) " " $(ratio "$cc" "$cw") " " — " " "
  echo
  echo "A name is searched by scanning the folded names (\`LIKE\`), not an index: it is the slow kind, and the one a"
  echo "full-text index (SQLite FTS5) would speed up if a province's register outgrows it."
  echo

  echo "## Why targets were missed"
  echo
  echo "Printed only for targets missed in this run. The causes come from CPU profiles taken when these notes were"
  echo "written (\`go test -cpuprofile\` on the same benchmarks) and from the figures above; profile again after changing the code."
  echo
  any=""
  for t in bot bot-redis; do
    tp=$(val "$U/$t" updates/s)
    if [ "$(met "$tp" '>=' 2000)" = "**missed**" ]; then
      any=1
      echo "- **10, $t: throughput.** $(num "$tp" 0) updates/s. Profile the throughput phase (\`-cpuprofile\`): when these"
      echo "  notes were written the cost of an update was mostly SQLite (the INSERTs of the handled mark and the reply, and"
      echo "  the shared COMMIT) and the Redis calls; the outbox sender and the fake Bot API share the two cores."
    fi
    if [ "$(met "$(val "$U/$t" p99-ms)" '<' 10)" = "**missed**" ]; then
      any=1
      echo "- **10, $t: p99 at 2,000 updates/s.** p50 $(num "$(val "$U/$t" p50-ms)" 1) ms, p99 $(num "$(val "$U/$t" p99-ms)" 1) ms, against $(num "$(val "$U/$t" seq-p50-ms)" 1) / $(num "$(val "$U/$t" seq-p99-ms)" 1) ms"
      echo "  one at a time. At this rate getUpdates batches hold one to a few updates and are handled in under a"
      echo "  millisecond, so the slowest percent is made of stalls. Traced when these notes were written, they came with"
      echo "  garbage collections (one every 0.3 s or so here: the fake Bot API and the load generator share the process"
      echo "  and its heap) and, before the checkpoint was moved out of the commit and made every 5 s, with WAL checkpoints."
      echo "  Another process on the machine shows the same way: there are two cores."
    fi
  done
  n429=$(awk -v a="$(val "$P/group100" 429s)" -v b="$(val "$P/groups30x20" 429s)" 'BEGIN { print a + b }')
  if [ "$n429" != 0 ] || [ "$(met "$(val "$P/group100" ratio)" '<=' 1.10)" != met ] || [ "$(met "$(val "$P/groups30x20" ratio)" '<=' 1.10)" != met ]; then
    any=1
    echo "- **11, pacing.** A 429 means a message arrived within a limit's window: the sender times a message when it"
    echo "  starts it, Telegram (and the fake) when it arrives, and \`margin\` in bot/pace.go pads every window for that"
    echo "  jitter; each 429 also delays its message by retry_after (1 s or more), which lengthens the burst."
  fi
  if [ "$(met "$(val "$S/status/1M" p99-ms)" '<' 50)" != met ] || [ "$(met "$(val "$S/weekly/1M" p99-ms)" '<' 50)" != met ]; then
    any=1
    echo "- **12, /status and the weekly digest.** p99 $(num "$(val "$S/status/1M" p99-ms)" 1) ms and $(num "$(val "$S/weekly/1M" p99-ms)" 1) ms at 1M. Both read only the tracked"
    echo "  periods, without files; the weekly digest asks one question per obligation (who submitted which tracked"
    echo "  period, from the (obligation, period, version, agency) index). Profile them again (\`-cpuprofile\`) to see what grew."
  fi
  if [ "$(met "$(val "$M/bot" after10k-MB)" '<' 40)" != met ] || [ "$(met "$(val "$M/bot" idle-MB)" '<' 40)" != met ]; then
    any=1
    echo "- **13, resident size after 10,000 updates.** Of its $(num "$(val "$M/bot" after10k-MB)" 1) MiB, $(num "$(val "$M/bot" after10k-file-MB)" 1) MiB are pages of the binary and"
    echo "  libraries (RssFile) and $(num "$(val "$M/bot" after10k-anon-MB)" 1) MiB anonymous memory (RssAnon). The Go heap, the embedded Redis's"
    echo "  data included, is $(num "$(val "$M/bot" heap-live-MB)" 0) MB live and $(num "$(val "$M/bot" heap-goal-MB)" 0) MB at its next collection (gctrace): with the default"
    echo "  GOGC=100 the heap grows to twice the live data before it is collected. The rest of the anonymous memory is"
    echo "  the runtime (goroutine stacks, GC metadata, freed spans not yet returned) and C memory, SQLite's page cache"
    echo "  (up to 2 MiB per connection; $(num "$(val "$M/bot" sqlite-conns)" 0) open). The 1 GiB archive, by contrast, is streamed: it adds"
    echo "  $(num "$(val "$M/bot" archive-delta-MB)" 2) MiB."
    echo "  Bisected on 2026-12-07 (git bisect over this benchmark's file-backed figure): it was 15.5 MiB at ad66b69, when"
    echo "  every target was met, and rose to 26–29 MiB with 144110d, the commit that linked excelize into the binary for"
    echo "  /export (its package init alone is 180 KB of code building large tables); the register and the later features"
    echo "  took it to the figure above. Not fixed yet: keeping the spreadsheet code out of the long-running process (or"
    echo "  its init lazy) is the lead."
  fi
  [ -z "$any" ] && echo "Every target was met."
  echo

  echo "## What earlier runs changed"
  echo
  echo "Figures of earlier runs of this script, on earlier commits (the figures above are this run's):"
  echo
  echo "- **10.** The run before these changes measured 990 updates/s with the embedded Redis and a p99 at 2,000/s of"
  echo "  24 ms with redis-server (1,461 ms with the embedded one, which could not keep up). Then, in turn: the embedded Redis"
  echo "  expires keys from a ticker instead of before every command (miniredis's ClockTTL walked every key each time);"
  echo "  the outbox sender keeps chats ordered instead of sorting them on every wake-up; the poller saves the offset at"
  echo "  most once a second; group commit (updates queued for the writer share a transaction, each in a savepoint);"
  echo "  Redis is asked once per batch, not three times per update; the WAL is checkpointed in the background;"
  echo "  reads outside View use the read pool; go-sqlite3's statement cache is on; the outbox sender reads the store"
  echo "  at most every 5 ms; fewer copies of each update. The fake Bot API itself copied its whole queue at every"
  echo "  confirmation (and, for a bot that sets allowed_updates, at every getUpdates): that garbage, collected in the"
  echo "  bot's process, stalled the bot under test; it no longer does (the echo loop uses the same fake)."
  echo "- **12.** The same run measured /status at p99 338 ms and the weekly digest at 9.6 s over 1M submissions:"
  echo "  both read every version of every period ever submitted, with files. They now read the tracked periods only,"
  echo "  without files; who submitted which period comes from a new (obligation, period, version, agency) index, one"
  echo "  query per obligation for the digests; open requests are counted from two covering indexes."
  echo "- **11, 13.** A 2 % + 20 ms margin on every pacing window (216 429s before), a single SQLite writer"
  echo "  connection (18 were open) and a 20 MiB soft memory limit in \`main\` came from the first runs."
  echo

  echo "## Reading the figures"
  echo
  echo "- Benchmarks share the machine with the fake Bot API they talk to (in-process, or the parent of the child process)."
  echo "- Each figure is one run unless a range is shown (median, with min–max)."
  echo "- Targets are checked here only; no unit test times anything. Raw \`go test\` output: \`.bench/raw.txt\`."
} >"$out"

echo "wrote $out" >&2

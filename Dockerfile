# The bot's image: a builder with the Go toolchain and a C compiler (SQLite
# is github.com/mattn/go-sqlite3, which needs cgo), then a small Debian
# runtime. distroless/cc would also run a cgo binary, but it has no shell
# to make a /data owned by the bot's user; bookworm-slim is glibc of the
# same release as the builder.
#
#   docker build -t fwbot .
#   docker run -d --read-only --tmpfs /tmp -v fwbot-data:/data \
#     -e TELEGRAM_BOT_TOKEN=… -p 127.0.0.1:9090:9090 fwbot
#
# compose.yaml runs it beside Redis; see README "Deploying".

ARG GO_VERSION=1.26
FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
# Modules first, so that a change in the code does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ENV CGO_ENABLED=1
RUN go build -trimpath -ldflags "-s -w" -o /out/fwbot . \
    && /out/fwbot help >/dev/null

FROM debian:bookworm-slim
# ca-certificates for api.telegram.org and rediss://; tzdata for the logs'
# local time (the bot's own Asia/Ho_Chi_Minh is built into the binary).
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/*
# A fixed uid, so that a bind-mounted /data can be chowned to it beforehand
# (chown -R 10001:10001 DIR). A new named volume takes /data's owner from here.
RUN groupadd --system --gid 10001 fwbot \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin fwbot \
    && mkdir -p /data/files \
    && chown -R 10001:10001 /data \
    && chmod 0700 /data
COPY --from=build /out/fwbot /usr/local/bin/fwbot
# The repository's configuration; mount another over it to change agencies,
# holidays or pacing (compose.yaml shows how).
COPY config.yaml /etc/fwbot/config.yaml
ENV BOT_CONFIG=/etc/fwbot/config.yaml \
    BOT_DB_PATH=/data/fwbot.db \
    BOT_FILES_DIR=/data/files \
    BOT_METRICS_LISTEN=0.0.0.0:9090
# The SQLite database (with its -wal) and the file archive: everything the
# bot keeps. The root file system can be read-only (docker run --read-only).
VOLUME /data
WORKDIR /data
USER 10001:10001
# /healthz, /readyz and /metrics: publish it on loopback only
# (-p 127.0.0.1:9090:9090); it has no password.
EXPOSE 9090
# SIGTERM stops polling and drains the outbox for up to
# outbox.drain_timeout (10s): give docker stop more than that
# (docker stop -t 30; compose.yaml sets stop_grace_period).
STOPSIGNAL SIGTERM
# No curl in the image: the binary asks its own /healthz (on
# BOT_METRICS_LISTEN, asked on loopback) and exits 0 or 1.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/fwbot", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/fwbot"]
CMD ["run"]

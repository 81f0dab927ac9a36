#!/usr/bin/env bash
# Stops the embedded PostgreSQL servers whose JVM is gone (a test JVM that PIT or a CI time-out killed leaves its
# server running) and removes their data directories. A server belongs to a live JVM while that JVM holds its data
# directory's epg-lock file open (io.zonky's EmbeddedPostgres keeps it locked for the server's lifetime); every
# server's parent is pid 1 (pg_ctl daemonizes it), so the parent tells nothing. EmbeddedPostgres does the same on its
# own start, but only for directories older than ten minutes: run this before measuring anything after a long run.
set -euo pipefail

tmp="${TMPDIR:-/tmp}"
held=$(ls -l /proc/[0-9]*/fd 2>/dev/null | grep -o '/[^ ]*/epg-lock$' | sort -u || true)
stopped=0
for dir in "$tmp"/epg*/; do
  lock="${dir}epg-lock"
  pidfile="${dir}postmaster.pid"
  [ -f "$lock" ] && [ -f "$pidfile" ] || continue
  if grep -qxF "$lock" <<<"$held"; then
    continue
  fi
  pid=$(head -1 "$pidfile")
  if kill -INT "$pid" 2>/dev/null; then
    # a fast shutdown takes milliseconds; wait up to 10 s before leaving the directory to the next run
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -rf "$dir"
    stopped=$((stopped + 1))
    echo "stopped orphaned PostgreSQL $pid ($dir)"
  fi
done
echo "$stopped orphaned embedded PostgreSQL server(s) stopped"

#!/usr/bin/env bash
# Local mode: builds once, then starts the whole system in one JVM on port 8080
# (embedded PostgreSQL, embedded Temporal on 127.0.0.1:7233, workers, api, sandbox providers).
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -DskipTests package
exec java -jar local/target/local-0.1.0-SNAPSHOT.jar "$@"

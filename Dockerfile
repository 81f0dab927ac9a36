# syntax=docker/dockerfile:1.7
#
# One file, three images:
#   docker buildx build --platform linux/amd64 --target api        -t salesbooking-api .
#   docker buildx build --platform linux/amd64 --target worker     -t salesbooking-worker .
#   docker buildx build --platform linux/amd64 --target migrations -t salesbooking-migrations .
# BuildKit is required (cache mount below); Docker 23+ uses it by default.
# --platform linux/amd64: Azure Container Apps runs amd64 only; on an ARM laptop (Apple silicon) an image built
# without it is arm64 and does not start there. The build stage runs natively anyway (see below).
#
# Base images: Eclipse Temurin 17 on Ubuntu 24.04 (noble), pinned to one JDK update for
# reproducible builds. Bump JDK and JRE together.
ARG JDK_IMAGE=eclipse-temurin:17.0.20_8-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:17.0.20_8-jre-noble

# ---------------------------------------------------------------------------------------------
# build: compiles the reactor once, then lays the three applications out in /out
# ---------------------------------------------------------------------------------------------
# --platform=$BUILDPLATFORM: bytecode and jars are the same on every platform, so Maven runs natively on the
# builder (no emulation on an ARM laptop); only the runtime stages below take the target platform.
FROM --platform=$BUILDPLATFORM ${JDK_IMAGE} AS build
WORKDIR /src

# the wrapper and the poms first: a source-only change keeps these layers
COPY mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml ./
COPY migrations/pom.xml migrations/
COPY workflows/pom.xml workflows/
COPY platform/pom.xml platform/
COPY providers/pom.xml providers/
COPY store/pom.xml store/
COPY activities/pom.xml activities/
COPY api/pom.xml api/
COPY worker/pom.xml worker/
COPY local/pom.xml local/
COPY migrations/src/ migrations/src/
COPY workflows/src/ workflows/src/
COPY platform/src/ platform/src/
COPY providers/src/ providers/src/
COPY store/src/ store/src/
COPY activities/src/ activities/src/
COPY api/src/ api/src/
COPY worker/src/ worker/src/

# ~/.m2 (the Maven distribution the wrapper fetches and every dependency) lives in a BuildKit cache
# mount, so a rebuild downloads nothing. -DskipTests compiles the tests but does not run them (CI
# runs them); -Dmaven.test.skip would break the test-jar that api depends on in test scope.
# The module `local` (embedded PostgreSQL, test server) is not built: no image contains it, and the
# migrations classpath leaves out the optional embedded PostgreSQL (80 MB of binaries for local mode).
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    chmod +x mvnw \
 && ./mvnw -B -ntp -pl api,worker,migrations -am package -DskipTests \
 && ./mvnw -B -ntp -pl migrations dependency:copy-dependencies \
        -DincludeScope=runtime \
        -DexcludeGroupIds=io.zonky.test,io.zonky.test.postgres \
        -DoutputDirectory=/out/migrations/lib

# Spring Boot layers (dependencies change rarely, the application on every commit): each becomes
# its own image layer below, so a code change ships a few hundred KB instead of the 170 MB jar.
RUN java -Djarmode=tools -jar api/target/api-*-exec.jar extract --layers --launcher --destination /out/api \
 && java -Djarmode=tools -jar worker/target/worker-*-exec.jar extract --layers --launcher --destination /out/worker \
 && cp migrations/target/migrations-*[0-9T].jar /out/migrations/migrations.jar
# (the glob ends in a digit or the T of SNAPSHOT: the plain jar, never a -sources or -tests jar)

# ---------------------------------------------------------------------------------------------
# runtime-base: JRE, an unprivileged user, JVM flags for a container
# ---------------------------------------------------------------------------------------------
FROM ${JRE_IMAGE} AS runtime-base

# The Temurin noble images ship curl (used by HEALTHCHECK below); fail the build loudly if a
# future base image drops it, instead of shipping a health check that can never pass.
# uid/gid 10001: outside the range of the image's own users (ubuntu is 1000), numeric so that
# runAsNonRoot-style policies can verify it.
RUN command -v curl >/dev/null \
 && groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

# MaxRAMPercentage=70: heap gets 70% of the container memory limit; the remaining 30% holds
#   metaspace, thread stacks (Temporal's workflow threads) and gRPC/Netty direct buffers.
# InitialRAMPercentage=50: the heap starts at half its maximum, so start-up does not pay for repeated growth.
# ExitOnOutOfMemoryError: a replica that ran out of heap exits and the platform restarts it,
#   rather than limping on with half-dead threads.
# JDK_JAVA_OPTIONS is read by the java launcher only (not by jcmd/jstack attached for diagnosis).
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=70 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError" \
    TZ=UTC
# TZ=UTC: the JVM's default zone; the code names zones explicitly, this only keeps logs in UTC
WORKDIR /app

# ---------------------------------------------------------------------------------------------
# api: public HTTP api on PORT (8080); actuator (probes, metrics) on MANAGEMENT_PORT (9090), which no
# ingress or published port should expose
# ---------------------------------------------------------------------------------------------
FROM runtime-base AS api
COPY --from=build --chown=root:root /out/api/dependencies/ ./
COPY --from=build --chown=root:root /out/api/spring-boot-loader/ ./
COPY --from=build --chown=root:root /out/api/snapshot-dependencies/ ./
COPY --from=build --chown=root:root /out/api/application/ ./
USER 10001:10001
# 9090: the management port azure/modules/apps.bicep probes (apiManagementPort); api application.yml reads it
ENV PORT=8080 \
    MANAGEMENT_PORT=9090
EXPOSE 8080 9090
# Docker / compose only: Azure Container Apps ignores HEALTHCHECK and uses the probes in azure/.
# 30 s interval: cheap enough to leave running; 5 s timeout: the liveness group has no I/O;
# 90 s start period: Spring + the Temporal client start in 15-40 s on one vCPU; 3 retries = 90 s of
# consecutive failures before the container is marked unhealthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${MANAGEMENT_PORT}/actuator/health/liveness" || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]

# ---------------------------------------------------------------------------------------------
# worker: Temporal workers; PORT (8081) serves probes and metrics only (the worker's management port
# is its only port unless MANAGEMENT_PORT is set: it has no ingress)
# ---------------------------------------------------------------------------------------------
FROM runtime-base AS worker
COPY --from=build --chown=root:root /out/worker/dependencies/ ./
COPY --from=build --chown=root:root /out/worker/spring-boot-loader/ ./
COPY --from=build --chown=root:root /out/worker/snapshot-dependencies/ ./
COPY --from=build --chown=root:root /out/worker/application/ ./
USER 10001:10001
ENV PORT=8081
EXPOSE 8081
# same timings and reasons as the api image
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/actuator/health/liveness" || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]

# ---------------------------------------------------------------------------------------------
# migrations: one-shot run (azure/scripts/migrate.sh): Liquibase (DATABASE_URL / DATABASE_USERNAME /
# DATABASE_PASSWORD), then, when APP_DATABASE_USERNAME is set, the apps' least-privilege role with psql
# (azure/scripts/app-role.sql); exits 0 when both are done
# ---------------------------------------------------------------------------------------------
FROM runtime-base AS migrations
# psql for the role step: Ubuntu noble's client is PostgreSQL 16 (\getenv needs >= 15, sslrootcert=system
# >= 16) and speaks to servers 13-17; --no-install-recommends: the client only, none of the suggested extras
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build --chown=root:root /out/migrations/ ./
COPY --chown=root:root --chmod=0755 azure/scripts/migrate.sh ./migrate.sh
COPY --chown=root:root --chmod=0644 azure/scripts/app-role.sql ./app-role.sql
USER 10001:10001
# a one-shot command has nothing to probe; its exit code is the health signal
HEALTHCHECK NONE
ENTRYPOINT ["/app/migrate.sh"]

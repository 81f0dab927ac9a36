package com.salesbooking.local.webhook;

import com.salesbooking.local.bench.BenchmarkSystem;
import com.salesbooking.local.bench.LoadDriver;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Webhook acknowledgement latency and throughput, in one run: local mode (embedded PostgreSQL, the Temporal
 * service, workers, api on a random loopback port), then bursts of {@value #BURST} single-notification POSTs from
 * {@value #SENDERS} concurrent senders to {@code /v1/webhooks/graph} (verify, insert the job, 202, hand-off after
 * the response) and, as the baseline, to {@code /dev/bench/ack} in the same server (read the body, 202). Not a test:
 *
 * <pre>
 * ./mvnw -B -o -q install -DskipTests -Dspring-boot.repackage.skip=true
 * ./mvnw -B -o -q -pl local exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.salesbooking.local.webhook.WebhookBenchmark
 * </pre>
 * Bounded by a request count per burst and a wall-clock limit per scenario; loopback only.
 */
public final class WebhookBenchmark {

    static final int BURST = 1_000;
    static final int SENDERS = 32;
    static final int WARM_UP = 300;
    static final int ROUNDS = 3;
    /** A scenario stops early past this, on a slow machine, and says how many requests it measured. */
    static final Duration LIMIT = Duration.ofSeconds(60);

    static final String ANNA = "a0000000-0000-4000-8000-000000000101";

    public static void main(String[] args) {
        BenchmarkSystem.runAndExit(system -> {
            JdbcClient jdbc = system.context().getBean(JdbcClient.class);
            Map<String, Object> sub = awaitSubscription(jdbc);
            String base = system.baseUrl();
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

            run(http, base + "/v1/webhooks/graph", sub, WARM_UP);
            run(http, base + "/dev/bench/ack", sub, WARM_UP);
            List<Result> results = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                results.add(run(http, base + "/dev/bench/ack", sub, BURST)
                        .named("bare 202 (/dev/bench/ack), burst " + round));
                results.add(run(http, base + "/v1/webhooks/graph", sub, BURST)
                        .named("webhook (/v1/webhooks/graph), burst " + round));
            }
            System.out.printf(
                    "%nWebhook acknowledgement: %d single-notification POSTs per burst, %d concurrent senders, loopback%n",
                    BURST, SENDERS);
            System.out.printf(
                    "%-45s %8s %8s %9s %9s %9s %10s%n",
                    "scenario", "requests", "non-202", "p50 ms", "p99 ms", "max ms", "req/s");
            for (Result r : results) {
                System.out.printf(
                        "%-45s %8d %8d %9.2f %9.2f %9.2f %10.0f%n",
                        r.name,
                        r.latenciesNanos.size(),
                        r.errors,
                        r.percentile(50),
                        r.percentile(99),
                        r.percentile(100),
                        r.throughput());
            }
            long queued = jdbc.sql("SELECT count(*) FROM webhook_jobs")
                    .query(Long.class)
                    .single();
            Thread.sleep(3000);
            long stillQueued = jdbc.sql("SELECT count(*) FROM webhook_jobs WHERE status = 'queued'")
                    .query(Long.class)
                    .single();
            System.out.printf(
                    "jobs stored: %d; still queued 3 s after the last burst (not yet handed to Temporal): %d%n",
                    queued, stillQueued);
        });
    }

    static Map<String, Object> awaitSubscription(JdbcClient jdbc) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> rows = jdbc.sql("""
                            SELECT id, client_state FROM graph_subscriptions WHERE salesperson_id = ?::uuid AND status = 'active'""").param(ANNA).query().listOfRows();
            if (!rows.isEmpty()) {
                return rows.get(0);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Anna's subscription was not created within 30 s");
    }

    static String body(Map<String, Object> sub) {
        String eventId = "AAMk-bench-" + UUID.randomUUID();
        String resource = "Users/anna.berlin@acme.example/Events/" + eventId;
        return """
                {"value":[{"subscriptionId":"%s","subscriptionExpirationDateTime":"2027-03-08T07:45:00.0000000Z",
                "clientState":"%s","changeType":"updated","resource":"%s",
                "resourceData":{"@odata.type":"#Microsoft.Graph.Event","@odata.id":"%s","@odata.etag":"W/\\"DwAAABYAAAA\\"","id":"%s"},
                "tenantId":"acme-m365-tenant"}]}""".formatted(sub.get("id"), sub.get("client_state"), resource, resource, eventId);
    }

    /** {@code count} POSTs from {@value #SENDERS} senders, each sending its next one when the last is answered. */
    static Result run(HttpClient http, String url, Map<String, Object> sub, int count) throws Exception {
        // the notifications are built before the clock starts, as every harness's requests are
        List<HttpRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(sub)))
                    .build());
        }
        LoadDriver.Level level = LoadDriver.closedLoop(
                SENDERS,
                requests,
                LIMIT,
                request -> http.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 202);
        return new Result("", level.latenciesNanos(), level.errors(), level.elapsedNanos());
    }

    record Result(String name, List<Long> latenciesNanos, int errors, long elapsedNanos) {
        Result named(String n) {
            return new Result(n, latenciesNanos, errors, elapsedNanos);
        }

        double percentile(int p) {
            if (latenciesNanos.isEmpty()) {
                return Double.NaN;
            }
            List<Long> sorted = new ArrayList<>(latenciesNanos);
            Collections.sort(sorted);
            int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
            return sorted.get(Math.max(0, index)) / 1e6;
        }

        double throughput() {
            return latenciesNanos.size() / (elapsedNanos / 1e9);
        }
    }
}

package com.salesbooking.local.bench;

import com.salesbooking.providers.sandbox.SandboxMailbox;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Size of {@code /actuator/prometheus} as bookings accumulate, in local mode (api, workers and the Temporal SDK's
 * metrics in one registry, the worst case: production splits them over two processes). Places full bookings (hold,
 * verification email, confirm: Zoom meeting, Outlook event, confirmation email) on the sandbox providers, and after
 * each checkpoint waits for the SDK's metric report (every 10 s) before scraping. The target: under 200 KB after
 * 1,000 bookings and no growth per booking (every series is per operation, activity or outcome, never per booking).
 * Not a test. Run (checkpoints as arguments, default 100 300):
 * <pre>
 * ./mvnw -B -q install -DskipTests -Dspring-boot.repackage.skip=true
 * ./mvnw -B -q -pl local exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.salesbooking.local.bench.ScrapeSizeBenchmark -Dexec.args="100 300 1000"
 * </pre>
 */
public final class ScrapeSizeBenchmark {

    /** Concurrent customers: enough to keep 2 cores busy, few enough not to time out on them. */
    static final int CLIENTS = 8;
    /** The SDK pushes its measurements into Micrometer every 10 s (TemporalSdkMetrics.REPORT_EVERY). */
    static final Duration SDK_REPORT = Duration.ofSeconds(12);

    private static final Pattern TOKEN = Pattern.compile("token=([^\\s&]+)");

    private ScrapeSizeBenchmark() {}

    public static void main(String[] args) {
        int[] checkpoints = args.length == 0
                ? new int[] {100, 300}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        BenchmarkSystem.runAndExit(system -> {
            ConfigurableApplicationContext context = system.context();
            HoldBenchmark.SlotSupply slots = new HoldBenchmark.SlotSupply(context.getBean(JdbcClient.class));
            SandboxMailbox mailbox = context.getBean(SandboxMailbox.class);
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String base = system.baseUrl();

            List<String> rows = new ArrayList<>();
            Thread.sleep(SDK_REPORT.toMillis());
            rows.add(row(0, 0, scrape(http, base)));
            int done = 0;
            int failed = 0;
            for (int checkpoint : checkpoints) {
                failed += book(http, base, slots, mailbox, checkpoint - done);
                done = checkpoint;
                Thread.sleep(SDK_REPORT.toMillis());
                String scrape = scrape(http, base);
                rows.add(row(done, failed, scrape));
                // -Dscrape.dump=/tmp/scrape.txt keeps the last scrape for reading
                if (System.getProperty("scrape.dump") != null) {
                    java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty("scrape.dump")), scrape);
                }
            }
            System.out.printf("%n/actuator/prometheus of local mode (api + worker + Temporal SDK in one registry)%n");
            System.out.printf("%8s %8s %10s %8s%n", "bookings", "failed", "bytes", "series");
            rows.forEach(System.out::println);
        });
    }

    private static String row(int bookings, int failed, String scrape) {
        long series =
                scrape.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
        return String.format(
                "%8d %8d %10d %8d", bookings, failed, scrape.getBytes(StandardCharsets.UTF_8).length, series);
    }

    /** Places {@code n} confirmed bookings; returns how many did not end confirmed. */
    private static int book(HttpClient http, String base, HoldBenchmark.SlotSupply slots, SandboxMailbox mailbox, int n)
            throws Exception {
        List<HoldBenchmark.Slot> work = slots.take(n);
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (HoldBenchmark.Slot slot : work) {
                calls.add(pool.submit(() -> {
                    try {
                        if (!confirm(http, base, slot, mailbox)) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return failed.get();
    }

    private static boolean confirm(HttpClient http, String base, HoldBenchmark.Slot slot, SandboxMailbox mailbox)
            throws Exception {
        String email = "scrape-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> hold = post(http, base + "/v1/public/acme/holds", """
                {"salesperson_id":"%s","start_at":"%s","end_at":"%s","customer":{"email":"%s","name":"Pat"}}""".formatted(
                        slot.salesperson(), slot.start(), slot.start().plus(Duration.ofHours(1)), email));
        if (hold.statusCode() != 201) {
            return false;
        }
        Matcher id = Pattern.compile("\"booking_id\":\"([^\"]+)\"").matcher(hold.body());
        if (!id.find()) {
            return false;
        }
        if (post(http, base + "/v1/public/acme/auth/verify-email", "{\"booking_id\":\"" + id.group(1) + "\"}")
                        .statusCode()
                != 200) {
            return false;
        }
        String token = null;
        for (SandboxMailbox.SentMail mail : mailbox.outbox(email)) {
            for (String link : mail.links()) {
                Matcher m = TOKEN.matcher(link);
                if (link.contains("/verify?token=") && m.find()) {
                    token = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
                }
            }
        }
        return token != null
                && post(http, base + "/v1/public/acme/confirm", "{\"token\":\"" + token + "\"}")
                                .statusCode()
                        == 200;
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String scrape(HttpClient http, String base) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
